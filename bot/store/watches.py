"""Watches and watch alerts: which channel follows what, and the record of every alert decided and posted."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bot.store.core import Row, row_id, utc_now
from bot.store.search import SearchMixin

# Alert statuses. `pending`: decided, not yet posted (rate limit, or the platform is down);
# `posting`: claimed by one check; then `posted`, `failed` or `interrupted`.
ALERT_PENDING = "pending"
ALERT_POSTING = "posting"
ALERT_POSTED = "posted"
ALERT_FAILED = "failed"
ALERT_INTERRUPTED = "interrupted"
ALERT_GONE = "gone"  # its statements were removed (article replaced) before it was posted


def watch_target_key(target: str) -> str:
    """The form of a watch's target that decides whether two watches are the same: words, lower case."""
    return " ".join(target.lower().split())


class WatchesMixin(SearchMixin):
    """Store methods for watches, the statements a check reads and the alert records."""

    IDS_PER_QUERY = 5000

    # ------------------------------------------------------------ watches

    def save_watch(
        self,
        *,
        platform: str,
        channel: str,
        kind: str,
        target: str,
        proposition_id: int | None = None,
        source: str = "chat",
        created_by: str | None = None,
    ) -> tuple[int, bool]:
        """Add a watch; returns (id, created). The same watch in the same channel is kept, not doubled."""
        key = watch_target_key(target)
        with self.transaction():
            existing = self.db.execute(
                "SELECT id FROM watches WHERE platform = ? AND channel = ? AND kind = ? AND target_key = ?",
                [platform, channel, kind, key],
            ).fetchone()
            if existing:
                return existing[0], False
            now = utc_now()
            # Ingest times have whole seconds: the newest article id is what tells an article
            # stored in the same second before the watch from one stored after it.
            newest = self.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
            cursor = self.db.execute(
                "INSERT INTO watches (platform, channel, kind, target, target_key, proposition_id, source, "
                "created_by, created_at, after_article_id, checked_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    platform,
                    channel,
                    kind,
                    " ".join(target.split()),
                    key,
                    proposition_id,
                    source,
                    created_by,
                    now,
                    newest,
                    now,
                ],
            )
            return row_id(cursor), True

    def watch(self, watch_id: int) -> Row | None:
        """One watch by id, or None."""
        return self._first("watches", "id = ?", [watch_id])

    def watches(self, platform: str | None = None, channel: str | None = None) -> list[Row]:
        """Watches (of one platform, and channel, when given), oldest first."""
        where, params = self._channel_where(platform, channel)
        with self.lock:
            return list(self.db.table("watches").rows_where(where, params, order_by="id"))

    def delete_watch(self, watch_id: int) -> Row | None:
        """Remove a watch and its alert records; returns the removed row, or None."""
        with self.transaction():
            existing = self._first("watches", "id = ?", [watch_id])
            if existing:
                self.db.execute("DELETE FROM watches WHERE id = ?", [watch_id])
            return existing

    def set_watch_proposition(self, watch_id: int, proposition_id: int) -> None:
        """Bind a claim watch to the proposition it follows (once its first report is stored)."""
        with self.transaction():
            self.db.execute("UPDATE watches SET proposition_id = ? WHERE id = ?", [proposition_id, watch_id])

    def set_watches_checked(self, watch_ids: Iterable[int], until: str) -> None:
        """Record that statements ingested before `until` were checked against these watches."""
        ids = list(watch_ids)
        if not ids:
            return
        with self.transaction():
            self.db.execute(
                f"UPDATE watches SET checked_until = ? WHERE id IN ({','.join('?' * len(ids))})", [until, *ids]
            )

    def watch_alert_count(self, watch_id: int) -> int:
        """How many alerts a watch has decided (posted or not)."""
        with self.lock:
            return self.db.execute("SELECT count(*) FROM watch_alerts WHERE watch_id = ?", [watch_id]).fetchone()[0]

    # ------------------------------------------------------------ what a check reads

    def statements_ingested_since(self, since: str, until: str | None = None) -> list[Row]:
        """Statements of articles that entered the store in [since, until), as answer rows plus `ingested_at`."""
        sql = (
            "SELECT st.id, a.ingested_at FROM statements st JOIN articles a ON a.id = st.article_id "
            "WHERE a.ingested_at >= ?"
        )
        params: list[Any] = [since]
        if until:
            sql += " AND a.ingested_at < ?"
            params.append(until)
        with self.lock:
            stamps = dict(self.db.execute(sql, params).fetchall())
        ids = list(stamps)
        rows: list[Row] = []
        # In slices: after a long downtime the window can hold more ids than one statement may bind.
        for offset in range(0, len(ids), self.IDS_PER_QUERY):
            rows += self.answer_statements(ids=ids[offset : offset + self.IDS_PER_QUERY])
        for row in rows:
            row["ingested_at"] = stamps.get(row["id"])
        return rows

    def latest_ingested_at(self) -> str | None:
        """When the newest article entered the store (cheap: the ingested_at index)."""
        with self.lock:
            row = self.db.execute("SELECT max(ingested_at) FROM articles").fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------ alert records

    def decide_alert(
        self,
        *,
        watch_id: int,
        platform: str,
        channel: str,
        proposition_key: str,
        kind: str,
        label: str,
        statement_ids: list[int],
    ) -> int | None:
        """Record the decision to alert one watch about one proposition and kind.

        The insert is the decision: it succeeds once per (watch, proposition,
        kind), across restarts and racing checks. Returns the alert id, or None
        when that alert was already decided.
        """
        with self.transaction():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO watch_alerts (watch_id, platform, channel, proposition_key, kind, label, "
                "statement_ids, status, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    watch_id,
                    platform,
                    channel,
                    proposition_key,
                    kind,
                    label,
                    json.dumps(statement_ids),
                    ALERT_PENDING,
                    utc_now(),
                ],
            )
            return row_id(cursor) if cursor.rowcount == 1 else None

    def alert_decided(self, watch_id: int, proposition_key: str, kind: str) -> bool:
        """True when this alert was already decided (so a check need not build it)."""
        with self.lock:
            return (
                self.db.execute(
                    "SELECT 1 FROM watch_alerts WHERE watch_id = ? AND proposition_key = ? AND kind = ?",
                    [watch_id, proposition_key, kind],
                ).fetchone()
                is not None
            )

    @staticmethod
    def _decode_alert(row: Row) -> Row:
        row["statement_ids"] = json.loads(row["statement_ids"] or "[]")
        return row

    def alerts(
        self,
        *,
        platform: str | None = None,
        channel: str | None = None,
        status: str | None = None,
        watch_id: int | None = None,
    ) -> list[Row]:
        """Alert records, oldest decision first, narrowed by platform, channel, status or watch."""
        where, params = [], []
        for column, value in (("platform", platform), ("channel", channel), ("status", status), ("watch_id", watch_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        with self.lock:
            rows = list(self.db.table("watch_alerts").rows_where(" AND ".join(where) or None, params, order_by="id"))
        return [self._decode_alert(r) for r in rows]

    def pending_alert_channels(self) -> list[tuple[str, str]]:
        """(platform, channel) pairs with alerts waiting to be posted."""
        with self.lock:
            rows = self.db.execute(
                "SELECT DISTINCT platform, channel FROM watch_alerts WHERE status = ? ORDER BY platform, channel",
                [ALERT_PENDING],
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def alert_messages_since(self, platform: str, channel: str, since: str) -> int:
        """How many alert messages went to a channel since `since` (a folded batch is one message)."""
        with self.lock:
            return self.db.execute(
                "SELECT count(*) FROM watch_alerts WHERE platform = ? AND channel = ? AND posted_at >= ? "
                "AND status IN (?, ?, ?) AND (fold_id IS NULL OR fold_id = id)",
                [platform, channel, since, ALERT_POSTING, ALERT_POSTED, ALERT_FAILED],
            ).fetchone()[0]

    def claim_alerts(self, alert_ids: list[int], *, fold: bool = False, at: str | None = None) -> bool:
        """Take pending alerts for posting as one message; False if any was taken by someone else.

        All or none: a folded batch is claimed in one transaction, so two checks
        can never post the same alert. With `fold`, the batch records its first
        alert as the message that carries it. `at` is when it is posted (default now):
        the hourly limit counts messages by it.
        """
        if not alert_ids:
            return False
        marks = ",".join("?" * len(alert_ids))
        try:
            with self.transaction():
                cursor = self.db.execute(
                    f"UPDATE watch_alerts SET status = ?, posted_at = ?, fold_id = ? "
                    f"WHERE id IN ({marks}) AND status = ?",
                    [ALERT_POSTING, at or utc_now(), alert_ids[0] if fold else None, *alert_ids, ALERT_PENDING],
                )
                if cursor.rowcount != len(alert_ids):
                    raise _Contended  # roll the partial claim back
        except _Contended:
            return False
        return True

    def finish_alerts(
        self,
        alert_ids: list[int],
        *,
        status: str,
        attempts: int = 0,
        error: str | None = None,
        message_ref: str | None = None,
    ) -> None:
        """Record how posting alerts ended: posted, failed, interrupted or gone."""
        if not alert_ids:
            return
        marks = ",".join("?" * len(alert_ids))
        with self.transaction():
            self.db.execute(
                f"UPDATE watch_alerts SET status = ?, attempts = ?, error = ?, message_ref = ? WHERE id IN ({marks})",
                [status, attempts, error, message_ref, *alert_ids],
            )

    def interrupt_posting_alerts(self) -> int:
        """Mark alerts left `posting` by a stopped bot as interrupted (never re-posted: they may have gone out)."""
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE watch_alerts SET status = ?, error = 'the bot stopped while posting' WHERE status = ?",
                [ALERT_INTERRUPTED, ALERT_POSTING],
            )
            return cursor.rowcount


class _Contended(Exception):
    """Another check claimed one of the alerts first."""
