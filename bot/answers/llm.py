"""Optional model phrasing of an answer's lead, off unless `[llm]` is configured.

The model sees only the structured answer (question, status, statements with ids,
speakers, outlets, dates) and must cite statement ids for every sentence. Each
sentence it returns is checked against the statements it cites: a sentence that
cites nothing valid, or names a person, organisation, outlet or number those
statements do not contain, is dropped. If nothing survives, or the server is slow,
down or answers garbage, the template lead is returned instead, so an answer always
arrives within `timeout` seconds.

Prompts, responses and keys are never logged: failures are logged by class only.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The settings live with the rest of the config (the bottom layer); re-exported here.
from bot.config import API_KEY_ENV, DEFAULT_TIMEOUT, MAX_TIMEOUT, LlmSettings

__all__ = ["API_KEY_ENV", "DEFAULT_TIMEOUT", "MAX_TIMEOUT", "LlmSettings"]
from bot.models import CLAIM, DENIAL

log = logging.getLogger(__name__)

MAX_LEAD_CHARS = 300  # the whole lead, sentences joined by one space


@dataclass(frozen=True)
class FactStatement:
    """One stored statement as the lead may use it: who said what, where and when."""

    id: int
    kind: str  # CLAIM | DENIAL
    speaker: str
    speaker_role: str | None
    text: str  # the quote or paraphrase (for a denial, only the denying clause)
    outlets: Sequence[str] = ()
    published: str | None = None  # ISO date (or datetime) of the latest report


@dataclass(frozen=True)
class LeadSentence:
    """One sentence of a lead with the ids of the statements it rests on.

    `shown_ids` are those of them whose own words the sentence quotes or paraphrases
    (empty when it only names speakers, or was phrased by a model); they are not part
    of a sentence's identity, so a model's sentence equals the template's by text and ids.
    """

    text: str
    statement_ids: tuple[int, ...]
    shown_ids: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class LeadFacts:
    """The structured answer a lead is written from, with the template lead as fallback."""

    question: str
    status: str  # "contested", "claimed", "denied", "unknown", …
    statements: Sequence[FactStatement]
    template: Sequence[LeadSentence]
    # Statements whose words the reply shows (its lead and the quotes under it): the ones
    # `summary` cites for a phrased lead too. Never sent to the model.
    shown_ids: frozenset[int] = frozenset()


class LeadReplyError(ValueError):
    """The model's answer is not the JSON shape asked for."""


class LeadDeadlineError(TimeoutError):
    """The model did not answer within the configured timeout."""


# --- the prompt -----------------------------------------------------------------

_SYSTEM_PROMPT = """\
You write the opening lead of a news briefing answer for journalists.
Use ONLY the facts in the user message: the question, the status and the numbered statements.
Rules:
- Report who says what. Attribute every claim and denial to its speaker. Never say or imply
  whether anything is true or false; the status word is the only verdict you may state.
- Answer the question as asked, starting with the status (for yes/no questions say who says yes
  and who denies it).
- Name only people, organisations and outlets that appear in the statements a sentence cites.
  Use only numbers and dates found in those statements, or counts of their outlets.
- Every sentence must cite the ids of the statements it rests on.
- One or two sentences, at most 300 characters in total. Plain text, no markup.
Answer with JSON only, in this shape:
{"sentences": [{"text": "...", "statement_ids": [1, 2]}]}
"""


def build_messages(facts: LeadFacts) -> list[dict[str, str]]:
    """The chat messages for `facts`: fixed instructions plus the structured answer only."""
    payload = {
        "question": facts.question,
        "status": facts.status,
        "statements": [
            {
                "id": s.id,
                "kind": s.kind,
                "speaker": s.speaker,
                "speaker_role": s.speaker_role,
                "says": s.text,
                "outlets": list(s.outlets),
                "published": s.published,
            }
            for s in facts.statements
        ],
        "template_lead": [{"text": t.text, "statement_ids": list(t.statement_ids)} for t in facts.template],
    }
    return [
        {"role": "system", "content": _SYSTEM_PROMPT},
        {"role": "user", "content": json.dumps(payload, ensure_ascii=False)},
    ]


# --- reading the reply -------------------------------------------------------------

_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


def parse_reply(content: str | None) -> list[tuple[str, tuple[int, ...] | None]]:
    """The (text, ids) pairs of a model reply; ids is None where the citation is unusable.

    Accepts `{"sentences": [...]}` or a bare list, optionally in a ```json fence (small
    local models add one). Raises LeadReplyError when the reply is not that shape.
    """
    if not content or not content.strip():
        raise LeadReplyError("empty reply")
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LeadReplyError("reply is not JSON") from exc
    if isinstance(data, dict):
        data = data.get("sentences")
    if not isinstance(data, list):
        raise LeadReplyError("reply has no sentence list")
    items: list[tuple[str, tuple[int, ...] | None]] = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise LeadReplyError("a sentence is not an object with text")
        ids = item.get("statement_ids")
        usable = isinstance(ids, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
        items.append((item["text"], tuple(dict.fromkeys(ids)) if usable and ids else None))
    return items


# --- checking a sentence against the statements it cites ---------------------------------

# Words that may open a sentence or stand capitalised without naming anyone.
_FUNCTION_WORDS = frozenset(
    """a according after all also an and as at before both but by claim claimed claims contested
    denial denials denied denies disputed each earlier either even every for from he her his however
    i in it its later many meanwhile neither no none not of on only or per separately several she
    since so some still that the their then there these they this those to today unclear
    unconfirmed uncontested undisputed unknown until we what when where whereas which while who
    whom whose why with yes yesterday""".split()
)
# Words that rule on truth: allowed only when a cited statement itself uses them.
_VERDICT_WORDS = frozenset(
    """accurate actually correct debunked disproven fact facts fake false falsely hoax inaccurate
    incorrect indeed lie lied lies lying misinformation disinformation proven true truly untrue
    wrong""".split()
)
# Status words: a sentence may use only the answer's own status (or its synonym).
_STATUS_WORDS = frozenset(
    "contested disputed undisputed uncontested unconfirmed unclear unknown settled verified unverified".split()
)
_STATUS_SYNONYMS = {"contested": {"disputed"}, "disputed": {"contested"}}
_MONTHS = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)  # fmt: skip
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12,
    "once": 1, "twice": 2, "half": 0.5, "single": 1, "double": 2, "triple": 3,
}  # fmt: skip
_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|‘([^’]+)’')
# Chat markup and mentions (Slack <!channel>, Discord @everyone, links, code) are never
# part of a plain lead; a model that emits them is not to be trusted with the channel.
_MARKUP = re.compile(r"[<>@`*_~|\[\]{}\\]|https?:|www\.|[\x00-\x1f\x7f]")


def _norm(text: str) -> str:
    """Lower-case words separated by single spaces, possessives removed, for phrase matching."""
    text = re.sub(r"['’]s\b", "", text.lower().replace("’", "'"))
    return " ".join(re.findall(r"[^\W_]+", text))


def numbers_in(text: str) -> set[float]:
    """Every number in `text`, written in digits or words ("1,200", "4.5", "four", "dozen")."""
    found = {float(m.group().replace(",", "")) for m in _DIGITS.finditer(text)}
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        if word in _NUMBER_WORDS:
            found.add(float(_NUMBER_WORDS[word]))
    return found


def _date_parts(published: str | None) -> tuple[set[float], set[str]]:
    """(year, month, day numbers; month names) of an ISO date, or empty sets if unparsable."""
    if not published:
        return set(), set()
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return set(), set()
    return {float(day.year), float(day.month), float(day.day)}, set(_MONTHS[day.month - 1])


@dataclass
class _Support:
    """What the cited statements of one sentence let it say."""

    fields: list[str]  # normalised speaker, role, text and outlet strings
    roles: list[str]  # normalised roles: titles that may precede a name
    numbers: set[float]
    months: set[str]
    words: set[str]  # every normalised word of the fields


def _support(cited: Sequence[FactStatement]) -> _Support:
    fields: list[str] = []
    roles: list[str] = []
    numbers: set[float] = set()
    months: set[str] = set()
    for s in cited:
        parts = [s.speaker, s.speaker_role or "", s.text, *s.outlets]
        fields.extend(_norm(p) for p in parts if p)
        if s.speaker_role:
            roles.append(_norm(s.speaker_role))
        for part in parts:
            numbers |= numbers_in(part)
        day_numbers, month_names = _date_parts(s.published)
        numbers |= day_numbers
        months |= month_names
    # Counts the lead may state: statements and distinct outlets, overall, per side and each.
    for group in (cited, [s for s in cited if s.kind == CLAIM], [s for s in cited if s.kind == DENIAL]):
        if group:
            numbers.add(float(len(group)))
            numbers.add(float(len({o.casefold() for s in group for o in s.outlets})))
    numbers |= {float(len(s.outlets)) for s in cited}
    words = {w for f in fields for w in f.split()}
    return _Support(fields, roles, numbers, months, words)


def _has_phrase(phrase: str, fields: Iterable[str]) -> bool:
    return any(f" {phrase} " in f" {f} " for f in fields)


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words ("Foreign Minister Ana Rudd", "U.S."), one list per run."""
    runs: list[list[str]] = []
    end = -1
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isupper():
            end = -1
            continue
        gap = text[end : match.start()] if end >= 0 else None
        if gap is not None and re.fullmatch(r"\s+|\.|-|\.-", gap):
            runs[-1].append(word)
        else:
            runs.append([word])
        end = match.end()
    return runs


def _run_supported(words: list[str], support: _Support, speakers: set[str]) -> bool:
    """Whether one capitalised run (normalised words) names only what the cited statements hold."""
    while words:
        phrase = " ".join(words)
        if _has_phrase(phrase, support.fields):
            return True
        # A speaker's full name from this answer may stand for the surname a cited
        # statement uses ("Ana Rudd" for "Rudd"); mixing names of two people may not.
        if phrase in speakers and _has_phrase(words[-1], support.fields):
            return True
        # A leading title ("President", "Foreign Minister") may come from a cited role.
        if len(words) == 1 or not _has_phrase(words[0], support.roles):
            return False
        words = words[1:]
    return True


def _names_supported(text: str, support: _Support, facts: LeadFacts) -> bool:
    # Number words are checked as numbers; status words are the lead's own verdict.
    allowed = _FUNCTION_WORDS | _NUMBER_WORDS.keys() | support.months | set(_norm(facts.status).split())
    speakers = {_norm(s.speaker) for s in facts.statements}
    for run in _capitalised_runs(text):
        words = [w for w in (_norm(w) for w in run) if w]
        # Sentence openers and status words at either edge are not part of a name.
        while words and words[0] in allowed:
            words.pop(0)
        while words and words[-1] in allowed:
            words.pop()
        if not _run_supported(words, support, speakers):
            return False
    return True


def _quotes_supported(text: str, support: _Support) -> bool:
    """Words the sentence puts in quotation marks must be words of a cited statement."""
    for match in _QUOTED.finditer(text):
        phrase = _norm(next(group for group in match.groups() if group))
        if phrase and not _has_phrase(phrase, support.fields):
            return False
    return True


def _outlets_supported(text: str, support: _Support, outlets: Iterable[str]) -> bool:
    """Any outlet of the answer that the sentence names must belong to its cited statements."""
    normal = _norm(text)
    for outlet in outlets:
        name = _norm(outlet)
        if name and _has_phrase(name, [normal]) and not _has_phrase(name, support.fields):
            return False
    return True


def check_sentence(text: str, ids: tuple[int, ...] | None, facts: LeadFacts) -> LeadSentence | None:
    """The sentence as a LeadSentence if its cited statements support it, else None.

    It must cite only ids that exist in `facts` (at least one); every capitalised name,
    number, month, outlet and quoted phrase in it must come from the cited statements
    (numbers may also be their counts of statements and outlets, a name the full name of
    a speaker in the answer whose surname they use); it may not rule on truth, nor name
    a status other than the answer's, unless a cited statement uses the same word; and it
    may carry no chat markup or mentions.
    """
    text = " ".join(text.split())
    by_id = {s.id: s for s in facts.statements}
    if not text or not ids or any(i not in by_id for i in ids) or _MARKUP.search(text):
        return None
    support = _support([by_id[i] for i in ids])
    if not numbers_in(text) <= support.numbers:
        return None
    words = set(_norm(text).split())
    if (words & _VERDICT_WORDS) - support.words:
        return None
    status = set(_norm(facts.status).split())
    status |= {synonym for word in status for synonym in _STATUS_SYNONYMS.get(word, ())}
    if (words & _STATUS_WORDS) - status - support.words:
        return None
    months = {m for names in _MONTHS for m in names}
    named_months = {w for w in words if w in months and w != "may"}
    if named_months - support.months - support.words:
        return None
    if not _names_supported(text, support, facts) or not _quotes_supported(text, support):
        return None
    if not _outlets_supported(text, support, (o for s in facts.statements for o in s.outlets)):
        return None
    return LeadSentence(text, ids)


def validate_sentences(items: Iterable[tuple[str, tuple[int, ...] | None]], facts: LeadFacts) -> list[LeadSentence]:
    """The supported sentences in order, cut so the joined lead stays within MAX_LEAD_CHARS."""
    kept: list[LeadSentence] = []
    length = 0
    for text, ids in items:
        sentence = check_sentence(text, ids, facts)
        if sentence is None:
            continue
        extra = len(sentence.text) + (1 if kept else 0)
        if length + extra > MAX_LEAD_CHARS:
            break  # later sentences would read out of order without this one
        kept.append(sentence)
        length += extra
    return kept


# --- calling the server -------------------------------------------------------------


def _client_for(settings: LlmSettings, client: Any | None) -> Any:
    """An OpenAI client for `settings` that never retries, reusing `client`'s connections if given."""
    from openai import OpenAI  # imported here: only bots with [llm] configured pay for it

    if client is not None:
        return client.with_options(timeout=settings.timeout, max_retries=0)
    # A placeholder key satisfies the client's credential check; the header itself is
    # omitted per request, so local servers without auth see no Authorization at all.
    return OpenAI(
        base_url=settings.base_url,
        api_key=settings.api_key or "unused",
        timeout=settings.timeout,
        max_retries=0,
    )


def _complete(client: Any, messages: list[dict[str, str]], settings: LlmSettings) -> str | None:
    """One chat completion; returns the assistant's content."""
    from openai import Omit

    # The client would also send OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment:
    # account identifiers that are no business of a server configured only for briefbot.
    headers: dict[str, Any] = {"OpenAI-Organization": Omit(), "OpenAI-Project": Omit()}
    if not settings.api_key:
        headers["Authorization"] = Omit()
    completion = client.chat.completions.create(
        model=settings.model,
        messages=messages,
        temperature=0,
        response_format={"type": "json_object"},
        extra_headers=headers,
    )
    if not completion.choices:
        raise LeadReplyError("reply has no choices")
    content = completion.choices[0].message.content
    return content if isinstance(content, str) else None


def _complete_by_deadline(
    client: Any, messages: list[dict[str, str]], settings: LlmSettings, close: bool
) -> str | None:
    """_complete, but give up after `settings.timeout` seconds in all.

    The client's timeout bounds each connect or read, not the whole exchange: a server
    trickling bytes could hold it far longer. The call runs on a daemon thread that is
    abandoned at the deadline (its own timeouts end it soon after); it closes the
    client when `close` is set.
    """
    box: queue.Queue[tuple[str | None, BaseException | None]] = queue.Queue(maxsize=1)

    def work() -> None:
        try:
            box.put((_complete(client, messages, settings), None))
        except BaseException as exc:  # handed to the caller, who decides
            box.put((None, exc))
        finally:
            if close:
                client.close()

    threading.Thread(target=work, name="briefbot-llm-lead", daemon=True).start()
    try:
        content, error = box.get(timeout=settings.timeout)
    except queue.Empty:
        raise LeadDeadlineError("no reply in time") from None
    if error is not None:
        raise error
    return content


def phrase_lead(facts: LeadFacts, settings: LlmSettings | None, client: Any | None = None) -> list[LeadSentence]:
    """The lead phrased by the configured model, or `facts.template` whenever that fails.

    `client` is an `openai.OpenAI` to reuse (tests, connection pooling); by default one
    is made per call. Blocks for at most `settings.timeout` seconds; async callers should
    run it with `asyncio.to_thread`. Never raises for server or model failures.
    """
    template = list(facts.template)
    if settings is None or not facts.statements:
        return template
    try:
        # The client is built before the clock starts: the first import of openai alone
        # can take longer than a short timeout.
        own = client is None
        reply = _complete_by_deadline(_client_for(settings, client), build_messages(facts), settings, own)
        items = parse_reply(reply)
    except Exception as exc:  # any failure of the server or model must leave the answer intact
        # The class only: messages of client errors can quote request or response text.
        log.warning("model lead unavailable (%s); using the template lead", type(exc).__name__)
        return template
    kept = validate_sentences(items, facts)
    if len(kept) < len(items):
        log.info("model lead: kept %d of %d sentences", len(kept), len(items))
    if not kept:
        log.warning("model lead unavailable (no supported sentence); using the template lead")
        return template
    return kept
