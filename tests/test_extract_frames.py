"""Cue verbs from the data-driven frame table (`bot.nlp.cue_frames`), one pattern per case."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.models import CLAIM
from bot.nlp import lexicon
from bot.nlp.cue_frames import CUE_FRAMES, NOUN_FRAMES
from tests.test_extract import run

# (text, speaker, cue, content): the subject speaks, the frame dependent is what was said
FRAMES = [
    ("Senator Maria Lopez touted the new jobs plan at a rally in Ohio.", "Maria Lopez", "touted", "the new jobs plan"),
    # a preposition that carries the stance stays: "X: the trade deal" would read as X backing it
    ("Bernie Sanders railed against the trade deal on Monday.", "Bernie Sanders", "railed", "against the trade deal"),
    ("Governor Mike Pence endorsed Ted Cruz on Friday.", "Mike Pence", "endorsed", "Ted Cruz"),
    (
        "Many voters believe the economy is rigged against them.",
        "Many voters",
        "believe",
        "the economy is rigged against them",
    ),
    ("Clinton talked about her plan for child care during the debate.", "Clinton", "talked", "her plan for child care"),
]


@pytest.mark.parametrize(("text", "speaker", "cue", "content"), FRAMES)
def test_frame_verb_gives_a_claim(nlp: Language, text: str, speaker: str, cue: str, content: str) -> None:
    statements = run(nlp, text)
    assert [(s.kind, s.speaker, s.cue, s.text) for s in statements] == [(CLAIM, speaker, cue, content)]


@pytest.mark.parametrize(
    "text",
    [
        "The governor would endorse the plan if it passed.",  # hypothetical
        "The mayor did not endorse the plan.",  # negated
        "The mayor declined to comment on the report.",  # a refusal asserts nothing
        "It shares a border with the region.",  # no source
    ],
)
def test_no_claim_without_a_reported_assertion(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


def test_grounds_participle_stays_in_the_claim(nlp: Language) -> None:
    text = "The allies claimed Russia was planning an invasion, citing the movement of troops on the border."
    statements = run(nlp, text)
    assert [(s.cue, s.speaker) for s in statements] == [("claimed", "allies")]


def test_frame_inside_a_quote_is_the_quote_not_a_statement(nlp: Language) -> None:
    statements = run(nlp, '"Voters believe the system is rigged," the senator said.')
    assert [(s.cue, s.text) for s in statements] == [("said", "Voters believe the system is rigged")]


def test_frame_table_is_well_formed() -> None:
    assert len(CUE_FRAMES) > 50
    for lemma, frames in CUE_FRAMES.items():
        assert lemma.isalpha() and lemma == lemma.lower(), lemma
        assert frames, lemma
        for frame in frames:
            assert frame in ("ccomp", "xcomp", "dobj") or frame.startswith("prep:"), (lemma, frame)
        # the hand-written rules own denials and rejections (their kind and target are settled there)
        assert lemma not in lexicon.DENIAL_VERBS | lexicon.REJECT_VERBS, lemma


def test_relative_clause_frame_needs_its_own_subject(nlp: Language) -> None:
    # "that" stands for "a move": "is likely" alone reports nothing
    text = "Western powers cautioned Russia against an invasion, a move that some experts fear is likely."
    assert all(s.text != "is likely" for s in run(nlp, text))


def test_verbless_colon_headline(nlp: Language) -> None:
    text = (
        "Rubio: I Still Believe Trump Cannot Be Trusted with the Codes.\n\n"
        "One month after a bruising primary, the race has moved on."
    )
    statements = run(nlp, text)
    assert [(s.speaker, s.text) for s in statements] == [
        ("Rubio", "I Still Believe Trump Cannot Be Trusted with the Codes")
    ]


def test_transcript_turns_are_statements_of_their_speakers(nlp: Language) -> None:
    text = (
        "The interview went on.\n\n"
        "BOULDUAN: You guys were open to more debates in January. Why not debate in New York?\n\n"
        "BENENSON: Senator Sanders has been running a very negative campaign."
    )
    statements = run(nlp, text)
    assert [(s.speaker, s.text) for s in statements] == [
        ("BOULDUAN", "You guys were open to more debates in January. Why not debate in New York?"),
        ("BENENSON", "Senator Sanders has been running a very negative campaign"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "UPDATE: The council has voted to close the bridge on Monday.",
        "Q: Why did the council vote to close the bridge on Monday?",
        "Election 2016: Trump wins the nomination in Indiana.",
    ],
)
def test_a_label_before_a_colon_is_no_speaker(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


def test_a_relative_clause_with_its_own_speaker(nlp: Language) -> None:
    text = "Dorsey has spent days in Oregon, where he says he can prevail if the weather holds."
    statements = run(nlp, text)
    assert [(s.cue, s.text) for s in statements] == [("says", "he can prevail if the weather holds")]


def test_a_relative_clause_describing_people_reports_nothing(nlp: Language) -> None:
    text = "The law mandates three appointments for women who want to obtain the medication."
    assert run(nlp, text) == []


def test_a_gerund_clause_after_said_is_the_content(nlp: Language) -> None:
    text = "Luis Ferrer said seeing so many police cadets at the festival was a heartening sight."
    statements = run(nlp, text)
    assert [(s.speaker, s.text) for s in statements] == [
        ("Luis Ferrer", "seeing so many police cadets at the festival was a heartening sight")
    ]


def test_a_topic_before_a_colon_is_no_speaker(nlp: Language) -> None:
    text = "Harbour Square: police chief denies ignoring crowd warning"
    assert all(s.speaker != "Harbour Square" for s in run(nlp, text))


def test_a_trailing_attribution_is_not_the_content_of_the_verb_before_it(nlp: Language) -> None:
    text = "Dairy firm knew of listeria test months before recall, leaked memo suggests"
    assert all(s.text != "suggests" for s in run(nlp, text))


def test_a_wish_is_not_a_claim(nlp: Language) -> None:
    # "want" is in the learnt table (PolNeAR annotates wishes), but a wish asserts nothing to confirm or deny.
    assert "want" in CUE_FRAMES and "want" in lexicon.WISH_VERBS
    assert run(nlp, "The city council wants to build a new bridge over the river by 2030.") == []


def test_named_persons_relative_clause_reports_that_person(nlp: Language) -> None:
    statements = run(nlp, "Sanders has invited Matt Duss, who often criticizes the Israeli government, to testify.")
    assert [(s.speaker, s.cue, s.text) for s in statements] == [("Matt Duss", "criticizes", "the Israeli government")]


def test_relative_clause_on_a_kind_of_people_describes_them(nlp: Language) -> None:
    assert run(nlp, "Customers who believe they were mis-sold a policy can apply for redress.") == []


def test_object_keeps_what_is_said_about_it(nlp: Language) -> None:
    statements = run(nlp, "Later she criticized Sanders for his votes against the Brady bill.")
    assert [s.text for s in statements] == ["Sanders for his votes against the Brady bill"]
    # time and place are not part of it
    statements = run(nlp, "Governor Mike Pence endorsed Ted Cruz on Friday.")
    assert [s.text for s in statements] == ["Ted Cruz"]


def test_a_document_with_a_reporting_participle_is_the_source(nlp: Language) -> None:
    statements = run(nlp, "Reporters obtained a memo saying the plant would close in May.")
    assert [(s.speaker, s.cue, s.text) for s in statements] == [("memo", "saying", "the plant would close in May")]


def test_fallback_frame_of_a_hand_written_verb_is_not_a_law(nlp: Language) -> None:
    text = "The Road Safety Act, which comes into force on Monday, says drivers must slow down near schools."
    assert run(nlp, text) == []


def test_noun_of_the_table_with_its_owner_is_a_claim(nlp: Language) -> None:
    statements = run(nlp, "Senator Maria Lopez's criticism of the trade deal won her votes in Ohio.")
    assert [(s.speaker, s.cue, s.text) for s in statements] == [("Maria Lopez", "criticism", "the trade deal")]
    assert run(nlp, "There was no criticism of the deal.") == []  # nobody's


def test_noun_table_is_well_formed() -> None:
    assert NOUN_FRAMES
    for lemma, frames in NOUN_FRAMES.items():
        assert lemma.isalpha() and lemma == lemma.lower(), lemma
        assert all(f == "acl" or f.startswith("prep:") for f in frames), (lemma, frames)


def test_a_poll_showing_something_is_the_source(nlp: Language) -> None:
    statements = run(nlp, "The campaign released a poll showing the senator ahead by nine points.")
    assert [(s.speaker, s.cue) for s in statements] == [("poll", "showing")]


def test_one_word_before_a_headline_colon_speaks_when_the_article_names_them(nlp: Language) -> None:
    # the tagger reads a line's lone first word as a common noun; the body names the person
    text = (
        "Gant: Reyes should have consulted me before cutting the ribbon.\n\n"
        "The council met on Monday, where Dan Gant spoke first."
    )
    statements = run(nlp, text)
    assert [(s.speaker, s.text) for s in statements] == [
        ("Dan Gant", "Reyes should have consulted me before cutting the ribbon")
    ]
    # named nowhere else: no speaker is made up
    assert run(nlp, "Gant: Reyes should have consulted me before cutting the ribbon.\n\nThe council met later.") == []


def test_a_document_before_a_headline_colon_speaks(nlp: Language) -> None:
    text = "Report: Half of the mill's safety inspections were skipped.\n\nThe council met later on Monday."
    statements = run(nlp, text)
    assert [(s.speaker, s.text) for s in statements] == [
        ("Report", "Half of the mill's safety inspections were skipped")
    ]
