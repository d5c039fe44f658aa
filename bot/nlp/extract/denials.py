"""Denials: whether a cue denies, what it denies, and which claim of the article it contradicts."""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.models import CLAIM, DENIAL, Statement
from bot.nlp.extract.content import names_a_figure, note_owner, np_text
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import is_negated, overlaps
from bot.nlp.extract.structures import SPEECH_LEMMAS, Candidate, tokens_in
from bot.nlp.lexicon import (
    ADDRESSEE_VERBS,
    ALLEGATION_NOUNS,
    COMMITMENT_WORDS,
    DENIAL_IDIOM_NOUNS,
    DENIAL_VERBS,
    FALSIFY_VERBS,
    FALSITY_WORDS,
    REFUSED_THINGS,
    REJECT_VERBS,
    RIFT_NOUNS,
    TRUTH_WORDS,
)

# ------------------------------------------------------------------ kinds and targets


def denial_reference(ctx: Context, cand: Candidate) -> tuple[bool, str | None]:
    """Whether the content of a claim itself denies something, and the phrase that does."""
    tokens = content_tokens(ctx, cand)
    if not tokens:
        return False, None
    first_clause = _first_clause(ctx, tokens)
    words = [t.lower_ for t in first_clause]
    content_ids = {t.i for t in tokens}
    for i, tok in enumerate(first_clause):
        low = tok.lower_
        if low in ("no", "nothing", "never") and _in_modifier_clause(tok, content_ids):
            continue  # "padded with items that have nothing to do with X": the negation describes, it denies nothing
        if low == "no" and i + 1 < len(words) and words[i + 1] == "such":
            return True, np_text(tok.head)
        if low == "no" and tok.dep_ == "det" and tok.head.lemma_.lower() in COMMITMENT_WORDS:
            cand.commitment_denial = True  # a denial only if someone claimed such a commitment
            return True, np_text(tok.head)
        if (
            low == "no"
            and tok.dep_ == "det"
            and tok.head.lemma_.lower() in RIFT_NOUNS
            and any(c.dep_ == "expl" for c in tok.head.head.children)
        ):
            return True, np_text(tok.head)  # "there was no disagreement between them" rebuts reports of a rift
        if low == "no" and tok.dep_ == "det" and tok.head.lemma_.lower() in DENIAL_IDIOM_NOUNS:
            return True, np_text(tok.head)  # "there is no truth to the reports", "played no role in"
        if (
            low == "any"
            and tok.dep_ == "det"
            and tok.head.lemma_.lower() in COMMITMENT_WORDS
            and _negated_clause(tok.head)
        ):
            cand.commitment_denial = True
            return True, np_text(tok.head)
        if low == "never" and tok.head.lemma_.lower() == "happen":
            subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and (
                subject.lower_ in ("this", "that", "it") or subject.lemma_.lower() in ALLEGATION_NOUNS
            ):
                return True, subject.text
        if low == "nothing" and i + 2 < len(words) and words[i + 1] == "of" and words[i + 2] in ("the", "that"):
            return True, None
        if low == "nothing" and words[i + 1 : i + 4] == ["to", "do", "with"]:
            return True, None  # "had nothing to do with the attack"
        if tok.dep_ == "ROOT" or tok.head.i not in {t.i for t in first_clause}:
            verb = tok.lemma_.lower()
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
            if (
                tok.pos_ == "VERB"
                and (verb in DENIAL_VERBS or verb in REJECT_VERBS)
                and not is_negated(tok)
                and not passive
            ):
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if obj is not None and obj.lemma_.lower() in REFUSED_THINGS:
                    continue
                if verb in DENIAL_VERBS or (obj is not None and obj.lemma_.lower() in ALLEGATION_NOUNS):
                    return True, np_text(obj) if obj is not None else None  # "it rejects the claims"
    if [w for w in words if w.isalpha()] == ["no"]:
        return True, None  # '"No," she replied': a flat denial
    # '"No. That's not true"': the verdict may come in the second sentence.
    opening = first_clause if len(first_clause) > 2 else tokens[: len(first_clause) + 12]
    opening = [t for t in opening if ctx.unit_of_token[t.i] <= ctx.unit_of_token[tokens[0].i] + 1]
    ids = {t.i for t in opening}
    for root in opening:
        if not _top_clause(root, content_ids):
            continue  # "was told it was impossible": a falsity reported inside the claim, not the verdict
        if root.pos_ == "VERB" and root.lemma_.lower() in FALSIFY_VERBS and not is_negated(root):
            subject = next((c for c in root.children if c.dep_ == "nsubjpass" and c.i in ids), None)
            if subject is not None and (
                subject.lower_ in ("this", "that", "it") or subject.lemma_.lower() in ALLEGATION_NOUNS
            ):
                note_owner(cand, subject)
                return True, np_text(subject)  # "the figure was grossly exaggerated"
        if root.lemma_.lower() != "be" or root.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
            continue
        children = [c for c in root.children if c.i in ids]
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        preds = [c for c in children if c.dep_ in ("acomp", "attr")]
        referring = subject is not None and (
            subject.lower_ in ("this", "that", "it", "these", "those", "which")
            or subject.lemma_.lower() in ALLEGATION_NOUNS
        )
        clausal = any(c.dep_ in ("xcomp", "ccomp") and c.i in ids for p in preds for c in p.children) or any(
            c.dep_ in ("xcomp", "ccomp", "csubj") for c in children
        )
        if referring and not clausal:
            negated = any(c.dep_ == "neg" for c in children)
            for pred in preds:
                lemma = pred.lemma_.lower()
                modifiers = {c.lemma_.lower() for c in pred.children if c.dep_ in ("amod", "compound")}
                if lemma in FALSITY_WORDS or modifiers & FALSITY_WORDS or (negated and lemma in TRUTH_WORDS):
                    if subject is not None:
                        note_owner(cand, subject)  # "the minister's figures were fiction": the minister's claim
                    return True, subject.text if subject is not None else None
    return False, None


def _in_modifier_clause(tok: Token, content_ids: set[int]) -> bool:
    """Whether a token sits in a relative or participial clause inside the content."""
    for anc in tok.ancestors:
        if anc.i not in content_ids:
            return False
        if anc.dep_ in ("relcl", "acl"):
            return True
    return False


def _top_clause(tok: Token, content_ids: set[int]) -> bool:
    """Whether a clause is the speaker's own verdict, not one reported inside the content
    ("was told it was impossible")."""
    for anc in tok.ancestors:
        if anc.i not in content_ids:
            return True
        if anc.lemma_.lower() in SPEECH_LEMMAS or anc.lemma_.lower() in ADDRESSEE_VERBS:
            return False
    return True


def content_tokens(ctx: Context, cand: Candidate) -> list[Token]:
    """The tokens of a candidate's content (cached: content is final once statements are built)."""
    key = (id(cand), tuple(cand.content))
    cached = ctx.content_cache.get(key)
    if cached is not None:
        return cached
    out: list[Token] = []
    for s, e in cand.content:
        out.extend(t for t in tokens_in(ctx.doc, s, e) if not t.is_space)
    ctx.content_cache[key] = out
    return out


def _first_clause(ctx: Context, tokens: list[Token]) -> list[Token]:
    """Tokens of the content up to the end of its first sentence."""
    first_unit = ctx.unit_of_token[tokens[0].i]
    return [t for t in tokens if ctx.unit_of_token[t.i] == first_unit]


def _negated_clause(tok: Token) -> bool:
    for anc in [tok] + list(tok.ancestors):
        if anc.pos_ in ("VERB", "AUX") and is_negated(anc):
            return True
    return False


_LIGHT_VERBS = frozenset({"be", "have", "do", "make", "get", "go", "say"})


_MODALS = frozenset({"will", "would", "can", "could", "may", "might", "shall", "should", "must", "'ll", "wo", "ca"})


def _negated_key(ctx: Context, cand: Candidate) -> tuple[str, bool, bool] | None:
    """For a content that negates a fact ("had not signed off", "there is no pause", "has never taken"):
    the lemma it negates, whether it is existential and whether it is a "never" with a full verb.
    None for anything else, pledges included."""
    tokens = content_tokens(ctx, cand)
    if not tokens:
        return None
    clause = _first_clause(ctx, tokens)
    ids = {t.i for t in clause}
    roots = [t for t in clause if (t.head.i not in ids or t.head.i == t.i) and t.pos_ in ("VERB", "AUX")]
    if not roots:
        return None
    root = roots[0]
    children = [c for c in root.children if c.i in ids]
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in children):
        return None  # "would not raise taxes" promises; it denies nothing
    existential = any(c.dep_ == "expl" for c in children)
    denied_noun = next(
        (
            c
            for c in children
            if c.dep_ in ("attr", "dobj", "nsubj") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        ),
        None,
    )
    if denied_noun is not None:
        return denied_noun.lemma_.lower(), existential, False
    never = any(c.lower_ == "never" for c in children)
    if not (is_negated(root) or never):
        return None
    key = root.lemma_.lower()
    if key in _LIGHT_VERBS:
        predicate = next((c for c in children if c.dep_ in ("acomp", "attr", "dobj")), None)
        if predicate is None:
            return None
        return predicate.lemma_.lower(), False, False
    return key, False, never


def contradicted_claim(
    ctx: Context, cand: Candidate, claim: Statement, earlier: list[Statement]
) -> tuple[bool, int | None]:
    """Whether a negated claim denies something said before, and which earlier claim if one."""
    negation = _negated_key(ctx, cand)
    if negation is None:
        return False, None
    key, existential, never = negation
    mine = set(claim.lemmas)
    for j in range(len(earlier) - 1, -1, -1):
        other = earlier[j]
        if other.kind != CLAIM or other.speaker == claim.speaker:
            continue
        shared = (set(other.lemmas) & mine) - {key}
        if key in other.lemmas and (shared or existential):
            return True, j
    if not never:
        return False, None
    # "has never taken a bribe" answering an accusation the article reports without a statement.
    for unit in ctx.units[: cand.first_unit]:
        words = {t.lemma_.lower() for t in ctx.doc[unit.start : unit.end] if t.is_alpha and not t.is_stop}
        if key in words and (words & mine) - {key}:
            return True, None
    return False, None


def norm(text: str) -> str:
    """`text` with curly quotes straightened, spaces collapsed and lower-cased, for comparison."""
    return re.sub(r"\s+", " ", text.translate(str.maketrans("“”‘’", "\"\"''"))).strip().lower()


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
        if same_speaker and (cand.follows is not None or cand.target_reference or cand.kind == CLAIM):
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
    if cand.target_lemmas:
        matching = [j for j, st in claims if cand.target_lemmas & set(st.lemmas)]
        if matching:
            return matching[-1]
    if family:
        fam = [j for j, st in claims if set(st.lemmas) & COMMITMENT_WORDS]
        if fam:
            return fam[-1]
    # "the figure of 300,000 was exaggerated": the claim that gave the same number
    numeric = [j for j, st in claims if any(any(ch.isdigit() for ch in w) for w in set(st.lemmas) & set(denial.lemmas))]
    if numeric:
        return numeric[-1]
    overlap = [(len((set(st.lemmas) & set(denial.lemmas)) - {"say"}), j) for j, st in claims]
    best = max(overlap, default=(0, None))
    if best[0] >= 3:
        return best[1]
    if cand.target_reference or denial.target_text and denial.target_text.lower() in ("this", "that", "it"):
        return claims[-1][0]
    return None
