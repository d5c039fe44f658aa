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

Scheduler interface: call `configure_feed_jobs(store, config,
notify=...)` once at start, then either schedule `poll_due_feeds_job()` every
minute (recommended: it honours each feed's interval and back-off), or
`poll_feed_job(feed_id)` per feed. Both are module-level and take only ids.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.config import Config
from bot.ingest.feed_pages import FeedEntry, FeedError, Page, fetch_page, html_to_text, iso, parse_feed
from bot.ingest.fetch import FEED_TYPES, Fetcher, FetchError, looks_binary
from bot.ingest.near_duplicates import near_duplicate_index, text_signature
from bot.ingest.urls import UrlError, canonical_url, host_of
from bot.models import ArticleInput
from bot.store import Store

if TYPE_CHECKING:  # spaCy is slow to import; `feeds list` should not wait for it
    from spacy.language import Language

log = logging.getLogger(__name__)


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


# ---------------------------------------------------------------- settings


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


def _parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ---------------------------------------------------------------- results


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


# ---------------------------------------------------------------- storing one article


@dataclass
class _Candidate:
    """An article about to be stored: where it came from and what it says."""

    url: str
    canonical: str
    outlet: str | None
    title: str | None
    published: str | None
    fallback_html: str = ""  # the feed entry's content, used when the page fails
    page: Page | None = None
    page_error: FetchError | None = None


def ingest_url(
    store: Store,
    url: str,
    *,
    fetcher: Fetcher,
    outlet: str | None = None,
    published: str | None = None,
    settings: FeedSettings | None = None,
    nlp: Language | None = None,
) -> EntryOutcome:
    """Fetch one article page and ingest it, unless the store already has it.

    Returns the outcome; never raises for bad input (refused, unreachable or
    non-HTML URLs are FAILED with the reason).
    """
    settings = settings or FeedSettings()
    try:
        canonical = canonical_url(url)
    except UrlError as exc:
        return EntryOutcome(url, FAILED, message=str(exc))
    candidate = _Candidate(url, canonical, outlet, None, published)
    known = _known_article(store, candidate)
    if known is not None:
        return known
    _fetch_into(fetcher, candidate)
    return _store_candidate(store, candidate, settings, nlp)


def _known_article(store: Store, candidate: _Candidate) -> EntryOutcome | None:
    """A DUPLICATE outcome when the canonical URL is already an article's."""
    article_id = store.article_id_for_url(candidate.canonical)
    if article_id is None:
        return None
    if candidate.outlet:
        store.add_article_outlet(article_id, candidate.outlet, candidate.url)
    return EntryOutcome(candidate.url, DUPLICATE, article_id, "already stored under this URL")


def _stopped(stop: threading.Event | None) -> bool:
    """True once the running bot asked polls to stop (see `stop_polling`)."""
    return stop is not None and stop.is_set()


def _fetch_into(fetcher: Fetcher, candidate: _Candidate, stop: threading.Event | None = None) -> None:
    if _stopped(stop):
        return
    try:
        candidate.page = fetch_page(fetcher, candidate.url)
    except FetchError as exc:
        log.info("%s", exc)
        candidate.page_error = exc


def _store_candidate(store: Store, candidate: _Candidate, settings: FeedSettings, nlp: Language | None) -> EntryOutcome:
    """Dedupe a fetched candidate by declared URL and text, then ingest it."""
    page = candidate.page
    fallback_text = html_to_text(candidate.fallback_html) if candidate.fallback_html else ""
    if page is None or not page.text:
        if not fallback_text:
            reason = (
                str(candidate.page_error)
                if candidate.page_error
                else f"{candidate.url}: no article text found on the page"
            )
            return EntryOutcome(candidate.url, FAILED, message=reason)
        log.info(
            "%s: using the feed's own content (%s)",
            candidate.url,
            candidate.page_error or "no article text on the page",
        )
    aliases = _page_aliases(candidate)
    for alias in aliases:
        article_id = store.article_id_for_url(alias)
        if article_id is not None:
            _record_carrier(store, article_id, candidate, aliases)
            return EntryOutcome(candidate.url, DUPLICATE, article_id, "already stored under its canonical URL")
    used_fallback = page is None or not page.text
    text = fallback_text if used_fallback else page.text  # type: ignore[union-attr]
    outlet = candidate.outlet or (page.site_name if page else None) or host_of(candidate.url) or None
    candidate.outlet = outlet
    index = near_duplicate_index(store, settings.near_duplicate_threshold)
    signature, words = text_signature(text)
    twin = index.find(signature)
    if twin is not None:
        # The same outlet under an unrecognised URL is a duplicate; another outlet is syndication.
        carriers = {name.lower() for name in store.article_outlets(twin)}
        status = DUPLICATE if (outlet or "").lower() in carriers else SYNDICATED
        _record_carrier(store, twin, candidate, aliases)
        return EntryOutcome(candidate.url, status, twin, "near-identical text already stored", used_fallback)
    article = ArticleInput(
        name=candidate.canonical,
        source=candidate.url,
        raw=text if used_fallback else page.html,  # type: ignore[union-attr]
        format="text" if used_fallback else "html",
        title=candidate.title or (page.title if page else None),
        outlet=outlet,
        url=candidate.url,
        published=candidate.published or (page.published if page else None),
    )
    from bot.ingest import pipeline  # spaCy is heavy: load it only when an article is stored

    report = pipeline.ingest_articles(store, [article], nlp=nlp)
    if report.errors:
        return EntryOutcome(candidate.url, FAILED, message=str(report.errors[0]), used_fallback=used_fallback)
    stored = store.article_by_name(candidate.canonical)
    if stored is None and report.unchanged:  # byte-identical content stored under another name
        stored = store.article_by_hash(pipeline.content_hash(article))
        if stored is not None:
            _record_carrier(store, stored["id"], candidate, aliases)
            return EntryOutcome(
                candidate.url, DUPLICATE, stored["id"], "identical content already stored", used_fallback
            )
    if stored is None:
        return EntryOutcome(candidate.url, FAILED, message=f"{candidate.url}: the article was not stored")
    for alias in aliases:
        store.add_article_url(alias, stored["id"], outlet)
    index.add(stored["id"], signature, words)
    return EntryOutcome(candidate.url, INGESTED, stored["id"], used_fallback=used_fallback)


def _page_aliases(candidate: _Candidate) -> list[str]:
    """Canonical forms of every URL the page is known by: asked, redirected to, declared."""
    aliases = [candidate.canonical]
    if candidate.page is not None:
        for other in (candidate.page.final_url, candidate.page.declared_url):
            try:
                alias = canonical_url(other) if other else None
            except UrlError:
                alias = None
            if alias and alias not in aliases:
                aliases.append(alias)
    return aliases


def _record_carrier(store: Store, article_id: int, candidate: _Candidate, aliases: Iterable[str]) -> None:
    """Record that the candidate's outlet carried a stored article, under the candidate's URLs."""
    if candidate.outlet:
        store.add_article_outlet(article_id, candidate.outlet, candidate.url)
    for alias in aliases:
        store.add_article_url(alias, article_id, candidate.outlet)


# ---------------------------------------------------------------- polling


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
        if _stopped(stop):
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
    pending: list[tuple[FeedEntry, _Candidate, int]] = []
    outcomes: list[EntryOutcome] = []
    for entry in entries[: settings.max_entries_per_poll]:
        record = store.feed_entry(feed_id, entry.key)
        attempts = record["attempts"] if record else 0
        if record and (record["status"] != FAILED or attempts >= settings.max_entry_attempts):
            continue  # seen before: a re-timed or re-published entry is not the news again
        candidate = _Candidate(
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
        list(pool.map(lambda c: _fetch_into(fetcher, c, stop), to_fetch))
    for entry, candidate, attempts in pending:
        if _stopped(stop):
            break  # unrecorded entries are taken by the next poll
        try:
            outcome = _known_article(store, candidate) or _store_candidate(store, candidate, settings, nlp)
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
    last_new = _parse_iso(changes.get("last_new_entry_at") or feed["last_new_entry_at"] or feed["added_at"])
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
        if _stopped(stop):
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
    due = _parse_iso(feed["next_poll_at"])
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
