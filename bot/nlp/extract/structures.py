"""What the statement extractor works with: units, quotes and candidate statements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from bot.nlp.lexicon import (
    CLAIM_VERBS,
    DENIAL_VERBS,
    REJECT_VERBS,
)

OPEN_DOUBLE = "\u201c"
CLOSE_DOUBLE = "\u201d"
OPEN_SINGLE = "\u2018"
CLOSE_SINGLE = "\u2019"
QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
# A speaker for passive reports that name nobody ("…, it was reported").
UNNAMED_SOURCE = "unnamed sources"
SPEECH_LEMMAS = CLAIM_VERBS | DENIAL_VERBS | REJECT_VERBS
# Inflected forms of denial verbs, for the parser's "rejects"-as-a-noun mistakes.
DENIAL_FORMS = frozenset(
    form
    for lemma in DENIAL_VERBS | REJECT_VERBS
    for form in (lemma, lemma + "s", lemma + "es", lemma + "d", lemma + "ed", lemma[:-1] + "ies", lemma[:-1] + "ied")
)
# Third-person forms of reporting verbs ("announces"), which the parser sometimes tags as nouns.
CLAIM_S_FORMS = frozenset(
    lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s") for lemma in CLAIM_VERBS
) | {"says"}
# Subject-carrying dependencies a participle or conjoined reporting verb inherits from.
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "acl"})
HEADLINE = re.compile(
    r"^(?P<speaker>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}?)\s+"
    r"(?P<cue>(?i:says|claims|denies|warns|insists|rejects|dismisses|refutes|slams|vows|urges|admits|confirms))\s+"
    r"(?P<content>\S.*)$"
)
# "Talks stall, minister says": a headline with its attribution at the end.
HEADLINE_TRAILING = re.compile(
    r"^(?P<content>\S.{8,}?),\s+(?P<speaker>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z]?[\w.'’-]+)\s+"
    r"(?P<cue>says|Says|said|claims|Claims|warns|Warns|insists|Insists)$"
)
# "Smith: 'We will rebuild'": a headline quoting its speaker after a colon.
HEADLINE_COLON = re.compile(
    r"^(?P<speaker>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*(?P<cue>:)\s*['\"‘“](?P<content>[^'\"’”]{3,})['\"’”]?$"
)

# "Clinton camp: Trump's plan threatens security" / "SMITH: We will rebuild.": a speaker, a colon, their words.
SPEAKER_COLON = re.compile(r"^(?P<speaker>[A-Z][\w.'’-]*(?:\s+[A-Z]?[\w.'’-]+){0,3})\s*:\s+(?P<content>\S.{10,})$")

# A transcript turn whose label carries a note: "BANKS (recording): …", "PRESENTER (Jane Hale): …",
# "REPORTER (on location): …". The label is in capitals; the note is a name or a circumstance.
TURN_LABEL = re.compile(
    r"^(?P<speaker>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})\s*\((?P<note>[^()\n]{1,40})\)\s*:\s+(?P<content>\S.{3,})$",
    re.DOTALL,
)


# ------------------------------------------------------------------ structures


@dataclass
class Unit:
    """A sentence as spaCy splits it, also cut at line breaks (paragraph ends)."""

    start: int  # token index
    end: int  # token index, exclusive
    start_char: int
    end_char: int
    para: int


@dataclass
class Quote:
    """A stretch of text between quote marks (inner = without the marks)."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    para: int
    closed: bool = True
    continues: bool = False  # continues an unclosed quote of the previous paragraph


@dataclass
class Candidate:
    """A cue with its speaker and content before resolution."""

    cue: Token
    cue_text: str
    kind: str  # CLAIM | DENIAL
    subject: Token | None
    content: list[tuple[int, int]] = field(default_factory=list)  # char ranges
    first_unit: int = 0
    last_unit: int = 0
    direct: bool = False
    relay: str | None = None
    target: str | None = None
    target_reference: bool = False  # the target is only named by reference ("the claims")
    in_quote: bool = False
    is_relay: bool = False  # its speaker relays other people's words (an outlet)
    follows: Candidate | None = None  # a continued quote: same speaker as this one
    quotes: list[int] = field(default_factory=list)
    origin: str = "verb"
    unnamed: bool = False
    speaker_bounds: tuple[int, int] | None = None  # token range the speaker must stay in
    target_owner: str | None = None  # whose claim a denial names ("the senator's reading", "criticism from X")
    target_lemmas: frozenset[str] = frozenset()  # content words of the denied phrase
    commitment_denial: bool = False  # "made no promise": a denial only after a claimed commitment
    noun_span: tuple[int, int] | None = None  # "a claim X denied" inside another statement
    second_source: bool = False  # "X said A because B, according to figures from Y": Y's own statement of B
    # The cue table's reading of the same verb ("warned of a battle ahead"), used when no quote fills this one
    fallback: Candidate | None = None

    @property
    def content_start(self) -> int:
        """First character of the content, or -1 without content."""
        return min((s for s, _ in self.content), default=-1)

    @property
    def content_end(self) -> int:
        """Character after the content, or -1 without content."""
        return max((e for _, e in self.content), default=-1)


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens of `doc` covering characters [start, end), widened to whole tokens."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []
