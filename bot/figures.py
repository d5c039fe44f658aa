"""PLACEHOLDER (to be replaced by the figures work)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from bot.models import Figure


def extract_figures(doc: Doc) -> Iterator[Figure]:
    """Yield figures in the doc."""
    return iter(())
