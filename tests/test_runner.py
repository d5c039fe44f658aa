"""`briefbot run`: platform choice, one loop for adapters and scheduler, clean shutdown."""

from __future__ import annotations

import asyncio
import io
import os
import signal
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from adapters.base import AdapterError, Runtime
from adapters.console import ConsoleAdapter
from adapters.runner import create_adapter, default_platforms, run_bot
from bot.cli import main
from bot.digests import schedule
from bot.digests.schedule import DigestScheduler, DigestSettings
from bot.reply import Reply
from bot.store import Store


def test_console_is_the_default_without_tokens() -> None:
    assert default_platforms({}) == ["console"]
    assert default_platforms({"SLACK_BOT_TOKEN": "xoxb-1"}) == ["slack"]
    assert default_platforms({"SLACK_BOT_TOKEN": "xoxb-1", "DISCORD_TOKEN": "d"}) == ["slack", "discord"]
    assert default_platforms({"DISCORD_TOKEN": ""}) == ["console"]


def test_unknown_platform_is_one_clear_error(store: Store) -> None:
    with pytest.raises(AdapterError, match="unknown platform 'irc'"):
        create_adapter("irc", Runtime(store))
    assert isinstance(create_adapter("console", Runtime(store)), ConsoleAdapter)


def test_scripted_console_run_ends_at_end_of_input_and_shuts_down_cleanly(store: Store) -> None:
    out = io.StringIO()
    runtime = Runtime(store)
    script = io.StringIO("subscribe 07:15 Asia/Tokyo markets\nsubscriptions\n")
    asyncio.run(
        run_bot(
            runtime, ["console"], adapter_options={"console": {"stdin": script, "stdout": out}}, handle_signals=False
        )
    )
    text = out.getvalue()
    assert "Subscribed console to the digest daily at 07:15 Asia/Tokyo" in text
    assert "console: daily at 07:15 Asia/Tokyo" in text
    [row] = store.subscriptions()
    assert (row["platform"], row["channel"], row["topic"]) == ("console", "console", "markets")
    scheduler = runtime.services["scheduler"]
    assert isinstance(scheduler, DigestScheduler) and scheduler.key not in schedule._ACTIVE
    from bot.ingest import feeds

    assert feeds._JOBS is not None and feeds._JOBS.store is store  # feed polling was configured
    assert runtime.adapters["console"].finished.is_set()


def test_start_catches_up_a_missed_digest_before_the_session_ends(store: Store) -> None:
    sub_id = store.save_subscription(platform="console", channel="console", time="08:00", timezone="Europe/Paris")
    store.db["subscriptions"].update(sub_id, {"created_at": "2026-03-01T00:00:00+00:00"})
    out = io.StringIO()
    runtime = Runtime(store)

    def one_story(store: Store, **window: object) -> Reply:
        return Reply(title="Digest: one story", data={"stories": 1})

    scheduler = DigestScheduler(
        store,
        runtime.adapters,
        settings=DigestSettings(),
        clock=lambda: datetime(2026, 3, 30, 7, 30, tzinfo=UTC),  # 1h30 after 08:00 Paris
        build_digest=one_story,
    )
    asyncio.run(
        run_bot(
            runtime,
            ["console"],
            adapter_options={"console": {"stdin": io.StringIO(""), "stdout": out}},
            scheduler=scheduler,
            handle_signals=False,
        )
    )
    assert "--- posted to console ---\nDigest: one story" in out.getvalue()
    assert store.delivery("console", "console", "2026-03-30")["status"] == "posted"


def test_sigterm_stops_the_bot_cleanly(store: Store) -> None:
    read_end, write_end = os.pipe()  # an input that never ends: only the signal can stop the bot
    runtime = Runtime(store)

    async def run_and_signal() -> None:
        with open(read_end, encoding="utf-8") as never_ending:
            bot = asyncio.create_task(
                run_bot(
                    runtime, ["console"], adapter_options={"console": {"stdin": never_ending, "stdout": io.StringIO()}}
                )
            )
            while "console" not in runtime.adapters or runtime.adapters["console"]._serving is None:
                await asyncio.sleep(0)
            os.kill(os.getpid(), signal.SIGTERM)
            await bot
            os.close(write_end)  # lets the input thread return before its file is closed

    asyncio.run(run_and_signal())
    console = runtime.adapters["console"]
    assert console.finished.is_set() and console._serving is not None and console._serving.done()
    assert runtime.services["scheduler"].key not in schedule._ACTIVE


def test_adapter_that_cannot_start_is_a_one_line_error(store: Store) -> None:
    class Broken(ConsoleAdapter):
        async def start(self) -> None:
            raise ConnectionError("gateway refused")

    runtime = Runtime(store)
    scheduler = DigestScheduler(store, runtime.adapters, build_digest=lambda *a, **k: Reply(title="x"))

    async def run() -> None:
        runtime.adapters["console"] = Broken(runtime)
        await run_bot(runtime, [], scheduler=scheduler, handle_signals=False)

    with pytest.raises(AdapterError, match="console: could not start: gateway refused"):
        asyncio.run(run())
    assert scheduler.key not in schedule._ACTIVE


def test_cli_run_reads_a_script_from_stdin(tmp_path: pytest.TempPathFactory) -> None:
    db = str(tmp_path / "cli.db")  # type: ignore[operator]
    result = CliRunner().invoke(
        main,
        ["--db", db, "run", "--platform", "console"],
        input="subscribe 08:00 europe/paris\nsubscribe 08:00 Nowhere/Town\nhelp\n",
        env={"SLACK_BOT_TOKEN": "", "DISCORD_TOKEN": ""},
    )
    assert result.exit_code == 0, result.output
    assert "briefbot> subscribe 08:00 europe/paris" in result.output
    assert "daily at 08:00 Europe/Paris" in result.output
    assert "`Nowhere/Town` is not a time zone" in result.output
    assert "`subscriptions`" in result.output  # help lists the commands


def test_two_platforms_share_one_loop_store_and_scheduler(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from adapters import runner
    from adapters.testing import RecordingAdapter

    built: dict[str, RecordingAdapter] = {}

    def fake_adapter(platform: str, runtime: Runtime, options: object = None) -> RecordingAdapter:
        built[platform] = RecordingAdapter(runtime, platform)
        return built[platform]

    monkeypatch.setattr(runner, "create_adapter", fake_adapter)
    runtime = Runtime(store)
    stop = asyncio.Event()

    async def run_then_stop() -> None:
        bot = asyncio.create_task(
            run_bot(runtime, ["slack", "discord", "slack"], stop_event=stop, handle_signals=False)
        )
        while not all(a.started for a in built.values()) or len(built) < 2:
            await asyncio.sleep(0)
        scheduler = runtime.services["scheduler"]
        assert scheduler.senders is runtime.adapters and set(runtime.adapters) == {"slack", "discord"}
        stop.set()
        await bot

    asyncio.run(run_then_stop())
    assert list(built) == ["slack", "discord"]  # each platform once
    assert all(a.started and a.stopped for a in built.values())


def test_running_bot_polls_feeds_every_minute(store: Store) -> None:
    seen: dict[str, object] = {}
    runtime = Runtime(store)

    class Watcher(ConsoleAdapter):
        async def start(self) -> None:
            job = runtime.services["scheduler"]._scheduler.get_job("feeds-poll")
            seen["func"], seen["interval"] = job.func_ref, job.trigger.interval.total_seconds()
            await super().start()

    runtime.adapters["console"] = Watcher(runtime, stdin=io.StringIO(""), stdout=io.StringIO())
    asyncio.run(run_bot(runtime, [], handle_signals=False))
    assert seen == {"func": "bot.ingest.feeds:poll_due_feeds_job", "interval": 60.0}
