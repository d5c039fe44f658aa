"""Denials no cue rule finds, added beside them: denial headlines, a trailing ", which X denies",
"says no", "shot down a report", "was dismissive of"."""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.models import CLAIM, DENIAL
from bot.nlp.extract.content import np_text
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import cut, is_negated
from bot.nlp.extract.denial_parse import content_tokens
from bot.nlp.extract.denial_words import (
    NEGATION_FORMS,
    REFUSING_VERBS,
    REJECT_STEMS,
    WHICH_DENIAL_VERBS,
)
from bot.nlp.extract.structures import Candidate
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
    FALSITY_WORDS,
    REPORT_NOUNS,
)

# "Aldermoor Athletic deny manager was sacked", "Tanner Square: police chief denies ignoring
# warning": a headline denial whose speaker may be a lower-case description and which may
# follow a topic label.
_DENIAL_HEADLINE = re.compile(
    r"^(?:[^:]{2,40}:\s+)?(?P<speaker>[A-Za-z][\w.'’-]*(?:\s+[A-Za-z][\w.'’-]*){0,3}?)\s+"
    r"(?P<cue>deny|denies|reject|rejects|dismiss|dismisses|refute|refutes)\s+(?P<content>\S.{3,}?)$"
)


# "Ostrander: donations claim 'a hoax'": a headline calling a claim false in its speaker's words.
_VERDICT_HEADLINE = re.compile(
    r"^(?P<speaker>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*:\s*(?P<content>[^'\"‘“]{3,60}?)\s+"
    r"['\"‘“](?P<verdict>[^'\"’”]{2,40})['\"’”]$"
)


def denial_headline(ctx: Context, unit_start: int, unit_end: int, text: str) -> Candidate | None:
    """A denial headline the general headline patterns leave out, as a denial candidate."""
    stripped = text.strip()
    base = unit_start + (len(text) - len(text.lstrip()))
    match = _DENIAL_HEADLINE.match(stripped)
    cue_group = "cue"
    if match is None:
        match = _VERDICT_HEADLINE.match(stripped)
        if match is None or not set(re.findall(r"[a-z]+", match.group("verdict").lower())) & FALSITY_WORDS:
            return None
        if not set(re.findall(r"[a-z]+", match.group("content").lower())) & (ALLEGATION_NOUNS | REPORT_NOUNS):
            return None
        cue_group = "verdict"
    cue = ctx.doc.char_span(base + match.start(cue_group), base + match.end(cue_group), alignment_mode="expand")
    speaker = ctx.doc.char_span(base + match.start("speaker"), base + match.end("speaker"), alignment_mode="expand")
    if cue is None or speaker is None or not (unit_start <= cue.start_char < unit_end):
        return None
    cand = Candidate(cue=cue[0], cue_text=match.group(cue_group), kind=DENIAL, subject=speaker.root, origin="headline")
    cand.speaker_bounds = (speaker.start, speaker.end)
    cand.content = [(base + match.start("content"), base + match.end("content"))]
    cand.target = match.group("content")
    cand.target_reference = True
    return cand


# A text search for such a clause before any parse walk.
_WHICH_DENIED = re.compile(
    r", which\b[^.;]{0,80}?\b(?:"
    + "|".join(sorted(v[:-1] if v.endswith(("e", "y")) else v for v in WHICH_DENIAL_VERBS))
    + ")",
    re.IGNORECASE,
)


def trailing_which_denials(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """ "The union says managers ignored the warnings, which the company denies": the relative clause is
    the company's denial of what the union says, not part of the union's words. Cut it from the claim
    and add the denial, whose content is the claim's words; returns the new candidates."""
    if not NEGATION_FORMS["which"] or ", which" not in ctx.text or not _WHICH_DENIED.search(ctx.text):
        return []
    added: list[Candidate] = []
    for cand in cands:
        if cand.kind != CLAIM or not cand.content:
            continue
        for tok in content_tokens(ctx, cand):
            if tok.dep_ != "relcl" or tok.lemma_.lower() not in WHICH_DENIAL_VERBS or tok.pos_ != "VERB":
                continue
            which = next((c for c in tok.children if c.dep_ == "dobj" and c.lower_ == "which"), None)
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if which is None or subject is None or which.i == 0 or ctx.doc[which.i - 1].text != ",":
                continue
            comma = ctx.doc[which.i - 1]
            end = tok.right_edge
            cand.content = cut(cand.content, (comma.idx, end.idx + len(end.text)))
            if not cand.content:
                break
            denial = Candidate(cue=tok, cue_text=tok.text, kind=DENIAL, subject=subject, origin="verb")
            denial.content = list(cand.content)
            denial.target = "".join(ctx.text[s:e] for s, e in cand.content).strip(" ,")
            denial.first_unit, denial.last_unit = cand.first_unit, cand.last_unit
            added.append(denial)
            break
    return added


def spoken_denials(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """Denials said without a clause, which no cue rule takes: "The health board says no." (a "no" that is
    all that was said) and "X was dismissive of the suggestion that …" (the adjective of a rejecting verb,
    of an allegation). Returns the new candidates."""
    if not NEGATION_FORMS["spoken"]:
        return []
    taken = {c.cue.i for c in cands}
    added: list[Candidate] = []
    # A search of the text first: walking every token of every article would cost more than the rules.
    for match in _SPOKEN_DENIAL.finditer(ctx.text):
        group = next(g for g in (1, 3, 4, 5) if match.group(g))
        span = ctx.doc.char_span(match.start(group), match.end(group), alignment_mode="expand")
        if span is None or len(span) == 0 or span[0].i in taken:
            continue
        tok = span[0]
        if match.group(5):
            cand = _refused_pronoun(ctx, tok) if NEGATION_FORMS["refused_pronoun"] else None
        elif tok.pos_ == "VERB":
            cand = _said_no(tok) if match.group(2) else _shot_down(ctx, tok)
        elif tok.pos_ == "ADJ":
            cand = _dismissive_of(ctx, tok)
        else:
            continue
        if cand is not None:
            cand.first_unit = cand.last_unit = ctx.unit_of_token[tok.i]
            added.append(cand)
    return added


# Where a spoken denial may stand: "says no.", "shot down", "dismissive of".
_SPOKEN_DENIAL = re.compile(
    r"\b(?:(say|says|said|saying|answer|answers|answered|reply|replies|replied)(\s+no\s*[.!])"
    r"|(shoot|shoots|shot|shooting)\s+down\b"
    r"|((?:" + "|".join(REJECT_STEMS) + r")\w*)\s+of\b"
    r"|\b(?:do|does|did)(?:\s+not|n['’]t)\s+(" + "|".join(sorted(REFUSING_VERBS)) + r")\s+(?:that|this|it)\s*[.!])",
    re.IGNORECASE,
)


def _refused_pronoun(ctx: Context, verb: Token) -> Candidate | None:
    """ "The midwives' union doesn't accept that.": a negated refusing verb whose only object is a
    pronoun ending the sentence refuses what was just said; said in the narration, it has no cue."""
    if verb.lemma_.lower() not in REFUSING_VERBS or not is_negated(verb) or ctx.in_quote(verb):
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "ccomp") and c.i == verb.i + 1), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if obj is None or subject is None or subject.lower_ in ("i", "we", "you"):
        return None
    cand = Candidate(cue=verb, cue_text=verb.text, kind=DENIAL, subject=subject, origin="verb")
    cand.content = [(obj.idx, obj.idx + len(obj.text))]
    cand.target = obj.text
    cand.target_reference = True
    return cand


def _said_no(verb: Token) -> Candidate | None:
    """ "The board says no.": a speech verb whose only complement is "no", ending its sentence."""
    if verb.lemma_.lower() not in ("say", "answer", "reply") or is_negated(verb):
        return None
    no = next((c for c in verb.children if c.lower_ == "no" and c.i == verb.i + 1), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    after = verb.doc[no.i + 1] if no is not None and no.i + 1 < len(verb.doc) else None
    if no is None or subject is None or after is None or after.text not in (".", "!"):
        return None
    cand = Candidate(cue=verb, cue_text=verb.text, kind=DENIAL, subject=subject, origin="verb")
    cand.content = [(no.idx, no.idx + len(no.text))]
    return cand


def _shot_down(ctx: Context, verb: Token) -> Candidate | None:
    """ "The manager used a press conference to shoot down a report that he threw a boot": "shoot down"
    of an allegation, by its subject or, for "to shoot down", the subject of the verb it serves."""
    if verb.lemma_.lower() != "shoot" or not any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children):
        return None
    noun = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if noun is None or noun.lemma_.lower() not in ALLEGATION_NOUNS:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ in ("xcomp", "advcl", "conj"):
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    return _denial_of_noun(ctx, verb, subject, noun)


def _denial_of_noun(ctx: Context, cue: Token, subject: Token, noun: Token) -> Candidate:
    """A denial of an allegation noun: its that-clause as content when it has one, else the noun phrase."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX")), None)
    what = clause if clause is not None else noun
    start = what.left_edge
    if start.lower_ == "that" and start.dep_ == "mark":
        start = ctx.doc[start.i + 1]
    end = what.right_edge
    cand = Candidate(cue=cue, cue_text=cue.text, kind=DENIAL, subject=subject, origin="verb")
    cand.content = [(start.idx, end.idx + len(end.text))]
    cand.target = np_text(noun)
    cand.target_reference = clause is None
    return cand


def _dismissive_of(ctx: Context, adj: Token) -> Candidate | None:
    """ "His agent was dismissive of the suggestion that he wants to leave": the adjective of a rejecting
    verb ("dismissive" of "dismiss"), of an allegation, by the subject of "be"."""
    if adj.dep_ != "acomp" or not adj.lower_.startswith(REJECT_STEMS):
        return None
    prep = next((c for c in adj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    noun = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    subject = next((c for c in adj.head.children if c.dep_ == "nsubj"), None)
    if noun is None or subject is None or noun.lemma_.lower() not in ALLEGATION_NOUNS:
        return None
    return _denial_of_noun(ctx, adj, subject, noun)
