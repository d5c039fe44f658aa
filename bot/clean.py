"""PLACEHOLDER (to be replaced by the cleaning work): passes text through."""

from __future__ import annotations

from bot.models import ArticleInput, CleanArticle


class CleanError(ValueError):
    """The input holds no usable article text."""


def clean_article(article: ArticleInput) -> CleanArticle:
    """Return the article's text with page furniture removed."""
    paras = [p.strip() for p in article.raw.splitlines() if p.strip()]
    return CleanArticle(title=paras[0] if paras else None, text="\n\n".join(paras))
