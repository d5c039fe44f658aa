"""Alert replies: a one-line lead, the quote and the outlets; and the "and N more" fold.

A denial's lead names the claim it denies and who made it, when the store has
that claim: "New denial: Ministry spokesman Jan Novak denies that the troops
had left — claimed by Mayor Eva Lind on 7 Feb". Alerts are built when they are
posted, from the statement ids their record holds, so a pending alert (held
back by the hourly limit or a restart) still shows what was stored.
"""

from __future__ import annotations

from datetime import date

from bot.answers.rendering import distinct_wordings, shown_words, speech_verb, to_quote
from bot.answers.scoring import distinct_outlets
from bot.answers.speakers import attribution
from bot.reply import Reply, Section, truncate
from bot.store import Row, Store
from bot.watches.matching import CONFIRMED, NEW_DENIAL, NEWLY_REPORTED

MAX_QUOTES = 2
MAX_FOLDED_LINES = 10
LEAD_WORDS_CHARS = 120  # a Discord embed title holds 256 characters: the lead must fit whole


def short_date(published: str | None) -> str | None:
    """'7 Feb' from a stored publication date (ISO date or time), or None."""
    if not published:
        return None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return f"{day.day} {day.strftime('%b')}"


def _words(row: Row) -> str:
    text, _ = shown_words(row)
    return truncate(text.strip().rstrip("."), LEAD_WORDS_CHARS)


def _claim_for(store: Store, alert: Row, rows: list[Row]) -> Row | None:
    """The earliest stored claim of the proposition a denial alert is about, by someone other than the denier."""
    key = alert["proposition_key"]
    if not key.startswith("p:"):
        return None
    deniers = {r.get("speaker_id") for r in rows}
    claims = store.answer_statements(propositions=[int(key[2:])], kind="claim", limit=50)
    others = [c for c in claims if c.get("speaker_id") not in deniers] or claims
    return min(others, key=lambda c: (c.get("published") or "9999", c["id"])) if others else None


def lead(store: Store, alert: Row, rows: list[Row]) -> str:
    """The alert's first line: what happened, who said it and, for a denial, what it denies."""
    # One line whatever the stored fields hold: a chat title cannot break.
    return " ".join(_lead(store, alert, rows).split())


def _lead(store: Store, alert: Row, rows: list[Row]) -> str:
    first = rows[0]
    who = attribution(first)
    label = alert["label"]
    if alert["kind"] == "denial":
        claim = _claim_for(store, alert, rows)
        if claim is None:
            # No stored claim to name: the denier's own words, as they put it.
            return f"{NEW_DENIAL}: {who} {speech_verb(first)}: {_words(first)}"
        when = short_date(claim.get("published"))
        by = f" — claimed by {attribution(claim)}" + (f" on {when}" if when else "")
        return f"{NEW_DENIAL}: {who} denies that {_words(claim)}{by}"
    if label == CONFIRMED:
        return f"{CONFIRMED}: {who} says {_words(first)}"
    if label == NEWLY_REPORTED:
        return f"{NEWLY_REPORTED}: {who} says {_words(first)}"
    return f"{label}: {who} says {_words(first)}"


def watch_label(watch: Row | None) -> str:
    """'speaker watch #3 (the ministry)' for the small print of an alert."""
    if watch is None:
        return "a removed watch"
    return f"{watch['kind']} watch #{watch['id']} ({watch['target']})"


def alert_reply(store: Store, alert: Row, rows: list[Row], watch: Row | None) -> Reply:
    """One alert as a Reply: the lead, up to two distinct wordings with speakers and outlets, the outlets."""
    outlets = distinct_outlets(rows)
    quotes = [to_quote(r, o) for r, o in distinct_wordings(rows)[:MAX_QUOTES]]
    return Reply(
        title=lead(store, alert, rows),
        sections=[Section(quotes=quotes, text=f"Alert for {watch_label(watch)}.")],
        sources=outlets,
        data={
            "alert": alert["id"],
            "watch": alert["watch_id"],
            "kind": alert["kind"],
            "proposition": alert["proposition_key"],
            "statements": [r["id"] for r in rows],
            "outlets": outlets,
        },
    )


def fold_reply(leads: list[str], total: int, limit: int) -> Reply:
    """`total` alerts over the hourly limit folded into one message: '… and N more alerts', with some leads."""
    shown = leads[:MAX_FOLDED_LINES]
    noun = "alert" if total == 1 else "alerts"
    return Reply(
        title=f"… and {total} more watch {noun} (this channel's limit is {limit} an hour)",
        sections=[Section(text="\n".join(f"- {line}" for line in shown), more=max(total - len(shown), 0))],
        data={"folded": total},
    )
