"""Report nouns that carry a claim of their own: "rumours that the pair are engaged", "speculation
that the plant will close", "the suggestion that she would resign". What they carry is a claim, made
by the report (or by its source when one is named), which a denial in the same or a later sentence
may reject."""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.extract.cues import has_that_clause


def circulating(noun: Token) -> bool:
    """Whether a report noun with its own that-clause says something is going round, whoever started it.

    "dismissed speculation that the plant will close", "rejected the suggestion that she would
    resign", "dismissed claims that the paper was leaked": the clause is a claim of its own, by the
    report, singular or plural. "His suggestion that …" is someone's claim, not one going round; and
    a noun "of" something ("claims of a row") names a topic more often than a claim anyone makes."""
    nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if nxt is None or nxt.lower_ != "that" or has_that_clause(noun) is None:
        return False
    return not any(c.dep_ == "poss" for c in noun.children)
