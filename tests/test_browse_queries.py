"""The browser's canned queries are the store's ledger queries, and each runs on a seeded store."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bot.browse.server import DATABASE_NAME, load_metadata
from bot.store.ledger_queries import LEDGER_QUERIES
from browse_fixtures import build_seed_store, get, rows

BROWSE_DIR = Path(__file__).resolve().parent.parent / "bot" / "browse"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds ingested with the CLI into a store file, once for this module."""
    return build_seed_store(tmp_path_factory.mktemp("browse-queries") / "seeds.db")


def _speaker(db_path: Path) -> str:
    """The most quoted speaker's name, so the speaker's ledger has rows without naming anyone here."""
    query = (
        "SELECT sp.name FROM statements s JOIN speakers sp ON sp.id = s.speaker_id "
        "GROUP BY sp.id ORDER BY COUNT(*) DESC, sp.id LIMIT 1"
    )
    return str(rows(db_path, query)[0][0])


def test_browser_queries_are_exactly_the_store_ledger_queries() -> None:
    queries = load_metadata()["databases"][DATABASE_NAME]["queries"]
    assert list(queries) == [q.name for q in LEDGER_QUERIES]
    for query in LEDGER_QUERIES:
        shown = queries[query.name]
        assert shown["sql"] == query.sql
        assert (shown["title"], shown["description"]) == (query.title, query.description)
        assert list(shown.get("params") or ()) == list(query.params)
        # Every `:name` in the SQL is a declared parameter, and every parameter is used.
        assert set(re.findall(r":(\w+)", query.sql)) == set(query.params)


def test_no_sql_left_in_the_browser_package() -> None:
    # The packaged metadata carries titles, facets and descriptions only; SQL belongs to the store.
    metadata_text = (BROWSE_DIR / "metadata.yaml").read_text(encoding="utf-8")
    assert "sql:" not in metadata_text and "queries:" not in metadata_text


def test_each_ledger_query_runs_on_a_seeded_store_as_the_browser_runs_it(seeded: Path) -> None:
    speaker = _speaker(seeded)
    for query in LEDGER_QUERIES:
        params = {name: speaker for name in query.params}
        direct = rows(seeded, query.sql, params)
        assert direct, f"{query.name} returned no rows on the seeds"
        (response,) = get(seeded, f"/{DATABASE_NAME}/{query.name}.json?{urlencode({'_shape': 'array', **params})}")
        assert response.status_code == 200, (query.name, response.text[:300])
        served = [tuple(row.values()) for row in response.json()]
        assert served == direct, query.name
