"""Headline patterns ("X says …", "X: …") as statements of their own."""

from __future__ import annotations

import re

from spacy.tokens import Span

from bot.models import CLAIM, DENIAL
from bot.nlp.extract.context import Context
from bot.nlp.extract.denials import denial_headline
from bot.nlp.extract.structures import (
    HEADLINE,
    HEADLINE_COLON,
    HEADLINE_TRAILING,
    QUOTE_CHARS,
    SPEAKER_COLON,
    SPEECH_LEMMAS,
    Candidate,
    Unit,
)
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
    NON_SPEAKER_WORDS,
)

# Nouns that name a side speaking as one ("Clinton camp:", "Democrats:", "Historians:").
_SIDE_NOUNS = frozenset(
    "camp campaign aides officials allies critics supporters historians experts economists analysts "
    "democrats republicans advisers advisors lawyers spokesman spokeswoman spokesperson".split()
)
# Labels that open a line without naming a speaker ("UPDATE: …", "Q: …").
_NOT_SPEAKERS = frozenset(
    "update updated breaking exclusive analysis opinion editorial watch video photos photo live note editor "
    "q a correction source sources related read more via chart map timeline".split()
)


def with_headlines(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """ "X says …" headlines (title case, no full stop), which the parser often gets wrong: where the
    headline pattern matches, it replaces whatever the parse found in that line."""
    for ui, unit in enumerate(ctx.units):
        if unit.para > 0:
            break
        text = ctx.text[unit.start_char : unit.end_char]
        if text.rstrip().endswith(".") or len(text.split()) > 25:
            continue
        cand = _headline_candidate(ctx, unit, text)
        if cand is not None:
            cand.first_unit = cand.last_unit = ui
            cands = [c for c in cands if ctx.unit_of_token[c.cue.i] != ui] + [cand]
    return cands


def _headline_candidate(ctx: Context, unit: Unit, text: str) -> Candidate | None:
    stripped = text.strip().rstrip(";:")
    match = HEADLINE.match(stripped) or HEADLINE_COLON.match(text.strip()) or HEADLINE_TRAILING.match(stripped)
    if not match or (match.group("cue") == ":" and match.re is HEADLINE_COLON):
        # Denial headlines in forms the patterns above miss or take for a quote ("X: claim 'a hoax'").
        denial = denial_headline(ctx, unit.start_char, unit.end_char, text)
        if denial is not None or not match:
            return denial
    base = unit.start_char + (len(text) - len(text.lstrip()))
    if match.group("cue").lower() not in ("says", "denies", ":"):
        content = ctx.doc.char_span(base + match.start("content"), base + match.end("content"), alignment_mode="expand")
        if content is None:
            return None
        denial_family = match.group("cue").lower() in ("denies", "rejects", "dismisses", "refutes", "slams")
        # Title case hides lemmas ("Claims" as a proper noun): compare singular forms too.
        names_claim = any(
            t.lemma_.lower() in ALLEGATION_NOUNS or t.lower_.rstrip("s") in ALLEGATION_NOUNS for t in content[:3]
        )
        if not any(t.pos_ in ("VERB", "AUX") for t in content) and not (denial_family and names_claim):
            return None  # "X warns Y over Z" names no claim
    cue_start = base + match.start("cue")
    cue_span = ctx.doc.char_span(cue_start, cue_start + len(match.group("cue")), alignment_mode="expand")
    speaker_span = ctx.doc.char_span(
        base + match.start("speaker"), base + match.end("speaker"), alignment_mode="expand"
    )
    if cue_span is None or speaker_span is None:
        return None
    kind = DENIAL if match.group("cue").lower() in ("denies", "rejects", "dismisses", "refutes", "slams") else CLAIM
    cue_text = match.group("cue") if match.group("cue") != ":" else "said"
    cand = Candidate(cue=cue_span[0], cue_text=cue_text, kind=kind, subject=speaker_span[-1], origin="headline")
    cand.speaker_bounds = (speaker_span.start, speaker_span.end)
    cand.direct = match.group("cue") == ":"
    cand.content = [(base + match.start("content"), base + match.end("content"))]
    if kind == DENIAL:
        cand.target = match.group("content")
        cand.target_reference = True
    return cand


def colon_speakers(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """A paragraph that opens with a speaker and a colon: a headline ("Clinton camp: Trump's plan threatens
    security") or a transcript turn ("SMITH: We will rebuild. …"). The rest of the paragraph is theirs,
    one statement; quoted words after the colon are left to the quote rules."""
    taken = {c.first_unit for c in cands if c.origin in ("colon", "headline")}
    out = list(cands)
    for ui, unit in enumerate(ctx.units):
        if (ui > 0 and ctx.units[ui - 1].para == unit.para) or ui in taken:
            continue
        last = ui
        while last + 1 < len(ctx.units) and ctx.units[last + 1].para == unit.para:
            last += 1
        end = ctx.units[last].end_char
        text = ctx.text[unit.start_char : end]
        match = SPEAKER_COLON.match(text.strip())
        if match is None or any(q in match.group("content")[:2] for q in QUOTE_CHARS):
            continue
        base = unit.start_char + (len(text) - len(text.lstrip()))
        speaker = ctx.doc.char_span(
            base + match.start("speaker"), base + match.end("speaker"), alignment_mode="contract"
        )
        content = ctx.doc.char_span(base + match.start("content"), base + match.end("content"), alignment_mode="expand")
        if speaker is None or content is None or not _names_a_speaker(speaker, headline=ui == 0):
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in content):
            continue  # "Smith: a profile" announces a topic, not words
        if any(t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ == "VERB" for t in content[:6]):
            continue  # "Tanner Square: police chief denies …": a topic, then a line with its own speaker
        if _relays_others(ctx, out, ui, last) or _only_a_question(match.group("content")):
            continue  # a correspondent's turn that reports others, or a presenter's question: nobody's claim
        colon = ctx.doc[speaker.end] if speaker.end < len(ctx.doc) else speaker[-1]
        cand = Candidate(cue=colon, cue_text="said", kind=CLAIM, subject=speaker[-1], origin="colon")
        cand.speaker_bounds = (speaker.start, speaker.end)
        cand.content = [(content.start_char, content.end_char)]
        cand.first_unit, cand.last_unit = ui, last
        out = [c for c in out if not ui <= ctx.unit_of_token[c.cue.i] <= last] + [cand]
    return out


def _only_a_question(content: str) -> bool:
    """A turn that is one question ("And is there any independent view?") asserts nothing."""
    text = content.strip()
    return text.endswith("?") and re.search(r"[.!?][\"\u201d]?\s", text) is None


def _relays_others(ctx: Context, cands: list[Candidate], first: int, last: int) -> bool:
    """Whether a turn's paragraph attributes words to someone else ("REYNE: The chair says the clip is
    old."): a reporter relaying others is not their speaker, and their attributions stand on their own."""
    for cand in cands:
        if cand.origin != "verb" or cand.subject is None or not first <= ctx.unit_of_token[cand.cue.i] <= last:
            continue
        if cand.subject.pos_ != "PRON":  # "I/we said", "he said" may be the speaker's own words
            return True
    return False


def _names_a_speaker(span: Span, headline: bool) -> bool:
    """Whether the words before a colon name someone: a person, an organisation, a side or a transcript name."""
    tokens = list(span)
    words = {t.lower_ for t in tokens}
    if words & _NOT_SPEAKERS or words & NON_SPEAKER_WORDS or tokens[0].like_num:
        return False
    if any(t.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "EVENT") for t in tokens):
        return False  # a place, a date or an event names the topic
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in tokens):
        return True
    if tokens[-1].lower_ in _SIDE_NOUNS:
        return True
    if headline and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in tokens):
        return True  # "Rubio: …" as a headline, before NER knows the name
    # a transcript's speaker in capitals ("BOULDUAN:")
    return len(tokens) <= 2 and all(t.is_alpha and t.is_upper and len(t) >= 3 for t in tokens)
