"""Page furniture: calls to action, comment widgets, bios, credits and bylines, told apart from news prose."""

from __future__ import annotations

import re

from bot.ingest.clean_lines import (
    ATTRIBUTION,
    GOOD,
    QUOTED,
    Line,
    ends_sentence,
    has_quote_or_attribution,
    is_date_line,
    is_time_and_date_line,
    outside_quotes,
    sentences,
)
from bot.ingest.clean_words import CONTACT_LABELS, RUBRIC_WORDS, SELF_NAMES, TRANSCRIPT_WORDS

# ---------------------------------------------------------------- page furniture (second line of defence)

# Imperatives addressed to the reader, at the start of any sentence.
CTA_START = re.compile(
    r"^(subscribe|sign (up|in)|log ?in|register|join (us|our|the conversation)|follow (us|him|her|them|me|@)"
    r"|follow( [\w.'\u2019-]+){1,3} on (twitter|x|facebook|instagram|bluesky|threads|linkedin|tiktok|mastodon)\b"
    r"|download (our|the app)|click|tap here|share (this|on|via)|become a (member|subscriber|patron|supporter)"
    r"|support (us|our|independent|quality)|donate|get (inside |full |unlimited |free )?access|get the (best"
    r"|latest|facts|news)"
    r"|get (the|our)( \w+){0,3} (newsletter|briefing|digest|alerts|app|edition)|enter your"
    r"|please (enter|log|sign|subscribe|support|enable|disable|whitelist|turn|consider)"
    r"|escape your|don['\u2019]t miss|never miss|already (a member|a subscriber|have an account)|create (a "
    r"|an )?(free )?account"
    r"|skip to|jump to|we use cookies|accept (all )?cookies|manage (cookies|preferences|consent)|this (site"
    r"|website) uses"
    r"|by continuing to (browse|use)|add (a|your) comment|leave a (reply|comment)|view (all )?comments"
    r"|print this|email this|copy link|email (us|the( [\w-]+){0,3} (desk|news ?desk|team|newsroom|editors?))"
    # A live blog's reload prompt ("Refresh for the latest updates").
    r"|refresh (this page |the page )?for (the )?(latest|new|more)"
    # Sign-offs and appeals to the reader: "Thanks for following", "Got a story? …", "If you have been
    # affected by …", a fact-check's "Read how we rate claims".
    r"|thanks?( you)? (for|to you all for) (following|reading|listening|watching|joining us)"
    r"|(do you have|have you got|got) (a|an) ([\w-]+ )?(story|tip|news tip|news story|question|query)"
    # An appeal's or a desk's address: "To donate, visit our office.", "To request a correction, write to …".
    r"|to [a-z]+(?: [\w'\u2019-]+){0,4}, (visit|call|ring|email|e-mail|write to|contact|go to|text)"
    r"|if you( have|['\u2019]ve) been affected by|read (how|why) we)\b",
    re.IGNORECASE,
)
# Page headings that are furniture only as a whole short line ("Read more", "Advertisement").
_CTA_HEADING = re.compile(
    r"^(read (more|next|also)|see (also|more)|more (from|on|stories|news)|related( \w+)?|recommended( \w+){0,2}"
    r"|most (read|popular|viewed)"
    r"|trending|watch|listen|advertisement|sponsored( content)?|privacy policy|terms (of|and) (use|service|conditions)"
    r"|continue reading|load more|show (more|comments)|share|tweet|print|email|top stories|latest news)\b",
    re.IGNORECASE,
)
# Editors' notes and production credits ("Reporting by …; Editing by …", "X contributed to this report").
_PRODUCTION_NOTE = re.compile(
    r"^\(?((additional )?reporting|writing|editing|edited|compiled|produced|translated)"
    r"( and (reporting|writing|editing|edited|compiled|produced|translated))? by\b"
    r"|\bcontributed (reporting )?to this (report|story|article)\b"
    r"|^(this (article|story|report|piece) (was|has been|is) (originally |first )?(published|updated|amended"
    r"|corrected|produced|syndicated))"
    r"|^this (article|story|page) is (more than|over) \w+ \w+ old\b"
    r"|^(the )?views (and opinions )?expressed\b|^editor['\u2019]s note\b|^(correction|disclaimer|our standards)\s*:"
    # A dated correction notice: "Correction, 12 December: …", "Clarification (3 May): …".
    r"|^(correction|clarification)[,(]? ?(\d{1,2} \w+|\w+ \d{1,2})(,? \d{4})?\)?\s*:"
    # A trade paper's note on its source: "This article is based on a press release issued by Acme."
    r"|^this (article|story|report|piece|summary) (is|was) (based on|adapted from|drawn from|taken from) (a|an) "
    r"(press |news |media |research |analyst['\u2019]?s? )?(release|statement|note)\b"
    # A correction notice without its label: "An earlier version of this article misstated the date."
    r"|^an earlier version of this (article|story|report|piece|post|page)\b"
    # An interview's editing note and a fact-check's explanation of its rating scale.
    r"|^((this|the) )?(interview|conversation|transcript|q&a) ((has been|was|is) )?(lightly )?(edited|condensed)"
    r"( and (edited|condensed))?( for (length|clarity|brevity|space)( and (length|clarity|brevity))?)?\.?$"
    r"|^about (our|the|these) (ratings?|rating scale|verdicts?|methodology)\s*:"
    # A broadcast transcript's label line ("Transcript: the flood defences") and a local-journalism
    # scheme's funding note.
    r"|^(full |automated |programme )?transcript\s*:"
    r"|^[^.]{0,60}?\b(reporting|journalism|news) (service|scheme|project|partnership)\b[^.]{0,40}\b(is|are)"
    r" (funded|supported|paid for) by\b"
    # A podcast's or broadcast's transcript note ("Automated transcript, lightly edited.").
    r"|^((released|broadcast|recorded|aired) [^.]{1,40}\. )?(automated |auto-generated |machine[- ](generated )?)?"
    r"transcript,? "
    r"(lightly |has been |was )?(edited|generated|condensed)\b",
    re.IGNORECASE,
)
_CTA_ANYWHERE = re.compile(
    r"\b(newsletters?|in(to)? your inbox|to your inbox|unsubscribe|paywall|all rights reserved"
    # A podcast's plug and a newsletter's reading time.
    r"|show notes|wherever you get your podcasts|(\d+|one|two|three|four|five|ten)[- ]min(ute)?s?[- ]read"
    r"|(use|uses|accept|allow|reject|manage|necessary|essential) (all |of |our )?cookies|cookie (policy"
    r"|settings|preferences|consent)"
    r"|(registration|subscription|sign[- ]?up) (was|is|has been) (successful|complete)|your (email|e-mail) address)\b"
    r"|\u00a9|\(c\) ?\d{4}",
    re.IGNORECASE,
)
_COMMENT_WIDGET = re.compile(
    r"\b(comments?|repl(y|ies)|feedbacks?|notify|responses?|discussion|reactions?|upvotes?|likes?|shares?)\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?i:\b(image|media) (source|caption)\b|\b(photo|photograph|image|picture|illustration|graphic|video|footage)s?"
    r"\s*(by"
    r"|:|credit|courtesy)"
    r"|\bfile (photo|image)\b|\b(getty images|shutterstock|alamy|pool photo|ap photo)\b|\bcredit:|\bcourtesy of\b"
    # A caption's label: "Pictured: the ferry at the north quay".
    r"|^pictured\s*:)"
    # "Jane Roe/AGENCY", "AGENCY/Jane Roe" (case matters)
    r"|\b[A-Z][a-z]+/[A-Z]{2,}\b|\b[A-Z]{2,}/[A-Z][a-z]+ [A-Z][a-z]+\b",
)
# A word every case-blind part of `_CREDIT` holds (its case-sensitive parts hold a "/"). Only for
# ASCII lines: case-blind matching also takes a few other letters ("\u017f" for "s") that lower() keeps.
_CREDIT_HINTS = (
    "image media photo picture illustration graphic video footage file getty shutterstock alamy credit courtesy"
    " pictured"
).split()


# A correction notice that says what an article reported and takes it back ("Correction: An article on 3 May
# reported that X had resigned. He has not, and we apologise.") is the outlet's retraction, a statement a
# reader asks about, not an editor's note like "Correction: an earlier version misspelled her name".
_RETRACTING_CORRECTION = re.compile(
    r"^(correction|clarification)\b[^:]{0,30}:.*\b(reported|stated|said|suggested|claimed|wrote|alleged) that\b",
    re.IGNORECASE,
)


def is_retracting_correction(text: str) -> bool:
    """Whether a line is a correction notice that says what was reported and takes it back
    (`_RETRACTING_CORRECTION`)."""
    return _RETRACTING_CORRECTION.match(text) is not None


def production_note(text: str) -> bool:
    """Whether a line is an editor's note (`_PRODUCTION_NOTE`), also in square brackets ("[Automated
    transcript, lightly edited.]"). All its parts but "contributed … to this report" are anchored at the
    line's start, so on ASCII lines without that word a match at the start answers."""
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1].strip()
    if is_retracting_correction(text):
        return False
    if text.isascii() and "contributed" not in text.lower():
        return _PRODUCTION_NOTE.match(text) is not None
    return _PRODUCTION_NOTE.search(text) is not None


def _photo_credit(text: str) -> bool:
    """Whether a line holds a photo credit (`_CREDIT`); most lines are told apart by a substring test first."""
    if text.isascii() and "/" not in text:
        lowered = text.lower()
        if not any(hint in lowered for hint in _CREDIT_HINTS):
            return False
    return _CREDIT.search(text) is not None


_BIO = re.compile(
    r"^[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3} (is|was|has been) (?:(a|an|the|our)\b[^.]{0,80}?"
    # No article: "… is sports editor of the Ashby Post" (a desk word or two, never "was named editor").
    r"|(?!(?:named|appointed|made|elected|hired|promoted|now|also|not|no longer|acting as)\b)(?:[a-z-]+ ){0,2})"
    r"\b(?i:writer|editor|reporter|correspondent|journalist|columnist|contributor|producer|intern|fellow|author|staffer|critic)s?\b"
    # "… is a writer and angler who lives in the valley": where they live instead of whom they write for.
    r"[^.]{0,40}?\b(for|at|with|of|on|covering|based|who (lives|is based|works|covers))\b",
)
# "Jane Roe writes about local government for the Courier", "Dr Roe is a physicist and writes a monthly
# column for the Review": a columnist's sign-off.
_BIO_WRITES = re.compile(
    r"^(?:(?:Dr|Prof|Professor|Sir|Dame)\.? )?[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3}"
    r"(?: is (?:a|an) [^.,]{1,60}? and)? writes (?:(?:a|an) (?:\w+ ){0,2}column|(?:about|on) [^.]{1,60}?|regularly)?"
    r" ?(?:for|in) (?:the )?[A-Z][^.]{0,50}\.?$"
)
# A wire's or paper's closing credit: "Jane Roe reported from Lisbon.", "Jane Roe reported from Lisbon and Tom
# Ash from Madrid." (only names and places after the verb, so "… reported from Lisbon that …" is news).
_CAPS_WORD = r"[A-Z][\w.'\u2019-]*"
_REPORTED_FROM = re.compile(
    rf"^{_CAPS_WORD}(?: {_CAPS_WORD}){{1,3}}(?:,? and {_CAPS_WORD}(?: {_CAPS_WORD}){{1,3}})* (?:reported|contributed"
    rf"(?: reporting)?|reporting) from {_CAPS_WORD}(?:(?:,| and| from| in)? {_CAPS_WORD})*\.?$"
)
# "Jane Roe is the Courier's political commentator.": a columnist's sign-off naming the outlet's role only.
_BIO_OUTLET_ROLE = re.compile(
    r"^[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3} (?:is|was) (?:(?:the|a|an) )?[A-Z][^.,]{0,50}?['\u2019]s?"
    r" (?:[\w-]+ ){0,3}(?i:writer|editor|reporter|correspondent|journalist|columnist|commentator|contributor|critic"
    r"|analyst)s?\.?$"
)
_BIO_EXTRA = re.compile(
    r"^(his|her|their) (writing|work|reporting) has (also )?(been published|appeared)|^follow (him|her|them)\b",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'\u2019-]+(?: (?:[A-Z][\w.'\u2019-]+|de|van|von|da|al|bin|le|la))*"
BYLINE = re.compile(rf"^by (?P<name>{_NAME}(?: and {_NAME})*)(?P<rest>.*)$", re.IGNORECASE)
ROLE_WORDS = re.compile(
    r"\b(writer|editor|reporter|correspondent|journalist|columnist|contributor|staff|desk|team|agency)\b", re.IGNORECASE
)
RELATED_BYLINE_TAIL = re.compile(
    r"\b(published|updated|last updated|\d+ (minutes?|hours?|days?) ago)\b\s*$", re.IGNORECASE
)
SOURCE_LINE = re.compile(r"^(source|via|from|courtesy of)\s*:\s*(?P<outlet>.{2,60})$", re.IGNORECASE)
_NAV_SEPARATORS = re.compile(r"\s[|\u2022\u00b7\u203a\u00bb/>]\s")


_NOT_NAMES = re.compile(
    r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|then|now|the|this|that|early|late"
    r"|january|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


# A tabloid's or section's label before the byline: "EXCLUSIVE by Jane Doe", "ANALYSIS: By Jane Doe",
# "Analysis | By Jane Doe".
_BYLINE_LABEL = re.compile(
    r"^(?:[A-Z]{3,}(?: [A-Z]{3,})?:?|[A-Z][\w&'\u2019-]*(?: [A-Z][\w&'\u2019-]*){0,2}\s*\|)\s+(?=[Bb]y\s)"
)
# A section's label and the writer's name, without "By": "OPINION | Jane Roe", "Analysis | Jane Roe, Political Editor".
_LABELLED_NAME = re.compile(
    r"^[A-Z][\w&'\u2019-]*(?: [A-Z][\w&'\u2019-]*)?\s*\|\s*[A-Z][a-z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]+){1,2}"
    r"(?:,(?: [A-Z][\w-]*){1,4})?$"
)
# The writing team of a live blog or a page: "Harbour Evening News live team", "Courier news desk".
_TEAM_CREDIT = re.compile(r"^(?:[A-Z][\w&'\u2019-]*\s+){1,5}(?:live |news |online |digital )?(?:team|desk|staff)$")


def is_byline(text: str) -> bool:
    """ "By Jane Doe", "By Jane Doe, The Courier", "By Jane Doe, The Courier Published" — not "By Tuesday, the …"."""
    label = _BYLINE_LABEL.match(text)
    if label is not None:
        text = text[label.end() :]
    match = BYLINE.match(text)
    if match is None or _NOT_NAMES.match(match.group("name")) or len(text.split()) > 14:
        return False
    rest = match.group("rest").strip()
    if RELATED_BYLINE_TAIL.search(rest):
        return True
    return not rest or (rest[0] in ",|\u2013\u2014-" and len(rest.split()) <= 6 and not ends_sentence(rest))


def _is_icon_strip(line: Line) -> bool:
    words = line.words
    icons = sum("icon" in w.lower() for w in words)
    return icons >= 3 and icons / len(words) > 0.2


# After "X is a reporter for", a news sentence goes on ("… who was detained in March"); a bio ends.
_NEWS_CONTINUATION = re.compile(
    r"\b(who|whom|which|when|since|until|after|before|while|was|were|had|has)\b", re.IGNORECASE
)


def is_bio(text: str) -> bool:
    """An author bio: "X is a (senior) reporter at Y (covering Z)." — not a news sentence about a journalist."""
    first = sentences(text)[0] if text else ""
    if QUOTED.search(text) or re.search(r"\b(said|says|told)\b", text):
        return False
    if _BIO_EXTRA.match(first) or (
        len(sentences(text)) == 1 and (_BIO_WRITES.match(first) or _BIO_OUTLET_ROLE.match(first))
    ):
        return True
    match = _BIO.match(first)
    if match is None:
        return False
    rest = first[match.end() :]
    return len(rest.split()) <= 8 and not _NEWS_CONTINUATION.search(rest)


def _is_cta_paragraph(text: str) -> bool:
    """A short paragraph, not quoting anybody, with a sentence that addresses the reader to act."""
    parts = sentences(text)
    if len(parts) > 3 or QUOTED.search(text):
        return False
    if any(CTA_START.match(s.lstrip("\"'\u201c\u2018-\u2013\u2014 ")) for s in parts):
        return True
    if len(text.split()) <= 8 and not ends_sentence(text) and _CTA_HEADING.match(text):
        return True
    if not _CTA_ANYWHERE.search(text) or ATTRIBUTION.search(text):
        return False
    return len(text.split()) <= 40 or re.search(r"\byour?\b", outside_quotes(text), re.I) is not None


# A line naming a broadcast's or podcast's break or cue, in square brackets: "[AD BREAK]", "[MUSIC]".
_STAGE_DIRECTION = re.compile(r"^\[[^\]\n]{1,40}\]$")
# A disclaimer that the views are the quoted writers' own.
_DISCLAIMER = re.compile(
    r"\b(?:the )?views (?:expressed )?(?:here |in (?:this|these) \w+ )?are (?:those of|not necessarily)\b"
    # An analyst's note's disclaimer: "… and does not constitute investment advice."
    r"|\b(?:does|do|should) not constitute (?:\w+ ){0,2}advice\b",
    re.I,
)
# A link to another story under a teaser label: "Read more: …", "MORE SHOWBIZ: …", "ALSO READ: …".
TEASER = re.compile(
    r"^(?:(?i:read (?:more|next|also|(?:our|the) (?:[\w-]+ ){0,2}(?:coverage|stories|story|reports?|analysis))"
    r"|see also|also read|related|watch|listen|next week|coming up)|MORE(?: [A-Z&]+){0,2}|ALSO [A-Z]+)"
    r"\s*:\s+\S"
)
TEASER_MAX_WORDS = 25
# A page's notes on its own method: a transcript's "Transcripts are produced by X and may contain errors.",
# a fact-check's "X rates claims as True, Misleading or False."
_METHOD_NOTE = re.compile(
    r"^(?:(?:our|these|(?-i:[A-Z][\w&'\u2019-]*(?: [A-Z][\w&'\u2019-]*){0,3})) )?transcripts? (?:is|are)"
    r" (?:produced|generated|prepared|made|provided|edited)\b"
    r"|^transcripts? (?:produced|generated|prepared|made) (?:from|by|for)\b|\bcheck against delivery\b"
    r"|^[A-Z][\w&.'\u2019 -]{1,40} rates (?:claims|statements|each claim) (?:as|on)\b"
    # A fact-check's method box: "How we check: we contact everyone …"; a comment box's note.
    r"|^how we (?:check|rate|work|verify|fact-check|report|choose)\b[^:.]{0,30}:"
    r"|^(?:join the (?:debate|conversation|discussion)\s*:\s*)?comments (?:are|will be|will remain) (?:now )?"
    r"(?:open|closed)\b[^.!?]{0,60}\.?$",
    re.I,
)
# A wire's closing line on a court story: "The trial continues.", "The hearing was adjourned."
_CLOSER = re.compile(r"^the (trial|hearing|case|inquest|inquiry) (continues|resumes \w+|was adjourned)\.?$", re.I)
# A standfirst's closing credit: "…, writes Jane Roe", "… start it? By Jane Roe".
_BYLINE_TAIL = re.compile(
    r"(?:,\s+writes|(?<=[.?!])\s+By)\s+(?P<name>[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){1,3})$"
)


def strip_closer(text: str) -> str:
    """A last paragraph ending in a wire's closing line ("… on Thursday. The trial continues."): the
    paragraph without it."""
    parts = sentences(text)
    if len(parts) > 1 and _CLOSER.match(parts[-1].strip()):
        return text[: text.rindex(parts[-1])].rstrip()
    return text


def strip_byline_tail(text: str) -> str:
    """A standfirst ending in its writer's credit, "…, writes Jane Roe" or "… start it? By Jane Roe"
    (no full stop after the name): the line without the credit, which is no statement of the writer."""
    if byline_tail_name(text) is None:
        return text
    match = _BYLINE_TAIL.search(text)
    return text if match is None else text[: match.start()].rstrip(" ,")


# A press release's closing section heading: "About Acme", "Notes to editors", "About the company".
_RELEASE_NOTES_HEADING = re.compile(
    r"^([Nn]otes? (to|for) editors|[Aa]bout (the company|us|[A-Z][\w&.'\u2019-]*(?: [A-Z][\w&.'\u2019-]*){0,3}))\s*:?$"
)


# The same heading run into its paragraph: "Notes to editors: Acme was founded in 1921 …"; "About Acme: …"
# only near the end of the capture, where a release's notes stand.
# A release's end mark may lead the line: "ENDS / Notes to editors: …".
_RELEASE_NOTES_INLINE = re.compile(r"^(?:-*ENDS-*\s*[/|.:-]?\s*)?[Nn]otes? (?:to|for) editors\s*:\s+\S")
_ABOUT_INLINE = re.compile(
    r"^[Aa]bout (?:the company|us|[A-Z][\w&.'\u2019-]*(?: [A-Z][\w&.'\u2019-]*){0,3})\s*:\s+[A-Z]"
)
RELEASE_NOTES_TAIL = 5  # the last lines of a capture where an inline "About Acme:" is the release's notes


def mark_release_notes(lines: list[Line]) -> None:
    """A press release's "About Acme" or "Notes to editors" heading and the paragraph glued under it
    (no blank line between) are the issuer's boilerplate, not news; a blank line ends the section.
    The heading run into its paragraph ("Notes to editors: Acme was founded …") marks that line."""
    for i, line in enumerate(lines):
        if line.furniture is not None:
            continue
        if (
            _RELEASE_NOTES_INLINE.match(line.text)
            or (i >= len(lines) - RELEASE_NOTES_TAIL and _ABOUT_INLINE.match(line.text))
        ) and not QUOTED.search(line.text):
            line.furniture = "release notes"
            continue
        if not _RELEASE_NOTES_HEADING.match(line.text):
            continue
        following = lines[i + 1 : i + 3]
        if not following or following[0].blank_before or QUOTED.search(following[0].text):
            continue
        line.furniture = "release notes"
        for follower in following:
            if follower.blank_before or QUOTED.search(follower.text):
                break
            follower.furniture = "release notes"


# ---------------------------------------------------------------- wire datelines

# The parts of a wire dateline, "PORT ELLIS, Dec 3 (Harbour Wire) - ", "LISBON (Reuters) - ",
# "March 3 (AP) — ", "KYIV, Ukraine, 4 March 2026 /Newswire/ -- ": a place in capitals (maybe with its
# region), a date, the agency in brackets or slashes, and a dash before the lead.
_DL_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DL_DATE = rf"(?:{_DL_MONTH} \d{{1,2}}|\d{{1,2}} {_DL_MONTH})(?:,? \d{{4}})?"
_DL_PLACE = r"[A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+){0,3}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*){0,2})?"
_DL_AGENCY = r"(?:\([A-Za-z][A-Za-z&.'\u2019 -]{1,38}\)|/[A-Za-z][\w .-]{1,30}/)"
_DL_DASH = r"\s*(?:--?|[\u2013\u2014])"
# A dateline before the lead: with the agency (any of place and date before it), or a place and a date.
_DATELINE = re.compile(
    rf"^(?:(?:{_DL_PLACE}(?:,? {_DL_DATE})? |{_DL_DATE} )?{_DL_AGENCY}|{_DL_PLACE}, {_DL_DATE}){_DL_DASH}\s*"
    r"(?=[\"'\u201c\u2018]?[A-Z0-9])"
)
# A place alone ("WASHINGTON — "): taken only before a long lead sentence, never from a headline.
_BARE_DATELINE = re.compile(rf"^{_DL_PLACE}\s+(?:--?|[\u2013\u2014])\s+(?=[\"'\u201c\u2018]?[A-Z])")
BARE_DATELINE_MIN_WORDS = 15
# A wire story's dateline on a line of its own: "Dec 4 (Harbour Wire)", "PORT ELLIS, Dec 3 (Harbour Wire) -".
_WIRE_DATE_LINE = re.compile(
    rf"^(?:(?:{_DL_PLACE},? )?{_DL_DATE}(?:\s*{_DL_AGENCY})?|{_DL_PLACE} {_DL_AGENCY})(?:{_DL_DASH})?$"
)


def strip_dateline(text: str, *, lead: bool = True) -> str:
    """A paragraph opening with a wire dateline ("PORT ELLIS, Dec 3 (Harbour Wire) - The port said …"):
    the paragraph from its lead on. The dateline is the wire's credit, never part of a statement.

    A place in capitals alone before a dash ("ELLIS — ") is taken only from an article's `lead`
    paragraph and before a long sentence, so a headline such as "NHS - The Winter Ahead" keeps its words;
    a dateline with nothing after it is left for `furniture_reason`.
    """
    if len(text) < 8 or not (text[0].isupper() or text[0] == "(" or text[0] == "/"):
        return text
    head = text[:120]
    if not any(dash in head for dash in ("-", "\u2013", "\u2014")):
        return text
    match = _DATELINE.match(text)
    if match is None and lead and len(text.split()) >= BARE_DATELINE_MIN_WORDS and ends_sentence(text):
        match = _BARE_DATELINE.match(text)
    if match is None or len(text[match.end() :].split()) < 3:
        return text
    return text[match.end() :]


# Kept paragraphs long enough to be a lead, from the top, that may open with a bare place: a headline
# printed with a full stop may be the first.
LEAD_CANDIDATES = 2


def strip_datelines(lines: list[Line]) -> None:
    """Take the wire dateline off every paragraph that opens with one (`strip_dateline`); a bare place
    ("ELLIS — ") only off the lead, among the first kept paragraphs that are long sentences."""
    leads = [
        i
        for i, line in enumerate(lines)
        if line.final == GOOD and len(line.words) >= BARE_DATELINE_MIN_WORDS and ends_sentence(line.text)
    ][:LEAD_CANDIDATES]
    for i, line in enumerate(lines):
        line.text = strip_dateline(line.text, lead=i in leads)


# ---------------------------------------------------------------- labels: rubrics, contacts, notes


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# A section's rubric in capitals: "HEALTH IN BRIEF", "WORLD BRIEFING" (only as a whole short line in capitals).
_RUBRIC = re.compile(rf"\b(?:{_alternatives(RUBRIC_WORDS)})\b", re.IGNORECASE)
RUBRIC_MAX_WORDS = 5
# A press office's contact line: "Media enquiries: press office, Acme plc", "Press contact: Jane Roe".
_CONTACT = re.compile(rf"^(?:{_alternatives(CONTACT_LABELS)})\s*:\s*\S", re.IGNORECASE)
CONTACT_MAX_WORDS = 25
# A page's note that it will change: "This explainer will be updated as the story develops."
_SELF_UPDATE = re.compile(
    rf"^this (?:{_alternatives(SELF_NAMES)}) (?:will be|is being|is|was|has been|may be) (?:\w+ly )?"
    r"(?:updated|amended|expanded|corrected)\b",
    re.IGNORECASE,
)


def _is_rubric(text: str) -> bool:
    """A newspaper section's rubric on a line of its own, in capitals: "HEALTH IN BRIEF"."""
    return (
        len(text.split()) <= RUBRIC_MAX_WORDS
        and text.isupper()
        and not ends_sentence(text)
        and _RUBRIC.search(text) is not None
    )


def is_label_line(text: str) -> str | None:
    """Why a labelled line is furniture: a rubric, a contact line or a page's update note.

    A fact-check's bare rating label ("Rating: False") is left: the sets' annotators never list it as
    furniture, and cutting it from the top of a fact-check shifted the parse of the claim line below.
    """
    if _is_rubric(text):
        return "section rubric"
    if _CONTACT.match(text) and len(text.split()) <= CONTACT_MAX_WORDS and not QUOTED.search(text):
        return "contact line"
    if _SELF_UPDATE.match(text) and len(text.split()) <= 40 and not has_quote_or_attribution(text):
        return "production note"
    return None


# ---------------------------------------------------------------- broadcast transcripts

_TRANSCRIPT = _alternatives(TRANSCRIPT_WORDS)
# The parts of a programme label: "Valley Radio, Aldbury Today, 22 October, 08:10. Transcript.",
# "EVENING NEWS - Harbour Radio - transcript, Monday 21 September".
_LABEL_PARTS = re.compile(r"\s+[-\u2013\u2014|]\s+|[,;:]\s+|\.\s+|\.$|\s*[()]\s*")
_TRANSCRIPT_PART = re.compile(
    rf"^(?:(?:full|automated|edited|programme|program|broadcast|show|episode|radio|tv) )?(?:{_TRANSCRIPT})"
    r"(?: of (?:the |a |this )?(?:broadcast|programme|program|show|interview|episode|podcast)\b.*"
    # "Transcript produced by Radio X": the broadcaster's credit as the label's last part.
    r"| (?:produced|prepared|provided|supplied) by [A-Z].*)?$",
    re.IGNORECASE,
)
PROGRAMME_LABEL_MAX_WORDS = 16
# Lines glued to a programme label that belong to it: a show's title in capitals or set apart by dashes or
# bars ("Harbour Radio - The Drive with Jo Penn"), or its broadcast time.
_PROGRAMME_SEPARATOR = re.compile(r"\s[-\u2013\u2014|]\s")
PROGRAMME_TITLE_MAX_WORDS = 12
PROGRAMME_LABEL_TOP = 6  # a programme label among the capture's first lines names the headline's programme


def is_programme_label(text: str) -> bool:
    """A broadcast transcript's label line: one of its comma- or dash-set parts says "transcript"
    ("Transcript, Wednesday 9 December, 17:10", "Valley Radio, Evening News. Transcript.") — not a
    sentence about a transcript ("The transcript, released on Monday, shows …")."""
    if len(text.split()) > PROGRAMME_LABEL_MAX_WORDS or QUOTED.search(text):
        return False
    if not re.search(rf"\b(?:{_TRANSCRIPT})\b", text, re.IGNORECASE):
        return False
    return any(_TRANSCRIPT_PART.match(part.strip()) for part in _LABEL_PARTS.split(text) if part.strip())


def _programme_title(line: Line) -> bool:
    text = line.text
    if len(line.words) > PROGRAMME_TITLE_MAX_WORDS or ends_sentence(text) or QUOTED.search(text):
        return False
    return text.isupper() or _PROGRAMME_SEPARATOR.search(text) is not None or is_time_and_date_line(text)


# A headline led by the programme's name: "Evening News: the minister resigns".
_PROGRAMME_PREFIX = re.compile(r"^(?P<name>[A-Z][^:.?!\"\u201c]{1,40}):\s+\S")


def _names_headline_programme(above: list[Line], label: Line) -> bool:
    """Whether a headline above a programme label opens with the programme's name ("Evening News: the
    minister resigns" above "Harbour TV, Evening News, 12 May. Transcript.").

    Such a label stays in the text: the extractor reads it to know that the headline's "Evening News:"
    names a programme, not a speaker, and the headline keeps its words as printed.
    """
    parts = {p.strip().lower() for p in _LABEL_PARTS.split(label.text) if p.strip()}
    return any(
        line.furniture is None
        and (m := _PROGRAMME_PREFIX.match(line.text)) is not None
        and m.group("name").lower() in parts
        for line in above
    )


def mark_programme_labels(lines: list[Line]) -> None:
    """A transcript's programme label and the show's title and time lines glued to it (no blank line
    between) are the broadcaster's labels, not news: "Harbour Radio - The Drive with Jo Penn" /
    "Transcript, Wednesday 9 December, 17:10"."""
    for i, line in enumerate(lines):
        heading = line.furniture == "production note" and _transcript_heading(line.text)
        if not (heading or is_programme_label(line.text)):
            continue
        if i < PROGRAMME_LABEL_TOP and _names_headline_programme(lines[:i], line):
            continue
        line.furniture = "programme label"
        for step in (-1, 1):
            j = i + step
            # Glued: no blank line between the two lines (the later one's `blank_before`).
            while 0 <= j < len(lines) and not lines[max(j, j - step)].blank_before and _free_title(lines[j]):
                lines[j].furniture = "programme label"
                j += step


def _free_title(line: Line) -> bool:
    return line.furniture is None and _programme_title(line)


def _transcript_heading(text: str) -> bool:
    """ "Transcript: the flood barrier at Ellisford": a transcript's heading, already a production note."""
    return re.match(rf"^(?:full |automated |programme )?(?:{_TRANSCRIPT})\s*:", text, re.IGNORECASE) is not None


# ---------------------------------------------------------------- the writer's sign-off

SIGNOFF_LINES = 3  # the last lines of an article where a writer's sign-off stands
# After the writer's name, a verb saying who they are: "is", "has written", "taught", "covers".
_SIGNOFF_VERBS = re.compile(
    r"^(?:is|was|has|writes|wrote|covers|reports|lives|teaches|taught|works|led|ran|spent|became|[a-z]+ed)\b"
)
# A bio's later sentences go on about the same writer: "She is a former chair of …", "Her column appears …".
_ABOUT_THE_WRITER = re.compile(r"^(?:he|she|they|his|her|their)\b", re.IGNORECASE)


def byline_tail_name(text: str) -> str | None:
    """The writer a standfirst credits at its end ("…, writes Jane Roe"), as `strip_byline_tail` cuts it."""
    if ("writes" not in text and "By" not in text) or text.endswith("."):
        return None
    match = _BYLINE_TAIL.search(text)
    if match is None or _NOT_NAMES.match(match.group("name")):
        return None
    return match.group("name")


def _byline_names(lines: list[Line]) -> list[str]:
    names: list[str] = []
    for line in lines:
        text = line.text
        label = _BYLINE_LABEL.match(text)
        if label is not None:
            text = text[label.end() :]
        match = BYLINE.match(text)
        if match is not None and is_byline(line.text):
            names.extend(n.strip() for n in match.group("name").split(" and "))
    return [n for n in names if len(n.split()) >= 2]


def mark_author_signoff(lines: list[Line], writers: list[str] | None = None) -> None:
    """A line among the last few that opens with the byline's name and says who the writer is
    ("Jane Roe is a former ambassador …", "Jane Roe covers energy …") is the writer's sign-off: the
    same name's bio, not a statement of theirs. Quotes and reporting verbs keep a line. `writers` are
    names credited elsewhere (a standfirst's "…, writes Jane Roe")."""
    names = _byline_names(lines) + [n for n in writers or [] if len(n.split()) >= 2]
    if not names:
        return
    tail = [line for line in lines if line.furniture is None][-SIGNOFF_LINES:]
    for line in tail:
        text = line.text
        parts = sentences(text)
        # Two sentences, or more when the later ones are all about the writer ("She is …", "Her column …").
        if len(parts) > 2 and not all(_ABOUT_THE_WRITER.match(p.strip()) for p in parts[1:]):
            continue
        if QUOTED.search(text) or re.search(r"\b(said|says|told)\b", text):
            continue
        for name in names:
            if text.startswith(name + " ") and _SIGNOFF_VERBS.match(text[len(name) + 1 :]):
                line.furniture = "author bio"
                break


def mark_furniture_blocks(lines: list[Line], writers: list[str] | None = None) -> None:
    """Furniture known by a line's neighbours or place on the page: a press release's notes, a
    transcript's programme label, the writer's closing sign-off (`writers`: names a standfirst credits)."""
    mark_release_notes(lines)
    mark_programme_labels(lines)
    mark_author_signoff(lines, writers)


NAME_BESIDE_STAMP_MAX_WORDS = 5


def _stamped_name(text: str) -> bool:
    """A name and a date stamp set apart by a bar: "Harbour News Online | Last updated: 4 May 2026, 18:10".
    The stamp alone is a date line; the name beside it is the outlet's or the section's, no sentence."""
    parts = [p.strip() for p in text.split(" | ")]
    if len(parts) != 2 or ends_sentence(text) or QUOTED.search(text):
        return False
    stamps = [p for p in parts if is_date_line(p)]  # with its year: "Monday 2 May" beside a name is a masthead
    others = [p for p in parts if p not in stamps]
    return len(stamps) == 1 and len(others) == 1 and len(others[0].split()) <= NAME_BESIDE_STAMP_MAX_WORDS


def furniture_reason(line: Line, outlet: str | None = None) -> str | None:
    """Why a line is page furniture, judged on the line alone (None: it may be content)."""
    text = line.text
    words = line.words
    if not re.search(r"[^\W\d_]", text):
        return "no words"
    if _is_icon_strip(line):
        return "icon strip"
    if len(_NAV_SEPARATORS.findall(text)) >= 2 and not ends_sentence(text):
        return "navigation"
    if is_date_line(text) or _WIRE_DATE_LINE.match(text) or is_time_and_date_line(text) or _stamped_name(text):
        return "date line"
    if re.fullmatch(r"(\d+\s+)?(minutes?|hours?|days?|weeks?) ago|just now|updated", text, re.IGNORECASE):
        return "time stamp"
    if SOURCE_LINE.match(text) and len(words) <= 8:
        return "source line"
    if is_byline(text) or _LABELLED_NAME.match(text) or _TEAM_CREDIT.match(text):
        return "byline"
    if _photo_credit(text) and len(words) <= 40 and not has_quote_or_attribution(text):
        return "photo credit"
    if len(words) <= 6 and _COMMENT_WIDGET.search(text) and not ends_sentence(text.rstrip("!")):
        return "comment widget"
    if is_bio(text):
        return "author bio"
    if _STAGE_DIRECTION.match(text):
        return "stage direction"
    if _REPORTED_FROM.match(text) or (
        _METHOD_NOTE.search(text) and len(words) <= 40 and not has_quote_or_attribution(text)
    ):
        return "production note"
    if TEASER.match(text) and len(words) <= TEASER_MAX_WORDS:
        return "related link"
    if _CLOSER.match(text) or (_DISCLAIMER.search(text) and len(words) <= 40 and not has_quote_or_attribution(text)):
        return "production note"
    if production_note(text) and len(words) <= 40:
        return "production note"
    if _is_cta_paragraph(text):
        return "call to action"
    if (label := is_label_line(text)) is not None:
        return label
    if (
        outlet
        and re.match(rf"^{re.escape(outlet)} is (one of|a|an|the)\b", text, re.IGNORECASE)
        and not QUOTED.search(text)
    ):
        return "outlet blurb"
    return None
