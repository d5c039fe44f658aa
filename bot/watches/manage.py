"""Making, describing and syncing watches: what `watch`, `watches` and `[[watch]]` do to the store."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.config import Config
from bot.store import Row, Store
from bot.watches.matching import claim_proposition, speaker_watch_ids
from bot.watches.settings import CLAIM, SPEAKER, TOPIC, WatchRequest, config_watches

log = logging.getLogger(__name__)


@dataclass
class NewWatch:
    """A watch as `watch …` made it, and what the user should be told about how it was read."""

    row: Row
    created: bool
    note: str | None = None


def resolve_kind(store: Store, request: WatchRequest) -> tuple[str, str | None]:
    """The kind of an unqualified `watch <words>`: a speaker the store knows by those words, else a topic."""
    if request.kind is not None:
        return request.kind, None
    if speaker_watch_ids(store, request.target):
        return SPEAKER, None
    return TOPIC, (
        f"No stored speaker is called “{request.target}”, so this watches it as a topic. "
        f"Type `watch speaker {request.target}` to wait for a speaker by that name instead."
    )


def create_watch(
    store: Store, *, platform: str, channel: str, request: WatchRequest, created_by: str | None, source: str = "chat"
) -> NewWatch:
    """Store a watch for a channel (kept as is when the same one exists); a claim watch finds its proposition."""
    kind, note = resolve_kind(store, request)
    proposition = claim_proposition(store, request.target) if kind == CLAIM else None
    if kind == CLAIM and proposition is None:
        note = "Nothing stored says this yet: the first report of it will be an alert."
    watch_id, created = store.save_watch(
        platform=platform,
        channel=channel,
        kind=kind,
        target=request.target,
        proposition_id=proposition,
        source=source,
        created_by=created_by,
    )
    row = store.watch(watch_id)
    assert row is not None  # just saved
    return NewWatch(row, created, note)


def describe_watch(store: Store, row: Row) -> str:
    """One line for `watches`: id, kind, target, the claim followed, alerts so far, where it came from."""
    line = f"#{row['id']} {row['kind']}: {row['target']}"
    if row["kind"] == CLAIM:
        if row.get("proposition_id") is not None:
            found = store.propositions([row["proposition_id"]])
            if found:
                line += f" (following: “{found[0]['text']}”)"
        else:
            line += " (waiting for a first report)"
    alerts = store.watch_alert_count(row["id"])
    line += f"; {alerts} alert{'' if alerts == 1 else 's'} since {row['created_at'][:16].replace('T', ' ')} UTC"
    if row.get("source") == "config":
        line += " [from config.toml]"
    return line


def sync_config_watches(store: Store, config: Config) -> int:
    """Make the store's config-sourced watches match `[[watch]]`; returns how many entries are valid.

    An unchanged entry keeps its row (and its alert history); entries removed
    from the file are removed from the store.
    """
    valid, errors = config_watches(config)
    for error in errors:
        log.error("%s", error)
    wanted: set[int] = set()
    for entry in valid:
        made = create_watch(
            store,
            platform=entry.platform,
            channel=entry.channel,
            request=WatchRequest(entry.kind, entry.target),
            created_by="config.toml",
            source="config",
        )
        wanted.add(made.row["id"])
    for row in store.watches():
        if row["source"] == "config" and row["id"] not in wanted:
            store.delete_watch(row["id"])
            log.info("removed watch #%s (%s %s): no longer in the config file", row["id"], row["kind"], row["target"])
    return len(valid)
