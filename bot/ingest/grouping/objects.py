"""Denial targets found by how a denial names its object: an attack on its speaker ("the attack"), or
a report named by its content ("the engagement talk", "the engineer story")."""

from __future__ import annotations

import re

from bot.ingest.grouping.base import GrouperBase
from bot.ingest.grouping.negations import _holds
from bot.ingest.grouping.sides import _party_words, own_side, unpossessive
from bot.models import CLAIM
from bot.nlp.lexicon import ALLEGATION_NOUNS, FALSITY_WORDS, TRUTH_WORDS
from bot.nlp.signatures import Item


class ObjectTargets(GrouperBase):
    """The claim a denial denies, found through the noun phrase it names its object by."""

    def _claim_of_object_words(self, item: Item) -> int | None:
        """The claim of this article saying the content words by which a denial names a report or
        allegation ("dismissed the engagement talk" -> "the pair are secretly engaged"; "the
        engineer story never happened" -> "the attaché had tried to recruit a shipyard engineer"): the
        one proposition whose claims hold most of those words as word forms; None when none does or
        two propositions hold as many."""
        wanted: set[str] = set()
        for text in (self.target_texts.get(item.position) or "", item.text):
            for found in _DESCRIBED.finditer(text):
                wanted |= {w for w in found.group(1).lower().split() if w not in _NOT_CONTENT}
        if not wanted:
            return None
        held: dict[int, int] = {}
        for c in self.items:
            if c.kind != CLAIM or c.proposition is None or own_side(item, c):
                continue
            n = sum(1 for w in wanted if _holds(w, c.concepts))
            if n:
                held[c.proposition] = max(held.get(c.proposition, 0), n)
        if not held:
            return None
        ranked = sorted(held.items(), key=lambda p: -p[1])
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None  # no link rather than a guess between two
        return ranked[0][0]

    def _accusation_of_denier(self, item: Item) -> int | None:
        """The accusation against the denier that a denial naming its object only by a noun rejects
        ("Renn dismissed the attack as desperate", after "Orme accused Renn of selling out
        fishermen" and "Orme said Renn had lobbied for a casino"): of this article's earlier claims
        by others that name the denier's party, the nearest whose cue accuses ("accused", "alleged",
        "blamed"). A claim merely mentioning the denier is not an attack on them; None when no
        accusation names them."""
        noun = self._object_noun(item)
        if noun is None:
            return None
        party = self._denier_party(item)
        if not party:
            return None
        accusations = [
            c
            for c in self.items[: item.position]
            if c.kind == CLAIM
            and c.proposition is not None
            and not own_side(item, c)
            and _ACCUSING_CUE.match(self.cues.get(c.position, "").lower())
            and party & _named_words(c)
        ]
        return accusations[-1].proposition if accusations else None

    def _denier_party(self, item: Item) -> set[str]:
        """The party words of a denial's speaker as named, written and by role."""
        party: set[str] = set()
        for name in self.voices.get(item.position, (item.speaker,)):
            party |= _party_words(name)
        return party

    def _object_noun(self, item: Item) -> str | None:
        """The noun a denial names its whole object by when it says nothing more of it ("the attack",
        "the allegations", "the charge" of "dismissed the attack as desperate"), else None."""
        target = self.target_texts.get(item.position) or ""
        words = re.findall(r"[a-z]+", target.lower())
        if not 1 <= len(words) <= 3 or words[0] not in ("the", "this", "that", "these", "those", "such"):
            return None
        nouns = [w[:-1] if w.endswith("s") and w[:-1] in _ACCUSATION_NOUNS else w for w in words[1:]]
        return nouns[-1] if nouns and nouns[-1] in _ACCUSATION_NOUNS else None


# A noun phrase of at most this many words names a report by its content ("the salary-cap breach story").
OBJECT_WORDS = 4
# Nouns by which a denial names an attack on its speaker as its object ("the attack", "the charge").
_ACCUSATION_NOUNS = ALLEGATION_NOUNS | {"attack", "smear", "slur"}
# "the engineer story", "the engagement talk", "the salary-cap claims": a report noun after one or two
# words saying what it is about.
_DESCRIBED = re.compile(
    r"\b(?:the|this|that|these|those|any)\s+((?:[a-z][\w-]*\s+){1,2})(?:"
    + "|".join(sorted(_ACCUSATION_NOUNS))
    + r")s?\b",
    re.IGNORECASE,
)
# Words before a report noun that say how it is seen or when, not what it says.
_NOT_CONTENT = (
    FALSITY_WORDS
    | TRUTH_WORDS
    | frozenset(
        "whole latest new recent original same entire so-called such wild baseless false fake ridiculous "
        "absurd malicious online media newspaper press".split()
    )
)
# Cues by which a claim accuses someone ("accused", "alleges", "blamed", "charged", "attacked").
_ACCUSING_CUE = re.compile(r"(?:accus|alleg|blam|charg|attack|critici[sz])")


def _named_words(claim: Item) -> set[str]:
    """The names a claim's words give, lowercased, possessives cut ("Renn's" -> "renn")."""
    names = [*claim.entities, *_NAME_TEXT.findall(claim.text)]
    return {unpossessive(word).lower() for name in names for word in name.split()}


_NAME_TEXT = re.compile(r"\b[A-Z][\w'’-]+")
