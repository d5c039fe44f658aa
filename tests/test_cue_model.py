"""The learnt cue detector (`bot.devtools.cue_model`, measured, not shipped): features, weights file, and how it
puts its frames through the table code path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from bot.devtools import cue_model
from bot.models import CLAIM
from bot.nlp.extract.cues import find_subject
from tests.test_extract import run


def _verb(nlp: Language, text: str, word: str) -> Any:
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


def test_features_read_the_parse(nlp: Language) -> None:
    tok = _verb(nlp, "The senator surmised that the budget was too small.", "surmised")
    child = cue_model.frame_children(tok)[0]
    feats = cue_model.pair_features(tok, child, find_subject(tok), in_quote=False)
    assert child.dep_ == "ccomp"
    assert {"l=surmise", "lf=surmise|ccomp", "that", "tag=VBD", "clause_subject"} <= set(feats)
    assert "neg" not in feats and "inquote" not in feats


def test_preposition_frames_name_their_word(nlp: Language) -> None:
    tok = _verb(nlp, "The union lobbied against the new tax on Monday.", "lobbied")
    frames = [cue_model.frame_name(c) for c in cue_model.frame_children(tok)]
    assert frames[0] == "prep:against"
    assert cue_model.frame_children(tok, frozenset({"ccomp"})) == []


def test_broken_or_missing_weights_file_gives_no_model(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert cue_model.load_model(broken) is None
    assert cue_model.load_model(tmp_path / "absent.json") is None
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"threshold": 0.5, "deps": ["ccomp"], "weights": {"bias": -1.0}}), encoding="utf-8")
    model = cue_model.load_model(good)
    assert model is not None and model["deps"] == frozenset({"ccomp"}) and model["threshold"] == 0.5


def test_probability_is_logistic() -> None:
    assert cue_model.probability({"a": 0.0}, ["a"]) == pytest.approx(0.5)
    assert cue_model.probability({"a": 2.0, "b": -2.0}, ["a", "b", "unknown"]) == pytest.approx(0.5)
    assert cue_model.probability({"a": 50.0}, ["a"]) > 0.99


@pytest.fixture
def toy_model() -> Iterator[dict[str, Any]]:
    """A hand-set model that calls one unknown verb with a that-clause a cue, installed for the test."""
    model = {"weights": {"bias": -4.0, "lthat=surmise": 8.0}, "threshold": 0.5, "deps": frozenset({"ccomp", "prep"})}
    with cue_model.installed(cue_model.Detector(model)):
        yield model


def test_predicted_cue_becomes_a_statement(nlp: Language, toy_model: dict[str, Any]) -> None:
    statements = run(nlp, "The senator surmised that the budget was too small.")
    assert [(s.kind, s.speaker, s.cue, s.text) for s in statements] == [
        (CLAIM, "senator", "surmised", "the budget was too small")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The senator did not surmise that the budget was too small.",  # negated
        "I surmise that the budget was too small.",  # first-person opinion
        "Neither senator surmised that the budget was too small.",  # nobody is reported
        "The senator would surmise that the budget was too small.",  # hypothetical
    ],
)
def test_left_out_uses_of_a_predicted_cue(nlp: Language, toy_model: dict[str, Any], text: str) -> None:
    assert [s for s in run(nlp, text) if s.cue and "surmis" in s.cue] == []


def test_below_threshold_nothing_is_added(nlp: Language, toy_model: dict[str, Any]) -> None:
    toy_model["threshold"] = 0.99
    assert run(nlp, "The senator surmised that the budget was too small.") == []


def test_wishes_and_refusals_are_never_asked() -> None:
    assert {"want", "hope", "decline", "refuse", "ask"} <= cue_model.MODEL_LEFT_OUT


def test_extraction_is_restored_after_the_detector(nlp: Language) -> None:
    from bot.nlp.extract import attribution

    plain = attribution.frame_candidate
    model = {"weights": {"bias": 9.0}, "threshold": 0.5, "deps": frozenset({"ccomp"})}
    with cue_model.installed(cue_model.Detector(model)):
        assert attribution.frame_candidate is not plain
        assert [s.cue for s in run(nlp, "The senator surmised that the budget was too small.")] == ["surmised"]
    assert attribution.frame_candidate is plain
    assert run(nlp, "The senator surmised that the budget was too small.") == []


def test_a_detector_without_model_changes_nothing(nlp: Language) -> None:
    with cue_model.installed(cue_model.Detector(None)):
        assert run(nlp, "The senator surmised that the budget was too small.") == []
