"""Denial forms of real news and the links from a denial to what it denies (invented names)."""

from __future__ import annotations

from spacy.language import Language

from bot.answers.export import export_statement
from bot.ingest import pipeline
from bot.models import CLAIM, DENIAL, ArticleInput
from bot.store import Store
from tests.test_extract import run


def test_no_evidence_of_ones_own_is_a_denial_but_a_verdict_on_another_party_is_a_claim(nlp: Language) -> None:
    (denial,) = run(nlp, '"There is no evidence linking any illness to our cheese," a spokeswoman added.')
    assert denial.kind == DENIAL
    (claim,) = run(nlp, "The judge said the council had offered no evidence that the march posed a threat.")
    assert claim.kind == CLAIM


def test_a_document_called_false_or_fabricated_is_denied(nlp: Language) -> None:
    (fake,) = run(nlp, "A spokesman for the singer said the photos were fake.")
    assert fake.kind == DENIAL
    (forged,) = run(nlp, "Her lawyer, Tom Reyes, went further, suggesting the memo may have been fabricated.")
    assert forged.kind == DENIAL and forged.text.startswith("the memo")


def test_a_denied_gerund_is_what_is_denied_and_such_points_back(nlp: Language) -> None:
    statements = run(
        nlp,
        "Mayor Ida Brandt said her office had sent a written warning to the police. "
        "Police chief Omar Vance flatly denied receiving any such warning.",
    )
    assert [s.kind for s in statements] == [CLAIM, DENIAL]
    assert statements[1].text == "receiving any such warning"
    assert statements[1].denies_index == 0


def test_a_negated_verb_on_a_pronoun_answers_the_claim_just_before(nlp: Language) -> None:
    statements = run(
        nlp,
        "The hackers' claim that Lumora ignored a ransom demand could not be verified. "
        "Lumora said it never received one.",
    )
    assert statements[-1].kind == DENIAL
    assert statements[statements[-1].denies_index or 0].kind == CLAIM
    assert "ransom" in statements[statements[-1].denies_index or 0].text
    # Without a claim just before, a negation on a pronoun is only a claim.
    (alone,) = run(nlp, "Lumora said it never received one.")
    assert alone.kind == CLAIM


def test_a_list_of_what_does_not_exist_is_a_flat_denial(nlp: Language) -> None:
    statements = run(nlp, '"I have checked personally. No letter, no email, nothing," the commissioner said.')
    assert [s.kind for s in statements] == [DENIAL]


def _rows(store: Store, nlp: Language, text: str) -> list[dict]:
    article = ArticleInput(
        name="a.txt", source="/in/a.txt", raw=text, outlet="The Example Times", published="2024-05-01"
    )
    report = pipeline.ingest_articles(store, [article], nlp=nlp)
    assert report.ok, report.errors
    return [export_statement(r) for r in store.statements()]


def test_a_headline_denial_denies_what_the_body_denial_denies(store: Store, nlp: Language) -> None:
    rows = _rows(
        store,
        nlp,
        "Authority denies network at standstill\n\n"
        'Union organiser Nadia Orsk said turnout was the highest in years. "We have never seen support like '
        'this. The network is dead," she said.\n\n'
        "The transit authority has denied union claims that the network has ground to a halt.",
    )
    denials = [r for r in rows if r["kind"] == DENIAL]
    assert len(denials) >= 2
    headline, body = denials[0], denials[-1]
    assert body["denies"] is not None
    assert headline["denies"] == body["denies"]


def test_a_denial_naming_a_document_denies_that_documents_claim(store: Store, nlp: Language) -> None:
    rows = _rows(
        store,
        nlp,
        "Memo row\n\n"
        'A leaked memo said senior staff had agreed to "find a route" to fund the campaign. '
        "The senator said the memo proved a deal had been struck. "
        "A company spokeswoman said the memo may have been fabricated.",
    )
    by_text = {r["text"]: r for r in rows}
    denial = next(r for r in rows if r["kind"] == DENIAL)
    memo_claim = next(r for t, r in by_text.items() if "find a route" in t)
    assert denial["denies"] == memo_claim["proposition"]


def test_a_stored_denial_moves_to_a_later_claim_it_fits_far_better(store: Store, nlp: Language) -> None:
    first = ArticleInput(
        name="wire.txt",
        source="/in/wire.txt",
        raw=(
            "Governor denies deal\n\n"
            "Governor Lena Ardt denied that her campaign had received $300,000 from Halvard Mining in return "
            'for approving a new quarry, calling the allegation by her rival "a desperate hoax". State filings showed that a committee, Forward Fund, received $300,000 '
            "in May, the Fair Vote Trust said."
        ),
        outlet="Wire",
        published="2024-05-01",
    )
    second = ArticleInput(
        name="paper.txt",
        source="/in/paper.txt",
        raw=(
            "Quarry row deepens\n\n"
            "Senator Paul Brenn said Ardt had approved a quarry for Halvard Mining in exchange for campaign cash."
        ),
        outlet="Paper",
        published="2024-05-02",
    )
    for article in (first, second):
        assert pipeline.ingest_articles(store, [article], nlp=nlp).ok
    rows = [export_statement(r) for r in store.statements()]
    denial = next(r for r in rows if r["kind"] == DENIAL and "in return for" in r["text"])
    charge = next(r for r in rows if r["kind"] == CLAIM and "exchange for campaign cash" in r["text"])
    assert denial["denies"] == charge["proposition"]
    # The denial continuing it in the same sentence follows it.
    follower = next(r for r in rows if r["kind"] == DENIAL and "hoax" in r["text"])
    assert follower["denies"] == charge["proposition"]


def test_a_denial_is_never_linked_to_a_claim_of_another_story(store: Store, nlp: Language) -> None:
    """Two unrelated stories in one store, worded alike: the denial in the second has no claim of
    its own story to deny, so it stays unlinked rather than denying the first story's claim."""
    first = ArticleInput(
        name="singer.txt",
        source="/in/singer.txt",
        raw=(
            "Singer's secret wedding\n\n"
            "The Daily Lark reported that the singer Brenna Holt had secretly married her manager in a "
            "ceremony on a private island. Holt's publicist, Ivo Marsh, said the wedding report was accurate."
        ),
        outlet="Lark",
        published="2024-05-01",
    )
    second = ArticleInput(
        name="striker.txt",
        source="/in/striker.txt",
        raw=(
            "Kestrel United striker in the news\n\n"
            "Kestrel United said Dario Quend would start on Saturday. "
            "His agent, Lena Ruiz, said talk that Quend had secretly married in a ceremony on a private island "
            "was a hoax."
        ),
        outlet="Sports Desk",
        published="2024-05-02",
    )
    for article in (first, second):
        assert pipeline.ingest_articles(store, [article], nlp=nlp).ok
    rows = [export_statement(r) for r in store.statements()]
    claims_of_first = {r["proposition"] for r in rows if r["kind"] == CLAIM and r["article"] == "singer.txt"}
    denial = next(r for r in rows if r["kind"] == DENIAL and r["article"] == "striker.txt")
    assert claims_of_first
    assert denial["denies"] not in claims_of_first


def test_a_story_called_made_up_is_denied_but_insisting_it_is_not_made_up_is_a_claim(nlp: Language) -> None:
    (made_up,) = run(nlp, '"None of those are true, they are just made up stories," the zoologist said.')
    assert made_up.kind == DENIAL
    (whole,) = run(nlp, "The singer said the newspaper made the whole thing up.")
    assert whole.kind == DENIAL
    (insists,) = run(nlp, '"There is no way we are making any of this up," the film-maker told the site.')
    assert insists.kind == CLAIM
    (share,) = run(nlp, "Women make up half the staff, the report said.")
    assert share.kind == CLAIM


def test_a_verdict_said_on_its_own_is_a_flat_denial(nlp: Language) -> None:
    (verdict,) = run(nlp, '"Complete nonsense," the publicist said.')
    assert verdict.kind == DENIAL
    (other,) = run(nlp, '"Good news," the publicist said.')
    assert other.kind == CLAIM


def test_an_event_called_a_hoax_is_denied_whatever_names_it(nlp: Language) -> None:
    (hoax,) = run(nlp, '"The museum arrest is a hoax," the artist\'s agent told the paper.')
    assert hoax.kind == DENIAL
    (plain,) = run(nlp, '"The museum arrest was swift," the police spokesman told the paper.')
    assert plain.kind == CLAIM
