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

from orgdiag.findings import Finding
from orgdiag.model import MARCOM, OrgFile, split_ref
from orgdiag.render.overview import unit_of_elements

#: The most positions a focus diagram draws from the sub-units of the focused unit.
SUB_UNIT_POSITIONS = 60
#: The most elements named as evidence by the findings drawn that a focus diagram adds.
MAX_EVIDENCE = 12


class UnknownFocus(ValueError):
    """The focus id names nothing in the organisation."""


def neighbourhood(org: OrgFile, element_id: str, findings: list[Finding] | tuple[Finding, ...]) -> OrgFile:
    """The part of `org` around `element_id`, as an organisation of its own.

    >>> from orgdiag.orgfile import load_org
    >>> part = neighbourhood(load_org("fixtures/demo/nordvik-sport.yaml"), "social", [])
    >>> sorted(u.id for u in part.units)
    ['ehandel', 'sociala']
    """
    home = unit_of_elements(org)
    if element_id not in home:
        raise UnknownFocus(element_id)
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


def _headcount(org: OrgFile, units: set[str]) -> int:
    return sum(1 for p in org.positions if p.unit in units)


def _cut(org: OrgFile, units: set[str], positions: set[str], channels: set[str], agencies: set[str]) -> OrgFile:
    """The organisation restricted to these elements, every reference to the rest removed."""
    holders = units | positions | agencies

    def refs(values: list[str]) -> list[str]:
        return [ref for ref in values if split_ref(ref)[0] in channels or split_ref(ref)[0] == MARCOM]

    def inside(value: str | None, kept: set[str]) -> str | None:
        return value if value in kept else None

    return org.model_copy(
        update={
            "units": [
                u.model_copy(
                    update={
                        "parent": inside(u.parent, units),
                        "owns": refs(u.owns),
                        "decides": refs(u.decides),
                        "takes_part": tuple(c for c in u.takes_part if c in channels),
                    }
                )
                for u in org.units
                if u.id in units
            ],
            "positions": [
                p.model_copy(
                    update={
                        "unit": inside(p.unit, units),
                        "reports_to": inside(p.reports_to, positions),
                        "dotted_to": tuple(m for m in p.dotted_to if m in positions),
                        "owns": refs(p.owns),
                        "decides": refs(p.decides),
                        "takes_part": tuple(c for c in p.takes_part if c in channels),
                    }
                )
                for p in org.positions
                if p.id in positions
            ],
            "channels": [c for c in org.channels if c.id in channels],
            "agencies": [
                a.model_copy(
                    update={
                        "serves": [c for c in a.serves if c in channels],
                        "contact": inside(a.contact, positions),
                        "owns": refs(a.owns),
                        "decides": refs(a.decides),
                    }
                )
                for a in org.agencies
                if a.id in agencies
            ],
            "kpis": [k for k in org.kpis if k.channel in channels and k.owner in holders],
            "budgets": [b for b in org.budgets if b.channel in channels and b.owner in holders],
            "approvals": [a for a in org.approvals if a.channel in channels and set(a.steps) <= positions],
            "experiments": [e for e in org.experiments if e.channel in channels and e.owner in holders],
            "links": [link for link in org.links if set(link.between) <= holders],
        }
    )
