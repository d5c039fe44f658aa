"""Describing a subject noun phrase as a `Mention`: a person, a role, a group or nobody who speaks."""

from __future__ import annotations

import re

from spacy.tokens import Token

from bot.nlp.lexicon import (
    DOCUMENT_NOUNS,
    GROUP_PRONOUNS,
    HUMAN_NOUNS,
    NON_SPEAKER_PRONOUNS,
    NON_SPEAKER_WORDS,
    PERSON_DESCRIPTOR_NOUNS,
    PERSON_PRONOUNS,
    PERSON_ROLE_NOUNS,
    TITLE_WORDS,
)
from bot.nlp.sentences import sentence_of
from bot.nlp.speakers.given_names import given_name_gender
from bot.nlp.speakers.names import (
    CIRCUMSTANCE_PREPS,
    DETERMINERS,
    GROUP,
    GROUP_LABELS,
    ORG_HEAD_WORDS,
    PERSON,
    SPOKESPEOPLE,
    UNKNOWN,
    Mention,
    phrase_without_det,
    relation_of_another,
)
from bot.nlp.speakers.registry import DASHES, PersonRegistry


def _is_plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children)


def _subject_tokens(head: Token, bounds: tuple[int, int] | None = None) -> list[Token]:
    """The subject phrase's tokens, without relative clauses and edge punctuation."""
    dropped: set[int] = set()
    if bounds is not None:
        dropped.update(t.i for t in head.subtree if not bounds[0] <= t.i < bounds[1])
    for tok in head.subtree:
        if tok.i == head.i:
            continue
        set_off = tok.left_edge.i > 0 and tok.doc[tok.left_edge.i - 1].text in (",", "(", "—", "–")
        dated = any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree)
        circumstance = (
            tok.dep_ == "prep"
            and tok.head.i == head.i
            and tok.lower_ in CIRCUMSTANCE_PREPS
            and (head.ent_type_ == "PERSON" or head.i > head.head.i or dated)
        )
        participle = tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBG") and tok.i > head.i
        relation = tok.dep_ == "appos" and relation_of_another(tok)  # "X, whose husband, Y, …"
        if tok.dep_ in ("relcl", "advcl") or (tok.dep_ == "acl" and set_off) or circumstance or participle or relation:
            # "a study published in a journal last month": the participle describes, the noun speaks
            dropped.update(t.i for t in tok.subtree)
    tokens = [t for t in head.subtree if t.i not in dropped]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    # Keep the contiguous run that holds the head.
    run = [head]
    index = {t.i: t for t in tokens}
    i = head.i - 1
    while i in index:
        run.insert(0, index[i])
        i -= 1
    i = head.i + 1
    while i in index:
        run.append(index[i])
        i += 1
    while run and (run[-1].is_punct or run[-1].is_space):
        run.pop()
    while run and (run[0].is_punct or run[0].is_space):
        run.pop(0)
    return _balanced(run)


def _balanced(run: list[Token]) -> list[Token]:
    """A phrase without a half-open bracket ("the ruling Party (RVP" → "the ruling Party")."""
    depth = 0
    for n, tok in enumerate(run):
        if tok.text == "(":
            if depth == 0:
                opened = n
            depth += 1
        elif tok.text == ")":
            if depth == 0:
                return _balanced(run[n + 1 :]) if n < len(run) // 2 else run[:n]
            depth -= 1
    if depth > 0 and opened > 0:
        cut = run[:opened]
        while cut and (cut[-1].is_punct or cut[-1].is_space):
            cut.pop()
        return cut or run
    return run


def is_non_speaker(tokens: list[Token]) -> bool:
    """True for page elements and credits: "File photo by …", "Getty Images"."""
    words = {t.lower_ for t in tokens}
    return bool(words & NON_SPEAKER_WORDS)


_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}(?:[ap]\.?m\.?)?$", re.IGNORECASE)


def _dateline_like(tokens: list[Token]) -> bool:
    """A place in capitals, a date or a wire credit in brackets: "SAN JOSE, June 10 (Wire)"."""
    return any(
        t.text == ")" or (t.is_alpha and t.is_upper and len(t) >= 3) or t.ent_type_ in ("DATE", "TIME") for t in tokens
    )


def _after_dateline(head: Token, tokens: list[Token]) -> tuple[Token, list[Token]]:
    """The subject without a dateline or wire credit the parse put in front of it.

    "SAN JOSE, June 10 (Global Business Wire) - Software company Vantrix said": the
    speaker is what follows the spaced dash, never the place, date or agency before it.
    """
    lead = 0
    while lead < len(tokens) - 1 and _CLOCK.match(tokens[lead].text):
        lead += 1  # "14:30 Pellmarch said": a live blog's time stamp
    if lead:
        tokens = tokens[lead:]
        head = head if head.i >= tokens[0].i else tokens[-1]
    for k in range(len(tokens) - 2, 0, -1):
        dash = tokens[k]
        spaced = bool(dash.whitespace_) and bool(tokens[k - 1].whitespace_)
        # A transcript label the parse joined to the subject ("ARNOTT: The federation confirmed")
        label = dash.text.endswith(":") and all(t.is_upper or not t.is_alpha for t in tokens[:k])
        if not label and (dash.text not in DASHES or not spaced or not _dateline_like(tokens[:k])):
            continue
        rest = tokens[k + 1 :]
        ids = {t.i for t in rest}
        roots = [t for t in rest if t.head.i not in ids and t.pos_ in ("NOUN", "PROPN", "PRON")]
        if not roots:
            return head, tokens
        return (head if head.i in ids else roots[-1]), rest
    return head, tokens


# People who speak on someone else's behalf ("a spokesman for X", "a lawyer for X").
_AGENT_NOUNS = SPOKESPEOPLE | frozenset({"representative", "lawyer", "attorney", "aide", "adviser", "advisor"})


def _trading_name(head: Token, tokens: list[Token]) -> tuple[str, str | None] | None:
    """A name that ends in a possessive and owns nothing: a trading name such as "Dell's" or "Lowe's"
    (invented here: "Corbett's said", "supermarket group Corbett's said"). The parse gives the name a
    possessive case mark but no possessed noun, so the subject is the name with its "'s", not a person
    called "Corbett". Also a headline the tagger misread: "Corbett's launches store review, rejects …"
    parses "launches" as a noun the name possesses, but a subject phrase set off from its verb by a
    comma, in a line without a full stop, is a first verb the tagger missed. Returns (name, role)."""
    last = tokens[-1]
    if last.tag_ == "POS" and len(tokens) >= 2 and last.i + 1 < len(last.doc):
        # the possessive is followed by the verb itself ("Corbett's said", "Corbett's also said")
        following = last.doc[last.i + 1]
        owner = tokens[-2] if following.pos_ in ("VERB", "AUX", "ADV") else None
    else:
        owner = _misread_headline_owner(head, tokens)
    if owner is None or owner.pos_ != "PROPN" or owner.whitespace_:
        return None
    mark = owner.doc[owner.i + 1]
    if mark.tag_ != "POS" or mark.head.i != owner.i:
        return None
    start = owner.i
    while start - 1 >= tokens[0].i and owner.doc[start - 1].pos_ == "PROPN" and owner.doc[start - 1].head.i == owner.i:
        start -= 1
    before = [t for t in tokens if t.i < start]
    # "supermarket group Corbett's": the words before the name say what it is
    role = (
        owner.doc[before[0].i : start].text
        if before and all(t.is_alpha and t.pos_ in ("NOUN", "ADJ", "DET") for t in before)
        else None
    )
    return owner.doc[start : mark.i + 1].text, strip_det(role) if role else None


def in_headline(head: Token) -> bool:
    """Whether a token is in the document's first line when that line is a headline (no full stop)."""
    sentence = sentence_of(head)
    if sentence.start != 0 or sentence[-1].text in (".", "!", "?"):
        return False
    return "\n" not in head.doc[: head.i + 1].text


def _misread_headline_owner(head: Token, tokens: list[Token]) -> Token | None:
    """In a headline ("Corbett's launches store review, rejects 'speculation'"), the name whose possessive
    the tagger hung a misread verb on: the subject phrase opens the line with "Name's" and a plural-looking
    word, runs up to a comma right before its own verb, and the line has no full stop."""
    doc = head.doc
    sent = sentence_of(head)
    if tokens[0].i != sent.start or sent[-1].text in (".", "!", "?") or len(tokens) < 3:
        return None
    after = tokens[-1].i + 1
    if after + 1 >= len(doc) or doc[after].text != "," or doc[after + 1].i != head.head.i:
        return None
    owner, mark, verb = tokens[0], tokens[1], tokens[2]
    while mark.pos_ == "PROPN" and mark.i < head.i:
        owner, mark, verb = mark, doc[mark.i + 1], doc[mark.i + 2]
    if owner.pos_ != "PROPN" or mark.tag_ != "POS" or verb.tag_ != "NNS" or verb.i >= head.i:
        return None
    return owner


def _speaking_for(head: Token, tokens: list[Token], registry: PersonRegistry) -> Mention | None:
    """In "A spokesman for Senator Ruiz said" the spokesman speaks, on behalf of Ruiz ("spokesman for Jane Ruiz")."""
    if head.pos_ != "NOUN" or head.lemma_.lower() not in _AGENT_NOUNS:
        return None
    ids = {t.i for t in tokens}
    prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "to") and c.i in ids), None)
    principal = next((c for c in prep.children if c.dep_ == "pobj" and c.i in ids), None) if prep else None
    if principal is None:
        return None
    behalf = {t.i for t in principal.subtree}
    if any(registry.person_at(t) is not None for t in tokens if t.i not in behalf) or _appositive_name(head, tokens):
        return None  # "the spokeswoman for the ministry, Ana Ruiz": she is named
    name = next((registry.person_at(t) for t in principal.subtree if registry.person_at(t) is not None), None)
    if name is None:
        words = [t for t in principal.subtree if t.i in ids and not t.is_punct]
        name = head.doc[words[0].i : words[-1].i + 1].text if words else principal.text
    role = head.lower_
    text = head.doc[tokens[0].i : tokens[-1].i + 1].text
    return Mention(text, "name", head, name=f"{role} for {name}", role=role, type=PERSON)


def _defined_by_clause(head: Token, tokens: list[Token]) -> str | None:
    """ "Others who have advocated …", "Some who backed him": a quantifier that names nobody is the people
    its relative clause describes (up to a comma), not a bare "Others"."""
    if head.lower_ not in ("others", "some", "many", "several") or len(tokens) != 1:
        return None
    clause = next((c for c in head.children if c.dep_ == "relcl" and c.i > head.i), None)
    if clause is None:
        return None
    doc = head.doc
    end = clause.right_edge.i
    comma = next((t.i for t in doc[head.i : end + 1] if t.text in (",", ";", "—", "–")), None)
    if comma is not None:
        end = comma - 1
    if end - head.i > 12:
        return None
    return doc[head.i : end + 1].text


def _respondents(head: Token) -> bool:
    """A poll's respondents as a subject: "six in 10", "two out of three", "those surveyed"."""
    doc = head.doc
    if head.like_num and head.i >= 2 and doc[head.i - 1].lower_ in ("in", "of") and doc[head.i - 2].like_num:
        return True
    if head.like_num and _out_of_a_number(head):
        # "Nine in 10 registered voters say": the parse heads the phrase on the first number
        return True
    return head.lower_ in ("those", "these") and any(c.dep_ in ("acl", "relcl") for c in head.children)


def _out_of_a_number(head: Token) -> bool:
    """True when `head` takes "in"/"out of" and a number: "nine in 10 voters", "two out of three"."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "out", "of"):
            continue
        for obj in prep.subtree:
            if obj.dep_ in ("pobj", "nummod") and obj.like_num and obj.i <= prep.i + 2:
                return True
    return False


def describe_subject(
    head: Token, registry: PersonRegistry, bounds: tuple[int, int] | None = None, cue: Token | None = None
) -> Mention | None:
    """Classify a subject head as a name, pronoun, role nominal, group or document.

    `bounds` (token indices) keeps the phrase inside its sentence when a parse
    runs across a line break. With the reporting verb `cue`, a subject the parse
    took from the wrong phrase is corrected first (`speaker_of_cue`).
    """
    if cue is not None:
        moved = speaker_of_cue(head, cue, registry)
        if moved.ent_type_ in ("DATE", "TIME") and moved.dep_ in ("pobj", "npadvmod", "tmod"):
            moved = head  # "A post shared since Monday says …": a time phrase never speaks (but "the weekly" may)
        if bounds is not None and moved.i != head.i and not bounds[0] <= moved.i < bounds[1]:
            # the bounds were the wrong phrase's ("Harwick Town have issued a statement denying …" bounds the
            # statement); the speaker found instead keeps its whole phrase within its sentence
            sentence = sentence_of(moved)
            bounds = (sentence.start, sentence.end)
        head = moved
    tokens = _subject_tokens(head, bounds)
    head, tokens = _after_dateline(head, tokens)
    if not tokens or is_non_speaker(tokens):
        return None
    text = head.doc[tokens[0].i : tokens[-1].i + 1].text
    # "February 6, 2016 9:12PMTrump Says …": a live blog's time stamp glued to the name
    text = _GLUED_CLOCK.sub("", text) or text
    low = head.lower_
    if low in ("one", "some", "many", "several", "two", "three", "most") and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in head.children
    ):
        # "One of the sources said": a member of a group that speaks.
        return Mention(strip_det(text), "group", head, type=GROUP)
    defined = _defined_by_clause(head, tokens)
    if defined is not None:
        # "Others who have advocated a tougher approach expressed doubts": the clause says who they are
        return Mention(defined, "group", head, type=GROUP)
    if _respondents(head):
        # "Six in 10 said", "those surveyed said": the people a poll asked
        phrase = head.doc[min(tokens[0].i, head.left_edge.i) : max(tokens[-1].i, head.right_edge.i) + 1].text
        return Mention(phrase, "group", head, type=GROUP)
    if head.pos_ in ("PRON", "DET") or (low in NON_SPEAKER_PRONOUNS and not head.text.isupper()):
        if low in PERSON_PRONOUNS:
            return Mention(text, "pronoun", head, type=PERSON)
        if low in GROUP_PRONOUNS:
            return Mention(text, "pronoun", head, type=GROUP)
        return None
    trading = _trading_name(head, tokens)
    if trading is not None:
        # "Corbett's said", "Corbett's launches review, rejects …": the possessive is part of the name
        return Mention(trading[0], "group", head, role=trading[1], type=GROUP)
    spokesperson = _speaking_for(head, tokens, registry)
    if spokesperson is not None:
        return spokesperson
    if head.lower_ == "old" and head.i >= 2 and head.doc[head.i - 2].lower_ in ("year", "years"):
        # "the 62-year-old": a person described by age, named earlier
        return Mention(text, "descriptor", head, type=PERSON)
    name = _person_in(tokens, head, registry)
    if name is not None:
        return Mention(text, "name", head, name=name, role=_role_in(tokens, head, name, registry), type=PERSON)
    titled = _titled_name(head, tokens)
    if titled is not None:
        # "Local councillor Jane Hale" with the name mislabelled as an organisation: the title says it is a person
        return Mention(text, "name", head, name=registry.canonical(titled), type=PERSON)
    named = _appositive_name(head, tokens)
    if named is not None:
        # "the club, Vault 9,", "a short seller, Bluefin Research,": the name says who speaks
        return Mention(named, "group", head, role=strip_det(phrase_without_det(head) or head.text), type=GROUP)
    if head.pos_ in ("NOUN", "PROPN") and head.ent_type_ != "PERSON":
        text = _without_set_off_appositions(head, tokens) or text
    lemma = head.lemma_.lower()
    definite_propn = any(c.lower_ == "the" for c in head.children) and not _is_plural(head)
    if head.ent_type_ == "NORP" and definite_propn and head.tag_ == "NNP":
        # "The Kentucky Republican said": a description of a person named before.
        return Mention(text, "descriptor", head, type=PERSON)
    if head.pos_ == "PROPN" and not head.ent_type_ and len(tokens) == 1 and head.text.istitle():
        # A lone capitalised name NER did not label ("Smith said") is most often a person.
        return Mention(text, "name", head, name=head.text, type=PERSON)
    if head.ent_type_ in GROUP_LABELS or head.pos_ == "PROPN":
        return Mention(strip_det(text), "group", head, type=GROUP)
    if lemma in DOCUMENT_NOUNS:
        return Mention(strip_det(text), "document", head, type=UNKNOWN)
    if head.pos_ in ("NOUN", "PROPN", "ADJ"):
        definite = any(c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in head.children)
        # A headline drops its articles: "Former port chief denies …" is the chief the article names.
        definite = definite or in_headline(head)
        if lemma in PERSON_ROLE_NOUNS and not _is_plural(head) and definite:
            return Mention(text, "nominal", head, type=PERSON)
        if definite and not _is_plural(head) and (lemma in PERSON_DESCRIPTOR_NOUNS or lemma.endswith("-old")):
            return Mention(text, "descriptor", head, type=PERSON)
        kind_type = GROUP if _is_plural(head) or lemma not in PERSON_ROLE_NOUNS | HUMAN_NOUNS else PERSON
        return Mention(strip_det(text), "group", head, type=kind_type)
    if head.pos_ == "NUM" or head.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY"):
        return None
    return None


def speaker_of_cue(head: Token, cue: Token, registry: PersonRegistry) -> Token:
    """The speaker of `cue` when the parse gave it a subject from the wrong phrase, else `head`.

    - '<content>, said Jane Smith, an analyst' (and '…, said Smith, would …'): the parse makes the
      content's noun the verb's subject; the person right after the verb speaks.
    - 'an official who spoke on condition of anonymity to discuss strategy said': a noun inside the
      relative clause of the real subject was taken; the clause's antecedent speaks.
    - 'Jane Smith, a consultant who said …': the description set beside a name is that person.
    """
    quoted = _quoted_as_saying(cue)
    if quoted is not None:
        return quoted
    inverted = _inverted_speaker(head, cue, registry)
    if inverted is not None:
        return inverted
    poll = _poll_of_respondents(head) or _person_before_place(head, cue, registry) or _inserted_speaker(head, cue)
    if poll is not None:
        return poll
    issuer = _issuer_of(head, cue, registry)
    if issuer is not None:
        return issuer
    named = (
        _named_twin(head, registry)
        or _name_after_description(head, cue, registry)
        or _name_set_off_in_description(head, cue, registry)
    )
    if named is not None:
        return named
    led = _led_to_speak(cue) or _one_of_those(head, cue)
    if led is not None:
        return led
    aside = _before_participle_aside(head, cue, registry)
    if aside is not None:
        return aside
    marked = _subject_of_marked_participle(head, cue)
    if marked is not None:
        return marked
    orphaned = (
        _orphaned_subject(head, cue)
        or _continued_list_subject(head, cue)
        or _compared_subject(head, cue)
        or _mismatched_conjunct(head, cue)
        or _coordinated_clause_subject(head, cue)
    )
    if orphaned is not None:
        return orphaned
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        # "The governor was the most forceful figure on stage, mocking …": the copula's subject speaks
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.pos_ in ("NOUN", "PROPN") or subject.lower_ in PERSON_PRONOUNS):
            return subject  # not "This is a man who said …"
    described = head
    while described.dep_ == "conj" and described.head.i < described.i:
        described = described.head  # "a consultant and an influential Republican who said"
    described_by_noun = head.pos_ == "NOUN" or head.ent_type_ == "NORP"  # a description, not another name
    if described.dep_ == "appos" and described_by_noun and registry.person_at(described.head) is not None:
        return described.head  # "said Jane Smith, a media consultant who said …": the consultant is Smith
    if _may_speak(head, registry):
        return head  # a person inside someone's relative clause is still the likelier speaker
    return _relative_clause_owner(head, cue) or head


def _quoted_as_saying(cue: Token) -> Token | None:
    """'The paper quoted the minister as saying …': the one quoted speaks, not the paper that quotes. The
    participle hangs on "as", which hangs on a verb of quoting whose object is the speaker."""
    if cue.tag_ != "VBG" or cue.dep_ != "pcomp" or cue.head.lower_ != "as" or cue.head.dep_ != "prep":
        return None
    verb = cue.head.head
    if verb.lemma_.lower() not in ("quote", "cite") or verb.i > cue.i:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.i < cue.i), None)


# Who obtained, read or cited an item did not issue it: "Reporters obtained a memo saying …" is the memo's.
_RECEIVING_VERBS = frozenset(
    "obtain receive see review read acquire get cite quote find examine uncover leak view".split()
)
# A poll or study "showing" or "finding" something speaks for its own data, whoever released it.
_EVIDENCE_CUES = frozenset({"show", "find", "indicate", "suggest", "reveal"})


def _issuer_of(head: Token, cue: Token, registry: PersonRegistry) -> Token | None:
    """'Trump issued a statement saying …', 'Forbes shot back in an article stating …': the one who
    issued the item speaks through it, not the item."""
    author = _author_of(head) if cue.lemma_ not in _EVIDENCE_CUES else None
    if author is not None:
        return author
    # "ran a piece that noted …": a relative clause whose subject is the item itself speaks like a participle
    relative = (
        cue.dep_ == "relcl"
        and head.dep_ == "dobj"
        and head.head.lemma_.lower() in _PUBLISHING_VERBS
        and any(c.dep_ == "nsubj" and c.lower_ in ("that", "which") for c in cue.children)
    )
    if cue.dep_ != "acl" and not relative:
        return None
    if cue.head.i != head.i or head.pos_ != "NOUN" or _may_speak(head, registry):
        return None
    holder = head.head if head.dep_ == "dobj" else head.head.head if head.dep_ == "pobj" else None
    hops = 0
    while holder is not None and holder.pos_ == "NOUN" and holder.dep_ == "pobj" and hops < 2:
        # "answered with a clarifying note under the report saying …": the item is inside another item
        holder = holder.head.head
        hops += 1
    # "The top Republicans are on record opposing …": a participle on where someone stands is theirs.
    on_record = holder is not None and holder.lemma_ == "be" and head.dep_ == "pobj"
    if holder is None or (holder.pos_ != "VERB" and not on_record):
        return None
    if holder.lemma_ in _RECEIVING_VERBS or cue.lemma_ in _EVIDENCE_CUES:
        return None
    subjects = [c for c in holder.children if c.dep_ == "nsubj"]
    # Of two subjects ("HOST: On Monday, Acme put out a statement saying …" reads the turn label as one),
    # the nearest before the verb, as for a reporting verb's own subject.
    before = [c for c in subjects if c.i < holder.i]
    issuer = before[-1] if before else (subjects[0] if subjects else None)
    if issuer is None and not any(c.dep_ in ("nsubjpass", "expl", "csubj") for c in holder.children):
        # "Black Lives Matter issued a statement saying …" with the name parsed as a modifier of the verb
        issuer = next(
            (c for c in reversed(list(holder.lefts)) if c.pos_ == "PROPN" and c.dep_ in ("advmod", "npadvmod", "dep")),
            None,
        )
    if issuer is not None and issuer.lower_ in ("who", "which", "that") and holder.dep_ == "relcl":
        issuer = holder.head  # "the campaign, which sent an email saying …"
    if issuer is None and holder.dep_ == "xcomp":
        # "That led the weekly to run a front page saying …": whoever the verb's object or subject is
        above = holder.head
        issuer = next((c for c in above.children if c.dep_ == "dobj"), None) or next(
            (c for c in above.children if c.dep_ == "nsubj"), None
        )
    return issuer


# Writing or sending an item makes its author the speaker: "an email sent out by X warned …".
_AUTHORING_VERBS = frozenset("send issue release write sign post circulate distribute pen author tweet file".split())
# Putting an item out makes its publisher the speaker of what it says ("ran a piece that noted …").
_PUBLISHING_VERBS = _AUTHORING_VERBS | frozenset({"run", "publish", "air"})
_ITEM_NOUNS = DOCUMENT_NOUNS | frozenset({"email", "e-mail", "message", "letter", "note", "ad", "advertisement"})


def _author_of(head: Token) -> Token | None:
    """The author of an item that speaks: "a fundraising email sent out by Sanders warned …" is Sanders'."""
    if head.pos_ != "NOUN" or head.lemma_.lower() not in _ITEM_NOUNS:
        return None
    for acl in head.children:
        if acl.dep_ != "acl" or acl.tag_ != "VBN" or acl.lemma_.lower() not in _AUTHORING_VERBS:
            continue
        agent = next((c for c in acl.children if c.dep_ == "agent"), None)
        author = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if author is not None and author.pos_ in ("PROPN", "NOUN"):
            return author
    return None


# Words that make a subject a share of a poll's respondents ("51 percent of respondents", "about half").
_SHARE_WORDS = frozenset("percent % majority majorities half third quarter plurality most share respondent".split())
_POLL_NOUNS = frozenset({"poll", "survey"})


def _poll_of_respondents(head: Token) -> Token | None:
    """The poll whose respondents a share speaks for: "In a CNN poll, 31 percent said …",
    "Nearly three in four say …, according to the survey"."""
    lemma = head.lemma_.lower()
    share = lemma in _SHARE_WORDS or head.like_num or (lemma == "in" and head.i > 0 and head.nbor(-1).like_num)
    if not share:
        return None
    own = {t.i for t in head.subtree}
    for tok in sentence_of(head):
        if tok.lemma_.lower() in _POLL_NOUNS and tok.i not in own and tok.dep_ in ("pobj", "nsubj"):
            # A poll named after the share is its source only through "according to": in "…, after a third
            # agreed in the spring poll" or "when voters head to the polls" it is another clause's.
            if tok.i > head.i and not _under_according_to(tok):
                continue
            return tok
    return None


def _under_according_to(tok: Token) -> bool:
    """True when `tok` is the object of an "according to" phrase."""
    prep = tok.head
    return prep.lower_ == "to" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "according"


def _inserted_speaker(head: Token, cue: Token) -> Token | None:
    """ "Clinton, a top aide said, is very confident": an inserted "a/an X said" after the topic is X's,
    though the parse makes X an apposition of the topic. "Smith, a consultant, said" keeps its comma."""
    if head.i >= cue.i:
        return None
    for appos in head.children:
        if appos.dep_ != "appos" or appos.pos_ != "NOUN" or appos.i != cue.i - 1:
            continue  # the noun itself right before the verb, with no comma and nothing after it
        if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in appos.children):
            return appos
    return None


def _person_before_place(head: Token, cue: Token, registry: PersonRegistry) -> Token | None:
    """ "…, a union member in Roanoke, Va., who voted …": "who" is never a place; the person whose
    description ends with the place is the relative clause's antecedent."""
    if head.ent_type_ not in ("GPE", "LOC", "FAC") or not any(
        c.dep_ == "nsubj" and c.lower_ == "who" for c in cue.children
    ):
        return None
    tok = head
    for _ in range(4):
        if tok.dep_ not in ("pobj", "prep", "appos", "conj", "compound"):
            return None
        tok = tok.head
        if tok.dep_ != "prep" and tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in ("GPE", "LOC", "FAC"):
            if tok.dep_ == "appos" and registry.person_at(tok.head) is not None:
                return tok.head  # "J. J. Price, a firefighter in Roanoke, Va., who …": the named person
            return tok if _may_speak(tok, registry) or tok.pos_ == "NOUN" else None
    return None


def _before_participle_aside(head: Token, cue: Token, registry: PersonRegistry) -> Token | None:
    """ "Okafor, contradicting Lindqvist, said …", "Ms. Dorn, asked about the closure of the clinics
    last year, had said …": a subject taken from a participle aside set off by commas just before the
    verb gives way to the person before the aside."""
    doc = cue.doc
    if head.i >= cue.i:
        return None
    end = cue.i - 1
    while end > 0 and doc[end].pos_ in ("AUX", "ADV", "PART"):
        end -= 1
    if doc[end].text != ",":
        return None
    # A past participle the tagger read as a past tense ("Mr. Trump, asked about …, had said") has no subject.
    participle = next(
        (
            a
            for a in [head, *head.ancestors]
            if a.i <= head.i
            and (a.tag_ in ("VBG", "VBN") or (a.tag_ == "VBD" and not any(c.dep_ == "nsubj" for c in a.children)))
        ),
        None,
    )
    if participle is None or participle.i >= cue.i:
        return None
    last = participle.right_edge.i
    while last > participle.i and doc[last].is_punct:
        last -= 1  # the aside's closing comma, when the parse hangs it on the participle
    if last >= end:
        return None
    if participle.lemma_.lower() in ("cite", "quote"):
        return None  # "The Post, quoting an unnamed diplomat, said …": the diplomat speaks, relayed by the Post
    left = participle.left_edge.i
    if left < 2 or doc[left - 1].text != ",":
        return None
    before = doc[left - 2]
    if before.pos_ == "PROPN" and (registry.person_at(before) is not None or before.ent_type_ in ("PERSON", "ORG")):
        return before
    return None


def _subject_of_marked_participle(head: Token, cue: Token) -> Token | None:
    """ "Rivals have lost no days since the floods setting out their plans": a participle
    given a subject after "since"/"after" with no auxiliary is no clause of its own (the noun belongs to
    the preposition); it speaks for the main clause's subject."""
    if cue.tag_ != "VBG" or cue.dep_ != "advcl" or head.dep_ != "nsubj" or head.head.i != cue.i:
        return None
    if any(c.dep_ in ("aux", "auxpass") for c in cue.children):
        return None
    if not any(c.dep_ == "mark" and c.i < head.i for c in cue.children):
        return None
    main = cue.head
    return next((c for c in main.children if c.dep_ == "nsubj" and c.i != head.i), None)


# Subordinators the parse may read as prepositions, taking the next clause's subject for their object.
_SUBORDINATORS = frozenset("as after before while since until when because once".split())


def _orphaned_subject(head: Token, cue: Token) -> Token | None:
    """ "Regulators fined the lender for fraud and Halloran dismissed his deputy, conceding …",
    "Varga backed it and Oduya, as she has before, fought the plan", "… grew louder as Mina
    Ostrova, the founder's daughter, attacked Kell": the parse joins the second clause's subject to
    the first clause's object ("fraud and Halloran") or to a subordinator read as a preposition ("as
    Davis"), leaving the second verb without a subject, and the first clause's subject is inherited.
    The noun right before the verb is its subject."""
    verb = cue
    if cue.tag_ == "VBG" and cue.dep_ in ("advcl", "xcomp") and not any(c.dep_ == "nsubj" for c in cue.children):
        verb = cue.head  # "…, acknowledging": the participle speaks for the clause it hangs on
    # A finite verb, or a bare one under a modal ("and NBC News will accuse you")
    finite = verb.tag_ in ("VBD", "VBZ", "VBP") or (
        verb.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
    )
    if verb.dep_ not in ("conj", "advcl") or not finite or verb.head.i >= verb.i:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return None
    doc = verb.doc
    aside = {t.i for c in verb.children if c.i < verb.i and not c.is_punct for t in c.subtree}
    i = verb.i - 1
    # Skip only the verb's own aside with its commas ("Oduya, as she has before, fought"), not a comma
    # that ends a list ("cheered for the Harriers and the Comets, canvassed for …").
    while i > verb.head.i and (
        i in aside or (doc[i].is_punct and doc[i].text != ")" and (i + 1 in aside or i - 1 in aside))
    ):
        i -= 1
    if doc[i].text == ")":
        # a bracket after the name ("after Chairman Trey Gowdy (R-S.C.) earlier in the day touted")
        opening = next((j for j in range(i - 1, verb.head.i, -1) if doc[j].text == "("), None)
        if opening is not None:
            i = opening - 1
    if doc[i].text == ",":
        # An aside set off by commas the parse hung elsewhere: adverbial ("and Oduya, as she has before,
        # fought") or the noun's own apposition ("as Mina Ostrova, the founder's daughter, attacked").
        opening = next((j for j in range(i - 1, verb.head.i, -1) if doc[j].text == ","), None)
        if opening is not None and (
            doc[opening + 1].pos_ in ("SCONJ", "ADP", "ADV")
            or any(c.dep_ == "appos" and opening < c.i < i for c in doc[opening - 1].children)
        ):
            i = opening - 1
    noun = doc[i]
    while noun.dep_ in ("compound", "flat") and verb.head.i < noun.head.i < verb.i:
        noun = noun.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.i == head.i or noun.i <= verb.head.i:
        return None
    before = doc[noun.left_edge.i - 1] if noun.left_edge.i > 0 else None
    if verb.dep_ == "advcl":
        # "as Davis … attacked": the subordinator was read as the noun's preposition
        read_as_prep = noun.dep_ == "pobj" and noun.head.lower_ in _SUBORDINATORS
        return noun if read_as_prep and before is not None and before.i == noun.head.i else None
    if noun.dep_ != "conj" or noun.head.i >= noun.i or noun.head.i <= verb.head.i:
        return None  # joined to an object of the first clause, not a subject list ("A and B said")
    if before is None or before.lower_ not in ("and", "but"):
        return None
    return noun


def _continued_list_subject(head: Token, cue: Token) -> Token | None:
    """ "… was when Ann Brody speculated about the cost, referred to his divisiveness and considered …": the
    parse hangs each verb of one subject's list on the main clause, so the later ones inherit its subject.
    A verb with no subject right after a comma that ends a sibling clause with a subject continues it."""
    verb = cue
    while verb.dep_ == "conj" and verb.head.i < verb.i and not _has_subject(verb):
        verb = verb.head  # "… and considered": through the list to its first verb
    if verb.dep_ not in ("advcl", "conj") or verb.tag_ not in ("VBD", "VBZ", "VBP") or _has_subject(verb):
        return None
    doc = verb.doc
    if verb.left_edge.i < 2 or doc[verb.left_edge.i - 1].text != ",":
        return None
    comma = verb.left_edge.i - 1
    sibling = next(
        (
            c
            for c in verb.head.children
            if c.i < verb.i
            and c.dep_ in ("advcl", "conj")
            and c.pos_ == "VERB"
            and c.right_edge.i in (comma, comma - 1)
        ),
        None,
    )
    if sibling is None:
        return None
    subject = next((c for c in sibling.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.i == head.i or subject.lower_ in ("who", "which", "that"):
        return None
    return subject


def _compared_subject(head: Token, cue: Token) -> Token | None:
    """ "Hunter represents a district, and like Trump has spoken about the border": a name after "like" or
    "unlike" is whom the subject is compared with; the clause's subject is the first clause's."""
    doc = head.doc
    start = head.left_edge.i
    if start == 0 or doc[start - 1].lower_ not in ("like", "unlike") or cue.dep_ != "conj":
        return None
    if head.head.i != cue.i or cue.head.i >= cue.i:
        return None
    return next((c for c in cue.head.children if c.dep_ == "nsubj"), None)


def _mismatched_conjunct(head: Token, cue: Token) -> Token | None:
    """ "Mr. Hale backpedaled on his prediction that the economy would pull out of its slump, and blamed the
    oil price": a past-tense verb cannot share "would" with the bare verb the parse joins it to, so it
    continues the clause above, whose subject speaks."""
    if cue.dep_ != "conj" or cue.tag_ not in ("VBD", "VBZ") or _has_subject(cue):
        return None
    joined = cue.head
    if joined.tag_ != "VB" or not any(c.tag_ == "MD" for c in joined.children) or joined.dep_ != "ccomp":
        return None
    main = joined.head
    subject = next((c for c in main.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and subject.i != head.i and subject.i < cue.i else None


def _coordinated_clause_subject(head: Token, cue: Token) -> Token | None:
    """ "Protest groups say the rules are unfair, and the union has sued the city, saying they violate …":
    a participle on a clause coordinated with a report, not inside it, is that clause's subject's."""
    if cue.tag_ != "VBG" or _has_subject(cue) or cue.dep_ not in ("advcl", "xcomp"):
        return None
    verb = cue.head
    if verb.dep_ != "conj" or head.i in {t.i for t in verb.subtree}:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i), None)
    if subject is None or subject.lower_ in ("who", "which", "that", "it", "this"):
        return None
    return subject


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children)


# Verbs that bring their object to do something: the object, not the cause, then speaks.
_CAUSATIVE_VERBS = frozenset("lead leave prompt cause force push spur drive encourage inspire".split())


def _led_to_speak(cue: Token) -> Token | None:
    """ "The timing led Republicans to say …", "The killings have left 62 percent of voters saying …":
    the object of a causative verb speaks, not its subject."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children) or cue.dep_ not in ("xcomp", "advcl", "ccomp"):
        return None
    verb = cue.head
    if verb.lemma_.lower() not in _CAUSATIVE_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < cue.i), None)
    if obj is None:
        return None
    lemma = obj.lemma_.lower()
    people = obj.pos_ == "PROPN" or obj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "PERCENT")
    # not "The president left no doubt of his commitment, saying …"
    return obj if people or lemma in HUMAN_NOUNS | PERSON_ROLE_NOUNS | _SHARE_WORDS else None


def _one_of_those(head: Token, cue: Token) -> Token | None:
    """ "Jane Doe, a supporter from Hemet, is among those who say …", "Doe is one of those who said …": the
    person counted among the speakers is the one the story quotes."""
    if head.lower_ not in ("those", "people") or cue.dep_ != "relcl" or cue.head.i != head.i:
        return None
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ not in ("among", "of"):
        return None
    holder = prep.head
    if prep.lower_ == "of" and holder.lower_ == "one" and holder.dep_ == "attr":
        holder = holder.head
    if holder.lemma_ != "be":
        return None
    subject = next((c for c in holder.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and subject.pos_ in ("PROPN", "NOUN") else None


def _named_twin(head: Token, registry: PersonRegistry) -> Token | None:
    """ "Obama the realist knows": the parse reads the name and its description as two subjects of
    one verb and the nearer, the description, was taken; the name right before it is who speaks."""
    if head.pos_ != "NOUN" or head.dep_ != "nsubj" or head.left_edge.i == 0:
        return None
    before = head.doc[head.left_edge.i - 1]
    if before.dep_ == "nsubj" and before.head.i == head.head.i and registry.person_at(before) is not None:
        return before
    return None


def _name_after_description(head: Token, cue: Token, registry: PersonRegistry) -> Token | None:
    """'…," wrote the regional envoy at that point, Ivo T. Marren.': the parse makes the description
    and the name two subjects of the verb after it; the name says who."""
    if head.pos_ != "NOUN" or head.dep_ != "nsubj" or head.head.i != cue.i or head.i < cue.i:
        return None
    return next(
        (c for c in cue.children if c.dep_ == "nsubj" and c.i > head.i and registry.person_at(c) is not None), None
    )


def _name_set_off_in_description(head: Token, cue: Token, registry: PersonRegistry) -> Token | None:
    """ "One pastor supporting Mr. Hale, Dan Whiting of Liberty Church, said …", "A woman later identified
    as Eva Ruiz, an activist, demanded …": the name that closes a person's description right before the
    verb is who speaks, wherever the parse hung it."""
    doc = cue.doc
    if head.pos_ != "NOUN" or head.dep_ != "nsubj" or head.head.i != cue.i or head.i >= cue.i:
        return None
    lemma = head.lemma_.lower()
    if not (lemma in PERSON_ROLE_NOUNS or lemma in HUMAN_NOUNS or lemma.endswith(("er", "or", "ist", "ian"))):
        return None
    end = cue.i - 1
    while end > head.i and doc[end].pos_ in ("AUX", "ADV", "PART"):
        end -= 1
    if doc[end].text != ",":
        return None
    for tok in head.subtree:
        if tok.i <= head.i or tok.i >= end or tok.pos_ != "PROPN" or tok.dep_ == "compound":
            continue
        if tok.ent_type_ == "NORP" or any(c.dep_ in ("det", "conj", "cc") for c in [*tok.children, tok.head]):
            continue  # "a registered Republican", "his deputies, X and Y": a description or a list
        set_off = tok.dep_ == "appos" and doc[tok.left_edge.i - 1].text == ","
        identified = tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.lemma_ in ("identify", "name")
        last = tok.right_edge.i
        while doc[last].is_punct and last > tok.i:
            last -= 1
        if (set_off or identified) and last + 1 == end and registry.person_at(head) is None:
            return tok
    return None


def _may_speak(tok: Token, registry: PersonRegistry) -> bool:
    """A person (named, or a person noun) who can be the speaker of an inverted attribution."""
    if registry.person_at(tok) is not None or tok.ent_type_ == "PERSON":
        return True
    lemma = tok.lemma_.lower()
    return tok.pos_ == "NOUN" and (lemma in PERSON_ROLE_NOUNS or lemma in HUMAN_NOUNS)


def _inverted_speaker(head: Token, cue: Token, registry: PersonRegistry) -> Token | None:
    """'The rejection signals the end, said Jane Smith': Smith, not "rejection", speaks."""
    doc = cue.doc
    if head.i >= cue.i or cue.i == 0 or doc[cue.i - 1].text != "," or cue.lemma_.lower() not in _INVERTING_VERBS:
        return None
    if head.pos_ == "PRON" or _may_speak(head, registry):
        return None  # "Smith, meanwhile, said the plan, …, would …": the subject before the verb speaks
    after = [
        t
        for t in doc[cue.i + 1 : min(len(doc), cue.i + 8)]
        if t.dep_ == "nsubj" and (t.head.i == cue.i or (t.head.head.i == cue.i and t.head.dep_ in ("ccomp", "conj")))
    ]
    if not after:
        return None
    speaker = after[0]
    # Only a noun phrase that starts right after the verb and is set off after it ("said Jane Smith, an
    # analyst," / "…, said the mayor."), not the start of the reported clause ("says his man has …").
    if speaker.left_edge.i != cue.i + 1 or not _may_speak(speaker, registry):
        return None
    described = {t.i for c in speaker.subtree if c.dep_ in ("appos", "relcl", "acl") for t in c.subtree}
    core = [t for t in speaker.subtree if t.i not in described and not t.is_punct]
    end = max(t.i for t in core) + 1
    if end < len(doc) and doc[end].text not in (",", ".", ";", ")", "—", "–"):
        return None
    return speaker


# Reporting verbs written before their subject in news ("…, said X" / "…, says X" / "…, added X").
_INVERTING_VERBS = frozenset({"say", "add", "write", "tell", "explain", "note", "argue", "warn", "insist"})


def _relative_clause_owner(head: Token, cue: Token) -> Token | None:
    """The noun a relative clause hangs on, when the subject was taken from inside that clause."""
    for anc in head.ancestors:
        if anc.i == cue.i:
            return None
        if anc.dep_ in ("relcl", "acl") and anc.head.pos_ in ("NOUN", "PROPN") and anc.head.i < head.i:
            owner = anc.head
            between = head.doc[owner.i : head.i]
            same_sentence = not any(t.is_sent_end for t in between) and "\n" not in between.text
            if cue.i not in {t.i for t in anc.subtree} and owner.i < cue.i and same_sentence:
                return owner
            return None
    return None


_GLUED_CLOCK = re.compile(r"^.*?\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\.?(?=[A-Z])")


def _titled_name(head: Token, tokens: list[Token]) -> str | None:
    """A capitalised name right after a lowercase person title or role ("councillor Jane Hale")."""
    if head.pos_ != "PROPN" or head.lower_ in ORG_HEAD_WORDS or head.ent_type_ in ("GPE", "NORP", "LOC", "FAC"):
        return None
    doc = head.doc
    start = head.i
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].head.i == head.i
        and doc[start - 1].dep_ == "compound"
    ):
        start -= 1
    if start == head.i and not head.text.istitle():
        return None
    before = doc[start - 1] if start > 0 else None
    if before is None or before.i not in {t.i for t in tokens} or not before.text.islower():
        return None
    if before.lower_ not in TITLE_WORDS and before.lemma_.lower() not in PERSON_ROLE_NOUNS:
        return None
    if any(doc[i].lower_ in ORG_HEAD_WORDS for i in range(start, head.i + 1)):
        return None
    return doc[start : head.i + 1].text


_QUANTIFIERS = frozenset("many most some all both several few half one two three".split())


def _appositive_name(head: Token, tokens: list[Token]) -> str | None:
    """The proper name set off after a common noun ("the club, Vault 9,"), if the phrase has one."""
    if head.pos_ != "NOUN":
        return None
    ids = {t.i for t in tokens}
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i in ids and child.i > head.i:
            if child.ent_type_ == "NORP" or any(c.dep_ == "nsubj" or c.lower_ in _QUANTIFIERS for c in child.children):
                continue  # "His critics, many of them conservative Catholics,": a share of the group, not its name
            words = [t for t in child.subtree if t.i in ids and not t.is_punct]
            if words:
                return head.doc[words[0].i : words[-1].i + 1].text
    return None


def _describes(appos: Token, head: Token) -> bool:
    """Whether a noun set off after the head describes it: "a research group", or after a name "the
    Corriston-based start-up", "the band's label" (the name is who speaks)."""
    if any(c.lower_ in ("a", "an") for c in appos.children):
        return True
    return head.pos_ == "PROPN" and any(c.lower_ == "the" or c.dep_ == "poss" for c in appos.children)


def _without_set_off_appositions(head: Token, tokens: list[Token]) -> str | None:
    """A group's phrase without a description set off by commas ("the Centre, a research group")."""
    cut = next(
        (
            t.left_edge.i
            for t in tokens
            if t.dep_ == "appos"
            and t.left_edge.i > 0
            and t.doc[t.left_edge.i - 1].text == ","
            and (t.head.i != head.i or (t.pos_ == "NOUN" and _describes(t, head)))
        ),
        None,
    )
    if cut is None:
        return None
    kept = [t for t in tokens if t.i < cut]
    while kept and (kept[-1].is_punct or kept[-1].is_space):
        kept.pop()
    return strip_det(head.doc[kept[0].i : kept[-1].i + 1].text) if kept else None


def speaks_for_another(head: Token) -> bool:
    """A role held for someone else ("Cameron's spokesman", "his aide", "the spokesman"): whoever was
    named last is more likely the principal than this person."""
    return head.lemma_.lower() in _AGENT_NOUNS or any(c.dep_ == "poss" for c in head.children)


def strip_det(text: str) -> str:
    """A phrase without its leading article ("the spokesman" → "spokesman")."""
    words = text.split(" ", 1)
    if len(words) == 2 and words[0].lower() in DETERMINERS:
        return words[1]
    return text


def _given_named(tok: Token) -> str | None:
    """A proper name NER missed or mislabelled whose first word is a given name of one sex ("Ines Obradek"
    unlabelled, "Paola Ristori" taken for an organisation): two or three capitalised words, the last `tok`."""
    if tok.pos_ != "PROPN" or tok.ent_type_ not in ("", "ORG", "PERSON"):
        return None
    words = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i] + [tok]
    if not 2 <= len(words) <= 3 or words[-1].i - words[0].i != len(words) - 1:
        return None
    if any(not w.text.istitle() or w.lower_ in ORG_HEAD_WORDS or w.lower_ in TITLE_WORDS for w in words):
        return None
    text = tok.doc[words[0].i : tok.i + 1].text
    return text if given_name_gender(text) is not None else None


def _name_over_mislabel(tokens: list[Token], head: Token, registry: PersonRegistry) -> str | None:
    """The person a phrase names when NER took another name in it for the person: "Ines Obradek of Tallow
    Labs" with the firm labelled a person and her name unlabelled; "The owner of Castel Varenna, Paola
    Ristori," with the castle a person and the owner an organisation. A given name tells them apart."""
    if head.ent_type_ == "" and registry.person_at(head) is None:
        named = _given_named(head)
        if named is not None:
            return registry.canonical(named)
    for tok in tokens:
        if tok.dep_ != "appos" or registry.person_at(tok) is not None:
            continue
        named = _given_named(tok)
        holder = registry.person_at(tok.head)
        if named is not None and holder is not None and given_name_gender(holder) is None:
            return registry.canonical(named)
    return None


def _person_in(tokens: list[Token], head: Token, registry: PersonRegistry) -> str | None:
    """The person a subject phrase names: NER first, then a known surname."""
    mislabelled = _name_over_mislabel(tokens, head, registry)
    if mislabelled is not None:
        return mislabelled
    # The head and its apposition name the speaker; a possessor ("Salas's lawyer") does not.
    # Not a modifier inside a described apposition: in "The Courier, a Lomish daily," the daily is the Courier.
    described = {t.i for t in tokens if t.head.dep_ == "appos" and t.head.pos_ == "NOUN" and t.i < t.head.i}
    appositions = [t for t in tokens if (t.dep_ == "appos" or t.head.dep_ == "appos") and t.i not in described]
    # "the Clinton campaign", "a Trump adviser": a name modifying a common noun is whom it works for, not who speaks
    modifiers = (
        {t.i for c in head.children if c.dep_ == "compound" and c.i < head.i for t in c.subtree}
        if head.pos_ == "NOUN" and head.lower_ not in TITLE_WORDS
        else set()
    )
    others = [
        t for t in tokens if t.head.i == head.i and t.dep_ != "poss" and t not in appositions and t.i not in modifiers
    ]
    candidates = [head] + appositions + others
    for tok in candidates:
        name = registry.person_at(tok)
        if name is not None:
            return name
    possessors = {t.i for t in tokens if t.dep_ == "poss" for t in t.subtree} | modifiers | described
    if head.pos_ == "NOUN" and head.lemma_.lower() in PERSON_ROLE_NOUNS | HUMAN_NOUNS | PERSON_DESCRIPTOR_NOUNS:
        # "the chief constable of Hallamby", "a friend of X": the place or person the role is held for or
        # toward is not who speaks; the role is, and the resolver finds whom it names
        held_for = [c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "to") and c.i > head.i]
        possessors |= {t.i for c in held_for for t in c.subtree}
    # "Christie, …, repeated accusations that Rubio recites …": a person inside a clause of the phrase is
    # what the phrase talks about, not who it is.
    clausal = {t.i for v in tokens if v.pos_ in ("VERB", "AUX") and v.i != head.i for t in v.subtree}
    for tok in tokens:
        name = registry.person_at(tok)
        if name is not None and tok.head.i in {t.i for t in tokens} and tok.i not in possessors | clausal:
            return name
    single_token_entity = head.ent_iob_ == "B" and (head.i + 1 >= len(head.doc) or head.doc[head.i + 1].ent_iob_ != "I")
    if (
        head.text[:1].isupper()
        and head.pos_ in ("PROPN", "NOUN")
        and (head.ent_type_ not in ("GPE", "NORP") or single_token_entity)
    ):
        # A surname NER took for a place ("According to Smith") is still that person.
        known = registry.knows(head.text)
        if known is not None:
            return known
    return None


def _role_in(tokens: list[Token], head: Token, name: str, registry: PersonRegistry) -> str | None:
    """The role written at this mention ("Foreign Minister X", "X, the chairman,"), else the person's."""
    for tok in tokens:
        if (
            tok.ent_type_ == "PERSON"
            and tok.ent_iob_ == "B"
            and tok.i in registry.role_at
            and registry.person_at(tok) == name
        ):
            return registry.role_at[tok.i]
    return registry.roles.get(name)
