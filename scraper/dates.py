"""Publication dates as pages write them, reduced to the site's local calendar date.

Chinese sites write `2022年03月15日`, `2021-07-20` or `2022-3-5`; English ones `July 21, 2021`;
metadata carries ISO 8601 (`2021-07-20T23:30:00-04:00`) or RFC 822 (RSS). A timestamp with an
offset names an instant, and the record wants the date a reader of the site saw, so it is
converted to the site's zone when that zone is known (see `site_timezone`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from dateutil import parser as dateutil_parser

#: UTC+8 covers every Chinese-speaking region (mainland, Hong Kong, Macao, Taiwan, Singapore).
CHINA_TIME = timezone(timedelta(hours=8), "UTC+08:00")
_UTC8_TLDS = (".cn", ".hk", ".mo", ".tw", ".sg")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ISO_INSTANT = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s?(?:Z|[+-]\d{2}:?\d{2})(?!\d)"
)
_CHINESE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NUMERIC = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
#: Taiwan counts years from 1912 (民國): 民國113年5月2日, 113年5月2日 and 113-05-02 are
#: 2024-05-02. A year of two or three digits is read so only where it lands in a plausible
#: year; four-digit years are the Gregorian patterns above.
MINGUO_OFFSET = 1911
_MINGUO = re.compile(r"(?:民[國国]\s*)?(?<!\d)(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MINGUO_NUMERIC = re.compile(r"(?<![\d.])(\d{2,3})([-/.])(\d{1,2})\2(\d{1,2})(?![\d.])")
_ENGLISH = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}\b",
    re.IGNORECASE,
)
_EARLIEST_YEAR = 1990
#: Dates CMSs put in article URLs: /2021/0720/, /2021/07/20/, t20220305_, /2021-07-20-.
_URL_DATES = (
    re.compile(r"/(\d{4})/(\d{2})(\d{2})/"),
    re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"[/_t](\d{4})(\d{2})(\d{2})[_/.]"),
    re.compile(r"/(\d{4})-(\d{2})-(\d{2})(?!\d)"),
)


def site_timezone(url: str, lang: str | None) -> tzinfo | None:
    """The zone a site's readers live in, when it can be told: UTC+8 for Chinese sites.

    None means "unknown": an offset in a timestamp is then taken as the site's own.
    """
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith(_UTC8_TLDS) or (lang or "").startswith("zh"):
        return CHINA_TIME
    return None


def _plausible(day: date) -> bool:
    return _EARLIEST_YEAR <= day.year <= date.today().year + 1


def _local_date(moment: datetime, local_tz: tzinfo | None) -> date:
    if moment.tzinfo is not None and local_tz is not None:
        moment = moment.astimezone(local_tz)
    return moment.date()


def _candidates(text: str, local_tz: tzinfo | None) -> list[tuple[int, date]]:
    found: list[tuple[int, date]] = []
    for match in _ISO_INSTANT.finditer(text):
        try:
            moment = dateutil_parser.isoparse(match.group().replace(" ", "T", 1).replace(" ", ""))
        except ValueError:
            continue
        found.append((match.start(), _local_date(moment, local_tz)))
    for match in _CHINESE.finditer(text):
        _add_ymd(found, match.start(), match.group(1), match.group(2), match.group(3))
    for match in _NUMERIC.finditer(text):
        _add_ymd(found, match.start(), match.group(1), match.group(3), match.group(4))
    for pattern, year, month, day in ((_MINGUO, 1, 2, 3), (_MINGUO_NUMERIC, 1, 3, 4)):
        for match in pattern.finditer(text):
            minguo = str(int(match.group(year)) + MINGUO_OFFSET)
            _add_ymd(found, match.start(), minguo, match.group(month), match.group(day))
    for match in _ENGLISH.finditer(text):
        try:
            found.append((match.start(), dateutil_parser.parse(match.group()).date()))
        except (ValueError, OverflowError):
            continue
    return found


def _add_ymd(found: list[tuple[int, date]], at: int, year: str, month: str, day: str) -> None:
    try:
        found.append((at, date(int(year), int(month), int(day))))
    except ValueError:
        return


def parse_date(text: str, local_tz: tzinfo | None = None) -> str | None:
    """The first plausible date written in `text`, as YYYY-MM-DD, or None."""
    found = [(at, day) for at, day in _candidates(text, local_tz) if _plausible(day)]
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1].isoformat()


def parse_machine_date(value: str, local_tz: tzinfo | None = None) -> str | None:
    """A date from metadata: ISO 8601 (JSON-LD, `<time datetime>`, meta) or RFC 822 (RSS)."""
    value = value.strip()
    if not value:
        return None
    moment: datetime | None = None
    try:
        moment = dateutil_parser.isoparse(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return parse_date(value, local_tz)
    day = _local_date(moment, local_tz)
    return day.isoformat() if _plausible(day) else None


def date_from_url(url: str) -> str | None:
    """A date written into an article's URL by its CMS: the last resort for `published`."""
    path = urlsplit(url).path
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            found: list[tuple[int, date]] = []
            _add_ymd(found, 0, *match.groups())
            if found and _plausible(found[0][1]):
                return found[0][1].isoformat()
    return None
