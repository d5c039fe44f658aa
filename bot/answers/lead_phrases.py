"""The phrases a lead sentence is built from: who speaks, their verb, their words, the reach and date.

Each side's words come from its leading speaker only; `fit_lead` picks the first form that fits the lead limit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date

from bot.answers.lexicon import SPEECH_VERBS
from bot.answers.llm import MAX_LEAD_CHARS
from bot.answers.scoring import distinct_outlets
from bot.answers.speakers import attribution
from bot.answers.text import normalise
from bot.answers.wordings import (
    is_headline,
    is_pointer,
    ranked_wordings,
    wording_key,
)
from bot.store import Row

MAX_LEAD_WORDS_CHARS = 200  # a claim's words longer than this are left to the quote below the lead
SHORT_WORDS_CHARS = 90  # words cut to this (with "…") when the whole lead would not fit
_NEGATION_OPENERS = ("no ", "not ", "never ", "nothing ", "none ", "there was no ", "there is no ", "there were no ")
# A denial whose words are an object ("any suggestion …", "the allegations") reads
# "X denies <words>"; a clause ("a deal had been formalized") reads "X denies that <words>".
_OBJECT_OPENERS = ("any ", "the ", "a ", "an ", "that ", "claims", "reports", "allegations", "suggestion", "this ")


def short_date(value: str | None) -> str | None:
    """'8 Feb 2022' for an ISO date or datetime, None when unknown."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return f"{day.day} {day.strftime('%b')} {day.year}"


def latest(rows: Iterable[Row]) -> str | None:
    """The latest publication date of `rows`, shortened."""
    dates = [r["published"] for r in rows if r.get("published")]
    return short_date(max(dates)) if dates else None


def reach(rows: Sequence[Row], with_date: bool = False) -> str:
    """'(4 outlets)', '(The Week, UPI)' for two or fewer, with the latest date when asked."""
    outlets = distinct_outlets(rows)
    parts = [", ".join(outlets) if 0 < len(outlets) <= 2 else f"{len(outlets)} outlets"] if outlets else []
    when = latest(rows) if with_date else None
    if when:
        parts.append(when)
    return f" ({', '.join(parts)})" if parts else ""


def _speakers_by_reach(rows: Sequence[Row], prefer: Collection[int] = ()) -> list[tuple[str, list[Row]]]:
    """Each speaker's attribution with their rows, the one carried by most outlets first.

    Speakers whose id is in `prefer` (the ones a question names) come before all others.
    """
    by_speaker: dict[str, list[Row]] = {}
    for row in rows:
        by_speaker.setdefault(normalise(row.get("speaker") or row.get("speaker_text") or ""), []).append(row)
    ranked = sorted(
        by_speaker.values(),
        key=lambda rs: (
            not any(r.get("speaker_id") in prefer for r in rs),
            -len(distinct_outlets(rs)),
            (rs[0].get("speaker_type") or "") != "PERSON",
            -len(rs),
        ),
    )
    return [(attribution(min(rs, key=lambda r: is_headline(r))), rs) for rs in ranked]


def top_speaker(rows: Sequence[Row], prefer: Collection[int] = ()) -> tuple[str, list[Row]]:
    """The speaker carried by most outlets on one side (a preferred one first), with their rows."""
    return _speakers_by_reach(rows, prefer)[0]


def lead_first(
    wordings: list[tuple[Row, list[str]]], rows: Sequence[Row], prefer: Collection[int] = ()
) -> list[tuple[Row, list[str]]]:
    """`wordings` with the one the lead uses first (else the lead speaker's best), so the quote matches the lead.

    `prefer` are the speaker ids the question names, as `group_lead` got them.
    """
    if not rows:
        return wordings
    own_rows = top_speaker(rows, prefer)[1]
    used = claim_choice(own_rows) if own_rows[0].get("kind") != "denial" else denial_choice(own_rows)
    key = wording_key(used) if used is not None else None
    own = {id(r) for r in own_rows}
    first = next((i for i, (r, _) in enumerate(wordings) if key is not None and wording_key(r) == key), None)
    if first is None:
        first = next((i for i, (r, _) in enumerate(wordings) if id(r) in own), 0)
    return wordings[first : first + 1] + wordings[:first] + wordings[first + 1 :]


def speakers_named(rows: Sequence[Row]) -> str:
    """'Jane Doe', 'Jane Doe and the ministry', 'Jane Doe and 2 others'."""
    names = [name for name, _ in _speakers_by_reach(rows)]
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} and {len(names) - 1} others"


_DETERMINERS = frozenset("the a an his her its their our other".split())


def plural_name(name: str) -> bool:
    """'Russian officials', 'the US and its allies': a speaker that takes "say", not "says"."""
    last = name.split()[-1] if name.split() else ""
    plural_word = last.islower() and last.endswith("s") and not last.endswith(("ss", "us", "is"))
    # "Russia and China", "Bill and Hillary Clinton"; not a coordinated role before one name
    # ("founder and chairman of the Group Jane Roe").
    parts = name.split(" and ")
    before_and = [part.split()[-1] for part in parts[:-1] if part.split()]
    after_and = [part.split()[0].lower() for part in parts[1:] if part.split()]
    two = any(word[:1].isupper() for word in before_and) or any(word in _DETERMINERS for word in after_and)
    return plural_word or two


def verb_for(rows: Sequence[Row], singular: str, plural: str) -> str:
    """`singular` for one speaker who is not a plural name, else `plural` ("denies" / "deny")."""
    speakers = _speakers_by_reach(rows)
    return singular if len(speakers) == 1 and not plural_name(speakers[0][0]) else plural


def says_verb(name: str, singular: str = "says", plural: str = "say") -> str:
    """The verb form that agrees with one speaker's name ("says" / "say")."""
    return plural if plural_name(name) else singular


def shortened(words_: str | None) -> str | None:
    """Words cut at a word boundary to SHORT_WORDS_CHARS with an ellipsis (the quote below has them whole)."""
    if words_ is None or len(words_) <= SHORT_WORDS_CHARS:
        return None
    quoted = words_.startswith("“")
    body = words_.strip("“”")
    cut = body[:SHORT_WORDS_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"“{cut}”" if quoted else cut


def claim_choice(rows: Sequence[Row]) -> Row | None:
    """The claim wording a lead quotes: the best that is no pointer and not too long."""
    for row, _ in ranked_wordings(rows):
        text = (row.get("text") or "").strip()
        if not is_pointer(row) and len(text) <= MAX_LEAD_WORDS_CHARS:
            return row
    return None


def claim_words_of(row: Row | None) -> str | None:
    """Words of the chosen claim wording (`claim_choice`), as they follow "says", or None."""
    if row is None:
        return None
    text = (row.get("text") or "").strip().rstrip(".")
    return f"“{text}”" if row.get("direct") else text


def denial_choice(rows: Sequence[Row]) -> Row | None:
    """The denial wording a lead paraphrases: reported speech that names what is denied."""
    for row, _ in ranked_wordings(rows):
        text = (row.get("text") or "").strip()
        if is_pointer(row) or row.get("direct") or len(text) > MAX_LEAD_WORDS_CHARS:
            continue
        if '"' in text or "“" in text:
            continue
        return row
    return None


def shortened_denial(words_: str | None) -> str | None:
    """A denial's words shortened after its verb ('denies that …')."""
    if not words_:
        return None
    verb, _, rest = words_.partition(" ")
    if rest.startswith("that "):
        verb, rest = f"{verb} that", rest[5:]
    short = shortened(rest)
    return f"{verb} {short}" if short else None


def denial_words_of(row: Row | None, speaker: str = "") -> str | None:
    """What follows the denier's name for the chosen denial wording (`denial_choice`): 'says no such
    assurance was given', 'denies that …', or None."""
    if row is None:
        return None
    text = (row.get("text") or "").strip().rstrip(".")
    lower = text.lower()
    if lower.startswith(_NEGATION_OPENERS) or _spoken_words(row):
        return f"{says_verb(speaker)} {text}"
    if lower.startswith(_OBJECT_OPENERS) and not _is_clause(lower):
        return f"{says_verb(speaker, 'denies', 'deny')} {text}"
    return f"{says_verb(speaker, 'denies', 'deny')} that {text}"


def _spoken_words(row: Row) -> bool:
    """A denial reported with a speech verb ("said the report is misleading"): its words are the
    denier's own, so "X denies that <words>" would say the opposite of what X said."""
    cue = (row.get("cue") or "").lower().split()
    return bool(cue) and cue[0] in SPEECH_VERBS | _WRITING_VERBS


_WRITING_VERBS = frozenset("write writes wrote written tweet tweets tweeted post posts posted".split())
_AUXILIARIES = frozenset("is are was were had has have would will could can did does do been".split())


def _is_clause(lower: str) -> bool:
    """'a deal had been formalized' (a clause: "denies that …"), not 'any suggestion that …' (an object)."""
    head = lower.split(" that ", 1)[0]
    return any(word in _AUXILIARIES for word in head.split())


def fit_lead(options: Sequence[str]) -> str:
    """The first option within the lead limit (the last one is the shortest)."""
    for option in options:
        if len(option) <= MAX_LEAD_CHARS:
            return option
    return options[-1][: MAX_LEAD_CHARS - 1].rsplit(" ", 1)[0] + "…"


Option = tuple[str, tuple[int, ...]]  # a sentence and the statements whose words it shows


def fit_lead_shown(options: Sequence[Option]) -> Option:
    """Like `fit_lead`, keeping with the chosen sentence the statements whose words it shows."""
    for text, shown in options:
        if len(text) <= MAX_LEAD_CHARS:
            return text, shown
    text, shown = options[-1]
    return fit_lead([text]), shown
