"""Statements inside statements: relays, reports within claims, side-by-side statements split apart."""

from __future__ import annotations

from bot.models import CLAIM, DENIAL
from bot.nlp.extract.content import looks_like_outlet, outlet_name, relays_in, trim_punct
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import clip, cut, overlaps, token_runs
from bot.nlp.extract.structures import SPEECH_LEMMAS, Candidate
from bot.nlp.lexicon import (
    CHARACTERISE_VERBS,
    DOCUMENT_NOUNS,
    EVIDENCE_NOUNS,
)


def resolve_nesting(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """One statement per attribution: an outlet's report yields its source's words with a relay."""
    keep: list[Candidate] = []
    dropped: set[int] = set()
    for outer in cands:
        if id(outer) in dropped:
            continue
        # "according to the Post, X said …" relays X;
        # "according to two officials, X proposed …" is the officials' account
        if outer.second_source:
            continue
        relay_like = (
            outer.is_relay
            or (outer.origin == "according" and _according_relays(ctx, outer))
            or (outer.subject is not None and looks_like_outlet(outer.subject))
        )
        nested = [
            c
            for c in cands
            if c is not outer
            and c.origin in ("verb", "noun")
            and (relay_like or not c.in_quote or ctx.in_quote(outer.cue))
            and overlaps(outer.content, c.cue.idx, c.cue.idx + 1)
            and c.subject is not None
        ]
        outer_subject = outer.subject.i if outer.subject is not None else -1
        separate = [
            c
            for c in nested
            if (c.subject is not None and c.subject.i == outer_subject)
            or _coordinate(c)
            or _narrated_denial_before(c, outer)
            or (
                c.kind == DENIAL
                and c.cue.lemma_.lower() in CHARACTERISE_VERBS
                and c.subject is not None
                and c.subject.lower_ in ("it", "they", "he", "she")
            )
        ]
        for c in separate:
            # "X said A, adding that B" / "X said A, while Y argued B": statements side by side.
            left = c.cue.left_edge
            start = left.idx
            if left.i > 0 and ctx.doc[left.i - 1].is_punct:
                start = ctx.doc[left.i - 1].idx
            right = c.cue.right_edge
            outer.content = cut(outer.content, (start, right.idx + len(right.text)))
            if c.origin == "noun" and c.noun_span is not None:
                outer.content = cut(outer.content, c.noun_span)  # ", a claim X denied": the noun goes too
        inner = [c for c in nested if c.subject is not None and c not in separate]
        if not inner:
            continue
        if relay_like:
            name = outlet_name(outer.subject) if outer.subject is not None else None
            for c in inner:
                c.relay = c.relay or name
                c.in_quote = False
                c.first_unit = min(c.first_unit, outer.first_unit)
                c.last_unit = max(c.last_unit, outer.last_unit)
            dropped.add(id(outer))
        else:
            for c in inner:
                if c.origin == "noun" and c.noun_span is not None:
                    outer.content = cut(outer.content, c.noun_span)
                elif (
                    outer.kind == DENIAL
                    and c.kind == CLAIM
                    and (
                        c.origin == "noun"
                        or (c.subject is not None and overlaps(outer.content, c.subject.idx, c.subject.idx + 1))
                    )
                ):
                    # "X dismissed Y's claim that …", "rejected criticism from Y, who said …": keep Y's claim
                    if c.origin != "noun":
                        left = c.cue.left_edge
                        start = ctx.doc[left.i - 1].idx if left.i > 0 and ctx.doc[left.i - 1].is_punct else left.idx
                        outer.content = cut(outer.content, (start, c.cue.right_edge.idx + len(c.cue.right_edge.text)))
                    continue
                else:
                    dropped.add(id(c))
    for cand in cands:
        if id(cand) in dropped or (cand.in_quote and cand.origin != "quote"):
            continue
        keep.append(cand)
    return keep


def split_second_sources(ctx: Context, cands: list[Candidate]) -> None:
    """ "X said A because B rose 38 percent, according to figures from Y": the figures state B
    themselves; they do not relay X. The trailing phrase leaves X's content and gets its own."""
    for source in cands:
        if source.origin != "according" or source.subject is None:
            continue
        if source.subject.lemma_.lower() not in EVIDENCE_NOUNS and source.subject.lower_ not in EVIDENCE_NOUNS:
            continue
        according = source.cue
        head = according.head
        speakers = [
            c
            for c in cands
            if c.origin == "verb"
            and c.cue.i < according.i
            and c.first_unit == source.first_unit
            and overlaps(c.content, according.idx, according.idx + 1)
            and head.i != c.cue.i
        ]
        if not speakers or head.i == according.i:
            continue
        phrase = {t.i for t in according.subtree}
        # The figures back the clause just before them: a "because" clause with a number, else the phrase's head clause.
        backed = next(
            (
                c
                for c in head.children
                if c.dep_ == "advcl" and c.i < according.i and any(t.like_num for t in c.subtree)
            ),
            head,
        )
        tokens = [t for t in backed.subtree if t.i not in phrase and not (t.dep_ == "mark" and t.head.i == backed.i)]
        unit = ctx.units[source.first_unit]
        source.content = clip(token_runs(trim_punct(tokens)), unit)
        source.second_source = True
        comma = ctx.doc[according.i - 1] if according.i > 0 and ctx.doc[according.i - 1].text == "," else according
        end = according.right_edge
        for speaker in speakers:
            speaker.content = cut(speaker.content, (comma.idx, end.idx + len(end.text)))


def _according_relays(ctx: Context, cand: Candidate) -> bool:
    """Whether an "according to" source passes on someone's words rather than giving its own account:
    an outlet does; people cited for an act they witnessed ("X proposed …") and documents for a finding do not."""
    if cand.subject is None or looks_like_outlet(cand.subject):
        return True
    unit = ctx.units[cand.first_unit]
    inner = [
        t
        for t in ctx.doc[unit.start : unit.end]
        if t.pos_ == "VERB" and t.dep_ == "ROOT" and overlaps(cand.content, t.idx, t.idx + 1)
    ]
    if cand.subject.lemma_.lower() in DOCUMENT_NOUNS:
        # A document relays any report it records ("according to a statement, the park confirmed …"), but what
        # it found ("according to the survey, most voters see the mayor as weak") is its own account.
        return not inner or any(t.lemma_.lower() in SPEECH_LEMMAS for t in inner)
    # Only speech proper is relayed ("X told reporters", "X said"); a proposal or a demand is an act reported.
    return not inner or any(
        t.lemma_.lower() in ("say", "tell", "write", "state", "add", "insist", "claim", "deny") for t in inner
    )


# Conjunctions of a narrated event ("shares rose after the carmaker dismissed …").
_NARRATION_MARKS = frozenset("after before when since as because once".split())


def _narrated_denial_before(cand: Candidate, outer: Candidate) -> bool:
    """ "Shares rose after the carmaker dismissed as speculation a report that …, whose founder, X,
    said …": a denial in a subordinate clause of time or cause that comes before the outer speaker
    is the writer's narration, not part of what that speaker said."""
    if cand.kind != DENIAL or cand.origin != "verb" or outer.subject is None or cand.subject is None:
        return False
    if not (cand.cue.i < outer.subject.i < outer.cue.i) or cand.subject.pos_ == "PRON":
        return False
    return any(c.dep_ == "mark" and c.lower_ in _NARRATION_MARKS for c in cand.cue.children)


def _coordinate(cand: Candidate) -> bool:
    """A reporting clause beside another one ("…, while critics argued …", "…, a pledge X said
    would …"), not inside it."""
    if (
        cand.origin in ("verb", "noun")
        and cand.cue.dep_ == "relcl"
        and any(c.dep_ == "nsubj" for c in cand.cue.children)
    ):
        # "…, a report the ministry calls untrue": the noun's verdict stands beside the report, too.
        return True
    if cand.origin != "verb" or cand.cue.dep_ not in ("advcl", "conj"):
        return False
    has_subject = any(c.dep_ == "nsubj" for c in cand.cue.children)
    marked = any(
        c.dep_ in ("mark", "cc") and c.lower_ in ("while", "whereas", "but", "although", "though", "and")
        for c in cand.cue.children
    )
    return has_subject and (marked or cand.cue.dep_ == "conj")


def apply_cited_sources(ctx: Context, cands: list[Candidate]) -> None:
    """ "the Post reported …, citing two officials" / "the broadcaster, quoting a diplomat, said …":
    the people cited are the speakers and the outlet relays them."""
    for cand in cands:
        if cand.origin != "verb" or cand.subject is None:
            continue
        if not (cand.is_relay or looks_like_outlet(cand.subject)):
            continue
        unit = ctx.units[ctx.unit_of_token[cand.cue.i]]
        for tok in ctx.doc[unit.start : unit.end]:
            if tok.lemma_.lower() not in ("cite", "quote") or tok.tag_ != "VBG":
                continue
            source = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if source is None:
                continue
            if overlaps(cand.content, tok.idx, tok.idx + 1):
                # "… reported that X, citing a letter from Y": the citing phrase closes the content
                comma = ctx.doc[tok.i - 1] if tok.i > 0 else tok
                if comma.text != "," or tok.right_edge.i + 2 < unit.end:
                    continue
                cand.content = cut(cand.content, (comma.idx, tok.right_edge.idx + len(tok.right_edge.text)))
            cand.relay = outlet_name(cand.subject)
            cand.subject = source
            cand.speaker_bounds = (source.left_edge.i, source.right_edge.i + 1)
            cand.is_relay = False
            break


def apply_relays(ctx: Context, cands: list[Candidate]) -> None:
    """Outlets cited elsewhere in the sentence relay each statement of it."""
    bare = [(c, c.subject) for c in cands if c.is_relay and not c.content and c.subject is not None]
    for relay, outlet in bare:
        for cand in cands:
            if cand is not relay and cand.first_unit <= relay.first_unit <= cand.last_unit and not cand.relay:
                cand.relay = outlet_name(outlet)
    for cand in cands:
        if cand.relay:
            continue
        for ui in range(cand.first_unit, cand.last_unit + 1):
            if ui not in ctx.relay_cache:
                ctx.relay_cache[ui] = relays_in(ctx, ctx.units[ui])
            relays = [name for tok, name in ctx.relay_cache[ui] if tok.i != cand.cue.i or tok.lemma_ == "tell"]
            if relays:
                cand.relay = relays[0]
                break
