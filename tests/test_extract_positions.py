"""Reporting verbs in positions the main rules leave alone (`bot.nlp.extract.positions`), with invented wording."""

from __future__ import annotations

from spacy.language import Language

from tests.test_extract import run


def test_an_as_clause_attributes_the_clause_it_hangs_on(nlp: Language) -> None:
    statements = run(nlp, "As the Coastal Tribune noted, ferry fares in the bay have doubled since the spring.")
    assert [(s.speaker, s.cue, s.text) for s in statements] == [
        ("Coastal Tribune", "noted", "ferry fares in the bay have doubled since the spring")
    ]


def test_a_linking_word_before_an_as_clause_is_the_writers(nlp: Language) -> None:
    statements = run(nlp, "But as Councillor Ayodele Brandt pointed out, the new bridge will not open before winter.")
    assert [(s.speaker, s.text) for s in statements] == [
        ("Ayodele Brandt", "the new bridge will not open before winter")
    ]


def test_as_she_put_it(nlp: Language) -> None:
    statements = run(nlp, "The budget, as Tamsin Greaves put it, is a promise nobody can keep.")
    assert [(s.speaker, s.text) for s in statements] == [("Tamsin Greaves", "The budget is a promise nobody can keep")]


def test_an_as_clause_of_time_or_with_its_own_report_is_no_pointer(nlp: Language) -> None:
    # a verb with an object or an addressee of its own tells when something happened
    assert run(nlp, "The lights went out as the mayor explained the plan to the crowd.") == []
    # the clause is a report of its own: the paper only relays it, and the speaker stays the senator
    statements = run(nlp, "As the Coastal Herald reported, Senator Ilse Marsh said the port would close.")
    assert [s.speaker for s in statements] == ["Ilse Marsh"]
    # 'as she said, "…"' introduces the quote after it, which stays hers
    quoted = run(nlp, 'She left the stage as Ines Adeyemi said, "We will be back next year."')
    assert [(s.speaker, s.text) for s in quoted] == [("Ines Adeyemi", "We will be back next year.")]


def test_a_passive_report_speaks_through_its_by_phrase(nlp: Language) -> None:
    statements = run(nlp, "The tunnel plan was criticized by the Riverside Tenants Union for its cost.")
    assert [(s.speaker, s.cue, s.text) for s in statements] == [
        ("Riverside Tenants Union", "criticized", "The tunnel plan for its cost")
    ]
    described = run(nlp, "The survey was described by Professor Lena Varga as a marketing exercise.")
    assert [(s.speaker, s.text) for s in described] == [("Lena Varga", "The survey as a marketing exercise")]


def test_a_passive_report_without_a_speaker_or_with_no_report_is_left_alone(nlp: Language) -> None:
    # no "by" phrase: nobody is named as speaking
    assert run(nlp, "The tunnel plan was criticized for its cost.") == []
    # a name, not a report
    assert run(nlp, "The lake is known by the locals as the Mirror.") == []


def test_a_quantifier_subject_speaks_as_a_group(nlp: Language) -> None:
    statements = run(nlp, "Some of the ferry workers say the new timetable is unsafe.")
    assert [(s.speaker, s.text) for s in statements] == [("Some of the ferry workers", "the new timetable is unsafe")]
    bare = run(nlp, "Many have argued that the bridge toll should be scrapped.")
    assert [(s.speaker, s.text) for s in bare] == [("Many", "the bridge toll should be scrapped")]
    # nobody is not a speaker
    assert run(nlp, "None said the bridge toll should be scrapped.") == []


def test_a_participle_after_by_or_after_speaks_for_the_clause_subject(nlp: Language) -> None:
    statements = run(nlp, "Mayor Odile Brandt opened the meeting by praising the harbour plan as a bold step.")
    assert [(s.speaker, s.cue, s.text) for s in statements] == [
        ("Odile Brandt", "praising", "the harbour plan as a bold step")
    ]
    after = run(nlp, "After questioning the council's figures, Tomas Reyes left the hall.")
    assert [(s.speaker, s.text) for s in after] == [("Tomas Reyes", "the council's figures")]


def test_a_participle_after_a_preposition_that_negates_or_inside_a_report_is_left_alone(nlp: Language) -> None:
    # "without"/"from" say the act did not happen
    assert run(nlp, "Tomas Reyes left the hall without questioning the council's figures.") == []
    # the participle is part of what another verb reports
    statements = run(nlp, "Tomas Reyes denied that he had misled voters by praising the plan.")
    assert all(s.cue != "praising" for s in statements)


def test_a_reported_figure_is_what_the_source_reports(nlp: Language) -> None:
    statements = run(nlp, "The Halvern Water Board reported a loss of $4 million for the second quarter.")
    assert [(s.speaker, s.cue, s.text) for s in statements] == [
        ("Halvern Water Board", "reported", "a loss of $4 million for the second quarter")
    ]
    # an incident handed on to someone is no finding given out
    assert run(nlp, "The head teacher reported the threats to the police.") == []
