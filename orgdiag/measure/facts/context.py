"""What every fact needs to know about the organisation as a whole: where marketing is, who holds what."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import contains, itemgetter
from typing import Any

import networkx as nx

from orgdiag.measure.facts.quality import DataQuality, data_quality
from orgdiag.measure.graph import EdgeIndex, responsibility_node
from orgdiag.measure.metrics import betweenness
from orgdiag.measure.portfolio import Portfolio, portfolio_of
from orgdiag.measure.workforce import Workforce, measure_workforce
from orgdiag.model import MARCOM, is_channel_scope
from orgdiag.model.bulk import fields_given
from orgdiag.model.functions import generic_title
from orgdiag.model.links import leads
from orgdiag.model.org import total_fte
from orgdiag.naming import element_label, post_label
from orgdiag.structure import Structure

Fact = dict[str, Any]

#: Roles at the top, expected to be hubs of the organisation.
TOP_ROLES = frozenset({"executive", "head-of-marketing"})

SETTING_FIELDS = {
    "beside_marketing": "its unit (an agency: the unit that contracted it) owns a channel and is outside marketing",
    "top_owns_marcom_strategy": "the head of marketing or the marketing unit owns `marcom/strategy`",
    "head_of_marketing": "the head of marketing's position id, or empty",
    "head_of_marketing_label": '"Title (id)" of that position, or "a head of marketing (to be appointed)"',
    "marketing_unit": "the head of marketing's unit id, or empty",
    "marketing_unit_label": '"Name (id)" of that unit, or "a marketing unit (to be formed)"',
}
HOLDER_FIELDS = {
    "strategies": "how many channel or marcom strategies (`…/strategy`) it owns (an area beyond the channels, such as "
    "`partnerships/strategy`, is no marketing strategy)",
    "strategy_scopes": "their scopes (channel ids or `marcom`)",
    "overlapping_strategies": (
        "how many channels' strategy it owns from outside the marketing organisation (it is neither the head of "
        "marketing, nor in the marketing unit or below it, nor below the head of marketing on the solid line; an "
        "agency by the unit that contracted it) while the top of marketing owns the marcom strategy and decides none "
        "of those channels' strategy"
    ),
    "overlapping_strategy_ids": "those channels",
    "overlapping_strategy_names": "their names",
    **SETTING_FIELDS,
}
COMMON_FIELDS = {"t": "the fact's type", "ref": "the id of the element it describes", "name": "its name or title"}


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
    #: the organisation's depths, spans, layers and unit totals, measured once (:mod:`orgdiag.structure`); the
    #: depth, reports, staff and team maps below are its own
    structure: Structure = field(default_factory=lambda: Structure({}, {}, {}, {}, ()))
    depth: dict[str, int] = field(default_factory=dict)
    reports: dict[str, int] = field(default_factory=dict)
    #: FTE of staff counted under each post that has any, and each manager's team (reports + staff, rounded up)
    staff: dict[str, float] = field(default_factory=dict)
    team: dict[str, int] = field(default_factory=dict)
    top_owns_marcom_strategy: bool = False
    #: the channels whose strategy the top of marketing (its head or unit) decides
    top_decides_strategy_of: frozenset[str] = frozenset()
    marketing_fields: Fact = field(default_factory=dict)
    owned: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: per channel, the positions holding any responsibility for it
    channel_holders: dict[str, list[str]] = field(default_factory=dict)
    betweenness: dict[str, float] = field(default_factory=dict)
    #: what the rows say that cannot be taken at face value
    quality: DataQuality = field(default_factory=DataQuality)
    #: whom each post leads, its pay and its staff's bands and grades, its paybill, how it is held
    workforce: Workforce = field(default_factory=lambda: Workforce([], {}))
    #: the top, the leaders of the branches below it and the functions each branch holds
    portfolio: Portfolio = field(default_factory=Portfolio)
    #: the fields any position of the graph was given (every other holds its default in all of them)
    given: frozenset[str] = frozenset()
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
    structure = ctx.structure = g.graph["structure"]
    ctx.depth, ctx.reports, ctx.staff, ctx.team = structure.depth, structure.reports, structure.staff, structure.teams
    positions = index.of_type("position")
    nodes = list(map(ctx.attrs.__getitem__, positions))  # each position's attributes: read at C speed below
    members = index.out("member_of")
    ctx.unit_of = dict(zip(members, map(itemgetter(0), members.values()), strict=True))
    ctx.unit_of.update((unit, unit) for unit in index.of_type("unit"))
    unplaced = total_fte(group.fte for group in g.graph.get("unplaced_staff") or [])
    given = ctx.given = fields_given(map(itemgetter("post"), nodes))
    ctx.workforce = measure_workforce(index, ctx.attrs, ctx.unit_of, ctx.depth, ctx.staff, given, unplaced)
    ctx.owned = _owned_responsibilities(ctx)
    ctx.quality = data_quality(index, ctx.attrs, ctx.unit_of, given)
    ctx.channel_units = {index.sources(channel, "owns")[0] for channel in index.of_type("channel")}
    heads = list(compress(positions, map(contains, map(itemgetter("roles"), nodes), repeat("head-of-marketing"))))
    if heads:
        ctx.head_of_marketing = min(heads, key=lambda p: ctx.depth[p])
        ctx.marketing_unit = ctx.unit_of.get(ctx.head_of_marketing)
        unit = ctx.marketing_unit
        ctx.marketing_units = {unit, *index.tree("part_of").descendants(unit)} if unit is not None else set()
    ctx.top_unit = _top_unit(index, ctx.marketing_unit)
    top_of_marketing = {top for top in (ctx.head_of_marketing, ctx.marketing_unit) if top is not None}
    owners = index.sources(responsibility_node(f"{MARCOM}/strategy"), "owns")
    ctx.top_owns_marcom_strategy = any(owner in top_of_marketing for owner in owners)
    ctx.top_decides_strategy_of = frozenset(
        ctx.attrs[node]["scope"]
        for top in top_of_marketing
        for node in index.targets(top, "decides")
        if ctx.attrs[node]["responsibility"] == "strategy" and is_channel_scope(ctx.attrs[node]["scope"])
    )
    ctx.marketing_fields = _marketing_fields(g, ctx)
    ctx.channel_holders = _channel_holders(ctx)
    ctx.betweenness = betweenness(marketing_graph(ctx))
    ctx.portfolio = portfolio_of(index, ctx.attrs)
    return ctx


def _top_unit(index: EdgeIndex, start: str | None) -> str | None:
    units = index.of_type("unit")
    if not units:
        return None
    return index.tree("part_of").top(start or units[0])


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
        if not is_channel_scope(scope):
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
        p
        for p in index.of_type("position")
        if ctx.unit_of.get(p) in marketing_and_channels
        or any(_marketing_scope(scope) for scope, _ in ctx.owned.get(p, ()))
    }
    positions.update(p for holders in ctx.channel_holders.values() for p in holders)
    positions.update(index.out("takes_part"))
    positions.update(p for p in index.out("approves"))
    positions.update(c for a in index.of_type("agency") for c in index.targets(a, "contact"))
    for position in list(positions):
        positions.update(managers_above(index, position))
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
        graph.add_edges_from((head, channel) for head in unit_heads(ctx, owner))
    for agency in index.of_type("agency"):
        graph.add_edges_from((agency, channel) for channel in index.targets(agency, "serves"))
        graph.add_edges_from((agency, contact) for contact in index.targets(agency, "contact"))
        if not index.targets(agency, "serves") and not index.targets(agency, "contact"):
            contractor = index.targets(agency, "contracted_by")[0]
            graph.add_edges_from((agency, head) for head in unit_heads(ctx, contractor))
    return graph


def managers_above(index: EdgeIndex, position: str) -> list[str]:
    """The managers above a position on solid lines, nearest first."""
    return list(index.tree("reports_to").ancestors(position))


def unit_heads(ctx: OrgContext, unit: str) -> list[str]:
    """The positions of a unit whose manager is outside it (or who have none): who leads it."""
    return leads(ctx.index.sources(unit, "member_of"), lambda position: ctx.index.targets(position, "reports_to"))


def _marketing_scope(scope: str) -> bool:
    """A scope of marketing communication: a channel or marcom, not an area beyond the channels."""
    return scope == MARCOM or is_channel_scope(scope)


def strategy_fields(ctx: OrgContext, owned: list[tuple[str, str]], home_unit: str | None, holder: str = "") -> Fact:
    """The strategies a holder owns, where it stands, and the channels whose strategy it owns beside the marcom
    strategy owned at the top of marketing (a holder that owns nothing shares these fields with its unit)."""
    scopes = [scope for scope, word in owned if word == "strategy" and _marketing_scope(scope)]
    overlapping = [
        scope
        for scope in scopes
        if scope != MARCOM and scope not in ctx.top_decides_strategy_of and ctx.top_owns_marcom_strategy
    ]
    if overlapping and holder and _inside_marketing(ctx, holder, home_unit):
        overlapping = []
    return {
        "strategies": len(scopes),
        "strategy_scopes": scopes,
        "overlapping_strategies": len(overlapping),
        "overlapping_strategy_ids": overlapping,
        "overlapping_strategy_names": [ctx.attrs[channel]["name"] for channel in overlapping],
        **ctx.setting(home_unit),
    }


def _inside_marketing(ctx: OrgContext, holder: str, home_unit: str | None) -> bool:
    """A holder of the marketing organisation: the head of marketing, a holder whose home unit (a position's unit, an
    agency's contracting unit) is the marketing unit or below it, or a position below the head of marketing."""
    if holder == ctx.head_of_marketing or (home_unit is not None and home_unit in ctx.marketing_units):
        return True
    return ctx.head_of_marketing is not None and ctx.head_of_marketing in managers_above(ctx.index, holder)


def _marketing_fields(g: nx.MultiDiGraph, ctx: OrgContext) -> Fact:
    """Who and where the top of marketing is, by id and by the names people read."""
    head, unit = ctx.head_of_marketing, ctx.marketing_unit
    return {
        "head_of_marketing": head or "",
        "head_of_marketing_label": label(g, head, "a head of marketing (to be appointed)"),
        "marketing_unit": unit or "",
        "marketing_unit_label": label(g, unit, "a marketing unit (to be formed)"),
    }


#: The longest job text a post's label carries where its title says only a rank ("Deputy Director, Communication").
LABEL_FUNCTION = 60


def post_label_of(ctx: OrgContext, position: str) -> str:
    """How a client text names a position: its title and holder (:func:`orgdiag.naming.post_label`); a title that
    says only a rank ("Deputy Director") with its job text, where that is short, as an organogram names the post."""
    node = ctx.attrs[position]
    title, function = node["title"], node["post"].function
    if function and len(function) <= LABEL_FUNCTION and generic_title(title):
        title = f"{title}, {function}"
    return post_label(title, node["holder"], position, node["vacant"])


def label(g: nx.MultiDiGraph, node: str | None, missing: str) -> str:
    """How a message names an element: "Marknadschef (cmo)", or what is missing."""
    return element_label(g.nodes[node]["name"], node) if node else missing


def holders_of(ctx: OrgContext, scope: str, words: set[str], kind: str) -> list[str]:
    """Who owns (or decides) any of these responsibilities of one scope, in file order, each once."""
    holders: list[str] = []
    for word in sorted(words):
        for holder in ctx.index.sources(responsibility_node(f"{scope}/{word}"), kind):
            if holder not in holders:
                holders.append(holder)
    return holders


def in_unit_tree(ctx: OrgContext, unit: str | None, top: str) -> bool:
    """`unit` is `top` or below it."""
    return ctx.index.tree("part_of").within(unit, top)
