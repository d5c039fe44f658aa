"""Sign-offs at the foot of fact-checks and columns are page furniture, not article text."""

from __future__ import annotations

import pytest

from bot.ingest.clean_furniture import _is_cta_paragraph, furniture_reason, is_bio
from bot.ingest.clean_lines import Line


@pytest.mark.parametrize(
    "text",
    [
        "Odile Brandt writes about transport for the Harwick Courier.",
        "Dr Simeon Pike is a geologist and writes a weekly column for the Moorland Review.",
    ],
)
def test_columnist_sign_off_is_a_bio(text: str) -> None:
    assert is_bio(text)


@pytest.mark.parametrize(
    "text",
    [
        "The minister writes in the Courier that rents will rise by a fifth next year, a figure landlords dispute.",
        "Pike writes that the fault line runs under the dam. He wants a second survey.",
    ],
)
def test_news_about_what_someone_writes_is_not_a_bio(text: str) -> None:
    assert not is_bio(text)


def test_tip_line_addressed_to_the_reader_is_furniture() -> None:
    text = "This check is part of our verification project. Seen a claim you doubt? Email the CheckPoint desk."
    assert _is_cta_paragraph(text)


def test_emailing_someone_in_a_news_sentence_is_not_furniture() -> None:
    assert not _is_cta_paragraph("Email the mayor before Friday, the residents' group told its members.")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Refresh for the latest updates", "call to action"),
        ("Hana Kell is a writer and angler who lives in the Dorn valley.", "author bio"),
        ("This interview has been edited for length and clarity.", "production note"),
        ("About our ratings: FactDesk rates claims on a five-point scale.", "production note"),
    ],
)
def test_live_blog_prompts_bios_and_editing_notes_are_furniture(text: str, reason: str) -> None:
    assert furniture_reason(Line(index=0, text=text, blank_before=True)) == reason


@pytest.mark.parametrize(
    "text",
    [
        "The mayor is a lawyer who lives in the old town, the council's register shows.",
        "The interview was edited to remove her answer, the broadcaster's own staff said.",
        "Refresh rates on the new screens were doubled, the company said.",
    ],
)
def test_news_sentences_like_furniture_are_kept(text: str) -> None:
    assert furniture_reason(Line(index=0, text=text, blank_before=True)) is None
