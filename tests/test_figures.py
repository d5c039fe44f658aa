"""Figures: counted quantities with their intervals, and conflicts across outlets."""

from __future__ import annotations

import math

import pytest
from spacy.language import Language

from bot.models import Figure
from bot.nlp.figures import FigureGroup, compare_figures, extract_figures, intervals_overlap
from bot.store import Store


def _figures(nlp: Language, text: str) -> list[Figure]:
    return list(extract_figures(nlp(text)))


def _one(nlp: Language, text: str) -> Figure:
    found = _figures(nlp, text)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def test_almost_six_hours(nlp: Language) -> None:
    f = _one(nlp, "The president spent almost six hours speaking with his counterpart in the capital.")
    assert (f.text, f.value, f.unit, f.qualifier) == ("almost six hours", 6.0, "hour", "almost")
    assert f.low < 6.0 and f.high == 6.0 and f.low > 5.5
    assert "speak" in f.lemmas and "hour" not in f.lemmas


def test_about_five_hours_allows_rounding(nlp: Language) -> None:
    f = _one(nlp, "The leaders met for about five hours, officials said.")
    assert (f.unit, f.qualifier, f.low, f.high) == ("hour", "about", 4.5, 5.5)


def test_approximately_is_ten_percent(nlp: Language) -> None:
    f = _one(nlp, "The army has massed approximately 130,000 troops on the border.")
    assert (f.value, f.unit) == (130_000, "troop")
    assert f.low == pytest.approx(117_000) and f.high == pytest.approx(143_000)
    assert f.text == "approximately 130,000 troops"


def test_more_than_is_bounded_above(nlp: Language) -> None:
    f = _one(nlp, "The government sent more than 100,000 troops near the border.")
    assert (f.qualifier, f.low) == ("more than", 100_000)
    assert 130_000 < f.high < math.inf  # finite, so JSON exports stay valid


def test_no_more_than_beats_more_than(nlp: Language) -> None:
    f = _one(nlp, "Police said no more than 500 protesters gathered.")
    assert (f.qualifier, f.low, f.high) == ("no more than", 0.0, 500)


def test_vague_thousands(nlp: Language) -> None:
    f = _one(nlp, "The movements of thousands of Russian troops added to the crisis.")
    assert f.unit == "troop" and f.qualifier == "thousands"
    assert f.low == 2_000 and f.high > 100_000


def test_plain_number_allows_written_precision(nlp: Language) -> None:
    f = _one(nlp, "Officials said 326 Palestinians were killed in the attack.")
    assert f.value == 326 and f.unit.startswith("palestinian")
    assert (f.low, f.high) == (325.5, 326.5)


def test_magnitude_words_and_money(nlp: Language) -> None:
    found = {f.unit: f for f in _figures(nlp, "The candidate won 1.5 million votes and raised $5 million.")}
    assert found["vote"].value == 1_500_000
    assert found["vote"].low == pytest.approx(1_450_000)
    assert found["dollar"].value == 5_000_000


def test_hyphenated_number_words(nlp: Language) -> None:
    f = _one(nlp, "Twenty-five people were injured in the blast.")
    assert (f.value, f.unit) == (25, "people")


@pytest.mark.parametrize(
    ("text", "wording", "low", "high"),
    [
        ("Between 5,000 and 10,000 troops took part in the drills.", "Between 5,000 and 10,000 troops", 5_000, 10_000),
        ("Officials said 5,000 to 10,000 people fled the city.", "5,000 to 10,000 people", 5_000, 10_000),
        ("The deal is worth between 2 and 3 billion dollars.", "between 2 and 3 billion dollars", 2e9, 3e9),
    ],
)
def test_ranges(nlp: Language, text: str, wording: str, low: float, high: float) -> None:
    f = _one(nlp, text)
    assert (f.text, f.low, f.high) == (wording, low, high)


def test_compound_vague_and_half(nlp: Language) -> None:
    found = {f.unit: f for f in _figures(nlp, "Tens of thousands of people marched as half a million workers struck.")}
    assert (found["people"].low, found["people"].high) == (20_000, 99_999)
    assert found["people"].text == "Tens of thousands of people"
    assert found["worker"].value == 500_000 and found["worker"].text == "half a million workers"
    assert len(found) == 2  # the inner "thousands" is not a figure of its own


@pytest.mark.parametrize(
    "text",
    [
        "Russia annexed the peninsula in 2014.",
        "The exercises will run until Feb. 20.",
        "The minister, a 45-year-old lawyer, resigned.",
        "He was 45 years old when he took office.",
        "It was the first major attack since the truce.",
        "The statement was published at 10:30 GMT.",
        "Nobody said anything for one second.",
        "The war lasted from 2014 to 2016.",
    ],
)
def test_dates_years_ages_ordinals_are_not_figures(nlp: Language, text: str) -> None:
    assert _figures(nlp, text) == []


def test_offsets_point_at_the_figure(nlp: Language) -> None:
    text = "After talks, officials said nearly 40 percent of voters backed the plan."
    f = _one(nlp, text)
    assert text[f.start : f.end] == f.text == "nearly 40 percent"
    assert f.unit == "percent"


def _row(article: str, outlet: str, unit: str, low: float, high: float, lemmas: list[str], text: str = "") -> dict:
    return {
        "article": article,
        "outlet": outlet,
        "unit": unit,
        "low": low,
        "high": high,
        "lemmas": lemmas,
        "text": text,
    }


def test_intervals_overlap() -> None:
    assert intervals_overlap({"low": 117_000, "high": 143_000}, {"low": 100_000, "high": math.inf})
    assert not intervals_overlap({"low": 5.7, "high": 6.0}, {"low": 4.5, "high": 5.5})
    assert intervals_overlap({"low": 1, "high": None}, {"low": 50, "high": 60})


def test_compare_flags_only_real_conflicts() -> None:
    context = ["leader", "meet", "capital", "monday"]
    rows = [
        _row("a", "Outlet A", "hour", 5.7, 6.0, context, "almost six hours"),
        _row("b", "Outlet B", "hour", 4.5, 5.5, context[:3] + ["official"], "about five hours"),
        _row("a", "Outlet A", "troop", 117_000, 143_000, ["army", "mass", "border"], "approximately 130,000 troops"),
        _row("b", "Outlet B", "troop", 100_000, 200_000, ["army", "send", "border"], "more than 100,000 troops"),
        _row(
            "b", "Outlet B", "troop", 2_000, 999_999, ["movement", "neighbour", "army", "border"], "thousands of troops"
        ),
        _row("c", "Outlet C", "vote", 10, 20, ["election", "count"], "15 votes"),
    ]
    groups = compare_figures(rows)
    by_unit = {g.unit: g for g in groups}
    assert set(by_unit) == {"hour", "troop"}  # a figure no other article reports is no comparison
    assert by_unit["hour"].conflict is True
    assert by_unit["hour"].outlets == ["Outlet A", "Outlet B"]
    assert len(by_unit["hour"].conflicting_pairs) == 1
    assert by_unit["troop"].conflict is False
    # One figure per article in a group: the article's second troop count is about something else.
    assert [r["text"] for r in by_unit["troop"].figures] == ["approximately 130,000 troops", "more than 100,000 troops"]
    assert isinstance(groups[0], FigureGroup)


def test_compare_needs_shared_context() -> None:
    rows = [
        _row("a", "A", "hour", 5.7, 6.0, ["leader", "meet", "capital", "talk"]),
        _row("b", "B", "hour", 1.5, 2.5, ["flight", "delay", "airport", "storm"]),
    ]
    assert compare_figures(rows) == []


def test_seed_figures_show_the_hours_conflict_not_troops(seeded_store: Store) -> None:
    groups = compare_figures(seeded_store.figures())
    hours = [g for g in groups if g.unit == "hour"]
    troops = [g for g in groups if g.unit == "troop"]
    assert len(hours) == 1 and hours[0].conflict
    assert {"The Week", "UPI", "RT"} <= set(hours[0].outlets)
    texts = {r["text"] for r in hours[0].figures}
    assert {"almost six hours", "about five hours", "nearly six hours"} <= texts
    assert troops and not any(g.conflict for g in troops)
    troop_texts = {r["text"] for g in troops for r in g.figures}
    assert {"approximately 130,000 troops", "more than 100,000 troops"} <= troop_texts
    assert [g for g in groups if g.conflict] == hours


def test_synonyms_match_units_and_context() -> None:
    rows = [
        _row("a", "A", "soldier", 4_500, 5_500, ["send", "disaster", "aid", "region"], "5,000 soldiers"),
        _row("b", "B", "troop", 9_000, 11_000, ["send", "disaster", "relief", "province"], "10,000 troops"),
    ]
    groups = compare_figures(rows)
    assert len(groups) == 1 and groups[0].conflict
