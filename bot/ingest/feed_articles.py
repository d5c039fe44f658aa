"""One article from a feed entry or a URL: fetched, checked against the store for duplicates, stored.

A URL or a near-identical text already stored records the outlet as carrying that article.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.ingest.feed_pages import Page, fetch_page, html_to_text
from bot.ingest.feed_status import DUPLICATE, FAILED, INGESTED, SYNDICATED, EntryOutcome, FeedSettings
from bot.ingest.fetch import Fetcher, FetchError
from bot.ingest.near_duplicates import near_duplicate_index, text_signature
from bot.ingest.urls import UrlError, canonical_url, host_of
from bot.models import ArticleInput
from bot.store import Store

if TYPE_CHECKING:  # spaCy is slow to import; `feeds list` should not wait for it
    from spacy.language import Language

log = logging.getLogger(__name__)


@dataclass
class EntryCandidate:
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
    candidate = EntryCandidate(url, canonical, outlet, None, published)
    known = known_article(store, candidate)
    if known is not None:
        return known
    fetch_into(fetcher, candidate)
    return store_candidate(store, candidate, settings, nlp)


def known_article(store: Store, candidate: EntryCandidate) -> EntryOutcome | None:
    """A DUPLICATE outcome when the canonical URL is already an article's."""
    article_id = store.article_id_for_url(candidate.canonical)
    if article_id is None:
        return None
    if candidate.outlet:
        store.add_article_outlet(article_id, candidate.outlet, candidate.url)
    return EntryOutcome(candidate.url, DUPLICATE, article_id, "already stored under this URL")


def stop_requested(stop: threading.Event | None) -> bool:
    """True once the running bot asked polls to stop (see `stop_polling`)."""
    return stop is not None and stop.is_set()


def fetch_into(fetcher: Fetcher, candidate: EntryCandidate, stop: threading.Event | None = None) -> None:
    """Fetch the candidate's page into it (or the fetch error), unless a stop was asked for."""
    if stop_requested(stop):
        return
    try:
        candidate.page = fetch_page(fetcher, candidate.url)
    except FetchError as exc:
        log.info("%s", exc)
        candidate.page_error = exc


def store_candidate(
    store: Store, candidate: EntryCandidate, settings: FeedSettings, nlp: Language | None
) -> EntryOutcome:
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


def _page_aliases(candidate: EntryCandidate) -> list[str]:
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


def _record_carrier(store: Store, article_id: int, candidate: EntryCandidate, aliases: Iterable[str]) -> None:
    """Record that the candidate's outlet carried a stored article, under the candidate's URLs."""
    if candidate.outlet:
        store.add_article_outlet(article_id, candidate.outlet, candidate.url)
    for alias in aliases:
        store.add_article_url(alias, article_id, candidate.outlet)
