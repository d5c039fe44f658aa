"""How an answer names a speaker: name and role, each speaker once, and who relayed their words."""

from __future__ import annotations

from collections.abc import Iterable

from bot.store import Row


def speaker_label(row: Row) -> tuple[str, str | None]:
    """The speaker's name and the role to show with it (the statement's, else their recorded one)."""
    name = row.get("speaker") or row.get("speaker_text") or "someone"
    role = row.get("speaker_role")
    if not role or relative_role(role):
        roles = [
            r for r in row.get("speaker_roles") or [] if r and r.lower() not in name.lower() and not relative_role(r)
        ]
        role = roles[0] if roles else None
    if role and role.lower() in name.lower():
        role = None
    return name, role


def unique_attributions(rows: Iterable[Row]) -> list[str]:
    """Each speaker once (with the first role found for them), in order of appearance."""
    by_name: dict[str, str] = {}
    for row in rows:
        name = (row.get("speaker") or "").lower()
        if name not in by_name or by_name[name].lower() == name:
            by_name[name] = attribution(row)
    return list(by_name.values())


def relative_role(role: str) -> bool:
    """'his Russian counterpart' describes a speaker relative to someone else: not a title to show."""
    return role.split(" ", 1)[0].lower() in {"his", "her", "their", "its", "our", "my", "your"}


def attribution(row: Row) -> str:
    """'Ministry spokeswoman Jane Doe': role and name, as a sentence names a speaker."""
    name, role = speaker_label(row)
    return f"{role} {name}" if role else name


def relayed_by(row: Row, outlets: Iterable[str] = ()) -> str | None:
    """Who the statement's words come through ("according to the Post, X said …"), unless that is
    the speaker or an outlet already shown with it (an outlet's own interview needs no second credit)."""
    relay = (row.get("relay") or "").strip()
    if not relay:
        return None
    low = relay.lower().removeprefix("the ")
    speaker = (row.get("speaker") or "").lower()
    if low in speaker or speaker and speaker in low:
        return None
    if any(low in o.lower() or o.lower() in low for o in outlets if o):
        return None
    return relay
