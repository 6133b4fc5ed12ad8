"""`agency` facts: what an agency serves, owns and decides, and who its contact is."""

from __future__ import annotations

from orgdiag.measure.facts.context import (
    COMMON_FIELDS,
    HOLDER_FIELDS,
    Fact,
    OrgContext,
    owned_responsibilities,
    strategy_fields,
)
from orgdiag.model import MARCOM

#: Responsibilities that make an agency the ruler of its channel ("kungadöme", af Klintberg Ryberg).
KINGDOM_RESPONSIBILITIES = frozenset({"strategy", "kpis", "creative", "suppliers"})


#: The fields of a `agency` fact, with what each means.
AGENCY_FIELDS: dict[str, str] = {
    **COMMON_FIELDS,
    "contracted_by": "the unit that contracted it",
    "contact": "its contact position, or empty",
    "served_channels": "the channels it serves",
    "served_units": "how many distinct units own those channels",
    "served_unit_ids": "them",
    "kingdom": "how many of strategy, KPIs, creative, supplier choice it owns for what it serves (and KPIs)",
    "kingdom_list": "them",
    "outside_links": "links to other agencies, or to units beyond the one it serves and the one that contracted it",
    **HOLDER_FIELDS,
}


def agency_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per agency: which units' channels it serves, what of them it rules, who it talks to."""
    index, nodes = ctx.index, ctx.g.nodes
    facts = []
    for agency in index.of_type("agency"):
        served = index.targets(agency, "serves")
        served_units = sorted({index.sources(c, "owns")[0] for c in served})
        contracted_by = index.targets(agency, "contracted_by")[0]
        kingdom = [
            f"{scope}/{word}"
            for scope, word in owned_responsibilities(ctx, agency)
            if word in KINGDOM_RESPONSIBILITIES and (scope in served or scope == MARCOM)
        ]
        for kpi in index.targets(agency, "owns"):
            measured = f"{index.targets(kpi, 'measures')[0]}/kpis" if nodes[kpi]["type"] == "kpi" else None
            if measured and measured not in kingdom:
                kingdom.append(measured)
        home = {contracted_by, *served_units}
        outside = sorted(
            {
                other
                for other in index.linked(agency)
                if nodes[other]["type"] == "agency" or ctx.unit_of.get(other) not in home
            }
        )
        facts.append(
            {
                "t": "agency",
                "ref": agency,
                "name": nodes[agency]["name"],
                "contracted_by": contracted_by,
                "contact": next(iter(index.targets(agency, "contact")), ""),
                "served_channels": served,
                "served_units": len(served_units),
                "served_unit_ids": served_units,
                "kingdom": len(kingdom),
                "kingdom_list": kingdom,
                "outside_links": len(outside),
                **strategy_fields(ctx, owned_responsibilities(ctx, agency), contracted_by, agency),
            }
        )
    return facts
