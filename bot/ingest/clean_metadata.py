"""Metadata a capture states in its text: outlet, byline and publication date."""

from __future__ import annotations

import re

from bot.ingest.clean_furniture import BYLINE, RELATED_BYLINE_TAIL, ROLE_WORDS, SOURCE_LINE, is_bio, is_byline
from bot.ingest.clean_lines import Line, find_date, is_date_line

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
        if (m := SOURCE_LINE.match(text)) and len(line.words) <= 8:
            ranked.append((0, m.group("outlet").strip(" .")))
        if (m := _DATELINE_OUTLET.search(text[:80])) is not None:
            ranked.append((1, m.group("outlet")))
        for pattern in (_SUBSCRIBE_OUTLET, _NEWSLETTER_OUTLET):
            if (m := pattern.match(text)) is not None:
                ranked.append((2, m.group("outlet")))
        if is_bio(text) and (m := _BIO_OUTLET.search(text)) is not None:
            ranked.append((3, m.group("outlet").rstrip(".")))
        if is_byline(text) and (m := BYLINE.match(text)) is not None:
            rest = m.group("rest").strip(" ,|\u2013\u2014-")
            rest = RELATED_BYLINE_TAIL.sub("", rest).strip(" ,")
            if rest and re.fullmatch(_OUTLET_WORDS, rest) and not ROLE_WORDS.search(rest):
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
        match = BYLINE.match(line.text)
        if match and is_byline(line.text):
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
