"""Stores of many articles for question and digest latency.

The seeds are ingested once through the real pipeline; each further "story" is a
copy of all their rows with speakers, outlets, dates, numbers and a share of the
words varied, so FTS postings, speaker lists and proposition groups grow the way a
real archive's do. Stores are cached per size.
"""

from __future__ import annotations

import hashlib
import json
import operator
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from spacy.language import Language

from bot.ingest import pipeline, readers, vectors
from bot.nlp.loader import load_nlp
from bot.store import Row, Store

_TOKEN = re.compile(r"[^\W\d_]+|\d+|[\W_]+", re.UNICODE)


# Text columns rewritten in every copy (the rest are ids, offsets and flags).
_TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("title", "text"),
    "statements": (
        "speaker",
        "speaker_text",
        "speaker_role",
        "relay",
        "text",
        "evidence",
        "lemmas",
        "entities",
        "target_text",
    ),
    "propositions": ("text", "speaker", "lemmas", "entities"),
    "figures": ("text", "sentence", "lemmas"),
    "speakers": ("name", "roles", "aliases"),
}


_JSON_COLUMNS = frozenset({"lemmas", "entities", "roles", "aliases"})


REPLACED_WORD_SHARE = 0.2  # share of content words swapped for others in each copy


DAYS_SPREAD = 365  # copies are published over the last year, so a 24h window holds ~1/365


CHUNK_STORIES = 100  # stories written per transaction


def _syllable_words(rng: random.Random, count: int, syllables: tuple[int, int]) -> list[str]:
    """`count` distinct made-up capitalised words (names that occur in no dictionary)."""
    onsets = "b c d f g h j k l m n p r s t v w z br dr gr kr st tr ch sh".split()
    vowels = "a e i o u ai ei ou ia".split()
    codas = ["", "", "n", "r", "s", "l", "v", "k", "sk", "nd"]
    made: dict[str, None] = {}
    while len(made) < count:
        parts = [rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(*syllables))]
        made.setdefault(("".join(parts) + rng.choice(codas)).capitalize(), None)
    return list(made)


@dataclass
class CloneTemplate:
    """The seed store's rows with every text cell split into token ids, ready to copy."""

    rows: dict[str, list[Row]]
    tokens: list[str]  # distinct tokens of all text cells
    cells: dict[tuple[str, int, str], tuple[int, ...]]  # (table, row index, column) → token ids
    name_keys: dict[str, list[int]]  # lowercase name word → ids of its tokens (every case)
    content_keys: list[list[int]]  # token ids of each replaceable content word (every case)
    number_ids: list[int]
    vocabulary: list[str]  # replacement words, commonest first
    first_names: list[str]
    surnames: list[str]
    outlets: list[str]

    @classmethod
    def from_store(cls, store: Store, vocabulary: list[str], *, rng_seed: int = 11) -> CloneTemplate:
        """Tokenise every text cell of the store's rows (normally the ingested seeds)."""
        rows = store.bench_rows()
        if not rows["articles"]:
            raise ValueError(f"{store.path}: no articles to clone")
        token_ids: dict[str, int] = {}
        cells: dict[tuple[str, int, str], tuple[int, ...]] = {}
        for table, columns in _TEXT_COLUMNS.items():
            for index, row in enumerate(rows[table]):
                for column in columns:
                    value = row.get(column)
                    if isinstance(value, str) and column in _JSON_COLUMNS:
                        # Unescaped, so a varied digit never lands inside a \uXXXX escape.
                        value = row[column] = json.dumps(json.loads(value), ensure_ascii=False)
                    if isinstance(value, str):
                        cells[(table, index, column)] = tuple(
                            token_ids.setdefault(t, len(token_ids)) for t in _TOKEN.findall(value)
                        )
        tokens = list(token_ids)
        # Name words: every word of a speaker's name, aliases or roles, of entities and of outlets,
        # written capitalised; they are swapped for made-up names in each copy.
        name_sources = [r["name"] for r in rows["speakers"]] + [r["aliases"] or "" for r in rows["speakers"]]
        name_sources += [r["entities"] or "" for r in rows["statements"]] + [r["name"] for r in rows["outlets"]]
        name_words = {w.lower() for text in name_sources for w in _TOKEN.findall(text) if w[:1].isupper()}
        by_key: dict[str, list[int]] = {}
        for token, tid in token_ids.items():
            if token[:1].isalpha():
                by_key.setdefault(token.lower(), []).append(tid)
        name_keys = {k: ids for k, ids in by_key.items() if k in name_words}
        content_keys = [ids for k, ids in sorted(by_key.items()) if k not in name_words and len(k) >= 4]
        number_ids = [tid for token, tid in token_ids.items() if token.isdigit()]
        rng = random.Random(rng_seed)
        outlets = [
            f"The {w} {rng.choice(['Times', 'Post', 'Herald', 'Wire', 'News', 'Daily', 'Journal', 'Report'])}"
            for w in _syllable_words(rng, 80, (2, 2))
        ]
        return cls(
            rows,
            tokens,
            cells,
            name_keys,
            content_keys,
            number_ids,
            vocabulary,
            _syllable_words(rng, 300, (1, 2)),
            _syllable_words(rng, 20_000, (2, 3)),
            outlets,
        )

    def variant_table(self, rng: random.Random) -> list[str]:
        """The token table of one copy: names, numbers and a share of content words replaced."""
        table = list(self.tokens)
        for key, ids in self.name_keys.items():
            # Surnames come from a long list and first names from a short one, so speakers recur across stories.
            pool = self.first_names if len(key) <= 5 and rng.random() < 0.3 else self.surnames
            # Zipf-like: a few names are quoted in many stories, most in one or two.
            _set_word(table, ids, pool[int(len(pool) ** rng.random()) - 1])
        for ids in rng.sample(self.content_keys, int(len(self.content_keys) * REPLACED_WORD_SHARE)):
            # Zipf-like draw: low ranks (common words) come up far more often than rare ones.
            rank = int(len(self.vocabulary) ** rng.random()) - 1
            _set_word(table, ids, self.vocabulary[rank])
        for tid in self.number_ids:
            digits = len(self.tokens[tid])
            table[tid] = str(rng.randint(10 ** (digits - 1) if digits > 1 else 1, 10**digits - 1))
        return table

    def render(self, table: list[str], key: tuple[str, int, str]) -> str | None:
        """One text cell of a copy, joined from the copy's token table."""
        ids = self.cells.get(key)
        if ids is None:
            return None
        if len(ids) < 2:
            return table[ids[0]] if ids else ""
        return "".join(operator.itemgetter(*ids)(table))


def _set_word(table: list[str], ids: list[int], word: str) -> None:
    """Put `word` in place of each token, keeping that token's capitalisation."""
    for tid in ids:
        original = table[tid]
        if original.isupper() and len(original) > 1:
            table[tid] = word.upper()
        elif original[:1].isupper():
            table[tid] = word[:1].upper() + word[1:]
        else:
            table[tid] = word.lower()


def replacement_vocabulary(nlp: Language) -> list[str]:
    """Lowercase English words of the model's vocabulary: what copies swap words for."""
    words = sorted({s for s in nlp.vocab.strings if s.isalpha() and s.islower() and 4 <= len(s) <= 12})
    random.Random(5).shuffle(words)  # no alphabetical bias in which words are common
    return words


class CloneWriter:
    """Writes copies of the template into a store, story by story, with fresh ids."""

    def __init__(self, store: Store, template: CloneTemplate) -> None:
        self.store = store
        self.template = template
        self.next_id = {table: value + 1 for table, value in store.max_ids().items()}
        self.speaker_ids = {r["name"]: r["id"] for r in store.speaker_directory()}
        self.outlet_ids = {r["name"]: r["id"] for r in store.bench_rows(["outlets"])["outlets"]}
        self.now = datetime.now(UTC)

    def _take(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] += 1
        return value

    def story(self, number: int, out: dict[str, list[Row]]) -> None:
        """Append the rows of copy `number` (deterministic in `number`) to `out`."""
        t = self.template
        rng = random.Random(number * 7919 + 17)
        table = t.variant_table(rng)
        day = self.now - timedelta(days=rng.random() * DAYS_SPREAD)
        prop_ids: dict[int, int] = {}
        for index, row in enumerate(t.rows["propositions"]):
            new = dict(row, id=self._take("propositions"))
            prop_ids[row["id"]] = new["id"]
            for column in _TEXT_COLUMNS["propositions"]:
                new[column] = t.render(table, ("propositions", index, column))
            out["propositions"].append(new)
        speaker_ids: dict[int, int] = {}
        for index, row in enumerate(t.rows["speakers"]):
            name = t.render(table, ("speakers", index, "name")) or ""
            if name not in self.speaker_ids:
                new = dict(row, id=self._take("speakers"), name=name)
                new["roles"] = t.render(table, ("speakers", index, "roles"))
                new["aliases"] = t.render(table, ("speakers", index, "aliases"))
                out["speakers"].append(new)
                self.speaker_ids[name] = new["id"]
            speaker_ids[row["id"]] = self.speaker_ids[name]
        article_ids: dict[int, int] = {}
        texts: dict[int, str] = {}
        for index, row in enumerate(t.rows["articles"]):
            outlet = rng.choice(t.outlets)
            if outlet not in self.outlet_ids:
                self.outlet_ids[outlet] = self._take("outlets")
                out["outlets"].append({"id": self.outlet_ids[outlet], "name": outlet})
            text = t.render(table, ("articles", index, "text")) or ""
            published = day + timedelta(hours=rng.random() * 30)
            new = dict(
                row,
                id=self._take("articles"),
                name=f"bench-{number:06d}-{index}",
                source="bench",
                url=f"https://bench.invalid/{number}/{index}",
                outlet_id=self.outlet_ids[outlet],
                title=t.render(table, ("articles", index, "title")),
                published=published.isoformat(timespec="seconds"),
                raw_text=text,
                text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                ingested_at=self.now.isoformat(timespec="seconds"),
            )
            article_ids[row["id"]] = new["id"]
            texts[new["id"]] = text
            out["articles"].append(new)
            out["article_outlets"].append({"article_id": new["id"], "outlet_id": new["outlet_id"], "url": new["url"]})
        for index, row in enumerate(t.rows["statements"]):
            new = dict(
                row,
                id=self._take("statements"),
                article_id=article_ids[row["article_id"]],
                speaker_id=speaker_ids.get(row["speaker_id"]),
                proposition_id=prop_ids.get(row["proposition_id"]),
                denies=prop_ids.get(row["denies"]),
            )
            for column in _TEXT_COLUMNS["statements"]:
                new[column] = t.render(table, ("statements", index, column))
            _place(new, texts[new["article_id"]], "evidence")
            out["statements"].append(new)
        for index, row in enumerate(t.rows["figures"]):
            new = dict(row, id=self._take("figures"), article_id=article_ids[row["article_id"]])
            for column in _TEXT_COLUMNS["figures"]:
                new[column] = t.render(table, ("figures", index, column))
            _place(new, texts[new["article_id"]], "text")
            out["figures"].append(new)

    def write(self, first: int, count: int) -> None:
        """Write copies first … first+count-1 in one transaction."""
        out: dict[str, list[Row]] = {table: [] for table in Store.BENCH_TABLES}
        for number in range(first, first + count):
            self.story(number, out)
        self.store.bulk_clone_articles(out)


def _place(row: Row, text: str, column: str) -> None:
    """Offsets of a copied cell in its copied article (words changed length)."""
    start = text.find(row[column] or "\0")
    if start >= 0:
        row["start"], row["end"] = start, start + len(row[column])


SEED_STORE = "seeds.db"


def _store_path(work_dir: Path, size: int) -> Path:
    return work_dir / f"bench-{size}.db"


def seed_store(seed_dir: Path, work_dir: Path) -> Path:
    """The seeds ingested through the real pipeline into `work_dir` (kept for later runs)."""
    path = work_dir / SEED_STORE
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with Store(str(partial)) as store:
        report = pipeline.ingest_articles(store, readers.iter_inputs([seed_dir], max_bytes=10_000_000), nlp=load_nlp())
    if report.errors or not report.added:
        raise RuntimeError(f"{seed_dir}: seed ingest failed: {report.errors[0] if report.errors else 'no articles'}")
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return path


def ensure_store(
    seed_dir: Path, work_dir: Path, size: int, *, on_progress: Callable[[int, int], None] | None = None
) -> Path:
    """A store of at least `size` articles in `work_dir`: cached, or grown from the largest smaller one."""
    work_dir.mkdir(parents=True, exist_ok=True)
    path = _store_path(work_dir, size)
    if path.exists():
        with Store(str(path)) as store:
            if store.article_count() >= size:
                return path
    seeds = seed_store(seed_dir, work_dir)
    smaller = sorted(
        (int(p.stem.split("-")[1]) for p in work_dir.glob("bench-*.db") if p.stem.split("-")[1].isdigit()),
        reverse=True,
    )
    base = next((_store_path(work_dir, n) for n in smaller if n < size), seeds)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with Store(str(base)) as source:
        source.backup_to(str(partial))
    with Store(str(seeds)) as seed, Store(str(partial)) as store:
        template = CloneTemplate.from_store(seed, replacement_vocabulary(load_nlp()))
        per_story = len(template.rows["articles"])
        writer = CloneWriter(store, template)
        have = store.article_count()
        first = (have - per_story) // per_story  # copies already in the base store
        needed = max(0, -(-(size - have) // per_story))
        for begin in range(0, needed, CHUNK_STORIES):
            count = min(CHUNK_STORIES, needed - begin)
            writer.write(first + begin, count)
            if on_progress is not None:
                on_progress(min(needed, begin + count) * per_story, needed * per_story)
        # Ingest embeds every statement it stores; the copies are written around the pipeline.
        vectors.index_statement_vectors(store)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return path
