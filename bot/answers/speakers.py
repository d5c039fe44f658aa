"""Finding the speakers a question names: a cached directory of stored speakers and their names and roles."""

from __future__ import annotations

import functools
import json
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.answers.lexicon import GENERIC_TITLES, INSTITUTION_WORDS, STOPWORDS, TITLE_WORDS
from bot.answers.text import place_family, words
from bot.nlp.lexicon import TITLE_WORDS as PERSON_TITLES
from bot.nlp.speakers.given_names import FEMALE, MALE, given_name, given_name_gender
from bot.store import Row, Store

# ---------------------------------------------------------------- speakers


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
class _DirectoryEntry:
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


def _directory_entry(speaker: Row) -> _DirectoryEntry:
    return _cached_entry(
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
_POSSESSIVE = re.compile(r"\w['’]s\b")
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
    if _POSSESSIVE.search(alias):
        own = {w for w in words(name) if w not in TITLE_WORDS and w not in STOPWORDS}
        return bool(own & set(words(alias)))
    return True


@functools.lru_cache(maxsize=SPEAKER_ENTRIES_KEPT)
def _cached_entry(
    speaker_id: int, name: str, speaker_type: str | None, roles: tuple[str, ...], aliases: tuple[str, ...]
) -> _DirectoryEntry:
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
    return _DirectoryEntry(
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
class _Directory:
    """Speakers looked up through the store's speaker index, with the words matching needs.

    Nothing is held per speaker between questions, so memory does not grow with the store.
    """

    store: Store

    def candidates(self, tokens: Iterable[str], *, names_only: bool = False) -> list[_DirectoryEntry]:
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
_CANDIDATES_SEEN: OrderedDict[tuple[Any, ...], list[_DirectoryEntry]] = OrderedDict()


def speaker_directory(store: Store) -> _Directory:
    """The speaker lookup of a store (speakers are read per question through its index)."""
    return _Directory(store)


def phrase_tokens(phrase: str) -> list[str]:
    """The words of a speaker phrase, articles dropped and possessives cut ("Smith's" is Smith)."""
    out = []
    for w in words(phrase):
        if w.endswith("'s") and len(w) > 3:
            w = w[:-2]
        if w not in {"the", "a", "an", "'s"}:
            out.append(w)
    return out


def _phrase_in(phrase: str, joined: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", joined) is not None


def match_speakers(
    store: Store, phrase: str, directory: _Directory | None = None, *, names_first: bool = False
) -> dict[int, float]:
    """Speakers a phrase names, with match strength in (0, 1].

    Names match on their distinctive words ('Smith' finds 'Jane Smith');
    offices on all their words ('the French president'); places through their
    family ('Beijing' finds a 'Chinese foreign ministry spokesman', 'the White
    House' an 'American' official). With `names_first`, when some speakers
    carry the phrase's surname in their name or aliases, only they are kept:
    a role that merely mentions the person ("rival of Jane Smith") is someone else.
    """
    found = _match_speakers(store, phrase, directory)
    if not names_first or not found:
        return found
    tokens = phrase_tokens(phrase)
    surname = _surname(tokens)
    if surname is None:
        return found
    directory = directory if directory is not None else speaker_directory(store)
    if office := _office_of(tokens, surname):
        # "Smith's spokesman", "the Smith campaign manager": whoever holds that office for Smith,
        # never Smith (nor anyone else merely sharing the name).
        return {
            e.speaker["id"]: found.get(e.speaker["id"], 0.9)
            for e in directory.candidates(tokens)
            if _holds_office(e, office, surname)
        }
    person = _names_a_person(phrase)
    entries = {
        e.speaker["id"]: e
        for e in directory.candidates(tokens)
        if surname in _naming_words(e, person)
        and not (person and _other_sex(tokens[0], e.speaker.get("name") or "", surname))
    }
    kept = {sid: v for sid, v in found.items() if sid in entries}
    # Of several people carrying the surname, those the whole phrase fits: "Secretary Clinton" is
    # the one who was secretary, "President Obama" not his wife or his aides.
    wanted = _phrase_words(tokens)
    if _titled(tokens) and (fitting := {sid: v for sid, v in kept.items() if _fits(entries[sid], wanted, surname)}):
        return fitting
    if kept and not person and len(tokens) > 1:
        kept = _with_staff(kept, directory.candidates(tokens), tokens)
    # No speaker carries the name: an organisation may still be found through its staff's roles
    # ("NATO spokesman"), but a person is not found through someone whose role mentions them.
    return kept if kept or person else found


# How strongly an organisation's name finds the staff whose role carries it (its own entry: 1.0).
STAFF_STRENGTH = 0.9


def _with_staff(kept: dict[int, float], candidates: list[_DirectoryEntry], tokens: list[str]) -> dict[int, float]:
    """An organisation's speakers plus its staff: those whose role holds its whole name.

    "Harbour Watch" finds "Harbour Watch chief strategist Jo Bell" as well as a speaker
    carrying the name itself, as staff speak for their organisation. A person's name
    (some person of the speakers found is called that) does not: "Jane Roe" is not
    "Jane Roe campaign manager Tom Pike".
    """
    phrase = " ".join(tokens)

    def holds(text: str) -> bool:
        return _phrase_in(phrase, " ".join(phrase_tokens(text)))

    by_id = {e.speaker["id"]: e for e in candidates}
    if any(
        e.speaker.get("type") == "person" and holds(e.speaker.get("name") or "")
        for sid in kept
        if (e := by_id.get(sid)) is not None
    ):
        return kept
    staff = {
        e.speaker["id"]: STAFF_STRENGTH
        for e in candidates
        if e.speaker["id"] not in kept and any(holds(role) for role in e.speaker.get("roles") or [])
    }
    return {**kept, **staff}


def _fits(entry: _DirectoryEntry, wanted: set[str], surname: str) -> bool:
    """The speaker carries the surname in their own name and every other word of the phrase in
    their name, aliases or roles."""
    return surname in entry.person_words and wanted <= entry.titled_words


# Title words that qualify an office rather than name one ("press", "state", "foreign"): a phrase
# ending in one ("Associated Press") names no office.
_OFFICE_MODIFIERS = frozenset(
    "press state national security foreign defence defense interior finance deputy senior vice prime crown "
    "top government ministry office general".split()
)


def _office_of(tokens: list[str], surname: str) -> set[str]:
    """The office a phrase ends with after a name, naming someone's staff ("smith spokesman": spokesman)."""
    if surname not in tokens or tokens[-1] == surname:
        return set()
    last = tokens[-1]
    if last in _OFFICE_MODIFIERS or last in STOPWORDS or not (last in PERSON_TITLES or last in TITLE_WORDS):
        return set()
    after = tokens[tokens.index(surname) + 1 :]
    return {t for t in after if t in PERSON_TITLES or t in TITLE_WORDS} - set(STOPWORDS)


def _holds_office(entry: _DirectoryEntry, office: set[str], surname: str) -> bool:
    """The speaker's roles or aliases give that office and the name they hold it for, and the name is not theirs."""
    if surname not in entry.vocab or surname in entry.person_words:
        return False
    # "chief", "head", "leader" fit whoever holds the top office ("the alliance chief" is its secretary general).
    specific = office - GENERIC_TITLES
    titled = entry.titled_words
    return specific <= titled and (bool(specific) or any(t in PERSON_TITLES or t in TITLE_WORDS for t in titled))


def _titled(tokens: list[str]) -> bool:
    """A phrase giving someone's office ("Secretary Smith", "Sen. Roe"); an organisation's name
    ("Harbour Watch") is not narrowed to whoever fits it, as its staff speak for it."""
    return any(t in PERSON_TITLES and t not in _HONORIFICS for t in tokens)


def _phrase_words(tokens: list[str]) -> set[str]:
    """The words of a speaker phrase that must all fit one speaker to single them out (no function words)."""
    return {t for t in tokens if t not in STOPWORDS and t not in _HONORIFICS}


def _naming_words(entry: _DirectoryEntry, person: bool) -> set[str]:
    """The words that name a speaker: for a person asked about, not the organisation they work for
    ("Mr. Smith" is not "Jane Roe, a campaign manager for Mr. Smith")."""
    return entry.person_words if person else entry.name_words


# Honorifics only people carry ("Mr. Smith" is a person, "Smith Holdings" need not be), with the sex they say.
_HONORIFICS = {"mr": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "dr": None}


def _other_sex(honorific: str, name: str, surname: str | None) -> bool:
    """True when an honorific's sex and a name's given name disagree ("Mr. Roe" is not Jane Roe).

    A name written surname first ("Mr. Lou" for Lou Jiwei) has no given name in front to judge by.
    """
    sex = _HONORIFICS.get(honorific)
    if sex is None or (first := given_name(name)) is None or first.lower() == surname:
        return False
    return given_name_gender(name) not in (None, sex)


def _names_a_person(phrase: str) -> bool:
    """True when a phrase is clearly a person's name: an honorific first ("Ms. Roe", not "Mr. Roe's office").

    A given name is no proof: institutes and centres carry people's names ("the Woodrow Wilson Center").
    """
    tokens = phrase_tokens(phrase)
    return bool(tokens) and tokens[0] in _HONORIFICS and not _POSSESSIVE.search(phrase)


def _surname(tokens: list[str]) -> str | None:
    """The last distinctive word of a phrase naming a person ("Senator Jane Smith", "Mr. Smith").

    Titles the word lists do not know come first and are not required.
    """
    distinctive = [t for t in tokens if t not in TITLE_WORDS and t not in STOPWORDS and not place_family(t)]
    return distinctive[-1] if distinctive else None


def _match_speakers(store: Store, phrase: str, directory: _Directory | None = None) -> dict[int, float]:
    """`match_speakers` without the preference for names."""
    tokens = phrase_tokens(phrase)
    if not tokens:
        return {}
    result: dict[int, float] = {}
    directory = directory if directory is not None else speaker_directory(store)
    for entry in directory.candidates(tokens):
        strength = _strength(entry, tokens)
        if strength is not None:
            result[entry.speaker["id"]] = strength
    return result


def _strength(entry: _DirectoryEntry, tokens: list[str]) -> float | None:
    """How strongly a phrase's tokens name one speaker (None: not at all)."""
    vocab, joined, name_words = entry.vocab, entry.joined, entry.name_words
    phrase_lower = " ".join(tokens)
    distinctive = [t for t in tokens if t not in TITLE_WORDS and t not in STOPWORDS and not place_family(t)]
    if phrase_lower in joined and _phrase_in(phrase_lower, joined):
        return 1.0
    if distinctive and all(t in name_words for t in distinctive):
        return 0.95
    if distinctive and not any(t in vocab for t in distinctive):
        return None
    score, counted, penalty = 0.0, 0, 0.0
    for t in tokens:
        if t in INSTITUTION_WORDS:
            continue  # "the government", "authorities": the state itself, whoever speaks for it
        if t in TITLE_WORDS:
            # An office the question names and the speaker does not hold counts against;
            # "chief", "head" or "leader" fit any office at the top.
            penalty += 0.0 if t in vocab or t in STOPWORDS or t in GENERIC_TITLES else 0.3
            continue
        counted += 1
        if t in vocab:
            score += 1.0
        elif (family := place_family(t)) and any(_phrase_in(f, joined) for f in family):
            score += 0.8
    if not counted:
        return None
    strength = score / counted - penalty
    return round(strength, 3) if strength >= 0.75 else None


def rows_by_named_speaker(rows: Iterable[Row], phrase: str, *, names_first: bool = False) -> list[Row]:
    """The statements whose speaker is who a phrase names (the rule of `match_speakers`, on rows).

    This needs no lookup of the phrase in the speaker index, which keeps only
    the first SPEAKER_CANDIDATES speakers sharing a common surname. Each speaker
    is judged once, and only after a substring test on their name, aliases and
    roles: most candidates of a question are someone else.
    """
    tokens = phrase_tokens(phrase)
    if not tokens:
        return []
    surname = _surname(tokens) if names_first else None
    person = surname is not None and _names_a_person(phrase)
    office = _office_of(tokens, surname) if surname else set()
    needles = {surname} if surname else {f for t in tokens for f in (t, *place_family(t))}
    verdict: dict[int, bool] = {}
    fits: set[int] = set()
    wanted = _phrase_words(tokens) if _titled(tokens) else set()
    out: list[Row] = []
    for row in rows:
        sid = row.get("speaker_id")
        if sid is None:
            continue
        if sid not in verdict:
            fields = [row.get("speaker") or "", *(row.get("speaker_aliases") or []), *(row.get("speaker_roles") or [])]
            text = " ".join(fields).lower().replace("’", "'")
            if office and surname:
                verdict[sid] = surname in text and _holds_office(_row_entry(row), office, surname)
            else:
                verdict[sid] = any(n in text for n in needles) and _row_named(row, tokens, surname, person)
            if verdict[sid] and surname is not None and wanted and _fits(_row_entry(row), wanted, surname):
                fits.add(sid)
        if verdict[sid]:
            out.append(row)
    # As `match_speakers`: when some of them fit the whole phrase, only they do.
    return [r for r in out if r["speaker_id"] in fits] if fits else out


def _row_entry(row: Row) -> _DirectoryEntry:
    return _cached_entry(
        row["speaker_id"],
        row.get("speaker") or "",
        row.get("speaker_type"),
        tuple(row.get("speaker_roles") or ()),
        tuple(row.get("speaker_aliases") or ()),
    )


def _row_named(row: Row, tokens: list[str], surname: str | None, person: bool) -> bool:
    entry = _row_entry(row)
    if _strength(entry, tokens) is None:
        return False
    if person and _other_sex(tokens[0], row.get("speaker") or "", surname):
        return False
    return surname is None or surname in _naming_words(entry, person)


def speaker_label(row: Row) -> tuple[str, str | None]:
    """The speaker's name and the role to show with it (the statement's, else their recorded one)."""
    name = row.get("speaker") or row.get("speaker_text") or "someone"
    role = row.get("speaker_role")
    if not role or relative_role(role):
        roles = [
            r for r in row.get("speaker_roles") or [] if r and r.lower() not in name.lower() and not relative_role(r)
        ]
        role = roles[0] if roles else None
    if role and role.lower() in name.lower():
        role = None
    return name, role


def unique_attributions(rows: Iterable[Row]) -> list[str]:
    """Each speaker once (with the first role found for them), in order of appearance."""
    by_name: dict[str, str] = {}
    for row in rows:
        name = (row.get("speaker") or "").lower()
        if name not in by_name or by_name[name].lower() == name:
            by_name[name] = attribution(row)
    return list(by_name.values())


def relative_role(role: str) -> bool:
    """'his Russian counterpart' describes a speaker relative to someone else: not a title to show."""
    return role.split(" ", 1)[0].lower() in {"his", "her", "their", "its", "our", "my", "your"}


def attribution(row: Row) -> str:
    """'Ministry spokeswoman Jane Doe': role and name, as a sentence names a speaker."""
    name, role = speaker_label(row)
    return f"{role} {name}" if role else name


def relayed_by(row: Row, outlets: Iterable[str] = ()) -> str | None:
    """Who the statement's words come through ("according to the Post, X said …"), unless that is
    the speaker or an outlet already shown with it (an outlet's own interview needs no second credit)."""
    relay = (row.get("relay") or "").strip()
    if not relay:
        return None
    low = relay.lower().removeprefix("the ")
    speaker = (row.get("speaker") or "").lower()
    if low in speaker or speaker and speaker in low:
        return None
    if any(low in o.lower() or o.lower() in low for o in outlets if o):
        return None
    return relay
