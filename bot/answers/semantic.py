"""Meaning: how close a statement is to what a question asks, by static sentence embeddings.

Words alone miss a statement that says the same thing differently ("pull back
from the frontier" for "withdraw from the border"); a sentence embedding does
not need the question's words. Statement vectors are stored at ingest; a
candidate without one (a store from before vectors existed) is embedded on the
spot, so answers never depend on a backfill having run.
"""

from __future__ import annotations

import gc
import logging

import numpy as np

from bot.answers.scoring import SUBJECT_ROWS, Scope
from bot.nlp.embeddings import EmbeddingsUnavailable, embed, from_bytes
from bot.store import Row, Store

log = logging.getLogger(__name__)


def prepare_for_questions(store: Store | None = None) -> None:
    """Load the embedding model now and take what is loaded out of the garbage collector's view.

    Called once at start-up by a long-running bot (and by the latency bench, which
    measures one): the first question does not pay for the model's load, and a full
    collection falling inside a question no longer walks the tens of thousands of
    objects imports and models leave behind (50-85 ms each on a 100k store, measured
    by the bench; 10-16 ms once they are frozen). With the `store`, the OS is asked
    to read its file into the page cache in the background (`Store.advise_cache`).
    """
    if store is not None:
        store.advise_cache()
    try:
        embed(["warm up"])
    except EmbeddingsUnavailable as exc:
        log.warning("questions answered by words only: %s", exc)
    gc.collect()
    gc.freeze()


def question_vector(text: str) -> np.ndarray | None:
    """The embedding of what a question asks about (None without text or without the model)."""
    if not text.strip():
        return None
    try:
        vector = embed([text])[0]
    except EmbeddingsUnavailable as exc:
        log.warning("questions answered by words only: %s", exc)
        return None
    return vector if np.any(vector) else None


def similarities(store: Store, rows: list[Row], query: np.ndarray | None) -> dict[int, float]:
    """Cosine similarity of each row's statement text to the question vector, by statement id."""
    if query is None or not rows:
        return {}
    stored = store.statement_vectors(r["id"] for r in rows)
    missing = [r for r in rows if r["id"] not in stored]
    vectors = {sid: from_bytes(blob) for sid, blob in stored.items()}
    if missing:
        try:
            fresh = embed([r.get("text") or "" for r in missing])
        except EmbeddingsUnavailable:
            fresh = np.zeros((len(missing), query.shape[0]), dtype=np.float32)
        vectors.update((r["id"], v) for r, v in zip(missing, fresh, strict=True))
    ids = list(vectors)
    matrix = np.stack([vectors[i] for i in ids])
    scores = matrix @ query.astype(np.float32)
    return {sid: float(s) for sid, s in zip(ids, scores, strict=True)}


# A named speaker's statements compared by meaning (the newest SUBJECT_ROWS), and how many of
# the closest are read in full: reading and scoring every one took 20 ms at 10k articles.
MEANING_CANDIDATES = 20


def closest_statements(
    store: Store,
    speaker_ids: list[int],
    kind: str | None,
    scope: Scope,
    query: np.ndarray | None,
    have: list[Row],
) -> list[Row]:
    """The speakers' statements closest in meaning to the question, besides the rows in `have`.

    This is the retrieval that needs none of the question's words. Statements
    stored before vectors existed are not compared until an ingest embeds them.
    """
    if query is None or not speaker_ids:
        return []
    pairs = store.speaker_vectors(speaker_ids, kind=kind, limit=SUBJECT_ROWS, **scope.kwargs())
    seen = {r["id"] for r in have}
    pairs = [(sid, blob) for sid, blob in pairs if sid not in seen]
    if not pairs:
        return []
    matrix = np.stack([from_bytes(blob) for _, blob in pairs])
    scores = matrix @ query.astype(np.float32)
    best = np.argsort(-scores)[:MEANING_CANDIDATES]
    ids = [pairs[int(i)][0] for i in best]
    return store.answer_statements(ids=ids, **scope.kwargs())
