"""Whose side a statement is on: the party a speaker stands for, one voice under several names."""

from __future__ import annotations

import functools
import re

from bot.nlp.lexicon import PERSON_ROLE_NOUNS
from bot.nlp.signatures import Item

_NAME_WORD = re.compile(r"\b[A-Z][A-Za-z'’-]+")
# A name a denial may give its claimant by ("Varnia", "Grendon"), as `speaker_surname` gives it.
_CLAIMANT_NAME = re.compile(r"\b[A-Z][a-z][\w-]+")
# Capitalised words that name no party ("The", a title), left out when comparing sides.
_NOT_A_PARTY = frozenset("the a an mr mrs ms dr cllr executive chief spokesman spokeswoman spokesperson".split())


# Heads of a description that speaks for the party it names ("Corvanta spokeswoman").
_SPEAKS_FOR = frozenset(
    "spokesman spokeswoman spokesperson official officials executive executives lawyer lawyers "
    "representative representatives statement management board office".split()
)
# "Cllr Follis's office", "the Courier's spokesman": a role owned by a named party speaks for it.
_OWNED_ROLE = re.compile(r"^(?:the\s+)?(.*?[A-Z][\w-]*)['’]s\s+(?:[a-z]+\s+)?([a-z]+)$")
# "lawyers for Rafe Calloway", "a spokeswoman for the Harbour Board": the role first, then whom it speaks for.
_ROLE_FOR = re.compile(r"^(?:(?:a|an|the)\s+)?(?:[a-z]+\s+)?([a-z]+)\s+(?:for|of)\s+(.*[A-Z].*)$")
# Lower-case words inside a name ("University of Corriston", "Museum of World Cultures").
_NAME_LINKS = frozenset({"of", "for", "and", "the", "de"})


def unpossessive(word: str) -> str:
    """A word without a possessive ending ("Follis's" -> "Follis"), its own final s kept ("Follis")."""
    return re.sub(r"['’]s$|(?<=s)['’]$", "", word)


# Cached: the same stored speakers are compared with every new denial and claim, article after article.
@functools.lru_cache(maxsize=16384)
def _party_words(speaker: str) -> frozenset[str]:
    """The party a speaker stands for, as its capitalised words.

    A name ("Corvanta", "Aldermoor Athletic") is its own party; a description
    counts only when it speaks for what it names ("Corvanta spokeswoman" ->
    {"corvanta"}, "lawyers for Corvanta"), not when it merely mentions it ("a former Corvanta
    engineer"); so does a role the party owns ("Cllr Follis's office", "the Courier's spokesman"
    -> that party). A name may hold linking words ("University of Corriston").
    """
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", speaker)
    if not words:
        return frozenset()
    owned = _OWNED_ROLE.match(speaker.strip())
    if owned and owned.group(2) in _SPEAKS_FOR | PERSON_ROLE_NOUNS:
        return _party_words(owned.group(1))
    role_for = _ROLE_FOR.match(speaker.strip())
    if role_for and role_for.group(1) in _SPEAKS_FOR:
        return _party_words(role_for.group(2))
    is_name = words[0][0].isupper() and all(w[0].isupper() or w in _NAME_LINKS for w in words)
    if not is_name and words[-1].lower() not in _SPEAKS_FOR:
        return frozenset()
    return frozenset({unpossessive(w).lower() for w in _NAME_WORD.findall(speaker)} - _NOT_A_PARTY)


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


def _unnamed_voice(speaker: str) -> bool:
    """A speaker given by one common noun ("organisation", "man", "people"): who it stands for is
    told elsewhere in the article, so its side cannot be checked (FNC-1 train: "the organisation"
    saying "no suspected cases" after the WHO it stands for had said so)."""
    words = speaker.split()
    return len(words) == 1 and speaker.islower()


def _party_of(voices: tuple[str, ...]) -> set[str]:
    """The party a negated statement speaks for: `_party_words` of its speaker as named, as written
    and by role, lowercased. Not the names its words give: "we have no notification from the X
    government" names X without speaking for it (FNC-1 train, first 400 related pairs: three such
    negations became denials of claims naming X, none disputing them)."""
    out: set[str] = set()
    for voice in voices:
        out |= _party_words(voice)
    return out - _NOT_A_PARTY


def same_voice(a: str, b: str) -> bool:
    """Two speaker names for one voice: equal, or one inside the other as whole words
    ("Authority" and "transit authority", "Acme" and "Acme spokeswoman")."""
    x, y = a.lower().strip(), b.lower().strip()
    if not x or not y:
        return False
    short, long = sorted((x, y), key=len)
    return re.search(r"\b" + re.escape(short) + r"\b", long) is not None
