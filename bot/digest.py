"""Briefings: stories in a time window, their contested points, new claims and figures.

Articles are grouped into stories when they carry the same proposition (a
claim in one, its repetition or denial in another) or share named entities
within a few days. Each story lists its contested points first (the claim,
who denied it, the outlets on each side), then new claims, figures outlets
disagree on, and coverage by outlet. The digest fits a chat message: items
that do not fit become "and N more", never cut-off text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.answer import (
    STATUS_CONTESTED,
    STATUS_DENIED,
    STOPWORDS,
    Group,
    Term,
    _distinct_outlets,
    _distinct_wordings,
    _group_heading,
    build_terms,
    coverage,
    figure_groups,
    figure_sentence,
    framing_note,
    proposition_key,
    to_quote,
    unique_attributions,
    words,
)
from bot.propositions import normalise_lemma
from bot.reply import Reply, Section, render_text
from bot.store import Row, Store
from bot.timewindow import ingest_bound, iso_bound

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
# Size limits, from generous to tight: contested points, quotes per side, new claims,
# stories, framing notes. Notes and quotes go first; contested points go last.
_LIMITS = (
    (5, 2, 6, 5, True),
    (4, 1, 4, 4, True),
    (3, 1, 3, 3, True),
    (3, 0, 3, 3, True),
    (3, 0, 2, 3, False),
    (3, 0, 1, 2, False),
    (2, 0, 0, 2, False),
    (1, 0, 0, 1, False),
)


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
        lead = (self.contested or self.claims or self.points or [None])[0]
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
        story_figures = _comparable_figures([f for f in figures if f["article_id"] in member_ids])
        story_figures = [dict(f, outlets=[f["outlet"]] if f.get("outlet") else []) for f in story_figures]
        conflicts = [g for g in figure_groups(story_figures) if g["conflict"]] if story_figures else []
        stories.append(Story(members, points, conflicts, story_statements))
    stories.sort(key=lambda s: (-len(s.contested), -len(s.outlets), -len(s.points)))
    return stories


def _comparable_figures(figures: list[Row]) -> list[Row]:
    """Figures whose unit (as a concept) another article of the story also counts, newest articles last.

    Only such figures can differ across outlets, so dropping the rest changes no
    conflict; the cap bounds the pairwise comparison on very large stories.
    """
    articles_by_unit: dict[str, set[int]] = {}
    for fig in figures:
        articles_by_unit.setdefault(normalise_lemma(str(fig.get("unit") or "")), set()).add(fig["article_id"])
    kept = [f for f in figures if len(articles_by_unit[normalise_lemma(str(f.get("unit") or ""))]) > 1]
    return kept[-MAX_STORY_FIGURES:]


def _coverage_line(story: Story) -> str:
    counts: dict[str, list[int]] = {}
    for article in story.articles:
        for outlet in article.get("outlets") or ["outlet unknown"]:
            counts.setdefault(outlet, [0, 0])[0] += 1
    for st in story.statements:
        for outlet in st.get("outlets") or ["outlet unknown"]:
            counts.setdefault(outlet, [0, 0])[1] += 1
    parts = [
        f"{outlet}: {a} article{'s' if a != 1 else ''}, {n} statement{'s' if n != 1 else ''}"
        for outlet, (a, n) in sorted(counts.items(), key=lambda kv: (-kv[1][1], kv[0]))
    ]
    return "; ".join(parts)


def _contested_text(point: Group, with_framing: bool = True) -> str:
    claimers = ", ".join(unique_attributions(point.claims))
    deniers = ", ".join(unique_attributions(point.denials))
    text = (
        f"Claimed by {claimers} ({', '.join(_distinct_outlets(point.claims))}). "
        f"Denied by {deniers} ({', '.join(_distinct_outlets(point.denials))})."
    )
    note = framing_note(point.claims) if with_framing else None
    return f"{text} {note}" if note else text


def _story_sections(story: Story, limits: tuple[int, int, int, int, bool]) -> list[Section]:
    max_contested, quotes_per_side, max_claims, _, with_framing = limits
    sections = [
        Section(
            heading=story.title,
            text=f"{len(story.articles)} article(s) from {', '.join(story.outlets) or 'unknown outlets'}.",
        )
    ]
    contested = story.contested
    for point in contested[:max_contested]:
        claim_q = [to_quote(r, o) for r, o in _distinct_wordings(point.claims)[:quotes_per_side]]
        denial_q = [to_quote(r, o) for r, o in _distinct_wordings(point.denials)[:quotes_per_side]]
        sections.append(
            Section(
                heading=_group_heading(point),
                text=_contested_text(point, with_framing),
                quotes=claim_q + denial_q,
                sources=point.outlets,
            )
        )
    if len(contested) > max_contested:
        sections[-1].more += len(contested) - max_contested
    claims = story.claims
    if claims and max_claims:
        quotes = [to_quote(*_distinct_wordings(p.claims)[0]) for p in claims[:max_claims]]
        sections.append(Section(heading="New claims", quotes=quotes, more=max(0, len(claims) - max_claims)))
    elif claims:
        sections.append(Section(heading="New claims", more=len(claims)))
    lone = story.lone_denials
    if lone and max_claims:
        quotes = [to_quote(*_distinct_wordings(p.denials)[0]) for p in lone[: max(1, max_claims // 2)]]
        sections.append(Section(heading="Other denials", quotes=quotes, more=max(0, len(lone) - len(quotes))))
    if story.figures:
        sections.append(
            Section(
                heading="Figures that differ",
                text="\n".join(figure_sentence(g) for g in story.figures[:3]),
                more=max(0, len(story.figures) - 3),
            )
        )
    sections.append(Section(heading="Coverage", text=_coverage_line(story)))
    return sections


def _story_data(story: Story) -> dict[str, Any]:
    from bot.cli import export_statement

    def point(p: Group) -> dict[str, Any]:
        return {
            "status": p.status,
            "text": (p.claims or p.denials)[0].get("text"),
            "claims": [export_statement(r) for r in p.claims],
            "denials": [export_statement(r) for r in p.denials],
            "claim_outlets": _distinct_outlets(p.claims),
            "denial_outlets": _distinct_outlets(p.denials),
        }

    return {
        "title": story.title,
        "articles": [a["name"] for a in story.articles],
        "outlets": story.outlets,
        "contested": [point(p) for p in story.contested],
        "claims": [point(p) for p in story.claims],
        "denials": [point(p) for p in story.lone_denials],
        "figures": [
            {
                "unit": g.get("unit"),
                "values": [
                    {"text": f.get("text"), "outlet": f.get("outlet"), "article": f.get("article")}
                    for f in g["figures"]
                ],
            }
            for g in story.figures
        ],
    }


def _bound(value: datetime | date | str | None) -> str | None:
    return iso_bound(value)


def build_digest(
    store: Store,
    *,
    start: datetime | date | str | None,
    end: datetime | date | str | None,
    topic: str | None = None,
    max_chars: int = 3500,
    outlet: str | None = None,
    basis: str = BASIS_PUBLISHED,
) -> Reply:
    """A briefing of the window [start, end).

    `basis="published"` (the default, for `digest --since/--date` archives)
    takes the articles published in the window, a date-only publication
    counting for its whole day; `basis="ingested"` (scheduled digests) takes
    the articles that entered the store in the window, so back-to-back windows
    never share or skip an article. `Reply.data["stories"]` is the number of
    stories (0 for an empty window). The rendered text stays within
    `max_chars`: whatever does not fit is counted as "and N more".
    """
    if basis not in BASES:
        raise ValueError(f"digest basis {basis!r} is not one of {', '.join(BASES)}")
    if basis == BASIS_INGESTED:
        since, until = ingest_bound(start), ingest_bound(end)
        window = _ingest_label(since, until)
    else:
        since, until = _bound(start), _bound(end)
        window = _window_label(since, until)
    topic = (topic or "").strip() or None
    stories = find_stories(store, since=since, until=until, topic=topic, outlet=outlet, basis=basis)
    base = {"window": {"since": since, "until": until, "label": window, "basis": basis}, "topic": topic}
    if not stories:
        about = f" about “{topic}”" if topic else ""
        return Reply(title=f"Nothing new{about} ({window}).", data={**base, "stories": 0, "items": []})
    n_articles = sum(len(s.articles) for s in stories)
    outlets = list(dict.fromkeys(o for s in stories for o in s.outlets))
    about = f" on “{topic}”" if topic else ""
    title = (
        f"Briefing{about} ({window}): {len(stories)} stor{'y' if len(stories) == 1 else 'ies'}, "
        f"{n_articles} article(s) from {len(outlets)} outlet(s)"
    )
    if basis == BASIS_INGESTED:
        in_window = store.ingested_article_count(since=since, until=until, outlet=outlet)
    else:
        in_window = store.window_article_count(since=since, until=until, outlet=outlet)
    if in_window > MAX_DIGEST_ARTICLES:
        title += f", the newest {MAX_DIGEST_ARTICLES:,} of {in_window:,} articles"
        base["articles_in_window"] = in_window
    reply = Reply(
        title=title, sources=outlets, data={**base, "stories": len(stories), "items": [_story_data(s) for s in stories]}
    )
    for limits in _LIMITS:
        sections: list[Section] = []
        for story in stories[: limits[3]]:
            sections += _story_sections(story, limits)
        if len(stories) > limits[3]:
            sections.append(Section(heading="More stories", more=len(stories) - limits[3]))
        reply.sections = sections
        reply.fallback = ""
        if len(render_text(reply)) <= max_chars:
            break
    else:
        _trim_to(reply, max_chars)
    return reply


def _trim_to(reply: Reply, max_chars: int) -> None:
    """Drop whole sections from the end (counted as more) until the text fits."""
    dropped = 0
    while reply.sections and len(render_text(reply)) > max_chars:
        section = reply.sections.pop()
        dropped += 1 + section.more
        if reply.sections:
            reply.sections[-1].more += dropped
            dropped = 0
    if len(render_text(reply)) > max_chars:
        reply.sources = reply.sources[:3]


def _ingest_label(since: str | None, until: str | None) -> str:
    """'added 2026-03-29 06:00 to 2026-03-30 06:00 UTC': an ingest window in the title."""

    def minute(bound: str) -> str:
        return bound[:16].replace("T", " ")

    if since and until:
        return f"added {minute(since)} to {minute(until)} UTC"
    if since:
        return f"added since {minute(since)} UTC"
    if until:
        return f"added until {minute(until)} UTC"
    return "all time"


def _window_label(since: str | None, until: str | None) -> str:
    if since and until:
        return f"{since[:10]} to {until[:10]}" if since[:10] != until[:10] else since[:10]
    if since:
        return f"since {since[:16].replace('T', ' ')}"
    if until:
        return f"until {until[:10]}"
    return "all time"
