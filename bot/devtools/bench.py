"""Benchmarks (not tests): ingest throughput against bare spaCy, question latency, digest time.

Speed and memory targets live here, never in the test suite.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from spacy.language import Language

from bot.answers.compose import answer_question
from bot.answers.semantic import prepare_for_questions
from bot.digests.build import build_digest
from bot.ingest import clean, pipeline, readers, vectors
from bot.models import ArticleInput
from bot.nlp.loader import load_nlp
from bot.store import Row, Store


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
            ArticleInput(
                name=f"bench-{i:05d}-{base.name}",
                source=base.source,
                raw=text,
                outlet=base.outlet,
                published=base.published,
                language=base.language,
            )
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
    return percentiles(times)


def latency_once(fn: Callable[[], object]) -> float:
    """Milliseconds of one call of `fn`."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def timed_once(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one call of `fn`.

    On a shared machine wall time moves with the other jobs' load; the CPU time
    this process spent (every thread of it) tells the code's own cost from
    time spent waiting for a core or the disk.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def percentiles(times_ms: list[float]) -> tuple[float, float]:
    """(p50, p95) of measured times, as `latency` reports them."""
    ordered = sorted(times_ms)
    if not ordered:
        return (0.0, 0.0)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def max_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ingest_bench(seed_dir: Path, count: int, report: Callable[[str], None]) -> float:
    """Print ingest vs bare nlp.pipe throughput; returns the ratio."""
    nlp = load_nlp()
    corpus = varied_corpus(seed_dir, count)
    texts = [clean.clean_article(a).text for a in corpus]
    bare_pipe(nlp, texts[:20])  # warm the model
    cpu = time.process_time()
    bare = bare_pipe(nlp, texts)
    bare_cpu = time.process_time() - cpu
    cpu = time.process_time()
    ours = ingest_throughput(nlp, corpus)
    ours_cpu = time.process_time() - cpu
    ratio = ours.articles_per_s / bare.articles_per_s if bare.articles_per_s else 0.0
    report(f"corpus: {count} articles, {bare.words} words (seeds varied)")
    report(f"bare nlp.pipe : {bare.articles_per_s:8.1f} articles/s {bare.words_per_s:10.0f} words/s")
    report(f"briefbot ingest: {ours.articles_per_s:8.1f} articles/s {ours.words_per_s:10.0f} words/s")
    report(f"ratio (ingest / nlp.pipe): {ratio:.2f}  (aim >= {RATIO_TARGET:.2f})")
    # On a shared machine wall time moves with the other jobs' load (the two runs may meet different
    # loads); the CPU seconds this process spent on each tell the code's own cost apart.
    cpu_ratio = bare_cpu / ours_cpu if ours_cpu else 0.0
    report(f"CPU seconds: nlp.pipe {bare_cpu:.1f}, ingest {ours_cpu:.1f}; ratio by CPU time {cpu_ratio:.2f}")
    report(f"peak memory: {max_rss_mb():.0f} MB")
    return ratio


def iter_sizes(spec: str) -> Iterator[int]:
    """'1000,10000' → 1000, 10000."""
    for part in spec.split(","):
        part = part.strip().lower().replace("k", "000")
        if part:
            yield int(part)


# ---------------------------------------------------------------- large stores
# Stores of many articles for question and digest latency. The seeds are ingested
# once through the real pipeline; each further "story" is a copy of all their rows
# with speakers, outlets, dates, numbers and a share of the words varied, so FTS
# postings, speaker lists and proposition groups grow the way a real archive's do.

_TOKEN = re.compile(r"[^\W\d_]+|\d+|[\W_]+", re.UNICODE)
# Text columns rewritten in every copy (the rest are ids, offsets and flags).
_TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("title", "text"),
    "statements": (
        "speaker",
        "speaker_text",
        "speaker_role",
        "relay",
        "text",
        "evidence",
        "lemmas",
        "entities",
        "target_text",
    ),
    "propositions": ("text", "speaker", "lemmas", "entities"),
    "figures": ("text", "sentence", "lemmas"),
    "speakers": ("name", "roles", "aliases"),
}
_JSON_COLUMNS = frozenset({"lemmas", "entities", "roles", "aliases"})
REPLACED_WORD_SHARE = 0.2  # share of content words swapped for others in each copy
DAYS_SPREAD = 365  # copies are published over the last year, so a 24h window holds ~1/365
CHUNK_STORIES = 100  # stories written per transaction


def _syllable_words(rng: random.Random, count: int, syllables: tuple[int, int]) -> list[str]:
    """`count` distinct made-up capitalised words (names that occur in no dictionary)."""
    onsets = "b c d f g h j k l m n p r s t v w z br dr gr kr st tr ch sh".split()
    vowels = "a e i o u ai ei ou ia".split()
    codas = ["", "", "n", "r", "s", "l", "v", "k", "sk", "nd"]
    made: dict[str, None] = {}
    while len(made) < count:
        parts = [rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(*syllables))]
        made.setdefault(("".join(parts) + rng.choice(codas)).capitalize(), None)
    return list(made)


@dataclass
class CloneTemplate:
    """The seed store's rows with every text cell split into token ids, ready to copy."""

    rows: dict[str, list[Row]]
    tokens: list[str]  # distinct tokens of all text cells
    cells: dict[tuple[str, int, str], tuple[int, ...]]  # (table, row index, column) → token ids
    name_keys: dict[str, list[int]]  # lowercase name word → ids of its tokens (every case)
    content_keys: list[list[int]]  # token ids of each replaceable content word (every case)
    number_ids: list[int]
    vocabulary: list[str]  # replacement words, commonest first
    first_names: list[str]
    surnames: list[str]
    outlets: list[str]

    @classmethod
    def from_store(cls, store: Store, vocabulary: list[str], *, rng_seed: int = 11) -> CloneTemplate:
        """Tokenise every text cell of the store's rows (normally the ingested seeds)."""
        rows = store.bench_rows()
        if not rows["articles"]:
            raise ValueError(f"{store.path}: no articles to clone")
        token_ids: dict[str, int] = {}
        cells: dict[tuple[str, int, str], tuple[int, ...]] = {}
        for table, columns in _TEXT_COLUMNS.items():
            for index, row in enumerate(rows[table]):
                for column in columns:
                    value = row.get(column)
                    if isinstance(value, str) and column in _JSON_COLUMNS:
                        # Unescaped, so a varied digit never lands inside a \uXXXX escape.
                        value = row[column] = json.dumps(json.loads(value), ensure_ascii=False)
                    if isinstance(value, str):
                        cells[(table, index, column)] = tuple(
                            token_ids.setdefault(t, len(token_ids)) for t in _TOKEN.findall(value)
                        )
        tokens = list(token_ids)
        # Name words: every word of a speaker's name, aliases or roles, of entities and of outlets,
        # written capitalised; they are swapped for made-up names in each copy.
        name_sources = [r["name"] for r in rows["speakers"]] + [r["aliases"] or "" for r in rows["speakers"]]
        name_sources += [r["entities"] or "" for r in rows["statements"]] + [r["name"] for r in rows["outlets"]]
        name_words = {w.lower() for text in name_sources for w in _TOKEN.findall(text) if w[:1].isupper()}
        by_key: dict[str, list[int]] = {}
        for token, tid in token_ids.items():
            if token[:1].isalpha():
                by_key.setdefault(token.lower(), []).append(tid)
        name_keys = {k: ids for k, ids in by_key.items() if k in name_words}
        content_keys = [ids for k, ids in sorted(by_key.items()) if k not in name_words and len(k) >= 4]
        number_ids = [tid for token, tid in token_ids.items() if token.isdigit()]
        rng = random.Random(rng_seed)
        outlets = [
            f"The {w} {rng.choice(['Times', 'Post', 'Herald', 'Wire', 'News', 'Daily', 'Journal', 'Report'])}"
            for w in _syllable_words(rng, 80, (2, 2))
        ]
        return cls(
            rows,
            tokens,
            cells,
            name_keys,
            content_keys,
            number_ids,
            vocabulary,
            _syllable_words(rng, 300, (1, 2)),
            _syllable_words(rng, 20_000, (2, 3)),
            outlets,
        )

    def variant_table(self, rng: random.Random) -> list[str]:
        """The token table of one copy: names, numbers and a share of content words replaced."""
        table = list(self.tokens)
        for key, ids in self.name_keys.items():
            # Surnames come from a long list and first names from a short one, so speakers recur across stories.
            pool = self.first_names if len(key) <= 5 and rng.random() < 0.3 else self.surnames
            # Zipf-like: a few names are quoted in many stories, most in one or two.
            _set_word(table, ids, pool[int(len(pool) ** rng.random()) - 1])
        for ids in rng.sample(self.content_keys, int(len(self.content_keys) * REPLACED_WORD_SHARE)):
            # Zipf-like draw: low ranks (common words) come up far more often than rare ones.
            rank = int(len(self.vocabulary) ** rng.random()) - 1
            _set_word(table, ids, self.vocabulary[rank])
        for tid in self.number_ids:
            digits = len(self.tokens[tid])
            table[tid] = str(rng.randint(10 ** (digits - 1) if digits > 1 else 1, 10**digits - 1))
        return table

    def render(self, table: list[str], key: tuple[str, int, str]) -> str | None:
        """One text cell of a copy, joined from the copy's token table."""
        ids = self.cells.get(key)
        if ids is None:
            return None
        if len(ids) < 2:
            return table[ids[0]] if ids else ""
        return "".join(operator.itemgetter(*ids)(table))


def _set_word(table: list[str], ids: list[int], word: str) -> None:
    """Put `word` in place of each token, keeping that token's capitalisation."""
    for tid in ids:
        original = table[tid]
        if original.isupper() and len(original) > 1:
            table[tid] = word.upper()
        elif original[:1].isupper():
            table[tid] = word[:1].upper() + word[1:]
        else:
            table[tid] = word.lower()


def replacement_vocabulary(nlp: Language) -> list[str]:
    """Lowercase English words of the model's vocabulary: what copies swap words for."""
    words = sorted({s for s in nlp.vocab.strings if s.isalpha() and s.islower() and 4 <= len(s) <= 12})
    random.Random(5).shuffle(words)  # no alphabetical bias in which words are common
    return words


class _CloneWriter:
    """Writes copies of the template into a store, story by story, with fresh ids."""

    def __init__(self, store: Store, template: CloneTemplate) -> None:
        self.store = store
        self.template = template
        self.next_id = {table: value + 1 for table, value in store.max_ids().items()}
        self.speaker_ids = {r["name"]: r["id"] for r in store.speaker_directory()}
        self.outlet_ids = {r["name"]: r["id"] for r in store.bench_rows(["outlets"])["outlets"]}
        self.now = datetime.now(UTC)

    def _take(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] += 1
        return value

    def story(self, number: int, out: dict[str, list[Row]]) -> None:
        """Append the rows of copy `number` (deterministic in `number`) to `out`."""
        t = self.template
        rng = random.Random(number * 7919 + 17)
        table = t.variant_table(rng)
        day = self.now - timedelta(days=rng.random() * DAYS_SPREAD)
        prop_ids: dict[int, int] = {}
        for index, row in enumerate(t.rows["propositions"]):
            new = dict(row, id=self._take("propositions"))
            prop_ids[row["id"]] = new["id"]
            for column in _TEXT_COLUMNS["propositions"]:
                new[column] = t.render(table, ("propositions", index, column))
            out["propositions"].append(new)
        speaker_ids: dict[int, int] = {}
        for index, row in enumerate(t.rows["speakers"]):
            name = t.render(table, ("speakers", index, "name")) or ""
            if name not in self.speaker_ids:
                new = dict(row, id=self._take("speakers"), name=name)
                new["roles"] = t.render(table, ("speakers", index, "roles"))
                new["aliases"] = t.render(table, ("speakers", index, "aliases"))
                out["speakers"].append(new)
                self.speaker_ids[name] = new["id"]
            speaker_ids[row["id"]] = self.speaker_ids[name]
        article_ids: dict[int, int] = {}
        texts: dict[int, str] = {}
        for index, row in enumerate(t.rows["articles"]):
            outlet = rng.choice(t.outlets)
            if outlet not in self.outlet_ids:
                self.outlet_ids[outlet] = self._take("outlets")
                out["outlets"].append({"id": self.outlet_ids[outlet], "name": outlet})
            text = t.render(table, ("articles", index, "text")) or ""
            published = day + timedelta(hours=rng.random() * 30)
            new = dict(
                row,
                id=self._take("articles"),
                name=f"bench-{number:06d}-{index}",
                source="bench",
                url=f"https://bench.invalid/{number}/{index}",
                outlet_id=self.outlet_ids[outlet],
                title=t.render(table, ("articles", index, "title")),
                published=published.isoformat(timespec="seconds"),
                raw_text=text,
                text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                ingested_at=self.now.isoformat(timespec="seconds"),
            )
            article_ids[row["id"]] = new["id"]
            texts[new["id"]] = text
            out["articles"].append(new)
            out["article_outlets"].append({"article_id": new["id"], "outlet_id": new["outlet_id"], "url": new["url"]})
        for index, row in enumerate(t.rows["statements"]):
            new = dict(
                row,
                id=self._take("statements"),
                article_id=article_ids[row["article_id"]],
                speaker_id=speaker_ids.get(row["speaker_id"]),
                proposition_id=prop_ids.get(row["proposition_id"]),
                denies=prop_ids.get(row["denies"]),
            )
            for column in _TEXT_COLUMNS["statements"]:
                new[column] = t.render(table, ("statements", index, column))
            _place(new, texts[new["article_id"]], "evidence")
            out["statements"].append(new)
        for index, row in enumerate(t.rows["figures"]):
            new = dict(row, id=self._take("figures"), article_id=article_ids[row["article_id"]])
            for column in _TEXT_COLUMNS["figures"]:
                new[column] = t.render(table, ("figures", index, column))
            _place(new, texts[new["article_id"]], "text")
            out["figures"].append(new)

    def write(self, first: int, count: int) -> None:
        """Write copies first … first+count-1 in one transaction."""
        out: dict[str, list[Row]] = {table: [] for table in Store.BENCH_TABLES}
        for number in range(first, first + count):
            self.story(number, out)
        self.store.bulk_clone_articles(out)


def _place(row: Row, text: str, column: str) -> None:
    """Offsets of a copied cell in its copied article (words changed length)."""
    start = text.find(row[column] or "\0")
    if start >= 0:
        row["start"], row["end"] = start, start + len(row[column])


SEED_STORE = "seeds.db"


def _store_path(work_dir: Path, size: int) -> Path:
    return work_dir / f"bench-{size}.db"


def seed_store(seed_dir: Path, work_dir: Path) -> Path:
    """The seeds ingested through the real pipeline into `work_dir` (kept for later runs)."""
    path = work_dir / SEED_STORE
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with Store(str(partial)) as store:
        report = pipeline.ingest_articles(store, readers.iter_inputs([seed_dir], max_bytes=10_000_000), nlp=load_nlp())
    if report.errors or not report.added:
        raise RuntimeError(f"{seed_dir}: seed ingest failed: {report.errors[0] if report.errors else 'no articles'}")
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return path


def ensure_store(
    seed_dir: Path, work_dir: Path, size: int, *, on_progress: Callable[[int, int], None] | None = None
) -> Path:
    """A store of at least `size` articles in `work_dir`: cached, or grown from the largest smaller one."""
    work_dir.mkdir(parents=True, exist_ok=True)
    path = _store_path(work_dir, size)
    if path.exists():
        with Store(str(path)) as store:
            if store.article_count() >= size:
                return path
    seeds = seed_store(seed_dir, work_dir)
    smaller = sorted(
        (int(p.stem.split("-")[1]) for p in work_dir.glob("bench-*.db") if p.stem.split("-")[1].isdigit()),
        reverse=True,
    )
    base = next((_store_path(work_dir, n) for n in smaller if n < size), seeds)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with Store(str(base)) as source:
        source.backup_to(str(partial))
    with Store(str(seeds)) as seed, Store(str(partial)) as store:
        template = CloneTemplate.from_store(seed, replacement_vocabulary(load_nlp()))
        per_story = len(template.rows["articles"])
        writer = _CloneWriter(store, template)
        have = store.article_count()
        first = (have - per_story) // per_story  # copies already in the base store
        needed = max(0, -(-(size - have) // per_story))
        for begin in range(0, needed, CHUNK_STORIES):
            count = min(CHUNK_STORIES, needed - begin)
            writer.write(first + begin, count)
            if on_progress is not None:
                on_progress(min(needed, begin + count) * per_story, needed * per_story)
        # Ingest embeds every statement it stores; the copies are written around the pipeline.
        vectors.index_statement_vectors(store)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return path


# ---------------------------------------------------------------- question and digest latency

QUESTIONS_PER_KIND = 25  # measured questions of each kind, every one asked once
WARMUP_QUESTIONS = 3  # further questions of each kind asked first, unmeasured
LATENCY_TARGET_MS = 50.0
# Ingest throughput against bare nlp.pipe over the same articles: the project's target.
RATIO_TARGET = 0.75


def _content_words(text: str | None, count: int) -> str:
    picked = [w for w in re.findall(r"[^\W\d_]+", text or "") if len(w) >= 4][:count]
    return " ".join(picked)


def _surname(row: Row) -> str:
    return (str(row.get("speaker") or "").split() or [""])[-1]


def _unknown_questions(rng: random.Random, count: int) -> list[str]:
    """Questions about things no store holds: made-up words with letters the generator never uses."""

    def word() -> str:
        return "".join(rng.choice(["qu", "x", "zq", "yx"]) + rng.choice("aeiou") for _ in range(3))

    forms = (
        "Did the {} council promise {} tariffs on {}?",
        "Is it true that the {} ministry cancelled the {} {} treaty?",
    )
    return [rng.choice(forms).format(word(), word(), word()) for _ in range(count)]


def bench_questions(store: Store, *, per_kind: int = QUESTIONS_PER_KIND, rng_seed: int = 3) -> dict[str, list[str]]:
    """Distinct questions of each kind about statements and figures picked at random from the store."""
    rng = random.Random(rng_seed)
    top = max(1, store.statement_count())
    sample = store.statements(ids=rng.sample(range(1, top + 1), min(top, 60 * per_kind)))
    claims = [r for r in sample if r["kind"] == "claim" and _content_words(r["text"], 3) and _surname(r)]
    denials = [r for r in sample if r["kind"] == "denial" and _surname(r)]
    rng.shuffle(claims)
    questions: dict[str, list[str]] = {"yes/no": [], "deny": [], "who": [], "how long": [], "outlets": []}
    for row in claims[:per_kind]:
        questions["yes/no"].append(f"Did {_surname(row)} say {_content_words(row['text'], 5)}?")
    for row in claims[per_kind : 2 * per_kind]:
        questions["who"].append(f"Who said {_content_words(row['text'], 5)}?")
    for row in claims[2 * per_kind : 3 * per_kind]:
        questions["outlets"].append(f"Which outlets reported {_content_words(row['text'], 4)}?")
    for row in denials[:per_kind]:
        questions["deny"].append(f"What did {row['speaker']} deny?")
    for row in sample:
        if len(set(questions["how long"])) >= per_kind:
            break
        for fig in store.figures(article=row["article_id"])[:1]:
            questions["how long"].append(f"How many {fig['unit'] or 'people'}s {_content_words(fig['sentence'], 3)}?")
    questions["unknown"] = _unknown_questions(rng, per_kind)
    # Asked once each: a repeated question would measure caches, not the store.
    return {kind: list(dict.fromkeys(qs)) for kind, qs in questions.items() if qs}


def peak_rss_mb() -> float:
    """Peak resident memory of this process image, in MB.

    /proc's high-water mark starts afresh at exec, unlike getrusage's, which a
    child started from a big parent inherits.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return max_rss_mb()


def current_rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure_store(path: str, *, questions_only: bool = False) -> Row:
    """Question latency per kind and digest build time on one store, with this process's memory.

    Meant to run in a fresh process per store, so one size's caches and peak
    memory do not leak into the next.
    """
    baseline = current_rss_mb()
    result: Row = {"path": path, "kinds": {}, "cpu": {}, "digests": {}, "load": [os.getloadavg()[0]]}
    with Store(path) as store:
        result["articles"] = store.article_count()
        result["statements"] = store.statement_count()
        questions = bench_questions(store, per_kind=QUESTIONS_PER_KIND + WARMUP_QUESTIONS)
        prepare_for_questions(store)  # as `briefbot run` does at start-up
        timings: list[float] = []
        cpu_timings: list[float] = []
        per_question: list[tuple[str, str, float, float]] = []
        for kind, texts in questions.items():
            for text in texts[:WARMUP_QUESTIONS]:
                answer_question(store, text)  # warm: imports, caches, SQLite pages
            measured = texts[WARMUP_QUESTIONS:]
            kind_times, kind_cpu = [], []
            for text in measured:
                # Every question is asked once: a repeated question would only measure caches.
                wall, cpu = timed_once(functools.partial(answer_question, store, text))
                kind_times.append(wall)
                kind_cpu.append(cpu)
                per_question.append((kind, text, round(wall, 2), round(cpu, 2)))
            timings += kind_times
            cpu_timings += kind_cpu
            result["kinds"][kind] = percentiles(kind_times)
            result["cpu"][kind] = percentiles(kind_cpu)
        result["all"] = percentiles(timings)
        result["all_cpu"] = percentiles(cpu_timings)
        result["per_question"] = per_question
        result["load"].append(os.getloadavg()[0])
        result["questions"] = questions
        result["after_questions_rss"] = current_rss_mb()
        if not questions_only:
            now = datetime.now(UTC)
            windows = {"24h": (now - timedelta(hours=24), None), "all": (None, None)}
            for label, (start, end) in windows.items():
                result["digests"][label] = latency(functools.partial(build_digest, store, start=start, end=end), 3)
    result["baseline_rss"] = baseline
    result["peak_rss"] = peak_rss_mb()
    return result


def measure_in_subprocess(path: Path, *, questions_only: bool = False) -> Row:
    """`measure_store` in a fresh interpreter, so sizes do not share caches or peak memory."""
    command = [sys.executable, "-m", "bot.devtools.bench", str(path)] + (["--questions-only"] if questions_only else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{path}: measurement failed: {last}")
    return json.loads(lines[-1])


def default_work_dir() -> Path:
    """Where generated stores are cached between runs."""
    return Path(tempfile.gettempdir()) / "briefbot-bench"


def build_stores(seed_dir: Path, work_dir: Path, sizes: list[int], console: Console) -> dict[int, Path]:
    """Generated (or cached) stores of each size, with a progress bar while they are written."""
    paths: dict[int, Path] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        for size in sorted(sizes):
            task = progress.add_task(f"store of {size:,} articles", total=size)

            def advance(done: int, total: int, task: Any = task) -> None:
                progress.update(task, completed=done, total=total)

            paths[size] = ensure_store(seed_dir, work_dir, size, on_progress=advance)
            progress.update(task, completed=size)
    return paths


def _ms(pair: tuple[float, float] | list[float]) -> str:
    return f"{pair[0]:.1f} / {pair[1]:.1f}"


def run_store_bench(
    seed_dir: Path, sizes: list[int], work_dir: Path, console: Console, *, questions_only: bool = False
) -> bool:
    """Question latency and digest time per store size, each measured in its own process.

    Prints one table and the verdict; returns whether p95 stayed within the target at every size.
    """
    paths = build_stores(seed_dir, work_dir, sizes, console)
    results = []
    for _size, path in sorted(paths.items()):
        console.print(f"measuring {path.name} …")
        results.append(measure_in_subprocess(path, questions_only=questions_only))
    kinds = list(dict.fromkeys(k for r in results for k in r["kinds"]))
    # One column per store size, so the table stays narrow however many kinds are measured.
    table = Table(
        title="p50 / p95 ms per question (warm, in-process, each asked once)",
        caption="CPU: this process's own time; what wall time adds to it is the machine's load",
    )
    table.add_column("")
    for r in results:
        table.add_column(f"{r['articles']:,} articles", justify="right")
    table.add_row("statements", *[f"{r['statements']:,}" for r in results])
    for kind in kinds + ["all questions"]:
        # Wall time, then the CPU time of the same questions on a row of its own.
        wall = [r["kinds"].get(kind) if kind != "all questions" else r["all"] for r in results]
        cpu = [r.get("cpu", {}).get(kind) if kind != "all questions" else r.get("all_cpu") for r in results]
        table.add_row(kind, *[_ms(w) if w else "-" for w in wall])
        table.add_row("  CPU", *[_ms(c) if c else "-" for c in cpu], style="dim")
    table.add_row("load average (1 min)", *[" → ".join(f"{x:.1f}" for x in r["load"]) for r in results])
    if not questions_only:
        table.add_row("digest 24h (ms)", *[_ms(r["digests"]["24h"]) for r in results])
        table.add_row("digest all (ms)", *[_ms(r["digests"]["all"]) for r in results])
    table.add_row("RSS MB start→peak", *[f"{r['baseline_rss']:.0f}→{r['peak_rss']:.0f}" for r in results])
    table.add_row("RSS growth MB", *[f"+{r['peak_rss'] - r['baseline_rss']:.0f}" for r in results])
    console.print(table)
    ok = True
    for r in results:
        p95 = r["all"][1]
        met = p95 <= LATENCY_TARGET_MS
        ok &= met
        console.print(
            f"{r['articles']:>8,} articles: question p95 {p95:.1f} ms (CPU {r['all_cpu'][1]:.1f} ms) "
            f"{'meets' if met else 'MISSES'} the {LATENCY_TARGET_MS:.0f} ms target"
        )
    growth = [r["peak_rss"] - r["baseline_rss"] for r in results]
    if len(growth) > 1:
        console.print(
            f"memory growth per process: {', '.join(f'+{g:.0f} MB' for g in growth)} (smallest to largest store)"
        )
    return ok


if __name__ == "__main__":
    # `python -m bot.devtools.bench STORE [--questions-only]`: one store measured, as one JSON line.
    print(json.dumps(measure_store(sys.argv[1], questions_only="--questions-only" in sys.argv[2:])))
