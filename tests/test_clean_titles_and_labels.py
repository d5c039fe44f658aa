"""Titles printed with a full stop, section breadcrumbs, and the furniture forms of broadcast, column,
fact-check and analyst pages (invented text throughout)."""

from __future__ import annotations

import pytest

from bot.devtools.evaluate import _body_holds
from bot.ingest.clean import clean_text
from bot.ingest.clean_furniture import furniture_reason, is_programme_label
from bot.ingest.clean_lines import Line
from bot.ingest.clean_signoffs import signoff_form, strip_signoffs

BODY = (
    "The harbour board voted on Monday to close the north quay to cruise ships from next spring, after a year "
    "of complaints from residents about fumes and crowds in the old town. The board's chair, Ilse Varn, said the "
    "decision had not been easy but that the quay was never built for ships of that size.\n\n"
    "Cruise operators said they would appeal. A spokesman for one line told the Ledger that the ban would cost "
    "the town several hundred jobs and that nobody had asked the shops on the front what they thought."
)


def test_a_title_with_a_full_stop_is_the_headline_and_stays_in_the_text() -> None:
    article = clean_text(f"Harbour Board Bans Cruise Ships From North Quay.\n\n{BODY}").article
    assert article.title == "Harbour Board Bans Cruise Ships From North Quay."
    assert article.text.startswith("Harbour Board Bans Cruise Ships From North Quay.")


def test_a_colon_title_in_sentence_case_with_a_full_stop_is_the_headline() -> None:
    article = clean_text(f"Varn: cruise ban stays, appeal 'doomed'.\n\n{BODY}").article
    assert article.title == "Varn: cruise ban stays, appeal 'doomed'."
    assert "cruise ban stays" in article.text.split("\n\n")[0]


def test_a_title_ending_in_a_semicolon_keeps_its_deck() -> None:
    raw = f"Cruise ban splits harbour town;\nShops fear lost trade as residents welcome quiet.\n\n{BODY}"
    article = clean_text(raw).article
    assert article.title == "Cruise ban splits harbour town;"
    assert "Shops fear lost trade" in article.text


def test_a_short_lede_sentence_is_not_taken_for_a_title() -> None:
    raw = f"The harbour board voted on Monday to close the north quay to the cruise ships.\n\n{BODY}"
    assert clean_text(raw).article.title is None


def test_a_first_line_of_two_sentences_is_not_a_title() -> None:
    raw = f"Cruise ban passes. Operators vow appeal.\n\n{BODY}"
    assert clean_text(raw).article.title != "Cruise ban passes. Operators vow appeal."


def test_a_breadcrumb_above_the_headline_is_not_the_headline() -> None:
    raw = f"Fact check | Transport\n\nDid the ferry fares really double?\n\nBy Anna Pell\n\n{BODY}"
    article = clean_text(raw).article
    assert article.title == "Did the ferry fares really double?"
    assert "Fact check | Transport" not in article.text


def test_a_name_beside_an_update_stamp_is_a_date_line() -> None:
    line = Line(index=0, text="Harbour Daily Online | Last updated: 4 May 2026, 18:10", blank_before=True)
    assert furniture_reason(line) == "date line"
    masthead = Line(index=0, text="The Morning Quay | Thursday 7 May", blank_before=True)
    assert furniture_reason(masthead) != "date line"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Interview condensed for length.", "production note"),
        ("How we check: we call each person quoted and list every source.", "production note"),
        ("Comments are closed on this page.", "production note"),
        ("This summary is based on an analyst note and does not constitute financial advice.", "production note"),
        ("Got a gardening story? Ring our desk on 0100.", "call to action"),
        ("To report a mistake, write to fixes@ledger.example.", "call to action"),
        ("Rosa Vell is Quay Weekly's energy correspondent.", "author bio"),
    ],
)
def test_page_notes_and_prompts_are_furniture(text: str, reason: str) -> None:
    assert furniture_reason(Line(index=0, text=text, blank_before=True)) == reason


@pytest.mark.parametrize(
    "text",
    [
        "To win the seat, the party must carry three coastal towns in May.",
        "Comments from the minister are expected later today.",
        "Interviewers at the agency were told to keep every recording.",
        "Rosa Vell is the Coastal Ledger's oldest reader, and she is furious about the quay.",
    ],
)
def test_news_sentences_of_a_like_shape_stay(text: str) -> None:
    assert furniture_reason(Line(index=0, text=text, blank_before=True)) is None


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("Sport next, and a big night for the city club...", "segue"),
        ("All quotations are our own translations.", "translation note"),
        ("Translations are our own.", "translation note"),
        ("Harbour Monitor translates the regional papers each morning.", "schedule"),
        ("Letters appear on this page every Saturday.", "schedule"),
    ],
)
def test_edge_sentences_are_known_by_their_form(sentence: str, form: str) -> None:
    assert signoff_form(sentence) == form


def test_a_segue_cut_off_mid_sentence_leaves_the_turn() -> None:
    turn = "REE: Jo Pell, thank you. Sport next, and a big night for the city club..."
    assert strip_signoffs(turn) == "REE: Jo Pell, thank you."


def test_quoted_translations_stay() -> None:
    assert signoff_form("Our translations of the minister's words were checked by the embassy.") is None


@pytest.mark.parametrize(
    "text",
    [
        "HARBOUR TONIGHT - Monday 4 May 2026 - 18:30 bulletin (transcript)",
        "Vell FM Mornings, 4 May 2026. Transcript supplied by Vell FM.",
    ],
)
def test_programme_labels_are_known(text: str) -> None:
    assert is_programme_label(text)


def test_a_sentence_about_a_transcript_is_not_a_programme_label() -> None:
    assert not is_programme_label("The transcript, produced by the court, shows the pilot's words.")


def test_the_writers_closing_bio_goes_when_the_standfirst_credits_the_writer() -> None:
    raw = (
        "The quay ban is a mistake\n\n"
        "The board has listened to the loudest voices, not the town, writes Tomas Reed\n\n"
        f"{BODY}\n\n"
        "Tomas Reed has written about the harbour for ten years. He is a former pilot. His column appears on "
        "Fridays."
    )
    text = clean_text(raw).article.text
    assert "former pilot" not in text
    assert "Cruise operators said they would appeal." in text


def test_a_closing_line_about_someone_else_stays() -> None:
    raw = (
        "The quay ban is a mistake\n\n"
        "The board has listened to the loudest voices, not the town, writes Tomas Reed\n\n"
        f"{BODY}\n\n"
        "Ilse Varn has chaired the board for ten years. She is a former pilot. Her term ends in June."
    )
    assert "Her term ends in June." in clean_text(raw).article.text


def test_a_turn_label_counts_in_the_body_only_away_from_a_turns_start() -> None:
    body = "PRESENTER (Jo Pell): Good evening.\n\nREE: The board says no."
    assert not _body_holds("PRESENTER (Jo Pell):", body)
    assert _body_holds("PRESENTER (Jo Pell):", "Our show. PRESENTER (Jo Pell): Good evening.")
    assert _body_holds("Share this page", "Read on. Share this page")


def test_a_headed_list_of_key_points_is_kept_and_its_heading_is_not() -> None:
    raw = (
        "Quay ban LIVE: every twist as it happened\n\n"
        "Harbour live team | Monday 4 May 2026 | Updated 18:04\n\n"
        "Key points\n- Board votes to close the north quay\n- Operators say they will appeal\n\n"
        "09:12\nGood morning. The harbour board meets at ten to vote on the cruise ban, which residents have "
        "asked for since the spring. Operators have written to every member asking for a delay of a year."
    )
    text = clean_text(raw).article.text
    assert "- Board votes to close the north quay" in text
    assert "- Operators say they will appeal" in text
    assert "Key points" not in text


def test_a_short_live_entry_under_its_time_stamp_is_kept() -> None:
    raw = (
        "Quay ban: live\n\n"
        "16.30\nThe board has voted by seven votes to two to close the north quay to cruise ships from next spring, "
        "its chair told reporters outside the meeting room.\n\n"
        "17.40\nQuay closed, the board says.\n\n"
        "17.55\nThanks for reading along with us today."
    )
    text = clean_text(raw).article.text
    assert "Quay closed, the board says." in text
    assert "Thanks for reading" not in text


def test_a_break_between_turns_does_not_sink_the_turns_after_it() -> None:
    raw = (
        "The Quay Hour, episode 12\n\n"
        "ANA: The board's chair told us the vote was the hardest of her career, and that she had read every one "
        "of the four hundred letters the residents sent in before the meeting.\n\n"
        "[AD BREAK]\n\n"
        "TOM: Refunds. The cruise line promises them within a month.\n\n"
        "ANA: That's it for this week. The Quay Hour is a Fen Audio production. Bye!\n\n"
        "[ENDS]\n\n"
        "Listen back on the Fen Audio app."
    )
    text = clean_text(raw).article.text
    assert "TOM: Refunds. The cruise line promises them within a month." in text
    assert "[AD BREAK]" not in text and "[ENDS]" not in text
    assert "Fen Audio production" not in text and "Listen back" not in text


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("The Quay Hour is a Fen Audio production.", "production label"),
        ("Bye!", "show sign-off"),
        ("If you enjoyed the show, please rate us on your app.", "reader prompt"),
    ],
)
def test_podcast_outros_are_known_by_their_form(sentence: str, form: str) -> None:
    assert signoff_form(sentence) == form


def test_a_production_in_the_news_is_not_a_label() -> None:
    assert signoff_form("The strike is a management production, the union says.") is None
