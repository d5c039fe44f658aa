"""Denials said as a verdict or a refusal: whether the content of a claim itself denies ("That is false",
"I don't accept that", "no evidence links …", "made the whole thing up"), and the phrase it denies."""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.nlp.extract.content import note_owner, np_text
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import is_negated
from bot.nlp.extract.denial_parse import content_tokens, first_clause_tokens
from bot.nlp.extract.denial_words import (
    ACCEPTED_WORDS,
    DEMONSTRATIVE_TRUTH_WORDS,
    EVIDENTIAL_VERBS,
    MADE_UP_OBJECTS,
    MODALS,
    NEGATION_FORMS,
    NEGATIVE_PRONOUNS,
    OWN_EVIDENCE_VERBS,
    SECOND_ROUND_FORMS,
    VERB_FORM_LEMMAS,
    VERDICT_FILLER,
    WEAK_EVIDENTIAL_VERBS,
)
from bot.nlp.extract.structures import SPEECH_LEMMAS, Candidate
from bot.nlp.lexicon import (
    ADDRESSEE_VERBS,
    ALLEGATION_NOUNS,
    CLAIM_CARRIER_NOUNS,
    COMMITMENT_WORDS,
    DENIAL_IDIOM_NOUNS,
    DENIAL_VERBS,
    EVENT_FALSITY_WORDS,
    FALSIFY_VERBS,
    FALSITY_WORDS,
    NO_EVIDENCE_NOUNS,
    REFUSED_THINGS,
    REJECT_VERBS,
    RIFT_NOUNS,
    TRUTH_WORDS,
)


def denial_reference(ctx: Context, cand: Candidate) -> tuple[bool, str | None]:
    """Whether the content of a claim itself denies something, and the phrase that does."""
    tokens = content_tokens(ctx, cand)
    if not tokens:
        return False, None
    first_clause = first_clause_tokens(ctx, tokens)
    words = [t.lower_ for t in first_clause]
    content_ids = {t.i for t in tokens}
    clause_ids = {t.i for t in first_clause}
    for i, tok in enumerate(first_clause):
        low = words[i]
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
        if low == "no" and tok.dep_ == "det" and _no_evidence(tok.head):
            return True, np_text(tok.head)  # "there is no evidence linking the illness to our cheese"
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
        # Each verb form below asks for one of a few lemmas first; most tokens have none of them.
        verb_form = tok.lemma_.lower() in VERB_FORM_LEMMAS
        if (
            verb_form
            and NEGATION_FORMS["refusal"]
            and (tok.dep_ == "ROOT" or tok.head.i not in clause_ids)
            and (refused_account(tok) or untrue_to_say(tok) or unproven(tok))
        ):
            return True, None  # "I don't accept that", "it is not accurate to say she was turned away"
        if verb_form and SECOND_ROUND_FORMS["made_up"] and _made_up(tok):
            return True, None  # "the paper made the whole thing up"
        if low == "nothing" and i + 2 < len(words) and words[i + 1] == "of" and words[i + 2] in ("the", "that"):
            return True, None
        if low == "nothing" and words[i + 1 : i + 4] == ["to", "do", "with"]:
            return True, None  # "had nothing to do with the attack"
        if verb_form and (tok.dep_ == "ROOT" or tok.head.i not in clause_ids):
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
    if any(_NO_LIST.fullmatch(text) for text in _content_sentences(ctx, tokens)):
        return True, None  # '"No letter, no email, nothing"': a list of things that do not exist
    # '"No. That's not true"': the verdict may come in the second sentence.
    opening = first_clause if len(first_clause) > 2 else tokens[: len(first_clause) + 12]
    opening = [t for t in opening if ctx.unit_of_token[t.i] <= ctx.unit_of_token[tokens[0].i] + 1]
    ids = {t.i for t in opening}
    for root in opening:
        lemma = root.lemma_.lower()
        if not (lemma == "be" or root.pos_ == "VERB" and lemma in FALSIFY_VERBS):
            continue  # neither form below applies (checked first: `_top_clause` walks the ancestors)
        if not _top_clause(root, content_ids):
            continue  # "was told it was impossible": a falsity reported inside the claim, not the verdict
        if root.pos_ == "VERB" and root.lemma_.lower() in FALSIFY_VERBS and not is_negated(root):
            subject = next((c for c in root.children if c.dep_ == "nsubjpass" and c.i in ids), None)
            if subject is not None and (subject.lower_ in ("this", "that", "it") or _claim_noun(subject)):
                note_owner(cand, subject)
                return True, np_text(subject)  # "the figure was grossly exaggerated"
        if root.lemma_.lower() != "be" or root.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
            continue
        children = [c for c in root.children if c.i in ids]
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        preds = [c for c in children if c.dep_ in ("acomp", "attr")]
        referring = subject is not None and (
            subject.lower_ in ("this", "that", "it", "these", "those", "which") or _claim_noun(subject)
        )
        if SECOND_ROUND_FORMS["event_hoax"] and subject is not None and subject.pos_ in ("NOUN", "PROPN"):
            # "the arrest is a hoax": an event called a hoax did not happen, whatever names it.
            referring = referring or any(p.lemma_.lower() in EVENT_FALSITY_WORDS for p in preds)
        clausal = any(c.dep_ in ("xcomp", "ccomp") and c.i in ids for p in preds for c in p.children) or any(
            c.dep_ in ("xcomp", "ccomp", "csubj") for c in children
        )
        if referring and not clausal:
            negated = any(c.dep_ == "neg" for c in children)
            # "that's not right", "the figure cannot be right"; not "it wasn't right", a judgement of conduct
            pointed = subject is not None and (subject.lower_ in ("this", "that") or _claim_noun(subject))
            for pred in preds:
                lemma = pred.lemma_.lower()
                modifiers = {c.lemma_.lower() for c in pred.children if c.dep_ in ("amod", "compound")}
                if SECOND_ROUND_FORMS["made_up"] and any(
                    c.dep_ == "amod" and c.lemma_.lower() == "make" and any(g.lower_ == "up" for g in c.children)
                    for c in pred.children
                ):
                    modifiers.add("fabricated")  # "it is just a made-up story"
                # 'was "not accurate"': inside quote marks the parser hangs the negation on the adjective.
                pred_negated = negated or any(c.dep_ == "neg" for c in pred.children)
                # a negated "right" is a verdict only on what was just said or on a claim
                right = NEGATION_FORMS["not_right"] and pointed and lemma in DEMONSTRATIVE_TRUTH_WORDS
                if (
                    lemma in FALSITY_WORDS
                    or modifiers & FALSITY_WORDS
                    or (pred_negated and (lemma in TRUTH_WORDS or right))
                ):
                    if subject is not None:
                        note_owner(cand, subject)  # "the minister's figures were fiction": the minister's claim
                    return True, subject.text if subject is not None else None
    if SECOND_ROUND_FORMS["bare_verdict"] and _bare_verdict(tokens):
        return True, None  # '"Rubbish," the publicist said', '"Complete nonsense"'
    return False, None


def _claim_noun(noun: Token) -> bool:
    """A noun naming something said or published: an allegation ("the claims") or what carries
    one ("the photos", "the memo", "the piece"), whose falsity denies what it says."""
    lemma = noun.lemma_.lower()
    return lemma in ALLEGATION_NOUNS or lemma in CLAIM_CARRIER_NOUNS or noun.lower_ in CLAIM_CARRIER_NOUNS


def _bare_verdict(tokens: list[Token]) -> bool:
    """A content that is only a verdict of falsity ('"Rubbish," the publicist said')."""
    words = [t for t in tokens if t.is_alpha or t.lower_ == "'s"]
    falsity = [t for t in words if t.lemma_.lower() in FALSITY_WORDS]
    return 0 < len(words) <= 5 and bool(falsity) and all(t in falsity or t.lower_ in VERDICT_FILLER for t in words)


def _made_up(verb: Token) -> bool:
    """'The paper made the whole thing up', 'they are making it up': a story called invented
    (not 'women make up half the staff')."""
    if verb.lemma_.lower() != "make" or verb.pos_ != "VERB" or is_negated(verb):
        return False
    up = next((c for c in verb.children if c.lower_ == "up" and c.i > verb.i), None)
    if up is None:
        return False
    # "There is no way we're making this up" insists the story is real.
    for anc in verb.ancestors:
        if anc.lemma_.lower() in SPEECH_LEMMAS:
            break  # the reporting verb and what lies beyond it are not the speaker's words
        if is_negated(anc) or any(c.dep_ == "det" and c.lower_ == "no" for c in anc.children):
            return False
    # "made the whole thing up" may be parsed as "made [the whole thing up]", the object under "up";
    # "it was made up wholesale": the passive subject.
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += [c for c in up.children if c.dep_ == "nsubj"]
    if any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in verb.children):
        return False  # "those who make up rumours": no one's story in particular
    return any(
        (o.lemma_.lower() in MADE_UP_OBJECTS or o.lemma_.lower() in ALLEGATION_NOUNS | CLAIM_CARRIER_NOUNS)
        and not any(c.like_num for c in o.subtree)
        for o in objects
    )


def _no_evidence(noun: Token) -> bool:
    """ "There is no evidence that …", "we found no proof": the speaker says nothing supports a claim;
    "the city offered no evidence" judges another party's case instead."""
    if noun.lemma_.lower() not in NO_EVIDENCE_NOUNS or noun.dep_ not in ("attr", "dobj", "nsubj"):
        return False
    verb = noun.head
    return verb.lemma_.lower() in OWN_EVIDENCE_VERBS or any(c.dep_ == "expl" for c in verb.children)


# A verbless sentence listing what does not exist: "No letter, no email, nothing."
_NO_LIST = re.compile(r"\W*(?:(?:no\s+[\w-]+(?:\s+[\w-]+)?|nothing|none|nobody)\W*){2,}", re.IGNORECASE)


def _content_sentences(ctx: Context, tokens: list[Token]) -> list[str]:
    """A content's words sentence by sentence."""
    by_unit: dict[int, list[Token]] = {}
    for t in tokens:
        by_unit.setdefault(ctx.unit_of_token[t.i], []).append(t)
    return ["".join(t.text_with_ws for t in toks).strip() for _, toks in sorted(by_unit.items())]


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


def _negated_clause(tok: Token) -> bool:
    for anc in [tok] + list(tok.ancestors):
        if anc.pos_ in ("VERB", "AUX") and is_negated(anc):
            return True
    return False


def refused_account(tok: Token) -> bool:
    """ "I don't accept that", "we do not accept the claims": a refusal to accept what someone said."""
    if tok.lemma_.lower() != "accept" or tok.pos_ != "VERB" or not is_negated(tok):
        return False
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children):
        return False  # "would not accept a pay cut" states terms, not a verdict on an account
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    return obj is not None and (obj.lower_ in ACCEPTED_WORDS or _claim_noun(obj))


def untrue_to_say(root: Token) -> bool:
    """ "It is not accurate to say the patient was turned away": a negated truth word whose clause is what
    was said."""
    if root.lemma_.lower() != "be" or not (
        is_negated(root) or any(is_negated(p) for p in root.children if p.dep_ == "acomp")
    ):
        return False
    preds = [c for c in root.children if c.dep_ in ("acomp", "attr") and c.lemma_.lower() in TRUTH_WORDS]
    clauses = [c for p in preds for c in p.children if c.dep_ in ("xcomp", "ccomp")]
    clauses += [c for c in root.children if c.dep_ in ("xcomp", "ccomp")]
    return bool(preds) and any(c.lemma_.lower() in SPEECH_LEMMAS for c in clauses)


def _bears_on_a_claim(verb: Token) -> bool:
    if any(c.dep_ == "ccomp" for c in verb.children):
        return True
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj is not None and (obj.lower_ in ACCEPTED_WORDS or _claim_noun(obj))


def unproven(tok: Token) -> bool:
    """ "Seven minutes of current does not prove a cause", "nothing we have found shows that our line
    started it", "we have found nothing to support that": the speaker says the facts do not bear out
    what is alleged."""
    if not NEGATION_FORMS["unproven"] or tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.lemma_.lower() in EVIDENTIAL_VERBS:
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children):
            return False  # "could not prove" speaks of ability, not of the evidence
        if tok.lemma_.lower() in WEAK_EVIDENTIAL_VERBS and not _bears_on_a_claim(tok):
            return False  # "have not shown any readiness": showing a quality, not bearing out a claim
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        return is_negated(tok) or (subject is not None and subject.lower_ in NEGATIVE_PRONOUNS)
    # "we have found nothing to support that"
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.lower_ in NEGATIVE_PRONOUNS), None)
    return (
        obj is not None
        and tok.lemma_.lower() in ("find", "see")
        and any(c.lemma_.lower() in EVIDENTIAL_VERBS for c in obj.subtree if c.pos_ == "VERB")
    )
