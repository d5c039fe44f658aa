"""Questions by meaning: statement vectors, the hybrid score, and who a question asks about."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.language import Language

from answer_fixtures import _figure, _save, _statement
from bot.answers.compose import answer_question
from bot.answers.question import Term, names_someone, parse_question
from bot.answers.scoring import RELEVANCE_THRESHOLD, Scope, meaning_share, rank_candidates, statement_score
from bot.answers.semantic import closest_statements, question_vector, similarities
from bot.answers.speakers import match_speakers
from bot.answers.text import fts_any, stem
from bot.ingest import pipeline
from bot.ingest.vectors import index_statement_vectors
from bot.models import ArticleInput
from bot.nlp.embeddings import DIMENSIONS, embed, from_bytes, to_bytes
from bot.store import Store


def test_embeddings_are_normalised_and_rank_by_meaning() -> None:
    vectors = embed(
        [
            "troops withdrawing from the border",
            "soldiers will pull back from the frontier next week",
            "the bakery sells fresh bread every morning",
        ]
    )
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    # No word in common between the first two, yet they are closer than the unrelated third.
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_vector_bytes_round_trip_and_bad_blob() -> None:
    vector = embed(["a ceasefire along the river"])[0]
    back = from_bytes(to_bytes(vector))
    assert back.dtype == np.float32 and np.allclose(back, vector, atol=1e-3)
    assert not np.any(from_bytes(b"short"))  # a damaged blob matches nothing rather than failing


def _border_store(store: Store) -> None:
    _save(
        store,
        "a1",
        "Daily Planet",
        "2024-03-01",
        "Border",
        [
            _statement("claim", "Jane Smith", "the soldiers will pull back from the frontier next week", "x"),
            _statement("claim", "Jane Smith", "the harvest festival will open on Sunday", "y"),
            _statement("claim", "Omar Ali", "the central bank will raise interest rates", "z"),
        ],
    )


def test_ingest_indexes_new_statements_once(store: Store) -> None:
    _border_store(store)
    assert store.vector_count() == 0
    assert index_statement_vectors(store) == 3
    assert store.vector_count() == 3
    assert index_statement_vectors(store) == 0  # nothing new
    _save(store, "a2", "Morning Tribune", "2024-03-02", "More", [_statement("claim", "Li Wei", "talks resume", "w")])
    assert index_statement_vectors(store) == 1
    ids = [r["id"] for r in store.statements()]
    assert set(store.statement_vectors(ids)) == set(ids)


def test_replaced_article_drops_its_vectors(store: Store) -> None:
    _border_store(store)
    index_statement_vectors(store)
    store.save_article(
        name="a1",
        source="a1",
        raw_text="t",
        text="t",
        content_hash="other",
        title="Border",
        outlet="Daily Planet",
        url=None,
        published="2024-03-01",
        language="en",
        statements=[_statement("claim", "Jane Smith", "no change", "n")],
        figures=[],
    )
    assert store.vector_count() == 0  # the old statements' vectors went with them
    assert index_statement_vectors(store) == 1


def test_similarities_use_stored_vectors_and_embed_the_missing(store: Store) -> None:
    _border_store(store)
    rows = store.answer_statements()
    query = question_vector("withdrawal border troops")
    before = similarities(store, rows, query)  # no stored vectors yet: embedded on the spot
    index_statement_vectors(store)
    after = similarities(store, rows, query)
    assert set(before) == set(after) == {r["id"] for r in rows}
    for sid in before:
        assert before[sid] == pytest.approx(after[sid], abs=1e-2)
    best = max(after, key=lambda i: after[i])
    assert "frontier" in next(r["text"] for r in rows if r["id"] == best)
    assert similarities(store, rows, None) == {}


def test_meaning_share_and_blend() -> None:
    assert meaning_share(-0.2) == 0.0 and meaning_share(0.95) == 1.0
    assert 0.0 < meaning_share(0.3) < 1.0
    row = {"text": "the harvest festival opens", "speaker": "Jane Smith"}
    assert statement_score(row, []) == 1.0  # no terms: every statement of the asked speaker counts


def test_a_speakers_statements_are_found_by_meaning_without_shared_words(store: Store) -> None:
    _border_store(store)
    index_statement_vectors(store)
    smith = list(match_speakers(store, "Jane Smith"))
    query = question_vector("troop withdrawal border")
    # No word of the question is in any statement: the full-text index finds nothing.
    assert store.answer_statements(fts=fts_any(["troop", "withdrawal", "border"])) == []
    found = closest_statements(store, smith, None, Scope(), query, [])
    assert found[0]["text"] == "the soldiers will pull back from the frontier next week"
    assert {r["speaker"] for r in found} == {"Jane Smith"}  # only the asked speaker's statements
    # Rows the words already found are not read twice.
    assert closest_statements(store, smith, None, Scope(), query, found) == []
    assert closest_statements(store, smith, "denial", Scope(), query, []) == []


def test_meaning_breaks_ties_between_equally_worded_statements() -> None:
    terms = [Term("border", frozenset({stem("border")}), ("border",), 1.0, 1)]
    market = {"id": 1, "kind": "claim", "text": "the border market opens on Sunday", "speaker": "Jane Smith"}
    troops = {"id": 2, "kind": "claim", "text": "soldiers leave the border next week", "speaker": "Jane Smith"}
    sims = {1: 0.1, 2: 0.5}
    row_scores: dict[int, float] = {}
    ranked = rank_candidates([market, troops], terms, sims=sims, row_scores=row_scores)
    assert row_scores[2] > row_scores[1]
    assert ranked[("s", 2)] > ranked[("s", 1)] >= RELEVANCE_THRESHOLD


def test_did_x_say_is_about_x(store: Store) -> None:
    _border_store(store)
    index_statement_vectors(store)
    parsed = parse_question("Did Omar Ali say the central bank will raise interest rates?")
    assert (parsed.kind, parsed.subject) == ("yesno", "Omar Ali")
    assert parse_question("Did Berg secure a ceasefire?").subject is None  # not a speech verb: Berg may be the topic
    assert answer_question(store, "Did Omar Ali say the central bank will raise interest rates?").status == "asserted"
    # The words were said, but by someone else: not an answer about Jane Smith.
    assert answer_question(store, "Did Jane Smith say the central bank will raise interest rates?").status == "unknown"


def test_someone_never_quoted_gets_unknown_not_another_speaker(store: Store) -> None:
    _border_store(store)
    index_statement_vectors(store)
    for question in (
        "Did Ilona Vandersloot say the soldiers will pull back from the frontier?",
        "What did Ilona Vandersloot say about the soldiers and the frontier?",
    ):
        reply = answer_question(store, question)
        assert reply.status == "unknown", question
        assert reply.data["claims"] == []
        assert "Ilona Vandersloot" in reply.sections[0].text


def test_names_someone() -> None:
    assert names_someone("Ilona Vandersloot")
    assert not names_someone("the report")
    assert not names_someone("the US")  # a place: its speakers are found through the place's names
    assert not names_someone("the Foreign Minister")


def test_printed_figures_do_not_answer_who_said_or_did_x_say(store: Store) -> None:
    sentence = "Some 40 percent of voters back the plan, a poll found."
    figure = _figure("40 percent", 40, 40, 40, "percent", sentence, ("voter", "back", "plan", "poll"))
    _save(
        store,
        "p1",
        "Daily Planet",
        "2024-03-01",
        "Poll",
        [_statement("claim", "Omar Ali", "rates rise", "r")],
        [figure],
    )
    index_statement_vectors(store)
    assert answer_question(store, "Did 40 percent of voters back the plan?").data["figures"]
    for question in (
        "Did Jane Smith say 40 percent of voters back the plan?",
        "Who said 40 percent of voters back the plan?",
    ):
        reply = answer_question(store, question)
        assert reply.status == "unknown", question
        assert reply.data["figures"] == []


def test_speaker_text_search_keeps_the_speaker_and_the_rank(store: Store) -> None:
    _border_store(store)
    smith = list(match_speakers(store, "Jane Smith"))
    rows = store.answer_statements(fts=fts_any(["frontier", "harvest", "bank"]), speaker_ids=smith, limit=5)
    assert {r["speaker"] for r in rows} == {"Jane Smith"} and len(rows) == 2
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    newest = store.answer_statements(
        fts=fts_any(["frontier", "harvest"]), speaker_ids=smith, limit=1, newest_matches=True
    )
    assert [r["text"] for r in newest] == ["the harvest festival will open on Sunday"]  # stored last
    assert store.answer_statements(fts=fts_any(["frontier"]), speaker_ids=[], limit=5) == []


def test_ingest_embeds_every_statement_it_stores(store: Store, nlp: Language) -> None:
    text = (
        "Port reopens after storm\n\n"
        "The harbour will reopen on Monday, Transport Minister Jane Doe said on Friday. "
        '"We expect ferries to run normally by the weekend," she told reporters.'
    )
    article = ArticleInput(
        name="a.txt", source="/in/a.txt", raw=text, outlet="The Example Times", published="2024-05-01"
    )
    report = pipeline.ingest_articles(store, [article], nlp=nlp)
    assert report.statements >= 1
    assert store.vector_count() == store.statement_count() == report.statements


def test_a_named_person_is_not_someone_whose_role_mentions_them(store: Store) -> None:
    _save(
        store,
        "r1",
        "Daily Planet",
        "2024-03-01",
        "Race",
        [
            _statement("claim", "Marco Rubio", "the plan will fail", "a", role="Senator"),
            _statement("claim", "Ted Cruz", "the debate was unfair", "b", role="rival of Marco Rubio"),
        ],
    )
    loose = match_speakers(store, "Senator Marco Rubio")
    strict = match_speakers(store, "Senator Marco Rubio", names_first=True)
    names = {r["id"]: r["name"] for r in store.speakers()}
    assert {names[i] for i in strict} == {"Marco Rubio"}
    assert set(strict) <= set(loose)
    index_statement_vectors(store)
    reply = answer_question(store, "Did Senator Marco Rubio say the debate was unfair?")
    assert reply.status == "unknown" and reply.data["claims"] == []


def test_prepare_for_questions_loads_the_model_and_freezes_the_heap() -> None:
    import gc

    from bot.answers.semantic import prepare_for_questions
    from bot.nlp.embeddings import load_embedder

    gc.unfreeze()
    try:
        prepare_for_questions()
        assert gc.get_freeze_count() > 0
        assert load_embedder.cache_info().currsize == 1
    finally:
        gc.unfreeze()  # the rest of the suite runs with an ordinary collector
