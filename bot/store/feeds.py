"""Feeds: subscribed feeds and their entries, article URLs and near-duplicate signatures."""

from __future__ import annotations

from bot.store.core import Row, StoreCore, inserted_id, utc_now


class FeedsMixin(StoreCore):
    """Store methods for feeds, article URLs and MinHash signatures."""

    # ---- feeds

    def add_feed(
        self, *, url: str, canonical_url: str, outlet: str | None, every_seconds: int, added_by: str | None = None
    ) -> tuple[Row, bool]:
        """Add a feed, or update and re-enable the one with this canonical URL; (row, created)."""
        with self.transaction():
            rows = list(self.db.table("feeds").rows_where("canonical_url = ?", [canonical_url], limit=1))
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
                self.db.table("feeds").update(rows[0]["id"], changes)
                return self.db.table("feeds").get(rows[0]["id"]), False
            feed_id = inserted_id(
                self.db.table("feeds").insert(
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
            )
            return self.db.table("feeds").get(feed_id), True

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
            self.db.table("feeds").update(feed_id, changes)

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
                self.db.table("feed_entries").rows_where("feed_id = ? AND entry_key = ?", [feed_id, entry_key], limit=1)
            )
            return rows[0] if rows else None

    def feed_entries(self, feed_id: int) -> list[Row]:
        """Every entry record of a feed, in the order first seen."""
        with self.lock:
            return list(self.db.table("feed_entries").rows_where("feed_id = ?", [feed_id], order_by="id"))

    def save_feed_entry(self, feed_id: int, entry_key: str, fields: Row) -> None:
        """Create or update the record of a feed entry (status, article, error, attempts)."""
        with self.transaction():
            existing = self.feed_entry(feed_id, entry_key)
            now = utc_now()
            if existing:
                self.db.table("feed_entries").update(existing["id"], {**fields, "updated_at": now})
            else:
                self.db.table("feed_entries").insert(
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
            self.db.table("article_urls").insert(
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
            self.db.table("article_minhash").upsert(
                {"article_id": article_id, "num_perm": num_perm, "seed": seed, "words": words, "signature": signature},
                pk="article_id",
            )

    def article_minhashes(self, num_perm: int, seed: int, after_id: int = 0) -> list[Row]:
        """Stored signatures made with these MinHash parameters, of articles with id > `after_id`."""
        with self.lock:
            return list(
                self.db.table("article_minhash").rows_where(
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
