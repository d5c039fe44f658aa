"""Train the answer stance model on FNC-1 train and measure it by cross-validation grouped by story.

Reads the inputs `stance_inputs.py` cached (each related pair's parsed
question, retrieval status, the article's statements and text), computes
`bot.answers.stance_model.features` for every pair, and fits a multinomial
logistic regression (numpy only, class-balanced, L2) on them.

Honest figures come from grouped cross-validation: FNC-1 pairs share bodies
and headlines, so pairs are grouped into stories (connected components of the
headline-body graph) and whole stories are held out; the class offsets (how
readily disagree/agree is chosen over discuss) are picked inside each
training split by an inner grouped cross-validation, never on the held-out
story. The "as shipped" rows add what `model_stance` does after the model:
a "discuss" stays the rules' "contested" when a claim and a denial in the
article both answer the question. The full-train figure (model and offsets fitted on everything,
as shipped) is printed beside it and is optimistic.

Disagree pairs can weigh more in the loss than class balance gives them
(`--disagree-weight`), or the weight can be chosen among several
(`--choose-weights`) by disagree F1 plus macro F1 of an inner grouped CV, inside
each training split for the held-out figures. `--compare-weights` prints each
weight against 1.0 on the same story folds, per seed.

Writes `bot/answers/stance_model.json` (numbers only) with `--write`.

    PYTHONPATH=. python benchmarks/train_stance_model.py --work /work/bench-out/x/fnc [--write]
    PYTHONPATH=. python benchmarks/train_stance_model.py --work … --seeds 3 --choose-weights 1,1.5,2,2.5 --write
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

# One BLAS thread: the matrices are small, and threads fight over a shared machine's cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from common import fnc1_root
from fnc1_stances import CLASSES, DISPUTE, class_figures, read_bodies
from stance_inputs import PairInput, load_inputs

MODEL_PATH = Path(__file__).resolve().parent.parent / "bot" / "answers" / "stance_model.json"
STATUS_TO_STANCE = {"asserted": "agree", "contested": "disagree", "denied": "disagree", "unknown": "discuss"}
FOLDS = 5
SEED = 20170601
L2 = 1e-2
OFFSET_GRID = np.round(np.arange(-1.5, 2.51, 0.1), 2)


def compute_features(
    pairs: list[PairInput], articles: dict[str, dict[str, Any]]
) -> tuple[list[str], np.ndarray, list[str]]:
    """Feature names, the feature matrix and the rule-based stance of each pair."""
    from bot.answers.stance import article_stance, model_features

    rows_out: list[dict[str, float]] = []
    rule: list[str] = []
    for i, p in enumerate(pairs):
        art = articles[p.article]
        q = p.question
        rule_status = (
            article_stance(q.text, q.terms, art["rows"], p.status) if q.kind == "yesno" and q.terms else p.status
        )
        named, _ = model_features(q.text, q.terms, art["rows"], art["text"], p.status, rule_status)
        rows_out.append(named)
        rule.append(STATUS_TO_STANCE.get(rule_status, "discuss"))
        if i % 2000 == 0:
            print(f"features {i}", file=sys.stderr, flush=True)
    names = list(rows_out[0])
    return names, np.array([[r[n] for n in names] for r in rows_out]), rule


def stories(pairs: list[PairInput]) -> list[int]:
    """A story id per pair: connected components of the graph linking each headline to its bodies."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        a, b = find("h:" + p.headline.lower()), find("b:" + p.body_id)
        if a != b:
            parent[a] = b
    roots: dict[str, int] = {}
    return [roots.setdefault(find("h:" + p.headline.lower()), len(roots)) for p in pairs]


def fold_of(groups: list[int], k: int, seed: int) -> np.ndarray:
    """A fold per pair: whole stories, shuffled, dealt to the fold with the fewest pairs so far."""
    sizes = Counter(groups)
    order = list(sizes)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda g: -sizes[g])
    load = [0] * k
    assign: dict[int, int] = {}
    for g in order:
        f = load.index(min(load))
        assign[g] = f
        load[f] += sizes[g]
    return np.array([assign[g] for g in groups])


class Fitted:
    """A fitted multinomial logistic regression (standardisation included)."""

    def __init__(
        self, x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 300, disagree_weight: float = 1.0
    ) -> None:
        self.mean = x.mean(axis=0)
        self.scale = x.std(axis=0)
        self.scale[self.scale < 1e-9] = 1.0
        z = (x - self.mean) / self.scale
        n, d = z.shape
        k = len(CLASSES)
        counts = np.bincount(y, minlength=k).astype(float)
        # Class-balanced: each class weighs as much as the others in the loss; disagree then
        # `disagree_weight` times as much (the rarest class, and the one the target is set on).
        class_w = n / (k * np.maximum(counts, 1))
        class_w[CLASSES.index("disagree")] *= disagree_weight
        sample_w = class_w[y]
        onehot = np.eye(k)[y]
        w = np.zeros((k, d))
        b = np.zeros(k)
        m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
        lr, beta1, beta2 = 0.05, 0.9, 0.999
        for t in range(1, steps + 1):
            logits = z @ w.T + b
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            err = (p - onehot) * sample_w[:, None] / sample_w.sum()
            g_w = err.T @ z + l2 * w
            g_b = err.sum(axis=0)
            for param, grad, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b)):
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad**2
                param -= lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + 1e-8)
        self.weights, self.intercept = w, b

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Raw class scores."""
        return ((x - self.mean) / self.scale) @ self.weights.T + self.intercept


def macro(gold: np.ndarray, pred: np.ndarray) -> float:
    """Macro F1 over the three classes (class indexes)."""
    out = []
    for c in range(len(CLASSES)):
        tp = float(np.sum((gold == c) & (pred == c)))
        p, g = float(np.sum(pred == c)), float(np.sum(gold == c))
        out.append(2 * tp / (p + g) if p + g else 0.0)
    return statistics.mean(out)


def best_offsets(logits: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """Offsets for agree and disagree (discuss fixed at 0) that maximise macro F1 on these logits."""
    best, best_off = -1.0, np.zeros(3)
    for a in OFFSET_GRID:
        for d in OFFSET_GRID:
            off = np.array([a, d, 0.0])
            score = macro(gold, np.argmax(logits + off, axis=1))
            if score > best:
                best, best_off = score, off
    return best_off


def oof_logits(x: np.ndarray, y: np.ndarray, folds: np.ndarray, disagree_weight: float = 1.0) -> np.ndarray:
    """Out-of-fold logits: each fold scored by a model fitted on the others."""
    out = np.zeros((len(y), len(CLASSES)))
    for f in np.unique(folds):
        train = folds != f
        out[~train] = Fitted(x[train], y[train], disagree_weight=disagree_weight).logits(x[~train])
    return out


def grouped_cv(x: np.ndarray, y: np.ndarray, groups: list[int], seed: int, disagree_weight: float = 1.0) -> np.ndarray:
    """Held-out predictions: outer folds by story; offsets chosen by an inner grouped CV of the training part."""
    return grouped_cv_chosen_weight(x, y, groups, seed, [disagree_weight])[0]


def disagree_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """F1 of the disagree class (class indexes)."""
    d = CLASSES.index("disagree")
    tp = float(np.sum((gold == d) & (pred == d)))
    p, g = float(np.sum(pred == d)), float(np.sum(gold == d))
    return 2 * tp / (p + g) if p + g else 0.0


def choose_weight(x: np.ndarray, y: np.ndarray, folds: np.ndarray, weights: list[float]) -> tuple[float, np.ndarray]:
    """The disagree weight (and its offsets) whose out-of-fold predictions score best on disagree F1 plus macro F1.

    Each weight's offsets are fitted on its own out-of-fold logits, as for the model.
    """
    best: tuple[float, float, np.ndarray] = (-1.0, 1.0, np.zeros(3))
    for w in weights:
        logits = oof_logits(x, y, folds, w)
        offsets = best_offsets(logits, y)
        pred = np.argmax(logits + offsets, axis=1)
        score = disagree_f1(y, pred) + macro(y, pred)
        if score > best[0]:
            best = (score, w, offsets)
    return best[1], best[2]


def grouped_cv_chosen_weight(
    x: np.ndarray, y: np.ndarray, groups: list[int], seed: int, weights: list[float]
) -> tuple[np.ndarray, list[float]]:
    """Held-out predictions with the disagree weight itself chosen inside each training split.

    For every outer fold, `choose_weight` runs an inner grouped CV of the training part;
    the weight it picks is fitted on the training part and scores the held-out stories.
    No held-out story has a say in the weight, so this figure carries the cost of choosing it.
    """
    folds = fold_of(groups, FOLDS, seed)
    pred = np.zeros(len(y), dtype=int)
    garr = np.array(groups)
    chosen: list[float] = []
    for f in range(FOLDS):
        train = folds != f
        inner = fold_of(list(garr[train]), FOLDS - 1, seed + f + 1)
        w, offsets = choose_weight(x[train], y[train], inner, weights)
        chosen.append(w)
        model = Fitted(x[train], y[train], disagree_weight=w)
        pred[~train] = np.argmax(model.logits(x[~train]) + offsets, axis=1)
    return pred, chosen


def figures(gold: np.ndarray, pred: np.ndarray | list[str]) -> dict[str, Any]:
    """Per-class figures (class names) for index or name predictions."""
    names = [CLASSES[int(i)] for i in pred] if isinstance(pred, np.ndarray) else pred
    return class_figures([CLASSES[int(i)] for i in gold], names)


def row(label: str, fig: dict[str, Any]) -> str:
    """One table line: agree P/R/F1, disagree P/R/F1, discuss P/R/F1, macro, accuracy."""
    parts = [" / ".join(f"{fig[f'{c} {m}']:.3f}" for m in ("precision", "recall", "f1")) for c in CLASSES]
    return f"| {label} | " + " | ".join(parts) + f" | {fig['macro f1']:.3f} | {fig['accuracy']:.3f} |"


def compare_weights(
    x: np.ndarray,
    y: np.ndarray,
    groups: list[int],
    weights: list[float],
    seeds: int,
    finish: Any,
) -> list[str]:
    """Disagree weights against 1.0 on the same folds (paired), as shipped and model alone, per seed.

    `finish(pred)` turns held-out model predictions into (model alone, as shipped) predictions
    (pairs left to the rules, the rules' contested kept). A weight passes when its as-shipped
    disagree F1 is higher than 1.0's on every seed and its mean as-shipped macro F1 is not lower.
    Last line: the weight chosen inside each training split (`grouped_cv_chosen_weight`).
    """
    per: dict[float, list[tuple[dict[str, Any], dict[str, Any], list[tuple[float, float]]]]] = {}
    for w in [1.0] + [w for w in weights if w != 1.0]:
        per[w] = []
        for seed in range(seeds):
            fold_seed = SEED + 100 * seed
            alone, as_shipped = finish(grouped_cv(x, y, groups, fold_seed, w))
            folds = fold_of(groups, FOLDS, fold_seed)
            by_fold = [
                (disagree_f1(y[folds == f], as_shipped[folds == f]), macro(y[folds == f], as_shipped[folds == f]))
                for f in range(FOLDS)
            ]
            per[w].append((figures(y, alone), figures(y, as_shipped), by_fold))
            print(f"weight {w} seed {seed} done", file=sys.stderr, flush=True)
    lines = [
        "| disagree weight | as shipped disagree F1 per seed | mean | as shipped macro per seed | mean "
        "| alone disagree / macro (mean) | agree / discuss F1 as shipped (mean) "
        "| paired fold diff as shipped, disagree (folds up) | macro | passes |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    base = per[1.0]
    for w, runs in per.items():
        dis = [r[1]["disagree f1"] for r in runs]
        mac = [r[1]["macro f1"] for r in runs]
        diffs = np.array(
            [np.subtract(a, b) for r, br in zip(runs, base, strict=True) for a, b in zip(r[2], br[2], strict=True)]
        )
        passes = (
            w != 1.0
            and all(d > b[1]["disagree f1"] for d, b in zip(dis, base, strict=True))
            and (statistics.mean(mac) >= statistics.mean(b[1]["macro f1"] for b in base))
        )
        lines.append(
            f"| {w} | {' '.join(f'{v:.4f}' for v in dis)} | {statistics.mean(dis):.4f} "
            f"| {' '.join(f'{v:.4f}' for v in mac)} | {statistics.mean(mac):.4f} "
            f"| {statistics.mean(r[0]['disagree f1'] for r in runs):.3f} / "
            f"{statistics.mean(r[0]['macro f1'] for r in runs):.3f} "
            f"| {statistics.mean(r[1]['agree f1'] for r in runs):.3f} / "
            f"{statistics.mean(r[1]['discuss f1'] for r in runs):.3f} "
            f"| {diffs[:, 0].mean():+.3f} +- {diffs[:, 0].std():.3f} ({int((diffs[:, 0] > 0).sum())}/{len(diffs)}) "
            f"| {diffs[:, 1].mean():+.3f} +- {diffs[:, 1].std():.3f} | {'yes' if passes else 'no'} |"
        )
    nested, means = [], []
    for seed in range(seeds):
        pred, chosen = grouped_cv_chosen_weight(x, y, groups, SEED + 100 * seed, [1.0, *weights])
        fig = figures(y, finish(pred)[1])
        means.append((fig["disagree f1"], fig["macro f1"]))
        nested.append(f"seed {seed}: {fig['disagree f1']:.4f} / {fig['macro f1']:.4f} (weights {chosen})")
    mean_dis, mean_mac = np.mean(means, axis=0)
    lines.append(
        "weight chosen inside each training split, as shipped disagree / macro: "
        + "; ".join(nested)
        + f"; mean {mean_dis:.4f} / {mean_mac:.4f}"
    )
    return lines


def main() -> None:
    """Features, grouped CV, full-train fit; print the figures; write the model with --write."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True, help="folder with stance_inputs.pkl (see stance_inputs.py)")
    parser.add_argument("--write", action="store_true", help=f"write the fitted model to {MODEL_PATH}")
    parser.add_argument("--drop", default="", help="comma-separated parts of feature names to leave out (ablation)")
    parser.add_argument("--seeds", type=int, default=1, help="repeat the grouped CV with this many fold seeds")
    parser.add_argument(
        "--disagree-weight", type=float, default=1.0, help="weight of disagree pairs in the loss, over class balance"
    )
    parser.add_argument(
        "--choose-weights",
        default="",
        help="comma-separated disagree weights: the model's weight is chosen among them by grouped CV "
        "(inside each training split for the held-out figures); overrides --disagree-weight",
    )
    parser.add_argument(
        "--compare-weights", default="", help="comma-separated disagree weights to compare with 1.0, paired per fold"
    )
    args = parser.parse_args()

    pairs, articles = load_inputs(args.work)
    cache = args.work / "stance_features.npz"
    if cache.exists():
        data = np.load(cache, allow_pickle=False)
        names, x, rule = list(data["names"]), data["x"], list(data["rule"])
    else:
        names, x, rule = compute_features(pairs, articles)
        np.savez(cache, names=np.array(names), x=x, rule=np.array(rule))
    # Pairs the shipped code leaves to the rules (the article does not look about the question).
    from bot.answers.stance_model import about

    guarded = np.array([not about(dict(zip(names, v, strict=True))) for v in x])
    # As shipped: a "discuss" stays the rules' "contested" (a claim and a denial both answer it).
    contested = x[:, names.index("rule_contested")] > 0

    drop = [d for d in args.drop.split(",") if d]
    keep = [i for i, n in enumerate(names) if not any(d in n for d in drop)]
    names, x = [names[i] for i in keep], x[:, keep]
    y = np.array([CLASSES.index(p.gold) for p in pairs])
    rule_idx = np.array([CLASSES.index(r) for r in rule])
    groups = stories(pairs)
    print(
        f"{len(pairs)} pairs, {len(set(groups))} stories, {len(names)} features; "
        f"largest story {max(Counter(groups).values())} pairs"
    )

    def shipped(pred: np.ndarray, part: np.ndarray | None = None) -> np.ndarray:
        kept = contested if part is None else contested[part]
        return np.where(kept & (pred == CLASSES.index("discuss")), CLASSES.index("disagree"), pred)

    bodies = read_bodies(fnc1_root() / "train_bodies.csv")
    keyword = ["disagree" if DISPUTE.search(bodies[p.body_id]) else "discuss" for p in pairs]
    choices = [float(w) for w in args.choose_weights.split(",") if w]
    results: dict[str, Any] = {"disagree_weight": args.disagree_weight, "choose_weights": choices}
    if args.compare_weights:

        def finish(pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            alone = np.where(guarded, rule_idx, pred)
            return alone, shipped(alone)

        weights = [float(w) for w in args.compare_weights.split(",") if w]
        print("\n".join(compare_weights(x, y, groups, weights, max(args.seeds, 1), finish)), flush=True)
    lines = [
        "| run | agree P / R / F1 | disagree P / R / F1 | discuss P / R / F1 | macro F1 | accuracy |",
        "|---|---|---|---|---|---|",
    ]
    spread: list[str] = []
    fold_f1: list[tuple[float, float, float, float]] = []
    for seed in range(args.seeds):
        if choices:
            cv_pred, chosen = grouped_cv_chosen_weight(x, y, groups, SEED + 100 * seed, choices)
            spread.append(f"weights chosen per fold, seed {seed}: {chosen}")
        else:
            cv_pred = grouped_cv(x, y, groups, SEED + 100 * seed, args.disagree_weight)
        held_out = np.where(guarded, rule_idx, cv_pred)
        # Per held-out fold (whole stories): how far one split of the stories moves the figure.
        folds = fold_of(groups, FOLDS, SEED + 100 * seed)
        for f in range(FOLDS):
            part = folds == f
            alone, as_shipped = figures(y[part], held_out[part]), figures(y[part], shipped(held_out[part], part))
            fold_f1.append((alone["disagree f1"], alone["macro f1"], as_shipped["disagree f1"], as_shipped["macro f1"]))
        spread.append(
            f"per fold, seed {seed} (model alone, disagree / macro F1): "
            + ", ".join(f"{a:.3f} / {m:.3f}" for a, m, _, _ in fold_f1[-FOLDS:])
        )
        cv = figures(y, held_out)
        results[f"grouped_cv_seed{seed}"] = cv
        lines.append(row(f"model, grouped CV by story (seed {seed})", cv))
        results[f"shipped_grouped_cv_seed{seed}"] = figures(y, shipped(held_out))
        lines.append(
            row(
                f"as shipped (rules' contested kept), grouped CV (seed {seed})",
                results[f"shipped_grouped_cv_seed{seed}"],
            )
        )
    if choices:
        weight, offsets = choose_weight(x, y, fold_of(groups, FOLDS, SEED), choices)
    else:
        weight = args.disagree_weight
        offsets = best_offsets(oof_logits(x, y, fold_of(groups, FOLDS, SEED), weight), y)
    model = Fitted(x, y, disagree_weight=weight)
    print(f"disagree weight of the full fit: {weight}")
    shipped_seeds = [results[f"shipped_grouped_cv_seed{s}"] for s in range(args.seeds)]
    full = figures(y, shipped(np.where(guarded, rule_idx, np.argmax(model.logits(x) + offsets, axis=1))))
    print(f"{int(guarded.sum())} pairs left to the rules (article not about the question)")
    results["full_train"] = full
    lines.append(row("as shipped, fitted and scored on all of train", full))
    lines.append(row("rule-based stance check (current)", figures(y, rule)))
    lines.append(row("keyword rule (deny/false/hoax/fake)", figures(y, keyword)))
    print("\n".join(lines))
    print("\n".join(spread))
    spread_arr = np.array(fold_f1)
    print(
        "fold spread (mean +- sd over {} held-out folds): model alone disagree {:.3f} +- {:.3f}, "
        "macro {:.3f} +- {:.3f}; as shipped disagree {:.3f} +- {:.3f}, macro {:.3f} +- {:.3f}".format(
            len(fold_f1), *[v for i in range(4) for v in (spread_arr[:, i].mean(), spread_arr[:, i].std())]
        )
    )
    print(f"offsets (agree, disagree, discuss): {offsets.tolist()}")
    order = np.argsort(-np.abs(model.weights[1]))
    print("largest disagree weights:", ", ".join(f"{names[i]} {model.weights[1][i]:+.2f}" for i in order[:12]))
    (args.work / "train_stance_model.json").write_text(json.dumps(results, indent=1))
    if args.write:
        from bot.answers.stance_model import StanceModel

        written = StanceModel(
            names,
            model.mean,
            model.scale,
            model.weights,
            model.intercept,
            offsets,
            {
                "trained_on": "FNC-1 train related pairs (headline/body), numbers only",
                "pairs": len(pairs),
                "grouped_cv_macro_f1": round(results["shipped_grouped_cv_seed0"]["macro f1"], 4),
                "grouped_cv_disagree_f1": round(results["shipped_grouped_cv_seed0"]["disagree f1"], 4),
                "disagree_weight": weight,
                "disagree_weight_chosen_from": choices or None,
                "grouped_cv_seeds_mean_disagree_f1": round(statistics.mean(f["disagree f1"] for f in shipped_seeds), 4),
                "grouped_cv_seeds_mean_macro_f1": round(statistics.mean(f["macro f1"] for f in shipped_seeds), 4),
            },
        )
        MODEL_PATH.write_text(json.dumps(written.to_json(), indent=1) + "\n")
        print(f"model written to {MODEL_PATH}")


if __name__ == "__main__":
    main()
