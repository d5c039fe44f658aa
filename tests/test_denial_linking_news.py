"""Denials of a report on multi-outlet news: what the report said, who said it, and which claim
a denial of it points at. Invented sentences and names."""

from __future__ import annotations

from spacy.language import Language

from bot.ingest import grouping
from bot.ingest.grouping import report_owner
from bot.models import CLAIM, DENIAL
from bot.nlp.signatures import item_from_statement
from bot.store import Store
from tests.test_extract import run
from tests.test_propositions import S, _denies, _ingest, _proposition, _statement


def test_a_report_in_a_named_newspaper_with_its_clause_on_the_verb_is_the_papers_claim(nlp: Language) -> None:
    statements = run(
        nlp,
        "Ferry operator Calder Lines on Friday denied a report in the Westport Courier newspaper that it "
        "was preparing to close its northern routes.",
    )
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert "Westport Courier" in claim.speaker
    assert claim.text.startswith("it was preparing to close its northern routes")
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_a_report_in_a_month_names_no_source(nlp: Language) -> None:
    statements = run(nlp, "The council denied a report in March that it had sold the old library.")
    assert all("March" not in s.speaker for s in statements)


def test_no_truth_in_a_named_outlets_report_denies_that_outlets_first_claim(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store,
        nlp,
        "check.txt",
        [
            S(CLAIM, "Weekend Lantern", "the Orrin Quartet will disband after its winter tour"),
            S(CLAIM, "fan site TuneDrift", "the cellist has signed a film score deal with a studio in Lisbon"),
            S(CLAIM, "Weekend Lantern", "an anonymous friend saying the players barely talk to each other"),
            S(DENIAL, "Merrow Records", "there was no truth at all in the Lantern's report"),
        ],
    )
    disband = _proposition(rows, "the Orrin Quartet will disband after its winter tour")
    assert _denies(rows, "there was no truth at all in the Lantern's report") == disband


def test_a_named_owners_report_is_looked_for_in_other_articles_of_the_story(store: Store, nlp: Language) -> None:
    first = _ingest(
        store,
        nlp,
        "lantern.txt",
        [
            S(CLAIM, "Weekend Lantern", "the Orrin Quartet will disband after its winter tour in Dunmore"),
            S(CLAIM, "Orrin Quartet manager Tess Ivary", "The Orrin Quartet has shows booked in Dunmore for next year"),
        ],
    )
    disband = _proposition(first, "the Orrin Quartet will disband after its winter tour in Dunmore")
    rows = _ingest(
        store,
        nlp,
        "brief.txt",
        [
            S(CLAIM, "Tess Ivary", "the Orrin Quartet plays Dunmore in March"),
            S(DENIAL, "Merrow Records", "the Lantern's story about the Orrin Quartet was fiction"),
        ],
    )
    assert _denies(rows, "the Lantern's story about the Orrin Quartet was fiction") == disband


def test_report_owner_is_the_proper_name_before_a_report_noun() -> None:
    assert report_owner("there was no truth in the Daily Lantern's report") == "Lantern"
    assert report_owner("the band's label said the story was false") is None
    assert report_owner("there was no truth in the report") is None


def _ingest_with_cues(store: Store, nlp: Language, name: str, specs: list[tuple[S, str]]) -> list[dict]:
    """Like `_ingest`, each statement with the cue given beside it ("claim" for a headline's noun)."""
    return _ingest(store, nlp, name, [spec for spec, _ in specs], cues={i: cue for i, (_, cue) in enumerate(specs)})


def test_no_truth_in_the_report_denies_the_post_just_quoted(store: Store, nlp: Language) -> None:
    rows = _ingest_with_cues(
        store,
        nlp,
        "wire.txt",
        [
            # A headline "University's reactor claim challenged by rival chemists": a report noun cue.
            (S(CLAIM, "University", "challenged by rival chemists"), "claim"),
            (S(CLAIM, "Ilse Varga", "the reactor design could cut fertiliser costs by a third"), "said"),
            (
                S(CLAIM, "post on the industry forum GridTalk", "Nortek had dropped its option on the licence"),
                "claimed",
            ),
            (S(DENIAL, "Nortek", "there was no truth in the report"), "said"),
        ],
    )
    dropped = _proposition(rows, "Nortek had dropped its option on the licence")
    assert _denies(rows, "there was no truth in the report") == dropped


def test_the_claim_was_false_denies_what_a_post_claims_not_a_claim_using_the_word_false(
    store: Store, nlp: Language
) -> None:
    rows = _ingest_with_cues(
        store,
        nlp,
        "check.txt",
        [
            (
                S(CLAIM, "post", "nine pupils at Hollin Street school fell ill after the new water filters went in"),
                "claims",
            ),
            (S(CLAIM, "Its author", "the parents were kept in the dark"), "wrote"),
            (S(DENIAL, "Hollin water authority", "the claim was false"), "said"),
            (
                S(CLAIM, "Teachers' union officials", "false rumours could frighten families away from the school"),
                "warned",
            ),
        ],
    )
    pupils = _proposition(rows, "nine pupils at Hollin Street school fell ill after the new water filters went in")
    assert _denies(rows, "the claim was false") == pupils


def test_a_verdict_word_shared_with_a_claim_does_not_make_it_the_target(store: Store, nlp: Language) -> None:
    denial = item_from_statement(1, 1, 2, _statement(nlp, S(DENIAL, "water authority", "the claim was false"), 0))
    rumour = item_from_statement(
        2, 1, 3, _statement(nlp, S(CLAIM, "union officials", "false rumours could frighten families away"), 30)
    )
    weights = grouping.Weights(store)
    # The words alone share "false"; what the denial rejects does not.
    assert grouping.similarity(denial, rumour, weights, for_denial=True) > 0
    assert grouping.denial_score(denial, rumour, weights) < grouping.DENIAL_IN_ARTICLE_THRESHOLD


def test_quoted_reports_called_false_become_the_reports_claim(nlp: Language) -> None:
    statements = run(
        nlp,
        'In a statement, the orchestra said: "Reports online that our conductor has resigned are completely '
        'false. She is rehearsing with us this week."',
    )
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert claim.speaker.lower().startswith("reports")
    assert claim.text.startswith("our conductor has resigned")
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_quoted_reports_not_called_false_stay_the_speakers_words(nlp: Language) -> None:
    statements = run(nlp, 'The orchestra said: "Reports that ticket sales doubled this spring are very welcome."')
    assert not any(s.speaker.lower().startswith("reports") for s in statements)


def test_not_in_talks_answers_a_report_of_talks_as_a_denial(nlp: Language) -> None:
    statements = run(
        nlp,
        "The Harbour Post reported that Tessaline Foods was in talks to buy the Orvell bakery chain. "
        '"We are not in talks with Orvell," a Tessaline spokesman said.',
    )
    denial = next(s for s in statements if s.text.startswith("We are not in talks"))
    assert denial.kind == DENIAL
    assert denial.denies_index is not None and "in talks to buy" in statements[denial.denies_index].text


def test_not_in_a_place_answering_nothing_stays_a_claim(nlp: Language) -> None:
    statements = run(nlp, '"The mayor is not in the city this week," her office said.')
    assert [s.kind for s in statements] == [CLAIM]
