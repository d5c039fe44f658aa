"""Finding the speakers a question names, in the speaker directory or among statement rows.

The directory itself is in `bot.answers.speaker_index`; how an answer names a speaker in
`bot.answers.attributions` (both re-exported here, where callers import them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.answers.attributions import attribution as attribution
from bot.answers.attributions import relative_role as relative_role
from bot.answers.attributions import relayed_by as relayed_by
from bot.answers.attributions import speaker_label as speaker_label
from bot.answers.attributions import unique_attributions as unique_attributions
from bot.answers.lexicon import GENERIC_TITLES, INSTITUTION_WORDS, STOPWORDS, TITLE_WORDS
from bot.answers.speaker_index import POSSESSIVE, DirectoryEntry, SpeakerDirectory, cached_entry
from bot.answers.speaker_index import SPEAKER_CANDIDATES as SPEAKER_CANDIDATES
from bot.answers.speaker_index import speaker_directory as speaker_directory
from bot.answers.text import place_family, words
from bot.nlp.lexicon import TITLE_WORDS as PERSON_TITLES
from bot.nlp.speakers.given_names import FEMALE, MALE, given_name, given_name_gender
from bot.store import Row, Store


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
    store: Store, phrase: str, directory: SpeakerDirectory | None = None, *, names_first: bool = False
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


def _with_staff(kept: dict[int, float], candidates: list[DirectoryEntry], tokens: list[str]) -> dict[int, float]:
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


def _fits(entry: DirectoryEntry, wanted: set[str], surname: str) -> bool:
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


def _holds_office(entry: DirectoryEntry, office: set[str], surname: str) -> bool:
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


def _naming_words(entry: DirectoryEntry, person: bool) -> set[str]:
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
    return bool(tokens) and tokens[0] in _HONORIFICS and not POSSESSIVE.search(phrase)


def _surname(tokens: list[str]) -> str | None:
    """The last distinctive word of a phrase naming a person ("Senator Jane Smith", "Mr. Smith").

    Titles the word lists do not know come first and are not required.
    """
    distinctive = [t for t in tokens if t not in TITLE_WORDS and t not in STOPWORDS and not place_family(t)]
    return distinctive[-1] if distinctive else None


def _match_speakers(store: Store, phrase: str, directory: SpeakerDirectory | None = None) -> dict[int, float]:
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


def _strength(entry: DirectoryEntry, tokens: list[str]) -> float | None:
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


def _row_entry(row: Row) -> DirectoryEntry:
    return cached_entry(
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
