"""The store: migrations, article replacement, statement export and filters."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.models import CLAIM, DENIAL, Figure, Statement
from bot.store import Store, StoreError
from bot.store.migrations import MIGRATIONS


def _statement(speaker: str, text: str, kind: str = CLAIM, role: str | None = None) -> Statement:
    evidence = f"{speaker} said {text}."
    return Statement(
        kind=kind,
        cue="said",
        speaker=speaker,
        speaker_text=speaker.split()[-1],
        text=text,
        evidence=evidence,
        start=0,
        end=len(evidence),
        speaker_role=role,
        speaker_type="person",
        lemmas=tuple(text.lower().split()),
    )


def _save(store: Store, name: str, statements: list[Statement], **meta: object) -> int:
    args = dict(
        name=name,
        source=f"/tmp/{name}",
        raw_text="raw " + name,
        text=" ".join(s.evidence for s in statements),
        content_hash="h-" + name + str(len(statements)),
        title=None,
        outlet="The Example Times",
        url=None,
        published="2024-05-01",
        language="en",
        statements=statements,
        figures=[],
    )
    args.update(meta)
    return store.save_article(**args)  # type: ignore[arg-type]


def test_migrations_set_user_version(store: Store) -> None:
    assert store.schema_version == len(MIGRATIONS)
    tables = set(store.db.table_names())
    assert {"articles", "statements", "propositions", "speakers", "figures", "outlets"} <= tables
    assert "statements_fts" in tables


def test_file_store_uses_wal_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(str(path)) as s:
        _save(s, "a.txt", [_statement("Jane Doe", "the bridge will open in May")])
    with Store(str(path)) as s:
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.article_count() == 1
        assert s.statement_count() == 1


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store(str(junk))


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(str(path))


def test_saving_same_name_replaces_statements(store: Store) -> None:
    _save(store, "a.txt", [_statement("Jane Doe", "taxes will rise"), _statement("Jane Doe", "rents will fall")])
    _save(store, "a.txt", [_statement("Jane Doe", "taxes will not rise")])
    assert store.article_count() == 1
    assert [r["text"] for r in store.statements()] == ["taxes will not rise"]


def test_statement_filters(store: Store) -> None:
    _save(
        store,
        "a.txt",
        [
            _statement("Jane Doe", "the port reopened", role="Transport Minister"),
            _statement("Ali Khan", "the port never closed", kind=DENIAL),
        ],
    )
    _save(store, "b.txt", [_statement("Jane Doe", "ferries resume")], outlet="Harbour News", published="2024-06-01")
    assert len(store.statements(kind=DENIAL)) == 1
    assert {r["text"] for r in store.statements(speaker="doe")} == {"the port reopened", "ferries resume"}
    assert [r["text"] for r in store.statements(speaker="transport minister")] == ["the port reopened"]
    assert store.statements(speaker="Do") == []  # whole words only
    assert [r["text"] for r in store.statements(outlet="harbour")] == ["ferries resume"]
    assert [r["text"] for r in store.statements(since="2024-05-15")] == ["ferries resume"]
    assert len(store.statements(article="a.txt")) == 2


def test_export_has_the_contract_fields(store: Store) -> None:
    _save(store, "a.txt", [_statement("Jane Doe", "the port reopened")])
    row = store.statements()[0]
    for key in (
        "id",
        "article",
        "outlet",
        "kind",
        "speaker",
        "speaker_text",
        "cue",
        "text",
        "evidence",
        "start",
        "end",
        "proposition",
        "denies",
    ):
        assert key in row
    assert row["article"] == "a.txt"
    assert row["outlet"] == "The Example Times"


def test_speakers_merge_roles_and_aliases(store: Store) -> None:
    _save(store, "a.txt", [_statement("Jane Doe", "x happened", role="Transport Minister")])
    _save(store, "b.txt", [_statement("Jane Doe", "y happened", role="party leader")])
    (jane,) = [s for s in store.speakers() if s["name"] == "Jane Doe"]
    assert jane["roles"] == ["Transport Minister", "party leader"]
    assert "Doe" in jane["aliases"]
    assert jane["statements"] == 2


def test_fts_search_ranks_statements(store: Store) -> None:
    _save(
        store,
        "a.txt",
        [_statement("Jane Doe", "the harbour bridge will open"), _statement("Ali Khan", "wheat prices doubled")],
    )
    hits = store.search_statements("bridge")
    assert [h["speaker"] for h in hits] == ["Jane Doe"]


def test_failed_save_leaves_nothing(store: Store) -> None:
    def explode(*_: object) -> None:
        raise RuntimeError("grouping failed")

    with pytest.raises(RuntimeError):
        _save(store, "a.txt", [_statement("Jane Doe", "x")], on_saved=explode)
    assert store.article_count() == 0
    assert store.statement_count() == 0


def test_figures_round_trip(store: Store) -> None:
    fig = Figure(
        text="about five hours",
        value=5,
        unit="hour",
        qualifier="about",
        low=4.5,
        high=5.5,
        sentence="They met for about five hours.",
        start=0,
        end=30,
        lemmas=("meet",),
    )
    article_id = _save(store, "a.txt", [], figures=[fig])
    (row,) = store.figures(article=article_id)
    assert row["unit"] == "hour" and row["lemmas"] == ["meet"] and row["outlet"] == "The Example Times"


def test_syndicated_outlets(store: Store) -> None:
    article_id = _save(store, "a.txt", [])
    store.add_article_outlet(article_id, "Wire Copy Daily")
    store.add_article_outlet(article_id, "Wire Copy Daily")
    assert store.article_outlets(article_id) == ["The Example Times", "Wire Copy Daily"]


def test_a_repeated_text_search_gives_fresh_rows_and_sees_every_change(tmp_path: Path) -> None:
    path = str(tmp_path / "s.db")
    with Store(path) as store, Store(path) as other:
        _save(store, "a.txt", [_statement("Jane Doe", "the harbour bridge will open", role="Transport Minister")])
        first = store.answer_statements(fts='"bridge"', limit=10)
        assert [r["speaker"] for r in first] == ["Jane Doe"]
        # Callers may change their rows; a repeat of the search must not see that.
        first[0]["text"] = "changed"
        first[0]["outlets"].append("Changed Daily")
        first[0]["speaker_roles"].append("changed role")
        again = store.answer_statements(fts='"bridge"', limit=10)
        assert again[0]["text"] == "the harbour bridge will open"
        assert again[0]["outlets"] == ["The Example Times"]
        assert again[0]["speaker_roles"] == ["Transport Minister"]
        # A write through this connection, then one through another, each show at once.
        _save(store, "b.txt", [_statement("Ali Khan", "the bridge is unsafe")])
        assert {r["speaker"] for r in store.answer_statements(fts='"bridge"', limit=10)} == {"Jane Doe", "Ali Khan"}
        _save(other, "c.txt", [_statement("Mia Wong", "a second bridge is planned")])
        assert len(store.answer_statements(fts='"bridge"', limit=10)) == 3


def test_a_text_search_alone_and_within_a_speaker_agree(store: Store) -> None:
    _save(
        store,
        "a.txt",
        [_statement("Jane Doe", "the harbour bridge will open"), _statement("Ali Khan", "the bridge toll doubled")],
    )
    everyone = store.answer_statements(fts='"bridge"', limit=10)
    newest = store.answer_statements(fts='"bridge"', limit=1, newest_matches=True)
    assert {r["speaker"] for r in everyone} == {"Jane Doe", "Ali Khan"}
    assert [r["id"] for r in newest] == [max(r["id"] for r in everyone)]
    (jane,) = [r for r in everyone if r["speaker"] == "Jane Doe"]
    mine = store.answer_statements(fts='"bridge"', speaker_ids=[jane["speaker_id"]], limit=10)
    assert [r["id"] for r in mine] == [jane["id"]]


def test_advise_cache_asks_the_os_for_a_file_store_only(tmp_path: Path) -> None:
    import os

    with Store(str(tmp_path / "s.db")) as store:
        assert store.advise_cache() is hasattr(os, "posix_fadvise")
    with Store(":memory:") as store:
        assert store.advise_cache() is False


def test_story_fields_are_an_articles_speakers_cues_and_entities(store: Store) -> None:
    ids = store.save_article(
        name="a.txt",
        source="a.txt",
        raw_text="x",
        text="x",
        content_hash="a",
        title=None,
        outlet="Coast Post",
        url=None,
        published="2024-03-01",
        language="en",
        statements=[
            Statement(
                kind=CLAIM,
                cue="said",
                speaker="Mara Quist",
                speaker_text="Mara Quist",
                text="the harbour will close",
                evidence="Mara Quist said the harbour will close.",
                start=0,
                end=38,
                entities=("Gallow Quay",),
            )
        ],
        figures=[],
    )
    rows = store.story_fields(ids)
    assert [(r["speaker"], r["cue"], r["entities"]) for r in rows] == [("Mara Quist", "said", ["Gallow Quay"])]
