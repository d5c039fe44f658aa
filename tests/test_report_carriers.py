"""Reports, posts and documents whose content is a claim of their own, and denials that name them by the noun
("the post", "the screenshots", "the rumours"). Invented sentences."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM, DENIAL
from tests.test_extract import run


def test_rumours_that_swirl_carry_the_clause_of_their_verb(nlp: Language) -> None:
    statements = run(nlp, "Late on Friday, rumours were swirling that the harbour master had quietly resigned.")
    claim = next(s for s in statements if s.kind == CLAIM)
    assert claim.speaker == "rumours" and claim.text == "the harbour master had quietly resigned"


def test_a_denial_of_the_rumours_in_the_next_sentence_denies_their_claim(nlp: Language) -> None:
    statements = run(
        nlp,
        "Rumours swirled online that the choir was splitting up. A spokesman said the rumours were nonsense.",
    )
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert claim.speaker == "Rumours" and "choir was splitting up" in claim.text
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_claims_spreading_online_that_a_denier_derides_are_the_claims_own(nlp: Language) -> None:
    statements = run(nlp, "The Herald derided claims spreading across local forums that the navy had been mobilised.")
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL and s.cue == "derided")
    assert claim.speaker == "claims" and claim.text == "the navy had been mobilised"
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_a_reporting_verb_keeps_its_own_statement(nlp: Language) -> None:
    statements = run(nlp, "Reports said that the mayor had resigned.")
    assert [(s.speaker, s.cue) for s in statements] == [("Reports", "said")]


def test_what_a_story_is_is_not_a_claim_by_the_story(nlp: Language) -> None:
    statements = run(nlp, "The story is that the turnout in the northern wards doubled.")
    assert not any(s.speaker.endswith("story") for s in statements)


def test_photos_claiming_to_show_something_claim_it(nlp: Language) -> None:
    statements = run(nlp, "Photos claiming to show a flooded runway have been shared thousands of times.")
    claim = next(s for s in statements if s.kind == CLAIM)
    assert claim.speaker == "Photos" and claim.text == "to show a flooded runway"


def test_the_photos_called_fabricated_are_the_denied_claim(nlp: Language) -> None:
    statements = run(
        nlp,
        "Photos claiming to show a flooded runway have been shared thousands of times. "
        'The airport said the photos were "fake".',
    )
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_the_post_called_nonsense_is_the_nearest_post_before(nlp: Language) -> None:
    statements = run(
        nlp,
        "A viral post claimed the library would close. Later, a post said the pool would shut too. "
        'The council called the post "nonsense".',
    )
    pool = next(s for s in statements if s.kind == CLAIM and "pool" in s.text)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert denial.denies_index is not None and statements[denial.denies_index] is pool


def test_a_post_nobody_made_gives_the_denial_no_target_from_the_noun(nlp: Language) -> None:
    statements = run(nlp, 'The harbour board called the post "a hoax".')
    denial = next(s for s in statements if s.kind == DENIAL)
    assert denial.denies_index is None


def test_it_called_a_hoax_right_after_the_post_was_called_fake_denies_the_post(nlp: Language) -> None:
    statements = run(
        nlp,
        "A post shared on a local forum claims that the ferry will stop running in May. The ferry company called "
        'the post "fake" and said boats are running as normal. The harbour board called it a hoax.',
    )
    post = next(s for s in statements if s.kind == CLAIM and s.speaker == "post")
    last = statements[-1]
    assert last.kind == DENIAL and last.cue == "called"
    assert last.denies_index is not None and statements[last.denies_index] is post


def test_an_outlets_report_called_untrue_in_apposition_stays_and_is_denied(nlp: Language) -> None:
    statements = run(
        nlp,
        'The Gazette reports that the harbour log has gone missing from the archive, a report the port authority calls "untrue".',
    )
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert claim.speaker == "Gazette" and claim.text == "the harbour log has gone missing from the archive"
    assert denial.speaker == "port authority"
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_claims_circulating_on_a_named_medium_are_that_mediums(nlp: Language) -> None:
    statements = run(
        nlp,
        "The Herald dismissed claims circulating on Vostran forums that the port has closed its gates to ferries.",
    )
    claim = next(s for s in statements if s.kind == CLAIM)
    assert claim.speaker == "Vostran forums" and claim.text == "the port has closed its gates to ferries"
