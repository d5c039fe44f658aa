"""Which claim a denial is linked to when its own words match none: hand-built statements, invented names."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM, DENIAL
from bot.store import Store
from tests.test_propositions import S, _denies, _ingest, _proposition


def test_a_later_contentless_denial_follows_the_same_speakers_earlier_one(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store,
        nlp,
        "wire.txt",
        [
            S(CLAIM, "Marsh Heron Trust", "the quarry has killed at least forty otters along the river this spring"),
            S(DENIAL, "Brackwell Stone", "the quarry has killed forty otters", target_text="the otter figures"),
            S(CLAIM, "Edda Pilcher", "Night surveys along the towpath are planned for the summer"),
            S(DENIAL, "Brackwell Stone", "there was no basis for the number", target_text="no basis for the number"),
        ],
    )
    otters = _proposition(rows, "the quarry has killed at least forty otters along the river this spring")
    assert _denies(rows, "the quarry has killed forty otters") == otters
    assert _denies(rows, "there was no basis for the number") == otters


WIRE = [
    S(CLAIM, "Odile Brack", "the harbour board took a bribe from Tarrow Freight to approve the new berth"),
    S(
        DENIAL,
        "Harbour board",
        "the allegation by its critic a desperate smear",
        target_text="the allegation",
        denies_index=0,
    ),
    S(CLAIM, "Odile Brack", "Voters deserve to know what was promised at the meeting"),
    # "also rejected the allegation": the extractor's nearest claim is the quote just before.
    S(DENIAL, "Tarrow Freight", "the allegation", target_text="the allegation", denies_index=2),
]


def test_a_definite_reference_repeating_an_earlier_denials_noun_denies_what_it_denied(
    store: Store, nlp: Language
) -> None:
    rows = _ingest(store, nlp, "wire.txt", WIRE)
    bribe = _proposition(rows, "the harbour board took a bribe from Tarrow Freight to approve the new berth")
    assert _denies(rows, "the allegation by its critic a desperate smear") == bribe
    assert _denies(rows, "the allegation") == bribe


def test_an_indefinite_or_owned_reference_keeps_the_extractors_target(store: Store, nlp: Language) -> None:
    # "a claim" and "Brack's claim" name a claim of their own; only "the allegation" repeats one.
    specs = [
        *WIRE[:3],
        S(DENIAL, "Tarrow Freight", "Brack's allegation", target_text="Brack's allegation", denies_index=2),
    ]
    rows = _ingest(store, nlp, "wire.txt", specs)
    assert _denies(rows, "Brack's allegation") == _proposition(
        rows, "Voters deserve to know what was promised at the meeting"
    )


def test_a_reference_in_a_later_article_follows_a_like_worded_denial_of_the_story(store: Store, nlp: Language) -> None:
    first = _ingest(store, nlp, "wire.txt", WIRE[:2])
    rows = _ingest(
        store,
        nlp,
        "release.txt",
        [
            S(CLAIM, "Odile Brack", "The money is in the public record, whatever anyone calls it"),
            S(
                DENIAL,
                "Harbour board",
                "the allegations as a desperate smear",
                target_text="the allegations",
                denies_index=0,
            ),
        ],
    )
    bribe = _proposition(first, "the harbour board took a bribe from Tarrow Freight to approve the new berth")
    assert _proposition(rows, "The money is in the public record, whatever anyone calls it") != bribe
    assert _denies(rows, "the allegations as a desperate smear") == bribe


def test_references_move_with_the_denial_they_repeat_when_a_later_article_relinks_it(
    store: Store, nlp: Language
) -> None:
    first = _ingest(
        store,
        nlp,
        "wire.txt",
        [
            S(
                DENIAL,
                "Harbour board",
                "its chairman received money from Tarrow Freight in return for approving the new berth",
            ),
            S(DENIAL, "Harbour board", "the allegation by its critic a desperate smear", target_text="the allegation"),
            S(CLAIM, "Odile Brack", "a fund backing the chairman had received money from a Tarrow subsidiary in March"),
            S(DENIAL, "Tarrow Freight", "the allegation", target_text="the allegation"),
        ],
    )
    fund = _proposition(first, "a fund backing the chairman had received money from a Tarrow subsidiary in March")
    assert _denies(first, "the allegation") == _denies(first, "the allegation by its critic a desperate smear")
    rows = _ingest(
        store,
        nlp,
        "broadsheet.txt",
        [S(CLAIM, "Odile Brack", "the chairman approved the new berth in return for money from Tarrow Freight")],
    )
    approved = _proposition(rows, "the chairman approved the new berth in return for money from Tarrow Freight")
    assert approved != fund
    after = store.statements(article="wire.txt")
    assert (
        _denies(after, "its chairman received money from Tarrow Freight in return for approving the new berth")
        == approved
    )
    assert _denies(after, "the allegation by its critic a desperate smear") == approved
    assert _denies(after, "the allegation") == approved


def test_a_denial_of_a_document_quoted_by_another_outlet_denies_that_documents_claim(
    store: Store, nlp: Language
) -> None:
    first = _ingest(
        store,
        nlp,
        "broadcaster.txt",
        [
            S(
                CLAIM,
                "internal memo from Quenby Creamery",
                "the creamery knew in May that its Fallow plant failed a test",
            ),
            S(CLAIM, "Quenby Creamery", "the Fallow plant passed every inspection this year"),
        ],
    )
    rows = _ingest(
        store,
        nlp,
        "liveblog.txt",
        [
            S(CLAIM, "Quenby Creamery", "there was no cover-up of any kind at Fallow"),
            S(
                DENIAL,
                "Quenby Creamery",
                "the leaked memo reported by Westway News as one line taken out of context",
                target_text="the leaked memo reported by Westway News",
            ),
        ],
    )
    memo = _proposition(first, "the creamery knew in May that its Fallow plant failed a test")
    assert _denies(rows, "the leaked memo reported by Westway News as one line taken out of context") == memo


def test_a_document_of_another_story_is_not_what_a_denial_of_a_memo_denies(store: Store, nlp: Language) -> None:
    other = _ingest(
        store,
        nlp,
        "other.txt",
        [
            S(
                CLAIM,
                "memo from Harlan Rail Board",
                "the Harlan Rail Board planned to close Tenby Junction and Orrick Halt",
            ),
            S(CLAIM, "Orrick Halt Users Group", "Harlan Rail Board never consulted passengers at Tenby Junction"),
        ],
    )
    rows = _ingest(
        store,
        nlp,
        "liveblog.txt",
        [
            S(CLAIM, "Quenby Creamery", "there was no cover-up of any kind at Fallow"),
            S(CLAIM, "Westway News", "Quenby Creamery sold cheese from Fallow after the failed test"),
            S(
                DENIAL,
                "Quenby Creamery",
                "the leaked memo reported by Westway News as one line taken out of context",
                target_text="the leaked memo reported by Westway News",
            ),
        ],
    )
    denied = _denies(rows, "the leaked memo reported by Westway News as one line taken out of context")
    assert denied != _proposition(other, "the Harlan Rail Board planned to close Tenby Junction and Orrick Halt")


def _ingest_with_roles(store: Store, nlp: Language, name: str, specs: list[S], roles: dict[int, str]) -> list[dict]:
    """`_ingest`, with the speaker's role given for some statements (by index)."""
    return _ingest(store, nlp, name, specs, roles=roles)


LEDE = "his campaign had received $400,000 from Tarrow Freight in return for approving a contested berth"


def test_a_headline_denial_naming_the_speaker_by_role_denies_what_the_ledes_denial_denies(
    store: Store, nlp: Language
) -> None:
    rows = _ingest_with_roles(
        store,
        nlp,
        "wire.txt",
        [
            S(DENIAL, "Harbour chairman", "taking freight cash for permit"),
            S(DENIAL, "Odo Rennick", LEDE),
            S(CLAIM, "Odile Brack", "a fund backing the chairman took freight cash before the permit was signed"),
            S(CLAIM, "Odile Brack", "his campaign got $400,000 from Tarrow Freight for approving the berth"),
        ],
        roles={1: "Harbour chairman"},
    )
    # The headline's words fit the fund claim better; it restates the lede, which denies the other.
    lede = _denies(rows, LEDE)
    assert lede == _proposition(rows, "his campaign got $400,000 from Tarrow Freight for approving the berth")
    assert _denies(rows, "taking freight cash for permit") == lede


def test_the_extractors_target_is_the_claim_sharing_the_telling_word_not_the_common_one(nlp: Language) -> None:
    from bot.nlp.extract.build import extract_statements

    statements = list(
        extract_statements(
            nlp(
                "The Marsh Heron Trust said nine otters had been found dead along the river since January. "
                "The quarry company said post-mortem examinations pointed to poisoning rather than drowning. "
                "Its manager, Edda Pilcher, said the quarry pumps stop whenever an otter comes near them. "
                "The Fenside Farmers' Union dismissed the suggestion that the otters had been poisoned "
                'on neighbouring farms as "nonsense".'
            )
        )
    )
    # "the suggestion that …" is a claim of its own (by the suggestion), added before the denial that
    # rejects it; the denial is linked to it, not to the nearest claim sharing only "otters".
    assert [s.kind for s in statements] == [CLAIM, CLAIM, CLAIM, CLAIM, DENIAL]
    assert statements[3].speaker == "suggestion" and "otters had been poisoned" in statements[3].text
    assert statements[4].denies_index == 3


def test_a_wordless_denial_by_a_partys_officer_follows_that_partys_earlier_denial(store: Store, nlp: Language) -> None:
    specs = [
        S(CLAIM, "opposition", "a video shows ballot boxes being stuffed in Harnby"),
        S(DENIAL, "electoral commission", "a video that shows ballot boxes being stuffed in Harnby"),
        S(CLAIM, "Pell Varga", "he would not recognise the result"),
        S(DENIAL, "Ysolde Brun", "the clip has nothing to do with Sunday's vote"),
    ]
    rows = _ingest_with_roles(store, nlp, "broadcaster.txt", specs, roles={3: "commission's chair"})
    video = _proposition(rows, "a video shows ballot boxes being stuffed in Harnby")
    assert _denies(rows, "a video that shows ballot boxes being stuffed in Harnby") == video
    assert _denies(rows, "the clip has nothing to do with Sunday's vote") == video


def test_a_wordless_denial_by_another_party_does_not_follow_its_opponents_denial(store: Store, nlp: Language) -> None:
    specs = [
        S(CLAIM, "opposition", "a video shows ballot boxes being stuffed in Harnby"),
        S(DENIAL, "electoral commission", "a video that shows ballot boxes being stuffed in Harnby"),
        S(CLAIM, "Pell Varga", "he would not recognise the result"),
        S(DENIAL, "Ysolde Brun", "the clip has nothing to do with Sunday's vote"),
    ]
    rows = _ingest_with_roles(store, nlp, "broadcaster.txt", specs, roles={3: "observer mission's chair"})
    video = _proposition(rows, "a video shows ballot boxes being stuffed in Harnby")
    assert _denies(rows, "the clip has nothing to do with Sunday's vote") != video


def test_a_claim_named_by_its_content_is_found_by_that_word(nlp: Language) -> None:
    from bot.nlp.extract.build import extract_statements

    statements = list(
        extract_statements(
            nlp(
                "Coach Ada Wren said the banned substance came from a contaminated supplement. "
                "The federation said her B sample would be tested next week. "
                'Pureline Nutrition said it had found "no basis whatsoever" for the contamination claim '
                "after re-testing retained samples."
            )
        )
    )
    assert [s.kind for s in statements] == [CLAIM, CLAIM, DENIAL]
    # "the contamination claim" names the claim by its content: the one about a contaminated supplement.
    assert statements[2].denies_index == 0
