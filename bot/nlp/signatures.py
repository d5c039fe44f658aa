"""Statement signatures: the concepts, negations and speaker key two statements are compared by.

Content-word lemmas are normalised and mapped through a small general synonym
table of the political-news lexicon (`CONCEPTS`: assurance ≈ guarantee ≈
pledge …); negated concepts and a normalised speaker key come with them. An
`Item` carries one statement's signature. Pure functions: the store-side
grouping that uses them lives in `bot.ingest.grouping`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.models import Statement

# ---------------------------------------------------------------- lexicon

# Words that paraphrase one another in political news, by concept: a concept stands
# for all its members. Each entry stays only while a measured number keeps it:
# "negotiation" helps grouping on tests/data/news; "commitment", "escalation" and
# "troop" hold the seeds' grouping floor (B-cubed .853 with them, .805 without).
# The seed-era entries (freeze/lock, aim/goal, prospect/perspective, …) moved no
# figure on news, news2 or news3, and worker/increase/price lowered denial linking
# there, so they were dropped; the denial side compares meaning with sentence
# embeddings instead (`bot.nlp.embeddings`).
CONCEPTS: dict[str, tuple[str, ...]] = {
    "commitment": (
        "assurance",
        "assure",
        "guarantee",
        "pledge",
        "promise",
        "vow",
        "commitment",
        "commit",
        "reassurance",
        "reassure",
        "undertaking",
    ),
    "escalation": (
        "escalation",
        "escalate",
        "deterioration",
        "deteriorate",
        "degradation",
        "degrade",
        "worsen",
        "aggravate",
        "aggression",
        "aggressive",
        "intensify",
        "intensification",
        "flare",
    ),
    "troop": ("troop", "soldier", "force", "army"),
    "negotiation": ("negotiation", "negotiate", "talk"),
    # General news paraphrase, not from the seeds: neutral on news/news2/news3, kept for the
    # cross-outlet paraphrases tests/test_propositions.py checks.
    "decrease": ("decrease", "fall", "drop", "decline", "reduce", "reduction", "cut", "lower", "slash", "eliminate"),
    "company": ("company", "firm", "business", "corporation"),
    "outbreak": ("outbreak", "epidemic", "pandemic"),
    "medicine": ("medicine", "drug", "medication"),
}
_CONCEPT_OF: dict[str, str] = {word: concept for concept, words in CONCEPTS.items() for word in words}
# The English lemmatizer's known slips on news words ("taxes" → "taxis").
_LEMMA_FIXES = {"taxis": "tax", "americans": "american"}

# Reporting and light verbs, fillers and weekdays: they say nothing about what was said.
GENERIC = frozenset(
    """say tell state add note report accord announce explain describe reveal insist stress
    acknowledge argue remark declare claim comment speak suggest mention be have do make give
    take go come put let see think believe know want seem appear also still just even well
    very really thing way time lot mr mrs ms today yesterday tonight monday tuesday wednesday
    thursday friday saturday sunday one two now order can could would will may might must shall should
    """.split()
)
_NEGATION = re.compile(r"\b(?:no|not|never|nor|none|neither|cannot|without)\b|n't\b", re.IGNORECASE)
_QUOTE_MARKS = str.maketrans({"\u2019": "'", "\u2018": None, "\u201c": None, "\u201d": None, '"': None})
# Function words that end a negated phrase ("no escalation *on* the border").
_FUNCTION_WORDS = frozenset(
    "in on at by for with from onto over under against between along about after before "
    "during since until than that which who whom whose because but if while as so".split()
)
# Words that may stand between a negation and what it negates ("will not make any further …").
_NEGATION_GAP = frozenset(
    "be been being is are was were will would could can should any further more longer make take have has had "
    "do does did such a an the to yet ever even always also really into".split()
)
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
# Stop words of target phrases ("no such assurance", "the allegations"), which have no lemmas.
_PHRASE_STOP = frozenset(
    "a an the this that these those such any no not of to in on it its his her their there any".split()
)

# Nouns by which a denial refers to what it denies without saying it ("slammed the allegations").
REFERENCE_NOUNS = frozenset(
    {"accusation", "report", "statement", "proposal", "rumor", "rumour", "speculation", "notion", "idea"}
)

# Thresholds, tuned so that paraphrases join and mere topic overlap does not.
CLAIM_THRESHOLD = 0.45  # a claim joins an existing proposition at or above this score
DENIAL_IN_ARTICLE_THRESHOLD = 0.3  # a denial's target among the claims of its own article
DENIAL_CROSS_THRESHOLD = 0.42  # a denial's target in other articles
CANDIDATES_PER_QUERY = 60  # newest matching statement ids per concept from the index
CANDIDATES_READ = 80  # candidate statements compared per statement, those sharing most concepts first
QUERY_CONCEPTS = 6  # the rarest concepts of a statement used to find candidates
MERGE_THRESHOLD = 0.6  # one article's claims matching two stored propositions this well merge them
CONTINUATION_THRESHOLD = 0.3  # nearby statements of one speaker in one article (see `_continues`)
CONTINUATION_DISTANCE = 3  # statements apart
SIGNATURE_SIZE = 64  # most lemmas (and entities) a proposition's stored signature keeps
SAME_SPEAKER_BONUS = 0.1
SEMANTIC_WEIGHT = 0.6  # weight of sentence-embedding closeness when choosing what a denial denies
OTHER_SPEAKER_PENALTY = 0.1
ENTITY_WEIGHT = 0.5  # names weigh half: every statement of a story mentions its actors


def normalise_lemma(lemma: str) -> str:
    """One spelling per word: British -isation/-ise as -ization/-ize, then its concept if any."""
    word = lemma.lower().strip()
    if word.endswith("isation"):
        word = word[: -len("isation")] + "ization"
    elif (word.endswith("alise") or word.endswith("ilise") or word.endswith("nise")) and not word.endswith("oise"):
        word = word[:-3] + "ize"
    word = _LEMMA_FIXES.get(word, word)
    if word not in _CONCEPT_OF and word.endswith("s") and word[:-1] in _CONCEPT_OF:
        word = word[:-1]  # a capitalised plural keeps its -s as lemma ("Talks")
    return _CONCEPT_OF.get(word, word)


def entity_concepts(entities: Iterable[str]) -> frozenset[str]:
    """The words of named entities, as concepts: they name the story's actors, not what was said."""
    out = set()
    for entity in entities:
        for word in _WORD.findall(entity.lower()):
            if word not in _PHRASE_STOP:
                out.add(normalise_lemma(word))
    return frozenset(out)


def concepts_of(lemmas: Iterable[str], entities: Iterable[str] = ()) -> frozenset[str]:
    """The grouping signature of some lemmas and entities: normalised content concepts."""
    out = set()
    for lemma in lemmas:
        for part in re.split(r"[\s_]+", lemma.lower()):
            if len(part) > 1 and part not in GENERIC and not part.isdigit():
                out.add(normalise_lemma(part))
    for entity in entities:
        words = _WORD.findall(entity.lower())
        if words:
            # The last word names the entity ("Angela Merkel" → "merkel"), as lemmas do.
            out.add(normalise_lemma(words[-1]))
    return frozenset(out - GENERIC)


def _phrase_lemmas(phrase: str | None) -> list[str]:
    """Crude lemmas of a short phrase the extractor gave without lemmas (plural -s removed)."""
    words = []
    for word in _WORD.findall((phrase or "").lower()):
        if word in _PHRASE_STOP or word in GENERIC:
            continue
        if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        words.append(word)
    return words


def negated_concepts(text: str | None, lemmas: Iterable[str]) -> frozenset[str]:
    """Concepts a negation applies to: the content words of the phrase after "no", "not", "n't" …

    The phrase runs over "or"/"nor"/"and" and ends at the next other function
    word or punctuation ("no further military escalation along …" negates
    military escalation). Surface words are matched to the statement's lemmas
    by their first letters ("escalating" → "escalate"), so "won't escalate" and
    "no escalation" both negate the escalation concept.
    """
    lemma_list = [lemma.lower() for lemma in lemmas]
    out = set()
    # Quote marks around a word ("no 'escalation'") do not end the phrase; curly apostrophes are apostrophes.
    body = (text or "").translate(_QUOTE_MARKS)
    for match in _NEGATION.finditer(body):
        window = re.findall(r"[A-Za-z'-]+|[^\sA-Za-z'-]", body[match.end() : match.end() + 80])
        taken = 0
        for token in window:
            word = token.lower().strip("'")
            if not word:
                continue
            if not word[0].isalpha():
                break
            if word in _NEGATION_GAP or word in GENERIC or word in {"or", "nor", "and"}:
                if taken and word not in {"or", "nor", "and"}:
                    break
                continue
            if word in _PHRASE_STOP or word in _FUNCTION_WORDS:
                break
            stem = word[:4]
            lemma = next((lemma for lemma in lemma_list if lemma[:4] == stem), None)
            if lemma is None:
                # A lemma of under four letters that the word extends ("jobs" of "job", "fined" of
                # "fin"): the negated concept must be the one the statement's lemmas give the word.
                lemma = next((lemma for lemma in lemma_list if len(lemma) >= 3 and word.startswith(lemma)), word)
            out.add(normalise_lemma(lemma))
            taken += 1
            if taken == 3:
                break
    return frozenset(out)


def speaker_key(speaker: str | None) -> str:
    """A comparable form of a speaker name.

    A personal name compares by its last word ("Angela Merkel" and "Merkel" →
    "merkel"); a description compares whole ("Russian officials" is not "US
    officials").
    """
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", speaker or "")
    if not words:
        return ""
    if all(word[0].isupper() for word in words):
        return words[-1].lower()
    return " ".join(word.lower() for word in words)


def _normal_text(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").lower()))


# ---------------------------------------------------------------- signatures


@dataclass
class Item:
    """A statement seen by the grouping step: new in this article, or a stored candidate."""

    id: int
    article_id: int
    position: int
    kind: str
    speaker: str
    text: str
    concepts: frozenset[str]
    negated: frozenset[str]
    entities: frozenset[str] = field(default_factory=frozenset)
    proposition: int | None = None
    denies: int | None = None
    target_concepts: frozenset[str] = field(default_factory=frozenset)
    key: str = ""  # the speaker's comparable name
    normal: str = ""  # the text's words, lowercase, for exact repeats

    def __post_init__(self) -> None:
        self.key = _cached_speaker_key(self.speaker)
        self.normal = _cached_normal_text(self.text)

    def linked(self, proposition: int | None, denies: int | None) -> Item:
        """A copy with these links (a plain attribute copy: signatures are not worked out again)."""
        clone = object.__new__(Item)
        clone.__dict__.update(self.__dict__)
        clone.proposition, clone.denies = proposition, denies
        return clone


_cached_speaker_key = functools.lru_cache(maxsize=16384)(speaker_key)
_cached_normal_text = functools.lru_cache(maxsize=65536)(_normal_text)


@functools.lru_cache(maxsize=65536)
def _signature(
    text: str, lemmas: tuple[str, ...], entities: tuple[str, ...], target_text: str
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Concepts, negated concepts, name concepts and target concepts of a statement (cached:
    the same stored statements come back as candidates article after article)."""
    return (
        concepts_of(lemmas, entities),
        negated_concepts(text, lemmas),
        entity_concepts(entities),
        concepts_of(_phrase_lemmas(target_text)),
    )


def _item(sid: int, article_id: int, position: int, kind: str, speaker: str, text: str,
          lemmas: Iterable[str], entities: Iterable[str], target_text: str | None) -> Item:  # fmt: skip
    concepts, negated, names, target = _signature(text, tuple(lemmas), tuple(entities), target_text or "")
    return Item(
        id=sid,
        article_id=article_id,
        position=position,
        kind=kind,
        speaker=speaker,
        text=text,
        concepts=concepts,
        negated=negated,
        entities=names,
        target_concepts=target,
    )


def item_from_statement(sid: int, article_id: int, position: int, st: Statement) -> Item:
    """An Item for a statement just extracted."""
    return _item(sid, article_id, position, st.kind, st.speaker, st.text or "", st.lemmas, st.entities, st.target_text)


def item_from_row(row: dict[str, Any]) -> Item:
    """An Item for a stored statement row (`Store.grouping_statements`)."""
    item = _item(
        row["id"],
        row["article_id"],
        row.get("position") or 0,
        row["kind"],
        row.get("speaker") or "",
        row.get("text") or "",
        row.get("lemmas") or (),
        row.get("entities") or (),
        row.get("target_text"),
    )
    item.proposition = row.get("proposition_id")
    item.denies = row.get("denies")
    return item
