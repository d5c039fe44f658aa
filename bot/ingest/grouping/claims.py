"""Grouping an article's claims into propositions, and moving stored denials to the claims they fit."""

from __future__ import annotations

import logging

from bot.ingest.grouping.base import GrouperBase
from bot.ingest.grouping.references import (
    RELINK_MARGIN,
    RELINK_SCORE,
    _anaphoric,
    summary_evidence,
)
from bot.ingest.grouping.scoring import (
    Weights,
    _continues,
    denial_score,
    similarity,
)
from bot.ingest.grouping.sides import (
    own_side,
    same_voice,
)
from bot.models import CLAIM, DENIAL, Statement
from bot.nlp.signatures import (
    CLAIM_THRESHOLD,
    CONTINUATION_THRESHOLD,
    DENIAL_CROSS_THRESHOLD,
    MERGE_THRESHOLD,
    SAME_SPEAKER_BONUS,
    SIGNATURE_SIZE,
    Item,
    item_from_row,
)

log = logging.getLogger(__name__)


class ClaimGrouping(GrouperBase):
    """Claims join or start propositions; stored denials waiting for a claim are linked to it."""

    def assign_claims(self, statements: list[Statement]) -> None:
        """Group the article's claims among themselves, then join each group to a stored proposition.

        Claims of this article that say the same thing form one group whatever
        their order (a headline before the paragraph it summarises); a group
        joins the stored proposition its best member matches, else starts one.
        """
        claims = [(item, st) for item, st in zip(self.items, statements, strict=True) if item.kind == CLAIM]
        for item, _st in claims:
            for concept in item.concepts:
                self.weights.weight(concept)
        group = list(range(len(claims)))

        def root(i: int) -> int:
            while group[i] != i:
                group[i] = group[group[i]]
                i = group[i]
            return i

        for i, (a, _) in enumerate(claims):
            for j in range(i + 1, len(claims)):
                b = claims[j][0]
                if _same_article_score(a, b, self.weights) >= CLAIM_THRESHOLD or (
                    _continues(a, b) and similarity(a, b, self.weights, min_shared=1) >= CONTINUATION_THRESHOLD
                ):
                    group[root(j)] = root(i)
        waiting: dict[int, Item] = {}
        best: dict[int, tuple[float, int | None]] = {}
        strong: dict[int, dict[int, list[Item]]] = {}  # per group, stored propositions it matches strongly
        for i, (item, _st) in enumerate(claims):
            r = root(i)
            for score, prop, member in self._stored_matches(item, waiting):
                if score >= CLAIM_THRESHOLD and score > best.get(r, (0.0, None))[0]:
                    best[r] = (score, prop)
                if score >= MERGE_THRESHOLD:
                    strong.setdefault(r, {}).setdefault(prop, []).append(member)
        # A group that strongly matches several stored propositions shows they say one thing:
        # they were split only because the articles linking them came later. Only when claims
        # of theirs also match each other: a generic claim ("the campaign goes on") matches
        # many unrelated ones, and folding them all would chain the store into one group.
        for r, props in strong.items():
            found = best.get(r, (0.0, None))[1]
            keep, anchors = self._current(found), props.get(found, []) if found is not None else []
            others = {
                c
                for p, members in props.items()
                if (c := self._current(p)) is not None
                and c != keep
                and any(similarity(a, m, self.weights) >= MERGE_THRESHOLD for a in anchors for m in members)
            }
            if keep is not None and others:
                self._merge(keep, others)
        propositions: dict[int, int] = {}
        joined: dict[int, list[Statement]] = {}  # propositions that gained statements
        for i, (item, st) in enumerate(claims):
            r = root(i)
            found = self._current(best.get(r, (0.0, None))[1])
            if r not in propositions:
                propositions[r] = (
                    found
                    if found is not None
                    else self.store.create_proposition(st.text, st.speaker, st.lemmas, st.entities)
                )
            item.proposition = propositions[r]
            if found is not None or r != i:
                joined.setdefault(item.proposition, []).append(st)
        # One statement for all the links: nothing above reads them back.
        self.store.set_statement_links_many((item.id, item.proposition, None) for item, _st in claims)
        for proposition, members in joined.items():
            self._grow_signature(proposition, members)
        self._link_waiting_denials([item for item, _st in claims], list(waiting.values()))
        self._relink_better_matches([item for item, _st in claims])

    def _stored_matches(self, item: Item, waiting: dict[int, Item]) -> list[tuple[float, int, Item]]:
        """Best score per stored proposition (other articles) whose claims match `item`, and the claim.

        Also collects the stored denials that wait for a claim to deny.
        """
        found = self.candidates(item)
        # Denials whose claim is gone (its article was replaced) wait like unlinked ones.
        orphaned = self.store.claimless_propositions(
            c.denies for c in found if c.kind == DENIAL and c.denies is not None
        )
        scores: dict[int, float] = {}
        members: dict[int, Item] = {}
        for cand in found:
            if cand.kind == DENIAL and (cand.denies is None or cand.denies in orphaned):
                waiting[cand.id] = cand
            elif cand.kind == DENIAL:
                self.linked_denials[cand.id] = cand  # may deny a claim of this article better
            # Only claims: a claim worded like a denial stands on the other side of its proposition.
            if cand.kind != CLAIM or cand.proposition is None:
                continue
            score = similarity(item, cand, self.weights)
            if score > scores.get(cand.proposition, 0.0):
                scores[cand.proposition], members[cand.proposition] = score, cand
        ranked = sorted(
            ((score, prop, members[prop]) for prop, score in scores.items()), key=lambda m: m[:2], reverse=True
        )
        log.debug("claim %r: best %s", item.text[:60], [m[:2] for m in ranked[:2]])
        return ranked

    def _current(self, proposition: int | None) -> int | None:
        """A proposition id after the merges made so far (a merged one resolves to where it went)."""
        while proposition is not None and proposition in self.merged_into:
            proposition = self.merged_into[proposition]
        return proposition

    def _merge(self, keep: int, others: set[int]) -> None:
        """Fold stored propositions into `keep`, here and in the statements already read."""
        for other in others:
            self.merged_into[other] = keep
        rows = self.store.propositions([keep, *others])
        rows.sort(key=lambda row: row["id"] != keep)
        lemmas = set(list(dict.fromkeys(lemma for row in rows for lemma in row["lemmas"]))[:SIGNATURE_SIZE])
        entities = set(list(dict.fromkeys(entity for row in rows for entity in row["entities"]))[:SIGNATURE_SIZE])
        self.store.merge_propositions(keep, others)
        self.store.update_proposition_signature(keep, lemmas, entities)
        for cached in self.seen.values():
            if cached.proposition in others:
                cached.proposition = keep
            if cached.denies in others:
                cached.denies = keep
        log.debug("merged propositions %s into %s", sorted(others), keep)

    def _grow_signature(self, proposition: int, statements: list[Statement]) -> None:
        """Add joining statements' lemmas and entities to the proposition's signature (bounded)."""
        rows = self.store.propositions([proposition])
        if not rows:
            return
        old_lemmas, old_entities = rows[0]["lemmas"], rows[0]["entities"]
        lemmas, entities = (
            _bounded_union(old_lemmas, statements, "lemmas"),
            _bounded_union(old_entities, statements, "entities"),
        )
        if len(lemmas) != len(old_lemmas) or len(entities) != len(old_entities):
            self.store.update_proposition_signature(proposition, lemmas, entities)

    def _link_waiting_denials(self, claims: list[Item], waiting: list[Item]) -> None:
        """Denials stored before the claim they deny (other articles) now point at the best match."""
        abandoned = []
        for denial in waiting:
            if not self._same_story(denial.article_id):
                continue  # a denial of another story waits for a claim of its own story
            best_score, best_prop = 0.0, None
            for claim in claims:
                if own_side(denial, claim):
                    continue  # speakers do not deny their own side's claims
                score = denial_score(denial, claim, self.weights)
                if score > best_score:
                    best_score, best_prop = score, claim.proposition
            if best_prop is not None and best_score >= DENIAL_CROSS_THRESHOLD and best_prop != denial.denies:
                if denial.denies is not None:
                    abandoned.append(denial.denies)
                self.store.set_statement_links(denial.id, proposition=best_prop, denies=best_prop)
                denial.denies = denial.proposition = best_prop
        self.store.delete_unused_propositions(abandoned)

    def _relink_better_matches(self, claims: list[Item]) -> None:
        """Stored denials that a claim of this article fits far better than what they were linked to
        when they were ingested now deny it: what a denial denies is the claim its content matches
        best, whichever outlet printed it first ("denied that his campaign had received $400,000 in
        return for approving a mine", linked to a filing's "$400,000", meets "he approved a mine in
        exchange for campaign cash")."""
        linked = [d for d in self.linked_denials.values() if d.denies is not None and d.article_id != self.article_id]
        if not linked or not claims:
            return
        current = {
            row["id"]: row for row in self.store.propositions({d.denies for d in linked if d.denies is not None})
        }
        # One story: the denial or what it denies names someone or something this article names.
        here = {e.lower() for item in self.items for e in item.entities}
        linked = [d for d in linked if self._same_story(d.article_id)]
        abandoned = []
        for denial in linked:
            row = current.get(denial.denies)
            named = {e.lower() for e in [*denial.entities, *((row or {}).get("entities") or ())]}
            if row is None or not named & here or _anaphoric(denial) or self._is_reference(denial):
                continue  # "any such agreement", "those numbers", "the allegations" point into their own article
            best_score, best_prop = 0.0, None
            for claim in claims:
                if claim.proposition is None or claim.proposition == denial.denies or own_side(denial, claim):
                    continue
                score = denial_score(denial, claim, self.weights)
                if score > best_score:
                    best_score, best_prop = score, claim.proposition
            if best_prop is None or best_score < RELINK_SCORE:
                continue
            was = item_from_row(
                {
                    "id": -1,
                    "article_id": -1,
                    "kind": CLAIM,
                    "speaker": row.get("speaker") or "",
                    "text": row.get("text") or "",
                    "lemmas": row.get("lemmas") or (),
                    "entities": row.get("entities") or (),
                }
            )
            if best_score < denial_score(denial, was, self.weights) + RELINK_MARGIN:
                continue
            log.debug("stored denial %r: re-linked to a better claim %.2f", denial.text[:60], best_score)
            abandoned.append(row["id"])
            self.store.set_statement_links(denial.id, proposition=best_prop, denies=best_prop)
            # What followed it in its article follows it: its continuation ("…, calling the allegation a
            # hoax": the next statement, by the same speaker, that denied the same thing) and later
            # denials that named it only by reference ("Greystone also rejected the allegation").
            for follower in self._article_followers(denial):
                self.store.set_statement_links(follower.id, proposition=best_prop, denies=best_prop)
                self.stored.pop(follower.id, None)
            denial.denies = denial.proposition = best_prop
        self.store.delete_unused_propositions(abandoned)

    def _article_followers(self, denial: Item) -> list[Item]:
        """Denials of a stored denial's article that deny what it denies because they go with it: the
        very next statement by the same speaker, a later content-less reference to it, or a headline
        of the same voice that restates it."""
        rows = {r["id"]: r for r in self.store.statements(article=denial.article_id, kind=DENIAL)}
        me = rows.get(denial.id) or {}
        names = [n for n in (me.get("speaker"), me.get("speaker_text"), me.get("speaker_role")) if n]
        # A headline restating it ("Governor denies taking mining money") moves with it too.
        summaries = {
            sid
            for sid, r in rows.items()
            if sid < denial.id
            and summary_evidence(r.get("evidence") or "")
            and any(same_voice(r.get("speaker") or "", n) for n in names)
        }
        wanted = [sid for sid in rows if sid > denial.id or sid in summaries]
        out = []
        for row in self.store.grouping_statements(wanted):
            if row.get("denies") != denial.denies:
                continue
            follower = item_from_row(row)
            continues = row["id"] == denial.id + 1 and follower.key == denial.key
            if continues or row["id"] in summaries or self._is_reference(follower):
                out.append(follower)
        return out


def _same_article_score(a: Item, b: Item, weights: Weights) -> float:
    """How alike two claims of one article are; one speaker adds nothing unless they are next to each other.

    Across outlets one speaker makes a paraphrase likely, and so does a report followed by its
    quote ("X said Y." then "'…', she said"). Further apart in one article, one speaker's claims
    are mostly two points of one account ("kept a list of donors' children" … "was offered a
    place with lower grades"), so one voice is no evidence that they say one thing.
    """
    score = similarity(a, b, weights)
    if a.key and a.key == b.key and abs(a.position - b.position) > 1 and a.normal != b.normal:
        score -= SAME_SPEAKER_BONUS
    return score


def _bounded_union(old: list[str], statements: list[Statement], attribute: str) -> set[str]:
    """A signature grown by the statements' lemmas or entities, up to `SIGNATURE_SIZE` words.

    A proposition many outlets carry would otherwise gather every word they
    use, and its signature would grow with the store.
    """
    out = set(old)
    for statement in statements:
        for word in getattr(statement, attribute):
            if len(out) >= SIGNATURE_SIZE:
                return out
            out.add(word)
    return out
