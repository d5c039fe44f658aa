"""A denial that states what it rejects is linked by those words before the positional and named-party
rules: a headline or flat denial naming the denied proposition goes to the claim saying it, in its own
article or another of the story. Invented sentences and names."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.ingest import grouping
from bot.models import CLAIM, DENIAL
from bot.store import Store
from tests.test_propositions import S, _denies, _ingest, _proposition

HEAT = "the heatwave killed the snow leopard at Varrow Zoo"
TICKETS = "two train tickets for the mayor's husband were booked through the council's travel account"
PAID_BACK = "I got that one wrong and I have paid the hotel bill back in full"
DENIED_TICKETS = "a claim that train tickets for the mayor's husband had been paid through the council's travel account"


def _heat_story(store: Store, nlp: Language) -> tuple[list[dict], list[dict]]:
    first = _ingest(
        store,
        nlp,
        "liveblog.txt",
        [
            S(CLAIM, "Welfare campaigners", HEAT),
            S(CLAIM, "Varrow council", "Varrow Zoo had passed its spring licence inspection in April"),
        ],
    )
    second = _ingest(
        store,
        nlp,
        "brief.txt",
        [
            S(DENIAL, "Varrow Zoo", "heatwave killed snow leopard", target_text="heatwave killed snow leopard"),
            # A claim of its own article sharing "snow leopard": the nearest fit by the in-article rules.
            S(CLAIM, "Posts on social media", "the zoo's other snow leopard had also fallen ill"),
        ],
    )
    return first, second


def test_a_headline_denial_goes_to_the_claim_its_words_state(store: Store, nlp: Language) -> None:
    first, second = _heat_story(store, nlp)
    assert _denies(second, "heatwave killed snow leopard") == _proposition(first, HEAT)


def test_without_its_own_words_deciding_the_headline_goes_elsewhere(
    store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same story with the content step switched off: the in-article rule takes the nearer claim
    # sharing two words, which is what the step is there to prevent.
    monkeypatch.setattr(grouping.Grouper, "_own_words_target", lambda self, item, margin_over=None: None)
    first, second = _heat_story(store, nlp)
    assert _denies(second, "heatwave killed snow leopard") != _proposition(first, HEAT)


def test_own_words_win_over_an_extractor_target_sharing_one_word(store: Store, nlp: Language) -> None:
    first = _ingest(store, nlp, "tabloid.txt", [S(CLAIM, "source at the town hall", TICKETS)])
    second = _ingest(
        store,
        nlp,
        "weekly.txt",
        [
            S(CLAIM, "Mayor Odile Tarrant", PAID_BACK),
            S(DENIAL, "Council officers", DENIED_TICKETS, target_text=DENIED_TICKETS, denies_index=0),
        ],
    )
    assert _denies(second, DENIED_TICKETS) == _proposition(first, TICKETS)
    assert _denies(second, DENIED_TICKETS) != _proposition(second, PAID_BACK)


def test_a_pronoun_object_keeps_the_extractors_target(store: Store, nlp: Language) -> None:
    # "That is not true …": what follows the verdict is the denier's account, not what is denied,
    # however well a claim of their ally matches it.
    accusation = "Councillor Grendon said the Brannock trip had been paid for by the council"
    ally = "The total cost of the Brannock trip was 3,180 and the twinning association paid for it"
    denial = "That is not true. The Brannock trip cost 3,180 and the twinning association paid for it."
    rows = _ingest(
        store,
        nlp,
        "gazette.txt",
        [
            S(CLAIM, "Councillor Grendon", accusation),
            S(CLAIM, "Dana Whitlock", ally),
            S(DENIAL, "Patricia Okwu", denial, target_text="That", denies_index=0),
        ],
    )
    assert _denies(rows, denial) == _proposition(rows, accusation)


HOLIDAY = "charging a family holiday to the council card"
CHARGED = "the mayor had been charging a family holiday at the seaside to the council card"


def test_a_stored_headline_naming_nobody_moves_to_a_later_claim_stating_it(store: Store, nlp: Language) -> None:
    # The headline names no one, so no name ties it to the later article; its own words do.
    first = _ingest(
        store,
        nlp,
        "wire.txt",
        [
            S(DENIAL, "Harwick mayor", HOLIDAY, target_text=HOLIDAY),
            S(CLAIM, "Harwick council", "the council card had been audited by the finance office in June"),
        ],
    )
    _ingest(
        store,
        nlp,
        "tabloid.txt",
        [S(CLAIM, "hotel worker", "they were here as a family, on holiday, and the kids swam all Sunday")],
    )
    third = _ingest(store, nlp, "weekly.txt", [S(CLAIM, "Councillor Brannon Quell", CHARGED)])
    denied = next(r["denies"] for r in store.statements(article="wire.txt") if r["text"] == HOLIDAY)
    assert denied == _proposition(third, CHARGED)
    assert first  # the headline's article was stored


def test_plural_posts_name_the_claim_of_posts(store: Store, nlp: Language) -> None:
    posted = "Tarkan, the zoo's male snow leopard, had also fallen ill"
    rows = _ingest(
        store,
        nlp,
        "liveblog.txt",
        [
            S(CLAIM, "Varrow Zoo", "a post-mortem found kidney disease in the old leopard"),
            S(CLAIM, "Posts on social media", posted),
            S(DENIAL, "Dr Ilse Marrin", "the posts a hoax", target_text="the posts"),
        ],
    )
    assert _denies(rows, "the posts a hoax") == _proposition(rows, posted)


def test_one_shared_name_ties_a_claim_stating_the_denied_words(store: Store, nlp: Language) -> None:
    # The two articles share one name word ("Castlewick"), too few for one story by names alone; a claim
    # saying what the denial rejects is still found there.
    tickets = "two train tickets for the mayor's husband were booked through the Castlewick travel account"
    first = _ingest(
        store,
        nlp,
        "tabloid.txt",
        [
            S(CLAIM, "Orla Penhallow of the Daily Klaxon", tickets),
            S(CLAIM, "Bertram Ludd", "Ludd and Penhallow saw the receipts at Quillon House on Friday"),
        ],
    )
    denied = "a claim in a national tabloid that train tickets for the mayor's husband were booked through the travel account"
    second = _ingest(
        store,
        nlp,
        "weekly.txt",
        [
            S(CLAIM, "Ysolde Marrack", "Marrack and Venn of Castlewick Council met Dr Aubrey Thane on Tuesday"),
            S(DENIAL, "Castlewick Council officers", denied, target_text="a claim"),
        ],
    )
    assert _denies(second, denied) == _proposition(first, tickets)


def test_the_story_is_the_reports_claim_not_the_claim_said_last(store: Store, nlp: Language) -> None:
    revealed = "the mayor of Harwick spent 2,340 florins of council money on a seaside weekend"
    sourced = "two first-class train tickets for the mayor's husband were booked by the town hall"
    rows = _ingest(
        store,
        nlp,
        "tabloid.txt",
        [
            S(CLAIM, "Clarion", revealed),
            S(CLAIM, "source at the town hall", sourced),
            S(DENIAL, "Hugo Brant", "the story nonsense from start to finish", target_text="the story", denies_index=1),
        ],
        cues={0: "revealed", 1: "claimed"},
    )
    assert _denies(rows, "the story nonsense from start to finish") == _proposition(rows, revealed)


def test_that_claim_still_points_at_the_claim_just_given(store: Store, nlp: Language) -> None:
    revealed = "the mayor of Harwick spent 2,340 florins of council money on a seaside weekend"
    sourced = "two first-class train tickets for the mayor's husband were booked by the town hall"
    rows = _ingest(
        store,
        nlp,
        "tabloid.txt",
        [
            S(CLAIM, "Clarion", revealed),
            S(CLAIM, "source at the town hall", sourced),
            S(DENIAL, "Hugo Brant", "that claim as nonsense", target_text="that claim", denies_index=1),
        ],
        cues={0: "revealed", 1: "claimed"},
    )
    assert _denies(rows, "that claim as nonsense") == _proposition(rows, sourced)


def test_a_reference_naming_another_topic_is_left_unlinked(store: Store, nlp: Language) -> None:
    # "the split rumours" after a claim about ticket sales: the nearest claim is not what it names,
    # and no link is better than that one.
    sales = "fewer than four in ten seats had been sold for some dates"
    rows = _ingest(
        store,
        nlp,
        "tabloid.txt",
        [
            S(CLAIM, "Sam Orrin", sales),
            S(DENIAL, "spokesman for the Wexford Lanterns", "the split rumours", target_text="the split rumours"),
        ],
    )
    assert _denies(rows, "the split rumours") is None


def test_a_bare_reference_still_denies_the_nearest_claim(store: Store, nlp: Language) -> None:
    sales = "fewer than four in ten seats had been sold for some dates"
    rows = _ingest(
        store,
        nlp,
        "tabloid.txt",
        [
            S(CLAIM, "Sam Orrin", sales),
            S(DENIAL, "spokesman for the Wexford Lanterns", "the rumours", target_text="the rumours"),
        ],
    )
    assert _denies(rows, "the rumours") == _proposition(rows, sales)


def test_one_shared_name_does_not_tie_a_claim_fitting_loosely(store: Store, nlp: Language) -> None:
    # Only "Castlewick" is shared, and the claim shares two words of the denial in another sense:
    # too loose a fit to cross into an article of what may be another story.
    ferry = "the Castlewick ferry tickets had been paid through a new travel account in March"
    _ingest(
        store,
        nlp,
        "harbour.txt",
        [
            S(CLAIM, "Orla Penhallow of the Harbour Gazette", ferry),
            S(CLAIM, "Bertram Ludd", "Ludd and Penhallow met at Quillon House on Friday"),
        ],
    )
    denied = "a claim that the mayor's husband had been given first-class rail tickets by Castlewick Council"
    second = _ingest(
        store,
        nlp,
        "weekly.txt",
        [
            S(CLAIM, "Ysolde Marrack", "Marrack and Venn of Castlewick Council met Dr Aubrey Thane on Tuesday"),
            S(DENIAL, "Castlewick Council officers", denied, target_text="a claim"),
        ],
    )
    ferry_prop = next(r["proposition"] for r in store.statements(article="harbour.txt") if r["text"] == ferry)
    assert _denies(second, denied) != ferry_prop
