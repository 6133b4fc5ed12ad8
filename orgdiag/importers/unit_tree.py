"""The units of an export: one per path its rows name, each with its parent, nested by the path or, for flat
departments, by the reporting lines."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from orgdiag.importers.people import Person
from orgdiag.importers.report import ImportReport
from orgdiag.naming import slug
from orgdiag.orgfile.references import find_cycles


def make_units(
    people: dict[str, Person], parent: dict[str, str | None], report: ImportReport
) -> tuple[list[dict[str, Any]], dict[tuple[str, ...], str]]:
    """The units of the rows' paths, each with its parent: the path's prefix where paths have several
    levels, else the unit of the manager of the unit's head (its first member reporting outside it)."""
    given = {p.unit for p in people.values() if p.unit}
    every = given | {path[:end] for path in given for end in range(1, len(path))}
    paths = sorted(every, key=lambda path: (len(path), path))
    unit_of: dict[tuple[str, ...], str] = {}
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
        parents = unit_tree_from_managers(people, paths, parent, unit_of, report)
    units = [
        {"id": unit_of[path], "name": path[-1], **({"parent": parents[path]} if parents[path] else {})}
        for path in paths
    ]
    return units, unit_of


def unit_tree_from_managers(
    people: dict[str, Person],
    paths: list[tuple[str, ...]],
    parent: dict[str, str | None],
    unit_of: dict[tuple[str, ...], str],
    report: ImportReport,
) -> dict[tuple[str, ...], str | None]:
    """Flat departments nested as the reporting lines nest them: a unit's parent is the unit its heads'
    managers are in (the most common, if they differ); a loop in the result is cut and reported."""
    votes: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)
    for person in people.values():
        manager = parent[person.id]
        if person.unit and manager is not None:
            above = people[manager].unit
            if above and above != person.unit:
                votes[person.unit][above] += 1
    chosen: dict[tuple[str, ...], str | None] = {}
    for path in paths:
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
