"""URL canonicalisation: every dressed-up form of one address gives one key."""

from __future__ import annotations

import pytest

from bot.ingest.urls import UrlError, canonical_url, host_of, is_http_url, same_article_url

PLAIN = "https://news.example.com/world/2026/11/03/port-strike"


@pytest.mark.parametrize(
    "variant",
    [
        "https://news.example.com/world/2026/11/03/port-strike",
        "http://news.example.com/world/2026/11/03/port-strike",
        "https://news.example.com/world/2026/11/03/port-strike/",
        "https://NEWS.Example.COM/world/2026/11/03/port-strike",
        "https://www.news.example.com/world/2026/11/03/port-strike",
        "https://news.example.com:443/world/2026/11/03/port-strike",
        "http://news.example.com:80/world/2026/11/03/port-strike",
        "https://news.example.com/world/2026/11/03/port-strike#comments",
        "https://news.example.com/world/2026/11/03/port-strike?utm_source=twitter&utm_medium=social",
        "https://news.example.com/world/2026/11/03/port-strike?fbclid=IwAR0abc",
        "https://news.example.com/world/2026/11/03/port-strike?gclid=xyz&mc_cid=1&mc_eid=2",
        "https://news.example.com/world/2026/11/03/port-strike/amp",
        "https://news.example.com/world/2026/11/03/port-strike/amp/",
        "https://news.example.com/world/2026/11/03/port-strike?amp=1",
        "https://news.example.com/world/2026/11/03/port-strike?amp",
        "https://news.example.com/world/2026/11/03/port-strike?outputType=amp",
        "https://amp.news.example.com/world/2026/11/03/port-strike",
        "https://news.example.com/amp/world/2026/11/03/port-strike",
        "https://m.news.example.com/world/2026/11/03/port-strike",
        "https://news.example.com//world/2026/11/03//port-strike",
        "  https://news.example.com/world/2026/11/03/port-strike  ",
    ],
)
def test_variants_of_one_article_share_one_key(variant: str) -> None:
    assert canonical_url(variant) == canonical_url(PLAIN) == PLAIN


def test_amp_html_suffix_is_the_same_page() -> None:
    assert canonical_url("https://example.org/a/story.amp.html") == canonical_url("https://example.org/a/story.html")


def test_meaningful_query_parameters_are_kept_in_sorted_order() -> None:
    key = canonical_url("https://example.org/article.php?id=42&page=2&utm_source=x")
    assert key == "https://example.org/article.php?id=42&page=2"
    assert canonical_url("https://example.org/article.php?page=2&id=42") == key


def test_different_articles_stay_different() -> None:
    assert canonical_url("https://example.org/article.php?id=42") != canonical_url(
        "https://example.org/article.php?id=43"
    )
    assert canonical_url("https://example.org/news/a") != canonical_url("https://example.org/news/b")
    assert canonical_url("https://example.org/news/a") != canonical_url("https://other.example.org/news/a")
    # `?amp=0` does not ask for AMP: it is a real (if odd) parameter.
    assert canonical_url("https://example.org/news/a?amp=0") != canonical_url("https://example.org/news/a")
    # A path segment merely containing "amp" is not an AMP form.
    assert canonical_url("https://example.org/news/amp-stadium") == "https://example.org/news/amp-stadium"


def test_non_default_port_and_root_are_kept() -> None:
    assert canonical_url("http://127.0.0.1:8080/x/?utm_campaign=a") == "https://127.0.0.1:8080/x"
    assert canonical_url("https://example.org") == "https://example.org/"
    assert canonical_url("https://example.org/index.html") == "https://example.org/"


def test_short_hosts_keep_their_prefix() -> None:
    # "m.example" has no registrable name left after the prefix: it is the host itself.
    assert canonical_url("https://m.example/story") == "https://m.example/story"


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://example.org/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "example.org/news",
        "https:///nohost",
        "http://example.org:99999/",
    ],
)
def test_non_http_urls_are_refused_with_the_url_named(bad: str) -> None:
    with pytest.raises(UrlError) as info:
        canonical_url(bad)
    assert bad.split(":")[0] in str(info.value)


def test_helpers() -> None:
    assert is_http_url("https://example.org/a")
    assert is_http_url("HTTP://example.org")
    assert not is_http_url("seeds/")
    assert not is_http_url("ftp://example.org")
    assert same_article_url("http://www.example.org/a/?utm_source=x", "https://example.org/a")
    assert not same_article_url("https://example.org/a", "not a url")
    assert host_of("https://WWW.Example.org/a") == "example.org"
