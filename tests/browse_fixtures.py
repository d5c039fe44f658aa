"""Helpers for the browse tests: a store built from the seeds, Datasette requests, a schema step.

`ledger_links_migration` is the store migration the browser's metadata expects
(declared links for a denial's `denies` and a delivery's subscription, and a
`outlet_statements` view). It is kept here until the store adopts it as a numbered migration;
the tests apply it to a copy of the seeded store to check the metadata against it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import sqlite_utils
from click.testing import CliRunner

from bot.browse.server import make_datasette
from bot.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def build_seed_store(path: Path) -> Path:
    """Ingest seeds/ into a new store at `path` through the CLI, as a user would."""
    result = CliRunner().invoke(main, ["--db", str(path), "ingest", str(SEEDS)])
    assert result.exit_code == 0, result.output
    return path


def get(db_path: Path, *paths: str) -> list[httpx.Response]:
    """GET each path from a fresh read-only Datasette over the store, through its own test client."""

    async def fetch() -> list[httpx.Response]:
        ds = make_datasette(db_path)
        return [await ds.client.get(path) for path in paths]

    return asyncio.run(fetch())


def rows(db_path: Path, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    """Rows of a query on a read-only connection (the tests' own view of the store)."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


OUTLET_STATEMENTS_VIEW = """SELECT
    s.id AS statement_id,
    date(coalesce(a.published, a.ingested_at)) AS published,
    o.name AS outlet,
    s.speaker AS speaker,
    s.kind AS kind,
    s.text AS text,
    CASE WHEN s.kind = 'denial' THEN dp.text ELSE cp.text END AS proposition,
    a.title AS article
FROM statements s
JOIN articles a ON a.id = s.article_id
JOIN article_outlets ao ON ao.article_id = s.article_id
JOIN outlets o ON o.id = ao.outlet_id
LEFT JOIN propositions cp ON cp.id = s.proposition_id
LEFT JOIN propositions dp ON dp.id = s.denies"""


def ledger_links_migration(db: sqlite_utils.Database) -> None:
    """Declared links for a denial's `denies` and a delivery's subscription, and the `outlet_statements` view.

    Browsers follow declared foreign keys only. ON DELETE SET NULL keeps today's
    behaviour: deleting an article's last claim or a subscription leaves the denial
    or the delivery in place, unlinked, instead of failing on the new constraint.
    """
    # Rows pointing at nothing would fail transform()'s foreign key check.
    db.execute(
        "UPDATE statements SET denies = NULL WHERE denies IS NOT NULL AND denies NOT IN (SELECT id FROM propositions)"
    )
    db.execute(
        "UPDATE deliveries SET subscription_id = NULL WHERE subscription_id IS NOT NULL "
        "AND subscription_id NOT IN (SELECT id FROM subscriptions)"
    )
    for table, column, other in (
        ("statements", "denies", "propositions"),
        ("deliveries", "subscription_id", "subscriptions"),
    ):
        # transform() rebuilds the table, which drops its triggers (the FTS ones on statements).
        triggers = db.table(table).triggers
        db.table(table).add_foreign_key(column, other, "id", on_delete="SET NULL")
        for trigger in triggers:
            if trigger.name not in db.triggers_dict:
                db.execute(trigger.sql)
    db.create_view("outlet_statements", OUTLET_STATEMENTS_VIEW)
