"""`SpeakerResolver`: one canonical speaker per person, in document order."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from bot.nlp.lexicon import CLAIM_VERBS, HUMAN_NOUNS, PERSON_ROLE_NOUNS
from bot.nlp.sentences import sentence_of
from bot.nlp.speakers.given_names import given_name_gender
from bot.nlp.speakers.names import GROUP, HONORIFICS, PERSON, PERSON_TITLES, Mention, Speaker
from bot.nlp.speakers.pronouns import Binding, name_key, pronoun_gender, word_gender
from bot.nlp.speakers.registry import PersonRegistry
from bot.nlp.speakers.subjects import describe_subject, in_headline, speaks_for_another, strip_det


@dataclass
class SpeakerResolver:
    """Resolves mentions to canonical speakers in document order."""

    registry: PersonRegistry
    last_person: Speaker | None = None
    last_group: Speaker | None = None
    last_thing: Speaker | None = None  # the latest group or document, for "it"
    last_lone_name: Speaker | None = None  # a one-word capitalised group, perhaps a mislabelled name
    aliases: dict[str, set[str]] = field(default_factory=dict)
    bindings: dict[int, Binding] = field(default_factory=dict)  # from bind_pronouns
    genders: dict[str, str] = field(default_factory=dict)  # name key → "m"/"f"
    history: list[Speaker] = field(default_factory=list)  # persons observed, oldest first
    by_token: dict[int, Speaker] = field(default_factory=dict)  # subject token → its speaker

    def resolve(self, mention: Mention) -> Speaker | None:
        """The canonical speaker of a mention, or None when it cannot be resolved."""
        speaker = self._resolve(mention)
        others = _conjoined_with_pronoun(mention)
        if speaker is None or others is None or speaker.name == mention.text:
            return speaker
        # "She and her aides said": the statement is theirs together, named from whom "she" is
        return Speaker(f"{speaker.name} {others}", mention.text, speaker.role, GROUP)

    def _resolve(self, mention: Mention) -> Speaker | None:
        if mention.kind == "pronoun" and mention.type == PERSON:
            bound = self._bound(mention)
            if bound is not None:
                return bound
        if mention.kind == "pronoun" and mention.head.lower_ == "they":
            plural = self._plural_subject_before(mention.head)
            if plural is not None:
                return plural
        if mention.kind == "pronoun":
            target = self.last_person if mention.type == PERSON else self.last_group
            gender = pronoun_gender(mention.head)
            if (
                mention.type == PERSON
                and gender is not None
                and target is not None
                and not self._compatible(target, gender)
            ):
                # "she said" after a man spoke: the latest person who can be "she"
                target = next((p for p in reversed(self.history) if self._compatible(p, gender)), None)
            if mention.type == PERSON and target is not None and target.name in self._objects_of_verb(mention.head):
                # "he told Hannity": not Hannity, though Hannity spoke last
                objects = self._objects_of_verb(mention.head)
                target = next(
                    (
                        p
                        for p in reversed(self.history)
                        if p.name not in objects and (gender is None or self._compatible(p, gender))
                    ),
                    None,
                )
            if mention.head.lower_ == "it":
                # "The report … It said": the latest singular non-person source, unless the sentence's own
                # reporting subject comes first ("X told Y that …, it said").
                target = (
                    self._reporting_thing_before(mention.head)
                    or self._main_subject_thing(mention.head)
                    or self.last_thing
                )
            if target is None and mention.type == PERSON:
                earlier = [name for i, name in self.registry.mentions if i < mention.head.i]
                if earlier:
                    target = Speaker(earlier[-1], earlier[-1], self.registry.roles.get(earlier[-1]), PERSON)
                elif self.last_lone_name is not None:
                    target = self.last_lone_name  # a name NER took for an organisation
            if target is None:
                if mention.head.lower_ == "it":
                    return None
                # Better an unresolved "she" than a lost statement.
                return Speaker(mention.text, mention.text, None, mention.type)
            return Speaker(target.name, mention.text, target.role, target.type)
        if mention.kind == "group" and mention.head.pos_ == "PROPN":
            person = self._person_named(mention.text)
            if person is not None:
                # "Okonkwo rejects …" with the name taken for an organisation, but "she" elsewhere is her
                return Speaker(person, mention.text, self.registry.roles.get(person), PERSON)
        if mention.kind == "descriptor":
            return self._described(mention)
        if mention.kind == "name" and mention.name:
            return Speaker(mention.name, mention.text, mention.role, PERSON)
        if mention.kind == "nominal":
            gender = self._described_gender(mention)
            others = self._named_beside(mention)
            name = self.registry.by_role(mention.head, mention.head.i, strict=in_headline(mention.head))
            if name is not None and name not in others and self._may_be(name, gender):
                return Speaker(name, mention.text, self.registry.roles.get(name), PERSON)
            last = self.last_person
            if (
                last is not None
                and last.role is None
                and last.name in self.registry.full_names
                and last.name not in others
                and not speaks_for_another(mention.head)
                and self._may_be(last.name, gender)
            ):
                # "John Smith … the prime minister said": the one person named without a role.
                return Speaker(last.name, mention.text, None, PERSON)
            return Speaker(strip_det(mention.text), mention.text, None, PERSON)
        return Speaker(mention.text, mention.text, None, mention.type)

    def _objects_of_verb(self, pronoun: Token) -> set[str]:
        """The people a subject pronoun's own verb takes as object ("she told Quinn"), who it cannot be."""
        if pronoun.dep_ != "nsubj":
            return set()
        names = set()
        for obj in pronoun.head.children:
            if obj.dep_ in ("dobj", "dative", "iobj"):
                name = self.registry.person_at(obj) or (self.registry.knows(obj.text) if obj.pos_ == "PROPN" else None)
                if name is not None:
                    names.add(name)
        return names

    def _plural_subject_before(self, pronoun: Token) -> Speaker | None:
        """ "Trump's supporters aren't wrong when they envision …", "Clinton aides were being disingenuous
        because they knew …": "they" in a clause under another is the nearest plural subject before it
        in its sentence, not the group a statement last named."""
        if _quoted(pronoun):
            return None
        if _clause_of(pronoun) == _clause_of(sentence_of(pronoun).root):
            # A main clause's "they" continues from the sentences before, unless it closes a report whose
            # own subject it repeats ("Other candidates said they support …, but …, they said").
            return self._reporting_subject_before(pronoun)
        # Only people whose clause holds the pronoun ("… say gun laws would help, though they …"); a nearer
        # plural subject of another clause ("because such choices belong to the regions, they said")
        # gives way to one further back whose clause does.
        subject = next(
            (
                t
                for t in reversed(pronoun.doc[sentence_of(pronoun).start : pronoun.i])
                if t.dep_ in ("nsubj", "nsubjpass")
                and (t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children))
                and t.pos_ in ("NOUN", "PROPN")
                and not _quoted(t)
                and pronoun.i in {s.i for s in t.head.subtree}
                and _may_be_people(t)
            ),
            None,
        )
        if subject is None:
            return None
        if any(c.dep_ == "conj" for c in subject.children):
            # "Hillary Clinton and Senator Elizabeth Warren held …, as they sought …": both of them
            words = [t for t in subject.subtree if t.dep_ not in ("relcl", "acl") and not t.is_punct]
            phrase = pronoun.doc[words[0].i : words[-1].i + 1].text if words else subject.text
            return Speaker(strip_det(phrase), pronoun.text, None, GROUP)
        mention = describe_subject(subject, self.registry)
        if mention is None or mention.kind == "pronoun":
            return None
        speaker = self._resolve(mention)
        return Speaker(speaker.name, pronoun.text, speaker.role, speaker.type) if speaker is not None else None

    def _reporting_subject_before(self, pronoun: Token) -> Speaker | None:
        """The plural people subject of a reporting verb the main clause's "they said" closes."""
        verb = pronoun.head
        if pronoun.dep_ != "nsubj" or verb.dep_ != "ROOT" or verb.i < pronoun.i:
            return None
        report = next(
            (c for c in verb.children if c.dep_ == "ccomp" and c.i < pronoun.i and c.lemma_.lower() in CLAIM_VERBS),
            None,
        )
        if report is None:
            return None
        subject = next(
            (c for c in report.children if c.dep_ == "nsubj" and c.i < report.i and c.tag_ in ("NNS", "NNPS")), None
        )
        if subject is None or not _may_be_people(subject):
            return None
        mention = describe_subject(subject, self.registry)
        if mention is None or mention.kind == "pronoun":
            return None
        found = self._resolve(mention)
        return Speaker(found.name, pronoun.text, found.role, found.type) if found is not None else None

    def _reporting_thing_before(self, pronoun: Token) -> Speaker | None:
        """The singular non-person subject of the reporting verb a later "it said" closes ("Northvale told
        the paper that …, it said"), or of the verb whose object an "it says" clause describes ("the
        ministry released a video it says shows …"): that subject, whoever spoke before."""
        verb = pronoun.head
        if pronoun.dep_ != "nsubj" or _quoted(pronoun) or verb.lemma_.lower() not in CLAIM_VERBS:
            return None
        if verb.dep_ == "relcl" and verb.head.dep_ == "dobj":
            # "The ministry released a video it says shows …": the "it" is whoever released it.
            report: Token | None = verb.head.head
        elif verb.dep_ == "ROOT" and verb.i > pronoun.i:
            report = next(
                (c for c in verb.children if c.dep_ == "ccomp" and c.i < pronoun.i and c.lemma_.lower() in CLAIM_VERBS),
                None,
            )
        else:
            report = None
        if report is None:
            return None
        subject = next((c for c in report.children if c.dep_ == "nsubj" and c.i < report.i), None)
        if (
            subject is None
            or subject.pos_ not in ("NOUN", "PROPN")
            or subject.tag_ in ("NNS", "NNPS")
            or any(c.dep_ == "conj" for c in subject.children)
            or subject.ent_type_ == "PERSON"
            or self.registry.person_at(subject) is not None
            or _quoted(subject)
        ):
            return None
        mention = describe_subject(subject, self.registry)
        if mention is None or mention.kind not in ("group", "document"):
            return None
        found = self._resolve(mention)
        return Speaker(found.name, pronoun.text, found.role, found.type) if found is not None else None

    def _main_subject_thing(self, pronoun: Token) -> Speaker | None:
        """The organisation an "it said" continues from: the main subject of its own sentence before it
        ("The Growers' Union has raised its count: 300 farms, it says") or of the sentence just
        before in its paragraph ("Brellow Foods says its tests found … It blames …"), or that subject's
        owner ("Skyfar's account has shifted. On Monday it said …"): not whatever spoke inside the report."""
        if pronoun.dep_ != "nsubj" or _quoted(pronoun):
            return None
        sent = sentence_of(pronoun)
        subject = _main_subject(sent, before=pronoun.i)
        if subject is None and sent.start > 0 and "\n" not in pronoun.doc[sent.start - 1].text_with_ws:
            subject = _main_subject(sentence_of(pronoun.doc[sent.start - 1]), before=sent.start)
        if subject is None:
            return None
        if subject.lower_ == "it":
            earlier = self.by_token.get(subject.i)
            return Speaker(earlier.name, pronoun.text, earlier.role, earlier.type) if earlier is not None else None
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        found: Speaker | None = None
        if not self._named_body(subject) and owner is not None and subject.pos_ == "NOUN" and self._named_body(owner):
            # "Skyfar's account": the account does not speak, Skyfar does (named without the possessive)
            words = [t for t in owner.subtree if t.i <= owner.i and t.tag_ != "POS" and not t.is_punct]
            phrase = strip_det(pronoun.doc[words[0].i : words[-1].i + 1].text) if words else owner.text
            found = self._resolve(Mention(phrase, "group", owner, type=GROUP))
        elif self._named_body(subject):
            found = self.by_token.get(subject.i)
            if found is None and self._thing_spoke_in(sentence_of(subject)):
                # "X has called for …, according to the Y Group. It said …": what the sentence reports
                # is not who speaks; the source that spoke in it carries on.
                return None
            if found is None:
                mention = describe_subject(subject, self.registry)
                if mention is None or mention.kind != "group":
                    return None
                found = self._resolve(mention)
        if found is None or found.type == PERSON:
            return None
        return Speaker(found.name, pronoun.text, found.role, found.type)

    def _thing_spoke_in(self, sent: Span) -> bool:
        """Whether someone already spoke in this sentence (then its main subject is what they report)."""
        return any(sent.start <= i < sent.end for i in self.by_token)

    def _named_body(self, tok: Token) -> bool:
        """A singular organisation or state named as such: not a person, a plural, or a list."""
        return (
            tok.pos_ == "PROPN"
            and tok.ent_type_ in ("ORG", "GPE", "")
            and tok.tag_ != "NNPS"
            and not any(c.dep_ == "conj" for c in tok.children)
            and self.registry.person_at(tok) is None
            and not _quoted(tok)
        )

    def _person_named(self, text: str) -> str | None:
        """The fullest name of a person a he/she was bound to, whose name ends like `text`."""
        if len(text.split()) > 3:
            return None
        key = name_key(text)
        names = [b.name for b in self.bindings.values() if b.key == key and b.name]
        return max(names, key=len) if names else None

    def _described(self, mention: Mention) -> Speaker:
        """The person a description ("the actress", "the 46-year-old") most likely means: the latest
        person who can be so described (a gendered noun rules out the other gender), else nobody named;
        never someone else's relation ("Trump's campaign manager")."""
        gender = self._described_gender(mention)
        others = self._named_beside(mention)
        person = next(
            (p for p in reversed(self.history) if p.name not in others and self._may_be(p.name, gender)), None
        )
        if person is not None and not speaks_for_another(mention.head):
            return Speaker(person.name, mention.text, person.role, PERSON)
        return Speaker(strip_det(mention.text), mention.text, None, PERSON)

    def _named_beside(self, mention: Mention) -> set[str]:
        """People named in the description's own clause outside the description itself: "The attorney
        general is suing Trump" and "The nominee has not stepped forward to defend Manafort" describe
        someone other than Trump and Manafort. A name in another clause ("…, but the self-described
        socialist …", "the camps that Mr. Obama argued …") may be the same person, and so may a name
        inside a quote ('"Marco!" the senator said')."""
        head = mention.head
        sent = sentence_of(head)
        own = {t.i for t in head.subtree}
        clause = _clause_of(head)
        names = set()
        for tok in sent:
            if tok.i in own:
                continue
            # A surname NER labelled otherwise ("is suing Reyes", Reyes as an organisation) still names them.
            name = self.registry.person_at(tok) or (self.registry.knows(tok.text) if tok.pos_ == "PROPN" else None)
            # Whether it is quoted is asked last: `_quoted` walks back over the paragraph.
            if name is not None and not _quoted(tok) and _clause_of(tok) == clause:
                names.add(name)
        return names

    def _described_gender(self, mention: Mention) -> str | None:
        """The gender of a description: its noun ("the actress"), else the he/she later bound to it."""
        return word_gender(mention.head.lemma_) or self.genders.get(f"#{mention.head.i}")

    def _may_be(self, name: str, gender: str | None) -> bool:
        """Whether the person called `name` may be described by a word of this gender (None: any)."""
        if gender is None:
            return True
        known = self._known_gender(name)
        return known is None or known == gender

    def _known_gender(self, name: str) -> str | None:
        """A person's gender from the pronouns bound to them, else from their role ("spokeswoman")."""
        known = given_name_gender(name) or self.genders.get(name_key(name))
        if known is None:
            role = self.registry.roles.get(name) or ""
            known = next((g for w in role.split() if (g := word_gender(w)) is not None), None)
        return known

    def _compatible(self, speaker: Speaker, gender: str) -> bool:
        """Whether a person may be referred to by a pronoun of this gender."""
        known = (
            given_name_gender(speaker.name)
            or self.genders.get(name_key(speaker.name))
            or word_gender(name_key(speaker.name))
        )
        return known is None or known == gender

    def _bound(self, mention: Mention) -> Speaker | None:
        """The speaker a bound pronoun names: an unnamed person's statement, or a named person."""
        binding = self.bindings.get(mention.head.i)
        if binding is None:
            return None
        if binding.token is not None:
            earlier = self.by_token.get(binding.token)
            if earlier is None:
                return None
            return Speaker(earlier.name, mention.text, earlier.role, earlier.type)
        if binding.name is None:
            return None
        for person in reversed(self.history):
            if name_key(person.name) == binding.key:
                return Speaker(person.name, mention.text, person.role, PERSON)
        name = self.registry.canonical(binding.name)
        return Speaker(name, mention.text, self.registry.roles.get(name), PERSON)

    def observe(self, speaker: Speaker, plural: bool = False, token: int | None = None) -> None:
        """Remember a speaker so later pronouns can refer to it ("it" only to a singular one)."""
        if token is not None:
            self.by_token[token] = speaker
        if speaker.type == PERSON:
            self.history.append(speaker)
        if speaker.type == GROUP and " " not in speaker.name and speaker.name.istitle():
            self.last_lone_name = speaker
        if speaker.type == PERSON:
            self.last_person = speaker
        elif speaker.type == GROUP:
            self.last_group = speaker
        if (
            not plural
            and speaker.text.lower() not in ("it", "they", "them")
            and (speaker.type != PERSON or self._maybe_a_thing(speaker))
        ):
            self.last_thing = speaker
        self.aliases.setdefault(speaker.name, set()).add(speaker.text)

    def _maybe_a_thing(self, speaker: Speaker) -> bool:
        """Whether a speaker taken for a person may yet be an organisation "it" refers to ("Brightfold
        said …", its name read as a person's): nothing marks it as a person, neither a given name, a
        he/she bound to it anywhere in the article, a role, nor a title or pronoun as written."""
        if speaker.role is not None or _written_as_person(speaker.text) or self._known_gender(speaker.name):
            return False
        first = speaker.text.split()[0].lower().strip(".") if speaker.text.split() else ""
        return first not in HONORIFICS and first not in PERSON_TITLES and first not in HUMAN_NOUNS


def _main_subject(sent: Span, before: int) -> Token | None:
    """The subject of a sentence's main verb, when it stands before token `before`."""
    return next((c for c in sent.root.children if c.dep_ == "nsubj" and c.i < before), None)


def _written_as_person(text: str) -> bool:
    """Whether a speaker as written is a personal pronoun or a gendered word ("she", "the actress")."""
    words = text.lower().split()
    return bool(words) and (words[0] in ("he", "she", "him", "her", "i", "we") or word_gender(words[-1]) is not None)


def _conjoined_with_pronoun(mention: Mention) -> str | None:
    """ "and her aides" in "She and her aides": the people a pronoun subject is conjoined with."""
    head = mention.head
    if mention.kind != "pronoun" or not any(c.dep_ == "conj" for c in head.children):
        return None
    rest = mention.text[len(head.text) :].strip() if mention.text.startswith(head.text) else ""
    return rest if rest.startswith("and ") else None


# Dependencies that open a clause of their own; a name across one may be the described person.
_CLAUSE_DEPS = frozenset({"ccomp", "relcl", "advcl", "parataxis", "acl", "csubj", "conj", "ROOT"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def _clause_of(tok: Token) -> int:
    """The index of the verb heading the clause a token sits in (xcomp and prepositions stay inside)."""
    node = tok
    while (
        node.dep_ not in _CLAUSE_DEPS
        or (node.dep_ == "conj" and node.pos_ not in ("VERB", "AUX"))
        or (node.dep_ == "advcl" and not any(c.dep_ in _SUBJECT_DEPS for c in node.children))
    ):
        # "… has not stepped forward to defend Manafort": a clause without a subject of its own is the
        # main subject's doing, so a name in it is still someone else.
        if node.head.i == node.i:
            break
        node = node.head
    return node.i


def _may_be_people(tok: Token) -> bool:
    """A noun that can stand for people: a name, an organisation, a nationality, a person noun, an agent noun."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    lemma = tok.lemma_.lower()
    return (
        lemma in HUMAN_NOUNS
        or lemma in PERSON_ROLE_NOUNS
        or lemma.endswith(("er", "or", "ist", "ian", "ant", "ent", "crat", "can", "goer"))
    )


def _quoted(tok: Token) -> bool:
    """Whether a token lies inside quote marks opened earlier in its paragraph."""
    # Walks back over the paragraph's tokens: `Doc.text` joins the whole document on every call.
    doc = tok.doc
    start = tok.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    before = doc[start : tok.i].text_with_ws if start < tok.i else ""
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")
