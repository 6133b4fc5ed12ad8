"""Graph metrics turned into the compact facts the rules match on.

Facts are flat dicts of numbers, booleans, strings and lists of ids. They carry
*measures* (how many channels a unit owns, how deep a position sits, whether the
top of marketing owns the marcom strategy); the rules under ``rules/`` decide which
combinations and thresholds make a problem. Each fact has ``t`` (its type) and
``ref`` (the id of the element it describes); the engine adds ``id`` and ``sid``.

:data:`FACT_FIELDS` describes every field of every type; the rule loader checks rules
against it and docs/rules/facts.md is generated from it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from orgdiag.graph import EdgeIndex, responsibility_node
from orgdiag.lexicon import channel_kinds_in, kpi_kinds_in
from orgdiag.metrics import (
    SPAN_BANDS,
    betweenness,
    direct_reports,
    layers_below,
    position_depths,
    span_band,
    span_shares,
    unit_headcounts,
)
from orgdiag.model import LINK_KINDS, MARCOM

Fact = dict[str, Any]

#: Responsibilities that make an agency the ruler of its channel ("kungadöme", seed 000).
KINGDOM_RESPONSIBILITIES = frozenset({"strategy", "kpis", "creative", "suppliers"})

#: Roles whose holders are marketing and communication people: the usual voices of a channel (seed 001).
COMMUNICATOR_ROLES = frozenset({"communicator", "community-manager", "strategist", "head-of-marketing"})

#: Roles at the top, expected to be hubs of the organisation.
TOP_ROLES = frozenset({"executive", "head-of-marketing"})

_SETTING = {
    "beside_marketing": "its unit (an agency: the unit that contracted it) owns a channel and is outside marketing",
    "top_owns_marcom_strategy": "the head of marketing or the marketing unit owns `marcom/strategy`",
    "head_of_marketing": "the head of marketing's position id, or empty",
    "head_of_marketing_label": '"Title (id)" of that position, or "a head of marketing (to be appointed)"',
    "marketing_unit": "the head of marketing's unit id, or empty",
    "marketing_unit_label": '"Name (id)" of that unit, or "a marketing unit (to be formed)"',
}
_HOLDER = {
    "strategies": "how many `…/strategy` responsibilities it owns",
    "strategy_scopes": "their scopes (channel ids or `marcom`)",
    **_SETTING,
}
_COMMON = {"t": "the fact's type", "ref": "the id of the element it describes", "name": "its name or title"}

#: Every field of every fact type, with what it means: the rules' vocabulary.
FACT_FIELDS: dict[str, dict[str, str]] = {
    "org": {
        **_COMMON,
        "ref": "the head of marketing, or else the top unit",
        "ref_label": '"Title (id)" of it',
        "name": "the organisation's name",
        "channels": "how many channels the organisation has",
        "channel_ids": "their ids",
        "has_head_of_marketing": "a head of marketing was found (by `role` or title)",
        "top_unit": "the root of the unit tree that holds marketing",
        "strategy_owners": "every holder of a strategy responsibility",
        "size": "employees (the profile's `employees`, else the positions in the file)",
        "positions": "positions in the file",
        "layers": "reporting layers from the top to the deepest position",
        "managers": "positions with at least one direct report",
        "span_bands": 'the share of managers in each span band, as text ("1: 10%, 2–3: 30%, …")',
        "narrow_share": "percent of managers with 1–3 direct reports",
        "wide_share": "percent of managers with 13 or more direct reports",
        "roots": "positions that report to nobody",
        "root_ids": "their ids",
        "unit_roots": "units with no parent",
        "unit_root_ids": "their ids",
        "top_position": "the position at the top of the head of marketing's line, else the first root",
        "top_position_label": '"Title (id)" of it',
        "has_sponsor": "a position holds (owns or decides) a `…/sponsor` responsibility",
        "sponsor_depth": "the reporting depth of the highest such position (0 when there is none)",
        "sponsor_ids": "who holds sponsorship",
        "marketing_layers": "reporting layers below the head of marketing (0 without one)",
        "agencies": "how many agencies",
        "sole_agency_contact": "the position that is the contact of every agency, if one is",
        "agency_contact_ids": "the agencies' contacts",
        "social_channels": "channels of kind `social`",
        "social_channel_ids": "their ids",
        "service_on_social": "customer service takes part in, or holds a responsibility for, a social channel",
        "internal_channels": "channels of kind `internal` (intranet, internal social network)",
        **{name: meaning for name, meaning in _SETTING.items() if name != "beside_marketing"},
    },
    "unit": {
        **_COMMON,
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
        **_HOLDER,
    },
    "position": {
        **_COMMON,
        "unit": "its unit (empty when it has none)",
        "has_unit": "it belongs to a unit",
        "strategist": "its role is strategist (by `role` or title)",
        "top_role": "it is an executive or the head of marketing",
        "vacant": "the post is vacant",
        "duties": "how many distinct responsibilities it owns (strategy, content, …)",
        "duty_list": "them",
        "decisions": "how many decision rights it holds",
        "channel_scopes": "how many distinct channels its responsibilities concern",
        "channel_scope_ids": "them",
        "depth": "reporting layers above it (0 at the top)",
        "reports": "positions reporting to it on a solid line (its span of control)",
        "span_band": "the band of that span (`1`, `2–3`, `4–7`, `8–12`, `13–16`, `17+`; empty for no reports)",
        "dotted_managers": "its dotted-line (matrix) managers",
        "dotted_manager_ids": "their ids",
        "betweenness": "normalised betweenness in the marketing organisation's reporting and ownership graph",
        "sole_channels": "channels for which it is the only position holding any responsibility",
        "sole_channel_ids": "them",
        **_HOLDER,
    },
    "agency": {
        **_COMMON,
        "contracted_by": "the unit that contracted it",
        "contact": "its contact position, or empty",
        "served_channels": "the channels it serves",
        "served_units": "how many distinct units own those channels",
        "served_unit_ids": "them",
        "kingdom": "how many of strategy, KPIs, creative, supplier choice it owns for what it serves (and KPIs)",
        "kingdom_list": "them",
        "outside_links": "links to other agencies, or to units beyond the one it serves and the one that contracted it",
        **_HOLDER,
    },
    "channel": {
        **_COMMON,
        "kind": "the channel's kind",
        "owner": "the unit that owns it",
        "kpis": "KPIs that measure it",
        "kpi_names": "their names",
        "kpis_without_goal": "its KPIs with no business goal",
        "kpis_without_goal_names": "their names",
        "vanity_kpis": "its KPIs that count fans, followers or likes (by the lexicon)",
        "vanity_kpi_names": "their names",
        "business_kpis": "its KPIs that are not vanity and are tied to a business goal",
        "roi_kpis": "its return-on-investment KPIs (`kind: roi` or by the lexicon)",
        "budgets": "budgets for it (`budgets:`) and holders owning its `budget` responsibility",
        "experiments": "experiments run on it",
        "experiment_names": "their names",
        "strategy_owners": "holders owning its `strategy` responsibility",
        "deciders": "holders deciding any of its responsibilities",
        "decider_ids": "them",
        "publish_deciders": "holders deciding its `approval` or `publishing`",
        "publish_decider_ids": "them",
        "approval_steps": "steps in its longest approval chain (0 without one)",
        "approval_step_ids": "the positions of that chain, in order",
        "approval_outsiders": "approvers with no competence in the channel (not in its unit, holding none of it)",
        "approval_outsider_ids": "them",
        "voices": "positions that publish or engage on it (take part, or hold its content, community or publishing)",
        "voice_ids": "them",
        "outside_voices": "voices that are neither communicators nor in marketing or the channel's unit",
        "outside_voice_ids": "them",
        **_SETTING,
    },
    "responsibility": {
        **_COMMON,
        "ref": "the responsibility, `SCOPE/RESPONSIBILITY`",
        "name": "the same",
        "scope": "a channel id or `marcom`",
        "responsibility": "the responsibility word (strategy, content, …)",
        "subject": "the element a finding about it concerns: the channel, or for marcom the head of marketing",
        "owners": "distinct accountable owners (a unit and positions in it count once)",
        "owner_ids": "their ids",
        "silos": "separate units holding it (a unit and a unit below it count once)",
        "silo_ids": "those units",
        "deciders": "holders of its decision right",
        "decider_ids": "their ids",
        **_SETTING,
    },
}


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
    reports: dict[str, int] = field(default_factory=dict)
    top_owns_marcom_strategy: bool = False
    marketing_fields: Fact = field(default_factory=dict)
    owned: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: per channel, the positions holding any responsibility for it
    channel_holders: dict[str, list[str]] = field(default_factory=dict)
    betweenness: dict[str, float] = field(default_factory=dict)
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

    def roles(self, position: str) -> frozenset[str]:
        roles: frozenset[str] = self.attrs[position]["roles"]
        return roles


def org_context(g: nx.MultiDiGraph) -> OrgContext:
    """Find the head of marketing, the marketing organisation and the channel-owning units; measure the graph."""
    index = EdgeIndex(g)
    ctx = OrgContext(g, index, attrs=dict(g.nodes(data=True)))
    ctx.depth = position_depths(index)
    ctx.reports = direct_reports(index)
    ctx.unit_of = {position: units[0] for position, units in index.out("member_of").items()}
    ctx.unit_of.update((unit, unit) for unit in index.of_type("unit"))
    ctx.owned = _owned_responsibilities(ctx)
    ctx.channel_units = {index.sources(channel, "owns")[0] for channel in index.of_type("channel")}
    heads = [p for p in index.of_type("position") if "head-of-marketing" in ctx.roles(p)]
    if heads:
        ctx.head_of_marketing = min(heads, key=lambda p: ctx.depth[p])
        ctx.marketing_unit = ctx.unit_of.get(ctx.head_of_marketing)
        unit_tree = nx.DiGraph(index.edges("part_of"))
        below = nx.ancestors(unit_tree, ctx.marketing_unit) if ctx.marketing_unit in unit_tree else set()
        ctx.marketing_units = {ctx.marketing_unit, *below} - {None}
    ctx.top_unit = _top_unit(index, ctx.marketing_unit)
    top_of_marketing = {ctx.head_of_marketing, ctx.marketing_unit} - {None}
    owners = index.sources(responsibility_node(f"{MARCOM}/strategy"), "owns")
    ctx.top_owns_marcom_strategy = any(owner in top_of_marketing for owner in owners)
    ctx.marketing_fields = _marketing_fields(g, ctx)
    ctx.channel_holders = _channel_holders(ctx)
    ctx.betweenness = betweenness(marketing_graph(ctx))
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


def _channel_holders(ctx: OrgContext) -> dict[str, list[str]]:
    """Per channel, the positions that own or decide any of its responsibilities, in file order."""
    holders: dict[str, list[str]] = defaultdict(list)
    for node in ctx.index.of_type("responsibility"):
        scope = ctx.attrs[node]["scope"]
        if scope == MARCOM:
            continue
        for kind in ("owns", "decides"):
            for holder in ctx.index.sources(node, kind):
                if ctx.attrs[holder]["type"] == "position" and holder not in holders[scope]:
                    holders[scope].append(holder)
    return holders


def marketing_graph(ctx: OrgContext) -> nx.Graph:
    """The marketing organisation's reporting and ownership graph, undirected, for betweenness.

    Nodes: the positions in marketing or channel units or holding anything for a channel (and their
    managers up to the top), the channels and the agencies. Edges: reporting and dotted lines,
    a holder to the channels its responsibilities, approvals and participation concern, a unit's
    head to the channels the unit owns, an agency to the channels it serves and to its contact.
    """
    index = ctx.index
    marketing_and_channels = ctx.channel_units | ctx.marketing_units
    positions = {
        p for p in index.of_type("position") if ctx.unit_of.get(p) in marketing_and_channels or ctx.owned.get(p)
    }
    positions.update(p for holders in ctx.channel_holders.values() for p in holders)
    positions.update(index.out("takes_part"))
    positions.update(p for p in index.out("approves"))
    positions.update(c for a in index.of_type("agency") for c in index.targets(a, "contact"))
    for position in list(positions):
        positions.update(_managers_above(index, position))
    graph = nx.Graph()
    graph.add_nodes_from(sorted(positions))
    for position in sorted(positions):
        for manager in (*index.targets(position, "reports_to"), *index.targets(position, "dotted_to")):
            graph.add_edge(position, manager)
        for channel in index.targets(position, "takes_part"):
            graph.add_edge(position, channel)
        for approval in index.targets(position, "approves"):
            graph.add_edge(position, index.targets(approval, "gates")[0])
    for channel, holders in ctx.channel_holders.items():
        graph.add_edges_from((holder, channel) for holder in holders)
    for channel in index.of_type("channel"):
        owner = index.sources(channel, "owns")[0]
        graph.add_edges_from((head, channel) for head in _unit_heads(ctx, owner))
    for agency in index.of_type("agency"):
        graph.add_edges_from((agency, channel) for channel in index.targets(agency, "serves"))
        graph.add_edges_from((agency, contact) for contact in index.targets(agency, "contact"))
        if not index.targets(agency, "serves") and not index.targets(agency, "contact"):
            contractor = index.targets(agency, "contracted_by")[0]
            graph.add_edges_from((agency, head) for head in _unit_heads(ctx, contractor))
    return graph


def _managers_above(index: EdgeIndex, position: str) -> list[str]:
    chain = []
    while managers := index.targets(position, "reports_to"):
        position = managers[0]
        chain.append(position)
    return chain


def _unit_heads(ctx: OrgContext, unit: str) -> list[str]:
    """The positions of a unit whose manager is outside it (or who have none): who leads it."""
    members = ctx.index.sources(unit, "member_of")
    return [p for p in members if not any(ctx.unit_of.get(m) == unit for m in ctx.index.targets(p, "reports_to"))]


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
    """One fact per unit: its channels, people and agencies, whether it is in marketing, who it is linked to."""
    index = ctx.index
    peers = ctx.channel_units | ctx.marketing_units
    linked_peers: dict[str, set[str]] = defaultdict(set)
    links = [edge for kind in LINK_KINDS for edge in index.edges(kind)]
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
    headcount = unit_headcounts(index, ctx.unit_of)
    agencies_of: dict[str, list[str]] = defaultdict(list)
    for agency in index.of_type("agency"):
        agencies_of[index.targets(agency, "contracted_by")[0]].append(agency)
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
                "positions_below": headcount[unit],
                **_strategy_fields(ctx, owned_responsibilities(ctx, unit), unit),
            }
        )
    return facts


def _in_marketing(ctx: OrgContext, position: str) -> bool:
    return position == ctx.head_of_marketing or ctx.unit_of.get(position) in ctx.marketing_units


def _sole_channels(ctx: OrgContext) -> dict[str, list[str]]:
    sole: dict[str, list[str]] = defaultdict(list)
    for channel in ctx.index.of_type("channel"):
        holders = ctx.channel_holders.get(channel, [])
        if len(holders) == 1:
            sole[holders[0]].append(channel)
    return sole


def position_facts(ctx: OrgContext, positions: list[str] | None = None) -> list[Fact]:
    """One fact per position (or per one of `positions`): duties, decision rights, scope, depth, span, lines.

    Built for hundreds of thousands of positions: most own nothing and share one tail of fields per unit,
    and the span band is looked up, not searched.
    """
    attrs, reports, between, unit_of, depth = ctx.attrs, ctx.reports, ctx.betweenness, ctx.unit_of, ctx.depth
    decides = ctx.index.out("decides")
    dotted = ctx.index.out("dotted_to")
    sole = _sole_channels(ctx)
    bands = [span_band(span) if span else "" for span in range(SPAN_BANDS[-1][1] + 1)]
    empty: list[str] = []
    tails: dict[str | None, Fact] = {}
    facts = []
    for position in ctx.index.of_type("position") if positions is None else positions:
        owned = ctx.owned.get(position)
        unit = unit_of.get(position)
        if owned:
            duties = sorted({word for _, word in owned})
            channel_scopes = sorted({scope for scope, _ in owned if scope != MARCOM})
            tail = _strategy_fields(ctx, owned, unit)
        else:
            duties = channel_scopes = empty
            tail = tails.get(unit) or tails.setdefault(unit, _strategy_fields(ctx, [], unit))
        node = attrs[position]
        roles = node["roles"]
        span = reports.get(position, 0)
        managers = dotted.get(position, empty)
        sole_channels = sole.get(position, empty)
        facts.append(
            {
                "t": "position",
                "ref": position,
                "name": node["title"],
                "unit": unit or "",
                "has_unit": unit is not None,
                "strategist": "strategist" in roles,
                "top_role": not TOP_ROLES.isdisjoint(roles),
                "vacant": node["vacant"],
                "duties": len(duties),
                "duty_list": duties,
                "decisions": len(decides.get(position, empty)),
                "channel_scopes": len(channel_scopes),
                "channel_scope_ids": channel_scopes,
                "depth": depth[position],
                "reports": span,
                "span_band": bands[span] if span < len(bands) else bands[-1],
                "dotted_managers": len(managers),
                "dotted_manager_ids": managers,
                "betweenness": between.get(position, 0.0),
                "sole_channels": len(sole_channels),
                "sole_channel_ids": sole_channels,
                **tail,
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
                "contact": next(iter(index.targets(agency, "contact")), ""),
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


def _holders_of(ctx: OrgContext, scope: str, words: set[str], kind: str) -> list[str]:
    """Who owns (or decides) any of these responsibilities of one scope, in file order, each once."""
    holders: list[str] = []
    for word in sorted(words):
        for holder in ctx.index.sources(responsibility_node(f"{scope}/{word}"), kind):
            if holder not in holders:
                holders.append(holder)
    return holders


def _in_unit_tree(ctx: OrgContext, unit: str | None, top: str) -> bool:
    """`unit` is `top` or below it."""
    seen: set[str] = set()
    while unit is not None and unit not in seen:
        if unit == top:
            return True
        seen.add(unit)
        unit = next(iter(ctx.index.targets(unit, "part_of")), None)
    return False


def channel_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per channel: its KPIs, budget, experiments, who decides and approves it, whose voices it carries."""
    index, attrs = ctx.index, ctx.attrs
    facts = []
    for channel in index.of_type("channel"):
        owner = index.sources(channel, "owns")[0]
        kpis = [attrs[kpi] for kpi in index.sources(channel, "measures")]
        kinds = [kpi_kinds_in(kpi["name"]) | {kpi["kind"]} for kpi in kpis]
        vanity = [kpi["name"] for kpi, found in zip(kpis, kinds, strict=True) if "vanity" in found]
        no_goal = [kpi["name"] for kpi in kpis if not kpi["goal"]]
        business = [kpi for kpi, found in zip(kpis, kinds, strict=True) if kpi["goal"] and "vanity" not in found]
        budgets = index.sources(channel, "funds") + _holders_of(ctx, channel, {"budget"}, "owns")
        experiments = [attrs[e]["name"] for e in index.sources(channel, "tests")]
        deciders = _holders_of(
            ctx, channel, {attrs[r]["responsibility"] for r in index.sources(channel, "concerns")}, "decides"
        )
        publish = _holders_of(ctx, channel, {"approval", "publishing"}, "decides")
        chains: list[list[str]] = [attrs[a]["steps"] for a in index.sources(channel, "gates")]
        longest = max(chains, key=len, default=[])
        outsiders = sorted({p for chain in chains for p in chain if not _competent(ctx, p, channel, owner)})
        voices = _voices(ctx, channel)
        outside = [v for v in voices if not _communicator(ctx, v, owner)]
        facts.append(
            {
                "t": "channel",
                "ref": channel,
                "name": attrs[channel]["name"],
                "kind": attrs[channel]["kind"],
                "owner": owner,
                "kpis": len(kpis),
                "kpi_names": [kpi["name"] for kpi in kpis],
                "kpis_without_goal": len(no_goal),
                "kpis_without_goal_names": no_goal,
                "vanity_kpis": len(vanity),
                "vanity_kpi_names": vanity,
                "business_kpis": len(business),
                "roi_kpis": sum(1 for found in kinds if "roi" in found),
                "budgets": len(budgets),
                "experiments": len(experiments),
                "experiment_names": experiments,
                "strategy_owners": len(_holders_of(ctx, channel, {"strategy"}, "owns")),
                "deciders": len(deciders),
                "decider_ids": deciders,
                "publish_deciders": len(publish),
                "publish_decider_ids": publish,
                "approval_steps": len(longest),
                "approval_step_ids": list(longest),
                "approval_outsiders": len(outsiders),
                "approval_outsider_ids": outsiders,
                "voices": len(voices),
                "voice_ids": voices,
                "outside_voices": len(outside),
                "outside_voice_ids": outside,
                **ctx.setting(owner),
            }
        )
    return facts


#: Holding only these for a channel (or for marcom) shows no competence in it.
_NOT_COMPETENCE = frozenset({"approval", "sponsor", "budget"})


def _competent(ctx: OrgContext, position: str, channel: str, owner: str) -> bool:
    """Knows the channel: works in the unit that owns it (or below), or holds one of its responsibilities, or one
    of marketing communication as a whole, other than approving, sponsoring or budgeting it."""
    if _in_unit_tree(ctx, ctx.unit_of.get(position), owner):
        return True
    held = [*owned_responsibilities(ctx, position)]
    held += [(ctx.attrs[r]["scope"], ctx.attrs[r]["responsibility"]) for r in ctx.index.targets(position, "decides")]
    return any(scope in (channel, MARCOM) and word not in _NOT_COMPETENCE for scope, word in held)


def _voices(ctx: OrgContext, channel: str) -> list[str]:
    """Positions that publish or engage on a channel: those taking part (themselves or through their unit) and
    holders of its content, community or publishing."""
    index = ctx.index
    voices: list[str] = []
    for taker in index.sources(channel, "takes_part"):
        members = index.sources(taker, "member_of") if ctx.attrs[taker]["type"] == "unit" else [taker]
        voices += [m for m in members if m not in voices]
    for holder in _holders_of(ctx, channel, {"content", "community", "publishing"}, "owns"):
        if ctx.attrs[holder]["type"] == "position" and holder not in voices:
            voices.append(holder)
    return voices


def _communicator(ctx: OrgContext, position: str, channel_owner: str) -> bool:
    """A marketing or communication person: by role, or by working in marketing or in the channel's unit."""
    unit = ctx.unit_of.get(position)
    return (
        not COMMUNICATOR_ROLES.isdisjoint(ctx.roles(position)) or unit in ctx.marketing_units or unit == channel_owner
    )


def responsibility_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per responsibility someone owns or decides: who is accountable, in how many silos, who decides."""
    index, attrs = ctx.index, ctx.attrs
    facts = []
    for node in index.of_type("responsibility"):
        scope = attrs[node]["scope"]
        owners = index.sources(node, "owns")
        accountable = [o for o in owners if not (attrs[o]["type"] == "unit" and _has_member_among(ctx, o, owners))]
        silos = _outermost(ctx, {home for home in map(functools.partial(_home_unit, ctx), owners) if home})
        deciders = index.sources(node, "decides")
        facts.append(
            {
                "t": "responsibility",
                "ref": attrs[node]["name"],
                "name": attrs[node]["name"],
                "scope": scope,
                "responsibility": attrs[node]["responsibility"],
                "subject": scope if scope != MARCOM else ctx.head_of_marketing or ctx.top_unit or "",
                "owners": len(accountable),
                "owner_ids": accountable,
                "silos": len(silos),
                "silo_ids": silos,
                "deciders": len(deciders),
                "decider_ids": deciders,
                **ctx.setting(ctx.unit_of.get(scope) if scope != MARCOM else ctx.marketing_unit),
            }
        )
    return facts


def _has_member_among(ctx: OrgContext, unit: str, holders: list[str]) -> bool:
    return any(ctx.unit_of.get(h) == unit for h in holders if ctx.attrs[h]["type"] == "position")


def _home_unit(ctx: OrgContext, holder: str) -> str | None:
    if ctx.attrs[holder]["type"] == "agency":
        return ctx.index.targets(holder, "contracted_by")[0]
    return ctx.unit_of.get(holder)


def _outermost(ctx: OrgContext, units: set[str]) -> list[str]:
    """The units of a set that have no other unit of the set above them."""
    return sorted(u for u in units if not any(o != u and _in_unit_tree(ctx, u, o) for o in units))


def org_fact(ctx: OrgContext) -> Fact:
    """The one fact about the organisation as a whole."""
    g, index, attrs = ctx.g, ctx.index, ctx.attrs
    channels = index.of_type("channel")
    positions = index.of_type("position")
    strategy_owners = sorted(
        {
            holder
            for node in index.of_type("responsibility")
            if attrs[node]["responsibility"] == "strategy"
            for holder in index.sources(node, "owns")
        }
    )
    roots = [p for p in positions if not index.targets(p, "reports_to")]
    unit_roots = [u for u in index.of_type("unit") if not index.targets(u, "part_of")]
    top = _top_position(ctx, roots)
    shares = span_shares(ctx.reports.values())
    sponsors = _sponsors(ctx)
    contacts = [c for a in index.of_type("agency") for c in index.targets(a, "contact")]
    agencies = index.of_type("agency")
    social = [c for c in channels if attrs[c]["kind"] == "social"]
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
        "size": g.graph.get("employees") or len(positions),
        "positions": len(positions),
        "layers": max(ctx.depth.values(), default=-1) + 1,
        "managers": len(ctx.reports),
        "span_bands": ", ".join(f"{band}: {share}%" for band, share in shares.items()),
        "narrow_share": shares["1"] + shares["2–3"],
        "wide_share": shares["13–16"] + shares["17+"],
        "roots": len(roots),
        "root_ids": roots,
        "unit_roots": len(unit_roots),
        "unit_root_ids": unit_roots,
        "top_position": top or "",
        "top_position_label": _label(g, top, "the top of the organisation"),
        "has_sponsor": bool(sponsors),
        "sponsor_depth": min((ctx.depth[p] for p in sponsors), default=0),
        "sponsor_ids": sponsors,
        "marketing_layers": layers_below(index, ctx.head_of_marketing, ctx.depth) if ctx.head_of_marketing else 0,
        "agencies": len(agencies),
        "sole_agency_contact": contacts[0]
        if agencies and len(contacts) == len(agencies) and len(set(contacts)) == 1
        else "",
        "agency_contact_ids": sorted(set(contacts)),
        "social_channels": len(social),
        "social_channel_ids": social,
        "service_on_social": any(_serves_customers_on(ctx, channel) for channel in social),
        "internal_channels": sum(1 for c in channels if attrs[c]["kind"] == "internal"),
    }


def _top_position(ctx: OrgContext, roots: list[str]) -> str | None:
    if ctx.head_of_marketing:
        return ([ctx.head_of_marketing, *_managers_above(ctx.index, ctx.head_of_marketing)])[-1]
    return roots[0] if roots else None


def _sponsors(ctx: OrgContext) -> list[str]:
    """Positions holding (owning or deciding) sponsorship of marcom or of a channel; a unit's through its heads."""
    sponsors: list[str] = []
    for node in ctx.index.of_type("responsibility"):
        if ctx.attrs[node]["responsibility"] != "sponsor":
            continue
        for holder in ctx.index.sources(node, "owns") + ctx.index.sources(node, "decides"):
            kind = ctx.attrs[holder]["type"]
            people = [holder] if kind == "position" else _unit_heads(ctx, holder) if kind == "unit" else []
            sponsors += [p for p in people if p not in sponsors]
    return sponsors


def _customer_service(ctx: OrgContext, element: str) -> bool:
    """A customer-service position or unit: by role, by the unit's name, or by owning a customer-service channel."""
    node = ctx.attrs[element]
    if node["type"] == "position":
        unit = ctx.unit_of.get(element)
        return "customer-service" in node["roles"] or (unit is not None and _customer_service(ctx, unit))
    if node["type"] != "unit":
        return False
    owns_service = any(ctx.attrs[c].get("kind") == "customer-service" for c in ctx.index.targets(element, "owns"))
    return owns_service or "customer-service" in channel_kinds_in(node["name"])


def _serves_customers_on(ctx: OrgContext, channel: str) -> bool:
    """Customer service takes part in the channel, holds one of its responsibilities, or it has customer service."""
    involved = [*ctx.index.sources(channel, "takes_part"), *ctx.channel_holders.get(channel, [])]
    involved += _holders_of(ctx, channel, {"customer-service", "community"}, "owns")
    if ctx.index.sources(responsibility_node(f"{channel}/customer-service"), "owns"):
        return True
    return any(_customer_service(ctx, element) for element in involved)


def facts_of(ctx: OrgContext, positions: list[str] | None = None) -> list[Fact]:
    """The facts in a stable order: org, units, positions (all, or these), agencies, channels, responsibilities."""
    return [
        org_fact(ctx),
        *unit_facts(ctx),
        *position_facts(ctx, positions),
        *agency_facts(ctx),
        *channel_facts(ctx),
        *responsibility_facts(ctx),
    ]


def build_facts(g: nx.MultiDiGraph) -> list[Fact]:
    """All facts of an organisation graph, in a stable order."""
    return facts_of(org_context(g))
