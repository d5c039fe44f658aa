"""Window reads: the articles, statements and figures of a publication window (digests, ledgers, figures)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bot.store.answer_rows import AnswerRowsMixin
from bot.store.core import Row


class WindowsMixin(AnswerRowsMixin):
    """Store methods reading what a window published."""

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
        where, params = self._bounded_where(self._window_where, since, until, outlet)
        return self._articles_where(where, params, "a.published", newest)

    def window_article_count(
        self, *, since: str | None = None, until: str | None = None, outlet: str | None = None
    ) -> int:
        """How many articles were published in a window (as `window_articles` selects them)."""
        where, params = self._bounded_where(self._window_where, since, until, outlet)
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
