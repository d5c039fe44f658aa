"""PolNeAR train: why a gold attribution only partly inside a statement is missed, and figures per half.

Uses the fast loop's cached parse. Each gold attribution no statement matched but
one statement covers for >= 30 % of its words (the fast loop's "partly inside a
statement") is put in one class, from the statement covering most of it:

- nested-inner: that statement matched another gold attribution whose content
  holds this one ("Clinton said Sanders had attacked her": the gold inside);
- nested-outer: that statement matched another gold attribution inside this one
  (the statement took the inner attribution, the outer one is missed);
- too long: the statement holds >= 50 % of the gold words but the gold is < 25 %
  of the statement's words (a short object of a verb inside a long statement);
  "inside another gold" when the gold lies inside another gold content (a
  nested attribution whose outer one no statement took);
- too short: the statement's words are mostly (>= 50 %) gold words but cover
  < 50 % of the gold (a statement cut off);
- elsewhere: no statement at the gold's place covers >= 30 % of it; the words
  merely recur in a statement of another sentence (nothing covers the gold in fact);
- other: boundaries cross.

Positions: the gold content is found in the cleaned text nearest its PolNeAR
offset; a statement covers the positions of its evidence (its sentences).

The train articles are split into two halves by a stable hash of the article
name (`half_of`): choose on half A, report on half B and on all of train.

    PYTHONPATH=. python benchmarks/polnear_partial.py [--limit N] [--samples FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from common import content_words, greedy_match, is_direct, load_polnear, print_table, write_json
from polnear_attribution import score
from polnear_fast import CACHE_DEFAULT, cleaned_texts, mark_speech_cached, parsed_docs, system_statements

CLASSES = (
    "nested-inner",
    "nested-outer",
    "too long, inside another gold",
    "too long",
    "too short",
    "other",
    "elsewhere",
)


def half_of(name: str) -> str:
    """ "A" or "B": the article's half, from the first byte of the SHA-1 of its name (stable across runs)."""
    return "A" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "B"


def _evidence(row: dict[str, Any]) -> tuple[int, int]:
    """A statement's character range: its evidence sentences."""
    return int(row["start"]), int(row["start"]) + len(str(row["evidence"]))


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two character ranges share a character."""
    return a[0] < b[1] and b[0] < a[1]


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    """Whether a character range lies (almost) wholly inside another."""
    shared = min(inner[1], outer[1]) - max(inner[0], outer[0])
    return shared >= 0.8 * (inner[1] - inner[0])


def gold_position(text: str, content: str, offset: int) -> tuple[int, int] | None:
    """The content's character range in the cleaned text: the occurrence nearest the corpus offset."""
    probe = content[:60]
    found = []
    at = text.find(probe)
    while at >= 0:
        found.append(at)
        at = text.find(probe, at + 1)
    if not found:
        return None
    start = min(found, key=lambda a: abs(a - offset))
    return start, start + len(content)


def classify(
    system: dict[str, list[tuple[set[str], str, dict[str, Any]]]], articles: list[Any], texts: dict[str, str]
) -> tuple[Counter[tuple[str, str, str]], list[dict[str, Any]]]:
    """Count the partly-covered misses by (half, direct/reported, class); one sample row per miss."""
    counts: Counter[tuple[str, str, str]] = Counter()
    rows: list[dict[str, Any]] = []
    for article in articles:
        gold = [a for a in article.attributions if content_words(a.content)]
        golden = [content_words(a.content) for a in gold]
        spans = [(a.content_start, a.content_start + len(a.content)) for a in gold]
        mine = system.get(article.name, [])
        pairs = greedy_match([m[0] for m in mine], golden)
        gold_of = dict(pairs)
        hit = set(gold_of.values())
        for j, words in enumerate(golden):
            if j in hit:
                continue
            where = gold_position(texts.get(article.name, ""), gold[j].content, gold[j].content_start)
            near = [i for i, m in enumerate(mine) if where is None or _crosses(where, _evidence(m[2]))]
            cover = [(len(mine[i][0] & words) / len(words), i) for i in near]
            best, i = max(cover, default=(0.0, -1))
            other = None
            if best < 0.3:
                if any(len(m[0] & words) >= 0.3 * len(words) for m in mine):
                    label = "elsewhere"
                else:
                    continue
            else:
                stmt = mine[i][0]
                shared = len(stmt & words)
                other = gold_of.get(i)
                if other is not None and _inside(spans[j], spans[other]):
                    label = "nested-inner"
                elif other is not None and _inside(spans[other], spans[j]):
                    label = "nested-outer"
                elif shared >= 0.5 * len(words):
                    inner = any(k != j and _inside(spans[j], spans[k]) for k in range(len(gold)))
                    label = "too long, inside another gold" if inner else "too long"
                elif shared >= 0.5 * len(stmt):
                    label = "too short"
                else:
                    label = "other"
            kind = "direct" if is_direct(gold[j].content) else "reported"
            counts[(half_of(article.name), kind, label)] += 1
            rows.append(
                {
                    "class": label,
                    "kind": kind,
                    "article": article.name,
                    "gold_cue": gold[j].cue,
                    "gold_source": gold[j].source,
                    "gold": gold[j].content[:300],
                    "outer_gold": gold[other].content[:300] if label.startswith("nested") else None,
                    "outer_source": gold[other].source if label.startswith("nested") else None,
                    "speaker": mine[i][1] if label != "elsewhere" else None,
                    "cue": mine[i][2].get("cue") if label != "elsewhere" else None,
                    "statement": str(mine[i][2].get("text"))[:300] if label != "elsewhere" else None,
                }
            )
    return counts, rows


def main() -> None:
    """Print the class counts and the attribution figures on both halves of train."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N train articles (sorted by name)")
    parser.add_argument("--cache", type=Path, default=CACHE_DEFAULT, help="folder of the fast loop's DocBin cache")
    parser.add_argument("--out", type=Path, default=None, help="numbers-only JSON results")
    parser.add_argument(
        "--samples", type=Path, default=None, help="misses with their class (corpus text: outside the repo)"
    )
    args = parser.parse_args()
    repo = Path(__file__).resolve().parent.parent
    if args.samples is not None and repo in args.samples.resolve().parents:
        raise SystemExit(f"{args.samples}: keep corpus details outside the repository")
    articles = load_polnear(args.limit)
    mark_speech_cached(articles, args.cache)
    with tempfile.TemporaryDirectory() as folder:  # its own folder: other runs may share the cache's
        docs = parsed_docs(cleaned_texts(articles, Path(folder)), args.cache)
    system = system_statements(docs)
    counts, rows = classify(system, articles, {n: d.text for n, d in docs.items()})
    table = []
    for kind in ("reported", "direct"):
        for label in CLASSES:
            a, b = counts[("A", kind, label)], counts[("B", kind, label)]
            table.append((f"{kind} {label}", a + b, f"A {a} / B {b}"))
    print_table("Partly-covered misses by class", table, ("class", "all", "halves"))
    figures: dict[str, Any] = {"classes": {f"{k[0]} {k[1]} {k[2]}": v for k, v in sorted(counts.items())}}
    for half in ("A", "B", "all"):
        part = [a for a in articles if half in ("all", half_of(a.name))]
        figures[half] = score(system, part)
    keys = ("precision", "recall", "f1", "recall_reported", "recall_direct", "source_accuracy")
    print_table(
        "Attribution by half (all train in the last column)",
        [(k, f"A {figures['A'][k]:.3f} / B {figures['B'][k]:.3f}", figures["all"][k]) for k in keys],
        ("measure", "halves", "all"),
    )
    if args.out is not None:
        write_json(args.out, figures)
    if args.samples is not None:
        random.Random(0).shuffle(rows)
        args.samples.parent.mkdir(parents=True, exist_ok=True)
        args.samples.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


if __name__ == "__main__":
    main()
