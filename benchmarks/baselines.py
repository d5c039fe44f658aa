"""Naive reference systems every benchmark number stands beside.

`naive_attributions` is what a reader would write in an afternoon: a sentence
with a reporting verb ("said", "told", "according to", ...) is a statement;
quoted spans in it are the content, else the side of the sentence away from the
verb; the speaker is the few words next to the verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common import split_sentences

REPORTING = re.compile(
    r"\b(according to|said|says|say|told|tells|stated|states|added|adds|wrote|writes|"
    r"announced|announces|claimed|claims|asked|asks|explained|noted|tweeted)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,}?)[\"”]")


@dataclass
class NaiveStatement:
    """One statement of the naive extractor."""

    speaker: str
    content: str
    direct: bool


def _first_words(text: str, n: int) -> str:
    return " ".join(text.replace(",", " , ").split()[:n]).split(" , ")[0]


def _last_words(text: str, n: int) -> str:
    return " ".join(text.replace(",", " , ").split()[-n:]).split(" , ")[-1]


def naive_attributions(text: str) -> list[NaiveStatement]:
    """Statements of `text` by the reporting-verb-sentence rule (plus quote pairing)."""
    out: list[NaiveStatement] = []
    for _, sentence in split_sentences(text):
        cue = REPORTING.search(sentence)
        if cue is None:
            continue
        left, right = sentence[: cue.start()], sentence[cue.end() :]
        if cue.group(1).lower() == "according to":
            speaker, _, rest = right.partition(",")
            content = (left + " " + rest).strip(" ,.")
        elif len(right.split()) >= len(left.split()):
            speaker = _last_words(left, 3)
            content = re.sub(r"^\s*(that)\b", "", right).strip(" ,.")
        else:
            speaker = _first_words(right, 3)
            content = left.strip(" ,.")
        quotes = [q for q in _QUOTED.findall(sentence) if len(q.split()) >= 3]
        if quotes:
            out.extend(NaiveStatement(speaker.strip(), q, True) for q in quotes)
        elif content:
            out.append(NaiveStatement(speaker.strip(), content, False))
    return out
