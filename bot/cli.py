"""The `briefbot` command line: a thin click layer over the core.

Each command opens the store, calls one core function and turns errors into
`click.ClickException`, so a user sees one line naming what is at fault.

The CLI is the one core module that may import `adapters`. Commands that need
spaCy, the page extractors, the developer tools or a chat platform's library
import them inside the command, so `briefbot statements` or `ask` never wait
for them to load.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from bot.answers.compose import answer_question
from bot.answers.export import export_statement
from bot.answers.ledgers import denials_reply, sources_reply, speaker_ledger
from bot.answers.rendering import phrase_reply
from bot.answers.wordings import attach_denied_words, pointer_denial_words
from bot.browse.command import browse
from bot.config import Config, ConfigError, load_config, resolve_db_path
from bot.digests.build import build_digest
from bot.reply import render_text
from bot.store import Store, StoreError
from bot.timewindow import WindowError, resolve_window

err_console = Console(stderr=True)


class AppState:
    """What the group passes to every command: config and the store's path."""

    def __init__(self, config: Config, db_path: str) -> None:
        self.config = config
        self.db_path = db_path
        self._store: Store | None = None

    def store(self) -> Store:
        """Open the store (once), turning failures into a one-line error."""
        if self._store is None:
            try:
                self._store = Store(self.db_path)
            except StoreError as exc:
                raise click.ClickException(one_line(exc)) from exc
        return self._store


pass_state = click.make_pass_decorator(AppState)


@click.group()
@click.option(
    "--db", "db_path", envvar="BRIEFBOT_DB", help="The store (else $BRIEFBOT_DB, config db_path, ./briefbot.db)."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default ./config.toml).",
)
@click.version_option(package_name="briefbot")
@click.pass_context
def main(ctx: click.Context, db_path: str | None, config_path: str | None) -> None:
    """briefbot: who claimed what, and who denied it, across news outlets."""
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        raise click.ClickException(one_line(exc)) from exc
    ctx.obj = AppState(config, resolve_db_path(db_path, config))


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def one_line(text: object) -> str:
    """`text` on one line: newlines, tabs and other control characters shown as escapes (\\n, \\x1b)."""
    shown = []
    for char in str(text):
        if char == "\n":
            shown.append("\\n")
        elif char == "\r":
            shown.append("\\r")
        elif char == "\t":
            shown.append("\\t")
        elif ord(char) < 32 or 0x7F <= ord(char) < 0xA0 or char in "\u2028\u2029":
            shown.append(f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
        else:
            shown.append(char)
    return "".join(shown)


def safe_markup(text: object) -> str:
    """Untrusted text (a file name, a URL, an error) made safe inside rich markup: one line, tags escaped."""
    return escape(one_line(text))


def print_error(message: object) -> None:
    """One `error …` line on stderr, whatever the message holds."""
    err_console.print(f"[red]error[/red] {safe_markup(message)}", markup=True, highlight=False, soft_wrap=True)


def _check_published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--published must be an ISO date or a datetime with a zone; stored normalised."""
    from bot.ingest.readers import normalise_published

    try:
        return normalise_published(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


# ---------------------------------------------------------------- ingest


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outlet", help="Outlet of every article given (overrides manifests and the text).")
@click.option(
    "--published",
    callback=_check_published,
    help="Publication date of every article given: YYYY-MM-DD, or a datetime with a zone (2022-02-08T10:00:00Z).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; errors and the summary only.")
@pass_state
def ingest(state: AppState, paths: tuple[Path, ...], outlet: str | None, published: str | None, quiet: bool) -> None:
    """Ingest article files and folders (.txt, .md, .html, .jsonl), or http(s) article URLs."""
    if any(_is_url_argument(p) for p in paths):  # URLs are fetched, not read from disk
        return ingest_urls(state, paths, outlet=outlet, published=published, quiet=quiet)
    from bot.ingest import pipeline, readers

    store = state.store()
    total = readers.count_inputs(list(paths))
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        disable=quiet or not err_console.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total or None)

        def tick(name: str) -> None:
            progress.update(task, advance=1, description=safe_markup(name))

        report = pipeline.ingest_paths(
            store,
            paths,
            max_bytes=state.config.max_bytes,
            outlet=outlet,
            published=published,
            on_progress=tick,
        )
    for error in report.errors:
        print_error(error)
    if not quiet or report.errors:
        err_console.print(report.summary(), highlight=False)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--kind", type=click.Choice(["claim", "denial"]), help="Only claims or only denials.")
@click.option("--speaker", help="Speaker name, alias or role (whole words).")
@click.option("--outlet", help="Only statements from this outlet.")
@click.option("--article", help="Only statements from this article (file name or id).")
@pass_state
def statements(
    state: AppState, as_json: bool, kind: str | None, speaker: str | None, outlet: str | None, article: str | None
) -> None:
    """List extracted statements: outlet, speaker, kind, quote."""
    rows = state.store().statements(kind=kind, speaker=speaker, outlet=outlet, article=article)
    if as_json:
        _echo_json([export_statement(r) for r in rows])
        return
    table = Table("outlet", "speaker", "kind", "cue", "text", show_lines=False, expand=True)
    # A pointer denial ("a claim") is shown as the claim it is linked to; JSON keeps the stored words.
    attach_denied_words(state.store(), rows)
    for row in rows:
        speaker_label = row["speaker"] + (f" ({row['speaker_role']})" if row["speaker_role"] else "")
        text = pointer_denial_words(row) or row["text"]
        # Text cells: stored words are shown as they are, never read as rich markup.
        table.add_row(
            *(Text(one_line(cell)) for cell in (row["outlet"] or "?", speaker_label, row["kind"], row["cue"], text))
        )
    table_console().print(table)
    click.echo(f"{len(rows)} statements")


def table_console() -> Console:
    """A console for tables: the terminal's width, or a readable 160 columns when piped."""
    return Console() if sys.stdout.isatty() else Console(width=160)


@main.command("eval")
@click.argument("gold_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="List misses, extra statements and wrong links.")
@pass_state
def eval_command(state: AppState, gold_path: Path, as_json: bool, details: bool) -> None:
    """Score the store's statements against a gold annotation file."""
    from bot.devtools import evaluate

    try:
        gold = evaluate.load_gold(gold_path)
    except ValueError as exc:
        raise click.ClickException(one_line(exc)) from exc
    scores = evaluate.score_store(state.store(), gold)
    if as_json:
        _echo_json({**scores.figures(), **({"details": scores.__dict__} if details else {})})
        return
    table = Table("measure", "value", title=Text(one_line(f"{gold_path.name}: {scores.system_statements} statements")))
    for key, value in scores.figures().items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else ("yes" if value else "NO"))
    Console().print(table)
    if details:
        for label, items in (
            ("missed", scores.missed),
            ("not in gold", scores.unmatched_system),
            ("wrong speaker", scores.wrong_speakers),
            ("bad denial link", scores.bad_links),
            ("boilerplate", scores.boilerplate_hits),
            ("repeated", scores.repeated),
        ):
            for item in items:
                click.echo(f"{label}: {item}")


# ---------------------------------------------------------------- answers


def _print_reply(reply: Any, as_json: bool) -> None:
    """Print a Reply: its JSON data with --json, else the plain-text rendering."""

    if as_json:
        _echo_json(reply.data)
    else:
        click.echo(render_text(reply))


def _cli_window(
    since: str | None, day: str | None = None, default: str | None = None
) -> tuple[str | None, str | None, Any]:
    """--since/--date as store bounds; a bad value is a one-line usage error."""

    try:
        window = resolve_window(since, day, default=default)
    except WindowError as exc:
        raise click.BadParameter(str(exc), param_hint="--since/--date") from exc
    since_iso, until_iso = window.bounds()
    return since_iso, until_iso, window


@main.command()
@click.argument("question", nargs=-1)
@click.option(
    "--json", "as_json", is_flag=True, help="Print {question, status, answer, claims, denials, figures, outlets}."
)
@click.option("--outlet", help="Only draw on this outlet's articles.")
@click.option("--since", help="Only articles published in this window: 24h, 7d, YYYY-MM-DD or all.")
@click.option("--date", "day", help="Only articles published on this day (YYYY-MM-DD).")
@click.option("--article", help="Only draw on this article (file name or id).")
@pass_state
def ask(
    state: AppState,
    question: tuple[str, ...],
    as_json: bool,
    outlet: str | None,
    since: str | None,
    day: str | None,
    article: str | None,
) -> None:
    """Answer a question about who claimed or denied what, with sources."""

    since_iso, until_iso, _ = _cli_window(since, day)
    reply = answer_question(
        state.store(), " ".join(question), outlet=outlet, since=since_iso, until=until_iso, article=article
    )
    # With [llm] configured the lead is phrased by the model (template lead on any failure).
    reply = phrase_reply(reply, state.config.llm)
    _print_reply(reply, as_json)
    if reply.is_error:
        sys.exit(2)


@main.command()
@click.option("--speaker", required=True, help='Speaker name, alias, role or place ("the ministry", a capital).')
@click.option("--since", help="Only articles published in this window: 24h, 7d, YYYY-MM-DD or all.")
@click.option("--outlet", help="Only this outlet's articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the ledger as JSON.")
@pass_state
def claims(state: AppState, speaker: str, since: str | None, outlet: str | None, as_json: bool) -> None:
    """The claim/denial ledger of one speaker: what they said, and who denied it."""

    since_iso, until_iso, _ = _cli_window(since)
    _print_reply(speaker_ledger(state.store(), speaker, since=since_iso, until=until_iso, outlet=outlet), as_json)


@main.command()
@click.option("--since", help="Only denials published in this window: 24h, 7d, YYYY-MM-DD or all.")
@click.option("--outlet", help="Only this outlet's articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the denials as JSON.")
@pass_state
def denials(state: AppState, since: str | None, outlet: str | None, as_json: bool) -> None:
    """Every denial, with the claim it denies and the outlets on each side."""

    since_iso, until_iso, _ = _cli_window(since)
    _print_reply(denials_reply(state.store(), since=since_iso, until=until_iso, outlet=outlet), as_json)


@main.command()
@click.argument("topic", nargs=-1, required=True)
@click.option("--since", help="Only articles published in this window: 24h, 7d, YYYY-MM-DD or all.")
@click.option("--json", "as_json", is_flag=True, help="Print what each outlet reported as JSON.")
@pass_state
def sources(state: AppState, topic: tuple[str, ...], since: str | None, as_json: bool) -> None:
    """Which outlets reported what on a topic, side by side."""

    since_iso, until_iso, _ = _cli_window(since)
    _print_reply(sources_reply(state.store(), " ".join(topic), since=since_iso, until=until_iso), as_json)


@main.command()
@click.option("--since", help="Window counting back from now (24h, 7d), from a date (YYYY-MM-DD), or all. Default 24h.")
@click.option("--date", "day", help="One day's articles (YYYY-MM-DD), for archives.")
@click.option("--topic", help="Only stories and points on this topic.")
@click.option("--outlet", help="Only this outlet's articles.")
@click.option(
    "--max-chars", type=click.IntRange(200, 100_000), default=3500, show_default=True, help="Length bound of the text."
)
@click.option("--json", "as_json", is_flag=True, help="Print the digest's data as JSON.")
@pass_state
def digest(
    state: AppState,
    since: str | None,
    day: str | None,
    topic: str | None,
    outlet: str | None,
    max_chars: int,
    as_json: bool,
) -> None:
    """A briefing: per story, contested points, new claims, figure discrepancies, coverage."""

    _, _, window = _cli_window(since, day, default="24h")
    reply = build_digest(
        state.store(), start=window.start, end=window.end, topic=topic, max_chars=max_chars, outlet=outlet
    )
    _print_reply(reply, as_json)


# ---------------------------------------------------------------- run


@main.command()
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    type=click.Choice(["console", "slack", "discord"]),
    help="Run this platform (repeatable). Default: those whose tokens are set, else the console.",
)
@click.option(
    "--http", is_flag=True, help="Slack: serve the Events/Commands endpoint over HTTP instead of Socket Mode."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Slack --http: address to listen on.")
@click.option("--port", default=3000, show_default=True, type=int, help="Slack --http: port to listen on.")
@click.option("--verbose", "-v", is_flag=True, help="Log scheduler and adapter activity (info level).")
@pass_state
def run(state: AppState, platforms: tuple[str, ...], http: bool, host: str, port: int, verbose: bool) -> None:
    """Run the bot: the console, Slack and/or Discord, and the daily digest scheduler."""
    import logging
    import os

    from adapters.base import AdapterError
    from adapters.runner import default_platforms
    from adapters.runner import run as run_bot

    chosen = list(platforms) or default_platforms(os.environ)
    # The console shares the terminal with the log: keep it to warnings unless asked.
    quiet_console = chosen == ["console"] and not verbose
    logging.basicConfig(
        level=logging.WARNING if quiet_console else logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    options = {"slack": {"http": http, "host": host, "port": port}} if "slack" in chosen else {}
    try:
        run_bot(state.store(), state.config, chosen, adapter_options=options)
    except AdapterError as exc:
        raise click.ClickException(one_line(exc)) from exc


# ---------------------------------------------------------------- slack

# ---------------------------------------------------------------- discord


@main.command("discord-invite")
@click.option("--client-id", help="The bot's application (client) id; else config [discord] application_id.")
@pass_state
def discord_invite(state: AppState, client_id: str | None) -> None:
    """Print the OAuth2 URL that adds the bot to a Discord server."""
    from adapters.discord.bot import invite_url  # platform code stays out of bot/ imports

    client_id = client_id or str(state.config.section("discord").get("application_id") or "")
    if not client_id:
        raise click.ClickException(
            "no Discord application id: pass --client-id or set [discord] application_id in config.toml"
        )
    try:
        click.echo(invite_url(client_id))
    except ValueError as exc:
        raise click.ClickException(one_line(exc)) from exc


# ---------------------------------------------------------------- feeds


def _is_url_argument(path: Path) -> bool:
    """True for an `ingest` argument that was an http(s) URL (click made it a Path)."""
    return str(path).lower().startswith(("http:/", "https:/"))


def _url_from_argument(path: Path) -> str:
    # Path() folds the "//" after the scheme (and any trailing slash); put the scheme's back.
    scheme, _, rest = str(path).partition(":")
    return f"{scheme}://{rest.lstrip('/')}"


def ingest_urls(
    state: AppState, paths: tuple[Path, ...], *, outlet: str | None, published: str | None, quiet: bool
) -> None:
    """`briefbot ingest <url>…`: fetch each article page and ingest it unless already stored."""
    import contextlib

    from bot.ingest import feeds
    from bot.ingest.fetch import Fetcher

    files = [str(p) for p in paths if not _is_url_argument(p)]
    if files:
        raise click.ClickException(one_line(f"{files[0]}: give URLs and files in separate ingest commands"))
    store = state.store()
    settings = feeds.FeedSettings.from_config(state.config)
    failed = 0
    with Fetcher.from_config(state.config) as fetcher:
        for path in paths:
            url = _url_from_argument(path)
            spinner = (
                err_console.status(f"fetching {safe_markup(url)}")
                if not quiet and err_console.is_terminal
                else contextlib.nullcontext()
            )
            with spinner:
                outcome = feeds.ingest_url(
                    store, url, fetcher=fetcher, outlet=outlet, published=published, settings=settings
                )
            if outcome.status == feeds.FAILED:
                failed += 1
                print_error(outcome.message)
            elif not quiet:
                note = " (text from the feed)" if outcome.used_fallback else ""
                err_console.print(
                    f"{outcome.status}: {safe_markup(url)} → article {outcome.article_id}{note}",
                    highlight=False,
                    soft_wrap=True,
                )
    if failed:
        sys.exit(1)


@main.group()
def feeds() -> None:
    """Follow RSS/Atom feeds: add, list, remove, poll."""


@feeds.command("add")
@click.argument("url")
@click.option("--outlet", help="The outlet's name (default: the feed's title).")
@click.option("--every", default=None, help="Polling interval: 15m, 2h, 1d (default [feeds] default_every, 15m).")
@pass_state
def feeds_add(state: AppState, url: str, outlet: str | None, every: str | None) -> None:
    """Add a feed (or update and resume one already added)."""
    from bot.chat import feed_commands
    from bot.ingest import feeds as feeds_core

    try:
        settings = feeds_core.FeedSettings.from_config(state.config)
        seconds = feeds_core.parse_interval(every) if every else settings.default_every
        row, created = feed_commands.add_feed(
            state.store(), state.config, url, outlet=outlet, every_seconds=seconds, added_by="cli"
        )
    except ValueError as exc:
        raise click.ClickException(one_line(exc)) from exc
    verb = "added" if created else "updated"
    click.echo(f"{verb} feed {row['id']}: {row['url']} every {feeds_core.format_interval(row['every_seconds'])}")


@feeds.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_state
def feeds_list(state: AppState, as_json: bool) -> None:
    """List feeds with their interval, health and counts."""
    from bot.ingest import feeds as feeds_core

    rows = state.store().feeds()
    if as_json:
        _echo_json(rows)
        return
    table = Table("id", "url", "outlet", "every", "health", "ingested", "last polled", "last error", expand=True)
    for row in rows:
        health = "paused" if row["paused"] else row["health"]
        cells = (
            str(row["id"]),
            row["url"],
            row["outlet"] or row["title"] or "?",
            feeds_core.format_interval(row["every_seconds"]),
            health,
            f"{row['ingested'] or 0}/{row['entries'] or 0}",
            row["last_polled_at"] or "never",
            (row["last_error"] or "") if health != "ok" else "",
        )
        table.add_row(*(Text(one_line(cell)) for cell in cells))
    Console().print(table)


@feeds.command("remove")
@click.argument("feed")
@pass_state
def feeds_remove(state: AppState, feed: str) -> None:
    """Remove a feed by id or URL (its articles stay)."""
    from bot.chat import feed_commands

    store = state.store()
    row = feed_commands.find_feed(store, feed)
    if row is None or not store.remove_feed(row["id"]):
        raise click.ClickException(one_line(f"{feed}: no such feed (see `briefbot feeds list`)"))
    click.echo(f"removed feed {row['id']}: {row['url']}")


@feeds.command("poll")
@click.argument("feed_ids", nargs=-1, type=int)
@pass_state
def feeds_poll(state: AppState, feed_ids: tuple[int, ...]) -> None:
    """Poll the given feeds now, or every feed that is due."""
    from bot.ingest import feeds as feeds_core
    from bot.ingest.fetch import Fetcher

    store = state.store()
    settings = feeds_core.FeedSettings.from_config(state.config)
    with Fetcher.from_config(state.config) as fetcher, err_console.status("polling feeds"):
        if feed_ids:
            results = [feeds_core.poll_feed(store, i, fetcher=fetcher, settings=settings) for i in feed_ids]
        else:
            results = feeds_core.poll_due_feeds(store, fetcher, settings=settings)
    for result in results:
        click.echo(result.summary())
        if result.health_message:
            click.echo(f"health: {result.health_message}")
    if any(r.status in ("failed", "missing") for r in results):
        sys.exit(1)


# ---------------------------------------------------------------- bench


@main.command()
@click.option("--articles", "article_count", default=500, show_default=True, help="Size of the ingest corpus.")
@click.option(
    "--sizes", default="1k,10k,100k", show_default=True, help="Store sizes (articles) for question and digest latency."
)
@click.option("--questions-only", is_flag=True, help="Only question latency on the stores (no ingest, no digest).")
@click.option("--ingest-only", is_flag=True, help="Only ingest throughput against bare nlp.pipe.")
@click.option(
    "--work-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where generated stores are cached (default: a folder in the temp dir).",
)
@click.option(
    "--seeds",
    "seed_dir",
    default="seeds",
    show_default=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Articles the corpus and stores are varied from.",
)
def bench(
    article_count: int, sizes: str, questions_only: bool, ingest_only: bool, work_dir: Path | None, seed_dir: Path
) -> None:
    """Measure ingest throughput, question latency and digest time (not a test)."""
    from bot.devtools import bench as benchmarks

    if questions_only and ingest_only:
        raise click.ClickException("--questions-only and --ingest-only exclude each other")
    console = Console()
    ok = True
    try:
        size_list = list(benchmarks.iter_sizes(sizes))
    except ValueError as exc:
        raise click.ClickException(f"--sizes {sizes!r}: expected numbers like 1k,10k,100k") from exc
    try:
        if not questions_only:
            ratio = benchmarks.run_ingest_bench(seed_dir, article_count, click.echo)
            met = ratio >= benchmarks.RATIO_TARGET
            ok &= met
            click.echo(
                f"ingest ratio {ratio:.2f} {'meets' if met else 'MISSES'} the {benchmarks.RATIO_TARGET:.2f} target"
            )
        if not ingest_only and size_list:
            ok &= benchmarks.run_store_bench(
                seed_dir, size_list, work_dir or benchmarks.default_work_dir(), console, questions_only=questions_only
            )
    except (ValueError, RuntimeError, StoreError, OSError) as exc:
        raise click.ClickException(one_line(exc)) from exc
    click.echo("all targets met" if ok else "some targets missed")


# Datasette is an optional extra: the command imports it only when it runs.
main.add_command(browse)
