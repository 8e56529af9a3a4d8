"""Plain-text rendering of a SearchResult for `kb search` in a terminal.

Snippets arrive as escaped HTML with `<mark>`; a terminal gets the text back unescaped,
matches in [brackets], and control characters from scraped text removed so a record
cannot move the cursor or change colours.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping

from kb.search.facets import FACET_NAMES
from kb.search.model import Hit, SearchResult

FACET_VALUES_SHOWN = 5
_MARK = re.compile(r"</?mark>")


def format_results(result: SearchResult, labels: Mapping[str, str]) -> str:
    """Terminal text: a summary line, numbered hits, then the top facet values.

    `labels` maps facet values (partner ids, topic ids) to names; unknown values show as is.
    """
    noun = "record" if result.total == 1 else "records"
    lines = [f"{result.total:,} {noun} ({result.took_ms:.1f} ms)"]
    for number, hit in enumerate(result.hits, start=1):
        lines.extend(_hit_lines(number, hit, labels))
    facet_lines = [_facet_line(f, result, labels) for f in FACET_NAMES if result.facets.get(f)]
    if facet_lines:
        lines += ["", *facet_lines]
    return "\n".join(lines)


def _hit_lines(number: int, hit: Hit, labels: Mapping[str, str]) -> list[str]:
    lines = ["", f"{number:>3}. {_clean(hit.title) or '(untitled)'}"]
    meta = [hit.published or "undated", hit.lang, hit.source]
    lines.append("     " + " · ".join(_clean(part) for part in meta if part))
    if hit.partners:
        names = ", ".join(
            _clean(labels.get(p["id"]) or p.get("name") or p["id"]) for p in hit.partners
        )
        lines.append(f"     partners: {names}")
    if hit.topics:
        lines.append("     topics: " + ", ".join(_clean(labels.get(t, t)) for t in hit.topics))
    if hit.snippet:
        lines.append("     " + _snippet_text(hit.snippet))
    lines.append(f"     {_clean(hit.url)}")
    return lines


def _facet_line(facet: str, result: SearchResult, labels: Mapping[str, str]) -> str:
    values = result.facets[facet]
    shown = [v for v in values if v.selected] + [v for v in values if not v.selected]
    parts = [
        f"{'*' if v.selected else ''}{_clean(labels.get(v.value, v.value))} ({v.count:,})"
        for v in shown[:FACET_VALUES_SHOWN]
    ]
    more = len(values) - FACET_VALUES_SHOWN
    return f"{facet}: " + ", ".join(parts) + (f", … {more} more" if more > 0 else "")


def _snippet_text(snippet: str) -> str:
    """`<mark>x</mark>` becomes [x]; entities are unescaped after the marks are replaced."""
    text = _MARK.sub(lambda m: "]" if m.group(0) == "</mark>" else "[", snippet)
    return _clean(html.unescape(text))


def _clean(text: str) -> str:
    """No control characters (escape sequences) and no line breaks inside one field."""
    return "".join(
        " " if unicodedata.category(c)[0] == "C" or c in "\u2028\u2029" else c for c in text
    ).strip()
