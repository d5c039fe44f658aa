"""PLACEHOLDER (to be replaced by the grouping work): one proposition per claim."""

from __future__ import annotations

from bot.models import CLAIM, Statement
from bot.store import Store


def assign_propositions(store: Store, article_id: int, statement_ids: list[int], statements: list[Statement]) -> None:
    """Give each new statement a proposition."""
    for sid, st in zip(statement_ids, statements):
        if st.kind == CLAIM:
            pid = store.create_proposition(st.text, st.speaker, st.lemmas, st.entities)
            store.set_statement_links(sid, proposition=pid, denies=None)
