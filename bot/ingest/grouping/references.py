"""How a denial names what it rejects: a report, a demonstrative, an anaphor, a summary line."""

from __future__ import annotations

import re

from bot.models import Statement
from bot.nlp.extract.denials import TARGET_VERDICT_WORDS
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
    CLAIM_CARRIER_NOUNS,
    DENIAL_IDIOM_NOUNS,
    FALSITY_WORDS,
    REPORT_NOUNS,
    TRUTH_WORDS,
)
from bot.nlp.signatures import (
    REFERENCE_NOUNS,
    Item,
)

# An in-article match this good outweighs what a reference alone suggests.
STRONG_IN_ARTICLE = 0.6
# A stored denial moves to a later article's claim only when it fits it this well, and by this
# margin better than the proposition it denies (its first claim's words).
RELINK_SCORE = 0.6
RELINK_MARGIN = 0.25
_DEMONSTRATIVES = frozenset("this that these those".split())


_ANAPHORS = frozenset("such this that these those".split())


def _anaphoric(denial: Item) -> bool:
    """A denial whose words point back into its article ("any such agreement", "those numbers")."""
    return bool(_ANAPHORS & set(re.findall(r"[a-z]+", denial.text.lower())[:6])) or refers_to_report(denial)


def _demonstrative(denial: Item) -> bool:
    """A denial whose object is a demonstrative phrase ("those numbers", "that account"), or whose
    content opens on a bare allegation noun ("said that account was not accurate", where the
    parser took "that" for a conjunction and dropped it)."""
    words = re.findall(r"[a-z']+", denial.text.lower())
    if 1 <= len(words) <= 3 and words[0] in _DEMONSTRATIVES:
        return True
    return len(words) > 2 and words[0] in ALLEGATION_NOUNS and words[1] in ("was", "is", "were", "are")


# Words after "that"/"this" that make it a conjunction or a determiner of a clause's subject
# ("that the agency had asked", "that it was"), not a demonstrative pointing back.
_CLAUSE_OPENERS = frozenset("the a an it he she they we i you there his her its their our".split())
# How far into a denial's words a demonstrative still opens what it says ("No. That conversation …").
DEMONSTRATIVE_REACH = 4


def points_back(denial: Item) -> bool:
    """Whether a denial opens by pointing back at something just said with a demonstrative ("that
    was not true", "I don't accept that.", "No. That conversation did not happen"), rather than
    naming what it rejects; "that the agency had asked …" is a conjunction."""
    tokens = re.findall(r"[a-z'’]+|[.,;:!?]", denial.text.lower())
    seen = 0
    for i, token in enumerate(tokens):
        if not token[0].isalpha():
            continue
        if seen == DEMONSTRATIVE_REACH:
            break
        seen += 1
        if token in _DEMONSTRATIVES:
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            return following not in _CLAUSE_OPENERS
    return False


# Cues by which a report is published rather than spoken ("wrote", "reported", "posted").
_PUBLISHING_CUES = frozenset(
    "write wrote writes written report reported reports publish published posted post reveal revealed".split()
)
_REPORT_WORDS = frozenset(REPORT_NOUNS | {noun + "s" for noun in REPORT_NOUNS} | {"stories", "rumours", "rumors"})


def refers_to_report(denial: Item) -> bool:
    """Whether a denial names what it denies only as a report ("no truth in the reports", "the story")."""
    words = re.findall(r"[a-z]+", denial.text.lower())
    named = [i for i, w in enumerate(words) if w in _REPORT_WORDS]
    # "claims of a half-time row", "reports that he was sacked" say what was reported.
    return bool(named) and all(words[i + 1 : i + 2] not in (["of"], ["that"]) for i in named)


# "the Courier's report", "the Daily Courier's story": a proper-name owner of a report noun.
_REPORT_OWNER = re.compile(
    r"\b((?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)['’]s\s+(?:\w+\s+)?(?:" + "|".join(sorted(_REPORT_WORDS)) + r")\b"
)


def report_owner(text: str) -> str | None:
    """The proper name owning the report a denial names ("no truth in the Courier's report" ->
    "Courier"), its last word: the outlet's short name is how its claims' speakers agree."""
    found = _REPORT_OWNER.search(text)
    return found.group(1).split()[-1] if found else None


def is_report_claim(statement: Statement) -> bool:
    """A claim carried by a report: published ("wrote", "reported"), named by a report noun, or
    made by a document ("a post on the trade blog X claimed")."""
    cue = statement.cue.lower()
    if cue in _PUBLISHING_CUES or cue in _REPORT_WORDS:
        return True
    head = re.split(r"\s+(?:on|in|by|from|of)\s+", statement.speaker.lower())[0].split()
    return bool(head) and head[-1].rstrip("s") in CLAIM_CARRIER_NOUNS | REPORT_NOUNS


def _cue_noun(position: int, cues: dict[int, str]) -> str:
    """The report noun a claim's cue is a form of ("claims", "claimed" -> "claim"), else ""."""
    cue = cues.get(position, "").lower()
    return next((n for n in REPORT_NOUNS if cue.startswith(n)), "")


def _says_nothing(denial: Item) -> bool:
    """Whether a denial's words say nothing of what it rejects beyond naming a report or claim and
    a verdict ("there was no truth whatsoever in the report", "the Courier's story was false")."""
    entities = {e.lower() for e in denial.entities}
    said = (
        denial.concepts
        - entities
        - REFERENCE_NOUNS
        - _REPORT_WORDS
        - DENIAL_IDIOM_NOUNS
        - FALSITY_WORDS
        - TRUTH_WORDS
        - TARGET_VERDICT_WORDS
    )
    return not said


_SUMMARY_WORDS = 12


def is_summary_line(statement: Statement) -> bool:
    """Whether a statement stands on a headline-like line of its own: short, one line, no full stop."""
    return summary_evidence(statement.evidence)


def summary_evidence(evidence: str) -> bool:
    """Whether a statement's evidence is a headline-like line: short, one line, no full stop."""
    evidence = evidence.strip()
    return (
        "\n" not in evidence
        and len(evidence.split()) <= _SUMMARY_WORDS
        and not evidence.endswith((".", "?", "!", '."', ".\u201d"))
    )


def denied_words(denial: Item, *, whole: bool = False) -> frozenset[str]:
    """The content concepts of what a denial rejects: its named object's words when it named one,
    else its own (with `whole`, its own always); without names, report and reference nouns, and
    verdicts ("dismissed the engagement talk as nonsense" -> {"engagement"})."""
    words = denial.concepts if whole else denial.target_concepts or denial.concepts
    return (
        words
        - denial.entities
        - REFERENCE_NOUNS
        - ALLEGATION_NOUNS
        - _REPORT_WORDS
        - DENIAL_IDIOM_NOUNS
        - FALSITY_WORDS
        - TRUTH_WORDS
        - TARGET_VERDICT_WORDS
    )
