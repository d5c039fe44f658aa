"""`ask --json` `summary`: each lead sentence cites the statements whose words the answer shows, no others."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.answers.compose import answer_question
from bot.answers.lead import summary
from bot.answers.llm import LeadSentence
from bot.answers.rendering import shown_words
from bot.answers.speakers import speaker_label
from bot.answers.text import normalise
from bot.answers.wordings import attach_denied_words
from bot.reply import Reply
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [q["text"] for q in tomllib.loads((ROOT / "tests/data/questions.toml").read_text())["question"]]


def _statement(store: Store, statement_id: int) -> dict[str, Any]:
    """The stored statement with the fields an answer shows it by; fails for an id the store lacks."""
    cursor = store.db.execute(
        "SELECT id, kind, speaker, speaker_text, text, evidence, cue, direct, denies FROM statements WHERE id = ?",
        [statement_id],
    )
    found = cursor.fetchone()
    assert found is not None, f"summary cites {statement_id}, which is no stored statement"
    row = dict(zip([c[0] for c in cursor.description], found, strict=True))
    attach_denied_words(store, [row])  # a pointer denial is shown as the claim it is linked to
    return row


def _shown(row: dict[str, Any]) -> tuple[str, str, str]:
    """How an answer's quote shows a statement: kind, speaker and the words on screen."""
    return row["kind"], speaker_label(row)[0], normalise(shown_words(row)[0])


def _on_screen(reply: Reply) -> set[tuple[str, str, str]]:
    """The quotes under the lead (not the folded wordings of the thread or `more`)."""
    return {(q.kind, q.speaker, normalise(q.text)) for s in reply.sections for q in s.quotes}


def _in_lead(row: dict[str, Any], reply: Reply) -> bool:
    words = normalise((row["text"] or "").strip().rstrip("."))
    return bool(words) and words in normalise(reply.lead)


def test_summary_cites_exactly_the_statements_whose_words_the_answer_shows(seeded_store: Store) -> None:
    uncited_seen = 0
    for question in QUESTIONS:
        reply = answer_question(seeded_store, question)
        on_screen = _on_screen(reply)
        cited = [i for sentence in reply.data["summary"] for i in sentence["statements"]]
        for statement_id in cited:
            row = _statement(seeded_store, statement_id)
            assert _shown(row) in on_screen or _in_lead(row, reply), (question, row)
        # The statements of the quote under the lead are all cited: every outlet's copy of its words.
        if reply.data["summary"] and reply.sections and reply.sections[0].quotes:
            first = {_shown(_statement(seeded_store, i)) for i in reply.data["summary"][0]["statements"]}
            quoted = {(q.kind, q.speaker, normalise(q.text)) for q in reply.sections[0].quotes}
            assert quoted <= first, (question, quoted - first)
        # The answer's other statements (folded wordings) stay in `claims` and `denials`, uncited.
        uncited_seen += sum(1 for s in reply.data["claims"] + reply.data["denials"] if s["id"] not in cited)
    # The seeds' contested points have many wordings: most of them are folded, not cited.
    assert uncited_seen > 10


def test_the_contested_seed_answer_cites_one_wording_per_side(seeded_store: Store) -> None:
    reply = answer_question(seeded_store, "Did Putin promise Macron there would be no escalation?")
    first = reply.data["summary"][0]
    cited = [_statement(seeded_store, i) for i in first["statements"]]
    kinds = {(row["kind"], speaker_label(row)[0], normalise(row["text"])) for row in cited}
    # One wording per side, each carried by one or more statements (one per outlet that printed it).
    assert sorted(kind for kind, _, _ in kinds) == ["claim", "denial"]
    all_ids = {s["id"] for s in reply.data["claims"] + reply.data["denials"]}
    assert set(first["statements"]) < all_ids
    # The claim's cited words are the ones the lead quotes.
    claim_words = next(words for kind, _, words in kinds if kind == "claim")
    assert claim_words in normalise(reply.lead)


def test_summary_keeps_a_sentence_whose_statements_are_all_unshown() -> None:
    sentences = [LeadSentence("Contested. A says so; B denies it.", (1, 2, 3)), LeadSentence("Phrased.", (4,))]
    assert summary(sentences, {2, 3}) == [
        {"text": "Contested. A says so; B denies it.", "statements": [2, 3]},
        # A model's sentence resting only on folded wordings still cites what it rests on.
        {"text": "Phrased.", "statements": [4]},
    ]
    assert summary(sentences) == [
        {"text": "Contested. A says so; B denies it.", "statements": [1, 2, 3]},
        {"text": "Phrased.", "statements": [4]},
    ]


@pytest.mark.parametrize("question", QUESTIONS[:3])
def test_a_phrased_lead_cites_as_the_template_does(seeded_store: Store, question: str) -> None:
    from bot.answers.rendering import set_lead

    reply = answer_question(seeded_store, question)
    assert reply.lead_facts is not None and reply.data["summary"]
    template = list(reply.lead_facts.template)
    before = reply.data["summary"]
    # The same sentences as a model would return them: text and ids only, no shown words marked.
    phrased = [LeadSentence(s.text, s.statement_ids) for s in template]
    set_lead(reply, phrased)
    assert reply.data["summary"] == before
