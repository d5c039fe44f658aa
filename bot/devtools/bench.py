"""Benchmarks (not tests): ingest throughput against bare spaCy, question latency, digest time.

Speed and memory targets live here, never in the test suite. This module runs the
store benchmark (question and digest latency per store size); the ingest benchmark,
the cloned large stores and the timing helpers have modules of their own, and every
name stays importable from here.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.answers.compose import answer_question
from bot.answers.semantic import prepare_for_questions
from bot.devtools.clone_stores import CHUNK_STORIES as CHUNK_STORIES
from bot.devtools.clone_stores import DAYS_SPREAD as DAYS_SPREAD
from bot.devtools.clone_stores import REPLACED_WORD_SHARE as REPLACED_WORD_SHARE
from bot.devtools.clone_stores import SEED_STORE as SEED_STORE
from bot.devtools.clone_stores import CloneTemplate as CloneTemplate
from bot.devtools.clone_stores import CloneWriter as CloneWriter
from bot.devtools.clone_stores import ensure_store as ensure_store
from bot.devtools.clone_stores import replacement_vocabulary as replacement_vocabulary
from bot.devtools.clone_stores import seed_store as seed_store
from bot.devtools.ingest_bench import RATIO_TARGET as RATIO_TARGET
from bot.devtools.ingest_bench import bare_pipe as bare_pipe
from bot.devtools.ingest_bench import ingest_throughput as ingest_throughput
from bot.devtools.ingest_bench import run_ingest_bench as run_ingest_bench
from bot.devtools.ingest_bench import varied_corpus as varied_corpus
from bot.devtools.timing import Throughput as Throughput
from bot.devtools.timing import current_rss_mb as current_rss_mb
from bot.devtools.timing import latency as latency
from bot.devtools.timing import latency_once as latency_once
from bot.devtools.timing import max_rss_mb as max_rss_mb
from bot.devtools.timing import peak_rss_mb as peak_rss_mb
from bot.devtools.timing import percentiles as percentiles
from bot.devtools.timing import timed_once as timed_once
from bot.digests.build import build_digest
from bot.store import Row, Store


def iter_sizes(spec: str) -> Iterator[int]:
    """'1000,10000' → 1000, 10000."""
    for part in spec.split(","):
        part = part.strip().lower().replace("k", "000")
        if part:
            yield int(part)


# ---------------------------------------------------------------- question and digest latency

QUESTIONS_PER_KIND = 25  # measured questions of each kind, every one asked once
WARMUP_QUESTIONS = 3  # further questions of each kind asked first, unmeasured
LATENCY_TARGET_MS = 50.0


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
    # The kernel syncs its RSS counters per thread in batches, so the high-water mark it reports can
    # lag an RSS read a moment earlier by a few pages; a peak is never below what was observed.
    result["peak_rss"] = max(peak_rss_mb(), baseline, result.get("after_questions_rss", 0.0))
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
