"""Figures and framing in answers: distancing words, and the same figure compared across outlets."""

from __future__ import annotations

import re
from typing import Any

from bot.answers.lexicon import DISTANCING_MARKERS
from bot.answers.text import normalise, stems
from bot.store import Row

# ---------------------------------------------------------------- framing and figures


_DISTANCING_PATTERNS = tuple((m, re.compile(r"(?<!\w)" + re.escape(m) + r"(?!\w)")) for m in DISTANCING_MARKERS)


def distancing(row: Row) -> list[str]:
    """Distancing words in the sentence that reports a claim ('supposedly', 'claimed')."""
    evidence = normalise(row.get("evidence") or "")
    found = [m for m, pattern in _DISTANCING_PATTERNS if m in evidence and pattern.search(evidence)]
    quoted_word = re.findall(r"(?<![\w])'([a-z][a-z-]{2,})'(?![\w])", evidence)
    if quoted_word and not row.get("direct"):
        found += [f"'{w}'" for w in quoted_word[:2]]
    return found


def framing_note(claims: list[Row]) -> str | None:
    """A sentence when one outlet distances itself from a claim that another reports flatly."""
    distanced: dict[str, list[str]] = {}
    flat: dict[str, None] = {}
    for row in claims:
        markers = distancing(row)
        for outlet in row.get("outlets") or []:
            if markers:
                distanced.setdefault(outlet, [])
                distanced[outlet] += [m for m in markers if m not in distanced[outlet]]
            else:
                flat.setdefault(outlet, None)
    flat_only = [o for o in flat if o not in distanced]
    if not distanced or not flat_only:
        return None
    parts = [f"{outlet} writes {', '.join(f'“{m}”' for m in markers[:3])}" for outlet, markers in distanced.items()]
    return (
        f"Outlets frame this claim differently: {'; '.join(parts)}, "
        f"while {', '.join(flat_only)} report{'s' if len(flat_only) == 1 else ''} it flatly."
    )


def figure_groups(rows: list[Row]) -> list[dict[str, Any]]:
    """Figures that count the same thing, each group as {figures, conflict}.

    Uses the figures module's `compare_figures` when it exists; otherwise groups
    by unit and shared context words, and flags a conflict when some value lies
    outside another's interval both ways.
    """
    try:
        from bot.nlp import figures as figures_module

        compare = getattr(figures_module, "compare_figures", None)
        if compare is not None:
            groups = [_normalise_figure_group(g) for g in compare(rows)]
            grouped = {id(f) for g in groups for f in g["figures"]}
            # Figures no other article repeats still answer a question on their own.
            singles = [{"unit": r.get("unit"), "figures": [r], "conflict": False} for r in rows if id(r) not in grouped]
            return groups + singles
    except Exception:  # an upstream change must not break answers; fall back
        pass
    return _compare_figures_fallback(rows)


def _normalise_figure_group(group: Any) -> dict[str, Any]:
    """Accept a dict or an object with figure rows and a conflict flag."""
    if isinstance(group, dict):
        members = group.get("figures") or group.get("rows") or group.get("members") or group.get("values") or []
        conflict = bool(group.get("conflict", group.get("conflicting", False)))
        return {**group, "figures": list(members), "conflict": conflict}
    members = getattr(group, "figures", None) or getattr(group, "rows", None) or getattr(group, "members", [])
    return {
        "figures": list(members),
        "conflict": bool(getattr(group, "conflict", False)),
        "unit": getattr(group, "unit", None),
    }


def _compare_figures_fallback(rows: list[Row]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for row in rows:
        context = set(row.get("lemmas") or []) or stems(row.get("sentence") or "")
        for group in groups:
            if group["unit"] == row.get("unit") and len(context & group["context"]) >= 2:
                group["figures"].append(row)
                group["context"] |= context
                break
        else:
            groups.append({"unit": row.get("unit"), "figures": [row], "context": set(context)})
    out = []
    for group in groups:
        members = group["figures"]
        conflict = any(
            not (b["low"] <= a["value"] <= b["high"]) and not (a["low"] <= b["value"] <= a["high"])
            for i, a in enumerate(members)
            for b in members[i + 1 :]
            if a.get("value") is not None and b.get("value") is not None
        )
        out.append({"unit": group["unit"], "figures": members, "conflict": conflict})
    return out


def figure_values(group: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Each distinct wording of a figure group with the outlets that print it."""
    by_text: dict[str, list[str]] = {}
    for fig in group["figures"]:
        text = (fig.get("text") or "").strip()
        outlets = by_text.setdefault(text, [])
        for outlet in fig.get("outlets") or ([fig["outlet"]] if fig.get("outlet") else []):
            if outlet not in outlets:
                outlets.append(outlet)
    return list(by_text.items())


def figure_sentence(group: dict[str, Any]) -> str:
    """'Outlets differ: “almost six hours” (The Week) vs “about five hours” (UPI).'"""
    values = figure_values(group)
    listed = [f"“{text}” ({', '.join(outlets) or 'outlet unknown'})" for text, outlets in values]
    if group.get("conflict"):
        return f"Outlets give different figures: {' vs '.join(listed)}."
    if len(listed) == 1:
        return f"Reported: {listed[0]}."
    return f"Outlets agree: {'; '.join(listed)}."


def export_figure(fig: Row, conflict: bool) -> dict[str, Any]:
    """A figure in the `--json` form of an answer."""
    keys = ("id", "article", "outlet", "text", "value", "unit", "qualifier", "low", "high", "sentence")
    return {**{k: fig.get(k) for k in keys}, "conflict": conflict}
