"""From candidates to `Statement`s: speakers, kinds, text and evidence; the extractor's entry point."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from bot.models import CLAIM, DENIAL, Statement
from bot.nlp.extract.attribution import attach_quotes, collect
from bot.nlp.extract.context import Context
from bot.nlp.extract.denials import (
    asserted_below,
    content_tokens,
    contradicted_claim,
    denial_reference,
    denied_claim,
    flat_negation,
    in_headline,
    norm,
    reported_claims,
    spoken_denials,
    trailing_which_denials,
)
from bot.nlp.extract.headlines import colon_speakers, with_headlines
from bot.nlp.extract.nesting import apply_cited_sources, apply_relays, resolve_nesting, split_second_sources
from bot.nlp.extract.reports import standing_reports
from bot.nlp.extract.spans import shape_contents
from bot.nlp.extract.structures import CLOSE_DOUBLE, OPEN_DOUBLE, UNNAMED_SOURCE, Candidate, Unit
from bot.nlp.lexicon import (
    COMMITMENT_WORDS,
)
from bot.nlp.speakers.names import GROUP, PERSON, UNKNOWN, Mention, Speaker
from bot.nlp.speakers.resolver import SpeakerResolver
from bot.nlp.speakers.subjects import describe_subject

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ statements


def _content_text(ctx: Context, cand: Candidate) -> str:
    pieces = [ctx.text[s:e] for s, e in cand.content]
    text = " ".join(p.strip() for p in pieces if p.strip())
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"^(?:,|;|:|—|–|-|\s)+", "", text)
    first = next((t for t in content_tokens(ctx, cand)), None)
    if first is not None and first.lower_ == "that" and first.dep_ == "mark":
        text = text[len(first.text) :].lstrip()
    text = text.strip(" ,;:—–-")
    text = re.sub(r"[,;]?\s+(?:and|or|but)$", "", text)
    if not cand.direct and text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()  # reported speech ends where the sentence does
    if text.count('"') % 2 == 1:
        text = text.replace('"', "").strip()
    text = text.strip(OPEN_DOUBLE + CLOSE_DOUBLE).strip() if _unbalanced_curly(text) else text
    return text


def _unbalanced_curly(text: str) -> bool:
    return text.count(OPEN_DOUBLE) != text.count(CLOSE_DOUBLE)


def _evidence(ctx: Context, cand: Candidate) -> tuple[int, int]:
    first = ctx.units[cand.first_unit]
    last = ctx.units[cand.last_unit]
    start = min(first.start_char, cand.content_start if cand.content_start >= 0 else first.start_char)
    end = max(last.end_char, cand.content_end)
    return start, _past_closing_quote(ctx.text, start, end)


def _past_closing_quote(text: str, start: int, end: int) -> int:
    """The evidence end moved past the mark that closes a quote it opened: a sentence that ends inside a
    quote ('He replied: "That is untrue."') is cut before the closing mark, which belongs to it."""
    piece = text[start:end]
    if end < len(text) and text[end] == CLOSE_DOUBLE and piece.count(OPEN_DOUBLE) > piece.count(CLOSE_DOUBLE):
        return end + 1
    if end < len(text) and text[end] == '"' and piece.count('"') % 2 == 1:
        return end + 1
    return end


def _lemmas(ctx: Context, cand: Candidate) -> tuple[str, ...]:
    out = []
    for tok in content_tokens(ctx, cand):
        if tok.is_stop or tok.is_punct or not (tok.is_alpha or tok.like_num):
            continue
        out.append(tok.lemma_.lower())
    return tuple(out)


def _entities(ctx: Context, cand: Candidate) -> tuple[str, ...]:
    out: list[str] = []
    for tok in content_tokens(ctx, cand):
        found = ctx.ent_at.get(tok.i)
        if found is None or found[0] != tok.i or found[2] in ("CARDINAL", "ORDINAL"):
            continue
        text = ctx.doc[found[0] : found[1]].text
        if text not in out:
            out.append(text)
    return tuple(out)


def _mention(ctx: Context, cand: Candidate) -> Mention | None:
    if cand.unnamed:
        return None
    if cand.subject is None:
        return None
    if ctx.in_quote(cand.subject) and not ctx.in_quote(cand.cue):
        return None
    if cand.origin == "colon" and cand.speaker_bounds is not None:
        label = ctx.doc[cand.speaker_bounds[0] : cand.speaker_bounds[1]]
        words = [t for t in label if t.is_alpha]
        if words and all(t.is_upper and len(t) >= 2 for t in words):
            # A transcript label in capitals ("AMANKWAH:") names a person the tagger may take for a verb:
            # the article's fuller form of that name, else the label as written.
            low = words[-1].lower_
            named = ctx.registry.knows(low) or next(
                (e.text for e in ctx.doc.ents if e.label_ in ("PERSON", "ORG") and len(e) > 1 and e[-1].lower_ == low),
                None,
            )
            name = named or (label.text.title() if len(words) > 1 else label.text)
            return Mention(label.text, "name", cand.subject, name=name, type=PERSON)
    unit = ctx.units[ctx.unit_of_token[cand.subject.i]]
    found = describe_subject(cand.subject, ctx.registry, cand.speaker_bounds or (unit.start, unit.end), cand.cue)
    if found is None and cand.subject.dep_ == "nsubj" and cand.subject.head.i == cand.cue.i:
        return _plain_subject(cand.subject)
    return found


# Subjects that say nobody spoke ("none said", "no one knows").
_NOBODY = frozenset({"none", "nobody", "noone", "neither", "nothing"})


# Quantifiers that stand for people ("Some say …", "Many of his backers argue …").
_SOME_PEOPLE = frozenset({"some", "many", "others", "most", "several", "both", "few"})


def _plain_subject(head: Token) -> Mention | None:
    """The cue's own noun or number subject when the speaker rules know no speaker in it ("at least 21,000
    said", "The two admit", "Nine say"): the phrase as written, as a group that speaks. Not pronouns, and not
    "none"/"no one"."""
    if head.lower_ in _NOBODY or not (head.pos_ in ("NOUN", "PROPN", "NUM") or head.lower_ in _SOME_PEOPLE):
        return None
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return None
    tokens = [t for t in head.subtree if t.i <= head.i and not t.is_punct]
    if not tokens or tokens[0].i < head.left_edge.i:
        return None
    end = head.i + 1
    if head.lower_ in _SOME_PEOPLE:
        # "Many of the delegates": the quantifier alone names nobody
        part = next(
            (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "in", "among") and c.i == head.i + 1),
            None,
        )
        end = part.right_edge.i + 1 if part is not None else end
    return Mention(head.doc[tokens[0].i : end].text, "group", head, type=GROUP)


def _root_subjects(ctx: Context, unit: Unit) -> list[Token]:
    """Main-clause subjects of a sentence outside quotes, for pronoun recency."""
    dep = ctx.dep
    return [
        ctx.tokens[i]
        for i in range(unit.start, unit.end)
        if dep[i] == "nsubj" and dep[ctx.head[i]] == "ROOT" and ctx.quote_of_token[i] < 0
    ]


def _build(ctx: Context, cands: list[Candidate]) -> list[Statement]:
    """Resolve speakers in document order and turn candidates into statements."""
    resolver = SpeakerResolver(ctx.registry, bindings=ctx.bindings, genders=ctx.genders)
    cands.sort(key=lambda c: (_evidence(ctx, c)[0], c.cue.i if c.origin != "quote" else c.content_start))
    by_unit: dict[int, list[Candidate]] = {}
    for cand in cands:
        by_unit.setdefault(cand.last_unit, []).append(cand)
    resolved: dict[int, Speaker] = {}
    statements: list[tuple[Candidate, Statement]] = []
    deferred: list[Candidate] = []
    for ui, unit in enumerate(ctx.units):
        retry: list[Candidate] = []
        for cand in sorted(by_unit.get(ui, []), key=lambda c: c.cue.i):
            if cand.follows is not None and id(cand.follows) not in resolved:
                deferred.append(cand)  # a quote opening before the sentence that attributes it
                continue
            if not _resolve_and_record(ctx, cand, resolver, resolved, statements):
                if cand.subject is not None and cand.subject.pos_ == "PRON":
                    retry.append(cand)
        # '… what it called false claims, the ministry said': "it" may name a speaker later in the sentence.
        for cand in retry:
            _resolve_and_record(ctx, cand, resolver, resolved, statements)
        for subj in _root_subjects(ctx, unit):
            mention = describe_subject(subj, ctx.registry)
            if mention is not None and mention.kind == "name":
                resolver.observe(Speaker(mention.name or mention.text, mention.text, mention.role, PERSON))
    for cand in deferred:
        _resolve_and_record(ctx, cand, resolver, resolved, statements)
    statements.sort(key=lambda cs: (cs[1].start, cs[0].cue.i if cs[0].origin != "quote" else cs[0].content_start))
    return _finish(ctx, statements)


def _resolve_and_record(
    ctx: Context,
    cand: Candidate,
    resolver: SpeakerResolver,
    resolved: dict[int, Speaker],
    statements: list[tuple[Candidate, Statement]],
) -> bool:
    """Resolve a candidate's speaker and add its statement; False when no speaker is found."""
    speaker = _speaker_of(ctx, cand, resolver, resolved)
    if speaker is None:
        return False
    resolved[id(cand)] = speaker
    subject = cand.subject
    plural = subject is not None and (
        subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
    )
    # A speaker mentioned inside another statement ("criticism from X, who said …") is not who "she" is next.
    embedded = cand.origin == "noun" or (cand.origin == "verb" and cand.cue.dep_ in ("relcl", "acl"))
    if not embedded:
        resolver.observe(speaker, plural=plural, token=subject.i if subject is not None else None)
    stmt = _statement(ctx, cand, speaker)
    if stmt is not None:
        statements.append((cand, stmt))
    return True


def _speaker_of(
    ctx: Context, cand: Candidate, resolver: SpeakerResolver, resolved: dict[int, Speaker]
) -> Speaker | None:
    if cand.follows is not None:
        base = resolved.get(id(cand.follows))
        if base is None:
            return None
        return base
    if cand.unnamed:
        agent = next((c for c in cand.cue.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is None:
            return Speaker(UNNAMED_SOURCE, "it", None, UNKNOWN)
        cand.subject = pobj
    mention = _mention(ctx, cand)
    if mention is None:
        return None
    if cand.origin == "according" and mention.kind == "group":
        mention.text = mention.text
    return resolver.resolve(mention)


def _statement(ctx: Context, cand: Candidate, speaker: Speaker) -> Statement | None:
    text = _content_text(ctx, cand)
    if not text or not re.search(r"\w", text):
        return None
    kind = cand.kind
    target = cand.target
    if kind == CLAIM:
        is_denial, phrase = denial_reference(ctx, cand)
        if is_denial:
            kind = DENIAL
            target = phrase or target
        elif in_headline(ctx, cand) and flat_negation(ctx, cand) and asserted_below(ctx, cand):
            kind = DENIAL  # a headline giving someone's flat negation ("Lodge owner: Minister was never here")
    if kind == CLAIM and not cand.direct and not _says_something(ctx, cand):
        return None  # "endorsed him", "referred to", "rails against": a reference with nothing said
    start, end = _evidence(ctx, cand)
    evidence = ctx.text[start:end]
    return Statement(
        kind=kind,
        cue=cand.cue_text,
        speaker=speaker.name,
        speaker_text=speaker.text,
        text=text if cand.origin != "noun" else (cand.target or text),
        evidence=evidence,
        start=start,
        end=end,
        speaker_role=speaker.role,
        speaker_type=speaker.type,
        relay=cand.relay,
        direct=cand.direct,
        lemmas=_lemmas(ctx, cand),
        entities=_entities(ctx, cand),
        target_text=target if kind == DENIAL else None,
    )


# Parts of speech that carry what a reported claim says; "endorsed him", "referred to", "rails against" carry none.
_SAYING_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "AUX", "ADV"})


def _says_something(ctx: Context, cand: Candidate) -> bool:
    """Whether reported (not quoted) content holds a word that says something, beyond pronouns and particles."""
    return any(t.pos_ in _SAYING_POS for t in content_tokens(ctx, cand))


def _finish(ctx: Context, pairs: list[tuple[Candidate, Statement]]) -> list[Statement]:
    """Drop repeats, fill aliases and link denials to the claims they target."""
    seen_exact: dict[tuple[str, str, str], int] = {}
    seen_text: dict[tuple[str, str], int] = {}
    out: list[tuple[Candidate, Statement]] = []
    for cand, st in pairs:
        norm_text = norm(st.text)
        key = (st.kind, norm_text, norm(st.evidence))
        long_key = (st.kind, norm_text)
        kept = seen_exact.get(key)
        if kept is None and len(norm_text.split()) >= 4:
            kept = seen_text.get(long_key)
        if kept is not None:
            kept_cand, kept_st = out[kept]
            if cand.is_relay and not kept_st.relay and kept_st.evidence == st.evidence:
                # "…, as stated by X, Agency reported": the agency relays X's words.
                out[kept] = (kept_cand, replace(kept_st, relay=st.speaker))
            continue
        seen_exact[key] = len(out)
        seen_text.setdefault(long_key, len(out))
        out.append((cand, st))
    # A report noun's clause that nobody's words cover ("sparking rumours that …") is the report's claim.
    out = standing_reports(ctx, out)
    # A denial of a report: what the report says is a claim, by its source.
    out, report_links = reported_claims(ctx, out)
    aliases: dict[str, set[str]] = {}
    for _, st in out:
        aliases.setdefault(st.speaker, set()).add(st.speaker_text)
    result: list[Statement] = []
    for i, (cand, st) in enumerate(out):
        st = replace(st, speaker_aliases=tuple(sorted(aliases[st.speaker] - {st.speaker})))
        if (
            st.kind == DENIAL
            and cand.commitment_denial
            and not any(
                prior.kind == CLAIM and prior.speaker != st.speaker and set(prior.lemmas) & COMMITMENT_WORDS
                for prior in result
            )
        ):
            # "had made no firm commitment" with no commitment claimed before: a report, not a denial
            st = replace(st, kind=CLAIM, target_text=None)
            out[i] = (cand, st)
        if st.kind == CLAIM:
            denies, contradicted = contradicted_claim(ctx, cand, st, result)
            if denies:
                # "Russia said it had not shelled the plant" after "Ukraine said Russia shelled the plant".
                st = replace(st, kind=DENIAL, target_text=st.text, denies_index=contradicted)
                out[i] = (cand, st)
                result.append(st)
                continue
        if st.kind == DENIAL:
            reported = report_links.get(i)
            st = replace(st, denies_index=reported if reported is not None else denied_claim(out, i, cand, st, result))
        result.append(st)
    # A link may point forward ("X dismissed Y's claim that …"); it must still land on a claim.
    return [
        replace(st, denies_index=None)
        if st.denies_index is not None and (st.denies_index == i or result[st.denies_index].kind != CLAIM)
        else st
        for i, st in enumerate(result)
    ]


def extract_statements(doc: Doc) -> Iterator[Statement]:
    """Yield the attributed statements of a parsed article, in text order.

    Works only on the doc's tokens, parse, entities and text (no second parse).
    A parse the rules cannot handle costs that article its statements, never the ingest.
    """
    if len(doc) == 0:
        return iter(())
    try:
        return iter(_extract(doc))
    except (IndexError, KeyError, ValueError, AttributeError, StopIteration) as exc:
        log.warning("attribution extraction failed on a %d-token doc: %s: %s", len(doc), type(exc).__name__, exc)
        return iter(())


def _extract(doc: Doc) -> list[Statement]:
    ctx = Context(doc)
    cands = collect(ctx)
    cands = attach_quotes(ctx, cands)
    split_second_sources(ctx, cands)
    cands = resolve_nesting(ctx, cands)
    cands = with_headlines(ctx, cands)
    cands = colon_speakers(ctx, cands)
    apply_cited_sources(ctx, cands)
    apply_relays(ctx, cands)
    _drop_lead_labels(ctx, cands)
    cands = shape_contents(ctx, cands)
    cands += trailing_which_denials(ctx, cands)
    cands += spoken_denials(ctx, cands)
    cands = [c for c in cands if (c.content or (c.kind == DENIAL and c.target)) and not _noun_compound_cue(c)]
    return _build(ctx, cands)


def _noun_compound_cue(cand: Candidate) -> bool:
    """A speech word read as a verb whose "subject" modifies it as a noun: "it was just crash reports",
    "the press reports": a noun compound, so neither a cue nor a speaker."""
    subject = cand.subject
    return (
        cand.origin == "verb"
        and cand.cue.pos_ == "NOUN"
        and subject is not None
        and subject.dep_ in ("compound", "amod", "nmod")
        and subject.head.i == cand.cue.i
    )


# A short label that opens a paragraph and ends in a colon: "What was claimed:", "The verdict:", "UPDATE:".
_LEAD_LABEL = re.compile(r"^[^\W\d][^:\"\u201c\n]{0,40}?:\s")


def _drop_lead_labels(ctx: Context, cands: list[Candidate]) -> None:
    """A fact-check's or live blog's label before a sentence ("What was claimed: A post claims that …") is no
    part of what the sentence's speaker said; the parse sometimes hangs it on the content."""
    for cand in cands:
        unit = ctx.units[ctx.unit_of_token[cand.cue.i]]
        if not cand.content or (
            ctx.unit_of_token[cand.cue.i] > 0 and ctx.units[ctx.unit_of_token[cand.cue.i] - 1].para == unit.para
        ):
            continue
        match = _LEAD_LABEL.match(ctx.text[unit.start_char : unit.end_char])
        if match is None or len(match.group().split()) > 6 or cand.cue.idx < unit.start_char + match.end():
            continue
        label_end = unit.start_char + match.end()
        cand.content = [(max(s, label_end), e) for s, e in cand.content if e > label_end]
