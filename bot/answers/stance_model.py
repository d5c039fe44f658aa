"""A small learned stance model: does one article agree with, dispute or only discuss a question?

The rule-based check in `bot/answers/stance.py` reads extracted statements
only; an article's stance often sits in its narrator's own sentences ("the
photo is a fake", "there is no evidence that …") or in how it hedges ("…
reportedly …", "unconfirmed"). This module turns a (question, article) pair
into a few dozen topic-independent numbers — cue words (refuting, negating,
hedging, supporting) in the sentences closest to the question, by word
overlap and by wordllama meaning, how close the article's sentences come in
meaning to a few written sentences that refute, deny, confirm or hedge a
claim, the article's denials and how close they
are to the question, the question's own negation and hedges, and what the
rule-based check decided — and scores them with a multinomial logistic
regression whose coefficients ship in `stance_model.json` beside this file.

The coefficients are made by `benchmarks/train_stance_model.py` from FNC-1
train (headline/body pairs) and hold numbers only: feature names, scaling,
weights and class offsets; no corpus text. Nothing is downloaded: when the
file is missing or unreadable, `load_model` returns None and the rule-based
status stands.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from bot.answers.question import Term
from bot.answers.text import stems
from bot.store import Row

CLASSES = ("agree", "disagree", "discuss")
MODEL_FILE = "stance_model.json"

# Cue words by what they do to a proposition. The model weighs each group (and the question
# side) itself; a group stays only when grouped cross-validation on FNC-1 train shows it helps
# (see docs/benchmarks.md).
CUES: dict[str, str] = {
    "refute": (
        r"hoax(?:es)?|fake[ds]?|false(?:ly|hood)?|satir(?:e|ical|ist)|debunk(?:s|ed|ing)?|not true|untrue|"
        r"bogus|prank(?:s|ster)?|fabricat(?:e|ed|ion)|misleading|den(?:y|ies|ied|ial|ials|ying)|"
        r"refut(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|reject(?:s|ed|ing)?|retract(?:s|ed|ion)?|"
        r"no evidence|no truth|baseless|nonsense|made up|photoshop(?:ped)?|doctored|never happened|"
        r"shot down|scam|myth"
    ),
    "negation": r"not|no|never|nothing|none|neither|nor|\w+n't",
    "hedge": (
        r"reportedly|allegedly|alleged|unconfirmed|unverified|claim(?:s|ed|ing)?|report(?:s|ed)?|"
        r"rumou?r(?:s|ed)?|according to|may|might|could|apparently|purportedly|appears?|seems?|"
        r"speculat(?:e|ed|ion)|believed|if true|suggest(?:s|ed)?"
    ),
    "support": (
        r"confirm(?:s|ed|ing|ation)?|announc(?:e|es|ed|ement)|officially|revealed|prove[sdn]?|"
        r"indeed|actually|shows?|showed|verified|in fact|footage"
    ),
}
_CUE_RE = {name: re.compile(r"\b(?:" + pattern + r")\b", re.IGNORECASE) for name, pattern in CUES.items()}
# Sentences read as the ones closest to the question.
NEAR_SENTENCES = 3
# Sentences that open the article (news leads carry its stance).
LEAD_SENTENCES = 2
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")
STATUSES = ("asserted", "contested", "denied")
# Sentences written for this model (no corpus text) standing for what an article can do to a
# claim. Each article sentence's closeness in meaning (wordllama) to the nearest one of a group,
# averaged over the article and taken relative to the four groups' average, is a feature: it
# catches wordings the cue lists miss ("there was no …", "could not be verified"). Each group
# helped on FNC-1 train in grouped cross-validation; the question's own closeness to the groups
# did not (docs/benchmarks.md).
PROTOTYPES: dict[str, tuple[str, ...]] = {
    "refute": (
        "The story is false and the photo is a fake.",
        "This never happened; the report is not true.",
        "The claim was debunked as a hoax.",
        "There is no evidence that any of it is real.",
    ),
    "deny": ("Officials denied the report.", "The company said the claims were untrue and rejected them."),
    "confirm": ("Officials confirmed that it happened.", "It is true, the police said."),
    "hedge": (
        "It is unclear whether the report is true.",
        "The claim could not be independently verified.",
        "Reportedly, according to unconfirmed reports, it may have happened.",
    ),
}
# Neutral sentences assumed beside an article's own when its prototype contrast is averaged.
PROTOTYPE_PRIOR = 2
# The model only learnt pairs where the article is about the question (FNC-1's related pairs).
# An article is taken to be about it when a sentence holds this share of the question's
# weighted terms or comes this close in meaning: on FNC-1 train that keeps .918 of related
# pairs and .018 of unrelated ones (a sample of 2,000).
ABOUT_LEX = 0.3
ABOUT_EMB = 0.4


def about(named: dict[str, float]) -> bool:
    """Whether the features say the article is about the question at all (see ABOUT_LEX, ABOUT_EMB)."""
    return named.get("lex_max", 0.0) >= ABOUT_LEX or named.get("emb_max", 0.0) >= ABOUT_EMB


def split_sentences(text: str) -> list[str]:
    """An article's sentences by punctuation and line breaks (cheap; no parser at question time)."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if len(s.strip()) > 1]


def cue_flags(sentence: str) -> dict[str, bool]:
    """Which cue groups (`CUES`) a sentence holds."""
    return {name: bool(pattern.search(sentence)) for name, pattern in _CUE_RE.items()}


def _term_share(sentence_stems: set[str], terms: Sequence[Term]) -> float:
    """Weighted share of the question's terms a sentence contains."""
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 0.0
    return sum(t.weight for t in terms if t.stems & sentence_stems) / total


@functools.lru_cache(maxsize=64)
def _sentence_vectors(text: str) -> tuple[tuple[str, ...], np.ndarray]:
    """An article's sentences and their unit vectors, kept for the next question about it."""
    from bot.nlp.embeddings import embed

    sentences = tuple(split_sentences(text))
    return sentences, embed(list(sentences))


def _question_vector(topic: str) -> np.ndarray:
    from bot.nlp.embeddings import vector

    return vector(topic)


@functools.lru_cache(maxsize=1)
def _prototype_vectors() -> dict[str, np.ndarray]:
    """Unit vectors of each `PROTOTYPES` group (one row per sentence), made once."""
    from bot.nlp.embeddings import embed

    return {name: embed(list(sentences)) for name, sentences in PROTOTYPES.items()}


@dataclass
class RuleView:
    """What the rule-based check read of a question and an article, as the model's inputs."""

    question_negated: bool  # the question negates or debunks its proposition
    question_hedged: bool  # the question relays a claim ("reportedly", "may")
    disputed: bool  # a statement of the article disputes the question's proposition
    hedged: Callable[[Row], bool]  # whether a claim is only relayed


@dataclass
class Evidence:
    """What the features were made from: the article sentence that best shows the predicted stance."""

    sentences: list[str]
    near: list[int]  # indexes of the sentences closest to the question, best first


def features(
    question_text: str,
    terms: Sequence[Term],
    rows: Sequence[Row],
    article_text: str,
    status: str,
    rule_status: str,
    rules: RuleView,
) -> tuple[dict[str, float], Evidence]:
    """The model's named features for one (question, article) pair, and the sentences they read.

    `status` is retrieval's status, `rule_status` the rule-based check's;
    `rules` carries what the rule-based check read (`bot.answers.stance`
    builds it, so this module does not import that one). Every feature is a
    count share, a similarity or a flag: nothing names a topic.
    """
    from bot.answers.scoring import coverage

    f: dict[str, float] = {}
    q_neg = float(rules.question_negated)
    q_hedge = float(rules.question_hedged)
    f["q_negated"] = q_neg
    f["q_hedged"] = q_hedge

    sentences, vectors = _sentence_vectors(article_text or "")
    n = len(sentences)
    topic = " ".join(t.word for t in terms) or question_text
    qv = _question_vector(topic) if n else np.zeros(0)
    emb = vectors @ qv if n else np.zeros(0)
    lex = np.array([_term_share(stems(s), terms) for s in sentences]) if n else np.zeros(0)
    relevance = lex + emb
    near = [int(i) for i in np.argsort(-relevance)[:NEAR_SENTENCES]] if n else []
    flags = [cue_flags(s) for s in sentences]
    f["log_sentences"] = math.log1p(n)
    f["lex_max"] = float(lex.max()) if n else 0.0
    f["lex_near_mean"] = float(np.mean([lex[i] for i in near])) if near else 0.0
    f["emb_max"] = float(emb.max()) if n else 0.0
    f["emb_near_mean"] = float(np.mean([emb[i] for i in near])) if near else 0.0
    for name in CUES:
        f[f"body_{name}"] = sum(fl[name] for fl in flags) / n if n else 0.0
        f[f"near_{name}"] = sum(flags[i][name] for i in near) / len(near) if near else 0.0
        f[f"lead_{name}"] = float(any(fl[name] for fl in flags[:LEAD_SENTENCES]))
        f[f"qneg_x_near_{name}"] = q_neg * f[f"near_{name}"]
        f[f"qhedge_x_near_{name}"] = q_hedge * f[f"near_{name}"]
    f["qneg_x_body_refute"] = q_neg * f["body_refute"]
    # Closeness to each prototype group relative to the groups' average: the level itself follows
    # sentence length and style (a two-line brief sits far below a long report), the contrast
    # between groups does not.
    prototypes = _prototype_vectors()
    body = np.array([(vectors @ pv.T).max(axis=1).sum() if n else 0.0 for pv in prototypes.values()])
    # The contrast is averaged as if PROTOTYPE_PRIOR more sentences showed none: a one- or
    # two-sentence brief says less about the article's tone than a long report does.
    contrast = (body - body.mean()) / (n + PROTOTYPE_PRIOR)
    for name, b in zip(prototypes, contrast, strict=True):
        f[f"proto_body_{name}"] = float(b)

    denials = [r for r in rows if r.get("kind") == "denial"]
    claims = [r for r in rows if r.get("kind") != "denial"]
    f["no_statements"] = float(not rows)
    f["log_denials"] = math.log1p(len(denials))
    f["denial_coverage_max"] = max((coverage(r, list(terms)) for r in denials), default=0.0)
    if denials and n:
        dv = _sentence_vectors(" \n".join(r.get("text") or "" for r in denials))[1]
        f["denial_emb_max"] = float((dv @ qv).max()) if len(dv) else 0.0
    else:
        f["denial_emb_max"] = 0.0
    covering = [r for r in claims if coverage(r, list(terms)) >= 0.5]
    f["log_covering_claims"] = math.log1p(len(covering))
    f["covering_hedged_share"] = sum(rules.hedged(r) for r in covering) / len(covering) if covering else 0.0
    disputed = float(rules.disputed)
    f["rule_disputing"] = disputed
    f["qneg_x_rule_disputing"] = q_neg * disputed
    f["qhedge_x_rule_disputing"] = q_hedge * disputed
    for s in STATUSES:
        f[f"status_{s}"] = float(status == s)
        f[f"rule_{s}"] = float(rule_status == s)
    return f, Evidence(list(sentences), near)


@dataclass
class StanceModel:
    """Multinomial logistic regression over named, standardised features."""

    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # classes x features
    intercept: np.ndarray  # classes
    offsets: np.ndarray  # classes: decision offsets chosen by grouped cross-validation
    info: dict[str, Any]

    def vector(self, named: dict[str, float]) -> np.ndarray:
        """The feature vector in the model's order (a feature the model lacks is ignored, a missing one is 0)."""
        return np.array([named.get(name, 0.0) for name in self.names], dtype=np.float64)

    def scores(self, x: np.ndarray) -> np.ndarray:
        """Decision scores per class (logits plus offsets) for one vector or a matrix of rows."""
        z = (x - self.mean) / self.scale
        return z @ self.weights.T + self.intercept + self.offsets

    def predict(self, named: dict[str, float]) -> str:
        """The class with the highest decision score."""
        return CLASSES[int(np.argmax(self.scores(self.vector(named))))]

    def to_json(self) -> dict[str, Any]:
        """The model as JSON-ready numbers."""
        return {
            "classes": list(CLASSES),
            "features": self.names,
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [[round(float(v), 6) for v in row] for row in self.weights],
            "intercept": [round(float(v), 6) for v in self.intercept],
            "offsets": [round(float(v), 6) for v in self.offsets],
            "info": self.info,
        }


class ModelFileError(ValueError):
    """The stance model file does not have the expected shape."""


def model_from_json(data: dict[str, Any]) -> StanceModel:
    """A StanceModel from its JSON form; a wrong shape raises ModelFileError naming the field."""
    if list(data.get("classes", [])) != list(CLASSES):
        raise ModelFileError(f"stance model classes must be {list(CLASSES)}")
    names = [str(n) for n in data.get("features", [])]
    d, k = len(names), len(CLASSES)
    arrays = {
        key: np.asarray(data.get(key, []), dtype=np.float64)
        for key in ("mean", "scale", "weights", "intercept", "offsets")
    }
    shapes = {"mean": (d,), "scale": (d,), "weights": (k, d), "intercept": (k,), "offsets": (k,)}
    for key, shape in shapes.items():
        if arrays[key].shape != shape:
            raise ModelFileError(f"stance model field {key!r} has shape {arrays[key].shape}, expected {shape}")
    if not d or np.any(arrays["scale"] <= 0) or not all(np.all(np.isfinite(a)) for a in arrays.values()):
        raise ModelFileError("stance model has no features, a non-positive scale or a non-finite number")
    return StanceModel(
        names,
        arrays["mean"],
        arrays["scale"],
        arrays["weights"],
        arrays["intercept"],
        arrays["offsets"],
        dict(data.get("info", {})),
    )


@functools.lru_cache(maxsize=1)
def load_model() -> StanceModel | None:
    """The shipped model (`stance_model.json` in this package), or None when it is absent or broken."""
    try:
        text = resources.files("bot.answers").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        return model_from_json(json.loads(text))
    except (OSError, ValueError):
        return None
