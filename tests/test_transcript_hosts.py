"""Podcast and radio transcripts without a PRESENTER label: whoever opens the show or greets the guest
hosts it, and a host's own lines, like a guest's thanks, are no statements; what the host relays
keeps its own speaker."""

from __future__ import annotations

from spacy.language import Language

from tests.test_extract import run

SHOW = """THE HARBOUR HOUR - Episode 40

LENA VOSS: Welcome back to The Harbour Hour. I'm Lena Voss.

MARTIN OKAFOR: And I'm Martin Okafor. This week, the ferry that keeps breaking down.

LENA VOSS: The operator, Brightwater Ferries, says the engines were serviced in March. Joining us is the \
engineer Priya Halden. Priya, welcome.

PRIYA HALDEN: Thanks for having me.

MARTIN OKAFOR: But the ferry has broken down four times since the service.

PRIYA HALDEN: The service replaced the filters but not the fuel pumps. The pumps are twenty years old, \
and they fail in cold weather.
"""


def test_hosts_and_pleasantries_speak_no_statement(nlp: Language) -> None:
    statements = run(nlp, SHOW)
    speakers = {st.speaker for st in statements}
    assert "Lena Voss" not in speakers and "Martin Okafor" not in speakers
    assert not any(st.text.startswith("Thanks for having me") for st in statements)


def test_the_guest_and_what_the_host_relays_keep_their_statements(nlp: Language) -> None:
    statements = run(nlp, SHOW)
    assert any(st.speaker == "Priya Halden" and "fuel pumps" in st.text for st in statements)
    assert any("serviced in March" in st.text and "Brightwater" in st.speaker for st in statements)


def test_a_guest_who_thanks_and_then_answers_keeps_the_answer(nlp: Language) -> None:
    text = SHOW.replace("PRIYA HALDEN: Thanks for having me.", "PRIYA HALDEN: Thanks. The pumps were never replaced.")
    statements = run(nlp, text)
    assert any(st.speaker == "Priya Halden" and "never replaced" in st.text for st in statements)


THANKS = """PAUL DERRY: This week, the ferry row. The union says the ferry is unsafe. With me is the engineer Priya \
Halden. Priya, what went wrong?

HALDEN: The service replaced the filters but not the fuel pumps, and the pumps fail in cold weather.

DERRY: The operator's chief executive, Ana Roe, spoke to us on Monday.

DERRY: Priya Halden, thank you.
"""


def test_a_presenter_known_by_thanking_a_guest_by_name_speaks_no_statement(nlp: Language) -> None:
    statements = run(nlp, THANKS)
    assert not any("Derry" in (st.speaker or "") or "DERRY" in (st.speaker or "") for st in statements)
    assert any("fuel pumps" in st.text for st in statements)
    assert any(st.speaker == "union" and "unsafe" in st.text for st in statements)


CO_HOSTED = """THE DOCK HOUR

NINA FELL: Good evening. You're watching The Dock Hour.

TOMAS ABBOT: And I'm Tomas Abbot. The port says the cranes are safe.

NINA FELL: We spoke to the union's Rosa Minch.

ROSA MINCH: The cranes have failed three times this month.

TOMAS ABBOT: I think everyone will want to know what the port does next.
"""


def test_a_co_host_and_a_capitalised_show_greeting_mark_hosts(nlp: Language) -> None:
    statements = run(nlp, CO_HOSTED)
    speakers = {st.speaker for st in statements}
    assert "Nina Fell" not in speakers and "Tomas Abbot" not in speakers
    assert any(st.speaker == "Rosa Minch" and "failed three times" in st.text for st in statements)
    assert any(st.speaker == "port" and "cranes are safe" in st.text for st in statements)


def test_a_presenter_thanking_a_titled_guest_by_full_name_speaks_no_statement(nlp: Language) -> None:
    text = """HARBOUR DESK

LILA VARNE: The cranes have failed three times this month.

IVO STRAND: Dr Lila Varne, thank you. I think the port will have questions to answer.
"""
    statements = run(nlp, text)
    assert not any(st.speaker == "Ivo Strand" for st in statements)
    assert any(st.speaker == "Lila Varne" and "failed three times" in st.text for st in statements)
