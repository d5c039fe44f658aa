"""Units (sentences cut at line breaks and semicolons) and quotation marks paired per paragraph."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from bot.nlp.extract.structures import CLOSE_DOUBLE, OPEN_DOUBLE, QUOTE_CHARS, Quote, Unit

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
    if "``" not in para and "''" not in para and not any(mark in para for mark in QUOTE_CHARS):
        return _single_quotes(para, offset, para_index)  # no double mark: the walk below would find nothing
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
