"""Denial linking on unseen news: circulating claims named only by a plural report noun, and denials
restating what they reject.
Invented sentences and names."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from bot.ingest import grouping
from bot.models import CLAIM, DENIAL
from bot.nlp.signatures import item_from_statement
from bot.store import Store
from tests.test_extract import run
from tests.test_propositions import S, _denies, _ingest, _proposition


def test_dismissed_plural_claims_with_a_that_clause_become_a_claim_that_is_denied(nlp: Language) -> None:
    statements = run(
        nlp,
        "The Tarrow Rowing Council has dismissed claims that its spring regatta was cancelled "
        "because of a funding gap, saying the date had only moved.",
    )
    claims = [s for s in statements if s.kind == CLAIM]
    denial = next(s for s in statements if s.kind == DENIAL)
    claim = next(c for c in claims if "regatta was cancelled" in c.text)
    assert claim.speaker == "claims"
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_plural_claims_of_something_give_no_claim(nlp: Language) -> None:
    statements = run(nlp, "The Tarrow Rowing Council dismissed claims of a boardroom split.")
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


def test_pushing_back_on_plural_claims_keeps_the_denial_and_gives_the_claims_claim(nlp: Language) -> None:
    statements = run(nlp, "The brewery pushed back on claims that it had watered down its stout.")
    denial = next(s for s in statements if s.kind == DENIAL)
    claim = next(s for s in statements if s.kind == CLAIM)
    assert denial.speaker == "brewery" and denial.cue.startswith("pushed back")
    assert claim.speaker == "claims" and "watered down its stout" in claim.text


def test_a_verdict_on_circulating_claims_stays_out_of_their_source(nlp: Language) -> None:
    statements = run(nlp, "The port authority dismissed false claims that the quay had been sold to a developer.")
    claim = next(s for s in statements if s.kind == CLAIM)
    assert claim.speaker == "claims" and claim.text == "the quay had been sold to a developer"


# ------------------------------------------------------------------ flat negations by the accused side

ACCUSATION = "Castmere Freight was preparing to cut 200 jobs at its Pellbridge depot"


def test_a_flat_negation_by_the_party_a_claim_accuses_denies_it(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store,
        nlp,
        "depot.txt",
        [
            S(CLAIM, "Wyn Harrow", ACCUSATION),
            S(CLAIM, "Castmere Freight", "no jobs are at risk from the new cranes"),
        ],
    )
    answer = next(r for r in rows if r["text"] == "no jobs are at risk from the new cranes")
    assert answer["kind"] == DENIAL
    assert answer["denies"] == _proposition(rows, ACCUSATION)


def test_a_flat_negation_by_a_party_the_claim_does_not_name_stays_a_claim(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store,
        nlp,
        "depot.txt",
        [
            S(CLAIM, "Wyn Harrow", ACCUSATION),
            S(CLAIM, "Orlen Haulage", "no jobs are at risk from the new cranes"),
        ],
    )
    assert next(r for r in rows if r["speaker"] == "Orlen Haulage")["kind"] == CLAIM


def test_a_concession_first_then_a_negation_stays_a_claim(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store,
        nlp,
        "depot.txt",
        [
            S(CLAIM, "Wyn Harrow", ACCUSATION),
            S(CLAIM, "Castmere Freight", "the review covers 40 posts, and that those are office jobs, not depot jobs"),
        ],
    )
    assert next(r for r in rows if r["speaker"] == "Castmere Freight")["kind"] == CLAIM


# ------------------------------------------------------------------ verdicts on a named account

GULLS = "volunteers had counted more than 900 dead gulls along the Brenmoor estuary shore over the weekend"


def test_a_verdict_on_an_account_denies_the_claim_its_object_names_in_another_article(
    store: Store, nlp: Language
) -> None:
    first = _ingest(
        store,
        nlp,
        "society.txt",
        [
            S(CLAIM, "Brenmoor Birdwatch Society", GULLS),
            S(CLAIM, "Halsey Chemicals", "its discharges had stayed within the Brenmoor permit all summer"),
            S(CLAIM, "Brenmoor council", "the Brenmoor estuary would be tested every week until spring"),
        ],
    )
    second = _ingest(
        store,
        nlp,
        "column.txt",
        [
            S(
                DENIAL,
                "Halsey Chemicals' lawyers",
                "wildly exaggerated by Halsey Chemicals' lawyers in a sharply worded letter to the coroner and the water regulator",
                target_text="The society's count of 900 dead gulls",
            ),
            S(CLAIM, "Brenmoor council", "the Brenmoor estuary would be tested every week until spring"),
        ],
    )
    assert _denies(
        second,
        "wildly exaggerated by Halsey Chemicals' lawyers in a sharply worded letter to the coroner and the water regulator",
    ) == _proposition(first, GULLS)


def test_a_negation_about_someone_else_in_the_partys_words_stays_a_claim(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store,
        nlp,
        "depot.txt",
        [
            S(CLAIM, "Wyn Harrow", "Castmere Freight engineers restored the driver's hearing aid after the crash"),
            S(
                CLAIM,
                "Castmere Freight",
                "he was not hearing anything for weeks while he waited for new hospital tests",
            ),
        ],
    )
    assert next(r for r in rows if r["speaker"] == "Castmere Freight")["kind"] == CLAIM


def test_a_deniers_own_claim_leaves_the_proposition_they_deny(
    nlp: Language, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The negated claim shares "sell" with the claim it answers, so grouping joins them before the
    # denial is linked; the denier must not then appear on both sides of one proposition.
    specs = [
        S(CLAIM, "claims", "the council is preparing to sell part of Ashby Meadows park to a builder"),
        S(
            DENIAL,
            "Mara Holt",
            "claims that the council is preparing to sell part of Ashby Meadows park to a builder",
            denies_index=0,
        ),
        S(CLAIM, "Mara Holt", "No land at Ashby Meadows has been sold and no land is being sold to any builder"),
    ]

    def holt_on_both_sides(rows: list[dict]) -> bool:
        denied = _denies(rows, specs[1].text)
        return denied is not None and _proposition(rows, specs[2].text) == denied

    with Store(str(tmp_path / "kept.db")) as store:
        assert not holt_on_both_sides(_ingest(store, nlp, "weekly.txt", specs))
    monkeypatch.setattr(grouping.Grouper, "separate_own_claims", lambda self, statements: None)
    with Store(str(tmp_path / "switched_off.db")) as store:
        assert holt_on_both_sides(_ingest(store, nlp, "weekly.txt", specs))  # what the step is for
