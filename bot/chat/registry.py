"""The chat commands, defined once; every adapter registers all of them.

A `Command` has a name, help, arguments and a handler that takes a
`CommandContext` and parsed arguments and returns a `Reply`. `dispatch` turns
a line of chat text ("ask did X say Y", "claims Smith") into a reply, so the
console, Slack and Discord all speak exactly the same commands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.config import Config
from bot.reply import Reply, Section, error_reply
from bot.store import Store

log = logging.getLogger(__name__)

MAX_INPUT_CHARS = 2000


@dataclass(frozen=True)
class Argument:
    """One argument of a chat command."""

    name: str
    help: str
    required: bool = False
    rest: bool = False  # takes the rest of the line (a question, a topic)


@dataclass
class CommandContext:
    """Who asked, where, and the services a handler may use."""

    store: Store
    config: Config = field(default_factory=Config)
    platform: str = "console"
    channel: str | None = None  # platform channel id
    user: str | None = None  # platform user id
    user_roles: tuple[str, ...] = ()
    is_admin: bool = False
    services: dict[str, Any] = field(default_factory=dict)  # scheduler, fetcher, …


Handler = Callable[[CommandContext, dict[str, str]], Reply]


@dataclass(frozen=True)
class Command:
    """A chat command: name, help, arguments and the core function behind it."""

    name: str
    help: str
    handler: Handler
    arguments: tuple[Argument, ...] = ()
    admin_only: bool = False

    def usage(self) -> str:
        """'ask <question>' style usage line."""
        parts = [self.name]
        for arg in self.arguments:
            parts.append(f"<{arg.name}>" if arg.required else f"[{arg.name}]")
        return " ".join(parts)


REGISTRY: dict[str, Command] = {}


def register(command: Command) -> Command:
    """Add a command to the registry (names are unique)."""
    if command.name in REGISTRY:
        raise ValueError(f"command {command.name!r} registered twice")
    REGISTRY[command.name] = command
    return command


def commands() -> list[Command]:
    """Every registered command, in registration order."""
    return list(REGISTRY.values())


def parse_arguments(command: Command, text: str) -> dict[str, str]:
    """Split the text after a command name into its arguments.

    A `rest` argument takes the remaining text verbatim; others take one
    word each. Raises ValueError with a usage hint on a missing one.
    """
    values: dict[str, str] = {}
    remaining = text.strip()
    for arg in command.arguments:
        if not remaining:
            break
        if arg.rest:
            values[arg.name], remaining = remaining, ""
        else:
            word, _, remaining = remaining.partition(" ")
            values[arg.name], remaining = word, remaining.strip()
    missing = [a.name for a in command.arguments if a.required and a.name not in values]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}: usage is `{command.usage()}`")
    return values


def run_command(name: str, text: str, ctx: CommandContext) -> Reply:
    """Run command `name` with argument text; errors become error replies, never exceptions."""
    command = REGISTRY.get(name)
    if command is None:
        return help_reply(unknown=name)
    if command.admin_only and not ctx.is_admin:
        return error_reply(
            f"`{name}` is for admins only.",
            "Ask an admin listed in config.toml [access] admins to run it.",
        )
    try:
        args = parse_arguments(command, text)
    except ValueError as exc:
        return error_reply(str(exc), command.help)
    try:
        return command.handler(ctx, args)
    except Exception:  # a command must never take the bot down
        log.exception("command %s failed", name)
        return error_reply(f"`{name}` failed on this input.", "The error was logged; try rephrasing.")


def dispatch(text: str, ctx: CommandContext, default: str = "ask") -> Reply:
    """Run a line of chat text: 'claims Smith', 'help', or a plain question.

    Text that does not start with a command name goes to `default` (a mention
    with a question is an `ask`). Empty text gets help.
    """
    text = (text or "").strip()
    if len(text) > MAX_INPUT_CHARS:
        return error_reply(
            f"That message is too long ({len(text)} characters).",
            f"Keep it under {MAX_INPUT_CHARS} characters.",
        )
    if not text:
        return help_reply()
    first, _, rest = text.partition(" ")
    name = first.lower().lstrip("/")
    if name in REGISTRY:
        return run_command(name, rest, ctx)
    return run_command(default, text, ctx)


def help_reply(unknown: str | None = None) -> Reply:
    """Help listing every command; names an unknown command when given."""
    lines = [f"`{c.usage()}`: {c.help}" + (" (admins)" if c.admin_only else "") for c in REGISTRY.values()]
    title = f"Unknown command `{unknown}`." if unknown else "briefbot commands"
    return Reply(
        title=title,
        sections=[Section(text="\n".join(lines))],
        is_error=bool(unknown),
    )


def _help_handler(ctx: CommandContext, args: dict[str, str]) -> Reply:
    return help_reply()


# The built-in commands register themselves when `bot.chat` imports their modules;
# "help" comes first so it heads the listing.
register(Command("help", "List the commands.", _help_handler))
