"""The plain-text rendering of a Reply."""

from __future__ import annotations

from bot.reply import Quote, Reply, Section, error_reply, render_text


def test_render_status_quotes_and_sources() -> None:
    reply = Reply(
        title="The ministry's promise is disputed.",
        status="contested",
        sections=[
            Section(
                heading="Claimed",
                quotes=[
                    Quote(
                        "Jane Doe",
                        "We will open the port",
                        ["The Example", "Wire"],
                        role="Transport Minister",
                        direct=True,
                    )
                ],
                more=2,
            )
        ],
        sources=["The Example", "Wire"],
    )
    text = render_text(reply)
    assert text.startswith("Contested. The ministry's promise is disputed.")
    assert 'Transport Minister Jane Doe said: "We will open the port" (The Example, Wire)' in text
    assert "and 2 more" in text
    assert "**Contested.**" in render_text(reply, markdown=True)


def test_error_reply_has_hint() -> None:
    reply = error_reply("Nothing to do.", "Try `help`.")
    assert reply.is_error and "Try `help`." in reply.plain_text()


def test_status_the_title_leads_with_is_not_repeated() -> None:
    reply = Reply(title="Contested: claimed, and denied.", status="contested")
    assert render_text(reply) == "Contested: claimed, and denied."
    assert render_text(reply, markdown=True) == "**Contested:** claimed, and denied."
