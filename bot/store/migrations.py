"""The store's schema as numbered migrations.

Each migration runs once, in one transaction, and the number of the last one
applied is kept in `PRAGMA user_version`. A migration is never edited once
released: a schema change is a new migration appended to `MIGRATIONS`.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

# ---------------------------------------------------------------- migrations


def _migration_1_core(db: sqlite_utils.Database) -> None:
    """Outlets, articles, speakers, statements, propositions, figures, FTS."""
    db.table("outlets").create({"id": int, "name": str}, pk="id")
    db.table("outlets").create_index(["name"], unique=True)
    db.table("articles").create(
        {
            "id": int,
            "name": str,  # input file name, NAME.jsonl#LINE, or canonical URL
            "source": str,
            "url": str,
            "outlet_id": int,
            "title": str,
            "published": str,
            "language": str,
            "raw_text": str,
            "text": str,
            "content_hash": str,
            "ingested_at": str,
        },
        pk="id",
        foreign_keys=[("outlet_id", "outlets", "id")],
    )
    db.table("articles").create_index(["name"], unique=True)
    db.table("articles").create_index(["content_hash"])
    db.table("articles").create_index(["published"])
    # Every outlet that carried an article (syndicated copies add rows here).
    db.table("article_outlets").create(
        {"article_id": int, "outlet_id": int, "url": str},
        pk=("article_id", "outlet_id"),
        foreign_keys=[("article_id", "articles", "id"), ("outlet_id", "outlets", "id")],
    )
    db.table("speakers").create(
        {"id": int, "name": str, "type": str, "roles": str, "aliases": str},
        pk="id",
    )
    db.table("speakers").create_index(["name"], unique=True)
    db.table("propositions").create(
        {
            "id": int,
            "text": str,  # a representative wording
            "speaker": str,  # speaker of the first claim, for display
            "lemmas": str,  # JSON list: the grouping signature
            "entities": str,  # JSON list
            "created_at": str,
        },
        pk="id",
    )
    db.table("statements").create(
        {
            "id": int,
            "article_id": int,
            "position": int,  # order within the article
            "kind": str,
            "cue": str,
            "speaker_id": int,
            "speaker": str,
            "speaker_text": str,
            "speaker_role": str,
            "speaker_type": str,
            "relay": str,
            "direct": int,
            "text": str,
            "evidence": str,
            "start": int,
            "end": int,
            "lemmas": str,  # JSON list
            "entities": str,  # JSON list
            "target_text": str,
            "proposition_id": int,
            "denies": int,  # proposition id a denial targets
        },
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("speaker_id", "speakers", "id"),
            ("proposition_id", "propositions", "id"),
        ],
    )
    db.table("statements").create_index(["article_id"])
    db.table("statements").create_index(["speaker_id"])
    db.table("statements").create_index(["proposition_id"])
    db.table("statements").create_index(["denies"])
    db.table("figures").create(
        {
            "id": int,
            "article_id": int,
            "text": str,
            "value": float,
            "unit": str,
            "qualifier": str,
            "low": float,
            "high": float,
            "sentence": str,
            "start": int,
            "end": int,
            "lemmas": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("figures").create_index(["article_id"])
    db.table("figures").create_index(["unit"])
    db.table("statements").enable_fts(
        ["text", "evidence", "speaker", "speaker_text", "speaker_role"],
        create_triggers=True,
        tokenize="porter",
    )
    db.table("articles").enable_fts(["title", "text"], create_triggers=True, tokenize="porter")


def _migration_2_subscriptions(db: sqlite_utils.Database) -> None:
    """Digest subscriptions per channel and the record of every digest delivery."""
    db.table("subscriptions").create(
        {
            "id": int,
            "platform": str,
            "channel": str,
            "time": str,  # local HH:MM
            "timezone": str,  # IANA zone name
            "topic": str,
            "source": str,  # "chat" | "config"
            "created_by": str,
            "created_at": str,
        },
        pk="id",
    )
    db.table("subscriptions").create_index(["platform", "channel"], unique=True)
    # One row per channel and period: the unique key is what stops a digest
    # from being posted twice, across restarts and racing jobs.
    db.table("deliveries").create(
        {
            "id": int,
            "platform": str,
            "channel": str,
            "period": str,  # the local date of the scheduled run
            "subscription_id": int,
            "scheduled_for": str,  # UTC instant the run was due
            "window_start": str,
            "window_end": str,
            "status": str,  # posting | posted | empty | failed | missed | interrupted
            "attempts": int,
            "error": str,
            "decided_at": str,
            "finished_at": str,
        },
        pk="id",
    )
    db.table("deliveries").create_index(["platform", "channel", "period"], unique=True)


def _migration_3_feeds(db: sqlite_utils.Database) -> None:
    """Feeds and their entries, canonical article URLs and MinHash signatures."""
    # Plain SQL: sqlite-utils cannot declare ON DELETE actions, and re-ingesting an
    # article (a new id) or removing a feed must take these rows with it.
    db.execute(
        """CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            outlet TEXT,
            title TEXT,
            every_seconds INTEGER NOT NULL,
            etag TEXT,
            last_modified TEXT,
            added_at TEXT,
            added_by TEXT,
            last_polled_at TEXT,
            next_poll_at TEXT,
            last_success_at TEXT,
            last_new_entry_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            health TEXT NOT NULL DEFAULT 'ok',
            health_reported TEXT,
            paused INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """CREATE TABLE feed_entries (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            entry_key TEXT NOT NULL,
            url TEXT,
            canonical_url TEXT,
            title TEXT,
            published TEXT,
            status TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            first_seen_at TEXT,
            updated_at TEXT,
            UNIQUE (feed_id, entry_key)
        )"""
    )
    db.execute("CREATE INDEX idx_feed_entries_canonical ON feed_entries (canonical_url)")
    db.execute("CREATE INDEX idx_feed_entries_article ON feed_entries (article_id)")
    # Every canonical URL an article was seen under (its own, AMP and tracking forms, syndicated copies).
    db.execute(
        """CREATE TABLE article_urls (
            url TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            outlet TEXT,
            added_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_article_urls_article ON article_urls (article_id)")
    # MinHash signatures of article texts: the LSH index for syndicated copies is rebuilt from these.
    db.execute(
        """CREATE TABLE article_minhash (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            num_perm INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            words INTEGER NOT NULL,
            signature BLOB NOT NULL
        )"""
    )


def _migration_4_bench_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that keep questions fast on large stores (found with `briefbot bench`)."""
    # "How long/how many" questions find figures by their sentence's words, not by a scan of one unit.
    db.table("figures").enable_fts(["sentence", "lemmas"], create_triggers=True, tokenize="porter")
    # Unlinked denials are looked up at every ingest.
    db.table("statements").create_index(["kind", "denies"], if_not_exists=True)


def _migration_5_speaker_search(db: sqlite_utils.Database) -> None:
    """Speakers found by the words of their name, aliases and roles (no directory held in memory)."""
    db.table("speakers").enable_fts(["name", "aliases", "roles"], create_triggers=True)
    # "What did X deny?" reads one speaker's statements of one kind.
    db.table("statements").create_index(["speaker_id", "kind"], if_not_exists=True)


def _migration_6_ingested_index(db: sqlite_utils.Database) -> None:
    """Scheduled digests select articles by when they entered the store."""
    db.table("articles").create_index(["ingested_at"], if_not_exists=True)


def _migration_7_speaker_statement_order(db: sqlite_utils.Database) -> None:
    """ "What did X deny?" keeps a speaker's newest statements of a kind, from the index alone.

    A common surname names dozens of speakers with thousands of statements; without
    the article in the index each one's table row was read just to sort them.
    """
    db.table("statements").create_index(["speaker_id", "kind", "article_id", "position"], if_not_exists=True)


OUTLET_STATEMENTS_VIEW = """SELECT
    s.id AS statement_id,
    date(coalesce(a.published, a.ingested_at)) AS published,
    o.name AS outlet,
    s.speaker AS speaker,
    s.kind AS kind,
    s.text AS text,
    CASE WHEN s.kind = 'denial' THEN dp.text ELSE cp.text END AS proposition,
    a.title AS article
FROM statements s
JOIN articles a ON a.id = s.article_id
JOIN article_outlets ao ON ao.article_id = s.article_id
JOIN outlets o ON o.id = ao.outlet_id
LEFT JOIN propositions cp ON cp.id = s.proposition_id
LEFT JOIN propositions dp ON dp.id = s.denies"""


def _migration_8_ledger_links(db: sqlite_utils.Database) -> None:
    """Declared links for a denial's `denies` and a delivery's subscription, and the `outlet_statements` view.

    Browsers follow declared foreign keys only. ON DELETE SET NULL keeps today's
    behaviour: deleting an article's last claim or a subscription leaves the denial
    or the delivery in place, unlinked, instead of failing on the new constraint.
    """
    # Rows pointing at nothing would fail transform()'s foreign key check.
    db.execute(
        "UPDATE statements SET denies = NULL WHERE denies IS NOT NULL AND denies NOT IN (SELECT id FROM propositions)"
    )
    db.execute(
        "UPDATE deliveries SET subscription_id = NULL WHERE subscription_id IS NOT NULL "
        "AND subscription_id NOT IN (SELECT id FROM subscriptions)"
    )
    for table, column, other in (
        ("statements", "denies", "propositions"),
        ("deliveries", "subscription_id", "subscriptions"),
    ):
        # transform() rebuilds the table, which drops its triggers (the FTS ones on statements).
        triggers = db.table(table).triggers
        db.table(table).add_foreign_key(column, other, "id", on_delete="SET NULL")
        for trigger in triggers:
            if trigger.name not in db.triggers_dict:
                db.execute(trigger.sql)
    db.create_view("outlet_statements", OUTLET_STATEMENTS_VIEW)


def _migration_9_watches(db: sqlite_utils.Database) -> None:
    """Watches (a channel following a speaker, a topic or one claim) and the record of every alert."""
    db.execute(
        """CREATE TABLE watches (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            channel TEXT NOT NULL,
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            target_key TEXT NOT NULL,
            proposition_id INTEGER,
            source TEXT NOT NULL DEFAULT 'chat',
            created_by TEXT,
            created_at TEXT NOT NULL,
            after_article_id INTEGER NOT NULL DEFAULT 0,  -- the newest article when the watch was made
            checked_until TEXT,
            UNIQUE (platform, channel, kind, target_key)
        )"""
    )
    # One row per (watch, proposition, kind): the unique key is the decision to alert,
    # so the same denial carried by several outlets, a restart or a racing check never
    # alerts twice. Rows stay `pending` until posted, so nothing decided is lost.
    db.execute(
        """CREATE TABLE watch_alerts (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            channel TEXT NOT NULL,
            proposition_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            statement_ids TEXT NOT NULL,
            status TEXT NOT NULL,
            fold_id INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            message_ref TEXT,
            decided_at TEXT NOT NULL,
            posted_at TEXT,
            UNIQUE (watch_id, proposition_key, kind)
        )"""
    )
    db.execute("CREATE INDEX idx_watch_alerts_channel ON watch_alerts (platform, channel, status)")


def _migration_10_continuations(db: sqlite_utils.Database) -> None:
    """The unshown rest of each channel's last answer, which `more` shows part by part."""
    db.table("continuations").create(
        {"platform": str, "channel": str, "title": str, "parts": str, "next_part": int, "saved_at": str},
        pk=("platform", "channel"),
        not_null={"platform", "channel", "parts", "next_part"},
        if_not_exists=True,
    )


def _migration_11_article_keys(db: sqlite_utils.Database) -> None:
    """Articles are identified by a key that cannot collide (a file's full path, a URL), not by their name.

    Two `index.html` in two folders have the same file name; keyed by name the
    second replaced the first. Articles stored before keep their name as key.
    """
    db.execute("ALTER TABLE articles ADD COLUMN source_key TEXT")
    db.execute("UPDATE articles SET source_key = name")
    db.execute("CREATE UNIQUE INDEX idx_articles_source_key ON articles (source_key)")
    # The name stays for display and lookups, no longer unique.
    db.execute("DROP INDEX IF EXISTS idx_articles_name")
    db.execute("CREATE INDEX idx_articles_name ON articles (name)")


def _migration_12_statement_vectors(db: sqlite_utils.Database) -> None:
    """Sentence embeddings of statements, so questions find them by meaning, not only by shared words.

    A table of its own (not a column): the vectors are written after the statements,
    in bulk, and a store without them still answers (by words alone).
    """
    # Plain SQL: sqlite-utils cannot declare ON DELETE actions; re-ingesting an article
    # deletes its statements, and their vectors must go with them.
    db.execute(
        """CREATE TABLE statement_vectors (
            statement_id INTEGER PRIMARY KEY REFERENCES statements(id) ON DELETE CASCADE,
            vector BLOB NOT NULL
        )"""
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1_core,
    _migration_2_subscriptions,
    _migration_3_feeds,
    _migration_4_bench_indexes,
    _migration_5_speaker_search,
    _migration_6_ingested_index,
    _migration_7_speaker_statement_order,
    _migration_8_ledger_links,
    _migration_9_watches,
    _migration_10_continuations,
    _migration_11_article_keys,
    _migration_12_statement_vectors,
]
