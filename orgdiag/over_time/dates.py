"""The date a snapshot stands for, read from its label the way exports and their file names write dates (the
recogniser the importer's snapshots share: :func:`orgdiag.naming.date_in_name`).

A label names a day (``2011-03-31``, ``31-03-2011``, ``31.03.2011``) or a month (``Mar-11``, ``Sept-2013``,
``March 2015``, ``2014-09``). A month stands for its last day, the day organograms and most HR snapshots are
taken; ``precision`` keeps how much the label said, so that a month is written back as a month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from orgdiag.naming import date_in_name


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
    found = date_in_name(text)
    return SnapshotDate(found.day, found.precision) if found is not None else None


def months_between(earlier: SnapshotDate, later: SnapshotDate) -> int:
    """Whole months from one snapshot to a later one (a month-end to the next is one).

    >>> months_between(date_in("2011-03-31"), date_in("Sep-13"))
    30
    """
    months = (later.day.year - earlier.day.year) * 12 + later.day.month - earlier.day.month
    return months - (1 if later.day.day < earlier.day.day and later.day.day < 28 else 0)
