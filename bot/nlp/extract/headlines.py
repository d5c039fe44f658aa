"""Headline patterns ("X says …", "X: …") as statements of their own."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from bot.models import CLAIM, DENIAL
from bot.nlp.extract.context import Context
from bot.nlp.extract.denials import denial_headline
from bot.nlp.extract.structures import (
    HEADLINE,
    HEADLINE_COLON,
    HEADLINE_TRAILING,
    QUOTE_CHARS,
    SPEAKER_COLON,
    SPEECH_LEMMAS,
    TURN_LABEL,
    Candidate,
    Unit,
)
from bot.nlp.extract.turns import previous_turn, qa_answers, split_turn_denials
from bot.nlp.lexicon import (
    ALLEGATION_NOUNS,
    DOCUMENT_NOUNS,
    HUMAN_NOUNS,
    INSTITUTION_WORDS,
    NON_SPEAKER_WORDS,
    OUTLET_WORDS,
    PERSON_ROLE_NOUNS,
)

# Nouns that name a side speaking as one ("Clinton camp:", "Democrats:", "Historians:").
_SIDE_NOUNS = frozenset(
    "camp campaign aides officials allies critics supporters historians experts economists analysts "
    "democrats republicans advisers advisors lawyers spokesman spokeswoman spokesperson".split()
)
# Labels that open a line without naming a speaker ("UPDATE: …", "Q: …").
_NOT_SPEAKERS = frozenset(
    "update updated breaking exclusive analysis opinion editorial watch video photos photo live note editor "
    "q a correction source sources related read more via chart map timeline".split()
)
# Transcript labels of the broadcaster's own staff: a presenter's words are questions and links, a
# reporter's are a relay of what others said; neither is a statement of theirs.
_HOST_LABELS = frozenset("presenter anchor host interviewer moderator newsreader".split())
_REPORTER_LABELS = frozenset("reporter correspondent".split())
# Nouns that introduce the broadcaster's staff by name ("our business correspondent Idris Cole").
_STAFF_NOUNS = _HOST_LABELS | _REPORTER_LABELS | {"editor"}


# "Chef told staff to lie, court hears": evidence a court or an inquiry heard is its witness's claim,
# reported as the hearing's.
_TRAILING_HEARS = re.compile(
    r"^(?P<content>\S.{8,}?),\s+(?P<speaker>(?:[A-Za-z][\w.'\u2019-]*\s+){0,2}[A-Za-z][\w.'\u2019-]+)\s+"
    r"(?P<cue>hears|heard)$"
)


def with_headlines(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """ "X says …" headlines (title case, no full stop), which the parser often gets wrong: where the
    headline pattern matches, it replaces whatever the parse found in that line."""
    for ui, unit in enumerate(ctx.units):
        if unit.para > 0:
            break
        text = ctx.text[unit.start_char : unit.end_char]
        if text.rstrip().endswith(".") or len(text.split()) > 25:
            continue
        cand = _headline_candidate(ctx, unit, text)
        if cand is not None:
            cand.first_unit = cand.last_unit = ui
            cands = [c for c in cands if ctx.unit_of_token[c.cue.i] != ui] + [cand]
    return cands


def _headline_candidate(ctx: Context, unit: Unit, text: str) -> Candidate | None:
    stripped = text.strip().rstrip(";:")
    match = (
        HEADLINE.match(stripped)
        or HEADLINE_COLON.match(text.strip())
        or HEADLINE_TRAILING.match(stripped)
        or _TRAILING_HEARS.match(stripped)
    )
    if not match or (match.group("cue") == ":" and match.re is HEADLINE_COLON):
        # Denial headlines in forms the patterns above miss or take for a quote ("X: claim 'a hoax'").
        denial = denial_headline(ctx, unit.start_char, unit.end_char, text)
        if denial is not None or not match:
            return denial
    base = unit.start_char + (len(text) - len(text.lstrip()))
    if match.group("cue").lower() not in ("says", "denies", ":"):
        content = ctx.doc.char_span(base + match.start("content"), base + match.end("content"), alignment_mode="expand")
        if content is None:
            return None
        denial_family = match.group("cue").lower() in ("denies", "rejects", "dismisses", "refutes", "slams")
        # Title case hides lemmas ("Claims" as a proper noun): compare singular forms too.
        names_claim = any(
            t.lemma_.lower() in ALLEGATION_NOUNS or t.lower_.rstrip("s") in ALLEGATION_NOUNS for t in content[:3]
        )
        if not any(t.pos_ in ("VERB", "AUX") for t in content) and not (denial_family and names_claim):
            return None  # "X warns Y over Z" names no claim
    cue_start = base + match.start("cue")
    cue_span = ctx.doc.char_span(cue_start, cue_start + len(match.group("cue")), alignment_mode="expand")
    speaker_span = ctx.doc.char_span(
        base + match.start("speaker"), base + match.end("speaker"), alignment_mode="expand"
    )
    if cue_span is None or speaker_span is None:
        return None
    if match.group("cue") == ":" and _caps_kicker(speaker_span):
        return None  # "SCANDAL: 'I quit'" is a kicker over a quote, not the quote's speaker
    kind = DENIAL if match.group("cue").lower() in ("denies", "rejects", "dismisses", "refutes", "slams") else CLAIM
    cue_text = match.group("cue") if match.group("cue") != ":" else "said"
    cand = Candidate(cue=cue_span[0], cue_text=cue_text, kind=kind, subject=speaker_span[-1], origin="headline")
    cand.speaker_bounds = (speaker_span.start, speaker_span.end)
    cand.direct = match.group("cue") == ":"
    cand.content = [(base + match.start("content"), base + match.end("content"))]
    if kind == DENIAL:
        cand.target = match.group("content")
        cand.target_reference = True
    return cand


def colon_speakers(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """A paragraph that opens with a speaker and a colon: a headline ("Clinton camp: Trump's plan threatens
    security") or a transcript turn ("SMITH: We will rebuild. …", "SMITH (recording): …"). The rest of the
    paragraph is theirs, one statement, and so are the unlabelled paragraphs that carry a guest's turn on;
    quoted words after the colon are left to the quote rules. The broadcaster's own staff (a presenter, a
    reporter, a correspondent introduced as "our …") speak no statement of their own. A denial inside a
    guest's turn is cut out as a statement of its own, and a Q&A interview's "A:" answers are read as its
    subject's (`turns`)."""
    taken = {c.first_unit for c in cands if c.origin in ("colon", "headline")}
    staff = _staff_words(ctx)
    out = list(cands)
    for ui, unit in enumerate(ctx.units):
        if (ui > 0 and ctx.units[ui - 1].para == unit.para) or ui in taken:
            continue
        last = _para_end(ctx, ui)
        end = ctx.units[last].end_char
        text = ctx.text[unit.start_char : end]
        match = TURN_LABEL.match(text.strip()) or SPEAKER_COLON.match(text.strip())
        if match is None or any(q in match.group("content")[:2] for q in QUOTE_CHARS):
            continue
        base = unit.start_char + (len(text) - len(text.lstrip()))
        speaker = ctx.doc.char_span(
            base + match.start("speaker"), base + match.end("speaker"), alignment_mode="contract"
        )
        content = ctx.doc.char_span(base + match.start("content"), base + match.end("content"), alignment_mode="expand")
        if speaker is None or content is None:
            continue
        turn = _turn_label(speaker)
        if turn and ({t.lower_ for t in speaker} & (_HOST_LABELS | _REPORTER_LABELS) or _is_staff(speaker, staff)):
            continue  # the presenter's questions and links, a reporter relaying: nobody's claim
        if ui == 0 and (_programme_name(ctx, speaker.text) or _caps_kicker(speaker)):
            continue  # "Evening News: …" names the programme a transcript is of, not a speaker
        if not (turn and match.re is TURN_LABEL) and not _names_a_speaker(speaker, headline=ui == 0):
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in content):
            continue  # "Smith: a profile" announces a topic, not words
        if any(t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ == "VERB" for t in content[:6]):
            continue  # "Tanner Square: police chief denies …": a topic, then a line with its own speaker
        if (
            _relays_others(ctx, out, ui, last)
            or _only_a_question(match.group("content"))
            or _PLEASANTRY.match(match.group("content").strip())
        ):
            continue  # a correspondent's turn that reports others, or a presenter's question: nobody's claim
        colon = ctx.doc[speaker.end] if speaker.end < len(ctx.doc) else speaker[-1]
        turns = [(ui, last, (content.start_char, content.end_char))]
        if turn and ui > 0:
            turns += _carried_on(ctx, out, last)
        for first, final, span in turns:
            cand = Candidate(cue=colon, cue_text="said", kind=CLAIM, subject=speaker[-1], origin="colon")
            cand.speaker_bounds = (speaker.start, speaker.end)
            cand.content = [span]
            cand.first_unit, cand.last_unit = first, final
            out = [c for c in out if not first <= ctx.unit_of_token[c.cue.i] <= final] + [cand]
            if turn and ui > 0:
                out += split_turn_denials(ctx, out, cand, previous_turn(ctx, ui))
    return qa_answers(ctx, out)


def _para_end(ctx: Context, ui: int) -> int:
    """The last unit of the paragraph that unit `ui` opens."""
    last = ui
    while last + 1 < len(ctx.units) and ctx.units[last + 1].para == ctx.units[ui].para:
        last += 1
    return last


def _turn_label(speaker: Span) -> bool:
    """Whether the words before a colon are a transcript label in capitals ("AMANKWAH", "DOMINIC ASANTE")."""
    words = [t for t in speaker if t.is_alpha]
    return 0 < len(words) <= 4 and all(t.is_upper and len(t) >= 2 for t in words)


def _carried_on(ctx: Context, cands: list[Candidate], last: int) -> list[tuple[int, int, tuple[int, int]]]:
    """The paragraphs after a guest's turn that carry it on, up to the next turn: no label of their own,
    no attribution, no stage direction ("(END VIDEO CLIP)") or heading in capitals. Paragraphs that do not
    lead to another turn are the article's own text after a quoted exchange, not the guest's."""
    out: list[tuple[int, int, tuple[int, int]]] = []
    ui = last + 1
    while ui < len(ctx.units) and len(out) < 3:
        final = _para_end(ctx, ui)
        start, end = ctx.units[ui].start_char, ctx.units[final].end_char
        text = ctx.text[start:end].strip()
        if SPEAKER_COLON.match(text) or TURN_LABEL.match(text):
            return out
        if any(ui <= ctx.unit_of_token[c.cue.i] <= final for c in cands) or any(q in text for q in QUOTE_CHARS):
            return []  # a paragraph with its own speaker, or a quote the quote rules attribute
        if text[:1] in "([" or text.upper() == text or text[-1:] not in ".!":
            return []  # a stage direction, a heading, or the writer's aside between turns ("… huh?")
        out.append((ui, final, (start + (len(ctx.text[start:end]) - len(ctx.text[start:end].lstrip())), end)))
        ui = final + 1
    return []


# A transcript label in capitals and what follows it: "JANE HALE: …".
_CAPS_TURN = re.compile(r"^([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,3})\s*:\s*(.*)$", re.MULTILINE)
# What a presenter says to open a show, greet a guest or thank one at the end of their turn: "Welcome back
# to …", "I'm Jane Hale", a co-host's "And I'm Tom Ree", "You're watching …", "Tom, welcome.", "Dr Ana Lee
# Roe, thank you." (every turn opening with a name and "thank you" in the news sets is a presenter's).
_HOSTING = re.compile(
    r"\b[Ww]elcome (back )?to\b|^(?:(?:Dr|Prof|Professor)\.? )?[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}, thank(?:s| you)\b"
    r"|^([Aa]nd )?I['\u2019]m [A-Z]|^([Aa]nd )?I am [A-Z]|\b[Yy]ou['\u2019]re (listening to|watching)\b"
    r"|\b[A-Z][a-z]+, welcome\b|\bwelcome to the (show|programme|program|podcast|studio)\b"
)


def _hosts(ctx: Context) -> set[str]:
    """Lower-cased label words of a transcript's presenters: a labelled speaker who opens the show or
    greets a guest ("JANE HALE: Welcome back to The Hour. I'm Jane Hale.", "TOM REE: Ana, welcome.")."""
    words: set[str] = set()
    if ":" not in ctx.text:
        return words
    for match in _CAPS_TURN.finditer(ctx.text):
        label, said = match.group(1), match.group(2)
        if any(_HOSTING.search(sentence) for sentence in re.split(r"(?<=[.!?])\s+", said)):
            words.update(w.lower() for w in label.split())
    return words


def _staff_words(ctx: Context) -> set[str]:
    """Lower-cased name words of the broadcaster's staff: the name noted in a presenter's or reporter's label
    ("PRESENTER (Jane Hale):"), a name introduced as "our (…) correspondent/reporter/presenter X", and a
    labelled speaker who hosts the show."""
    words: set[str] = _hosts(ctx)
    for match in re.finditer(r"^([A-Z]+)\s*\(([^()\n]{1,40})\)\s*:", ctx.text, re.MULTILINE):
        if match.group(1).lower() in _HOST_LABELS | _REPORTER_LABELS:
            words.update(w.lower() for w in match.group(2).split() if w[:1].isupper())
    for ent in ctx.doc.ents:
        if ent.label_ != "PERSON":
            continue
        before = ctx.doc[max(ent.start - 4, 0) : ent.start]
        if any(t.lower_ == "our" for t in before) and any(t.lemma_.lower() in _STAFF_NOUNS for t in before):
            words.update(t.lower_ for t in ent if t.is_alpha)
    return words


def _is_staff(speaker: Span, staff: set[str]) -> bool:
    """Whether a turn's label names one of the broadcaster's staff ("IDRIS COLE" for "our correspondent Idris Cole")."""
    words = [t.lower_ for t in speaker if t.is_alpha]
    return bool(words) and all(w in staff for w in words)


def _programme_name(ctx: Context, label: str) -> bool:
    """Whether a headline's label names the programme of a broadcast transcript: it recurs in a line near
    the top that says "transcript" ("Meadowvale TV, Evening News, 12 November. Transcript.")."""
    paras = [p for p in ctx.text.split("\n") if p.strip()][1:3]
    return any(label in p and "transcript" in p.lower() for p in paras)


# A turn that only thanks or greets ("Thanks for having me.", "Good morning."): nothing asserted.
_PLEASANTRY = re.compile(
    r"(thanks?( you)?( very much)?|good (morning|afternoon|evening)|hello|hi|my pleasure|pleasure)"
    r"( for (having|inviting) (me|us)( on)?)?( here)?[.!]?$",
    re.IGNORECASE,
)


def _only_a_question(content: str) -> bool:
    """A turn that is one question ("And is there any independent view?") asserts nothing."""
    text = content.strip()
    return text.endswith("?") and re.search(r"[.!?][\"\u201d]?\s", text) is None


def _relays_others(ctx: Context, cands: list[Candidate], first: int, last: int) -> bool:
    """Whether a turn's paragraph attributes words to someone else ("REYNE: The chair says the clip is
    old."): a reporter relaying others is not their speaker, and their attributions stand on their own."""
    for cand in cands:
        if cand.origin != "verb" or cand.subject is None or not first <= ctx.unit_of_token[cand.cue.i] <= last:
            continue
        if cand.subject.pos_ != "PRON":  # "I/we said", "he said" may be the speaker's own words
            return True
    return False


def _named_elsewhere(word: Token) -> bool:
    """Whether the article names a person by this word as their last name, or an organisation by this word
    alone, at another place ("Harrow" before a colon, "Ann Harrow said" in the body)."""
    for ent in word.doc.ents:
        if ent.start <= word.i < ent.end:
            continue
        if ent.label_ == "PERSON" and ent[-1].text == word.text:
            return True
        if ent.label_ == "ORG" and len(ent) == 1 and ent[0].text == word.text:
            return True
    return False


# Nouns that name a speaker by role, side or kind, with or without a name ("MINISTER: …", "UNION: …").
_SPEAKER_KIND_NOUNS = PERSON_ROLE_NOUNS | HUMAN_NOUNS | INSTITUTION_WORDS | OUTLET_WORDS | DOCUMENT_NOUNS | _SIDE_NOUNS


def _caps_kicker(span: Span) -> bool:
    """Whether a headline's label in capitals is a kicker ("REVEALED:", "EXCLUSIVE:", "<TOPIC> SCANDAL:"),
    not a speaker: every word is in capitals, the article names nobody by its last word elsewhere, and
    that word is no role, side or kind of speaker. Capitals hide the parse, so the body decides: a name
    in capitals ("HALE: I'LL NEVER QUIT") is one the article gives in full somewhere else."""
    words = [t for t in span if t.is_alpha]
    if not words or not all(t.is_upper and len(t) >= 2 for t in words):
        return False
    last = words[-1].lower_
    if last in _SPEAKER_KIND_NOUNS or last.rstrip("s") in _SPEAKER_KIND_NOUNS:
        return False
    doc = span.doc
    for ent in doc.ents:
        if ent.start < span.end and span.start < ent.end:
            continue
        if ent.label_ in ("PERSON", "ORG", "NORP") and ent[-1].lower_ == last:
            return False
    return True


def _names_a_speaker(span: Span, headline: bool) -> bool:
    """Whether the words before a colon name someone: a person, an organisation, a side or a transcript name."""
    tokens = list(span)
    words = {t.lower_ for t in tokens}
    if words & _NOT_SPEAKERS or words & NON_SPEAKER_WORDS or tokens[0].like_num:
        return False
    if any(t.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "EVENT") for t in tokens):
        return False  # a place, a date or an event names the topic
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in tokens):
        return True
    if tokens[-1].lower_ in _SIDE_NOUNS:
        return True
    if headline and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in tokens):
        return True  # "Rubio: …" as a headline, before NER knows the name
    if len(tokens) == 1 and tokens[0].is_title and tokens[0].is_alpha:
        # One capitalised word the tagger read as a common noun, as it often does for a line's first word
        # ("Harrow: …"): a name when the article names it elsewhere; in a headline, a document or outlet
        # ("Poll: …", "Report: …") speaks as well.
        word = tokens[0]
        if headline and word.lower_ in DOCUMENT_NOUNS | OUTLET_WORDS:
            return True
        if _named_elsewhere(word):
            return True
    # a transcript's speaker in capitals ("BOULDUAN:")
    return len(tokens) <= 2 and all(t.is_alpha and t.is_upper and len(t) >= 3 for t in tokens)
