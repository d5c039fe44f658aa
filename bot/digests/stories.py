"""Stories: a window's articles grouped by shared entities and time, with their contested points."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.answers.figures import figure_groups
from bot.answers.lexicon import STATUS_CONTESTED, STATUS_DENIED, STOPWORDS
from bot.answers.question import Term, build_terms
from bot.answers.scoring import Group, coverage, proposition_key
from bot.answers.text import words
from bot.nlp.signatures import normalise_lemma
from bot.store import Row, Store

# What a digest window is measured against: the articles' publication dates (archives,
# `digest --since/--date`), or when they entered the store (scheduled digests: what is new
# since the previous run, so consecutive runs neither repeat nor miss an article).
BASIS_PUBLISHED = "published"
BASIS_INGESTED = "ingested"
BASES = (BASIS_PUBLISHED, BASIS_INGESTED)

# A digest reads at most this many of the window's newest articles: a briefing shows a few
# stories, and its time and memory must not grow with the archive ("--since all").
MAX_DIGEST_ARTICLES = 1000
# Figures compared per story (pairwise, so quadratic); only figures another article can match count.
MAX_STORY_FIGURES = 20
# Articles this close in time may form one story on shared entities alone.
STORY_DAYS = 3
MIN_SHARED_ENTITIES = 2


@dataclass
class Story:
    """Articles about one event, with their points ranked for a briefing."""

    articles: list[Row]
    points: list[Group] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    statements: list[Row] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets that carried the story's articles."""
        seen: dict[str, None] = {}
        for article in self.articles:
            for outlet in article.get("outlets") or []:
                seen.setdefault(outlet, None)
        return list(seen)

    @property
    def contested(self) -> list[Group]:
        """Points claimed and denied, most widely carried first."""
        return [p for p in self.points if p.status == STATUS_CONTESTED]

    @property
    def claims(self) -> list[Group]:
        """Points claimed and not denied, most widely carried first."""
        return [p for p in self.points if p.status != STATUS_CONTESTED and p.claims]

    @property
    def lone_denials(self) -> list[Group]:
        """Denials whose claim is not stored."""
        return [p for p in self.points if p.status == STATUS_DENIED]

    @property
    def title(self) -> str:
        """The title of the article that carries most of the story's leading point."""
        leading = self.contested or self.claims or self.points
        lead = leading[0] if leading else None
        if lead is not None:
            counts = Counter(r["article_id"] for r in lead.claims + lead.denials)
            for article in sorted(self.articles, key=lambda a: (-counts.get(a["id"], 0), a["id"])):
                if article.get("title"):
                    return str(article["title"]).strip()
        titled = [a for a in self.articles if a.get("title")]
        return str(titled[0]["title"]).strip() if titled else "Untitled story"


class _UnionFind:
    def __init__(self, items: list[int]) -> None:
        self.parent = {i: i for i in items}

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def _article_entities(article: Row, statements: list[Row]) -> set[str]:
    """Named things an article talks about: statement entities, else capitalised title words."""
    found = {e.lower() for st in statements for e in st.get("entities") or [] if e}
    title = str(article.get("title") or "")
    for token in title.replace("'", " ").split():
        word = token.strip('.,;:!?"“”‘’()')
        if word[:1].isupper() and word.lower() not in STOPWORDS and len(word) > 2:
            found.add(word.lower())
    return found


def group_stories(articles: list[Row], statements: list[Row]) -> list[list[Row]]:
    """Articles grouped into stories: shared propositions, or shared entities close in time."""
    if not articles:
        return []
    ids = [a["id"] for a in articles]
    uf = _UnionFind(ids)
    by_key: dict[tuple[str, int], int] = {}
    per_article: dict[int, list[Row]] = {i: [] for i in ids}
    for st in statements:
        per_article.setdefault(st["article_id"], []).append(st)
        key = proposition_key(st)
        if key[0] != "p":
            continue
        if key in by_key:
            uf.union(by_key[key], st["article_id"])
        else:
            by_key[key] = st["article_id"]
    entities = {a["id"]: _article_entities(a, per_article.get(a["id"], [])) for a in articles}
    days = {a["id"]: _day(a.get("published")) for a in articles}
    # Entity links compare neighbours in time only, so this stays near-linear in practice.
    ordered = sorted(articles, key=lambda a: (days[a["id"]] or date.min, a["id"]))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            da, db = days[a["id"]], days[b["id"]]
            if da and db and (db - da) > timedelta(days=STORY_DAYS):
                break
            if len(entities[a["id"]] & entities[b["id"]]) >= MIN_SHARED_ENTITIES:
                uf.union(a["id"], b["id"])
    stories: dict[int, list[Row]] = {}
    for article in articles:
        stories.setdefault(uf.find(article["id"]), []).append(article)
    return list(stories.values())


def _points(statements: list[Row]) -> list[Group]:
    groups: dict[tuple[str, int], Group] = {}
    for st in statements:
        key = proposition_key(st)
        group = groups.setdefault(key, Group(key, 0.0))
        (group.denials if st["kind"] == "denial" else group.claims).append(st)
    ranked = [g for g in groups.values() if g.claims or g.denials]
    ranked.sort(key=lambda g: (g.status != STATUS_CONTESTED, -len(g.outlets), -len(g.claims) - len(g.denials), g.key))
    return ranked


def _topic_filter(points: list[Group], terms: list[Term]) -> list[Group]:
    return [p for p in points if any(coverage(r, terms) >= 0.5 for r in p.claims + p.denials)]


def _window_articles(store: Store, basis: str, since: str | None, until: str | None, outlet: str | None) -> list[Row]:
    """The newest articles of a window on the chosen basis."""
    if basis == BASIS_INGESTED:
        return store.ingested_articles(since=since, until=until, outlet=outlet, newest=MAX_DIGEST_ARTICLES)
    return store.window_articles(since=since, until=until, outlet=outlet, newest=MAX_DIGEST_ARTICLES)


def find_stories(
    store: Store,
    *,
    since: str | None,
    until: str | None,
    topic: str | None = None,
    outlet: str | None = None,
    basis: str = BASIS_PUBLISHED,
) -> list[Story]:
    """The stories of a window (optionally on a topic), most contested and widest first.

    `basis` says what the window bounds: publication dates or ingest times.
    """
    articles = _window_articles(store, basis, since, until, outlet)
    if not articles:
        return []
    statements = store.window_statements(a["id"] for a in articles)
    figures = store.answer_figures(article_ids=[a["id"] for a in articles], limit=20_000)
    terms = build_terms(store, [w for w in words(topic or "") if w not in STOPWORDS]) if topic else []
    stories: list[Story] = []
    for members in group_stories(articles, statements):
        member_ids = {a["id"] for a in members}
        story_statements = [s for s in statements if s["article_id"] in member_ids]
        points = _points(story_statements)
        if terms:
            points = _topic_filter(points, terms)
            if not points:
                continue
        story_figures = comparable_figures([f for f in figures if f["article_id"] in member_ids])
        story_figures = [dict(f, outlets=[f["outlet"]] if f.get("outlet") else []) for f in story_figures]
        conflicts = [g for g in figure_groups(story_figures) if g["conflict"]] if story_figures else []
        stories.append(Story(members, points, conflicts, story_statements))
    stories.sort(key=lambda s: (-len(s.contested), -len(s.outlets), -len(s.points)))
    return stories


def comparable_figures(figures: list[Row]) -> list[Row]:
    """Figures whose unit (as a concept) another article of the story also counts, newest articles last.

    Only such figures can differ across outlets, so dropping the rest changes no
    conflict; the cap bounds the pairwise comparison on very large stories.
    """
    articles_by_unit: dict[str, set[int]] = {}
    for fig in figures:
        articles_by_unit.setdefault(normalise_lemma(str(fig.get("unit") or "")), set()).add(fig["article_id"])
    kept = [f for f in figures if len(articles_by_unit[normalise_lemma(str(f.get("unit") or ""))]) > 1]
    return kept[-MAX_STORY_FIGURES:]
