"""Browsing the ledger: the store served read-only in a web browser with Datasette.

`briefbot browse` opens the SQLite store through Datasette so an analyst can
page through articles, speakers, statements and propositions, facet them by
outlet, speaker, kind and date, search statements by their words, and run the
canned queries shipped in `metadata.json` ("contested claims", "denials this
week", "a speaker's ledger", "figures outlets disagree on"). Datasette is an
optional extra (`briefbot[browse]`); every connection it opens is read-only, so
browsing never changes the store, even while the bot is running on it.
"""
