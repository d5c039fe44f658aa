"""Statements answering another outlet's claim become denials at grouping time: a sentence of a longer
statement that flatly denies, a negative subject that denies its verb, a figure corrected by another;
hand-built statements with invented names."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.ingest.grouping import negations
from bot.ingest.grouping.negations import corrected_figure, corrects_figure_of, may_deny, negation_answers
from bot.models import CLAIM, DENIAL
from bot.nlp.signatures import Item, item_from_statement
from bot.store import Store
from tests.test_propositions import S, _ingest, _statement


def _item(nlp: Language, spec: S, sid: int) -> Item:
    return item_from_statement(sid, sid, 0, _statement(nlp, spec, 0))


def _row(rows: list[dict], text: str) -> dict:
    return next(r for r in rows if r["text"] == text)


def test_one_sentence_of_a_longer_statement_answers_the_claim(nlp: Language) -> None:
    claim = _item(nlp, S(CLAIM, "Pim Arrowsmith", "The Tolland depot shipped spoiled grain to the Varne bakery"), 1)
    text = (
        "No spoiled grain was ever shipped to the Varne bakery. Our drivers keep logs, and inspectors read them weekly."
    )
    answer = _item(nlp, S(CLAIM, "Tolland Freight", text), 2)
    assert negation_answers(answer, claim)
    negations.SENTENCE_PARTS = False
    try:
        # The whole statement adds what its second sentence says: it answers nothing.
        assert not negation_answers(answer, claim)
    finally:
        negations.SENTENCE_PARTS = True


def test_a_plain_not_in_one_sentence_of_a_longer_statement_is_not_taken(nlp: Language) -> None:
    claim = _item(nlp, S(CLAIM, "Pim Arrowsmith", "Four ferry crews walked out at the Varne harbour"), 1)
    text = "Sadly the weather was bad at the Varne harbour. Four ferry crews did not walk out, they were stood down."
    answer = _item(nlp, S(CLAIM, "Varne Ferries", text), 2)
    # A plain "not" in a later sentence is as often a remark of its own as an answer.
    assert not negation_answers(answer, claim)


def test_a_negative_subject_denies_its_verb(nlp: Language) -> None:
    claim = _item(nlp, S(CLAIM, "Orrin Vale", "the Castor ward closed its surgery unit in May"), 1)
    answer = _item(nlp, S(CLAIM, "Castor Health", "Nobody closed the surgery unit at Castor ward."), 2)
    assert may_deny(answer)
    assert negation_answers(answer, claim)


def test_a_qualified_negative_subject_does_not_deny_the_act(nlp: Language) -> None:
    claim = _item(nlp, S(CLAIM, "Orrin Vale", "the Castor ward removed patients from its surgery list"), 1)
    text = "No patient was removed from the surgery list without a letter."
    answer = _item(nlp, S(CLAIM, "Castor Health", text), 2)
    assert not negation_answers(answer, claim)


def test_a_corrected_figure_denies_the_claim_that_gives_it(nlp: Language) -> None:
    claim = _item(nlp, S(CLAIM, "Ilse Parr", "Dunmore Foods' profit jumped by seventy per cent last year"), 1)
    other = _item(nlp, S(CLAIM, "Ilse Parr", "Dunmore Foods' profit jumped by nine per cent last year"), 3)
    answer = _item(
        nlp, S(CLAIM, "Auditor Rhea Solt", "Dunmore Foods' profit rose by about 12 per cent, not seventy"), 2
    )
    assert corrected_figure(answer) == "seventy"
    assert may_deny(answer)
    assert corrects_figure_of(answer, claim)
    assert not corrects_figure_of(answer, other)


def test_an_admitted_error_and_a_pronoun_one_correct_no_figure(nlp: Language) -> None:
    own = _item(nlp, S(CLAIM, "Aldo Fenn", "We made an error: the correct count is 300 crates, not 3,000"), 1)
    pronoun = _item(nlp, S(CLAIM, "Aldo Fenn", "We asked for a full audit, not one the firm runs itself"), 2)
    magnitude = _item(nlp, S(CLAIM, "Aldo Fenn", "the count was several hundred crates, not thousands"), 3)
    assert corrected_figure(own) is None
    assert corrected_figure(pronoun) is None
    assert corrected_figure(magnitude) is None


def test_a_figure_correction_in_a_later_article_denies_the_other_outlets_claim(store: Store, nlp: Language) -> None:
    claim = "Dunmore Foods' profit jumped by seventy per cent last year"
    _ingest(store, nlp, "paper.txt", [S(CLAIM, "Senator Ilse Parr", claim)])
    text = "Dunmore Foods' profit rose by about 12 per cent, not seventy"
    rows = _ingest(store, nlp, "factcheck.txt", [S(CLAIM, "Auditor Rhea Solt", text)])
    correction = _row(rows, text)
    assert correction["kind"] == DENIAL
    assert correction["denies"] == _row(store.statements(article="paper.txt"), claim)["proposition"]


def test_a_figure_correction_by_the_claims_own_side_stays_a_claim(store: Store, nlp: Language) -> None:
    claim = "Dunmore Foods' profit jumped by seventy per cent last year"
    _ingest(store, nlp, "paper.txt", [S(CLAIM, "Dunmore Foods", claim)])
    text = "Dunmore Foods' profit rose by about 12 per cent, not seventy"
    rows = _ingest(store, nlp, "wire.txt", [S(CLAIM, "Dunmore Foods spokeswoman", text)])
    assert _row(rows, text)["kind"] == CLAIM


def test_a_figure_correction_by_a_common_noun_speaker_still_answers(store: Store, nlp: Language) -> None:
    claim = "Dunmore Foods' profit jumped by seventy per cent last year"
    _ingest(store, nlp, "paper.txt", [S(CLAIM, "Senator Ilse Parr", claim)])
    text = "Dunmore Foods' profit rose by about 12 per cent, not seventy"
    rows = _ingest(store, nlp, "factcheck.txt", [S(CLAIM, "regulator", text)])
    # The figure says which claim it answers; a flat "no X" by "regulator" would stay a claim.
    assert _row(rows, text)["kind"] == DENIAL
    flat = "Dunmore Foods' profit did not jump last year"
    rows = _ingest(store, nlp, "wire.txt", [S(CLAIM, "regulator", flat)])
    assert _row(rows, flat)["kind"] == CLAIM


def test_the_switches_still_act_after_the_text_tests_are_cached(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    # Grouping caches the text-only tests per statement text; turning a rule off must still turn it off.
    claim = _item(nlp, S(CLAIM, "Orrin Vale", "the Castor ward closed its surgery unit in May"), 1)
    answer = _item(nlp, S(CLAIM, "Castor Health", "Nobody closed the surgery unit at Castor ward."), 2)
    figure = _item(nlp, S(CLAIM, "Rhea Solt", "The Tolland depot lost about 12 crates, not forty"), 3)
    assert negations.negative_subject(answer.text) and corrected_figure(figure) == "forty"
    parts_on = negations._negated_parts(answer)
    monkeypatch.setattr(negations, "NEGATIVE_SUBJECTS", False)
    monkeypatch.setattr(negations, "FIGURE_CORRECTIONS", False)
    assert not negations.negative_subject(answer.text)
    assert corrected_figure(figure) is None
    # Without the negative-subject rule the one sentence is tried only as the whole statement.
    assert negations._negated_parts(answer) == [] != parts_on
    monkeypatch.undo()
    assert negations._negated_parts(answer) == parts_on
    assert negation_answers(answer, claim)


def test_cached_sentence_parts_equal_a_fresh_reading(nlp: Language) -> None:
    # The same text read twice, and an equal statement built anew, give the same parts and figures.
    text = "There was never a second shift at the Varne mill. Nobody paid the loaders twice, not 40 times."
    first = _item(nlp, S(CLAIM, "Varne Mills", text), 1)
    again = _item(nlp, S(CLAIM, "Varne Mills", text), 2)
    parts = negations._negated_parts(first)
    assert parts and parts == negations._negated_parts(again)
    sentences = ["There was never a second shift at the Varne mill.", "Nobody paid the loaders twice, not 40 times."]
    assert [p[0] for p in parts] == sentences
    assert corrected_figure(first) == corrected_figure(again) == "40"
    assert negations._figures(text) == frozenset({"40"})
