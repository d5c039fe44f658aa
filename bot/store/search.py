"""Search: the statement, speaker and figure queries behind questions and ledgers."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

from bot.store.core import Row, StoreCore, decode_speaker, name_list


class SearchMixin(StoreCore):
    """Store methods answering questions and ledgers."""

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

    @staticmethod
    def _window_where(since: str | None, until: str | None, where: list[str], params: list[Any]) -> None:
        """Add a publication window; an article dated by day only counts for that whole day."""
        if since:
            # The first bound implies nothing more than the second but lets SQLite use the index on published.
            where.append(
                "a.published >= substr(?, 1, 10) AND "
                "(a.published >= ? OR (length(a.published) = 10 AND a.published >= substr(?, 1, 10)))"
            )
            params += [since, since, since]
        if until:
            where.append("a.published < ?")
            params.append(until)

    @staticmethod
    def _article_where(article: str | int | None, where: list[str], params: list[Any]) -> None:
        if article is None:
            return
        if isinstance(article, int) or str(article).isdigit():
            where.append("a.id = ?")
            params.append(int(article))
        else:
            where.append("(a.name = ? OR a.source = ? OR a.url = ?)")
            params += [str(article)] * 3

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

    def speaker_vectors(
        self,
        speaker_ids: Iterable[int],
        *,
        kind: str | None = None,
        limit: int,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        article: str | int | None = None,
    ) -> list[tuple[int, bytes]]:
        """(statement id, vector bytes) of the speakers' newest `limit` statements within a scope.

        Reads the index and the vectors only, so a question can compare a speaker's
        statements by meaning before reading the few full rows it needs.
        """
        id_list = list(speaker_ids)
        if not id_list:
            return []
        where = [f"st.speaker_id IN ({','.join('?' * len(id_list))})"]
        params: list[Any] = list(id_list)
        scoped = self._scope_where(kind, since, until, outlet, article, where, params)
        sql = (
            "SELECT v.statement_id, v.vector FROM ("
            "SELECT st.id AS picked FROM statements st"
            + (" JOIN articles a ON a.id = st.article_id" if scoped else "")
            + " WHERE "
            + " AND ".join(where)
            + f" ORDER BY st.article_id DESC, st.position LIMIT {int(limit)}"
            + ") pick JOIN statement_vectors v ON v.statement_id = pick.picked"
        )
        with self.lock:
            rows = self.db.execute(sql, params).fetchall()
        return [(int(i), bytes(v)) for i, v in rows]

    def statement_match_count(self, fts: str, cap: int = 10_000) -> int:
        """How many statements match an escaped FTS5 query, counted up to `cap` (for term weights).

        Counts are kept (bounded) while the statement count stays the same: a
        common word costs a millisecond or more to count and recurs across questions.
        """
        total = self.statement_count()
        # Created on first use so the cache lives with this connection's store only.
        cache: dict[tuple[str, int], tuple[int, int]] = self.__dict__.setdefault("_match_counts", {})
        cached = cache.get((fts, cap))
        if cached is not None and cached[0] == total:
            return cached[1]
        with self.lock:
            count = self.db.execute(
                "SELECT count(*) FROM (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?)",
                [fts, cap],
            ).fetchone()[0]
        cache[(fts, cap)] = (total, count)
        if len(cache) > 4096:
            del cache[next(iter(cache))]  # the oldest entry
        return count

    def speaker_count(self) -> int:
        """How many speakers the store knows (cheap; answers cache their directory on it)."""
        with self.lock:
            return self.db.execute("SELECT max(id) FROM speakers").fetchone()[0] or 0

    def speakers_with_words(
        self, words: Iterable[str], *, names_only: bool = False, limit: int = 50, exact_names: Iterable[str] = ()
    ) -> list[Row]:
        """Speakers whose name, aliases or roles (`names_only`: name or aliases) hold any of `words` (FTS5).

        All of them when at most `limit` match; otherwise (a common surname or
        office can match thousands of speakers in a large archive) `limit` picked
        best first: a speaker named exactly one of `exact_names`, then those
        holding every word in their names, every word anywhere, any word in
        their names, any word anywhere. Rows carry decoded roles and aliases
        and come in id order.
        """
        quoted = sorted({'"' + w.replace('"', "") + '"' for w in words if w and w.replace('"', "").strip()})
        if not quoted:
            return []
        columns = "{name aliases} : " if names_only else ""
        query = columns + "(" + " OR ".join(quoted) + ")"
        with self.lock:
            picked = [
                r[0]
                for r in self.db.execute(
                    "SELECT rowid FROM speakers_fts WHERE speakers_fts MATCH ? LIMIT ?", [query, int(limit) + 1]
                )
            ]
            if len(picked) > limit:
                picked = self._ranked_speaker_ids(quoted, columns, exact_names, int(limit))
            rows = (
                self.db.execute_returning_dicts(
                    f"SELECT id, name, type, roles, aliases FROM speakers WHERE id IN ({','.join('?' * len(picked))}) "
                    "ORDER BY id",
                    picked,
                )
                if picked
                else []
            )
        return [decode_speaker(row) for row in rows]

    def _ranked_speaker_ids(self, quoted: list[str], columns: str, exact_names: Iterable[str], limit: int) -> list[int]:
        """Up to `limit` speaker ids for words matching too many speakers to rank all (caller holds the lock).

        Each pass reads the index in rowid order and stops at the limit, so the
        cost does not grow with how many speakers share a common word (BM25 over
        every match did).
        """
        picked: dict[int, None] = {}
        names = [n for n in dict.fromkeys(exact_names) if n]
        if names:
            for (speaker_id,) in self.db.execute(
                f"SELECT id FROM speakers WHERE name IN ({','.join('?' * len(names))}) LIMIT ?", [*names, limit]
            ):
                picked[speaker_id] = None
        passes = ["{name aliases} : (" + " AND ".join(quoted) + ")", columns + "(" + " AND ".join(quoted) + ")"]
        if len(quoted) > 1:
            passes += ["{name aliases} : (" + " OR ".join(quoted) + ")", columns + "(" + " OR ".join(quoted) + ")"]
        if columns:
            passes = [q for q in passes if q.startswith(columns)]
        for query in dict.fromkeys(passes):
            if len(picked) >= limit:
                break
            for (speaker_id,) in self.db.execute(
                "SELECT rowid FROM speakers_fts WHERE speakers_fts MATCH ? ORDER BY rowid LIMIT ?",
                [query, limit + len(picked)],
            ):
                if len(picked) >= limit:
                    break
                picked.setdefault(speaker_id, None)
        return list(picked)

    def speaker_directory(self) -> list[Row]:
        """Every speaker with decoded roles and aliases (no counts: cheap on big stores)."""
        with self.lock:
            rows = self.db.execute_returning_dicts("SELECT id, name, type, roles, aliases FROM speakers")
        return [decode_speaker(row) for row in rows]

    def window_articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        newest: int | None = None,
    ) -> list[Row]:
        """Articles published in a window (no text), oldest first, with every outlet that carried them.

        `newest` keeps only that many of the latest (by publication, then id).
        """
        where: list[str] = []
        params: list[Any] = []
        self._window_where(since, until, where, params)
        self._outlet_where(outlet, where, params)
        return self._articles_where(where, params, "a.published", newest)

    def window_article_count(
        self, *, since: str | None = None, until: str | None = None, outlet: str | None = None
    ) -> int:
        """How many articles were published in a window (as `window_articles` selects them)."""
        where: list[str] = []
        params: list[Any] = []
        self._window_where(since, until, where, params)
        self._outlet_where(outlet, where, params)
        return self._article_count_where(where, params)

    def window_statements(self, article_ids: Iterable[int]) -> list[Row]:
        """Every statement of the given articles, as `answer_statements` returns them."""
        id_list = list(article_ids)
        if not id_list:
            return []
        rows: list[Row] = []
        # Chunked so a large window never exceeds SQLite's bound-parameter limit.
        for begin in range(0, len(id_list), 500):
            chunk = id_list[begin : begin + 500]
            sql = (
                self._ANSWER_SELECT
                + self._ANSWER_FROM
                + f" WHERE st.article_id IN ({','.join('?' * len(chunk))}) ORDER BY a.id, st.position"
            )
            with self.lock:
                rows += self.db.execute_returning_dicts(sql, chunk)
        return [self._decode_answer_row(r) for r in rows]

    # Figure matches ranked by BM25 at most; above this the newest matches are read.
    FIGURE_RANK_CAP = 2000

    def answer_figures(
        self,
        *,
        article_ids: Iterable[int] | None = None,
        units: Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        article: str | int | None = None,
        fts: str | None = None,
        newest_matches: bool = False,
        limit: int = 2000,
    ) -> list[Row]:
        """Figures with article name, date and outlet, narrowed like answers are.

        `fts` (an escaped FTS5 query over the figure's sentence and context
        lemmas) keeps only matching figures, best BM25 match first (with
        `newest_matches`, or when more than FIGURE_RANK_CAP figures match: the
        newest matches, since ranking every match of a common word takes as
        long as the store is big).
        """
        where: list[str] = []
        params: list[Any] = []
        source = "figures f"
        if fts and not newest_matches:
            with self.lock:
                matched = self.db.execute(
                    "SELECT count(*) FROM (SELECT rowid FROM figures_fts WHERE figures_fts MATCH ? LIMIT ?)",
                    [fts, self.FIGURE_RANK_CAP + 1],
                ).fetchone()[0]
            newest_matches = matched > self.FIGURE_RANK_CAP
        if fts:
            source = "figures_fts JOIN figures f ON f.id = figures_fts.rowid"
            where.append("figures_fts MATCH ?")
            params.append(fts)
        for column, values in (("f.article_id", article_ids), ("f.unit", units)):
            if values is not None:
                value_list = list(values)
                if not value_list:
                    return []
                where.append(f"{column} IN ({','.join('?' * len(value_list))})")
                params += value_list
        self._window_where(since, until, where, params)
        self._outlet_where(outlet, where, params)
        self._article_where(article, where, params)
        sql = (
            f"SELECT f.*, a.name AS article, a.published, o.name AS outlet FROM {source} "
            "JOIN articles a ON a.id = f.article_id LEFT JOIN outlets o ON o.id = a.outlet_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        # With a text query the best matches are kept; either way rows come in article order.
        if fts:
            sql += " ORDER BY figures_fts.rowid DESC" if newest_matches else " ORDER BY figures_fts.rank"
        else:
            sql += " ORDER BY a.id, f.start"
        sql += f" LIMIT {int(limit)}"
        with self.lock:
            rows = self.db.execute_returning_dicts(sql, params)
        if fts:
            rows.sort(key=lambda r: (r["article_id"], r["start"] if r["start"] is not None else -1))
        for row in rows:
            row["lemmas"] = json.loads(row["lemmas"] or "[]")
        return rows
