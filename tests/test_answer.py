"""Answers on a hand-built store: parsing, retrieval, status, scope, framing, figures, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from answer_fixtures import _figure, _save, _statement, fill_story
from bot.answers.compose import answer_question
from bot.answers.ledgers import denials_reply, sources_reply, speaker_ledger
from bot.answers.question import MAX_QUESTION_CHARS, looks_non_english, parse_question
from bot.answers.speakers import match_speakers
from bot.answers.text import fts_any, stem
from bot.chat.registry import CommandContext, dispatch
from bot.reply import render_text
from bot.store import Store


@pytest.fixture
def story(store: Store) -> Store:
    fill_story(store)
    return store


def _quote_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


def test_stem_joins_inflections_and_derivations() -> None:
    assert stem("assured") == stem("assurance") == stem("assures") == stem("assure")
    assert stem("escalation") == stem("escalate") == stem("escalating") == stem("escalated")
    assert stem("troops") == stem("troop")
    assert stem("denied") == stem("denies") == stem("deny")


def test_question_kinds() -> None:
    assert parse_question("Did the minister promise a ceasefire?").kind == "yesno"
    what = parse_question("what did the Foreign Ministry deny")
    assert (what.kind, what.subject, what.focus) == ("what", "the Foreign Ministry", "denial")
    about = parse_question("What has Jane Smith said about the border?")
    assert (about.kind, about.subject, about.topic_words) == ("what", "Jane Smith", ["border"])
    assert parse_question("Who said the talks failed").kind == "who"
    how = parse_question("How long did the leaders talk?")
    assert (how.kind, how.figure_unit) == ("figure", "time")
    assert parse_question("how many ships use the port").figure_unit == stem("ships")
    assert parse_question("Which outlets reported the ceasefire?").kind == "outlets"


def test_fts_queries_quote_every_word() -> None:
    query = fts_any(["NEAR(", "col:text", "AND", "-x", '"', "abc*"])
    # Inner punctuation splits a word into a quoted phrase, as the index splits it.
    assert query == '"NEAR" OR "col text" OR "AND" OR "x" OR "abc"'
    assert fts_any(['"', "*", "()"]) == ""
    assert fts_any(["can't", "o'brien"]) == '"can t" OR "o brien"'


def test_contested_answer_names_speakers_roles_and_outlets(story: Store) -> None:
    reply = answer_question(story, "Did Berg secure a ceasefire?")
    assert reply.status == "contested"
    assert {c["speaker"] for c in reply.data["claims"]} == {"Anna Berg"}
    assert {d["speaker"] for d in reply.data["denials"]} == {"Li Wei"}
    assert reply.data["outlets"] == ["Daily Planet", "Morning Tribune"]
    text = render_text(reply)
    lines = _quote_lines(text)
    assert lines, text
    for line in lines:
        assert ("German Chancellor Anna Berg" in line) or ("Chinese foreign ministry spokesman Li Wei" in line)
        assert re.search(r"\((Daily Planet|Morning Tribune)(, [^)]+)?\)$", line), line
    # Every sentence of the plain answer that quotes someone names outlets.
    for sentence in re.split(r"(?<=\.) (?=[A-Z])", reply.data["answer"]):
        if ": " in sentence and "frame" not in sentence:
            assert "(" in sentence and ")" in sentence, sentence


def test_framing_difference_is_mentioned(story: Store) -> None:
    reply = answer_question(story, "did anna berg secure a ceasefire along the border")
    answer = reply.data["answer"]
    assert "frame" in answer and "supposedly" in answer
    assert "Daily Planet reports it flatly" in answer


def test_json_form_has_the_contract_keys(story: Store) -> None:
    data = answer_question(story, "Did Berg secure a ceasefire?").data
    assert set(data) == {"question", "status", "answer", "summary", "claims", "denials", "figures", "outlets", "order"}
    # `order` is the reply's order of every statement it offers, each once.
    assert sorted(data["order"]) == sorted(r["id"] for r in data["claims"] + data["denials"])
    claim = data["claims"][0]
    for key in (
        "id",
        "article",
        "outlet",
        "kind",
        "speaker",
        "speaker_text",
        "cue",
        "text",
        "evidence",
        "start",
        "end",
        "proposition",
        "denies",
    ):
        assert key in claim
    assert data["denials"][0]["denies"] == data["claims"][0]["proposition"]


def test_place_names_find_officials_of_that_country(story: Store) -> None:
    reply = answer_question(story, "What did Beijing deny?")
    assert reply.status == "contested"
    assert [d["speaker"] for d in reply.data["denials"]] == ["Li Wei"]
    assert answer_question(story, "What did China deny?").data["denials"] == reply.data["denials"]
    ids = match_speakers(story, "the Chinese government")
    names = {r["speaker"] for r in story.answer_statements(speaker_ids=list(ids))}
    assert names == {"Li Wei"}


def test_what_did_speaker_say_lists_their_statements(story: Store) -> None:
    reply = answer_question(story, "What did Tom Reed say?")
    assert reply.status == "asserted"
    assert [c["speaker"] for c in reply.data["claims"]] == ["Tom Reed"]
    assert "U.S. Secretary of State Tom Reed" in reply.data["answer"]
    assert answer_question(story, "what has Reed said").data["claims"] == reply.data["claims"]


def test_surname_alone_finds_the_speaker(story: Store) -> None:
    reply = answer_question(story, "what did holt say")
    assert [c["speaker"] for c in reply.data["claims"]] == ["Mara Holt"]


def test_unrelated_question_is_unknown_not_a_nearby_statement(story: Store) -> None:
    for question in (
        "Has Japan offered to mediate?",
        "Did the president resign over the harbour scandal?",
        "Is the moon made of cheese?",
    ):
        reply = answer_question(story, question)
        assert reply.status == "unknown", (question, reply.data["answer"])
        assert reply.data["claims"] == [] and reply.data["denials"] == []
        assert "Nothing in the store answers this" in render_text(reply)


def test_unknown_speaker_is_unknown(story: Store) -> None:
    reply = answer_question(story, "What did Olaf Fictional say?")
    assert reply.status == "unknown"


@pytest.mark.parametrize(
    "question",
    [
        '"',
        "*",
        "NEAR(ceasefire border)",
        "text: ceasefire",
        "ceasefire AND border OR NOT -x",
        '"ceasefire*',
        "col:evidence",
        "-",
        "()",
        "^ceasefire",
    ],
)
def test_fts_syntax_never_raises(story: Store, question: str) -> None:
    reply = answer_question(story, question)
    assert reply.status in {"contested", "asserted", "denied", "unknown"}
    assert reply.title


def test_fts_syntax_around_real_words_still_answers(story: Store) -> None:
    reply = answer_question(story, 'ceasefire* AND NEAR("border")')
    assert reply.status == "contested"


def test_empty_long_and_foreign_questions_get_help(story: Store) -> None:
    empty = answer_question(story, "   ")
    assert empty.is_error and empty.status == "unknown" and "Ask" in empty.title
    long = answer_question(story, "ceasefire " * 100)
    assert long.is_error and str(MAX_QUESTION_CHARS) in render_text(long)
    foreign = answer_question(story, "¿Prometió la canciller que habría un alto el fuego en la frontera?")
    assert foreign.is_error and "English" in foreign.title
    assert answer_question(story, "Президент обещал перемирие?").is_error
    assert looks_non_english("Hat die Kanzlerin versprochen, dass es keine Waffenruhe geben wird?")
    assert looks_non_english("Est-ce que la chancelière a promis un cessez-le-feu ?")
    for english in (
        "Did the minister promise a ceasefire?",
        "What did the Élysée say about the talks?",
        "Was the summit in São Paulo a success?",
    ):
        assert not looks_non_english(english), english


def test_outlet_scope(story: Store) -> None:
    assert answer_question(story, "Did Berg secure a ceasefire?", outlet="Gazette").status == "unknown"
    reply = answer_question(story, "Did Berg secure a ceasefire?", outlet="morning tribune")
    assert reply.status == "asserted"
    assert reply.data["outlets"] == ["Morning Tribune"]


def test_time_and_article_scope(story: Store) -> None:
    later = answer_question(story, "Did Berg secure a ceasefire?", since="2024-03-02")
    assert later.status == "asserted"
    assert all(c["published"] >= "2024-03-02" for c in later.data["claims"])
    earlier = answer_question(story, "Did Berg secure a ceasefire?", until="2024-03-02")
    assert earlier.status == "contested" and earlier.data["outlets"] == ["Daily Planet"]
    only_a = answer_question(story, "Did Berg secure a ceasefire?", article="a.txt")
    assert {c["article"] for c in only_a.data["claims"] + only_a.data["denials"]} == {"a.txt"}


def test_figure_question_shows_differing_values_with_outlets(story: Store) -> None:
    reply = answer_question(story, "How long did the leaders speak?")
    answer = reply.data["answer"]
    assert "almost three hours" in answer and "about two hours" in answer
    assert "Daily Planet" in answer and "Morning Tribune" in answer
    assert "different figures" in answer
    assert any(f["conflict"] for f in reply.data["figures"])
    assert [c["speaker"] for c in reply.data["claims"]] == ["officials"]


def test_agreeing_figures_are_not_flagged(story: Store) -> None:
    _save(
        story,
        "d.txt",
        "Harbour Herald",
        "2024-03-06",
        "Busy harbour",
        [
            _statement(
                "claim",
                "Port authority",
                "approximately 130 ships use the harbour",
                "Approximately 130 ships use the harbour, the port authority said.",
                speaker_type="group",
            )
        ],
        [
            _figure(
                "approximately 130 ships",
                130,
                125,
                135,
                "ship",
                "Approximately 130 ships use the harbour.",
                ("ship", "harbour", "use"),
            )
        ],
    )
    reply = answer_question(story, "How many ships use the harbour?")
    answer = reply.data["answer"]
    assert "approximately 130 ships" in answer and "more than 100 ships" in answer
    assert "different figures" not in answer
    assert not any(f["conflict"] for f in reply.data["figures"])


def test_speaker_ledger(story: Store) -> None:
    reply = speaker_ledger(story, "Li Wei")
    text = render_text(reply)
    assert "no ceasefire had been agreed" in text and "harbour project" in text
    assert reply.data["items"][0]["status"] == "contested"
    assert speaker_ledger(story, "Nobody Known").title.startswith("No stored statements")
    assert speaker_ledger(story, "").is_error


def test_denials_reply_pairs_denial_with_claim(story: Store) -> None:
    reply = denials_reply(story)
    assert len(reply.data["denials"]) == 1
    item = reply.data["items"][0]
    assert item["claims"] and item["denials"][0]["speaker"] == "Li Wei"
    assert set(reply.sources) == {"Daily Planet", "Morning Tribune"}
    assert denials_reply(story, since="2024-03-02").data["denials"] == []


def test_sources_reply_side_by_side(story: Store) -> None:
    reply = sources_reply(story, "border ceasefire")
    assert set(reply.data["outlets"]) == {"Daily Planet", "Morning Tribune"}
    headings = [s.heading for s in reply.sections]
    assert "Daily Planet" in headings and "Morning Tribune" in headings
    assert sources_reply(story, "volcano eruption").status == "unknown"


def test_chat_commands_scope_and_dispatch(story: Store) -> None:
    ctx = CommandContext(store=story)
    scoped = dispatch("ask did Berg secure a ceasefire? from Morning Tribune", ctx)
    assert scoped.status == "asserted" and scoped.data["outlets"] == ["Morning Tribune"]
    plain = dispatch("did Berg secure a ceasefire?", ctx)
    assert plain.status == "contested"
    today = dispatch("ask did Berg secure a ceasefire today", ctx)
    assert today.status == "unknown"  # the fixture's articles are from 2024
    assert "Li Wei" in render_text(dispatch("claims Li Wei", ctx))
    assert dispatch("denials all", ctx).data["denials"]
    assert dispatch("denials fortnight", ctx).is_error
    assert "Daily Planet" in render_text(dispatch("sources ceasefire", ctx))
    assert dispatch("digest all", ctx).data["stories"] == 2
    assert dispatch("digest", ctx).data["stories"] == 0
    assert dispatch("digest all ceasefire", ctx).data["stories"] == 1


def test_cli_commands(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bot.cli import main

    db = tmp_path / "story.db"
    with Store(str(db)) as disk:
        fill_story(disk)
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db), "ask", "--json", "Did Berg secure a ceasefire?"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["status"] == "contested" and data["outlets"] == ["Daily Planet", "Morning Tribune"]
    text = runner.invoke(
        main, ["--db", str(db), "ask", "--outlet", "Gazette", "Did", "Berg", "secure", "a", "ceasefire?"]
    ).output
    assert text.startswith("Unknown.")
    assert runner.invoke(
        main, ["--db", str(db), "ask", "--since", "2024-03-02", "Did Berg secure a ceasefire?"]
    ).output.startswith("Asserted.")
    bad = runner.invoke(main, ["--db", str(db), "ask", "--since", "fortnight", "x"])
    assert bad.exit_code != 0 and "fortnight" in bad.output
    assert runner.invoke(main, ["--db", str(db), "ask", ""]).exit_code == 2
    assert "Li Wei" in runner.invoke(main, ["--db", str(db), "claims", "--speaker", "Beijing"]).output
    assert "no ceasefire had been agreed" in runner.invoke(main, ["--db", str(db), "denials", "--since", "all"]).output
    assert "Morning Tribune" in runner.invoke(main, ["--db", str(db), "sources", "border", "ceasefire"]).output
    digest = json.loads(runner.invoke(main, ["--db", str(db), "digest", "--since", "all", "--json"]).output)
    assert digest["stories"] == 2
    day = json.loads(runner.invoke(main, ["--db", str(db), "digest", "--date", "2024-03-05", "--json"]).output)
    assert day["stories"] == 1
    assert "Nothing new" in runner.invoke(main, ["--db", str(db), "digest"]).output
