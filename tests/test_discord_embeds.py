"""Rendering a core Reply into Discord embeds and plain messages, inside Discord's limits."""

from __future__ import annotations

import discord

from adapters.discord.embeds import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    EMBEDS_PER_MESSAGE,
    FIELD_COUNT_LIMIT,
    MESSAGE_EMBED_CHARS,
    STATUS_COLOURS,
    message_within_limits,
    outlets_text,
    quote_field,
    render_plain,
    render_reply,
)
from bot.reply import Quote, Reply, Section, error_reply, split_text, truncate


def _quote(n: int, words: int = 12) -> Quote:
    return Quote(
        speaker=f"Speaker {n}",
        text=" ".join(f"word{n}_{i}" for i in range(words)),
        outlets=["Wire One", "Daily Two"],
        kind="denial" if n % 2 else "claim",
        role="ministry spokeswoman",
        direct=n % 3 == 0,
    )


def _all_fields(reply: Reply, max_messages: int = 3) -> list[discord.embeds._EmbedFieldProxy]:
    return [f for m in render_reply(reply, max_messages) for e in m.embeds for f in e.fields]


def test_short_answer_is_one_embed_with_status_colour_quotes_and_sources() -> None:
    reply = Reply(
        title="Did the minister promise a ceasefire?",
        status="contested",
        sections=[Section(text="Two outlets carry the claim; one carries a denial.", quotes=[_quote(1), _quote(2)])],
        sources=["Wire One", "Daily Two"],
    )
    messages = render_reply(reply)
    assert len(messages) == 1
    [embed] = messages[0].embeds
    assert embed.title == "Did the minister promise a ceasefire?"
    assert embed.colour == STATUS_COLOURS["contested"]
    assert embed.description.startswith("**Contested**")
    assert [f.name for f in embed.fields] == [
        "ministry spokeswoman Speaker 1 — denied",
        "ministry spokeswoman Speaker 2 — said",
    ]
    assert "*Wire One, Daily Two*" in embed.fields[0].value
    assert embed.footer.text == "Outlets cited: Wire One, Daily Two"
    assert message_within_limits(messages[0]) == []


def test_direct_quotes_are_in_quote_marks_and_markdown_is_escaped() -> None:
    name, value = quote_field(Quote(speaker="A *bold* man", text="we *never* said_that", direct=True))
    assert value == "“we \\*never\\* said\\_that”"
    assert name == "A *bold* man — said"


def test_error_reply_is_red_and_shows_the_hint() -> None:
    [message] = render_reply(error_reply("That message is too long.", "Keep it short."))
    [embed] = message.embeds
    assert embed.colour == discord.Colour.dark_red()
    assert embed.title == "That message is too long."
    assert "Keep it short." in embed.description


def test_many_quotes_split_into_embeds_of_25_fields() -> None:
    reply = Reply(title="Claims", sections=[Section(heading="All claims", quotes=[_quote(n) for n in range(60)])])
    messages = render_reply(reply)
    for message in messages:
        assert message_within_limits(message) == []
        assert all(len(e.fields) <= FIELD_COUNT_LIMIT for e in message.embeds)
    assert len(_all_fields(reply)) == 60
    assert messages[0].embeds[0].title == "Claims"
    assert messages[0].embeds[1].title == "All claims"


def test_long_text_is_split_at_4096_and_6000_per_message() -> None:
    paragraph = "\n".join(f"Line {i}: " + "lorem ipsum dolor sit amet " * 6 for i in range(200))
    reply = Reply(title="Digest", sections=[Section(heading="Today", text=paragraph)])
    messages = render_reply(reply, max_messages=10)
    assert len(messages) > 1
    for message in messages:
        assert message_within_limits(message) == []
        assert message.embed_chars() <= MESSAGE_EMBED_CHARS
        assert len(message.embeds) <= EMBEDS_PER_MESSAGE
        assert all(len(e.description or "") <= DESCRIPTION_LIMIT for e in message.embeds)
    shown = "\n".join(e.description or "" for m in messages for e in m.embeds)
    assert "Line 0:" in shown and "Line 199:" in shown


def test_overflow_past_max_messages_says_and_n_more() -> None:
    quotes = [_quote(n, words=150) for n in range(120)]
    reply = Reply(title="Everything", sections=[Section(quotes=quotes)])
    messages = render_reply(reply, max_messages=2)
    assert len(messages) == 2
    shown = len([f for m in messages for e in m.embeds for f in e.fields])
    assert shown < 120
    last = messages[-1].embeds[-1].description
    assert f"… and {120 - shown} more" in last
    assert all(message_within_limits(m) == [] for m in messages)


def test_section_more_and_sources_are_rendered() -> None:
    reply = Reply(
        title="Denials", sections=[Section(heading="Denials", quotes=[_quote(1)], more=4, sources=["Wire One"])]
    )
    embeds = [e for m in render_reply(reply) for e in m.embeds]
    assert embeds[-1].footer.text == "… and 4 more · Sources: Wire One"  # below the quotes
    text_only = Reply(title="Denials", sections=[Section(heading="Denials", text="Two denials.", more=2)])
    assert render_reply(text_only)[0].embeds[-1].description == "Two denials.\n… and 2 more"


def test_status_is_not_repeated_when_the_title_says_it() -> None:
    [message] = render_reply(Reply(title="Contested: claimed and denied.", status="contested"))
    assert message.embeds[0].description is None or "Contested" not in message.embeds[0].description


def test_long_outlet_lists_are_summarised() -> None:
    outlets = [f"Outlet number {i}" for i in range(300)]
    text = outlets_text(outlets, 200)
    assert len(text) <= 200
    assert text.startswith("Outlet number 0, Outlet number 1")
    assert text.endswith("more")


def test_plain_messages_stay_under_2000() -> None:
    reply = Reply(title="Long", sections=[Section(text="x " * 3000), Section(quotes=[_quote(n) for n in range(40)])])
    chunks = render_plain(reply, max_messages=20)
    assert len(chunks) > 1
    assert all(0 < len(c) <= CONTENT_LIMIT for c in chunks)
    capped = render_plain(reply, max_messages=2)
    assert len(capped) == 2 and capped[-1].endswith("more parts")
    assert all(len(c) <= CONTENT_LIMIT for c in capped)


def test_split_text_and_truncate() -> None:
    assert split_text("a\nb\nc", 3) == ["a\nb", "c"]
    assert all(len(c) <= 10 for c in split_text("abcdefghijklmnopqrstuvwxyz " * 3, 10))
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("abc", 4) == "abc"


def test_title_only_reply_is_a_valid_embed() -> None:
    [message] = render_reply(Reply(title="Nothing found."))
    assert message.embeds[0].title == "Nothing found."
    assert message.embeds[0].to_dict()["title"] == "Nothing found."
