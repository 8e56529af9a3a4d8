"""Events, not pages: which records report the same real-world event.

One meeting is reported on the university's Chinese site, on its English site, and on the
partner's own site, where "we" are the partner and the university is named as the other
side. Those reports share their parties and their date; two different events with the
same partner in one week differ in their dates. The rules, in order:

- Reports of one event are on different sites, or in different languages.
- They share their parties: a record's parties are its partners plus the owner of its
  source ("we" on that site); two reports share at least two, or, when no owner is known,
  half of them. The university's own events (no partner) need the same named days and a
  common topic instead.
- Their dates agree: when both name the event's days, the days overlap; otherwise they
  were published within a few days of each other and a named day is not after the other
  report's publication.
- A record joins at most one report of each other site and language: the closest one.

Groups are the connected reports; a group's id is its smallest record id, so it stays the
same while its reports do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

#: Reports published this many days apart may still report one event.
PUBLISHED_DAYS = 6
#: How long before a report's publication the event it reports may have started.
EVENT_BEFORE_DAYS = 21


@dataclass(frozen=True)
class Report:
    """What linking needs of a record."""

    id: str
    source: str
    lang: str
    owner: str | None
    partners: frozenset[str]
    topics: frozenset[str]
    published: date | None
    event_date: date | None
    event_end: date | None

    @property
    def parties(self) -> frozenset[str]:
        return self.partners | {self.owner} if self.owner else self.partners

    @property
    def days(self) -> tuple[date, date] | None:
        """The event's first and last day, when the report names them."""
        if self.event_date is None:
            return None
        return self.event_date, self.event_end or self.event_date

    @property
    def anchor(self) -> date | None:
        return self.event_date or self.published

    @property
    def site(self) -> tuple[str, str]:
        """Where and in which language it was reported."""
        return self.source, self.lang


def link(reports: Iterable[Report]) -> dict[str, str]:
    """Record id -> event id, for every record reported with at least one other."""
    by_id = {r.id: r for r in reports}
    # Each report's closest counterpart on every other site and language.
    best: dict[tuple[str, tuple[str, str]], tuple[float, str]] = {}
    for a, b in _candidates(list(by_id.values())):
        closeness = _closeness(a, b)
        if closeness is None:
            continue
        for one, other in ((a, b), (b, a)):
            key = (one.id, other.site)
            if key not in best or (closeness, other.id) < best[key]:
                best[key] = (closeness, other.id)
    events = _Groups()
    for (mine, _), (_, theirs) in best.items():
        back = best.get((theirs, by_id[mine].site))
        if back is not None and back[1] == mine:  # each is the other's closest
            events.join(mine, theirs)
    return events.ids()


class _Groups:
    """Connected reports (union-find); a group is named by its smallest member."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def root(self, x: str) -> str:
        while self.parent.get(x, x) != x:
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        first, second = sorted((self.root(a), self.root(b)))
        self.parent.setdefault(first, first)
        if first != second:
            self.parent[second] = first

    def ids(self) -> dict[str, str]:
        members: dict[str, list[str]] = defaultdict(list)
        for x in self.parent:
            members[self.root(x)].append(x)
        return {m: min(group) for group in members.values() if len(group) > 1 for m in group}


def _candidates(reports: Sequence[Report]) -> Iterator[tuple[Report, Report]]:
    """Pairs sharing a party and published within a few weeks (blocked, not all pairs)."""
    by_party: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        if report.anchor is not None:
            for party in report.parties:
                by_party[party].append(report)
    seen: set[tuple[str, str]] = set()
    window = timedelta(days=EVENT_BEFORE_DAYS + PUBLISHED_DAYS)
    for members in by_party.values():
        members.sort(key=lambda r: (_day(r.anchor), r.id))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if _day(b.anchor) - _day(a.anchor) > window:
                    break
                pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if pair not in seen:
                    seen.add(pair)
                    yield a, b


def _closeness(a: Report, b: Report) -> float | None:
    """How far apart two reports of one event would be (smaller is closer); None when
    they cannot report one event."""
    if a.source == b.source and a.lang == b.lang:
        return None
    shared = a.parties & b.parties
    if not a.partners and not b.partners:
        # The university's own event (an opening ceremony) reported in both languages: the
        # same named days and a common topic must stand in for the partners.
        if not shared or not (a.days and b.days and a.topics & b.topics):
            return None
    elif a.owner or b.owner:
        if len(shared) < 2:
            return None
    elif not shared or len(shared) * 2 < len(a.parties | b.parties):
        return None
    a_days, b_days = a.days, b.days
    if a_days and b_days:
        if a_days[0] > b_days[1] or b_days[0] > a_days[1]:
            return None
        distance = 0.0
    else:
        if a.published is None or b.published is None:
            return None
        apart = abs((a.published - b.published).days)
        if apart > PUBLISHED_DAYS:
            return None
        for known, other in ((a, b), (b, a)):
            if known.event_date and other.published:
                if known.event_date > other.published + timedelta(days=1):
                    return None
                if other.published - known.event_date > timedelta(days=EVENT_BEFORE_DAYS):
                    return None
        distance = 1.0 + apart
    if a.topics and b.topics and not a.topics & b.topics:
        distance += 0.5
    return distance


def _day(value: date | None) -> date:
    """A report's anchor day (candidates always have one)."""
    assert value is not None
    return value
