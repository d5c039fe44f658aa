"""Polite, bounded HTTP fetching of feeds and article pages.

Every request names the bot in its User-Agent, has a timeout, reads at most
`max_bytes`, follows at most `max_redirects` redirects (each hop checked
again), runs at most `max_concurrent` at a time and, where configured,
honours robots.txt. Only http/https URLs are fetched, and hosts that resolve
to loopback, private, link-local or reserved addresses are refused unless
`config.toml` says `[fetch] allow_private = true`: a chat user must not be
able to make the bot read internal services. The address check runs before
each hop for a clear message, and again at connect time on the address
actually dialled, so a name that re-resolves elsewhere (DNS rebinding) is
refused too.

Every failure is a `FetchError` with a `kind` and a one-line message naming
the URL; nothing here raises anything else for bad input.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

from bot.config import Config

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "briefbot/0.1 (newsroom briefing bot; +https://github.com/briefbot/briefbot)"
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_MAX_CONCURRENT = 3
ROBOTS_TTL_SECONDS = 24 * 3600
# An unreachable robots.txt blocks its whole site (RFC 9309), so it is asked again soon, not after a day.
ROBOTS_RETRY_SECONDS = 10 * 60

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Feeds are served under many types, some of them wrong; anything textual may be a feed.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "text/html",
    "text/plain",
)

Resolver = Callable[[str, int], list[str]]

# Kinds of FetchError, so callers can tell a refusal from a flaky server.
REFUSED = "refused"
TIMEOUT = "timeout"
HTTP_STATUS = "http"
TOO_LARGE = "too-large"
NOT_HTML = "not-html"
NETWORK = "network"
ROBOTS = "robots"


class FetchError(Exception):
    """A URL that could not be fetched, and why (one line naming the URL)."""

    def __init__(self, url: str, reason: str, kind: str = NETWORK, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.kind = kind
        self.status = status


@dataclass(frozen=True)
class FetchSettings:
    """Limits and manners of the fetcher, from `config.toml` [fetch]."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    max_concurrent: int = DEFAULT_MAX_CONCURRENT
    allow_private: bool = False
    respect_robots: bool = True

    @classmethod
    def from_config(cls, config: Config) -> FetchSettings:
        """Settings from the `[fetch]` table; missing keys keep their defaults.

        Keys: user_agent, timeout (seconds), max_bytes, max_redirects,
        max_concurrent, allow_private (bool), robots (bool).
        """
        section = config.section("fetch")
        try:
            return cls(
                user_agent=str(section.get("user_agent", DEFAULT_USER_AGENT)),
                timeout=float(section.get("timeout", DEFAULT_TIMEOUT)),
                max_bytes=int(section.get("max_bytes", DEFAULT_MAX_BYTES)),
                max_redirects=int(section.get("max_redirects", DEFAULT_MAX_REDIRECTS)),
                max_concurrent=max(1, int(section.get("max_concurrent", DEFAULT_MAX_CONCURRENT))),
                allow_private=bool(section.get("allow_private", False)),
                respect_robots=bool(section.get("robots", True)),
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"config.toml [fetch]: bad value: {exc}") from exc


@dataclass
class FetchResult:
    """A fetched resource: the body (at most max_bytes), where it ended up, and its validators."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request: nothing new to read."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-case ('' when the server gave none)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def etag(self) -> str | None:
        """The ETag validator, for the next conditional request."""
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        """The Last-Modified validator, for the next conditional request."""
        return self.headers.get("last-modified")

    @property
    def charset(self) -> str | None:
        """The charset the server declared, if any."""
        message = Message()
        message["content-type"] = self.headers.get("content-type", "")
        return message.get_param("charset")  # type: ignore[return-value]

    def text(self) -> str:
        """The body decoded: the header's charset, else the document's own, else UTF-8, else cp1252."""
        for encoding in (self.charset, _declared_charset(self.content), "utf-8", "cp1252"):
            if not encoding:
                continue
            try:
                return self.content.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.content.decode("utf-8", errors="replace")


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def _declared_charset(content: bytes) -> str | None:
    """The charset an HTML <meta> or XML declaration names near the start of a document."""
    match = _META_CHARSET.search(content[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


# ---------------------------------------------------------------- address checks


def resolve_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (no traffic for IP literals or /etc/hosts names)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def forbidden_reason(address: str) -> str | None:
    """Why the bot must not connect to `address` ('loopback', 'private'…), or None if public."""
    ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("not globally routable", not ip.is_global),
    )
    for label, hit in checks:
        if hit:
            return label
    return None


def check_url(url: str, *, allow_private: bool = False, resolver: Resolver = resolve_host) -> list[str]:
    """Refuse URLs the bot must not fetch; return the addresses the host resolved to.

    Raises FetchError(kind=REFUSED) for a non-http(s) scheme, a missing host, a
    host that does not resolve, or (unless `allow_private`) a host with any
    loopback, private, link-local or reserved address.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, "only http and https URLs can be fetched", REFUSED)
    host = parts.hostname
    if not host:
        raise FetchError(url, "the URL has no host", REFUSED)
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise FetchError(url, "bad port", REFUSED) from exc
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve host {host}: {exc}", NETWORK) from exc
    if not addresses:
        raise FetchError(url, f"host {host} has no address", NETWORK)
    if not allow_private:
        for address in addresses:
            reason = forbidden_reason(address)
            if reason:
                raise FetchError(
                    url,
                    f"refused: {host} resolves to a {reason} address ({address}); "
                    "set [fetch] allow_private = true in config.toml to allow internal hosts",
                    REFUSED,
                )
    return addresses


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses that pass `forbidden_reason`, resolving once per connection.

    Dialling the checked address (TLS still verifies the host name) closes the
    window in which a name could re-resolve to an internal address.
    """

    def __init__(self, allow_private: bool, resolver: Resolver) -> None:
        self.allow_private = allow_private
        self.resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Resolve, check and connect to the first permitted address."""
        try:
            addresses = self.resolver(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not self.allow_private:
            for address in addresses:
                reason = forbidden_reason(address)
                if reason:
                    raise _RefusedAddress(f"{host} resolves to a {reason} address ({address})")
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"{host} has no address")


class _RefusedAddress(Exception):
    """Raised at connect time for a forbidden address (httpx passes it through)."""


# ---------------------------------------------------------------- the fetcher


class Fetcher:
    """Fetches URLs within the configured limits; safe to share between threads."""

    def __init__(self, settings: FetchSettings | None = None, *, resolver: Resolver = resolve_host) -> None:
        self.settings = settings or FetchSettings()
        self.resolver = resolver
        self._slots = threading.BoundedSemaphore(self.settings.max_concurrent)
        self._robots: dict[str, tuple[float, RobotsRules]] = {}  # site -> (expiry, rules)
        self._robots_lock = threading.Lock()
        transport = httpx.HTTPTransport(trust_env=False)  # no proxy from the environment bypasses the guard
        transport._pool._network_backend = _GuardedBackend(self.settings.allow_private, resolver)  # noqa: SLF001
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,  # each hop is checked by `fetch` itself
            timeout=httpx.Timeout(self.settings.timeout),
            headers={"User-Agent": self.settings.user_agent},
        )

    @classmethod
    def from_config(cls, config: Config) -> Fetcher:
        """A fetcher with the `[fetch]` settings of `config`."""
        return cls(FetchSettings.from_config(config))

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
        check_robots: bool = True,
    ) -> FetchResult:
        """GET `url` within the limits; conditional when validators are given.

        Returns a FetchResult (status 200-299, or 304 when the validators still
        hold). Raises FetchError for refusals, timeouts, 4xx/5xx, bodies over
        max_bytes, too many redirects and network failures.
        """
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            check_url(current, allow_private=self.settings.allow_private, resolver=self.resolver)
            if check_robots and self.settings.respect_robots:
                refusal = self.robots_refusal(current)
                if refusal:
                    raise FetchError(current, refusal, ROBOTS)
            status, response_headers, body = self._get_once(current, headers)
            if status in (301, 302, 303, 307, 308):
                location = response_headers.get("location")
                if not location:
                    raise FetchError(current, f"redirect {status} without a Location", HTTP_STATUS, status)
                current = urljoin(current, location)
                continue
            if status == 304:
                return FetchResult(url, current, status, response_headers, b"")
            if status >= 400 or status < 200:
                raise FetchError(current, f"the server answered HTTP {status}", HTTP_STATUS, status)
            return FetchResult(url, current, status, response_headers, body)
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects", HTTP_STATUS)

    def _get_once(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """One GET without following redirects; the body is cut off at max_bytes."""
        limit = self.settings.max_bytes
        with self._slots:
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    response_headers = {k.lower(): v for k, v in response.headers.items()}
                    if response.status_code in (301, 302, 303, 304, 307, 308) or response.status_code >= 400:
                        return response.status_code, response_headers, b""
                    declared = response_headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise FetchError(
                            url, f"the page is {int(declared)} bytes, over the {limit}-byte limit", TOO_LARGE
                        )
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise FetchError(url, f"the page is over the {limit}-byte limit", TOO_LARGE)
                        chunks.append(chunk)
                    return response.status_code, response_headers, b"".join(chunks)
            except _RefusedAddress as exc:
                raise FetchError(url, f"refused: {exc}", REFUSED) from exc
            except httpx.TimeoutException as exc:
                raise FetchError(url, f"timed out after {self.settings.timeout:g} s", TIMEOUT) from exc
            except httpx.HTTPError as exc:
                raise FetchError(url, f"network error: {type(exc).__name__}: {exc}", NETWORK) from exc

    # ------------------------------------------------------------ robots.txt

    def robots_allow(self, url: str) -> bool:
        """True unless the site's robots.txt forbids our User-Agent to fetch `url`."""
        return self.robots_refusal(url) is None

    def robots_refusal(self, url: str) -> str | None:
        """Why the site's robots.txt forbids fetching `url`, or None when it allows it.

        Read per RFC 9309: a robots.txt answering 4xx allows everything; one
        answering 5xx or not answering at all forbids everything until it
        answers again. Rules are cached per site for a day, an unreachable
        file for a few minutes.
        """
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        now = time.monotonic()
        with self._robots_lock:
            cached = self._robots.get(site)
        if cached is None or now >= cached[0]:
            rules = self._load_robots(site)
            ttl = ROBOTS_RETRY_SECONDS if rules.unreachable else ROBOTS_TTL_SECONDS
            with self._robots_lock:
                self._robots[site] = (now + ttl, rules)
        else:
            rules = cached[1]
        return rules.refusal(url, self.settings.user_agent)

    def _load_robots(self, site: str) -> RobotsRules:
        robots_url = f"{site}/robots.txt"
        try:
            result = self.fetch(robots_url, accept="text/plain", check_robots=False)
        except FetchError as exc:
            if exc.kind == REFUSED:
                raise
            if exc.kind in (TIMEOUT, NETWORK) or (exc.status is not None and exc.status >= 500):
                log.info("%s: robots.txt unreachable (%s); disallowing the site for now", site, exc.reason)
                return RobotsRules(unreachable=exc.reason)
            # 4xx and redirect loops mean "unavailable", which RFC 9309 reads as allow-all. A file over
            # max_bytes is read so too, where the RFC would parse its first 500 KiB.
            log.info("%s: no usable robots.txt (%s); allowing", site, exc.reason)
            return RobotsRules()
        return RobotsRules(rules=Protego.parse(result.text()))


@dataclass(frozen=True)
class RobotsRules:
    """What one site's robots.txt says: its rules, none (allow all), or that it could not be reached."""

    rules: Protego | None = None  # None: no usable robots.txt, so everything is allowed
    unreachable: str | None = None  # why robots.txt could not be read; then everything is disallowed

    def refusal(self, url: str, user_agent: str) -> str | None:
        """Why `user_agent` may not fetch `url` under these rules, or None when it may."""
        if self.unreachable:
            return f"the site's robots.txt is unreachable ({self.unreachable}), so the site is off limits for now"
        if self.rules is not None and not self.rules.can_fetch(url, user_agent):
            return "disallowed by the site's robots.txt"
        return None


# ---------------------------------------------------------------- content checks


def looks_binary(result: FetchResult) -> bool:
    """True for bodies that are not text: binary media types or NUL bytes near the start."""
    kind = result.content_type
    if kind.startswith(("image/", "audio/", "video/", "font/")) or kind in (
        "application/octet-stream",
        "application/pdf",
        "application/zip",
        "application/gzip",
    ):
        return True
    return b"\x00" in result.content[:2048]


def require_html(result: FetchResult) -> str:
    """The page's text if it is HTML; FetchError(kind=NOT_HTML) naming what it is otherwise."""
    kind = result.content_type
    if looks_binary(result) or (kind and kind not in HTML_TYPES):
        raise FetchError(result.final_url, f"not an HTML page ({kind or 'binary content'})", NOT_HTML)
    text = result.text()
    if not kind and "<" not in text[:4096]:
        raise FetchError(result.final_url, "not an HTML page (no markup)", NOT_HTML)
    return text
