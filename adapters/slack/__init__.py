"""Slack: the Bolt (Socket Mode) adapter and the Block Kit rendering of replies."""
