"""A speech noun read as a verb whose "subject" is the noun's own modifier ("it was only audit reports")
is neither a cue nor a speaker."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_extract import run


@pytest.mark.parametrize(
    ("text", "modifier"),
    [
        (
            "The bank hit back hard, said the leak was false, said it was only audit reports. Then on Friday it "
            "changed its story.",
            "audit",
        ),
        (
            "Marrow Foods came out fighting, said the video was fake, said it showed old safety reports. Later "
            "it apologised.",
            "safety",
        ),
    ],
)
def test_a_nouns_modifier_is_no_speaker(nlp: Language, text: str, modifier: str) -> None:
    assert all(st.speaker != modifier for st in run(nlp, text))


def test_a_real_verb_report_keeps_its_speaker(nlp: Language) -> None:
    statements = run(nlp, "The Harbour Gazette reports that the mayor resigned on Monday.")
    assert any("mayor resigned" in st.text for st in statements)
