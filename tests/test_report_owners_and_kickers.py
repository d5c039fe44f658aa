"""Report nouns whose clause the parser misreads, headline kickers in capitals, and a turn label read as a
second subject (invented names and sentences)."""

from __future__ import annotations

from spacy.language import Language

from bot.models import CLAIM
from tests.test_extract import run


def test_a_report_in_a_named_outlet_is_the_outlets_claim_not_the_subject_of_its_clause(nlp: Language) -> None:
    statements = run(
        nlp,
        "Orchestra backs cellist\n\n"
        'The conductor Tom Reed on Tuesday dismissed as "nonsense" a report in the Daily Lantern '
        "that Vale had refused to rehearse.\n",
    )
    claim = next(s for s in statements if s.kind == CLAIM and "refused to rehearse" in s.text)
    assert claim.kind == CLAIM
    assert claim.speaker == "Daily Lantern"
    assert not any(s.speaker.endswith("Vale") for s in statements)


def test_a_report_whose_that_is_read_as_a_relative_pronoun_still_carries_its_claim(nlp: Language) -> None:
    statements = run(
        nlp,
        "Orchestra shares slide\n\nShares fell after a report that Vale had refused to rehearse.\n",
    )
    claim = next(s for s in statements if s.kind == CLAIM and "refused to rehearse" in s.text)
    assert claim.speaker == "report"
    assert not claim.text.startswith("that")


def test_a_capitals_kicker_over_a_headline_is_no_speaker(nlp: Language) -> None:
    statements = run(
        nlp,
        "REVEALED: Council kept secret list of favoured builders\n\n"
        "The Courier can reveal that the council kept a list. Tom Bell, a councillor, said the list was shocking.\n",
    )
    assert statements
    assert not any(s.speaker == "REVEALED" for s in statements)


def test_a_capitals_topic_over_a_quoted_headline_is_no_speaker(nlp: Language) -> None:
    statements = run(
        nlp,
        "HOUSING FRAUD SCANDAL: 'I SOLD THE KEYS FOR 40 POUNDS'\n\n"
        "A tenant said the keys were sold online. The council said the claim was false.\n",
    )
    assert statements
    assert not any("SCANDAL" in s.speaker for s in statements)


def test_a_capitals_label_the_article_names_elsewhere_keeps_speaking(nlp: Language) -> None:
    statements = run(
        nlp,
        "HALE: I'LL NEVER QUIT\n\nMinister Ann Hale said on Monday she would stay in post.\n",
    )
    headline = next(s for s in statements if "NEVER QUIT" in s.text)
    assert headline.speaker.endswith("Hale")


def test_a_capitals_role_label_keeps_speaking(nlp: Language) -> None:
    statements = run(nlp, "MINISTER: WE WILL NOT RESIGN\n\nThe minister told reporters the rumours were false.\n")
    headline = next(s for s in statements if "NOT RESIGN" in s.text)
    assert headline.speaker.lower() == "minister"


def test_a_hosts_turn_label_is_not_the_issuer_of_a_statement_in_the_turn(nlp: Language) -> None:
    statements = run(
        nlp,
        "The Brief - Episode 12: Nocterin and the endpoint\n\n"
        "HOST (Mia Tarn): Last spring, Velcor Pharmaceuticals issued a statement saying its tonic "
        "Nocterin cut sleepless nights by a third. Nobody checked.\n",
    )
    claim = next(s for s in statements if "sleepless nights" in s.text)
    assert claim.speaker == "Velcor Pharmaceuticals"


def test_a_paper_the_tagger_reads_as_a_place_is_still_the_reports_source(nlp: Language) -> None:
    statements = run(
        nlp,
        "Coach backs forward\n\n"
        'Last week coach Ana Ruiz dismissed as "rubbish" a report in the Harbinger that Dale had refused to play.\n',
    )
    claim = next(s for s in statements if "refused to play" in s.text)
    assert claim.speaker == "Harbinger"


def test_a_report_in_a_plural_place_names_no_source(nlp: Language) -> None:
    statements = run(
        nlp,
        "Prices row\n\nThe minister Ana Ruiz rejected a report in the Netherlands that prices would rise.\n",
    )
    claim = next(s for s in statements if s.text == "prices would rise")
    assert claim.speaker != "Netherlands"
