"""Block Kit rendering of core replies: content, escaping and Slack's size limits."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackObjectFormationError

from adapters.slack.blocks import (
    BLOCK_LIMIT,
    CONTEXT_LIMIT,
    FALLBACK_LIMIT,
    MESSAGE_LIMIT,
    SECTION_LIMIT,
    asked_preface,
    escape,
    fit,
    list_mrkdwn,
    quote_mrkdwn,
    render_messages,
    split_text,
)
from block_kit import assert_valid_blocks
from bot.reply import Quote, Reply, Section


def _render(reply: Reply, **kwargs: Any) -> list[dict[str, Any]]:
    """render_messages, with every block checked against slack_sdk's Block Kit models."""
    messages = render_messages(reply, **kwargs)
    for message in messages:
        assert_valid_blocks(message["blocks"])
    return messages


def _texts(message: dict[str, Any]) -> list[str]:
    """Every mrkdwn text in a message's blocks."""
    texts = []
    for block in message["blocks"]:
        if block["type"] == "section":
            texts.append(block["text"]["text"])
        elif block["type"] == "context":
            texts.extend(e["text"] for e in block["elements"])
    return texts


def _assert_within_limits(messages: list[dict[str, Any]]) -> None:
    assert 1 <= len(messages) <= MESSAGE_LIMIT
    for message in messages:
        assert 1 <= len(message["blocks"]) <= BLOCK_LIMIT
        assert 0 < len(message["text"]) <= FALLBACK_LIMIT
        assert message["blocks"][0]["type"] != "divider"
        for block in message["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SECTION_LIMIT
            if block["type"] == "context":
                assert len(block["elements"]) <= 10
                assert all(len(e["text"]) <= CONTEXT_LIMIT for e in block["elements"])


def _answer() -> Reply:
    return Reply(
        title="Did the president get a guarantee?",
        status="contested",
        sections=[
            Section(
                heading="Claimed",
                quotes=[
                    Quote(
                        "Jane Doe",
                        "he was given a personal guarantee",
                        ["The Daily", "Wire Service"],
                        role="Foreign minister",
                        cue="said",
                        direct=True,
                    )
                ],
                sources=["The Daily", "Wire Service"],
            ),
            Section(
                heading="Denied",
                quotes=[
                    Quote("John Roe", "no such guarantee was given", ["Evening Post"], kind="denial", cue="denied")
                ],
                more=2,
            ),
        ],
        sources=["The Daily", "Wire Service", "Evening Post"],
    )


def test_answer_renders_status_quotes_speakers_outlets_and_sources() -> None:
    [message] = _render(_answer())
    texts = _texts(message)
    assert texts[0].startswith("*Contested.*")
    quote_block = next(t for t in texts if "personal guarantee" in t)
    assert quote_block.startswith("&gt; “he was given a personal guarantee”")
    assert "*Foreign minister Jane Doe* said" in quote_block
    assert "_The Daily, Wire Service_" in quote_block
    denial = next(t for t in texts if "no such guarantee" in t)
    assert "*John Roe* denied" in denial
    contexts = [b["elements"][0]["text"] for b in message["blocks"] if b["type"] == "context"]
    assert "Sources: The Daily, Wire Service" in contexts
    assert "… and 2 more" in contexts
    assert "Outlets cited: The Daily, Wire Service, Evening Post" in contexts
    # The fallback is the plain text of the same content.
    assert message["text"].startswith("Contested. Did the president get a guarantee?")
    assert "John Roe denied: no such guarantee was given (Evening Post)" in message["text"]


def test_status_is_not_repeated_when_the_title_leads_with_it() -> None:
    [message] = _render(Reply(title="Denied: no such deal was made.", status="denied"))
    assert _texts(message)[0] == "*Denied*: no such deal was made."
    assert message["text"] == "Denied: no such deal was made."


def test_error_reply_is_marked_and_plain_reply_has_bold_title() -> None:
    [error] = _render(Reply(title="`frob` is not a command.", is_error=True))
    assert _texts(error)[0] == ":warning: `frob` is not a command."
    [plain] = _render(Reply(title="briefbot commands", sections=[Section(text="`help`: List the commands.")]))
    assert _texts(plain) == ["*briefbot commands*", "`help`: List the commands."]


def test_user_text_is_escaped_for_mrkdwn() -> None:
    reply = Reply(title="a <b> & c", sections=[Section(quotes=[Quote("A & B", "x < y", ["<Outlet>"])])])
    texts = _texts(_render(reply)[0])
    assert texts[0] == "*a &lt;b&gt; &amp; c*"
    assert "&gt; x &lt; y" in texts[1] and "*A &amp; B*" in texts[1] and "&lt;Outlet&gt;" in texts[1]
    assert escape("<@U1>") == "&lt;@U1&gt;"  # no one can be pinged through a quote


def test_long_section_text_is_split_into_sections_within_the_limit() -> None:
    paragraph = " ".join(f"word{i}" for i in range(2500))  # ~17,000 characters, one line
    reply = Reply(title="long", sections=[Section(text=paragraph + "\n" + paragraph)])
    messages = _render(reply)
    _assert_within_limits(messages)
    joined = " ".join(t for m in messages for t in _texts(m)[1:] if t.startswith("word"))
    assert joined.split() == (paragraph + " " + paragraph).split()  # nothing lost, nothing repeated


def test_many_quotes_split_across_messages_within_limits() -> None:
    quotes = [Quote(f"Speaker {i}", f"statement number {i}", [f"Outlet {i % 7}"]) for i in range(120)]
    messages = _render(Reply(title="claims", sections=[Section(heading="Claims", quotes=quotes)]))
    _assert_within_limits(messages)
    assert len(messages) == 3  # 1 title + 1 heading + 120 quotes = 122 blocks
    shown = [t for m in messages for t in _texts(m) if "statement number" in t]
    assert len(shown) == 120
    assert messages[1]["text"].startswith("claims (part 2 of 3)")


def test_too_much_for_five_messages_is_summarised_as_and_n_more() -> None:
    quotes = [Quote(f"Speaker {i}", "x" * 2900, ["Outlet"]) for i in range(400)]
    messages = _render(Reply(title="everything", sections=[Section(quotes=quotes)]))
    _assert_within_limits(messages)
    assert len(messages) == MESSAGE_LIMIT
    shown = sum(1 for m in messages for t in _texts(m) if "Speaker" in t)
    last = messages[-1]["blocks"][-1]
    assert last["type"] == "context"
    hidden = int(last["elements"][0]["text"].split("and ")[1].split(" more")[0])
    assert shown + hidden == 400


def test_one_huge_quote_is_cut_but_keeps_its_attribution() -> None:
    text = quote_mrkdwn(Quote("Jane Doe", "y" * 10_000, ["The Daily"]))
    assert len(text) <= SECTION_LIMIT
    assert text.endswith("— *Jane Doe* said · _The Daily_")
    assert "…" in text


def test_long_source_lists_end_in_and_n_more() -> None:
    outlets = [f"Outlet number {i}" for i in range(300)]
    mrkdwn, plain = list_mrkdwn("Sources", outlets)
    assert len(mrkdwn) <= CONTEXT_LIMIT
    shown = mrkdwn.split(": ", 1)[1].split(" and ")[0].split(", ")
    assert mrkdwn.endswith(f" and {300 - len(shown)} more")
    assert plain.startswith("Sources: Outlet number 0, ")


@pytest.mark.parametrize("limit", [5, 40, 3000])
def test_split_text_and_fit_respect_limits(limit: int) -> None:
    text = "alpha beta gamma\n" * 400 + "z" * 7000
    chunks = split_text(text, limit)
    assert all(0 < len(c) <= limit for c in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert len(fit(text, limit)) <= limit
    assert fit("a &amp; b", 6) == "a…"  # never a broken entity


def test_preface_says_who_asked_and_counts_against_the_limits() -> None:
    preface = asked_preface("U123", "/brief ask is `this` <true>?")
    assert preface == ("<@U123> asked `/brief ask is 'this' &lt;true&gt;?`", "U123 asked /brief ask is 'this' <true>?")
    quotes = [Quote(f"Speaker {i}", "words", ["Outlet"]) for i in range(49)]
    messages = _render(Reply(title="t", sections=[Section(quotes=quotes)]), preface=preface)
    _assert_within_limits(messages)
    assert [len(m["blocks"]) for m in messages] == [50, 1]  # preface + title + 48 quotes, then the 49th
    assert messages[0]["blocks"][0]["elements"][0]["text"].startswith("<@U123> asked")


def test_render_messages_rejects_impossible_limits() -> None:
    with pytest.raises(ValueError, match="at least 2 blocks"):
        render_messages(_answer(), max_blocks=1)


def test_block_kit_check_catches_what_slack_would_reject() -> None:
    [message] = _render(_answer())
    assert_valid_blocks(message["blocks"])
    too_long = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * (SECTION_LIMIT + 1)}}
    with pytest.raises(SlackObjectFormationError, match="3000"):
        assert_valid_blocks([too_long])
    crowded = {"type": "context", "elements": [{"type": "mrkdwn", "text": "a"}] * 11}
    with pytest.raises(SlackObjectFormationError, match="10"):
        assert_valid_blocks([crowded])
    with pytest.raises(AssertionError, match="not a Block Kit block"):
        assert_valid_blocks([{"type": "paragraph", "text": "x"}])
    with pytest.raises(AssertionError, match="does not know"):
        assert_valid_blocks([{"type": "divider", "colour": "red"}])
