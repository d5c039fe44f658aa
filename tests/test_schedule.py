"""Digest subscriptions: parsing, fire times across DST, at-most-once delivery, grace, retries."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from adapters.base import Runtime
from adapters.testing import RecordingAdapter
from bot.config import Config
from bot.digests.schedule import (
    DUPLICATE,
    EMPTY,
    FAILED,
    INTERRUPTED,
    MISSED,
    NOT_DUE,
    POSTED,
    DigestScheduler,
    DigestSettings,
    digest_job,
)
from bot.digests.subscriptions import (
    DailyTrigger,
    ScheduleError,
    fire_at,
    last_fire,
    next_fire,
    parse_subscription,
    sync_config_subscriptions,
)
from bot.reply import Reply, Section, SendProgress
from bot.store import Store

PARIS = ZoneInfo("Europe/Paris")
EIGHT = time(8, 0)


def utc(*parts: int) -> datetime:
    """A UTC instant."""
    return datetime(*parts, tzinfo=UTC)


class FakeDigests:
    """Stands in for bot.digests.build.build_digest: records windows, returns a fixed number of stories."""

    def __init__(self, stories: int = 2) -> None:
        self.stories = stories
        self.calls: list[dict[str, Any]] = []

    def __call__(
        self,
        store: Store,
        *,
        start: datetime | None,
        end: datetime | None,
        topic: str | None = None,
        max_chars: int = 3500,
        basis: str = "published",
    ) -> Reply:
        self.calls.append({"start": start, "end": end, "topic": topic, "max_chars": max_chars, "basis": basis})
        return Reply(
            title=f"Digest {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}",
            sections=[Section(heading=f"Story {n}", text="text") for n in range(self.stories)],
            data={"stories": self.stories},
        )


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def subscribe(
    store: Store,
    platform: str = "slack",
    channel: str = "C1",
    at: str = "08:00",
    zone: str = "Europe/Paris",
    topic: str | None = None,
    created: str = "2026-03-01T00:00:00+00:00",
) -> int:
    """Store a subscription created at a known instant (so earlier runs are not due)."""
    sub_id = store.save_subscription(platform=platform, channel=channel, time=at, timezone=zone, topic=topic)
    store.db["subscriptions"].update(sub_id, {"created_at": created})
    return sub_id


def make_scheduler(
    store: Store,
    senders: dict[str, RecordingAdapter],
    clock: Clock | None = None,
    digests: FakeDigests | None = None,
    sleeps: list[float] | None = None,
    **settings: Any,
) -> DigestScheduler:
    """A scheduler over fakes: no real sleeping, a fixed clock, a fake digest builder."""
    recorded = sleeps if sleeps is not None else []

    async def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    return DigestScheduler(
        store,
        senders,
        settings=DigestSettings(**settings),
        clock=clock or Clock(utc(2026, 3, 28, 7, 0, 5)),
        sleep=fake_sleep,
        build_digest=digests or FakeDigests(),
    )


# ---------------------------------------------------------------- parsing


def test_parse_subscription_reads_time_zone_and_topic() -> None:
    spec = parse_subscription("8:05 europe/paris  Energy   prices ")
    assert (spec.time_text, spec.zone_name, spec.topic) == ("08:05", "Europe/Paris", "Energy prices")
    assert parse_subscription("23:59 UTC").topic is None


@pytest.mark.parametrize(
    "text, bad", [("25:00 Europe/Paris", "25:00"), ("8am Europe/Paris", "8am"), ("08:60 UTC", "08:60")]
)
def test_invalid_time_is_refused_with_the_valid_form(text: str, bad: str) -> None:
    with pytest.raises(ScheduleError) as info:
        parse_subscription(text)
    assert bad in str(info.value) and "HH:MM" in str(info.value) and "Europe/Paris" in str(info.value)


@pytest.mark.parametrize("zone", ["Europe/Parys", "CEST", "../etc/passwd", "Mars/Olympus"])
def test_invalid_zone_is_refused_with_the_valid_form(zone: str) -> None:
    with pytest.raises(ScheduleError) as info:
        parse_subscription(f"08:00 {zone}")
    assert zone in str(info.value) and "IANA" in str(info.value) and "subscribe 08:00 Europe/Paris" in str(info.value)


def test_missing_zone_is_refused() -> None:
    with pytest.raises(ScheduleError, match="time and a time zone"):
        parse_subscription("08:00")


# ---------------------------------------------------------------- fire times across DST


@pytest.mark.parametrize(
    "day, expected_utc",
    [
        (date(2026, 3, 28), utc(2026, 3, 28, 7, 0)),  # CET, UTC+1: the day before clocks go forward
        (date(2026, 3, 29), utc(2026, 3, 29, 6, 0)),  # the change night: 08:00 is already CEST
        (date(2026, 3, 30), utc(2026, 3, 30, 6, 0)),  # CEST, UTC+2
        (date(2026, 10, 24), utc(2026, 10, 24, 6, 0)),  # CEST, the day before clocks go back
        (date(2026, 10, 25), utc(2026, 10, 25, 7, 0)),
        (date(2026, 10, 26), utc(2026, 10, 26, 7, 0)),  # CET again
    ],
)
def test_eight_paris_fires_at_the_right_utc_instant_across_dst(day: date, expected_utc: datetime) -> None:
    assert fire_at(day, EIGHT, PARIS) == expected_utc
    # The scheduler's trigger and the delivery code agree on the instant.
    previous_evening = datetime.combine(day - timedelta(days=1), time(20, 0), tzinfo=PARIS)
    assert next_fire(EIGHT, PARIS, previous_evening.astimezone(UTC)) == expected_utc
    trigger = DailyTrigger(EIGHT, "Europe/Paris")
    fired = trigger.get_next_fire_time(None, previous_evening)
    assert fired == expected_utc and fired.astimezone(PARIS).hour == 8


def test_apscheduler_cron_agrees_with_our_fire_times() -> None:
    from apscheduler.triggers.cron import CronTrigger

    cron = CronTrigger(hour=8, minute=0, timezone=PARIS)
    now = utc(2026, 3, 27, 12, 0)
    ours = DailyTrigger(EIGHT, "Europe/Paris")
    cron_fire, our_fire = None, None
    for _ in range(6):  # through the 2026-03-29 change night
        cron_fire = cron.get_next_fire_time(cron_fire, now)
        our_fire = ours.get_next_fire_time(our_fire, now)
        assert cron_fire == our_fire
        now = our_fire  # the scheduler asks again when the job has fired


def test_next_fire_steps_over_the_change_night() -> None:
    assert next_fire(EIGHT, PARIS, utc(2026, 3, 28, 7, 0)) == utc(2026, 3, 29, 6, 0)
    assert next_fire(EIGHT, PARIS, utc(2026, 10, 24, 6, 0)) == utc(2026, 10, 25, 7, 0)
    assert last_fire(EIGHT, PARIS, utc(2026, 3, 29, 5, 59)) == utc(2026, 3, 28, 7, 0)


def test_a_time_inside_the_dst_gap_fires_once_every_day() -> None:
    at = time(2, 30)  # does not exist in Paris on 2026-03-29; happens twice on 2026-10-25
    after = utc(2026, 3, 1)
    periods = []
    for _ in range(250):
        after = next_fire(at, PARIS, after)
        periods.append(after.astimezone(PARIS).date())
    assert periods == [date(2026, 3, 1) + timedelta(days=n) for n in range(250)]
    assert fire_at(date(2026, 3, 29), at, PARIS) == utc(2026, 3, 29, 1, 30)  # 03:30 CEST, just after the jump
    assert fire_at(date(2026, 10, 25), at, PARIS) == utc(2026, 10, 25, 0, 30)  # the first 02:30


# ---------------------------------------------------------------- delivery


def test_a_due_run_posts_once_with_the_window_since_the_previous_run(store: Store) -> None:
    slack = RecordingAdapter(Runtime(store), "slack")
    digests = FakeDigests()
    sub_id = subscribe(store, topic="energy")
    scheduler = make_scheduler(store, {"slack": slack}, digests=digests)
    first = asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 30, 6, 0, 3)))
    again = asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 30, 6, 30)))
    assert (first.status, first.period, again.status) == (POSTED, "2026-03-30", DUPLICATE)
    assert [s.channel for s in slack.sent] == ["C1"]
    assert digests.calls == [
        {
            "start": utc(2026, 3, 29, 6, 0),
            "end": utc(2026, 3, 30, 6, 0),
            "topic": "energy",
            "max_chars": 3500,
            "basis": "ingested",
        }
    ]
    assert store.delivery("slack", "C1", "2026-03-30")["status"] == POSTED


def test_restart_between_two_runs_posts_nothing_twice(tmp_path: Path) -> None:
    path = str(tmp_path / "bot.db")
    with Store(path) as store:
        sub_id = subscribe(store, platform="discord", channel="D1")
        before = RecordingAdapter(Runtime(store), "discord")
        scheduler = make_scheduler(store, {"discord": before})
        assert asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 28, 7, 0, 2))).status == POSTED
    # The bot restarts 40 minutes later: inside the grace, but the run was delivered.
    with Store(path) as store:
        after = RecordingAdapter(Runtime(store), "discord")
        scheduler = make_scheduler(store, {"discord": after})
        outcomes = asyncio.run(scheduler.catch_up(now=utc(2026, 3, 28, 7, 40)))
        assert [o.status for o in outcomes] == [DUPLICATE]
        assert after.sent == []
        # The next day's run still goes out, once.
        assert asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 29, 6, 0, 1))).status == POSTED
        asyncio.run(scheduler.catch_up(now=utc(2026, 3, 29, 6, 5)))
        assert len(before.sent) == 1 and len(after.sent) == 1
        assert [d["status"] for d in store.deliveries("discord", "D1")] == [POSTED, POSTED]


def test_missed_run_inside_the_grace_is_caught_up(store: Store) -> None:
    slack = RecordingAdapter(Runtime(store), "slack")
    sub_id = subscribe(store)
    scheduler = make_scheduler(store, {"slack": slack})
    outcomes = asyncio.run(scheduler.catch_up(now=utc(2026, 3, 30, 7, 45)))  # due 06:00 UTC, 1h45 late
    assert [(o.subscription_id, o.status) for o in outcomes] == [(sub_id, POSTED)]
    assert len(slack.sent) == 1


def test_missed_run_outside_the_grace_is_skipped_and_logged(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    slack = RecordingAdapter(Runtime(store), "slack")
    subscribe(store)
    scheduler = make_scheduler(store, {"slack": slack})
    with caplog.at_level(logging.WARNING, logger="bot.digests.schedule"):
        outcomes = asyncio.run(scheduler.catch_up(now=utc(2026, 3, 30, 8, 30)))  # 2h30 late
    assert [o.status for o in outcomes] == [MISSED]
    assert slack.sent == []
    assert "missed" in caplog.text and "slack C1 2026-03-30" in caplog.text
    assert store.delivery("slack", "C1", "2026-03-30")["status"] == MISSED
    # A second start does not post it either.
    asyncio.run(scheduler.catch_up(now=utc(2026, 3, 30, 8, 35)))
    assert slack.sent == []


def test_grace_comes_from_the_config() -> None:
    settings = DigestSettings.from_config(Config(digest_grace_minutes=30, digest_post_when_empty=False))
    assert settings.grace == timedelta(minutes=30) and settings.post_when_empty is False
    assert DigestSettings().grace == timedelta(hours=2)


def test_runs_due_before_the_subscription_existed_are_not_caught_up(store: Store) -> None:
    slack = RecordingAdapter(Runtime(store), "slack")
    sub_id = subscribe(store, created="2026-03-30T06:30:00+00:00")
    scheduler = make_scheduler(store, {"slack": slack})
    assert asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 30, 7, 0))).status == NOT_DUE
    assert slack.sent == [] and store.deliveries() == []


def test_failed_post_is_retried_and_the_other_platform_still_gets_its_digest(store: Store) -> None:
    slack = RecordingAdapter(Runtime(store), "slack", fail_times=2)
    discord = RecordingAdapter(Runtime(store), "discord")
    slack_sub = subscribe(store, platform="slack", channel="C1")
    discord_sub = subscribe(store, platform="discord", channel="D1")
    sleeps: list[float] = []
    scheduler = make_scheduler(
        store, {"slack": slack, "discord": discord}, sleeps=sleeps, retry_delays=(1.0, 4.0, 16.0)
    )

    async def both() -> list[Any]:
        now = utc(2026, 3, 30, 6, 0, 1)
        return await asyncio.gather(scheduler.deliver(slack_sub, now=now), scheduler.deliver(discord_sub, now=now))

    slack_outcome, discord_outcome = asyncio.run(both())
    assert (slack_outcome.status, slack_outcome.attempts) == (POSTED, 3)
    assert (discord_outcome.status, discord_outcome.attempts) == (POSTED, 1)
    assert sleeps == [1.0, 4.0]  # backoff between the three attempts
    assert len(slack.sent) == 1 and len(discord.sent) == 1
    assert store.delivery("slack", "C1", "2026-03-30")["attempts"] == 3


def test_a_platform_that_stays_down_is_recorded_failed_without_raising(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    slack = RecordingAdapter(Runtime(store), "slack", fail_times=99)
    discord = RecordingAdapter(Runtime(store), "discord")
    subscribe(store, platform="slack", channel="C1")
    subscribe(store, platform="discord", channel="D1")
    scheduler = make_scheduler(store, {"slack": slack, "discord": discord}, retry_delays=(1.0, 1.0))
    with caplog.at_level(logging.WARNING, logger="bot.digests.schedule"):
        outcomes = asyncio.run(scheduler.catch_up(now=utc(2026, 3, 30, 6, 1)))
    assert sorted((o.platform, o.status) for o in outcomes) == [("discord", POSTED), ("slack", FAILED)]
    assert slack.attempts == 3 and "simulated outage" in (store.delivery("slack", "C1", "2026-03-30")["error"] or "")
    assert "giving up after 3 attempts" in caplog.text
    assert len(discord.sent) == 1


def test_empty_window_posts_nothing_new_or_nothing_per_config(store: Store) -> None:
    loud = RecordingAdapter(Runtime(store), "slack")
    quiet = RecordingAdapter(Runtime(store), "discord")
    loud_sub = subscribe(store, platform="slack", topic="fisheries")
    quiet_sub = subscribe(store, platform="discord", channel="D1")
    now = utc(2026, 3, 30, 6, 0, 1)
    asyncio.run(make_scheduler(store, {"slack": loud}, digests=FakeDigests(0)).deliver(loud_sub, now=now))
    outcome = asyncio.run(
        make_scheduler(store, {"discord": quiet}, digests=FakeDigests(0), post_when_empty=False).deliver(
            quiet_sub, now=now
        )
    )
    [sent] = loud.sent
    assert sent.reply.title.startswith("Daily digest: nothing new about fisheries since Sun 29 Mar 08:00")
    assert sent.reply.sections == []  # one line
    assert outcome.status == EMPTY and quiet.sent == []


def test_digest_job_looks_up_the_scheduler_and_subscription_by_id(store: Store) -> None:
    slack = RecordingAdapter(Runtime(store), "slack")
    sub_id = subscribe(store)
    clock = Clock(utc(2026, 3, 30, 6, 0, 2))
    scheduler = make_scheduler(store, {"slack": slack}, clock=clock)

    async def run() -> tuple[datetime | None, datetime | None]:
        await scheduler.start()
        job = scheduler._scheduler.get_job(scheduler.job_id(sub_id))  # type: ignore[union-attr]
        assert job.func_ref == "bot.digests.schedule:digest_job" and job.args == (scheduler.key, sub_id)
        await digest_job(scheduler.key, sub_id)
        next_run = scheduler.next_run(sub_id)
        await scheduler.stop()
        await digest_job(scheduler.key, sub_id)  # after stop: looked up, found gone, nothing happens
        return next_run, None

    next_run, _ = asyncio.run(run())
    assert len(slack.sent) == 1
    assert next_run is not None and next_run.astimezone(PARIS).time() == EIGHT


def test_subscriptions_on_platforms_not_running_are_not_scheduled(store: Store) -> None:
    slack_sub = subscribe(store, platform="slack")
    scheduler = make_scheduler(store, {})

    async def run() -> datetime | None:
        await scheduler.start()
        try:
            return scheduler.next_run(slack_sub)
        finally:
            await scheduler.stop()

    assert asyncio.run(run()) is None


def test_stop_records_a_delivery_that_cannot_finish(store: Store) -> None:
    class Hanging(RecordingAdapter):
        async def send(
            self, channel: str, reply: Reply, thread: str | None = None, progress: SendProgress | None = None
        ) -> str | None:
            await asyncio.Event().wait()
            return None

    hanging = Hanging(Runtime(store), "slack")
    sub_id = subscribe(store)
    scheduler = make_scheduler(store, {"slack": hanging})

    async def run() -> None:
        task = asyncio.create_task(scheduler.deliver(sub_id, now=utc(2026, 3, 30, 6, 0, 1)))
        while not scheduler._running:
            await asyncio.sleep(0)
        await scheduler.stop(timeout=0.01)
        assert task.cancelled()

    asyncio.run(run())
    assert store.delivery("slack", "C1", "2026-03-30")["status"] == INTERRUPTED


def test_config_subscriptions_are_synced(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    config = Config(
        digests=[
            {"platform": "slack", "channel": "C9", "time": "07:30", "timezone": "America/New_York", "topic": "grid"},
            {"platform": "discord", "channel": "D9", "time": "31:00", "timezone": "UTC"},
            {"platform": "slak", "channel": "C8", "time": "07:00", "timezone": "UTC"},
        ]
    )
    with caplog.at_level(logging.ERROR, logger="bot.digests.schedule"):
        assert sync_config_subscriptions(store, config) == 1
    assert "[[digest]] #2" in caplog.text and "31:00" in caplog.text
    assert "[[digest]] #3: platform 'slak' is not one of console, slack, discord" in caplog.text
    [row] = store.subscriptions()
    assert (row["platform"], row["channel"], row["time"], row["timezone"], row["topic"], row["source"]) == (
        "slack",
        "C9",
        "07:30",
        "America/New_York",
        "grid",
        "config",
    )
    store.db["subscriptions"].update(row["id"], {"created_at": "2026-01-01T00:00:00+00:00"})
    sync_config_subscriptions(store, config)  # unchanged: keeps its age, so missed runs can be caught up
    assert store.subscription(row["id"])["created_at"] == "2026-01-01T00:00:00+00:00"
    sync_config_subscriptions(store, Config())  # removed from the file
    assert store.subscriptions() == []


def test_scheduled_digest_with_the_real_builder_on_the_seeds(seeded_store: Store) -> None:
    slack = RecordingAdapter(Runtime(seeded_store), "slack")
    sub_id = subscribe(seeded_store, created="2022-01-01T00:00:00+00:00")
    scheduler = DigestScheduler(seeded_store, {"slack": slack}, settings=DigestSettings())
    # The seeds (published 2022-02-08) entered the store on the evening of 8 February:
    # the next morning's digest covers them, whatever their publication dates.
    for article in seeded_store.articles():
        seeded_store.set_ingested_at(article["id"], "2022-02-08T19:30:00+00:00")
    morning_after = asyncio.run(scheduler.deliver(sub_id, now=utc(2022, 2, 9, 7, 0, 1)))
    weeks_later = asyncio.run(scheduler.deliver(sub_id, now=utc(2022, 3, 9, 7, 0, 1)))
    assert (morning_after.status, weeks_later.status) == (POSTED, POSTED)
    digest, empty = (s.reply for s in slack.sent)
    assert digest.data["stories"] >= 1
    text = digest.plain_text()
    assert "Macron" in text and "Peskov" in text and {"The Week", "UPI", "RT"} <= set(digest.sources)
    # No run in between was delivered, so the window reaches back as far as it may (a week).
    assert empty.title.startswith("Daily digest: nothing new since Wed 02 Mar 08:00 CET") and empty.sections == []


def test_a_digest_that_cannot_be_built_is_recorded_failed_and_others_go_on(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    slack = RecordingAdapter(Runtime(store), "slack")
    discord = RecordingAdapter(Runtime(store), "discord")
    subscribe(store, platform="slack", topic="broken")
    subscribe(store, platform="discord", channel="D1")

    def builder(store: Store, **window: Any) -> Reply:
        if window["topic"] == "broken":
            raise RuntimeError("index missing")
        return FakeDigests()(store, **window)

    scheduler = DigestScheduler(store, {"slack": slack, "discord": discord}, build_digest=builder)
    with caplog.at_level(logging.ERROR, logger="bot.digests.schedule"):
        outcomes = asyncio.run(scheduler.catch_up(now=utc(2026, 3, 30, 6, 5)))
    assert sorted((o.platform, o.status) for o in outcomes) == [("discord", POSTED), ("slack", FAILED)]
    assert store.delivery("slack", "C1", "2026-03-30")["error"] == "RuntimeError: index missing"
    assert slack.sent == [] and len(discord.sent) == 1


# ---------------------------------------------------------------- chat commands


def chat(
    store: Store,
    text: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    admins: tuple[str, ...] = ("U1",),
    scheduler: DigestScheduler | None = None,
) -> Reply:
    """Run a chat line as a Slack user would."""
    from bot.chat.registry import dispatch

    runtime = Runtime(store, Config(admins=list(admins)))
    if scheduler is not None:
        runtime.services["scheduler"] = scheduler
    return dispatch(text, runtime.context("slack", channel=channel, user=user))


def test_changing_subscriptions_is_for_admins_listing_is_for_everyone(store: Store) -> None:
    refused = chat(store, "subscribe 08:00 Europe/Paris", user="U2")
    assert refused.is_error and "admins only" in refused.title and store.subscriptions() == []
    made = chat(store, "subscribe 08:00 Europe/Paris border talks")
    assert not made.is_error and 'topic "border talks"' in made.title
    listed = chat(store, "subscriptions", user="U2")
    assert "C1: daily at 08:00 Europe/Paris" in listed.plain_text()
    assert chat(store, "subscriptions", user="U2", channel="C2").title == "No digest subscriptions here."
    assert chat(store, "unsubscribe", user="U2").is_error
    assert chat(store, "unsubscribe").title == "Unsubscribed C1 from the daily digest."
    assert store.subscriptions() == []


def test_subscribe_refuses_a_bad_zone_or_time_with_the_valid_form(store: Store) -> None:
    for line, bad in (("subscribe 8h Europe/Paris", "`8h`"), ("subscribe 08:00 Paris", "`Paris`")):
        reply = chat(store, line)
        assert reply.is_error and bad in reply.title and "HH:MM Area/City" in reply.title
    missing = chat(store, "subscribe 08:00")
    assert missing.is_error and "missing timezone" in missing.title
    assert store.subscriptions() == []


def test_subscribe_and_unsubscribe_reach_the_running_scheduler(store: Store) -> None:
    slack = RecordingAdapter(Runtime(store), "slack")
    scheduler = make_scheduler(store, {"slack": slack}, clock=Clock(utc(2026, 3, 28, 12, 0)))

    async def run() -> tuple[Reply, datetime | None, datetime | None]:
        await scheduler.start()
        reply = await asyncio.to_thread(chat, store, "subscribe 08:00 Europe/Paris", scheduler=scheduler)
        [row] = store.subscriptions()
        scheduled = scheduler.next_run(row["id"])
        await asyncio.to_thread(chat, store, "unsubscribe", scheduler=scheduler)
        await asyncio.sleep(0)
        removed = scheduler.next_run(row["id"])
        await scheduler.stop()
        return reply, scheduled, removed

    reply, scheduled, removed = asyncio.run(run())
    # The reply uses the scheduler's clock: the next run after 28 March noon is the DST night's 08:00.
    assert "Next digest: Sun 29 Mar 2026 08:00 CEST (06:00 UTC)." in reply.plain_text()
    assert scheduled is not None and scheduled.astimezone(PARIS).time() == EIGHT
    assert removed is None


# ---------------------------------------------------------------- what a run posts: new since the previous run


def _add_article(store: Store, name: str, published: str, ingested: str, speaker: str, claim: str) -> None:
    """An article with one claim, entered into the store at a known instant."""
    from answer_fixtures import _save, _statement

    _save(
        store,
        name,
        f"{speaker} Gazette",
        published,
        f"{speaker} on {claim}",
        [_statement("claim", speaker, claim, f"{speaker} said {claim}.", role="mayor")],
    )
    row = store.article_by_name(name)
    assert row is not None
    store.set_ingested_at(row["id"], ingested)


def _posted_articles(outcome_reply: Reply) -> list[str]:
    return sorted(name for item in outcome_reply.data.get("items", []) for name in item["articles"])


def test_consecutive_runs_post_each_article_once_by_when_it_entered_the_store(store: Store) -> None:
    slack = RecordingAdapter(Runtime(store), "slack")
    sub_id = subscribe(store, zone="UTC")
    scheduler = DigestScheduler(store, {"slack": slack}, settings=DigestSettings())
    # File ingests carry a date only: "2026-03-30" would fall in both the 30th's and the 31st's
    # 08:00-to-08:00 windows on publication dates.
    _add_article(
        store, "early.txt", "2026-03-30", "2026-03-30T05:00:00+00:00", "Ann Early", "the ferry resumes service"
    )
    first = asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 30, 8, 0, 1)))
    _add_article(store, "late.txt", "2026-03-30", "2026-03-30T12:00:00+00:00", "Ben Late", "the bridge toll doubles")
    # Published years ago, but new to the store since the first run.
    _add_article(
        store, "old.txt", "2022-02-08", "2026-03-30T20:00:00+00:00", "Cy Archive", "the harbour wall was rebuilt"
    )
    _add_article(store, "edge.txt", "2026-03-31", "2026-03-31T08:00:00+00:00", "Di Edge", "the tram line opens")
    second = asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 31, 8, 0, 1)))
    third = asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 4, 1, 8, 0, 1)))
    assert [o.status for o in (first, second, third)] == [POSTED, POSTED, POSTED]
    replies = [s.reply for s in slack.sent]
    assert [_posted_articles(r) for r in replies] == [["early.txt"], ["late.txt", "old.txt"], ["edge.txt"]]
    assert all(r.data["window"]["basis"] == "ingested" for r in replies)
    assert "added 2026-03-30 08:00 to 2026-03-31 08:00 UTC" in replies[1].title


def test_a_long_digest_is_one_message_with_thread_replies_and_a_partial_failure_resumes(store: Store) -> None:
    # Fails after the first part is delivered: the retry must post only the parts still missing.
    slack = RecordingAdapter(Runtime(store), "slack", part_chars=60, break_after_parts=1)
    sub_id = subscribe(store)
    sleeps: list[float] = []
    scheduler = make_scheduler(
        store, {"slack": slack}, digests=FakeDigests(stories=6), sleeps=sleeps, retry_delays=(1.0, 4.0)
    )
    outcome = asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 30, 6, 0, 1)))
    assert (outcome.status, outcome.attempts, sleeps) == (POSTED, 2, [1.0])
    [sent] = slack.sent
    parts = slack.parts(sent.reply)
    assert len(parts) >= 3
    assert [p.text for p in slack.posts] == parts  # every part once, in order: nothing re-posted
    first, *follow_ups = slack.posts
    assert first.thread is None and outcome.message_ref == first.ref
    assert all(p.thread == first.ref for p in follow_ups)
    assert store.delivery("slack", "C1", "2026-03-30")["status"] == POSTED


def test_send_progress_survives_a_timeout_part_way(store: Store) -> None:
    class HangsAfterFirstPart(RecordingAdapter):
        """The first attempt posts one part, then hangs (a platform that stops answering)."""

        hung = False

        async def send(
            self, channel: str, reply: Reply, thread: str | None = None, progress: SendProgress | None = None
        ) -> str | None:
            if not self.hung:
                self.hung, self.break_after_parts = True, 1
                try:
                    await super().send(channel, reply, thread, progress)
                except ConnectionError:
                    await asyncio.Event().wait()  # cancelled by the scheduler's send timeout
            return await super().send(channel, reply, thread, progress)

    slow = HangsAfterFirstPart(Runtime(store), "slack", part_chars=60)
    sub_id = subscribe(store)
    scheduler = make_scheduler(
        store, {"slack": slow}, digests=FakeDigests(stories=4), retry_delays=(1.0, 1.0), send_timeout=0.05
    )
    outcome = asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 30, 6, 0, 1)))
    assert (outcome.status, outcome.attempts) == (POSTED, 2)
    assert [p.text for p in slow.posts] == slow.parts(slow.sent[0].reply)


def test_articles_of_a_missed_run_go_out_with_the_next_one(store: Store) -> None:
    slack = RecordingAdapter(Runtime(store), "slack")
    sub_id = subscribe(store, zone="UTC")
    scheduler = DigestScheduler(store, {"slack": slack}, settings=DigestSettings(grace=timedelta(hours=2)))
    _add_article(
        store, "monday.txt", "2026-03-30", "2026-03-30T05:00:00+00:00", "Ann Early", "the ferry resumes service"
    )
    asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 30, 8, 0, 1)))
    _add_article(store, "tuesday.txt", "2026-03-31", "2026-03-31T05:00:00+00:00", "Ben Late", "the bridge toll doubles")
    # The bot was down on Tuesday morning until long after the grace: that run is skipped…
    assert asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 3, 31, 15, 0))).status == MISSED
    _add_article(
        store, "wednesday.txt", "2026-04-01", "2026-04-01T05:00:00+00:00", "Cy Archive", "the harbour wall is rebuilt"
    )
    # …but its article is still new to the channel, so Wednesday's digest carries it.
    wednesday = asyncio.run(scheduler.deliver(sub_id, now=utc(2026, 4, 1, 8, 0, 1)))
    assert wednesday.status == POSTED
    assert [_posted_articles(s.reply) for s in slack.sent] == [["monday.txt"], ["tuesday.txt", "wednesday.txt"]]
    assert store.delivery("slack", "C1", "2026-04-01")["window_start"] == "2026-03-30T08:00:00+00:00"
