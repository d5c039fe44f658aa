"""Retrieval: the FTS5 query for a question's terms and the candidate statements it returns."""

from __future__ import annotations

from bot.answers.question import Question, Term
from bot.answers.scoring import CANDIDATES, Scope
from bot.answers.text import fts_any
from bot.store import Row, Store

# Terms used by more statements than this are left out of the candidate search (they
# still count when candidates are scored): on a big store they would match everything.
COMMON_TERM_DF = 500


def search_query(terms: list[Term]) -> str:
    """An FTS5 query for the question's rarer terms (the two rarest when all are common)."""
    by_rarity = sorted(terms, key=lambda t: t.df)
    searched = [t for t in by_rarity if t.df <= COMMON_TERM_DF] or by_rarity[:2]
    return fts_any(s for t in searched for s in t.surfaces)


def _all_common_query(terms: list[Term]) -> str | None:
    """When every term is common: the two rarest required together (None otherwise).

    Either alone can match a large share of a big store, and ranking all of
    those is what makes a question slow; statements with both come first.
    """
    by_rarity = sorted(terms, key=lambda t: t.df)
    if len(by_rarity) < 2 or by_rarity[0].df <= COMMON_TERM_DF:
        return None
    parts = [fts_any(t.surfaces) for t in by_rarity[:2]]
    return " AND ".join(f"({p})" for p in parts) if all(parts) else None


def search_rows(store: Store, parsed: Question, scope: Scope, speaker_ids: list[int] | None = None) -> list[Row]:
    """Candidate statements for a parsed question within its scope, from the full-text index."""
    # Only common words to go on: the newest matches are read (ranking them all would take
    # as long as the store is big), statements with the two rarest words together first.
    common = bool(parsed.terms) and min(t.df for t in parsed.terms) > COMMON_TERM_DF
    both = _all_common_query(parsed.terms)
    if both:
        rows = store.answer_statements(
            fts=both, speaker_ids=speaker_ids, limit=CANDIDATES, newest_matches=True, **scope.kwargs()
        )
        if rows:
            return rows
    query = search_query(parsed.terms)
    if not query:
        return []
    return store.answer_statements(
        fts=query, speaker_ids=speaker_ids, limit=CANDIDATES, newest_matches=common, **scope.kwargs()
    )
