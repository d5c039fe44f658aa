"""Answers about a named speaker lead with that speaker's words; relayed words say who relayed them."""

from __future__ import annotations

from typing import Any

from bot.answers.lead import group_lead, plural_name
from bot.answers.rendering import group_heading, quote_sentence, to_quote
from bot.answers.scoring import Group


def _row(rid: int, speaker_id: int, speaker: str, text: str, outlet: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "kind": "claim",
        "speaker_id": speaker_id,
        "speaker": speaker,
        "speaker_type": "PERSON",
        "text": text,
        "evidence": f"{speaker} said {text}.",
        "cue": "said",
        "outlet": outlet,
        "outlets": [outlet],
        "published": "2024-03-01",
        **extra,
    }


def _group() -> Group:
    # One proposition: the mayor's wording carried by three outlets, the councillor's by one.
    return Group(
        key=("p", 1),
        score=0.9,
        claims=[
            _row(1, 10, "Ruth Annick", "the harbour will close in May for dredging", "Coast Post"),
            _row(2, 10, "Ruth Annick", "the harbour will close in May for dredging", "Bay Herald"),
            _row(3, 10, "Ruth Annick", "the harbour will close in May for dredging", "Gull Times"),
            _row(4, 20, "Ivo Brandt", "the harbour closes in May", "Quay Weekly"),
        ],
    )


def test_the_lead_names_the_speaker_asked_about() -> None:
    group = _group()
    assert group_lead(None, group).text.startswith("Asserted. Ruth Annick says")  # most outlets, nobody named
    lead = group_lead(None, group, prefer={20})
    assert lead.text.startswith("Asserted. Ivo Brandt says the harbour closes in May")
    assert lead.shown_ids == (4,)


def test_the_heading_quotes_the_speaker_asked_about() -> None:
    group = _group()
    assert group_heading(group) == "Claimed: the harbour will close in May for dredging"
    assert group_heading(group, {20}) == "Claimed: the harbour closes in May"


def test_relayed_words_say_through_whom() -> None:
    row = _row(5, 30, "Ash Carter", "his use of personal email was a mistake", "Bay Herald", relay="the Times")
    assert to_quote(row, ["Bay Herald"]).attribution() == "Ash Carter (according to the Times)"
    assert "Ash Carter (according to the Times) said:" in quote_sentence(row, ["Bay Herald"])
    # An outlet's own interview: the outlet shown beside the quote already says it.
    own = _row(6, 30, "Ash Carter", "it was a mistake", "Times", relay="the Times")
    assert to_quote(own, ["Times"]).attribution() == "Ash Carter"


def test_a_denial_in_the_deniers_own_words_is_what_they_say_not_what_they_deny() -> None:
    claim = _row(6, 40, "Lea Moor", "the harbour fund was misspent", "Coast Post")
    spoken = _row(7, 50, "Ivo Brandt", "the audit of the harbour fund is misleading", "Coast Post", kind="denial")
    denied = _row(8, 50, "Ivo Brandt", "the harbour fund was misspent", "Bay Herald", kind="denial", cue="denied")
    # "said the audit is misleading": denying it by saying so; "denied the fund was misspent": denying that.
    lead = group_lead(None, Group(("p", 2), 0.9, claims=[claim], denials=[spoken])).text
    assert "Ivo Brandt says the audit of the harbour fund is misleading" in lead
    lead = group_lead(None, Group(("p", 2), 0.9, claims=[claim], denials=[denied])).text
    assert "Ivo Brandt denies that the harbour fund was misspent" in lead


def test_a_coordinated_role_before_one_name_is_one_speaker() -> None:
    assert not plural_name("founder and chairman of the Harbour Group Ivo Brandt")
    assert plural_name("Lea Moor and Ivo Brandt")
    assert plural_name("the mayor and the harbour master")
    assert plural_name("harbour officials")
