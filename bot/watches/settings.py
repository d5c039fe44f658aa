"""What a watch is, how chat text and `[[watch]]` tables name one, and the `[watches]` settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Config

SPEAKER = "speaker"
TOPIC = "topic"
CLAIM = "claim"
KINDS = (SPEAKER, TOPIC, CLAIM)
KNOWN_PLATFORMS = ("console", "slack", "discord")  # what `[[watch]] platform` may name

USAGE = "watch <speaker> · watch <topic words> · watch claim <question or words>"
MAX_TARGET_CHARS = 300

DEFAULT_CHECK_SECONDS = 60.0  # the bot looks for new statements at least this often
DEFAULT_MAX_PER_HOUR = 20  # alert messages per channel per hour; more are folded into one
DEFAULT_LOOKBACK_SECONDS = 120.0  # each check re-reads this much before its cursor (commits land late)


class WatchError(ValueError):
    """A watch that cannot be understood; the message says what to type instead."""


@dataclass(frozen=True)
class WatchRequest:
    """A parsed `watch …` line: the kind when the user named it, and the target words."""

    kind: str | None  # None: a speaker if the store knows one by these words, else a topic
    target: str


def parse_watch(text: str) -> WatchRequest:
    """'claim <words>', 'speaker <name>', 'topic <words>' or plain words; WatchError on empty or overlong text."""
    words = " ".join((text or "").split())
    if not words:
        raise WatchError(f"What should this channel watch? Usage: `{USAGE}`.")
    if len(words) > MAX_TARGET_CHARS:
        raise WatchError(f"That watch is too long ({len(words)} characters); keep it under {MAX_TARGET_CHARS}.")
    first, _, rest = words.partition(" ")
    if first.lower() in KINDS:
        if not rest.strip():
            raise WatchError(f"`watch {first.lower()}` needs words after it. Usage: `{USAGE}`.")
        return WatchRequest(first.lower(), rest.strip())
    return WatchRequest(None, words)


@dataclass(frozen=True)
class WatchSettings:
    """How often the bot checks for new statements and how many alerts a channel gets per hour."""

    check_seconds: float = DEFAULT_CHECK_SECONDS
    max_per_hour: int = DEFAULT_MAX_PER_HOUR
    lookback_seconds: float = DEFAULT_LOOKBACK_SECONDS

    @classmethod
    def from_config(cls, config: Config) -> WatchSettings:
        """Settings from config.toml's `[watches]` table; a bad value is one error naming it."""
        section = config.section("watches")
        where = str(config.path or "config")
        try:
            check = float(section.get("check_seconds", DEFAULT_CHECK_SECONDS))
            per_hour = int(section.get("max_alerts_per_hour", DEFAULT_MAX_PER_HOUR))
        except (TypeError, ValueError) as exc:
            raise WatchError(f"{where}: [watches] check_seconds and max_alerts_per_hour must be numbers") from exc
        if not 0 < check <= 60 or per_hour < 1:
            raise WatchError(f"{where}: [watches] check_seconds must be in (0, 60], max_alerts_per_hour at least 1")
        return cls(check_seconds=check, max_per_hour=per_hour)


@dataclass(frozen=True)
class ConfigWatch:
    """One valid `[[watch]]` table."""

    platform: str
    channel: str
    kind: str
    target: str


def config_watches(config: Config) -> tuple[list[ConfigWatch], list[str]]:
    """The valid `[[watch]]` entries as ConfigWatch, and one error line per bad one.

    A table names its platform and channel and exactly one of `speaker`,
    `topic` or `claim`.
    """
    entries = config.raw.get("watch", [])
    where = str(config.path or "config")
    if not isinstance(entries, list):
        return [], [f"{where}: [[watch]] must be an array of tables"]
    valid: list[ConfigWatch] = []
    errors: list[str] = []
    for number, entry in enumerate(entries, start=1):
        label = f"{where}: [[watch]] #{number}"
        if not isinstance(entry, dict):
            errors.append(f"{label} is not a table")
            continue
        platform, channel = str(entry.get("platform", "")).strip(), str(entry.get("channel", "")).strip()
        if not platform or not channel:
            errors.append(f"{label} needs platform and channel")
            continue
        if platform not in KNOWN_PLATFORMS:
            errors.append(f"{label}: platform {platform!r} is not one of {', '.join(KNOWN_PLATFORMS)}")
            continue
        named = [(kind, entry[kind]) for kind in KINDS if kind in entry]
        if len(named) != 1 or not isinstance(named[0][1], str) or not named[0][1].strip():
            errors.append(f"{label} needs exactly one of speaker, topic or claim (a non-empty string)")
            continue
        kind, target = named[0]
        valid.append(ConfigWatch(platform, channel, kind, " ".join(target.split())))
    return valid, errors
