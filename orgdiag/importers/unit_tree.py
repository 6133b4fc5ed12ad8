"""The units of an export: the unit path of each row (a path column split at its separator, else its department),
and one unit per path the rows name, each with its parent, nested by the path or, for flat departments, by the
reporting lines (with what committees change: :mod:`orgdiag.importers.committees`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import regex

from orgdiag.importers.committees import UnitShape
from orgdiag.importers.mapping import ColumnMap
from orgdiag.importers.people import Person
from orgdiag.importers.report import ImportReport
from orgdiag.naming import slug
from orgdiag.orgfile.references import find_cycles
from orgdiag.problems import InputError, Problem, clipped

Path = tuple[str, ...]

#: Separators a path column may use, tried in this order when the map does not say.
PATH_SEPARATORS = (" > ", ">", " / ", "/", "\\", "|")

#: How long a map's pattern may take on one value before it counts as one that backtracks without end.
PATTERN_SECONDS = 0.5


class UnitPaths:
    """The unit path of each row, worked out once per path and department: an export repeats them on every row."""

    def __init__(self, column_map: ColumnMap):
        self.map = column_map
        self.suffix = regex.compile(column_map.unit_suffix) if column_map.unit_suffix else None
        self.separator = column_map.path_separator
        self._known: dict[tuple[str | None, str | None], Path] = {}

    def of(self, path: str | None, department: str | None) -> Path:
        """A row's unit path: its path column split at its separator, else its department."""
        key = (path, department)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._split(path, department)
        return found

    def _split(self, path: str | None, department: str | None) -> Path:
        segments: list[str] = []
        if path:
            self.separator = self.separator or next((s for s in PATH_SEPARATORS if s in path), None)
            segments = [s.strip() for s in path.split(self.separator)] if self.separator else [path]
        if not [s for s in segments if s] and department:
            segments = [department]
        if self.suffix:
            segments = [self._without_suffix(s) for s in segments]
        return tuple(s for s in segments if s.strip())

    def _without_suffix(self, name: str) -> str:
        """A unit name without the map's ``unit_suffix``; a pattern that takes too long on it is bad input (a
        pattern that backtracks without end), never a hang."""
        assert self.suffix is not None
        try:
            return str(self.suffix.sub("", name, timeout=PATTERN_SECONDS))
        except TimeoutError:
            message = (
                f"the map's unit_suffix {clipped(self.map.unit_suffix or '')!r} takes over {PATTERN_SECONDS} s on the "
                f"unit name {clipped(name)!r}: write a pattern that does not backtrack (no nested repeats)"
            )
            raise InputError([Problem(f"the column map '{self.map.name}'", None, "unit_suffix", message)]) from None


def make_units(
    people: dict[str, Person], parent: dict[str, str | None], report: ImportReport, shape: UnitShape | None = None
) -> tuple[list[dict[str, Any]], dict[Path, str]]:
    """The units of the rows' paths, each with its parent: the path's prefix where paths have several
    levels, else the unit of the manager of the unit's head (its first member reporting outside it)."""
    given = {p.unit for p in people.values() if p.unit}
    every = given | {path[:end] for path in given for end in range(1, len(path))}
    paths = sorted(every, key=lambda path: (len(path), path))
    unit_of: dict[Path, str] = {}
    taken: set[str] = set(people)
    for path in paths:
        base = "-".join(slug(s) or "unit" for s in path)
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        unit_of[path] = candidate
    parents = {path: unit_of[path[:-1]] if len(path) > 1 else None for path in paths}
    if all(len(path) == 1 for path in paths):
        parents = unit_tree_from_managers(people, paths, parent, unit_of, report, shape or UnitShape())
    units = [
        {"id": unit_of[path], "name": path[-1], **({"parent": parents[path]} if parents[path] else {})}
        for path in paths
    ]
    return units, unit_of


def unit_tree_from_managers(
    people: dict[str, Person],
    paths: list[Path],
    parent: dict[str, str | None],
    unit_of: dict[Path, str],
    report: ImportReport,
    shape: UnitShape,
) -> dict[Path, str | None]:
    """Flat departments nested as the reporting lines nest them: a unit's parent is the unit its heads'
    managers are in (the most common, if they differ), never a committee, and as ``shape`` fixes it for the
    directorates committee members lead; a loop in the result is cut and reported."""
    votes: dict[Path, Counter[Path]] = defaultdict(Counter)
    for person in people.values():
        manager = parent[person.id]
        if person.unit and manager is not None:
            above = people[manager].unit
            if above and above != person.unit and above not in shape.committees:
                votes[person.unit][above] += 1
    chosen: dict[Path, str | None] = {}
    for path in paths:
        if path in shape.parents:
            fixed = shape.parents[path]
            chosen[path] = unit_of[fixed] if fixed else None
            continue
        ranked = sorted(votes[path].items(), key=lambda item: (-item[1], item[0]))
        chosen[path] = unit_of[ranked[0][0]] if ranked else None
    by_id = {unit_of[path]: path for path in paths}
    for cycle in find_cycles({unit_of[p]: chosen[p] for p in paths}):
        chosen[by_id[cycle[0]]] = None
        chain = " -> ".join([*cycle, cycle[0]])
        report.note(
            "unit-tree",
            f"the units' reporting lines loop ({chain}): '{cycle[0]}' is placed at the top",
            tuple(cycle),
        )
    nested = sum(1 for p in paths if chosen[p])
    if nested:
        report.note("unit-tree", f"{nested:,} of {len(paths):,} units placed under the unit their heads report into")
    return chosen
