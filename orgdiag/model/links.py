"""The links between the elements of an organisation, described once.

Every field of the org file that names other elements by id (a position's ``reports_to``, a channel's
``owner``, an approval's ``steps``…) is a :class:`Reference` in :data:`REFERENCES`. The graph is built
from it, the reference checks check it, the focus cut keeps or drops by it, the diff knows from it which
changes move an element, and restructuring repoints by it: a new link is added to the model and here.

Responsibilities (``owns: [social/strategy]``) name a scope, not an element, and are not references.

>>> [(r.key, r.targets) for r in references_of("agencies")]
[('contracted_by', ('units',)), ('contact', ('positions',)), ('serves', ('channels',))]
>>> from orgdiag.model.org import Agency
>>> named(Agency(id="a", name="A", contracted_by="hq", serves=["web", "social"]), REFERENCE["agencies", "serves"])
['web', 'social']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import compress, filterfalse
from operator import attrgetter
from typing import Any

from orgdiag.model.bulk import PerObject, any_set
from orgdiag.model.org import HOLDERS, OrgFile, Position, Unit
from orgdiag.model.tree import Tree, reporting_lines, unit_tree

#: The sections whose items have ids and are drawn as elements, and what one of their items is called in texts.
ELEMENTS = {"units": "unit", "positions": "position", "channels": "channel", "agencies": "agency"}


@dataclass(frozen=True)
class Reference:
    """A field of a section's items that names other elements by id."""

    section: str
    key: str
    #: the sections whose ids it may name
    targets: tuple[str, ...]
    #: what an id it names must be, as a problem says it ("a unit id")
    what: str
    #: the graph's edge kind (None: the item's own ``kind``, for links)
    edge: str | None
    #: it names several ids (a list)
    many: bool = False
    #: the graph's edge points from the named element to the item (a channel's owner owns it)
    reverse: bool = False
    #: the item cannot stand without every element it names (a KPI without its channel)
    required: bool = False
    #: it is the element's place in the structure: a change to it moves the element
    places: bool = False


_UNIT, _POSITION, _CHANNEL, _HOLDER = ("a unit id", "a position id", "a channel id", "a position, unit or agency id")
_LINKED = ("units", "positions", "agencies")

#: Every reference of the org file, in the order the graph adds their edges.
REFERENCES: tuple[Reference, ...] = (
    Reference("units", "parent", ("units",), _UNIT, "part_of", places=True),
    Reference("units", "takes_part", ("channels",), _CHANNEL, "takes_part", many=True),
    Reference("positions", "unit", ("units",), _UNIT, "member_of", places=True),
    Reference("positions", "reports_to", ("positions",), _POSITION, "reports_to", places=True),
    Reference("positions", "dotted_to", ("positions",), _POSITION, "dotted_to", many=True),
    Reference("positions", "takes_part", ("channels",), _CHANNEL, "takes_part", many=True),
    Reference("channels", "owner", ("units",), _UNIT, "owns", reverse=True, required=True, places=True),
    Reference("agencies", "contracted_by", ("units",), _UNIT, "contracted_by", required=True, places=True),
    Reference("agencies", "contact", ("positions",), _POSITION, "contact"),
    Reference("agencies", "serves", ("channels",), _CHANNEL, "serves", many=True),
    Reference("kpis", "channel", ("channels",), _CHANNEL, "measures", required=True),
    Reference("kpis", "owner", HOLDERS, _HOLDER, "owns", reverse=True, required=True),
    Reference("budgets", "channel", ("channels",), _CHANNEL, "funds", required=True),
    Reference("budgets", "owner", HOLDERS, _HOLDER, "owns", reverse=True, required=True),
    Reference("approvals", "channel", ("channels",), _CHANNEL, "gates", required=True),
    Reference("approvals", "steps", ("positions",), _POSITION, "approves", many=True, reverse=True, required=True),
    Reference("experiments", "channel", ("channels",), _CHANNEL, "tests", required=True),
    Reference("experiments", "owner", HOLDERS, _HOLDER, "owns", reverse=True, required=True),
    Reference("links", "between", _LINKED, "a unit, position or agency id", None, many=True, required=True),
)

#: Each reference by (section, key).
REFERENCE: dict[tuple[str, str], Reference] = {(r.section, r.key): r for r in REFERENCES}


@cache
def references_of(section: str) -> tuple[Reference, ...]:
    """The references of one section's items, in :data:`REFERENCES` order."""
    return tuple(r for r in REFERENCES if r.section == section)


@cache
def referring_to(section: str) -> tuple[Reference, ...]:
    """The references that may name an element of ``section``."""
    return tuple(r for r in REFERENCES if section in r.targets)


def named(item: Any, reference: Reference) -> list[str]:
    """The ids ``item`` names in the field of ``reference``, in the file's order: an item of the model, or the
    same item as plain data (a dict, as restructuring holds it)."""
    value = item.get(reference.key) if isinstance(item, Mapping) else getattr(item, reference.key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def leads(members: Iterable[str], managers_of: Callable[[str], Iterable[str | None]]) -> list[str]:
    """The members of a group (a unit's positions) none of whose managers is in it: who leads it.

    >>> managers = {"head": None, "a": "head", "b": "head", "c": "outside"}
    >>> leads(["head", "a", "b", "c"], lambda p: [managers[p]])
    ['head', 'c']
    """
    group = list(members)
    inside = set(group)
    return [member for member in group if not any(manager in inside for manager in managers_of(member))]


def element_ids(org: OrgFile) -> set[str]:
    """The ids of every unit, position, channel and agency: what a drawing of the organisation holds."""
    return {item.id for section in ELEMENTS for item in getattr(org, section)}


def home_units(org: OrgFile) -> dict[str, str]:
    """The unit each element belongs to: itself for a unit, a position's unit (for one without a unit, the unit
    of its nearest manager with one; none if no manager has one), a channel's owner, an agency's contracting unit.
    Worked out once per organisation (organisations do not change); the caller must not change what it returns.

    >>> org = OrgFile.model_validate({"organisation": {"name": "X"}, "units": [{"id": "hq", "name": "HQ"}],
    ...     "positions": [{"id": "ceo", "title": "CEO", "unit": "hq"},
    ...                   {"id": "pa", "title": "PA", "reports_to": "ceo"}]})
    >>> home_units(org)
    {'hq': 'hq', 'ceo': 'hq', 'pa': 'hq'}
    """
    homes = _HOMES.get(org)
    return homes if homes is not None else _HOMES.keep(org, _home_units(org))


#: home_units of the organisations asked about, while they live: the renderers ask again for every part they
#: draw (a hundred times over a large restructuring), and the walk is a pass over the whole file.
_HOMES: PerObject[dict[str, str]] = PerObject()


def _home_units(org: OrgFile) -> dict[str, str]:
    home = {unit.id: unit.id for unit in org.units}
    ids, units = list(map(attrgetter("id"), org.positions)), list(map(attrgetter("unit"), org.positions))
    home.update(compress(zip(ids, units, strict=True), units))  # read at C speed: 10^5 positions
    home.update((channel.id, channel.owner) for channel in org.channels)
    home.update((agency.id, agency.contracted_by) for agency in org.agencies)
    lines = reporting_lines(org)
    for position in filterfalse(home.__contains__, ids):  # one with no unit belongs where its line of managers does
        above = next((manager for manager in lines.ancestors(position) if manager in home), None)
        if above is not None:
            home[position] = home[above]
    return home


def live_managers(org: OrgFile) -> dict[str, str | None]:
    """Each live (not abolished) position's manager in the live organisation: its ``reports_to``, or, where that
    post is abolished, the nearest live post above it (None at the top).

    >>> org = OrgFile.model_validate({"organisation": {"name": "X"}, "positions": [
    ...     {"id": "ceo", "title": "CEO"}, {"id": "old", "title": "Director", "reports_to": "ceo", "abolished": True},
    ...     {"id": "a", "title": "Analyst", "reports_to": "old"}]})
    >>> live_managers(org)
    {'ceo': None, 'a': 'ceo'}
    """
    abolished = {position.id for position in org.positions if position.abolished}
    if not abolished:
        return {position.id: position.reports_to for position in org.positions}
    lines = reporting_lines(org)
    return {
        position.id: next((above for above in lines.ancestors(position.id) if above not in abolished), None)
        for position in org.positions
        if not position.abolished
    }


def live_lines(org: OrgFile) -> Tree:
    """The reporting lines of the live organisation (:func:`live_managers`), built once and kept while the
    organisation lives: what its layers are counted on.

    >>> org = OrgFile.model_validate({"organisation": {"name": "X"}, "positions": [
    ...     {"id": "ceo", "title": "CEO"}, {"id": "old", "title": "Director", "reports_to": "ceo", "abolished": True},
    ...     {"id": "a", "title": "Analyst", "reports_to": "old"}]})
    >>> live_lines(org).depth
    {'ceo': 0, 'a': 1}
    """
    lines = _LIVE_LINES.get(org)
    return lines if lines is not None else _LIVE_LINES.keep(org, Tree(live_managers(org)))


_LIVE_LINES: PerObject[Tree] = PerObject()


def abolished_ids(org: OrgFile) -> list[str]:
    """The abolished posts, in the file's order."""
    return [position.id for position in org.positions if position.abolished]


def live_positions(org: OrgFile) -> list[Position]:
    """The positions of the live organisation: abolished posts left out, and a post that reports to an abolished
    one reporting to the nearest live post above it (:func:`~orgdiag.model.links.live_managers`)."""
    if not any_set(org.positions, "abolished"):
        return org.positions
    managers = live_managers(org)
    return [
        position
        if position.reports_to == managers[position.id]
        else position.model_copy(update={"reports_to": managers[position.id]})
        for position in org.positions
        if not position.abolished
    ]


def live_units(org: OrgFile) -> list[Unit]:
    """The units of the live organisation: a unit left only by abolished posts is history, as they are (an abolished
    post in it or below, no live post in it or below, and nothing else naming it or a unit below: no channel,
    agency, KPI, link or responsibility). It stays in the file and is neither measured nor drawn.

    >>> org = OrgFile.model_validate({"organisation": {"name": "X"},
    ...     "units": [{"id": "hq", "name": "HQ"}, {"id": "old", "name": "Corporate Services", "parent": "hq"}],
    ...     "positions": [{"id": "ceo", "title": "CEO", "unit": "hq"},
    ...                   {"id": "cs", "title": "Director", "unit": "old", "reports_to": "ceo", "abolished": True}]})
    >>> [unit.id for unit in live_units(org)]
    ['hq']
    """
    gone = _HISTORY_UNITS.get(org)
    if gone is None:
        gone = _HISTORY_UNITS.keep(org, _history_units(org))
    return [unit for unit in org.units if unit.id not in gone] if gone else org.units


_HISTORY_UNITS: PerObject[frozenset[str]] = PerObject()


def _history_units(org: OrgFile) -> frozenset[str]:
    if not any_set(org.positions, "abolished"):
        return frozenset()
    live: dict[str, int] = {}
    abolished: dict[str, int] = {}
    for position in org.positions:
        if position.unit:
            counts = abolished if position.abolished else live
            counts[position.unit] = counts.get(position.unit, 0) + 1
    spoken_for = {unit.id: 1 for unit in org.units if unit.owns or unit.decides or unit.takes_part}
    for reference in referring_to("units"):
        if reference.section not in ("units", "positions"):
            for item in getattr(org, reference.section):
                spoken_for.update(dict.fromkeys(named(item, reference), 1))
    tree = unit_tree(org)
    live_below, abolished_below, named_below = tree.roll_up(live), tree.roll_up(abolished), tree.roll_up(spoken_for)
    return frozenset(
        unit.id
        for unit in org.units
        if abolished_below.get(unit.id) and not live_below.get(unit.id) and not named_below.get(unit.id)
    )
