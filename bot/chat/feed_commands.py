"""Chat commands for live coverage: `feeds add|list|remove|poll` and `ingest <url>`.

Changes (adding, removing and polling feeds, ingesting a page) are for admins
only: a URL given in chat makes the bot fetch it. `feeds list` is for everyone.
The same core functions back the `briefbot feeds …` and `briefbot ingest <url>`
command lines.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from bot.chat.registry import Argument, Command, CommandContext, register
from bot.config import Config
from bot.ingest import feeds
from bot.ingest.fetch import NETWORK, Fetcher, FetchError, FetchSettings, check_url
from bot.ingest.urls import UrlError, canonical_url, is_http_url
from bot.reply import Reply, Section, error_reply
from bot.store import Store

FEEDS_USAGE = "feeds add <url> [outlet] [every] · feeds list · feeds remove <url|id> · feeds poll [id]"


# ---------------------------------------------------------------- core functions (also used by the CLI)


@dataclass
class AddRequest:
    """A parsed `feeds add` line."""

    url: str
    outlet: str | None
    every_seconds: int


def parse_add_arguments(text: str, default_every: int) -> AddRequest:
    """`<url> [outlet words…] [every]` → AddRequest; ValueError with the usage on bad input.

    The interval is recognised as the last word when it reads like 15m, 2h
    or 1d; everything between the URL and it is the outlet (quotes allowed).
    """
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    if not words:
        raise ValueError("missing the feed URL: usage is `feeds add <url> [outlet] [every]`")
    url, rest = words[0], words[1:]
    if not is_http_url(url):
        raise ValueError(f"{url}: a feed URL must start with http:// or https://")
    every = default_every
    if rest:
        try:
            every = feeds.parse_interval(rest[-1])
            rest = rest[:-1]
        except ValueError:
            if rest[-1][:1].isdigit():
                raise
    outlet = " ".join(rest).strip() or None
    return AddRequest(url, outlet, every)


def add_feed(
    store: Store, config: Config, url: str, *, outlet: str | None, every_seconds: int, added_by: str | None = None
) -> tuple[dict[str, Any], bool]:
    """Add (or update and resume) a feed after refusing URLs the bot must not fetch.

    Raises ValueError with one line naming the URL when it is refused.
    """
    try:
        canonical = canonical_url(url)
    except UrlError as exc:
        raise ValueError(str(exc)) from exc
    settings = FetchSettings.from_config(config)
    try:
        check_url(url, allow_private=settings.allow_private)
    except FetchError as exc:
        if exc.kind != NETWORK:  # a name that does not resolve now may resolve later
            raise ValueError(str(exc)) from exc
    return store.add_feed(
        url=url, canonical_url=canonical, outlet=outlet, every_seconds=every_seconds, added_by=added_by
    )


def find_feed(store: Store, ref: str) -> dict[str, Any] | None:
    """The feed with id `ref`, or with the same canonical URL as `ref`."""
    ref = ref.strip()
    if ref.isdigit():
        return store.feed(int(ref))
    try:
        return store.feed_by_url(canonical_url(ref))
    except UrlError:
        return None


def _fetcher(ctx: CommandContext) -> tuple[Fetcher, bool]:
    """The runtime's shared fetcher, or a new one (and whether the caller must close it)."""
    shared = ctx.services.get("fetcher")
    if isinstance(shared, Fetcher):
        return shared, False
    return Fetcher.from_config(ctx.config), True


# ---------------------------------------------------------------- chat handlers


def _feeds_handler(ctx: CommandContext, args: dict[str, str]) -> Reply:
    action, _, rest = args.get("action", "list").strip().partition(" ")
    action = action.lower() or "list"
    if action == "list":
        return feeds_list_reply(ctx.store)
    if action not in ("add", "remove", "poll"):
        return error_reply(f"Unknown feeds action `{action}`.", f"Usage: {FEEDS_USAGE}")
    if not ctx.is_admin:
        return error_reply(
            f"`feeds {action}` is for admins only.",
            "Ask an admin listed in config.toml [access] admins to run it.",
        )
    if action == "add":
        return _feeds_add(ctx, rest)
    if action == "remove":
        return _feeds_remove(ctx, rest)
    return _feeds_poll(ctx, rest)


def _feeds_add(ctx: CommandContext, text: str) -> Reply:
    settings = feeds.FeedSettings.from_config(ctx.config)
    try:
        request = parse_add_arguments(text, settings.default_every)
        row, created = add_feed(
            ctx.store,
            ctx.config,
            request.url,
            outlet=request.outlet,
            every_seconds=request.every_seconds,
            added_by=ctx.user,
        )
    except ValueError as exc:
        return error_reply(str(exc), f"Usage: {FEEDS_USAGE}")
    verb = "Added" if created else "Updated"
    return Reply(
        title=f"{verb} feed {row['id']}: {row['url']}",
        sections=[
            Section(
                text=f"Outlet {row['outlet'] or '(from the feed)'}, "
                f"polled every {feeds.format_interval(row['every_seconds'])}."
            )
        ],
        data={"feed": row, "created": created},
    )


def _feeds_remove(ctx: CommandContext, ref: str) -> Reply:
    if not ref.strip():
        return error_reply("Which feed? Give its id or URL.", f"Usage: {FEEDS_USAGE}")
    feed = find_feed(ctx.store, ref)
    if feed is None or not ctx.store.remove_feed(feed["id"]):
        return error_reply(f"No feed {ref.strip()}.", "`feeds list` shows the feeds and their ids.")
    return Reply(
        title=f"Removed feed {feed['id']}: {feed['url']}",
        sections=[Section(text="Its articles stay in the store.")],
        data={"feed": feed},
    )


def _feeds_poll(ctx: CommandContext, ref: str) -> Reply:
    if ref.strip():
        feed = find_feed(ctx.store, ref)
        if feed is None:
            return error_reply(f"No feed {ref.strip()}.", "`feeds list` shows the feeds and their ids.")
        ids = [feed["id"]]
    else:
        ids = [f["id"] for f in ctx.store.feeds()]
    fetcher, own = _fetcher(ctx)
    settings = feeds.FeedSettings.from_config(ctx.config)
    try:
        results = [feeds.poll_feed(ctx.store, i, fetcher=fetcher, settings=settings) for i in ids]
    finally:
        if own:
            fetcher.close()
    _after_ingest(ctx)
    lines = [r.summary() for r in results] or ["No feeds to poll."]
    return Reply(title=f"Polled {len(results)} feed(s)", sections=[Section(text="\n".join(lines))])


def feeds_list_reply(store: Store) -> Reply:
    """Every feed with its interval, health and counts."""
    rows = store.feeds()
    if not rows:
        return Reply(
            title="No feeds yet.",
            sections=[Section(text="An admin can add one: `feeds add <url> [outlet] [every]`.")],
            data={"feeds": []},
        )
    unhealthy = sum(1 for r in rows if r["health"] != feeds.OK or r["paused"])
    title = f"{len(rows)} feed(s)" + (f", {unhealthy} need attention" if unhealthy else "")
    return Reply(
        title=title,
        sections=[Section(text="\n".join(feeds.describe_feed(r) for r in rows))],
        data={"feeds": rows},
    )


def _ingest_handler(ctx: CommandContext, args: dict[str, str]) -> Reply:
    url = args["url"].strip().strip("<>")  # Slack wraps links in angle brackets
    url = url.split("|", 1)[0]
    if not is_http_url(url):
        return error_reply(f"{url}: give an http:// or https:// article URL.", "Usage: `ingest <url> [outlet]`")
    fetcher, own = _fetcher(ctx)
    try:
        outcome = feeds.ingest_url(
            ctx.store,
            url,
            fetcher=fetcher,
            outlet=args.get("outlet") or None,
            settings=feeds.FeedSettings.from_config(ctx.config),
        )
    finally:
        if own:
            fetcher.close()
    _after_ingest(ctx)
    return ingest_outcome_reply(ctx.store, outcome)


def _after_ingest(ctx: CommandContext) -> None:
    """Tell the running bot new statements may be stored (its watch checks run at once, not at the next tick)."""
    hook = ctx.services.get("after_ingest")
    if callable(hook):
        hook()


def ingest_outcome_reply(store: Store, outcome: feeds.EntryOutcome) -> Reply:
    """A reply saying what ingesting one URL did."""
    if outcome.status == feeds.FAILED:
        return error_reply(f"Could not ingest {outcome.url}.", outcome.message)
    article = store.article(outcome.article_id) if outcome.article_id else None
    outlets = store.article_outlets(outcome.article_id) if outcome.article_id else []
    title = (article or {}).get("title") or outcome.url
    headline = {
        feeds.INGESTED: f"Ingested: {title}",
        feeds.DUPLICATE: f"Already stored: {title}",
        feeds.SYNDICATED: f"Syndicated copy of a stored article: {title}",
    }[outcome.status]
    statements = len(store.statements(article=outcome.article_id)) if outcome.article_id else 0
    text = f"{statements} statements." + (
        " (Text from the feed; the page could not be read.)" if outcome.used_fallback else ""
    )
    return Reply(
        title=headline,
        sections=[Section(text=text, sources=outlets)],
        sources=outlets,
        data={"status": outcome.status, "article_id": outcome.article_id},
    )


register(
    Command(
        "feeds",
        "Follow RSS/Atom feeds: " + FEEDS_USAGE + " (changes are for admins).",
        _feeds_handler,
        (Argument("action", "add, list, remove or poll, with its arguments", rest=True),),
    )
)
register(
    Command(
        "ingest",
        "Fetch one article page and add it to the store.",
        _ingest_handler,
        (
            Argument("url", "the article's http(s) URL", required=True),
            Argument("outlet", "the outlet's name", rest=True),
        ),
        admin_only=True,
    )
)
