"""Attribution extraction on PolNeAR train: content P/R/F1 and source accuracy.

All train articles go into one fresh store through `briefbot ingest`; the
statements come back through `briefbot statements --json`. A statement matches
a gold attribution of its article when their content word sets overlap in
>= 50 % of the smaller and >= 25 % of the larger set, one-to-one, best overlap
first. The naive reporting-verb extractor of `baselines.py` is scored the same way.

    PYTHONPATH=. python benchmarks/polnear_attribution.py [--limit N] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from baselines import naive_attributions
from common import (
    OUT_DEFAULT,
    PolnearArticle,
    console,
    content_words,
    greedy_match,
    is_direct,
    load_polnear,
    load_tagger,
    prf,
    print_table,
    progress,
    shares_name_token,
    write_json,
)
from harness import Briefbot, ingest_records, load_names, save_names

_NAME = re.compile(r"^(?P<outlet>[a-z]+)_(?P<date>\d{4}-\d{2}-\d{2})_")
_DATELINE = re.compile(r"\b[A-Z]{3,}\b.*\d|\(\w+\)")


def ingest_records_of(articles: list[PolnearArticle]) -> list[dict[str, Any]]:
    """The JSONL record `briefbot ingest` reads for each article: its text, and the outlet and date of its file name."""
    records = []
    for article in articles:
        meta = _NAME.match(article.name)
        record: dict[str, Any] = {"text": article.text}
        if meta:
            record["outlet"], record["published"] = meta.group("outlet"), meta.group("date")
        records.append(record)
    return records


# The figures both attribution scripts print first, in this order.
RATE_KEYS = [
    "precision",
    "recall",
    "f1",
    "recall_direct",
    "recall_reported",
    "recall_speech_cues",
    "recall_speech_cues_reported",
    "source_accuracy",
]


def ingest_all(bot: Briefbot, articles: list[PolnearArticle], work: Path, chunk: int) -> tuple[dict[str, str], int]:
    """Ingest the articles in JSONL chunks; returns briefbot name -> PolNeAR name, and how many were refused."""
    records = ingest_records_of(articles)
    with progress() as bar:
        task = bar.add_task("ingest", total=len(articles))

        def tick(n: int, message: str) -> None:
            if message:
                console.print(f"[yellow]{message}[/yellow]")
            bar.advance(task, n)

        names, refused = ingest_records(bot, records, work, "polnear", chunk, tick)
    return {name: article.name for name, article in zip(names, articles, strict=True)}, refused


def score(
    system: dict[str, list[tuple[set[str], str, dict[str, Any]]]],
    articles: list[PolnearArticle],
    fail: dict[str, Counter[str]] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Match system statements to gold per article and count everything.

    `system` maps a PolNeAR article name to (content words, speaker, extra) triples.
    """
    tp = n_sys = n_gold = 0
    direct_gold = direct_hit = reported_gold = reported_hit = 0
    speech_gold = speech_hit = speech_reported_gold = speech_reported_hit = 0
    src_total = src_right = src_pronoun = 0
    for article in articles:
        gold = [a for a in article.attributions if content_words(a.content)]
        gold_words = [content_words(a.content) for a in gold]
        mine = system.get(article.name, [])
        pairs = greedy_match([m[0] for m in mine], gold_words)
        n_sys += len(mine)
        n_gold += len(gold)
        tp += len(pairs)
        hit_gold = {j for _, j in pairs}
        for j, attribution in enumerate(gold):
            if is_direct(attribution.content):
                direct_gold += 1
                direct_hit += j in hit_gold
            else:
                reported_gold += 1
                reported_hit += j in hit_gold
            if attribution.speech:
                speech_gold += 1
                speech_hit += j in hit_gold
                if not is_direct(attribution.content):
                    speech_reported_gold += 1
                    speech_reported_hit += j in hit_gold
            if j not in hit_gold and fail is not None:
                kind = "direct" if is_direct(attribution.content) else "reported"
                why = _why_missed(gold_words[j], attribution.content, mine)
                fail[f"missed {kind} (why)"][why] += 1
                fail[f"missed {kind} (by gold cue)"][attribution.cue.lower()[:40]] += 1
                if details is not None:
                    details.append(
                        {
                            "type": f"missed {kind}",
                            "why": why,
                            "article": article.name,
                            "cue": attribution.cue,
                            "source": attribution.source,
                            "content": attribution.content[:300],
                        }
                    )
        for i, j in pairs:
            source = gold[j].source
            if not content_words(source):
                src_pronoun += 1  # a pronoun (or empty) gold source names no one
                continue
            src_total += 1
            speaker = mine[i][1]
            if shares_name_token(speaker, source):
                src_right += 1
            elif fail is not None:
                fail["wrong speaker"][_speaker_failure(speaker, source, mine[i][2])] += 1
                if details is not None:
                    details.append(
                        {
                            "type": "wrong speaker",
                            "article": article.name,
                            "system": speaker,
                            "gold": source,
                            "content": gold[j].content[:200],
                        }
                    )
        if fail is not None:
            matched_sys = {i for i, _ in pairs}
            for i, item in enumerate(mine):
                if i not in matched_sys:
                    fail["extra statement (by system cue)"][str(item[2].get("cue") or "").lower()[:40]] += 1
    figures: dict[str, Any] = prf(tp, n_sys, n_gold)
    figures.update(
        {
            "gold": n_gold,
            "system": n_sys,
            "matched": tp,
            "recall_direct": direct_hit / direct_gold if direct_gold else 0.0,
            "recall_reported": reported_hit / reported_gold if reported_gold else 0.0,
            "gold_direct": direct_gold,
            "gold_reported": reported_gold,
            "recall_speech_cues": speech_hit / speech_gold if speech_gold else 0.0,
            "recall_speech_cues_reported": speech_reported_hit / speech_reported_gold if speech_reported_gold else 0.0,
            "gold_speech_cues": speech_gold,
            "source_accuracy": src_right / src_total if src_total else 0.0,
            "source_scored": src_total,
            "source_pronoun_gold_skipped": src_pronoun,
        }
    )
    return figures


def _squash(text: str) -> str:
    return " ".join(text.split())


def _why_missed(words: set[str], content: str, mine: list[tuple[set[str], str, dict[str, Any]]]) -> str:
    """Why a gold attribution was missed: a statement at its place covers >= 30 % of its words (the span
    boundaries differ), its words only recur in statements of other sentences, or nothing covers it.
    A statement is at the gold's place when its evidence holds the gold's opening words; statements
    without evidence (the naive baseline) are all taken to be."""
    probe = _squash(content)[:40]
    covering = [m for m in mine if len(m[0] & words) >= 0.3 * len(words)]
    if not covering:
        return "no statement covers it"
    if any("evidence" not in m[2] or probe in _squash(str(m[2]["evidence"])) for m in covering):
        return "partly inside a statement (span boundaries differ)"
    return "no statement covers it (its words recur in another sentence's statement)"


def _speaker_failure(speaker: str, source: str, statement: dict[str, Any]) -> str:
    """A coarse label for a wrong speaker, for the failure list."""
    words = speaker.split()
    if not content_words(speaker):
        return "pronoun or empty speaker"
    if _DATELINE.search(speaker):
        return "dateline or wire credit in speaker"
    if len(words) > 6:
        return "speaker span too long (> 6 words)"
    if statement.get("speaker_text") and not content_words(statement["speaker_text"]):
        return "pronoun resolved to another name"
    if not any(w[:1].isupper() for w in speaker.split()):
        return "speaker is a common noun (no name)"
    if not any(w[:1].isupper() for w in source.split()[1:]):
        return "gold source is a description ('the president'): maybe coreferent"
    return "another named speaker"


def cue_lemmas(cues: Counter[str]) -> Counter[str]:
    """Cue counts regrouped by the lemmas of their content-bearing words ("is expected" -> "expect")."""
    nlp = load_tagger(lemmas=True)
    out: Counter[str] = Counter()
    for doc, (cue, n) in zip(nlp.pipe(list(cues)), cues.items(), strict=True):
        lemmas = [t.lemma_.lower() for t in doc if t.pos_ in ("VERB", "NOUN", "ADJ", "ADP", "ADV", "PART", "PROPN")]
        out[" ".join(lemmas) or cue] += n
    return out


# Lemmas of cues that report speech or writing (PolNeAR also annotates beliefs,
# wishes and perceptions: "think", "want", "see"); a secondary recall uses only these.
SPEECH_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "add",
        "ask",
        "write",
        "state",
        "announce",
        "claim",
        "argue",
        "warn",
        "insist",
        "acknowledge",
        "suggest",
        "deny",
        "explain",
        "note",
        "report",
        "accord",
        "tweet",
        "call",
        "describe",
        "declare",
        "reply",
        "respond",
        "answer",
        "comment",
        "confirm",
        "admit",
        "predict",
        "promise",
        "vow",
        "pledge",
        "urge",
        "accuse",
        "criticize",
        "criticise",
        "praise",
        "assert",
        "contend",
        "maintain",
        "remark",
        "observe",
        "repeat",
        "recall",
        "quote",
        "cite",
        "testify",
        "conclude",
        "reject",
        "dismiss",
        "dispute",
        "question",
        "joke",
        "complain",
        "concede",
        "point",
        "mention",
        "emphasize",
        "stress",
        "tout",
        "boast",
        "reiterate",
        "propose",
        "recommend",
        "demand",
        "threaten",
        "chant",
        "shout",
        "read",
        "post",
        "blog",
        "statement",
        "speech",
        "interview",
    }
)


def mark_speech(articles: list[PolnearArticle]) -> None:
    """Flag gold attributions whose cue has a speech lemma (for the speech-cue recall)."""
    gold = [a for article in articles for a in article.attributions]
    nlp = load_tagger(lemmas=True)
    for attribution, doc in zip(gold, nlp.pipe([a.cue for a in gold], batch_size=512), strict=True):
        attribution.speech = any(t.lemma_.lower() in SPEECH_LEMMAS for t in doc)


def main() -> None:
    """Run the benchmark and print/write its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N train articles (sorted by name)")
    parser.add_argument(
        "--out", type=Path, default=OUT_DEFAULT / "polnear_attribution.json", help="numbers-only JSON results"
    )
    parser.add_argument(
        "--work", type=Path, default=OUT_DEFAULT / "polnear-attribution", help="work folder (store, JSONL, details)"
    )
    parser.add_argument("--chunk", type=int, default=40, help="articles per ingest call")
    parser.add_argument(
        "--reuse", action="store_true", help="score the store already in --work instead of ingesting again"
    )
    args = parser.parse_args()

    articles = load_polnear(args.limit)
    mark_speech(articles)
    console.print(
        f"{len(articles)} PolNeAR train articles, {sum(len(a.attributions) for a in articles)} gold attributions"
    )
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / "store.db"
    names_file = args.work / "names.json"
    bot = Briefbot(db)
    start = time.perf_counter()
    if args.reuse and db.exists() and names_file.exists():
        names, refused = load_names(names_file)
        if set(names.values()) != {a.name for a in articles}:
            raise SystemExit(f"{names_file}: that store holds other articles (another --limit?); run without --reuse")
    else:
        for path in args.work.glob("store.db*"):
            path.unlink()
        for path in args.work.glob("polnear-*.jsonl"):
            path.unlink()
        names, refused = ingest_all(bot, articles, args.work, args.chunk)
        save_names(names_file, names, refused)
    ingest_seconds = time.perf_counter() - start

    system: dict[str, list[tuple[set[str], str, dict[str, Any]]]] = defaultdict(list)
    for row in bot.statements():
        polnear = names.get(row["article"])
        if polnear is not None:
            system[polnear].append((content_words(row["text"] or ""), row["speaker"] or "", row))
    fail: dict[str, Counter[str]] = defaultdict(Counter)
    details: list[dict[str, Any]] = []
    ours = score(system, articles, fail, details)

    naive: dict[str, list[tuple[set[str], str, dict[str, Any]]]] = defaultdict(list)
    for article in articles:
        for st in naive_attributions(article.text):
            naive[article.name].append((content_words(st.content), st.speaker, {}))
    theirs = score(naive, articles)

    keys = [
        *RATE_KEYS,
        "gold_speech_cues",
        "gold",
        "gold_direct",
        "gold_reported",
        "system",
        "matched",
        "source_scored",
        "source_pronoun_gold_skipped",
    ]
    print_table(f"PolNeAR train attribution ({len(articles)} articles)", [(k, ours[k], theirs[k]) for k in keys])
    fail["missed reported (by gold cue lemma)"] = cue_lemmas(fail["missed reported (by gold cue)"])
    fail["missed direct (by gold cue lemma)"] = cue_lemmas(fail["missed direct (by gold cue)"])
    shown = [g for g in fail if "(by gold cue)" not in g]
    print_table(
        "failure kinds (briefbot)",
        [(f"{group}: {label or '(none)'}", n, None) for group in shown for label, n in fail[group].most_common(15)],
        ("kind", "count", ""),
    )
    write_json(
        args.out,
        {
            "articles": len(articles),
            "ingest_seconds": round(ingest_seconds, 1),
            "articles_refused_at_ingest": refused,
            "briefbot": ours,
            "baseline_reporting_verb": theirs,
        },
    )
    # Failure lists quote the corpus: they stay in the work folder, outside the repository.
    (args.work / "failures.json").write_text(
        json.dumps({k: v.most_common() for k, v in fail.items()}, indent=1, ensure_ascii=False)
    )
    (args.work / "details.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in details))


if __name__ == "__main__":
    main()
