"""The per-document context every extraction rule reads: units, quotes, speakers and pronoun bindings."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from bot.nlp.extract.quotes import find_quotes, split_units
from bot.nlp.speakers.pronouns import bind_pronouns
from bot.nlp.speakers.registry import PersonRegistry

# The last doc's text: doc.text joins every token's text on each call, and the line-break test asks for it
# many times per doc. The doc itself is held so that its identity cannot pass to a later doc.
_last_text: tuple[Doc, str] | None = None


def doc_text(doc: Doc, tokens: list[Token] | None = None) -> str:
    """`doc.text`, joined once per doc (from `tokens`, the doc's own, when given)."""
    global _last_text
    cached = _last_text  # read once: another thread may replace it
    if cached is None or cached[0] is not doc:
        # What `Doc.text` joins, read from the tokens already made when there are some.
        cached = (doc, "".join([t.text_with_ws for t in tokens]) if tokens is not None else doc.text)
        _last_text = cached
    return cached[1]


class Context:
    """Everything extraction needs to know about one doc, computed once."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # spaCy builds a new Token object on every index or iteration; the per-token passes share one list
        # and read the attributes they filter on from plain lists, so each token is made once per doc.
        self.tokens: list[Token] = list(doc)
        self.text = doc_text(doc, self.tokens)
        self.pos: list[str] = [t.pos_ for t in self.tokens]
        self.lower: list[str] = [t.lower_ for t in self.tokens]
        self.lemma_lower: list[str] = [t.lemma_.lower() for t in self.tokens]
        self.dep: list[str] = [t.dep_ for t in self.tokens]
        # HEAD is stored relative to the token (as unsigned); the absolute index is what the passes compare.
        rels = doc.to_array("HEAD").astype("int64").tolist() if len(doc) else []
        self.head: list[int] = [i + rel for i, rel in enumerate(rels)]
        self.quotes = find_quotes(self.text)
        self.units = split_units(doc, self.quotes)
        self.unit_of_token = [0] * len(doc)
        for ui, unit in enumerate(self.units):
            for i in range(unit.start, unit.end):
                self.unit_of_token[i] = ui
        self.quote_of_token = [-1] * len(doc)
        for qi, quote in enumerate(self.quotes):
            span = doc.char_span(quote.inner_start, quote.inner_end, alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                self.quote_of_token[i] = qi
        # Token start offsets, increasing: the token at or after a character is found by bisection.
        self.token_starts = [tok.idx for tok in self.tokens]
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
            any(self.unit_of_token[self.head[i]] != ui or self.dep[i] == "dep" for i in range(unit.start, unit.end))
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

    def token_from_char(self, char: int) -> Token | None:
        """The first token starting at or after a character offset (None past the last one)."""
        i = bisect_left(self.token_starts, char)
        return self.tokens[i] if i < len(self.token_starts) else None

    def in_quote(self, token: Token) -> bool:
        """True when the token lies between quote marks."""
        return self.quote_of_token[token.i] >= 0
