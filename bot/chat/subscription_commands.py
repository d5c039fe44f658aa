"""Chat commands for daily digest subscriptions: subscribe, unsubscribe, subscriptions.

Importing this module registers them (the `bot.chat` package imports it).
Changing a subscription is for admins (config.toml `[access] admins`); anyone
may list them. A running `DigestScheduler` in `ctx.services["scheduler"]` is
told about every change, so it takes effect without a restart.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.chat.registry import Argument, Command, CommandContext, register
from bot.digests.schedule import DigestScheduler, subscription_reply
from bot.digests.subscriptions import USAGE, ScheduleError, Subscription, describe_subscription, format_local, make_spec
from bot.reply import Reply, error_reply


def _scheduler(ctx: CommandContext) -> DigestScheduler | None:
    """The running digest scheduler, if the bot is running one."""
    scheduler = ctx.services.get("scheduler")
    return scheduler if isinstance(scheduler, DigestScheduler) else None


def _now(ctx: CommandContext) -> datetime:
    """The scheduler's clock when there is one (tests drive it), else real UTC time."""
    scheduler = _scheduler(ctx)
    return scheduler.clock() if scheduler else datetime.now(UTC)


def _needs_channel(ctx: CommandContext, command: str) -> Reply | None:
    """An error reply when the command was not sent from a channel."""
    if ctx.channel:
        return None
    return error_reply(f"`{command}` works in a chat channel.", "Run it in the channel that should get the digest.")


def subscribe_handler(ctx: CommandContext, args: dict[str, str]) -> Reply:
    """Subscribe this channel to a daily digest at a local time, optionally on a topic."""
    refused = _needs_channel(ctx, "subscribe")
    if refused:
        return refused
    try:
        spec = make_spec(args["time"], args["timezone"], args.get("topic"))
    except ScheduleError as exc:
        return error_reply(str(exc))
    assert ctx.channel is not None
    subscription_id = ctx.store.save_subscription(
        platform=ctx.platform,
        channel=ctx.channel,
        time=spec.time_text,
        timezone=spec.zone_name,
        topic=spec.topic,
        source="chat",
        created_by=ctx.user,
    )
    row = ctx.store.subscription(subscription_id)
    assert row is not None  # just saved
    sub = Subscription.from_row(row)
    scheduler = _scheduler(ctx)
    lines = [f"Next digest: {format_local(sub.next_fire(_now(ctx)), sub.zone)}."]
    if scheduler is not None:
        scheduler.schedule(subscription_id)
    else:
        lines.append("The bot is not running here: it starts posting once `briefbot run` is.")
    return subscription_reply(f"Subscribed {ctx.channel} to the digest {sub.schedule_text()}.", lines)


def unsubscribe_handler(ctx: CommandContext, args: dict[str, str]) -> Reply:
    """Stop this channel's daily digest."""
    refused = _needs_channel(ctx, "unsubscribe")
    if refused:
        return refused
    assert ctx.channel is not None
    removed = ctx.store.delete_subscription(ctx.platform, ctx.channel)
    if removed is None:
        return subscription_reply(f"{ctx.channel} has no digest subscription.", [f"Subscribe with `{USAGE}`."])
    scheduler = _scheduler(ctx)
    if scheduler is not None:
        scheduler.unschedule(removed["id"])
    lines = []
    if removed.get("source") == "config":
        lines.append("This subscription comes from config.toml: remove its [[digest]] entry or it returns on restart.")
    return subscription_reply(f"Unsubscribed {ctx.channel} from the daily digest.", lines)


def subscriptions_handler(ctx: CommandContext, args: dict[str, str]) -> Reply:
    """List this channel's subscription (admins see every channel on this platform)."""
    rows = [row for row in ctx.store.subscriptions(ctx.platform) if row["channel"] == ctx.channel or ctx.is_admin]
    if not rows:
        return subscription_reply("No digest subscriptions here.", [f"Subscribe with `{USAGE}`."])
    now = _now(ctx)
    lines = []
    for row in rows:
        last = ctx.store.deliveries(row["platform"], row["channel"], limit=1)
        lines.append(describe_subscription(row, now, last[0] if last else None))
    noun = "subscription" if len(rows) == 1 else "subscriptions"
    return subscription_reply(f"{len(rows)} digest {noun} on {ctx.platform}", lines)


register(
    Command(
        "subscribe",
        "Post a daily digest in this channel at a local time, e.g. `subscribe 08:00 Europe/Paris energy`.",
        subscribe_handler,
        arguments=(
            Argument("time", "local time, HH:MM on a 24-hour clock", required=True),
            Argument("timezone", "IANA time zone, e.g. Europe/Paris", required=True),
            Argument("topic", "only stories matching these words", rest=True),
        ),
        admin_only=True,
    )
)
register(Command("unsubscribe", "Stop this channel's daily digest.", unsubscribe_handler, admin_only=True))
register(
    Command("subscriptions", "Show digest subscriptions, their next run and last delivery.", subscriptions_handler)
)
