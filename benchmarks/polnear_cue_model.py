"""Train the contextual cue detector (`bot.devtools.cue_model`) on half A of PolNeAR train; check it on half B.

Every verb the cue tables do not know, with a subject and a frame dependent after it (a clause, an
object, a preposition), is one example per frame dependent. It is a positive when the verb is an
annotated cue (a brat CUE span) and that dependent holds part of the same attribution's content. Gold
spans are on the raw text; they are carried over to the cleaned text the fast loop parses line by line.
A logistic regression (numpy, full-batch Adam, L2) is fitted on half A's examples. The threshold is chosen
on half A by inner cross-validation end to end: half A is cut into folds by article, each fold's articles
are extracted with the model fitted on the other folds, and the threshold with the best F1 on half A
wins. The model fitted on all of half A is then scored on half B (held out) against the extractor
without it.

    PYTHONPATH=. python benchmarks/polnear_cue_model.py [--deps ccomp,xcomp,prep] [--model-out FILE]

Corpus text never leaves /work/bench-out; the weights file (--model-out, outside the package: the
detector is not shipped) holds feature names and numbers only.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from common import PolnearArticle, content_words, load_polnear, polnear_root, print_table
from polnear_attribution import score
from polnear_fast import CACHE_DEFAULT, cleaned_texts, mark_speech_cached, parsed_docs

KEYS = ("precision", "recall", "f1", "recall_reported", "source_accuracy", "system", "matched")
Example = tuple[str, list[str], int]  # article name, features, label


def raw_to_clean(raw: str, clean: str) -> dict[int, int]:
    """Raw character offset -> cleaned offset, for the raw lines found again (in order) in the cleaned text."""
    out: dict[int, int] = {}
    cursor = 0
    pos = 0
    for line in raw.split("\n"):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        if stripped:
            at = clean.find(stripped, cursor)
            if at >= 0:
                for k in range(len(stripped)):
                    out[pos + lead + k] = at + k
                cursor = at + len(stripped)
        pos += len(line) + 1
    return out


def gold_spans(name: str, raw: str, clean: str, ann: Path) -> list[dict[str, set[int]]]:
    """Each attribution's cue and content as sets of cleaned-text character offsets."""
    from bot.devtools.cue_frames import _annotations

    mapping = raw_to_clean(raw, clean)
    out = []
    for attribution in _annotations(ann):
        spans: dict[str, set[int]] = {}
        for role in ("Cue", "Content"):
            spans[role] = {mapping[o] for s, e in attribution.get(role, []) for o in range(s, e) if o in mapping}
        out.append(spans)
    return out


def examples_of(name: str, doc: Any, gold: list[dict[str, set[int]]], deps: frozenset[str]) -> list[Example]:
    """One example per (unknown verb, frame dependent) of the doc, labelled by the gold spans."""
    from bot.devtools import cue_model
    from bot.nlp.extract.context import Context
    from bot.nlp.extract.cues import find_subject, passive_agent

    ctx = Context(doc)
    cue_at: dict[int, int] = {}
    content_at: dict[int, set[int]] = defaultdict(set)
    for k, spans in enumerate(gold):
        for o in spans["Cue"]:
            cue_at[o] = k
        for o in spans["Content"]:
            content_at[o].add(k)
    out = []
    for tok in ctx.tokens:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or cue_model.in_tables(lemma) or lemma in cue_model.MODEL_LEFT_OUT:
            continue
        owner = cue_at.get(tok.idx)
        if owner is None and content_at.get(tok.idx):
            continue  # inside someone's content a cue is never annotated (one label per token)
        subject = find_subject(tok) or passive_agent(tok)
        if subject is None:
            continue
        for child in cue_model.frame_children(tok, deps):
            label = int(owner is not None and any(owner in content_at.get(t.idx, ()) for t in child.subtree))
            out.append((name, cue_model.pair_features(tok, child, subject, ctx.in_quote(tok)), label))
    return out


def fit(examples: list[Example], l2: float = 1.0, steps: int = 400, min_count: int = 2) -> dict[str, float]:
    """Logistic-regression weights per feature (features seen fewer than `min_count` times left out)."""
    counts = Counter(f for _, feats, _ in examples for f in set(feats))
    vocab = {f: j for j, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for r, (_, feats, _) in enumerate(examples):
        for f in set(feats):
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    row = np.array(rows, dtype=np.int64)
    col = np.array(cols, dtype=np.int64)
    y = np.array([label for _, _, label in examples], dtype=np.float64)
    n, dim = len(examples), len(vocab)
    w = np.zeros(dim)
    m = np.zeros(dim)
    v = np.zeros(dim)
    rate, b1, b2 = 0.05, 0.9, 0.999
    penalty = np.full(dim, l2 / n)
    if "bias" in vocab:
        penalty[vocab["bias"]] = 0.0
    for step in range(1, steps + 1):
        z = np.bincount(row, weights=w[col], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(col, weights=(p - y)[row], minlength=dim) / n + penalty * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= rate * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + 1e-8)
    return {f: round(float(w[j]), 4) for f, j in vocab.items() if abs(w[j]) >= 1e-3}


def extract(docs: dict[str, Any], model_of: dict[str, dict[str, Any] | None]) -> dict[str, list[Any]]:
    """Each article's statements with the given detector per article (None: without it)."""
    from bot.devtools import cue_model
    from bot.nlp.extract import build

    system: dict[str, list[Any]] = defaultdict(list)
    with cue_model.installed(cue_model.Detector()) as detector:
        for name, doc in docs.items():
            detector.model = model_of.get(name)
            for st in build.extract_statements(doc):
                system[name].append((content_words(st.text or ""), st.speaker or "", {"cue": st.cue}))
    return system


def _num(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def main() -> None:
    """Fit on half A, choose the threshold by inner CV on A, print A/B/all figures, optionally write the weights."""
    from bot.devtools import cue_frames as dev

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=CACHE_DEFAULT, help="the fast loop's parse cache")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--thresholds", default="0.5,0.6,0.7,0.8,0.9")
    parser.add_argument("--deps", default="ccomp,xcomp,prep", help="dependents a frame may be (dobj: objects too)")
    parser.add_argument("--threshold", type=float, default=None, help="skip the inner CV and use this threshold")
    parser.add_argument("--out", type=Path, default=None, help="figures as JSON (outside the repository)")
    parser.add_argument("--model-out", type=Path, default=None, help="write the weights here (outside the repository)")
    args = parser.parse_args()

    articles = load_polnear()
    mark_speech_cached(articles, args.cache)
    with tempfile.TemporaryDirectory() as work:
        texts = cleaned_texts(articles, Path(work))
    docs = parsed_docs(texts, args.cache)
    anns = dev.train_names(polnear_root())
    by_name = {a.name: a for a in articles}
    start = time.perf_counter()
    examples: dict[str, list[Example]] = {}
    deps = frozenset(args.deps.split(","))
    for name, doc in docs.items():
        gold = gold_spans(name, by_name[name].text, texts[name], anns[name])
        examples[name] = examples_of(name, doc, gold, deps)
    half = {name: dev.half_of(name) for name in docs}
    a_names = [n for n in docs if half[n] == "A"]
    train = [e for n in a_names for e in examples[n]]
    print(
        f"examples: A {len(train)} ({sum(e[2] for e in train)} positive), "
        f"B {sum(len(examples[n]) for n in docs if half[n] == 'B')}; {time.perf_counter() - start:.0f} s"
    )
    halves: dict[str, list[PolnearArticle]] = {
        h: [a for a in articles if a.name in docs and half[a.name] == h] for h in "AB"
    }
    halves["all"] = [a for a in articles if a.name in docs]
    a_docs = {n: docs[n] for n in a_names}
    results: dict[str, Any] = {}
    threshold = args.threshold
    if threshold is None:
        fold_of = {n: k % args.folds for k, n in enumerate(sorted(a_names, key=lambda n: dev.half_of(n + "#fold")))}
        fold_weights = [
            fit([e for n in a_names if fold_of[n] != k for e in examples[n]], args.l2) for k in range(args.folds)
        ]
        base_a = score(extract(a_docs, {}), halves["A"])
        results["inner_cv_A"] = {"none": base_a}
        best = (base_a["f1"], 1.01)
        for t in (float(x) for x in args.thresholds.split(",")):
            model_of = {n: {"weights": fold_weights[fold_of[n]], "threshold": t, "deps": deps} for n in a_names}
            fig = score(extract(a_docs, model_of), halves["A"])  # type: ignore[arg-type]
            results["inner_cv_A"][str(t)] = fig
            print(f"inner CV on A, threshold {t}: " + " ".join(f"{k} {_num(fig[k])}" for k in KEYS))
            best = max(best, (fig["f1"], t))
        threshold = best[1]
        print(f"chosen threshold {threshold} (A F1 without the detector {_num(base_a['f1'])})")
    weights = fit(train, args.l2)
    model = {"weights": weights, "threshold": threshold, "deps": deps}
    base = extract(docs, {})
    with_model = extract(docs, dict.fromkeys(docs, model))
    for label, arts in halves.items():
        before, after = score(base, arts), score(with_model, arts)
        results[label] = {"before": before, "after": after}
        print_table(
            f"PolNeAR train, {label}: cue detector fitted on A (threshold {threshold})",
            [(k, after[k], _num(before[k])) for k in KEYS],
            ("measure", "with the detector", "without"),
        )
    added = Counter(
        row[2]["cue"].lower() for name in docs if half[name] == "B" for row in with_model[name] if row not in base[name]
    )
    print("B: most common cues of statements the detector adds:", added.most_common(30))
    if args.out is not None:
        args.out.write_text(json.dumps({"threshold": threshold, "features": len(weights), **results}, indent=1))
    if args.model_out is not None:
        text = json.dumps(
            {
                "about": "Cue detector weights, fitted on half A of PolNeAR train by benchmarks/polnear_cue_model.py",
                "threshold": threshold,
                "deps": sorted(deps),
                "weights": dict(sorted(weights.items())),
            },
            indent=0,
        )
        args.model_out.write_text(text + "\n", encoding="utf-8")
        print(f"{len(weights)} weights written to {args.model_out}")


if __name__ == "__main__":
    main()
