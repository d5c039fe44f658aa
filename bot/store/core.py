"""The store's core: opening the SQLite file, migrating it, transactions and the lock.

Every area of the store (articles, statements, propositions, search,
deliveries, feeds, bulk copies) is a mixin over `StoreCore`; `bot.store.Store`
combines them into the one facade the rest of briefbot uses.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
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


# Another process's write transaction is waited for this long by each statement (SQLite's busy timeout) ...
BUSY_TIMEOUT_SECONDS = 15.0
# ... and a write transaction that still cannot start is retried this many times, with a short back-off.
WRITE_ATTEMPTS = 5
# Opening retries longer: some locks met while a new store is being created (the journal mode
# switch) fail at once instead of waiting, so only the back-off (about 10 s in all) waits for them.
OPEN_ATTEMPTS = 10


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLite's 'database is locked' / 'database is busy': another process holds the lock."""
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc).lower() for word in ("database is locked", "database is busy", "database table is locked")
    )


def _back_off(attempt: int) -> None:
    """Sleep a little longer after each failed attempt, with jitter so racing processes spread out."""
    time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))


def inserted_id(table: sqlite_utils.db.Table) -> int:
    """The id of the row `table` just inserted (sqlite-utils types it as optional)."""
    if table.last_pk is None:
        raise StoreError(f"insert into {table.name}: no row id")
    return int(table.last_pk)


def row_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT through `cursor` created."""
    if cursor.lastrowid is None:
        raise StoreError("insert: no row id")
    return cursor.lastrowid


class StoreCore:
    """The connection, its lock and the schema; the base of every store mixin."""

    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        try:
            # The timeout is SQLite's busy timeout: a statement waits that long for
            # another process (a second ingest, the bot polling feeds) to finish writing.
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open store: {exc}") from exc
        self.db = sqlite_utils.Database(conn)
        # Adapters call the core from worker threads; one lock serialises the connection.
        self.lock = threading.RLock()
        # (PRAGMA data_version, count): see `statement_count`.
        self._statement_count: tuple[int, int] | None = None
        for attempt in range(OPEN_ATTEMPTS):
            try:
                self._open()
                break
            except sqlite3.DatabaseError as exc:
                # Processes opening a brand-new store at once race for its creation: wait and retry.
                if is_busy_error(exc) and attempt + 1 < OPEN_ATTEMPTS:
                    _back_off(attempt)
                    continue
                conn.close()
                raise StoreError(f"{path}: not a briefbot store: {exc}") from exc

    def _open(self) -> None:
        """Journal mode, pragmas and migrations: everything opening the store writes."""
        if self.path != ":memory:":
            self.db.enable_wal()
            # In WAL mode NORMAL still commits atomically (a crash never leaves half an
            # article) but skips an fsync per commit, which ingest pays once per article.
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.migrate()

    # ------------------------------------------------------------ lifecycle

    def migrate(self) -> None:
        """Apply every migration newer than the store's `user_version`.

        Safe when several processes open a new store at once: each migration runs
        in a write transaction taken before the version is read again, so exactly
        one process applies it and the others see it done.
        """
        with self.lock:
            while True:
                version = self._checked_version()
                if version == len(MIGRATIONS):
                    return
                with self.transaction():
                    if self._checked_version() != version:
                        continue  # another process migrated while we waited for the lock
                    MIGRATIONS[version](self.db)
                    self.db.execute(f"PRAGMA user_version = {version + 1}")

    def _checked_version(self) -> int:
        """The store's schema version; StoreError when it is newer than this briefbot."""
        version: int = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path}: store schema {version} is newer than this briefbot ({len(MIGRATIONS)})")
        return version

    @property
    def schema_version(self) -> int:
        """The number of the last migration applied."""
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def advise_cache(self) -> bool:
        """Ask the OS to read the store file into its page cache in the background (Linux).

        A bot just started on a large store otherwise reads every page its first
        questions touch from disk (at 100k articles the first questions took about
        three times as long as once the file was cached). Returns whether the
        advice was given; it never blocks or fails the caller.
        """
        if self.path == ":memory:" or not hasattr(os, "posix_fadvise"):
            return False
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return False
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            return False
        finally:
            os.close(fd)
        return True

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
        """One atomic unit of work: everything inside commits together or not at all.

        The outermost transaction takes SQLite's write lock first (BEGIN IMMEDIATE),
        waiting its turn behind other processes, so it never fails half-way with
        'database is locked' after reading; nested ones are savepoints.
        """
        with self.lock:
            conn = self.db.conn
            if conn.in_transaction:
                # Nested: a savepoint, so a failure here undoes only this part.
                try:
                    with self.db.atomic():
                        yield self
                except BaseException:
                    self._statement_count = None  # counts kept in step with the writes no longer hold
                    self._deletions += 1  # ids written here are free again: see `grouping_cache_token`
                    raise
                return
            self._begin_immediate()
            try:
                yield self
                conn.execute("COMMIT")
            except BaseException:
                self._statement_count = None  # counts kept in step with the writes no longer hold
                self._deletions += 1  # ids written here are free again: see `grouping_cache_token`
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _begin_immediate(self) -> None:
        """Start a write transaction, waiting (busy timeout, then bounded retries) for other writers."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                self.db.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_busy_error(exc) or attempt + 1 == WRITE_ATTEMPTS:
                    raise
                _back_off(attempt)

    def _first(self, table: str, where: str, params: list[Any]) -> Row | None:
        """The first row of `table` matching `where`, or None."""
        with self.lock:
            rows = list(self.db.table(table).rows_where(where, params, limit=1))
            return rows[0] if rows else None

    def statement_count(self) -> int:
        """How many statements the store holds.

        Counting a large table costs milliseconds and every question asks, so the
        count is kept until this connection or another one changes the store.
        """
        with self.lock:
            version = self.db.execute("PRAGMA data_version").fetchone()[0]
            cached = self._statement_count
            if cached is not None and cached[0] == version:
                return cached[1]
            count = self.db.table("statements").count
            self._statement_count = (version, count)
            return count

    def _count_statements(self, delta: int) -> None:
        """Keep the cached statement count in step with this connection's own writes."""
        if self._statement_count is not None:
            version, count = self._statement_count
            self._statement_count = (version, count + delta)

    # Articles deleted and transactions rolled back through this connection (both free statement ids).
    _deletions = 0

    @staticmethod
    def _outlet_where(outlet: str | None, where: list[str], params: list[Any]) -> None:
        """Only articles that `outlet` carried (its own or a syndicated copy)."""
        if outlet:
            where.append(
                "a.id IN (SELECT ao.article_id FROM article_outlets ao JOIN outlets o2 "
                "ON o2.id = ao.outlet_id WHERE o2.name = ? COLLATE NOCASE)"
            )
            params.append(outlet)

    @staticmethod
    def _window_where(since: str | None, until: str | None, where: list[str], params: list[Any]) -> None:
        """Add a publication window; an article dated by day only counts for that whole day."""
        if since:
            # The first bound implies nothing more than the second but lets SQLite use the index on published.
            where.append(
                "a.published >= substr(?, 1, 10) AND "
                "(a.published >= ? OR (length(a.published) = 10 AND a.published >= substr(?, 1, 10)))"
            )
            params += [since, since, since]
        if until:
            where.append("a.published < ?")
            params.append(until)

    @staticmethod
    def _article_where(article: str | int | None, where: list[str], params: list[Any]) -> None:
        """Only one article: by id, or by its name, source or URL."""
        if article is None:
            return
        if isinstance(article, int) or str(article).isdigit():
            where.append("a.id = ?")
            params.append(int(article))
        else:
            where.append("(a.name = ? OR a.source = ? OR a.url = ?)")
            params += [str(article)] * 3

    @staticmethod
    def _channel_where(platform: str | None, channel: str | None) -> tuple[str | None, list[Any]]:
        """A `rows_where` filter on (platform, channel), each only when given."""
        where, params = [], []
        if platform:
            where.append("platform = ?")
            params.append(platform)
        if channel:
            where.append("channel = ?")
            params.append(channel)
        return " AND ".join(where) or None, params

    def _bounded_where(
        self,
        bound: Callable[[str | None, str | None, list[str], list[Any]], None],
        since: str | None,
        until: str | None,
        outlet: str | None,
    ) -> tuple[list[str], list[Any]]:
        """Conditions and parameters for articles in [since, until) by `bound` (publication or ingestion) and outlet."""
        where: list[str] = []
        params: list[Any] = []
        bound(since, until, where, params)
        self._outlet_where(outlet, where, params)
        return where, params

    def _article_count_where(self, where: list[str], params: list[Any]) -> int:
        """How many articles match `where` (conditions on the alias `a`)."""
        sql = "SELECT count(*) FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
        with self.lock:
            return int(self.db.execute(sql, params).fetchone()[0])

    def _articles_where(self, where: list[str], params: list[Any], recency: str, newest: int | None) -> list[Row]:
        """Article rows (no text) matching `where`, oldest published first, with every outlet carrying them.

        `newest` keeps only that many of the latest by the `recency` column, picked
        on its index first so a large window reads no more rows than it keeps.
        """
        where_sql = " WHERE " + " AND ".join(where) if where else ""
        if newest is not None:
            where_sql = (
                f" WHERE a.id IN (SELECT a.id FROM articles a{where_sql} "
                f"ORDER BY {recency} DESC, a.id DESC LIMIT {int(newest)})"
            )
        sql = (
            "SELECT a.id, a.name, a.title, a.published, a.url, a.ingested_at, o.name AS outlet, "
            "(SELECT group_concat(o3.name, char(31)) FROM article_outlets ao3 "
            " JOIN outlets o3 ON o3.id = ao3.outlet_id WHERE ao3.article_id = a.id) AS carried_by "
            "FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id" + where_sql + " ORDER BY a.published, a.id"
        )
        with self.lock:
            rows = self.db.execute_returning_dicts(sql, params)
        for row in rows:
            carried = [n for n in (row.pop("carried_by") or "").split("\x1f") if n]
            own = [row["outlet"]] if row.get("outlet") else []
            row["outlets"] = own + sorted(set(carried) - set(own))
        return rows


def decode_speaker(row: Row) -> Row:
    """A speaker row with its JSON roles and aliases decoded."""
    row["roles"] = name_list(row["roles"])
    row["aliases"] = name_list(row["aliases"])
    return row


# Speakers' role and alias lists decoded lately: a question reads the same speakers' lists
# on every one of their statements and again for each word it looks up (hundreds of decodes).
NAME_LISTS_KEPT = 4096


def name_list(value: str | None) -> list[str]:
    """A speaker's JSON list of roles or aliases, decoded (a fresh list each call: callers may change it)."""
    return list(_decoded_names(value)) if value and value != "[]" else []


@functools.lru_cache(maxsize=NAME_LISTS_KEPT)
def _decoded_names(value: str) -> tuple[str, ...]:
    # A tuple of strings: the garbage collector does not track it, so a full cache costs its pauses nothing.
    return tuple(json.loads(value))
