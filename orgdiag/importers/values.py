"""What a row's cells say once their placeholders are read: a value that stands for something not disclosed or that
does not apply ("N/D", "Not Disclosed", "N/A", "-", a pay of 0 or 0-0) is no value, never a name or £0, and the
import report says what was withheld where. A free text longer than an org file holds (a job/team function of a
page) is cut, and said to be.

The words are data (orgdiag/model/notes.yaml): :func:`~orgdiag.model.notes.is_withheld` and
:func:`~orgdiag.model.notes.marks_in` apply them.
"""

from __future__ import annotations

import re
from collections import defaultdict

from orgdiag.importers.pay import MAX_AMOUNT, amount, no_amount, pay_range
from orgdiag.importers.report import ImportReport, listed
from orgdiag.model import POST_MARKS
from orgdiag.model.notes import is_withheld, marks_in
from orgdiag.model.org import MAX_TEXT
from orgdiag.naming import counted

_ZERO = re.compile(r"£?\s*0+(?:\.0*)?")

#: The fields of free text, which may run longer than an org file holds (a job/team function of a page): cut.
FREE_TEXT = ("function", "notes")

#: How each field is named in the report's notes.
FIELD_NAMES = {
    "name": "name",
    "title": "title",
    "department": "unit",
    "grade": "grade",
    "function": "job/team function",
    "profession": "professional group",
    "notes": "notes",
    "pay": "pay",
    "paybill": "paybill (salary cost of reports)",
}


class Withheld:
    """The values withheld in an export, field by field: for the report, and nothing else. A post is named by its id;
    a junior row by the senior post it reports to and the row (``where``)."""

    def __init__(self) -> None:
        #: (field, junior row?) -> (post id, the value as written, the junior row or None) of each that withheld it
        self.seen: dict[tuple[str, bool], list[tuple[str, str, str | None]]] = defaultdict(list)
        #: (post id, field, length) of each text longer than an org file holds, cut
        self.long: list[tuple[str, str, int]] = []
        #: pay written as a number that is no amount of money (negative, not finite, over a trillion)
        self.unusable: list[tuple[str, str, str | None]] = []
        #: (id, title, name as written) of each post held by someone not named
        self.names: list[tuple[str, str, str]] = []

    def name(self, person_id: str, title: str, written: str) -> None:
        """A post held by someone the export does not name ("N/D"): held, no holder."""
        self.seen["name", False].append((person_id, written, None))
        self.names.append((person_id, title, written))

    def text(self, values: dict[str, str], field: str, who: str, where: str | None = None) -> str | None:
        """A text field's value, or None when the row has none or gives a placeholder (noted, but for notes: a note
        "N/A" or "-" withholds nothing)."""
        value = values.get(field)
        if value is None:
            return None
        if is_withheld(value):
            if field != "notes":
                self.seen[field, where is not None].append((who, value, where))
            return None
        if field in FREE_TEXT and len(value) > MAX_TEXT:
            self.long.append((who, FIELD_NAMES[field], len(value)))
            return value[: MAX_TEXT - 1].rstrip() + "…"
        return value

    def pay(self, values: dict[str, str], who: str, where: str | None = None) -> tuple[float, float] | None:
        """A row's pay range; a range the row gives as a placeholder, 0 or 0-0 is noted as withheld."""
        found = pay_range(values)
        given = [values[f] for f in ("pay_low", "pay_high") if f in values]
        if found is None and given:
            unusable = any(no_amount(v) for v in given)
            kept = self.unusable if unusable else self.seen["pay", where is not None]
            kept.append((who, "-".join(given), where))
        return found

    def paybill(self, values: dict[str, str], who: str) -> float | None:
        """A published paybill as written, 0 included (whether that 0 is one is decided once the staff under the
        post are counted); a placeholder is noted as withheld."""
        text = values.get("paybill")
        if text is None:
            return None
        if _ZERO.fullmatch(text.strip()):
            return 0.0
        value = amount(text)
        if value is None:
            self.seen["paybill", False].append((who, text, None))
        return value

    def zero_paybill(self, who: str, why: str) -> None:
        """A paybill of 0 that is none: on a post with staff, or one whose notes say the cost is counted elsewhere."""
        self.seen["paybill", False].append((who, f"0, {why}", None))

    def note(self, report: ImportReport) -> None:
        """One note per field that had values withheld (posts, then junior rows), with the values as written; then
        each post whose holder is not named."""
        order = [(field, junior) for field in FIELD_NAMES for junior in (False, True)]
        for (field, junior), seen in sorted(self.seen.items(), key=lambda item: order.index(item[0])):
            spellings = ", ".join(f"'{v}'" for v in sorted({value for _, value, _ in seen}, key=str.casefold)[:6])
            ids = tuple(dict.fromkeys(who for who, _, _ in seen))
            if junior:
                what = f"{counted(len(seen), 'junior row')} ({spellings}) under {counted(len(ids), 'post')}"
            else:
                what = f"{counted(len(seen), 'post')} ({spellings})"
            rows = tuple(where for _, _, where in seen if where)
            report.note("withheld", f"{FIELD_NAMES[field]} not disclosed on {what}: {listed(ids)}", ids, rows)
        if self.unusable:
            ids = tuple(dict.fromkeys(who for who, _, _ in self.unusable))
            spellings = ", ".join(f"'{v}'" for v in sorted({value for _, value, _ in self.unusable})[:6])
            message = (
                f"pay not used on {counted(len(self.unusable), 'row')} ({spellings}): not a positive amount of "
                f"money (negative, not finite, or over {MAX_AMOUNT:,.0f}): {listed(ids)}"
            )
            rows = tuple(where for _, _, where in self.unusable if where)
            report.note("withheld", message, ids, rows)
        for person_id, title, written in self.names:
            report.note("withheld", f"'{person_id}' {title}: name given as '{written}'", (person_id,))
        for who, name, length in self.long:
            report.note("long-text", f"'{who}': its {name} ({length:,} characters) is cut at {MAX_TEXT:,}", (who,))


def marks_of(notes: str | None, title: str, function: str | None = None) -> tuple[str, ...]:
    """The marks a post's notes, title and job text make, in the order of :data:`~orgdiag.model.POST_MARKS`.

    >>> marks_of("Currently on secondment to Cabinet Office", "Deputy Director")
    ('secondment',)
    >>> marks_of(None, "Deputy Director, Acting Head of DFID Southern Africa")
    ('acting',)
    >>> marks_of(None, "Head of Legal Services", "Dual reporting to COO and Director of Village and Commercial")
    ('dual-reporting',)
    """
    found: tuple[str, ...] = marks_in(title, "titles")
    for text, source in ((notes, "notes"), (function, "function")):
        if text:
            found = with_marks(found, *marks_in(text, source))
    return found


def with_marks(marks: tuple[str, ...], *more: str) -> tuple[str, ...]:
    """A post's marks with more added, each once, in the order of :data:`~orgdiag.model.POST_MARKS`.

    >>> with_marks(("secondment",), "job-share", "acting")
    ('acting', 'secondment', 'job-share')
    """
    found = {*marks, *more}
    return tuple(mark for mark in POST_MARKS if mark in found)
