"""Broadcast transcripts: who speaks in a turn ("NAME: …", "PRESENTER (Name): …", "NAME (recording): …")."""

from __future__ import annotations

from spacy.language import Language

from bot.models import Statement
from tests.test_extract import run

TRANSCRIPT = """Morning Report: the bridge that "will not close"

Fenwick Radio, Morning Report, 3 March, 07:40. Transcript.

PRESENTER (Olwen Marsh): Commuters in Tarrowby were told last week that the old bridge would shut for a year. \
Our transport correspondent Piers Galloway has been finding out more. Piers, what are people saying?

PIERS GALLOWAY: Olwen, the council says the bridge is safe. Its engineer, Hattie Quarle, told me the cracks are cosmetic.

QUARLE (recording): The steel is sound. We inspected every girder in January.

PRESENTER: And the campaigners?

PIERS GALLOWAY: They are not convinced.

PRESENTER: With me is the campaigner Dr Rowan Ebbsfleet. Dr Ebbsfleet, is the bridge safe?

EBBSFLEET: The inspection covered only half of the girders. The rest have not been looked at since 2015.

The council has the report and it has not published it.

PRESENTER: The council disputes that. Does that worry you?

EBBSFLEET: It worries every parent who walks that bridge twice a day.

PRESENTER: Dr Rowan Ebbsfleet, thank you. Now the weather.
"""


def by_speaker(statements: list[Statement]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for st in statements:
        out.setdefault(st.speaker, []).append(st.text)
    return out


def test_presenter_and_correspondent_speak_no_statement(nlp: Language) -> None:
    speakers = by_speaker(run(nlp, TRANSCRIPT))
    for staff in ("PRESENTER", "Olwen Marsh", "Piers Galloway", "PIERS GALLOWAY"):
        assert staff not in speakers, (staff, speakers)
    # the programme's name in the headline is no speaker either
    assert "Morning Report" not in speakers


def test_correspondent_relays_what_others_said(nlp: Language) -> None:
    speakers = by_speaker(run(nlp, TRANSCRIPT))
    assert any("cracks are cosmetic" in t for t in speakers.get("Hattie Quarle", [])), speakers


def test_recorded_clip_is_the_guest_s_statement(nlp: Language) -> None:
    speakers = by_speaker(run(nlp, TRANSCRIPT))
    assert any(t.startswith("The steel is sound") for t in speakers.get("Hattie Quarle", [])), speakers


def test_guest_turn_in_capitals_is_theirs_and_carries_on_over_paragraphs(nlp: Language) -> None:
    speakers = by_speaker(run(nlp, TRANSCRIPT))
    guest = speakers.get("Rowan Ebbsfleet", [])
    assert any(t.startswith("The inspection covered only half") for t in guest), speakers
    assert any(t.startswith("The council has the report") for t in guest), speakers
    assert any(t.startswith("It worries every parent") for t in guest), speakers


def test_thank_you_closes_an_interview_and_reports_nothing(nlp: Language) -> None:
    statements = run(nlp, TRANSCRIPT)
    assert not [st for st in statements if st.text.strip().lower() in ("you", "you both")], statements


def test_a_capitals_label_outside_a_transcript_still_speaks(nlp: Language) -> None:
    text = "Quarry plan approved\n\nMORLAND: The quarry will bring forty jobs to the valley by next spring.\n"
    speakers = by_speaker(run(nlp, text))
    assert any("forty jobs" in t for t in speakers.get("MORLAND", [])), speakers


LIVE_BLOG = """LIVE: Harbour board meeting

Updates by Tess Wyld, Portwell Post

19:04 Cllr Ada Brennock opens the debate and says the dredging contract cost twice what was budgeted.

19:10 Harbour master Colm Ferris on the dredging bill: "The contract was signed before I arrived and I have never seen the invoices."

19:14 Brennock is on her feet: "Then somebody should find them before the next meeting."

19:20 Does the harbour board stand by its accounts? Nobody from the board would say.
"""


def test_live_blog_topic_after_the_name_is_not_the_speaker(nlp: Language) -> None:
    speakers = by_speaker(run(nlp, LIVE_BLOG))
    assert any("never seen the invoices" in t for t in speakers.get("Colm Ferris", [])), speakers
    assert not any("bill" in s for s in speakers), speakers


def test_live_blog_scene_before_a_quote_names_its_speaker(nlp: Language) -> None:
    speakers = by_speaker(run(nlp, LIVE_BLOG))
    said = [t for name, texts in speakers.items() if name.endswith("Ada Brennock") for t in texts]
    assert any("find them before the next meeting" in t for t in said), speakers


def test_a_question_the_writer_asks_is_no_statement(nlp: Language) -> None:
    statements = run(nlp, LIVE_BLOG)
    assert not [st for st in statements if "by its accounts" in st.text], statements


FACT_CHECK = """Fact check: the Lowmere reservoir is not being drained

By Nils Arden, ClearCheck

What was claimed: A post shared on a local forum by an account called @RiverWatch claims that the council is draining the Lowmere reservoir to sell the land.

Our verdict: False. The reservoir is being lowered for a dam inspection and will be refilled in May.
"""


def test_fact_check_label_is_not_part_of_the_claim(nlp: Language) -> None:
    statements = run(nlp, FACT_CHECK)
    claims = [st for st in statements if "draining the Lowmere reservoir" in st.text]
    assert claims, statements
    assert all("What was claimed" not in st.text for st in statements), statements


def test_a_description_after_a_company_name_is_not_the_speaker(nlp: Language) -> None:
    text = (
        "Pellory, the Harwick-based drone maker that bought the patent, said the ruling would not affect its plans.\n"
    )
    speakers = by_speaker(run(nlp, text))
    assert "Pellory" in speakers, speakers


def test_stage_directions_and_asides_between_turns_are_not_the_guest_s(nlp: Language) -> None:
    text = (
        "Debate night\n\nHALE: We will not take lectures from the other side on spending.\n\n"
        "Lectures, really? Who wrote the last budget?\n\nMORROW: We did, and it balanced.\n\n"
        "(END VIDEO CLIP)\n\nHALE: The deficit doubled on their watch.\n"
    )
    statements = run(nlp, text)
    assert any(st.text.startswith("We will not take lectures") for st in statements), statements
    assert not [st for st in statements if "Who wrote" in st.text or "END VIDEO" in st.text], statements
