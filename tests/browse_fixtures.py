"""Helpers for the browse tests: a store built from the seeds and Datasette requests."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import httpx
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
