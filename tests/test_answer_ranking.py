"""Which statements answer a question: adjacent statements together, speakers named by a phrase, question words."""

from __future__ import annotations

from answer_fixtures import _save
from bot.answers.compose import answer_question
from bot.answers.question import build_terms, content_words, parse_question
from bot.answers.speakers import match_speakers
from bot.models import Statement
from bot.store import Store


def _said(speaker: str, text: str, start: int, *, speaker_text: str | None = None) -> Statement:
    evidence = f"“{text},” {speaker} said."
    return Statement(
        kind="claim",
        cue="said",
        speaker=speaker,
        speaker_text=speaker_text or speaker,
        text=text,
        evidence=evidence,
        start=start,
        end=start + len(evidence),
        speaker_type="person",
        direct=True,
    )


def _fill(store: Store) -> None:
    _save(
        store,
        "harbour.txt",
        "Coast Post",
        "2024-03-01",
        "Harbour plans",
        [
            # One quote the extractor split at a sentence end: the dredging in one, the budget in the next.
            _said("Mara Quist", "The dredging of the harbour will start in spring", 0),
            _said("Mara Quist", "It will cost the budget dearly", 60),
            # Far from both, a statement about the lighthouse.
            _said("Mara Quist", "The lighthouse stays open all year", 2000),
        ],
    )
    _save(
        store,
        "ferry.txt",
        "Coast Post",
        "2024-03-02",
        "Ferry strike",
        [
            _said("Olle Brandt", "The ferry strike ends on Monday", 0, speaker_text="Olle Brandt and Ines Varga"),
            _said("Brandt's union", "Crews return to the ferry after the vote", 300),
        ],
    )


def _texts(data: dict) -> list[str]:
    return [s["text"] for s in data["claims"] + data["denials"]]


def test_adjacent_statements_of_one_speaker_answer_together(store: Store) -> None:
    _fill(store)
    reply = answer_question(store, "What did Quist say about dredging budget?")
    assert reply.status == "asserted"
    texts = _texts(reply.data)
    assert "The dredging of the harbour will start in spring" in texts
    assert "It will cost the budget dearly" in texts
    assert "The lighthouse stays open all year" not in texts


def test_statements_far_apart_do_not_answer_together(store: Store) -> None:
    _fill(store)
    # The budget and the lighthouse are said 2,000 characters apart: neither covers the question.
    reply = answer_question(store, "What did Quist say about lighthouse budget?")
    assert reply.status == "unknown"
    assert _texts(reply.data) == []


def test_a_single_statement_saying_it_all_is_not_padded_with_neighbours(store: Store) -> None:
    _fill(store)
    reply = answer_question(store, "Did Quist say the dredging of the harbour will start in spring?")
    assert reply.status == "asserted"
    assert _texts(reply.data) == ["The dredging of the harbour will start in spring"]


def test_who_said_a_quote_split_over_two_statements(store: Store) -> None:
    _fill(store)
    reply = answer_question(store, "Who said the dredging will start in spring, it will cost the budget dearly?")
    assert reply.status == "asserted"
    assert {s["speaker"] for s in reply.data["claims"]} == {"Mara Quist"}


def test_a_possessive_names_the_speaker(store: Store) -> None:
    _fill(store)
    reply = answer_question(store, "Did Brandt's say crews return to the ferry after the vote?")
    assert reply.status == "asserted"
    assert _texts(reply.data) == ["Crews return to the ferry after the vote"]


def test_an_alias_pairing_two_people_names_neither(store: Store) -> None:
    _fill(store)
    # "Olle Brandt and Ines Varga" was recorded as a form of Olle Brandt: Varga is someone else.
    assert match_speakers(store, "Varga", names_first=True) == {}
    assert answer_question(store, "What did Ines Varga say about the ferry strike?").status == "unknown"
    assert answer_question(store, "What did Olle Brandt say about the ferry strike?").status == "asserted"


def test_stance_words_in_what_was_said_are_content_not_the_verb() -> None:
    parsed = parse_question("What did the mayor say about the denied permits?")
    assert parsed.focus is None
    assert "denied" in parsed.topic_words
    assert parse_question("What did the mayor deny about the permits?").focus == "denial"
    quoted = parse_question("Did the mayor say the council rejected the plan?")
    assert (quoted.focus, quoted.subject) == (None, "the mayor")
    assert "rejected" in quoted.topic_words
    assert parse_question("Who denied the report?").focus == "denial"


def test_function_words_with_clitics_carry_no_content() -> None:
    assert content_words("it's what they're saying, we'll know") == ["know"]
    assert content_words("the port's future") == ["port's", "future"]


def test_roles_are_looked_up_for_capitalised_words_only(store: Store) -> None:
    statement = _said("Lena Roe", "The talks resume in May", 0)
    statement.speaker_role = "foreign minister"
    _save(store, "talks.txt", "Coast Post", "2024-03-03", "Talks", [statement])
    # A name written with a capital (or a question all in lower case) gets the person's roles.
    assert build_terms(store, ["roe"], names_in="Did Roe say the talks resume?")[0].phrases == ("foreign minister",)
    assert build_terms(store, ["roe"], names_in="did roe say the talks resume?")[0].phrases == ("foreign minister",)
    # Otherwise the word is taken as a common word, and the speaker index is not searched for it.
    assert build_terms(store, ["roe"], names_in="Did Lena say the roe season opens?")[0].phrases == ()


def test_an_apposition_naming_someone_else_does_not_name_the_speaker(store: Store) -> None:
    _save(
        store,
        "race.txt",
        "Coast Post",
        "2024-03-04",
        "Race",
        [
            _said("Pia Lund", "The harbour vote was close", 0, speaker_text="Pia Lund, runner-up to Anna Brandt"),
            _said("Tor Holm", "Fees will rise in May", 200, speaker_text="Tor Holm, a spokesman for Harbour Watch"),
        ],
    )
    # Lund's apposition names Brandt, who said nothing here; Holm's names whom he speaks for.
    assert match_speakers(store, "Ms. Anna Brandt", names_first=True) == {}
    assert answer_question(store, "What did Ms. Brandt say about the harbour vote?").status == "unknown"
    assert answer_question(store, "What did Pia Lund say about the harbour vote?").status == "asserted"
    reply = answer_question(store, "What did Harbour Watch say about fees?")
    assert _texts(reply.data) == ["Fees will rise in May"]


def test_a_capitalised_speech_word_is_part_of_the_name() -> None:
    parsed = parse_question("What did Michigan State University say about tuition fees?")
    assert (parsed.subject, parsed.topic_words) == ("Michigan State University", ["tuition", "fees"])
    quoted = parse_question("Did Michigan State University say tuition rises?")
    assert quoted.subject == "Michigan State University"
    assert parse_question("What Did Lena Roe Say About the talks?").subject == "Lena Roe"


def test_the_named_speakers_statements_come_first_on_each_side(store: Store) -> None:
    _save(
        store,
        "dock.txt",
        "Coast Post",
        "2024-03-05",
        "Dock",
        [
            _said("Ada Berg", "The new dock opens in June", 0),
            _said("Ivo Sand", "The new dock opens in June", 300),
        ],
    )
    for name in ("Ada Berg", "Ivo Sand"):
        reply = answer_question(store, f"Did {name} say the new dock opens in June?")
        assert reply.data["claims"][0]["speaker"] == name


def test_a_description_before_a_name_and_an_honorific_of_the_other_sex_name_no_one(store: Store) -> None:
    _fill(store)
    _save(
        store,
        "staff.txt",
        "Coast Post",
        "2024-03-06",
        "Staff",
        [_said("Corin Vale", "The harbour fund is empty", 0, speaker_text="Quist campaign manager Corin Vale")],
    )
    # Vale is described by whom he works for; "Quist" names Mara Quist only.
    assert set(match_speakers(store, "Quist", names_first=True)) == {
        r["speaker_id"] for r in store.answer_statements(fts='"dredging"')
    }
    assert answer_question(store, "What did Ms. Quist say about the harbour fund?").status == "unknown"
    # "Mr." is not a woman whose given name says so.
    assert match_speakers(store, "Mr. Quist", names_first=True) == {}
    assert answer_question(store, "What did Ms. Quist say about dredging?").status == "asserted"


def test_a_title_before_a_surname_picks_the_one_holding_it(store: Store) -> None:
    secretary = _said("Jane Roe", "The port treaty is signed", 0)
    secretary.speaker_role = "secretary of state"
    farmer = _said("Tom Roe", "The port treaty hurts farmers", 300)
    farmer.speaker_role = "farmer"
    _save(store, "treaty.txt", "Coast Post", "2024-03-07", "Treaty", [secretary, farmer])
    both = match_speakers(store, "Roe", names_first=True)
    assert len(both) == 2
    (only,) = match_speakers(store, "Secretary Roe", names_first=True)
    assert only in both
    reply = answer_question(store, "What did Secretary Roe say about the port treaty?")
    assert {s["speaker"] for s in reply.data["claims"]} == {"Jane Roe"}


def test_someones_spokesman_is_the_spokesman_not_them(store: Store) -> None:
    mayor = _said("Jane Roe", "The harbour fund is safe", 0)
    spokesman = _said("Ivo Sand", "The harbour fund audit was routine", 300, speaker_text="Roe spokesman Ivo Sand")
    spokesman.speaker_role = "Roe spokesman"
    _save(store, "fund.txt", "Coast Post", "2024-03-08", "Fund", [mayor, spokesman])
    for phrase in ("Roe's spokesman", "the Roe spokesman"):
        reply = answer_question(store, f"What did {phrase} say about the harbour fund?")
        assert {s["speaker"] for s in reply.data["claims"]} == {"Ivo Sand"}
    reply = answer_question(store, "What did Jane Roe say about the harbour fund?")
    assert {s["speaker"] for s in reply.data["claims"]} == {"Jane Roe"}
