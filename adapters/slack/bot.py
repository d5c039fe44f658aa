"""The Slack adapter: `/brief` subcommands, `@briefbot` mentions and digest posts over slack-bolt.

It runs bolt's asyncio app, so Slack shares one event loop with Discord and
the scheduler. Socket Mode is the default (no public URL needed); `http=True`
serves Slack's Events/Commands endpoint on host:port instead, verified with
the signing secret. Every command is acknowledged at once and answered once
the core has run in a worker thread. Tokens come from the environment only
and are scrubbed from every log line the adapter or bolt writes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.base import Adapter, AdapterError, Runtime, SendProgress
from adapters.slack.blocks import MORE_ACTION, asked_preface, render_messages
from bot.chat.registry import CommandContext, commands, help_reply
from bot.reply import Reply, error_reply

log = logging.getLogger(__name__)

BOT_TOKEN_ENV = "SLACK_BOT_TOKEN"
APP_TOKEN_ENV = "SLACK_APP_TOKEN"
SIGNING_SECRET_ENV = "SLACK_SIGNING_SECRET"
API_URL_ENV = "SLACK_API_URL"
DEFAULT_API_URL = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"  # one Request URL for commands and events in HTTP mode
DEFAULT_COMMAND = "/brief"
RATE_LIMIT_RETRIES = 3  # 429s retried after Retry-After before a post is given up
SEEN_EVENTS = 1000  # event ids remembered, so a redelivered event is answered once

_LEADING_MENTION = re.compile(r"^\s*(<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*)+")


@dataclass(frozen=True)
class SlackSettings:
    """Secrets and endpoints read from the environment (never from config.toml)."""

    bot_token: str
    app_token: str | None  # Socket Mode only
    signing_secret: str | None  # HTTP mode only
    api_url: str

    def secrets(self) -> tuple[str, ...]:
        """Every secret value, for scrubbing logs."""
        return tuple(s for s in (self.bot_token, self.app_token, self.signing_secret) if s)


def read_settings(http: bool, environ: Mapping[str, str] | None = None) -> SlackSettings:
    """Read the tokens this mode needs; raise AdapterError naming the first missing or malformed one.

    Messages name the variable and the expected prefix, never the value.
    """
    env = os.environ if environ is None else environ

    def required(name: str, prefix: str | None, purpose: str) -> str:
        value = (env.get(name) or "").strip()
        if not value:
            raise AdapterError(f"{name} is not set: {purpose}")
        if prefix and not value.startswith(prefix):
            raise AdapterError(f"{name} does not start with {prefix}: {purpose}")
        return value

    bot_token = required(BOT_TOKEN_ENV, "xoxb-", "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions")
    app_token = signing_secret = None
    if http:
        signing_secret = required(
            SIGNING_SECRET_ENV, None, "copy the Signing Secret from Basic Information (needed with --http)"
        )
    else:
        app_token = required(
            APP_TOKEN_ENV, "xapp-", "create an App-Level Token with connections:write under Basic Information"
        )
    api_url = (env.get(API_URL_ENV) or DEFAULT_API_URL).strip()
    if not re.match(r"^https?://", api_url):
        raise AdapterError(f"{API_URL_ENV} must be an http(s) URL, got {api_url!r}")
    return SlackSettings(bot_token, app_token, signing_secret, api_url if api_url.endswith("/") else api_url + "/")


class RedactSecrets(logging.Filter):
    """Replace secret values in a log record with '[redacted]' before any handler sees it."""

    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if len(s) >= 8)  # a short value would redact ordinary words

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message once and scrub it; always keep the record."""
        message = record.getMessage()
        scrubbed = message
        for secret in self.secrets:
            scrubbed = scrubbed.replace(secret, "[redacted]")
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True


class _DropMessage(logging.Filter):
    """Drop log records whose message is exactly `message`."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but the one message."""
        return record.getMessage() != self.message


def strip_mentions(text: str) -> str:
    """A mention's text without the leading '<@U123>' (the bot's name as Slack sends it)."""
    return _LEADING_MENTION.sub("", text or "").strip()


def slash_reply_or_text(text: str) -> tuple[Reply | None, str]:
    """Route `/brief` text: (help reply, "") for empty text or an unknown subcommand, else (None, text).

    A slash command's first word must name a command; unlike a mention, free
    text is not taken as a question, so a typo shows the list of commands.
    """
    text = (text or "").strip()
    if not text:
        return help_reply(), ""
    first = text.split(maxsplit=1)[0].lower().lstrip("/")
    if first not in {c.name for c in commands()}:
        return help_reply(unknown=first), ""
    return None, text


def retry_handlers() -> list[AsyncRetryHandler]:
    """429s wait for Retry-After and retry; dropped connections retry once."""
    return [AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES), AsyncConnectionErrorRetryHandler()]


class SlackAdapter(Adapter):
    """Slack over slack-bolt's asyncio app: Socket Mode by default, or HTTP on host:port."""

    platform = "slack"

    def __init__(
        self,
        runtime: Runtime,
        *,
        http: bool = False,
        host: str = "127.0.0.1",
        port: int = 3000,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        """Read the tokens (from `environ`, default the process environment) and build the bolt app.

        `http=False` uses Socket Mode (SLACK_BOT_TOKEN + SLACK_APP_TOKEN);
        `http=True` serves POST /slack/events on host:port (SLACK_BOT_TOKEN +
        SLACK_SIGNING_SECRET; port 0 picks a free port, see `bound_port`).
        Raises AdapterError naming a missing or malformed variable.
        """
        super().__init__(runtime)
        self.settings = read_settings(http, environ)
        self.http = http
        self.host = host
        self.port = port
        slack_config = runtime.config.section("slack")
        self.command_name = str(slack_config.get("command", DEFAULT_COMMAND))
        if not self.command_name.startswith("/"):
            raise AdapterError(f"[slack] command must start with '/', got {self.command_name!r}")
        self.ephemeral = bool(slack_config.get("ephemeral", False))
        self.logger = self._make_logger()
        self.client = AsyncWebClient(
            token=self.settings.bot_token,
            base_url=self.settings.api_url,
            logger=self.logger,
            retry_handlers=retry_handlers(),
        )
        # Bolt also reads SLACK_BOT_TOKEN itself and then warns that the client's (identical)
        # token wins; that warning would only confuse whoever reads the log.
        quiet = _DropMessage(warning_client_prioritized_and_token_skipped())
        self.logger.addFilter(quiet)
        try:
            self.app = AsyncApp(
                client=self.client,
                signing_secret=self.settings.signing_secret or "",
                logger=self.logger,
                # Listeners ack first and keep working after the HTTP response is sent.
                process_before_response=False,
            )
        finally:
            self.logger.removeFilter(quiet)
        self._register_listeners()
        self._socket: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None
        self._seen_events: OrderedDict[str, None] = OrderedDict()
        self.bound_port: int | None = None  # the real port once started (port=0 picks a free one)

    def _make_logger(self) -> logging.Logger:
        """A logger for bolt and slack_sdk that scrubs tokens (bolt copies its filters to child loggers)."""
        redact = RedactSecrets(self.settings.secrets())
        bolt_logger = logging.getLogger(f"{__name__}.bolt")
        for old in [f for f in bolt_logger.filters if isinstance(f, RedactSecrets)]:
            bolt_logger.removeFilter(old)
        bolt_logger.addFilter(redact)
        for old in [f for f in log.filters if isinstance(f, RedactSecrets)]:
            log.removeFilter(old)
        log.addFilter(redact)
        return bolt_logger

    # ---------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Check the bot token, then connect Socket Mode or serve HTTP; returns once running."""
        # Loading the command modules imports the core; done now, it cannot hold up the
        # event loop between a first command's ack and Slack's 3-second deadline.
        await asyncio.to_thread(commands)
        await self._check_bot_token()
        if self.http:
            await self._serve_http()
        else:
            await self._connect_socket_mode()

    async def _check_bot_token(self) -> None:
        try:
            await self.client.auth_test()
        except SlackApiError as exc:
            raise AdapterError(f"{BOT_TOKEN_ENV} was refused by Slack ({_api_error(exc)})") from None
        except (TimeoutError, SlackClientError, OSError) as exc:
            raise AdapterError(
                f"cannot reach the Slack Web API at {self.settings.api_url}: {type(exc).__name__}"
            ) from None

    async def _connect_socket_mode(self) -> None:
        assert self.settings.app_token is not None
        handler = AsyncSocketModeHandler(
            self.app, app_token=self.settings.app_token, logger=self.logger, web_client=self.client
        )
        # Kept before connecting: the client's connect loop retries an unreachable
        # websocket for ever, and stop() must be able to close it in that state too.
        self._socket = handler
        # Ask for the WebSocket URL here so a bad app token fails start() with one line;
        # the client's own connect loop would otherwise retry forever.
        try:
            handler.client.wss_uri = await handler.client.issue_new_wss_url()
        except SlackApiError as exc:
            self._socket = None
            await handler.client.close()
            raise AdapterError(
                f"{APP_TOKEN_ENV} was refused by Slack ({_api_error(exc)}); it needs the connections:write scope"
            ) from None
        await handler.connect_async()
        log.info("slack: connected in Socket Mode")

    async def _serve_http(self) -> None:
        web_app = web.Application()
        web_app.add_routes([web.post(EVENTS_PATH, self._handle_http)])
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise AdapterError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self._runner = runner
        self.bound_port = _bound_port(runner, self.port)
        log.info("slack: serving %s on http://%s:%s", EVENTS_PATH, self.host, self.bound_port)

    async def _handle_http(self, request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        bolt_response = await self.app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)

    async def stop(self) -> None:
        """Close the socket (connected, connecting or reconnecting) or the HTTP server; safe to call twice."""
        if self._socket is not None:
            socket, self._socket = self._socket, None
            # Marks the client closed first, so its connect and reconnect loops end
            # instead of retrying; then its session, monitor and receiver go.
            await socket.close_async()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    # ---------------------------------------------------------------- sending

    async def send(
        self, channel: str, reply: Reply, thread: str | None = None, progress: SendProgress | None = None
    ) -> str | None:
        """Post a reply with chat.postMessage, split into as many messages as Slack's limits need.

        The first message goes to the channel (or into `thread`); the others are
        replies in the thread of the first (`thread_ts` = its ts), so a long
        digest is one message in the channel. Returns the first message's ts.
        With `progress`, parts an earlier attempt delivered are skipped.
        Raises ConnectionError naming the channel when Slack refuses a post.
        """
        progress = progress if progress is not None else SendProgress()
        for index, message in enumerate(render_messages(reply)):
            if index < progress.parts_sent:
                continue  # delivered by an earlier attempt
            thread_ts = thread if index == 0 else progress.thread_ref
            try:
                response = await self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
            except SlackApiError as exc:
                raise ConnectionError(f"slack: chat.postMessage to {channel} failed ({_api_error(exc)})") from None
            except (TimeoutError, SlackClientError, OSError) as exc:
                raise ConnectionError(f"slack: chat.postMessage to {channel} failed ({type(exc).__name__})") from None
            if index == 0:
                ts = response.get("ts")
                progress.first_ref = str(ts) if ts else None
                # Follow-ups thread under the first message; with no ts to thread on they go flat.
                progress.thread_ref = thread or progress.first_ref
            progress.parts_sent = index + 1
        return progress.first_ref

    async def _respond(self, response_url: str, reply: Reply, asked: tuple[str, str] | None = None) -> None:
        """Answer a slash command through its response_url (up to five posts).

        Answers go to the channel, opened by who asked what (`asked`); help
        and errors go only to the asker.
        """
        visible = not (self.ephemeral or reply.is_error)
        webhook = AsyncWebhookClient(url=response_url, logger=self.logger, retry_handlers=retry_handlers())
        for message in render_messages(reply, preface=asked if visible else None):
            response = await webhook.send(
                **message, response_type="in_channel" if visible else "ephemeral", replace_original=False
            )
            if response.status_code != 200:
                raise ConnectionError(f"slack: response_url refused the answer (HTTP {response.status_code})")

    # ---------------------------------------------------------------- incoming

    def _register_listeners(self) -> None:
        self.app.command(self.command_name)(self._on_command)
        self.app.event("app_mention")(self._on_mention)
        self.app.event("message")(self._on_message)
        self.app.action(MORE_ACTION)(self._on_more_button)

    def _context(self, channel: str | None, user: str | None) -> CommandContext:
        # The Slack user id is what config.toml [access] admins lists.
        return self.runtime.context(self.platform, channel=channel, user=user)

    async def _answer(self, text: str, ctx: CommandContext) -> Reply:
        """Run the core off the loop; any failure becomes an error reply, never a crash."""
        try:
            return await self.runtime.handle_async(text, ctx)
        except Exception:
            log.exception("slack: the core failed on a message in %s", ctx.channel)
            return error_reply("Something went wrong answering that.", "The error was logged; try again.")

    async def _on_command(self, ack: Any, body: dict[str, Any]) -> None:
        """`/brief <subcommand> …`: ack at once (Slack allows 3 s), then answer via response_url."""
        await ack()
        channel, user = body.get("channel_id"), body.get("user_id")
        help_or_none, text = slash_reply_or_text(body.get("text", ""))
        log.info("slack: %s %s from %s in %s", self.command_name, text.split(" ")[0] or "help", user, channel)
        reply = help_or_none or await self._answer(text, self._context(channel, user))
        response_url = body.get("response_url")
        try:
            if response_url:
                await self._respond(response_url, reply, asked_preface(user, f"{self.command_name} {text}"))
            elif channel:
                await self.send(channel, reply)
        except (TimeoutError, ConnectionError, SlackClientError, OSError) as exc:
            log.error("slack: could not deliver the answer to %s in %s: %s", user, channel, exc)

    async def _on_more_button(self, ack: Any, body: dict[str, Any]) -> None:
        """The "More" button under an answer: ack at once, then post the next part in its thread."""
        await ack()
        channel = (body.get("channel") or {}).get("id")
        user = (body.get("user") or {}).get("id")
        message = body.get("message") or {}
        if not channel:
            return
        reply = await self._answer("more", self._context(channel, user))
        try:
            await self.send(channel, reply, thread=message.get("thread_ts") or message.get("ts"))
        except ConnectionError as exc:
            log.error("slack: %s", exc)

    def _first_delivery(self, body: dict[str, Any]) -> bool:
        """False for an event already handled: Slack redelivers when an ack seemed late."""
        event_id = body.get("event_id")
        if not event_id:
            return True
        if event_id in self._seen_events:
            log.info("slack: event %s delivered again; already answered", event_id)
            return False
        self._seen_events[event_id] = None
        if len(self._seen_events) > SEEN_EVENTS:
            self._seen_events.popitem(last=False)
        return True

    async def _on_mention(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """`@briefbot <question>` in a channel: answer in a thread under the question."""
        if not self._first_delivery(body):
            return
        thread = event.get("thread_ts") or event.get("ts")
        await self._reply_to_message(event, thread)

    async def _on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A direct message to the bot: answer directly; other message events are ignored."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        if not self._first_delivery(body):
            return
        await self._reply_to_message(event, event.get("thread_ts"))

    async def _reply_to_message(self, event: dict[str, Any], thread: str | None) -> None:
        channel, user = event.get("channel"), event.get("user")
        if not channel:
            return
        text = strip_mentions(event.get("text", ""))
        reply = await self._answer(text, self._context(channel, user))
        try:
            await self.send(channel, reply, thread=thread)
        except ConnectionError as exc:
            log.error("slack: %s", exc)


def _api_error(exc: SlackApiError) -> str:
    """Slack's error code from a failed call ('invalid_auth'), or the HTTP status when the body was not Slack's."""
    data = exc.response.data
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"HTTP {exc.response.status_code}"


def _bound_port(runner: web.AppRunner, requested: int) -> int:
    """The port the server really listens on (differs from `requested` when that was 0)."""
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return requested
