"""A stored statement row as the JSON every export shares (`statements --json`, `ask --json`, digests)."""

from __future__ import annotations

from typing import Any


def export_statement(row: dict[str, Any]) -> dict[str, Any]:
    """A statement row in the `statements --json` contract."""
    keys = (
        "id",
        "article",
        "outlet",
        "kind",
        "speaker",
        "speaker_text",
        "speaker_role",
        "relay",
        "cue",
        "text",
        "evidence",
        "start",
        "end",
        "proposition",
        "denies",
        "direct",
        "published",
    )
    return {k: row.get(k) for k in keys}
