"""The SQLite store (sqlite-utils): articles, speakers, statements, propositions, figures.

All SQL of the project lives in this module. Schema changes are numbered
migrations recorded in `PRAGMA user_version`; each runs in one transaction.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from bot.models import Figure, Statement

Row = dict[str, Any]


def utc_now() -> str:
    """The current UTC time as ISO 8601 text, the store's timestamp format."""
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- migrations


def _migration_1_core(db: sqlite_utils.Database) -> None:
    """Outlets, articles, speakers, statements, propositions, figures, FTS."""
    db["outlets"].create({"id": int, "name": str}, pk="id")
    db["outlets"].create_index(["name"], unique=True)
    db["articles"].create(
        {
            "id": int,
            "name": str,  # input file name, NAME.jsonl#LINE, or canonical URL
            "source": str,
            "url": str,
            "outlet_id": int,
            "title": str,
            "published": str,
            "language": str,
            "raw_text": str,
            "text": str,
            "content_hash": str,
            "ingested_at": str,
        },
        pk="id",
        foreign_keys=[("outlet_id", "outlets", "id")],
    )
    db["articles"].create_index(["name"], unique=True)
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["published"])
    # Every outlet that carried an article (syndicated copies add rows here).
    db["article_outlets"].create(
        {"article_id": int, "outlet_id": int, "url": str},
        pk=("article_id", "outlet_id"),
        foreign_keys=[("article_id", "articles", "id"), ("outlet_id", "outlets", "id")],
    )
    db["speakers"].create(
        {"id": int, "name": str, "type": str, "roles": str, "aliases": str},
        pk="id",
    )
    db["speakers"].create_index(["name"], unique=True)
    db["propositions"].create(
        {
            "id": int,
            "text": str,  # a representative wording
            "speaker": str,  # speaker of the first claim, for display
            "lemmas": str,  # JSON list: the grouping signature
            "entities": str,  # JSON list
            "created_at": str,
        },
        pk="id",
    )
    db["statements"].create(
        {
            "id": int,
            "article_id": int,
            "position": int,  # order within the article
            "kind": str,
            "cue": str,
            "speaker_id": int,
            "speaker": str,
            "speaker_text": str,
            "speaker_role": str,
            "speaker_type": str,
            "relay": str,
            "direct": int,
            "text": str,
            "evidence": str,
            "start": int,
            "end": int,
            "lemmas": str,  # JSON list
            "entities": str,  # JSON list
            "target_text": str,
            "proposition_id": int,
            "denies": int,  # proposition id a denial targets
        },
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("speaker_id", "speakers", "id"),
            ("proposition_id", "propositions", "id"),
        ],
    )
    db["statements"].create_index(["article_id"])
    db["statements"].create_index(["speaker_id"])
    db["statements"].create_index(["proposition_id"])
    db["statements"].create_index(["denies"])
    db["figures"].create(
        {
            "id": int,
            "article_id": int,
            "text": str,
            "value": float,
            "unit": str,
            "qualifier": str,
            "low": float,
            "high": float,
            "sentence": str,
            "start": int,
            "end": int,
            "lemmas": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["figures"].create_index(["article_id"])
    db["figures"].create_index(["unit"])
    db["statements"].enable_fts(
        ["text", "evidence", "speaker", "speaker_text", "speaker_role"],
        create_triggers=True,
        tokenize="porter",
    )
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="porter")


def _migration_2_subscriptions(db: sqlite_utils.Database) -> None:
    """Digest subscriptions per channel and the record of every digest delivery."""
    db["subscriptions"].create(
        {
            "id": int,
            "platform": str,
            "channel": str,
            "time": str,  # local HH:MM
            "timezone": str,  # IANA zone name
            "topic": str,
            "source": str,  # "chat" | "config"
            "created_by": str,
            "created_at": str,
        },
        pk="id",
    )
    db["subscriptions"].create_index(["platform", "channel"], unique=True)
    # One row per channel and period: the unique key is what stops a digest
    # from being posted twice, across restarts and racing jobs.
    db["deliveries"].create(
        {
            "id": int,
            "platform": str,
            "channel": str,
            "period": str,  # the local date of the scheduled run
            "subscription_id": int,
            "scheduled_for": str,  # UTC instant the run was due
            "window_start": str,
            "window_end": str,
            "status": str,  # posting | posted | empty | failed | missed | interrupted
            "attempts": int,
            "error": str,
            "decided_at": str,
            "finished_at": str,
        },
        pk="id",
    )
    db["deliveries"].create_index(["platform", "channel", "period"], unique=True)


def _migration_3_feeds(db: sqlite_utils.Database) -> None:
    """Feeds and their entries, canonical article URLs and MinHash signatures (issue 7)."""
    # Plain SQL: sqlite-utils cannot declare ON DELETE actions, and re-ingesting an
    # article (a new id) or removing a feed must take these rows with it.
    db.execute(
        """CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            outlet TEXT,
            title TEXT,
            every_seconds INTEGER NOT NULL,
            etag TEXT,
            last_modified TEXT,
            added_at TEXT,
            added_by TEXT,
            last_polled_at TEXT,
            next_poll_at TEXT,
            last_success_at TEXT,
            last_new_entry_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            health TEXT NOT NULL DEFAULT 'ok',
            health_reported TEXT,
            paused INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """CREATE TABLE feed_entries (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            entry_key TEXT NOT NULL,
            url TEXT,
            canonical_url TEXT,
            title TEXT,
            published TEXT,
            status TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            first_seen_at TEXT,
            updated_at TEXT,
            UNIQUE (feed_id, entry_key)
        )"""
    )
    db.execute("CREATE INDEX idx_feed_entries_canonical ON feed_entries (canonical_url)")
    db.execute("CREATE INDEX idx_feed_entries_article ON feed_entries (article_id)")
    # Every canonical URL an article was seen under (its own, AMP and tracking forms, syndicated copies).
    db.execute(
        """CREATE TABLE article_urls (
            url TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            outlet TEXT,
            added_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_article_urls_article ON article_urls (article_id)")
    # MinHash signatures of article texts: the LSH index for syndicated copies is rebuilt from these.
    db.execute(
        """CREATE TABLE article_minhash (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            num_perm INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            words INTEGER NOT NULL,
            signature BLOB NOT NULL
        )"""
    )


def _migration_4_bench_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that keep questions fast on large stores (found with `briefbot bench`)."""
    # "How long/how many" questions find figures by their sentence's words, not by a scan of one unit.
    db["figures"].enable_fts(["sentence", "lemmas"], create_triggers=True, tokenize="porter")
    # Unlinked denials are looked up at every ingest.
    db["statements"].create_index(["kind", "denies"], if_not_exists=True)


def _migration_5_speaker_search(db: sqlite_utils.Database) -> None:
    """Speakers found by the words of their name, aliases and roles (no directory held in memory)."""
    db["speakers"].enable_fts(["name", "aliases", "roles"], create_triggers=True)
    # "What did X deny?" reads one speaker's statements of one kind.
    db["statements"].create_index(["speaker_id", "kind"], if_not_exists=True)


def _migration_6_ingested_index(db: sqlite_utils.Database) -> None:
    """Scheduled digests select articles by when they entered the store (issue 4)."""
    db["articles"].create_index(["ingested_at"], if_not_exists=True)


def _migration_7_speaker_statement_order(db: sqlite_utils.Database) -> None:
    """ "What did X deny?" keeps a speaker's newest statements of a kind, from the index alone.

    A common surname names dozens of speakers with thousands of statements; without
    the article in the index each one's table row was read just to sort them.
    """
    db["statements"].create_index(["speaker_id", "kind", "article_id", "position"], if_not_exists=True)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1_core,
    _migration_2_subscriptions,
    _migration_3_feeds,
    _migration_4_bench_indexes,
    _migration_5_speaker_search,
    _migration_6_ingested_index,
    _migration_7_speaker_statement_order,
]


# Prepared inserts of the ingest path (sqlite-utils' insert() reads the schema on every call).
_ARTICLE_INSERT = (
    "INSERT INTO articles (name, source, url, outlet_id, title, published, language, raw_text, text, "
    "content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_STATEMENT_INSERT = (
    "INSERT INTO statements (article_id, position, kind, cue, speaker_id, speaker, speaker_text, speaker_role, "
    "speaker_type, relay, direct, text, evidence, start, end, lemmas, entities, target_text) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_FIGURE_INSERT = (
    "INSERT INTO figures (article_id, text, value, unit, qualifier, low, high, sentence, start, end, lemmas) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class StoreError(RuntimeError):
    """The store cannot be opened or is from a newer briefbot."""


class Store:
    """The briefbot store: one SQLite file (or memory) over sqlite-utils."""

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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
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

    # ------------------------------------------------------------ outlets

    def outlet_id(self, name: str | None) -> int | None:
        """The id of outlet `name`, created on first use; None for an unknown outlet."""
        if not name:
            return None
        with self.lock:
            row = self.db.execute("SELECT id FROM outlets WHERE name = ? COLLATE NOCASE", [name]).fetchone()
            if row:
                return row[0]
            return self.db["outlets"].insert({"name": name}).last_pk

    def outlets(self) -> list[str]:
        """All outlet names, alphabetically."""
        with self.lock:
            return [r[0] for r in self.db.execute("SELECT name FROM outlets ORDER BY name")]

    # ------------------------------------------------------------ articles

    def article_by_hash(self, content_hash: str) -> Row | None:
        """The article whose raw content has this hash, if any."""
        return self._first("articles", "content_hash = ?", [content_hash])

    def article_by_name(self, name: str) -> Row | None:
        """The article stored under `name` (file name, JSONL line or URL), if any."""
        return self._first("articles", "name = ?", [name])

    def article(self, article_id: int) -> Row | None:
        """One article row with its outlet name, or None."""
        with self.lock:
            rows = self.db.execute_returning_dicts(
                "SELECT a.*, o.name AS outlet FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id = ?",
                [article_id],
            )
            return rows[0] if rows else None

    def articles(self) -> list[Row]:
        """Every article's metadata (no text), oldest first."""
        with self.lock:
            return self.db.execute_returning_dicts(
                "SELECT a.id, a.name, a.source, a.url, a.title, a.published, a.language, "
                "a.content_hash, a.ingested_at, o.name AS outlet FROM articles a "
                "LEFT JOIN outlets o ON o.id = a.outlet_id ORDER BY a.id"
            )

    def article_count(self) -> int:
        """How many articles the store holds."""
        with self.lock:
            return self.db["articles"].count

    def save_article(
        self,
        *,
        name: str,
        source: str,
        raw_text: str,
        text: str,
        content_hash: str,
        title: str | None,
        outlet: str | None,
        url: str | None,
        published: str | None,
        language: str | None,
        statements: list[Statement],
        figures: list[Figure],
        on_saved: Callable[[Store, int, list[int]], None] | None = None,
    ) -> int:
        """Store one article with its statements and figures in one transaction.

        An article already stored under `name` is replaced, statements and all.
        `on_saved(store, article_id, statement_ids)` runs inside the same
        transaction (grouping into propositions), so a failure there stores nothing.
        """
        with self.transaction():
            old = self.article_by_name(name)
            if old:
                self._delete_article(old["id"])
            outlet_id = self.outlet_id(outlet)
            # Plain prepared SQL: sqlite-utils' insert() introspects the table on every call.
            article_id = self.db.conn.execute(
                _ARTICLE_INSERT,
                [name, source, url, outlet_id, title, published, language, raw_text, text, content_hash, utc_now()],
            ).lastrowid
            if outlet_id is not None:
                self.db.conn.execute(
                    "INSERT INTO article_outlets (article_id, outlet_id, url) VALUES (?, ?, ?)",
                    [article_id, outlet_id, url],
                )
            ids = self._insert_statements(article_id, statements)
            if figures:
                self.db.conn.executemany(
                    _FIGURE_INSERT,
                    [
                        (
                            article_id,
                            f.text,
                            f.value,
                            f.unit,
                            f.qualifier,
                            f.low,
                            f.high,
                            f.sentence,
                            f.start,
                            f.end,
                            json.dumps(list(f.lemmas)),
                        )  # fmt: skip
                        for f in figures
                    ],
                )
            if on_saved is not None:
                on_saved(self, article_id, ids)
            return article_id

    def add_article_outlet(self, article_id: int, outlet: str, url: str | None = None) -> None:
        """Record that `outlet` also carried article `article_id` (a syndicated copy)."""
        with self.transaction():
            outlet_id = self.outlet_id(outlet)
            self.db["article_outlets"].insert(
                {"article_id": article_id, "outlet_id": outlet_id, "url": url}, ignore=True
            )

    def article_outlets(self, article_id: int) -> list[str]:
        """Every outlet that carried an article, its own first."""
        with self.lock:
            return [
                r[0]
                for r in self.db.execute(
                    "SELECT o.name FROM article_outlets ao JOIN outlets o ON o.id = ao.outlet_id "
                    "JOIN articles a ON a.id = ao.article_id WHERE ao.article_id = ? "
                    "ORDER BY (o.id = a.outlet_id) DESC, o.name",
                    [article_id],
                )
            ]

    def _delete_article(self, article_id: int) -> None:
        # Freed statement ids may be given again to other statements: see `grouping_cache_token`.
        self._deletions += 1
        ids = [r[0] for r in self.db.execute("SELECT id FROM statements WHERE article_id = ?", [article_id])]
        self.db.execute("DELETE FROM statements WHERE article_id = ?", [article_id])
        self._count_statements(-len(ids))
        self.db.execute("DELETE FROM figures WHERE article_id = ?", [article_id])
        self.db.execute("DELETE FROM article_outlets WHERE article_id = ?", [article_id])
        self.db.execute("DELETE FROM articles WHERE id = ?", [article_id])
        if ids:
            # Propositions no statement uses any more would answer questions with nothing.
            self.db.execute(
                "DELETE FROM propositions WHERE id NOT IN "
                "(SELECT proposition_id FROM statements WHERE proposition_id IS NOT NULL)"
            )
            self.db.execute(
                "UPDATE statements SET denies = NULL WHERE denies IS NOT NULL AND denies NOT IN "
                "(SELECT id FROM propositions)"
            )

    # ------------------------------------------------------------ speakers

    def speaker_id(self, statement: Statement) -> int:
        """The id of the statement's canonical speaker, merging its roles and aliases."""
        with self.lock:
            rows = list(self.db["speakers"].rows_where("name = ?", [statement.speaker], limit=1))
            aliases = {statement.speaker_text, *statement.speaker_aliases} - {statement.speaker, ""}
            roles = {statement.speaker_role} - {None, ""}
            if rows:
                row = rows[0]
                old_aliases = set(json.loads(row["aliases"] or "[]"))
                old_roles = set(json.loads(row["roles"] or "[]"))
                if not aliases <= old_aliases or not roles <= old_roles:
                    self.db["speakers"].update(
                        row["id"],
                        {
                            "aliases": json.dumps(sorted(old_aliases | aliases)),
                            "roles": json.dumps(sorted(old_roles | roles)),
                        },
                    )
                return row["id"]
            return (
                self.db["speakers"]
                .insert(
                    {
                        "name": statement.speaker,
                        "type": statement.speaker_type,
                        "roles": json.dumps(sorted(roles)),
                        "aliases": json.dumps(sorted(aliases)),
                    }
                )
                .last_pk
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
            roles = {st.speaker_role} - {None, ""}
            if st.speaker in wanted:
                wanted[st.speaker][1].update(aliases)
                wanted[st.speaker][2].update(roles)
            else:
                wanted[st.speaker] = (st, aliases, roles)  # type: ignore[assignment]
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
                    out[name] = self.db.conn.execute(
                        "INSERT INTO speakers (name, type, roles, aliases) VALUES (?, ?, ?, ?)",
                        [name, first.speaker_type, json.dumps(sorted(roles)), json.dumps(sorted(aliases))],
                    ).lastrowid
        return out

    def speakers(self) -> list[Row]:
        """Every speaker with roles, aliases and statement count, most quoted first."""
        with self.lock:
            rows = self.db.execute_returning_dicts(
                "SELECT s.id, s.name, s.type, s.roles, s.aliases, COUNT(st.id) AS statements "
                "FROM speakers s LEFT JOIN statements st ON st.speaker_id = s.id "
                "GROUP BY s.id ORDER BY statements DESC, s.name"
            )
        return [_decode_speaker(row) for row in rows]

    # ------------------------------------------------------------ statements

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
            ids.append(insert(_STATEMENT_INSERT, row).lastrowid)
        self._count_statements(len(ids))
        return ids

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
        where, params = [], []
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
        if article is not None:
            if isinstance(article, int) or str(article).isdigit():
                where.append("a.id = ?")
                params.append(int(article))
            else:
                where.append("(a.name = ? OR a.source = ? OR a.url = ?)")
                params += [str(article)] * 3
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
            count = self.db["statements"].count
            self._statement_count = (version, count)
            return count

    def _count_statements(self, delta: int) -> None:
        """Keep the cached statement count in step with this connection's own writes."""
        if self._statement_count is not None:
            version, count = self._statement_count
            self._statement_count = (version, count + delta)

    # ------------------------------------------------------------ propositions

    def create_proposition(self, text: str, speaker: str, lemmas: Iterable[str], entities: Iterable[str]) -> int:
        """A new proposition with its grouping signature; returns its id."""
        with self.lock:
            return (
                self.db["propositions"]
                .insert(
                    {
                        "text": text,
                        "speaker": speaker,
                        "lemmas": json.dumps(sorted(set(lemmas))),
                        "entities": json.dumps(sorted(set(entities))),
                        "created_at": utc_now(),
                    }
                )
                .last_pk
            )

    def update_proposition_signature(self, proposition_id: int, lemmas: Iterable[str], entities: Iterable[str]) -> None:
        """Replace a proposition's grouping signature (after a statement joined it)."""
        with self.lock:
            self.db["propositions"].update(
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
            # Plain SQL: sqlite-utils' update() reads the row first, which ingest pays per statement.
            self.db.execute(
                "UPDATE statements SET proposition_id = ?, denies = ? WHERE id = ?",
                [proposition, denies, statement_id],
            )

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
            self.db.conn.executemany(
                "UPDATE statements SET proposition_id = ?, denies = ? WHERE id = ?",
                [(proposition, denies, statement_id) for statement_id, proposition, denies in links],
            )

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

    def statement_ids_with_any_word(self, words: Iterable[str], *, limit: int = 100) -> list[int]:
        """Ids of the newest `limit` statements whose text holds any of `words` (FTS5, newest first)."""
        query = self._fts_any(words)
        if query is None:
            return []
        with self.lock:
            return [
                r[0]
                for r in self.db.execute(
                    "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
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

    # Articles deleted through this connection (a replaced article frees its statement ids).
    _deletions = 0

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

    # ------------------------------------------------------------ figures

    def figures(self, *, article: int | None = None, unit: str | None = None) -> list[Row]:
        """Figures with their article's name and outlet."""
        where, params = [], []
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

    # ------------------------------------------------------------ subscriptions

    def save_subscription(
        self,
        *,
        platform: str,
        channel: str,
        time: str,
        timezone: str,
        topic: str | None = None,
        source: str = "chat",
        created_by: str | None = None,
    ) -> int:
        """Subscribe a channel to the daily digest, replacing its earlier subscription.

        The id survives a change, so a scheduler job keyed on it stays valid;
        `created_at` moves to the change, so runs due before it are not caught up.
        """
        record = {
            "platform": platform,
            "channel": channel,
            "time": time,
            "timezone": timezone,
            "topic": topic or None,
            "source": source,
            "created_by": created_by,
            "created_at": utc_now(),
        }
        with self.transaction():
            existing = self.subscription_for(platform, channel)
            if existing:
                self.db["subscriptions"].update(existing["id"], record)
                return existing["id"]
            return self.db["subscriptions"].insert(record).last_pk

    def delete_subscription(self, platform: str, channel: str) -> Row | None:
        """Remove a channel's subscription; returns the removed row, or None if there was none."""
        with self.transaction():
            existing = self.subscription_for(platform, channel)
            if existing:
                self.db["subscriptions"].delete(existing["id"])
            return existing

    def subscription(self, subscription_id: int) -> Row | None:
        """One subscription by id, or None."""
        return self._first("subscriptions", "id = ?", [subscription_id])

    def subscription_for(self, platform: str, channel: str) -> Row | None:
        """The subscription of one channel, or None."""
        with self.lock:
            rows = list(
                self.db["subscriptions"].rows_where("platform = ? AND channel = ?", [platform, channel], limit=1)
            )
            return rows[0] if rows else None

    def subscriptions(self, platform: str | None = None) -> list[Row]:
        """Every subscription (of one platform when given), oldest first."""
        where, params = ("platform = ?", [platform]) if platform else (None, [])
        with self.lock:
            return list(self.db["subscriptions"].rows_where(where, params, order_by="id"))

    def claim_delivery(
        self,
        *,
        platform: str,
        channel: str,
        period: str,
        subscription_id: int | None,
        scheduled_for: str,
        window_start: str | None = None,
        window_end: str | None = None,
        status: str = "posting",
    ) -> int | None:
        """Record the decision to deliver one channel's digest for one period.

        The insert is the decision: it succeeds for exactly one caller per
        (platform, channel, period), across restarts and racing jobs. Returns the
        delivery id, or None when that period was already decided.
        """
        with self.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO deliveries (platform, channel, period, subscription_id, "
                "scheduled_for, window_start, window_end, status, attempts, decided_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                [
                    platform,
                    channel,
                    period,
                    subscription_id,
                    scheduled_for,
                    window_start,
                    window_end,
                    status,
                    utc_now(),
                ],
            )
            if self.db.execute("SELECT changes()").fetchone()[0] == 0:
                return None
            return self.db.execute("SELECT last_insert_rowid()").fetchone()[0]

    def finish_delivery(self, delivery_id: int, *, status: str, attempts: int, error: str | None = None) -> None:
        """Record how a delivery ended: posted, empty, failed or interrupted."""
        with self.transaction():
            self.db["deliveries"].update(
                delivery_id,
                {"status": status, "attempts": attempts, "error": error, "finished_at": utc_now()},
            )

    def delivery(self, platform: str, channel: str, period: str) -> Row | None:
        """The delivery record of one channel and period, or None."""
        with self.lock:
            rows = list(
                self.db["deliveries"].rows_where(
                    "platform = ? AND channel = ? AND period = ?", [platform, channel, period], limit=1
                )
            )
            return rows[0] if rows else None

    def deliveries(
        self, platform: str | None = None, channel: str | None = None, limit: int | None = None
    ) -> list[Row]:
        """Delivery records, newest period first, optionally of one platform and channel."""
        where, params = [], []
        if platform:
            where.append("platform = ?")
            params.append(platform)
        if channel:
            where.append("channel = ?")
            params.append(channel)
        with self.lock:
            return list(
                self.db["deliveries"].rows_where(
                    " AND ".join(where) or None, params, order_by="period DESC, id DESC", limit=limit
                )
            )

    # ---------------------------------------------------------------- answers
    # Query methods of questions, ledgers and digests (bot/answer.py, bot/digest.py).

    _ANSWER_SELECT = (
        "SELECT st.id, a.name AS article, a.id AS article_id, o.name AS outlet, a.title, "
        "a.url, a.published, st.kind, st.speaker, st.speaker_id, st.speaker_text, st.speaker_role, "
        "st.speaker_type, st.relay, st.cue, st.text, st.evidence, st.start, st.end, "
        "st.direct, st.proposition_id AS proposition, st.denies, st.position, st.lemmas, "
        "st.entities, st.target_text, sp.aliases AS speaker_aliases, sp.roles AS speaker_roles, "
        "(SELECT group_concat(o3.name, char(31)) FROM article_outlets ao3 "
        " JOIN outlets o3 ON o3.id = ao3.outlet_id WHERE ao3.article_id = a.id) AS carried_by"
    )
    # Questions never read a statement's lemmas or entities (digests do): leaving the
    # two largest JSON columns out saves decoding them for hundreds of rows per question.
    _QUESTION_SELECT = _ANSWER_SELECT.replace("st.lemmas, st.entities, ", "")
    _ANSWER_FROM = (
        " FROM statements st JOIN articles a ON a.id = st.article_id "
        "LEFT JOIN outlets o ON o.id = a.outlet_id LEFT JOIN speakers sp ON sp.id = st.speaker_id"
    )

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
    def _outlet_where(outlet: str | None, where: list[str], params: list[Any]) -> None:
        """Only articles that `outlet` carried (its own or a syndicated copy)."""
        if outlet:
            where.append(
                "a.id IN (SELECT ao.article_id FROM article_outlets ao JOIN outlets o2 "
                "ON o2.id = ao.outlet_id WHERE o2.name = ? COLLATE NOCASE)"
            )
            params.append(outlet)

    @staticmethod
    def _article_where(article: str | int | None, where: list[str], params: list[Any]) -> None:
        if article is None:
            return
        if isinstance(article, int) or str(article).isdigit():
            where.append("a.id = ?")
            params.append(int(article))
        else:
            where.append("(a.name = ? OR a.source = ? OR a.url = ?)")
            params += [str(article)] * 3

    @staticmethod
    def _decode_answer_row(row: Row) -> Row:
        row["direct"] = bool(row["direct"])
        for column in ("lemmas", "entities", "speaker_aliases", "speaker_roles"):
            if column not in row:
                continue  # left out of question rows
            # Empty lists are common and decoding thousands of them per question adds up.
            value = row[column]
            row[column] = json.loads(value) if value and value != "[]" else []
        carried = [name for name in (row.pop("carried_by") or "").split("\x1f") if name]
        own = [row["outlet"]] if row.get("outlet") else []
        row["outlets"] = own + sorted(set(carried) - set(own))
        return row

    def answer_statements(
        self,
        *,
        fts: str | None = None,
        speaker_ids: Iterable[int] | None = None,
        propositions: Iterable[int] | None = None,
        ids: Iterable[int] | None = None,
        kind: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        article: str | int | None = None,
        limit: int | None = None,
        newest_matches: bool = False,
    ) -> list[Row]:
        """Statements for answers: the export fields plus `speaker_roles`, `outlets` (all carriers).

        Rows carry no `lemmas` or `entities` (questions do not use them; see `window_statements`).

        `fts` is an FTS5 query the caller has already escaped; with it rows come
        best first with a `rank` (BM25, lower is better). With `newest_matches`
        the `limit` newest matches are taken (the index stops early), newest
        first: for words so common that ranking every match would be slow.
        `propositions` selects claims of, and denials pointing at, those propositions.
        With `limit` and no `fts`, the statements of the most recently stored articles are kept.
        """
        where: list[str] = []
        params: list[Any] = []
        select = self._QUESTION_SELECT
        source = self._ANSWER_FROM
        order = " ORDER BY a.id, st.position"
        if fts:
            select += ", bm25(statements_fts) AS rank"
            source += " JOIN statements_fts ON statements_fts.rowid = st.id"
            where.append("statements_fts MATCH ?")
            params.append(fts)
            order = " ORDER BY rank"
        for column, values in (("st.speaker_id", speaker_ids), ("st.id", ids)):
            if values is not None:
                id_list = list(values)
                if not id_list:
                    return []
                where.append(f"{column} IN ({','.join('?' * len(id_list))})")
                params += id_list
        if propositions is not None:
            prop_list = list(propositions)
            if not prop_list:
                return []
            marks = ",".join("?" * len(prop_list))
            where.append(f"(st.proposition_id IN ({marks}) OR st.denies IN ({marks}))")
            params += prop_list + prop_list
        if kind:
            where.append("st.kind = ?")
            params.append(kind)
        self._window_where(since, until, where, params)
        self._outlet_where(outlet, where, params)
        self._article_where(article, where, params)
        where_sql = " WHERE " + " AND ".join(where) if where else ""
        if limit:
            # Pick the ids first on the narrow join, then read full rows (evidence, the outlets
            # subquery, JSON) for those only: a common word can match thousands of statements.
            # The article is joined only when a window, outlet or article narrows the rows
            # (st.article_id orders them as a.id does).
            scoped = bool(since or until or outlet or article is not None)
            inner = (
                "SELECT st.id AS picked"
                # BM25 weighs each word by how many statements hold it, which for a common
                # word means reading its whole posting list: the newest matches go newest first.
                + (
                    (", -statements_fts.rowid AS rank" if newest_matches else ", bm25(statements_fts) AS rank")
                    if fts
                    else ""
                )
                + " FROM statements st"
                + (" JOIN articles a ON a.id = st.article_id" if scoped else "")
                + (" JOIN statements_fts ON statements_fts.rowid = st.id" if fts else "")
                + where_sql
                + (
                    " ORDER BY statements_fts.rowid DESC"
                    if fts and newest_matches
                    else order
                    if fts
                    # Without a text query the newest rows are the ones kept (rows still come in order).
                    else " ORDER BY a.id DESC, st.position"
                    if scoped
                    else " ORDER BY st.article_id DESC, st.position"
                )
                + f" LIMIT {int(limit)}"
            )
            sql = (
                self._QUESTION_SELECT
                + (", pick.rank AS rank" if fts else "")
                + self._ANSWER_FROM
                + f" JOIN ({inner}) pick ON pick.picked = st.id"
                + (" ORDER BY pick.rank" if fts else order)
            )
        else:
            sql = select + source + where_sql + order
        with self.lock:
            rows = self.db.execute_returning_dicts(sql, params)
        return [self._decode_answer_row(r) for r in rows]

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
        return [_decode_speaker(row) for row in rows]

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
        return [_decode_speaker(row) for row in rows]

    def window_articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        newest: int | None = None,
    ) -> list[Row]:
        """Articles published in a window (no text), oldest first, with every outlet that carried them.

        `newest` keeps only that many of the latest (by publication, then id).
        """
        where: list[str] = []
        params: list[Any] = []
        self._window_where(since, until, where, params)
        self._outlet_where(outlet, where, params)
        return self._articles_where(where, params, "a.published", newest)

    def window_article_count(
        self, *, since: str | None = None, until: str | None = None, outlet: str | None = None
    ) -> int:
        """How many articles were published in a window (as `window_articles` selects them)."""
        where: list[str] = []
        params: list[Any] = []
        self._window_where(since, until, where, params)
        self._outlet_where(outlet, where, params)
        sql = "SELECT count(*) FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
        with self.lock:
            return self.db.execute(sql, params).fetchone()[0]

    def window_statements(self, article_ids: Iterable[int]) -> list[Row]:
        """Every statement of the given articles, as `answer_statements` returns them."""
        id_list = list(article_ids)
        if not id_list:
            return []
        rows: list[Row] = []
        # Chunked so a large window never exceeds SQLite's bound-parameter limit.
        for begin in range(0, len(id_list), 500):
            chunk = id_list[begin : begin + 500]
            sql = (
                self._ANSWER_SELECT
                + self._ANSWER_FROM
                + f" WHERE st.article_id IN ({','.join('?' * len(chunk))}) ORDER BY a.id, st.position"
            )
            with self.lock:
                rows += self.db.execute_returning_dicts(sql, chunk)
        return [self._decode_answer_row(r) for r in rows]

    # Figure matches ranked by BM25 at most; above this the newest matches are read.
    FIGURE_RANK_CAP = 2000

    def answer_figures(
        self,
        *,
        article_ids: Iterable[int] | None = None,
        units: Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        article: str | int | None = None,
        fts: str | None = None,
        newest_matches: bool = False,
        limit: int = 2000,
    ) -> list[Row]:
        """Figures with article name, date and outlet, narrowed like answers are.

        `fts` (an escaped FTS5 query over the figure's sentence and context
        lemmas) keeps only matching figures, best BM25 match first (with
        `newest_matches`, or when more than FIGURE_RANK_CAP figures match: the
        newest matches, since ranking every match of a common word takes as
        long as the store is big).
        """
        where: list[str] = []
        params: list[Any] = []
        source = "figures f"
        if fts and not newest_matches:
            with self.lock:
                matched = self.db.execute(
                    "SELECT count(*) FROM (SELECT rowid FROM figures_fts WHERE figures_fts MATCH ? LIMIT ?)",
                    [fts, self.FIGURE_RANK_CAP + 1],
                ).fetchone()[0]
            newest_matches = matched > self.FIGURE_RANK_CAP
        if fts:
            source = "figures_fts JOIN figures f ON f.id = figures_fts.rowid"
            where.append("figures_fts MATCH ?")
            params.append(fts)
        for column, values in (("f.article_id", article_ids), ("f.unit", units)):
            if values is not None:
                value_list = list(values)
                if not value_list:
                    return []
                where.append(f"{column} IN ({','.join('?' * len(value_list))})")
                params += value_list
        self._window_where(since, until, where, params)
        self._outlet_where(outlet, where, params)
        self._article_where(article, where, params)
        sql = (
            f"SELECT f.*, a.name AS article, a.published, o.name AS outlet FROM {source} "
            "JOIN articles a ON a.id = f.article_id LEFT JOIN outlets o ON o.id = a.outlet_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        # With a text query the best matches are kept; either way rows come in article order.
        if fts:
            sql += " ORDER BY figures_fts.rowid DESC" if newest_matches else " ORDER BY figures_fts.rank"
        else:
            sql += " ORDER BY a.id, f.start"
        sql += f" LIMIT {int(limit)}"
        with self.lock:
            rows = self.db.execute_returning_dicts(sql, params)
        if fts:
            rows.sort(key=lambda r: (r["article_id"], r["start"] if r["start"] is not None else -1))
        for row in rows:
            row["lemmas"] = json.loads(row["lemmas"] or "[]")
        return rows

    # ---- digest windows
    # Scheduled digests post what entered the store since the previous run
    # (articles.ingested_at), whatever the articles' publication dates say.

    @staticmethod
    def _ingested_where(since: str | None, until: str | None, where: list[str], params: list[Any]) -> None:
        """Add an ingest window [since, until) on `articles.ingested_at` (ISO UTC text, as `utc_now` writes it)."""
        if since:
            where.append("a.ingested_at >= ?")
            params.append(since)
        if until:
            where.append("a.ingested_at < ?")
            params.append(until)

    def ingested_articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        newest: int | None = None,
    ) -> list[Row]:
        """Articles that entered the store in [since, until), as `window_articles` returns them.

        Articles without an ingest time never match a bounded window. `newest`
        keeps only that many of the latest ingested (then highest id).
        """
        where: list[str] = []
        params: list[Any] = []
        self._ingested_where(since, until, where, params)
        self._outlet_where(outlet, where, params)
        return self._articles_where(where, params, "a.ingested_at", newest)

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

    def ingested_article_count(
        self, *, since: str | None = None, until: str | None = None, outlet: str | None = None
    ) -> int:
        """How many articles entered the store in [since, until) (as `ingested_articles` selects them)."""
        where: list[str] = []
        params: list[Any] = []
        self._ingested_where(since, until, where, params)
        self._outlet_where(outlet, where, params)
        sql = "SELECT count(*) FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
        with self.lock:
            return self.db.execute(sql, params).fetchone()[0]

    def last_delivered_window_end(self, platform: str, channel: str, *, before: str) -> str | None:
        """The end of the latest window a channel's digest covered (posted, or found empty) up to `before`.

        Missed, failed and interrupted runs do not count: what they would have
        posted is still new to the channel.
        """
        with self.lock:
            row = self.db.execute(
                "SELECT max(window_end) FROM deliveries WHERE platform = ? AND channel = ? "
                "AND status IN ('posted', 'empty') AND window_end <= ?",
                [platform, channel, before],
            ).fetchone()
        return row[0] if row and row[0] else None

    def set_ingested_at(self, article_id: int, ingested_at: str) -> None:
        """Set when an article entered the store (tests and imports that replay history)."""
        with self.transaction():
            self.db["articles"].update(article_id, {"ingested_at": ingested_at})

    # ---- feeds (issue 7)

    def add_feed(
        self, *, url: str, canonical_url: str, outlet: str | None, every_seconds: int, added_by: str | None = None
    ) -> tuple[Row, bool]:
        """Add a feed, or update and re-enable the one with this canonical URL; (row, created)."""
        with self.transaction():
            rows = list(self.db["feeds"].rows_where("canonical_url = ?", [canonical_url], limit=1))
            if rows:
                # Re-adding resumes a paused feed; the recovery is reported on its next good poll.
                changes: Row = {
                    "every_seconds": every_seconds,
                    "paused": 0,
                    "next_poll_at": None,
                    "consecutive_failures": 0,
                    "health": "ok",
                }
                if outlet:
                    changes["outlet"] = outlet
                self.db["feeds"].update(rows[0]["id"], changes)
                return self.db["feeds"].get(rows[0]["id"]), False
            feed_id = (
                self.db["feeds"]
                .insert(
                    {
                        "url": url,
                        "canonical_url": canonical_url,
                        "outlet": outlet,
                        "every_seconds": every_seconds,
                        "added_at": utc_now(),
                        "added_by": added_by,
                        "consecutive_failures": 0,
                        "health": "ok",
                        "paused": 0,
                    }
                )
                .last_pk
            )
            return self.db["feeds"].get(feed_id), True

    def feed(self, feed_id: int) -> Row | None:
        """One feed row, or None."""
        return self._first("feeds", "id = ?", [feed_id])

    def feed_by_url(self, canonical_url: str) -> Row | None:
        """The feed with this canonical URL, or None."""
        return self._first("feeds", "canonical_url = ?", [canonical_url])

    def feeds(self) -> list[Row]:
        """Every feed with how many entries it produced and how many became articles."""
        with self.lock:
            return self.db.execute_returning_dicts(
                "SELECT f.*, COUNT(e.id) AS entries, "
                "SUM(CASE WHEN e.status = 'ingested' THEN 1 ELSE 0 END) AS ingested "
                "FROM feeds f LEFT JOIN feed_entries e ON e.feed_id = f.id GROUP BY f.id ORDER BY f.id"
            )

    def remove_feed(self, feed_id: int) -> bool:
        """Delete a feed and its entry records (articles stay); False if there was none."""
        with self.transaction():
            if self.feed(feed_id) is None:
                return False
            self.db.execute("DELETE FROM feed_entries WHERE feed_id = ?", [feed_id])
            self.db.execute("DELETE FROM feeds WHERE id = ?", [feed_id])
            return True

    def update_feed(self, feed_id: int, changes: Row) -> None:
        """Set columns of a feed row (validators, schedule, health)."""
        with self.lock:
            self.db["feeds"].update(feed_id, changes)

    def due_feed_ids(self, now: str) -> list[int]:
        """Ids of feeds not paused whose next poll is at or before `now` (ISO UTC)."""
        with self.lock:
            return [
                r[0]
                for r in self.db.execute(
                    "SELECT id FROM feeds WHERE paused = 0 AND (next_poll_at IS NULL OR next_poll_at <= ?) "
                    "ORDER BY next_poll_at, id",
                    [now],
                )
            ]

    def feed_entry(self, feed_id: int, entry_key: str) -> Row | None:
        """The record of one feed entry, or None when the feed never produced it."""
        with self.lock:
            rows = list(
                self.db["feed_entries"].rows_where("feed_id = ? AND entry_key = ?", [feed_id, entry_key], limit=1)
            )
            return rows[0] if rows else None

    def feed_entries(self, feed_id: int) -> list[Row]:
        """Every entry record of a feed, in the order first seen."""
        with self.lock:
            return list(self.db["feed_entries"].rows_where("feed_id = ?", [feed_id], order_by="id"))

    def save_feed_entry(self, feed_id: int, entry_key: str, fields: Row) -> None:
        """Create or update the record of a feed entry (status, article, error, attempts)."""
        with self.transaction():
            existing = self.feed_entry(feed_id, entry_key)
            now = utc_now()
            if existing:
                self.db["feed_entries"].update(existing["id"], {**fields, "updated_at": now})
            else:
                self.db["feed_entries"].insert(
                    {"feed_id": feed_id, "entry_key": entry_key, "first_seen_at": now, "updated_at": now, **fields}
                )

    def article_id_for_url(self, canonical_url: str) -> int | None:
        """The article seen under this canonical URL (or stored under it as its name), if any."""
        with self.lock:
            row = self.db.execute("SELECT article_id FROM article_urls WHERE url = ?", [canonical_url]).fetchone()
            if row:
                return row[0]
            row = self.db.execute("SELECT id FROM articles WHERE name = ?", [canonical_url]).fetchone()
            return row[0] if row else None

    def add_article_url(self, canonical_url: str, article_id: int, outlet: str | None = None) -> None:
        """Record that an article was seen under a canonical URL (first record wins)."""
        with self.lock:
            self.db["article_urls"].insert(
                {"url": canonical_url, "article_id": article_id, "outlet": outlet, "added_at": utc_now()},
                ignore=True,
            )

    def article_urls(self, article_id: int) -> list[str]:
        """Every canonical URL an article was seen under."""
        with self.lock:
            return [
                r[0]
                for r in self.db.execute("SELECT url FROM article_urls WHERE article_id = ? ORDER BY url", [article_id])
            ]

    def save_article_minhash(self, article_id: int, *, num_perm: int, seed: int, words: int, signature: bytes) -> None:
        """Store (or replace) the MinHash signature of an article's text."""
        with self.lock:
            self.db["article_minhash"].upsert(
                {"article_id": article_id, "num_perm": num_perm, "seed": seed, "words": words, "signature": signature},
                pk="article_id",
            )

    def article_minhashes(self, num_perm: int, seed: int, after_id: int = 0) -> list[Row]:
        """Stored signatures made with these MinHash parameters, of articles with id > `after_id`."""
        with self.lock:
            return list(
                self.db["article_minhash"].rows_where(
                    "num_perm = ? AND seed = ? AND article_id > ?", [num_perm, seed, after_id], order_by="article_id"
                )
            )

    def articles_without_minhash(self, after_id: int = 0) -> list[Row]:
        """Id and text of articles (id > `after_id`) with no stored signature yet (e.g. ingested from files)."""
        with self.lock:
            return self.db.execute_returning_dicts(
                "SELECT a.id, a.text FROM articles a LEFT JOIN article_minhash m ON m.article_id = a.id "
                "WHERE m.article_id IS NULL AND a.id > ? ORDER BY a.id",
                [after_id],
            )

    # ---- bench
    # Bulk loading for `briefbot bench`: copies of ingested articles, written without the pipeline.

    _BENCH_TABLES = ("outlets", "speakers", "propositions", "articles", "article_outlets", "statements", "figures")

    def bench_rows(self, tables: Iterable[str] | None = None) -> dict[str, list[Row]]:
        """Every row of the tables a benchmark clones (all, or `tables`), JSON columns left encoded."""
        wanted = [t for t in (tables or self._BENCH_TABLES) if t in self._BENCH_TABLES]
        with self.lock:
            return {table: self.db.execute_returning_dicts(f"SELECT * FROM {table} ORDER BY rowid") for table in wanted}

    def max_ids(self) -> dict[str, int]:
        """The highest id of each table a benchmark clone writes, 0 when empty."""
        with self.lock:
            return {
                table: self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
                for table in self._BENCH_TABLES
                if table != "article_outlets"
            }

    def bulk_clone_articles(self, rows: dict[str, list[Row]]) -> None:
        """Insert prepared rows (explicit ids) of several tables in one transaction.

        Rows come from `bench_rows`-shaped copies; tables are written parents
        first, with one `executemany` each, and the FTS triggers keep
        `statements_fts` and `articles_fts` in step. Callers pass a chunk at a time.
        """
        with self.transaction():
            for table in self._BENCH_TABLES:
                table_rows = rows.get(table) or []
                if not table_rows:
                    continue
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
            self.db["statements"].rebuild_fts()
            self.db["articles"].rebuild_fts()

    def backup_to(self, path: str) -> None:
        """Copy the whole store into a new file at `path` (SQLite's online backup)."""
        with self.lock:
            target = sqlite3.connect(path)
            try:
                self.db.conn.backup(target)
            finally:
                target.close()


def _speaker_matches(row: Row, query: str) -> bool:
    """Whole-word, case-insensitive match of `query` against a statement's speaker fields."""
    pattern = re.compile(r"\b" + re.escape(query) + r"\b", re.IGNORECASE)
    fields = [row.get("speaker"), row.get("speaker_text"), row.get("speaker_role"), row.get("speaker_aliases")]
    return any(f and pattern.search(str(f)) for f in fields)


def _fts_any_uncached(words: Iterable[str]) -> str | None:
    """See `Store._fts_any`."""
    cleaned = ("".join(ch for ch in w if ch != '"' and ch.isprintable()).strip() for w in words if w)
    quoted = sorted({f'"{w}"' for w in cleaned if w})
    return f"text : ({' OR '.join(quoted)})" if quoted else None


_fts_any_cached = functools.lru_cache(maxsize=4096)(_fts_any_uncached)


def _decode_speaker(row: Row) -> Row:
    """A speaker row with its JSON roles and aliases decoded."""
    row["roles"] = json.loads(row["roles"] or "[]")
    row["aliases"] = json.loads(row["aliases"] or "[]")
    return row
