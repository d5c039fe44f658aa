"""`briefbot run`: the chosen adapters and the digest scheduler in one asyncio loop.

One store, one `Runtime`, one `DigestScheduler` are shared by every platform.
The bot runs until SIGINT/SIGTERM, or until the console's input ends. Shutdown
is ordered: the scheduler stops taking new runs and lets running deliveries
finish (or records them interrupted), then every adapter closes its
connections. Slack and Discord are imported only when asked for.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Mapping, Sequence
from typing import Any

from adapters.base import Adapter, AdapterError, Runtime
from adapters.feed_health import runtime_notifier
from bot.answers.semantic import prepare_for_questions
from bot.config import Config
from bot.digests.schedule import DigestScheduler
from bot.ingest.feeds import configure_feed_jobs, stop_polling
from bot.store import Store
from bot.watches.settings import WatchError, WatchSettings
from bot.watches.watcher import Watcher

log = logging.getLogger(__name__)

PLATFORMS = ("console", "slack", "discord")
# The token whose presence makes a platform part of a plain `briefbot run`.
PLATFORM_TOKENS = {"slack": "SLACK_BOT_TOKEN", "discord": "DISCORD_TOKEN"}
# Stopping must take seconds whatever state a platform is in (connecting, reconnecting, posting).
ADAPTER_STOP_TIMEOUT = 5.0
# Running digest posts get this long to finish on stop; later ones are recorded as interrupted and resumed.
SHUTDOWN_GRACE_SECONDS = 5.0
# Feeds are polled by one job every minute; each feed's own interval and back-off decide if it is due.
FEED_POLL_SECONDS = 60
FEED_JOB_ID = "feeds-poll"


def default_platforms(environ: Mapping[str, str]) -> list[str]:
    """The platforms whose tokens are set, or the console when none are."""
    chosen = [platform for platform, token in PLATFORM_TOKENS.items() if environ.get(token)]
    return chosen or ["console"]


def create_adapter(platform: str, runtime: Runtime, options: Mapping[str, Any] | None = None) -> Adapter:
    """Build the adapter of one platform (importing Slack or Discord only now)."""
    options = dict(options or {})
    try:
        if platform == "console":
            from adapters.console import ConsoleAdapter

            return ConsoleAdapter(runtime, **options)
        if platform == "slack":
            from adapters.slack.bot import SlackAdapter

            return SlackAdapter(runtime, **options)
        if platform == "discord":
            from adapters.discord.bot import DiscordAdapter

            return DiscordAdapter(runtime, **options)
    except ImportError as exc:
        raise AdapterError(f"{platform}: adapter not available ({exc})") from exc
    raise AdapterError(f"unknown platform {platform!r}: choose one of {', '.join(PLATFORMS)}")


async def run_bot(
    runtime: Runtime,
    platforms: Sequence[str],
    *,
    adapter_options: Mapping[str, Mapping[str, Any]] | None = None,
    scheduler: DigestScheduler | None = None,
    watch_checks: Watcher | None = None,
    stop_event: asyncio.Event | None = None,
    handle_signals: bool = True,
    shutdown_timeout: float = SHUTDOWN_GRACE_SECONDS,
) -> None:
    """Run the adapters of `platforms`, the digest scheduler and the watch checks until told to stop.

    Raises AdapterError (one line naming the platform) when an adapter cannot
    be built or started; whatever had started is stopped first.
    """
    options = adapter_options or {}
    for platform in dict.fromkeys(platforms):  # each platform once, in the order given
        runtime.adapters[platform] = create_adapter(platform, runtime, options.get(platform))
    digests = scheduler or DigestScheduler(runtime.store, runtime.adapters, config=runtime.config)
    runtime.services["scheduler"] = digests
    try:
        watcher = watch_checks or Watcher(
            runtime.store, runtime.adapters, config=runtime.config, settings=WatchSettings.from_config(runtime.config)
        )
    except WatchError as exc:
        raise AdapterError(str(exc)) from exc
    runtime.services["watcher"] = watcher
    runtime.services["after_ingest"] = watcher.poke
    stop = stop_event or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed = _install_signal_handlers(loop, stop) if handle_signals else []
    started: list[Adapter] = []
    try:
        await digests.start()
        _start_feed_polling(runtime, digests)
        for platform, adapter in runtime.adapters.items():
            try:
                running = await _start_unless_stopped(adapter, stop)
            except AdapterError:
                raise
            except Exception as exc:
                raise AdapterError(f"{platform}: could not start: {exc}") from exc
            # Stopped while starting: whatever start() got as far as (a socket half open) is closed below.
            started.append(adapter)
            if not running:
                log.info("%s: stopped while starting", platform)
                return
            log.info("%s adapter running", platform)
        digests.begin_catch_up()  # runs missed while the bot was down, now that adapters can post
        await watcher.start()  # after the adapters: its first check may post
        digests.on_job_done(FEED_JOB_ID, watcher.poke)  # new entries are alerted right after a poll
        await _wait_for_end(stop, started)
    finally:
        log.info("shutting down")
        # A feed poll runs in a worker thread the event loop waits for on exit: it stops after the page at hand.
        stop_polling()
        await watcher.stop(timeout=shutdown_timeout)
        await digests.stop(timeout=shutdown_timeout)
        for adapter in reversed(started):
            await _stop_adapter(adapter)
        for sig in installed:
            loop.remove_signal_handler(sig)


def run(
    store: Store,
    config: Config,
    platforms: Sequence[str] = (),
    *,
    adapter_options: Mapping[str, Mapping[str, Any]] | None = None,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Blocking entry point of `briefbot run`: default platforms from the environment's tokens."""
    chosen = list(platforms) or default_platforms(os.environ if environ is None else environ)
    runtime = Runtime(store=store, config=config)
    prepare_for_questions(store)
    asyncio.run(run_bot(runtime, chosen, adapter_options=adapter_options))


def _start_feed_polling(runtime: Runtime, digests: DigestScheduler) -> None:
    """Give the feed jobs the store and a health notifier, and poll due feeds every minute."""
    configure_feed_jobs(runtime.store, runtime.config, notify=runtime_notifier(runtime))
    digests.add_periodic_job("bot.ingest.feeds:poll_due_feeds_job", seconds=FEED_POLL_SECONDS, job_id=FEED_JOB_ID)


async def _start_unless_stopped(adapter: Adapter, stop: asyncio.Event) -> bool:
    """Start `adapter`; False when a stop signal came first (the start is cancelled).

    A platform that cannot connect may retry for ever inside start() (Slack's
    Socket Mode client does); the stop signal must still end the bot.
    """
    starting = asyncio.create_task(adapter.start(), name=f"{adapter.platform}-start")
    stopping = asyncio.create_task(stop.wait(), name="stop-signal")
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not starting.done():
            starting.cancel()
        await asyncio.gather(stopping, return_exceptions=True)
    try:
        await starting
    except asyncio.CancelledError:
        if stop.is_set():
            return False
        raise
    return True


async def _wait_for_end(stop: asyncio.Event, adapters: Sequence[Adapter]) -> None:
    """Wait for a stop signal, or for an adapter that can finish (the console) to finish."""
    waiters = [asyncio.create_task(stop.wait(), name="stop-signal")]
    for adapter in adapters:
        wait_closed = getattr(adapter, "wait_closed", None)
        if wait_closed is not None:
            waiters.append(asyncio.create_task(wait_closed(), name=f"{adapter.platform}-closed"))
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)


async def _stop_adapter(adapter: Adapter) -> None:
    """Stop one adapter; a failure or a hang is logged, never blocks the others."""
    try:
        await asyncio.wait_for(adapter.stop(), ADAPTER_STOP_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - shutdown goes on whatever one platform does
        log.warning("%s: error while stopping: %s", adapter.platform, exc)


def _install_signal_handlers(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> list[signal.Signals]:
    """SIGINT and SIGTERM set the stop event (where the platform allows signal handlers)."""
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, _request_stop, stop, sig)
        except (NotImplementedError, RuntimeError, ValueError):
            continue  # not the main thread, or no signal support: the caller stops us
        installed.append(sig)
    return installed


def _request_stop(stop: asyncio.Event, sig: signal.Signals) -> None:
    """Log the signal once and ask the bot to stop."""
    if not stop.is_set():
        log.warning("%s received: stopping", sig.name)
    stop.set()
