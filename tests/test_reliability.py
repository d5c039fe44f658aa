"""Nothing lost under bad input, concurrency and shutdown: each case of the hostile-user pass.

Everything is driven through the command line (click's CliRunner in this
process, or `python -m bot` in subprocesses where processes must race or be
signalled), so the tests hold whatever module a fix lives in.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiohttp import web
from click.testing import CliRunner
from spacy.language import Language

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent


def article(tag: str, number: int) -> str:
    """A small news text with three attributed statements, distinct per (tag, number)."""
    return (
        f"Port strike {tag}{number} ends after pay deal\n\n"
        f"Dock workers in harbour {tag}{number} voted on Sunday to accept a {number + 3} percent pay rise over two years, "
        "ending a strike that had halted shipments for nine days, their union said.\n\n"
        f"The port operator said normal service would resume on Tuesday, a spokeswoman for harbour {tag}{number} "
        "told reporters.\n\n"
        f"The transport minister denied that the government had intervened in talks at harbour {tag}{number}.\n"
    )


def write_articles(folder: Path, tag: str, count: int) -> list[Path]:
    """`count` article files `TAGnnn.txt` in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{tag}{number:03d}.txt"
        path.write_text(article(tag, number), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def runner(nlp: Language, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner with no config file around and the session's spaCy pipeline already loaded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFBOT_DB", raising=False)
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    return CliRunner()


def db_rows(db: Path, sql: str) -> list[tuple]:
    """Rows of a query on the store file, read with plain sqlite3 (no briefbot code involved)."""
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def statements_json(runner: CliRunner, db: Path) -> list[dict]:
    """`statements --json` of the store."""
    result = runner.invoke(main, ["--db", str(db), "statements", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def summary_counts(stderr: str) -> dict[str, int]:
    """The numbers of the ingest summary line ('2 added, 0 replaced, 0 unchanged, 0 failed; 6 statements')."""
    line = next(line for line in stderr.splitlines() if " added, " in line)
    counts = {}
    for part in line.replace(";", ",").split(","):
        number, label = part.split()
        counts[label] = int(number)
    return counts


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a `python -m bot` subprocess running this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "SLACK_", "DISCORD_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def bot_process(args: list[str], cwd: Path, **extra: str) -> subprocess.Popen[str]:
    """Start `python -m bot ARGS` in `cwd`; stdout and stderr captured as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=bot_env(cwd, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# ---------------------------------------------------------------- 1. long articles


def long_text(paragraphs: int, marker: str) -> str:
    """Many short paragraphs, each with a statement; the last one carries `marker`."""
    lines = ["Harbour strike: the long record\n"]
    for number in range(paragraphs):
        lines.append(
            f"The port operator said on day {number} that service would resume, a spokeswoman told reporters.\n"
        )
    lines.append(f"The union leader said the {marker} agreement was final.\n")
    return "\n".join(lines)


def test_long_article_is_chunked_and_batch_goes_on(
    runner: CliRunner, tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parser's limit is lowered so a text a few times over it stays quick to parse;
    # a real over-a-megabyte text takes the same path (see the split test below).
    monkeypatch.setattr(nlp, "max_length", 12_000)
    folder = tmp_path / "batch"
    write_articles(folder, "s", 3)
    text = long_text(350, "zebracrossing")
    assert len(text) > 2.5 * 12_000
    (folder / "long.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "long.db"
    result = runner.invoke(main, ["--db", str(db), "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    assert "E088" not in result.output and "Traceback" not in result.output
    assert summary_counts(result.stderr)["added"] == 4
    assert sorted(r[0] for r in db_rows(db, "SELECT name FROM articles")) == [
        "long.txt",
        "s000.txt",
        "s001.txt",
        "s002.txt",
    ]
    rows = statements_json(runner, db)
    long_rows = [r for r in rows if r["article"] == "long.txt"]
    # Statements from the first, the middle and the last chunk, offsets into the whole text.
    assert any("day 0 " in r["evidence"] for r in long_rows)
    assert any("day 150 " in r["evidence"] for r in long_rows)
    assert any("zebracrossing" in r["text"] for r in long_rows)
    stored = db_rows(db, "SELECT text FROM articles WHERE name = 'long.txt'")[0][0]
    assert len(stored) > 2 * 12_000
    for row in long_rows:
        assert stored[row["start"] : row["end"]] == row["evidence"]
    assert summary_counts(result.stderr)["statements"] == len(rows)


def test_article_over_a_megabyte_is_split_under_the_parser_limit() -> None:
    from bot.ingest.pipeline import split_for_parser

    text = long_text(13_000, "zebracrossing")
    assert len(text) > 1_200_000
    chunks = split_for_parser(text, 1_000_000)
    assert len(chunks) >= 2
    assert "".join(chunks) == text  # offsets in each chunk add up to offsets in the text
    assert all(len(chunk) <= 1_000_000 for chunk in chunks)
    assert all(chunk.endswith("\n") for chunk in chunks[:-1])  # cut between paragraphs
    # One paragraph longer than the limit is cut between sentences.
    sentences = "".join(f"Officials said talks {i} went well. " for i in range(4000))
    pieces = split_for_parser(sentences, 10_000)
    assert "".join(pieces) == sentences and all(len(p) <= 10_000 for p in pieces)
    assert all(p.endswith(". ") for p in pieces[:-1])


def test_parser_failure_on_one_article_does_not_stop_the_batch(
    runner: CliRunner, tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "batch"
    write_articles(folder, "p", 3)
    (folder / "p001.txt").write_text(article("p", 1).replace("Tuesday", "Tuesday poisonword"), encoding="utf-8")
    make_doc = nlp.make_doc

    def failing_make_doc(text: str):  # type: ignore[no-untyped-def]
        if "poisonword" in text:
            raise ValueError("the tokenizer failed")
        return make_doc(text)

    monkeypatch.setattr(nlp, "make_doc", failing_make_doc)
    db = tmp_path / "p.db"
    result = runner.invoke(main, ["--db", str(db), "ingest", "-q", str(folder)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and "p001.txt" in errors[0] and "the tokenizer failed" in errors[0]
    assert "Traceback" not in result.output
    assert sorted(r[0] for r in db_rows(db, "SELECT name FROM articles")) == ["p000.txt", "p002.txt"]


# ---------------------------------------------------------------- 2. article identity


def test_same_file_name_in_two_folders_both_stored(runner: CliRunner, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    for number, sub in enumerate(("world", "politics")):
        (mirror / sub).mkdir(parents=True)
        (mirror / sub / "index.txt").write_text(article(sub, number), encoding="utf-8")
    db = tmp_path / "m.db"
    result = runner.invoke(main, ["--db", str(db), "ingest", str(mirror)])
    assert result.exit_code == 0, result.output
    counts = summary_counts(result.stderr)
    assert counts["added"] == 2 and counts["replaced"] == 0
    assert sorted(r[0] for r in db_rows(db, "SELECT name FROM articles")) == ["politics/index.txt", "world/index.txt"]
    stored = db_rows(db, "SELECT COUNT(*) FROM statements")[0][0]
    assert stored == counts["statements"] and stored >= 4


def test_same_file_name_in_two_separate_ingests_both_stored(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    for number, site in enumerate(("site_a", "site_b")):
        (tmp_path / site).mkdir()
        (tmp_path / site / "index.txt").write_text(article(site, number), encoding="utf-8")
        result = runner.invoke(main, ["--db", str(db), "ingest", str(tmp_path / site)])
        assert result.exit_code == 0, result.output
        assert summary_counts(result.stderr)["added"] == 1
    assert db_rows(db, "SELECT COUNT(*) FROM articles")[0][0] == 2
    # Editing one of them replaces that one, not the other.
    (tmp_path / "site_a" / "index.txt").write_text(article("site_a", 7), encoding="utf-8")
    result = runner.invoke(main, ["--db", str(db), "ingest", str(tmp_path / "site_a")])
    counts = summary_counts(result.stderr)
    assert counts["replaced"] == 1 and counts["added"] == 0
    texts = [r[0] for r in db_rows(db, "SELECT text FROM articles")]
    assert len(texts) == 2 and any("site_a7" in t for t in texts) and any("site_b1" in t for t in texts)


def test_summary_never_counts_what_was_not_stored(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "f"
    one = write_articles(folder, "d", 1)[0]
    (folder / "copy.txt").write_text(one.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "d.db"
    # The same file twice, and a byte-identical copy, in one batch.
    result = runner.invoke(main, ["--db", str(db), "ingest", str(one), str(one), str(folder)])
    assert result.exit_code == 0, result.output
    counts = summary_counts(result.stderr)
    stored = db_rows(db, "SELECT COUNT(*) FROM articles")[0][0]
    assert stored == 1
    assert counts["added"] + counts["replaced"] == stored
    assert counts["statements"] == db_rows(db, "SELECT COUNT(*) FROM statements")[0][0]


# ---------------------------------------------------------------- 3. and 4. concurrency


def test_two_concurrent_ingests_store_every_article(tmp_path: Path) -> None:
    write_articles(tmp_path / "a", "a", 8)
    write_articles(tmp_path / "b", "b", 8)
    db = tmp_path / "c.db"
    procs = [bot_process(["--db", str(db), "ingest", str(tmp_path / tag)], tmp_path) for tag in ("a", "b")]
    outputs = [p.communicate(timeout=240) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err
    assert db_rows(db, "SELECT COUNT(*) FROM articles")[0][0] == 16
    reported = sum(summary_counts(err)["statements"] for _, err in outputs)
    assert db_rows(db, "SELECT COUNT(*) FROM statements")[0][0] == reported >= 16 * 2


def test_new_store_opened_by_many_processes(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    procs = [bot_process(["--db", str(db), "feeds", "list", "--json"], tmp_path) for _ in range(6)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert json.loads(out) == []
    from bot.store.migrations import MIGRATIONS

    assert db_rows(db, "PRAGMA user_version")[0][0] == len(MIGRATIONS)


def _open_store_at_once(path: str, barrier: object, results: object) -> None:
    from bot.store import Store

    barrier.wait()  # type: ignore[attr-defined]
    try:
        with Store(path) as store:
            results.put(("ok", store.schema_version))  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - the test reports what failed
        results.put(("error", f"{type(exc).__name__}: {exc}"))  # type: ignore[attr-defined]


def test_new_store_created_and_migrated_by_racing_processes(tmp_path: Path) -> None:
    import multiprocessing

    from bot.store.migrations import MIGRATIONS

    context = multiprocessing.get_context("fork")
    for attempt in range(3):
        path = str(tmp_path / f"race{attempt}.db")
        barrier, results = context.Barrier(8), context.Queue()
        workers = [context.Process(target=_open_store_at_once, args=(path, barrier, results)) for _ in range(8)]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
        assert outcomes == [("ok", len(MIGRATIONS))] * 8


def test_stress_two_ingests_and_questions_on_one_store(runner: CliRunner, tmp_path: Path) -> None:
    write_articles(tmp_path / "a", "a", 10)
    write_articles(tmp_path / "b", "b", 10)
    db = tmp_path / "stress.db"
    asker = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sys, time\n"
            "from click.testing import CliRunner\n"
            "from bot.cli import main\n"
            "runner, deadline, answered = CliRunner(), time.time() + 600, 0\n"
            "while time.time() < deadline:\n"
            "    result = runner.invoke(main, ['--db', sys.argv[1], 'ask', 'Did the port operator say service would resume?'])\n"
            "    if result.exit_code != 0:\n"
            "        print('ask failed:', result.output, result.exception, flush=True); sys.exit(1)\n"
            "    answered += 1\n"
            "    if sys.stdin.readable() and __import__('select').select([sys.stdin], [], [], 0)[0]: break\n"
            "print('answered', answered, flush=True)\n",
            str(db),
        ],
        cwd=tmp_path, env=bot_env(tmp_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    ingests = [bot_process(["--db", str(db), "ingest", str(tmp_path / tag)], tmp_path) for tag in ("a", "b")]
    outputs = [p.communicate(timeout=300) for p in ingests]
    asker_out, asker_err = asker.communicate("stop\n", timeout=120)
    assert asker.returncode == 0, asker_out + asker_err
    assert int(asker_out.split()[-1]) >= 1
    for proc, (_, err) in zip(ingests, outputs, strict=True):
        assert proc.returncode == 0, err
    # The same files ingested one after the other into a private store: the reference.
    reference = tmp_path / "reference.db"
    for tag in ("a", "b"):
        assert runner.invoke(main, ["--db", str(reference), "ingest", "-q", str(tmp_path / tag)]).exit_code == 0

    def content(path: Path) -> list[tuple]:
        return sorted(
            db_rows(
                path,
                "SELECT a.name, s.kind, s.speaker, s.text, s.start, s.end FROM statements s JOIN articles a ON a.id = s.article_id",
            )
        )

    assert db_rows(db, "SELECT COUNT(*) FROM articles")[0][0] == 20
    assert content(db) == content(reference)
    assert len(content(db)) == sum(summary_counts(err)["statements"] for _, err in outputs)


# ---------------------------------------------------------------- 5. stopping


class FakeSlackApi:
    """Slack's Web API on 127.0.0.1, in a thread: auth.test passes, the Socket Mode URL leads nowhere.

    `mode`: "unreachable" hands out a websocket URL on a closed port (the client
    retries the connection for ever); "reconnecting" serves a websocket that says
    hello and drops the connection half a second later, again and again; "hang"
    never answers auth.test.
    """

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.calls: list[str] = []
        self.port = 0
        self.closed_port = free_port()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FakeSlackApi:
        self._thread.start()
        assert self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _shutdown(self) -> None:
        await self._runner.cleanup()
        # Handlers still sleeping (a hung auth.test, an open websocket) end here, not at exit.
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.add_routes([web.post("/api/{method}", self._api), web.get("/socket", self._socket)])
        runner = self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = runner.addresses[0][1]
        self._ready.set()
        self._loop.run_forever()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls.append(method)
        if self.mode == "hang":
            await asyncio.sleep(3600)
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "briefbot"}
            )
        if method == "apps.connections.open":
            port = self.port if self.mode == "reconnecting" else self.closed_port
            return web.json_response({"ok": True, "url": f"ws://127.0.0.1:{port}/socket"})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        self.calls.append("socket")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1})
        await asyncio.sleep(0.5)
        await ws.close()
        return ws


def free_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("mode", "reached"),
    [("unreachable", "apps.connections.open"), ("reconnecting", "socket"), ("hang", "auth.test")],
    ids=["websocket-unreachable", "websocket-keeps-dropping", "web-api-hangs"],
)
def test_sigterm_stops_run_while_slack_cannot_connect(tmp_path: Path, mode: str, reached: str) -> None:
    with FakeSlackApi(mode) as fake:
        proc = bot_process(
            ["--db", str(tmp_path / "run.db"), "run", "--platform", "slack"],
            tmp_path,
            SLACK_BOT_TOKEN="xoxb-test-not-a-real-token",
            SLACK_APP_TOKEN="xapp-test-not-a-real-token",
            SLACK_API_URL=f"http://127.0.0.1:{fake.port}/api/",
        )
        try:
            deadline = time.monotonic() + 90
            # "socket" twice: dropped once and reconnected, so the signal comes during reconnects.
            while fake.calls.count(reached) < (2 if reached == "socket" else 1) and time.monotonic() < deadline:
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
            assert reached in fake.calls, "the bot never got as far as connecting"
            time.sleep(1.5)  # into the connect (or retry) loop
            assert proc.poll() is None, "run ended by itself before the signal"
            sent = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=8)
            except subprocess.TimeoutExpired:
                pytest.fail(f"run still going {time.monotonic() - sent:.0f} s after SIGTERM")
            _, err = proc.communicate(timeout=10)
            assert "SIGTERM received" in err
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


# ---------------------------------------------------------------- 6. untrusted text


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error")]


def test_untrusted_text_is_not_rich_markup(runner: CliRunner, tmp_path: Path) -> None:
    # A URL with a closing tag in it: refused (private address), printed as given, one line.
    db = str(tmp_path / "u.db")
    result = runner.invoke(main, ["--db", db, "ingest", "http://10.0.0.1/[/]"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = error_lines(result.stderr)
    assert len(lines) == 1
    assert "http://10.0.0.1/[/]" in lines[0]
    assert "set [fetch] allow_private = true" in lines[0]
    # File names with markup and a newline: named exactly, each error on one line.
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "c[red]d.txt").write_text("\x00\x01" * 50)
    (folder / "new\nline.txt").write_text("\x00\x01" * 50)
    (folder / "[bold]e[blink].txt").write_text("\x00\x01" * 50)
    result = runner.invoke(main, ["--db", db, "ingest", str(folder)])
    assert result.exit_code == 1
    lines = error_lines(result.stderr)
    assert len(lines) == 3, result.stderr
    assert sum("c[red]d.txt: binary file" in line for line in lines) == 1
    assert sum("[bold]e[blink].txt: binary file" in line for line in lines) == 1
    assert sum("new\\nline.txt: binary file" in line for line in lines) == 1
    assert len(result.stderr.splitlines()) == 4  # three errors and the summary


def test_stored_text_with_markup_prints_in_tables(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "a.txt").write_text(
        article("m", 1).replace("normal service", "[/] normal [red]service"), encoding="utf-8"
    )
    db = str(tmp_path / "m.db")
    assert runner.invoke(main, ["--db", db, "ingest", "-q", str(folder)]).exit_code == 0
    result = runner.invoke(main, ["--db", db, "statements"])
    assert result.exit_code == 0, result.output
    assert "[red]service" in result.stdout


# ---------------------------------------------------------------- 7. special files


def test_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    good = write_articles(tmp_path / "ok", "f", 1)[0]
    folder = tmp_path / "dir"  # in a folder a FIFO is skipped, not read
    write_articles(folder, "g", 1)
    os.mkfifo(folder / "pipe.txt")
    args = [
        "--db",
        str(tmp_path / "f.db"),
        "ingest",
        "-q",
        str(fifo),
        str(tmp_path / "zero.txt"),
        str(good),
        str(folder),
    ]
    proc = bot_process(args, tmp_path)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("ingest hung on a FIFO or a device")
    assert proc.returncode == 1
    lines = error_lines(err)
    assert len(lines) == 2, err
    assert "pipe.txt: not a regular file (a FIFO)" in lines[0]
    assert "zero.txt: not a regular file (a character device)" in lines[1]
    assert sorted(db_rows(tmp_path / "f.db", "SELECT name FROM articles")) == [("f000.txt",), ("g000.txt",)]


@pytest.mark.parametrize(
    ("args_before", "args_after", "what"),
    [
        (["--config"], ["statements"], "cannot read config file: not a regular file (a FIFO)"),
        ([], ["eval"], "cannot read gold file: not a regular file (a FIFO)"),
    ],
)
def test_fifo_settings_files_are_refused(
    tmp_path: Path, args_before: list[str], args_after: list[str], what: str
) -> None:
    # Nothing writes to these FIFOs: a blocking open would hang the command for ever.
    fifo = tmp_path / "settings.toml"
    os.mkfifo(fifo)
    db = ["--db", str(tmp_path / "s.db")]
    args = [*db, *args_before, str(fifo), *args_after] if args_before else [*db, *args_after, str(fifo)]
    proc = bot_process(args, tmp_path)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{args} hung on a FIFO")
    assert proc.returncode != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "settings.toml" in lines[0] and what in lines[0]


# ---------------------------------------------------------------- 8. dates


def test_bad_published_date_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    good = write_articles(tmp_path / "ok", "h", 1)[0]
    db = tmp_path / "h.db"
    for bad in ("notadate", "2022-13-01", "2022-02-08T10:00", "08/02/2022"):
        result = runner.invoke(main, ["--db", str(db), "ingest", "--published", bad, str(good)])
        assert result.exit_code == 2, (bad, result.output)
        last = result.output.strip().splitlines()[-1]
        assert "--published" in last and bad in last, last
    assert not db.exists() or db_rows(db, "SELECT COUNT(*) FROM articles")[0][0] == 0
    result = runner.invoke(main, ["--db", str(db), "ingest", "--published", "2022-02-08T10:00:00+02:00", str(good)])
    assert result.exit_code == 0, result.output
    assert db_rows(db, "SELECT published FROM articles") == [("2022-02-08T08:00:00+00:00",)]


def test_bad_published_in_jsonl_and_manifest_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "meta"
    folder.mkdir()
    lines = [
        {"text": article("j", 1), "published": "yesterday"},
        {"text": article("j", 2), "published": "2022-02-08"},
        {"text": article("j", 3), "published": "2022-02-08T10:00:00Z"},
    ]
    (folder / "lines.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    (folder / "m.txt").write_text(article("j", 4), encoding="utf-8")
    (folder / "manifest.toml").write_text('[[article]]\nfile = "m.txt"\npublished = "last week"\n', encoding="utf-8")
    db = tmp_path / "j.db"
    result = runner.invoke(main, ["--db", str(db), "ingest", "-q", str(folder)])
    assert result.exit_code == 1
    errors = error_lines(result.stderr)
    assert len(errors) == 2
    assert any("lines.jsonl#1" in e and "'yesterday'" in e and "published" in e for e in errors)
    assert any("m.txt" in e and "'last week'" in e and "published" in e for e in errors)
    assert sorted(db_rows(db, "SELECT name, published FROM articles")) == [
        ("lines.jsonl#2", "2022-02-08"),
        ("lines.jsonl#3", "2022-02-08T10:00:00+00:00"),
    ]


# ---------------------------------------------------------------- 9. wording


def test_error_messages_read_correctly(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"text": "unterminated\n', encoding="utf-8")
    result = runner.invoke(main, ["--db", str(tmp_path / "w.db"), "ingest", str(tmp_path / "bad.jsonl")])
    assert result.exit_code == 1
    (line,) = error_lines(result.stderr)
    assert "bad.jsonl#1: malformed JSON line: Unterminated string starting at column 10" in line
    assert "at at" not in line
    result = runner.invoke(main, ["--db", str(tmp_path / "w.db"), "ingest", "http://0.0.0.0/story"])
    (line,) = error_lines(result.stderr)
    assert "an unspecified address" in line and "a unspecified" not in line


def test_store_from_before_article_keys_is_migrated_and_its_files_replaced(runner: CliRunner, tmp_path: Path) -> None:
    import sqlite_utils

    from bot.store.migrations import MIGRATIONS

    db = tmp_path / "old.db"
    old = sqlite_utils.Database(str(db))
    # The schema as it was before articles had keys (found by name, so renumbering cannot break it).
    before_keys = next(i for i, m in enumerate(MIGRATIONS) if m.__name__.endswith("_article_keys"))
    for migration in MIGRATIONS[:before_keys]:
        migration(old)
    old.execute(f"PRAGMA user_version = {before_keys}")
    old.execute(
        "INSERT INTO articles (name, source, text, raw_text, content_hash) VALUES ('feed.txt', 'https://x', 't', 't', 'h')"
    )
    old.conn.commit()
    old.close()
    folder = tmp_path / "site"
    path = write_articles(folder, "k", 1)[0]
    result = runner.invoke(main, ["--db", str(db), "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    assert db_rows(db, "PRAGMA user_version")[0][0] == len(MIGRATIONS)
    assert db_rows(db, "SELECT source_key FROM articles WHERE name = 'feed.txt'") == [("feed.txt",)]
    # An article stored by name (as before keys) is replaced when its file, read from the same path, changes.
    conn = sqlite3.connect(str(db))
    conn.execute("UPDATE articles SET source_key = name WHERE name = 'k000.txt'")
    conn.commit()
    conn.close()
    path.write_text(article("k", 5), encoding="utf-8")
    result = runner.invoke(main, ["--db", str(db), "ingest", str(folder)])
    assert summary_counts(result.stderr)["replaced"] == 1
    rows = db_rows(db, "SELECT name, source_key FROM articles WHERE name = 'k000.txt'")
    assert rows == [("k000.txt", str(path.resolve()))]


def test_write_transactions_nest_and_roll_back_only_what_failed() -> None:
    from bot.store import Store

    with Store(":memory:") as store:
        with store.transaction():
            store.db.execute("INSERT INTO outlets (name) VALUES ('kept')")
            with pytest.raises(ValueError), store.transaction():
                store.db.execute("INSERT INTO outlets (name) VALUES ('undone inside')")
                raise ValueError("inner part fails")
        with pytest.raises(KeyError), store.transaction():
            store.db.execute("INSERT INTO outlets (name) VALUES ('undone outside')")
            raise KeyError("whole transaction fails")
        assert store.outlets() == ["kept"]
        assert not store.db.conn.in_transaction


def test_feed_poll_stopped_midway_leaves_the_rest_for_the_next_poll(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.ingest import feeds
    from bot.ingest.fetch import Fetcher, FetchSettings
    from bot.store import Store
    from feed_server import FixtureServer

    store_candidate = feeds.store_candidate
    calls = []
    stop = threading.Event()  # what the running bot's poll jobs get (set by feeds.stop_polling)

    def store_then_stop(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[1].url)
        outcome = store_candidate(*args, **kwargs)
        stop.set()  # the bot is told to stop while the first entry is being stored
        return outcome

    monkeypatch.setattr(feeds, "store_candidate", store_then_stop)
    now = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
    with (
        FixtureServer() as server,
        Fetcher(FetchSettings(allow_private=True, timeout=0.5)) as fetcher,
        Store() as store,
    ):
        server.fixture("/feeds/harbor.xml", "harbor.xml", "application/rss+xml", etag='"harbor-1"')
        server.fixture("/harbor/port-strike", "port_strike.html", "text/html; charset=utf-8")
        server.fixture("/harbor/council-vote", "council_vote.html", "text/html; charset=utf-8")
        url = server.url("/feeds/harbor.xml")
        row, _ = store.add_feed(url=url, canonical_url=url, outlet=None, every_seconds=900)
        stopped = feeds.poll_due_feeds(store, fetcher, now, nlp=nlp, stop=stop)
        assert len(calls) == 1 and store.article_count() == 1
        assert [e.status for e in stopped[0].entries] == [feeds.INGESTED]
        assert feeds.poll_due_feeds(store, fetcher, now + timedelta(hours=1), nlp=nlp, stop=stop) == []  # no new poll
        monkeypatch.setattr(feeds, "store_candidate", store_candidate)
        # The next poll reads the whole feed again (no 304) and takes the entries left over.
        later = feeds.poll_feed(store, row["id"], fetcher=fetcher, now=now + timedelta(hours=1), nlp=nlp)
        assert later.status == "ok", later.error
        assert feeds.INGESTED in [e.status for e in later.entries]
        assert store.article_count() >= 2
