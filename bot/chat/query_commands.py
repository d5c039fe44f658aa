"""Chat commands for answers and briefings: ask, claims, denials, sources, digest.

Importing this module registers them (the `bot.chat` package imports it). In chat a
question may end with a scope: "… from RT" (an outlet the store knows) or
"… today" / "… this week" / "… since 7d".
"""

from __future__ import annotations

import re

from bot.answers.compose import answer_question
from bot.answers.ledgers import denials_reply, sources_reply, speaker_ledger
from bot.chat.registry import Argument, Command, CommandContext, register
from bot.digests.build import build_digest
from bot.reply import Reply, error_reply
from bot.store import Store
from bot.timewindow import Window, WindowError, parse_since, split_chat_window

DIGEST_DEFAULT_WINDOW = "24h"


def split_chat_outlet(text: str, store: Store) -> tuple[str, str | None]:
    """Take a trailing "from/in/according to <outlet>" off a question when the outlet is known."""
    outlets = sorted(store.outlets(), key=len, reverse=True)
    for outlet in outlets:
        pattern = re.compile(
            r"[\s,;]*\b(?:from|in|by|according to|on|per)\s+(?:the\s+)?" + re.escape(outlet) + r"\s*([?.!]*)\s*$",
            re.IGNORECASE,
        )
        if match := pattern.search(text):
            return text[: match.start()] + match.group(1), outlet
    return text, None


def split_chat_scope(text: str, store: Store) -> tuple[str, str | None, Window | None]:
    """A question's scope phrases, in either order: '… from RT today'."""
    question, window = split_chat_window(text)
    question, outlet = split_chat_outlet(question, store)
    if window is None:
        question, window = split_chat_window(question)
    return question, outlet, window


def _ask(ctx: CommandContext, args: dict[str, str]) -> Reply:
    question, outlet, window = split_chat_scope(args.get("question", ""), ctx.store)
    since, until = window.bounds() if window else (None, None)
    return answer_question(ctx.store, question, outlet=outlet, since=since, until=until)


def _claims(ctx: CommandContext, args: dict[str, str]) -> Reply:
    speaker, window = split_chat_window(args.get("speaker", ""))
    since, until = window.bounds() if window else (None, None)
    return speaker_ledger(ctx.store, speaker.strip(" ?.!"), since=since, until=until)


def _window_arg(text: str | None, default: str | None) -> Window:
    return parse_since(text if text else default)


def _denials(ctx: CommandContext, args: dict[str, str]) -> Reply:
    try:
        window = _window_arg(args.get("since"), None)
    except WindowError as exc:
        return error_reply(str(exc), "Usage: `denials [24h|7d|YYYY-MM-DD|today|all]`")
    since, until = window.bounds()
    return denials_reply(ctx.store, since=since, until=until)


def _sources(ctx: CommandContext, args: dict[str, str]) -> Reply:
    topic, window = split_chat_window(args.get("topic", ""))
    since, until = window.bounds() if window else (None, None)
    return sources_reply(ctx.store, topic.strip(" ?.!"), since=since, until=until)


def _digest(ctx: CommandContext, args: dict[str, str]) -> Reply:
    first = args.get("window")
    topic = args.get("topic")
    try:
        window = _window_arg(first, DIGEST_DEFAULT_WINDOW)
    except WindowError:
        # Not a window: the whole text is a topic ("digest border talks").
        topic = " ".join(t for t in (first, topic) if t)
        window = parse_since(DIGEST_DEFAULT_WINDOW)
    return build_digest(ctx.store, start=window.start, end=window.end, topic=topic or None)


register(
    Command(
        "ask",
        "Ask who claimed or denied what, e.g. `ask did the minister deny the report? from RT today`.",
        _ask,
        (Argument("question", "A question in plain English.", required=True, rest=True),),
    )
)
register(
    Command(
        "claims",
        "What one speaker claimed and denied, e.g. `claims the ministry`.",
        _claims,
        (Argument("speaker", "A name, role or place.", required=True, rest=True),),
    )
)
register(
    Command(
        "denials",
        "Every denial with the claim it denies, e.g. `denials 7d`.",
        _denials,
        (Argument("since", "24h, 7d, YYYY-MM-DD, today or all (default: all)."),),
    )
)
register(
    Command(
        "sources",
        "Which outlets reported what on a topic, e.g. `sources border talks`.",
        _sources,
        (Argument("topic", "A few words naming the topic.", required=True, rest=True),),
    )
)
register(
    Command(
        "digest",
        "A briefing of recent coverage, e.g. `digest`, `digest 7d`, `digest all border talks`.",
        _digest,
        (
            Argument("window", "24h (default), 7d, YYYY-MM-DD, today or all."),
            Argument("topic", "Only stories on this topic.", rest=True),
        ),
    )
)
