"""The console adapter: the chat commands on stdin/stdout, scripted or interactive."""

from __future__ import annotations

import asyncio
import io
import re

from adapters.base import Runtime
from adapters.console import PROMPT, ConsoleAdapter
from bot.chat.registry import CommandContext
from bot.reply import Quote, Reply, Section
from bot.store import Store

SEED_OUTLETS = ("The Week", "The Daily Wire", "UPI", "RT", "Sputnik")


def run_session(
    store: Store, script: str, *, interactive: bool = False, out: io.StringIO | None = None
) -> tuple[str, ConsoleAdapter]:
    """Run a console over a script until its end; return the transcript and the adapter."""
    out = out if out is not None else io.StringIO()
    console = ConsoleAdapter(Runtime(store), stdin=io.StringIO(script), stdout=out, interactive=interactive)

    async def session() -> None:
        await console.start()
        await console.wait_closed()
        await console.stop()

    asyncio.run(session())
    return ("" if out.closed else out.getvalue()), console


def replies_by_command(transcript: str) -> dict[str, str]:
    """Split a scripted transcript into {command line: reply text}."""
    parts = re.split(rf"^{re.escape(PROMPT)}(.*)$", transcript, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def outlets_named(text: str) -> set[str]:
    """The seed outlets a reply names (whole words)."""
    return {o for o in SEED_OUTLETS if re.search(rf"\b{re.escape(o)}\b", text)}


def test_scripted_session_on_the_seeds_answers_with_speakers_and_outlets(seeded_store: Store) -> None:
    transcript, console = run_session(
        seeded_store,
        "Did Putin promise Macron there would be no escalation?\n"
        "claims Peskov\n"
        "digest all\n"
        "subscribe 08:00 Europe/Paris\n"
        "subscriptions\n",
    )
    replies = replies_by_command(transcript)
    assert list(replies) == [
        "Did Putin promise Macron there would be no escalation?",
        "claims Peskov",
        "digest all",
        "subscribe 08:00 Europe/Paris",
        "subscriptions",
    ]
    question = replies["Did Putin promise Macron there would be no escalation?"]
    assert question.lower().startswith("contested")  # a plain line is a question, as a mention would be
    assert "Macron" in question and "Peskov" in question
    assert len(outlets_named(question)) >= 4
    ledger = replies["claims Peskov"]
    assert "Peskov" in ledger and "denied" in ledger
    assert len(outlets_named(ledger)) >= 3
    digest = replies["digest all"]
    assert "Macron" in digest and "Peskov" in digest
    assert outlets_named(digest) == set(SEED_OUTLETS)
    assert "Subscribed console to the digest daily at 08:00 Europe/Paris" in replies["subscribe 08:00 Europe/Paris"]
    assert "console: daily at 08:00 Europe/Paris" in replies["subscriptions"]
    [row] = seeded_store.subscriptions()
    assert (row["platform"], row["channel"], row["time"], row["timezone"]) == (
        "console",
        "console",
        "08:00",
        "Europe/Paris",
    )
    assert console.finished.is_set()


def test_console_speaks_the_registry_commands(store: Store) -> None:
    transcript, _ = run_session(store, "help\nsubscribe 8:00 Mars/Crater\n")
    replies = replies_by_command(transcript)
    help_text = replies["help"]
    for command in ("ask", "claims", "digest", "subscribe", "subscriptions", "help"):
        assert f"`{command}" in help_text
    assert "`Mars/Crater` is not a time zone" in replies["subscribe 8:00 Mars/Crater"]


def test_the_local_operator_is_an_admin(store: Store) -> None:
    transcript, console = run_session(store, "subscribe 18:30 UTC\nunsubscribe\n")
    assert "admins only" not in transcript
    assert "Unsubscribed console" in transcript
    ctx = console.context()
    assert isinstance(ctx, CommandContext) and ctx.is_admin and ctx.platform == "console"


def test_blank_lines_and_comments_are_skipped_and_quit_ends_the_session(store: Store) -> None:
    transcript, _ = run_session(store, "\n# a comment\nsubscriptions\nquit\nsubscribe 08:00 UTC\n")
    assert list(replies_by_command(transcript)) == ["subscriptions"]
    assert store.subscriptions() == []  # the line after quit never ran


def test_interactive_console_prompts_and_does_not_echo(store: Store) -> None:
    transcript, _ = run_session(store, "subscriptions\n", interactive=True)
    assert transcript.startswith("briefbot console")
    assert transcript.count(PROMPT) == 2  # before the command and before end of input
    assert f"{PROMPT}subscriptions" not in transcript
    assert "No digest subscriptions here." in transcript


def test_send_prints_a_posted_reply_under_its_channel(store: Store) -> None:
    out = io.StringIO()
    console = ConsoleAdapter(Runtime(store), stdin=io.StringIO(""), stdout=out)
    reply = Reply(
        title="Digest",
        sections=[
            Section(
                heading="Contested",
                quotes=[Quote(speaker="Jane Roe", text="no deal was made", kind="denial", outlets=["Example News"])],
            )
        ],
    )
    asyncio.run(console.send("console", reply, thread="t1"))
    text = out.getvalue()
    assert text.startswith("--- posted to console, thread t1 ---\nDigest")
    assert "Jane Roe denied: no deal was made (Example News)" in text


def test_a_failing_command_is_reported_and_the_session_goes_on(store: Store) -> None:
    out = io.StringIO()
    runtime = Runtime(store)
    calls = []

    def broken(text: str, ctx: CommandContext) -> Reply:
        calls.append(text)
        if text == "boom":
            raise RuntimeError("core bug")
        return Reply(title=f"ok {text}")

    runtime.handle = broken  # type: ignore[method-assign]
    console = ConsoleAdapter(runtime, stdin=io.StringIO("boom\nafter\n"), stdout=out, interactive=False)

    async def session() -> None:
        await console.start()
        await console.wait_closed()

    asyncio.run(session())
    replies = replies_by_command(out.getvalue())
    assert replies == {"boom": "That command failed; the error was logged.", "after": "ok after"}


def test_a_closed_output_ends_the_session(store: Store) -> None:
    out = io.StringIO()
    out.close()  # as when the reader of a pipe has gone
    _, console = run_session(store, "help\nsubscribe 08:00 UTC\n", out=out)
    assert console.finished.is_set()
    assert store.subscriptions() == []  # nothing ran after the output closed


def test_send_prints_the_whole_reply_once_even_when_retried(store: Store) -> None:
    from adapters.base import SendProgress

    out = io.StringIO()
    console = ConsoleAdapter(Runtime(store), stdin=io.StringIO(""), stdout=out)
    progress = SendProgress()
    reply = Reply(title="Digest", sections=[Section(text="line " * 2000)])
    assert asyncio.run(console.send("console", reply, progress=progress)) is None
    asyncio.run(console.send("console", reply, progress=progress))  # a retry of a delivered send
    text = out.getvalue()
    assert text.count("--- posted to console ---") == 1 and text.count("line") == 2000
    assert progress.parts_sent == 1
