"""The store's core: opening the SQLite file, migrating it, transactions and the lock.

Every area of the store (articles, statements, propositions, search,
deliveries, feeds, bulk copies) is a mixin over `StoreCore`; `bot.store.Store`
combines them into the one facade the rest of briefbot uses.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Self

import sqlite_utils

from bot.store.migrations import MIGRATIONS

Row = dict[str, Any]


def utc_now() -> str:
    """The current UTC time as ISO 8601 text, the store's timestamp format."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreError(RuntimeError):
    """The store cannot be opened or is from a newer briefbot."""


class StoreCore:
    """The connection, its lock and the schema; the base of every store mixin."""

    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        try:
            conn = sqlite3.connect(path, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open store: {exc}") from exc
        self.db = sqlite_utils.Database(conn)
        # Adapters call the core from worker threads; one lock serialises the connection.
        self.lock = threading.RLock()
        # (PRAGMA data_version, count): see `statement_count`.
        self._statement_count: tuple[int, int] | None = None
        try:
            if path != ":memory:":
                self.db.enable_wal()
                # In WAL mode NORMAL still commits atomically (a crash never leaves half an
                # article) but skips an fsync per commit, which ingest pays once per article.
                self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a briefbot store: {exc}") from exc

    # ------------------------------------------------------------ lifecycle

    def migrate(self) -> None:
        """Apply every migration newer than the store's `user_version`."""
        with self.lock:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise StoreError(f"{self.path}: store schema {version} is newer than this briefbot ({len(MIGRATIONS)})")
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                with self.db.atomic():
                    migration(self.db)
                    self.db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        """The number of the last migration applied."""
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Self]:
        """One atomic unit of work: everything inside commits together or not at all."""
        with self.lock:
            try:
                with self.db.atomic():
                    yield self
            except BaseException:
                # Rolled back: counts kept in step with the writes no longer hold.
                self._statement_count = None
                raise

    def _first(self, table: str, where: str, params: list[Any]) -> Row | None:
        """The first row of `table` matching `where`, or None."""
        with self.lock:
            rows = list(self.db[table].rows_where(where, params, limit=1))
            return rows[0] if rows else None


def decode_speaker(row: Row) -> Row:
    """A speaker row with its JSON roles and aliases decoded."""
    row["roles"] = json.loads(row["roles"] or "[]")
    row["aliases"] = json.loads(row["aliases"] or "[]")
    return row
