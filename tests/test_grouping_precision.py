"""Grouping precision: claims that say different things about the same named actors stay apart,
claims that say one thing across outlets still join. Invented sentences and names."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language

from bot.ingest import grouping
from bot.ingest.grouping.claims import _same_article_score
from bot.ingest.grouping.scoring import _capitalised_words, _written_names
from bot.models import CLAIM
from bot.nlp.signatures import CLAIM_THRESHOLD, SAME_SPEAKER_BONUS, Item, item_from_statement
from bot.store import Store
from tests.test_propositions import S, _ingest, _prop, _statement


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


def _placed(nlp: Language, position: int, spec: S) -> Item:
    """A claim of one article (id 7) at a given statement position."""
    return item_from_statement(100 + position, 7, position, _statement(nlp, spec, 0))


def test_one_speakers_claims_far_apart_in_an_article_get_no_same_speaker_bonus(store: Store, nlp: Language) -> None:
    weights = grouping.Weights(store)
    kept = _placed(nlp, 0, S(CLAIM, "Ivo Brannick", "the academy kept a private list of donors' children each year"))
    offered = _placed(
        nlp, 4, S(CLAIM, "Ivo Brannick", "one donor's son was offered a place at the academy with lower grades")
    )
    plain = grouping.similarity(kept, offered, weights)
    assert plain > 0.0
    assert _same_article_score(kept, offered, weights) == plain - SAME_SPEAKER_BONUS


def test_a_report_and_its_quote_next_to_it_keep_the_same_speaker_bonus(store: Store, nlp: Language) -> None:
    weights = grouping.Weights(store)
    said = _placed(nlp, 2, S(CLAIM, "Ivo Brannick", "the academy kept a private list of donors' children"))
    quote = _placed(nlp, 3, S(CLAIM, "Ivo Brannick", "There was a list. Donors' children were on it every year."))
    assert grouping.similarity(said, quote, weights) > 0.0
    assert _same_article_score(said, quote, weights) == grouping.similarity(said, quote, weights)


def test_two_speakers_of_one_article_are_scored_as_before(store: Store, nlp: Language) -> None:
    weights = grouping.Weights(store)
    one = _placed(nlp, 0, S(CLAIM, "Ivo Brannick", "the academy kept a private list of donors' children"))
    other = _placed(nlp, 5, S(CLAIM, "Wren Astley", "the academy kept a list of the children of its donors"))
    assert grouping.similarity(one, other, weights) > 0.0
    assert _same_article_score(one, other, weights) == grouping.similarity(one, other, weights)


_KEPT = "the academy kept a private list of donors' children each year"
_OFFERED = "the academy offered one child on the list a place with lower grades"
_FILLERS = [
    S(CLAIM, "Wren Astley", "the ferry timetable will change in the spring"),
    S(CLAIM, "Tam Oduya", "the bridge repairs finished two weeks early"),
]


def test_one_speakers_two_points_far_apart_in_an_article_are_two_propositions(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store, nlp, "apart.txt", [S(CLAIM, "Ivo Brannick", _KEPT), *_FILLERS, S(CLAIM, "Ivo Brannick", _OFFERED)]
    )
    assert _prop(rows, _KEPT) != _prop(rows, _OFFERED)


def test_the_same_two_claims_next_to_each_other_still_join(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store, nlp, "next.txt", [S(CLAIM, "Ivo Brannick", _KEPT), S(CLAIM, "Ivo Brannick", _OFFERED), *_FILLERS]
    )
    assert _prop(rows, _KEPT) == _prop(rows, _OFFERED)
