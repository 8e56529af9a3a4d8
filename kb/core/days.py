"""Calendar days as the records and the register write them (ISO "YYYY-MM-DD"), and the
arithmetic on them that terms and statuses need.

Dates come from scraped pages and derived data, so an unreadable one is None, never an
error; "five years from 29 February" ends on 28 February, as contracts are read.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def parse_day(text: str | None) -> date | None:
    """The day an ISO date names; None when there is none or it is not a valid date."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def months_later(day: date, months: int) -> date:
    """The same day `months` later (or earlier), the month's last day when it has none."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def term_end(signed: date, years: int) -> date:
    """The last day of a term of `years` years from `signed` (its anniversary, less a day)."""
    return months_later(signed, 12 * years) - timedelta(days=1)
