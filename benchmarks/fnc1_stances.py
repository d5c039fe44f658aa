"""Debunk coverage on FNC-1 train: related headline/body pairs as questions.

Each body of the related pairs (agree / disagree / discuss; unrelated pairs are
skipped) is ingested as one article; each pair is asked as
"Is it true that <headline>?" scoped to its body with `ask --article`.
Statuses map to stances: asserted -> agree, contested or denied -> disagree,
unknown -> discuss (an error reply counts as discuss and is reported).
Per-class precision/recall/F1 and macro F1 over the three classes.
Baseline: a keyword rule (deny/false/hoax/fake in the body -> disagree, else
discuss, the commonest related stance); a wider word list is shown beside it.

    PYTHONPATH=. python benchmarks/fnc1_stances.py [--limit N] [--stances FILE]
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from common import (
    OUT_DEFAULT,
    console,
    fnc1_root,
    prf,
    print_table,
    progress,
    write_json,
)
from harness import Briefbot, ingest_records, load_names, save_names

CLASSES = ("agree", "disagree", "discuss")
STATUS_TO_STANCE = {"asserted": "agree", "contested": "disagree", "denied": "disagree", "unknown": "discuss"}
# The naive rule as a reader would write it: deny/false/hoax/fake (and forms).
DISPUTE = re.compile(r"\b(den(y|ies|ied|ial|ials)|false(ly|hood)?|hoax(es)?|fake[ds]?)\b", re.IGNORECASE)
# A wider word list, shown beside it: more recall, and "rumour" is in most FNC-1 bodies.
DISPUTE_WIDE = re.compile(
    r"\b(den(y|ies|ied|ial|ials)|false(ly|hood)?|hoax(es)?|fake[ds]?|debunk(s|ed)?|refut(e|es|ed)|"
    r"not true|untrue|rumou?rs?|satir(e|ical)|no evidence|dismiss(es|ed)?)\b",
    re.IGNORECASE,
)


def read_pairs(stances: Path, limit: int | None) -> list[dict[str, str]]:
    """Related (headline, body id, stance) rows in file order, the first `limit` of them."""
    if not stances.exists() or stances.stat().st_size == 0:
        sys.exit(f"{stances}: missing or empty; pass --stances with FNC-1's train_stances.csv")
    with stances.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Stance"] in CLASSES]
    return rows[: limit or None]


def read_bodies(path: Path) -> dict[str, str]:
    """Body ID -> body text."""
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["Body ID"]: r["articleBody"] for r in csv.DictReader(handle)}


def class_figures(gold: list[str], predicted: list[str]) -> dict[str, Any]:
    """Per-class P/R/F1, macro F1, accuracy and the confusion counts."""
    out: dict[str, Any] = {}
    for label in CLASSES:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        scores = prf(tp, predicted.count(label), gold.count(label))
        for key, value in scores.items():
            out[f"{label} {key}"] = value
    out["macro f1"] = statistics.mean(out[f"{label} f1"] for label in CLASSES)
    out["accuracy"] = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0
    for g in CLASSES:
        for p in CLASSES:
            out[f"gold {g} -> {p}"] = sum(1 for a, b in zip(gold, predicted, strict=True) if a == g and b == p)
    return out


def main() -> None:
    """Ingest the bodies, ask the headlines, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N related pairs of the stances file")
    parser.add_argument("--stances", type=Path, default=None, help="train_stances.csv (default: in $BRIEFBOT_FNC1)")
    parser.add_argument("--bodies", type=Path, default=None, help="train_bodies.csv (default: in $BRIEFBOT_FNC1)")
    parser.add_argument("--out", type=Path, default=OUT_DEFAULT / "fnc1_stances.json", help="numbers-only JSON results")
    parser.add_argument("--work", type=Path, default=OUT_DEFAULT / "fnc1-stances", help="work folder (store, JSONL)")
    parser.add_argument(
        "--reuse", action="store_true", help="ask the store already in --work instead of ingesting again"
    )
    parser.add_argument("--chunk", type=int, default=50, help="bodies per ingest call")
    args = parser.parse_args()

    pairs = read_pairs(args.stances or fnc1_root() / "train_stances.csv", args.limit)
    bodies = read_bodies(args.bodies or fnc1_root() / "train_bodies.csv")
    body_ids = sorted({r["Body ID"] for r in pairs}, key=int)
    missing = [b for b in body_ids if b not in bodies]
    if missing:
        sys.exit(f"stances name {len(missing)} body ids not in the bodies file (first: {missing[0]})")
    console.print(
        f"{len(pairs)} related pairs over {len(body_ids)} bodies: {dict(Counter(r['Stance'] for r in pairs))}"
    )

    args.work.mkdir(parents=True, exist_ok=True)
    bot = Briefbot(args.work / "store.db")
    names_file = args.work / "names.json"
    start = time.perf_counter()
    if args.reuse and names_file.exists():
        names, refused = load_names(names_file)
        if any(b not in names for b in body_ids):
            sys.exit(f"{names_file}: the stored bodies do not cover these pairs; run without --reuse")
    else:
        for path in list(args.work.glob("store.db*")) + list(args.work.glob("fnc1-*.jsonl")):
            path.unlink()
        with progress() as bar:
            task = bar.add_task("ingest", total=len(body_ids))

            def tick(n: int, message: str) -> None:
                if message:
                    console.print(f"[yellow]{message}[/yellow]")
                bar.advance(task, n)

            # Bodies with the same text (FNC-1 has a few) become one article, as
            # briefbot would store them once and keep only the first name.
            first: dict[str, str] = {}
            for b in body_ids:
                first.setdefault(" ".join(bodies[b].split()), b)
            unique = sorted(set(first.values()), key=int)
            stored_names, refused = ingest_records(
                bot, [{"text": bodies[b]} for b in unique], args.work, "fnc1", args.chunk, tick
            )
        by_body = dict(zip(unique, stored_names, strict=True))
        names = {b: by_body[first[" ".join(bodies[b].split())]] for b in body_ids}
        if len(unique) < len(body_ids):
            console.print(
                f"{len(body_ids) - len(unique)} bodies repeat another body's text: asked against that article"
            )
        save_names(names_file, names, refused)
    ingest_seconds = time.perf_counter() - start
    kinds: dict[str, Counter[str]] = {}
    for st in bot.statements():
        kinds.setdefault(st["article"], Counter())[st["kind"]] += 1
    fail: Counter[str] = Counter()

    gold: list[str] = []
    ours: list[str] = []
    theirs: list[str] = []
    wide: list[str] = []
    statuses: Counter[str] = Counter()
    no_statements = 0
    with progress() as bar:
        task = bar.add_task("ask", total=len(pairs))
        for row in pairs:
            headline = row["Headline"].strip().rstrip("?.!")
            reply = bot.ask(f"Is it true that {headline}?", article=names[row["Body ID"]])
            status = str(reply.get("status"))
            statuses[status] += 1
            body = kinds.get(names[row["Body ID"]], Counter())
            no_statements += not body
            gold.append(row["Stance"])
            ours.append(STATUS_TO_STANCE.get(status, "discuss"))
            theirs.append("disagree" if DISPUTE.search(bodies[row["Body ID"]]) else "discuss")
            wide.append("disagree" if DISPUTE_WIDE.search(bodies[row["Body ID"]]) else "discuss")
            if ours[-1] != gold[-1]:
                has = "no statement" if not body else ("a denial" if body["denial"] else "claims only")
                fail[f"gold {gold[-1]} answered {status} (body has {has})"] += 1
            bar.advance(task)

    mine, base, base_wide = class_figures(gold, ours), class_figures(gold, theirs), class_figures(gold, wide)
    latencies = sorted(bot.ask_seconds)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    status_share = {f"status {s}": n / len(pairs) for s, n in sorted(statuses.items())}
    rows: list[tuple[str, Any, Any]] = [(k, mine[k], base[k]) for k in mine]
    rows += [(k, v, None) for k, v in status_share.items()]
    rows += [
        ("bodies refused at ingest", refused, None),
        ("pairs whose body has no statement", no_statements, None),
        ("ask p95 ms", p95 * 1000, None),
    ]
    rows += [(f"wider keyword list: {k}", None, base_wide[k]) for k in ("disagree f1", "macro f1")]
    print_table(f"FNC-1 train related pairs ({len(pairs)} pairs, {len(body_ids)} bodies)", rows)
    print_table("failure kinds (briefbot)", [(k, n, None) for k, n in fail.most_common()], ("kind", "count", ""))
    write_json(
        args.out,
        {
            "pairs": len(pairs),
            "bodies": len(body_ids),
            "ingest_seconds": round(ingest_seconds, 1),
            "bodies_refused_at_ingest": refused,
            "ask_p95_ms": round(p95 * 1000, 1),
            "status_share": status_share,
            "pairs_body_without_statements": no_statements,
            "briefbot": mine,
            "baseline_keyword": base,
            "baseline_keyword_wide": base_wide,
            "failures": dict(fail.most_common()),
        },
    )


if __name__ == "__main__":
    main()
