"""Answering a question about a number ("how long did they talk?") from stored figures."""

from __future__ import annotations

import re

from bot.answers.figures import figure_groups
from bot.answers.lexicon import NUMBER_WORDS, STATUS_ASSERTED
from bot.answers.question import TIME_UNITS, Question, build_terms
from bot.answers.rendering import build_reply, unknown_answer
from bot.answers.retrieval import COMMON_TERM_DF, search_query, search_rows
from bot.answers.scoring import Scope, coverage, expand_groups, proposition_key
from bot.answers.text import SYNONYM_SURFACE, SYNONYMS, field_stems, normalise, stem
from bot.reply import Reply
from bot.store import Row, Store

# ---------------------------------------------------------------- figure questions


MAX_FIGURES = 12  # compared pairwise, so the cost is quadratic in this
FIGURE_CANDIDATES = 300  # figures read by text match per question


def _unit_names(unit: str | None) -> list[str] | None:
    """Stored unit lemmas a question's unit may appear as (None: any unit)."""
    if unit == "time":
        return list(TIME_UNITS)
    if not unit:
        return None
    names = {unit} | set(SYNONYM_SURFACE.get(unit, ()))
    # A stem may have lost a final "e" the lemma keeps ("force" → "forc").
    return sorted(names | {n + "e" for n in names} | {n + "s" for n in names})


def _figure_matches_unit(fig: Row, unit: str | None) -> bool:
    fig_unit = stem(fig.get("unit") or "")
    if unit == "time":
        return any(fig_unit.startswith(stem(u)) for u in TIME_UNITS)
    if unit:
        return fig_unit == unit or unit in SYNONYMS.get(fig_unit, frozenset())
    return True


# A figure of the asked unit needs less context to be the one asked about.
FIGURE_THRESHOLD = 0.34


def answer_figures(store: Store, parsed: Question, scope: Scope, figure_only: bool = False) -> Reply:
    """Figures of the asked unit whose sentence matches the question, and statements carrying them."""
    parsed.terms = build_terms(store, [w for w in parsed.topic_words if not re.fullmatch(NUMBER_WORDS, w)])
    units = _unit_names(parsed.figure_unit)
    # With words to go on, only figures whose sentence shares a searched word are read (FTS, best first).
    query = search_query(parsed.terms) if parsed.terms else None
    if query:
        common = min(t.df for t in parsed.terms) > COMMON_TERM_DF
        candidates = store.answer_figures(
            units=units, fts=query, newest_matches=common, limit=FIGURE_CANDIDATES, **scope.kwargs()
        )
    else:
        candidates = store.answer_figures(units=units, **scope.kwargs())
    total = sum(t.weight for t in parsed.terms) or 1.0
    relevant = []
    for fig in candidates:
        if not _figure_matches_unit(fig, parsed.figure_unit):
            continue
        context = {stem(w) for w in fig.get("lemmas") or []}.union(field_stems(fig.get("sentence") or ""))
        score = sum(t.weight for t in parsed.terms if t.stems & context) / total if parsed.terms else 1.0
        if score >= FIGURE_THRESHOLD:
            fig["score"] = score
            fig["outlets"] = [fig["outlet"]] if fig.get("outlet") else []
            relevant.append(fig)
    # The best-matching figures only: comparing every pair is quadratic.
    relevant = sorted(relevant, key=lambda f: -f["score"])[:MAX_FIGURES]
    fgroups = [g for g in figure_groups(relevant) if g["figures"]] if relevant else []
    # Statements reporting one of these figures are cited with them.
    rows = search_rows(store, parsed, scope) if parsed.terms and not figure_only else []
    fig_texts = {(f["article_id"], normalise(f.get("text") or "")) for f in relevant}
    reporting = [r for r in rows if _reports_figure(r, fig_texts, parsed.figure_unit)]
    keyed = {proposition_key(r): coverage(r, parsed.terms) for r in reporting}
    groups = expand_groups(store, keyed, scope, {r["id"]: r for r in reporting}) if keyed else []
    if not fgroups and not groups:
        return unknown_answer(store, parsed, scope)
    fgroups.sort(key=lambda g: (not g["conflict"], -len(g["figures"])))
    reply = build_reply(parsed, groups, scope, figure_groups_=fgroups[:3], store=store)
    if not groups:
        # Figures outlets print are reported facts even when no statement carries them.
        reply.status = reply.data["status"] = STATUS_ASSERTED
    return reply


def _reports_figure(row: Row, figure_texts: set[tuple[int, str]], unit: str | None) -> bool:
    """Whether a statement's sentence(s) carry one of the figures (same article, same words)."""
    evidence = normalise(row.get("evidence") or "")
    for article_id, text in figure_texts:
        if article_id == row["article_id"] and text and text in evidence:
            return True
    if not figure_texts and unit == "time":
        # No figures stored yet: a number followed by a time unit in the statement will do.
        return re.search(NUMBER_WORDS + r"\s+(?:" + "|".join(TIME_UNITS) + r")s?\b", evidence) is not None
    return False
