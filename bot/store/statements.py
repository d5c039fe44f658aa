"""Speakers and statements: canonical speakers, statement rows and the statements export."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from bot.models import Statement
from bot.store.core import Row, StoreCore, decode_speaker, inserted_id, row_id

_STATEMENT_INSERT = (
    "INSERT INTO statements (article_id, position, kind, cue, speaker_id, speaker, speaker_text, speaker_role, "
    "speaker_type, relay, direct, text, evidence, start, end, lemmas, entities, target_text) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class StatementsMixin(StoreCore):
    """Store methods over speakers and statements."""

    # ------------------------------------------------------------ speakers

    def speaker_id(self, statement: Statement) -> int:
        """The id of the statement's canonical speaker, merging its roles and aliases."""
        with self.lock:
            rows = list(self.db.table("speakers").rows_where("name = ?", [statement.speaker], limit=1))
            aliases = {statement.speaker_text, *statement.speaker_aliases} - {statement.speaker, ""}
            roles = {statement.speaker_role} if statement.speaker_role else set()
            if rows:
                row = rows[0]
                old_aliases = set(json.loads(row["aliases"] or "[]"))
                old_roles = set(json.loads(row["roles"] or "[]"))
                if not aliases <= old_aliases or not roles <= old_roles:
                    self.db.table("speakers").update(
                        row["id"],
                        {
                            "aliases": json.dumps(sorted(old_aliases | aliases)),
                            "roles": json.dumps(sorted(old_roles | roles)),
                        },
                    )
                return row["id"]
            return inserted_id(
                self.db.table("speakers").insert(
                    {
                        "name": statement.speaker,
                        "type": statement.speaker_type,
                        "roles": json.dumps(sorted(roles)),
                        "aliases": json.dumps(sorted(aliases)),
                    }
                )
            )

    def _speaker_ids(self, statements: list[Statement]) -> dict[str, int]:
        """Speaker ids for one article's statements: one read and at most one write per speaker.

        Gives the same rows as `speaker_id` called statement by statement: a new
        speaker takes the type of its first statement, roles and aliases are the
        union over all of them, and new speakers get ids in order of first use.
        """
        wanted: dict[str, tuple[Statement, set[str], set[str]]] = {}
        for st in statements:
            aliases = {st.speaker_text, *st.speaker_aliases} - {st.speaker, ""}
            roles = {st.speaker_role} if st.speaker_role else set()
            if st.speaker in wanted:
                wanted[st.speaker][1].update(aliases)
                wanted[st.speaker][2].update(roles)
            else:
                wanted[st.speaker] = (st, aliases, roles)
        if not wanted:
            return {}
        names = list(wanted)
        out: dict[str, int] = {}
        with self.lock:
            stored: dict[str, tuple[int, str | None, str | None]] = {}
            for start in range(0, len(names), 500):
                chunk = names[start : start + 500]
                for sid, name, roles_json, aliases_json in self.db.conn.execute(
                    f"SELECT id, name, roles, aliases FROM speakers WHERE name IN ({','.join('?' * len(chunk))})", chunk
                ):
                    stored[name] = (sid, roles_json, aliases_json)
            for name in names:
                first, aliases, roles = wanted[name]
                if name in stored:
                    sid, roles_json, aliases_json = stored[name]
                    old_aliases = set(json.loads(aliases_json or "[]"))
                    old_roles = set(json.loads(roles_json or "[]"))
                    if not aliases <= old_aliases or not roles <= old_roles:
                        self.db.conn.execute(
                            "UPDATE speakers SET aliases = ?, roles = ? WHERE id = ?",
                            [json.dumps(sorted(old_aliases | aliases)), json.dumps(sorted(old_roles | roles)), sid],
                        )
                    out[name] = sid
                else:
                    out[name] = row_id(
                        self.db.conn.execute(
                            "INSERT INTO speakers (name, type, roles, aliases) VALUES (?, ?, ?, ?)",
                            [name, first.speaker_type, json.dumps(sorted(roles)), json.dumps(sorted(aliases))],
                        )
                    )
        return out

    def speakers(self) -> list[Row]:
        """Every speaker with roles, aliases and statement count, most quoted first."""
        with self.lock:
            rows = self.db.execute_returning_dicts(
                "SELECT s.id, s.name, s.type, s.roles, s.aliases, COUNT(st.id) AS statements "
                "FROM speakers s LEFT JOIN statements st ON st.speaker_id = s.id "
                "GROUP BY s.id ORDER BY statements DESC, s.name"
            )
        return [decode_speaker(row) for row in rows]

    # ------------------------------------------------------------ statements

    _EXPORT_SELECT = (
        "SELECT st.id, a.name AS article, a.id AS article_id, o.name AS outlet, a.title, "
        "a.url, a.published, st.kind, st.speaker, st.speaker_text, st.speaker_role, "
        "st.speaker_type, st.relay, st.cue, st.text, st.evidence, st.start, st.end, "
        "st.direct, st.proposition_id AS proposition, st.denies, st.position, st.lemmas, "
        "st.entities, st.target_text, sp.aliases AS speaker_aliases "
        "FROM statements st JOIN articles a ON a.id = st.article_id "
        "LEFT JOIN outlets o ON o.id = a.outlet_id LEFT JOIN speakers sp ON sp.id = st.speaker_id"
    )

    @staticmethod
    def _decode_statement(row: Row) -> Row:
        row["direct"] = bool(row["direct"])
        row["lemmas"] = json.loads(row["lemmas"] or "[]")
        row["entities"] = json.loads(row["entities"] or "[]")
        row["speaker_aliases"] = json.loads(row["speaker_aliases"] or "[]")
        return row

    def statements(
        self,
        *,
        kind: str | None = None,
        speaker: str | None = None,
        outlet: str | None = None,
        article: str | int | None = None,
        since: str | None = None,
        until: str | None = None,
        proposition: int | None = None,
        ids: Iterable[int] | None = None,
        limit: int | None = None,
    ) -> list[Row]:
        """Statements as exported by `statements --json`, filtered, in article order.

        `speaker` matches the canonical name, the name as written, the role or an
        alias as whole words, case-insensitively. `since`/`until` compare ISO dates
        of publication (articles without a date are excluded by a window).
        """
        where: list[str] = []
        params: list[Any] = []
        if kind:
            where.append("st.kind = ?")
            params.append(kind)
        if speaker:
            like = f"%{speaker}%"
            where.append(
                "(st.speaker LIKE ? OR st.speaker_text LIKE ? OR st.speaker_role LIKE ? OR "
                "st.speaker_id IN (SELECT id FROM speakers WHERE aliases LIKE ? OR roles LIKE ?))"
            )
            params += [like] * 5
        if outlet:
            where.append(
                "a.id IN (SELECT ao.article_id FROM article_outlets ao JOIN outlets o2 "
                "ON o2.id = ao.outlet_id WHERE o2.name LIKE ?)"
            )
            params.append(f"%{outlet}%")
        self._article_where(article, where, params)
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("a.published < ?")
            params.append(until)
        if proposition is not None:
            where.append("(st.proposition_id = ? OR st.denies = ?)")
            params += [proposition, proposition]
        if ids is not None:
            id_list = list(ids)
            if not id_list:
                return []
            where.append(f"st.id IN ({','.join('?' * len(id_list))})")
            params += id_list
        sql = self._EXPORT_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.id, st.position"
        if limit:
            sql += f" LIMIT {int(limit)}"
        with self.lock:
            rows = self.db.execute_returning_dicts(sql, params)
        if speaker:
            rows = [r for r in rows if _speaker_matches(r, speaker)]
        return [self._decode_statement(r) for r in rows]

    def search_statements(self, fts_query: str, limit: int = 50) -> list[Row]:
        """Statements matching an FTS5 query (already escaped by the caller), best first."""
        with self.lock:
            ranked = self.db.execute(
                "SELECT rowid, bm25(statements_fts) AS rank FROM statements_fts "
                "WHERE statements_fts MATCH ? ORDER BY rank LIMIT ?",
                [fts_query, limit],
            ).fetchall()
        if not ranked:
            return []
        order = {rowid: (i, rank) for i, (rowid, rank) in enumerate(ranked)}
        rows = self.statements(ids=order)
        for row in rows:
            row["rank"] = order[row["id"]][1]
        rows.sort(key=lambda r: order[r["id"]][0])
        return rows

    def _insert_statements(self, article_id: int, statements: list[Statement]) -> list[int]:
        speaker_ids = self._speaker_ids(statements)
        insert = self.db.conn.execute
        ids: list[int] = []
        for position, st in enumerate(statements):
            row = (
                article_id, position, st.kind, st.cue, speaker_ids[st.speaker], st.speaker, st.speaker_text,
                st.speaker_role, st.speaker_type, st.relay, int(st.direct), st.text, st.evidence, st.start, st.end,
                json.dumps(list(st.lemmas)), json.dumps(list(st.entities)), st.target_text,
            )  # fmt: skip
            ids.append(row_id(insert(_STATEMENT_INSERT, row)))
        self._count_statements(len(ids))
        return ids


def _speaker_matches(row: Row, query: str) -> bool:
    """Whole-word, case-insensitive match of `query` against a statement's speaker fields."""
    pattern = re.compile(r"\b" + re.escape(query) + r"\b", re.IGNORECASE)
    fields = [row.get("speaker"), row.get("speaker_text"), row.get("speaker_role"), row.get("speaker_aliases")]
    return any(f and pattern.search(str(f)) for f in fields)
