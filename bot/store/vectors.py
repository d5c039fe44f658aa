"""Statement vectors: the sentence embeddings questions compare by meaning (bytes in, bytes out)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.store.core import StoreCore


class VectorsMixin(StoreCore):
    """Store methods reading and writing statement embeddings (the store never computes them)."""

    def statements_without_vectors(self, limit: int = 2000) -> list[tuple[int, str]]:
        """Up to `limit` (id, text) of statements newer than every stored vector, oldest first.

        New statements always get higher ids than the ones already embedded, so
        reading past the highest embedded id finds them from the primary key alone.
        """
        with self.lock:
            rows = self.db.execute(
                "SELECT id, coalesce(text, '') FROM statements "
                "WHERE id > (SELECT coalesce(max(statement_id), 0) FROM statement_vectors) "
                f"ORDER BY id LIMIT {int(limit)}"
            ).fetchall()
        return [(int(i), str(t)) for i, t in rows]

    def save_statement_vectors(self, vectors: Iterable[tuple[int, bytes]]) -> None:
        """Store (statement id, vector bytes) pairs, replacing any earlier vector of a statement."""
        with self.transaction():
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO statement_vectors (statement_id, vector) VALUES (?, ?)", list(vectors)
            )

    def statement_vectors(self, ids: Iterable[int]) -> dict[int, bytes]:
        """The stored vector bytes of the given statements (statements without one are left out)."""
        id_list = list(dict.fromkeys(ids))
        found: dict[int, bytes] = {}
        # SQLite caps the number of bound parameters; 500 at a time stays well under it.
        for n in range(0, len(id_list), 500):
            part = id_list[n : n + 500]
            marks = ",".join("?" * len(part))
            with self.lock:
                rows = self.db.execute(
                    f"SELECT statement_id, vector FROM statement_vectors WHERE statement_id IN ({marks})", part
                ).fetchall()
            found.update((int(i), bytes(v)) for i, v in rows)
        return found

    def vector_count(self) -> int:
        """How many statements have a stored vector."""
        with self.lock:
            return int(self.db.execute("SELECT count(*) FROM statement_vectors").fetchone()[0])
