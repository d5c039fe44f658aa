"""Trading names that end in a possessive ("Corbett's said"), a headline whose first verb the tagger read as
a noun the name possesses, and "quoted X as saying". Invented sentences."""

from __future__ import annotations

from spacy.language import Language

from tests.test_extract import run


def _speakers(nlp: Language, text: str) -> list[str]:
    return [s.speaker for s in run(nlp, text)]


def test_possessive_name_before_its_verb_keeps_the_possessive(nlp: Language) -> None:
    assert _speakers(nlp, "Pellworth's said the union's figures were not accurate.") == ["Pellworth's"]


def test_possessive_name_after_a_description_is_the_speaker(nlp: Language) -> None:
    st = run(nlp, "Supermarket group Bramley's said on Wednesday it had received an approach.")
    assert [s.speaker for s in st] == ["Bramley's"]


def test_headline_possessive_name_with_a_misread_first_verb(nlp: Language) -> None:
    st = run(nlp, 'Corbett\'s launches store review, rejects "speculation" over closures')
    assert [s.speaker for s in st] == ["Corbett's"]
    assert "speculation" in st[0].text


def test_a_possessor_of_the_speaker_is_not_the_speaker(nlp: Language) -> None:
    # "Smith's lawyer said": the lawyer speaks; the possessive owns a noun.
    assert _speakers(nlp, "Dana Smith's lawyer said the claim was false.") == ["Dana Smith's lawyer"]


def test_headline_possessor_of_a_plural_subject_stays(nlp: Language) -> None:
    # No comma between the subject and its verb: the shareholders reject, not the firm.
    speakers = _speakers(nlp, "Greenway's shareholders reject bid as too low")
    assert all(s != "Greenway's" for s in speakers)


def test_quoted_as_saying_names_the_one_quoted(nlp: Language) -> None:
    st = run(nlp, "The paper quoted Foreign Minister Radek Solvan as saying the accusation was a hoax.")
    saying = next(s for s in st if s.cue == "saying")
    assert saying.speaker == "Radek Solvan"
    assert "hoax" in saying.text


def test_quote_before_quoted_as_saying_is_the_official_s(nlp: Language) -> None:
    st = run(nlp, '"The engineer story never happened," the paper quoted an unnamed embassy official as saying.')
    said = next(s for s in st if "never happened" in s.text)
    assert "embassy official" in said.speaker


def test_issuer_keeps_its_whole_name(nlp: Language) -> None:
    st = run(nlp, "Harwick Town have issued a statement denying that they ever received an offer for the striker.")
    assert [s.speaker for s in st] == ["Harwick Town"]


def test_a_date_in_the_subject_never_speaks(nlp: Language) -> None:
    st = run(nlp, 'A post shared 40,000 times since Monday says "doctors have proven the pill causes harm".')
    assert [s.speaker for s in st] == ["post"]


def test_a_modifier_inside_a_described_apposition_is_not_the_speaker(nlp: Language) -> None:
    # The tagger labels "Quessan" a person here; the daily it modifies is the Courier, which speaks.
    st = run(nlp, "The Saltery Courier, a Quessan daily, reported on Wednesday that the envoy had met an engineer.")
    assert [s.speaker for s in st] == ["Saltery Courier"]


def test_the_leader_of_a_named_council_is_not_the_opposition_leader(nlp: Language) -> None:
    text = (
        "Opposition leader Cllr Shona Marr said the vote was rigged. "
        "The leader of Easton Town Council has denied steering a contract to her brother-in-law."
    )
    denial = next(s for s in run(nlp, text) if s.cue == "denied")
    assert "Marr" not in denial.speaker
    assert "leader" in denial.speaker.lower()


def test_headline_role_is_the_leader_the_article_names(nlp: Language) -> None:
    text = (
        "Former port chief says charges are political\n\n"
        "The former head of the Port of Lomwick, Victor Sandes, pleaded not guilty on Monday to charges that he "
        "took bribes from shipping firms."
    )
    headline = next(s for s in run(nlp, text) if s.cue == "says")
    assert headline.speaker == "Victor Sandes"


def test_headline_generic_leader_is_not_any_role_holder(nlp: Language) -> None:
    text = (
        "Council leader denies favouring brother-in-law's firm\n\n"
        "The council's monitoring officer, Rupert Vale, said the rules had been followed."
    )
    headline = next(s for s in run(nlp, text) if s.cue == "denies")
    assert "Vale" not in headline.speaker


def test_court_hears_headline_is_the_court_s(nlp: Language) -> None:
    text = (
        'Chef told staff to "fill in the gaps" in hygiene logs, court hears\n\n'
        "A former sous-chef told a court on Monday that she had been asked to fill in logs."
    )
    headline = next(s for s in run(nlp, text) if s.cue == "hears")
    assert headline.speaker == "court"
    assert "hygiene logs" in headline.text
