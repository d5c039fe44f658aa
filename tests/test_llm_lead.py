"""Model-phrased leads against a fake OpenAI-compatible server on 127.0.0.1 (no network)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.answers.llm import (
    API_KEY_ENV,
    MAX_LEAD_CHARS,
    FactStatement,
    LeadFacts,
    LeadSentence,
    LlmSettings,
    build_messages,
    check_sentence,
    numbers_in,
    phrase_lead,
)
from bot.config import ConfigError
from tests.fake_openai_server import FakeOpenAIServer, Reply, refused_base_url

TIMEOUT = 0.5  # seconds; every failure test must come back within TIMEOUT + 1
KEY = "sk-test-secret-4711"

FACTS = LeadFacts(
    question="Did the river treaty guarantee ships safe passage?",
    status="contested",
    statements=[
        FactStatement(
            id=1,
            kind="claim",
            speaker="Ana Rudd",
            speaker_role="Foreign Minister",
            text="the river treaty guarantees 40 ships a month safe passage",
            outlets=["Harbour Times", "Reuters", "Daily Ledger", "Coast Radio"],
            published="2026-02-08",
        ),
        FactStatement(
            id=2,
            kind="denial",
            speaker="Tomas Varga",
            speaker_role="spokesman for the Port Authority",
            text="no such guarantee was ever given",
            outlets=["Reuters", "Evening Post"],
            published="2026-02-09T10:30:00+00:00",
        ),
        FactStatement(
            id=3,
            kind="claim",
            speaker="Lena Ostrow",
            speaker_role=None,
            text="the treaty vote was held in March",
            outlets=["Coast Radio"],
            published="2026-03-04",
        ),
    ],
    template=[
        LeadSentence(
            "Contested. Foreign Minister Ana Rudd says the river treaty guarantees ships safe passage "
            "(4 outlets); Tomas Varga denies it (2 outlets, 9 Feb).",
            (1, 2),
        )
    ],
)

GOOD_1 = (
    "Contested: Foreign Minister Ana Rudd says the treaty guarantees 40 ships a month safe passage (4 outlets, 8 Feb)."
)
GOOD_2 = "The Port Authority's spokesman Tomas Varga says no such guarantee was ever given (Reuters, Evening Post)."


def model_reply(*sentences: tuple[str, Any]) -> Reply:
    """A scripted reply in the asked-for shape: {"sentences": [{text, statement_ids}, …]}."""
    return Reply(content=json.dumps({"sentences": [{"text": t, "statement_ids": ids} for t, ids in sentences]}))


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as fake:
        yield fake


def settings_for(server: FakeOpenAIServer, key: str | None = None) -> LlmSettings:
    return LlmSettings(base_url=server.base_url, model="fake-model", timeout=TIMEOUT, api_key=key)


def timed_lead(settings: LlmSettings, facts: LeadFacts = FACTS) -> tuple[list[LeadSentence], float]:
    start = time.monotonic()
    lead = phrase_lead(facts, settings)
    return lead, time.monotonic() - start


# --- supported sentences come through -------------------------------------------------


def test_good_answer_passes_through(server: FakeOpenAIServer) -> None:
    server.script(model_reply((GOOD_1, [1]), (GOOD_2, [2])))
    lead = phrase_lead(FACTS, settings_for(server))
    assert lead == [LeadSentence(GOOD_1, (1,)), LeadSentence(GOOD_2, (2,))]
    assert sum(len(s.text) for s in lead) + len(lead) - 1 <= MAX_LEAD_CHARS


def test_request_carries_only_the_structured_answer(server: FakeOpenAIServer) -> None:
    server.script(model_reply((GOOD_1, [1])))
    phrase_lead(FACTS, settings_for(server))
    (request,) = server.requests
    assert request.path == "/v1/chat/completions"
    body = request.body
    assert body["model"] == "fake-model"
    assert body["temperature"] == 0
    assert body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    instructions = " ".join(system["content"].lower().split())
    assert system["role"] == "system" and "never say or imply whether anything is true" in instructions
    assert "statement_ids" in system["content"] and "300 characters" in system["content"]
    payload = json.loads(user["content"])
    assert set(payload) == {"question", "status", "statements", "template_lead"}
    assert payload["question"] == FACTS.question and payload["status"] == "contested"
    assert [s["id"] for s in payload["statements"]] == [1, 2, 3]
    assert payload["statements"][1] == {
        "id": 2,
        "kind": "denial",
        "speaker": "Tomas Varga",
        "speaker_role": "spokesman for the Port Authority",
        "says": "no such guarantee was ever given",
        "outlets": ["Reuters", "Evening Post"],
        "published": "2026-02-09T10:30:00+00:00",
    }


def test_fenced_json_and_bare_list_are_read(server: FakeOpenAIServer) -> None:
    fenced = "```json\n" + json.dumps({"sentences": [{"text": GOOD_1, "statement_ids": [1]}]}) + "\n```"
    bare = json.dumps([{"text": GOOD_2, "statement_ids": [2]}])
    server.script(Reply(content=fenced), Reply(content=bare))
    assert phrase_lead(FACTS, settings_for(server)) == [LeadSentence(GOOD_1, (1,))]
    assert phrase_lead(FACTS, settings_for(server)) == [LeadSentence(GOOD_2, (2,))]


def test_name_title_outlet_and_date_forms_that_the_statements_support() -> None:
    for text, ids in [
        ("Yes — Ana Rudd says so; the Port Authority denies it (Reuters, 9 February 2026).", (1, 2)),
        ("Foreign Minister Ana Rudd's claim is carried by four outlets, Tomas Varga's denial by two.", (1, 2)),
        ("Lena Ostrow says the treaty vote was held in March (Coast Radio, 4 Mar).", (3,)),
        ("Contested. Three statements: two claims and one denial, 2026.", (1, 2, 3)),
        ('Tomas Varga says "no such guarantee was ever given" (2 outlets).', (2,)),
    ]:
        assert check_sentence(text, ids, FACTS) == LeadSentence(text, ids), text


# --- unsupported sentences are dropped ---------------------------------------------------


def test_uncited_sentences_are_dropped(server: FakeOpenAIServer) -> None:
    reply = {
        "sentences": [
            {"text": "Ana Rudd says the treaty guarantees safe passage.", "statement_ids": []},
            {"text": "Ana Rudd says the treaty guarantees safe passage."},
            {"text": "Ana Rudd says the treaty guarantees safe passage.", "statement_ids": [99]},
            {"text": "Ana Rudd says the treaty guarantees safe passage.", "statement_ids": [1, 99]},
            {"text": "Ana Rudd says the treaty guarantees safe passage.", "statement_ids": ["1"]},
            {"text": "Ana Rudd says the treaty guarantees safe passage.", "statement_ids": 1},
            {"text": GOOD_2, "statement_ids": [2]},
        ]
    }
    server.script(Reply(content=json.dumps(reply)))
    assert phrase_lead(FACTS, settings_for(server)) == [LeadSentence(GOOD_2, (2,))]


def test_invented_names_are_dropped(server: FakeOpenAIServer) -> None:
    server.script(
        model_reply(
            ("Ana Rudd and Mark Ellis say the treaty guarantees safe passage.", [1]),
            # Lena Ostrow is in the answer, but not in the statement this sentence cites.
            ("Lena Ostrow backs Ana Rudd's claim of safe passage.", [1]),
            ("Prime Minister Ana Rudd says the treaty guarantees safe passage.", [1]),
            ("The Navy says the treaty guarantees safe passage, Ana Rudd reports.", [1]),
            # Two people's names mixed into one.
            ("Ana Varga says the treaty guarantees safe passage.", [1]),
            (GOOD_2, [2]),
        )
    )
    assert phrase_lead(FACTS, settings_for(server)) == [LeadSentence(GOOD_2, (2,))]


def test_a_model_echoing_the_template_lead_passes() -> None:
    (template,) = FACTS.template
    assert check_sentence(template.text, template.statement_ids, FACTS) == template


def test_a_speakers_full_name_may_stand_for_the_surname_a_statement_uses() -> None:
    ostrow = FactStatement(7, "claim", "Gil Amar", None, "Ostrow agreed to the vote", ["Coast Radio"], "2026-03-04")
    facts = LeadFacts(FACTS.question, "claimed", [*FACTS.statements, ostrow], [])
    assert check_sentence("Gil Amar says Lena Ostrow agreed to the vote.", (7,), facts) is not None
    assert check_sentence("Gil Amar says Ana Ostrow agreed to the vote.", (7,), facts) is None
    assert check_sentence("Gil Amar says Mira Ostrow agreed to the vote.", (7,), facts) is None


def test_invented_quotes_are_dropped() -> None:
    for text in [
        'Tomas Varga says "the treaty is dead" (Reuters).',
        "Tomas Varga says “no guarantee exists at all” (Reuters).",
    ]:
        assert check_sentence(text, (2,), FACTS) is None, text


def test_invented_numbers_are_dropped(server: FakeOpenAIServer) -> None:
    server.script(
        model_reply(
            ("Ana Rudd says the treaty guarantees 50 ships a month safe passage.", [1]),
            ("Ana Rudd says the treaty guarantees safe passage (5 outlets).", [1]),
            ("Ana Rudd says the treaty guarantees twelve ships safe passage.", [1]),
            ("Ana Rudd says the treaty guarantees safe passage (8 Feb 2025).", [1]),
            ("Ana Rudd says the treaty guarantees safe passage (3 Feb).", [1]),
            (GOOD_2, [2]),
        )
    )
    assert phrase_lead(FACTS, settings_for(server)) == [LeadSentence(GOOD_2, (2,))]


def test_invented_or_uncited_outlets_are_dropped(server: FakeOpenAIServer) -> None:
    server.script(
        model_reply(
            ("Ana Rudd says the treaty guarantees safe passage (BBC).", [1]),
            # Evening Post carries only the denial, which this sentence does not cite.
            ("Ana Rudd says the treaty guarantees safe passage (Evening Post).", [1]),
            ("Per the evening post, Ana Rudd says the treaty guarantees safe passage.", [1]),
            (GOOD_2, [2]),
        )
    )
    assert phrase_lead(FACTS, settings_for(server)) == [LeadSentence(GOOD_2, (2,))]


def test_rulings_on_truth_markup_and_wrong_months_are_dropped() -> None:
    for text in [
        "Ana Rudd falsely says the treaty guarantees safe passage.",
        "In fact the treaty guarantees safe passage, Ana Rudd says.",
        "<!channel> Ana Rudd says the treaty guarantees safe passage.",
        "@everyone Ana Rudd says the treaty guarantees safe passage.",
        "Ana Rudd says the treaty guarantees safe passage, see https://example.org.",
        "Ana Rudd says in april the treaty guarantees safe passage.",
        "   ",
    ]:
        assert check_sentence(text, (1,), FACTS) is None, text
    # Only the answer's own status (or its synonym) may be stated.
    assert check_sentence("Undisputed: Ana Rudd says the treaty guarantees safe passage.", (1,), FACTS) is None
    assert check_sentence("Disputed: Ana Rudd says the treaty guarantees safe passage.", (1,), FACTS) is not None
    claimed = LeadFacts(FACTS.question, "claimed", FACTS.statements, [])
    assert check_sentence("Contested. Ana Rudd says the treaty guarantees safe passage.", (1,), claimed) is None
    assert check_sentence("Claimed. Ana Rudd says the treaty guarantees safe passage.", (1,), claimed) is not None
    # The same word is fine when the cited statement itself uses it.
    quoted = FactStatement(5, "denial", "Tomas Varga", None, "the report is false", ["Reuters"], "2026-02-09")
    facts = LeadFacts("q", "denied", [quoted], [])
    assert check_sentence("Tomas Varga calls the report false (Reuters).", (5,), facts) is not None


def test_lead_is_cut_to_300_characters_at_a_sentence_boundary(server: FakeOpenAIServer) -> None:
    long_1 = GOOD_1 + " " + "Ana Rudd says the treaty guarantees safe passage again." * 1
    long_3 = "Tomas Varga says no such guarantee was ever given, and says it again, and again, and again (Reuters)."
    assert len(long_1) + len(GOOD_2) + 1 <= MAX_LEAD_CHARS < len(long_1) + len(GOOD_2) + len(long_3) + 2
    server.script(model_reply((long_1, [1]), (GOOD_2, [2]), (long_3, [2])))
    lead = phrase_lead(FACTS, settings_for(server))
    assert [s.text for s in lead] == [long_1, GOOD_2]


def test_an_overlong_first_sentence_gives_the_template(server: FakeOpenAIServer) -> None:
    too_long = GOOD_1 + (" Ana Rudd says the treaty guarantees safe passage." * 4)
    assert len(too_long) > MAX_LEAD_CHARS
    server.script(model_reply((too_long, [1]), (GOOD_2, [2])))
    assert phrase_lead(FACTS, settings_for(server)) == list(FACTS.template)


def test_nothing_supported_gives_the_template(server: FakeOpenAIServer, caplog: pytest.LogCaptureFixture) -> None:
    server.script(model_reply(("Mark Ellis says 99 ships sail (BBC).", [1]), ("No citation here.", [])))
    with caplog.at_level(logging.INFO, logger="bot.answers.llm"):
        assert phrase_lead(FACTS, settings_for(server)) == list(FACTS.template)
    assert "kept 0 of 2 sentences" in caplog.text and "no supported sentence" in caplog.text


# --- failures fall back to the template in time ----------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        Reply(status=500, raw_body=b'{"error": {"message": "boom"}}'),
        Reply(status=503, raw_body=b"overloaded"),
        Reply(status=404, raw_body=b'{"error": {"message": "no such model"}}'),
        Reply(content="this is not json {"),
        Reply(content='{"sentences": "Ana Rudd says so"}'),
        Reply(content='{"answer": [{"text": "Ana Rudd says so", "statement_ids": [1]}]}'),
        Reply(content='["Ana Rudd says so"]'),
        Reply(content=""),
        Reply(content=None),
        Reply(raw_body=b"<html>gateway page</html>"),
        Reply(raw_body=b'{"choices": []}'),
    ],
    ids=[
        "http-500",
        "http-503",
        "http-404",
        "malformed-json",
        "sentences-not-a-list",
        "no-sentences-key",
        "list-of-strings",
        "empty-content",
        "null-content",
        "html-body",
        "no-choices",
    ],
)
def test_server_errors_and_garbage_give_the_template(server: FakeOpenAIServer, reply: Reply) -> None:
    server.script(reply)
    lead, elapsed = timed_lead(settings_for(server))
    assert lead == list(FACTS.template)
    assert elapsed < TIMEOUT + 1
    assert len(server.requests) == 1  # no retries: the answer must not wait for them


def test_slow_server_gives_the_template_within_the_timeout(server: FakeOpenAIServer) -> None:
    server.script(Reply(content=json.dumps({"sentences": [{"text": GOOD_1, "statement_ids": [1]}]}), delay=5))
    lead, elapsed = timed_lead(settings_for(server))
    assert lead == list(FACTS.template)
    assert TIMEOUT * 0.8 <= elapsed < TIMEOUT + 1


def test_trickling_server_gives_the_template_within_the_timeout(server: FakeOpenAIServer) -> None:
    # Each byte arrives well inside the read timeout; only the overall deadline stops it.
    body = json.dumps({"sentences": [{"text": GOOD_1, "statement_ids": [1]}]})
    server.script(Reply(content=body, trickle=0.1))
    lead, elapsed = timed_lead(settings_for(server))
    assert lead == list(FACTS.template)
    assert elapsed < TIMEOUT + 1


def test_connection_refused_gives_the_template() -> None:
    settings = LlmSettings(base_url=refused_base_url(), model="fake-model", timeout=TIMEOUT)
    lead, elapsed = timed_lead(settings)
    assert lead == list(FACTS.template)
    assert elapsed < TIMEOUT + 1


def test_off_or_empty_answer_never_calls_the_server(server: FakeOpenAIServer) -> None:
    assert phrase_lead(FACTS, None) == list(FACTS.template)
    empty = LeadFacts("Did anyone say anything?", "unknown", [], [LeadSentence("Unknown.", ())])
    assert phrase_lead(empty, settings_for(server)) == [LeadSentence("Unknown.", ())]
    assert server.requests == []


def test_a_given_client_is_used_without_retries(server: FakeOpenAIServer) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=server.base_url, api_key=KEY, max_retries=5)
    try:
        server.script(Reply(status=500, raw_body=b"{}"), model_reply((GOOD_1, [1])))
        assert phrase_lead(FACTS, settings_for(server, KEY), client) == list(FACTS.template)
        assert len(server.requests) == 1
        assert phrase_lead(FACTS, settings_for(server, KEY), client) == [LeadSentence(GOOD_1, (1,))]
    finally:
        client.close()


# --- keys and prompts -----------------------------------------------------------------------


def test_api_key_is_sent_as_bearer_only_when_set(server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The client's own variable must not leak to a server configured without a key.
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-for-this-server")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-not-for-this-server")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-not-for-this-server")
    server.script(model_reply((GOOD_1, [1])), model_reply((GOOD_1, [1])))
    phrase_lead(FACTS, settings_for(server, KEY))
    phrase_lead(FACTS, settings_for(server))
    with_key, without_key = server.requests
    assert with_key.headers["authorization"] == f"Bearer {KEY}"
    assert "authorization" not in without_key.headers
    for request in server.requests:
        assert not any("not-for-this-server" in value for value in request.headers.values())


def test_prompts_replies_and_keys_never_reach_the_logs(
    server: FakeOpenAIServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(
        model_reply((GOOD_1, [1]), ("Mark Ellis says so.", [1])),
        Reply(status=500, raw_body=b'{"error": {"message": "boom"}}'),
        Reply(content="not json " + GOOD_2),
        Reply(content="{}", delay=5),
    )
    with caplog.at_level(logging.DEBUG):
        for _ in range(4):
            phrase_lead(FACTS, settings_for(server, KEY))
    logged = caplog.text
    assert "kept 1 of 2 sentences" in logged  # the logs did capture this module's records
    assert "InternalServerError" in logged and "LeadReplyError" in logged
    # The read timeout and the overall deadline are equal: either may end the slow call.
    assert "LeadDeadlineError" in logged or "APITimeoutError" in logged
    secrets = [KEY, FACTS.question, GOOD_1, GOOD_2, "Mark Ellis", "never say or imply"]
    secrets += [s.text for s in FACTS.statements]
    for secret in secrets:
        assert secret not in logged, secret
    assert KEY not in repr(settings_for(server, KEY))


def test_prompt_holds_every_statement_id() -> None:
    payload = json.loads(build_messages(FACTS)[1]["content"])
    assert [s["id"] for s in payload["statements"]] == [1, 2, 3]
    assert payload["template_lead"] == [{"text": FACTS.template[0].text, "statement_ids": [1, 2]}]


def test_numbers_in_reads_digits_and_words() -> None:
    assert numbers_in("1,200 troops, 4.5 hours, four outlets, a dozen ships, 8 Feb") == {1200, 4.5, 4, 12, 8}


# --- settings ----------------------------------------------------------------------------------


def test_settings_off_without_llm_section_or_address() -> None:
    assert LlmSettings.from_config(None, {}) is None
    assert LlmSettings.from_config({}, {API_KEY_ENV: KEY}) is None
    assert LlmSettings.from_config({"timeout": 3}, {}) is None


def test_settings_read_section_and_key_from_environment() -> None:
    section = {"base_url": " http://127.0.0.1:11434/v1 ", "model": "llama3.2", "timeout": 3}
    settings = LlmSettings.from_config(section, {API_KEY_ENV: f" {KEY} "})
    assert settings == LlmSettings("http://127.0.0.1:11434/v1", "llama3.2", 3.0, KEY)
    local = LlmSettings.from_config({"base_url": "http://localhost:8080/v1", "model": "m"}, {API_KEY_ENV: ""})
    assert local == LlmSettings("http://localhost:8080/v1", "m", 8.0, None)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            {"base_url": "http://x/v1", "model": "m", "timeout": "fast"},
            "[llm] timeout must be a number of seconds, got 'fast'",
        ),
        ({"base_url": "http://x/v1", "model": "m", "timeout": 0}, "[llm] timeout must be more than 0"),
        ({"base_url": "http://x/v1", "model": "m", "timeout": True}, "[llm] timeout must be a number"),
        ({"base_url": "localhost:11434", "model": "m"}, "[llm] base_url must be an http(s) URL, got 'localhost:11434'"),
        ({"base_url": "http://x/v1"}, "[llm] model must be a non-empty model name, got None"),
        ({"model": "m"}, "[llm] base_url must be an http(s) URL, got None"),
        (
            {"base_url": "http://x/v1", "model": "m", "api_key": "sk-x"},
            f"[llm] api_key: put the key in the environment variable {API_KEY_ENV}",
        ),
        ({"base_url": "http://x/v1", "model": "m", "timout": 3}, "[llm] unknown setting 'timout'"),
        (["http://x/v1"], "[llm] must be a table"),
    ],
)
def test_settings_errors_name_the_setting(section: Any, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        LlmSettings.from_config(section, {})
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
    assert "sk-x" not in str(caught.value)
