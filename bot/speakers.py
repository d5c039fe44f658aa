"""Who is speaking: names, roles, pronouns and role nominals within one article.

An article names a person fully once ("Foreign Ministry spokesman John Smith")
and later as "Smith", "he" or "the spokesman". `PersonRegistry` collects the
people spaCy's NER finds, with the roles written around them; `describe_subject`
turns a subject noun phrase into a `Mention`; `bind_pronouns` walks the text once
to tie each he/she outside quotes to a person of compatible gender (honorifics,
gendered titles and appositions, earlier bindings), named or not ("a resident");
`SpeakerResolver` maps mentions to one canonical speaker per person, in document
order, using those bindings before falling back to the latest compatible speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.lexicon import (
    CLAIM_VERBS,
    DOCUMENT_NOUNS,
    FEMALE_PRONOUNS,
    FEMALE_WORDS,
    GENERIC_LEADER_NOUNS,
    GROUP_PRONOUNS,
    HUMAN_NOUNS,
    MALE_PRONOUNS,
    MALE_WORDS,
    NON_SPEAKER_PRONOUNS,
    NON_SPEAKER_WORDS,
    PERSON_DESCRIPTOR_NOUNS,
    PERSON_PRONOUNS,
    PERSON_ROLE_NOUNS,
    TITLE_WORDS,
)

PERSON = "person"
GROUP = "group"
UNKNOWN = "unknown"

# Entity labels that name an organisation, place or people speaking as one.
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
_DETERMINERS = frozenset({"the", "a", "an"})
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
_CIRCUMSTANCE_PREPS = frozenset("on in during after before to with via through amid following at".split())
# Modifiers that date a role rather than name it ("the outgoing governor").
_TEMPORAL_MODIFIERS = frozenset("outgoing former new incoming acting interim then current longtime veteran".split())
_SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "mx"})
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
    while words and (words[0].lower() in TITLE_WORDS or words[0].lower() in _DETERMINERS) and len(words) > 1:
        titles.append(words.pop(0))
    return titles, words


def _role_before(ent: Span) -> list[Token]:
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
    while out and (out[0].dep_ == "case" or out[0].lower_.rstrip(".") in _HONORIFICS):
        out.pop(0)
    return out


def _appos_role(ent: Span) -> str | None:
    """The role given by an apposition: "Smith, the committee chairman," or "the chairman, Smith"."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and not child.ent_type_ == "PERSON":
            return _phrase_without_det(child)
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head
        # "the governor of the Central Bank, Jane Smith": the apposition hangs on "Bank", the role is "governor …"
        while head.pos_ != "NOUN" and head.dep_ in ("pobj", "prep", "compound") and head.head.i < head.i:
            head = head.head
        if head.pos_ == "NOUN":
            return _phrase_without_det(head, stop=ent.start)
    return None


def _phrase_without_det(head: Token, stop: int | None = None) -> str | None:
    """A short noun phrase around `head`, without determiners, clauses or appositions."""
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ in ("relcl", "appos", "acl", "punct"):
            dropped.update(t.i for t in child.subtree)
    keep = [t for t in head.subtree if t.i not in dropped and not t.is_punct and not t.is_space]
    if stop is not None:
        keep = [t for t in keep if t.i < stop]
    while keep and (keep[0].lower_ in _DETERMINERS or keep[0].tag_ == "PRP$"):
        keep.pop(0)
    if not keep or len(keep) > 8:
        return None
    return head.doc[keep[0].i : keep[-1].i + 1].text


def _titled_names(doc: Doc) -> list[Span]:
    """Names NER missed but a title announces: "Chancellor Olaf Scholz", "Mr Lee"."""
    out: list[Span] = []
    i = 0
    n = len(doc)
    while i < n:
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
            i = max(k, i + 1)
            continue
        i += 1
    return out


def _with_given_names(ent: Span) -> Span:
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


def _name_words(name: str) -> set[str]:
    """The words of a name for matching, hyphenated parts included ("Al-Ansari" → al, ansari)."""
    return {w.lower() for w in re.split(r"[\s\-‐–]+", name) if w}


def _name_as_written(tokens: list[Token], titles: int) -> str | None:
    """A name as the text spells it ("Majed Al-Ansari"), without titles or trailing punctuation."""
    tokens = [t for t in tokens if t.tag_ != "POS"][titles:]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens:
        return None
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


class PersonRegistry:
    """People named in an article by NER, with the fullest form and role of each."""

    def __init__(self, doc: Doc, ents: list[Span] | None = None) -> None:
        self.full_names: list[str] = []
        self.roles: dict[str, str] = {}
        self.mentions: list[tuple[int, str]] = []  # (token index, canonical name)
        self._name_at: dict[int, str] = {}
        self.role_at: dict[int, str] = {}  # entity start → role written at that mention
        ents = list(doc.ents) if ents is None else ents
        persons = sorted([e for e in ents if e.label_ == "PERSON"] + _titled_names(doc), key=lambda e: e.start)
        cleaned: list[tuple[Span, list[str], str]] = []
        persons = [_with_given_names(e) for e in persons]
        for ent in persons:
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
            name = _name_as_written(name_tokens, len(titles)) or " ".join(words)
            cleaned.append((ent[: len(name_tokens)], titles, name))
            if len(_name_words(name)) > 1 and name not in self.full_names:
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
        before = _role_before(ent)
        parts = []
        if before:
            parts.append(ent.doc[before[0].i : before[-1].i + 1].text)
        titles = [t for t in titles if t.lower().rstrip(".") not in _HONORIFICS and t.lower() not in _DETERMINERS]
        if titles:
            parts.append(" ".join(titles))
        if parts:
            return " ".join(parts)
        return _appos_role(ent)

    def canonical(self, name: str) -> str:
        """The fullest name in the article that contains every word of `name`."""
        words = _name_words(name)
        best, best_size = name, len(words)
        for full in self.full_names:
            full_words = _name_words(full)
            if words <= full_words and len(full_words) > best_size:
                best, best_size = full, len(full_words)
        return best

    def person_at(self, token: Token) -> str | None:
        """The canonical person a token is part of, if NER saw one there."""
        return self._name_at.get(token.i)

    def knows(self, word: str) -> str | None:
        """The canonical person whose name contains `word` ("Smith" → "John Smith")."""
        low = word.lower()
        for full in self.full_names:
            # People are named again by their surname, not by a first word NER may have swept in.
            if re.split(r"[\s\-‐–]+", full)[-1].lower() == low or low == full.split()[-1].lower():
                return full
        return None

    def by_role(self, head: Token, position: int) -> str | None:
        """The named person a role nominal ("the French president") most likely means."""
        modifiers = [
            c.lower_
            for c in head.children
            if c.dep_ in ("amod", "compound", "poss") and c.is_alpha and c.lower_ not in _TEMPORAL_MODIFIERS
        ]
        head_word = head.lemma_.lower()
        scored: list[tuple[int, str]] = []
        for name, role in self.roles.items():
            role_words = [w.lower().rstrip(".") for w in re.split(r"[\s'’]+", role) if w]
            head_ok = head_word in role_words or any(w.startswith(head_word) for w in role_words)
            if head_word in _SPOKESPEOPLE and (set(role_words) & (_SPOKESPEOPLE | {"press"})):
                head_ok = True  # "the spokesman" for a press secretary
            if not head_ok and head_word not in GENERIC_LEADER_NOUNS:
                continue
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


def _is_plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children)


def _subject_tokens(head: Token, bounds: tuple[int, int] | None = None) -> list[Token]:
    """The subject phrase's tokens, without relative clauses and edge punctuation."""
    dropped: set[int] = set()
    if bounds is not None:
        dropped.update(t.i for t in head.subtree if not bounds[0] <= t.i < bounds[1])
    for tok in head.subtree:
        if tok.i == head.i:
            continue
        set_off = tok.left_edge.i > 0 and tok.doc[tok.left_edge.i - 1].text in (",", "(", "—", "–")
        dated = any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree)
        circumstance = (
            tok.dep_ == "prep"
            and tok.head.i == head.i
            and tok.lower_ in _CIRCUMSTANCE_PREPS
            and (head.ent_type_ == "PERSON" or head.i > head.head.i or dated)
        )
        participle = tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBG") and tok.i > head.i
        if tok.dep_ in ("relcl", "advcl") or (tok.dep_ == "acl" and set_off) or circumstance or participle:
            # "a study published in a journal last month": the participle describes, the noun speaks
            dropped.update(t.i for t in tok.subtree)
    tokens = [t for t in head.subtree if t.i not in dropped]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    # Keep the contiguous run that holds the head.
    run = [head]
    index = {t.i: t for t in tokens}
    i = head.i - 1
    while i in index:
        run.insert(0, index[i])
        i -= 1
    i = head.i + 1
    while i in index:
        run.append(index[i])
        i += 1
    while run and (run[-1].is_punct or run[-1].is_space):
        run.pop()
    while run and (run[0].is_punct or run[0].is_space):
        run.pop(0)
    return _balanced(run)


def _balanced(run: list[Token]) -> list[Token]:
    """A phrase without a half-open bracket ("the ruling Party (RVP" → "the ruling Party")."""
    depth = 0
    for n, tok in enumerate(run):
        if tok.text == "(":
            if depth == 0:
                opened = n
            depth += 1
        elif tok.text == ")":
            if depth == 0:
                return _balanced(run[n + 1 :]) if n < len(run) // 2 else run[:n]
            depth -= 1
    if depth > 0 and opened > 0:
        cut = run[:opened]
        while cut and (cut[-1].is_punct or cut[-1].is_space):
            cut.pop()
        return cut or run
    return run


def is_non_speaker(tokens: list[Token]) -> bool:
    """True for page elements and credits: "File photo by …", "Getty Images"."""
    words = {t.lower_ for t in tokens}
    return bool(words & NON_SPEAKER_WORDS)


def describe_subject(head: Token, registry: PersonRegistry, bounds: tuple[int, int] | None = None) -> Mention | None:
    """Classify a subject head as a name, pronoun, role nominal, group or document.

    `bounds` (token indices) keeps the phrase inside its sentence when a parse
    runs across a line break.
    """
    tokens = _subject_tokens(head, bounds)
    if not tokens or is_non_speaker(tokens):
        return None
    text = head.doc[tokens[0].i : tokens[-1].i + 1].text
    low = head.lower_
    if low in ("one", "some", "many", "several", "two", "three", "most") and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in head.children
    ):
        # "One of the sources said": a member of a group that speaks.
        return Mention(_strip_det(text), "group", head, type=GROUP)
    if head.pos_ in ("PRON", "DET") or (low in NON_SPEAKER_PRONOUNS and not head.text.isupper()):
        if low in PERSON_PRONOUNS:
            return Mention(text, "pronoun", head, type=PERSON)
        if low in GROUP_PRONOUNS:
            return Mention(text, "pronoun", head, type=GROUP)
        return None
    if head.lower_ == "old" and head.i >= 2 and head.doc[head.i - 2].lower_ in ("year", "years"):
        # "the 62-year-old": a person described by age, named earlier
        return Mention(text, "descriptor", head, type=PERSON)
    name = _person_in(tokens, head, registry)
    if name is not None:
        return Mention(text, "name", head, name=name, role=_role_in(tokens, head, name, registry), type=PERSON)
    titled = _titled_name(head, tokens)
    if titled is not None:
        # "Local councillor Jane Hale" with the name mislabelled as an organisation: the title says it is a person
        return Mention(text, "name", head, name=registry.canonical(titled), type=PERSON)
    named = _appositive_name(head, tokens)
    if named is not None:
        # "the club, Vault 9,", "a short seller, Bluefin Research,": the name says who speaks
        return Mention(named, "group", head, role=_strip_det(_phrase_without_det(head) or head.text), type=GROUP)
    if head.pos_ in ("NOUN", "PROPN") and head.ent_type_ != "PERSON":
        text = _without_set_off_appositions(head, tokens) or text
    lemma = head.lemma_.lower()
    definite_propn = any(c.lower_ == "the" for c in head.children) and not _is_plural(head)
    if head.ent_type_ == "NORP" and definite_propn and head.tag_ == "NNP":
        # "The Kentucky Republican said": a description of a person named before.
        return Mention(text, "descriptor", head, type=PERSON)
    if head.pos_ == "PROPN" and not head.ent_type_ and len(tokens) == 1 and head.text.istitle():
        # A lone capitalised name NER did not label ("Smith said") is most often a person.
        return Mention(text, "name", head, name=head.text, type=PERSON)
    if head.ent_type_ in GROUP_LABELS or head.pos_ == "PROPN":
        return Mention(_strip_det(text), "group", head, type=GROUP)
    if lemma in DOCUMENT_NOUNS:
        return Mention(_strip_det(text), "document", head, type=UNKNOWN)
    if head.pos_ in ("NOUN", "PROPN", "ADJ"):
        definite = any(c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in head.children)
        if lemma in PERSON_ROLE_NOUNS and not _is_plural(head) and definite:
            return Mention(text, "nominal", head, type=PERSON)
        if definite and not _is_plural(head) and (lemma in PERSON_DESCRIPTOR_NOUNS or lemma.endswith("-old")):
            return Mention(text, "descriptor", head, type=PERSON)
        kind_type = GROUP if _is_plural(head) or lemma not in PERSON_ROLE_NOUNS | HUMAN_NOUNS else PERSON
        return Mention(_strip_det(text), "group", head, type=kind_type)
    if head.pos_ == "NUM" or head.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY"):
        return None
    return None


def _titled_name(head: Token, tokens: list[Token]) -> str | None:
    """A capitalised name right after a lowercase person title or role ("councillor Jane Hale")."""
    if head.pos_ != "PROPN" or head.lower_ in ORG_HEAD_WORDS or head.ent_type_ in ("GPE", "NORP", "LOC", "FAC"):
        return None
    doc = head.doc
    start = head.i
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].head.i == head.i
        and doc[start - 1].dep_ == "compound"
    ):
        start -= 1
    if start == head.i and not head.text.istitle():
        return None
    before = doc[start - 1] if start > 0 else None
    if before is None or before.i not in {t.i for t in tokens} or not before.text.islower():
        return None
    if before.lower_ not in TITLE_WORDS and before.lemma_.lower() not in PERSON_ROLE_NOUNS:
        return None
    if any(doc[i].lower_ in ORG_HEAD_WORDS for i in range(start, head.i + 1)):
        return None
    return doc[start : head.i + 1].text


def _appositive_name(head: Token, tokens: list[Token]) -> str | None:
    """The proper name set off after a common noun ("the club, Vault 9,"), if the phrase has one."""
    if head.pos_ != "NOUN":
        return None
    ids = {t.i for t in tokens}
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i in ids and child.i > head.i:
            words = [t for t in child.subtree if t.i in ids and not t.is_punct]
            if words:
                return head.doc[words[0].i : words[-1].i + 1].text
    return None


def _without_set_off_appositions(head: Token, tokens: list[Token]) -> str | None:
    """A group's phrase without a description set off by commas ("the Centre, a research group")."""
    cut = next(
        (
            t.left_edge.i
            for t in tokens
            if t.dep_ == "appos"
            and t.left_edge.i > 0
            and t.doc[t.left_edge.i - 1].text == ","
            and (t.head.i != head.i or (t.pos_ == "NOUN" and any(c.lower_ in ("a", "an") for c in t.children)))
        ),
        None,
    )
    if cut is None:
        return None
    kept = [t for t in tokens if t.i < cut]
    while kept and (kept[-1].is_punct or kept[-1].is_space):
        kept.pop()
    return _strip_det(head.doc[kept[0].i : kept[-1].i + 1].text) if kept else None


def _strip_det(text: str) -> str:
    words = text.split(" ", 1)
    if len(words) == 2 and words[0].lower() in _DETERMINERS:
        return words[1]
    return text


def _person_in(tokens: list[Token], head: Token, registry: PersonRegistry) -> str | None:
    """The person a subject phrase names: NER first, then a known surname."""
    # The head and its apposition name the speaker; a possessor ("Salas's lawyer") does not.
    appositions = [t for t in tokens if t.dep_ == "appos" or t.head.dep_ == "appos"]
    others = [t for t in tokens if t.head.i == head.i and t.dep_ != "poss" and t not in appositions]
    candidates = [head] + appositions + others
    for tok in candidates:
        name = registry.person_at(tok)
        if name is not None:
            return name
    possessors = {t.i for t in tokens if t.dep_ == "poss" for t in t.subtree}
    for tok in tokens:
        name = registry.person_at(tok)
        if name is not None and tok.head.i in {t.i for t in tokens} and tok.i not in possessors:
            return name
    single_token_entity = head.ent_iob_ == "B" and (head.i + 1 >= len(head.doc) or head.doc[head.i + 1].ent_iob_ != "I")
    if (
        head.text[:1].isupper()
        and head.pos_ in ("PROPN", "NOUN")
        and (head.ent_type_ not in ("GPE", "NORP") or single_token_entity)
    ):
        # A surname NER took for a place ("According to Smith") is still that person.
        known = registry.knows(head.text)
        if known is not None:
            return known
    return None


def _role_in(tokens: list[Token], head: Token, name: str, registry: PersonRegistry) -> str | None:
    """The role written at this mention ("Foreign Minister X", "X, the chairman,"), else the person's."""
    for tok in tokens:
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B" and tok.i in registry.role_at:
            return registry.role_at[tok.i]
    return registry.roles.get(name)


MALE = "m"
FEMALE = "f"
# Entity labels that never name a person, even for a subject NER mislabelled.
_NOT_PERSON_LABELS = frozenset(
    {
        "GPE",
        "LOC",
        "FAC",
        "NORP",
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "CARDINAL",
        "ORDINAL",
        "QUANTITY",
        "EVENT",
        "LAW",
        "PRODUCT",
        "WORK_OF_ART",
        "LANGUAGE",
    }
)


def pronoun_gender(token: Token) -> str | None:
    """ "m" for he/him/his, "f" for she/her, None for any other word."""
    low = token.lower_
    if low in MALE_PRONOUNS:
        return MALE
    if low in FEMALE_PRONOUNS:
        return FEMALE
    return None


def word_gender(word: str) -> str | None:
    """The gender a title or noun gives ("Mrs", "spokeswoman", "son"), if any."""
    low = word.lower()
    if low in MALE_WORDS:
        return MALE
    if low in FEMALE_WORDS:
        return FEMALE
    return None


def name_key(name: str) -> str:
    """The key a person is matched by across mentions: the last word of the name, lowercased."""
    words = [w for w in re.split(r"[\s\-‐–]+", name) if w]
    return words[-1].lower().strip(".,'’") if words else name.lower()


@dataclass
class Binding:
    """What a he/she pronoun refers to: a named person or an unnamed one at a token."""

    name: str | None  # the fullest name written for the person
    key: str  # name_key(name), or "#<token>" for an unnamed person ("a resident")
    token: int | None = None  # the unnamed person's head token


@dataclass
class _PersonMention:
    key: str
    name: str | None
    token: int
    unit: int
    subject: bool
    owned: bool  # "her professor, Samuel Reyes": someone else's relation, not who "she" is
    oblique: bool = False  # inside a prepositional phrase or a possessive


def _owned_by_pronoun(tok: Token) -> bool:
    """A name or noun written as another person's relation ("her former professor, X")."""
    holders = [tok] + ([tok.head] if tok.dep_ in ("appos", "compound") else [])
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for h in holders for c in h.children)


def _is_subject(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "appos" and tok.head.dep_ in ("nsubj", "nsubjpass"))


def _name_chunk(tok: Token, registry: PersonRegistry) -> tuple[int, str] | None:
    """(first token, name) when `tok` ends a person's name: NER's, or a capitalised subject NER mislabelled."""
    doc = tok.doc
    name = registry.person_at(tok)
    if name is not None:
        if tok.i + 1 < len(doc) and registry.person_at(doc[tok.i + 1]) == name:
            return None
        start = tok.i
        while start > 0 and registry.person_at(doc[start - 1]) == name:
            start -= 1
        return start, name
    if tok.pos_ != "PROPN" or not tok.text.istitle() or tok.ent_type_ in _NOT_PERSON_LABELS or not _is_subject(tok):
        return None
    if tok.lower_ in ORG_HEAD_WORDS or tok.lower_ in TITLE_WORDS or tok.tag_ == "NNPS":
        return None
    start = tok.i
    while (
        start > 0
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].head.i == tok.i
    ):
        start -= 1
    words = doc[start : tok.i + 1]
    if len(words) > 3 or any(w.lower_ in ORG_HEAD_WORDS or w.ent_type_ in _NOT_PERSON_LABELS for w in words):
        return None
    if start > 0 and doc[start - 1].lower_ == "the":
        return None  # "the Ministry", "the Times": an institution, not a person
    return start, words.text


def _title_gender(doc: Doc, start: int, head: Token, registry: PersonRegistry, name: str) -> str | None:
    """Gender written next to a name: an honorific or gendered title before it, a gendered apposition."""
    for tok in doc[start : head.i]:
        gender = word_gender(tok.text.rstrip("."))
        if gender is not None:
            return gender  # NER often takes the honorific into the name ("Mrs Lee")
    for j in (start - 1, start - 2):
        if j >= 0:
            gender = word_gender(doc[j].text.rstrip("."))
            if gender is not None:
                return gender
            if not (doc[j].pos_ in ("PROPN", "NOUN") or doc[j].text == "."):
                break
    near = [c for c in head.children if c.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else [])
    for noun in near:
        gender = word_gender(noun.lemma_)
        if gender is not None:
            return gender
    role = registry.roles.get(name) or ""
    for word in role.split():
        gender = word_gender(word)
        if gender is not None:
            return gender
    return None


def _may_be_a_person(tok: Token) -> bool:
    """A singular common noun that can be "he" or "she": a person noun, or an agent noun
    ("engineer", "organiser") that is the subject of a reporting verb."""
    lemma = tok.lemma_.lower()
    if lemma in HUMAN_NOUNS or lemma in PERSON_ROLE_NOUNS:
        return True
    if lemma in DOCUMENT_NOUNS or lemma in ORG_HEAD_WORDS or lemma in NON_SPEAKER_WORDS:
        return False
    agent_noun = lemma.endswith(("er", "or", "ist", "ian", "eer", "ant"))
    return agent_noun and tok.head.lemma_.lower() in CLAIM_VERBS


def _inside_complement(tok: Token) -> bool:
    """Whether a token lies in a reported clause ("Smith said she …"), where it may be someone else."""
    return any(a.dep_ == "ccomp" for a in tok.ancestors)


def bind_pronouns(
    doc: Doc, registry: PersonRegistry, units: list[tuple[int, int]], skip: set[int] | None = None
) -> tuple[dict[int, Binding], dict[str, str]]:
    """Bind each he/she outside quotes to the person it most likely means, in one walk of the text.

    The antecedent is a person of compatible gender named (or described: "a resident")
    in the same sentence before the pronoun, else in the nearest earlier sentence that has
    one, preferring its subject; a bound pronoun is itself a mention, so chains
    ("Jane Lee took office. It took her a year. She said …") carry on. Gender comes from
    honorifics and gendered titles or appositions, then from the pronouns bound so far.
    Returns the bindings (pronoun token → Binding) and the genders (name key → "m"/"f").
    `skip` holds token indices to ignore (inside quotes).
    """
    skip = skip or set()
    votes: dict[str, dict[str, int]] = {}
    fullest: dict[str, str] = {}
    mentions: list[_PersonMention] = []
    bindings: dict[int, Binding] = {}

    def gender_of(key: str) -> str | None:
        tally = votes.get(key)
        if not tally:
            return None
        m, f = tally.get(MALE, 0), tally.get(FEMALE, 0)
        return None if m == f else (MALE if m > f else FEMALE)

    def vote(key: str, gender: str, weight: int) -> None:
        tally = votes.setdefault(key, {})
        tally[gender] = tally.get(gender, 0) + weight

    for ui, (start, end) in enumerate(units):
        for tok in doc[start:end]:
            if tok.i in skip:
                continue
            chunk = _name_chunk(tok, registry)
            if chunk is not None:
                first, name = chunk
                key = name_key(name)
                if len(name) > len(fullest.get(key, "")):
                    fullest[key] = name
                gender = _title_gender(doc, first, tok, registry, name)
                if gender is not None:
                    vote(key, gender, 3)
                oblique = tok.dep_ in ("pobj", "poss", "dative")
                mentions.append(_PersonMention(key, name, tok.i, ui, _is_subject(tok), _owned_by_pronoun(tok), oblique))
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and tok.tag_ == "NN" and _is_subject(tok) and _may_be_a_person(tok):
                if any(c.dep_ == "det" and c.lower_ in ("a", "an", "one", "the") for c in tok.children):
                    # "a resident", "an official": someone unnamed who may be "he" or "she" next
                    key = f"#{tok.i}"
                    gender = word_gender(lemma)
                    if gender is not None:
                        vote(key, gender, 3)
                    mentions.append(_PersonMention(key, None, tok.i, ui, True, _owned_by_pronoun(tok)))
                continue
            gender = pronoun_gender(tok)
            if gender is None or tok.pos_ not in ("PRON", "DET"):
                continue
            if tok.dep_ == "poss" and any(
                c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" for c in tok.head.children
            ):
                continue  # "her professor, X": the pronoun points at someone else
            ahead = _main_subject_after(tok, registry)
            if ahead is not None and gender_of(name_key(ahead[1])) in (None, gender):
                # "Asked whether she knew, Quinn said …": the pronoun looks ahead to the main clause's subject
                key = name_key(ahead[1])
                if len(ahead[1]) > len(fullest.get(key, "")):
                    fullest[key] = ahead[1]
                bindings[tok.i] = Binding(ahead[1], key)
                continue
            clause_subjects = _clause_subjects(tok)
            found = _antecedent(
                [m for m in mentions if m.token not in clause_subjects],
                ui,
                gender,
                gender_of,
                recent=tok.dep_ == "poss",
            )
            if found is None:
                continue
            bindings[tok.i] = Binding(
                fullest.get(found.key, found.name), found.key, found.token if found.name is None else None
            )
            if not _inside_complement(tok) and tok.dep_ != "poss":
                vote(found.key, gender, 1)
            mentions.append(_PersonMention(found.key, found.name, tok.i, ui, _is_subject(tok), False))
    for binding in bindings.values():
        if binding.name is not None:
            binding.name = fullest.get(binding.key, binding.name)
    genders = {key: g for key in votes if (g := gender_of(key)) is not None}
    return bindings, genders


def _clause_subjects(tok: Token) -> set[int]:
    """The subject of the clause an object pronoun sits in: "Quinn thanked him" — "him" is not Quinn."""
    if tok.dep_ not in ("dobj", "dative", "pobj", "iobj"):
        return set()
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return set()
    return {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")} | {
        t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree
    }


def _main_subject_after(tok: Token, registry: PersonRegistry) -> tuple[int, str] | None:
    """For a pronoun in a clause fronted before its sentence's main verb, the named main subject after it."""
    root = tok
    while root.head.i != root.i:
        root = root.head
    if root.i < tok.i or not any(a.dep_ == "advcl" and a.head.i == root.i for a in tok.ancestors):
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj" and c.i > tok.i), None)
    if subject is None:
        return None
    return _name_chunk(subject, registry)


def _antecedent(
    mentions: list[_PersonMention], unit: int, gender: str, gender_of, recent: bool = False
) -> _PersonMention | None:  # type: ignore[no-untyped-def]
    """The mention a pronoun refers to: same sentence first (its subject, or the latest mention for a
    possessive), else the nearest earlier sentence with a compatible person (its subject, else its
    first person), up to four back."""
    usable = [m for m in mentions if not m.owned and gender_of(m.key) in (None, gender)]
    same = [m for m in usable if m.unit == unit]
    if same:
        subjects = [m for m in same if m.subject]
        return same[-1] if recent else (subjects or same)[-1]
    for back in range(unit - 1, max(unit - 5, -1), -1):
        here = [m for m in usable if m.unit == back]
        if here:
            # Salience: a subject, then a name not tucked in a phrase ("in an interview with X"), first one first.
            return max(here, key=lambda m: (2 if m.subject else 0 if m.oblique else 1, -m.token))
    return None


@dataclass
class SpeakerResolver:
    """Resolves mentions to canonical speakers in document order."""

    registry: PersonRegistry
    last_person: Speaker | None = None
    last_group: Speaker | None = None
    last_thing: Speaker | None = None  # the latest group or document, for "it"
    last_lone_name: Speaker | None = None  # a one-word capitalised group, perhaps a mislabelled name
    aliases: dict[str, set[str]] = field(default_factory=dict)
    bindings: dict[int, Binding] = field(default_factory=dict)  # from bind_pronouns
    genders: dict[str, str] = field(default_factory=dict)  # name key → "m"/"f"
    history: list[Speaker] = field(default_factory=list)  # persons observed, oldest first
    by_token: dict[int, Speaker] = field(default_factory=dict)  # subject token → its speaker

    def resolve(self, mention: Mention) -> Speaker | None:
        """The canonical speaker of a mention, or None when it cannot be resolved."""
        if mention.kind == "pronoun" and mention.type == PERSON:
            bound = self._bound(mention)
            if bound is not None:
                return bound
        if mention.kind == "pronoun":
            target = self.last_person if mention.type == PERSON else self.last_group
            gender = pronoun_gender(mention.head)
            if (
                mention.type == PERSON
                and gender is not None
                and target is not None
                and not self._compatible(target, gender)
            ):
                # "she said" after a man spoke: the latest person who can be "she"
                target = next((p for p in reversed(self.history) if self._compatible(p, gender)), None)
            if mention.head.lower_ == "it":
                target = self.last_thing  # "The report … It said": the latest singular non-person source
            if target is None and mention.type == PERSON:
                earlier = [name for i, name in self.registry.mentions if i < mention.head.i]
                if earlier:
                    target = Speaker(earlier[-1], earlier[-1], self.registry.roles.get(earlier[-1]), PERSON)
                elif self.last_lone_name is not None:
                    target = self.last_lone_name  # a name NER took for an organisation
            if target is None:
                if mention.head.lower_ == "it":
                    return None
                # Better an unresolved "she" than a lost statement.
                return Speaker(mention.text, mention.text, None, mention.type)
            return Speaker(target.name, mention.text, target.role, target.type)
        if mention.kind == "group" and mention.head.pos_ == "PROPN":
            person = self._person_named(mention.text)
            if person is not None:
                # "Okonkwo rejects …" with the name taken for an organisation, but "she" elsewhere is her
                return Speaker(person, mention.text, self.registry.roles.get(person), PERSON)
        if mention.kind == "descriptor":
            if self.last_person is not None:
                return Speaker(self.last_person.name, mention.text, self.last_person.role, PERSON)
            return Speaker(_strip_det(mention.text), mention.text, None, PERSON)
        if mention.kind == "name" and mention.name:
            return Speaker(mention.name, mention.text, mention.role, PERSON)
        if mention.kind == "nominal":
            name = self.registry.by_role(mention.head, mention.head.i)
            if name is not None:
                return Speaker(name, mention.text, self.registry.roles.get(name), PERSON)
            last = self.last_person
            if last is not None and last.role is None and last.name in self.registry.full_names:
                # "John Smith … the prime minister said": the one person named without a role.
                return Speaker(last.name, mention.text, None, PERSON)
            return Speaker(_strip_det(mention.text), mention.text, None, PERSON)
        return Speaker(mention.text, mention.text, None, mention.type)

    def _person_named(self, text: str) -> str | None:
        """The fullest name of a person a he/she was bound to, whose name ends like `text`."""
        if len(text.split()) > 3:
            return None
        key = name_key(text)
        names = [b.name for b in self.bindings.values() if b.key == key and b.name]
        return max(names, key=len) if names else None

    def _compatible(self, speaker: Speaker, gender: str) -> bool:
        """Whether a person may be referred to by a pronoun of this gender."""
        known = self.genders.get(name_key(speaker.name)) or word_gender(name_key(speaker.name))
        return known is None or known == gender

    def _bound(self, mention: Mention) -> Speaker | None:
        """The speaker a bound pronoun names: an unnamed person's statement, or a named person."""
        binding = self.bindings.get(mention.head.i)
        if binding is None:
            return None
        if binding.token is not None:
            earlier = self.by_token.get(binding.token)
            if earlier is None:
                return None
            return Speaker(earlier.name, mention.text, earlier.role, earlier.type)
        if binding.name is None:
            return None
        for person in reversed(self.history):
            if name_key(person.name) == binding.key:
                return Speaker(person.name, mention.text, person.role, PERSON)
        name = self.registry.canonical(binding.name)
        return Speaker(name, mention.text, self.registry.roles.get(name), PERSON)

    def observe(self, speaker: Speaker, plural: bool = False, token: int | None = None) -> None:
        """Remember a speaker so later pronouns can refer to it ("it" only to a singular one)."""
        if token is not None:
            self.by_token[token] = speaker
        if speaker.type == PERSON:
            self.history.append(speaker)
        if speaker.type == GROUP and " " not in speaker.name and speaker.name.istitle():
            self.last_lone_name = speaker
        if speaker.type == PERSON:
            self.last_person = speaker
        elif speaker.type == GROUP:
            self.last_group = speaker
        if speaker.type != PERSON and not plural and speaker.text.lower() not in ("it", "they", "them"):
            self.last_thing = speaker
        self.aliases.setdefault(speaker.name, set()).add(speaker.text)
