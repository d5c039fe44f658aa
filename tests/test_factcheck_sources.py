"""A fact-check's label before a quoted claim ("The claim: '…' (Facebook post, 2 May)") is no speaker:
the source it cites in brackets said it, and with no source cited nobody is named."""

from __future__ import annotations

from spacy.language import Language

from tests.test_extract import run

CHECKED = """Fact check: Is the Ellis bridge closing for good?

The claim: "The Ellis bridge will close for good in May and never reopen." (Viral Facebook post, 2 May)

The council said on Tuesday that the bridge would shut for six weeks of repairs and reopen in June.
"""


def test_the_cited_post_is_the_speaker(nlp: Language) -> None:
    statements = run(nlp, CHECKED)
    claim = next(st for st in statements if "close for good" in st.text)
    assert "post" in claim.speaker


def test_the_label_is_never_a_speaker(nlp: Language) -> None:
    text = CHECKED.replace(" (Viral Facebook post, 2 May)", "")
    assert all(st.speaker.lower() not in ("claim", "the claim") for st in run(nlp, text))


def test_a_source_after_a_dash_is_the_speaker(nlp: Language) -> None:
    text = CHECKED.replace(" (Viral Facebook post, 2 May)", " - Councillor Idris Varga, full council, 2 May")
    claim = next(st for st in run(nlp, text) if "close for good" in st.text)
    assert "Varga" in claim.speaker
