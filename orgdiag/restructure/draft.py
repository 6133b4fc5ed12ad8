"""An organisation being restructured: the org file as plain, mutable data, and what a change did to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from orgdiag.model import SECTIONS, OrgFile
from orgdiag.model.links import ELEMENTS, leads
from orgdiag.orgfile.read import validate_org

Item = dict[str, Any]
Params = dict[str, str | list[str]]

#: How a change touched an element; the after diagram marks each kind in its own colour.
Mark = Literal["added", "removed", "moved", "merged", "changed"]

#: The KPI an action adds where a channel has none tied to a business goal: a placeholder, named as such.
KPI_TO_DEFINE = "KPI tied to a business goal (to define)"
GOAL_TO_NAME = "business goal (to name)"


class NotApplicable(Exception):
    """An action cannot apply to the organisation as it now is; the message says why."""


@dataclass(frozen=True)
class Edit:
    """One thing a change did to one element."""

    mark: Mark
    element: str
    text: str


class Draft:
    """An organisation being restructured: the org file as plain, mutable data, with look-ups by id.

    ``max_span`` is the most direct reports the thresholds in force allow a manager (span-too-wide): a change
    that would give a manager more is not made.
    """

    def __init__(self, org: OrgFile, max_span: int | None = None):
        self.max_span = max_span
        self.data: dict[str, Any] = org.model_dump(exclude_defaults=True)  # new containers: the org is not shared
        for section in SECTIONS:
            self.data.setdefault(section, [])

    def org(self) -> OrgFile:
        """The organisation as it now stands, checked as a loaded file is: a change that broke a reference or
        made a loop would be a fault of the restructuring, reported as such rather than diagnosed."""
        return validate_org(self.data, "<restructured organisation>", {})

    def items(self, section: str) -> list[Item]:
        items: list[Item] = self.data[section]
        return items

    def get(self, section: str, element: str) -> Item | None:
        return next((item for item in self.items(section) if item["id"] == element), None)

    def section_of(self, element: str) -> str | None:
        return next((section for section in ELEMENTS if self.get(section, element)), None)

    def element(self, element: str) -> Item:
        """The unit, position, channel or agency with this id; NotApplicable when there is none."""
        for section in ELEMENTS:
            found = self.get(section, element)
            if found is not None:
                return found
        raise NotApplicable(f"'{element}' is not in the organisation" if element else "no element is named")

    def holder(self, element: str) -> Item:
        """A unit, position or agency: what can own or decide a responsibility."""
        found = self.element(element)
        if self.section_of(element) == "channels":
            raise NotApplicable(f"'{element}' is a channel; only units, positions and agencies hold responsibilities")
        return found

    def label(self, element: str) -> str:
        """``Name (id)`` of an element, or the id alone."""
        section = self.section_of(element)
        if section is None:
            return element
        item = self.element(element)
        return f"{item.get('name') or item.get('title') or element} ({element})"

    def reports(self, position: str) -> list[Item]:
        """The live posts reporting to a position (abolished posts are history, not reports)."""
        return [p for p in self.items("positions") if p.get("reports_to") == position and not p.get("abolished")]

    def below(self, unit: str) -> set[str]:
        """The unit and every unit under it."""
        found, frontier = {unit}, [unit]
        while frontier:
            parent = frontier.pop()
            children = [u["id"] for u in self.items("units") if u.get("parent") == parent and u["id"] not in found]
            found.update(children)
            frontier.extend(children)
        return found

    def unit_heads(self, unit: str) -> list[str]:
        """Positions in the unit whose manager is not in it."""
        manager_of = {
            p["id"]: p.get("reports_to")
            for p in self.items("positions")
            if p.get("unit") == unit and not p.get("abolished")
        }
        return leads(manager_of, lambda position: [manager_of[position]])

    def new_id(self, base: str) -> str:
        """An id not yet used by any element: ``base``, else ``base-2``, ``base-3``…"""
        taken = {item["id"] for section in ELEMENTS for item in self.items(section)}
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        return candidate


def one(params: Params, name: str) -> str:
    """A parameter as one value (the first of a list)."""
    value = params.get(name, "")
    if isinstance(value, list):
        return value[0] if value else ""
    return value


def many(params: Params, name: str) -> list[str]:
    """A parameter as a list of non-empty values."""
    value = params.get(name, "")
    values = value if isinstance(value, list) else [value]
    return [v for v in values if v]


def number_param(params: Params, name: str) -> int:
    text = one(params, name)
    try:
        return int(float(text))
    except ValueError:
        raise NotApplicable(f"'{name}' must be a number, not '{text}'") from None


def add_value(item: Item, key: str, value: str) -> bool:
    """Add a value to a list field unless it is there; whether it was added."""
    values = list(item.get(key, ()))
    if value in values:
        return False
    item[key] = [*values, value]
    return True


def remove_value(item: Item, key: str, value: str) -> bool:
    values = list(item.get(key, ()))
    if value not in values:
        return False
    item[key] = [v for v in values if v != value]
    return True
