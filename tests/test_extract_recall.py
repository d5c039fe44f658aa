"""Reported speech the extractor used to miss on real news (PolNeAR train), one pattern per case."""

from __future__ import annotations

from spacy.language import Language

from tests.test_extract import run


def test_a_person_named_like_a_prescriptive_word_speaks(nlp: Language) -> None:
    # "the law says" prescribes; Steven Law, a person, reports
    statements = run(
        nlp,
        "Steven Law runs the group. The group has already raised $24 million for its Senate efforts, "
        "and donors want to do much more, Law said.",
    )
    assert [(s.speaker, s.cue) for s in statements] == [("Steven Law", "said")]
    assert statements[0].text.startswith("The group has already raised $24 million")
    assert run(nlp, "The law says drivers must slow down near schools.") == []


def test_a_name_before_an_aside_is_the_speaker_when_the_parse_lost_it(nlp: Language) -> None:
    statements = run(
        nlp,
        "Angered by the turmoil in Ohio, Senator Harold Dwyer, the majority whip, said that he met with "
        "Paul Ketter on Tuesday.",
    )
    assert [(s.speaker, s.cue, s.text) for s in statements] == [
        ("Harold Dwyer", "said", "he met with Paul Ketter on Tuesday")
    ]


def test_a_verb_with_its_own_object_is_no_parenthetical(nlp: Language) -> None:
    # the words before the subject are not what "explained" reports: its object is
    statements = run(
        nlp,
        "Discussing the show's success in a radio interview, the actor explained the differences between him "
        "and his character.",
    )
    assert all("Discussing" not in s.text for s in statements)


def test_a_participle_with_a_clause_of_its_own_is_a_second_statement(nlp: Language) -> None:
    statements = run(
        nlp, '"We are going to win this state," Fiorina said, pointing out that she had won the most votes.'
    )
    assert [(s.cue, s.text) for s in statements] == [
        ("said", "We are going to win this state"),
        ("pointing out", "she had won the most votes"),
    ]
    # without a clause the participle gives the grounds of the statement, not another one
    grounds = run(nlp, "The minister said the plant would close, citing falling orders.")
    assert [s.cue for s in grounds] == ["said"]


TWO_QUOTES = (
    '"The talks went well," the minister said. "We will meet again next week."\n\n'
    '"Nothing is agreed yet," the minister added.'
)


def test_follow_on_quotes_stay_apart(nlp: Language) -> None:
    assert [s.text for s in run(nlp, TWO_QUOTES)] == [
        "The talks went well",
        "We will meet again next week.",
        "Nothing is agreed yet",
    ]


def test_a_number_or_plain_noun_subject_speaks_but_nobody_does_not(nlp: Language) -> None:
    statements = run(nlp, "Since June, at least 21,000 said they would run for office.")
    assert [(s.speaker, s.text) for s in statements] == [("at least 21,000", "they would run for office")]
    assert run(nlp, "Since June, none said they would run for office.") == []


def test_a_quoted_phrase_inside_the_object_is_part_of_what_was_said(nlp: Language) -> None:
    statements = run(
        nlp, 'The delegate warned of a "bitter" fight ahead that could divide the movement if the founders meddle.'
    )
    assert [(s.cue, s.text) for s in statements] == [
        ("warned", "a bitter fight ahead that could divide the movement if the founders meddle")
    ]


def test_a_reported_claim_that_says_nothing_is_dropped(nlp: Language) -> None:
    # "endorsed him" names a reference, not something said; a quote of a few words stays
    assert run(nlp, "Governor Chris Christie endorsed him on Friday.") == []
    quoted = run(nlp, '"This is all me," Clinton said.')
    assert [(s.speaker, s.text) for s in quoted] == [("Clinton", "This is all me")]


def test_a_reporting_verb_with_no_quote_reports_its_object(nlp: Language) -> None:
    # the verbs whose object is what was said fall back on it when no quote comes
    statements = run(nlp, "Senator Mara Quill reiterated her support for the harbour bill on Tuesday.")
    assert [(s.speaker, s.cue) for s in statements] == [("Mara Quill", "reiterated")]
    assert statements[0].text.startswith("her support for the harbour bill")
    # other verbs' objects are acts or topics, not statements
    assert run(nlp, "The dairy recalled three soft cheeses on Monday.") == []
    assert run(nlp, "The general cautioned the allies against an invasion.") == []


def test_a_reporting_participle_after_the_object_says_what_was_asserted(nlp: Language) -> None:
    statements = run(nlp, "The mayor mentioned the new budget, insisting that it would cut waiting lists.")
    assert [(s.cue, s.text) for s in statements] == [("insisting", "it would cut waiting lists")]


def test_a_view_verb_reports_only_an_object_it_characterises_with_as(nlp: Language) -> None:
    statements = run(nlp, "Ilse Varga sees the senator as a pragmatist who can win the state.")
    assert [(s.speaker, s.cue) for s in statements] == [("Ilse Varga", "sees")]
    assert statements[0].text.startswith("the senator as a pragmatist")
    assert run(nlp, "Ilse Varga saw the film on Friday.") == []
    assert run(nlp, "Ilse Varga cast her ballot early.") == []


def test_a_request_reports_its_object_and_to_clause_but_a_question_reports_nothing(nlp: Language) -> None:
    statements = run(nlp, "Mayor Tom Reddan asked residents to stay indoors during the storm.")
    assert [(s.speaker, s.cue) for s in statements] == [("Tom Reddan", "asked")]
    assert statements[0].text.startswith("residents to stay indoors")
    assert run(nlp, "Mayor Tom Reddan asked whether the bridge was safe.") == []


def test_an_attitude_adjective_with_a_that_clause_is_the_subjects_claim(nlp: Language) -> None:
    statements = run(nlp, "Senator Jane Holt is confident that the harbour bill will pass.")
    assert [(s.speaker, s.cue, s.text) for s in statements] == [
        ("Jane Holt", "confident", "the harbour bill will pass")
    ]
    statements = run(nlp, "The union was adamant that no deal had been reached.")
    assert [(s.cue, s.text) for s in statements] == [("adamant", "no deal had been reached")]


def test_a_result_clause_or_a_negated_attitude_is_no_claim(nlp: Language) -> None:
    assert run(nlp, "The debate was so subdued that the moderator joked about it.") == []
    assert run(nlp, "Senator Jane Holt is not confident that the harbour bill will pass.") == []


def test_an_attitude_adjective_keeps_itself_in_the_stance_it_reports(nlp: Language) -> None:
    statements = run(nlp, "The mayor was critical of the new budget plan.")
    assert [(s.speaker, s.cue, s.text) for s in statements] == [
        ("mayor", "critical", "critical of the new budget plan")
    ]
    # a judgement about the subject, not a stance: nothing reported
    assert run(nlp, "The mayor was unable to attend the meeting.") == []


def test_making_the_case_that_is_a_claim_but_rejecting_a_notion_is_not(nlp: Language) -> None:
    statements = run(nlp, "The senator made the case that the deficit is growing.")
    assert [(s.speaker, s.text) for s in statements] == [("senator", "the deficit is growing")]
    assert all(
        s.text != "the deficit is growing"
        for s in run(nlp, "The senator rejected the notion that the deficit is growing.")
    )


def test_a_relative_clause_set_off_by_a_comma_reports_the_people_it_adds_to(nlp: Language) -> None:
    statements = run(nlp, "The ruling alarmed legal experts, who worry that the court has lost its independence.")
    assert [(s.speaker, s.text) for s in statements] == [("legal experts", "the court has lost its independence")]
    assert run(nlp, "Economists who worry that the court has lost its independence are few.") == []


def test_according_to_parsed_as_the_root_still_gives_the_rest_of_the_sentence(nlp: Language) -> None:
    text = (
        "According to a study by the Harwell Institute, "
        "eligible voters who are Welsh skew younger in Ostend than elsewhere in the country."
    )
    assert nlp(text)[0].head.i == 0  # the parse this test is about: "According" as the sentence's root
    statements = run(nlp, text)
    assert any(s.cue == "according to" and s.text.startswith("eligible voters who are Welsh") for s in statements)


def test_a_participle_of_feeling_read_as_a_verb_takes_only_a_that_clause(nlp: Language) -> None:
    statements = run(nlp, "But the nurses are convinced that the council could have acted sooner.")
    assert [(s.cue, s.text) for s in statements] == [("convinced", "the council could have acted sooner")]
    assert all(s.cue != "told" for s in run(nlp, "The workers were told that the plant would close."))


def test_that_said_opening_a_sentence_leaves_the_report_after_it_free(nlp: Language) -> None:
    statements = run(nlp, "That said, local farmers say they believe the new market will need years of patient work.")
    assert [(s.speaker, s.cue) for s in statements] == [("local farmers", "say")]
    assert statements[0].text.startswith("they believe the new market")


def test_a_telling_participle_with_only_its_addressee_takes_the_quote_after_it(nlp: Language) -> None:
    # whom it told is never what was said: the quote after the colon is
    statements = run(nlp, 'The coach was unimpressed, telling reporters: "We played badly and we know it."')
    assert [(s.speaker, s.cue, s.text) for s in statements] == [("coach", "telling", "We played badly and we know it.")]
    assert all(s.text != "reporters" for s in run(nlp, "The coach was blunt, telling reporters."))
    # a clause after the addressee is still the content
    statements = run(nlp, "The coach was blunt, telling reporters that the team had played badly.")
    assert [s.text for s in statements] == ["the team had played badly"]


def test_a_not_inside_a_quote_does_not_negate_the_cue_outside_it(nlp: Language) -> None:
    # the parser hangs the quote's "not" on "said": the quote and its follow-on were both lost
    statements = run(nlp, '"Probably not," she said. "The old ferry has seen its best days."')
    assert [s.text for s in statements] == ["Probably not", "The old ferry has seen its best days."]
    # a real negation of the cue still keeps the statement out
    assert run(nlp, "He did not say the plan would work.") == []


def test_a_trailing_cue_parsed_as_a_conjunct_reports_the_words_before_its_comma(nlp: Language) -> None:
    text = 'Critics should bring facts and stop hiding behind phrases like "soon" and "in due course", she told the council.'
    statements = run(nlp, text)
    assert [s.cue for s in statements] == ["told"]
    assert statements[0].text.startswith("Critics should bring facts and stop hiding behind phrases")
    # a conjoined cue with a clause of its own reports that clause
    statements = run(nlp, "The mayor visited the plant and he said that the jobs would stay.")
    assert [s.text for s in statements] == ["the jobs would stay"]


def test_according_to_a_poll_states_what_the_poll_found(nlp: Language) -> None:
    # the survey's finding is its own account, not a relay of the voters' view
    text = (
        "Nearly 62 percent of likely voters view the mayor unfavorably, according to a Valley Courier survey in March."
    )
    statements = run(nlp, text)
    assert [(s.speaker, s.cue) for s in statements] == [("Valley Courier survey", "according to")]
    assert statements[0].text.startswith("Nearly 62 percent of likely voters view the mayor unfavorably")
    # a document still relays the speech it records, whatever the reporting verb
    statements = run(nlp, "According to the transcript, the mayor said the bridge would close.")
    assert [(s.speaker, s.text) for s in statements] == [("mayor", "the bridge would close")]
    text = "Dunmore Park has confirmed that all of its animals are safe, according to a statement issued on Monday."
    assert [(s.speaker, s.cue) for s in run(nlp, text)] == [("Dunmore Park", "confirmed")]


def test_the_evidence_keeps_the_mark_that_closes_its_quote(nlp: Language) -> None:
    # a paragraph ending inside a quote is cut before the closing mark; the evidence takes it back
    statements = run(nlp, 'The court heard the claim. He replied: "That is simply untrue."\n\nThe trial continues.')
    assert [(s.kind, s.text) for s in statements] == [("denial", "That is simply untrue.")]
    assert statements[0].evidence == 'He replied: "That is simply untrue."'
    text = (
        "HOST: I have seen that email. She writes that the board \u201chas followed the rules.\u201d\n\nGUEST: Thanks."
    )
    statements = run(nlp, text)
    assert [s.text for s in statements] == ["the board has followed the rules."]
    assert statements[0].evidence == "She writes that the board \u201chas followed the rules.\u201d"
    # a quote closed inside the evidence takes nothing more
    statements = run(nlp, '"We lost," he said. "Next year."\n\nThe season ended.')
    assert [s.evidence for s in statements] == ['"We lost," he said.', '"Next year."']
