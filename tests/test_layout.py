"""The core never imports a chat platform; seed names stay out of the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_MODULES = {"slack_bolt", "slack_sdk", "discord"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_no_chat_platform() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_modules(path) & PLATFORM_MODULES)
        for path in (ROOT / "bot").rglob("*.py")
        if _imported_modules(path) & PLATFORM_MODULES
    }
    assert offenders == {}


def test_no_seed_names_in_code() -> None:
    names = re.compile(r"\b(Macron|Peskov|Putin|Zelensky|Stoltenberg|Sullivan|Belarus|Crimea|Minsk)\b")
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("bot", "adapters")
        for path in (ROOT / folder).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if names.search(line)
    ]
    assert hits == []


def test_no_sql_outside_store() -> None:
    sql = re.compile(
        r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+TABLE)\b", re.IGNORECASE
    )
    hits = [
        str(path.relative_to(ROOT))
        for folder in ("bot", "adapters")
        for path in (ROOT / folder).rglob("*.py")
        if path.parent != ROOT / "bot" / "store" and sql.search(path.read_text(encoding="utf-8"))
    ]
    assert hits == []
