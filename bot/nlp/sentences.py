"""A token's sentence in constant time per call, where spaCy's `Token.sent` scans the document."""

from __future__ import annotations

from spacy.tokens import Span, Token


def sentence_of(tok: Token) -> Span:
    """The sentence holding `tok`: the span its parse tree's root covers.

    `Token.sent` walks `doc.sents` from the start on every call, which made
    speaker resolution quadratic in an article's length (half the ingest's
    extraction time on long articles). A parsed sentence is one tree, so its
    root's edges are the sentence's; an unparsed doc falls back to `Token.sent`.
    """
    doc = tok.doc
    if not doc.has_annotation("DEP"):
        return tok.sent
    root = tok
    while root.head.i != root.i:
        root = root.head
    return doc[root.left_edge.i : root.right_edge.i + 1]
