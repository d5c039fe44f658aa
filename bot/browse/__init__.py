"""Browsing the ledger: a Datasette view of the store, started only by the CLI."""
