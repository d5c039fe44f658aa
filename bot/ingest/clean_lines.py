"""Text and lines: normalisation, Markdown, hard wraps undone, sentence ends, quotes and date lines."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

BAD, SHORT, NEARGOOD, GOOD = "bad", "short", "neargood", "good"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """jusText's English stop list, lower-cased (loaded once)."""
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist("English"))


# ---------------------------------------------------------------- text normalisation

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Two apostrophes (or two backticks) typed for a double quote mark.
_DOUBLE_APOSTROPHE = re.compile(r"''|``")
# A full stop, ?, ! (or an ellipsis), maybe closed by a quote, glued to the next sentence.
_GLUED = re.compile(r"(?<=[a-z0-9%)\]]{2})([.!?]+[\"'\u201d\u2019]?|\u2026)(?=[\"\u201c]?[A-Z][a-z])")


def normalise_text(raw: str) -> str:
    """Unicode NFC, one kind of line break, no zero-width characters, `''` as a quote mark."""
    text = unicodedata.normalize("NFC", raw).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _DOUBLE_APOSTROPHE.sub('"', text)


# ---------------------------------------------------------------- leaked markup

# One attribute of a tag: name="value", name='value' or name=digits, with no space around "=" (as markup
# writes it). A quoted value may hold one line break (a capture that wrapped inside the tag) but never a
# paragraph of text, so prose is not taken for a value.
_QUOTED_ATTR = r"""[A-Za-z_][\w:-]*=(?:"[^"\n]*\n?[^"\n]*"|'[^'\n]*\n?[^'\n]*')"""
_ATTR = rf"(?:{_QUOTED_ATTR}|[A-Za-z_][\w:-]*=\d+)"
_TAG = re.compile(
    r"</[A-Za-z][\w:-]*\s*>"  # a closing tag
    rf"|<[A-Za-z][\w:-]*(?:\s+{_ATTR})+\s*/?>"  # an opening tag with attributes (an embed's id, author, date)
    r"|<[a-z][a-z0-9-]*\s*/?>"  # a bare lower-case tag: <tweet>, <br/>; "x<y" or "<Name>" stays
)
# Attributes whose tag's "<name" was lost: any run closed by the tag's ">", or two or more quoted ones in a
# row; a lone name="value" or "x=5 y=6" in a sentence stays.
_ATTR_RUN = re.compile(rf"(?<![\w=\"']){_ATTR}(?:\s+{_ATTR})*/?>|(?<![\w=\"']){_QUOTED_ATTR}(?:[ \t]+{_QUOTED_ATTR})+")
# A tag cut off at a line's end inside its last attribute's value (the value runs on over several lines).
_CUT_TAG = re.compile(rf"<[A-Za-z][\w:-]*(?:\s+{_ATTR})*\s+[A-Za-z_][\w:-]*=\"[^\"\n]*$", re.MULTILINE)
# An embed's inline script, wrapped as a CDATA section ("//<![CDATA[ var n=…; //]]>"): code, never prose.
# One left open runs to its line's end.
_CDATA = re.compile(r"(?://[ \t]*)?<!\[CDATA\[(?:.*?\]\]>|[^\n]*$)", re.DOTALL | re.MULTILINE)
_MARK = "\x00"
# "It must stop.</tweet>." leaves a second full stop after the sentence's own.
_DOUBLE_STOP = re.compile(rf"([.!?\u2026][\"'\u201d\u2019]?){_MARK}+\.(?!\.)")
# What an embed's line holds once its markup is gone ("<tweet id=…></tweet>." leaves "."): nothing to keep.
_ONLY_PUNCT = re.compile(r"[^\w]{0,3}")


def drop_wrapped_tags(text: str) -> str:
    """Remove a tag that a capture wrapped over two lines (a line break inside a value), before lines are split.

    Lines are paragraphs here: the tag's first half would stand as a paragraph of its own, and its closing
    `">` would lead the next one, where no markup rule can tell it from prose. Tags on one line stay for
    the classifier (see `strip_markup`).
    """
    if "<" not in text:
        return text
    return _TAG.sub(lambda m: "" if "\n" in m.group() else m.group(), text)


def strip_markup(text: str) -> str:
    """Remove HTML/XML tags, attribute=value runs and inline scripts leaked into a plain-text capture.

    The words between tags stay: an embedded post exported as `<tweet id="…" author="…">words</tweet>`
    keeps its words; the tags, ids and timestamps are not prose. A line that held nothing but an embed's
    markup becomes blank. Applied to kept paragraphs, after the classifier: an embed's markup is what tells
    it apart from a one-line caption, and the lines around an embed are judged with it in place, as before.
    """
    if "=" not in text and "<" not in text:
        return text
    marked = _CUT_TAG.sub(_MARK, _ATTR_RUN.sub(_MARK, _TAG.sub(_MARK, _CDATA.sub(_MARK, text))))
    if _MARK not in marked:
        return text
    marked = _DOUBLE_STOP.sub(r"\1", marked)
    kept = [
        "" if _MARK in line and _ONLY_PUNCT.fullmatch(line.replace(_MARK, "").strip()) else line.replace(_MARK, "")
        for line in marked.split("\n")
    ]
    return "\n".join(kept)


def split_glued_sentences(text: str) -> str:
    """Insert the missing space in "into account.During the meeting"."""
    return _GLUED.sub(lambda m: m.group(1) + " ", text)


def collapse_spaces(line: str) -> str:
    """Runs of spaces and tabs as one space, trimmed."""
    return _SPACES.sub(" ", line).strip()


# ---------------------------------------------------------------- lines

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_LIST = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+|(?<![\w@])@\w{2,}|\b[\w-]+\.(?:com|org|net|co\.uk|io)\b", re.IGNORECASE)


@dataclass
class Line:
    """One paragraph of a capture, with what the classifier knows about it."""

    index: int
    text: str
    blank_before: bool
    heading: bool = False  # marked as a heading (markdown)
    link_chars: int = 0
    cf_class: str = SHORT  # context-free class
    final: str = SHORT  # class after context revision
    furniture: str | None = None  # why it is page furniture, if it is
    lead_word: str = ""  # first word as printed (a no-break space binds words), to undo hard wraps

    @property
    def words(self) -> list[str]:
        """The line's words."""
        return self.text.split()


def _markdown_line(text: str) -> tuple[str, bool, int]:
    """Strip markdown markup; return the text, whether it was a heading, and link characters."""
    heading = bool(_MD_HEADING.match(text))
    text = _MD_HEADING.sub("", text)
    text = _MD_LIST.sub("", text)
    text = _MD_IMAGE.sub("", text)
    link_chars = sum(len(m.group(1)) for m in _MD_LINK.finditer(text))
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return text.strip(), heading, link_chars


MAX_WRAP_WIDTH = 120  # a capture whose lines are all this short may be hard-wrapped
FULL_LINE = 0.7  # a line at least this share of the wrap width was cut by the wrap
BLANK_SEPARATED_SHARE = 0.15  # share of lines after a blank line that marks blank-separated paragraphs
LOWER_CUT_SHARE = 0.4  # share of open-ended full lines continued in lower case that marks a hard wrap


def unwrap_lines(lines: list[Line]) -> list[Line]:
    """Join lines that a hard wrap (a text dump at a fixed width) cut out of one paragraph.

    A capture is hard-wrapped when no line is longer than `MAX_WRAP_WIDTH`
    and many lines that fill the width stop mid-sentence before a lower-case
    word. Then a line is joined to the next line of its block when it stops
    inside a sentence and the next word would not have fitted on it; short
    lines (headlines, buttons) stay alone. Captures with one paragraph a
    line are left as they are.
    """
    if not lines:
        return lines
    width = max(len(line.text) for line in lines)
    full = [len(line.text) >= FULL_LINE * width and not line.heading for line in lines]
    # Evidence of a wrap: full lines stopping inside a sentence, the next line going on in lower case.
    open_ends = [
        i
        for i in range(len(lines) - 1)
        if full[i] and not ends_sentence(lines[i].text) and not lines[i + 1].blank_before
    ]
    lower_cuts = sum(lines[i + 1].text[0].islower() for i in open_ends)
    if width > MAX_WRAP_WIDTH or lower_cuts < max(3, LOWER_CUT_SHARE * len(open_ends)):
        return [_with_glued_split(line) for line in lines]
    # Paragraphs set apart by blank lines: a block's lines are one paragraph even across sentence ends.
    blocks = sum(line.blank_before for line in lines)
    blank_separated = blocks >= 3 and blocks >= BLANK_SEPARATED_SHARE * len(lines)
    merged: list[Line] = []
    previous: Line | None = None
    for line in lines:
        if merged and previous is not None and _wrap_cut(previous, line, width, across_sentences=blank_separated):
            last = merged[-1]
            hyphenated = last.text.endswith("-") and line.text[0].islower()
            last.text = last.text + ("" if hyphenated else " ") + line.text
            last.link_chars += line.link_chars
        else:
            merged.append(line)
        previous = line if not line.heading else None
    for index, line in enumerate(merged):
        line.index = index
    return [_with_glued_split(line) for line in merged]


def _wrap_cut(line: Line, following: Line, width: int, *, across_sentences: bool) -> bool:
    """Whether a wrap at `width` broke `line` before `following`: the next word would not have fitted.

    Unless paragraphs are set apart by blank lines, only a cut inside a
    sentence is joined: a line ending a sentence may end a paragraph.
    """
    if following.blank_before or following.heading or is_date_line(line.text):
        return False
    if ends_sentence(line.text) and not across_sentences:
        return False
    next_word = following.lead_word or following.text.split()[0]
    if line.text.endswith("-") and next_word[0].islower():  # a wrap at a hyphen: "state-" / "run"
        return True
    return len(line.text) + 1 + len(next_word) > width


def _with_glued_split(line: Line) -> Line:
    line.text = split_glued_sentences(line.text)
    return line


def split_lines(text: str, *, markdown: bool = False) -> list[Line]:
    """The paragraphs of `text`: non-blank lines (hard wraps undone).

    Each line remembers whether a blank line came before it.
    """
    lines: list[Line] = []
    blank = True
    for raw in text.split("\n"):
        stripped = collapse_spaces(raw)
        if not stripped:
            blank = True
            continue
        heading, link_chars = False, 0
        if markdown:
            stripped, heading, link_chars = _markdown_line(stripped)
            if not stripped:
                continue
        link_chars += sum(len(m.group(0)) for m in _URL.finditer(stripped))
        lead_word = raw.strip(" \t").split(" ")[0] if not markdown else stripped.split()[0]
        lines.append(Line(len(lines), stripped, blank, heading, link_chars, lead_word=lead_word))
        blank = False
    return unwrap_lines(lines)


# ---------------------------------------------------------------- sentences and quotes

_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_TERMINAL = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*$")
QUOTED = re.compile(r"[\"\u201c\u201d][^\"\u201c\u201d]*[\"\u201c\u201d]")
ATTRIBUTION = re.compile(
    r"\b(said|says|told|according to|added|stated|noted|claimed|denied|insisted|warned|reported|argued)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """A rough sentence split (enough to find repeated sentences and calls to action)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def outside_quotes(text: str) -> str:
    """`text` with its quoted passages blanked out."""
    return QUOTED.sub(" ", text)


def ends_sentence(text: str) -> bool:
    """Whether `text` ends with sentence punctuation (closing quotes allowed)."""
    return bool(_TERMINAL.search(text))


def has_quote_or_attribution(text: str) -> bool:
    """Whether `text` quotes someone or attributes words ("said", "according to")."""
    return bool(QUOTED.search(text) or ATTRIBUTION.search(text))


# ---------------------------------------------------------------- dates

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for m in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?(\s*\(?[A-Z]{2,4}\)?)?", re.IGNORECASE)
_DATE_KEYWORD = re.compile(
    r"^\W*(date|dated|published|updated|posted|last (updated|modified)|first published|on)\b", re.IGNORECASE
)


# Every date pattern holds a four-digit year: a line without one is no date (one scan, not five).
_YEAR_DIGITS = re.compile(r"\d{4}")


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first full calendar date in `text` as ISO (YYYY-MM-DD), with its span."""
    if not _YEAR_DIGITS.search(text):
        return None
    found: list[tuple[int, str, tuple[int, int]]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = _MONTHS[parts["mon"].lower()] if parts.get("mon") else int(parts["m"])
            day, year = int(parts["d"]), int(parts["y"])
            if pattern is _DATE_PATTERNS[2] and month > 12 >= day:  # day-first slash date
                month, day = day, month
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:
                continue
            found.append((match.start(), iso, match.span()))
    if not found:
        return None
    _, iso, span = min(found)
    return iso, span


def is_date_line(text: str) -> bool:
    """A line that is a date stamp: a full date and little else, or a "Published …"-style line."""
    found = find_date(text)
    if found is None:
        return False
    rest = text
    for pattern in _DATE_PATTERNS:
        rest = pattern.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    remaining = re.findall(r"[^\W\d_]{2,}", rest)
    return len(remaining) <= 3 or bool(_DATE_KEYWORD.match(text)) and len(text.split()) <= 12


_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
)
# A clock time ("17:10", "6.30pm", "8am") or a time zone.
_CLOCK = re.compile(
    r"^(\d{1,2}([:.]\d{2})?(am|pm|a\.m|p\.m|h)?|am|pm|a\.m|p\.m|gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|noon|midnight)$"
)


def is_time_and_date_line(text: str) -> bool:
    """A line of date and clock words only, with no year: "Tuesday 1 December, 6.30pm", "Wed 9 Dec 17:10".

    `is_date_line` needs a full date with its year; a broadcast's or live blog's stamp often has none.
    The line needs a weekday or a month name and may hold nothing else but day numbers, clock times,
    "at" and punctuation.
    """
    words = [w.strip(",.;|()\u2013\u2014-").lower() for w in text.split()]
    words = [w for w in words if w]
    if not words or len(words) > 8:
        return False
    named = False
    for word in words:
        bare = word.rstrip(".")
        if bare in _WEEKDAYS or bare in _MONTHS:
            named = True
        elif not (re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", word) or _CLOCK.match(word) or word in ("at", "on")):
            return False
    return named
