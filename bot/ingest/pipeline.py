"""Ingest: read → clean → parse → extract → store, one article per transaction."""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from bot.ingest import clean, grouping, readers, vectors
from bot.models import ArticleInput, CleanArticle, Statement
from bot.nlp import figures
from bot.nlp.extract.build import extract_statements
from bot.nlp.loader import load_nlp
from bot.store import Store

log = logging.getLogger(__name__)

# Articles parsed together by nlp.pipe; bounded so memory does not grow with the batch.
PIPE_BATCH = 32


@dataclass
class IngestError:
    """An input that could not be ingested, and why (one line)."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    statements: int = 0

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.errors

    def summary(self) -> str:
        """One line for the terminal."""
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, "
            f"{len(self.unchanged)} unchanged, {len(self.errors)} failed; "
            f"{self.statements} statements"
        )


def content_hash(article: ArticleInput) -> str:
    """A hash of what an article says, ignoring trailing white space differences."""
    normal = "\n".join(line.rstrip() for line in article.raw.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass
class _Prepared:
    article: ArticleInput
    cleaned: CleanArticle
    digest: str
    replaces: bool


def ingest_articles(
    store: Store,
    articles: Iterable[ArticleInput | readers.InputError],
    *,
    nlp: Language | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Clean, parse, extract and store articles; bad inputs are reported, not raised.

    Each article is saved in its own transaction, so an interruption keeps every
    article finished before it and leaves no half article.
    """
    nlp = nlp or load_nlp()
    report = IngestReport()
    batch: list[_Prepared] = []
    for item in articles:
        if isinstance(item, readers.InputError):
            report.errors.append(IngestError(item.source, item.message))
            _tick(on_progress, item.source)
            continue
        prepared = _prepare(store, item, report)
        if prepared is None:
            _tick(on_progress, item.name)
            continue
        batch.append(prepared)
        if len(batch) >= PIPE_BATCH:
            _parse_and_save(store, nlp, batch, report, on_progress)
            batch = []
    if batch:
        _parse_and_save(store, nlp, batch, report, on_progress)
    return report


def _tick(on_progress: Callable[[str], None] | None, name: str) -> None:
    if on_progress is not None:
        on_progress(name)


def _prepare(store: Store, article: ArticleInput, report: IngestReport) -> _Prepared | None:
    digest = content_hash(article)
    existing = store.article_by_hash(digest)
    if existing is not None:
        report.unchanged.append(article.name)
        return None
    try:
        cleaned = clean.clean_article(article)
    except clean.CleanError as exc:
        report.errors.append(IngestError(article.name, str(exc)))
        return None
    if not cleaned.text.strip():
        report.errors.append(IngestError(article.name, "no article text found after cleaning"))
        return None
    replaces = store.article_by_name(article.name) is not None
    return _Prepared(article, cleaned, digest, replaces)


def _group(store: Store, article_id: int, statement_ids: list[int], *, statements: list[Statement]) -> None:
    # Looked up at call time, so a test can stand in for the grouping step.
    grouping.assign_propositions(store, article_id, statement_ids, statements)


def _parse_and_save(
    store: Store,
    nlp: Language,
    batch: list[_Prepared],
    report: IngestReport,
    on_progress: Callable[[str], None] | None,
) -> None:
    docs = nlp.pipe(item.cleaned.text for item in batch)
    for item, doc in zip(batch, docs, strict=True):
        article = item.article
        try:
            statements = list(extract_statements(doc))
            found_figures = list(figures.extract_figures(doc))
            store.save_article(
                name=article.name,
                source=article.source,
                raw_text=article.raw,
                text=item.cleaned.text,
                content_hash=item.digest,
                title=item.cleaned.title or article.title,
                outlet=article.outlet or item.cleaned.outlet,
                url=article.url,
                published=article.published or item.cleaned.published,
                language=article.language,
                statements=statements,
                figures=found_figures,
                on_saved=functools.partial(_group, statements=statements),
            )
        except Exception as exc:  # one bad article must not stop the batch
            log.exception("failed to ingest %s", article.name)
            report.errors.append(IngestError(article.name, f"{type(exc).__name__}: {exc}"))
        else:
            (report.replaced if item.replaces else report.added).append(article.name)
            report.statements += len(statements)
        _tick(on_progress, article.name)
    # Once per batch: the model embeds thousands of sentences in the time one article parses.
    vectors.index_statement_vectors(store)


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    max_bytes: int,
    outlet: str | None = None,
    published: str | None = None,
    nlp: Language | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files and folders (walked); metadata from manifests, flags or the text."""
    inputs: Iterator[ArticleInput | readers.InputError] = readers.iter_inputs(
        list(paths), max_bytes=max_bytes, outlet=outlet, published=published
    )
    return ingest_articles(store, inputs, nlp=nlp, on_progress=on_progress)
