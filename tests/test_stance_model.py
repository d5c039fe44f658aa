"""The learned answer stance model: its shipped file, its features, and hand-made articles (invented names)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from bot.answers.compose import answer_question
from bot.answers.question import build_terms, parse_question
from bot.answers.stance import UNATTRIBUTED_HEADING, model_features
from bot.answers.stance_model import (
    CLASSES,
    MODEL_FILE,
    PROTOTYPES,
    ModelFileError,
    about,
    load_model,
    model_from_json,
    split_sentences,
)
from bot.store import Store


def _article(store: Store, name: str, text: str) -> None:
    """An article with no extracted statement: its stance is in the narrator's own sentences."""
    store.save_article(
        name=name,
        source=name,
        raw_text=text,
        text=text,
        content_hash=name,
        title=None,
        outlet="Test Wire",
        url=None,
        published="2024-06-01",
        language="en",
        statements=[],
        figures=[],
    )


DEBUNK = (
    "A picture said to show a crocodile on a flooded motorway near Dunmore has been shared thousands of times. "
    "The picture is a fake. It was doctored from an old wildlife photograph, and there is no evidence that any "
    "crocodile was seen on the motorway. The hoax spread quickly after the storm."
)
RELAY = (
    "The Dunmore football club has reportedly agreed to sign goalkeeper Anselm Brightwater. "
    "According to unconfirmed reports, the deal could be worth two million. "
    "Neither club would comment, and it is not clear when a decision may be announced."
)
SUPPORT = (
    "The Dunmore council confirmed on Monday that the old harbour library will reopen in June. "
    "The harbour library reopening was officially announced at a press event, where officials showed the "
    "renovated reading rooms. The library will reopen in June with longer hours."
)


@pytest.fixture()
def store() -> Store:
    store = Store(":memory:")
    _article(store, "debunk.txt", DEBUNK)
    _article(store, "relay.txt", RELAY)
    _article(store, "support.txt", SUPPORT)
    return store


def test_the_shipped_model_loads_with_numbers_only() -> None:
    model = load_model()
    assert model is not None, "stance_model.json ships inside the package"
    assert model.weights.shape == (len(CLASSES), len(model.names))
    raw = json.loads(resources.files("bot.answers").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    # Numbers and feature names only: no corpus text travels with the package.
    assert set(raw) == {"classes", "features", "mean", "scale", "weights", "intercept", "offsets", "info"}
    assert all(isinstance(v, (int, float)) for row in raw["weights"] for v in row)


def test_every_model_feature_is_computed(store: Store) -> None:
    model = load_model()
    assert model is not None
    parsed = parse_question("Is it true that a crocodile was seen on the motorway?")
    terms = build_terms(store, list(parsed.topic_words))
    named, evidence = model_features(parsed.text, terms, [], DEBUNK, "unknown", "unknown")
    assert set(model.names) <= set(named)
    assert evidence.sentences == split_sentences(DEBUNK) and len(evidence.sentences) == 4
    assert named["near_refute"] > 0 and named["no_statements"] == 1.0
    assert about(named)


def test_a_broken_model_file_is_refused_with_the_field_named() -> None:
    model = load_model()
    assert model is not None
    good = model.to_json()
    assert model_from_json(good).names == model.names
    bad = dict(good, weights=[[0.0]])
    with pytest.raises(ModelFileError, match="weights"):
        model_from_json(bad)
    with pytest.raises(ModelFileError, match="classes"):
        model_from_json(dict(good, classes=["yes", "no"]))


def test_a_debunking_article_disputes_the_question_in_its_own_words(store: Store) -> None:
    reply = answer_question(store, "Is it true that a crocodile was seen on a flooded motorway?", article="debunk.txt")
    assert reply.status in {"denied", "contested"}
    # No statement says it: the sentence shown is labelled as the article's own, attributed to no one.
    assert reply.sections[0].heading == UNATTRIBUTED_HEADING
    assert "fake" in reply.data["unattributed"][0] or "no evidence" in reply.data["unattributed"][0]
    assert "attributed to no one" in reply.lead


def test_an_article_that_only_relays_a_report_leaves_it_unknown(store: Store) -> None:
    reply = answer_question(store, "Is it true that Dunmore signed goalkeeper Anselm Brightwater?", article="relay.txt")
    assert reply.status == "unknown"


def test_an_article_that_states_it_agrees(store: Store) -> None:
    reply = answer_question(store, "Is it true that the harbour library will reopen in June?", article="support.txt")
    assert reply.status == "asserted"
    assert reply.data["unattributed"], "the agreeing sentence is shown, labelled unattributed"


def test_an_article_about_something_else_is_left_to_the_rules(store: Store) -> None:
    parsed = parse_question("Is it true that the harbour library will reopen in June?")
    terms = build_terms(store, list(parsed.topic_words))
    named, _ = model_features(parsed.text, terms, [], DEBUNK, "unknown", "unknown")
    assert not about(named)
    reply = answer_question(store, parsed.text, article="debunk.txt")
    assert reply.status == "unknown"


@pytest.mark.parametrize(
    ("text", "question", "group"),
    [
        (DEBUNK, "Is it true that a crocodile was seen on the motorway?", "refute"),
        (RELAY, "Is it true that Dunmore signed goalkeeper Anselm Brightwater?", "hedge"),
        (SUPPORT, "Is it true that the harbour library will reopen in June?", "confirm"),
    ],
)
def test_the_prototype_contrast_names_what_the_article_does(store: Store, text: str, question: str, group: str) -> None:
    parsed = parse_question(question)
    terms = build_terms(store, list(parsed.topic_words))
    named, _ = model_features(parsed.text, terms, [], text, "unknown", "unknown")
    contrast = {k.removeprefix("proto_body_"): v for k, v in named.items() if k.startswith("proto_body_")}
    assert set(contrast) == set(PROTOTYPES)
    # Relative to the groups' average: the contrasts sum to zero and the article's own kind leads.
    assert abs(sum(contrast.values())) < 1e-6
    assert max(contrast, key=lambda k: contrast[k]) == group
