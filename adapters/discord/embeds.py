"""Render a core `Reply` as Discord embeds or plain messages, inside Discord's limits.

Pure functions, no network: a reply becomes a list of `DiscordMessage`s, each
holding at most 10 embeds and 6000 embed characters. The first embed carries
the reply's title and a status colour; each section becomes an embed whose
quotes are fields (speaker and verb as the field name, the words and their
outlets as the value). What does not fit is split across embeds and
messages, and past `max_messages` it is summarised as "and N more".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import discord
from discord.utils import escape_markdown

from bot.reply import Quote, Reply, Section, lead_head, render_text, split_text, truncate

# Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
MESSAGE_EMBED_CHARS = 6000
EMBEDS_PER_MESSAGE = 10
CONTENT_LIMIT = 2000

# Room kept free in every embed so the closing "and N more" line always fits.
SUMMARY_RESERVE = 64
DEFAULT_MAX_MESSAGES = 3

STATUS_COLOURS: dict[str, discord.Colour] = {
    "asserted": discord.Colour.green(),
    "contested": discord.Colour.orange(),
    "denied": discord.Colour.red(),
    "unknown": discord.Colour.light_grey(),
}
ERROR_COLOUR = discord.Colour.dark_red()
DEFAULT_COLOUR = discord.Colour.blurple()


@dataclass
class DiscordMessage:
    """One message to post: optional plain content and up to 10 embeds."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)

    def embed_chars(self) -> int:
        """Characters Discord counts against the 6000 limit for this message."""
        return sum(len(embed) for embed in self.embeds)


def reply_colour(reply: Reply) -> discord.Colour:
    """Red for errors, the status colour for answers, blurple otherwise."""
    if reply.is_error:
        return ERROR_COLOUR
    return STATUS_COLOURS.get(reply.status or "", DEFAULT_COLOUR)


def outlets_text(outlets: list[str], limit: int = FOOTER_LIMIT) -> str:
    """'A, B, C', or 'A, B and 3 more' when the list does not fit in `limit`."""
    shown: list[str] = []
    for position, outlet in enumerate(outlets):
        rest = len(outlets) - position - 1
        candidate = ", ".join([*shown, outlet])
        tail = f" and {rest} more" if rest else ""
        if len(candidate) + len(tail) > limit:
            return truncate(", ".join(shown), limit - 20) + f" and {len(outlets) - len(shown)} more"
        shown.append(outlet)
    return ", ".join(shown)


def quote_field(quote: Quote) -> tuple[str, str]:
    """A quote as an embed field: ('Role Name — denied', 'the words\\n*Outlet, Outlet*')."""
    verb = quote.cue or ("denied" if quote.kind == "denial" else "said")
    name = truncate(f"{quote.attribution()} — {verb}", FIELD_NAME_LIMIT)
    words = escape_markdown(quote.text)
    words = f"“{words}”" if quote.direct else words
    outlets = f"\n*{escape_markdown(outlets_text(quote.outlets, 300))}*" if quote.outlets else ""
    value = truncate(words, FIELD_VALUE_LIMIT - len(outlets)) + outlets
    return name, value


def _new_embed(title: str | None, colour: discord.Colour, description: str | None = None) -> discord.Embed:
    return discord.Embed(
        title=truncate(title, TITLE_LIMIT) if title else None,
        description=description,
        colour=colour,
    )


def _embed_budget() -> int:
    # one embed never exceeds a whole message's allowance, less room for the summary line
    return MESSAGE_EMBED_CHARS - SUMMARY_RESERVE


def section_embeds(
    section: Section, title: str | None, colour: discord.Colour, prefix: str = ""
) -> list[discord.Embed]:
    """The embeds of one section: its text split at 4096, its quotes as fields, 25 a time."""
    text = "\n".join(part for part in (prefix, escape_markdown(section.text) if section.text else "") if part)
    more = f"… and {section.more} more" if section.more else ""
    if more and not section.quotes:  # with quotes, the count goes below them, in the footer
        text = f"{text}\n{more}" if text else more
    chunks = split_text(text, DESCRIPTION_LIMIT - SUMMARY_RESERVE) if text else []
    embeds = [_new_embed(title if i == 0 else None, colour, chunk) for i, chunk in enumerate(chunks)]
    if not embeds:
        embeds.append(_new_embed(title, colour))
    for quote in section.quotes:
        name, value = quote_field(quote)
        current = embeds[-1]
        too_long = len(current) + len(name) + len(value) > _embed_budget()
        if len(current.fields) >= FIELD_COUNT_LIMIT or too_long:
            current = _new_embed(None, colour)
            embeds.append(current)
        current.add_field(name=name, value=value, inline=False)
    footer_parts = [more] if more and section.quotes else []
    if section.sources:
        footer_parts.append(f"Sources: {outlets_text(section.sources, FOOTER_LIMIT - 40)}")
    if footer_parts:
        _set_footer_within_budget(embeds, " · ".join(footer_parts), colour)
    return embeds


def _set_footer_within_budget(embeds: list[discord.Embed], footer: str, colour: discord.Colour) -> None:
    """Put `footer` on the last embed, or on a new one if the last is full."""
    existing = embeds[-1].footer.text
    if existing and len(existing) + 1 + len(footer) <= FOOTER_LIMIT:
        footer, existing = f"{existing}\n{footer}", None
    footer = truncate(footer, FOOTER_LIMIT)
    if existing or len(embeds[-1]) - len(embeds[-1].footer.text or "") + len(footer) > _embed_budget():
        embeds.append(_new_embed(None, colour, "\u200b"))
    embeds[-1].set_footer(text=footer)


def reply_embeds(reply: Reply) -> list[discord.Embed]:
    """Every embed the reply needs, before packing into messages.

    A reply with a lead opens with it: the first embed's description, titled with the
    question asked.
    """
    colour = reply_colour(reply)
    if reply.lead:
        question = str(reply.data.get("question") or reply.title)
        lead = escape_markdown(lead_head(reply, lambda word: f"\x00{word}\x01"))
        opening = [_new_embed(question, colour, lead.replace("\x00", "**").replace("\x01", "**"))]
        for section in reply.sections:
            opening.extend(section_embeds(section, section.heading, colour))
        if reply.sources:
            footer = f"Outlets cited: {outlets_text(reply.sources, FOOTER_LIMIT - 15)}"
            _set_footer_within_budget(opening, footer, colour)
        return [_nonempty(embed) for embed in opening]
    status = f"**{reply.status.capitalize()}**" if reply.status else ""
    if reply.status and reply.title.lower().startswith(reply.status.lower()):
        status = ""  # the title already says it
    sections = list(reply.sections)
    embeds: list[discord.Embed] = []
    if not sections or sections[0].heading:
        embeds.append(_new_embed(reply.title, colour, status or None))
    for position, section in enumerate(sections):
        if position == 0 and not section.heading:
            embeds.extend(section_embeds(section, reply.title, colour, prefix=status))
        else:
            embeds.extend(section_embeds(section, section.heading, colour))
    if reply.sources:
        _set_footer_within_budget(embeds, f"Outlets cited: {outlets_text(reply.sources, FOOTER_LIMIT - 15)}", colour)
    return [_nonempty(embed) for embed in embeds]


def _nonempty(embed: discord.Embed) -> discord.Embed:
    # Discord rejects an embed with nothing in it
    if not (embed.title or embed.description or embed.fields or embed.footer.text):
        embed.description = "\u200b"
    return embed


def _items_in(embed: discord.Embed) -> int:
    """How many listed things an embed shows (quotes, or one for a block of text)."""
    return len(embed.fields) or (1 if embed.description and embed.description != "\u200b" else 0)


def pack_embeds(embeds: list[discord.Embed], max_messages: int = DEFAULT_MAX_MESSAGES) -> list[DiscordMessage]:
    """Group embeds into messages (10 embeds, 6000 characters each); summarise the overflow."""
    messages: list[DiscordMessage] = []
    for position, embed in enumerate(embeds):
        current = messages[-1] if messages else None
        fits = (
            current is not None
            and len(current.embeds) < EMBEDS_PER_MESSAGE
            and current.embed_chars() + len(embed) <= MESSAGE_EMBED_CHARS - SUMMARY_RESERVE
        )
        if not fits:
            if len(messages) == max_messages:
                dropped = sum(_items_in(e) for e in embeds[position:])
                _append_summary(messages[-1], dropped)
                break
            messages.append(DiscordMessage())
        messages[-1].embeds.append(embed)
    return messages


def _append_summary(message: DiscordMessage, dropped: int) -> None:
    """End the message with '… and N more' without breaking any limit."""
    line = f"… and {dropped} more (say `more` to see the next part)"
    last = message.embeds[-1]
    description = last.description or ""
    if description == "\u200b":
        description = ""
    if len(description) + len(line) + 1 <= DESCRIPTION_LIMIT:
        last.description = f"{description}\n{line}".strip()
    else:
        last.description = truncate(description, DESCRIPTION_LIMIT - len(line) - 2) + "\n" + line


def detail_embeds(reply: Reply) -> list[discord.Embed]:
    """The embeds of a reply's folded evidence (`Reply.detail`)."""
    colour = reply_colour(reply)
    return [_nonempty(e) for section in reply.detail for e in section_embeds(section, section.heading, colour)]


def render_reply(reply: Reply, max_messages: int = DEFAULT_MAX_MESSAGES) -> list[DiscordMessage]:
    """A reply as one or more embed messages, all within Discord's limits.

    The folded evidence starts its own message (a follow-up in the thread); what does
    not fit in `max_messages` is left to the `more` command.
    """
    main = pack_embeds(reply_embeds(reply), max_messages=max_messages)
    room = max_messages - len(main)
    extra = detail_embeds(reply)
    if not extra:
        return main
    if room <= 0:
        _append_summary(main[-1], sum(_items_in(e) for e in extra))
        return main
    return main + pack_embeds(extra, max_messages=room)


def render_plain(reply: Reply, max_messages: int = DEFAULT_MAX_MESSAGES) -> list[str]:
    """A reply as plain messages of at most 2000 characters (for channels without embeds)."""
    chunks = split_text(render_text(reply, markdown=True), CONTENT_LIMIT)
    if len(chunks) <= max_messages:
        return chunks
    kept = chunks[:max_messages]
    tail = f"\n… and {len(chunks) - max_messages} more parts"
    kept[-1] = truncate(kept[-1], CONTENT_LIMIT - len(tail)) + tail
    return kept


def message_within_limits(message: DiscordMessage) -> list[str]:
    """Every Discord limit the message breaks (empty when it may be posted)."""
    problems: list[str] = []
    if message.content and len(message.content) > CONTENT_LIMIT:
        problems.append(f"content has {len(message.content)} characters")
    if len(message.embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(message.embeds)} embeds")
    if message.embed_chars() > MESSAGE_EMBED_CHARS:
        problems.append(f"embeds total {message.embed_chars()} characters")
    for index, embed in enumerate(message.embeds):
        if embed.title and len(embed.title) > TITLE_LIMIT:
            problems.append(f"embed {index} title too long")
        if embed.description and len(embed.description) > DESCRIPTION_LIMIT:
            problems.append(f"embed {index} description has {len(embed.description)} characters")
        if len(embed.fields) > FIELD_COUNT_LIMIT:
            problems.append(f"embed {index} has {len(embed.fields)} fields")
        for f in embed.fields:
            if len(f.name or "") > FIELD_NAME_LIMIT or len(f.value or "") > FIELD_VALUE_LIMIT:
                problems.append(f"embed {index} field {f.name!r} too long")
        if embed.footer.text and len(embed.footer.text) > FOOTER_LIMIT:
            problems.append(f"embed {index} footer too long")
    return problems
