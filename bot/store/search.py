"""Search: the statement queries behind questions and ledgers (speaker and window reads in their own mixins)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from bot.store.core import Row
from bot.store.speaker_search import SpeakerSearchMixin
from bot.store.windows import WindowsMixin


class SearchMixin(SpeakerSearchMixin, WindowsMixin):
    """Store methods answering questions and ledgers."""

    def answer_statements(
        self,
        *,
        fts: str | None = None,
        speaker_ids: Iterable[int] | None = None,
        propositions: Iterable[int] | None = None,
        ids: Iterable[int] | None = None,
        kind: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        article: str | int | None = None,
        limit: int | None = None,
        newest_matches: bool = False,
    ) -> list[Row]:
        """Statements for answers: the export fields plus `speaker_roles`, `outlets` (all carriers).

        Rows carry no `lemmas` or `entities` (questions do not use them; see `window_statements`).

        `fts` is an FTS5 query the caller has already escaped; with it rows come
        best first with a `rank` (BM25, lower is better). With `newest_matches`
        the `limit` newest matches are taken (the index stops early), newest
        first: for words so common that ranking every match would be slow.
        `propositions` selects claims of, and denials pointing at, those propositions.
        With `limit` and no `fts`, the statements of the most recently stored articles are kept.
        """
        # Iterables are read once here, so the search and the key of a kept search see the same values.
        speakers, props, id_tuple = (tuple(v) if v is not None else None for v in (speaker_ids, propositions, ids))
        read = functools.partial(
            self._answer_statements,
            fts=fts,
            speaker_ids=speakers,
            propositions=props,
            ids=id_tuple,
            kind=kind,
            since=since,
            until=until,
            outlet=outlet,
            article=article,
            limit=limit,
            newest_matches=newest_matches,
        )
        if not fts:
            return read()
        # An unanswered question searches its words twice (to answer, then for what is nearby):
        # the second search of the same words gets copies of the first one's rows.
        key = (fts, speakers, props, id_tuple, kind, since, until, outlet, article, limit, newest_matches)
        return self._remembered(("answer_statements", *key), read)

    # Full-text searches whose rows are kept for a repeat: the searches of one question.
    REMEMBERED_SEARCHES = 8

    def _remembered(self, key: tuple[Any, ...], read: Callable[[], list[Row]]) -> list[Row]:
        """`read()`, or copies of the rows it gave for `key` while nothing in the store has changed since.

        A change by this connection moves `total_changes`, one by another process
        moves `PRAGMA data_version`; either forgets every kept search.
        """
        with self.lock:
            state = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.conn.total_changes)
            kept: dict[tuple[Any, ...], list[Row]] = self.__dict__.setdefault("_searches", {})
            if self.__dict__.get("_searches_state") != state:
                kept.clear()
                self._searches_state = state
            rows = kept.get(key)
            if rows is None:
                rows = read()
                kept[key] = rows
                if len(kept) > self.REMEMBERED_SEARCHES:
                    del kept[next(iter(kept))]  # the oldest search
        # Copies (the lists in them too): a caller may change its rows without changing the kept ones.
        return [
            dict(
                r,
                outlets=list(r["outlets"]),
                speaker_roles=list(r["speaker_roles"]),
                speaker_aliases=list(r["speaker_aliases"]),
            )
            for r in rows
        ]

    def _answer_statements(
        self,
        *,
        fts: str | None,
        speaker_ids: Iterable[int] | None,
        propositions: Iterable[int] | None,
        ids: Iterable[int] | None,
        kind: str | None,
        since: str | None,
        until: str | None,
        outlet: str | None,
        article: str | int | None,
        limit: int | None,
        newest_matches: bool,
    ) -> list[Row]:
        """`answer_statements` read from the store."""
        if fts and speaker_ids is not None and limit and ids is None and propositions is None:
            return self._speaker_text_matches(
                fts,
                list(speaker_ids),
                kind=kind,
                limit=limit,
                newest=newest_matches,
                since=since,
                until=until,
                outlet=outlet,
                article=article,
            )
        where: list[str] = []
        params: list[Any] = []
        select = self._QUESTION_SELECT
        source = self._ANSWER_FROM
        order = " ORDER BY a.id, st.position"
        if fts:
            select += ", bm25(statements_fts) AS rank"
            source += " JOIN statements_fts ON statements_fts.rowid = st.id"
            where.append("statements_fts MATCH ?")
            params.append(fts)
            order = " ORDER BY rank"
        for column, values in (("st.speaker_id", speaker_ids), ("st.id", ids)):
            if values is not None:
                id_list = list(values)
                if not id_list:
                    return []
                where.append(f"{column} IN ({','.join('?' * len(id_list))})")
                params += id_list
        if propositions is not None:
            prop_list = list(propositions)
            if not prop_list:
                return []
            marks = ",".join("?" * len(prop_list))
            where.append(f"(st.proposition_id IN ({marks}) OR st.denies IN ({marks}))")
            params += prop_list + prop_list
        scoped = self._scope_where(kind, since, until, outlet, article, where, params)
        where_sql = " WHERE " + " AND ".join(where) if where else ""
        if limit:
            # Pick the ids first on the narrow join, then read full rows (evidence, the outlets
            # subquery, JSON) for those only: a common word can match thousands of statements.
            # The article is joined only when a window, outlet or article narrows the rows
            # (st.article_id orders them as a.id does).
            text_only = fts and not scoped and len(where) == 1  # the MATCH is the only condition
            inner = (
                "SELECT st.id AS picked"
                # BM25 weighs each word by how many statements hold it, which for a common
                # word means reading its whole posting list: the newest matches go newest first.
                + (
                    (", -statements_fts.rowid AS rank" if newest_matches else ", bm25(statements_fts) AS rank")
                    if fts
                    else ""
                )
                + " FROM statements st"
                + (" JOIN articles a ON a.id = st.article_id" if scoped else "")
                + (" JOIN statements_fts ON statements_fts.rowid = st.id" if fts else "")
                + where_sql
                + (
                    " ORDER BY statements_fts.rowid DESC"
                    if fts and newest_matches
                    else order
                    if fts
                    # Without a text query the newest rows are the ones kept (rows still come in order).
                    else " ORDER BY a.id DESC, st.position"
                    if scoped
                    else " ORDER BY st.article_id DESC, st.position"
                )
                + f" LIMIT {int(limit)}"
            )
            if text_only:
                # Nothing to check on the statement itself: the index alone picks the ids (joining
                # statements read one row per match, and BM25 ranks every match of the words).
                inner = inner.replace("SELECT st.id AS picked", "SELECT statements_fts.rowid AS picked", 1).replace(
                    " FROM statements st JOIN statements_fts ON statements_fts.rowid = st.id", " FROM statements_fts", 1
                )
            sql = (
                self._QUESTION_SELECT
                + (", pick.rank AS rank" if fts else "")
                + self._ANSWER_FROM
                + f" JOIN ({inner}) pick ON pick.picked = st.id"
                + (" ORDER BY pick.rank" if fts else order)
            )
        else:
            sql = select + source + where_sql + order
        with self.lock:
            rows = self.db.execute_returning_dicts(sql, params)
        return [self._decode_answer_row(r) for r in rows]

    # Best full-text matches a speaker-constrained search looks through. Filtering every match
    # by speaker let SQLite walk a prolific speaker's statements testing each against the
    # index (450 ms at 100k articles); the best matches first keep it bounded.
    SPEAKER_MATCH_POOL = 2000

    def _speaker_text_matches(
        self,
        fts: str,
        speaker_ids: list[int],
        *,
        kind: str | None,
        limit: int,
        newest: bool,
        since: str | None,
        until: str | None,
        outlet: str | None,
        article: str | int | None,
    ) -> list[Row]:
        """`answer_statements(fts=…, speaker_ids=…, limit=…)`: best (or newest) text matches, then the speakers."""
        if not speaker_ids:
            return []
        where = [f"st.speaker_id IN ({','.join('?' * len(speaker_ids))})"]
        params: list[Any] = [fts, *speaker_ids]
        scoped = self._scope_where(kind, since, until, outlet, article, where, params)
        sql = (
            "SELECT st.id, pool.rank FROM (SELECT rowid AS fid, "
            + ("-rowid AS rank" if newest else "rank")
            + " FROM statements_fts WHERE statements_fts MATCH ? ORDER BY "
            + ("rowid DESC" if newest else "rank")
            + f" LIMIT {self.SPEAKER_MATCH_POOL}) pool "
            "JOIN statements st ON st.id = pool.fid"
            + (" JOIN articles a ON a.id = st.article_id" if scoped else "")
            + " WHERE "
            + " AND ".join(where)
            + f" ORDER BY pool.rank LIMIT {int(limit)}"
        )
        with self.lock:
            ranked = self.db.execute(sql, params).fetchall()
        if not ranked:
            return []
        rank = {int(i): r for i, r in ranked}
        rows = self.answer_statements(ids=list(rank))
        for row in rows:
            row["rank"] = rank[row["id"]]
        rows.sort(key=lambda r: r["rank"])
        return rows
