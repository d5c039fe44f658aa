"""Which articles tell one story (shared name words), and the cross-article caches of stored statements."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from typing import TypeVar

from bot.nlp.signatures import (
    Item,
)
from bot.store import Store

K = TypeVar("K")
V = TypeVar("V")


def _per_store_cache(
    caches: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], dict[K, V]]],
    store: Store,
    limit: int | None = None,
) -> dict[K, V]:
    """One store's entry of a cross-article cache, emptied when the store's ids may mean other rows
    (`Store.grouping_cache_token`) or, with a limit, when it has grown past it."""
    token = store.grouping_cache_token()
    cached = caches.get(store)
    if cached is None or cached[0] != token or (limit is not None and len(cached[1]) > limit):
        cached = (token, {})
        caches[store] = cached
    return cached[1]


# Words of a date or a title, capitalised in entities and speakers but naming no one in a story.
_NOT_STORY_WORDS = frozenset(
    """
    the monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december mr mrs ms dr sir
    """.split()
)
_STORY_WORD = re.compile(r"[A-Z][A-Za-z'’-]{2,}")
# Two articles tell one story when they share two name words (people, bodies, places in their
# statements' entities and speakers) making up this share of the smaller article's name words. On
# news3 (seven events, three outlets each) pairs of one event share 2-15 name words (.21-1.0 of the
# smaller set); pairs of different events share at most one once dates are left out.
STORY_SHARED_WORDS = 2
STORY_SHARE = 0.2
# With fewer name words than this on either side the names cannot tell the story, and the
# content match alone decides (a one-line brief, an unnamed "officials said" item).
STORY_MIN_WORDS = 3


def story_words(statements: Iterable[tuple[str | None, Iterable[str]]]) -> frozenset[str]:
    """The capitalised name words of an article's statements: (speaker, entities) pairs."""
    out: set[str] = set()
    for speaker, entities in statements:
        for text in (speaker or "", *entities):
            out.update(re.sub(r"['’]s$", "", w).lower() for w in _STORY_WORD.findall(text))
    return frozenset(out - _NOT_STORY_WORDS)


def same_story(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two articles' name words say they report one story (or are too few to tell)."""
    if min(len(a), len(b)) < STORY_MIN_WORDS:
        return True
    shared = len(a & b)
    return shared >= STORY_SHARED_WORDS and shared >= STORY_SHARE * min(len(a), len(b))


# Stored statements as Items, per store, kept across articles (the same ones come back as
# candidates article after article): (store's cache token, statement id → Item). Their
# links are not trusted from here, they are read again each time.
_STORED_ITEMS: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], dict[int, Item]]] = weakref.WeakKeyDictionary()
STORED_ITEMS_CACHED = 50_000  # the cache starts afresh past this many statements
# The story and postings caches below start afresh past this many articles or concepts (each
# entry holds tens of ids or words, so this bounds them to some tens of MB in a long-running bot).
STORED_ENTRIES_CACHED = 10_000


# Stored articles' story name words (`story_words`) and their statements' cues, per store, kept
# across articles like `_STORED_ITEMS`: the same articles come back as candidates article after
# article, and what their statements say of speakers, cues and entities is never rewritten.
_STORED_STORIES: weakref.WeakKeyDictionary[
    Store, tuple[tuple[int, int], dict[int, tuple[frozenset[str], dict[int, str]]]]
] = weakref.WeakKeyDictionary()


def _stored_stories(store: Store) -> dict[int, tuple[frozenset[str], dict[int, str]]]:
    """The store's cross-article story cache, emptied when an article id may mean another article."""
    return _per_store_cache(_STORED_STORIES, store, STORED_ENTRIES_CACHED)


# Each concept's newest statement ids (`Store.statement_ids_with_any_word`), per store, kept across
# articles with the highest statement id when they were read: a later article asks the index only
# for the ids added since, which go before the ones kept (statement texts are never rewritten).
_STORED_POSTINGS: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], dict[str, tuple[int, list[int]]]]] = (
    weakref.WeakKeyDictionary()
)


def _stored_postings(store: Store) -> dict[str, tuple[int, list[int]]]:
    """The store's cross-article postings cache, emptied when a statement id may mean another statement."""
    return _per_store_cache(_STORED_POSTINGS, store, STORED_ENTRIES_CACHED)


def _stored_items(store: Store) -> dict[int, Item]:
    """The store's cross-article Item cache, emptied when a statement id may mean another statement."""
    return _per_store_cache(_STORED_ITEMS, store)


# When each cached stored statement's links were read (`Store.link_write_number()` then), per store
# like `_STORED_ITEMS`: links read in an earlier article are read again only for statements the store
# has logged a link write to since (`Store.links_rewritten`).
_STORED_LINKS_READ: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], dict[int, int]]] = (
    weakref.WeakKeyDictionary()
)


def _stored_links_read(store: Store) -> dict[int, int]:
    """The store's statement id -> link write number when its cached links were read."""
    return _per_store_cache(_STORED_LINKS_READ, store)
