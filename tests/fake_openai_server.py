"""A fake OpenAI-compatible chat completions server on 127.0.0.1, for the model-lead tests.

It answers POST /v1/chat/completions with scripted replies (content, status, delay,
raw body or a slow trickle) and records every request it receives.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer to one chat completions request."""

    content: str | None = None  # the assistant message content
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering
    raw_body: bytes | None = None  # sent as-is instead of a chat completion
    trickle: float = 0.0  # seconds between body bytes (a slow but live server)


@dataclass
class SeenRequest:
    """A request the server received."""

    path: str
    headers: dict[str, str]  # lower-case names
    body: dict[str, Any] = field(default_factory=dict)


def completion_body(content: str | None, model: str = "fake-model") -> bytes:
    """A minimal but complete chat.completion object carrying `content`."""
    return json.dumps(
        {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    ).encode()


class _QuietServer(ThreadingHTTPServer):
    """Ignores clients that hang up (the timeout tests do that on purpose)."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeOpenAIServer:
    """A threaded http.server on an ephemeral loopback port; use as a context manager."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[SeenRequest] = []
        self._stop = threading.Event()  # wakes sleeping handlers at shutdown
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        # A short poll keeps shutdown (once per test) quick.
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (with /v1) to give the client."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        """Queue replies; each request takes the next one (an empty queue answers 500)."""
        with self._lock:
            self.replies.extend(replies)

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next(self) -> Reply:
        with self._lock:
            return self.replies.popleft() if self.replies else Reply(status=500, raw_body=b'{"error": "unscripted"}')

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
                return  # keep test output clean

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {}
                seen = SeenRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with server._lock:
                    server.requests.append(seen)
                if self.path != "/v1/chat/completions":
                    self._send(404, b'{"error": "not found"}')
                    return
                reply = server._next()
                if reply.delay and server._stop.wait(reply.delay):
                    return
                payload = reply.raw_body if reply.raw_body is not None else completion_body(reply.content)
                if reply.trickle:
                    self._trickle(reply.status, payload, reply.trickle)
                else:
                    self._send(reply.status, payload)

            def _send(self, status: int, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _trickle(self, status: int, payload: bytes, gap: float) -> None:
                # Headers at once, then one byte per gap: each read finishes quickly,
                # so only an overall deadline stops the client waiting.
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.flush()
                for byte in payload:
                    if server._stop.wait(gap):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()

        return Handler


def refused_base_url() -> str:
    """A loopback base URL on a port nothing listens on (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
