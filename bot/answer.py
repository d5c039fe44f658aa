"""Answers to questions about claims and denials, built only from stored statements.

A question is parsed into a kind (yes/no, what-did-X-say, who-said, figures,
which-outlets), an optional speaker it asks about, and content terms. Retrieval
runs an escaped FTS5 query over statements, scores each candidate by how much
of the question's (IDF-weighted) content it covers, groups statements by the
proposition they assert or deny, and keeps only propositions above a relevance
threshold, so an unrelated statement is never offered as an answer.

Every sentence of an answer names its speaker with their role, quotes or
paraphrases the stored words and lists the outlets that carry them.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.reply import Quote, Reply, Section
from bot.store import Row, Store
from bot.timewindow import iso_bound

MAX_QUESTION_CHARS = 500
# A proposition must cover this share of the question's weighted terms to count as an answer.
RELEVANCE_THRESHOLD = 0.5
# Propositions within this share of the best score are answered together.
PRIMARY_RATIO = 0.8
CANDIDATES = 100  # FTS candidates scored per question (best BM25 first; 200 doubled the cost at 100k articles)
MAX_PROPOSITIONS = 6  # propositions shown in one answer
MAX_QUOTES = 4  # distinct wordings shown per side of a proposition

STATUS_CONTESTED, STATUS_ASSERTED, STATUS_DENIED, STATUS_UNKNOWN = "contested", "asserted", "denied", "unknown"

# ---------------------------------------------------------------- lexicons (general English)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing done down during each either else ever
    few for from further get got had has have having he her here hers herself him himself his how
    i if in into is it its itself just let me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up
    upon us very was we were what when where which while who whom whose why will with would you
    your yours yourself yourselves true really actually anything something someone anyone
    anybody everyone thing things way near col match fact whether tell me please question
    regarding concerning want wants wanted""".split()
)
# Verbs that ask *what was said*; they select statements, they are not content.
SPEECH_VERBS = frozenset(
    """say says said saying tell tells told claim claims claimed claiming state states stated
    report reports reported mention mentions mentioned announce announced argue argued insist
    insisted note noted add added comment commented think thought believe believed suggest
    suggested assert asserted allege alleged speak spoke threaten threatened threatens warn warns
    warned urge urged""".split()
)
DENIAL_VERBS = frozenset(
    """deny denies denied denying denial denials reject rejects rejected rejecting dismiss
    dismisses dismissed refute refutes refuted rebut rebutted dispute disputes disputed
    contest contested slam slammed downplay downplays downplayed""".split()
)
CONFIRM_VERBS = frozenset(
    "confirm confirms confirmed confirming admit admits admitted acknowledge acknowledged".split()
)
OUTLET_WORDS = frozenset(
    "outlet outlets media paper papers newspaper newspapers source sources site sites press".split()
)
REPORT_VERBS = frozenset(
    "report reports reported reporting carry carried cover covered publish published run ran".split()
)
# Words of "how long/many/much" questions that name no content.
FIGURE_WORDS = frozenset("long many much far big large number amount total".split())

# Families of words that ask for the same thing (surface forms; stemmed on use).
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("promise", "pledge", "assure", "assurance", "guarantee", "vow", "commitment", "undertaking", "commit"),
    ("deny", "denial", "reject", "rejection", "dismiss", "refute", "rebut", "dispute"),
    ("troop", "force", "soldier", "army"),
    ("withdraw", "withdrawal", "pull", "retreat", "pullout"),
    ("talk", "meeting", "meet", "discussion", "negotiation", "summit", "visit", "speak", "conversation"),
    ("invade", "invasion", "incursion", "offensive"),
    ("deal", "agreement", "accord", "pact"),
    ("war", "conflict", "fighting", "hostility"),
    ("escalate", "escalation", "deterioration", "degradation"),
    ("mediate", "mediation", "mediator", "broker"),
    ("idea", "notion", "suggestion", "allegation", "assertion"),
    ("kill", "death", "dead", "casualty", "die"),
    ("resign", "resignation", "quit"),
    ("election", "vote", "ballot", "poll"),
    ("sanction", "embargo", "penalty"),
    ("attack", "strike", "assault", "bombing"),
    ("ceasefire", "truce", "armistice"),
    ("weapon", "arm", "arms", "missile"),
    ("border", "frontier"),
    ("exercise", "drill", "manoeuvre", "maneuver"),
)

# Country ↔ capital ↔ demonym ↔ seat of government: a question naming one finds speakers named by another.
PLACE_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("russia", "russian", "russians", "moscow", "kremlin"),
    (
        "united states",
        "us",
        "u.s.",
        "usa",
        "america",
        "american",
        "americans",
        "washington",
        "white house",
        "pentagon",
        "state department",
    ),
    ("united kingdom", "uk", "u.k.", "britain", "british", "london", "downing street", "whitehall"),
    ("france", "french", "paris", "elysee", "élysée"),
    ("germany", "german", "germans", "berlin", "chancellery"),
    ("ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"),
    ("china", "chinese", "beijing"),
    ("japan", "japanese", "tokyo"),
    ("india", "indian", "new delhi", "delhi"),
    ("iran", "iranian", "tehran"),
    ("israel", "israeli", "jerusalem"),
    ("turkey", "turkish", "ankara", "türkiye"),
    ("poland", "polish", "warsaw"),
    ("italy", "italian", "rome"),
    ("spain", "spanish", "madrid"),
    ("canada", "canadian", "ottawa"),
    ("european union", "eu", "brussels", "european commission"),
    ("north korea", "north korean", "pyongyang"),
    ("south korea", "south korean", "seoul"),
    ("syria", "syrian", "damascus"),
    ("saudi arabia", "saudi", "riyadh"),
    ("egypt", "egyptian", "cairo"),
    ("pakistan", "pakistani", "islamabad"),
    ("brazil", "brazilian", "brasilia"),
    ("mexico", "mexican", "mexico city"),
    ("australia", "australian", "canberra"),
    ("georgia", "georgian", "tbilisi"),
    ("hungary", "hungarian", "budapest"),
    ("netherlands", "dutch", "the hague", "amsterdam"),
    ("west", "western", "westerners"),
    ("europe", "european", "europeans"),
    ("africa", "african", "africans"),
    ("asia", "asian", "asians"),
)
# Words that describe a speaker's office, not who they are: never enough on their own.
TITLE_WORDS = frozenset(
    """boss top president minister prime secretary spokesman spokeswoman spokesperson official officials
    adviser advisor general chancellor leader leaders head chief foreign defence defense state
    national security press deputy senior government ministry office counterpart ambassador
    envoy representative director commander the a an of for and mr mrs ms dr""".split()
)
# Titles that fit whoever leads ("the alliance's chief" is its secretary general).
GENERIC_TITLES = frozenset("chief head leader leaders top senior boss official officials".split())
# Words that stand for a state's institutions as a whole.
INSTITUTION_WORDS = frozenset("government authorities administration regime officials state leadership".split())
# Words by which an outlet keeps its distance from a claim it reports.
DISTANCING_MARKERS = (
    "supposedly",
    "allegedly",
    "purportedly",
    "reportedly",
    "so-called",
    "so called",
    "claimed",
    "claims",
    "claiming",
    "what he sees as",
    "what she sees as",
    "what they see as",
    "taking credit",
    "apparent",
    "ostensibly",
    "insisted",
)
# Words common in non-English questions and rare in English ones.
FOREIGN_FUNCTION_WORDS = frozenset(
    """que qui est les des une del los las por para con como pero sur dans avec pas der die das und
    la el en un il di och на не dass es keine kein wird hat sind wurde oder auch ich sie wir nous vous ils
    elle sont était aurait ont lo le ha fue son esto eso hay sería ser está estos pelo uma não sim ele
    nicht ist ein eine mit auf wie het een van niet och att det som och kto что как это не да и в
    của và là""".split()
)

_NUMBER_WORDS = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million)"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d,.]*")
_SPACES = re.compile(r"\s+")


# ---------------------------------------------------------------- text helpers


# Irregular English verb forms, so "given" and "giving" (or "met" and "meeting") share a stem.
_IRREGULAR = {
    form: base
    for base, forms in {
        "give": "gave given",
        "make": "made",
        "take": "took taken",
        "go": "went gone",
        "meet": "met",
        "speak": "spoke spoken",
        "hold": "held",
        "bring": "brought",
        "seek": "sought",
        "think": "thought",
        "keep": "kept",
        "leave": "left",
        "lose": "lost",
        "win": "won",
        "begin": "began begun",
        "break": "broke broken",
        "choose": "chose chosen",
        "draw": "drew drawn",
        "drive": "drove driven",
        "fall": "fell fallen",
        "fly": "flew flown",
        "fight": "fought",
        "freeze": "froze frozen",
        "grow": "grew grown",
        "hide": "hid hidden",
        "know": "knew known",
        "lead": "led",
        "pay": "paid",
        "run": "ran",
        "rise": "rose risen",
        "see": "saw seen",
        "send": "sent",
        "shoot": "shot",
        "sell": "sold",
        "stand": "stood",
        "strike": "struck stricken",
        "swear": "swore sworn",
        "throw": "threw thrown",
        "understand": "understood",
        "withdraw": "withdrew withdrawn",
        "write": "wrote written",
        "become": "became",
        "come": "came",
        "do": "did done",
        "feel": "felt",
        "find": "found",
        "get": "got gotten",
        "hear": "heard",
        "mean": "meant",
        "ride": "rode ridden",
        "shake": "shook shaken",
        "sit": "sat",
        "spend": "spent",
        "steal": "stole stolen",
        "teach": "taught",
        "tear": "tore torn",
        "wear": "wore worn",
        "buy": "bought",
        "catch": "caught",
        "build": "built",
        "sink": "sank sunk",
        "forbid": "forbade forbidden",
        "forgive": "forgave forgiven",
        "say": "said",
        "tell": "told",
        "deal": "dealt",
        "lay": "laid",
        "flee": "fled",
        "feed": "fed",
        "bid": "bade",
    }.items()
    for form in forms.split()
}


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light, consistent suffix stripper: 'assured', 'assurance' and 'assures' share a stem."""
    w = word.lower().replace("’", "'")
    w = _IRREGULAR.get(w, w)
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-.")
    if len(w) <= 3:
        return w
    for suffix, replacement in (
        ("ies", "y"),
        ("ied", "y"),
        ("ings", ""),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + replacement
            break
    else:
        if w.endswith("s") and not w.endswith(("ss", "is", "us")) and len(w) > 4:
            w = w[:-1]
    for suffix in (
        "ations",
        "ation",
        "ators",
        "ator",
        "ances",
        "ance",
        "ences",
        "ence",
        "ments",
        "ment",
        "ities",
        "ity",
        "istic",
        "ism",
        "ist",
        "ate",
        "e",
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if w.endswith("at") and len(w) > 5:
        w = w[:-2]
    # "agree", "agreed" and "agreement" all end up as "agr".
    while w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


# Multi-word function phrases whose words carry no content ("in order to" is not about order).
_FUNCTION_PHRASES = re.compile(
    r"\b(?:in order to|in order for|as well as|in terms of|according to|in spite of|on behalf of)\b", re.I
)
# A word of each phrase above: texts without any of them cannot hold one.
_FUNCTION_PHRASE_ANCHORS = ("order", "as well", "terms of", "according", "spite", "behalf")


def words(text: str) -> list[str]:
    """The words of a text, lowercased, straight apostrophes, function phrases removed."""
    # Lowercased before splitting (one pass over the text, not one per word): this runs on
    # every field of every candidate statement of every question.
    lowered = (text or "").lower().replace("’", "'")
    # Substring tests are much cheaper than the phrase regex, and most texts hold none.
    if any(anchor in lowered for anchor in _FUNCTION_PHRASE_ANCHORS):
        lowered = _FUNCTION_PHRASES.sub(" ", lowered)
    return _WORD.findall(lowered)


def stems(text: str) -> set[str]:
    """Stems of every word in a text."""
    return {stem(w) for w in words(text)}


# Statement fields whose stems are kept: enough for the candidates of the last few
# questions; more only held memory (each entry keeps its sentence alive).
FIELD_STEM_CACHE = 4096


@functools.lru_cache(maxsize=FIELD_STEM_CACHE)
def _field_stems(text: str) -> tuple[str, ...]:
    """`stems` of a statement field, kept for the next candidate: speakers, roles and
    evidence sentences repeat across the statements a question scores (bounded cache).

    A tuple, not a set: tuples of strings drop out of the garbage collector's
    tracking, so a full cache does not lengthen its pauses."""
    return tuple(stems(text))


@functools.lru_cache(maxsize=FIELD_STEM_CACHE)
def _text_words_stems(text: str) -> tuple[int, tuple[str, ...]]:
    """How many words a statement's text has, and their stems (cached as `_field_stems`)."""
    text_words = words(text)
    return len(text_words), tuple({stem(w) for w in text_words})


_SYNONYMS: dict[str, frozenset[str]] = {}
for _group in SYNONYM_GROUPS:
    _group_stems = frozenset(stem(w) for w in _group)
    for _s in _group_stems:
        _SYNONYMS[_s] = _SYNONYMS.get(_s, frozenset()) | _group_stems
_SYNONYM_SURFACE: dict[str, tuple[str, ...]] = {}
for _group in SYNONYM_GROUPS:
    for _w in _group:
        _SYNONYM_SURFACE.setdefault(stem(_w), ())
        _SYNONYM_SURFACE[stem(_w)] = tuple(dict.fromkeys(_SYNONYM_SURFACE[stem(_w)] + _group))


def place_family(term: str) -> tuple[str, ...]:
    """Every name of the place a term names (country, capital, demonym, seat), or ()."""
    term = term.lower()
    for family in PLACE_FAMILIES:
        if term in family:
            return family
    return ()


def normalise(text: str) -> str:
    """Text for comparing wordings: straight quotes, single spaces, lowercase."""
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return _SPACES.sub(" ", text).strip().lower()


def fts_phrase(word: str) -> str:
    """One word as an FTS5 string literal: user text never reaches MATCH unquoted."""
    cleaned = re.sub(r"[^\w]", "", word, flags=re.UNICODE)
    return f'"{cleaned}"' if cleaned else ""


def fts_any(words_: Iterable[str]) -> str:
    """An FTS5 query matching any of the words (each quoted), or '' when none survive."""
    phrases = [p for p in dict.fromkeys(fts_phrase(w) for w in words_) if p]
    return " OR ".join(phrases)


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


_WHAT_SAID = re.compile(
    r"^(?:so\s+)?(?:what|which\s+\w+)\s+(?:exactly\s+)?(?:did|does|do|has|have|had|is|was|were)\s+(?P<who>.+?)\s+"
    r"(?:been\s+|really\s+|actually\s+)?(?P<verb>say|said|saying|claim|claimed|claiming|deny|denied|denying|"
    r"tell|told|telling|reject|rejected|rejecting|dismiss|dismissed|dispute|disputed|state|stated|argue|argued|"
    r"announce|announced|promise|promised|pledge|pledged|insist|insisted|warn|warned|admit|admitted|confirm|"
    r"confirmed|allege|alleged|think|thought|suggest|suggested|slam|slammed|refute|refuted|report|reported|"
    r"write|wrote|written|publish|published|downplay|downplayed)\b"
    r"(?:\s+(?!about\b|on\b|regarding\b|concerning\b|over\b|of\b|with\b|in\b)\w+)?"
    r"(?:\s+(?:about|on|regarding|concerning|over|of|with regard to|in relation to)\s+(?P<topic>.+))?",
    re.I,
)
_WHO = re.compile(r"^(?:so\s+)?who\s+(?:\w+\s+)?(?P<verb>\w+)\b(?P<rest>.*)$", re.I)
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
    clean = _SPACES.sub(" ", text.replace("“", '"').replace("”", '"')).strip()
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
        return Question(clean, "figure", focus, None, _content_words(rest), unit)
    named_unit = _named_figure_unit(body)
    if m := _OUTLETS.match(body):
        return Question(clean, "outlets", focus, None, _content_words(m.group("rest")), named_unit)
    if m := _WHAT_SAID.match(body):
        verb = m.group("verb").lower()
        if verb in DENIAL_VERBS or stem(verb) in {stem(v) for v in DENIAL_VERBS}:
            focus = "denial"
        topic = m.group("topic") or ""
        return Question(clean, "what", focus, m.group("who").strip(), _content_words(topic), named_unit)
    if m := _WHO.match(body):
        return Question(clean, "who", focus, None, _content_words(m.group("verb") + " " + m.group("rest")), named_unit)
    if re.match(r"^(?:which|what)\s+(?:claims?|denials?|statements?)\b", body, re.I):
        return Question(clean, "who", focus, None, _content_words(body), named_unit)
    return Question(clean, "yesno", focus, None, _content_words(body), named_unit)


def _named_figure_unit(text: str) -> str | None:
    """The unit of a figure a question quotes ('six hours' → 'time', '100,000 troops' → 'troop')."""
    match = re.search(r"\b" + _NUMBER_WORDS + r"\s+([a-z]+)", text.lower())
    if not match or match.group(1) in STOPWORDS:
        return None
    unit = stem(match.group(1))
    return "time" if any(unit == stem(u) for u in TIME_UNITS) else unit


def _content_words(text: str) -> list[str]:
    """Words that carry content: not function words, speech verbs or question scaffolding."""
    out = []
    for w in words(text):
        if w in STOPWORDS or w in SPEECH_VERBS or w in DENIAL_VERBS or w in CONFIRM_VERBS:
            continue
        if w in OUTLET_WORDS or w in REPORT_VERBS or w in FIGURE_WORDS:
            continue
        if len(w) < 2 and not w.isdigit():
            continue
        out.append(w)
    return list(dict.fromkeys(out))


def build_terms(store: Store, topic_words: list[str]) -> list[Term]:
    """Terms with synonyms and IDF weights measured on the store's statements."""
    total = max(store.statement_count(), 1)
    terms: list[Term] = []
    seen: set[str] = set()
    for w in topic_words:
        s = stem(w)
        if s in seen:
            continue
        seen.add(s)
        family = tuple(f for f in place_family(w) if " " not in f and "." not in f)
        group = _SYNONYMS.get(s, frozenset({s})) | {stem(f) for f in family}
        surfaces = tuple(dict.fromkeys((w,) + _SYNONYM_SURFACE.get(s, ()) + family))
        query = fts_any(surfaces)
        df = store.statement_match_count(query) if query else 0
        # A word no statement uses weighs as much as the rarest one that is used, so
        # one unusual word in a question does not on its own sink a good match.
        weight = math.log((total + 1) / (max(df, 1) + 0.5)) + 0.1
        terms.append(Term(w, group, surfaces, max(weight, 0.1), df, _role_phrases(store, w)))
    return terms


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
            if len(role.split()) >= 2 and not _relative_role(role):
                phrases.add(role)
    return tuple(sorted(phrases))[:5]


# ---------------------------------------------------------------- speakers


def _speaker_words(speaker: Row) -> tuple[set[str], str]:
    """A speaker's words (name, aliases, roles) and the same as one lowercase string."""
    fields = [speaker.get("name") or ""] + list(speaker.get("aliases") or []) + list(speaker.get("roles") or [])
    joined = " | ".join(f for f in fields if f).lower()
    return set(words(joined)), joined


# Speakers whose matching words are kept, and recent lookups (each holds up to 50 speakers):
# bounded so a big archive's many speakers do not make a long-running bot grow.
SPEAKER_ENTRIES_KEPT = 2048
CANDIDATE_LOOKUPS_KEPT = 128


@dataclass
class _DirectoryEntry:
    speaker: Row
    vocab: set[str]
    joined: str
    name_words: set[str]


def _directory_entry(speaker: Row) -> _DirectoryEntry:
    return _cached_entry(
        speaker["id"],
        speaker.get("name") or "",
        speaker.get("type"),
        tuple(speaker.get("roles") or ()),
        tuple(speaker.get("aliases") or ()),
    )


@functools.lru_cache(maxsize=SPEAKER_ENTRIES_KEPT)
def _cached_entry(
    speaker_id: int, name: str, speaker_type: str | None, roles: tuple[str, ...], aliases: tuple[str, ...]
) -> _DirectoryEntry:
    """A speaker's matching words, computed once per version of the speaker (bounded: the most quoted stay)."""
    speaker = {"id": speaker_id, "name": name, "type": speaker_type, "roles": list(roles), "aliases": list(aliases)}
    vocab, joined = _speaker_words(speaker)
    name_words = set(words(name)) | {w for a in aliases for w in words(a)}
    return _DirectoryEntry(speaker, vocab, joined, name_words)


def _index_forms(word: str) -> set[str]:
    """A word as the speaker index may hold it: as is, and as JSON escapes it in alias and role lists."""
    forms = {word}
    if not word.isascii():
        forms |= {json.dumps(w)[1:-1] for w in (word, word.capitalize(), word.upper())}
    return forms


def _exact_name_forms(tokens: list[str]) -> list[str]:
    """Names the tokens may spell out exactly ('jane smith' -> 'Jane Smith'), tried first when a word is common."""
    named = [t for t in tokens if t not in TITLE_WORDS and t not in STOPWORDS]
    forms = []
    for chosen in (tokens, named):
        if chosen:
            forms += [" ".join(t.capitalize() for t in chosen), " ".join(chosen)]
    return list(dict.fromkeys(forms))


@dataclass
class _Directory:
    """Speakers looked up through the store's speaker index, with the words matching needs.

    Nothing is held per speaker between questions, so memory does not grow with the store.
    """

    store: Store

    def candidates(self, tokens: Iterable[str], *, names_only: bool = False) -> list[_DirectoryEntry]:
        """Speakers sharing a word with the tokens or with the places they name (`names_only`: in their names)."""
        tokens = list(tokens)
        wanted: set[str] = set()
        for token in tokens:
            wanted.add(token)
            for name in place_family(token):
                wanted.update(words(name))
        key = (id(self.store), self.store.speaker_count(), frozenset(wanted), tuple(tokens), names_only)
        if key in _CANDIDATES_SEEN:
            _CANDIDATES_SEEN.move_to_end(key)
            return _CANDIDATES_SEEN[key]
        rows = self.store.speakers_with_words(
            (f for w in wanted for f in _index_forms(w)),
            names_only=names_only,
            limit=SPEAKER_CANDIDATES,
            exact_names=_exact_name_forms(tokens),
        )
        # The index splits words more finely than `words` does, so it finds a superset; keep exact sharers.
        entries = [_directory_entry(row) for row in rows]
        found = [e for e in entries if (e.name_words if names_only else e.vocab) & wanted]
        _CANDIDATES_SEEN[key] = found
        if len(_CANDIDATES_SEEN) > CANDIDATE_LOOKUPS_KEPT:
            _CANDIDATES_SEEN.popitem(last=False)
        return found


# Speakers considered per looked-up word set: a common surname or office can be shared by
# thousands of speakers in a large archive; the best index matches (by name first) are kept.
SPEAKER_CANDIDATES = 50
# Recent lookups (a question looks its words up more than once), dropped when a speaker is added.
_CANDIDATES_SEEN: OrderedDict[tuple[Any, ...], list[_DirectoryEntry]] = OrderedDict()


def speaker_directory(store: Store) -> _Directory:
    """The speaker lookup of a store (speakers are read per question through its index)."""
    return _Directory(store)


def _phrase_in(phrase: str, joined: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", joined) is not None


def match_speakers(store: Store, phrase: str, directory: _Directory | None = None) -> dict[int, float]:
    """Speakers a phrase names, with match strength in (0, 1].

    Names match on their distinctive words ('Smith' finds 'Jane Smith');
    offices on all their words ('the French president'); places through their
    family ('Beijing' finds a 'Chinese foreign ministry spokesman', 'the White
    House' an 'American' official).
    """
    tokens = [w for w in words(phrase) if w not in {"the", "a", "an", "'s"}]
    if not tokens:
        return {}
    phrase_lower = " ".join(tokens)
    result: dict[int, float] = {}
    distinctive = [t for t in tokens if t not in TITLE_WORDS and t not in STOPWORDS and not place_family(t)]
    directory = directory if directory is not None else speaker_directory(store)
    for entry in directory.candidates(tokens):
        speaker, vocab, joined, name_words = entry.speaker, entry.vocab, entry.joined, entry.name_words
        if phrase_lower in joined and _phrase_in(phrase_lower, joined):
            result[speaker["id"]] = 1.0
            continue
        if distinctive and all(t in name_words for t in distinctive):
            result[speaker["id"]] = 0.95
            continue
        if distinctive and not any(t in vocab for t in distinctive):
            continue
        score, counted, penalty = 0.0, 0, 0.0
        for t in tokens:
            if t in INSTITUTION_WORDS:
                continue  # "the government", "authorities": the state itself, whoever speaks for it
            if t in TITLE_WORDS:
                # An office the question names and the speaker does not hold counts against;
                # "chief", "head" or "leader" fit any office at the top.
                penalty += 0.0 if t in vocab or t in STOPWORDS or t in GENERIC_TITLES else 0.3
                continue
            counted += 1
            if t in vocab:
                score += 1.0
            elif (family := place_family(t)) and any(_phrase_in(f, joined) for f in family):
                score += 0.8
        if not counted:
            continue
        strength = score / counted - penalty
        if strength >= 0.75:
            result[speaker["id"]] = round(strength, 3)
    return result


def speaker_label(row: Row) -> tuple[str, str | None]:
    """The speaker's name and the role to show with it (the statement's, else their recorded one)."""
    name = row.get("speaker") or row.get("speaker_text") or "someone"
    role = row.get("speaker_role")
    if not role or _relative_role(role):
        roles = [
            r for r in row.get("speaker_roles") or [] if r and r.lower() not in name.lower() and not _relative_role(r)
        ]
        role = roles[0] if roles else None
    if role and role.lower() in name.lower():
        role = None
    return name, role


def unique_attributions(rows: Iterable[Row]) -> list[str]:
    """Each speaker once (with the first role found for them), in order of appearance."""
    by_name: dict[str, str] = {}
    for row in rows:
        name = (row.get("speaker") or "").lower()
        if name not in by_name or by_name[name].lower() == name:
            by_name[name] = attribution(row)
    return list(by_name.values())


def _relative_role(role: str) -> bool:
    """'his Russian counterpart' describes a speaker relative to someone else: not a title to show."""
    return role.split(" ", 1)[0].lower() in {"his", "her", "their", "its", "our", "my", "your"}


def attribution(row: Row) -> str:
    """'Ministry spokeswoman Jane Doe': role and name, as a sentence names a speaker."""
    name, role = speaker_label(row)
    return f"{role} {name}" if role else name


# ---------------------------------------------------------------- scoring


def _statement_stems(row: Row, with_evidence: bool = True, text_words: list[str] | None = None) -> set[str]:
    """Stems of what was said and who said it (and of the evidence sentence with `with_evidence`).

    `text_words` are `words(row["text"])` when the caller has them already.
    """
    if text_words is not None:
        found = {stem(w) for w in text_words}
    else:
        found = set(_text_words_stems(row.get("text") or "")[1])
    for f in (row.get("speaker"), row.get("speaker_text"), row.get("speaker_role")):
        if f:
            found.update(_field_stems(f))
    for role in row.get("speaker_roles") or []:
        found.update(_field_stems(role))
    if with_evidence and row.get("evidence"):
        found.update(_field_stems(row["evidence"]))
    return found


# A match only in the surrounding sentence counts less than one in what was said:
# several statements can share a sentence, and only one of them says the thing asked.
EVIDENCE_FACTOR = 0.75
SHORT_TEXT_WORDS = 3
SHORT_TEXT_FACTOR = 0.9


def coverage(row: Row, terms: list[Term]) -> float:
    """How much of the question a statement covers (0..1), weighted by term rarity.

    Words of what was said (and who said it) count in full; words found only in
    the rest of the evidence sentence count at EVIDENCE_FACTOR.
    """
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 0.0
    # Each field is split and stemmed once: this runs on every candidate of every question.
    text_word_count, _ = _text_words_stems(row.get("text") or "")
    own = _statement_stems(row, with_evidence=False)
    full = own.union(_field_stems(row["evidence"])) if row.get("evidence") else own
    # The texts matter only for terms with role phrases; most questions have none.
    if any(t.phrases for t in terms):
        own_text = normalise(row.get("text") or "")
        full_text = own_text + " " + normalise(row.get("evidence") or "")
    else:
        own_text = full_text = ""

    def has(term: Term, have: set[str], text: str) -> bool:
        return bool(term.stems & have) or any(p in text for p in term.phrases)

    own_share = sum(t.weight for t in terms if has(t, own, own_text)) / total
    full_share = sum(t.weight for t in terms if has(t, full, full_text)) / total
    if text_word_count <= SHORT_TEXT_WORDS:
        # "a claim", "the allegations": the words point at the sentence, which says what they mean.
        return max(own_share, SHORT_TEXT_FACTOR * full_share)
    return max(own_share, EVIDENCE_FACTOR * full_share)


def proposition_key(row: Row) -> tuple[str, int]:
    """The proposition a statement asserts or denies; a statement of its own when unlinked."""
    if row["kind"] == "denial" and row.get("denies") is not None:
        return ("p", row["denies"])
    if row["kind"] != "denial" and row.get("proposition") is not None:
        return ("p", row["proposition"])
    return ("s", row["id"])


@dataclass
class Scope:
    """What an answer may draw on: outlet, publication window, one article."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | int | None = None

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments of the store's answer queries."""
        return {"outlet": self.outlet, "since": self.since, "until": self.until, "article": self.article}


@dataclass
class Group:
    """The statements of one proposition found for a question."""

    key: tuple[str, int]
    score: float
    claims: list[Row] = field(default_factory=list)
    denials: list[Row] = field(default_factory=list)

    @property
    def status(self) -> str:
        """contested, asserted or denied."""
        if self.claims and self.denials:
            return STATUS_CONTESTED
        return STATUS_ASSERTED if self.claims else STATUS_DENIED

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets carrying any statement of the group."""
        return _distinct_outlets(self.claims + self.denials)


def _distinct_outlets(rows: Iterable[Row]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for outlet in row.get("outlets") or ([row["outlet"]] if row.get("outlet") else []):
            seen.setdefault(outlet, None)
    return list(seen)


# Statements read for "what did X say/deny?" without a topic (a prolific speaker has thousands):
# the newest ones. Each costs a random row read; 500 put such questions over 50 ms at 100k articles.
SUBJECT_ROWS = 200
# Propositions a question's answer reads in full; lower-scored ones keep the statements that
# found them (a prolific speaker's "what did X deny?" can reach a thousand propositions).
EXPAND_LIMIT = 30


def expand_groups(
    store: Store,
    keyed: dict[tuple[str, int], float],
    scope: Scope,
    seed_rows: dict[int, Row],
    limit: int | None = None,
) -> list[Group]:
    """Fetch every statement of the chosen propositions (within scope) into groups, best first.

    With `limit`, only that many of the best-scored propositions are read in
    full; the others are grouped from `seed_rows` alone.
    """
    expanded = sorted(keyed, key=lambda k: (-keyed[k], k))[:limit] if limit is not None else list(keyed)
    prop_ids = [k[1] for k in expanded if k[0] == "p"]
    rows = store.answer_statements(propositions=prop_ids, **scope.kwargs()) if prop_ids else []
    by_key: dict[tuple[str, int], Group] = {k: Group(k, s) for k, s in keyed.items()}
    seen: set[int] = set()
    unexpanded = set(keyed) - set(expanded)
    others = [r for r in seed_rows.values() if proposition_key(r) in unexpanded] if unexpanded else []
    for row in rows + [seed_rows[k[1]] for k in keyed if k[0] == "s" and k[1] in seed_rows] + others:
        if row["id"] in seen:
            continue
        key = proposition_key(row)
        group = by_key.get(key)
        if group is None:
            # A claim of a chosen proposition whose denial is what linked it, or vice versa.
            for candidate in (("p", row.get("proposition")), ("p", row.get("denies"))):
                if candidate in by_key:
                    group = by_key[candidate]
                    break
        if group is None:
            continue
        seen.add(row["id"])
        (group.denials if row["kind"] == "denial" else group.claims).append(row)
    groups = [g for g in by_key.values() if g.claims or g.denials]
    groups.sort(key=lambda g: (-g.score, -len(g.outlets), g.key))
    return groups


def rank_candidates(
    rows: list[Row], terms: list[Term], boost: dict[int, float] | None = None
) -> dict[tuple[str, int], float]:
    """Score propositions by their best statement's coverage (plus a speaker boost)."""
    scores: dict[tuple[str, int], float] = {}
    for row in rows:
        score = coverage(row, terms) if terms else 1.0
        if boost and row.get("speaker_id") in boost:
            score += 0.05 * boost[row["speaker_id"]]
        key = proposition_key(row)
        scores[key] = max(scores.get(key, 0.0), score)
    return scores


def choose(
    scores: dict[tuple[str, int], float], threshold: float = RELEVANCE_THRESHOLD, ratio: float = PRIMARY_RATIO
) -> dict[tuple[str, int], float]:
    """Propositions above the threshold and close to the best one."""
    if not scores:
        return {}
    best = max(scores.values())
    if best < threshold:
        return {}
    floor = max(threshold, best * ratio)
    return {k: v for k, v in scores.items() if v >= floor}


# ---------------------------------------------------------------- framing and figures


_DISTANCING_PATTERNS = tuple((m, re.compile(r"(?<!\w)" + re.escape(m) + r"(?!\w)")) for m in DISTANCING_MARKERS)


def distancing(row: Row) -> list[str]:
    """Distancing words in the sentence that reports a claim ('supposedly', 'claimed')."""
    evidence = normalise(row.get("evidence") or "")
    found = [m for m, pattern in _DISTANCING_PATTERNS if m in evidence and pattern.search(evidence)]
    quoted_word = re.findall(r"(?<![\w])'([a-z][a-z-]{2,})'(?![\w])", evidence)
    if quoted_word and not row.get("direct"):
        found += [f"'{w}'" for w in quoted_word[:2]]
    return found


def framing_note(claims: list[Row]) -> str | None:
    """A sentence when one outlet distances itself from a claim that another reports flatly."""
    distanced: dict[str, list[str]] = {}
    flat: dict[str, None] = {}
    for row in claims:
        markers = distancing(row)
        for outlet in row.get("outlets") or []:
            if markers:
                distanced.setdefault(outlet, [])
                distanced[outlet] += [m for m in markers if m not in distanced[outlet]]
            else:
                flat.setdefault(outlet, None)
    flat_only = [o for o in flat if o not in distanced]
    if not distanced or not flat_only:
        return None
    parts = [f"{outlet} writes {', '.join(f'“{m}”' for m in markers[:3])}" for outlet, markers in distanced.items()]
    return (
        f"Outlets frame this claim differently: {'; '.join(parts)}, "
        f"while {', '.join(flat_only)} report{'s' if len(flat_only) == 1 else ''} it flatly."
    )


def figure_groups(rows: list[Row]) -> list[dict[str, Any]]:
    """Figures that count the same thing, each group as {figures, conflict}.

    Uses the figures module's `compare_figures` when it exists; otherwise groups
    by unit and shared context words, and flags a conflict when some value lies
    outside another's interval both ways.
    """
    try:
        from bot import figures as figures_module

        compare = getattr(figures_module, "compare_figures", None)
        if compare is not None:
            groups = [_normalise_figure_group(g) for g in compare(rows)]
            grouped = {id(f) for g in groups for f in g["figures"]}
            # Figures no other article repeats still answer a question on their own.
            singles = [{"unit": r.get("unit"), "figures": [r], "conflict": False} for r in rows if id(r) not in grouped]
            return groups + singles
    except Exception:  # an upstream change must not break answers; fall back
        pass
    return _compare_figures_fallback(rows)


def _normalise_figure_group(group: Any) -> dict[str, Any]:
    """Accept a dict or an object with figure rows and a conflict flag."""
    if isinstance(group, dict):
        members = group.get("figures") or group.get("rows") or group.get("members") or group.get("values") or []
        conflict = bool(group.get("conflict", group.get("conflicting", False)))
        return {**group, "figures": list(members), "conflict": conflict}
    members = getattr(group, "figures", None) or getattr(group, "rows", None) or getattr(group, "members", [])
    return {
        "figures": list(members),
        "conflict": bool(getattr(group, "conflict", False)),
        "unit": getattr(group, "unit", None),
    }


def _compare_figures_fallback(rows: list[Row]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for row in rows:
        context = set(row.get("lemmas") or []) or stems(row.get("sentence") or "")
        for group in groups:
            if group["unit"] == row.get("unit") and len(context & group["context"]) >= 2:
                group["figures"].append(row)
                group["context"] |= context
                break
        else:
            groups.append({"unit": row.get("unit"), "figures": [row], "context": set(context)})
    out = []
    for group in groups:
        members = group["figures"]
        conflict = any(
            not (b["low"] <= a["value"] <= b["high"]) and not (a["low"] <= b["value"] <= a["high"])
            for i, a in enumerate(members)
            for b in members[i + 1 :]
            if a.get("value") is not None and b.get("value") is not None
        )
        out.append({"unit": group["unit"], "figures": members, "conflict": conflict})
    return out


def figure_values(group: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Each distinct wording of a figure group with the outlets that print it."""
    by_text: dict[str, list[str]] = {}
    for fig in group["figures"]:
        text = (fig.get("text") or "").strip()
        outlets = by_text.setdefault(text, [])
        for outlet in fig.get("outlets") or ([fig["outlet"]] if fig.get("outlet") else []):
            if outlet not in outlets:
                outlets.append(outlet)
    return list(by_text.items())


def figure_sentence(group: dict[str, Any]) -> str:
    """'Outlets differ: “almost six hours” (The Week) vs “about five hours” (UPI).'"""
    values = figure_values(group)
    listed = [f"“{text}” ({', '.join(outlets) or 'outlet unknown'})" for text, outlets in values]
    if group.get("conflict"):
        return f"Outlets give different figures: {' vs '.join(listed)}."
    if len(listed) == 1:
        return f"Reported: {listed[0]}."
    return f"Outlets agree: {'; '.join(listed)}."


def export_figure(fig: Row, conflict: bool) -> dict[str, Any]:
    """A figure in the `--json` form of an answer."""
    keys = ("id", "article", "outlet", "text", "value", "unit", "qualifier", "low", "high", "sentence")
    return {**{k: fig.get(k) for k in keys}, "conflict": conflict}


# ---------------------------------------------------------------- the answer


def _scope_bound(value: datetime | date | str | None) -> str | None:
    return iso_bound(value)


def _unknown(question: str, title: str, hint: str | None = None, *, error: bool = False) -> Reply:
    sections = [Section(text=hint)] if hint else []
    return Reply(
        title=title,
        status=STATUS_UNKNOWN,
        sections=sections,
        is_error=error,
        data={
            "question": question,
            "status": STATUS_UNKNOWN,
            "answer": title,
            "claims": [],
            "denials": [],
            "figures": [],
            "outlets": [],
        },
    )


NOTHING = "Nothing in the store answers this."


def answer_question(
    store: Store,
    question: str,
    *,
    outlet: str | None = None,
    since: datetime | date | str | None = None,
    until: datetime | date | str | None = None,
    article: str | int | None = None,
) -> Reply:
    """Answer a question from stored statements only; status contested/asserted/denied/unknown.

    `outlet`, `since`/`until` (publication window) and `article` (file name or
    id) narrow what the answer may draw on. Bad input gets a helpful reply.
    """
    raw = question or ""
    text = raw.strip()
    if not text:
        return _unknown(
            raw,
            "Ask a question about who claimed or denied what.",
            "For example: ask Did the minister deny the report?",
            error=True,
        )
    if len(text) > MAX_QUESTION_CHARS:
        return _unknown(
            text[:80] + "…",
            f"That question is too long ({len(text)} characters).",
            f"Ask it in under {MAX_QUESTION_CHARS} characters.",
            error=True,
        )
    if looks_non_english(text):
        return _unknown(text, "I can only answer questions in English.", "Try asking again in English.", error=True)
    scope = Scope(outlet or None, _scope_bound(since), _scope_bound(until), article)
    parsed = parse_question(text)
    if parsed.kind == "figure":
        return _answer_figures(store, parsed, scope)
    reply = _answer_statements(store, parsed, scope)
    if parsed.figure_unit:
        # The question names a figure ("… almost six hours?"): what outlets print matters too.
        figures_reply = _answer_figures(store, parse_question(text), scope, figure_only=True)
        if reply.status == STATUS_UNKNOWN:
            return figures_reply if figures_reply.data["figures"] else reply
        _merge_figures(reply, figures_reply)
    return reply


def _merge_figures(reply: Reply, figures_reply: Reply) -> None:
    """Add another reply's figure sections, figures and outlets to an answer."""
    reply.sections += [s for s in figures_reply.sections if s.heading == "Figures"]
    reply.data["figures"] += figures_reply.data["figures"]
    for outlet in figures_reply.data["outlets"]:
        if outlet not in reply.data["outlets"]:
            reply.data["outlets"].append(outlet)
    reply.sources = list(reply.data["outlets"])
    extra = [s.text for s in figures_reply.sections if s.heading == "Figures"]
    reply.data["answer"] = " ".join([reply.data["answer"]] + extra)


# Terms used by more statements than this are left out of the candidate search (they
# still count when candidates are scored): on a big store they would match everything.
COMMON_TERM_DF = 500


def _search_query(terms: list[Term]) -> str:
    """An FTS5 query for the question's rarer terms (the two rarest when all are common)."""
    by_rarity = sorted(terms, key=lambda t: t.df)
    searched = [t for t in by_rarity if t.df <= COMMON_TERM_DF] or by_rarity[:2]
    return fts_any(s for t in searched for s in t.surfaces)


def _all_common_query(terms: list[Term]) -> str | None:
    """When every term is common: the two rarest required together (None otherwise).

    Either alone can match a large share of a big store, and ranking all of
    those is what makes a question slow; statements with both come first.
    """
    by_rarity = sorted(terms, key=lambda t: t.df)
    if len(by_rarity) < 2 or by_rarity[0].df <= COMMON_TERM_DF:
        return None
    parts = [fts_any(t.surfaces) for t in by_rarity[:2]]
    return " AND ".join(f"({p})" for p in parts) if all(parts) else None


def _search_rows(store: Store, parsed: Question, scope: Scope, speaker_ids: list[int] | None = None) -> list[Row]:
    # Only common words to go on: the newest matches are read (ranking them all would take
    # as long as the store is big), statements with the two rarest words together first.
    common = bool(parsed.terms) and min(t.df for t in parsed.terms) > COMMON_TERM_DF
    both = _all_common_query(parsed.terms)
    if both:
        rows = store.answer_statements(
            fts=both, speaker_ids=speaker_ids, limit=CANDIDATES, newest_matches=True, **scope.kwargs()
        )
        if rows:
            return rows
    query = _search_query(parsed.terms)
    if not query:
        return []
    return store.answer_statements(
        fts=query, speaker_ids=speaker_ids, limit=CANDIDATES, newest_matches=common, **scope.kwargs()
    )


def _answer_statements(store: Store, parsed: Question, scope: Scope) -> Reply:
    subject_ids: dict[int, float] = {}
    topic_words = list(parsed.topic_words)
    outlet_subject = _outlet_named(store, parsed.subject) if parsed.kind == "what" and parsed.subject else None
    if outlet_subject and not scope.outlet:
        # "What did <outlet> report (about Y)?": the outlet is a scope, not a speaker.
        scope = Scope(outlet_subject, scope.since, scope.until, scope.article)
        parsed.terms = build_terms(store, topic_words)
        rows = (
            _search_rows(store, parsed, scope)
            if parsed.terms
            else store.answer_statements(limit=SUBJECT_ROWS, **scope.kwargs())
        )
        chosen = choose(rank_candidates(rows, parsed.terms)) if parsed.terms else _by_reach(rows)
        if not chosen:
            return _unknown(parsed.text, NOTHING, _nothing_hint(scope))
        return build_reply(parsed, expand_groups(store, chosen, scope, {r["id"]: r for r in rows}, EXPAND_LIMIT), scope)
    if parsed.kind == "what" and parsed.subject:
        subject_ids = match_speakers(store, parsed.subject)
        if not subject_ids:
            # Not a known speaker: treat the subject as content ("what did the report say").
            topic_words = _content_words(parsed.subject) + topic_words
    parsed.terms = build_terms(store, topic_words)
    if subject_ids:
        kind = "denial" if parsed.focus == "denial" else None
        if parsed.terms:
            rows = _search_rows(store, parsed, scope, list(subject_ids))
        else:
            rows = store.answer_statements(
                speaker_ids=list(subject_ids), kind=kind, limit=SUBJECT_ROWS, **scope.kwargs()
            )
        if kind:
            rows = [r for r in rows if r["kind"] == kind]
        chosen = choose(rank_candidates(rows, parsed.terms)) if parsed.terms else _by_reach(rows)
        if not chosen:
            return _unknown(parsed.text, NOTHING, _nothing_hint(scope))
        groups = expand_groups(store, chosen, scope, {r["id"]: r for r in rows}, EXPAND_LIMIT)
        if kind:
            # Only the subject's denials are the answer; the claims they deny stay for context.
            for g in groups:
                g.denials = [d for d in g.denials if d.get("speaker_id") in subject_ids] or g.denials
        return build_reply(parsed, groups, scope, subject_ids=subject_ids)
    if not parsed.terms:
        return _unknown(
            parsed.text,
            "I could not find anything to look up in that question.",
            "Ask in plain English, e.g. 'What did the minister say about the talks?' (no search syntax needed).",
        )
    rows = _search_rows(store, parsed, scope)
    boost = match_speakers_in_text(store, parsed.text)
    chosen = choose(rank_candidates(rows, parsed.terms, boost))
    if not chosen:
        return _unknown(parsed.text, NOTHING, _nothing_hint(scope))
    groups = expand_groups(store, chosen, scope, {r["id"]: r for r in rows}, EXPAND_LIMIT)
    if not groups:
        return _unknown(parsed.text, NOTHING, _nothing_hint(scope))
    return build_reply(parsed, groups, scope)


def _by_reach(rows: list[Row]) -> dict[tuple[str, int], float]:
    """Every proposition of the rows, scored by how many outlets carried it (all above threshold)."""
    outlets_by_key: dict[tuple[str, int], set[str]] = {}
    for row in rows:
        outlets_by_key.setdefault(proposition_key(row), set()).update(row["outlets"])
    return {k: 1.0 + 0.01 * len(v) for k, v in outlets_by_key.items()}


def _outlet_named(store: Store, phrase: str | None) -> str | None:
    """The store's outlet a phrase names ('RT', 'the Daily Example'), if any."""
    wanted = re.sub(r"^the\s+", "", (phrase or "").strip(), flags=re.I).lower()
    for outlet in store.outlets():
        if re.sub(r"^the\s+", "", outlet, flags=re.I).lower() == wanted:
            return outlet
    return None


def match_speakers_in_text(store: Store, text: str) -> dict[int, float]:
    """Speakers named anywhere in a question, for a small ranking boost."""
    found: dict[int, float] = {}
    directory = speaker_directory(store)
    for w in _content_words(text):
        if w[:1].isdigit():
            continue
        for sid, strength in match_speakers(store, w, directory).items():
            found[sid] = max(found.get(sid, 0.0), strength)
    return found


def _nothing_hint(scope: Scope) -> str:
    narrowed = [
        f"outlet {scope.outlet}" if scope.outlet else None,
        f"since {scope.since}" if scope.since else None,
        f"until {scope.until}" if scope.until else None,
        f"article {scope.article}" if scope.article is not None else None,
    ]
    narrowed_text = ", ".join(n for n in narrowed if n)
    if narrowed_text:
        return f"No stored statement about it within {narrowed_text}; try a wider scope."
    return "No stored statement says anything about it. Try other words, or ingest more coverage."


# ---------------------------------------------------------------- rendering


def _distinct_wordings(rows: list[Row]) -> list[tuple[Row, list[str]]]:
    """One row per distinct wording (speaker + text), with every outlet carrying it."""
    merged: dict[tuple[str, str], tuple[Row, list[str]]] = {}
    for row in rows:
        key = (normalise(row.get("speaker") or ""), normalise(row.get("text") or ""))
        first, outlets = merged.setdefault(key, (row, []))
        for outlet in row.get("outlets") or []:
            if outlet not in outlets:
                outlets.append(outlet)
    return list(merged.values())


MAX_SHOWN_EVIDENCE = 240


def shown_words(row: Row) -> tuple[str, bool]:
    """The stored words an answer shows, and whether to put them in quotation marks.

    A statement whose content is only a pointer ("a claim", "the allegations")
    is shown through its verbatim sentence, so a reader sees what was denied.
    """
    text = (row.get("text") or "").strip()
    if len(words(text)) <= SHORT_TEXT_WORDS and row.get("evidence"):
        evidence = _SPACES.sub(" ", row["evidence"]).strip()
        if len(evidence) > MAX_SHOWN_EVIDENCE:
            evidence = evidence[:MAX_SHOWN_EVIDENCE].rsplit(" ", 1)[0] + " …"
        return evidence, not _already_quoted(evidence)
    return text, bool(row.get("direct")) and not _already_quoted(text)


def to_quote(row: Row, outlets: list[str]) -> Quote:
    """A stored statement as a Quote with its speaker's role and outlets."""
    name, role = speaker_label(row)
    text, quoted = shown_words(row)
    return Quote(
        speaker=name,
        text=text,
        outlets=outlets,
        kind=row["kind"],
        role=role,
        cue=speech_verb(row),
        direct=quoted,
    )


# Reporting verbs that read well before a colon, by stem; other cues become "said"/"denied".
_COLON_VERBS = {
    stem(v): v
    for v in (
        "said claimed insisted argued warned pledged promised added noted stressed stated announced "
        "admitted acknowledged suggested predicted vowed denied rejected dismissed disputed slammed refuted"
    ).split()
}


def speech_verb(row: Row) -> str:
    """The verb an answer sentence uses for a statement: its cue when that reads well, else said/denied."""
    cue = (row.get("cue") or "").strip().lower()
    known = _COLON_VERBS.get(stem(cue)) if cue and " " not in cue else None
    if known and (row["kind"] == "denial") == (
        known in {"denied", "rejected", "dismissed", "disputed", "slammed", "refuted"}
    ):
        return known
    return "denied" if row["kind"] == "denial" else "said"


def quote_sentence(row: Row, outlets: list[str]) -> str:
    """One answer sentence: speaker with role, their stored words, the outlets."""
    words_, quoted = shown_words(row)
    words_ = words_.rstrip(".")
    verb = speech_verb(row)
    said = f"“{words_}”" if quoted else words_
    where = f" ({', '.join(outlets)})" if outlets else ""
    return _capitalise(f"{attribution(row)} {verb}: {said}{where}.")


def _already_quoted(text: str) -> bool:
    """Stored words that carry their own quotation marks are not wrapped in more."""
    return text[:1] in {'"', "“"} or text.count('"') + text.count("“") >= 2


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _who(rows: list[Row]) -> str:
    names = unique_attributions(rows)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:2]) + f" and {len(names) - 2} other{'s' if len(names) > 3 else ''}"


def group_summary(group: Group) -> str:
    """A lead sentence for one proposition: who claimed it, who denied it, where."""
    claim_outlets = _distinct_outlets(group.claims)
    denial_outlets = _distinct_outlets(group.denials)
    if group.status == STATUS_CONTESTED:
        return (
            f"Contested: {_who(group.claims)} claimed it ({', '.join(claim_outlets)}); "
            f"{_who(group.denials)} denied it ({', '.join(denial_outlets)})."
        )
    if group.status == STATUS_ASSERTED:
        return f"Claimed by {_who(group.claims)} ({', '.join(claim_outlets)}); no denial is stored."
    return f"Denied by {_who(group.denials)} ({', '.join(denial_outlets)}); the claim itself is not stored."


def overall_status(groups: list[Group]) -> str:
    """The status of the best-matching propositions: contested if any is, else asserted, else denied."""
    if not groups:
        return STATUS_UNKNOWN
    top = max(g.score for g in groups)
    statuses = {g.status for g in groups if g.score >= top - 0.05}
    for status in (STATUS_CONTESTED, STATUS_ASSERTED, STATUS_DENIED):
        if status in statuses:
            return status
    return STATUS_UNKNOWN


def build_reply(
    parsed: Question,
    groups: list[Group],
    scope: Scope,
    *,
    subject_ids: dict[int, float] | None = None,
    figure_groups_: list[dict[str, Any]] | None = None,
) -> Reply:
    """The Reply for chosen propositions: lead, quotes per side, framing, figures, outlets."""
    shown, hidden = groups[:MAX_PROPOSITIONS], groups[MAX_PROPOSITIONS:]
    status = overall_status(shown)
    sentences: list[str] = []
    sections: list[Section] = []
    claims_out: list[Row] = []
    denials_out: list[Row] = []
    for group in shown:
        lead = group_summary(group)
        sentences.append(lead)
        claim_quotes = _distinct_wordings(group.claims)
        denial_quotes = _distinct_wordings(group.denials)
        # A question about denials hears the denials first.
        sides = [denial_quotes[:MAX_QUOTES], claim_quotes[:MAX_QUOTES]]
        ordered = sides[0] + sides[1] if parsed.focus == "denial" else sides[1] + sides[0]
        for row, outlets in ordered:
            sentences.append(quote_sentence(row, outlets))
        claims_out += group.claims
        denials_out += group.denials
        heading = _group_heading(group)
        quotes = [to_quote(r, o) for r, o in ordered]
        more = max(0, len(claim_quotes) - MAX_QUOTES) + max(0, len(denial_quotes) - MAX_QUOTES)
        notes = [lead]
        if group.claims and (note := framing_note(group.claims)):
            notes.append(note)
            sentences.append(note)
        sections.append(Section(heading=heading, text=" ".join(notes), quotes=quotes, sources=group.outlets, more=more))
    figures_json: list[dict[str, Any]] = []
    figure_sentences: list[str] = []
    figure_sections: list[Section] = []
    for fgroup in figure_groups_ or []:
        sentence = figure_sentence(fgroup)
        figure_sentences.append(sentence)
        figure_sections.append(Section(heading="Figures", text=sentence, sources=_distinct_outlets(fgroup["figures"])))
        figures_json += [export_figure(f, fgroup["conflict"]) for f in fgroup["figures"]]
    if parsed.kind == "figure":
        # A figure question is answered by the figures first, then by who stated them.
        sentences, sections = figure_sentences + sentences, figure_sections + sections
    else:
        sentences, sections = sentences + figure_sentences, sections + figure_sections
    if hidden:
        sections.append(
            Section(heading="Also related", text=f"{len(hidden)} more related point(s) not shown.", more=len(hidden))
        )
    cited = _distinct_outlets(claims_out + denials_out + [f for g in figure_groups_ or [] for f in g["figures"]])
    title = _title(parsed, status, shown)
    from bot.cli import export_statement

    return Reply(
        title=title,
        status=status,
        sections=sections,
        sources=cited,
        data={
            "question": parsed.text,
            "status": status,
            # Only titles that name speakers or outlets lead the answer text; status labels do not.
            "answer": " ".join(([title] if parsed.kind in {"who", "outlets"} and shown else []) + sentences) or title,
            "claims": [export_statement(r) for r in claims_out],
            "denials": [export_statement(r) for r in denials_out],
            "figures": figures_json,
            "outlets": cited,
        },
    )


def _group_heading(group: Group) -> str:
    source = group.claims[0] if group.claims else group.denials[0]
    text = (source.get("text") or "").strip()
    if len(text) > 120:
        text = text[:117].rsplit(" ", 1)[0] + "…"
    label = {STATUS_CONTESTED: "Contested", STATUS_ASSERTED: "Claimed", STATUS_DENIED: "Denied"}[group.status]
    return f"{label}: {text}"


def _title(parsed: Question, status: str, groups: list[Group]) -> str:
    if parsed.kind == "figure":
        return "What the outlets report:"
    if not groups:
        return NOTHING
    if parsed.kind == "outlets":
        outlets = _distinct_outlets(r for g in groups for r in g.claims + g.denials)
        return f"Reported by {', '.join(outlets)}."
    if parsed.kind == "who":
        top = groups[0]
        if parsed.focus == "denial" and top.denials:
            return f"{_who(top.denials)} denied it."
        if top.claims:
            tail = f"; {_who(top.denials)} denied it" if top.denials else ""
            return f"{_who(top.claims)} said it{tail}."
    if parsed.kind == "what" and parsed.subject:
        n = len(groups)
        what = "denied" if parsed.focus == "denial" else "said"
        return f"What {parsed.subject} {what}: {n} point{'s' if n != 1 else ''} in the store."
    return {
        STATUS_CONTESTED: "Contested: claimed, and denied.",
        STATUS_ASSERTED: "Claimed, and no denial is stored.",
        STATUS_DENIED: "Only denials are stored.",
    }.get(status, NOTHING)


# ---------------------------------------------------------------- figure questions


MAX_FIGURES = 12  # compared pairwise, so the cost is quadratic in this
FIGURE_CANDIDATES = 300  # figures read by text match per question


def _unit_names(unit: str | None) -> list[str] | None:
    """Stored unit lemmas a question's unit may appear as (None: any unit)."""
    if unit == "time":
        return list(TIME_UNITS)
    if not unit:
        return None
    names = {unit} | set(_SYNONYM_SURFACE.get(unit, ()))
    # A stem may have lost a final "e" the lemma keeps ("force" → "forc").
    return sorted(names | {n + "e" for n in names} | {n + "s" for n in names})


def _figure_matches_unit(fig: Row, unit: str | None) -> bool:
    fig_unit = stem(fig.get("unit") or "")
    if unit == "time":
        return any(fig_unit.startswith(stem(u)) for u in TIME_UNITS)
    if unit:
        return fig_unit == unit or unit in _SYNONYMS.get(fig_unit, frozenset())
    return True


# A figure of the asked unit needs less context to be the one asked about.
FIGURE_THRESHOLD = 0.34


def _answer_figures(store: Store, parsed: Question, scope: Scope, figure_only: bool = False) -> Reply:
    """Figures of the asked unit whose sentence matches the question, and statements carrying them."""
    parsed.terms = build_terms(store, [w for w in parsed.topic_words if not re.fullmatch(_NUMBER_WORDS, w)])
    units = _unit_names(parsed.figure_unit)
    # With words to go on, only figures whose sentence shares a searched word are read (FTS, best first).
    query = _search_query(parsed.terms) if parsed.terms else None
    if query:
        common = min(t.df for t in parsed.terms) > COMMON_TERM_DF
        candidates = store.answer_figures(
            units=units, fts=query, newest_matches=common, limit=FIGURE_CANDIDATES, **scope.kwargs()
        )
    else:
        candidates = store.answer_figures(units=units, **scope.kwargs())
    total = sum(t.weight for t in parsed.terms) or 1.0
    relevant = []
    for fig in candidates:
        if not _figure_matches_unit(fig, parsed.figure_unit):
            continue
        context = {stem(w) for w in fig.get("lemmas") or []}.union(_field_stems(fig.get("sentence") or ""))
        score = sum(t.weight for t in parsed.terms if t.stems & context) / total if parsed.terms else 1.0
        if score >= FIGURE_THRESHOLD:
            fig["score"] = score
            fig["outlets"] = [fig["outlet"]] if fig.get("outlet") else []
            relevant.append(fig)
    # The best-matching figures only: comparing every pair is quadratic.
    relevant = sorted(relevant, key=lambda f: -f["score"])[:MAX_FIGURES]
    fgroups = [g for g in figure_groups(relevant) if g["figures"]] if relevant else []
    # Statements reporting one of these figures are cited with them.
    rows = _search_rows(store, parsed, scope) if parsed.terms and not figure_only else []
    fig_texts = {(f["article_id"], normalise(f.get("text") or "")) for f in relevant}
    reporting = [r for r in rows if _reports_figure(r, fig_texts, parsed.figure_unit)]
    keyed = {proposition_key(r): coverage(r, parsed.terms) for r in reporting}
    groups = expand_groups(store, keyed, scope, {r["id"]: r for r in reporting}) if keyed else []
    if not fgroups and not groups:
        return _unknown(parsed.text, NOTHING, _nothing_hint(scope))
    fgroups.sort(key=lambda g: (not g["conflict"], -len(g["figures"])))
    reply = build_reply(parsed, groups, scope, figure_groups_=fgroups[:3])
    if not groups:
        # Figures outlets print are reported facts even when no statement carries them.
        reply.status = reply.data["status"] = STATUS_ASSERTED
    return reply


def _reports_figure(row: Row, figure_texts: set[tuple[int, str]], unit: str | None) -> bool:
    """Whether a statement's sentence(s) carry one of the figures (same article, same words)."""
    evidence = normalise(row.get("evidence") or "")
    for article_id, text in figure_texts:
        if article_id == row["article_id"] and text and text in evidence:
            return True
    if not figure_texts and unit == "time":
        # No figures stored yet: a number followed by a time unit in the statement will do.
        return re.search(_NUMBER_WORDS + r"\s+(?:" + "|".join(TIME_UNITS) + r")s?\b", evidence) is not None
    return False


# ---------------------------------------------------------------- ledgers


def speaker_ledger(
    store: Store,
    speaker: str,
    *,
    since: datetime | date | str | None = None,
    until: datetime | date | str | None = None,
    outlet: str | None = None,
) -> Reply:
    """Everything one speaker claimed and denied, with who denied their claims and the outlets."""
    name = (speaker or "").strip()
    if not name:
        return Reply(title="Name a speaker, e.g. `claims Smith`.", is_error=True, data={"speaker": name, "items": []})
    ids = match_speakers(store, name)
    if not ids:
        return Reply(
            title=f"No stored statements by {name}.",
            sections=[Section(text="Check the spelling, or list speakers with `statements`.")],
            data={"speaker": name, "items": []},
        )
    scope = Scope(outlet, _scope_bound(since), _scope_bound(until), None)
    rows = store.answer_statements(speaker_ids=list(ids), limit=5000, **scope.kwargs())
    if not rows:
        return Reply(title=f"No statements by {name} in that window.", data={"speaker": name, "items": []})
    keys = {proposition_key(r): 1.0 for r in rows}
    groups = expand_groups(store, keys, scope, {r["id"]: r for r in rows})
    groups.sort(key=lambda g: (g.status != STATUS_CONTESTED, -len(g.outlets)))
    sections: list[Section] = []
    items: list[dict[str, Any]] = []
    from bot.cli import export_statement

    for group in groups:
        own_claims = [r for r in group.claims if r.get("speaker_id") in ids]
        own_denials = [r for r in group.denials if r.get("speaker_id") in ids]
        others = [r for r in group.claims + group.denials if r.get("speaker_id") not in ids]
        quotes = [to_quote(r, o) for r, o in _distinct_wordings(own_claims + own_denials)[:MAX_QUOTES]]
        replies = [to_quote(r, o) for r, o in _distinct_wordings(others)[:2]]
        text = group_summary(group)
        sections.append(
            Section(heading=_group_heading(group), text=text, quotes=quotes + replies, sources=group.outlets)
        )
        items.append(
            {
                "status": group.status,
                "claims": [export_statement(r) for r in own_claims],
                "denials": [export_statement(r) for r in own_denials],
                "responses": [export_statement(r) for r in others],
            }
        )
    shown, more = _bounded(sections, 12)
    if more:
        shown.append(Section(text=f"{more} more point(s) not shown.", more=more))
    speaker_names = sorted({r["speaker"] for r in rows})
    return Reply(
        title=f"{', '.join(speaker_names)}: {len(groups)} point(s) claimed or denied",
        sections=shown,
        sources=_distinct_outlets(r for g in groups for r in g.claims + g.denials),
        data={"speaker": name, "speakers": speaker_names, "items": items, "outlets": _distinct_outlets(rows)},
    )


def denials_reply(
    store: Store,
    *,
    since: datetime | date | str | None = None,
    until: datetime | date | str | None = None,
    outlet: str | None = None,
) -> Reply:
    """Every denial in a window, each with the claim it denies and both sides' outlets."""
    scope = Scope(outlet, _scope_bound(since), _scope_bound(until), None)
    rows = store.answer_statements(kind="denial", limit=5000, **scope.kwargs())
    if not rows:
        return Reply(title="No denials stored in that window.", data={"denials": [], "items": []})
    keys = {proposition_key(r): 1.0 for r in rows}
    # Claims come from any time: a denial today may answer a claim from last week.
    groups = expand_groups(store, keys, Scope(), {r["id"]: r for r in rows})
    in_window = {r["id"] for r in rows}
    from bot.cli import export_statement

    sections = []
    items = []
    for group in sorted(groups, key=lambda g: -len(g.outlets)):
        group.denials = [d for d in group.denials if d["id"] in in_window]
        if not group.denials:
            continue
        quotes = [to_quote(r, o) for r, o in _distinct_wordings(group.denials)[:MAX_QUOTES]]
        claim_quotes = [to_quote(r, o) for r, o in _distinct_wordings(group.claims)[:2]]
        sections.append(
            Section(
                heading=_group_heading(group),
                text=group_summary(group),
                quotes=quotes + claim_quotes,
                sources=group.outlets,
            )
        )
        items.append(
            {
                "status": group.status,
                "denials": [export_statement(r) for r in group.denials],
                "claims": [export_statement(r) for r in group.claims],
            }
        )
    shown, more = _bounded(sections, 12)
    if more:
        shown.append(Section(text=f"{more} more denial(s) not shown.", more=more))
    return Reply(
        title=f"{len(rows)} denial(s) of {len(items)} point(s)",
        sections=shown,
        sources=_distinct_outlets(r for g in groups for r in g.claims + g.denials),
        data={"denials": [export_statement(r) for r in rows], "items": items, "outlets": _distinct_outlets(rows)},
    )


def sources_reply(
    store: Store,
    topic: str,
    *,
    since: datetime | date | str | None = None,
    until: datetime | date | str | None = None,
) -> Reply:
    """Which outlets reported what on a topic, side by side (one section per outlet)."""
    text = (topic or "").strip()
    if not text:
        return Reply(
            title="Name a topic, e.g. `sources border talks`.", is_error=True, data={"topic": text, "outlets": {}}
        )
    if len(text) > MAX_QUESTION_CHARS:
        return Reply(
            title=f"That topic is too long ({len(text)} characters).",
            is_error=True,
            data={"topic": text[:80], "outlets": {}},
        )
    scope = Scope(None, _scope_bound(since), _scope_bound(until), None)
    parsed = Question(text, "outlets", None, None, _content_words(text))
    parsed.terms = build_terms(store, parsed.topic_words)
    rows = _search_rows(store, parsed, scope)
    chosen = choose(rank_candidates(rows, parsed.terms), ratio=0.6)
    if not chosen:
        return Reply(
            title=f"No stored coverage of “{text}”.", status=STATUS_UNKNOWN, data={"topic": text, "outlets": {}}
        )
    groups = expand_groups(store, chosen, scope, {r["id"]: r for r in rows})
    by_outlet: dict[str, list[Row]] = {}
    for group in groups:
        for row in group.claims + group.denials:
            for outlet in row.get("outlets") or ["(outlet unknown)"]:
                by_outlet.setdefault(outlet, []).append(row)
    from bot.cli import export_statement

    sections = []
    for outlet, outlet_rows in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        wordings = _distinct_wordings(outlet_rows)
        quotes = [to_quote(r, [outlet]) for r, _ in wordings[:MAX_QUOTES]]
        sections.append(
            Section(heading=outlet, quotes=quotes, more=max(0, len(wordings) - MAX_QUOTES), sources=[outlet])
        )
    for group in groups:
        if group.claims and (note := framing_note(group.claims)):
            sections.append(Section(heading="Framing", text=note))
    return Reply(
        title=f"Coverage of “{text}” by {len(by_outlet)} outlet(s)",
        status=overall_status(groups),
        sections=sections,
        sources=sorted(by_outlet),
        data={
            "topic": text,
            "status": overall_status(groups),
            "outlets": {o: [export_statement(r) for r in rs] for o, rs in by_outlet.items()},
        },
    )


def _bounded(sections: list[Section], limit: int) -> tuple[list[Section], int]:
    return sections[:limit], max(0, len(sections) - limit)
