"""The gold scorer follows the gold file's header."""

from __future__ import annotations

from typing import Any

import pytest

from bot.devtools.evaluate import load_gold, normalise, score

GOLD: dict[str, Any] = {
    "statement": [
        {"file": "a.txt", "kind": "claim", "group": "G1", "speaker": ["Doe"], "contains": "the bridge will open"},
        {"file": "a.txt", "kind": "claim", "group": "G1", "speaker": ["Doe"], "contains": "open in May"},
        {"file": "a.txt", "kind": "denial", "group": "G1", "speaker": ["Khan"], "contains": "never promised"},
        {
            "file": "a.txt",
            "kind": "claim",
            "group": "G2",
            "speaker": ["Khan"],
            "contains": "tolls rise",
            "optional": True,
        },
    ],
    "boilerplate": {"absent": ["Subscribe now"], "bad_speakers": ["photo"]},
}


def _st(
    text: str,
    kind: str = "claim",
    speaker: str = "Jane Doe",
    prop: int | None = 1,
    denies: int | None = None,
    evidence: str | None = None,
) -> dict[str, Any]:
    return {
        "article": "a.txt",
        "kind": kind,
        "speaker": speaker,
        "text": text,
        "evidence": evidence or text,
        "proposition": prop,
        "denies": denies,
    }


def test_normalise_quotes_and_space() -> None:
    assert normalise("\u201cNo\u201d  it\u2019s\n fine") == '"No" it\'s fine'


def test_perfect_system_scores_one() -> None:
    system = [
        _st("the bridge will open"),
        _st("it will open in May"),
        _st("he never promised it", kind="denial", speaker="Ali Khan", prop=2, denies=1),
    ]
    s = score(system, GOLD)
    assert (s.recall, s.precision, s.speaker_accuracy, s.denial_linking, s.grouping_f1) == (1, 1, 1, 1, 1)
    assert s.boilerplate_clean and s.repeats_once


def test_matching_is_one_to_one_and_kind_sensitive() -> None:
    system = [_st("the bridge will open in May"), _st("never promised", kind="claim")]
    s = score(system, GOLD)
    assert s.gold_matched_required == 1  # one statement cannot serve two gold entries
    assert s.precision == 0.5


def test_wrong_speaker_bad_link_and_split_groups() -> None:
    system = [
        _st("the bridge will open", prop=1),
        _st("it will open in May", prop=7),
        _st("never promised", kind="denial", speaker="a photo", prop=3, denies=9),
    ]
    s = score(system, GOLD)
    assert s.speaker_accuracy == pytest.approx(2 / 3)
    assert s.denial_linking == 0
    assert s.grouping_f1 == pytest.approx(2 / 3)
    assert not s.boilerplate_clean


def test_repeats_and_boilerplate_in_bodies() -> None:
    system = [_st("the bridge will open"), _st("the bridge will open")]
    s = score(system, GOLD, {"a.txt": "News. Subscribe now!"})
    assert not s.repeats_once
    assert any("article body" in h for h in s.boilerplate_hits)


def test_a_bad_speaker_inside_a_right_speakers_name_is_no_furniture() -> None:
    """A dateline town listed as a bad speaker flags a speaker holding the dateline, not the gold's own right
    speaker that is named after the town."""
    gold = {
        "statement": [
            {
                "file": "a.txt",
                "kind": "claim",
                "group": "G1",
                "speaker": ["University of Ashby"],
                "contains": "it works",
            }
        ],
        "boilerplate": {"bad_speakers": ["ASHBY"]},
    }
    assert score([_st("it works", speaker="team at the University of Ashby")], gold).boilerplate_clean
    assert not score([_st("it works", speaker="ASHBY, Nov 2 (Wire) - A team")], gold).boilerplate_clean
    assert not score([_st("it works", speaker="ASHBY team")], gold).boilerplate_clean


def test_a_bad_speaker_in_capitals_is_looked_for_as_printed() -> None:
    # "ASHBY" is how the dateline prints the town; "members of Ashby's rowing club" is a club's name that holds
    # the town, not the dateline. A bad speaker in mixed case ("Harbour Wire") is matched case-blind.
    gold = {
        "statement": [
            {"file": "a.txt", "kind": "claim", "group": "G1", "speaker": ["rowing club"], "contains": "it works"}
        ],
        "boilerplate": {"bad_speakers": ["ASHBY", "Harbour Wire"]},
    }
    assert score([_st("it works", speaker="Members of Ashby's rowing club")], gold).boilerplate_clean
    assert not score([_st("it works", speaker="ASHBY, May 9 (Wire) - The rowing club")], gold).boilerplate_clean
    assert not score([_st("it works", speaker="HARBOUR WIRE")], gold).boilerplate_clean


def test_load_gold_names_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "g.toml"
    bad.write_text("not = [toml")
    with pytest.raises(ValueError, match="g.toml"):
        load_gold(bad)


def test_required_gold_entries_are_served_before_optional_ones() -> None:
    # One system statement both entries could take: the optional entry comes first in the
    # file, but the required one must get it, so recall stays whole.
    gold = {
        "statement": [
            {
                "file": "a.txt",
                "kind": "claim",
                "group": "G1",
                "speaker": ["Doe"],
                "contains": "bridge",
                "optional": True,
            },
            {"file": "a.txt", "kind": "claim", "group": "G2", "speaker": ["Doe"], "contains": "will open"},
        ]
    }
    scores = score([_st("the bridge will open")], gold)
    assert scores.recall == 1.0
    assert scores.missed == []


def test_within_required_entries_one_kind_comes_before_kind_any() -> None:
    gold = {
        "statement": [
            {
                "file": "a.txt",
                "kind": "claim",
                "kind_any": ["claim", "denial"],
                "group": "G1",
                "speaker": ["Doe"],
                "contains": "bridge",
            },
            {"file": "a.txt", "kind": "claim", "group": "G2", "speaker": ["Doe"], "contains": "will open"},
        ]
    }
    scores = score([_st("the bridge will open")], gold)
    assert scores.missed == [{"file": "a.txt", "kind": "claim", "contains": "bridge"}]


def test_denial_linking_counts_only_gold_denials_matched_as_denials() -> None:
    # A gold denial matched (through kind_any) by a system claim is no denial to link.
    gold = {
        "statement": [
            {"file": "a.txt", "kind": "claim", "group": "G1", "speaker": ["Doe"], "contains": "the bridge will open"},
            {
                "file": "a.txt",
                "kind": "denial",
                "kind_any": ["claim", "denial"],
                "group": "G1",
                "speaker": ["Khan"],
                "contains": "never promised",
            },
            {"file": "a.txt", "kind": "denial", "group": "G1", "speaker": ["Khan"], "contains": "no such plan"},
        ]
    }
    system = [
        _st("the bridge will open", prop=1),
        _st("I never promised a date", speaker="Khan", prop=2),
        _st("there is no such plan", kind="denial", speaker="Khan", prop=1, denies=1),
    ]
    scores = score(system, gold)
    assert scores.denial_linking == 1.0
    assert scores.bad_links == []
