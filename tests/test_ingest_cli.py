"""`briefbot ingest` end to end through the click CLI: bad inputs are named, the batch goes on, the exit status tells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from bot.cli import main
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
BODY = (
    "Port strike ends after pay deal\n\n"
    "Dock workers voted on Sunday to accept a 12 percent pay rise over two years, ending a strike that had halted "
    "shipments for nine days, their union said.\n\n"
    "The port operator said normal service would resume on Tuesday.\n"
)


@pytest.fixture
def runner(nlp: Language, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner with no config file around and the session's spaCy pipeline already loaded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFBOT_DB", raising=False)
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    return CliRunner()


def _names(db: Path) -> list[str]:
    with Store(str(db)) as store:
        return sorted(a["name"] for a in store.articles())


def _bad_batch(folder: Path) -> None:
    folder.mkdir()
    (folder / "a_good.txt").write_text(BODY)
    (folder / "b_binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (folder / "c_empty.txt").write_bytes(b"")
    (folder / "d_latin1.txt").write_bytes(BODY.replace("Dock", "D\u00e9j\u00e0 vu: dock").encode("latin-1"))
    (folder / "e_big.md").write_text(BODY * 400)
    (folder / "f_lines.jsonl").write_text(
        json.dumps({"text": BODY.replace("Sunday", "Monday"), "outlet": "Line Gazette"}) + "\n{broken\n",
        encoding="utf-8",
    )
    (folder / "g_broken.html").write_text(
        "<html><head><title>x</title><script>var a=1;</script></head><body><div><span></div></b>"
    )
    # Unclosed tags around real text: trafilatura makes the best of it.
    (folder / "h_sloppy.html").write_text("<html><body><div><p>" + BODY.replace("\n\n", "<p>"))


def test_bad_inputs_are_named_and_the_batch_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    _bad_batch(folder)
    (tmp_path / "config.toml").write_text("[ingest]\nmax_bytes = 20000\n")
    db = tmp_path / "b.db"
    result = runner.invoke(main, ["--db", str(db), "ingest", "--quiet", str(folder)])
    assert result.exit_code == 1, result.output
    err = result.stderr
    for bad in ("b_binary.txt", "c_empty.txt", "e_big.md", "f_lines.jsonl#2", "g_broken.html"):
        assert bad in err, bad
    assert "d_latin1.txt" not in err and "a_good.txt" not in err and "h_sloppy.html" not in err
    error_lines = [line for line in err.splitlines() if line.startswith("error")]
    assert len(error_lines) == 5
    assert _names(db) == ["a_good.txt", "d_latin1.txt", "f_lines.jsonl#1", "h_sloppy.html"]
    with Store(str(db)) as store:
        latin = next(a for a in store.articles() if a["name"] == "d_latin1.txt")
        assert "D\u00e9j\u00e0 vu: dock workers" in (store.article(latin["id"]) or {})["text"]


def test_explicit_bad_paths(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "ok.txt"
    good.write_text(BODY)
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(
        main,
        [
            "--db",
            str(tmp_path / "c.db"),
            "ingest",
            "-q",
            str(tmp_path / "missing.txt"),
            str(tmp_path / "slides.pptx"),
            str(good),
        ],
    )
    assert result.exit_code == 1
    assert "missing.txt: no such file or folder" in result.stderr
    assert "slides.pptx: unsupported file type .pptx" in result.stderr
    assert _names(tmp_path / "c.db") == ["ok.txt"]


def test_malformed_manifest_is_an_error_but_files_are_ingested(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    (folder / "manifest.toml").write_text("[[article]\n")
    db = tmp_path / "m.db"
    result = runner.invoke(main, ["--db", str(db), "ingest", "-q", str(folder)])
    assert result.exit_code == 1
    assert "manifest.toml: malformed manifest" in result.stderr
    assert _names(db) == ["a.txt"]


def test_clean_batch_exits_zero_and_is_idempotent(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "ok"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    (folder / "b.jsonl").write_text(json.dumps({"text": BODY.replace("Sunday", "Friday")}) + "\n")
    db = tmp_path / "ok.db"
    first = runner.invoke(main, ["--db", str(db), "ingest", str(folder), "--outlet", "Flag Times"])
    assert first.exit_code == 0, first.output
    assert "2 added" in first.stderr
    again = runner.invoke(main, ["--db", str(db), "ingest", str(folder)])
    assert again.exit_code == 0
    assert "0 added" in again.stderr and "2 unchanged" in again.stderr
    with Store(str(db)) as store:
        assert {a["outlet"] for a in store.articles()} == {"Flag Times"}


def test_seeds_are_stored_clean_with_manifest_metadata(runner: CliRunner, tmp_path: Path) -> None:
    import tomllib

    from bot.devtools.evaluate import normalise

    gold = tomllib.loads((ROOT / "tests" / "data" / "gold_seeds.toml").read_text(encoding="utf-8"))
    db = tmp_path / "seeds.db"
    result = runner.invoke(main, ["--db", str(db), "ingest", "-q", str(ROOT / "seeds")])
    assert result.exit_code == 0, result.output
    with Store(str(db)) as store:
        rows = {a["name"]: store.article(a["id"]) or {} for a in store.articles()}
    assert len(rows) == 5
    assert {r["outlet"] for r in rows.values()} == {"The Week", "The Daily Wire", "UPI", "RT", "Sputnik"}
    for name, row in rows.items():
        for snippet in gold["boilerplate"]["absent"]:
            assert normalise(snippet) not in normalise(row["text"]), f"{name}: {snippet}"
