"""A learnt, contextual cue detector for verbs the cue tables do not know (measured, NOT shipped).

The cue tables (`bot.nlp.cue_frames`, `bot.nlp.cue_pairs`) take a lemma only when it nearly always
reports. Most reported speech they miss has a rarer cue whose reading depends on its sentence: "X
pointed to the deficit" reports, "X pointed to the door" does not. This module scores a (verb,
frame dependent) pair with a logistic regression over parse features of the pair -- the lemma, the
lemma with its frame, the kind of subject, tense and aspect, negation, a that-clause, the verb's own
position in the parse and in the sentence -- fitted on half A of PolNeAR train by
`benchmarks/polnear_cue_model.py`. `installed` puts the detector into extraction for a measurement:
where the tables give a verb no frame, the frame of its best pair (when the probability clears the
threshold) is handed to the table code path (`bot.nlp.extract.frames.frame_candidate`), which builds
the statement with all its exclusions. The product does not use it: on half B it gained too little
F1 for the news precision it cost (docs/benchmarks.md, "A learnt cue detector").
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from bot.nlp import lexicon
from bot.nlp.extract.cues import find_subject, passive_agent

# Dependents after a verb that can hold what it reports (the weights file may narrow them).
FRAME_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep"})
# Entity labels of a subject that can speak.
_SPEAKER_ENTS = {"PERSON": "person", "ORG": "org", "NORP": "group", "GPE": "place"}
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "you"})
# Verbs the detector never reads: denials and rejections (their kind and target are the hand rules'), and what
# the product does not store as a statement -- wishes, refusals, questions.
MODEL_LEFT_OUT = (
    lexicon.DENIAL_VERBS
    | lexicon.REJECT_VERBS
    | frozenset({"want", "wish", "hope", "decline", "refuse", "ask", "wonder"})
)
# Subjects that deny anyone did it.
_NO_ONE = frozenset({"no", "neither", "none", "nobody", "nothing", "never"})
_TENSE_AUX = frozenset({"will", "would", "could", "might", "may", "should", "must", "can", "has", "have", "had"})


def frame_name(child: Token) -> str:
    """A dependent's frame name: its label, with the word for a preposition ("prep:about")."""
    return child.dep_ + (f":{child.lower_}" if child.dep_ == "prep" else "")


def frame_children(tok: Token, deps: frozenset[str] = FRAME_DEPS) -> list[Token]:
    """The dependents after the verb that may hold its content, one per frame name, nearest first."""
    seen: set[str] = set()
    out = []
    for child in tok.children:
        if child.i > tok.i and child.dep_ in deps and frame_name(child) not in seen:
            seen.add(frame_name(child))
            out.append(child)
    return out


def _subject_kind(subject: Token | None) -> str:
    """A coarse kind of the subject: an entity label, a pronoun person, a noun or a name."""
    if subject is None:
        return "none"
    if subject.lower_ in _FIRST_PERSON:
        return "first"
    if subject.pos_ == "PRON":
        return "pron"
    if subject.ent_type_ in _SPEAKER_ENTS:
        return _SPEAKER_ENTS[subject.ent_type_]
    return subject.pos_.lower()


def pair_features(tok: Token, child: Token, subject: Token | None, in_quote: bool) -> list[str]:
    """Feature names of the verb `tok` reporting through its dependent `child`."""
    lemma = tok.lemma_.lower()
    frame = frame_name(child)
    kids = list(tok.children)
    aux = sorted({c.lower_ for c in kids if c.dep_ in ("aux", "auxpass") and c.lower_ in _TENSE_AUX})
    sent = tok.sent
    subject_kind = _subject_kind(subject)
    feats = [
        "bias",
        f"l={lemma}",
        f"lf={lemma}|{frame}",
        f"f={frame}",
        f"fd={child.dep_}",
        f"subj={subject_kind}",
        f"ls={lemma}|{subject_kind}",
        f"fs={child.dep_}|{subject_kind}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"fdep={child.dep_}|{tok.dep_}",
        f"head={tok.head.pos_ if tok.head.i != tok.i else 'ROOT'}",
        f"nearest={child.i == min((c.i for c in kids if c.i > tok.i), default=child.i)}",
        f"sentpos={min(3, (tok.i - sent.start) // 5)}",
        f"sentlen={min(4, len(sent) // 10)}",
    ]
    feats += [f"aux={a}" for a in aux]
    if any(c.dep_ == "neg" for c in kids):
        feats.append("neg")
    if any(c.dep_ == "auxpass" for c in kids):
        feats.append("passive")
    if in_quote:
        feats.append("inquote")
    if child.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
        feats += ["that", f"lthat={lemma}"]
    if child.dep_ == "ccomp" and any(c.dep_ == "nsubj" for c in child.children):
        feats.append("clause_subject")
    if child.dep_ in ("dobj", "prep"):
        inner = child if child.dep_ == "dobj" else next((c for c in child.children if c.dep_ == "pobj"), None)
        if inner is not None:
            feats.append(f"fo={frame}|{inner.lemma_.lower()}")
            feats.append(f"oent={inner.ent_type_ or inner.pos_}")
            if any(c.dep_ in ("acl", "relcl") for c in inner.children):
                feats.append("object_clause")
    if any(t.lower_ in ('"', "\u201c", "\u201d") for t in child.subtree):
        feats.append("quote_in_frame")
    if sent.text.rstrip().endswith("?"):
        feats.append("question")
    return feats


def load_model(path: Path) -> dict[str, Any] | None:
    """Weights written by the trainer ({"weights": {feature: w}, "threshold": t, "deps": [...]}), or None when
    the file is absent or broken."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        deps = frozenset(data.get("deps", FRAME_DEPS))
        return {"weights": dict(data["weights"]), "threshold": float(data["threshold"]), "deps": deps}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def probability(weights: dict[str, float], feats: list[str]) -> float:
    """The logistic model's probability that the pair is a reporting cue."""
    z = math.fsum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def best_frame(tok: Token, subject: Token | None, in_quote: bool, model: dict[str, Any]) -> tuple[str, float] | None:
    """The verb's most likely reporting frame and its probability (None when it has no frame dependent)."""
    scored = [
        (probability(model["weights"], pair_features(tok, child, subject, in_quote)), frame_name(child))
        for child in frame_children(tok, model.get("deps", FRAME_DEPS))
    ]
    if not scored:
        return None
    p, frame = max(scored)
    return frame, p


def predicted_frames(model: dict[str, Any], tok: Token, subject: Token | None, in_quote: bool) -> tuple[str, ...]:
    """The frame of the verb's best pair when the model calls it a cue, else nothing.

    First-person and second-person subjects never count: an op-ed writer's "I" or a "you" addressed to
    the reader is opinion, which the product does not store as a statement.
    """
    if subject is None or subject.lower_ in _FIRST_PERSON:
        return ()
    if any(c.dep_ in ("det", "neg") and c.lower_ in _NO_ONE for c in subject.children) or subject.lower_ in _NO_ONE:
        return ()  # "neither side published …", "no one backed …": nobody is reported
    best = best_frame(tok, subject, in_quote, model)
    if best is None or best[1] < model["threshold"]:
        return ()
    return (best[0],)


def in_tables(lemma: str) -> bool:
    """Whether the cue tables or the hand frames give the lemma frames already (the detector is not asked)."""
    from bot.nlp.cue_frames import CUE_FRAMES
    from bot.nlp.cue_pairs import PAIR_FRAMES

    return (
        lemma in CUE_FRAMES or lemma in PAIR_FRAMES or lemma in lexicon.AS_FRAME_VERBS or lemma in lexicon.REQUEST_VERBS
    )


class Detector:
    """The model extraction asks while `installed`; None asks nothing (extraction as shipped)."""

    def __init__(self, model: dict[str, Any] | None = None) -> None:
        self.model = model


@contextmanager
def installed(detector: Detector) -> Iterator[Detector]:
    """Extraction with the detector: a verb the tables give no frame gets the model's frame, and the table
    code path (`frame_candidate`, with its negation, hypothetical, quote and subject checks) builds the
    candidate. Restores the extractor on exit."""
    from bot.nlp.extract import attribution, frames

    plain = attribution.frame_candidate

    def candidate(ctx: Any, tok: Token, clauses_only: bool = False) -> Any:
        cand = plain(ctx, tok, clauses_only)
        lemma = tok.lemma_.lower()
        if cand is not None or detector.model is None or lemma in MODEL_LEFT_OUT or in_tables(lemma):
            return cand
        found = predicted_frames(detector.model, tok, find_subject(tok) or passive_agent(tok), ctx.in_quote(tok))
        if not found:
            return None
        saved = frames.PAIR_FRAMES
        frames.PAIR_FRAMES = {lemma: found}  # the lemma is in no table, so this is its only frame
        try:
            return plain(ctx, tok, clauses_only)
        finally:
            frames.PAIR_FRAMES = saved

    attribution.frame_candidate = candidate
    try:
        yield detector
    finally:
        attribution.frame_candidate = plain
