"""Denial linking: a claim that negates what a denial rejects agrees with it, and a headline denial
linked by its own words keeps its link. Invented sentences and names."""

from __future__ import annotations

from spacy.language import Language

from bot.ingest.grouping.linking import says_the_same_no
from bot.ingest.grouping.references import points_back
from bot.models import CLAIM, DENIAL
from bot.nlp.signatures import Item
from bot.store import Store
from tests.test_propositions import S, _denies, _ingest, _proposition


def _it(kind: str, speaker: str, text: str, concepts: set[str], negated: set[str] = frozenset(), **kw) -> Item:  # type: ignore[assignment]
    return Item(
        id=kw.get("id", 1),
        article_id=1,
        position=kw.get("position", 0),
        kind=kind,
        speaker=speaker,
        text=text,
        concepts=frozenset(concepts),
        negated=frozenset(negated),
        entities=frozenset(kw.get("entities", ())),
    )


DENIAL_OF_FIRE = _it(DENIAL, "Tolvane Air", "there had been any fire on the flight", {"fire", "flight"})


def test_a_claim_negating_what_the_denial_rejects_agrees_with_it() -> None:
    spokeswoman = _it(
        CLAIM, "a spokeswoman for the carrier", "There was no engine fire", {"engine", "fire"}, {"engine", "fire"}
    )
    assert says_the_same_no(DENIAL_OF_FIRE, spokeswoman)


def test_an_affirmative_claim_is_what_such_a_denial_may_reject() -> None:
    passengers = _it(CLAIM, "passengers", "a fire broke out in the left engine", {"fire", "break", "left", "engine"})
    assert not says_the_same_no(DENIAL_OF_FIRE, passengers)


def test_a_negated_claim_about_something_else_can_still_be_denied() -> None:
    union = _it(CLAIM, "the union", "the crew were not told about the fire", {"crew", "tell", "fire"}, {"crew", "tell"})
    assert not says_the_same_no(DENIAL_OF_FIRE, union)


def test_a_denial_that_negates_in_its_own_words_is_left_to_the_side_rule() -> None:
    flat = _it(DENIAL, "Tolvane Air", "There was no fire on the flight", {"fire", "flight"}, {"fire", "flight"})
    spokeswoman = _it(
        CLAIM, "a spokeswoman for the carrier", "There was no engine fire", {"engine", "fire"}, {"engine", "fire"}
    )
    assert not says_the_same_no(flat, spokeswoman)


def test_a_denial_restating_a_negated_claim_rejects_it() -> None:
    # "rejected claims that no fire drill was held": the denial's words hold the claim whole.
    claim = _it(CLAIM, "claims", "no fire drill was held", {"fire", "drill", "hold"}, {"fire", "drill", "hold"})
    denial = _it(DENIAL, "Tolvane Air", "claims that no fire drill was held", {"fire", "drill", "hold", "claim"})
    assert not says_the_same_no(denial, claim)


def test_names_shared_by_a_negated_claim_do_not_make_it_agree() -> None:
    denial = _it(
        DENIAL,
        "Tolvane Air",
        "Brannoch had any part in the delay",
        {"brannoch", "part", "delay"},
        entities={"brannoch"},
    )
    claim = _it(
        CLAIM,
        "Cara Venn",
        "Brannoch was not consulted",
        {"brannoch", "consult"},
        {"brannoch", "consult"},
        entities={"brannoch"},
    )
    assert not says_the_same_no(denial, claim)


def test_a_denial_is_not_linked_to_a_claim_agreeing_with_it(store: Store, nlp: Language) -> None:
    fire = "flames poured from the left engine of flight 22 over the bay"
    agreeing = (
        "There was no engine fire on flight 22. What passengers saw was a normal flare from the exhaust "
        "as the crew shut the engine down"
    )
    rows = _ingest(
        store,
        nlp,
        "flight.txt",
        [
            S(CLAIM, "Mara Quill", fire),
            S(CLAIM, "a spokeswoman for the carrier", agreeing),
            S(DENIAL, "Tolvane Air", "there had been any engine fire on flight 22"),
        ],
    )
    assert next(r for r in rows if r["text"] == agreeing)["kind"] == CLAIM
    assert _denies(rows, "there had been any engine fire on flight 22") == _proposition(rows, fire)


def _denial(text: str) -> Item:
    return _it(DENIAL, "Orla Venn", text, set())


def test_a_denial_opening_on_a_demonstrative_points_back() -> None:
    assert points_back(_denial("that was not true"))
    assert points_back(_denial("I don't accept that. We had to check every ledger first"))
    assert points_back(_denial("No. That conversation did not happen."))


def test_a_that_clause_or_a_late_demonstrative_does_not_point_back() -> None:
    assert not points_back(_denial("that the agency had asked only for a routine update"))
    assert not points_back(_denial("there is no evidence that this object was looted"))
    assert not points_back(_denial("the harbour toll was never raised"))


def test_a_demonstrative_denial_does_not_take_the_speakers_earlier_target(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store,
        nlp,
        "harbour.txt",
        [
            S(CLAIM, "Jory Pellin", "the harbour board raised the mooring toll twice last winter"),
            S(DENIAL, "Talwyn Marsh", "the mooring toll went up twice", denies_index=0),
            S(CLAIM, "Mabli Rowe", "the board chair met the dredging contractor at a private dinner in March"),
            S(DENIAL, "Talwyn Marsh", "No. That conversation did not happen."),
        ],
    )
    first = _denies(rows, "the mooring toll went up twice")
    assert first is not None
    assert _denies(rows, "No. That conversation did not happen.") != first
