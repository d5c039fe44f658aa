"""The extractor on independent corpora of hand-written news articles (invented
names, mostly reported speech), scored exactly as the seeds are scored:

- tests/data/news/ (15 articles, gold tests/data/news_gold.toml);
- tests/data/news2/ (12 articles in other styles, gold tests/data/news2_gold.toml),
  first used as a held-out check of the extractor;
- tests/data/news3/ (21 articles, seven invented events in three outlets each, gold
  tests/data/news3_gold.toml), written for denials of reports and linking across outlets;
- tests/data/news4/ (21 articles, seven more events, gold tests/data/news4_gold.toml), written
  as a held-out check of this round.

The floors sit a little below what the extractor reached, so a regression
fails with the list of what it now misses.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from bot.answers.export import export_statement
from bot.devtools import evaluate
from bot.ingest import pipeline
from bot.store import Store

DATA = Path(__file__).resolve().parent / "data"

# Per corpus: its folder, its gold file, and floors a little below what was reached.
# news (written 2026-11-23): first measured at recall 0.838; after tuning on it
# recall 0.994, precision 0.984, speaker 0.995, denial linking 0.565, grouping 0.910.
# news2 (held out until the extractor's second round): first measured at
# recall 0.911, precision 0.964, speaker accuracy 0.926, denial linking 0.643;
# after tuning on it 1.0 / 1.0 / 1.0, denial linking 0.737, grouping 0.967.
# The cue verbs learnt from PolNeAR train (bot/nlp/cue_frames.py) report attitudes and
# evaluations these golds do not annotate ("Customers who believe they were mis-sold",
# "thanked MPs"): news precision 0.984 -> 0.954 for PolNeAR train content F1 0.596 -> 0.641,
# so the news precision floor is 0.95.
# news3 (written 2026-12-07 by an annotator who had not read the extractor): first measured at
# recall 0.719, precision 0.888, speaker 0.916, denial linking 0.394, grouping 0.769; after the
# gold audit 0.716 / 0.914 / 0.918 / 0.371 / 0.768, with three denials linked to their own side.
# Denial forms and linking (FNC-1 train evidence in docs/benchmarks.md) took news3 from 0.774 / 0.916 /
# 0.946 / 0.778 / 0.752 to 0.812 / 0.937 / 0.948 / 0.792 / 0.751, and news denial linking 0.667 -> 0.708.
# Choosing the denied claim (the accusation naming the denier, a claim about the denier) took news
# denial linking 0.750 -> 0.792 in the sixth round; its floor rose to 0.75.
CORPORA: dict[str, dict[str, Any]] = {
    "news": {
        "folder": DATA / "news",
        "gold": DATA / "news_gold.toml",
        "floors": {
            "recall": 0.97,
            "precision": 0.95,
            "speaker_accuracy": 0.97,
            "denial_linking": 0.75,
            "grouping_f1": 0.89,
        },
    },
    "news2": {
        "folder": DATA / "news2",
        "gold": DATA / "news2_gold.toml",
        "floors": {
            "recall": 0.97,
            "precision": 0.97,
            "speaker_accuracy": 0.97,
            "denial_linking": 0.70,
            "grouping_f1": 0.94,
        },
    },
    "news3": {
        "folder": DATA / "news3",
        "gold": DATA / "news3_gold.toml",
        "floors": {
            "recall": 0.81,
            "precision": 0.92,
            "speaker_accuracy": 0.94,
            "denial_linking": 0.84,
            "grouping_f1": 0.73,
        },
    },
}
# news4 (written 2026-12-07 by an annotator who had not read the extractor, seven more events in
# three outlets each, incl. broadcast transcripts): first measured on the code before this round's
# merges at recall 0.731, precision 0.886, speaker 0.878, denial linking 0.591, grouping 0.792,
# with datelines and transcript labels as speakers. After the first figure three general faults seen
# in it were fixed (a participle after a dateline, a correspondent's relaying turn, a transcript label
# joined to a subject), so it is no longer wholly unseen. The third round (line breaks as sentence
# starts, denial linking, transcript turns) took it to 0.775 / 0.897 / 0.945 / 0.739 / 0.792, and news3
# to 0.837 / 0.934 / 0.960 / 0.852 / 0.744.
CORPORA["news4"] = {
    "folder": DATA / "news4",
    "gold": DATA / "news4_gold.toml",
    "floors": {
        "recall": 0.76,
        "precision": 0.88,
        "speaker_accuracy": 0.92,
        "denial_linking": 0.76,
        "grouping_f1": 0.77,
    },
}
# news5 (written 2026-12-07 by an annotator who had not read the extractor: seven events in three
# outlets each, incl. broadcast and live-blog transcripts, fact-checks and one-line briefs): first
# measured on main 4b54659, before that day's extraction and linking merges, at recall 0.737,
# precision 0.880, speaker 0.929, denial linking 0.481, grouping 0.771, with presenters as speakers.
# Then tuned on (denials of reports, transcript turns), so no longer unseen. Denials naming their
# claimant and negations answering a claim with words of their own then took denial linking
# news3 / news4 / news5 from 0.855 / 0.739 / 0.703 to 0.857 / 0.792 / 0.757.
CORPORA["news5"] = {
    "folder": DATA / "news5",
    "gold": DATA / "news5_gold.toml",
    "floors": {
        "recall": 0.76,
        "precision": 0.88,
        "speaker_accuracy": 0.92,
        "denial_linking": 0.75,
        "grouping_f1": 0.74,
    },
}
# news6 (written 2026-12-07 by an annotator who had not read the extractor or any earlier set: seven
# events in three outlets each, incl. a Q&A interview, trade pieces built on press releases and a
# radio transcript): first measured on main 9198b15, before the fourth round's merges, at recall
# 0.729, precision 0.880, speaker 0.891, denial linking 0.639, grouping 0.772, no own-side link;
# four furniture lines kept then (live-blog reload prompt, a columnist's bio, an interview's
# editing note, a fact-check's rating box). After that round's merges, before anyone read its
# misses: 0.736 / 0.877 / 0.892 / 0.639 / 0.771 (its linking did not move). Tuned on since: denial
# linking 0.725 after the fifth round, 0.750 after the sixth (floor 0.72).
CORPORA["news6"] = {
    "folder": DATA / "news6",
    "gold": DATA / "news6_gold.toml",
    "floors": {
        "recall": 0.71,
        "precision": 0.85,
        "speaker_accuracy": 0.87,
        "denial_linking": 0.72,
        "grouping_f1": 0.74,
    },
}
# news7 (written 2026-12-07 by an annotator who had read no code: seven events in three outlets each,
# incl. a foreign-press review, an op-ed, a podcast transcript, a court live blog and a council
# newsletter): first measured on main a65b005 at recall 0.734, precision 0.855, speaker 0.926, denial
# linking 0.467, grouping 0.779, with a columnist's credit and podcast hosts as speakers and 25 furniture
# lines in the text. Then tuned on (furniture, transcript hosts, a fact-check's cited source, a noun read
# as a cue, denials in headlines, refusals, "does not prove", "which X denies", "says no", "dismissive
# of", "shoot down"): 0.770 / 0.893 / 0.952 / 0.509 / 0.777, no furniture, so no longer unseen.
CORPORA["news7"] = {
    "folder": DATA / "news7",
    "gold": DATA / "news7_gold.toml",
    "floors": {
        "recall": 0.75,
        "precision": 0.87,
        "speaker_accuracy": 0.93,
        "denial_linking": 0.48,
        "grouping_f1": 0.75,
    },
}
# news8 (written 2026-12-07, also by an annotator who had read no code) was kept unseen until the end of
# the fifth round: first measured at 0.728 / 0.825 / 0.901 / 0.395 / 0.700, with furniture in statements.
# The sixth round tuned on it (furniture, the party of "X's office", the accused's nearest accusation,
# names the tagger misses, claims carried by report nouns): 0.741 / 0.847 / 0.905 / 0.455 / 0.702,
# furniture clean and no own-side link.
CORPORA["news8"] = {
    "folder": DATA / "news8",
    "gold": DATA / "news8_gold.toml",
    "floors": {
        "recall": 0.72,
        "precision": 0.83,
        "speaker_accuracy": 0.89,
        "denial_linking": 0.43,
        "grouping_f1": 0.68,
    },
}
# news9 and news10 (written 2026-12-07 in the sixth round by annotators who had read no code, seven events
# each, incl. podcast, radio and TV transcripts, newsletters, a Q&A and a press release) were kept unseen
# until the end of the sixth round: first measured at 0.735 / 0.860 / 0.908 / 0.643 / 0.828 (news9) and
# 0.770 / 0.902 / 0.940 / 0.471 / 0.766 (news10), at its end 0.735 / 0.861 / 0.910 / 0.714 / 0.831 and
# 0.770 / 0.902 / 0.941 / 0.471 / 0.768, both failing the furniture check (a podcast host as a speaker,
# sign-offs, credits and programme slots inside transcript turns). The seventh round tuned on their
# furniture (paragraph-edge sign-offs, a presenter known by thanking a guest by name, name-heavy transcript
# turns and a live blog's entry headings kept): news9 0.741 / 0.876 / 0.917 / 0.714 / 0.828, news10 0.775 /
# 0.903 / 0.941 / 0.486 / 0.768, both furniture clean and without own-side links.
CORPORA["news9"] = {
    "folder": DATA / "news9",
    "gold": DATA / "news9_gold.toml",
    "floors": {
        "recall": 0.72,
        "precision": 0.85,
        "speaker_accuracy": 0.89,
        "denial_linking": 0.69,
        "grouping_f1": 0.80,
    },
}
CORPORA["news10"] = {
    "folder": DATA / "news10",
    "gold": DATA / "news10_gold.toml",
    "floors": {
        "recall": 0.75,
        "precision": 0.88,
        "speaker_accuracy": 0.92,
        "denial_linking": 0.45,
        "grouping_f1": 0.74,
    },
}
# news11 and news12 (written 2026-12-07 in the seventh round by annotators who had read no code, seven
# events each) were unseen until the end of the seventh round. First figures, on that round's starting code:
# news11 0.772 / 0.872 / 0.901 / 0.705 / 0.790, news12 0.787 / 0.921 / 0.934 / 0.500 / 0.770; at its end
# 0.772 / 0.885 / 0.909 / 0.705 / 0.787 and 0.787 / 0.921 / 0.929 / 0.647 / 0.770. The eighth round tuned
# on them (furniture: 24 and 12 violation lines -> 0; transcript hosts; a document's issuer; linking,
# grouping and speaker rules): news11 0.772 / 0.903 / 0.918 / 0.733 / 0.798, news12 0.796 / 0.926 / 0.950 /
# 0.657 / 0.775, both furniture clean and without own-side links. The ninth round lifted news12 to 0.833 /
# 0.935 / 0.954 / 0.725 / 0.770 (Q&A answers, report denials).
CORPORA["news11"] = {
    "folder": DATA / "news11",
    "gold": DATA / "news11_gold.toml",
    "floors": {
        "recall": 0.75,
        "precision": 0.88,
        "speaker_accuracy": 0.89,
        "denial_linking": 0.68,
        "grouping_f1": 0.77,
    },
}
CORPORA["news12"] = {
    "folder": DATA / "news12",
    "gold": DATA / "news12_gold.toml",
    "floors": {
        "recall": 0.80,
        "precision": 0.90,
        "speaker_accuracy": 0.92,
        "denial_linking": 0.68,
        "grouping_f1": 0.75,
    },
}
# news13 and news14 (written 2026-12-07 in the eighth round by annotators who had read no code, seven events
# each, incl. radio and TV transcripts, a readers' editor's corrections, a press roundup, an analyst's note and
# columns) were unseen until the end of the eighth round. First figures, on that round's starting code: news13
# 0.695 / 0.878 / 0.881 / 0.500 / 0.756, news14 0.686 / 0.834 / 0.926 / 0.227 / 0.847; at its end 0.691 / 0.882 /
# 0.891 / 0.500 / 0.754 and 0.691 / 0.847 / 0.927 / 0.261 / 0.847, failing the furniture check (11 and 13 lines).
# The ninth round cleaned their furniture (a breadcrumb above the headline, a name beside an update stamp, a
# programme label with its credit, column and Q&A bios, method, comment and disclaimer notes, an appeal's address,
# a cut-off segue) and tuned on them (Q&A answers and transcript turn denials, cross-outlet and report denials, a
# closing quote mark, a role noun's of-phrase): news13 0.723 / 0.893 / 0.903 / 0.543 / 0.754, news14 0.701 / 0.855 /
# 0.929 / 0.458 / 0.847, no own-side link.
CORPORA["news13"] = {
    "folder": DATA / "news13",
    "gold": DATA / "news13_gold.toml",
    "floors": {
        "recall": 0.70,
        "precision": 0.87,
        "speaker_accuracy": 0.88,
        "denial_linking": 0.51,
        "grouping_f1": 0.73,
    },
}
CORPORA["news14"] = {
    "folder": DATA / "news14",
    "gold": DATA / "news14_gold.toml",
    "floors": {
        "recall": 0.68,
        "precision": 0.83,
        "speaker_accuracy": 0.90,
        "denial_linking": 0.42,
        "grouping_f1": 0.82,
    },
}
# Denials linked to a proposition that also holds a claim of the denier's side. In news one
# proposition wrongly merges two sides' figures (a grouping fault, not a link to the wrong claim).
OWN_SIDE_LINKS = {
    "news": 1,
    "news2": 0,
    "news3": 0,
    "news4": 0,
    "news5": 0,
    "news6": 0,
    "news7": 0,
    "news8": 0,
    "news9": 0,
    "news10": 0,
    "news11": 0,
    "news12": 0,
    "news13": 0,
    "news14": 0,
}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request: pytest.FixtureRequest) -> dict[str, Any]:
    """One corpus's folder, gold file and floors."""
    return {"name": request.param, **CORPORA[request.param]}


@pytest.fixture(scope="module")
def gold(corpus: dict[str, Any]) -> dict[str, Any]:
    """The corpus's gold file."""
    return evaluate.load_gold(corpus["gold"])


@pytest.fixture(scope="module")
def FLOORS(corpus: dict[str, Any]) -> dict[str, float]:  # noqa: N802 - reads like the constant it replaces
    """The corpus's floors."""
    return corpus["floors"]


@pytest.fixture(scope="module")
def NEWS(corpus: dict[str, Any]) -> Path:  # noqa: N802
    """The corpus's folder."""
    return corpus["folder"]


@pytest.fixture(scope="module")
def news_store_path(tmp_path_factory: pytest.TempPathFactory, nlp: Language, corpus: dict[str, Any]) -> Path:
    """A store file with the corpus ingested, built once per corpus."""
    path = tmp_path_factory.mktemp(corpus["name"]) / "news.db"
    with Store(str(path)) as s:
        report = pipeline.ingest_paths(s, [corpus["folder"]], max_bytes=5_000_000, nlp=nlp)
        assert report.ok, report.errors
    return path


@pytest.fixture(scope="module")
def news_scores(news_store_path: Path, gold: dict[str, Any]) -> evaluate.Scores:
    """The corpus scored exactly as `briefbot eval` scores it."""
    with Store(str(news_store_path)) as store:
        return evaluate.score_store(store, gold)


@pytest.fixture(scope="module")
def cleaned_texts(news_store_path: Path) -> dict[str, str]:
    """Cleaned article bodies by file name."""
    with Store(str(news_store_path)) as store:
        return evaluate.article_texts(store)


def _listing(items: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {item}" for item in items)


def test_gold_is_well_formed(gold: dict[str, Any], NEWS: Path) -> None:  # noqa: N803
    manifest = tomllib.loads((NEWS / "manifest.toml").read_text(encoding="utf-8"))
    files = {a["file"] for a in manifest["article"]}
    assert files == {p.name for p in NEWS.glob("*.txt")}
    groups = set(gold.get("groups") or {e["group"] for e in gold["statement"]})
    used = set()
    for entry in gold["statement"]:
        assert entry["file"] in files, entry
        assert entry["kind"] in ("claim", "denial"), entry
        assert set(entry.get("kind_any", [entry["kind"]])) <= {"claim", "denial"}, entry
        assert entry["group"] in groups, entry
        assert entry["speaker"] and entry["contains"].strip(), entry
        used.add(entry["group"])
    assert used == groups, f"groups defined but unused: {groups - used}"


def test_every_gold_snippet_is_in_the_cleaned_article(
    gold: dict[str, Any],
    cleaned_texts: dict[str, str],
    NEWS: Path,  # noqa: N803
) -> None:
    assert set(cleaned_texts) == {p.name for p in NEWS.glob("*.txt")}
    absent = [
        f"{e['file']}: {e['contains']!r}"
        for e in gold["statement"]
        if evaluate.normalise(e["contains"]) not in evaluate.normalise(cleaned_texts[e["file"]])
    ]
    assert not absent, "gold snippets not in the cleaned text:\n" + "\n".join(absent)


def test_recall_holds(news_scores: evaluate.Scores, FLOORS: dict[str, float]) -> None:  # noqa: N803
    assert news_scores.recall >= FLOORS["recall"], (
        f"recall {news_scores.recall:.3f} < {FLOORS['recall']}; missed:\n{_listing(news_scores.missed)}"
    )


def test_precision_holds(news_scores: evaluate.Scores, FLOORS: dict[str, float]) -> None:  # noqa: N803
    assert news_scores.precision >= FLOORS["precision"], (
        f"precision {news_scores.precision:.3f} < {FLOORS['precision']}; not in gold:\n"
        f"{_listing(news_scores.unmatched_system)}"
    )


def test_speaker_accuracy_holds(news_scores: evaluate.Scores, FLOORS: dict[str, float]) -> None:  # noqa: N803
    assert news_scores.speaker_accuracy >= FLOORS["speaker_accuracy"], (
        f"speaker accuracy {news_scores.speaker_accuracy:.3f} < {FLOORS['speaker_accuracy']}; wrong:\n"
        f"{_listing(news_scores.wrong_speakers)}"
    )


def test_denial_linking_holds(news_scores: evaluate.Scores, FLOORS: dict[str, float]) -> None:  # noqa: N803
    assert news_scores.denial_linking >= FLOORS["denial_linking"], (
        f"denial linking {news_scores.denial_linking:.3f} < {FLOORS['denial_linking']}; bad links:\n"
        f"{_listing(news_scores.bad_links)}"
    )


def test_grouping_holds(news_scores: evaluate.Scores, FLOORS: dict[str, float]) -> None:  # noqa: N803
    assert news_scores.grouping_f1 >= FLOORS["grouping_f1"], f"grouping B-cubed F1 {news_scores.grouping_f1:.3f}"


def test_no_repeats(news_scores: evaluate.Scores) -> None:
    assert news_scores.repeats_once, news_scores.repeated


def test_page_furniture_stays_out(news_scores: evaluate.Scores) -> None:
    assert not news_scores.boilerplate_hits, news_scores.boilerplate_hits


def _same_side(a: str | None, b: str | None) -> bool:
    """One speaker, or one name inside the other ("Corvanta" / "Corvanta spokeswoman",
    "transit authority" / "11:15 Transit authority")."""
    import re

    x, y = (a or "").lower().strip(), (b or "").lower().strip()
    if not x or not y:
        return False
    short, long = sorted((x, y), key=len)
    return re.search(r"\b" + re.escape(short) + r"\b", long) is not None


def test_no_denial_is_linked_to_its_own_side(news_store_path: Path, corpus: dict[str, Any]) -> None:
    """A denial never points at a proposition whose claims in its own article come from the denier
    or a speaker named within the denier's name ("Corvanta" for "Corvanta spokeswoman")."""
    with Store(str(news_store_path)) as store:
        rows = [export_statement(r) for r in store.statements()]
    claims: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        if row["kind"] == "claim":
            claims.setdefault(row["proposition"], []).append(row)
    own = []
    for row in rows:
        if row["kind"] != "denial" or row["denies"] is None:
            continue
        for claim in claims.get(row["denies"], []):
            same_article = claim["article"] == row["article"]
            if same_article and _same_side(claim["speaker"], row["speaker"]):
                own.append(f"{row['speaker']}: {row['text'][:60]!r} -> {claim['speaker']}: {claim['text'][:60]!r}")
    assert len(own) <= OWN_SIDE_LINKS[corpus["name"]], _listing([{"own side": o} for o in own])
