"""The `briefbot browse` click command; the CLI group adds it with `main.add_command(browse)`.

Datasette is an optional extra, so it is imported only when the command runs:
`briefbot --help` and every other command work without it.
"""

from __future__ import annotations

from typing import Any

import click


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (keep 127.0.0.1 on untrusted networks).",
)
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--check", is_flag=True, help="Serve, run every canned query over HTTP, print its rows, stop.")
@click.pass_obj
def browse(state: Any, host: str, port: int, check: bool) -> None:
    """Browse the claim/denial ledger read-only in a web browser (Datasette).

    Titles, facets (outlet, speaker, kind, date), full-text search on statements
    and canned queries: contested claims, denials this week, a speaker's ledger,
    figures outlets disagree on. Needs the extra: pip install 'briefbot[browse]'.
    """
    # `state` is the CLI group's AppState; only its `db_path` is read, and the store
    # is never opened through `Store`, which would migrate (write to) it.
    db_path = str(state.db_path)
    try:
        from bot.browse.server import BrowseError, check_served, check_store, serve
    except ImportError as exc:  # the optional extra is not installed
        raise click.ClickException(
            f"browse needs Datasette ({exc.name} is missing): pip install 'briefbot[browse]'"
        ) from exc
    try:
        check_store(db_path)
        if check:
            counts = check_served(db_path, host=host, port=port)
            for name, rows in counts.items():
                click.echo(f"{name}: {rows} rows")
            if not counts or not all(counts.values()):
                raise click.ClickException(f"{db_path}: a canned query returned no rows")
            return
        click.echo(f"Serving {db_path} read-only at http://{host}:{port}/ledger (Ctrl-C stops)")
        serve(db_path, host=host, port=port)
    except BrowseError as exc:
        raise click.ClickException(str(exc)) from exc
