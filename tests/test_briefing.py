"""Answers that read like a briefing: the lead, evidence order and folding, `summary`, `more`, model phrasing."""

from __future__ import annotations

import asyncio
import json
import re
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from spacy.language import Language

from adapters.base import Runtime
from adapters.discord.embeds import render_reply
from adapters.slack.blocks import MORE_ACTION, render_messages
from bot.answers.compose import answer_question
from bot.answers.lead import MAX_LEAD_CHARS, is_headline
from bot.answers.rendering import shown_words
from bot.answers.text import normalise
from bot.chat.registry import CommandContext, dispatch
from bot.config import Config, LlmSettings
from bot.reply import Reply, quote_line, render_text
from bot.store import Store
from tests.fake_openai_server import FakeOpenAIServer
from tests.fake_openai_server import Reply as ModelReply

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [q["text"] for q in tomllib.loads((ROOT / "tests/data/questions.toml").read_text())["question"]]
NEWS = [ROOT / "tests/data/news", ROOT / "tests/data/news2", ROOT / "tests/data/news3"]
STATUS_WORD = {"contested": "Contested", "asserted": "Asserted", "denied": "Denied", "unknown": "Unknown"}


@pytest.fixture(scope="module")
def news_store_path(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    """The three evaluation corpora ingested once for this module."""
    from bot.ingest import pipeline

    path = tmp_path_factory.mktemp("news") / "news.db"
    with Store(str(path)) as s:
        report = pipeline.ingest_paths(s, NEWS, max_bytes=5_000_000, nlp=nlp)
        assert report.ok, report.errors
    return path


@pytest.fixture
def news_store(news_store_path: Path) -> Iterator[Store]:
    s = Store(str(news_store_path))
    yield s
    s.close()


def corpus_questions(store: Store, limit: int = 40) -> list[str]:
    """Yes/no questions built from stored claims: "Did <speaker> say <words>?", one per proposition."""
    rows = store.db.execute(
        "SELECT speaker, text, proposition_id FROM statements WHERE kind = 'claim' AND speaker IS NOT NULL "
        "GROUP BY proposition_id ORDER BY proposition_id LIMIT ?",
        [limit],
    ).fetchall()
    return [f"Did {speaker} say {text.rstrip('.')}?" for speaker, text, _ in rows if len(text.split()) >= 4]


def stored_ids(store: Store) -> set[int]:
    return {row[0] for row in store.db.execute("SELECT id FROM statements")}


def check_reply(reply: Reply, ids: set[int]) -> None:
    """The briefing contract every answer keeps."""
    first = render_text(reply).split("\n\n", 1)[0]
    assert first == reply.lead and 0 < len(first) <= MAX_LEAD_CHARS, first
    status = reply.data["status"]
    assert (
        STATUS_WORD[status] in first
        or (status == "asserted" and "no denial is stored" in first)
        or (reply.data.get("figures") and "figures" in first.lower())
    ), first
    summary = reply.data["summary"]
    if reply.data["claims"] or reply.data["denials"]:
        assert summary, first  # figures alone (printed by outlets, said by no one) cite no statement
    for sentence in summary:
        assert sentence["text"] in first and sentence["statements"], sentence
        assert set(sentence["statements"]) <= ids, sentence
    if status == "contested":
        # Both sides are named: a claimant and a denier from the answer's statements.
        claimants = {c["speaker"] for c in reply.data["claims"] if c["speaker"]}
        deniers = {d["speaker"] for d in reply.data["denials"] if d["speaker"]}
        assert any(name in first for name in claimants), first
        assert any(name in first for name in deniers), first
    # No statement twice, no block twice.
    lines = [quote_line(q) for s in reply.sections + reply.detail for q in s.quotes]
    assert len(lines) == len(set(lines)), lines
    blocks = [(s.heading, s.text) for s in reply.sections if s.heading or s.text]
    assert len(blocks) == len(set(blocks)), blocks


@pytest.mark.parametrize("question", QUESTIONS)
def test_seed_answers_lead_with_a_short_cited_answer(seeded_store: Store, question: str) -> None:
    check_reply(answer_question(seeded_store, question), stored_ids(seeded_store))


def test_news_corpora_answers_lead_with_a_short_cited_answer(news_store: Store) -> None:
    questions = corpus_questions(news_store)
    assert len(questions) >= 20
    ids = stored_ids(news_store)
    statuses = set()
    for question in questions:
        reply = answer_question(news_store, question)
        check_reply(reply, ids)
        statuses.add(reply.status)
    assert {"contested", "asserted"} <= statuses


def test_the_seed_lead_reads_as_a_briefing(seeded_store: Store) -> None:
    reply = answer_question(seeded_store, "Did Putin promise Macron there would be no escalation?")
    lead = reply.lead
    assert lead.startswith("Contested. French President Emmanuel Macron says")
    assert "Dmitry Peskov" in lead and "(4 outlets" in lead and "8 Feb 2022" in lead
    # One quote per side under the lead, the other wordings folded and kept as detail.
    [first, *_] = reply.sections
    assert [q.kind for q in first.quotes] == ["claim", "denial"]
    # The quotes under the lead are the wordings the lead itself uses.
    assert all(q.text.strip('"“”.') in lead for q in first.quotes), (lead, first.quotes)
    assert "more wordings of the claim" in first.text and "more wordings of the denial" in first.text
    shown = {quote_line(q) for s in reply.sections + reply.detail for q in s.quotes}
    cited = reply.data["claims"] + reply.data["denials"]
    assert len(shown) >= len({(c["speaker"], c["text"]) for c in cited if not is_headline(c)}) - 2
    # The JSON keeps the full text and the cited lead.
    assert reply.data["answer"].startswith(lead) and "Other wordings" in reply.data["answer"]
    assert reply.data["summary"][0]["statements"]


def test_a_pointer_denial_shows_the_claim_it_is_linked_to(seeded_store: Store) -> None:
    # The denial's own words are only "a claim"; it is shown as the claim it denies, not as
    # the pointer clause or the whole sentence.
    reply = answer_question(seeded_store, "Who said Russia would pull its troops out of Belarus?")
    denials = [q for s in reply.sections for q in s.quotes if q.kind == "denial"]
    assert denials and all(q.text.startswith("the claim that ") for q in denials), denials
    assert all("had agreed" in q.text and "a claim" not in q.text for q in denials), denials


def test_a_headline_is_not_quoted_when_the_article_attributes_the_same(seeded_store: Store) -> None:
    reply = answer_question(seeded_store, "Did Putin promise Macron there would be no escalation?")
    texts = [q.text for s in reply.sections + reply.detail for q in s.quotes]
    assert not any("denies promise" in t for t in texts), texts


def test_figures_block_is_printed_once(seeded_store: Store, news_store: Store) -> None:
    cases = [
        (seeded_store, "How long did Macron and Putin talk?"),
        (seeded_store, "Did Macron and Putin talk for almost six hours?"),
        # These printed two "Figures" blocks before (one per group of figures, and again on merging).
        (news_store, "How many people Vorland employs about 2,500 people at?"),
        (news_store, "Did they say Defence ministry knew of armoured vehicle faults two years before contract?"),
    ]
    for store, question in cases:
        reply = answer_question(store, question)
        assert [s.heading for s in reply.sections].count("Figures") == 1, question
        assert render_text(reply).count("\nFigures\n") == 1, question
        [block] = [s.text for s in reply.sections if s.heading == "Figures"]
        lines = block.split("\n")
        assert len(lines) == len(set(lines)), block


def test_ask_json_has_summary_and_full_answer(seeded_store_path: Path) -> None:
    from click.testing import CliRunner

    from bot.cli import main

    result = CliRunner().invoke(main, ["--db", str(seeded_store_path), "ask", "--json", "What did the Kremlin deny?"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"] and all(s["statements"] for s in data["summary"])
    assert data["answer"].startswith(data["summary"][0]["text"])


# ---------------------------------------------------------------- chat: leads first, the rest reachable


def test_slack_and_discord_lead_with_the_lead_and_keep_the_rest(seeded_store: Store) -> None:
    reply = answer_question(seeded_store, "Did Putin promise Macron there would be no escalation?")
    messages = render_messages(reply)
    head = messages[0]["blocks"][0]["text"]["text"]
    assert head.startswith("*Contested.* French President Emmanuel Macron says")
    assert len(messages) >= 2  # the folded wordings follow in their own message (the thread)
    later = " ".join(json.dumps(m) for m in messages[1:])
    assert "Other wordings" in later
    embeds = render_reply(reply)
    assert embeds[0].embeds[0].description.startswith("**Contested.** French President Emmanuel Macron")
    assert any("Other wordings" in (e.title or "") for m in embeds[1:] for e in m.embeds)


def _ctx(store: Store, channel: str | None = "C1") -> CommandContext:
    return CommandContext(store=store, config=Config(), platform="slack", channel=channel, user="U1")


def test_more_shows_the_rest_of_the_last_answer_part_by_part(seeded_store: Store) -> None:
    ctx = _ctx(seeded_store)
    reply = dispatch("ask Did Putin promise Macron there would be no escalation?", ctx)
    rest = [quote_line(q) for s in reply.detail for q in s.quotes]
    assert rest
    seen: list[str] = []
    parts: list[Reply] = []
    for _ in range(10):
        more = dispatch("more", ctx)
        if more.title.startswith("Nothing more"):
            break
        assert more.title.startswith("More on: Did Putin promise")
        seen += [quote_line(q) for s in more.sections for q in s.quotes]
        parts.append(more)
    assert seen == rest  # everything, in order, once
    assert len(parts) >= 2 and [p.continues for p in parts] == [True] * (len(parts) - 1) + [False]
    other = dispatch("more", _ctx(seeded_store, "C2"))
    assert other.title.startswith("Nothing more")  # per channel
    assert dispatch("more", _ctx(seeded_store, None)).is_error


def _slack_fixture() -> Any:
    from tests.test_slack import _all_text, _event_body, _sign, run, slack_http

    return _all_text, _event_body, _sign, run, slack_http


def test_slack_mention_answers_with_the_lead_and_the_rest_in_the_thread_and_more(seeded_store: Store) -> None:
    _all_text, _event_body, _sign, run, slack_http = _slack_fixture()

    async def mention(session: Any, url: str, text: str, ts: str) -> None:
        event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": ts, "channel": "C_NEWS"}
        payload = _event_body({**event, "event_ts": ts})
        headers = {"Content-Type": "application/json", **_sign(payload)}
        async with session.post(url, data=payload, headers=headers) as response:
            assert response.status == 200

    async def body() -> None:
        async with slack_http(Runtime(seeded_store)) as (fake, _adapter, session, url):
            await mention(session, url, "did Putin promise Macron there would be no escalation?", "1714550000.000100")
            await fake.wait_for(lambda: len(fake.posts) >= 2)
            first = fake.posts[0]
            assert first["blocks"][0]["text"]["text"].startswith("*Contested.*")
            assert all(p["thread_ts"] == "1714550000.000100" for p in fake.posts)
            assert any("Other wordings" in _all_text(p) for p in fake.posts[1:])
            # The answer's first message carries a "More" button.
            blocks = first["blocks"] if isinstance(first["blocks"], list) else json.loads(first["blocks"])
            buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
            assert [b["action_id"] for b in buttons] == [MORE_ACTION]
            count = len(fake.posts)
            await mention(session, url, "more", "1714550000.000200")
            await fake.wait_for(lambda: len(fake.posts) > count)
            assert "More on:" in _all_text(fake.posts[count]) and "(part 1 of" in _all_text(fake.posts[count])
            # The button shows the next part, in the thread of the message it sits under.
            count = len(fake.posts)
            payload = {
                "type": "block_actions",
                "team": {"id": "T1"},
                "user": {"id": "U1"},
                "api_app_id": "A1",
                "token": "legacy-verification-token",
                "channel": {"id": "C_NEWS"},
                "message": {"ts": fake.post_ts[0], "thread_ts": "1714550000.000100"},
                "trigger_id": "1.2.3",
                "actions": [{"action_id": MORE_ACTION, "block_id": "b1", "type": "button", "value": "more"}],
            }
            form = urlencode({"payload": json.dumps(payload)})
            headers = {"Content-Type": "application/x-www-form-urlencoded", **_sign(form)}
            async with session.post(url, data=form, headers=headers) as response:
                assert response.status == 200
            await fake.wait_for(lambda: len(fake.posts) > count)
            clicked = fake.posts[count]
            assert clicked["thread_ts"] == "1714550000.000100" and "(part 2 of" in _all_text(clicked)

    run(body())


# ---------------------------------------------------------------- model phrasing through the runtime


@pytest.fixture
def model() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as fake:
        yield fake


def _runtime(store: Store, model: FakeOpenAIServer, timeout: float = 2.0) -> Runtime:
    config = Config(llm=LlmSettings(base_url=model.base_url, model="fake", timeout=timeout))
    return Runtime(store, config)


QUESTION = "Did Putin promise Macron there would be no escalation?"


def test_a_supported_model_lead_replaces_the_template(seeded_store: Store, model: FakeOpenAIServer) -> None:
    template = answer_question(seeded_store, QUESTION)
    ids = template.data["summary"][0]["statements"]
    text = (
        "Contested: Emmanuel Macron says he secured an assurance; Dmitry Peskov says no such assurance had been given."
    )
    invented = "Contested: Olaf Brandt confirms it."
    model.script(
        ModelReply(
            content=json.dumps(
                {"sentences": [{"text": text, "statement_ids": ids}, {"text": invented, "statement_ids": ids}]}
            )
        )
    )
    runtime = _runtime(seeded_store, model)
    reply = asyncio.run(runtime.handle_async(f"ask {QUESTION}", _ctx(seeded_store)))
    assert reply.lead == text  # the supported sentence comes through, the invented name is dropped
    assert reply.data["summary"] == [{"text": text, "statements": ids}]
    assert reply.data["answer"].startswith(text)


@pytest.mark.parametrize(
    "scripted",
    [
        ModelReply(status=500, content="oops"),
        ModelReply(content="not json at all"),
        ModelReply(
            content=json.dumps({"sentences": [{"text": "Contested. Someone says so.", "statement_ids": [999999]}]})
        ),
        ModelReply(
            content=json.dumps({"sentences": [{"text": "Contested: it happened, 12 times.", "statement_ids": []}]})
        ),
        ModelReply(content="{}", delay=5.0),
    ],
    ids=["500", "garbage", "unknown-id", "uncited", "timeout"],
)
def test_every_model_failure_falls_back_to_the_template_in_time(
    seeded_store: Store, model: FakeOpenAIServer, scripted: ModelReply
) -> None:
    template = answer_question(seeded_store, QUESTION).lead
    model.script(scripted)
    runtime = _runtime(seeded_store, model, timeout=1.0)
    started = time.monotonic()
    reply = asyncio.run(runtime.handle_async(f"ask {QUESTION}", _ctx(seeded_store)))
    assert time.monotonic() - started < 1.0 + 3.0  # the model's timeout plus the core's own time
    assert reply.lead == template
    assert re.match(r"Contested\. ", reply.lead)


def test_digest_stories_open_with_a_cited_lead(seeded_store: Store, news_store: Store) -> None:
    from bot.digests.build import build_digest

    for store in (seeded_store, news_store):
        ids = stored_ids(store)
        digest = build_digest(store, start=None, end=None)
        stories = digest.data["items"]
        assert stories and digest.data["stories"] == len(stories)
        for story in stories:
            [sentence] = story["summary"]
            assert len(sentence["text"]) <= MAX_LEAD_CHARS and set(sentence["statements"]) <= ids
            assert sentence["text"].split(".")[0] in {"Contested", "Asserted", "Denied"}
            # It cites the statements whose words it quotes, not every wording of its points.
            lead_text = normalise(sentence["text"])
            for statement_id in sentence["statements"]:
                cursor = store.db.execute("SELECT * FROM statements WHERE id = ?", [statement_id])
                row = dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))
                assert normalise(shown_words(row)[0])[:40] in lead_text, (statement_id, sentence["text"])
            # Stories past the digest's length budget are summarised, not shown; those shown lead.
            for section in (s for s in digest.sections if s.heading == story["title"]):
                assert section.text.startswith(sentence["text"])
        assert digest.sections[0].text.startswith(stories[0]["summary"][0]["text"])


def test_discord_ask_leads_with_the_lead_and_the_more_button_shows_the_rest(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adapters.discord.bot import MORE_BUTTON_ID
    from bot.chat.registry import commands
    from tests import test_discord as td

    commands()
    monkeypatch.setenv("DISCORD_TOKEN", td.TOKEN)
    runtime = Runtime(store=seeded_store, config=Config(raw={"discord": {"guilds": [td.GUILD_ID]}}))

    async def scenario() -> None:
        async with td.logged_in(runtime, monkeypatch) as (adapter, fake):
            payload = td.interaction_payload("ask", {"question": QUESTION})
            adapter.client._connection.parse_interaction_create(payload)
            followups = rf"/webhooks/{td.APP_ID}/itoken-{payload['id']}"
            await fake.wait_for(lambda: len(fake.posts(followups)) >= 2, "the answer and its rest")
            first, *rest = fake.posts(followups)
            [lead_embed, *_] = td.embeds_of(first)
            assert lead_embed.title == QUESTION and lead_embed.description.startswith("**Contested.**")
            buttons = [c for row in first.body.get("components") or [] for c in row["components"]]
            assert [b["custom_id"] for b in buttons] == [MORE_BUTTON_ID]
            assert any("Other wordings" in td.embed_text(r) for r in rest)  # the folded wordings follow
            # Pressing the button runs `more` for this channel and answers as followups.
            click = td.interaction_payload("ask", {})
            click.update(type=3, data={"custom_id": MORE_BUTTON_ID, "component_type": 2})
            adapter.client._connection.parse_interaction_create(click)
            more = rf"/webhooks/{td.APP_ID}/itoken-{click['id']}"
            await fake.wait_for(lambda: fake.posts(more), "the next part")
            assert "More on:" in td.embed_text(fake.posts(more)[0])

    td.run(scenario())


def test_slack_slash_ask_with_a_slow_model_is_acked_at_once_and_answered_with_the_template(
    seeded_store: Store, model: FakeOpenAIServer
) -> None:
    from tests.test_slack import _blocks, _command_body, _post_command, run, slack_http

    template = answer_question(seeded_store, QUESTION).lead
    model.script(ModelReply(content="{}", delay=5.0))  # slower than the configured timeout

    async def body() -> None:
        async with slack_http(_runtime(seeded_store, model, timeout=1.0)) as (fake, _adapter, session, url):
            started = time.monotonic()
            response = await _post_command(session, url, _command_body(fake, f"ask {QUESTION}", hook="slow"))
            assert response.status == 200 and time.monotonic() - started < 3.0  # Slack's ack deadline
            await fake.wait_for(lambda: len(fake.responses) >= 1)
            assert time.monotonic() - started < 1.0 + 5.0  # the model's timeout, then the template
            lead_block = _blocks(fake.responses[0])[1]["text"]["text"]
            assert lead_block.startswith("*Contested.*") and template.split(". ", 1)[1][:60] in lead_block

    run(body())


def test_a_question_about_a_denier_leads_with_the_denial(seeded_store: Store) -> None:
    for question in ("What did the Kremlin deny?", "What did Peskov say?"):
        lead = answer_question(seeded_store, question).lead
        assert lead.startswith("Contested. Kremlin spokesman Dmitry Peskov denies"), lead
        assert "French President Emmanuel Macron says" in lead  # the other side still named


def test_yes_only_when_the_claim_covers_the_question(seeded_store: Store) -> None:
    full = answer_question(seeded_store, "Were the talks between Putin and Macron constructive?").lead
    assert full.startswith("Asserted. Yes, Russian officials say so: the talks between Putin and Macron were")
    partial = answer_question(seeded_store, "Did Putin call Biden?")
    if partial.status == "asserted":  # retrieval finds a related claim; the lead must not say "Yes"
        assert "Yes" not in partial.lead and "The closest stored claim:" in partial.lead, partial.lead


def test_points_past_the_shown_ones_are_in_the_detail_not_cut_off(seeded_store: Store) -> None:
    reply = answer_question(seeded_store, "What did Macron say?")
    [also] = [s for s in reply.sections if s.heading == "Also related"]
    assert "say `more`" in also.text
    hidden = [s for s in reply.detail if (s.heading or "").startswith("Also related — ")]
    assert hidden and all(s.quotes for s in hidden)
    n = int(also.text.split()[0])
    assert len(hidden) == n


def test_group_lead_says_yes_only_above_the_coverage_threshold() -> None:
    from bot.answers.lead import YES_MIN_SCORE, group_lead
    from bot.answers.question import parse_question
    from bot.answers.scoring import Group

    row = {
        "id": 7,
        "kind": "claim",
        "speaker": "Ana Rudd",
        "speaker_role": "Foreign Minister",
        "text": "the port will reopen on Monday",
        "evidence": "Foreign Minister Ana Rudd said the port will reopen on Monday.",
        "position": 3,
        "outlets": ["Harbour Times"],
        "published": "2026-02-08",
    }
    parsed = parse_question("Will the port reopen on Monday?")
    strong = group_lead(parsed, Group(("p", 1), YES_MIN_SCORE, claims=[row]))
    weak = group_lead(parsed, Group(("p", 1), YES_MIN_SCORE - 0.2, claims=[row]))
    assert strong.text == (
        "Asserted. Yes, Foreign Minister Ana Rudd says so: the port will reopen on Monday "
        "(Harbour Times, 8 Feb 2026); no denial is stored."
    )
    assert weak.text.startswith("Asserted. The closest stored claim: Foreign Minister Ana Rudd says the port")
    assert strong.statement_ids == weak.statement_ids == (7,)


def test_a_figure_answer_without_statements_leads_with_the_figures(news_store: Store) -> None:
    reply = answer_question(news_store, "How many people does Vorland employ?")
    assert reply.lead.startswith("Reported: “about 2,500 people”"), reply.lead
    assert reply.data["summary"] == [] and not reply.data["claims"] and not reply.data["denials"]
    assert render_text(reply).startswith(reply.lead)
