"""A denial whose own words only point at a claim ("a claim", "the charge") is shown as the claim it denies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from spacy.language import Language

from bot.answers.compose import answer_question
from bot.answers.ledgers import speaker_ledger
from bot.answers.rendering import quote_sentence
from bot.answers.wordings import DENIED_WORDS, attach_denied_words, is_pointer_phrase, pointer_denial_words
from bot.cli import main
from bot.digests.build import build_digest
from bot.ingest import pipeline
from bot.models import ArticleInput
from bot.reply import render_text
from bot.store import Store

# Invented: an official's claim in quotes, then a pointer denial ("a claim …") by another speaker.
TEXT = (
    "Lighthouse keepers to strike\n\n"
    "Harbour master Tobias Renk met the union on Friday. "
    "Union organiser Mara Quill told reporters the keepers "
    '"had voted to stop work at every lighthouse on the Varn coast from Monday," '
    "a claim Renk also denied.\n\n"
    "Renk said talks would go on next week."
)


def _ingest(store: Store, nlp: Language) -> None:
    article = ArticleInput(
        name="keepers.txt", source="/in/keepers.txt", raw=TEXT, outlet="Varn Coast Herald", published="2025-03-04"
    )
    report = pipeline.ingest_articles(store, [article], nlp=nlp)
    assert report.ok, report.errors


def _pointer(store: Store) -> dict[str, Any]:
    rows = [r for r in store.answer_statements(kind="denial") if is_pointer_phrase(r["text"] or "")]
    assert len(rows) == 1, rows
    return rows[0]


def test_pointer_phrases_are_determiner_and_report_noun_or_a_pronoun() -> None:
    for text in ("a claim", "the allegations", "these reports", "the charge", "this", "which"):
        assert is_pointer_phrase(text), text
    for text in ("the claim was false", "a strike", "no such vote took place", "claims", "the new claim"):
        assert not is_pointer_phrase(text), text


def test_linked_pointer_denial_is_shown_as_the_claim_it_denies(store: Store, nlp: Language) -> None:
    _ingest(store, nlp)
    row = _pointer(store)
    assert row["denies"] is not None  # the extractor linked the denial to the organiser's claim
    attach_denied_words(store, [row])
    shown = pointer_denial_words(row)
    assert shown is not None and shown.startswith("the claim that ")
    assert "voted to stop work at every lighthouse" in shown
    sentence = quote_sentence(row, ["Varn Coast Herald"])
    assert "denied: the claim that " in sentence and "(Varn Coast Herald)" in sentence
    # The reply to a question, the speaker's ledger and the digest all show the denied claim.
    reply = render_text(answer_question(store, "Did the keepers vote to stop work at the lighthouses?"))
    assert "denied: the claim that" in reply and "denied: a claim" not in reply
    ledger = render_text(speaker_ledger(store, "Tobias Renk"))
    assert "the claim that" in ledger and "denied: a claim" not in ledger
    digest = render_text(build_digest(store, start=None, end=None))
    assert "denied: a claim" not in digest
    assert "the claim that" in digest


def test_unlinked_pointer_denial_is_shown_as_stored(store: Store, nlp: Language) -> None:
    _ingest(store, nlp)
    row = dict(_pointer(store), denies=None)
    row[DENIED_WORDS] = "stale words"  # a link that is gone takes its words with it
    attach_denied_words(store, [row])
    assert DENIED_WORDS not in row
    assert pointer_denial_words(row) is None
    assert "the claim that" not in quote_sentence(row, ["Varn Coast Herald"])


def test_a_claimless_proposition_gives_a_pointer_denial_no_words(store: Store, nlp: Language) -> None:
    _ingest(store, nlp)
    row = _pointer(store)
    # A proposition only denials point at: its words are no claim's, so nothing is shown instead.
    lonely = store.create_proposition("the keepers walked out", "Tobias Renk", [], [])
    assert store.claimless_propositions([lonely]) == {lonely}
    probe = dict(row, denies=lonely)
    attach_denied_words(store, [probe])
    assert pointer_denial_words(probe) is None
    assert "the keepers walked out" not in quote_sentence(probe, ["Varn Coast Herald"])


def test_statements_table_shows_the_denied_claim(tmp_path: Path, nlp: Language) -> None:
    path = tmp_path / "k.db"
    with Store(str(path)) as store:
        _ingest(store, nlp)
    out = CliRunner().invoke(main, ["--db", str(path), "statements"], env={"COLUMNS": "400"})
    assert out.exit_code == 0, out.output
    assert "the claim that" in out.output
    assert "│ a claim " not in out.output
