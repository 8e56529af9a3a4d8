"""Reading search parameters from a query string, for the JSON API, the HTML pages and the
command line alike.

One parser means a URL copied from the browser's address bar asks the API exactly the same
question as `kb search`, and a bad value gets the same 400 (or exit 2) everywhere. Empty
values count as absent because an HTML form submits its empty fields (`from=&to=`).
Unknown parameters are ignored. Facet parameters come from the facet registry.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol, overload

from kb.core.text import ID_PATTERN, MAX_QUERY_CHARS
from kb.search.facets import FACET_NAMES, FACETS
from kb.search.model import GROUPS, MAX_PER_PAGE, SORTS, Filters, Group, SearchRequest, Sort

PARTNER_SORTS: tuple[str, ...] = ("count", "name", "country", "last")
FORMATS: tuple[str, ...] = ("json", "csv")
#: Facet values are ids (ASCII, at most 64 characters) and at most 10 per facet: with `q`
#: at its longest in Chinese (500 characters, 4,500 bytes percent-encoded), every request
#: the API documents stays under the HTTP server's request-line limit (see kb.web.server).
MAX_VALUE_CHARS = 64
MAX_VALUES = 10
#: The longest query string the app reads (bytes); the HTTP server refuses request lines
#: over 8,190 bytes before the app sees them (kb.web.server).
MAX_QUERY_BYTES = 8000
#: Facets with a filter box: `<facet>_q` narrows the values listed to matching labels.
FILTERABLE: tuple[str, ...] = tuple(f.name for f in FACETS if f.filterable)
#: What one facet value may be (a regular expression, matched whole): ids for most facets.
VALUE_PATTERNS: dict[str, str] = {
    **{facet: ID_PATTERN for facet in FACET_NAMES},
    "year": "[0-9]{4}",
    "lang": "[a-z]{2,8}",
}
_VALUE_RULES = {facet: re.compile(pattern) for facet, pattern in VALUE_PATTERNS.items()}
PAGE_SIZES: tuple[int, ...] = (10, 20, 50, 100)
MAX_PAGE = 1000
DEFAULT_PER_PAGE = 20
FACET_SIZE = 50  # values per facet in a search response and the sidebar

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_INT = re.compile(r"[0-9]{1,9}")


class QueryArgs(Protocol):
    """A query string's values by name (werkzeug's MultiDict, or any look-alike)."""

    @overload
    def get(self, key: str) -> str | None: ...

    @overload
    def get(self, key: str, default: str) -> str: ...

    def getlist(self, key: str) -> list[str]: ...


class ArgList:
    """Query arguments as (name, value) pairs, for callers without a web request (the CLI)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.pairs = list(pairs)

    @overload
    def get(self, key: str) -> str | None: ...

    @overload
    def get(self, key: str, default: str) -> str: ...

    def get(self, key: str, default: str | None = None) -> str | None:
        return next((value for name, value in self.pairs if name == key), default)

    def getlist(self, key: str) -> list[str]:
        return [value for name, value in self.pairs if name == key]


class BadParam(ValueError):
    """A parameter value the API cannot use; becomes a 400 naming the parameter."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True)
class SearchParams:
    """A validated search as it appears in URLs.

    Dates keep the reader's spelling (`2021`, `2021-07`) so links and form fields show what
    was typed; `date_from`/`date_to` hold the resolved inclusive bounds. `more` lists the
    facets whose full list the HTML sidebar shows; the API ignores it.
    """

    q: str = ""
    filters: Filters = field(default_factory=Filters)
    from_text: str = ""
    to_text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: Sort = "relevance"
    group: Group | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    more: tuple[str, ...] = ()
    #: What staff typed in a facet's filter box: (facet, text) pairs.
    finds: tuple[tuple[str, str], ...] = ()

    def find(self, facet: str) -> str:
        """The text typed in a facet's filter box ("" when none)."""
        return next((text for name, text in self.finds if name == facet), "")

    def request(
        self,
        *,
        snippets: bool = True,
        facet_values: tuple[tuple[str, frozenset[str]], ...] = (),
    ) -> SearchRequest:
        """The engine's question for this page of results; `facet_values` limits what some
        facets list (the matches of their filter boxes)."""
        return SearchRequest(
            q=self.q,
            filters=self.filters,
            date_from=self.date_from,
            date_to=self.date_to,
            sort=self.sort,
            group=self.group,
            page=self.page,
            per_page=self.per_page,
            snippets=snippets,
            facet_limit=FACET_SIZE,
            facet_values=facet_values,
        )

    def echo(self) -> dict[str, Any]:
        """The `query` object of an API response: what was understood, dates resolved."""
        return {
            "q": self.q,
            **{facet: list(self.selected(facet)) for facet in FACET_NAMES},
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "sort": self.sort,
            "group": self.group,
            "page": self.page,
            "per_page": self.per_page,
        }

    def args(self, **changes: Any) -> dict[str, Any]:
        """URL arguments for this search with `changes` applied; defaults are left out.

        Any change other than the page itself goes back to page 1, since the old page number
        means nothing in a different result set.
        """
        params = replace(self, **changes)
        if "page" not in changes and changes:
            params = replace(params, page=1)
        values: dict[str, Any] = {
            "q": params.q,
            **{facet: list(params.selected(facet)) for facet in FACET_NAMES},
            "from": params.from_text,
            "to": params.to_text,
            "sort": "" if params.sort == "relevance" else params.sort,
            "group": params.group or "",
            "page": "" if params.page == 1 else str(params.page),
            "per_page": "" if params.per_page == DEFAULT_PER_PAGE else str(params.per_page),
            "more": list(params.more),
            **{f"{facet}_q": text for facet, text in params.finds},
        }
        return {key: value for key, value in values.items() if value}

    def selected(self, facet: str) -> tuple[str, ...]:
        """The values chosen for a facet."""
        return self.filters.get(facet, ())

    def toggled(self, facet: str, value: str) -> dict[str, Any]:
        """URL arguments with `value` added to or removed from a facet's selection."""
        chosen = self.selected(facet)
        values = tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)
        return self.args(filters=Filters({**self.filters, facet: values}))

    def more_args(self, facet: str, show: bool) -> dict[str, Any]:
        """URL arguments showing (or folding back) a facet's full list, on the same page."""
        more = (*self.more, facet) if show else tuple(f for f in self.more if f != facet)
        return self.args(more=more, page=self.page)

    def without_dates(self) -> dict[str, Any]:
        """URL arguments with the date range removed."""
        return self.args(from_text="", to_text="", date_from=None, date_to=None)


def parse_search(args: QueryArgs) -> SearchParams:
    """Validate a query string into SearchParams; raises BadParam on the first bad value.

    Free text is trimmed; empty facet values and dates count as absent (an empty form field);
    `sort`, `page` and `per_page`, when present, must be exactly valid.
    """
    if len(args.get("q", "")) > MAX_QUERY_CHARS:
        raise BadParam("q", f"q is too long (at most {MAX_QUERY_CHARS} characters)")
    from_text, to_text = args.get("from", ""), args.get("to", "")
    date_from = parse_date(from_text, "from") if from_text else None
    date_to = parse_date(to_text, "to", end=True) if to_text else None
    if date_from and date_to and date_to < date_from:
        raise BadParam("to", f"to ({to_text}) is before from ({from_text})")
    return SearchParams(
        q=args.get("q", "").strip(),
        filters=Filters({facet: id_values(args, facet) for facet in FACET_NAMES}),
        from_text=from_text,
        to_text=to_text,
        date_from=date_from,
        date_to=date_to,
        sort=_sort(args),
        group=_group(args),
        page=parse_int(args, "page", 1, 1, MAX_PAGE),
        per_page=parse_int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        more=tuple(f for f in dict.fromkeys(args.getlist("more")) if f in FACET_NAMES),
        finds=tuple(
            (facet, text[:MAX_VALUE_CHARS])
            for facet in FILTERABLE
            if (text := args.get(f"{facet}_q", "").strip())
        ),
    )


def parse_partner_sort(args: QueryArgs) -> str:
    """The order of the partner list: by record count (default), name or country."""
    return _choice(args, "sort", PARTNER_SORTS)


def parse_format(args: QueryArgs) -> str:
    """`json` (default) or `csv`, the whole result set as a download."""
    return _choice(args, "format", FORMATS)


def parse_date(text: str, param: str, *, end: bool = False) -> date:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first day of that span, or the last if `end`."""
    match = _DATE.fullmatch(text)
    if not match:
        raise BadParam(param, f"{param} must be YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        if day is not None:
            return date(int(year), int(month), int(day))
        if month is not None:
            last = calendar.monthrange(int(year), int(month))[1] if end else 1
            return date(int(year), int(month), last)
        return date(int(year), 12, 31) if end else date(int(year), 1, 1)
    except ValueError:
        raise BadParam(param, f"{param} is not a valid date: {text}") from None


def parse_int(args: QueryArgs, param: str, default: int, low: int, high: int) -> int:
    """A bounded positive integer parameter, digits only (no signs, spaces or other scripts)."""
    text = args.get(param)
    if text is None:
        return default
    if not _INT.fullmatch(text) or not low <= int(text) <= high:
        raise BadParam(param, f"{param} must be an integer from {low} to {high}")
    return int(text)


def _sort(args: QueryArgs) -> Sort:
    """The result order; relevance when absent."""
    value = args.get("sort", SORTS[0])
    for sort in SORTS:
        if value == sort:
            return sort
    raise BadParam("sort", f"sort must be one of {', '.join(SORTS)}")


def _group(args: QueryArgs) -> Group | None:
    """How results are grouped: one per event, or not at all (absent or empty)."""
    value = args.get("group", "")
    if not value:
        return None
    for group in GROUPS:
        if value == group:
            return group
    raise BadParam("group", f"group must be one of {', '.join(GROUPS)}")


def _choice(args: QueryArgs, param: str, choices: tuple[str, ...]) -> str:
    """One of `choices`; the first is the default when the parameter is absent."""
    value = args.get(param, choices[0])
    if value not in choices:
        raise BadParam(param, f"{param} must be one of {', '.join(choices)}")
    return value


def id_values(args: QueryArgs, param: str) -> tuple[str, ...]:
    """A repeatable facet parameter: at most MAX_VALUES well-formed values, in order, once
    each; empty values count as absent."""
    raw = args.getlist(param)
    if len(raw) > MAX_VALUES:
        raise BadParam(param, f"at most {MAX_VALUES} values of {param}")
    if any(len(value) > MAX_VALUE_CHARS for value in raw):
        raise BadParam(param, f"a {param} value is longer than {MAX_VALUE_CHARS} characters")
    rule = _VALUE_RULES[param]
    if bad := next((value for value in raw if value and not rule.fullmatch(value)), None):
        raise BadParam(param, f"{param} value {bad!r} is not well-formed ({rule.pattern})")
    return tuple(dict.fromkeys(value for value in raw if value))
