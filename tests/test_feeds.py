"""Live coverage: feeds polled against a loopback server, duplicates collapsed, failures survived.

Fixtures (tests/data/feeds/) are feeds and pages written for these tests. The
test fetcher allows loopback explicitly; nothing else is ever connected to.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from adapters import feed_health
from bot.chat.registry import CommandContext, dispatch
from bot.cli import main as cli_main
from bot.config import Config
from bot.ingest import feed_pages, feeds, near_duplicates
from bot.ingest.feeds import DUPLICATE, FAILED, INGESTED, SYNDICATED, FeedSettings, poll_due_feeds, poll_feed
from bot.ingest.fetch import Fetcher, FetchSettings
from bot.store import Store
from feed_server import FEED_DATA, FixtureServer

TEST_FETCH = FetchSettings(allow_private=True, timeout=0.5, max_concurrent=2)
T0 = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer() as s:
        s.fixture("/feeds/harbor.xml", "harbor.xml", "application/rss+xml", etag='"harbor-1"')
        s.fixture("/feeds/courier.atom", "courier.atom", "application/atom+xml", etag='"courier-1"')
        s.fixture("/feeds/malformed.xml", "malformed.xml", "application/rss+xml")
        s.fixture("/harbor/port-strike", "port_strike.html", "text/html; charset=utf-8")
        s.fixture("/harbor/port-strike/amp", "port_strike.html", "text/html; charset=utf-8")
        s.fixture("/harbor/council-vote", "council_vote.html", "text/html; charset=utf-8")
        s.fixture("/courier/2026/11/03/eastbay-dockworkers-strike/", "courier_strike.html", "text/html")
        s.route("/harbor/ferry-timetable", status=500, body="Internal Server Error", content_type="text/plain")
        s.route("/harbor/strike-photos", body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", content_type="image/png")
        s.route("/feeds/down.xml", status=500, body="down", content_type="text/plain")
        s.route("/feeds/slow.xml", delay=1.5, body="<rss/>", content_type="application/rss+xml")
        yield s


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(TEST_FETCH) as f:
        yield f


def add(store: Store, server: FixtureServer, path: str, outlet: str | None = None) -> int:
    row, _ = store.add_feed(url=server.url(path), canonical_url=server.url(path), outlet=outlet, every_seconds=900)
    return row["id"]


def statuses(result: feeds.PollResult) -> dict[str, str]:
    return {e.url.split("/", 3)[-1]: e.status for e in result.entries}


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("name", "title", "url", "published"),
    [
        ("rss091.xml", "Old Wire", "https://oldwire.example/stories/dredging.html", None),
        ("rss10.rdf", "RDF News", "https://rdfnews.example/a/1", "2026-11-03T14:00:00+00:00"),
    ],
)
def test_rss_09x_and_10_are_parsed(name: str, title: str, url: str, published: str | None) -> None:
    parsed = feeds.parse_feed((FEED_DATA / name).read_bytes(), name)
    assert parsed.title == title
    assert [(e.url, e.published) for e in parsed.entries] == [(url, published)]


def test_rss20_and_atom_entries_carry_link_title_time_and_content(server: FixtureServer) -> None:
    rss = feeds.parse_feed(server.render((FEED_DATA / "harbor.xml").read_text()).encode(), "harbor")
    assert rss.title == "Harbor Times" and len(rss.entries) == 5
    first = rss.entries[0]
    assert (first.key, first.title, first.published) == (
        "guid:harbor-1",
        "Dockworkers walk out at Eastbay port",
        "2026-11-03T08:15:00+00:00",
    )
    assert "Reyes" in feeds.html_to_text(rss.entries[3].content_html)
    atom = feeds.parse_feed(server.render((FEED_DATA / "courier.atom").read_text()).encode(), "courier")
    assert atom.title == "Valley Courier"
    assert atom.entries[0].url == server.url("/courier/2026/11/03/eastbay-dockworkers-strike/")
    assert atom.entries[0].published == "2026-11-03T09:05:00+00:00"


def test_entry_html_entities_are_decoded() -> None:
    text = feed_pages.html_to_text(
        "<p>The mayor&#8217;s office &amp; the union met at caf&eacute;&nbsp;Nord &lt;today&gt;.</p>"
    )
    assert text == "The mayor\u2019s office & the union met at caf\u00e9 Nord <today>."


def test_entry_html_nested_inline_tags_keep_their_words_in_order() -> None:
    html = '<div><p>The <b>harbor <i>master</i></b> said <a href="/x"><span>the <em>port</em></span></a> stays open.</p></div>'
    assert feed_pages.html_to_text(html) == "The harbor master said the port stays open."
    assert feed_pages.html_to_text("<p>Re<i>yes</i> said</p>") == "Reyes said"  # no space invented inside a word


def test_entry_html_paragraphs_breaks_and_lists_become_separate_lines() -> None:
    html = (
        "Lead text<p>First\n   paragraph\nwraps.</p><p>Second.</p>Line one<br>Line two<br/>Line three"
        "<ul><li>item a</li><li>item b</li></ul><h2>Heading</h2><blockquote>Quoted.</blockquote>tail"
    )
    assert feed_pages.html_to_text(html).split("\n\n") == [
        "Lead text",
        "First paragraph wraps.",  # newlines in the source are only spaces
        "Second.",
        "Line one",
        "Line two",
        "Line three",
        "item a",
        "item b",
        "Heading",
        "Quoted.",
        "tail",
    ]


def test_entry_html_script_style_and_comments_are_dropped() -> None:
    html = (
        "<style>p { color: red }</style><p>Kept.</p><script>var s = '<p>not prose</p>';</script>"
        "<!-- an editor's note --><noscript>Enable JavaScript</noscript><p>Also kept.</p>"
    )
    assert feed_pages.html_to_text(html) == "Kept.\n\nAlso kept."


@pytest.mark.parametrize("fragment", ["", "   \n ", "<!-- nothing -->", "<p></p><br>", "<script>x()</script>"])
def test_entry_html_without_text_gives_empty_text(fragment: str) -> None:
    assert feed_pages.html_to_text(fragment) == ""


def test_entry_html_with_odd_bytes_or_a_full_document_still_gives_its_text() -> None:
    assert feed_pages.html_to_text("<p>a\x00b\x0bc</p>") == "a b c"
    assert feed_pages.html_to_text("<?xml version='1.0' encoding='utf-8'?><p>declared</p>") == "declared"
    assert feed_pages.html_to_text("<html><head><title>Site</title></head><body><p>Body only.</p></body></html>") == (
        "Body only."
    )


@pytest.mark.parametrize(
    "body", [(FEED_DATA / "malformed.xml").read_bytes(), b"<html><body><p>Not a feed</p></body></html>", b""]
)
def test_garbage_is_not_a_feed(body: bytes) -> None:
    with pytest.raises(feeds.FeedError, match="feed"):
        feeds.parse_feed(body, "https://example.org/feed")


def test_intervals() -> None:
    assert feeds.parse_interval("15m") == 900 and feeds.parse_interval("2h") == 7200
    assert feeds.parse_interval("30") == 1800 and feeds.parse_interval("1d") == 86400
    assert feeds.format_interval(900) == "15m" and feeds.format_interval(7200) == "2h"
    for bad in ("soon", "10s", "-5m"):
        with pytest.raises(ValueError):
            feeds.parse_interval(bad)


# ---------------------------------------------------------------- polling


def test_new_entries_are_ingested_once_and_an_unchanged_feed_fetches_nothing(
    store: Store, server: FixtureServer, fetcher: Fetcher, nlp: Language
) -> None:
    feed_id = add(store, server, "/feeds/harbor.xml")
    first = poll_feed(store, feed_id, fetcher=fetcher, now=T0, nlp=nlp)
    assert first.status == "ok", first.error
    assert statuses(first) == {
        "harbor/port-strike?utm_source=rss&utm_medium=feed&utm_campaign=morning": INGESTED,
        "harbor/port-strike/amp": DUPLICATE,  # the AMP form of the article just stored
        "harbor/council-vote": INGESTED,
        "harbor/ferry-timetable": INGESTED,  # the page is a 500: the feed's own content is used
        "harbor/strike-photos": FAILED,  # an image, not an article
    }
    by_url = {e.url.split("/", 3)[-1]: e for e in first.entries}
    assert by_url["harbor/ferry-timetable"].used_fallback
    assert "not an HTML page (image/png)" in by_url["harbor/strike-photos"].message
    assert store.article_count() == 3
    assert "/harbor/port-strike/amp" not in server.paths_seen()  # the duplicate was never fetched

    strike = store.article_by_name(server.url("/harbor/port-strike").replace("http://", "https://"))
    assert strike is not None
    article = store.article(strike["id"])
    assert article["outlet"] == "Harbor Times"
    assert article["title"] == "Dockworkers walk out at Eastbay port"
    assert article["published"] == "2026-11-03T08:15:00+00:00"
    assert "Dockworkers at the port of Eastbay walked off the job" in article["text"]
    assert article["url"].endswith("utm_campaign=morning")  # where it was found; the key is canonical

    before = len(server.requests)
    second = poll_feed(store, feed_id, fetcher=fetcher, now=T0 + timedelta(minutes=20), nlp=nlp)
    assert second.status == "not-modified" and second.entries == []
    new_requests = server.requests[before:]
    assert [r.path for r in new_requests] == ["/feeds/harbor.xml"]
    assert new_requests[0].headers["if-none-match"] == '"harbor-1"'
    assert store.article_count() == 3
    feed = store.feed(feed_id)
    assert feed["health"] == "ok" and feed["consecutive_failures"] == 0
    assert feed["next_poll_at"] == (T0 + timedelta(minutes=35)).isoformat()


def test_retimed_and_republished_entries_are_not_news_again(
    store: Store, server: FixtureServer, fetcher: Fetcher, nlp: Language
) -> None:
    feed_id = add(store, server, "/feeds/harbor.xml")
    poll_feed(store, feed_id, fetcher=fetcher, now=T0, nlp=nlp)
    count = store.article_count()
    server.fixture("/feeds/harbor.xml", "harbor_v2.xml", "application/rss+xml", etag='"harbor-2"')
    before = len(server.requests)
    later = poll_feed(store, feed_id, fetcher=fetcher, now=T0 + timedelta(hours=1), nlp=nlp)
    # harbor-1 re-timed: already recorded, skipped. The re-published copy: same canonical URL.
    assert [e.status for e in later.entries] == [DUPLICATE]
    assert store.article_count() == count
    assert [p for p in server.paths_seen()[before:] if p.startswith("/harbor/")] == []


def test_syndicated_copy_from_another_outlet_is_stored_once_with_both_outlets(
    store: Store, server: FixtureServer, fetcher: Fetcher, nlp: Language
) -> None:
    harbor = add(store, server, "/feeds/harbor.xml")
    poll_feed(store, harbor, fetcher=fetcher, now=T0, nlp=nlp)
    count = store.article_count()
    courier = add(store, server, "/feeds/courier.atom")  # no outlet given: the feed's title names it
    result = poll_feed(store, courier, fetcher=fetcher, now=T0, nlp=nlp)
    [entry] = result.entries
    assert entry.status == SYNDICATED
    strike = store.article_by_name(server.url("/harbor/port-strike").replace("http://", "https://"))
    assert entry.article_id == strike["id"]
    assert store.article_count() == count
    assert store.article_outlets(strike["id"]) == ["Harbor Times", "Valley Courier"]
    # The copy's own URL now leads to the stored article without fetching it again.
    before = len(server.requests)
    again = feeds.ingest_url(
        store, server.url("/courier/2026/11/03/eastbay-dockworkers-strike?utm_source=x"), fetcher=fetcher, nlp=nlp
    )
    assert (again.status, again.article_id) == (DUPLICATE, strike["id"])
    assert len(server.requests) == before


def test_a_page_declaring_a_stored_canonical_url_is_a_duplicate(
    store: Store, server: FixtureServer, fetcher: Fetcher, nlp: Language
) -> None:
    first = feeds.ingest_url(store, server.url("/harbor/port-strike"), fetcher=fetcher, nlp=nlp)
    assert first.status == INGESTED
    assert store.article(first.article_id)["outlet"] == "Harbor Times"  # from the page's og:site_name
    server.fixture("/print/port-strike", "port_strike.html", "text/html")  # declares /harbor/port-strike canonical
    printed = feeds.ingest_url(store, server.url("/print/port-strike"), fetcher=fetcher, nlp=nlp)
    assert (printed.status, printed.article_id) == (DUPLICATE, first.article_id)
    assert store.article_count() == 1
    assert store.article_outlets(first.article_id) == ["Harbor Times"]


def test_an_article_ingested_from_a_file_is_found_when_a_feed_carries_it(
    store: Store, server: FixtureServer, fetcher: Fetcher, nlp: Language
) -> None:
    from bot.ingest import pipeline
    from bot.models import ArticleInput

    page = feeds.fetch_page(fetcher, server.url("/courier/2026/11/03/eastbay-dockworkers-strike/"))
    report = pipeline.ingest_articles(
        store, [ArticleInput(name="courier.txt", source="courier.txt", raw=page.text, outlet="Valley Courier")], nlp=nlp
    )
    assert report.ok and store.article_count() == 1
    outcome = feeds.ingest_url(store, server.url("/harbor/port-strike"), fetcher=fetcher, nlp=nlp)
    assert outcome.status == SYNDICATED  # the file's article got its signature when the index synced
    assert store.article_count() == 1
    assert store.article_outlets(outcome.article_id) == ["Valley Courier", "Harbor Times"]


def test_near_duplicate_index_is_rebuilt_from_the_store(
    store: Store, server: FixtureServer, fetcher: Fetcher, nlp: Language
) -> None:
    outcome = feeds.ingest_url(
        store, server.url("/harbor/port-strike"), fetcher=fetcher, outlet="Harbor Times", nlp=nlp
    )
    assert outcome.status == INGESTED
    fresh = near_duplicates.NearDuplicateIndex(store, threshold=0.8)  # as after a restart
    copy = feeds.fetch_page(fetcher, server.url("/courier/2026/11/03/eastbay-dockworkers-strike/"))
    other = feeds.fetch_page(fetcher, server.url("/harbor/council-vote"))
    assert fresh.find(feeds.text_signature(copy.text)[0]) == outcome.article_id
    assert fresh.find(feeds.text_signature(other.text)[0]) is None
    assert feeds.text_signature("too short to compare")[0] is None


def test_feed_failures_are_reported_once_backed_off_and_survived(
    store: Store, server: FixtureServer, fetcher: Fetcher, nlp: Language
) -> None:
    settings = FeedSettings(max_failures=2)
    broken = add(store, server, "/feeds/malformed.xml", outlet="Broken Wire")
    down = add(store, server, "/feeds/down.xml")
    slow = add(store, server, "/feeds/slow.xml")
    messages: list[str] = []

    first = {
        r.feed_id: r for r in poll_due_feeds(store, fetcher, T0, settings=settings, notify=messages.append, nlp=nlp)
    }
    assert set(first) == {broken, down, slow}
    assert all(r.status == "failed" for r in first.values())
    assert "broken feed" in first[broken].error
    assert "HTTP 500" in first[down].error
    assert "timed out" in first[slow].error
    assert messages == []  # one failure is weather, not news

    gap1 = datetime.fromisoformat(store.feed(broken)["next_poll_at"]) - T0
    assert poll_due_feeds(store, fetcher, T0 + gap1 - timedelta(seconds=1), settings=settings) == []  # backing off
    second_at = T0 + gap1
    poll_feed(store, broken, fetcher=fetcher, now=second_at, settings=settings, nlp=nlp)
    results = poll_due_feeds(store, fetcher, second_at, settings=settings, notify=messages.append, nlp=nlp)
    assert {r.feed_id for r in results} == {down, slow}
    gap2 = datetime.fromisoformat(store.feed(broken)["next_poll_at"]) - second_at
    assert gap2 > gap1  # exponential back-off

    rows = {r["id"]: r for r in store.feeds()}
    assert rows[broken]["health"] == "garbage" and rows[down]["health"] == "failing"
    assert len(messages) == 2 and any("feed 2" in m and "keeps failing" in m for m in messages)
    listing = dispatch("feeds list", CommandContext(store=store))
    assert "3 need attention" in listing.title
    assert "health garbage" in listing.plain_text() and "Broken Wire" in listing.plain_text()

    third = poll_feed(store, broken, fetcher=fetcher, now=second_at + gap2, settings=settings, nlp=nlp)
    assert third.health == "garbage" and third.health_message is None  # reported once

    # Fixed upstream: the next good poll says so, once.
    server.fixture("/feeds/malformed.xml", "rss091.xml", "application/rss+xml")
    healed = poll_feed(store, broken, fetcher=fetcher, now=second_at + 2 * gap2, settings=settings, nlp=nlp)
    assert healed.status == "ok" and healed.health == "ok"
    assert "healthy again" in healed.health_message


def test_a_feed_failing_for_long_is_paused_not_retried_forever(
    store: Store, server: FixtureServer, fetcher: Fetcher
) -> None:
    settings = FeedSettings(max_failures=1)
    down = add(store, server, "/feeds/down.xml")
    results = [
        poll_feed(store, down, fetcher=fetcher, now=T0 + timedelta(days=i), settings=settings)
        for i in range(feeds.PAUSE_FACTOR)
    ]
    assert [r.health for r in results] == ["failing"] * (feeds.PAUSE_FACTOR - 1) + ["paused"]
    assert [bool(r.health_message) for r in results] == [True] + [False] * (feeds.PAUSE_FACTOR - 2) + [True]
    assert store.due_feed_ids((T0 + timedelta(days=365)).isoformat()) == []
    assert "paused" in feeds.describe_feed(store.feeds()[0])
    row, created = store.add_feed(
        url=server.url("/feeds/down.xml"), canonical_url=server.url("/feeds/down.xml"), outlet=None, every_seconds=900
    )
    assert not created and row["paused"] == 0  # adding it again resumes it
    assert store.due_feed_ids(T0.isoformat()) == [down]


def test_a_feed_without_new_entries_for_long_is_reported_stale_once(
    store: Store, server: FixtureServer, fetcher: Fetcher
) -> None:
    server.route(
        "/feeds/quiet.xml",
        content_type="application/rss+xml",
        body=f'<rss version="2.0"><channel><title>Quiet</title><item><title>Photo</title><link>{server.url("/harbor/strike-photos")}</link></item></channel></rss>',
    )
    quiet = add(store, server, "/feeds/quiet.xml")
    now = datetime.now(UTC)
    assert poll_feed(store, quiet, fetcher=fetcher, now=now).health == "ok"
    late = poll_feed(store, quiet, fetcher=fetcher, now=now + timedelta(days=8))
    assert late.status == "ok" and late.health == "stale"
    assert "stale" in late.health_message and "no new entries" in late.health_message
    assert poll_feed(store, quiet, fetcher=fetcher, now=now + timedelta(days=9)).health_message is None


def test_scheduler_jobs_poll_only_what_is_due(
    store: Store, server: FixtureServer, fetcher: Fetcher, nlp: Language
) -> None:
    courier = add(store, server, "/feeds/courier.atom", outlet="Valley Courier")
    messages: list[str] = []
    feeds.configure_feed_jobs(store, Config(), fetcher=fetcher, notify=messages.append)
    try:
        feeds.poll_feed_job(courier)
        feeds.poll_feed_job(courier)  # not due again for 15 minutes: nothing is fetched
        feeds.poll_due_feeds_job()
    finally:
        feeds.configure_feed_jobs(store, Config(), fetcher=fetcher, notify=None)
    assert server.paths_seen().count("/feeds/courier.atom") == 1
    assert store.article_count() == 1 and messages == []


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/news/1",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/admin",
    ],
)
def test_private_address_urls_are_refused_unless_allowed(store: Store, url: str) -> None:
    with Fetcher(FetchSettings()) as strict:
        outcome = feeds.ingest_url(store, url, fetcher=strict)
    assert outcome.status == FAILED
    assert "refused" in outcome.message and "allow_private" in outcome.message
    admin = CommandContext(store=store, is_admin=True)
    reply = dispatch(f"feeds add {url}", admin)
    assert reply.is_error and "refused" in reply.title
    reply = dispatch(f"ingest {url}", admin)
    assert reply.is_error and "refused" in reply.plain_text()
    assert store.feeds() == [] and store.article_count() == 0


def test_non_http_urls_are_refused(store: Store) -> None:
    admin = CommandContext(store=store, is_admin=True)
    assert "http" in dispatch("feeds add file:///etc/passwd", admin).title
    assert dispatch("ingest ftp://example.org/a", admin).is_error


# ---------------------------------------------------------------- chat commands


def test_feeds_add_arguments(store: Store) -> None:
    # Imported through the registry (not directly), so `help` stays the first command registered.
    admin = CommandContext(store=store, is_admin=True, config=Config(raw={"fetch": {"allow_private": True}}))
    assert not dispatch('feeds add http://127.0.0.1:9/rss "The Harbor Times" 30m', admin).is_error
    assert not dispatch("feeds add http://127.0.0.1:9/other Harbor Times", admin).is_error
    rows = store.feeds()
    assert [(r["url"], r["outlet"], r["every_seconds"]) for r in rows] == [
        ("http://127.0.0.1:9/rss", "The Harbor Times", 1800),
        ("http://127.0.0.1:9/other", "Harbor Times", 900),
    ]
    too_often = dispatch("feeds add http://127.0.0.1:9/rss 5s", admin)
    assert too_often.is_error and "once a minute" in too_often.title
    updated = dispatch("feeds add http://127.0.0.1:9/rss/?utm_source=x 2h", admin)  # the same feed, canonically
    assert updated.title.startswith("Updated feed 1") and store.feed(1)["every_seconds"] == 7200


def test_chat_feed_commands(store: Store, server: FixtureServer, nlp: Language) -> None:
    config = Config(raw={"fetch": {"allow_private": True, "timeout": 1}})
    user = CommandContext(store=store, config=config, user="U1")
    admin = CommandContext(store=store, config=config, user="A1", is_admin=True)

    refused = dispatch(f"feeds add {server.url('/feeds/harbor.xml')}", user)
    assert refused.is_error and "admins only" in refused.title
    added = dispatch(f"feeds add {server.url('/feeds/harbor.xml')} Harbor Times 30m", admin)
    assert not added.is_error, added.title
    assert store.feeds()[0]["outlet"] == "Harbor Times" and store.feeds()[0]["every_seconds"] == 1800
    assert "every 30m" in dispatch("feeds list", user).plain_text()

    assert dispatch(f"ingest {server.url('/harbor/council-vote')}", user).is_error
    ingested = dispatch(f"ingest <{server.url('/harbor/council-vote')}>", admin)  # Slack's link form
    assert not ingested.is_error and ingested.title.startswith("Ingested: Council delays vote")
    assert ingested.sources == ["Harbor Times"]
    again = dispatch(f"ingest {server.url('/harbor/council-vote')}?utm_source=slack", admin)
    assert again.title.startswith("Already stored")

    assert dispatch("feeds remove 99", admin).is_error
    removed = dispatch(f"feeds remove {server.url('/feeds/harbor.xml')}/", admin)
    assert not removed.is_error and store.feeds() == []
    assert dispatch("feeds frobnicate", admin).is_error


# ---------------------------------------------------------------- command line


def test_cli_feeds_and_ingest_url(tmp_path: Path, server: FixtureServer, nlp: Language) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[fetch]\nallow_private = true\ntimeout = 1\n", encoding="utf-8")
    base = ["--db", str(tmp_path / "b.db"), "--config", str(config)]
    runner = CliRunner()

    result = runner.invoke(
        cli_main, [*base, "feeds", "add", server.url("/feeds/harbor.xml"), "--outlet", "Harbor Times", "--every", "1h"]
    )
    assert result.exit_code == 0, result.output
    listed = runner.invoke(cli_main, [*base, "feeds", "list", "--json"])
    [row] = json.loads(listed.output)
    assert (row["outlet"], row["every_seconds"], row["health"]) == ("Harbor Times", 3600, "ok")

    result = runner.invoke(cli_main, [*base, "ingest", server.url("/harbor/council-vote"), "--quiet"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli_main, [*base, "ingest", server.url("/harbor/strike-photos")])
    assert result.exit_code == 1 and "not an HTML page" in result.output

    refused = runner.invoke(cli_main, ["--db", str(tmp_path / "c.db"), "feeds", "add", "http://10.0.0.1/rss"])
    assert refused.exit_code != 0 and "refused" in refused.output

    polled = runner.invoke(cli_main, [*base, "feeds", "poll", str(row["id"])])
    assert polled.exit_code == 0, polled.output
    assert "2 new, 2 duplicate, 0 syndicated, 1 failed" in polled.output  # council-vote was ingested above

    result = runner.invoke(cli_main, [*base, "feeds", "remove", str(row["id"])])
    assert (
        result.exit_code == 0 and json.loads(runner.invoke(cli_main, [*base, "feeds", "list", "--json"]).output) == []
    )
    with Store(str(tmp_path / "b.db")) as s:
        assert s.article_count() == 3  # the feed's articles stay


# ---------------------------------------------------------------- health reports in the admins' channel


def test_health_reports_go_to_the_admin_channel_through_the_adapter(store: Store) -> None:
    import asyncio

    from adapters.base import Runtime
    from adapters.testing import RecordingAdapter

    config = Config(raw={"feeds": {"admin_channel": "test:C-admins"}})
    runtime = Runtime(store=store, config=config)
    adapter = RecordingAdapter(runtime)
    runtime.adapters["test"] = adapter
    assert feed_health.runtime_notifier(Runtime(store=store)) is None  # no admin channel configured

    async def from_a_worker_thread() -> None:
        notify = feed_health.runtime_notifier(runtime)  # captures the running loop
        assert notify is not None
        await asyncio.to_thread(notify, "feed 1 (Harbor Times) keeps failing")

    asyncio.run(from_a_worker_thread())
    [sent] = adapter.sent
    assert sent.channel == "C-admins" and "keeps failing" in sent.reply.plain_text()


def test_an_unexpected_error_on_one_feed_does_not_stop_the_others(
    store: Store, server: FixtureServer, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = feeds.parse_feed

    def flaky(content: bytes, url: str, content_type: str = "") -> feed_pages.ParsedFeed:
        if url.endswith("courier.atom"):
            raise RuntimeError("parser bug")
        return real(content, url, content_type)

    monkeypatch.setattr(feeds, "parse_feed", flaky)
    server.route(
        "/feeds/empty.xml",
        content_type="application/rss+xml",
        body='<rss version="2.0"><channel><title>Empty</title></channel></rss>',
    )
    courier = add(store, server, "/feeds/courier.atom")
    empty = add(store, server, "/feeds/empty.xml")
    results = {r.feed_id: r for r in poll_due_feeds(store, fetcher, T0)}
    assert results[courier].status == "failed" and "parser bug" in results[courier].error
    assert results[empty].status == "ok"


def test_a_page_without_an_article_is_reported(store: Store, server: FixtureServer, fetcher: Fetcher) -> None:
    server.route(
        "/gallery",
        body="<html><head><title>Gallery</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><div><img src='a.jpg'></div></body></html>",
    )
    outcome = feeds.ingest_url(store, server.url("/gallery"), fetcher=fetcher)
    assert outcome.status == FAILED and "no article text found on the page" in outcome.message
    assert store.article_count() == 0
