"""An organogram's junior rows: FTE counts per title, grade and unit under the senior post they report to, not
people. They are added to that post's staff (with the grade's pay scale, the unit the junior sheet names and the
professional group), and make the organisation's size with the senior posts."""

from __future__ import annotations

import math

from orgdiag.importers.people import NO_TITLE, Person, StaffGroup
from orgdiag.importers.records import Record, where
from orgdiag.importers.report import ImportReport
from orgdiag.importers.values import Withheld
from orgdiag.model.org import total_fte


def attach_juniors(
    juniors: list[Record], people: dict[str, Person], report: ImportReport, withheld: Withheld
) -> list[tuple[Record, str, tuple[str, ...]]]:
    """Adds each junior row's FTE to the senior post it reports to; returns the rows not used, with why and ids."""
    unused: list[tuple[Record, str, tuple[str, ...]]] = []
    total = 0.0
    for record in juniors:
        values = record.values
        post, fte_text = values.get("manager"), values.get("fte", "")
        fte = _number(fte_text)
        if post is None or post not in people:
            why = (
                f"reports to senior post '{post}', which the senior file does not have"
                if post
                else "names no senior post"
            )
            unused.append((record, why, (post,) if post else ()))
        elif fte is None or fte <= 0:
            unused.append((record, f"'{fte_text}' FTE is not a positive number", (post,)))
        else:
            _add_staff(people[post], record, fte, withheld)
            total += fte
            report.rows_used += 1
    if juniors:
        posts = sum(1 for p in people.values() if p.staff)
        report.note("staff", f"{total:,.2f} FTE of junior staff counted under {posts:,} senior posts")
    _note_under_abolished(people, report)
    return unused


def _add_staff(senior: Person, record: Record, fte: float, withheld: Withheld) -> None:
    """One junior row's FTE added to its group (title, grade, unit) under the senior post."""
    values = record.values
    at = where(record.file, record.line, record.place)
    title = withheld.text(values, "title", senior.id, at) or NO_TITLE
    key = (title, withheld.text(values, "grade", senior.id, at), withheld.text(values, "department", senior.id, at))
    profession = withheld.text(values, "profession", senior.id, at)
    pay = withheld.pay(values, senior.id, at)
    group = senior.staff.get(key)
    if group is None:
        group = senior.staff[key] = StaffGroup(pay=pay, profession=profession)
    elif group.profession != profession:
        group.profession = None  # the rows of one group name different professions: none is theirs
    group.pay = group.pay or pay
    group.fte += fte


def _note_under_abolished(people: dict[str, Person], report: ImportReport) -> None:
    under_abolished = [p for p in people.values() if p.staff and p.abolished]
    if under_abolished:
        fte = total_fte(fte for p in under_abolished for fte in p.staff_fte())
        ids = tuple(p.id for p in under_abolished)
        shown = ", ".join(f"'{i}'" for i in ids[:10]) + (", …" if len(ids) > 10 else "")
        message = f"{fte:,.2f} FTE report to abolished posts ({shown}): counted in size, in no span"
        report.note("staff", message, ids)


def headcount(people: dict[str, Person], report: ImportReport) -> int:
    """Senior posts plus junior FTE: the size the size-dependent thresholds use."""
    junior = total_fte(fte for person in people.values() for fte in person.staff_fte())
    size = round(len(people) + junior)
    report.note("size", f"employees set to {size:,}: {len(people):,} senior posts + {junior:,.2f} junior FTE")
    return size


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def part_time(text: str | None) -> float | None:
    """A senior post's FTE when it is held part-time (over 0 and under 1): its published pay is then what the
    part-time holder is paid. None for a full-time post, or an FTE that is not a number.

    >>> part_time("0.6"), part_time("1"), part_time("N/D"), part_time(None)
    (0.6, None, None, None)
    """
    value = _number(text) if text else None
    return value if value is not None and 0 < value < 1 else None
