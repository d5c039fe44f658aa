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
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Config
from bot.digests.build import build_digest
from bot.digests.subscriptions import (
    DEFAULT_GRACE,
    MAX_WINDOW,
    DailyTrigger,
    ScheduleError,
    Subscription,
    sync_config_subscriptions,
)
from bot.reply import Reply, Section, SendProgress
from bot.store import Store

log = logging.getLogger(__name__)

# Seconds to wait before each retry of a failed post: platform outages are
# usually seconds to minutes long, and the digest is still useful an hour late.
DEFAULT_RETRY_DELAYS: tuple[float, ...] = (2.0, 10.0, 60.0, 300.0)
DEFAULT_SEND_TIMEOUT = 60.0
DIGEST_MAX_CHARS = 3500
JOB_FUNCTION = "bot.digests.schedule:digest_job"  # a text reference: jobs never hold the function object

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


# ---------------------------------------------------------------- delivery


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
    """The core digest builder."""
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

    def on_job_done(self, job_id: str, callback: Callable[[], None]) -> None:
        """Call `callback` (from the job's thread) each time job `job_id` finishes, as watches do after a feed poll."""
        if self._scheduler is None:
            raise RuntimeError("the scheduler is not started")
        from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

        def listener(event: Any) -> None:
            if getattr(event, "job_id", None) == job_id:
                callback()

        self._scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

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
