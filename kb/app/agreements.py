"""The agreement register as staff read it: each agreement's status on a given day, its last
activity, filters, and its changes as a feed.

Statuses, in the order they are decided:

- **expired**: its term ended before today;
- **expiring**: its term ends within six months of today;
- **dormant**: it runs (no stated end, or one not yet near) but no record has named any of
  its partners for two years;
- **active**: otherwise.

A status depends on the day it is asked, so it is computed when asked, never stored; the
web app can be given a fixed "today" (tests, or a report as of a date).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from kb.app.context import KnowledgeBase
from kb.app.export import csv_cells
from kb.app.labels import Labels, pick
from kb.app.params import BadParam, QueryArgs, id_values, parse_date
from kb.app.partners import last_activity
from kb.core.agreements import KINDS, Agreement
from kb.core.days import months_later, parse_day
from kb.store import StoreError

STATUSES: tuple[str, ...] = ("active", "expiring", "expired", "dormant")
EXPIRING_MONTHS = 6
DORMANT_YEARS = 2
#: Kinds as staff name them, in English and Chinese.
KIND_LABELS: dict[str, tuple[str, str]] = {
    "mou": ("Memorandum of understanding", "合作备忘录"),
    "framework": ("Framework agreement", "框架协议"),
    "student_exchange": ("Student exchange agreement", "学生交流协议"),
    "joint_degree": ("Joint or dual degree programme", "联合培养/双学位项目"),
    "joint_institute": ("Joint institute, centre or lab", "共建机构"),
    "cooperation": ("Cooperation agreement", "合作协议"),
    "other": ("Other (letter of intent, supplementary)", "其他（意向书、补充协议等）"),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "active": ("Active", "有效"),
    "expiring": ("Expiring", "即将到期"),
    "expired": ("Expired", "已到期"),
    "dormant": ("Dormant", "休眠"),
}


def kind_label(kind: str, locale: str) -> str:
    pair = KIND_LABELS.get(kind)
    return pick(pair, locale) if pair else kind


def status_label(status: str, locale: str) -> str:
    pair = STATUS_LABELS.get(status)
    return pick(pair, locale) if pair else status


@dataclass(frozen=True)
class RegisterQuery:
    """Filters of the register; an empty tuple means any."""

    partners: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    signed_from: date | None = None
    signed_to: date | None = None
    from_text: str = ""
    to_text: str = ""

    def args(self) -> dict[str, Any]:
        """URL arguments for these filters."""
        values = {
            "partner": list(self.partners),
            "kind": list(self.kinds),
            "status": list(self.statuses),
            "from": self.from_text,
            "to": self.to_text,
        }
        return {key: value for key, value in values.items() if value}


def parse_register_query(args: QueryArgs) -> RegisterQuery:
    """Validate the register's filters; BadParam names the first bad one."""
    kinds = _choices(args, "kind", KINDS)
    statuses = _choices(args, "status", STATUSES)
    partners = id_values(args, "partner")
    from_text, to_text = args.get("from", ""), args.get("to", "")
    start = parse_date(from_text, "from") if from_text else None
    end = parse_date(to_text, "to", end=True) if to_text else None
    if start and end and end < start:
        raise BadParam("to", f"to ({to_text}) is before from ({from_text})")
    return RegisterQuery(partners, kinds, statuses, start, end, from_text, to_text)


def _choices(args: QueryArgs, param: str, allowed: Sequence[str]) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(v for v in args.getlist(param) if v))
    if bad := next((v for v in values if v not in allowed), None):
        raise BadParam(param, f"{param} {bad!r} is not one of {', '.join(allowed)}")
    return values


@dataclass(frozen=True)
class RegisterRow:
    """One agreement with what staff need beside it on a given day."""

    agreement: Agreement
    status: str
    last_activity: str | None
    renewed_by: str | None
    records: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def status_of(agreement: Agreement, today: date, last: str | None) -> str:
    """The agreement's status on `today`, with `last` the newest record naming a partner."""
    expires = parse_day(agreement.expires)
    if expires is not None and expires < today:
        return "expired"
    if expires is not None and expires <= months_later(today, EXPIRING_MONTHS):
        return "expiring"
    quiet_since = months_later(today, -12 * DORMANT_YEARS)
    last_day = parse_day(last)
    if last_day is None or last_day < quiet_since:
        return "dormant"
    return "active"


@dataclass(frozen=True)
class Register:
    """The register as one request reads it: every agreement with its status (what the
    filters count), and the rows `query` asks for, newest signing first."""

    everything: list[RegisterRow]
    rows: list[RegisterRow]

    def counts(self) -> dict[str, dict[str, int]]:
        """Agreements per kind and per status, over the whole register."""
        return {
            "kind": {
                kind: sum(r.agreement.kind == kind for r in self.everything) for kind in KINDS
            },
            "status": {s: sum(r.status == s for r in self.everything) for s in STATUSES},
        }


def read_register(
    kb: KnowledgeBase, query: RegisterQuery, today: date, *, reports: bool = True
) -> Register:
    """The register on `today` (empty before the first `kb index`). `reports`: with the
    title and address of each shown agreement's reports (what pages and exports list)."""
    everything = _every_row(kb, today)
    rows = sorted(
        (row for row in everything if _matches(row, query)),
        key=lambda r: (r.agreement.signed or "", r.agreement.id),
        reverse=True,
    )
    return Register(everything, _with_reports(kb, rows) if reports else rows)


def _every_row(kb: KnowledgeBase, today: date) -> list[RegisterRow]:
    try:
        agreements = kb.store().agreements()
    except StoreError:
        return []
    latest = last_activity(kb)
    renewed_by = {a.renews: a.id for a in agreements if a.renews}
    rows = []
    for agreement in agreements:
        last = max((latest[p] for p in agreement.partners if p in latest), default=None)
        rows.append(
            RegisterRow(
                agreement=agreement,
                status=status_of(agreement, today, last),
                last_activity=last,
                renewed_by=renewed_by.get(agreement.id),
            )
        )
    return rows


def _matches(row: RegisterRow, query: RegisterQuery) -> bool:
    agreement = row.agreement
    signed = parse_day(agreement.signed)
    return (
        (not query.partners or bool(set(query.partners) & set(agreement.partners)))
        and (not query.kinds or agreement.kind in query.kinds)
        and (not query.statuses or row.status in query.statuses)
        and (query.signed_from is None or (signed is not None and signed >= query.signed_from))
        and (query.signed_to is None or (signed is not None and signed <= query.signed_to))
    )


def _with_reports(kb: KnowledgeBase, rows: list[RegisterRow]) -> list[RegisterRow]:
    """The rows with their reports' titles and addresses, read for these rows only."""
    if not rows:
        return rows
    found = kb.store().records(sorted({rid for r in rows for rid in r.agreement.records}))
    reports = {
        rid: {"id": rid, "title": r.title, "url": r.url, "published": r.published}
        for rid, r in found.items()
    }
    return [
        replace(row, records=tuple(reports[rid] for rid in row.agreement.records if rid in reports))
        for row in rows
    ]


def agreement_json(row: RegisterRow, labels: Labels, locale: str) -> dict[str, Any]:
    """One agreement of the register as the API gives it."""
    agreement = row.agreement
    return {
        "id": agreement.id,
        "partners": [{"id": p, "label": labels.partner(p, locale)} for p in agreement.partners],
        "kind": agreement.kind,
        "kind_label": kind_label(agreement.kind, locale),
        "signed": agreement.signed,
        "expires": agreement.expires,
        "term_years": agreement.term_years or None,
        "status": row.status,
        "last_activity": row.last_activity,
        "renewal": agreement.renewal,
        "renews": agreement.renews,
        "renewed_by": row.renewed_by,
        "signatories": list(agreement.signatories),
        "records": list(row.records),
    }


REGISTER_CSV_FIELDS: tuple[str, ...] = (
    "id",
    "partners",
    "partner_names",
    "kind",
    "kind_label",
    "signed",
    "expires",
    "term_years",
    "status",
    "last_activity",
    "renewal",
    "renews",
    "signatories",
    "records",
)


def register_csv(rows: Iterable[RegisterRow], labels: Labels, locale: str) -> str:
    """The register as a spreadsheet (UTF-8 with a BOM, so Excel reads Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REGISTER_CSV_FIELDS)
    for row in rows:
        data = agreement_json(row, labels, locale)
        data["partner_names"] = [p["label"] for p in data["partners"]]
        data["partners"] = [p["id"] for p in data["partners"]]
        data["records"] = [r["id"] for r in data["records"]]
        data["renewal"] = "yes" if data["renewal"] else ""
        writer.writerow(csv_cells(data[name] for name in REGISTER_CSV_FIELDS))
    return "\ufeff" + out.getvalue()


@dataclass(frozen=True)
class RegisterChange:
    """An entry of the register's feed: an agreement that is new, expiring or expired."""

    agreement: Agreement
    change: str  # new | expiring | expired
    when: date


def register_changes(rows: Iterable[RegisterRow], today: date) -> list[RegisterChange]:
    """The register's changes up to `today`, newest first: an agreement is new when the
    first of its reports was fetched, expiring six months before its end, expired after."""
    changes = []
    for row in rows:
        agreement = row.agreement
        seen = parse_day((agreement.first_seen or "")[:10]) or parse_day(agreement.signed)
        if seen is not None and seen <= today:
            changes.append(RegisterChange(agreement, "new", seen))
        expires = parse_day(agreement.expires)
        if expires is None:
            continue
        warned = months_later(expires, -EXPIRING_MONTHS)
        if warned <= today:
            changes.append(RegisterChange(agreement, "expiring", warned))
        if expires < today:
            changes.append(RegisterChange(agreement, "expired", expires + timedelta(days=1)))
    return sorted(changes, key=lambda c: (c.when, c.agreement.id, c.change), reverse=True)
