"""The neighbourhood of one element, cut out of a large organisation to be drawn in full.

``--focus ID`` names a unit, position, channel or agency (a finding is focused on by
its subject's id). The neighbourhood is the element's unit with its positions and their
managers, the unit above it, the units directly below (with their positions, if not
too many), the channels these units own, the agencies that serve those channels or were
contracted there, and the elements that the findings about these positions and units
name as evidence (the head of marketing, say). References to anything outside are
left out of the cut, so the cut is itself a valid organisation, drawn by the ordinary
diagram.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from orgdiag.coverage import unit_counts
from orgdiag.findings import Finding, FindingsDocument
from orgdiag.model import HOLDERS, SECTIONS, OrgFile, is_channel_scope, split_ref
from orgdiag.model.links import element_ids, home_units, named, references_of
from orgdiag.model.tree import unit_tree
from orgdiag.problems import InputError, Problem, did_you_mean
from orgdiag.structure import UnitCount

#: The most positions a focus diagram draws from the sub-units of the focused unit.
SUB_UNIT_POSITIONS = 60
#: The most elements named as evidence by the findings drawn that a focus diagram adds.
MAX_EVIDENCE = 12


class UnknownFocus(InputError):
    """The focus id names nothing in the organisation."""

    def __init__(self, element_id: str, candidates: Iterable[str] = ()):
        hint = did_you_mean(element_id, candidates)
        message = f"'{element_id}' is not the id of a unit, position, channel or agency in the organisation{hint}"
        super().__init__([Problem("--focus", None, "", message, (element_id,))])
        self.element_id = element_id


def neighbourhood(org: OrgFile, element_id: str, findings: list[Finding] | tuple[Finding, ...]) -> OrgFile:
    """The part of `org` around `element_id`, as an organisation of its own.

    >>> from orgdiag.orgfile import load_org
    >>> part = neighbourhood(load_org("fixtures/demo/nordvik-sport.yaml"), "social", [])
    >>> sorted(u.id for u in part.units)
    ['ehandel', 'sociala']
    """
    home = home_units(org)
    if element_id not in home:
        if any(position.id == element_id for position in org.positions):
            return _team_around(org, element_id, findings)
        raise UnknownFocus(element_id, home)
    centre = home[element_id]
    parent_of = {unit.id: unit.parent for unit in org.units}
    above = {parent for parent in [parent_of[centre]] if parent is not None}
    below = {unit.id for unit in org.units if unit.parent == centre}
    core = {centre, *above, *below}
    staffed = {centre, *below} if _headcount(org, below) <= SUB_UNIT_POSITIONS else {centre}
    positions = {p.id for p in org.positions if p.unit in staffed}
    managers = {p.reports_to for p in org.positions if p.id in positions and p.reports_to}
    all_positions = {p.id for p in org.positions}
    positions |= (managers | {element_id}) & all_positions
    close = {element_id, centre, *positions}
    evidence = {ref for f in findings if f.subject in close for ref in f.evidence if ref in home}
    evidence = set(sorted(evidence)[:MAX_EVIDENCE])
    positions |= evidence & all_positions
    channels = {c.id for c in org.channels if c.owner in core or c.id in evidence or c.id == element_id}
    agencies = {
        a.id
        for a in org.agencies
        if a.contracted_by in staffed or set(a.serves) & channels or a.id in evidence or a.id == element_id
    }
    units = core | {home[ref] for ref in evidence} | {home[p] for p in positions if p in home}
    units |= {home[c] for c in channels} | {home[a] for a in agencies}
    return _cut(org, units, positions, channels, agencies)


def _team_around(org: OrgFile, position_id: str, findings: list[Finding] | tuple[Finding, ...]) -> OrgFile:
    """The part around a position no unit holds (an export without units): its manager, itself, its reports and
    (if not too many) theirs, and the positions named as evidence by the findings about it and its reports."""
    reports: dict[str | None, list[str]] = {}
    for position in org.positions:
        reports.setdefault(position.reports_to, []).append(position.id)
    manager = next(p.reports_to for p in org.positions if p.id == position_id)
    direct = reports.get(position_id, [])
    below = [report for one in direct for report in reports.get(one, [])]
    team = {position_id, *direct}
    all_positions = {p.id for p in org.positions}
    evidence = sorted({ref for f in findings if f.subject in team for ref in f.evidence if ref in all_positions})
    positions = team | set(below if len(below) <= SUB_UNIT_POSITIONS else []) | set(evidence[:MAX_EVIDENCE])
    positions |= {manager} if manager is not None else set()
    return _cut(org, set(), positions, set(), set())


def unit_totals(diagnosis: FindingsDocument) -> Mapping[str, UnitCount]:
    """Each unit's posts and staff in the whole organisation: what the drawing of a part cut out of it gives as the
    unit's totals, beside how many of its posts the part shows (a cut leaves some out)."""
    return diagnosis.coverage.units if diagnosis.coverage is not None else unit_counts(diagnosis.org)


def retitled(part: OrgFile, title: str) -> OrgFile:
    """A part of an organisation under a title of its own, which its drawing shows at the top.

    >>> from orgdiag.orgfile import load_org
    >>> retitled(load_org("fixtures/demo/nordvik-sport.yaml"), "Nordvik: around social").organisation.name
    'Nordvik: around social'
    """
    return part.model_copy(update={"organisation": part.organisation.model_copy(update={"name": title})})


def findings_in(part: OrgFile, findings: Iterable[Finding]) -> list[Finding]:
    """The findings about an element of a part cut out of the organisation: those its drawing shows."""
    inside = element_ids(part)
    return [f for f in findings if f.subject in inside]


def subtree(org: OrgFile, unit_id: str, depth: int | None = None) -> OrgFile:
    """A unit and every unit below it (to ``depth`` levels below; 0: the unit alone), with their positions, the
    channels they own and the agencies they contracted, as an organisation of its own (a page of a large
    organisation's drawing).

    >>> from orgdiag.orgfile import load_org
    >>> part = subtree(load_org("fixtures/demo/nordvik-sport.yaml"), "marknad")
    >>> sorted(u.id for u in part.units)
    ['kommunikation', 'marknad', 'varumarke']
    """
    units = {unit_id, *unit_tree(org).descendants(unit_id, levels=depth)}
    positions = {p.id for p in org.positions if p.unit in units}
    channels = {c.id for c in org.channels if c.owner in units}
    agencies = {a.id for a in org.agencies if a.contracted_by in units}
    return _cut(org, units, positions, channels, agencies)


def _headcount(org: OrgFile, units: set[str]) -> int:
    return sum(1 for p in org.positions if p.unit in units)


def _cut(org: OrgFile, units: set[str], positions: set[str], channels: set[str], agencies: set[str]) -> OrgFile:
    """The organisation restricted to these elements: an item that needs an element left out goes with it
    (a KPI of a channel not drawn), every other reference to the rest is removed."""
    kept = {"units": units, "positions": positions, "channels": channels, "agencies": agencies}
    return org.model_copy(update={section: _kept_items(getattr(org, section), section, kept) for section in SECTIONS})


def _kept_items(items: list[Any], section: str, kept: dict[str, set[str]]) -> list[Any]:
    out = []
    for item in items:
        if section in kept and item.id not in kept[section]:
            continue
        update = _cut_references(item, section, kept)
        if update is None:
            continue
        if section in HOLDERS:
            update["owns"], update["decides"] = _drawn_refs(item.owns, kept), _drawn_refs(item.decides, kept)
        out.append(item.model_copy(update=update) if update else item)
    return out


def _cut_references(item: Any, section: str, kept: dict[str, set[str]]) -> dict[str, Any] | None:
    """The item's references to elements left out, removed; None when the item cannot stand without them."""
    update: dict[str, Any] = {}
    for reference in references_of(section):
        ids = named(item, reference)
        inside = [i for i in ids if any(i in kept[target] for target in reference.targets)]
        if len(inside) == len(ids):
            continue
        if reference.required:
            return None
        if reference.many:
            update[reference.key] = type(getattr(item, reference.key))(inside)  # a list stays a list, a tuple a tuple
        else:
            update[reference.key] = None
    return update


def _drawn_refs(refs: list[str], kept: dict[str, set[str]]) -> list[str]:
    """The responsibilities whose scope is drawn: marcom, an area beyond the channels, or a channel kept."""
    return [ref for ref in refs if split_ref(ref)[0] in kept["channels"] or not is_channel_scope(split_ref(ref)[0])]
