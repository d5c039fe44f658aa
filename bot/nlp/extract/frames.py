"""Candidates from the data-driven cue table (`bot.nlp.cue_frames`).

The hand-written rules in `candidates` cover the common reporting verbs with
their exceptions. The table adds the long tail real news uses ("touted",
"vowed to", "railed against", "pointed to"), each with the dependents that
hold what was said, learnt from PolNeAR train. One generic frame serves them
all: the verb's subject is the source and the first of its frame dependents
found after it is the content. Verbs the hand-written rules know are in the
table too; `collect` asks the table only when those rules found nothing.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.models import CLAIM
from bot.nlp.cue_frames import CUE_FRAMES, NOUN_FRAMES
from bot.nlp.cue_pairs import PAIR_FRAMES
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import (
    clip,
    find_subject,
    is_negated,
    line_break_between,
    passive_agent,
    prescriptive_source,
    same_side,
    token_runs,
    with_absolute_subject,
)
from bot.nlp.extract.structures import SPEECH_LEMMAS, Candidate, Unit
from bot.nlp.lexicon import (
    AS_FRAME_VERBS,
    ATTITUDE_ADJECTIVES,
    DOCUMENT_NOUNS,
    EVIDENCE_NOUNS,
    REQUEST_VERBS,
    TOPIC_PREPOSITIONS,
    WISH_VERBS,
)

# Positions where a verb describes a noun or is itself a clause's subject, not a report.
_NOT_REPORTING_DEPS = frozenset({"amod", "compound", "nmod", "acl", "csubj", "auxpass", "pcomp"})
# Auxiliaries of speech that has not happened ("as X would argue", "would say that").
HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "must"})
# Marks of a clause that is not asserted: conditions, and "for X to …" (a goal or a plan).
_CONDITIONS = frozenset({"if", "unless", "whether", "for"})
# Subjects that stand for a clause or a thing, never for a source.
NO_SOURCE = frozenset({"it", "that", "this", "there", "which", "what"})


def _inside_a_report(tok: Token) -> bool:
    """Whether the verb lies in the clause a reporting verb reports ("said that … he expected …").

    PolNeAR marks one attribution per token, so a cue inside someone's content is never its own; the
    frame tables are counted the same way. Only clauses count: "X, who said …, voted for Y" is two reports.
    """
    node = tok
    while node.dep_ in ("ccomp", "conj", "xcomp") and node.head.i != node.i:
        came_from, node = node.dep_, node.head
        if came_from == "ccomp" and node.lemma_.lower() in SPEECH_LEMMAS and node.pos_ == "VERB":
            return True
    return False


def _describes_a_noun(tok: Token) -> bool:
    """A relative clause on a thing or a kind of people ("a plan that cites …", "customers who believe …"):
    it describes the noun. A named person's ("Duss, who often criticizes the government") reports that person.
    """
    if tok.dep_ != "relcl":
        return False
    pronoun = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if pronoun is None or pronoun.lower_ not in ("who", "that", "which"):
        return False
    if pronoun.lower_ == "who":
        # "legal experts, who worry that …": set off by a comma, the clause reports the people it adds to;
        # without one ("economists who favor …") it picks them out
        return tok.head.pos_ != "PROPN" and not (pronoun.i > 0 and tok.doc[pronoun.i - 1].text == ",")
    return tok.head.lemma_.lower() not in DOCUMENT_NOUNS | EVIDENCE_NOUNS


def _document_participle(tok: Token) -> Token | None:
    """ "a poll showing Clinton ahead", "a memo citing two sources": the document is the source."""
    head = tok.head
    if tok.dep_ != "acl" or tok.tag_ != "VBG" or head.pos_ != "NOUN" or head.i > tok.i:
        return None
    return head if head.lemma_.lower() in DOCUMENT_NOUNS | EVIDENCE_NOUNS else None


def _trailing_attribution(clause: Token, cue: Token) -> bool:
    """In "Pellmark knew of the test, leaked memo suggests" a reporting verb after a comma that ends the
    sentence is the sentence's own attribution, not what the verb before it reports."""
    if clause.lemma_.lower() not in SPEECH_LEMMAS:
        return False
    doc = clause.doc
    comma = any(doc[i].text == "," for i in range(cue.i + 1, clause.left_edge.i))
    return comma and all(t.is_punct for t in doc[clause.i + 1 : clause.right_edge.i + 1])


def _relative_subject(clause: Token, cue: Token) -> bool:
    """In "a move that experts fear is likely" the clause's subject is a relative pronoun before the cue,
    so the clause alone ("is likely") says nothing."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "which", "who") and c.i < cue.i
        for c in clause.children
    )


# What follows an object and belongs to what was said about it: "criticized him for his votes", "praised
# the plan as bold" (for/as/over: +54 matched PolNeAR train statements; against/about/of/to/with: +9 more).
_GROUNDS_PREPS = frozenset({"for", "as", "over", "against", "about", "of", "to", "with"})
# "urged lawmakers to act", "told aides that …", "called him a fraud"; not time or place ("on Friday").
_GROUNDS_CLAUSES = frozenset({"xcomp", "ccomp", "oprd"})


def _with_grounds(tok: Token, obj: Token, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The object's runs, extended over what the verb says about it after it ("for …", "as …", "to act")."""
    extra = [
        c
        for c in tok.children
        if c.i > obj.i and (c.dep_ in _GROUNDS_CLAUSES or (c.dep_ == "prep" and c.lower_ in _GROUNDS_PREPS))
    ]
    if not extra:
        return runs
    tokens = [t for t in obj.subtree] + [t for c in extra for t in c.subtree]
    return token_runs(tokens)


def _speaks_for_itself(tok: Token) -> bool:
    """A reporting verb with a subject of its own ("with several states saying …", "with X denying …")."""
    if tok.lemma_.lower() not in SPEECH_LEMMAS:
        return False
    return with_absolute_subject(tok) is not None or any(c.dep_ == "nsubj" for c in tok.children)


def _reports_itself(prep: Token) -> bool:
    """ "began by calling for a new order", "took to Twitter to say": the verb after the preposition is a cue
    of its own, which reports what was said; the preposition only tells how the speaker went about it."""
    return any(
        c.dep_ == "pcomp" and (c.lemma_.lower() in SPEECH_LEMMAS or c.lemma_.lower() in CUE_FRAMES)
        for c in prep.children
    )


# Frames that hold an object only with a second dependent after it: "saw X as Y", "asked X to do Y".
_OBJECT_WITH = {"dobj+as": lambda c: c.dep_ == "prep" and c.lower_ == "as", "dobj+xcomp": lambda c: c.dep_ == "xcomp"}


def _object_with(tok: Token, children: list[Token], frame: str) -> list[tuple[int, int]]:
    """The object and what the verb says of it, when the frame's second dependent follows the object."""
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if obj is None or not any(c.i > obj.i and _OBJECT_WITH[frame](c) for c in children):
        return []
    return _with_grounds(tok, obj, same_side(obj, tok))


def frame_content(tok: Token, frames: tuple[str, ...]) -> list[tuple[int, int]]:
    """Character runs of the first frame dependent after the verb ("prep:about" → the about-phrase's object)."""
    children = [c for c in tok.children if c.i > tok.i and not line_break_between(tok, c)]
    for frame in frames:
        if frame in _OBJECT_WITH:
            runs = _object_with(tok, children, frame)
            if runs:
                return runs
            continue
        if frame.startswith("prep:"):
            word = frame.removeprefix("prep:")
            prep = next((c for c in children if c.dep_ == "prep" and c.lower_ == word), None)
            if prep is not None and not any(_speaks_for_itself(t) for t in prep.subtree) and not _reports_itself(prep):
                # not "…, with several states saying …": those states speak for themselves
                runs = token_runs([t for t in prep.subtree if t.i != prep.i or word not in TOPIC_PREPOSITIONS])
                if runs:
                    return runs
            continue
        dep = next((c for c in children if c.dep_ == frame), None)
        if dep is not None and not _relative_subject(dep, tok) and not _trailing_attribution(dep, tok):
            runs = same_side(dep, tok)
            if runs and frame == "dobj":
                runs = _with_grounds(tok, dep, runs)
            if runs:
                return runs
    return []


# Words of an address to the listener: "Idris, thank you", "thank you both".
_LISTENER_WORDS = frozenset({"you", "both", "all", "yourself", "yourselves", "very", "much", "so"})


def _addresses_listener(ctx: Context, content: list[tuple[int, int]]) -> bool:
    """Content that is only "you" ("Dr Lane, thank you both") closes an interview; nothing is reported."""
    words = [w for start, end in content for w in re.findall(r"[\w']+", ctx.text[start:end].lower())]
    return bool(words) and all(w in _LISTENER_WORDS for w in words)


def frame_candidate(ctx: Context, tok: Token, clauses_only: bool = False) -> Candidate | None:
    """A cue verb of the table with its subject as source and its frame dependent as content.

    With `clauses_only` only a clause counts ("warned that …", not "discussed the requests").
    """
    lemma = tok.lemma_.lower()
    # the verb table's frames, then those the pair table adds ("found that …", "voted for …")
    frames = CUE_FRAMES.get(lemma, ()) + PAIR_FRAMES.get(lemma, ())
    if lemma in AS_FRAME_VERBS:
        frames += ("dobj+as",)
    if lemma in REQUEST_VERBS:
        frames += ("dobj+xcomp",)
    if clauses_only:
        frames = tuple(f for f in frames if f in ("ccomp", "xcomp"))
    if not frames or lemma in WISH_VERBS:
        return None
    document = _document_participle(tok)
    if ctx.in_quote(tok) or is_negated(tok) or (tok.dep_ in _NOT_REPORTING_DEPS and document is None):
        return None
    if any(
        (c.dep_ == "aux" and c.lower_ in HYPOTHETICAL) or (c.dep_ == "mark" and c.lower_ in _CONDITIONS)
        for c in tok.children
    ):
        return None  # "would support", "if she endorses", "the goal was for X to warn": nobody has said it yet
    if _inside_a_report(tok):
        return None  # "X added that A and that he expected B": B is part of what X said, not a statement of its own
    if _describes_a_noun(tok):
        return None  # "women who want to …" describes the women; nobody is reported
    if (
        tok.tag_ == "VBG"
        and any(a.lemma_.lower() in SPEECH_LEMMAS for a in tok.ancestors)
        and not (tok.dep_ == "advcl" and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children))
    ):
        # "claimed …, citing troop movements": the grounds of that statement, not another one. A clause of its
        # own ("…, pointing out that she had won") is a second statement; "dismissed reports suggesting that …"
        # is not: there the participle describes what was dismissed.
        return None
    subject = document or find_subject(tok) or passive_agent(tok)
    if subject is not None and (prescriptive_source(subject) or subject.ent_type_ == "LAW"):
        return None  # "the Act says drivers must slow down" prescribes; nobody is reported as saying it
    unit = ctx.unit_of_token[tok.i]
    if subject is None or ctx.in_quote(subject) or ctx.unit_of_token[subject.i] != unit or subject.lower_ in NO_SOURCE:
        return None
    content = clip(frame_content(tok, frames), ctx.units[unit])
    if not content or _addresses_listener(ctx, content):
        return None
    cue_text = " ".join(t.text for t in sorted([tok, *(c for c in tok.children if c.dep_ == "prt")], key=lambda t: t.i))
    cand = Candidate(cue=tok, cue_text=cue_text, kind=CLAIM, subject=subject)
    cand.content = content
    return cand


def noun_frame_candidates(ctx: Context, unit: Unit) -> list[Candidate]:
    """Nouns of the table with their owner as source: "Trump's attack on the judge", "her doubts about it"."""
    out = []
    for i in range(unit.start, unit.end):
        frames = NOUN_FRAMES.get(ctx.lemma_lower[i])
        if frames is None or ctx.pos[i] != "NOUN" or ctx.quote_of_token[i] >= 0:
            continue
        tok = ctx.tokens[i]
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
        if owner is None or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            continue
        content: list[tuple[int, int]] = []
        for frame in frames:
            if frame == "acl":
                clause = next((c for c in tok.children if c.dep_ == "acl" and c.i > tok.i), None)
                content = token_runs(list(clause.subtree)) if clause is not None else []
            else:
                word = frame.removeprefix("prep:")
                prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == word and c.i > tok.i), None)
                content = token_runs([t for t in prep.subtree if t.i != prep.i]) if prep is not None else []
            if content:
                break
        content = clip(content, unit)
        if not content:
            continue
        cand = Candidate(cue=tok, cue_text=tok.text, kind=CLAIM, subject=owner, origin="noun")
        cand.content = content
        cand.speaker_bounds = (owner.left_edge.i, owner.i + 1)
        out.append(cand)
    return out


# Verbs that link a subject to an adjective of attitude: "is confident that …", "remains convinced that …".
_LINKING_VERBS = frozenset({"be", "remain", "seem", "appear", "feel", "become", "sound", "stay", "grow"})


# Degree words that make the clause after an adjective a result, not a belief ("was so subdued that …").
_DEGREE_WORDS = frozenset({"so", "too", "such", "sufficiently", "enough", "how"})


def _adjective_content(adj: Token) -> list[tuple[int, int]]:
    """What an attitude adjective is held about: its that-clause (on it or on the linking verb after it), else the
    phrase of its table preposition ("critical of the plan"), adjective included."""
    link = adj.head
    degree = [t for t in adj.subtree if t.i < adj.i] + [
        c for c in (*adj.children, *link.children) if c.dep_ == "advmod"
    ]
    if not any(t.lower_ in _DEGREE_WORDS for t in degree):  # "so well known that …" is a result
        clause = next((c for c in adj.children if c.dep_ == "ccomp" and c.i > adj.i), None) or next(
            (c for c in link.children if c.dep_ == "ccomp" and c.i > adj.i), None
        )
        # a participle read as a verb takes only a that-clause: "Spotted … Anyone Would Expect" is a broken parse
        marked = adj.pos_ == "ADJ" or (clause is not None and any(c.lower_ == "that" for c in clause.children))
        if clause is not None and marked and not _relative_subject(clause, adj):
            return same_side(clause, adj)
    word = ATTITUDE_ADJECTIVES.get(adj.lemma_.lower())
    prep = next((c for c in adj.children if c.dep_ == "prep" and c.lower_ == word and c.i > adj.i), None)
    if prep is None or any(_speaks_for_itself(t) for t in prep.subtree):
        return []
    # the adjective stays in what was said: "critical of the plan", never "X: the plan"
    return token_runs([adj, *prep.subtree])


def adjective_candidates(ctx: Context, unit: Unit) -> list[Candidate]:
    """Attitude adjectives with their subject as source: "X is confident that …", "X was critical of …"."""
    out = []
    for i in range(unit.start, unit.end):
        # participles of feeling are often tagged as verbs ("they are convinced that …")
        if ctx.pos[i] not in ("ADJ", "VERB") or ctx.dep[i] != "acomp" or ctx.quote_of_token[i] >= 0:
            continue
        adj = ctx.tokens[i]
        if adj.pos_ == "VERB" and (adj.tag_ != "VBN" or adj.lemma_.lower() in SPEECH_LEMMAS):
            continue  # "was told that …" reports what someone else said
        link = adj.head
        if link.lemma_.lower() not in _LINKING_VERBS or is_negated(link) or is_negated(adj):
            continue
        if any(
            (c.dep_ == "aux" and c.lower_ in HYPOTHETICAL) or (c.dep_ == "mark" and c.lower_ in _CONDITIONS)
            for c in link.children
        ):
            continue
        if _inside_a_report(link) or _describes_a_noun(link):
            continue
        subject = next((c for c in link.children if c.dep_ == "nsubj"), None)
        if subject is None or ctx.unit_of_token[subject.i] != ctx.unit_of_token[i] or subject.lower_ in NO_SOURCE:
            continue
        content = clip(_adjective_content(adj), unit)
        if not content:
            continue
        cand = Candidate(cue=adj, cue_text=adj.text, kind=CLAIM, subject=subject, origin="adjective")
        cand.content = content
        out.append(cand)
    return out
