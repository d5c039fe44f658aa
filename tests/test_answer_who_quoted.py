"""Questions "Who said <words>?": a statement is credited with its sentence's words only if it holds enough itself."""

from __future__ import annotations

from answer_fixtures import _save, _statement
from bot.answers.compose import answer_question
from bot.answers.question import Term
from bot.answers.scoring import RELEVANCE_THRESHOLD, coverage
from bot.answers.text import stem
from bot.store import Store

_SENTENCE = (
    "Ada Brenner mocked what she called the mayor's scheme to close the riverside night market "
    "before the summer lantern festival."
)


def _market_store(store: Store) -> None:
    _save(
        store,
        "m1",
        "River Courier",
        "2025-05-06",
        "Market",
        [
            _statement("claim", "Ada Brenner", "the mayor's scheme", _SENTENCE),
            _statement(
                "claim",
                "Piet Olsen",
                "the lantern festival will draw record crowds this year",
                "Piet Olsen said the lantern festival will draw record crowds this year.",
            ),
        ],
    )


def _terms(*words: str) -> list[Term]:
    return [Term(w, frozenset({stem(w)}), (w,), 1.0, 1) for w in words]


def test_a_short_statement_is_not_who_said_the_words_of_its_sentence(store: Store) -> None:
    _market_store(store)
    # She named the scheme; the words asked about are the scheme's, said by nobody stored.
    reply = answer_question(store, "Who said to close the riverside night market?")
    assert reply.status == "unknown"
    # What she said herself is still found.
    assert answer_question(store, "Who said the mayor's scheme?").data["claims"][0]["speaker"] == "Ada Brenner"


def test_quoted_coverage_keeps_the_sentence_for_a_statement_holding_enough() -> None:
    row = {"text": "the night market will close", "evidence": _SENTENCE}
    most = _terms("night", "market", "close", "riverside")  # three of four in what was said
    assert coverage(row, most, quoted=True) == coverage(row, most) > 0.75 * 0.9
    few = _terms("riverside", "summer", "lantern", "market")  # one of four in what was said
    assert coverage(row, few, quoted=True) < RELEVANCE_THRESHOLD <= coverage(row, few)
