"""The agreement register: the signings every report states, as one entry per agreement.

A signing is reported on the university's Chinese site, on its English site and on the
partner's own site, where "we" are the partner and the university is the counterpart. The
register speaks for the home institution (the publisher of most sources), so a statement's
parties are its partners plus its publisher, less the home institution. Statements are one
agreement when they share a kind and a partner and were signed within a few days of each
other (reports disagree on the day by a day or two: 签约 on the 18th, published "yesterday").

A statement on another institution's site in which the home institution is no party (the
partner's own agreement with a third) is not the home institution's agreement. A report
that names the document only as "an agreement" joins a report of the same signing that
names its kind.

A renewal renews the latest earlier agreement with the same partner (of the same kind when
there is one). Everything here is recomputed by `kb index` from the stored statements.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from kb.core.agreements import Agreement, Signing
from kb.core.days import parse_day, term_end

#: Statements of one agreement may name days this far apart.
SAME_SIGNING_DAYS = 3
#: A renewal follows the agreement it renews by at least this long.
RENEWAL_GAP_DAYS = 180


@dataclass(frozen=True)
class Statement:
    """One report's statement of a signing, and what the register needs of the report."""

    record_id: str
    owner: str | None
    signing: Signing
    published: str | None
    fetched_at: str | None


def build_register(statements: Iterable[Statement], *, home: str | None) -> list[Agreement]:
    """Group the statements into agreements and link renewals; ordered by day signed."""
    groups: list[list[tuple[frozenset[str], Statement]]] = []
    ordered = sorted(
        statements, key=lambda s: (s.signing.vague, s.signing.signed or "", s.record_id)
    )
    for statement in ordered:
        signing = statement.signing
        if home and statement.owner not in (None, home) and home not in signing.partners:
            continue  # the partner's agreement with someone else
        parties = frozenset(signing.partners) | ({statement.owner} if statement.owner else set())
        parties -= {home} if home else set()
        if not parties:
            continue
        group = next((g for g in groups if _same(g, parties, statement)), None)
        if group is None:
            groups.append([(parties, statement)])
        else:
            group.append((parties, statement))
    agreements = [_agreement(group) for group in groups]
    return _linked(sorted(agreements, key=lambda a: (a.signed or "", a.id)))


def _same(
    group: Sequence[tuple[frozenset[str], Statement]], parties: frozenset[str], new: Statement
) -> bool:
    first_parties, first = group[0]
    same_kind = first.signing.kind == new.signing.kind or new.signing.vague
    if not same_kind or not first_parties & parties:
        return False
    return _days_apart(first.signing.signed, new.signing.signed) <= SAME_SIGNING_DAYS


def _days_apart(a: str | None, b: str | None) -> int:
    first, second = parse_day(a), parse_day(b)
    if first is None or second is None:
        return 0 if first == second else 10**6
    return abs((first - second).days)


def _agreement(group: Sequence[tuple[frozenset[str], Statement]]) -> Agreement:
    """One agreement from its statements: the day most reports give (the earliest of a
    tie), every party, the longest stated term."""
    statements = [statement for _, statement in group]
    days = Counter(s.signing.signed for s in statements)
    signed = min(days, key=lambda d: (-days[d], d or ""))
    parties = sorted(frozenset().union(*(parties for parties, _ in group)))
    kind = statements[0].signing.kind
    stated = max(statements, key=lambda s: (s.signing.term_years, s.signing.expires or ""))
    expires = stated.signing.expires
    day = parse_day(signed)
    if stated.signing.term_years and day and stated.signing.signed != signed:
        expires = term_end(day, stated.signing.term_years).isoformat()
    key = f"{','.join(parties)}|{kind}|{signed or ''}"
    return Agreement(
        id=hashlib.sha1(key.encode()).hexdigest()[:16],
        partners=tuple(parties),
        kind=kind,
        signed=signed,
        renewal=any(s.signing.renewal for s in statements),
        term_years=stated.signing.term_years,
        expires=expires,
        signatories=tuple(dict.fromkeys(n for s in statements for n in s.signing.signatories)),
        records=tuple(sorted({s.record_id for s in statements})),
        first_seen=min((s.fetched_at for s in statements if s.fetched_at), default=None),
    )


def _linked(agreements: list[Agreement]) -> list[Agreement]:
    """Each renewal with the agreement it renews: the latest earlier one with a common
    partner, of the same kind when there is one."""
    linked = []
    for agreement in agreements:
        renews = None
        start = parse_day(agreement.signed)
        if agreement.renewal and start is not None:
            earlier = [
                other
                for other in agreements
                if set(other.partners) & set(agreement.partners)
                and (day := parse_day(other.signed)) is not None
                and (start - day).days >= RENEWAL_GAP_DAYS
            ]
            same_kind = [other for other in earlier if other.kind == agreement.kind]
            chosen = max(same_kind or earlier, key=lambda a: a.signed or "", default=None)
            renews = chosen.id if chosen else None
        linked.append(replace(agreement, renews=renews))
    return linked
