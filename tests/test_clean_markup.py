"""Leaked markup in plain-text captures: embed tags, attribute runs and inline scripts go, prose stays.

Every string here is invented for the test.
"""

from __future__ import annotations

import pytest

from bot.ingest.clean import clean_text
from bot.ingest.clean_lines import drop_wrapped_tags, strip_markup

PROSE = (
    "The harbour board said on Tuesday that the new ferry would start sailing in the spring, "
    "after two years of delays caused by a dispute over the design of the landing stage."
)
PROSE_2 = (
    "Local traders told reporters they had been waiting for the service for a long time and "
    "hoped the extra visitors would make up for a quiet winter on the island this year."
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # An embedded post with its id, author and timestamp: the post's words stay.
        (
            '<post pic="" author="harbourfan" timestamp="1400000000" post_id="123456789012345678">'
            "The ferry is late again.</post>.",
            "The ferry is late again.",
        ),
        ('<post id="123456789012345678" author="@harbour" datetime="2014-05-01">Sailing soon</post>', "Sailing soon"),
        # An embed with no words of its own leaves nothing, not a stray full stop.
        ('<post post-id="123456789012345678"><post/>.', ""),
        # A link's words stay; the tag around them goes.
        (
            'See the timetable at <a href="http://example.org/t">the board\'s site</a>.',
            "See the timetable at the board's site.",
        ),
        # Attributes whose "<tag" was lost, closed by ">", and a bare run of two.
        ('class="story para3">In the recording, a horn sounds.', "In the recording, a horn sounds."),
        ('Before width="300" height="200" after', "Before  after"),
        # Inline script wrapped as CDATA.
        (
            'It sank. //<![CDATA[ var n=Math.floor(2); load("x.js"); //]]> Nobody was hurt.',
            "It sank.  Nobody was hurt.",
        ),
    ],
)
def test_strip_markup_removes_markup_and_keeps_words(raw: str, expected: str) -> None:
    assert strip_markup(raw) == expected


@pytest.mark.parametrize(
    "prose",
    [
        "If x<y and z>w then 3 < 4 > 2.",
        "He said x=5 and y=6 were both wrong.",
        'The sign read "exit" = "way out", she said.',
        "Write to <jane@example.org> for tickets.",
        'A <Name> in angle brackets is left alone, as is a lone key="value" pair.',
        PROSE,
    ],
)
def test_strip_markup_leaves_prose_alone(prose: str) -> None:
    assert strip_markup(prose) == prose


def test_tag_wrapped_over_two_lines_goes_before_lines_are_split() -> None:
    raw = f'{PROSE}\n<post post-author="@harbour" post-date="May 1, 2014\n">The ferry is late again.</post>.\n{PROSE_2}'
    unwrapped = drop_wrapped_tags(raw)
    assert unwrapped == f"{PROSE}\nThe ferry is late again.</post>.\n{PROSE_2}"
    # A tag on one line is left for the classifier.
    one_line = '<post id="1">Words</post>'
    assert drop_wrapped_tags(one_line) == one_line


def test_clean_text_strips_embed_markup_and_keeps_all_prose() -> None:
    raw = (
        "Ferry service to start in spring\n\n"
        f"{PROSE}\n\n"
        '<post pic="" author="harbourfan" timestamp="1400000000" post_id="123456789012345678">'
        "We have waited long enough for this ferry, and the whole island will be on the quay to see it arrive.</post>.\n\n"
        '<post post-id="223456789012345678"><post/>.\n\n'
        f"{PROSE_2}\n"
    )
    text = clean_text(raw).article.text
    for leak in ("author=", "timestamp", "post_id", "123456789012345678", "<post", "</post>", "pic="):
        assert leak not in text
    paragraphs = text.split("\n\n")
    assert PROSE in paragraphs
    assert PROSE_2 in paragraphs
    assert (
        "We have waited long enough for this ferry, and the whole island will be on the quay to see it arrive."
        in paragraphs
    )
    assert "." not in paragraphs  # the empty embed left no paragraph
