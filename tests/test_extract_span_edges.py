"""Content boundaries the parse misplaces: a trailing participle reports what follows it."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bot.nlp.extract.content import _trailing_participle
from tests.test_extract import only


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
