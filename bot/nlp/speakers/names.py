"""Speaker kinds, the `Speaker` and `Mention` records, and cleaning a name as written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp.lexicon import (
    TITLE_WORDS,
)

PERSON = "person"
GROUP = "group"
UNKNOWN = "unknown"

# Entity labels that name an organisation, place or people speaking as one.
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
DETERMINERS = frozenset({"the", "a", "an"})
# Forms of address that are not roles.
# Titles that are followed by a person's name ("Chancellor Olaf Scholz"), never by an organisation.
PERSON_TITLES = frozenset(
    "president chancellor minister secretary senator sen rep governor gov mayor mr mrs ms dr prof "
    "judge general gen king queen prince princess pope ambassador spokesman spokeswoman chairman "
    "chairwoman commissioner premier sheikh emir justice congressman congresswoman".split()
)
# Words that end an organisation's name rather than a person's.
ORG_HEAD_WORDS = frozenset(
    "committee party council ministry department house court bank union office agency commission "
    "government administration parliament assembly senate congress police army force forces group "
    "company corporation association foundation institute university school church news times post".split()
)
# Prepositions that say where or when someone spoke, not who they are ("said X on TV").
CIRCUMSTANCE_PREPS = frozenset("on in during after before to with via through amid following at".split())
# Modifiers that date a role rather than name it ("the outgoing governor").
TEMPORAL_MODIFIERS = frozenset("outgoing former new incoming acting interim then current longtime veteran".split())
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "mx"})
_NAME_TRIM = re.compile(r"^[\W_]+|(?:['’]s)?[\W_]*$")


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker of one statement."""

    name: str  # canonical within the article
    text: str  # as written at this statement
    role: str | None
    type: str  # person | group | unknown


@dataclass
class Mention:
    """A subject noun phrase as written, before resolution."""

    text: str  # the phrase as written (without relative clauses)
    kind: str  # "name" | "pronoun" | "nominal" | "group" | "document"
    head: Token
    name: str | None = None  # a person's name found in the phrase
    role: str | None = None
    type: str = UNKNOWN


def clean_name(words: list[str]) -> tuple[list[str], list[str]]:
    """Split an entity's words into (title words, name words), dropping possessives."""
    words = [_NAME_TRIM.sub("", w) for w in words]
    words = [w for w in words if w]
    titles: list[str] = []
    while words and (words[0].lower() in TITLE_WORDS or words[0].lower() in DETERMINERS) and len(words) > 1:
        titles.append(words.pop(0))
    return titles, words


def role_before(ent: Span) -> list[Token]:
    """Tokens left of a name that modify it inside its noun phrase ("Foreign Ministry spokesman")."""
    doc = ent.doc
    out: list[Token] = []
    i = ent.start - 1
    while i >= 0:
        tok = doc[i]
        if tok.dep_ not in ("compound", "amod", "nmod", "poss", "case", "nummod") or tok.pos_ not in (
            "NOUN",
            "PROPN",
            "ADJ",
            "PART",
            "NUM",
        ):
            break
        if not (ent.start <= tok.head.i < ent.end or tok.head.i in {t.i for t in out} or tok.head.i > tok.i):
            break
        if tok.head.i >= ent.end + 1:
            break
        out.insert(0, tok)
        i -= 1
    while out and (out[0].dep_ == "case" or out[0].lower_.rstrip(".") in HONORIFICS):
        out.pop(0)
    # A word written joined to the role's first ("26-year-old", split by the tokenizer) is part of it.
    while out and out[0].i > 0 and not doc[out[0].i - 1].whitespace_ and doc[out[0].i - 1].text in "-‐–":
        out[:0] = [t for t in doc[max(0, out[0].i - 2) : out[0].i]]
    # A role names what someone is: "1,200 Hillary Clinton (emails)" or "26-year-old" alone is no role.
    if not any(t.pos_ in ("NOUN", "PROPN") and not _has_digit(t) for t in out):
        return []
    return out


def _has_digit(tok: Token) -> bool:
    return any(ch.isdigit() for ch in tok.text)


def appos_role(ent: Span) -> str | None:
    """The role given by an apposition: "Smith, the committee chairman," or "the chairman, Smith"."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and not child.ent_type_ == "PERSON" and not _has_digit(child):
            if relation_of_another(child):
                continue  # "Jane Doe, whose husband, John Doe, …": the husband is someone else
            # "Smith, blond and 5-foot-11," describes her looks, not her role
            return phrase_without_det(child)
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head
        # "the governor of the Central Bank, Jane Smith": the apposition hangs on "Bank", the role is "governor …"
        while head.pos_ != "NOUN" and head.dep_ in ("pobj", "prep", "compound") and head.head.i < head.i:
            head = head.head
        if head.pos_ == "NOUN":
            return phrase_without_det(head, stop=ent.start)
    return None


def relation_of_another(noun: Token) -> bool:
    """A noun set beside a name that is someone else related to them ("whose husband"), not their role."""
    return any(c.tag_ == "WP$" for c in noun.children)


def phrase_without_det(head: Token, stop: int | None = None) -> str | None:
    """A short noun phrase around `head`, without determiners, clauses or appositions."""
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ in ("relcl", "appos", "acl", "punct"):
            dropped.update(t.i for t in child.subtree)
    keep = [t for t in head.subtree if t.i not in dropped and not t.is_punct and not t.is_space]
    if stop is not None:
        keep = [t for t in keep if t.i < stop]
    while keep and (keep[0].lower_ in DETERMINERS or keep[0].tag_ == "PRP$"):
        keep.pop(0)
    if not keep or len(keep) > 8:
        return None
    return head.doc[keep[0].i : keep[-1].i + 1].text


def titled_names(doc: Doc) -> list[Span]:
    """Names NER missed but a title announces: "Chancellor Olaf Scholz", "Mr Lee"."""
    out: list[Span] = []
    n = len(doc)
    if not n:
        return out
    # A title starts with a capital: lower-case words, punctuation and spaces (half the tokens) cannot
    # open one, so the walk visits the others only, read as one array of flags, not Token by Token.
    flags = doc.to_array(["IS_LOWER", "IS_PUNCT", "IS_SPACE"])
    free = 0  # the first token not inside a name already found
    for i in (flags.sum(axis=1) == 0).nonzero()[0].tolist():
        if i < free:
            continue
        tok = doc[i]
        if tok.lower_.rstrip(".") in PERSON_TITLES and tok.text[:1].isupper() and tok.ent_type_ not in ("PERSON",):
            j = i + 1
            while j < n and doc[j].lower_.rstrip(".") in TITLE_WORDS and doc[j].text[:1].isupper():
                j += 1
            k = j
            while (
                k < n
                and doc[k].pos_ == "PROPN"
                and doc[k].text[:1].isupper()
                and doc[k].ent_type_ not in ("GPE", "NORP", "PERSON", "DATE")
                and doc[k].lower_ not in ORG_HEAD_WORDS
            ):
                k += 1
            org_before = doc[j].ent_type_ == "ORG" and doc[j].ent_iob_ != "B" if j < n else False
            if k > j and k - j <= 3 and not org_before and (k >= n or doc[k].lower_ != "of"):
                out.append(Span(doc, j, k, label="PERSON"))
            free = max(k, i + 1)
    return out


def with_given_names(ent: Span) -> Span:
    """A PERSON entity widened over given names NER left out ("MP Priyanka [Gandhi Vadra]")."""
    doc = ent.doc
    start = ent.start
    while (
        start > 0
        and start - ent.start > -2
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and not doc[start - 1].ent_type_
        and doc[start - 1].text.istitle()
        and doc[start - 1].lower_.rstrip(".") not in TITLE_WORDS
    ):
        start -= 1
    return ent if start == ent.start else Span(doc, start, ent.end, label="PERSON")


def name_words(name: str) -> set[str]:
    """The words of a name for matching, hyphenated parts included ("Al-Ansari" → al, ansari)."""
    return {w.lower() for w in re.split(r"[\s\-‐–]+", name) if w}


def name_as_written(tokens: list[Token], titles: int) -> str | None:
    """A name as the text spells it ("Majed Al-Ansari"), without titles or trailing punctuation."""
    tokens = [t for t in tokens if t.tag_ != "POS"][titles:]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens:
        return None
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text
