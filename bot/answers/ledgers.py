"""Ledgers: what one speaker claimed and denied, every denial in a window, and the outlets on a topic."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.answers.export import export_statement
from bot.answers.figures import framing_note
from bot.answers.lexicon import STATUS_CONTESTED, STATUS_UNKNOWN
from bot.answers.question import MAX_QUESTION_CHARS, Question, build_terms, content_words
from bot.answers.rendering import (
    MAX_QUOTES,
    distinct_wordings,
    group_heading,
    group_summary,
    overall_status,
    scope_bound,
    to_quote,
)
from bot.answers.retrieval import search_rows
from bot.answers.scoring import Scope, choose, distinct_outlets, expand_groups, proposition_key, rank_candidates
from bot.answers.speakers import match_speakers
from bot.answers.wordings import attach_denied_words
from bot.reply import Reply, Section
from bot.store import Row, Store

# ---------------------------------------------------------------- ledgers


def speaker_ledger(
    store: Store,
    speaker: str,
    *,
    since: datetime | date | str | None = None,
    until: datetime | date | str | None = None,
    outlet: str | None = None,
) -> Reply:
    """Everything one speaker claimed and denied, with who denied their claims and the outlets."""
    name = (speaker or "").strip()
    if not name:
        return Reply(title="Name a speaker, e.g. `claims Smith`.", is_error=True, data={"speaker": name, "items": []})
    ids = match_speakers(store, name)
    if not ids:
        return Reply(
            title=f"No stored statements by {name}.",
            sections=[Section(text="Check the spelling, or list speakers with `statements`.")],
            data={"speaker": name, "items": []},
        )
    scope = Scope(outlet, scope_bound(since), scope_bound(until), None)
    rows = store.answer_statements(speaker_ids=list(ids), limit=5000, **scope.kwargs())
    if not rows:
        return Reply(title=f"No statements by {name} in that window.", data={"speaker": name, "items": []})
    keys = {proposition_key(r): 1.0 for r in rows}
    groups = expand_groups(store, keys, scope, {r["id"]: r for r in rows})
    attach_denied_words(store, [r for g in groups for r in g.denials])
    groups.sort(key=lambda g: (g.status != STATUS_CONTESTED, -len(g.outlets)))
    sections: list[Section] = []
    items: list[dict[str, Any]] = []

    for group in groups:
        own_claims = [r for r in group.claims if r.get("speaker_id") in ids]
        own_denials = [r for r in group.denials if r.get("speaker_id") in ids]
        others = [r for r in group.claims + group.denials if r.get("speaker_id") not in ids]
        quotes = [to_quote(r, o) for r, o in distinct_wordings(own_claims + own_denials)[:MAX_QUOTES]]
        replies = [to_quote(r, o) for r, o in distinct_wordings(others)[:2]]
        text = group_summary(group)
        sections.append(
            Section(heading=group_heading(group), text=text, quotes=quotes + replies, sources=group.outlets)
        )
        items.append(
            {
                "status": group.status,
                "claims": [export_statement(r) for r in own_claims],
                "denials": [export_statement(r) for r in own_denials],
                "responses": [export_statement(r) for r in others],
            }
        )
    shown, more = _bounded(sections, 12)
    if more:
        shown.append(Section(text=f"{more} more point(s) not shown.", more=more))
    speaker_names = sorted({r["speaker"] for r in rows})
    return Reply(
        title=f"{', '.join(speaker_names)}: {len(groups)} point(s) claimed or denied",
        sections=shown,
        sources=distinct_outlets(r for g in groups for r in g.claims + g.denials),
        data={"speaker": name, "speakers": speaker_names, "items": items, "outlets": distinct_outlets(rows)},
    )


def denials_reply(
    store: Store,
    *,
    since: datetime | date | str | None = None,
    until: datetime | date | str | None = None,
    outlet: str | None = None,
) -> Reply:
    """Every denial in a window, each with the claim it denies and both sides' outlets."""
    scope = Scope(outlet, scope_bound(since), scope_bound(until), None)
    rows = store.answer_statements(kind="denial", limit=5000, **scope.kwargs())
    if not rows:
        return Reply(title="No denials stored in that window.", data={"denials": [], "items": []})
    keys = {proposition_key(r): 1.0 for r in rows}
    # Claims come from any time: a denial today may answer a claim from last week.
    groups = expand_groups(store, keys, Scope(), {r["id"]: r for r in rows})
    attach_denied_words(store, [r for g in groups for r in g.denials])
    in_window = {r["id"] for r in rows}

    sections = []
    items = []
    for group in sorted(groups, key=lambda g: -len(g.outlets)):
        group.denials = [d for d in group.denials if d["id"] in in_window]
        if not group.denials:
            continue
        quotes = [to_quote(r, o) for r, o in distinct_wordings(group.denials)[:MAX_QUOTES]]
        claim_quotes = [to_quote(r, o) for r, o in distinct_wordings(group.claims)[:2]]
        sections.append(
            Section(
                heading=group_heading(group),
                text=group_summary(group),
                quotes=quotes + claim_quotes,
                sources=group.outlets,
            )
        )
        items.append(
            {
                "status": group.status,
                "denials": [export_statement(r) for r in group.denials],
                "claims": [export_statement(r) for r in group.claims],
            }
        )
    shown, more = _bounded(sections, 12)
    if more:
        shown.append(Section(text=f"{more} more denial(s) not shown.", more=more))
    return Reply(
        title=f"{len(rows)} denial(s) of {len(items)} point(s)",
        sections=shown,
        sources=distinct_outlets(r for g in groups for r in g.claims + g.denials),
        data={"denials": [export_statement(r) for r in rows], "items": items, "outlets": distinct_outlets(rows)},
    )


def sources_reply(
    store: Store,
    topic: str,
    *,
    since: datetime | date | str | None = None,
    until: datetime | date | str | None = None,
) -> Reply:
    """Which outlets reported what on a topic, side by side (one section per outlet)."""
    text = (topic or "").strip()
    if not text:
        return Reply(
            title="Name a topic, e.g. `sources border talks`.", is_error=True, data={"topic": text, "outlets": {}}
        )
    if len(text) > MAX_QUESTION_CHARS:
        return Reply(
            title=f"That topic is too long ({len(text)} characters).",
            is_error=True,
            data={"topic": text[:80], "outlets": {}},
        )
    scope = Scope(None, scope_bound(since), scope_bound(until), None)
    parsed = Question(text, "outlets", None, None, content_words(text))
    parsed.terms = build_terms(store, parsed.topic_words)
    rows = search_rows(store, parsed, scope)
    chosen = choose(rank_candidates(rows, parsed.terms), ratio=0.6)
    if not chosen:
        return Reply(
            title=f"No stored coverage of “{text}”.", status=STATUS_UNKNOWN, data={"topic": text, "outlets": {}}
        )
    groups = expand_groups(store, chosen, scope, {r["id"]: r for r in rows})
    attach_denied_words(store, [r for g in groups for r in g.denials])
    by_outlet: dict[str, list[Row]] = {}
    for group in groups:
        for row in group.claims + group.denials:
            for outlet in row.get("outlets") or ["(outlet unknown)"]:
                by_outlet.setdefault(outlet, []).append(row)

    sections = []
    for outlet, outlet_rows in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        wordings = distinct_wordings(outlet_rows)
        quotes = [to_quote(r, [outlet]) for r, _ in wordings[:MAX_QUOTES]]
        sections.append(
            Section(heading=outlet, quotes=quotes, more=max(0, len(wordings) - MAX_QUOTES), sources=[outlet])
        )
    for group in groups:
        if group.claims and (note := framing_note(group.claims)):
            sections.append(Section(heading="Framing", text=note))
    return Reply(
        title=f"Coverage of “{text}” by {len(by_outlet)} outlet(s)",
        status=overall_status(groups),
        sections=sections,
        sources=sorted(by_outlet),
        data={
            "topic": text,
            "status": overall_status(groups),
            "outlets": {o: [export_statement(r) for r in rs] for o, rs in by_outlet.items()},
        },
    )


def _bounded(sections: list[Section], limit: int) -> tuple[list[Section], int]:
    return sections[:limit], max(0, len(sections) - limit)
