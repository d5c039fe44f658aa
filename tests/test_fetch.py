"""The fetcher: bounded, polite, and never a way into internal services.

Only the loopback test server is ever connected to; private-address refusals
are checked on the address, before any traffic.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bot.config import Config
from bot.ingest import fetch
from bot.ingest.fetch import Fetcher, FetchError, FetchSettings, check_url, forbidden_reason, looks_binary, require_html
from feed_server import FixtureServer

LOOPBACK_OK = FetchSettings(allow_private=True, timeout=2.0, max_bytes=20_000, max_redirects=3, max_concurrent=2)


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer() as s:
        yield s


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(LOOPBACK_OK) as f:
        yield f


# ---------------------------------------------------------------- address checks (no traffic)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://10.0.0.1/admin", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://172.16.5.4:8080/x", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://localhost:8000/", "loopback"),
        ("http://127.0.0.1/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://100.64.1.1/", "not globally routable"),
    ],
)
def test_internal_addresses_are_refused_unless_allowed(url: str, why: str) -> None:
    with pytest.raises(FetchError) as info:
        check_url(url)
    assert info.value.kind == fetch.REFUSED
    assert why in info.value.reason
    assert "allow_private" in info.value.reason  # says how to allow it
    assert url in str(info.value)
    assert check_url(url, allow_private=True)  # allowed: the addresses come back


def test_a_public_name_resolving_to_a_private_address_is_refused() -> None:
    resolved = {"intranet.example.com": ["10.20.30.40"], "news.example.com": ["93.184.216.34"]}
    resolver = lambda host, port: resolved[host]  # noqa: E731
    with pytest.raises(FetchError, match="private address"):
        check_url("https://intranet.example.com/wiki", resolver=resolver)
    assert check_url("https://news.example.com/a", resolver=resolver) == ["93.184.216.34"]


def test_one_private_address_among_public_ones_is_enough_to_refuse() -> None:
    resolver = lambda host, port: ["93.184.216.34", "192.168.0.10"]  # noqa: E731
    with pytest.raises(FetchError, match="192.168.0.10"):
        check_url("https://mixed.example.com/", resolver=resolver)


@pytest.mark.parametrize(
    "url", ["ftp://example.org/f", "file:///etc/passwd", "gopher://example.org/", "http:///nohost"]
)
def test_only_http_and_https_with_a_host(url: str) -> None:
    with pytest.raises(FetchError) as info:
        check_url(url, allow_private=True)
    assert info.value.kind == fetch.REFUSED


def test_public_addresses_pass() -> None:
    assert forbidden_reason("93.184.216.34") is None
    assert forbidden_reason("2606:2800:220:1:248:1893:25c8:1946") is None
    assert forbidden_reason("fe80::1%eth0") == "link-local"


def test_settings_come_from_config() -> None:
    config = Config(
        raw={"fetch": {"allow_private": True, "timeout": 3, "max_bytes": 1000, "robots": False, "max_concurrent": 0}}
    )
    settings = FetchSettings.from_config(config)
    assert settings.allow_private and not settings.respect_robots
    assert (settings.timeout, settings.max_bytes, settings.max_concurrent) == (3.0, 1000, 1)
    assert not FetchSettings.from_config(Config()).allow_private  # refusing is the default
    with pytest.raises(ValueError, match=r"\[fetch\]"):
        FetchSettings.from_config(Config(raw={"fetch": {"timeout": "soon"}}))


# ---------------------------------------------------------------- fetching from the loopback server


def test_loopback_is_refused_by_default_without_sending_anything(server: FixtureServer) -> None:
    server.route("/page", body="<html><body><p>hello</p></body></html>")
    with Fetcher(FetchSettings()) as strict, pytest.raises(FetchError) as info:
        strict.fetch(server.url("/page"))
    assert info.value.kind == fetch.REFUSED
    assert server.requests == []


def test_fetch_names_the_bot_and_returns_the_page(server: FixtureServer, fetcher: Fetcher) -> None:
    server.route(
        "/page",
        body="<html><body><p>café</p></body></html>",
        etag='"v1"',
        headers={"Last-Modified": "Tue, 03 Nov 2026 08:00:00 GMT"},
    )
    result = fetcher.fetch(server.url("/page"))
    assert result.status == 200 and result.etag == '"v1"'
    assert result.last_modified == "Tue, 03 Nov 2026 08:00:00 GMT"
    assert "café" in require_html(result)
    assert "briefbot" in server.requests[-1].headers["user-agent"]


def test_conditional_request_gets_304(server: FixtureServer, fetcher: Fetcher) -> None:
    server.route("/feed", body="<rss/>", content_type="application/rss+xml", etag='"abc"')
    result = fetcher.fetch(server.url("/feed"), etag='"abc"', last_modified="Tue, 03 Nov 2026 08:00:00 GMT")
    assert result.not_modified and result.content == b""
    assert server.requests[-1].headers["if-none-match"] == '"abc"'
    assert server.requests[-1].headers["if-modified-since"] == "Tue, 03 Nov 2026 08:00:00 GMT"


def test_redirects_are_followed_within_the_limit(server: FixtureServer, fetcher: Fetcher) -> None:
    server.route("/old", status=301, headers={"Location": "/new"})
    server.route("/new", body="<html><p>moved</p></html>")
    server.route("/loop", status=302, headers={"Location": "/loop"})
    result = fetcher.fetch(server.url("/old"))
    assert result.final_url == server.url("/new") and result.url == server.url("/old")
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetcher.fetch(server.url("/loop"))
    assert server.paths_seen().count("/loop") == 4  # the first request and three redirects


def test_every_redirect_hop_is_checked_again(server: FixtureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # Let the test server count as public, so only the redirect target is internal.
    real = fetch.forbidden_reason
    monkeypatch.setattr(fetch, "forbidden_reason", lambda a: None if a == "127.0.0.1" else real(a))
    server.route("/go", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with Fetcher(FetchSettings(timeout=2.0, respect_robots=False)) as strict, pytest.raises(FetchError) as info:
        strict.fetch(server.url("/go"))
    assert info.value.kind == fetch.REFUSED and "169.254.169.254" in str(info.value)
    assert server.paths_seen() == ["/go"]


def test_connect_time_guard_refuses_a_name_that_resolves_inside(server: FixtureServer) -> None:
    # The pre-check sees a public address, the connection-time lookup an internal one (DNS rebinding).
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    port = int(server.host.split(":")[1])
    with Fetcher(FetchSettings(timeout=2.0, respect_robots=False), resolver=lambda h, p: next(answers)) as strict:
        with pytest.raises(FetchError) as info:
            strict.fetch(f"http://rebind.example.com:{port}/page")
    assert info.value.kind == fetch.REFUSED
    assert server.requests == []


def test_server_errors_and_missing_pages_are_reported(server: FixtureServer, fetcher: Fetcher) -> None:
    server.route("/boom", status=500, body="oops")
    with pytest.raises(FetchError) as info:
        fetcher.fetch(server.url("/boom"))
    assert (info.value.kind, info.value.status) == (fetch.HTTP_STATUS, 500)
    assert "HTTP 500" in str(info.value)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.fetch(server.url("/nowhere"))


def test_timeout_is_reported(server: FixtureServer) -> None:
    server.route("/slow", body="late", delay=1.0)
    with Fetcher(FetchSettings(allow_private=True, timeout=0.2)) as impatient, pytest.raises(FetchError) as info:
        impatient.fetch(server.url("/slow"))
    assert info.value.kind == fetch.TIMEOUT and "timed out" in str(info.value)


def test_pages_over_the_size_limit_are_cut_off(server: FixtureServer, fetcher: Fetcher) -> None:
    server.route("/huge", body="<p>" + "x" * 50_000 + "</p>")
    with pytest.raises(FetchError) as info:
        fetcher.fetch(server.url("/huge"))
    assert info.value.kind == fetch.TOO_LARGE


def test_binary_content_is_not_html(server: FixtureServer, fetcher: Fetcher) -> None:
    server.route("/photo", body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", content_type="image/png")
    server.route("/mystery", body=b"GIF89a\x00\x01\x00\x00", content_type="")
    for path in ("/photo", "/mystery"):
        result = fetcher.fetch(server.url(path))
        assert looks_binary(result)
        with pytest.raises(FetchError) as info:
            require_html(result)
        assert info.value.kind == fetch.NOT_HTML


def test_robots_txt_is_honoured(server: FixtureServer, fetcher: Fetcher) -> None:
    server.route("/robots.txt", body="User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.route("/private/page", body="<p>secret</p>")
    server.route("/public/page", body="<p>open</p>")
    assert fetcher.fetch(server.url("/public/page")).status == 200
    with pytest.raises(FetchError) as info:
        fetcher.fetch(server.url("/private/page"))
    assert info.value.kind == fetch.ROBOTS
    assert "/private/page" not in server.paths_seen()
    assert server.paths_seen().count("/robots.txt") == 1  # cached per site


def test_at_most_a_few_requests_at_a_time(server: FixtureServer, fetcher: Fetcher) -> None:
    server.route("/robots.txt", status=404)
    server.route("/wait", body="<p>ok</p>", delay=0.15)
    fetcher.robots_allow(server.url("/wait"))  # load robots.txt once before the burst
    threads = [threading.Thread(target=fetcher.fetch, args=(server.url("/wait"),)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert server.paths_seen().count("/wait") == 6
    assert server.max_active <= LOOPBACK_OK.max_concurrent


def test_pages_are_decoded_with_the_charset_they_declare(server: FixtureServer, fetcher: Fetcher) -> None:
    latin = '<html><head><meta charset="iso-8859-1"></head><body><p>Préfecture, déclaration</p></body></html>'
    server.route("/latin", body=latin.encode("iso-8859-1"), content_type="text/html")
    server.route("/header", body="<p>naïve</p>".encode("utf-16"), content_type="text/html; charset=utf-16")
    server.route("/undeclared", body="<p>café</p>".encode("cp1252"), content_type="text/html")
    assert "Préfecture, déclaration" in fetcher.fetch(server.url("/latin")).text()
    assert "naïve" in fetcher.fetch(server.url("/header")).text()
    assert "café" in fetcher.fetch(server.url("/undeclared")).text()


# ---------------------------------------------------------------- robots.txt read per RFC 9309


def _robots(server: FixtureServer, rules: str) -> None:
    server.route("/robots.txt", body=rules, content_type="text/plain")


def _refused_by_robots(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url)
    assert info.value.kind == fetch.ROBOTS
    return info.value


def test_robots_wildcards_and_end_anchors_are_matched(server: FixtureServer, fetcher: Fetcher) -> None:
    _robots(server, "User-agent: *\nDisallow: /*?print=\nDisallow: /search$\n")
    for path in ("/world/story", "/search", "/search/archive", "/searchlight"):
        server.route(path, body="<p>page</p>")
    assert fetcher.fetch(server.url("/world/story")).status == 200
    assert fetcher.fetch(server.url("/world/story?page=2")).status == 200
    assert fetcher.fetch(server.url("/search/archive")).status == 200  # `$` anchors the rule to /search itself
    assert fetcher.fetch(server.url("/searchlight")).status == 200
    _refused_by_robots(fetcher, server.url("/world/story?print=1"))
    _refused_by_robots(fetcher, server.url("/search"))
    asked = [r.path for r in server.requests]
    assert "/world/story?print=1" not in asked and "/search" not in asked


def test_robots_most_specific_rule_wins_and_allow_wins_a_tie(server: FixtureServer, fetcher: Fetcher) -> None:
    # The Disallow comes first: a first-match reader refuses /private/open/, RFC 9309 takes the longest match.
    _robots(
        server,
        "User-agent: *\nDisallow: /private/\nAllow: /private/open/\nAllow: /p\nDisallow: /press\nAllow: /tie\nDisallow: /tie\n",
    )
    for path in ("/private/open/page", "/private/closed", "/press/release", "/pictures", "/tie"):
        server.route(path, body="<p>page</p>")
    assert fetcher.fetch(server.url("/private/open/page")).status == 200
    assert fetcher.fetch(server.url("/pictures")).status == 200
    assert fetcher.fetch(server.url("/tie")).status == 200  # equally long Allow and Disallow: allowed
    _refused_by_robots(fetcher, server.url("/private/closed"))
    _refused_by_robots(fetcher, server.url("/press/release"))  # longer than `Allow: /p`
    assert "/private/closed" not in server.paths_seen() and "/press/release" not in server.paths_seen()


def test_robots_group_naming_the_bot_overrides_the_star_group(server: FixtureServer, fetcher: Fetcher) -> None:
    _robots(server, "User-agent: *\nDisallow: /\n\nUser-agent: briefbot\nDisallow: /drafts/\n")
    server.route("/news", body="<p>page</p>")
    server.route("/drafts/one", body="<p>draft</p>")
    assert fetcher.fetch(server.url("/news")).status == 200
    _refused_by_robots(fetcher, server.url("/drafts/one"))


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_robots_answering_4xx_allows_everything(server: FixtureServer, fetcher: Fetcher, status: int) -> None:
    server.route("/robots.txt", status=status, body="User-agent: *\nDisallow: /\n", content_type="text/plain")
    server.route("/page", body="<p>page</p>")
    assert fetcher.fetch(server.url("/page")).status == 200
    assert fetcher.robots_allow(server.url("/anything/else"))


@pytest.mark.parametrize("status", [500, 503])
def test_robots_answering_5xx_disallows_the_site_until_it_answers(
    server: FixtureServer, fetcher: Fetcher, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route("/robots.txt", status=status, body="down", content_type="text/plain")
    server.route("/page", body="<p>page</p>")
    error = _refused_by_robots(fetcher, server.url("/page"))
    assert "robots.txt is unreachable" in str(error) and f"HTTP {status}" in str(error)
    assert server.url("/page") in str(error)  # one line naming the URL
    _refused_by_robots(fetcher, server.url("/page"))
    assert server.paths_seen() == ["/robots.txt"]  # the refusal is cached; the page is never asked for
    # Once the retry window has passed and robots.txt answers again, the site opens.
    monkeypatch.setattr(fetch, "ROBOTS_RETRY_SECONDS", 0)
    with Fetcher(LOOPBACK_OK) as retrying:
        _refused_by_robots(retrying, server.url("/page"))
        server.route("/robots.txt", body="User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        assert retrying.fetch(server.url("/page")).status == 200
    assert server.paths_seen().count("/robots.txt") == 3


def test_robots_txt_that_does_not_answer_disallows_the_site(server: FixtureServer) -> None:
    server.route("/robots.txt", body="User-agent: *\nAllow: /\n", content_type="text/plain", delay=1.0)
    server.route("/page", body="<p>page</p>")
    with Fetcher(FetchSettings(allow_private=True, timeout=0.2)) as impatient:
        error = _refused_by_robots(impatient, server.url("/page"))
    assert "unreachable" in str(error) and "timed out" in str(error)
    assert "/page" not in server.paths_seen()
