"""What the answer stance model sees for each FNC-1 train related pair, gathered once and cached.

For every related pair the question "Is it true that <headline>?" is parsed
and answered over its body exactly as `ask --article` would, up to the stance
step: the parsed question (its terms), retrieval's status, the article's
statements and the article's text. The cache (a pickle in the work folder,
outside the repository) holds corpus text and must never be committed.

    PYTHONPATH=. python benchmarks/stance_inputs.py --work /work/bench-out/x/fnc   # needs the fnc1_stances.py store
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import fnc1_root
from fnc1_stances import read_pairs
from harness import load_names


@dataclass
class PairInput:
    """One related pair as the stance step receives it (plus its gold stance and story)."""

    question: Any  # bot.answers.question.Question, terms built
    status: str  # retrieval's status before the stance step
    article: str  # the stored article's name
    gold: str
    headline: str
    body_id: str


def gather(work: Path, stances: Path, limit: int | None) -> tuple[list[PairInput], dict[str, dict[str, Any]]]:
    """Every pair's inputs and, per article name, its statements and text."""
    from bot.answers import compose
    from bot.answers.question import parse_question
    from bot.answers.scoring import Scope
    from bot.answers.stance import ARTICLE_ROWS
    from bot.store import Store

    names, _ = load_names(work / "names.json")
    store = Store(str(work / "store.db"))
    pairs = read_pairs(stances, limit)
    articles: dict[str, dict[str, Any]] = {}
    out: list[PairInput] = []
    start = time.perf_counter()
    for i, row in enumerate(pairs):
        name = names[row["Body ID"]]
        scope = Scope(article=name)
        headline = row["Headline"].strip().rstrip("?.!")
        parsed = parse_question(f"Is it true that {headline}?")
        reply = compose._answer_statements(store, parsed, scope)
        if name not in articles:
            stored = store.article_by_name(name)
            articles[name] = {
                "rows": store.answer_statements(limit=ARTICLE_ROWS, **scope.kwargs()),
                "text": (store.article(stored["id"]) or {}).get("text", "") if stored else "",
            }
        out.append(PairInput(parsed, reply.status or "unknown", name, row["Stance"], headline, row["Body ID"]))
        if i % 1000 == 0:
            print(f"{i} pairs, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return out, articles


def load_inputs(
    work: Path, stances: Path | None = None, limit: int | None = None
) -> tuple[list[PairInput], dict[str, dict[str, Any]]]:
    """The cached inputs in `work` (`stance_inputs.pkl`), gathered first when missing."""
    cache = work / "stance_inputs.pkl"
    if cache.exists():
        with cache.open("rb") as handle:
            data: tuple[list[PairInput], dict[str, dict[str, Any]]] = pickle.load(handle)
        return data
    data = gather(work, stances or fnc1_root() / "train_stances.csv", limit)
    with cache.open("wb") as handle:
        pickle.dump(data, handle)
    return data


def main() -> None:
    """Gather and cache the inputs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True, help="fnc1_stances.py work folder (store.db, names.json)")
    parser.add_argument("--stances", type=Path, default=None, help="train_stances.csv (default: in $BRIEFBOT_FNC1)")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    # Through the module, not __main__: the pickle then names `stance_inputs.PairInput`.
    import stance_inputs

    pairs, articles = stance_inputs.load_inputs(args.work, args.stances, args.limit)
    print(f"{len(pairs)} pairs, {len(articles)} articles cached in {args.work / 'stance_inputs.pkl'}")


if __name__ == "__main__":
    main()
