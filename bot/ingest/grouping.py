"""Grouping statements into propositions and linking denials to what they deny.

A *proposition* is one thing that was said, whoever carries it: several
outlets quoting one sentence, a direct quote and its paraphrase, "an
assurance" and "a guarantee" of "no escalation" all share one. Each claim gets
a proposition (an existing one that says the same, else a new one); each
denial points (`denies`) at the proposition it rejects and shares that
proposition's id, so a proposition gathers the claims for it and the denials
against it.

Matching uses several signals together, because word overlap alone is not
enough across outlets that paraphrase:

- content-word lemmas mapped through a small general synonym table of the
  political-news lexicon (`CONCEPTS`: assurance ≈ guarantee ≈ pledge …),
  weighted by rarity (IDF from the statements' FTS index);
- the speaker (the same speaker makes a paraphrase likely, a different one less);
- negation (a claim and its negation are not one proposition);
- for denials, the in-article target the extractor found, the nearest
  matching claim, the denial just before (a continued quote), and denials of
  the same thing in other articles.

Candidates come from the FTS index over statement text (newest first, a
bounded number per query), never from a scan of all propositions, so ingest
cost does not grow with the store.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
import weakref
from collections import Counter
from collections.abc import Iterable

from bot.models import CLAIM, DENIAL, Statement
from bot.nlp import embeddings
from bot.nlp.extract.denials import TARGET_VERDICT_WORDS, speaker_surname
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
    CLAIM_CARRIER_NOUNS,
    DENIAL_IDIOM_NOUNS,
    FALSITY_WORDS,
    REPORT_NOUNS,
    TRUTH_WORDS,
)
from bot.nlp.signatures import (
    CANDIDATES_PER_QUERY,
    CANDIDATES_READ,
    CLAIM_THRESHOLD,
    CONCEPTS,
    CONTINUATION_DISTANCE,
    CONTINUATION_THRESHOLD,
    DENIAL_CROSS_THRESHOLD,
    DENIAL_IN_ARTICLE_THRESHOLD,
    ENTITY_WEIGHT,
    MERGE_THRESHOLD,
    OTHER_SPEAKER_PENALTY,
    QUERY_CONCEPTS,
    REFERENCE_NOUNS,
    SAME_SPEAKER_BONUS,
    SEMANTIC_WEIGHT,
    SIGNATURE_SIZE,
    Item,
    item_from_row,
    item_from_statement,
    normalise_lemma,
)
from bot.store import Store

log = logging.getLogger(__name__)


# Document frequencies per store, kept across articles: (statement count when counted, concept → df).
_DOCUMENT_FREQUENCIES: weakref.WeakKeyDictionary[Store, tuple[int, dict[str, int]]] = weakref.WeakKeyDictionary()
# Counts are redone once the store has grown by this factor, so weights follow the corpus.
RECOUNT_GROWTH = 1.25


class Weights:
    """Concept weights: inverse document frequency over the statements' FTS index, cached."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.total = max(1, store.statement_count())
        counted_at, frequencies = _DOCUMENT_FREQUENCIES.get(store, (0, {}))
        if self.total > counted_at * RECOUNT_GROWTH + 20:
            counted_at, frequencies = self.total, {}
            _DOCUMENT_FREQUENCIES[store] = (counted_at, frequencies)
        self.frequencies = frequencies
        self.cache: dict[str, float] = {}
        self._mean: float | None = None

    def words(self, concept: str) -> tuple[str, ...]:
        """The words a concept is written as."""
        return CONCEPTS.get(concept, (concept,))

    def weight(self, concept: str) -> float:
        """How informative a concept is: rare concepts weigh more."""
        if concept not in self.cache:
            df = self.frequencies.get(concept)
            if df is None:
                df = self.frequencies[concept] = self.store.statements_with_any_word_count(self.words(concept))
            self.cache[concept] = math.log(1 + self.total / (1 + df))
            self._mean = None
        return self.cache[concept]

    def default(self) -> float:
        """The weight assumed for a concept never looked up (the mean of those that were)."""
        if self._mean is None:
            self._mean = sum(self.cache.values()) / len(self.cache) if self.cache else 1.0
        return self._mean


def similarity(a: Item, b: Item, weights: Weights, *, for_denial: bool = False, min_shared: int = 2) -> float:
    """How likely two statements say the same thing, 0..~1.1.

    The mean of weighted Dice and weighted overlap of their concepts (overlap
    lets a short headline join its long paraphrase), plus a bonus for one
    speaker (a penalty for two, between claims), minus a penalty when one
    negates what the other asserts (claims only).
    """
    ca = a.concepts | (a.target_concepts if for_denial else frozenset())
    cb = b.concepts | (b.target_concepts if for_denial else frozenset())
    if a.kind == b.kind and a.normal and a.normal == b.normal:
        return 1.0 + (0.1 if a.key == b.key else 0.0)
    shared = ca & cb
    if not shared:
        return 0.0
    names = a.entities | b.entities
    # What was said must overlap, not only who it is about: `min_shared` shared
    # content concepts, or one when a side has only one ("Leader reveals 'guarantees'").
    # Not between claims: one saying a single thing ("the campaign goes on") lies inside every
    # claim using the word, and gathered unrelated ones; it matches only claims saying just that.
    content_a, content_b, content_shared = ca - names, cb - names, shared - names
    sizes = (len(content_a), len(content_b))
    if (
        len(content_shared) < min(min_shared, min(sizes) if for_denial or min_shared < 2 else max(sizes))
        or not content_shared
        and (content_a or content_b)
    ):
        return 0.0
    default = weights.default()

    def w(c: str) -> float:
        return weights.cache.get(c, default) * (ENTITY_WEIGHT if c in names else 1.0)

    shared_w = sum(w(c) for c in shared)
    wa, wb = sum(w(c) for c in ca), sum(w(c) for c in cb)
    dice = 2 * shared_w / (wa + wb)
    cover = shared_w / min(wa, wb)
    score = 0.5 * dice + 0.5 * cover
    if a.key and a.key == b.key:
        score += SAME_SPEAKER_BONUS
    elif a.key and b.key and not for_denial and not (_unnamed_report(a.speaker) or _unnamed_report(b.speaker)):
        # (Unnamed reports, "several outlets", carry what others said: no speaker of their own.)
        # One claim is mostly carried by one speaker; two speakers saying the same needs more words.
        score -= OTHER_SPEAKER_PENALTY
    if not for_denial and a.kind == b.kind and _contradict(a, b):
        return 0.0  # a claim and its negation are two propositions, however alike their words
    return score


# Words of an unnamed report as a source ("reports", "several outlets", "online rumours").
_UNNAMED_REPORT_WORDS = frozenset(
    "reports report rumours rumors rumour rumor stories story claims outlets outlet media press newspaper "
    "newspapers online several some local social news".split()
)


def _unnamed_report(speaker: str) -> bool:
    """Whether a speaker is an unnamed report rather than someone ("reports", "several outlets")."""
    words = re.findall(r"[a-z]+", speaker.lower())
    return bool(words) and set(words) <= _UNNAMED_REPORT_WORDS


def _continues(a: Item, b: Item) -> bool:
    """Nearby statements of one speaker in one article about the same named thing: a point continued.

    One shared content word suffices there ("the troops are in X for
    exercises" … "the forces in X will return afterwards").
    """
    return (
        a.article_id == b.article_id
        and bool(a.key)
        and a.key == b.key
        and abs(a.position - b.position) <= CONTINUATION_DISTANCE
        and bool(a.entities & b.entities)
    )


def _contradict(a: Item, b: Item) -> bool:
    """One statement negates a concept the other asserts ("will pass" / "will not pass").

    When both negate a common concept they agree on what is negated, and any
    other mismatch is the crude scope of the negated phrase ("no further
    military escalation" / "not make aggressive moves"). Names are left out:
    "no escalation in the region" does not deny the region.
    """
    if a.negated & b.negated:
        return False
    names = a.entities | b.entities
    asserted_a, asserted_b = a.concepts - a.negated, b.concepts - b.negated
    return bool(((a.negated & asserted_b) | (b.negated & asserted_a)) - names)


# An in-article match this good outweighs what a reference alone suggests.
STRONG_IN_ARTICLE = 0.6
# A stored denial moves to a later article's claim only when it fits it this well, and by this
# margin better than the proposition it denies (its first claim's words).
RELINK_SCORE = 0.6
RELINK_MARGIN = 0.25
_DEMONSTRATIVES = frozenset("this that these those".split())


_ANAPHORS = frozenset("such this that these those".split())


def _anaphoric(denial: Item) -> bool:
    """A denial whose words point back into its article ("any such agreement", "those numbers")."""
    return bool(_ANAPHORS & set(re.findall(r"[a-z]+", denial.text.lower())[:6])) or refers_to_report(denial)


def _demonstrative(denial: Item) -> bool:
    """A denial whose object is a demonstrative phrase ("those numbers", "that account"), or whose
    content opens on a bare allegation noun ("said that account was not accurate", where the
    parser took "that" for a conjunction and dropped it)."""
    words = re.findall(r"[a-z']+", denial.text.lower())
    if 1 <= len(words) <= 3 and words[0] in _DEMONSTRATIVES:
        return True
    return len(words) > 2 and words[0] in ALLEGATION_NOUNS and words[1] in ("was", "is", "were", "are")


_NAME_WORD = re.compile(r"\b[A-Z][A-Za-z'’-]+")
# A name a denial may give its claimant by ("Varnia", "Grendon"), as `speaker_surname` gives it.
_CLAIMANT_NAME = re.compile(r"\b[A-Z][a-z][\w-]+")
# Capitalised words that name no party ("The", a title), left out when comparing sides.
_NOT_A_PARTY = frozenset("the a an mr mrs ms dr executive chief spokesman spokeswoman spokesperson".split())


# Heads of a description that speaks for the party it names ("Corvanta spokeswoman").
_SPEAKS_FOR = frozenset(
    "spokesman spokeswoman spokesperson official officials executive executives lawyer lawyers "
    "representative representatives statement management board".split()
)


def _party_words(speaker: str) -> set[str]:
    """The party a speaker stands for, as its capitalised words.

    A name ("Corvanta", "Aldermoor Athletic") is its own party; a description
    counts only when it speaks for what it names ("Corvanta spokeswoman" ->
    {"corvanta"}), not when it merely mentions it ("a former Corvanta engineer").
    """
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", speaker)
    if not words:
        return set()
    is_name = all(w[0].isupper() for w in words)
    if not is_name and words[-1].lower() not in _SPEAKS_FOR:
        return set()
    return {w.lower().rstrip("’'s") for w in _NAME_WORD.findall(speaker)} - _NOT_A_PARTY


def own_side(denial: Item, claim: Item) -> bool:
    """Whether a claim is on the denier's own side, so the denial cannot be denying it.

    The same speaker; a speaker sharing a name with the denier ("Corvanta" and
    "Corvanta spokeswoman"); or a claim that negates what the denial negates
    ("our systems were never breached" beside "the systems have never been
    breached"): the two agree. A retraction is a claim, not a denial, so a
    speaker denying their own earlier claim is not looked for here.
    """
    if denial.key and denial.key == claim.key:
        return True
    if _party_words(denial.speaker) & _party_words(claim.speaker):
        return True
    if claim.normal and claim.normal in denial.normal:
        # "rejected suggestions that the dam would leave farmland without water": the denial's words
        # restate the claim, negation and all; they do not agree with it.
        return False
    return bool((denial.negated & claim.negated) - (denial.entities | claim.entities))


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


def _unnamed_voice(speaker: str) -> bool:
    """A speaker given by one common noun ("organisation", "man", "people"): who it stands for is
    told elsewhere in the article, so its side cannot be checked (FNC-1 train: "the organisation"
    saying "no suspected cases" after the WHO it stands for had said so)."""
    words = speaker.split()
    return len(words) == 1 and speaker.islower()


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


def _party_of(voices: tuple[str, ...]) -> set[str]:
    """The party a negated statement speaks for: `_party_words` of its speaker as named, as written
    and by role, lowercased. Not the names its words give: "we have no notification from the X
    government" names X without speaking for it (FNC-1 train, first 400 related pairs: three such
    negations became denials of claims naming X, none disputing them)."""
    out: set[str] = set()
    for voice in voices:
        out |= _party_words(voice)
    return out - _NOT_A_PARTY


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
    claim_names = {e.lower() for e in claim.entities} | {w.rstrip("’'s") for w in _capitalised(claim.text)}
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


# Cues by which a report is published rather than spoken ("wrote", "reported", "posted").
_PUBLISHING_CUES = frozenset(
    "write wrote writes written report reported reports publish published posted post reveal revealed".split()
)
_REPORT_WORDS = frozenset(REPORT_NOUNS | {noun + "s" for noun in REPORT_NOUNS} | {"stories", "rumours", "rumors"})


def refers_to_report(denial: Item) -> bool:
    """Whether a denial names what it denies only as a report ("no truth in the reports", "the story")."""
    words = re.findall(r"[a-z]+", denial.text.lower())
    named = [i for i, w in enumerate(words) if w in _REPORT_WORDS]
    # "claims of a half-time row", "reports that he was sacked" say what was reported.
    return bool(named) and all(words[i + 1 : i + 2] not in (["of"], ["that"]) for i in named)


# "the Courier's report", "the Daily Courier's story": a proper-name owner of a report noun.
_REPORT_OWNER = re.compile(
    r"\b((?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)['’]s\s+(?:\w+\s+)?(?:" + "|".join(sorted(_REPORT_WORDS)) + r")\b"
)


def report_owner(text: str) -> str | None:
    """The proper name owning the report a denial names ("no truth in the Courier's report" ->
    "Courier"), its last word: the outlet's short name is how its claims' speakers agree."""
    found = _REPORT_OWNER.search(text)
    return found.group(1).split()[-1] if found else None


def is_report_claim(statement: Statement) -> bool:
    """A claim carried by a report: published ("wrote", "reported"), named by a report noun, or
    made by a document ("a post on the trade blog X claimed")."""
    cue = statement.cue.lower()
    if cue in _PUBLISHING_CUES or cue in _REPORT_WORDS:
        return True
    head = re.split(r"\s+(?:on|in|by|from|of)\s+", statement.speaker.lower())[0].split()
    return bool(head) and head[-1].rstrip("s") in CLAIM_CARRIER_NOUNS | REPORT_NOUNS


def _cue_noun(position: int, cues: dict[int, str]) -> str:
    """The report noun a claim's cue is a form of ("claims", "claimed" -> "claim"), else ""."""
    cue = cues.get(position, "").lower()
    return next((n for n in REPORT_NOUNS if cue.startswith(n)), "")


def _says_nothing(denial: Item) -> bool:
    """Whether a denial's words say nothing of what it rejects beyond naming a report or claim and
    a verdict ("there was no truth whatsoever in the report", "the Courier's story was false")."""
    entities = {e.lower() for e in denial.entities}
    said = (
        denial.concepts
        - entities
        - REFERENCE_NOUNS
        - _REPORT_WORDS
        - DENIAL_IDIOM_NOUNS
        - FALSITY_WORDS
        - TRUTH_WORDS
        - TARGET_VERDICT_WORDS
    )
    return not said


def same_voice(a: str, b: str) -> bool:
    """Two speaker names for one voice: equal, or one inside the other as whole words
    ("Authority" and "transit authority", "Acme" and "Acme spokeswoman")."""
    x, y = a.lower().strip(), b.lower().strip()
    if not x or not y:
        return False
    short, long = sorted((x, y), key=len)
    return re.search(r"\b" + re.escape(short) + r"\b", long) is not None


# A summary line (headline, liveblog entry title) is short and ends without a full stop.
_SUMMARY_WORDS = 12


def is_summary_line(statement: Statement) -> bool:
    """Whether a statement stands on a headline-like line of its own: short, one line, no full stop."""
    return summary_evidence(statement.evidence)


def summary_evidence(evidence: str) -> bool:
    """Whether a statement's evidence is a headline-like line: short, one line, no full stop."""
    evidence = evidence.strip()
    return (
        "\n" not in evidence
        and len(evidence.split()) <= _SUMMARY_WORDS
        and not evidence.endswith((".", "?", "!", '."', ".\u201d"))
    )


def denial_score(denial: Item, claim: Item, weights: Weights) -> float:
    """How well a claim fits what a denial rejects: shared concepts plus closeness in meaning.

    Concepts catch the same words; the sentence embedding catches paraphrase
    ("network at standstill" / "the network is dead") that no word list covers.
    """
    verdict = (denial.concepts | denial.target_concepts) & _VERDICT_CONCEPTS
    if verdict and denial.kind == DENIAL:
        # "The board said the claim was false": the verdict says how the denial rejects, not what;
        # a claim using the word ("false posts put people off") is no nearer for it.
        denial = denial.linked(denial.proposition, denial.denies)
        denial.concepts = denial.concepts - verdict
        denial.target_concepts = denial.target_concepts - verdict
    return similarity(denial, claim, weights, for_denial=True) + SEMANTIC_WEIGHT * max(
        0.0, embeddings.cosine(denial.text, claim.text)
    )


_VERDICT_CONCEPTS = FALSITY_WORDS | TRUTH_WORDS


# Words of a date or a title, capitalised in entities and speakers but naming no one in a story.
_NOT_STORY_WORDS = frozenset(
    """
    the monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december mr mrs ms dr sir
    """.split()
)
_STORY_WORD = re.compile(r"[A-Z][A-Za-z'’-]{2,}")
# Two articles tell one story when they share two name words (people, bodies, places in their
# statements' entities and speakers) making up this share of the smaller article's name words. On
# news3 (seven events, three outlets each) pairs of one event share 2-15 name words (.21-1.0 of the
# smaller set); pairs of different events share at most one once dates are left out.
STORY_SHARED_WORDS = 2
STORY_SHARE = 0.2
# With fewer name words than this on either side the names cannot tell the story, and the
# content match alone decides (a one-line brief, an unnamed "officials said" item).
STORY_MIN_WORDS = 3


def story_words(statements: Iterable[tuple[str | None, Iterable[str]]]) -> frozenset[str]:
    """The capitalised name words of an article's statements: (speaker, entities) pairs."""
    out: set[str] = set()
    for speaker, entities in statements:
        for text in (speaker or "", *entities):
            out.update(re.sub(r"['’]s$", "", w).lower() for w in _STORY_WORD.findall(text))
    return frozenset(out - _NOT_STORY_WORDS)


def same_story(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two articles' name words say they report one story (or are too few to tell)."""
    if min(len(a), len(b)) < STORY_MIN_WORDS:
        return True
    shared = len(a & b)
    return shared >= STORY_SHARED_WORDS and shared >= STORY_SHARE * min(len(a), len(b))


# ---------------------------------------------------------------- grouping


# Stored statements as Items, per store, kept across articles (the same ones come back as
# candidates article after article): (store's cache token, statement id → Item). Their
# links are not trusted from here, they are read again each time.
_STORED_ITEMS: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], dict[int, Item]]] = weakref.WeakKeyDictionary()
STORED_ITEMS_CACHED = 50_000  # the cache starts afresh past this many statements
# The story and postings caches below start afresh past this many articles or concepts (each
# entry holds tens of ids or words, so this bounds them to some tens of MB in a long-running bot).
STORED_ENTRIES_CACHED = 10_000


# Stored articles' story name words (`story_words`) and their statements' cues, per store, kept
# across articles like `_STORED_ITEMS`: the same articles come back as candidates article after
# article, and what their statements say of speakers, cues and entities is never rewritten.
_STORED_STORIES: weakref.WeakKeyDictionary[
    Store, tuple[tuple[int, int], dict[int, tuple[frozenset[str], dict[int, str]]]]
] = weakref.WeakKeyDictionary()


def _stored_stories(store: Store) -> dict[int, tuple[frozenset[str], dict[int, str]]]:
    """The store's cross-article story cache, emptied when an article id may mean another article."""
    token = store.grouping_cache_token()
    cached = _STORED_STORIES.get(store)
    if cached is None or cached[0] != token or len(cached[1]) > STORED_ENTRIES_CACHED:
        cached = (token, {})
        _STORED_STORIES[store] = cached
    return cached[1]


# Each concept's newest statement ids (`Store.statement_ids_with_any_word`), per store, kept across
# articles with the highest statement id when they were read: a later article asks the index only
# for the ids added since, which go before the ones kept (statement texts are never rewritten).
_STORED_POSTINGS: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], dict[str, tuple[int, list[int]]]]] = (
    weakref.WeakKeyDictionary()
)


def _stored_postings(store: Store) -> dict[str, tuple[int, list[int]]]:
    """The store's cross-article postings cache, emptied when a statement id may mean another statement."""
    token = store.grouping_cache_token()
    cached = _STORED_POSTINGS.get(store)
    if cached is None or cached[0] != token or len(cached[1]) > STORED_ENTRIES_CACHED:
        cached = (token, {})
        _STORED_POSTINGS[store] = cached
    return cached[1]


def _stored_items(store: Store) -> dict[int, Item]:
    """The store's cross-article Item cache, emptied when a statement id may mean another statement."""
    token = store.grouping_cache_token()
    cached = _STORED_ITEMS.get(store)
    if cached is None or cached[0] != token:
        cached = (token, {})
        _STORED_ITEMS[store] = cached
    return cached[1]


class Grouper:
    """Assigns propositions and denial targets for one article's new statements."""

    def __init__(self, store: Store, article_id: int) -> None:
        self.store = store
        self.article_id = article_id
        self.weights = Weights(store)
        self.items: list[Item] = []
        self.seen: dict[int, Item] = {}  # stored statements already read, by id
        self.postings: dict[str, list[int]] = {}  # concept → newest statement ids holding it
        self.unlinked: set[int] = set()  # ids of stored denials that deny nothing yet
        self.checked: set[int] = set()  # ids already looked up for `unlinked`
        self.merged_into: dict[int, int] = {}  # propositions merged away during this article
        self.stored = _stored_items(store)
        self.report_positions: set[int] = set()  # positions of this article's claims carried by a report
        self.linked_denials: dict[int, Item] = {}  # stored denials already linked, met as candidates
        self.target_texts: dict[int, str] = {}  # position -> what a denial says it rejects ("the memo")
        self.summary_positions: set[int] = set()  # positions of denials on a headline or entry-title line
        self.cues: dict[int, str] = {}  # position -> a statement's cue word
        self.voices: dict[int, tuple[str, ...]] = {}  # position -> the speaker's names (as named, written, role)
        self.claim_voices: dict[int, tuple[str, ...]] = {}  # the same for this article's claims
        self.story: frozenset[str] = frozenset()  # this article's name words (`story_words`)
        self.stories: dict[int, bool] = {}  # stored article id -> whether it tells this article's story
        self.flipped: set[int] = set()  # positions of this article's negated claims read as denials
        self.stored_cues: dict[int, str] = {}  # stored statement id -> its cue, read with `_same_story`
        self.stored_stories = _stored_stories(store)
        self.stored_postings = _stored_postings(store)
        self.last_id = store.last_statement_id()

    # -------------------------------------------------- candidates

    def candidates(self, item: Item, *, extra: frozenset[str] = frozenset(), names: bool = False) -> list[Item]:
        """Stored statements of other articles sharing rare content concepts with `item` (via FTS).

        One bounded, newest-first index query per concept (the rarest few, names
        left out since what was said must overlap, unless `names`); a statement found by only
        one of them cannot pass `similarity`'s shared-concept rule unless
        `item` has a single content concept, so only those found twice are read.
        """
        # With `names`, whom it is about counts as a shared word ("X is not married" / "X has married").
        content = sorted((item.concepts | extra) - (frozenset() if names else item.entities))
        for concept in content:
            self.weights.weight(concept)
        rarest = sorted(content, key=lambda c: (-self.weights.cache[c], c))[:QUERY_CONCEPTS]
        needed = 1 if len(content) <= 1 else 2
        hits: Counter[int] = Counter()
        for concept in rarest:
            if concept not in self.postings:
                self.postings[concept] = self._postings(concept)
            hits.update(self.postings[concept])  # counted in C: postings run to a hundred ids each
        for own in self.items:
            hits.pop(own.id, None)
        # Unlinked denials are read even on one hit: a new claim may be what they deny.
        unchecked = [sid for sid, n in hits.items() if n < needed and sid not in self.checked]
        self.unlinked |= self.store.unlinked_denial_ids(unchecked)
        self.checked.update(unchecked)
        wanted = [sid for sid, n in hits.items() if n >= needed or sid in self.unlinked]
        # Most shared concepts first, then newest: a bounded number, however common the story.
        wanted.sort(key=lambda sid: (-hits[sid], -sid))
        wanted = wanted[:CANDIDATES_READ]
        self._read([sid for sid in wanted if sid not in self.seen])
        return [self.seen[sid] for sid in wanted if sid in self.seen and self.seen[sid].article_id != self.article_id]

    def _postings(self, concept: str) -> list[int]:
        """The newest statement ids holding a concept: those added since it was last read, then the
        ones read then (the same ids the index gives for the whole store)."""
        words = self.weights.words(concept)
        known = self.stored_postings.get(concept)
        if known is None:
            ids = self.store.statement_ids_with_any_word(words, limit=CANDIDATES_PER_QUERY)
        elif known[0] == self.last_id:
            ids = known[1]
        else:
            newer = self.store.statement_ids_with_any_word(words, limit=CANDIDATES_PER_QUERY, after=known[0])
            ids = (newer + known[1])[:CANDIDATES_PER_QUERY]
        self.stored_postings[concept] = (self.last_id, ids)
        return ids

    def _read(self, ids: list[int]) -> None:
        """Read stored statements into `seen`: what they say from the cross-article cache when there,
        their links (which later articles change) always from the store."""
        if not ids:
            return
        cache = self.stored
        for sid, proposition, denies in self.store.statement_links(sid for sid in ids if sid in cache):
            self.seen[sid] = cache[sid].linked(proposition, denies)
        fresh = [sid for sid in ids if sid not in cache]
        if len(cache) + len(fresh) > STORED_ITEMS_CACHED:
            cache.clear()
        for row in self.store.grouping_statements(fresh):
            item = item_from_row(row)
            cache[item.id] = item.linked(item.proposition, item.denies)
            self.seen[item.id] = item

    # -------------------------------------------------- claims

    def assign_claims(self, statements: list[Statement]) -> None:
        """Group the article's claims among themselves, then join each group to a stored proposition.

        Claims of this article that say the same thing form one group whatever
        their order (a headline before the paragraph it summarises); a group
        joins the stored proposition its best member matches, else starts one.
        """
        claims = [(item, st) for item, st in zip(self.items, statements, strict=True) if item.kind == CLAIM]
        for item, _st in claims:
            for concept in item.concepts:
                self.weights.weight(concept)
        group = list(range(len(claims)))

        def root(i: int) -> int:
            while group[i] != i:
                group[i] = group[group[i]]
                i = group[i]
            return i

        for i, (a, _) in enumerate(claims):
            for j in range(i + 1, len(claims)):
                b = claims[j][0]
                if similarity(a, b, self.weights) >= CLAIM_THRESHOLD or (
                    _continues(a, b) and similarity(a, b, self.weights, min_shared=1) >= CONTINUATION_THRESHOLD
                ):
                    group[root(j)] = root(i)
        waiting: dict[int, Item] = {}
        best: dict[int, tuple[float, int | None]] = {}
        strong: dict[int, dict[int, list[Item]]] = {}  # per group, stored propositions it matches strongly
        for i, (item, _st) in enumerate(claims):
            r = root(i)
            for score, prop, member in self._stored_matches(item, waiting):
                if score >= CLAIM_THRESHOLD and score > best.get(r, (0.0, None))[0]:
                    best[r] = (score, prop)
                if score >= MERGE_THRESHOLD:
                    strong.setdefault(r, {}).setdefault(prop, []).append(member)
        # A group that strongly matches several stored propositions shows they say one thing:
        # they were split only because the articles linking them came later. Only when claims
        # of theirs also match each other: a generic claim ("the campaign goes on") matches
        # many unrelated ones, and folding them all would chain the store into one group.
        for r, props in strong.items():
            found = best.get(r, (0.0, None))[1]
            keep, anchors = self._current(found), props.get(found, []) if found is not None else []
            others = {
                c
                for p, members in props.items()
                if (c := self._current(p)) is not None
                and c != keep
                and any(similarity(a, m, self.weights) >= MERGE_THRESHOLD for a in anchors for m in members)
            }
            if keep is not None and others:
                self._merge(keep, others)
        propositions: dict[int, int] = {}
        joined: dict[int, list[Statement]] = {}  # propositions that gained statements
        for i, (item, st) in enumerate(claims):
            r = root(i)
            found = self._current(best.get(r, (0.0, None))[1])
            if r not in propositions:
                propositions[r] = (
                    found
                    if found is not None
                    else self.store.create_proposition(st.text, st.speaker, st.lemmas, st.entities)
                )
            item.proposition = propositions[r]
            if found is not None or r != i:
                joined.setdefault(item.proposition, []).append(st)
        # One statement for all the links: nothing above reads them back.
        self.store.set_statement_links_many((item.id, item.proposition, None) for item, _st in claims)
        for proposition, members in joined.items():
            self._grow_signature(proposition, members)
        self._link_waiting_denials([item for item, _st in claims], list(waiting.values()))
        self._relink_better_matches([item for item, _st in claims])

    def _stored_matches(self, item: Item, waiting: dict[int, Item]) -> list[tuple[float, int, Item]]:
        """Best score per stored proposition (other articles) whose claims match `item`, and the claim.

        Also collects the stored denials that wait for a claim to deny.
        """
        found = self.candidates(item)
        # Denials whose claim is gone (its article was replaced) wait like unlinked ones.
        orphaned = self.store.claimless_propositions(
            c.denies for c in found if c.kind == DENIAL and c.denies is not None
        )
        scores: dict[int, float] = {}
        members: dict[int, Item] = {}
        for cand in found:
            if cand.kind == DENIAL and (cand.denies is None or cand.denies in orphaned):
                waiting[cand.id] = cand
            elif cand.kind == DENIAL:
                self.linked_denials[cand.id] = cand  # may deny a claim of this article better
            # Only claims: a claim worded like a denial stands on the other side of its proposition.
            if cand.kind != CLAIM or cand.proposition is None:
                continue
            score = similarity(item, cand, self.weights)
            if score > scores.get(cand.proposition, 0.0):
                scores[cand.proposition], members[cand.proposition] = score, cand
        ranked = sorted(
            ((score, prop, members[prop]) for prop, score in scores.items()), key=lambda m: m[:2], reverse=True
        )
        log.debug("claim %r: best %s", item.text[:60], [m[:2] for m in ranked[:2]])
        return ranked

    def _current(self, proposition: int | None) -> int | None:
        """A proposition id after the merges made so far (a merged one resolves to where it went)."""
        while proposition is not None and proposition in self.merged_into:
            proposition = self.merged_into[proposition]
        return proposition

    def _merge(self, keep: int, others: set[int]) -> None:
        """Fold stored propositions into `keep`, here and in the statements already read."""
        for other in others:
            self.merged_into[other] = keep
        rows = self.store.propositions([keep, *others])
        rows.sort(key=lambda row: row["id"] != keep)
        lemmas = set(list(dict.fromkeys(lemma for row in rows for lemma in row["lemmas"]))[:SIGNATURE_SIZE])
        entities = set(list(dict.fromkeys(entity for row in rows for entity in row["entities"]))[:SIGNATURE_SIZE])
        self.store.merge_propositions(keep, others)
        self.store.update_proposition_signature(keep, lemmas, entities)
        for cached in self.seen.values():
            if cached.proposition in others:
                cached.proposition = keep
            if cached.denies in others:
                cached.denies = keep
        log.debug("merged propositions %s into %s", sorted(others), keep)

    def _grow_signature(self, proposition: int, statements: list[Statement]) -> None:
        """Add joining statements' lemmas and entities to the proposition's signature (bounded)."""
        rows = self.store.propositions([proposition])
        if not rows:
            return
        old_lemmas, old_entities = rows[0]["lemmas"], rows[0]["entities"]
        lemmas, entities = (
            _bounded_union(old_lemmas, statements, "lemmas"),
            _bounded_union(old_entities, statements, "entities"),
        )
        if len(lemmas) != len(old_lemmas) or len(entities) != len(old_entities):
            self.store.update_proposition_signature(proposition, lemmas, entities)

    def _link_waiting_denials(self, claims: list[Item], waiting: list[Item]) -> None:
        """Denials stored before the claim they deny (other articles) now point at the best match."""
        abandoned = []
        for denial in waiting:
            if not self._same_story(denial.article_id):
                continue  # a denial of another story waits for a claim of its own story
            best_score, best_prop = 0.0, None
            for claim in claims:
                if own_side(denial, claim):
                    continue  # speakers do not deny their own side's claims
                score = denial_score(denial, claim, self.weights)
                if score > best_score:
                    best_score, best_prop = score, claim.proposition
            if best_prop is not None and best_score >= DENIAL_CROSS_THRESHOLD and best_prop != denial.denies:
                if denial.denies is not None:
                    abandoned.append(denial.denies)
                self.store.set_statement_links(denial.id, proposition=best_prop, denies=best_prop)
                denial.denies = denial.proposition = best_prop
        self.store.delete_unused_propositions(abandoned)

    def _relink_better_matches(self, claims: list[Item]) -> None:
        """Stored denials that a claim of this article fits far better than what they were linked to
        when they were ingested now deny it: what a denial denies is the claim its content matches
        best, whichever outlet printed it first ("denied that his campaign had received $400,000 in
        return for approving a mine", linked to a filing's "$400,000", meets "he approved a mine in
        exchange for campaign cash")."""
        linked = [d for d in self.linked_denials.values() if d.denies is not None and d.article_id != self.article_id]
        if not linked or not claims:
            return
        current = {
            row["id"]: row for row in self.store.propositions({d.denies for d in linked if d.denies is not None})
        }
        # One story: the denial or what it denies names someone or something this article names.
        here = {e.lower() for item in self.items for e in item.entities}
        linked = [d for d in linked if self._same_story(d.article_id)]
        abandoned = []
        for denial in linked:
            row = current.get(denial.denies)
            named = {e.lower() for e in [*denial.entities, *((row or {}).get("entities") or ())]}
            if row is None or not named & here or _anaphoric(denial) or self._is_reference(denial):
                continue  # "any such agreement", "those numbers", "the allegations" point into their own article
            best_score, best_prop = 0.0, None
            for claim in claims:
                if claim.proposition is None or claim.proposition == denial.denies or own_side(denial, claim):
                    continue
                score = denial_score(denial, claim, self.weights)
                if score > best_score:
                    best_score, best_prop = score, claim.proposition
            if best_prop is None or best_score < RELINK_SCORE:
                continue
            was = item_from_row(
                {
                    "id": -1,
                    "article_id": -1,
                    "kind": CLAIM,
                    "speaker": row.get("speaker") or "",
                    "text": row.get("text") or "",
                    "lemmas": row.get("lemmas") or (),
                    "entities": row.get("entities") or (),
                }
            )
            if best_score < denial_score(denial, was, self.weights) + RELINK_MARGIN:
                continue
            log.debug("stored denial %r: re-linked to a better claim %.2f", denial.text[:60], best_score)
            abandoned.append(row["id"])
            self.store.set_statement_links(denial.id, proposition=best_prop, denies=best_prop)
            # What followed it in its article follows it: its continuation ("…, calling the allegation a
            # hoax": the next statement, by the same speaker, that denied the same thing) and later
            # denials that named it only by reference ("Greystone also rejected the allegation").
            for follower in self._article_followers(denial):
                self.store.set_statement_links(follower.id, proposition=best_prop, denies=best_prop)
                self.stored.pop(follower.id, None)
            denial.denies = denial.proposition = best_prop
        self.store.delete_unused_propositions(abandoned)

    def _article_followers(self, denial: Item) -> list[Item]:
        """Denials of a stored denial's article that deny what it denies because they go with it: the
        very next statement by the same speaker, a later content-less reference to it, or a headline
        of the same voice that restates it."""
        rows = {r["id"]: r for r in self.store.statements(article=denial.article_id, kind=DENIAL)}
        me = rows.get(denial.id) or {}
        names = [n for n in (me.get("speaker"), me.get("speaker_text"), me.get("speaker_role")) if n]
        # A headline restating it ("Governor denies taking mining money") moves with it too.
        summaries = {
            sid
            for sid, r in rows.items()
            if sid < denial.id
            and summary_evidence(r.get("evidence") or "")
            and any(same_voice(r.get("speaker") or "", n) for n in names)
        }
        wanted = [sid for sid in rows if sid > denial.id or sid in summaries]
        out = []
        for row in self.store.grouping_statements(wanted):
            if row.get("denies") != denial.denies:
                continue
            follower = item_from_row(row)
            continues = row["id"] == denial.id + 1 and follower.key == denial.key
            if continues or row["id"] in summaries or self._is_reference(follower):
                out.append(follower)
        return out

    # -------------------------------------------------- negations answering a claim

    def answer_negations(self) -> None:
        """Claims that say another party's claim with its polarity flipped become denials of it.

        "It never happened" and "X is not married" were stored as claims: the
        extractor sees only their own article, and the claim they answer is
        often printed by another outlet. Here other articles of the story are
        visible: a negated claim of this article whose content another
        party's claim asserts (`negation_answers`), in this article or a
        stored one of the same story, denies that claim; and a stored negated
        claim that a new claim of this article asserts denies the new one.
        """
        for item in self.items:
            if item.kind != CLAIM or not item.negated or item.proposition is None:
                continue
            if _claim_cue(self.cues.get(item.position, "")) or _unnamed_voice(item.speaker):
                continue
            found = [c for c in self.items if c is not item and c.kind == CLAIM]
            # The word test first: reading a stored article's story loads all its statements.
            found += [
                c
                for c in self.candidates(item, names=True)
                if c.kind == CLAIM and _may_answer(item, c) and self._same_story(c.article_id)
            ]
            target = self._answered_claim(item, found)
            if target is None and ACCUSED_ANSWERS:
                target = self._accused_answer(item, self.claim_voices.get(item.position, (item.speaker,)))
            if target is not None:
                log.debug("negated claim %r: denies %r", item.text[:60], target.text[:60])
                self._flip(item, target)
                self.flipped.add(item.position)
        for claim in self.items:
            if claim.kind != CLAIM or claim.negated or claim.proposition is None:
                continue
            for cand in self.candidates(claim, names=True):
                if cand.kind != CLAIM or not cand.negated:
                    continue
                word_fit = _may_answer(cand, claim)
                if not word_fit and not (ACCUSED_ANSWERS and _accused_fit(cand, claim, (cand.speaker,))):
                    continue
                if not self._same_story(cand.article_id):
                    continue
                if _claim_cue(self.stored_cues.get(cand.id, "")) or _unnamed_voice(cand.speaker):
                    continue
                answered = self._answered_claim(cand, [claim]) if word_fit else None
                if answered is None and ACCUSED_ANSWERS and not word_fit:
                    answered = self._accused_answer(cand, (cand.speaker,), [claim])
                if answered is claim:
                    log.debug("stored negated claim %r: denies %r", cand.text[:60], claim.text[:60])
                    self._flip(cand, claim)

    def _answered_claim(self, negated: Item, claims: list[Item]) -> Item | None:
        """The claim of another party a negated claim answers, the one its words fit best; None when
        none fits, or when claims of two different propositions fit equally well."""
        usable = [
            c
            for c in claims
            if c.proposition is not None and c.proposition != negated.proposition and not own_side(negated, c)
        ]
        fits = [c for c in usable if negation_answers(negated, c)]
        if fits:
            scored = sorted(((denial_score(negated, c, self.weights), c) for c in fits), key=lambda p: -p[0])
        else:
            # Else one adding words of its own, when it fits the claim well.
            loose = [c for c in usable if negation_answers(negated, c, loose=True)]
            scored = sorted(((denial_score(negated, c, self.weights), c) for c in loose), key=lambda p: -p[0])
            scored = [(score, c) for score, c in scored if score >= NEGATION_LOOSE_SCORE]
        if not scored:
            return None
        if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1].proposition != scored[0][1].proposition:
            return None
        return scored[0][1]

    def _accused_answer(self, negated: Item, voices: tuple[str, ...], claims: list[Item] | None = None) -> Item | None:
        """The claim about the party a flat negation speaks for that it answers (`_accused_fit`): in this
        article or a stored one of the story, the one its words fit best; None when none fits or two
        claims of different propositions fit equally well."""
        if claims is None:
            claims = [c for c in self.items if c is not negated and c.kind == CLAIM]
            # The party counts as a word shared: the claim names it, the negation may only speak for it.
            party = frozenset(normalise_lemma(w) for w in _party_of(voices))
            claims += [
                c
                for c in self.candidates(negated, extra=party, names=True)
                if c.kind == CLAIM and _accused_fit(negated, c, voices) and self._same_story(c.article_id)
            ]
        usable = [
            c
            for c in claims
            if c.proposition is not None
            and c.proposition != negated.proposition
            and not own_side(negated, c)
            and _accused_fit(negated, c, voices)
        ]
        if not usable:
            return None
        scored = sorted(((denial_score(negated, c, self.weights), c) for c in usable), key=lambda p: -p[0])
        if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1].proposition != scored[0][1].proposition:
            return None
        log.debug("negated claim %r: answers a claim about its own party", negated.text[:60])
        return scored[0][1]

    def _flip(self, item: Item, claim: Item) -> None:
        """Store a claim as a denial of `claim`'s proposition (here and in the caches)."""
        old = item.proposition
        item.kind = DENIAL
        item.denies = item.proposition = claim.proposition
        self.store.set_statement_kind(item.id, DENIAL)
        self.store.set_statement_links(item.id, proposition=claim.proposition, denies=claim.proposition)
        self.stored.pop(item.id, None)
        if old is not None and old != claim.proposition:
            self.store.delete_unused_propositions([old])

    # -------------------------------------------------- denials

    def assign_denial(self, item: Item, denies_index: int | None) -> None:
        """Point a denial at the proposition it rejects, in the order the notes give."""
        target = self._denial_target(item, denies_index)
        item.denies = item.proposition = target
        self.store.set_statement_links(item.id, proposition=target, denies=target)

    def _denial_target(self, item: Item, denies_index: int | None) -> int | None:
        # 0. "Greystone also rejected the allegation" after "calling the allegation by his challenger a
        # hoax": a bare definite reference repeating the noun of an earlier denial denies what it did,
        # rather than whichever claim stands just before it.
        repeated = self._repeated_reference(item)
        if repeated is not None:
            log.debug("denial %r: repeats an earlier denial's reference", item.text[:60])
            return repeated
        # 1. The extractor's own target ("X claimed A, a claim Y denied").
        if denies_index is not None and 0 <= denies_index < len(self.items):
            target = self.items[denies_index]
            if target.kind == CLAIM and target.proposition is not None and not own_side(item, target):
                log.debug("denial %r: extractor's target", item.text[:60])
                return target.proposition
        for concept in item.concepts | item.target_concepts:
            self.weights.weight(concept)
        # 1a. "The memo may have been fabricated", "dismissed the leaked memo": the claim that source made.
        sourced = self._claim_of_named_source(item)
        if sourced is not None:
            log.debug("denial %r: the claim of the source it names", item.text[:60])
            return sourced
        # 1b. "No truth in the Bellow's report": the claim of the report's named owner.
        owned = self._claim_of_report_owner(item)
        if owned is not None:
            log.debug("denial %r: the claim of the report's owner", item.text[:60])
            return owned
        earlier = [c for c in self.items if c.position < item.position]
        # 2. The nearest claim of this article that matches what is denied.
        best_score, best_prop = 0.0, None
        for cand in self.items:
            if cand.kind != CLAIM or cand.proposition is None or own_side(item, cand):
                continue
            score = denial_score(item, cand, self.weights)
            if cand.position < item.position:
                score += 0.05 / (1 + item.position - cand.position)
            if score > best_score:
                best_score, best_prop = score, cand.proposition
        claims_before = [c for c in earlier if c.kind == CLAIM and c.proposition is not None and not own_side(item, c)]
        # 2a. "Disputed those numbers", "rejected that account": a demonstrative points back in this article.
        if _demonstrative(item) and claims_before:
            log.debug("denial %r: demonstrative reference to the nearest claim", item.text[:60])
            return claims_before[-1].proposition
        # 2b. "No truth in the reports", "the story": the claim the article's report carries.
        if refers_to_report(item):
            reports = [
                c
                for c in self.items
                if c.position in self.report_positions and c.proposition is not None and not own_side(item, c)
            ]
            if reports and best_score < STRONG_IN_ARTICLE:
                before = [c for c in reports if c.position < item.position]
                # "said the claim was false" after "a post claims that …" and "its author wrote …":
                # the report named by the denial's own noun, when one was.
                nouns = {w.rstrip("s") for w in re.findall(r"[a-z]+", item.text.lower()) if w in _REPORT_WORDS}
                named = [c for c in before if _cue_noun(c.position, self.cues) in nouns]
                before = named or before
                if _says_nothing(item) and before:
                    # "Voltara said there was no truth in the report": the report just given.
                    best = before[-1]
                else:
                    best = max(reports, key=lambda c: (denial_score(item, c, self.weights), -c.position))
                log.debug("denial %r: the report's claim", item.text[:60])
                return best.proposition
        previous = earlier[-1] if earlier else None
        # 3. A denial right after a denial by the same speaker continues it ("It is simply impossible").
        if (
            previous is not None
            and previous.kind == DENIAL
            and previous.denies is not None
            and previous.key == item.key
            and best_score < STRONG_IN_ARTICLE
        ):
            log.debug("denial %r: continues the previous denial", item.text[:60])
            return previous.denies
        if best_prop is not None and best_score >= DENIAL_IN_ARTICLE_THRESHOLD:
            log.debug("denial %r: in-article claim %.2f", item.text[:60], best_score)
            return best_prop
        # 4. The same proposition in other articles: its claims, or denials already linked to it.
        cross = self._cross_article_target(item)
        if cross is not None:
            log.debug("denial %r: other articles", item.text[:60])
            return cross
        # 5. A bare reference ("the allegations", "this") denies the nearest earlier claim of another speaker.
        if self._is_reference(item) and claims_before:
            log.debug("denial %r: reference to the nearest claim", item.text[:60])
            return claims_before[-1].proposition
        # 5a. Nothing matches its words: a later denial by one side rejects what its earlier one in
        # this article did ("rejected figures from a charity …" … "there was no basis for the number";
        # "the commission dismissed a video …" … "the commission's chair says the clip …").
        # 5b. "X made the whole thing up": a denial naming the claimant denies X's claim, here or
        # in another article of the story.
        claimant = self._claim_of_named_claimant(item)
        if claimant is not None:
            log.debug("denial %r: the claim of the party it names", item.text[:60])
            return claimant
        same_speaker = [
            d.denies
            for d in earlier
            if d.kind == DENIAL and d.denies is not None and (d.key and d.key == item.key or self._one_side(d, item))
        ]
        if same_speaker and best_score < DENIAL_IN_ARTICLE_THRESHOLD:
            log.debug("denial %r: as the speaker's earlier denial", item.text[:60])
            return same_speaker[-1]
        # 6. Otherwise the article's main proposition: the one most of its claims carry.
        log.debug("denial %r: main proposition (best in-article %.2f)", item.text[:60], best_score)
        return self._main_proposition(item)

    def _one_side(self, a: Item, b: Item) -> bool:
        """Whether two denials of this article speak for one party: one voice (as named, written or
        by role), or a role naming the other's party ("The commission's chair" for "electoral
        commission", "Quorrel spokeswoman" for "Quorrel Systems")."""
        names_a, names_b = self._party_names(a), self._party_names(b)
        return any(same_voice(x, y) for x in names_a for y in names_b)

    def _party_names(self, item: Item) -> list[str]:
        """A denial's speaker names and the party its role speaks for ("commission's chair" -> "commission")."""
        names = list(self.voices.get(item.position, (item.speaker,)))
        for name in list(names):
            owner = re.match(r"(?:the\s+|its\s+|their\s+)?([A-Za-z][\w -]*?)['’]s\s+\w+", name, re.IGNORECASE)
            if owner:
                names.append(owner.group(1))
            names.extend(sorted(_party_words(name)))
        return [n for n in names if n.lower() not in _NOT_A_PARTY and n.lower() not in ("he", "she", "it", "they")]

    def _reference_noun(self, item: Item) -> str | None:
        """The allegation noun a content-less denial names its object by, when it is definite
        ("the allegation", "the claims"; not "a claim", "that account" or "the union's account")."""
        target = self.target_texts.get(item.position)
        # The object named apart from the verdict ("the allegations" of "… as a desperate hoax").
        bare = item.target_concepts <= ALLEGATION_NOUNS | REFERENCE_NOUNS if target else self._is_reference(item)
        if not bare:
            return None
        words = re.findall(r"[a-z'’]+", (target or item.text).lower())
        for before, word in zip(["", *words], words, strict=False):
            noun = word[:-1] if word.endswith("s") and word[:-1] in ALLEGATION_NOUNS else word
            if noun in ALLEGATION_NOUNS:
                return noun if before == "the" else None
        return None

    def _repeated_reference(self, item: Item) -> int | None:
        """What an earlier denial of this article denies when it named its object by the same noun."""
        noun = self._reference_noun(item)
        if noun is None:
            return None
        for earlier in reversed(self.items[: item.position]):
            if earlier.kind != DENIAL or earlier.denies is None:
                continue
            words = re.findall(r"[a-z]+", (self.target_texts.get(earlier.position) or earlier.text).lower())
            if noun in words or noun + "s" in words:
                return earlier.denies
        # Else a denial of this story in another article that names it alike ("dismissed the
        # allegations as a desperate hoax" / "calling the allegation by his challenger a desperate hoax").
        best_score, best_prop = 0.0, None
        for cand in self.candidates(item, extra=item.target_concepts):
            if cand.kind != DENIAL or cand.denies is None or not self._same_story(cand.article_id):
                continue
            if noun not in cand.concepts and noun not in cand.target_concepts:
                continue
            score = similarity(item, cand, self.weights, for_denial=True)
            if score > best_score:
                best_score, best_prop = score, cand.denies
        return best_prop if best_score >= DENIAL_CROSS_THRESHOLD else None

    def _claim_of_named_source(self, item: Item) -> int | None:
        """The proposition of this article's claim made by the document a denial names as what it
        rejects ("the memo" -> the claim of "a leaked memo"), when exactly one source fits."""
        words = re.findall(r"[a-z]+", self.target_texts.get(item.position, "").lower())
        nouns = {w for w in words[:4] if w in CLAIM_CARRIER_NOUNS}
        if not nouns:
            return None
        fits = [
            c
            for c in self.items
            if c.kind == CLAIM
            and c.proposition is not None
            and not own_side(item, c)
            and nouns & set(re.findall(r"[a-z]+", c.speaker.lower()))
        ]
        props = {c.proposition for c in fits}
        if fits:
            return fits[0].proposition if len(props) == 1 else None
        # "Dismissed the leaked memo reported by NBS News": the memo was quoted by another outlet
        # of this story. Its claims there, the one the denial's words fit best (the first on a tie).
        ids = self.store.claim_ids_by_speaker_word(sorted(nouns), limit=CANDIDATES_PER_QUERY)
        self._read([sid for sid in ids if sid not in self.seen])
        stored = [
            c
            for sid in sorted(ids)
            if (c := self.seen.get(sid)) is not None
            and c.kind == CLAIM
            and c.proposition is not None
            and c.article_id != self.article_id
            and nouns & set(re.findall(r"[a-z]+", c.speaker.lower()))
            and not own_side(item, c)
            and self._same_story(c.article_id)
        ]
        if not stored:
            return None
        return max(stored, key=lambda c: (denial_score(item, c, self.weights), -c.id)).proposition

    def _claim_of_report_owner(self, item: Item) -> int | None:
        """The proposition of the claim made by the one a denial names as a report's owner ("no truth
        in the Courier's report", "the Courier's story was false"): in this article, else in another
        article of the same story; the claim the denial's words fit best."""
        owner = report_owner(item.text)
        if owner is None:
            return None
        word = re.compile(r"\b" + re.escape(owner) + r"\b", re.IGNORECASE)
        mine = [
            c
            for c in self.items
            if c.kind == CLAIM and c.proposition is not None and word.search(c.speaker) and not own_side(item, c)
        ]
        if not mine:
            ids = self.store.claim_ids_by_speaker_word([owner.lower()], limit=CANDIDATES_PER_QUERY)
            self._read([sid for sid in ids if sid not in self.seen])
            mine = [
                c
                for sid in sorted(ids)
                if (c := self.seen.get(sid)) is not None
                and c.kind == CLAIM
                and c.proposition is not None
                and c.article_id != self.article_id
                and word.search(c.speaker)
                and not own_side(item, c)
                and self._same_story(c.article_id)
            ]
        if not mine:
            return None
        # What the report said has content of its own ("stood by its story" names the report only).
        # A denial that names the report and nothing else means its main claim, the one given
        # first; one that says what it rejects means the claim its words fit best.
        contentful = [c for c in mine if len(c.concepts - _REPORT_WORDS - REPORT_NOUNS) >= 2] or mine
        if _says_nothing(item):
            return min(contentful, key=lambda c: (c.article_id != self.article_id, c.id, c.position)).proposition
        return max(contentful, key=lambda c: (denial_score(item, c, self.weights), -c.position, -c.id)).proposition

    def _claim_of_named_claimant(self, item: Item) -> int | None:
        """The proposition of a claim whose speaker a denial that matches nothing by its words names
        by surname ("Varnia made the whole thing up", "X knows it is not true"), the denier's own
        names apart: in this article, else in another article of the same story; the claim the
        denial's words fit best, the first on a tie. A claim that negates is left out (more likely
        a fellow denier's)."""
        own = {speaker_surname(n) for n in self.voices.get(item.position, (item.speaker,))}
        names = {w for w in _CLAIMANT_NAME.findall(item.text)} - own - {None}
        if not names:
            return None

        def fits(c: Item) -> bool:
            return (
                c.kind == CLAIM
                and c.proposition is not None
                and speaker_surname(c.speaker) in names
                and not own_side(item, c)
                and not _NEGATING.search(c.text)
            )

        mine = [c for c in self.items if fits(c)]
        if not mine:
            ids = self.store.claim_ids_by_speaker_word(sorted(n.lower() for n in names), limit=CANDIDATES_PER_QUERY)
            self._read([sid for sid in ids if sid not in self.seen])
            mine = [
                c
                for sid in sorted(ids)
                if (c := self.seen.get(sid)) is not None
                and c.article_id != self.article_id
                and fits(c)
                and self._same_story(c.article_id)
            ]
        if not mine:
            return None
        # Words first; a denial saying nothing more ("the whole thing") means the claimant's main
        # claim: the proposition most of their claims carry, then the first.
        carried: dict[int | None, int] = {}
        for c in mine:
            carried[c.proposition] = carried.get(c.proposition, 0) + 1
        return max(
            mine,
            key=lambda c: (
                similarity(item, c, self.weights, for_denial=True, min_shared=1),
                carried[c.proposition],
                -c.article_id,
                -c.position,
            ),
        ).proposition

    def relink_summaries(self) -> None:
        """A headline or entry-title denial restates a denial its body gives in full: when a later
        denial of the same side shares what is denied, the summary denies what that one denies
        ("Ministry denies troops on the move" above "the ministry denied reports that troops were
        moving to the border")."""
        for item in self.items:
            if item.kind != DENIAL or item.position not in self.summary_positions:
                continue
            body = [
                later
                for later in self.items
                if later.kind == DENIAL
                and later.position > item.position
                and later.position not in self.summary_positions
                and any(same_voice(item.speaker, name) for name in self.voices.get(later.position, (later.speaker,)))
            ]
            for n, later in enumerate(body):
                # The voice's first denial in the body is the lede the headline condenses, whatever
                # its words ("denies taking mining money" / "denied … received $400,000 … in return
                # for approving a mine"); a later one must share what is denied.
                lede = n == 0
                if lede and later.denies == item.denies:
                    break
                if (
                    later.denies is None
                    or later.denies == item.denies
                    or not lede
                    and similarity(item, later, self.weights, for_denial=True, min_shared=1) <= 0
                ):
                    continue
                log.debug("summary denial %r: as the body's denial %r", item.text[:60], later.text[:60])
                old = item.denies
                item.denies = item.proposition = later.denies
                self.store.set_statement_links(item.id, proposition=later.denies, denies=later.denies)
                if old is not None:
                    self.store.delete_unused_propositions([old])
                break

    def separate_own_claims(self, statements: list[Statement]) -> None:
        """A claim this article's denier makes on their own side leaves the proposition they deny.

        Claims are grouped before denials are linked, by shared words: "No land has been
        sold" joins "the council is preparing to sell the park" through "sell". When the
        same side denies that proposition in the same article, their claim cannot be
        asserting it (the denial's own words say the opposite), so it starts a proposition
        of its own rather than showing the denier on both sides.
        """
        denials = [d for d in self.items if d.kind == DENIAL and d.denies is not None]
        if not denials:
            return
        for claim, st in zip(self.items, statements, strict=True):
            if claim.kind != CLAIM or claim.proposition is None:
                continue
            if any(d.denies == claim.proposition and own_side(d, claim) for d in denials):
                log.debug("claim %r: on the side denying its proposition, grouped alone", claim.text[:60])
                claim.proposition = self.store.create_proposition(st.text, st.speaker, st.lemmas, st.entities)
                self.store.set_statement_links(claim.id, proposition=claim.proposition, denies=None)
                self.stored.pop(claim.id, None)

    def _cross_article_target(self, item: Item) -> int | None:
        """The proposition other articles' claims (or denials already linked) say `item` denies."""
        best_score, best_prop = 0.0, None
        query = item
        named = item.target_concepts - REFERENCE_NOUNS - ALLEGATION_NOUNS - _VERDICT_CONCEPTS
        if len(named) >= 2:
            # "The anglers' count of 4,000 dead fish has been called exaggerated by the firm's lawyers":
            # the object of the verdict says what is denied; the verdict and who gave it do not, and
            # among the rarest words they would crowd out the ones the denied claim shares.
            query = item.linked(item.proposition, item.denies)
            query.concepts = item.target_concepts
        for cand in self.candidates(query, extra=item.target_concepts):
            if not self._same_story(cand.article_id):
                continue
            if cand.kind == CLAIM and cand.proposition is not None:
                if own_side(item, cand):
                    continue
                score = denial_score(query, cand, self.weights)
                prop = cand.proposition
            elif cand.kind == DENIAL and cand.denies is not None:
                score = denial_score(query, cand, self.weights)
                prop = cand.denies
            else:
                continue
            if score > best_score:
                best_score, best_prop = score, prop
        return best_prop if best_score >= DENIAL_CROSS_THRESHOLD else None

    def _same_story(self, article_id: int) -> bool:
        """Whether a stored article reports this article's story (shared names, `same_story`): a
        denial is linked to a claim of another article only then, so a hoax denial about one event
        never denies a claim about another that happens to use the same words."""
        if article_id == self.article_id:
            return True
        if article_id not in self.stories:
            told = self.stored_stories.get(article_id)
            if told is None:
                rows = self.store.story_fields(article_id)
                cues = {r["id"]: r.get("cue") or "" for r in rows}
                told = story_words((r.get("speaker"), r.get("entities") or ()) for r in rows), cues
                self.stored_stories[article_id] = told
            self.stored_cues.update(told[1])
            self.stories[article_id] = same_story(self.story, told[0])
        return self.stories[article_id]

    @staticmethod
    def _is_reference(item: Item) -> bool:
        """A denial whose own words name no content beyond 'the allegations' or 'the claim'."""
        content = (item.concepts | item.target_concepts) - REFERENCE_NOUNS
        return len(content) <= 1

    def _main_proposition(self, item: Item) -> int | None:
        """The proposition most of the article's claims by other speakers carry (two at least)."""
        counts: dict[int, int] = {}
        for cand in self.items:
            if cand.kind == CLAIM and cand.proposition is not None and not own_side(item, cand):
                counts[cand.proposition] = counts.get(cand.proposition, 0) + 1
        if not counts or max(counts.values()) < 2:
            return None
        return max(counts, key=lambda p: (counts[p], -p))


def _bounded_union(old: list[str], statements: list[Statement], attribute: str) -> set[str]:
    """A signature grown by the statements' lemmas or entities, up to `SIGNATURE_SIZE` words.

    A proposition many outlets carry would otherwise gather every word they
    use, and its signature would grow with the store.
    """
    out = set(old)
    for statement in statements:
        for word in getattr(statement, attribute):
            if len(out) >= SIGNATURE_SIZE:
                return out
            out.add(word)
    return out


def assign_propositions(store: Store, article_id: int, statement_ids: list[int], statements: list[Statement]) -> None:
    """Give each new statement of an article its proposition and each denial its target.

    Runs inside the article's transaction right after its statements are
    stored. Claims are grouped first, in article order (so a denial can point
    at any claim of its article); then each denial gets `denies` = the
    proposition it rejects and the same `proposition_id` (a proposition thus
    gathers the claims for it and the denials against it). A denial whose
    target is not found stays unlinked (`denies` NULL, no proposition) until a
    later article brings a matching claim, which then links it.
    """
    grouper = Grouper(store, article_id)
    grouper.items = [
        item_from_statement(sid, article_id, i, st)
        for i, (sid, st) in enumerate(zip(statement_ids, statements, strict=True))
    ]
    grouper.report_positions = {i for i, st in enumerate(statements) if st.kind == CLAIM and is_report_claim(st)}
    grouper.target_texts = {i: st.target_text or "" for i, st in enumerate(statements) if st.kind == DENIAL}
    grouper.cues = {i: st.cue for i, st in enumerate(statements)}
    grouper.summary_positions = {i for i, st in enumerate(statements) if st.kind == DENIAL and is_summary_line(st)}
    # "Norland governor denies …" above "Norland Governor Dev Ostrander denied …": a headline names
    # the speaker by role, so the body's speaker is compared as written and by role too.
    grouper.voices = {
        i: tuple(n for n in (st.speaker, st.speaker_text, st.speaker_role) if n)
        for i, st in enumerate(statements)
        if st.kind == DENIAL
    }
    grouper.claim_voices = {
        i: tuple(n for n in (st.speaker, st.speaker_text, st.speaker_role) if n)
        for i, st in enumerate(statements)
        if st.kind == CLAIM
    }
    grouper.story = story_words((st.speaker, st.entities) for st in statements)
    grouper.assign_claims(statements)
    grouper.answer_negations()
    for item, statement in zip(grouper.items, statements, strict=True):
        if item.kind == DENIAL and item.position not in grouper.flipped:
            grouper.assign_denial(item, statement.denies_index)
    grouper.relink_summaries()
    grouper.separate_own_claims(statements)
