"""Watches: a channel follows a speaker, a topic or one claim and is alerted when new statements match.

`settings` parses `watch …` lines, `[[watch]]` tables and `[watches]`;
`matching` finds the statements a watch is about with the answers' own
machinery (speakers by name, role and place; topics by weighted terms; one
proposition for a claim); `alerts` renders an alert or a fold of several;
`manage` creates, describes and syncs watches; `watcher` runs the checks in
the running bot, records each alert once and posts within the hourly limit.
"""
