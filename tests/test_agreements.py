"""The agreement register's rules: extraction floors on the labelled signing reports, how
statements become agreements, and how a status follows the day it is asked.

`bench/agreements.py` measures the "tune" part of tests/data/agreements_labelled.toml (the
reports the rules were written against) and the "heldout" part (never used to tune); the
floors below hold both, the held-out ones where the rules reach today.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import bench_figures

from kb.app.agreements import RegisterRow, register_changes, status_of
from kb.core.agreements import Agreement, Signing
from kb.core.days import term_end
from kb.link.agreements import Statement, build_register

ROOT = Path(__file__).parents[1]
BENCH = ROOT / "bench" / "agreements.py"
FLOORS = {
    "tune": {"precision": 0.95, "recall": 0.95, "register": 0.95, "term": 0.95},
    "heldout": {"precision": 0.85, "recall": 0.9, "register": 0.84, "term": 0.9},
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return bench_figures(BENCH, tmp_path_factory.mktemp("bench") / "agreements.json")


@pytest.mark.parametrize("part", list(FLOORS))
def test_extraction_holds_its_floors(figures: dict[str, Any], part: str) -> None:
    got, floor = figures[part], FLOORS[part]
    assert got["agreements"]["precision"] >= floor["precision"], got
    assert got["agreements"]["recall"] >= floor["recall"], got
    assert got["register"]["f1"] >= floor["register"], got
    assert got["term"] >= floor["term"], got
    assert got["renewal_links"] == 1.0, got


def signing(kind: str, partners: tuple[str, ...], signed: str, **more: Any) -> Signing:
    return Signing(kind=kind, partners=partners, signed=signed, **more)


def statement(record: str, owner: str, s: Signing) -> Statement:
    return Statement(record, owner, s, s.signed, f"{s.signed}T09:00:00Z")


def test_one_signing_reported_three_ways_is_one_agreement() -> None:
    register = build_register(
        [
            statement("zh", "culr", signing("mou", ("btbu",), "2021-12-03", term_years=5)),
            statement("en", "culr", signing("mou", ("btbu",), "2021-12-04")),
            # On the partner's site "we" are BTBU and CULR is the counterpart.
            statement("partner", "btbu", signing("mou", ("culr",), "2021-12-03")),
        ],
        home="culr",
    )
    [agreement] = register
    assert agreement.partners == ("btbu",) and agreement.signed == "2021-12-03"
    assert agreement.records == ("en", "partner", "zh")
    assert agreement.term_years == 5 and agreement.first_seen == "2021-12-03T09:00:00Z"


def test_statements_that_are_not_one_agreement() -> None:
    register = build_register(
        [
            statement("a", "culr", signing("mou", ("btbu",), "2021-12-03")),
            statement("b", "culr", signing("mou", ("btbu",), "2021-12-09")),  # a week later
            statement("c", "culr", signing("student_exchange", ("btbu",), "2021-12-03")),
            # The partner's own agreement with a third institution is not ours.
            statement("d", "btbu", signing("cooperation", ("rudn",), "2024-03-22")),
        ],
        home="culr",
    )
    assert [(a.kind, a.signed, a.records) for a in register] == [
        ("mou", "2021-12-03", ("a",)),
        ("student_exchange", "2021-12-03", ("c",)),
        ("mou", "2021-12-09", ("b",)),
    ]


def test_a_vaguely_named_report_joins_the_one_that_names_the_kind() -> None:
    register = build_register(
        [
            statement("en", "culr", signing("cooperation", ("ruc",), "2024-10-11", vague=True)),
            statement("zh", "culr", signing("joint_degree", ("ruc",), "2024-10-11")),
        ],
        home="culr",
    )
    assert [(a.kind, a.records) for a in register] == [("joint_degree", ("en", "zh"))]


def test_a_renewal_renews_the_latest_earlier_agreement_of_its_kind() -> None:
    register = build_register(
        [
            statement("1", "culr", signing("mou", ("monash",), "2012-11-06")),
            statement("2", "culr", signing("student_exchange", ("monash",), "2017-03-01")),
            statement("3", "culr", signing("mou", ("monash",), "2017-11-06", renewal=True)),
            statement("4", "culr", signing("mou", ("monash",), "2022-11-22", renewal=True)),
        ],
        home="culr",
    )
    by_day = {a.signed: a for a in register}
    assert by_day["2022-11-22"].renews == by_day["2017-11-06"].id
    assert by_day["2017-11-06"].renews == by_day["2012-11-06"].id
    assert by_day["2012-11-06"].renews is None


def agreement(expires: str | None, signed: str = "2020-01-01") -> Agreement:
    return Agreement(
        id="x", partners=("p",), kind="mou", signed=signed, renewal=False, term_years=0,
        expires=expires, signatories=(), records=("r",), first_seen="2020-01-02T00:00:00Z",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("expires", "last", "today", "expected"),
    [
        ("2025-06-30", "2025-01-01", "2025-07-01", "expired"),
        ("2025-06-30", "2025-01-01", "2025-06-30", "expiring"),  # the last day still runs
        ("2026-02-28", "2025-01-01", "2025-08-31", "expiring"),  # six months: 28 February
        ("2026-03-01", "2025-01-01", "2025-08-31", "active"),
        (None, "2023-08-31", "2025-08-31", "active"),  # named exactly two years ago
        (None, "2023-08-30", "2025-08-31", "dormant"),
        (None, None, "2025-08-31", "dormant"),
        ("2030-01-01", "2020-01-01", "2025-08-31", "dormant"),
    ],
)
def test_status_on_a_given_day(
    expires: str | None, last: str | None, today: str, expected: str
) -> None:
    assert status_of(agreement(expires), date.fromisoformat(today), last) == expected


def test_register_changes_are_dated_by_the_day_they_happened() -> None:
    row = RegisterRow(agreement("2025-06-30"), "expired", None, None)
    changes = register_changes([row], date(2025, 9, 1))
    assert [(c.change, c.when.isoformat()) for c in changes] == [
        ("expired", "2025-07-01"),
        ("expiring", "2024-12-30"),
        ("new", "2020-01-02"),
    ]
    assert register_changes([row], date(2020, 1, 1)) == []  # nothing known yet


@pytest.mark.parametrize(
    ("signed", "years", "end"),
    [
        ("2019-05-08", 5, "2024-05-07"),
        ("2020-02-29", 1, "2021-02-27"),  # the anniversary of 29 February is 28 February
        ("2019-03-01", 1, "2020-02-29"),
    ],
)
def test_term_end_is_the_anniversary_less_a_day(signed: str, years: int, end: str) -> None:
    assert term_end(date.fromisoformat(signed), years).isoformat() == end
