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


# ------------------------------------------------------------------ report nouns outside a denial


def test_rumours_sparked_by_an_event_are_a_claim_a_later_denial_denies(nlp: Language) -> None:
    statements = run(
        nlp,
        "The drummer was photographed leaving a jeweller in Harrowgate, sparking rumours that he is "
        "planning to propose. His manager, Ilse Varga, denied the rumours on Friday.",
    )
    claim = next(s for s in statements if s.kind == CLAIM and "planning to propose" in s.text)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert claim.speaker == "rumours"
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_a_named_outlets_report_is_the_outlets_claim(nlp: Language) -> None:
    statements = run(nlp, "The Tollbridge Ledger's report that the paper mill will close was the talk of the town.")
    claim = next(s for s in statements if s.kind == CLAIM)
    assert claim.speaker == "Tollbridge Ledger" and claim.text == "the paper mill will close"


def test_a_report_after_which_something_happened_is_the_reports_claim(nlp: Language) -> None:
    statements = run(nlp, "Shares in Quillon fell sharply after a report that the firm had lost its largest client.")
    claim = next(s for s in statements if s.kind == CLAIM)
    assert claim.speaker == "report" and "lost its largest client" in claim.text


def test_a_claim_someone_repeats_is_not_credited_to_the_word_claim(nlp: Language) -> None:
    statements = run(nlp, "The senator repeated the claim that the bridge tolls would double next year.")
    assert not any(s.speaker == "claim" for s in statements)


def test_a_question_about_a_claim_puts_no_claim_out(nlp: Language) -> None:
    statements = run(nlp, "What about the claim that the ferry will stop running in winter?")
    assert not any(s.kind == CLAIM and "ferry will stop" in s.text for s in statements)


def test_the_day_of_a_report_is_not_its_source(nlp: Language) -> None:
    statements = run(nlp, "So much for the weekend's reports that the goalkeeper had left the club.")
    claim = next(s for s in statements if s.kind == CLAIM and "left the club" in s.text)
    assert claim.speaker != "weekend"


def test_his_suggestion_is_the_claim_of_the_man_his_stands_for(nlp: Language) -> None:
    statements = run(
        nlp,
        "Mr Arvid Pellow cross-examined Ms Dana Holt on Tuesday. Ms Holt rejected his suggestion that she "
        "had moved the meeting to avoid him.",
    )
    claim = next(s for s in statements if s.kind == CLAIM and "moved the meeting" in s.text)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert claim.speaker == "Arvid Pellow"
    assert denial.denies_index is not None and statements[denial.denies_index] is claim
