"""A negated "right" passed on what was just said, and a narrated refusal of it (invented sentences)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.models import CLAIM, DENIAL
from bot.nlp.extract.denial_words import NEGATION_FORMS
from tests.test_extract import run

CLAIMED = "The drivers' union said the depot had cut overtime pay. "


def test_a_negated_right_on_what_was_said_denies_it(nlp: Language) -> None:
    claim, denial = run(nlp, CLAIMED + '"That\'s not right," said Dana Holm.')
    assert claim.kind == CLAIM and denial.kind == DENIAL
    assert denial.speaker == "Dana Holm" and denial.denies_index == 0


def test_a_claim_noun_said_not_right_is_a_denial_of_it(nlp: Language) -> None:
    statements = run(nlp, "The union put the loss at 400 jobs. " + '"The figure cannot be right," said Dana Holm.')
    denial = statements[-1]
    assert denial.kind == DENIAL and denial.target_text == "figure"


def test_a_judgement_of_conduct_or_a_right_decision_is_no_denial(nlp: Language) -> None:
    statements = run(nlp, CLAIMED + '"It wasn\'t right, and I got that wrong," said Dana Holm.')
    assert [s.kind for s in statements] == [CLAIM, CLAIM]
    statements = run(nlp, CLAIMED + '"That was the right decision," said Dana Holm.')
    assert [s.kind for s in statements] == [CLAIM, CLAIM]


def test_the_form_has_a_switch(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(NEGATION_FORMS, "not_right", False)
    assert [s.kind for s in run(nlp, CLAIMED + '"That\'s not right," said Dana Holm.')] == [CLAIM, CLAIM]


@pytest.mark.parametrize("verb", ["does not accept", "doesn't believe"])
def test_a_narrated_refusal_of_a_pronoun_denies_the_claim_before(nlp: Language, verb: str) -> None:
    claim, denial = run(nlp, CLAIMED + f"The depot's owners {verb} that.")
    assert denial.kind == DENIAL and denial.speaker.endswith("owners") and denial.text == "that"
    assert denial.denies_index == 0 and claim.kind == CLAIM


def test_a_refusal_in_the_first_person_or_with_a_clause_is_left_to_the_cue_rules(nlp: Language) -> None:
    # "we don't accept that." in the narration would be the reporter's own words
    assert all(s.kind == CLAIM for s in run(nlp, CLAIMED + "We do not accept that."))
    # a refusal with a clause is read by the cue rules, not added twice
    statements = run(nlp, CLAIMED + "The owners do not accept that pay was cut.")
    assert sum(s.kind == DENIAL for s in statements) <= 1
    assert all(s.kind == CLAIM for s in run(nlp, CLAIMED + "The owners accept that."))


ACCUSED = (
    "Drivers angry over pay\n\n"
    "Night drivers at the depot lost their overtime pay in March, when managers cut it. "
    "The union said the depot had cut overtime pay. "
)


def test_a_flat_negation_of_what_was_asserted_above_denies_the_claim_that_asserted_it(nlp: Language) -> None:
    statements = run(nlp, ACCUSED + '"Nobody cut overtime for anyone," the depot manager, Owen Hale, said.')
    denial = statements[-1]
    assert denial.kind == DENIAL and denial.speaker == "Owen Hale"
    target = statements[denial.denies_index] if denial.denies_index is not None else None
    assert target is not None and target.kind == CLAIM and target.speaker == "union"


def test_a_complaint_of_silence_and_an_unasserted_negation_are_no_denials(nlp: Language) -> None:
    # a negative pronoun as object complains of inaction; it denies nothing
    statements = run(nlp, ACCUSED + '"They told us nothing," said the organiser, Rosa Venn.')
    assert statements[-1].kind == CLAIM
    # nothing above asserts what this negates
    statements = run(nlp, ACCUSED + '"Nobody has applied for the new routes," said Owen Hale.')
    assert statements[-1].kind == CLAIM


def test_the_asserted_above_form_has_a_switch(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(NEGATION_FORMS, "asserted_above", False)
    statements = run(nlp, ACCUSED + '"Nobody cut overtime for anyone," the depot manager, Owen Hale, said.')
    assert statements[-1].kind == CLAIM
