"""Graceful matching: what to show when not every need of a query can be met.

All needs first. When that leaves fewer than RELAX_TARGET records (after the filters),
the least informative need is dropped, then the next, and the records each step adds come
after the full matches, tier by tier (Elasticsearch's `minimum_should_match`, Algolia's
`removeWordsIfNoResults`). Least informative: plain words, and anything no record meets
("memorandum 2030": the year), before words the lexicon knows (a concept, a year), which
carry what a question is about ("what came of the Moscow State visit"), and a partner
last: everything done with a partner is what staff look for ("what did we agree with BTBU
about training"). Among each, the need most records meet first. The search says which
words it left out. When the words meet nothing at all but the filters do, the filters'
records are shown, newest first, with every word left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.search.matching import Need, Plan

#: Fewer full matches than this and the query is relaxed.
RELAX_TARGET = 10


@dataclass
class Tiers:
    """The sets a query matches, best first, and the words left out to reach the last."""

    sets: list[int] = field(default_factory=list)
    relaxed: list[str] = field(default_factory=list)
    filters_only: bool = False

    @property
    def union(self) -> int:
        found = 0
        for tier in self.sets:
            found |= tier
        return found


def tiers(plan: Plan, base: int, selected: int, filtered: bool) -> Tiers:
    """The tiers of `plan` within `base` (the live records in the date range, without the
    query's exclusions); `selected` is what the facet filters allow, `filtered` whether
    any filter (facets or dates) is set.
    """
    allowed = base & ~plan.excluded
    if not plan.needs:
        return Tiers([allowed])
    full = allowed
    for need in plan.needs:
        full &= need.docs
    found = Tiers([full])
    seen = full
    if (full & selected).bit_count() < RELAX_TARGET and len(plan.needs) > 1:
        order = sorted(
            range(len(plan.needs)),
            key=lambda i: (*_standing(plan.needs[i]), i),
        )
        for dropped in range(1, len(plan.needs)):
            kept = [plan.needs[i] for i in sorted(order[dropped:])]
            tier = allowed
            for need in kept:
                tier &= need.docs
            tier &= ~seen
            if tier:
                found.sets.append(tier)
                found.relaxed = [plan.needs[i].label for i in order[:dropped]]
                seen |= tier
            if (seen & selected).bit_count() >= RELAX_TARGET:
                break
    if not seen & selected and filtered and allowed & selected:
        return Tiers([allowed], [need.label for need in plan.needs], filters_only=True)
    return found


def _standing(need: Need) -> tuple[bool, bool, int]:
    """Sorts needs in the order relaxing leaves them out (see the module's docstring):
    what the lexicon knows, then partners, last; among each, the most common first. A need
    no record meets counts as a plain word."""
    met = bool(need.docs)
    return met and need.known, met and need.partner, -need.docs.bit_count()
