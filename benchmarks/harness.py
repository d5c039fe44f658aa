"""The one place the benchmarks touch briefbot: its command line, run in-process.

Everything goes through `bot.cli.main` with click's CliRunner, so the scripts
measure what a user gets and a change of module layout needs one edit here.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner, Result


def _find_cli() -> click.Command:
    """briefbot's click group: `bot.cli.main`, else wherever the `briefbot` console script points.

    The fallback keeps the benchmarks running when the CLI module moves, as long
    as the installed entry point follows it.
    """
    try:
        from bot.cli import main
    except ImportError:
        from importlib.metadata import entry_points

        (entry,) = [e for e in entry_points(group="console_scripts") if e.name == "briefbot"]
        main = entry.load()
    return main


cli_main = _find_cli()


class HarnessError(RuntimeError):
    """briefbot answered with something the benchmark cannot read."""


@dataclass
class Briefbot:
    """A briefbot store at `db`, driven through the CLI."""

    db: Path
    runner: CliRunner = field(default_factory=CliRunner)
    ask_seconds: list[float] = field(default_factory=list)

    def _run(self, args: list[str]) -> Result:
        return self.runner.invoke(cli_main, ["--db", str(self.db), *args], catch_exceptions=True)

    @staticmethod
    def _stdout(result: Result) -> str:
        # click >= 8.2 keeps stderr apart; stdout is where the JSON goes.
        return result.stdout if hasattr(result, "stdout") else result.output

    def ingest(self, path: Path) -> tuple[int, str]:
        """Ingest a file (a .jsonl of articles); returns the exit code and what was printed."""
        # Not --quiet: the summary line (added, unchanged, failed) is always printed then.
        result = self._run(["ingest", str(path)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise HarnessError(f"ingest {path}: {result.exception!r}") from result.exception
        # `output` holds stdout and stderr interleaved (click mixes them for it).
        return result.exit_code, result.output or ""

    def statements(self, article: str | None = None) -> list[dict[str, Any]]:
        """Every stored statement (or one article's) in the `statements --json` contract."""
        args = ["statements", "--json"] + (["--article", article] if article else [])
        result = self._run(args)
        if result.exit_code != 0:
            raise HarnessError(f"statements: exit {result.exit_code}: {result.output[-300:]}")
        return list(json.loads(self._stdout(result)))

    def ask(self, question: str, article: str | None = None) -> dict[str, Any]:
        """The `ask --json` reply to `question` (whole store, or one article with `article`).

        A reply briefbot marks as an error (exit 2) still carries JSON; a crash or
        unreadable output comes back as status "error" so one bad question does
        not end a long run.
        """
        args = ["ask", "--json"] + (["--article", article] if article else []) + ["--", question]
        start = time.perf_counter()
        result = self._run(args)
        self.ask_seconds.append(time.perf_counter() - start)
        try:
            data = json.loads(self._stdout(result))
        except (json.JSONDecodeError, TypeError):
            reason = repr(result.exception) if result.exception else self._stdout(result)[-200:]
            return {"status": "error", "error": reason, "claims": [], "denials": []}
        if not isinstance(data, dict):
            return {"status": "error", "error": "not an object", "claims": [], "denials": []}
        data.setdefault("claims", [])
        data.setdefault("denials", [])
        return data


def answer_statements(reply: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements a reply offers as its answer, in reply order (`order`; else claims then denials)."""
    statements = list(reply.get("claims") or []) + list(reply.get("denials") or [])
    rank = {statement_id: i for i, statement_id in enumerate(reply.get("order") or [])}
    return sorted(statements, key=lambda s: rank.get(s.get("id"), len(rank))) if rank else statements


def write_jsonl(path: Path, articles: list[dict[str, Any]]) -> None:
    """Write articles (dicts with `text`, optional `title`, `outlet`, `published`) one a line."""
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")


def article_name(jsonl: Path, line: int) -> str:
    """The name briefbot gives the article on 1-based `line` of `jsonl` (`NAME.jsonl#LINE`)."""
    return f"{jsonl.name}#{line}"


def last_line(output: str) -> str:
    """The last non-empty line of what a command printed (ingest's summary)."""
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else ""


_SUMMARY = re.compile(r"(\d+) added, (\d+) replaced, (\d+) unchanged, (\d+) failed")


def failed_count(output: str) -> int:
    """How many inputs an ingest run refused, from its summary line (0 when it printed none)."""
    match = _SUMMARY.search(output)
    return int(match.group(4)) if match else 0


def unchanged_count(output: str) -> int:
    """How many inputs an ingest run left unchanged (text already stored), from its summary line."""
    match = _SUMMARY.search(output)
    return int(match.group(3)) if match else 0


def ingest_records(
    bot: Briefbot,
    records: list[dict[str, Any]],
    work: Path,
    prefix: str,
    chunk: int,
    on_chunk: Callable[[int, str], None] | None = None,
) -> tuple[list[str], int]:
    """Ingest articles in JSONL files of `chunk` lines under `work`.

    Returns each record's briefbot article name (in order) and how many
    articles briefbot refused. A chunk whose ingest crashes counts as refused
    whole and the run goes on; `on_chunk(n_articles, message)` reports progress.
    """
    names: list[str] = []
    refused = 0
    for n in range(0, len(records), chunk):
        part = records[n : n + chunk]
        path = work / f"{prefix}-{n // chunk:03d}.jsonl"
        write_jsonl(path, part)
        names += [article_name(path, i) for i in range(1, len(part) + 1)]
        message = ""
        try:
            code, output = bot.ingest(path)
        except HarnessError as exc:
            refused += len(part)
            message = f"{path.name}: ingest crashed, {len(part)} articles lost: {exc}"
        else:
            refused += failed_count(output)
            if code != 0:
                message = f"{path.name}: exit {code}: {last_line(output)}"
            elif unchanged_count(output):
                # Same text as a stored article: briefbot keeps the first name only.
                message = f"{path.name}: {last_line(output)}"
        if on_chunk is not None:
            on_chunk(len(part), message)
    return names, refused


def save_names(path: Path, names: dict[str, str], refused: int) -> None:
    """Remember the article names of a built store (for --reuse)."""
    path.write_text(json.dumps({"names": names, "refused": refused}))


def load_names(path: Path) -> tuple[dict[str, str], int]:
    """The article names and refusal count `save_names` wrote."""
    data = json.loads(path.read_text())
    if "names" not in data:  # an early flat name map
        return data, -1  # refusals were not recorded then
    return data["names"], int(data["refused"])
