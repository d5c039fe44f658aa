"""Negated claims that answer another party's claim become denials of it at grouping time:
hand-built statements with invented names."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language

from bot.ingest import grouping
from bot.ingest.grouping import negation_answers
from bot.models import CLAIM, DENIAL
from bot.nlp.signatures import Item, item_from_statement
from bot.store import Store
from tests.test_propositions import S, _ingest, _statement


def _row(rows: list[dict], text: str) -> dict:
    return next(r for r in rows if r["text"] == text)


def _claim_proposition(store: Store, article: str, text: str) -> int | None:
    return _row(store.statements(article=article), text)["proposition"]


def test_a_negation_in_a_later_article_denies_the_claim_another_outlet_printed(store: Store, nlp: Language) -> None:
    claim = "Singer Orla Venmoor has secretly married a drummer in Lisbon"
    _ingest(store, nlp, "tabloid.txt", [S(CLAIM, "showbiz blogger", claim)])
    rows = _ingest(store, nlp, "wire.txt", [S(CLAIM, "her spokesman", "Singer Orla Venmoor is not married")])
    negation = _row(rows, "Singer Orla Venmoor is not married")
    assert negation["kind"] == DENIAL
    assert negation["denies"] == _claim_proposition(store, "tabloid.txt", claim)


def test_a_stored_negation_denies_the_claim_a_later_article_brings(store: Store, nlp: Language) -> None:
    _ingest(store, nlp, "wire.txt", [S(CLAIM, "her spokesman", "Singer Orla Venmoor is not married")])
    claim = "Singer Orla Venmoor has secretly married a drummer in Lisbon"
    _ingest(store, nlp, "tabloid.txt", [S(CLAIM, "showbiz blogger", claim)])
    negation = _row(store.statements(article="wire.txt"), "Singer Orla Venmoor is not married")
    assert negation["kind"] == DENIAL
    assert negation["denies"] == _claim_proposition(store, "tabloid.txt", claim)


def test_a_negation_adding_new_content_stays_a_claim(store: Store, nlp: Language) -> None:
    claim = "The Harlow council approved the bypass plan on Tuesday"
    _ingest(store, nlp, "paper.txt", [S(CLAIM, "Harlow council", claim)])
    text = "the Harlow council did not consult residents about the bypass noise or traffic"
    rows = _ingest(store, nlp, "blog.txt", [S(CLAIM, "Residents' group", text)])
    assert _row(rows, text)["kind"] == CLAIM
    assert _row(rows, text)["denies"] is None


def test_a_negation_by_the_claims_own_side_stays_a_claim(store: Store, nlp: Language) -> None:
    _ingest(store, nlp, "paper.txt", [S(CLAIM, "Quendal Foods", "Quendal Foods will close the Marrow plant")])
    text = "Quendal Foods will not close the Marrow plant this year"
    rows = _ingest(store, nlp, "wire.txt", [S(CLAIM, "Quendal Foods spokeswoman", text)])
    assert _row(rows, text)["kind"] == CLAIM


def test_a_negation_of_another_story_is_not_linked(store: Store, nlp: Language) -> None:
    _ingest(store, nlp, "a.txt", [S(CLAIM, "Pell Ortiz", "Dravik Mining has bought the Sorrel quarry")])
    text = "Talbray Cement has not bought the quarry"
    rows = _ingest(store, nlp, "b.txt", [S(CLAIM, "Talbray Cement", text)])
    assert _row(rows, text)["kind"] == CLAIM


def test_what_is_negated_must_be_what_the_claim_asserts(nlp: Language) -> None:
    def item(spec: S, sid: int) -> Item:
        return item_from_statement(sid, sid, 0, _statement(nlp, spec, 0))

    claim = item(S(CLAIM, "Ada Crane", "the mayor ignored a warning letter from the fire service"), 1)
    answers = item(S(CLAIM, "the mayor", "the mayor never ignored the warning letter"), 2)
    elsewhere = item(S(CLAIM, "the mayor", "the fire service never sent a warning about the stadium roof"), 3)
    assert negation_answers(answers, claim)
    assert not negation_answers(elsewhere, claim)
    assert not negation_answers(claim, answers)


def test_a_negation_given_as_a_claim_stays_a_claim(store: Store, nlp: Language) -> None:
    claim = "Singer Orla Venmoor has secretly married a drummer in Lisbon"
    _ingest(store, nlp, "tabloid.txt", [S(CLAIM, "showbiz blogger", claim)])
    text = "Singer Orla Venmoor is not married"
    statements = [replace(_statement(nlp, S(CLAIM, "rival blogger", text), 0), cue="claim")]
    store.save_article(
        name="factcheck.txt",
        source="factcheck.txt",
        raw_text=text,
        text=text,
        content_hash="factcheck.txt",
        title=None,
        outlet="factcheck",
        url=None,
        published="2022-02-08",
        language="en",
        statements=statements,
        figures=[],
        on_saved=lambda s, aid, ids: grouping.assign_propositions(s, aid, ids, statements),
    )
    assert _row(store.statements(article="factcheck.txt"), text)["kind"] == CLAIM


def test_not_confirming_and_a_claim_that_negates_itself_are_no_answers(nlp: Language) -> None:
    def item(spec: S, sid: int) -> Item:
        return item_from_statement(sid, sid, 0, _statement(nlp, spec, 0))

    claim = item(S(CLAIM, "Brisk Gazette", "the Tollan mine guards confirmed the kidnapping of two engineers"), 1)
    unsure = item(S(CLAIM, "the ministry", "it could not confirm the kidnapping of two engineers"), 2)
    assert not negation_answers(unsure, claim)
    agrees = item(S(CLAIM, "the rebels", "no engineers were hurt in the raid on the mine"), 3)
    none = item(S(CLAIM, "Brisk Gazette", "none of the engineers were hurt in the raid on the mine"), 4)
    hurt = item(S(CLAIM, "Brisk Gazette", "two engineers were hurt in the raid on the mine"), 5)
    assert not negation_answers(agrees, none)
    assert negation_answers(agrees, hurt)


def test_a_negation_by_a_speaker_named_only_by_a_common_noun_stays_a_claim(store: Store, nlp: Language) -> None:
    claim = "Singer Orla Venmoor has secretly married a drummer in Lisbon"
    _ingest(store, nlp, "tabloid.txt", [S(CLAIM, "showbiz blogger", claim)])
    rows = _ingest(store, nlp, "wire.txt", [S(CLAIM, "agency", "Singer Orla Venmoor is not married")])
    assert _row(rows, "Singer Orla Venmoor is not married")["kind"] == CLAIM


def test_a_negation_inside_a_prepositional_phrase_answers_nothing(nlp: Language) -> None:
    def item(spec: S, sid: int) -> Item:
        return item_from_statement(sid, sid, 0, _statement(nlp, spec, 0))

    claim = item(S(CLAIM, "Dr Hale", "the school educated the children about river safety"), 1)
    reproach = item(S(CLAIM, "Mayor Quint", "the school for not educating the children about river safety"), 2)
    flat = item(S(CLAIM, "Mayor Quint", "the school never educated the children about river safety"), 3)
    assert not negation_answers(reproach, claim)
    assert negation_answers(flat, claim)
