"""A test adapter that records what it was asked to send, part by part."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.base import Adapter, Runtime, SendProgress
from bot.reply import Reply, render_text, split_text


@dataclass
class SentReply:
    """One reply the recording adapter finished posting."""

    channel: str
    reply: Reply
    thread: str | None


@dataclass
class PostedPart:
    """One message the recording adapter posted: a part of a reply, top-level or in a thread."""

    channel: str
    text: str
    thread: str | None  # None for a top-level message
    ref: str  # the message's own reference, as a platform would return it


class RecordingAdapter(Adapter):
    """Records every `send`; can fail the next N sends, or fail once part-way through a send.

    With `part_chars`, a reply's text is split into parts of at most that many
    characters and posted like Slack and Discord do: the first part top-level,
    the rest in a thread under it. `break_after_parts=N` makes one send fail
    after posting N parts, for tests of resumed retries.
    """

    platform = "test"

    def __init__(
        self,
        runtime: Runtime,
        platform: str = "test",
        fail_times: int = 0,
        *,
        part_chars: int | None = None,
        break_after_parts: int | None = None,
    ) -> None:
        super().__init__(runtime)
        self.platform = platform  # type: ignore[misc]  # one class stands in for any platform
        self.sent: list[SentReply] = []
        self.posts: list[PostedPart] = []
        self.fail_times = fail_times
        self.part_chars = part_chars
        self.break_after_parts = break_after_parts
        self.attempts = 0
        self.started = False
        self.stopped = False

    async def start(self) -> None:
        """Mark the adapter as running."""
        self.started = True

    def parts(self, reply: Reply) -> list[str]:
        """The reply's text split as this adapter posts it."""
        text = render_text(reply)
        if self.part_chars is None:
            return [text]
        return split_text(text, self.part_chars) or [text]

    async def send(
        self, channel: str, reply: Reply, thread: str | None = None, progress: SendProgress | None = None
    ) -> str | None:
        """Record the reply's parts (resuming after `progress.parts_sent`), or raise while failures are owed."""
        self.attempts += 1
        if self.fail_times > 0:
            self.fail_times -= 1
            raise ConnectionError(f"{self.platform}: simulated outage posting to {channel}")
        progress = progress if progress is not None else SendProgress()
        for index, text in enumerate(self.parts(reply)):
            if index < progress.parts_sent:
                continue  # delivered by an earlier attempt
            if self.break_after_parts is not None and index == self.break_after_parts:
                self.break_after_parts = None
                raise ConnectionError(f"{self.platform}: simulated outage after {index} part(s) to {channel}")
            ref = f"{self.platform}-{len(self.posts) + 1}"
            if index == 0:
                self.posts.append(PostedPart(channel, text, thread, ref))
                progress.first_ref, progress.thread_ref = ref, thread or ref
            else:
                self.posts.append(PostedPart(channel, text, progress.thread_ref, ref))
            progress.parts_sent = index + 1
        self.sent.append(SentReply(channel, reply, thread))
        return progress.first_ref

    async def stop(self) -> None:
        """Mark the adapter as stopped."""
        self.stopped = True

    async def receive(self, text: str, *, channel: str = "test-channel", user: str = "tester") -> Reply:
        """Handle an incoming message as a platform would, and record the answer."""
        ctx = self.runtime.context(self.platform, channel=channel, user=user)
        reply = await self.runtime.handle_async(text, ctx)
        await self.send(channel, reply)
        return reply
