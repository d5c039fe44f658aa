"""Benchmarks (not tests): ingest throughput against bare spaCy, question latency, digest time.

Speed and memory targets live here, never in the test suite.
"""

from __future__ import annotations

import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from bot import clean, pipeline, readers
from bot.models import ArticleInput
from bot.nlp import load_nlp
from bot.store import Store


@dataclass
class Throughput:
    """Articles and words per second of one run."""

    articles: int
    words: int
    seconds: float

    @property
    def articles_per_s(self) -> float:
        """Articles per second."""
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        """Words per second."""
        return self.words / self.seconds if self.seconds else 0.0


def varied_corpus(seed_dir: Path, count: int, *, rng_seed: int = 7) -> list[ArticleInput]:
    """`count` articles made from the seed captures: paragraphs reordered, numbers varied.

    Every copy differs in text (so the content hash never collapses them) while
    keeping the length and the kind of language of real articles.
    """
    rng = random.Random(rng_seed)
    seeds = [a for a in readers.iter_inputs([seed_dir], max_bytes=10_000_000) if isinstance(a, ArticleInput)]
    if not seeds:
        raise ValueError(f"{seed_dir}: no articles to build a benchmark corpus from")
    corpus = []
    for i in range(count):
        base = seeds[i % len(seeds)]
        paragraphs = base.raw.split("\n")
        head, body = paragraphs[:2], paragraphs[2:]
        rng.shuffle(body)
        text = "\n".join(head + body) + f"\nThe figures were updated {i % 28 + 1} times on day {i}.\n"
        corpus.append(
            ArticleInput(name=f"bench-{i:05d}-{base.name}", source=base.source, raw=text,
                         outlet=base.outlet, published=base.published, language=base.language)
        )
    return corpus


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def bare_pipe(nlp: Language, texts: list[str]) -> Throughput:
    """spaCy's own nlp.pipe over the texts, consuming the docs and nothing else."""
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=pipeline.PIPE_BATCH):
        pass
    return Throughput(len(texts), _words(texts), time.perf_counter() - start)


def ingest_throughput(nlp: Language, corpus: list[ArticleInput]) -> Throughput:
    """The whole ingest (clean, parse, extract, group, store) into a fresh store file."""
    texts = [clean.clean_article(a).text for a in corpus]
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "bench.db")) as store:
        start = time.perf_counter()
        report = pipeline.ingest_articles(store, corpus, nlp=nlp)
        seconds = time.perf_counter() - start
    if report.errors:
        raise RuntimeError(f"benchmark ingest failed: {report.errors[0]}")
    return Throughput(len(corpus), _words(texts), seconds)


def latency(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(p50, p95) of `fn` in milliseconds over `runs` warm calls."""
    fn()  # warm caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def max_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ingest_bench(seed_dir: Path, count: int, report: Callable[[str], None]) -> float:
    """Print ingest vs bare nlp.pipe throughput; returns the ratio."""
    nlp = load_nlp()
    corpus = varied_corpus(seed_dir, count)
    texts = [clean.clean_article(a).text for a in corpus]
    bare_pipe(nlp, texts[:20])  # warm the model
    bare = bare_pipe(nlp, texts)
    ours = ingest_throughput(nlp, corpus)
    ratio = ours.articles_per_s / bare.articles_per_s if bare.articles_per_s else 0.0
    report(f"corpus: {count} articles, {bare.words} words (seeds varied)")
    report(f"bare nlp.pipe : {bare.articles_per_s:8.1f} articles/s {bare.words_per_s:10.0f} words/s")
    report(f"briefbot ingest: {ours.articles_per_s:8.1f} articles/s {ours.words_per_s:10.0f} words/s")
    report(f"ratio (ingest / nlp.pipe): {ratio:.2f}  (aim >= 0.80)")
    report(f"peak memory: {max_rss_mb():.0f} MB")
    return ratio


def iter_sizes(spec: str) -> Iterator[int]:
    """'1000,10000' → 1000, 10000."""
    for part in spec.split(","):
        part = part.strip().lower().replace("k", "000")
        if part:
            yield int(part)
