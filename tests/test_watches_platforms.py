"""Watches on every platform: the console in a running bot, the Slack fake and the Discord fake.

A loopback feed (tests/feed_server.py) publishes an invented article with a
denial: the watching channel gets exactly one alert, and a second outlet
carrying the denial adds none. A `briefbot ingest` into the same store file
while the bot runs is alerted by the periodic check, with no poke.
"""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from adapters.base import Runtime
from adapters.runner import FEED_JOB_ID, run_bot
from bot.cli import main
from bot.config import Config
from bot.ingest import feeds
from bot.ingest.fetch import Fetcher, FetchSettings
from bot.store import Store
from bot.watches.settings import WatchSettings
from bot.watches.watcher import Watcher
from feed_server import FixtureServer
from watch_fixtures import DENIAL_ARTICLE, SECOND_OUTLET_ARTICLE, page, rss

WAIT = 20.0  # a bound so a missing alert fails instead of hanging; not a timing check
LEAD_START = "New denial: Dorland government spokesman Piet Halvor denies that Dorland had promised"


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    """Two outlets' feeds on loopback: The Courier with the denial, Harbor Times carrying it a day later."""
    with FixtureServer() as s:
        s.route("/courier/talks", body=page("Talks on the Velmar border stall", DENIAL_ARTICLE))
        s.route("/harbor/talks", body=page("Border talks to resume next week", SECOND_OUTLET_ARTICLE))
        s.route(
            "/feeds/courier.xml",
            body=lambda: rss("The Courier", [("c-1", "Talks on the Velmar border stall", s.url("/courier/talks"))]),
            content_type="application/rss+xml",
        )
        s.route(
            "/feeds/harbor.xml",
            body=lambda: rss("Harbor Times", [("h-1", "Border talks to resume next week", s.url("/harbor/talks"))]),
            content_type="application/rss+xml",
        )
        yield s


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait for a condition, failing after WAIT seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def add_feed(store: Store, server: FixtureServer, path: str, outlet: str) -> int:
    row, _ = store.add_feed(url=server.url(path), canonical_url=server.url(path), outlet=outlet, every_seconds=900)
    return int(row["id"])


async def feed_then_second_outlet(
    store: Store, server: FixtureServer, nlp: Language, watcher: Watcher, count: Callable[[], int]
) -> None:
    """Poll the first outlet's feed (one alert), then the second's (no more alerts)."""
    with Fetcher(FetchSettings(allow_private=True, timeout=2.0)) as fetcher:
        first = add_feed(store, server, "/feeds/courier.xml", "The Courier")
        result = await asyncio.to_thread(feeds.poll_feed, store, first, fetcher=fetcher, nlp=nlp)
        assert result.count(feeds.INGESTED) == 1
        checked = await watcher.check()
        assert checked.posted == 1
        await until(lambda: count() == 1, "the alert")
        second = add_feed(store, server, "/feeds/harbor.xml", "Harbor Times")
        result = await asyncio.to_thread(feeds.poll_feed, store, second, fetcher=fetcher, nlp=nlp)
        assert result.count(feeds.INGESTED) == 1
        checked = await watcher.check()
        assert checked.decided == [] and checked.posted == 0
        assert count() == 1


def watch_in(store: Store, platform: str, channel: str) -> None:
    runtime = Runtime(store, Config(admins=["U_ADMIN"]))
    reply = runtime.handle("watch speaker Dorland", runtime.context(platform, channel=channel, user="U_ADMIN"))
    assert not reply.is_error, reply.title


# ---------------------------------------------------------------- Slack


def test_slack_gets_one_alert_for_a_fed_denial_and_none_for_the_second_outlet(
    store: Store, server: FixtureServer, nlp: Language
) -> None:
    from test_slack import _all_text, slack_http

    watch_in(store, "slack", "C_WATCH")

    async def body() -> None:
        async with slack_http(Runtime(store)) as (fake, adapter, _session, _url):
            watcher = Watcher(store, {"slack": adapter}, settings=WatchSettings())
            await feed_then_second_outlet(store, server, nlp, watcher, lambda: len(fake.posts))
            [post] = fake.posts
            assert post["channel"] == "C_WATCH" and not post.get("thread_ts")
            text = _all_text(post)
            assert LEAD_START in text and "There was no such promise" in text and "The Courier" in text

    asyncio.run(body())


# ---------------------------------------------------------------- Discord


def test_discord_gets_one_alert_for_a_fed_denial_and_none_for_the_second_outlet(
    store: Store, server: FixtureServer, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_discord import CHANNEL_ID, TOKEN, embed_text, logged_in

    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    watch_in(store, "discord", CHANNEL_ID)
    runtime = Runtime(store)

    async def body() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):

            def alerts() -> int:
                return len(fake.posts(rf"/channels/{CHANNEL_ID}/messages"))

            watcher = Watcher(store, {"discord": adapter}, settings=WatchSettings())
            await feed_then_second_outlet(store, server, nlp, watcher, alerts)
            [post] = fake.posts(rf"/channels/{CHANNEL_ID}/messages")
            text = embed_text(post)
            assert LEAD_START in text and "There was no such promise" in text and "The Courier" in text

    asyncio.run(body())


# ---------------------------------------------------------------- the console, in a running bot


class Session:
    """A running console bot on a pipe: write lines in, read the transcript out."""

    def __init__(self) -> None:
        read_fd, write_fd = os.pipe()
        self.stdin = os.fdopen(read_fd, "r", encoding="utf-8")
        self.writer = os.fdopen(write_fd, "w", encoding="utf-8")
        self.out = io.StringIO()

    def type(self, line: str) -> None:
        self.writer.write(line + "\n")
        self.writer.flush()

    def alerts(self) -> int:
        return self.out.getvalue().count("--- posted to console ---")

    def options(self) -> dict[str, dict[str, object]]:
        return {"console": {"stdin": self.stdin, "stdout": self.out, "interactive": False}}


def test_console_alerts_a_cli_ingest_made_while_the_bot_runs(tmp_path: Path, nlp: Language) -> None:
    db = tmp_path / "bot.db"
    (tmp_path / "courier.txt").write_text(DENIAL_ARTICLE, encoding="utf-8")
    (tmp_path / "harbor.txt").write_text(SECOND_OUTLET_ARTICLE, encoding="utf-8")
    store = Store(str(db))
    runtime = Runtime(store, Config(raw={"watches": {"check_seconds": 0.2}}))
    session = Session()

    def cli_ingest(name: str, outlet: str, published: str) -> None:
        args = ["--db", str(db), "ingest", str(tmp_path / name), "--outlet", outlet, "--published", published]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output

    async def scenario() -> None:
        bot = asyncio.create_task(
            run_bot(runtime, ["console"], adapter_options=session.options(), handle_signals=False)
        )
        session.type("watch speaker Dorland")
        await until(lambda: "Watching statements by “Dorland”" in session.out.getvalue(), "the watch")
        # Another connection to the same file, as `briefbot ingest` in another terminal: no poke reaches the bot.
        await asyncio.to_thread(cli_ingest, "courier.txt", "The Courier", "2026-12-01")
        await until(lambda: session.alerts() == 1, "the alert from the periodic check")
        watcher = runtime.services["watcher"]
        await asyncio.to_thread(cli_ingest, "harbor.txt", "Harbor Times", "2026-12-02")
        seen = watcher.checks
        await until(lambda: watcher.checks >= seen + 3, "three more checks")
        assert session.alerts() == 1
        session.type("watches")
        await until(lambda: "1 alert since" in session.out.getvalue(), "the watch list")
        session.writer.close()
        await bot

    asyncio.run(scenario())
    text = session.out.getvalue()
    assert LEAD_START in text and "Outlets cited: The Courier" in text
    store.close()


def test_console_alerts_right_after_a_feed_poll_and_a_chat_feeds_poll(
    tmp_path: Path, server: FixtureServer, nlp: Language
) -> None:
    store = Store(str(tmp_path / "bot.db"))
    # A check interval far longer than the test: only the pokes after ingesting can bring the alerts.
    config = Config(raw={"watches": {"check_seconds": 60}, "fetch": {"allow_private": True, "timeout": 2.0}})
    runtime = Runtime(store, config)
    session = Session()

    async def scenario() -> None:
        bot = asyncio.create_task(
            run_bot(runtime, ["console"], adapter_options=session.options(), handle_signals=False)
        )
        session.type("watch speaker Dorland")
        await until(lambda: "Watching statements by" in session.out.getvalue(), "the watch")
        watcher = runtime.services["watcher"]
        await until(lambda: watcher.checks >= 1, "the first check")
        add_feed(store, server, "/feeds/courier.xml", "The Courier")
        # The scheduler's feed job, run now instead of at the next minute.
        runtime.services["scheduler"]._scheduler.modify_job(FEED_JOB_ID, next_run_time=datetime.now(UTC))
        await until(lambda: session.alerts() == 1, "the alert after the feed job")
        session.type(f"feeds add {server.url('/feeds/harbor.xml')} Harbor Times")
        await until(lambda: "Added feed" in session.out.getvalue(), "the second feed")
        checks = watcher.checks
        session.type("feeds poll")
        await until(lambda: "Polled 2 feed(s)" in session.out.getvalue(), "the chat poll")
        await until(lambda: watcher.checks > checks, "the check the chat poll asked for")
        assert store.statements(outlet="Harbor Times")  # the second outlet's denial is stored
        assert session.alerts() == 1
        session.writer.close()
        await bot

    asyncio.run(scenario())
    assert store.alerts()[0]["status"] == "posted" and len(store.alerts()) == 1
    store.close()


# ---------------------------------------------------------------- admins only, through each platform's commands


def test_slack_watch_is_for_admins_and_watches_for_everyone(store: Store) -> None:
    from test_slack import _all_text, _command_body, _post_command, slack_http

    async def body() -> None:
        runtime = Runtime(store, Config(admins=["U_BOSS"]))
        async with slack_http(runtime) as (fake, _adapter, session, url):
            await _post_command(session, url, _command_body(fake, "watch speaker Dorland", hook="a", user="U_INTERN"))
            await fake.wait_for(lambda: len(fake.responses) == 1)
            assert "admins only" in _all_text(fake.responses[0]) and store.watches() == []
            await _post_command(session, url, _command_body(fake, "watch speaker Dorland", hook="b", user="U_BOSS"))
            await fake.wait_for(lambda: len(fake.responses) == 2)
            assert "Watching statements by “Dorland” in C_NEWS" in _all_text(fake.responses[1])
            await _post_command(session, url, _command_body(fake, "watches", hook="c", user="U_INTERN"))
            await fake.wait_for(lambda: len(fake.responses) == 3)
            assert "#1 speaker: Dorland" in _all_text(fake.responses[2])
            await _post_command(session, url, _command_body(fake, "unwatch 1", hook="d", user="U_INTERN"))
            await fake.wait_for(lambda: len(fake.responses) == 4)
            assert "admins only" in _all_text(fake.responses[3])
        [watch] = store.watches()
        assert (watch["platform"], watch["channel"], watch["created_by"]) == ("slack", "C_NEWS", "U_BOSS")

    asyncio.run(body())


def test_discord_watch_is_for_admin_roles_only(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_discord import (
        ADMIN_ROLE_ID,
        APP_ID,
        CHANNEL_ID,
        GUILD_ID,
        TOKEN,
        embed_text,
        interaction_payload,
        logged_in,
    )

    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    runtime = Runtime(store, Config(admin_roles=["desk-editors"], raw={"discord": {"guilds": [GUILD_ID]}}))

    async def scenario() -> None:
        async with logged_in(runtime, monkeypatch) as (adapter, fake):
            state = adapter.client._connection
            refused = interaction_payload("watch", {"what": "speaker Dorland"})
            allowed = interaction_payload("watch", {"what": "speaker Dorland"}, roles=(ADMIN_ROLE_ID,))
            for payload in (refused, allowed):
                state.parse_interaction_create(payload)
                await fake.wait_for(
                    lambda p=payload: fake.posts(rf"/webhooks/{APP_ID}/itoken-{p['id']}"), "the followup"
                )
            [no] = fake.posts(rf"/webhooks/{APP_ID}/itoken-{refused['id']}")
            [yes] = fake.posts(rf"/webhooks/{APP_ID}/itoken-{allowed['id']}")
            assert "admins only" in embed_text(no)
            assert "Watching statements by “Dorland”" in embed_text(yes)

    asyncio.run(scenario())
    [watch] = store.watches()
    assert (watch["platform"], watch["channel"]) == ("discord", CHANNEL_ID)
