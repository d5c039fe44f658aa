"""The Discord adapter against a fake Discord REST API on 127.0.0.1.

discord.py runs unchanged: `Route.BASE` points at an aiohttp server started by
each test, the client logs in over REST (no gateway), and gateway events are
fed through the client's own parsers (`parse_guild_create`,
`parse_interaction_create`, `parse_message_create`), so the real
CommandTree, option parsing, defer, followup webhook and rate-limit handling
run. No Discord account and no network beyond loopback.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import discord
import discord.gateway
import pytest
import yarl
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.base import AdapterError, Runtime
from adapters.discord.bot import (
    DiscordAdapter,
    DiscordSendError,
    command_line,
    discord_name,
    invite_url,
    one_word_problem,
    speaker_choices,
    strip_mentions,
)
from adapters.discord.embeds import STATUS_COLOURS, DiscordMessage, message_within_limits
from bot.chat import registry as registry
from bot.chat.registry import Argument, Command, CommandContext, commands
from bot.config import Config
from bot.models import Statement
from bot.reply import Quote, Reply, Section
from bot.store import Store

TOKEN = "test-token-never-logged-7f3a"
APP_ID = "900000000000000001"
BOT_ID = "900000000000000002"
GUILD_ID = "900000000000000010"
CHANNEL_ID = "900000000000000020"
DM_CHANNEL_ID = "900000000000000021"
THREAD_ID = "900000000000000022"
USER_ID = "900000000000000030"
ADMIN_ROLE_ID = "900000000000000040"
BOT_ROLE_ID = "900000000000000041"
TIMESTAMP = "2026-01-01T00:00:00+00:00"

BOT_USER = {
    "id": BOT_ID,
    "username": "briefbot",
    "discriminator": "0",
    "avatar": None,
    "bot": True,
    "global_name": None,
}
HUMAN = {"id": USER_ID, "username": "editor", "discriminator": "0", "avatar": None, "global_name": "Editor"}
TEXT_CHANNEL = {
    "id": CHANNEL_ID,
    "type": 0,
    "guild_id": GUILD_ID,
    "name": "news",
    "position": 0,
    "permission_overwrites": [],
    "nsfw": False,
    "parent_id": None,
    "topic": None,
    "rate_limit_per_user": 0,
}


# ---------------------------------------------------------------- the fake Discord


@dataclass
class Seen:
    """One request the fake received."""

    method: str
    path: str
    body: Any
    authorization: str | None


class FakeDiscord:
    """The few Discord REST endpoints the adapter uses, recording every request."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.rate_limits: dict[str, int] = {}  # path regex -> how many 429s to answer first
        self.refuse: dict[str, tuple[int, int]] = {}  # path regex -> (status, Discord error code)
        self.refuse_once: dict[str, tuple[int, int]] = {}  # the same, for the next matching request only
        self.changed = asyncio.Event()
        self.ids = itertools.count(910000000000000000)
        self.identified: dict[str, Any] | None = None
        self.close_on_identify: int | None = None  # a gateway close code to answer IDENTIFY with
        self.socket: web.WebSocketResponse | None = None
        self.sequence = itertools.count(1)
        self.app = web.Application()
        self.app.router.add_get("/gateway", self.gateway)
        self.app.router.add_route("*", "/api/v10/{tail:.*}", self.handle)

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        """A minimal gateway: HELLO, then READY and GUILD_CREATE after IDENTIFY; acks heartbeats."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": 45000}, "s": None, "t": None})
        async for frame in socket:
            message = json.loads(frame.data)
            if message["op"] == 1:
                await socket.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif message["op"] == 2 and self.close_on_identify:
                await socket.close(code=self.close_on_identify)
            elif message["op"] == 2:
                self.identified = message["d"]
                self.socket = socket
                await self.dispatch(
                    "READY",
                    {
                        "v": 10,
                        "user": BOT_USER,
                        "guilds": [{"id": GUILD_ID, "unavailable": True}],
                        "session_id": "fake-session",
                        "resume_gateway_url": str(request.url.with_path("/gateway")),
                        "application": {"id": APP_ID, "flags": 0},
                    },
                )
                await self.dispatch("GUILD_CREATE", guild_payload())
            self.changed.set()
        return socket

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event (op 0) to the connected client."""
        assert self.socket is not None, "no client identified on the fake gateway"
        await self.socket.send_json({"op": 0, "s": next(self.sequence), "t": event, "d": data})

    async def handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body = await request.json() if request.body_exists and request.content_type == "application/json" else None
        self.requests.append(Seen(request.method, path, body, request.headers.get("Authorization")))
        self.changed.set()
        for pattern, left in self.rate_limits.items():
            if left and re.fullmatch(pattern, path):
                self.rate_limits[pattern] = left - 1
                return json_response(
                    {"message": "You are being rate limited.", "retry_after": 0.01, "global": False},
                    status=429,
                    headers={
                        "Via": "1.1 google",
                        "Retry-After": "1",
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset-After": "0.01",
                        "X-RateLimit-Bucket": "fakebucket",
                        "X-RateLimit-Scope": "user",
                    },
                )
        for pattern, (status, code) in list(self.refuse_once.items()):
            if re.fullmatch(pattern, path):
                del self.refuse_once[pattern]
                return json_response({"message": "refused once by the fake", "code": code}, status=status)
        for pattern, (status, code) in self.refuse.items():
            if re.fullmatch(pattern, path):
                return json_response({"message": "refused by the fake", "code": code}, status=status)
        return self.route(request.method, path, body)

    def route(self, method: str, path: str, body: Any) -> web.Response:
        if (method, path) == ("GET", "/users/@me"):
            return json_response(BOT_USER)
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return json_response(
                {
                    "id": APP_ID,
                    "name": "briefbot",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": HUMAN,
                    "verify_key": "k",
                    "flags": 0,
                    "team": None,
                }
            )
        if method == "PUT" and re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path):
            return json_response(
                [
                    {**c, "id": str(next(self.ids)), "application_id": APP_ID, "version": "1", "type": c.get("type", 1)}
                    for c in body
                ]
            )
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            return json_response(
                {"interaction": {"id": match[1], "type": 2, "response_message_loading": body["type"] == 5}}
            )
        if method == "POST" and re.fullmatch(r"/webhooks/\d+/[^/]+", path):
            return json_response(self.message(CHANNEL_ID, body))
        if method == "POST" and (match := re.fullmatch(r"/channels/(\d+)/typing", path)):
            return web.Response(status=204)
        if method == "POST" and (match := re.fullmatch(r"/channels/(\d+)/messages/(\d+)/threads", path)):
            return json_response(
                {
                    "id": THREAD_ID,
                    "type": 11,
                    "guild_id": GUILD_ID,
                    "parent_id": match[1],
                    "name": body["name"],
                    "owner_id": BOT_ID,
                    "message_count": 0,
                    "member_count": 1,
                    "rate_limit_per_user": 0,
                    "flags": 0,
                    "thread_metadata": {
                        "archived": False,
                        "auto_archive_duration": 1440,
                        "archive_timestamp": TIMESTAMP,
                        "locked": False,
                    },
                }
            )
        if method == "POST" and (match := re.fullmatch(r"/channels/(\d+)/messages", path)):
            return json_response(self.message(match[1], body))
        return json_response({"message": f"fake Discord has no {method} {path}", "code": 0}, status=404)

    def message(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """The message object Discord returns for a post."""
        return message_payload(
            str(next(self.ids)), channel_id, body.get("content") or "", BOT_USER, embeds=body.get("embeds") or []
        )

    def posts(self, pattern: str) -> list[Seen]:
        """POSTs whose path matches `pattern`."""
        return [r for r in self.requests if r.method == "POST" and re.fullmatch(pattern, r.path)]

    async def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Wait until `condition` holds (a safety net of 20 s, not a timing check)."""

        async def poll() -> None:
            while not condition():
                self.changed.clear()
                await self.changed.wait()

        try:
            await asyncio.wait_for(poll(), timeout=20)
        except TimeoutError:
            raise AssertionError(
                f"fake Discord never saw {what}; requests: {[(r.method, r.path) for r in self.requests]}"
            ) from None


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with Discord's exact content type (discord.py parses only 'application/json')."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={**(headers or {}), "Content-Type": "application/json"}
    )


def message_payload(mid: str, channel_id: str, content: str, author: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A MESSAGE_CREATE / message object payload."""
    return {
        "id": mid,
        "channel_id": channel_id,
        "type": 0,
        "content": content,
        "author": author,
        "embeds": [],
        "attachments": [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "flags": 0,
        "components": [],
        **extra,
    }


def guild_payload() -> dict[str, Any]:
    """GUILD_CREATE for one server with one text channel and an admin role."""
    role = {
        "permissions": "0",
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    return {
        "id": GUILD_ID,
        "name": "Newsroom",
        "unavailable": False,
        "owner_id": USER_ID,
        "member_count": 2,
        "roles": [
            {**role, "id": GUILD_ID, "name": "@everyone"},
            {**role, "id": ADMIN_ROLE_ID, "name": "desk-editors", "position": 1},
            {**role, "id": BOT_ROLE_ID, "name": "briefbot", "position": 2, "managed": True, "tags": {"bot_id": BOT_ID}},
        ],
        "channels": [TEXT_CHANNEL],
        "members": [],
        "threads": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
    }


_interaction_ids = itertools.count(920000000000000000)


def interaction_payload(
    subcommand: str, options: dict[str, str], *, kind: int = 2, focused: str | None = None, roles: tuple[str, ...] = ()
) -> dict[str, Any]:
    """INTERACTION_CREATE for `/brief <subcommand>` (kind 2) or its autocomplete (kind 4)."""
    iid = str(next(_interaction_ids))
    inner = [
        {"type": 3, "name": k, "value": v, **({"focused": True} if k == focused else {})} for k, v in options.items()
    ]
    return {
        "id": iid,
        "application_id": APP_ID,
        "type": kind,
        "token": f"itoken-{iid}",
        "version": 1,
        "guild_id": GUILD_ID,
        "channel_id": CHANNEL_ID,
        "channel": TEXT_CHANNEL,
        "member": {
            "user": HUMAN,
            "roles": list(roles),
            "joined_at": TIMESTAMP,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": "2048",
        },
        "data": {
            "id": "930000000000000000",
            "name": "brief",
            "type": 1,
            "options": [{"type": 1, "name": subcommand, "options": inner}],
        },
        "app_permissions": "309237729280",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0,
        "attachment_size_limit": 8388608,
    }


# ---------------------------------------------------------------- store and commands


def fill_store(store: Store) -> None:
    """Two articles: one speaker claims, another denies."""

    def statement(kind: str, cue: str, speaker: str, text: str, role: str) -> Statement:
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

    articles = [
        (
            "wire.txt",
            "Wire One",
            statement("claim", "said", "Jane Official", "the bridge will reopen on Monday", "transport minister"),
        ),
        (
            "daily.txt",
            "Daily Two",
            statement("denial", "denied", "John Spokesman", "that any reopening date was agreed", "council spokesman"),
        ),
    ]
    for name, outlet, st in articles:
        store.save_article(
            name=name,
            source=name,
            raw_text=st.evidence,
            text=st.evidence,
            content_hash=name,
            title=name,
            outlet=outlet,
            url=None,
            published="2026-01-01",
            language="en",
            statements=[st],
            figures=[],
        )


def _long_answer(ctx: CommandContext, args: dict[str, str]) -> Reply:
    quotes = [
        Quote(speaker=f"Official {n}", text=f"statement {n} " + "words " * 150, outlets=["Wire One"]) for n in range(80)
    ]
    return Reply(
        title="Everything said", sections=[Section(text="para " * 2000), Section(heading="Quotes", quotes=quotes)]
    )


def _admin_only(ctx: CommandContext, args: dict[str, str]) -> Reply:
    return Reply(title="purged")


@pytest.fixture
def core_commands(monkeypatch: pytest.MonkeyPatch) -> dict[str, Command]:
    """The real registry plus two test-only commands: a very long answer and an admin-only one."""
    commands()  # register the built-ins first, so nothing is registered twice later
    monkeypatch.setitem(registry.REGISTRY, "everything", Command("everything", "A very long answer.", _long_answer))
    monkeypatch.setitem(registry.REGISTRY, "purge", Command("purge", "Admins only.", _admin_only, admin_only=True))
    return dict(registry.REGISTRY)


@pytest.fixture
def runtime(store: Store) -> Runtime:
    """A runtime over the hand-filled store; desk-editors are admins; commands synced to one guild."""
    fill_store(store)
    config = Config(admin_roles=["desk-editors"], raw={"discord": {"guilds": [GUILD_ID]}})
    return Runtime(store=store, config=config)


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)


@contextlib.asynccontextmanager
async def logged_in(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[DiscordAdapter, FakeDiscord]]:
    """A fake Discord on loopback and an adapter logged in to it, with one guild known."""
    fake = FakeDiscord()
    server = TestServer(fake.app, host="127.0.0.1")
    await server.start_server()
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{server.port}/api/v10")
    adapter = DiscordAdapter(runtime)
    try:
        await adapter.login()
        adapter.client._connection.parse_guild_create(guild_payload())
        yield adapter, fake
    finally:
        await adapter.stop()
        await server.close()


def run(coro: Any) -> Any:
    """Run one test coroutine on a fresh event loop."""
    return asyncio.run(coro)


def embeds_of(seen: Seen) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in seen.body.get("embeds") or []]


def embed_text(seen: Seen) -> str:
    parts = []
    for e in embeds_of(seen):
        parts += [e.title or "", e.description or "", e.footer.text or ""]
        parts += [f"{f.name} {f.value}" for f in e.fields]
    return "\n".join(parts)


# ---------------------------------------------------------------- tests


def test_login_syncs_the_generated_brief_group_to_the_configured_guild(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            [sync] = [r for r in fake.requests if r.method == "PUT"]
            assert sync.path == f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands"
            assert sync.authorization == f"Bot {TOKEN}"
            [group] = sync.body
            assert group["name"] == "brief"
            subcommands = {o["name"]: o for o in group["options"]}
            assert set(subcommands) == {discord_name(name) for name in core_commands}
            [question] = subcommands["ask"]["options"]
            assert (question["name"], question["type"], question["required"]) == ("question", 3, True)
            assert subcommands["claims"]["options"][0]["autocomplete"] is True
            assert subcommands["help"].get("options", []) == []

    run(scenario())


def test_start_returns_once_the_gateway_is_ready_then_answers_events_from_it(
    runtime: Runtime,
    core_commands: dict[str, Command],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> None:
        fake = FakeDiscord()
        server = TestServer(fake.app, host="127.0.0.1")
        await server.start_server()
        monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{server.port}/api/v10")
        monkeypatch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"ws://127.0.0.1:{server.port}/gateway")
        )
        adapter = DiscordAdapter(runtime, client_options={"guild_ready_timeout": 0.05})
        try:
            await adapter.start()
            assert adapter.client.is_ready()
            assert fake.identified is not None and fake.identified["token"] == TOKEN
            intents = discord.Intents._from_value(fake.identified["intents"])
            assert not intents.message_content and intents.guild_messages and intents.dm_messages
            payload = interaction_payload("claims", {"speaker": "John Spokesman"})
            await fake.dispatch("INTERACTION_CREATE", payload)
            followups = rf"/webhooks/{APP_ID}/itoken-{payload['id']}"
            await fake.wait_for(lambda: fake.posts(followups), "the followup")
            assert "that any reopening date was agreed" in embed_text(fake.posts(followups)[0])
            # events arrive in order, so the GUILD_CREATE sent after READY has been handled by now
            assert adapter.client.get_guild(int(GUILD_ID)) is not None
        finally:
            await adapter.stop()
            await adapter.stop()  # safe twice
            await server.close()
        assert adapter.client.is_closed()

    with caplog.at_level("DEBUG"):  # discord.py's own debug logging included
        run(scenario())
    assert "has sent the IDENTIFY payload" in caplog.text
    assert TOKEN not in caplog.text


def test_start_fails_in_one_line_when_the_gateway_rejects_the_token(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        fake = FakeDiscord()
        fake.close_on_identify = 4004
        server = TestServer(fake.app, host="127.0.0.1")
        await server.start_server()
        monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{server.port}/api/v10")
        monkeypatch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"ws://127.0.0.1:{server.port}/gateway")
        )
        adapter = DiscordAdapter(runtime)
        try:
            with pytest.raises(AdapterError, match="DISCORD_TOKEN.*4004") as failure:
                await adapter.start()
            assert TOKEN not in str(failure.value)
            assert adapter.client.is_closed()
        finally:
            await adapter.stop()
            await server.close()

    run(scenario())


def test_brief_ask_defers_then_posts_an_embed_naming_the_speakers(
    seeded_store: Store, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = Runtime(store=seeded_store, config=Config(raw={"discord": {"guilds": [GUILD_ID]}}))

    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            payload = interaction_payload("ask", {"question": "Did Macron get an assurance from Putin?"})
            adapter.client._connection.parse_interaction_create(payload)
            followups = f"/webhooks/{APP_ID}/itoken-{payload['id']}"
            await fake.wait_for(lambda: fake.posts(followups), "the followup")
            callback, followup, *_ = fake.posts(rf"/interactions/{payload['id']}/.*|{followups}")
            assert callback.path.endswith("/callback") and callback.body["type"] == 5  # deferred: "thinking…"
            embeds = embeds_of(followup)
            assert embeds[0].colour == STATUS_COLOURS["contested"]  # claimed by one side, denied by the other
            speakers = " ".join(f.name for e in embeds for f in e.fields)
            assert "Emmanuel Macron" in speakers and "Dmitry Peskov" in speakers
            assert "The Week" in embed_text(followup)
            assert message_within_limits(DiscordMessage(embeds=embeds)) == []

    run(scenario())


def test_claims_option_reaches_the_core_with_spaces_intact(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            payload = interaction_payload("claims", {"speaker": "Jane Official"})
            adapter.client._connection.parse_interaction_create(payload)
            await fake.wait_for(lambda: fake.posts(rf"/webhooks/{APP_ID}/itoken-{payload['id']}"), "the followup")
            [followup] = fake.posts(rf"/webhooks/{APP_ID}/itoken-{payload['id']}")
            text = embed_text(followup)
            assert "Jane Official" in text and "bridge will reopen" in text
            assert "John Spokesman" not in text

    run(scenario())


def test_speaker_autocomplete_offers_names_from_the_store(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            payload = interaction_payload("claims", {"speaker": "jo"}, kind=4, focused="speaker")
            adapter.client._connection.parse_interaction_create(payload)
            callback = rf"/interactions/{payload['id']}/.*/callback"
            await fake.wait_for(lambda: fake.posts(callback), "the autocomplete answer")
            [answer] = fake.posts(callback)
            assert answer.body["type"] == 8
            assert answer.body["data"]["choices"] == [{"name": "John Spokesman", "value": "John Spokesman"}]

    run(scenario())


def test_over_long_answer_is_split_within_discord_limits(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            payload = interaction_payload("everything", {})
            adapter.client._connection.parse_interaction_create(payload)
            followups = rf"/webhooks/{APP_ID}/itoken-{payload['id']}"
            await fake.wait_for(lambda: any("more" in embed_text(p) for p in fake.posts(followups)), "the last part")
            posts = fake.posts(followups)
            assert len(posts) > 1
            for post in posts:
                assert message_within_limits(DiscordMessage(embeds=embeds_of(post))) == []
            assert re.search(r"… and \d+ more", embed_text(posts[-1]))

    run(scenario())


def test_a_mention_gets_a_reply_and_other_messages_are_ignored(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            state = adapter.client._connection
            state.parse_message_create(
                message_payload("940000000000000001", CHANNEL_ID, "unrelated chatter", HUMAN, guild_id=GUILD_ID)
            )
            mention = message_payload(
                "940000000000000002",
                CHANNEL_ID,
                f"<@{BOT_ID}> claims John Spokesman",
                HUMAN,
                guild_id=GUILD_ID,
                mentions=[BOT_USER],
            )
            state.parse_message_create(mention)
            messages = rf"/channels/{CHANNEL_ID}/messages"
            await fake.wait_for(lambda: fake.posts(messages), "the reply")
            [reply] = fake.posts(messages)
            assert str(reply.body["message_reference"]["message_id"]) == "940000000000000002"
            assert "that any reopening date was agreed" in embed_text(reply)

    run(scenario())


def test_a_mention_of_the_bots_own_role_is_answered(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            mention = message_payload(
                "940000000000000005",
                CHANNEL_ID,
                f"<@&{BOT_ROLE_ID}> claims Jane Official",
                HUMAN,
                guild_id=GUILD_ID,
                mention_roles=[BOT_ROLE_ID],
            )
            adapter.client._connection.parse_message_create(mention)
            messages = rf"/channels/{CHANNEL_ID}/messages"
            await fake.wait_for(lambda: fake.posts(messages), "the reply")
            assert "the bridge will reopen on Monday" in embed_text(fake.posts(messages)[0])

    run(scenario())


def test_a_mention_with_no_question_gets_help_in_a_thread_when_configured(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime.config.raw["discord"]["reply_in_thread"] = True

    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            mention = message_payload(
                "940000000000000003", CHANNEL_ID, f"<@{BOT_ID}>", HUMAN, guild_id=GUILD_ID, mentions=[BOT_USER]
            )
            adapter.client._connection.parse_message_create(mention)
            in_thread = rf"/channels/{THREAD_ID}/messages"
            await fake.wait_for(lambda: fake.posts(in_thread), "the answer in a thread")
            assert fake.posts(rf"/channels/{CHANNEL_ID}/messages/940000000000000003/threads")
            text = embed_text(fake.posts(in_thread)[0])
            assert "briefbot commands" in text and "ask <question>" in text

    run(scenario())


def test_a_dm_is_answered_and_an_unknown_question_gets_the_cores_guidance(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "what did nobody say about the weather on Mars?"
    expected = runtime.handle(question, runtime.context("discord"))

    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            dm = message_payload("940000000000000004", DM_CHANNEL_ID, question, HUMAN)
            adapter.client._connection.parse_message_create(dm)
            messages = rf"/channels/{DM_CHANNEL_ID}/messages"
            await fake.wait_for(lambda: fake.posts(messages), "the DM answer")
            [embed, *rest] = embeds_of(fake.posts(messages)[0])
            # The answer leads with its lead under the question asked.
            assert embed.title == question and embed.description.startswith("**Unknown.**")
            assert expected.lead.split(". ", 1)[1] in embed.description
            assert expected.status == "unknown" and embed.colour == STATUS_COLOURS["unknown"]
            hint = expected.sections[0].text.split(".")[0]  # the core's advice on what to try
            assert any(hint in (e.description or "") for e in [embed, *rest])

    run(scenario())


def test_a_429_is_retried_by_discord_py(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            fake.rate_limits[rf"/channels/{CHANNEL_ID}/messages"] = 2
            await adapter.send(CHANNEL_ID, Reply(title="Daily digest", sections=[Section(text="Nothing new.")]))
            posts = fake.posts(rf"/channels/{CHANNEL_ID}/messages")
            assert len(posts) == 3  # two refused with 429, then delivered
            assert embeds_of(posts[-1])[0].title == "Daily digest"

    run(scenario())


def test_send_failure_names_the_channel_and_never_the_token(
    runtime: Runtime,
    core_commands: dict[str, Command],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            fake.refuse[rf"/channels/{CHANNEL_ID}/messages"] = (404, 10003)
            with pytest.raises(DiscordSendError, match=CHANNEL_ID) as failure:
                await adapter.send(CHANNEL_ID, Reply(title="Daily digest"))
            assert TOKEN not in str(failure.value)
            with pytest.raises(DiscordSendError, match="not a number"):
                await adapter.send("#general", Reply(title="Daily digest"))

    with caplog.at_level("DEBUG"):
        run(scenario())
    assert CHANNEL_ID in caplog.text
    assert TOKEN not in caplog.text


def test_send_falls_back_to_plain_text_without_embed_permission(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            fake.refuse[rf"/channels/{CHANNEL_ID}/messages"] = (403, 50013)
            with pytest.raises(DiscordSendError):  # the fake refuses the plain post too
                await adapter.send(CHANNEL_ID, Reply(title="Daily digest"))
            plain = [p for p in fake.posts(rf"/channels/{CHANNEL_ID}/messages") if not p.body.get("embeds")]
            assert plain and plain[0].body["content"] == "Daily digest"

    run(scenario())


def test_admin_only_commands_are_refused_unless_the_role_is_listed(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            state = adapter.client._connection
            refused = interaction_payload("purge", {})
            allowed = interaction_payload("purge", {}, roles=(ADMIN_ROLE_ID,))
            state.parse_interaction_create(refused)
            state.parse_interaction_create(allowed)
            for payload in (refused, allowed):
                await fake.wait_for(
                    lambda p=payload: fake.posts(rf"/webhooks/{APP_ID}/itoken-{p['id']}"), "the followup"
                )
            [no] = fake.posts(rf"/webhooks/{APP_ID}/itoken-{refused['id']}")
            [yes] = fake.posts(rf"/webhooks/{APP_ID}/itoken-{allowed['id']}")
            assert "admins only" in embed_text(no)
            assert embeds_of(yes)[0].title == "purged"

    run(scenario())


def test_a_rejected_token_is_one_line_without_the_token(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario() -> None:
        fake = FakeDiscord()
        fake.refuse["/users/@me"] = (401, 0)
        server = TestServer(fake.app, host="127.0.0.1")
        await server.start_server()
        monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{server.port}/api/v10")
        adapter = DiscordAdapter(runtime)
        try:
            with pytest.raises(AdapterError, match="DISCORD_TOKEN") as failure:
                await adapter.login()
            assert TOKEN not in str(failure.value) and "\n" not in str(failure.value)
        finally:
            await adapter.stop()
            await server.close()

    run(scenario())


def test_missing_token_is_a_one_line_error(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN")
    with pytest.raises(AdapterError, match=r"^DISCORD_TOKEN is not set"):
        DiscordAdapter(runtime)
    monkeypatch.setenv("DISCORD_TOKEN", "   ")
    with pytest.raises(AdapterError, match="DISCORD_TOKEN"):
        DiscordAdapter(runtime)


def test_invite_url_has_both_scopes_and_the_needed_permissions() -> None:
    url = invite_url("123456789012345678")
    assert url.startswith("https://discord.com/oauth2/authorize?client_id=123456789012345678&")
    assert "scope=bot+applications.commands" in url
    value = int(re.search(r"permissions=(\d+)", url)[1])
    perms = discord.Permissions(value)
    assert perms.send_messages and perms.embed_links and perms.create_public_threads
    assert perms.send_messages_in_threads and perms.read_message_history
    assert not perms.administrator and not perms.manage_messages
    with pytest.raises(ValueError, match="abc"):
        invite_url("abc")


def test_pure_helpers() -> None:
    assert strip_mentions(f"<@{BOT_ID}> claims  X <@!{BOT_ID}>", int(BOT_ID)) == "claims X"
    assert strip_mentions(f"<@&{BOT_ROLE_ID}> help <@&1>", int(BOT_ID), int(BOT_ROLE_ID)) == "help <@&1>"
    command = Command("claims", "h", _admin_only, (Argument("speaker", "who", rest=True),))
    assert command_line(command, {"speaker": " Jane Doe "}) == "claims Jane Doe"
    assert command_line(command, {"speaker": None}) == "claims"
    assert discord_name("Set Digest!") == "set_digest"
    subscribe = Command(
        "subscribe", "h", _admin_only, (Argument("time", "t", required=True), Argument("topic", "t", rest=True))
    )
    assert one_word_problem(subscribe, {"time": "08:00", "topic": "border talks"}) is None
    assert one_word_problem(subscribe, {"time": "at eight", "topic": None}) == "`time` takes one word, not 'at eight'."
    rows = [
        {"name": "Jane Official", "aliases": []},
        {"name": "John Spokesman", "aliases": ["the spokesman"]},
        {"name": "Ann Johnson", "aliases": []},
    ]
    assert speaker_choices(rows, "jo") == ["John Spokesman", "Ann Johnson"]
    assert speaker_choices(rows, "spokes") == ["John Spokesman"]
    assert speaker_choices(rows, "") == ["Jane Official", "John Spokesman", "Ann Johnson"]
    assert len(speaker_choices([{"name": f"N{i}", "aliases": []} for i in range(40)], "")) == 25


def test_discord_invite_command_prints_the_url(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from bot.cli import main

    runner = CliRunner()
    result = runner.invoke(
        main, ["--db", str(tmp_path / "b.db"), "discord-invite", "--client-id", "123456789012345678"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == invite_url("123456789012345678")
    config = tmp_path / "config.toml"
    config.write_text('[discord]\napplication_id = "555"\n', encoding="utf-8")
    result = runner.invoke(main, ["--config", str(config), "--db", str(tmp_path / "b.db"), "discord-invite"])
    assert result.exit_code == 0 and "client_id=555&" in result.output
    result = runner.invoke(
        main, ["--db", str(tmp_path / "b.db"), "--config", str(tmp_path / "none.toml"), "discord-invite"]
    )
    assert result.exit_code != 0
    config.write_text("[discord]\n", encoding="utf-8")
    result = runner.invoke(main, ["--config", str(config), "--db", str(tmp_path / "b.db"), "discord-invite"])
    assert result.exit_code == 1 and "--client-id" in result.output


def test_a_failed_followup_is_logged_with_the_channel(
    runtime: Runtime,
    core_commands: dict[str, Command],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            fake.refuse[r"/webhooks/.*"] = (400, 50035)
            payload = interaction_payload("help", {})
            adapter.client._connection.parse_interaction_create(payload)
            followups = rf"/webhooks/{APP_ID}/itoken-{payload['id']}"
            await fake.wait_for(lambda: len(fake.posts(followups)) == 2, "the help and the error notice")
            assert fake.posts(followups)[1].body["flags"] == 64  # the notice is ephemeral

    with caplog.at_level("ERROR", logger="adapters.discord.bot"):
        run(scenario())
    assert f"/brief help failed in channel {CHANNEL_ID}" in caplog.text


def test_bad_guild_setting_is_refused_before_login(store: Store) -> None:
    config = Config(raw={"discord": {"guilds": ["my-server"]}})
    with pytest.raises(AdapterError, match="my-server"):
        DiscordAdapter(Runtime(store=store, config=config))


def test_the_group_keeps_within_25_subcommands(
    core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    from adapters.discord.bot import build_brief_group

    for n in range(30):
        monkeypatch.setitem(registry.REGISTRY, f"extra{n}", Command(f"extra{n}", "Extra.", _admin_only))

    async def noop(*args: Any) -> Any:
        return []

    group = build_brief_group(noop, noop)
    assert len(group.commands) == 25
    assert group.commands[0].name == "help"


def test_a_real_digest_is_posted_into_a_channel_within_limits(
    seeded_store: Store, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = Runtime(store=seeded_store, config=Config(raw={"discord": {"guilds": [GUILD_ID]}}))
    digest = runtime.handle("digest all", runtime.context("discord", channel=CHANNEL_ID))
    assert not digest.is_error

    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            await adapter.send(CHANNEL_ID, digest)
            posts = fake.posts(rf"/channels/{CHANNEL_ID}/messages")
            assert posts and embeds_of(posts[0])[0].title == digest.title
            for post in posts:
                assert message_within_limits(DiscordMessage(embeds=embeds_of(post))) == []
            shown = "\n".join(embed_text(p) for p in posts)
            assert all(outlet in shown for outlet in digest.sources)

    run(scenario())


def test_a_one_word_option_given_several_words_gets_a_usage_error(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            payload = interaction_payload("denials", {"since": "last week"})
            adapter.client._connection.parse_interaction_create(payload)
            followups = rf"/webhooks/{APP_ID}/itoken-{payload['id']}"
            await fake.wait_for(lambda: fake.posts(followups), "the followup")
            [embed] = embeds_of(fake.posts(followups)[0])
            assert embed.title == "`since` takes one word, not 'last week'."
            assert "/brief denials [since]" in embed.description

    run(scenario())


def test_a_long_digest_is_one_channel_message_with_the_rest_in_a_thread_on_it(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    long_reply = _long_answer(None, {})  # type: ignore[arg-type]

    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            first_id = await adapter.send(CHANNEL_ID, long_reply)
            top = fake.posts(rf"/channels/{CHANNEL_ID}/messages")
            threads = fake.posts(rf"/channels/{CHANNEL_ID}/messages/\d+/threads")
            in_thread = fake.posts(rf"/channels/{THREAD_ID}/messages")
            assert len(top) == 1 and embeds_of(top[0])[0].title == "Everything said"
            assert [t.path for t in threads] == [f"/channels/{CHANNEL_ID}/messages/{first_id}/threads"]
            assert threads[0].body["name"] == "Everything said"
            assert len(in_thread) >= 1
            for post in top + in_thread:
                assert message_within_limits(DiscordMessage(embeds=embeds_of(post))) == []

    run(scenario())


def test_a_retry_after_a_partial_failure_resumes_in_the_same_thread(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.digests.schedule import post_with_retry
    from bot.reply import SendProgress

    long_reply = _long_answer(None, {})  # type: ignore[arg-type]

    async def no_sleep(_seconds: float) -> None:
        return None

    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            fake.refuse_once[rf"/channels/{THREAD_ID}/messages"] = (404, 10003)  # the first follow-up fails
            progress = SendProgress()
            attempts, error = await post_with_retry(
                adapter, CHANNEL_ID, long_reply, delays=(1.0,), sleep=no_sleep, progress=progress
            )
            assert (attempts, error) == (2, None)
            assert len(fake.posts(rf"/channels/{CHANNEL_ID}/messages")) == 1  # the first part, once
            assert len(fake.posts(rf"/channels/{CHANNEL_ID}/messages/\d+/threads")) == 1  # one thread
            in_thread = fake.posts(rf"/channels/{THREAD_ID}/messages")
            # Every follow-up once, plus the refused one tried again (not skipped).
            assert progress.thread_ref == THREAD_ID and progress.parts_sent == 1 + len(in_thread) - 1
            embeds = [json.dumps(p.body["embeds"], sort_keys=True) for p in in_thread]
            assert embeds[0] == embeds[1] and len(set(embeds)) == len(embeds) - 1

    run(scenario())


def test_without_threads_the_rest_are_replies_to_the_first_message(
    runtime: Runtime, core_commands: dict[str, Command], monkeypatch: pytest.MonkeyPatch
) -> None:
    long_reply = _long_answer(None, {})  # type: ignore[arg-type]

    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            first_id = await adapter.send(DM_CHANNEL_ID, long_reply)  # not a server text channel: no threads
            posts = fake.posts(rf"/channels/{DM_CHANNEL_ID}/messages")
            assert len(posts) >= 2 and "message_reference" not in posts[0].body
            assert all(str(p.body["message_reference"]["message_id"]) == first_id for p in posts[1:])
            assert not fake.posts(r"/channels/\d+/messages/\d+/threads")

    run(scenario())
