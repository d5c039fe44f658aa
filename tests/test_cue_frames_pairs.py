"""The (verb, frame) pair table, the clause fallback of hand-written cues, and the frames' guards."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.devtools import cue_frames as dev
from bot.nlp.cue_frames import CUE_FRAMES, parse_pairs
from bot.nlp.cue_pairs import PAIR_FRAMES
from tests.test_extract import run


def test_pair_table_is_well_formed() -> None:
    assert PAIR_FRAMES
    for lemma, frames in PAIR_FRAMES.items():
        assert lemma.isalpha() and lemma == lemma.lower(), lemma
        assert lemma not in dev.PAIR_HANDLED | dev.NOT_ASSERTIONS, lemma
        for frame in frames:
            # clauses and prepositions only: an object names a thing acted on as often as a thing said
            assert frame in ("ccomp", "xcomp") or frame.startswith("prep:"), (lemma, frame)
            assert frame not in CUE_FRAMES.get(lemma, ()), (lemma, frame)


def test_parse_pairs_gathers_a_verbs_frames_in_order() -> None:
    table = "find\tccomp\t0.75\t32\nvote\tprep:against\t1.00\t4\nvote\tprep:for\t0.44\t16\n"
    assert parse_pairs(table) == {"find": ("ccomp",), "vote": ("prep:against", "prep:for")}


def test_halves_are_stable_and_both_used() -> None:
    names = [f"outlet_2016-01-{day:02d}_story-{k}" for day in range(1, 29) for k in range(4)]
    halves = [dev.half_of(name) for name in names]
    assert halves == [dev.half_of(name) for name in names]
    assert 0.3 < halves.count("A") / len(halves) < 0.7


def test_pair_rows_apply_rates_counts_and_exclusions() -> None:
    counted = [
        ("determine", "ccomp", 0.75, 8, 6),  # kept: a clause above the clause rate
        ("find", "ccomp", 0.75, 32, 24),  # an evidence verb: the hand rules settle its sources
        ("find", "dobj", 0.9, 30, 27),  # objects are not pair frames
        ("vote", "prep:for", 0.44, 16, 7),  # kept: a preposition above the object rate
        ("vote", "prep:in", 0.3, 10, 3),  # under the rate
        ("hear", "ccomp", 1.0, 1, 1),  # too few cues
        ("ask", "ccomp", 0.9, 40, 36),  # a question asserts nothing
        ("say", "ccomp", 0.98, 5000, 4900),  # the verb table has this frame already
    ]
    rows = dev.pair_rows(counted, clause_rate=0.4, object_rate=0.4, min_cues=2)
    assert [tuple(r.split("\t")[:2]) for r in rows] == [("determine", "ccomp"), ("vote", "prep:for")]


def test_counts_give_a_pair_its_own_rate(nlp: Language) -> None:
    # the second "found that" is not annotated: the pair's rate is one in two
    text = "Officials found that the bridge was unsafe. Inspectors found that the lights worked."
    doc = nlp(text)
    cue = text.index("found")
    content = text.index("the bridge")
    annotations = [{"Cue": [(cue, cue + 5)], "Content": [(content, content + len("the bridge was unsafe"))]}]
    counts = dev.Counts()
    counts.add(doc, annotations)
    pairs = {(lemma, frame): (n, hits) for lemma, frame, _rate, n, hits in counts.pairs()}
    assert pairs[("find", "ccomp")] == (2, 1)
    assert counts.cues["find"] == 1 and counts.seen["find"] == 2


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Investigators determined that the fire had been set deliberately.", "Investigators", "set deliberately"),
        ("Senator Ruth Okafor spoke about the housing shortage on Tuesday.", "Ruth Okafor", "the housing shortage"),
        ("Three council members voted against the budget.", "council members", "against the budget"),
    ],
)
def test_pair_frame_gives_a_claim(nlp: Language, text: str, speaker: str, content: str) -> None:
    statements = run(nlp, text)
    assert any(speaker in st.speaker and content in st.text for st in statements), statements


@pytest.mark.parametrize(
    "text",
    [
        "The aim of the visit was for the minister to warn the militia against an attack.",  # a goal, not a report
        "The company recalled three soft cheeses on Friday.",  # an object: a product recall, not a memory
    ],
)
def test_no_claim_from_goals_or_objects(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


def test_a_frame_inside_a_report_stays_in_it(nlp: Language) -> None:
    statements = run(nlp, "The mayor said that voters found the plan confusing.")
    assert [(s.speaker, s.cue) for s in statements] == [("mayor", "said")]
