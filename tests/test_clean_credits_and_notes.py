"""Credits, production notes and reader appeals in forms columns, podcasts, press releases and wire
stories use: cut from the article text, while news sentences of the same shape stay."""

from __future__ import annotations

import pytest

from bot.ingest.clean import clean_text
from bot.ingest.clean_furniture import _is_cta_paragraph, furniture_reason, is_bio, is_byline, strip_byline_tail
from bot.ingest.clean_lines import Line


def _reason(text: str) -> str | None:
    return furniture_reason(Line(index=0, text=text, blank_before=True))


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "The council promised a new bridge. It has built a car park instead, writes Orla Fenwick",
            "The council promised a new bridge. It has built a car park instead",
        ),
        (
            "Three winters on, is the flood barrier any use? By Tomas Reedley",
            "Three winters on, is the flood barrier any use?",
        ),
    ],
)
def test_a_standfirst_loses_its_closing_credit(line: str, kept: str) -> None:
    assert strip_byline_tail(line) == kept


@pytest.mark.parametrize(
    "line",
    [
        "The port will close by Tuesday, writes the harbour master in a letter to tenants.",
        "The bridge will reopen by March.",
        "Prices rose again, writes Orla Fenwick.",
    ],
)
def test_news_sentences_keep_their_words(line: str) -> None:
    assert strip_byline_tail(line) == line


def test_the_columns_own_sentence_has_no_writer_as_speaker() -> None:
    raw = (
        "The bridge nobody asked for\n\n"
        "The council promised a crossing. What it built is a car park, writes Orla Fenwick\n\n"
        "Nobody on the council has explained why the plans changed in the spring. The leader, Ivo Brask, "
        "told residents last week that the crossing was never affordable and would not be revisited.\n\n"
        "That answer satisfies nobody who waited six years for it, and the council knows it very well.\n"
    )
    text = clean_text(raw).article.text
    assert "writes Orla Fenwick" not in text and "What it built is a car park" in text


@pytest.mark.parametrize(
    "text",
    [
        "Orla Fenwick is the Harbour Gazette's chief political commentator.",
        "Tomas Reedley is the Northern Ledger's transport correspondent.",
    ],
)
def test_a_columnist_named_as_the_outlets_role_is_a_bio(text: str) -> None:
    assert is_bio(text)


def test_a_news_sentence_about_a_commentator_is_not_a_bio() -> None:
    assert not is_bio("Orla Fenwick is the Harbour Gazette's commentator who was arrested on Monday.")


@pytest.mark.parametrize("text", ["EXCLUSIVE by Orla Fenwick", "ANALYSIS: By Tomas Reedley"])
def test_a_labelled_byline_is_a_byline(text: str) -> None:
    assert is_byline(text)


@pytest.mark.parametrize(
    "text",
    [
        "Translated and edited by the Harbour Gazette world desk",
        "Released 3 May 2026. Automated transcript, lightly edited.",
        "[MUSIC]",
        "Transcript: the flood barrier at Ellisford",
        "The Coastal News Partnership is supported by a grant from two charitable trusts.",
        "Mar 12 (Harbour Sports Wire)",
        "The hearing was adjourned.",
        "Quayside Digest rounds up the week's local papers. The views expressed are those of the papers cited.",
    ],
)
def test_production_notes_and_stage_directions_are_furniture(text: str) -> None:
    assert _reason(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for reading, and see you tomorrow.",
        "Have you got a news tip? Call the desk on 0100 000 000.",
        "If you have been affected by anything in this programme, help is available.",
        "Read how we check claims.",
        "We have put the full list in the show notes.",
        "Tuesday 4 May | Your three-minute read",
    ],
)
def test_sign_offs_and_appeals_are_furniture(text: str) -> None:
    assert _is_cta_paragraph(text)


@pytest.mark.parametrize(
    "text",
    [
        "The trial heard that the hearing continued without the defendant.",
        "Residents who were affected by the flood will get a rebate, the council said.",
        "[The mayor] has refused to comment, the paper reported, citing two aides.",
        "The new bridge is funded by a grant from the regional government, the council said.",
        "Mar 12 (local time) was the day the ferry sank, survivors said.",
    ],
)
def test_news_sentences_of_the_same_shape_are_not_furniture(text: str) -> None:
    assert _reason(text) is None


def test_a_press_releases_about_section_is_cut_and_the_news_kept() -> None:
    raw = (
        "Ferrowbank recalls kettles after fire reports\n\n"
        "Appliance maker Ferrowbank said on Monday it was recalling 40,000 kettles after reports that "
        "some had overheated, and that no injuries had been reported to it so far this year.\n\n"
        "The company said owners should stop using the kettles at once and contact it for a refund.\n\n"
        "About Ferrowbank\n"
        "Ferrowbank makes small kitchen appliances. Founded in 1998, it employs 900 people.\n"
    )
    text = clean_text(raw).article.text
    assert "Founded in 1998" not in text and "About Ferrowbank" not in text
    assert "recalling 40,000 kettles" in text


def test_a_closing_trial_line_is_cut_from_the_last_paragraph() -> None:
    raw = (
        "Builder tells court he never saw the cash\n\n"
        "A builder accused of bribing a planning officer told a jury on Tuesday that he had never seen the "
        "money in question and had no idea who had paid it. The trial continues.\n"
    )
    text = clean_text(raw).article.text
    assert text.rstrip().endswith("who had paid it.")


def test_a_section_label_in_capitals_is_not_the_headline() -> None:
    raw = (
        "CONNECTED KITCHEN BUSINESS\n"
        "Shipping | Ports | Company news\n\n"
        "Ferrowbank orders kettle audit after blogger's fire claims\n\n"
        "3 May 2026 | Staff writer\n\n"
        "Appliance maker Ferrowbank said on Monday it had ordered an independent safety review of its "
        "kettles after a consumer group said that some of them had overheated and caught fire at home.\n\n"
        "The company said no injuries had been reported to it and that the review would take six weeks.\n"
    )
    cleaned = clean_text(raw).article
    assert cleaned.title == "Ferrowbank orders kettle audit after blogger's fire claims"


def test_a_short_item_of_a_kept_bullet_list_is_kept() -> None:
    raw = (
        "LIVE: Ferry inquiry - captain gives evidence\n\n"
        "Ellisford Evening Post | Friday 4 May 2026 | Updated 17:10\n\n"
        "Our reporter Ana Greve is at Ellisford Town Hall, where Captain Ivo Marr is giving evidence about "
        "the night the Marrow Star ran aground.\n\n"
        "Key points\n"
        "- Marr denies switching off radar on Marrow Star before grounding near Ellisford\n"
        "- Harbour board has admitted lighting failures\n"
        '- Inquiry says 300 passengers were moved from the "lower deck" Marrow lounge\n\n'
        "17:10\n\n"
        "That is all for today. Marr will be back at the inquiry on Monday morning.\n"
    )
    assert "Harbour board has admitted lighting failures" in clean_text(raw).article.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Harbour Evening News live team", "byline"),
        ("Analysis | By Ana Roe, Transport Editor", "byline"),
        ("Factfile | By Tom Ash", "byline"),
        ("OPINION | Ana Roe", "byline"),
        ("Ana Roe is transport editor of The Ashby Post.", "author bio"),
        ("This article is based on a press release issued by Ferrylink.", "production note"),
        ("[Machine-generated transcript, lightly edited.]", "production note"),
        ("Transcript produced from the broadcast; check against delivery.", "production note"),
        ("Correction, 4 May: An earlier version of this article gave the wrong date.", "production note"),
    ],
)
def test_credits_labels_and_notes_of_more_forms_are_furniture(line: str, reason: str) -> None:
    assert _reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Ana Roe was named editor of The Ashby Post in May.",
        "Ana Roe is now editor of The Ashby Post.",
        "Ana Roe was editor of the Post when the pier collapsed.",
        "The harbour team and the ferry staff met on Monday to agree the timetable.",
        "This article of the treaty is based on a draft the ministry wrote.",
        "The correction, the ministry said, was made on 4 May.",
        # A correction that says what was reported and takes it back is the outlet's retraction.
        "Correction: An article on 3 May reported that Ana Roe had resigned. She has not, and we apologise.",
        "CLARIFICATION, 4 May: We wrote that the pier was sold. It was leased.",
    ],
)
def test_news_lines_like_the_new_credits_stay(line: str) -> None:
    assert _reason(line) is None


def test_a_retracting_correction_above_the_headline_stays_and_the_headline_is_still_found() -> None:
    raw = (
        "CORRECTION: An article on 3 May reported that Ana Roe had resigned from the harbour board. "
        "We accept that she has not resigned and we apologise to her.\n\n"
        "ROE: I'M GOING NOWHERE\n\n"
        "By Tom Ash\n\n"
        "Ana Roe last night told the Post she would serve out her term on the harbour board.\n\n"
        'She said: "I was elected to finish the pier, and I will finish it."\n'
    )
    cleaned = clean_text(raw).article
    assert cleaned.title == "ROE: I'M GOING NOWHERE"
    assert "reported that Ana Roe had resigned" in cleaned.text
    assert "I will finish it" in cleaned.text
