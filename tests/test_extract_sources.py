"""Who speaks: datelines, wire credits and people speaking on someone's behalf."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_extract import run


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "SAN JOSE, June 10 (Global Business Wire) - Software company Vantrix said its systems were never breached.",
            "Software company Vantrix",
        ),
        ("LONDON, March 3 (Reuters) - British officials warned that prices would rise.", "British officials"),
        ("14:30 Pellmark said there had been no cover-up.", "Pellmark"),
        ("Jean-Luc Moreau said the ship was ready.", "Jean-Luc Moreau"),
    ],
)
def test_dateline_and_wire_credit_are_never_in_the_speaker(nlp: Language, text: str, speaker: str) -> None:
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == [speaker]
    assert "(" not in statements[0].speaker_text


def test_a_participle_after_a_dateline_speaks_for_the_company_not_the_place(nlp: Language) -> None:
    # The parser reads the capitalised place as a second subject of "rejected".
    text = (
        "KESSLER, Sept 14 (Meridale Wire) - Harlow Foods on Monday rejected figures from a conservation charity "
        'that blamed its wind farm for the deaths of nine eagles, saying there was "no basis" for the number.'
    )
    statements = run(nlp, text)
    saying = [s for s in statements if s.cue == "saying"]
    assert [(s.speaker, s.kind) for s in saying] == [("Harlow Foods", "denial")]


def test_a_spokesman_for_someone_is_the_spokesman(nlp: Language) -> None:
    text = "A spokesman for Senator Jane Ruiz denied the report. He said the meeting never took place."
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["spokesman for Jane Ruiz", "spokesman for Jane Ruiz"]
    assert statements[0].speaker_role == "spokesman"
    assert statements[0].speaker_type == "person"


def test_a_lawyer_for_an_organisation_speaks_for_it(nlp: Language) -> None:
    statements = run(nlp, "A lawyer for the company said the claims were false.")
    assert [s.speaker for s in statements] == ["lawyer for the company"]


def test_a_named_spokeswoman_is_herself(nlp: Language) -> None:
    statements = run(nlp, "The spokeswoman for the ministry, Ana Ruiz, said the talks failed.")
    assert [s.speaker for s in statements] == ["Ana Ruiz"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Trump's campaign said the poll was rigged.", "Trump's campaign"),
        ("The Trump campaign said the poll was rigged.", "Trump campaign"),
        ("A Trump adviser said the poll was rigged.", "Trump adviser"),
        ("Kremlin spokesman Dmitry Peskov said the poll was rigged.", "Dmitry Peskov"),
        ("Foreign Minister Sergei Lavrov said the poll was rigged.", "Sergei Lavrov"),
    ],
)
def test_a_campaign_speaks_as_the_campaign(nlp: Language, text: str, speaker: str) -> None:
    statements = run(nlp, text)
    assert [(s.speaker, s.text) for s in statements] == [(speaker, "the poll was rigged")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Six in 10 say he is at least somewhat decisive.", "Six in 10"),
        ("Those surveyed said the economy was the top issue.", "Those surveyed"),
    ],
)
def test_poll_respondents_speak(nlp: Language, text: str, speaker: str) -> None:
    assert [s.speaker for s in run(nlp, text)] == [speaker]


def test_a_correspondents_turn_relays_others_and_a_presenters_question_is_nobodys(nlp: Language) -> None:
    text = (
        "PRESENTER (Mara Lind): The council has rejected the petition. Is there any other view?\n\n"
        "OKAFOR: The council's leader, Ivo Brandt, says the petition was signed twice by many people. "
        "The Harbour Residents Group insists every signature is genuine."
    )
    statements = run(nlp, text)
    assert {s.speaker for s in statements} == {"Ivo Brandt", "Harbour Residents Group"}


def test_a_transcript_label_joined_to_the_subject_is_not_the_speaker(nlp: Language) -> None:
    from spacy.tokens import Doc

    from bot.nlp.speakers.subjects import _after_dateline

    # The parse seen on a broadcast transcript: the label heads the subject ("ARNOTT: The federation").
    doc = Doc(
        nlp.vocab,
        words=["OKAFOR", ":", "The", "Harbour", "Board", "confirmed", "it"],
        spaces=[False, True, True, True, True, True, False],
        heads=[5, 0, 4, 4, 0, 5, 5],
        deps=["nsubj", "punct", "det", "compound", "appos", "ROOT", "dobj"],
        pos=["PROPN", "PUNCT", "DET", "PROPN", "PROPN", "VERB", "PRON"],
    )
    head, tokens = _after_dateline(doc[0], list(doc[0:5]))
    assert head.text == "Board"
    assert [t.text for t in tokens] == ["The", "Harbour", "Board"]


def test_a_person_named_after_the_role_noun_of_the_subject_is_not_the_speaker(nlp: Language) -> None:
    # "the manager of X", "a friend of X": the role speaks, not the person it is held toward
    statements = run(nlp, "The former manager of actor Ada Lorne said on Friday that her diary had ruined his career.")
    assert [s.text for s in statements] == ["her diary had ruined his career"]
    assert "manager" in statements[0].speaker and statements[0].speaker != "Ada Lorne"
    statements = run(nlp, "A friend of Ada Lorne said she was resting.")
    assert "friend" in statements[0].speaker
    # an organisation of a person still speaks for that person
    assert [s.speaker for s in run(nlp, "The campaign of Senator Ada Lorne said it would appeal.")] == ["Ada Lorne"]
