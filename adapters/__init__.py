"""Chat platform adapters: console, Slack, Discord."""
