"""Content boundaries the parse misplaces: trailing participles, objects cut short, a second report inside."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bot.nlp.extract.content import _trailing_participle
from tests.test_extract import only, run


def test_trailing_participle_reports_what_follows_it(nlp: Language) -> None:
    # Not the main clause before the comma: the senator's speaking is not what she predicted.
    st = only(nlp, "The senator spoke first at the forum, predicting a narrow result in the runoff.")
    assert st.cue == "predicting"
    assert st.text == "a narrow result in the runoff"


def test_trailing_participle_of_an_addressee_verb_leaves_out_whom_it_told(nlp: Language) -> None:
    st = only(nlp, "The aide emailed the governor in March, informing her of the closure of the two clinics.")
    assert st.speaker == "aide"
    assert st.text == "of the closure of the two clinics"


def test_participle_after_its_own_noun_is_no_report_of_the_main_clause() -> None:
    # "… and firms warning of delays": the parser hung "warning" on the verb, but the noun before it is who warns,
    # so the main clause's subject (or a dateline) must not be made its speaker.
    words = ["Drivers", "left", "buses", "idle", "and", "firms", "warning", "of", "delays", "."]
    heads = [1, 1, 1, 2, 2, 2, 1, 6, 7, 1]
    deps = ["nsubj", "ROOT", "dobj", "amod", "cc", "conj", "advcl", "prep", "pobj", "punct"]
    tags = ["NNS", "VBD", "NNS", "JJ", "CC", "NNS", "VBG", "IN", "NNS", "."]
    pos = ["NOUN", "VERB", "NOUN", "ADJ", "CCONJ", "NOUN", "VERB", "ADP", "NOUN", "PUNCT"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    assert not _trailing_participle(doc[6], list(doc[6].children))
    words[5] = ","  # "…, warning of delays": the same shape after a comma is the subject's own report
    tags[5], pos[5], deps[5], heads[5] = ",", "PUNCT", "punct", 1
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    assert _trailing_participle(doc[6], list(doc[6].children))


def test_cue_between_commas_still_reports_the_clause_around_it(nlp: Language) -> None:
    st = only(nlp, "The plan, she warned, would cost jobs.")
    assert st.text == "The plan would cost jobs"


def test_object_keeps_the_participle_the_parser_hung_on_the_verb(nlp: Language) -> None:
    st = only(nlp, "The mayor focused on her decade running the harbour trust during the flood years.")
    assert st.text == "her decade running the harbour trust during the flood years"


def test_prepositional_object_keeps_what_it_is_called(nlp: Language) -> None:
    st = only(
        nlp,
        "But despite his own doubts, the mayor still pointed to the council as the key obstacle in building new parks.",
    )
    assert st.speaker == "mayor"
    assert st.text.endswith("the council as the key obstacle in building new parks")


def test_object_does_not_take_a_time_phrase(nlp: Language) -> None:
    st = only(nlp, "She criticized the budget on Tuesday.")
    assert st.text == "the budget"


def test_second_report_in_the_cues_tense_is_its_own_statement(nlp: Language) -> None:
    # "highlighted" agrees with "said", not with "admires": the senator highlighted the goals.
    statements = run(
        nlp, "The senator said she admires his resolve and highlighted their shared goals on rail funding."
    )
    assert [(s.speaker, s.cue, s.text) for s in statements] == [
        ("senator", "said", "she admires his resolve"),
        ("senator", "highlighted", "their shared goals on rail funding"),
    ]


def test_second_report_keeps_the_speaker_found_for_the_first(nlp: Language) -> None:
    # The club speaks through its statement; the coordinated "rejecting" is the club's too, not the statement's.
    text = (
        "Harlow Rovers have issued a statement denying that they ever received a bid for their goalkeeper, "
        "and rejecting his agent's claim that the keeper was promised a transfer."
    )
    by_cue = {s.cue: s for s in run(nlp, text)}
    assert by_cue["denying"].speaker == "Harlow Rovers"
    assert by_cue["rejecting"].speaker == "Harlow Rovers"
    assert by_cue["rejecting"].text == "his agent's claim that the keeper was promised a transfer"


def test_coordinated_verb_in_the_reported_clauses_tense_stays_inside(nlp: Language) -> None:
    # "praises" agrees with "cuts" as much as with "says": it stays in what the union says of the firm.
    text = "The union says the firm cuts wages at its plants and praises its own managers for the savings."
    statements = run(nlp, text)
    assert [(s.cue, s.text) for s in statements] == [
        ("says", "the firm cuts wages at its plants and praises its own managers for the savings")
    ]


def test_words_between_a_quote_and_a_trailing_speaker_stay_in_the_content(nlp: Language) -> None:
    # The quote opens the clause and the clause goes on after it; only the speaker before the cue is left out.
    text = '"We are shocked and saddened" by the fire at the market that killed six people, the governor said.'
    st = only(nlp, text)
    assert st.speaker == "governor"
    assert st.text == "We are shocked and saddened by the fire at the market that killed six people"


def test_speaker_in_apposition_after_a_quote_is_not_content(nlp: Language) -> None:
    st = only(nlp, '"We will win the vote," the director, Jane Smith, said.')
    assert st.speaker == "Jane Smith"
    assert st.text == "We will win the vote"
