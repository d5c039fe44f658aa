"""A test adapter that records what it was asked to send."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.base import Adapter, Runtime
from bot.reply import Reply


@dataclass
class SentReply:
    """One reply the recording adapter was asked to post."""

    channel: str
    reply: Reply
    thread: str | None


class RecordingAdapter(Adapter):
    """Records every `send`; can be told to fail the next N sends, for retry tests."""

    platform = "test"

    def __init__(self, runtime: Runtime, platform: str = "test", fail_times: int = 0) -> None:
        super().__init__(runtime)
        self.platform = platform  # type: ignore[misc]  # one class stands in for any platform
        self.sent: list[SentReply] = []
        self.fail_times = fail_times
        self.attempts = 0
        self.started = False
        self.stopped = False

    async def start(self) -> None:
        """Mark the adapter as running."""
        self.started = True

    async def send(self, channel: str, reply: Reply, thread: str | None = None) -> None:
        """Record the reply, or raise while failures are still owed."""
        self.attempts += 1
        if self.fail_times > 0:
            self.fail_times -= 1
            raise ConnectionError(f"{self.platform}: simulated outage posting to {channel}")
        self.sent.append(SentReply(channel, reply, thread))

    async def stop(self) -> None:
        """Mark the adapter as stopped."""
        self.stopped = True

    async def receive(self, text: str, *, channel: str = "test-channel", user: str = "tester") -> Reply:
        """Handle an incoming message as a platform would, and record the answer."""
        ctx = self.runtime.context(self.platform, channel=channel, user=user)
        reply = await self.runtime.handle_async(text, ctx)
        await self.send(channel, reply)
        return reply
