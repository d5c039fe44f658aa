"""Cleaning raw page captures: the seeds, hand-made captures of other layouts, HTML, and the helpers."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bot.devtools.evaluate import normalise
from bot.ingest.clean import CleanError, clean_article, clean_html, clean_text, drop_repeats
from bot.ingest.clean_furniture import furniture_reason
from bot.ingest.clean_lines import Line, find_date, is_date_line, normalise_text, split_glued_sentences
from bot.models import ArticleInput

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = tomllib.loads((ROOT / "tests" / "data" / "gold_seeds.toml").read_text(encoding="utf-8"))
INPUTS = ROOT / "tests" / "data" / "inputs"
SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _clean_seed(name: str):
    return clean_article(
        ArticleInput(name=name, source=str(SEEDS / name), raw=(SEEDS / name).read_text(encoding="utf-8"))
    )


@pytest.fixture(scope="module")
def cleaned_seeds() -> dict[str, object]:
    """Every seed cleaned once."""
    return {name: _clean_seed(name) for name in SEED_FILES}


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# ---------------------------------------------------------------- the seeds


def test_seed_boilerplate_is_gone(cleaned_seeds: dict) -> None:
    for name, cleaned in cleaned_seeds.items():
        body = normalise(cleaned.text)
        for snippet in GOLD["boilerplate"]["absent"]:
            assert normalise(snippet) not in body, f"{name}: {snippet!r} survived cleaning"


@pytest.mark.parametrize("entry", GOLD["statement"], ids=lambda e: f"{e['file'][:3]}:{e['contains'][:30]}")
def test_seed_content_is_kept(cleaned_seeds: dict, entry: dict) -> None:
    """Cleaning must not delete article content: every gold snippet is still in the cleaned text."""
    assert normalise(entry["contains"]) in normalise(cleaned_seeds[entry["file"]].text)


def test_seed_figures_are_kept(cleaned_seeds: dict) -> None:
    for figure in GOLD.get("figure", []):
        for value in figure["values"]:
            assert normalise(value["contains"]) in normalise(cleaned_seeds[value["file"]].text)


def test_seed_paragraphs_and_sentences_appear_once(cleaned_seeds: dict) -> None:
    for name, cleaned in cleaned_seeds.items():
        paragraphs = [normalise(p) for p in _paragraphs(cleaned.text)]
        assert len(paragraphs) == len(set(paragraphs)), name
        # No sentence of ten words or more is printed twice (the glued repeat of the lead is gone).
        long_sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if len(s.split()) >= 10]
        assert len(long_sentences) == len(set(long_sentences)), name


def test_seed_headlines_lead_the_text(cleaned_seeds: dict) -> None:
    expected = {
        "000_b1b5fffef0237379.txt": "Macron says Putin gave him an 'assurance' that there will be no 'escalation' on Ukraine",
        "002_80973514d3295959.txt": "Macron says Putin agreed not to escalate crisis in Ukraine; Russia denies promise",
        "003_2ad2d2c66eceae42.txt": "Macron reveals Putin 'guarantees'",
        "004_aeea804320d04252.txt": "Macron Says Talks With Putin Helped Avoid Further Escalation on Ukraine Issue",
    }
    for name, title in expected.items():
        assert cleaned_seeds[name].title == title
        assert _paragraphs(cleaned_seeds[name].text)[0] == title
    # The Daily Wire capture starts with its lead paragraph: no headline to report.
    assert cleaned_seeds["001_7b66e9c637432df1.txt"].title is None


def test_seed_standfirsts_are_kept_once(cleaned_seeds: dict) -> None:
    rt = _paragraphs(cleaned_seeds["003_2ad2d2c66eceae42.txt"].text)
    assert rt[1].startswith("According to the French leader, he managed to get a pledge")
    sputnik = cleaned_seeds["004_aeea804320d04252.txt"].text
    assert sputnik.count("The French president arrived in Moscow on Monday") == 1


def test_seed_glued_sentences_are_split(cleaned_seeds: dict) -> None:
    text = cleaned_seeds["004_aeea804320d04252.txt"].text
    assert "into account. During the meeting" not in text  # the glued copy is gone …
    assert "into account.During" not in text
    assert "Therefore, the topic remains open, Peskov told the press." in text  # … the separate one stays


def test_seed_metadata_inferred_from_text(cleaned_seeds: dict) -> None:
    assert cleaned_seeds["000_b1b5fffef0237379.txt"].outlet == "The Week"  # "Subscribe to X"
    assert cleaned_seeds["001_7b66e9c637432df1.txt"].outlet == "The Daily Wire"  # "Source: X" + bio
    assert cleaned_seeds["002_80973514d3295959.txt"].outlet == "UPI"  # "(UPI) —" dateline
    assert cleaned_seeds["003_2ad2d2c66eceae42.txt"].outlet is None  # RT does not name itself
    assert cleaned_seeds["003_2ad2d2c66eceae42.txt"].published == "2022-02-08"  # "8 Feb, 2022 12:33"
    assert cleaned_seeds["004_aeea804320d04252.txt"].published == "2022-02-08"  # "date 2022-02-08"


# ---------------------------------------------------------------- hand-made captures (not the seeds)


def test_fake_outlet_page_is_cleaned() -> None:
    """A made-up outlet page with nav, cookie banner, newsletter box, tags, bio, related list and comments."""
    cleaned = clean_text((INPUTS / "fake_capture.txt").read_text(encoding="utf-8")).article
    paragraphs = _paragraphs(cleaned.text)
    assert paragraphs[0] == "Harbour authority rejects claims it hid safety report" == cleaned.title
    assert paragraphs[1].startswith("The harbour authority on Tuesday rejected claims")
    assert paragraphs[-1] == "Residents' groups have called for the pier to be rebuilt before the summer season."
    assert len(paragraphs) == 6
    for furniture in (
        "Skip to",
        "Home |",
        "cookies",
        "Accept all",
        "Manage preferences",
        "By Jane Okafor",
        "Published 14 March",
        "Photo:",
        "Morning Briefing",
        "inbox",
        "Enter your email",
        "Sign up",
        "Tags",
        "pier collapse",
        "senior reporter",
        "Most read",
        "parking charges",
        "Five walks",
        "coastal paths",
        "All rights reserved",
        "Comments",
        "Log in",
        "Sort by",
    ):
        assert furniture not in cleaned.text, furniture
    # Glued sentences split; '' used as a quote mark becomes a double quote.
    assert "town hall. Asked whether" in cleaned.text
    assert '"The public deserves to see it," he said.' in cleaned.text
    assert (cleaned.outlet, cleaned.byline, cleaned.published) == ("Northbridge Herald", "Jane Okafor", "2023-03-14")


WIRE_CAPTURE = """\
Menu
Search
Sign in

Drought forces farmers to cut herds, ministry says

Farmers in the south have sold a third of their cattle since May, the agriculture ministry said on Friday.The ministry said rainfall was the lowest in forty years.

Farmers in the south have sold a third of their cattle since May, the agriculture ministry said on Friday. The ministry said rainfall was the lowest in forty years.

LISBON (Reuters) - Farmers in the south have sold a third of their cattle since May, the agriculture ministry said on Friday.

The ministry said rainfall was the lowest in forty years.

"We have never seen anything like this," said Joana Pires, who keeps 200 goats near Beja. "The wells are dry."

Opposition lawmakers accused the government of acting too late and demanded emergency payments.

File photo: Cattle graze on dry land near Beja. REUTERS/Pedro Nunes

Related Coverage
Wildfire season starts early in Spain
Europe's rivers run low as heatwave persists

Paulo Mendes was a correspondent for Reuters in Lisbon until 2021.

Source: Reuters

Our Standards: The Thomson Trust Principles.
Share this article
3 comments
Add your comment
"""


def test_wire_style_capture_is_cleaned() -> None:
    """Another layout: blank-line paragraphs, a glued and a spaced copy of the lead, a wire dateline."""
    cleaned = clean_text(WIRE_CAPTURE).article
    paragraphs = _paragraphs(cleaned.text)
    assert cleaned.title == paragraphs[0] == "Drought forces farmers to cut herds, ministry says"
    assert sum("sold a third of their cattle" in p for p in paragraphs) == 1
    assert sum("lowest in forty years" in p for p in paragraphs) == 1
    assert any(p.startswith('"We have never seen anything like this,"') for p in paragraphs)
    assert "Opposition lawmakers accused the government" in cleaned.text
    for furniture in (
        "Menu",
        "Search",
        "Sign in",
        "File photo",
        "Related Coverage",
        "Wildfire season",
        "rivers run low",
        "was a correspondent",
        "Source:",
        "Share this",
        "comment",
    ):
        assert furniture not in cleaned.text, furniture
    assert cleaned.outlet == "Reuters"


def test_short_last_paragraph_survives_before_furniture() -> None:
    capture = (
        "Mayor says bridge will reopen in June\n"
        "The city's mayor said on Monday that the Elm Street bridge, closed since a lorry struck it in March, would reopen to traffic in June after repairs costing 2 million dollars.\n"
        "Engineers had warned that the work could take until the autumn, but the contractor added a second shift, the mayor told a council meeting.\n"
        "The council approved the cost.\n"
        "Leave a comment\n"
        "Please enter your name here\n"
    )
    cleaned = clean_text(capture).article
    assert cleaned.text.endswith("The council approved the cost.")
    assert "comment" not in cleaned.text and "Please" not in cleaned.text


def test_markdown_capture() -> None:
    capture = (
        "[Home](/) [World](/world) [Politics](/politics)\n\n"
        "# Port strike ends after pay deal\n\n"
        "Dock workers voted on Sunday to accept a **12 percent** pay rise over two years, ending a strike that had halted shipments for nine days, their union said.\n\n"
        "The port operator said normal service would resume on Tuesday.\n\n"
        "[Subscribe to our newsletter](/newsletter)\n"
    )
    cleaned = clean_article(ArticleInput(name="port.md", source="port.md", raw=capture))
    assert cleaned.title == "Port strike ends after pay deal"
    assert "12 percent pay rise" in cleaned.text
    assert "Home" not in cleaned.text and "Subscribe" not in cleaned.text and "#" not in cleaned.text


def test_nothing_but_furniture_is_a_clean_error() -> None:
    with pytest.raises(CleanError):
        clean_text("Sign up\nLog in\nSubscribe to The Gazette\n© 2024 The Gazette\n")
    with pytest.raises(CleanError):
        clean_text("   \n\n  ")


@pytest.mark.parametrize(
    ("raw", "title", "body"),
    [
        (
            "Port reopens after strike.\n\nDOVER (Wire) — The port reopened on Monday after dockers accepted a new pay offer.",
            "Port reopens after strike.",
            "The port reopened on Monday after dockers accepted a new pay offer.",
        ),
        (
            "Why Voters Stay Home.\n\nWhen the council closed three polling stations, turnout in the north fell by a third.",
            "Why Voters Stay Home.",
            "turnout in the north fell by a third",
        ),
        ("The city council voted on Tuesday to close the old bridge, the mayor said.", None, "close the old bridge"),
    ],
)
def test_a_short_news_brief_is_kept(raw: str, title: str | None, body: str) -> None:
    cleaned = clean_text(raw).article
    assert cleaned.title == title
    assert body in cleaned.text


def test_a_brief_among_menus_is_not_a_brief() -> None:
    with pytest.raises(CleanError):
        clean_text("Home\nNews\nSport\nSign up for our newsletter today\nLog in\nAccept all cookies\n")


def test_a_short_body_between_related_links_is_kept_without_the_links() -> None:
    # Every body line is only near-good (short paragraphs), and the links around them are furniture, so
    # no good line anchors the text; its prose is still the article.
    raw = (
        "Nobody in the village quite knows who was happier, the grandmother or the boy who fixed her roof.\n\n"
        "The pensioner said she could not have wished for a kinder present this winter.\n\n"
        "MORE: Town hall clock stops at midnight for the third time this month\n\n"
        "A neighbour wrote online that the boy had saved his pocket money for a year.\n\n"
        "MORE: Swan blocks traffic on the high street for an hour\n"
    )
    text = clean_text(raw).article.text
    assert "kinder present this winter" in text
    assert "saved his pocket money" in text
    assert "MORE:" not in text and "Swan blocks traffic" not in text


# ---------------------------------------------------------------- HTML

HTML_PAGE = """<!doctype html><html><head><title>Harbour authority rejects claims | Northbridge Herald</title>
<meta property="og:site_name" content="Northbridge Herald">
<meta property="article:published_time" content="2023-03-14T09:41:00Z"><meta name="author" content="Jane Okafor"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="cookie">We use cookies to improve your experience. <a href="#">Accept</a></div>
<article><h1>Harbour authority rejects claims it hid safety report</h1>
<p>The harbour authority on Tuesday rejected claims that it had withheld a safety report about the collapsed pier, calling them "baseless and damaging".</p>
<p>Councillor Tom Reyes said last week that the authority had known about cracks in the pier since 2019 and had kept the findings from the public.</p>
<p>"We published every inspection we commissioned," the chief executive told reporters outside the town hall.Asked about an inquiry, she said the board would cooperate.</p>
<p>Councillor Tom Reyes said last week that the authority had known about cracks in the pier since 2019 and had kept the findings from the public.</p>
</article><aside><h2>Most read</h2><ul><li><a href="/a">Council votes to raise parking charges</a></li></ul></aside>
<footer>&copy; 2023 Northbridge Herald</footer></body></html>"""


def test_html_through_trafilatura() -> None:
    cleaned = clean_article(ArticleInput(name="page.html", source="page.html", raw=HTML_PAGE, format="html"))
    paragraphs = _paragraphs(cleaned.text)
    assert cleaned.title == paragraphs[0] == "Harbour authority rejects claims it hid safety report"
    assert (cleaned.outlet, cleaned.published, cleaned.byline) == ("Northbridge Herald", "2023-03-14", "Jane Okafor")
    assert "town hall. Asked about" in cleaned.text
    assert cleaned.text.count("cracks in the pier") == 1
    for furniture in ("Home", "cookies", "Most read", "parking", "\u00a9"):
        assert furniture not in cleaned.text


@pytest.mark.parametrize(
    "html", ["", "<<<>>>", "<html><body><div><p>unclosed <b>tags <i>", "\x00\x01<html", "<html><body></body></html>"]
)
def test_malformed_html_never_crashes(html: str) -> None:
    try:
        cleaned = clean_html(html)
    except CleanError as exc:
        assert str(exc)
    else:
        assert isinstance(cleaned.text, str)


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("glued", "spaced"),
    [
        ("into account.During the meeting", "into account. During the meeting"),
        ('he said."Next year', 'he said." Next year'),
        ("Is it over?Nobody knows.", "Is it over? Nobody knows."),
        ("not possible\u2026France is", "not possible\u2026 France is"),
    ],
)
def test_split_glued_sentences(glued: str, spaced: str) -> None:
    assert split_glued_sentences(glued) == spaced


@pytest.mark.parametrize(
    "text",
    ["The U.S. and U.K. agreed.", "Visit TheWeek.com today", "It rose 3.5 percent", "Mr. Smith left", "e.g. Paris"],
)
def test_split_glued_sentences_leaves_abbreviations_and_numbers(text: str) -> None:
    assert split_glued_sentences(text) == text


def test_double_apostrophes_become_quote_marks() -> None:
    assert normalise_text("He said ''no deal'' today.\r\nNext") == 'He said "no deal" today.\nNext'
    assert normalise_text("``Quoted,'' she said.") == '"Quoted," she said.'


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("8 Feb, 2022 12:33", "2022-02-08"),
        ("date 2022-02-08", "2022-02-08"),
        ("10:30 GMT 08.02.2022 (Updated: 11:01 GMT 08.02.2022)", "2022-02-08"),
        ("Published March 14, 2023", "2023-03-14"),
        ("Updated 3rd November 2021, 14:05 BST", "2021-11-03"),
        ("02/28/2024", "2024-02-28"),
    ],
)
def test_date_lines(text: str, iso: str) -> None:
    assert is_date_line(text)
    found = find_date(text)
    assert found is not None and found[0] == iso


def test_sentences_with_dates_are_not_date_lines() -> None:
    assert not is_date_line(
        "On 24 February 2022, Russian troops crossed the border and the government declared martial law."
    )
    assert find_date("signed in September 2014") is None
    assert find_date("31.02.2022") is None


def _line(text: str) -> Line:
    return Line(0, text, True)


@pytest.mark.parametrize(
    "text",
    [
        "Sign up for the Evening Standard's daily newsletter",
        "Subscribe to The Gazette",
        "Get inside access to The Courier by becoming a member.",
        "We use cookies to give you the best experience.",
        "Notify of",
        "View all comments",
        "LEAVE A REPLY",
        "Please enter your comment!",
        "Registration was successful!",
        "Maria Costa is a senior correspondent for The Courier based in Rome.",
        "Tom Baker was the deputy editor at Example Weekly. His writing has appeared in many places.",
        "Prime Minister Jane Doe. File photo by John Roe/AFP",
        "Photo: Getty Images",
        "By Anna Lee, The Courier Published",
        "By Sam Ortiz",
        "Source: Example News",
        "\u00a9 2024 Example Media. All rights reserved.",
        "icon search icon close icon menu icon share icon print",
        "Home | News | Sport | Weather",
        "-",
    ],
)
def test_furniture_patterns(text: str) -> None:
    assert furniture_reason(_line(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "The minister said in a newsletter to party members that taxes would rise next year.",
        "The bakery sold more than 500 cookies on Saturday, its owner said.",
        "Smith, a reporter for the local paper, was detained at the border on Monday, his employer said.",
        "Comments made by the governor on Friday drew criticism from both parties.",
        "By Tuesday, the protesters had left the square.",
        "Officials said the photo was taken in 2019 and had been shared thousands of times.",
        '"Subscribe to nothing and trust no one," the senator said.',
    ],
)
def test_news_sentences_are_not_furniture(text: str) -> None:
    assert furniture_reason(_line(text)) is None


def test_drop_repeats_keeps_separate_paragraphs_over_a_glued_copy() -> None:
    paragraphs = [
        "Headline here",
        "First sentence of the lead. Second sentence of the lead. Third sentence follows.",
        "Headline here",
        "First sentence of the lead.",
        "A quote in between, he said.",
        "Second sentence of the lead. Third sentence follows.",
    ]
    assert drop_repeats(paragraphs) == [
        "Headline here",
        "First sentence of the lead.",
        "A quote in between, he said.",
        "Second sentence of the lead. Third sentence follows.",
    ]


def test_drop_repeats_keeps_distinct_paragraphs() -> None:
    """Paragraphs that only share a sentence both stay (each says something the other does not)."""
    paragraphs = ["He said yes. She said no.", "She said no. They left."]
    assert drop_repeats(paragraphs) == paragraphs


@pytest.mark.parametrize(
    "text",
    [
        "Reporting by Ana Lopes; Editing by Tom Hill",
        "(Additional reporting by Kim Lee in Seoul)",
        "Associated Press writer Dan Cole in Denver contributed to this report.",
        "This article was originally published by The Courier.",
        "The views expressed in this piece are the author's own.",
        "Image caption, Protesters outside parliament",
        "Read more",
        "Most popular",
        "Advertisement",
    ],
)
def test_more_furniture_patterns(text: str) -> None:
    assert furniture_reason(_line(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Evan Marsh is a reporter for The Courier who was detained at the border in March.",
        "Recommended changes to the voting law were published on Friday by the electoral commission.",
        "By continuing to fund the program, the government hopes to cut waiting lists.",
        "Advertisement spending rose by 4 percent last year, according to industry figures.",
        "The photo, taken in 2019, shows the two men shaking hands.",
        "He declined to comment.",
    ],
)
def test_more_news_sentences_are_not_furniture(text: str) -> None:
    assert furniture_reason(_line(text)) is None


LAYOUTS = {
    # A long menu, share/save buttons, image credits and captions, topic list, "more on this story" teasers.
    "menu_capture.txt": {
        "title": "Ministers deny plan to scrap pension triple lock",
        "kept": [
            "The government has denied reports that it plans to scrap the pensions triple lock after the next election.",
            'Ms Grant said: "I want to be absolutely clear. The triple lock stays."',
            "The Institute for Fiscal Studies has estimated the policy will cost an extra £45bn a year by 2050.",
        ],
        "gone": [
            "Skip to",
            "iPlayer",
            "Search",
            "hours ago",
            "Share",
            "Save",
            "Political editor",
            "Image",
            "PA Media",
            "Related topics",
            "UK economy",
            "More on this story",
            "Pension age could rise",
            "Published",
            "Top stories",
            "Storm",
        ],
    },
    # A standfirst between the headline and the body, an age notice, a dateline-less byline, topic links.
    "standfirst_capture.txt": {
        "title": "Opposition leader accuses president of lying over border deal",
        "kept": [
            "President's office insists no concessions were made to neighbouring state, but leaked memo suggests otherwise",
            "A spokesperson for the foreign ministry said talks were continuing.",
            "Analysts said the row could complicate the government's efforts to pass its budget.",
        ],
        "gone": [
            "more than 2 months old",
            "Maria Alvarez",
            "18.02 GMT",
            "Share",
            "Explore more",
            "Americas",
            "Reuse this content",
            "Most viewed",
            "dog attack",
        ],
    },
    # No headline at all: the capture starts with the outlet's name and a dash; a production credit at the end.
    "no_headline_capture.txt": {
        "title": None,
        "kept": [
            'Senate Republicans on Wednesday blocked a bill that would have extended funding for the program, with Minority Leader John Thune arguing the measure was "a blank check."',
            "The vote was 48-51.",
            "Thune told reporters the GOP was open to a smaller package.",
        ],
        "gone": ["contributed to this report", "Ad Feedback", "Related article", "stopgap", "Paid Links"],
    },
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_other_layouts(name: str) -> None:
    expected = LAYOUTS[name]
    cleaned = clean_text((INPUTS / name).read_text(encoding="utf-8")).article
    assert cleaned.title == expected["title"]
    if cleaned.title:
        assert _paragraphs(cleaned.text)[0] == cleaned.title
    for snippet in expected["kept"]:
        assert snippet in cleaned.text
    for snippet in expected["gone"]:
        assert snippet not in cleaned.text, snippet


def test_title_given_with_the_input_leads_a_text_without_headline() -> None:
    body = (
        "Dock workers voted on Sunday to accept a 12 percent pay rise over two years, their union said in a statement."
    )
    cleaned = clean_article(ArticleInput(name="b.jsonl#1", source="b.jsonl#1", raw=body, title="Port strike ends"))
    assert cleaned.title == "Port strike ends"
    assert cleaned.text == "Port strike ends\n\n" + body
    # A capture with its own headline keeps it; the given title is not added twice.
    capture = "Port strike ends after pay deal\n" + body
    cleaned = clean_article(
        ArticleInput(name="c.txt", source="c.txt", raw=capture, title="Port strike ends after pay deal")
    )
    assert cleaned.text.count("Port strike ends after pay deal") == 1


@pytest.mark.parametrize("width", [60, 72, 79])
@pytest.mark.parametrize(
    "path",
    [
        SEEDS / "001_7b66e9c637432df1.txt",
        SEEDS / "002_80973514d3295959.txt",
        INPUTS / "fake_capture.txt",
        INPUTS / "standfirst_capture.txt",
    ],
)
def test_hard_wrapped_capture_is_unwrapped(path: Path, width: int) -> None:
    """A text dump wrapped at a fixed width cleans to the same words and paragraphs as the unwrapped capture."""
    import textwrap

    raw = path.read_text(encoding="utf-8")
    wrapped = "\n".join(textwrap.fill(line, width) if line.strip() else line for line in raw.split("\n"))
    assert max(len(line) for line in wrapped.split("\n")) <= width
    assert clean_text(wrapped).article.text == clean_text(raw).article.text


def test_one_paragraph_a_line_is_never_joined() -> None:
    capture = "Short headline without a full stop\nA second line that starts a paragraph of its own, the mayor said.\nand a third line in lower case\n"
    assert [line.text for line in clean_text(capture).lines] == capture.strip().split("\n")


def test_an_unexpected_failure_is_a_clean_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.ingest.clean

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.ingest.clean, "clean_text", broken)
    with pytest.raises(CleanError, match="RuntimeError: boom"):
        clean_article(ArticleInput(name="x.txt", source="x.txt", raw="Some text, the mayor said."))


def test_short_live_blog_entries_between_time_stamps_are_kept() -> None:
    raw = (
        "Live: harbour strike, day two\n\n"
        "14:10\nNine ships are now waiting outside the harbour, the port authority says.\n\n"
        "13:10\nA post shared widely by a local page claims soldiers will drive the lorries.\n\n"
        "12:00\nThe hauliers said on social media that the fuel berth had been shut as well.\n\n"
        "11:25\nA chain of shops has begun rationing fruit, its chief executive says.\n\n"
        "10:05\nGood morning. It is day two of the strike, and talks resume at noon today.\n"
    )
    text = clean_text(raw).article.text
    assert "A post shared widely by a local page claims soldiers" in text
    assert "A chain of shops has begun rationing fruit" in text
    assert "13:10" not in text


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Jane Roe",
        "PICTURES BY THE AGENCY",
        "Getty Images",
        "Jane Roe/AGENCY",
        "AGENCY/Jane Roe Smith",
        "Image caption The square at dusk",
        "Credit: the agency",
        "\u017fhutter\u017ftock",  # a long s: case-blind matching reads it as "s"
        "Mayor Ann Lee said the budget would pass.",
        "A photographer waited outside.",
        "The file was sent on Monday.",
    ],
)
def test_photo_credit_substring_test_agrees_with_the_pattern(line: str) -> None:
    from bot.ingest.clean_furniture import _CREDIT, _photo_credit

    assert _photo_credit(line) == (_CREDIT.search(line) is not None)


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Jane Roe; Editing by Sam Poe",
        "(Additional reporting by Jane Roe)",
        "Jane Roe contributed to this report.",
        "Jane Roe CONTRIBUTED REPORTING TO THIS STORY",
        "This article was originally published in May.",
        "Editor's note: the mayor declined to comment.",
        "This interview has been edited for length and clarity.",
        "The mayor said reporting by the council was late.",
        "Residents contributed to the fund.",
        "Jane Roe contr\u0131buted to this report.",  # a dotless i: case-blind matching reads it as "i"
    ],
)
def test_production_note_start_match_agrees_with_the_pattern(line: str) -> None:
    from bot.ingest.clean_furniture import _PRODUCTION_NOTE, production_note

    assert production_note(line) == (_PRODUCTION_NOTE.search(line) is not None)
