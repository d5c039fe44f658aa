"""The gender a given name usually has, from the US Census name lists the `names` package ships.

An article often writes a person's gender only through he/she, and a wrong binding
early on ("she" tied to a man) then spreads. Two people of one surname ("Bill and
Hillary Clinton") share the surname key the pronoun walk counts votes by, so their
votes mix. A given name such as "Hillary" or "Bernie" settles most of these cases
before any vote. The census frequencies are per cent of each sex; a name counts
only when one sex carries it several times as often as the other (`DOMINANCE`, chosen on
half of PolNeAR train); the pronoun walk treats it as a hint that a lone subject in the
pronoun's own sentence overrides ("Kit" is only in the women's list).
"""

from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache

from bot.nlp.lexicon import TITLE_WORDS

MALE = "m"
FEMALE = "f"
# A name is one sex's when that sex's frequency is at least this many times the other's.
DOMINANCE = 3.0
# A rare given name ("Kit", 0.001 per cent of women) is a weak hint that a pronoun's position may overrule.
COMMON = 0.01
_TRIM = re.compile(r"^[\W_]+|[\W_]+$")
# Words before a given name that are neither titles of office nor part of the name.
_PREFIXES = frozenset({"the", "rev", "reverend", "father", "sister", "brother", "former", "late"})


@lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, float], dict[str, float]]:
    """(male, female) frequency tables, upper-cased given name → per cent of that sex."""
    folder = importlib.resources.files("names")
    tables = []
    for filename in ("dist.male.first", "dist.female.first"):
        table: dict[str, float] = {}
        for line in folder.joinpath(filename).read_text(encoding="ascii").splitlines():
            parts = line.split()
            if len(parts) >= 2:
                table[parts[0]] = float(parts[1])
        tables.append(table)
    return tables[0], tables[1]


def given_name(name: str) -> str | None:
    """The given name of a person's full name ("Sen. Jeff Flake" → "Jeff"), None for a lone surname."""
    words = [_TRIM.sub("", w) for w in name.split()]
    words = [w for w in words if w]
    while words and (words[0].lower() in TITLE_WORDS or words[0].lower().rstrip(".") in TITLE_WORDS | _PREFIXES):
        words.pop(0)
    if len(words) < 2 or not words[0].isalpha() or not words[0][:1].isupper() or len(words[0]) < 2:
        return None  # one word is a surname as often as not ("Clinton" is also a given name)
    if len(words) >= 3 and not _known(words[0]) and _known(words[1]):
        return words[1]  # "Rival Jane Doe": a headline word swept into the name
    return words[0]


def _known(word: str) -> bool:
    male, female = _frequencies()
    return word.upper() in male or word.upper() in female


def common_given_name(name: str) -> bool:
    """Whether the given name is a common one (at least `COMMON` per cent of its sex): a firm hint."""
    first = given_name(name)
    if first is None:
        return False
    male, female = _frequencies()
    return max(male.get(first.upper(), 0.0), female.get(first.upper(), 0.0)) >= COMMON


def given_name_gender(name: str) -> str | None:
    """ "m" or "f" when the person's given name is clearly one sex's in the census lists, else None."""
    first = given_name(name)
    if first is None:
        return None
    male, female = _frequencies()
    key = first.upper()
    m, f = male.get(key, 0.0), female.get(key, 0.0)
    if m > 0 and m >= DOMINANCE * f:
        return MALE
    if f > 0 and f >= DOMINANCE * m:
        return FEMALE
    return None
