"""What RACI matrices state about who owns, decides and takes part in what, read against the organisation.

The letters map to the org file's own terms (docs/evidence.md gives the reasons):

- **A** (accountable: answers for the result, one per activity) is ``owns``: the rules read an owner as the
  accountable one (several owners of one responsibility are OD211's finding, as several As are RACI's first error).
- **R** (responsible: does it) is ``decides``: the decision right over the work, within the frame its owner sets
  (a decision right with nobody accountable is OD212's finding, as a row with an R and no A is RACI's second).
  A post both accountable and doing the work is A/R: ``owns`` and ``decides``.
- **C** (consulted: a voice on it) is ``takes_part`` in the activity's channel: experts and employees who are
  consulted on a channel's work take part in it (OD116 reads who does). C on an activity of marketing as a whole,
  which names no channel, and C for an agency (the roster says which channels an agency serves) are noted, not
  used.
- **I** (informed) has no place in the model: noted, not used.

A matrix states the cells it has: for each holder across it and each activity down it, the letters or none (an
empty cell says the holder has no part); what a holder owns or decides outside the matrix's activities, and the
holders not in it, are left as they are. A matrix may run either way (holders across, activities down, or the
transpose): the way whose names are the organisation's holders is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from orgdiag.importers.activities import Activities
from orgdiag.importers.cells import Cell, Evidence, Grid
from orgdiag.importers.resolve import Resolver, Unresolved
from orgdiag.model import CONFIDENCES, HOLDERS, MARCOM, split_ref
from orgdiag.problems import clipped, did_you_mean

#: The letter of each relation of the model: A owns, R decides, C takes part.
OWNS, DECIDES, TAKES_PART, INFORMED = "A", "R", "C", "I"

#: A holder of responsibilities: its section and id.
Holder = tuple[str, str]


@dataclass
class Stated:
    """What the matrices of a workbook state, per holder: each activity with its letters and the cell they stand
    in (None: an empty cell), in the matrices' order; where the holder is named; its rows' provenance."""

    letters: dict[Holder, dict[str, tuple[frozenset[str], Cell | None]]] = field(default_factory=dict)
    named_at: dict[Holder, Cell] = field(default_factory=dict)
    provenance: dict[Holder, list[tuple[Cell | None, Cell | None]]] = field(default_factory=dict)
    #: the cells of letters the model has no place for: I; C with no channel; C for an agency
    informed: list[Cell] = field(default_factory=list)
    consulted_without_channel: list[Cell] = field(default_factory=list)
    consulted_agency: list[Cell] = field(default_factory=list)


def read_grids(grids: Iterable[Grid], resolver: Resolver, activities: Activities, evidence: Evidence) -> Stated:
    """What every matrix states, its names resolved against the organisation; a name that resolves to nothing,
    to several, or twice in a matrix, and a cell stated differently by two matrices, are problems."""
    stated = Stated()
    for grid in grids:
        _read_grid(grid, resolver, activities, evidence, stated)
    return stated


def _read_grid(grid: Grid, resolver: Resolver, activities: Activities, evidence: Evidence, stated: Stated) -> None:
    across_holders = grid.fixed or _holders_across(grid, resolver, activities)
    if across_holders is None:
        first = grid.across[0] if grid.across else grid.down[0]
        message = (
            f"neither the names along row {first.row} nor those down the first column name the organisation's "
            "posts, units or agencies: name each by its id, name, title or holder"
        )
        evidence.report(first.where, message)
        return
    holder_cells, activity_cells = (grid.across, grid.down) if across_holders else (grid.down, grid.across)
    holders = _unique(holder_cells, lambda cell: _holder(cell, resolver), evidence, "holder")
    refs = _unique(activity_cells, lambda cell: activities.resolve(cell.text), evidence, "activity")
    for h, holder in enumerate(holders):
        if holder is None:
            continue
        stated.named_at.setdefault(holder, holder_cells[h])
        for a, ref in enumerate(refs):
            if ref is None:
                continue
            nothing: tuple[frozenset[str], Cell | None] = (frozenset(), None)
            found = grid.letters.get((a, h) if across_holders else (h, a), nothing)
            _state(stated, holder, ref, found, evidence)
        rows = range(len(refs)) if across_holders else [h]
        for row in rows:
            if not across_holders or grid.letters.get((row, h)):
                stated.provenance.setdefault(holder, []).append(grid.provenance[row])


def _holders_across(grid: Grid, resolver: Resolver, activities: Activities) -> bool | None:
    """Whether the names along the header are the holders (the names down the side then the activities), or the
    other way round, by which reading finds more of them; None when neither finds any."""

    def count(cells: list[Cell], holders: bool) -> int:
        if holders:
            return sum(isinstance(resolver.resolve(c.text, HOLDERS), str) for c in cells if c.text)
        return sum(isinstance(activities.resolve(c.text), str) for c in cells if c.text)

    across = count(grid.across, True) + count(grid.down, False)
    down = count(grid.down, True) + count(grid.across, False)
    if not across and not down:
        return None
    return across >= down


def _holder(cell: Cell, resolver: Resolver) -> Holder | Unresolved:
    found = resolver.resolve(cell.text, HOLDERS)
    if isinstance(found, Unresolved):
        return found
    return resolver.section_of(found, HOLDERS), found


def _unique(cells: list[Cell], resolve: Callable[[Cell], Any], evidence: Evidence, what: str) -> list[Any]:
    """Each cell's name resolved (None where it is empty or resolves to nothing, reported), each at most once."""
    found: list[Any] = []
    first: dict[object, Cell] = {}
    for cell in cells:
        value = resolve(cell) if cell.text else None
        if isinstance(value, Unresolved):
            evidence.report(cell.where, value.message, *value.ids)
            value = None
        elif value is not None and value in first:
            evidence.report(cell.where, f"names the same {what} as {first[value].ref}: give it once", cell.text)
            value = None
        elif value is not None:
            first[value] = cell
        found.append(value)
    return found


def _state(
    stated: Stated, holder: Holder, ref: str, found: tuple[frozenset[str], Cell | None], evidence: Evidence
) -> None:
    """A holder's letters for an activity; stated differently by an earlier matrix, a problem."""
    by_activity = stated.letters.setdefault(holder, {})
    letters, cell = found
    earlier = by_activity.get(ref)
    if earlier is not None and earlier[0] != letters:
        where = cell.where if cell is not None else (earlier[1].where if earlier[1] else "")
        said = "/".join(sorted(earlier[0])) or "nothing"
        evidence.report(where, f"{holder[1]} for {ref} is stated otherwise elsewhere ({said})", holder[1], ref)
        return
    by_activity[ref] = found
    if cell is None:
        return
    scope, _ = split_ref(ref)
    if INFORMED in letters:
        stated.informed.append(cell)
    if TAKES_PART in letters and scope == MARCOM:
        stated.consulted_without_channel.append(cell)
    elif TAKES_PART in letters and holder[0] == "agencies":
        stated.consulted_agency.append(cell)


def changed(held: list[str], statements: dict[str, tuple[frozenset[str], Cell | None]], letter: str) -> list[str]:
    """A holder's ``owns`` or ``decides`` once the matrices have stated theirs: what it held outside their
    activities, or with the letter in them, in its order; then what the letter adds, in the matrices' order.

    >>> a = (frozenset("A"), None)
    >>> changed(["web/strategy", "crm/strategy"], {"crm/strategy": (frozenset(), None), "pr/kpis": a}, "A")
    ['web/strategy', 'pr/kpis']
    """
    kept = [ref for ref in held if ref not in statements or letter in statements[ref][0]]
    return kept + [ref for ref, (letters, _) in statements.items() if letter in letters and ref not in held]


def takes_part(held: Iterable[str], statements: dict[str, tuple[frozenset[str], Cell | None]]) -> list[str]:
    """The channels a holder takes part in once the matrices have stated theirs: a channel any of whose activities
    a matrix has is taken part in where one of them says C; the others as they were.

    >>> c = (frozenset("C"), None)
    >>> takes_part(["web", "crm"], {"crm/content": (frozenset(), None), "social/publishing": c})
    ['web', 'social']
    """
    covered: dict[str, bool] = {}
    for ref, (letters, _) in statements.items():
        scope, _ = split_ref(ref)
        if scope != MARCOM:
            covered[scope] = covered.get(scope, False) or TAKES_PART in letters
    held = list(held)
    kept = [channel for channel in held if covered.get(channel, True)]
    return kept + [channel for channel, part in covered.items() if part and channel not in held]


def provenance(rows: list[tuple[Cell | None, Cell | None]], evidence: Evidence) -> tuple[str | None, str | None]:
    """A holder's source and confidence from its rows: their sources, each once, joined; the least sure of their
    confidences. None where no row gives one; a confidence that is none of the model's is a problem."""
    sources = list(dict.fromkeys(cell.text for cell, _ in rows if cell is not None and cell.text))
    confidences = []
    for _, cell in rows:
        if cell is None or not cell.text:
            continue
        if cell.text not in CONFIDENCES:
            hint = did_you_mean(cell.text, CONFIDENCES)
            evidence.report(cell.where, f"'{clipped(cell.text)}' is no confidence ({', '.join(CONFIDENCES)}){hint}")
        else:
            confidences.append(cell.text)
    least = min(confidences, key=CONFIDENCES.index) if confidences else None
    return ("; ".join(sources) or None), least
