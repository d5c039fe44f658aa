"""A statement stored under a poll or a document answers for the source its sentence names."""

from __future__ import annotations

from answer_fixtures import _save, _statement
from bot.answers.compose import answer_question, named_in_sentence
from bot.store import Store


def _tide_store(store: Store) -> None:
    _save(
        store,
        "t1",
        "Coast Courier",
        "2025-05-02",
        "Ferries",
        [
            _statement(
                "claim",
                "Tide Herald",
                "the ferry pier needs new lamps",
                "The Tide Herald said the ferry pier needs new lamps.",
                speaker_type="group",
            ),
            _statement(
                "claim",
                "survey",
                "most residents back the new ferry timetable",
                "A survey released Sunday by the Tide Herald found most residents back the new ferry timetable.",
                speaker_type="unknown",
            ),
            _statement(
                "claim",
                "Ada Quill",
                "the harbour bridge will reopen in June",
                "Ada Quill told the Tide Herald the harbour bridge will reopen in June.",
            ),
            _statement(
                "claim",
                "Harbour Watch",
                "the slipway tolls should be scrapped",
                "Harbour Watch, which sued the Tide Herald last year, said the slipway tolls should be scrapped.",
                speaker_type="group",
            ),
            _statement(
                "claim",
                "audit",
                "the Tide Herald misquoted the mayor about tolls",
                "An audit found the Tide Herald misquoted the mayor about tolls.",
                speaker_type="unknown",
            ),
        ],
    )


def test_a_poll_released_by_the_source_answers_for_it(store: Store) -> None:
    _tide_store(store)
    reply = answer_question(store, "Did the Tide Herald say most residents back the new ferry timetable?")
    assert reply.status == "asserted"
    assert [c["speaker"] for c in reply.data["claims"]] == ["survey"]


def test_a_person_talking_to_the_source_does_not_answer_for_it(store: Store) -> None:
    _tide_store(store)
    reply = answer_question(store, "Did the Tide Herald say the harbour bridge will reopen in June?")
    assert reply.status == "unknown"


def test_a_named_organisation_in_the_source_s_sentence_does_not_answer_for_it(store: Store) -> None:
    _tide_store(store)
    reply = answer_question(store, "Did the Tide Herald say the slipway tolls should be scrapped?")
    assert reply.status == "unknown"
    assert answer_question(store, "Did Harbour Watch say the slipway tolls should be scrapped?").status == "asserted"


def test_a_statement_about_the_source_does_not_answer_for_it(store: Store) -> None:
    _tide_store(store)
    reply = answer_question(store, "Did the Tide Herald say it misquoted the mayor about tolls?")
    assert reply.status == "unknown"


def test_the_source_s_own_statement_still_comes_first(store: Store) -> None:
    _tide_store(store)
    reply = answer_question(store, "What did the Tide Herald say about the ferry pier lamps?")
    assert [c["speaker"] for c in reply.data["claims"]] == ["Tide Herald"]


def test_named_in_sentence_keeps_only_sentences_naming_the_source_outside_the_words() -> None:
    rows = [
        {
            "id": 1,
            "speaker_type": "unknown",
            "text": "fares will rise",
            "evidence": "A poll by Kelp Radio found fares will rise.",
        },
        {
            "id": 2,
            "speaker_type": "unknown",
            "text": "Kelp Radio erred",
            "evidence": "A review found Kelp Radio erred.",
        },
        {
            "id": 3,
            "speaker_type": "person",
            "text": "fares will rise",
            "evidence": "Bo Dunn told Kelp Radio fares will rise.",
        },
        {
            "id": 4,
            "speaker_type": "unknown",
            "text": "fares will rise",
            "evidence": "A poll by Kelp TV found fares will rise.",
        },
        {
            "id": 5,
            "speaker": "Gull Trust",
            "speaker_type": "group",
            "text": "fares will rise",
            "evidence": "Gull Trust, a Kelp Radio partner, said fares will rise.",
        },
        {
            "id": 6,
            "speaker": "survey of members",
            "speaker_type": "group",
            "text": "fares will rise",
            "evidence": "A survey of members for Kelp Radio found fares will rise.",
        },
    ]
    assert [r["id"] for r in named_in_sentence(rows, "Kelp Radio")] == [1, 6]
    assert named_in_sentence(rows, "Mr.") == []  # a title alone names nobody


def test_a_source_that_never_speaks_itself_is_answered_from_what_it_published(store: Store) -> None:
    _tide_store(store)
    _save(
        store,
        "t2",
        "Coast Courier",
        "2025-05-03",
        "Reefs",
        [
            _statement(
                "claim",
                "study",
                "coral cover on the outer reef fell by a third",
                "A study by the Reef Institute found coral cover on the outer reef fell by a third.",
                speaker_type="unknown",
            ),
        ],
    )
    reply = answer_question(store, "What did the Reef Institute say about coral cover on the outer reef?")
    assert reply.status == "asserted"
    assert [c["speaker"] for c in reply.data["claims"]] == ["study"]
    # What a source published asserts: it is no denial by the source.
    assert answer_question(store, "What did the Reef Institute deny about coral cover?").status == "unknown"
    unknown = answer_question(store, "What did the Reef Institute say about ferry timetables?")
    assert unknown.status == "unknown"
    assert "No statement by the Reef Institute is stored." in unknown.data["answer"]


def test_a_description_naming_something_further_on_is_still_a_description() -> None:
    # A poll "of 300 Harbour voters" opens with a common word: it is what the paper published,
    # not the voters; a speaker opening with a capital (after "the") is a name of its own.
    rows = [
        {
            "id": 1,
            "speaker": "poll of 300 Harbour voters",
            "speaker_type": "group",
            "text": "fares will rise",
            "evidence": "A poll of 300 Harbour voters released by Kelp Radio found fares will rise.",
        },
        {
            "id": 2,
            "speaker": "the Harbour Watch",
            "speaker_type": "group",
            "text": "fares will rise",
            "evidence": "The Harbour Watch, a Kelp Radio partner, said fares will rise.",
        },
        {
            "id": 3,
            "speaker": "new Kelp Radio survey",
            "speaker_type": "unknown",
            "text": "fares will rise",
            "evidence": "A new Kelp Radio survey found fares will rise.",
        },
    ]
    assert [r["id"] for r in named_in_sentence(rows, "Kelp Radio")] == [1, 3]


def test_a_poll_of_named_voters_released_by_the_source_answers_for_it(store: Store) -> None:
    _tide_store(store)
    _save(
        store,
        "t2",
        "Coast Courier",
        "2025-05-03",
        "Ferry poll",
        [
            _statement(
                "claim",
                "poll of 300 Harbour voters",
                "the night ferry should run all winter",
                "A poll of 300 Harbour voters released by the Tide Herald found the night ferry should run all winter.",
                speaker_type="group",
            )
        ],
    )
    reply = answer_question(store, "Did the Tide Herald say the night ferry should run all winter?")
    assert reply.status == "asserted"
    assert [c["speaker"] for c in reply.data["claims"]] == ["poll of 300 Harbour voters"]
