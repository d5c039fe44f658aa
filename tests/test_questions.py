"""Questions about the seeds (tests/data/questions.toml), scored the way the gold file defines."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.answers.compose import answer_question
from bot.answers.export import export_statement
from bot.devtools import evaluate
from bot.reply import render_text
from bot.store import Store

DATA = Path(__file__).resolve().parent / "data"
QUESTIONS = tomllib.loads((DATA / "questions.toml").read_text(encoding="utf-8"))["question"]
GOLD = evaluate.load_gold(DATA / "gold_seeds.toml")


def _gold_group_of(store: Store) -> dict[int, str]:
    """Store statement id → gold group, through the gold file's one-to-one matching."""
    system = [export_statement(r) for r in store.statements()]
    golds = evaluate.gold_statements(GOLD)
    pairs = evaluate.match(system, golds)
    return {system[s]["id"]: golds[g].group for g, s in pairs.items()}


@pytest.fixture(scope="module")
def groups_by_id(seeded_store_path: Path) -> dict[int, str]:
    with Store(str(seeded_store_path)) as store:
        return _gold_group_of(store)


def test_gold_questions_are_copied_unchanged() -> None:
    ours = {q["text"]: q for q in QUESTIONS}
    for gold in GOLD["question"]:
        assert ours.get(gold["text"]) == gold


def test_at_least_eight_questions_of_our_own() -> None:
    gold_texts = {q["text"] for q in GOLD["question"]}
    assert len([q for q in QUESTIONS if q["text"] not in gold_texts]) >= 8


def _mentions(name: str, text: str) -> bool:
    return re.search(r"\b" + re.escape(name) + r"\b", text, re.IGNORECASE) is not None


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["text"][:50] for q in QUESTIONS])
def test_question(question: dict[str, Any], seeded_store: Store, groups_by_id: dict[int, str]) -> None:
    reply = answer_question(seeded_store, question["text"])
    data = reply.data
    assert set(data) >= {"question", "status", "answer", "claims", "denials", "figures", "outlets"}
    if "status" in question:
        assert data["status"] == question["status"], data["answer"]
    cited = {groups_by_id.get(st["id"]) for st in data["claims"] + data["denials"]}
    for group in question.get("groups", []):
        assert group in cited, f"{group} not cited: {data['answer']}"
    text = data["answer"] + "\n" + render_text(reply)
    for name in question.get("speakers", []) + question.get("mentions", []):
        assert _mentions(name, data["answer"]), f"{name!r} not in answer: {data['answer']}"
    assert len(data["outlets"]) >= question.get("min_outlets", 0), data["outlets"]
    assert len(set(data["outlets"])) == len(data["outlets"])
    if data["status"] == "unknown":
        assert not data["claims"] and not data["denials"]
        assert "Nothing in the store answers this" in text


def test_chat_scope_on_seeds(seeded_store: Store) -> None:
    from bot.chat.registry import CommandContext, dispatch

    ctx = CommandContext(store=seeded_store)
    from_rt = dispatch("ask Did Putin promise Macron there would be no escalation? from RT", ctx)
    assert from_rt.data["outlets"] == ["RT"]
    assert from_rt.status in {"contested", "asserted"}
    today = dispatch("Did Putin promise Macron there would be no escalation today?", ctx)
    assert today.status == "unknown"  # the seeds are from 2022
    on_the_day = answer_question(
        seeded_store, "Did Putin promise Macron there would be no escalation?", since="2022-02-08", until="2022-02-09"
    )
    assert on_the_day.status == "contested"


def test_every_quoted_sentence_names_speaker_and_outlets(seeded_store: Store) -> None:
    reply = answer_question(seeded_store, "Did Putin promise Macron there would be no escalation?")
    lines = [line for line in render_text(reply).splitlines() if line.startswith("- ")]
    assert lines
    outlets = set(seeded_store.outlets())
    for line in lines:
        assert re.search(r"\(([^()]+)\)$", line), line
        cited = re.search(r"\(([^()]+)\)$", line).group(1).split(", ")
        assert set(cited) <= outlets, line
    assert "frame" in reply.data["answer"]
