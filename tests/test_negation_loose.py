"""A negation adding words of its own still answers a claim when it fits it well; a partial, modal or
relative negation answers nothing (hand-built statements, invented names)."""

from __future__ import annotations

from spacy.language import Language

from bot.ingest.grouping import negation_answers
from bot.models import CLAIM, DENIAL
from bot.nlp.signatures import item_from_statement
from bot.store import Store
from tests.test_propositions import S, _ingest, _statement


def _row(rows: list[dict], text: str) -> dict:
    return next(r for r in rows if r["text"] == text)


def test_a_negation_with_words_of_its_own_that_fits_the_claim_well_denies_it(store: Store, nlp: Language) -> None:
    claim = "the harbour master had overruled the coastguard objections"
    text = (
        "the harbour master had followed the pilots' guidance to the letter and that no coastguard objections "
        "had been lodged"
    )
    rows = _ingest(
        store, nlp, "paper.txt", [S(CLAIM, "Ilsa Marwood", claim), S(CLAIM, "harbour authority spokesman", text)]
    )
    assert _row(rows, text)["kind"] == DENIAL
    assert _row(rows, text)["denies"] == _row(rows, claim)["proposition"]


def test_partial_and_relative_negations_answer_nothing(nlp: Language) -> None:
    claim = item_from_statement(
        1, 1, 0, _statement(nlp, S(CLAIM, "Tom Ash", "the chef ordered staff to fill in the logs"), 0)
    )
    for text in (
        "the logs were not always filled in by the chef's staff on time",
        "the chef ordered logs that staff could not fill in",
        "the chef's staff would never fill in the logs for him",
        "the chef ordered his staff not to fill in the logs",
    ):
        negated = item_from_statement(2, 2, 0, _statement(nlp, S(CLAIM, "Bo Reyes", text), 0))
        assert negated.negated
        assert not negation_answers(negated, claim, loose=True)
