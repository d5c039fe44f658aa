"""Feed settings, poll intervals, health states and poll results: the plain data of feed polling."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.config import Config

DEFAULT_EVERY_SECONDS = 15 * 60


MIN_EVERY_SECONDS = 60


MAX_BACKOFF_SECONDS = 24 * 3600


PAUSE_FACTOR = 4  # failures beyond max_failures * PAUSE_FACTOR pause the feed


# Health states shown in `feeds list`.
OK = "ok"


FAILING = "failing"


GARBAGE = "garbage"


STALE = "stale"


PAUSED = "paused"


# Outcomes of one entry or URL.
INGESTED = "ingested"


DUPLICATE = "duplicate"  # the same article under another URL, or already in the store


SYNDICATED = "syndicated"  # a near-identical text from another outlet is stored


FAILED = "failed"


_INTERVAL = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$", re.IGNORECASE)


_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 60}


@dataclass(frozen=True)
class FeedSettings:
    """Feed polling and duplicate detection settings, from `config.toml` [feeds]."""

    default_every: int = DEFAULT_EVERY_SECONDS
    max_failures: int = 5
    stale_after_hours: float = 7 * 24
    near_duplicate_threshold: float = 0.8
    max_entries_per_poll: int = 50
    max_entry_attempts: int = 3
    admin_channel: str | None = None  # "platform:channel" for health reports

    @classmethod
    def from_config(cls, config: Config) -> FeedSettings:
        """Settings from the `[feeds]` table (keys as the field names; `default_every` like "15m")."""
        section = config.section("feeds")
        try:
            return cls(
                default_every=parse_interval(str(section.get("default_every", "15m"))),
                max_failures=max(1, int(section.get("max_failures", 5))),
                stale_after_hours=float(section.get("stale_after_hours", 7 * 24)),
                near_duplicate_threshold=float(section.get("near_duplicate_threshold", 0.8)),
                max_entries_per_poll=max(1, int(section.get("max_entries_per_poll", 50))),
                max_entry_attempts=max(1, int(section.get("max_entry_attempts", 3))),
                admin_channel=section.get("admin_channel"),
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"config.toml [feeds]: bad value: {exc}") from exc


def parse_interval(text: str) -> int:
    """Seconds in an interval like '15m', '2h', '1d', '90s' or '30' (minutes); at least 1 minute."""
    match = _INTERVAL.match(text or "")
    if not match:
        raise ValueError(f"{text!r} is not an interval: use a number with s, m, h or d, e.g. 15m or 2h")
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
    if seconds < MIN_EVERY_SECONDS:
        raise ValueError(f"{text!r} is too often: poll at most once a minute (1m)")
    return seconds


def format_interval(seconds: int) -> str:
    """'15m', '2h', '1d' — the largest whole unit."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def parse_iso(text: str | None) -> datetime | None:
    """A stored ISO timestamp as an aware datetime (UTC when it names no zone), None when absent or unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class EntryOutcome:
    """What happened to one feed entry or URL."""

    url: str
    status: str  # INGESTED | DUPLICATE | SYNDICATED | FAILED
    article_id: int | None = None
    message: str = ""
    used_fallback: bool = False  # the text came from the feed, not the page

    def __str__(self) -> str:
        message = self.message.removeprefix(f"{self.url}: ")  # fetch errors already name the URL
        tail = f": {message}" if message else ""
        return f"{self.url}: {self.status}{tail}"


@dataclass
class PollResult:
    """What one poll of one feed did."""

    feed_id: int
    url: str
    status: str = "ok"  # ok | not-modified | failed | missing
    error: str | None = None
    entries: list[EntryOutcome] = field(default_factory=list)
    health: str = OK
    health_message: str | None = None  # set once, when the health changed

    def count(self, status: str) -> int:
        """How many entries ended with `status`."""
        return sum(1 for e in self.entries if e.status == status)

    def summary(self) -> str:
        """One line: the feed and what the poll found."""
        if self.status == "failed":
            return f"feed {self.feed_id} {self.url}: failed: {self.error}"
        if self.status == "not-modified":
            return f"feed {self.feed_id} {self.url}: not modified"
        if self.status == "missing":
            return f"feed {self.feed_id}: no such feed"
        return (
            f"feed {self.feed_id} {self.url}: {self.count(INGESTED)} new, {self.count(DUPLICATE)} duplicate, "
            f"{self.count(SYNDICATED)} syndicated, {self.count(FAILED)} failed"
        )


def health_message(feed: dict[str, Any], health: str, reason: str | None, failures: int) -> str:
    """One line for the admins: which feed, what state, why."""
    name = f"feed {feed['id']} ({feed['outlet'] or feed['title'] or feed['url']})"
    if health == OK:
        return f"{name} is healthy again: {feed['url']}"
    if health == STALE:
        return f"{name} is stale: {reason}. Check {feed['url']}"
    if health == PAUSED:
        return f"{name} is paused after {failures} failures in a row ({reason}); `feeds add {feed['url']}` resumes it"
    what = "returns something that is not a feed" if health == GARBAGE else "keeps failing"
    return f"{name} {what}: {failures} failures in a row, last: {reason}. Polling backs off."


def describe_feed(feed: dict[str, Any]) -> str:
    """One line for `feeds list`: id, URL, outlet, interval, health, counts, last error."""
    health = PAUSED if feed.get("paused") else feed["health"]
    parts = [
        f"{feed['id']}",
        feed["url"],
        feed["outlet"] or feed["title"] or "?",
        f"every {format_interval(feed['every_seconds'])}",
        f"health {health}",
        f"{feed.get('ingested') or 0}/{feed.get('entries') or 0} entries ingested",
    ]
    if feed["last_polled_at"]:
        parts.append(f"polled {feed['last_polled_at']}")
    if feed["last_error"] and health != OK:
        parts.append(f"last error: {feed['last_error']}")
    return " · ".join(parts)
