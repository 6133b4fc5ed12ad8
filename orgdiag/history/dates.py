"""The date a snapshot stands for, read from its label: the way exports and their file names write dates.

A label names a day (``2011-03-31``, ``31-03-2011``, ``31.03.2011``) or a month (``Mar-11``, ``Sept-2013``,
``March 2015``, ``2014-09``). A month stands for its last day, the day organograms and most HR snapshots are
taken; ``precision`` keeps how much the label said, so that a month is written back as a month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")
_MONTH_NAME = re.compile(r"(?<![a-z])([a-z]{3})[a-z]*[-_ .]?(\d{4}|\d{2})(?!\d)", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class SnapshotDate:
    """A snapshot's date, and whether its label named the day or only the month."""

    day: date
    precision: Literal["day", "month"] = "day"

    def __str__(self) -> str:
        return self.day.isoformat() if self.precision == "day" else self.day.strftime("%Y-%m")


def date_in(text: str) -> SnapshotDate | None:
    """The date a label or file name states, or None when it states none.

    >>> str(date_in("Sep-11")), str(date_in("dfid-2011-03-31-senior")), str(date_in("DMO-disclosure---Sept-2013"))
    ('2011-09', '2011-03-31', '2013-09')
    >>> date_in("31.12.2024").day, date_in("proposal") is None
    (datetime.date(2024, 12, 31), True)
    """
    for found in _ISO.finditer(text):
        year, month, day = found.groups()
        made = _made(int(year), int(month), int(day) if day else None)
        if made is not None:
            return made
    for found in _DAY_FIRST.finditer(text):
        day, month, year = found.groups()
        made = _made(int(year), int(month), int(day))
        if made is not None:
            return made
    for found in _MONTH_NAME.finditer(text):
        month = _MONTHS.get(found.group(1).casefold())
        year = int(found.group(2))
        if month is not None:
            return _made(year + 2000 if year < 100 else year, month, None)
    return None


def _made(year: int, month: int, day: int | None) -> SnapshotDate | None:
    if not (1900 <= year <= 2999 and 1 <= month <= 12):
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return SnapshotDate(date(year, month, last), "month")
    return SnapshotDate(date(year, month, day), "day") if 1 <= day <= last else None


def months_between(earlier: SnapshotDate, later: SnapshotDate) -> int:
    """Whole months from one snapshot to a later one (a month-end to the next is one).

    >>> months_between(date_in("2011-03-31"), date_in("Sep-13"))
    30
    """
    months = (later.day.year - earlier.day.year) * 12 + later.day.month - earlier.day.month
    return months - (1 if later.day.day < earlier.day.day and later.day.day < 28 else 0)
