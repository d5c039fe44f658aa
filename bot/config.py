"""Configuration: `config.toml` for settings, the environment for secrets.

Secrets (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, DISCORD_TOKEN)
are read from the environment only and are never stored on `Config`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_DB = "briefbot.db"
DEFAULT_CONFIG = "config.toml"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class ConfigError(ValueError):
    """The configuration file is unreadable or holds an invalid value."""


@dataclass
class Config:
    """Settings from `config.toml`, with defaults for everything."""

    path: Path | None = None
    db_path: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    admins: list[str] = field(default_factory=list)  # user ids, any platform
    admin_roles: list[str] = field(default_factory=list)  # Discord role ids or names
    digests: list[dict[str, Any]] = field(default_factory=list)  # [[digest]] tables
    digest_grace_minutes: int = 120  # [digests] grace_minutes: how late a missed digest may still go out
    digest_post_when_empty: bool = True  # [digests] post_when_empty: say "nothing new" or stay quiet
    raw: dict[str, Any] = field(default_factory=dict)  # the whole file, for adapters' own sections

    def section(self, name: str) -> dict[str, Any]:
        """Return a top-level table of the file (`[slack]`, `[discord]`, …) or {}."""
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read `path` (or `$BRIEFBOT_CONFIG`, or ./config.toml if present)."""
    explicit = path is not None or "BRIEFBOT_CONFIG" in os.environ
    candidate = Path(path or os.environ.get("BRIEFBOT_CONFIG", DEFAULT_CONFIG))
    if not candidate.exists():
        if explicit:
            raise ConfigError(f"{candidate}: config file not found")
        return Config()
    try:
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{candidate}: {exc}") from exc
    ingest = data.get("ingest", {})
    access = data.get("access", {})
    try:
        max_bytes = int(ingest.get("max_bytes", DEFAULT_MAX_BYTES))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{candidate}: [ingest] max_bytes must be a whole number") from exc
    digests = data.get("digest", [])
    digest_settings = data.get("digests", {})
    if not isinstance(digest_settings, dict):
        raise ConfigError(f"{candidate}: [digests] must be a table (grace_minutes, post_when_empty)")
    try:
        grace_minutes = int(digest_settings.get("grace_minutes", 120))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{candidate}: [digests] grace_minutes must be a whole number") from exc
    post_when_empty = digest_settings.get("post_when_empty", True)
    if not isinstance(post_when_empty, bool) or grace_minutes < 0:
        raise ConfigError(f"{candidate}: [digests] post_when_empty must be true/false, grace_minutes >= 0")
    if not isinstance(digests, list):
        raise ConfigError(f"{candidate}: [[digest]] must be an array of tables")
    return Config(
        path=candidate,
        db_path=data.get("db_path"),
        max_bytes=max_bytes,
        admins=[str(a) for a in access.get("admins", [])],
        admin_roles=[str(r) for r in access.get("admin_roles", [])],
        digests=digests,
        digest_grace_minutes=grace_minutes,
        digest_post_when_empty=post_when_empty,
        raw=data,
    )


def resolve_db_path(cli_value: str | None, config: Config) -> str:
    """The store's path: --db, else $BRIEFBOT_DB, else config db_path, else ./briefbot.db."""
    return cli_value or os.environ.get("BRIEFBOT_DB") or config.db_path or DEFAULT_DB
