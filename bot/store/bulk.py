"""Bulk copies for `briefbot bench`: reading and cloning whole tables, rebuilding the index, backups."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from bot.store.core import Row, StoreCore


class BulkMixin(StoreCore):
    """Store methods that copy stores in bulk."""

    # ---- bench
    # Bulk loading for `briefbot bench`: copies of ingested articles, written without the pipeline.

    BENCH_TABLES = ("outlets", "speakers", "propositions", "articles", "article_outlets", "statements", "figures")

    def bench_rows(self, tables: Iterable[str] | None = None) -> dict[str, list[Row]]:
        """Every row of the tables a benchmark clones (all, or `tables`), JSON columns left encoded."""
        wanted = [t for t in (tables or self.BENCH_TABLES) if t in self.BENCH_TABLES]
        with self.lock:
            return {table: self.db.execute_returning_dicts(f"SELECT * FROM {table} ORDER BY rowid") for table in wanted}

    def max_ids(self) -> dict[str, int]:
        """The highest id of each table a benchmark clone writes, 0 when empty."""
        with self.lock:
            return {
                table: self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
                for table in self.BENCH_TABLES
                if table != "article_outlets"
            }

    def bulk_clone_articles(self, rows: dict[str, list[Row]]) -> None:
        """Insert prepared rows (explicit ids) of several tables in one transaction.

        Rows come from `bench_rows`-shaped copies; tables are written parents
        first, with one `executemany` each, and the FTS triggers keep
        `statements_fts` and `articles_fts` in step. Callers pass a chunk at a time.
        """
        with self.transaction():
            for table in self.BENCH_TABLES:
                table_rows = rows.get(table) or []
                if not table_rows:
                    continue
                if table == "articles":
                    # A clone is identified by its own generated name, never by the key it was copied from.
                    table_rows = [{**row, "source_key": row["name"]} for row in table_rows]
                columns = list(table_rows[0])
                sql = (
                    f"INSERT INTO {table} ({', '.join(f'[{c}]' for c in columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})"
                )
                self.db.conn.executemany(sql, ([row.get(c) for c in columns] for row in table_rows))
            self._count_statements(len(rows.get("statements") or []))

    def rebuild_fts(self) -> None:
        """Rebuild both full-text indexes from their tables (after writes that bypassed the triggers)."""
        with self.lock:
            self.db.table("statements").rebuild_fts()
            self.db.table("articles").rebuild_fts()

    def backup_to(self, path: str) -> None:
        """Copy the whole store into a new file at `path` (SQLite's online backup)."""
        with self.lock:
            target = sqlite3.connect(path)
            try:
                self.db.conn.backup(target)
            finally:
                target.close()
