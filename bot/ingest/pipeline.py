"""Ingest: read → clean → parse → extract → store, one article per transaction."""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from bot.ingest import clean, grouping, readers, vectors
from bot.models import ArticleInput, CleanArticle, Statement
from bot.nlp import figures
from bot.nlp.extract.build import extract_statements
from bot.nlp.loader import load_nlp
from bot.store import ADDED, REPLACED, Store

log = logging.getLogger(__name__)

# Articles parsed together by nlp.pipe; bounded so memory does not grow with the batch.
PIPE_BATCH = 32
# A text longer than the parser takes (nlp.max_length) is parsed in pieces of at most this many
# characters: the parser and NER need memory in proportion to one piece, not to the article.
CHUNK_CHARS = 100_000


@dataclass
class IngestError:
    """An input that could not be ingested, and why (one line)."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


# The stages `IngestReport.cpu` counts, in the order an article goes through them. "extract" finds
# statements and figures; "store" is the article's own writes; "group" (propositions and denial
# links) runs inside the same transaction; "vectors" embeds the batch's statements.
STAGES = ("clean", "parse", "extract", "store", "group", "vectors")


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    statements: int = 0
    # CPU seconds this process spent in each stage (STAGES): where a slow ingest spends its time.
    cpu: dict[str, float] = field(default_factory=dict)

    def add_cpu(self, stage: str, since: float) -> float:
        """Count the CPU time from `since` (a `time.process_time()` reading) to now to `stage`; returns now."""
        now = time.process_time()
        self.cpu[stage] = self.cpu.get(stage, 0.0) + now - since
        return now

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


_PARAGRAPH_END = re.compile(r"\n\s*\n\s*")
_LINE_END = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def split_for_parser(text: str, limit: int) -> list[str]:
    """Cut `text` into pieces of at most `limit` characters that join back into `text` exactly.

    Cuts fall after a paragraph break where one is in reach, else after a line
    break, a sentence end, white space, or (only for a run of `limit`
    characters without any) anywhere. Every piece keeps its trailing white
    space, so offsets in piece i plus the lengths of the pieces before it are
    offsets in `text`, and no sentence is cut where a paragraph or sentence
    boundary was available.
    """
    if limit <= 0:
        raise ValueError("limit must be positive")
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in (_PARAGRAPH_END, _LINE_END, _SENTENCE_END, _SPACE):
            ends = [m.end() for m in pattern.finditer(window)]
            # A boundary in the first half would make many tiny pieces; look for a later one first.
            cut = next((e for e in reversed(ends) if e > limit // 2), 0) or (ends[-1] if ends else 0)
            if cut:
                break
        cut = cut or limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_text(nlp: Language, text: str) -> Doc:
    """Parse one article's text, in pieces when it is longer than the parser takes.

    The pieces' docs are joined into one Doc over the whole text (no white space
    added), so statement and figure offsets point into the article's text as for
    any other article.
    """
    if len(text) <= nlp.max_length:
        return nlp(text)
    limit = min(nlp.max_length, CHUNK_CHARS)
    docs = list(nlp.pipe(split_for_parser(text, limit)))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # from_docs joins the texts verbatim; anything else would shift every offset
        raise ValueError("the parsed pieces of the long text do not add up to the text")
    return doc


def _parse_batch(nlp: Language, batch: list[_Prepared]) -> Iterator[tuple[_Prepared, Doc | Exception]]:
    """Each article of the batch with its Doc, or the exception parsing it raised.

    Ordinary texts go through nlp.pipe together; a failure inside the stream
    (it ends the generator) sends the articles not yet parsed through one at a
    time, so only the article at fault is lost. Texts over the parser's limit
    are parsed in pieces.
    """
    short = [item for item in batch if len(item.cleaned.text) <= nlp.max_length]
    done: dict[int, Doc | Exception] = {}
    try:
        # Not strict: when the stream fails part-way, the articles after the failure are parsed below.
        for item, doc in zip(short, nlp.pipe(item.cleaned.text for item in short), strict=False):
            done[id(item)] = doc
    except Exception as exc:  # one bad text must not cost the batch its other articles
        log.debug("nlp.pipe failed (%s); parsing the rest of the batch one by one", exc)
    for item in batch:
        if id(item) not in done:
            try:
                done[id(item)] = parse_text(nlp, item.cleaned.text)
            except Exception as exc:  # this article alone is refused
                done[id(item)] = exc
        yield item, done.pop(id(item))


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
    pending: set[str] = set()  # content hashes of the batch not yet saved: a copy in one batch is unchanged
    for item in articles:
        if isinstance(item, readers.InputError):
            report.errors.append(IngestError(item.source, item.message))
            _tick(on_progress, item.source)
            continue
        prepared = _prepare(store, item, report, pending)
        if prepared is None:
            _tick(on_progress, item.name)
            continue
        batch.append(prepared)
        pending.add(prepared.digest)
        if len(batch) >= PIPE_BATCH:
            _parse_and_save(store, nlp, batch, report, on_progress)
            batch = []
            pending.clear()
    if batch:
        _parse_and_save(store, nlp, batch, report, on_progress)
    return report


def _tick(on_progress: Callable[[str], None] | None, name: str) -> None:
    if on_progress is not None:
        on_progress(name)


def _prepare(store: Store, article: ArticleInput, report: IngestReport, pending: set[str]) -> _Prepared | None:
    digest = content_hash(article)
    if digest in pending or store.article_by_hash(digest) is not None:
        report.unchanged.append(article.name)
        return None
    start = time.process_time()
    try:
        cleaned = clean.clean_article(article)
    except clean.CleanError as exc:
        report.errors.append(IngestError(article.name, str(exc)))
        return None
    finally:
        report.add_cpu("clean", start)
    if not cleaned.text.strip():
        report.errors.append(IngestError(article.name, "no article text found after cleaning"))
        return None
    return _Prepared(article, cleaned, digest)


def _group(
    store: Store, article_id: int, statement_ids: list[int], *, statements: list[Statement], report: IngestReport
) -> None:
    start = time.process_time()
    try:
        # Looked up at call time, so a test can stand in for the grouping step.
        grouping.assign_propositions(store, article_id, statement_ids, statements)
    finally:
        report.add_cpu("group", start)


def _parse_and_save(
    store: Store,
    nlp: Language,
    batch: list[_Prepared],
    report: IngestReport,
    on_progress: Callable[[str], None] | None,
) -> None:
    parsed = _parse_batch(nlp, batch)
    while True:
        # The parse runs inside the generator: its share is the time spent waiting for the next doc.
        start = time.process_time()
        pair = next(parsed, None)
        start = report.add_cpu("parse", start)
        if pair is None:
            break
        item, doc = pair
        article = item.article
        if isinstance(doc, Exception):
            report.errors.append(IngestError(article.name, f"cannot parse the text: {type(doc).__name__}: {doc}"))
            _tick(on_progress, article.name)
            continue
        try:
            statements = list(extract_statements(doc))
            found_figures = list(figures.extract_figures(doc))
            start = report.add_cpu("extract", start)
            grouped = report.cpu.get("group", 0.0)
            saved = store.put_article(
                name=article.name,
                key=article.key,
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
                on_saved=functools.partial(_group, statements=statements, report=report),
            )
            # The article's writes: the transaction's time less the grouping inside it.
            report.add_cpu("store", start)
            report.cpu["store"] -= report.cpu.get("group", 0.0) - grouped
        except Exception as exc:  # one bad article must not stop the batch
            # The report's one line is what a user sees; the traceback is for -v debugging.
            log.debug("failed to ingest %s", article.name, exc_info=True)
            report.errors.append(IngestError(article.name, f"{type(exc).__name__}: {exc}"))
        else:
            # Counted from what the store did, so the summary never counts what was not stored.
            if saved.status in (ADDED, REPLACED):
                (report.added if saved.status == ADDED else report.replaced).append(article.name)
                report.statements += len(statements)
            else:
                report.unchanged.append(article.name)
        _tick(on_progress, article.name)
    # Once per batch: the model embeds thousands of sentences in the time one article parses.
    start = time.process_time()
    vectors.index_statement_vectors(store)
    report.add_cpu("vectors", start)


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
