"""Live coverage: polling RSS/Atom feeds and ingesting article pages, without duplicates.

A feed is polled with a conditional request (ETag / Last-Modified); each entry
not seen before has its page fetched (bot.ingest.fetch: bounded, polite, no internal
hosts) and its main text extracted with trafilatura, falling back to the
entry's own content when the page cannot be had. The article then goes
through the normal ingest pipeline (`bot.ingest.pipeline.ingest_articles`).

Duplicates collapse at three levels:

1. URLs: every address is canonicalised (bot.ingest.urls) and looked up among the
   canonical URLs articles were seen under, so tracking parameters, AMP forms
   and http/https variants find the stored article;
2. entries: an entry already recorded for a feed (by guid, else URL) is not
   processed again, even when the feed re-times or re-publishes it;
3. text: a MinHash signature over word shingles is checked against an LSH
   index (rebuilt from the signatures in the store); a syndicated copy of a
   stored article is not stored again, its outlet is recorded as carrying it.

Feed health: failures back off exponentially; after `max_failures` in a row a
feed is "failing" (or "garbage" when it returned something that is not a
feed), a feed without new entries for `stale_after_hours` is "stale", and a
feed failing `PAUSE_FACTOR` times longer is paused until re-added. Each change
of health is reported once (PollResult.health_message and the notifier).

The module is split by concern: settings, intervals, health states and poll
results in `bot.ingest.feed_status`; fetching and storing one article in
`bot.ingest.feed_articles`; polling and the scheduler jobs here (every name
stays importable from here).

Scheduler interface: call `configure_feed_jobs(store, config,
notify=...)` once at start, then either schedule `poll_due_feeds_job()` every
minute (recommended: it honours each feed's interval and back-off), or
`poll_feed_job(feed_id)` per feed. Both are module-level and take only ids.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.config import Config
from bot.ingest.feed_articles import EntryCandidate as EntryCandidate
from bot.ingest.feed_articles import fetch_into as fetch_into
from bot.ingest.feed_articles import ingest_url as ingest_url
from bot.ingest.feed_articles import known_article as known_article
from bot.ingest.feed_articles import stop_requested as stop_requested
from bot.ingest.feed_articles import store_candidate as store_candidate
from bot.ingest.feed_pages import FeedEntry as FeedEntry
from bot.ingest.feed_pages import FeedError as FeedError
from bot.ingest.feed_pages import Page as Page
from bot.ingest.feed_pages import fetch_page as fetch_page
from bot.ingest.feed_pages import html_to_text as html_to_text
from bot.ingest.feed_pages import iso as iso
from bot.ingest.feed_pages import parse_feed as parse_feed
from bot.ingest.feed_status import DEFAULT_EVERY_SECONDS as DEFAULT_EVERY_SECONDS
from bot.ingest.feed_status import DUPLICATE as DUPLICATE
from bot.ingest.feed_status import FAILED as FAILED
from bot.ingest.feed_status import FAILING as FAILING
from bot.ingest.feed_status import GARBAGE as GARBAGE
from bot.ingest.feed_status import INGESTED as INGESTED
from bot.ingest.feed_status import MAX_BACKOFF_SECONDS as MAX_BACKOFF_SECONDS
from bot.ingest.feed_status import MIN_EVERY_SECONDS as MIN_EVERY_SECONDS
from bot.ingest.feed_status import OK as OK
from bot.ingest.feed_status import PAUSE_FACTOR as PAUSE_FACTOR
from bot.ingest.feed_status import PAUSED as PAUSED
from bot.ingest.feed_status import STALE as STALE
from bot.ingest.feed_status import SYNDICATED as SYNDICATED
from bot.ingest.feed_status import EntryOutcome as EntryOutcome
from bot.ingest.feed_status import FeedSettings as FeedSettings
from bot.ingest.feed_status import PollResult as PollResult
from bot.ingest.feed_status import describe_feed as describe_feed
from bot.ingest.feed_status import format_interval as format_interval
from bot.ingest.feed_status import health_message as health_message
from bot.ingest.feed_status import parse_interval as parse_interval
from bot.ingest.feed_status import parse_iso as parse_iso
from bot.ingest.fetch import FEED_TYPES, Fetcher, FetchError, looks_binary
from bot.ingest.near_duplicates import near_duplicate_index as near_duplicate_index
from bot.ingest.near_duplicates import text_signature as text_signature
from bot.ingest.urls import canonical_url
from bot.store import Store

if TYPE_CHECKING:  # spaCy is slow to import; `feeds list` should not wait for it
    from spacy.language import Language

log = logging.getLogger(__name__)


_POLL_LOCK = threading.Lock()  # one poll at a time: spaCy and the store are used serially anyway


def poll_feed(
    store: Store,
    feed_id: int,
    *,
    fetcher: Fetcher,
    now: datetime | None = None,
    settings: FeedSettings | None = None,
    nlp: Language | None = None,
    stop: threading.Event | None = None,
) -> PollResult:
    """Poll one feed now: conditional fetch, new entries ingested, health updated.

    Once `stop` is set (the bot is shutting down) the poll ends after the page
    or entry at hand; entries left are unrecorded, so the next poll takes them.

    Never raises for a bad feed or page: failures are in the result and the
    feed's health, and the next poll is scheduled (with back-off on failure).
    """
    settings = settings or FeedSettings()
    now = now or datetime.now(UTC)
    with _POLL_LOCK:
        feed = store.feed(feed_id)
        if feed is None:
            return PollResult(feed_id, "", status="missing", error=f"feed {feed_id}: no such feed")
        result = PollResult(feed_id, feed["url"], health=feed["health"])
        try:
            fetched = fetcher.fetch(
                feed["url"],
                etag=feed["etag"],
                last_modified=feed["last_modified"],
                accept=", ".join(FEED_TYPES[:5]) + ", */*;q=0.1",
            )
        except FetchError as exc:
            return _poll_failed(store, feed, result, str(exc), FAILING, now, settings)
        if fetched.not_modified:
            result.status = "not-modified"
            _poll_succeeded(store, feed, result, {}, now, settings)
            return result
        if looks_binary(fetched):
            reason = f"{feed['url']}: not a feed ({fetched.content_type or 'binary content'})"
            return _poll_failed(store, feed, result, reason, GARBAGE, now, settings)
        try:
            parsed = parse_feed(fetched.content, feed["url"], fetched.headers.get("content-type", ""))
        except FeedError as exc:
            return _poll_failed(store, feed, result, str(exc), GARBAGE, now, settings)
        if parsed.warning:
            log.info("%s: parsed despite %s", feed["url"], parsed.warning)
        changes: dict[str, Any] = {"etag": fetched.etag, "last_modified": fetched.last_modified}
        if parsed.title and not feed["title"]:
            changes["title"] = parsed.title
        outlet = feed["outlet"] or parsed.title or feed["title"]
        result.entries = _process_entries(store, feed_id, parsed.entries, outlet, fetcher, settings, nlp, stop)
        if stop_requested(stop):
            # Entries may be left unprocessed: without the validators the next poll reads the whole feed again.
            changes = {}
        if result.count(INGESTED):
            changes["last_new_entry_at"] = iso(now)
        _poll_succeeded(store, feed, result, changes, now, settings)
        return result


def _process_entries(
    store: Store,
    feed_id: int,
    entries: list[FeedEntry],
    outlet: str | None,
    fetcher: Fetcher,
    settings: FeedSettings,
    nlp: Language | None,
    stop: threading.Event | None = None,
) -> list[EntryOutcome]:
    """Ingest the entries not seen before; pages are fetched a few at a time."""
    pending: list[tuple[FeedEntry, EntryCandidate, int]] = []
    outcomes: list[EntryOutcome] = []
    for entry in entries[: settings.max_entries_per_poll]:
        record = store.feed_entry(feed_id, entry.key)
        attempts = record["attempts"] if record else 0
        if record and (record["status"] != FAILED or attempts >= settings.max_entry_attempts):
            continue  # seen before: a re-timed or re-published entry is not the news again
        candidate = EntryCandidate(
            entry.url, canonical_url(entry.url), outlet, entry.title, entry.published, entry.content_html
        )
        pending.append((entry, candidate, attempts + 1))
    to_fetch, queued = [], set()
    for _entry, candidate, _attempts in pending:
        # Two links to one article in the same feed are fetched once; the second finds the first stored.
        if candidate.canonical not in queued and store.article_id_for_url(candidate.canonical) is None:
            queued.add(candidate.canonical)
            to_fetch.append(candidate)
    workers = max(1, min(fetcher.settings.max_concurrent, len(to_fetch)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="briefbot-fetch") as pool:
        list(pool.map(lambda c: fetch_into(fetcher, c, stop), to_fetch))
    for entry, candidate, attempts in pending:
        if stop_requested(stop):
            break  # unrecorded entries are taken by the next poll
        try:
            outcome = known_article(store, candidate) or store_candidate(store, candidate, settings, nlp)
        except Exception as exc:  # one bad entry must not stop the feed
            log.exception("feed %s: entry %s failed", feed_id, entry.url)
            outcome = EntryOutcome(entry.url, FAILED, message=f"{entry.url}: {type(exc).__name__}: {exc}")
        if outcome.status == FAILED:
            log.warning("feed %s: %s", feed_id, outcome.message)
        store.save_feed_entry(
            feed_id,
            entry.key,
            {
                "url": entry.url,
                "canonical_url": candidate.canonical,
                "title": entry.title,
                "published": entry.published,
                "status": outcome.status,
                "article_id": outcome.article_id,
                "attempts": attempts,
                "error": outcome.message if outcome.status == FAILED else None,
            },
        )
        outcomes.append(outcome)
    return outcomes


def _poll_succeeded(
    store: Store,
    feed: dict[str, Any],
    result: PollResult,
    changes: dict[str, Any],
    now: datetime,
    settings: FeedSettings,
) -> None:
    last_new = parse_iso(changes.get("last_new_entry_at") or feed["last_new_entry_at"] or feed["added_at"])
    stale = last_new is not None and now - last_new > timedelta(hours=settings.stale_after_hours)
    health = STALE if stale else OK
    changes.update(
        last_polled_at=iso(now),
        last_success_at=iso(now),
        next_poll_at=iso(now + timedelta(seconds=feed["every_seconds"])),
        consecutive_failures=0,
        last_error=f"no new entries since {iso(last_new)}" if stale and last_new is not None else None,
        health=health,
    )
    _set_health(store, feed, result, health, changes)


def _poll_failed(
    store: Store,
    feed: dict[str, Any],
    result: PollResult,
    reason: str,
    kind: str,
    now: datetime,
    settings: FeedSettings,
) -> PollResult:
    log.warning("feed %s: %s", feed["id"], reason)
    failures = feed["consecutive_failures"] + 1
    result.status, result.error = "failed", reason
    backoff = min(feed["every_seconds"] * 2 ** min(failures - 1, 16), MAX_BACKOFF_SECONDS)
    changes: dict[str, Any] = {
        "last_polled_at": iso(now),
        "next_poll_at": iso(now + timedelta(seconds=backoff)),
        "consecutive_failures": failures,
        "last_error": reason,
    }
    # A few failures are weather; only a run of them changes what admins are told.
    health = kind if failures >= settings.max_failures else (feed["health"] if feed["health"] in (OK, STALE) else OK)
    if failures >= settings.max_failures * PAUSE_FACTOR:
        health = PAUSED
        changes["paused"] = 1
    changes["health"] = health
    _set_health(store, feed, result, health, changes)
    return result


def _set_health(store: Store, feed: dict[str, Any], result: PollResult, health: str, changes: dict[str, Any]) -> None:
    """Save the feed's changes; a health different from the one last reported is reported once."""
    reported = feed["health_reported"] or OK
    result.health = health
    if health != reported:
        result.health_message = health_message(
            feed, health, changes.get("last_error"), changes.get("consecutive_failures", 0)
        )
        changes["health_reported"] = health
    store.update_feed(feed["id"], changes)


def poll_due_feeds(
    store: Store,
    fetcher: Fetcher,
    now: datetime | None = None,
    *,
    settings: FeedSettings | None = None,
    notify: Callable[[str], None] | None = None,
    nlp: Language | None = None,
    stop: threading.Event | None = None,
) -> list[PollResult]:
    """Poll every feed whose next poll is due; health changes go to `notify` (once each).

    Once `stop` is set no further feed is polled (and the one under way ends soon).
    """
    now = now or datetime.now(UTC)
    results = []
    for feed_id in store.due_feed_ids(iso(now)):
        if stop_requested(stop):
            break
        try:
            result = poll_feed(store, feed_id, fetcher=fetcher, now=now, settings=settings, nlp=nlp, stop=stop)
        except Exception as exc:  # a bug on one feed must not starve the others
            log.exception("feed %s: poll failed", feed_id)
            result = PollResult(feed_id, "", status="failed", error=f"feed {feed_id}: {type(exc).__name__}: {exc}")
        log.info("%s", result.summary())
        _notify(notify, result)
        results.append(result)
    return results


def _notify(notify: Callable[[str], None] | None, result: PollResult) -> None:
    if notify is None or not result.health_message:
        return
    try:
        notify(result.health_message)
    except Exception:  # a platform outage must not stop polling
        log.exception("could not report feed health: %s", result.health_message)


# ---------------------------------------------------------------- scheduler jobs


@dataclass
class _JobContext:
    store: Store
    fetcher: Fetcher
    settings: FeedSettings
    notify: Callable[[str], None] | None
    # Set when the bot shuts down: a poll job under way in a worker thread (which the event
    # loop waits for on exit) ends after the page or entry at hand. Only jobs see it.
    stopping: threading.Event = field(default_factory=threading.Event)


def stop_polling() -> None:
    """Ask the scheduler's feed polls under way to stop soon and new ones not to start."""
    if _JOBS is not None:
        _JOBS.stopping.set()


_JOBS: _JobContext | None = None


def configure_feed_jobs(
    store: Store,
    config: Config,
    *,
    fetcher: Fetcher | None = None,
    notify: Callable[[str], None] | None = None,
) -> None:
    """Give the module-level jobs their store, fetcher and health notifier (call once at start)."""
    global _JOBS
    _JOBS = _JobContext(store, fetcher or Fetcher.from_config(config), FeedSettings.from_config(config), notify)


def poll_feed_job(feed_id: int) -> None:
    """Scheduler job: poll one feed if it is due (back-off respected); health reported once."""
    if _JOBS is None:
        log.error("feed %s: feed jobs are not configured (call configure_feed_jobs first)", feed_id)
        return
    feed = _JOBS.store.feed(feed_id)
    if feed is None or feed["paused"]:
        return
    due = parse_iso(feed["next_poll_at"])
    if due is not None and due > datetime.now(UTC):
        return
    try:
        result = poll_feed(_JOBS.store, feed_id, fetcher=_JOBS.fetcher, settings=_JOBS.settings, stop=_JOBS.stopping)
    except Exception:  # the scheduler must keep running
        log.exception("feed %s: poll failed", feed_id)
        return
    log.info("%s", result.summary())
    _notify(_JOBS.notify, result)


def poll_due_feeds_job() -> None:
    """Scheduler job: poll every due feed (schedule it every minute)."""
    if _JOBS is None:
        log.error("feed jobs are not configured (call configure_feed_jobs first)")
        return
    poll_due_feeds(_JOBS.store, _JOBS.fetcher, settings=_JOBS.settings, notify=_JOBS.notify, stop=_JOBS.stopping)
