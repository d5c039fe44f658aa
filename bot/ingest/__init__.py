"""Getting articles in: from files, URLs and feeds to stored, grouped statements.

`readers` decode input files, `clean` (with its `clean_*` steps) turns text
captures and HTML into an article's headline and body, `urls` and `fetch`
canonicalise addresses and download pages politely, `feed_pages` reads feed
entries and article pages, `feeds` polls RSS and Atom feeds and tracks their
health, `near_duplicates` spots syndicated copies, `grouping` links a new
article's statements to the propositions already stored, and `pipeline` runs
the whole path for a batch of articles.
"""
