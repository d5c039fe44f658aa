"""Report nouns that carry a claim of their own: "rumours that the pair are engaged", "speculation
that the plant will close", "the suggestion that she would resign". What they carry is a claim, made
by the report (or by its source when one is named), which a denial in the same or a later sentence
may reject."""

from __future__ import annotations

from spacy.tokens import Token

from bot.models import CLAIM, DENIAL, Statement
from bot.nlp.extract.context import Context
from bot.nlp.extract.cues import has_that_clause, overlaps, token_runs
from bot.nlp.extract.denial_words import SOURCE_DROP
from bot.nlp.extract.structures import SPEECH_LEMMAS, Candidate
from bot.nlp.lexicon import (
    CLAIM_CARRIER_NOUNS,
    CLAIM_VERBS,
    DENIAL_VERBS,
    FALSITY_WORDS,
    REJECT_VERBS,
    REPORT_NOUNS,
)

# Prepositions that place a report in time or give it as a cause, without anyone taking it up.
_CIRCUMSTANCE_PREPS = frozenset("after amid amidst following despite before since over".split())
# Verbs whose subject sets reports going rather than making them: "was seen wearing a ring, sparking
# rumours that …". Only "spark" is kept: it was measured (news8); its near synonyms ("fuel", "stoke",
# "trigger") were not, and a word list keeps only entries a number supports.
_EVENT_VERBS = frozenset({"spark"})


def circulating(noun: Token) -> bool:
    """Whether a report noun with its own that-clause says something is going round, whoever started it.

    "dismissed speculation that the plant will close", "rejected the suggestion that she would
    resign", "dismissed claims that the paper was leaked": the clause is a claim of its own, by the
    report, singular or plural. "His suggestion that …" is someone's claim, not one going round; and
    a noun "of" something ("claims of a row") names a topic more often than a claim anyone makes."""
    nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    own_clause = nxt is not None and nxt.lower_ == "that" and report_clause(noun) is not None
    if not own_clause and carried_clause(noun) is None:
        return False
    return not _owned(noun)


def standing_reports(ctx: Context, pairs: list[tuple[Candidate, Statement]]) -> list[tuple[Candidate, Statement]]:
    """Claims carried by report nouns that no statement covers, each added before its sentence's statements.

    "…, sparking rumours that the pair are secretly engaged", "amid allegations that the scores were
    changed", "The Ledger's report that the mill will close was …": the clause is a claim by the report,
    or by its named source, whether or not this sentence denies it, so that a later "dismissed the
    engagement talk" has a claim to deny. Quoted report nouns are the quoted speaker's words, and "no
    suggestion that …" reports nothing.
    """
    added: list[tuple[Candidate, Statement]] = []
    # A denial's words are left to be read: its report's claim is added here and reused by the denial pass.
    # "a report that she had agreed to resign": she is said to have agreed by the report, so a statement
    # cued on the clause's own verbs is the report's claim, not hers; it is replaced by the report's claim.
    nested: dict[int, set[int]] = {}
    for noun in ctx.doc:
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in REPORT_NOUNS and not ctx.in_quote(noun):
            head = report_clause(noun) or carried_clause(noun)
            if head is not None and head.i > noun.i:
                nested[noun.i] = _clause_chain(ctx, head)
    inner = set().union(*nested.values()) if nested else set()

    def own_words(cand: Candidate, st: Statement) -> bool:
        return st.kind == CLAIM and cand.origin == "verb" and cand.cue.i in inner

    covered = [run for cand, st in pairs if st.kind != DENIAL and not own_words(cand, st) for run in cand.content]
    dropped: set[int] = set()
    for ui, unit in enumerate(ctx.units):
        if ctx.text[unit.start_char : unit.end_char].rstrip(' "\u201d\u2019').endswith("?"):
            continue  # "What about the claim that …?": a question about a claim is no one putting it out
        for i in range(unit.start, unit.end):
            # Read from the context's arrays: a Token is made only for a report noun.
            if ctx.pos[i] != "NOUN" or ctx.lemma_lower[i] not in REPORT_NOUNS:
                continue
            noun = ctx.tokens[i]
            if ctx.in_quote(noun):
                continue
            if any(c.dep_ == "det" and c.lower_ in ("any", "no") for c in noun.children):
                continue
            if _taken_up(noun):
                continue
            source = named_source(noun) or _bound_owner(ctx, noun)
            clause_head = report_clause(noun)
            carried = clause_head is None
            if carried:
                clause_head = carried_clause(noun)
            if clause_head is None:
                continue
            # A "that" the parser did not read as the clause's conjunction is still not part of what is said.
            misread = has_that_clause(noun) is None or (carried and clause_head.left_edge.lower_ == "that")
            # "a report in the Ledger that …": the clause right after the outlet's name is still the report's.
            before = [t.i for t in noun.subtree if t.i < clause_head.left_edge.i]
            adjacent = bool(before) and clause_head.left_edge.i == max(before) + 1
            if not (circulating(noun) or (source is not None and (_that_follows(noun) or adjacent))):
                continue
            clause = [
                t
                for t in clause_head.subtree
                if unit.start <= t.i < unit.end
                and not (t.dep_ == "mark" and t.lower_ == "that" and t.head == clause_head)
                and not (misread and t.i == clause_head.left_edge.i)
                and not t.is_space
            ]
            stop = next((t.i for t in clause if t.i > clause[0].i and t.text in (",", ";", "(")), None)
            clause = [t for t in clause if stop is None or t.i < stop]
            while clause and clause[-1].is_punct:
                clause.pop()
            if len([t for t in clause if t.is_alpha]) < 2:
                continue
            runs = token_runs(clause)
            start, end = runs[0][0], runs[-1][1]
            if overlaps(covered, start, end):
                continue  # already someone's words, or a denial's target that the denial pass reads
            speaker = source or plain_source(noun)
            cand = Candidate(cue=noun, cue_text=noun.text, kind=CLAIM, subject=None, origin="report")
            cand.content = runs
            cand.first_unit = cand.last_unit = ui
            evidence = (ctx.text[unit.start_char : unit.end_char], unit.start_char, unit.end_char)
            claim = report_claim(ctx, noun, clause, speaker, (start, end), evidence)
            added.append((cand, claim))
            covered.extend(runs)
            dropped.update(nested.get(noun.i, set()))
    added.extend(_carrier_participles(ctx, covered))
    if not added:
        return pairs
    # Each added claim goes before the first statement of its sentence or later, so that a denial
    # after it can find it among the claims said before.
    out = [(c, st) for c, st in pairs if not (own_words(c, st) and c.cue.i in dropped)]
    for cand, claim in added:
        at = next((j for j, (c, _st) in enumerate(out) if c.first_unit >= cand.first_unit), len(out))
        out.insert(at, (cand, claim))
    return out


def _carrier_participles(ctx: Context, covered: list[tuple[int, int]]) -> list[tuple[Candidate, Statement]]:
    """Claims of documents that purport something with an infinitive: "Screenshots claiming to show a
    ransomware message are circulating", "a video purporting to show the crash": what the document purports is
    its claim (a participle with a that-clause, "a memo saying the plant would close", is already a cue)."""
    added: list[tuple[Candidate, Statement]] = []
    for ui, unit in enumerate(ctx.units):
        for i in range(unit.start, unit.end):
            if ctx.pos[i] != "NOUN" or ctx.lemma_lower[i] not in CLAIM_CARRIER_NOUNS:
                continue
            noun = ctx.tokens[i]
            if ctx.in_quote(noun) or any(c.dep_ == "det" and c.lower_ in ("any", "no") for c in noun.children):
                continue
            participle = next(
                (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBG" and c.i == noun.i + 1), None
            )
            if participle is None or participle.lemma_.lower() not in CLAIM_VERBS:
                continue
            if any(c.dep_ == "ccomp" for c in participle.children):
                continue
            xcomp = next((c for c in participle.children if c.dep_ == "xcomp" and c.i > participle.i), None)
            if xcomp is None:
                continue
            clause = [t for t in xcomp.subtree if unit.start <= t.i < unit.end and not t.is_space]
            while clause and clause[-1].is_punct:
                clause.pop()
            if len([t for t in clause if t.is_alpha]) < 3:
                continue
            runs = token_runs(clause)
            start, end = runs[0][0], runs[-1][1]
            if overlaps(covered, start, end):
                continue
            cand = Candidate(cue=noun, cue_text=noun.text, kind=CLAIM, subject=None, origin="report")
            cand.content = runs
            cand.first_unit = cand.last_unit = ui
            evidence = (ctx.text[unit.start_char : unit.end_char], unit.start_char, unit.end_char)
            added.append((cand, report_claim(ctx, noun, clause, plain_source(noun), (start, end), evidence)))
            covered.append((start, end))
    return added


def report_clause(noun: Token) -> Token | None:
    """The head of a report noun's that-clause ("a report that X had refused to train"), also when the parser
    read "that" as a relative pronoun, the object of a verb below the clause's head ("refused to train",
    "been told to rush"): that verb has its own object slot filled by the report only in the misreading, since
    a report is not what anyone refuses to train or is told to rush."""
    found = has_that_clause(noun)
    if found is not None:
        return found
    for child in noun.children:
        that = child.left_edge
        if child.dep_ not in ("acl", "relcl") or child.i <= noun.i or that.lower_ != "that":
            continue
        if that.dep_ not in ("dobj", "pobj"):
            continue
        holder = that.head if that.dep_ == "dobj" else that.head.head
        if holder.i != child.i and holder.dep_ == "xcomp" and any(c.dep_.startswith("nsubj") for c in child.children):
            return child
    return None


def carried_clause(noun: Token) -> Token | None:
    """The that-clause a report noun carries through a verb of its own rather than as its complement:
    "rumours swirled online that the band was splitting" (the noun is the subject of a verb whose
    that-clause follows it) or "claims circulating online that the navy was mobilised" (a participle on the
    noun holds the clause). Not through a reporting verb ("reports said that …"): that verb is a cue
    whose own statement carries the clause."""
    verb: Token | None = None
    if noun.dep_ == "nsubj" and noun.head.pos_ in ("VERB", "AUX") and noun.head.i > noun.i:
        verb = noun.head
    else:
        verb = next(
            (c for c in noun.children if c.dep_ in ("acl", "xcomp") and c.tag_ == "VBG" and c.i == noun.i + 1), None
        )
    if verb is None:
        return None
    if verb.lemma_.lower() in SPEECH_LEMMAS or verb.lemma_.lower() == "be":
        # "The story is that …" is the writer's reading, not something the story put about.
        return None
    # The parser may also read such a clause as an adverbial one ("swirled online last night that …").
    found = next(
        (c for c in verb.children if c.dep_ in ("ccomp", "advcl") and c.i > verb.i and _opens_with_that(c)), None
    )
    if found is None and verb.head == noun:
        # The parser may hang the clause on the noun, after the participle's phrase.
        after = verb.right_edge.i + 1
        for own in noun.children:
            if own.dep_ in ("acl", "relcl", "ccomp") and own.left_edge.i == after and _opens_with_that(own):
                return own
    return found


def _opens_with_that(clause: Token) -> bool:
    """Whether a clause opens on its own "that" ("that the band was splitting"), also when the parser took it
    for an adverb after a time phrase ("last night that …") or for the object of a verb that has an object of
    its own ("that Karvenia has called up its reservists"), which a relative pronoun cannot be."""
    that = clause.left_edge
    if that.lower_ != "that" or that.head != clause:
        return False
    if that.dep_ in ("mark", "advmod"):
        return True
    return that.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i != that.i for c in clause.children)


def _owned(noun: Token) -> bool:
    """Whether a possessive names whose report it is ("his claims"), the time it came out apart."""
    return any(c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME") for c in noun.children)


def _clause_chain(ctx: Context, head: Token) -> set[int]:
    """The verbs that carry a report clause's own predicate (its head, with its xcomp and conjuncts), outside quotes."""
    chain = [head, *(c for c in head.children if c.dep_ in ("xcomp", "conj") and c.pos_ == "VERB")]
    return {t.i for t in chain if not ctx.in_quote(t)}


def _taken_up(noun: Token) -> bool:
    """Whether someone in the sentence takes the report up: "X repeated a claim that …", "X took issue
    with the suggestion that …", "X declined to comment on reports that …", "…, X said, referring to
    reports that …". Whose claim it then is depends on the verb (repeating makes it X's, responding
    does not), so no claim is added; a denial of it is read by the denial pass. A report after a
    preposition of time or cause ("Shares rose after a report that …", "amid allegations that …") or
    started by an event ("sparking rumours that …") is taken up by no one."""
    if noun.dep_ == "appos":
        return True  # "X, …, repeated accusations that …" read as "X, accusations": the parse lost the verb
    verb = noun.head
    if noun.dep_ == "pobj":
        if verb.lower_ in _CIRCUMSTANCE_PREPS:
            return False
        if verb.lower_ == "including":
            return True  # "X's attack on Y, including a suggestion that …": one of X's own points
        verb = verb.head
        if verb.pos_ in ("ADV", "ADP") and verb.dep_ in ("advmod", "prt"):
            verb = verb.head  # "backed away from a suggestion that …"
    elif noun.dep_ != "dobj":
        return False
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma in _EVENT_VERBS or lemma in DENIAL_VERBS | REJECT_VERBS:
        return False  # a denier rejecting reports does not make them its own
    while verb.dep_ in ("xcomp", "advcl", "conj") and not _has_subject(verb) and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    return _has_subject(verb)


def _has_subject(verb: Token) -> bool:
    """Whether a verb has a subject of its own."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _bound_owner(ctx: Context, noun: Token) -> str | None:
    """The person "his"/"her" stands for in "his suggestion that …", when the pronoun is bound to a name."""
    for child in noun.children:
        if child.dep_ == "poss" and child.tag_ == "PRP$":
            binding = ctx.bindings.get(child.i)
            return binding.name if binding is not None else None
    return None


def _that_follows(noun: Token) -> bool:
    """Whether the noun is followed straight away by "that" ("the Ledger's report that …")."""
    return noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].lower_ == "that"


def named_source(noun: Token) -> str | None:
    """Who a report noun says made the report: "Y's claim", "union claims", "a claim by Y"."""
    for child in noun.children:
        if child.ent_type_ in ("DATE", "TIME"):
            continue  # "the weekend's reports": when it came out, not who put it out
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return _source_text(child)
        if child.dep_ == "compound" and child.pos_ in ("PROPN", "NOUN") and child.i == noun.i - 1:
            return _source_text(child)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _source_text(pobj)
    # "claims circulating on Lusdor social media": where a participle on the noun says it goes round.
    participles = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBG" and c.i == noun.i + 1]
    on_media = [c for p in participles for c in p.children if c.lower_ == "on"]
    for child in [*(c for c in noun.children if c.lower_ in ("in", "from")), *on_media]:
        if child.dep_ == "prep":
            # "a report in the Ledger newspaper", "a story from Harbour Radio": a named outlet (a
            # proper name in the phrase, not a date or place word alone) published it.
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if (
                pobj is not None
                and any(t.pos_ == "PROPN" for t in pobj.subtree)
                and (pobj.ent_type_ not in ("DATE", "TIME", "GPE", "LOC") or _paper_read_as_place(pobj))
                and not any(t.ent_type_ in ("DATE", "TIME") for t in pobj.subtree)
            ):
                return _source_text(pobj)
    return None


def _paper_read_as_place(pobj: Token) -> bool:
    """Whether a report's "in the X" names a paper the tagger took for a place ("a report in the Sentinel"):
    one title-case word after "the", not a plural ("the Philippines") and not in capitals ("the US")."""
    words = [t for t in pobj.subtree if not t.is_punct]
    return (
        pobj.ent_type_ == "GPE"
        and len(words) == 2
        and words[0].lower_ == "the"
        and words[1].i == pobj.i
        and pobj.is_title
        and not pobj.lower_.endswith("s")
    )


def _source_text(head: Token) -> str:
    """A source's words: its noun phrase without a leading article, possessive mark or trailing clause."""
    words = [t for t in head.subtree if t.i <= head.i or (t.dep_ in ("compound", "flat", "appos") and t.head == head)]
    words = [t for t in words if t.dep_ != "case" and t.lower_ not in ("'s", "’s") and t.i <= head.i]
    while words and words[0].lower_ in SOURCE_DROP:
        words.pop(0)
    return " ".join(t.text for t in words) or head.text


def plain_source(noun: Token) -> str:
    """An unnamed report's own words as its source ("reports", "online rumours", "a newspaper report")."""
    # A verdict on it ("false claims") is the denier's word, not the report's.
    mods = [
        c
        for c in noun.children
        if c.dep_ in ("amod", "compound") and c.i < noun.i and c.lemma_.lower() not in FALSITY_WORDS
    ]
    start = min([noun.i] + [c.i for c in mods])
    return noun.doc[start : noun.i + 1].text


def report_claim(
    ctx: Context,
    noun: Token,
    clause: list[Token],
    speaker: str,
    span: tuple[int, int],
    evidence: tuple[str, int, int],
) -> Statement:
    """The claim a report noun carries: its clause's words (`span`, character offsets) by `speaker`,
    with the sentence(s) it comes from (`evidence`: text, start, end)."""
    first, last = clause[0].i, clause[-1].i + 1
    return Statement(
        kind=CLAIM,
        cue=noun.text,
        speaker=speaker,
        speaker_text=speaker,
        text=ctx.text[span[0] : span[1]].strip(' ,;:"\u201c\u201d'),
        evidence=evidence[0],
        start=evidence[1],
        end=evidence[2],
        speaker_type="unknown",
        lemmas=tuple(t.lemma_.lower() for t in clause if not (t.is_stop or t.is_punct) and (t.is_alpha or t.like_num)),
        entities=tuple(
            dict.fromkeys(
                e.text
                for e in ctx.doc.ents
                if first <= e.start and e.end <= last and e.label_ not in ("CARDINAL", "ORDINAL")
            )
        ),
    )
