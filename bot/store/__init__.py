"""The SQLite store (sqlite-utils): all SQL of briefbot lives in this package.

`Store` is one facade over the areas of the schema, each a mixin in its own
module: `articles` (articles and outlets), `statements` (speakers and
statements), `propositions` (grouping links and figures), `search` (the
queries behind questions and ledgers), `deliveries` (subscriptions, deliveries
and digest windows), `feeds` (feeds, article URLs, near-duplicate signatures),
`bulk` (bench copies and backups) and `watches` (watches and their alert
records). `ledger_queries` holds the named read-only queries the ledger
browser offers. Schema changes are numbered migrations (`migrations`) recorded in
`PRAGMA user_version`; each runs in one transaction.
"""

from bot.store.articles import ADDED, REPLACED, UNCHANGED, SavedArticle
from bot.store.core import Row, StoreError, is_busy_error
from bot.store.facade import Store

__all__ = ["ADDED", "REPLACED", "UNCHANGED", "Row", "SavedArticle", "Store", "StoreError", "is_busy_error"]
