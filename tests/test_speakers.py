"""Speaker resolution within one article: names, roles, pronouns, role nominals."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.nlp.speakers.names import GROUP, PERSON, Speaker, clean_name
from bot.nlp.speakers.registry import PersonRegistry
from bot.nlp.speakers.resolver import SpeakerResolver
from bot.nlp.speakers.subjects import describe_subject
from tests.test_extract import run


def test_clean_name_splits_titles_and_possessives() -> None:
    assert clean_name(["President", "Joe", "Biden"]) == (["President"], ["Joe", "Biden"])
    assert clean_name(["Smith's"]) == ([], ["Smith"])
    assert clean_name(["Dr.", "Anna", "Lee"]) == (["Dr"], ["Anna", "Lee"])


def test_registry_fullest_name_and_role(nlp: Language) -> None:
    doc = nlp("Foreign Ministry spokesman John Smith spoke on Monday. Smith said little.")
    registry = PersonRegistry(doc)
    assert registry.full_names == ["John Smith"]
    assert registry.canonical("Smith") == "John Smith"
    assert registry.roles["John Smith"] == "Foreign Ministry spokesman"
    assert registry.knows("Smith") == "John Smith"
    assert registry.knows("Jones") is None


def test_registry_by_role_prefers_matching_modifiers(nlp: Language) -> None:
    doc = nlp(
        "French President Emmanuel Macron met Russian President Vladimir Putin. The Russian president spoke first."
    )
    registry = PersonRegistry(doc)
    head = next(t for t in doc if t.lower_ == "president" and t.i > 10)
    assert registry.by_role(head, head.i) == "Vladimir Putin"


def test_describe_subject_kinds(nlp: Language) -> None:
    doc = nlp("He said it. The ministry said it. Officials said it. A French official said it. The report said it.")
    registry = PersonRegistry(doc)
    subjects = [t for t in doc if t.dep_ == "nsubj" and t.head.lemma_ == "say"]
    mentions = [describe_subject(s, registry) for s in subjects]
    assert [m.kind for m in mentions if m] == ["pronoun", "group", "group", "group", "document"]
    assert [m.type for m in mentions if m][:4] == ["person", "group", "group", "person"]
    assert mentions[3] is not None and mentions[3].text == "French official"


def test_page_elements_are_never_speakers(nlp: Language) -> None:
    doc = nlp("File photo by Jane Doe said nothing.")
    registry = PersonRegistry(doc)
    subject = next(t for t in doc if t.dep_ == "nsubj")
    assert describe_subject(subject, registry) is None


def test_resolver_pronouns_follow_the_last_speaker(nlp: Language) -> None:
    doc = nlp("Senator Jane Smith said yes. She said it again. The committee said no. It said so twice.")
    registry = PersonRegistry(doc)
    resolver = SpeakerResolver(registry)
    names = []
    for subject in [t for t in doc if t.dep_ == "nsubj"]:
        mention = describe_subject(subject, registry)
        assert mention is not None
        speaker = resolver.resolve(mention)
        assert speaker is not None
        resolver.observe(speaker)
        names.append(speaker.name)
    assert names == ["Jane Smith", "Jane Smith", "committee", "committee"]


def test_bind_pronouns_by_gender_and_title(nlp: Language) -> None:
    from bot.nlp.speakers.pronouns import bind_pronouns

    doc = nlp("Mrs Halloran met Mr Quist on Friday. He said little. She spoke for an hour.")
    units = [(s.start, s.end) for s in doc.sents]
    bindings, genders = bind_pronouns(doc, PersonRegistry(doc), units)
    he = next(t for t in doc if t.lower_ == "he")
    she = next(t for t in doc if t.lower_ == "she")
    assert bindings[he.i].key == "quist"
    assert bindings[she.i].key == "halloran"
    assert genders == {"quist": "m", "halloran": "f"}


def test_subject_without_participle_or_open_bracket(nlp: Language) -> None:
    doc = nlp("Figures released by the statistics office on Monday said little. The Farmers Union (FU said no.")
    registry = PersonRegistry(doc)
    figures = next(t for t in doc if t.text == "Figures")
    mention = describe_subject(figures, registry)
    assert mention is not None and mention.text == "Figures"


def _speaker_of(nlp: Language, text: str, word: str) -> str | None:
    doc = nlp(text)
    head = next(t for t in doc if t.text == word)
    mention = describe_subject(head, PersonRegistry(doc))
    return None if mention is None else (mention.name or mention.text)


def test_named_apposition_of_a_common_noun(nlp: Language) -> None:
    assert (
        _speaker_of(nlp, "The bakery, Brightloaf Foods, said in a post that it would close.", "bakery")
        == "Brightloaf Foods"
    )


def test_set_off_description_dropped_from_a_group(nlp: Language) -> None:
    text = "A survey by the Institute for Rural Affairs, a farming think tank, found that incomes fell."
    assert _speaker_of(nlp, text, "survey") == "survey by the Institute for Rural Affairs"


def test_lowercase_title_makes_a_person(nlp: Language) -> None:
    assert _speaker_of(nlp, "Parish councillor Wendy Thorne said the road was unsafe.", "Thorne") == "Wendy Thorne"


def test_object_pronoun_is_not_its_clause_subject(nlp: Language) -> None:
    from bot.nlp.speakers.pronouns import bind_pronouns

    doc = nlp(
        "Defence Minister Paul Grady resigned on Friday. Prime Minister Nora Venn thanked him for his service. She said a successor would be named soon."
    )
    units = [(s.start, s.end) for s in doc.sents]
    bindings, genders = bind_pronouns(doc, PersonRegistry(doc), units)
    him = next(t for t in doc if t.lower_ == "him")
    she = next(t for t in doc if t.lower_ == "she")
    assert bindings[him.i].key == "grady"
    assert bindings[she.i].key == "venn"
    assert genders.get("venn") != "m"


def test_fronted_clause_pronoun_looks_ahead(nlp: Language) -> None:
    from bot.nlp.speakers.pronouns import bind_pronouns

    doc = nlp("Tom Ash will take over the post. Asked whether she had seen the memo, Nora Venn told reporters no.")
    units = [(s.start, s.end) for s in doc.sents]
    bindings, _ = bind_pronouns(doc, PersonRegistry(doc), units)
    she = next(t for t in doc if t.lower_ == "she")
    assert bindings[she.i].key == "venn"


def _statement_speakers(nlp: Language, text: str) -> list[tuple[str, str]]:
    from bot.nlp.extract.build import extract_statements

    return [(st.speaker, st.text) for st in extract_statements(nlp(text))]


def test_inverted_attribution_speaker_follows_the_verb(nlp: Language) -> None:
    # '<content>, said X, <description>, <rest>': the parse makes the content's noun the subject of "said"
    text = "Any fair reading of the figures, said Tom Brandt, a historian at the city museum, would show a decline."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Tom Brandt"]


def test_reported_clause_after_the_verb_is_not_an_inverted_speaker(nlp: Language) -> None:
    text = "Varga's strategist, Helen Morrow, says her client has the votes to win."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Helen Morrow"]


def test_someone_elses_spokesman_is_not_the_person_named_before(nlp: Language) -> None:
    assert _statement_speakers(
        nlp, "Nora Venn met the delegation on Monday. Her spokesman said the visit was cut short."
    ) == [("Her spokesman", "the visit was cut short")]
    assert _statement_speakers(
        nlp, "Nora Venn met the delegation on Monday. The spokesman said the visit was cut short."
    ) == [("spokesman", "the visit was cut short")]
    assert [
        s for s, _ in _statement_speakers(nlp, "Tom Ash met them on Monday. Ash's lawyer said the visit was cut short.")
    ] == ["Ash's lawyer"]


def test_gendered_description_skips_a_person_of_the_other_gender(nlp: Language) -> None:
    from bot.nlp.speakers.names import Speaker

    doc = nlp("Tom Ash said the film ran long. The actress said she was proud of it.")
    registry = PersonRegistry(doc)
    resolver = SpeakerResolver(registry, genders={"ash": "m", "quill": "f"})
    resolver.observe(Speaker("Mara Quill", "Mara Quill", None, "person"))
    resolver.observe(Speaker("Tom Ash", "Tom Ash", None, "person"))
    actress = next(t for t in doc if t.lower_ == "actress")
    mention = describe_subject(actress, registry)
    assert mention is not None and mention.kind == "descriptor"
    speaker = resolver.resolve(mention)
    assert speaker is not None and speaker.name == "Mara Quill"


def test_quote_with_its_own_speaker_is_not_carried_over(nlp: Language) -> None:
    # A verb the cue lists do not hold ("pressed", "shouted back") still names the quote's speaker.
    text = 'Senator Ada Brook said the bill would pass. "Will you vote for it?" Tom Hale pressed.'
    assert _statement_speakers(nlp, text)[-1] == ("Tom Hale", "Will you vote for it?")
    text = 'Senator Ada Brook said the bill would pass. "No chance!" the crowd shouted back.'
    assert _statement_speakers(nlp, text) == [("Ada Brook", "the bill would pass"), ("crowd", "No chance!")]


def test_colon_speaker_beats_the_previous_quote(nlp: Language) -> None:
    text = 'Mayor Tim Roe said: "The budget is balanced." Vale: "The budget hides a deficit."'
    assert _statement_speakers(nlp, text)[-1] == ("Vale", "The budget hides a deficit.")


def test_pronoun_conjoined_with_others_names_them_all(nlp: Language) -> None:
    text = "Senator Ada Brook spoke on Monday. She and her aides said the bill would pass."
    assert _statement_speakers(nlp, text) == [("Ada Brook and her aides", "the bill would pass")]


def test_share_of_respondents_speaks_through_its_poll(nlp: Language) -> None:
    text = "In a Harbour Institute poll released Monday, 31 percent of voters said they trusted the council."
    assert _statement_speakers(nlp, text) == [("Harbour Institute poll", "they trusted the council")]
    text = "Nearly three in four say they would pay more for local food, according to the survey."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["survey"]


def test_poll_after_the_share_in_another_clause_is_not_its_source(nlp: Language) -> None:
    # "head to the polls" is the voters' clause; a poll after the share counts only via "according to".
    text = "Only 7 percent said they were undecided, weeks before voters head to the polls."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Only 7 percent"]


def test_share_headed_on_its_first_number_keeps_the_whole_phrase(nlp: Language) -> None:
    text = "Nine in 10 registered voters say the council could win."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Nine in 10 registered voters"]
    text = "Two out of three said the levy should go."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Two out of three"]


def test_who_after_a_place_is_the_person_the_place_describes(nlp: Language) -> None:
    text = '"Fees are too high," said Jane Hale, a nurse from Dayton, Ohio, who says the clinic would close.'
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Jane Hale", "Jane Hale"]


def test_verb_under_a_modal_after_and_takes_the_noun_before_it(nlp: Language) -> None:
    # The parse joins "the Harbour Times" to the first clause's object and leaves "will accuse" without a subject.
    text = "The mayor will brand you a liar and the Harbour Times will accuse you of spreading panic."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Harbour Times"]


def test_document_filed_by_someone_speaks_for_its_filer(nlp: Language) -> None:
    text = "The charges cannot stand, according to a court document filed by prosecutor Dana Whitlow."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Dana Whitlow"]


def test_inserted_indefinite_speaker_after_the_topic_speaks(nlp: Language) -> None:
    text = "Hale, a senior aide said, “is very confident in the contrast” between her and the mayor."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["senior aide"]
    text = "Jane Smith, a consultant, said the levy was unfair."
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Jane Smith"]


def test_description_beside_a_name_is_that_person(nlp: Language) -> None:
    text = (
        '"The port is losing money," said Lena Marsh, a shipping analyst and a former harbour official '
        "who said the fees were too low."
    )
    assert [s for s, _ in _statement_speakers(nlp, text)] == ["Lena Marsh", "Lena Marsh"]


def test_time_stamp_glued_to_a_name_is_dropped(nlp: Language) -> None:
    # Live blogs run the time stamp into the next word: "9:52PMBush Says …"
    doc = nlp("At 9:52PMBush says we should go home.")
    glued = next(t for t in doc if t.text.endswith("Bush"))
    mention = describe_subject(glued, PersonRegistry(doc))
    assert mention is not None and mention.text == "Bush"


def test_who_issued_an_item_speaks_through_it(nlp: Language) -> None:
    # "X issued a statement saying …": a candidate whose cue is the participle of the item names X.
    doc = nlp("The harbour council issued a statement saying the road would reopen.")
    registry = PersonRegistry(doc)
    statement = next(t for t in doc if t.lower_ == "statement")
    saying = next(t for t in doc if t.lower_ == "saying")
    mention = describe_subject(statement, registry, cue=saying)
    assert mention is not None and mention.text == "harbour council"


def test_predicate_noun_is_not_the_speaker(nlp: Language) -> None:
    doc = nlp("The governor was the most forceful figure on stage, mocking his rival as a novice.")
    registry = PersonRegistry(doc)
    figure = next(t for t in doc if t.lower_ == "figure")
    mocking = next(t for t in doc if t.lower_ == "mocking")
    mention = describe_subject(figure, registry, cue=mocking)
    assert mention is not None and mention.text == "The governor"


def test_a_role_names_what_someone_is(nlp: Language) -> None:
    def roles(text: str) -> list[str | None]:
        return [s.speaker_role for s in run(nlp, text)]

    # A count before a name ("1,200 Hillary Clinton emails") is no role; a hyphenated age stays whole.
    assert roles("The agency released 1,200 Jane Ober emails. Ober said she never sent secrets.") == [None]
    assert roles("The 26-year-old benefits manager Ann Ray said she was worried.") == ["26-year-old benefits manager"]


def test_a_relation_set_beside_a_name_is_someone_else(nlp: Language) -> None:
    # "whose husband" is not her role, and his gender is not hers: "she" stays with her.
    text = (
        "Marta Lind, whose husband, Navy diver Tom Lind, was one of four sailors killed in 2012, discussed "
        "the case with radio host Ivan Roe on Thursday.\n\nThough upset, Lind said she does not believe Karl "
        'and Ana Vedder should be spared.\n\n"I would never wish it on anyone," she told Roe.'
    )
    told = next(s for s in run(nlp, text) if s.cue == "told")
    assert (told.speaker, told.speaker_text) == ("Marta Lind", "she")
    assert all(s.speaker_role is None for s in run(nlp, text))


@pytest.mark.parametrize("name", ["Vance", "Okafor", "Brandt"])
def test_a_clause_subject_the_parse_joined_to_an_object_speaks(nlp: Language, name: str) -> None:
    # The parse reads "murder and <name>" as one object, leaving "fired" without a subject.
    text = (
        f"Over the past three months, auditors charged the treasurer with theft and {name} fired his finance "
        "chief, Lionel T. Marsh, conceding that large parts of the town have lost faith in the council."
    )
    assert [(s.speaker, s.cue) for s in run(nlp, text)] == [(name, "conceding")]
    text = "McKay voted for it and Ortiz, as he did in the past, opposed the plan."
    assert [(s.speaker, s.cue) for s in run(nlp, text) if s.cue == "opposed"] == [("Ortiz", "opposed")]
    # A list of objects before a second verb of the same subject is no subject.
    text = (
        "He rooted for the Dunmore Otters and the Halvard Rovers, campaigned door-to-door for "
        "Jane Ober in 2010 and was known as a keen chess player."
    )
    assert {s.speaker for s in run(nlp, text)} == {"He"}


def test_a_given_name_outweighs_a_mislabelled_name(nlp: Language) -> None:
    # NER labels the firm or the castle a person and the person nothing or an organisation.
    text = "Ines Obradek of Tallow Labs said it contained real tax identification numbers."
    assert [(s.speaker, s.speaker_role) for s in run(nlp, text)] == [("Ines Obradek", None)]
    text = "The owner of Castel Varenna, Paola Ristori, said the castle had hosted a corporate dinner."
    assert [s.speaker for s in run(nlp, text)] == ["Paola Ristori"]


def test_subjects_the_parse_misplaces(nlp: Language) -> None:
    # Description and name read as two subjects after the verb: the name says who.
    text = '"The party was changing its image," wrote the ambassador at the time, John E. Marsh.'
    assert [s.speaker for s in run(nlp, text)] == ["John E. Marsh"]
    # "on record opposing": the participle is where the subject stands.
    text = "The leaders are on record opposing the plan, but neither has spoken out since."
    assert [(s.speaker, s.cue) for s in run(nlp, text)] == [("leaders", "opposing")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the item is what someone was brought to do
        ('This pushed the weekly to run a headline saying "Don\'t give up, Jan!"', "weekly"),
        # the item is inside another item someone put out
        (
            "(The Courier replied early Sunday with a correction to the article saying that Hale had not "
            "served in the army.)",
            "Courier",
        ),
        # a relative clause of an item its subject publishes
        (
            'The Harbour Times recently ran a piece that noted his "tax plan would benefit affluent households '
            'more than poorer ones."',
            "Harbour Times",
        ),
        (
            'Mayor Jane Ober is releasing a new 60-second spot that urges residents to "send a message" to developers.',
            "Jane Ober",
        ),
    ],
)
def test_who_puts_an_item_out_speaks_through_it(nlp: Language, text: str, speaker: str) -> None:
    assert [s.speaker for s in run(nlp, text)] == [speaker]


def test_a_list_of_verbs_keeps_its_subject(nlp: Language) -> None:
    # The parse hangs "referred" and "considered" on the main clause, not on "speculated".
    text = (
        "In fact, the only time Hale came up was when Ann Brody speculated about the cost of his campaign, "
        "referred to his supposed divisiveness and considered whether the governor would endorse him."
    )
    assert {s.speaker for s in run(nlp, text)} == {"Ann Brody"}


def test_a_bare_quantifier_is_described_by_its_clause(nlp: Language) -> None:
    text = (
        "Others who have advocated a tougher approach against the cartels expressed similar doubts that "
        "raids abroad could prevent attacks at home."
    )
    assert [s.speaker for s in run(nlp, text)] == ["Others who have advocated a tougher approach against the cartels"]


def test_a_name_ner_missed_is_known_by_its_given_name(nlp: Language) -> None:
    # NER labels the name a work of art here.
    doc = nlp("“It is over,” Hugo Brandt said.")
    assert "Hugo Brandt" in PersonRegistry(doc).full_names
    # Not a show, a handle or a hyphenated title run into a name.
    doc = nlp("She appeared on the Rachel Maddow Show with Secretary-Treasurer Gary Casteel.")
    assert not any(n.endswith("Show") or n.startswith("Treasurer") for n in PersonRegistry(doc).full_names)


def test_a_subject_pronoun_is_not_its_verbs_object(nlp: Language) -> None:
    text = (
        'Mark Hale asked Tom Brandt how high the wall would be.\n\n"I think the height could be 35 feet," he told Hale.'
    )
    told = [s for s in run(nlp, text) if s.cue == "told"]
    assert [(s.speaker, s.speaker_text) for s in told] == [("Tom Brandt", "he")]


def test_subjects_after_a_bracket_or_among_those_who_speak(nlp: Language) -> None:
    # "after" read as the name's preposition, with the party bracket between name and verb
    text = (
        "The aides made this announcement after Senator Ann Pike (D-Ore.) earlier in the day hailed progress "
        "the committee has made."
    )
    assert [(s.speaker, s.cue) for s in run(nlp, text)] == [("Ann Pike", "hailed")]
    text = "Nora Quill, a nurse from Dellport, Oregon, is among those who say they see no reason to back the mayor."
    assert [s.speaker for s in run(nlp, text)] == ["Nora Quill"]


def test_a_name_closing_a_description_speaks(nlp: Language) -> None:
    text = (
        "One pastor backing Mr. Hale, Curtis Whitby of Hope Baptist Church in Marlow, said he had made "
        "nearly 300 phone calls."
    )
    assert [s.speaker for s in run(nlp, text)] == ["Curtis Whitby"]
    # a description set beside a description is no name
    text = (
        "The clerk of almost six years, a lifelong Democrat who spoke on condition of anonymity, said she was shocked."
    )
    assert [s.speaker for s in run(nlp, text)] == ["clerk of almost six years, a lifelong Democrat"]


def test_a_name_after_like_is_compared_not_the_subject(nlp: Language) -> None:
    text = "Pratt represents a district in Fresno, and like Hale has spoken about the need for stricter water rules."
    assert [(s.speaker, s.cue) for s in run(nlp, text)] == [("Pratt", "spoken")]
    # a closing "they said" after a sentence that is not itself a report stays with the people before
    text = "Mills and Pratt argued that the office is not needed. County boards can do that, they said."
    assert [s.speaker for s in run(nlp, text)] == ["Mills and Pratt", "Mills and Pratt"]


def test_a_past_tense_verb_does_not_share_would_with_a_bare_one(nlp: Language) -> None:
    text = (
        "Mr. Hale retreated from his forecast last spring that the economy would climb out of its current slowdown "
        "within three years, and blamed the drop in wheat prices."
    )
    assert [(s.speaker, s.cue) for s in run(nlp, text)] == [("Hale", "blamed")]


def test_a_participle_on_a_coordinated_clause_is_that_clauses(nlp: Language) -> None:
    text = (
        "Tenant groups say the fees are less about upkeep than to limit their numbers, and the Renters Rights "
        "League of Ohio has already taken the city to court over the fees, saying they breach housing law."
    )
    assert [(s.speaker, s.cue) for s in run(nlp, text)] == [
        ("Tenant groups", "say"),
        ("Renters Rights League of Ohio", "saying"),
    ]


def test_it_may_take_an_organisation_read_as_a_person(nlp: Language) -> None:
    """An organisation's name the tagger took for a person's ("Brackwell said …") is what a later "it"
    means; a speaker marked as a person by a given name, a title or a role never is."""
    doc = nlp("The agency said no. It said so twice.")
    registry = PersonRegistry(doc)
    it = next(t for t in doc if t.text == "It")
    cases = [
        (Speaker("Brackwell", "Brackwell", None, PERSON), "Brackwell"),
        (Speaker("Jane Smith", "Jane Smith", None, PERSON), "agency"),
        (Speaker("Orwin", "Mr Orwin", None, PERSON), "agency"),
        (Speaker("Orwin", "Orwin", "chief executive", PERSON), "agency"),
        (Speaker("Orwin", "she", None, PERSON), "agency"),
    ]
    for person, expected in cases:
        resolver = SpeakerResolver(registry)
        resolver.observe(Speaker("agency", "agency", None, GROUP))
        resolver.observe(person)
        mention = describe_subject(it, registry)
        assert mention is not None and mention.kind == "pronoun"
        speaker = resolver.resolve(mention)
        assert speaker is not None and speaker.name == expected, person


def test_it_closing_a_report_is_its_reporting_subject(nlp: Language) -> None:
    """ "X told the paper that …, it said" and "X released a video it says shows …" are X's words, though
    another organisation spoke last."""
    text = (
        "The Anglers' Club said the river was poisoned. "
        "The Tarnvale Water Company told the Courier that its own tests were clean, it said. "
        "The Anglers' Club said the fish were dead. "
        "The county council has released a report it says shows the river is safe."
    )
    by_text = {st.text: st.speaker for st in run(nlp, text)}
    assert (
        by_text.get("The Tarnvale Water Company told the Courier that its own tests were clean")
        == "Tarnvale Water Company"
    )
    assert by_text.get("a report shows the river is safe") == "county council"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the previous sentence's main subject, though a body spoke inside its report
        (
            "Brellow Foods says its own checks, and an audit by the board in May, found no mould at its plant. "
            "It blames a faulty fridge at a depot.",
            "Brellow Foods",
        ),
        # its own sentence's main subject, though it never spoke
        (
            "The Farrow Growers' Union has raised its count: 300 farms, it says, the most in a decade.",
            "Farrow Growers' Union",
        ),
        # the owner of a main subject that cannot speak
        ("Norland Energy's account has shifted. On Monday it said no meter had been read.", "Norland Energy"),
    ],
)
def test_it_continues_the_main_subject_before_it(nlp: Language, text: str, expected: str) -> None:
    """An "it says" goes to the organisation that is its own sentence's main subject, or the previous
    sentence's, or that subject's owner, over another body that spoke before."""
    statements = run(nlp, "The Quarry Board said the dust was harmless. " + text)
    its = [s.speaker for s in statements if s.speaker_text.lower() == "it"]
    assert its == [expected]


def test_it_keeps_the_source_that_spoke_in_the_sentence_before(nlp: Language) -> None:
    """ "X has called for …, according to the Y Monitor. It said …": X is what the sentence reports, the
    Y Monitor speaks in it, so the "it" is the Monitor."""
    text = (
        "The Velder Front has called for more strikes, according to the Kestrel Monitor. "
        "It said supporters were sharing the news."
    )
    its = [s.speaker for s in run(nlp, text) if s.speaker_text.lower() == "it"]
    assert its == ["Kestrel Monitor"]


@pytest.mark.parametrize(
    "text",
    [
        'Tomas Brekke spoke for an hour. Norvia, he told the chamber, was "playing games with lorries".',
        'Tomas Brekke spoke for an hour. Castor Holt, he said, would "never sign that deal".',
    ],
)
def test_a_pronoun_in_an_aside_is_not_the_name_fronted_before_it(nlp: Language, text: str) -> None:
    """ "Norvia, he told the chamber, was …": the name before the aside is what the report is about; the
    "he" reporting it is someone named earlier."""
    hes = [s.speaker for s in run(nlp, text) if s.speaker_text == "he"]
    assert hes == ["Tomas Brekke"]


def test_a_pronoun_in_an_aside_may_be_named_earlier_in_its_sentence(nlp: Language) -> None:
    """Only the phrase right before the aside is set aside: "Jane Ortiz praised the plan, and Tom Hale, she
    said, agreed" keeps Ortiz as "she"."""
    text = "Jane Ortiz praised the plan on Monday, saying it was fair, and Tom Hale, she said, was also pleased."
    shes = [s.speaker for s in run(nlp, text) if s.speaker_text == "she"]
    assert shes == ["Jane Ortiz"]
