"""Binding he/she to a person of compatible gender in one walk through the article."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.nlp.lexicon import (
    CLAIM_VERBS,
    DOCUMENT_NOUNS,
    FEMALE_PRONOUNS,
    FEMALE_WORDS,
    HUMAN_NOUNS,
    MALE_PRONOUNS,
    MALE_WORDS,
    NON_SPEAKER_WORDS,
    PERSON_ROLE_NOUNS,
    TITLE_WORDS,
)
from bot.nlp.speakers.given_names import common_given_name, given_name_gender
from bot.nlp.speakers.names import ORG_HEAD_WORDS, relation_of_another
from bot.nlp.speakers.registry import PersonRegistry, in_wire_credit

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
    gender: str | None = None  # written at this mention (title, apposition)
    prior: str | None = None  # what the given name usually is ("Hillary", "Bernie"), a weaker hint
    firm: bool = False  # the given name is a common one, so its hint holds against position too
    depth: int = 0  # clauses the mention is embedded in (`_clause_depth`)


def _owned_by_pronoun(tok: Token) -> bool:
    """A name or noun written as another person's relation ("her former professor, X")."""
    holders = [tok] + ([tok.head] if tok.dep_ in ("appos", "compound") else [])
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for h in holders for c in h.children)


def _is_subject(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "appos" and tok.head.dep_ in ("nsubj", "nsubjpass"))


def _name_chunk(tok: Token, registry: PersonRegistry) -> tuple[int, str] | None:
    """(first token, name) when `tok` ends a person's name: NER's, or a capitalised subject NER mislabelled."""
    doc = tok.doc
    name = registry.person_at_index(tok.i)
    if name is not None:
        if tok.i + 1 < len(doc) and registry.person_at_index(tok.i + 1) == name:
            return None
        start = tok.i
        while start > 0 and registry.person_at_index(start - 1) == name:
            start -= 1
        return start, name
    known = _known_surname(tok, registry)
    if known is not None:
        return tok.i, known
    if tok.pos_ != "PROPN" or not tok.text.istitle() or tok.ent_type_ in _NOT_PERSON_LABELS or not _is_subject(tok):
        return None
    if tok.text.endswith(".") or (tok.i > 0 and doc[tok.i - 1].text in ("(", "-")):
        return None  # "Sen. Chris Murphy (D-Conn.)": a state's abbreviation beside a name
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
    if in_wire_credit(doc, start, tok.i + 1):
        return None
    if len(words) > 3 or any(w.lower_ in ORG_HEAD_WORDS or w.ent_type_ in _NOT_PERSON_LABELS for w in words):
        return None
    if start > 0 and doc[start - 1].lower_ == "the":
        return None  # "the Ministry", "the Times": an institution, not a person
    return start, words.text


def _known_surname(tok: Token, registry: PersonRegistry) -> str | None:
    """The person whose surname a capitalised word is, however the parse tagged it ("Ambrell described
    figures …" read as a compound noun, NER calling it an organisation), when it stands alone: not
    inside a longer capitalised name ("the Ambrell Trust")."""
    # The registry is asked first: a dict look-up rules out almost every word before the tests below.
    known = registry.knows(tok.text)
    if known is None or " " not in known:
        return None
    if not (tok.is_alpha and tok.text.istitle() and tok.pos_ in ("PROPN", "NOUN")):
        return None
    if tok.ent_type_ in ("GPE", "LOC", "FAC", "NORP", "DATE", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"):
        return None
    doc = tok.doc
    for j in (tok.i - 1, tok.i + 1):
        if 0 <= j < len(doc) and doc[j].is_alpha and doc[j].text[:1].isupper() and doc[j].pos_ in ("PROPN", "NOUN"):
            if not (j == tok.i - 1 and doc[j].is_sent_start and doc[j].pos_ != "PROPN"):
                return None
    return known


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
        if relation_of_another(noun):
            continue  # "Dorothy Woods, whose husband, …": his gender is not hers
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

    # Only a person's name, a noun or a pronoun can be a mention; the other tokens (most of them) are
    # passed over on their tags, read as one array, without being made into Token objects.
    # One flat list per attribute: a list per token would give the garbage collector a container to track each.
    tags, lowers = doc.to_array(["POS", "LOWER"]).T.tolist() if len(doc) else ([], [])
    strings = doc.vocab.strings
    kinds = {strings[tag] for tag in ("PROPN", "NOUN", "PRON", "DET")}
    # A pronoun or determiner that is neither he/she/his/her nor part of a name has no part to play.
    function_words = {strings["PRON"], strings["DET"]}
    gendered = {strings[word] for word in MALE_PRONOUNS | FEMALE_PRONOUNS}
    named = registry.person_tokens()
    for ui, (start, end) in enumerate(units):
        for i in range(start, end):
            if i in skip:
                continue
            tag, lower = tags[i], lowers[i]
            if i not in named and (tag not in kinds or (tag in function_words and lower not in gendered)):
                continue
            tok = doc[i]
            chunk = _name_chunk(tok, registry)
            if chunk is not None:
                first, name = chunk
                key = name_key(name)
                if len(name) > len(fullest.get(key, "")):
                    fullest[key] = name
                gender = _title_gender(doc, first, tok, registry, name)
                if gender is not None:
                    vote(key, gender, 3)
                # "Bill Clinton" and "Hillary Clinton" share a key: the given name tells this mention apart.
                oblique = tok.dep_ in ("pobj", "poss", "dative")
                mentions.append(
                    _PersonMention(
                        key,
                        name,
                        tok.i,
                        ui,
                        _is_subject(tok),
                        _owned_by_pronoun(tok),
                        oblique,
                        gender,
                        given_name_gender(name),
                        common_given_name(name),
                        _clause_depth(tok),
                    )
                )
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and tok.tag_ == "NN" and _is_subject(tok) and _may_be_a_person(tok):
                if any(c.dep_ == "det" and c.lower_ in ("a", "an", "one", "the") for c in tok.children):
                    # "a resident", "an official": someone unnamed who may be "he" or "she" next
                    key = f"#{tok.i}"
                    gender = word_gender(lemma)
                    if gender is not None:
                        vote(key, gender, 3)
                    mentions.append(
                        _PersonMention(key, None, tok.i, ui, True, _owned_by_pronoun(tok), depth=_clause_depth(tok))
                    )
                continue
            gender = pronoun_gender(tok)
            if gender is None or tok.pos_ not in ("PRON", "DET"):
                continue
            if tok.dep_ == "poss" and any(
                c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" for c in tok.head.children
            ):
                continue  # "her professor, X": the pronoun points at someone else
            ahead = _main_subject_after(tok, registry)
            if ahead is not None and (given_name_gender(ahead[1]) or gender_of(name_key(ahead[1]))) in (None, gender):
                # "Asked whether she knew, Quinn said …": the pronoun looks ahead to the main clause's subject
                key = name_key(ahead[1])
                if len(ahead[1]) > len(fullest.get(key, "")):
                    fullest[key] = ahead[1]
                bindings[tok.i] = Binding(ahead[1], key)
                continue
            clause_subjects = _clause_subjects(tok)
            # "he told Hannity": a subject pronoun is not the person its own verb has for an object
            objects = _clause_object_keys(tok, registry)
            # "Norvia, he promised, would seek …": the fronted name is what is reported on, not who reports it
            topic = _fronted_topic(tok)
            found = _antecedent(
                [
                    m
                    for m in mentions
                    if m.token not in clause_subjects and m.key not in objects and not topic[0] <= m.token < topic[1]
                ],
                ui,
                gender,
                gender_of,
                recent=tok.dep_ == "poss",
                main=tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT",
            )
            if found is None:
                continue
            bindings[tok.i] = Binding(
                fullest.get(found.key, found.name), found.key, found.token if found.name is None else None
            )
            if not _inside_complement(tok) and tok.dep_ != "poss":
                vote(found.key, gender, 1)
            mentions.append(
                _PersonMention(
                    found.key,
                    found.name,
                    tok.i,
                    ui,
                    _is_subject(tok),
                    False,
                    gender=found.gender,
                    prior=found.prior,
                    firm=found.firm,
                    depth=_clause_depth(tok),
                )
            )
    for binding in bindings.values():
        if binding.name is not None:
            binding.name = fullest.get(binding.key, binding.name)
    genders = {key: g for key in votes if (g := gender_of(key)) is not None}
    return bindings, genders


# Dependencies that embed a clause in another.
_EMBEDDING_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis", "xcomp"})


def _clause_depth(tok: Token) -> int:
    """How many clauses a token sits inside (0 for the main clause's words)."""
    return sum(1 for a in [tok, *tok.ancestors] if a.dep_ in _EMBEDDING_DEPS)


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


def _fronted_topic(tok: Token) -> tuple[int, int]:
    """The token range before an inserted report ("Norvia, he promised, would seek …", "The memo, she
    said, showed …"): a subject pronoun right after a comma, its reporting verb closed by another comma.
    (0, 0) when the pronoun opens no such aside."""
    doc = tok.doc
    verb = tok.head
    if tok.dep_ != "nsubj" or tok.i < 2 or doc[tok.i - 1].text != "," or verb.lemma_.lower() not in CLAIM_VERBS:
        return (0, 0)
    # the aside closes with a comma a few words on ("he told the Assembly,"), before any full stop
    after = [t.text for t in doc[verb.i + 1 : verb.i + 7]]
    closing = next((w for w in after if w in (",", ".", ";", ":", "?", "!")), None)
    if verb.i < tok.i or closing != ",":
        return (0, 0)
    # Only the noun phrase that ends at the comma ("and Ms. Hale, she said, …" leaves out whoever the
    # sentence named before it, who may well be "she").
    last = doc[tok.i - 2]
    if last.pos_ not in ("PROPN", "NOUN"):
        return (0, 0)
    return (last.left_edge.i, tok.i - 1)


def _clause_object_keys(tok: Token, registry: PersonRegistry) -> set[str]:
    """The name keys of people a subject pronoun's verb takes as its object ("she thanked Quinn")."""
    if tok.dep_ != "nsubj":
        return set()
    verb = tok.head
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]
    keys = set()
    for obj in objects:
        name = registry.person_at(obj) or (registry.knows(obj.text) if obj.pos_ == "PROPN" else None)
        if name is not None:
            keys.add(name_key(name))
    return keys


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
    mentions: list[_PersonMention],
    unit: int,
    gender: str,
    gender_of: Callable[[str], str | None],
    recent: bool = False,
    main: bool = False,
) -> _PersonMention | None:
    """The mention a pronoun refers to: same sentence first (its subject, or the latest mention for a
    possessive), else the nearest earlier sentence with a compatible person (its subject, else its
    first person), up to four back."""
    # Someone's relation named as an object ("He met his professor, X") is not who "he" is next; named
    # as a subject ("Its spokeswoman, Liv Arnesen, called …") they are the next "she".
    usable = [
        m
        for m in mentions
        if not (m.owned and not m.subject) and (m.gender or m.prior or gender_of(m.key)) in (None, gender)
    ]
    same = [m for m in usable if m.unit == unit]
    if same:
        subjects = [m for m in same if m.subject]
        if main and subjects:
            # "Mook acknowledged the secretary had split the contests, which is an outcome, he said": the
            # main clause's "he" is who the sentence is about, not someone inside what they reported.
            return min(subjects, key=lambda m: (m.depth, -m.token))
        return same[-1] if recent else (subjects or same)[-1]
    # "Kit Harlowe posted photos he said …": with nobody else in the sentence, its subject is meant even
    # against what the given name usually is (a hint, unlike a title or the pronouns already bound).
    hinted = [m for m in mentions if m.subject and not m.owned and (m.gender or gender_of(m.key)) in (None, gender)]
    if not recent and (here := [m for m in hinted if m.unit == unit]):
        return here[-1]
    for back in range(unit - 1, max(unit - 5, -1), -1):
        here = [m for m in usable if m.unit == back]
        if here:
            # Salience: a subject, then a name not tucked in a phrase ("in an interview with X"), first one first.
            return max(here, key=lambda m: (2 if m.subject else 0 if m.oblique else 1, -m.token))
        if here := [m for m in hinted if m.unit == back and not m.firm]:
            return here[-1]  # "Harlowe later deleted the post. In a message, he acknowledged …"
    return None
