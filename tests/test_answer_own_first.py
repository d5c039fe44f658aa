""" "Did X say …?" where X's statement is a denial: X's own words come first, before the claim X denied."""

from __future__ import annotations

from spacy.language import Language

from bot.answers.compose import answer_question
from bot.ingest import pipeline
from bot.models import ArticleInput
from bot.store import Store

# Invented: an organiser's claim, then a harbour master's denial of it.
TEXT = (
    "Keepers split over strike vote\n\n"
    "Union organiser Mara Quill said the lighthouse keepers had voted to strike from Monday. "
    "Harbour master Tobias Renk denied that the lighthouse keepers had voted to strike, "
    "saying no ballot had been held."
)


def _ingest(store: Store, nlp: Language) -> None:
    article = ArticleInput(
        name="vote.txt", source="/in/vote.txt", raw=TEXT, outlet="Varn Coast Herald", published="2025-03-05"
    )
    report = pipeline.ingest_articles(store, [article], nlp=nlp)
    assert report.ok, report.errors


def _speaker_of(reply_data: dict, statement_id: int) -> str:
    rows = reply_data["claims"] + reply_data["denials"]
    return next(r["speaker"] for r in rows if r["id"] == statement_id)


def test_did_x_say_lists_x_s_denial_before_the_claim_it_denies(store: Store, nlp: Language) -> None:
    _ingest(store, nlp)
    reply = answer_question(store, "Did Tobias Renk say the lighthouse keepers had voted to strike?")
    data = reply.data
    assert data["denials"] and data["claims"], data
    # The reply's order: Renk's own denial first, then the organiser's claim he denies.
    assert _speaker_of(data, data["order"][0]) == "Tobias Renk"
    assert sorted(data["order"]) == sorted(r["id"] for r in data["claims"] + data["denials"])
    first = reply.sections[0].quotes
    assert first[0].speaker == "Tobias Renk" and first[0].kind == "denial", first


def test_the_claimant_s_question_keeps_the_claim_first(store: Store, nlp: Language) -> None:
    _ingest(store, nlp)
    reply = answer_question(store, "Did Mara Quill say the lighthouse keepers had voted to strike?")
    data = reply.data
    assert _speaker_of(data, data["order"][0]) == "Mara Quill"
    assert reply.sections[0].quotes[0].kind == "claim"


def test_a_question_naming_nobody_lists_claims_then_denials(store: Store, nlp: Language) -> None:
    _ingest(store, nlp)
    reply = answer_question(store, "Did the lighthouse keepers vote to strike?")
    data = reply.data
    assert data["order"] == [r["id"] for r in data["claims"] + data["denials"]]
