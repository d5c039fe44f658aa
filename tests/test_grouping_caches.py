"""Grouping's caches kept across articles give what the store itself gives."""

from __future__ import annotations

from bot.ingest import grouping
from bot.models import CLAIM, Statement
from bot.nlp.signatures import CANDIDATES_PER_QUERY
from bot.store import Store


def _save(store: Store, name: str, texts: list[str]) -> None:
    """One article of claims by one speaker, grouped as ingest groups them."""
    statements = [
        Statement(
            kind=CLAIM,
            cue="said",
            speaker="Dana Oyelaran",
            speaker_text="Oyelaran",
            text=text,
            evidence=text,
            start=0,
            end=len(text),
            lemmas=tuple(w.strip(".").lower() for w in text.split()),
        )
        for text in texts
    ]
    store.save_article(
        name=name,
        source=name,
        raw_text=" ".join(texts),
        text=" ".join(texts),
        content_hash=name,
        title=None,
        outlet="The Courier",
        url=None,
        published="2024-05-01",
        language="en",
        statements=statements,
        figures=[],
        on_saved=lambda s, aid, ids: grouping.assign_propositions(s, aid, ids, statements),
    )


def test_postings_kept_across_articles_match_the_index(store: Store) -> None:
    _save(store, "a.txt", ["the harbour tunnel will close in March", "the ferry fares rise again"])
    first = grouping.Grouper(store, article_id=0)
    assert first._postings("tunnel") == store.statement_ids_with_any_word(("tunnel",), limit=CANDIDATES_PER_QUERY)
    _save(store, "b.txt", ["the tunnel stays open", "a second tunnel is planned", "bridge tolls fall"])
    later = grouping.Grouper(store, article_id=0)
    # The cached ids plus the ones added since, newest first: what the whole index gives now.
    fresh = store.statement_ids_with_any_word(("tunnel",), limit=CANDIDATES_PER_QUERY)
    assert len(fresh) == 3
    assert later._postings("tunnel") == fresh
    newest = store.statement_ids_with_any_word(("tunnel",), limit=CANDIDATES_PER_QUERY, after=fresh[-1])
    assert newest == fresh[:-1]


def test_story_words_kept_across_articles_are_dropped_when_ids_are_freed(store: Store) -> None:
    _save(store, "a.txt", ["the harbour tunnel will close in March"])
    grouping.Grouper(store, article_id=0)._same_story(1)
    assert grouping._STORED_STORIES[store][1]
    token = store.grouping_cache_token()
    try:
        with store.transaction():
            _save(store, "b.txt", ["the bridge will close"])
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    # A rolled-back article frees its statement ids: nothing kept may outlive that.
    assert store.grouping_cache_token() != token
    assert grouping._stored_stories(store) == {}
