"""The lead of an answer, and the evidence it rests on, chosen best first.

A lead is one or two plain sentences (at most MAX_LEAD_CHARS) that answer the
question: the status, who claims what, who denies it, how many outlets carry each
side and the latest date. Each sentence keeps the ids of the stored statements it
rests on (`LeadSentence`), so `ask --json` can cite them and a model may rephrase
the lead only from those statements (`bot.answers.llm`). The bot reports who says
what; no sentence rules on whether it is true.

The wording per side an answer quotes is picked in `bot.answers.wordings`; the
phrases a sentence is built from in `bot.answers.lead_phrases`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from bot.answers.lead_phrases import (
    SHORT_WORDS_CHARS,
    Option,
    claim_choice,
    claim_words_of,
    denial_choice,
    denial_words_of,
    fit_lead,
    fit_lead_shown,
    reach,
    says_verb,
    shortened,
    shortened_denial,
    speakers_named,
    top_speaker,
    verb_for,
)
from bot.answers.lead_phrases import lead_first as lead_first
from bot.answers.lead_phrases import plural_name as plural_name
from bot.answers.lexicon import STATUS_ASSERTED, STATUS_CONTESTED, STATUS_DENIED
from bot.answers.llm import MAX_LEAD_CHARS as MAX_LEAD_CHARS
from bot.answers.llm import FactStatement, LeadFacts, LeadSentence
from bot.answers.question import Question
from bot.answers.scoring import Group, distinct_outlets
from bot.answers.speakers import attribution
from bot.answers.wordings import denial_clause, pointer_denial_words, row_ids
from bot.answers.wordings import is_headline as is_headline
from bot.answers.wordings import ranked_wordings as ranked_wordings
from bot.answers.wordings import word_count as word_count
from bot.answers.wordings import wording_ids as wording_ids
from bot.store import Row

YES_MIN_SCORE = 0.75  # a yes/no answer says "Yes, X says so" only when the claim covers this much of the question


# ---------------------------------------------------------------- lead sentences


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
        (claimant, own_claims), (denier, own_denials) = top_speaker(claims, prefer), top_speaker(denials, prefer)
        claim_row, denial_row = claim_choice(own_claims), denial_choice(own_denials)
        claim_words, denial_words = claim_words_of(claim_row), denial_words_of(denial_row, denier)
        claim_shown, deny_shown = wording_ids(claim_row, own_claims), wording_ids(denial_row, own_denials)
        claim_bare: Option = (f"{speakers_named(claims)} {verb_for(claims, 'says', 'say')} so", ())
        deny_bare: Option = (f"{speakers_named(denials)} {verb_for(denials, 'denies', 'deny')} it", ())
        claim_forms = [
            (f"{claimant} {says_verb(claimant)} {w}", claim_shown) for w in (claim_words, shortened(claim_words)) if w
        ]
        deny_forms = [(f"{denier} {w}", deny_shown) for w in (denial_words, shortened_denial(denial_words)) if w]
        tail_c, tail_d = reach(claims), reach(denials, with_date=True)
        if denials_first:
            # "X denies …; Y claims it": the side the question is about comes first.
            claim_bare = (f"{speakers_named(claims)} {verb_for(claims, 'claims', 'claim')} it", ())
            text, shown = fit_lead_shown(
                _two_sides(label, [*deny_forms, deny_bare], tail_d, [*claim_forms, claim_bare], tail_c)
            )
            return LeadSentence(text, row_ids(denials) + row_ids(claims), shown)
        text, shown = fit_lead_shown(
            _two_sides(label, [*claim_forms, claim_bare], tail_c, [*deny_forms, deny_bare], tail_d)
        )
        return LeadSentence(text, row_ids(claims) + row_ids(denials), shown)
    if group.status == STATUS_ASSERTED:
        top, own = top_speaker(claims, prefer)
        claim_row = claim_choice(own)
        claim_words, claim_shown = claim_words_of(claim_row), wording_ids(claim_row, own)
        yesno = parsed is not None and parsed.kind == "yesno"
        # A yes/no question hears "yes" only as what the claimant says, never as a verdict,
        # and only when the claim covers the question; a partial match is named as such.
        yes = yesno and group.score >= YES_MIN_SCORE
        partial = " The closest stored claim:" if yesno and not yes else ""
        label = (opener or "Asserted.") + (" Yes," if yes else partial)
        named = speakers_named(claims)
        bare: Option = (f"{named} {verb_for(claims, 'says', 'say')} so" if not partial else named, ())
        forms = [
            (f"{top} {says_verb(top)} {'so: ' if yes else ''}{w}", claim_shown)
            for w in (claim_words, shortened(claim_words))
            if w
        ]
        tail = reach(claims, with_date=True)
        text, shown = fit_lead_shown(
            [(f"{label} {form}{tail}; no denial is stored.", ids) for form, ids in [*forms, bare]]
        )
        return LeadSentence(text, row_ids(claims), shown)
    denier, own = top_speaker(denials, prefer)
    denial_row = denial_choice(own)
    denial_words, denial_shown = denial_words_of(denial_row, denier), wording_ids(denial_row, own)
    label = opener or "Denied."
    bare = (f"{speakers_named(denials)} {verb_for(denials, 'denies', 'deny')} it", ())
    forms = [(f"{denier} {w}", denial_shown) for w in (denial_words, shortened_denial(denial_words)) if w]
    tail = reach(denials, with_date=True)
    text, shown = fit_lead_shown(
        [(f"{label} {form}{tail}; the claim itself is not stored.", ids) for form, ids in [*forms, bare]]
    )
    return LeadSentence(text, row_ids(denials), shown)


def _two_sides(
    label: str, first: Sequence[Option], first_tail: str, second: Sequence[Option], second_tail: str
) -> list[Option]:
    """Every "<label> <first side><tail>; <second side><tail>." pairing, longest forms first."""
    return [
        (f"{label} {a}{first_tail}; {b}{second_tail}.", a_shown + b_shown)
        for a, a_shown in first
        for b, b_shown in second
    ]


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
        cited = row_ids(r for g in groups for r in g.claims + g.denials)
        return [LeadSentence(fit_lead([figure_sentence]), cited)]
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
            shown_rest = row_ids(r for g in rest for r in g.claims + g.denials if r.get("id") in quoted)
            first_rows = row_ids(r for g in rest for r in (g.claims + g.denials)[:1])
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
    sentence = fit_lead(
        [
            f"Unknown. Nothing in the store answers this; the nearest: {attribution(row)} {verb} {text}{outlets}.",
            f"Unknown. Nothing in the store answers this; the nearest is a statement by {attribution(row)}{outlets}.",
        ]
    )
    return [LeadSentence(sentence, row_ids([row]))]


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
        text = (
            (pointer_denial_words(row) or denial_clause(row))
            if row.get("kind") == "denial"
            else (row.get("text") or "")
        )
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
