"""Cleaning raw page captures into an article's headline and body.

HTML goes through trafilatura (main text plus title, date and site name).
Plain-text captures are cleaned line by line with a jusText-style method:

1. every line is a paragraph, classified context-free by length, stop-word
   density (jusText's English stop list) and link density into bad / short /
   near-good / good;
2. generic page-furniture patterns (calls to action, comment widgets, author
   bios, photo credits, related-article bylines, date lines, tag lists, icon
   strips) mark lines as bad — a second line of defence behind the density
   classifier, never a list of one site's phrases;
3. short and near-good lines are revised by their neighbours, as jusText does;
4. the headline is the title-like line just before the body;
5. paragraphs printed twice (also a block of paragraphs repeated glued into
   one line) are kept once, and sentences glued without a space are split.

Metadata the text states (a "Source: X" line, a "(AP) —" dateline, a
"Subscribe to X" prompt, a "By X" byline, a date line) is returned with the
cleaned text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from bot.models import ArticleInput, CleanArticle

log = logging.getLogger(__name__)


class CleanError(ValueError):
    """The input holds no usable article text."""


# ---------------------------------------------------------------- thresholds (jusText's, tuned for lines)

LENGTH_LOW = 70  # shorter lines are "short": their neighbours decide
LENGTH_HIGH = 200  # longer lines with enough stop words are good on their own
STOPWORDS_LOW = 0.25  # news prose is name-heavy, so a little below jusText's 0.30
STOPWORDS_HIGH = 0.30
MAX_LINK_DENSITY = 0.2
MAX_HEADING_DISTANCE = 300  # characters between a headline and the first good paragraph
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
PROMO_FOLLOWERS = 3  # lines after a call-to-action heading that belong to its box
SHORT_LINE_WORDS = 4  # runs of lines this short are menus or tag lists
MIN_RUN = 3

BAD, SHORT, NEARGOOD, GOOD = "bad", "short", "neargood", "good"


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
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
        if full[i] and not _ends_sentence(lines[i].text) and not lines[i + 1].blank_before
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
    if _ends_sentence(line.text) and not across_sentences:
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
_QUOTED = re.compile(r"[\"\u201c\u201d][^\"\u201c\u201d]*[\"\u201c\u201d]")
_ATTRIBUTION = re.compile(
    r"\b(said|says|told|according to|added|stated|noted|claimed|denied|insisted|warned|reported|argued)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """A rough sentence split (enough to find repeated sentences and calls to action)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _outside_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def _has_quote_or_attribution(text: str) -> bool:
    return bool(_QUOTED.search(text) or _ATTRIBUTION.search(text))


# ---------------------------------------------------------------- page furniture (second line of defence)

# Imperatives addressed to the reader, at the start of any sentence.
_CTA_START = re.compile(
    r"^(subscribe|sign (up|in)|log ?in|register|join (us|our|the conversation)|follow (us|him|her|them|me|@)"
    r"|download (our|the app)|click|tap here|share (this|on|via)|become a (member|subscriber|patron|supporter)"
    r"|support (us|our|independent|quality)|donate|get (inside |full |unlimited |free )?access|get the (best"
    r"|latest|facts|news)"
    r"|get (the|our)( \w+){0,3} (newsletter|briefing|digest|alerts|app|edition)|enter your"
    r"|please (enter|log|sign|subscribe|support|enable|disable|whitelist|turn|consider)"
    r"|escape your|don['\u2019]t miss|never miss|already (a member|a subscriber|have an account)|create (a "
    r"|an )?(free )?account"
    r"|skip to|jump to|we use cookies|accept (all )?cookies|manage (cookies|preferences|consent)|this (site"
    r"|website) uses"
    r"|by continuing to (browse|use)|add (a|your) comment|leave a (reply|comment)|view (all )?comments"
    r"|print this|email this|copy link)\b",
    re.IGNORECASE,
)
# Page headings that are furniture only as a whole short line ("Read more", "Advertisement").
_CTA_HEADING = re.compile(
    r"^(read (more|next|also)|see (also|more)|more (from|on|stories|news)|related( \w+)?|recommended( \w+){0,2}"
    r"|most (read|popular|viewed)"
    r"|trending|watch|listen|advertisement|sponsored( content)?|privacy policy|terms (of|and) (use|service|conditions)"
    r"|continue reading|load more|show (more|comments)|share|tweet|print|email|top stories|latest news)\b",
    re.IGNORECASE,
)
# Editors' notes and production credits ("Reporting by …; Editing by …", "X contributed to this report").
_PRODUCTION_NOTE = re.compile(
    r"^\(?((additional )?reporting|writing|editing|compiled|produced|translated) by\b"
    r"|\bcontributed (reporting )?to this (report|story|article)\b"
    r"|^(this (article|story|report|piece) (was|has been|is) (originally |first )?(published|updated|amended"
    r"|corrected|produced|syndicated))"
    r"|^this (article|story|page) is (more than|over) \w+ \w+ old\b"
    r"|^(the )?views (and opinions )?expressed\b|^editor['\u2019]s note\b|^(correction|disclaimer|our standards)\s*:",
    re.IGNORECASE,
)
_CTA_ANYWHERE = re.compile(
    r"\b(newsletters?|in(to)? your inbox|to your inbox|unsubscribe|paywall|all rights reserved"
    r"|(use|uses|accept|allow|reject|manage|necessary|essential) (all |of |our )?cookies|cookie (policy"
    r"|settings|preferences|consent)"
    r"|(registration|subscription|sign[- ]?up) (was|is|has been) (successful|complete)|your (email|e-mail) address)\b"
    r"|\u00a9|\(c\) ?\d{4}",
    re.IGNORECASE,
)
_COMMENT_WIDGET = re.compile(
    r"\b(comments?|repl(y|ies)|feedbacks?|notify|responses?|discussion|reactions?|upvotes?|likes?|shares?)\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?i:\b(image|media) (source|caption)\b|\b(photo|image|picture|illustration|graphic|video|footage)s?\s*(by"
    r"|:|credit|courtesy)"
    r"|\bfile (photo|image)\b|\b(getty images|shutterstock|alamy|pool photo|ap photo)\b|\bcredit:|\bcourtesy of\b)"
    # "Jane Roe/AGENCY", "AGENCY/Jane Roe" (case matters)
    r"|\b[A-Z][a-z]+/[A-Z]{2,}\b|\b[A-Z]{2,}/[A-Z][a-z]+ [A-Z][a-z]+\b",
)
_BIO = re.compile(
    r"^[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3} (is|was|has been) (a|an|the|our)\b[^.]{0,80}?"
    r"\b(?i:writer|editor|reporter|correspondent|journalist|columnist|contributor|producer|intern|fellow|author|staffer|critic)s?\b"
    r"[^.]{0,40}?\b(for|at|with|of|on)\b",
)
_BIO_EXTRA = re.compile(
    r"^(his|her|their) (writing|work|reporting) has (also )?(been published|appeared)|^follow (him|her|them)\b",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'\u2019-]+(?: (?:[A-Z][\w.'\u2019-]+|de|van|von|da|al|bin|le|la))*"
_BYLINE = re.compile(rf"^by (?P<name>{_NAME}(?: and {_NAME})*)(?P<rest>.*)$", re.IGNORECASE)
_ROLE_WORDS = re.compile(
    r"\b(writer|editor|reporter|correspondent|journalist|columnist|contributor|staff|desk|team|agency)\b", re.IGNORECASE
)
_RELATED_BYLINE_TAIL = re.compile(
    r"\b(published|updated|last updated|\d+ (minutes?|hours?|days?) ago)\b\s*$", re.IGNORECASE
)
_SOURCE_LINE = re.compile(r"^(source|via|from|courtesy of)\s*:\s*(?P<outlet>.{2,60})$", re.IGNORECASE)
_NAV_SEPARATORS = re.compile(r"\s[|\u2022\u00b7\u203a\u00bb/>]\s")


_NOT_NAMES = re.compile(
    r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|then|now|the|this|that|early|late"
    r"|january|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


def _is_byline(text: str) -> bool:
    """ "By Jane Doe", "By Jane Doe, The Courier", "By Jane Doe, The Courier Published" — not "By Tuesday, the …"."""
    match = _BYLINE.match(text)
    if match is None or _NOT_NAMES.match(match.group("name")) or len(text.split()) > 14:
        return False
    rest = match.group("rest").strip()
    if _RELATED_BYLINE_TAIL.search(rest):
        return True
    return not rest or (rest[0] in ",|\u2013\u2014-" and len(rest.split()) <= 6 and not _ends_sentence(rest))


def _is_icon_strip(line: Line) -> bool:
    words = line.words
    icons = sum("icon" in w.lower() for w in words)
    return icons >= 3 and icons / len(words) > 0.2


# After "X is a reporter for", a news sentence goes on ("… who was detained in March"); a bio ends.
_NEWS_CONTINUATION = re.compile(
    r"\b(who|whom|which|when|since|until|after|before|while|was|were|had|has)\b", re.IGNORECASE
)


def _is_bio(text: str) -> bool:
    """An author bio: "X is a (senior) reporter at Y (covering Z)." — not a news sentence about a journalist."""
    first = sentences(text)[0] if text else ""
    if _QUOTED.search(text) or re.search(r"\b(said|says|told)\b", text):
        return False
    if _BIO_EXTRA.match(first):
        return True
    match = _BIO.match(first)
    if match is None:
        return False
    rest = first[match.end() :]
    return len(rest.split()) <= 8 and not _NEWS_CONTINUATION.search(rest)


def _is_cta_paragraph(text: str) -> bool:
    """A short paragraph, not quoting anybody, with a sentence that addresses the reader to act."""
    parts = sentences(text)
    if len(parts) > 3 or _QUOTED.search(text):
        return False
    if any(_CTA_START.match(s.lstrip("\"'\u201c\u2018-\u2013\u2014 ")) for s in parts):
        return True
    if len(text.split()) <= 8 and not _ends_sentence(text) and _CTA_HEADING.match(text):
        return True
    if not _CTA_ANYWHERE.search(text) or _ATTRIBUTION.search(text):
        return False
    return len(text.split()) <= 40 or re.search(r"\byour?\b", _outside_quotes(text), re.I) is not None


def furniture_reason(line: Line, outlet: str | None = None) -> str | None:
    """Why a line is page furniture, judged on the line alone (None: it may be content)."""
    text = line.text
    words = line.words
    if not re.search(r"[^\W\d_]", text):
        return "no words"
    if _is_icon_strip(line):
        return "icon strip"
    if len(_NAV_SEPARATORS.findall(text)) >= 2 and not _ends_sentence(text):
        return "navigation"
    if is_date_line(text):
        return "date line"
    if re.fullmatch(r"(\d+\s+)?(minutes?|hours?|days?|weeks?) ago|just now|updated", text, re.IGNORECASE):
        return "time stamp"
    if _SOURCE_LINE.match(text) and len(words) <= 8:
        return "source line"
    if _is_byline(text):
        return "byline"
    if _CREDIT.search(text) and len(words) <= 40 and not _has_quote_or_attribution(text):
        return "photo credit"
    if len(words) <= 6 and _COMMENT_WIDGET.search(text) and not _ends_sentence(text.rstrip("!")):
        return "comment widget"
    if _is_bio(text):
        return "author bio"
    if _PRODUCTION_NOTE.search(text) and len(words) <= 40:
        return "production note"
    if _is_cta_paragraph(text):
        return "call to action"
    if (
        outlet
        and re.match(rf"^{re.escape(outlet)} is (one of|a|an|the)\b", text, re.IGNORECASE)
        and not _QUOTED.search(text)
    ):
        return "outlet blurb"
    return None


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


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first full calendar date in `text` as ISO (YYYY-MM-DD), with its span."""
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


# ---------------------------------------------------------------- metadata

_DATELINE_OUTLET = re.compile(
    r"\((?P<outlet>[A-Z][A-Za-z&.]{1,15}(?: [A-Z][A-Za-z&.]+){0,2})\)\s*[\u2014\u2013-]{1,2}\s"
)
_OUTLET_WORDS = r"(?:The )?[A-Z][\w&\u2019'-]*(?: (?:[A-Z][\w&'-]*|of|and))*(?:\.(?:com|org|net|co\.uk)\b)?"
_SUBSCRIBE_OUTLET = re.compile(rf"^Subscribe to (?P<outlet>{_OUTLET_WORDS})$")
_NEWSLETTER_OUTLET = re.compile(
    rf"^Sign up for (?P<outlet>{_OUTLET_WORDS})['\u2019]s\b.*\bnewsletters?\b", re.IGNORECASE
)
_BIO_OUTLET = re.compile(
    rf"\b(?i:writer|editor|reporter|correspondent|journalist|columnist|contributor) (?i:for|at"
    rf"|with) (?:the )?(?P<outlet>{_OUTLET_WORDS})"
)


def _outlet_key(name: str) -> str:
    key = re.sub(r"\.(com|org|net|co\.uk)$", "", name.strip().lower())
    key = re.sub(r"[^a-z0-9]", "", key)
    return key.removeprefix("the")


def infer_outlet(lines: list[Line]) -> str | None:
    """The outlet the capture names: "Source: X", "(X) —", "Subscribe to X", a bio's "editor for X"."""
    ranked: list[tuple[int, str]] = []
    for line in lines:
        text = line.text
        if (m := _SOURCE_LINE.match(text)) and len(line.words) <= 8:
            ranked.append((0, m.group("outlet").strip(" .")))
        if (m := _DATELINE_OUTLET.search(text[:80])) is not None:
            ranked.append((1, m.group("outlet")))
        for pattern in (_SUBSCRIBE_OUTLET, _NEWSLETTER_OUTLET):
            if (m := pattern.match(text)) is not None:
                ranked.append((2, m.group("outlet")))
        if _is_bio(text) and (m := _BIO_OUTLET.search(text)) is not None:
            ranked.append((3, m.group("outlet").rstrip(".")))
        if _is_byline(text) and (m := _BYLINE.match(text)) is not None:
            rest = m.group("rest").strip(" ,|\u2013\u2014-")
            rest = _RELATED_BYLINE_TAIL.sub("", rest).strip(" ,")
            if rest and re.fullmatch(_OUTLET_WORDS, rest) and not _ROLE_WORDS.search(rest):
                ranked.append((4, rest))
    if not ranked:
        return None
    ranked.sort(key=lambda item: item[0])
    best = ranked[0][1]
    # "Source: Dailycourier" and "Editor for The Daily Courier" name one outlet: prefer the spelled-out form.
    same = [name for _, name in ranked if _outlet_key(name) == _outlet_key(best) and " " in name and "." not in name]
    return same[0] if same else best


def infer_byline(lines: list[Line], before: int) -> str | None:
    """The author in the first "By X" line before line `before` (the body's start)."""
    for line in lines[:before]:
        match = _BYLINE.match(line.text)
        if match and _is_byline(line.text):
            return match.group("name").strip()
    return None


def infer_published(lines: list[Line]) -> str | None:
    """The date of the first date line of the capture, as ISO."""
    for line in lines:
        if is_date_line(line.text):
            found = find_date(line.text)
            if found:
                return found[0]
    return None


# ---------------------------------------------------------------- classification


def _stopword_density(text: str) -> float:
    words = [w.strip(".,;:!?\"'()[]\u201c\u201d\u2018\u2019\u2026-\u2013\u2014").lower() for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return 0.0
    stop = _stopwords()
    return sum(w in stop for w in words) / len(words)


def classify_line(line: Line) -> str:
    """Context-free class of one line, jusText-style (furniture is marked elsewhere)."""
    length = len(line.text)
    if line.link_chars / max(length, 1) > MAX_LINK_DENSITY:
        return BAD
    density = _stopword_density(line.text)
    sentence_like = _ends_sentence(line.text) and len(line.words) >= 4 and density >= STOPWORDS_LOW
    if length < LENGTH_LOW:
        # A plain-text line is a whole paragraph: a short full sentence is near-good, not just short.
        return NEARGOOD if sentence_like else SHORT
    if density >= STOPWORDS_HIGH:
        return GOOD if length > LENGTH_HIGH or (sentence_like and _has_quote_or_attribution(line.text)) else NEARGOOD
    if density >= STOPWORDS_LOW or (sentence_like and _has_quote_or_attribution(line.text)):
        return NEARGOOD
    return BAD


def _mark_runs_of_short_lines(lines: list[Line]) -> None:
    """Menus and tag lists: three or more consecutive very short lines without sentence punctuation."""
    run: list[Line] = []
    for line in [*lines, None]:
        if (
            line is not None
            and line.furniture is None
            and len(line.words) <= SHORT_LINE_WORDS
            and not _ends_sentence(line.text)
        ):
            run.append(line)
            continue
        if len(run) >= MIN_RUN:
            for member in run:
                member.furniture = "menu or tag list"
        run = []


# Marketing words of a promotion box's blurb ("A free daily email with the best stories").
_PROMO_WORDS = frozenset(
    "free daily weekly email e-mail best latest top exclusive stories story news delivered inbox access offer "
    "member members membership subscription subscribers podcast analysis features briefing newsletter digest "
    "alerts updates perspectives unlimited".split()
)


def _promo_word_count(text: str) -> int:
    return sum(w.strip(".,;:!?\"'()\u2013\u2014-").lower() in _PROMO_WORDS for w in text.split())


def _mark_promo_boxes(lines: list[Line]) -> None:
    """Blurb lines right after a call-to-action heading ("Sign up for …") belong to its box."""
    for i, line in enumerate(lines):
        if line.furniture != "call to action" or _ends_sentence(line.text) or len(line.words) > 12:
            continue
        for follower in lines[i + 1 : i + 1 + PROMO_FOLLOWERS]:
            if (
                follower.blank_before
                or _has_quote_or_attribution(follower.text)
                or _promo_word_count(follower.text) < 2
            ):
                break
            if follower.furniture is None:
                follower.furniture = "call-to-action box"


def _nearest(classes: list[str], wanted: frozenset[str], step: int) -> list[str]:
    """For each position, the class of the nearest other line in direction `step` whose class is `wanted` (else bad)."""
    out = [BAD] * len(classes)
    current = BAD
    order = range(len(classes)) if step < 0 else range(len(classes) - 1, -1, -1)
    for i in order:
        out[i] = current
        if classes[i] in wanted:
            current = classes[i]
    return out


_GOOD_OR_BAD = frozenset({GOOD, BAD})
_NOT_SHORT = frozenset({GOOD, BAD, NEARGOOD})


def revise_by_context(lines: list[Line]) -> None:
    """jusText's context-sensitive pass: short and near-good lines take their neighbours' class.

    A short line between good ones is good, between bad ones bad; between a
    good and a bad one it is good only if a near-good line sits on the bad
    side next to it. A near-good line is bad only between two bad ones.
    Linear time: nearest neighbours are precomputed in both directions.
    """
    classes = [line.cf_class for line in lines]
    before_gb, after_gb = _nearest(classes, _GOOD_OR_BAD, -1), _nearest(classes, _GOOD_OR_BAD, 1)
    before_any, after_any = _nearest(classes, _NOT_SHORT, -1), _nearest(classes, _NOT_SHORT, 1)
    revised = list(classes)
    for i, cls in enumerate(classes):
        if cls != SHORT:
            continue
        before, after = before_gb[i], after_gb[i]
        if before == after:
            revised[i] = before
        elif (before == BAD and before_any[i] == NEARGOOD) or (after == BAD and after_any[i] == NEARGOOD):
            revised[i] = GOOD
        else:
            revised[i] = BAD
    after_gb = _nearest(revised, _GOOD_OR_BAD, 1)
    previous = BAD
    for i, cls in enumerate(revised):
        if cls == NEARGOOD:
            # Earlier near-good lines are already decided; later ones are skipped, as in jusText.
            revised[i] = BAD if (previous, after_gb[i]) == (BAD, BAD) else GOOD
        if revised[i] in _GOOD_OR_BAD:
            previous = revised[i]
    for line, cls in zip(lines, revised, strict=True):
        line.final = cls


def _headline_like(line: Line) -> bool:
    n = len(line.words)
    text = line.text
    return (
        line.furniture is None
        and line.link_chars <= MAX_LINK_DENSITY * len(text)
        and HEADLINE_MIN_WORDS <= n <= HEADLINE_MAX_WORDS
        and not re.search(r"[.,:;][\"'\u201d\u2019)]*$", text)
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"'\u201c\u2018")
    )


def _key(text: str) -> str:
    """Comparison key: case, quote marks, spacing and end punctuation do not matter."""
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return re.sub(r"\W+", " ", text.lower()).strip()


def choose_headline(lines: list[Line]) -> int | None:
    """Index of the headline: a title-like line shortly before the first good line (a repeated one first)."""
    first_good = next(
        (i for i, line in enumerate(lines) if line.final == GOOD and not _headline_like(line)), len(lines)
    )
    candidates = [
        i for i in range(first_good) if _headline_like(lines[i]) or lines[i].heading and lines[i].furniture is None
    ]
    if not candidates:
        return None
    counts: dict[str, int] = {}
    for line in lines:
        counts[_key(line.text)] = counts.get(_key(line.text), 0) + 1
    repeated = [i for i in candidates if counts[_key(lines[i].text)] > 1 or lines[i].heading]
    if repeated:
        return repeated[0]
    for i in candidates:
        distance = sum(len(lines[j].text) for j in range(i + 1, first_good) if lines[j].final != BAD)
        if distance <= MAX_HEADING_DISTANCE:
            return i
    return None


# ---------------------------------------------------------------- repeats


# "LISBON (Reuters) - " or "March 3 (AP) — " before a lead that may be printed elsewhere without it.
_DATELINE_PREFIX = re.compile(r"^(?:[A-Z][\w.]*[ ,]*){0,4}\([^)]{1,20}\)\s*[\u2014\u2013-]{1,2}\s*")


def _sentence_key(sentence: str) -> str:
    return _key(_DATELINE_PREFIX.sub("", sentence))


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Keep each paragraph once; drop a paragraph whose every sentence is printed elsewhere.

    The second rule removes a block of paragraphs repeated glued into one
    line: the glued copy (more sentences) goes, the separate paragraphs stay.
    """
    kept: list[str] = []
    seen: set[str] = set()
    for para in paragraphs:
        key = _key(para)
        if key and key not in seen:
            seen.add(key)
            kept.append(para)
    sentence_keys = [{_sentence_key(s) for s in sentences(p)} for p in kept]
    # How many surviving paragraphs hold each sentence.
    holders: Counter[str] = Counter(k for keys in sentence_keys for k in keys)
    alive = [True] * len(kept)
    for i in sorted(range(len(kept)), key=lambda i: -len(sentence_keys[i])):
        keys = sentence_keys[i]
        if len(keys) >= 2 and all(holders[k] >= 2 for k in keys):
            alive[i] = False
            holders.subtract(keys)
    return [p for p, keep in zip(kept, alive, strict=True) if keep]


# ---------------------------------------------------------------- text captures


@dataclass
class CleanedLines:
    """The outcome of cleaning a plain-text capture, with every line's class (for debugging)."""

    article: CleanArticle
    lines: list[Line] = field(default_factory=list)


def _body_start(lines: list[Line], headline_index: int | None) -> int:
    """Index of the first good line after the headline."""
    after = -1 if headline_index is None else headline_index
    return next((i for i, line in enumerate(lines) if i > after and line.final == GOOD), len(lines))


def clean_text(raw: str, *, outlet: str | None = None, markdown: bool = False, classify: bool = True) -> CleanedLines:
    """Clean a plain-text capture; `outlet` (if known) helps spot the outlet's own blurb.

    With `classify=False` (text already extracted, e.g. by trafilatura) only
    the furniture patterns, repeats and glued sentences are handled.
    """
    lines = split_lines(normalise_text(raw), markdown=markdown)
    if not lines:
        raise CleanError("no text")
    inferred_outlet = infer_outlet(lines)
    for line in lines:
        line.furniture = furniture_reason(line, outlet or inferred_outlet)
    _mark_promo_boxes(lines)
    _mark_runs_of_short_lines(lines)
    for line in lines:
        if line.furniture is not None:
            line.cf_class = BAD
        elif not classify:
            line.cf_class = GOOD
        elif line.heading:
            line.cf_class = SHORT
        else:
            line.cf_class = classify_line(line)
    revise_by_context(lines)
    headline_index = choose_headline(lines) if classify else None
    if headline_index is not None:
        # A headline is a good neighbour: a standfirst between it and the body is kept.
        lines[headline_index].cf_class = GOOD
        revise_by_context(lines)
        for line in lines[:headline_index]:
            line.final = BAD
        # A near-good line between the headline and the body is its standfirst, whatever surrounds it.
        for line in lines[headline_index + 1 : _body_start(lines, headline_index)]:
            if line.cf_class in (NEARGOOD, GOOD):
                line.final = GOOD
    body = [line.text for line in lines if line.final == GOOD]
    paragraphs = drop_repeats(body)
    if not paragraphs:
        raise CleanError("no article text found (everything looked like page furniture)")
    title = lines[headline_index].text if headline_index is not None else None
    cleaned = CleanArticle(
        title=title,
        text="\n\n".join(paragraphs),
        outlet=inferred_outlet,
        published=infer_published(lines),
        byline=infer_byline(lines, _body_start(lines, headline_index)),
    )
    return CleanedLines(cleaned, lines)


# ---------------------------------------------------------------- HTML


def clean_html(html: str, *, outlet: str | None = None) -> CleanArticle:
    """Main text and metadata of an HTML page through trafilatura, then repeats and glued sentences."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
        if document is None or not (document.text or "").strip():
            document = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
            )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise CleanError(f"malformed HTML: {type(exc).__name__}: {exc}") from exc
    if document is None or not (document.text or "").strip():
        raise CleanError("no article text found in the HTML")
    title = collapse_spaces(document.title or "") or None
    body = clean_text(document.text, outlet=outlet or document.sitename, classify=False).article
    paragraphs = body.text.split("\n\n")
    if title and paragraphs and _key(paragraphs[0]) != _key(title):
        paragraphs.insert(0, title)
    return CleanArticle(
        title=title,
        text="\n\n".join(paragraphs),
        outlet=collapse_spaces(document.sitename or "") or body.outlet,
        published=_iso_date(document.date) or body.published,
        byline=collapse_spaces(document.author or "") or body.byline,
    )


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    found = find_date(value)
    return found[0] if found else None


def _with_title(cleaned: CleanArticle, title: str | None) -> CleanArticle:
    """Use a title given with the input (a JSONL `title`) when the text had no headline of its own."""
    title = collapse_spaces(normalise_text(title or "")) or None
    if cleaned.title is not None or title is None:
        return cleaned
    cleaned.title = title
    if _key(title) not in _key(cleaned.text):
        cleaned.text = f"{title}\n\n{cleaned.text}"
    return cleaned


def clean_article(article: ArticleInput) -> CleanArticle:
    """Return the article's headline and body with page furniture removed, plus metadata the text states.

    Raises `CleanError` (one line) for any input it cannot clean, so one odd
    input never stops a batch.
    """
    try:
        if article.format == "html":
            return _with_title(clean_html(article.raw, outlet=article.outlet), article.title)
        markdown = article.name.lower().split("#")[0].endswith(".md")
        return _with_title(clean_text(article.raw, outlet=article.outlet, markdown=markdown).article, article.title)
    except CleanError:
        raise
    except Exception as exc:  # a cleaning bug must not stop the batch; the log keeps the traceback
        log.exception("cleaning %s failed", article.name)
        raise CleanError(f"cannot clean: {type(exc).__name__}: {exc}") from exc
