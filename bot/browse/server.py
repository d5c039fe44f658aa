"""A read-only Datasette over the briefbot store, described by the packaged metadata."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import sqlite_utils
import uvicorn
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import DEFAULT_PLUGINS, pm
from datasette.utils import parse_metadata

from bot.store.ledger_queries import LEDGER_QUERIES

# The name the store is served under: URLs (/ledger/statements) and the metadata
# stay the same whatever the store file is called.
DATABASE_NAME = "ledger"

# The packaged stylesheet, served at /briefbot-static/ (see `extra_css_urls` in the metadata).
STATIC_DIR = Path(__file__).resolve().parent / "static"

# Tables every briefbot store has; a file without them is not a store.
_STORE_TABLES = ("articles", "statements", "propositions", "speakers")

SETTINGS: dict[str, Any] = {
    "default_page_size": 50,
    "max_returned_rows": 1000,
    # Canned queries join statements to outlets; a large store needs more than the 1 s default.
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    # The curated facets in the metadata are the useful ones; suggestions add noise and time.
    "suggest_facets": False,
    # Whole article texts make table pages unreadable; the row page shows them in full.
    "truncate_cells_html": 300,
    "allow_download": False,
}


class BrowseError(Exception):
    """The store cannot be browsed; the message is one line naming the file."""


class StoreNotFoundError(BrowseError):
    """The store file does not exist."""


class NotAStoreError(BrowseError):
    """The file exists but is not a briefbot store."""


class ReadOnlyDatabase(Database):  # type: ignore[misc, unused-ignore]  # datasette ships no type hints
    """A Datasette database whose every connection is read-only, its write connection included.

    Datasette opens mutable file databases with `mode=ro` for reads but opens
    a writable connection for `execute_write`; plugins and write canned queries
    use that one. Here it is read-only as well, so no code path can change the store.
    """

    def connect(self, write: bool = False) -> sqlite3.Connection:
        """A `mode=ro` connection to the store, whatever Datasette asks for."""
        return super().connect(write=False)  # type: ignore[no-any-return, unused-ignore]


ASGIApp = Callable[[dict[str, Any], Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]], Awaitable[None]]

# HTTP methods that only read. Datasette answers POST on write canned queries,
# log-in/out and debug forms; none of them belongs in a read-only browser.
_READ_METHODS = frozenset({"GET", "HEAD"})


def refuse_writes(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so every HTTP request other than GET or HEAD gets 405 Method Not Allowed."""

    async def read_only(
        scope: dict[str, Any], receive: Callable[..., Awaitable[Any]], send: Callable[..., Awaitable[Any]]
    ) -> None:
        if scope.get("type") == "http" and scope.get("method") not in _READ_METHODS:
            await send(
                {
                    "type": "http.response.start",
                    "status": 405,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD")],
                }
            )
            await send({"type": "http.response.body", "body": b"briefbot browse is read-only\n"})
            return
        await app(scope, receive, send)

    return read_only


class BrowseDatasette(Datasette):  # type: ignore[misc, unused-ignore]  # datasette ships no type hints
    """Datasette whose app (and so its test client) refuses every request that is not a read."""

    def app(self) -> ASGIApp:
        """Datasette's ASGI app behind `refuse_writes`."""
        return refuse_writes(super().app())


def canned_queries() -> dict[str, dict[str, Any]]:
    """Datasette's `queries` metadata built from the store's ledger queries, in their order.

    The SQL stays in the store package; the browser only adds how it shows them
    (the SQL hidden behind each query's title and description).
    """
    queries: dict[str, dict[str, Any]] = {}
    for query in LEDGER_QUERIES:
        entry: dict[str, Any] = {
            "title": query.title,
            "hide_sql": True,
            "description": query.description,
            "sql": query.sql,
        }
        if query.params:
            entry["params"] = list(query.params)
        queries[query.name] = entry
    return queries


def load_metadata() -> dict[str, Any]:
    """The packaged Datasette metadata (titles, descriptions, facets, search) with the store's canned queries."""
    text = resources.files("bot.browse").joinpath("metadata.yaml").read_text(encoding="utf-8")
    metadata: dict[str, Any] = parse_metadata(text)
    metadata["databases"][DATABASE_NAME]["queries"] = canned_queries()
    return metadata


def check_store(db_path: str | Path) -> Path:
    """The store's path, after checking it exists and holds a briefbot store (opened read-only).

    Raises `StoreNotFoundError` or `NotAStoreError` with a one-line message naming the path.
    """
    path = Path(db_path)
    if not path.is_file():
        raise StoreNotFoundError(f"{path}: no such store file (create one with `briefbot --db {path} ingest ...`)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise NotAStoreError(f"{path}: cannot open store: {exc}") from exc
    try:
        tables = set(sqlite_utils.Database(conn).table_names())
    except sqlite3.DatabaseError as exc:
        raise NotAStoreError(f"{path}: not a briefbot store: {exc}") from exc
    finally:
        conn.close()
    missing = [name for name in _STORE_TABLES if name not in tables]
    if missing:
        raise NotAStoreError(f"{path}: not a briefbot store (no {', '.join(missing)} table)")
    return path


def _drop_third_party_plugins() -> None:
    # Datasette loads every installed plugin at import; one could add a write
    # path or call out to the network, so only Datasette's own remain.
    for plugin in list(pm.get_plugins()):
        name = getattr(plugin, "__name__", "")
        if name not in DEFAULT_PLUGINS:
            pm.unregister(plugin)


def make_datasette(db_path: str | Path) -> Datasette:
    """A Datasette serving the store at `db_path` read-only, with the packaged metadata.

    Raises `StoreNotFoundError` or `NotAStoreError` (both `BrowseError`) for a bad path.
    """
    path = check_store(db_path)
    _drop_third_party_plugins()
    ds = BrowseDatasette(
        files=[],
        metadata=load_metadata(),
        settings=SETTINGS,
        plugins_dir=None,
        static_mounts=[("briefbot-static", str(STATIC_DIR))],
    )
    # With no files Datasette adds an in-memory scratch database; the store is the only one shown.
    ds.remove_database("_memory")
    ds.add_database(ReadOnlyDatabase(ds, path=str(path.resolve()), is_mutable=True), name=DATABASE_NAME)
    return ds


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the store read-only on http://host:port/ until interrupted."""
    ds = make_datasette(db_path)
    # Datasette runs its start-up hooks on the first request, in uvicorn's event loop.
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


def check_served(
    db_path: str | Path, host: str = "127.0.0.1", port: int = 8001, timeout: float = 15.0
) -> dict[str, int]:
    """Serve the store on host:port, run every canned query over HTTP, stop: rows per query.

    The speaker parameter of a speaker's ledger is the most quoted speaker, read
    from the statements' speaker facet, so the check needs no name given.
    Raises `BrowseError` when the server cannot start (a port in use) or a page fails.
    """
    ds = make_datasette(db_path)
    server = uvicorn.Server(uvicorn.Config(ds.app(), host=host, port=port, log_level="error"))
    # uvicorn only installs signal handlers in the main thread, so it runs quietly beside us.
    thread = threading.Thread(target=server.run, name="briefbot-browse-check", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise BrowseError(f"{host}:{port}: the browser did not start (is the port in use?)")
            time.sleep(0.05)
        base = f"http://{host}:{port}/{DATABASE_NAME}"
        with httpx.Client(timeout=timeout) as client:
            queries = _json(client, f"{base}.json", {})["queries"]
            facet = _json(client, f"{base}/statements.json", {"_size": "1"})["facet_results"]
            speakers = facet.get("speaker_id", {}).get("results") or [{"label": ""}]
            counts: dict[str, int] = {}
            for query in queries:
                params = {"_shape": "array", **{name: speakers[0]["label"] for name in query.get("params") or ()}}
                counts[query["name"]] = len(_json(client, f"{base}/{query['name']}.json", params))
        return counts
    finally:
        server.should_exit = True
        thread.join(timeout)


def _json(client: httpx.Client, url: str, params: dict[str, str]) -> Any:
    try:
        response = client.get(url, params=params)
        response.raise_for_status()
        return response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise BrowseError(f"{url}: {exc}") from exc
