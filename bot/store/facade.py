"""`Store`: the one object the rest of briefbot reads and writes through."""

from __future__ import annotations

from bot.store.articles import ArticlesMixin
from bot.store.bulk import BulkMixin
from bot.store.continuations import ContinuationsMixin
from bot.store.deliveries import DeliveriesMixin
from bot.store.feeds import FeedsMixin
from bot.store.propositions import PropositionsMixin
from bot.store.search import SearchMixin
from bot.store.statements import StatementsMixin
from bot.store.vectors import VectorsMixin
from bot.store.watches import WatchesMixin


class Store(
    WatchesMixin,  # first: it extends SearchMixin
    ArticlesMixin,
    StatementsMixin,
    PropositionsMixin,
    SearchMixin,
    DeliveriesMixin,
    FeedsMixin,
    BulkMixin,
    ContinuationsMixin,
    VectorsMixin,
):
    """The briefbot store: one SQLite file (or memory) over sqlite-utils.

    Each area's methods live in its own mixin module; `StoreCore` opens the
    file, migrates it and holds the connection and its lock.
    """
