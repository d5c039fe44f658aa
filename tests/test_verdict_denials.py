"""Denials said as a verdict on a story, or set off from the clause they deny (invented sentences)."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM, DENIAL
from tests.test_extract import run


def test_a_story_called_fiction_in_quotes_is_denied_by_a_named_label(nlp: Language) -> None:
    statements = run(
        nlp,
        "The duo Paper Kites have rejected a magazine report that they will split after the autumn tour. "
        'Their label, Brightwater Records, called the story "fiction".',
    )
    verdict = next(s for s in statements if s.speaker == "Brightwater Records")
    assert verdict.kind == DENIAL
    report = next(s for s in statements if s.kind == CLAIM and "split after the autumn tour" in s.text)
    # "the story" is the report's claim, not whatever was said last
    assert verdict.denies_index is not None and statements[verdict.denies_index] == report


def test_a_product_label_still_prescribes_and_praise_is_no_denial(nlp: Language) -> None:
    assert run(nlp, "The label says adults should take two tablets a day.") == []
    (praise,) = run(nlp, 'The critic Ana Morel called the novel "a triumph".')
    assert praise.kind == CLAIM


def test_which_x_denied_denies_the_clause_before_it(nlp: Language) -> None:
    statements = run(
        nlp, "The defence lawyer Ian Crowe suggested Tobin was bitter after being fired, which Tobin denied."
    )
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    claim, denial = statements
    assert denial.speaker.endswith("Tobin") and "which Tobin denied" not in claim.text
    assert denial.denies_index == 0


def test_a_relative_clause_with_a_denied_gerund_is_a_denial(nlp: Language) -> None:
    (denial,) = run(nlp, "Gareth Lund is on trial at Kelby Crown Court, where he denies forging safety certificates.")
    assert denial.kind == DENIAL and denial.text == "forging safety certificates"
    assert denial.speaker == "Gareth Lund"


def test_a_narrated_dismissal_before_another_speaker_is_its_own_denial(nlp: Language) -> None:
    statements = run(
        nlp,
        "Harlow Foods shares rose 4 percent on Monday after the grocer dismissed as "
        '"pure speculation" a newspaper report that it plans to buy bakery chain Crumbly, '
        "whose founder, Nils Brand, said the chain was not for sale.",
    )
    denial = next(s for s in statements if s.kind == DENIAL)
    assert denial.speaker == "grocer" and "pure speculation" in denial.text
    # the report's claim is the newspaper's, not the denier's
    report = next(s for s in statements if s.kind == CLAIM and s.text.startswith("it plans to buy"))
    # the object the parser gave to "said" as its subject belongs to the report
    assert report.text == "it plans to buy bakery chain Crumbly"
    assert report.speaker == "newspaper"
    founder = next(s for s in statements if "not for sale" in s.text)
    assert founder.text == "the chain was not for sale"


def test_a_claim_someone_called_false_in_a_relative_clause_is_denied(nlp: Language) -> None:
    statements = run(
        nlp,
        "The coach has been under pressure since blogger Max Ferro claimed on Friday that he had been fired, "
        'a claim the club has called "categorically false".',
    )
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].speaker == "club" and statements[1].denies_index == 0
    (praise,) = run(nlp, 'Critics praised the film, a work the jury called "a triumph".')
    assert praise.kind == CLAIM


def test_that_view_names_the_view_stated_just_before(nlp: Language) -> None:
    statements = run(
        nlp,
        "Dr Mira Olsen repeated her view that the engine was unsafe at high speed. "
        "Professor Tom Hale dismissed that view.",
    )
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].denies_index == 0
    # with no view stated before, "that view" names nothing said in the article
    assert run(nlp, "Dr Mira Olsen spoke first. Professor Tom Hale dismissed that view.") == []
