"""Graph metrics computed with networkx, turned into the compact facts the rules match on.

Facts are flat dicts of numbers, booleans, strings and lists of ids. They carry
*measures* (how many channels a unit owns, how deep a position sits, whether the
top of marketing owns the marcom strategy); the rules under ``rules/`` decide which
combinations and thresholds make a problem. Each fact has ``t`` (its type) and
``ref`` (the id of the element it describes); the engine adds ``id`` and ``sid``.

docs/facts.md lists every field.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from orgdiag.graph import kind_subgraph, linked, nodes_of_type, sources, targets
from orgdiag.model import MARCOM

Fact = dict[str, Any]

#: Responsibilities that make an agency the ruler of its channel ("kungadöme", seed 000).
KINGDOM_RESPONSIBILITIES = frozenset({"strategy", "kpis", "creative", "suppliers"})


@dataclass
class OrgContext:
    """What every fact needs to know about the organisation as a whole."""

    head_of_marketing: str | None = None
    marketing_unit: str | None = None
    marketing_units: set[str] = field(default_factory=set)
    top_unit: str | None = None
    channel_units: set[str] = field(default_factory=set)
    unit_of: dict[str, str] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)
    top_owns_marcom_strategy: bool = False

    def beside_marketing(self, unit: str | None) -> bool:
        """A unit that owns a channel but is not part of the marketing organisation."""
        return unit is not None and unit in self.channel_units and unit not in self.marketing_units


def position_depths(g: nx.MultiDiGraph) -> dict[str, int]:
    """Reporting layers above each position: 0 for a position reporting to nobody.

    >>> from orgdiag.orgfile import parse_org
    >>> from orgdiag.graph import build_graph
    >>> g = build_graph(parse_org('''
    ... organisation: {name: X}
    ... units: [{id: u, name: U}]
    ... positions: [{id: a, title: VD, unit: u}, {id: b, title: B, unit: u, reports_to: a}]
    ... ''', "x.yaml"))
    >>> position_depths(g)
    {'a': 0, 'b': 1}
    """
    reporting = kind_subgraph(g, "reports_to").reverse(copy=False)
    depths: dict[str, int] = {}
    for position in nodes_of_type(g, "position"):
        if not targets(g, position, "reports_to"):
            depths[position] = 0
            if position in reporting:
                for node, distance in nx.single_source_shortest_path_length(reporting, position).items():
                    depths[node] = distance
    return {position: depths.get(position, 0) for position in nodes_of_type(g, "position")}


def org_context(g: nx.MultiDiGraph) -> OrgContext:
    """Find the head of marketing, the marketing organisation and the channel-owning units."""
    ctx = OrgContext()
    ctx.depth = position_depths(g)
    for position in nodes_of_type(g, "position"):
        ctx.unit_of[position] = targets(g, position, "member_of")[0]
    for unit in nodes_of_type(g, "unit"):
        ctx.unit_of[unit] = unit
        if targets(g, unit, "owns"):
            ctx.channel_units.add(unit)
    heads = [p for p in nodes_of_type(g, "position") if "head-of-marketing" in g.nodes[p]["roles"]]
    if heads:
        ctx.head_of_marketing = min(heads, key=lambda p: ctx.depth[p])
        ctx.marketing_unit = ctx.unit_of[ctx.head_of_marketing]
        unit_tree = kind_subgraph(g, "part_of")
        below = nx.ancestors(unit_tree, ctx.marketing_unit) if ctx.marketing_unit in unit_tree else set()
        ctx.marketing_units = {ctx.marketing_unit, *below}
    ctx.top_unit = _top_unit(g, ctx.marketing_unit)
    top_of_marketing = {ctx.head_of_marketing, ctx.marketing_unit} - {None}
    owners = sources(g, "#resp:marcom/strategy", "owns") if "#resp:marcom/strategy" in g else []
    ctx.top_owns_marcom_strategy = any(owner in top_of_marketing for owner in owners)
    return ctx


def _top_unit(g: nx.MultiDiGraph, start: str | None) -> str | None:
    units = nodes_of_type(g, "unit")
    if not units:
        return None
    node = start or units[0]
    while parents := targets(g, node, "part_of"):
        node = parents[0]
    return node


def owned_responsibilities(g: nx.MultiDiGraph, holder: str) -> list[tuple[str, str]]:
    """(scope, responsibility) pairs a holder owns, in file order."""
    return [
        (g.nodes[r]["scope"], g.nodes[r]["responsibility"])
        for r in targets(g, holder, "owns")
        if g.nodes[r]["type"] == "responsibility"
    ]


def _strategy_fields(g: nx.MultiDiGraph, ctx: OrgContext, holder: str, home_unit: str | None) -> Fact:
    scopes = [scope for scope, word in owned_responsibilities(g, holder) if word == "strategy"]
    return {
        "strategies": len(scopes),
        "strategy_scopes": scopes,
        "beside_marketing": ctx.beside_marketing(home_unit),
        "top_owns_marcom_strategy": ctx.top_owns_marcom_strategy,
        **_marketing_fields(g, ctx),
    }


def _marketing_fields(g: nx.MultiDiGraph, ctx: OrgContext) -> Fact:
    """Who and where the top of marketing is, by id and by the names people read."""
    head, unit = ctx.head_of_marketing, ctx.marketing_unit
    return {
        "head_of_marketing": head or "",
        "head_of_marketing_label": _label(g, head, "a head of marketing (to be appointed)"),
        "marketing_unit": unit or "",
        "marketing_unit_label": _label(g, unit, "a marketing unit (to be formed)"),
    }


def _label(g: nx.MultiDiGraph, node: str | None, missing: str) -> str:
    """How a message names an element: "Marknadschef (cmo)", or what is missing."""
    return f"{g.nodes[node]['name']} ({node})" if node else missing


def unit_facts(g: nx.MultiDiGraph, ctx: OrgContext) -> list[Fact]:
    """One fact per unit: the channels it owns, whether it is in marketing, which peers it is linked to."""
    peers = ctx.channel_units | ctx.marketing_units
    linked_peers: dict[str, set[str]] = defaultdict(set)
    for a, b, kind in g.edges(keys=True):
        if kind not in ("collaborates", "coordinates"):
            continue
        unit_a, unit_b = ctx.unit_of.get(a), ctx.unit_of.get(b)
        if unit_a and unit_b and unit_a != unit_b:
            if unit_b in peers:
                linked_peers[unit_a].add(unit_b)
            if unit_a in peers:
                linked_peers[unit_b].add(unit_a)
    facts = []
    for unit in nodes_of_type(g, "unit"):
        channels = targets(g, unit, "owns")
        channels = [c for c in channels if g.nodes[c]["type"] == "channel"]
        facts.append({
            "t": "unit",
            "ref": unit,
            "name": g.nodes[unit]["name"],
            "channels": len(channels),
            "channel_ids": channels,
            "in_marketing": unit in ctx.marketing_units,
            "linked_peers": len(linked_peers[unit]),
            "linked_peer_ids": sorted(linked_peers[unit]),
            **_strategy_fields(g, ctx, unit, unit),
        })
    return facts


def position_facts(g: nx.MultiDiGraph, ctx: OrgContext) -> list[Fact]:
    """One fact per position: its duties, decision rights, channel scope and depth."""
    facts = []
    for position in nodes_of_type(g, "position"):
        owned = owned_responsibilities(g, position)
        duties = sorted({word for _, word in owned})
        channel_scopes = sorted({scope for scope, _ in owned if scope != MARCOM})
        facts.append({
            "t": "position",
            "ref": position,
            "name": g.nodes[position]["title"],
            "unit": ctx.unit_of[position],
            "strategist": "strategist" in g.nodes[position]["roles"],
            "duties": len(duties),
            "duty_list": duties,
            "decisions": len(targets(g, position, "decides")),
            "channel_scopes": len(channel_scopes),
            "channel_scope_ids": channel_scopes,
            "depth": ctx.depth[position],
            **_strategy_fields(g, ctx, position, ctx.unit_of[position]),
        })
    return facts


def agency_facts(g: nx.MultiDiGraph, ctx: OrgContext) -> list[Fact]:
    """One fact per agency: which units' channels it serves, what of them it rules, who it talks to."""
    facts = []
    for agency in nodes_of_type(g, "agency"):
        served = targets(g, agency, "serves")
        served_units = sorted({sources(g, c, "owns")[0] for c in served})
        contracted_by = targets(g, agency, "contracted_by")[0]
        kingdom = [
            f"{scope}/{word}" for scope, word in owned_responsibilities(g, agency)
            if word in KINGDOM_RESPONSIBILITIES and (scope in served or scope == MARCOM)
        ]
        for kpi in targets(g, agency, "owns"):
            if g.nodes[kpi]["type"] == "kpi" and f"{targets(g, kpi, 'measures')[0]}/kpis" not in kingdom:
                kingdom.append(f"{targets(g, kpi, 'measures')[0]}/kpis")
        home = {contracted_by, *served_units}
        outside = sorted({
            other for other in linked(g, agency)
            if g.nodes[other]["type"] == "agency" or ctx.unit_of.get(other) not in home
        })
        facts.append({
            "t": "agency",
            "ref": agency,
            "name": g.nodes[agency]["name"],
            "contracted_by": contracted_by,
            "served_channels": served,
            "served_units": len(served_units),
            "served_unit_ids": served_units,
            "kingdom": len(kingdom),
            "kingdom_list": kingdom,
            "outside_links": len(outside),
            **_strategy_fields(g, ctx, agency, contracted_by),
        })
    return facts


def org_fact(g: nx.MultiDiGraph, ctx: OrgContext) -> Fact:
    """The one fact about the organisation as a whole."""
    channels = nodes_of_type(g, "channel")
    strategy_owners = sorted({
        holder for node in nodes_of_type(g, "responsibility") if g.nodes[node]["responsibility"] == "strategy"
        for holder in sources(g, node, "owns")
    })
    return {
        "t": "org",
        "ref": ctx.head_of_marketing or ctx.top_unit or "",
        "ref_label": _label(g, ctx.head_of_marketing or ctx.top_unit, "the top of the organisation"),
        "name": g.graph["name"],
        "channels": len(channels),
        "channel_ids": channels,
        "has_head_of_marketing": ctx.head_of_marketing is not None,
        **_marketing_fields(g, ctx),
        "top_unit": ctx.top_unit or "",
        "top_owns_marcom_strategy": ctx.top_owns_marcom_strategy,
        "strategy_owners": strategy_owners,
    }


def build_facts(g: nx.MultiDiGraph) -> list[Fact]:
    """All facts of an organisation graph, in a stable order: org, units, positions, agencies."""
    ctx = org_context(g)
    return [org_fact(g, ctx), *unit_facts(g, ctx), *position_facts(g, ctx), *agency_facts(g, ctx)]
