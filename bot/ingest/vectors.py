"""Embedding newly stored statements, so questions can find them by meaning."""

from __future__ import annotations

import logging

from bot.nlp.embeddings import EmbeddingsUnavailable, embed, to_bytes
from bot.store import Store

log = logging.getLogger(__name__)

# Statements embedded per round trip: the model is fastest on a few thousand at once.
VECTOR_BATCH = 2000


def index_statement_vectors(store: Store, batch: int = VECTOR_BATCH) -> int:
    """Embed every statement stored since the last call (or ever, on an older store); returns how many.

    Without the model (a broken install) nothing is embedded and questions fall
    back to words alone; the ingest itself never fails for it.
    """
    done = 0
    while rows := store.statements_without_vectors(batch):
        try:
            vectors = embed([text for _, text in rows])
        except EmbeddingsUnavailable as exc:
            log.warning("statements not embedded: %s", exc)
            return done
        store.save_statement_vectors((sid, to_bytes(v)) for (sid, _), v in zip(rows, vectors, strict=True))
        done += len(rows)
    return done
