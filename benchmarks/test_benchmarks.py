"""Checks of the benchmark machinery on hand-made inputs (no corpus needed).

Not collected by `make test` (its testpaths are tests/); run with
`PYTHONPATH=. python -m pytest benchmarks/`.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from baselines import naive_attributions
from common import (
    BM25,
    content_words,
    greedy_match,
    overlaps,
    read_ann,
    split_sentences,
    tokens,
)
from harness import Briefbot, answer_statements, failed_count, load_names, save_names
from polnear_questions import excerpt, source_name

HERE = Path(__file__).resolve().parent


def test_overlap_rule_needs_half_of_the_smaller_and_a_quarter_of_the_larger() -> None:
    small = {"budget", "balanced", "june"}
    assert overlaps(small, {"budget", "balanced", "tax", "city"})
    assert not overlaps(small, {"budget", "tax", "city"})  # 1 of 3 < 50 %
    big = {f"w{i}" for i in range(20)} | {"budget", "balanced"}
    assert not overlaps({"budget", "balanced"}, big)  # 2 of 22 < 25 %
    assert not overlaps(set(), small)


def test_greedy_match_is_one_to_one_best_first() -> None:
    gold = [{"a", "b", "c", "d"}, {"a", "b", "x", "y"}]
    system = [{"a", "b", "c", "d"}, {"a", "b", "c"}]
    pairs = greedy_match(system, gold)
    assert (0, 0) in pairs  # the exact match wins gold 0
    assert len({j for _, j in pairs}) == len(pairs) == 2  # system 1 falls back to gold 1


def test_content_words_drop_stopwords_and_possessives() -> None:
    assert content_words("The mayor’s plan, she said, isn't ready") == {"mayor", "plan", "ready"}
    assert tokens("Trump's") == ["trump"]


def test_read_ann_joins_fragments_and_skips_continuation_lines(tmp_path: Path) -> None:
    text = "Smith said the plan\nwill fail. Nothing else."
    ann = tmp_path / "a_x.ann"
    ann.write_text(
        "T1\tSource 0 5\tSmith\n"
        "T2\tCue 6 10\tsaid\n"
        "T3\tContent 11 19;20 30\tthe plan\n"
        "will fail.\n"
        "T4\tAttribution 6 10\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "#1\tAnnotatorNotes T3\ta note\n",
        encoding="utf-8",
    )
    (attribution,) = read_ann(ann, text, "a")
    assert attribution.source == "Smith"
    assert attribution.cue == "said"
    assert attribution.content == "the plan will fail."


def test_sentence_splitter_keeps_quotes_with_their_sentence() -> None:
    sentences = [s for _, s in split_sentences('He left. "We won," she said. Then rain.\n\nNext paragraph')]
    assert sentences == ["He left.", '"We won," she said.', "Then rain.", "Next paragraph"]


def test_naive_baseline_takes_quotes_and_reported_clauses() -> None:
    found = naive_attributions(
        '"We will not raise taxes this year," the mayor said. The auditor told reporters that the deficit grows.'
    )
    assert [(s.direct, s.content) for s in found] == [
        (True, "We will not raise taxes this year,"),
        (False, "reporters that the deficit grows"),
    ]


def test_bm25_ranks_the_sentence_sharing_rare_words_first() -> None:
    docs = [tokens(s) for s in ("the budget vote", "the weather today", "budget deficit grows")]
    (score, best), *_ = BM25(docs).top(["deficit", "budget"], 2)
    assert best == 2 and score > 0


def test_question_pieces() -> None:
    assert source_name("Defense Secretary Ash Carter, who spoke Monday,") == "Defense Secretary Ash Carter"
    assert source_name("he") == ""
    assert source_name("The Clinton campaign") == "Clinton"
    assert (
        excerpt("that “the plan will fail because of the votes of the”", 12)
        == "the plan will fail because of the votes"
    )


def test_harness_drives_the_cli(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text(
        json.dumps(
            {
                "text": 'The mayor of Springfield said on Tuesday that the budget would be balanced by June. "We will not raise taxes," she told reporters.'
            }
        )
        + "\n",
        encoding="utf-8",
    )
    bot = Briefbot(tmp_path / "store.db")
    code, _ = bot.ingest(source)
    assert code == 0
    statements = bot.statements()
    assert {s["article"] for s in statements} == {"a.jsonl#1"}
    assert any("budget" in s["text"] for s in statements)
    reply = bot.ask("What did the mayor say about the budget?")
    assert reply["status"] != "error"
    assert any("budget" in s["text"] for s in answer_statements(reply))
    scoped = bot.ask("Is it true that taxes will rise?", article="nothing.jsonl#9")
    assert scoped["status"] in ("unknown", "error")


def test_summary_and_name_maps(tmp_path: Path) -> None:
    assert failed_count("3 added, 0 replaced, 0 unchanged, 2 failed; 9 statements") == 2
    assert failed_count("") == 0
    path = tmp_path / "names.json"
    save_names(path, {"x.jsonl#1": "article"}, 1)
    assert load_names(path) == ({"x.jsonl#1": "article"}, 1)


def test_fnc1_script_on_a_hand_made_pair(tmp_path: Path) -> None:
    bodies, stances = tmp_path / "bodies.csv", tmp_path / "stances.csv"
    with bodies.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerow(
            [
                "7",
                "The club denied reports that its coach had been sacked. A spokesman said the coach remains in charge of the team.",
            ]
        )
    with stances.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerow(["Coach sacked by the club", "7", "disagree"])
        writer.writerow(["Weather is nice", "7", "unrelated"])
    out = tmp_path / "out.json"
    command = [
        sys.executable,
        str(HERE / "fnc1_stances.py"),
        "--bodies",
        str(bodies),
        "--stances",
        str(stances),
        "--work",
        str(tmp_path / "w"),
        "--out",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True, cwd=HERE.parent)
    result = json.loads(out.read_text())
    assert result["pairs"] == 1  # the unrelated pair is skipped
    assert result["baseline_keyword"]["disagree recall"] == 1.0  # "denied" is in the body


def test_fast_loop_scores_a_hand_made_article_like_the_ingest(tmp_path: Path) -> None:
    from common import Attribution, PolnearArticle
    from polnear_attribution import score
    from polnear_fast import cleaned_texts, parsed_docs, system_statements

    text = "Budget row\n\nThe mayor said the city budget was balanced in June.\n\nThe weather was cold.\n"
    content = "the city budget was balanced in June"
    article = PolnearArticle(
        "nyt_2016-01-01_x",
        text,
        "x.ann",
        [Attribution("nyt_2016-01-01_x", content, "The mayor", "said", text.index(content))],
    )
    repeat = PolnearArticle("nyt_2016-01-02_y", text, "y.ann")
    texts = cleaned_texts([article, repeat], tmp_path / "cache")
    assert list(texts) == ["nyt_2016-01-01_x"]  # a repeated text is stored once, as the ingest does
    docs = parsed_docs(texts, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.spacy"))) == 1
    again = parsed_docs(texts, tmp_path / "cache")  # read back from the DocBin cache
    assert [t.dep_ for t in again["nyt_2016-01-01_x"]] == [t.dep_ for t in docs["nyt_2016-01-01_x"]]
    system = system_statements(again)
    figures = score(system, [article])
    assert figures["matched"] == 1 and figures["gold"] == 1
    assert figures["source_accuracy"] == 1.0


def test_stance_model_folds_never_split_a_story() -> None:
    import numpy as np
    from stance_inputs import PairInput
    from train_stance_model import Fitted, fold_of, stories

    def pair(headline: str, body: str) -> PairInput:
        return PairInput(None, "unknown", body, "discuss", headline, body)

    # Headlines a/b share body 1 (one story); c sits alone on body 2; d and e on bodies 3 and 4 by d.
    pairs = [pair("a", "1"), pair("b", "1"), pair("c", "2"), pair("d", "3"), pair("d", "4"), pair("e", "5")]
    groups = stories(pairs)
    assert groups[0] == groups[1] and groups[3] == groups[4]
    assert len(set(groups)) == 4
    folds = fold_of(groups, 2, seed=1)
    for i, j in ((0, 1), (3, 4)):
        assert folds[i] == folds[j]
    # The logistic regression separates a separable toy problem.
    x = np.array([[0.0, 1.0], [0.1, 0.9], [1.0, 0.0], [0.9, 0.1], [0.5, 0.5], [0.45, 0.55]] * 5)
    y = np.array([0, 0, 1, 1, 2, 2] * 5)
    model = Fitted(x, y)
    assert list(np.argmax(model.logits(x[:4]), axis=1)) == [0, 0, 1, 1]
