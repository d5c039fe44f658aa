"""Watches: matching new statements, one alert per (watch, proposition, kind), the hourly limit, retries, restarts.

The recording adapter stands in for a platform here; tests/test_watches_platforms.py
runs the same path through the console, the Slack fake and the Discord fake.
Articles are invented (tests/watch_fixtures.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from spacy.language import Language

from adapters.base import Runtime
from adapters.testing import RecordingAdapter
from bot.chat.registry import CommandContext, dispatch
from bot.config import Config, load_config
from bot.reply import render_text
from bot.store import Store
from bot.watches.settings import WatchError, WatchSettings, config_watches, parse_watch
from bot.watches.watcher import Watcher
from watch_fixtures import DENIAL_ARTICLE, OTHER_ARTICLE, SECOND_OUTLET_ARTICLE, ingest

LEAD = (
    "New denial: Dorland government spokesman Piet Halvor denies that Dorland had promised to withdraw its troops "
    "from the border by March — claimed by Velmar President Ana Kovac on 1 Dec"
)


async def no_sleep(_seconds: float) -> None:
    return None


class Clock:
    """Real time plus an offset the test moves (the store stamps ingest times with real time)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def admin(store: Store, platform: str = "slack", channel: str = "C1") -> CommandContext:
    return CommandContext(store=store, platform=platform, channel=channel, user="U_ADMIN", is_admin=True)


def make_watcher(
    store: Store, adapter: RecordingAdapter, *, per_hour: int = 20, clock: Callable[[], datetime] | None = None
) -> Watcher:
    return Watcher(
        store,
        {adapter.platform: adapter},
        settings=WatchSettings(check_seconds=1, max_per_hour=per_hour),
        clock=clock,
        sleep=no_sleep,
        retry_delays=(2.0, 10.0),
    )


def posted_titles(adapter: RecordingAdapter) -> list[str]:
    return [s.reply.title for s in adapter.sent]


# ---------------------------------------------------------------- one alert per proposition and kind


def test_a_denial_is_one_alert_and_a_second_outlet_carrying_it_adds_none(store: Store, nlp: Language) -> None:
    adapter = RecordingAdapter(Runtime(store), "slack")
    reply = dispatch("watch speaker Dorland", admin(store))
    assert not reply.is_error and "watch #1" in reply.title
    watcher = make_watcher(store, adapter)

    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    result = asyncio.run(watcher.check())
    # Two denial sentences by the spokesman, one proposition: one alert.
    assert len(result.decided) == 1 and result.posted == 1
    [sent] = adapter.sent
    assert sent.channel == "C1"
    assert sent.reply.title == LEAD
    text = render_text(sent.reply)
    assert "There was no such promise" in text and "(The Courier)" in text
    assert sent.reply.sources == ["The Courier"]

    ingest(store, nlp, "harbor.txt", SECOND_OUTLET_ARTICLE, "Harbor Times", published="2026-12-02")
    again = asyncio.run(watcher.check())
    assert again.decided == [] and again.posted == 0
    assert len(adapter.sent) == 1  # the later outlet does not re-alert
    [record] = store.alerts()
    assert (record["kind"], record["status"], record["attempts"]) == ("denial", "posted", 1)


def test_statements_stored_before_the_watch_or_off_its_subject_do_not_alert(store: Store, nlp: Language) -> None:
    adapter = RecordingAdapter(Runtime(store), "slack")
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    dispatch("watch the Dorland government", admin(store))  # a known speaker now: a speaker watch
    [watch] = store.watches()
    assert watch["kind"] == "speaker"
    watcher = make_watcher(store, adapter)
    ingest(store, nlp, "ferry.txt", OTHER_ARTICLE, "Harbor Times")
    result = asyncio.run(watcher.check())
    assert result.decided == [] and adapter.sent == []


def test_topic_and_claim_watches_use_the_question_machinery(store: Store, nlp: Language) -> None:
    adapter = RecordingAdapter(Runtime(store), "slack")
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    made = dispatch("watch claim did Dorland promise to withdraw its troops", admin(store))
    assert "following: “Dorland had promised to withdraw its troops" in render_text(made)
    topic = dispatch("watch ferry crossings", admin(store, channel="C2"))
    assert "watches it as a topic" in render_text(topic)
    watcher = make_watcher(store, adapter)

    ingest(store, nlp, "harbor.txt", SECOND_OUTLET_ARTICLE, "Harbor Times", published="2026-12-02")
    ingest(store, nlp, "ferry.txt", OTHER_ARTICLE, "Harbor Times")
    asyncio.run(watcher.check())
    by_channel = {(s.channel, s.reply.title.split(":")[0]) for s in adapter.sent}
    # The followed claim was repeated (confirmed) and denied again; the ferry news went to the topic's channel.
    assert by_channel == {("C1", "Confirmed"), ("C1", "New denial"), ("C2", "New claim")}
    ferry = next(s for s in adapter.sent if s.channel == "C2")
    assert "Tomas Reyes" in render_text(ferry.reply)


def test_a_claim_watch_with_nothing_stored_alerts_on_the_first_report(store: Store, nlp: Language) -> None:
    adapter = RecordingAdapter(Runtime(store), "slack")
    made = dispatch("watch claim Dorland promised to withdraw its troops from the border", admin(store))
    assert "first report" in render_text(made)
    watcher = make_watcher(store, adapter)
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    asyncio.run(watcher.check())
    titles = posted_titles(adapter)
    assert sorted(t.split(":")[0] for t in titles) == ["New denial", "Newly reported"]
    [watch] = store.watches()
    assert watch["proposition_id"] is not None  # bound to the proposition it first saw


# ---------------------------------------------------------------- the hourly limit


def test_alerts_over_the_hourly_limit_are_folded_and_the_rest_wait_for_the_next_hour(
    store: Store, nlp: Language
) -> None:
    adapter = RecordingAdapter(Runtime(store), "slack")
    clock = Clock()
    dispatch("watch speaker Dorland", admin(store))
    watcher = make_watcher(store, adapter, per_hour=3, clock=clock)
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    [statement] = [s for s in store.statements() if s["kind"] == "denial"][:1]
    [watch] = store.watches()
    # Six more decided alerts on invented propositions: seven in all for a limit of three.
    for n in range(6):
        store.decide_alert(
            watch_id=watch["id"],
            platform="slack",
            channel="C1",
            proposition_key=f"p:{1000 + n}",
            kind="claim",
            label="New claim",
            statement_ids=[statement["id"]],
        )
    result = asyncio.run(watcher.check())
    assert result.posted == 3 and result.folded == 5  # two alerts, then one message for the other five
    assert len(adapter.sent) == 3
    fold = adapter.sent[-1].reply
    assert fold.title.startswith("… and 5 more watch alerts") and "limit is 3 an hour" in fold.title
    assert render_text(fold).count("- New ") == 5
    assert store.alerts(status="pending") == []

    # The hour is full: a new alert waits (decided, not lost) ...
    store.decide_alert(
        watch_id=watch["id"],
        platform="slack",
        channel="C1",
        proposition_key="p:2000",
        kind="claim",
        label="New claim",
        statement_ids=[statement["id"]],
    )
    asyncio.run(watcher.deliver())
    assert len(adapter.sent) == 3 and len(store.alerts(status="pending")) == 1
    # ... and goes out once the hour has passed.
    clock.offset = timedelta(hours=1, minutes=1)
    asyncio.run(watcher.deliver())
    assert len(adapter.sent) == 4 and store.alerts(status="pending") == []


# ---------------------------------------------------------------- failures


def test_a_platform_failure_is_retried_and_never_double_posted(store: Store, nlp: Language) -> None:
    adapter = RecordingAdapter(Runtime(store), "slack", fail_times=2)
    dispatch("watch speaker Dorland", admin(store))
    watcher = make_watcher(store, adapter)  # two retries
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    result = asyncio.run(watcher.check())
    assert result.posted == 1 and adapter.attempts == 3 and len(adapter.posts) == 1
    [record] = store.alerts()
    assert (record["status"], record["attempts"]) == ("posted", 3)
    asyncio.run(watcher.check())
    assert len(adapter.posts) == 1


def test_an_alert_that_fails_every_retry_is_recorded_and_not_posted_later(store: Store, nlp: Language) -> None:
    adapter = RecordingAdapter(Runtime(store), "slack", fail_times=3)
    dispatch("watch speaker Dorland", admin(store))
    watcher = make_watcher(store, adapter)
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    result = asyncio.run(watcher.check())
    assert result.failed == 1 and adapter.posts == []
    [record] = store.alerts()
    assert record["status"] == "failed" and "simulated outage" in record["error"]
    asyncio.run(watcher.check())  # the platform is back: the failed alert is not sent again
    assert adapter.posts == [] and adapter.attempts == 3


def test_an_alert_that_was_being_posted_when_the_bot_stopped_is_not_posted_again(tmp_path: Path, nlp: Language) -> None:
    path = str(tmp_path / "watch.db")
    with Store(path) as store:
        dispatch("watch speaker Dorland", admin(store))
        ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
        watcher = make_watcher(store, RecordingAdapter(Runtime(store), "slack"))
        watcher.decide()
        [record] = store.alerts()
        assert store.claim_alerts([record["id"]])  # posting began, then the process died
    with Store(path) as store:
        adapter = RecordingAdapter(Runtime(store), "slack")
        watcher = make_watcher(store, adapter)

        async def restart() -> None:
            await watcher.start()
            await watcher.stop()

        asyncio.run(restart())
        [record] = store.alerts()
        assert record["status"] == "interrupted" and adapter.sent == []


# ---------------------------------------------------------------- commands, restarts, config


def test_only_admins_add_or_remove_watches_and_anyone_lists_them(store: Store) -> None:
    user = CommandContext(store=store, platform="slack", channel="C1", user="U_READER", is_admin=False)
    refused = dispatch("watch speaker Dorland", user)
    assert refused.is_error and "admins only" in refused.title and store.watches() == []
    dispatch("watch speaker Dorland", admin(store))
    listed = dispatch("watches", user)
    assert not listed.is_error and "#1 speaker: Dorland" in render_text(listed)
    refused = dispatch("unwatch 1", user)
    assert refused.is_error and len(store.watches()) == 1
    removed = dispatch("unwatch 1", admin(store))
    assert removed.title.startswith("Removed watch #1") and store.watches() == []
    assert dispatch("unwatch 7", admin(store)).title == "No watch #7 on slack."
    assert dispatch("unwatch seven", admin(store)).is_error
    assert dispatch("watch", admin(store)).is_error
    twice = dispatch("watch speaker Dorland", admin(store)), dispatch("watch speaker  dorland", admin(store))
    assert "already watches" in twice[1].title and len(store.watches()) == 1


def test_watches_and_waiting_alerts_survive_a_restart(tmp_path: Path, nlp: Language) -> None:
    path = str(tmp_path / "watch.db")
    with Store(path) as store:
        dispatch("watch speaker Dorland", admin(store))
        ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
        # Decided while the platform was down: nothing posted yet.
        make_watcher(store, RecordingAdapter(Runtime(store), "slack")).decide()
        assert [a["status"] for a in store.alerts()] == ["pending"]
    with Store(path) as store:
        assert [w["target"] for w in store.watches()] == ["Dorland"]
        adapter = RecordingAdapter(Runtime(store), "slack")
        asyncio.run(make_watcher(store, adapter).check())
        assert posted_titles(adapter) == [LEAD]
        assert [a["status"] for a in store.alerts()] == ["posted"]


def test_config_watches_are_synced_at_start_and_removed_with_their_entry(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    entries = [
        {"platform": "slack", "channel": "C9", "speaker": "Dorland"},
        {"platform": "discord", "channel": "123", "topic": "border troops"},
        {"platform": "irc", "channel": "x", "topic": "y"},
        {"platform": "slack", "channel": "C9", "speaker": "a", "topic": "b"},
    ]
    adapter = RecordingAdapter(Runtime(store), "slack")

    async def start_and_stop(config: Config) -> None:
        watcher = Watcher(store, {"slack": adapter}, config=config, settings=WatchSettings())
        await watcher.start()
        await watcher.stop()

    with caplog.at_level(logging.ERROR):
        asyncio.run(start_and_stop(Config(raw={"watch": entries})))
    rows = store.watches()
    assert [(w["platform"], w["kind"], w["target"], w["source"]) for w in rows] == [
        ("slack", "speaker", "Dorland", "config"),
        ("discord", "topic", "border troops", "config"),
    ]
    assert "platform 'irc' is not one of" in caplog.text and "exactly one of speaker, topic or claim" in caplog.text
    listed = render_text(dispatch("watches", admin(store, channel="C9")))
    assert "[from config.toml]" in listed
    asyncio.run(start_and_stop(Config(raw={"watch": entries[:1]})))  # the topic entry was removed from the file
    assert [w["target"] for w in store.watches()] == ["Dorland"]
    assert [w["id"] for w in store.watches()] == [rows[0]["id"]]  # unchanged entries keep their row


def test_watch_text_and_settings_are_checked() -> None:
    assert parse_watch("claim  did X  say Y").kind == "claim"
    assert parse_watch("the ministry").kind is None and parse_watch("the ministry").target == "the ministry"
    for bad in ("", "claim", "x " * 200):
        with pytest.raises(WatchError):
            parse_watch(bad)
    assert WatchSettings.from_config(Config()).max_per_hour == 20
    assert WatchSettings.from_config(Config(raw={"watches": {"check_seconds": 0.5}})).check_seconds == 0.5
    for bad_section in ({"check_seconds": 0}, {"check_seconds": 120}, {"max_alerts_per_hour": "many"}):
        with pytest.raises(WatchError, match=r"\[watches\]"):
            WatchSettings.from_config(Config(raw={"watches": bad_section}))
    valid, errors = config_watches(Config(raw={"watch": {"platform": "slack"}}))
    assert valid == [] and errors == ["config: [[watch]] must be an array of tables"]
    example = load_config(Path(__file__).resolve().parent.parent / "config.example.toml")
    assert WatchSettings.from_config(example) == WatchSettings()
    assert config_watches(example) == ([], [])


def test_a_replaced_article_that_gets_its_old_id_back_is_still_new(store: Store, nlp: Language) -> None:
    adapter = RecordingAdapter(Runtime(store), "slack")
    ingest(store, nlp, "courier.txt", OTHER_ARTICLE, "The Courier")
    dispatch("watch speaker Dorland", admin(store))
    [watch] = store.watches()
    # The same file, changed: the old row is deleted first, so the new one may take its id.
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    [article] = store.articles()
    assert article["id"] <= watch["after_article_id"]
    later = (datetime.fromisoformat(watch["created_at"]) + timedelta(seconds=1)).isoformat()
    store.set_ingested_at(article["id"], later)  # stored a second after the watch was made
    asyncio.run(make_watcher(store, adapter).check())
    assert posted_titles(adapter) == [LEAD]


def test_a_long_window_is_read_in_slices(store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    ingest(store, nlp, "ferry.txt", OTHER_ARTICLE, "Harbor Times")
    whole = store.statements_ingested_since("2000-01-01")
    monkeypatch.setattr(Store, "IDS_PER_QUERY", 2)
    sliced = store.statements_ingested_since("2000-01-01")
    assert len(whole) >= 4 and sorted(r["id"] for r in sliced) == sorted(r["id"] for r in whole)
    assert all(r["ingested_at"] for r in sliced)


def test_a_bad_watches_setting_stops_run_with_one_line(store: Store) -> None:
    from adapters.base import AdapterError
    from adapters.runner import run_bot

    runtime = Runtime(store, Config(raw={"watches": {"check_seconds": "often"}}))
    with pytest.raises(AdapterError, match=r"\[watches\] check_seconds"):
        asyncio.run(run_bot(runtime, ["console"], handle_signals=False))


def test_unwatch_drops_the_alerts_still_waiting(store: Store, nlp: Language) -> None:
    dispatch("watch speaker Dorland", admin(store))
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    adapter = RecordingAdapter(Runtime(store), "slack")
    watcher = make_watcher(store, adapter)
    assert len(watcher.decide()) == 1
    dispatch("unwatch 1", admin(store))
    assert store.alerts() == []
    asyncio.run(watcher.check())
    assert adapter.sent == []


def test_a_big_fold_lists_ten_leads_and_counts_the_rest(store: Store, nlp: Language) -> None:
    adapter = RecordingAdapter(Runtime(store), "slack")
    dispatch("watch speaker Dorland", admin(store))
    ingest(store, nlp, "courier.txt", DENIAL_ARTICLE, "The Courier")
    [statement] = [s for s in store.statements() if s["kind"] == "denial"][:1]
    [watch] = store.watches()
    for n in range(13):
        store.decide_alert(
            watch_id=watch["id"],
            platform="slack",
            channel="C1",
            proposition_key=f"p:{1000 + n}",
            kind="denial",
            label="New denial",
            statement_ids=[statement["id"]],
        )
    result = asyncio.run(make_watcher(store, adapter, per_hour=1).check())
    assert result.posted == 1 and result.folded == 14  # the watch's own alert too
    [sent] = adapter.sent
    text = render_text(sent.reply)
    assert sent.reply.title.startswith("… and 14 more watch alerts")
    assert text.count("- New denial: ") == 10 and "… and 4 more" in text
