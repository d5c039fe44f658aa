"""Stance: the status of a yes/no question about one proposition, judged over one article.

Retrieval finds the statements that match a question's words; it does not ask
whether the article *disputes* what the question says, or only *reports* that
someone else says it. Over an article scope (every statement of one article is
a candidate) this module decides three things:

- a denial, or a statement that calls something a hoax, fake, false or satire,
  addresses the question when its words (what was denied, the sentence it sits
  in) cover enough of the question; a denial of "the reports" or "the rumours"
  addresses it when its sentence does;
- when the question itself says the thing is a hoax or fake, or negates it
  ("did not", "denies"), a body that disputes it agrees with the question
  (polarity), so the answer is asserted; when the question only relays a
  claim ("… reportedly …", "… may …"), a dispute of the content leaves it unknown;
- a claim that is only relayed ("reportedly", "according to", "X reported /
  claimed that") asserts nothing the article stands behind: if every claim
  answering the question is relayed, the answer is unknown.

The word lists live in `bot/answers/lexicon.py` (`DEBUNK_PATTERNS`,
`HEDGE_PATTERNS`, `RELAY_CUES`, `QUESTION_NEGATIONS`, `QUESTION_HEDGES`); each
entry was kept only when it helped on a public corpus.

The rules' outcome is then one input of a small learned model
(`bot/answers/stance_model.py`) that also reads the article's own sentences
and has the last word (`model_stance`); a status only those sentences show is
displayed with the sentence, labelled unattributed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from bot.answers.lexicon import (
    DEBUNK_PATTERNS,
    HEDGE_PATTERNS,
    QUESTION_HEDGES,
    QUESTION_NEGATIONS,
    RELAY_CUES,
    REPORT_NOUNS,
    STATUS_ASSERTED,
    STATUS_CONTESTED,
    STATUS_DENIED,
    STATUS_UNKNOWN,
)
from bot.answers.question import Question, Term
from bot.answers.rendering import build_reply, unknown_answer
from bot.answers.scoring import Group, Scope, coverage
from bot.answers.stance_model import Evidence, RuleView, about, load_model
from bot.answers.stance_model import cue_flags as stance_cues
from bot.answers.stance_model import features as stance_features
from bot.reply import Reply, Section, render_text
from bot.store import Row, Store

# A disputing statement must cover this share of the question's weighted terms to address it: inside
# one article everything is about one story, so touching the question's content is enough (0.1
# beat 0.2 and 0.3 on FNC-1 train).
ADDRESS_SHARE = 0.1
# Claims covering this share answer the question (the hedge check looks at them only).
CLAIM_SHARE = 0.5


@lru_cache(maxsize=8)
def _pattern(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive regex for a tuple of lexicon patterns (None when empty)."""
    if not entries:
        return None
    return re.compile(r"\b(?:" + "|".join(entries) + r")\b", re.IGNORECASE)


def says_debunked(text: str, entries: Sequence[str] = DEBUNK_PATTERNS) -> bool:
    """Whether a text calls something a hoax, fake, false, satire (any `DEBUNK_PATTERNS` entry)."""
    pattern = _pattern(tuple(entries))
    return bool(pattern and text and pattern.search(text))


def is_hedged(row: Row, entries: Sequence[str] = HEDGE_PATTERNS, cues: Collection[str] = RELAY_CUES) -> bool:
    """Whether a claim is only relayed: 'reportedly', 'according to', 'X reported/claimed that'."""
    if (row.get("cue") or "").lower() in cues:
        return True
    pattern = _pattern(tuple(entries))
    sentence = " ".join(x for x in (row.get("text"), row.get("evidence")) if x)
    return bool(pattern and pattern.search(sentence))


def negates(question_text: str, entries: Sequence[str] = QUESTION_NEGATIONS) -> bool:
    """Whether a question negates or denies what it asks about ('… did not …', '… denies …')."""
    pattern = _pattern(tuple(entries))
    return bool(pattern and question_text and pattern.search(question_text))


def relays(question_text: str, entries: Sequence[str] = QUESTION_HEDGES) -> bool:
    """Whether a question asks about a report or a possibility ('… reportedly …', '… may …')."""
    pattern = _pattern(tuple(entries))
    return bool(pattern and question_text and pattern.search(question_text))


def _refers_to_reports(row: Row) -> bool:
    """A denial whose target is 'the reports', 'the rumours', 'the claim' rather than content."""
    target = (row.get("target_text") or row.get("text") or "").lower()
    words = re.findall(r"[a-z]+", target)
    return 0 < len(words) <= 6 and any(w in REPORT_NOUNS for w in words)


def addresses(row: Row, terms: list[Term]) -> bool:
    """Whether a disputing statement is about the question's proposition.

    Its own words and its sentence are compared with the question; a denial of
    "the reports"/"the rumours" stands for the reports' content, which its
    sentence carries, so the sentence alone may show the match.
    """
    share = coverage(row, terms)
    if share >= ADDRESS_SHARE:
        return True
    return row.get("kind") == "denial" and _refers_to_reports(row) and share >= ADDRESS_SHARE / 2


def disputes(row: Row) -> bool:
    """A denial, or a statement whose words call something a hoax, fake, false or satire."""
    if row.get("kind") == "denial":
        return True
    return says_debunked(" ".join(x for x in (row.get("text"), row.get("evidence")) if x))


def disputing(terms: list[Term], rows: list[Row]) -> list[Row]:
    """The statements of `rows` that dispute the question's proposition (see `disputes`, `addresses`)."""
    return [r for r in rows if disputes(r) and addresses(r, terms)] if terms else []


def article_stance(question_text: str, terms: list[Term], rows: list[Row], status: str) -> str:
    """The status of a yes/no question over one article's statements, given retrieval's `status`.

    A statement that disputes the question's proposition makes it contested
    (or denied, when no claim answers it); if the question itself calls the
    thing a hoax or fake, or negates it, that statement agrees with it
    (asserted); if the question only relays a claim, the answer stays unknown.
    Otherwise, an asserted status whose answering claims are all relayed
    becomes unknown.
    """
    if not terms or not rows:
        return status
    if disputing(terms, rows):
        if says_debunked(question_text) or negates(question_text):
            # The question says it is a hoax, or that it did not happen: the dispute agrees.
            return STATUS_ASSERTED
        if status in (STATUS_CONTESTED, STATUS_DENIED):
            return status
        if relays(question_text):
            # "X reportedly did Y": that it is reported stands; whether Y happened is not asked.
            return STATUS_UNKNOWN
        return STATUS_CONTESTED if status == STATUS_ASSERTED else STATUS_DENIED
    if status == STATUS_ASSERTED:
        answering = [r for r in rows if r.get("kind") != "denial" and coverage(r, terms) >= CLAIM_SHARE]
        if answering and all(is_hedged(r) for r in answering):
            return STATUS_UNKNOWN
    return status


# Statements of one article read for the stance check (a long article has a few hundred).
ARTICLE_ROWS = 400


def _article_text(store: Store, scope: Scope, rows: list[Row]) -> str:
    """The scoped article's text (by id or name; else the article of its statements), or ''."""
    article = scope.article
    stored: Row | None = None
    if isinstance(article, int) or str(article).isdigit():
        stored = store.article(int(str(article)))
    elif article is not None:
        found = store.article_by_name(str(article))
        stored = store.article(found["id"]) if found else None
    if stored is None and rows and rows[0].get("article_id") is not None:
        stored = store.article(int(rows[0]["article_id"]))
    return str((stored or {}).get("text") or "")


def model_features(
    question_text: str, terms: list[Term], rows: list[Row], article_text: str, status: str, rule_status: str
) -> tuple[dict[str, float], Evidence]:
    """The stance model's features for a question over one article (`bot.answers.stance_model.features`)."""
    rules = RuleView(
        question_negated=negates(question_text) or says_debunked(question_text),
        question_hedged=relays(question_text),
        disputed=bool(disputing(terms, rows)),
        hedged=is_hedged,
    )
    return stance_features(question_text, terms, rows, article_text, status, rule_status, rules)


def model_stance(
    question_text: str, terms: list[Term], rows: list[Row], article_text: str, status: str, rule_status: str
) -> tuple[str, str | None]:
    """The status the learned stance model gives, and the article sentence that best shows it.

    The model (`bot/answers/stance_model.py`) reads the article's own sentences
    as well as its statements; without a shipped model the rule-based status
    stands. A dispute keeps the rule's contested/denied when the rule found
    one, else it is contested when retrieval found claims, denied when not.
    An article that is not about the question (`about`) keeps the rule's status.
    When the rules found a claim and a denial that both answer the question
    (contested), the model's "only discusses it" keeps that status.
    """
    model = load_model()
    if model is None or not terms:
        return rule_status, None
    named, evidence = model_features(question_text, terms, rows, article_text, status, rule_status)
    if not about(named):
        # An article about something else: the model never learnt those; the rules decide.
        return rule_status, None
    label = model.predict(named)
    if label == "discuss" and rule_status == STATUS_CONTESTED:
        # The article holds a claim that answers the question and a denial of it: that is what
        # "contested" says, whether or not the article takes a side (FNC-1 calls most such
        # articles "discuss"; the cost on it is in docs/benchmarks.md).
        label = "disagree"
    if label == "discuss":
        return STATUS_UNKNOWN, None
    if label == "agree":
        new_status = STATUS_ASSERTED
    elif rule_status in (STATUS_CONTESTED, STATUS_DENIED):
        new_status = rule_status
    else:
        new_status = STATUS_CONTESTED if status == STATUS_ASSERTED else STATUS_DENIED
    near = [evidence.sentences[i] for i in evidence.near]
    if new_status != STATUS_ASSERTED:
        # The closest sentence that says so: a refuting cue first, else the closest one.
        near = [s for s in near if stance_cues(s)["refute"]] + near
    return new_status, near[0] if near else None


UNATTRIBUTED_HEADING = "Unattributed: the article's own words"


def _unattributed(reply: Reply, status: str, sentence: str) -> Reply:
    """`reply` with `status`, shown resting on one of the article's own sentences, labelled unattributed."""
    verb = "agrees" if status == STATUS_ASSERTED else "disputes this"
    reply.status = status
    reply.data["status"] = status
    reply.lead = f"{status.capitalize()}. The article {verb} in its own words, attributed to no one: “{sentence}”"
    reply.lead_facts = None  # nothing for a language model to rephrase: the sentence is shown as is
    reply.sections.insert(0, Section(heading=UNATTRIBUTED_HEADING, text=f"“{sentence}”"))
    reply.data["unattributed"] = [sentence]
    reply.data["answer"] = render_text(reply)
    return reply


def stance_checked(store: Store, parsed: Question, scope: Scope, reply: Reply) -> Reply:
    """`reply` with its status decided over one article, for a yes/no question scoped to it.

    The rule-based `article_stance` runs first; the learned model
    (`model_stance`) then decides from the statements and the article's own
    sentences. Other questions and scopes are returned unchanged: over many
    articles a disputing statement in one says nothing about the rest. A
    changed status is shown with the statements it rests on; when none shows
    it, with the article sentence that does, labelled unattributed.
    """
    if parsed.kind != "yesno" or scope.article is None or not parsed.terms or reply.is_error:
        return reply
    rows = store.answer_statements(limit=ARTICLE_ROWS, **scope.kwargs())
    retrieved = reply.status or STATUS_UNKNOWN
    rule_status = article_stance(parsed.text, parsed.terms, rows, retrieved)
    status, sentence = model_stance(
        parsed.text, parsed.terms, rows, _article_text(store, scope, rows), retrieved, rule_status
    )
    if status == reply.status:
        return reply
    found = disputing(parsed.terms, rows)
    if (
        reply.status == STATUS_UNKNOWN
        and found
        and (
            status in (STATUS_CONTESTED, STATUS_DENIED)
            or (status == STATUS_ASSERTED and (says_debunked(parsed.text) or negates(parsed.text)))
        )
    ):
        group = Group(("s", found[0]["id"]), 1.0)
        # The question calls the thing a hoax: the debunking statements are its claims.
        (group.claims if status == STATUS_ASSERTED else group.denials).extend(found)
        rebuilt = build_reply(parsed, [group], scope, store=store)
        if rebuilt.status == status:
            return rebuilt
    if status in (STATUS_CONTESTED, STATUS_DENIED) and found and reply.status != STATUS_UNKNOWN:
        # Rebuilt, so the lead and the evidence show the disputing statements the status rests on.
        claim_ids = {c["id"] for c in reply.data.get("claims", [])}
        group = Group(("s", found[0]["id"]), 1.0)
        group.claims.extend(r for r in rows if r["id"] in claim_ids and r["kind"] == "claim")
        group.denials.extend(r for r in found if r["id"] not in claim_ids)
        rebuilt = build_reply(parsed, [group], scope, store=store)
        if rebuilt.status == status:
            return rebuilt
    if status == STATUS_UNKNOWN:
        # Only relayed claims answer, or the article only discusses it: say what it holds without asserting it.
        return unknown_answer(store, parsed, scope)
    if sentence:
        base = reply if reply.status != STATUS_UNKNOWN else unknown_answer(store, parsed, scope)
        return _unattributed(base, status, sentence)
    reply.status = status
    reply.data["status"] = status
    return reply
