"""A position as an export gives it, before its references are resolved: who holds it and what names it; and the
position as org-file data once they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NO_TITLE = "(no title)"


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
    staff: dict[tuple[str, str | None], float] = field(default_factory=dict)
    snapshot: str | None = None
    pay: tuple[float, float] | None = None
    staff_pay: dict[tuple[str, str | None], tuple[float, float]] = field(default_factory=dict)


def ids_of(values: dict[str, str]) -> tuple[str, ...]:
    """What names a row in the report: its id and its name, where it has them."""
    return tuple(v for v in (values.get("id"), values.get("name")) if v)


def holder_of(values: dict[str, str]) -> str | None:
    """The person's name: the name column, completed by a last-name column where it lacks it."""
    name, first, last = values.get("name"), values.get("first_name"), values.get("last_name")
    if name and last and last.casefold() not in name.casefold():
        return f"{name} {last}"
    return name or " ".join(n for n in (first, last) if n) or None


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
        keys = sorted(person.staff, key=lambda key: (key[0], key[1] or ""))
        position["staff"] = [_staff(key, person.staff[key], person.staff_pay.get(key)) for key in keys]
    return position


def _staff(key: tuple[str, str | None], fte: float, pay: tuple[float, float] | None) -> dict[str, Any]:
    """One grade of staff under a post, as org-file data."""
    title, grade = key
    staff: dict[str, Any] = {"title": title, "fte": round(fte, 2)}
    if grade:
        staff["grade"] = grade
    if pay:
        staff["pay"] = {"low": pay[0], "high": pay[1]}
    return staff
