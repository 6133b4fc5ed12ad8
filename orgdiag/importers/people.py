"""A position as an export gives it, before its references are resolved: who holds it and what names it; and the
position as org-file data once they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NO_TITLE = "(no title)"

#: What staff counted under a post are grouped by: title, grade and the unit the junior sheet names.
StaffKey = tuple[str, str | None, str | None]


@dataclass(slots=True)
class StaffGroup:
    """Junior staff of one title, grade and unit under a post: their FTE, the grade's pay scale, their profession
    (None when the rows of the group name different ones)."""

    fte: float = 0.0
    pay: tuple[float, float] | None = None
    profession: str | None = None


@dataclass(slots=True)
class Person:
    """One position as the export gives it, before its references are resolved."""

    id: str
    where: str
    title: str
    holder: str | None
    manager: str | None
    unit: tuple[str, ...]
    email: str | None = None
    vacant: bool = False
    abolished: bool = False
    staff: dict[StaffKey, StaffGroup] = field(default_factory=dict)
    snapshot: str | None = None
    pay: tuple[float, float] | None = None
    grade: str | None = None
    function: str | None = None
    profession: str | None = None
    #: the published paybill as written (0 included: whether a 0 is one is decided once the staff are counted)
    paybill: float | None = None
    notes: str | None = None
    marks: tuple[str, ...] = ()
    #: the post's FTE when it is held part-time (None: full-time, or not given)
    fte: float | None = None

    def staff_fte(self) -> list[float]:
        """The FTE of each group of staff under the post."""
        return [group.fte for group in self.staff.values()]


def ids_of(values: dict[str, str]) -> tuple[str, ...]:
    """What names a row in the report: its id and its name, where it has them."""
    return tuple(v for v in (values.get("id"), values.get("name")) if v)


def holder_of(values: dict[str, str]) -> str | None:
    """The person's name: the name column, completed by a last-name column where it lacks it."""
    name, first, last = values.get("name"), values.get("first_name"), values.get("last_name")
    if name and last and last.casefold() not in name.casefold():
        return f"{name} {last}"
    return name or " ".join(n for n in (first, last) if n) or None


#: The facts of a post written as they are, when the export gives them.
_AS_GIVEN = ("grade", "function", "profession", "paybill", "notes", "fte")


def position_data(person: Person, manager: str | None, unit_of: dict[tuple[str, ...], str]) -> dict[str, Any]:
    """A position as org-file data, its manager and unit resolved."""
    position: dict[str, Any] = {"id": person.id, "title": person.title}
    if person.unit:
        position["unit"] = unit_of[person.unit]
    if manager is not None:
        position["reports_to"] = manager
    if person.holder:
        position["holder"] = person.holder
    if person.vacant:
        position["vacant"] = True
    if person.abolished:
        position["abolished"] = True
    if person.pay:
        position["pay"] = {"low": person.pay[0], "high": person.pay[1]}
    if person.staff:
        keys = sorted(person.staff, key=lambda key: (key[0], key[1] or "", key[2] or ""))
        position["staff"] = [staff_data(key, person.staff[key]) for key in keys]
    for key in _AS_GIVEN:
        value = getattr(person, key)
        if value is not None:
            position[key] = value
    if person.marks:
        position["marks"] = list(person.marks)
    return position


def staff_data(key: StaffKey, group: StaffGroup) -> dict[str, Any]:
    """One group of staff under a post, as org-file data."""
    title, grade, unit = key
    staff: dict[str, Any] = {"title": title, "fte": round(group.fte, 2)}
    if grade:
        staff["grade"] = grade
    if group.pay:
        staff["pay"] = {"low": group.pay[0], "high": group.pay[1]}
    if unit:
        staff["unit"] = unit
    if group.profession:
        staff["profession"] = group.profession
    return staff
