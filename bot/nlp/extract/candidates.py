"""Candidate statements from reporting verbs, evidence sources, parentheticals and noun denials."""

from __future__ import annotations

from spacy.tokens import Token

from bot.models import CLAIM, DENIAL
from bot.nlp.extract.content import content_of, np_text, trim_punct
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import (
    clip,
    falsity_after,
    find_subject,
    is_infinitive,
    is_negated,
    left_subject,
    passive_agent,
    prescriptive_source,
    purpose_speech,
    same_side,
    token_runs,
    with_absolute_subject,
)
from bot.nlp.extract.structures import CLAIM_S_FORMS, DENIAL_FORMS, QUOTE_CHARS, SPEECH_LEMMAS, Candidate, Unit
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
    ATTITUDE_VERBS,
    CHARACTERISE_VERBS,
    CLAIM_VERBS,
    DENIAL_VERBS,
    EVIDENCE_NOUNS,
    EVIDENCE_VERBS,
    RAISING_VERBS,
    REJECT_VERBS,
    RELAY_VERBS,
)


def verb_candidate(ctx: Context, tok: Token) -> Candidate | None:
    """A reporting-verb cue with its content, or a bare cue waiting for a quote."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB":
        return None
    is_denial = lemma in DENIAL_VERBS
    is_reject = lemma in REJECT_VERBS and not is_denial
    is_character = lemma in CHARACTERISE_VERBS
    is_attitude = lemma in ATTITUDE_VERBS
    if lemma in EVIDENCE_VERBS and lemma not in CLAIM_VERBS:
        return _evidence_candidate(ctx, tok)
    if not (is_denial or is_reject or is_character or is_attitude or lemma in CLAIM_VERBS):
        return None
    if tok.dep_ in ("amod", "acl") and tok.tag_ in ("VBD", "VBN"):
        repaired = _verbless_sentence_cue(ctx, tok)
        if repaired is not None:
            return repaired
    with_subject = with_absolute_subject(tok)
    if is_negated(tok) or (
        tok.dep_ in ("amod", "compound", "nmod", "acl", "csubj", "auxpass") and with_subject is None
    ):
        return None
    if _discourse_marker(ctx, tok):
        return None
    if is_infinitive(tok) and not (tok.dep_ in ("xcomp", "advcl") and tok.head.lemma_.lower() in RAISING_VERBS):
        if not purpose_speech(tok):
            return None
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
        return None
    if any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "may", "should", "must") for c in tok.children):
        return None  # hypothetical speech is not a statement
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    if tok.text[:1].isupper() and tok.i != unit.start and not _title_case_unit(ctx, unit):
        return None  # "Nobody Said It Was Easy": a title inside a sentence
    if (
        tok.tag_ == "VBN"
        and tok.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "parataxis", "relcl")
        and not any(c.dep_ == "aux" for c in tok.children)
    ):
        return None
    subject = with_subject or (find_subject(tok) if passive_agent(tok) is None else None)
    if subject is not None and ctx.in_quote(subject) and not ctx.in_quote(tok):
        # '… replied, "I said nothing", and called for …': the speaker is outside the quote.
        subject = next(
            (
                find_subject(a)
                for a in tok.ancestors
                if not ctx.in_quote(a) and (outer := find_subject(a)) is not None and not ctx.in_quote(outer)
            ),
            None,
        )
    unit_index = ctx.unit_of_token[tok.i]
    broken_parse = ctx.unit_of_token[tok.head.i] != unit_index or ctx.broken[unit_index]
    if subject is not None and ctx.unit_of_token[subject.i] != unit_index:
        # The parse ran across a line break or sentence end ("File photo by …\n\nX said").
        subject, broken_parse = None, True
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if passive:
        broken_parse = False  # "the ministry was warned that …": the ministry was told, it did not speak
    finite_root = (
        not passive
        and tok.dep_ == "ROOT"
        and (
            tok.tag_ in ("VBD", "VBZ", "VBP")
            or (tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children))
        )
    )
    if (
        subject is None
        and broken_parse
        and ((tok.tag_ == "VBG" and tok.dep_ == "advcl") or tok.dep_ == "conj")
        and tok.head.pos_ == "VERB"
    ):
        # "X ordered Y to leave, accusing him of …" / "X rejected the offer and warned …" parsed into a glued
        # headline: the head verb's subject
        head = tok.head
        if head.i < tok.i and ctx.unit_of_token[head.i] == unit_index:
            found = find_subject(head)
            subject = (
                found if found is not None and ctx.unit_of_token[found.i] == unit_index else left_subject(ctx, head)
            )
    if subject is None and (broken_parse or finite_root):
        # A finite reporting verb has a subject even when the parse hid it in an apposition.
        subject = left_subject(ctx, tok)
        if subject is None and tok.tag_ == "VBG":
            speech = next((a for a in tok.ancestors if a.lemma_.lower() in SPEECH_LEMMAS and a.i < tok.i), None)
            if (
                speech is None
                and tok.dep_ == "advcl"
                and tok.head.i < tok.i
                and tok.head.pos_ == "VERB"
                and tok.head.dep_ == "ROOT"
            ):
                speech = tok.head  # "The board fined the bank …, saying …" after a glued headline
            if speech is not None and ctx.unit_of_token[speech.i] == unit_index:
                subject = find_subject(speech)
                if subject is None or ctx.unit_of_token[subject.i] != unit_index:
                    subject = left_subject(ctx, speech)
    passive_report = False
    if subject is None:
        subject = passive_agent(tok)
        if subject is not None and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
            # "…, as stated by X": X said the clause this one hangs on.
            cand = Candidate(cue=tok, cue_text=_cue_text(tok), kind=CLAIM, subject=subject)
            left, right = tok.left_edge.i, tok.right_edge.i
            clause = [t for t in tok.head.subtree if t.i < left] or [t for t in tok.head.subtree if t.i > right]
            cand.content = clip(token_runs(trim_punct(clause)), unit)
            return cand if cand.content else None
    if subject is None:
        passive_report = _passive_report(tok)
        if not passive_report:
            return None
    cue_text = _cue_text(tok)
    # A record label, named in apposition or judging a story ("Their label, X, called the story
    # fiction"), speaks; a product label or an act only prescribes.
    judging = is_denial or ((is_reject or is_character) and falsity_after(tok))
    named = subject is not None and any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in subject.children)
    prescriptive = subject is not None and prescriptive_source(subject) and not (judging or named)
    if subject is not None and (prescriptive or subject.ent_type_ == "LAW"):
        return None  # "the Act says drivers must slow down" prescribes; nobody is reported as saying it
    cand = Candidate(cue=tok, cue_text=cue_text, kind=DENIAL if is_denial else CLAIM, subject=subject)
    cand.unnamed = passive_report
    if with_subject is not None:
        cand.speaker_bounds = (with_subject.left_edge.i, tok.i)
    cand.in_quote = ctx.in_quote(tok)
    cand.is_relay = lemma in RELAY_VERBS
    if (is_denial or is_reject) and tok.dep_ != "relcl":
        noun = _allegation_before(tok)
        if noun is not None:
            return _noun_denial(ctx, tok, noun, cand)
    if is_denial and tok.dep_ in ("relcl", "advcl", "ccomp"):
        denied = _relative_which_denial(ctx, tok, cand)
        if denied is not None:
            return denied
    called_false = is_character and falsity_after(tok)  # 'a claim the club has called "categorically false"'
    if tok.dep_ == "relcl" and tok.head.lemma_.lower() in ALLEGATION_NOUNS and (is_denial or is_reject or called_false):
        # "…, a claim X also denied": the noun is what is denied.
        noun = tok.head
        cand.kind = DENIAL
        cand.target = np_text(noun, stop=tok.left_edge)
        cand.target_reference = True
        cand.content = token_runs([t for t in noun.subtree if t.i < tok.i and t.i >= noun.left_edge.i])
        cand.noun_span = (noun.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))
        cand.origin = "noun"
        return cand
    if tok.dep_ == "relcl":
        if subject is not None and subject.lower_ in ("who", "which", "that"):
            return None
        relative_claim = _relative_claim(tok)
        if relative_claim is not None:
            # "a pledge Marlowe said would blow a hole in the budget": the noun is the clause's subject.
            cand.content = clip(relative_claim, ctx.units[ctx.unit_of_token[tok.i]])
            return cand if cand.content else None
        if subject is not None and subject.i == tok.head.i:
            pass
        elif not _is_wh_relative(tok) and not _own_clause(tok) and not _denied_gerund(tok):
            return None
    content = content_of(tok, lemma, cand, is_reject, is_character, is_attitude)
    if content is None:
        return None
    if not content and subject is not None:
        content = _parenthetical_content(ctx, tok, subject)
    cand.content = clip(content, ctx.units[ctx.unit_of_token[tok.i]])
    if content and not cand.content:
        return None
    return cand


def _discourse_marker(ctx: Context, tok: Token) -> bool:
    """ "That said, voters say …": "that said" opening a sentence only turns the argument; nobody speaks in it, and
    the reports after it are statements of their own."""
    doc = tok.doc
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    return (
        tok.i == unit.start + 1
        and doc[unit.start].lower_ in ("that", "this")
        and tok.i + 1 < len(doc)
        and doc[tok.i + 1].text == ","
    )


def _relative_which_denial(ctx: Context, tok: Token, cand: Candidate) -> Candidate | None:
    """ "Y suggested X was bitter, which X denied": a relative "which" after a comma stands for the
    clause before it, and that clause is what is denied (set off from the claim like "…, a claim X
    denied")."""
    which = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ == "which"), None)
    if which is None or which.i >= tok.i or which.i < 2 or tok.doc[which.i - 1].text != ",":
        return None
    head = tok.head
    if head.pos_ not in ("VERB", "AUX"):
        return None  # "the allegations, which X denies": the noun is what is denied
    clause = [t for t in head.subtree if t.i < which.i - 1 and not ctx.in_quote(t)]
    clause = trim_punct([t for t in clause if ctx.unit_of_token[t.i] == ctx.unit_of_token[tok.i]])
    if len([t for t in clause if t.is_alpha]) < 2 or head.i > tok.i:
        return None
    cand.kind = DENIAL
    cand.target = "which"
    cand.target_reference = True
    cand.content = token_runs(clause)
    comma = tok.doc[which.i - 1]
    cand.noun_span = (comma.idx, tok.right_edge.idx + len(tok.right_edge.text))
    cand.origin = "noun"
    return cand


def _denied_gerund(tok: Token) -> bool:
    """ "…, where he denies falsifying records": a relative clause with its own subject whose denial
    verb takes a gerund, which is what is denied."""
    return (
        tok.lemma_.lower() in DENIAL_VERBS
        and any(c.dep_ == "nsubj" and c.lower_ not in ("who", "which", "that") for c in tok.children)
        and any(c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > tok.i for c in tok.children)
    )


def _allegation_before(tok: Token) -> Token | None:
    """ ", a claim X denied" that the parser did not read as a relative clause."""
    doc = tok.doc
    for j in range(tok.i - 1, max(tok.i - 7, 1), -1):
        noun = doc[j]
        if noun.lemma_.lower() in ALLEGATION_NOUNS and noun.pos_ == "NOUN":
            det = doc[j - 1]
            if det.lower_ in ("a", "an", "the") and j >= 2 and doc[j - 2].text in (",", "—", "–"):
                return noun
            return None
        if noun.is_punct:
            return None
    return None


def mistagged_parenthetical(ctx: Context, tok: Token) -> Candidate | None:
    """ "…, the speaker of parliament announces." with the verb tagged as a plural noun."""
    if tok.lower_ not in CLAIM_S_FORMS or ctx.in_quote(tok):
        return None
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    rest = [t for t in ctx.doc[tok.i + 1 : unit.end] if not t.is_punct]
    if rest:
        return None  # only at the end of its sentence
    comma = next((t for t in reversed(ctx.doc[unit.start : tok.i]) if t.text == ","), None)
    if comma is None or comma.i <= unit.start or tok.i - comma.i > 8:
        return None
    if ctx.doc[tok.i - 1].pos_ not in ("NOUN", "PROPN"):
        return None
    # The noun phrase between the comma and the verb: "the speaker of parliament".
    subject = next((t for t in ctx.doc[comma.i + 1 : tok.i] if t.pos_ in ("NOUN", "PROPN")), None)
    if subject is None:
        return None
    cand = Candidate(cue=tok, cue_text=tok.text, kind=CLAIM, subject=subject)
    cand.speaker_bounds = (comma.i + 1, tok.i)
    cand.content = token_runs(trim_punct(list(ctx.doc[unit.start : comma.i])))
    return cand if cand.content else None


def mistagged_noun_denial(ctx: Context, tok: Token) -> Candidate | None:
    """ "…, a charge Kestria rejects" with "rejects" tagged as a plural noun."""
    if tok.lower_ not in DENIAL_FORMS or ctx.in_quote(tok):
        return None
    noun = _allegation_before(tok)
    if noun is None:
        return None
    cand = Candidate(cue=tok, cue_text=tok.text, kind=DENIAL, subject=None)
    return _noun_denial(ctx, tok, noun, cand)


def _noun_denial(ctx: Context, tok: Token, noun: Token, cand: Candidate) -> Candidate | None:
    """A denial whose target is a noun before it: "…, a charge the party rejects"."""
    subject = left_subject(ctx, tok)
    if subject is None or subject.i <= noun.i:
        return None
    det = tok.doc[noun.i - 1]
    cand.subject = subject
    cand.kind = DENIAL
    cand.target = tok.doc[det.i : noun.i + 1].text
    cand.target_reference = True
    cand.content = [(det.idx, noun.idx + len(noun.text))]
    cand.noun_span = (tok.doc[det.i - 1].idx, tok.idx + len(tok.text))
    cand.origin = "noun"
    cand.speaker_bounds = (noun.i + 1, tok.i)
    return cand


def _evidence_candidate(ctx: Context, tok: Token) -> Candidate | None:
    """ "The documents show that …", "a study found that …": a source that is a document or inquiry."""
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if clause is None and tok.lemma_.lower() == "show":
        # "figures showed 7,000 people waiting": what the data show, as an object
        clause = next(
            (c for c in tok.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN", "NUM")), None
        ) or next(
            (
                c
                for c in tok.children
                if c.dep_ in ("advcl", "xcomp")
                and c.i > tok.i
                and any(d.dep_ == "nsubj" and d.i < c.i for d in c.children)
            ),
            None,
        )
    if subject is None or clause is None or is_negated(tok) or ctx.in_quote(tok):
        return None
    if subject.lemma_.lower() not in EVIDENCE_NOUNS and subject.lower_ not in EVIDENCE_NOUNS:
        return None
    cand = Candidate(cue=tok, cue_text=tok.text, kind=CLAIM, subject=subject)
    cand.content = clip(same_side(clause, tok), ctx.units[ctx.unit_of_token[tok.i]])
    return cand if cand.content else None


def _parenthetical_content(ctx: Context, tok: Token, subject: Token) -> list[tuple[int, int]]:
    """ "…, the Post reported on Thursday" when the parse tied the verb elsewhere: the words
    before the comma are what was reported."""
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    left = subject.left_edge.i
    if not (unit.start < left < tok.i) or ctx.doc[left - 1].text != "," or ctx.in_quote(ctx.doc[left - 2]):
        return []
    if any(t.pos_ in ("VERB", "AUX") for t in ctx.doc[left : tok.i]):
        return []
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > tok.i for c in tok.children):
        return []  # "Discussing the show, the actor explained the differences": the verb's own object was said
    after = ctx.text[tok.idx : unit.end_char]
    if ":" in after or any(q in after for q in QUOTE_CHARS):
        return []  # 'Asked about it, X said: "…"' introduces a quote instead
    before = trim_punct(list(ctx.doc[unit.start : left - 1]))
    if (
        len(before) < 3
        or ctx.text[before[-1].idx + len(before[-1].text) : left].count('"')
        or any(ctx.in_quote(t) for t in before)
    ):
        return []
    return token_runs(before)


def _verbless_sentence_cue(ctx: Context, tok: Token) -> Candidate | None:
    """ "The deputy leader, Jane Smith, accused ministers of …" parsed with no verb at all."""
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    tokens = ctx.doc[unit.start : unit.end]
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ == "ROOT" for t in tokens):
        return None
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None or root.i > tok.i or root.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = tok.lemma_.lower()
    if lemma not in SPEECH_LEMMAS | CHARACTERISE_VERBS:
        return None
    after = trim_punct([t for t in tokens if t.i > tok.i])
    if not after:
        return None
    cand = Candidate(cue=tok, cue_text=tok.text, kind=DENIAL if lemma in DENIAL_VERBS else CLAIM, subject=root)
    cand.speaker_bounds = (unit.start, tok.i)
    parsed = content_of(tok, lemma, cand, lemma in REJECT_VERBS, lemma in CHARACTERISE_VERBS, False)
    if parsed is None and lemma not in CLAIM_VERBS | DENIAL_VERBS:
        return None
    cand.content = parsed or token_runs(after)
    return cand


def _title_case_unit(ctx: Context, unit: Unit) -> bool:
    """A sentence written in title case (a headline repeated in the body)."""
    words = [t for t in ctx.doc[unit.start : unit.end] if t.is_alpha and len(t.text) > 3]
    return bool(words) and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def _relative_claim(tok: Token) -> list[tuple[int, int]] | None:
    """ "(a pledge) X said would cost …": the relative's head noun with the clause X said about it."""
    clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if clause is None:
        return None
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "a fund, which she said would reconnect 200 villages": the relative pronoun stands for the noun
    relative = [c for c in subjects if c.lower_ in ("which", "that", "who") and c.i < tok.i]
    if len(relative) != len(subjects):
        return None
    noun = tok.head
    modifiers = [c for c in noun.children if c.i < noun.i and c.dep_ in ("det", "amod", "compound", "poss", "nummod")]
    start = min([noun.i] + [m.left_edge.i for m in modifiers])
    head_tokens = [t for t in noun.doc[start : noun.i + 1]]
    dropped = {r.i for r in relative}
    return token_runs(head_tokens + [t for t in clause.subtree if t.i not in dropped])


def _own_clause(tok: Token) -> bool:
    """In "a state where he says he can win" the relative verb has its own subject and clause."""
    has_subject = any(c.dep_ == "nsubj" and c.lower_ not in ("who", "which", "that") for c in tok.children)
    clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if not has_subject or clause is None:
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "which", "that") for c in clause.children)


def _is_wh_relative(tok: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in ("who", "which") for c in tok.children)


def _passive_report(tok: Token) -> bool:
    """ "…, it was reported" / "it was announced that …": a report naming no source.
    Hearsay ("it is said that …", "it is claimed …") is no attribution."""
    if tok.lemma_.lower() not in ("report", "announce", "confirm"):
        return False
    has_auxpass = any(c.dep_ == "auxpass" for c in tok.children)
    expletive = any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in tok.children)
    return has_auxpass and expletive


def _cue_text(tok: Token) -> str:
    """The cue as written, with its particle ("pointed out", "brushed off")."""
    parts = [tok] + [c for c in tok.children if c.dep_ == "prt"]
    parts.sort(key=lambda t: t.i)
    return " ".join(t.text for t in parts)
