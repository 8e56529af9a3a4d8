"""Graceful matching: what to show when not every need of a query can be met.

All needs first. When that leaves fewer than RELAX_TARGET records (after the filters),
records meeting fewer of the needs follow the full matches, tier by tier: first those
meeting the weightiest combination of needs, then the next (Elasticsearch's
`minimum_should_match` with boosts, Lucene's coordination factor). A need weighs what
staff mean by it: a partner (or a country's partners) more than all the others together
(everything done with a partner is what they look for: "what have we done with Warwick
since the 2018 visit"), then a year (when the question is asked of: "which foreign
universities did we sign agreements with in 2023"), then a concept the lexicon knows,
which carries what a question is about ("what came of the Moscow State visit"), and a
plain word least; a need no record meets ("memorandum 2030": the year) weighs nothing.
A partner need is met, for this, only by the partner's records (tagged with it, or of
its own site): a record that holds its name among other words may name it in passing (a
speaker's alma mater), and ranks with the records that lack it ("Monash University
delegation visit": Monash's other records before another university's delegation led by
a Monash graduate). Among combinations of one weight, more needs first, then rarer ones.
Dropping needs one at a time in a fixed order, the most common first, left the year and
the professors out of "2019年来我校讲课的外国教授" before the word "foreign"; weighing the
combinations keeps the professors of 2019 first. The search says which words its last
tiers leave out. When the words meet nothing at all but the filters do, the filters'
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
    several = len(plan.needs) > 1
    full = allowed
    for need in plan.needs:
        full &= need.firm if several else need.docs
    found = Tiers([full])
    seen = full
    if (full & selected).bit_count() < RELAX_TARGET and several:
        meeting = _Meeting(plan.needs, allowed)
        left_out: set[int] = set()
        for combination in _by_weight(plan.needs):
            tier = meeting.docs(combination) & ~seen
            if tier:
                found.sets.append(tier)
                left_out.update(set(range(len(plan.needs))) - set(combination))
                seen |= tier
                if (seen & selected).bit_count() >= RELAX_TARGET:
                    break
        found.relaxed = [need.label for i, need in enumerate(plan.needs) if i in left_out]
    if not seen & selected and filtered and allowed & selected:
        return Tiers([allowed], [need.label for need in plan.needs], filters_only=True)
    return found


#: At most this many needs are combined when relaxing (2^n combinations); the others,
#: the least weighty, are left out of every relaxed tier.
MAX_COMBINED = 10


def _by_weight(needs: list[Need]) -> list[tuple[int, ...]]:
    """The combinations of needs a relaxed tier may meet, as sorted tuples of indexes,
    weightiest first; among equals, more needs first, then rarer ones. Not the whole
    query (the full matches), and only needs some record meets."""
    weights = [_weight(need) for need in needs]
    counts = [need.firm.bit_count() for need in needs]
    counted = sorted(
        (i for i, w in enumerate(weights) if w), key=lambda i: (-weights[i], counts[i])
    )
    counted = sorted(counted[:MAX_COMBINED])
    combinations = [
        tuple(i for bit, i in enumerate(counted) if mask >> bit & 1)
        for mask in range(1, 1 << len(counted))
    ]
    combinations.sort(
        key=lambda c: (-sum(weights[i] for i in c), -len(c), sum(counts[i] for i in c), c)
    )
    return [c for c in combinations if len(c) < len(needs)]


class _Meeting:
    """The records meeting each combination of needs, each one intersection away from
    its prefix's (memoised: relaxing tries combinations in weight order, not prefix
    order)."""

    def __init__(self, needs: list[Need], allowed: int) -> None:
        self._needs = needs
        self._docs: dict[tuple[int, ...], int] = {(): allowed}

    def docs(self, combination: tuple[int, ...]) -> int:
        found = self._docs.get(combination)
        if found is None:
            found = self.docs(combination[:-1]) & self._needs[combination[-1]].firm
            self._docs[combination] = found
        return found


#: A partner outweighs every combination of needs without one.
PARTNER_WEIGHT = 3 * MAX_COMBINED + 1


def _weight(need: Need) -> int:
    """What meeting a need is worth when not every need can be met (see the module's
    docstring): a partner (or a country's partners) most, then a year or a span of years,
    a concept the lexicon knows, a plain word least, and a need no record meets nothing."""
    if not need.firm:
        return 0
    if need.partner:
        return PARTNER_WEIGHT
    if need.dated:
        return 3
    return 2 if need.known else 1
