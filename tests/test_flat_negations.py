"""Denials in the accused side's own words: a refusal to accept an account, "not accurate to say", a flat
negation in a headline, and (switchable, off by default) one by a speaker who denies elsewhere."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.models import CLAIM, DENIAL
from bot.nlp.extract import denials
from tests.test_extract import run


def _kind_of(statements: list, words: str) -> str | None:
    return next((st.kind for st in statements if words in st.text), None)


def test_refusing_to_accept_an_account_is_a_denial(nlp: Language) -> None:
    text = (
        'The tenants said the landlord had cut the heating on purpose. "I do not accept that. The boiler '
        'failed on its own," the landlord, Piet Orrin, said.'
    )
    assert _kind_of(run(nlp, text), "I do not accept that") == DENIAL


def test_refusing_terms_is_not_a_denial(nlp: Language) -> None:
    text = '"We would not accept a pay cut of that size," the union leader, Aisha Brandt, said.'
    assert _kind_of(run(nlp, text), "would not accept") == CLAIM


def test_not_accurate_to_say_is_a_denial(nlp: Language) -> None:
    text = (
        'A patient said she was refused a bed. "It is not accurate to say this patient was refused a bed '
        'for lack of staff," a spokesman for the Orlan Trust said.'
    )
    assert _kind_of(run(nlp, text), "not accurate to say") == DENIAL


def test_the_refusal_form_switched_off_leaves_a_claim(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(denials.NEGATION_FORMS, "refusal", False)
    text = (
        'The tenants said the landlord had cut the heating on purpose. "I do not accept that. The boiler '
        'failed on its own," the landlord, Piet Orrin, said.'
    )
    assert _kind_of(run(nlp, text), "I do not accept that") == CLAIM


def test_a_headline_flat_negation_is_a_denial(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Harbour chief: Quay was never closed to boats\n\n"
        "Fishermen said on Monday that the quay had been closed for a week without notice."
    )
    monkeypatch.setitem(denials.NEGATION_FORMS, "headline", True)
    assert _kind_of(run(nlp, text), "never closed") == DENIAL
    monkeypatch.setitem(denials.NEGATION_FORMS, "headline", False)
    assert _kind_of(run(nlp, text), "never closed") != DENIAL


def test_a_one_paragraph_brief_is_not_a_headline(nlp: Language) -> None:
    text = (
        "The harbour master said the quay was never closed. Fishermen said on Monday that the quay had been "
        "closed for a week without notice."
    )
    assert _kind_of(run(nlp, text), "the quay was never closed") == CLAIM


@pytest.mark.parametrize(
    "headline",
    ["Harbour chief: Will the quay ever reopen?", "Harbour chief: Quay will never close while I am in charge"],
)
def test_headline_questions_and_pledges_are_not_denials(nlp: Language, headline: str) -> None:
    text = headline + "\n\nFishermen said on Monday that the quay had been closed for a week without notice."
    assert all(st.kind == CLAIM for st in run(nlp, text) if "quay" in st.text.lower() and "Fishermen" not in st.speaker)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"A blocked drain does not prove a leak," the water company\'s engineer, Rhona Teal, said.', "does not prove"),
        (
            '"Nothing we have found so far shows that our pipe flooded the street," said Rhona Teal.',
            "shows that our pipe",
        ),
        ('"We have found nothing to support that," a spokesman for Orlan Water said.', "nothing to support"),
    ],
)
def test_saying_the_facts_do_not_bear_it_out_is_a_denial(
    nlp: Language, monkeypatch: pytest.MonkeyPatch, text: str, words: str
) -> None:
    assert _kind_of(run(nlp, text), words) == DENIAL
    monkeypatch.setitem(denials.NEGATION_FORMS, "unproven", False)
    assert _kind_of(run(nlp, text), words) == CLAIM


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"We could not prove the leak came from the reservoir," the engineer, Rhona Teal, said.', "could not prove"),
        ("The minister said the two unions had not shown any willingness to compromise.", "shown any willingness"),
    ],
)
def test_inability_or_a_quality_not_shown_is_not_a_denial(nlp: Language, text: str, words: str) -> None:
    assert _kind_of(run(nlp, text), words) == CLAIM


def test_a_trailing_which_clause_is_the_accused_sides_denial(nlp: Language) -> None:
    statements = run(nlp, "Residents say the plant leaked into the river in May, which the company disputes.")
    claim = next(st for st in statements if st.kind == CLAIM)
    denial = next(st for st in statements if st.kind == DENIAL)
    assert claim.speaker == "Residents" and "disputes" not in claim.text
    assert "company" in denial.speaker and "leaked into the river" in denial.text
    assert denial.denies_index == statements.index(claim)


def test_the_which_form_switched_off_keeps_one_claim(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(denials.NEGATION_FORMS, "which", False)
    statements = run(nlp, "Residents say the plant leaked into the river in May, which the company disputes.")
    assert [st.kind for st in statements] == [CLAIM]


def test_a_which_clause_that_is_not_a_denial_stays(nlp: Language) -> None:
    statements = run(nlp, "Residents say the plant leaked into the river in May, which the company confirmed.")
    assert all(st.kind == CLAIM for st in statements)


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        ("The water board says no. Its chief engineer said the pipes were sound.", "water board", "no"),
        (
            "Her lawyer, Tomas Greel, was dismissive of the suggestion that she will plead guilty.",
            "Tomas Greel",
            "she will plead guilty",
        ),
    ],
)
def test_denials_said_without_a_clause(
    nlp: Language, monkeypatch: pytest.MonkeyPatch, text: str, speaker: str, words: str
) -> None:
    found = [st for st in run(nlp, text) if st.kind == DENIAL and speaker in st.speaker]
    assert found and words in found[0].text
    monkeypatch.setitem(denials.NEGATION_FORMS, "spoken", False)
    assert not [st for st in run(nlp, text) if st.kind == DENIAL and speaker in st.speaker]


@pytest.mark.parametrize(
    "text",
    [
        "The water board says no decision has been taken on the pipes.",
        "Her lawyer, Tomas Greel, was dismissive of the court's schedule.",
        "The water board says no to the new reservoir plan.",
    ],
)
def test_no_followed_by_more_or_a_non_allegation_is_not_a_spoken_denial(nlp: Language, text: str) -> None:
    assert all(st.kind == CLAIM for st in run(nlp, text))


def test_shooting_down_a_report_is_a_denial(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The coach used a radio interview to shoot down a report that he had hit a player."
    found = [st for st in run(nlp, text) if st.kind == DENIAL]
    assert found and "coach" in found[0].speaker and "hit a player" in found[0].text
    monkeypatch.setitem(denials.NEGATION_FORMS, "spoken", False)
    assert not [st for st in run(nlp, text) if st.kind == DENIAL]


def test_shooting_down_a_drone_is_not_a_denial(nlp: Language) -> None:
    assert not [
        st for st in run(nlp, "Police shot down a drone that had strayed over the airport.") if st.kind == DENIAL
    ]


def test_fake_news_said_alone_is_a_denial(nlp: Language) -> None:
    statements = run(nlp, 'The paper said the striker wanted to leave. "Fake news," the striker posted on Friday.')
    assert _kind_of(statements, "Fake news") == DENIAL


@pytest.mark.parametrize(
    "headline",
    [
        "Mayor: Do not blame the council for the floods",
        "Mayor: You do not win elections by promising bridges",
        "Mayor: Hate speech has no place in this city",
    ],
)
def test_orders_general_truths_and_opinions_in_headlines_are_not_denials(nlp: Language, headline: str) -> None:
    text = headline + "\n\nThe mayor spoke on Monday at the opening of the new library in the town centre."
    assert all(st.kind == CLAIM for st in run(nlp, text))


def test_having_nothing_to_prove_is_not_a_denial(nlp: Language) -> None:
    text = '"She has nothing to prove on that," the former adviser, Ray Holm, said.'
    assert _kind_of(run(nlp, text), "nothing to prove") == CLAIM
