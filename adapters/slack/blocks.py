"""Render a core `Reply` as Slack Block Kit messages (pure functions, no Slack client).

Slack refuses a message with a section over 3000 characters or more than 50
blocks, so a reply becomes one or more messages that each stay inside those
limits. Past `max_messages` (a `response_url` accepts five posts) the rest is
summarised as "and N more" instead of failing. Every message carries a
plain-text `text` fallback for notifications and clients without blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.reply import Quote, Reply, Section, lead_head, quote_line
from bot.reply import split_text as reply_split_text

SECTION_LIMIT = 3000  # characters in a section block's text
CONTEXT_LIMIT = 2000  # characters in one context element, kept well under the text-object limit
BLOCK_LIMIT = 50  # blocks in one message
MESSAGE_LIMIT = 5  # messages per reply: response_url accepts five posts
FALLBACK_LIMIT = 3000  # characters of the plain-text fallback; longer notifications are useless

Block = dict[str, Any]
Message = dict[str, Any]  # {"text": str, "blocks": list[Block]}


@dataclass(frozen=True)
class Piece:
    """One block and the plain text that stands for it in the fallback."""

    block: Block
    plain: str


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Cutting inside an escape (&amp;) would show a broken entity.
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + "…"


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split text into chunks within a section's limit (never an empty list)."""
    return reply_split_text(text, limit) or [""]


def section_block(mrkdwn: str) -> Block:
    """A section block with mrkdwn text, cut to the section limit."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": fit(mrkdwn, SECTION_LIMIT)}}


def context_block(mrkdwn: str) -> Block:
    """A context block (small grey text) with one mrkdwn element."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": fit(mrkdwn, CONTEXT_LIMIT)}]}


MORE_ACTION = "briefbot_more"  # the action id of the "More" button under an answer with a rest


def more_button_block() -> Block:
    """An actions block with one "More" button: the next part of the last answer in the channel."""
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": MORE_ACTION,
                "text": {"type": "plain_text", "text": "More"},
                "value": "more",
            }
        ],
    }


def divider_block() -> Block:
    """A horizontal rule between parts of a reply."""
    return {"type": "divider"}


def status_line(reply: Reply) -> tuple[str, str]:
    """The first line of a reply as (mrkdwn, plain): status in bold, then the title."""
    title = reply.title.strip() or "briefbot"
    if reply.is_error:
        return f":warning: {escape(title)}", title
    if reply.lead:
        # The lead answers the question; its opening status word is set in bold.
        marked = lead_head(reply, lambda word: f"\x00{word}\x01")
        return escape(marked).replace("\x00", "*").replace("\x01", "*"), reply.lead
    if reply.status:
        if title.lower().startswith(reply.status.lower()):
            # The title already leads with the status ("Contested: …"): bold it, don't repeat it.
            head, rest = title[: len(reply.status)], title[len(reply.status) :]
            return f"*{escape(head)}*{escape(rest)}", title
        label = reply.status.capitalize() + "."
        return f"*{label}* {escape(title)}", f"{label} {title}"
    return f"*{escape(title)}*", title


def quote_mrkdwn(quote: Quote, limit: int = SECTION_LIMIT) -> str:
    """A quote as a block quote, then its speaker, cue and outlets on an attribution line."""
    verb = quote.cue or ("denied" if quote.kind == "denial" else "said")
    attribution = f"— *{escape(quote.attribution())}* {escape(verb)}"
    if quote.outlets:
        attribution += f" · _{escape(', '.join(quote.outlets))}_"
    attribution = fit(attribution, limit // 3)
    words = f"“{quote.text}”" if quote.direct else quote.text
    room = limit - len(attribution) - 1
    quoted = "\n".join(f"&gt; {line}" for line in escape(words).split("\n"))
    return f"{fit(quoted, room)}\n{attribution}"


def list_mrkdwn(label: str, items: list[str], limit: int = CONTEXT_LIMIT) -> tuple[str, str]:
    """'Sources: a, b, c' as (mrkdwn, plain), summarising the tail as 'and N more' to fit."""
    shown = list(items)
    while shown:
        hidden = len(items) - len(shown)
        tail = f" and {hidden} more" if hidden else ""
        plain = f"{label}: {', '.join(shown)}{tail}"
        mrkdwn = f"{label}: {escape(', '.join(shown))}{tail}"
        if len(mrkdwn) <= limit:
            return mrkdwn, plain
        shown.pop()
    summary = f"{label}: {len(items)} outlets"
    return summary, summary


def reply_pieces(reply: Reply, *, detail: bool = False) -> list[Piece]:
    """Every block of a reply in reading order, each with its plain-text stand-in.

    With `detail`, the pieces of the reply's folded evidence (`Reply.detail`) instead.
    """
    if detail:
        return [p for section in reply.detail for p in _section_pieces(section, True)]
    head_mrkdwn, head_plain = status_line(reply)
    pieces = [Piece(section_block(head_mrkdwn), head_plain)]
    for section in reply.sections:
        pieces.extend(_section_pieces(section, len(pieces) > 1))
    if reply.sources:
        mrkdwn, plain = list_mrkdwn("Outlets cited", reply.sources)
        pieces.append(Piece(context_block(mrkdwn), plain))
    if reply.continues:
        pieces.append(Piece(more_button_block(), ""))
    return pieces


def _section_pieces(section: Section, after_other: bool) -> list[Piece]:
    """The blocks of one section: divider, heading, text, quotes, count left out, sources."""
    pieces: list[Piece] = []
    if after_other or section.heading:
        pieces.append(Piece(divider_block(), ""))
    if section.heading:
        pieces.append(Piece(section_block(f"*{escape(section.heading)}*"), section.heading))
    if section.text:
        for chunk in split_text(escape(section.text), SECTION_LIMIT):
            pieces.append(Piece(section_block(chunk), chunk))
    for quote in section.quotes:
        pieces.append(Piece(section_block(quote_mrkdwn(quote)), f"- {quote_line(quote)}"))
    if section.more:
        pieces.append(Piece(context_block(f"… and {section.more} more"), f"… and {section.more} more"))
    if section.sources:
        mrkdwn, plain = list_mrkdwn("Sources", section.sources)
        pieces.append(Piece(context_block(mrkdwn), plain))
    return pieces


def _chunk(pieces: list[Piece], size: int) -> list[list[Piece]]:
    """Pieces in runs of at most `size`, with no run starting on a divider."""
    runs: list[list[Piece]] = []
    current: list[Piece] = []
    for piece in pieces:
        if not current and piece.block["type"] == "divider":
            continue
        current.append(piece)
        if len(current) == size:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _message(run: list[Piece], part: int, parts: int, title: str) -> Message:
    """One Slack message from a run of pieces, with its plain-text fallback."""
    plain = "\n".join(p.plain for p in run if p.plain)
    if parts > 1 and part > 0:
        plain = f"{title} (part {part + 1} of {parts})\n{plain}"
    return {"text": fit(plain, FALLBACK_LIMIT), "blocks": [p.block for p in run]}


def asked_preface(user: str | None, command: str) -> tuple[str, str]:
    """'<@U123> asked `/brief ask …`' as (mrkdwn, plain), so a channel sees whose question it was."""
    shown = fit(command.replace("`", "'"), 300)
    who = f"<@{user}>" if user else "Someone"
    return f"{who} asked `{escape(shown)}`", f"{user or 'Someone'} asked {shown}"


def render_messages(
    reply: Reply,
    *,
    max_blocks: int = BLOCK_LIMIT,
    max_messages: int = MESSAGE_LIMIT,
    preface: tuple[str, str] | None = None,
) -> list[Message]:
    """A reply as Slack messages, each within the block and section limits.

    `preface` (mrkdwn, plain), e.g. who asked what, opens the first message
    as a context line. More content than `max_messages` messages can hold is
    dropped from the end and summarised in a final "… and N more" context block.
    """
    if max_blocks < 2 or max_messages < 1:
        raise ValueError("render_messages needs at least 2 blocks and 1 message")
    pieces = reply_pieces(reply)
    if preface is not None:
        pieces.insert(0, Piece(context_block(preface[0]), preface[1]))
    # The folded evidence starts its own message: in a thread under the answer when
    # sent with `send`, after it when posted through a response_url.
    runs = _chunk(pieces, max_blocks) + _chunk(reply_pieces(reply, detail=True), max_blocks)
    if len(runs) > max_messages:
        dropped = [p for run in runs[max_messages:] for p in run]
        runs = runs[:max_messages]
        dropped.insert(0, runs[-1].pop())  # the last block gives way to the summary
        hidden = sum(1 for p in dropped if p.block["type"] != "divider")
        note = f"… and {hidden} more not shown here; say `more` to see the next part."
        runs[-1].append(Piece(context_block(note), note))
    title = status_line(reply)[1]
    return [_message(run, i, len(runs), title) for i, run in enumerate(runs)]
