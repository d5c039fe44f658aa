"""`briefbot browse`: the store through Datasette's own test client, read-only, on the seeds."""

from __future__ import annotations

import asyncio
import hashlib
import re
import socket
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlite_utils
from click.testing import CliRunner

from bot.browse.command import browse
from bot.browse.server import (
    DATABASE_NAME,
    BrowseError,
    NotAStoreError,
    StoreNotFoundError,
    load_metadata,
    make_datasette,
)
from bot.store import Store
from bot.store import core as store_core
from bot.store.migrations import MIGRATIONS
from browse_fixtures import build_seed_store, get, rows

DB = DATABASE_NAME
CANNED = ("contested_claims", "denials_this_week", "speaker_ledger", "figures_outlets_disagree_on")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds ingested with the CLI into a store file, once for this module."""
    return build_seed_store(tmp_path_factory.mktemp("browse") / "seeds.db")


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds ingested into a store made before the ledger links migration, then reopened (migrated)."""
    path = tmp_path_factory.mktemp("browse-linked") / "linked.db"
    before_links = 7  # the ledger links are migration 8
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_core, "MIGRATIONS", MIGRATIONS[:before_links])
        build_seed_store(path)
    assert rows(path, "PRAGMA user_version")[0][0] == before_links
    with Store(path):  # opening the store applies the newer migrations
        pass
    assert rows(path, "PRAGMA user_version")[0][0] == len(MIGRATIONS)
    return path


def test_missing_store_is_one_line_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "ledger.db"
    with pytest.raises(StoreNotFoundError) as info:
        make_datasette(missing)
    message = str(info.value)
    assert str(missing) in message and "\n" not in message
    assert isinstance(info.value, BrowseError)
    assert not missing.exists() and not missing.parent.exists()  # browsing never creates a store


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database at all, just some words to fill a page " * 40)
    with pytest.raises(NotAStoreError, match="notes.db"):
        make_datasette(text)
    other = tmp_path / "other.db"
    sqlite_utils.Database(other).table("things").insert({"id": 1})
    with pytest.raises(NotAStoreError, match=r"other\.db.*statements"):
        make_datasette(other)


def test_index_database_and_every_table_page_answer(seeded: Path) -> None:
    tables = [t for t in load_metadata()["databases"][DB]["tables"] if t in _table_names(seeded)]
    assert {"statements", "propositions", "speakers", "articles", "outlets"} <= set(tables)
    responses = get(seeded, "/", f"/{DB}", *(f"/{DB}/{t}" for t in tables))
    assert [r.status_code for r in responses] == [200] * len(responses)
    index, database = responses[0].text, responses[1].text
    assert "briefbot ledger" in index
    for query_title in (
        "Contested claims",
        "Denials this week",
        "A speaker&#39;s ledger",
        "Figures outlets disagree on",
    ):
        assert query_title in database
    statements_page = responses[2 + tables.index("statements")].text
    assert "<h1" in statements_page and "Statements" in statements_page
    assert "For a denial: the proposition it denies" in statements_page  # a column description
    # The packaged stylesheet that keeps those descriptions compact is linked and served.
    assert "/briefbot-static/browse.css" in statements_page
    (css,) = get(seeded, "/briefbot-static/browse.css")
    assert css.status_code == 200 and "column-descriptions" in css.text


def test_label_columns_name_the_linked_rows(seeded: Path) -> None:
    (response,) = get(seeded, f"/{DB}/statements.json?_labels=on&_shape=objects&kind=denial&_size=100")
    assert response.status_code == 200
    row = response.json()["rows"][0]
    speaker, article, proposition = row["speaker_id"], row["article_id"], row["proposition_id"]
    assert speaker["label"] == rows(seeded, "SELECT name FROM speakers WHERE id = ?", [speaker["value"]])[0][0]
    assert article["label"] == rows(seeded, "SELECT title FROM articles WHERE id = ?", [article["value"]])[0][0]
    assert (
        proposition["label"] == rows(seeded, "SELECT text FROM propositions WHERE id = ?", [proposition["value"]])[0][0]
    )


def test_statement_facets_count_kinds_and_speakers(seeded: Path) -> None:
    (response,) = get(seeded, f"/{DB}/statements.json?_size=1")
    facets = response.json()["facet_results"]
    assert {"kind", "speaker_id", "article_id"} <= set(facets)
    kinds = {r["value"]: r["count"] for r in facets["kind"]["results"]}
    assert kinds == dict(rows(seeded, "SELECT kind, COUNT(*) FROM statements GROUP BY kind"))
    assert kinds["denial"] > 0
    speakers = {r["label"]: r["count"] for r in facets["speaker_id"]["results"]}
    expected = dict(
        rows(
            seeded, "SELECT sp.name, COUNT(*) FROM statements s JOIN speakers sp ON sp.id = s.speaker_id GROUP BY sp.id"
        )
    )
    assert speakers == expected


def test_article_facets_by_outlet_and_date(seeded: Path) -> None:
    (response,) = get(seeded, f"/{DB}/articles.json?_size=1")
    facets = response.json()["facet_results"]
    outlets = {r["label"] for r in facets["outlet_id"]["results"]}
    assert outlets == {name for (name,) in rows(seeded, "SELECT name FROM outlets")}
    assert "published" in facets and facets["published"]["type"] == "date"
    days = {r["value"] for r in facets["published"]["results"]}
    assert days == {day for (day,) in rows(seeded, "SELECT DISTINCT date(published) FROM articles")}


def test_canned_queries_are_listed_and_each_returns_rows(seeded: Path) -> None:
    listing, *answers = get(
        seeded,
        f"/{DB}.json",
        *(f"/{DB}/{name}.json?_shape=objects&speaker=Peskov" for name in CANNED),
    )
    assert [q["name"] for q in listing.json()["queries"]] == list(CANNED)
    for name, response in zip(CANNED, answers, strict=True):
        assert response.status_code == 200, (name, response.text[:300])
        assert response.json()["rows"], f"{name} returned no rows on the seeds"


def test_contested_claims_have_both_sides_with_outlets(seeded: Path) -> None:
    (response,) = get(seeded, f"/{DB}/contested_claims.json?_shape=objects")
    found = response.json()["rows"]
    assert found
    for row in found:
        assert row["claimed_by"] and row["claimed_in"] and row["denied_by"] and row["denied_in"]
        claims = rows(
            seeded,
            "SELECT COUNT(*) FROM statements WHERE kind = 'claim' AND proposition_id = ?",
            [row["proposition_id"]],
        )
        denials = rows(
            seeded, "SELECT COUNT(*) FROM statements WHERE kind = 'denial' AND denies = ?", [row["proposition_id"]]
        )
        assert claims[0][0] > 0 and denials[0][0] > 0
    # The most widely carried dispute comes first, carried on both sides by more than one outlet.
    top = found[0]
    assert top["outlets"] == max(r["outlets"] for r in found) and len(top["denied_in"].split(", ")) > 1
    expected = {
        pid
        for (pid,) in rows(
            seeded,
            "SELECT DISTINCT c.proposition_id FROM statements c JOIN statements d ON d.denies = c.proposition_id "
            "WHERE c.kind = 'claim' AND d.kind = 'denial'",
        )
    }
    assert {r["proposition_id"] for r in found} == expected


def test_denials_this_week_lists_only_denials_of_the_latest_week(seeded: Path) -> None:
    (response,) = get(seeded, f"/{DB}/denials_this_week.json?_shape=objects")
    found = response.json()["rows"]
    ids = [r["statement_id"] for r in found]
    kinds = {
        kind
        for (kind,) in rows(
            seeded, f"SELECT DISTINCT kind FROM statements WHERE id IN ({','.join('?' * len(ids))})", ids
        )
    }
    assert kinds == {"denial"}
    # The seeds all fall in one week, so every denial is listed.
    assert len(ids) == rows(seeded, "SELECT COUNT(*) FROM statements WHERE kind = 'denial'")[0][0]
    linked = [r for r in found if r["denied_claim"]]
    assert linked and all(r["outlets"] for r in found)


def test_a_speakers_ledger_is_that_speaker_only(seeded: Path) -> None:
    named, blank = get(
        seeded,
        f"/{DB}/speaker_ledger.json?_shape=objects&speaker=Peskov",
        f"/{DB}/speaker_ledger.json?_shape=objects&speaker=",
    )
    found = named.json()["rows"]
    assert {r["speaker"] for r in found} == {"Dmitry Peskov"}
    assert {r["kind"] for r in found} == {"claim", "denial"}
    assert (
        len(found)
        == rows(
            seeded,
            "SELECT COUNT(*) FROM statements s JOIN speakers sp ON sp.id = s.speaker_id WHERE sp.name = 'Dmitry Peskov'",
        )[0][0]
    )
    assert blank.json()["rows"] == []  # no name, no ledger (not every statement)


def test_figures_outlets_disagree_on_cannot_both_be_true(seeded: Path) -> None:
    (response,) = get(seeded, f"/{DB}/figures_outlets_disagree_on.json?_shape=objects")
    found = response.json()["rows"]
    assert found
    for row in found:
        (a_low, a_high, a_unit), (b_low, b_high, b_unit) = (
            rows(seeded, "SELECT low, high, unit FROM figures WHERE id = ?", [row[key]])[0]
            for key in ("figure_id", "other_figure_id")
        )
        assert a_unit == b_unit and (a_low > b_high or b_low > a_high)
        assert row["outlet"] != row["other_outlet"] and row["shared_context"]
    # Figures that agree ("approximately 130,000" and "more than 100,000" troops) are never listed.
    assert "troop" not in {r["unit"] for r in found}


def test_full_text_search_finds_a_statement(seeded: Path) -> None:
    hit, miss = get(
        seeded,
        f"/{DB}/statements.json?_search=assurance&_shape=objects",
        f"/{DB}/statements.json?_search=zeppelin&_shape=objects",
    )
    found = hit.json()["rows"]
    assert found and all("assur" in (r["text"] + r["evidence"]).lower() for r in found)
    assert miss.json()["rows"] == []


def test_writes_are_refused_and_the_file_is_unchanged(seeded: Path) -> None:
    before = hashlib.sha256(seeded.read_bytes()).hexdigest()
    count = rows(seeded, "SELECT COUNT(*) FROM statements")[0][0]

    async def attempt() -> tuple[int, int, str]:
        ds = make_datasette(seeded)
        sql = await ds.client.get(f"/{DB}.json?sql=DELETE+FROM+statements")
        post = await ds.client.post(f"/{DB}/contested_claims", data={"sql": "DELETE FROM statements"})
        try:
            await ds.get_database(DB).execute_write("DELETE FROM statements")
        except sqlite3.OperationalError as exc:
            direct = str(exc)
        else:
            direct = "written"
        return sql.status_code, post.status_code, direct

    sql_status, post_status, direct = asyncio.run(attempt())
    assert sql_status == 400
    assert post_status == 405
    assert "readonly" in direct
    assert rows(seeded, "SELECT COUNT(*) FROM statements")[0][0] == count
    assert hashlib.sha256(seeded.read_bytes()).hexdigest() == before


def test_a_live_store_shows_rows_written_while_browsing(seeded: Path, tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    _copy(seeded, live)
    with closing(sqlite3.connect(live)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")  # as the running bot keeps it

    async def before_and_after() -> tuple[int, int]:
        ds = make_datasette(live)
        first = (await ds.client.get(f"/{DB}/outlets.json?_shape=objects")).json()["rows"]
        # The bot (another connection) stores an article from a new outlet while the browser is up.
        with closing(sqlite3.connect(live)) as writer:
            writer.execute("INSERT INTO outlets (name) VALUES ('A New Outlet')")
            writer.commit()
        second = (await ds.client.get(f"/{DB}/outlets.json?_shape=objects")).json()["rows"]
        return len(first), len(second)

    first, second = asyncio.run(before_and_after())
    assert second == first + 1


def test_browse_check_serves_over_http_and_every_canned_query_answers(seeded: Path) -> None:
    with closing(socket.socket()) as probe:  # a free port for the real server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(browse, ["--check", "--port", str(port)], obj=SimpleNamespace(db_path=str(seeded)))
    assert result.exit_code == 0, result.output
    counts = {name: int(n) for name, n in re.findall(r"^(\w+): (\d+) rows$", result.output, flags=re.M)}
    assert list(counts) == list(CANNED)
    assert all(n > 0 for n in counts.values()), counts
    # The speaker's ledger was run for the most quoted speaker: all of their statements.
    most = rows(seeded, "SELECT COUNT(*) AS n FROM statements GROUP BY speaker_id ORDER BY n DESC LIMIT 1")[0][0]
    assert counts["speaker_ledger"] == most


def test_browse_command_names_a_missing_store_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "ledger.db"
    result = CliRunner().invoke(browse, [], obj=SimpleNamespace(db_path=str(missing)))
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: {missing}: no such store file (create one with `briefbot --db {missing} ingest ...`)"
    )
    assert not missing.exists()


def test_browse_without_datasette_says_how_to_install_it(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "bot.browse.server")
    for name in [m for m in sys.modules if m == "datasette" or m.startswith("datasette.")]:
        monkeypatch.setitem(sys.modules, name, None)  # as if the extra were not installed
    result = CliRunner().invoke(browse, [], obj=SimpleNamespace(db_path=str(seeded)))
    assert result.exit_code == 1
    assert "browse needs Datasette (datasette" in result.output and "briefbot[browse]" in result.output


def test_no_plugins_and_no_download(seeded: Path) -> None:
    plugins, download = get(seeded, "/-/plugins.json", f"/{DB}.db")
    assert plugins.json() == []
    assert download.status_code in (403, 404)


def test_after_the_links_migration_denials_link_and_statements_facet_by_outlet(linked: Path) -> None:
    statements, by_outlet, search = get(
        linked,
        f"/{DB}/statements.json?_labels=on&_shape=objects&kind=denial&denies__notblank=1",
        f"/{DB}/outlet_statements.json?_size=1",
        f"/{DB}/outlet_statements.json?_search=assurance&_shape=objects",
    )
    denial = statements.json()["rows"][0]
    target = denial["denies"]
    assert target["label"] == rows(linked, "SELECT text FROM propositions WHERE id = ?", [target["value"]])[0][0]
    facets = by_outlet.json()["facet_results"]
    assert {"outlet", "speaker", "kind", "published"} <= set(facets)
    assert {r["value"] for r in facets["outlet"]["results"]} == {n for (n,) in rows(linked, "SELECT name FROM outlets")}
    assert search.json()["rows"] and all("assur" in r["text"].lower() for r in search.json()["rows"])
    fks = {
        (fk.column, fk.other_table, fk.on_delete)
        for fk in sqlite_utils.Database(linked).table("deliveries").foreign_keys
    }
    assert ("subscription_id", "subscriptions", "SET NULL") in fks


def test_the_links_migration_keeps_search_triggers_and_indexes(seeded: Path, linked: Path, tmp_path: Path) -> None:
    schema = "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"
    assert rows(linked, schema) == rows(seeded, schema)
    assert rows(linked, "PRAGMA foreign_key_check") == []
    copy = tmp_path / "copy.db"
    _copy(linked, copy)  # the module's linked store stays as built
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE statements SET text = text || ' quuxword' WHERE id = (SELECT MIN(id) FROM statements)")
    conn.commit()
    conn.close()
    assert rows(copy, "SELECT COUNT(*) FROM statements_fts WHERE statements_fts MATCH 'quuxword'")[0][0] == 1


def _copy(source: Path, target: Path) -> None:
    # SQLite's backup reads committed pages still in the write-ahead log, which a file copy misses.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _table_names(path: Path) -> set[str]:
    return {name for (name,) in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
