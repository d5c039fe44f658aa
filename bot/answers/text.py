"""Text helpers for matching questions to statements: words, stems, synonyms and FTS5 query pieces."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from bot.answers.lexicon import PLACE_FAMILIES, SPACES, SYNONYM_GROUPS, WORD

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
    return WORD.findall(lowered)


def stems(text: str) -> set[str]:
    """Stems of every word in a text."""
    return {stem(w) for w in words(text)}


# Statement fields whose stems are kept: enough for the candidates of the last few
# questions; more only held memory (each entry keeps its sentence alive).
FIELD_STEM_CACHE = 4096


@functools.lru_cache(maxsize=FIELD_STEM_CACHE)
def field_stems(text: str) -> tuple[str, ...]:
    """`stems` of a statement field, kept for the next candidate: speakers, roles and
    evidence sentences repeat across the statements a question scores (bounded cache).

    A tuple, not a set: tuples of strings drop out of the garbage collector's
    tracking, so a full cache does not lengthen its pauses."""
    return tuple(stems(text))


@functools.lru_cache(maxsize=FIELD_STEM_CACHE)
def text_words_stems(text: str) -> tuple[int, tuple[str, ...]]:
    """How many words a statement's text has, and their stems (cached as `_field_stems`)."""
    text_words = words(text)
    return len(text_words), tuple({stem(w) for w in text_words})


SYNONYMS: dict[str, frozenset[str]] = {}
for _group in SYNONYM_GROUPS:
    _group_stems = frozenset(stem(w) for w in _group)
    for _s in _group_stems:
        SYNONYMS[_s] = SYNONYMS.get(_s, frozenset()) | _group_stems
SYNONYM_SURFACE: dict[str, tuple[str, ...]] = {}
for _group in SYNONYM_GROUPS:
    for _w in _group:
        SYNONYM_SURFACE.setdefault(stem(_w), ())
        SYNONYM_SURFACE[stem(_w)] = tuple(dict.fromkeys(SYNONYM_SURFACE[stem(_w)] + _group))


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
    return SPACES.sub(" ", text).strip().lower()


def fts_phrase(word: str) -> str:
    """One word as an FTS5 string literal: user text never reaches MATCH unquoted.

    Inner punctuation becomes a space, so "can't" is the phrase "can t" as the
    index splits it (with it dropped, "cant" matched nothing).
    """
    cleaned = re.sub(r"[^\w]+", " ", word, flags=re.UNICODE).strip()
    return f'"{cleaned}"' if cleaned else ""


def fts_any(words_: Iterable[str]) -> str:
    """An FTS5 query matching any of the words (each quoted), or '' when none survive."""
    phrases = [p for p in dict.fromkeys(fts_phrase(w) for w in words_) if p]
    return " OR ".join(phrases)
