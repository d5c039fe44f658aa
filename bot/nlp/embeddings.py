"""Static sentence embeddings: the one place the wordllama model is loaded.

wordllama (MIT) ships its 256-dimension token weights inside the wheel, so the
model is read from the installed package folder and never fetched: its default
cache path is a folder the wheel does not have, hence `cache_dir` and
`disable_download`. Loading takes a fraction of a second and happens on first
use, never at import time (the chat adapters and tests that never embed stay
fast). Vectors are L2-normalised, so a dot product is the cosine similarity,
and travel as float16 bytes (half the room of float32, ample precision for
ranking).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

DIMENSIONS = 256
VECTOR_DTYPE = np.float16
VECTOR_BYTES = DIMENSIONS * np.dtype(VECTOR_DTYPE).itemsize

_LOCK = threading.Lock()


class EmbeddingsUnavailable(RuntimeError):
    """The wordllama package or its bundled weights cannot be loaded."""


@functools.lru_cache(maxsize=1)
def load_embedder() -> Any:
    """The shared wordllama model, loaded from the weights inside its wheel on first use."""
    with _LOCK:
        try:
            import wordllama
            from wordllama import WordLlama
        except ImportError as exc:  # pragma: no cover - a broken install
            raise EmbeddingsUnavailable(f"wordllama is not installed: {exc}") from exc
        folder = os.path.dirname(wordllama.__file__)
        try:
            return WordLlama.load(cache_dir=folder, disable_download=True)
        except Exception as exc:  # the library raises several kinds for missing files
            raise EmbeddingsUnavailable(f"wordllama weights not found under {folder}: {exc}") from exc


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (an empty text gives a zero row)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = load_embedder()
    vectors = np.asarray(model.embed([t or " " for t in texts], norm=True), dtype=np.float32)
    # The model gives NaN for a text with no known token; a zero vector matches nothing instead.
    return np.nan_to_num(vectors, nan=0.0)


def to_bytes(vector: np.ndarray) -> bytes:
    """One vector as the bytes the store keeps (float16)."""
    return np.asarray(vector, dtype=VECTOR_DTYPE).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    """A stored vector back as float32 (a wrong-sized blob gives a zero vector, never an error)."""
    if len(blob) != VECTOR_BYTES:
        return np.zeros(DIMENSIONS, dtype=np.float32)
    return np.frombuffer(blob, dtype=VECTOR_DTYPE).astype(np.float32)


@functools.lru_cache(maxsize=65536)
def vector(text: str) -> np.ndarray:
    """One text's unit-length vector, cached: grouping compares the same stored statements article after article."""
    out = embed([text])[0]
    out.setflags(write=False)  # shared through the cache
    return out


def cosine(a: str, b: str) -> float:
    """How close two texts are in meaning, -1..1 (0 when either has no known word)."""
    return float(np.dot(vector(a), vector(b)))
