"""The running bot's watch checks: find new statements, decide alerts once, post them within the hourly limit.

A check reads the statements of articles that entered the store since each
watch's cursor (`articles.ingested_at`), whoever stored them: a feed poll, a
chat `ingest <url>`, or a `briefbot ingest` run in another process on the same
file. It runs every `[watches] check_seconds` (at most a minute) and at once
when poked (after a feed poll or a chat ingest).

Deciding and posting are apart. Deciding inserts one `watch_alerts` row per
(watch, proposition, kind) (`decide_alert`); the unique key makes that the
decision, so a second outlet, a later check or a restart never alerts again.
Posting takes pending rows per channel within `max_alerts_per_hour`: when
more are waiting than the hour allows, the last slot carries one "… and N
more" message for the rest; with no slot left they wait for the next hour.
A post is claimed (`posting`) before it is sent and retried like a digest
(`post_with_retry`, resuming a partly posted reply), so a platform failure
never double-posts; a bot stopped mid-post records it as interrupted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.config import Config
from bot.digests.schedule import DEFAULT_RETRY_DELAYS, DEFAULT_SEND_TIMEOUT, Sender, post_with_retry
from bot.reply import Reply, SendProgress
from bot.store import Row, Store
from bot.store.watches import ALERT_FAILED, ALERT_GONE, ALERT_INTERRUPTED, ALERT_PENDING, ALERT_POSTED
from bot.watches.alerts import MAX_FOLDED_LINES, alert_reply, fold_reply, lead
from bot.watches.manage import sync_config_watches
from bot.watches.matching import match_watch
from bot.watches.settings import WatchSettings

log = logging.getLogger(__name__)

HOUR = timedelta(hours=1)
# An alert shows two wordings; a few dozen statements behind it are plenty to pick them and list the outlets.
MAX_STATEMENTS_PER_ALERT = 50

Clock = Callable[[], datetime]
Sleep = Callable[[float], Any]


def iso(instant: datetime) -> str:
    """An instant as the store writes times (`utc_now`): ISO 8601 UTC to the second."""
    return instant.astimezone(UTC).isoformat(timespec="seconds")


@dataclass
class CheckResult:
    """What one check did: alerts decided, messages posted, alerts folded, posts that failed."""

    decided: list[int] = field(default_factory=list)
    posted: int = 0
    folded: int = 0
    failed: int = 0


class Watcher:
    """Checks every watch of the running platforms and posts their alerts through `senders`.

    `senders` is the runtime's platform → adapter map (read at each check);
    `clock` and `sleep` are injectable so tests drive the hour and the retries.
    """

    def __init__(
        self,
        store: Store,
        senders: Mapping[str, Sender],
        *,
        config: Config | None = None,
        settings: WatchSettings | None = None,
        clock: Clock | None = None,
        sleep: Sleep = asyncio.sleep,
        retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
        send_timeout: float = DEFAULT_SEND_TIMEOUT,
    ) -> None:
        self.store = store
        self.senders = senders
        self.config = config or Config()
        self.settings = settings or WatchSettings.from_config(self.config)
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.sleep = sleep
        self.retry_delays = retry_delays
        self.send_timeout = send_timeout
        self.checks = 0  # completed checks, for tests and logs
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._check_lock: asyncio.Lock | None = None

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Sync `[[watch]]`, settle posts a stopped bot left open, and start checking."""
        await asyncio.to_thread(sync_config_watches, self.store, self.config)
        interrupted = self.store.interrupt_posting_alerts()
        if interrupted:
            log.warning(
                "%d watch alert(s) were being posted when the bot stopped: recorded as interrupted", interrupted
            )
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._check_lock = asyncio.Lock()
        self._task = asyncio.create_task(self._run(), name="watch-checks")
        log.info("watch checks started: every %gs", self.settings.check_seconds)

    def poke(self) -> None:
        """Check soon (new statements were stored); safe from any thread."""
        loop, wake = self._loop, self._wake
        if loop is None or wake is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(wake.set)
        except RuntimeError:
            pass  # the loop is shutting down

    async def stop(self, timeout: float = 30.0) -> None:
        """Stop checking; a check under way may finish for up to `timeout`, then is interrupted."""
        task, self._task = self._task, None
        if task is None:
            return
        if self._check_lock is not None and self._check_lock.locked():
            try:
                await asyncio.wait_for(self._idle(), timeout)
            except TimeoutError:
                pass
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def _idle(self) -> None:
        assert self._check_lock is not None
        async with self._check_lock:
            return

    async def _run(self) -> None:
        """Check now, then at every interval or poke, until cancelled."""
        assert self._wake is not None
        while True:
            try:
                await self.check()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - a broken check must not stop the watches
                log.exception("watch check failed")
            try:
                await asyncio.wait_for(self._wake.wait(), self.settings.check_seconds)
            except TimeoutError:
                pass
            self._wake.clear()

    # ------------------------------------------------------------ one check

    async def check(self) -> CheckResult:
        """Decide alerts for statements stored since the last check, then post what the hourly limit allows."""
        lock = self._check_lock or asyncio.Lock()
        async with lock:
            result = CheckResult()
            result.decided = await asyncio.to_thread(self.decide)
            await self.deliver(result)
            self.checks += 1
            return result

    def decide(self) -> list[int]:
        """Match new statements against every watch of a running platform; record each new alert (blocking)."""
        now = self.clock()
        watches = [w for w in self.store.watches() if w["platform"] in self.senders]
        if not watches:
            return []
        lookback = timedelta(seconds=self.settings.lookback_seconds)
        starts = {w["id"]: self._window_start(w, lookback) for w in watches}
        earliest = min(starts.values())
        latest = self.store.latest_ingested_at()
        if latest is None or latest < earliest:
            # Nothing stored since: no read, and no write (the cursors stay where they are).
            return []
        decided: list[int] = []
        rows = self.store.statements_ingested_since(earliest)
        for watch in watches:
            mine = [r for r in rows if self._is_new(watch, r, starts[watch["id"]])]
            decided += self._decide_watch(watch, mine)
        self.store.set_watches_checked([w["id"] for w in watches], iso(now))
        return decided

    @staticmethod
    def _window_start(watch: Row, lookback: timedelta) -> str:
        """Where a watch's check starts: its cursor less the look-back, never before the watch was made.

        Statements are alerted once whatever the overlap (the alert key is
        unique), so re-reading a little is safe; the look-back catches articles
        whose ingest time was stamped before the previous check but committed after it.
        """
        created = watch["created_at"]
        checked = watch.get("checked_until")
        if not checked:
            return created
        try:
            back = iso(datetime.fromisoformat(checked) - lookback)
        except ValueError:
            return created
        return max(created, back)

    @staticmethod
    def _is_new(watch: Row, row: Row, start: str) -> bool:
        """True for a statement in the watch's window that was stored after the watch was made.

        Ingest times have whole seconds, so within the second the watch was made
        the article id decides (ids grow); a later second is new whatever the id
        (a replaced newest article may get its old id back).
        """
        stamp = row.get("ingested_at") or ""
        if stamp < start:
            return False
        return stamp > watch["created_at"] or row["article_id"] > (watch.get("after_article_id") or 0)

    def _decide_watch(self, watch: Row, rows: list[Row]) -> list[int]:
        decided = []
        for candidate in match_watch(self.store, watch, rows):
            if candidate.bind is not None:
                self.store.set_watch_proposition(watch["id"], candidate.bind)
                watch["proposition_id"] = candidate.bind
            alert_id = self.store.decide_alert(
                watch_id=watch["id"],
                platform=watch["platform"],
                channel=watch["channel"],
                proposition_key=candidate.key,
                kind=candidate.kind,
                label=candidate.label,
                statement_ids=[r["id"] for r in candidate.rows][:MAX_STATEMENTS_PER_ALERT],
            )
            if alert_id is not None:
                log.info("watch #%s: %s alert %s on %s", watch["id"], candidate.kind, alert_id, candidate.key)
                decided.append(alert_id)
        return decided

    # ------------------------------------------------------------ posting

    async def deliver(self, result: CheckResult | None = None) -> CheckResult:
        """Post pending alerts of every channel whose platform runs, channels side by side."""
        result = result or CheckResult()
        channels = [(p, c) for p, c in self.store.pending_alert_channels() if p in self.senders]
        await asyncio.gather(*(self._deliver_channel(p, c, result) for p, c in channels))
        return result

    async def _deliver_channel(self, platform: str, channel: str, result: CheckResult) -> None:
        now = self.clock()
        used = self.store.alert_messages_since(platform, channel, iso(now - HOUR))
        budget = self.settings.max_per_hour - used
        if budget <= 0:
            return  # the hour is full: they wait, and go out folded once a slot frees
        pending = self.store.alerts(platform=platform, channel=channel, status=ALERT_PENDING)
        if len(pending) <= budget:
            singles, folded = pending, []
        else:
            singles, folded = pending[: budget - 1], pending[budget - 1 :]
        sender = self.senders[platform]
        for alert in singles:
            await self._post(sender, platform, channel, [alert], result)
        if folded:
            await self._post(sender, platform, channel, folded, result)

    async def _post(self, sender: Sender, platform: str, channel: str, alerts: list[Row], result: CheckResult) -> None:
        """Claim, build and send one message (one alert, or a fold of several), and record how it went."""
        ids = [a["id"] for a in alerts]
        fold = len(alerts) > 1
        if not self.store.claim_alerts(ids, fold=fold, at=iso(self.clock())):
            return  # another check took them
        final, attempts, ref = ALERT_INTERRUPTED, 0, None
        error: str | None = "stopped before the alert was posted"
        try:
            reply = await asyncio.to_thread(self._build, alerts)
            if reply is None:
                final, error = ALERT_GONE, "its statements are no longer stored"
                return
            progress = SendProgress()
            attempts, error = await post_with_retry(
                sender,
                channel,
                reply,
                delays=self.retry_delays,
                sleep=self.sleep,
                timeout=self.send_timeout,
                label=f"watch alert {platform} {channel} #{ids[0]}",
                progress=progress,
            )
            ref = progress.first_ref
            final = ALERT_POSTED if error is None else ALERT_FAILED
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - one broken alert must not stop the others
            log.exception("watch alert %s failed", ids)
            final, error = ALERT_FAILED, f"{type(exc).__name__}: {exc}"
        finally:
            self.store.finish_alerts(ids, status=final, attempts=attempts, error=error, message_ref=ref)
            if final == ALERT_POSTED:
                result.posted += 1
                result.folded += len(ids) if fold else 0
            elif final == ALERT_FAILED:
                result.failed += 1

    def _build(self, alerts: list[Row]) -> Reply | None:
        """The reply of one alert, or the fold of several; None when nothing it quoted is still stored.

        A fold reads only the alerts whose leads it shows: after a long outage
        it can stand for thousands.
        """
        if len(alerts) == 1:
            [alert] = alerts
            rows = self.store.answer_statements(ids=alert["statement_ids"])
            return alert_reply(self.store, alert, rows, self.store.watch(alert["watch_id"])) if rows else None
        leads: list[str] = []
        for alert in alerts:
            if len(leads) == MAX_FOLDED_LINES:
                break
            rows = self.store.answer_statements(ids=alert["statement_ids"])
            if rows:
                leads.append(lead(self.store, alert, rows))
        return fold_reply(leads, len(alerts), self.settings.max_per_hour)
