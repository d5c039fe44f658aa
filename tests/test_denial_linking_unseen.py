"""Denial linking on unseen news: circulating claims named only by a plural report noun, and denials
restating what they reject.
Invented sentences and names."""

from __future__ import annotations

from spacy.language import Language

from bot.ingest import grouping
from bot.models import CLAIM, DENIAL
from bot.nlp.signatures import item_from_statement
from tests.test_extract import run


def test_dismissed_plural_claims_with_a_that_clause_become_a_claim_that_is_denied(nlp: Language) -> None:
    statements = run(
        nlp,
        "The Harlow Rowing Council has dismissed claims that its spring regatta was cancelled "
        "because of a funding gap, saying the date had only moved.",
    )
    claims = [s for s in statements if s.kind == CLAIM]
    denial = next(s for s in statements if s.kind == DENIAL)
    claim = next(c for c in claims if "regatta was cancelled" in c.text)
    assert claim.speaker == "claims"
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_a_singular_suggestion_with_no_source_gives_no_claim(nlp: Language) -> None:
    statements = run(nlp, "The Harlow Rowing Council dismissed a suggestion that the regatta was cancelled.")
    assert not any(s.kind == CLAIM and "regatta was cancelled" in s.text for s in statements)


def test_plural_claims_of_something_give_no_claim(nlp: Language) -> None:
    statements = run(nlp, "The Harlow Rowing Council dismissed claims of a boardroom split.")
    assert not any(s.kind == CLAIM and "boardroom split" in s.text for s in statements)


def test_a_denial_restating_a_negated_claim_is_not_on_its_side(nlp: Language) -> None:
    # The denial's words give the claim it rejects, "without" and all: that is no agreement.
    statements = run(
        nlp,
        "Irrigation minister Tova Brell rejected suggestions that the new canal would leave the "
        "orchards of Lindqvist without water in August, saying the flow would barely change.",
    )
    claim = next(s for s in statements if s.kind == CLAIM and "without water" in s.text)
    denial = next(s for s in statements if s.kind == DENIAL)
    as_denial = item_from_statement(2, 1, 1, denial)
    as_claim = item_from_statement(1, 1, 0, claim)
    assert as_denial.negated & as_claim.negated  # the shared negation the side test would read as agreement
    assert not grouping.own_side(as_denial, as_claim)


def test_dismissed_suggestions_stay_the_deniers_denial_beside_their_claim(nlp: Language) -> None:
    statements = run(nlp, "Tarnvik dismissed suggestions that it was planning a border closure.")
    denial = next(s for s in statements if s.kind == DENIAL)
    claim = next(s for s in statements if s.kind == CLAIM)
    assert denial.speaker == "Tarnvik" and denial.cue == "dismissed"
    assert "planning a border closure" in denial.text
    assert claim.speaker == "suggestions" and claim.text == "it was planning a border closure"
    assert len(statements) == 2
