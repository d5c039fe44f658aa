"""Reporting verbs in positions the main rules leave alone: a parenthetical "as X noted" and a passive with its
speaker in a "by" phrase ("was criticized by X for …").

Both rules read only the parse. `collect` asks them for a verb when the hand rules and the cue table found no
content for it, so no statement they make changes.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.models import CLAIM
from bot.nlp.cue_frames import CUE_FRAMES
from bot.nlp.cue_pairs import PAIR_FRAMES
from bot.nlp.extract.content import trim_punct
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import (
    clip,
    find_subject,
    is_negated,
    line_break_between,
    passive_agent,
    prescriptive_source,
    token_runs,
)
from bot.nlp.extract.frames import HYPOTHETICAL, frame_content
from bot.nlp.extract.structures import QUOTE_CHARS, SPEECH_LEMMAS, Candidate
from bot.nlp.lexicon import RELAY_VERBS, TOPIC_PREPOSITIONS, WISH_VERBS

# Dependents that give the verb a complement of its own: then "as" is a time ("as he told the crowd …"), not a
# pointer to the clause it hangs on.
_OWN_COMPLEMENTS = frozenset({"dobj", "ccomp", "xcomp", "dative", "attr", "acomp", "oprd", "csubj", "nsubjpass"})
# Prepositions that name what the verb was about or whom it addressed ("as it commented on the rules"), which
# make the "as" clause a report of its own rather than a pointer.
_ADDRESS_PREPS = TOPIC_PREPOSITIONS | {"to", "with", "for", "against", "at"}
# Words that link a sentence to the one before ("But", "And yet", "Still").
_LINKING_DEPS = frozenset({"cc", "advmod", "punct", "intj"})
# Subjects that name no speaker.
_NO_SOURCE = frozenset({"it", "that", "this", "there", "which", "what", "who"})


def _cue_verb(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return (lemma in SPEECH_LEMMAS or lemma in CUE_FRAMES) and lemma not in WISH_VERBS


def _asserted(ctx: Context, tok: Token) -> bool:
    """A verb outside quotes, not negated and not hypothetical."""
    if ctx.in_quote(tok) or is_negated(tok):
        return False
    return not any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL for c in tok.children)


def _cue_text(tok: Token) -> str:
    parts = sorted([tok, *(c for c in tok.children if c.dep_ == "prt")], key=lambda t: t.i)
    return " ".join(t.text for t in parts)


def as_parenthetical(ctx: Context, tok: Token) -> Candidate | None:
    """ "Prices will rise, as the minister noted", "As one study found, …", "as she put it": a reporting verb in
    an "as" clause with no complement of its own points at the clause it hangs on, which its subject said."""
    if tok.pos_ != "VERB" or tok.dep_ != "advcl" or not _asserted(ctx, tok):
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" and c.i < tok.i for c in tok.children):
        return None
    put_it = tok.lemma_.lower() == "put" and [c.lower_ for c in tok.children if c.dep_ == "dobj"] == ["it"]
    if not (_cue_verb(tok) or put_it):
        return None
    for child in tok.children:
        if child.dep_ in _OWN_COMPLEMENTS and not (put_it and child.dep_ == "dobj"):
            return None
        if child.dep_ == "prep" and child.lower_ in _ADDRESS_PREPS:
            return None
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in _NO_SOURCE or subject.i > tok.i or prescriptive_source(subject):
        return None
    head = tok.head
    unit = ctx.unit_of_token[tok.i]
    if head.pos_ not in ("VERB", "AUX") or ctx.unit_of_token[head.i] != unit:
        return None
    after = ctx.text[tok.right_edge.idx + len(tok.right_edge.text) : tok.right_edge.idx + len(tok.right_edge.text) + 4]
    if ":" in after or any(q in after for q in QUOTE_CHARS):
        return None  # 'as she said, "…"': the verb introduces the quote after it
    aside = {t.i for t in tok.subtree}
    clause = [t for t in head.subtree if t.i not in aside and ctx.unit_of_token[t.i] == unit]
    if any(t.pos_ == "VERB" and _cue_verb(t) for t in clause):
        # "X said A, as the paper reported", "As the paper revealed, X agreed to …": the clause holds a report of
        # its own, which the paper relays
        return None
    start, end = min(aside), max(aside)
    # the commas that set the aside off
    clause = [t for t in clause if not (t.is_punct and t.i in (start - 1, end + 1))]
    if all(t.i > start or t.dep_ in _LINKING_DEPS for t in clause):
        # "But, as X noted, …": a linking word before the aside belongs to the writer's sentence
        clause = [t for t in clause if t.i > start]
    clause = trim_punct(clause)
    if sum(t.is_alpha for t in clause) < 3:
        return None
    cand = Candidate(cue=tok, cue_text=_cue_text(tok), kind=CLAIM, subject=subject)
    cand.content = clip(token_runs(clause), ctx.units[unit])
    return cand if cand.content else None


# What a passive reporting verb says about its subject after it: "was criticized by X for …", "was dismissed by X as
# …", "was called a fraud by X".
_PASSIVE_GROUNDS_PREPS = frozenset({"for", "as", "over"})
_PASSIVE_GROUNDS_DEPS = frozenset({"oprd", "xcomp"})
# Passives whose "by" phrase is not the speaker: "is known by the name X", "was asked by X whether …" (a
# question), "was quoted by X as saying" (the subject speaks, X relays).
_NOT_PASSIVE_REPORTS = frozenset({"know", "ask", "quote", "cite"})


def agentive_passive(ctx: Context, tok: Token) -> Candidate | None:
    """ "The plan was criticized by the union for its cost", "The staff were told by the director that …": a passive
    reporting verb whose speaker is its "by" phrase. What was said is the clause when the verb has one (the
    subject is only the listener); otherwise the subject with what the verb says about it."""
    # the lemma tests first: they are cheap and turn most verbs away before the children are read
    if tok.pos_ != "VERB" or not _cue_verb(tok) or not _asserted(ctx, tok):
        return None
    if tok.lemma_.lower() in _NOT_PASSIVE_REPORTS or not any(c.dep_ == "auxpass" for c in tok.children):
        return None
    subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    agent = passive_agent(tok)
    unit = ctx.unit_of_token[tok.i]
    if subject is None or agent is None or ctx.in_quote(agent) or ctx.unit_of_token[agent.i] != unit:
        return None
    if agent.pos_ not in ("PROPN", "NOUN") or agent.lower_ in _NO_SOURCE or prescriptive_source(agent):
        return None
    after = [c for c in tok.children if c.i > tok.i and not line_break_between(tok, c)]
    bounds: tuple[int, int] | None = None
    clause = next((c for c in after if c.dep_ == "ccomp"), None)
    if clause is not None:
        tokens = list(clause.subtree)
    else:
        if subject.pos_ == "PRON" or "dobj" not in CUE_FRAMES.get(tok.lemma_.lower(), ()):
            return None  # "it was said by X", or a verb whose object is not what was said
        grounds = [
            c
            for c in after
            if c.dep_ in _PASSIVE_GROUNDS_DEPS or (c.dep_ == "prep" and c.lower_ in _PASSIVE_GROUNDS_PREPS)
        ]
        # "rebuked by opponents for his plan": the parser may hang the grounds on the speaker's noun
        hung = [c for c in agent.children if c.dep_ == "prep" and c.lower_ in _PASSIVE_GROUNDS_PREPS and c.i > agent.i]
        if hung:
            bounds = (agent.left_edge.i, hung[0].i)
        grounds += hung
        tokens = list(subject.subtree) + [t for c in grounds for t in c.subtree]
    tokens = trim_punct([t for t in tokens if ctx.unit_of_token[t.i] == unit])
    if not any(t.is_alpha for t in tokens):
        return None
    cand = Candidate(cue=tok, cue_text=_cue_text(tok), kind=CLAIM, subject=agent)
    cand.speaker_bounds = bounds
    cand.content = clip(token_runs(tokens), ctx.units[unit])
    return cand if cand.content else None


# Prepositions before a participle that tell how or when its subject spoke: "began by calling for …", "after
# praising the plan as …". Not "from"/"against"/"without", which say the act did not or should not happen.
_MANNER_PREPS = frozenset({"by", "after", "before", "while", "since", "upon"})


def participle_after_preposition(ctx: Context, tok: Token) -> Candidate | None:
    """ "The senator opened by praising the plan as bold", "after accusing the board of secrecy, she …": a cue
    verb's participle after a preposition of manner or time speaks for the clause's subject, with the content its
    table frame gives."""
    if tok.pos_ != "VERB" or tok.tag_ != "VBG" or tok.dep_ != "pcomp" or not _asserted(ctx, tok):
        return None
    prep = tok.head
    if prep.dep_ not in ("prep", "advcl") or prep.lower_ not in _MANNER_PREPS or prep.head.pos_ not in ("VERB", "AUX"):
        return None
    lemma = tok.lemma_.lower()
    frames = CUE_FRAMES.get(lemma, ()) + PAIR_FRAMES.get(lemma, ())
    if not frames or lemma in WISH_VERBS:
        return None
    if any(a.pos_ == "VERB" and _cue_verb(a) for a in tok.ancestors):
        return None  # "dismissed concerns that he erred by backing X": how a report was made, or part of one
    subject = find_subject(tok)
    unit = ctx.unit_of_token[tok.i]
    if subject is None or ctx.in_quote(subject) or ctx.unit_of_token[subject.i] != unit:
        return None
    if (
        subject.lower_ in _NO_SOURCE
        or prescriptive_source(subject)
        or any(t.tag_ in ("WP", "WDT") for t in subject.subtree)
    ):
        return None
    content = clip(frame_content(tok, frames), ctx.units[unit])
    if not content:
        return None
    cand = Candidate(cue=tok, cue_text=_cue_text(tok), kind=CLAIM, subject=subject)
    cand.content = content
    return cand


def reported_object(ctx: Context, tok: Token) -> Candidate | None:
    """ "The company reported a quarterly loss of $3 million", "Police reported two arrests": what a source reports
    as a noun is the figure or finding it gives out (other speech verbs' objects, "said a few words", are not)."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in RELAY_VERBS or not _asserted(ctx, tok):
        return None
    if any(c.dep_ in ("auxpass", "nsubjpass", "ccomp", "xcomp") for c in tok.children):
        return None
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
    if any(c.dep_ == "prep" and c.lower_ == "to" for c in [*tok.children, *(obj.children if obj is not None else ())]):
        return None  # "reported the threats to the police": an incident handed on, not a finding given out
    subject = find_subject(tok)
    unit = ctx.unit_of_token[tok.i]
    if obj is None or obj.pos_ not in ("NOUN", "PROPN", "NUM") or subject is None:
        return None
    if ctx.in_quote(subject) or ctx.unit_of_token[subject.i] != unit or subject.lower_ in _NO_SOURCE:
        return None
    tokens = trim_punct([t for t in obj.subtree if ctx.unit_of_token[t.i] == unit])
    if sum(t.is_alpha or t.like_num for t in tokens) < 2:
        return None  # "reported it", "reported this"
    cand = Candidate(cue=tok, cue_text=_cue_text(tok), kind=CLAIM, subject=subject)
    cand.content = clip(token_runs(tokens), ctx.units[unit])
    return cand if cand.content else None
