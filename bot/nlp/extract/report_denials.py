"""Denials of a report: the claim a rejected report carries ("denied reports that …", "rejected
the union's claim that …") and who made it."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from bot.models import CLAIM, DENIAL, Statement
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import has_that_clause, overlaps, token_runs
from bot.nlp.extract.denial_parse import content_tokens, norm
from bot.nlp.extract.reports import carried_clause, circulating, named_source, plain_source, report_claim
from bot.nlp.extract.structures import Candidate
from bot.nlp.lexicon import (
    CHARACTERISE_VERBS,
    CLAIM_CARRIER_NOUNS,
    FALSITY_WORDS,
    PUBLISHED_NOUNS,
    REPORT_NOUNS,
)


def reported_claims(
    ctx: Context, pairs: list[tuple[Candidate, Statement]]
) -> tuple[list[tuple[Candidate, Statement]], dict[int, int]]:
    """Claims carried by the reports that denials reject, and which claim each such denial denies.

    "X denied reports that Z", "X rejected a claim by Y that Z", "X refuted claims
    of Z", "X dismissed the union's claim that Z": Z is a claim made by the
    report's source (Y, the union, or the reports themselves when no one is
    named). A claim the extractor already found for Z is reused, and given the
    source as its speaker when it had been given the denier's; otherwise one is
    added just before the denial. Returns the new list and, by position in it,
    denial -> the claim it denies.
    """
    pairs = list(pairs)
    targets: dict[int, Candidate] = {}  # id(denial candidate) -> the claim candidate it denies
    added: dict[int, tuple[Candidate, Statement]] = {}  # id(denial candidate) -> a claim to add before it
    named_targets: dict[int, Candidate] = {}  # id(denial candidate) -> the claim of the carrier it names
    for j, (cand, st) in enumerate(pairs):
        found = _report_of(ctx, cand) if st.kind == DENIAL else None
        if found is None:
            if st.kind == DENIAL:
                named = _named_carrier_claim(ctx, cand, pairs[:j])
                if named is None and _calls_it(cand):
                    named = _previous_named_target(ctx, cand, pairs[:j], named_targets)
                if named is not None:
                    targets[id(cand)] = named
                    named_targets[id(cand)] = named
            continue
        noun, clause, source = found
        if source is None and noun.lemma_.lower() not in PUBLISHED_NOUNS and not circulating(noun):
            continue  # "dismissed a suggestion that …": no one is said to have put it out
        runs = token_runs(clause)
        start, end = runs[0][0], runs[-1][1]
        existing = next(
            (j for j, (c, other) in enumerate(pairs) if other.kind == CLAIM and overlaps(c.content, start, end)),
            None,
        )
        if existing is not None:
            other_cand, other = pairs[existing]
            if norm(other.speaker) == norm(st.speaker) and source:
                # The clause was read as the denier's own claim: it is the report's.
                pairs[existing] = (other_cand, _with_speaker(other, source))
            targets[id(cand)] = other_cand
            continue
        claim_cand = Candidate(cue=noun, cue_text=noun.text, kind=CLAIM, subject=None, origin="report")
        claim_cand.content = runs
        claim_cand.first_unit, claim_cand.last_unit = cand.first_unit, cand.last_unit
        speaker = source or plain_source(noun)
        claim = report_claim(ctx, noun, clause, speaker, (start, end), (st.evidence, st.start, st.end))
        added[id(cand)] = (claim_cand, claim)
        targets[id(cand)] = claim_cand
    if not added and not targets:
        return pairs, {}
    out: list[tuple[Candidate, Statement]] = []
    for cand, st in pairs:
        if id(cand) in added:
            out.append(added[id(cand)])
        out.append((cand, st))
    position = {id(c): j for j, (c, _) in enumerate(out)}
    links = {
        position[id(cand)]: position[id(target)]
        for cand, _st in out
        if (target := targets.get(id(cand))) is not None and id(target) in position
    }
    return out, links


def _report_of(ctx: Context, cand: Candidate) -> tuple[Token, list[Token], str | None] | None:
    """The report noun a denial rejects, the tokens of what it reports, and its named source."""
    unit = ctx.units[ctx.unit_of_token[cand.cue.i]]
    quoted = [t for t in content_tokens(ctx, cand) if t.dep_ == "nsubj" and ctx.in_quote(t)] if cand.content else []
    for noun in [*cand.cue.subtree, *quoted]:
        if not (unit.start <= noun.i < unit.end) or noun.pos_ != "NOUN" or noun.lemma_.lower() not in REPORT_NOUNS:
            continue
        # 'called "misleading reports" that …': scare quotes around the verdict, the report outside.
        verdict = noun.dep_ in ("oprd", "attr") and noun.head.lemma_.lower() in CHARACTERISE_VERBS
        # 'said: "Reports that … are false"': the quoted verdict is passed on the report itself.
        judged = noun.dep_ == "nsubj" and any(
            c.dep_ in ("acomp", "attr") and c.lemma_.lower() in FALSITY_WORDS for c in noun.head.children
        )
        if (ctx.in_quote(noun) and not verdict and not judged) or noun.i <= cand.cue.i and noun.head.i != cand.cue.i:
            continue
        if any(c.dep_ == "det" and c.lower_ in ("any", "no") for c in noun.children):
            continue  # "rejected any suggestion of …": no one is said to have made it
        clause_head = has_that_clause(noun)
        carried = clause_head is None
        if carried:
            # "ridiculed claims circulating online that …": the clause hangs on the noun's participle.
            clause_head = carried_clause(noun)
        if clause_head is None and verdict:
            clause_head = has_that_clause(noun.head)  # the parser hangs the clause on "called"
            clause_head = clause_head if clause_head is not None and clause_head.i > noun.i else None
        if clause_head is None and noun.dep_ == "dobj" and noun.head.i == cand.cue.i:
            # "denied a report in the X newspaper that …": the parser hangs the clause on the verb;
            # it is the report's when it starts right where the report's phrase ends.
            clause_head = has_that_clause(cand.cue)
            if clause_head is not None and min(t.i for t in clause_head.subtree) != noun.right_edge.i + 1:
                clause_head = None
        if clause_head is not None:
            clause = [
                t
                for t in clause_head.subtree
                if not (t.dep_ == "mark" and t.lower_ == "that" and t.head == clause_head)
                and not (carried and t.i == clause_head.left_edge.i and t.lower_ == "that")
            ]
        else:
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is None:
                continue
            clause = list(pobj.subtree)
        clause = [t for t in clause if unit.start <= t.i < unit.end]
        clause += _stolen_object(clause, unit.end)
        # The clause ends at a set-off phrase (", which appeared in …") or the verdict ("as nonsense").
        cut = next((t.i for t in clause if t.i > clause[0].i and (t.text in (",", ";", "(") or t.lower_ == "as")), None)
        clause = [t for t in clause if (cut is None or t.i < cut) and not t.is_space]
        while clause and clause[-1].is_punct:
            clause.pop()
        if len([t for t in clause if t.is_alpha]) < 2:
            continue
        return noun, clause, named_source(noun)
    return None


# Determiners by which a denial points at a report or document already given ("the post", "that message").
_DEFINITE = frozenset("the that this these those".split())


def _named_carrier_claim(ctx: Context, cand: Candidate, before: list[tuple[Candidate, Statement]]) -> Candidate | None:
    """The claim a denial rejects by naming its carrier with a definite article: "called the post a hoax",
    "said the screenshots were fabricated", "there is no truth in the rumours", after "a post claimed …",
    "screenshots claiming to show …", "rumours swirled that …". The nearest earlier claim of the article whose
    speaker is that noun; nothing when no claim was made by one."""
    unit = ctx.units[ctx.unit_of_token[cand.cue.i]]
    words = [*cand.cue.subtree, *content_tokens(ctx, cand)] if cand.content else list(cand.cue.subtree)
    for noun in words:
        if not (unit.start <= noun.i < unit.end) or noun.pos_ != "NOUN":
            continue
        lemma = noun.lemma_.lower()
        if lemma not in CLAIM_CARRIER_NOUNS | REPORT_NOUNS:
            continue
        # The article may hang on the next word when the parser joins noun and verdict ("the post nonsense").
        previous = noun.doc[noun.i - 1] if noun.i > 0 else None
        if not (
            any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children)
            or (previous is not None and previous.lower_ in _DEFINITE and previous.tag_ == "DT")
        ):
            continue
        if has_that_clause(noun) is not None or any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
            continue  # "the claim that …", "the rumours of …" say what they carry: the report pass reads them
        for other_cand, other in reversed(before):
            last = norm(other.speaker).split()[-1:] if other.kind == CLAIM else []
            if last and (last[0] == noun.lower_ or last[0].rstrip("s") == lemma):
                return other_cand
    return None


def _calls_it(cand: Candidate) -> bool:
    """Whether a denial's verb has a bare "it" or "them" for its object ("called it a hoax")."""
    return any(c.dep_ in ("dobj", "nsubj") and c.lower_ in ("it", "them") for c in cand.cue.children)


def _previous_named_target(
    ctx: Context, cand: Candidate, before: list[tuple[Candidate, Statement]], named: dict[int, Candidate]
) -> Candidate | None:
    """ "Vasko called the post fake … The ministry called it a hoax.": an "it" in a denial right after one
    that named a post or report (this sentence or the one before) stands for the same thing."""
    unit = ctx.unit_of_token[cand.cue.i]
    for other_cand, other in reversed(before):
        if ctx.unit_of_token[other_cand.cue.i] < unit - 1:
            return None
        if other.kind == DENIAL:
            return named.get(id(other_cand))
    return None


def _stolen_object(clause: list[Token], end: int) -> list[Token]:
    """ "a report that it plans to buy scooter maker Zipwell, whose founder said …": the parser made the
    end of the report's object the subject of the next verb. A bare noun phrase right after the clause,
    up to the next comma, whose head is the subject of a verb further on, belongs to the clause."""
    if not clause:
        return []
    last = max(clause, key=lambda t: t.i)
    if last.pos_ not in ("VERB", "NOUN", "PROPN"):
        return []
    doc = last.doc
    run: list[Token] = []
    for t in doc[last.i + 1 : min(end, last.i + 8)]:
        if t.text in (",", ";", ".", ":") or t.is_space:
            break
        if t.pos_ not in ("NOUN", "PROPN", "ADJ", "DET", "NUM"):
            return []
        run.append(t)
    if not run or run[-1].pos_ not in ("NOUN", "PROPN"):
        return []
    head = run[-1]
    stolen = head.dep_ == "nsubj" and head.head.i > head.i + 1 and all(t is head or t.head in run for t in run)
    return run if stolen else []


def _with_speaker(st: Statement, speaker: str) -> Statement:
    """A statement given another speaker."""
    return replace(st, speaker=speaker, speaker_text=speaker, speaker_role=None, speaker_aliases=())
