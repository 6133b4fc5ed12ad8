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

from orgdiag.graph import EdgeIndex, responsibility_node
from orgdiag.model import LINK_KINDS, MARCOM

Fact = dict[str, Any]

#: Responsibilities that make an agency the ruler of its channel ("kungadöme", seed 000).
KINGDOM_RESPONSIBILITIES = frozenset({"strategy", "kpis", "creative", "suppliers"})


@dataclass
class OrgContext:
    """What every fact needs to know about the organisation as a whole, and the graph's index."""

    g: nx.MultiDiGraph
    index: EdgeIndex
    head_of_marketing: str | None = None
    marketing_unit: str | None = None
    marketing_units: set[str] = field(default_factory=set)
    top_unit: str | None = None
    channel_units: set[str] = field(default_factory=set)
    unit_of: dict[str, str] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)
    top_owns_marcom_strategy: bool = False
    marketing_fields: Fact = field(default_factory=dict)

    def beside_marketing(self, unit: str | None) -> bool:
        """A unit that owns a channel but is not part of the marketing organisation."""
        return unit is not None and unit in self.channel_units and unit not in self.marketing_units


def position_depths(g: nx.MultiDiGraph, index: EdgeIndex | None = None) -> dict[str, int]:
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
    index = index or EdgeIndex(g)
    reporting = nx.DiGraph(((manager, report) for report, manager in index.edges("reports_to")))
    positions = index.of_type("position")
    depths: dict[str, int] = {}
    for position in positions:
        if not index.targets(position, "reports_to"):
            depths[position] = 0
            if position in reporting:
                depths.update(nx.single_source_shortest_path_length(reporting, position))
    return {position: depths.get(position, 0) for position in positions}


def org_context(g: nx.MultiDiGraph) -> OrgContext:
    """Find the head of marketing, the marketing organisation and the channel-owning units."""
    index = EdgeIndex(g)
    ctx = OrgContext(g, index)
    ctx.depth = position_depths(g, index)
    for position in index.of_type("position"):
        ctx.unit_of[position] = index.targets(position, "member_of")[0]
    for unit in index.of_type("unit"):
        ctx.unit_of[unit] = unit
    ctx.channel_units = {index.sources(channel, "owns")[0] for channel in index.of_type("channel")}
    heads = [p for p in index.of_type("position") if "head-of-marketing" in g.nodes[p]["roles"]]
    if heads:
        ctx.head_of_marketing = min(heads, key=lambda p: ctx.depth[p])
        ctx.marketing_unit = ctx.unit_of[ctx.head_of_marketing]
        unit_tree = nx.DiGraph(index.edges("part_of"))
        below = nx.ancestors(unit_tree, ctx.marketing_unit) if ctx.marketing_unit in unit_tree else set()
        ctx.marketing_units = {ctx.marketing_unit, *below}
    ctx.top_unit = _top_unit(index, ctx.marketing_unit)
    top_of_marketing = {ctx.head_of_marketing, ctx.marketing_unit} - {None}
    owners = index.sources(responsibility_node(f"{MARCOM}/strategy"), "owns")
    ctx.top_owns_marcom_strategy = any(owner in top_of_marketing for owner in owners)
    ctx.marketing_fields = _marketing_fields(g, ctx)
    return ctx


def _top_unit(index: EdgeIndex, start: str | None) -> str | None:
    units = index.of_type("unit")
    if not units:
        return None
    node = start or units[0]
    while parents := index.targets(node, "part_of"):
        node = parents[0]
    return node


def owned_responsibilities(ctx: OrgContext, holder: str) -> list[tuple[str, str]]:
    """(scope, responsibility) pairs a holder owns, in file order."""
    nodes = ctx.g.nodes
    return [
        (nodes[r]["scope"], nodes[r]["responsibility"])
        for r in ctx.index.targets(holder, "owns")
        if nodes[r]["type"] == "responsibility"
    ]


def _strategy_fields(ctx: OrgContext, holder: str, home_unit: str | None) -> Fact:
    scopes = [scope for scope, word in owned_responsibilities(ctx, holder) if word == "strategy"]
    return {
        "strategies": len(scopes),
        "strategy_scopes": scopes,
        "beside_marketing": ctx.beside_marketing(home_unit),
        "top_owns_marcom_strategy": ctx.top_owns_marcom_strategy,
        **ctx.marketing_fields,
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


def unit_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per unit: the channels it owns, whether it is in marketing, which peers it is linked to."""
    peers = ctx.channel_units | ctx.marketing_units
    linked_peers: dict[str, set[str]] = defaultdict(set)
    links = [edge for kind in LINK_KINDS for edge in ctx.index.edges(kind)]
    for a, b in links:
        unit_a, unit_b = ctx.unit_of.get(a), ctx.unit_of.get(b)
        if unit_a and unit_b and unit_a != unit_b:
            if unit_b in peers:
                linked_peers[unit_a].add(unit_b)
            if unit_a in peers:
                linked_peers[unit_b].add(unit_a)
    facts = []
    for unit in ctx.index.of_type("unit"):
        channels = [c for c in ctx.index.targets(unit, "owns") if ctx.g.nodes[c]["type"] == "channel"]
        facts.append(
            {
                "t": "unit",
                "ref": unit,
                "name": ctx.g.nodes[unit]["name"],
                "channels": len(channels),
                "channel_ids": channels,
                "in_marketing": unit in ctx.marketing_units,
                "linked_peers": len(linked_peers[unit]),
                "linked_peer_ids": sorted(linked_peers[unit]),
                **_strategy_fields(ctx, unit, unit),
            }
        )
    return facts


def position_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per position: its duties, decision rights, channel scope and depth."""
    nodes = ctx.g.nodes
    facts = []
    for position in ctx.index.of_type("position"):
        owned = owned_responsibilities(ctx, position)
        duties = sorted({word for _, word in owned})
        channel_scopes = sorted({scope for scope, _ in owned if scope != MARCOM})
        facts.append(
            {
                "t": "position",
                "ref": position,
                "name": nodes[position]["title"],
                "unit": ctx.unit_of[position],
                "strategist": "strategist" in nodes[position]["roles"],
                "duties": len(duties),
                "duty_list": duties,
                "decisions": len(ctx.index.targets(position, "decides")),
                "channel_scopes": len(channel_scopes),
                "channel_scope_ids": channel_scopes,
                "depth": ctx.depth[position],
                **_strategy_fields(ctx, position, ctx.unit_of[position]),
            }
        )
    return facts


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
                "served_channels": served,
                "served_units": len(served_units),
                "served_unit_ids": served_units,
                "kingdom": len(kingdom),
                "kingdom_list": kingdom,
                "outside_links": len(outside),
                **_strategy_fields(ctx, agency, contracted_by),
            }
        )
    return facts


def org_fact(ctx: OrgContext) -> Fact:
    """The one fact about the organisation as a whole."""
    g, index = ctx.g, ctx.index
    channels = index.of_type("channel")
    strategy_owners = sorted(
        {
            holder
            for node in index.of_type("responsibility")
            if g.nodes[node]["responsibility"] == "strategy"
            for holder in index.sources(node, "owns")
        }
    )
    return {
        "t": "org",
        "ref": ctx.head_of_marketing or ctx.top_unit or "",
        "ref_label": _label(g, ctx.head_of_marketing or ctx.top_unit, "the top of the organisation"),
        "name": g.graph["name"],
        "channels": len(channels),
        "channel_ids": channels,
        "has_head_of_marketing": ctx.head_of_marketing is not None,
        **ctx.marketing_fields,
        "top_unit": ctx.top_unit or "",
        "top_owns_marcom_strategy": ctx.top_owns_marcom_strategy,
        "strategy_owners": strategy_owners,
    }


def build_facts(g: nx.MultiDiGraph) -> list[Fact]:
    """All facts of an organisation graph, in a stable order: org, units, positions, agencies."""
    ctx = org_context(g)
    return [org_fact(ctx), *unit_facts(ctx), *position_facts(ctx), *agency_facts(ctx)]
