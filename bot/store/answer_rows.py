"""Statement rows of answers: the shared select, the scope filters and the row decoding."""

from __future__ import annotations

import json
from typing import Any

from bot.store.core import Row, StoreCore, name_list


class AnswerRowsMixin(StoreCore):
    """The statement select and scope filters shared by answers, speaker searches and windows."""

    # ---------------------------------------------------------------- answers
    # Query methods of questions, ledgers and digests (bot/answers, bot/digests).

    _ANSWER_SELECT = (
        "SELECT st.id, a.name AS article, a.id AS article_id, o.name AS outlet, a.title, "
        "a.url, a.published, st.kind, st.speaker, st.speaker_id, st.speaker_text, st.speaker_role, "
        "st.speaker_type, st.relay, st.cue, st.text, st.evidence, st.start, st.end, "
        "st.direct, st.proposition_id AS proposition, st.denies, st.position, st.lemmas, "
        "st.entities, st.target_text, sp.aliases AS speaker_aliases, sp.roles AS speaker_roles, "
        "(SELECT group_concat(o3.name, char(31)) FROM article_outlets ao3 "
        " JOIN outlets o3 ON o3.id = ao3.outlet_id WHERE ao3.article_id = a.id) AS carried_by"
    )
    # Questions never read a statement's lemmas or entities (digests do): leaving the
    # two largest JSON columns out saves decoding them for hundreds of rows per question.
    _QUESTION_SELECT = _ANSWER_SELECT.replace("st.lemmas, st.entities, ", "")
    _ANSWER_FROM = (
        " FROM statements st JOIN articles a ON a.id = st.article_id "
        "LEFT JOIN outlets o ON o.id = a.outlet_id LEFT JOIN speakers sp ON sp.id = st.speaker_id"
    )

    @classmethod
    def _scope_where(
        cls,
        kind: str | None,
        since: str | None,
        until: str | None,
        outlet: str | None,
        article: str | int | None,
        where: list[str],
        params: list[Any],
    ) -> bool:
        """Add a statement kind, a publication window, an outlet and an article; True when any
        of the last three narrows the rows (the articles table must then be joined)."""
        if kind:
            where.append("st.kind = ?")
            params.append(kind)
        cls._window_where(since, until, where, params)
        cls._outlet_where(outlet, where, params)
        cls._article_where(article, where, params)
        return bool(since or until or outlet or article is not None)

    @staticmethod
    def _decode_answer_row(row: Row) -> Row:
        row["direct"] = bool(row["direct"])
        for column in ("lemmas", "entities"):
            if column not in row:
                continue  # left out of question rows
            # Empty lists are common and decoding thousands of them per question adds up.
            value = row[column]
            row[column] = json.loads(value) if value and value != "[]" else []
        row["speaker_aliases"] = name_list(row["speaker_aliases"])
        row["speaker_roles"] = name_list(row["speaker_roles"])
        carried = [name for name in (row.pop("carried_by") or "").split("\x1f") if name]
        own = [row["outlet"]] if row.get("outlet") else []
        row["outlets"] = own + sorted(set(carried) - set(own))
        return row
