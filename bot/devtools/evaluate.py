"""Scoring extracted statements against a gold annotation file.

The scoring follows the header of the gold file (`tests/data/gold_seeds.toml`):
one-to-one matching by file, kind and a verbatim snippet inside the statement's
text or evidence; recall, precision, speaker accuracy, denial linking, B-cubed
grouping, boilerplate and repeats.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answers.export import export_statement
from bot.config import read_settings_text
from bot.store import Store

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalise(text: str | None) -> str:
    """Curly quotes as straight ones and runs of white space as one space."""
    return re.sub(r"\s+", " ", (text or "").translate(_QUOTES)).strip()


# A transcript's turn label with the speaker's name noted: "PRESENTER (Jane Roe):".
_TURN_LABEL_SNIPPET = re.compile(r"^[A-Z][A-Z'\u2019-]+(?: [A-Z][A-Z'\u2019-]+){0,2} \([^()\n]{1,40}\):$")


def _body_holds(snippet: str, text: str) -> bool:
    """Whether an article body holds a `[boilerplate] absent` snippet. A turn label ("PRESENTER (Jane
    Roe):") that a gold lists counts only where it is not opening a paragraph: the gold format forbids it in
    a statement (checked on every statement), while at a turn's start it is the transcript's structure, which
    the extractor reads to know the presenter's lines."""
    if normalise(snippet) not in normalise(text):
        return False
    if _TURN_LABEL_SNIPPET.match(snippet.strip()) is None:
        return True
    label = normalise(snippet)
    return any(normalise(para).find(label) > 0 for para in text.split("\n"))


def _whole_word(name: str, text: str | None) -> bool:
    return bool(text) and re.search(r"\b" + re.escape(name) + r"\b", text or "", re.IGNORECASE) is not None


def _printed(bad: str, speaker: str | None) -> bool:
    """Whether a bad speaker the gold writes in capitals, as a dateline or a turn label prints it ("PORT ELLIS",
    "PRESENTER"), stands in the speaker in capitals: the same words in a name's mixed case ("members of Port
    Ellis's rowing club") are the name, not the label."""
    if not bad.isupper():
        return True
    return re.search(r"(?<![\w])" + re.escape(bad) + r"(?![\w])", speaker or "") is not None


def _furniture_speaker(bad: str, speaker: str | None, right_names: set[str]) -> bool:
    """Whether a gold bad speaker (a dateline town, a wire, a presenter) is in a system speaker as a word of
    its own, not only inside a name the gold itself gives as a right speaker: "CORRISTON" flags
    "CORRISTON, Nov 2 (Wire) - A team" but not "team at the University of Corriston". A bad speaker in
    capitals is a printed label and is looked for as printed (`_printed`)."""
    if not _whole_word(bad, speaker) or not _printed(bad, speaker):
        return False
    rest = speaker or ""
    for name in sorted(right_names, key=len, reverse=True):
        if _whole_word(bad, name):
            rest = re.sub(r"\b" + re.escape(name) + r"\b", " ", rest, flags=re.IGNORECASE)
    return _whole_word(bad, rest)


@dataclass
class GoldStatement:
    """One hand-annotated statement."""

    index: int
    file: str
    kind: str
    kinds: tuple[str, ...]
    group: str
    speakers: tuple[str, ...]
    contains: str
    optional: bool
    has_kind_any: bool


@dataclass
class Scores:
    """The figures a gold file defines, with the evidence behind them."""

    recall: float
    precision: float
    speaker_accuracy: float
    denial_linking: float
    grouping_f1: float
    boilerplate_clean: bool
    repeats_once: bool
    gold_required: int
    gold_matched_required: int
    system_statements: int
    system_matched: int
    missed: list[dict[str, Any]] = field(default_factory=list)
    unmatched_system: list[dict[str, Any]] = field(default_factory=list)
    wrong_speakers: list[dict[str, Any]] = field(default_factory=list)
    bad_links: list[dict[str, Any]] = field(default_factory=list)
    boilerplate_hits: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float | bool]:
        """The headline figures only."""
        return {
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "speaker_accuracy": round(self.speaker_accuracy, 3),
            "denial_linking": round(self.denial_linking, 3),
            "grouping_f1": round(self.grouping_f1, 3),
            "boilerplate_clean": self.boilerplate_clean,
            "repeats_once": self.repeats_once,
        }


def load_gold(path: str | Path) -> dict[str, Any]:
    """Parse a gold TOML file; raises ValueError naming the file when it is not one."""
    path = Path(path)
    try:
        data = tomllib.loads(read_settings_text(path))
    except OSError as exc:
        raise ValueError(f"{path}: cannot read gold file: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read gold file: {exc}") from exc
    if "statement" not in data:
        raise ValueError(f"{path}: no [[statement]] entries: not a gold file")
    return data


def gold_statements(gold: dict[str, Any]) -> list[GoldStatement]:
    """The gold file's statements as records."""
    out = []
    for i, entry in enumerate(gold.get("statement", [])):
        kinds = tuple(entry.get("kind_any") or [entry["kind"]])
        out.append(
            GoldStatement(
                index=i,
                file=entry["file"],
                kind=entry["kind"],
                kinds=kinds,
                group=entry.get("group", ""),
                speakers=tuple(entry.get("speaker", [])),
                contains=normalise(entry["contains"]),
                optional=bool(entry.get("optional", False)),
                has_kind_any="kind_any" in entry,
            )
        )
    return out


def match(system: list[dict[str, Any]], golds: list[GoldStatement]) -> dict[int, int]:
    """One-to-one matching: gold index → system index, as the gold header defines."""
    texts = [normalise(s.get("text")) for s in system]
    evidences = [normalise(s.get("evidence")) for s in system]
    used: set[int] = set()
    pairs: dict[int, int] = {}
    # Required entries are served before optional ones (an optional entry must not take the
    # statement a required one needs); within each, entries of one kind before kind_any ones.
    for gold in sorted(golds, key=lambda g: (g.optional, g.has_kind_any, g.index)):
        best: tuple[int, int, int] | None = None
        for i, st in enumerate(system):
            if i in used or st.get("article") != gold.file or st.get("kind") not in gold.kinds:
                continue
            in_text = gold.contains in texts[i]
            if not in_text and gold.contains not in evidences[i]:
                continue
            speaker_ok = any(_whole_word(n, st.get("speaker")) for n in gold.speakers)
            key = (0 if in_text else 1, 0 if speaker_ok else 1, i)
            if best is None or key < best:
                best = key
        if best is not None:
            pairs[gold.index] = best[2]
            used.add(best[2])
    return pairs


def _bcubed_f1(items: list[tuple[str, Any]]) -> float:
    """B-cubed F1 of (gold group, system cluster) pairs; None clusters are singletons."""
    if not items:
        return 0.0
    items = [(g, s if s is not None else ("single", i)) for i, (g, s) in enumerate(items)]
    by_gold: Counter[Any] = Counter(g for g, _ in items)
    by_sys: Counter[Any] = Counter(s for _, s in items)
    both: Counter[Any] = Counter(items)
    precision = sum(both[(g, s)] / by_sys[s] for g, s in items) / len(items)
    recall = sum(both[(g, s)] / by_gold[g] for g, s in items) / len(items)
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def score(system: list[dict[str, Any]], gold: dict[str, Any], article_texts: dict[str, str] | None = None) -> Scores:
    """Score system statements (as `statements --json` exports them) against a gold file.

    `article_texts` (article name → cleaned text), when given, is also checked
    for boilerplate.
    """
    golds = gold_statements(gold)
    pairs = match(system, golds)
    by_index = {g.index: g for g in golds}
    required = [g for g in golds if not g.optional]
    matched_required = [g for g in required if g.index in pairs]

    matched_system = {s: by_index[g] for g, s in pairs.items()}
    wrong_speakers = []
    for s_idx, g in matched_system.items():
        if not any(_whole_word(n, system[s_idx].get("speaker")) for n in g.speakers):
            wrong_speakers.append(
                {"gold": g.contains, "expected": list(g.speakers), "got": system[s_idx].get("speaker")}
            )

    # Denial linking: the proposition a matched denial points at must be mostly the right group.
    claim_groups_by_prop: dict[Any, list[str]] = defaultdict(list)
    for s_idx, g in matched_system.items():
        if system[s_idx].get("kind") == "claim":
            claim_groups_by_prop[system[s_idx].get("proposition")].append(g.group)
    denials = [
        (g, system[s])
        for g_idx, s in pairs.items()
        if (g := by_index[g_idx]).kind == "denial" and system[s].get("kind") == "denial"
    ]
    linked = 0
    bad_links = []
    for g, st in denials:
        target = st.get("denies")
        groups = claim_groups_by_prop.get(target, []) if target is not None else []
        if groups and groups.count(g.group) * 2 > len(groups):
            linked += 1
        else:
            bad_links.append({"gold": g.contains, "group": g.group, "denies": target, "target_groups": groups})

    claim_items = [
        (g.group, system[s].get("proposition")) for s, g in matched_system.items() if system[s].get("kind") == "claim"
    ]

    boiler = gold.get("boilerplate", {})
    right_names = {name for g in golds for name in g.speakers}
    hits = []
    for st in system:
        blob = normalise(" ".join(str(st.get(k) or "") for k in ("text", "evidence", "speaker", "speaker_text")))
        for snippet in boiler.get("absent", []):
            if normalise(snippet) in blob:
                hits.append(f"{st.get('article')}: statement holds {snippet!r}")
        for bad in boiler.get("bad_speakers", []):
            if _furniture_speaker(bad, st.get("speaker"), right_names):
                hits.append(f"{st.get('article')}: speaker {st.get('speaker')!r} is page furniture")
    for name, text in (article_texts or {}).items():
        for snippet in boiler.get("absent", []):
            if _body_holds(snippet, text):
                hits.append(f"{name}: article body holds {snippet!r}")

    seen: Counter[tuple[Any, ...]] = Counter(
        (st.get("article"), st.get("kind"), normalise(st.get("text")), normalise(st.get("evidence"))) for st in system
    )
    repeated = [f"{k[0]}: {k[2][:80]!r}" for k, n in seen.items() if n > 1]

    matched_idx = set(pairs.values())
    return Scores(
        recall=len(matched_required) / len(required) if required else 1.0,
        precision=len(pairs) / len(system) if system else 0.0,
        speaker_accuracy=(len(pairs) - len(wrong_speakers)) / len(pairs) if pairs else 0.0,
        denial_linking=linked / len(denials) if denials else 0.0,
        grouping_f1=_bcubed_f1(claim_items),
        boilerplate_clean=not hits,
        repeats_once=not repeated,
        gold_required=len(required),
        gold_matched_required=len(matched_required),
        system_statements=len(system),
        system_matched=len(pairs),
        missed=[{"file": g.file, "kind": g.kind, "contains": g.contains} for g in required if g.index not in pairs],
        unmatched_system=[
            {k: st.get(k) for k in ("article", "kind", "speaker", "text")}
            for i, st in enumerate(system)
            if i not in matched_idx
        ],
        wrong_speakers=wrong_speakers,
        bad_links=bad_links,
        boilerplate_hits=hits,
        repeated=repeated,
    )


def article_texts(store: Store) -> dict[str, str]:
    """Every stored article's cleaned text by article name (what `score` checks for boilerplate)."""
    return {a["name"]: (store.article(a["id"]) or {}).get("text", "") for a in store.articles()}


def score_store(store: Store, gold: dict[str, Any]) -> Scores:
    """Score a store's statements, exported as `statements --json` prints them, against a gold file."""
    system = [export_statement(r) for r in store.statements()]
    return score(system, gold, article_texts(store))
