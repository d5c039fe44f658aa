"""Reading inputs: file kinds, folders, manifests, flags, JSONL, and every kind of bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.ingest.readers import InputError, count_inputs, decode_bytes, iter_inputs
from bot.models import ArticleInput

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LIMIT = 5_000_000
BODY = "The mayor said on Monday that the bridge would reopen in June after repairs.\n"


def _read(*paths: Path, max_bytes: int = LIMIT, **flags: str) -> tuple[list[ArticleInput], list[InputError]]:
    items = list(iter_inputs(list(paths), max_bytes=max_bytes, **flags))
    return [i for i in items if isinstance(i, ArticleInput)], [i for i in items if isinstance(i, InputError)]


# ---------------------------------------------------------------- good inputs


def test_seeds_with_manifest_metadata() -> None:
    articles, errors = _read(SEEDS)
    assert not errors
    assert [a.name for a in articles] == sorted(p.name for p in SEEDS.glob("*.txt"))
    by_name = {a.name: a for a in articles}
    assert by_name["003_2ad2d2c66eceae42.txt"].outlet == "RT"
    assert by_name["000_b1b5fffef0237379.txt"].published == "2022-02-08"
    assert all(a.language == "en" and a.format == "text" for a in articles)
    assert count_inputs([SEEDS]) == 5


def test_flags_override_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "manifest.toml").write_text(
        '[[article]]\nfile = "a.txt"\noutlet = "Manifest Post"\npublished = "2021-01-01"\nlanguage = "en"\n'
    )
    [article], _ = _read(tmp_path / "a.txt", outlet="Flag Times")
    assert (article.outlet, article.published, article.language) == ("Flag Times", "2021-01-01", "en")
    [article], _ = _read(tmp_path, published="2024-05-06")
    assert (article.outlet, article.published) == ("Manifest Post", "2024-05-06")


def test_formats_by_extension(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "c.html", "d.HTM"):
        (tmp_path / name).write_text(BODY)
    articles, errors = _read(tmp_path)
    assert not errors
    assert {a.name: a.format for a in articles} == {"a.txt": "text", "b.md": "text", "c.html": "html", "d.HTM": "html"}


def test_folders_walked_recursively_in_order_skipping_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(BODY)
    (tmp_path / "b" / "a.txt").write_text(BODY)
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / ".hidden.txt").write_text(BODY)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(BODY)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "manifest.toml").write_text("")
    articles, errors = _read(tmp_path)
    assert not errors
    assert [Path(a.source).relative_to(tmp_path).as_posix() for a in articles] == ["a.txt", "b/a.txt", "b/z.txt"]
    assert count_inputs([tmp_path]) == 3


def test_jsonl_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "text": BODY,
                "title": "Bridge",
                "outlet": "Line Gazette",
                "url": "https://example.org/a",
                "published": "2023-01-02",
            }
        ),
        "",
        json.dumps({"html": "<html><body><p>" + BODY + "</p></body></html>"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body"}),
        json.dumps({"text": BODY, "outlet": 42}),
        json.dumps({"text": "Caf\u00e9 owners said \u201cno\u201d to the plan."}, ensure_ascii=False),
        "[" * 50_000 + "]" * 50_000,
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '[[article]]\nfile = "batch.jsonl"\noutlet = "Manifest Post"\nlanguage = "en"\n'
    )
    articles, errors = _read(path)
    assert [a.name for a in articles] == ["batch.jsonl#1", "batch.jsonl#3", "batch.jsonl#8"]
    first, html, cafe = articles
    assert (first.title, first.outlet, first.url, first.published, first.format) == (
        "Bridge",
        "Line Gazette",
        "https://example.org/a",
        "2023-01-02",
        "text",
    )
    assert (html.format, html.outlet, html.language) == ("html", "Manifest Post", "en")
    assert cafe.raw == "Caf\u00e9 owners said \u201cno\u201d to the plan."
    assert [e.source for e in errors] == [f"{path}#{n}" for n in (4, 5, 6, 7, 9)]
    assert "malformed JSON" in errors[0].message
    assert "JSON object" in errors[1].message
    assert "'text' or 'html'" in errors[2].message
    assert "'outlet' must be a string" in errors[3].message
    assert "malformed JSON" in errors[4].message  # nesting too deep for the parser
    assert count_inputs([path]) == 8


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": BODY}) + "\n" + json.dumps({"text": "x " * 500}) + "\n")
    articles, errors = _read(path, max_bytes=300)
    assert [a.name for a in articles] == ["big.jsonl#1"]
    assert errors[0].source.endswith("big.jsonl#2") and "limit" in errors[0].message


# ---------------------------------------------------------------- encodings


def test_latin1_and_cp1252_files_are_decoded(tmp_path: Path) -> None:
    latin = "Le caf\u00e9 \u00e9tait tr\u00e8s anim\u00e9, na\u00efve fa\u00e7ade. D\u00e9j\u00e0 vu \u00e0 Z\u00fcrich, said the owner.\n"
    cp1252 = "He said \u201cno deal\u201d \u2013 it\u2019s over. The minister\u2019s office said \u201cnothing\u201d.\n"
    (tmp_path / "latin.txt").write_bytes(latin.encode("latin-1"))
    (tmp_path / "win.txt").write_bytes(cp1252.encode("cp1252"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    articles, errors = _read(tmp_path)
    assert not errors
    assert {a.name: a.raw for a in articles} == {"bom.txt": BODY, "latin.txt": latin, "win.txt": cp1252}


def test_utf16_with_bom_is_decoded() -> None:
    assert decode_bytes(BODY.encode("utf-16")) == BODY


def test_cyrillic_legacy_encoding_is_detected() -> None:
    text = "\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b, \u0447\u0442\u043e \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b \u0431\u044b\u043b\u0438 \u043e\u0447\u0435\u043d\u044c \u043a\u043e\u043d\u0441\u0442\u0440\u0443\u043a\u0442\u0438\u0432\u043d\u044b\u043c\u0438 \u0438 \u043f\u043e\u043b\u0435\u0437\u043d\u044b\u043c\u0438."
    assert decode_bytes(text.encode("cp1251")) == text


# ---------------------------------------------------------------- bad inputs: one error each, the batch goes on


def test_bad_files_each_give_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text(BODY)
    (tmp_path / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_blank.md").write_text("   \n\n\t\n")
    (tmp_path / "e_big.txt").write_text(BODY * 20)
    (tmp_path / "f_controls.txt").write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20]) * 20)
    (tmp_path / "g_good.html").write_text("<p>" + BODY + "</p>")
    articles, errors = _read(tmp_path, max_bytes=1000)
    assert [a.name for a in articles] == ["a_good.txt", "g_good.html"]
    reasons = {Path(e.source).name: e.message for e in errors}
    assert set(reasons) == {"b_binary.txt", "c_empty.txt", "d_blank.md", "e_big.txt", "f_controls.txt"}
    assert "binary" in reasons["b_binary.txt"]
    assert reasons["c_empty.txt"] == "empty file" == reasons["d_blank.md"]
    assert "over the 1,000 bytes limit" in reasons["e_big.txt"]
    assert "binary" in reasons["f_controls.txt"] or "not text" in reasons["f_controls.txt"]
    assert all("\n" not in e.message for e in errors)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "locked.txt").write_text(BODY)
    real_open = os.open

    # Files are opened with os.open (non-blocking, checked to be regular files); tests run as root, so no chmod.
    def refusing_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    articles, errors = _read(tmp_path)
    assert [a.name for a in articles] == ["a.txt"]
    assert errors == [InputError(str(tmp_path / "locked.txt"), "cannot read file: Permission denied")]


def test_missing_path_and_unknown_extension(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a.txt").write_text(BODY)
    articles, errors = _read(tmp_path / "nope.txt", tmp_path / "report.pdf", tmp_path / "a.txt")
    assert [a.name for a in articles] == ["a.txt"]
    assert errors[0] == InputError(str(tmp_path / "nope.txt"), "no such file or folder")
    assert errors[1].source == str(tmp_path / "report.pdf") and "unsupported file type .pdf" in errors[1].message


def test_malformed_manifest_is_reported_once_and_files_still_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.txt").write_text(BODY)
    (tmp_path / "manifest.toml").write_text('[[article]\nfile = "a.txt"\n')
    articles, errors = _read(tmp_path)
    assert [a.name for a in articles] == ["a.txt", "b.txt"]
    assert all(a.outlet is None for a in articles)
    assert len(errors) == 1 and errors[0].source == str(tmp_path / "manifest.toml")
    assert "malformed manifest" in errors[0].message


@pytest.mark.parametrize("manifest", ['article = "x"\n', '[[article]]\noutlet = "No File"\n', b"\xff\xfe\x00bad"])
def test_manifest_of_the_wrong_shape(tmp_path: Path, manifest: str | bytes) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    path = tmp_path / "manifest.toml"
    path.write_bytes(manifest if isinstance(manifest, bytes) else manifest.encode())
    articles, errors = _read(tmp_path)
    assert [a.name for a in articles] == ["a.txt"]
    assert [e.source for e in errors] == [str(path)]
