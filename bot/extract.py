"""Attributed statements (who claimed, who denied what) from a parsed article.

The extractor works on one spaCy `Doc` of the cleaned article text and never
parses again. In order:

1. Units: sentences, also cut at line breaks (a headline without a full stop is
   often parsed into the next paragraph) and at semicolons outside quotes.
   Quotes: marks paired per paragraph; an unclosed quote runs on into the next.
2. Cues: reporting verbs with their subject and content (clausal complement,
   object, infinitive, or the rest of the sentence for "…, he said"),
   "according to X", "X's claim that …", "…, a claim X denied", evidence
   sources ("the records show that …"), headline patterns ("X says …").
   Parses that tie a sentence to the wrong neighbour are repaired locally.
3. Quotes go to the cue next to them; quotes without one continue the speaker
   of the quote before (same paragraph, next paragraph, a colon introduction).
4. Nesting: an outlet's report yields its source's words with a relay; a report
   inside someone's claim stays part of that claim; side-by-side statements
   ("…, adding …", "…, while critics argued …") are split.
5. Speakers are resolved in document order by `bot.speakers` (pronouns bound by
   gender and salience in one token walk when the Context is built); kinds, denial
   targets and the claims they deny are settled; repeats are dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from bot.lexicon import (
    ADDRESSEE_VERBS,
    ALLEGATION_NOUNS,
    ATTITUDE_NOUNS,
    ATTITUDE_VERBS,
    CHARACTERISE_VERBS,
    CLAIM_NOUNS,
    CLAIM_VERBS,
    COMMITMENT_WORDS,
    DENIAL_IDIOM_NOUNS,
    DENIAL_VERBS,
    DOCUMENT_NOUNS,
    EVIDENCE_NOUNS,
    EVIDENCE_VERBS,
    FALSIFY_VERBS,
    FALSITY_WORDS,
    INFINITIVE_CONTENT_VERBS,
    INSTITUTION_WORDS,
    OBJECT_CONTENT_VERBS,
    OUTLET_WORDS,
    PRESCRIPTIVE_SOURCES,
    PROPOSAL_NOUNS,
    RAISING_VERBS,
    REFUSED_THINGS,
    REJECT_VERBS,
    RELAY_VERBS,
    RIFT_NOUNS,
    TRUTH_WORDS,
)
from bot.models import CLAIM, DENIAL, Statement
from bot.speakers import (
    PERSON,
    UNKNOWN,
    Mention,
    PersonRegistry,
    Speaker,
    SpeakerResolver,
    bind_pronouns,
    describe_subject,
)

log = logging.getLogger(__name__)

OPEN_DOUBLE = "\u201c"
CLOSE_DOUBLE = "\u201d"
OPEN_SINGLE = "\u2018"
CLOSE_SINGLE = "\u2019"
QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
# A speaker for passive reports that name nobody ("…, it was reported").
UNNAMED_SOURCE = "unnamed sources"
_SPEECH_LEMMAS = CLAIM_VERBS | DENIAL_VERBS | REJECT_VERBS
# Inflected forms of denial verbs, for the parser's "rejects"-as-a-noun mistakes.
_DENIAL_FORMS = frozenset(
    form
    for lemma in DENIAL_VERBS | REJECT_VERBS
    for form in (lemma, lemma + "s", lemma + "es", lemma + "d", lemma + "ed", lemma[:-1] + "ies", lemma[:-1] + "ied")
)
# Third-person forms of reporting verbs ("announces"), which the parser sometimes tags as nouns.
_CLAIM_S_FORMS = frozenset(
    lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s") for lemma in CLAIM_VERBS
) | {"says"}
# Subject-carrying dependencies a participle or conjoined reporting verb inherits from.
_INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "acl"})
_HEADLINE = re.compile(
    r"^(?P<speaker>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}?)\s+"
    r"(?P<cue>(?i:says|claims|denies|warns|insists|rejects|dismisses|refutes|slams|vows|urges|admits|confirms))\s+"
    r"(?P<content>\S.*)$"
)
# "Talks stall, minister says": a headline with its attribution at the end.
_HEADLINE_TRAILING = re.compile(
    r"^(?P<content>\S.{8,}?),\s+(?P<speaker>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z]?[\w.'’-]+)\s+"
    r"(?P<cue>says|Says|said|claims|Claims|warns|Warns|insists|Insists)$"
)
# "Smith: 'We will rebuild'": a headline quoting its speaker after a colon.
_HEADLINE_COLON = re.compile(
    r"^(?P<speaker>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*(?P<cue>:)\s*['\"‘“](?P<content>[^'\"’”]{3,})['\"’”]?$"
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

    @property
    def content_start(self) -> int:
        """First character of the content, or -1 without content."""
        return min((s for s, _ in self.content), default=-1)

    @property
    def content_end(self) -> int:
        """Character after the content, or -1 without content."""
        return max((e for _, e in self.content), default=-1)


class Context:
    """Everything extraction needs to know about one doc, computed once."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = find_quotes(self.text)
        self.units = split_units(doc, self.quotes)
        self.unit_of_token = [0] * len(doc)
        for ui, unit in enumerate(self.units):
            for i in range(unit.start, unit.end):
                self.unit_of_token[i] = ui
        self.quote_of_token = [-1] * len(doc)
        for qi, quote in enumerate(self.quotes):
            for tok in _tokens_in(doc, quote.inner_start, quote.inner_end):
                self.quote_of_token[tok.i] = qi
        self.content_cache: dict[tuple[int, tuple[tuple[int, int], ...]], list[Token]] = {}
        self.relay_cache: dict[int, list[tuple[Token, str]]] = {}
        # doc.ents builds new spans on every access; read them once.
        self.ents = list(doc.ents)
        self.ent_at: dict[int, tuple[int, int, str]] = {}
        for ent in self.ents:
            for i in range(ent.start, ent.end):
                self.ent_at[i] = (ent.start, ent.end, ent.label_)
        self.registry = PersonRegistry(doc, self.ents)
        quoted = {i for i, q in enumerate(self.quote_of_token) if q >= 0}
        self.bindings, self.genders = bind_pronouns(doc, self.registry, [(u.start, u.end) for u in self.units], quoted)
        # A sentence whose parse is tied to another one (a headline without a full stop).
        self.broken = [
            any(self.unit_of_token[t.head.i] != ui or t.dep_ == "dep" for t in doc[unit.start : unit.end])
            for ui, unit in enumerate(self.units)
        ]

    def unit_at_char(self, char: int) -> int:
        """Index of the unit holding a character offset (the nearest one before it)."""
        found = 0
        for ui, unit in enumerate(self.units):
            if unit.start_char <= char:
                found = ui
            else:
                break
        return found

    def in_quote(self, token: Token) -> bool:
        """True when the token lies between quote marks."""
        return self.quote_of_token[token.i] >= 0


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


# ------------------------------------------------------------------ units and quotes


def split_units(doc: Doc, quotes: list[Quote] | None = None) -> list[Unit]:
    """Sentences, also split at line breaks and at semicolons outside quotes; with paragraph numbers."""
    quoted = [(q.start, q.end) for q in quotes or []]
    units: list[Unit] = []
    para = 0
    current: list[Token] = []

    def flush() -> None:
        """Close the unit being built, trimmed of white space."""
        words = [t for t in current if not t.is_space]
        if words:
            first, last = words[0], words[-1]
            units.append(Unit(first.i, last.i + 1, first.idx, last.idx + len(last.text), para))
        current.clear()

    for tok in doc:
        if tok.is_sent_start and current:
            flush()
        if tok.is_space and "\n" in tok.text:
            flush()
            para += 1
            continue
        current.append(tok)
        if tok.text == ";" and not any(a <= tok.idx < b for a, b in quoted):
            flush()
            continue
        if "\n" in tok.whitespace_:
            flush()
            para += 1
    flush()
    return units


def find_quotes(text: str) -> list[Quote]:
    """Quoted stretches, paragraph by paragraph; an unclosed quote runs to its paragraph's end."""
    paragraphs: list[tuple[int, str, list[Quote]]] = []
    offset = 0
    for para_index, para in enumerate(re.split(r"(\n+)", text)):
        if not para.startswith("\n"):
            paragraphs.append((offset, para, _quotes_in_paragraph(para, offset, para_index)))
        offset += len(para)
    quotes: list[Quote] = []
    previous_open = False
    for n, (start, _para, found) in enumerate(paragraphs):
        if found and not found[-1].closed:
            opens_paragraph = found[-1].start - start <= 1
            next_para = paragraphs[n + 1][1].lstrip() if n + 1 < len(paragraphs) else ""
            if not opens_paragraph and next_para[:1] not in QUOTE_CHARS | {"\u2018", "`", "'"}:
                # A stray mark mid-paragraph, not a quote running on: drop it rather than swallow the rest.
                found = found[:-1]
        if found and previous_open and found[0].inner_start - start <= 2:
            found[0].continues = True
        previous_open = bool(found) and not found[-1].closed
        quotes.extend(found)
    return [q for q in quotes if q.inner_end > q.inner_start]


def _quotes_in_paragraph(para: str, offset: int, para_index: int) -> list[Quote]:
    """Double-quoted stretches of one paragraph (curly, straight, guillemets, `` and '')."""
    out: list[Quote] = []
    open_at: int | None = None
    open_len = 1
    skip = False

    def close(end: int, mark_len: int) -> None:
        """Record the quote opened at `open_at` and closed by a mark at `end`."""
        if open_at is None:
            return
        out.append(
            Quote(offset + open_at, offset + end + mark_len, offset + open_at + open_len, offset + end, para_index)
        )

    for i, ch in enumerate(para):
        if skip:
            skip = False
            continue
        pair = para[i : i + 2]
        if pair in ("``", "''"):
            # Typewriter-style marks: two backticks open, two apostrophes close (or open a quote at a word).
            skip = True
            if open_at is None and (pair == "``" or (i + 2 < len(para) and para[i + 2].isalnum())):
                open_at, open_len = i, 2
            elif open_at is not None:
                close(i, 2)
                open_at = None
            continue
        if ch == OPEN_DOUBLE or ch == "\u201e" or ch == "\u00ab":
            if open_at is None:
                open_at, open_len = i, 1
        elif ch == CLOSE_DOUBLE or ch == "\u00bb":
            if open_at is not None:
                close(i, 1)
                open_at = None
        elif ch == '"':
            if open_at is None:
                open_at, open_len = i, 1
            else:
                close(i, 1)
                open_at = None
    if open_at is not None:
        end = len(para.rstrip())
        out.append(
            Quote(offset + open_at, offset + end, offset + open_at + open_len, offset + end, para_index, closed=False)
        )
    if not out:
        out = _single_quotes(para, offset, para_index)
    return out


def _single_quotes(para: str, offset: int, para_index: int) -> list[Quote]:
    """British-style 'quotes' in a paragraph without double quotes: only long, clause-like ones.

    An opening mark follows a space or the paragraph start; a closing mark follows
    a letter or punctuation and precedes a space, punctuation or the end, so
    apostrophes inside words ("don't", "Smith's") are not taken for quote marks.
    """
    out: list[Quote] = []
    open_at: int | None = None
    for i, ch in enumerate(para):
        if ch not in "'\u2018\u2019":
            continue
        before = para[i - 1] if i > 0 else " "
        after = para[i + 1] if i + 1 < len(para) else " "
        if open_at is None:
            if ch != "\u2019" and (before.isspace() or before in "([—-") and not after.isspace():
                open_at = i
        elif ch != "\u2018" and not before.isspace() and (after.isspace() or after in ",.;:?!)—-"):
            inner = para[open_at + 1 : i]
            if len(inner.split()) >= 4 and inner.rstrip()[-1:] in ",.?!…":
                out.append(Quote(offset + open_at, offset + i + 1, offset + open_at + 1, offset + i, para_index))
            open_at = None
    return out


# ------------------------------------------------------------------ cues


def _is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _is_infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def find_subject(tok: Token) -> Token | None:
    """The subject of a reporting verb, inherited through "…, adding", conjuncts and raising verbs."""
    if (
        tok.tag_ == "VBG"
        and tok.dep_ in ("advcl", "conj", "xcomp")
        and not any(c.dep_ == "nsubj" for c in tok.children)
    ):
        # "X said A, adding B": the participle speaks for the reporting verb above it.
        for anc in tok.ancestors:
            if anc.lemma_.lower() in _SPEECH_LEMMAS:
                subject = next((c for c in anc.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    return _relative_antecedent(subject)
    if tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        speech_parent = _speech_verb_above_complement(tok)
        if speech_parent is not None:
            return speech_parent
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if subjects:
        # "the city's mayor John Smith wrote": two subjects read for one; the name is nearest.
        before = [c for c in subjects if c.i < tok.i]
        return _relative_antecedent(before[-1] if before else subjects[0])
    for child in tok.children:
        if child.dep_ == "nsubjpass" and tok.lemma_.lower() in ("quote", "cite"):
            return child
    node = tok
    for _ in range(4):
        if node.dep_ not in _INHERIT_DEPS or node.head.i == node.i:
            return None
        if (
            node.dep_ == "xcomp"
            and node.head.lemma_.lower() not in RAISING_VERBS
            and node.i == tok.i
            and not _purpose_speech(tok)
        ):
            return None
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless", "because", "while") for c in node.children
        ):
            return None
        came_from = node.dep_
        node = node.head
        passive_ok = node.lemma_.lower() in ("quote", "cite") or came_from == "conj"
        found = [c for c in node.children if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and passive_ok)]
        if found:
            # "… had been expected to oppose the law but said it would support it"; of two subjects
            # ("Her opponent, Senator X, called … and said …") the name nearest the verb
            before = [c for c in found if c.i < node.i]
            return _relative_antecedent(before[-1] if before else found[0])
    return None


def _with_absolute_subject(tok: Token) -> Token | None:
    """ "…, with several governments saying the plan …": the noun after "with" speaks."""
    if tok.tag_ != "VBG" or tok.dep_ != "acl" or tok.head.dep_ != "pobj" or tok.head.head.lower_ != "with":
        return None
    if tok.head.pos_ not in ("NOUN", "PROPN") or not any(c.dep_ == "ccomp" for c in tok.children):
        return None
    return tok.head


def _speech_verb_above_complement(tok: Token) -> Token | None:
    """'X said staff were tired and accused Y': a reporting verb conjoined inside another's
    complement speaks for that verb's subject, not for the complement's."""
    head = tok.head
    if head.lemma_.lower() in _SPEECH_LEMMAS or head.dep_ != "ccomp":
        return None
    speech = head.head
    if speech.lemma_.lower() not in _SPEECH_LEMMAS or speech.i > tok.i:
        return None
    return next((c for c in speech.children if c.dep_ == "nsubj"), None)


def _left_subject(ctx: Context, tok: Token) -> Token | None:
    """The noun just left of a verb, when the parse tied the verb to another sentence."""
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    i = tok.i - 1
    while i >= unit.start and (ctx.doc[i].pos_ in ("ADV", "AUX", "PART") or ctx.doc[i].dep_ == "neg"):
        i -= 1
    if i > unit.start and ctx.doc[i].text == "," and ctx.doc[i - 1].pos_ == "PROPN":
        i -= 1  # "the board's director, Samuel Achterberg, said"
    if i < unit.start:
        return None
    cand = ctx.doc[i]
    if _is_age_description(cand):
        return cand  # '…," the 62-year-old alleged'
    if cand.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    if cand.i in ctx.ent_at and ctx.ent_at[cand.i][2] in ("DATE", "TIME"):
        # "Congress leaders on Thursday rejected …": the noun before the date phrase
        start = ctx.ent_at[cand.i][0]
        if start > unit.start and ctx.doc[start - 1].dep_ == "prep" and start - 2 >= unit.start:
            cand = ctx.doc[start - 2]
        else:
            return None
    if (
        cand.dep_ == "pobj"
        and cand.head.dep_ == "prep"
        and cand.head.head.pos_ in ("NOUN", "PROPN")
        and unit.start <= cand.head.head.i < cand.i
    ):
        cand = cand.head.head
    if cand.pos_ not in ("PROPN", "NOUN", "PRON") or cand.i < unit.start:
        return None
    if cand.i in ctx.ent_at:
        return ctx.doc[ctx.ent_at[cand.i][1] - 1]
    return cand


def _agent(tok: Token) -> Token | None:
    """The "by X" of a passive reporting verb."""
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _is_age_description(tok: Token) -> bool:
    """The "old" of "the 62-year-old", which news uses for a person named before."""
    doc = tok.doc
    return (
        tok.lower_ == "old" and tok.i >= 2 and doc[tok.i - 2].lower_ in ("year", "years") and doc[tok.i - 1].text == "-"
    )


def _purpose_speech(tok: Token) -> bool:
    """'used her lecture to warn that …', 'took to social media to say that …': the subject speaks.
    Not 'refused to say whether …' nor 'wants to say …'."""
    if not _is_infinitive(tok) or tok.head.lemma_.lower() in _NOT_SPEAKING_YET:
        return False
    for child in tok.children:
        if child.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children):
            return True
    return False


_NOT_SPEAKING_YET = frozenset(
    "refuse decline want plan hope expect try need wish intend fail agree prepare seek attempt ask urge "
    "like love prefer promise threaten".split()
)


def _relative_antecedent(subject: Token) -> Token:
    """For "Smith, who said …", the speaker is Smith, not "who"."""
    if subject.lower_ in ("who", "which", "that") and subject.head.dep_ == "relcl":
        return subject.head.head
    return subject


def _subtree_range(tok: Token) -> list[tuple[int, int]]:
    """Character ranges of a token's subtree, as contiguous runs."""
    return _runs(list(tok.subtree))


def _runs(tokens: list[Token]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    last_i = None
    for t in sorted(tokens, key=lambda t: t.i):
        if t.is_space:
            continue
        if last_i is not None and t.i == last_i + 1 and runs:
            runs[-1] = (runs[-1][0], t.idx + len(t.text))
        else:
            runs.append((t.idx, t.idx + len(t.text)))
        last_i = t.i
    return runs


def _line_break_between(a: Token, b: Token) -> bool:
    """Whether a line break lies between two tokens."""
    lo, hi = (a.i, b.i) if a.i < b.i else (b.i, a.i)
    doc = a.doc
    # doc.text rebuilds the whole text on each call; the tokens in between are enough.
    return any("\n" in doc[i].whitespace_ or "\n" in doc[i].text for i in range(lo, hi))


def _same_side(clause: Token, cue: Token) -> list[tuple[int, int]]:
    """A complement's subtree on its own side of the cue (a dateline before "X said that …" is not content)."""
    after = clause.i > cue.i
    return _runs([t for t in clause.subtree if (t.i > cue.i) == after])


def _has_that_clause(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            return child
    return None


def _falsity_after(tok: Token, limit: int = 22) -> bool:
    """Whether "as false / as not right / a lie" follows the verb within its subtree."""
    words = [t.lemma_.lower() for t in tok.subtree if t.i > tok.i][:limit]
    for i, w in enumerate(words):
        if w in FALSITY_WORDS:
            return True
        if w in ("not", "n't") and i + 1 < len(words) and words[i + 1] in TRUTH_WORDS:
            return True
    return False


def _verb_candidate(ctx: Context, tok: Token) -> Candidate | None:
    """A reporting-verb cue with its content, or a bare cue waiting for a quote."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB":
        return None
    is_denial = lemma in DENIAL_VERBS
    is_reject = lemma in REJECT_VERBS and not is_denial
    is_character = lemma in CHARACTERISE_VERBS
    is_attitude = lemma in ATTITUDE_VERBS
    if lemma in EVIDENCE_VERBS and lemma not in CLAIM_VERBS:
        return _evidence_candidate(ctx, tok)
    if not (is_denial or is_reject or is_character or is_attitude or lemma in CLAIM_VERBS):
        return None
    if tok.dep_ in ("amod", "acl") and tok.tag_ in ("VBD", "VBN"):
        repaired = _verbless_sentence_cue(ctx, tok)
        if repaired is not None:
            return repaired
    with_subject = _with_absolute_subject(tok)
    if _is_negated(tok) or (
        tok.dep_ in ("amod", "compound", "nmod", "acl", "csubj", "auxpass") and with_subject is None
    ):
        return None
    if _is_infinitive(tok) and not (tok.dep_ in ("xcomp", "advcl") and tok.head.lemma_.lower() in RAISING_VERBS):
        if not _purpose_speech(tok):
            return None
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
        return None
    if any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "may", "should", "must") for c in tok.children):
        return None  # hypothetical speech is not a statement
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    if tok.text[:1].isupper() and tok.i != unit.start and not _title_case_unit(ctx, unit):
        return None  # "Nobody Said It Was Easy": a title inside a sentence
    if (
        tok.tag_ == "VBN"
        and tok.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "parataxis", "relcl")
        and not any(c.dep_ == "aux" for c in tok.children)
    ):
        return None
    subject = with_subject or (find_subject(tok) if _agent(tok) is None else None)
    if subject is not None and ctx.in_quote(subject) and not ctx.in_quote(tok):
        # '… replied, "I said nothing", and called for …': the speaker is outside the quote.
        subject = next(
            (
                find_subject(a)
                for a in tok.ancestors
                if not ctx.in_quote(a) and find_subject(a) is not None and not ctx.in_quote(find_subject(a))
            ),
            None,
        )
    unit_index = ctx.unit_of_token[tok.i]
    broken_parse = ctx.unit_of_token[tok.head.i] != unit_index or ctx.broken[unit_index]
    if subject is not None and ctx.unit_of_token[subject.i] != unit_index:
        # The parse ran across a line break or sentence end ("File photo by …\n\nX said").
        subject, broken_parse = None, True
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if passive:
        broken_parse = False  # "the ministry was warned that …": the ministry was told, it did not speak
    finite_root = (
        not passive
        and tok.dep_ == "ROOT"
        and (
            tok.tag_ in ("VBD", "VBZ", "VBP")
            or (tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children))
        )
    )
    if (
        subject is None
        and broken_parse
        and ((tok.tag_ == "VBG" and tok.dep_ == "advcl") or tok.dep_ == "conj")
        and tok.head.pos_ == "VERB"
    ):
        # "X ordered Y to leave, accusing him of …" / "X rejected the offer and warned …" parsed into a glued
        # headline: the head verb's subject
        head = tok.head
        if head.i < tok.i and ctx.unit_of_token[head.i] == unit_index:
            found = find_subject(head)
            subject = (
                found if found is not None and ctx.unit_of_token[found.i] == unit_index else _left_subject(ctx, head)
            )
    if subject is None and (broken_parse or finite_root):
        # A finite reporting verb has a subject even when the parse hid it in an apposition.
        subject = _left_subject(ctx, tok)
        if subject is None and tok.tag_ == "VBG":
            speech = next((a for a in tok.ancestors if a.lemma_.lower() in _SPEECH_LEMMAS and a.i < tok.i), None)
            if (
                speech is None
                and tok.dep_ == "advcl"
                and tok.head.i < tok.i
                and tok.head.pos_ == "VERB"
                and tok.head.dep_ == "ROOT"
            ):
                speech = tok.head  # "The board fined the bank …, saying …" after a glued headline
            if speech is not None and ctx.unit_of_token[speech.i] == unit_index:
                subject = find_subject(speech)
                if subject is None or ctx.unit_of_token[subject.i] != unit_index:
                    subject = _left_subject(ctx, speech)
    passive_report = False
    if subject is None:
        subject = _agent(tok)
        if subject is not None and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
            # "…, as stated by X": X said the clause this one hangs on.
            cand = Candidate(cue=tok, cue_text=_cue_text(tok), kind=CLAIM, subject=subject)
            left, right = tok.left_edge.i, tok.right_edge.i
            clause = [t for t in tok.head.subtree if t.i < left] or [t for t in tok.head.subtree if t.i > right]
            cand.content = _clip(_runs(_trim_punct(clause)), unit)
            return cand if cand.content else None
    if subject is None:
        passive_report = _passive_report(tok)
        if not passive_report:
            return None
    cue_text = _cue_text(tok)
    if subject is not None and (subject.lemma_.lower() in PRESCRIPTIVE_SOURCES or subject.ent_type_ == "LAW"):
        return None  # "the Act says drivers must slow down" prescribes; nobody is reported as saying it
    cand = Candidate(cue=tok, cue_text=cue_text, kind=DENIAL if is_denial else CLAIM, subject=subject)
    cand.unnamed = passive_report
    if with_subject is not None:
        cand.speaker_bounds = (with_subject.left_edge.i, tok.i)
    cand.in_quote = ctx.in_quote(tok)
    cand.is_relay = lemma in RELAY_VERBS
    if (is_denial or is_reject) and tok.dep_ != "relcl":
        noun = _allegation_before(tok)
        if noun is not None:
            return _noun_denial(ctx, tok, noun, cand)
    if tok.dep_ == "relcl" and tok.head.lemma_.lower() in ALLEGATION_NOUNS and (is_denial or is_reject):
        # "…, a claim X also denied": the noun is what is denied.
        noun = tok.head
        cand.kind = DENIAL
        cand.target = _np_text(noun, stop=tok.left_edge)
        cand.target_reference = True
        cand.content = _runs([t for t in noun.subtree if t.i < tok.i and t.i >= noun.left_edge.i])
        cand.noun_span = (noun.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))
        cand.origin = "noun"
        return cand
    if tok.dep_ == "relcl":
        if subject is not None and subject.lower_ in ("who", "which", "that"):
            return None
        relative_claim = _relative_claim(tok)
        if relative_claim is not None:
            # "a pledge Marlowe said would blow a hole in the budget": the noun is the clause's subject.
            cand.content = _clip(relative_claim, ctx.units[ctx.unit_of_token[tok.i]])
            return cand if cand.content else None
        if subject is not None and subject.i == tok.head.i:
            pass
        elif not _is_wh_relative(tok):
            return None
    content = _content_of(tok, lemma, cand, is_reject, is_character, is_attitude)
    if content is None:
        return None
    if not content and subject is not None:
        content = _parenthetical_content(ctx, tok, subject)
    cand.content = _clip(content, ctx.units[ctx.unit_of_token[tok.i]])
    if content and not cand.content:
        return None
    return cand


def _clip(runs: list[tuple[int, int]], unit: Unit) -> list[tuple[int, int]]:
    """Content stays inside the cue's sentence even when the parse runs past a line break."""
    out = []
    for s, e in runs:
        s, e = max(s, unit.start_char), min(e, unit.end_char)
        if e > s:
            out.append((s, e))
    return out


def _allegation_before(tok: Token) -> Token | None:
    """ ", a claim X denied" that the parser did not read as a relative clause."""
    doc = tok.doc
    for j in range(tok.i - 1, max(tok.i - 7, 1), -1):
        noun = doc[j]
        if noun.lemma_.lower() in ALLEGATION_NOUNS and noun.pos_ == "NOUN":
            det = doc[j - 1]
            if det.lower_ in ("a", "an", "the") and j >= 2 and doc[j - 2].text in (",", "—", "–"):
                return noun
            return None
        if noun.is_punct:
            return None
    return None


def _mistagged_parenthetical(ctx: Context, tok: Token) -> Candidate | None:
    """ "…, the speaker of parliament announces." with the verb tagged as a plural noun."""
    if tok.lower_ not in _CLAIM_S_FORMS or ctx.in_quote(tok):
        return None
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    rest = [t for t in ctx.doc[tok.i + 1 : unit.end] if not t.is_punct]
    if rest:
        return None  # only at the end of its sentence
    comma = next((t for t in reversed(ctx.doc[unit.start : tok.i]) if t.text == ","), None)
    if comma is None or comma.i <= unit.start or tok.i - comma.i > 8:
        return None
    if ctx.doc[tok.i - 1].pos_ not in ("NOUN", "PROPN"):
        return None
    # The noun phrase between the comma and the verb: "the speaker of parliament".
    subject = next((t for t in ctx.doc[comma.i + 1 : tok.i] if t.pos_ in ("NOUN", "PROPN")), None)
    if subject is None:
        return None
    cand = Candidate(cue=tok, cue_text=tok.text, kind=CLAIM, subject=subject)
    cand.speaker_bounds = (comma.i + 1, tok.i)
    cand.content = _runs(_trim_punct(list(ctx.doc[unit.start : comma.i])))
    return cand if cand.content else None


def _mistagged_noun_denial(ctx: Context, tok: Token) -> Candidate | None:
    """ "…, a charge Kestria rejects" with "rejects" tagged as a plural noun."""
    if tok.lower_ not in _DENIAL_FORMS or ctx.in_quote(tok):
        return None
    noun = _allegation_before(tok)
    if noun is None:
        return None
    cand = Candidate(cue=tok, cue_text=tok.text, kind=DENIAL, subject=None)
    return _noun_denial(ctx, tok, noun, cand)


def _noun_denial(ctx: Context, tok: Token, noun: Token, cand: Candidate) -> Candidate | None:
    """A denial whose target is a noun before it: "…, a charge the party rejects"."""
    subject = _left_subject(ctx, tok)
    if subject is None or subject.i <= noun.i:
        return None
    det = tok.doc[noun.i - 1]
    cand.subject = subject
    cand.kind = DENIAL
    cand.target = tok.doc[det.i : noun.i + 1].text
    cand.target_reference = True
    cand.content = [(det.idx, noun.idx + len(noun.text))]
    cand.noun_span = (tok.doc[det.i - 1].idx, tok.idx + len(tok.text))
    cand.origin = "noun"
    cand.speaker_bounds = (noun.i + 1, tok.i)
    return cand


def _evidence_candidate(ctx: Context, tok: Token) -> Candidate | None:
    """ "The documents show that …", "a study found that …": a source that is a document or inquiry."""
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if clause is None and tok.lemma_.lower() == "show":
        # "figures showed 7,000 people waiting": what the data show, as an object
        clause = next(
            (c for c in tok.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN", "NUM")), None
        ) or next(
            (
                c
                for c in tok.children
                if c.dep_ in ("advcl", "xcomp")
                and c.i > tok.i
                and any(d.dep_ == "nsubj" and d.i < c.i for d in c.children)
            ),
            None,
        )
    if subject is None or clause is None or _is_negated(tok) or ctx.in_quote(tok):
        return None
    if subject.lemma_.lower() not in EVIDENCE_NOUNS and subject.lower_ not in EVIDENCE_NOUNS:
        return None
    cand = Candidate(cue=tok, cue_text=tok.text, kind=CLAIM, subject=subject)
    cand.content = _clip(_same_side(clause, tok), ctx.units[ctx.unit_of_token[tok.i]])
    return cand if cand.content else None


def _parenthetical_content(ctx: Context, tok: Token, subject: Token) -> list[tuple[int, int]]:
    """ "…, the Post reported on Thursday" when the parse tied the verb elsewhere: the words
    before the comma are what was reported."""
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    left = subject.left_edge.i
    if not (unit.start < left < tok.i) or ctx.doc[left - 1].text != "," or ctx.in_quote(ctx.doc[left - 2]):
        return []
    if any(t.pos_ in ("VERB", "AUX") for t in ctx.doc[left : tok.i]):
        return []
    after = ctx.text[tok.idx : unit.end_char]
    if ":" in after or any(q in after for q in QUOTE_CHARS):
        return []  # 'Asked about it, X said: "…"' introduces a quote instead
    before = _trim_punct(list(ctx.doc[unit.start : left - 1]))
    if (
        len(before) < 3
        or ctx.text[before[-1].idx + len(before[-1].text) : left].count('"')
        or any(ctx.in_quote(t) for t in before)
    ):
        return []
    return _runs(before)


def _verbless_sentence_cue(ctx: Context, tok: Token) -> Candidate | None:
    """ "The deputy leader, Jane Smith, accused ministers of …" parsed with no verb at all."""
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    tokens = ctx.doc[unit.start : unit.end]
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ == "ROOT" for t in tokens):
        return None
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None or root.i > tok.i or root.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = tok.lemma_.lower()
    if lemma not in _SPEECH_LEMMAS | CHARACTERISE_VERBS:
        return None
    after = _trim_punct([t for t in tokens if t.i > tok.i])
    if not after:
        return None
    cand = Candidate(cue=tok, cue_text=tok.text, kind=DENIAL if lemma in DENIAL_VERBS else CLAIM, subject=root)
    cand.speaker_bounds = (unit.start, tok.i)
    parsed = _content_of(tok, lemma, cand, lemma in REJECT_VERBS, lemma in CHARACTERISE_VERBS, False)
    if parsed is None and lemma not in CLAIM_VERBS | DENIAL_VERBS:
        return None
    cand.content = parsed or _runs(after)
    return cand


def _title_case_unit(ctx: Context, unit: Unit) -> bool:
    """A sentence written in title case (a headline repeated in the body)."""
    words = [t for t in ctx.doc[unit.start : unit.end] if t.is_alpha and len(t.text) > 3]
    return bool(words) and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def _relative_claim(tok: Token) -> list[tuple[int, int]] | None:
    """ "(a pledge) X said would cost …": the relative's head noun with the clause X said about it."""
    clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if clause is None:
        return None
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "a fund, which she said would reconnect 200 villages": the relative pronoun stands for the noun
    relative = [c for c in subjects if c.lower_ in ("which", "that", "who") and c.i < tok.i]
    if len(relative) != len(subjects):
        return None
    noun = tok.head
    modifiers = [c for c in noun.children if c.i < noun.i and c.dep_ in ("det", "amod", "compound", "poss", "nummod")]
    start = min([noun.i] + [m.left_edge.i for m in modifiers])
    head_tokens = [t for t in noun.doc[start : noun.i + 1]]
    dropped = {r.i for r in relative}
    return _runs(head_tokens + [t for t in clause.subtree if t.i not in dropped])


def _is_wh_relative(tok: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in ("who", "which") for c in tok.children)


def _passive_report(tok: Token) -> bool:
    """ "…, it was reported" / "it was announced that …": a report naming no source.
    Hearsay ("it is said that …", "it is claimed …") is no attribution."""
    if tok.lemma_.lower() not in ("report", "announce", "confirm"):
        return False
    has_auxpass = any(c.dep_ == "auxpass" for c in tok.children)
    expletive = any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in tok.children)
    return has_auxpass and expletive


def _cue_text(tok: Token) -> str:
    """The cue as written, with its particle ("pointed out", "brushed off")."""
    parts = [tok] + [c for c in tok.children if c.dep_ == "prt"]
    parts.sort(key=lambda t: t.i)
    return " ".join(t.text for t in parts)


def _content_of(
    tok: Token, lemma: str, cand: Candidate, is_reject: bool, is_character: bool, is_attitude: bool
) -> list[tuple[int, int]] | None:
    """What a reporting verb reports: [] for a bare cue, None when it is no cue here."""
    # Only dependents inside the cue's own sentence: a headline without a full stop is parsed into the next one.
    children = [c for c in tok.children if not _line_break_between(tok, c)]
    clauses = [c for c in children if c.dep_ == "ccomp"]
    if lemma == "make":
        # "made it clear that …"; any other "make" is no reporting verb
        clear = next((c for c in children if c.lower_ == "clear" and c.dep_ in ("ccomp", "oprd", "acomp")), None)
        if clear is None:
            return None
        clause = next((c for c in clear.subtree if c.dep_ in ("ccomp", "advcl") and c.i > clear.i), None)
        if clause is None:
            return None
        cand.cue_text = f"{tok.text} clear"
        return _subtree_range(clause)
    if lemma == "call":
        prep = next(
            (
                c
                for c in children
                if c.dep_ == "prep"
                and c.lower_ in ("for", "on")
                and c.i == tok.i + 1
                and not any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree)
            ),
            None,
        )
        clause = next(
            (
                c
                for c in children
                if c.dep_ == "advcl" and any(m.lower_ == "for" for m in c.children if m.dep_ == "mark")
            ),
            None,
        )
        if prep is None and clause is not None:
            # "called for X to withdraw …" read as a clause
            cand.cue_text = f"{tok.text} for"
            return _runs([t for t in clause.subtree if t.lower_ != "for" or t.head.i != clause.i])
        if prep is not None:
            # "called for new elections", "called on the rebels to withdraw"
            cand.cue_text = f"{tok.text} {prep.text}"
            return _runs(
                [t for t in prep.subtree if t.i != prep.i]
                + [t for c in children if c.dep_ == "xcomp" for t in c.subtree]
            )
    if is_character:
        obj = next((c for c in children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None:
            return None
        falsity = _falsity_after(tok)
        # "called X a lie" has its predicate after the verb;
        # a clause before it ("…, unions have called") is no predicate
        predicate = any(c.dep_ in ("oprd", "xcomp", "ccomp", "attr") and c.i > tok.i for c in children) or any(
            c.dep_ in ("oprd", "attr", "appos", "amod") for c in obj.children if c.i > obj.i
        )
        if not falsity and not any(c.lower_ == "as" for c in tok.subtree if c.i > tok.i) and not predicate:
            return None
        if falsity:
            cand.kind = DENIAL
            predicate = next((c for c in children if c.dep_ in ("oprd", "attr", "xcomp")), None)
            if obj.tag_ in ("WP", "WDT") and predicate is not None:
                obj = predicate  # "what it called false claims that …"
            cand.target = _np_text(obj)
            # Only "the claims"/"it" name an earlier claim; "the office's response" may not be one.
            cand.target_reference = (
                obj.lemma_.lower() in ALLEGATION_NOUNS
                or obj.pos_ == "PRON"
                or any(c.lemma_.lower() in ALLEGATION_NOUNS for c in obj.subtree)
            )
        right = [c for c in children if c.i > tok.i and c.dep_ not in ("conj", "cc", "punct", "advcl")]
        return _runs([t for c in right for t in c.subtree])
    if is_attitude:
        obj = next((c for c in children if c.dep_ == "dobj" and c.lemma_.lower() in ATTITUDE_NOUNS), None)
        clause = _has_that_clause(obj) if obj is not None else None
        if clause is None:
            return None
        cand.cue_text = f"{tok.text} {obj.text}"
        return _subtree_range(clause)
    if not clauses and lemma in CLAIM_VERBS and not is_reject:
        misread = _that_clause_read_as_relative(tok, children)
        if misread is not None:
            return misread
    if clauses:
        runs: list[tuple[int, int]] = []
        for clause in clauses:
            runs.extend(_same_side(clause, tok))
        for conj in children:
            if (
                conj.dep_ == "conj"
                and conj.pos_ in ("VERB", "AUX")
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in conj.children)
            ):
                runs.extend(_subtree_range(conj))
        if is_reject:
            cand.kind = DENIAL
        return runs
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if lemma == "push":
        # "pushed back on claims that …"; any other "push" is no reporting verb
        if not any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in children):
            return None
        prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in ("on", "against")), None)
        target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if target is None or target.lemma_.lower() not in ALLEGATION_NOUNS:
            return None
        cand.kind = DENIAL
        cand.cue_text = f"{tok.text} back"
        cand.target = _np_text(target)
        cand.target_reference = _has_that_clause(target) is None
        return _subtree_range(target)
    if cand.kind == DENIAL and obj is not None and obj.lemma_.lower() in REFUSED_THINGS:
        return None  # "the court denied bail" refuses something; it denies no proposition
    if cand.kind == DENIAL or is_reject:
        if obj is None and is_reject and _falsity_after(tok):
            # 'rejected as "fraudulent" the results …' (the object parsed under the adjective)
            cand.kind = DENIAL
            right = [t for t in tok.subtree if t.i > tok.i and not _line_break_between(tok, t)]
            nouns = [t for t in right if t.dep_ == "dobj"]
            cand.target = _np_text(nouns[0]) if nouns else None
            return _runs(_trim_punct(right))
        if obj is None:
            return [] if cand.kind == DENIAL else None
        that_clause = _has_that_clause(obj)
        demonstrative = any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those") for c in obj.children)
        # "dismissed that promise", "rejected this condition": what someone just said, refused by reference
        referred = demonstrative and obj.lemma_.lower() in COMMITMENT_WORDS | PROPOSAL_NOUNS
        allegation = obj.lemma_.lower() in ALLEGATION_NOUNS or obj.lower_ in ("it", "this", "that", "them") or referred
        dismissed_as = lemma in ("dismiss", "brush", "wave") and any(
            c.dep_ == "prep" and c.lower_ == "as" for c in list(children) + list(obj.children)
        )
        if is_reject and not (allegation or that_clause is not None or dismissed_as or _falsity_after(tok)):
            return None
        cand.kind = DENIAL
        cand.target = _np_text(obj)
        cand.target_reference = allegation and that_clause is None
        _note_target(cand, obj)
        return _subtree_range(obj)
    xcomp = next((c for c in children if c.dep_ == "xcomp" and _is_infinitive(c)), None)
    if xcomp is not None and lemma in INFINITIVE_CONTENT_VERBS:
        if obj is not None and obj.i < xcomp.i:
            # "urged all sides to protect civilians": who is urged belongs to what was said
            return _runs(list(obj.subtree) + list(xcomp.subtree))
        return _subtree_range(xcomp)
    to_phrase = next((c for c in children if c.dep_ == "prep" and c.lower_ == "to" and c.i == tok.i + 1), None)
    if to_phrase is not None and lemma in INFINITIVE_CONTENT_VERBS and any(t.pos_ == "VERB" for t in to_phrase.subtree):
        # "pledged to double incomes" misparsed as a preposition.
        return _subtree_range(to_phrase)
    if (
        obj is not None
        and lemma in OBJECT_CONTENT_VERBS
        and obj.pos_ in ("NOUN", "PROPN")
        and not obj.ent_type_ == "PERSON"
    ):
        return _subtree_range(obj)
    at = next((c for c in children if c.dep_ == "prep" and c.lower_ == "at" and c.i > tok.i), None)
    if obj is not None and lemma in ("estimate", "put") and at is not None and any(t.like_num for t in at.subtree):
        # "estimated the crowd at 40,000": the figure is what was said
        return _runs(list(obj.subtree) + list(at.subtree))
    if lemma in ("accuse", "blame"):
        # "accused X of Y", "blamed the attack on rebels"
        if obj is None:
            return None
        return _runs(
            [t for c in children if c.i > tok.i and c.dep_ not in ("punct", "cc", "conj", "advcl") for t in c.subtree]
        )

    if tok.dep_ == "parataxis" or (tok.dep_ in ("ccomp", "advcl") and tok.i > tok.head.i and _between_commas(tok)):
        head = tok.head
        return _runs([t for t in head.subtree if t.i not in {x.i for x in tok.subtree}])
    # A bare cue ("…," he said. / he told a reporter: "…"); a quote may give it content.
    if lemma in ADDRESSEE_VERBS or lemma in CLAIM_VERBS:
        return []
    return None


def _that_clause_read_as_relative(tok: Token, children: list[Token]) -> list[tuple[int, int]] | None:
    """ "told reporters outside the talks that members had run out of patience": the parser hung the
    that-clause on the last noun as a relative clause; after a reporting verb it is what was said."""
    for prep in children:
        if prep.dep_ != "prep" or prep.i < tok.i:
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj":
                continue
            for rel in noun.children:
                # also "said in a statement that …", a that-clause hung on the document it was said in
                if rel.dep_ not in ("relcl", "acl") or rel.left_edge.i != noun.i + 1 or rel.left_edge.lower_ != "that":
                    continue
                if rel.dep_ == "acl" and prep.lower_ not in ("in", "at", "during"):
                    continue  # "pushed back on claims that …": a noun with its own that-clause
                if not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "that" for c in rel.children):
                    continue
                return _runs([t for t in rel.subtree if t.i != rel.left_edge.i])
    return None


_FIGURE_WORDS = frozenset(
    "figure figures number numbers estimate estimates statistic statistics data count tally forecast projection".split()
)


def _names_a_figure(target: str | None) -> bool:
    """Whether a denied phrase names a number someone gave ("the minister's figures")."""
    return bool(target) and any(w.lower() in _FIGURE_WORDS for w in re.findall(r"\w+", target or ""))


def _note_owner(cand: Candidate, noun: Token) -> None:
    """Whose words a denied noun names ("the minister's figures"), when it says."""
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
    if owner is not None and cand.target_owner is None:
        cand.target_owner = owner.text


def _note_target(cand: Candidate, obj: Token) -> None:
    """Remember whose words a denied phrase names and its content words, to find the claim it denies."""
    owner = next((c for c in obj.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
    if owner is None:
        prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("from", "by")), None)
        owner = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if owner is not None:
        cand.target_owner = owner.text
    cand.target_lemmas = frozenset(
        t.lemma_.lower()
        for t in obj.subtree
        if (t.is_alpha or t.like_num)
        and not t.is_stop
        and t.lemma_.lower() not in ALLEGATION_NOUNS
        and (owner is None or t.i not in {o.i for o in owner.subtree})
    )


def _between_commas(tok: Token) -> bool:
    left = tok.left_edge.i - 1
    return left >= 0 and tok.doc[left].text in (",", "—", "–")


def _np_text(head: Token, stop: Token | None = None) -> str:
    """A noun phrase's text, without a trailing ", calling them …" clause or "as …"/"in …" phrase."""
    for child in head.children:
        if (
            child.i > head.i
            and child.dep_ == "prep"
            and child.lower_ in ("as", "in", "on", "during", "at", "after", "before")
        ):
            stop = child if stop is None or child.i < stop.i else stop
    for child in head.subtree:
        set_off_relative = (
            child.dep_ == "relcl" and child.left_edge.i > 0 and head.doc[child.left_edge.i - 1].text == ","
        )
        if child.i > head.i and (
            set_off_relative or (child.dep_ in ("advcl", "acl", "relcl", "conj") and child.tag_ == "VBG")
        ):
            left = child.left_edge.i
            if left > 0 and head.doc[left - 1].text == ",":
                stop = head.doc[left - 1] if stop is None or left - 1 < stop.i else stop
    tokens = [t for t in head.subtree if (stop is None or t.i < stop.i) and not _line_break_between(head, t)]
    tokens = [t for t in tokens if not t.is_punct and not t.is_space]
    if not tokens:
        return head.text
    return head.doc[tokens[0].i : tokens[-1].i + 1].text


def _noun_claim_candidates(ctx: Context, unit: Unit) -> list[Candidate]:
    """ "Biden's claim that …", "the minister's warning that …": a claim named by a noun."""
    out = []
    for tok in ctx.doc[unit.start : unit.end]:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in CLAIM_NOUNS or ctx.in_quote(tok):
            continue
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
        clause = _has_that_clause(tok)
        if owner is None or clause is None:
            continue
        cand = Candidate(cue=tok, cue_text=tok.text, kind=CLAIM, subject=owner, origin="noun")
        cand.content = _clip(_runs([t for t in clause.subtree]), unit)
        cand.speaker_bounds = (owner.left_edge.i, owner.i + 1)
        if cand.content:
            out.append(cand)
    return out


def _according_candidates(ctx: Context, unit: Unit) -> list[Candidate]:
    """ "according to X, …" and "…, according to X": X said the rest of the clause."""
    out = []
    doc = ctx.doc
    for tok in doc[unit.start : unit.end]:
        if tok.lower_ != "according" or ctx.in_quote(tok):
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if source is None:
            continue
        pp = {t.i for t in tok.subtree} | {t.i for t in to.subtree}
        head = tok.head if tok.head.i != tok.i else None
        if head is None:
            continue
        # Sentence-level scope: the clause it modifies, or the whole unit when it heads it.
        # The whole sentence is what the source says; a reporting verb in it makes the source a relay instead.
        scope = [t for t in doc[unit.start : unit.end] if t.i not in pp]
        scope = _trim_punct(scope)
        if not scope:
            continue
        cand = Candidate(cue=tok, cue_text="according to", kind=CLAIM, subject=source, origin="according")
        cand.content = _clip(_runs(scope), unit)
        out.append(cand)
    return out


def _trim_punct(tokens: list[Token]) -> list[Token]:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space) and tokens[0].text not in QUOTE_CHARS:
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in QUOTE_CHARS:
        tokens.pop()
    return tokens


def _relays_in(ctx: Context, unit: Unit) -> list[tuple[Token, str]]:
    """Outlets cited in a sentence: "Per X,", "as quoted by X", "X reported"."""
    out = []
    doc = ctx.doc
    for tok in doc[unit.start : unit.end]:
        if ctx.in_quote(tok):
            continue
        if tok.lower_ == "per" and tok.dep_ == "prep":
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                out.append((tok, _outlet_name(pobj)))
        if tok.lemma_.lower() == "tell" or tok.lemma_.lower() == "interview":
            # "told the agency", "in an interview with a broadcaster": the outlet that carried the words.
            for child in tok.children:
                target = child
                if child.dep_ == "prep" and child.lower_ in ("with", "to"):
                    target = next((c for c in child.children if c.dep_ == "pobj"), child)
                elif child.dep_ not in ("dobj", "dative"):
                    continue
                institution = any(t.lower_ in INSTITUTION_WORDS for t in target.subtree)
                # "told the BBC", "told the newspaper" — not "told a news briefing"
                outlet = target.ent_type_ in ("ORG", "WORK_OF_ART") or target.lemma_.lower() in OUTLET_WORDS
                if outlet and not institution:
                    out.append((tok, _outlet_name(target)))
        if tok.lemma_.lower() in ("quote", "report", "cite", "carry") and tok.tag_ == "VBN":
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                out.append((tok, _outlet_name(pobj)))
    return out


def _outlet_name(head: Token) -> str:
    """The outlet an "according to"/"per" phrase names: its ORG entity, else the phrase."""
    doc = head.doc
    for tok in head.subtree:
        if tok.ent_type_ in ("ORG", "WORK_OF_ART", "GPE") and tok.ent_iob_ == "B":
            end = tok.i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            text = doc[tok.i : end].text
            return text[4:] if text.lower().startswith("the ") else text
    text = _np_text(head)
    return text[4:] if text.lower().startswith("the ") else text


def _looks_like_outlet(head: Token) -> bool:
    """An outlet is named as a source: "The Times", "state-run news agency", "CNN"."""
    if head.ent_type_ == "PERSON" or any(t.ent_type_ == "PERSON" for t in head.subtree):
        return False
    if head.pos_ == "NOUN" and (head.lemma_.lower() in EVIDENCE_NOUNS or head.lemma_.lower() in DOCUMENT_NOUNS):
        return False  # "a study published in a journal" is the source itself, not an outlet relaying it
    words = {t.lower_ for t in head.subtree}
    if words & OUTLET_WORDS:
        return True
    return False


# ------------------------------------------------------------------ assembly


def _collect(ctx: Context) -> list[Candidate]:
    """Every cue candidate in the doc, before quotes are attached."""
    cands: list[Candidate] = []
    for ui, unit in enumerate(ctx.units):
        for tok in ctx.doc[unit.start : unit.end]:
            cand = (
                _verb_candidate(ctx, tok)
                if tok.pos_ == "VERB"
                else _mistagged_noun_denial(ctx, tok) or _mistagged_parenthetical(ctx, tok)
            )
            if cand is not None:
                cand.first_unit = cand.last_unit = ui
                cands.append(cand)
        for cand in _according_candidates(ctx, unit) + _noun_claim_candidates(ctx, unit):
            cand.first_unit = cand.last_unit = ui
            cands.append(cand)
    return cands


def _attach_quotes(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """Give quotes to the cues that introduce them; continue speakers over follow-on quotes."""
    consumed: dict[int, Candidate] = {}
    # Quotes inside a cue's parsed content belong to it ("X said Y was "very good"").
    for cand in cands:
        if cand.in_quote or not cand.content:
            continue
        for qi, quote in enumerate(ctx.quotes):
            if qi in consumed or ctx.quote_of_token[cand.cue.i] == qi:
                continue
            if _overlaps(cand.content, quote.inner_start, quote.inner_end):
                _give_quote(ctx, cand, qi)
                consumed[qi] = cand
    for qi in range(len(ctx.quotes)):
        if qi in consumed:
            continue
        owner = _quote_owner(ctx, cands, qi, consumed)
        if owner is None:
            owner = _colon_attribution(ctx, qi)
            if owner is not None:
                cands.append(owner)
        if owner is not None:
            split = (qi - 1) in consumed and consumed[qi - 1] is owner and _split_quote(ctx, owner, qi)
            if (not owner.content or split) and owner.follows is None and owner in cands:
                _give_quote(ctx, owner, qi)
            else:
                owner = _follow_on(ctx, owner, qi)
                cands.append(owner)
            consumed[qi] = owner
    # '"First part.\n\n"Second part," she said.': an unclosed quote takes the speaker of its continuation.
    for qi in range(len(ctx.quotes) - 2, -1, -1):
        quote, following = ctx.quotes[qi], ctx.quotes[qi + 1]
        if qi in consumed or quote.closed or not following.continues or (qi + 1) not in consumed:
            continue
        owner = _follow_on(ctx, consumed[qi + 1], qi)
        cands.append(owner)
        consumed[qi] = owner
    return [c for c in cands if c.content or (c.kind == DENIAL and c.target) or (c.is_relay and c.subject is not None)]


_TIMESTAMP = re.compile(r"^\s*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:GMT|BST|ET|UTC)?\s*[—–-]\s*)?")


def _colon_attribution(ctx: Context, qi: int) -> Candidate | None:
    """'Party leader Tom Smith: "We have made our demands clear."' (live blogs, summaries)."""
    quote = ctx.quotes[qi]
    unit = ctx.units[ctx.unit_at_char(quote.inner_start)]
    lead = ctx.text[unit.start_char : quote.start]
    lead = lead[_TIMESTAMP.match(lead).end() :] if _TIMESTAMP.match(lead) else lead
    if not lead.rstrip().endswith(":") or len(lead.split()) > 10:
        return None
    start = quote.start - len(lead)
    span = ctx.doc.char_span(start, start + len(lead.rstrip()) - 1, alignment_mode="contract")
    if span is None or len(span) == 0 or any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    head = span[-1]
    if head.pos_ not in ("PROPN", "NOUN"):
        return None
    colon = ctx.doc[span.end] if span.end < len(ctx.doc) else head
    cand = Candidate(cue=colon, cue_text="said", kind=CLAIM, subject=head, origin="colon")
    cand.speaker_bounds = (span.start, span.end)
    cand.first_unit = cand.last_unit = ctx.unit_of_token[head.i]
    _give_quote(ctx, cand, qi)
    return cand


def _overlaps(runs: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in runs)


def _give_quote(ctx: Context, cand: Candidate, qi: int) -> None:
    quote = ctx.quotes[qi]
    if cand.origin == "verb" and cand.cue.idx >= quote.end:
        # '"…," X said, who …': what follows the cue is not what was said.
        cand.content = [(s, min(e, cand.cue.idx)) for s, e in cand.content if s < cand.cue.idx]
        if cand.subject is not None and quote.end <= cand.subject.idx < cand.cue.idx:
            # '"…," the director, Jane Smith, said': the speaker between quote and cue is not content.
            cand.content = _cut(cand.content, (quote.end, cand.cue.idx))
    # The parse's version of the quoted words gives way to the quote itself (marks excluded).
    cand.content = _cut(cand.content, (quote.start, quote.end))
    before = sum(e - s for s, e in cand.content)
    cand.content = _merge_runs(cand.content + [(quote.inner_start, quote.inner_end)])
    cand.quotes.append(qi)
    total = sum(e - s for s, e in cand.content)
    quoted = sum(ctx.quotes[q].inner_end - ctx.quotes[q].inner_start for q in cand.quotes)
    cand.direct = quoted >= 0.6 * total or before == 0
    cand.first_unit = min(cand.first_unit, ctx.unit_at_char(quote.inner_start))
    cand.last_unit = max(cand.last_unit, ctx.unit_at_char(max(quote.inner_end - 1, quote.inner_start)))


def _merge_runs(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(runs):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _quote_owner(ctx: Context, cands: list[Candidate], qi: int, consumed: dict[int, Candidate]) -> Candidate | None:
    """The cue a quote belongs to: next to it, or the speaker of the quote before it."""
    quote = ctx.quotes[qi]
    end_unit = ctx.unit_at_char(max(quote.inner_end - 1, quote.inner_start))
    start_unit = ctx.unit_at_char(quote.inner_start)
    next_quote_start = ctx.quotes[qi + 1].start if qi + 1 < len(ctx.quotes) else len(ctx.text)
    after = [
        c
        for c in cands
        if not c.in_quote
        and c.origin == "verb"
        and quote.end <= c.cue.idx < next_quote_start
        and (not c.content or c.content_start >= quote.inner_start and c.content_end <= quote.end + 1)
        and (c.last_unit == end_unit or _adjacent_after(ctx, quote, c))
    ]
    if after:
        return min(after, key=lambda c: c.cue.i)
    prev_quote_end = ctx.quotes[qi - 1].end if qi > 0 else 0
    if qi > 0 and (qi - 1) in consumed and _split_quote(ctx, consumed[qi - 1], qi):
        return consumed[qi - 1]
    before = [
        c
        for c in cands
        if not c.in_quote
        and c.first_unit == start_unit
        and prev_quote_end <= c.cue.idx < quote.start
        and not c.content
        and c.origin == "verb"
    ]
    if before:
        return max(before, key=lambda c: c.cue.i)
    # A quote right after an introducing sentence that ends with a colon.
    if start_unit > 0 and ctx.text[ctx.units[start_unit - 1].end_char - 1 : ctx.units[start_unit - 1].end_char] == ":":
        intro = [c for c in cands if c.last_unit == start_unit - 1 and not c.in_quote and c.origin == "verb"]
        if intro:
            return intro[-1]
    # A follow-on quote: same paragraph as an attributed quote, or continuing one.
    for pj in range(qi - 1, -1, -1):
        prev = ctx.quotes[pj]
        owner = consumed.get(pj)
        if owner is None:
            continue
        # A fragment inside someone else's sentence ('These leaks "do not reflect reality"') is no follow-on.
        same_para = prev.para == quote.para and _quote_is_sentence(ctx, quote)
        continued = quote.continues and pj == qi - 1
        new_para_quote = (
            pj == qi - 1
            and prev.para < quote.para
            and _quote_opens_paragraph(ctx, quote)
            and _only_quote_in_units(ctx, qi)
            and owner.last_unit >= _last_unit_of_para(ctx, prev.para)
        )
        if same_para or continued or new_para_quote:
            return owner
        break
    return _paragraph_after_attribution(ctx, cands, qi)


def _paragraph_after_attribution(ctx: Context, cands: list[Candidate], qi: int) -> Candidate | None:
    """A paragraph that is only a quote, right after a paragraph ending in a person's statement."""
    quote = ctx.quotes[qi]
    if not (_quote_opens_paragraph(ctx, quote) and _only_quote_in_units(ctx, qi)):
        return None
    start_unit = ctx.unit_at_char(quote.inner_start)
    if start_unit == 0:
        return None
    previous = start_unit - 1
    if ctx.units[previous].para == ctx.units[start_unit].para:
        return None
    last = [c for c in cands if c.last_unit == previous and c.origin == "verb" and not c.in_quote and c.content]
    if not last:
        return None
    return max(last, key=lambda c: c.cue.i)


def _split_quote(ctx: Context, owner: Candidate, qi: int) -> bool:
    """'"A," she said, "but B."': one quote cut in two by its attribution."""
    if owner.origin != "verb" or owner.follows is not None or qi == 0:
        return False
    prev_end = ctx.quotes[qi - 1].end
    start = ctx.quotes[qi].start
    between = ctx.text[prev_end:start]
    return prev_end <= owner.cue.idx < start and between.rstrip().endswith(",") and "\n" not in between


def _adjacent_after(ctx: Context, quote: Quote, cand: Candidate) -> bool:
    """'"…" he told a reporter' split into two sentences: only punctuation lies between."""
    first = min(cand.cue.idx, cand.subject.idx if cand.subject is not None else cand.cue.idx)
    gap = ctx.text[quote.end : first]
    return len(gap) < 4 and not re.search(r"\w|\n", gap)


def _quote_is_sentence(ctx: Context, quote: Quote) -> bool:
    """A quote that opens its sentence, or fills most of it."""
    unit = ctx.units[ctx.unit_at_char(quote.inner_start)]
    if quote.start <= unit.start_char + 1:
        return True
    return (quote.inner_end - quote.inner_start) >= 0.6 * (unit.end_char - unit.start_char)


def _quote_opens_paragraph(ctx: Context, quote: Quote) -> bool:
    unit = ctx.units[ctx.unit_at_char(quote.inner_start)]
    return unit.start_char >= quote.start - 1 and (
        ctx.unit_at_char(quote.inner_start) == 0 or ctx.units[ctx.unit_at_char(quote.inner_start) - 1].para != unit.para
    )


def _only_quote_in_units(ctx: Context, qi: int) -> bool:
    quote = ctx.quotes[qi]
    last = ctx.units[ctx.unit_at_char(max(quote.inner_end - 1, quote.inner_start))]
    tail = ctx.text[quote.end : last.end_char].strip()
    return len(tail) <= 2


def _last_unit_of_para(ctx: Context, para: int) -> int:
    last = 0
    for ui, unit in enumerate(ctx.units):
        if unit.para == para:
            last = ui
    return last


def _follow_on(ctx: Context, owner: Candidate, qi: int) -> Candidate:
    """A quote without its own cue, spoken by the speaker of `owner`."""
    quote = ctx.quotes[qi]
    root = owner.follows or owner
    cand = Candidate(
        cue=root.cue,
        cue_text=root.cue_text,
        kind=CLAIM,
        subject=root.subject,
        origin="quote",
        follows=root,
        relay=root.relay,
    )
    cand.content = [(quote.inner_start, quote.inner_end)]
    cand.quotes = [qi]
    cand.direct = True
    cand.first_unit = ctx.unit_at_char(quote.inner_start)
    cand.last_unit = ctx.unit_at_char(max(quote.inner_end - 1, quote.inner_start))
    return cand


def _resolve_nesting(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """One statement per attribution: an outlet's report yields its source's words with a relay."""
    keep: list[Candidate] = []
    dropped: set[int] = set()
    for outer in cands:
        if id(outer) in dropped:
            continue
        # "according to the Post, X said …" relays X;
        # "according to two officials, X proposed …" is the officials' account
        if outer.second_source:
            continue
        relay_like = (
            outer.is_relay
            or (outer.origin == "according" and _according_relays(ctx, outer))
            or (outer.subject is not None and _looks_like_outlet(outer.subject))
        )
        nested = [
            c
            for c in cands
            if c is not outer
            and c.origin in ("verb", "noun")
            and (relay_like or not c.in_quote or ctx.in_quote(outer.cue))
            and _overlaps(outer.content, c.cue.idx, c.cue.idx + 1)
            and c.subject is not None
        ]
        outer_subject = outer.subject.i if outer.subject is not None else -1
        separate = [
            c
            for c in nested
            if (c.subject is not None and c.subject.i == outer_subject)
            or _coordinate(c)
            or (
                c.kind == DENIAL
                and c.cue.lemma_.lower() in CHARACTERISE_VERBS
                and c.subject is not None
                and c.subject.lower_ in ("it", "they", "he", "she")
            )
        ]
        for c in separate:
            # "X said A, adding that B" / "X said A, while Y argued B": statements side by side.
            left = c.cue.left_edge
            start = left.idx
            if left.i > 0 and ctx.doc[left.i - 1].is_punct:
                start = ctx.doc[left.i - 1].idx
            right = c.cue.right_edge
            outer.content = _cut(outer.content, (start, right.idx + len(right.text)))
        inner = [c for c in nested if c.subject is not None and c not in separate]
        if not inner:
            continue
        if relay_like:
            name = _outlet_name(outer.subject) if outer.subject is not None else None
            for c in inner:
                c.relay = c.relay or name
                c.in_quote = False
                c.first_unit = min(c.first_unit, outer.first_unit)
                c.last_unit = max(c.last_unit, outer.last_unit)
            dropped.add(id(outer))
        else:
            for c in inner:
                if c.origin == "noun" and c.noun_span is not None:
                    outer.content = _cut(outer.content, c.noun_span)
                elif (
                    outer.kind == DENIAL
                    and c.kind == CLAIM
                    and (
                        c.origin == "noun"
                        or (c.subject is not None and _overlaps(outer.content, c.subject.idx, c.subject.idx + 1))
                    )
                ):
                    # "X dismissed Y's claim that …", "rejected criticism from Y, who said …": keep Y's claim
                    if c.origin != "noun":
                        left = c.cue.left_edge
                        start = ctx.doc[left.i - 1].idx if left.i > 0 and ctx.doc[left.i - 1].is_punct else left.idx
                        outer.content = _cut(outer.content, (start, c.cue.right_edge.idx + len(c.cue.right_edge.text)))
                    continue
                else:
                    dropped.add(id(c))
    for cand in cands:
        if id(cand) in dropped or (cand.in_quote and cand.origin != "quote"):
            continue
        keep.append(cand)
    return keep


def _split_second_sources(ctx: Context, cands: list[Candidate]) -> None:
    """ "X said A because B rose 38 percent, according to figures from Y": the figures state B
    themselves; they do not relay X. The trailing phrase leaves X's content and gets its own."""
    for source in cands:
        if source.origin != "according" or source.subject is None:
            continue
        if source.subject.lemma_.lower() not in EVIDENCE_NOUNS and source.subject.lower_ not in EVIDENCE_NOUNS:
            continue
        according = source.cue
        head = according.head
        speakers = [
            c
            for c in cands
            if c.origin == "verb"
            and c.cue.i < according.i
            and c.first_unit == source.first_unit
            and _overlaps(c.content, according.idx, according.idx + 1)
            and head.i != c.cue.i
        ]
        if not speakers or head.i == according.i:
            continue
        phrase = {t.i for t in according.subtree}
        # The figures back the clause just before them: a "because" clause with a number, else the phrase's head clause.
        backed = next(
            (
                c
                for c in head.children
                if c.dep_ == "advcl" and c.i < according.i and any(t.like_num for t in c.subtree)
            ),
            head,
        )
        tokens = [t for t in backed.subtree if t.i not in phrase and not (t.dep_ == "mark" and t.head.i == backed.i)]
        unit = ctx.units[source.first_unit]
        source.content = _clip(_runs(_trim_punct(tokens)), unit)
        source.second_source = True
        comma = ctx.doc[according.i - 1] if according.i > 0 and ctx.doc[according.i - 1].text == "," else according
        end = according.right_edge
        for speaker in speakers:
            speaker.content = _cut(speaker.content, (comma.idx, end.idx + len(end.text)))


def _according_relays(ctx: Context, cand: Candidate) -> bool:
    """Whether an "according to" source passes on someone's words rather than giving its own account:
    an outlet or a document does; people cited for an act they witnessed ("X proposed …") do not."""
    if cand.subject is None or _looks_like_outlet(cand.subject) or cand.subject.lemma_.lower() in DOCUMENT_NOUNS:
        return True
    unit = ctx.units[cand.first_unit]
    inner = [
        t
        for t in ctx.doc[unit.start : unit.end]
        if t.pos_ == "VERB" and t.dep_ == "ROOT" and _overlaps(cand.content, t.idx, t.idx + 1)
    ]
    # Only speech proper is relayed ("X told reporters", "X said"); a proposal or a demand is an act reported.
    return not inner or any(
        t.lemma_.lower() in ("say", "tell", "write", "state", "add", "insist", "claim", "deny") for t in inner
    )


def _coordinate(cand: Candidate) -> bool:
    """A reporting clause beside another one ("…, while critics argued …", "…, a pledge X said
    would …"), not inside it."""
    if cand.origin == "verb" and cand.cue.dep_ == "relcl" and any(c.dep_ == "nsubj" for c in cand.cue.children):
        return True
    if cand.origin != "verb" or cand.cue.dep_ not in ("advcl", "conj"):
        return False
    has_subject = any(c.dep_ == "nsubj" for c in cand.cue.children)
    marked = any(
        c.dep_ in ("mark", "cc") and c.lower_ in ("while", "whereas", "but", "although", "though", "and")
        for c in cand.cue.children
    )
    return has_subject and (marked or cand.cue.dep_ == "conj")


def _cut(runs: list[tuple[int, int]], span: tuple[int, int]) -> list[tuple[int, int]]:
    """Character runs with one span removed."""
    out = []
    for s, e in runs:
        if e <= span[0] or s >= span[1]:
            out.append((s, e))
            continue
        if s < span[0]:
            out.append((s, span[0]))
        if e > span[1]:
            out.append((span[1], e))
    return out


def _apply_cited_sources(ctx: Context, cands: list[Candidate]) -> None:
    """ "the Post reported …, citing two officials" / "the broadcaster, quoting a diplomat, said …":
    the people cited are the speakers and the outlet relays them."""
    for cand in cands:
        if cand.origin != "verb" or cand.subject is None:
            continue
        if not (cand.is_relay or _looks_like_outlet(cand.subject)):
            continue
        unit = ctx.units[ctx.unit_of_token[cand.cue.i]]
        for tok in ctx.doc[unit.start : unit.end]:
            if tok.lemma_.lower() not in ("cite", "quote") or tok.tag_ != "VBG":
                continue
            source = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if source is None:
                continue
            if _overlaps(cand.content, tok.idx, tok.idx + 1):
                # "… reported that X, citing a letter from Y": the citing phrase closes the content
                comma = ctx.doc[tok.i - 1] if tok.i > 0 else tok
                if comma.text != "," or tok.right_edge.i + 2 < unit.end:
                    continue
                cand.content = _cut(cand.content, (comma.idx, tok.right_edge.idx + len(tok.right_edge.text)))
            cand.relay = _outlet_name(cand.subject)
            cand.subject = source
            cand.speaker_bounds = (source.left_edge.i, source.right_edge.i + 1)
            cand.is_relay = False
            break


def _apply_relays(ctx: Context, cands: list[Candidate]) -> None:
    """Outlets cited elsewhere in the sentence relay each statement of it."""
    bare = [c for c in cands if c.is_relay and not c.content and c.subject is not None]
    for relay in bare:
        for cand in cands:
            if cand is not relay and cand.first_unit <= relay.first_unit <= cand.last_unit and not cand.relay:
                cand.relay = _outlet_name(relay.subject)
    for cand in cands:
        if cand.relay:
            continue
        for ui in range(cand.first_unit, cand.last_unit + 1):
            if ui not in ctx.relay_cache:
                ctx.relay_cache[ui] = _relays_in(ctx, ctx.units[ui])
            relays = [name for tok, name in ctx.relay_cache[ui] if tok.i != cand.cue.i or tok.lemma_ == "tell"]
            if relays:
                cand.relay = relays[0]
                break


def _with_headlines(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """ "X says …" headlines (title case, no full stop), which the parser often gets wrong: where the
    headline pattern matches, it replaces whatever the parse found in that line."""
    for ui, unit in enumerate(ctx.units):
        if unit.para > 0:
            break
        text = ctx.text[unit.start_char : unit.end_char]
        if text.rstrip().endswith(".") or len(text.split()) > 25:
            continue
        cand = _headline_candidate(ctx, unit, text)
        if cand is not None:
            cand.first_unit = cand.last_unit = ui
            cands = [c for c in cands if ctx.unit_of_token[c.cue.i] != ui] + [cand]
    return cands


def _headline_candidate(ctx: Context, unit: Unit, text: str) -> Candidate | None:
    stripped = text.strip().rstrip(";:")
    match = _HEADLINE.match(stripped) or _HEADLINE_COLON.match(text.strip()) or _HEADLINE_TRAILING.match(stripped)
    if not match:
        return None
    base = unit.start_char + (len(text) - len(text.lstrip()))
    if match.group("cue").lower() not in ("says", "denies", ":"):
        content = ctx.doc.char_span(base + match.start("content"), base + match.end("content"), alignment_mode="expand")
        if content is None:
            return None
        denial_family = match.group("cue").lower() in ("denies", "rejects", "dismisses", "refutes", "slams")
        # Title case hides lemmas ("Claims" as a proper noun): compare singular forms too.
        names_claim = any(
            t.lemma_.lower() in ALLEGATION_NOUNS or t.lower_.rstrip("s") in ALLEGATION_NOUNS for t in content[:3]
        )
        if not any(t.pos_ in ("VERB", "AUX") for t in content) and not (denial_family and names_claim):
            return None  # "X warns Y over Z" names no claim
    cue_start = base + match.start("cue")
    cue_span = ctx.doc.char_span(cue_start, cue_start + len(match.group("cue")), alignment_mode="expand")
    speaker_span = ctx.doc.char_span(
        base + match.start("speaker"), base + match.end("speaker"), alignment_mode="expand"
    )
    if cue_span is None or speaker_span is None:
        return None
    kind = DENIAL if match.group("cue").lower() in ("denies", "rejects", "dismisses", "refutes", "slams") else CLAIM
    cue_text = match.group("cue") if match.group("cue") != ":" else "said"
    cand = Candidate(cue=cue_span[0], cue_text=cue_text, kind=kind, subject=speaker_span[-1], origin="headline")
    cand.speaker_bounds = (speaker_span.start, speaker_span.end)
    cand.direct = match.group("cue") == ":"
    cand.content = [(base + match.start("content"), base + match.end("content"))]
    if kind == DENIAL:
        cand.target = match.group("content")
        cand.target_reference = True
    return cand


# ------------------------------------------------------------------ kinds and targets


def denial_reference(ctx: Context, cand: Candidate) -> tuple[bool, str | None]:
    """Whether the content of a claim itself denies something, and the phrase that does."""
    tokens = _content_tokens(ctx, cand)
    if not tokens:
        return False, None
    first_clause = _first_clause(ctx, tokens)
    words = [t.lower_ for t in first_clause]
    content_ids = {t.i for t in tokens}
    for i, tok in enumerate(first_clause):
        low = tok.lower_
        if low in ("no", "nothing", "never") and _in_modifier_clause(tok, content_ids):
            continue  # "padded with items that have nothing to do with X": the negation describes, it denies nothing
        if low == "no" and i + 1 < len(words) and words[i + 1] == "such":
            return True, _np_text(tok.head)
        if low == "no" and tok.dep_ == "det" and tok.head.lemma_.lower() in COMMITMENT_WORDS:
            cand.commitment_denial = True  # a denial only if someone claimed such a commitment
            return True, _np_text(tok.head)
        if (
            low == "no"
            and tok.dep_ == "det"
            and tok.head.lemma_.lower() in RIFT_NOUNS
            and any(c.dep_ == "expl" for c in tok.head.head.children)
        ):
            return True, _np_text(tok.head)  # "there was no disagreement between them" rebuts reports of a rift
        if low == "no" and tok.dep_ == "det" and tok.head.lemma_.lower() in DENIAL_IDIOM_NOUNS:
            return True, _np_text(tok.head)  # "there is no truth to the reports", "played no role in"
        if (
            low == "any"
            and tok.dep_ == "det"
            and tok.head.lemma_.lower() in COMMITMENT_WORDS
            and _negated_clause(tok.head)
        ):
            cand.commitment_denial = True
            return True, _np_text(tok.head)
        if low == "never" and tok.head.lemma_.lower() == "happen":
            subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and (
                subject.lower_ in ("this", "that", "it") or subject.lemma_.lower() in ALLEGATION_NOUNS
            ):
                return True, subject.text
        if low == "nothing" and i + 2 < len(words) and words[i + 1] == "of" and words[i + 2] in ("the", "that"):
            return True, None
        if low == "nothing" and words[i + 1 : i + 4] == ["to", "do", "with"]:
            return True, None  # "had nothing to do with the attack"
        if tok.dep_ == "ROOT" or tok.head.i not in {t.i for t in first_clause}:
            verb = tok.lemma_.lower()
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
            if (
                tok.pos_ == "VERB"
                and (verb in DENIAL_VERBS or verb in REJECT_VERBS)
                and not _is_negated(tok)
                and not passive
            ):
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if obj is not None and obj.lemma_.lower() in REFUSED_THINGS:
                    continue
                if verb in DENIAL_VERBS or (obj is not None and obj.lemma_.lower() in ALLEGATION_NOUNS):
                    return True, _np_text(obj) if obj is not None else None  # "it rejects the claims"
    if [w for w in words if w.isalpha()] == ["no"]:
        return True, None  # '"No," she replied': a flat denial
    # '"No. That's not true"': the verdict may come in the second sentence.
    opening = first_clause if len(first_clause) > 2 else tokens[: len(first_clause) + 12]
    opening = [t for t in opening if ctx.unit_of_token[t.i] <= ctx.unit_of_token[tokens[0].i] + 1]
    ids = {t.i for t in opening}
    for root in opening:
        if not _top_clause(root, content_ids):
            continue  # "was told it was impossible": a falsity reported inside the claim, not the verdict
        if root.pos_ == "VERB" and root.lemma_.lower() in FALSIFY_VERBS and not _is_negated(root):
            subject = next((c for c in root.children if c.dep_ == "nsubjpass" and c.i in ids), None)
            if subject is not None and (
                subject.lower_ in ("this", "that", "it") or subject.lemma_.lower() in ALLEGATION_NOUNS
            ):
                _note_owner(cand, subject)
                return True, _np_text(subject)  # "the figure was grossly exaggerated"
        if root.lemma_.lower() != "be" or root.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
            continue
        children = [c for c in root.children if c.i in ids]
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        preds = [c for c in children if c.dep_ in ("acomp", "attr")]
        referring = subject is not None and (
            subject.lower_ in ("this", "that", "it", "these", "those", "which")
            or subject.lemma_.lower() in ALLEGATION_NOUNS
        )
        clausal = any(c.dep_ in ("xcomp", "ccomp") and c.i in ids for p in preds for c in p.children) or any(
            c.dep_ in ("xcomp", "ccomp", "csubj") for c in children
        )
        if referring and not clausal:
            negated = any(c.dep_ == "neg" for c in children)
            for pred in preds:
                lemma = pred.lemma_.lower()
                modifiers = {c.lemma_.lower() for c in pred.children if c.dep_ in ("amod", "compound")}
                if lemma in FALSITY_WORDS or modifiers & FALSITY_WORDS or (negated and lemma in TRUTH_WORDS):
                    if subject is not None:
                        _note_owner(cand, subject)  # "the minister's figures were fiction": the minister's claim
                    return True, subject.text if subject is not None else None
    return False, None


def _in_modifier_clause(tok: Token, content_ids: set[int]) -> bool:
    """Whether a token sits in a relative or participial clause inside the content."""
    for anc in tok.ancestors:
        if anc.i not in content_ids:
            return False
        if anc.dep_ in ("relcl", "acl"):
            return True
    return False


def _top_clause(tok: Token, content_ids: set[int]) -> bool:
    """Whether a clause is the speaker's own verdict, not one reported inside the content
    ("was told it was impossible")."""
    for anc in tok.ancestors:
        if anc.i not in content_ids:
            return True
        if anc.lemma_.lower() in _SPEECH_LEMMAS or anc.lemma_.lower() in ADDRESSEE_VERBS:
            return False
    return True


def _content_tokens(ctx: Context, cand: Candidate) -> list[Token]:
    """The tokens of a candidate's content (cached: content is final once statements are built)."""
    key = (id(cand), tuple(cand.content))
    cached = ctx.content_cache.get(key)
    if cached is not None:
        return cached
    out: list[Token] = []
    for s, e in cand.content:
        out.extend(t for t in _tokens_in(ctx.doc, s, e) if not t.is_space)
    ctx.content_cache[key] = out
    return out


def _first_clause(ctx: Context, tokens: list[Token]) -> list[Token]:
    """Tokens of the content up to the end of its first sentence."""
    first_unit = ctx.unit_of_token[tokens[0].i]
    return [t for t in tokens if ctx.unit_of_token[t.i] == first_unit]


def _negated_clause(tok: Token) -> bool:
    for anc in [tok] + list(tok.ancestors):
        if anc.pos_ in ("VERB", "AUX") and _is_negated(anc):
            return True
    return False


# ------------------------------------------------------------------ statements


def _content_text(ctx: Context, cand: Candidate) -> str:
    pieces = [ctx.text[s:e] for s, e in cand.content]
    text = " ".join(p.strip() for p in pieces if p.strip())
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"^(?:,|;|:|—|–|-|\s)+", "", text)
    first = next((t for t in _content_tokens(ctx, cand)), None)
    if first is not None and first.lower_ == "that" and first.dep_ == "mark":
        text = text[len(first.text) :].lstrip()
    text = text.strip(" ,;:—–-")
    text = re.sub(r"[,;]?\s+(?:and|or|but)$", "", text)
    if not cand.direct and text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()  # reported speech ends where the sentence does
    if text.count('"') % 2 == 1:
        text = text.replace('"', "").strip()
    text = text.strip(OPEN_DOUBLE + CLOSE_DOUBLE).strip() if _unbalanced_curly(text) else text
    return text


def _unbalanced_curly(text: str) -> bool:
    return text.count(OPEN_DOUBLE) != text.count(CLOSE_DOUBLE)


def _evidence(ctx: Context, cand: Candidate) -> tuple[int, int]:
    first = ctx.units[cand.first_unit]
    last = ctx.units[cand.last_unit]
    start = min(first.start_char, cand.content_start if cand.content_start >= 0 else first.start_char)
    end = max(last.end_char, cand.content_end)
    return start, end


def _lemmas(ctx: Context, cand: Candidate) -> tuple[str, ...]:
    out = []
    for tok in _content_tokens(ctx, cand):
        if tok.is_stop or tok.is_punct or not (tok.is_alpha or tok.like_num):
            continue
        out.append(tok.lemma_.lower())
    return tuple(out)


def _entities(ctx: Context, cand: Candidate) -> tuple[str, ...]:
    out: list[str] = []
    for tok in _content_tokens(ctx, cand):
        found = ctx.ent_at.get(tok.i)
        if found is None or found[0] != tok.i or found[2] in ("CARDINAL", "ORDINAL"):
            continue
        text = ctx.doc[found[0] : found[1]].text
        if text not in out:
            out.append(text)
    return tuple(out)


def _mention(ctx: Context, cand: Candidate) -> Mention | None:
    if cand.unnamed:
        return None
    if cand.subject is None:
        return None
    if ctx.in_quote(cand.subject) and not ctx.in_quote(cand.cue):
        return None
    unit = ctx.units[ctx.unit_of_token[cand.subject.i]]
    return describe_subject(cand.subject, ctx.registry, cand.speaker_bounds or (unit.start, unit.end))


def _root_subjects(ctx: Context, unit: Unit) -> list[Token]:
    """Main-clause subjects of a sentence outside quotes, for pronoun recency."""
    out = []
    for tok in ctx.doc[unit.start : unit.end]:
        if tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT" and not ctx.in_quote(tok):
            out.append(tok)
    return out


def _build(ctx: Context, cands: list[Candidate]) -> list[Statement]:
    """Resolve speakers in document order and turn candidates into statements."""
    resolver = SpeakerResolver(ctx.registry, bindings=ctx.bindings, genders=ctx.genders)
    cands.sort(key=lambda c: (_evidence(ctx, c)[0], c.cue.i if c.origin != "quote" else c.content_start))
    by_unit: dict[int, list[Candidate]] = {}
    for cand in cands:
        by_unit.setdefault(cand.last_unit, []).append(cand)
    resolved: dict[int, Speaker] = {}
    statements: list[tuple[Candidate, Statement]] = []
    deferred: list[Candidate] = []
    for ui, unit in enumerate(ctx.units):
        retry: list[Candidate] = []
        for cand in sorted(by_unit.get(ui, []), key=lambda c: c.cue.i):
            if cand.follows is not None and id(cand.follows) not in resolved:
                deferred.append(cand)  # a quote opening before the sentence that attributes it
                continue
            if not _resolve_and_record(ctx, cand, resolver, resolved, statements):
                if cand.subject is not None and cand.subject.pos_ == "PRON":
                    retry.append(cand)
        # '… what it called false claims, the ministry said': "it" may name a speaker later in the sentence.
        for cand in retry:
            _resolve_and_record(ctx, cand, resolver, resolved, statements)
        for subj in _root_subjects(ctx, unit):
            mention = describe_subject(subj, ctx.registry)
            if mention is not None and mention.kind == "name":
                resolver.observe(Speaker(mention.name or mention.text, mention.text, mention.role, PERSON))
    for cand in deferred:
        _resolve_and_record(ctx, cand, resolver, resolved, statements)
    statements.sort(key=lambda cs: (cs[1].start, cs[0].cue.i if cs[0].origin != "quote" else cs[0].content_start))
    return _finish(ctx, statements)


def _resolve_and_record(
    ctx: Context,
    cand: Candidate,
    resolver: SpeakerResolver,
    resolved: dict[int, Speaker],
    statements: list[tuple[Candidate, Statement]],
) -> bool:
    """Resolve a candidate's speaker and add its statement; False when no speaker is found."""
    speaker = _speaker_of(ctx, cand, resolver, resolved)
    if speaker is None:
        return False
    resolved[id(cand)] = speaker
    subject = cand.subject
    plural = subject is not None and (
        subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
    )
    # A speaker mentioned inside another statement ("criticism from X, who said …") is not who "she" is next.
    embedded = cand.origin == "noun" or (cand.origin == "verb" and cand.cue.dep_ in ("relcl", "acl"))
    if not embedded:
        resolver.observe(speaker, plural=plural, token=subject.i if subject is not None else None)
    stmt = _statement(ctx, cand, speaker)
    if stmt is not None:
        statements.append((cand, stmt))
    return True


def _speaker_of(
    ctx: Context, cand: Candidate, resolver: SpeakerResolver, resolved: dict[int, Speaker]
) -> Speaker | None:
    if cand.follows is not None:
        base = resolved.get(id(cand.follows))
        if base is None:
            return None
        return base
    if cand.unnamed:
        agent = next((c for c in cand.cue.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is None:
            return Speaker(UNNAMED_SOURCE, "it", None, UNKNOWN)
        cand.subject = pobj
    mention = _mention(ctx, cand)
    if mention is None:
        return None
    if cand.origin == "according" and mention.kind == "group":
        mention.text = mention.text
    return resolver.resolve(mention)


def _statement(ctx: Context, cand: Candidate, speaker: Speaker) -> Statement | None:
    text = _content_text(ctx, cand)
    if not text or not re.search(r"\w", text):
        return None
    kind = cand.kind
    target = cand.target
    if kind == CLAIM:
        is_denial, phrase = denial_reference(ctx, cand)
        if is_denial:
            kind = DENIAL
            target = phrase or target
    start, end = _evidence(ctx, cand)
    evidence = ctx.text[start:end]
    return Statement(
        kind=kind,
        cue=cand.cue_text,
        speaker=speaker.name,
        speaker_text=speaker.text,
        text=text if cand.origin != "noun" else (cand.target or text),
        evidence=evidence,
        start=start,
        end=end,
        speaker_role=speaker.role,
        speaker_type=speaker.type,
        relay=cand.relay,
        direct=cand.direct,
        lemmas=_lemmas(ctx, cand),
        entities=_entities(ctx, cand),
        target_text=target if kind == DENIAL else None,
    )


def _finish(ctx: Context, pairs: list[tuple[Candidate, Statement]]) -> list[Statement]:
    """Drop repeats, fill aliases and link denials to the claims they target."""
    seen_exact: dict[tuple[str, str, str], int] = {}
    seen_text: dict[tuple[str, str], int] = {}
    out: list[tuple[Candidate, Statement]] = []
    for cand, st in pairs:
        norm_text = _norm(st.text)
        key = (st.kind, norm_text, _norm(st.evidence))
        long_key = (st.kind, norm_text)
        kept = seen_exact.get(key)
        if kept is None and len(norm_text.split()) >= 4:
            kept = seen_text.get(long_key)
        if kept is not None:
            kept_cand, kept_st = out[kept]
            if cand.is_relay and not kept_st.relay and kept_st.evidence == st.evidence:
                # "…, as stated by X, Agency reported": the agency relays X's words.
                out[kept] = (kept_cand, replace(kept_st, relay=st.speaker))
            continue
        seen_exact[key] = len(out)
        seen_text.setdefault(long_key, len(out))
        out.append((cand, st))
    aliases: dict[str, set[str]] = {}
    for _, st in out:
        aliases.setdefault(st.speaker, set()).add(st.speaker_text)
    result: list[Statement] = []
    for i, (cand, st) in enumerate(out):
        st = replace(st, speaker_aliases=tuple(sorted(aliases[st.speaker] - {st.speaker})))
        if (
            st.kind == DENIAL
            and cand.commitment_denial
            and not any(
                prior.kind == CLAIM and prior.speaker != st.speaker and set(prior.lemmas) & COMMITMENT_WORDS
                for prior in result
            )
        ):
            # "had made no firm commitment" with no commitment claimed before: a report, not a denial
            st = replace(st, kind=CLAIM, target_text=None)
            out[i] = (cand, st)
        if st.kind == CLAIM:
            denies, contradicted = _contradicted_claim(ctx, cand, st, result)
            if denies:
                # "Russia said it had not shelled the plant" after "Ukraine said Russia shelled the plant".
                st = replace(st, kind=DENIAL, target_text=st.text, denies_index=contradicted)
                out[i] = (cand, st)
                result.append(st)
                continue
        if st.kind == DENIAL:
            st = replace(st, denies_index=_denied_claim(out, i, cand, st, result))
        result.append(st)
    # A link may point forward ("X dismissed Y's claim that …"); it must still land on a claim.
    return [
        replace(st, denies_index=None)
        if st.denies_index is not None and (st.denies_index == i or result[st.denies_index].kind != CLAIM)
        else st
        for i, st in enumerate(result)
    ]


_LIGHT_VERBS = frozenset({"be", "have", "do", "make", "get", "go", "say"})


_MODALS = frozenset({"will", "would", "can", "could", "may", "might", "shall", "should", "must", "'ll", "wo", "ca"})


def _negated_key(ctx: Context, cand: Candidate) -> tuple[str, bool, bool] | None:
    """For a content that negates a fact ("had not signed off", "there is no pause", "has never taken"):
    the lemma it negates, whether it is existential and whether it is a "never" with a full verb.
    None for anything else, pledges included."""
    tokens = _content_tokens(ctx, cand)
    if not tokens:
        return None
    clause = _first_clause(ctx, tokens)
    ids = {t.i for t in clause}
    roots = [t for t in clause if (t.head.i not in ids or t.head.i == t.i) and t.pos_ in ("VERB", "AUX")]
    if not roots:
        return None
    root = roots[0]
    children = [c for c in root.children if c.i in ids]
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in children):
        return None  # "would not raise taxes" promises; it denies nothing
    existential = any(c.dep_ == "expl" for c in children)
    denied_noun = next(
        (
            c
            for c in children
            if c.dep_ in ("attr", "dobj", "nsubj") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        ),
        None,
    )
    if denied_noun is not None:
        return denied_noun.lemma_.lower(), existential, False
    never = any(c.lower_ == "never" for c in children)
    if not (_is_negated(root) or never):
        return None
    key = root.lemma_.lower()
    if key in _LIGHT_VERBS:
        predicate = next((c for c in children if c.dep_ in ("acomp", "attr", "dobj")), None)
        if predicate is None:
            return None
        return predicate.lemma_.lower(), False, False
    return key, False, never


def _contradicted_claim(
    ctx: Context, cand: Candidate, claim: Statement, earlier: list[Statement]
) -> tuple[bool, int | None]:
    """Whether a negated claim denies something said before, and which earlier claim if one."""
    negation = _negated_key(ctx, cand)
    if negation is None:
        return False, None
    key, existential, never = negation
    mine = set(claim.lemmas)
    for j in range(len(earlier) - 1, -1, -1):
        other = earlier[j]
        if other.kind != CLAIM or other.speaker == claim.speaker:
            continue
        shared = (set(other.lemmas) & mine) - {key}
        if key in other.lemmas and (shared or existential):
            return True, j
    if not never:
        return False, None
    # "has never taken a bribe" answering an accusation the article reports without a statement.
    for unit in ctx.units[: cand.first_unit]:
        words = {t.lemma_.lower() for t in ctx.doc[unit.start : unit.end] if t.is_alpha and not t.is_stop}
        if key in words and (words & mine) - {key}:
            return True, None
    return False, None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(str.maketrans("“”‘’", "\"\"''"))).strip().lower()


def _denied_claim(
    out: list[tuple[Candidate, Statement]], index: int, cand: Candidate, denial: Statement, done: list[Statement]
) -> int | None:
    """The earlier claim of this article that a denial targets, when it can be told."""
    target_words = {w.lower() for w in re.findall(r"\w+", denial.target_text or "")}
    family = bool(target_words & COMMITMENT_WORDS) or bool(set(denial.lemmas) & COMMITMENT_WORDS)
    previous = [(j, st) for j, (_, st) in enumerate(out[:index]) if st.speaker != denial.speaker]
    # "…, a claim X denied": the claim made in the same sentence.
    if cand.origin == "noun":
        same = [j for j, st in previous if st.kind == CLAIM and st.end >= denial.start]
        if same:
            return same[-1]
    # A quote continuing a denial by the same speaker denies the same thing.
    if index > 0:
        prev_cand, prev_st = out[index - 1]
        same_speaker = prev_st.kind == DENIAL and prev_st.speaker == denial.speaker
        if same_speaker and prev_st.start == denial.start and index - 1 < len(done):
            return done[index - 1].denies_index  # "denied the reports, calling them nonsense"
        if same_speaker and (cand.follows is not None or cand.target_reference or cand.kind == CLAIM):
            earlier = done[index - 1].denies_index if index - 1 < len(done) else None
            if earlier is not None:
                return earlier
    # "X dismissed Y's claim that …": the claim inside the denial.
    for j, (other_cand, other) in enumerate(out):
        if (
            other.kind == CLAIM
            and other_cand.origin == "noun"
            and other.start == denial.start
            and other.speaker != denial.speaker
        ):
            if _overlaps(cand.content, other_cand.cue.idx, other_cand.cue.idx + 1):
                return j
    claims = [(j, st) for j, st in previous if st.kind == CLAIM]
    if cand.target_owner:
        # "rejected the senator's reading", "criticism from the minister": that person's claim.
        owner = re.compile(r"\b" + re.escape(cand.target_owner) + r"\b", re.IGNORECASE)
        theirs = [
            j
            for j, (_, st) in enumerate(out)
            if st.kind == CLAIM
            and j != index
            and any(owner.search(x or "") for x in (st.speaker, st.speaker_text, st.speaker_role, *st.speaker_aliases))
        ]
        before = [j for j in theirs if j < index]
        pool = before or theirs
        if pool and _names_a_figure(denial.target_text):
            # "the minister's figures were fiction": the claim of the minister's that gave a number
            numeric = [j for j in pool if any(ch.isdigit() for w in out[j][1].lemmas for ch in w)]
            pool = numeric or pool
        if pool:
            return pool[-1]
    if not claims:
        return None
    if cand.target_lemmas:
        matching = [j for j, st in claims if cand.target_lemmas & set(st.lemmas)]
        if matching:
            return matching[-1]
    if family:
        fam = [j for j, st in claims if set(st.lemmas) & COMMITMENT_WORDS]
        if fam:
            return fam[-1]
    # "the figure of 300,000 was exaggerated": the claim that gave the same number
    numeric = [j for j, st in claims if any(any(ch.isdigit() for ch in w) for w in set(st.lemmas) & set(denial.lemmas))]
    if numeric:
        return numeric[-1]
    overlap = [(len((set(st.lemmas) & set(denial.lemmas)) - {"say"}), j) for j, st in claims]
    best = max(overlap, default=(0, None))
    if best[0] >= 3:
        return best[1]
    if cand.target_reference or denial.target_text and denial.target_text.lower() in ("this", "that", "it"):
        return claims[-1][0]
    return None


def extract_statements(doc: Doc) -> Iterator[Statement]:
    """Yield the attributed statements of a parsed article, in text order.

    Works only on the doc's tokens, parse, entities and text (no second parse).
    A parse the rules cannot handle costs that article its statements, never the ingest.
    """
    if len(doc) == 0:
        return iter(())
    try:
        return iter(_extract(doc))
    except (IndexError, KeyError, ValueError, AttributeError, StopIteration) as exc:
        log.warning("attribution extraction failed on a %d-token doc: %s: %s", len(doc), type(exc).__name__, exc)
        return iter(())


def _extract(doc: Doc) -> list[Statement]:
    ctx = Context(doc)
    cands = _collect(ctx)
    cands = _attach_quotes(ctx, cands)
    _split_second_sources(ctx, cands)
    cands = _resolve_nesting(ctx, cands)
    cands = _with_headlines(ctx, cands)
    _apply_cited_sources(ctx, cands)
    _apply_relays(ctx, cands)
    cands = [c for c in cands if c.content or (c.kind == DENIAL and c.target)]
    return _build(ctx, cands)
