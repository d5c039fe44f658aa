"""The adapter interface every chat platform implements, and the runtime they share.

An adapter starts (connects), sends a `Reply` into a channel, and stops. It
receives chat text, asks the `Runtime` for a reply (the core runs off the
event loop), and renders the reply its own way. A reply too long for one
message is posted as one top-level message with the rest as follow-ups in a
thread under it, where the platform has threads; `send` is resumable through
a `SendProgress`, so a retry never re-posts a part already delivered. Platform glue lives only here
in `adapters/`; the core knows nothing of Slack or Discord.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from bot.answers.rendering import phrase_reply
from bot.chat.registry import CommandContext, dispatch
from bot.config import Config
from bot.reply import Reply, SendProgress
from bot.store import Store

__all__ = ["Adapter", "AdapterError", "Runtime", "SendProgress"]

log = logging.getLogger(__name__)


class AdapterError(RuntimeError):
    """An adapter cannot start (a missing token, a bad setting); the message names it."""


@dataclass
class Runtime:
    """What the running bot shares across platforms: store, config and services."""

    store: Store
    config: Config = field(default_factory=Config)
    services: dict[str, Any] = field(default_factory=dict)  # "scheduler", "fetcher", …
    adapters: dict[str, Adapter] = field(default_factory=dict)  # platform name → running adapter

    def is_admin(self, user: str | None, roles: tuple[str, ...] = ()) -> bool:
        """True for users or roles listed in config.toml [access]."""
        if user is not None and str(user) in self.config.admins:
            return True
        return any(str(r) in self.config.admin_roles for r in roles)

    def context(
        self,
        platform: str,
        *,
        channel: str | None = None,
        user: str | None = None,
        roles: tuple[str, ...] = (),
    ) -> CommandContext:
        """A command context for one incoming message or command."""
        return CommandContext(
            store=self.store,
            config=self.config,
            platform=platform,
            channel=channel,
            user=user,
            user_roles=roles,
            is_admin=self.is_admin(user, roles),
            services={**self.services, "runtime": self},
        )

    def handle(self, text: str, ctx: CommandContext) -> Reply:
        """Run a line of chat text through the command registry (blocking)."""
        return dispatch(text, ctx)

    async def handle_async(self, text: str, ctx: CommandContext) -> Reply:
        """`handle` in a worker thread, so a slow answer never blocks an event loop.

        Adapters call this after acknowledging the platform (Slack's ack, Discord's
        defer). With `[llm]` configured, the answer's lead is then phrased by the model,
        also off the loop and within its timeout; the template lead stays on any failure.
        """
        reply = await asyncio.to_thread(self.handle, text, ctx)
        if self.config.llm is not None and reply.lead_facts is not None:
            reply = await asyncio.to_thread(phrase_reply, reply, self.config.llm)
        return reply


class Adapter(ABC):
    """A chat platform: start, send a reply into a channel, stop."""

    platform: ClassVar[str]

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    @abstractmethod
    async def start(self) -> None:
        """Connect and begin handling messages; returns once the adapter is running."""

    @abstractmethod
    async def send(
        self, channel: str, reply: Reply, thread: str | None = None, progress: SendProgress | None = None
    ) -> str | None:
        """Post a reply into a channel; returns the reference of the first message posted.

        The reply is rendered into parts within the platform's limits. Without
        `thread`, the first part is a top-level message in `channel` and the
        other parts follow in a thread under it (Slack: `thread_ts` of the first
        message; Discord: a thread started on it) where the platform has
        threads; with `thread`, every part goes into that thread. The reference
        (Slack `ts`, Discord message id) is None where the platform has none.

        `progress`, when given, makes the send resumable: parts before
        `progress.parts_sent` are skipped (they were delivered by an earlier
        attempt), and the adapter updates it after each part it posts. Raises
        on failure (a ConnectionError or the adapter's own error naming the
        channel), so the caller (the digest scheduler) can retry with the same
        `progress`.
        """

    @abstractmethod
    async def stop(self) -> None:
        """Close connections; safe to call twice."""
