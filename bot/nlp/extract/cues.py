"""Reporting cues: the subject of a speech verb, its negation, and the token runs around it."""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.extract.context import Context, doc_text
from bot.nlp.extract.structures import INHERIT_DEPS, QUOTE_CHARS, SPEECH_LEMMAS, Unit
from bot.nlp.lexicon import (
    DENIAL_VERBS,
    FALSITY_WORDS,
    PRESCRIPTIVE_SOURCES,
    RAISING_VERBS,
    REJECT_VERBS,
    TRUTH_WORDS,
)

# ------------------------------------------------------------------ cues


def is_negated(tok: Token) -> bool:
    """Whether a verb carries a negation ("did not say"). A "not" the parser hung on a verb across a quote
    mark ('"Probably not," she said') negates the quoted words, not the verb."""
    doc = tok.doc
    return any(
        c.dep_ == "neg" and not any(doc[k].text in QUOTE_CHARS for k in range(min(c.i, tok.i) + 1, max(c.i, tok.i)))
        for c in tok.children
    )


def is_infinitive(tok: Token) -> bool:
    """Whether a verb is an infinitive ("to deny")."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def find_subject(tok: Token) -> Token | None:
    """The subject of a reporting verb, inherited through "…, adding", conjuncts and raising verbs."""
    if (
        tok.tag_ == "VBG"
        and tok.dep_ in ("advcl", "conj", "xcomp")
        and not any(c.dep_ == "nsubj" for c in tok.children)
    ):
        # "X said A, adding B": the participle speaks for the reporting verb above it.
        for anc in tok.ancestors:
            if anc.lemma_.lower() in SPEECH_LEMMAS:
                subjects = [c for c in anc.children if c.dep_ == "nsubj"]
                if subjects:
                    # Of two subjects ("PLACE, Sept 14 (Wire) - Acme rejected …, saying") the nearest
                    # before the verb, as for the verb itself.
                    before = [c for c in subjects if c.i < anc.i]
                    return _relative_antecedent(before[-1] if before else subjects[0])
    if tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        speech_parent = _speech_verb_above_complement(tok)
        if speech_parent is not None:
            return speech_parent
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if subjects:
        # "the city's mayor John Smith wrote": two subjects read for one; the name is nearest.
        before = [c for c in subjects if c.i < tok.i]
        return _relative_antecedent(before[-1] if before else subjects[0])
    for child in tok.children:
        if child.dep_ == "nsubjpass" and tok.lemma_.lower() in ("quote", "cite"):
            return child
    node = tok
    for _ in range(4):
        if node.dep_ not in INHERIT_DEPS or node.head.i == node.i:
            return None
        if (
            node.dep_ == "xcomp"
            and node.head.lemma_.lower() not in RAISING_VERBS
            and node.i == tok.i
            and not purpose_speech(tok)
        ):
            return None
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless", "because", "while") for c in node.children
        ):
            return None
        came_from = node.dep_
        node = node.head
        passive_ok = node.lemma_.lower() in ("quote", "cite") or came_from == "conj"
        found = [c for c in node.children if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and passive_ok)]
        if found:
            # "… had been expected to oppose the law but said it would support it"; of two subjects
            # ("Her opponent, Senator X, called … and said …") the name nearest the verb
            before = [c for c in found if c.i < node.i]
            return _relative_antecedent(before[-1] if before else found[0])
    return None


def with_absolute_subject(tok: Token) -> Token | None:
    """ "…, with several governments saying the plan …": the noun after "with" speaks."""
    if tok.tag_ != "VBG" or tok.dep_ != "acl":
        return None
    if tok.head.pos_ not in ("NOUN", "PROPN") or not any(c.dep_ == "ccomp" for c in tok.children):
        return None
    if tok.head.dep_ == "pobj" and tok.head.head.lower_ == "with":
        return tok.head
    # "an item suggesting that …", "a memo saying the plant would close": the noun reports the clause.
    # Not when the noun is what someone denies ("dismissed reports suggesting …"): the denial owns it.
    noun = tok.head
    denied = noun.dep_ in ("dobj", "pobj") and noun.head.lemma_.lower() in DENIAL_VERBS | REJECT_VERBS
    if any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children) and not denied:
        return noun
    return None


def _speech_verb_above_complement(tok: Token) -> Token | None:
    """'X said staff were tired and accused Y': a reporting verb conjoined inside another's
    complement speaks for that verb's subject, not for the complement's."""
    head = tok.head
    if head.lemma_.lower() in SPEECH_LEMMAS or head.dep_ != "ccomp":
        return None
    speech = head.head
    if speech.lemma_.lower() not in SPEECH_LEMMAS or speech.i > tok.i:
        return None
    return next((c for c in speech.children if c.dep_ == "nsubj"), None)


def left_subject(ctx: Context, tok: Token) -> Token | None:
    """The noun just left of a verb, when the parse tied the verb to another sentence."""
    found = _left_noun(ctx, tok)
    return found if found is not None else _named_before_aside(ctx, tok)


def _named_before_aside(ctx: Context, tok: Token) -> Token | None:
    """ "Senator Harry Reid, the minority leader, said …", "Ms Ruiz, meanwhile, who …, said …" parsed with the
    name inside another phrase: a person or organisation named just before one or two comma-set asides that
    end at the verb."""
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    doc = ctx.doc
    i = tok.i - 1
    if i <= unit.start or doc[i].text != ",":
        return None
    for _ in range(2):
        j = i - 1
        while j > unit.start and doc[j].text != "," and i - j <= 15:
            j -= 1
        if j <= unit.start or doc[j].text != "," or any(ctx.in_quote(t) for t in doc[j : i + 1]):
            return None
        found = ctx.ent_at.get(j - 1)
        if found is not None and found[2] in ("PERSON", "ORG") and found[1] == j:
            return doc[j - 1]
        i = j
    return None


def _left_noun(ctx: Context, tok: Token) -> Token | None:
    """The noun just left of the verb (over adverbs, a comma after a name, a date phrase)."""
    unit = ctx.units[ctx.unit_of_token[tok.i]]
    i = tok.i - 1
    while i >= unit.start and (ctx.doc[i].pos_ in ("ADV", "AUX", "PART") or ctx.doc[i].dep_ == "neg"):
        i -= 1
    if i > unit.start and ctx.doc[i].text == "," and ctx.doc[i - 1].pos_ == "PROPN":
        i -= 1  # "the board's director, Samuel Achterberg, said"
    if i < unit.start:
        return None
    cand = ctx.doc[i]
    if _is_age_description(cand):
        return cand  # '…," the 62-year-old alleged'
    if cand.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    if cand.i in ctx.ent_at and ctx.ent_at[cand.i][2] in ("DATE", "TIME"):
        # "Congress leaders on Thursday rejected …": the noun before the date phrase
        start = ctx.ent_at[cand.i][0]
        if start > unit.start and ctx.doc[start - 1].dep_ == "prep" and start - 2 >= unit.start:
            cand = ctx.doc[start - 2]
        else:
            return None
    if (
        cand.dep_ == "pobj"
        and cand.head.dep_ == "prep"
        and cand.head.head.pos_ in ("NOUN", "PROPN")
        and unit.start <= cand.head.head.i < cand.i
    ):
        cand = cand.head.head
    if cand.pos_ not in ("PROPN", "NOUN", "PRON") or cand.i < unit.start:
        return None
    if cand.i in ctx.ent_at:
        return ctx.doc[ctx.ent_at[cand.i][1] - 1]
    return cand


def prescriptive_source(subject: Token) -> bool:
    """A subject that prescribes rather than speaks ("the law says", "the label says"); a person who bears
    such a word as a name ("Steven Law said") speaks."""
    return subject.lemma_.lower() in PRESCRIPTIVE_SOURCES and subject.ent_type_ not in ("PERSON", "ORG", "NORP")


def passive_agent(tok: Token) -> Token | None:
    """The "by X" of a passive reporting verb."""
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _is_age_description(tok: Token) -> bool:
    """The "old" of "the 62-year-old", which news uses for a person named before."""
    doc = tok.doc
    return (
        tok.lower_ == "old" and tok.i >= 2 and doc[tok.i - 2].lower_ in ("year", "years") and doc[tok.i - 1].text == "-"
    )


def purpose_speech(tok: Token) -> bool:
    """'used her lecture to warn that …', 'took to social media to say that …': the subject speaks.
    Not 'refused to say whether …' nor 'wants to say …'."""
    if not is_infinitive(tok) or tok.head.lemma_.lower() in _NOT_SPEAKING_YET:
        return False
    for child in tok.children:
        if child.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children):
            return True
    return False


_NOT_SPEAKING_YET = frozenset(
    "refuse decline want plan hope expect try need wish intend fail agree prepare seek attempt ask urge "
    "like love prefer promise threaten".split()
)


def _relative_antecedent(subject: Token) -> Token:
    """For "Smith, who said …", the speaker is Smith, not "who"."""
    if subject.lower_ in ("who", "which", "that") and subject.head.dep_ == "relcl":
        return subject.head.head
    return subject


def subtree_range(tok: Token) -> list[tuple[int, int]]:
    """Character ranges of a token's subtree, as contiguous runs."""
    return token_runs(list(tok.subtree))


def token_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """Character ranges covered by `tokens`, adjacent tokens merged into one run."""
    runs: list[tuple[int, int]] = []
    last_i = None
    for t in sorted(tokens, key=lambda t: t.i):
        if t.is_space:
            continue
        if last_i is not None and t.i == last_i + 1 and runs:
            runs[-1] = (runs[-1][0], t.idx + len(t.text))
        else:
            runs.append((t.idx, t.idx + len(t.text)))
        last_i = t.i
    return runs


def line_break_between(a: Token, b: Token) -> bool:
    """Whether a line break lies between two tokens."""
    lo, hi = (a, b) if a.i < b.i else (b, a)
    # The text of the tokens lo .. hi-1 with their trailing white space: from lo's start to hi's start.
    return lo.i != hi.i and doc_text(a.doc).find("\n", lo.idx, hi.idx) != -1


def same_side(clause: Token, cue: Token) -> list[tuple[int, int]]:
    """A complement's subtree on its own side of the cue (a dateline before "X said that …" is not content)."""
    after = clause.i > cue.i
    return token_runs([t for t in clause.subtree if (t.i > cue.i) == after])


def has_that_clause(tok: Token) -> Token | None:
    """The "that …" clause attached to `tok` ("the claim that …"), if any."""
    for child in tok.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            return child
    return None


def falsity_after(tok: Token, limit: int = 22) -> bool:
    """Whether "as false / as not right / a lie" follows the verb within its subtree."""
    words = [t.lemma_.lower() for t in tok.subtree if t.i > tok.i][:limit]
    for i, w in enumerate(words):
        if w in FALSITY_WORDS:
            return True
        if w in ("not", "n't") and i + 1 < len(words) and words[i + 1] in TRUTH_WORDS:
            return True
    return False


def clip(runs: list[tuple[int, int]], unit: Unit) -> list[tuple[int, int]]:
    """Content stays inside the cue's sentence even when the parse runs past a line break."""
    out = []
    for s, e in runs:
        s, e = max(s, unit.start_char), min(e, unit.end_char)
        if e > s:
            out.append((s, e))
    return out


def overlaps(runs: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any run overlaps the character span [start, end)."""
    return any(s < end and start < e for s, e in runs)


def cut(runs: list[tuple[int, int]], span: tuple[int, int]) -> list[tuple[int, int]]:
    """Character runs with one span removed."""
    out = []
    for s, e in runs:
        if e <= span[0] or s >= span[1]:
            out.append((s, e))
            continue
        if s < span[0]:
            out.append((s, span[0]))
        if e > span[1]:
            out.append((span[1], e))
    return out
