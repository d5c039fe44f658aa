"""Daily digest subscriptions: parsing, fire times across DST, delivery and the scheduler.

A channel subscribes with "08:00 Europe/Paris [topic words]". Each day at that
local time (following the zone's DST changes) its digest is built and sent
through the platform's adapter. The store's `deliveries` table is the ledger:
a row keyed on (platform, channel, period) is inserted before anything is
posted, so a digest goes out at most once per channel and day, across
restarts and racing jobs. A run missed while the bot was down goes out on
start when it is less than the grace late, and is recorded as missed otherwise.

A run's digest covers what entered the store since the previous run
(`build_digest(basis="ingested")`), so consecutive runs never repeat or miss
an article whatever its publication date says. A long digest goes out as one
message with threaded follow-ups; a retry resumes after the parts already
delivered (`SendProgress`), so a partial failure never posts a part twice.

APScheduler (3.x) only triggers `digest_job`, a module-level coroutine that
takes ids and looks the scheduler and subscription up when it runs, so the
job store holds nothing stale or un-picklable.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger

from bot.config import Config
from bot.reply import Reply, Section
from bot.store import Row, Store

log = logging.getLogger(__name__)

USAGE = "subscribe HH:MM Area/City [topic words]"
EXAMPLE = "subscribe 08:00 Europe/Paris"
DEFAULT_GRACE = timedelta(hours=2)
# Seconds to wait before each retry of a failed post: platform outages are
# usually seconds to minutes long, and the digest is still useful an hour late.
DEFAULT_RETRY_DELAYS: tuple[float, ...] = (2.0, 10.0, 60.0, 300.0)
DEFAULT_SEND_TIMEOUT = 60.0
DIGEST_MAX_CHARS = 3500
# After missed or failed runs a digest reaches back to the channel's last delivered window,
# but no further than this: a channel silent for weeks gets a briefing, not an archive.
MAX_WINDOW = timedelta(days=7)
KNOWN_PLATFORMS = ("console", "slack", "discord")  # what `[[digest]] platform` may name
JOB_FUNCTION = "bot.schedule:digest_job"  # a text reference: jobs never hold the function object

_TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

# Delivery statuses recorded in the store.
POSTING = "posting"
POSTED = "posted"
EMPTY = "empty"
FAILED = "failed"
MISSED = "missed"
INTERRUPTED = "interrupted"
# Outcomes that record nothing.
DUPLICATE = "duplicate"
NOT_DUE = "not-due"
NO_ADAPTER = "no-adapter"
GONE = "gone"
INVALID = "invalid"


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


# ---------------------------------------------------------------- delivery


@dataclass
class SendProgress:
    """How far one reply's posting got, so a retried send resumes instead of re-posting.

    An adapter's `send` skips the first `parts_sent` parts and updates these
    fields after every part it posts (before any later failure, timeout or
    cancellation), so the caller can hand the same object to the next attempt.
    `first_ref` is the platform's reference of the first (top-level) message,
    `thread_ref` where follow-up parts go, `state` anything else the adapter
    must remember to resume (e.g. that it fell back to plain text).
    """

    first_ref: str | None = None
    thread_ref: str | None = None
    parts_sent: int = 0
    state: dict[str, Any] = field(default_factory=dict)


class Sender(Protocol):
    """What the scheduler needs of an adapter: a resumable `send` raising on failure."""

    async def send(
        self, channel: str, reply: Reply, thread: str | None = None, progress: SendProgress | None = None
    ) -> str | None:
        """Post a reply into a channel; returns the first message's reference."""


DigestBuilder = Callable[..., Reply]
Clock = Callable[[], datetime]
Sleep = Callable[[float], Any]


@dataclass(frozen=True)
class DigestSettings:
    """How digests are delivered: grace for missed runs, empty windows, retries."""

    grace: timedelta = DEFAULT_GRACE
    post_when_empty: bool = True
    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS
    send_timeout: float = DEFAULT_SEND_TIMEOUT
    max_chars: int = DIGEST_MAX_CHARS

    @classmethod
    def from_config(cls, config: Config) -> DigestSettings:
        """Settings from config.toml's [digests] table."""
        return cls(grace=timedelta(minutes=config.digest_grace_minutes), post_when_empty=config.digest_post_when_empty)


@dataclass(frozen=True)
class DeliveryOutcome:
    """What one run did: a delivery status, or why nothing was recorded."""

    subscription_id: int
    status: str
    platform: str | None = None
    channel: str | None = None
    period: str | None = None
    attempts: int = 0
    error: str | None = None
    message_ref: str | None = None  # the platform's reference of the posted digest's first message


def story_count(reply: Reply) -> int:
    """How many stories a digest reply holds (`data["stories"]`: a count or a list)."""
    stories = reply.data.get("stories")
    if isinstance(stories, list | tuple):
        return len(stories)
    try:
        return int(stories) if stories is not None else 1  # no count given: treat as content
    except (TypeError, ValueError):
        return 1


def nothing_new_reply(sub: Subscription, start: datetime, end: datetime) -> Reply:
    """The one-line digest of an empty window."""
    since = start.astimezone(sub.zone).strftime("%a %d %b %H:%M %Z")
    about = f" about {sub.topic}" if sub.topic else ""
    return Reply(
        title=f"Daily digest: nothing new{about} since {since}.",
        data={"stories": 0, "start": start.isoformat(), "end": end.isoformat(), "topic": sub.topic},
    )


async def post_with_retry(
    sender: Sender,
    channel: str,
    reply: Reply,
    *,
    delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
    sleep: Sleep = asyncio.sleep,
    timeout: float = DEFAULT_SEND_TIMEOUT,
    label: str = "",
    progress: SendProgress | None = None,
) -> tuple[int, str | None]:
    """Send a reply, retrying failures after each of `delays`; returns (attempts, last error or None).

    Every attempt shares one `SendProgress`, so a retry after a partial failure
    (or a timeout mid-way) posts only the parts not yet delivered. Any
    exception from the adapter (outage, 5xx, timeout) is a failed attempt,
    never an exception out of here: one platform's trouble must not stop the
    scheduler or the other platforms.
    """
    progress = progress if progress is not None else SendProgress()
    attempt = 0
    for delay in (*delays, None):
        attempt += 1
        try:
            await asyncio.wait_for(sender.send(channel, reply, progress=progress), timeout)
            return attempt, None
        except Exception as exc:  # noqa: BLE001 - every platform error is a failed attempt
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            sent = f"; {progress.parts_sent} part(s) already posted" if progress.parts_sent else ""
            if delay is None:
                log.error("digest %s: giving up after %d attempts%s: %s", label, attempt, sent, error)
                return attempt, error
            log.warning("digest %s: attempt %d failed (%s)%s; retrying in %gs", label, attempt, error, sent, delay)
            await sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def _default_builder() -> DigestBuilder:
    """The core digest builder, imported when first needed (it is a heavy module)."""
    from bot.digest import build_digest

    return build_digest


# Live schedulers by key: what `digest_job` looks up when APScheduler runs it.
_ACTIVE: dict[str, DigestScheduler] = {}


async def digest_job(scheduler_key: str, subscription_id: int) -> None:
    """The APScheduler job: deliver one subscription's digest for the period now due."""
    scheduler = _ACTIVE.get(scheduler_key)
    if scheduler is None:
        log.warning("digest job for subscription %s: its scheduler has stopped", subscription_id)
        return
    await scheduler.deliver(subscription_id)


class DigestScheduler:
    """Schedules every subscription on the running platforms and delivers digests.

    `senders` maps platform names to running adapters (the runtime's
    `adapters` dict, read at delivery time). `clock`, `sleep` and
    `build_digest` are injectable so tests drive time without waiting.
    """

    def __init__(
        self,
        store: Store,
        senders: Mapping[str, Sender],
        *,
        config: Config | None = None,
        settings: DigestSettings | None = None,
        clock: Clock | None = None,
        sleep: Sleep = asyncio.sleep,
        build_digest: DigestBuilder | None = None,
    ) -> None:
        self.store = store
        self.senders = senders
        self.config = config or Config()
        self.settings = settings or DigestSettings.from_config(self.config)
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.sleep = sleep
        self._build_digest = build_digest
        self.key = uuid.uuid4().hex
        self._scheduler: AsyncIOScheduler | None = None
        self._running: set[asyncio.Task[Any]] = set()

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Sync config subscriptions and schedule every subscription of a running platform."""
        _ACTIVE[self.key] = self
        sync_config_subscriptions(self.store, self.config)
        grace_seconds = max(1, int(self.settings.grace.total_seconds()))
        self._scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": grace_seconds},
        )
        for row in self.store.subscriptions():
            self.schedule(row["id"])
        self._scheduler.start()
        log.info("digest scheduler started: %d jobs", len(self._scheduler.get_jobs()))

    def add_periodic_job(self, func_ref: str, *, seconds: int, job_id: str) -> None:
        """Run a module-level job ('module:function', no arguments) every `seconds`.

        Jobs are given by reference so the scheduler holds nothing stale; a
        blocking job runs in APScheduler's worker threads, off the event loop.
        """
        if self._scheduler is None:
            raise RuntimeError("the scheduler is not started")
        self._scheduler.add_job(
            func_ref,
            trigger="interval",
            seconds=seconds,
            id=job_id,
            name=job_id,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
        )

    async def catch_up(self, now: datetime | None = None) -> list[DeliveryOutcome]:
        """Deliver runs missed while the bot was down (within the grace); record older ones as missed."""
        rows = [r for r in self.store.subscriptions() if r["platform"] in self.senders]
        outcomes = await asyncio.gather(*(self.deliver(r["id"], now=now, quiet=True) for r in rows))
        return list(outcomes)

    def begin_catch_up(self, now: datetime | None = None) -> asyncio.Task[list[DeliveryOutcome]]:
        """Run `catch_up` in the background; `stop` waits for it like any running delivery."""
        task = asyncio.create_task(self.catch_up(now), name="digest-catch-up")
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return task

    async def stop(self, timeout: float = 30.0) -> None:
        """Stop scheduling; let running deliveries finish for up to `timeout`, then interrupt and record them."""
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.pause()  # no new runs while the running ones finish
        pending = {task for task in self._running if not task.done()}
        if pending:
            log.info("waiting for %d digest deliveries to finish", len(pending))
            _, late = await asyncio.wait(pending, timeout=timeout)
            for task in late:
                task.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        _ACTIVE.pop(self.key, None)

    # ------------------------------------------------------------ jobs

    def schedule(self, subscription_id: int) -> datetime | None:
        """(Re)schedule one subscription; returns its next run, or None if its platform is not running.

        Safe to call from a command handler's worker thread.
        """
        row = self.store.subscription(subscription_id)
        if row is None:
            self.unschedule(subscription_id)
            return None
        try:
            sub = Subscription.from_row(row)
        except ScheduleError as exc:
            log.error("subscription %s (%s %s) not scheduled: %s", row["id"], row["platform"], row["channel"], exc)
            return None
        if sub.platform not in self.senders:
            log.info("subscription %s on %s not scheduled: %s is not running", sub.id, sub.platform, sub.platform)
            return None
        if self._scheduler is not None:
            self._scheduler.add_job(
                JOB_FUNCTION,
                trigger=DailyTrigger(sub.at, sub.zone.key),
                args=[self.key, sub.id],
                id=self.job_id(sub.id),
                name=f"digest {sub.platform} {sub.channel} {sub.schedule_text()}",
                replace_existing=True,
            )
        return sub.next_fire(self.clock())

    def unschedule(self, subscription_id: int) -> None:
        """Remove a subscription's job, if it has one."""
        if self._scheduler is None:
            return
        try:
            self._scheduler.remove_job(self.job_id(subscription_id))
        except JobLookupError:
            pass

    @staticmethod
    def job_id(subscription_id: int) -> str:
        """The APScheduler job id of a subscription."""
        return f"digest-{subscription_id}"

    def next_run(self, subscription_id: int) -> datetime | None:
        """When APScheduler will next run a subscription's job, if scheduled."""
        if self._scheduler is None:
            return None
        job = self._scheduler.get_job(self.job_id(subscription_id))
        return getattr(job, "next_run_time", None) if job else None

    # ------------------------------------------------------------ delivery

    async def deliver(self, subscription_id: int, now: datetime | None = None, quiet: bool = False) -> DeliveryOutcome:
        """Deliver the digest of the run due at `now` (default: the clock), at most once per period.

        `quiet` logs already-decided periods at debug level (the start-up catch-up
        sees every subscription).
        """
        now = now or self.clock()
        row = self.store.subscription(subscription_id)
        if row is None:
            return DeliveryOutcome(subscription_id, GONE)
        try:
            sub = Subscription.from_row(row)
        except ScheduleError as exc:
            log.error("subscription %s: %s", subscription_id, exc)
            return DeliveryOutcome(subscription_id, INVALID, row["platform"], row["channel"], error=str(exc))
        sender = self.senders.get(sub.platform)
        if sender is None:
            return DeliveryOutcome(sub.id, NO_ADAPTER, sub.platform, sub.channel)
        fire = sub.last_fire(now)
        outcome = DeliveryOutcome(sub.id, NOT_DUE, sub.platform, sub.channel, sub.period(fire))
        if fire < sub.created_at:
            return outcome  # subscribed (or changed) after this run was due
        return await self._deliver_run(sub, sender, fire, now, quiet)

    async def _deliver_run(
        self, sub: Subscription, sender: Sender, fire: datetime, now: datetime, quiet: bool
    ) -> DeliveryOutcome:
        """Decide, record and carry out one run of one subscription."""
        period = sub.period(fire)
        start, end = self._window(sub, fire)
        label = f"{sub.platform} {sub.channel} {period}"
        late = now - fire
        status = POSTING if late <= self.settings.grace else MISSED
        delivery_id = self.store.claim_delivery(
            platform=sub.platform,
            channel=sub.channel,
            period=period,
            subscription_id=sub.id,
            scheduled_for=fire.isoformat(),
            window_start=start.isoformat(),
            window_end=end.isoformat(),
            status=status,
        )
        if delivery_id is None:
            (log.debug if quiet else log.info)("digest %s: already decided, not posting again", label)
            return DeliveryOutcome(sub.id, DUPLICATE, sub.platform, sub.channel, period)
        if status == MISSED:
            log.warning(
                "digest %s: missed (due %s, %s late, grace %s); skipped",
                label,
                fire.isoformat(),
                _duration(late),
                _duration(self.settings.grace),
            )
            return DeliveryOutcome(sub.id, MISSED, sub.platform, sub.channel, period)
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        attempts, error, final = 0, None, FAILED
        progress = SendProgress()
        try:
            reply = await asyncio.to_thread(self._build, sub, start, end)
            if reply.is_error:
                error = f"digest could not be built: {reply.title}"
            elif story_count(reply) == 0 and not self.settings.post_when_empty:
                final = EMPTY
            else:
                if story_count(reply) == 0:
                    reply = nothing_new_reply(sub, start, end)
                attempts, error = await post_with_retry(
                    sender,
                    sub.channel,
                    reply,
                    delays=self.settings.retry_delays,
                    sleep=self.sleep,
                    timeout=self.settings.send_timeout,
                    label=label,
                    progress=progress,
                )
                final = POSTED if error is None else FAILED
        except asyncio.CancelledError:
            final, error = INTERRUPTED, "stopped before the digest was posted"
            raise
        except Exception as exc:  # noqa: BLE001 - a broken digest must not stop the scheduler
            log.exception("digest %s failed", label)
            error = f"{type(exc).__name__}: {exc}"
        finally:
            self.store.finish_delivery(delivery_id, status=final, attempts=attempts, error=error)
            if task is not None:
                self._running.discard(task)
            if final == POSTED:
                log.info(
                    "digest %s posted (%d attempt%s, %d part%s, first message %s)",
                    label,
                    attempts,
                    "" if attempts == 1 else "s",
                    progress.parts_sent,
                    "" if progress.parts_sent == 1 else "s",
                    progress.first_ref or "-",
                )
        return DeliveryOutcome(sub.id, final, sub.platform, sub.channel, period, attempts, error, progress.first_ref)

    def _window(self, sub: Subscription, fire: datetime) -> tuple[datetime, datetime]:
        """The run's window: since the previous day's run, or since the channel's last delivered window.

        When the runs before were missed or failed, their articles are still new
        to the channel, so the window reaches back to the end of the last window
        that was posted (or found empty), up to `MAX_WINDOW`.
        """
        start, end = sub.window(fire)
        last_end = self.store.last_delivered_window_end(sub.platform, sub.channel, before=start.isoformat())
        if last_end:
            try:
                delivered_until = datetime.fromisoformat(last_end)
            except ValueError:
                return start, end
            if delivered_until.tzinfo is not None:
                start = min(start, max(delivered_until, end - MAX_WINDOW))
        return start, end

    def _build(self, sub: Subscription, start: datetime, end: datetime) -> Reply:
        """Build the digest of one window (runs in a worker thread).

        The window is on ingest time: a run posts what entered the store since
        the previous run, so date-only articles are not posted on two days and
        an old article ingested late is still posted once.
        """
        builder = self._build_digest or _default_builder()
        return builder(
            self.store, start=start, end=end, topic=sub.topic, max_chars=self.settings.max_chars, basis="ingested"
        )


def _duration(delta: timedelta) -> str:
    """'2h05m' for log lines."""
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"


def subscription_reply(title: str, lines: list[str], is_error: bool = False) -> Reply:
    """A short reply for the subscription commands."""
    return Reply(title=title, sections=[Section(text="\n".join(lines))] if lines else [], is_error=is_error)
