"""Headline patterns ("X says …", "X: …") as statements of their own."""

from __future__ import annotations

from bot.models import CLAIM, DENIAL
from bot.nlp.extract.context import Context
from bot.nlp.extract.denials import denial_headline
from bot.nlp.extract.structures import HEADLINE, HEADLINE_COLON, HEADLINE_TRAILING, Candidate, Unit
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
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
