"""Questions "Who said <words>?": the quoted words are content, and a statement holding a long run of them verbatim is the one quoted."""

from __future__ import annotations

from answer_fixtures import _save, _statement
from bot.answers.compose import answer_question
from bot.answers.question import parse_question
from bot.answers.scoring import VERBATIM_BASE, VERBATIM_MIN_RUN, quote_tokens, verbatim_run, verbatim_score
from bot.store import Store


def test_who_said_reads_said_as_the_verb_and_keeps_every_quoted_word() -> None:
    parsed = parse_question("Who said people are very threatened?")
    assert parsed.kind == "who"
    # "threatened" is a speech verb elsewhere; here it is what was said.
    assert parsed.topic_words == ["people", "threatened"]
    assert parsed.quote == "people are very threatened"
    large = parse_question("Who said a large photo was posted?")
    assert "large" in large.topic_words  # a figure word in a question, content in a quote


def test_who_questions_without_a_leading_speech_verb() -> None:
    assert parse_question("Who has denied the report?").focus == "denial"
    assert parse_question("Who has denied the report?").topic_words == ["report"]
    won = parse_question("Who won the vote?")
    assert won.kind == "who" and won.topic_words == ["won", "vote"] and won.quote == ""


def test_verbatim_run_counts_consecutive_words_as_written() -> None:
    quote = quote_tokens("Instead, Nora Vale is trying to buy a seat by borrowing")
    assert verbatim_run(quote, "is trying to buy a seat by borrowing her fame today") == 8
    # The same words out of order are no run.
    assert verbatim_run(quote, "a seat trying to borrowing by buy is") < VERBATIM_MIN_RUN
    assert verbatim_score(quote, {"text": "is trying to buy a seat by borrowing"}) > VERBATIM_BASE
    assert verbatim_score(quote[:3], {"text": "Instead, Nora Vale"}) == 0.0  # too short a quote to tell


def _seat_store(store: Store) -> None:
    _save(
        store,
        "s1",
        "Harbour Gazette",
        "2025-03-02",
        "Seat",
        [
            _statement(
                "claim",
                "Wilma Strand",
                "is trying to buy a seat by borrowing her uncle's fame at the harbour assembly",
                "Nora Vale, said Wilma Strand, is trying to buy a seat by borrowing her uncle's fame at the "
                "harbour assembly.",
            ),
            _statement(
                "claim",
                "Oskar Lund",
                "Nora Vale deserves the seat instead of her rivals",
                "Oskar Lund said Nora Vale deserves the seat instead of her rivals.",
            ),
        ],
    )


def test_the_statement_holding_the_quoted_words_answers_who_said(store: Store) -> None:
    _seat_store(store)
    # The question runs past the stored words and names someone the statement does not:
    # its rarer words (Nora, Vale, instead) are in the other speaker's statement.
    reply = answer_question(store, "Who said Instead, Nora Vale is trying to buy a seat by borrowing?")
    assert reply.status == "asserted"
    assert reply.data["claims"][0]["speaker"] == "Wilma Strand"


def test_a_few_shared_words_in_a_row_are_not_a_quote(store: Store) -> None:
    _seat_store(store)
    # "to buy a seat" (four words in a row) is not enough to name who said the rest.
    reply = answer_question(store, "Who said voters want to buy a seat past the harbour tolls?")
    assert reply.status == "unknown"
