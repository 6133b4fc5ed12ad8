"""An organogram's junior rows: FTE counts per title, grade and unit under the senior post they report to, not
people. They are added to that post's staff (with the grade's pay scale, the unit the junior sheet names and the
professional group), and make the organisation's size with the senior posts."""

from __future__ import annotations

import math
from typing import Any

from orgdiag.importers.people import NO_TITLE, Person, StaffGroup, StaffKey, staff_data
from orgdiag.importers.records import Record, where
from orgdiag.importers.report import ImportReport, listed
from orgdiag.importers.values import Withheld
from orgdiag.model.org import total_fte

#: Staff groups by the senior post they are given as reporting to ("" for a row that names none).
Unplaced = dict[str, dict[StaffKey, StaffGroup]]


def attach_juniors(
    juniors: list[Record], people: dict[str, Person], report: ImportReport, withheld: Withheld, unplaced: Unplaced
) -> list[tuple[Record, str, tuple[str, ...]]]:
    """Adds each junior row's FTE to the senior post it reports to, or, when the senior file does not list that post
    (or the row names none), to `unplaced` by the reference it gives; returns the rows not used, with why and ids."""
    unused: list[tuple[Record, str, tuple[str, ...]]] = []
    total = 0.0
    for record in juniors:
        values = record.values
        post, fte_text = values.get("manager"), values.get("fte", "")
        fte = _number(fte_text)
        if fte is None or fte <= 0:
            unused.append((record, f"'{fte_text}' FTE is not a positive number", (post,) if post else ()))
            continue
        if post is not None and post in people:
            _add_staff(people[post].staff, post, record, fte, withheld)
            total += fte
        else:
            _add_staff(unplaced.setdefault(post or "", {}), post or "", record, fte, withheld)
        report.rows_used += 1
    if juniors:
        posts = sum(1 for p in people.values() if p.staff)
        report.note("staff", f"{total:,.2f} FTE of junior staff counted under {posts:,} senior posts")
    _note_unplaced(unplaced, report)
    _note_under_abolished(people, report)
    return unused


def _add_staff(groups: dict[StaffKey, StaffGroup], post: str, record: Record, fte: float, withheld: Withheld) -> None:
    """One junior row's FTE added to its group (title, grade, unit) among the groups of the senior post."""
    values = record.values
    at = where(record.file, record.line, record.place)
    title = withheld.text(values, "title", post, at) or NO_TITLE
    key = (title, withheld.text(values, "grade", post, at), withheld.text(values, "department", post, at))
    profession = withheld.text(values, "profession", post, at)
    pay = withheld.pay(values, post, at)
    group = groups.get(key)
    if group is None:
        group = groups[key] = StaffGroup(pay=pay, profession=profession)
    elif group.profession != profession:
        group.profession = None  # the rows of one group name different professions: none is theirs
    group.pay = group.pay or pay
    group.fte += fte


def unplaced_data(unplaced: Unplaced) -> list[dict[str, Any]]:
    """Staff placed under no listed post, as org-file data: each group with the post it names, in a stable order."""
    data = []
    for ref in sorted(unplaced):
        groups = unplaced[ref]
        for key in sorted(groups, key=lambda key: (key[0], key[1] or "", key[2] or "")):
            data.append(staff_data(key, groups[key]) | ({"reports_to": ref} if ref else {}))
    return data


def _note_unplaced(unplaced: Unplaced, report: ImportReport) -> None:
    if not unplaced:
        return
    fte = total_fte(group.fte for groups in unplaced.values() for group in groups.values())
    refs = tuple(sorted(ref for ref in unplaced if ref))
    given = f"senior posts the senior file does not list ({listed(list(refs))})" if refs else ""
    named = " or ".join(part for part in (given, "no senior post" if "" in unplaced else "") if part)
    report.note("staff", f"{fte:,.2f} FTE of junior staff report to {named}: kept as staff placed under no post", refs)


def _note_under_abolished(people: dict[str, Person], report: ImportReport) -> None:
    under_abolished = [p for p in people.values() if p.staff and p.abolished]
    if under_abolished:
        fte = total_fte(fte for p in under_abolished for fte in p.staff_fte())
        ids = tuple(p.id for p in under_abolished)
        shown = ", ".join(f"'{i}'" for i in ids[:10]) + (", …" if len(ids) > 10 else "")
        message = f"{fte:,.2f} FTE report to abolished posts ({shown}): counted in size, in no span"
        report.note("staff", message, ids)


def headcount(people: dict[str, Person], unplaced: Unplaced, report: ImportReport) -> int:
    """Senior posts plus junior FTE (those placed under no listed post included): the size the size-dependent
    thresholds use."""
    placed = [fte for person in people.values() for fte in person.staff_fte()]
    junior = total_fte([*placed, *(group.fte for groups in unplaced.values() for group in groups.values())])
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
