"""Scoring: how much of a question a statement covers, and statements grouped by proposition."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.answers.lexicon import STATUS_ASSERTED, STATUS_CONTESTED, STATUS_DENIED
from bot.answers.question import Term
from bot.answers.text import field_stems, normalise, stem, text_words_stems
from bot.store import Row, Store

# A proposition must cover this share of the question's weighted terms to count as an answer.
RELEVANCE_THRESHOLD = 0.5
# A question quoting what was said ("Did X say <a dozen words>?", "Who said …?") can have many
# terms, and a statement on the same topic shares a good part of them by chance: above
# LONG_QUESTION_TERMS terms the best statement must cover LONG_QUESTION_THRESHOLD. Fitted on
# the PolNeAR train questions (benchmarks/polnear_questions.py): lower values answered more
# questions from the wrong statement, higher ones left right statements unanswered.
LONG_QUESTION_TERMS = 4
LONG_QUESTION_THRESHOLD = 0.75
# "What did X say about Y?": X's statement must cover this much of Y. Fitted on the PolNeAR train
# questions: at .5 one of two topic words was enough and 34 of 300 such questions got another
# statement of X (the one asked about never extracted); .7 left 15, and 7 fewer right answers.
SPEAKER_TOPIC_THRESHOLD = 0.7
# Propositions within this share of the best score are answered together.
PRIMARY_RATIO = 0.8
CANDIDATES = 100  # FTS candidates scored per question (best BM25 first; 200 doubled the cost at 100k articles)


# ---------------------------------------------------------------- scoring


def _statement_stems(
    row: Row, with_evidence: bool = True, text_words: list[str] | None = None, with_speaker: bool = True
) -> set[str]:
    """Stems of what was said and who said it (and of the evidence sentence with `with_evidence`).

    `text_words` are `words(row["text"])` when the caller has them already.
    """
    if text_words is not None:
        found = {stem(w) for w in text_words}
    else:
        found = set(text_words_stems(row.get("text") or "")[1])
    if with_speaker:
        for f in (row.get("speaker"), row.get("speaker_text"), row.get("speaker_role")):
            if f:
                found.update(field_stems(f))
        for role in row.get("speaker_roles") or []:
            found.update(field_stems(role))
    if with_evidence and row.get("evidence"):
        found.update(field_stems(row["evidence"]))
    return found


# A match only in the surrounding sentence counts less than one in what was said:
# several statements can share a sentence, and only one of them says the thing asked.
EVIDENCE_FACTOR = 0.75
SHORT_TEXT_WORDS = 3
SHORT_TEXT_FACTOR = 0.9


def coverage(row: Row, terms: list[Term], *, with_speaker: bool = True, quoted: bool = False) -> float:
    """How much of the question a statement covers (0..1), weighted by term rarity.

    Words of what was said (and who said it) count in full; words found only in
    the rest of the evidence sentence count at EVIDENCE_FACTOR.
    """
    return joint_coverage([row], terms, with_speaker=with_speaker, quoted=quoted)


def joint_coverage(rows: list[Row], terms: list[Term], *, with_speaker: bool = True, quoted: bool = False) -> float:
    """How much of the question some statements cover together (0..1); `coverage` of one statement.

    With `quoted` (the question quotes what was said: "Who said …?"), words of the
    sentence around count only for statements that hold at least RELEVANCE_THRESHOLD
    of the question themselves: a sentence can carry the quoted words and a short
    statement of someone else (what they called the words, who they were said about).
    """
    total = sum(t.weight for t in terms)
    if total <= 0 or not rows:
        return 0.0
    # Each field is split and stemmed once: this runs on every candidate of every question.
    text_word_count = 0
    own: set[str] = set()
    full: set[str] = set()
    for row in rows:
        text_word_count += text_words_stems(row.get("text") or "")[0]
        mine = _statement_stems(row, with_evidence=False, with_speaker=with_speaker)
        own |= mine
        full |= mine.union(field_stems(row["evidence"])) if row.get("evidence") else mine
    # The texts matter only for terms with role phrases; most questions have none.
    if any(t.phrases for t in terms):
        own_text = " ".join(normalise(row.get("text") or "") for row in rows)
        full_text = own_text + " " + " ".join(normalise(row.get("evidence") or "") for row in rows)
    else:
        own_text = full_text = ""

    def has(term: Term, have: set[str], text: str) -> bool:
        return bool(term.stems & have) or any(p in text for p in term.phrases)

    own_share = sum(t.weight for t in terms if has(t, own, own_text)) / total
    full_share = sum(t.weight for t in terms if has(t, full, full_text)) / total
    if quoted and own_share < RELEVANCE_THRESHOLD:
        return own_share
    if text_word_count <= SHORT_TEXT_WORDS:
        # "a claim", "the allegations": the words point at the sentence, which says what they mean.
        return max(own_share, SHORT_TEXT_FACTOR * full_share)
    return max(own_share, EVIDENCE_FACTOR * full_share)


def proposition_key(row: Row) -> tuple[str, int]:
    """The proposition a statement asserts or denies; a statement of its own when unlinked."""
    if row["kind"] == "denial" and row.get("denies") is not None:
        return ("p", row["denies"])
    if row["kind"] != "denial" and row.get("proposition") is not None:
        return ("p", row["proposition"])
    return ("s", row["id"])


@dataclass
class Scope:
    """What an answer may draw on: outlet, publication window, one article."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | int | None = None

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments of the store's answer queries."""
        return {"outlet": self.outlet, "since": self.since, "until": self.until, "article": self.article}


@dataclass
class Group:
    """The statements of one proposition found for a question."""

    key: tuple[str, int]
    score: float
    claims: list[Row] = field(default_factory=list)
    denials: list[Row] = field(default_factory=list)

    @property
    def status(self) -> str:
        """contested, asserted or denied."""
        if self.claims and self.denials:
            return STATUS_CONTESTED
        return STATUS_ASSERTED if self.claims else STATUS_DENIED

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets carrying any statement of the group."""
        return distinct_outlets(self.claims + self.denials)


def distinct_outlets(rows: Iterable[Row]) -> list[str]:
    """The outlets carrying `rows`, each once, in order of first appearance."""
    seen: dict[str, None] = {}
    for row in rows:
        for outlet in row.get("outlets") or ([row["outlet"]] if row.get("outlet") else []):
            seen.setdefault(outlet, None)
    return list(seen)


# Statements read for "what did X say/deny?" without a topic (a prolific speaker has thousands):
# the newest ones. Each costs a random row read; 500 put such questions over 50 ms at 100k articles.
SUBJECT_ROWS = 200
# Propositions a question's answer reads in full; lower-scored ones keep the statements that
# found them (a prolific speaker's "what did X deny?" can reach a thousand propositions).
EXPAND_LIMIT = 30


def expand_groups(
    store: Store,
    keyed: dict[tuple[str, int], float],
    scope: Scope,
    seed_rows: dict[int, Row],
    limit: int | None = None,
) -> list[Group]:
    """Fetch every statement of the chosen propositions (within scope) into groups, best first.

    With `limit`, only that many of the best-scored propositions are read in
    full; the others are grouped from `seed_rows` alone.
    """
    expanded = sorted(keyed, key=lambda k: (-keyed[k], k))[:limit] if limit is not None else list(keyed)
    prop_ids = [k[1] for k in expanded if k[0] == "p"]
    rows = store.answer_statements(propositions=prop_ids, **scope.kwargs()) if prop_ids else []
    by_key: dict[tuple[str, int], Group] = {k: Group(k, s) for k, s in keyed.items()}
    seen: set[int] = set()
    unexpanded = set(keyed) - set(expanded)
    others = [r for r in seed_rows.values() if proposition_key(r) in unexpanded] if unexpanded else []
    for row in rows + [seed_rows[k[1]] for k in keyed if k[0] == "s" and k[1] in seed_rows] + others:
        if row["id"] in seen:
            continue
        key = proposition_key(row)
        group = by_key.get(key)
        if group is None:
            # A claim of a chosen proposition whose denial is what linked it, or vice versa.
            for candidate in (("p", row.get("proposition")), ("p", row.get("denies"))):
                if candidate in by_key:
                    group = by_key[candidate]
                    break
        if group is None:
            continue
        seen.add(row["id"])
        (group.denials if row["kind"] == "denial" else group.claims).append(row)
    groups = [g for g in by_key.values() if g.claims or g.denials]
    groups.sort(key=lambda g: (-g.score, -len(g.outlets), g.key))
    return groups


# Meaning: a statement's cosine similarity to the question counts from SIM_FLOOR (unrelated
# sentences of news share some words) and in full from SIM_FULL; it makes up SIM_WEIGHT of the score.
SIM_FLOOR = 0.1
SIM_FULL = 0.6
SIM_WEIGHT = 0.25
# The meaning's share of the score when the question's words decide (`statement_score`).
WORDS_DECIDE_SIM_WEIGHT = 0.05


def meaning_share(similarity: float) -> float:
    """A cosine similarity as a share of the question's meaning covered (0..1)."""
    return min(1.0, max(0.0, (similarity - SIM_FLOOR) / (SIM_FULL - SIM_FLOOR)))


def statement_score(
    row: Row,
    terms: list[Term],
    similarity: float | None = None,
    *,
    with_speaker: bool = True,
    words_decide: bool = False,
    quoted: bool = False,
) -> float:
    """How well one statement answers: its word coverage, blended with its meaning when known.

    Without `with_speaker` the speaker's name and roles do not count as covering words
    ("Who said …?" asks for the speaker, so its words describe only what was said).
    With `words_decide` (a topic of a few words asked of one speaker), a statement whose
    sentence holds every word of the topic, some of them in what was said, keeps most of its
    word score however far its meaning seems (`topic_in_sentence`). `quoted` is passed to
    `coverage`.
    """
    lexical = coverage(row, terms, with_speaker=with_speaker, quoted=quoted) if terms else 1.0
    if similarity is None:
        return lexical
    blended = (1 - SIM_WEIGHT) * lexical + SIM_WEIGHT * meaning_share(similarity)
    # Every term in the sentence puts the word score at EVIDENCE_FACTOR at least: most candidates
    # fall short of it, and are spared the test (it runs on every candidate of the question).
    if words_decide and lexical >= EVIDENCE_FACTOR and topic_in_sentence(row, terms):
        # Meaning still orders the statements the words found; it no longer vetoes them.
        worded = (1 - WORDS_DECIDE_SIM_WEIGHT) * lexical + WORDS_DECIDE_SIM_WEIGHT * meaning_share(similarity)
        return max(blended, worded)
    return blended


def topic_in_sentence(row: Row, terms: list[Term]) -> bool:
    """Every term is in the statement or its sentence, and at least one in what was said itself.

    A handful of topic words ("the pipeline permits") has a vague meaning of its own:
    a sentence vector compared with it is a weak judge, while a speaker's sentence
    naming every one of the words, as they speak of at least one, is about that topic.
    """
    return topic_in_sentences([row], terms)


def topic_in_sentences(rows: list[Row], terms: list[Term]) -> bool:
    """`topic_in_sentence` for one speaker's adjacent statements read together (`adjacent_runs`)."""
    if not terms or not rows:
        return False
    said: set[str] = set()
    around: set[str] = set()
    for row in rows:
        own = _statement_stems(row, with_evidence=False, with_speaker=False)
        said |= own
        around |= own.union(field_stems(row.get("evidence") or ""))
    if not any(t.stems & said for t in terms):
        return False
    return all(t.stems & around for t in terms)


# Statements of one speaker next to each other in an article (a quote the extractor split at a
# sentence end, a claim and the reason given for it) can answer a question together that neither
# answers alone: up to POOL_SIZE of them, each starting within POOL_GAP_CHARS of the previous
# one's end, are scored on their joint words at POOL_FACTOR (one statement saying it all ranks first).
POOL_SIZE = 3
POOL_GAP_CHARS = 250
POOL_FACTOR = 0.95


def adjacent_runs(rows: list[Row]) -> list[list[Row]]:
    """Runs of 2..POOL_SIZE statements by one speaker that follow each other closely in one article."""
    by_source: dict[tuple[Any, Any], list[Row]] = {}
    for row in rows:
        if row.get("speaker_id") is None or row.get("article_id") is None or row.get("start") is None:
            continue
        by_source.setdefault((row["speaker_id"], row["article_id"]), []).append(row)
    runs: list[list[Row]] = []
    for members in by_source.values():
        if len(members) < 2:
            continue
        members = sorted(members, key=lambda r: (r["start"], r["id"]))
        for i in range(len(members)):
            run = [members[i]]
            for nxt in members[i + 1 : i + POOL_SIZE]:
                if nxt["start"] - (run[-1].get("end") or run[-1]["start"]) > POOL_GAP_CHARS:
                    break
                run.append(nxt)
                runs.append(list(run))
    return runs


# "Who said <words>?" quotes what was said: a statement holding VERBATIM_MIN_RUN or more of the
# quoted words in a row, as written (function words too), is the one quoted, however few of the
# question's rarer words it holds (a quote the extractor cut short, or one the question runs past).
# It scores VERBATIM_BASE, plus up to VERBATIM_SPAN by the share of the quote it holds. Chosen on
# half of the PolNeAR train questions (benchmarks/polnear_questions.py), checked on the other half.
VERBATIM_MIN_RUN = 6
VERBATIM_BASE = 0.8
VERBATIM_SPAN = 0.2
_QUOTE_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def quote_tokens(text: str) -> list[str]:
    """The words of a text as written, lowercased (function words kept, apostrophes straightened)."""
    return _QUOTE_TOKEN.findall((text or "").lower().replace("’", "'"))


def verbatim_run(quote: Sequence[str], text: str) -> int:
    """The longest run of consecutive `quote` words that a statement's text holds in the same order."""
    start, end = verbatim_span(quote, text)
    return end - start


def verbatim_span(quote: Sequence[str], text: str) -> tuple[int, int]:
    """Where in `quote` the longest run of its words that `text` holds in order lies: (start, end).

    (0, 0) when the text shares fewer than VERBATIM_MIN_RUN words with the quote.
    """
    said = quote_tokens(text)
    if len(set(quote) & set(said)) < VERBATIM_MIN_RUN:
        return 0, 0  # too few shared words for a long run (most candidates stop here)
    best, end = 0, 0
    previous = [0] * (len(said) + 1)
    for i, word in enumerate(quote):
        current = [0] * (len(said) + 1)
        for j, other in enumerate(said):
            if word == other:
                current[j + 1] = previous[j] + 1
                if current[j + 1] > best:
                    best, end = current[j + 1], i + 1
        previous = current
    return end - best, end


def verbatim_score(quote: Sequence[str], row: Row) -> float:
    """VERBATIM_BASE and more when the statement holds a long enough run of the quoted words, else 0."""
    if len(quote) < VERBATIM_MIN_RUN:
        return 0.0
    run = verbatim_run(quote, row.get("text") or "")
    return VERBATIM_BASE + VERBATIM_SPAN * run / len(quote) if run >= VERBATIM_MIN_RUN else 0.0


# A quote the extractor split into two statements of one speaker ("Who is the real con man
# here? <cue> Senator Vale and …"): when the statement holding the longest run of the quoted words
# leaves at least CONTINUATION_MIN_WORDS of the quote after that run, the same speaker's next
# statement (starting within POOL_GAP_CHARS) that opens with those words, as written, is the rest of
# the quote. Only forwards: on half of the PolNeAR train questions a statement closing with the
# quote's first words added no right answer, and brought its own proposition's other speakers.
CONTINUATION_MIN_WORDS = 3
CONTINUATION_MAX_WORDS = 6


def quote_continues(quote: Sequence[str], found: Row, neighbour: Row) -> bool:
    """True when `neighbour` follows `found` and opens with the quoted words `found` stops short of.

    `found` holds a long run of the quoted words (`verbatim_span`); up to
    CONTINUATION_MAX_WORDS of the quote after that run must open `neighbour`, which
    starts at most POOL_GAP_CHARS after `found` ends. Both are one speaker's statements
    of one article.
    """
    start, end = verbatim_span(quote, found.get("text") or "")
    rest = list(quote[end:])[:CONTINUATION_MAX_WORDS]
    if end - start < VERBATIM_MIN_RUN or len(rest) < CONTINUATION_MIN_WORDS:
        return False
    gap = neighbour["start"] - (found.get("end") or found["start"])
    return 0 <= gap <= POOL_GAP_CHARS and quote_tokens(neighbour.get("text") or "")[: len(rest)] == rest


def rank_candidates(
    rows: list[Row],
    terms: list[Term],
    boost: dict[int, float] | None = None,
    sims: dict[int, float] | None = None,
    row_scores: dict[int, float] | None = None,
    *,
    with_speaker: bool = True,
    pool_below: float | None = None,
    words_decide: bool = False,
    quoted: bool = False,
    quote: Sequence[str] = (),
) -> dict[tuple[str, int], float]:
    """Score propositions by their best statement (coverage and meaning, plus a speaker boost).

    `sims` are the statements' similarities to the question by id; each
    statement's own score is written to `row_scores` when given (to order a reply).
    With `pool_below`, when no single statement reaches that score, statements may
    also score as an adjacent run of one speaker's statements (`adjacent_runs`) that
    covers more of the question together, each adding words the others lack.
    `words_decide` and `quoted` are passed to `statement_score` (`quoted` to the runs' coverage too).
    `quote` (the words a "who said" question quotes) lifts a statement holding a long run of
    them verbatim to its `verbatim_score`.
    """
    own: dict[int, float] = {}
    for row in rows:
        own[row["id"]] = statement_score(
            row,
            terms,
            sims.get(row["id"]) if sims else None,
            with_speaker=with_speaker,
            words_decide=words_decide,
            quoted=quoted,
        )
    # Lifted after pooling: a quote the question runs past may go on in the speaker's next statement.
    verbatim = {row["id"]: verbatim_score(quote, row) for row in rows} if quote else {}
    if pool_below is not None and terms and max(own.values(), default=0.0) < pool_below:
        for run in adjacent_runs(rows):
            lexical = joint_coverage(run, terms, with_speaker=with_speaker, quoted=quoted)
            similarity = max((sims.get(r["id"], -1.0) for r in run), default=-1.0) if sims else None
            meaning = meaning_share(similarity) if similarity is not None else None
            if meaning is None:
                joint = POOL_FACTOR * lexical
            elif words_decide and lexical >= EVIDENCE_FACTOR and topic_in_sentences(run, terms):
                # As for one statement (`statement_score`): the run's sentences name every topic word.
                joint = POOL_FACTOR * ((1 - WORDS_DECIDE_SIM_WEIGHT) * lexical + WORDS_DECIDE_SIM_WEIGHT * meaning)
            else:
                joint = POOL_FACTOR * ((1 - SIM_WEIGHT) * lexical + SIM_WEIGHT * meaning)
            if joint <= max(own[r["id"]] for r in run):
                continue
            # Every statement of the run must add words of the question the others lack: a
            # neighbour that only repeats them is not part of the answer.
            if any(
                joint_coverage([r for r in run if r is not row], terms, with_speaker=with_speaker, quoted=quoted)
                >= lexical
                for row in run
            ):
                continue
            for row in run:
                own[row["id"]] = max(own[row["id"]], joint)
    for row_id, lifted in verbatim.items():
        own[row_id] = max(own[row_id], lifted)
    scores: dict[tuple[str, int], float] = {}
    for row in rows:
        score = own[row["id"]]
        if boost and row.get("speaker_id") in boost:
            score += 0.05 * boost[row["speaker_id"]]
        if row_scores is not None:
            row_scores[row["id"]] = score
        key = proposition_key(row)
        scores[key] = max(scores.get(key, 0.0), score)
    return scores


# A side of a proposition with more statements than this is too long to read in full: its
# best-matching statements go first. Shorter sides keep the order the outlets published them in.
SHOWN_IN_FULL = 4


def order_by_score(groups: list[Group], row_scores: dict[int, float]) -> None:
    """Within each long side of a group, the statements that answered best first (the rest keep their order)."""
    for group in groups:
        for side in (group.claims, group.denials):
            if len(side) > SHOWN_IN_FULL:
                side.sort(key=lambda r: -row_scores.get(r["id"], -1.0))


def choose(
    scores: dict[tuple[str, int], float], threshold: float = RELEVANCE_THRESHOLD, ratio: float = PRIMARY_RATIO
) -> dict[tuple[str, int], float]:
    """Propositions above the threshold and close to the best one."""
    if not scores:
        return {}
    best = max(scores.values())
    if best < threshold:
        return {}
    floor = max(threshold, best * ratio)
    return {k: v for k, v in scores.items() if v >= floor}
