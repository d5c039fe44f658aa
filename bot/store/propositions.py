"""Propositions and figures: the links grouping writes, the candidate lookups it reads, stored figures."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import Any

from bot.store.core import Row, StoreCore, inserted_id, utc_now


class PropositionsMixin(StoreCore):
    """Store methods for grouping statements into propositions, and figures."""

    # ------------------------------------------------------------ propositions

    def create_proposition(self, text: str, speaker: str, lemmas: Iterable[str], entities: Iterable[str]) -> int:
        """A new proposition with its grouping signature; returns its id."""
        with self.lock:
            return inserted_id(
                self.db.table("propositions").insert(
                    {
                        "text": text,
                        "speaker": speaker,
                        "lemmas": json.dumps(sorted(set(lemmas))),
                        "entities": json.dumps(sorted(set(entities))),
                        "created_at": utc_now(),
                    }
                )
            )

    def update_proposition_signature(self, proposition_id: int, lemmas: Iterable[str], entities: Iterable[str]) -> None:
        """Replace a proposition's grouping signature (after a statement joined it)."""
        with self.lock:
            self.db.table("propositions").update(
                proposition_id,
                {"lemmas": json.dumps(sorted(set(lemmas))), "entities": json.dumps(sorted(set(entities)))},
            )

    def propositions(self, ids: Iterable[int] | None = None) -> list[Row]:
        """Propositions with decoded signatures (all, or those with the given ids)."""
        sql, params = "SELECT * FROM propositions", []
        if ids is not None:
            id_list = list(ids)
            if not id_list:
                return []
            sql += f" WHERE id IN ({','.join('?' * len(id_list))})"
            params = id_list
        with self.lock:
            rows = self.db.execute_returning_dicts(sql, params)
        for row in rows:
            row["lemmas"] = json.loads(row["lemmas"] or "[]")
            row["entities"] = json.loads(row["entities"] or "[]")
        return rows

    def set_statement_links(self, statement_id: int, *, proposition: int | None, denies: int | None) -> None:
        """Point a statement at the proposition it asserts and the one it denies."""
        with self.lock:
            self._log_link_writes([statement_id])
            # Plain SQL: sqlite-utils' update() reads the row first, which ingest pays per statement.
            self.db.execute(
                "UPDATE statements SET proposition_id = ?, denies = ? WHERE id = ?",
                [proposition, denies, statement_id],
            )

    def set_statement_kind(self, statement_id: int, kind: str) -> None:
        """Change what a statement is (a claim read at grouping time as a denial of another's claim)."""
        with self.lock:
            self._log_link_writes([statement_id])
            self.db.execute("UPDATE statements SET kind = ? WHERE id = ?", [kind, statement_id])

    # Statement link writes through this connection, numbered, and per statement the number of the last
    # write that may have changed its links or kind: grouping keeps the links it read across articles
    # and reads them again only for statements written since (`links_rewritten`). Rollbacks, deletions
    # and other connections' commits are not logged: `grouping_cache_token` moves for them.
    _link_writes = 0
    _link_log: dict[int, int] | None = None
    # Writes numbered up to here are no longer logged (the log was emptied to bound its size).
    _link_log_floor = 0
    LINK_LOG_SIZE = 200_000

    def _log_link_writes(self, ids: Iterable[int]) -> None:
        """Note a write that may change these statements' links or kind."""
        self._link_writes += 1
        log = self._link_log
        if log is None or len(log) > self.LINK_LOG_SIZE:
            log = self._link_log = {}
            self._link_log_floor = self._link_writes - 1
        number = self._link_writes
        for statement_id in ids:
            log[statement_id] = number

    def link_write_number(self) -> int:
        """The number of the last logged link write: links read now are current as of it."""
        return self._link_writes

    def links_rewritten(self, read: Iterable[tuple[int, int]]) -> set[int]:
        """Of (statement id, `link_write_number()` when its links were read) pairs, the ids whose links or
        kind may have been written since through this connection; the others still hold what was read,
        as long as `grouping_cache_token` has not moved."""
        log, floor = self._link_log or {}, self._link_log_floor
        return {sid for sid, number in read if number < floor or log.get(sid, 0) > number}

    # Columns the grouping step reads for a candidate statement.
    _GROUPING_SELECT = (
        "SELECT id, article_id, position, kind, speaker, speaker_type, text, target_text, "
        "lemmas, entities, proposition_id, denies FROM statements"
    )

    @staticmethod
    def _fts_any(words: Iterable[str]) -> str | None:
        """An FTS5 query for statements whose `text` holds any of `words` (quoted, so never syntax)."""
        if isinstance(words, tuple):
            return _fts_any_cached(words)  # grouping asks for the same concepts article after article
        return _fts_any_uncached(words)

    def set_statement_links_many(self, links: Iterable[tuple[int, int | None, int | None]]) -> None:
        """`set_statement_links` for many (statement id, proposition, denies) at once."""
        with self.lock:
            rows = [(proposition, denies, statement_id) for statement_id, proposition, denies in links]
            self._log_link_writes(row[2] for row in rows)
            self.db.conn.executemany("UPDATE statements SET proposition_id = ?, denies = ? WHERE id = ?", rows)

    def statements_with_any_word(
        self, words: Iterable[str], *, limit: int = 100, exclude_article: int | None = None
    ) -> list[Row]:
        """The newest `limit` statements whose text holds any of `words` (stemmed FTS5 match).

        Found through the statements' FTS index, newest first, so the cost does not
        grow with the store. Rows carry the grouping fields (lemmas/entities decoded).
        """
        query = self._fts_any(words)
        if query is None:
            return []
        with self.lock:
            ids = [
                r[0]
                for r in self.db.execute(
                    "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                    [query, limit * 2 if exclude_article is not None else limit],
                )
            ]
            if not ids:
                return []
            rows = self.db.execute_returning_dicts(
                self._GROUPING_SELECT + f" WHERE id IN ({','.join('?' * len(ids))})", ids
            )
        rows = [r for r in rows if exclude_article is None or r["article_id"] != exclude_article]
        rows.sort(key=lambda r: -r["id"])
        for row in rows:
            row["lemmas"] = json.loads(row["lemmas"] or "[]")
            row["entities"] = json.loads(row["entities"] or "[]")
        return rows[:limit]

    def statement_ids_with_any_word(
        self, words: Iterable[str], *, limit: int = 100, after: int | None = None
    ) -> list[int]:
        """Ids of the newest `limit` statements whose text holds any of `words` (FTS5, newest first);
        with `after`, only ids above it (the statements added since a caller last asked)."""
        query = self._fts_any(words)
        if query is None:
            return []
        newer, params = ("", [query, limit]) if after is None else (" AND rowid > ?", [query, after, limit])
        with self.lock:
            return [
                r[0]
                for r in self.db.execute(
                    f"SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?{newer} ORDER BY rowid DESC LIMIT ?",
                    params,
                )
            ]

    def last_statement_id(self) -> int:
        """The highest statement id (0 for none): statements added later have higher ones."""
        with self.lock:
            return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM statements").fetchone()[0]

    def claim_ids_by_speaker_word(self, words: Iterable[str], *, limit: int = 100) -> list[int]:
        """Ids of the newest `limit` claims whose speaker (as named or written) holds any of `words`
        (FTS5 over the speaker columns, newest first): the claims a document such as a memo made."""
        cleaned = sorted({f'"{w}"' for w in ("".join(ch for ch in x if ch.isalnum()) for x in words) if w})
        if not cleaned:
            return []
        query = f"{{speaker speaker_text}} : ({' OR '.join(cleaned)})"
        with self.lock:
            return [
                r[0]
                for r in self.db.execute(
                    "SELECT st.id FROM statements st JOIN statements_fts ON statements_fts.rowid = st.id "
                    "WHERE statements_fts MATCH ? AND st.kind = 'claim' ORDER BY st.id DESC LIMIT ?",
                    [query, limit],
                )
            ]

    def unlinked_denial_ids(self, ids: Iterable[int]) -> set[int]:
        """Which of these statements are denials that point at no proposition yet."""
        id_list = list(ids)
        if not id_list:
            return set()
        with self.lock:
            return {
                r[0]
                for r in self.db.execute(
                    f"SELECT id FROM statements WHERE id IN ({','.join('?' * len(id_list))}) "
                    "AND kind = 'denial' AND denies IS NULL",
                    id_list,
                )
            }

    def claimless_propositions(self, ids: Iterable[int]) -> set[int]:
        """Which of these propositions no claim asserts (only denials point at them)."""
        out = set()
        with self.lock:
            for proposition_id in sorted(set(ids)):
                # EXISTS stops at the first claim: a proposition many outlets carry costs one index probe.
                held = self.db.execute(
                    "SELECT EXISTS(SELECT 1 FROM statements WHERE proposition_id = ? AND kind = 'claim')",
                    [proposition_id],
                ).fetchone()[0]
                if not held:
                    out.add(proposition_id)
        return out

    def merge_propositions(self, keep: int, others: Iterable[int]) -> None:
        """Fold propositions into `keep`: their statements and denials move over, they go."""
        other_ids = sorted(set(others) - {keep})
        if not other_ids:
            return
        marks = ",".join("?" * len(other_ids))
        with self.lock:
            moved = self.db.execute(
                f"SELECT id FROM statements WHERE proposition_id IN ({marks}) OR denies IN ({marks})", other_ids * 2
            ).fetchall()
            self._log_link_writes(r[0] for r in moved)
            self.db.execute(
                f"UPDATE statements SET proposition_id = ? WHERE proposition_id IN ({marks})", [keep, *other_ids]
            )
            self.db.execute(f"UPDATE statements SET denies = ? WHERE denies IN ({marks})", [keep, *other_ids])
            self.db.execute(f"DELETE FROM propositions WHERE id IN ({marks})", other_ids)

    def delete_unused_propositions(self, ids: Iterable[int]) -> None:
        """Delete those of these propositions that no statement points at any more."""
        id_list = sorted(set(ids))
        if not id_list:
            return
        marks = ",".join("?" * len(id_list))
        with self.lock:
            self.db.execute(
                f"DELETE FROM propositions WHERE id IN ({marks}) AND id NOT IN "
                f"(SELECT proposition_id FROM statements WHERE proposition_id IN ({marks})) AND id NOT IN "
                f"(SELECT denies FROM statements WHERE denies IN ({marks}))",
                id_list * 3,
            )

    def statements_with_any_word_count(self, words: Iterable[str], cap: int = 1000) -> int:
        """How many statements' text holds any of `words`, counted up to `cap` (for IDF weights)."""
        query = self._fts_any(words)
        if query is None:
            return 0
        with self.lock:
            return self.db.execute(
                "SELECT COUNT(*) FROM (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?)",
                [query, cap],
            ).fetchone()[0]

    def grouping_cache_token(self) -> tuple[int, int]:
        """Changes whenever a statement id may have come to mean another statement.

        Statement rows are never rewritten, only their links; but a deleted
        article's ids can be reused, by this connection (counted) or another
        one (SQLite's `data_version` moves when another connection commits).
        """
        with self.lock:
            return self._deletions, self.db.execute("PRAGMA data_version").fetchone()[0]

    def statement_links(self, ids: Iterable[int]) -> list[tuple[int, int | None, int | None]]:
        """(id, proposition_id, denies) of the statements with these ids that still exist."""
        id_list = list(ids)
        if not id_list:
            return []
        with self.lock:
            return [
                (r[0], r[1], r[2])
                for r in self.db.conn.execute(
                    f"SELECT id, proposition_id, denies FROM statements WHERE id IN ({','.join('?' * len(id_list))})",
                    id_list,
                )
            ]

    def grouping_statements(self, ids: Iterable[int]) -> list[Row]:
        """Statements by id with the grouping fields (lemmas/entities decoded), in id order."""
        id_list = list(ids)
        if not id_list:
            return []
        with self.lock:
            rows = self.db.execute_returning_dicts(
                self._GROUPING_SELECT + f" WHERE id IN ({','.join('?' * len(id_list))}) ORDER BY id", id_list
            )
        for row in rows:
            row["lemmas"] = json.loads(row["lemmas"] or "[]")
            row["entities"] = json.loads(row["entities"] or "[]")
        return rows

    def story_fields(self, article_id: int) -> list[Row]:
        """One article's statements as its story is told: id, speaker, cue and entities (decoded).

        Grouping reads these for every article a candidate comes from; the full
        statement rows (texts, lemmas, joins) cost five times as much to read.
        """
        with self.lock:
            rows = self.db.execute_returning_dicts(
                "SELECT id, speaker, cue, entities FROM statements WHERE article_id = ? ORDER BY position",
                [article_id],
            )
        for row in rows:
            row["entities"] = json.loads(row["entities"] or "[]")
        return rows

    # ------------------------------------------------------------ figures

    def figures(self, *, article: int | None = None, unit: str | None = None) -> list[Row]:
        """Figures with their article's name and outlet."""
        where: list[str] = []
        params: list[Any] = []
        if article is not None:
            where.append("f.article_id = ?")
            params.append(article)
        if unit:
            where.append("f.unit = ?")
            params.append(unit)
        sql = (
            "SELECT f.*, a.name AS article, a.published, o.name AS outlet FROM figures f "
            "JOIN articles a ON a.id = f.article_id LEFT JOIN outlets o ON o.id = a.outlet_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.id, f.start"
        with self.lock:
            rows = self.db.execute_returning_dicts(sql, params)
        for row in rows:
            row["lemmas"] = json.loads(row["lemmas"] or "[]")
        return rows


def _fts_any_uncached(words: Iterable[str]) -> str | None:
    """See `Store._fts_any`."""
    cleaned = ("".join(ch for ch in w if ch != '"' and ch.isprintable()).strip() for w in words if w)
    quoted = sorted({f'"{w}"' for w in cleaned if w})
    return f"text : ({' OR '.join(quoted)})" if quoted else None


_fts_any_cached = functools.lru_cache(maxsize=4096)(_fts_any_uncached)
