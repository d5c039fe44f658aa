"""Feed-health notices posted to `[feeds] admin_channel` through a running adapter."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from adapters.base import Runtime
from bot.ingest.feeds import FeedSettings
from bot.reply import Reply, Section

log = logging.getLogger(__name__)


def runtime_notifier(runtime: Runtime, loop: asyncio.AbstractEventLoop | None = None) -> Callable[[str], None] | None:
    """A notifier posting to `[feeds] admin_channel` ("platform:channel") through the runtime's adapter.

    Call it on the adapters' event loop (or pass `loop`, or set
    `runtime.services["loop"]`): the notifier, called from a scheduler worker
    thread, hands the send to that loop. Returns None when no admin channel
    is configured.
    """
    target = FeedSettings.from_config(runtime.config).admin_channel
    if not target or ":" not in target:
        return None
    platform, channel = target.split(":", 1)
    if loop is None:
        loop = runtime.services.get("loop")
    if loop is None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None

    def notify(message: str) -> None:
        adapter = runtime.adapters.get(platform)
        if adapter is None:
            log.warning("feed health (no %s adapter running): %s", platform, message)
            return
        reply = Reply(title="Feed health", sections=[Section(text=message)])
        if loop is not None and loop.is_running():
            future = asyncio.run_coroutine_threadsafe(adapter.send(channel, reply), loop)
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is not loop:  # waiting from inside the loop itself would deadlock it
                future.result(timeout=60)
        else:
            asyncio.run(adapter.send(channel, reply))

    return notify
