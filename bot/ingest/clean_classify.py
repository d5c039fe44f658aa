"""Line classification (jusText-style): length, stop-word and link density, then revision by neighbours."""

from __future__ import annotations

import re

from bot.ingest.clean_lines import (
    BAD,
    GOOD,
    NEARGOOD,
    SHORT,
    Line,
    ends_sentence,
    has_quote_or_attribution,
    sentences,
    stopwords,
)

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


# ---------------------------------------------------------------- classification


def stopword_density(text: str) -> float:
    """Share of the text's words that are jusText English stop words."""
    words = [w.strip(".,;:!?\"'()[]\u201c\u201d\u2018\u2019\u2026-\u2013\u2014").lower() for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return 0.0
    stop = stopwords()
    return sum(w in stop for w in words) / len(words)


# A broadcast transcript turn's label: a speaker's name in capitals, maybe with a note, and a colon.
TURN_LABEL = re.compile(r"^[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,3}(?:\s*\([^()\n]{1,40}\))?\s*:\s+")
# A turn: its label, then what is said.
TURN_LINE = re.compile(TURN_LABEL.pattern + r"\S")
TURN_MIN_WORDS = 4


def classify_line(line: Line, *, transcript: bool = False) -> str:
    """Context-free class of one line, jusText-style (furniture is marked elsewhere). In a `transcript`
    (`is_transcript`) a speaker's turn is never bad on its own."""
    cls = _density_class(line)
    if (
        transcript
        and cls in (BAD, SHORT)
        and line.link_chars == 0
        and TURN_LINE.match(line.text)
        and ends_sentence(line.text)
        and len(line.words) >= TURN_MIN_WORDS
    ):
        # A transcript turn is speech however many names it holds ("REE: The director, Alan Doe, told me
        # that isn't true."): never bad alone; its neighbours decide, as for any near-good line.
        return NEARGOOD
    return cls


TRANSCRIPT_MIN_TURNS = 2


def is_transcript(lines: list[Line]) -> bool:
    """Whether a capture is a broadcast transcript: two or more lines open with a speaker's label in capitals
    (one such line is more often a headline's kicker, "EXCLUSIVE: …")."""
    return sum(1 for line in lines if TURN_LINE.match(line.text)) >= TRANSCRIPT_MIN_TURNS


def _density_class(line: Line) -> str:
    length = len(line.text)
    if line.link_chars / max(length, 1) > MAX_LINK_DENSITY:
        return BAD
    density = stopword_density(line.text)
    sentence_like = ends_sentence(line.text) and len(line.words) >= 4 and density >= STOPWORDS_LOW
    if length < LENGTH_LOW:
        # A plain-text line is a whole paragraph: a short full sentence is near-good, not just short.
        return NEARGOOD if sentence_like else SHORT
    if density >= STOPWORDS_HIGH:
        return GOOD if length > LENGTH_HIGH or (sentence_like and has_quote_or_attribution(line.text)) else NEARGOOD
    if density >= STOPWORDS_LOW or (sentence_like and has_quote_or_attribution(line.text)):
        return NEARGOOD
    return BAD


def mark_runs_of_short_lines(lines: list[Line]) -> None:
    """Menus and tag lists: three or more consecutive very short lines without sentence punctuation."""
    run: list[Line] = []
    for line in [*lines, None]:
        if (
            line is not None
            and line.furniture is None
            and len(line.words) <= SHORT_LINE_WORDS
            and not ends_sentence(line.text)
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


def mark_promo_boxes(lines: list[Line]) -> None:
    """Blurb lines right after a call-to-action heading ("Sign up for …") belong to its box."""
    for i, line in enumerate(lines):
        if line.furniture != "call to action" or ends_sentence(line.text) or len(line.words) > 12:
            continue
        for follower in lines[i + 1 : i + 1 + PROMO_FOLLOWERS]:
            if follower.blank_before or has_quote_or_attribution(follower.text) or _promo_word_count(follower.text) < 2:
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
_SEPARATORS = frozenset({"no words", "time stamp", "date line", "related link"})


def revise_by_context(lines: list[Line]) -> None:
    """jusText's context-sensitive pass: short and near-good lines take their neighbours' class.

    A short line between good ones is good, between bad ones bad; between a
    good and a bad one it is good only if a near-good line sits on the bad
    side next to it. A near-good line is bad only between two bad ones.
    Linear time: nearest neighbours are precomputed in both directions.
    """
    # A live blog's time stamps ("13:10") and bare date lines separate entries without being
    # page furniture around them: as bad neighbours they would sink every short entry between
    # two of them, so the context pass looks through them.
    # A stage direction with a speaker's turn after it ("[AD BREAK]", "[MIDROLL]") separates a show's segments
    # the same way; one after the last turn ("[ENDS]") closes the transcript and stays a bad neighbour.
    last_turn = max((i for i, line in enumerate(lines) if TURN_LINE.match(line.text)), default=-1)
    separators = [
        line.furniture in _SEPARATORS or (line.furniture == "stage direction" and i < last_turn)
        for i, line in enumerate(lines)
    ]
    classes = [SHORT if sep else line.cf_class for line, sep in zip(lines, separators, strict=True)]
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
    for line, cls, sep in zip(lines, revised, separators, strict=True):
        line.final = line.cf_class if sep else cls


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


# A title printed with a full stop ("Senator X: the bill is dead.") or, above its deck, a semicolon.
_STOPPED_END = re.compile(r"[^.;](?:[.;]|[.][\"'\u201d\u2019)]+)$")
STOPPED_TITLE_MAX_WORDS = 20
TITLE_CASE_MIN_LETTERS = 4  # title case capitalises every word but short function words


def _title_case(text: str) -> bool:
    """ "Candidate Wins Delaware Primary In A Landslide.": no word of four letters or more in lower case (a
    name-heavy lede still writes its verbs and nouns in lower case)."""
    words = [w.strip("\"'\u2018\u2019\u201c\u201d(),:;.") for w in text.split()]
    words = [w for w in words if len(w) >= TITLE_CASE_MIN_LETTERS and w[0].isalpha()]
    return bool(words) and all(w[0].isupper() for w in words)


def stopped_title(lines: list[Line]) -> bool:
    """Whether the capture's first line is a title ending in a full stop or a semicolon: one sentence, short,
    sparse in function words as headlines are ("Candidate X Wins Delaware Primary.", "X: talks 'going
    nowhere'."; a lede's "The council voted on Tuesday to close the pool." is dense in them), and set apart
    from a body that follows (a blank line after it, or a glued deck after a semicolon)."""
    if len(lines) < 2:
        return False
    line, below = lines[0], lines[1]
    text = line.text
    if line.furniture is not None or line.link_chars or _STOPPED_END.search(text) is None:
        return False
    if not HEADLINE_MIN_WORDS <= len(line.words) <= STOPPED_TITLE_MAX_WORDS:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if len(sentences(text)) != 1 or not any(later.final == GOOD for later in lines[1:]):
        return False
    if stopword_density(text) >= STOPWORDS_HIGH and not _title_case(text):
        return False
    return below.blank_before or text.rstrip().endswith(";")


# Most words a section label or kicker in capitals has ("CITY NEWS", "FOOTBALL ROUNDUP").
KICKER_MAX_WORDS = 4


# A section's breadcrumb above a headline: "Fact check | Politics", "IN BRIEF | Music" (two short parts, no sentence).
_BREADCRUMB = re.compile(r"^[^|.!?:;\"\u201c\u201d]{2,40} \| [^|.!?:;\"\u201c\u201d]{2,40}$")


def _kicker(line: Line) -> bool:
    """A section label or kicker: a few words in capitals, or a breadcrumb of two short parts."""
    if len(line.words) <= KICKER_MAX_WORDS and line.text.isupper():
        return True
    return _BREADCRUMB.match(line.text) is not None and all(
        len(part.split()) <= KICKER_MAX_WORDS for part in line.text.split(" | ")
    )


def text_key(text: str) -> str:
    """Comparison key: case, quote marks, spacing and end punctuation do not matter."""
    # Quote marks, curly or straight, are non-word characters: the substitution already blanks them.
    return re.sub(r"\W+", " ", text.lower()).strip()


def choose_headline(lines: list[Line]) -> int | None:
    """Index of the headline: a title-like line shortly before the first good line (a repeated one first)."""
    stopped = stopped_title(lines)
    first_good = next(
        (
            i
            for i, line in enumerate(lines)
            if line.final == GOOD and not _headline_like(line) and not (i == 0 and stopped)
        ),
        len(lines),
    )
    candidates = [
        i for i in range(first_good) if _headline_like(lines[i]) or lines[i].heading and lines[i].furniture is None
    ]
    if not candidates and stopped:
        candidates = [0]  # a title with a full stop only where no unpunctuated one stands before the body
    if not candidates:
        return None
    # A short line in capitals before a mixed-case headline is a section label or kicker ("HOME BUSINESS").
    while len(candidates) > 1 and _kicker(lines[candidates[0]]) and not _kicker(lines[candidates[1]]):
        candidates = candidates[1:]
    keys = [text_key(line.text) for line in lines]  # once per line: a key costs a regex
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    repeated = [i for i in candidates if counts[keys[i]] > 1 or lines[i].heading]
    if repeated:
        return repeated[0]
    for i in candidates:
        distance = sum(len(lines[j].text) for j in range(i + 1, first_good) if lines[j].final != BAD)
        if distance <= MAX_HEADING_DISTANCE:
            return i
    return None
