"""Static sentence embeddings: wordllama's 256-dimension vectors, shipped inside its wheel.

One shared loader for every part of the core that compares texts by meaning.
The model is loaded on first use (never at import time, so importing the
package stays cheap) from the installed package folder with downloads
disabled: nothing reaches for the network. Vectors are cached per text,
because the same stored statements come back as candidates article after
article.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import numpy as np

DIMENSIONS = 256


@functools.lru_cache(maxsize=1)
def model() -> Any:
    """The wordllama model, loaded once from the weights inside the installed wheel."""
    import wordllama  # heavy (numpy, tokenizers): only when a text is first compared
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=os.path.dirname(wordllama.__file__), disable_download=True)


@functools.lru_cache(maxsize=65536)
def vector(text: str) -> np.ndarray:
    """The unit-length embedding of a text (zeros for an empty one)."""
    if not text.strip():
        return np.zeros(DIMENSIONS, dtype=np.float32)
    out = np.asarray(model().embed([text], norm=True)[0], dtype=np.float32)
    out.setflags(write=False)  # shared through the cache
    return out


def cosine(a: str, b: str) -> float:
    """How close two texts are in meaning, -1..1 (0 when either is empty)."""
    return float(np.dot(vector(a), vector(b)))
