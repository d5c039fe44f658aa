"""`PersonRegistry`: the people an article names, with the roles written around them."""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Span, Token

from bot.nlp.lexicon import (
    GENERIC_LEADER_NOUNS,
    RIVAL_ROLE_WORDS,
    TITLE_WORDS,
)
from bot.nlp.speakers.given_names import common_given_name, given_name, given_name_gender
from bot.nlp.speakers.names import (
    DETERMINERS,
    HONORIFICS,
    ORG_HEAD_WORDS,
    SPOKESPEOPLE,
    TEMPORAL_MODIFIERS,
    appos_role,
    clean_name,
    name_as_written,
    name_words,
    role_before,
    titled_names,
    with_given_names,
)


class PersonRegistry:
    """People named in an article by NER, with the fullest form and role of each."""

    def __init__(self, doc: Doc, ents: list[Span] | None = None) -> None:
        self.full_names: list[str] = []
        self.roles: dict[str, str] = {}
        self.mentions: list[tuple[int, str]] = []  # (token index, canonical name)
        self._name_at: dict[int, str] = {}
        self.role_at: dict[int, str] = {}  # entity start → role written at that mention
        # Lookups by name, built from `full_names` and rebuilt whenever it has grown.
        self._canonical: dict[str, str] = {}
        self._surnames: dict[str, str] = {}
        self._indexed = -1  # len(full_names) the two lookups were built for
        ents = list(doc.ents) if ents is None else ents
        persons = sorted(
            [e for e in ents if e.label_ == "PERSON"] + titled_names(doc) + given_named(doc, ents),
            key=lambda e: e.start,
        )
        cleaned: list[tuple[Span, list[str], str]] = []
        persons = [with_given_names(e) for e in persons]
        for ent in persons:
            if in_wire_credit(ent.doc, ent.start, ent.end):
                continue
            # Title-case headlines pull verbs into names ("Smith Says"): stop at the first non-name.
            name_tokens = []
            for tok in ent:
                if (
                    tok.pos_ not in ("PROPN", "NOUN", "ADJ", "PART", "PUNCT")
                    or tok.lower_ in ("says", "said")
                    or tok.tag_ == "POS"
                ):
                    break
                name_tokens.append(tok)
            while (
                len(name_tokens) > 1
                and name_tokens[0].pos_ in ("ADJ", "DET")
                and name_tokens[0].lower_ not in TITLE_WORDS
            ):
                name_tokens.pop(0)  # "Local councillor Jane Hale": a modifier NER swept into the name
            titles, words = clean_name([t.text for t in name_tokens])
            if not words or not words[0][:1].isupper() or not any(t.pos_ == "PROPN" for t in name_tokens):
                continue  # "Kestrian officials": a demonym NER took for a person
            name = name_as_written(name_tokens, len(titles)) or " ".join(words)
            cleaned.append((ent[: len(name_tokens)], titles, name))
            if len(name_words(name)) > 1 and name not in self.full_names:
                self.full_names.append(name)
        for ent, titles, name in cleaned:
            canonical = self.canonical(name)
            self.mentions.append((ent.start, canonical))
            for tok in ent:
                self._name_at[tok.i] = canonical
            role = self._role_of(ent, titles)
            if role:
                self.role_at[ent.start] = role
                if canonical not in self.roles:
                    self.roles[canonical] = role

    @staticmethod
    def _role_of(ent: Span, titles: list[str]) -> str | None:
        before = role_before(ent)
        parts = []
        if before:
            parts.append(ent.doc[before[0].i : before[-1].i + 1].text)
        titles = [t for t in titles if t.lower().rstrip(".") not in HONORIFICS and t.lower() not in DETERMINERS]
        if titles:
            parts.append(" ".join(titles))
        if parts:
            return " ".join(parts)
        return appos_role(ent)

    def canonical(self, name: str) -> str:
        """The fullest name in the article that contains every word of `name`.

        When the words fit two people ("Murphy": Chris Murphy, then Anne Marie Murphy), the one the
        article named first is meant, written as fully as the article writes that person.
        """
        self._index()
        found = self._canonical.get(name)
        if found is None:
            found = self._canonical[name] = self._fullest(name)
        return found

    def _fullest(self, name: str) -> str:
        """`canonical` computed (it is asked again for every mention of the same name)."""
        words = _name_words(name)
        fits = [full for full in self.full_names if words <= _name_words(full) and len(_name_words(full)) > len(words)]
        if not fits:
            return name
        first = _name_words(fits[0])
        same_person = [f for f in fits if first <= _name_words(f) or _name_words(f) <= first]
        return max(same_person, key=lambda f: len(_name_words(f)))

    def _index(self) -> None:
        """Rebuild the lookups by name when `full_names` has grown since they were built."""
        if self._indexed == len(self.full_names):
            return
        self._canonical.clear()
        self._surnames.clear()
        for full in self.full_names:
            # People are named again by their surname, not by a first word NER may have swept in.
            for surname in (re.split(r"[\s\-‐–]+", full)[-1].lower(), full.split()[-1].lower()):
                self._surnames.setdefault(surname, full)  # the first person of that surname
        self._indexed = len(self.full_names)

    def person_tokens(self) -> frozenset[int]:
        """The indices of the tokens `person_at` finds a person at."""
        return frozenset(self._name_at)

    def person_at(self, token: Token) -> str | None:
        """The canonical person a token is part of, if NER saw one there."""
        return self._name_at.get(token.i)

    def knows(self, word: str) -> str | None:
        """The canonical person whose name contains `word` ("Smith" → "John Smith")."""
        self._index()
        return self._surnames.get(word.lower())

    def person_at_index(self, i: int) -> str | None:
        """`person_at` for the token at index `i`, without making the Token."""
        return self._name_at.get(i)

    def by_role(self, head: Token, position: int, strict: bool = False) -> str | None:
        """The named person a role nominal ("the French president") most likely means. `strict` (for a
        headline, whose role is all the reader has) matches a generic "chief" only to a leading role."""
        modifiers = [
            c.lower_
            for c in head.children
            if c.dep_ in ("amod", "compound", "poss") and c.is_alpha and c.lower_ not in TEMPORAL_MODIFIERS
        ]
        head_word = head.lemma_.lower()
        # "the leader of the town council" names whose leader it is: a generic match on "leader" alone is no fit
        # unless the person's role names the same body by its own words ("council" alone names any council)
        owners = [
            o for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"
        ]
        qualified = {t.lower_ for o in owners for t in o.subtree if t.is_alpha} - DETERMINERS - ORG_HEAD_WORDS
        scored: list[tuple[int, str]] = []
        for name, role in self.roles.items():
            role_words = [w.lower().rstrip(".") for w in re.split(r"[\s'’]+", role) if w]
            head_ok = head_word in role_words or any(w.startswith(head_word) for w in role_words)
            if head_word in SPOKESPEOPLE and (set(role_words) & (SPOKESPEOPLE | {"press"})):
                head_ok = True  # "the spokesman" for a press secretary
            elsewhere = bool(qualified) and not qualified & set(role_words)
            if not head_ok and (head_word not in GENERIC_LEADER_NOUNS or elsewhere):
                continue
            if strict and not head_ok and not set(role_words) & GENERIC_LEADER_NOUNS:
                continue  # a generic "chief" or "leader" is someone who leads, not a "monitoring officer"
            if (set(role_words) & RIVAL_ROLE_WORDS) - set(modifiers):
                continue  # "the leader" is not the "opposition leader" named elsewhere
            score = 2 if head_ok else 0
            conflict = False
            for mod in modifiers:
                if any(w == mod or (len(mod) > 4 and w[:5] == mod[:5]) for w in role_words):
                    score += 1
                else:
                    conflict = True
            if conflict and not head_ok:
                continue
            if conflict and modifiers and score <= 2:
                continue
            scored.append((score, name))
        if not scored:
            return None
        top = max(s for s, _ in scored)
        names = {n for s, n in scored if s == top}
        before = [n for i, n in self.mentions if i < position and n in names]
        if before:
            return before[-1]
        after = [n for i, n in self.mentions if n in names]
        return after[0] if after else sorted(names)[0]


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> frozenset[str]:
    """`name_words`, kept: each article asks it again for every pair of names it compares."""
    return frozenset(name_words(name))


# Entity labels a person's name is sometimes given by mistake ("Ivanka Trump" as a product), or none.
_MISLABELS = frozenset({"", "PRODUCT", "WORK_OF_ART", "ORG"})


def given_named(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names NER missed or took for a product whose first word is a common given name of one sex ("Ivanka
    Trump" labelled a product): two capitalised proper nouns alone in a row, neither an organisation word."""
    out: list[Span] = []
    taken = {t.i for e in ents if e.label_ not in _MISLABELS for t in e}
    i, n = 0, len(doc)
    # One pass over the tokens: the loop below reads each several times. The coarse tags come as one
    # array, so only the proper nouns (a tenth of the tokens) are made into Token objects.
    name_like = [False] * n
    if n:
        propn = doc.vocab.strings["PROPN"]  # the symbol id spaCy's tag arrays hold
        for k in (doc.to_array("POS") == propn).nonzero()[0].tolist():
            tok = doc[k]
            name_like[k] = tok.text.istitle() and tok.is_alpha
    while i < n:
        j = i
        while j < n and j - i < 4 and name_like[j]:
            j += 1
        if j - i != 2:
            i = max(j, i + 1)
            continue
        # Two words exactly, the first the given name itself: not "Rachel Maddow Show", "Real Donald Trump".
        joined = i > 0 and not doc[i - 1].whitespace_  # "Secretary-Treasurer Gary Casteel"
        # nor part of a longer capitalised name ("Cleveland Jobs With Justice")
        joined = joined or (j < n and doc[j].text[:1].isupper() and doc[j].is_alpha)
        if not joined and not any(k in taken or doc[k].ent_type_ == "PERSON" for k in range(i, j)):
            words = doc[i:j]
            if not any(w.lower_ in ORG_HEAD_WORDS or w.lower_ in TITLE_WORDS for w in words):
                first = given_name(words.text)
                if first == words[0].text and common_given_name(words.text) and given_name_gender(words.text):
                    out.append(Span(doc, i, j, label="PERSON"))
        i = max(j, i + 1)
    return out


# Dashes that end a dateline ("SAN JOSE, June 10 (Wire) - …").
DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def in_wire_credit(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens start..end-1 are a dateline's bracketed wire credit ("June 10 (Calloway Wire) - …").

    An agency's name there is never a person, whatever NER or the parse make of it.
    """
    if start == 0 or end + 1 >= len(doc):
        return False
    return doc[start - 1].text == "(" and doc[end].text == ")" and doc[end + 1].text in DASHES
