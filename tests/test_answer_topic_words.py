"""Questions "What did X say about Y?": a topic of a few words is judged by its words more than its meaning."""

from __future__ import annotations

from answer_fixtures import _save, _statement
from bot.answers.compose import SPEAKER_TOPIC_THRESHOLD, answer_question
from bot.answers.question import Term
from bot.answers.scoring import statement_score, topic_in_sentence
from bot.answers.text import stem
from bot.ingest.vectors import index_statement_vectors
from bot.store import Store

_EVIDENCE = (
    "After a long night of debate over bridge tolls, harbour councillor Ilsa Varga said "
    "volunteers will repaint every railing on the old pier, timetable permitting."
)


_SAID = "volunteers will repaint every railing on the old pier, timetable permitting"


def _harbour_store(store: Store) -> None:
    _save(
        store,
        "h1",
        "Harbour Gazette",
        "2025-02-03",
        "Harbour",
        [
            _statement("claim", "Ilsa Varga", _SAID, _EVIDENCE),
            _statement(
                "claim",
                "Tomas Reyes",
                "the new library will open its doors in June",
                "Tomas Reyes said the new library will open its doors in June.",
            ),
        ],
    )
    index_statement_vectors(store)


def _term(word: str) -> Term:
    return Term(word, frozenset({stem(word)}), (word,), 1.0, 1)


def test_a_topic_in_the_speakers_sentence_answers_despite_a_distant_meaning(store: Store) -> None:
    _harbour_store(store)
    # "timetable" is in what she said, "tolls" in the sentence she said it in.
    reply = answer_question(store, "What did Ilsa Varga say about tolls timetable?")
    assert reply.status == "asserted"
    assert [c["text"] for c in reply.data["claims"]] == [_SAID]


def test_words_only_around_the_statement_or_missing_do_not_answer(store: Store) -> None:
    _harbour_store(store)
    # No topic word in what was said: the sentence is about tolls, her words are not.
    assert answer_question(store, "What did Ilsa Varga say about tolls debate?").status == "unknown"
    # A topic word in neither the statement nor its sentence.
    assert answer_question(store, "What did Ilsa Varga say about timetable salaries?").status == "unknown"


def test_words_decide_keeps_the_word_score_and_meaning_orders() -> None:
    row = {"id": 1, "kind": "claim", "text": _SAID, "evidence": _EVIDENCE}
    terms = [_term("tolls"), _term("timetable")]
    assert topic_in_sentence(row, terms)
    assert not topic_in_sentence(row, [_term("tolls"), _term("debate")])  # nothing in what was said
    assert not topic_in_sentence(row, [_term("timetable"), _term("salaries")])  # a word nowhere
    far = statement_score(row, terms, 0.05, words_decide=True)
    near = statement_score(row, terms, 0.5, words_decide=True)
    assert statement_score(row, terms, 0.05) < SPEAKER_TOPIC_THRESHOLD <= far < near
