"""Digests: what happened in a time window, and when to post it.

`stories` groups a window's articles into stories and their contested points,
`build` renders a digest reply, `subscriptions` parses "HH:MM Area/City",
computes fire times across DST and syncs subscriptions from the config file,
and `schedule` runs them with APScheduler, recording each delivery so nothing
is posted twice.
"""
