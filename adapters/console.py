"""The console adapter: the bot's chat commands in a terminal, or scripted on stdin.

It speaks exactly the registry's commands (`ask …`, `claims X`, `digest`,
`subscribe …`, `help`), and a line that is not a command is a question, as a
mention would be. Replies are rendered with `render_text`. On a terminal it
prompts; with standard input not a terminal it reads one command a line,
echoes it before the reply (so a transcript reads like a chat) and finishes
at end of input. The local operator counts as an admin.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from typing import TextIO

from adapters.base import Adapter, Runtime, SendProgress
from bot.chat.registry import CommandContext
from bot.reply import Reply, render_text

log = logging.getLogger(__name__)

CHANNEL = "console"
PROMPT = "briefbot> "
QUIT_WORDS = frozenset({"quit", "exit", ":q"})
BANNER = "briefbot console: type `help` for the commands, a question to ask it, Ctrl-D to quit."


class ConsoleAdapter(Adapter):
    """A local chat over standard input and output."""

    platform = "console"

    def __init__(
        self,
        runtime: Runtime,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        interactive: bool | None = None,
        user: str = "console",
    ) -> None:
        super().__init__(runtime)
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.interactive = _is_terminal(self.stdin) if interactive is None else interactive
        self.user = user
        self.finished = asyncio.Event()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._serving: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Start reading commands; returns at once, `wait_closed` waits for the end of input."""
        loop = asyncio.get_running_loop()
        # A daemon thread, because a blocked readline cannot be cancelled and must not hold up exit.
        reader = threading.Thread(target=self._read_lines, args=(loop,), name="console-input", daemon=True)
        reader.start()
        self._serving = asyncio.create_task(self._serve(), name="console")

    async def wait_closed(self) -> None:
        """Return when the user quits or the input ends."""
        await self.finished.wait()

    async def stop(self) -> None:
        """Stop answering; safe to call twice."""
        if self._serving is not None and not self._serving.done():
            self._serving.cancel()
            try:
                await self._serving
            except asyncio.CancelledError:
                pass
        self.finished.set()

    # ------------------------------------------------------------ sending

    async def send(
        self, channel: str, reply: Reply, thread: str | None = None, progress: SendProgress | None = None
    ) -> str | None:
        """Print a reply posted into a channel (a scheduled digest) under a header naming it.

        A terminal has no message size limit or threads: the whole reply is one
        part, printed unless `progress` says it was already. Returns None (a
        terminal line has no reference).
        """
        if progress is not None and progress.parts_sent >= 1:
            return progress.first_ref
        where = f"{channel}, thread {thread}" if thread else channel
        self._write(f"--- posted to {where} ---\n{render_text(reply)}\n\n")
        if progress is not None:
            progress.parts_sent = 1
        return None

    # ------------------------------------------------------------ reading

    def context(self) -> CommandContext:
        """The command context of the local operator, who is an admin."""
        ctx = self.runtime.context(self.platform, channel=CHANNEL, user=self.user)
        ctx.is_admin = True
        return ctx

    async def answer(self, text: str) -> Reply:
        """Run one line of chat text and return the reply (never raises)."""
        try:
            return await self.runtime.handle_async(text, self.context())
        except Exception:  # the console must outlive any one command
            log.exception("console command failed: %s", text[:80])
            return Reply(title="That command failed; the error was logged.", is_error=True)

    def _read_lines(self, loop: asyncio.AbstractEventLoop) -> None:
        """Feed input lines to the event loop until end of input (runs in a thread)."""
        try:
            for line in iter(self.stdin.readline, ""):
                loop.call_soon_threadsafe(self._lines.put_nowait, line)
        except (OSError, ValueError) as exc:  # a closed or unreadable stdin ends the session
            log.warning("console input ended: %s", exc)
        try:
            loop.call_soon_threadsafe(self._lines.put_nowait, None)
        except RuntimeError:
            pass  # the loop has already closed

    async def _serve(self) -> None:
        """Answer each input line in turn until end of input or `quit`."""
        try:
            if self.interactive:
                self._write(BANNER + "\n")
            while not self.finished.is_set():  # set early when the output has closed
                if self.interactive:
                    self._write(PROMPT)
                line = await self._lines.get()
                if line is None:
                    break
                text = line.strip()
                if not text or text.startswith("#"):
                    continue  # blank lines and comments in scripts
                if text.lower() in QUIT_WORDS:
                    break
                if not self.interactive:
                    self._write(f"{PROMPT}{text}\n")
                reply = await self.answer(text)
                self._write(render_text(reply) + "\n\n")
        finally:
            if self.interactive:
                self._write("\n")
            self.finished.set()

    def _write(self, text: str) -> None:
        """Write to the output; a closed pipe ends the session instead of crashing it."""
        try:
            self.stdout.write(text)
            self.stdout.flush()
        except (BrokenPipeError, ValueError, OSError):
            self.finished.set()


def _is_terminal(stream: TextIO) -> bool:
    """True when the stream is an interactive terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
