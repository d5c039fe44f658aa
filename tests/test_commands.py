"""The command registry and chat-text dispatch."""

from __future__ import annotations

from bot.chat.registry import (
    MAX_INPUT_CHARS,
    Argument,
    Command,
    CommandContext,
    commands,
    dispatch,
    parse_arguments,
    run_command,
)
from bot.reply import Reply, render_text
from bot.store import Store


def test_every_command_has_help_and_unique_name() -> None:
    names = [c.name for c in commands()]
    assert "help" in names and len(names) == len(set(names))
    assert all(c.help for c in commands())


def test_parse_arguments_word_then_rest() -> None:
    cmd = Command(
        "x", "x", lambda c, a: Reply("x"), (Argument("time", "t", required=True), Argument("topic", "t", rest=True))
    )
    assert parse_arguments(cmd, " 08:00   Europe/Paris  grain deal ") == {
        "time": "08:00",
        "topic": "Europe/Paris  grain deal",
    }


def test_missing_required_argument_gives_usage(store: Store) -> None:
    cmd = Command("needs", "Needs a thing.", lambda c, a: Reply("ok"), (Argument("thing", "t", required=True),))
    from bot.chat import registry as registry

    registry.REGISTRY["needs"] = cmd
    try:
        reply = run_command("needs", "", CommandContext(store=store))
    finally:
        del registry.REGISTRY["needs"]
    assert reply.is_error and "usage is `needs <thing>`" in reply.title


def test_empty_text_gets_help(store: Store) -> None:
    reply = dispatch("   ", CommandContext(store=store))
    assert "help" in render_text(reply)


def test_overlong_text_is_refused(store: Store) -> None:
    reply = dispatch("a" * (MAX_INPUT_CHARS + 1), CommandContext(store=store))
    assert reply.is_error and "too long" in reply.title


def test_handler_crash_becomes_error_reply(store: Store) -> None:
    def boom(ctx: CommandContext, args: dict[str, str]) -> Reply:
        raise ZeroDivisionError

    from bot.chat import registry as registry

    registry.REGISTRY["boom"] = Command("boom", "Explodes.", boom)
    try:
        reply = dispatch("boom", CommandContext(store=store))
    finally:
        del registry.REGISTRY["boom"]
    assert reply.is_error and "failed" in reply.title


def test_admin_only_refused_for_non_admin(store: Store) -> None:
    from bot.chat import registry as registry

    registry.REGISTRY["secret"] = Command("secret", "Admins only.", lambda c, a: Reply("done"), admin_only=True)
    try:
        refused = dispatch("secret", CommandContext(store=store, is_admin=False))
        allowed = dispatch("secret", CommandContext(store=store, is_admin=True))
    finally:
        del registry.REGISTRY["secret"]
    assert refused.is_error and "admins only" in refused.title
    assert allowed.title == "done"
