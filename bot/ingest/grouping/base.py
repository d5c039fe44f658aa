"""The grouping state of one article, its candidate lookups in the store and the story test."""

from __future__ import annotations

from collections import Counter

from bot.ingest.grouping.negations import may_deny
from bot.ingest.grouping.scoring import (
    Weights,
)
from bot.ingest.grouping.stories import (
    STORED_ITEMS_CACHED,
    _stored_items,
    _stored_links_read,
    _stored_postings,
    _stored_stories,
    same_story,
    story_words,
)
from bot.models import CLAIM
from bot.nlp.signatures import (
    CANDIDATES_PER_QUERY,
    CANDIDATES_READ,
    QUERY_CONCEPTS,
    REFERENCE_NOUNS,
    Item,
    item_from_row,
)
from bot.store import Store


class GrouperBase:
    """One article's grouping state, the candidate lookups and the story test the grouping steps share."""

    def __init__(self, store: Store, article_id: int) -> None:
        self.store = store
        self.article_id = article_id
        self.weights = Weights(store)
        self.items: list[Item] = []
        self.seen: dict[int, Item] = {}  # stored statements already read, by id
        self.postings: dict[str, list[int]] = {}  # concept → newest statement ids holding it
        self.unlinked: set[int] = set()  # ids of stored denials that deny nothing yet
        self.checked: set[int] = set()  # ids already looked up for `unlinked`
        self.merged_into: dict[int, int] = {}  # propositions merged away during this article
        self.stored = _stored_items(store)
        self.links_read = _stored_links_read(store)  # statement id -> link write number its cached links are of
        self.report_positions: set[int] = set()  # positions of this article's claims carried by a report
        self.linked_denials: dict[int, Item] = {}  # stored denials already linked, met as candidates
        self.target_texts: dict[int, str] = {}  # position -> what a denial says it rejects ("the memo")
        self.summary_positions: set[int] = set()  # positions of denials on a headline or entry-title line
        self.cues: dict[int, str] = {}  # position -> a statement's cue word
        self.voices: dict[int, tuple[str, ...]] = {}  # position -> the speaker's names (as named, written, role)
        self.claim_voices: dict[int, tuple[str, ...]] = {}  # the same for this article's claims
        self.story: frozenset[str] = frozenset()  # this article's name words (`story_words`)
        self.stories: dict[int, bool] = {}  # stored article id -> whether it tells this article's story
        self.flipped: set[int] = set()  # positions of this article's negated claims read as denials
        self.stored_cues: dict[int, str] = {}  # stored statement id -> its cue, read with `_same_story`
        self.stored_stories = _stored_stories(store)
        self.stored_postings = _stored_postings(store)
        self.last_id = store.last_statement_id()

    # -------------------------------------------------- candidates

    def candidates(self, item: Item, *, extra: frozenset[str] = frozenset(), names: bool = False) -> list[Item]:
        """Stored statements of other articles sharing rare content concepts with `item` (via FTS).

        One bounded, newest-first index query per concept (the rarest few, names
        left out since what was said must overlap, unless `names`); a statement found by only
        one of them cannot pass `similarity`'s shared-concept rule unless
        `item` has a single content concept, so only those found twice are read.
        """
        wanted = self.candidate_ids(item, extra=extra, names=names)
        self._read([sid for sid in wanted if sid not in self.seen])
        return [self.seen[sid] for sid in wanted if sid in self.seen and self.seen[sid].article_id != self.article_id]

    def negated_claim_candidates(self, item: Item, *, names: bool = False) -> list[Item]:
        """The negated claims among `candidates(item, names=names)`, in the same order, reading only those.

        A stored statement already read, or held in the cross-article cache, is known not to be a
        negated claim without reading its links again (its kind changes only when it is flipped,
        which drops it from the cache; its negation is in its text). The ones left unread are read
        later, if another step wants them, with the same links: after the claims are grouped only
        this article's statements and the negated claims read here have their links changed.
        """
        cache = self.stored
        maybe = []
        for sid in self.candidate_ids(item, names=names):
            known = self.seen.get(sid)
            known = cache.get(sid) if known is None else known
            if known is None or (known.kind == CLAIM and may_deny(known)):
                maybe.append(sid)
        self._read([sid for sid in maybe if sid not in self.seen])
        found = (self.seen.get(sid) for sid in maybe)
        return [
            c for c in found if c is not None and c.article_id != self.article_id and c.kind == CLAIM and may_deny(c)
        ]

    def candidate_ids(self, item: Item, *, extra: frozenset[str] = frozenset(), names: bool = False) -> list[int]:
        """The ids `candidates` reads, best first (most shared concepts, then newest), bounded.

        Notes each stored denial met on one concept that denies nothing yet (`unlinked`).
        """
        # With `names`, whom it is about counts as a shared word ("X is not married" / "X has married").
        content = sorted((item.concepts | extra) - (frozenset() if names else item.entities))
        for concept in content:
            self.weights.weight(concept)
        rarest = sorted(content, key=lambda c: (-self.weights.cache[c], c))[:QUERY_CONCEPTS]
        needed = 1 if len(content) <= 1 else 2
        hits: Counter[int] = Counter()
        for concept in rarest:
            if concept not in self.postings:
                self.postings[concept] = self._postings(concept)
            hits.update(self.postings[concept])  # counted in C: postings run to a hundred ids each
        for own in self.items:
            hits.pop(own.id, None)
        # Unlinked denials are read even on one hit: a new claim may be what they deny.
        unchecked = [sid for sid, n in hits.items() if n < needed and sid not in self.checked]
        # A statement the cross-article cache holds as a claim is no denial (a flipped one leaves the
        # cache): only the others are looked up.
        cache = self.stored
        self.unlinked |= self.store.unlinked_denial_ids(
            sid for sid in unchecked if (cached := cache.get(sid)) is None or cached.kind != CLAIM
        )
        self.checked.update(unchecked)
        wanted = [sid for sid, n in hits.items() if n >= needed or sid in self.unlinked]
        # Most shared concepts first, then newest: a bounded number, however common the story.
        wanted.sort(key=lambda sid: (-hits[sid], -sid))
        return wanted[:CANDIDATES_READ]

    def _postings(self, concept: str) -> list[int]:
        """The newest statement ids holding a concept: those added since it was last read, then the
        ones read then (the same ids the index gives for the whole store)."""
        words = self.weights.words(concept)
        known = self.stored_postings.get(concept)
        if known is None:
            ids = self.store.statement_ids_with_any_word(words, limit=CANDIDATES_PER_QUERY)
        elif known[0] == self.last_id:
            ids = known[1]
        else:
            newer = self.store.statement_ids_with_any_word(words, limit=CANDIDATES_PER_QUERY, after=known[0])
            ids = (newer + known[1])[:CANDIDATES_PER_QUERY]
        self.stored_postings[concept] = (self.last_id, ids)
        return ids

    def _read(self, ids: list[int]) -> None:
        """Read stored statements into `seen`: what they say from the cross-article cache when there,
        their links (which later articles change) from the store unless it has logged no write to
        them since they were read."""
        if not ids:
            return
        cache, links_read = self.stored, self.links_read
        cached = [sid for sid in ids if sid in cache]
        stale = self.store.links_rewritten((sid, links_read.get(sid, -1)) for sid in cached)
        for sid in cached:
            if sid not in stale:
                kept = cache[sid]
                self.seen[sid] = kept.linked(kept.proposition, kept.denies)
        now = self.store.link_write_number()
        for sid, proposition, denies in self.store.statement_links(sid for sid in cached if sid in stale):
            kept = cache[sid]
            kept.proposition, kept.denies = proposition, denies  # the cache's own copy, never handed out
            links_read[sid] = now
            self.seen[sid] = kept.linked(proposition, denies)
        fresh = [sid for sid in ids if sid not in cache]
        if len(cache) + len(fresh) > STORED_ITEMS_CACHED:
            cache.clear()
            links_read.clear()
        for row in self.store.grouping_statements(fresh):
            item = item_from_row(row)
            cache[item.id] = item.linked(item.proposition, item.denies)
            links_read[item.id] = now
            self.seen[item.id] = item

    def _same_story(self, article_id: int) -> bool:
        """Whether a stored article reports this article's story (shared names, `same_story`): a
        denial is linked to a claim of another article only then, so a hoax denial about one event
        never denies a claim about another that happens to use the same words."""
        if article_id == self.article_id:
            return True
        if article_id not in self.stories:
            told = self.stored_stories.get(article_id)
            if told is None:
                rows = self.store.story_fields(article_id)
                cues = {r["id"]: r.get("cue") or "" for r in rows}
                told = story_words((r.get("speaker"), r.get("entities") or ()) for r in rows), cues
                self.stored_stories[article_id] = told
            self.stored_cues.update(told[1])
            self.stories[article_id] = same_story(self.story, told[0])
        return self.stories[article_id]

    @staticmethod
    def _is_reference(item: Item) -> bool:
        """A denial whose own words name no content beyond 'the allegations' or 'the claim'."""
        content = (item.concepts | item.target_concepts) - REFERENCE_NOUNS
        return len(content) <= 1
