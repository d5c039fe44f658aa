"""Stance decisions for yes/no questions over one article (small hand-made articles, invented names)."""

from __future__ import annotations

from answer_fixtures import _save, _statement
from bot.answers.compose import answer_question
from bot.answers.question import build_terms, parse_question
from bot.answers.stance import addresses, article_stance, is_hedged, says_debunked
from bot.store import Store


def _store() -> Store:
    store = Store(":memory:")
    _save(
        store,
        "engaged.txt",
        "Pop Wire",
        "2024-05-01",
        "Singer denies engagement rumours",
        [
            _statement(
                "claim",
                "Gossip Daily",
                "Mara Quill is engaged to drummer Tobin Vale",
                "Gossip Daily wrote that Mara Quill is engaged to drummer Tobin Vale.",
                cue="wrote",
            ),
            _statement(
                "denial",
                "Mara Quill",
                "the rumours",
                "Mara Quill took to Instagram to deny the rumours that she is engaged to Tobin Vale.",
                cue="deny",
            ),
        ],
    )
    _save(
        store,
        "ghost.txt",
        "Photo Desk",
        "2024-05-02",
        "Ghost photo",
        [
            _statement(
                "claim",
                "Orla Finch",
                "the photo of a ghost in the lighthouse is fake",
                "Photographer Orla Finch said the photo of a ghost in the lighthouse is fake.",
            ),
        ],
    )
    _save(
        store,
        "transfer.txt",
        "Sports Line",
        "2024-05-03",
        "Striker transfer",
        [
            _statement(
                "claim",
                "club insiders",
                "striker Pell Okafor has reportedly signed a contract with Rivermouth",
                "Striker Pell Okafor has reportedly signed a contract with Rivermouth, club insiders said.",
            ),
        ],
    )
    _save(
        store,
        "bridge.txt",
        "City Post",
        "2024-05-04",
        "Bridge reopens",
        [
            _statement(
                "claim",
                "Ines Harrow",
                "the Saltmarsh bridge will reopen on Friday",
                "Mayor Ines Harrow said the Saltmarsh bridge will reopen on Friday.",
            ),
        ],
    )
    return store


def test_debunk_words_and_hedges() -> None:
    assert says_debunked("The story is a hoax.")
    assert says_debunked("The site is satirical")
    assert not says_debunked("The story was published on Monday.")
    assert is_hedged({"text": "he reportedly resigned", "evidence": None})
    assert is_hedged({"text": "the minister quit", "evidence": "According to reports, the minister quit."})
    assert not is_hedged({"text": "the minister quit", "evidence": "The minister quit, his office said."})
    assert is_hedged(
        {"text": "the minister quit", "evidence": "The Ledger reported the minister quit.", "cue": "reported"}
    )


def test_denial_of_the_rumours_addresses_the_question_it_matches() -> None:
    store = _store()
    parsed = parse_question("Is it true that Mara Quill is engaged to Tobin Vale?")
    terms = build_terms(store, list(parsed.topic_words))
    rows = store.answer_statements(article="engaged.txt")
    denial = next(r for r in rows if r["kind"] == "denial")
    assert addresses(denial, terms)
    other = build_terms(store, list(parse_question("Is it true that the bridge will reopen on Friday?").topic_words))
    assert not addresses(denial, other)
    assert article_stance(parsed.text, terms, rows, "asserted") == "contested"
    assert article_stance(parsed.text, terms, rows, "unknown") == "denied"


def test_engagement_question_is_contested_over_the_article() -> None:
    reply = answer_question(_store(), "Is it true that Mara Quill is engaged to Tobin Vale?", article="engaged.txt")
    assert reply.status == "contested"
    assert reply.data["denials"], "the status shows the denial it rests on"
    # The lead is written for the status the stance decided, not the one retrieval first gave.
    assert reply.lead.startswith("Contested.") and "Mara Quill denies" in reply.lead


def test_a_statement_calling_it_fake_disputes_and_agrees_with_a_debunking_question() -> None:
    store = _store()
    disputed = answer_question(
        store, "Is it true that a ghost was photographed in the lighthouse?", article="ghost.txt"
    )
    assert disputed.status in {"denied", "contested"}
    agreed = answer_question(store, "Is it true that the lighthouse ghost photo is fake?", article="ghost.txt")
    assert agreed.status == "asserted"


def test_a_relayed_claim_is_not_asserted_but_a_plain_one_is() -> None:
    store = _store()
    relayed = answer_question(
        store, "Is it true that Pell Okafor signed a contract with Rivermouth?", article="transfer.txt"
    )
    assert relayed.status == "unknown"
    plain = answer_question(store, "Is it true that the Saltmarsh bridge will reopen on Friday?", article="bridge.txt")
    assert plain.status == "asserted"


def test_without_an_article_scope_the_status_is_retrieval_s() -> None:
    store = _store()
    reply = answer_question(store, "Is it true that Pell Okafor signed a contract with Rivermouth?")
    assert reply.status == "asserted"


def test_a_question_that_negates_its_proposition_agrees_with_a_denial() -> None:
    store = _store()
    reply = answer_question(store, "Is it true that Mara Quill is not engaged to Tobin Vale?", article="engaged.txt")
    assert reply.status == "asserted"


def test_a_question_about_a_report_is_not_disputed_by_a_denial_of_its_content() -> None:
    store = _store()
    question = "Is it true that Mara Quill is reportedly engaged to Tobin Vale?"
    parsed = parse_question(question)
    terms = build_terms(store, list(parsed.topic_words))
    rows = store.answer_statements(article="engaged.txt")
    assert article_stance(parsed.text, terms, rows, "asserted") == "unknown"
    assert article_stance(parsed.text, terms, rows, "contested") == "contested"


def test_an_unknown_reply_becomes_denied_and_shows_the_disputing_statement() -> None:
    from bot.answers.rendering import unknown_reply
    from bot.answers.scoring import Scope
    from bot.answers.stance import stance_checked

    store = _store()
    parsed = parse_question("Is it true that a ghost haunts the lighthouse photo?")
    parsed.terms = build_terms(store, list(parsed.topic_words))
    before = unknown_reply(parsed.text, "Nothing found.")
    after = stance_checked(store, parsed, Scope(article="ghost.txt"), before)
    assert after.status == "denied"
    assert [d["text"] for d in after.data["denials"]] == ["the photo of a ghost in the lighthouse is fake"]
    elsewhere = stance_checked(store, parsed, Scope(article="bridge.txt"), unknown_reply(parsed.text, "Nothing found."))
    assert elsewhere.status == "unknown"
