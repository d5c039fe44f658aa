"""PLACEHOLDER (to be replaced by the extraction work)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from bot.models import Statement


def extract_statements(doc: Doc) -> Iterator[Statement]:
    """Yield attributed statements in the doc."""
    return iter(())
