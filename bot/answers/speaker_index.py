"""The speaker directory: stored speakers looked up through the store's index, with the words a match needs."""

from __future__ import annotations

import functools
import json
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.answers.lexicon import STOPWORDS, TITLE_WORDS
from bot.answers.text import place_family, words
from bot.store import Row, Store


def _speaker_words(speaker: Row) -> tuple[set[str], str]:
    """A speaker's words (name, aliases, roles) and the same as one lowercase string."""
    fields = [speaker.get("name") or ""] + list(speaker.get("aliases") or []) + list(speaker.get("roles") or [])
    joined = " | ".join(f for f in fields if f).lower()
    return set(words(joined)), joined


# Speakers whose matching words are kept, and recent lookups (each holds up to 50 speakers):
# bounded so a big archive's many speakers do not make a long-running bot grow.
SPEAKER_ENTRIES_KEPT = 2048


CANDIDATE_LOOKUPS_KEPT = 128


@dataclass
class DirectoryEntry:
    """One stored speaker with the words a phrase may name them by."""

    speaker: Row
    vocab: set[str]
    joined: str
    name_words: set[str]
    # The words of their name and alias heads only (not the organisation an apposition gives).
    person_words: set[str]

    @functools.cached_property
    def titled_words(self) -> set[str]:
        """Person words, alias heads and roles: what "Secretary Smith" must all find in one speaker.

        Worked out only for the few questions that name an office (most never need it).
        """
        aliases = self.speaker.get("aliases") or []
        roles = self.speaker.get("roles") or []
        return (
            self.person_words
            | {w for a in aliases for w in words(_alias_head(a))}
            | {w for r in roles for w in words(r)}
        )


def _directory_entry(speaker: Row) -> DirectoryEntry:
    return cached_entry(
        speaker["id"],
        speaker.get("name") or "",
        speaker.get("type"),
        tuple(speaker.get("roles") or ()),
        tuple(speaker.get("aliases") or ()),
    )


# Aliases that name someone besides the speaker: "X and Y" (a pair quoted together) and "X's
# campaign manager" (someone else's staff, when the alias does not name the speaker too).
# Recorded for a speaker by coreference, they made questions about Y or X find this speaker.
_PAIR = re.compile(r"\band\b|&", re.I)


POSSESSIVE = re.compile(r"\w['’]s\b")


_APPOSITION = re.compile(r",|\s[—–-]\s|\(")


def _alias_head(alias: str) -> str:
    """An alias up to its first apposition ("Jane Roe, the mayor" -> "Jane Roe")."""
    return _APPOSITION.split(alias, 1)[0]


# In an alias's apposition, what follows one of these is whom the speaker works for or speaks for
# ("executive director of Fair Rivers Now", "a former editor at the Harbour Gazette"); what
# follows other words ("runner-up to X", "attorney general under X", "like X and Y") is someone else.
_AFFILIATION = re.compile(r"\b(?:of|for|at|in|with)\s+(.+)$", re.I)


def _alias_name_words(alias: str, own_words: list[str]) -> tuple[set[str], set[str]]:
    """The words by which an alias names its speaker, less another's possessive: with the
    organisation its apposition says they belong to, and without (for a person asked about).

    Its head names them ("Trump's GOP primary rival Sen. Marco Rubio" names Rubio, not Trump).
    """
    head = _alias_head(alias)
    head_words = words(head)
    person_words = head_words
    # Around the speaker's own name, what comes before is a description ("Trump campaign manager
    # Corey Lewandowski" names Lewandowski) and what follows says whom they work for.
    n = len(own_words)
    if n and len(head_words) > n and own_words[0] in head_words:
        for i in range(len(head_words) - n + 1):
            if head_words[i : i + n] == own_words:
                head_words, person_words = head_words[i:], head_words[i : i + n]
                break
    found = set(head_words)
    if len(head) < len(alias) and (affiliation := _AFFILIATION.search(alias, len(head))) is not None:
        found.update(words(_alias_head(affiliation.group(1))))
    if "'" not in alias and "’" not in alias:
        return found, set(person_words)  # no possessive to drop (most aliases)
    own = set(own_words)
    others = {w for w in found if w.endswith("'s") and w not in own and w[:-2] not in own}
    return found - others, set(person_words) - others


def _own_alias(alias: str, name: str) -> bool:
    """False for an alias that names another person ("X and Y", "X's spokesman" for someone not named X)."""
    head = _alias_head(alias)
    if _PAIR.search(head):
        return False
    if POSSESSIVE.search(alias):
        own = {w for w in words(name) if w not in TITLE_WORDS and w not in STOPWORDS}
        return bool(own & set(words(alias)))
    return True


@functools.lru_cache(maxsize=SPEAKER_ENTRIES_KEPT)
def cached_entry(
    speaker_id: int, name: str, speaker_type: str | None, roles: tuple[str, ...], aliases: tuple[str, ...]
) -> DirectoryEntry:
    """A speaker's matching words, computed once per version of the speaker (bounded: the most quoted stay)."""
    aliases = tuple(a for a in aliases if _own_alias(a, name))
    speaker = {"id": speaker_id, "name": name, "type": speaker_type, "roles": list(roles), "aliases": list(aliases)}
    vocab, joined = _speaker_words(speaker)
    # Only an alias's head names the speaker: its apposition describes them and may name someone
    # else ("Sanders, runner-up to Hillary Clinton"; "Mukasey, attorney general under George W. Bush").
    own = words(name)
    name_words, person_words = set(own), set(own)
    for alias in aliases:
        with_affiliation, without = _alias_name_words(alias, own)
        name_words |= with_affiliation
        person_words |= without
    # "Smith's campaign" is named by "Smith" too.
    return DirectoryEntry(
        speaker,
        _with_bare_possessives(vocab),
        joined,
        _with_bare_possessives(name_words),
        _with_bare_possessives(person_words),
    )


def _with_bare_possessives(found: set[str]) -> set[str]:
    """The words, plus each possessive without its "'s"."""
    return found | {w[:-2] for w in found if w.endswith("'s") and len(w) > 3}


def _index_forms(word: str) -> set[str]:
    """A word as the speaker index may hold it: as is, and as JSON escapes it in alias and role lists."""
    forms = {word}
    if not word.isascii():
        forms |= {json.dumps(w)[1:-1] for w in (word, word.capitalize(), word.upper())}
    return forms


def _exact_name_forms(tokens: list[str]) -> list[str]:
    """Names the tokens may spell out exactly ('jane smith' -> 'Jane Smith'), tried first when a word is common."""
    named = [t for t in tokens if t not in TITLE_WORDS and t not in STOPWORDS]
    forms = []
    for chosen in (tokens, named):
        if chosen:
            forms += [" ".join(t.capitalize() for t in chosen), " ".join(chosen)]
    return list(dict.fromkeys(forms))


@dataclass
class SpeakerDirectory:
    """Speakers looked up through the store's speaker index, with the words matching needs.

    Nothing is held per speaker between questions, so memory does not grow with the store.
    """

    store: Store

    def candidates(self, tokens: Iterable[str], *, names_only: bool = False) -> list[DirectoryEntry]:
        """Speakers sharing a word with the tokens or with the places they name (`names_only`: in their names)."""
        tokens = list(tokens)
        wanted: set[str] = set()
        for token in tokens:
            wanted.add(token)
            for name in place_family(token):
                wanted.update(words(name))
        key = (id(self.store), self.store.speaker_count(), frozenset(wanted), tuple(tokens), names_only)
        if key in _CANDIDATES_SEEN:
            _CANDIDATES_SEEN.move_to_end(key)
            return _CANDIDATES_SEEN[key]
        exact = _exact_name_forms(tokens)
        rows = self.store.speakers_with_words(
            (f for w in wanted for f in _index_forms(w)),
            names_only=names_only,
            limit=SPEAKER_CANDIDATES,
            exact_names=exact,
        )
        if wanted != set(tokens) and len(rows) >= SPEAKER_CANDIDATES:
            # A place's other names ("USA": American, Washington, …) can crowd out the speakers
            # that carry the phrase's own words ("Priorities USA"): those are looked up too.
            own = self.store.speakers_with_words(
                (f for w in tokens for f in _index_forms(w)),
                names_only=names_only,
                limit=SPEAKER_CANDIDATES,
                exact_names=exact,
            )
            rows = list({r["id"]: r for r in own + rows}.values())
        # The index splits words more finely than `words` does, so it finds a superset; keep exact sharers.
        entries = [_directory_entry(row) for row in rows]
        found = [e for e in entries if (e.name_words if names_only else e.vocab) & wanted]
        _CANDIDATES_SEEN[key] = found
        if len(_CANDIDATES_SEEN) > CANDIDATE_LOOKUPS_KEPT:
            _CANDIDATES_SEEN.popitem(last=False)
        return found


# Speakers considered per looked-up word set: a common surname or office can be shared by
# thousands of speakers in a large archive; the best index matches (by name first) are kept.
SPEAKER_CANDIDATES = 50


# Recent lookups (a question looks its words up more than once), dropped when a speaker is added.
_CANDIDATES_SEEN: OrderedDict[tuple[Any, ...], list[DirectoryEntry]] = OrderedDict()


def speaker_directory(store: Store) -> SpeakerDirectory:
    """The speaker lookup of a store (speakers are read per question through its index)."""
    return SpeakerDirectory(store)
