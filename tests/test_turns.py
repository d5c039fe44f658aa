"""Interview turns: a Q&A interview's answers as its subject's statements, and a denial inside a guest's
transcript turn as a statement of its own aimed at what the turn before relayed."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM, DENIAL, Statement
from tests.test_extract import run

def _of(statements: list[Statement], snippet: str) -> Statement:
    found = [st for st in statements if snippet in st.text]
    assert found, [(st.speaker, st.kind, st.text) for st in statements]
    return found[0]


TRANSCRIPT = """Harbour Hour, Radio Quenby, 4 June. Transcript.

NELL ARDEN (PRESENTER): Good evening. The ferry company says it will keep the winter timetable. \
With me is the harbourmaster, Colm Dray. Mr Dray, the ferry company says the slipway was repaired in March.

DRAY: The tides have been kind this spring. The slipway was never repaired. I walked it myself on Friday.

ARDEN: The town council says the harbour fees will rise. Will they?

DRAY: I'm not going to get into the fees tonight. We meet the council next week.
"""


def test_a_guest_s_flat_denial_of_the_relay_is_its_own_denial(nlp: Language) -> None:
    statements = run(nlp, TRANSCRIPT)
    denial = _of(statements, "The slipway was never repaired")
    assert denial.kind == DENIAL and denial.speaker == "Colm Dray"
    assert denial.denies_index is not None
    target = statements[denial.denies_index]
    assert "slipway was repaired" in target.text and target.speaker != denial.speaker
    # the rest of the turn stays the guest's claim, without the denial sentence
    rest = _of(statements, "The tides have been kind")
    assert rest.kind == CLAIM and "never repaired" not in rest.text


def test_a_refusal_to_answer_is_no_denial(nlp: Language) -> None:
    statements = run(nlp, TRANSCRIPT)
    assert not [st for st in statements if st.kind == DENIAL and "get into the fees" in st.text]
