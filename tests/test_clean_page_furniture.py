"""Page furniture on unseen pages: wire datelines, rubrics, contact lines, update notes,
transcript programme labels and a writer's closing sign-off are cut, while news sentences that look
like them (a city first, a short line, a label and a colon) keep every word."""

from __future__ import annotations

import pytest

from bot.ingest.clean import clean_text
from bot.ingest.clean_furniture import (
    furniture_reason,
    is_bio,
    is_label_line,
    is_programme_label,
    strip_dateline,
)
from bot.ingest.clean_lines import Line, is_time_and_date_line


def _reason(text: str) -> str | None:
    return furniture_reason(Line(index=0, text=text, blank_before=True))


# ---------------------------------------------------------------- wire datelines


@pytest.mark.parametrize(
    ("line", "lead"),
    [
        (
            "HARBOURTON, Dec 3 (Calder Wire) - The port authority said on Thursday it would close two berths.",
            "The port authority said on Thursday it would close two berths.",
        ),
        ("ELLISFORD (Calder Wire) - Dockers walked out on Monday.", "Dockers walked out on Monday."),
        ("March 3 (Harbour Press) \u2014 The senate voted to delay the bill.", "The senate voted to delay the bill."),
        ("(Calder Wire) - Shares in the ferry operator fell sharply.", "Shares in the ferry operator fell sharply."),
        (
            "NEW ELLIS, Westmark, 4 March 2026 /Quay Newswire/ -- Acme Ferries announced a new route today.",
            "Acme Ferries announced a new route today.",
        ),
        (
            "PORT ELLIS, Westmark \u2014 The harbour master said on Monday that the channel would stay shut for at "
            "least a week while divers inspected the wreck.",
            "The harbour master said on Monday that the channel would stay shut for at least a week while divers "
            "inspected the wreck.",
        ),
    ],
)
def test_a_wire_dateline_is_cut_from_its_lead(line: str, lead: str) -> None:
    assert strip_dateline(line) == lead


@pytest.mark.parametrize(
    "line",
    [
        "Harbourton, a port city of 40,000 people, voted on Monday to close two berths.",
        "ELLISFORD COUNCIL APPROVES FERRY PLAN",
        "NHS - The Winter Ahead",
        "Mar 12 (local time) was the day the ferry sank, survivors said.",
        "Acme (ACME) - The firm said it would grow its fleet this year.",
        "POP star Mira Vale has walked out on her band after a row, friends said.",
        "Dockers walked out.",
    ],
)
def test_news_sentences_that_open_like_a_dateline_keep_their_words(line: str) -> None:
    assert strip_dateline(line) == line


def test_a_bare_place_is_cut_only_from_the_lead() -> None:
    sentence = (
        "CALDER \u2014 The alliance agreed on Tuesday to raise its spending target for the coming decade, "
        "officials from four member states said."
    )
    assert strip_dateline(sentence, lead=False) == sentence
    assert strip_dateline(sentence, lead=True).startswith("The alliance agreed")


def test_an_article_keeps_its_lead_without_the_dateline() -> None:
    raw = (
        "Port closes two berths after crane collapse\n\n"
        "HARBOURTON, Dec 3 (Calder Wire) - The port authority said on Thursday it would close two berths "
        "after a crane collapsed onto a moored ship, and that nobody had been hurt.\n\n"
        "A spokeswoman said the berths would reopen once engineers had checked the quay wall.\n\n"
        "(Reporting by Jo Penn; Editing by Ana Ross)\n"
    )
    cleaned = clean_text(raw).article
    assert "Calder Wire" not in cleaned.text and "HARBOURTON" not in cleaned.text
    assert "The port authority said on Thursday it would close two berths" in cleaned.text
    assert cleaned.outlet == "Calder Wire"  # read from the dateline before it is cut


@pytest.mark.parametrize("text", ["Dec 4 (Calder Wire)", "HARBOURTON, Dec 3 (Calder Wire) -", "ELLIS (Calder Wire)"])
def test_a_dateline_on_its_own_line_is_furniture(text: str) -> None:
    assert _reason(text) == "date line"


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("WORLD IN BRIEF", "section rubric"),
        ("SPORT ROUNDUP", "section rubric"),
        ("Media enquiries: press office, Acme Ferries plc.", "contact line"),
        ("Press contact: Jo Penn, 0100 000 000", "contact line"),
        ("This explainer will be updated as the story develops.", "production note"),
        ("This live blog is being updated regularly.", "production note"),
    ],
)
def test_labelled_lines_are_furniture(text: str, reason: str) -> None:
    assert is_label_line(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "FERRY CHIEF IN BRIBES SHAME",
        "Harbour in brief: ferry fares to rise",
        "Our verdict: False. The ferry did not sink, and no one was hurt.",
        "Verdict: Half true.",
        "Media enquiries have tripled since the crash, the port said.",
        "This report will be updated by the inspectors next year, the ministry said.",
        "The ruling: a victory for the dockers, who had waited two years for it.",
    ],
)
def test_news_lines_of_the_same_shape_are_not_labels(text: str) -> None:
    assert is_label_line(text) is None
    assert _reason(text) is None


def test_a_brief_under_a_rubric_keeps_its_sentence_and_not_the_rubric() -> None:
    raw = (
        "WORLD IN BRIEF\n\n"
        "Ferry strike: Dockers in Harbourton walked out on Monday over pay, their union said, and the port "
        "authority said most sailings would run.\n"
    )
    cleaned = clean_text(raw).article
    assert "WORLD IN BRIEF" not in cleaned.text
    assert "Dockers in Harbourton walked out on Monday" in cleaned.text


@pytest.mark.parametrize(
    "text", ["Got a question? Email the newsdesk.", "Got a query? Email the news desk and we will look into it."]
)
def test_a_closing_appeal_to_the_reader_is_furniture(text: str) -> None:
    assert _reason(text) == "call to action"


def test_a_release_note_run_into_its_heading_is_cut() -> None:
    raw = (
        "Acme Ferries orders two new ships\n\n"
        "Acme Ferries said on Monday it had ordered two new ships for its northern routes, which it said "
        "would cut fuel use by a third when they enter service in 2028.\n\n"
        "The company said the order was worth about 90 million crowns.\n\n"
        "Notes to editors: Acme Ferries was founded in 1950 and runs 12 routes. Media enquiries: press office.\n"
    )
    text = clean_text(raw).article.text
    assert "founded in 1950" not in text and "Notes to editors" not in text
    assert "ordered two new ships" in text


# ---------------------------------------------------------------- transcripts


@pytest.mark.parametrize(
    "text",
    [
        "Transcript, Wednesday 9 December, 17:10",
        "Harbour Radio, Evening Tide, 22 October, 08:10. Transcript.",
        "EVENING TIDE - Harbour Radio - transcript, Monday 21 September",
        "Harbour Radio, Evening Tide, transcript of broadcast on 6 October",
    ],
)
def test_programme_labels_are_recognised(text: str) -> None:
    assert is_programme_label(text)


@pytest.mark.parametrize(
    "text",
    [
        "The transcript, released on Monday, shows the minister was told in May.",
        "A transcript of the call was published by the ministry.",
        'He said: "Read the transcript."',
    ],
)
def test_sentences_about_a_transcript_are_not_labels(text: str) -> None:
    assert not is_programme_label(text)


def test_a_programme_header_block_is_cut_and_the_turns_kept() -> None:
    raw = (
        "Harbour Radio - The Drive with Jo Penn\n"
        "Transcript, Wednesday 9 December, 17:10\n\n"
        "JO PENN: It's ten past five, and the harbour master is with me. Welcome.\n\n"
        "ANA ROSS: Thank you. The channel will stay shut for at least a week while divers inspect the wreck.\n"
    )
    text = clean_text(raw).article.text
    assert "Harbour Radio - The Drive" not in text and "Transcript, Wednesday" not in text
    assert "ANA ROSS: Thank you. The channel will stay shut" in text


def test_a_headline_glued_to_a_transcript_label_is_kept() -> None:
    raw = (
        "Harbour master denies channel was unsafe\n"
        "Transcript: the channel closure\n\n"
        "ANA ROSS: The channel was never unsafe, and the divers will confirm that within the week.\n\n"
        "JO PENN: And the ferries?\n\n"
        "ANA ROSS: They will sail from the north quay until the channel reopens next Monday morning.\n"
    )
    cleaned = clean_text(raw).article
    assert cleaned.title == "Harbour master denies channel was unsafe"
    assert "Transcript: the channel closure" not in cleaned.text


def test_a_headline_naming_its_programme_keeps_its_words_and_its_label() -> None:
    """The label line stays: it is what tells the extractor that "Evening Tide:" names a programme."""
    raw = (
        "Evening Tide: the channel that was never unsafe\n\n"
        "Harbour Radio, Evening Tide, 12 November, 18:30. Transcript.\n\n"
        "PRESENTER (Jo Penn): Good evening. The harbour master has told us the channel was never unsafe.\n\n"
        "ANA ROSS: The channel was never unsafe, and the divers will confirm that within the week.\n"
    )
    cleaned = clean_text(raw).article
    assert cleaned.title == "Evening Tide: the channel that was never unsafe"
    assert "Harbour Radio, Evening Tide, 12 November, 18:30. Transcript." in cleaned.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday 1 December, 6.30pm", True),
        ("Wed 9 Dec 17:10", True),
        ("Tuesday was cold and wet in Harbourton.", False),
        ("10 Quay Street", False),
    ],
)
def test_a_time_and_date_line_without_a_year(text: str, expected: bool) -> None:
    assert is_time_and_date_line(text) is expected


# ---------------------------------------------------------------- the writer's sign-off


def test_a_columnists_closing_bio_naming_the_byline_is_cut() -> None:
    raw = (
        "The harbour deserves better than this\n\n"
        "By Jo Penn\n\n"
        "When a port closes a channel, the first casualty is usually patience. So it has proved this week, "
        "as ferries queued outside the harbour wall for a third day.\n\n"
        "What is missing is a plan. The port has a case to make; it should make it with charts.\n\n"
        "Jo Penn is a former harbour master.\n"
    )
    text = clean_text(raw).article.text
    assert "former harbour master" not in text
    assert "What is missing is a plan." in text


def test_a_last_line_about_the_writer_that_reports_speech_is_kept() -> None:
    raw = (
        "The harbour deserves better than this\n\n"
        "By Jo Penn\n\n"
        "When a port closes a channel, the first casualty is usually patience. So it has proved this week, "
        "as ferries queued outside the harbour wall for a third day.\n\n"
        "What is missing is a plan. The port has a case to make; it should make it with charts.\n\n"
        "Jo Penn is wrong about the channel, the harbour master said in a reply on Friday.\n"
    )
    text = clean_text(raw).article.text
    assert "Jo Penn is wrong about the channel" in text


def test_a_bio_of_someone_who_writes_on_a_subject() -> None:
    assert is_bio("Jo Penn is a former ambassador and writes on foreign affairs for the Harbour Courier.")
    assert not is_bio("Jo Penn is a former ambassador who was detained in March, the ministry said.")


# ---------------------------------------------------------------- credits, captions, corrections, bios


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Jane Roe is a reporter covering health and science.", "author bio"),
        ("Jane Roe is a freelance journalist based in Lisbon.", "author bio"),
        ("A ferry leaves the harbour on Monday. Photograph: Jane Roe/Courier", "photo credit"),
        ("Pictured: the ferry at the north quay on Monday", "photo credit"),
        ("An earlier version of this article misstated the date of the vote.", "production note"),
        ("Follow Jane Roe on X at @janeroe", "call to action"),
        ("Jane Roe reported from Lisbon.", "production note"),
        ("Jane Roe reported from Lisbon and Tom Ash from Madrid.", "production note"),
        ("Transcripts are produced by Harbour Radio and may contain errors.", "production note"),
        ("Harbour Check rates claims as True, Misleading or False.", "production note"),
        ("The views are those of the newspapers quoted.", "production note"),
        ('MORE SHOWBIZ: Singer\'s cake "cost more than a car"', "related link"),
        ("Read more: Your guide to the ferry timetable changes on the northern routes this winter", "related link"),
        ("ALSO READ: Ferry fares to rise", "related link"),
    ],
)
def test_credits_captions_corrections_and_bios_are_furniture(text: str, reason: str) -> None:
    assert _reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe reported from Lisbon that the talks had failed.",
        "Roe is a journalist based in Lisbon who was arrested on Monday.",
        "Jane Roe, a reporter covering the courts for the Courier, was arrested on Monday.",
        "The reporter covering the trial for the Courier was threatened, police said.",
        "Tom Ash covers the cost for the Harbour Trust, his aide said.",
        "Police follow the suspect on Instagram.",
        "An earlier inquiry found no fault with the ferry's crew.",
        "The transcripts were provided to the committee in May.",
        "The views are those of a minority, the mayor said.",
        "More than 40 people: that is how many were on board.",
        "The agency rates claims on a five-point scale, officials said.",
    ],
)
def test_news_sentences_about_reporters_and_pictures_are_kept(text: str) -> None:
    assert _reason(text) is None


def test_a_reporters_closing_beat_line_naming_the_byline_is_cut() -> None:
    raw = (
        "Ferry operator fined over crane collapse\n\n"
        "By Jo Penn, Courts Reporter\n\n"
        "The ferry operator Acme Ferries was fined 40,000 crowns on Friday after a crane collapsed onto a "
        "moored ship at the north quay last spring, injuring two dock workers.\n\n"
        "The company said it had replaced every crane on the quay since the accident.\n\n"
        "Jo Penn covers the courts for the Harbour Courier.\n"
    )
    text = clean_text(raw).article.text
    assert "covers the courts" not in text
    assert "replaced every crane" in text


def test_an_about_section_run_into_its_heading_is_cut_only_at_the_foot() -> None:
    raw = (
        "About Town: ferry fares to rise in spring\n\n"
        "Acme Ferries said on Monday it would raise fares on its northern routes by a tenth in the spring, "
        "blaming the cost of fuel and of the new quay at Harbourton.\n\n"
        "The company said season tickets bought before March would keep their price.\n\n"
        "About Acme Ferries: Acme Ferries was founded in 1950 and runs 12 routes.\n"
    )
    cleaned = clean_text(raw).article
    assert "founded in 1950" not in cleaned.text
    assert cleaned.title == "About Town: ferry fares to rise in spring"
