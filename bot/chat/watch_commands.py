"""Chat commands for watches: `watch …`, `watches`, `unwatch <id>`.

Importing this module registers them (the `bot.chat` package imports it).
Adding and removing a watch is for admins (config.toml `[access]`); anyone may
list them. A running bot picks new watches up at its next check (within a
minute); alerts cover statements stored after the watch was made.
"""

from __future__ import annotations

from bot.chat.registry import Argument, Command, CommandContext, register
from bot.reply import Reply, Section, error_reply
from bot.watches.manage import create_watch, describe_watch
from bot.watches.settings import CLAIM, SPEAKER, USAGE, WatchError, parse_watch


def _needs_channel(ctx: CommandContext, command: str) -> Reply | None:
    """An error reply when the command was not sent from a channel."""
    if ctx.channel:
        return None
    return error_reply(f"`{command}` works in a chat channel.", "Run it in the channel that should get the alerts.")


def watch_handler(ctx: CommandContext, args: dict[str, str]) -> Reply:
    """Watch a speaker, a topic or one claim in this channel."""
    refused = _needs_channel(ctx, "watch")
    if refused:
        return refused
    try:
        request = parse_watch(args.get("what", ""))
    except WatchError as exc:
        return error_reply(str(exc))
    assert ctx.channel is not None
    made = create_watch(
        ctx.store, platform=ctx.platform, channel=ctx.channel, request=request, created_by=ctx.user, source="chat"
    )
    row = made.row
    what = {SPEAKER: "statements by", CLAIM: "the claim"}.get(row["kind"], "statements on")
    title = (
        f"Watching {what} “{row['target']}” in {ctx.channel} (watch #{row['id']})."
        if made.created
        else f"{ctx.channel} already watches {what} “{row['target']}” (watch #{row['id']})."
    )
    lines = [describe_watch(ctx.store, row)]
    if made.note:
        lines.append(made.note)
    lines.append("New statements stored from now on are alerted here; `unwatch <id>` stops it.")
    return Reply(title=title, sections=[Section(text="\n".join(lines))], data={"watch": row, "created": made.created})


def watches_handler(ctx: CommandContext, args: dict[str, str]) -> Reply:
    """List this channel's watches with their ids (admins see every channel on this platform)."""
    rows = [r for r in ctx.store.watches(ctx.platform) if r["channel"] == ctx.channel or ctx.is_admin]
    if not rows:
        return Reply(
            title="No watches here.",
            sections=[Section(text=f"An admin can add one: `{USAGE}`.")],
            data={"watches": []},
        )
    lines = [(f"{r['channel']}: " if r["channel"] != ctx.channel else "") + describe_watch(ctx.store, r) for r in rows]
    noun = "watch" if len(rows) == 1 else "watches"
    return Reply(
        title=f"{len(rows)} {noun} on {ctx.platform}", sections=[Section(text="\n".join(lines))], data={"watches": rows}
    )


def unwatch_handler(ctx: CommandContext, args: dict[str, str]) -> Reply:
    """Remove a watch by its id (as `watches` lists it)."""
    ref = args.get("id", "").strip().lstrip("#")
    if not ref.isdigit():
        return error_reply(f"`{args.get('id', '')}` is not a watch id.", "`watches` lists the watches and their ids.")
    row = ctx.store.watch(int(ref))
    if row is None or row["platform"] != ctx.platform:
        return error_reply(f"No watch #{ref} on {ctx.platform}.", "`watches` lists the watches and their ids.")
    ctx.store.delete_watch(row["id"])
    lines = []
    if row.get("source") == "config":
        lines.append("This watch comes from config.toml: remove its [[watch]] entry or it returns on restart.")
    return Reply(
        title=f"Removed watch #{row['id']} ({row['kind']}: {row['target']}) from {row['channel']}.",
        sections=[Section(text="\n".join(lines))] if lines else [],
        data={"watch": row},
    )


register(
    Command(
        "watch",
        "Alert this channel to new statements: `watch the ministry`, `watch border troops`, "
        "`watch claim did the minister promise a ceasefire`.",
        watch_handler,
        arguments=(Argument("what", "a speaker, topic words, or `claim` and a question", required=True, rest=True),),
        admin_only=True,
    )
)
register(Command("watches", "List this channel's watches with their ids.", watches_handler))
register(
    Command(
        "unwatch",
        "Stop a watch: `unwatch <id>` (ids from `watches`).",
        unwatch_handler,
        arguments=(Argument("id", "the watch id", required=True),),
        admin_only=True,
    )
)
