"""A quote split over one speaker's adjacent statements: "who said" reads the rest, and a topic spread over both."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from answer_fixtures import _save, _statement
from bot.answers.compose import SPEAKER_TOPIC_THRESHOLD, _continued_quote, answer_question
from bot.answers.question import Term
from bot.answers.scoring import POOL_GAP_CHARS, Scope, quote_continues, quote_tokens, rank_candidates
from bot.answers.text import stem
from bot.store import Store

_FIRST = "Who pays for the ferry now?"
_REST = "The council and the harbour board broke every promise they made about fares."
_OTHER = "The council and the harbour board will meet on Monday."


def _at(start: int, text: str) -> dict[str, Any]:
    return {"id": start, "speaker_id": 7, "article_id": 1, "start": start, "end": start + len(text), "text": text}


def test_the_next_statement_opening_with_the_rest_of_the_quote_continues_it() -> None:
    quote = quote_tokens("Who pays for the ferry now? The council and the harbour board")
    found = _at(0, _FIRST)
    assert quote_continues(quote, found, _at(len(_FIRST) + 12, _REST))
    # It must open with the quote's next words, follow the found statement, and sit close by.
    assert not quote_continues(quote, found, _at(len(_FIRST) + 12, "Fares went up again, the council and the harbour"))
    assert not quote_continues(quote, _at(200, _FIRST), _at(0, _REST))
    assert not quote_continues(quote, found, _at(len(_FIRST) + POOL_GAP_CHARS + 1, _REST))
    # A quote the found statement holds to its end leaves nothing to continue.
    assert not quote_continues(quote_tokens("Who pays for the ferry now?"), found, _at(40, _REST))


def test_who_said_reads_the_rest_of_a_split_quote_from_the_speaker_s_statements(store: Store) -> None:
    gap = " said Ona Brisk, a ferry user. "
    statements = [
        replace(_statement("claim", "Ona Brisk", _FIRST, _FIRST), start=0, end=len(_FIRST)),
        replace(
            _statement("claim", "Ona Brisk", _REST, _REST),
            start=len(_FIRST) + len(gap),
            end=len(_FIRST) + len(gap) + len(_REST),
        ),
        replace(_statement("claim", "Pavel Dorn", _OTHER, _OTHER), start=400, end=400 + len(_OTHER)),
    ]
    _save(store, "f1", "Harbour Gazette", "2025-04-01", "Fares", statements)
    rows = [r for r in store.answer_statements() if r["text"] == _FIRST]
    scores = {rows[0]["id"]: 0.93}
    ranked: dict[tuple[str, int], float] = {}
    quote = quote_tokens("Who pays for the ferry now? The council and the harbour board")
    out = _continued_quote(store, rows, quote, Scope(), ranked, scores)
    assert [r["text"] for r in out] == [_FIRST, _REST]
    assert sorted(scores.values()) == [0.93, 0.93]
    # End to end the answer quotes both halves, and not the other speaker's words.
    reply = answer_question(store, "Who said Who pays for the ferry now? The council and the harbour board?")
    assert reply.status == "asserted"
    assert [c["text"] for c in reply.data["claims"]] == [_FIRST, _REST]


def _term(word: str) -> Term:
    return Term(word, frozenset({stem(word)}), (word,), 1.0, 1)


def test_a_topic_spread_over_adjacent_statements_and_their_sentences_answers_what_did_x_say() -> None:
    # "lamps" in one statement, "railings" in the next, "tolls" only in the first one's sentence.
    first = dict(
        _at(0, "the lamps on the pier are broken"),
        kind="claim",
        evidence="At the tolls meeting she said the lamps on the pier are broken.",
    )
    second = dict(_at(70, "nobody has painted the railings"), kind="claim", evidence="Nobody has painted the railings.")
    terms = [_term("tolls"), _term("lamps"), _term("railings")]
    sims = {0: 0.4, 70: 0.4}  # meaning half way: a few topic words make a weak sentence vector

    def best(words_decide: bool) -> float:
        return max(
            rank_candidates(
                [first, second], terms, sims=sims, pool_below=SPEAKER_TOPIC_THRESHOLD, words_decide=words_decide
            ).values()
        )

    assert best(False) < SPEAKER_TOPIC_THRESHOLD <= best(True)
