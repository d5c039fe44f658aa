"""Near-duplicate articles: MinHash signatures of word shingles and an LSH index per store.

A syndicated copy (the same wire story under another outlet's URL) shares most
of its five-word shingles with the stored original; the index finds it without
comparing the new text with every stored article.
"""

from __future__ import annotations

import re
import threading
import weakref

from datasketch import LeanMinHash, MinHash, MinHashLSH

from bot.store import Store

SHINGLE_WORDS = 5
MIN_WORDS_FOR_NEAR_DUP = 40  # shorter texts share too many shingles by chance
NUM_PERM = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # named, so a datasketch default change cannot silently mix schemes


# ---------------------------------------------------------------- near-duplicates


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of `size` lower-cased words: what near-duplicate texts share."""
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


def text_signature(text: str) -> tuple[LeanMinHash | None, int]:
    """The MinHash of a text's shingles and its word count; None for texts too short to compare."""
    words = len(re.findall(r"\w+", text))
    if words < MIN_WORDS_FOR_NEAR_DUP:
        return None, words
    minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return LeanMinHash(minhash), words


class NearDuplicateIndex:
    """An LSH index over the store's article signatures, for finding syndicated copies.

    Built from the `article_minhash` table on first use; articles stored
    without a signature (ingested from files) get one computed then.
    """

    def __init__(self, store: Store, threshold: float) -> None:
        self.store = store
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[int, LeanMinHash] = {}
        self._lock = threading.Lock()
        # Article ids only grow (a re-ingested article gets a new id), so syncing reads only newer rows.
        self._synced_upto = 0
        self.sync()

    def sync(self) -> None:
        """Load signatures of articles stored since the last sync, computing those missing."""
        with self._lock:
            start = self._synced_upto
            for row in self.store.article_minhashes(NUM_PERM, MINHASH_SEED, after_id=start):
                signature = LeanMinHash.deserialize(bytes(row["signature"]))
                if signature.scheme == MINHASH_SCHEME:
                    self._insert(row["article_id"], signature)
                self._synced_upto = max(self._synced_upto, row["article_id"])
            for row in self.store.articles_without_minhash(after_id=start):
                signature, words = text_signature(row["text"] or "")
                if signature is not None:
                    self._save(row["id"], signature, words)
                self._synced_upto = max(self._synced_upto, row["id"])

    def find(self, signature: LeanMinHash | None) -> int | None:
        """The stored article most similar to `signature`, if at least `threshold` alike."""
        if signature is None:
            return None
        with self._lock:
            candidates = [int(key) for key in self._lsh.query(signature)]
            scored = sorted(
                ((signature.jaccard(self._signatures[c]), c) for c in candidates if c in self._signatures),
                reverse=True,
            )
        for similarity, article_id in scored:
            if similarity < self.threshold:
                break
            if self.store.article(article_id) is not None:
                return article_id
            self._forget(article_id)  # replaced or deleted since it was indexed
        return None

    def add(self, article_id: int, signature: LeanMinHash | None, words: int) -> None:
        """Index and store an article's signature (no-op for texts too short to compare)."""
        if signature is None:
            return
        with self._lock:
            self._save(article_id, signature, words)

    def _save(self, article_id: int, signature: LeanMinHash, words: int) -> None:
        blob = bytearray(signature.bytesize())
        signature.serialize(blob)  # datasketch's own format: carries seed and scheme
        self.store.save_article_minhash(
            article_id, num_perm=NUM_PERM, seed=MINHASH_SEED, words=words, signature=bytes(blob)
        )
        self._insert(article_id, signature)

    def _insert(self, article_id: int, signature: LeanMinHash) -> None:
        if article_id in self._signatures:
            self._lsh.remove(str(article_id))
        self._signatures[article_id] = signature
        self._lsh.insert(str(article_id), signature)

    def _forget(self, article_id: int) -> None:
        with self._lock:
            if self._signatures.pop(article_id, None) is not None:
                self._lsh.remove(str(article_id))


_INDEXES: weakref.WeakKeyDictionary[Store, NearDuplicateIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def near_duplicate_index(store: Store, threshold: float) -> NearDuplicateIndex:
    """The store's index (built once per store object and threshold), synced with the store."""
    with _INDEXES_LOCK:
        index = _INDEXES.get(store)
        if index is None or index.threshold != threshold:
            index = NearDuplicateIndex(store, threshold)
            _INDEXES[store] = index
            return index
    index.sync()
    return index
