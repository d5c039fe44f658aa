"""Choosing which claim a denial denies: whose side a speaker is on, and which of several claims
naming the denier an object-only denial rejects. Invented sentences and names."""

from __future__ import annotations

from spacy.language import Language

from bot.ingest.grouping.scoring import clear_best
from bot.ingest.grouping.sides import _party_words, unpossessive
from bot.models import CLAIM, DENIAL
from bot.store import Store
from tests.test_propositions import S, _denies, _ingest, _proposition


def test_a_name_keeps_its_own_final_s() -> None:
    assert unpossessive("Follis") == "Follis"
    assert unpossessive("Follis's") == "Follis"
    assert unpossessive("Harkins'") == "Harkins"
    assert _party_words("Cllr Brenna Follis") == {"brenna", "follis"}


def test_a_role_owned_by_a_named_party_speaks_for_it() -> None:
    assert _party_words("Cllr Follis's office") == {"follis"}
    assert _party_words("the Courier's spokesman") == {"courier"}
    # Merely mentioning a party is not speaking for it.
    assert _party_words("a former Corvanta engineer") == set()


def test_a_role_speaking_for_a_party_named_after_it_is_that_party() -> None:
    assert _party_words("lawyers for Ivo Marrant") == {"ivo", "marrant"}
    assert _party_words("a spokeswoman for the Tessel Harbour Board") == {"tessel", "harbour", "board"}
    # A role that only mentions the party does not speak for it.
    assert _party_words("critics of Ivo Marrant") == set()


def test_a_name_holding_linking_words_is_still_a_name() -> None:
    assert "quennell" in _party_words("Quennell Gallery of Modern Art")
    assert _party_words("Quennell Gallery of Modern Art") & _party_words("Quennell")
    # A description that begins in lower case is not turned into a name by its capitals.
    assert _party_words("friends of the Quennell Gallery") == set()


def test_a_shared_title_makes_no_common_side() -> None:
    assert not _party_words("Cllr Brenna Follis") & _party_words("Cllr Shona Maddox")


RIVALS = [
    S(CLAIM, "Nadia Orme", "Talbot Renn of selling out the island's fishermen"),
    S(CLAIM, "Nadia Orme", "Renn had lobbied for a casino licence while sitting on a hotel board"),
    S(DENIAL, "Renn campaign", "the allegations false", target_text="the allegations", denies_index=1),
    S(DENIAL, "Talbot Renn", "the attack as desperate", target_text="the attack"),
]


def test_an_object_only_denial_rejects_the_accusation_naming_its_speaker(store: Store, nlp: Language) -> None:
    # "Renn dismissed the attack as desperate": of the two claims naming him, the one that accuses him.
    rows = _ingest(store, nlp, "a.txt", RIVALS, cues={0: "accused"})
    accusation = _proposition(rows, RIVALS[0].text)
    assert _denies(rows, "the attack as desperate") == accusation
    assert _denies(rows, "the allegations false") == _proposition(rows, RIVALS[1].text) != accusation


def test_a_claim_merely_naming_the_denier_is_not_taken_for_the_attack(store: Store, nlp: Language) -> None:
    rows = _ingest(store, nlp, "a.txt", RIVALS)  # both claims given by "said": neither accuses
    assert _denies(rows, "the attack as desperate") != _proposition(rows, RIVALS[0].text)


DRESSING_ROOM = [
    S(CLAIM, "Harbour Gazette", "the coach had thrown a boot at a tactics board after the derby"),
    S(CLAIM, "club insiders", "the captain wants to leave the club in January"),
    S(
        DENIAL,
        "Petra Lund",
        "the captain has no wish to leave the club in January",
        target_text="the captain has no wish to leave the club in January",
        denies_index=0,
    ),
]


def test_an_extractor_target_sharing_nothing_denied_gives_way_to_the_claim_that_says_it(
    store: Store, nlp: Language
) -> None:
    # The extractor pointed at the boot claim; the denial's words are the January claim's.
    rows = _ingest(store, nlp, "a.txt", DRESSING_ROOM)
    denied = _denies(rows, DRESSING_ROOM[2].text)
    assert denied == _proposition(rows, DRESSING_ROOM[1].text) != _proposition(rows, DRESSING_ROOM[0].text)


LOBBYING = [
    S(CLAIM, "Julia Marsh", "Tobin had lobbied for the deal while serving on the board of a dairy"),
    S(
        DENIAL,
        "Ed Tarrant",
        "Tobin has never lobbied for any trade agreement",
        target_text="any trade agreement",
        denies_index=0,
    ),
]


def test_a_denial_sharing_its_verb_with_the_extractor_target_keeps_it(store: Store, nlp: Language) -> None:
    # Its named object ("any trade agreement") shares nothing with the claim, its verb does.
    rows = _ingest(store, nlp, "a.txt", LOBBYING)
    assert _denies(rows, LOBBYING[1].text) == _proposition(rows, LOBBYING[0].text)


ENGINEER = [
    S(CLAIM, "Harbour Gazette", "the attaché had tried to recruit an engineer at the naval yard"),
    S(CLAIM, "Several papers", "Norvald was preparing to expel a diplomat in return"),
    S(DENIAL, "Lisbet Aune", "The engineer story never happened", target_text="story"),
]


def test_a_report_named_by_its_content_is_the_claim_saying_it(store: Store, nlp: Language) -> None:
    # "The engineer story": the claim about the engineer, not the last report of the article.
    rows = _ingest(store, nlp, "a.txt", ENGINEER, cues={1: "reported"})
    denied = _denies(rows, ENGINEER[2].text)
    assert denied == _proposition(rows, ENGINEER[0].text) != _proposition(rows, ENGINEER[1].text)


BRIBES = [
    S(CLAIM, "Rhea Moss", "Tomas Varga accepted a bribe from the builders of the pier"),
    S(CLAIM, "Ida Crane", "a customs officer had accepted a bribe to wave cargo through"),
    S(DENIAL, "Tomas Varga", "I have never accepted a bribe in my life"),
]


def test_a_denial_answers_the_claim_about_its_speaker_rather_than_a_nearer_alike_one(
    store: Store, nlp: Language
) -> None:
    rows = _ingest(store, nlp, "a.txt", BRIBES)
    assert _denies(rows, BRIBES[2].text) == _proposition(rows, BRIBES[0].text) != _proposition(rows, BRIBES[1].text)


def test_two_claims_fitting_alike_give_no_winner() -> None:
    assert clear_best({1: 0.62, 2: 0.60}, 0.05) is None
    assert clear_best({1: 0.62, 2: 0.40}, 0.05) == 1
    assert clear_best({7: 0.3}, 0.05) == 7
    assert clear_best({}, 0.05) is None


def test_a_denial_by_a_partys_lawyers_is_not_linked_to_the_partys_own_claim(store: Store, nlp: Language) -> None:
    # The lawyers' words are closest to their client's own account; what they deny is the accuser's claim.
    rows = _ingest(
        store,
        nlp,
        "court.txt",
        [
            S(CLAIM, "Della Fenwright", "Ivo Marrant copied her recipes for his television show"),
            S(CLAIM, "Ivo Marrant", "every recipe on his television show was his own creation"),
            S(DENIAL, "lawyers for Ivo Marrant", "that any recipe on the television show was not his own creation"),
        ],
    )
    denial = next(r for r in rows if r["kind"] == DENIAL)
    assert denial["denies"] == _proposition(rows, "Ivo Marrant copied her recipes for his television show")
