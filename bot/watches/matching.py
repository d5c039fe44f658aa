"""Which new statements a watch is about, with the same machinery questions use.

A speaker watch follows the speakers its words name (by name, alias, role or
place, as `claims <speaker>` finds them: `match_speakers`); a topic watch
follows statements covering its words (`build_terms` + `coverage`, with the
answers' relevance threshold and synonyms); a claim watch follows one
proposition, found when the watch is made (`answer_question`) or, when nothing
stored says it yet, the first proposition that covers its words.

Each match becomes one *alert candidate* per (watch, proposition, kind): the
same denial carried by four outlets, or said twice in one article, is one
alert. The proposition is the one the answers group statements by
(`proposition_key`); an unlinked statement falls back on its speaker and
words, so syndicated copies of it still count once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.answers.compose import answer_question
from bot.answers.lexicon import STATUS_UNKNOWN
from bot.answers.question import Term, build_terms, content_words, parse_question
from bot.answers.scoring import RELEVANCE_THRESHOLD, choose, coverage, proposition_key, rank_candidates
from bot.answers.speakers import match_speakers
from bot.answers.text import normalise
from bot.store import Row, Store
from bot.watches.settings import CLAIM, SPEAKER, TOPIC

NEW_DENIAL = "New denial"
NEW_CLAIM = "New claim"
CONFIRMED = "Confirmed"
NEWLY_REPORTED = "Newly reported"


def alert_key(row: Row) -> str:
    """The proposition a statement is about, as an alert key: 'p:12', or its speaker and words when unlinked."""
    kind, number = proposition_key(row)
    if kind == "p":
        return f"p:{number}"
    who = row.get("speaker_id") or normalise(row.get("speaker") or "")
    words = normalise(row.get("text") or "")
    return f"t:{who}:{hashlib.sha1(words.encode('utf-8')).hexdigest()[:16]}"


def claim_proposition(store: Store, words: str) -> int | None:
    """The stored proposition a claim watch's question or words are about, if the store has one."""
    reply = answer_question(store, words)
    if reply.is_error or reply.status == STATUS_UNKNOWN:
        return None
    for claim in reply.data.get("claims") or []:
        if claim.get("proposition") is not None:
            return int(claim["proposition"])
    for denial in reply.data.get("denials") or []:
        if denial.get("denies") is not None:
            return int(denial["denies"])
    return None


def claim_terms(store: Store, words: str) -> list[Term]:
    """The weighted terms of a claim watch's words, as a question's are built."""
    parsed = parse_question(words)
    topic = list(parsed.topic_words)
    if parsed.subject:
        topic = content_words(parsed.subject) + topic
    return build_terms(store, topic or content_words(words))


def speaker_watch_ids(store: Store, target: str) -> dict[int, float]:
    """The stored speakers a speaker watch names (re-read each check: new speakers appear with new articles)."""
    return match_speakers(store, target)


@dataclass
class Candidate:
    """One alert a check wants to make: a watch, a proposition and a kind, with the statements behind it."""

    watch: Row
    key: str
    kind: str  # the statements' kind: "claim" | "denial"
    label: str  # the lead's first words: "New denial", "Confirmed", …
    rows: list[Row] = field(default_factory=list)
    bind: int | None = None  # a claim watch's proposition, found by this check


def _group(watch: Row, rows: Iterable[Row], label_of: dict[str, str] | None = None) -> list[Candidate]:
    """One candidate per (proposition, kind) of the rows, in the order they were stored."""
    found: dict[tuple[str, str], Candidate] = {}
    for row in rows:
        kind = "denial" if row["kind"] == "denial" else "claim"
        key = alert_key(row)
        label = (label_of or {}).get(kind) or (NEW_DENIAL if kind == "denial" else NEW_CLAIM)
        found.setdefault((key, kind), Candidate(watch, key, kind, label)).rows.append(row)
    return list(found.values())


def match_watch(store: Store, watch: Row, rows: list[Row]) -> list[Candidate]:
    """The alert candidates one watch finds among new statement rows (already narrowed to its window)."""
    if not rows:
        return []
    kind, target = watch["kind"], watch["target"]
    if kind == SPEAKER:
        ids = speaker_watch_ids(store, target)
        return _group(watch, (r for r in rows if r.get("speaker_id") in ids))
    if kind == TOPIC:
        terms = build_terms(store, content_words(target))
        if not terms:
            return []
        return _group(watch, (r for r in rows if coverage(r, terms) >= RELEVANCE_THRESHOLD))
    if kind == CLAIM:
        return _match_claim(store, watch, rows)
    return []


def _match_claim(store: Store, watch: Row, rows: list[Row]) -> list[Candidate]:
    """New claims of, and denials against, the watched proposition; binds an unbound watch to its first report."""
    proposition = watch.get("proposition_id")
    bind = None
    labels = {"claim": CONFIRMED, "denial": NEW_DENIAL}
    if proposition is None:
        terms = claim_terms(store, watch["target"])
        if not terms:
            return []
        chosen = choose(rank_candidates([r for r in rows if r["kind"] != "denial"], terms))
        linked = [number for (kind, number), _ in sorted(chosen.items(), key=lambda kv: -kv[1]) if kind == "p"]
        if not linked:
            return []
        proposition = bind = linked[0]
        labels["claim"] = NEWLY_REPORTED
    key = f"p:{proposition}"
    candidates = _group(watch, (r for r in rows if alert_key(r) == key), labels)
    for candidate in candidates:
        candidate.bind = bind
    return candidates
