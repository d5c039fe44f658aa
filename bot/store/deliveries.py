"""Subscriptions and deliveries: who gets a digest when, what was posted, and the windows digests read."""

from __future__ import annotations

from typing import Any

from bot.store.core import Row, StoreCore, inserted_id, utc_now


class DeliveriesMixin(StoreCore):
    """Store methods for subscriptions, deliveries and digest windows."""

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
                self.db.table("subscriptions").update(existing["id"], record)
                return existing["id"]
            return inserted_id(self.db.table("subscriptions").insert(record))

    def delete_subscription(self, platform: str, channel: str) -> Row | None:
        """Remove a channel's subscription; returns the removed row, or None if there was none."""
        with self.transaction():
            existing = self.subscription_for(platform, channel)
            if existing:
                self.db.table("subscriptions").delete(existing["id"])
            return existing

    def subscription(self, subscription_id: int) -> Row | None:
        """One subscription by id, or None."""
        return self._first("subscriptions", "id = ?", [subscription_id])

    def subscription_for(self, platform: str, channel: str) -> Row | None:
        """The subscription of one channel, or None."""
        with self.lock:
            rows = list(
                self.db.table("subscriptions").rows_where("platform = ? AND channel = ?", [platform, channel], limit=1)
            )
            return rows[0] if rows else None

    def subscriptions(self, platform: str | None = None) -> list[Row]:
        """Every subscription (of one platform when given), oldest first."""
        where, params = ("platform = ?", [platform]) if platform else (None, [])
        with self.lock:
            return list(self.db.table("subscriptions").rows_where(where, params, order_by="id"))

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
            self.db.table("deliveries").update(
                delivery_id,
                {"status": status, "attempts": attempts, "error": error, "finished_at": utc_now()},
            )

    def delivery(self, platform: str, channel: str, period: str) -> Row | None:
        """The delivery record of one channel and period, or None."""
        with self.lock:
            rows = list(
                self.db.table("deliveries").rows_where(
                    "platform = ? AND channel = ? AND period = ?", [platform, channel, period], limit=1
                )
            )
            return rows[0] if rows else None

    def deliveries(
        self, platform: str | None = None, channel: str | None = None, limit: int | None = None
    ) -> list[Row]:
        """Delivery records, newest period first, optionally of one platform and channel."""
        where, params = self._channel_where(platform, channel)
        with self.lock:
            return list(
                self.db.table("deliveries").rows_where(where, params, order_by="period DESC, id DESC", limit=limit)
            )

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
        where, params = self._bounded_where(self._ingested_where, since, until, outlet)
        return self._articles_where(where, params, "a.ingested_at", newest)

    def ingested_article_count(
        self, *, since: str | None = None, until: str | None = None, outlet: str | None = None
    ) -> int:
        """How many articles entered the store in [since, until) (as `ingested_articles` selects them)."""
        where, params = self._bounded_where(self._ingested_where, since, until, outlet)
        return self._article_count_where(where, params)

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
            self.db.table("articles").update(article_id, {"ingested_at": ingested_at})
