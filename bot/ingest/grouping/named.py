"""Denial targets found by what a denial names: a repeated reference, a source, a report's owner, a claimant."""

from __future__ import annotations

import re

from bot.ingest.grouping.base import GrouperBase
from bot.ingest.grouping.negations import (
    _NEGATING,
)
from bot.ingest.grouping.references import (
    _REPORT_WORDS,
    _says_nothing,
    report_owner,
)
from bot.ingest.grouping.scoring import (
    denial_score,
    similarity,
)
from bot.ingest.grouping.sides import (
    _CLAIMANT_NAME,
    _NOT_A_PARTY,
    _party_words,
    own_side,
    same_voice,
)
from bot.models import CLAIM, DENIAL
from bot.nlp.extract.denials import speaker_surname
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
    CLAIM_CARRIER_NOUNS,
    REPORT_NOUNS,
)
from bot.nlp.signatures import (
    CANDIDATES_PER_QUERY,
    DENIAL_CROSS_THRESHOLD,
    REFERENCE_NOUNS,
    Item,
)


class NamedTargets(GrouperBase):
    """The claim a denial denies, found through what it names rather than its words."""

    def _one_side(self, a: Item, b: Item) -> bool:
        """Whether two denials of this article speak for one party: one voice (as named, written or
        by role), or a role naming the other's party ("The commission's chair" for "electoral
        commission", "Quorrel spokeswoman" for "Quorrel Systems")."""
        names_a, names_b = self._party_names(a), self._party_names(b)
        return any(same_voice(x, y) for x in names_a for y in names_b)

    def _party_names(self, item: Item) -> list[str]:
        """A denial's speaker names and the party its role speaks for ("commission's chair" -> "commission")."""
        names = list(self.voices.get(item.position, (item.speaker,)))
        for name in list(names):
            owner = re.match(r"(?:the\s+|its\s+|their\s+)?([A-Za-z][\w -]*?)['’]s\s+\w+", name, re.IGNORECASE)
            if owner:
                names.append(owner.group(1))
            names.extend(sorted(_party_words(name)))
        return [n for n in names if n.lower() not in _NOT_A_PARTY and n.lower() not in ("he", "she", "it", "they")]

    def _reference_noun(self, item: Item) -> str | None:
        """The allegation noun a content-less denial names its object by, when it is definite
        ("the allegation", "the claims"; not "a claim", "that account" or "the union's account")."""
        target = self.target_texts.get(item.position)
        # The object named apart from the verdict ("the allegations" of "… as a desperate hoax").
        bare = item.target_concepts <= ALLEGATION_NOUNS | REFERENCE_NOUNS if target else self._is_reference(item)
        if not bare:
            return None
        words = re.findall(r"[a-z'’]+", (target or item.text).lower())
        for before, word in zip(["", *words], words, strict=False):
            noun = word[:-1] if word.endswith("s") and word[:-1] in ALLEGATION_NOUNS else word
            if noun in ALLEGATION_NOUNS:
                return noun if before == "the" else None
        return None

    def _repeated_reference(self, item: Item) -> int | None:
        """What an earlier denial of this article denies when it named its object by the same noun."""
        noun = self._reference_noun(item)
        if noun is None:
            return None
        for earlier in reversed(self.items[: item.position]):
            if earlier.kind != DENIAL or earlier.denies is None:
                continue
            words = re.findall(r"[a-z]+", (self.target_texts.get(earlier.position) or earlier.text).lower())
            if noun in words or noun + "s" in words:
                return earlier.denies
        # Else a denial of this story in another article that names it alike ("dismissed the
        # allegations as a desperate hoax" / "calling the allegation by his challenger a desperate hoax").
        best_score, best_prop = 0.0, None
        for cand in self.candidates(item, extra=item.target_concepts):
            if cand.kind != DENIAL or cand.denies is None or not self._same_story(cand.article_id):
                continue
            if noun not in cand.concepts and noun not in cand.target_concepts:
                continue
            score = similarity(item, cand, self.weights, for_denial=True)
            if score > best_score:
                best_score, best_prop = score, cand.denies
        return best_prop if best_score >= DENIAL_CROSS_THRESHOLD else None

    def _claim_of_named_source(self, item: Item) -> int | None:
        """The proposition of this article's claim made by the document a denial names as what it
        rejects ("the memo" -> the claim of "a leaked memo"), when exactly one source fits."""
        words = re.findall(r"[a-z]+", self.target_texts.get(item.position, "").lower())
        nouns = {w for w in words[:4] if w in CLAIM_CARRIER_NOUNS}
        if not nouns:
            return None
        fits = [
            c
            for c in self.items
            if c.kind == CLAIM
            and c.proposition is not None
            and not own_side(item, c)
            and nouns & set(re.findall(r"[a-z]+", c.speaker.lower()))
        ]
        props = {c.proposition for c in fits}
        if fits:
            return fits[0].proposition if len(props) == 1 else None
        # "Dismissed the leaked memo reported by NBS News": the memo was quoted by another outlet
        # of this story. Its claims there, the one the denial's words fit best (the first on a tie).
        ids = self.store.claim_ids_by_speaker_word(sorted(nouns), limit=CANDIDATES_PER_QUERY)
        self._read([sid for sid in ids if sid not in self.seen])
        stored = [
            c
            for sid in sorted(ids)
            if (c := self.seen.get(sid)) is not None
            and c.kind == CLAIM
            and c.proposition is not None
            and c.article_id != self.article_id
            and nouns & set(re.findall(r"[a-z]+", c.speaker.lower()))
            and not own_side(item, c)
            and self._same_story(c.article_id)
        ]
        if not stored:
            return None
        return max(stored, key=lambda c: (denial_score(item, c, self.weights), -c.id)).proposition

    def _claim_of_report_owner(self, item: Item) -> int | None:
        """The proposition of the claim made by the one a denial names as a report's owner ("no truth
        in the Courier's report", "the Courier's story was false"): in this article, else in another
        article of the same story; the claim the denial's words fit best."""
        owner = report_owner(item.text)
        if owner is None:
            return None
        word = re.compile(r"\b" + re.escape(owner) + r"\b", re.IGNORECASE)
        mine = [
            c
            for c in self.items
            if c.kind == CLAIM and c.proposition is not None and word.search(c.speaker) and not own_side(item, c)
        ]
        if not mine:
            ids = self.store.claim_ids_by_speaker_word([owner.lower()], limit=CANDIDATES_PER_QUERY)
            self._read([sid for sid in ids if sid not in self.seen])
            mine = [
                c
                for sid in sorted(ids)
                if (c := self.seen.get(sid)) is not None
                and c.kind == CLAIM
                and c.proposition is not None
                and c.article_id != self.article_id
                and word.search(c.speaker)
                and not own_side(item, c)
                and self._same_story(c.article_id)
            ]
        if not mine:
            return None
        # What the report said has content of its own ("stood by its story" names the report only).
        # A denial that names the report and nothing else means its main claim, the one given
        # first; one that says what it rejects means the claim its words fit best.
        contentful = [c for c in mine if len(c.concepts - _REPORT_WORDS - REPORT_NOUNS) >= 2] or mine
        if _says_nothing(item):
            return min(contentful, key=lambda c: (c.article_id != self.article_id, c.id, c.position)).proposition
        return max(contentful, key=lambda c: (denial_score(item, c, self.weights), -c.position, -c.id)).proposition

    def _claim_of_named_claimant(self, item: Item) -> int | None:
        """The proposition of a claim whose speaker a denial that matches nothing by its words names
        by surname ("Varnia made the whole thing up", "X knows it is not true"), the denier's own
        names apart: in this article, else in another article of the same story; the claim the
        denial's words fit best, the first on a tie. A claim that negates is left out (more likely
        a fellow denier's)."""
        own = {speaker_surname(n) for n in self.voices.get(item.position, (item.speaker,))}
        names = {w for w in _CLAIMANT_NAME.findall(item.text)} - own - {None}
        if not names:
            return None

        def fits(c: Item) -> bool:
            return (
                c.kind == CLAIM
                and c.proposition is not None
                and speaker_surname(c.speaker) in names
                and not own_side(item, c)
                and not _NEGATING.search(c.text)
            )

        mine = [c for c in self.items if fits(c)]
        if not mine:
            ids = self.store.claim_ids_by_speaker_word(sorted(n.lower() for n in names), limit=CANDIDATES_PER_QUERY)
            self._read([sid for sid in ids if sid not in self.seen])
            mine = [
                c
                for sid in sorted(ids)
                if (c := self.seen.get(sid)) is not None
                and c.article_id != self.article_id
                and fits(c)
                and self._same_story(c.article_id)
            ]
        if not mine:
            return None
        # Words first; a denial saying nothing more ("the whole thing") means the claimant's main
        # claim: the proposition most of their claims carry, then the first.
        carried: dict[int | None, int] = {}
        for c in mine:
            carried[c.proposition] = carried.get(c.proposition, 0) + 1
        return max(
            mine,
            key=lambda c: (
                similarity(item, c, self.weights, for_denial=True, min_shared=1),
                carried[c.proposition],
                -c.article_id,
                -c.position,
            ),
        ).proposition
