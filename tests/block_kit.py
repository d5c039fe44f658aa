"""Block Kit checks for the Slack tests: every block must be one slack_sdk's models accept."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block


def assert_valid_blocks(blocks: list[dict[str, Any]]) -> None:
    """Parse each block with `slack_sdk.models.blocks` and validate it.

    Fails on an unknown block type, on a field the models do not know (it
    would not survive the round trip) and on every limit slack_sdk checks
    (text lengths, element counts, required fields).
    """
    assert blocks, "a message without blocks"
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"not a Block Kit block: {block}"
        parsed.validate_json()  # raises SlackObjectFormationError naming the broken limit
        assert parsed.to_dict() == block, f"fields slack_sdk does not know in {block}"
