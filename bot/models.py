"""Typed records passed between the reader, cleaner, extractor and store."""

from __future__ import annotations

from dataclasses import dataclass, field

CLAIM = "claim"
DENIAL = "denial"
KINDS = (CLAIM, DENIAL)


@dataclass
class ArticleInput:
    """One article as read from disk or the network, before cleaning."""

    name: str  # path relative to the folder ingested (or the file name), NAME.jsonl#LINE, or a URL
    source: str  # path or URL it came from
    raw: str  # text as read (decoded), or HTML
    format: str = "text"  # "text" | "html"
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    language: str | None = None
    # What identifies the article across ingests (a file's full path, PATH#LINE, a URL); default `name`.
    # Re-ingesting the same key replaces the article; two files of one name never collide.
    key: str | None = None


@dataclass
class CleanArticle:
    """An article's main text after page furniture has been removed."""

    title: str | None
    text: str  # cleaned body; statement offsets point into this
    outlet: str | None = None  # inferred from the text where it says so
    published: str | None = None
    byline: str | None = None


@dataclass
class Statement:
    """An attributed statement found in one article."""

    kind: str  # CLAIM | DENIAL
    cue: str  # the reporting verb or phrase ("said", "denied", "according to")
    speaker: str  # canonical speaker name within the article
    speaker_text: str  # the speaker as written at this statement
    text: str  # what was said, without the attribution
    evidence: str  # verbatim sentence(s) of the cleaned text
    start: int  # offset of evidence in the cleaned text
    end: int
    speaker_role: str | None = None  # "Ministry spokeswoman"
    speaker_type: str = "unknown"  # "person" | "group" | "unknown"
    speaker_aliases: tuple[str, ...] = ()  # other forms of the speaker in the article
    relay: str | None = None  # outlet or source cited as relaying the statement
    direct: bool = False  # a direct quote
    lemmas: tuple[str, ...] = ()  # content-word lemmas of `text`, for grouping
    entities: tuple[str, ...] = ()  # named entities in `text`
    denies_index: int | None = None  # index (in the article's list) of a claim this denial targets
    target_text: str | None = None  # what a denial refers to ("no such assurance", "the allegations")


@dataclass
class Figure:
    """A number with what it counts, as one article reports it."""

    text: str  # "almost six hours"
    value: float  # 6.0
    unit: str  # lemma of what is counted: "hour", "troop"
    qualifier: str | None  # "almost", "about", "more than", …
    low: float  # the interval the wording allows
    high: float
    sentence: str
    start: int
    end: int
    lemmas: tuple[str, ...] = field(default_factory=tuple)  # context lemmas, to match figures across outlets
