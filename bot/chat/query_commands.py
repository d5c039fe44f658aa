"""Chat commands for answers and briefings: ask, claims, denials, sources, digest.

Importing this module registers them (the `bot.chat` package imports it). In chat a
question may end with a scope: "… from RT" (an outlet the store knows) or
"… today" / "… this week" / "… since 7d".
"""

from __future__ import annotations

import re
from dataclasses import asdict

from bot.answers.compose import answer_question
from bot.answers.ledgers import denials_reply, sources_reply, speaker_ledger
from bot.chat.registry import Argument, Command, CommandContext, register
from bot.digests.build import build_digest
from bot.reply import Reply, Section, error_reply, page_sections, section_from_dict
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


MORE_PAGE_QUOTES = 8  # quotes per part shown by `more`


def _ask(ctx: CommandContext, args: dict[str, str]) -> Reply:
    question, outlet, window = split_chat_scope(args.get("question", ""), ctx.store)
    since, until = window.bounds() if window else (None, None)
    reply = answer_question(ctx.store, question, outlet=outlet, since=since, until=until)
    if ctx.channel is not None and not reply.is_error:
        remember_rest(ctx, str(reply.data.get("question") or question), reply)
    return reply


def remember_rest(ctx: CommandContext, title: str, reply: Reply) -> None:
    """Keep the folded evidence of the channel's latest answer for `more` (an empty rest clears it)."""
    pages = page_sections(reply.detail, MORE_PAGE_QUOTES)
    ctx.store.save_continuation(ctx.platform, str(ctx.channel), title, [[asdict(s) for s in page] for page in pages])


def _more(ctx: CommandContext, args: dict[str, str]) -> Reply:
    if ctx.channel is None:
        return error_reply("`more` works in a chat channel.", "On the command line every answer is shown in full.")
    found = ctx.store.next_continuation(ctx.platform, str(ctx.channel))
    if found is None:
        return Reply(title="Nothing more to show for the last answer in this channel.")
    index, total = found["index"], found["total"]
    sections = [section_from_dict(d) for d in found["part"]]
    left = total - index - 1
    if left:
        sections.append(Section(text=f"Say `more` for the next part ({left} left)."))
    return Reply(title=f"More on: {found['title']} (part {index + 1} of {total})", sections=sections, more_left=left)


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
        "more",
        "The next part of the last answer in this channel (other wordings, more outlets).",
        _more,
        (),
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
