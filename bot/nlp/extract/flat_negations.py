"""Flat negations: a content that negates a fact ("There was no meeting", "I never paid anyone"),
in a headline or the body, and which earlier claim it contradicts."""

from __future__ import annotations

import re

from bot.models import CLAIM, Statement
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import is_negated
from bot.nlp.extract.denial_parse import carries_negation, content_tokens, first_clause_tokens, same_stem
from bot.nlp.extract.denial_words import (
    LIGHT_VERBS,
    MODALS,
    NEGATION_FORMS,
    NEGATIVE_OPENERS,
    NEGATIVE_PRONOUNS,
    NEGATORS,
    OBJECT_PRONOUNS,
)
from bot.nlp.extract.structures import Candidate
from bot.nlp.lexicon import DENIAL_VERBS


def _negated_key(ctx: Context, cand: Candidate) -> tuple[str, bool, bool] | None:
    """For a content that negates a fact ("had not signed off", "there is no pause", "has never taken"):
    the lemma it negates, whether it is existential and whether it is a "never" with a full verb.
    None for anything else, pledges included."""
    tokens = content_tokens(ctx, cand)
    if not tokens:
        return None
    clause = first_clause_tokens(ctx, tokens)
    ids = {t.i for t in clause}
    heads = ctx.head  # head indices from the context's array: `t.head` would make a Token per word
    roots = [t for t in clause if (heads[t.i] not in ids or heads[t.i] == t.i) and ctx.pos[t.i] in ("VERB", "AUX")]
    if not roots:
        return None
    root = roots[0]
    children = [c for c in root.children if c.i in ids]
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in children):
        return None  # "would not raise taxes" promises; it denies nothing
    existential = any(c.dep_ == "expl" for c in children)
    denied_noun = next(
        (
            c
            for c in children
            if c.dep_ in ("attr", "dobj", "nsubj") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        ),
        None,
    )
    if denied_noun is not None:
        return denied_noun.lemma_.lower(), existential, False
    never = any(c.lower_ == "never" for c in children)
    # "Nobody hid anything", "nothing was signed": a negative pronoun as subject negates the verb. As
    # object it complains of inaction more often than it denies ("they told us nothing").
    nobody = NEGATION_FORMS["asserted_above"] and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in NEGATIVE_PRONOUNS for c in children
    )
    if not (is_negated(root) or never or nobody):
        return None
    key = root.lemma_.lower()
    if key in LIGHT_VERBS:
        predicate = next((c for c in children if c.dep_ in ("acomp", "attr", "dobj")), None)
        if predicate is None and key == "be":
            # "we are not in talks with X": the state a preposition names is what is negated.
            prep = next((c for c in children if c.dep_ == "prep"), None)
            predicate = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if predicate is None:
            return None
        return predicate.lemma_.lower(), False, False
    return key, False, never


def contradicted_claim(
    ctx: Context, cand: Candidate, claim: Statement, earlier: list[Statement]
) -> tuple[bool, int | None]:
    """Whether a negated claim denies something said before, and which earlier claim if one."""
    negation = _negated_key(ctx, cand)
    if negation is None:
        return False, None
    key, existential, never = negation
    mine = set(claim.lemmas)
    names = {w.lower() for e in claim.entities for w in e.split()}
    # A flat denial of an event ("never received any", "made no donations"), not any negation.
    flat = never or existential or bool({"any", "no"} & set(re.findall(r"[a-z]+", claim.text.lower())))
    for j in range(len(earlier) - 1, -1, -1):
        other = earlier[j]
        if other.kind != CLAIM or other.speaker == claim.speaker:
            continue
        theirs = set(other.lemmas)
        shared = (theirs & mine) - {key}
        # "is not married" answers "has secretly married": the lemmatizer keeps the adjective apart.
        negated_there = any(same_stem(key, lemma) for lemma in theirs)
        if negated_there and (shared or existential):
            return True, j
        # "never received any ransom demand" answers "demanded a ransom": what is negated is what
        # the other speaker asserted, in two content words at least (names aside).
        if (
            flat
            and len(((theirs & mine) | ({key} if negated_there else set())) - names) >= 2
            and not carries_negation(other)
        ):
            return True, j
    answered = _answers_previous(ctx, cand, claim, earlier)
    if answered is not None:
        return True, answered
    if not never:
        # only a flat denial of an event ("there was no X", "nobody did Y", "made no Z"); a plain "not"
        # is mostly opinion ("I don't think it matters", "I'm not a born leader")
        flat = flat or bool(NEGATIVE_PRONOUNS & set(re.findall(r"[a-z-]+", claim.text.lower())))
        if NEGATION_FORMS["asserted_above"] and flat and _asserted_above(ctx, cand, claim, key, earlier):
            # the claim of another party that asserted the negated word; with none, no denial (an
            # unlinked one would be a guess at what it answers)
            holder = next(
                (
                    j
                    for j in range(len(earlier) - 1, -1, -1)
                    if earlier[j].kind == CLAIM
                    and earlier[j].speaker != claim.speaker
                    and not carries_negation(earlier[j])
                    and any(same_stem(key, lemma) for lemma in earlier[j].lemmas)
                ),
                None,
            )
            if holder is not None:
                return True, holder
        return False, None
    # "has never taken a bribe" answering an accusation the article reports without a statement.
    for unit in ctx.units[: cand.first_unit]:
        words = {t.lemma_.lower() for t in ctx.doc[unit.start : unit.end] if t.is_alpha and not t.is_stop}
        if key in words and (words & mine) - {key}:
            return True, None
    return False, None


def _asserted_above(ctx: Context, cand: Candidate, claim: Statement, key: str, earlier: list[Statement]) -> bool:
    """ "Whistleblower says the firm hid the results … 'Nobody hid anything,' the firm said": a flat
    negation whose negated word an earlier sentence asserts, with another word of the negation, in no
    words of the same speaker and with no negation of its own, answers that assertion."""
    if not flat_negation(ctx, cand):
        return False
    mine = set(claim.lemmas) - {key}
    for unit in ctx.units[: cand.first_unit]:
        tokens = ctx.doc[unit.start : unit.end]
        if any(t.lower_ in NEGATORS or t.dep_ == "neg" or t.lemma_.lower() in DENIAL_VERBS for t in tokens):
            continue  # a negation or a denial before agrees with this one
        if any(st.speaker == claim.speaker and st.start < unit.end_char and st.end > unit.start_char for st in earlier):
            continue  # the speaker's own words
        words = {t.lemma_.lower() for t in tokens if t.is_alpha and not t.is_stop}
        if any(same_stem(key, w) for w in words) and any(same_stem(m, w) for m in mine for w in words if w != key):
            return True
    return False


def _answers_previous(ctx: Context, cand: Candidate, claim: Statement, earlier: list[Statement]) -> int | None:
    """ "The hackers' claim that the firm ignored a ransom demand … The firm said it never received
    one": a negated verb whose object is only a pronoun answers the claim of another speaker in the
    sentence just before; its index in `earlier`."""
    if not earlier:
        return None
    tokens = content_tokens(ctx, cand)
    clause = first_clause_tokens(ctx, tokens)
    ids = {t.i for t in clause}
    root = next((t for t in clause if t.head.i not in ids or t.head.i == t.i), None)
    if root is None or root.pos_ != "VERB" or not (is_negated(root) or any(c.lower_ == "never" for c in root.children)):
        return None
    obj = next((c for c in root.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lower_ not in OBJECT_PRONOUNS or any(True for _ in obj.children):
        return None
    other = earlier[-1]
    if other.kind != CLAIM or other.speaker == claim.speaker or carries_negation(other):
        return None
    between = ctx.text[other.end : claim.start]
    return len(earlier) - 1 if 0 <= len(between) <= 3 and not between.strip() else None


def flat_negation(ctx: Context, cand: Candidate) -> bool:
    """Whether a content's first clause flatly negates a fact: "There was no meeting", "No ultimatum has
    been given", "I never paid anyone", "The park is not for sale", "Nothing was signed", or a verbless
    "No plans to shut it". Promises and predictions (a modal: "would never"), questions and contrasts
    ("not only") are not flat negations."""
    tokens = content_tokens(ctx, cand)
    if not tokens:
        return False
    clause = first_clause_tokens(ctx, tokens)
    text = "".join(t.text_with_ws for t in clause).strip().rstrip("\"'\u201d\u2019")
    if text.endswith("?"):
        return False
    ids = {t.i for t in clause}
    words = [t for t in clause if t.is_alpha]
    if any(
        a.lower_ == "not" and b.lower_ in ("only", "just", "merely") for a, b in zip(words, words[1:], strict=False)
    ):
        return False
    heads = ctx.head  # head indices from the context's array: `t.head` would make a Token per word
    roots = [t for t in clause if (heads[t.i] not in ids or heads[t.i] == t.i) and ctx.pos[t.i] in ("VERB", "AUX")]
    if not roots:
        return bool(words) and words[0].lower_ in NEGATIVE_OPENERS
    root = roots[0]
    children = [c for c in root.children if c.i in ids]
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in children):
        return False
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None and root.tag_ == "VB":
        return False  # "Do not moan to me about it": an order, not a fact denied
    if subject is not None and subject.lower_ == "you":
        return False  # "You don't win the nomination by states alone": a general truth, not a fact denied
    if is_negated(root) or any(c.lower_ == "never" for c in children):
        return True
    for c in children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and (
            c.lower_ in NEGATIVE_PRONOUNS or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        ):
            return True
    return False


def in_headline(ctx: Context, cand: Candidate) -> bool:
    """Whether a candidate's content lies in the article's first paragraph, its headline."""
    if not NEGATION_FORMS["headline"]:
        return False
    tokens = content_tokens(ctx, cand)
    if not tokens or len(tokens) > 25 or ctx.units[ctx.unit_of_token[tokens[0].i]].para != 0:
        return False
    # A headline is a first paragraph without a full stop that a body follows; a one-paragraph brief is all body.
    last = max(i for i, unit in enumerate(ctx.units) if unit.para == 0)
    return last + 1 < len(ctx.units) and not ctx.text[: ctx.units[last].end_char].rstrip().endswith(".")


def asserted_below(ctx: Context, cand: Candidate) -> bool:
    """Whether what a headline negates is asserted in the body: the negated word (or one of its stem) in a
    body sentence that does not negate it ("Minister: 'No plans to close the unit'" over "a memo sets out
    plans to close the unit"); a negation with nothing asserted below ("Images have no place in a
    campaign") states an opinion, it denies nothing."""
    key = _negated_key(ctx, cand)
    if key is None:
        return False
    lemma = key[0]
    first_body = next((i for i, unit in enumerate(ctx.units) if unit.para > 0), len(ctx.units))
    for unit in ctx.units[first_body:]:
        tokens = ctx.doc[unit.start : unit.end]
        hits = [t for t in tokens if t.is_alpha and same_stem(t.lemma_.lower(), lemma)]
        if hits and not any(t.lower_ in NEGATORS or t.dep_ == "neg" for t in tokens):
            return True
    return False
