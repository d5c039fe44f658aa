"""Furniture sentences at a paragraph's edges: a show's greeting and sign-off, a presenter's segue, a
podcast's production credit, a programme's schedule, a newsletter's reader prompts.

Broadcast transcripts, podcasts and newsletters print their furniture inside a paragraph, often in the
presenter's turn ("QUINN: That's it for this week. The Hour is made by Fen Audio. Subscribe wherever
you listen."), where no line-level pattern can cut it without the turn. Each paragraph kept by the
line classifier loses such sentences from its start and its end (never from its middle, where a
sentence is framed by the paragraph's prose); a paragraph left with nothing, or with only a turn's
label, goes. The forms are whole sentences with a structural cue each (a show's name in capitals
before "is made by", a time after "is on"), measured on the FNC-1 train bodies and on PolNeAR train
(docs/benchmarks.md).
"""

from __future__ import annotations

import re

from bot.ingest.clean_classify import TURN_LABEL
from bot.ingest.clean_furniture import CTA_START, TEASER, is_bio, production_note
from bot.ingest.clean_lines import sentences

_NAME = r"[A-Z][\w&.'\u2019-]*"
_PROPER = rf"(?:[Tt]he )?{_NAME}(?: (?:{_NAME}|of|and|&|the))*"
# Words within one sentence; a full stop only inside a number or a time ("6.30").
_CLAUSE = r"(?:[^.!?]|\.(?=\d))"

# Sentence forms that are furniture wherever a paragraph begins or ends.
SIGNOFF_FORMS: dict[str, re.Pattern[str]] = {
    # "That's it for this week.", "That's all for today."
    "show sign-off": re.compile(
        r"^that['\u2019]s (?:it|all|all we have time for) (?:for|from (?:us|me)(?: for)?) (?:today|tonight|now"
        r"|this (?:week|episode|edition|morning|evening|afternoon|time)|the (?:day|week|programme|show|podcast)"
        r"|(?:this|today['\u2019]s|the) (?:newsletter|briefing|bulletin))[.!]?$"
        # "That's the show.", "That's where we'll leave our live coverage for now.", "See you next week."
        r"|^that['\u2019]s (?:the|our) (?:show|programme|episode|podcast|bulletin)"
        r"(?: for (?:today|tonight|this week))?[.!]?$"
        r"|^that['\u2019]s where we['\u2019]ll (?:leave|end|pause) (?:our|the|this|it)\b[^.!?]{0,50}[.!]?$"
        r"|^(?:see|talk to|speak to) you (?:all )?(?:next (?:week|time|month)|tomorrow|then|soon)[.!]?$"
        r"|^(?:bye|goodbye|bye for now|bye-bye)(?: for now)?[.!]?$",
        re.IGNORECASE,
    ),
    # A show's or newsletter's greeting, as a sentence of its own: "Good morning.", "Welcome back to The Hour."
    "greeting": re.compile(
        rf"^(?:(?:good (?:morning|afternoon|evening)|hello)(?:,? (?:and welcome|everyone))?[.!]"
        rf"|(?:hello,? and )?welcome (?:back )?to {_PROPER}[.!])$",
        re.IGNORECASE,
    ),
    # A presenter's or newsletter's time and date check: "It's 7.42.", "It's Friday 9 May."
    "time check": re.compile(
        r"^it['\u2019]s (?:(?:just )?(?:gone |coming up to |almost )?\d{1,2}[.:]\d{2}(?: ?[ap]\.?m\.?)?"
        r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:,? (?:the )?\d{1,2}(?:st|nd|rd|th)?"
        r"(?: of)? (?:january|february|march|april|may|june|july|august|september|october|november|december))?)[.!]?$",
        re.IGNORECASE,
    ),
    # A briefing's opener: "Here's what you need to know today."
    "briefing opener": re.compile(
        r"^here['\u2019]s (?:what you need to know|your (?:morning|evening|daily|weekly) (?:briefing|round-?up))"
        r"[^.!?]{0,60}[.!:]?$",
        re.IGNORECASE,
    ),
    # A presenter's link to the next item: "Other news now.", "Now the weather, and it's turning colder."
    "segue": re.compile(
        r"^(?:(?:and )?(?:in )?other news now"
        r"|now (?:for )?(?:the )?(?:weather|sport|sports|travel)\b[^.!?]{0,40}"
        # "Weather and sport next, and then …": the next item announced.
        r"|(?:the )?(?:weather|sport|sports|travel|traffic|business|headlines|news)(?: and (?:the )?(?:weather|sport"
        r"|travel|traffic|business|headlines|news))? (?:is |are )?(?:next|coming up)\b[^.!?]{0,60}"
        # "We put that to Councillor Roe a little earlier.": a presenter's link to a recording.
        rf"|we (?:put|took) (?:that|this|those|these)(?: \w+)? to (?:the )?(?-i:{_NAME}(?: {_NAME}){{0,3}})"
        r"(?:,? (?:a little |a bit |just )?earlier(?: today| this morning| this evening)?)?)"
        # A segue the transcript cuts off as the next item starts: "Travel next, and the bypass is closed..."
        r"(?:[.!]|\.\.\.|\u2026)?$",
        re.IGNORECASE,
    ),
    # A podcast's or programme's credit: "The Hour is produced by Fen Audio."
    "production credit": re.compile(
        rf"^{_PROPER} (?:(?:is|was) (?:produced|made|presented|hosted|mixed|recorded)(?: and \w+)?|is (?:written"
        rf"|compiled|edited)) by (?:{_PROPER}|(?:students|volunteers|staff|journalists|reporters|a team|the team)\b"
        rf"[^.!?]{{0,60}})\.?$"
    ),
    # "The Hour is a Fen Audio production."
    "production label": re.compile(rf"^{_PROPER} is an? {_PROPER} production\.?$"),
    # A programme's slot: "Coastal Hour is on Radio North every weekday at six."
    "schedule": re.compile(
        rf"^{_PROPER}(?: (?:news|bulletins?|headlines))? (?:is on|are on|airs on|airs|is broadcast on|is live on|is"
        rf" broadcast|is published|appears|appear) {_CLAUSE}{{0,40}}?\b(?:every|each|nightly|week(?:day|night)s|daily"
        rf"|weekly|monthly)\b{_CLAUSE}{{0,30}}\.?$"
        # "The Quarry Review is published weekly; subscribe at …"
        rf"|^{_PROPER} is published (?:daily|weekly|fortnightly|monthly|quarterly)\b(?:[^.!?]|\.(?=\w)){{0,60}}\.?$"
        # A roundup's note on what it does: "Press Digest rounds up the papers every morning."
        rf"|^{_PROPER} (?:translates|summarises|summarizes|rounds up|reviews)(?: and (?:translates|summarises"
        rf"|summarizes))? (?:the )?(?:foreign |world |international |national |regional |local )?(?:press|papers"
        rf"|newspapers|media)\b[^.!?]{{0,40}}\.?$"
    ),
    # A roundup's note on its quotations: "Quotations are our translations.", "Translations are our own."
    "translation note": re.compile(
        r"^(?:all )?(?:quotations|quotes|translations?)(?: (?:are|were|is))? (?:our|the editors['\u2019]) "
        r"(?:own )?(?:translations?|own)\.?$",
        re.IGNORECASE,
    ),
    # A newsletter's and a podcast's prompts: "Forwarded this?", "Reply to this email with tips.", "Rate
    # us wherever you listen."
    "reader prompt": re.compile(
        r"^(?:forwarded this(?: email| newsletter)?\?|reply to this (?:email|newsletter)\b[^.!?]{0,40}[.!]?"
        r"|[^.!?]{0,50}\bwherever you (?:listen|get your podcasts|get your news)[.!]?"
        # "Listen again on the Radio X app.", "You can find the full figures on our website."
        r"|(?:listen|watch) (?:again|back|on demand)\b[^.!?]{0,50}[.!]?"
        # "If you like the show, leave us a review."
        r"|if you (?:like|liked|enjoy|enjoyed|love|loved) (?:the|this|our) (?:show|podcast|episode|programme)\b"
        r"[^.!?]{0,60}[.!]?"
        r"|you can (?:find|read|see|watch|hear|download) [^.!?]{1,60}\b(?:on|at) our (?:website|site|app|page)[.!]?)$",
        re.IGNORECASE,
    ),
    # A live blog's prompt: "Follow the latest below."
    "live prompt": re.compile(
        r"^(?:(?:follow|get) (?:the|our) (?:latest|live)\b[^.!?]{0,30}\b(?:below|here)"
        r"|our full (?:report|story|coverage|write-up)(?: of [^.!?]{1,40})?"
        r" (?:is|can be (?:read|found)) (?:here|below))"
        r"[.!]?$",
        re.IGNORECASE,
    ),
    # A newsletter's credit: "Written by Jane Roe."
    "written by": re.compile(rf"^(?i:written|compiled) by {_NAME}(?: {_NAME}){{0,3}}\.?$"),
    # A public meeting's notice at the foot of a report: "Members of the public may attend."
    "meeting notice": re.compile(
        r"^(?:members of the public|the public|residents|everyone) (?:may|can|are (?:welcome|invited) to) attend\b"
        r"[^.!?]{0,40}\.?$",
        re.IGNORECASE,
    ),
    # A release's or notice's contact prompt: "For interviews contact the press office."
    "contact prompt": re.compile(
        r"^for (?:interviews|further (?:information|details)|more (?:information|details)|media enquiries"
        r"|press enquiries),? (?:please )?(?:contact|call|email|ring)\b[^.!?]{0,60}\.?$",
        re.IGNORECASE,
    ),
}

# A Q&A's credit of its interviewer, before the first question: "The fiddler talks to Jane Roe about the reel."
INTERVIEW_CREDIT = re.compile(
    rf"\b(?:talks|talked|speaks|spoke) (?:to|with) {_NAME} {_NAME}(?: about [^.!?]{{1,80}})?\.?$"
)
QUOTE_MARKS = re.compile('["\u201c\u201d]')
# A greeting that names nothing: "Good evening.", "Hello, everyone."
_BARE_GREETING = re.compile(r"^(?:good (?:morning|afternoon|evening)|hello)(?:,? everyone)?[.!]$", re.IGNORECASE)
# A live blog entry's time stamp, which stays when the entry's sentences after it go ("11:45 That's all for today.").
_ENTRY_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|[AP]M))?\s+(?=\S)")
# A Q&A's closing note on who was interviewed: "Dr Jane Roe is a senior researcher at the Institute of X."
_QA_BIO = re.compile(
    r"^(?:(?:Dr|Prof|Professor|Sir|Dame)\.? )?[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+){1,3} (?:is|was) (?:a|an|the)"
    r" [^.!?]{1,80}? (?:at|of|for|with|in) (?:the )?[A-Z][^!?]{1,80}\.?$"
)
# A tabloid's photo caption led by a kicker in capitals: "RELIEF: Jane Roe with her son at the quay".
_CAPTION_KICKER = re.compile(r"^[A-Z]{4,}:\s+[A-Z][^.!?:;\"\u201c\u201d]*[a-z][^.!?:;\"\u201c\u201d]*$")
CAPTION_MAX_WORDS = 20
_CLOSERS = "\"'\u201d\u2019)"
_QUESTION_LINE = re.compile(r"^Q\s*[:.]\s")
QA_MIN_QUESTIONS = 2


def signoff_form(sentence: str, *, last: bool = False) -> str | None:
    """Which furniture form a sentence is (None: it may be prose). With `last` (the article's last
    paragraph), a writer's bio and a teaser link count too."""
    text = sentence.strip()
    if QUOTE_MARKS.search(text):
        return None  # a quote, or the end of one opened in an earlier sentence
    for name, pattern in SIGNOFF_FORMS.items():
        if pattern.match(text):
            return name
    if CTA_START.match(text):
        return "call to action"
    if production_note(text):
        return "production note"
    if last:
        if TEASER.match(text):
            return "related link"
        if is_bio(text):
            return "author bio"
    return None


def strip_signoffs(text: str, *, last: bool = False, interview_top: bool = False, qa: bool = False) -> str:
    """The paragraph without furniture sentences at its start and end (`signoff_form`); "" when nothing
    but furniture, or a turn's label, is left. `interview_top` marks a paragraph above a Q&A's first
    question, where the interviewer's credit stands; `qa` with `last` a Q&A's last paragraph, where a note
    on who was interviewed stands."""
    turn = TURN_LABEL.match(text)
    label_match = turn or _ENTRY_TIME.match(text)  # a turn's label stays when sentences after it go
    label = label_match.group(0) if label_match else ""
    body = text[len(label) :]
    parts = sentences(body)
    if not parts:
        return text

    def furniture(part: str) -> bool:
        if signoff_form(part, last=last) is not None:
            return True
        if qa and last and _QA_BIO.match(part) and not QUOTE_MARKS.search(part):
            return True
        return interview_top and INTERVIEW_CREDIT.search(part) is not None and not QUOTE_MARKS.search(part)

    first, end = 0, len(parts)
    # A bare greeting that opens a transcript's turn stays: it names nothing, and without it the parser reads
    # the label as the subject of the turn's first sentence ("ANCHOR (Jo Penn): The mayor says …").
    keep_start = turn is not None and end > 1 and _BARE_GREETING.match(parts[0].strip()) is not None
    while not keep_start and first < end and furniture(parts[first]):
        first += 1
    while end > first and furniture(parts[end - 1]):
        end -= 1
    if (first, end) == (0, len(parts)):
        return text
    if first == end:
        return ""
    start = body.index(parts[first])
    stop = body.rindex(parts[end - 1]) + len(parts[end - 1])
    while stop < len(body) and body[stop] in _CLOSERS:  # the sentence split leaves closing quotes out
        stop += 1
    return label + body[start:stop]


def strip_paragraph_signoffs(paragraphs: list[str]) -> list[str]:
    """Each paragraph without its edge furniture (`strip_signoffs`); emptied paragraphs go. A paragraph
    that is nothing but furniture is kept when it is the article's only one (a brief stays ingested)."""
    questions = [i for i, p in enumerate(paragraphs) if _QUESTION_LINE.match(p)]
    first_question = questions[0] if len(questions) >= QA_MIN_QUESTIONS else -1
    # A transcript's turns may break off unfinished ("HOST: So the figure in that post -"): no captions there.
    transcript = sum(1 for p in paragraphs if TURN_LABEL.match(p) and p.rstrip()[-1:] in '.!?"\u201d') >= 2
    out = []
    for i, para in enumerate(paragraphs):
        if i >= 2 and not transcript and is_caption_kicker(para):  # never the headline or its deck
            continue
        kept = strip_signoffs(
            para, last=i == len(paragraphs) - 1, interview_top=i < first_question, qa=first_question >= 0
        )
        if kept:
            out.append(kept)
    return out or paragraphs


def is_caption_kicker(paragraph: str) -> bool:
    """A photo caption led by a kicker in capitals, set among the paragraphs ("RELIEF: Jane Roe with her
    son at the quay"): no sentence end, no quote; a transcript's turn ends its sentences."""
    return len(paragraph.split()) <= CAPTION_MAX_WORDS and _CAPTION_KICKER.match(paragraph) is not None


# An edition's masthead as a newsletter's headline: its name and the day ("The Harbour Briefing - Monday 2 May").
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_EDITION_LINE = re.compile(
    rf"^{_PROPER}\s*(?:[-\u2013\u2014|,:])\s*(?:{_WEEKDAY},? )?(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}|{_MONTH} \d{{1,2}}"
    rf"(?:st|nd|rd|th)?)(?:,? \d{{4}})?$"
)


def is_edition_headline(headline: str) -> bool:
    """Whether a headline is an edition's masthead, a name and a date ("The Harbour Briefing - Monday 2 May"):
    it stays the title, but it is no paragraph of the body."""
    return _EDITION_LINE.match(headline.strip()) is not None


# A newsletter edition's subject line: its name, a colon, and its items ("The Byte: a plant delay, a recall
# and a robot").
_CONTENTS_LINE = re.compile(r"^[^:.?!\"\u201c]{2,40}:\s+(?P<items>[^:?!\"\u201c]+)$")
_ITEM_SEPARATOR = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+\S")
CONTENTS_MIN_ITEMS = 3


def is_contents_headline(headline: str, paragraphs: list[str]) -> bool:
    """Whether a headline lists the edition's numbered items one for one ("The Byte: X, Y and Z" above
    "1. …", "2. …", "3. …"): a newsletter's table of contents, whose items the numbered headings print
    again, not a headline of the article's own."""
    match = _CONTENTS_LINE.match(headline.strip())
    if match is None:
        return False
    items = [i for i in _ITEM_SEPARATOR.split(match.group("items")) if i.strip()]
    numbered = sum(1 for p in paragraphs if _NUMBERED.match(p))
    return len(items) >= CONTENTS_MIN_ITEMS and len(items) == numbered
