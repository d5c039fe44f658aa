"""Figures: numbers with what they count, and where outlets disagree about them.

`extract_figures` finds counted quantities in a parsed article ("almost six
hours", "130,000 troops", "more than 100,000 troops", "thousands of troops")
together with the interval of values the wording allows. `compare_figures`
groups stored figures that count the same thing across articles and marks a
group as a conflict only when two outlets' intervals cannot both be true.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from bot.models import Figure
from bot.nlp.signatures import normalise_lemma

# Number words; magnitudes multiply what precedes them ("1.5 million", "two dozen").
_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_MAGNITUDES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Plural magnitudes without a number ("thousands of troops"): the range they allow.
_VAGUE = {
    "tens": (20.0, 99.0),
    "dozens": (24.0, 99.0),
    "scores": (40.0, 199.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2_000.0, 999_999.0),
    "millions": (2_000_000.0, 999_999_999.0),
    "billions": (2e9, 999e9),
}

# "tens of thousands": how many of the inner magnitude the outer word means.
_VAGUE_COUNTS = {"tens": (20.0, 99.0), "dozens": (24.0, 99.0), "hundreds": (200.0, 999.0), "scores": (40.0, 199.0)}
_VAGUE_SCALES = {"thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}

# Qualifiers, longest first, with how they bound the number (see `_interval`).
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("just under", "below"), ("just short of", "below"), ("just over", "above_near"),
    ("more than", "above"), ("greater than", "above"), ("in excess of", "above"),
    ("upwards of", "above"), ("at least", "at_least"), ("no fewer than", "at_least"),
    ("no less than", "at_least"), ("fewer than", "under"), ("less than", "under"),
    ("at most", "at_most"), ("no more than", "at_most"), ("up to", "at_most"),
    ("as many as", "near_max"), ("as much as", "near_max"), ("close to", "below"),
    ("an estimated", "about"), ("an average of", "about"), ("some", "about"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("roughly", "about"),
    ("circa", "about"), ("approx", "about"), ("estimated", "about"), ("almost", "below"),
    ("nearly", "below"), ("over", "above"), ("above", "above"), ("exceeding", "above"),
    ("under", "under"), ("below", "under"), ("exactly", "exact"), ("precisely", "exact"),
    ("only", "exact"), ("just", "exact"),
)  # fmt: skip
# "no more than" must win over "more than".
_QUALIFIERS_LONGEST_FIRST = sorted(_QUALIFIERS, key=lambda q: -len(q[0].split()))

ABOVE_FACTOR = 2.0  # "more than X" allows values up to this multiple of X

_MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december",
}  # fmt: skip
_CURRENCIES = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen"}
_NUMERIC = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$")


def _number_value(tokens: list[Token]) -> float | None:
    """The value of a run of number tokens ("130,000", "1.5 million", "twenty - five")."""
    total = 0.0
    current: float | None = None
    for tok in tokens:
        word = tok.lower_.strip()
        if word in {"-", "and", "a"}:
            continue
        if _NUMERIC.match(word):
            current = (current or 0.0) + float(word.replace(",", ""))
        elif word in _UNITS_WORDS:
            current = (current or 0.0) + _UNITS_WORDS[word]
        elif word in _MAGNITUDES:
            current = (current if current is not None else 1.0) * _MAGNITUDES[word]
            if _MAGNITUDES[word] >= 1_000:
                total += current
                current = None
        elif word == "half":
            current = (current or 0.0) + 0.5
        else:
            return None
    return total + (current or 0.0)


def _rounding_step(value: float, tokens: list[Token]) -> float:
    """How precisely a number is written: 130,000 → 10,000; 326 → 1; 1.5 million → 100,000."""
    magnitude = 1.0
    for tok in tokens:
        magnitude *= _MAGNITUDES.get(tok.lower_, 1)
    digits = re.sub(r"[^\d.]", "", "".join(t.text for t in tokens))
    if "." in digits:
        return magnitude * 10.0 ** -len(digits.split(".", 1)[1])
    if value <= 0:
        return 1.0
    step = 1.0
    whole = int(round(value))
    while whole and whole % 10 == 0:
        whole //= 10
        step *= 10
    return step


def _interval(value: float, kind: str, step: float) -> tuple[float, float]:
    """The values a qualified number allows.

    Unqualified numbers allow rounding to the written precision; "about" allows
    ±10 % (at least the rounding); "almost" a little below the number (5 %, at
    least a quarter step); "more than" anything above up to twice the number;
    "up to" anything below.
    """
    half = step / 2
    if kind == "exact":
        return value, value
    if kind == "about":
        spread = max(value * 0.10, half)
        return value - spread, value + spread
    if kind == "below":
        return value - max(value * 0.05, step / 4), value
    if kind == "above_near":
        return value, value + max(value * 0.05, step / 4)
    if kind in {"above", "at_least"}:
        # "more than 100,000" names the round figure just below the true one: a
        # value over twice as large would have been written as a larger number.
        # A finite bound also keeps the store and JSON free of infinities.
        return value, value * ABOVE_FACTOR
    if kind in {"under", "at_most"}:
        return 0.0, value
    if kind == "near_max":
        return value * 0.8, value
    return value - half, value + half  # rounded as written


def _qualifier_before(doc: Doc, start: int) -> tuple[str | None, str, int]:
    """The qualifier phrase ending just before token `start`: (phrase, kind, its first token)."""
    words = [t.lower_ for t in doc[max(0, start - 4) : start]]
    for phrase, kind in _QUALIFIERS_LONGEST_FIRST:
        parts = phrase.split()
        if len(parts) <= len(words) and words[-len(parts) :] == parts:
            return phrase, kind, start - len(parts)
    return None, "plain", start


def _is_number_token(tok: Token) -> bool:
    return _is_number_word(tok.lower_)


def _is_number_word(word: str) -> bool:
    return bool(_NUMERIC.match(word)) or word in _UNITS_WORDS or word in _MAGNITUDES


def _number_runs(doc: Doc, lowers: list[str] | None = None) -> Iterator[tuple[int, int]]:
    """Token ranges [start, end) of written numbers, hyphenated compounds included.

    `lowers` are the doc's lowercase token texts, when the caller has them
    (reading strings is much cheaper than making a Token per index).
    """
    words = lowers if lowers is not None else [tok.lower_ for tok in doc]
    numeric = [_is_number_word(word) for word in words]
    count = len(words)
    i = 0
    while i < count:
        if not numeric[i]:
            i += 1
            continue
        j = i + 1
        while j < count and (numeric[j] or (words[j] == "-" and j + 1 < count and words[j + 1] in _UNITS_WORDS)):
            j += 1
        yield i, j
        i = j


def _counted_noun(doc: Doc, end: int) -> Token | None:
    """The noun a number counts: the next noun after it, over adjectives and compounds."""
    for tok in doc[end : min(len(doc), end + 4)]:
        if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.ent_type_ == "NORP"):
            # "six hours of talks": the head noun, not a compound's first part.
            if tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.i < end + 5:
                continue
            return tok
        if tok.pos_ in {"ADJ", "ADV"} and tok.lower_ not in {"old"} or tok.dep_ in {"amod", "compound"}:
            continue
        if tok.text == "%":
            return tok
        return None
    return None


def _is_date_or_age(doc: Doc, start: int, end: int, noun: Token | None) -> bool:
    """Years, days of the month, clock times, ages and ordinals are not figures."""
    tokens = doc[start:end]
    if any(t.ent_type_ == "ORDINAL" or _CLOCK.match(t.text) for t in tokens):
        return True
    neighbours = [doc[k] for k in (start - 1, end) if 0 <= k < len(doc)]
    if any(t.lower_.rstrip(".") in _MONTHS and t.pos_ == "PROPN" for t in neighbours):
        return True
    if noun is not None and noun.lemma_.lower() == "year":
        after = [t.lower_ for t in doc[noun.i + 1 : noun.i + 3]]
        if "old" in after:
            return True
    if len(tokens) == 1 and re.fullmatch(r"(1[5-9]|20)\d\d", tokens[0].text):
        return noun is None or noun.pos_ != "NOUN" or noun.lemma_.lower() in _MONTHS
    return False


def _context_lemmas(sentence: Span, skip: set[int]) -> tuple[str, ...]:
    """Content-word lemmas of a sentence, lowercase, in order, without the figure itself."""
    seen: dict[str, None] = {}
    for tok in sentence:
        if tok.i in skip or tok.is_stop or tok.is_punct or tok.like_num or tok.is_space:
            continue
        if tok.pos_ not in {"NOUN", "PROPN", "VERB", "ADJ"}:
            continue
        lemma = tok.lemma_.lower().strip()
        if lemma and lemma.isalpha():
            seen[lemma] = None
    return tuple(seen)


def _unit_of(noun: Token) -> str:
    if noun.text == "%" or noun.lower_ in {"percent", "per", "pct"}:
        return "percent"
    return noun.lemma_.lower()


def extract_figures(doc: Doc) -> Iterator[Figure]:
    """Yield every counted quantity in a parsed article, with the interval its wording allows.

    Only numbers that count a noun become figures ("six hours", "130,000
    troops", "thousands of troops", "$5 million" → unit "dollar", "40 percent");
    dates, years, ages, clock times and ordinals do not. `lemmas` holds the
    sentence's other content lemmas, so that figures about the same thing can be
    matched across outlets.
    """
    lowers = [tok.lower_ for tok in doc]
    runs = list(_number_runs(doc, lowers))
    consumed: set[int] = set()
    for n, (start, end) in enumerate(runs):
        if start in consumed:
            continue
        figure = None
        if n + 1 < len(runs) and _joins_range(doc, end, runs[n + 1][0]):
            figure = _range_figure(doc, (start, end), runs[n + 1])
            if figure is not None:
                consumed.add(runs[n + 1][0])
        if figure is None:
            figure = _figure_from_run(doc, start, end)
        if figure is not None:
            yield figure
    inner: set[int] = set()
    for i, word in enumerate(lowers):
        if word not in _VAGUE:
            continue
        tok = doc[i]
        if tok.pos_ == "NOUN" and tok.i not in inner:
            figure = _vague_figure(doc, tok, inner)
            if figure is not None:
                yield figure


_RANGE_LINKS = {"to", "and", "-", "–", "or"}


def _joins_range(doc: Doc, end: int, next_start: int) -> bool:
    """'5,000 to 10,000', 'between 5,000 and 10,000', '5,000-10,000': one link word between two numbers."""
    return next_start == end + 1 and doc[end].lower_ in _RANGE_LINKS


def _range_figure(doc: Doc, first: tuple[int, int], second: tuple[int, int]) -> Figure | None:
    """A range of two numbers counting one noun; its interval is the range itself."""
    low_tokens, high_tokens = list(doc[first[0] : first[1]]), list(doc[second[0] : second[1]])
    low, high = _number_value(low_tokens), _number_value(high_tokens)
    # "between 5 and 10 million": the magnitude of the second number applies to both.
    if high is not None and low is not None and not any(t.lower_ in _MAGNITUDES for t in low_tokens):
        for tok in high_tokens:
            if tok.lower_ in _MAGNITUDES and low < _MAGNITUDES[tok.lower_]:
                low *= _MAGNITUDES[tok.lower_]
    currency = doc[first[0] - 1].text if first[0] > 0 and doc[first[0] - 1].text in _CURRENCIES else None
    noun = _counted_noun(doc, second[1])
    if low is None or high is None or not low < high:
        return None
    if _is_date_or_age(doc, first[0], first[1], noun) or _is_date_or_age(doc, second[0], second[1], noun):
        return None
    if currency:
        unit, begin = _CURRENCIES[currency], first[0] - 1
    elif noun is not None:
        unit, begin = _unit_of(noun), first[0]
    else:
        return None
    qualifier, _kind, qual_start = _qualifier_before(doc, begin)
    if qualifier is None and begin > 0 and doc[begin - 1].lower_ == "between":
        qualifier, qual_start = "between", begin - 1
    last = noun.i if noun is not None and not currency else second[1] - 1
    span = doc[qual_start : last + 1]
    sentence = doc[first[0]].sent
    return Figure(
        text=span.text,
        value=(low + high) / 2,
        unit=unit,
        qualifier=qualifier or "range",
        low=low,
        high=high,
        sentence=sentence.text,
        start=span.start_char,
        end=span.end_char,
        lemmas=_context_lemmas(sentence, set(range(qual_start, last + 1))),
    )


def _figure_from_run(doc: Doc, start: int, end: int) -> Figure | None:
    tokens = list(doc[start:end])
    value = _number_value(tokens)
    if value is None or value == 1:
        return None  # "one meeting", "one second": a single thing is not a figure worth comparing
    step = _rounding_step(value, tokens)
    number_start = start
    if start >= 2 and doc[start - 1].lower_ == "a" and doc[start - 2].lower_ == "half":
        value, step, start = value / 2, step / 2, start - 2  # "half a million"
    currency = doc[start - 1].text if start > 0 and doc[start - 1].text in _CURRENCIES else None
    noun = _counted_noun(doc, end)
    if _is_date_or_age(doc, number_start, end, noun):
        return None
    if currency:
        unit = _CURRENCIES[currency]
        first = start - 1
    elif noun is not None:
        unit = _unit_of(noun)
        first = start
    else:
        return None
    qualifier, kind, qual_start = _qualifier_before(doc, first)
    low, high = _interval(value, kind, step)
    last = noun.i if noun is not None and not currency else end - 1
    span = doc[qual_start : last + 1]
    sentence = doc[start].sent
    skip = set(range(qual_start, last + 1))
    return Figure(
        text=span.text,
        value=value,
        unit=unit,
        qualifier=qualifier,
        low=low,
        high=high,
        sentence=sentence.text,
        start=span.start_char,
        end=span.end_char,
        lemmas=_context_lemmas(sentence, skip),
    )


def _vague_figure(doc: Doc, tok: Token, inner: set[int]) -> Figure | None:
    """'thousands of Russian troops', 'tens of thousands of people': magnitude words before "of" + noun.

    Tokens read as the inner magnitude of a compound are added to `inner`, so
    "thousands" in "tens of thousands" is not a figure of its own.
    """
    if tok.i > 0 and _is_number_token(doc[tok.i - 1]):
        return None  # "two hundreds" is not a vague figure
    low, high = _VAGUE[tok.lower_]
    after = tok.i + 1
    if after + 1 < len(doc) and doc[after].lower_ == "of" and doc[after + 1].lower_ in _VAGUE_SCALES:
        # "tens of thousands": the outer word counts the inner magnitude.
        scale = _VAGUE_SCALES[doc[after + 1].lower_]
        low, high = _VAGUE_COUNTS.get(tok.lower_, (low, high))
        low, high = low * scale, (high + 1) * scale - 1
        inner.add(after + 1)
        after += 2
    if after >= len(doc) or doc[after].lower_ != "of":
        return None
    noun = _counted_noun(doc, after + 1)
    if noun is None:
        return None
    qualifier, _kind, qual_start = _qualifier_before(doc, tok.i)
    span = doc[qual_start : noun.i + 1]
    sentence = tok.sent
    return Figure(
        text=span.text,
        value=low,
        unit=_unit_of(noun),
        qualifier=qualifier or " ".join(t.lower_ for t in doc[tok.i : after]),
        low=low,
        high=high,
        sentence=sentence.text,
        start=span.start_char,
        end=span.end_char,
        lemmas=_context_lemmas(sentence, set(range(qual_start, noun.i + 1))),
    )


# ---------------------------------------------------------------- comparison


@dataclass
class FigureGroup:
    """Figures from one or more articles that count the same thing.

    `unit` is the counted noun's lemma ("hour"); `figures` are the store rows
    (dicts as `Store.figures()` returns them: text, value, unit, qualifier, low,
    high, lemmas, outlet, article, …) in store order; `topic` names the shared
    context (the most common context lemmas). `conflict` is True when two of
    the figures' intervals do not overlap — the outlets cannot both be right
    ("almost six hours" vs "about five hours") — and False when every pair can
    be true at once ("approximately 130,000" vs "more than 100,000").
    `outlets` lists the distinct outlets, in order of first appearance.
    """

    unit: str
    figures: list[dict[str, Any]]
    conflict: bool
    topic: tuple[str, ...] = field(default_factory=tuple)

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets (or article names where the outlet is unknown) carrying the group."""
        seen: dict[str, None] = {}
        for row in self.figures:
            seen[str(row.get("outlet") or row.get("article") or "?")] = None
        return list(seen)

    @property
    def conflicting_pairs(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Pairs of figures whose intervals cannot both be true."""
        rows = self.figures
        return [(a, b) for i, a in enumerate(rows) for b in rows[i + 1 :] if not intervals_overlap(a, b)]


def _bound(row: dict[str, Any], key: str, default: float) -> float:
    value = row.get(key)
    return default if value is None else float(value)


def intervals_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two figures' intervals [low, high] share a value (None bounds are open)."""
    return max(_bound(a, "low", -math.inf), _bound(b, "low", -math.inf)) <= min(
        _bound(a, "high", math.inf), _bound(b, "high", math.inf)
    )


# Context lemmas that say nothing about what a figure counts.
_WEAK_CONTEXT = {"say", "tell", "report", "according", "accord", "year", "day", "week", "time"}
MIN_SHARED_CONTEXT = 2


def _context(row: dict[str, Any]) -> set[str]:
    """A figure's context lemmas as concepts, so outlets' synonyms match ("aid" / "relief")."""
    return {normalise_lemma(lemma) for lemma in row.get("lemmas") or () if lemma not in _WEAK_CONTEXT}


def _unit(row: dict[str, Any]) -> str:
    """What a figure counts, as a concept ("soldier" and "troop" count the same)."""
    return normalise_lemma(str(row.get("unit") or ""))


def _context_score(a: dict[str, Any], b: dict[str, Any]) -> int:
    """Shared context lemmas of two figures of one unit; 0 when they cannot be the same thing."""
    return _score(_unit(a), _context(a), a.get("article"), _unit(b), _context(b), b.get("article"))


def _score(unit_a: str, ca: set[str], article_a: Any, unit_b: str, cb: set[str], article_b: Any) -> int:
    if unit_a != unit_b or article_a == article_b:
        return 0
    shared = len(ca & cb)
    needed = MIN_SHARED_CONTEXT if min(len(ca), len(cb)) > 2 else 1
    return shared if shared >= needed else 0


def compare_figures(rows: Iterable[dict[str, Any]]) -> list[FigureGroup]:
    """Group stored figures about the same thing across articles; flag real conflicts.

    `rows` are `Store.figures()` rows (any filter). Two figures of different
    articles are about the same thing when they count the same unit (or a
    synonym: "soldiers"/"troops") and their sentences share context lemmas
    (names, verbs, nouns; synonyms count). Pairs are joined best
    first, and a group never takes two figures of one article (an article's
    different figures of one unit count different things: "100,000 troops
    near the border" and "thousands of troops to a neighbour"). Only groups
    drawn from at least two articles are returned, widest first; `conflict` is
    True only when some pair of intervals does not overlap, so agreeing
    figures ("approximately 130,000" and "more than 100,000") are never flagged.
    At most the last `MAX_COMPARED` rows are compared (a bound on time for
    callers that pass a whole archive; pass a story's or a question's figures).
    """
    figures = list(rows)[-MAX_COMPARED:]
    units = [_unit(row) for row in figures]
    contexts = [_context(row) for row in figures]
    articles = [row.get("article") for row in figures]
    pairs = sorted(
        (-score, i, j)
        for i, j in _candidate_pairs(units, contexts)
        if (score := _score(units[i], contexts[i], articles[i], units[j], contexts[j], articles[j]))
    )
    group_of = list(range(len(figures)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(figures))}
    group_articles: dict[int, set[Any]] = {i: {articles[i]} for i in range(len(figures))}
    for _neg_score, i, j in pairs:
        gi, gj = group_of[i], group_of[j]
        if gi == gj or group_articles[gi] & group_articles[gj]:
            continue  # one figure per article in a group
        if len(members[gi]) < len(members[gj]):
            gi, gj = gj, gi  # fold the smaller group into the larger
        for k in members[gj]:
            group_of[k] = gi
        members[gi] += members.pop(gj)
        group_articles[gi] |= group_articles.pop(gj)
    groups: list[FigureGroup] = []
    for indexes in members.values():
        if len(indexes) < 2:
            continue
        component = [figures[k] for k in sorted(indexes)]
        # Intervals on a line all overlap pairwise exactly when the highest low is below the lowest high.
        conflict = max(_bound(r, "low", -math.inf) for r in component) > min(
            _bound(r, "high", math.inf) for r in component
        )
        groups.append(
            FigureGroup(
                unit=str(component[0].get("unit") or ""), figures=component, conflict=conflict, topic=_topic(component)
            )
        )
    groups.sort(key=lambda g: (-len(g.figures), g.unit))
    return groups


MAX_COMPARED = 2000  # rows compare_figures looks at (the last ones given)
# A context lemma shared by more figures than this does not propose pairs (it still scores them).
PAIRING_POSTINGS = 200


def _candidate_pairs(units: list[str], contexts: list[set[str]]) -> set[tuple[int, int]]:
    """Index pairs worth scoring: same unit and a shared, not too common, context lemma.

    An inverted index over context lemmas per unit keeps this near-linear in
    the number of figures rather than comparing every pair.
    """
    postings: dict[tuple[str, str], list[int]] = {}
    for i, (unit, context) in enumerate(zip(units, contexts, strict=True)):
        for lemma in context:
            postings.setdefault((unit, lemma), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > PAIRING_POSTINGS:
            continue
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                pairs.add((i, j))
    return pairs


def _topic(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """The context lemmas most figures of a group share, most shared first (at most five)."""
    counts: dict[str, int] = {}
    for row in rows:
        for lemma in _context(row):
            counts[lemma] = counts.get(lemma, 0) + 1
    ranked = sorted((lemma for lemma, n in counts.items() if n > 1), key=lambda lemma: (-counts[lemma], lemma))
    return tuple(ranked[:5])
