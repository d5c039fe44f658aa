"""A token's sentence found from its parse tree matches spaCy's own `Token.sent`."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.sentences import sentence_of


def test_sentence_of_matches_token_sent(nlp: Language) -> None:
    doc = nlp(
        "Harbour closes in May\n\n"
        "The mayor said the harbour would close. Dockers, who had warned her, disagreed; "
        '"Nobody asked us," one said.\n\nThe port declined to comment.'
    )
    for tok in doc:
        own, spacy_own = sentence_of(tok), tok.sent
        assert (own.start, own.end) == (spacy_own.start, spacy_own.end), tok.text
