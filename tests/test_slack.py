"""The Slack adapter end to end on loopback: the real bolt app against a fake Slack.

A small aiohttp server plays Slack: the Web API (auth.test, chat.postMessage,
apps.connections.open), response_url endpoints and a Socket Mode websocket.
The adapter serves HTTP mode on 127.0.0.1 (an ephemeral port) and the tests
sign requests with the same algorithm as slack_sdk's SignatureVerifier.
No Slack account, token or network is needed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from adapters.base import AdapterError, Runtime
from adapters.slack.blocks import BLOCK_LIMIT, SECTION_LIMIT, asked_preface, escape, render_messages
from adapters.slack.bot import SlackAdapter, read_settings, slash_reply_or_text, strip_mentions
from block_kit import assert_valid_blocks
from bot.chat import registry as command_registry
from bot.chat.registry import Argument, Command, CommandContext
from bot.config import Config
from bot.models import Statement
from bot.reply import Quote, Reply, Section
from bot.store import Store

BOT_TOKEN = "xoxb-1111-2222-testbottokensecret"
APP_TOKEN = "xapp-1-A111-3333-testapptokensecret"
SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
WAIT = 10.0  # upper bound for an answer to arrive; a hang fails instead of blocking the suite


def run(coro: Awaitable[None]) -> None:
    """Run one async test body on a fresh event loop."""
    asyncio.run(coro)  # type: ignore[arg-type]


# ---------------------------------------------------------------- a fake Slack


@dataclass
class FakeSlack:
    """Slack's Web API, response_url endpoints and a Socket Mode websocket, on 127.0.0.1."""

    posts: list[dict[str, Any]] = field(default_factory=list)  # accepted chat.postMessage bodies
    responses: list[dict[str, Any]] = field(default_factory=list)  # accepted response_url bodies
    api_calls: list[str] = field(default_factory=list)  # every Web API method called, 429s included
    auth_headers: dict[str, set[str]] = field(default_factory=dict)  # method → Authorization headers seen
    rate_limit_next: int = 0  # answer this many chat.postMessage calls with 429 first
    fail_after_posts: int | None = None  # refuse one chat.postMessage once this many were accepted
    post_ts: list[str] = field(default_factory=list)  # the ts returned for each accepted post
    socket_envelopes: list[dict[str, Any]] = field(default_factory=list)  # sent over the websocket
    socket_acks: list[dict[str, Any]] = field(default_factory=list)  # what the bot answered
    base_url: str = ""
    changed: asyncio.Condition | None = None
    runner: web.AppRunner | None = None

    async def start(self) -> None:
        self.changed = asyncio.Condition()
        app = web.Application()
        app.add_routes(
            [
                web.post("/api/{method}", self._api),
                web.post("/respond/{hook}", self._respond),
                web.get("/socket", self._socket),
            ]
        )
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    async def _notify(self) -> None:
        assert self.changed is not None
        async with self.changed:
            self.changed.notify_all()

    async def wait_for(self, predicate: Callable[[], bool]) -> None:
        """Wait until `predicate()` holds, failing after WAIT seconds."""
        assert self.changed is not None

        async def until() -> None:
            async with self.changed:  # type: ignore[union-attr]
                await self.changed.wait_for(predicate)  # type: ignore[union-attr]

        await asyncio.wait_for(until(), WAIT)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.api_calls.append(method)
        self.auth_headers.setdefault(method, set()).add(request.headers.get("Authorization", ""))
        if request.content_type == "application/json":
            body = await request.json()
        else:
            body = dict(await request.post())
        if method == "auth.test":
            if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
                return web.json_response({"ok": False, "error": "invalid_auth"})
            return web.json_response(
                {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "briefbot"}
            )
        if method == "apps.connections.open":
            if request.headers.get("Authorization") != f"Bearer {APP_TOKEN}":
                return web.json_response({"ok": False, "error": "invalid_auth"})
            return web.json_response({"ok": True, "url": self.base_url.replace("http", "ws") + "/socket"})
        if method == "chat.postMessage":
            if self.rate_limit_next > 0:
                self.rate_limit_next -= 1
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "0"}
                )
            if body.get("channel") == "C_GONE":
                return web.json_response({"ok": False, "error": "channel_not_found"})
            if self.fail_after_posts is not None and len(self.posts) == self.fail_after_posts:
                self.fail_after_posts = None
                return web.json_response({"ok": False, "error": "internal_error"})
            self.posts.append(body)
            ts = f"{time.time():.6f}{len(self.posts):03d}"  # unique even for posts in the same microsecond
            self.post_ts.append(ts)
            await self._notify()
            return web.json_response({"ok": True, "channel": body.get("channel"), "ts": ts})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        body["hook"] = request.match_info["hook"]
        self.responses.append(body)
        await self._notify()
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1})
        for envelope in self.socket_envelopes:
            await ws.send_json(envelope)
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
                await self._notify()
        return ws


# ---------------------------------------------------------------- helpers


def _sign(body: str, timestamp: str | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Headers Slack sends with a request: timestamp and v0 HMAC signature."""
    timestamp = timestamp or str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def _command_body(fake: FakeSlack, text: str, hook: str = "1", user: str = "U_ASKER") -> str:
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": "T1",
            "channel_id": "C_NEWS",
            "user_id": user,
            "command": "/brief",
            "text": text,
            "api_app_id": "A1",
            "trigger_id": "1.2.3",
            "response_url": f"{fake.base_url}/respond/{hook}",
        }
    )


def _event_body(event: dict[str, Any]) -> str:
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"Ev{time.time_ns()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
            "event": event,
        }
    )


def _environ(fake: FakeSlack, **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{fake.base_url}/api/",
        **extra,
    }


def _all_text(message: dict[str, Any]) -> str:
    texts = [message.get("text", "")]
    for block in _blocks(message):
        if block["type"] == "section":
            texts.append(block["text"]["text"])
        elif block["type"] == "context":
            texts.extend(e["text"] for e in block["elements"])
    return "\n".join(texts)


def _blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The blocks Slack received, each checked against slack_sdk's Block Kit models."""
    blocks = message.get("blocks") or []
    if isinstance(blocks, str):  # chat.postMessage form bodies carry blocks as JSON text
        blocks = json.loads(blocks)
    if blocks:
        assert_valid_blocks(blocks)
    return blocks


@asynccontextmanager
async def slack_http(runtime: Runtime) -> AsyncIterator[tuple[FakeSlack, SlackAdapter, aiohttp.ClientSession, str]]:
    """A fake Slack, the adapter in HTTP mode on an ephemeral port, and a client session."""
    fake = FakeSlack()
    await fake.start()
    adapter = SlackAdapter(runtime, http=True, host="127.0.0.1", port=0, environ=_environ(fake))
    await adapter.start()
    url = f"http://127.0.0.1:{adapter.bound_port}/slack/events"
    try:
        async with aiohttp.ClientSession() as session:
            yield fake, adapter, session, url
    finally:
        await adapter.stop()
        await fake.stop()


async def _post_command(
    session: aiohttp.ClientSession, url: str, body: str, headers: dict[str, str] | None = None
) -> aiohttp.ClientResponse:
    headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers if headers is not None else _sign(body))}
    async with session.post(url, data=body, headers=headers) as response:
        await response.read()
        return response


# ---------------------------------------------------------------- test data and test-only commands


def _statement(kind: str, speaker: str, text: str, cue: str, role: str | None = None) -> Statement:
    evidence = f"{speaker} {cue} {text}."
    return Statement(
        kind=kind,
        cue=cue,
        speaker=speaker,
        speaker_text=speaker,
        text=text,
        evidence=evidence,
        start=0,
        end=len(evidence),
        speaker_role=role,
        speaker_type="person",
    )


@pytest.fixture
def filled_store(store: Store) -> Store:
    """Two outlets' articles with a claim and its denial, stored by hand."""
    for name, outlet, statements in (
        (
            "daily.txt",
            "The Daily",
            [_statement("claim", "Jane Doe", "the bridge will reopen in May", "said", "Transport minister")],
        ),
        (
            "post.txt",
            "Evening Post",
            [_statement("denial", "John Roe", "any date had been agreed", "denied", "Union leader")],
        ),
    ):
        text = " ".join(s.evidence for s in statements)
        store.save_article(
            name=name,
            source=name,
            raw_text=text,
            text=text,
            content_hash=name,
            title=name,
            outlet=outlet,
            url=None,
            published="2024-05-01",
            language="en",
            statements=statements,
            figures=[],
        )
    return store


@dataclass
class Probe:
    """What the test-only commands saw: who called them, and a gate to hold one open."""

    calls: list[CommandContext] = field(default_factory=list)
    gate: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def probe() -> Iterator[Probe]:
    """Register test-only commands for this test and remove them afterwards.

    `said <speaker>` answers from the store; `slow` blocks until the test opens
    the gate (so an ack that waited for the core would deadlock); `flood`
    returns a reply too long for one message; `wipe` is admin-only.
    """
    probe = Probe()

    def said(ctx: CommandContext, args: dict[str, str]) -> Reply:
        probe.calls.append(ctx)
        rows = ctx.store.statements(speaker=args["speaker"])
        quotes = [
            Quote(r["speaker"], r["text"], [r["outlet"]], kind=r["kind"], role=r["speaker_role"], cue=r["cue"])
            for r in rows
        ]
        return Reply(
            title=f"What {args['speaker']} said",
            sections=[Section(quotes=quotes)],
            sources=sorted({r["outlet"] for r in rows}),
        )

    def slow(ctx: CommandContext, args: dict[str, str]) -> Reply:
        probe.calls.append(ctx)
        assert probe.gate.wait(WAIT), "the test never opened the gate"
        return Reply(title="slow answer done")

    def flood(ctx: CommandContext, args: dict[str, str]) -> Reply:
        probe.calls.append(ctx)
        quotes = [Quote(f"Speaker {i}", f"statement {i} " + "z" * 400, [f"Outlet {i % 9}"]) for i in range(130)]
        return Reply(title="flood", sections=[Section(heading="Everything", text="w " * 4000, quotes=quotes)])

    def wipe(ctx: CommandContext, args: dict[str, str]) -> Reply:
        probe.calls.append(ctx)
        return Reply(title="wiped")

    command_registry.commands()  # load the built-ins first, so ours come last
    added = [
        Command("said", "What a speaker said (test).", said, (Argument("speaker", "who", required=True, rest=True),)),
        Command("slow", "A slow command (test).", slow),
        Command("flood", "A very long reply (test).", flood),
        Command("wipe", "An admin-only command (test).", wipe, admin_only=True),
    ]
    for command in added:
        command_registry.register(command)
    try:
        yield probe
    finally:
        probe.gate.set()
        for command in added:
            command_registry.REGISTRY.pop(command.name, None)


# ---------------------------------------------------------------- settings and routing (no server)


def test_missing_or_malformed_tokens_are_one_line_errors_naming_the_variable() -> None:
    full = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    cases = [
        (False, {k: v for k, v in full.items() if k != "SLACK_BOT_TOKEN"}, "SLACK_BOT_TOKEN is not set"),
        (False, {k: v for k, v in full.items() if k != "SLACK_APP_TOKEN"}, "SLACK_APP_TOKEN is not set"),
        (True, {k: v for k, v in full.items() if k != "SLACK_SIGNING_SECRET"}, "SLACK_SIGNING_SECRET is not set"),
        (False, {**full, "SLACK_BOT_TOKEN": "xapp-oops-secretvalue"}, "SLACK_BOT_TOKEN does not start with xoxb-"),
        (False, {**full, "SLACK_APP_TOKEN": "xoxb-oops-secretvalue"}, "SLACK_APP_TOKEN does not start with xapp-"),
        (False, {**full, "SLACK_API_URL": "ftp://example"}, "SLACK_API_URL must be an http(s) URL"),
    ]
    for http, env, expected in cases:
        with pytest.raises(AdapterError) as caught:
            read_settings(http, env)
        message = str(caught.value)
        assert message.startswith(expected) and "\n" not in message
        assert "secretvalue" not in message and BOT_TOKEN not in message


def test_adapter_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    with pytest.raises(AdapterError, match="^SLACK_APP_TOKEN is not set"):
        SlackAdapter(Runtime(store))
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.delenv("SLACK_API_URL", raising=False)
    adapter = SlackAdapter(Runtime(store))
    assert adapter.platform == "slack" and not adapter.http
    assert adapter.client.base_url == "https://slack.com/api/"


def test_slash_routing_and_mention_stripping() -> None:
    reply, text = slash_reply_or_text("")
    assert reply is not None and reply.title == "briefbot commands" and text == ""
    reply, _ = slash_reply_or_text("frobnicate the thing")
    assert reply is not None and reply.is_error and "frobnicate" in reply.title
    assert slash_reply_or_text("HELP") == (None, "HELP")
    assert strip_mentions("<@UBOT> did she say it?") == "did she say it?"
    assert strip_mentions("<@UBOT|briefbot>, <@U2> claims Doe") == "claims Doe"
    assert strip_mentions("no mention <@U2>") == "no mention <@U2>"


# ---------------------------------------------------------------- HTTP mode


def test_signed_slash_command_is_acked_before_the_core_finishes_then_answered(store: Store, probe: Probe) -> None:
    async def body() -> None:
        async with slack_http(Runtime(store)) as (fake, _adapter, session, url):
            started = time.monotonic()
            response = await _post_command(session, url, _command_body(fake, "slow"))
            acked_after = time.monotonic() - started
            # The core is still blocked on the gate, so the ack did not wait for it.
            assert response.status == 200 and acked_after < 3.0
            assert fake.responses == []
            probe.gate.set()
            await fake.wait_for(lambda: len(fake.responses) == 1)
            assert "slow answer done" in _all_text(fake.responses[0])
            assert probe.calls[0].platform == "slack" and probe.calls[0].user == "U_ASKER"
            assert probe.calls[0].channel == "C_NEWS"

    run(body())


def test_slash_command_answer_names_the_speakers_from_the_store(filled_store: Store, probe: Probe) -> None:
    async def body() -> None:
        async with slack_http(Runtime(filled_store)) as (fake, _adapter, session, url):
            response = await _post_command(session, url, _command_body(fake, "said Doe"))
            assert response.status == 200
            await fake.wait_for(lambda: len(fake.responses) == 1)
            answer = fake.responses[0]
            text = _all_text(answer)
            assert "*Transport minister Jane Doe* said" in text and "_The Daily_" in text
            assert "the bridge will reopen in May" in text
            assert "John Roe" not in text
            assert answer["response_type"] == "in_channel"
            assert answer["text"].startswith("U_ASKER asked /brief said Doe\nWhat Doe said")  # the plain-text fallback

    run(body())


def test_brief_ask_on_the_seeded_store_answers_with_the_right_speakers(seeded_store: Store) -> None:
    """The real core end to end: a signed `/brief ask`, acked, answered through response_url."""

    async def body() -> None:
        async with slack_http(Runtime(seeded_store)) as (fake, _adapter, session, url):
            question = "Did Macron get an assurance from Putin?"
            started = time.monotonic()
            response = await _post_command(session, url, _command_body(fake, f"ask {question}", hook="ask"))
            assert response.status == 200 and time.monotonic() - started < 3.0
            await fake.wait_for(lambda: len(fake.responses) >= 1)
            answer = fake.responses[0]
            asked, status = _blocks(answer)[:2]
            assert asked["elements"][0]["text"] == f"<@U_ASKER> asked `/brief ask {question}`"  # whose question
            assert status["text"]["text"].startswith("*Contested")  # claimed by one side, denied by the other
            quotes = [
                b["text"]["text"]
                for b in _blocks(answer)
                if b["type"] == "section" and b["text"]["text"].startswith("&gt;")
            ]
            speakers = " ".join(q.split("\n— ")[-1] for q in quotes)
            assert "Emmanuel Macron*" in speakers and "Dmitry Peskov*" in speakers
            assert "_The Week" in speakers or ", The Week" in speakers
            assert "\nContested" in answer["text"] and "Dmitry Peskov" in answer["text"]  # the plain fallback

    run(body())


def test_mention_with_a_plain_question_is_answered_by_the_core_in_a_thread(seeded_store: Store) -> None:
    async def body() -> None:
        async with slack_http(Runtime(seeded_store)) as (fake, _adapter, session, url):
            event = {
                "type": "app_mention",
                "user": "U_ASKER",
                "text": "<@UBOT> did Peskov deny the assurance?",
                "ts": "1714550000.000900",
                "channel": "C_NEWS",
                "event_ts": "1714550000.000900",
            }
            payload = _event_body(event)
            async with session.post(
                url, data=payload, headers={"Content-Type": "application/json", **_sign(payload)}
            ) as response:
                assert response.status == 200
            await fake.wait_for(lambda: len(fake.posts) >= 1)
            post = fake.posts[0]
            assert post["thread_ts"] == "1714550000.000900"
            # The quote's speaker is bold, under whichever of his roles the quoting outlet used.
            assert "Dmitry Peskov*" in _all_text(post)

    run(body())


def test_events_url_verification_challenge_is_answered(store: Store) -> None:
    async def body() -> None:
        async with slack_http(Runtime(store)) as (_fake, _adapter, session, url):
            payload = json.dumps({"token": "legacy", "challenge": "challenge-abc123", "type": "url_verification"})
            async with session.post(
                url, data=payload, headers={"Content-Type": "application/json", **_sign(payload)}
            ) as response:
                assert response.status == 200
                assert (await response.json()) == {"challenge": "challenge-abc123"}

    run(body())


def test_brief_claims_too_long_for_one_message_is_split_within_limits(seeded_store: Store) -> None:
    async def body() -> None:
        async with slack_http(Runtime(seeded_store)) as (fake, _adapter, session, url):
            reply = Runtime(seeded_store).handle("claims Peskov", Runtime(seeded_store).context("slack"))
            expected = render_messages(reply, preface=asked_preface("U_ASKER", "/brief claims Peskov"))
            assert len(expected) >= 2  # the seeds hold more on this speaker than one message can carry
            await _post_command(session, url, _command_body(fake, "claims Peskov", hook="claims"))
            await fake.wait_for(lambda: len(fake.responses) == len(expected))
            for message in fake.responses:
                blocks = _blocks(message)
                assert 1 <= len(blocks) <= BLOCK_LIMIT
                assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks if b["type"] == "section")
                assert "Peskov" in _all_text(message)
            assert [len(_blocks(m)) for m in fake.responses] == [len(m["blocks"]) for m in expected]

    run(body())


def test_unknown_subcommand_and_bare_command_get_help(store: Store) -> None:
    async def body() -> None:
        async with slack_http(Runtime(store)) as (fake, _adapter, session, url):
            await _post_command(session, url, _command_body(fake, "frobnicate now", hook="unknown"))
            await _post_command(session, url, _command_body(fake, "", hook="bare"))
            await fake.wait_for(lambda: len(fake.responses) == 2)
            by_hook = {r["hook"]: r for r in fake.responses}
            unknown = _all_text(by_hook["unknown"])
            assert "Unknown command `frobnicate`" in unknown
            for reply in by_hook.values():
                listed = _all_text(reply)
                assert all(f"`{escape(c.usage())}`" in listed for c in command_registry.commands())
            assert by_hook["unknown"]["response_type"] == "ephemeral"  # errors only to the asker

    run(body())


def test_bad_or_stale_signature_gets_401_and_runs_nothing(store: Store, probe: Probe) -> None:
    async def body() -> None:
        async with slack_http(Runtime(store)) as (fake, _adapter, session, url):
            payload = _command_body(fake, "wipe")
            forged = await _post_command(session, url, payload, _sign(payload, secret="not-the-secret"))
            stale = await _post_command(session, url, payload, _sign(payload, timestamp=str(int(time.time()) - 600)))
            unsigned = await _post_command(session, url, payload, {})
            assert (forged.status, stale.status, unsigned.status) == (401, 401, 401)
            # A correctly signed request afterwards proves the server was listening all along.
            await _post_command(session, url, _command_body(fake, "help", hook="after"))
            await fake.wait_for(lambda: len(fake.responses) == 1)
            assert fake.responses[0]["hook"] == "after"
            assert probe.calls == []

    run(body())


def test_admin_only_command_is_refused_to_others_and_run_for_admins(store: Store, probe: Probe) -> None:
    async def body() -> None:
        runtime = Runtime(store, Config(admins=["U_BOSS"]))
        async with slack_http(runtime) as (fake, _adapter, session, url):
            await _post_command(session, url, _command_body(fake, "wipe", hook="intern", user="U_INTERN"))
            await fake.wait_for(lambda: len(fake.responses) == 1)
            assert "admins only" in _all_text(fake.responses[0])
            assert probe.calls == []
            await _post_command(session, url, _command_body(fake, "wipe", hook="boss", user="U_BOSS"))
            await fake.wait_for(lambda: len(fake.responses) == 2)
            assert "wiped" in _all_text(fake.responses[1])
            assert [c.user for c in probe.calls] == ["U_BOSS"] and probe.calls[0].is_admin

    run(body())


def test_app_mention_gets_a_threaded_reply(filled_store: Store, probe: Probe) -> None:
    async def body() -> None:
        async with slack_http(Runtime(filled_store)) as (fake, _adapter, session, url):
            event = {
                "type": "app_mention",
                "user": "U_ASKER",
                "text": "<@UBOT> said Roe",
                "ts": "1714550000.000200",
                "channel": "C_NEWS",
                "event_ts": "1714550000.000200",
            }
            payload = _event_body(event)
            async with session.post(
                url, data=payload, headers={"Content-Type": "application/json", **_sign(payload)}
            ) as response:
                assert response.status == 200
            # Slack redelivers an event whose ack seemed late (X-Slack-Retry-Num): answered once.
            retry = {
                "Content-Type": "application/json",
                "X-Slack-Retry-Num": "1",
                "X-Slack-Retry-Reason": "http_timeout",
                **_sign(payload),
            }
            async with session.post(url, data=payload, headers=retry) as response:
                assert response.status == 200
            # A later, different mention is answered: by then the repeat would have reached the core.
            later = _event_body({**event, "text": "<@UBOT> said Doe", "ts": "1714550099.000300"})
            async with session.post(
                url, data=later, headers={"Content-Type": "application/json", **_sign(later)}
            ) as response:
                assert response.status == 200
            await fake.wait_for(lambda: len(fake.posts) == 2)
            assert len(probe.calls) == 2
            post = next(p for p in fake.posts if p["thread_ts"] == "1714550000.000200")
            assert post["channel"] == "C_NEWS" and post["thread_ts"] == "1714550000.000200"
            assert "*Union leader John Roe* denied" in _all_text(post)
            assert fake.auth_headers["chat.postMessage"] == {f"Bearer {BOT_TOKEN}"}

    run(body())


def test_direct_message_is_answered_directly_and_bot_messages_are_ignored(filled_store: Store, probe: Probe) -> None:
    async def body() -> None:
        async with slack_http(Runtime(filled_store)) as (fake, _adapter, session, url):
            for event in (
                {
                    "type": "message",
                    "channel_type": "im",
                    "bot_id": "BBOT",
                    "text": "said Doe",
                    "ts": "1.1",
                    "channel": "D1",
                },
                {
                    "type": "message",
                    "channel_type": "channel",
                    "user": "U_ASKER",
                    "text": "said Doe",
                    "ts": "1.2",
                    "channel": "C_NEWS",
                },
                {
                    "type": "message",
                    "channel_type": "im",
                    "user": "U_ASKER",
                    "text": "said Doe",
                    "ts": "1.3",
                    "channel": "D1",
                },
            ):
                payload = _event_body(event)
                async with session.post(
                    url, data=payload, headers={"Content-Type": "application/json", **_sign(payload)}
                ) as response:
                    assert response.status == 200
            await fake.wait_for(lambda: len(fake.posts) == 1)
            post = fake.posts[0]
            assert post["channel"] == "D1" and "thread_ts" not in post
            assert "Jane Doe" in _all_text(post)
            assert len(probe.calls) == 1

    run(body())


def test_rate_limited_post_is_retried_after_retry_after(store: Store) -> None:
    async def body() -> None:
        async with slack_http(Runtime(store)) as (fake, adapter, _session, _url):
            fake.rate_limit_next = 2
            await adapter.send("C_DIGEST", Reply(title="Morning digest"))
            assert fake.api_calls.count("chat.postMessage") == 3  # two 429s, then accepted
            assert [p["channel"] for p in fake.posts] == ["C_DIGEST"]
            assert "Morning digest" in _all_text(fake.posts[0])

    run(body())


def test_send_failure_raises_one_line_naming_the_channel(store: Store) -> None:
    async def body() -> None:
        async with slack_http(Runtime(store)) as (_fake, adapter, _session, _url):
            with pytest.raises(
                ConnectionError, match=r"^slack: chat.postMessage to C_GONE failed \(channel_not_found\)$"
            ):
                await adapter.send("C_GONE", Reply(title="digest"))

    run(body())


def test_over_long_reply_is_split_within_slack_limits(store: Store, probe: Probe) -> None:
    async def body() -> None:
        async with slack_http(Runtime(store)) as (fake, adapter, session, url):
            await _post_command(session, url, _command_body(fake, "flood"))
            await fake.wait_for(lambda: len(fake.responses) >= 3)
            await adapter.send("C_DIGEST", probe_reply, thread="1.5")
            for message in [*fake.responses, *fake.posts]:
                blocks = _blocks(message)
                assert 1 <= len(blocks) <= BLOCK_LIMIT
                assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks if b["type"] == "section")
            assert len(fake.responses) == 3 and len(fake.posts) == 3
            assert all(p["thread_ts"] == "1.5" for p in fake.posts)
            shown = sum(_all_text(r).count("*Speaker ") for r in fake.responses)
            assert shown == 130  # split, nothing lost

    probe_reply = Reply(
        title="digest", sections=[Section(quotes=[Quote(f"Speaker {i}", "x" * 300) for i in range(120)])]
    )
    run(body())


def test_tokens_never_reach_the_logs(store: Store, probe: Probe, caplog: pytest.LogCaptureFixture) -> None:
    async def body() -> None:
        async with slack_http(Runtime(store)) as (fake, adapter, session, url):
            payload = _command_body(fake, "help")
            await _post_command(session, url, payload, _sign(payload, secret="wrong"))
            await _post_command(session, url, payload)
            await fake.wait_for(lambda: len(fake.responses) == 1)
            adapter.logger.debug("echo of a token %s", BOT_TOKEN)  # even a careless log line is scrubbed
            await adapter.send("C_DIGEST", Reply(title="digest"))

    caplog.set_level(logging.DEBUG)
    run(body())
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Sending a request" in logged  # debug logging was really on
    assert "[redacted]" in logged
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in logged


def test_refused_bot_token_is_a_one_line_start_error(store: Store) -> None:
    async def body() -> None:
        fake = FakeSlack()
        await fake.start()
        try:
            wrong_token = "xoxb-9999-revoked-token-value"
            for environ, expected in (
                (_environ(fake, SLACK_BOT_TOKEN=wrong_token), "SLACK_BOT_TOKEN was refused by Slack (invalid_auth)"),
                (
                    _environ(fake, SLACK_API_URL=f"{fake.base_url}/nowhere/"),
                    "SLACK_BOT_TOKEN was refused by Slack (HTTP 404)",
                ),
            ):
                adapter = SlackAdapter(Runtime(store), http=True, port=0, environ=environ)
                with pytest.raises(AdapterError) as caught:
                    await adapter.start()
                assert str(caught.value) == expected
                await adapter.stop()
        finally:
            await fake.stop()

    run(body())


# ---------------------------------------------------------------- Socket Mode


def test_socket_mode_slash_command_is_acked_over_the_websocket_and_answered(store: Store, probe: Probe) -> None:
    async def body() -> None:
        fake = FakeSlack()
        await fake.start()
        fake.socket_envelopes.append(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "team_id": "T1",
                    "channel_id": "C_NEWS",
                    "user_id": "U_ASKER",
                    "command": "/brief",
                    "text": "help",
                    "api_app_id": "A1",
                    "response_url": f"{fake.base_url}/respond/socket",
                },
            }
        )
        adapter = SlackAdapter(Runtime(store), environ=_environ(fake))
        try:
            await adapter.start()
            await fake.wait_for(lambda: bool(fake.socket_acks) and bool(fake.responses))
            assert fake.socket_acks[0]["envelope_id"] == "env-1"
            assert fake.auth_headers["apps.connections.open"] == {f"Bearer {APP_TOKEN}"}
            answer = fake.responses[0]
            assert answer["hook"] == "socket" and "briefbot commands" in _all_text(answer)
        finally:
            await adapter.stop()
            await adapter.stop()  # twice is safe
            await fake.stop()

    run(body())


# ---------------------------------------------------------------- the app manifest


def test_manifest_declares_the_command_events_scopes_and_socket_mode() -> None:
    from pathlib import Path

    from adapters.slack.bot import DEFAULT_COMMAND, EVENTS_PATH

    manifest = (Path(__file__).resolve().parent.parent / "slack" / "manifest.yml").read_text(encoding="utf-8")
    lines = {line.split("#")[0].strip() for line in manifest.splitlines()}
    assert f"- command: {DEFAULT_COMMAND}" in lines
    assert {"- app_mention", "- message.im"} <= lines
    scopes = {"- commands", "- app_mentions:read", "- chat:write", "- im:history"}
    assert scopes <= lines
    assert "socket_mode_enabled: true" in lines
    assert EVENTS_PATH in manifest  # the HTTP-mode request URL the README points to
    assert "\t" not in manifest  # YAML forbids tabs


def test_refused_app_token_is_a_one_line_start_error(store: Store) -> None:
    async def body() -> None:
        fake = FakeSlack()
        await fake.start()
        try:
            adapter = SlackAdapter(Runtime(store), environ=_environ(fake, SLACK_APP_TOKEN="xapp-1-revoked-app-token"))
            with pytest.raises(AdapterError) as caught:
                await adapter.start()
            assert str(caught.value) == (
                "SLACK_APP_TOKEN was refused by Slack (invalid_auth); it needs the connections:write scope"
            )
            await adapter.stop()
        finally:
            await fake.stop()

    run(body())


def _long_digest() -> Reply:
    """A reply Slack needs three messages for (50 blocks each)."""
    return Reply(
        title="Morning digest", sections=[Section(quotes=[Quote(f"Speaker {i}", "x" * 300) for i in range(120)])]
    )


def test_a_long_digest_is_one_channel_message_with_the_rest_in_its_thread(store: Store) -> None:
    async def body() -> None:
        async with slack_http(Runtime(store)) as (fake, adapter, _session, _url):
            first_ts = await adapter.send("C_DIGEST", _long_digest())
            assert len(fake.posts) == 3 and first_ts == fake.post_ts[0]
            top, *replies = fake.posts
            assert top["channel"] == "C_DIGEST" and not top.get("thread_ts")
            assert [r["thread_ts"] for r in replies] == [first_ts, first_ts]
            assert sum(_all_text(p).count("*Speaker ") for p in fake.posts) == 120  # nothing lost

    run(body())


def test_a_retry_after_a_partial_failure_does_not_post_the_first_part_again(store: Store) -> None:
    from bot.digests.schedule import post_with_retry
    from bot.reply import SendProgress

    async def no_sleep(_seconds: float) -> None:
        return None

    async def body() -> None:
        async with slack_http(Runtime(store)) as (fake, adapter, _session, _url):
            fake.fail_after_posts = 1  # the first part goes out, the second is refused once
            progress = SendProgress()
            attempts, error = await post_with_retry(
                adapter, "C_DIGEST", _long_digest(), delays=(1.0,), sleep=no_sleep, progress=progress
            )
            assert (attempts, error) == (2, None)
            assert len(fake.posts) == 3  # three parts, each posted once
            top, *replies = fake.posts
            assert not top.get("thread_ts") and all(r["thread_ts"] == fake.post_ts[0] for r in replies)
            assert (progress.first_ref, progress.parts_sent) == (fake.post_ts[0], 3)
            assert (
                _all_text(top).count("*Speaker 0*") == 1
                and sum(_all_text(p).count("*Speaker 0*") for p in fake.posts) == 1
            )

    run(body())
