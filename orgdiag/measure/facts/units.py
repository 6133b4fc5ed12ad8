"""`unit` facts: a unit's channels, people and agencies, and who it is linked to."""

from __future__ import annotations

from collections import defaultdict

from orgdiag.measure.facts.context import (
    COMMON_FIELDS,
    HOLDER_FIELDS,
    Fact,
    OrgContext,
    owned_responsibilities,
    strategy_fields,
)
from orgdiag.measure.operating import coordinating_hubs, set_from_above
from orgdiag.model import LINK_KINDS, SPOKE_MODELS

#: The fields of a `unit` fact, with what each means.
UNIT_FIELDS: dict[str, str] = {
    **COMMON_FIELDS,
    "channels": "how many channels it owns",
    "channel_ids": "the channels it owns",
    "in_marketing": "it is the marketing unit or below it",
    "linked_peers": "other channel-owning or marketing units it is linked to (directly or through its positions)",
    "linked_peer_ids": "their ids",
    "dotted_to_marketing": "one of its positions has a dotted line to a position in marketing",
    "own_agencies": "agencies it contracted",
    "own_agency_ids": "their ids",
    "positions": "positions directly in it",
    "positions_below": "positions in it and every unit below it",
    "spoke_by_design": (
        "the organisation declares a model in which units outside marketing run channels (`hub-and-spoke`, "
        "`dandelion`, `honeycomb`: `organisation.operating_model`) and the strategy of every channel this unit "
        "runs is set in the marketing organisation or by a unit above it"
    ),
    **HOLDER_FIELDS,
}


def unit_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per unit: its channels, people and agencies, whether it is in marketing, who it is linked to."""
    index = ctx.index
    links = [edge for kind in LINK_KINDS for edge in index.edges(kind)]
    # a channel unit linked to the hub that coordinates it is coordinated, not a silo
    peers = ctx.channel_units | ctx.marketing_units | coordinating_hubs(ctx)
    linked_peers: dict[str, set[str]] = defaultdict(set)
    for a, b in links:
        unit_a, unit_b = ctx.unit_of.get(a), ctx.unit_of.get(b)
        if unit_a and unit_b and unit_a != unit_b:
            if unit_b in peers:
                linked_peers[unit_a].add(unit_b)
            if unit_a in peers:
                linked_peers[unit_b].add(unit_a)
    dotted_to_marketing = {
        ctx.unit_of[report]
        for report, managers in index.out("dotted_to").items()
        if report in ctx.unit_of and any(_in_marketing(ctx, manager) for manager in managers)
    }
    units = ctx.structure.units
    agencies_of: dict[str, list[str]] = defaultdict(list)
    for agency in index.of_type("agency"):
        agencies_of[index.targets(agency, "contracted_by")[0]].append(agency)
    by_design = set_from_above(ctx) if ctx.g.graph.get("operating_model") in SPOKE_MODELS else set()
    facts = []
    for unit in index.of_type("unit"):
        channels = [c for c in index.targets(unit, "owns") if ctx.attrs[c]["type"] == "channel"]
        facts.append(
            {
                "t": "unit",
                "ref": unit,
                "name": ctx.attrs[unit]["name"],
                "channels": len(channels),
                "channel_ids": channels,
                "in_marketing": unit in ctx.marketing_units,
                "linked_peers": len(linked_peers[unit]),
                "linked_peer_ids": sorted(linked_peers[unit]),
                "dotted_to_marketing": unit in dotted_to_marketing,
                "own_agencies": len(agencies_of[unit]),
                "own_agency_ids": agencies_of[unit],
                "positions": len(index.sources(unit, "member_of")),
                "positions_below": units[unit].total.posts,
                "spoke_by_design": unit in by_design,
                **strategy_fields(ctx, owned_responsibilities(ctx, unit), unit, unit),
            }
        )
    return facts


def _in_marketing(ctx: OrgContext, position: str) -> bool:
    return position == ctx.head_of_marketing or ctx.unit_of.get(position) in ctx.marketing_units
