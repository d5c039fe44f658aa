"""Rendering an answer: quotes with speaker, role and outlets, group summaries, the status and the title."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from bot.answers.export import export_statement
from bot.answers.figures import export_figure, figure_sentence, framing_note
from bot.answers.lead import (
    build_lead,
    denial_clause,
    lead_facts,
    lead_first,
    lead_text,
    ranked_wordings,
    summary,
    unknown_lead,
    word_count,
    wording_ids,
)
from bot.answers.lexicon import SPACES, STATUS_ASSERTED, STATUS_CONTESTED, STATUS_DENIED, STATUS_UNKNOWN
from bot.answers.llm import LeadSentence, LlmSettings, phrase_lead
from bot.answers.question import Question
from bot.answers.retrieval import search_rows
from bot.answers.scoring import SHORT_TEXT_WORDS, Group, Scope, coverage, distinct_outlets
from bot.answers.speakers import attribution, relayed_by, speaker_label, unique_attributions
from bot.answers.text import normalise, stem
from bot.answers.wordings import attach_denied_words, pointer_denial_words
from bot.reply import Quote, Reply, Section, render_text
from bot.store import Row, Store
from bot.timewindow import iso_bound

MAX_PROPOSITIONS = 6  # propositions shown in one answer
MAX_QUOTES = 4  # distinct wordings shown per side of a proposition


# ---------------------------------------------------------------- the answer


def scope_bound(value: datetime | date | str | None) -> str | None:
    """A scope bound as the store compares it (ISO text), or None for an open end."""
    return iso_bound(value)


def unknown_reply(
    question: str, title: str, hint: str | None = None, *, error: bool = False, nearby: list[Row] | None = None
) -> Reply:
    """The reply when nothing answers `question`: status unknown, with an optional hint.

    An answer (not an error) leads with "Unknown", and, in the same line, the nearest
    stored statement in `nearby` if there is one.
    """
    sections = [Section(text=hint)] if hint else []
    lead = [] if error else unknown_lead(nearby or [])
    reply = Reply(
        title=title,
        status=STATUS_UNKNOWN,
        sections=sections,
        is_error=error,
        lead=lead_text(lead),
        data={
            "question": question,
            "status": STATUS_UNKNOWN,
            "answer": title,
            "summary": summary(lead),
            "claims": [],
            "denials": [],
            "figures": [],
            "outlets": [],
        },
    )
    if lead:
        reply.data["answer"] = render_text(reply)
    return reply


NEARBY_MIN_COVERAGE = 0.3  # below this share of the question a statement is not "nearby"


def nearby_statements(store: Store, parsed: Question, scope: Scope, limit: int = 1) -> list[Row]:
    """The stored statements closest to an unanswered question (by coverage), if any come near."""
    if not parsed.terms:
        return []
    rows = search_rows(store, parsed, scope)
    scored = sorted(((coverage(r, parsed.terms), r) for r in rows), key=lambda pair: -pair[0])
    return [r for score, r in scored[:limit] if score >= NEARBY_MIN_COVERAGE]


def unknown_answer(store: Store, parsed: Question, scope: Scope) -> Reply:
    """The unknown reply for a parsed question: the hint to widen the scope, and what is nearby."""
    return unknown_reply(parsed.text, NOTHING, nothing_hint(scope), nearby=nearby_statements(store, parsed, scope))


NOTHING = "Nothing in the store answers this."


def nothing_hint(scope: Scope) -> str:
    """What to try when a scoped question finds nothing: widen the named outlet, dates or article."""
    narrowed = [
        f"outlet {scope.outlet}" if scope.outlet else None,
        f"since {scope.since}" if scope.since else None,
        f"until {scope.until}" if scope.until else None,
        f"article {scope.article}" if scope.article is not None else None,
    ]
    narrowed_text = ", ".join(n for n in narrowed if n)
    if narrowed_text:
        return f"No stored statement about it within {narrowed_text}; try a wider scope."
    return "No stored statement says anything about it. Try other words, or ingest more coverage."


# ---------------------------------------------------------------- rendering


def distinct_wordings(rows: list[Row]) -> list[tuple[Row, list[str]]]:
    """One row per distinct wording (speaker + text), with every outlet carrying it."""
    merged: dict[tuple[str, str], tuple[Row, list[str]]] = {}
    for row in rows:
        key = (normalise(row.get("speaker") or ""), normalise(row.get("text") or ""))
        first, outlets = merged.setdefault(key, (row, []))
        for outlet in row.get("outlets") or []:
            if outlet not in outlets:
                outlets.append(outlet)
    return list(merged.values())


MAX_SHOWN_EVIDENCE = 240


def shown_words(row: Row) -> tuple[str, bool]:
    """The stored words an answer shows, and whether to put them in quotation marks.

    A statement whose content is only a pointer ("a claim", "the allegations")
    is shown through its verbatim sentence, so a reader sees what was denied; one
    linked to a stored claim is shown as that claim ("the claim that …").
    """
    pointed = pointer_denial_words(row)
    if pointed:
        return pointed, False
    text = (row.get("text") or "").strip()
    if row.get("kind") == "denial" and word_count(text) <= SHORT_TEXT_WORDS:
        # Only the denying clause: the rest of the sentence is the claim it denies.
        clause = denial_clause(row)
        if clause != text:
            return clause, False
    if word_count(text) <= SHORT_TEXT_WORDS and row.get("evidence"):
        evidence = SPACES.sub(" ", row["evidence"]).strip()
        if len(evidence) > MAX_SHOWN_EVIDENCE:
            evidence = evidence[:MAX_SHOWN_EVIDENCE].rsplit(" ", 1)[0] + " …"
        return evidence, not _already_quoted(evidence)
    return text, bool(row.get("direct")) and not _already_quoted(text)


def quoted_ids(row: Row, rows: list[Row]) -> tuple[int, ...]:
    """Ids of the `rows` a quote of `row` shows: its wording (`wording_ids`) with the same words on screen.

    Pointer statements of one wording ("a claim") are shown through their own
    sentence, so only those whose shown words are the quote's count.
    """
    words_ = normalise(shown_words(row)[0])
    by_id = {int(r["id"]): r for r in rows if r.get("id") is not None}
    return tuple(i for i in wording_ids(row, rows) if normalise(shown_words(by_id[i])[0]) == words_)


def to_quote(row: Row, outlets: list[str]) -> Quote:
    """A stored statement as a Quote with its speaker's role and outlets."""
    name, role = speaker_label(row)
    text, quoted = shown_words(row)
    return Quote(
        speaker=name,
        text=text,
        outlets=outlets,
        kind=row["kind"],
        role=role,
        cue=speech_verb(row),
        direct=quoted,
        relay=relayed_by(row, outlets),
    )


# Reporting verbs that read well before a colon, by stem; other cues become "said"/"denied".
_COLON_VERBS = {
    stem(v): v
    for v in (
        "said claimed insisted argued warned pledged promised added noted stressed stated announced "
        "admitted acknowledged suggested predicted vowed denied rejected dismissed disputed slammed refuted"
    ).split()
}


def speech_verb(row: Row) -> str:
    """The verb an answer sentence uses for a statement: its cue when that reads well, else said/denied."""
    cue = (row.get("cue") or "").strip().lower()
    known = _COLON_VERBS.get(stem(cue)) if cue and " " not in cue else None
    if known and (row["kind"] == "denial") == (
        known in {"denied", "rejected", "dismissed", "disputed", "slammed", "refuted"}
    ):
        return known
    return "denied" if row["kind"] == "denial" else "said"


def quote_sentence(row: Row, outlets: list[str]) -> str:
    """One answer sentence: speaker with role, their stored words, the outlets."""
    words_, quoted = shown_words(row)
    words_ = words_.rstrip(".")
    verb = speech_verb(row)
    said = f"“{words_}”" if quoted else words_
    where = f" ({', '.join(outlets)})" if outlets else ""
    relay = relayed_by(row, outlets)
    through = f" (according to {relay})" if relay else ""
    return _capitalise(f"{attribution(row)}{through} {verb}: {said}{where}.")


def _already_quoted(text: str) -> bool:
    """Stored words that carry their own quotation marks are not wrapped in more."""
    return text[:1] in {'"', "“"} or text.count('"') + text.count("“") >= 2


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _who(rows: list[Row]) -> str:
    names = unique_attributions(rows)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:2]) + f" and {len(names) - 2} other{'s' if len(names) > 3 else ''}"


def group_summary(group: Group) -> str:
    """A lead sentence for one proposition: who claimed it, who denied it, where."""
    claim_outlets = distinct_outlets(group.claims)
    denial_outlets = distinct_outlets(group.denials)
    if group.status == STATUS_CONTESTED:
        return (
            f"Contested: {_who(group.claims)} claimed it ({', '.join(claim_outlets)}); "
            f"{_who(group.denials)} denied it ({', '.join(denial_outlets)})."
        )
    if group.status == STATUS_ASSERTED:
        return f"Claimed by {_who(group.claims)} ({', '.join(claim_outlets)}); no denial is stored."
    return f"Denied by {_who(group.denials)} ({', '.join(denial_outlets)}); the claim itself is not stored."


def overall_status(groups: list[Group]) -> str:
    """The status of the best-matching propositions: contested if any is, else asserted, else denied."""
    if not groups:
        return STATUS_UNKNOWN
    top = max(g.score for g in groups)
    statuses = {g.status for g in groups if g.score >= top - 0.05}
    for status in (STATUS_CONTESTED, STATUS_ASSERTED, STATUS_DENIED):
        if status in statuses:
            return status
    return STATUS_UNKNOWN


def _fold_line(rest: list[tuple[Row, list[str]]], side: str) -> str | None:
    """'3 more wordings of the claim, 3 outlets', or None when nothing is folded."""
    if not rest:
        return None
    outlets = {o for _, outlets in rest for o in outlets}
    n, m = len(rest), len(outlets)
    return f"{n} more wording{'s' if n != 1 else ''} of the {side}, {m} outlet{'s' if m != 1 else ''}"


def build_reply(
    parsed: Question,
    groups: list[Group],
    scope: Scope,
    *,
    subject_ids: dict[int, float] | None = None,
    figure_groups_: list[dict[str, Any]] | None = None,
    store: Store | None = None,
) -> Reply:
    """The Reply for chosen propositions: the lead, then best-first evidence, the rest as detail.

    Each proposition shows one wording per side (the claim's words; a denial's denying
    clause only), says how many other wordings are folded, then how outlets frame it.
    The folded wordings go to `Reply.detail` (a thread or `more` in chat); figures that
    disagree follow the quotes. No statement and no block is shown twice. With `store`,
    a pointer denial ("a claim") is shown as the claim it is linked to.
    """
    if store is not None:
        attach_denied_words(store, [r for g in groups for r in g.denials])
    shown, hidden = groups[:MAX_PROPOSITIONS], groups[MAX_PROPOSITIONS:]
    prefer = set(subject_ids or {})
    # A yes/no question naming a speaker asks about that speaker's own statement, a claim or a denial.
    own_first = bool(prefer) and parsed.kind == "yesno" and bool(parsed.subject)
    status = overall_status(shown)
    sections: list[Section] = []
    detail: list[Section] = []
    claims_out: list[Row] = []
    denials_out: list[Row] = []
    seen: set[int] = set()  # statement ids already quoted
    quoted: list[int] = []  # statements whose words the quotes under the lead show
    for group in shown:
        claim_words = lead_first(
            [(r, o) for r, o in ranked_wordings(group.claims) if r.get("id") not in seen], group.claims, prefer
        )
        denial_words = lead_first(
            [(r, o) for r, o in ranked_wordings(group.denials) if r.get("id") not in seen], group.denials, prefer
        )
        best_claim, rest_claims = claim_words[:1], claim_words[1:]
        best_denial, rest_denials = denial_words[:1], denial_words[1:]
        # A question about denials hears the denials first.
        ordered = best_denial + best_claim if parsed.focus == "denial" else best_claim + best_denial
        if own_first:
            # "Did X say …?" hears X's own words first, whichever side they are on.
            ordered.sort(key=lambda pair: pair[0].get("speaker_id") not in prefer)
        seen.update(r["id"] for r, _ in claim_words + denial_words if r.get("id") is not None)
        quoted += [i for r, _ in best_claim for i in quoted_ids(r, group.claims)]
        quoted += [i for r, _ in best_denial for i in quoted_ids(r, group.denials)]
        claims_out += group.claims
        denials_out += group.denials
        heading = group_heading(group, prefer)
        folds = [f for f in (_fold_line(rest_claims, "claim"), _fold_line(rest_denials, "denial")) if f]
        notes = []
        if folds:
            notes.append("; ".join(folds).capitalize() + ": in the thread, or say `more`.")
        if group.claims and (note := framing_note(group.claims)):
            notes.append(note)
        sections.append(
            Section(
                heading=heading,
                text=" ".join(notes),
                quotes=[to_quote(r, o) for r, o in ordered],
                sources=group.outlets,
            )
        )
        rest = rest_denials + rest_claims if parsed.focus == "denial" else rest_claims + rest_denials
        if own_first:
            rest.sort(key=lambda pair: pair[0].get("speaker_id") not in prefer)
        if rest:
            detail.append(Section(heading=f"Other wordings — {heading}", quotes=[to_quote(r, o) for r, o in rest]))
    figures_json: list[dict[str, Any]] = []
    figure_texts: list[str] = []
    figure_outlets: list[dict[str, Any]] = []
    for fgroup in figure_groups_ or []:
        sentence = figure_sentence(fgroup)
        if sentence in figure_texts:
            continue  # two groups of the same figures would print the same line twice
        figure_texts.append(sentence)
        figure_outlets += fgroup["figures"]
        figures_json += [export_figure(f, fgroup["conflict"]) for f in fgroup["figures"]]
    # One "Figures" block, one line per group of figures, disagreements first.
    figure_sections = (
        [Section(heading="Figures", text="\n".join(figure_texts), sources=distinct_outlets(figure_outlets))]
        if figure_texts
        else []
    )
    if parsed.kind == "figure":
        # A figure question is answered by the figures first, then by who stated them.
        sections = figure_sections + sections
    else:
        sections = sections + figure_sections
    if hidden:
        # Points past MAX_PROPOSITIONS are not cut off: they follow the other wordings.
        n = len(hidden)
        sections.append(
            Section(
                heading="Also related",
                text=f"{n} more related point{'s' if n != 1 else ''}: in the thread, or say `more`.",
            )
        )
        for group in hidden:
            wordings = [
                (r, o)
                for r, o in ranked_wordings(group.claims) + ranked_wordings(group.denials)
                if r.get("id") not in seen
            ]
            seen.update(r["id"] for r, _ in wordings if r.get("id") is not None)
            detail.append(
                Section(
                    heading=f"Also related — {group_heading(group, prefer)}",
                    quotes=[to_quote(r, o) for r, o in wordings],
                    sources=group.outlets,
                )
            )
    if prefer:
        # A question naming a speaker is answered by their statements: theirs come first on each
        # side, the other speakers' statements of the same points follow as context.
        claims_out.sort(key=lambda r: r.get("speaker_id") not in prefer)
        denials_out.sort(key=lambda r: r.get("speaker_id") not in prefer)
    # The order the reply offers its statements in: claims, then denials; for "Did X say …?"
    # X's own statements of either side first, so X's denial is not behind the claims it denies.
    offered = claims_out + denials_out
    if own_first:
        offered.sort(key=lambda r: r.get("speaker_id") not in prefer)
    cited = distinct_outlets(claims_out + denials_out + [f for g in figure_groups_ or [] for f in g["figures"]])
    title = _title(parsed, status, shown)
    lead = build_lead(
        parsed,
        shown,
        status,
        figure_groups_ or [],
        figure_texts[0] if figure_texts else None,
        subject_ids or {},
        quoted=set(quoted),
    )
    # `summary` cites the statements whose words the reply shows: the lead's own and the quotes'.
    shown_ids = frozenset(quoted) | {i for sentence in lead for i in sentence.shown_ids}
    reply = Reply(
        title=title,
        status=status,
        sections=sections,
        sources=cited,
        lead=lead_text(lead) or title,
        detail=detail,
        data={
            "question": parsed.text,
            "status": status,
            "summary": summary(lead, shown_ids),
            "claims": [export_statement(r) for r in claims_out],
            "denials": [export_statement(r) for r in denials_out],
            "order": [r["id"] for r in offered if r.get("id") is not None],
            "figures": figures_json,
            "outlets": cited,
        },
    )
    reply.lead_facts = lead_facts(parsed, status, shown, lead, shown_ids) if lead else None
    reply.data["answer"] = render_text(reply)
    return reply


def phrase_reply(reply: Reply, settings: LlmSettings | None) -> Reply:
    """The reply with its lead phrased by the configured model, or unchanged when off or failing.

    Blocks for at most `settings.timeout` seconds (run it with `asyncio.to_thread` on an
    event loop); the template lead stays whenever the model's sentences do not survive
    the checks in `bot.answers.llm`.
    """
    if settings is None or reply.lead_facts is None:
        return reply
    sentences = phrase_lead(reply.lead_facts, settings)
    if list(sentences) == list(reply.lead_facts.template):
        return reply
    return set_lead(reply, sentences)


def set_lead(reply: Reply, sentences: list[LeadSentence]) -> Reply:
    """Replace a reply's lead (e.g. by a model's phrasing), keeping `summary` and `answer` in step."""
    if not sentences:
        return reply
    reply.lead = lead_text(sentences)
    if "summary" in reply.data:
        shown = reply.lead_facts.shown_ids if reply.lead_facts is not None else None
        reply.data["summary"] = summary(sentences, shown)
    if "answer" in reply.data:
        reply.data["answer"] = render_text(reply)
    return reply


def group_heading(group: Group, prefer: Collection[int] = ()) -> str:
    """ "Contested: …" / "Claimed: …" / "Denied: …" with the group's first wording, shortened.

    The first wording of a speaker in `prefer` (the ones a question names) when there is one.
    """
    side = group.claims or group.denials
    source = next((r for r in side if r.get("speaker_id") in prefer), side[0])
    text = (source.get("text") or "").strip()
    if len(text) > 120:
        text = text[:117].rsplit(" ", 1)[0] + "…"
    label = {STATUS_CONTESTED: "Contested", STATUS_ASSERTED: "Claimed", STATUS_DENIED: "Denied"}[group.status]
    return f"{label}: {text}"


def _title(parsed: Question, status: str, groups: list[Group]) -> str:
    if parsed.kind == "figure":
        return "What the outlets report:"
    if not groups:
        return NOTHING
    if parsed.kind == "outlets":
        outlets = distinct_outlets(r for g in groups for r in g.claims + g.denials)
        return f"Reported by {', '.join(outlets)}."
    if parsed.kind == "who":
        top = groups[0]
        if parsed.focus == "denial" and top.denials:
            return f"{_who(top.denials)} denied it."
        if top.claims:
            tail = f"; {_who(top.denials)} denied it" if top.denials else ""
            return f"{_who(top.claims)} said it{tail}."
    if parsed.kind == "what" and parsed.subject:
        n = len(groups)
        what = "denied" if parsed.focus == "denial" else "said"
        return f"What {parsed.subject} {what}: {n} point{'s' if n != 1 else ''} in the store."
    return {
        STATUS_CONTESTED: "Contested: claimed, and denied.",
        STATUS_ASSERTED: "Claimed, and no denial is stored.",
        STATUS_DENIED: "Only denials are stored.",
    }.get(status, NOTHING)
