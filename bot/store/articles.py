"""Articles and outlets: saving an article with its statements and figures, looking articles up."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

from bot.models import Figure, Statement
from bot.store.core import Row, inserted_id, row_id, utc_now
from bot.store.statements import StatementsMixin

_ARTICLE_INSERT = (
    "INSERT INTO articles (name, source_key, source, url, outlet_id, title, published, language, raw_text, text, "
    "content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

ADDED, REPLACED, UNCHANGED = "added", "replaced", "unchanged"


@dataclass(frozen=True)
class SavedArticle:
    """What `put_article` did: the article's id and ADDED, REPLACED or UNCHANGED (nothing written)."""

    article_id: int
    status: str


_FIGURE_INSERT = (
    "INSERT INTO figures (article_id, text, value, unit, qualifier, low, high, sentence, start, end, lemmas) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class ArticlesMixin(StatementsMixin):
    """Store methods over articles, their outlets and their deletion (saving one writes its statements)."""

    # ------------------------------------------------------------ outlets

    def outlet_id(self, name: str | None) -> int | None:
        """The id of outlet `name`, created on first use; None for an unknown outlet."""
        if not name:
            return None
        with self.lock:
            row = self.db.execute("SELECT id FROM outlets WHERE name = ? COLLATE NOCASE", [name]).fetchone()
            if row:
                return row[0]
            return inserted_id(self.db.table("outlets").insert({"name": name}))

    def outlets(self) -> list[str]:
        """All outlet names, alphabetically."""
        with self.lock:
            return [r[0] for r in self.db.execute("SELECT name FROM outlets ORDER BY name")]

    # ------------------------------------------------------------ articles

    def article_by_hash(self, content_hash: str) -> Row | None:
        """The article whose raw content has this hash, if any."""
        return self._first("articles", "content_hash = ?", [content_hash])

    def article_by_name(self, name: str) -> Row | None:
        """The first article stored under `name` (file name, JSONL line or URL), if any."""
        return self._first("articles", "name = ?", [name])

    def article_by_key(self, key: str) -> Row | None:
        """The article whose identity is `key` (a file's full path, PATH#LINE of one, or a URL), if any."""
        return self._first("articles", "source_key = ?", [key])

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
            return self.db.table("articles").count

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
        on_saved: Callable[[Self, int, list[int]], None] | None = None,
        key: str | None = None,
    ) -> int:
        """Store one article with its statements and figures in one transaction; returns its id.

        An article already stored under the same `key` (default: `name`) is
        replaced, statements and all. `on_saved(store, article_id, statement_ids)`
        runs inside the same transaction (grouping into propositions), so a
        failure there stores nothing.
        """
        return self.put_article(
            name=name, source=source, raw_text=raw_text, text=text, content_hash=content_hash, title=title,
            outlet=outlet, url=url, published=published, language=language, statements=statements,
            figures=figures, on_saved=on_saved, key=key, skip_duplicates=False,
        ).article_id  # fmt: skip

    def put_article(
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
        on_saved: Callable[[Self, int, list[int]], None] | None = None,
        key: str | None = None,
        skip_duplicates: bool = True,
    ) -> SavedArticle:
        """`save_article`, saying whether the article was added, replaced or already there.

        With `skip_duplicates`, an article whose content is already stored (under
        this key or another: a racing process may have stored it since it was
        checked) is left alone and reported UNCHANGED. The decision is taken
        inside the write transaction, so what is reported is what was stored.
        """
        key = key or name
        with self.transaction():
            if skip_duplicates:
                same = self.db.conn.execute(
                    "SELECT id FROM articles WHERE content_hash = ? ORDER BY source_key = ? DESC LIMIT 1",
                    [content_hash, key],
                ).fetchone()
                if same is not None:
                    return SavedArticle(same[0], UNCHANGED)
            old = self.article_by_key(key)
            if old is None and key != name:
                # Stored before articles had keys (keyed by their name): the same name read from the same path.
                old = self._first("articles", "source_key = ? AND source = ?", [name, source])
            if old:
                self._delete_article(old["id"])
            outlet_id = self.outlet_id(outlet)
            # Plain prepared SQL: sqlite-utils' insert() introspects the table on every call.
            article_id = row_id(
                self.db.conn.execute(
                    _ARTICLE_INSERT,
                    [
                        name,
                        key,
                        source,
                        url,
                        outlet_id,
                        title,
                        published,
                        language,
                        raw_text,
                        text,
                        content_hash,
                        utc_now(),
                    ],
                )  # fmt: skip
            )
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
            return SavedArticle(article_id, REPLACED if old else ADDED)

    def add_article_outlet(self, article_id: int, outlet: str, url: str | None = None) -> None:
        """Record that `outlet` also carried article `article_id` (a syndicated copy)."""
        with self.transaction():
            outlet_id = self.outlet_id(outlet)
            self.db.table("article_outlets").insert(
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
