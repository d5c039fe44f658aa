"""Learn the (verb, frame) cue pairs on one half of PolNeAR train and check each on the other half.

`bot.devtools.cue_frames` counts, for every verb and frame ("found" + that-clause, "voted"
+ "for …"), how often that frame is an annotated attribution. Here those counts come from
half A of train only (`half_of`, a stable hash of the article name); the pairs that clear
the thresholds are put into the extractor, and the fast loop's cached parse of all train
is scored on half A, half B and all of it. A pair is then kept only if it helps on half
B, the half it was not chosen on: its statements there match gold more often than the
extractor's F1 / 2 (below that an added statement lowers F1). The kept pairs are written
to `bot/nlp/cue_pairs.py` with --write. With --learn both (the default) this is done in
each direction, and a pair stays if it was counted on one half and helped on the other.

    PYTHONPATH=. python benchmarks/polnear_cue_pairs.py [--docs RAW.spacy] [--write]

Corpus text never leaves /work/bench-out; the module holds lemmas and numbers only.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from common import PolnearArticle, content_words, greedy_match, load_polnear, polnear_root, print_table
from polnear_attribution import score
from polnear_fast import CACHE_DEFAULT, cleaned_texts, mark_speech_cached, parsed_docs

Pair = tuple[str, str]
System = dict[str, list[tuple[set[str], str, dict[str, Any]]]]


def extract_tagged(docs: dict[str, Any], pair_frames: dict[str, tuple[str, ...]]) -> System:
    """Each article's statements as the scorer wants them, each row tagged with the pair that made it (or None)."""
    from bot.nlp.cue_frames import CUE_FRAMES
    from bot.nlp.extract import attribution, build, frames

    made_by: dict[int, Pair] = {}
    plain_candidate = frames.frame_candidate
    plain_statement = build._statement

    def candidate(ctx: Any, tok: Any, clauses_only: bool = False) -> Any:
        cand = plain_candidate(ctx, tok, clauses_only)
        lemma = tok.lemma_.lower()
        if cand is not None:
            # the frame that gave the content: a pair's only when the verb table's frames gave none
            table = CUE_FRAMES.get(lemma, ())
            if not (table and frames.frame_content(tok, table)):
                used = next((f for f in pair_frames.get(lemma, ()) if frames.frame_content(tok, (f,))), None)
                if used is not None:
                    made_by[id(cand)] = (lemma, used)
        return cand

    tags: dict[tuple[int, str], Pair] = {}

    def statement(ctx: Any, cand: Any, speaker: Any) -> Any:
        st = plain_statement(ctx, cand, speaker)
        if st is not None and id(cand) in made_by:
            tags[(st.start, st.text)] = made_by[id(cand)]
        return st

    saved = frames.PAIR_FRAMES
    frames.PAIR_FRAMES = pair_frames
    attribution.frame_candidate = candidate  # type: ignore[assignment]
    build._statement = statement  # type: ignore[assignment]
    system: System = defaultdict(list)
    try:
        for name, doc in docs.items():
            made_by.clear()
            tags.clear()
            for st in build.extract_statements(doc):
                row = {"pair": tags.get((st.start, st.text))}
                system[name].append((content_words(st.text or ""), st.speaker or "", row))
    finally:
        frames.PAIR_FRAMES = saved
        attribution.frame_candidate = plain_candidate
        build._statement = plain_statement
    return system


def per_pair(system: System, articles: list[PolnearArticle]) -> dict[Pair, list[int]]:
    """Pair -> [statements it made, of which matched gold] over the given articles."""
    out: dict[Pair, list[int]] = defaultdict(lambda: [0, 0])
    for article in articles:
        mine = system.get(article.name, [])
        gold = [content_words(a.content) for a in article.attributions if content_words(a.content)]
        matched = {i for i, _ in greedy_match([m[0] for m in mine], gold)}
        for i, (_, _, row) in enumerate(mine):
            if row["pair"] is not None:
                out[row["pair"]][0] += 1
                out[row["pair"]][1] += i in matched
    return out


def figures(system: System, halves: dict[str, list[PolnearArticle]]) -> dict[str, dict[str, Any]]:
    """The scorer's figures on each half and on all of train."""
    return {label: score(system, articles) for label, articles in halves.items()}


def _num(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


KEYS = ("precision", "recall", "f1", "recall_reported", "source_accuracy", "system", "matched")


def learn_and_check(
    docs: dict[str, Any], articles: list[PolnearArticle], args: argparse.Namespace, learn: str
) -> tuple[list[str], dict[str, dict[str, dict[str, Any]]]]:
    """Pairs counted on the half `learn`, those that help on the other half, and the figures of each step."""
    from bot.devtools import cue_frames as dev
    from bot.nlp.cue_frames import parse_pairs

    check = "B" if learn == "A" else "A"
    halves = {
        learn: [a for a in articles if dev.half_of(a.name) == learn],
        check: [a for a in articles if dev.half_of(a.name) == check],
        "all": articles,
    }
    counted = dev.measure(polnear_root(), args.docs, learn).pairs()
    rows = dev.pair_rows(counted, args.clause_rate, args.object_rate, args.min_cues, frozenset(args.frames.split(",")))
    base = figures(extract_tagged(docs, {}), halves)
    system = extract_tagged(docs, parse_pairs("\n".join(rows)))
    with_all = figures(system, halves)
    checked = per_pair(system, halves[check])
    bar = with_all[check]["f1"] / 2  # an added statement raises F1 only if it matches more often than F1 / 2
    kept = [
        row
        for row in rows
        if (made := checked.get(tuple(row.split("\t")[:2]), [0, 0]))[1] > 0  # type: ignore[arg-type]
        and made[1] / made[0] > bar
    ]
    after = figures(extract_tagged(docs, parse_pairs("\n".join(kept))), halves)
    runs = (("main", base), (f"{len(rows)} learnt on {learn}", with_all), (f"{len(kept)} kept", after))
    for label in halves:
        print_table(
            f"PolNeAR train, {label}: (verb, frame) cue pairs learnt on {learn}, checked on {check}",
            [(key, after[label][key], f"{_num(base[label][key])} / {_num(with_all[label][key])}") for key in KEYS],
            ("measure", runs[2][0], f"{runs[0][0]} / {runs[1][0]}"),
        )
    return kept, {"main": base, "learnt": with_all, "kept": after}


def main() -> None:
    """Learn pairs on one half (or each), check them on the other, print the figures, optionally write the module."""
    from bot.devtools import cue_frames as dev
    from bot.nlp.cue_frames import parse_pairs

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=None, help="DocBin of the raw train texts (see cue_frames)")
    parser.add_argument("--cache", type=Path, default=CACHE_DEFAULT, help="the fast loop's parse cache")
    parser.add_argument(
        "--learn",
        choices=("A", "B", "both"),
        default="both",
        help="the half the pairs are counted on; both: each half in turn, the pairs kept either way",
    )
    parser.add_argument("--clause-rate", type=float, default=dev.MIN_PAIR_CLAUSE_RATE)
    parser.add_argument("--object-rate", type=float, default=dev.MIN_PAIR_OBJECT_RATE)
    parser.add_argument("--min-cues", type=int, default=dev.MIN_PAIR_CUES)
    parser.add_argument(
        "--frames", default=",".join(sorted(dev.PAIR_DEPS)), help="dependents a pair may use besides prepositions"
    )
    parser.add_argument("--write", action="store_true", help="write the pairs kept to bot/nlp/cue_pairs.py")
    args = parser.parse_args()

    articles = load_polnear()
    mark_speech_cached(articles, args.cache)
    with tempfile.TemporaryDirectory() as work:  # the ingest's JSONL, apart from other runs of the fast loop
        docs = parsed_docs(cleaned_texts(articles, Path(work)), args.cache)
    kept: dict[tuple[str, str], str] = {}
    for learn in ("A", "B") if args.learn == "both" else (args.learn,):
        rows, _ = learn_and_check(docs, articles, args, learn)
        for row in rows:
            lemma, frame = row.split("\t")[:2]
            kept.setdefault((lemma, frame), row)
    final = sorted(kept.values(), key=lambda r: (-float(r.split("\t")[2]), r))
    if args.learn == "both":
        halves = {h: [a for a in articles if dev.half_of(a.name) == h] for h in "AB"} | {"all": articles}
        union = figures(extract_tagged(docs, parse_pairs("\n".join(final))), halves)
        base = figures(extract_tagged(docs, {}), halves)
        print_table(
            f"PolNeAR train: the {len(final)} pairs kept either way",
            [(f"{h} {key}", union[h][key], base[h][key]) for h in halves for key in KEYS],
            ("measure", "with the pairs", "main"),
        )
    if args.write:
        out = Path(__file__).resolve().parent.parent / "bot" / "nlp" / "cue_pairs.py"
        learnt = "A" if args.learn == "both" else args.learn
        note = "B" if args.learn == "A" else "A" if args.learn == "B" else None
        text = dev.pairs_module(final, learnt, note) if note else dev.pairs_both_module(final)
        out.write_text(text, encoding="utf-8")
        print(f"{len(final)} pairs written to {out}")


if __name__ == "__main__":
    main()
