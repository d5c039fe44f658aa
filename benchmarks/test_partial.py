"""Checks of `polnear_partial` (the classes of partly-covered misses) on hand-made inputs, no corpus.

Run with `PYTHONPATH=. python -m pytest benchmarks/` (not collected by `make test`).
"""

from __future__ import annotations

import re
from typing import Any

from common import Attribution, PolnearArticle, content_words
from polnear_partial import classify, gold_position, half_of

TEXT = (
    "Clinton said Sanders had attacked her on the Wall Street speeches last winter in Iowa. "
    "Rivals reaffirmed their opposition to the trade deal, underscoring party divisions over a nominee "
    "who spent the campaign attacking members of the party and the unions."
)


def _gold(content: str, source: str, cue: str) -> Attribution:
    return Attribution("a1", content, source, cue, TEXT.index(content))


def _statement(text: str, speaker: str) -> tuple[set[str], str, dict[str, Any]]:
    sentence = next(s for s in re.findall(r"[^.]+\.", TEXT) if text in s).strip()
    return (
        content_words(text),
        speaker,
        {"text": text, "cue": "said", "start": TEXT.index(sentence), "evidence": sentence},
    )


def _classes(gold: list[Attribution], mine: list[tuple[set[str], str, dict[str, Any]]]) -> dict[str, str]:
    article = PolnearArticle("a1", TEXT, "a1_x.ann", gold)
    _, rows = classify({"a1": mine}, [article], {"a1": TEXT})
    return {row["gold"]: row["class"] for row in rows}


def test_a_gold_inside_a_matched_statement_is_nested() -> None:
    outer = _gold("Sanders had attacked her on the Wall Street speeches last winter in Iowa", "Clinton", "said")
    inner = _gold("her on the Wall Street speeches", "Sanders", "attacked")
    found = _classes([outer, inner], [_statement(outer.content, "Clinton")])
    assert found == {inner.content: "nested-inner"}


def test_a_short_gold_in_a_long_statement_is_too_long() -> None:
    gold = _gold("their opposition", "Rivals", "reaffirmed")
    long = "their opposition to the trade deal, underscoring party divisions over a nominee who spent the campaign attacking members of the party and the unions"
    assert _classes([gold], [_statement(long, "Rivals")]) == {gold.content: "too long"}


def test_words_recurring_in_another_sentence_cover_nothing() -> None:
    gold = _gold("party divisions over a nominee", "Rivals", "underscoring")
    # The first sentence shares no place with the gold; its words are not the gold's.
    elsewhere = _statement("Sanders had attacked her on the Wall Street speeches last winter in Iowa", "Clinton")
    elsewhere[0].update({"party", "nominee"})
    assert _classes([gold], [elsewhere]) == {gold.content: "elsewhere"}


def test_boundaries_that_cross_are_other() -> None:
    gold = _gold("Rivals reaffirmed their opposition to the trade deal, underscoring party divisions", "", "")
    crossing = "underscoring party divisions over a nominee who spent the campaign attacking members of the party and the unions"
    assert _classes([gold], [_statement(crossing, "Rivals")]) == {gold.content: "other"}


def test_the_gold_is_found_nearest_its_corpus_offset() -> None:
    text = "He said no. Later he said no again."
    assert gold_position(text, "no", 25) == (text.rindex("no"), text.rindex("no") + 2)
    assert gold_position(text, "absent", 0) is None


def test_halves_are_stable_and_both_used() -> None:
    names = [f"outlet_2016-01-{d:02d}_story" for d in range(1, 29)]
    halves = [half_of(n) for n in names]
    assert halves == [half_of(n) for n in names]
    assert set(halves) == {"A", "B"}
