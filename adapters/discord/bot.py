"""The Discord adapter: a `/brief` command group, mentions and DMs, and digest posts.

Every subcommand of `/brief` is generated from the core's command registry
(one string option per `Argument`), so Discord speaks exactly the commands
the console and Slack do. Interactions are deferred at once and answered by a
followup; the core runs in a worker thread (`Runtime.handle_async`) so a slow
answer never blocks the gateway. Only messages that mention the bot, and DMs,
are read, so the privileged message-content intent is never requested.

The token comes from `DISCORD_TOKEN` only and never reaches a log line or an
error message. Rate limits are left to discord.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import os
import re
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any
from urllib.parse import urlencode

import discord
from discord import app_commands

from adapters.base import Adapter, AdapterError, Runtime, SendProgress
from adapters.discord.embeds import render_plain, render_reply
from bot.chat.registry import Argument, Command, commands
from bot.reply import Reply, error_reply, truncate

log = logging.getLogger(__name__)

TOKEN_ENV = "DISCORD_TOKEN"
GROUP_NAME = "brief"
OAUTH_AUTHORIZE = "https://discord.com/oauth2/authorize"
INVITE_SCOPES = ("bot", "applications.commands")
CHOICES_LIMIT = 25  # Discord shows at most 25 autocomplete choices
SUBCOMMANDS_LIMIT = 25  # per command group
CHOICE_NAME_LIMIT = 100
DESCRIPTION_LIMIT = 100  # command and option descriptions
THREAD_NAME_LIMIT = 100
AUTHENTICATION_FAILED = 4004  # gateway close code for a bad token
MISSING_PERMISSIONS = 50013  # Discord's error code when, say, embeds are not allowed
SPEAKER_ARGUMENTS = frozenset({"speaker", "who", "person"})
_NAME_INVALID = re.compile(r"[^a-z0-9_-]+")


class DiscordSendError(RuntimeError):
    """Posting into a Discord channel failed; the message names the channel."""


# ---------------------------------------------------------------- pure helpers


def invite_permissions() -> discord.Permissions:
    """What the bot needs: send, embed, create public threads, send in threads, read history."""
    return discord.Permissions(
        send_messages=True,
        embed_links=True,
        create_public_threads=True,
        send_messages_in_threads=True,
        read_message_history=True,
    )


def invite_url(client_id: str | int, permissions: int | None = None) -> str:
    """The OAuth2 URL that adds the bot to a server with the `bot` and `applications.commands` scopes."""
    client = str(client_id).strip()
    if not client.isdigit():
        raise ValueError(f"Discord application id {client_id!r} must be a number (the bot's client id)")
    value = invite_permissions().value if permissions is None else int(permissions)
    query = urlencode({"client_id": client, "permissions": value, "scope": " ".join(INVITE_SCOPES)})
    return f"{OAUTH_AUTHORIZE}?{query}"


def discord_name(name: str) -> str:
    """A registry name as a valid Discord command or option name (lowercase, 1-32 chars)."""
    cleaned = _NAME_INVALID.sub("_", name.lower()).strip("_")[:32]
    if not cleaned:
        raise ValueError(f"command or argument name {name!r} has no usable characters for Discord")
    return cleaned


def command_line(command: Command, values: dict[str, str | None]) -> str:
    """The chat line the core parses for a slash command: 'claims Jane Doe'."""
    parts = [command.name]
    for argument in command.arguments:
        value = (values.get(argument.name) or "").strip()
        if value:
            parts.append(value)
    return " ".join(parts)


def one_word_problem(command: Command, values: dict[str, str | None]) -> str | None:
    """Why the options cannot become a chat line: a one-word argument given several words."""
    for argument in command.arguments:
        value = (values.get(argument.name) or "").strip()
        if not argument.rest and len(value.split()) > 1:
            return f"`{argument.name}` takes one word, not {value!r}."
    return None


def strip_mentions(text: str, user_id: int, role_id: int | None = None) -> str:
    """The message text without mentions of the bot (`<@id>`, `<@!id>`, and its own role `<@&id>`)."""
    pattern = rf"<@!?{user_id}>" + (rf"|<@&{role_id}>" if role_id else "")
    return re.sub(r"\s+", " ", re.sub(pattern, " ", text or "")).strip()


def speaker_choices(speakers: Iterable[dict[str, Any]], current: str, limit: int = CHOICES_LIMIT) -> list[str]:
    """Speaker names matching what the user typed: prefix matches first, then any word, then aliases."""
    typed = current.strip().lower()
    ranked: list[tuple[int, int, str]] = []
    for order, row in enumerate(speakers):
        name = str(row.get("name") or "")
        if not name:
            continue
        aliases = [str(a).lower() for a in row.get("aliases") or []]
        lowered = name.lower()
        if not typed or lowered.startswith(typed):
            rank = 0
        elif any(word.startswith(typed) for word in lowered.split()):
            rank = 1
        elif typed in lowered or any(typed in alias for alias in aliases):
            rank = 2
        else:
            continue
        ranked.append((rank, order, name))
    ranked.sort()
    names: list[str] = []
    for _, _, name in ranked:
        short = truncate(name, CHOICE_NAME_LIMIT)
        if short not in names:
            names.append(short)
        if len(names) == limit:
            break
    return names


def member_roles(user: discord.abc.User) -> tuple[str, ...]:
    """Role ids and names of a guild member (config [access] admin_roles may list either)."""
    roles = getattr(user, "roles", None) or []
    found: list[str] = []
    for role in roles:
        if role.is_default():
            continue
        found.extend((str(role.id), role.name))
    return tuple(found)


def gateway_failure(error: BaseException | None) -> str:
    """One line saying why the gateway closed before the bot was ready."""
    if isinstance(error, discord.ConnectionClosed) and error.code == AUTHENTICATION_FAILED:
        return f"Discord rejected {TOKEN_ENV} when connecting (gateway close code {error.code}): check the bot token"
    if isinstance(error, discord.ConnectionClosed):
        return f"Discord closed the gateway before the bot was ready (close code {error.code})"
    return f"Discord gateway failed before the bot was ready: {error or 'cancelled'}"


# ---------------------------------------------------------------- the command group

ReplyCallback = Callable[[discord.Interaction, Command, dict[str, str | None]], Awaitable[None]]
SpeakerSource = Callable[[], Awaitable[list[dict[str, Any]]]]


def build_brief_group(on_command: ReplyCallback, speakers: SpeakerSource) -> app_commands.Group:
    """The `/brief` group with one subcommand per registry command."""
    group = app_commands.Group(name=GROUP_NAME, description="Who claimed what, and who denied it, with sources.")
    registered = commands()
    if len(registered) > SUBCOMMANDS_LIMIT:
        # Discord refuses the whole group past 25; the rest stay reachable by mention
        log.warning("discord: /%s shows the first %d of %d commands", GROUP_NAME, SUBCOMMANDS_LIMIT, len(registered))
    for command in registered[:SUBCOMMANDS_LIMIT]:
        group.add_command(_subcommand(command, on_command, speakers))
    return group


def _subcommand(
    command: Command, on_command: ReplyCallback, speakers: SpeakerSource
) -> app_commands.Command[Any, ..., None]:
    """An app command whose options are the registry command's arguments (all strings)."""
    python_names = {argument.name: f"arg_{index}" for index, argument in enumerate(command.arguments)}

    async def callback(interaction: discord.Interaction, **options: str | None) -> None:
        values = {argument.name: options.get(python_names[argument.name]) for argument in command.arguments}
        await on_command(interaction, command, values)

    callback.__name__ = callback.__qualname__ = f"brief_{discord_name(command.name)}"
    # discord.py reads options from the callback's signature; build it from the registry
    callback.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction)]
        + [_option_parameter(python_names[a.name], a) for a in command.arguments]
    )
    if command.arguments:
        app_commands.rename(**{python_names[a.name]: discord_name(a.name) for a in command.arguments})(callback)
        app_commands.describe(**{python_names[a.name]: _description(a.help) for a in command.arguments})(callback)
    description = _description(command.help + (" (admins only)" if command.admin_only else ""))
    slash: app_commands.Command[Any, ..., Any] = app_commands.Command(
        name=discord_name(command.name), description=description, callback=callback
    )
    for argument in command.arguments:
        if argument.name.lower() in SPEAKER_ARGUMENTS:
            slash.autocomplete(python_names[argument.name])(_speaker_autocomplete(speakers))
    return slash


def _option_parameter(python_name: str, argument: Argument) -> inspect.Parameter:
    default = inspect.Parameter.empty if argument.required else None
    annotation = str if argument.required else str | None
    return inspect.Parameter(python_name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def _description(text: str) -> str:
    return truncate((text or "").strip() or "…", DESCRIPTION_LIMIT)


def _speaker_autocomplete(
    speakers: SpeakerSource,
) -> Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        names = speaker_choices(await speakers(), current)
        return [app_commands.Choice(name=name, value=name) for name in names]

    return complete


# ---------------------------------------------------------------- the client


MORE_BUTTON_ID = "briefbot:more"  # custom id of the "More" button under an answer with a rest


class MoreView(discord.ui.View):
    """The "More" button under an answer: shows the next part of the last answer in the channel.

    Persistent (no timeout, fixed custom id) and registered once at login, so a button
    keeps working after a restart: the part to show comes from the store, not the view.
    """

    def __init__(self, adapter: DiscordAdapter) -> None:
        super().__init__(timeout=None)
        self.adapter = adapter

    @discord.ui.button(label="More", style=discord.ButtonStyle.secondary, custom_id=MORE_BUTTON_ID)
    async def more(self, interaction: discord.Interaction, _button: discord.ui.Button[MoreView]) -> None:
        """Run `more` for the channel the button was pressed in."""
        await self.adapter.on_more_button(interaction)


class BriefClient(discord.Client):
    """A discord.py client that syncs the `/brief` tree right after login."""

    def __init__(self, adapter: DiscordAdapter, **options: Any) -> None:
        # the bot never joins voice; skip discord.py's warnings about missing voice libraries
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.default()
        intents.message_content = False  # privileged; mentions and DMs carry content anyway
        super().__init__(intents=intents, **options)
        self.adapter = adapter
        self.tree = app_commands.CommandTree(self)
        self.tree.error(adapter.on_tree_error)

    async def setup_hook(self) -> None:
        """Register and sync the commands and the "More" button (runs inside `login`, before the gateway)."""
        self.add_view(MoreView(self.adapter))
        await self.adapter.sync_commands()

    async def on_message(self, message: discord.Message) -> None:
        """Answer mentions and DMs."""
        await self.adapter.on_message(message)


class DiscordAdapter(Adapter):
    """Discord over discord.py: `/brief` commands, mentions, DMs and channel posts."""

    platform = "discord"

    def __init__(self, runtime: Runtime, *, client_options: dict[str, Any] | None = None) -> None:
        """Read `DISCORD_TOKEN`; `client_options` go to `discord.Client` (e.g. `guild_ready_timeout`)."""
        super().__init__(runtime)
        token = os.environ.get(TOKEN_ENV, "").strip()
        if not token:
            raise AdapterError(f"{TOKEN_ENV} is not set: export the bot token from the Discord developer portal")
        self._token = token
        self.settings = runtime.config.section("discord")
        self.guilds = self.guild_ids()  # a bad setting fails now, not after login
        self.client = BriefClient(self, **(client_options or {}))
        self._connection: asyncio.Task[None] | None = None
        self._logged_in = False
        self._stopped = False

    def __repr__(self) -> str:
        return f"<DiscordAdapter guilds={self.guilds}>"  # never the token

    # ------------------------------------------------------------ settings

    def guild_ids(self) -> list[int]:
        """Guilds to sync commands to instantly (config [discord] guilds); empty means global."""
        raw = self.settings.get("guilds", [])
        if not isinstance(raw, list):
            raise AdapterError("config [discord] guilds must be a list of server ids")
        ids: list[int] = []
        for value in raw:
            if not str(value).strip().isdigit():
                raise AdapterError(f"config [discord] guilds: {value!r} is not a server id")
            ids.append(int(str(value).strip()))
        return ids

    def reply_in_thread(self) -> bool:
        """Answer mentions in a new thread instead of a reply (config [discord] reply_in_thread)."""
        return bool(self.settings.get("reply_in_thread", False))

    # ------------------------------------------------------------ lifecycle

    async def login(self) -> None:
        """Log in over REST and sync the commands, without opening the gateway."""
        if self._logged_in:
            return
        try:
            await self.client.login(self._token)
        except discord.LoginFailure as exc:
            raise AdapterError(f"Discord rejected {TOKEN_ENV}: check the bot token ({exc})") from None
        except discord.HTTPException as exc:
            raise AdapterError(f"Discord login failed: HTTP {exc.status} {exc.text}") from None
        except OSError as exc:
            raise AdapterError(f"cannot reach Discord: {exc.strerror or exc}") from None
        self._logged_in = True

    async def start(self) -> None:
        """Log in, open the gateway in a task, and return once Discord says the bot is ready."""
        try:
            await self.login()
        except AdapterError:
            await self.stop()  # close the HTTP session login opened
            raise
        self._connection = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait({self._connection, ready}, return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            error = self._connection.exception() if not self._connection.cancelled() else None
            await self.stop()
            raise AdapterError(gateway_failure(error))
        log.info("discord: connected as %s", self.client.user)

    async def stop(self) -> None:
        """Close the gateway and HTTP session; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        await self.client.close()
        if self._connection is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._connection

    async def sync_commands(self) -> None:
        """Add `/brief` to the tree and sync it to the configured guilds (instant) or globally."""
        self.client.tree.clear_commands(guild=None)
        self.client.tree.add_command(build_brief_group(self.run_command, self.speaker_rows))
        if self.settings.get("sync_commands", True) is False:
            return
        guilds = self.guilds
        try:
            if not guilds:
                await self.client.tree.sync()
            for guild_id in guilds:
                guild = discord.Object(id=guild_id)
                self.client.tree.copy_global_to(guild=guild)
                await self.client.tree.sync(guild=guild)
        except discord.HTTPException as exc:
            # the bot still answers mentions; say which guild refused
            log.error(
                "discord: syncing /%s failed (guilds %s): HTTP %s %s",
                GROUP_NAME,
                guilds or "global",
                exc.status,
                exc.text,
            )

    # ------------------------------------------------------------ core calls

    def context_for(self, *, channel_id: int | None, user: discord.abc.User) -> Any:
        """The core's command context for a Discord user in a channel."""
        return self.runtime.context(
            self.platform,
            channel=str(channel_id) if channel_id is not None else None,
            user=str(user.id),
            roles=member_roles(user),
        )

    async def speaker_rows(self) -> list[dict[str, Any]]:
        """Speakers from the store, read off the event loop."""
        return await asyncio.to_thread(self.runtime.store.speakers)

    async def run_command(
        self, interaction: discord.Interaction, command: Command, values: dict[str, str | None]
    ) -> None:
        """A `/brief` subcommand: defer within Discord's 3 seconds, run the core, post a followup."""
        await interaction.response.defer(thinking=True)
        ctx = self.context_for(channel_id=interaction.channel_id, user=interaction.user)
        problem = one_word_problem(command, values)
        if problem:
            reply = error_reply(problem, f"Usage: `/{GROUP_NAME} {command.usage()}`")
        else:
            reply = await self.runtime.handle_async(command_line(command, values), ctx)
        await self._follow_up(interaction, reply)

    async def _follow_up(self, interaction: discord.Interaction, reply: Reply) -> None:
        """Post a reply as the interaction's followups; a "More" button under the first when it has a rest."""
        for index, message in enumerate(render_reply(reply)):
            extra: dict[str, Any] = {"view": MoreView(self)} if index == 0 and reply.continues else {}
            # discord.py's stubs say str, but None (an embed-only message) is what it sends as no content.
            await interaction.followup.send(content=message.content, embeds=message.embeds, **extra)  # type: ignore[arg-type]

    async def on_more_button(self, interaction: discord.Interaction) -> None:
        """The "More" button: defer within Discord's 3 seconds, then post the next part as followups."""
        await interaction.response.defer(thinking=True)
        ctx = self.context_for(channel_id=interaction.channel_id, user=interaction.user)
        reply = await self.runtime.handle_async("more", ctx)
        await self._follow_up(interaction, reply)

    async def on_tree_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Log a failed slash command and tell the user, instead of leaving 'thinking…' forever."""
        name = interaction.command.qualified_name if interaction.command else "?"
        log.error("discord: /%s failed in channel %s: %s", name, interaction.channel_id, error, exc_info=error)
        text = f"`/{name}` failed; the error was logged."
        with contextlib.suppress(discord.HTTPException):
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)

    async def on_message(self, message: discord.Message) -> None:
        """Answer a message that mentions the bot, or a DM; ignore everything else."""
        me = self.client.user
        if me is None or message.author.bot or message.author.id == me.id:
            return
        is_dm = isinstance(message.channel, discord.DMChannel)
        # users may also mention the role Discord gives the bot in each server
        own_role = message.guild.self_role if message.guild else None
        mentioned = any(user.id == me.id for user in message.mentions) or (
            own_role is not None and own_role in message.role_mentions
        )
        if not (is_dm or mentioned):
            return
        text = strip_mentions(message.content, me.id, own_role.id if own_role else None)
        try:
            async with message.channel.typing():
                ctx = self.context_for(channel_id=message.channel.id, user=message.author)
                reply = await self.runtime.handle_async(text, ctx)
            await self._answer_message(message, text, reply, in_thread=not is_dm and self.reply_in_thread())
        except discord.HTTPException as exc:
            log.error(
                "discord: answering message %s in channel %s failed: HTTP %s %s",
                message.id,
                message.channel.id,
                exc.status,
                exc.text,
            )

    async def _answer_message(self, message: discord.Message, text: str, reply: Reply, *, in_thread: bool) -> None:
        rendered = render_reply(reply)
        if in_thread and isinstance(message.channel, discord.TextChannel):
            thread = await message.create_thread(name=truncate(text or reply.title or "briefbot", THREAD_NAME_LIMIT))
            for part in rendered:
                await thread.send(content=part.content, embeds=part.embeds)
            return
        first, *rest = rendered
        extra: dict[str, Any] = {"view": MoreView(self)} if reply.continues else {}
        await message.reply(content=first.content, embeds=first.embeds, mention_author=False, **extra)
        for part in rest:
            await message.channel.send(content=part.content, embeds=part.embeds)

    # ------------------------------------------------------------ posting (digests)

    async def send(
        self, channel: str, reply: Reply, thread: str | None = None, progress: SendProgress | None = None
    ) -> str | None:
        """Post a reply into a channel (or a thread, which Discord addresses like a channel).

        The first message goes to the channel; when the reply needs more, a
        thread is started on that message for the rest (where the bot cannot
        start one, e.g. in a DM, the rest are posted as replies to it). With
        `thread`, every part goes into that thread. Returns the first message's
        id. With `progress`, parts an earlier attempt delivered are skipped.
        Raises `DiscordSendError` naming the channel when Discord refuses, so
        the scheduler can log it and retry.
        """
        target = (thread or channel or "").strip()
        if not target.isdigit():
            raise DiscordSendError(f"discord: channel id {target!r} is not a number")
        progress = progress if progress is not None else SendProgress()
        try:
            await self._post(int(target), reply, progress, in_thread=thread is not None)
        except (discord.HTTPException, OSError) as exc:
            detail = f"HTTP {exc.status} {exc.text}" if isinstance(exc, discord.HTTPException) else str(exc)
            log.error("discord: posting to channel %s failed after %d part(s): %s", target, progress.parts_sent, detail)
            raise DiscordSendError(f"discord: posting to channel {target} failed: {detail}") from None
        return progress.first_ref

    async def _post(self, channel_id: int, reply: Reply, progress: SendProgress, *, in_thread: bool) -> None:
        """Post the reply's parts as embeds, or as plain text where the bot may not embed links."""
        if not progress.state.get("plain"):
            try:
                parts = [{"content": p.content, "embeds": p.embeds} for p in render_reply(reply)]
                await self._post_parts(channel_id, reply, parts, progress, in_thread=in_thread)
                return
            except discord.Forbidden as exc:
                # Only the very first post can switch to plain text: a half-embedded digest would read oddly.
                if exc.code != MISSING_PERMISSIONS or progress.parts_sent:
                    raise
                progress.state["plain"] = True
        parts = [{"content": text} for text in render_plain(reply)]
        await self._post_parts(channel_id, reply, parts, progress, in_thread=in_thread)

    async def _post_parts(
        self, channel_id: int, reply: Reply, parts: list[dict[str, Any]], progress: SendProgress, *, in_thread: bool
    ) -> None:
        """Post parts from `progress.parts_sent` on: the first into the channel, the rest in its thread."""
        destination = self._messageable(channel_id)
        for index, part in enumerate(parts):
            if index < progress.parts_sent:
                continue  # delivered by an earlier attempt
            if index == 0 or in_thread:
                message = await destination.send(**part)
                if index == 0:
                    progress.first_ref = str(message.id)
            else:
                await self._post_follow_up(channel_id, destination, reply, part, progress)
            progress.parts_sent = index + 1

    async def _post_follow_up(
        self,
        channel_id: int,
        destination: discord.abc.Messageable,
        reply: Reply,
        part: dict[str, Any],
        progress: SendProgress,
    ) -> None:
        """Post one follow-up part: in the thread on the first message, started on first use, else as a reply."""
        assert progress.first_ref is not None
        if progress.thread_ref is None and not progress.state.get("replies"):
            first = self._partial_message(destination, int(progress.first_ref))
            try:
                if first is None:
                    raise ValueError("the channel is not a server text channel")
                created = await first.create_thread(name=truncate(reply.title or "briefbot", THREAD_NAME_LIMIT))
                progress.thread_ref = str(created.id)
            except (ValueError, discord.Forbidden) as exc:
                # No threads here (a DM, or no permission): reply to the first message instead.
                log.info(
                    "discord: no thread on message %s in %s (%s); replying instead", progress.first_ref, channel_id, exc
                )
                progress.state["replies"] = True
        if progress.thread_ref is not None:
            try:
                await self.client.get_partial_messageable(int(progress.thread_ref)).send(**part)
                return
            except discord.Forbidden as exc:
                if exc.code != MISSING_PERMISSIONS:
                    raise
                # Allowed to start the thread but not to post in it: reply in the channel instead.
                log.info("discord: may not post in thread %s; replying in %s instead", progress.thread_ref, channel_id)
                progress.thread_ref = None
                progress.state["replies"] = True
        if progress.thread_ref is None:
            reference = discord.MessageReference(
                message_id=int(progress.first_ref), channel_id=channel_id, fail_if_not_exists=False
            )
            await destination.send(**part, reference=reference, mention_author=False)

    def _messageable(self, channel_id: int) -> discord.abc.Messageable:
        """The cached channel (it knows its server, which threads need), else a partial one."""
        channel = self.client.get_channel(channel_id)
        if isinstance(channel, discord.abc.Messageable):
            return channel
        return self.client.get_partial_messageable(channel_id)

    @staticmethod
    def _partial_message(destination: discord.abc.Messageable, message_id: int) -> discord.PartialMessage | None:
        """A reference to a posted message a thread can be started on, or None outside a server text channel."""
        if isinstance(destination, discord.TextChannel):
            return destination.get_partial_message(message_id)
        return None
