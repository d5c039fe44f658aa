"""PLACEHOLDER (to be replaced by the readers work): reads .txt files with manifest.toml metadata."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.models import ArticleInput


@dataclass
class InputError:
    """An input that cannot be read, and why."""

    source: str
    message: str


def iter_inputs(paths: list[Path], *, max_bytes: int, outlet: str | None = None, published: str | None = None) -> Iterator[ArticleInput | InputError]:
    """Yield every article under `paths`."""
    for path in paths:
        files = sorted(p for p in Path(path).rglob("*.txt")) if Path(path).is_dir() else [Path(path)]
        for f in files:
            meta = {}
            manifest = f.parent / "manifest.toml"
            if manifest.exists():
                for entry in tomllib.loads(manifest.read_text()).get("article", []):
                    if entry.get("file") == f.name:
                        meta = entry
            yield ArticleInput(name=f.name, source=str(f), raw=f.read_text(), outlet=outlet or meta.get("outlet"), published=published or meta.get("published"), language=meta.get("language"))


def count_inputs(paths: list[Path]) -> int:
    """How many files `iter_inputs` will read (for a progress bar)."""
    return sum(len(list(Path(p).rglob("*.txt"))) if Path(p).is_dir() else 1 for p in paths)
