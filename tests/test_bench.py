"""The benchmark's store generator on tiny sizes: counts, distinct copies, FTS over clones (no timing)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from bot.devtools import bench
from bot.store import Store
from tests.conftest import SEEDS


@pytest.fixture
def work_dir(seeded_store_path: Path, tmp_path: Path) -> Path:
    """A bench work dir that already holds the ingested seeds (no second spaCy ingest)."""
    shutil.copy(seeded_store_path, tmp_path / bench.SEED_STORE)
    return tmp_path


def _seed_counts(seeded_store_path: Path) -> dict[str, int]:
    with Store(str(seeded_store_path)) as seeds:
        rows = seeds.bench_rows()
    return {table: len(table_rows) for table, table_rows in rows.items()}


def test_clones_multiply_every_table(work_dir: Path, seeded_store_path: Path) -> None:
    counts = _seed_counts(seeded_store_path)
    path = bench.ensure_store(SEEDS, work_dir, 30)
    copies = 30 // counts["articles"] - 1
    with Store(str(path)) as store:
        assert store.article_count() == 30
        rows = store.bench_rows(["articles", "statements", "propositions", "figures"])
    for table in ("articles", "statements", "propositions", "figures"):
        assert len(rows[table]) == counts[table] * (copies + 1), table
    hashes = {a["content_hash"] for a in rows["articles"]}
    assert len(hashes) == 30
    assert len({a["text"] for a in rows["articles"]}) == 30
    assert len({a["published"][:10] for a in rows["articles"]}) > 1


def test_clone_links_stay_inside_their_copy(work_dir: Path) -> None:
    path = bench.ensure_store(SEEDS, work_dir, 20)
    with Store(str(path)) as store:
        rows = store.bench_rows(["articles", "statements", "propositions"])
    seed_article_ids = {a["id"] for a in rows["articles"] if not a["name"].startswith("bench-")}
    copy_of = {a["id"]: a["name"].split("-")[1] for a in rows["articles"] if a["name"].startswith("bench-")}
    proposition_copy: dict[int, set[str]] = {}
    for st in rows["statements"]:
        if st["article_id"] in seed_article_ids:
            continue
        for target in (st["proposition_id"], st["denies"]):
            if target is not None:
                proposition_copy.setdefault(target, set()).add(copy_of[st["article_id"]])
    # A proposition of a copy groups statements of that copy only, so groups do not snowball with size.
    assert proposition_copy and all(len(copies) == 1 for copies in proposition_copy.values())
    assert {p["id"] for p in rows["propositions"]} >= set(proposition_copy)
    denials = [st for st in rows["statements"] if st["kind"] == "denial" and st["article_id"] not in seed_article_ids]
    assert denials and any(st["denies"] is not None for st in denials)


def test_cloned_statements_are_found_by_fts_and_point_into_their_text(work_dir: Path) -> None:
    path = bench.ensure_store(SEEDS, work_dir, 15)
    with Store(str(path)) as store:
        rows = store.bench_rows(["articles", "statements"])
        texts = {a["id"]: a["text"] for a in rows["articles"] if a["name"].startswith("bench-")}
        seed_words = {
            w.lower() for st in rows["statements"] if st["article_id"] not in texts for w in (st["text"] or "").split()
        }
        cloned = [st for st in rows["statements"] if st["article_id"] in texts]
        # A word the copy put in (absent from every seed statement) finds the cloned statement.
        found_new_word = False
        for st in cloned:
            new_words = [
                w for w in (st["text"] or "").split() if w.isalpha() and len(w) > 4 and w.lower() not in seed_words
            ]
            if new_words:
                hits = store.search_statements(f'"{new_words[0]}"', limit=1000)
                assert st["id"] in {h["id"] for h in hits}
                found_new_word = True
                break
        assert found_new_word
        placed = [st for st in cloned if texts[st["article_id"]][st["start"] : st["end"]] == st["evidence"]]
        assert len(placed) >= 0.9 * len(cloned)
        for st in cloned:
            json.loads(st["lemmas"])  # varied JSON columns stay valid JSON
            json.loads(st["entities"])


def test_growing_a_cached_store_keeps_the_smaller_one(work_dir: Path) -> None:
    small = bench.ensure_store(SEEDS, work_dir, 10)
    large = bench.ensure_store(SEEDS, work_dir, 25)
    with Store(str(small)) as s, Store(str(large)) as big:
        assert s.article_count() == 10
        assert big.article_count() == 25
        names = {a["name"] for a in big.articles()}
    assert len(names) == 25
    assert bench.ensure_store(SEEDS, work_dir, 25) == large  # cached


def test_measure_store_reports_each_question_kind(work_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "QUESTIONS_PER_KIND", 3)
    monkeypatch.setattr(bench, "WARMUP_QUESTIONS", 1)
    path = bench.ensure_store(SEEDS, work_dir, 15)
    result = bench.measure_store(str(path), questions_only=True)
    assert result["articles"] == 15
    assert {"yes/no", "deny", "who", "outlets", "unknown"} <= set(result["kinds"])
    for p50, p95 in list(result["kinds"].values()) + [result["all"]]:
        assert 0 < p50 <= p95
    assert set(result["cpu"]) == set(result["kinds"])
    for p50, p95 in list(result["cpu"].values()) + [result["all_cpu"]]:
        assert 0 < p50 <= p95
    assert len(result["per_question"]) == sum(len(q) - 1 for q in result["questions"].values())
    assert len(result["load"]) == 2
    assert result["peak_rss"] >= result["baseline_rss"] > 0
    questions = bench.bench_questions(Store(str(path)), per_kind=4)
    assert all(len(set(texts)) == len(texts) for texts in questions.values())


def test_iter_sizes() -> None:
    assert list(bench.iter_sizes("1k, 10K,250")) == [1000, 10000, 250]


def test_statement_count_follows_bulk_writes(work_dir: Path) -> None:
    from bot.nlp.loader import load_nlp

    path = bench.ensure_store(SEEDS, work_dir, 10)
    with Store(str(work_dir / bench.SEED_STORE)) as seeds:
        template = bench.CloneTemplate.from_store(seeds, bench.replacement_vocabulary(load_nlp()))
    with Store(str(path)) as store:
        before = store.statement_count()  # cached from here on
        bench.CloneWriter(store, template).write(500, 2)
        assert store.statement_count() == before + 2 * len(template.rows["statements"])
        assert store.statement_count() == store.db["statements"].count


def test_bench_command_reports_the_ingest_ratio() -> None:
    from click.testing import CliRunner

    from bot.cli import main

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    result = CliRunner().invoke(main, ["bench", "--ingest-only", "--articles", "5", "--seeds", str(seeds)])
    assert "bare nlp.pipe" in result.output and "ratio (ingest / nlp.pipe)" in result.output, result.output


def test_store_bench_table_shows_wall_and_cpu_time_and_the_load(
    work_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from io import StringIO

    from rich.console import Console

    monkeypatch.setattr(bench, "QUESTIONS_PER_KIND", 3)
    monkeypatch.setattr(bench, "WARMUP_QUESTIONS", 1)
    # Measured in this process: the table is under test, not the fresh interpreter.
    monkeypatch.setattr(
        bench,
        "measure_in_subprocess",
        lambda path, questions_only: bench.measure_store(str(path), questions_only=questions_only),
    )
    out = StringIO()
    bench.run_store_bench(SEEDS, [15], work_dir, Console(file=out, width=120), questions_only=True)
    lines = out.getvalue().splitlines()
    kind_rows = [i for i, line in enumerate(lines) if line.strip("│ ").startswith(("yes/no", "all questions"))]
    assert len(kind_rows) == 2
    for i in kind_rows:
        assert lines[i + 1].strip("│ ").startswith("CPU")  # each wall row is followed by its CPU row
        assert " / " in lines[i + 1]
    assert any("load average" in line for line in lines)
    assert "(CPU " in out.getvalue()  # the verdict names the CPU p95 too


def test_ingest_throughput_times_only_the_ingest_and_takes_the_word_count_given(nlp: Language) -> None:
    from bot.devtools.ingest_bench import bare_pipe, ingest_throughput, varied_corpus
    from bot.ingest import clean

    corpus = varied_corpus(SEEDS, 2)
    texts = [clean.clean_article(a).text for a in corpus]
    bare = bare_pipe(nlp, texts)
    assert bare.cpu_seconds > 0 and bare.words == sum(len(t.split()) for t in texts)
    stages: dict[str, float] = {}
    ours = ingest_throughput(nlp, corpus, stages, words=12_345)
    assert ours.words == 12_345 and ours.articles == 2
    # The stages run inside the measured call; the word count no longer cleans the corpus inside it.
    assert sum(stages.values()) <= ours.cpu_seconds + 0.05
    assert ingest_throughput(nlp, corpus).words == bare.words
