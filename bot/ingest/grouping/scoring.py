"""Scores between statements: concept weights, claim similarity and how well a claim fits a denial."""

from __future__ import annotations

import functools
import math
import re
import weakref

from bot.models import DENIAL
from bot.nlp import embeddings
from bot.nlp.lexicon import (
    FALSITY_WORDS,
    TRUTH_WORDS,
)
from bot.nlp.signatures import (
    CONCEPTS,
    CONTINUATION_DISTANCE,
    ENTITY_WEIGHT,
    OTHER_SPEAKER_PENALTY,
    SAME_SPEAKER_BONUS,
    SEMANTIC_WEIGHT,
    Item,
)
from bot.store import Store

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
            # fsum: exactly rounded, so the mean does not depend on the order concepts were weighed in.
            self._mean = math.fsum(self.cache.values()) / len(self.cache) if self.cache else 1.0
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
    names = a.entities | b.entities | _written_names(a.text, a.concepts) | _written_names(b.text, b.concepts)
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

    # fsum, not sum: a float sum over a set depends on its iteration order (the hash seed), and two
    # near-equal scores would then rank one way or the other from run to run.
    shared_w = math.fsum(w(c) for c in shared)
    wa, wb = math.fsum(w(c) for c in ca), math.fsum(w(c) for c in cb)
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


# A word is written as a name when capitalised after the first word of its sentence; a text whose
# words are mostly capitalised is a title-case headline, where capitals mark no names.
_WORD_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[.!?:;\"“”]")
_SENTENCE_BREAK = frozenset('.!?:;"“”')
TITLE_CASE_SHARE = 0.5


@functools.lru_cache(maxsize=65536)
def _capitalised_words(text: str) -> frozenset[str]:
    """Lowercased words capitalised inside a sentence (names the tagger may have missed)."""
    tokens = _WORD_TOKEN.findall(text)
    words = [t for t in tokens if t[0].isalpha() and len(t) > 3]
    if not words or sum(w[0].isupper() for w in words) > TITLE_CASE_SHARE * len(words):
        return frozenset()
    out: set[str] = set()
    starts = True
    for token in tokens:
        if token in _SENTENCE_BREAK:
            starts = True
            continue
        if not starts and token[0].isupper() and not token.isupper():
            out.add(re.sub(r"['’]s$", "", token).lower())
        starts = False
    return frozenset(out)


def _written_names(text: str, concepts: frozenset[str]) -> frozenset[str]:
    """The statement's concepts written as names ("Pennard Civil Engineering's bid"), tagged or not.

    The entity tagger misses some names (a firm's full name, an invented place), and a name
    shared by two statements says whom they are about, not that they say the same thing.
    """
    return _capitalised_words(text) & concepts


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


def clear_best(scores: dict[int, float], margin: float) -> int | None:
    """The key of the highest score, unless another comes within `margin` of it (a tie: None)."""
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < margin:
        return None
    return ranked[0][0]
