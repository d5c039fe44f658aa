"""Which claim a denial is linked to when its own words match none: hand-built statements, invented names."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM, DENIAL
from bot.store import Store
from tests.test_propositions import S, _ingest


def _denies(rows: list[dict], text: str) -> int | None:
    return next(r["denies"] for r in rows if r["text"] == text)


def _proposition(rows: list[dict], text: str) -> int | None:
    return next(r["proposition"] for r in rows if r["text"] == text)


def test_a_later_contentless_denial_follows_the_same_speakers_earlier_one(store: Store, nlp: Language) -> None:
    rows = _ingest(
        store,
        nlp,
        "wire.txt",
        [
            S(CLAIM, "Marsh Heron Trust", "the quarry has killed at least forty otters along the river this spring"),
            S(DENIAL, "Brackwell Stone", "the quarry has killed forty otters", target_text="the otter figures"),
            S(CLAIM, "Edda Pilcher", "Night surveys along the towpath are planned for the summer"),
            S(DENIAL, "Brackwell Stone", "there was no basis for the number", target_text="no basis for the number"),
        ],
    )
    otters = _proposition(rows, "the quarry has killed at least forty otters along the river this spring")
    assert _denies(rows, "the quarry has killed forty otters") == otters
    assert _denies(rows, "there was no basis for the number") == otters
