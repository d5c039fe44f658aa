"""The wordings an answer quotes: one per speaker and words, attributed sentences before headlines.

A denial keeps only its denying clause; a wording stands for every statement that carries it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from bot.answers.scoring import SHORT_TEXT_WORDS
from bot.answers.text import normalise, stem, words
from bot.nlp.lexicon import ALLEGATION_NOUNS, REPORT_NOUNS
from bot.store import Row, Store

MAX_HEADLINE_WORDS = 15
_SENTENCE_END = (".", "!", "?", "…")
_CLOSERS = "'’\"”) "
_PRONOUN_TARGETS = frozenset({"this", "it", "that", "these", "those"})
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:—–|]|\s-\s)\s*")
# Texts whose word count and compared form are kept: an answer ranks the same rows'
# wordings again for every group, side and lead sentence (hundreds of times for a
# speaker with many denials), and each ranking split every text into words anew.
WORDING_CACHE = 4096


@functools.lru_cache(maxsize=WORDING_CACHE)
def word_count(text: str) -> int:
    """How many words `text` has (as `words` splits it), kept for the next ranking."""
    return len(words(text))


@functools.lru_cache(maxsize=WORDING_CACHE)
def _normalised(text: str) -> str:
    return normalise(text)


def is_headline(row: Row) -> bool:
    """Whether a statement was read from a headline: a short opening line without end punctuation."""
    if (row.get("position") or 0) > 1:
        return False
    return _reads_as_headline(row.get("evidence") or "")


@functools.lru_cache(maxsize=WORDING_CACHE)
def _reads_as_headline(evidence: str) -> bool:
    evidence = evidence.strip()
    if not evidence:
        return False
    return not evidence.rstrip(_CLOSERS).endswith(_SENTENCE_END) and word_count(evidence) <= MAX_HEADLINE_WORDS


def is_pointer(row: Row) -> bool:
    """A statement whose words only point at something said elsewhere ("a claim", "the allegations")."""
    return word_count(row.get("text") or "") <= SHORT_TEXT_WORDS


# A pointer phrase: a determiner and report nouns ("a claim", "the allegations") or a lone
# pronoun ("this"); it has no content word of its own, so it says nothing without its target.
_POINTER_DETERMINERS = frozenset("a an the this that these those such any all his her its their our".split())
_POINTER_PRONOUNS = frozenset({"this", "it", "that", "these", "those", "which"})
_POINTER_NOUNS = ALLEGATION_NOUNS | REPORT_NOUNS
# Row field holding the words of the claim a pointer denial is linked to (set by `attach_denied_words`).
DENIED_WORDS = "denied_words"


def is_pointer_phrase(text: str) -> bool:
    """Whether `text` is only a pointer: a lone pronoun, or a determiner with report/claim nouns."""
    found = words(text)
    if len(found) == 1:
        return found[0] in _POINTER_PRONOUNS
    if len(found) < 2 or found[0] not in _POINTER_DETERMINERS:
        return False
    return all(w in _POINTER_NOUNS or (w.endswith("s") and w[:-1] in _POINTER_NOUNS) for w in found[1:])


def attach_denied_words(store: Store, rows: Iterable[Row]) -> None:
    """Give each pointer denial among `rows` the words of the claim it is linked to (`DENIED_WORDS`).

    "…, a claim the spokesman denied" is stored as the denial "a claim"; shown as it is,
    it tells a reader nothing. Only a link to a proposition some claim asserts gives
    words: an unlinked denial, or one whose proposition no claim holds, keeps none.
    """
    pointers = []
    for row in rows:
        row.pop(DENIED_WORDS, None)  # links change between answers; never show a stale target
        if row.get("kind") == "denial" and row.get("denies") and is_pointer_phrase(row.get("text") or ""):
            pointers.append(row)
    if not pointers:
        return
    ids = {int(row["denies"]) for row in pointers}
    held = ids - store.claimless_propositions(ids)
    texts = {int(p["id"]): (p.get("text") or "").strip() for p in store.propositions(held)} if held else {}
    for row in pointers:
        text = texts.get(int(row["denies"]), "")
        if text and not is_pointer_phrase(text):
            row[DENIED_WORDS] = text


def pointer_denial_words(row: Row) -> str | None:
    """What a linked pointer denial is shown as: "the claim that <the linked claim's words>", else None."""
    text = row.get(DENIED_WORDS) if row.get("kind") == "denial" else None
    if not text:
        return None
    text = str(text).strip().rstrip(".")
    return f"the claim that {text}"


def denial_clause(row: Row) -> str:
    """The words of a denial without the claim it denies.

    A pointer denial ("a claim the spokesman also denied") is stored with the whole
    sentence as evidence, claim included; only the clause holding the denying
    verb is kept. Other denials keep their own words.
    """
    text = (row.get("text") or "").strip()
    if not is_pointer(row):
        return text
    return _denying_clause(text, row.get("evidence") or "", row.get("cue") or "")


@functools.lru_cache(maxsize=WORDING_CACHE)
def _denying_clause(text: str, evidence: str, cue_words: str) -> str:
    evidence = re.sub(r"\s+", " ", evidence).strip()
    cue = stem(cue_words.split(" ")[0]) if cue_words else ""
    # Quoted passages are the claim's words; the clause outside them carries the denial.
    outside = re.sub(r"[\"“][^\"”]*[\"”]", " | ", evidence)
    for clause in _CLAUSE_SPLIT.split(outside):
        clause = clause.strip(" .")
        clause_stems = {stem(w) for w in words(clause)}
        if clause and (cue in clause_stems or normalise(text) in normalise(clause)) and len(words(clause)) > 1:
            return clause
    return text


def _wording_rank(row: Row, outlets: int) -> tuple[Any, ...]:
    """Sort key, best first: attributed before headline, words that name what is denied or
    claimed before pointers and bare "this is impossible", then reach, then a readable length."""
    text = row.get("text") or ""
    length = len(text)
    target = (row.get("target_text") or "").strip().lower()
    vague = target in _PRONOUN_TARGETS or word_count(text) < 6
    return (is_headline(row), is_pointer(row), vague, length > 200, -outlets, abs(length - 90))


def ranked_wordings(rows: Sequence[Row]) -> list[tuple[Row, list[str]]]:
    """One row per distinct wording (speaker + words) with every outlet carrying it, best first."""
    merged: dict[tuple[str, str], tuple[Row, list[str]]] = {}
    for row in rows:
        key = wording_key(row)
        first, outlets = merged.setdefault(key, (row, []))
        if is_headline(first) and not is_headline(row):
            merged[key] = (row, outlets)  # the attributed sentence stands for its headline
        for outlet in row.get("outlets") or ([row["outlet"]] if row.get("outlet") else []):
            if outlet not in outlets:
                outlets.append(outlet)
    wordings = _drop_echoing_headlines(list(merged.values()))
    return sorted(wordings, key=lambda pair: _wording_rank(pair[0], len(pair[1])))


def _drop_echoing_headlines(wordings: list[tuple[Row, list[str]]]) -> list[tuple[Row, list[str]]]:
    """Headlines are not quoted when an attributed wording of the same side runs in the same outlets.

    The article body says the same with its speaker named; the headline adds only a
    shorter, unattributed echo of it.
    """
    attributed_outlets = {o for r, outlets in wordings if not is_headline(r) for o in outlets}
    return [(r, o) for r, o in wordings if not (is_headline(r) and o and set(o) <= attributed_outlets)]


def wording_key(row: Row) -> tuple[str, str]:
    """What makes two statements one wording: the same speaker and the same words, compared normalised."""
    return (_normalised(row.get("speaker") or ""), _normalised(row.get("text") or ""))


def wording_ids(row: Row | None, rows: Sequence[Row]) -> tuple[int, ...]:
    """Ids of the `rows` with `row`'s wording (same speaker, same words), as `ranked_wordings` merges them.

    One quoted wording stands for every statement that carries it (one per outlet
    that printed it): those are the statements whose words it shows.
    """
    if row is None:
        return ()
    key = wording_key(row)
    return row_ids(r for r in rows if wording_key(r) == key)


def row_ids(rows: Iterable[Row]) -> tuple[int, ...]:
    """The statement ids of `rows`, each once, in order."""
    return tuple(dict.fromkeys(int(r["id"]) for r in rows if r.get("id") is not None))
