"""Linking each denial of an article to the proposition it denies."""

from __future__ import annotations

import logging
import re

from bot.ingest.grouping.named import NamedTargets
from bot.ingest.grouping.negations import _holds
from bot.ingest.grouping.objects import ObjectTargets, _named_words
from bot.ingest.grouping.references import (
    _REPORT_WORDS,
    STRONG_IN_ARTICLE,
    _cue_noun,
    _demonstrative,
    _says_nothing,
    denied_words,
    points_back,
    refers_to_report,
)
from bot.ingest.grouping.scoring import (
    _VERDICT_CONCEPTS,
    clear_best,
    denial_score,
    similarity,
)
from bot.ingest.grouping.sides import (
    own_side,
    same_voice,
)
from bot.models import CLAIM, DENIAL, Statement
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
)
from bot.nlp.signatures import (
    DENIAL_CROSS_THRESHOLD,
    DENIAL_IN_ARTICLE_THRESHOLD,
    REFERENCE_NOUNS,
    Item,
)

log = logging.getLogger(__name__)


# A report noun followed by what it is about ("speculation over closures", "reports of a row").
_TOPIC = re.compile(
    r"\b(?:" + "|".join(sorted(_REPORT_WORDS)) + r")[\"”’]?\s+(?:about|over|on|of|that|into)\b", re.IGNORECASE
)
# Added to the fit of a claim naming the denier's party (`_denier_party`): .05 changed no set, .1 linked one
# more denial on news, .25 lost one on news6.
ACCUSED_BONUS = 0.1
# Two propositions whose best claims fit a denial within this of each other tie (all sets: .05 turned one
# wrong link on news6 into none and changed nothing else).
TIE_MARGIN = 0.05
# A denial saying this many content words of what it rejects can be checked against a claim's words.
MIN_DENIED_WORDS = 2


def says_the_same_no(denial: Item, claim: Item) -> bool:
    """Whether a claim itself negates what a denial rejects, so it agrees with the denial and is not
    what it denies: "denied there had been any fire" beside "There was no engine fire", said by the
    denier's spokeswoman under another name. Only for a denial whose negation lies in its cue (its
    words assert what it rejects); `own_side` already pairs two negations of one concept."""
    if denial.negated or not claim.negated:
        return False
    if claim.normal and claim.normal in denial.normal:
        return False  # the denial restates the claim, negation and all
    content = (denial.concepts | denial.target_concepts) - denial.entities - claim.entities - _VERDICT_CONCEPTS
    return any(_holds(c, claim.negated) for c in content)


class DenialLinking(NamedTargets, ObjectTargets):
    """Chooses the denied proposition for each denial, in the order of the rules in `_denial_target`."""

    def assign_denial(self, item: Item, denies_index: int | None) -> None:
        """Point a denial at the proposition it rejects, in the order the notes give."""
        target = self._denial_target(item, denies_index)
        item.denies = item.proposition = target
        self.store.set_statement_links(item.id, proposition=target, denies=target)

    def _denial_target(self, item: Item, denies_index: int | None) -> int | None:
        # 0. "Greystone also rejected the allegation" after "calling the allegation by his challenger a
        # hoax": a bare definite reference repeating the noun of an earlier denial denies what it did,
        # rather than whichever claim stands just before it.
        repeated = self._repeated_reference(item)
        if repeated is not None:
            log.debug("denial %r: repeats an earlier denial's reference", item.text[:60])
            return repeated
        # 1. The extractor's own target ("X claimed A, a claim Y denied").
        if denies_index is not None and 0 <= denies_index < len(self.items):
            target = self.items[denies_index]
            if target.kind == CLAIM and target.proposition is not None and not own_side(item, target):
                if not self._shares_nothing_denied(item, target):
                    log.debug("denial %r: extractor's target", item.text[:60])
                    return target.proposition
                # What it denies is not what that claim says: the rules below choose.
                log.debug("denial %r: the extractor's target shares none of what it denies", item.text[:60])
        return self._target_by_rules(item)

    def _target_by_rules(self, item: Item) -> int | None:
        """The proposition a denial denies when the extractor gave no target: the rules in order."""
        for concept in item.concepts | item.target_concepts:
            self.weights.weight(concept)
        # 1a. "The memo may have been fabricated", "dismissed the leaked memo": the claim that source made.
        sourced = self._claim_of_named_source(item)
        if sourced is not None:
            log.debug("denial %r: the claim of the source it names", item.text[:60])
            return sourced
        # 1b. "No truth in the Bellow's report": the claim of the report's named owner.
        owned = self._claim_of_report_owner(item)
        if owned is not None:
            log.debug("denial %r: the claim of the report's owner", item.text[:60])
            return owned
        # 1c. "Dismissed the engagement talk": the claim saying the words the report is named by.
        described = self._claim_of_object_words(item)
        if described is not None:
            log.debug("denial %r: the claim saying its object's words", item.text[:60])
            return described
        earlier = [c for c in self.items if c.position < item.position]
        # 2. The nearest claim of this article that matches what is denied.
        best_score, best_prop = 0.0, None
        scores: dict[int, float] = {}  # proposition -> its best claim's fit
        accused = self._denier_party(item)
        for cand in self.items:
            if cand.kind != CLAIM or cand.proposition is None or own_side(item, cand):
                continue
            if says_the_same_no(item, cand):
                continue  # it agrees with the denial: whoever said it, it is not what is denied
            score = denial_score(item, cand, self.weights)
            if cand.position < item.position:
                score += 0.05 / (1 + item.position - cand.position)
            if accused & _named_words(cand):
                score += ACCUSED_BONUS  # a claim about the denier, by another: what they most likely answer
            scores[cand.proposition] = max(scores.get(cand.proposition, 0.0), score)
            if score > best_score:
                best_score, best_prop = score, cand.proposition
        if best_prop is not None and clear_best(scores, TIE_MARGIN) is None:
            # Two claims saying different things fit alike: no link by fit rather than a coin toss.
            log.debug("denial %r: two claims fit alike", item.text[:60])
            best_prop = None
        claims_before = [c for c in earlier if c.kind == CLAIM and c.proposition is not None and not own_side(item, c)]
        # 2a. "Disputed those numbers", "rejected that account": a demonstrative points back in this article.
        if _demonstrative(item) and claims_before:
            log.debug("denial %r: demonstrative reference to the nearest claim", item.text[:60])
            return claims_before[-1].proposition
        # 2b. "No truth in the reports", "the story": the claim the article's report carries.
        if refers_to_report(item):
            reports = [
                c
                for c in self.items
                if c.position in self.report_positions and c.proposition is not None and not own_side(item, c)
            ]
            if reports and best_score < STRONG_IN_ARTICLE:
                before = [c for c in reports if c.position < item.position]
                # "said the claim was false" after "a post claims that …" and "its author wrote …":
                # the report named by the denial's own noun, when one was.
                nouns = {w.rstrip("s") for w in re.findall(r"[a-z]+", item.text.lower()) if w in _REPORT_WORDS}
                named = [c for c in before if _cue_noun(c.position, self.cues) in nouns]
                before = named or before
                if _says_nothing(item) and before:
                    # "Voltara said there was no truth in the report": the report just given.
                    best = before[-1]
                else:
                    best = max(reports, key=lambda c: (denial_score(item, c, self.weights), -c.position))
                log.debug("denial %r: the report's claim", item.text[:60])
                return best.proposition
        previous = earlier[-1] if earlier else None
        # 3. A denial right after a denial by the same speaker continues it ("It is simply impossible").
        if (
            previous is not None
            and previous.kind == DENIAL
            and previous.denies is not None
            and previous.key == item.key
            and best_score < STRONG_IN_ARTICLE
        ):
            log.debug("denial %r: continues the previous denial", item.text[:60])
            return previous.denies
        if best_prop is not None and best_score >= DENIAL_IN_ARTICLE_THRESHOLD:
            log.debug("denial %r: in-article claim %.2f", item.text[:60], best_score)
            return best_prop
        # 4. The same proposition in other articles: its claims, or denials already linked to it.
        cross = self._cross_article_target(item)
        if cross is not None:
            log.debug("denial %r: other articles", item.text[:60])
            return cross
        # 5. A bare reference ("the allegations", "this") denies the nearest earlier claim of another speaker.
        if self._is_reference(item) and claims_before:
            log.debug("denial %r: reference to the nearest claim", item.text[:60])
            return claims_before[-1].proposition
        # 5a. Nothing matches its words: a later denial by one side rejects what its earlier one in
        # this article did ("rejected figures from a charity …" … "there was no basis for the number";
        # "the commission dismissed a video …" … "the commission's chair says the clip …").
        # 5b. "X made the whole thing up": a denial naming the claimant denies X's claim, here or
        # in another article of the story.
        claimant = self._claim_of_named_claimant(item)
        if claimant is not None:
            log.debug("denial %r: the claim of the party it names", item.text[:60])
            return claimant
        # 5c. "Renn dismissed the attack as desperate": the accusation naming the denier.
        accusation = self._accusation_of_denier(item)
        if accusation is not None:
            log.debug("denial %r: the accusation naming its speaker", item.text[:60])
            return accusation
        same_speaker = [
            d.denies
            for d in earlier
            if d.kind == DENIAL and d.denies is not None and (d.key and d.key == item.key or self._one_side(d, item))
        ]
        if same_speaker and best_score < DENIAL_IN_ARTICLE_THRESHOLD and not points_back(item):
            # ("That was not true", "I don't accept that": it answers what was just said, which
            # need not be what the speaker denied before.)
            log.debug("denial %r: as the speaker's earlier denial", item.text[:60])
            return same_speaker[-1]
        # 6. Otherwise the article's main proposition: the one most of its claims carry.
        log.debug("denial %r: main proposition (best in-article %.2f)", item.text[:60], best_score)
        return self._main_proposition(item)

    def _shares_nothing_denied(self, item: Item, target: Item) -> bool:
        """Whether a denial that names what it rejects in two content words or more ("dismissed the
        engagement talk", "Ostrow wants to leave in January") shares none of them, nor any other
        word of its own ("has never lobbied for any trade agreement": the verb), with a claim."""
        named = denied_words(item)
        bare_report = refers_to_report(item) and not _TOPIC.search(item.text)
        if len(named) < MIN_DENIED_WORDS or _says_nothing(item) or bare_report:
            # "the report a lie from start to finish": the verdict's words say no content; "speculation
            # about mass closures" says its topic.
            return False
        return not any(_holds(c, target.concepts) for c in named | denied_words(item, whole=True))

    def relink_summaries(self) -> None:
        """A headline or entry-title denial restates a denial its body gives in full: when a later
        denial of the same side shares what is denied, the summary denies what that one denies
        ("Ministry denies troops on the move" above "the ministry denied reports that troops were
        moving to the border")."""
        for item in self.items:
            if item.kind != DENIAL or item.position not in self.summary_positions:
                continue
            body = [
                later
                for later in self.items
                if later.kind == DENIAL
                and later.position > item.position
                and later.position not in self.summary_positions
                and any(same_voice(item.speaker, name) for name in self.voices.get(later.position, (later.speaker,)))
            ]
            for n, later in enumerate(body):
                # The voice's first denial in the body is the lede the headline condenses, whatever
                # its words ("denies taking mining money" / "denied … received $400,000 … in return
                # for approving a mine"); a later one must share what is denied.
                lede = n == 0
                if lede and later.denies == item.denies:
                    break
                if (
                    later.denies is None
                    or later.denies == item.denies
                    or not lede
                    and similarity(item, later, self.weights, for_denial=True, min_shared=1) <= 0
                ):
                    continue
                log.debug("summary denial %r: as the body's denial %r", item.text[:60], later.text[:60])
                old = item.denies
                item.denies = item.proposition = later.denies
                self.store.set_statement_links(item.id, proposition=later.denies, denies=later.denies)
                if old is not None:
                    self.store.delete_unused_propositions([old])
                break

    def separate_own_claims(self, statements: list[Statement]) -> None:
        """A claim this article's denier makes on their own side leaves the proposition they deny.

        Claims are grouped before denials are linked, by shared words: "No land has been
        sold" joins "the council is preparing to sell the park" through "sell". When the
        same side denies that proposition in the same article, their claim cannot be
        asserting it (the denial's own words say the opposite), so it starts a proposition
        of its own rather than showing the denier on both sides.
        """
        denials = [d for d in self.items if d.kind == DENIAL and d.denies is not None]
        if not denials:
            return
        for claim, st in zip(self.items, statements, strict=True):
            if claim.kind != CLAIM or claim.proposition is None:
                continue
            if any(d.denies == claim.proposition and own_side(d, claim) for d in denials):
                log.debug("claim %r: on the side denying its proposition, grouped alone", claim.text[:60])
                claim.proposition = self.store.create_proposition(st.text, st.speaker, st.lemmas, st.entities)
                self.store.set_statement_links(claim.id, proposition=claim.proposition, denies=None)
                self.stored.pop(claim.id, None)

    def _cross_article_target(self, item: Item) -> int | None:
        """The proposition other articles' claims (or denials already linked) say `item` denies."""
        best_score, best_prop = 0.0, None
        query = item
        named = item.target_concepts - REFERENCE_NOUNS - ALLEGATION_NOUNS - _VERDICT_CONCEPTS
        if len(named) >= 2:
            # "The anglers' count of 4,000 dead fish has been called exaggerated by the firm's lawyers":
            # the object of the verdict says what is denied; the verdict and who gave it do not, and
            # among the rarest words they would crowd out the ones the denied claim shares.
            query = item.linked(item.proposition, item.denies)
            query.concepts = item.target_concepts
        for cand in self.candidates(query, extra=item.target_concepts):
            if not self._same_story(cand.article_id):
                continue
            if cand.kind == CLAIM and cand.proposition is not None:
                if own_side(item, cand) or says_the_same_no(item, cand):
                    continue
                score = denial_score(query, cand, self.weights)
                prop = cand.proposition
            elif cand.kind == DENIAL and cand.denies is not None:
                score = denial_score(query, cand, self.weights)
                prop = cand.denies
            else:
                continue
            if score > best_score:
                best_score, best_prop = score, prop
        return best_prop if best_score >= DENIAL_CROSS_THRESHOLD else None

    def _main_proposition(self, item: Item) -> int | None:
        """The proposition most of the article's claims by other speakers carry (two at least)."""
        counts: dict[int, int] = {}
        for cand in self.items:
            if cand.kind == CLAIM and cand.proposition is not None and not own_side(item, cand):
                counts[cand.proposition] = counts.get(cand.proposition, 0) + 1
        if not counts or max(counts.values()) < 2:
            return None
        return max(counts, key=lambda p: (counts[p], -p))
