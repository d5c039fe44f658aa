"""Negated claims read as denials of the claim they answer, in this article or a stored one."""

from __future__ import annotations

import logging

from bot.ingest.grouping.base import GrouperBase
from bot.ingest.grouping.negations import (
    ACCUSED_ANSWERS,
    NEGATION_LOOSE_SCORE,
    _accused_fit,
    _claim_cue,
    _may_answer,
    corrected_figure,
    corrects_figure_of,
    may_deny,
    negation_answers,
)
from bot.ingest.grouping.scoring import (
    denial_score,
)
from bot.ingest.grouping.sides import (
    _party_of,
    _unnamed_voice,
    own_side,
)
from bot.models import CLAIM, DENIAL
from bot.nlp.signatures import (
    Item,
    normalise_lemma,
)

log = logging.getLogger(__name__)


class NegationAnswering(GrouperBase):
    """Flips a negated claim into a denial of the claim it answers."""

    def answer_negations(self) -> None:
        """Claims that say another party's claim with its polarity flipped become denials of it.

        "It never happened" and "X is not married" were stored as claims: the
        extractor sees only their own article, and the claim they answer is
        often printed by another outlet. Here other articles of the story are
        visible: a negated claim of this article whose content another
        party's claim asserts (`negation_answers`), in this article or a
        stored one of the same story, denies that claim; and a stored negated
        claim that a new claim of this article asserts denies the new one.
        """
        for item in self.items:
            if item.kind != CLAIM or not may_deny(item) or item.proposition is None:
                continue
            # A corrected figure says which claim it answers by the figure itself, whoever gives it.
            if _claim_cue(self.cues.get(item.position, "")) or (
                _unnamed_voice(item.speaker) and corrected_figure(item) is None
            ):
                continue
            found = [c for c in self.items if c is not item and c.kind == CLAIM]
            # The word test first: reading a stored article's story loads all its statements.
            found += [
                c
                for c in self.candidates(item, names=True)
                if c.kind == CLAIM and _may_answer(item, c) and self._same_story(c.article_id)
            ]
            target = self._answered_claim(item, found)
            if target is None and ACCUSED_ANSWERS:
                target = self._accused_answer(item, self.claim_voices.get(item.position, (item.speaker,)))
            if target is not None:
                log.debug("negated claim %r: denies %r", item.text[:60], target.text[:60])
                self._flip(item, target)
                self.flipped.add(item.position)
        for claim in self.items:
            if claim.kind != CLAIM or claim.negated or claim.proposition is None:
                continue
            # Only stored negated claims can answer it: the others are not read for it.
            for cand in self.negated_claim_candidates(claim, names=True):
                word_fit = _may_answer(cand, claim)
                if not word_fit and not (ACCUSED_ANSWERS and _accused_fit(cand, claim, (cand.speaker,))):
                    continue
                if not self._same_story(cand.article_id):
                    continue
                if _claim_cue(self.stored_cues.get(cand.id, "")) or (
                    _unnamed_voice(cand.speaker) and corrected_figure(cand) is None
                ):
                    continue
                answered = self._answered_claim(cand, [claim]) if word_fit else None
                if answered is None and ACCUSED_ANSWERS and not word_fit:
                    answered = self._accused_answer(cand, (cand.speaker,), [claim])
                if answered is claim:
                    log.debug("stored negated claim %r: denies %r", cand.text[:60], claim.text[:60])
                    self._flip(cand, claim)

    def _answered_claim(self, negated: Item, claims: list[Item]) -> Item | None:
        """The claim of another party a negated claim answers, the one its words fit best; None when
        none fits, or when claims of two different propositions fit equally well."""
        usable = [
            c
            for c in claims
            if c.proposition is not None and c.proposition != negated.proposition and not own_side(negated, c)
        ]
        fits = [c for c in usable if negation_answers(negated, c) or corrects_figure_of(negated, c)]
        if fits:
            scored = sorted(((denial_score(negated, c, self.weights), c) for c in fits), key=lambda p: -p[0])
        else:
            # Else one adding words of its own, when it fits the claim well.
            loose = [c for c in usable if negation_answers(negated, c, loose=True)]
            scored = sorted(((denial_score(negated, c, self.weights), c) for c in loose), key=lambda p: -p[0])
            scored = [(score, c) for score, c in scored if score >= NEGATION_LOOSE_SCORE]
        if not scored:
            return None
        if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1].proposition != scored[0][1].proposition:
            return None
        return scored[0][1]

    def _accused_answer(self, negated: Item, voices: tuple[str, ...], claims: list[Item] | None = None) -> Item | None:
        """The claim about the party a flat negation speaks for that it answers (`_accused_fit`): in this
        article or a stored one of the story, the one its words fit best; None when none fits or two
        claims of different propositions fit equally well."""
        if claims is None:
            claims = [c for c in self.items if c is not negated and c.kind == CLAIM]
            # The party counts as a word shared: the claim names it, the negation may only speak for it.
            party = frozenset(normalise_lemma(w) for w in _party_of(voices))
            claims += [
                c
                for c in self.candidates(negated, extra=party, names=True)
                if c.kind == CLAIM and _accused_fit(negated, c, voices) and self._same_story(c.article_id)
            ]
        usable = [
            c
            for c in claims
            if c.proposition is not None
            and c.proposition != negated.proposition
            and not own_side(negated, c)
            and _accused_fit(negated, c, voices)
        ]
        if not usable:
            return None
        scored = sorted(((denial_score(negated, c, self.weights), c) for c in usable), key=lambda p: -p[0])
        if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1].proposition != scored[0][1].proposition:
            return None
        log.debug("negated claim %r: answers a claim about its own party", negated.text[:60])
        return scored[0][1]

    def _flip(self, item: Item, claim: Item) -> None:
        """Store a claim as a denial of `claim`'s proposition (here and in the caches)."""
        old = item.proposition
        item.kind = DENIAL
        item.denies = item.proposition = claim.proposition
        self.store.set_statement_kind(item.id, DENIAL)
        self.store.set_statement_links(item.id, proposition=claim.proposition, denies=claim.proposition)
        self.stored.pop(item.id, None)
        if old is not None and old != claim.proposition:
            self.store.delete_unused_propositions([old])
