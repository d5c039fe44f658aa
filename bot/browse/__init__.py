"""Browsing the ledger: the store served read-only in a web browser with Datasette.

`briefbot browse` opens the SQLite store through Datasette so an analyst can
page through articles, speakers, statements and propositions, facet them by
outlet, speaker, kind and date, search statements by their words, and run the
canned queries ("contested claims", "denials this week", "a speaker's ledger",
"figures outlets disagree on"). Their SQL lives in the store package
(`bot.store.ledger_queries`); the browser adds them to the packaged
`metadata.yaml` at start. Datasette is an optional extra (`briefbot[browse]`);
every connection it opens is read-only, so browsing never changes the store,
even while the bot is running on it.
"""
