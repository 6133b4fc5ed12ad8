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
    #: each node's attributes, by node (networkx's node view costs a microsecond a look-up)
    attrs: dict[str, dict[str, Any]] = field(default_factory=dict)
    head_of_marketing: str | None = None
    marketing_unit: str | None = None
    marketing_units: set[str] = field(default_factory=set)
    top_unit: str | None = None
    channel_units: set[str] = field(default_factory=set)
    unit_of: dict[str, str] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)
    top_owns_marcom_strategy: bool = False
    marketing_fields: Fact = field(default_factory=dict)
    owned: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _settings: dict[str | None, Fact] = field(default_factory=dict)

    def setting(self, home_unit: str | None) -> Fact:
        """The fields every holder's fact carries about where it stands: the same dict for one home unit."""
        fields = self._settings.get(home_unit)
        if fields is None:
            fields = self._settings[home_unit] = {
                "beside_marketing": self.beside_marketing(home_unit),
                "top_owns_marcom_strategy": self.top_owns_marcom_strategy,
                **self.marketing_fields,
            }
        return fields

    def beside_marketing(self, unit: str | None) -> bool:
        """A unit that owns a channel but is not part of the marketing organisation."""
        return unit is not None and unit in self.channel_units and unit not in self.marketing_units


def position_depths(g: nx.MultiDiGraph, index: EdgeIndex | None = None) -> dict[str, int]:
    """Reporting layers above each position: 0 for a position reporting to nobody.

    Every position has at most one manager and the lines do not loop (the loader checks),
    so each depth is its manager's plus one, worked out along each chain once.

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
    manager_of = {report: managers[0] for report, managers in index.out("reports_to").items()}
    depths: dict[str, int] = {}
    for position in index.of_type("position"):
        chain = []
        node = position
        while node not in depths and node in manager_of:
            chain.append(node)
            node = manager_of[node]
        depth = depths.setdefault(node, 0)
        for above in reversed(chain):
            depth += 1
            depths[above] = depth
    return {position: depths[position] for position in index.of_type("position")}


def org_context(g: nx.MultiDiGraph) -> OrgContext:
    """Find the head of marketing, the marketing organisation and the channel-owning units."""
    index = EdgeIndex(g)
    ctx = OrgContext(g, index, attrs=dict(g.nodes(data=True)))
    ctx.depth = position_depths(g, index)
    ctx.unit_of = {position: units[0] for position, units in index.out("member_of").items()}
    ctx.unit_of.update((unit, unit) for unit in index.of_type("unit"))
    ctx.owned = _owned_responsibilities(ctx)
    ctx.channel_units = {index.sources(channel, "owns")[0] for channel in index.of_type("channel")}
    heads = [p for p in index.of_type("position") if "head-of-marketing" in ctx.attrs[p]["roles"]]
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


def _owned_responsibilities(ctx: OrgContext) -> dict[str, list[tuple[str, str]]]:
    """(scope, responsibility) pairs each holder owns, in file order."""
    attrs = ctx.attrs
    owned: dict[str, list[tuple[str, str]]] = {}
    for holder, targets in ctx.index.out("owns").items():
        resps = [attrs[target] for target in targets if attrs[target]["type"] == "responsibility"]
        pairs = [(resp["scope"], resp["responsibility"]) for resp in resps]
        if pairs:
            owned[holder] = pairs
    return owned


def owned_responsibilities(ctx: OrgContext, holder: str) -> list[tuple[str, str]]:
    """(scope, responsibility) pairs a holder owns, in file order."""
    return ctx.owned.get(holder, [])


def _strategy_fields(ctx: OrgContext, owned: list[tuple[str, str]], home_unit: str | None) -> Fact:
    scopes = [scope for scope, word in owned if word == "strategy"]
    return {"strategies": len(scopes), "strategy_scopes": scopes, **ctx.setting(home_unit)}


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
        channels = [c for c in ctx.index.targets(unit, "owns") if ctx.attrs[c]["type"] == "channel"]
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
                **_strategy_fields(ctx, owned_responsibilities(ctx, unit), unit),
            }
        )
    return facts


def position_facts(ctx: OrgContext, positions: list[str] | None = None) -> list[Fact]:
    """One fact per position (or per one of `positions`): its duties, decision rights, channel scope and depth."""
    attrs = ctx.attrs
    decides = ctx.index.out("decides")
    facts = []
    for position in ctx.index.of_type("position") if positions is None else positions:
        owned = owned_responsibilities(ctx, position)
        duties = sorted({word for _, word in owned}) if owned else []
        channel_scopes = sorted({scope for scope, _ in owned if scope != MARCOM}) if owned else []
        unit = ctx.unit_of[position]
        facts.append(
            {
                "t": "position",
                "ref": position,
                "name": attrs[position]["title"],
                "unit": unit,
                "strategist": "strategist" in attrs[position]["roles"],
                "duties": len(duties),
                "duty_list": duties,
                "decisions": len(decides.get(position, ())),
                "channel_scopes": len(channel_scopes),
                "channel_scope_ids": channel_scopes,
                "depth": ctx.depth[position],
                **_strategy_fields(ctx, owned, unit),
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
                **_strategy_fields(ctx, owned_responsibilities(ctx, agency), contracted_by),
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


def facts_of(ctx: OrgContext, positions: list[str] | None = None) -> list[Fact]:
    """The facts in a stable order: org, units, positions (all, or these), agencies."""
    return [org_fact(ctx), *unit_facts(ctx), *position_facts(ctx, positions), *agency_facts(ctx)]


def build_facts(g: nx.MultiDiGraph) -> list[Fact]:
    """All facts of an organisation graph, in a stable order: org, units, positions, agencies."""
    return facts_of(org_context(g))
