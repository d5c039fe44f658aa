"""A denial that names no content but names the claimant denies that claimant's claim (invented names)."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM, DENIAL
from bot.store import Store
from tests.test_extract import run
from tests.test_propositions import S, _denies, _ingest, _proposition


def test_a_contentless_denial_naming_the_claimant_denies_the_claimants_claim_not_the_last_one(
    nlp: Language,
) -> None:
    statements = run(
        nlp,
        "Councillor Ivo Tarrant said the bridge repairs had cost residents £90,000. "
        "Deputy mayor Lin Osei said she had paid for the consultant herself. "
        'Mayor Greta Holm said: "That is not true, and Councillor Tarrant knows it is not true. '
        'The repairs cost £12,000."',
    )
    denial = next(s for s in statements if s.kind == DENIAL)
    assert statements[denial.denies_index].speaker.endswith("Tarrant")
    assert "£90,000" in statements[denial.denies_index].text


def test_without_a_named_claimant_a_contentless_denial_keeps_the_nearest_claim(nlp: Language) -> None:
    statements = run(
        nlp,
        "Councillor Ivo Tarrant said the bridge repairs had cost residents £90,000. "
        "Deputy mayor Lin Osei said she had paid for the consultant herself. "
        'Mayor Greta Holm said: "That is not true."',
    )
    denial = next(s for s in statements if s.kind == DENIAL)
    assert statements[denial.denies_index].speaker.endswith("Osei")


def test_a_denial_naming_the_claimant_of_another_article_denies_its_main_claim(store: Store, nlp: Language) -> None:
    first = _ingest(
        store,
        nlp,
        "wire.txt",
        [
            S(CLAIM, "Calvria", "a Drummel patrol boat entered Calvrian waters near Osk Point on Sunday"),
            S(CLAIM, "Calvria", "the Drummel patrol boat entered its waters for forty minutes at night"),
            S(CLAIM, "Calvria", "the Drummel ambassador was summoned on Monday"),
            S(DENIAL, "Drummel navy", "no Drummel boat was anywhere near Osk Point"),
        ],
    )
    rows = _ingest(
        store,
        nlp,
        "broadcast.txt",
        [
            S(DENIAL, "Hanne Vik", "Calvria made the whole thing up"),
            S(CLAIM, "Hanne Vik", "Drummel wants good relations with every neighbour"),
            S(CLAIM, "Pol Esk", "Calvria shared radar images with Osk Point observers and Drummel"),
        ],
    )
    boat = _proposition(first, "a Drummel patrol boat entered Calvrian waters near Osk Point on Sunday")
    assert _denies(rows, "Calvria made the whole thing up") == boat


def test_a_denial_naming_its_own_side_is_not_linked_to_its_own_claim(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store,
        nlp,
        "wire.txt",
        [
            S(CLAIM, "Pol Esk", "the ferry company cut the night crossings to save money"),
            S(CLAIM, "Marta Quell", "Quell Ferries will keep its timetable for the winter"),
            S(DENIAL, "Marta Quell", "Quell Ferries never made that choice to save anything"),
        ],
    )
    assert _denies(rows, "Quell Ferries never made that choice to save anything") != _proposition(
        rows, "Quell Ferries will keep its timetable for the winter"
    )
