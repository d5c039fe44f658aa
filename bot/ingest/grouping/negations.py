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
    when the negated statement denies what the claim asserts and they share two concepts, else None.

    A statement of several sentences ("There was no X. I met him once, …") is also tried sentence by
    sentence (`_negated_parts`): the sentence that negates is the answer, the others add words of
    their own that are not what it denies."""
    # The claim's own words are read too: "none of its militants", "has yet to be verified" carry
    # no negated concept and still agree with a negation.
    if claim.negated or _negating(claim.text):
        return None
    whole = _part_fit(negated.text, negated.concepts, negated.negated, negated.entities, claim)
    if not SENTENCE_PARTS or (whole is not None and _strict_fit(*whole)):
        return whole
    parts = [
        _part_fit(text, concepts, denied, negated.entities, claim) for text, concepts, denied in _negated_parts(negated)
    ]
    fits = [fit for fit in parts if fit is not None]
    # A sentence that fits strictly first; else the whole statement's fit, for the loose rule.
    return next((fit for fit in fits if _strict_fit(*fit)), whole or next(iter(fits), None))


def _part_fit(
    text: str, concepts: frozenset[str], negated: frozenset[str], entities: frozenset[str], claim: Item
) -> tuple[set[str], set[str], frozenset[str]] | None:
    """`_negation_fit`'s word tests for one negated text (a whole statement or one of its sentences)."""
    if not negated or _GERUND_NEGATION.search(text):
        return None  # "blamed parents for not educating their children": a reproach, not a flat denial
    names = entities | claim.entities | _capitalised(text)
    # Negated surface words that are concepts of the statement ("took" of "never took place" is not).
    denied = {c for c in negated if _holds(c, concepts)} - names
    asserted = claim.concepts
    if not denied or denied & _UNSURE or not all(_holds(c, asserted) for c in denied):
        return None
    shared = {c for c in concepts if _holds(c, asserted)}
    if len(shared) < 2:
        return None
    extra = {c for c in concepts - names if not _holds(c, asserted)}
    return shared, extra, names


# Try a negated statement of several sentences sentence by sentence; switchable so the figure with
# and without it can be measured (docs/benchmarks.md).
SENTENCE_PARTS = True
# Where one sentence of a statement ends and the next begins.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'‘“]?[A-Z])")
# A negative subject ("No pilot was ordered to fly", "Nobody ordered anybody", "not one break-in has
# been reported"): what is denied is the predicate's verb, the subject only says of whom.
_NEGATIVE_SUBJECT = re.compile(
    r"^(?:[\"'‘“]?\s*)(?:(?:no|not\s+one|not\s+a\s+single)\s+(?:[a-z-]+\s+){1,2}?|(?:nobody|no\s+one|no-one|nothing|none)\s+)"
    r"(?:(?:has|have|had|was|were|is|are|ever|been|yet|since|actually)\s+)*([a-z]+)\b",
    re.IGNORECASE,
)
# A sentence that flatly denies an event: a negative subject, "there is no", "has no", "never".
_FLAT_SENTENCE = re.compile(
    r"^(?:[\"'‘“]?\s*)(?:no|nobody|no\s+one|no-one|nothing|none|not\s+one|not\s+a\s+single)\b"
    r"|\bthere\s+(?:is|was|were|are|has\s+been|have\s+been|had\s+been)\s+no\b|\b(?:has|have|had)\s+no\b|\bnever\b",
    re.IGNORECASE,
)
# A negation qualified by a condition or exception denies less than the act itself.
_QUALIFIED = re.compile(r"\b(?:without|unless|until|except|other\s+than|before)\b", re.IGNORECASE)
_CONTENT_WORD = re.compile(r"[A-Za-z][\w-]*")


def _in_text(concept: str, words: frozenset[str]) -> bool:
    """Whether a concept of a statement comes from one of these lowercased words (a shared start)."""
    return concept in words or any(w[:4] == concept[:4] and _same_word(concept, w) for w in words if len(w) >= 4)


def _negated_parts(negated: Item) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """The sentences of a statement that negate, each with its own concepts and negated concepts: a
    sentence opening on a negative subject denies its verb (`_NEGATIVE_SUBJECT`)."""
    return list(_sentence_parts(negated.text, negated.concepts, negated.negated, NEGATIVE_SUBJECTS))


@functools.lru_cache(maxsize=8192)  # a stored negated claim is tried against claim after claim
def _sentence_parts(
    text: str, statement_concepts: frozenset[str], statement_negated: frozenset[str], negative_subjects: bool
) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """`_negated_parts` of a statement's text, concepts and negated concepts, with the switch passed in."""
    count, flat = _flat_sentences(text)
    parts = []
    for sentence, words, subject in flat:
        concepts = frozenset(c for c in statement_concepts if _in_text(c, words))
        denied = frozenset(c for c in statement_negated if _in_text(c, words))
        # "No patient was removed without being contacted" denies only the unqualified act.
        verb_word = subject if negative_subjects else None
        verb = frozenset(c for c in concepts if verb_word is not None and _in_text(c, frozenset({verb_word})))
        if verb:
            denied = verb
        elif count < 2:
            continue  # the whole statement was tried as it is
        parts.append((sentence, concepts, denied))
    return tuple(parts)


@functools.lru_cache(maxsize=8192)  # the same stored statements are compared article after article
def _flat_sentences(text: str) -> tuple[int, tuple[tuple[str, frozenset[str], str | None], ...]]:
    """A statement's sentence count and, for each sentence whose first clause flatly denies an event,
    that clause, its lowercased words, and the verb of its negative subject (None when it has none or
    the negation is qualified): the text-only part of `_negated_parts`."""
    sentences = _SENTENCE_END.split(text)
    flat = []
    for whole in sentences:
        # The sentence's first clause: "No pilot was ordered to fly, and any crew member can …" denies
        # in its first clause; the second says something of its own.
        sentence = _FIRST_CLAUSE_END.split(whole, maxsplit=1)[0]
        # Only a flat denial of an event: a plain "not" in a sentence of a longer statement is as
        # often a remark of its own ("… is not unusual. Two of them had not had …").
        if not _FLAT_SENTENCE.search(sentence):
            continue
        words = frozenset(w.lower() for w in _CONTENT_WORD.findall(sentence))
        subject = None if _QUALIFIED.search(sentence) else _NEGATIVE_SUBJECT.match(sentence)
        flat.append((sentence, words, subject.group(1).lower() if subject is not None else None))
    return len(sentences), tuple(flat)


# A negative subject denies its verb (`_NEGATIVE_SUBJECT`); switchable for measuring.
NEGATIVE_SUBJECTS = True


def may_deny(item: Item) -> bool:
    """Whether a claim's words could make it a denial of another's claim: it negates a concept, opens a
    sentence on a negative subject, or corrects a figure."""
    return bool(item.negated) or negative_subject(item.text) or corrected_figure(item) is not None


def negative_subject(text: str) -> bool:
    """Whether a statement opens a sentence on a negative subject ("Nobody ordered anybody")."""
    return NEGATIVE_SUBJECTS and _opens_negative_subject(text)


@functools.lru_cache(maxsize=8192)  # grouping asks it of the same stored claims article after article
def _opens_negative_subject(text: str) -> bool:
    """Whether a sentence of a text opens on a negative subject (`_NEGATIVE_SUBJECT`)."""
    return any(_NEGATIVE_SUBJECT.match(s) for s in _SENTENCE_END.split(text))


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
    if corrects_figure_of(negated, claim):
        return True
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


# "16 per cent, not sixty", "several hundred fish, not 4,000", "by about 180, not 240": a figure
# corrected by another; switchable so the figure with and without it can be measured.
FIGURE_CORRECTIONS = True
# Exact figures only: "not one" is mostly a pronoun ("not one the university runs"), "not thousands"
# a magnitude that any large figure of the story holds.
_NUMBER = (
    r"\d[\d,.]*\d|\d|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety"
)
_CORRECTED_FIGURE = re.compile(
    rf"[\w%]+\s*,?\s+(?:and\s+|but\s+)?not\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?({_NUMBER})\b",
    re.IGNORECASE,
)
# A correction of one's own earlier figure is a concession, not a denial ("We made an error … the
# correct figure is 2,000, not 20,000").
_OWN_ERROR = re.compile(r"\b(?:error|mistake|wrong|correct(?:ed|ion)?|misstated|typo)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)  # asked of the same stored claims article after article
def _figures(text: str) -> frozenset[str]:
    """The figures written in a text, lowercased, thousands separators dropped."""
    return frozenset(w.lower().replace(",", "") for w in re.findall(rf"\b(?:{_NUMBER})\b", text, re.IGNORECASE))


def corrected_figure(statement: Item) -> str | None:
    """The figure a statement says is not so ("16 per cent, not sixty" → "sixty"), or None: the
    correcting figure comes before "not", and an admitted error is no correction of another party."""
    return _corrected_figure_in(statement.text) if FIGURE_CORRECTIONS else None


@functools.lru_cache(maxsize=8192)  # grouping asks it of the same stored claims article after article
def _corrected_figure_in(text: str) -> str | None:
    """`corrected_figure` of a text, with the switch left to the caller."""
    if _OWN_ERROR.search(text):
        return None
    match = _CORRECTED_FIGURE.search(text)
    return match.group(1).lower().replace(",", "") if match is not None else None


def corrects_figure_of(statement: Item, claim: Item) -> bool:
    """Whether a statement corrects a figure another statement asserts: the figure it says is not so
    is written in the claim, the claim negates nothing, and the two share a content concept beyond
    names ("profit", "fish", "job"), so it is the same quantity."""
    figure = corrected_figure(statement)
    if figure is None or figure not in _figures(claim.text) or claim.negated or _negating(claim.text):
        return False
    names = statement.entities | claim.entities | _capitalised(statement.text)
    return any(_holds(c, claim.concepts) for c in statement.concepts - names if not c[0].isdigit())


def corrected_figure_claims(statement: Item, claims: list[Item]) -> list[Item]:
    """The claims among `claims` whose figure `statement` corrects (`corrects_figure_of`)."""
    return [c for c in claims if corrects_figure_of(statement, c)]
