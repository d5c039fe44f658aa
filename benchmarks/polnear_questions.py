"""Question answering on PolNeAR train: questions built from gold attributions.

Question kinds, drawn with a fixed seed from attributions whose source names
someone (pronoun-only sources skipped):

- what:  "What did <source> say about <2-3 content keywords>?"
- did:   "Did <source> say <excerpt of the content>?"
- who:   "Who said <excerpt of the content>?"
- unknown_topic: a real source with keywords of an attribution in an article
  that never mentions them (checked against the whole corpus);
- unknown_name: an invented name with keywords of a real attribution.

Every question is asked against the whole store (`briefbot ask --json`). A hit
is one of the first --top (5) answer statements, in reply order (claims, then
denials), from the gold article whose content overlaps the gold
content (the attribution rule: >= 50 % of the smaller, >= 25 % of the larger
word set), and for "who" whose speaker shares a non-stopword token with the
gold source. Confidently wrong = a status other than unknown without a hit.
Unknown questions are right when answered "unknown". Baseline: BM25 over the
corpus sentences, top sentence, "unknown" below a score threshold (the one that
suits the baseline best on these questions, reported).

    PYTHONPATH=. python benchmarks/polnear_questions.py [--limit N] [--per-kind N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import (
    BM25,
    OUT_DEFAULT,
    STOPWORDS,
    Attribution,
    PolnearArticle,
    console,
    content_words,
    load_polnear,
    load_tagger,
    overlaps,
    print_table,
    progress,
    shares_name_token,
    split_sentences,
    tokens,
    write_json,
)
from harness import Briefbot, answer_statements, load_names, save_names
from polnear_attribution import ingest_all

ANSWERABLE = ("what", "did", "who")
UNANSWERABLE = ("unknown_topic", "unknown_name")
KINDS = ANSWERABLE + UNANSWERABLE
SEED = 20161108

# Invented people: first and last names checked absent from the corpus before use.
_FIRST = ["Ilona", "Tobiah", "Maren", "Oskari", "Delphine", "Rasmus", "Annika", "Teodor", "Liesel", "Caspian"]
_LAST = [
    "Vandersloot",
    "Haverkamp",
    "Szczepanik",
    "Lindqvist",
    "Abernethy",
    "Quennell",
    "Marchetti",
    "Okonjo",
    "Fairweather",
    "Brandvold",
]

_CAP = re.compile(r"[A-Z][\w.'’-]*")
_QUOTES = re.compile(r"[\"“”«»„]")


@dataclass
class Question:
    """One benchmark question with what a right answer must show."""

    kind: str
    text: str
    article: str = ""  # PolNeAR name of the gold article ("" for unanswerable)
    content: set[str] = field(default_factory=set)
    source: str = ""


def source_name(source: str) -> str:
    """The name in a gold source span: its longest run of capitalised words, stopwords trimmed."""
    best: list[str] = []
    run: list[str] = []
    for word in source.replace(",", " , ").split():
        if _CAP.fullmatch(word) and word.lower() not in ("he", "she", "they", "we", "i", "it"):
            run.append(word)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    while best and best[0].lower() in STOPWORDS:
        best = best[1:]
    name = " ".join(best).strip(" .,'’")
    return name if content_words(name) else ""


def excerpt(content: str, n: int = 12) -> str:
    """The first `n` words of the content, quote marks and a leading "that" removed."""
    words = _QUOTES.sub("", content).split()
    if words and words[0].lower() == "that":
        words = words[1:]
    words = words[:n]
    while len(words) > 3 and (words[-1].lower().strip(",.;:") in STOPWORDS or words[-1][-1] in ",;:"):
        words.pop()  # an excerpt ends on a word that carries meaning
    return " ".join(words).strip(" ,.;:—–-")


def build_questions(articles: list[PolnearArticle], per_kind: int, seed: int = SEED) -> list[Question]:
    """The question set, deterministic for a given corpus, size and seed."""
    rng = random.Random(seed)
    df: Counter[str] = Counter()
    article_words: dict[str, set[str]] = {}
    for article in articles:
        words = content_words(article.text)
        article_words[article.name] = words
        df.update(words)
    candidates: list[tuple[Attribution, str]] = []
    for article in articles:
        for attribution in article.attributions:
            name = source_name(attribution.source)
            n_words = len(content_words(attribution.content))
            if name and 6 <= n_words <= 60:
                candidates.append((attribution, name))
    rng.shuffle(candidates)

    tagger = load_tagger()

    def keywords(attribution: Attribution, name: str) -> list[str]:
        banned = content_words(name)
        nouns: list[str] = []
        for tok in tagger(_QUOTES.sub(" ", attribution.content)):
            word = tok.text.lower()
            # Nouns name a topic; a word in one article only is an oddity, not a topic.
            is_topic = (
                tok.pos_ in ("NOUN", "PROPN") and word in content_words(word) and word not in banned and df[word] > 1
            )
            if is_topic and not any(word[:5] == w[:5] for w in nouns):  # one form of a word
                nouns.append(word)
        rarest = set(sorted(nouns, key=lambda w: (df[w], w))[: rng.choice((2, 3))])
        return [w for w in nouns if w in rarest]  # in the content's own order

    out: list[Question] = []
    pools = {kind: candidates[i::3] for i, kind in enumerate(ANSWERABLE)}
    for kind, pool in pools.items():
        for attribution, name in pool[:per_kind]:
            content = content_words(attribution.content)
            if kind == "what":
                kw = keywords(attribution, name)
                text = f"What did {name} say about {' '.join(kw)}?"
            elif kind == "did":
                text = f"Did {name} say {excerpt(attribution.content)}?"
            else:
                text = f"Who said {excerpt(attribution.content)}?"
            out.append(Question(kind, text, attribution.article, content, attribution.source))

    # Unanswerable: a real name with a topic no article mentioning the name has.
    names = sorted({name for _, name in candidates})
    made = 0
    for attribution, _ in candidates[len(candidates) // 2 :]:
        if made >= per_kind:
            break
        name = rng.choice(names)
        kw = keywords(attribution, name)
        name_words = content_words(name)
        if len(kw) < 2 or any(name_words <= words and set(kw) <= words for words in article_words.values()):
            continue
        out.append(Question("unknown_topic", f"What did {name} say about {' '.join(kw)}?"))
        made += 1
    corpus_words = set(df)
    people = [
        f"{a} {b}" for a in _FIRST for b in _LAST if a.lower() not in corpus_words and b.lower() not in corpus_words
    ]
    rng.shuffle(people)
    for (attribution, _), person in zip(
        candidates[-per_kind:], people * (per_kind // max(1, len(people)) + 1), strict=False
    ):
        kw = keywords(attribution, person)
        text = (
            f"What did {person} say about {' '.join(kw)}?"
            if rng.random() < 0.5
            else f"Did {person} say {excerpt(attribution.content)}?"
        )
        out.append(Question("unknown_name", text))
    return out


def judge(question: Question, statements: list[dict[str, Any]], gold_name: str) -> bool:
    """True when some answer statement is from the gold article, overlaps its content (and names the source for who)."""
    for st in statements:
        if st.get("article") != gold_name:
            continue
        if not overlaps(content_words(st.get("text") or ""), question.content):
            continue
        if question.kind == "who" and not shares_name_token(st.get("speaker") or "", question.source):
            continue
        return True
    return False


def sentence_hit(q: Question, article: str, sentence: str) -> bool:
    """The baseline's hit: a sentence of the gold article overlapping the content (naming the source for who)."""
    words = content_words(sentence)
    if article != q.article or not overlaps(words, q.content):
        return False
    return q.kind != "who" or bool(words & content_words(q.source))


def failure_kind(q: Question, reply: dict[str, Any], gold_name: str, extracted: bool, top: int) -> str:
    """A coarse label of what went wrong with one answer."""
    status = reply.get("status")
    everything = answer_statements(reply)
    statements = everything[:top]
    if status == "error":
        return "error reply"
    if q.kind in UNANSWERABLE:
        return f"{q.kind} ({q.text.split()[0].lower()}-form): answered {status}"
    tail = "gold extracted" if extracted else "gold never extracted"
    if len(everything) > top and judge(q, everything, gold_name):
        size = "over 20" if len(everything) > 20 else f"{top + 1}-20"
        return f"{q.kind}: right statement below the first {top} (reply of {size} statements)"
    if status == "unknown":
        return f"{q.kind}: unknown ({tail})"
    if not statements:
        return f"{q.kind}: status {status} with no statement"
    from_gold = [st for st in statements if st.get("article") == gold_name]
    if q.kind == "who" and any(overlaps(content_words(st.get("text") or ""), q.content) for st in from_gold):
        return "who: right statement, wrong speaker"
    if from_gold:
        return f"{q.kind}: other statement of the gold article ({tail})"
    return f"{q.kind}: statement of another article ({tail})"


def main() -> None:
    """Build the questions, ask briefbot and BM25, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N train articles (sorted by name)")
    parser.add_argument("--per-kind", type=int, default=300, help="questions of each kind (five kinds)")
    parser.add_argument(
        "--out", type=Path, default=OUT_DEFAULT / "polnear_questions.json", help="numbers-only JSON results"
    )
    parser.add_argument(
        "--work", type=Path, default=OUT_DEFAULT / "polnear-questions", help="work folder (store, JSONL, details)"
    )
    parser.add_argument("--top", type=int, default=5, help="answer statements a hit may come from (reply order)")
    parser.add_argument(
        "--reuse",
        type=Path,
        default=None,
        help="a work folder of polnear_attribution.py whose store to ask (same --limit)",
    )
    args = parser.parse_args()

    articles = load_polnear(args.limit)
    questions = build_questions(articles, args.per_kind)
    console.print(
        f"{len(articles)} articles, {len(questions)} questions: "
        + ", ".join(f"{k} {sum(q.kind == k for q in questions)}" for k in KINDS)
    )
    work = args.reuse or args.work
    work.mkdir(parents=True, exist_ok=True)
    bot = Briefbot(work / "store.db")
    names_file = work / "names.json"
    start = time.perf_counter()
    if args.reuse and names_file.exists():
        names, refused = load_names(names_file)
        if set(names.values()) != {a.name for a in articles}:
            raise SystemExit(f"{names_file}: that store holds other articles (another --limit?); run without --reuse")
    else:
        for path in list(work.glob("store.db*")) + list(work.glob("polnear-*.jsonl")):
            path.unlink()
        names, refused = ingest_all(bot, articles, work, 40)
        save_names(names_file, names, refused)
    ingest_seconds = time.perf_counter() - start
    store_name = {v: k for k, v in names.items()}
    extracted: dict[str, list[set[str]]] = defaultdict(list)
    for row in bot.statements():
        extracted[row["article"]].append(content_words(row["text"] or ""))

    # BM25 baseline over every sentence of the corpus.
    sentences: list[tuple[str, str]] = [(a.name, s) for a in articles for _, s in split_sentences(a.text)]
    bm25 = BM25([[t for t in tokens(s) if t not in STOPWORDS] for _, s in sentences])

    rows: list[dict[str, Any]] = []
    fail: Counter[str] = Counter()
    details: list[dict[str, Any]] = []
    with progress() as bar:
        task = bar.add_task("ask", total=len(questions))
        for q in questions:
            reply = bot.ask(q.text)
            gold_name = store_name.get(q.article, "")
            statements = answer_statements(reply)
            status = str(reply.get("status"))
            hit = q.kind in ANSWERABLE and judge(q, statements[: args.top], gold_name)
            first_hit = q.kind in ANSWERABLE and judge(q, statements[:1], gold_name)
            any_hit = q.kind in ANSWERABLE and judge(q, statements, gold_name)
            ranked = bm25.top([t for t in tokens(q.text) if t not in STOPWORDS], args.top)
            b_score = ranked[0][0] if ranked else 0.0
            b_hits = [q.kind in ANSWERABLE and sentence_hit(q, *sentences[i]) for _, i in ranked]
            b_hit = bool(b_hits and b_hits[0])
            b_top_hit = any(b_hits)
            row = {
                "kind": q.kind,
                "status": status,
                "hit": hit,
                "first_hit": first_hit,
                "any_hit": any_hit,
                "n": len(statements),
                "bm25": b_score,
                "bm25_hit": b_hit,
                "bm25_top_hit": b_top_hit,
            }
            rows.append(row)
            right = hit if q.kind in ANSWERABLE else status == "unknown"
            if not right:
                was_extracted = any(overlaps(w, q.content) for w in extracted.get(gold_name, []))
                kind = failure_kind(q, reply, gold_name, was_extracted, args.top)
                fail[kind] += 1
                details.append(
                    {
                        "failure": kind,
                        "question": q.text,
                        "article": q.article,
                        "status": status,
                        "answer": [
                            (s.get("article"), s.get("speaker"), (s.get("text") or "")[:160]) for s in statements[:3]
                        ],
                    }
                )
            bar.advance(task)

    threshold = best_threshold(rows)
    ours, theirs = figures(rows, threshold)
    latencies = sorted(bot.ask_seconds)
    p50 = statistics.median(latencies) if latencies else 0.0
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    table = [(k, ours[k], theirs.get(k)) for k in ours]
    table += [
        ("bm25 unknown threshold", None, threshold),
        ("ask p50 ms (CLI in-process)", p50 * 1000, None),
        ("ask p95 ms (CLI in-process)", p95 * 1000, None),
    ]
    print_table(f"PolNeAR train questions ({len(articles)} articles, {len(questions)} questions)", table)
    print_table("failure kinds (briefbot)", [(k, n, None) for k, n in fail.most_common()], ("kind", "count", ""))
    write_json(
        args.out,
        {
            "articles": len(articles),
            "questions": len(questions),
            "seed": SEED,
            "top": args.top,
            "ingest_seconds": round(ingest_seconds, 1),
            "articles_refused_at_ingest": refused,
            "ask_p50_ms": round(p50 * 1000, 1),
            "ask_p95_ms": round(p95 * 1000, 1),
            "briefbot": ours,
            "baseline_bm25": theirs,
            "baseline_bm25_threshold": threshold,
        },
    )
    (work / "question_failures.json").write_text(json.dumps(fail.most_common(), indent=1))
    (work / "question_details.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in details))


def best_threshold(rows: list[dict[str, Any]]) -> float:
    """The BM25 score under which the baseline says unknown: the one that scores it best here."""
    scores = sorted({round(r["bm25"], 2) for r in rows} | {0.0})
    best, best_right = 0.0, -1
    for t in scores:
        right = sum((r["bm25_hit"] and r["bm25"] >= t) if r["kind"] in ANSWERABLE else r["bm25"] < t for r in rows)
        if right > best_right:
            best, best_right = t, right
    return best


def figures(rows: list[dict[str, Any]], threshold: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """Hit, confidently-wrong and unknown rates, overall and per kind, for briefbot and BM25."""
    ours: dict[str, Any] = {}
    theirs: dict[str, Any] = {}
    answerable = [r for r in rows if r["kind"] in ANSWERABLE]
    unanswerable = [r for r in rows if r["kind"] in UNANSWERABLE]

    def rate(items: list[dict[str, Any]], test: Any) -> float:
        return sum(1 for r in items if test(r)) / len(items) if items else 0.0

    def b_says(r: dict[str, Any]) -> bool:
        return bool(r["bm25"] >= threshold and r["bm25"] > 0)

    ours["hit (answerable)"] = rate(answerable, lambda r: r["hit"])
    theirs["hit (answerable)"] = rate(answerable, lambda r: r["bm25_hit"] and b_says(r))
    ours["hit, first statement / top sentence"] = rate(answerable, lambda r: r["first_hit"])
    theirs["hit, first statement / top sentence"] = theirs["hit (answerable)"]
    ours["hit, first 5 statements / top 5 sentences"] = ours["hit (answerable)"]
    theirs["hit, first 5 statements / top 5 sentences"] = rate(answerable, lambda r: r["bm25_top_hit"] and b_says(r))
    ours["hit any statement, however many (answerable)"] = rate(answerable, lambda r: r["any_hit"])
    ours["answers with > 20 statements (all)"] = rate(rows, lambda r: r["n"] > 20)
    ours["confidently wrong (all)"] = rate(rows, lambda r: _wrong(r))
    theirs["confidently wrong (all)"] = rate(rows, lambda r: b_says(r) and not r["bm25_hit"])
    ours["unknown answered unknown"] = rate(unanswerable, lambda r: r["status"] == "unknown")
    theirs["unknown answered unknown"] = rate(unanswerable, lambda r: not b_says(r))
    for kind in KINDS:
        items = [r for r in rows if r["kind"] == kind]
        if kind in ANSWERABLE:
            ours[f"{kind}: hit"] = rate(items, lambda r: r["hit"])
            theirs[f"{kind}: hit"] = rate(items, lambda r: r["bm25_hit"] and b_says(r))
            ours[f"{kind}: answered unknown"] = rate(items, lambda r: r["status"] == "unknown")
            theirs[f"{kind}: answered unknown"] = rate(items, lambda r: not b_says(r))
        else:
            ours[f"{kind}: answered unknown"] = rate(items, lambda r: r["status"] == "unknown")
            theirs[f"{kind}: answered unknown"] = rate(items, lambda r: not b_says(r))
        ours[f"{kind}: confidently wrong"] = rate(items, lambda r: _wrong(r))
        theirs[f"{kind}: confidently wrong"] = rate(items, lambda r: b_says(r) and not r["bm25_hit"])
    ours["mean statements per answer"] = statistics.mean(r["n"] for r in rows) if rows else 0.0
    ours["error replies"] = sum(r["status"] == "error" for r in rows)
    return ours, theirs


def _wrong(r: dict[str, Any]) -> bool:
    """A status was given (not unknown, not an error) and no answer statement was right."""
    return r["status"] not in ("unknown", "error") and not r["hit"]


if __name__ == "__main__":
    main()
