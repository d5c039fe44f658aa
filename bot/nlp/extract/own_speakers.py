"""Quotes that name their own speaker with a verb the cue lists do not hold, or sign it.

'"Will you vote for it?" Tom Hale pressed.', 'Councillor Ann Vale shot back: "…"' or a
quoted paragraph with '- Ann Vale.' on the next line: such a quote is its own speaker's,
never carried over from the quote before it.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.models import CLAIM
from bot.nlp.extract.context import Context
from bot.nlp.extract.structures import SPEECH_LEMMAS, Candidate


def uncued_speaker(ctx: Context, qi: int) -> tuple[Token, Token] | None:
    """(verb, subject) of a quote's own attribution with a verb the cue lists do not hold: written right
    before it ('Silverman responded, "…"', 'Kasich resisted: "…"') or right after it ('"…?" Hannity
    pressed.', '"Nooooo!" the crowd cried out'). Such a quote is that speaker's, not the previous one's."""
    signed = _signature_after(ctx, qi)
    if signed is not None:
        return signed
    quote = ctx.quotes[qi]
    doc = ctx.doc
    unit = ctx.units[ctx.unit_at_char(quote.inner_start)]
    previous_end = ctx.quotes[qi - 1].end if qi > 0 else 0
    lead_start = max(unit.start_char, previous_end)
    opens = not ctx.text[lead_start : quote.start].strip()  # a quoted sentence, not a phrase inside one
    after = ctx.token_from_char(quote.end)
    if opens and after is not None and "\n" not in ctx.text[quote.end : after.idx]:
        window = [t for t in doc[after.i : after.i + 6] if ctx.quote_of_token[t.i] < 0]
        for verb in window:
            if verb.pos_ != "VERB" or verb.lemma_.lower() in ("be", "have", "do"):
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i >= after.i), None)
            if subject is None or subject.left_edge.i < after.i or verb.lemma_.lower() in SPEECH_LEMMAS:
                break
            # Only the speaker and the verb lie between the quote and the verb ("Hannity pressed").
            if all(t.is_punct or t.i in {s.i for s in subject.subtree} for t in doc[after.i : verb.i]):
                return verb, subject
            break
    lead = ctx.text[lead_start : quote.start].rstrip()
    if not lead.endswith((",", ":")) or len(lead.split()) > 8 or not _ends_its_sentence(ctx, qi):
        return None
    span = ctx.doc.char_span(lead_start, lead_start + len(lead) - 1, alignment_mode="contract")
    if span is None or len(span) < 2:
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    if len(verbs) != 1 or verbs[0].pos_ != "VERB" or verbs[0].lemma_.lower() in SPEECH_LEMMAS:
        return None
    verb = verbs[0]
    if any(t.i > verb.i and t.pos_ not in ("ADV", "PART", "PUNCT") for t in span):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.left_edge.i >= span.start), None)
    return (verb, subject) if subject is not None else None


_SIGNATURE = re.compile(r"[ \t]*\n\s*[-\u2013\u2014]+[ \t]*(?=[A-Z])")


def _signature_after(ctx: Context, qi: int) -> tuple[Token, Token] | None:
    """(dash, name) of a paragraph that is only a quote, signed on the next line ('"…"\n\n- Bernie Sanders.',
    '-President Obama, tweeting after the speech.'): the quote is the signer's."""
    quote = ctx.quotes[qi]
    line_start = ctx.text.rfind("\n", 0, quote.start) + 1
    if ctx.text[line_start : quote.start].strip():
        return None
    found = _SIGNATURE.match(ctx.text, quote.end)
    if found is None:
        return None
    doc = ctx.doc
    first = ctx.token_from_char(found.end())
    if first is None:
        return None
    dash = doc[first.i - 1] if first.i > 0 and doc[first.i - 1].idx >= quote.end else first
    names = []
    for tok in doc[first.i : first.i + 6]:
        if tok.pos_ != "PROPN" or "\n" in tok.text:
            break
        names.append(tok)
    line_end = ctx.text.find("\n", found.end())
    line = ctx.text[found.end() : line_end if line_end >= 0 else len(ctx.text)]
    if not names or len(line.split()) > 12:
        return None
    return dash, names[-1]


def uncued_attribution(ctx: Context, qi: int) -> Candidate | None:
    """A candidate for the speaker of a quote's own attribution (`uncued_speaker`)."""
    found = uncued_speaker(ctx, qi)
    if found is None:
        return None
    verb, subject = found
    cue_text = _cue_text(verb) if verb.is_alpha else "said"  # a signature line's dash says nothing itself
    cand = Candidate(cue=verb, cue_text=cue_text, kind=CLAIM, subject=subject, origin="uncued")
    if not verb.is_alpha:
        # "-President Obama": the name without the dash the tokenizer left on its first word
        start = subject.i
        while start - 1 > verb.i and ctx.doc[start - 1].pos_ == "PROPN" and ctx.doc[start - 1].text[:1].isalpha():
            start -= 1
        cand.speaker_bounds = (start, subject.i + 1)
    cand.first_unit = cand.last_unit = ctx.unit_of_token[verb.i]
    return cand  # the quote is given by the caller, as to any owner without content


def _ends_its_sentence(ctx: Context, qi: int) -> bool:
    """Only punctuation follows the quote in its last sentence."""
    quote = ctx.quotes[qi]
    last = ctx.units[ctx.unit_at_char(max(quote.inner_end - 1, quote.inner_start))]
    return len(ctx.text[quote.end : last.end_char].strip()) <= 2


def _cue_text(verb: Token) -> str:
    """The verb with its particle ("shot back", "cut in")."""
    particles = [c for c in verb.children if c.dep_ == "prt" and c.i > verb.i]
    return verb.doc[verb.i : particles[-1].i + 1].text if particles else verb.text
