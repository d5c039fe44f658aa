"""A local HTTP server on 127.0.0.1 for the fetch and feed tests (no other network)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FEED_DATA = Path(__file__).resolve().parent / "data" / "feeds"


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes | str | Callable[[], bytes | str] = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    delay: float = 0.0  # seconds to wait before answering
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class SeenRequest:
    """A request the server received."""

    path: str  # with the query string
    headers: dict[str, str]  # lower-case names


class _QuietServer(ThreadingHTTPServer):
    """Ignores clients that hang up (timeouts, size limits); other errors are still printed."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FixtureServer:
    """A threaded http.server on an ephemeral loopback port serving fixed routes."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[SeenRequest] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://{self.host}"

    @property
    def host(self) -> str:
        """127.0.0.1:PORT"""
        return f"127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base + path

    def route(self, path: str, **kwargs: object) -> None:
        """Serve `path` (query ignored) as described by Route's fields."""
        self.routes[path] = Route(**kwargs)  # type: ignore[arg-type]

    def fixture(self, path: str, name: str, content_type: str, **kwargs: object) -> None:
        """Serve a file of tests/data/feeds on `path`, with {base} and {host} filled in."""
        self.route(
            path,
            body=lambda: self.render((FEED_DATA / name).read_text(encoding="utf-8")),
            content_type=content_type,
            **kwargs,
        )

    def render(self, text: str) -> str:
        """Fill {base} and {host} placeholders of a fixture."""
        return text.replace("{base}", self.base).replace("{host}", self.host)

    def paths_seen(self) -> list[str]:
        """Paths (without queries) of every request received, in order."""
        return [urlsplit(r.path).path for r in self.requests]

    def start(self) -> FixtureServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
                with server._lock:
                    server.requests.append(SeenRequest(self.path, {k.lower(): v for k, v in self.headers.items()}))
                    server.active += 1
                    server.max_active = max(server.max_active, server.active)
                try:
                    self._answer()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)
                finally:
                    with server._lock:
                        server.active -= 1

            def _answer(self) -> None:
                route = server.routes.get(urlsplit(self.path).path)
                if route is None:
                    self._send(404, b"not found", "text/plain", {})
                    return
                if route.delay:
                    time.sleep(route.delay)
                extra = dict(route.headers)
                if route.etag:
                    extra["ETag"] = route.etag
                    if self.headers.get("If-None-Match") == route.etag:
                        self._send(304, b"", None, extra)
                        return
                body = route.body() if callable(route.body) else route.body
                data = body.encode("utf-8") if isinstance(body, str) else body
                self._send(route.status, data, route.content_type, extra)

            def _send(self, status: int, data: bytes, content_type: str | None, extra: dict[str, str]) -> None:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if data:
                    self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return  # keep test output quiet

        return Handler
