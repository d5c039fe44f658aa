"""Digests on a hand-built store and on the seeds; time windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from answer_fixtures import _save, _statement, fill_story
from bot.digests.build import build_digest
from bot.digests.stories import group_stories
from bot.reply import render_text
from bot.store import Store
from bot.timewindow import ALL, WindowError, day_window, iso_bound, parse_since, resolve_window, split_chat_window

NOW = datetime(2024, 3, 6, 15, 30, tzinfo=UTC)


@pytest.fixture
def story(store: Store) -> Store:
    fill_story(store)
    return store


# ---------------------------------------------------------------- windows


def test_relative_and_absolute_windows() -> None:
    assert parse_since("24h", NOW).start == NOW - timedelta(hours=24)
    assert parse_since("7d", NOW).start == NOW - timedelta(days=7)
    assert parse_since("2w", NOW).start == NOW - timedelta(days=14)
    assert parse_since("90 minutes", NOW).start == NOW - timedelta(minutes=90)
    assert parse_since("2022-02-08", NOW).bounds() == ("2022-02-08", None)
    assert parse_since("all", NOW) == ALL and parse_since("", NOW) == ALL
    assert parse_since("today", NOW).bounds() == ("2024-03-06", None)
    assert parse_since("yesterday", NOW).bounds() == ("2024-03-05", "2024-03-06")
    assert day_window("2022-02-08").bounds() == ("2022-02-08", "2022-02-09")
    assert resolve_window("7d", "2022-02-08", NOW).bounds() == ("2022-02-08", "2022-02-09")
    assert resolve_window(None, None, NOW, default="24h").start == NOW - timedelta(hours=24)
    assert iso_bound(NOW) == "2024-03-06T15:30:00+00:00"


@pytest.mark.parametrize("bad", ["fortnight", "0h", "-3d", "2022-13-45", "7 parsecs"])
def test_bad_windows_name_the_input(bad: str) -> None:
    with pytest.raises(WindowError, match=bad.split()[0]):
        parse_since(bad, NOW)


def test_chat_window_phrases() -> None:
    text, window = split_chat_window("did the minister resign today?", NOW)
    assert text == "did the minister resign?" and window is not None and window.label == "today"
    text, window = split_chat_window("what happened this week", NOW)
    assert text == "what happened" and window.start == NOW - timedelta(days=7)
    text, window = split_chat_window("who denied it since 48h", NOW)
    assert text == "who denied it" and window.start == NOW - timedelta(hours=48)
    assert split_chat_window("what did today's paper say", NOW) == ("what did today's paper say", None)


def test_windows_compare_with_day_dates(story: Store) -> None:
    # An article dated by day only belongs to that whole day, even for a window starting mid-day.
    names = [a["name"] for a in story.window_articles(since="2024-03-02T18:00:00+00:00")]
    assert names == ["b.txt", "c.txt"]
    assert [a["name"] for a in story.window_articles(since="2024-03-01", until="2024-03-02")] == ["a.txt"]


# ---------------------------------------------------------------- digest


def test_digest_leads_with_contested_point(story: Store) -> None:
    reply = build_digest(story, start=None, end=None)
    assert reply.data["stories"] == 2
    text = render_text(reply)
    first_story = reply.data["items"][0]
    assert first_story["contested"][0]["text"] == "the two leaders agreed to a ceasefire along the border"
    assert first_story["contested"][0]["denial_outlets"] == ["Daily Planet"]
    assert text.index("Contested") < text.index("New claims")
    assert "Denied by Chinese foreign ministry spokesman Li Wei (Daily Planet)" in text
    assert "“almost three hours” (Daily Planet) vs “about two hours” (Morning Tribune)" in text
    assert "Coverage" in text and "Morning Tribune: 1 article, 3 statements" in text
    assert reply.data["items"][1]["contested"] == []


def test_digest_window_and_empty_window(story: Store) -> None:
    only_c = build_digest(story, start=datetime(2024, 3, 5, tzinfo=UTC), end=datetime(2024, 3, 6, tzinfo=UTC))
    assert only_c.data["stories"] == 1 and only_c.data["items"][0]["articles"] == ["c.txt"]
    empty = build_digest(story, start=datetime(2030, 1, 1, tzinfo=UTC), end=None)
    assert empty.data["stories"] == 0 and "Nothing new" in empty.title


def test_digest_topic(story: Store) -> None:
    reply = build_digest(story, start=None, end=None, topic="harbour")
    assert reply.data["stories"] == 1
    assert reply.data["items"][0]["claims"][0]["text"] == "the harbour project will open in June"
    assert build_digest(story, start=None, end=None, topic="volcano").data["stories"] == 0


def test_digest_is_bounded_with_and_n_more(store: Store) -> None:
    for n in range(12):
        _save(
            store,
            f"x{n}.txt",
            f"Outlet {n}",
            "2024-04-01",
            f"Harbour strike day {n}",
            [
                _statement(
                    "claim",
                    f"Speaker {n}",
                    f"dock workers will strike on day {n} over pay number {n}",
                    f"Union leader Speaker {n} said dock workers will strike on day {n} over pay number {n}.",
                    role="Union leader",
                )
            ],
        )
    full = build_digest(store, start=None, end=None, max_chars=100_000)
    short = build_digest(store, start=None, end=None, max_chars=900)
    assert len(render_text(full)) > 900
    text = render_text(short)
    assert len(text) <= 900
    assert "and " in text and " more" in text
    assert short.data["stories"] == full.data["stories"]


def test_stories_group_by_shared_proposition(story: Store) -> None:
    articles = story.window_articles()
    statements = story.window_statements(a["id"] for a in articles)
    stories = group_stories(articles, statements)
    assert sorted(sorted(a["name"] for a in s) for s in stories) == [["a.txt", "b.txt"], ["c.txt"]]


# ---------------------------------------------------------------- the seeds


def test_seed_digest_leads_with_contested_assurance(seeded_store: Store) -> None:
    reply = build_digest(seeded_store, start=None, end=None)
    text = render_text(reply)
    assert reply.data["stories"] >= 1
    lead = reply.data["items"][0]["contested"][0]
    claimers = " ".join(c["speaker"] for c in lead["claims"])
    deniers = " ".join(d["speaker"] for d in lead["denials"])
    assert "Macron" in claimers and "Peskov" in deniers
    assert any(word in (lead["text"] or "").lower() for word in ("assurance", "escalation", "guarantee"))
    assert len(text) <= 3500
    belarus = [
        p
        for s in reply.data["items"]
        for p in s["contested"]
        if "Belarus" in " ".join(c["text"] + c["evidence"] for c in p["claims"])
    ]
    assert belarus and any("Peskov" in d["speaker"] for d in belarus[0]["denials"])
    assert "Belarus" in text
    assert "six hours" in text and "five hours" in text


# ---------------------------------------------------------------- ingest windows (scheduled digests)


def test_ingest_windows_are_half_open_and_ignore_publication_dates(story: Store) -> None:
    stamps = {
        "a.txt": "2026-05-01T07:59:59+00:00",
        "b.txt": "2026-05-01T08:00:00+00:00",
        "c.txt": "2026-05-02T07:59:59+00:00",
    }
    for name, stamp in stamps.items():
        story.set_ingested_at(story.article_by_name(name)["id"], stamp)
    since, until = "2026-05-01T08:00:00+00:00", "2026-05-02T08:00:00+00:00"
    assert [a["name"] for a in story.ingested_articles(since=since, until=until)] == ["b.txt", "c.txt"]
    assert story.ingested_article_count(since=since, until=until) == 2
    assert [a["name"] for a in story.ingested_articles(until=since)] == ["a.txt"]
    reply = build_digest(
        story, start=datetime(2026, 5, 1, 8, tzinfo=UTC), end=datetime(2026, 5, 2, 8, tzinfo=UTC), basis="ingested"
    )
    assert sorted(n for item in reply.data["items"] for n in item["articles"]) == ["b.txt", "c.txt"]
    assert reply.data["window"] == {
        "since": since,
        "until": until,
        "label": "added 2026-05-01 08:00 to 2026-05-02 08:00 UTC",
        "basis": "ingested",
    }
    # The same window on publication dates (the articles are from March 2024) holds nothing.
    assert (
        build_digest(story, start=datetime(2026, 5, 1, 8, tzinfo=UTC), end=datetime(2026, 5, 2, 8, tzinfo=UTC)).data[
            "stories"
        ]
        == 0
    )


def test_ingest_bound_is_full_iso_utc_and_basis_is_checked(story: Store) -> None:
    from zoneinfo import ZoneInfo

    from bot.timewindow import ingest_bound

    assert ingest_bound(datetime(2026, 3, 30, 8, tzinfo=ZoneInfo("Europe/Paris"))) == "2026-03-30T06:00:00+00:00"
    assert ingest_bound(datetime(2026, 3, 30)) == "2026-03-30T00:00:00+00:00"  # midnight stays a datetime
    with pytest.raises(ValueError, match="'sideways'"):
        build_digest(story, start=None, end=None, basis="sideways")


def test_ingested_at_is_indexed(store: Store) -> None:
    assert any(index.columns == ["ingested_at"] for index in store.db["articles"].indexes)
