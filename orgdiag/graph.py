"""The organisation as a networkx MultiDiGraph with typed nodes and typed edges.

Nodes are keyed by the user's ids (unique across the file). Nodes that the file
does not name itself get a key starting with ``#``, which user ids may not:
responsibilities (``#resp:social/strategy``) and KPIs without an id (``#kpi:0``).
Every edge has a ``kind``, also used as its multigraph key; docs/graph.md lists them.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from orgdiag.model import MARCOM, OrgFile, split_ref
from orgdiag.roles import roles_of

NODE_TYPES = ("unit", "position", "channel", "agency", "kpi", "responsibility")

#: Edge kinds, each pointing from the node that holds the relation to its object.
EDGE_KINDS = {
    "part_of": "unit -> parent unit",
    "member_of": "position -> its unit",
    "reports_to": "position -> its manager",
    "owns": "unit -> channel it owns; holder -> responsibility or KPI it owns",
    "decides": "holder -> responsibility it may decide on",
    "contracted_by": "agency -> unit that contracted it",
    "serves": "agency -> channel it serves",
    "concerns": "responsibility -> the channel it is scoped to (none for marcom)",
    "measures": "KPI -> channel it measures",
    "collaborates": "between two units, positions or agencies (undirected in meaning)",
    "coordinates": "between two units, positions or agencies (undirected in meaning)",
}

LINK_KINDS = ("collaborates", "coordinates")


def responsibility_node(ref: str) -> str:
    """The node key of a `SCOPE/RESPONSIBILITY` reference.

    >>> responsibility_node("social/strategy")
    '#resp:social/strategy'
    """
    return f"#resp:{ref}"


def kpi_node(index: int, kpi_id: str | None) -> str:
    return kpi_id or f"#kpi:{index}"


def build_graph(org: OrgFile) -> nx.MultiDiGraph:
    """Build the typed graph of a validated organisation.

    >>> from orgdiag.orgfile import parse_org
    >>> g = build_graph(parse_org('''
    ... organisation: {name: X}
    ... units: [{id: u, name: U}]
    ... positions: [{id: p, title: VD, unit: u}]
    ... ''', "x.yaml"))
    >>> sorted(g.edges(keys=True))
    [('p', 'u', 'member_of')]
    """
    g = nx.MultiDiGraph(name=org.organisation.name)
    for unit in org.units:
        g.add_node(unit.id, type="unit", name=unit.name)
    for position in org.positions:
        g.add_node(
            position.id, type="position", name=position.title, title=position.title,
            holder=position.holder, roles=frozenset(roles_of(position)),
        )
    for channel in org.channels:
        g.add_node(channel.id, type="channel", name=channel.name or channel.id, kind=channel.kind)
    for agency in org.agencies:
        g.add_node(agency.id, type="agency", name=agency.name)

    def add(source: str, target: str, kind: str) -> None:
        g.add_edge(source, target, key=kind, kind=kind)

    for unit in org.units:
        if unit.parent:
            add(unit.id, unit.parent, "part_of")
    for position in org.positions:
        add(position.id, position.unit, "member_of")
        if position.reports_to:
            add(position.id, position.reports_to, "reports_to")
    for channel in org.channels:
        add(channel.owner, channel.id, "owns")
    for agency in org.agencies:
        add(agency.id, agency.contracted_by, "contracted_by")
        for channel_id in agency.serves:
            add(agency.id, channel_id, "serves")
    for holder, owns, decides in _holders(org):
        for kind, refs in (("owns", owns), ("decides", decides)):
            for ref in refs:
                node = _ensure_responsibility(g, ref)
                add(holder, node, kind)
    for index, kpi in enumerate(org.kpis):
        node = kpi_node(index, kpi.id)
        g.add_node(node, type="kpi", name=kpi.name, goal=kpi.goal)
        add(node, kpi.channel, "measures")
        add(kpi.owner, node, "owns")
    for link in org.links:
        add(link.between[0], link.between[1], link.kind)
    return g


def _holders(org: OrgFile) -> Iterator[tuple[str, list[str], list[str]]]:
    for unit in org.units:
        yield unit.id, unit.owns, unit.decides
    for position in org.positions:
        yield position.id, position.owns, position.decides
    for agency in org.agencies:
        yield agency.id, agency.owns, agency.decides


def _ensure_responsibility(g: nx.MultiDiGraph, ref: str) -> str:
    node = responsibility_node(ref)
    if node not in g:
        scope, word = split_ref(ref)
        g.add_node(node, type="responsibility", name=ref, scope=scope, responsibility=word)
        if scope != MARCOM:
            g.add_edge(node, scope, key="concerns", kind="concerns")
    return node


def nodes_of_type(g: nx.MultiDiGraph, node_type: str) -> list[str]:
    """The nodes of one type, in the order they were added (the file's order)."""
    return [node for node, data in g.nodes(data=True) if data["type"] == node_type]


def targets(g: nx.MultiDiGraph, node: str, kind: str) -> list[str]:
    """Where the `kind` edges leaving `node` point, in insertion order."""
    return [target for _, target, key in g.out_edges(node, keys=True) if key == kind]


def sources(g: nx.MultiDiGraph, node: str, kind: str) -> list[str]:
    """Where the `kind` edges arriving at `node` come from, in insertion order."""
    return [source for source, _, key in g.in_edges(node, keys=True) if key == kind]


def linked(g: nx.MultiDiGraph, node: str) -> list[str]:
    """The nodes joined to `node` by a collaboration or coordination link, either way round."""
    ends = [t for _, t, k in g.out_edges(node, keys=True) if k in LINK_KINDS]
    ends += [s for s, _, k in g.in_edges(node, keys=True) if k in LINK_KINDS]
    return ends


def kind_subgraph(g: nx.MultiDiGraph, kind: str) -> nx.DiGraph:
    """A plain DiGraph holding only the edges of one kind (for tree walks and depths)."""
    sub = nx.DiGraph()
    sub.add_edges_from((s, t) for s, t, k in g.edges(keys=True) if k == kind)
    return sub
