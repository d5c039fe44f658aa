"""Grouping precision: claims that say different things about the same named actors stay apart,
claims that say one thing across outlets still join. Invented sentences and names."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language

from bot.ingest import grouping
from bot.ingest.grouping.scoring import _capitalised_words, _written_names
from bot.models import CLAIM
from bot.nlp.signatures import CLAIM_THRESHOLD, Item, item_from_statement
from bot.store import Store
from tests.test_propositions import S, _statement


def test_words_capitalised_inside_a_sentence_are_names() -> None:
    words = _capitalised_words("she had known all along that Tollmere Civil Works would bid")
    assert words == frozenset({"tollmere", "civil", "works"})


def test_the_first_word_of_a_sentence_is_no_name() -> None:
    assert _capitalised_words("Scores were changed. Bids were opened late") == frozenset()


def test_a_title_case_headline_marks_no_names() -> None:
    assert _capitalised_words("Council Leader Denies Steering Drainage Contract To Family Firm") == frozenset()


def test_written_names_are_only_the_statements_own_concepts() -> None:
    text = "the council said the bid from Tollmere Civil Works was the cheapest of the five it received"
    names = _written_names(text, frozenset({"bid", "tollmere", "cheap", "council"}))
    assert names == frozenset({"tollmere"})


def _untagged(nlp: Language, sid: int, spec: S) -> Item:
    """A claim whose names the entity tagger missed (as it does for some firms' full names)."""
    return item_from_statement(sid, sid, 0, replace(_statement(nlp, spec, 0), entities=()))


def test_an_untagged_firm_name_and_one_shared_word_do_not_make_one_claim(store: Store, nlp: Language) -> None:
    cheapest = _untagged(nlp, 1, S(CLAIM, "report", "Kestle Marine Engineering's bid was the lowest of four"))
    knew = _untagged(
        nlp, 2, S(CLAIM, "Ewan Pryce", "she had known from the very start that Kestle Marine Engineering would bid")
    )
    # Only "bid" is said by both; the rest is the firm's name, which says whom they are about.
    assert grouping.similarity(cheapest, knew, grouping.Weights(store)) == 0.0


def test_one_claim_about_an_untagged_firm_in_two_outlets_still_matches(store: Store, nlp: Language) -> None:
    changed = _untagged(
        nlp,
        1,
        S(CLAIM, "Nell Corrie", "the quality scores for Orrin Fabrication were changed after the bids were opened"),
    )
    altered = _untagged(
        nlp,
        2,
        S(CLAIM, "Nell Corrie", "the quality scores of Orrin Fabrication were altered after the bids were opened"),
    )
    assert grouping.similarity(changed, altered, grouping.Weights(store)) >= CLAIM_THRESHOLD
