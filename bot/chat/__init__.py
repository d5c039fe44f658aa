"""Chat commands: the registry and every command a user can type.

`registry` holds the command table, parses arguments and dispatches a chat
line; the `*_commands` modules each register a family of commands (questions
and ledgers, subscriptions, feeds, watches). Importing this package registers them all,
so an adapter only needs `bot.chat.registry`.
"""

# Importing a command module registers its commands; this order (after "help")
# is the order `help` lists them in.
# isort: off
from bot.chat import query_commands
from bot.chat import subscription_commands
from bot.chat import feed_commands
from bot.chat import watch_commands

# isort: on

__all__ = ["feed_commands", "query_commands", "subscription_commands", "watch_commands"]
