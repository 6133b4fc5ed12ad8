"""How orgdiag names things in its texts and reads names: an element's label, a counted word, an id made from a
name, and the date a label or a file name states. Each is written once here, for every layer to use.

>>> element_label("Marknadschef", "cmo"), counted(1_204, "post"), slug("Kundtjänst & Sociala medier")
('Marknadschef (cmo)', '1,204 posts', 'kundtjanst-sociala-medier')
>>> date_in_name("DMO-disclosure---Sept-2013-junior")
NamedDate(text='Sept-2013', day=datetime.date(2013, 9, 30), precision='month')
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal


def element_label(name: str, element_id: str) -> str:
    """How a text names an element: its name (or title) and its id.

    >>> element_label("Marknadschef", "cmo")
    'Marknadschef (cmo)'
    """
    return f"{name} ({element_id})"


def element_name(name: str | None, element_id: str) -> str:
    """How a sentence names an element: its name and id (:func:`element_label`), or the id alone where the data gives
    no other name.

    >>> element_name("Marknadschef", "cmo"), element_name("web", "web"), element_name(None, "A1")
    ('Marknadschef (cmo)', 'web', 'A1')
    """
    return element_label(name, element_id) if name and name != element_id else element_id


def holder_label(title: str, holder: str | None) -> str:
    """How a client-facing text names a post: its title, with its holder where the data names one (and the holder is
    not the title again, as on a board's row).

    >>> holder_label("Director of Finance", "Jane Ellis"), holder_label("Legal Director", None)
    ('Director of Finance (Jane Ellis)', 'Legal Director')
    """
    return f"{title} ({holder})" if holder and holder != title else title


def post_label(title: str, holder: str | None, post_id: str, vacant: bool = False) -> str:
    """How a client text names a post: its title and who holds it, or, when the data names nobody, its id (and that
    it is vacant).

    >>> post_label("Director of Finance", "Jane Ellis", "1"), post_label("Legal Director", None, "50")
    ('Director of Finance (Jane Ellis)', 'Legal Director (post 50)')
    >>> post_label("Historic Properties Director", None, "17", vacant=True)
    'Historic Properties Director (post 17, vacant)'
    """
    if holder:
        return f"{title} ({holder})"
    return f"{title} (post {post_id}{', vacant' if vacant else ''})"


def plural(word: str, count: float) -> str:
    """The word for ``count`` of what it names: as it is for one, with an ``s`` for any other count.

    >>> plural("finding", 1), plural("finding", 0), plural("agency contract", 3)
    ('finding', 'findings', 'agency contracts')
    """
    return word if count == 1 else f"{word}s"


def joined(words: list[str]) -> str:
    """Words as a sentence lists them: "a", "a and b", "a, b and c".

    >>> joined(["finance"]), joined(["finance", "HR"]), joined(["finance", "HR", "IT"])
    ('finance', 'finance and HR', 'finance, HR and IT')
    """
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + (words[-1] if words else "")


def counted(count: int, word: str) -> str:
    """A count and the word for it, the count with thousands separators.

    >>> counted(1, "position"), counted(12_542, "unit")
    ('1 position', '12,542 units')
    """
    return f"{count:,} {plural(word, count)}"


def fte(amount: float) -> str:
    """An amount of FTE as every output writes it: one decimal, with separators, rounded once and half up from the
    hundredths the data gives. A sum of floats carries noise below them (144.95 adds up as 144.949… or 144.950…1), and
    rounding that straight to one decimal wrote 144.9 on a unit and 145.0 on its only post.

    >>> fte(144.95), fte(144.94999999999998), fte(144.95000000000002), fte(1234), fte(0.04)
    ('145.0', '145.0', '145.0', '1,234.0', '0.0')
    """
    return f"{Decimal(f'{amount:.2f}').quantize(_TENTH, ROUND_HALF_UP):,}"


_TENTH = Decimal("0.1")


def money(amount: float) -> str:
    """An amount of money as a reader writes it: pounds (the organograms' currency), whole, with separators.

    >>> money(1351074.4), money(90000)
    ('£1,351,074', '£90,000')
    """
    return f"£{amount:,.0f}"


def pay_range(low: float, high: float) -> str:
    """A pay range: its floor and its ceiling, or the one amount when they are the same.

    >>> pay_range(90000, 94999), pay_range(18480, 18480)
    ('£90,000–£94,999', '£18,480')
    """
    return money(low) if round(low) == round(high) else f"{money(low)}–{money(high)}"


def slug(text: str) -> str:
    """An id made from a name: ASCII letters and digits joined by hyphens (letters with accents lose them, other
    characters go); empty when nothing is left.

    >>> slug("Kundtjänst & Sociala medier"), slug("Åsa Öberg"), slug("Team lead"), slug("–")
    ('kundtjanst-sociala-medier', 'asa-oberg', 'team-lead', '')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class NamedDate:
    """A date a label or file name states: as it is written there, the day it stands for, and whether it named the
    day or only the month (a month stands for its last day, the day organograms and most HR snapshots are taken)."""

    text: str
    day: date
    precision: Literal["day", "month"]


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")
_MONTH_NAME = re.compile(r"(?<![a-z])([a-z]{3})[a-z]*[-_ .]?(\d{4}|\d{2})(?!\d)", re.IGNORECASE)


def date_in_name(text: str) -> NamedDate | None:
    """The date a label or file name states, or None when it states none: a day (``2011-03-31``, ``31-03-2011``,
    ``31.03.2011``) or a month (``Mar-11``, ``Sept-2013``, ``March 2015``, ``2014-09``). A year-first date is
    looked for first, then a day-first one, then a month's name; a date that cannot be (a 13th month) is none.

    >>> date_in_name("dfid-2011-03-31-senior")
    NamedDate(text='2011-03-31', day=datetime.date(2011, 3, 31), precision='day')
    >>> date_in_name("31.12.2024").day, date_in_name("Sep-11").day, date_in_name("proposal") is None
    (datetime.date(2024, 12, 31), datetime.date(2011, 9, 30), True)
    >>> date_in_name("Summary-2013") is None, date_in_name("300913-HSE-Organogram-ver1") is None
    (True, True)
    """
    for found in _ISO.finditer(text):
        year, month, day = found.groups()
        made = _made(found.group(), int(year), int(month), int(day) if day else None)
        if made is not None:
            return made
    for found in _DAY_FIRST.finditer(text):
        day, month, year = found.groups()
        made = _made(found.group(), int(year), int(month), int(day))
        if made is not None:
            return made
    for found in _MONTH_NAME.finditer(text):
        month = _MONTHS.get(found.group(1).casefold())
        year = int(found.group(2))
        if month is not None:
            return _made(found.group(), year + 2000 if year < 100 else year, month, None)
    return None


def _made(text: str, year: int, month: int, day: int | None) -> NamedDate | None:
    if not (1900 <= year <= 2999 and 1 <= month <= 12):
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return NamedDate(text, date(year, month, last), "month")
    return NamedDate(text, date(year, month, day), "day") if 1 <= day <= last else None
