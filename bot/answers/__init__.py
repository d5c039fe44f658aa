"""Answers: questions about who claimed or denied what, answered only from stored statements.

`question` parses a question (kind, speaker, content terms, scope), `speakers`
finds the speakers it names, `retrieval` and `scoring` fetch candidate
statements through the full-text index and keep the propositions that cover
the question, `figures` and `figure_answers` handle numbers, `rendering` turns
the groups into a `Reply` with speakers, roles and outlets, `compose` runs the
whole path, and `ledgers` lists a speaker's claims, a window's denials and the
outlets on a topic. `export` is the JSON shape of a statement shared by every
`--json` output.
"""
