"""Reading feeds and pages: RSS/Atom entries (feedparser), entry HTML to text, and article pages (trafilatura)."""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
import trafilatura
from lxml import etree
from lxml import html as lxml_html

from bot.ingest.fetch import HTML_TYPES, Fetcher, require_html
from bot.ingest.urls import UrlError, canonical_url

log = logging.getLogger(__name__)

MIN_ARTICLE_WORDS = 15  # less main text than this is page furniture, not an article


class FeedError(ValueError):
    """A feed document that cannot be parsed into entries."""


def iso(moment: datetime) -> str:
    """`moment` as ISO 8601 UTC text to the second, the store's timestamp format."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


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
    published = iso(datetime.fromtimestamp(calendar.timegm(stamp), UTC)) if stamp else None
    return FeedEntry(
        key=f"guid:{guid}" if guid else f"url:{link_key}",
        url=link,
        title=(raw.get("title") or "").strip() or None,
        published=published,
        content_html=content_html,
    )


# Elements that start and end a paragraph of an entry's text; all others run inline.
_BLOCK_TAGS = (
    *("address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption"),
    *("figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav"),
    *("ol", "p", "pre", "section", "summary", "table", "tr", "ul"),
)
# Elements whose content a reader never sees as prose.
_HIDDEN_TAGS = ("head", "script", "style", "noscript", "template", "iframe")
# Stands for a paragraph break until whitespace is collapsed; removed from the input first.
_BREAK = "\ue000"
# Control characters are never prose, and lxml rejects or mangles them.
_UNWANTED_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000]")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one paragraph a line.

    Parsed with lxml: entities are decoded, script and style content dropped,
    whitespace collapsed as a browser would, and block elements and <br>
    start new paragraphs.
    """
    cleaned = _UNWANTED_CHARS.sub(" ", fragment)
    if not cleaned.strip():
        return ""
    try:
        # Bytes, so that an XML declaration naming an encoding is accepted.
        root = lxml_html.document_fromstring(cleaned.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except etree.ParserError:
        return ""  # markup without any content (only a comment, say)
    etree.strip_elements(root, *_HIDDEN_TAGS, with_tail=False)
    for element in root.iter(*_BLOCK_TAGS):
        if element.tag != "br":
            element.text = _BREAK + (element.text or "")
        element.tail = _BREAK + (element.tail or "")
    text = etree.tostring(root, encoding="unicode", method="text")  # text nodes only: no comments
    paragraphs = (" ".join(part.split()) for part in text.split(_BREAK))
    return "\n\n".join(p for p in paragraphs if p)


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
