"""Configuration: `config.toml` for settings, the environment for secrets.

Secrets (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, DISCORD_TOKEN,
BRIEFBOT_LLM_API_KEY)
are read from the environment only and are never stored on `Config`.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_DB = "briefbot.db"
DEFAULT_CONFIG = "config.toml"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class ConfigError(ValueError):
    """The configuration file is unreadable or holds an invalid value."""


MAX_SETTINGS_BYTES = 16 * 1024 * 1024


def read_settings_text(path: Path, *, max_bytes: int = MAX_SETTINGS_BYTES) -> str:
    """The UTF-8 text of a small settings file (config, gold), refusing anything but a regular file.

    Opened without blocking and checked on the descriptor, so a FIFO or a device given
    as `--config` or `--gold` is refused instead of hanging the command. Raises OSError
    (unreadable, not a regular file, too large) or UnicodeDecodeError.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(f"not a regular file ({'a FIFO' if stat.S_ISFIFO(mode) else 'a special file'})")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OSError(f"larger than {max_bytes:,} bytes")
    return data.decode("utf-8")


# ---------------------------------------------------------------- [llm]: optional model phrasing

DEFAULT_TIMEOUT = 8.0
MAX_TIMEOUT = 120.0  # a longer wait would outlive any chat platform's reply window
API_KEY_ENV = "BRIEFBOT_LLM_API_KEY"
_SETTINGS_KEYS = frozenset({"base_url", "model", "timeout"})


@dataclass(frozen=True)
class LlmSettings:
    """Where and how to ask a model for a lead; the key comes from the environment only."""

    base_url: str
    model: str
    timeout: float = DEFAULT_TIMEOUT
    api_key: str | None = field(default=None, repr=False)  # never printed with the settings

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None, environ: Mapping[str, str]) -> LlmSettings | None:
        """Settings from the `[llm]` table and `BRIEFBOT_LLM_API_KEY`, or None when phrasing is off.

        Off means no `[llm]` table, or one with neither `base_url` nor `model`. A bad
        value raises ConfigError with a one-line message naming the setting.
        """
        if section is None:
            return None
        if not isinstance(section, Mapping):
            raise ConfigError("[llm] must be a table (base_url, model, timeout)")
        if "api_key" in section:
            raise ConfigError(f"[llm] api_key: put the key in the environment variable {API_KEY_ENV}, not in the file")
        unknown = sorted(str(k) for k in section if k not in _SETTINGS_KEYS)
        if unknown:
            raise ConfigError(f"[llm] unknown setting {unknown[0]!r} (expected base_url, model, timeout)")
        base_url, model = section.get("base_url"), section.get("model")
        if base_url is None and model is None:
            return None
        if not isinstance(base_url, str) or not re.match(r"https?://\S+$", base_url.strip()):
            raise ConfigError(f"[llm] base_url must be an http(s) URL, got {base_url!r}")
        if not isinstance(model, str) or not model.strip():
            raise ConfigError(f"[llm] model must be a non-empty model name, got {model!r}")
        timeout = section.get("timeout", DEFAULT_TIMEOUT)
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            raise ConfigError(f"[llm] timeout must be a number of seconds, got {timeout!r}")
        if not 0 < timeout <= MAX_TIMEOUT:
            raise ConfigError(f"[llm] timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds, got {timeout!r}")
        key = (environ.get(API_KEY_ENV) or "").strip() or None
        return cls(base_url=base_url.strip(), model=model.strip(), timeout=float(timeout), api_key=key)


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
    llm: LlmSettings | None = None  # [llm]: a model phrases answer leads; None = the template lead

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
        data = tomllib.loads(read_settings_text(candidate))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{candidate}: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{candidate}: cannot read config file: {exc.strerror or exc}") from exc
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
    try:
        llm = LlmSettings.from_config(data.get("llm"), os.environ)
    except ConfigError as exc:
        raise ConfigError(f"{candidate}: {exc}") from None
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
        llm=llm,
    )


def resolve_db_path(cli_value: str | None, config: Config) -> str:
    """The store's path: --db, else $BRIEFBOT_DB, else config db_path, else ./briefbot.db."""
    return cli_value or os.environ.get("BRIEFBOT_DB") or config.db_path or DEFAULT_DB
