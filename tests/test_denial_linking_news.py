"""Denials of a report on multi-outlet news: what the report said, who said it, and which claim
a denial of it points at. Invented sentences and names."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM, DENIAL
from tests.test_extract import run


def test_a_report_in_a_named_newspaper_with_its_clause_on_the_verb_is_the_papers_claim(nlp: Language) -> None:
    statements = run(
        nlp,
        "Ferry operator Calder Lines on Friday denied a report in the Westport Courier newspaper that it "
        "was preparing to close its northern routes.",
    )
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert "Westport Courier" in claim.speaker
    assert claim.text.startswith("it was preparing to close its northern routes")
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_a_report_in_a_month_names_no_source(nlp: Language) -> None:
    statements = run(nlp, "The council denied a report in March that it had sold the old library.")
    assert all("March" not in s.speaker for s in statements)
