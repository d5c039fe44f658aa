"""Interview turns: a Q&A interview's "A:" answers as its subject's statements, one a sentence, and a
denial inside a transcript guest's turn as a statement of its own, aimed at what the turn before relayed."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from bot.models import CLAIM, DENIAL
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import cut
from bot.nlp.extract.denial_parse import content_tokens, same_stem
from bot.nlp.extract.flat_negations import flat_negation
from bot.nlp.extract.structures import QUOTE_CHARS, Candidate
from bot.nlp.extract.verdicts import denial_reference
from bot.nlp.speakers.given_names import given_name_gender

# A Q&A interview's turn labels: "Q: How did you …", "A: It was …".
_QA_LABEL = re.compile(r"^(?P<label>[QA]):\s+\S")
# Verbs that introduce the interviewer in an interview's standfirst ("She spoke to X", "talks to X",
# "interviewed by X"): the person they govern asks, the other person answers.
_INTERVIEW_VERBS = frozenset("speak talk interview chat ask".split())
# A first sentence of an answer that only greets or thanks says nothing.
_PLEASANTRY = re.compile(
    r"^(thanks?( you)?( very much)?|good (morning|afternoon|evening)|hello|hi|my pleasure|pleasure)\b[^.!?]*[.!]?$",
    re.IGNORECASE,
)
# Words that make a first-person negation a refusal to answer rather than a denial of a fact: "I'm not going
# to get into personnel matters", "I won't comment on that", "I can't speculate".
_REFUSAL_WORDS = frozenset("comment speculate discuss get going go talk answer say".split())
# An answer that opens by saying no ("No, nobody offered me anything", "No. We never …").
_NO_OPENER = re.compile(r"^no\s*[,.!;\u2014\u2013-]", re.IGNORECASE)


def qa_answers(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """A Q&A interview ("Q: …" / "A: …" paragraphs): each sentence of an answer is a statement of the
    interview's subject, the person its introduction names who is not the one doing the asking. A sentence
    that already has its own speaker (a quote, "they told us …") is left to the rules that found it."""
    if "A:" not in ctx.text or "Q:" not in ctx.text:
        return cands
    paras = _paragraphs(ctx)
    labels = [
        _QA_LABEL.match(ctx.text[ctx.units[first].start_char : ctx.units[last].end_char]) for first, last in paras
    ]
    answers = [i for i, m in enumerate(labels) if m is not None and m.group("label") == "A"]
    questions = [i for i, m in enumerate(labels) if m is not None and m.group("label") == "Q"]
    if len(answers) < 2 or not questions:
        return cands
    opening = min(answers[0], questions[0])
    subject = _interviewee(ctx, paras[opening][0])
    if subject is None:
        return cands
    out = list(cands)
    for pi in answers:
        first, last = paras[pi]
        colon = ctx.doc.char_span(ctx.units[first].start_char + 1, ctx.units[first].start_char + 2)
        if colon is None:
            continue
        asked = paras[pi - 1] if pi - 1 in questions else None
        relay = relayed_words(ctx, cands, asked)
        for ui, final in _sentences(ctx, first, last):
            start = ctx.units[ui].start_char if ui > first else colon.end_char
            end = ctx.units[final].end_char
            text = ctx.text[start:end].strip()
            start += len(ctx.text[start:end]) - len(ctx.text[start:end].lstrip())
            if not re.search(r"\w", text) or text.endswith("?") or _PLEASANTRY.match(text):
                continue
            if any(ui <= ctx.unit_of_token[c.cue.i] <= final for c in out) or any(q in text for q in QUOTE_CHARS):
                continue  # its own speaker or a quote: the rules that found them attribute it
            cand = Candidate(cue=colon[0], cue_text="said", kind=CLAIM, subject=subject[-1], origin="colon")
            cand.speaker_bounds = (subject.start, subject.end)
            cand.content = [(start, end)]
            cand.first_unit, cand.last_unit = ui, final
            cand.direct = True
            tokens = content_tokens(ctx, cand)
            if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
                continue  # "Thirty, thirty-five names.": nothing asserted
            if is_turn_denial(ctx, cand, relay):
                cand.kind = DENIAL
                cand.target_lemmas = relay
            elif (
                _non_answer(tokens)
                or _declines(tokens)
                or (_short(tokens) and (_pro_forms_only(tokens) or _handed_on(tokens)))
            ):
                continue  # "I'll leave it there.", "That's what worried us.", "Others can judge …"
            out.append(cand)
    return out


def _sentences(ctx: Context, first: int, last: int) -> list[tuple[int, int]]:
    """A paragraph's sentences as (first unit, last unit): units split at a semicolon join up again
    ("Chords are furniture; a melody is a signature." is one statement)."""
    out: list[tuple[int, int]] = []
    for ui in range(first, last + 1):
        if out and ctx.text[ctx.units[ui - 1].start_char : ctx.units[ui - 1].end_char].rstrip().endswith(";"):
            out[-1] = (out[-1][0], ui)
        else:
            out.append((ui, ui))
    return out


# Verbs of a first-person "will" that close an answer without saying anything: "I'll leave it there", "I'll
# let readers decide".
_NON_ANSWER_VERBS = frozenset("leave let".split())


def _non_answer(tokens: list[Token]) -> bool:
    """An answer that declines to go on ("I'll leave it there", "We'll let readers decide")."""
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_.lower() not in _NON_ANSWER_VERBS:
        return False
    children = list(root.children)
    return any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in children) and any(
        c.dep_ == "aux" and c.lower_ in ("will", "'ll", "\u2019ll") for c in children
    )


# The most words (punctuation aside) of an aside or a closer: a longer answer sentence of pronouns carries
# a condition or a clause of its own ("If the tapes show otherwise, we will apologise"), an offer or a feeling, which
# the golds keep as optional statements.
_SHORT_WORDS = 6


def _short(tokens: list[Token]) -> bool:
    """Whether a sentence is at most `_SHORT_WORDS` words long, punctuation aside."""
    return sum(1 for t in tokens if not t.is_punct) <= _SHORT_WORDS


def _pro_forms_only(tokens: list[Token]) -> bool:
    """An answer sentence that names nothing: no noun, name or number, only pronouns and verbs ("That's
    what worried us.", "We never touched it."). It leans wholly on the question or the sentence before,
    so a reader of the statement alone learns nothing checkable from it (an aside or a closer)."""
    return not any(t.pos_ in ("NOUN", "PROPN", "NUM") for t in tokens)


# Modals of a sentence that hands the question to someone else ("The office can explain that", "Others can
# judge for themselves"): an invitation or a deflection, not an account of a fact.
_HANDING_MODALS = frozenset("can may could".split())


def _handed_on(tokens: list[Token]) -> bool:
    """A sentence whose main verb is a "can"/"may" of a subject other than the speaker, not negated: the
    answerer hands the matter to others ("The office can explain that.", "Readers may judge for themselves.")."""
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return False
    children = list(root.children)
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (
        subject is not None
        and subject.lower_ not in ("i", "we")
        and any(c.dep_ == "aux" and c.lower_ in _HANDING_MODALS for c in children)
        and not any(c.dep_ == "neg" for c in children)
    )


def _paragraphs(ctx: Context) -> list[tuple[int, int]]:
    """Each paragraph as its first and last unit."""
    paras: list[tuple[int, int]] = []
    for ui, unit in enumerate(ctx.units):
        if paras and ctx.units[paras[-1][0]].para == unit.para:
            paras[-1] = (paras[-1][0], ui)
        else:
            paras.append((ui, ui))
    return paras


def _interviewee(ctx: Context, before_unit: int) -> Span | None:
    """The person an interview's introduction (before the first turn) presents: the name that is the
    subject of a standfirst sentence ("Nadia Ferrant worked …", "Dr Ana Roe, a researcher, says …"), else
    the first name in the headline ("'…': Osgood Penlow on …"). A name the interview verbs govern ("She
    spoke to X", "talks to X", "interviewed by X") is the interviewer's. Names are runs of capitalised
    proper nouns: the tagger often misses invented names."""
    end = ctx.units[before_unit].start if before_unit < len(ctx.units) else len(ctx.doc)
    runs = [run for run in _name_runs(ctx, end) if not _interviewer(run)]
    standfirst = [run for run in runs if ctx.units[ctx.unit_of_token[run.start]].para > 0]
    for run in standfirst:
        if any(t.dep_ in ("nsubj", "nsubjpass") or (t.dep_ == "appos" and t.head.dep_ == "nsubj") for t in run):
            return run
    headline = [run for run in runs if ctx.units[ctx.unit_of_token[run.start]].para == 0]
    return headline[0] if headline else None


def _name_runs(ctx: Context, end: int) -> list[Span]:
    """Runs of two to four capitalised proper nouns before token `end`, outside quotes, that may name a
    person: not a place, an organisation or a work by NER ("White House"), unless the run's given name is
    a known one (NER takes invented names for organisations: "Nadia Ferrant")."""
    runs: list[Span] = []
    i = 0
    while i < end:
        j = i
        while j < end and j - i < 4 and ctx.pos[j] == "PROPN" and ctx.doc[j].is_title and ctx.doc[j].is_alpha:
            j += 1
        run = ctx.doc[i:j]
        if j - i >= 2 and not ctx.in_quote(ctx.doc[i]):
            typed = {t.ent_type_ for t in run} - {"", "PERSON"}
            if not typed or given_name_gender(run.text) is not None:
                runs.append(run)
        i = max(j, i + 1)
    return runs


def _interviewer(run: Span) -> bool:
    """Whether a name is governed by an interview verb through "to", "with" or "by" ("spoke to X")."""
    root = run.root
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ in ("to", "with", "by") and prep.head.lemma_.lower() in _INTERVIEW_VERBS


def relayed_words(
    ctx: Context, cands: list[Candidate], turn: tuple[int, int] | None, guest: Span | None = None
) -> frozenset[str]:
    """The content words of the claim a turn relays just before the next speaker answers ("Q: The union
    says you cut 240 jobs", "HOST: Mr Tesh, the minister says nothing is hidden"): a claim attributed by
    a cue of its own in the turn's last sentence, or in the one before a closing question ("… says he never
    got a letter. How does that happen?"). A relay of the answerer's own words ("he insists …", a subject
    sharing a word with the answerer's label) is not something the answer can deny."""
    if turn is None:
        return frozenset()
    first, last = turn
    closing = last
    if closing > first and ctx.text[ctx.units[closing].start_char : ctx.units[closing].end_char].rstrip().endswith("?"):
        closing -= 1
    own = {t.lower_ for t in guest if t.is_alpha} if guest is not None else set()
    relayed = [
        c
        for c in cands
        if c.kind == CLAIM
        and c.content
        and c.origin != "colon"
        and ctx.unit_of_token[c.cue.i] == closing
        and c.subject is not None
        and c.subject.lower_ not in _ANSWERER_PRONOUNS
        and not own & {t.lower_ for t in c.subject.subtree}
    ]
    if relayed and _negates(content_tokens(ctx, relayed[-1])):
        return frozenset()  # "X says there is no evidence": a guest's negation after it asserts, it denies nothing
    if not relayed:
        return frozenset()
    return frozenset(
        t.lemma_.lower()
        for t in content_tokens(ctx, relayed[-1])
        if not t.is_stop and (t.is_alpha or t.like_num) and t.pos_ in _CONTENT_POS
    )


def _negates(tokens: list[Token]) -> bool:
    """Whether a content holds a negation ("not", "no", "never", "nothing", "nobody")."""
    return any(t.dep_ == "neg" or t.lower_ in ("no", "never", "nothing", "nobody", "none") for t in tokens)


# Subjects of a relay that may be the answerer: "he insists …", "you said …", "I asked her …".
_ANSWERER_PRONOUNS = frozenset("he she i we you".split())
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})


def is_turn_denial(ctx: Context, cand: Candidate, relay: frozenset[str]) -> bool:
    """Whether a turn's sentence denies: a verdict ("That's not true", "Nonsense"), an answer opening with
    "no", or a flat negation of a fact ("Nobody reclassified anything") that answers the claim the turn
    before relayed (`relay`, its content words): it shares a word with it, or has no content word of its
    own ("It isn't."). A flat negation with nothing relayed before it is a guest's own account ("Nothing
    came."), and a refusal to answer ("I'm not going to get into that") or a question denies nothing."""
    tokens = content_tokens(ctx, cand)
    text = "".join(t.text_with_ws for t in tokens).strip()
    if not tokens or text.endswith("?") or _generic(tokens):
        return False
    if _NO_OPENER.match(text) or denial_reference(ctx, cand)[0]:
        return True
    if not relay or not flat_negation(ctx, cand) or _refusal(tokens):
        return False
    own = {t.lemma_.lower() for t in tokens if not t.is_stop and (t.is_alpha or t.like_num) and t.pos_ in _CONTENT_POS}
    return not own or any(same_stem(word, other) for word in own for other in relay)


def _head_of(tokens: list[Token]) -> Token | None:
    """The token of a sentence's words that nothing else among them governs (the parse may hang an answer
    on its "A:" label, so the sentence's ROOT can lie outside it)."""
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i == t.i or t.head.i not in inside), None)


def _generic(tokens: list[Token]) -> bool:
    """A sentence about a kind, not about the case in hand: its main subject is an indefinite noun phrase
    ("A copy of a receipt is not a proof of payment"). It states what counts in general, which the guest
    asserts as a claim; even negated, or holding a verdict word, it does not say the relayed fact is false."""
    root = _head_of(tokens)
    inside = {t.i for t in tokens}
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in inside] if root else []
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for subject in subjects for c in subject.children)


def _refusal(tokens: list[Token]) -> bool:
    """A first-person negation of speaking ("I'm not going to …", "we won't comment"): a non-answer."""
    first_person = any(t.lower_ in ("i", "we") and t.dep_ in ("nsubj", "nsubjpass") for t in tokens)
    return first_person and any(t.lemma_.lower() in _REFUSAL_WORDS and t.pos_ in ("VERB", "AUX") for t in tokens[:8])


def _declines(tokens: list[Token]) -> bool:
    """A first-person refusal to speak, read off the verb itself: a speaking verb with its own negation
    and an "I"/"we" subject ("I'm not going to get into that", "We won't comment"). Stricter than
    `_refusal`, as it decides whether an answer is a statement at all ("I don't see how he went …" stays)."""
    for t in tokens:
        if t.lemma_.lower() not in _REFUSAL_WORDS or t.pos_ not in ("VERB", "AUX"):
            continue
        children = list(t.children)
        if any(c.dep_ == "neg" for c in children) and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("i", "we") for c in children
        ):
            return True
    return False


def split_turn_denials(
    ctx: Context, cands: list[Candidate], cand: Candidate, previous: tuple[int, int] | None
) -> list[Candidate]:
    """The sentences of a guest's turn (one claim) that deny, each cut out of the turn as a statement of
    its own by the same speaker, aimed at what the host's turn before relayed. Returns the new candidates."""
    added: list[Candidate] = []
    guest = ctx.doc[cand.speaker_bounds[0] : cand.speaker_bounds[1]] if cand.speaker_bounds else None
    relay = relayed_words(ctx, cands, previous, guest)
    opening = True
    for ui in range(cand.first_unit, cand.last_unit + 1):
        unit = ctx.units[ui]
        start = max(unit.start_char, cand.content_start)
        if start >= unit.end_char or not re.search(r"\w", ctx.text[start : unit.end_char]):
            continue
        part = Candidate(cue=cand.cue, cue_text=cand.cue_text, kind=CLAIM, subject=cand.subject, origin="colon")
        part.speaker_bounds = cand.speaker_bounds
        part.content = [(start, unit.end_char)]
        part.first_unit = part.last_unit = ui
        part.direct = True
        first_sentence, opening = opening, False
        if (not relay and first_sentence) or not is_turn_denial(ctx, part, relay):
            # A turn opening with a denial of nothing relayed stays whole: its other sentences carry the
            # words that find the claim it answers, said elsewhere in the story.
            continue
        part.kind = DENIAL
        part.target_lemmas = relay
        cand.content = cut(cand.content, (start, unit.end_char))
        added.append(part)
    return added


# A transcript turn's label in capitals, with or without a note: "COLLEY:", "OWEN TARRANT (recording):".
_CAPS_LABEL = re.compile(r"^[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,3}\s*(?:\([^()\n]{1,40}\))?\s*:\s")


def previous_turn(ctx: Context, ui: int) -> tuple[int, int] | None:
    """The paragraph (first and last unit) of the labelled turn before the one unit `ui` opens."""
    paras = [p for p in _paragraphs(ctx) if p[1] < ui]
    for first, last in reversed(paras):
        if _CAPS_LABEL.match(ctx.text[ctx.units[first].start_char : ctx.units[last].end_char]):
            return first, last
    return None
