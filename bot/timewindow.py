"""Time windows for answers and digests: `--since 24h|7d|DATE|all`, `--date DAY`, chat "today".

A `Window` is a half-open interval [start, end) of UTC datetimes; either end
may be open (None). The store compares windows against `articles.published`,
which holds ISO dates or datetimes, through `Window.bounds()`; scheduled
digests compare against `articles.ingested_at` through `ingest_bound`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

# Units a relative window may use, in hours.
_UNIT_HOURS = {"m": 1 / 60, "h": 1, "d": 24, "w": 24 * 7}
_RELATIVE = re.compile(r"^\s*(\d{1,5})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\s*$", re.I)

# Chat phrases that narrow a question to a window, and what they mean.
_CHAT_PHRASES = {
    "today": "today",
    "yesterday": "yesterday",
    "this week": "7d",
    "past week": "7d",
    "last week": "7d",
    "past 24 hours": "24h",
    "last 24 hours": "24h",
}
_CHAT_SUFFIX = re.compile(
    r"[\s,;]*\b(?:(?:from|in|during|for|over)\s+)?(?:the\s+)?("
    + "|".join(re.escape(p) for p in sorted(_CHAT_PHRASES, key=len, reverse=True))
    + r")\s*([?.!]*)\s*$",
    re.I,
)
_CHAT_SINCE = re.compile(r"[\s,;]*\bsince\s+(\S+)\s*([?.!]*)\s*$", re.I)


class WindowError(ValueError):
    """A window was written in a form this module does not understand."""


@dataclass(frozen=True)
class Window:
    """A half-open time window [start, end); None means open on that side."""

    start: datetime | None = None
    end: datetime | None = None
    label: str = "all time"

    @property
    def is_all(self) -> bool:
        """True when the window is open on both sides."""
        return self.start is None and self.end is None

    def bounds(self) -> tuple[str | None, str | None]:
        """The window as ISO strings for the store (`published >= since`, `< until`)."""
        return iso_bound(self.start), iso_bound(self.end)


ALL = Window(None, None, "all time")


def utc_now() -> datetime:
    """The current time in UTC (a function so tests can pass their own `now`)."""
    return datetime.now(UTC)


def iso_bound(moment: datetime | date | str | None) -> str | None:
    """An ISO string the store compares with `published`: a date at midnight stays a date."""
    if moment is None:
        return None
    if isinstance(moment, str):
        return moment
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        aware = aware.astimezone(UTC)
        if (aware.hour, aware.minute, aware.second, aware.microsecond) == (0, 0, 0, 0):
            return aware.date().isoformat()
        return aware.isoformat(timespec="seconds")
    return moment.isoformat()


def ingest_bound(moment: datetime | date | str | None) -> str | None:
    """An ISO UTC string compared with `articles.ingested_at` ('2026-03-30T06:00:00+00:00').

    Always a full datetime to the second, the form the store writes, so text
    comparison orders instants correctly; a date means its UTC midnight.
    """
    if moment is None or isinstance(moment, str):
        return moment
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise WindowError(f"{text!r}: not a date; use YYYY-MM-DD") from exc


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def day_window(text: str) -> Window:
    """`--date DAY`: the whole UTC day DAY (YYYY-MM-DD)."""
    day = _parse_day(text)
    return Window(_midnight(day), _midnight(day + timedelta(days=1)), day.isoformat())


def parse_since(text: str | None, now: datetime | None = None) -> Window:
    """`--since`: '24h', '7d', '2w', '90m', a date (YYYY-MM-DD), 'today', 'yesterday' or 'all'.

    Relative windows count back from `now`; a date starts at that day's midnight.
    Raises WindowError naming the input when it cannot be read.
    """
    now = now or utc_now()
    value = (text or "").strip().lower()
    if not value or value in {"all", "ever", "all time", "everything"}:
        return ALL
    if value == "today":
        start = _midnight(now.astimezone(UTC).date())
        return Window(start, None, "today")
    if value == "yesterday":
        today = _midnight(now.astimezone(UTC).date())
        return Window(today - timedelta(days=1), today, "yesterday")
    match = _RELATIVE.match(value)
    if match:
        amount = int(match.group(1))
        unit = match.group(2)[0].lower()
        if amount <= 0:
            raise WindowError(f"{text!r}: a window must be longer than zero")
        start = now - timedelta(hours=amount * _UNIT_HOURS[unit])
        return Window(start, None, f"last {amount}{unit}")
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        if "t" in value or " " in value:
            try:
                moment = datetime.fromisoformat(value.upper().replace(" ", "T"))
            except ValueError as exc:
                raise WindowError(f"{text!r}: not a date or datetime") from exc
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            return Window(moment, None, f"since {(text or '').strip()}")
        day = _parse_day(value)
        return Window(_midnight(day), None, f"since {day.isoformat()}")
    raise WindowError(f"{text!r}: use 24h, 7d, 2w, a date (YYYY-MM-DD), today or all")


def resolve_window(
    since: str | None = None, day: str | None = None, now: datetime | None = None, default: str | None = None
) -> Window:
    """The window of a command: `--date` wins over `--since`, else `default` (e.g. '24h')."""
    if day:
        return day_window(day)
    if since:
        return parse_since(since, now)
    return parse_since(default, now) if default else ALL


def split_chat_window(text: str, now: datetime | None = None) -> tuple[str, Window | None]:
    """Take a trailing time phrase off a chat question: '… today', '… since 7d'.

    Returns the question without the phrase (its end punctuation kept) and the
    window, or the text unchanged and None when there is no such phrase.
    """
    match = _CHAT_SUFFIX.search(text)
    if match:
        window = parse_since(_CHAT_PHRASES[match.group(1).lower()], now)
        return text[: match.start()] + match.group(2), window
    match = _CHAT_SINCE.search(text)
    if match:
        try:
            window = parse_since(match.group(1), now)
        except WindowError:
            return text, None
        return text[: match.start()] + match.group(2), window
    return text, None
