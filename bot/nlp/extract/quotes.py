"""Units (sentences cut at line breaks and semicolons) and quotation marks paired per paragraph."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from bot.nlp.extract.structures import CLOSE_DOUBLE, OPEN_DOUBLE, QUOTE_CHARS, Quote, Unit

# ------------------------------------------------------------------ units and quotes

# The marks `_quotes_in_paragraph` reads: a typewriter pair (`` or '') before any single mark.
_DOUBLE_MARKS = re.compile("``|''|[\"\u201c\u201d\u201e\u00ab\u00bb]")
# The marks `_single_quotes` reads.
_SINGLE_MARKS = re.compile("['\u2018\u2019]")


def split_units(doc: Doc, quotes: list[Quote] | None = None) -> list[Unit]:
    """Sentences, also split at line breaks and at semicolons outside quotes; with paragraph numbers."""
    quoted = [(q.start, q.end) for q in quotes or []]
    units: list[Unit] = []
    n = len(doc)
    if not n:
        return units
    # The walk reads five numbers per token from one array: making a Token object for each of the
    # article's tokens cost more than the walk itself. Only line-break tokens are made, to read their text.
    # One flat list per attribute: a list per token would give the garbage collector a container to track each.
    starts, spaces, offsets, lengths, orths = doc.to_array(
        ["SENT_START", "IS_SPACE", "IDX", "LENGTH", "ORTH"]
    ).T.tolist()
    semicolon = doc.vocab.strings[";"]
    para = 0
    current: list[int] = []

    def flush() -> None:
        """Close the unit being built, trimmed of white space."""
        words = [i for i in current if not spaces[i]]
        if words:
            first, last = words[0], words[-1]
            units.append(Unit(first, last + 1, offsets[first], offsets[last] + lengths[last], para))
        current.clear()

    for i, (sent_start, is_space, idx, orth) in enumerate(zip(starts, spaces, offsets, orths, strict=True)):
        if sent_start == 1 and current:  # 1 marks a sentence start (-1 none, 0 unknown)
            flush()
        if is_space and "\n" in doc[i].text:
            flush()
            para += 1
            continue
        current.append(i)
        if orth == semicolon and not any(a <= idx < b for a, b in quoted):
            flush()
        # A token's trailing white space is one plain space or nothing: line breaks are tokens of their own.
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
    if "``" not in para and "''" not in para and not any(mark in para for mark in QUOTE_CHARS):
        return _single_quotes(para, offset, para_index)  # no double mark: the walk below would find nothing
    out: list[Quote] = []
    open_at: int | None = None
    open_len = 1

    def close(end: int, mark_len: int) -> None:
        """Record the quote opened at `open_at` and closed by a mark at `end`."""
        if open_at is None:
            return
        out.append(
            Quote(offset + open_at, offset + end + mark_len, offset + open_at + open_len, offset + end, para_index)
        )

    # Only the marks matter: the walk visits them alone, a typewriter pair ahead of a single mark.
    for mark in _DOUBLE_MARKS.finditer(para):
        i, pair = mark.start(), mark.group()
        if len(pair) == 2:
            # Typewriter-style marks: two backticks open, two apostrophes close (or open a quote at a word).
            if open_at is None and (pair == "``" or (i + 2 < len(para) and para[i + 2].isalnum())):
                open_at, open_len = i, 2
            elif open_at is not None:
                close(i, 2)
                open_at = None
            continue
        ch = pair
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
    for mark in _SINGLE_MARKS.finditer(para):
        i, ch = mark.start(), mark.group()
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
