"""Configuration: the example file loads, errors name the file, the store path resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_DB, ConfigError, load_config, resolve_db_path

ROOT = Path(__file__).resolve().parent.parent


def test_example_config_loads_every_section() -> None:
    from bot.ingest.feeds import FeedSettings
    from bot.ingest.fetch import Fetcher

    config = load_config(ROOT / "config.example.toml")
    assert config.max_bytes == 5 * 1024 * 1024
    assert config.digest_grace_minutes == 120 and config.digest_post_when_empty is True
    assert config.section("slack")["command"] == "/brief"
    assert config.section("discord")["guilds"] == []
    assert FeedSettings.from_config(config).default_every == 900
    assert Fetcher.from_config(config) is not None


def test_example_config_holds_no_secret_keys() -> None:
    text = (ROOT / "config.example.toml").read_text()
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert "token" not in line.lower() and "secret" not in line.lower(), line


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text("db_path = [unclosed")
    with pytest.raises(ConfigError, match="config.toml"):
        load_config(bad)


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_db_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('db_path = "from-config.db"\n')
    config = load_config(cfg)
    monkeypatch.delenv("BRIEFBOT_DB", raising=False)
    assert resolve_db_path("cli.db", config) == "cli.db"
    assert resolve_db_path(None, config) == "from-config.db"
    monkeypatch.setenv("BRIEFBOT_DB", "env.db")
    assert resolve_db_path(None, config) == "env.db"
    monkeypatch.delenv("BRIEFBOT_DB")
    monkeypatch.chdir(tmp_path)
    assert resolve_db_path(None, load_config()) == DEFAULT_DB
