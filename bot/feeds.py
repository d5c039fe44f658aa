"""Live coverage: polling RSS/Atom feeds and ingesting article pages, without duplicates.

A feed is polled with a conditional request (ETag / Last-Modified); each entry
not seen before has its page fetched (bot.fetch: bounded, polite, no internal
hosts) and its main text extracted with trafilatura, falling back to the
entry's own content when the page cannot be had. The article then goes
through the normal ingest pipeline (`bot.pipeline.ingest_articles`).

Duplicates collapse at three levels:

1. URLs: every address is canonicalised (bot.urls) and looked up among the
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

Scheduler interface (issue 4): call `configure_feed_jobs(store, config,
notify=...)` once at start, then either schedule `poll_due_feeds_job()` every
minute (recommended: it honours each feed's interval and back-off), or
`poll_feed_job(feed_id)` per feed. Both are module-level and take only ids.
"""

from __future__ import annotations

import asyncio
import calendar
import html as html_lib
import logging
import re
import threading
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import feedparser
import trafilatura
from datasketch import LeanMinHash, MinHash, MinHashLSH

from bot.config import Config
from bot.fetch import FEED_TYPES, HTML_TYPES, Fetcher, FetchError, looks_binary, require_html
from bot.models import ArticleInput
from bot.reply import Reply, Section
from bot.store import Store
from bot.urls import UrlError, canonical_url, host_of

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

MIN_ARTICLE_WORDS = 15  # less main text than this is page furniture, not an article
SHINGLE_WORDS = 5
MIN_WORDS_FOR_NEAR_DUP = 40  # shorter texts share too many shingles by chance
NUM_PERM = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # named, so a datasketch default change cannot silently mix schemes

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


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


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


class FeedError(ValueError):
    """A feed document that cannot be parsed into entries."""


# ---------------------------------------------------------------- feed parsing


@dataclass
class FeedEntry:
    """One entry of a feed, reduced to what ingesting needs."""

    key: str  # guid, else canonical link
    url: str
    title: str | None
    published: str | None  # ISO 8601 UTC
    content_html: str  # the entry's own content or summary


@dataclass
class ParsedFeed:
    """A parsed feed document."""

    title: str | None
    entries: list[FeedEntry]
    warning: str | None = None  # a recoverable parse problem (feedparser "bozo")


def parse_feed(content: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Parse RSS 0.9x/1.0/2.0 or Atom bytes; FeedError when it is not a feed at all."""
    parsed = feedparser.parse(content, response_headers={"content-type": content_type} if content_type else None)
    version = parsed.get("version", "")
    exception = parsed.get("bozo_exception")
    problem = f"{type(exception).__name__}: {exception}" if parsed.get("bozo") and exception else None
    # A broken document that still yields entries is usable; one that yields none is garbage.
    if not parsed.entries and (problem or not version):
        what = "a broken feed" if version else "not an RSS or Atom feed"
        raise FeedError(f"{url}: {what}" + (f" ({problem})" if problem else ""))
    entries = []
    for raw in parsed.entries:
        entry = _feed_entry(raw, url)
        if entry is not None:
            entries.append(entry)
    title = parsed.get("feed", {}).get("title") or None
    return ParsedFeed(title=title.strip() if title else None, entries=entries, warning=problem)


def _feed_entry(raw: Any, feed_url: str) -> FeedEntry | None:
    link = raw.get("link") or ""
    if not link:
        for candidate in raw.get("links", []):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if not link:
        return None
    try:
        link_key = canonical_url(link)
    except UrlError:
        log.info("%s: entry link %r is not an http(s) URL; skipped", feed_url, link)
        return None
    guid = (raw.get("id") or "").strip()
    contents = [c.get("value", "") for c in raw.get("content", []) if c.get("value")]
    content_html = max(contents, key=len) if contents else raw.get("summary", "") or ""
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    published = _iso(datetime.fromtimestamp(calendar.timegm(stamp), UTC)) if stamp else None
    return FeedEntry(
        key=f"guid:{guid}" if guid else f"url:{link_key}",
        url=link,
        title=(raw.get("title") or "").strip() or None,
        published=published,
        content_html=content_html,
    )


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one paragraph a line."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", fragment)
    text = re.sub(r"(?i)<br\s*/?>|</(p|div|li|h[1-6]|blockquote)>", "\n", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html_lib.unescape(text)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


# ---------------------------------------------------------------- pages


@dataclass
class Page:
    """A fetched article page: its HTML, main text and metadata."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    html: str
    text: str  # main text as trafilatura extracts it ('' when none)
    title: str | None = None
    published: str | None = None
    site_name: str | None = None
    declared_url: str | None = None  # <link rel=canonical> / og:url


def extract_page(html: str, url: str, final_url: str | None = None) -> Page:
    """Main text and metadata of an HTML page (trafilatura); text is '' when none is found."""
    try:
        text = (
            trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True) or ""
        )
        meta = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        log.info("%s: cannot extract the page (%s)", url, exc)
        return Page(url, final_url or url, html, "")
    return Page(
        url=url,
        final_url=final_url or url,
        html=html,
        text=text.strip() if len(re.findall(r"\w+", text)) >= MIN_ARTICLE_WORDS else "",
        title=getattr(meta, "title", None),
        published=getattr(meta, "date", None),
        site_name=getattr(meta, "sitename", None),
        declared_url=getattr(meta, "url", None),
    )


def fetch_page(fetcher: Fetcher, url: str) -> Page:
    """Fetch and extract an article page; FetchError for refusals, failures and non-HTML."""
    result = fetcher.fetch(url, accept=", ".join(HTML_TYPES) + ";q=1.0, */*;q=0.1")
    html = require_html(result)
    return extract_page(html, url, result.final_url)


# ---------------------------------------------------------------- near-duplicates


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of `size` lower-cased words: what near-duplicate texts share."""
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


def text_signature(text: str) -> tuple[LeanMinHash | None, int]:
    """The MinHash of a text's shingles and its word count; None for texts too short to compare."""
    words = len(re.findall(r"\w+", text))
    if words < MIN_WORDS_FOR_NEAR_DUP:
        return None, words
    minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return LeanMinHash(minhash), words


class NearDuplicateIndex:
    """An LSH index over the store's article signatures, for finding syndicated copies.

    Built from the `article_minhash` table on first use; articles stored
    without a signature (ingested from files) get one computed then.
    """

    def __init__(self, store: Store, threshold: float) -> None:
        self.store = store
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[int, LeanMinHash] = {}
        self._lock = threading.Lock()
        # Article ids only grow (a re-ingested article gets a new id), so syncing reads only newer rows.
        self._synced_upto = 0
        self.sync()

    def sync(self) -> None:
        """Load signatures of articles stored since the last sync, computing those missing."""
        with self._lock:
            start = self._synced_upto
            for row in self.store.article_minhashes(NUM_PERM, MINHASH_SEED, after_id=start):
                signature = LeanMinHash.deserialize(bytes(row["signature"]))
                if signature.scheme == MINHASH_SCHEME:
                    self._insert(row["article_id"], signature)
                self._synced_upto = max(self._synced_upto, row["article_id"])
            for row in self.store.articles_without_minhash(after_id=start):
                signature, words = text_signature(row["text"] or "")
                if signature is not None:
                    self._save(row["id"], signature, words)
                self._synced_upto = max(self._synced_upto, row["id"])

    def find(self, signature: LeanMinHash | None) -> int | None:
        """The stored article most similar to `signature`, if at least `threshold` alike."""
        if signature is None:
            return None
        with self._lock:
            candidates = [int(key) for key in self._lsh.query(signature)]
            scored = sorted(
                ((signature.jaccard(self._signatures[c]), c) for c in candidates if c in self._signatures),
                reverse=True,
            )
        for similarity, article_id in scored:
            if similarity < self.threshold:
                break
            if self.store.article(article_id) is not None:
                return article_id
            self._forget(article_id)  # replaced or deleted since it was indexed
        return None

    def add(self, article_id: int, signature: LeanMinHash | None, words: int) -> None:
        """Index and store an article's signature (no-op for texts too short to compare)."""
        if signature is None:
            return
        with self._lock:
            self._save(article_id, signature, words)

    def _save(self, article_id: int, signature: LeanMinHash, words: int) -> None:
        blob = bytearray(signature.bytesize())
        signature.serialize(blob)  # datasketch's own format: carries seed and scheme
        self.store.save_article_minhash(
            article_id, num_perm=NUM_PERM, seed=MINHASH_SEED, words=words, signature=bytes(blob)
        )
        self._insert(article_id, signature)

    def _insert(self, article_id: int, signature: LeanMinHash) -> None:
        if article_id in self._signatures:
            self._lsh.remove(str(article_id))
        self._signatures[article_id] = signature
        self._lsh.insert(str(article_id), signature)

    def _forget(self, article_id: int) -> None:
        with self._lock:
            if self._signatures.pop(article_id, None) is not None:
                self._lsh.remove(str(article_id))


_INDEXES: weakref.WeakKeyDictionary[Store, NearDuplicateIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def near_duplicate_index(store: Store, threshold: float) -> NearDuplicateIndex:
    """The store's index (built once per store object and threshold), synced with the store."""
    with _INDEXES_LOCK:
        index = _INDEXES.get(store)
        if index is None or index.threshold != threshold:
            index = NearDuplicateIndex(store, threshold)
            _INDEXES[store] = index
            return index
    index.sync()
    return index


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


def _fetch_into(fetcher: Fetcher, candidate: _Candidate) -> None:
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
    from bot import pipeline  # spaCy is heavy: load it only when an article is stored

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
) -> PollResult:
    """Poll one feed now: conditional fetch, new entries ingested, health updated.

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
        result.entries = _process_entries(store, feed_id, parsed.entries, outlet, fetcher, settings, nlp)
        if result.count(INGESTED):
            changes["last_new_entry_at"] = _iso(now)
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
        list(pool.map(lambda c: _fetch_into(fetcher, c), to_fetch))
    for entry, candidate, attempts in pending:
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
        last_polled_at=_iso(now),
        last_success_at=_iso(now),
        next_poll_at=_iso(now + timedelta(seconds=feed["every_seconds"])),
        consecutive_failures=0,
        last_error=f"no new entries since {_iso(last_new)}" if stale and last_new is not None else None,
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
        "last_polled_at": _iso(now),
        "next_poll_at": _iso(now + timedelta(seconds=backoff)),
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
) -> list[PollResult]:
    """Poll every feed whose next poll is due; health changes go to `notify` (once each)."""
    now = now or datetime.now(UTC)
    results = []
    for feed_id in store.due_feed_ids(_iso(now)):
        try:
            result = poll_feed(store, feed_id, fetcher=fetcher, now=now, settings=settings, nlp=nlp)
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
        result = poll_feed(_JOBS.store, feed_id, fetcher=_JOBS.fetcher, settings=_JOBS.settings)
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
    poll_due_feeds(_JOBS.store, _JOBS.fetcher, settings=_JOBS.settings, notify=_JOBS.notify)


def runtime_notifier(runtime: Any, loop: asyncio.AbstractEventLoop | None = None) -> Callable[[str], None] | None:
    """A notifier posting to `[feeds] admin_channel` ("platform:channel") through the runtime's adapter.

    `runtime` is adapters.base.Runtime (duck-typed: `.config`, `.adapters`).
    Call it on the adapters' event loop (or pass `loop`, or set
    `runtime.services["loop"]`): the notifier, called from a scheduler worker
    thread, hands the send to that loop. Returns None when no admin channel
    is configured.
    """
    target = FeedSettings.from_config(runtime.config).admin_channel
    if not target or ":" not in target:
        return None
    platform, channel = target.split(":", 1)
    if loop is None:
        loop = runtime.services.get("loop")
    if loop is None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None

    def notify(message: str) -> None:
        adapter = runtime.adapters.get(platform)
        if adapter is None:
            log.warning("feed health (no %s adapter running): %s", platform, message)
            return
        reply = Reply(title="Feed health", sections=[Section(text=message)])
        if loop is not None and loop.is_running():
            future = asyncio.run_coroutine_threadsafe(adapter.send(channel, reply), loop)
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is not loop:  # waiting from inside the loop itself would deadlock it
                future.result(timeout=60)
        else:
            asyncio.run(adapter.send(channel, reply))

    return notify


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
