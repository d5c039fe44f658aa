"""Subscriptions: parsing "HH:MM Area/City", fire times across DST, and subscriptions from the config file."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from apscheduler.triggers.base import BaseTrigger

from bot.config import Config
from bot.store import Row, Store

log = logging.getLogger(__name__)


USAGE = "subscribe HH:MM Area/City [topic words]"
EXAMPLE = "subscribe 08:00 Europe/Paris"
DEFAULT_GRACE = timedelta(hours=2)
# After missed or failed runs a digest reaches back to the channel's last delivered window,
# but no further than this: a channel silent for weeks gets a briefing, not an archive.
MAX_WINDOW = timedelta(days=7)
KNOWN_PLATFORMS = ("console", "slack", "discord")  # what `[[digest]] platform` may name

_TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ScheduleError(ValueError):
    """A subscription that cannot be understood; the message shows the valid form."""


# ---------------------------------------------------------------- parsing


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Every IANA zone name known to this machine, keyed by its lower-case form."""
    return {name.lower(): name for name in available_timezones()}


def parse_time(text: str) -> time:
    """'08:00' or '8:00' on a 24-hour clock; anything else is refused with the valid form."""
    match = _TIME_PATTERN.match(text.strip())
    if not match:
        raise ScheduleError(
            f"`{text}` is not a time of day: use HH:MM on a 24-hour clock, e.g. `{EXAMPLE}` (usage: `{USAGE}`)."
        )
    return time(int(match.group(1)), int(match.group(2)))


def parse_zone(text: str) -> ZoneInfo:
    """An IANA time zone name, any case ('europe/paris' works); others are refused."""
    name = _zone_names().get(text.strip().lower())
    try:
        if name is None:
            raise ZoneInfoNotFoundError(text)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"`{text}` is not a time zone: use an IANA name such as Europe/Paris, "
            f"America/New_York or UTC, e.g. `{EXAMPLE}` (usage: `{USAGE}`)."
        ) from None


@dataclass(frozen=True)
class SubscriptionSpec:
    """A validated daily schedule: local time, zone and an optional topic."""

    at: time
    zone: ZoneInfo
    topic: str | None = None

    @property
    def time_text(self) -> str:
        """The local time as stored: 'HH:MM'."""
        return self.at.strftime("%H:%M")

    @property
    def zone_name(self) -> str:
        """The zone's IANA name."""
        return self.zone.key


def make_spec(time_text: str, zone_text: str, topic: str | None = None) -> SubscriptionSpec:
    """Validate the parts of a subscription; raises ScheduleError naming the bad part."""
    topic = " ".join((topic or "").split()) or None
    return SubscriptionSpec(parse_time(time_text), parse_zone(zone_text), topic)


def parse_subscription(text: str) -> SubscriptionSpec:
    """Parse '08:00 Europe/Paris [topic words]'."""
    words = (text or "").split()
    if len(words) < 2:
        raise ScheduleError(f"A subscription needs a time and a time zone: `{USAGE}`, e.g. `{EXAMPLE}`.")
    return make_spec(words[0], words[1], " ".join(words[2:]))


# ---------------------------------------------------------------- fire times


def fire_at(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of local time `at` on local date `day`.

    An ambiguous local time (clocks going back) means its first occurrence; a
    time skipped by clocks going forward lands just after the jump (02:30 on a
    spring-forward night fires at 03:30 local), so every day fires exactly once.
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def next_fire(at: time, zone: ZoneInfo, after: datetime) -> datetime:
    """The first daily fire instant strictly after `after` (UTC)."""
    day = after.astimezone(zone).date()
    for offset in range(3):
        candidate = fire_at(day + timedelta(days=offset), at, zone)
        if candidate > after:
            return candidate
    raise AssertionError("a daily time fires within three days")  # pragma: no cover


def last_fire(at: time, zone: ZoneInfo, now: datetime) -> datetime:
    """The latest daily fire instant at or before `now` (UTC)."""
    day = now.astimezone(zone).date()
    for offset in range(3):
        candidate = fire_at(day - timedelta(days=offset), at, zone)
        if candidate <= now:
            return candidate
    raise AssertionError("a daily time fired within three days")  # pragma: no cover


class DailyTrigger(BaseTrigger):
    """An APScheduler trigger firing once a day at a local time, by `next_fire`.

    Using the same function as the delivery code keeps the instant a job runs
    and the period it delivers for in agreement, DST nights included.
    """

    def __init__(self, at: time, zone_name: str) -> None:
        self.at = at
        self.zone_name = zone_name

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime:
        """The next fire after the previous one, or the first at or after `now`."""
        zone = ZoneInfo(self.zone_name)
        after = previous_fire_time if previous_fire_time else now - timedelta(microseconds=1)
        return next_fire(self.at, zone, after).astimezone(zone)

    def __str__(self) -> str:
        return f"daily at {self.at.strftime('%H:%M')} {self.zone_name}"

    def __repr__(self) -> str:
        return f"<DailyTrigger {self}>"


# ---------------------------------------------------------------- subscriptions


@dataclass(frozen=True)
class Subscription:
    """A stored subscription with its schedule parsed."""

    id: int
    platform: str
    channel: str
    at: time
    zone: ZoneInfo
    topic: str | None
    source: str
    created_at: datetime

    @classmethod
    def from_row(cls, row: Row) -> Subscription:
        """Build from a store row; raises ScheduleError if the stored schedule is invalid."""
        spec = make_spec(row["time"], row["timezone"], row.get("topic"))
        created = (
            datetime.fromisoformat(row["created_at"]) if row.get("created_at") else datetime.min.replace(tzinfo=UTC)
        )
        return cls(
            id=row["id"],
            platform=row["platform"],
            channel=row["channel"],
            at=spec.at,
            zone=spec.zone,
            topic=spec.topic,
            source=row.get("source") or "chat",
            created_at=created,
        )

    def next_fire(self, after: datetime) -> datetime:
        """The next run strictly after `after`."""
        return next_fire(self.at, self.zone, after)

    def last_fire(self, now: datetime) -> datetime:
        """The latest run due at or before `now`."""
        return last_fire(self.at, self.zone, now)

    def period(self, fire: datetime) -> str:
        """The delivery period of a run: its local date."""
        return fire.astimezone(self.zone).date().isoformat()

    def window(self, fire: datetime) -> tuple[datetime, datetime]:
        """The window a run covers: from the previous day's run to this one, half-open.

        The digest reads it on ingest time, so consecutive runs' windows tile:
        every article that enters the store is in exactly one run's window.
        """
        day = fire.astimezone(self.zone).date()
        return fire_at(day - timedelta(days=1), self.at, self.zone), fire

    def schedule_text(self) -> str:
        """'daily at 08:00 Europe/Paris, topic "energy"'."""
        text = f"daily at {self.at.strftime('%H:%M')} {self.zone.key}"
        return text + (f', topic "{self.topic}"' if self.topic else "")


def format_local(instant: datetime, zone: ZoneInfo) -> str:
    """'Tue 24 Nov 2026 08:00 CET (07:00 UTC)'; the UTC time only where it differs."""
    local = instant.astimezone(zone)
    text = local.strftime("%a %d %b %Y %H:%M %Z")
    if local.utcoffset():
        text += f" ({instant.astimezone(UTC).strftime('%H:%M')} UTC)"
    return text


def describe_subscription(row: Row, now: datetime, last_delivery: Row | None = None) -> str:
    """One line for `subscriptions`: schedule, next run and the last delivery."""
    try:
        sub = Subscription.from_row(row)
    except ScheduleError as exc:
        return f"{row['channel']}: invalid stored schedule ({exc})"
    line = f"{sub.channel}: {sub.schedule_text()}; next {format_local(sub.next_fire(now), sub.zone)}"
    if sub.source == "config":
        line += " [from config.toml]"
    if last_delivery:
        line += f"; last {last_delivery['period']}: {last_delivery['status']}"
    return line


def config_specs(config: Config) -> tuple[list[tuple[str, str, SubscriptionSpec]], list[str]]:
    """The valid `[[digest]]` entries of the config as (platform, channel, spec), and one error line per bad one."""
    valid: list[tuple[str, str, SubscriptionSpec]] = []
    errors: list[str] = []
    where = str(config.path or "config")
    for number, entry in enumerate(config.digests, start=1):
        label = f"{where}: [[digest]] #{number}"
        if not isinstance(entry, dict):
            errors.append(f"{label} is not a table")
            continue
        platform, channel = str(entry.get("platform", "")).strip(), str(entry.get("channel", "")).strip()
        if not platform or not channel:
            errors.append(f"{label} needs platform and channel")
            continue
        if platform not in KNOWN_PLATFORMS:
            errors.append(f"{label}: platform {platform!r} is not one of {', '.join(KNOWN_PLATFORMS)}")
            continue
        try:
            spec = make_spec(str(entry.get("time", "")), str(entry.get("timezone", "")), entry.get("topic"))
        except ScheduleError as exc:
            errors.append(f"{label}: {exc}")
            continue
        valid.append((platform, channel, spec))
    return valid, errors


def sync_config_subscriptions(store: Store, config: Config) -> int:
    """Make the store's config-sourced subscriptions match `[[digest]]`; returns how many are active.

    An unchanged entry keeps its row untouched, so its missed runs can still be
    caught up; entries removed from the file are unsubscribed.
    """
    valid, errors = config_specs(config)
    for error in errors:
        log.error("%s", error)
    wanted = set()
    for platform, channel, spec in valid:
        wanted.add((platform, channel))
        existing = store.subscription_for(platform, channel)
        unchanged = existing is not None and (
            existing["source"] == "config"
            and existing["time"] == spec.time_text
            and existing["timezone"] == spec.zone_name
            and (existing["topic"] or None) == spec.topic
        )
        if not unchanged:
            store.save_subscription(
                platform=platform,
                channel=channel,
                time=spec.time_text,
                timezone=spec.zone_name,
                topic=spec.topic,
                source="config",
                created_by="config.toml",
            )
    for row in store.subscriptions():
        if row["source"] == "config" and (row["platform"], row["channel"]) not in wanted:
            store.delete_subscription(row["platform"], row["channel"])
            log.info("unsubscribed %s %s: no longer in the config file", row["platform"], row["channel"])
    return len(valid)
