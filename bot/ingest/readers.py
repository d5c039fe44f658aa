"""Reading article inputs: files, folders, JSONL, with metadata from manifests and flags.

Every bad input becomes one `InputError` naming the file (or `NAME.jsonl#LINE`)
with a one-line reason; the rest of the batch goes on.

Inputs:
- `.txt`, `.md` — plain text (raw page captures are fine; cleaning comes later);
- `.html`, `.htm` — HTML, extracted later with trafilatura;
- `.jsonl` — one article a line: `text` or `html`, plus optional `title`,
  `outlet`, `url`, `published`, `language`; named `NAME.jsonl#LINE` (1-based).

Folders are walked recursively in sorted order; hidden files, `manifest.toml`
and files of other extensions are skipped silently there, while a file named
explicitly with an unknown extension is an error. Metadata, strongest first:
flags (`outlet`, `published`), then the JSONL line's own fields, then the
`manifest.toml` beside the file (`[[article]]` tables with `file`, `outlet`,
`published`, `language`, `title`, `url`).
"""

from __future__ import annotations

import json
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from bot.models import ArticleInput

MANIFEST_NAME = "manifest.toml"
TEXT_SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html"}
JSONL_SUFFIX = ".jsonl"
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, JSONL_SUFFIX)
META_FIELDS = ("title", "outlet", "url", "published", "language")

# Share of characters that may be control characters before a decoded file is called binary.
MAX_CONTROL_SHARE = 0.01


@dataclass
class InputError:
    """An input that cannot be read, and why (one line)."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


class _DecodeError(ValueError):
    """Bytes that are not text in any encoding we can detect."""


# ---------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), else the detected encoding.

    Raises `_DecodeError` for binary data. Legacy Western text is decoded as
    cp1252 (a superset of latin-1 for printable text), which detectors often
    mistake for another Latin code page on short texts.
    """
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec))
            except UnicodeDecodeError as exc:
                raise _DecodeError(f"not valid {codec} text") from exc
    if b"\x00" in data:
        raise _DecodeError("binary file (NUL bytes), not text")
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise _DecodeError("not text: no character encoding fits (binary file?)")
    text = str(best)
    if _mostly_latin(text):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return _check_text(text)


def _mostly_latin(text: str) -> bool:
    """True when the non-ASCII letters of `text` are Latin ones (so cp1252 is the likely code page)."""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return True
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return latin / len(letters) >= 0.9


def _check_text(text: str) -> str:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise _DecodeError("binary file (control characters), not text")
    return text


# ---------------------------------------------------------------- manifests


@dataclass
class _Manifest:
    entries: dict[str, dict[str, Any]]  # file name (relative to the manifest) → metadata
    error: InputError | None = None


def _load_manifest(folder: Path) -> _Manifest:
    """The `manifest.toml` in `folder` (empty if none); a bad one carries an error naming it."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return _Manifest({})
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _Manifest({}, InputError(str(path), f"malformed manifest, its metadata is ignored: {reason}"))
    articles = data.get("article", [])
    if not isinstance(articles, list) or not all(isinstance(a, dict) for a in articles):
        return _Manifest(
            {}, InputError(str(path), "malformed manifest, its metadata is ignored: [[article]] must be tables")
        )
    entries: dict[str, dict[str, Any]] = {}
    for number, entry in enumerate(articles, 1):
        name = entry.get("file")
        if not isinstance(name, str) or not name:
            return _Manifest(
                {},
                InputError(
                    str(path), f"malformed manifest, its metadata is ignored: [[article]] #{number} has no 'file'"
                ),
            )
        entries[name] = {k: str(v) for k, v in entry.items() if k in META_FIELDS and v is not None}
    return _Manifest(entries)


class _ManifestCache:
    """Manifests by folder, each loaded once; its error is reported once."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, _Manifest] = {}

    def metadata(self, file: Path) -> tuple[dict[str, Any], InputError | None]:
        """The manifest metadata for `file`, and the manifest's error if not yet reported."""
        folder = file.parent.resolve()
        first_time = folder not in self._by_folder
        if first_time:
            self._by_folder[folder] = _load_manifest(file.parent)
        manifest = self._by_folder[folder]
        return manifest.entries.get(file.name, {}), (manifest.error if first_time else None)


# ---------------------------------------------------------------- walking


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _walk(folder: Path) -> list[Path]:
    """Supported files under `folder`, recursively, in sorted order."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file() or _is_hidden(path, folder) or path.name == MANIFEST_NAME:
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _expand(paths: list[Path]) -> Iterator[Path | InputError]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield InputError(str(path), "no such file or folder")
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            shown = path.suffix or "(none)"
            yield InputError(
                str(path), f"unsupported file type {shown}: expected one of {', '.join(SUPPORTED_SUFFIXES)}"
            )
        else:
            yield path


# ---------------------------------------------------------------- reading


def _size_label(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def _read_text_file(path: Path, max_bytes: int) -> str | InputError:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return InputError(
                str(path), f"file is {_size_label(size)}, over the {_size_label(max_bytes)} limit (ingest max_bytes)"
            )
        data = path.read_bytes()
    except OSError as exc:
        return InputError(str(path), f"cannot read file: {exc.strerror or exc}")
    if not data.strip():
        return InputError(str(path), "empty file")
    try:
        text = decode_bytes(data)
    except _DecodeError as exc:
        return InputError(str(path), str(exc))
    except Exception as exc:  # a detector failure is this file's problem, not the batch's
        return InputError(str(path), f"cannot decode: {type(exc).__name__}: {exc}")
    if not text.strip():
        return InputError(str(path), "empty file")
    return text


def _merge(*layers: dict[str, Any]) -> dict[str, Any]:
    """Later layers override earlier ones; None values never override."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update({k: v for k, v in layer.items() if v is not None})
    return merged


def _read_jsonl(
    path: Path, max_bytes: int, defaults: dict[str, Any], flags: dict[str, Any]
) -> Iterator[ArticleInput | InputError]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    produced = False
    with handle:
        try:
            for number, raw_line in enumerate(handle, 1):
                if not raw_line.strip():
                    continue
                produced = True
                yield _jsonl_line(path, number, raw_line, max_bytes, defaults, flags)
        except OSError as exc:
            yield InputError(str(path), f"cannot read file: {exc.strerror or exc}")
            return
    if not produced:
        yield InputError(str(path), "empty file")


def _jsonl_line(
    path: Path, number: int, raw_line: bytes, max_bytes: int, defaults: dict[str, Any], flags: dict[str, Any]
) -> ArticleInput | InputError:
    where = f"{path}#{number}"
    if len(raw_line) > max_bytes:
        return InputError(
            where, f"line is {_size_label(len(raw_line))}, over the {_size_label(max_bytes)} limit (ingest max_bytes)"
        )
    try:
        record = json.loads(decode_bytes(raw_line))
    except _DecodeError as exc:
        return InputError(where, str(exc))
    except json.JSONDecodeError as exc:
        return InputError(where, f"malformed JSON line: {exc.msg} at column {exc.colno}")
    except (RecursionError, ValueError) as exc:  # absurdly deep nesting, odd numbers
        return InputError(where, f"malformed JSON line: {type(exc).__name__}")
    if not isinstance(record, dict):
        return InputError(where, f"a line must be a JSON object, not {type(record).__name__}")
    body_key = next((k for k in ("text", "html") if isinstance(record.get(k), str) and record[k].strip()), None)
    if body_key is None:
        return InputError(where, "no non-empty 'text' or 'html' string")
    for key in META_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            return InputError(where, f"field '{key}' must be a string")
    meta = _merge(defaults, {k: record.get(k) for k in META_FIELDS}, flags)
    return ArticleInput(
        name=f"{path.name}#{number}",
        source=where,
        raw=record[body_key],
        format="html" if body_key == "html" else "text",
        **{k: meta.get(k) for k in META_FIELDS},
    )


def iter_inputs(
    paths: list[Path],
    *,
    max_bytes: int,
    outlet: str | None = None,
    published: str | None = None,
) -> Iterator[ArticleInput | InputError]:
    """Yield every article under `paths` (files and folders), or an error for each bad input.

    `outlet` and `published` override what manifests and JSONL lines say.
    """
    flags = {"outlet": outlet, "published": published}
    manifests = _ManifestCache()
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        meta, manifest_error = manifests.metadata(item)
        if manifest_error is not None:
            yield manifest_error
        if item.suffix.lower() == JSONL_SUFFIX:
            yield from _read_jsonl(item, max_bytes, meta, flags)
            continue
        text = _read_text_file(item, max_bytes)
        if isinstance(text, InputError):
            yield text
            continue
        merged = _merge(meta, flags)
        yield ArticleInput(
            name=item.name,
            source=str(item),
            raw=text,
            format=TEXT_SUFFIXES[item.suffix.lower()],
            **{k: merged.get(k) for k in META_FIELDS},
        )


def count_inputs(paths: list[Path]) -> int:
    """About how many items `iter_inputs` will yield (for a progress bar): files plus JSONL lines."""
    total = 0
    for item in _expand(paths):
        if isinstance(item, Path) and item.suffix.lower() == JSONL_SUFFIX:
            try:
                with item.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total
