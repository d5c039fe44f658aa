"""Report nouns carrying a claim of their own ("speculation that …", "the suggestion that …"): the
clause is a claim by the report, and a denial of the report denies that claim. Invented sentences."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM, DENIAL
from tests.test_extract import run


def test_dismissed_singular_speculation_gives_a_claim_by_the_speculation_that_is_denied(nlp: Language) -> None:
    statements = run(nlp, "The Orrin Ferry Company dismissed speculation that its night crossing would be cut.")
    denial = next(s for s in statements if s.kind == DENIAL)
    claim = next(s for s in statements if s.kind == CLAIM)
    assert claim.speaker == "speculation" and claim.text == "its night crossing would be cut"
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_a_singular_suggestion_with_a_that_clause_is_the_suggestions_claim(nlp: Language) -> None:
    statements = run(nlp, "The Tarrow Rowing Council dismissed the suggestion that the regatta was cancelled.")
    claim = next(s for s in statements if s.kind == CLAIM and "regatta was cancelled" in s.text)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert claim.speaker == "suggestion"
    assert statements[denial.denies_index or 0] is claim


def test_someones_suggestion_is_not_credited_to_the_word_suggestion(nlp: Language) -> None:
    statements = run(nlp, "Ms Oyelaran rejected his suggestion that she had moved the meeting to avoid him.")
    assert not any(s.kind == CLAIM and s.speaker == "suggestion" for s in statements)
