"""Denials: which claim of the article a denial denies.

The denial rules live in modules by kind: verdicts and refusals (`verdicts`), flat negations
(`flat_negations`), denials of a report (`report_denials`), denials beside the cue rules
(`added_denials`), shared helpers (`denial_parse`) and their word lists and switches
(`denial_words`). Their public names are importable from here too, where callers have always found them.
"""

from __future__ import annotations

import re

from bot.models import CLAIM, DENIAL, Statement
from bot.nlp.extract.added_denials import denial_headline, spoken_denials, trailing_which_denials
from bot.nlp.extract.content import names_a_figure
from bot.nlp.extract.cues import overlaps
from bot.nlp.extract.denial_parse import carries_negation, content_tokens, norm, same_stem
from bot.nlp.extract.denial_words import (
    NEGATION_FORMS,
    SECOND_ROUND_FORMS,
    TARGET_FILLER,
    TARGET_VERDICT_WORDS,
)
from bot.nlp.extract.flat_negations import asserted_below, contradicted_claim, flat_negation, in_headline
from bot.nlp.extract.report_denials import reported_claims
from bot.nlp.extract.structures import Candidate
from bot.nlp.extract.verdicts import denial_reference, refused_account, unproven, untrue_to_say
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
    CLAIM_CARRIER_NOUNS,
    COMMITMENT_WORDS,
    DENIAL_IDIOM_NOUNS,
    FALSITY_WORDS,
    NO_EVIDENCE_NOUNS,
    PUBLISHED_NOUNS,
    REPORT_NOUNS,
)

# The names callers import from this module; most are defined in the modules above.
__all__ = [
    "NEGATION_FORMS",
    "SECOND_ROUND_FORMS",
    "TARGET_VERDICT_WORDS",
    "asserted_below",
    "content_tokens",
    "contradicted_claim",
    "denial_headline",
    "denial_reference",
    "denied_claim",
    "flat_negation",
    "in_headline",
    "named_claimant_claims",
    "norm",
    "refused_account",
    "reported_claims",
    "speaker_surname",
    "spoken_denials",
    "trailing_which_denials",
    "unproven",
    "untrue_to_say",
]


def _names_content(target: str | None) -> bool:
    """Whether a denial's target says what was claimed ("claims of a half-time row"), beyond
    naming a claim ("the story", "these allegations")."""
    words = re.findall(r"[a-z]+", (target or "").lower())
    if "of" not in words and "that" not in words[1:]:
        return False
    content = [w for w in words if w not in TARGET_FILLER and w.rstrip("s") not in ALLEGATION_NOUNS | REPORT_NOUNS]
    return len(content) >= 2


def _named_carrier(target: str | None) -> str | None:
    """The document a denial's target names in its first words ("the leaked memo reported by …")."""
    words = re.findall(r"[a-z]+", (target or "").lower())[:4]
    return next((w for w in words if w in CLAIM_CARRIER_NOUNS), None)


def _target_words(target: str | None) -> frozenset[str]:
    """The content words of a denied phrase the parse gave none for ("no basis whatsoever for the
    contamination claim" -> {"contamination"}): neither filler, verdict, nor a name for a claim."""
    words = re.findall(r"[a-z]+(?:['’]s?)?", (target or "").lower())
    # Only a phrase naming a claim by its content ("the contamination claim"), not a statement
    # itself or a claim named by its owner ("the militants' statement": the owner's claim).
    if not any(w.rstrip("s") in ALLEGATION_NOUNS | REPORT_NOUNS for w in words):
        return frozenset()
    return frozenset(
        w
        for w in words
        if len(w) > 3
        and not w.endswith(("'", "’", "'s", "’s"))
        and w not in TARGET_FILLER | TARGET_VERDICT_WORDS
        and w.rstrip("s") not in ALLEGATION_NOUNS | REPORT_NOUNS | DENIAL_IDIOM_NOUNS | NO_EVIDENCE_NOUNS
        and w not in FALSITY_WORDS
    )


_NAME = re.compile(r"\b[A-Z][a-z][\w'’-]+")


def speaker_surname(speaker: str) -> str | None:
    """The last capitalised word of a speaker's name, by which a denial names them ("Cllr Lewis
    Grendon" -> "Grendon"; "Varnia" -> "Varnia"); None for a description ("the union")."""
    words = [re.sub(r"['’]s$", "", w) for w in _NAME.findall(speaker)]
    return words[-1] if words else None


def named_claimant_claims(denial: Statement, claims: list[tuple[int, Statement]]) -> list[int]:
    """Indices of the claims whose speaker the denial's words name by surname, the denier's own
    names apart: "X made the whole thing up", "X knows it is not true" reject what X claimed. A
    claim that negates is left out: it is more likely a fellow denier's than the accusation."""
    own = {speaker_surname(n) for n in (denial.speaker, denial.speaker_text or "", *denial.speaker_aliases) if n}
    named = {w for w in _NAME.findall(denial.text)}
    out = []
    for j, st in claims:
        surname = speaker_surname(st.speaker or "")
        if surname and surname in named and surname not in own and not carries_negation(st):
            out.append(j)
    return out


def denied_claim(
    out: list[tuple[Candidate, Statement]], index: int, cand: Candidate, denial: Statement, done: list[Statement]
) -> int | None:
    """The earlier claim of this article that a denial targets, when it can be told."""
    target_words = {w.lower() for w in re.findall(r"\w+", denial.target_text or "")}
    family = bool(target_words & COMMITMENT_WORDS) or bool(set(denial.lemmas) & COMMITMENT_WORDS)
    previous = [(j, st) for j, (_, st) in enumerate(out[:index]) if st.speaker != denial.speaker]
    # "…, a claim X denied": the claim made in the same sentence.
    if cand.origin == "noun":
        same = [j for j, st in previous if st.kind == CLAIM and st.end >= denial.start]
        if same:
            return same[-1]
    # A quote continuing a denial by the same speaker denies the same thing.
    if index > 0:
        prev_cand, prev_st = out[index - 1]
        same_speaker = prev_st.kind == DENIAL and prev_st.speaker == denial.speaker
        if same_speaker and prev_st.start == denial.start and index - 1 < len(done):
            return done[index - 1].denies_index  # "denied the reports, calling them nonsense"
        # ("refuted claims of a half-time row" after "dismissed the story" names something new.)
        if (
            same_speaker
            and (cand.follows is not None or cand.target_reference or cand.kind == CLAIM)
            and not _names_content(denial.target_text)
        ):
            earlier = done[index - 1].denies_index if index - 1 < len(done) else None
            if earlier is not None:
                return earlier
    # "X dismissed Y's claim that …": the claim inside the denial.
    for j, (other_cand, other) in enumerate(out):
        if (
            other.kind == CLAIM
            and other_cand.origin == "noun"
            and other.start == denial.start
            and other.speaker != denial.speaker
        ):
            if overlaps(cand.content, other_cand.cue.idx, other_cand.cue.idx + 1):
                return j
    claims = [(j, st) for j, st in previous if st.kind == CLAIM]
    if cand.target_owner:
        # "rejected the senator's reading", "criticism from the minister": that person's claim.
        owner = re.compile(r"\b" + re.escape(cand.target_owner) + r"\b", re.IGNORECASE)
        theirs = [
            j
            for j, (_, st) in enumerate(out)
            if st.kind == CLAIM
            and j != index
            and any(owner.search(x or "") for x in (st.speaker, st.speaker_text, st.speaker_role, *st.speaker_aliases))
        ]
        before = [j for j in theirs if j < index]
        pool = before or theirs
        if pool and names_a_figure(denial.target_text):
            # "the minister's figures were fiction": the claim of the minister's that gave a number
            numeric = [j for j in pool if any(ch.isdigit() for w in out[j][1].lemmas for ch in w)]
            pool = numeric or pool
        if pool:
            return pool[-1]
    if not claims:
        return None
    # 'called the story "fiction"' after a report was denied: "the story" is the report's claim, not
    # the claim said last (often the denier's side explaining itself).
    head_word = (re.findall(r"[a-z]+", (denial.target_text or "").lower()) or [""])[-1]
    if cand.target_reference and head_word in PUBLISHED_NOUNS and not _names_content(denial.target_text):
        reports = [j for j, _st in claims if out[j][0].origin == "report"]
        if reports:
            return reports[-1]
    # "denied receiving any such warning": "such" points back at the claim that spoke of one.
    such = re.findall(r"\bsuch\s+(?:an?\s+)?([a-z]+)", (denial.text or "").lower())
    if such:
        spoke = [j for j, st in claims if any(same_stem(such[0], lemma) for lemma in st.lemmas)]
        if spoke:
            return spoke[-1]
    named = _named_carrier(denial.target_text)
    if named and not any(named in (st.speaker or "").lower().split() for _, st in claims):
        return None  # "dismissed the leaked memo": the memo's claim is not in this article; no lesser match
    # "No basis for the contamination claim": a target the parse gave no words for still has them.
    target_lemmas = cand.target_lemmas or _target_words(denial.target_text)
    if target_lemmas:
        # The claim sharing the most telling words of the target, as forms of one word
        # ("poisoned" / "poisoning"): a word many claims share ("birds") tells less than one
        # only one claim has; on a tie the nearest claim.
        # Sorted: the weights are float sums in this order, and a set's order changes with the hash
        # seed, so two claims tied on paper would otherwise differ by a rounding error, either way.
        holders = {
            lemma: [j for j, st in claims if any(same_stem(lemma, other) for other in st.lemmas)]
            for lemma in sorted(target_lemmas)
        }
        weight = {j: sum(1 / len(js) for js in holders.values() if j in js) for j, _ in claims}
        top = max(weight.values(), default=0.0)
        if top > 0:
            return max(j for j, w in weight.items() if w == top)
    if family:
        fam = [j for j, st in claims if set(st.lemmas) & COMMITMENT_WORDS]
        if fam:
            return fam[-1]
    if not target_lemmas:
        # "That is not true, and Councillor X knows it is not true": a denial naming no content but
        # naming the one who claimed denies that person's claim, not the claim said last.
        # Of several claims of theirs, the one sharing most words with the denial, else the last.
        named_claimant = named_claimant_claims(denial, claims)
        if named_claimant:
            mine = set(denial.lemmas) - {"say"}
            by_id = dict(claims)
            return max(named_claimant, key=lambda j: (len(mine & set(by_id[j].lemmas)), j))
    # "the figure of 300,000 was exaggerated": the claim that gave the same number
    numeric = [j for j, st in claims if any(any(ch.isdigit() for ch in w) for w in set(st.lemmas) & set(denial.lemmas))]
    if numeric:
        return numeric[-1]
    overlap = [(len((set(st.lemmas) & set(denial.lemmas)) - {"say"}), j) for j, st in claims]
    best = max(overlap, default=(0, None))
    if best[0] >= 3:
        return best[1]
    if (cand.target_reference and not _names_content(denial.target_text)) or (
        denial.target_text and denial.target_text.lower() in ("this", "that", "it")
    ):
        return claims[-1][0]
    return None
