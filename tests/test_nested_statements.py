"""Characterising frames the parser splits oddly: the object inside the predicate ("called her “third-rate”"),
the quoted predicate read as the object ("called protestors “thugs”")."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.models import CLAIM
from bot.nlp.extract.build import extract_statements

# (text, speaker, content): no direct object in the parse; the object sits inside the `oprd` predicate
PREDICATE_ONLY = [
    (
        "He later suggested her tone was aggressive, called her “third-rate” and boycotted one of the debates.",
        "He",
        "her third-rate",
    ),
    (
        "Last year Ms. Alvarez called the Republican frontrunner “ISIS’ best recruiter.”",
        "Alvarez",
        "the Republican frontrunner ISIS’ best recruiter",
    ),
    (
        "She called Canadian lumber-sellers “cheats” and criminals.",
        "She",
        "Canadian lumber-sellers cheats and criminals",
    ),
    (
        "Obama called Wall Street bankers “fat cats” and proposed raising taxes.",
        "Obama",
        "Wall Street bankers fat cats",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "content"), PREDICATE_ONLY)
def test_called_with_the_object_inside_the_predicate(nlp: Language, text: str, speaker: str, content: str) -> None:
    doc = nlp(text)
    called = [st for st in extract_statements(doc) if st.cue == "called"]
    assert [(st.speaker, st.text, st.kind) for st in called] == [(speaker, content, CLAIM)]
    # the other clauses of the sentence stay out of the characterisation
    assert "boycotted" not in called[0].text and "proposed" not in called[0].text


def test_called_with_the_quoted_predicate_read_as_the_object(nlp: Language) -> None:
    # parsed as "protestors"(nmod) <- "radicals"(dobj): the quote mark between them shows the judgement
    doc = nlp("He called anti-tax protestors “radicals” and “thugs” without proof.")
    called = [st for st in extract_statements(doc) if st.cue == "called"]
    assert [st.text for st in called] == ["anti-tax protestors radicals and thugs without proof"]


def test_a_phone_call_is_no_characterisation(nlp: Language) -> None:
    doc = nlp("The governor called Maria Delgado on Monday.")
    assert [st for st in extract_statements(doc) if st.cue == "called"] == []
