"""The lead of an answer, and the evidence it rests on, chosen best first.

A lead is one or two plain sentences (at most MAX_LEAD_CHARS) that answer the
question: the status, who claims what, who denies it, how many outlets carry each
side and the latest date. Each sentence keeps the ids of the stored statements it
rests on (`LeadSentence`), so `ask --json` can cite them and a model may rephrase
the lead only from those statements (`bot.answers.llm`). The bot reports who says
what; no sentence rules on whether it is true.

This module also picks the one wording per side an answer quotes: an attributed
statement rather than a headline, and for a denial only the denying clause.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from bot.answers.lexicon import SPEECH_VERBS, STATUS_ASSERTED, STATUS_CONTESTED, STATUS_DENIED
from bot.answers.llm import MAX_LEAD_CHARS, FactStatement, LeadFacts, LeadSentence
from bot.answers.question import Question
from bot.answers.scoring import SHORT_TEXT_WORDS, Group, distinct_outlets
from bot.answers.speakers import attribution
from bot.answers.text import normalise, stem, words
from bot.store import Row

MAX_LEAD_WORDS_CHARS = 200  # a claim's words longer than this are left to the quote below the lead
YES_MIN_SCORE = 0.75  # a yes/no answer says "Yes, X says so" only when the claim covers this much of the question
SHORT_WORDS_CHARS = 90  # words cut to this (with "…") when the whole lead would not fit
MAX_HEADLINE_WORDS = 15
_SENTENCE_END = (".", "!", "?", "…")
_CLOSERS = "'’\"”) "
_PRONOUN_TARGETS = frozenset({"this", "it", "that", "these", "those"})
_NEGATION_OPENERS = ("no ", "not ", "never ", "nothing ", "none ", "there was no ", "there is no ", "there were no ")
# A denial whose words are an object ("any suggestion …", "the allegations") reads
# "X denies <words>"; a clause ("a deal had been formalized") reads "X denies that <words>".
_OBJECT_OPENERS = ("any ", "the ", "a ", "an ", "that ", "claims", "reports", "allegations", "suggestion", "this ")
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:—–|]|\s-\s)\s*")


# ---------------------------------------------------------------- choosing wordings

# Texts whose word count and compared form are kept: an answer ranks the same rows'
# wordings again for every group, side and lead sentence (hundreds of times for a
# speaker with many denials), and each ranking split every text into words anew.
WORDING_CACHE = 4096


@functools.lru_cache(maxsize=WORDING_CACHE)
def word_count(text: str) -> int:
    """How many words `text` has (as `words` splits it), kept for the next ranking."""
    return len(words(text))


@functools.lru_cache(maxsize=WORDING_CACHE)
def _normalised(text: str) -> str:
    return normalise(text)


def is_headline(row: Row) -> bool:
    """Whether a statement was read from a headline: a short opening line without end punctuation."""
    if (row.get("position") or 0) > 1:
        return False
    return _reads_as_headline(row.get("evidence") or "")


@functools.lru_cache(maxsize=WORDING_CACHE)
def _reads_as_headline(evidence: str) -> bool:
    evidence = evidence.strip()
    if not evidence:
        return False
    return not evidence.rstrip(_CLOSERS).endswith(_SENTENCE_END) and word_count(evidence) <= MAX_HEADLINE_WORDS


def is_pointer(row: Row) -> bool:
    """A statement whose words only point at something said elsewhere ("a claim", "the allegations")."""
    return word_count(row.get("text") or "") <= SHORT_TEXT_WORDS


def denial_clause(row: Row) -> str:
    """The words of a denial without the claim it denies.

    A pointer denial ("a claim the spokesman also denied") is stored with the whole
    sentence as evidence, claim included; only the clause holding the denying
    verb is kept. Other denials keep their own words.
    """
    text = (row.get("text") or "").strip()
    if not is_pointer(row):
        return text
    return _denying_clause(text, row.get("evidence") or "", row.get("cue") or "")


@functools.lru_cache(maxsize=WORDING_CACHE)
def _denying_clause(text: str, evidence: str, cue_words: str) -> str:
    evidence = re.sub(r"\s+", " ", evidence).strip()
    cue = stem(cue_words.split(" ")[0]) if cue_words else ""
    # Quoted passages are the claim's words; the clause outside them carries the denial.
    outside = re.sub(r"[\"“][^\"”]*[\"”]", " | ", evidence)
    for clause in _CLAUSE_SPLIT.split(outside):
        clause = clause.strip(" .")
        clause_stems = {stem(w) for w in words(clause)}
        if clause and (cue in clause_stems or normalise(text) in normalise(clause)) and len(words(clause)) > 1:
            return clause
    return text


def _wording_rank(row: Row, outlets: int) -> tuple[Any, ...]:
    """Sort key, best first: attributed before headline, words that name what is denied or
    claimed before pointers and bare "this is impossible", then reach, then a readable length."""
    text = row.get("text") or ""
    length = len(text)
    target = (row.get("target_text") or "").strip().lower()
    vague = target in _PRONOUN_TARGETS or word_count(text) < 6
    return (is_headline(row), is_pointer(row), vague, length > 200, -outlets, abs(length - 90))


def ranked_wordings(rows: Sequence[Row]) -> list[tuple[Row, list[str]]]:
    """One row per distinct wording (speaker + words) with every outlet carrying it, best first."""
    merged: dict[tuple[str, str], tuple[Row, list[str]]] = {}
    for row in rows:
        key = (_normalised(row.get("speaker") or ""), _normalised(row.get("text") or ""))
        first, outlets = merged.setdefault(key, (row, []))
        if is_headline(first) and not is_headline(row):
            merged[key] = (row, outlets)  # the attributed sentence stands for its headline
        for outlet in row.get("outlets") or ([row["outlet"]] if row.get("outlet") else []):
            if outlet not in outlets:
                outlets.append(outlet)
    wordings = _drop_echoing_headlines(list(merged.values()))
    return sorted(wordings, key=lambda pair: _wording_rank(pair[0], len(pair[1])))


def _drop_echoing_headlines(wordings: list[tuple[Row, list[str]]]) -> list[tuple[Row, list[str]]]:
    """Headlines are not quoted when an attributed wording of the same side runs in the same outlets.

    The article body says the same with its speaker named; the headline adds only a
    shorter, unattributed echo of it.
    """
    attributed_outlets = {o for r, outlets in wordings if not is_headline(r) for o in outlets}
    return [(r, o) for r, o in wordings if not (is_headline(r) and o and set(o) <= attributed_outlets)]


# ---------------------------------------------------------------- lead sentences


def short_date(value: str | None) -> str | None:
    """'8 Feb 2022' for an ISO date or datetime, None when unknown."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return f"{day.day} {day.strftime('%b')} {day.year}"


def latest(rows: Iterable[Row]) -> str | None:
    """The latest publication date of `rows`, shortened."""
    dates = [r["published"] for r in rows if r.get("published")]
    return short_date(max(dates)) if dates else None


def reach(rows: Sequence[Row], with_date: bool = False) -> str:
    """'(4 outlets)', '(The Week, UPI)' for two or fewer, with the latest date when asked."""
    outlets = distinct_outlets(rows)
    parts = [", ".join(outlets) if 0 < len(outlets) <= 2 else f"{len(outlets)} outlets"] if outlets else []
    when = latest(rows) if with_date else None
    if when:
        parts.append(when)
    return f" ({', '.join(parts)})" if parts else ""


def _speakers_by_reach(rows: Sequence[Row], prefer: Collection[int] = ()) -> list[tuple[str, list[Row]]]:
    """Each speaker's attribution with their rows, the one carried by most outlets first.

    Speakers whose id is in `prefer` (the ones a question names) come before all others.
    """
    by_speaker: dict[str, list[Row]] = {}
    for row in rows:
        by_speaker.setdefault(normalise(row.get("speaker") or row.get("speaker_text") or ""), []).append(row)
    ranked = sorted(
        by_speaker.values(),
        key=lambda rs: (
            not any(r.get("speaker_id") in prefer for r in rs),
            -len(distinct_outlets(rs)),
            (rs[0].get("speaker_type") or "") != "PERSON",
            -len(rs),
        ),
    )
    return [(attribution(min(rs, key=lambda r: is_headline(r))), rs) for rs in ranked]


def _top(rows: Sequence[Row], prefer: Collection[int] = ()) -> tuple[str, list[Row]]:
    """The speaker carried by most outlets on one side (a preferred one first), with their rows."""
    return _speakers_by_reach(rows, prefer)[0]


def lead_first(
    wordings: list[tuple[Row, list[str]]], rows: Sequence[Row], prefer: Collection[int] = ()
) -> list[tuple[Row, list[str]]]:
    """`wordings` with the one the lead uses first (else the lead speaker's best), so the quote matches the lead.

    `prefer` are the speaker ids the question names, as `group_lead` got them.
    """
    if not rows:
        return wordings
    own_rows = _top(rows, prefer)[1]
    used = _claim_choice(own_rows) if own_rows[0].get("kind") != "denial" else _denial_choice(own_rows)
    key = _wording_key(used) if used is not None else None
    own = {id(r) for r in own_rows}
    first = next((i for i, (r, _) in enumerate(wordings) if key is not None and _wording_key(r) == key), None)
    if first is None:
        first = next((i for i, (r, _) in enumerate(wordings) if id(r) in own), 0)
    return wordings[first : first + 1] + wordings[:first] + wordings[first + 1 :]


def _wording_key(row: Row) -> tuple[str, str]:
    return (_normalised(row.get("speaker") or ""), _normalised(row.get("text") or ""))


def wording_ids(row: Row | None, rows: Sequence[Row]) -> tuple[int, ...]:
    """Ids of the `rows` with `row`'s wording (same speaker, same words), as `ranked_wordings` merges them.

    One quoted wording stands for every statement that carries it (one per outlet
    that printed it): those are the statements whose words it shows.
    """
    if row is None:
        return ()
    key = _wording_key(row)
    return _ids(r for r in rows if _wording_key(r) == key)


def _who(rows: Sequence[Row]) -> str:
    """'Jane Doe', 'Jane Doe and the ministry', 'Jane Doe and 2 others'."""
    names = [name for name, _ in _speakers_by_reach(rows)]
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} and {len(names) - 1} others"


_DETERMINERS = frozenset("the a an his her its their our other".split())


def plural_name(name: str) -> bool:
    """'Russian officials', 'the US and its allies': a speaker that takes "say", not "says"."""
    last = name.split()[-1] if name.split() else ""
    plural_word = last.islower() and last.endswith("s") and not last.endswith(("ss", "us", "is"))
    # "Russia and China", "Bill and Hillary Clinton"; not a coordinated role before one name
    # ("founder and chairman of the Group Jane Roe").
    parts = name.split(" and ")
    before_and = [part.split()[-1] for part in parts[:-1] if part.split()]
    after_and = [part.split()[0].lower() for part in parts[1:] if part.split()]
    two = any(word[:1].isupper() for word in before_and) or any(word in _DETERMINERS for word in after_and)
    return plural_word or two


def _verb(rows: Sequence[Row], singular: str, plural: str) -> str:
    speakers = _speakers_by_reach(rows)
    return singular if len(speakers) == 1 and not plural_name(speakers[0][0]) else plural


def _says(name: str, singular: str = "says", plural: str = "say") -> str:
    return plural if plural_name(name) else singular


def _shorten(words_: str | None) -> str | None:
    """Words cut at a word boundary to SHORT_WORDS_CHARS with an ellipsis (the quote below has them whole)."""
    if words_ is None or len(words_) <= SHORT_WORDS_CHARS:
        return None
    quoted = words_.startswith("“")
    body = words_.strip("“”")
    cut = body[:SHORT_WORDS_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"“{cut}”" if quoted else cut


def _claim_choice(rows: Sequence[Row]) -> Row | None:
    """The claim wording a lead quotes: the best that is no pointer and not too long."""
    for row, _ in ranked_wordings(rows):
        text = (row.get("text") or "").strip()
        if not is_pointer(row) and len(text) <= MAX_LEAD_WORDS_CHARS:
            return row
    return None


def _claim_words(row: Row | None) -> str | None:
    """Words of the chosen claim wording (`_claim_choice`), as they follow "says", or None."""
    if row is None:
        return None
    text = (row.get("text") or "").strip().rstrip(".")
    return f"“{text}”" if row.get("direct") else text


def _denial_choice(rows: Sequence[Row]) -> Row | None:
    """The denial wording a lead paraphrases: reported speech that names what is denied."""
    for row, _ in ranked_wordings(rows):
        text = (row.get("text") or "").strip()
        if is_pointer(row) or row.get("direct") or len(text) > MAX_LEAD_WORDS_CHARS:
            continue
        if '"' in text or "“" in text:
            continue
        return row
    return None


def _shorten_denial(words_: str | None) -> str | None:
    """A denial's words shortened after its verb ('denies that …')."""
    if not words_:
        return None
    verb, _, rest = words_.partition(" ")
    if rest.startswith("that "):
        verb, rest = f"{verb} that", rest[5:]
    short = _shorten(rest)
    return f"{verb} {short}" if short else None


def _denial_words(row: Row | None, speaker: str = "") -> str | None:
    """What follows the denier's name for the chosen denial wording (`_denial_choice`): 'says no such
    assurance was given', 'denies that …', or None."""
    if row is None:
        return None
    text = (row.get("text") or "").strip().rstrip(".")
    lower = text.lower()
    if lower.startswith(_NEGATION_OPENERS) or _spoken_words(row):
        return f"{_says(speaker)} {text}"
    if lower.startswith(_OBJECT_OPENERS) and not _is_clause(lower):
        return f"{_says(speaker, 'denies', 'deny')} {text}"
    return f"{_says(speaker, 'denies', 'deny')} that {text}"


def _spoken_words(row: Row) -> bool:
    """A denial reported with a speech verb ("said the report is misleading"): its words are the
    denier's own, so "X denies that <words>" would say the opposite of what X said."""
    cue = (row.get("cue") or "").lower().split()
    return bool(cue) and cue[0] in SPEECH_VERBS | _WRITING_VERBS


_WRITING_VERBS = frozenset("write writes wrote written tweet tweets tweeted post posts posted".split())
_AUXILIARIES = frozenset("is are was were had has have would will could can did does do been".split())


def _is_clause(lower: str) -> bool:
    """'a deal had been formalized' (a clause: "denies that …"), not 'any suggestion that …' (an object)."""
    head = lower.split(" that ", 1)[0]
    return any(word in _AUXILIARIES for word in head.split())


def _ids(rows: Iterable[Row]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(int(r["id"]) for r in rows if r.get("id") is not None))


def _fit(options: Sequence[str]) -> str:
    """The first option within the lead limit (the last one is the shortest)."""
    for option in options:
        if len(option) <= MAX_LEAD_CHARS:
            return option
    return options[-1][: MAX_LEAD_CHARS - 1].rsplit(" ", 1)[0] + "…"


Option = tuple[str, tuple[int, ...]]  # a sentence and the statements whose words it shows


def _fit_shown(options: Sequence[Option]) -> Option:
    """Like `_fit`, keeping with the chosen sentence the statements whose words it shows."""
    for text, shown in options:
        if len(text) <= MAX_LEAD_CHARS:
            return text, shown
    text, shown = options[-1]
    return _fit([text]), shown


def group_lead(
    parsed: Question | None,
    group: Group,
    opener: str | None = None,
    *,
    denials_first: bool = False,
    prefer: Collection[int] = (),
) -> LeadSentence:
    """One sentence for one proposition: status, claimants and their words, deniers, reach, date.

    `parsed` is the question answered (a yes/no question hears "Yes," from a claimant);
    None for a digest's story, which answers no question. `denials_first` puts the
    denying side first (a question about denials, or about a speaker who denied).
    `prefer` are the speakers the question names: their words lead their side.
    """
    claims, denials = group.claims, group.denials
    if group.status == STATUS_CONTESTED:
        label = opener or "Contested."
        # Words are quoted from the leading speaker of each side only, so no one is
        # credited with another speaker's words; the others are counted in the bare form.
        (claimant, own_claims), (denier, own_denials) = _top(claims, prefer), _top(denials, prefer)
        claim_row, denial_row = _claim_choice(own_claims), _denial_choice(own_denials)
        claim_words, denial_words = _claim_words(claim_row), _denial_words(denial_row, denier)
        claim_shown, deny_shown = wording_ids(claim_row, own_claims), wording_ids(denial_row, own_denials)
        claim_bare: Option = (f"{_who(claims)} {_verb(claims, 'says', 'say')} so", ())
        deny_bare: Option = (f"{_who(denials)} {_verb(denials, 'denies', 'deny')} it", ())
        claim_forms = [
            (f"{claimant} {_says(claimant)} {w}", claim_shown) for w in (claim_words, _shorten(claim_words)) if w
        ]
        deny_forms = [(f"{denier} {w}", deny_shown) for w in (denial_words, _shorten_denial(denial_words)) if w]
        tail_c, tail_d = reach(claims), reach(denials, with_date=True)
        if denials_first:
            # "X denies …; Y claims it": the side the question is about comes first.
            claim_bare = (f"{_who(claims)} {_verb(claims, 'claims', 'claim')} it", ())
            options = [
                (f"{label} {d}{tail_d}; {c}{tail_c}.", d_shown + c_shown)
                for d, d_shown in [*deny_forms, deny_bare]
                for c, c_shown in [*claim_forms, claim_bare]
            ]
            text, shown = _fit_shown(options)
            return LeadSentence(text, _ids(denials) + _ids(claims), shown)
        options = [
            (f"{label} {c}{tail_c}; {d}{tail_d}.", c_shown + d_shown)
            for c, c_shown in [*claim_forms, claim_bare]
            for d, d_shown in [*deny_forms, deny_bare]
        ]
        text, shown = _fit_shown(options)
        return LeadSentence(text, _ids(claims) + _ids(denials), shown)
    if group.status == STATUS_ASSERTED:
        top, own = _top(claims, prefer)
        claim_row = _claim_choice(own)
        claim_words, claim_shown = _claim_words(claim_row), wording_ids(claim_row, own)
        yesno = parsed is not None and parsed.kind == "yesno"
        # A yes/no question hears "yes" only as what the claimant says, never as a verdict,
        # and only when the claim covers the question; a partial match is named as such.
        yes = yesno and group.score >= YES_MIN_SCORE
        partial = " The closest stored claim:" if yesno and not yes else ""
        label = (opener or "Asserted.") + (" Yes," if yes else partial)
        bare: Option = (f"{_who(claims)} {_verb(claims, 'says', 'say')} so" if not partial else f"{_who(claims)}", ())
        forms = [
            (f"{top} {_says(top)} {'so: ' if yes else ''}{w}", claim_shown)
            for w in (claim_words, _shorten(claim_words))
            if w
        ]
        tail = reach(claims, with_date=True)
        text, shown = _fit_shown([(f"{label} {form}{tail}; no denial is stored.", ids) for form, ids in [*forms, bare]])
        return LeadSentence(text, _ids(claims), shown)
    denier, own = _top(denials, prefer)
    denial_row = _denial_choice(own)
    denial_words, denial_shown = _denial_words(denial_row, denier), wording_ids(denial_row, own)
    label = opener or "Denied."
    bare = (f"{_who(denials)} {_verb(denials, 'denies', 'deny')} it", ())
    forms = [(f"{denier} {w}", denial_shown) for w in (denial_words, _shorten_denial(denial_words)) if w]
    tail = reach(denials, with_date=True)
    text, shown = _fit_shown(
        [(f"{label} {form}{tail}; the claim itself is not stored.", ids) for form, ids in [*forms, bare]]
    )
    return LeadSentence(text, _ids(denials), shown)


def build_lead(
    parsed: Question,
    groups: Sequence[Group],
    status: str,
    figure_groups: Sequence[dict[str, Any]] = (),
    figure_sentence: str | None = None,
    subject_ids: Iterable[int] = (),
    quoted: Collection[int] = (),
) -> list[LeadSentence]:
    """The template lead of an answer: the best proposition's sentence, then one on the rest if it fits.

    A figure question leads with what the outlets print (citing the statements that
    report the figure, when any do). `quoted` are the statements whose words the
    answer quotes under the lead: the sentence on the other points rests on theirs.
    """
    sentences: list[LeadSentence] = []
    if parsed.kind == "figure" and figure_sentence:
        # Figures are printed by outlets, not said by speakers: with no statement
        # reporting them the sentence cites nothing and stays out of `summary`.
        cited = _ids(r for g in groups for r in g.claims + g.denials)
        return [LeadSentence(_fit([figure_sentence]), cited)]
    if not groups:
        return []
    top = groups[0]
    subjects = set(subject_ids)
    subject_denied = bool(subjects) and any(r.get("speaker_id") in subjects for r in top.denials)
    subject_claimed = any(r.get("speaker_id") in subjects for r in top.claims)
    denials_first = parsed.focus == "denial" or (subject_denied and not subject_claimed)
    first = group_lead(parsed, top, _opener(status, top), denials_first=denials_first, prefer=subjects)
    sentences.append(first)
    rest = list(groups[1:])
    if rest:
        counts = {s: sum(1 for g in rest if g.status == s) for s in (STATUS_CONTESTED, STATUS_ASSERTED, STATUS_DENIED)}
        parts = [
            f"{n} {label}"
            for s, label in ((STATUS_CONTESTED, "contested"), (STATUS_ASSERTED, "claimed"), (STATUS_DENIED, "denied"))
            if (n := counts[s])
        ]
        more = f"{len(rest)} more related point{'s' if len(rest) != 1 else ''} below ({', '.join(parts)})."
        if len(first.text) + 1 + len(more) <= MAX_LEAD_CHARS:
            # It names no one's words: it points at the quotes of those points below.
            shown_rest = _ids(r for g in rest for r in g.claims + g.denials if r.get("id") in quoted)
            first_rows = _ids(r for g in rest for r in (g.claims + g.denials)[:1])
            sentences.append(LeadSentence(more, shown_rest or first_rows))
    return sentences


def _opener(status: str, group: Group) -> str | None:
    """The status word when the answer's status is not the top proposition's own."""
    if status == group.status:
        return None
    return {STATUS_CONTESTED: "Contested.", STATUS_ASSERTED: "Asserted.", STATUS_DENIED: "Denied."}.get(status)


def unknown_lead(nearby: Sequence[Row]) -> list[LeadSentence]:
    """'Unknown. Nothing in the store answers this.' plus, in one line, the nearest stored statement if any."""
    if not nearby:
        return [LeadSentence("Unknown. Nothing in the store answers this.", ())]
    row = nearby[0]
    text = (row.get("text") or "").strip().rstrip(".")
    if len(text) > SHORT_WORDS_CHARS:
        text = text[: SHORT_WORDS_CHARS - 1].rsplit(" ", 1)[0] + "…"
    verb = "denied" if row.get("kind") == "denial" else "said"
    outlets = reach([row], with_date=True)
    sentence = _fit(
        [
            f"Unknown. Nothing in the store answers this; the nearest: {attribution(row)} {verb} {text}{outlets}.",
            f"Unknown. Nothing in the store answers this; the nearest is a statement by {attribution(row)}{outlets}.",
        ]
    )
    return [LeadSentence(sentence, _ids([row]))]


def lead_text(sentences: Sequence[LeadSentence]) -> str:
    """The lead as one paragraph."""
    return " ".join(s.text for s in sentences)


def summary(sentences: Sequence[LeadSentence], shown: Collection[int] | None = None) -> list[dict[str, Any]]:
    """The lead in the `--json` form: each sentence with the ids of the statements it cites.

    With `shown` (the statements whose words the answer shows: in its lead and in the
    quotes under it), a sentence cites only those of the statements it rests on; the
    others stay in the answer's `claims` and `denials`. A sentence resting on none of
    them (a model's sentence about a folded wording) cites what it rests on.
    """
    cited = []
    for sentence in sentences:
        ids = list(sentence.statement_ids)
        if shown is not None:
            ids = [i for i in ids if i in shown] or ids
        if ids:
            cited.append({"text": sentence.text, "statements": ids})
    return cited


def lead_facts(
    parsed: Question,
    status: str,
    groups: Sequence[Group],
    template: Sequence[LeadSentence],
    shown: Collection[int] = frozenset(),
) -> LeadFacts:
    """The structured answer a model may phrase the lead from: the statements the template cites.

    `shown` (the statements whose words the answer shows) is kept so a phrased lead's
    `summary` cites as the template's does.
    """
    cited = {i for s in template for i in s.statement_ids}
    rows = {int(r["id"]): r for g in groups for r in g.claims + g.denials if r.get("id") is not None}
    facts = []
    for sid in sorted(cited):
        row = rows.get(sid)
        if row is None:
            continue
        text = denial_clause(row) if row.get("kind") == "denial" else (row.get("text") or "")
        facts.append(
            FactStatement(
                id=sid,
                kind=row.get("kind") or "claim",
                speaker=row.get("speaker") or row.get("speaker_text") or "someone",
                speaker_role=row.get("speaker_role"),
                text=text,
                outlets=tuple(distinct_outlets([row])),
                published=row.get("published"),
            )
        )
    return LeadFacts(
        question=parsed.text, status=status, statements=facts, template=list(template), shown_ids=frozenset(shown)
    )
