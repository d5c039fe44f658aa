"""Attribution extraction on hand-written news sentences, one pattern per case."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from bot.models import CLAIM, DENIAL, Statement
from bot.nlp.extract.build import extract_statements
from bot.nlp.extract.quotes import find_quotes, split_units


def run(nlp: Language, text: str) -> list[Statement]:
    """Extract from a text and check the invariants every statement must keep."""
    doc = nlp(text)
    statements = list(extract_statements(doc))
    for st in statements:
        assert doc.text[st.start : st.end] == st.evidence
        assert st.kind in (CLAIM, DENIAL)
        assert st.text.strip()
        assert st.speaker.strip()
        assert st.cue.strip()
        if st.denies_index is not None:
            assert 0 <= st.denies_index < len(statements)
            assert statements[st.denies_index].kind == CLAIM
    return statements


def only(nlp: Language, text: str) -> Statement:
    """The single statement a text must yield."""
    statements = run(nlp, text)
    assert len(statements) == 1, [(s.speaker, s.cue, s.text) for s in statements]
    return statements[0]


# (text, kind, speaker, a snippet of the content, cue)
SINGLE = [
    # reported speech with a clausal complement
    (
        "Defence Secretary Ben Wallace warned that Russia could attack within days.",
        CLAIM,
        "Ben Wallace",
        "Russia could attack within days",
        "warned",
    ),
    (
        "Chinese officials have claimed that the balloon was a weather research craft.",
        CLAIM,
        "Chinese officials",
        "the balloon was a weather research craft",
        "claimed",
    ),
    (
        "The Pentagon said in a statement that two soldiers were wounded.",
        CLAIM,
        "Pentagon",
        "two soldiers were wounded",
        "said",
    ),
    (
        "Analysts say the economy is likely to slow next year.",
        CLAIM,
        "Analysts",
        "the economy is likely to slow",
        "say",
    ),
    (
        "The governor insisted the state budget was balanced.",
        CLAIM,
        "governor",
        "the state budget was balanced",
        "insisted",
    ),
    (
        "Health officials acknowledged that the vaccine rollout had been slow.",
        CLAIM,
        "Health officials",
        "the vaccine rollout had been slow",
        "acknowledged",
    ),
    (
        "The central bank hinted that interest rates could rise again in March.",
        CLAIM,
        "central bank",
        "interest rates could rise again",
        "hinted",
    ),
    (
        "Opposition leader Keir Starmer stressed that the party would not raise income tax.",
        CLAIM,
        "Keir Starmer",
        "would not raise income tax",
        "stressed",
    ),
    ("The mayor noted that crime had fallen for a third year.", CLAIM, "mayor", "crime had fallen", "noted"),
    (
        "Prime Minister Narendra Modi pledged to double farmers' incomes.",
        CLAIM,
        "Narendra Modi",
        "double farmers' incomes",
        "pledged",
    ),
    (
        "The general stated on Monday that the troops had withdrawn.",
        CLAIM,
        "general",
        "the troops had withdrawn",
        "stated",
    ),
    ("Zelensky has claimed a breakthrough in the talks.", CLAIM, "Zelensky", "a breakthrough in the talks", "claimed"),
    (
        "Senator Jane Smith, who chairs the committee, told CNN that the bill would pass by Friday.",
        CLAIM,
        "Jane Smith",
        "the bill would pass by Friday",
        "told",
    ),
    (
        "Israel says it has killed a senior Hamas commander.",
        CLAIM,
        "Israel",
        "it has killed a senior Hamas commander",
        "says",
    ),
    (
        "The minister said during a visit to Kyiv that more aid would follow.",
        CLAIM,
        "minister",
        "more aid would follow",
        "said",
    ),
    # parenthetical attribution
    (
        "The company will cut 2,000 jobs next year, a spokeswoman for the company said.",
        CLAIM,
        "spokeswoman for the company",
        "The company will cut 2,000 jobs",
        "said",
    ),
    (
        "After that, he said, the forces will return to their bases.",
        CLAIM,
        "he",
        "the forces will return to their bases",
        "said",
    ),
    (
        "The talks will resume on Friday, the foreign ministry told reporters.",
        CLAIM,
        "foreign ministry",
        "The talks will resume on Friday",
        "told",
    ),
    (
        "Macron visited Putin for about five hours, French and Russian officials said.",
        CLAIM,
        "French and Russian officials",
        "visited Putin",
        "said",
    ),
    # according to
    (
        "According to officials familiar with the matter, the administration is preparing new sanctions.",
        CLAIM,
        "officials familiar with the matter",
        "preparing new sanctions",
        "according to",
    ),
    (
        "The plant will close in June, according to a company memo.",
        CLAIM,
        "company memo",
        "The plant will close in June",
        "according to",
    ),
    # direct quotes
    (
        '"We will not back down," said Maria Lopez, a spokeswoman for the union.',
        CLAIM,
        "Maria Lopez",
        "We will not back down",
        "said",
    ),
    (
        "\u201cThe economy is strong,\u201d Powell told a news conference.",
        CLAIM,
        "Powell",
        "The economy is strong",
        "told",
    ),
    (
        'Mr Johnson told reporters: "We are going to get Brexit done."',
        CLAIM,
        "Johnson",
        "We are going to get Brexit done",
        "told",
    ),
    ('"It is a disgrace," Trump wrote on social media.', CLAIM, "Trump", "It is a disgrace", "wrote"),
    (
        "\u2018We are not going anywhere,\u2019 the protest leader said.",
        CLAIM,
        "protest leader",
        "We are not going anywhere",
        "said",
    ),
    # passive report without a named source
    ("It was reported that the president would resign.", CLAIM, "unnamed", "the president would resign", "reported"),
    # denials
    (
        "The Kremlin denied that it had interfered in the election.",
        DENIAL,
        "Kremlin",
        "it had interfered in the election",
        "denied",
    ),
    ('The ministry rejected the report as "baseless."', DENIAL, "ministry", "the report", "rejected"),
    ('The White House dismissed the claims as "fake news."', DENIAL, "White House", "the claims", "dismissed"),
    ("The government has repeatedly denied the allegations.", DENIAL, "government", "the allegations", "denied"),
    ('The embassy described the report as "completely false."', DENIAL, "embassy", "the report", "described"),
    ('Beijing has called the accusations "groundless".', DENIAL, "Beijing", "the accusations", "called"),
    ("The Ministry of Defence has denied any wrongdoing.", DENIAL, "Ministry of Defence", "any wrongdoing", "denied"),
    ("The spokesman refuted the claims in a short statement.", DENIAL, "spokesman", "the claims", "refuted"),
    (
        "Officials told reporters that no such agreement had been reached.",
        DENIAL,
        "Officials",
        "no such agreement had been reached",
        "told",
    ),
    ('"This is not true," the spokeswoman said.', DENIAL, "spokeswoman", "This is not true", "said"),
    ('"That is completely wrong," the minister told the BBC.', DENIAL, "minister", "That is completely wrong", "told"),
    (
        "The army described any suggestion of a retreat as \u201cnot true.\u201d",
        DENIAL,
        "army",
        "any suggestion of a retreat",
        "described",
    ),
    ("The party slammed the allegations as a smear.", DENIAL, "party", "the allegations", "slammed"),
]


@pytest.mark.parametrize(("text", "kind", "speaker", "content", "cue"), SINGLE)
def test_single_statement_patterns(nlp: Language, text: str, kind: str, speaker: str, content: str, cue: str) -> None:
    st = only(nlp, text)
    assert st.kind == kind
    assert speaker.lower() in st.speaker.lower()
    assert content.lower() in st.text.lower()
    assert st.cue.lower().startswith(cue.lower())
    # The attribution is not part of what was said.
    if cue not in ("according to",):
        assert f" {cue} " not in f" {st.text} "


NOTHING = [
    "Said Ahmed was born in 1970.",
    "The report said nothing new.",
    "EU leaders stressed the importance of unity.",
    "The spokesman declined to comment.",
    "The minister refused to say whether the plan would go ahead.",
    "The senator has been accused of accepting bribes.",
    "The president did not say when the troops would leave.",
    "A primary goal of the meeting was for the envoy to warn the rebels against an attack.",
    "Russian President Vladimir Putin. File photo by Emmanuel Dunand/AFP",
    "Photo by Jane Doe/Reuters",
    "Tensions have been rising for weeks along the border.",
    "Speaking to journalists in Kyiv, the minister visited a hospital.",
    "If the talks fail, officials would say the plan was doomed.",
    "The film's title, 'Nobody Said It Was Easy', was announced on Monday.",
    "Sign up for our newsletter to get the news that matters.",
    "It is said that the first camera was stolen within a week of installation.",
    "The Road Safety Act, which comes into force on Monday, says drivers must slow down near schools.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_no_attribution_yields_nothing(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


def test_fields_of_a_reported_statement(nlp: Language) -> None:
    text = "Foreign Ministry spokesman John Smith said on Monday that the border with Georgia would stay closed."
    st = only(nlp, text)
    assert st.speaker == "John Smith"
    assert st.speaker_text == "Foreign Ministry spokesman John Smith"
    assert st.speaker_role == "Foreign Ministry spokesman"
    assert st.speaker_type == "person"
    assert st.text == "the border with Georgia would stay closed"
    assert st.evidence == text
    assert (st.start, st.end) == (0, len(text))
    assert not st.direct
    assert "border" in st.lemmas and "georgia" in st.lemmas
    assert "the" not in st.lemmas and "with" not in st.lemmas
    assert any("Georgia" in e for e in st.entities)


def test_direct_quote_fields(nlp: Language) -> None:
    st = only(nlp, '"We will rebuild every house," the governor said.')
    assert st.direct
    assert st.text == "We will rebuild every house"
    assert st.speaker_type == "person"


def test_speaker_resolution_across_sentences(nlp: Language) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov said the talks had been useful.\n\n"
        "Peskov added that no date had been set for a summit.\n\n"
        '"We are ready to talk," he said.\n\n'
        "The Kremlin spokesman also said sanctions would not work."
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Dmitry Peskov"] * 4
    assert statements[0].speaker_role == "Kremlin spokesman"
    assert [s.speaker_text for s in statements] == [
        "Kremlin spokesman Dmitry Peskov",
        "Peskov",
        "he",
        "The Kremlin spokesman",
    ]
    assert "Peskov" in statements[0].speaker_aliases


def test_role_nominal_picks_the_matching_person(nlp: Language) -> None:
    text = (
        "French President Emmanuel Macron met Russian President Vladimir Putin in Moscow.\n\n"
        "The Russian president said the talks were constructive.\n\n"
        "The French president said he was hopeful."
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Vladimir Putin", "Emmanuel Macron"]


def test_apposition_gives_the_role(nlp: Language) -> None:
    st = only(nlp, "Maria Lopez, the union's general secretary, said members had voted to strike.")
    assert st.speaker == "Maria Lopez"
    assert st.speaker_role is not None and "general secretary" in st.speaker_role
    st = only(nlp, "The foreign ministry spokesman, Wang Wenbin, said China firmly opposes the move.")
    assert st.speaker == "Wang Wenbin"
    assert st.speaker_role is not None and "spokesman" in st.speaker_role


def test_name_missed_by_ner_after_a_title(nlp: Language) -> None:
    text = (
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin.\n\n"
        "The German leader said the two countries would coordinate their response."
    )
    st = only(nlp, text)
    assert st.speaker == "Olaf Scholz"


def test_pronouns_for_groups(nlp: Language) -> None:
    text = (
        "The foreign ministry said it would summon the ambassador. It added that relations had been damaged.\n\n"
        "Local residents said they heard explosions overnight. They said the power was cut."
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == [
        "foreign ministry",
        "foreign ministry",
        "Local residents",
        "Local residents",
    ]
    assert all(s.speaker_type == "group" for s in statements)


def test_description_after_a_name(nlp: Language) -> None:
    text = (
        "Minority Leader Mitch McConnell said the bill was a partisan power grab. "
        "The Kentucky Republican argued that states should run elections."
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Mitch McConnell", "Mitch McConnell"]


def test_quote_with_attribution_after_and_continuation(nlp: Language) -> None:
    text = '"There is no evidence of wrongdoing," the police chief said. "The investigation is closed."'
    statements = run(nlp, text)
    assert [s.text for s in statements] == ["There is no evidence of wrongdoing", "The investigation is closed."]
    assert {s.speaker for s in statements} == {"police chief"}
    assert all(s.direct for s in statements)


def test_multi_sentence_quote_is_one_statement(nlp: Language) -> None:
    text = '"This is wrong. The two sides never made any deal. It is simply impossible," the spokesman said.'
    st = only(nlp, text)
    assert st.text.startswith("This is wrong.") and st.text.endswith("It is simply impossible")
    assert st.evidence == text
    assert st.kind == DENIAL


def test_quote_attributed_in_the_next_sentence(nlp: Language) -> None:
    text = '"Do you want France to go to war with Russia? That\'s what will happen!" he told a French reporter.'
    st = only(nlp, text)
    assert st.text.startswith("Do you want France")
    assert st.evidence == text


def test_quote_after_a_colon_sentence(nlp: Language) -> None:
    text = 'The minister was blunt: "We will not pay a penny more."'
    st = run(nlp, text)
    assert not st or st[0].text == "We will not pay a penny more."
    text = 'Smith told the committee: "We will not pay a penny more."'
    st = only(nlp, text)
    assert st.speaker == "Smith" and st.direct


def test_quote_continuing_across_paragraphs(nlp: Language) -> None:
    text = (
        "Maria Lopez, the union's general secretary, said members had voted to strike. "
        '"We have been left with no choice," she said.\n\n'
        '"The employers have refused to negotiate. We will not accept a pay cut.\n\n'
        '"Our members deserve better."\n\n'
        "Lopez added that further strikes were possible."
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Maria Lopez"] * 5
    assert statements[2].text.startswith("The employers have refused")
    assert statements[3].text == "Our members deserve better."
    assert statements[3].direct


def test_quoted_sentence_attributed_by_he_added(nlp: Language) -> None:
    text = (
        '"The economy is strong," Powell told a news conference.\n\n'
        '"But risks remain, and we will act if needed," he added.'
    )
    statements = run(nlp, text)
    assert [(s.speaker, s.cue) for s in statements] == [("Powell", "told"), ("Powell", "added")]


def test_partial_quotes_inside_reported_speech(nlp: Language) -> None:
    text = 'Putin said it would be possible to consider "a number" of the "proposals and ideas" put to him.'
    st = only(nlp, text)
    assert st.speaker == "Putin"
    assert "a number" in st.text and "proposals and ideas" in st.text


def test_nested_source_relay_reports(nlp: Language) -> None:
    st = only(nlp, "Officials said the attack killed at least 12 people, Reuters reported.")
    assert st.speaker == "Officials" and st.relay == "Reuters"
    st = only(nlp, "According to The Guardian, the spokesman told reporters that no deal had been made.")
    assert st.speaker == "spokesman" and st.relay == "Guardian"
    st = only(nlp, '"The minister said the plan was dead," the Times reported.')
    assert st.speaker == "minister" and st.relay == "Times"
    st = only(nlp, "Per the BBC, a French official told reporters that the troops would leave.")
    assert st.speaker == "French official" and st.relay == "BBC"


def test_relay_from_as_quoted_by(nlp: Language) -> None:
    st = only(nlp, '"This goal has been achieved," the president said, as quoted by the broadcaster BFMTV.')
    assert st.relay is not None and "BFMTV" in st.relay
    assert st.text == "This goal has been achieved"


def test_nested_report_inside_a_claim_is_one_statement(nlp: Language) -> None:
    text = "The president has informed reporters that his rival has assured him that there would be no escalation."
    st = only(nlp, text)
    assert st.speaker == "president"
    assert "assured him" in st.text


def test_two_speakers_in_one_sentence(nlp: Language) -> None:
    text = "The minister insisted the decision was final, while critics argued it would hurt farmers."
    statements = run(nlp, text)
    assert [(s.speaker, s.text) for s in statements] == [
        ("minister", "the decision was final"),
        ("critics", "it would hurt farmers"),
    ]


def test_claim_and_denial_by_noun_cue(nlp: Language) -> None:
    text = (
        'Per BBC, a French official also told reporters the two presidents "had agreed that troops would '
        'leave Belarus," a claim Peskov also denied.'
    )
    statements = run(nlp, text)
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    claim, denial = statements
    assert claim.speaker == "French official"
    assert "a claim" not in claim.text
    assert denial.speaker == "Peskov"
    assert denial.target_text == "a claim"
    assert denial.denies_index == 0
    assert claim.evidence == denial.evidence


def test_noun_cue_the_parser_misreads(nlp: Language) -> None:
    text = "Republicans have accused Democrats of trying to federalize elections, a charge Democrats reject."
    statements = run(nlp, text)
    assert [(s.kind, s.speaker) for s in statements] == [(CLAIM, "Republicans"), (DENIAL, "Democrats")]
    assert statements[1].denies_index == 0


def test_participle_adds_a_second_statement(nlp: Language) -> None:
    text = (
        "The prime minister stated on Tuesday that the meeting helped to avoid escalation, adding, however, "
        'that he never thought "for one second" that his rival was "prepared to make any gestures".'
    )
    statements = run(nlp, text)
    assert [s.cue for s in statements] == ["stated", "adding"]
    assert "adding" not in statements[0].text
    assert "prepared to make any gestures" in statements[1].text
    assert statements[1].speaker == statements[0].speaker


def test_slammed_allegations_links_to_earlier_claim(nlp: Language) -> None:
    text = (
        "Western governments have claimed the army is planning an invasion of its neighbour.\n\n"
        "Moscow has repeatedly slammed the allegations, saying the invasion talk is hyped up in the media, "
        "and noted that the neighbour is planning a provocation."
    )
    statements = run(nlp, text)
    kinds = [(s.kind, s.speaker, s.cue) for s in statements]
    assert kinds[0] == (CLAIM, "Western governments", "claimed")
    assert kinds[1] == (DENIAL, "Moscow", "slammed")
    assert statements[1].denies_index == 0
    assert statements[1].target_text == "the allegations"
    assert (CLAIM, "Moscow", "noted") in kinds


def test_no_such_assurance_links_to_the_assurance(nlp: Language) -> None:
    text = (
        '"I secured an assurance there would be no escalation," the French president said.\n\n'
        "The weather in Moscow was cold.\n\n"
        "A Kremlin spokesman told reporters that no such assurance had been given."
    )
    statements = run(nlp, text)
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].denies_index == 0
    assert statements[1].target_text == "no such assurance"


def test_follow_on_denial_quote_keeps_the_target(nlp: Language) -> None:
    text = (
        "The president said he had received a guarantee from his rival.\n\n"
        '"No deal could have been struck," the spokesman said. "It is simply untrue."'
    )
    statements = run(nlp, text)
    assert [s.kind for s in statements] == [CLAIM, DENIAL, DENIAL]
    assert statements[2].denies_index == statements[1].denies_index == 0


def test_headlines(nlp: Language) -> None:
    text = "Trump Says He Will Not Concede\n\nThe president spoke at the White House."
    st = only(nlp, text)
    assert st.speaker == "Trump" and st.text == "He Will Not Concede"
    statements = run(nlp, "Macron says Putin agreed not to escalate crisis; Russia denies promise\n\nMore follows.")
    assert [(s.kind, s.speaker) for s in statements] == [(CLAIM, "Macron"), (DENIAL, "Russia")]
    st = only(nlp, "Biden: 'We will rebuild'\n\nThe president toured the damage.")
    assert st.speaker == "Biden" and st.text == "We will rebuild" and st.direct


def test_repeated_sentence_yields_one_statement(nlp: Language) -> None:
    sentence = "The minister said the border would stay closed."
    statements = run(nlp, f"{sentence}\n\nOther news followed.\n\n{sentence}")
    assert len(statements) == 1


def test_repeated_headline_yields_one_statement(nlp: Language) -> None:
    head = "Minister Says Border Will Stay Closed"
    statements = run(nlp, f"{head}\n\n{head}\n\nThe minister spoke on Monday.")
    assert len(statements) == 1


def test_photo_credit_is_never_a_speaker(nlp: Language) -> None:
    text = "President Joe Biden. File photo by Jane Doe/UPI\n\nBiden said the economy was growing."
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Joe Biden"]
    assert "photo" not in statements[0].evidence.lower()


def test_glued_sentences_do_not_crash(nlp: Language) -> None:
    text = "The minister said the talks failed.During the meeting, officials said the mood was tense."
    statements = run(nlp, text)
    assert statements
    assert statements[0].speaker == "minister"


def test_empty_and_whitespace_docs(nlp: Language) -> None:
    assert run(nlp, "") == []
    assert run(nlp, "\n\n   \n") == []


def test_find_quotes_handles_unclosed_paragraph() -> None:
    text = '"First part of the quote.\n\n"Second part," she said.'
    quotes = find_quotes(text)
    assert len(quotes) == 2
    assert not quotes[0].closed
    assert quotes[1].continues
    assert text[quotes[1].inner_start : quotes[1].inner_end] == "Second part,"


def test_find_quotes_ignores_apostrophes() -> None:
    text = "Macron's aide said they don't know. He didn't say."
    assert find_quotes(text) == []


def test_units_split_at_line_breaks(nlp: Language) -> None:
    doc = nlp("A headline without a full stop\n\nThe first sentence. The second one.")
    units = split_units(doc)
    texts = [doc.text[u.start_char : u.end_char] for u in units]
    assert texts[0] == "A headline without a full stop"
    assert units[0].para != units[1].para
    assert "The second one." in texts


def test_quote_cut_by_its_attribution_is_one_statement(nlp: Language) -> None:
    st = only(
        nlp, '"We are ready for talks," spokeswoman Maria Zakharova told a briefing, "but we need real guarantees."'
    )
    assert st.speaker == "Maria Zakharova"
    assert st.text.startswith("We are ready for talks") and st.text.endswith("real guarantees.")


def test_quoted_as_saying_gives_speaker_and_relay(nlp: Language) -> None:
    st = only(
        nlp,
        "Foreign Minister Sergei Lavrov was quoted by Interfax as saying that Moscow had no plans to use nuclear weapons.",
    )
    assert st.speaker == "Sergei Lavrov"
    assert st.relay == "Interfax"
    assert st.text == "Moscow had no plans to use nuclear weapons"


def test_outlet_told_or_interviewed_is_the_relay(nlp: Language) -> None:
    st = only(nlp, "Two sources familiar with the talks told Reuters that a deal was close.")
    assert st.speaker == "Two sources familiar with the talks" and st.relay == "Reuters"
    st = only(
        nlp, "In an interview with Fox News, former President Donald Trump said the war would never have happened."
    )
    assert st.speaker == "Donald Trump" and st.relay == "Fox News"
    assert st.kind == CLAIM  # "would never have happened" is a claim, not a denial


def test_member_of_a_group_speaks(nlp: Language) -> None:
    text = (
        "One of the officials, who asked not to be named because they were not cleared "
        "to comment publicly, said the sticking point was the grain corridor."
    )
    st = only(nlp, text)
    assert st.speaker == "One of the officials"
    assert st.text == "the sticking point was the grain corridor"


def test_accusation_and_short_denial(nlp: Language) -> None:
    statements = run(nlp, "Washington has accused Moscow of committing war crimes. Moscow denies the charge.")
    assert [(s.kind, s.speaker) for s in statements] == [(CLAIM, "Washington"), (DENIAL, "Moscow")]
    assert statements[1].denies_index == 0
    assert statements[1].target_text == "the charge"


def test_denial_of_wrongdoing_targets_no_claim(nlp: Language) -> None:
    statements = run(
        nlp, "The committee said the talks had been useful.\n\nThe senator has repeatedly denied wrongdoing."
    )
    assert statements[1].kind == DENIAL
    assert statements[1].denies_index is None


def test_two_subjects_read_for_one(nlp: Language) -> None:
    st = only(nlp, "Kyiv's mayor Vitali Klitschko wrote on Telegram that several explosions had hit the city centre.")
    assert st.speaker == "Vitali Klitschko"


def test_question_then_colon_quote(nlp: Language) -> None:
    st = only(nlp, 'Asked whether sanctions were working, Lavrov said: "Look at our economy. It is growing."')
    assert st.speaker == "Lavrov"
    assert st.text == "Look at our economy. It is growing."
    assert st.direct


def test_inverted_attribution_with_apposition(nlp: Language) -> None:
    st = only(nlp, '"The decision has been made," said Dmitry Medvedev, deputy chairman of Russia\'s Security Council.')
    assert st.speaker == "Dmitry Medvedev"
    assert st.speaker_role is not None and "deputy chairman" in st.speaker_role


def test_headline_without_a_claim_is_not_a_statement(nlp: Language) -> None:
    assert run(nlp, "Russia warns West over arms supplies\n\nThe warning came on Thursday.") == []


def test_characterisation_is_a_claim(nlp: Language) -> None:
    st = only(nlp, 'Senate Majority Leader Chuck Schumer called the vote "a dark day for democracy."')
    assert st.kind == CLAIM
    assert st.speaker == "Chuck Schumer"
    assert "a dark day for democracy" in st.text


def test_headline_glued_to_the_first_paragraph(nlp: Language) -> None:
    text = (
        "Sunak rejects calls for early election as Tories slump in polls\n\n"
        "Rishi Sunak has rejected calls for an early general election, insisting that voters want "
        'the government to "get on with the job".\n\n'
        "Speaking to broadcasters in Kent, the prime minister said: "
        "\u2018I am focused on delivering for the British people. That is what they want me to do.\u2019"
    )
    statements = run(nlp, text)
    insisting = [s for s in statements if s.cue == "insisting"]
    assert len(insisting) == 1 and insisting[0].speaker == "Rishi Sunak"
    assert "voters want the government" in insisting[0].text
    quoted = [s for s in statements if s.direct]
    assert quoted and quoted[-1].speaker == "Rishi Sunak"
    assert quoted[-1].text.startswith("I am focused")


def test_sentence_the_parser_leaves_without_a_verb(nlp: Language) -> None:
    st = only(
        nlp, "The party\u2019s deputy leader, Angela Rayner, accused ministers of \u201cclinging on to power\u201d."
    )
    assert st.speaker == "Angela Rayner"
    assert "clinging on to power" in st.text
    assert st.speaker_role is not None and "deputy leader" in st.speaker_role


def test_denial_with_characterisation_shares_its_target(nlp: Language) -> None:
    text = (
        "The opposition claimed the minister had lied to parliament.\n\n"
        "Downing Street denied reports that the prime minister was considering stepping down, "
        "calling them \u201ccomplete nonsense\u201d."
    )
    statements = run(nlp, text)
    denials = [s for s in statements if s.kind == DENIAL]
    assert len(denials) == 2
    assert denials[0].target_text == "reports that the prime minister was considering stepping down"
    assert denials[0].denies_index == denials[1].denies_index


def test_flat_no_and_not_true_are_denials(nlp: Language) -> None:
    st = only(nlp, '"No. That\'s not true," the spokesman said on Sunday.')
    assert st.kind == DENIAL
    st = only(nlp, '"No," the minister replied when asked whether troops had crossed the border.')
    assert st.kind == DENIAL


def test_quote_holding_its_own_reporting_verb_stays_whole(nlp: Language) -> None:
    st = only(
        nlp, '"I am a spokesman for the government and I can say that the talks are promising," Smith told reporters.'
    )
    assert st.text.startswith("I am a spokesman") and st.text.endswith("the talks are promising")
    assert st.speaker == "Smith"


def test_as_stated_by_gives_speaker_and_agency_relay(nlp: Language) -> None:
    text = (
        "The country counts on the prudence of its neighbours, as stated by the Presidential Press "
        "Secretary Dmitry Peskov, RIA Novosti reported."
    )
    st = only(nlp, text)
    assert st.speaker == "Dmitry Peskov"
    assert st.relay == "RIA Novosti"
    assert st.text == "The country counts on the prudence of its neighbours"


def test_surname_tagged_as_a_place_is_still_the_person(nlp: Language) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov said the talks would continue.\n\n"
        "According to Peskov, the country's patience is running out."
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Dmitry Peskov", "Dmitry Peskov"]


def test_where_a_person_spoke_is_not_part_of_the_speaker(nlp: Language) -> None:
    text = 'Relations are "at their lowest level," said presidential spokesman Dmitry Peskov on Channel One.'
    st = only(nlp, text)
    assert st.speaker == "Dmitry Peskov"
    assert "Channel One" not in st.speaker_text


def test_possessive_is_not_part_of_a_name(nlp: Language) -> None:
    text = (
        "President Trump\u2019s top spokeswoman spoke on Thursday.\n\n"
        "Trump has claimed at least six times that the bill would have passed."
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Trump"]


def test_subject_hidden_in_an_apposition(nlp: Language) -> None:
    text = (
        "In an interview with CNN\u2019s Dana Bash, House Majority Leader Kevin McCarthy said Republicans "
        "\u201chope\u201d the vote will take place on Friday.\n\n"
        "He indicated representatives will start the debate tomorrow."
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Kevin McCarthy", "Kevin McCarthy"]
    assert statements[0].speaker_role == "House Majority Leader"


def test_the_spokesman_for_a_press_secretary(nlp: Language) -> None:
    text = (
        "White House press secretary Sean Spicer told reporters the vote was scheduled for 3:30.\n\n"
        "The spokesman touted the president's efforts, saying he had left everything on the field."
    )
    statements = run(nlp, text)
    # "touted" is a cue of its own (the frame table), "saying" another: all by the press secretary
    assert {s.speaker for s in statements} == {"Sean Spicer"}
    assert [s.cue for s in statements if s.speaker == "Sean Spicer"][0] == "told"
    assert "he had left everything on the field" in [s.text for s in statements]


def test_possessive_noun_claim(nlp: Language) -> None:
    text = (
        "In response to US President Joe Biden\u2019s claim that the economy would slow, "
        "the spokeswoman stated that growth was strong."
    )
    statements = run(nlp, text)
    by_cue = {s.cue: s for s in statements}
    assert by_cue["claim"].speaker == "Joe Biden"
    assert by_cue["claim"].text == "the economy would slow"
    assert by_cue["stated"].speaker == "spokeswoman"


def test_denial_of_a_possessive_claim_links_to_it(nlp: Language) -> None:
    statements = run(nlp, "The Kremlin dismissed Macron's claim that Putin had given him assurances.")
    assert [(s.kind, s.speaker) for s in statements] == [(DENIAL, "Kremlin"), (CLAIM, "Macron")]
    assert statements[0].denies_index == 1


def test_guillemets_are_quote_marks(nlp: Language) -> None:
    st = only(
        nlp, "\u00ab We urge the other side to stop spreading false information, \u00bb the spokesperson commented."
    )
    assert st.direct
    assert st.text.startswith("We urge") and "\u00ab" not in st.text


def test_quote_paragraph_after_a_reported_statement(nlp: Language) -> None:
    text = 'Senator Jane Smith said the plan was flawed.\n\n"It will not work. Nobody believes it will."'
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Jane Smith", "Jane Smith"]
    assert statements[1].direct and statements[1].text.startswith("It will not work")


def test_statements_calling_claims_false_are_denials(nlp: Language) -> None:
    statements = run(
        nlp, "The claims are false, the ministry said. There was no truth to the reports, a spokesman said."
    )
    assert [s.kind for s in statements] == [DENIAL, DENIAL]


def test_negated_repeat_of_an_earlier_claim_is_a_denial(nlp: Language) -> None:
    text = (
        "Ukrainian officials said Russian forces shelled the power plant overnight.\n\n"
        "The weather was cold.\n\n"
        "Russia said its forces had not shelled the plant."
    )
    statements = run(nlp, text)
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].denies_index == 0


def test_negated_claim_on_another_topic_stays_a_claim(nlp: Language) -> None:
    text = (
        "Ukrainian officials said Russian forces shelled the power plant overnight.\n\n"
        "The minister said the government would not raise taxes."
    )
    statements = run(nlp, text)
    assert [s.kind for s in statements] == [CLAIM, CLAIM]


def test_calls_for_and_calls_on(nlp: Language) -> None:
    st = only(nlp, "The opposition leader called for new elections.")
    assert st.cue == "called for" and st.text == "new elections"
    st = only(nlp, "The UN chief called on both sides to halt the fighting.")
    assert st.cue == "called on" and "halt the fighting" in st.text
    assert st.speaker == "UN chief"


@pytest.mark.parametrize(
    "text",
    [
        "The court denied bail to the three men.",
        "Israel denied entry to the two lawmakers.",
        "Parliament rejected the bill by 300 votes to 200.",
        "The company added 2,000 jobs last year.",
        "She told him to leave the building.",
        "He explained the plan to reporters on Monday.",
    ],
)
def test_refusals_and_other_senses_are_not_statements(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


MORE = [
    (
        "The minister made it clear that the troops would stay.",
        CLAIM,
        "minister",
        "the troops would stay",
        "made clear",
    ),
    ("Officials blamed the attack on rebel forces.", CLAIM, "Officials", "the attack on rebel forces", "blamed"),
    ("The spokesman said the report was fake news.", DENIAL, "spokesman", "the report was fake news", "said"),
    (
        "The ministry said it categorically rejects the allegations.",
        DENIAL,
        "ministry",
        "rejects the allegations",
        "said",
    ),
    ("The group said it had nothing to do with the attack.", DENIAL, "group", "nothing to do with the attack", "said"),
    (
        "The prime minister went on to say that the economy was recovering.",
        CLAIM,
        "prime minister",
        "the economy was recovering",
        "say",
    ),
    (
        "The senator responded by saying the bill was unconstitutional.",
        CLAIM,
        "senator",
        "the bill was unconstitutional",
        "saying",
    ),
]


@pytest.mark.parametrize(("text", "kind", "speaker", "content", "cue"), MORE)
def test_more_cue_patterns(nlp: Language, text: str, kind: str, speaker: str, content: str, cue: str) -> None:
    st = only(nlp, text)
    assert (st.kind, st.cue) == (kind, cue)
    assert speaker in st.speaker
    assert content in st.text


@pytest.mark.parametrize(
    "text",
    ["The minister made a speech in parliament.", "She pushed back the meeting to Friday.", "Officials blamed."],
)
def test_other_senses_of_make_push_blame(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


def test_seed_articles_against_the_gold_file(nlp: Language) -> None:
    """Extraction alone on the five seeds: recall, precision and speakers as the gold header scores them."""
    from bot.devtools import evaluate
    from bot.ingest import clean
    from bot.models import ArticleInput

    root = Path(__file__).resolve().parent.parent
    seeds, gold = root / "seeds", root / "tests" / "data" / "gold_seeds.toml"

    system = []
    for path in sorted(seeds.glob("*.txt")):
        article = clean.clean_article(
            ArticleInput(name=path.name, source=str(path), raw=path.read_text(encoding="utf-8"))
        )
        for st in run(nlp, article.text):
            system.append(
                {"article": path.name, "kind": st.kind, "speaker": st.speaker, "text": st.text, "evidence": st.evidence}
            )
    scores = evaluate.score(system, evaluate.load_gold(gold))
    assert scores.recall >= 0.95, scores.missed
    assert scores.precision >= 0.95, scores.unmatched_system
    assert scores.speaker_accuracy >= 0.95, scores.wrong_speakers
    assert scores.repeats_once, scores.repeated


def test_headline_with_trailing_attribution(nlp: Language) -> None:
    text = "No response to ceasefire deal despite calls to end the war, Qatar says\n\nThe talks continue."
    st = only(nlp, text)
    assert st.speaker == "Qatar"
    assert st.text.startswith("No response to ceasefire deal")


def test_quote_fragment_in_an_unattributed_sentence_is_no_follow_on(nlp: Language) -> None:
    text = (
        "They said leaks are circulating in order to \u201cdiminish\u201d the efforts. "
        "These leaks \u201cdo not reflect reality\u201d and are \u201cissued by uninformed parties\u201d."
    )
    statements = run(nlp, text)
    assert len(statements) == 1
    assert "diminish" in statements[0].text


def test_hyphenated_name_keeps_its_spelling(nlp: Language) -> None:
    text = (
        "Foreign ministry spokesperson Majed Al-Ansari said on Thursday that no reply had come.\n\n"
        "Al-Ansari added that talks would go on."
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Majed Al-Ansari", "Majed Al-Ansari"]


def test_it_refers_to_the_latest_singular_source(nlp: Language) -> None:
    statements = run(
        nlp, "The report, published on Monday, said the economy had shrunk. It also said unemployment would rise."
    )
    assert [s.speaker for s in statements] == ["report", "report"]
    text = "The foreign ministry said it would respond. Officials said talks were over. It added that the envoy had been summoned."
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["foreign ministry", "Officials", "foreign ministry"]


def test_call_after_a_quote_keeps_the_speaker_outside_the_quote(nlp: Language) -> None:
    text = "The prime minister replied, \u201cI said nothing of the kind\u201d, and called for his rival to withdraw the remark."
    statements = run(nlp, text)
    assert [(s.cue, s.speaker) for s in statements] == [("replied", "prime minister"), ("called for", "prime minister")]
    assert statements[0].text == "I said nothing of the kind"


def test_dateline_and_glued_headline_do_not_confuse_the_speaker(nlp: Language) -> None:
    text = (
        "\u2018Claims baseless\u2019: Opposition denies \u2018planned\u2019 move against PM\n\n"
        "New Delhi: Congress leaders on Thursday rejected allegations that opposition MPs had tried to "
        "obstruct the prime minister, asserting that claims of a planned incident were false."
    )
    statements = run(nlp, text)
    body = [s for s in statements if s.cue != "denies"]
    # The allegations going round are a claim of their own (by "allegations", no one being named).
    assert [(s.kind, s.speaker, s.cue) for s in body] == [
        (CLAIM, "allegations", "allegations"),
        (DENIAL, "Congress leaders", "rejected"),
        (DENIAL, "Congress leaders", "asserting"),
    ]
    assert body[1].target_text.startswith("allegations that opposition MPs")
    assert "\n" not in statements[0].target_text


def test_given_name_missed_by_ner_joins_the_name(nlp: Language) -> None:
    st = only(
        nlp,
        "Congress MP Priyanka Gandhi Vadra dismissed reports suggesting that members tried to harm the prime minister.",
    )
    assert st.speaker == "Priyanka Gandhi Vadra"
    assert st.speaker_role == "Congress MP"


def test_describing_a_non_claim_as_false_links_nothing(nlp: Language) -> None:
    text = (
        "The education secretary claimed the opposition leader misled the prime minister.\n\n"
        "The opposition group has described the prime minister's office response as nonsense."
    )
    statements = run(nlp, text)
    assert statements[1].kind == DENIAL
    assert statements[1].denies_index is None


def test_denial_headlines(nlp: Language) -> None:
    statements = run(
        nlp,
        "Spokesman dismisses speculation that the president prepares an emergency statement\n\nThe rumours spread online.",
    )
    # The speculation's clause is a claim of its own, which the headline denial denies.
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].speaker == "Spokesman" and statements[1].denies_index == 0
    assert statements[0].speaker == "speculation"
    st = only(nlp, "Ministry Dismisses Claims of Secret Deal\n\nThe minister spoke.")
    assert st.kind == DENIAL and st.target_text == "Claims of Secret Deal"
    assert run(nlp, "Minister Slams Critics Over Budget\n\nThe minister spoke.") == []


def test_bodies_spoken_to_are_not_relays(nlp: Language) -> None:
    st = only(nlp, "The minister told Parliament that the plan would go ahead.")
    assert st.relay is None
    st = only(nlp, "The minister told the Senate Foreign Relations Committee that the plan would go ahead.")
    assert st.relay is None


def test_age_description_after_a_name(nlp: Language) -> None:
    text = (
        "Opposition candidate John Mahama said the vote was flawed.\n\n"
        '"Numerous steps have been taken to manipulate the results," the 62-year-old alleged.'
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["John Mahama", "John Mahama"]
    assert statements[1].cue == "alleged" and statements[1].direct


def test_rejected_as_fraudulent_with_object_after_the_adjective(nlp: Language) -> None:
    st = only(nlp, 'The opposition candidate on Thursday rejected as "fraudulent" the results of the elections.')
    assert st.kind == DENIAL
    assert st.target_text == "the results of the elections"


def test_date_after_called_is_not_called_on(nlp: Language) -> None:
    st = only(nlp, 'The opposition leader called these results "a blatant fraud" on Sunday.')
    assert st.cue == "called"
    assert "a blatant fraud" in st.text


def test_typewriter_quote_marks(nlp: Language) -> None:
    st = only(nlp, "``We will win,'' the coach said.")
    assert st.text == "We will win" and st.direct
    st = only(nlp, "\u201cWe will win,'' the coach said.")
    assert st.text == "We will win" and st.direct


def test_stray_open_quote_does_not_swallow_the_paragraph(nlp: Language) -> None:
    statements = run(nlp, "The mayor said the plan was \u201cgood. Officials said the talks had failed.")
    assert [s.speaker for s in statements] == ["mayor", "Officials"]
    quotes = find_quotes('"We are ready.\n\n"We will act," she said.')
    assert len(quotes) == 2 and not quotes[0].closed


def test_noun_denial_with_verb_tagged_as_noun(nlp: Language) -> None:
    statements = run(
        nlp, "Valdoria has said the project violates a 1962 treaty on shared rivers, a charge Kestria rejects."
    )
    assert [(s.kind, s.speaker) for s in statements] == [(CLAIM, "Valdoria"), (DENIAL, "Kestria")]
    assert statements[1].denies_index == 0


def test_negated_facts_deny_earlier_statements(nlp: Language) -> None:
    text = (
        "A senior official said the two sides had agreed to pause filling the reservoir.\n\n"
        '"There is no pause," the ministry spokeswoman told reporters.'
    )
    statements = run(nlp, text)
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].denies_index == 0
    text = (
        "Former port chief denies taking bribes as trial opens\n\n"
        '"Mr. Salas has never taken a bribe in his life," his lawyer told jurors.'
    )
    statements = run(nlp, text)
    assert statements[-1].kind == DENIAL
    st = only(nlp, "The mayor's office said it had played no role in the investigation.")
    assert st.kind == DENIAL


def test_negated_fact_without_anything_before_is_a_claim(nlp: Language) -> None:
    st = only(
        nlp, '"These failures were not the work of a few rogue employees," the director, Samuel Achterberg, said.'
    )
    assert st.kind == CLAIM
    assert st.speaker == "Samuel Achterberg"
    assert st.text == "These failures were not the work of a few rogue employees"


def test_rejecting_figures_criticism_and_readings(nlp: Language) -> None:
    for text, target in [
        (
            "Dunmore rejected the \u00a3180 figure as \u201cscaremongering\u201d in an interview on Monday.",
            "the \u00a3180 figure",
        ),
        ("The board rejected that criticism.", "that criticism"),
        ("The ministry also rejected the senator's reading of the clause.", "the senator's reading of the clause"),
    ]:
        st = only(nlp, text)
        assert st.kind == DENIAL and st.target_text == target


def test_dismissed_as_anything_is_a_denial(nlp: Language) -> None:
    st = only(nlp, 'Her rival dismissed the attack as "desperate".')
    assert st.kind == DENIAL


def test_relative_clause_claim_about_a_noun(nlp: Language) -> None:
    statements = run(
        nlp, "Venkat promised to cut taxes, a pledge Marlowe said would blow a $900 million hole in the budget."
    )
    assert [(s.cue, s.speaker) for s in statements] == [("promised", "Venkat"), ("said", "Marlowe")]
    assert statements[1].text == "a pledge would blow a $900 million hole in the budget"


def test_called_false_claims_inside_a_statement(nlp: Language) -> None:
    text = (
        "The foreign ministry summoned the ambassador on Wednesday to protest against what it called false claims "
        "that it had agreed to halt the filling of the dam, the ministry said in a statement."
    )
    statements = run(nlp, text)
    # The claims it called false are a claim of their own, by the claims (the verdict is the ministry's word).
    assert [(s.kind, s.speaker) for s in statements] == [(CLAIM, "claims"), (DENIAL, "ministry"), (CLAIM, "ministry")]
    assert statements[1].target_text is not None and statements[1].target_text.startswith("false claims")


def test_conjoined_accusation_inside_a_complement(nlp: Language) -> None:
    text = 'Sandra Fox, the leader of the nurses\' union, said staff were "exhausted" and accused the government of ignoring warnings.'
    statements = run(nlp, text)
    assert [(s.cue, s.speaker) for s in statements] == [("said", "Sandra Fox"), ("accused", "Sandra Fox")]


def test_denial_names_whose_claim_it_rejects(nlp: Language) -> None:
    text = (
        "Senator Ana Ruiz said the clause would drain the wetlands.\n\n"
        "The minister said the budget was balanced.\n\n"
        "The ministry also rejected the senator's reading of the clause."
    )
    statements = run(nlp, text)
    assert statements[-1].kind == DENIAL
    assert statements[-1].denies_index == 0


def test_no_promise_denies_only_a_claimed_promise(nlp: Language) -> None:
    text = (
        "The senator said the president had promised to cut troop levels.\n\n"
        "Officials noted that the president made no promise about troop levels."
    )
    statements = run(nlp, text)
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].denies_index == 0
    st = only(nlp, "The broadcaster said the two sides had raised the idea of a pause but had made no firm commitment.")
    assert st.kind == CLAIM


def test_citing_and_quoting_name_the_source_behind_an_outlet(nlp: Language) -> None:
    st = only(
        nlp,
        "Kestria privately offered to slow the filling of the dam, the Lorvan Post reported on Thursday, "
        "citing two officials familiar with the talks.",
    )
    assert st.speaker == "two officials familiar with the talks"
    assert st.relay == "Lorvan Post"
    assert st.text == "Kestria privately offered to slow the filling of the dam"
    st = only(nlp, "The Lorvan Post, quoting an unnamed diplomat, said the capital was unhappy about the leaks.")
    assert "diplomat" in st.speaker and st.relay == "Lorvan Post"


def test_passive_addressee_is_not_a_speaker(nlp: Language) -> None:
    st = only(
        nlp,
        "The defence ministry was warned in 2020 that the vehicle had serious faults, according to internal documents.",
    )
    assert st.speaker == "internal documents"
    assert "was warned" in st.text


def test_demonym_is_not_a_person(nlp: Language) -> None:
    st = only(
        nlp, "Kestria began filling the reservoir in January. Kestrian officials say it will take four years to fill."
    )
    assert st.speaker == "Kestrian officials"


def test_main_clause_speaker_beats_one_mentioned_inside(nlp: Language) -> None:
    text = (
        "The governor rejected criticism from Finance Minister Leo Brandt, who said last month that the bank had choked off growth.\n\n"
        '"Growth slowed because it had to," she said.'
    )
    statements = run(nlp, text)
    by_cue = [(s.cue, s.speaker) for s in statements]
    assert ("said", "Leo Brandt") in by_cue
    assert by_cue[-1] == ("said", "governor")


def test_evidence_sources(nlp: Language) -> None:
    st = only(
        nlp, "Records from the procurement database show that the contract was approved by the minister personally."
    )
    assert st.cue == "show" and "Records" in st.speaker
    st = only(nlp, "A study published last month found that the booster reduced hospital admissions by 60 percent.")
    assert st.cue == "found" and "study" in st.speaker
    assert run(nlp, "Police found that the door was open.") == []


def test_purpose_infinitive_speech(nlp: Language) -> None:
    st = only(
        nlp,
        "The outgoing governor of the central bank, Elena Sorel, used her final lecture to warn that inflation had not been defeated.",
    )
    assert st.speaker == "Elena Sorel" and st.cue == "warn"
    assert st.speaker_role is not None and "governor" in st.speaker_role


def test_live_blog_entries(nlp: Language) -> None:
    st = only(nlp, '16:50 — Centre Party leader Tom Aaltonen: "We have made our demands clear."')
    assert st.speaker == "Tom Aaltonen" and st.direct
    st = only(nlp, "18:30 — The motion has been defeated by 164 votes to 152, the speaker of parliament announces.")
    assert st.speaker == "speaker of parliament"
    assert st.text == "The motion has been defeated by 164 votes to 152"


def test_headline_pattern_beats_a_broken_parse(nlp: Language) -> None:
    text = (
        "Sunak rejects calls for early election as Tories slump in polls\n\n"
        "Rishi Sunak has rejected calls for an early general election."
    )
    statements = run(nlp, text)
    assert statements and statements[0].cue == "rejects" and statements[0].speaker == "Rishi Sunak"


def test_unclosed_quote_attributed_in_the_next_paragraph(nlp: Language) -> None:
    text = (
        '"We have been waiting for this for ten years. Nobody listened to us.\n\n'
        '"Now they have to," said Maria Lopez, a union organiser.'
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Maria Lopez", "Maria Lopez"]
    assert statements[0].text.startswith("We have been waiting")


def test_news_briefing_is_not_a_relay_and_speculation_is_dismissive(nlp: Language) -> None:
    st = only(nlp, "The spokesperson told a regular news briefing that the duties were a response to unfair subsidies.")
    assert st.relay is None
    statements = run(
        nlp, 'The Commission denied that it was acting under pressure, calling such reports "speculation."'
    )
    assert [s.kind for s in statements] == [DENIAL, DENIAL]
    assert statements[0].text == "it was acting under pressure"


# ---------------------------------------------------------------- pronouns: gender and unnamed people


def test_she_skips_a_man_who_spoke_last(nlp: Language) -> None:
    text = (
        "Mayor Clara Voss opened the rebuilt bridge on Monday.\n\n"
        "Council treasurer Paul Dent said the project had run over budget, and he called for an audit.\n\n"
        '"Every penny was worth it," she said.'
    )
    statements = run(nlp, text)
    assert statements[-1].text.startswith("Every penny")
    assert statements[-1].speaker == "Clara Voss"


def test_honorific_gives_gender(nlp: Language) -> None:
    text = (
        "Ms Ortega, the committee's chair, opened the hearing.\n\n"
        "Mr Ibsen told the committee the figures were wrong.\n\n"
        '"We will publish everything," she said.'
    )
    statements = run(nlp, text)
    assert statements[-1].speaker == "Ortega"


def test_pronoun_chain_from_a_name_nobody_quoted(nlp: Language) -> None:
    text = (
        "When Lena Marsh became party leader, the first thing she did was sack the chief whip. It earned her few friends.\n\n"
        '"I would do it again tomorrow," she said.'
    )
    st = only(nlp, text)
    assert st.speaker == "Lena Marsh"
    assert st.speaker_text == "she"


def test_unnamed_witness_is_the_next_he(nlp: Language) -> None:
    text = (
        "Police chief Omar Farid said two people had been hurt in the blast.\n\n"
        "A shopkeeper across the street said the explosion shattered every window on the block. "
        '"We thought it was an earthquake," he said.'
    )
    statements = run(nlp, text)
    assert statements[-1].text.startswith("We thought")
    assert "shopkeeper" in statements[-1].speaker


def test_her_relation_is_not_she(nlp: Language) -> None:
    text = (
        'Judge Amara Ndiaye said the law was clear. "The court cannot rewrite it," she said.\n\n'
        "Her former clerk, Tobias Lindgren, said she had never ducked a hard case.\n\n"
        '"I was taught to read the statute first," she said.'
    )
    statements = run(nlp, text)
    assert [s.speaker for s in statements][-1] == "Amara Ndiaye"
    assert any(s.speaker == "Tobias Lindgren" for s in statements)


# ---------------------------------------------------------------- patterns beyond "X said that"


def test_demonstrative_rejection_refuses_what_was_just_said(nlp: Language) -> None:
    text = "The treasurer promised the cuts would be reversed next year. Opposition leader Mark Tully dismissed that promise."
    statements = run(nlp, text)
    denial = statements[-1]
    assert (denial.kind, denial.speaker, denial.cue) == (DENIAL, "Mark Tully", "dismissed")
    assert denial.denies_index == 0
    st = only(nlp, "The Dutch finance minister, Eva Brink, rejected that condition.")
    assert (st.kind, st.speaker) == (DENIAL, "Eva Brink")


def test_rejecting_a_plan_without_demonstrative_is_no_denial(nlp: Language) -> None:
    assert run(nlp, "The council rejected the plan for a new car park.") == []


def test_data_show_an_object(nlp: Language) -> None:
    st = only(
        nlp,
        "Waiting lists grew again in the spring, as official figures showed 4.1 million patients waiting for surgery.",
    )
    assert st.speaker == "official figures" and "4.1 million patients" in st.text
    st = only(nlp, "Most of the outbreaks were in the northern districts, the data showed.")
    assert st.speaker == "data" and st.text.startswith("Most of the outbreaks")


def test_which_she_said_would(nlp: Language) -> None:
    st = only(nlp, "The minister unveiled a rural transport fund, which she said would reconnect 200 villages.")
    assert st.text == "a rural transport fund would reconnect 200 villages"


def test_estimated_the_crowd_at(nlp: Language) -> None:
    st = only(nlp, "A count by the research group CityWatch estimated the crowd at about 40,000.")
    assert st.speaker == "CityWatch" and "about 40,000" in st.text


def test_with_absolute_saying(nlp: Language) -> None:
    st = only(
        nlp,
        "The bloc agreed a new budget late on Friday, with several member states saying the deal would hurt farmers.",
    )
    assert (st.speaker, st.cue) == ("several member states", "saying")
    assert st.text.startswith("the deal would hurt farmers")


def test_accusing_after_a_glued_headline(nlp: Language) -> None:
    text = (
        "Norland expels attaché over spying claims; Veskan embassy denies charge\n\n"
        "Norland on Monday ordered a Veskan attaché to leave within two days, accusing him of recruiting informants in the navy."
    )
    statements = run(nlp, text)
    accusing = [s for s in statements if s.cue == "accusing"]
    assert accusing and accusing[0].speaker == "Norland"
    assert "recruiting informants" in accusing[0].text


def test_data_show_a_clause_with_its_own_subject(nlp: Language) -> None:
    st = only(
        nlp,
        "Ministers clashed over hospital queues on Tuesday, as new figures showed 6.2 million people in Wales waiting for care.",
    )
    assert st.speaker == "new figures" and "6.2 million people" in st.text


def test_calling_a_strike_is_no_statement(nlp: Language) -> None:
    assert run(nlp, "The rally ended shortly after 5 p.m. Dockers have called a national strike for June 9.") == []
    assert run(nlp, "Transport unions have called a general strike for next Monday.") == []


# ---------------------------------------------------------------- claims with negative words, denials without "deny"


def test_negation_inside_a_relative_clause_is_a_claim(nlp: Language) -> None:
    st = only(nlp, 'The deputy said the bill had been "stuffed with projects that have nothing to do with schools."')
    assert st.kind == CLAIM
    st = only(nlp, "Organisers said the gang had nothing to do with the rally.")
    assert st.kind == DENIAL


def test_falsity_reported_inside_a_claim_is_a_claim(nlp: Language) -> None:
    st = only(nlp, '"Every country that has tried this was told it was impossible," she said.')
    assert st.kind == CLAIM
    st = only(nlp, '"That is simply untrue," the minister said.')
    assert st.kind == DENIAL


def test_exaggerated_figure_is_a_denial(nlp: Language) -> None:
    text = 'The governor claimed 50,000 homes were flooded. An aide to the mayor said the figure of 50,000 was "wildly exaggerated".'
    statements = run(nlp, text)
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].denies_index == 0
    st = only(nlp, "The union said the number of job losses had been greatly overstated.")
    assert st.kind == CLAIM  # "the number" is not a claim word; only a figure or claim called overstated is denied


def test_calling_remarks_a_misreading_is_a_denial(nlp: Language) -> None:
    st = only(
        nlp, "The commission's spokesman responded by calling the senator's remarks \"a misreading of the evidence\"."
    )
    assert st.kind == DENIAL


def test_study_in_a_journal_is_the_source_not_an_outlet(nlp: Language) -> None:
    text = (
        "A survey published in the Northfield Economic Journal in May found that rents had risen fastest near new rail stations, "
        "suggesting that transport links were driving prices."
    )
    statements = run(nlp, text)
    assert statements and statements[0].speaker == "survey"
    assert statements[0].cue == "found"


def test_speaker_without_half_open_bracket(nlp: Language) -> None:
    st = only(nlp, "The governing Civic Renewal Party (CRP) said the count had been fair.")
    assert "(" not in st.speaker and st.speaker.endswith("Civic Renewal Party")


def test_according_to_witnesses_of_an_act_makes_them_the_speaker(nlp: Language) -> None:
    text = (
        "Ministers met late into the night. According to two officials familiar with the talks, "
        "Finance Minister Karl Weber proposed splitting the payment into four parts.\n\n"
        "According to the Daily Ledger, Weber told colleagues the deal was dead."
    )
    statements = run(nlp, text)
    proposal = next(s for s in statements if "splitting the payment" in s.text)
    assert "officials" in proposal.speaker and "Karl Weber proposed" in proposal.text
    told = next(s for s in statements if "deal was dead" in s.text)
    assert told.speaker == "Karl Weber" and told.relay == "Daily Ledger"


def test_trailing_figures_are_a_second_source(nlp: Language) -> None:
    text = "Ruiz said the city had to act because rents rose 12 percent last year, according to figures from the national statistics office."
    statements = run(nlp, text)
    assert [s.speaker for s in statements] == ["Ruiz", "figures from the national statistics office"]
    assert "according to" not in statements[0].text
    assert statements[1].text == "rents rose 12 percent last year"
    relayed = only(nlp, "The minister said the economy was recovering, according to the Daily Ledger.")
    assert relayed.speaker == "minister"


def test_there_is_no_rift_denies(nlp: Language) -> None:
    text = (
        "Reports said the two ministers had fallen out over the budget. "
        'A spokesman told reporters that there was "no rift" between the two departments.'
    )
    statements = run(nlp, text)
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert only(nlp, "The mayor said there was no money left for repairs.").kind == CLAIM


def test_unnamed_agent_noun_is_the_next_he(nlp: Language) -> None:
    text = (
        "The utility's chief executive, Mark Olsen, declined to comment. A utility engineer, who asked not to be named, "
        'said some mains were more than a century old. "We patch them every week," he said.'
    )
    statements = run(nlp, text)
    assert statements[-1].text.startswith("We patch")
    assert "engineer" in statements[-1].speaker


def test_conjoined_cue_takes_the_name_of_two_subjects(nlp: Language) -> None:
    text = (
        'Her rival in next year\'s race, state Senator Raj Mehta, called the increase "a tax on families" '
        "and said he would freeze rates if elected."
    )
    statements = run(nlp, text)
    assert {s.speaker for s in statements} == {"Raj Mehta"}


def test_conjoined_cue_after_a_glued_headline(nlp: Language) -> None:
    text = (
        "Talks on rail strike collapse as union rejects pay offer\n\n"
        "The drivers' union on Friday rejected a 4 percent pay offer from rail companies, saying it fell short of inflation, "
        "and warned that a walkout could begin next month."
    )
    statements = run(nlp, text)
    warned = [s for s in statements if s.cue == "warned"]
    assert warned and "union" in warned[0].speaker and warned[0].text.startswith("a walkout could begin")


def test_that_clause_misread_as_relative_after_a_reporting_verb(nlp: Language) -> None:
    st = only(nlp, 'Union leader Maria Santos told reporters outside the talks that members had "run out of patience".')
    assert st.text == "members had run out of patience"
    # "spoke about" names a topic (a cue pair of PolNeAR train): the relative clause stays inside it
    topics = run(nlp, "The mayor spoke about the plans that the council had drawn up.")
    assert [(s.cue, s.text) for s in topics] == [("spoke", "the plans that the council had drawn up")]


def test_falsity_of_someones_figures_links_to_their_numeric_claim(nlp: Language) -> None:
    text = (
        'Finance Minister Petra Lund said the pension fund would run dry by 2035. "We are not cutting pensions," she said.\n\n'
        'Opposition leader Ida Berg said the minister\'s figures were "pure fiction".'
    )
    statements = run(nlp, text)
    assert statements[-1].kind == DENIAL
    assert statements[-1].denies_index == 0


def test_name_taken_for_an_organisation_joins_the_person_she_refers_to(nlp: Language) -> None:
    text = (
        "When Nkechi Adebayo-Ross became mayor, the first thing she did was close the old landfill.\n\n"
        'Adebayo-Ross rejects the idea that the city cannot afford it. "We cannot afford not to," she said.'
    )
    statements = run(nlp, text)
    assert len({s.speaker for s in statements}) == 1, [(s.speaker, s.text) for s in statements]


def test_urged_keeps_who_was_urged(nlp: Language) -> None:
    st = only(nlp, "The UN mission urged all sides to protect civilians.")
    assert st.text == "all sides to protect civilians"


def test_said_in_a_statement_that_keeps_the_whole_clause(nlp: Language) -> None:
    text = 'The ministry said in a short statement that "several officers" had been injured and that the unit had "repelled the attack".'
    st = only(nlp, text)
    assert st.text.startswith("several officers had been injured")


# ------------------------------------------------------------------ denials of a report


def test_denied_reports_become_a_claim_of_the_reports(nlp: Language) -> None:
    statements = run(nlp, "The club denied reports that the manager had been sacked after the defeat.")
    claims = [s for s in statements if s.kind == CLAIM]
    denials = [s for s in statements if s.kind == DENIAL]
    assert [c.speaker for c in claims] == ["reports"]
    assert "the manager had been sacked" in claims[0].text
    assert len(denials) == 1 and denials[0].speaker == "club"


def test_a_report_by_a_named_outlet_is_that_outlets_claim_and_is_what_is_denied(nlp: Language) -> None:
    statements = run(nlp, "The company rejected a report by the Daily Star that its factory would close.")
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert claim.speaker == "Daily Star"
    assert claim.text == "its factory would close"
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Governor Dev Ostrander dismissed as a hoax his challenger's claim that he approved a copper mine.",
            "his challenger",
            "he approved a copper mine",
        ),
        ("The authority has denied union claims that the network has ground to a halt.", "union", "ground to a halt"),
        (
            "The company rejected the union's claim that staff had warned managers in January.",
            "union",
            "staff had warned",
        ),
    ],
)
def test_a_possessor_report_is_the_sources_claim_not_the_deniers(
    nlp: Language, text: str, source: str, content: str
) -> None:
    statements = run(nlp, text)
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert claim.speaker == source
    assert content in claim.text
    assert denial.denies_index is not None and statements[denial.denies_index] is claim


def test_claims_of_a_thing_and_rumours_of_a_thing(nlp: Language) -> None:
    statements = run(nlp, 'His spokesman dismissed online rumours of a secret wedding in Italy as "nonsense".')
    claim = next(s for s in statements if s.kind == CLAIM)
    assert claim.speaker == "online rumours"
    assert claim.text == "a secret wedding in Italy"


def test_any_suggestion_is_no_report(nlp: Language) -> None:
    # Nobody is said to have suggested it: no claim is invented.
    statements = run(nlp, 'The ministry described any suggestion of a guarantee that talks would resume as "not true".')
    assert [s.kind for s in statements] == [DENIAL]


# ------------------------------------------------------------------ denial forms


def test_negated_content_answering_a_claim_is_a_denial_of_it(nlp: Language) -> None:
    statements = run(
        nlp,
        "The group said it demanded a ransom from the firm before publishing the files. "
        "The firm said it had never received any ransom demand.",
    )
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].denies_index == 0


def test_an_adjective_negated_answers_its_verb(nlp: Language) -> None:
    statements = run(
        nlp,
        "The blogger said Tobias Fenwright had secretly married the model in Italy. "
        '"Tobias is not married," his spokesman said.',
    )
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].denies_index == 0


def test_a_negation_that_answers_nothing_stays_a_claim(nlp: Language) -> None:
    statements = run(
        nlp,
        "The report said the brakes failed in two tests. "
        "The report said the maker had not shared the results of its later tests.",
    )
    assert [s.kind for s in statements] == [CLAIM, CLAIM]


def test_quoted_not_accurate_is_a_denial_of_the_named_claim(nlp: Language) -> None:
    statements = run(
        nlp, 'The union said the service had collapsed. The authority said the union\'s figures were "not accurate".'
    )
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].denies_index == 0


@pytest.mark.parametrize(
    ("headline", "speaker", "content"),
    [
        ("Aldermoor Athletic deny manager Rico Valtane has been sacked", "Aldermoor", "has been sacked"),
        ("Tanner Square: police chief denies ignoring crowd warning", "police chief", "ignoring crowd warning"),
        ("Ostrander: donations claim 'a hoax'", "Ostrander", "donations claim"),
    ],
)
def test_denial_headlines_in_other_forms(nlp: Language, headline: str, speaker: str, content: str) -> None:
    statements = run(nlp, headline + "\n\nThe story continues here with more detail about it.")
    denial = next(s for s in statements if s.kind == DENIAL)
    assert speaker in denial.speaker
    assert content in denial.text


def test_a_colon_headline_with_a_plain_quote_stays_a_claim(nlp: Language) -> None:
    statements = run(nlp, "Smith: 'We will rebuild the bridge'\n\nThe story continues here with more detail.")
    assert [s.kind for s in statements] == [CLAIM]


def test_a_denial_naming_new_content_does_not_continue_the_previous_one(nlp: Language) -> None:
    statements = run(
        nlp,
        "The Daily Blaze reported that the manager had been sacked. The chairman dismissed the story as "
        "fantasy. He also refuted claims of a half-time row.",
    )
    assert [s.kind for s in statements] == [CLAIM, DENIAL, DENIAL]
    assert statements[1].denies_index == 0  # "the story": the report
    assert statements[2].denies_index is None  # a row nobody here claimed: no link rather than a wrong one


def test_scare_quoted_reports_that_carry_a_clause(nlp: Language) -> None:
    statements = run(
        nlp, 'Fairweather pushed back on what he called "misleading reports" that the firm had sat on test results.'
    )
    claim = next(s for s in statements if s.kind == CLAIM)
    denial = next(s for s in statements if s.kind == DENIAL)
    assert claim.text == "the firm had sat on test results"
    assert denial.denies_index is not None and statements[denial.denies_index] is claim
