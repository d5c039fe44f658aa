"""Negated statements that answer a claim: word forms, negation scope, the accused party's flat denials."""

from __future__ import annotations

import functools
import os
import re

from bot.ingest.grouping.sides import _party_of, unpossessive
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
)
from bot.nlp.signatures import (
    Item,
)


def _same_word(a: str, b: str) -> bool:
    """Two concepts of one word ("married"/"marry"): equal, or a shared start of four letters
    covering most of the shorter one."""
    if a == b:
        return True
    n = len(os.path.commonprefix([a, b]))
    return n >= 4 and n >= 0.7 * min(len(a), len(b))


def _holds(concept: str, concepts: frozenset[str]) -> bool:
    """Whether `concepts` holds `concept` as a word form of it (`_same_word`)."""
    if concept in concepts:
        return True
    # Grouping asks this of every concept pair of many statements; a word form shares the first four letters.
    start = concept[:4]
    return len(start) == 4 and any(c[:4] == start and _same_word(concept, c) for c in concepts)


@functools.lru_cache(maxsize=8192)  # the same stored statements are compared article after article
def _capitalised(text: str) -> frozenset[str]:
    """Lowercased words written with a capital inside a text, or first when a capitalised word
    follows ("Actor Tobias Fenwright"): names and titles, which say whom, not what."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    return frozenset(
        w.lower() for i, w in enumerate(words) if w[0].isupper() and (i > 0 or len(words) > 1 and words[1][0].isupper())
    )


# Negating words of a claim's text (the signature's negated concepts miss "none of", "yet to be").
_NEGATING = re.compile(r"\b(?:not|never|no|nothing|nobody|none|neither|nor|without|yet to)\b|n[’']t\b", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)  # asked of the same stored claims article after article
def _negating(text: str) -> bool:
    """Whether a text holds a negating word (`_NEGATING`)."""
    return _NEGATING.search(text) is not None


# A negation inside a prepositional phrase ("for not educating", "by never paying") negates no clause.
_GERUND_NEGATION = re.compile(r"\b(?:for|by|of|about|from|in|at)\s+(?:not|never)\b", re.IGNORECASE)
# "Cannot confirm", "could not verify": not knowing is no denial (FNC-1 train: 5 of 30 turned
# claims were these, each against a claim that had not been confirmed).
_UNSURE = frozenset("confirm confirmation verify verification know comment".split())


def _claim_cue(cue: str) -> bool:
    """Whether a statement is given as a claim ("the opposition's claim that the list has not
    fallen", "claimed that …", "accused"): a reported counter-claim stays a claim, whatever it negates."""
    word = (re.findall(r"[a-z]+", cue.lower()) or [""])[0]
    return word.startswith(("claim", "alleg", "accus")) or word.rstrip("s") in ALLEGATION_NOUNS


# Flat negations by the party a claim is about answer it (`_accused_fit`); switchable so the figure
# with and without it can be measured (docs/benchmarks.md).
ACCUSED_ANSWERS = True
# Where a statement's first clause ends: a sentence, a second that-clause or a second predicate
# ("are secondary and do not address …") is a point of its own.
_FIRST_CLAUSE_END = re.compile(r"[.;:]\s|,?\s+(?:and|but)\s")


# A first clause about someone else ("he'd never hear again" in a company's words): not the party's
# own answer (FNC-1 train, first 400 related pairs: the one such flip turned an agreeing body into a
# dispute).
_THIRD_PERSON_SUBJECT = re.compile(r"\s*(?:that\s+)?(?:he|she|they|his|her|their)\b", re.IGNORECASE)


def _accused_fit(negated: Item, claim: Item, voices: tuple[str, ...]) -> bool:
    """Whether a flat negation answers a claim about the party it speaks for: the claim names that
    party ("Ambray Terminals was preparing to cut 300 jobs" / Ambray Terminals: "no jobs are at
    risk"); the negation sits in the negated statement's first clause ("the figure is 41,000, and
    that they were members, not holders" concedes first); a negated concept of it is one the claim
    asserts; and the claim negates nothing itself. Paraphrase is left to the other words: the
    accused side answers in its own terms, so no share of words is asked beyond that concept."""
    if claim.negated or _negating(claim.text) or _GERUND_NEGATION.search(negated.text):
        return False
    first = _FIRST_CLAUSE_END.split(negated.text, maxsplit=1)[0]
    if not _negating(first) or _loose_excluded(first) or _THIRD_PERSON_SUBJECT.match(first):
        return False
    party = _party_of(voices)
    claim_names = {e.lower() for e in claim.entities} | {unpossessive(w) for w in _capitalised(claim.text)}
    if not party & claim_names:
        return False
    names = negated.entities | claim.entities | _capitalised(negated.text)
    denied = {c for c in negated.negated if _holds(c, negated.concepts)} - names
    return bool(denied) and not denied & _UNSURE and any(_holds(c, claim.concepts) for c in denied)


def negation_answers(negated: Item, claim: Item, *, loose: bool = False) -> bool:
    """Whether a negated statement says what a claim says with the polarity flipped ("Actor X is not
    married" / "X has secretly married a model"), so it is a denial of that claim, not a claim.

    What is negated must be what the claim asserts (a claim that negates anything itself is not
    taken: two negations agree, or the scope is unclear); the two share two concepts at least (names
    count: they say whom it is about); and the negated statement adds at most one content concept
    the claim lacks, and fewer than it shares: "the council did not consult residents on the plan"
    against a claim about something else adds what it says, and stays a claim. With `loose`, the
    negated statement may add more (its fit is then checked by score, `NEGATION_LOOSE_SCORE`):
    "the mayor had followed the advice of the safety group and that no objections had been raised"
    answers "the mayor had overruled police objections". A partial negation ("not always filled
    in", "not all") concedes part of the claim and answers nothing.
    """
    fit = _negation_fit(negated, claim)
    if fit is None:
        return False
    if loose:
        return not _loose_excluded(negated.text)
    return _strict_fit(*fit)


def _negation_fit(negated: Item, claim: Item) -> tuple[set[str], set[str], frozenset[str]] | None:
    """The tests the strict and the loose rule of `negation_answers` share: (shared, extra, names)
    when the negated statement denies what the claim asserts and they share two concepts, else None."""
    # The claim's own words are read too: "none of its militants", "has yet to be verified" carry
    # no negated concept and still agree with a negation.
    if claim.negated or not negated.negated or _negating(claim.text):
        return None
    if _GERUND_NEGATION.search(negated.text):
        return None  # "blamed parents for not educating their children": a reproach, not a flat denial
    names = negated.entities | claim.entities | _capitalised(negated.text)
    # Negated surface words that are concepts of the statement ("took" of "never took place" is not).
    denied = {c for c in negated.negated if _holds(c, negated.concepts)} - names
    asserted = claim.concepts
    if not denied or denied & _UNSURE or not all(_holds(c, asserted) for c in denied):
        return None
    shared = {c for c in negated.concepts if _holds(c, asserted)}
    if len(shared) < 2:
        return None
    extra = {c for c in negated.concepts - names if not _holds(c, asserted)}
    return shared, extra, names


def _strict_fit(shared: set[str], extra: set[str], names: frozenset[str]) -> bool:
    """The strict rule: the negated statement adds at most one concept, and fewer than it shares."""
    return len(extra) <= 1 and len(extra) < len(shared - names)


def _loose_excluded(text: str) -> bool:
    """Negations the loose rule never takes: partial, modal or in a relative clause."""
    return bool(_PARTIAL_NEGATION.search(text) or _MODAL_NEGATION.search(text) or _relative_negation(text))


# A negation of part of what is claimed ("not always", "not all", "not every", "not fully").
_PARTIAL_NEGATION = re.compile(
    r"\b(?:not|never)\s+(?:always|all|every|entirely|fully|quite|only|just)\b", re.IGNORECASE
)


def _may_answer(negated: Item, claim: Item) -> bool:
    """The cheap word test before reading another article's story: the strict or the loose rule
    (`negation_answers` with and without `loose`, their shared tests done once)."""
    fit = _negation_fit(negated, claim)
    return fit is not None and (_strict_fit(*fit) or not _loose_excluded(negated.text))


# A negated modal or infinitive ("would not surprise me", "will never agree", "ordered them not to"):
# a prediction, refusal or order, not a claim called false (FNC-1 train, first 1,500 related pairs:
# 15 of the 31 negations the loose rule turned into denials were of this kind, none answering a claim).
_MODAL_NEGATION = re.compile(
    r"\b(?:would|could|should|will|shall|may|might|must|can)\s+(?:not|never)\b"
    r"|\b(?:won|wouldn|couldn|shouldn|can|mustn)['’]t\b|\bcannot\b|\bnot\s+to\b|\bno\s+chance\b",
    re.IGNORECASE,
)
# A negation inside a relative clause ("grants that we can't spend on roads", "a plan which
# never passed"): it says something about a noun, not that the claim is false.
_RELATIVE_NEGATION = re.compile(
    r"(\w+)[\s,]+(?:that|which|who)\s+(?:[\w'’]+\s+){0,2}?(?:not|never|no|cannot|can't|can’t|\w+n['’]t)\b",
    re.IGNORECASE,
)
# Words before "that" which make it a conjunction opening a second thing said ("… and that no objection").
_CONJUNCTION_BEFORE = frozenset("and but said says say insisted added argued".split())


def _relative_negation(text: str) -> bool:
    """Whether a statement's negation sits in a relative clause on a noun ("grants that we can't spend")."""
    return any(m.group(1).lower() not in _CONJUNCTION_BEFORE for m in _RELATIVE_NEGATION.finditer(text))


# A negated statement adding words of its own to what a claim asserts answers it only when the two fit
# this well by `denial_score` (news3/news4: the two such answers fit at .69 and .89; a negation
# sharing the claim's words but saying something else fit at .48).
NEGATION_LOOSE_SCORE = 0.6
