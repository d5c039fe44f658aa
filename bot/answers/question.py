"""Parsing a question: its kind, the speaker it asks about, its content terms and its outlet or time scope."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from bot.answers.lexicon import (
    CONFIRM_VERBS,
    DENIAL_VERBS,
    FIGURE_WORDS,
    FOREIGN_FUNCTION_WORDS,
    NUMBER_WORDS,
    OUTLET_WORDS,
    REPORT_VERBS,
    SPACES,
    SPEECH_VERBS,
    STOPWORDS,
    TITLE_WORDS,
)
from bot.answers.speakers import relative_role, speaker_directory
from bot.answers.text import SYNONYM_SURFACE, SYNONYMS, fts_any, normalise, place_family, stem, words
from bot.store import Store

MAX_QUESTION_CHARS = 500


# ---------------------------------------------------------------- question parsing


@dataclass
class Term:
    """One content term of a question, with its synonyms and weight."""

    word: str
    stems: frozenset[str]
    surfaces: tuple[str, ...]
    weight: float = 1.0
    df: int = 0  # statements using the term or a synonym (counted up to a cap)
    phrases: tuple[str, ...] = ()  # roles of the person a name term names ("foreign minister")


@dataclass
class Question:
    """What a question asks: its kind, the speaker it is about, its content terms."""

    text: str
    kind: str  # "yesno" | "what" | "who" | "figure" | "outlets"
    focus: str | None = None  # "denial" | "claim" | None
    subject: str | None = None  # "What did <subject> say …"
    topic_words: list[str] = field(default_factory=list)
    figure_unit: str | None = None  # "time" or a counted noun for "how many X"
    terms: list[Term] = field(default_factory=list)
    quote: str = ""  # the words "Who said …?" or "Did X say …?" quote, as asked


_WHAT_SAID_PATTERN = (
    r"^(?:so\s+)?(?:what|which\s+\w+)\s+(?:exactly\s+)?(?:did|does|do|has|have|had|is|was|were)\s+(?P<who>.+?)\s+"
    r"(?:been\s+|really\s+|actually\s+)?(?P<verb>VERB_CASE(?:say|said|saying|claim|claimed|claiming|deny|denied|denying|"
    r"tell|told|telling|reject|rejected|rejecting|dismiss|dismissed|dispute|disputed|state|stated|argue|argued|"
    r"announce|announced|promise|promised|pledge|pledged|insist|insisted|warn|warned|admit|admitted|confirm|"
    r"confirmed|allege|alleged|think|thought|suggest|suggested|slam|slammed|refute|refuted|report|reported|"
    r"write|wrote|written|publish|published|downplay|downplayed))\b"
    r"(?:\s+(?!about\b|on\b|regarding\b|concerning\b|over\b|of\b|with\b|in\b)\w+)?"
    r"(?:\s+(?:about|on|regarding|concerning|over|of|with regard to|in relation to)\s+(?P<topic>.+))?"
)
# A capitalised word is part of a name ("What did Michigan State University say …?"), not the verb;
# a question in title case or capitals ("What Did X Say …") falls back to any case.
_WHAT_SAID = re.compile(_WHAT_SAID_PATTERN.replace("VERB_CASE", r"(?-i:(?![A-Z]))"), re.I)
_WHAT_SAID_ANY_CASE = re.compile(_WHAT_SAID_PATTERN.replace("VERB_CASE", ""), re.I)
# "Who said …", "Who first said …", "Who has denied …": the speech verb is the first or second word
# (`_who_verb` tries the first before the second: "Who said people …" is "said" + "people …").
_WHO = re.compile(r"^(?:so\s+)?who\s+(?P<verb>\w+)\b(?P<rest>.*)$", re.I)
_WHO_SECOND = re.compile(r"^(?:so\s+)?who\s+\w+\s+(?P<verb>\w+)\b(?P<rest>.*)$", re.I)
_HOW = re.compile(r"^(?:so\s+)?how\s+(?P<what>long|many|much|far|big|large|often)\b(?P<rest>.*)$", re.I)
_OUTLETS = re.compile(
    r"^(?:so\s+)?(?:which|what)\s+(?:news\s+)?(?:outlets?|media|papers?|newspapers?|sources?|sites?)\b(?P<rest>.*)$",
    re.I,
)
TIME_UNITS = ("second", "minute", "hour", "day", "week", "month", "year")


def looks_non_english(text: str) -> bool:
    """True for text mostly in a non-Latin script or full of non-English function words."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    if latin / len(letters) < 0.6:
        return True
    tokens = words(text)
    english = sum(1 for t in tokens if t in STOPWORDS)
    # Function words of other languages, and words with accented letters, which English rarely has.
    foreign = sum(1 for t in tokens if t in FOREIGN_FUNCTION_WORDS or (not t.isascii() and t not in STOPWORDS))
    return len(tokens) >= 3 and foreign >= 2 and foreign > english


def parse_question(text: str) -> Question:
    """Parse an English question into kind, focus, subject and topic words."""
    clean = SPACES.sub(" ", text.replace("“", '"').replace("”", '"')).strip()
    clean = re.sub(r"^(?:<@\w+>|@\S+)[,:]?\s*", "", clean)
    clean = re.sub(r"^(?:hey|hi|ok|okay|please|briefbot)[,:]?\s+", "", clean, flags=re.I)
    body = clean.rstrip("?!. ")
    lowered = {w for w in words(body)}
    focus = "denial" if lowered & DENIAL_VERBS else ("claim" if lowered & CONFIRM_VERBS else None)
    if (m := _HOW.match(body)) and m.group("what").lower() != "often":
        what = m.group("what").lower()
        rest = m.group("rest")
        unit = "time" if what == "long" else None
        if what == "many":
            following = words(rest)[:1]
            unit = stem(following[0]) if following else None
        return Question(clean, "figure", focus, None, content_words(rest), unit)
    named_unit = _named_figure_unit(body)
    if m := _OUTLETS.match(body):
        return Question(clean, "outlets", focus, None, content_words(m.group("rest")), named_unit)
    if m := _WHAT_SAID.match(body) or _WHAT_SAID_ANY_CASE.match(body):
        # The verb says what is asked for; "denied" or "confirmed" in the topic is part of the topic.
        topic = m.group("topic") or ""
        return Question(
            clean, "what", _verb_focus(m.group("verb")), m.group("who").strip(), content_words(topic, True), named_unit
        )
    if m := _who_verb(body):
        verb = m.group("verb").lower()
        if verb in _SPEECH_FORMS:
            rest = content_words(m.group("rest"), True, quoted=True)
            return Question(clean, "who", _verb_focus(verb), None, rest, named_unit, quote=m.group("rest").strip())
        return Question(clean, "who", focus, None, content_words(verb + " " + m.group("rest")), named_unit)
    if re.match(r"^(?:which|what)\s+(?:claims?|denials?|statements?)\b", body, re.I):
        return Question(clean, "who", focus, None, content_words(body), named_unit)
    if said := _did_say(body):
        # "Did X say/deny …?": X is whose statement is asked about, the rest is what was said.
        who, verb, rest = said
        return Question(
            clean,
            "yesno",
            _verb_focus(verb),
            who,
            content_words(rest, True, quoted=True),
            named_unit,
            quote=rest.strip(),
        )
    return Question(clean, "yesno", focus, None, content_words(body), named_unit)


def _who_verb(body: str) -> re.Match[str] | None:
    """The "Who <verb> <rest>" match, the verb a speech verb when the first or second word is one.

    "Who said people are threatened" reads "said" as the verb; "Who has denied it" skips
    "has"; "Who won the vote" has no speech verb and keeps its first word as the verb.
    """
    m = _WHO.match(body)
    if m is None or m.group("verb").lower() in _SPEECH_FORMS:
        return m
    second = _WHO_SECOND.match(body)
    return second if second and second.group("verb").lower() in _SPEECH_FORMS else m


def _verb_focus(verb: str) -> str | None:
    """What a question's speech verb asks for: denials ("deny", "rejected"), claims ("confirm") or either."""
    verb = verb.lower()
    if verb in DENIAL_VERBS or stem(verb) in _DENIAL_STEMS:
        return "denial"
    return "claim" if verb in CONFIRM_VERBS else None


_DID = re.compile(r"^(?:so\s+)?(?:did|does|do|has|have|had)\s+(?P<rest>.+)$", re.I)
# Words a speaker phrase of a yes/no question runs to at most ("the foreign ministry spokesman of X").
MAX_SUBJECT_WORDS = 6
_SPEECH_FORMS = SPEECH_VERBS | DENIAL_VERBS | CONFIRM_VERBS
_DENIAL_STEMS = frozenset(stem(v) for v in DENIAL_VERBS)


def _did_say(body: str) -> tuple[str, str, str] | None:
    """(speaker phrase, verb, what follows) of "Did <speaker> <speech verb> …", else None.

    Only speech verbs make the phrase before them a speaker: in "Did X promise Y"
    or "Did X meet Y", X is what the statement is about, not necessarily who said it.
    """
    m = _DID.match(body)
    if not m:
        return None
    tokens = m.group("rest").split()
    # A capitalised speech word is part of a name ("Did Michigan State University say …?") unless
    # no lowercase one follows (a question in title case or capitals).
    for any_case in (False, True):
        for i, token in enumerate(tokens[: MAX_SUBJECT_WORDS + 3]):
            word = token.lower().strip(",.;:")
            if word in _SPEECH_FORMS and 0 < i and (any_case or not token[:1].isupper()):
                head = [
                    t for t in tokens[:i] if t.lower() not in {"ever", "really", "actually", "also", "not", "never"}
                ]
                if not head or len(head) > MAX_SUBJECT_WORDS:
                    return None
                return " ".join(head), word, " ".join(tokens[i + 1 :])
    return None


def names_someone(phrase: str) -> bool:
    """True when a phrase reads as a proper name ("Jane Roe").

    That is, it has a capitalised word that is no title, place or function word.
    """
    for token in re.findall(r"[^\W\d_][\w'’.-]*", phrase):
        word = token.lower().strip(".'’")
        if not token[:1].isupper() or word in TITLE_WORDS or word in STOPWORDS or place_family(word):
            continue
        return True
    return False


def _named_figure_unit(text: str) -> str | None:
    """The unit of a figure a question quotes ('six hours' → 'time', '100,000 troops' → 'troop')."""
    match = re.search(r"\b" + NUMBER_WORDS + r"\s+([a-z]+)", text.lower())
    if not match or match.group(1) in STOPWORDS:
        return None
    unit = stem(match.group(1))
    return "time" if any(unit == stem(u) for u in TIME_UNITS) else unit


# "it's", "they're", "we'll": a function word with a clitic is a function word.
_CLITICS = ("'s", "'re", "'ve", "'ll", "'d", "'m")


def content_words(text: str, keep_stance_words: bool = False, *, quoted: bool = False) -> list[str]:
    """Words that carry content: not function words, speech verbs or question scaffolding.

    With `keep_stance_words`, "denied", "confirmed" and the like stay: in what a
    question quotes or asks about ("Did X say the ministry denied …") they are content.
    With `quoted` (the words after "Who said" or "Did X say", which quote what was
    said), only function words go: "people are very threatened", "a large photo",
    "the paper reported" are the statement's own words, not the question's scaffolding.
    """
    out = []
    for w in words(text):
        if w in STOPWORDS or (w in SPEECH_VERBS and not quoted):
            continue
        if not keep_stance_words and not quoted and (w in DENIAL_VERBS or w in CONFIRM_VERBS):
            continue
        if "'" in w and w.endswith(_CLITICS) and w[: w.rindex("'")] in STOPWORDS:
            continue
        if not quoted and (w in OUTLET_WORDS or w in REPORT_VERBS or w in FIGURE_WORDS):
            continue
        if len(w) < 2 and not w.isdigit():
            continue
        out.append(w)
    return list(dict.fromkeys(out))


def build_terms(store: Store, topic_words: list[str], *, names_in: str | None = None) -> list[Term]:
    """Terms with synonyms and IDF weights measured on the store's statements.

    With `names_in` (the question as asked), the roles of the people a word names are
    looked up only for words written with a capital there (all of them when nothing
    after the first letter is capitalised): each lookup searches the speaker index.
    """
    total = max(store.statement_count(), 1)
    named = _capitalised_words(names_in) if names_in is not None else None
    terms: list[Term] = []
    seen: set[str] = set()
    for w in topic_words:
        s = stem(w)
        if s in seen:
            continue
        seen.add(s)
        family = tuple(f for f in place_family(w) if " " not in f and "." not in f)
        group = SYNONYMS.get(s, frozenset({s})) | {stem(f) for f in family}
        surfaces = tuple(dict.fromkeys((w,) + SYNONYM_SURFACE.get(s, ()) + family))
        query = fts_any(surfaces)
        df = store.statement_match_count(query) if query else 0
        # A word no statement uses weighs as much as the rarest one that is used, so
        # one unusual word in a question does not on its own sink a good match.
        weight = math.log((total + 1) / (max(df, 1) + 0.5)) + 0.1
        phrases = _role_phrases(store, w) if named is None or w in named else ()
        terms.append(Term(w, group, surfaces, max(weight, 0.1), df, phrases))
    return terms


def _capitalised_words(text: str) -> set[str] | None:
    """Lowercased words written with a capital in `text`; None when nothing after its first letter is."""
    body = text.lstrip()[1:]
    if not any(c.isupper() for c in body):
        return None
    return {part for w in re.findall(r"[^\W\d_][\w'’.-]*", body) if w[0].isupper() for part in words(w)}


def _role_phrases(store: Store, word: str) -> tuple[str, ...]:
    """Roles of the people a name word names: texts often say 'the foreign minister' for them."""
    if word in TITLE_WORDS or word in STOPWORDS or place_family(word) or len(word) < 3:
        return ()
    phrases: set[str] = set()
    for entry in speaker_directory(store).candidates([word], names_only=True):
        if word not in entry.name_words or entry.speaker.get("type") not in {"person", None, "unknown"}:
            continue
        for role in entry.speaker.get("roles") or []:
            role = normalise(role)
            if len(role.split()) >= 2 and not relative_role(role):
                phrases.add(role)
    return tuple(sorted(phrases))[:5]
