"""Helpers shared by the denial modules: a content's tokens and first clause, word stems, negation."""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.models import Statement
from bot.nlp.extract.context import Context
from bot.nlp.extract.denial_words import (
    NEGATORS,
)
from bot.nlp.extract.structures import Candidate, tokens_in


def content_tokens(ctx: Context, cand: Candidate) -> list[Token]:
    """The tokens of a candidate's content (cached: content is final once statements are built)."""
    key = (id(cand), tuple(cand.content))
    cached = ctx.content_cache.get(key)
    if cached is not None:
        return cached
    out: list[Token] = []
    for s, e in cand.content:
        out.extend(t for t in tokens_in(ctx.doc, s, e) if not t.is_space)
    ctx.content_cache[key] = out
    return out


def first_clause_tokens(ctx: Context, tokens: list[Token]) -> list[Token]:
    """Tokens of the content up to the end of its first sentence."""
    first_unit = ctx.unit_of_token[tokens[0].i]
    return [t for t in tokens if ctx.unit_of_token[t.i] == first_unit]


def same_stem(a: str, b: str) -> bool:
    """Two lemmas of one word ("married"/"marry"): equal, or a shared start of four letters
    covering most of the shorter one."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= 0.7 * min(len(a), len(b))


def carries_negation(statement: Statement) -> bool:
    """Whether a statement's text carries a negation (two negations agree rather than deny)."""
    return any(w in NEGATORS for w in re.findall(r"[a-z']+", statement.text.lower()))


def norm(text: str) -> str:
    """`text` with curly quotes straightened, spaces collapsed and lower-cased, for comparison."""
    return re.sub(r"\s+", " ", text.translate(str.maketrans("“”‘’", "\"\"''"))).strip().lower()
