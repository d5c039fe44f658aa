"""Word lists the furniture patterns of `clean_furniture` are built from, kept apart from the logic.

Each list names a kind of page furniture by the words pages print for it; the patterns that use them
add the structural cue (a short line, a line in capitals, a label before a colon, a line's place on
the page), so a word alone never makes a line furniture.
"""

from __future__ import annotations

# A newspaper section's rubric printed as a short line in capitals ("HEALTH IN BRIEF", "WORLD BRIEFING",
# "SPORT ROUNDUP"): the section a brief stands in, not its headline.
RUBRIC_WORDS: tuple[str, ...] = (
    "in brief",
    "briefs",
    "briefing",
    "news brief",
    "roundup",
    "round-up",
    "digest",
    "bulletin",
    "at a glance",
)

# Labels of a press office's contact line at the foot of a release ("Media enquiries: press office").
CONTACT_LABELS: tuple[str, ...] = (
    "media enquiries",
    "media inquiries",
    "media contact",
    "media contacts",
    "press enquiries",
    "press inquiries",
    "press contact",
    "press contacts",
    "investor enquiries",
    "investor relations",
    "for further information",
    "for more information",
    "contact",
)

# Names a page gives itself in an "updated as the story develops" note ("This explainer will be updated").
SELF_NAMES: tuple[str, ...] = (
    "article",
    "story",
    "report",
    "piece",
    "page",
    "post",
    "explainer",
    "guide",
    "timeline",
    "blog",
    "live blog",
    "live page",
    "q&a",
)

# What a wire, broadcaster or podcast calls a transcript in its programme label.
TRANSCRIPT_WORDS: tuple[str, ...] = ("transcript", "transcripts")
