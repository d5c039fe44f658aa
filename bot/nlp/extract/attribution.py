"""Collecting the candidates of a document and giving each quotation to the cue that owns it."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from bot.models import CLAIM, DENIAL
from bot.nlp.extract.candidates import mistagged_noun_denial, mistagged_parenthetical, verb_candidate
from bot.nlp.extract.content import according_candidates, noun_claim_candidates
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import cut, overlaps, passive_agent
from bot.nlp.extract.frames import adjective_candidates, frame_candidate, noun_frame_candidates
from bot.nlp.extract.own_speakers import uncued_attribution, uncued_speaker
from bot.nlp.extract.positions import (
    agentive_passive,
    as_parenthetical,
    participle_after_preposition,
    reported_object,
)
from bot.nlp.extract.structures import CLAIM_S_FORMS, DENIAL_FORMS, SPEECH_LEMMAS, Candidate, Quote
from bot.nlp.lexicon import ALLEGATION_NOUNS, OBJECT_FALLBACK_VERBS

# ------------------------------------------------------------------ assembly


def collect(ctx: Context) -> list[Candidate]:
    """Every cue candidate in the doc, before quotes are attached."""
    cands: list[Candidate] = []
    pos, lower, tokens = ctx.pos, ctx.lower, ctx.tokens
    for ui, unit in enumerate(ctx.units):
        for i in range(unit.start, unit.end):
            if pos[i] != "VERB" and lower[i] not in DENIAL_FORMS and lower[i] not in CLAIM_S_FORMS:
                continue  # neither a verb nor a form the mistagged-noun rules read: no candidate
            tok = tokens[i]
            cand = (
                (verb_candidate(ctx, tok) or frame_candidate(ctx, tok))
                if tok.pos_ == "VERB"
                else mistagged_noun_denial(ctx, tok) or mistagged_parenthetical(ctx, tok)
            )
            if tok.pos_ == "VERB" and (cand is None or not (cand.content or cand.target)):
                # "…, as the minister noted": a cue pointing at the clause it hangs on; "was criticized by X for …"
                cand = (
                    as_parenthetical(ctx, tok)
                    or agentive_passive(ctx, tok)
                    or participle_after_preposition(ctx, tok)
                    or reported_object(ctx, tok)
                    or cand
                )
            elif tok.pos_ == "VERB" and cand is not None and cand.origin == "verb" and _holds_agent(cand, tok):
                # "was described by X as …" read with the speaker inside what was said
                cand = agentive_passive(ctx, tok) or cand
            if cand is not None and tok.pos_ == "VERB" and _asked(ctx, tok):
                cand = None  # "Does the paper stand by its story?": the writer asks; nobody has said it
            if cand is not None and cand.origin == "verb" and not cand.content and tok.pos_ == "VERB":
                # the hand rules wait for a quote; if none comes, the table's clause ("hoped to win"). Not an
                # object or a phrase: "recalled three cheeses", "cautioned X against an invasion" assert nothing;
                # except for the verbs whose object is what was said ("reiterated his belief in …").
                objects = tok.lemma_.lower() in OBJECT_FALLBACK_VERBS and not _speaking_participle(tok)
                cand.fallback = frame_candidate(ctx, tok, clauses_only=not objects)
                if objects and cand.fallback is not None and _holds_a_report(ctx, cand.fallback):
                    # "proposed rules that would end what he said were unfair fees": his report stays his own
                    cand.fallback = frame_candidate(ctx, tok, clauses_only=True)
                if cand.fallback is not None:
                    cand.fallback.first_unit = cand.fallback.last_unit = ui
            if cand is not None:
                cand.first_unit = cand.last_unit = ui
                cands.append(cand)
        for cand in (
            according_candidates(ctx, unit)
            + noun_claim_candidates(ctx, unit)
            + noun_frame_candidates(ctx, unit)
            + adjective_candidates(ctx, unit)
        ):
            if cand.origin == "adjective" and any(c.cue.i == cand.cue.i for c in cands):
                continue  # a participle the verb rules already read ("was worried that …")
            cand.first_unit = cand.last_unit = ui
            cands.append(cand)
    return cands


def _holds_a_report(ctx: Context, cand: Candidate) -> bool:
    """Whether the content holds a reporting verb with a subject of its own (a statement in its own right)."""
    return any(
        t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_LEMMAS and any(c.dep_ == "nsubj" for c in t.children)
        for start, end in cand.content
        for t in (ctx.doc.char_span(start, end, alignment_mode="expand") or ())
    )


def _speaking_participle(tok: Token) -> bool:
    """ "stressed the importance of talks, insisting that …": a reporting participle after the verb says what
    was asserted, and the verb's object is only its topic."""
    return any(
        c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG" and c.i > tok.i and c.lemma_.lower() in SPEECH_LEMMAS
        for c in tok.children
    )


def _holds_agent(cand: Candidate, tok: Token) -> bool:
    """Whether a passive verb's content holds its own "by" speaker."""
    agent = passive_agent(tok)
    return agent is not None and overlaps(cand.content, agent.idx, agent.idx + len(agent.text))


def _asked(ctx: Context, tok: Token) -> bool:
    """Whether a cue verb is asked about, not reported: a question outside quotes with the auxiliary before
    the subject ("Does the Bellow stand by its story?", "Did the minister say that?")."""
    if ctx.in_quote(tok):
        return False
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    if not ctx.text[unit.start_char : unit.end_char].rstrip().rstrip("\"'\u201d\u2019").endswith("?"):
        return False
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and any(c.dep_ in ("aux", "auxpass") and c.i < subject.left_edge.i for c in tok.children)


def attach_quotes(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """Give quotes to the cues that introduce them; continue speakers over follow-on quotes."""
    consumed: dict[int, Candidate] = {}
    # Quotes inside a cue's parsed content belong to it ("X said Y was "very good"").
    for cand in cands:
        if cand.in_quote or not cand.content:
            continue
        for qi, quote in enumerate(ctx.quotes):
            if qi in consumed or ctx.quote_of_token[cand.cue.i] == qi:
                continue
            if overlaps(cand.content, quote.inner_start, quote.inner_end):
                _give_quote(ctx, cand, qi)
                consumed[qi] = cand
    for qi in range(len(ctx.quotes)):
        if qi in consumed:
            continue
        owner = _quote_owner(ctx, cands, qi, consumed)
        if owner is None:
            owner = _colon_attribution(ctx, qi) or uncued_attribution(ctx, qi)
            if owner is not None:
                cands.append(owner)
        if owner is not None:
            split = (qi - 1) in consumed and consumed[qi - 1] is owner and _split_quote(ctx, owner, qi)
            if (not owner.content or split) and owner.follows is None and owner in cands:
                if not owner.content:
                    owner.content = _phrase_around_quote(ctx, owner, qi)
                _give_quote(ctx, owner, qi)
            else:
                owner = _follow_on(ctx, owner, qi)
                cands.append(owner)
            consumed[qi] = owner
    # '"First part.\n\n"Second part," she said.': an unclosed quote takes the speaker of its continuation.
    for qi in range(len(ctx.quotes) - 2, -1, -1):
        quote, following = ctx.quotes[qi], ctx.quotes[qi + 1]
        if qi in consumed or quote.closed or not following.continues or (qi + 1) not in consumed:
            continue
        owner = _follow_on(ctx, consumed[qi + 1], qi)
        cands.append(owner)
        consumed[qi] = owner
    kept = []
    for c in cands:
        if c.content or (c.kind == DENIAL and c.target) or (c.is_relay and c.subject is not None):
            kept.append(c)
        elif c.fallback is not None and c.fallback.content:
            kept.append(c.fallback)
    return kept


_TIMESTAMP = re.compile(r"^\s*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:GMT|BST|ET|UTC)?\s*[—–-]\s*)?")


def _colon_lead(ctx: Context, qi: int) -> Span | None:
    """The speaker before a quote in 'Party leader Tom Smith: "…"' (live blogs, summaries)."""
    quote = ctx.quotes[qi]
    unit = ctx.units[ctx.unit_at_char(quote.inner_start)]
    lead = ctx.text[unit.start_char : quote.start]
    timestamp = _TIMESTAMP.match(lead)
    lead = lead[timestamp.end() :] if timestamp else lead
    if not lead.rstrip().endswith(":") or len(lead.split()) > 10:
        return None
    start = quote.start - len(lead)
    span = ctx.doc.char_span(start, start + len(lead.rstrip()) - 1, alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return _scene_subject(span)
    if span[-1].lemma_.lower() in ALLEGATION_NOUNS and sum(t.is_alpha for t in span) <= 2:
        return _cited_source(ctx, qi)  # a fact-check's 'The claim: "…" (Widely shared post, 30 May)'
    topic = next((t for t in span[1:] if t.lower_ in _TOPIC_PREPS and t.i > span.start), None)
    if topic is not None and ctx.doc[topic.i - 1].pos_ == "PROPN":
        span = ctx.doc[span.start : topic.i]  # "Okwu on the £14,000 figure:": Okwu speaks, the figure is the topic
    return span if span[-1].pos_ in ("PROPN", "NOUN") else None


# A source right after a quote, in brackets or after a dash: '(Widely shared post, 30 November)',
# '- Health Minister Jane Roe, Assembly questions'.
_BRACKETED_SOURCE = re.compile(r"\s*(?:\(([^(),]{2,60})[,)]|[-\u2013\u2014]\s*([^(),.\n]{2,60})[,.\n])")


def _cited_source(ctx: Context, qi: int) -> Span | None:
    """The source a fact-check cites after the quoted claim its label introduces ('The claim: "…" (Widely
    shared post, 30 November)', '… - Jane Roe, in parliament'): the post or person, not the label, said
    it; None if it cites none."""
    quote = ctx.quotes[qi]
    match = _BRACKETED_SOURCE.match(ctx.text, quote.end)
    if match is None:
        return None
    group = 1 if match.group(1) is not None else 2
    span = ctx.doc.char_span(match.start(group), match.end(group), alignment_mode="contract")
    if span is None or len(span) == 0 or span[-1].pos_ not in ("NOUN", "PROPN") or span[-1].like_num:
        return None
    return span


# Prepositions that give the topic of a live blog's quote line ("Okwu on the audit: '…'").
_TOPIC_PREPS = frozenset({"on", "about", "over", "regarding"})


def _scene_subject(span: Span) -> Span | None:
    """The named subject of a short scene before a quote ('Dhanjal is on his feet: "…"', 'Hale responds: "…"'):
    a live blog sets the speaker up in a clause with no object of its own."""
    if any(t.is_quote for t in span):
        return None  # '"Met accused of …," by a columnist: "…"': a quoted headline, then its source
    root = next((t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in root.children):
        return None  # "X showed the jury:": the clause acts on something; the quote may be that thing
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    # a name, which the tagger may take for a common noun after a live blog's time stamp ("19:14 Hale is …")
    named = subject is not None and (subject.pos_ == "PROPN" or (subject.pos_ == "NOUN" and subject.text.istitle()))
    if subject is None or not named or subject.ent_type_ not in ("PERSON", ""):
        return None
    return span.doc[subject.left_edge.i : subject.i + 1]


def _colon_attribution(ctx: Context, qi: int) -> Candidate | None:
    """'Party leader Tom Smith: "We have made our demands clear."' (live blogs, summaries)."""
    span = _colon_lead(ctx, qi)
    if span is None:
        return None
    head = span[-1]
    colon = ctx.doc[span.end] if span.end < len(ctx.doc) else head
    cand = Candidate(cue=colon, cue_text="said", kind=CLAIM, subject=head, origin="colon")
    cand.speaker_bounds = (span.start, span.end)
    cand.first_unit = cand.last_unit = ctx.unit_of_token[head.i]
    _give_quote(ctx, cand, qi)
    return cand


def _phrase_around_quote(ctx: Context, owner: Candidate, qi: int) -> list[tuple[int, int]]:
    """'warned of a "ferocious" battle that could split the party': a quoted phrase after the cue, inside the
    verb's own object or clause, is a piece of what was said, not all of it. The verb's frame content when it
    holds the quote, else nothing (the quote alone stays the content)."""
    quote = ctx.quotes[qi]
    if owner.origin != "verb" or owner.cue.idx > quote.start or owner.in_quote:
        return []
    framed = frame_candidate(ctx, owner.cue)
    if framed is None or not any(s <= quote.start and quote.end <= e for s, e in framed.content):
        return []
    return framed.content


def _give_quote(ctx: Context, cand: Candidate, qi: int) -> None:
    quote = ctx.quotes[qi]
    if cand.origin == "verb" and cand.cue.idx >= quote.end:
        # '"…," X said, who …': what follows the cue is not what was said.
        cand.content = [(s, min(e, cand.cue.idx)) for s, e in cand.content if s < cand.cue.idx]
        if cand.subject is not None and quote.end <= cand.subject.idx < cand.cue.idx:
            # '"…," the director, Jane Smith, said': the speaker between quote and cue is not content; words
            # before the speaker are ('"We are saddened" by the fire at the market, the governor said').
            start = max(quote.end, cand.subject.left_edge.idx)
            cand.content = cut(cand.content, (start, cand.cue.idx))
    # The parse's version of the quoted words gives way to the quote itself (marks excluded).
    cand.content = cut(cand.content, (quote.start, quote.end))
    before = sum(e - s for s, e in cand.content)
    cand.content = _merge_runs(cand.content + [(quote.inner_start, quote.inner_end)])
    cand.quotes.append(qi)
    total = sum(e - s for s, e in cand.content)
    quoted = sum(ctx.quotes[q].inner_end - ctx.quotes[q].inner_start for q in cand.quotes)
    cand.direct = quoted >= 0.6 * total or before == 0
    cand.first_unit = min(cand.first_unit, ctx.unit_at_char(quote.inner_start))
    cand.last_unit = max(cand.last_unit, ctx.unit_at_char(max(quote.inner_end - 1, quote.inner_start)))


def _merge_runs(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(runs):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _quote_owner(ctx: Context, cands: list[Candidate], qi: int, consumed: dict[int, Candidate]) -> Candidate | None:
    """The cue a quote belongs to: next to it, or the speaker of the quote before it."""
    quote = ctx.quotes[qi]
    end_unit = ctx.unit_at_char(max(quote.inner_end - 1, quote.inner_start))
    start_unit = ctx.unit_at_char(quote.inner_start)
    next_quote_start = ctx.quotes[qi + 1].start if qi + 1 < len(ctx.quotes) else len(ctx.text)
    after = [
        c
        for c in cands
        if not c.in_quote
        and c.origin == "verb"
        and quote.end <= c.cue.idx < next_quote_start
        and (not c.content or c.content_start >= quote.inner_start and c.content_end <= quote.end + 1)
        and (c.last_unit == end_unit or _adjacent_after(ctx, quote, c))
    ]
    if after:
        return min(after, key=lambda c: c.cue.i)
    prev_quote_end = ctx.quotes[qi - 1].end if qi > 0 else 0
    if qi > 0 and (qi - 1) in consumed and _split_quote(ctx, consumed[qi - 1], qi):
        return consumed[qi - 1]
    before = [
        c
        for c in cands
        if not c.in_quote
        and c.first_unit == start_unit
        and prev_quote_end <= c.cue.idx < quote.start
        and not c.content
        and c.origin == "verb"
    ]
    if before:
        return max(before, key=lambda c: c.cue.i)
    # A quote right after an introducing sentence that ends with a colon.
    if start_unit > 0 and ctx.text[ctx.units[start_unit - 1].end_char - 1 : ctx.units[start_unit - 1].end_char] == ":":
        intro = [c for c in cands if c.last_unit == start_unit - 1 and not c.in_quote and c.origin == "verb"]
        if intro:
            return intro[-1]
    if _colon_lead(ctx, qi) is not None or uncued_speaker(ctx, qi) is not None:
        return None  # the quote names its own speaker: not the previous quote's
    # A follow-on quote: same paragraph as an attributed quote, or continuing one.
    for pj in range(qi - 1, -1, -1):
        prev = ctx.quotes[pj]
        owner = consumed.get(pj)
        if owner is None:
            continue
        # A fragment inside someone else's sentence ('These leaks "do not reflect reality"') is no follow-on.
        same_para = prev.para == quote.para and _quote_is_sentence(ctx, quote)
        continued = quote.continues and pj == qi - 1
        new_para_quote = (
            pj == qi - 1
            and prev.para < quote.para
            and _quote_opens_paragraph(ctx, quote)
            and _only_quote_in_units(ctx, qi)
            and owner.last_unit >= _last_unit_of_para(ctx, prev.para)
        )
        if same_para or continued or new_para_quote:
            return owner
        break
    return _paragraph_after_attribution(ctx, cands, qi)


def _paragraph_after_attribution(ctx: Context, cands: list[Candidate], qi: int) -> Candidate | None:
    """A paragraph that is only a quote, right after a paragraph ending in a person's statement."""
    quote = ctx.quotes[qi]
    if not (_quote_opens_paragraph(ctx, quote) and _only_quote_in_units(ctx, qi)):
        return None
    start_unit = ctx.unit_at_char(quote.inner_start)
    if start_unit == 0:
        return None
    previous = start_unit - 1
    if ctx.units[previous].para == ctx.units[start_unit].para:
        return None
    last = [c for c in cands if c.last_unit == previous and c.origin == "verb" and not c.in_quote and c.content]
    if not last:
        return None
    return max(last, key=lambda c: c.cue.i)


def _split_quote(ctx: Context, owner: Candidate, qi: int) -> bool:
    """'"A," she said, "but B."': one quote cut in two by its attribution."""
    if owner.origin != "verb" or owner.follows is not None or qi == 0:
        return False
    prev_end = ctx.quotes[qi - 1].end
    start = ctx.quotes[qi].start
    between = ctx.text[prev_end:start]
    return prev_end <= owner.cue.idx < start and between.rstrip().endswith(",") and "\n" not in between


def _adjacent_after(ctx: Context, quote: Quote, cand: Candidate) -> bool:
    """'"…" he told a reporter' split into two sentences: only punctuation lies between."""
    first = min(cand.cue.idx, cand.subject.idx if cand.subject is not None else cand.cue.idx)
    gap = ctx.text[quote.end : first]
    return len(gap) < 4 and not re.search(r"\w|\n", gap)


def _quote_is_sentence(ctx: Context, quote: Quote) -> bool:
    """A quote that opens its sentence, or fills most of it."""
    unit = ctx.units[ctx.unit_at_char(quote.inner_start)]
    if quote.start <= unit.start_char + 1:
        return True
    return (quote.inner_end - quote.inner_start) >= 0.6 * (unit.end_char - unit.start_char)


def _quote_opens_paragraph(ctx: Context, quote: Quote) -> bool:
    unit = ctx.units[ctx.unit_at_char(quote.inner_start)]
    return unit.start_char >= quote.start - 1 and (
        ctx.unit_at_char(quote.inner_start) == 0 or ctx.units[ctx.unit_at_char(quote.inner_start) - 1].para != unit.para
    )


def _only_quote_in_units(ctx: Context, qi: int) -> bool:
    quote = ctx.quotes[qi]
    last = ctx.units[ctx.unit_at_char(max(quote.inner_end - 1, quote.inner_start))]
    tail = ctx.text[quote.end : last.end_char].strip()
    return len(tail) <= 2


def _last_unit_of_para(ctx: Context, para: int) -> int:
    last = 0
    for ui, unit in enumerate(ctx.units):
        if unit.para == para:
            last = ui
    return last


def _follow_on(ctx: Context, owner: Candidate, qi: int) -> Candidate:
    """A quote without its own cue, spoken by the speaker of `owner`."""
    quote = ctx.quotes[qi]
    root = owner.follows or owner
    cand = Candidate(
        cue=root.cue,
        cue_text=root.cue_text,
        kind=CLAIM,
        subject=root.subject,
        origin="quote",
        follows=root,
        relay=root.relay,
    )
    cand.content = [(quote.inner_start, quote.inner_end)]
    cand.quotes = [qi]
    cand.direct = True
    cand.first_unit = ctx.unit_at_char(quote.inner_start)
    cand.last_unit = ctx.unit_at_char(max(quote.inner_end - 1, quote.inner_start))
    return cand
