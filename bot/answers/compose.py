"""Answering one question: parse, scope, retrieve, score and build the reply.

Answers to questions about claims and denials, built only from stored statements.

A question is parsed into a kind (yes/no, what-did-X-say, who-said, figures,
which-outlets), an optional speaker it asks about, and content terms. Retrieval
runs an escaped FTS5 query over statements, scores each candidate by how much
of the question's (IDF-weighted) content it covers, groups statements by the
proposition they assert or deny, and keeps only propositions above a relevance
threshold, so an unrelated statement is never offered as an answer.

Every sentence of an answer names its speaker with their role, quotes or
paraphrases the stored words and lists the outlets that carry them.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from bot.answers.figure_answers import answer_figures
from bot.answers.lexicon import STATUS_UNKNOWN, TITLE_WORDS
from bot.answers.question import (
    MAX_QUESTION_CHARS,
    Question,
    build_terms,
    content_words,
    looks_non_english,
    names_someone,
    parse_question,
)
from bot.answers.rendering import NOTHING, build_reply, scope_bound, unknown_answer, unknown_reply
from bot.answers.retrieval import search_rows
from bot.answers.scoring import (
    EXPAND_LIMIT,
    LONG_QUESTION_TERMS,
    LONG_QUESTION_THRESHOLD,
    RELEVANCE_THRESHOLD,
    SPEAKER_TOPIC_THRESHOLD,
    SUBJECT_ROWS,
    VERBATIM_MIN_RUN,
    Scope,
    choose,
    expand_groups,
    order_by_score,
    proposition_key,
    quote_continues,
    quote_tokens,
    rank_candidates,
    verbatim_score,
)
from bot.answers.semantic import closest_statements, question_vector, similarities
from bot.answers.speakers import match_speakers, rows_by_named_speaker, speaker_directory
from bot.answers.stance import stance_checked
from bot.answers.text import field_stems, stem, stems, text_words_stems
from bot.reply import Reply, Section, render_text
from bot.store import Row, Store


def answer_question(
    store: Store,
    question: str,
    *,
    outlet: str | None = None,
    since: datetime | date | str | None = None,
    until: datetime | date | str | None = None,
    article: str | int | None = None,
) -> Reply:
    """Answer a question from stored statements only; status contested/asserted/denied/unknown.

    `outlet`, `since`/`until` (publication window) and `article` (file name or
    id) narrow what the answer may draw on. Bad input gets a helpful reply.
    """
    raw = question or ""
    text = raw.strip()
    if not text:
        return unknown_reply(
            raw,
            "Ask a question about who claimed or denied what.",
            "For example: ask Did the minister deny the report?",
            error=True,
        )
    if len(text) > MAX_QUESTION_CHARS:
        return unknown_reply(
            text[:80] + "…",
            f"That question is too long ({len(text)} characters).",
            f"Ask it in under {MAX_QUESTION_CHARS} characters.",
            error=True,
        )
    if looks_non_english(text):
        return unknown_reply(
            text, "I can only answer questions in English.", "Try asking again in English.", error=True
        )
    scope = Scope(outlet or None, scope_bound(since), scope_bound(until), article)
    parsed = parse_question(text)
    if parsed.kind == "figure":
        return answer_figures(store, parsed, scope)
    reply = stance_checked(store, parsed, scope, _answer_statements(store, parsed, scope))
    if parsed.figure_unit:
        # The question names a figure ("… almost six hours?"): what outlets print matters too.
        figures_reply = answer_figures(store, parse_question(text), scope, figure_only=True)
        if reply.status == STATUS_UNKNOWN:
            # Printed figures do not say who said what: no answer to "who said" or "did X say".
            asks_speaker = parsed.kind == "who" or parsed.subject is not None
            return figures_reply if figures_reply.data["figures"] and not asks_speaker else reply
        _merge_figures(reply, figures_reply)
    return reply


def _merge_figures(reply: Reply, figures_reply: Reply) -> None:
    """Add another reply's figures, outlets and lines to an answer's one "Figures" block."""
    incoming = [s for s in figures_reply.sections if s.heading == "Figures"]
    existing = next((s for s in reply.sections if s.heading == "Figures"), None)
    for section in incoming:
        if existing is None:
            existing = Section(heading="Figures", text="", sources=[])
            reply.sections.append(existing)
        lines = existing.text.split("\n") if existing.text else []
        lines += [line for line in section.text.split("\n") if line and line not in lines]
        existing.text = "\n".join(lines)
        existing.sources += [o for o in section.sources if o not in existing.sources]
    known = {f.get("id") for f in reply.data["figures"]}
    reply.data["figures"] += [f for f in figures_reply.data["figures"] if f.get("id") not in known]
    for outlet in figures_reply.data["outlets"]:
        if outlet not in reply.data["outlets"]:
            reply.data["outlets"].append(outlet)
    reply.sources = list(reply.data["outlets"])
    reply.data["answer"] = render_text(reply)


def _answer_statements(store: Store, parsed: Question, scope: Scope) -> Reply:
    subject_ids: dict[int, float] = {}
    topic_words = list(parsed.topic_words)
    outlet_subject = _outlet_named(store, parsed.subject) if parsed.kind == "what" and parsed.subject else None
    if outlet_subject and not scope.outlet:
        # "What did <outlet> report (about Y)?": the outlet is a scope, not a speaker.
        scope = Scope(outlet_subject, scope.since, scope.until, scope.article)
        parsed.terms = build_terms(store, topic_words, names_in=parsed.text)
        rows = (
            search_rows(store, parsed, scope)
            if parsed.terms
            else store.answer_statements(limit=SUBJECT_ROWS, **scope.kwargs())
        )
        chosen = choose(rank_candidates(rows, parsed.terms)) if parsed.terms else _by_reach(rows)
        if not chosen:
            return unknown_answer(store, parsed, scope)
        return build_reply(
            parsed, expand_groups(store, chosen, scope, {r["id"]: r for r in rows}, EXPAND_LIMIT), scope, store=store
        )
    if parsed.kind in ("what", "yesno") and parsed.subject:
        subject_ids = match_speakers(store, parsed.subject, names_first=names_someone(parsed.subject))
        if not subject_ids:
            if names_someone(parsed.subject):
                # Someone named whose statements are not stored: another speaker's words are no answer,
                # but what they published may be ("a poll released by X found …").
                parsed.terms = build_terms(store, topic_words, names_in=parsed.text)
                found: dict[int, float] = {}
                chosen, rows = _named_source_answers(store, parsed, scope, topic_words, found)
                if chosen:
                    groups = expand_groups(store, chosen, scope, {r["id"]: r for r in rows}, EXPAND_LIMIT)
                    order_by_score(groups, found)
                    return build_reply(parsed, groups, scope, store=store)
                return unknown_reply(parsed.text, NOTHING, f"No statement by {parsed.subject} is stored.")
            # Not a known speaker: treat the subject as content ("what did the report say").
            topic_words = content_words(parsed.subject) + topic_words
    parsed.terms = build_terms(store, topic_words, names_in=parsed.text)
    query = question_vector(" ".join(topic_words)) if topic_words else None
    row_scores: dict[int, float] = {}
    if subject_ids:
        kind = "denial" if parsed.focus == "denial" else None
        if parsed.terms:
            # The speaker's statements that share the question's words, and those closest in meaning.
            rows = search_rows(store, parsed, scope, list(subject_ids))
            # The speaker index offers only the first speakers sharing a common name; the question's
            # best text matches by anyone the phrase names are theirs too (bounded: one candidate search).
            subject = parsed.subject or ""
            names_first = names_someone(subject)
            named = rows_by_named_speaker(search_rows(store, parsed, scope), subject, names_first=names_first)
            subject_ids.update((r["speaker_id"], 1.0) for r in named if r["speaker_id"] not in subject_ids)
            rows = _merge_rows(rows, named)
            rows = _merge_rows(rows, closest_statements(store, list(subject_ids), kind, scope, query, rows))
        else:
            rows = store.answer_statements(
                speaker_ids=list(subject_ids), kind=kind, limit=SUBJECT_ROWS, **scope.kwargs()
            )
        if kind:
            rows = [r for r in rows if r["kind"] == kind]
        if parsed.terms:
            sims = similarities(store, rows, query)
            chosen = choose(
                rank_candidates(
                    rows,
                    parsed.terms,
                    sims=sims,
                    row_scores=row_scores,
                    pool_below=_threshold(parsed, of_speaker=True),
                    # "What did X say about Y?": a few topic words, whose meaning alone is a weak judge.
                    words_decide=parsed.kind == "what",
                ),
                _threshold(parsed, of_speaker=True),
            )
        else:
            chosen = _by_reach(rows)
        if not chosen:
            # None of the speaker's own statements says it: what they published may.
            chosen, rows = _named_source_answers(store, parsed, scope, topic_words, row_scores)
        if not chosen:
            return unknown_answer(store, parsed, scope)
        groups = expand_groups(store, chosen, scope, {r["id"]: r for r in rows}, EXPAND_LIMIT)
        order_by_score(groups, row_scores)
        if kind:
            # Only the subject's denials are the answer; the claims they deny stay for context.
            for g in groups:
                g.denials = [d for d in g.denials if d.get("speaker_id") in subject_ids] or g.denials
        return build_reply(parsed, groups, scope, subject_ids=subject_ids, store=store)
    if not parsed.terms:
        return unknown_reply(
            parsed.text,
            "I could not find anything to look up in that question.",
            "Ask in plain English, e.g. 'What did the minister say about the talks?' (no search syntax needed).",
        )
    rows = search_rows(store, parsed, scope)
    boost = match_speakers_in_text(store, parsed.text)
    sims = similarities(store, rows, query)
    # "Who said …?" asks for the speaker: a speaker's name among the question's words proves nothing.
    # A quote the question gives may run over statements the extractor split: "who said" pools them.
    ranked = rank_candidates(
        rows,
        parsed.terms,
        boost,
        sims=sims,
        row_scores=row_scores,
        with_speaker=parsed.kind != "who",
        quoted=parsed.kind == "who",
        pool_below=_threshold(parsed) if parsed.kind == "who" else None,
        quote=quote_tokens(parsed.quote) if parsed.kind == "who" else (),
    )
    if parsed.kind == "who":
        rows = _continued_quote(store, rows, quote_tokens(parsed.quote), scope, ranked, row_scores)
    chosen = choose(ranked, _threshold(parsed))
    if not chosen:
        return unknown_answer(store, parsed, scope)
    groups = expand_groups(store, chosen, scope, {r["id"]: r for r in rows}, EXPAND_LIMIT)
    if not groups:
        return unknown_answer(store, parsed, scope)
    order_by_score(groups, row_scores)
    return build_reply(parsed, groups, scope, store=store)


def _continued_quote(
    store: Store,
    rows: list[Row],
    quote: list[str],
    scope: Scope,
    ranked: dict[tuple[str, int], float],
    row_scores: dict[int, float],
) -> list[Row]:
    """`rows`, and the rest of a quoted question the best statement's speaker said next to it.

    The extractor splits a quote at its cue, so "Who said <words>?" may quote across two
    statements of one speaker, and only the one holding most of the words is found by
    them. When the best statement holds a long run of the quote verbatim, the speaker's
    statements of that article are read (one small query) and the one holding the rest
    of the quote at its edge (`quote_continues`) answers with the same score.
    """
    if not rows or len(quote) < VERBATIM_MIN_RUN:
        return rows
    best = max(rows, key=lambda r: (row_scores.get(r["id"], 0.0), -r["id"]))
    score = row_scores.get(best["id"], 0.0)
    if best.get("speaker_id") is None or best.get("start") is None or verbatim_score(quote, best) <= 0.0:
        return rows
    scoped = {**scope.kwargs(), "article": best["article_id"]}
    out = list(rows)
    known = {r["id"] for r in rows}
    for row in store.answer_statements(speaker_ids=[best["speaker_id"]], **scoped):
        if row["id"] == best["id"] or row.get("start") is None or not quote_continues(quote, best, row):
            continue
        row_scores[row["id"]] = max(row_scores.get(row["id"], 0.0), score)
        key = proposition_key(row)
        ranked[key] = max(ranked.get(key, 0.0), score)
        if row["id"] not in known:
            out.append(row)
    return out


def _named_source_answers(
    store: Store, parsed: Question, scope: Scope, topic_words: list[str], row_scores: dict[int, float]
) -> tuple[dict[tuple[str, int], float], list[Row]]:
    """Propositions answering the question from what its subject published (`named_in_sentence`), and their rows.

    Not for "What did X deny?": a poll or a document published by X asserts, it does not deny.
    """
    if not parsed.terms or not parsed.subject or parsed.focus == "denial":
        return {}, []
    rows = named_in_sentence(search_rows(store, parsed, scope), parsed.subject)
    query = question_vector(" ".join(topic_words)) if rows and topic_words else None
    ranked = rank_candidates(
        rows, parsed.terms, sims=similarities(store, rows, query), row_scores=row_scores, with_speaker=False
    )
    return choose(ranked, _threshold(parsed, of_speaker=True)), rows


def named_in_sentence(rows: list[Row], subject: str) -> list[Row]:
    """The rows of a poll, a document or a group whose sentence names `subject` outside its words.

    A question's source is often named in the sentence around a statement stored under
    what it published: "a poll released Sunday by the Post found …", "documents the judge
    ordered released show …". Every word of the subject (titles aside) must lie outside
    the statement's own text: a statement about the subject ("the audit found the Post
    misquoted …") is not by the subject. A person's statement is never the subject's:
    measured on the PolNeAR train questions, a person's sentence naming the subject
    (asked by, talking to, or answering the subject) added more wrong answers than right.
    Nor is a named organisation's ("Harbour Watch, which sued the Post, said …"): only a
    speaker described by common words (a poll, documents, a group of members) is taken
    to be what the subject published.
    """
    wanted = {stem(w) for w in content_words(subject) if w not in TITLE_WORDS}
    if not wanted:
        return []
    out = []
    for row in rows:
        if row.get("speaker_type") == "person" or _is_named(row.get("speaker") or ""):
            continue
        text, evidence = row.get("text") or "", row.get("evidence") or ""
        if text and text in evidence:
            around = stems(evidence.replace(text, " "))  # the sentence without what was said
        else:
            around = set(field_stems(evidence)) - set(text_words_stems(text)[1])
        if wanted <= around:
            out.append(row)
    return out


# Words that may open a description before its head ("the", "a new", "many"): they say nothing
# about whether the head is a name.
_LEADING_WORDS = frozenset("a an the this that these those its their his her our some many most several all".split())


def _is_named(speaker: str) -> bool:
    """True when a stored speaker is a name, not a description ("national poll").

    A description opens with a common word and may name things further on ("poll of
    400 registered Latino voters" is a poll, not the voters); a name opens with a
    capital once leading articles and determiners are set aside ("the Harbour Watch").
    """
    words = [w for w in speaker.split() if w.lower() not in _LEADING_WORDS]
    return bool(words) and words[0][:1].isupper()


def _threshold(parsed: Question, *, of_speaker: bool = False) -> float:
    """How well the best statement must answer the question: more when it quotes what was said.

    "Who said <words>?" and "Did X say <words>?" carry the statement's own words;
    other questions ("Will the forces go back after the exercises?") describe it.
    "What did X say about Y?" (`of_speaker`: X is a known speaker) reads only X's
    statements, so a statement sharing one word of Y is not yet an answer.
    """
    quoting = parsed.kind == "who" or (parsed.kind == "yesno" and parsed.subject is not None)
    if quoting and len(parsed.terms) > LONG_QUESTION_TERMS:
        return LONG_QUESTION_THRESHOLD
    if of_speaker and parsed.kind == "what":
        return SPEAKER_TOPIC_THRESHOLD
    return RELEVANCE_THRESHOLD


def _merge_rows(first: list[Row], second: list[Row]) -> list[Row]:
    """Rows of both lists, each statement once, in order."""
    seen: set[int] = set()
    out: list[Row] = []
    for row in first + second:
        if row["id"] not in seen:
            seen.add(row["id"])
            out.append(row)
    return out


def _by_reach(rows: list[Row]) -> dict[tuple[str, int], float]:
    """Every proposition of the rows, scored by how many outlets carried it (all above threshold)."""
    outlets_by_key: dict[tuple[str, int], set[str]] = {}
    for row in rows:
        outlets_by_key.setdefault(proposition_key(row), set()).update(row["outlets"])
    return {k: 1.0 + 0.01 * len(v) for k, v in outlets_by_key.items()}


def _outlet_named(store: Store, phrase: str | None) -> str | None:
    """The store's outlet a phrase names ('RT', 'the Daily Example'), if any."""
    wanted = re.sub(r"^the\s+", "", (phrase or "").strip(), flags=re.I).lower()
    for outlet in store.outlets():
        if re.sub(r"^the\s+", "", outlet, flags=re.I).lower() == wanted:
            return outlet
    return None


def match_speakers_in_text(store: Store, text: str) -> dict[int, float]:
    """Speakers named anywhere in a question, for a small ranking boost."""
    found: dict[int, float] = {}
    directory = speaker_directory(store)
    for w in content_words(text):
        if w[:1].isdigit():
            continue
        for sid, strength in match_speakers(store, w, directory).items():
            found[sid] = max(found.get(sid, 0.0), strength)
    return found
