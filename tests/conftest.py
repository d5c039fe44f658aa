"""Shared fixtures: one spaCy pipeline per test session, in-memory stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from bot.nlp.loader import load_nlp
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold_seeds.toml"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English pipeline, loaded once for the whole session."""
    return load_nlp()


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty in-memory store."""
    s = Store(":memory:")
    yield s
    s.close()


@pytest.fixture(scope="session")
def seeded_store_path(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    """A store file with the five seed articles ingested, built once per session."""
    from bot.ingest import pipeline

    path = tmp_path_factory.mktemp("seeded") / "seeds.db"
    with Store(str(path)) as s:
        report = pipeline.ingest_paths(s, [SEEDS], max_bytes=5_000_000, nlp=nlp)
        assert report.ok, report.errors
    return path


@pytest.fixture
def seeded_store(seeded_store_path: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the seeded store, so a test may write to it."""
    import shutil

    copy = tmp_path / "seeds.db"
    shutil.copy(seeded_store_path, copy)
    s = Store(str(copy))
    yield s
    s.close()
