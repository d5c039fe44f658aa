"""Content spans: what a cue's statement covers when a quote closes its object."""

from __future__ import annotations

from spacy.language import Language

from tests.test_extract import only


def test_quote_closing_an_object_stays_inside_the_object(nlp: Language) -> None:
    st = only(nlp, 'Mayor Lena Ortiz stressed the need for "a cleaner, safer river" in the city.')
    assert "Ortiz" in st.speaker
    assert st.text == "the need for a cleaner, safer river in the city"


def test_bare_cue_still_takes_its_quote(nlp: Language) -> None:
    st = only(nlp, '"We will win the vote," Mayor Lena Ortiz said.')
    assert st.text == "We will win the vote"
    assert "Ortiz" in st.speaker


def test_quote_inside_what_a_warning_is_of(nlp: Language) -> None:
    st = only(nlp, 'The delegate warned of a "ferocious" battle ahead that could split the party.')
    assert st.text == "a ferocious battle ahead that could split the party"


def test_lost_clause_around_a_quoted_fragment(nlp: Language) -> None:
    # The parser hangs "she was …" on the main clause; the quoted fragment alone was the content.
    text = (
        "The endorsement comes just three days after Ortiz told The Washington Post she was "
        "\u201cnot quite there yet\u201d on supporting Hale, who will face a challenger."
    )
    st = only(nlp, text)
    assert st.speaker == "Ortiz"
    assert st.text == "she was not quite there yet on supporting Hale"
