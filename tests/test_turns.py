"""Interview turns: a Q&A interview's answers as its subject's statements, and a denial inside a guest's
transcript turn as a statement of its own aimed at what the turn before relayed."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM, DENIAL, Statement
from tests.test_extract import run

INTERVIEW = """'The kiln was never unsafe': a potter answers her critics

Marta Olloway runs the Greyfen pottery co-operative. She spoke to Idris Pell.

Q: How long have you run the co-operative?
A: Eleven years; it was my late father's workshop before that.

Q: The parish council says the kiln caught fire in August.
A: Nothing caught fire. A fuse tripped and the alarm went off, and we had it checked the same day.

Q: Tobin Reyes says you sacked three apprentices.
A: No, nobody was sacked. Two finished their training and one moved to Dunmoor.

Q: Will you stay on as chair?
A: I'll leave it there.

Q: What comes next?
A: We open the new glaze room in May.
"""


def _of(statements: list[Statement], snippet: str) -> Statement:
    found = [st for st in statements if snippet in st.text]
    assert found, [(st.speaker, st.kind, st.text) for st in statements]
    return found[0]


def test_answers_are_the_interviewee_s_own_statements(nlp: Language) -> None:
    statements = run(nlp, INTERVIEW)
    answer = _of(statements, "We open the new glaze room in May")
    assert answer.speaker == "Marta Olloway" and answer.kind == CLAIM
    # the interviewer named in the standfirst asks; he says nothing of his own
    assert all("Pell" not in st.speaker for st in statements)


def test_sentences_joined_by_a_semicolon_stay_one_answer(nlp: Language) -> None:
    statements = run(nlp, INTERVIEW)
    answer = _of(statements, "Eleven years")
    assert "late father's workshop" in answer.text


def test_a_denying_answer_denies_the_claim_the_question_relayed(nlp: Language) -> None:
    statements = run(nlp, INTERVIEW)
    denial = _of(statements, "Nothing caught fire")
    assert denial.kind == DENIAL and denial.speaker == "Marta Olloway"
    assert denial.denies_index is not None
    target = statements[denial.denies_index]
    assert "kiln caught fire" in target.text and target.speaker != denial.speaker


def test_an_answer_opening_with_no_is_a_denial_of_the_relay(nlp: Language) -> None:
    statements = run(nlp, INTERVIEW)
    denial = _of(statements, "nobody was sacked")
    assert denial.kind == DENIAL
    assert denial.denies_index is not None and "apprentices" in statements[denial.denies_index].text


def test_an_answer_that_declines_to_go_on_is_no_statement(nlp: Language) -> None:
    statements = run(nlp, INTERVIEW)
    assert not [st for st in statements if "leave it there" in st.text]


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


ASIDES = """Ferry captain on the night crossing: 'The radar was switched off'

Bram Keddle skippered the Quenby night ferry for nine years. He spoke to Lise Horn.

Q: What did you see on the bridge?
A: The radar was switched off for most of the crossing. That's what worried us.

Q: The operator says the logs show it running.
A: The logs were written up in the morning. The harbour office can explain those.

Q: Will you talk about your dismissal?
A: I'm not going to talk about my contract. Passengers can draw their own conclusions.

Q: What now?
A: We have asked the marine inspectors for the tapes. I don't see how the logs were checked before Monday.
"""


def test_an_answer_that_names_nothing_is_no_statement(nlp: Language) -> None:
    statements = run(nlp, ASIDES)
    # a closer of pronouns only leans on the sentence before; the sentence it follows stays
    assert not [st for st in statements if "what worried us" in st.text]
    assert _of(statements, "radar was switched off for most").speaker == "Bram Keddle"


def test_an_answer_handing_the_matter_to_others_is_no_statement(nlp: Language) -> None:
    statements = run(nlp, ASIDES)
    assert not [st for st in statements if "can explain those" in st.text or "own conclusions" in st.text]
    assert _of(statements, "written up in the morning").kind == CLAIM


def test_a_refusal_is_no_statement_but_a_negated_account_is_one(nlp: Language) -> None:
    statements = run(nlp, ASIDES)
    assert not [st for st in statements if "talk about my contract" in st.text]
    # "I don't see how …" negates a verb of seeing, not of speaking: the answer stays a statement
    kept = _of(statements, "how the logs were checked")
    assert kept.speaker == "Bram Keddle"


GENERIC = """Boatyard owner disputes the survey: 'My hull passed'

Hester Quine has built boats at Marrow Quay since 1998. She spoke to Tam Bede.

Q: The surveyor says your hull certificate is valid.
A: We keep every certificate in the office.

Q: The insurer says you showed its assessor the hull certificate.
A: A scanned copy of a hull certificate is not an original. The original sits in our safe.
"""


def test_a_negation_about_a_kind_is_a_claim_not_a_denial(nlp: Language) -> None:
    statements = run(nlp, GENERIC)
    generic = _of(statements, "A scanned copy of a hull certificate is not an original")
    assert generic.kind == CLAIM and generic.speaker == "Hester Quine"
