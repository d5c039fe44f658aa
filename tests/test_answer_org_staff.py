"""Questions about an organisation find its staff's statements; questions about a person do not find their staff's."""

from __future__ import annotations

from answer_fixtures import _save, _statement
from bot.answers.compose import answer_question
from bot.answers.speakers import STAFF_STRENGTH, match_speakers
from bot.store import Store


def _harbour_store(store: Store) -> None:
    _save(
        store,
        "w1",
        "Harbour Gazette",
        "2025-03-04",
        "Harbour",
        [
            _statement(
                "claim",
                "Harbour Watch",
                "the pier needs new lamps",
                "Harbour Watch said the pier needs new lamps.",
                speaker_type="org",
            ),
            _statement(
                "claim",
                "Jo Bell",
                "ferry fares will double by next winter",
                "Harbour Watch chief strategist Jo Bell said ferry fares will double by next winter.",
                role="Harbour Watch chief strategist",
            ),
            _statement(
                "claim",
                "Wren Adair",
                "the lighthouse museum will close on Mondays",
                "Wren Adair said the lighthouse museum will close on Mondays.",
            ),
            _statement(
                "claim",
                "Tom Pike",
                "the canal path will be resurfaced in May",
                "Wren Adair campaign manager Tom Pike said the canal path will be resurfaced in May.",
                role="Wren Adair campaign manager",
            ),
        ],
    )


def test_an_organisation_speaks_through_its_staff(store: Store) -> None:
    _harbour_store(store)
    reply = answer_question(store, "Did Harbour Watch say ferry fares will double by next winter?")
    assert reply.status == "asserted"
    assert [c["speaker"] for c in reply.data["claims"]] == ["Jo Bell"]
    found = match_speakers(store, "Harbour Watch", names_first=True)
    assert sorted(found.values()) == [STAFF_STRENGTH, 1.0]  # the organisation itself, then its strategist


def test_a_person_does_not_speak_through_their_staff(store: Store) -> None:
    _harbour_store(store)
    assert answer_question(store, "Did Wren Adair say the canal path will be resurfaced in May?").status == "unknown"
    assert (
        answer_question(store, "Did Wren Adair say the lighthouse museum will close on Mondays?").status == "asserted"
    )
