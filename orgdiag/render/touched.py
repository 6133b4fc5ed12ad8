"""The units a comparison touches, each drawn before and after: one drawing per unit and side, which the
comparison's ``changes/`` pictures and the deck's before-and-after slides share (at 10^5 positions each drawing
takes Graphviz about a third of a second, and both outputs are written together)."""

from __future__ import annotations

from dataclasses import dataclass

from orgdiag.model.bulk import PerObject
from orgdiag.model.links import element_ids, home_units
from orgdiag.naming import element_label
from orgdiag.problems import LayoutError
from orgdiag.render.dot import render_bytes
from orgdiag.render.focus import findings_in, neighbourhood, retitled, unit_totals
from orgdiag.render.overview import part_diagram
from orgdiag.render.pages import Drawing, scaled_to_fit
from orgdiag.restructuring.diff import marks_of, removed_of
from orgdiag.restructuring.results import Comparison

#: The most touched units drawn before and after (the first ones, in the order of the differences).
MAX_DETAILS = 6


@dataclass(frozen=True)
class Side:
    """One side of a touched unit's comparison: "Before" or "After", and its picture (None where Graphviz could
    not lay it out)."""

    title: str
    png: bytes | None


@dataclass(frozen=True)
class TouchedUnit:
    """A unit the changes touch, with its neighbourhood drawn on each side where the unit exists."""

    unit: str
    name: str
    sides: tuple[Side, ...]


def touched_units(comparison: Comparison) -> list[str]:
    """The units a comparison's differences touch (the unit of each element added, moved, changed or removed),
    in the order of the differences."""
    homes = home_units(comparison.before.org) | home_units(comparison.after.org)
    units = (homes.get(difference.element) for difference in comparison.differences)
    return list(dict.fromkeys(unit for unit in units if unit is not None))


_DRAWN: PerObject[list[TouchedUnit]] = PerObject()


def drawn_touched_units(comparison: Comparison) -> list[TouchedUnit]:
    """The first :data:`MAX_DETAILS` touched units, each unit's neighbourhood drawn in full before and after, with
    the changed elements marked in their change's colour; drawn once per comparison."""
    drawn = _DRAWN.get(comparison)
    if drawn is None:
        before, after = side_marks(comparison)
        units = touched_units(comparison)[:MAX_DETAILS]
        drawn = _DRAWN.keep(comparison, [_drawn(comparison, unit, before, after) for unit in units])
    return drawn


def side_marks(comparison: Comparison) -> tuple[dict[str, str], dict[str, str]]:
    """Each side's marks: on the after side what was added, moved or changed; on the before side the same where
    the element was there before, and what was removed or merged away."""
    after = marks_of(comparison.differences)
    present = element_ids(comparison.before.org)
    before = {e: m for e, m in after.items() if e in present} | removed_of(comparison.differences)
    return before, after


def _drawn(comparison: Comparison, unit: str, before_marks: dict[str, str], after_marks: dict[str, str]) -> TouchedUnit:
    names = {u.id: u.name for org in (comparison.before.org, comparison.after.org) for u in org.units if u.id == unit}
    sides = []
    for title, state, marks in (("Before", comparison.before, before_marks), ("After", comparison.after, after_marks)):
        if unit not in home_units(state.org):
            continue
        part = neighbourhood(state.org, unit, state.open_findings)
        heading = f"{title}: {state.org.organisation.name}, around {element_label(names.get(unit, unit), unit)}"
        graph = part_diagram(
            retitled(part, heading), findings_in(part, state.open_findings), marks, whole=unit_totals(state)
        )
        try:
            png: bytes | None = scaled_to_fit(Drawing(graph.source, render_bytes(graph.source, "png"))).png
        except LayoutError:
            png = None
        sides.append(Side(title, png))
    return TouchedUnit(unit, names.get(unit, unit), tuple(sides))
