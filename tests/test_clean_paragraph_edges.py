"""Furniture sentences inside a kept paragraph (a presenter's sign-off, a podcast's credit, a newsletter's
prompts) are cut from its edges; the paragraph's prose, a quote and a sentence in its middle stay."""

from __future__ import annotations

import pytest

from bot.ingest.clean import clean_text
from bot.ingest.clean_signoffs import is_contents_headline, signoff_form, strip_paragraph_signoffs, strip_signoffs


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("That's it for this week.", "show sign-off"),
        ("That's all for today.", "show sign-off"),
        ("Good evening.", "greeting"),
        ("Welcome back to The Long Read.", "greeting"),
        ("Here's what you need to know in Ashby business today.", "briefing opener"),
        ("Other news now.", "segue"),
        ("Now the weather, and it's turning wetter.", "segue"),
        ("The Long Read is produced by Fallow Audio.", "production credit"),
        ("Morning Tide is on Radio Kellan every weekday at seven.", "schedule"),
        ("Late Edition is on Channel Nine at 10.30 every weeknight.", "schedule"),
        ("Forwarded this?", "reader prompt"),
        ("Reply to this email with your questions.", "reader prompt"),
        ("Rate the show wherever you listen.", "reader prompt"),
        ("Follow the latest below.", "live prompt"),
        ("Written by Ana Berrow.", "written by"),
        ("For interviews contact the union's press office.", "contact prompt"),
        ("Members of the public may attend.", "meeting notice"),
        ("Subscribe at briefing.example.", "call to action"),
        ("This interview has been edited for length.", "production note"),
    ],
)
def test_furniture_sentences_are_known_by_their_form(sentence: str, form: str) -> None:
    assert signoff_form(sentence) == form


@pytest.mark.parametrize(
    "sentence",
    [
        "That's it for the old pier, the council says.",
        "Good evening turned into a long night for the crew.",
        "The film is produced by a studio that the minister's brother owns.",
        "The ferry is on the slipway every winter for repairs, the operator says.",
        "Now the weather service says the storm will pass by noon.",
        "Members of the public may attend the inquiry, but the families want it held in Ashby.",
        "\u201cThat's it for this week,\u201d the coach said.",
        "Join us here on the island!\u201d",
    ],
)
def test_news_sentences_of_a_like_shape_are_not_furniture(sentence: str) -> None:
    assert signoff_form(sentence) is None


def test_a_presenters_turn_loses_its_sign_off_and_keeps_its_label() -> None:
    turn = (
        "HOST: Jo Penn, thank you. That's it for this week. The Hour is made by Fen Audio. Rate us wherever you listen."
    )
    assert strip_signoffs(turn) == "HOST: Jo Penn, thank you."


def test_a_turn_of_nothing_but_furniture_goes() -> None:
    assert strip_signoffs("QUINN: That's it for this week. The Hour is made by Fen Audio.") == ""


def test_a_sentence_in_the_middle_of_a_paragraph_stays() -> None:
    para = "The pier closed on Monday. Other news now. The council says it will reopen in May."
    assert strip_signoffs(para) == para


def test_a_brief_of_nothing_but_furniture_is_kept_whole() -> None:
    assert strip_paragraph_signoffs(["Good morning."]) == ["Good morning."]


def test_the_interviewers_credit_goes_only_above_a_qa() -> None:
    standfirst = "The union represents 300 staff. Its steward, Ola Brant, spoke to Kit Harrow."
    qa = [standfirst, "Q: Where did the figure come from?", "A: Not from us.", "Q: And now?", "A: We wait."]
    assert strip_paragraph_signoffs(qa)[0] == "The union represents 300 staff."
    # Without questions below it, the same sentence is news: someone spoke to someone.
    assert strip_paragraph_signoffs([standfirst, "The talks resume on Friday."])[0] == standfirst


def test_a_newsletters_contents_headline_lists_its_numbered_items() -> None:
    body = ["Ashby Byte: a bridge, a recall and a robot", "1. Bridge", "2. Recall", "3. Robot"]
    assert is_contents_headline(body[0], body)
    assert not is_contents_headline("Ashby Byte: a bridge and a recall", body)
    assert not is_contents_headline("Council: bridge, recall and robot cost too much", ["One paragraph."])


def test_a_podcast_transcript_keeps_its_turns_and_loses_its_credits() -> None:
    raw = (
        "The Long Read, episode 40: the ferry row - transcript\n\n"
        "HOST (Mae Lorn): Welcome back to The Long Read. This week, the ferry row. The operator says the "
        "timetable will be restored by June, and the union says that is not true.\n\n"
        "BRANT (recording): We were told in March that the crossings would be cut by half.\n\n"
        "LORN: Ola Brant, thank you. That's it for this week. The Long Read is produced by Fallow Audio. "
        "Subscribe wherever you listen.\n"
    )
    text = clean_text(raw).article.text
    assert "the crossings would be cut by half" in text
    assert "the union says that is not true" in text
    for furniture in ("Welcome back", "That's it", "produced by", "Subscribe"):
        assert furniture not in text


def test_a_name_heavy_transcript_turn_is_kept_between_turns() -> None:
    raw = (
        "Transcript: Drive Time, Radio Ashby - the pier row\n\n"
        "PRESENTER (Jo Penn): The pier has been shut since Monday, and tonight there is a row over why. "
        "Our reporter Kit Harrow is there.\n\n"
        "HARROW: Jo, the council says the pier is unsafe, and the traders say it is nothing of the kind.\n\n"
        "HARROW: The pier trust's chair, Ola Brant, told me that simply isn't so.\n\n"
        "BRANT (recording): The engineers looked at every pile in May and found nothing wrong with any of "
        "them, and we have told the council so in writing.\n"
    )
    assert "Ola Brant, told me that simply isn't so" in clean_text(raw).article.text


def test_a_name_heavy_line_outside_a_transcript_is_judged_as_before() -> None:
    from bot.ingest.clean_classify import classify_line, is_transcript
    from bot.ingest.clean_lines import BAD, Line

    line = Line(index=0, text="EXCLUSIVE: Saudis, Qataris and Emiratis back Ashby plan.", blank_before=True)
    assert not is_transcript([line])
    assert classify_line(line) == classify_line(line, transcript=False)
    turn = Line(index=0, text="HARROW: The trust's chair, Ola Brant, told me that isn't so.", blank_before=True)
    assert classify_line(turn, transcript=True) != BAD


def test_a_live_blogs_time_led_entry_heading_stays_with_its_entry() -> None:
    raw = (
        "Pier closure: live updates\n\n"
        "The pier at Ashby closed on Monday after engineers found cracks in two of its piles, and traders "
        "say the council has overreacted.\n\n"
        "16:10 Traders speak out\n"
        "The traders' association says the council never showed it the engineers' report, and that the "
        "pier was safe enough to stay open.\n\n"
        "Photo caption: The pier on Monday. Photo: Ashby Council\n\n"
        "14:03 Council: the piles are cracked\n"
        "In a statement, the council said the engineers found cracks in two piles and that it had no choice "
        "but to close the pier until repairs are done.\n"
    )
    text = clean_text(raw).article.text
    assert "14:03 Council: the piles are cracked" in text
    assert "Photo caption" not in text


def test_a_time_led_heading_glued_to_a_kept_entry_is_kept() -> None:
    from bot.ingest.clean import _keep_live_entry_headings
    from bot.ingest.clean_lines import BAD, GOOD, Line

    texts = ["12:10 First entry", "The first entry's text.", "14:03 Council: the piles are cracked", "Its text."]
    lines = [Line(index=i, text=t, blank_before=i % 2 == 0) for i, t in enumerate(texts)]
    for line, final in zip(lines, [BAD, GOOD, BAD, GOOD], strict=True):
        line.final = final
    _keep_live_entry_headings(lines)
    assert [line.final for line in lines] == [GOOD] * 4
    # One time-led line is no live blog, and a heading with a blank line under it heads nothing.
    single = [Line(index=0, text="14:03 Council: the piles are cracked", blank_before=True)]
    single.append(Line(index=1, text="Its text.", blank_before=False))
    single[0].final, single[1].final = BAD, GOOD
    _keep_live_entry_headings(single)
    assert single[0].final == BAD


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("It's 7.42.", "time check"),
        ("It's Friday 9 May.", "time check"),
        ("Weather and travel next, and then the harbour regatta.", "segue"),
        ("Sport is coming up.", "segue"),
        ("We put that to Councillor Venn a little earlier.", "segue"),
        ("That's the show.", "show sign-off"),
        ("That's where we'll leave our live coverage for today.", "show sign-off"),
        ("See you next time.", "show sign-off"),
        ("Here's what you need to know in Ashby today, in about four minutes.", "briefing opener"),
        ("Night Shift is made by students at Orrin's film school.", "production credit"),
        ("Early Tide is written by Mara Quell.", "production credit"),
        ("Harbour FM news is on the hour, every hour.", "schedule"),
        ("The Quarry Review is published monthly; subscribe at quarryreview.example.", "schedule"),
        ("Press Digest rounds up the papers every morning.", "schedule"),
        ("Listen again on the Harbour FM app.", "reader prompt"),
        ("You can find the full crime figures on our website.", "reader prompt"),
        ("Our full report is here.", "live prompt"),
    ],
)
def test_more_furniture_sentences_are_known_by_their_form(sentence: str, form: str) -> None:
    assert signoff_form(sentence) == form


@pytest.mark.parametrize(
    "sentence",
    [
        "It's time the council listened.",
        "We put that question to the minister, who said the report was wrong.",
        "We put these claims to the company and it denied them.",
        "News of the closure is next to impossible to keep quiet.",
        "The statistics office publishes the figures every month.",
        "The Quarry Review is published by a trust the mayor chairs, the paper says.",
        "You can find the minister's letter on our website, the opposition says, but not the report.",
    ],
)
def test_news_sentences_like_the_new_forms_are_not_furniture(sentence: str) -> None:
    assert signoff_form(sentence) is None


def test_a_live_blog_entry_keeps_its_time_stamp_and_loses_its_sign_off() -> None:
    assert (
        strip_signoffs("09:10 Good morning. The ferry sails again at noon.") == "09:10 The ferry sails again at noon."
    )
    assert strip_signoffs("17:30 That's where we'll leave our live coverage for now. Our full report is here.") == ""


def test_a_captions_kicker_line_goes_but_not_a_transcripts_broken_off_turn() -> None:
    story = [
        "Ferry hits pier",
        "Passengers were relieved.",
        "RELIEF: Ana Roe with her son at the quay",
        "It sails today.",
    ]
    assert strip_paragraph_signoffs(story) == ["Ferry hits pier", "Passengers were relieved.", "It sails today."]
    transcript = ["Harbour Radio", "HOST: Good evening.", "ROE: It was not safe.", "HOST: So the figure in that post -"]
    assert strip_paragraph_signoffs(transcript)[-1] == "HOST: So the figure in that post -"


def test_a_qas_closing_note_on_the_interviewee_goes_only_in_a_qa() -> None:
    bio = "Dr Ana Roe is a senior researcher at the Institute of Tides in Ashby."
    qa = ["She spoke to us.", "Q: Is the pier safe?", "A: No.", "Q: Why?", "A: The piles are rotten.", bio]
    assert strip_paragraph_signoffs(qa)[-1] == "A: The piles are rotten."
    story = ["The pier will close.", bio]
    assert strip_paragraph_signoffs(story)[-1] == bio


def test_an_editions_masthead_stays_the_title_but_leaves_the_body() -> None:
    raw = (
        "The Ashby Briefing - Monday 4 May\n\n"
        "The council voted last night to close the pier for the summer after an engineer found rotten piles.\n\n"
        "The harbour master said the ferry would use the north quay until the repairs are done in September."
    )
    article = clean_text(raw).article
    assert article.title == "The Ashby Briefing - Monday 4 May"
    assert not article.text.startswith("The Ashby Briefing")


def test_a_bare_greeting_opening_a_turn_stays_but_a_show_greeting_goes() -> None:
    # Without its greeting the parser reads the label as the subject of the turn's first report.
    turn = "ANCHOR (Jo Penn): Good evening. The mayor says the pier is safe."
    assert strip_signoffs(turn) == turn
    assert strip_signoffs("HOST: Welcome back to The Hour. The mayor says no.") == "HOST: The mayor says no."
    assert strip_signoffs("HOST: Good evening. That's it for this week.") == ""
    assert strip_signoffs("08:15 Good morning. The pier is shut.") == "08:15 The pier is shut."
