"""Speaker searches: speakers by name words, their statement vectors, and match counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.store.answer_rows import AnswerRowsMixin
from bot.store.core import Row, decode_speaker


class SpeakerSearchMixin(AnswerRowsMixin):
    """Store methods that find speakers and read their statements' vectors."""

    def speaker_vectors(
        self,
        speaker_ids: Iterable[int],
        *,
        kind: str | None = None,
        limit: int,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        article: str | int | None = None,
    ) -> list[tuple[int, bytes]]:
        """(statement id, vector bytes) of the speakers' newest `limit` statements within a scope.

        Reads the index and the vectors only, so a question can compare a speaker's
        statements by meaning before reading the few full rows it needs.
        """
        id_list = list(speaker_ids)
        if not id_list:
            return []
        where = [f"st.speaker_id IN ({','.join('?' * len(id_list))})"]
        params: list[Any] = list(id_list)
        scoped = self._scope_where(kind, since, until, outlet, article, where, params)
        sql = (
            "SELECT v.statement_id, v.vector FROM ("
            "SELECT st.id AS picked FROM statements st"
            + (" JOIN articles a ON a.id = st.article_id" if scoped else "")
            + " WHERE "
            + " AND ".join(where)
            + f" ORDER BY st.article_id DESC, st.position LIMIT {int(limit)}"
            + ") pick JOIN statement_vectors v ON v.statement_id = pick.picked"
        )
        with self.lock:
            rows = self.db.execute(sql, params).fetchall()
        return [(int(i), bytes(v)) for i, v in rows]

    def statement_match_count(self, fts: str, cap: int = 10_000) -> int:
        """How many statements match an escaped FTS5 query, counted up to `cap` (for term weights).

        Counts are kept (bounded) while the statement count stays the same: a
        common word costs a millisecond or more to count and recurs across questions.
        """
        total = self.statement_count()
        # Created on first use so the cache lives with this connection's store only.
        cache: dict[tuple[str, int], tuple[int, int]] = self.__dict__.setdefault("_match_counts", {})
        cached = cache.get((fts, cap))
        if cached is not None and cached[0] == total:
            return cached[1]
        with self.lock:
            count = self.db.execute(
                "SELECT count(*) FROM (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?)",
                [fts, cap],
            ).fetchone()[0]
        cache[(fts, cap)] = (total, count)
        if len(cache) > 4096:
            del cache[next(iter(cache))]  # the oldest entry
        return count

    def speaker_count(self) -> int:
        """How many speakers the store knows (cheap; answers cache their directory on it)."""
        with self.lock:
            return self.db.execute("SELECT max(id) FROM speakers").fetchone()[0] or 0

    def speakers_with_words(
        self, words: Iterable[str], *, names_only: bool = False, limit: int = 50, exact_names: Iterable[str] = ()
    ) -> list[Row]:
        """Speakers whose name, aliases or roles (`names_only`: name or aliases) hold any of `words` (FTS5).

        All of them when at most `limit` match; otherwise (a common surname or
        office can match thousands of speakers in a large archive) `limit` picked
        best first: a speaker named exactly one of `exact_names`, then those
        holding every word in their names, every word anywhere, any word in
        their names, any word anywhere. Rows carry decoded roles and aliases
        and come in id order.
        """
        quoted = sorted({'"' + w.replace('"', "") + '"' for w in words if w and w.replace('"', "").strip()})
        if not quoted:
            return []
        columns = "{name aliases} : " if names_only else ""
        query = columns + "(" + " OR ".join(quoted) + ")"
        with self.lock:
            picked = [
                r[0]
                for r in self.db.execute(
                    "SELECT rowid FROM speakers_fts WHERE speakers_fts MATCH ? LIMIT ?", [query, int(limit) + 1]
                )
            ]
            if len(picked) > limit:
                picked = self._ranked_speaker_ids(quoted, columns, exact_names, int(limit))
            rows = (
                self.db.execute_returning_dicts(
                    f"SELECT id, name, type, roles, aliases FROM speakers WHERE id IN ({','.join('?' * len(picked))}) "
                    "ORDER BY id",
                    picked,
                )
                if picked
                else []
            )
        return [decode_speaker(row) for row in rows]

    def _ranked_speaker_ids(self, quoted: list[str], columns: str, exact_names: Iterable[str], limit: int) -> list[int]:
        """Up to `limit` speaker ids for words matching too many speakers to rank all (caller holds the lock).

        Each pass reads the index in rowid order and stops at the limit, so the
        cost does not grow with how many speakers share a common word (BM25 over
        every match did).
        """
        picked: dict[int, None] = {}
        names = [n for n in dict.fromkeys(exact_names) if n]
        if names:
            for (speaker_id,) in self.db.execute(
                f"SELECT id FROM speakers WHERE name IN ({','.join('?' * len(names))}) LIMIT ?", [*names, limit]
            ):
                picked[speaker_id] = None
        passes = ["{name aliases} : (" + " AND ".join(quoted) + ")", columns + "(" + " AND ".join(quoted) + ")"]
        if len(quoted) > 1:
            passes += ["{name aliases} : (" + " OR ".join(quoted) + ")", columns + "(" + " OR ".join(quoted) + ")"]
        if columns:
            passes = [q for q in passes if q.startswith(columns)]
        for query in dict.fromkeys(passes):
            if len(picked) >= limit:
                break
            for (speaker_id,) in self.db.execute(
                "SELECT rowid FROM speakers_fts WHERE speakers_fts MATCH ? ORDER BY rowid LIMIT ?",
                [query, limit + len(picked)],
            ):
                if len(picked) >= limit:
                    break
                picked.setdefault(speaker_id, None)
        return list(picked)

    def speaker_directory(self) -> list[Row]:
        """Every speaker with decoded roles and aliases (no counts: cheap on big stores)."""
        with self.lock:
            rows = self.db.execute_returning_dicts("SELECT id, name, type, roles, aliases FROM speakers")
        return [decode_speaker(row) for row in rows]
