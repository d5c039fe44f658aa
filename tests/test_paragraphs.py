"""Paragraph boundaries: decks kept by the cleaner, line breaks as sentence starts, wire credits."""

from __future__ import annotations

from spacy.language import Language

from bot.ingest.clean import clean_text
from bot.nlp.extract.build import extract_statements


def test_cleaner_keeps_a_deck_under_the_headline() -> None:
    capture = (
        "HARBOUR CHIEF IN PAY ROW\n\n"
        "Fury as mayor blames dockers for Gallow Quay delay\n\n"
        "By Ann Tarrow\n\n"
        "GALLOW Mayor Ruth Annick was last night accused of dumping the blame for the month-long delay "
        "on the dockers who had warned her about the cranes.\n\n"
        "Union boss Vern Okoro said the mayor had ignored three letters from his members and that the "
        "delay had cost the port more than a million pounds in lost trade.\n\n"
        "The mayor's office said the letters had been answered and that the cranes were inspected in March."
    )
    cleaned = clean_text(capture).article
    assert cleaned.title == "HARBOUR CHIEF IN PAY ROW"
    paragraphs = cleaned.text.split("\n\n")
    assert "Fury as mayor blames dockers for Gallow Quay delay" in paragraphs
    assert not any(p.startswith("By Ann Tarrow") for p in paragraphs)  # the byline is still furniture


def test_line_breaks_start_sentences(nlp: Language) -> None:
    assert nlp.pipe_names.index("paragraph_starts") < nlp.pipe_names.index("parser")
    doc = nlp(
        "Sprinter fails test - and friends say she will quit\n\n"
        "Sprint star Tala Brook has failed a drugs test, the Rocket can reveal.\n\n"
        "Her coach said she would appeal."
    )
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences[1] == "Sprint star Tala Brook has failed a drugs test, the Rocket can reveal."
    found = {(s.speaker, s.text) for s in extract_statements(doc)}
    # Parsed as one sentence with the headline, the paper's own report became a clause of "say".
    assert ("Rocket", "Sprint star Tala Brook has failed a drugs test") in found


def test_a_wire_credit_is_never_the_speaker(nlp: Language) -> None:
    doc = nlp(
        "Corvanta denies payroll data breach after blogger's report\n\n"
        "FENMOUTH, June 10 (Calloway Wire) - Payroll software maker Corvanta on Wednesday denied that hackers "
        "had stolen the payroll records of about two million workers from its systems, after a security "
        "blogger published what he said was a sample of the stolen data."
    )
    speakers = {s.speaker for s in extract_statements(doc)}
    assert speakers
    assert not any("Calloway" in (s or "") for s in speakers)
