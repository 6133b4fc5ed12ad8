"""An organisation being restructured: the org file as plain, mutable data, and what a change did to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from orgdiag.model import SECTIONS, OrgFile
from orgdiag.model.links import ELEMENTS, leads
from orgdiag.model.tree import below
from orgdiag.naming import element_label
from orgdiag.orgfile.read import validate_org

Item = dict[str, Any]
Params = dict[str, str | list[str]]
T = TypeVar("T")

#: How a change touched an element; the after diagram marks each kind in its own colour.
Mark = Literal["added", "removed", "moved", "merged", "changed"]

#: The KPI an action adds where a channel has none tied to a business goal: a placeholder, named as such.
KPI_TO_DEFINE = "KPI tied to a business goal (to define)"
GOAL_TO_NAME = "business goal (to name)"


class NotApplicable(Exception):
    """An action cannot apply to the organisation as it now is; the message says why."""


class Refused(NotApplicable):
    """A guard rail of restructuring refuses the change (docs/restructuring.md): it is reported even when another
    change answers its finding in a later round."""


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

    A change touches a handful of elements of an organisation of any size, so the draft never copies or scans
    the whole of it per change: each item is a :class:`Tracked` dict that reports what is set on it, each section a
    :class:`Section` list that reports what is added or removed; :meth:`attempt` undoes what an action did when it
    turns out not to apply, and the look-ups (by id, reports of a manager, sub-units, members of a unit) are kept
    by what they depend on and rebuilt only when that changed.
    """

    def __init__(self, org: OrgFile, max_span: int | None = None):
        self.max_span = max_span
        self._journal: list[tuple[Any, ...]] | None = None
        #: how often each section's list (``"positions"``) and each section's field (``"positions.unit"``) changed
        self._counts: dict[str, int] = {}
        self._cache: dict[str, tuple[tuple[int, ...], Any]] = {}
        dumped = org.model_dump(exclude_defaults=True)  # new containers: the org is not shared
        self.data: dict[str, Any] = {
            "organisation": dumped["organisation"],
            **{section: Section(self, section, dumped.get(section, [])) for section in SECTIONS},
        }

    def org(self) -> OrgFile:
        """The organisation as it now stands, checked as a loaded file is: a change that broke a reference or
        made a loop would be a fault of the restructuring, reported as such rather than diagnosed."""
        return validate_org(self.data, "<restructured organisation>", {})

    def release(self) -> None:
        """Let go of the drafted organisation: each of its items refers back to the draft, a cycle of 10^5 items that
        reference counting alone would never free (and the collector, paused while a large draft is applied, would
        find late)."""
        self.data, self._cache, self._journal = {}, {}, None

    @contextmanager
    def attempt(self, keep: bool = True) -> Iterator[None]:
        """Run a change; if it raises :class:`NotApplicable`, undo everything it did and raise it again. Without
        ``keep`` it is a rehearsal: what it would do is undone all the same."""
        self._journal = []
        try:
            yield
            if not keep:
                self._undo(self._journal)
        except NotApplicable:
            self._undo(self._journal)
            raise
        finally:
            self._journal = None

    def items(self, section: str) -> Section:
        items: Section = self.data[section]
        return items

    @property
    def recording(self) -> bool:
        """Whether a change is being attempted, and so what it does is kept to be undone."""
        return self._journal is not None

    def replace_items(self, section: str, items: list[Item]) -> None:
        """A section's items replaced by `items` (the kept ones, in their order)."""
        self.items(section).replace(items)

    def get(self, section: str, element: str) -> Item | None:
        return self._by_id(section).get(element)

    def section_of(self, element: str) -> str | None:
        return next((section for section in ELEMENTS if element in self._by_id(section)), None)

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
        return element_label(item.get("name") or item.get("title") or element, element)

    def reports(self, position: str) -> list[Item]:
        """The live posts reporting to a position (abolished posts are history, not reports)."""
        return list(self._grouped("positions", "reports_to").get(position, ()))

    def below(self, unit: str) -> set[str]:
        """The unit and every unit under it."""
        children = self._grouped("units", "parent")
        return {unit, *below(unit, lambda parent: [child["id"] for child in children.get(parent, ())])}

    def reports_below(self, position: str) -> set[str]:
        """Every position under a position on solid lines."""
        return set(below(position, lambda manager: [report["id"] for report in self.reports(manager)]))

    def members(self, unit: str) -> list[Item]:
        """The live posts in a unit (not those of the units below it)."""
        return list(self._grouped("positions", "unit").get(unit, ()))

    def unit_heads(self, unit: str) -> list[str]:
        """Positions in the unit whose manager is not in it."""
        manager_of = {p["id"]: p.get("reports_to") for p in self._grouped("positions", "unit").get(unit, ())}
        return leads(manager_of, lambda position: [manager_of[position]])

    def new_id(self, base: str) -> str:
        """An id not yet used by any element: ``base``, else ``base-2``, ``base-3``…"""
        candidate, number = base, 1
        while self.section_of(candidate) is not None:
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def _by_id(self, section: str) -> dict[str, Item]:
        """The items of a section by id, kept while the section's list and ids stay as they are."""
        return self.cached(
            f"id:{section}", (section, f"{section}.id"), lambda: {i["id"]: i for i in self.items(section) if "id" in i}
        )

    def _grouped(self, section: str, key: str) -> dict[str, list[Item]]:
        """The live items of a section grouped by the value of one field, in the file's order."""

        def group() -> dict[str, list[Item]]:
            groups: dict[str, list[Item]] = {}
            for item in self.items(section):
                value = item.get(key)
                if value is not None and not item.get("abolished"):
                    groups.setdefault(value, []).append(item)
            return groups

        return self.cached(f"{key}:{section}", (section, f"{section}.{key}", f"{section}.abolished"), group)

    def cached(self, name: str, depends_on: tuple[str, ...], build: Callable[[], T]) -> T:
        """What ``build`` gives, kept under ``name`` while the counters it depends on (``"positions"``,
        ``"positions.unit"``) stay as they are: with none, kept for the draft's life."""
        stamp = tuple(self._counts.get(counter, 0) for counter in depends_on)
        kept = self._cache.get(name)
        if kept is not None and kept[0] == stamp:
            value: T = kept[1]
            return value
        built = build()
        self._cache[name] = (stamp, built)
        return built

    def changed(self, counter: str, undo: tuple[Any, ...] | None) -> None:
        """Something the look-ups may depend on changed (``counter``); ``undo`` restores it if the change fails
        (given while :attr:`recording`)."""
        self._counts[counter] = self._counts.get(counter, 0) + 1
        if self._journal is not None and undo is not None:
            self._journal.append((counter, *undo))

    def _undo(self, journal: list[tuple[Any, ...]]) -> None:
        for counter, kind, *what in reversed(journal):
            if kind == "set":
                item, key, old = what
                if old is _MISSING:
                    dict.pop(item, key, None)
                else:
                    dict.__setitem__(item, key, old)
            else:
                section, old_items = what
                list.__setitem__(section, slice(None), old_items)
            self._counts[counter] = self._counts.get(counter, 0) + 1


_MISSING = object()


class Tracked(dict[str, Any]):
    """An element of a draft: a dict that tells its draft what is set on it (:meth:`Draft.changed`)."""

    __slots__ = ("draft", "section")

    def __init__(self, draft: Draft, section: str, fields: dict[str, Any]):
        super().__init__(fields)
        self.draft, self.section = draft, section

    def __setitem__(self, key: str, value: Any) -> None:
        self.draft.changed(f"{self.section}.{key}", ("set", self, key, self.get(key, _MISSING)))
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.draft.changed(f"{self.section}.{key}", ("set", self, key, self.get(key, _MISSING)))
        super().__delitem__(key)

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a draft's element changes by item assignment only (item[key] = value)")

    pop = popitem = setdefault = update = clear = _refuse


class Section(list[Item]):
    """The items of one section of a draft: a list that tells its draft what is added or removed."""

    def __init__(self, draft: Draft, name: str, items: list[Item]):
        self.draft, self.name = draft, name
        super().__init__(Tracked(draft, name, item) for item in items)

    def _changing(self) -> None:
        self.draft.changed(self.name, ("list", self, list(self)) if self.draft.recording else None)

    def append(self, item: Item) -> None:
        self._changing()
        super().append(Tracked(self.draft, self.name, item))

    def remove(self, item: Item) -> None:
        self._changing()
        super().remove(item)

    def replace(self, items: list[Item]) -> None:
        self._changing()
        super().__setitem__(
            slice(None), [i if isinstance(i, Tracked) else Tracked(self.draft, self.name, i) for i in items]
        )

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a draft's section changes by append, remove or Draft.replace_items only")

    extend = insert = pop = clear = sort = reverse = __setitem__ = __delitem__ = __iadd__ = _refuse


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
