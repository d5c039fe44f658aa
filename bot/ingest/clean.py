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

This module holds the entry points (`clean_article`, `clean_html`, `clean_text`)
and the repeat removal; `clean_lines`, `clean_furniture`, `clean_metadata` and
`clean_classify` hold the steps.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.ingest.clean_classify import (
    HEADLINE_MAX_WORDS,
    HEADLINE_MIN_WORDS,
    SHORT_LINE_WORDS,
    choose_headline,
    classify_line,
    is_transcript,
    mark_promo_boxes,
    mark_runs_of_short_lines,
    revise_by_context,
    stopword_density,
    text_key,
)
from bot.ingest.clean_furniture import (
    byline_tail_name,
    furniture_reason,
    is_retracting_correction,
    mark_furniture_blocks,
    strip_byline_tail,
    strip_closer,
    strip_datelines,
)
from bot.ingest.clean_lines import (
    BAD,
    GOOD,
    NEARGOOD,
    SHORT,
    Line,
    collapse_spaces,
    drop_wrapped_tags,
    ends_sentence,
    find_date,
    normalise_text,
    sentences,
    split_lines,
    strip_markup,
)
from bot.ingest.clean_metadata import infer_byline, infer_outlet, infer_published
from bot.ingest.clean_signoffs import is_contents_headline, is_edition_headline, strip_paragraph_signoffs
from bot.models import ArticleInput, CleanArticle

if TYPE_CHECKING:  # trafilatura is slow to import; it is loaded only for HTML input
    from trafilatura.settings import Document

log = logging.getLogger(__name__)


class CleanError(ValueError):
    """The input holds no usable article text."""


# ---------------------------------------------------------------- repeats


# "LISBON (Reuters) - " or "March 3 (AP) — " before a lead that may be printed elsewhere without it.
_DATELINE_PREFIX = re.compile(r"^(?:[A-Z][\w.]*[ ,]*){0,4}\([^)]{1,20}\)\s*[\u2014\u2013-]{1,2}\s*")


def _sentence_key(sentence: str) -> str:
    return text_key(_DATELINE_PREFIX.sub("", sentence))


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Keep each paragraph once; drop a paragraph whose every sentence is printed elsewhere.

    The second rule removes a block of paragraphs repeated glued into one
    line: the glued copy (more sentences) goes, the separate paragraphs stay.
    """
    kept: list[str] = []
    seen: set[str] = set()
    for para in paragraphs:
        key = text_key(para)
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


# Lines at the top of a capture (headline, standfirst, credits) whose closing "…, writes Jane Roe" is a byline.
STANDFIRST_LINES = 6

# A brief: at most this many prose lines, each of at least this many words.
BRIEF_MAX_LINES = 3
BRIEF_MIN_WORDS = 6


def _brief_lines(lines: list[Line]) -> list[int]:
    """The lines of a news brief (a headline and a sentence or two), or [] when it is not one.

    Only lines no furniture pattern caught, long enough to be prose and with a verb-like
    share of stop words; a capture that is all menus, prompts and credits stays refused.
    """
    prose = [
        i
        for i, line in enumerate(lines)
        if line.furniture is None and len(line.words) >= BRIEF_MIN_WORDS and stopword_density(line.text) >= 0.15
    ]
    if not prose or len(prose) > BRIEF_MAX_LINES:
        return []
    before = [i for i in range(prose[0]) if lines[i].furniture is None and lines[i].text.strip()]
    if before and HEADLINE_MIN_WORDS <= len(lines[before[-1]].words) <= HEADLINE_MAX_WORDS:
        return [before[-1], *prose]  # its headline, shorter than a sentence
    return prose


def _unanchored_prose(lines: list[Line]) -> list[int]:
    """Prose lines the classifier found near-good or good when the context pass left no good line.

    Only lines no furniture pattern caught, long enough to be sentences and with a verb-like share of
    stop words, as for a brief; a capture of menus and credits still yields nothing.
    """
    return [
        i
        for i, line in enumerate(lines)
        if line.furniture is None
        and line.cf_class in (NEARGOOD, GOOD)
        and len(line.words) >= BRIEF_MIN_WORDS
        and stopword_density(line.text) >= 0.15
    ]


_LIST_ITEM = re.compile(r"^[-\u2022*]\s+\S")


def _keep_list_items(lines: list[Line]) -> None:
    """A short item of a bulleted list ("Key points") whose neighbouring item is kept is kept too: the
    density classifier judges it too short alone, yet it is one of the article's points."""
    for i, line in enumerate(lines):
        if line.final == GOOD or line.furniture is not None or not _LIST_ITEM.match(line.text):
            continue
        before = lines[i - 1] if i > 0 and not line.blank_before else None
        after = lines[i + 1] if i + 1 < len(lines) and not lines[i + 1].blank_before else None
        glued = [n for n in (before, after) if n is not None and _LIST_ITEM.match(n.text)]
        if any(n.final == GOOD for n in glued):
            line.final = GOOD


LIST_BOX_MIN_ITEMS = 2


def _keep_headed_lists(lines: list[Line]) -> None:
    """A bulleted list glued under a short heading of its own ("Key events" above "- X confirm the bid", "- Y
    rejects it") is the article's summary box: each item is a headline-length sentence of the article's own,
    which the density classifier finds too short when no kept line stands beside the box. Items of three
    words or more only (a menu's one-word items are caught as a run of short lines first)."""
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and not lines[j].blank_before and _LIST_ITEM.match(lines[j].text):
            j += 1
        heading, items = lines[i], lines[i + 1 : j]
        if (
            len(items) >= LIST_BOX_MIN_ITEMS
            and not _LIST_ITEM.match(heading.text)
            and len(heading.words) <= SHORT_LINE_WORDS
            and heading.text[-1:] not in ".!?"
            and all(item.furniture is None and len(item.words) > HEADLINE_MIN_WORDS for item in items)
        ):
            for item in items:
                item.final = GOOD
        i = j


# A live blog's entry heading: a clock time, then the entry's title ("14:03 Zoo confirms the cause").
_ENTRY_HEADING = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|[AP]M))?\s+\S")
LIVE_BLOG_MIN_ENTRIES = 2


def _keep_live_entry_headings(lines: list[Line]) -> None:
    """In a live blog (two or more lines led by a clock time), a time-led heading glued to a kept entry below
    it (no blank line between) is that entry's title and is kept with it: the density classifier finds it too
    short, and a photo caption above it would sink it."""
    headed = [line for line in lines if _ENTRY_HEADING.match(line.text)]
    if len(headed) < LIVE_BLOG_MIN_ENTRIES:
        return
    for line, below in zip(lines, lines[1:], strict=False):
        if (
            line.final != GOOD
            and line.furniture is None
            and _ENTRY_HEADING.match(line.text)
            and len(line.words) <= HEADLINE_MAX_WORDS
            and not below.blank_before
            and below.final == GOOD
        ):
            line.final = GOOD


# A live blog's bare time stamp on a line of its own ("17.40", "9:05am").
_BARE_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|[AP]M))?$")


def _keep_short_live_entries(lines: list[Line]) -> None:
    """In a live blog (two or more bare time stamps on lines of their own), a one-sentence entry glued under
    its time stamp ("17.40" / "Services restored, the bank says.") is an entry like the longer ones: the
    density classifier finds it too short, and a sign-off after it would sink it. Furniture is caught first."""
    stamps = [i for i, line in enumerate(lines) if _BARE_TIME.match(line.text)]
    if len(stamps) < LIVE_BLOG_MIN_ENTRIES:
        return
    for i in stamps:
        if i + 1 >= len(lines):
            continue
        entry = lines[i + 1]
        if (
            entry.final != GOOD
            and entry.furniture is None
            and not entry.blank_before
            and ends_sentence(entry.text)
            and len(entry.words) > HEADLINE_MIN_WORDS
        ):
            entry.final = GOOD


def _keep_second_headline(between: list[Line]) -> None:
    """Keep the headline-length lines right after the headline (a deck or second headline).

    `between` are the lines from just after the headline to the body's first line.

    A tabloid's "Fury as mayor blames police for crush" or a broadsheet's deck is
    too short and stop-word-poor for the density classifier, yet it is the
    article's own words, often a claim the body only paraphrases; page furniture
    there (bylines, date lines, credits) is caught by its patterns first.
    """
    for line in between:
        if line.final == GOOD:
            continue  # a standfirst the classifier kept
        if line.furniture is not None or line.heading:
            break
        if not HEADLINE_MIN_WORDS <= len(line.words) <= HEADLINE_MAX_WORDS:
            break
        line.final = GOOD


def _without_markup(paragraphs: list[str]) -> list[str]:
    """Kept paragraphs with leaked tags and attribute runs removed; a paragraph that was only an embed's markup goes."""
    kept = []
    for para in paragraphs:
        stripped = strip_markup(para)
        if stripped != para:
            stripped = collapse_spaces(stripped)  # the space a removed tag stood between
        if stripped:
            kept.append(stripped)
    return kept


def clean_text(raw: str, *, outlet: str | None = None, markdown: bool = False, classify: bool = True) -> CleanedLines:
    """Clean a plain-text capture; `outlet` (if known) helps spot the outlet's own blurb.

    With `classify=False` (text already extracted, e.g. by trafilatura) only
    the furniture patterns, repeats and glued sentences are handled.
    """
    lines = split_lines(drop_wrapped_tags(normalise_text(raw)), markdown=markdown)
    if not lines:
        raise CleanError("no text")
    inferred_outlet = infer_outlet(lines)
    writers = [name for line in lines[:STANDFIRST_LINES] if (name := byline_tail_name(line.text))]
    for line in lines[:STANDFIRST_LINES]:
        line.text = strip_byline_tail(line.text)
    for line in lines:
        line.furniture = furniture_reason(line, outlet or inferred_outlet)
    mark_furniture_blocks(lines, writers)
    mark_promo_boxes(lines)
    mark_runs_of_short_lines(lines)
    transcript = is_transcript(lines)
    for line in lines:
        if line.furniture is not None:
            line.cf_class = BAD
        elif not classify:
            line.cf_class = GOOD
        elif line.heading:
            line.cf_class = SHORT
        else:
            line.cf_class = classify_line(line, transcript=transcript)
    revise_by_context(lines)
    # A correction notice printed above the headline that takes back what an article reported is the
    # outlet's retraction: it stays, but the headline is looked for as if it were not there.
    notices = [line for line in lines if line.final == GOOD and is_retracting_correction(line.text)]
    for line in notices:
        line.final = BAD
    headline_index = choose_headline(lines) if classify else None
    if headline_index is not None:
        # A headline is a good neighbour: a standfirst between it and the body is kept.
        lines[headline_index].cf_class = GOOD
        revise_by_context(lines)
        for line in lines[:headline_index]:
            line.final = BAD
        # A near-good line between the headline and the body is its standfirst, whatever surrounds it.
        body_start = _body_start(lines, headline_index)
        for line in lines[headline_index + 1 : body_start]:
            if line.cf_class in (NEARGOOD, GOOD):
                line.final = GOOD
        _keep_second_headline(lines[headline_index + 1 : body_start])
    for line in notices:
        line.final = GOOD
    _keep_list_items(lines)
    _keep_headed_lists(lines)
    _keep_live_entry_headings(lines)
    _keep_short_live_entries(lines)
    strip_datelines(lines)  # only now: a dateline's words count in the outlet and the line's class
    body = _without_markup([line.text for line in lines if line.final == GOOD])
    paragraphs = drop_repeats(body)
    if paragraphs:
        paragraphs[-1] = strip_closer(paragraphs[-1])
        # Sign-offs, greetings and credits inside a kept paragraph (a presenter's turn, a newsletter's foot).
        paragraphs = strip_paragraph_signoffs(paragraphs)
        if (
            headline_index is not None
            and len(paragraphs) > 1
            and paragraphs[0] == lines[headline_index].text
            and (is_contents_headline(paragraphs[0], paragraphs) or is_edition_headline(paragraphs[0]))
        ):
            paragraphs = paragraphs[1:]  # kept as the title, not as the body's first paragraph
    if not paragraphs and classify:
        # A one- or two-sentence brief is too short for the density classifier; keep its prose lines.
        brief = _brief_lines(lines)
        if brief:
            headline_index = brief[0] if len(brief) > 1 else None
            paragraphs = drop_repeats(_without_markup([lines[i].text for i in brief]))
    if not paragraphs and classify:
        # A short body of near-good prose between two related links has no good line to anchor it, so
        # the context pass turns every line bad; its prose lines are still the article.
        paragraphs = drop_repeats(_without_markup([lines[i].text for i in _unanchored_prose(lines)]))
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


def _extract(html: str, *, favor_precision: bool = False, favor_recall: bool = False) -> Document | None:
    """trafilatura's main text and metadata of a page, or None when it finds none."""
    import trafilatura  # heavy (lxml, justext, courlan): loaded only for HTML input

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=favor_precision,
        favor_recall=favor_recall,
    )
    # A dict comes back only when as_dict=True is asked for, which it is not here.
    return None if isinstance(document, dict) else document


def clean_html(html: str, *, outlet: str | None = None) -> CleanArticle:
    """Main text and metadata of an HTML page through trafilatura, then repeats and glued sentences."""
    try:
        document = _extract(html, favor_precision=True)
        if document is None or not (document.text or "").strip():
            document = _extract(html, favor_recall=True)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise CleanError(f"malformed HTML: {type(exc).__name__}: {exc}") from exc
    if document is None or not (document.text or "").strip():
        raise CleanError("no article text found in the HTML")
    title = collapse_spaces(document.title or "") or None
    body = clean_text(document.text or "", outlet=outlet or document.sitename, classify=False).article
    paragraphs = body.text.split("\n\n")
    if title and paragraphs and text_key(paragraphs[0]) != text_key(title):
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
    if text_key(title) not in text_key(cleaned.text):
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
