"""Ingest orchestration: idempotency, replacement, one article per transaction."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.ingest import grouping, pipeline
from bot.ingest.readers import InputError
from bot.models import ArticleInput
from bot.store import Store

TEXT_A = (
    "Port reopens after storm\n\n"
    "The harbour will reopen on Monday, Transport Minister Jane Doe said on Friday. "
    '"We expect ferries to run normally by the weekend," she told reporters.'
)
TEXT_B = (
    "Unions reject pay offer\n\n"
    "Union leader Ali Khan denied that members had accepted the offer, calling the reports false."
)


def _article(name: str, text: str) -> ArticleInput:
    return ArticleInput(name=name, source=f"/in/{name}", raw=text, outlet="The Example Times", published="2024-05-01")


def test_ingest_twice_adds_nothing(store: Store, nlp: Language) -> None:
    first = pipeline.ingest_articles(store, [_article("a.txt", TEXT_A)], nlp=nlp)
    count = store.statement_count()
    second = pipeline.ingest_articles(store, [_article("a.txt", TEXT_A)], nlp=nlp)
    assert first.added == ["a.txt"] and second.unchanged == ["a.txt"]
    assert store.article_count() == 1 and store.statement_count() == count


def test_changed_article_replaces_old_statements(store: Store, nlp: Language) -> None:
    pipeline.ingest_articles(store, [_article("a.txt", TEXT_A)], nlp=nlp)
    report = pipeline.ingest_articles(store, [_article("a.txt", TEXT_B)], nlp=nlp)
    assert report.replaced == ["a.txt"]
    assert store.article_count() == 1
    texts = " ".join(r["evidence"] for r in store.statements())
    assert "harbour" not in texts


def test_input_errors_are_reported_and_batch_goes_on(store: Store, nlp: Language) -> None:
    items = [InputError("bad.bin", "binary file"), _article("b.txt", TEXT_B)]
    report = pipeline.ingest_articles(store, items, nlp=nlp)
    assert [str(e) for e in report.errors] == ["bad.bin: binary file"]
    assert report.added == ["b.txt"] and not report.ok


def test_failure_mid_article_keeps_earlier_articles_and_no_half_article(
    store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = grouping.assign_propositions
    calls = []

    def flaky(s: Store, article_id: int, ids: list[int], statements: list) -> None:
        calls.append(article_id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(s, article_id, ids, statements)

    monkeypatch.setattr(grouping, "assign_propositions", flaky)
    report = pipeline.ingest_articles(store, [_article("a.txt", TEXT_A), _article("b.txt", TEXT_B)], nlp=nlp)
    assert report.added == ["a.txt"]
    assert [e.source for e in report.errors] == ["b.txt"]
    assert [a["name"] for a in store.articles()] == ["a.txt"]
    assert {r["article"] for r in store.statements()} <= {"a.txt"}


def test_interrupt_mid_ingest_loses_nothing_already_ingested(
    store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = grouping.assign_propositions
    calls = []

    def interrupted(s: Store, article_id: int, ids: list[int], statements: list) -> None:
        calls.append(article_id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(s, article_id, ids, statements)

    monkeypatch.setattr(grouping, "assign_propositions", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest_articles(store, [_article("a.txt", TEXT_A), _article("b.txt", TEXT_B)], nlp=nlp)
    assert [a["name"] for a in store.articles()] == ["a.txt"]
    article_ids = {a["id"] for a in store.articles()}
    assert {r["article_id"] for r in store.statements()} <= article_ids


def test_statements_are_found_in_a_plain_article(store: Store, nlp: Language) -> None:
    pipeline.ingest_articles(store, [_article("a.txt", TEXT_A), _article("b.txt", TEXT_B)], nlp=nlp)
    rows = store.statements()
    assert any("Doe" in r["speaker"] for r in rows)
    assert any(r["kind"] == "denial" and "Khan" in r["speaker"] for r in rows)
    for row in rows:
        article = store.article(row["article_id"])
        assert article["text"][row["start"] : row["end"]] == row["evidence"]


def test_report_counts_cpu_time_per_stage(store: Store, nlp: Language) -> None:
    report = pipeline.ingest_articles(store, [_article("a.txt", TEXT_A), _article("b.txt", TEXT_B)], nlp=nlp)
    assert report.added == ["a.txt", "b.txt"]
    # Every stage ran, so each has a reading; none can be negative (grouping is nested in the store's time).
    assert set(report.cpu) == set(pipeline.STAGES)
    assert all(seconds >= 0 for seconds in report.cpu.values())
    assert report.cpu["parse"] > 0
