"""The platform-neutral reply every command returns, and its plain-text rendering.

Adapters render a `Reply` their own way (Slack blocks, Discord embeds); the CLI
and the console use `render_text`. Section text carries no markup, so each
renderer decides how to emphasise. `SendProgress` records how far posting a
reply in parts got, so the scheduler and the adapters can resume a send.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("contested", "asserted", "denied", "unknown")


@dataclass
class Quote:
    """A stored statement as shown to a user: who said it, what, and where it was carried."""

    speaker: str
    text: str
    outlets: list[str] = field(default_factory=list)
    kind: str = "claim"  # "claim" | "denial"
    role: str | None = None  # "Ministry spokeswoman"
    cue: str | None = None  # "denied", "said"
    direct: bool = False  # a direct quotation: render in quote marks
    relay: str | None = None  # the outlet or person the words are known through ("the Times")

    def attribution(self) -> str:
        """'Ministry spokeswoman Jane Doe', with '(according to X)' when the words come through X."""
        who = self.speaker
        if self.role and self.role.lower() not in self.speaker.lower():
            who = f"{self.role} {self.speaker}"
        return f"{who} (according to {self.relay})" if self.relay else who


@dataclass
class Section:
    """A titled part of a reply: a paragraph, quotes and the outlets behind them."""

    heading: str | None = None
    text: str = ""
    quotes: list[Quote] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    more: int = 0  # items left out for length: rendered as "and N more"


@dataclass
class Reply:
    """What a command answers, independent of the platform that shows it."""

    title: str
    status: str | None = None  # one of STATUSES for answers to questions
    sections: list[Section] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # distinct outlets cited
    is_error: bool = False
    data: dict[str, Any] = field(default_factory=dict)  # the JSON form, for --json
    fallback: str = ""  # plain text; filled by `render_text` when empty
    lead: str = ""  # one or two sentences answering the question; shown first when set
    detail: list[Section] = field(default_factory=list)  # the rest of the evidence: thread, `more`
    more_left: int = 0  # parts of the channel's last answer still to show with `more`

    @property
    def continues(self) -> bool:
        """Whether `more` has something to show after this reply (adapters add a More button)."""
        return bool(self.detail) or self.more_left > 0

    # The structured answer a model may rephrase the lead from (bot.answers.llm.LeadFacts);
    # kept out of the JSON form and comparisons.
    lead_facts: Any = field(default=None, repr=False, compare=False)

    def plain_text(self) -> str:
        """The plain-text fallback, rendering it if nobody set one."""
        return self.fallback or render_text(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the reply (without the lead's structured facts)."""
        facts, self.lead_facts = self.lead_facts, None
        try:
            return asdict(self)
        finally:
            self.lead_facts = facts


def section_from_dict(data: dict[str, Any]) -> Section:
    """A Section back from its `asdict` form (as stored for `more`)."""
    quotes = [Quote(**q) for q in data.get("quotes") or []]
    return Section(
        heading=data.get("heading"),
        text=data.get("text") or "",
        quotes=quotes,
        sources=list(data.get("sources") or []),
        more=int(data.get("more") or 0),
    )


def page_sections(sections: list[Section], max_quotes: int) -> list[list[Section]]:
    """Sections cut into pages of at most `max_quotes` quotes each; a long section spans pages."""
    pages: list[list[Section]] = []
    current: list[Section] = []
    room = max_quotes
    for section in sections:
        quotes = list(section.quotes)
        first = True
        while first or quotes:
            if room <= 0:
                pages.append(current)
                current, room = [], max_quotes
            taken, quotes = quotes[:room], quotes[room:]
            heading = section.heading if first else f"{section.heading or ''} (continued)".strip()
            current.append(
                Section(
                    heading=heading,
                    text=section.text if first else "",
                    quotes=taken,
                    sources=section.sources if not quotes else [],
                )
            )
            room -= max(len(taken), 1)
            first = False
    if current:
        pages.append(current)
    return pages


def truncate(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def split_text(text: str, limit: int) -> list[str]:
    """Split text into chunks of at most `limit` characters, at line breaks, else at spaces.

    Every platform has a message or section size limit; splitting at line
    breaks keeps quotes whole where they fit.
    """
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            head, line = line[:cut], line[cut:].lstrip()
            if current:
                chunks.append(current)
                current = ""
            chunks.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = line
    if current.strip():
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()]


def error_reply(message: str, hint: str | None = None) -> Reply:
    """A reply saying what went wrong and what to do instead."""
    sections = [Section(text=hint)] if hint else []
    return Reply(title=message, sections=sections, is_error=True)


def format_outlets(outlets: list[str]) -> str:
    """'(The Week, UPI)', or '' when no outlet is known."""
    return f"({', '.join(outlets)})" if outlets else ""


def quote_line(quote: Quote) -> str:
    """One quote as a line of plain text with its speaker and outlets."""
    words = f'"{quote.text}"' if quote.direct else quote.text
    verb = quote.cue or ("denied" if quote.kind == "denial" else "said")
    line = f"{quote.attribution()} {verb}: {words}"
    outlets = format_outlets(quote.outlets)
    return f"{line} {outlets}" if outlets else line


def lead_head(reply: Reply, bold: Callable[[str], str]) -> str:
    """The lead with its opening status word ("Contested.") passed through `bold`."""
    match = re.match(r"[A-Z][a-z]+[.:,]", reply.lead)
    if reply.status and match and match.group()[:-1].lower() in _STATUS_LABELS:
        return bold(match.group()) + reply.lead[match.end() :]
    return reply.lead


# Status words a lead may open with, as shown to readers.
_STATUS_LABELS = frozenset({"contested", "asserted", "claimed", "denied", "unknown", "yes"})


def section_lines(section: Section, bold: Callable[[str], str]) -> list[str]:
    """One section as plain-text lines: heading, text, quotes, "and N more", sources."""
    lines: list[str] = []
    if section.heading:
        lines.append(bold(section.heading))
    if section.text:
        lines.append(section.text)
    for quote in section.quotes:
        lines.append(f"- {quote_line(quote)}")
    if section.more:
        lines.append(f"… and {section.more} more")
    if section.sources:
        lines.append(f"Sources: {', '.join(section.sources)}")
    return lines


def render_text(reply: Reply, markdown: bool = False, *, detail: bool = True) -> str:
    """Render a reply as plain text (or light markdown for terminals that show it).

    A reply with a lead opens with it; `detail` adds the folded evidence after the rest.
    """
    bold = (lambda s: f"**{s}**") if markdown else (lambda s: s)
    lines = []
    head = reply.title
    if reply.lead:
        head = lead_head(reply, bold)
    elif reply.status and reply.title.lower().startswith(reply.status.lower()):
        # The title already leads with the status ("Contested: …"): emphasise it, don't repeat it.
        cut = len(reply.status) + 1
        head = f"{bold(reply.title[:cut])}{reply.title[cut:]}"
    elif reply.status:
        head = f"{bold(reply.status.capitalize() + '.')} {reply.title}"
    lines.append(head)
    for section in reply.sections + (reply.detail if detail else []):
        lines.append("")
        lines.extend(section_lines(section, bold))
    if reply.sources:
        lines.append("")
        lines.append(f"Outlets cited: {', '.join(reply.sources)}")
    return "\n".join(lines).strip()


@dataclass
class SendProgress:
    """How far one reply's posting got, so a retried send resumes instead of re-posting.

    An adapter's `send` skips the first `parts_sent` parts and updates these
    fields after every part it posts (before any later failure, timeout or
    cancellation), so the caller can hand the same object to the next attempt.
    `first_ref` is the platform's reference of the first (top-level) message,
    `thread_ref` where follow-up parts go, `state` anything else the adapter
    must remember to resume (e.g. that it fell back to plain text).
    """

    first_ref: str | None = None
    thread_ref: str | None = None
    parts_sent: int = 0
    state: dict[str, Any] = field(default_factory=dict)
