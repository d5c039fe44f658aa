"""Invented articles for the watch tests: a claim, its denial, a second outlet's copy, unrelated news."""

from __future__ import annotations

from bot.ingest import pipeline
from bot.models import ArticleInput
from bot.store import Store

# The Courier: a president's claim and the neighbour's spokesman denying it (two denial sentences, one proposition).
DENIAL_ARTICLE = (
    "Talks on the Velmar border stall\n\n"
    "Velmar President Ana Kovac said on Monday that Dorland had promised to withdraw its troops "
    "from the border by March.\n\n"
    "Dorland government spokesman Piet Halvor denied that any promise to withdraw the troops had been made. "
    '"There was no such promise," Halvor told reporters in the capital.\n\n'
    "The talks are due to resume next week."
)

# Harbor Times: another outlet reporting the same denial in its own words.
SECOND_OUTLET_ARTICLE = (
    "Border talks to resume next week\n\n"
    "Dorland government spokesman Piet Halvor denied that any promise to withdraw the troops had been made, "
    "the Harbor Times was told on Tuesday.\n\n"
    "Velmar President Ana Kovac had said that Dorland promised to withdraw its troops from the border by March."
)

# Unrelated news: nothing here is about Dorland or the troops.
OTHER_ARTICLE = (
    "Ferry timetable cut for the winter\n\n"
    "The Eastbay ferry company will run four crossings a day instead of nine from December, "
    "its operations director Tomas Reyes said on Tuesday."
)


def ingest(store: Store, nlp: object, name: str, text: str, outlet: str, published: str = "2026-12-01") -> None:
    """Ingest one invented article into the store, as `briefbot ingest` would."""
    article = ArticleInput(name=name, source=f"/in/{name}", raw=text, outlet=outlet, published=published)
    report = pipeline.ingest_articles(store, [article], nlp=nlp)  # type: ignore[arg-type]
    assert report.ok, report.errors


def page(title: str, text: str) -> str:
    """An article page as an outlet would serve it."""
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def rss(outlet: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (guid, title, link) items."""
    body = "".join(
        f'<item><title>{t}</title><link>{link}</link><guid isPermaLink="false">{g}</guid>'
        "<pubDate>Tue, 01 Dec 2026 08:15:00 GMT</pubDate></item>"
        for g, t, link in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title><link>http://x/</link>{body}</channel></rss>'
