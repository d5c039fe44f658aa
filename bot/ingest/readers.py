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
import os
import stat
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
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


# ---------------------------------------------------------------- dates


PUBLISHED_FORMS = "an ISO date (2022-02-08) or a datetime with a zone (2022-02-08T10:00:00+02:00 or …Z)"


def normalise_published(value: str | None) -> str | None:
    """A publication date as the store keeps it: YYYY-MM-DD, or a UTC ISO datetime.

    Date windows compare these strings, so anything else (free text, a datetime
    without a zone) would hide the article from every window: it raises
    ValueError with a one-line message naming the value.
    """
    if value is None:
        return None
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise ValueError(f"published {text!r} is not {PUBLISHED_FORMS}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"published {text!r} has no time zone: add one (Z or +02:00), or give only the date")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


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


@dataclass(frozen=True)
class _Found:
    """A file to read: where it is, and the name its articles get (relative to the folder given)."""

    path: Path
    name: str


def _walk(folder: Path) -> list[_Found]:
    """Supported regular files under `folder`, recursively, in sorted order.

    FIFOs, devices and sockets are skipped (`is_file` is False for them): opening
    one would block for ever or read without end.
    """
    found = []
    for path in folder.rglob("*"):
        if not path.is_file() or _is_hidden(path, folder) or path.name == MANIFEST_NAME:
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(path)
    found.sort(key=lambda p: p.relative_to(folder).parts)
    # Named by the path inside the folder, so two index.html in two sub-folders are two articles.
    return [_Found(path, path.relative_to(folder).as_posix()) for path in found]


_FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode cannot be read as an article, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((label for test, label in _FILE_KINDS if test(mode)), "a special file")
    return f"not a regular file ({kind}); give a text, HTML or JSONL file"


def _expand(paths: list[Path]) -> Iterator[_Found | InputError]:
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            yield InputError(str(path), "no such file or folder")
            continue
        except OSError as exc:
            yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(mode):
            found = _walk(path)
        elif (reason := _not_regular(mode)) is not None:
            yield InputError(str(path), reason)
            continue
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            shown = path.suffix or "(none)"
            yield InputError(
                str(path), f"unsupported file type {shown}: expected one of {', '.join(SUPPORTED_SUFFIXES)}"
            )
            continue
        else:
            found = [_Found(path, path.name)]
        for item in found:
            resolved = item.path.resolve()
            if resolved not in seen:  # a file given twice (or inside a folder also given) is read once
                seen.add(resolved)
                yield item


def _article_key(path: Path, line: int | None = None) -> str:
    """The identity of a file's article (or of one JSONL line): its full path, which no other file has."""
    key = str(path.resolve())
    return f"{key}#{line}" if line is not None else key


# ---------------------------------------------------------------- reading


def _size_label(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def _open_regular(path: Path) -> int | InputError:
    """A read-only descriptor of `path` if it is a regular file, else an error.

    Opened without blocking and checked on the open descriptor, so a FIFO (or a
    file swapped for one after the walk) is refused instead of hanging the ingest.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return InputError(str(path), f"cannot read file: {exc.strerror or exc}")
    try:
        reason = _not_regular(os.fstat(fd).st_mode)
    except OSError as exc:
        os.close(fd)
        return InputError(str(path), f"cannot read file: {exc.strerror or exc}")
    if reason is not None:
        os.close(fd)
        return InputError(str(path), reason)
    return fd


def _read_text_file(path: Path, max_bytes: int) -> str | InputError:
    fd = _open_regular(path)
    if isinstance(fd, InputError):
        return fd
    try:
        with os.fdopen(fd, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return InputError(
                    str(path),
                    f"file is {_size_label(size)}, over the {_size_label(max_bytes)} limit (ingest max_bytes)",
                )
            # Never more than the limit, even from a file that grows while it is read.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return InputError(str(path), f"cannot read file: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return InputError(str(path), f"file is over the {_size_label(max_bytes)} limit (ingest max_bytes)")
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
    found: _Found, max_bytes: int, defaults: dict[str, Any], flags: dict[str, Any]
) -> Iterator[ArticleInput | InputError]:
    path = found.path
    fd = _open_regular(path)
    if isinstance(fd, InputError):
        yield fd
        return
    produced = False
    with os.fdopen(fd, "rb") as handle:
        try:
            for number, raw_line in enumerate(handle, 1):
                if not raw_line.strip():
                    continue
                produced = True
                yield _jsonl_line(found, number, raw_line, max_bytes, defaults, flags)
        except OSError as exc:
            yield InputError(str(path), f"cannot read file: {exc.strerror or exc}")
            return
    if not produced:
        yield InputError(str(path), "empty file")


def _jsonl_line(
    found: _Found, number: int, raw_line: bytes, max_bytes: int, defaults: dict[str, Any], flags: dict[str, Any]
) -> ArticleInput | InputError:
    path = found.path
    where = f"{path}#{number}"
    if len(raw_line) > max_bytes:
        return InputError(
            where, f"line is {_size_label(len(raw_line))}, over the {_size_label(max_bytes)} limit (ingest max_bytes)"
        )
    try:
        record = json.loads(decode_bytes(raw_line.rstrip(b"\r\n")))
    except _DecodeError as exc:
        return InputError(where, str(exc))
    except json.JSONDecodeError as exc:
        # Some of json's messages end in "at" already ("Unterminated string starting at").
        at = "" if exc.msg.endswith(" at") else " at"
        return InputError(where, f"malformed JSON line: {exc.msg}{at} column {exc.colno}")
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
    try:
        meta["published"] = normalise_published(meta.get("published"))
    except ValueError as exc:
        return InputError(where, str(exc))
    return ArticleInput(
        name=f"{found.name}#{number}",
        source=where,
        raw=record[body_key],
        format="html" if body_key == "html" else "text",
        key=_article_key(path, number),
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
    flags = {"outlet": outlet, "published": normalise_published(published)}
    manifests = _ManifestCache()
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        path = item.path
        meta, manifest_error = manifests.metadata(path)
        if manifest_error is not None:
            yield manifest_error
        if path.suffix.lower() == JSONL_SUFFIX:
            yield from _read_jsonl(item, max_bytes, meta, flags)
            continue
        merged = _merge(meta, flags)
        try:
            merged["published"] = normalise_published(merged.get("published"))
        except ValueError as exc:
            yield InputError(str(path), f"{exc} ({MANIFEST_NAME})")
            continue
        text = _read_text_file(path, max_bytes)
        if isinstance(text, InputError):
            yield text
            continue
        yield ArticleInput(
            name=item.name,
            source=str(path),
            raw=text,
            format=TEXT_SUFFIXES[path.suffix.lower()],
            key=_article_key(path),
            **{k: merged.get(k) for k in META_FIELDS},
        )


def count_inputs(paths: list[Path]) -> int:
    """About how many items `iter_inputs` will yield (for a progress bar): files plus JSONL lines."""
    total = 0
    for item in _expand(paths):
        if isinstance(item, _Found) and item.path.suffix.lower() == JSONL_SUFFIX:
            fd = _open_regular(item.path)
            if isinstance(fd, InputError):
                total += 1
                continue
            try:
                with os.fdopen(fd, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total
