"""Briefings: stories in a time window, their contested points, new claims and figures.

Articles are grouped into stories when they carry the same proposition (a
claim in one, its repetition or denial in another) or share named entities
within a few days. Each story lists its contested points first (the claim,
who denied it, the outlets on each side), then new claims, figures outlets
disagree on, and coverage by outlet. The digest fits a chat message: items
that do not fit become "and N more", never cut-off text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.answers.export import export_statement
from bot.answers.figures import figure_sentence, framing_note
from bot.answers.lead import group_lead, lead_first, ranked_wordings, summary
from bot.answers.llm import LeadSentence
from bot.answers.rendering import distinct_wordings, group_heading, to_quote
from bot.answers.scoring import Group, distinct_outlets
from bot.answers.speakers import unique_attributions
from bot.answers.wordings import attach_denied_words
from bot.digests.stories import (
    BASES,
    BASIS_INGESTED,
    BASIS_PUBLISHED,
    MAX_DIGEST_ARTICLES,
    Story,
    find_stories,
)
from bot.reply import Reply, Section, render_text
from bot.store import Store
from bot.timewindow import ingest_bound, iso_bound

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
        f"Claimed by {claimers} ({', '.join(distinct_outlets(point.claims))}). "
        f"Denied by {deniers} ({', '.join(distinct_outlets(point.denials))})."
    )
    note = framing_note(point.claims) if with_framing else None
    return f"{text} {note}" if note else text


def story_lead(story: Story) -> LeadSentence | None:
    """The story's lead, as an answer's: its most contested point, else its best-carried claim or denial."""
    points = story.contested or story.claims or story.lone_denials
    return group_lead(None, points[0]) if points else None


def _story_sections(story: Story, limits: tuple[int, int, int, int, bool]) -> list[Section]:
    max_contested, quotes_per_side, max_claims, _, with_framing = limits
    coverage = f"{len(story.articles)} article(s) from {', '.join(story.outlets) or 'unknown outlets'}."
    lead = story_lead(story)
    sections = [Section(heading=story.title, text=f"{lead.text} {coverage}" if lead else coverage)]
    contested = story.contested
    for point in contested[:max_contested]:
        # Best wording first, the lead speaker's first, headlines only when nothing attributed says it.
        claim_q = [to_quote(r, o) for r, o in lead_first(ranked_wordings(point.claims), point.claims)[:quotes_per_side]]
        denial_q = [
            to_quote(r, o) for r, o in lead_first(ranked_wordings(point.denials), point.denials)[:quotes_per_side]
        ]
        sections.append(
            Section(
                heading=group_heading(point),
                text=_contested_text(point, with_framing),
                quotes=claim_q + denial_q,
                sources=point.outlets,
            )
        )
    if len(contested) > max_contested:
        sections[-1].more += len(contested) - max_contested
    claims = story.claims
    if claims and max_claims:
        quotes = [to_quote(*distinct_wordings(p.claims)[0]) for p in claims[:max_claims]]
        sections.append(Section(heading="New claims", quotes=quotes, more=max(0, len(claims) - max_claims)))
    elif claims:
        sections.append(Section(heading="New claims", more=len(claims)))
    lone = story.lone_denials
    if lone and max_claims:
        quotes = [to_quote(*distinct_wordings(p.denials)[0]) for p in lone[: max(1, max_claims // 2)]]
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

    def point(p: Group) -> dict[str, Any]:
        return {
            "status": p.status,
            "text": (p.claims or p.denials)[0].get("text"),
            "claims": [export_statement(r) for r in p.claims],
            "denials": [export_statement(r) for r in p.denials],
            "claim_outlets": distinct_outlets(p.claims),
            "denial_outlets": distinct_outlets(p.denials),
        }

    lead = story_lead(story)
    return {
        "title": story.title,
        "summary": summary([lead], lead.shown_ids) if lead else [],
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
    # Pointer denials ("a claim") are quoted as the claim they are linked to.
    attach_denied_words(store, [r for s in stories for p in s.points for r in p.denials])
    base: dict[str, Any] = {"window": {"since": since, "until": until, "label": window, "basis": basis}, "topic": topic}
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
