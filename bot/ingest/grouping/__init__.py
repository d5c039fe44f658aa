"""Grouping statements into propositions and linking denials to what they deny.

A *proposition* is one thing that was said, whoever carries it: several
outlets quoting one sentence, a direct quote and its paraphrase, "an
assurance" and "a guarantee" of "no escalation" all share one. Each claim gets
a proposition (an existing one that says the same, else a new one); each
denial points (`denies`) at the proposition it rejects and shares that
proposition's id, so a proposition gathers the claims for it and the denials
against it.

Matching uses several signals together, because word overlap alone is not
enough across outlets that paraphrase:

- content-word lemmas mapped through a small general synonym table of the
  political-news lexicon (`CONCEPTS`: assurance ≈ guarantee ≈ pledge …),
  weighted by rarity (IDF from the statements' FTS index);
- the speaker (the same speaker makes a paraphrase likely, a different one less);
- negation (a claim and its negation are not one proposition);
- for denials, the in-article target the extractor found, the nearest
  matching claim, the denial just before (a continued quote), and denials of
  the same thing in other articles.

Candidates come from the FTS index over statement text (newest first, a
bounded number per query), never from a scan of all propositions, so ingest
cost does not grow with the store.

The package splits the work by concern: `scoring` (weights, similarity, `denial_score`),
`sides` (a speaker's party, `own_side`), `negations` (negated statements that answer a claim),
`references` (reports, demonstratives, summary lines), `stories` (one story across articles),
then the `Grouper` steps: `claims`, `answering`, `named`, `objects` and `linking`.
"""

from __future__ import annotations

from bot.ingest.grouping.answering import NegationAnswering
from bot.ingest.grouping.claims import ClaimGrouping
from bot.ingest.grouping.linking import DenialLinking
from bot.ingest.grouping.negations import ACCUSED_ANSWERS, NEGATION_LOOSE_SCORE, negation_answers
from bot.ingest.grouping.references import (
    is_report_claim,
    is_summary_line,
    refers_to_report,
    report_owner,
    summary_evidence,
)
from bot.ingest.grouping.scoring import Weights, denial_score, similarity
from bot.ingest.grouping.sides import own_side, same_voice
from bot.ingest.grouping.stories import _STORED_STORIES, _stored_stories, same_story, story_words
from bot.models import CLAIM, DENIAL, Statement
from bot.nlp.signatures import DENIAL_IN_ARTICLE_THRESHOLD, item_from_statement
from bot.store import Store

# What callers import from here (the steps' modules hold the rest).
__all__ = [
    "ACCUSED_ANSWERS",
    "DENIAL_IN_ARTICLE_THRESHOLD",
    "NEGATION_LOOSE_SCORE",
    "_STORED_STORIES",
    "Grouper",
    "Weights",
    "_stored_stories",
    "assign_propositions",
    "denial_score",
    "is_report_claim",
    "is_summary_line",
    "negation_answers",
    "own_side",
    "refers_to_report",
    "report_owner",
    "same_story",
    "same_voice",
    "similarity",
    "story_words",
    "summary_evidence",
]


class Grouper(ClaimGrouping, NegationAnswering, DenialLinking):
    """Assigns propositions and denial targets for one article's new statements."""


def assign_propositions(store: Store, article_id: int, statement_ids: list[int], statements: list[Statement]) -> None:
    """Give each new statement of an article its proposition and each denial its target.

    Runs inside the article's transaction right after its statements are
    stored. Claims are grouped first, in article order (so a denial can point
    at any claim of its article); then each denial gets `denies` = the
    proposition it rejects and the same `proposition_id` (a proposition thus
    gathers the claims for it and the denials against it). A denial whose
    target is not found stays unlinked (`denies` NULL, no proposition) until a
    later article brings a matching claim, which then links it.
    """
    grouper = Grouper(store, article_id)
    grouper.items = [
        item_from_statement(sid, article_id, i, st)
        for i, (sid, st) in enumerate(zip(statement_ids, statements, strict=True))
    ]
    grouper.report_positions = {i for i, st in enumerate(statements) if st.kind == CLAIM and is_report_claim(st)}
    grouper.target_texts = {i: st.target_text or "" for i, st in enumerate(statements) if st.kind == DENIAL}
    grouper.cues = {i: st.cue for i, st in enumerate(statements)}
    grouper.summary_positions = {i for i, st in enumerate(statements) if st.kind == DENIAL and is_summary_line(st)}
    # "Norland governor denies …" above "Norland Governor Dev Ostrander denied …": a headline names
    # the speaker by role, so the body's speaker is compared as written and by role too.
    grouper.voices = {
        i: tuple(n for n in (st.speaker, st.speaker_text, st.speaker_role) if n)
        for i, st in enumerate(statements)
        if st.kind == DENIAL
    }
    grouper.claim_voices = {
        i: tuple(n for n in (st.speaker, st.speaker_text, st.speaker_role) if n)
        for i, st in enumerate(statements)
        if st.kind == CLAIM
    }
    grouper.story = story_words((st.speaker, st.entities) for st in statements)
    grouper.assign_claims(statements)
    grouper.answer_negations()
    for item, statement in zip(grouper.items, statements, strict=True):
        if item.kind == DENIAL and item.position not in grouper.flipped:
            grouper.assign_denial(item, statement.denies_index)
    grouper.relink_summaries()
    grouper.separate_own_claims(statements)
