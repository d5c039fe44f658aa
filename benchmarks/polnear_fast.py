"""A fast loop for extraction work: PolNeAR train attribution without a store.

The train texts are read and cleaned exactly as `briefbot ingest` reads a JSONL
file (`bot.ingest.readers`, `bot.ingest.clean`), parsed once with the ingest's
spaCy pipeline (`bot.nlp.loader.load_nlp`) and cached as a DocBin outside the
repository. Every later run only calls `bot.nlp.extract.extract_statements`
per article and scores with the full benchmark's own matching and counting
(`polnear_attribution.score`), so extraction changes are measured in seconds.
The cache is keyed by the cleaned texts and the model's name and version: a
change of cleaning or model parses again.

    PYTHONPATH=. python benchmarks/polnear_fast.py [--limit N] [--details FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common import (
    OUT_DEFAULT,
    PolnearArticle,
    console,
    content_words,
    greedy_match,
    load_polnear,
    load_tagger,
    overlap_score,
    print_table,
    write_json,
)
from harness import write_jsonl
from polnear_attribution import RATE_KEYS, SPEECH_LEMMAS, ingest_records_of, score

CACHE_DEFAULT = OUT_DEFAULT / "cache"


def mark_speech_cached(articles: list[PolnearArticle], cache: Path) -> None:
    """`polnear_attribution.mark_speech`, tagging each distinct cue once and keeping the flags in the cache."""
    path = cache / "polnear-speech-cues.json"
    known: dict[str, bool] = json.loads(path.read_text()) if path.exists() else {}
    gold = [a for article in articles for a in article.attributions]
    todo = sorted({a.cue for a in gold} - set(known))
    if todo:
        nlp = load_tagger(lemmas=True)
        for cue, doc in zip(todo, nlp.pipe(todo, batch_size=512), strict=True):
            known[cue] = any(t.lemma_.lower() in SPEECH_LEMMAS for t in doc)
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known))
    for attribution in gold:
        attribution.speech = known[attribution.cue]


def ingest_inputs(articles: list[PolnearArticle], folder: Path) -> Iterator[tuple[str, Any]]:
    """(PolNeAR name, ArticleInput or InputError) as `briefbot ingest` reads the benchmark's JSONL records."""
    from bot.ingest import readers

    records = ingest_records_of(articles)
    folder.mkdir(parents=True, exist_ok=True)
    # A file of this process's own: several runs may share the cache folder at once.
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "polnear-fast.jsonl"
        write_jsonl(path, records)
        items = list(readers.iter_inputs([path], max_bytes=10_000_000))
    if len(items) != len(articles):
        raise SystemExit(f"read {len(items)} inputs for {len(articles)} articles")
    yield from zip((a.name for a in articles), items, strict=True)


def cleaned_texts(articles: list[PolnearArticle], folder: Path) -> dict[str, str]:
    """PolNeAR name -> cleaned text, for the articles the ingest keeps (refused and repeated texts left out)."""
    from bot.ingest import clean, pipeline, readers

    out: dict[str, str] = {}
    seen: set[str] = set()
    for name, item in ingest_inputs(articles, folder):
        if isinstance(item, readers.InputError):
            continue
        digest = pipeline.content_hash(item)
        if digest in seen:  # the ingest stores a repeated text once, under the first name
            continue
        seen.add(digest)
        try:
            cleaned = clean.clean_article(item)
        except clean.CleanError:
            continue
        if cleaned.text.strip():
            out[name] = cleaned.text
    return out


def parsed_docs(texts: dict[str, str], cache: Path) -> dict[str, Any]:
    """PolNeAR name -> spaCy Doc, from the DocBin cache or parsed now (and cached)."""
    from spacy.tokens import DocBin

    from bot.ingest import pipeline
    from bot.nlp.loader import load_nlp

    nlp = load_nlp()
    key = hashlib.sha256()
    # The pipeline's components are part of the key: a component added before the parser changes parses.
    key.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{','.join(nlp.pipe_names)}".encode())
    for name, text in texts.items():
        key.update(name.encode() + b"\0" + text.encode() + b"\0")
    stem = cache / f"polnear-train-{key.hexdigest()[:16]}"
    names = list(texts)
    if stem.with_suffix(".spacy").exists():
        docs = list(DocBin().from_disk(stem.with_suffix(".spacy")).get_docs(nlp.vocab))
        stored = json.loads(stem.with_suffix(".json").read_text())
        if stored == names and len(docs) == len(names):
            return dict(zip(names, docs, strict=True))
    console.print(f"parsing {len(names)} articles once (cache {stem}.spacy)")
    start = time.perf_counter()
    docs = []
    for text, doc in zip(texts.values(), nlp.pipe(texts.values(), batch_size=pipeline.PIPE_BATCH), strict=True):
        if len(text) > nlp.max_length:  # never in PolNeAR; kept so the cache parses as the ingest does
            doc = pipeline.parse_text(nlp, text)
        docs.append(doc)
    console.print(f"parsed in {time.perf_counter() - start:.0f} s")
    cache.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name and renamed: another run must never read half a cache.
    part = stem.with_suffix(f".{os.getpid()}.part")
    DocBin(store_user_data=True, docs=docs).to_disk(part)
    part.replace(stem.with_suffix(".spacy"))
    part.with_suffix(".json").write_text(json.dumps(names))
    part.with_suffix(".json").replace(stem.with_suffix(".json"))
    return dict(zip(names, docs, strict=True))


def system_statements(docs: dict[str, Any]) -> dict[str, list[tuple[set[str], str, dict[str, Any]]]]:
    """Each article's extracted statements as the scorer wants them (words, speaker, row)."""
    from bot.nlp.extract import build

    system: dict[str, list[tuple[set[str], str, dict[str, Any]]]] = defaultdict(list)
    for name, doc in docs.items():
        for st in build.extract_statements(doc):
            row = {
                "cue": st.cue,
                "speaker_text": st.speaker_text,
                "kind": st.kind,
                "text": st.text,
                "evidence": st.evidence,
                "start": st.start,
            }
            system[name].append((content_words(st.text or ""), st.speaker or "", row))
    return system


def unmatched_statements(
    system: dict[str, list[tuple[set[str], str, dict[str, Any]]]], articles: list[PolnearArticle]
) -> list[dict[str, Any]]:
    """System statements no gold attribution took, each with the gold content closest to it (for the details file)."""
    out = []
    for article in articles:
        mine = system.get(article.name, [])
        gold = [a for a in article.attributions if content_words(a.content)]
        golden = [content_words(a.content) for a in gold]
        taken = {i for i, _ in greedy_match([m[0] for m in mine], golden)}
        for i, (words, speaker, row) in enumerate(mine):
            if i in taken:
                continue
            best = max(range(len(gold)), key=lambda j: overlap_score(words, golden[j]), default=None)
            near = gold[best].content[:300] if best is not None and words & golden[best] else None
            out.append(
                {"type": "extra statement", "article": article.name, "speaker": speaker, **row, "nearest_gold": near}
            )
    return out


def main() -> None:
    """Score extraction on the cached parse of PolNeAR train and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N train articles (sorted by name)")
    parser.add_argument(
        "--cache", type=Path, default=CACHE_DEFAULT, help="folder of the DocBin cache (outside the repository)"
    )
    parser.add_argument("--out", type=Path, default=None, help="numbers-only JSON results")
    parser.add_argument(
        "--details",
        type=Path,
        default=None,
        help=(
            "write missed gold, wrong speakers and extra statements here "
            "(JSONL, corpus text: keep it outside the repository)"
        ),
    )
    args = parser.parse_args()
    repo = Path(__file__).resolve().parent.parent
    for path in (args.cache, args.details):
        if path is not None and (path.resolve() == repo or repo in path.resolve().parents):
            raise SystemExit(f"{path}: keep the cache and corpus details outside the repository")

    articles = load_polnear(args.limit)
    mark_speech_cached(articles, args.cache)
    docs = parsed_docs(cleaned_texts(articles, args.cache), args.cache)
    start = time.perf_counter()
    system = system_statements(docs)
    extract_seconds = time.perf_counter() - start
    fail: dict[str, Counter[str]] = defaultdict(Counter)
    details: list[dict[str, Any]] = []
    figures = score(system, articles, fail, details)
    figures["extract_seconds"] = round(extract_seconds, 1)
    keys = [
        *RATE_KEYS,
        "system",
        "matched",
        "gold",
        "source_scored",
        "extract_seconds",
    ]
    print_table(
        f"PolNeAR train attribution, fast loop ({len(articles)} articles, {len(docs)} parsed)",
        [(k, figures[k], None) for k in keys],
        ("measure", "briefbot", ""),
    )
    if args.out is not None:
        write_json(args.out, {"articles": len(articles), "briefbot": figures})
    if args.details is not None:
        details += unmatched_statements(system, articles)
        args.details.parent.mkdir(parents=True, exist_ok=True)
        args.details.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in details))


if __name__ == "__main__":
    main()
