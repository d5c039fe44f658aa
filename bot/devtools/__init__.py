"""Developer tools: the benchmark and the evaluation against gold annotations.

Used by the `bench` and `eval` CLI commands; nothing in the bot at run time
depends on them.
"""
