"""Candidate look-ups of the grouping step: the narrow reads give what the full ones would."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.ingest import grouping
from bot.ingest.grouping.sides import _party_words
from bot.models import CLAIM, DENIAL
from bot.nlp.signatures import item_from_statement
from bot.store import Store
from tests.test_propositions import S, _ingest, _statement

# Invented articles: one story told with plain and negated claims and a denial, across outlets.
_STORED = [
    [
        S(CLAIM, "Harbour Board", "the ferry terminal will close in March"),
        S(CLAIM, "Mayor Quint", "the ferry terminal will not close in March"),
        S(DENIAL, "Harbour Board spokeswoman", "denied that the ferry terminal staff were told", "the staff were told"),
    ],
    [
        S(CLAIM, "Union official Brea Tolland", "the ferry terminal has never been safe for the staff"),
        S(CLAIM, "Councillor Vetch", "the ferry terminal staff were told in March"),
    ],
    [S(CLAIM, "Harbour Board", "the ferry terminal will not reopen after March")],
]


def _grouper_for(store: Store, nlp: Language, text: str) -> tuple[grouping.Grouper, grouping.Grouper]:
    """Two fresh groupers (so neither sees the other's reads) for a new article holding one claim."""
    st = _statement(nlp, S(CLAIM, "Mayor Quint", text), 0)
    pair = []
    for _ in range(2):
        g = grouping.Grouper(store, article_id=10_000)
        g.items = [item_from_statement(99_999, 10_000, 0, st)]
        pair.append(g)
    return pair[0], pair[1]


def test_negated_claim_candidates_are_the_negated_claims_among_all_candidates(store: Store, nlp: Language) -> None:
    for i, specs in enumerate(_STORED):
        _ingest(store, nlp, f"outlet{i}.txt", specs)
    for text in ("the ferry terminal will close in March", "the terminal staff were told about March"):
        full, narrow = _grouper_for(store, nlp, text)
        item = full.items[0]
        expected = [c for c in full.candidates(item, names=True) if c.kind == CLAIM and c.negated]
        got = narrow.negated_claim_candidates(narrow.items[0], names=True)
        assert [c.id for c in got] == [c.id for c in expected]
        assert [(c.proposition, c.denies) for c in got] == [(c.proposition, c.denies) for c in expected]
    # The question is not empty: a stored negated claim is found.
    _full, narrow = _grouper_for(store, nlp, "the ferry terminal will close in March")
    assert "the ferry terminal will not reopen after March" in {
        c.text for c in narrow.negated_claim_candidates(narrow.items[0], names=True)
    }


def test_negated_claim_candidates_leave_the_other_candidates_unread(store: Store, nlp: Language) -> None:
    for i, specs in enumerate(_STORED):
        _ingest(store, nlp, f"outlet{i}.txt", specs)
    full, narrow = _grouper_for(store, nlp, "the ferry terminal will close in March")
    wanted = narrow.candidate_ids(narrow.items[0], names=True)
    narrow.seen.clear()
    found = narrow.negated_claim_candidates(narrow.items[0], names=True)
    read = set(narrow.seen)
    assert read >= {c.id for c in found}
    plain = {c.id for c in full.candidates(full.items[0], names=True) if not (c.kind == CLAIM and c.negated)}
    # Held as plain claims or denials by the cross-article cache, they are not read again.
    assert plain and not (plain & read & {sid for sid in wanted if sid in narrow.stored})


def test_party_words_are_cached_and_cannot_be_changed_by_a_caller() -> None:
    first = _party_words("Harbour Board spokeswoman")
    assert first == {"harbour", "board"}
    assert _party_words("Harbour Board spokeswoman") is first
    assert isinstance(first, frozenset)


def test_links_rewritten_names_the_statements_written_since(store: Store, nlp: Language) -> None:
    rows = _ingest(store, nlp, "outlet0.txt", _STORED[0])
    a, b, c = (r["id"] for r in rows)
    before = store.link_write_number()
    assert store.links_rewritten([(a, before), (b, before), (c, before)]) == set()
    store.set_statement_links(a, proposition=None, denies=None)
    assert store.links_rewritten([(a, before), (b, before), (c, before)]) == {a}
    after = store.link_write_number()
    assert after > before and store.links_rewritten([(a, after)]) == set()
    # Links read before any logged write, or never read (-1), are not trusted.
    assert store.links_rewritten([(b, -1)]) == {b}
    store.set_statement_kind(c, DENIAL)
    assert store.links_rewritten([(c, after)]) == {c}


def test_links_rewritten_follows_merges_and_the_bounded_log(
    store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _ingest(store, nlp, "outlet1.txt", [S(CLAIM, "Councillor Vetch", "the bridge tolls will double")])
    second = _ingest(store, nlp, "outlet2.txt", [S(CLAIM, "Mayor Quint", "the library will open on Sundays")])
    x, y = first[0], second[0]
    assert x["proposition"] != y["proposition"]
    n = store.link_write_number()
    store.merge_propositions(x["proposition"], [y["proposition"]])
    assert store.links_rewritten([(x["id"], n), (y["id"], n)]) == {y["id"]}
    # Past its size the log starts afresh: links read before that are read again.
    monkeypatch.setattr(Store, "LINK_LOG_SIZE", 0)
    n = store.link_write_number()
    store.set_statement_links(y["id"], proposition=None, denies=None)
    store.set_statement_links(x["id"], proposition=None, denies=None)
    assert store.links_rewritten([(x["id"], n), (y["id"], n)]) == {x["id"], y["id"]}
