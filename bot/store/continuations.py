"""Continuations: the parts of a channel's last answer not shown yet, for the `more` command."""

from __future__ import annotations

import json
from typing import Any

from bot.store.core import Row, StoreCore, utc_now


class ContinuationsMixin(StoreCore):
    """Store methods for the unshown rest of each channel's last answer."""

    def save_continuation(self, platform: str, channel: str, title: str, parts: list[Any]) -> None:
        """Keep `parts` (JSON-ready) as the rest of the channel's last answer, replacing any earlier one."""
        record = {
            "platform": platform,
            "channel": channel,
            "title": title,
            "parts": json.dumps(parts, ensure_ascii=False),
            "next_part": 0,
            "saved_at": utc_now(),
        }
        with self.transaction():
            self.db.table("continuations").upsert(record, pk=("platform", "channel"))

    def next_continuation(self, platform: str, channel: str) -> Row | None:
        """The next unshown part of the channel's last answer, and advance past it; None when all shown.

        The row has `title`, `part` (the stored JSON value), `index` (0-based) and `total`.
        """
        with self.transaction():
            rows = list(
                self.db.table("continuations").rows_where("platform = ? AND channel = ?", [platform, channel], limit=1)
            )
            if not rows:
                return None
            row = rows[0]
            parts = json.loads(row["parts"])
            index = int(row["next_part"])
            if index >= len(parts):
                return None
            self.db.execute(
                "UPDATE continuations SET next_part = ? WHERE platform = ? AND channel = ?",
                [index + 1, platform, channel],
            )
            return {"title": row["title"], "part": parts[index], "index": index, "total": len(parts)}
