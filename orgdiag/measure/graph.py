"""The organisation as a networkx MultiDiGraph with typed nodes and typed edges.

Nodes are keyed by the user's ids (unique across the file). Nodes that the file
does not name itself get a key starting with ``#``, which user ids may not:
responsibilities (``#resp:social/strategy``) and KPIs without an id (``#kpi:0``).
Every edge's multigraph key is its kind; docs/graph.md lists them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import networkx as nx

from orgdiag.model import LINK_KINDS, OrgFile, Position, is_channel_scope, split_ref
from orgdiag.model.bulk import share_fields_sets
from orgdiag.model.functions import post_functions
from orgdiag.model.lexicon import post_kinds_in, roles_of
from orgdiag.model.links import ELEMENTS, Reference, live_positions, live_units, references_of
from orgdiag.model.org import total_fte
from orgdiag.model.tree import Tree
from orgdiag.structure import structure_of

NODE_TYPES = ("unit", "position", "channel", "agency", "kpi", "responsibility", "budget", "approval", "experiment")

#: Edge kinds, each pointing from the node that holds the relation to its object.
EDGE_KINDS = {
    "part_of": "unit -> parent unit",
    "member_of": "position -> its unit",
    "reports_to": "position -> its manager",
    "dotted_to": "position -> a dotted-line (matrix) manager",
    "owns": "unit -> channel it owns; holder -> responsibility, KPI, budget or experiment it owns",
    "decides": "holder -> responsibility it may decide on",
    "contracted_by": "agency -> unit that contracted it",
    "contact": "agency -> the position that is its contact",
    "takes_part": "unit or position -> channel it publishes or engages on",
    "serves": "agency -> channel it serves",
    "concerns": "responsibility -> the channel it is scoped to (none for marcom or an area beyond the channels)",
    "measures": "KPI -> channel it measures",
    "funds": "budget -> channel it is for",
    "approves": "position -> approval chain it is a step of",
    "gates": "approval chain -> channel whose output must pass it",
    "tests": "experiment -> channel it is run on",
    "collaborates": "between two units, positions or agencies (undirected in meaning)",
    "coordinates": "between two units, positions or agencies (undirected in meaning)",
}


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
    parts = _Parts()
    units = live_units(org)
    for unit in units:
        parts.node(unit.id, type="unit", name=unit.name)
    positions = live_positions(org)
    share_fields_sets(positions)  # the graph holds the positions until the diagnosis is done: a tenth less memory
    parts.new_nodes(
        {
            position.id: {
                "type": "position",
                "name": position.title,
                "title": position.title,
                "holder": position.holder,
                "vacant": position.vacant,
                "roles": roles_of(position),
                "posts": post_kinds_in(position.title),
                "staff": total_fte(staff.fte for staff in position.staff),
                "post": position,
                "functions": post_functions(position),
            }
            for position in positions
        }
    )
    for channel in org.channels:
        parts.node(channel.id, type="channel", name=channel.name or channel.id, kind=channel.kind)
    for agency in org.agencies:
        parts.node(agency.id, type="agency", name=agency.name)

    live: dict[str, list[Any]] = {"positions": positions, "units": units}
    for section in ELEMENTS:
        references = references_of(section)
        for element in live[section] if section in live else getattr(org, section):
            parts.references(references, element.id, element)
    for holder, owns, decides in _holders(org, positions):
        for ref in owns:
            parts.edge(holder, parts.responsibility(ref), "owns")
        for ref in decides:
            parts.edge(holder, parts.responsibility(ref), "decides")
    _add_channel_work(parts, org)
    for link in org.links:
        parts.edge(link.between[0], link.between[1], link.kind)
    return parts.graph(
        name=org.organisation.name,
        employees=org.organisation.profile.employees,
        operating_model=org.organisation.operating_model,
        unplaced_staff=org.organisation.unplaced_staff,
        structure=structure_of(org),
    )


class _Parts:
    """The nodes and keyed edges of a graph being built, put into a networkx graph in one go at the end.

    The graph is the one ``add_node``/``add_edge`` calls in the same order would make (an edge's ends are added as
    nodes when it names them first; an edge of a kind already there is not added again), at half their cost:
    networkx's adjacency dicts (documented in its ``Graph`` class's "Subclasses" notes) are filled directly,
    which matters at 10^5 positions and more.
    """

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        #: each node's edges out (target -> kind -> attributes) and in (source -> the same kind dict), in node order
        self.out: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self.into: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}

    def node(self, key: str, **attrs: Any) -> None:
        known = self.nodes.get(key)
        if known is None:
            self.new_nodes({key: attrs})
        else:
            known.update(attrs)

    def new_nodes(self, nodes: dict[str, dict[str, Any]]) -> None:
        """Nodes none of which is there yet (ids are unique across the file), with their attributes."""
        self.nodes.update(nodes)
        self.out.update({node: {} for node in nodes})
        self.into.update({node: {} for node in nodes})

    def edge(self, source: str, target: str, kind: str) -> None:
        if source not in self.nodes:
            self.new_nodes({source: {}})
        if target not in self.nodes:
            self.new_nodes({target: {}})
        targets = self.out[source]
        kinds = targets.get(target)
        if kinds is None:
            targets[target] = self.into[target][source] = {kind: {}}
        elif kind not in kinds:
            kinds[kind] = {}

    def references(self, references: tuple[Reference, ...], node: str, item: Any) -> None:
        """An edge for each element the item names (model.links.REFERENCES); the edge's kind is its key.

        On the hot path of a large organisation (four references per position): the item's fields are read
        directly, not through :func:`~orgdiag.model.links.named`.
        """
        for reference in references:
            value = getattr(item, reference.key)
            kind = reference.edge
            if not value or kind is None:  # a link's edge is of its own kind: build_graph adds links apart
                continue
            for target in (value,) if isinstance(value, str) else value:
                if reference.reverse:
                    self.edge(target, node, kind)
                else:
                    self.edge(node, target, kind)

    def responsibility(self, ref: str) -> str:
        """The node of a ``SCOPE/RESPONSIBILITY`` reference, added (with its ``concerns`` edge) when first named."""
        node = responsibility_node(ref)
        if node not in self.nodes:
            scope, word = split_ref(ref)
            self.node(node, type="responsibility", name=ref, scope=scope, responsibility=word)
            if is_channel_scope(scope):
                self.edge(node, scope, "concerns")
        return node

    def graph(self, **attrs: Any) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph(**attrs)
        g._node.update(self.nodes)
        g._succ.update(self.out)
        g._pred.update(self.into)
        return g


def _add_channel_work(parts: _Parts, org: OrgFile) -> None:
    """KPIs, budgets, approval chains and experiments: nodes of their own (``#budget:0`` …) tied to their
    channel and to who owns or approves them."""
    for index, kpi in enumerate(org.kpis):
        node = kpi_node(index, kpi.id)
        parts.node(node, type="kpi", name=kpi.name, goal=kpi.goal, kind=kpi.kind)
        parts.references(references_of("kpis"), node, kpi)
    for index, budget in enumerate(org.budgets):
        node = f"#budget:{index}"
        parts.node(node, type="budget", name=budget.name or f"budget {index + 1}", amount=budget.amount)
        parts.references(references_of("budgets"), node, budget)
    for index, approval in enumerate(org.approvals):
        node = f"#approval:{index}"
        parts.node(node, type="approval", name=approval.name or f"approval {index + 1}", steps=list(approval.steps))
        parts.references(references_of("approvals"), node, approval)  # a step named twice: one edge
    for index, experiment in enumerate(org.experiments):
        node = f"#experiment:{index}"
        parts.node(node, type="experiment", name=experiment.name)
        parts.references(references_of("experiments"), node, experiment)


def _holders(org: OrgFile, positions: list[Position]) -> Iterator[tuple[str, list[str], list[str]]]:
    for unit in org.units:
        yield unit.id, unit.owns, unit.decides
    for position in positions:
        yield position.id, position.owns, position.decides
    for agency in org.agencies:
        yield agency.id, agency.owns, agency.decides


class EdgeIndex:
    """The graph's nodes by type and edges by kind, both ways, built in one pass over the graph.

    The fact builders ask "which channels does this unit own" hundreds of thousands of
    times on a large org; networkx's edge views cost ~20 µs a question, this a dict lookup.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("u", type="unit"); g.add_node("c", type="channel")
    >>> _ = g.add_edge("u", "c", "owns")
    >>> index = EdgeIndex(g)
    >>> index.targets("u", "owns"), index.sources("c", "owns"), index.of_type("unit")
    (['c'], ['u'], ['u'])
    """

    def __init__(self, g: nx.MultiDiGraph):
        out: dict[str, dict[str, list[str]]] = {kind: {} for kind in EDGE_KINDS}
        types: dict[str | None, list[str]] = defaultdict(list)
        for node, attrs in g._node.items():  # networkx's own dicts: its views cost a microsecond an item
            types[attrs.get("type")].append(node)
        for source, neighbours in g._succ.items():
            for target, kinds in neighbours.items():
                for kind in kinds:
                    targets = out[kind].get(source)
                    if targets is None:
                        out[kind][source] = [target]
                    else:
                        targets.append(target)
        self._out, self._types = out, types
        self._in: dict[str, dict[str, list[str]]] = {}  # each kind reversed when first asked for
        self._trees: dict[str, Tree] = {}

    def tree(self, kind: str) -> Tree:
        """The tree that the first `kind` edge leaving each node makes (``part_of``: the unit tree; ``reports_to``:
        the reporting lines), built when first asked for.

        >>> g = nx.MultiDiGraph()
        >>> _ = g.add_edge("team", "dept", "part_of"); _ = g.add_edge("dept", "hq", "part_of")
        >>> list(EdgeIndex(g).tree("part_of").ancestors("team"))
        ['dept', 'hq']
        """
        tree = self._trees.get(kind)
        if tree is None:
            tree = self._trees[kind] = Tree({node: targets[0] for node, targets in self.out(kind).items()})
        return tree

    def into(self, kind: str) -> dict[str, list[str]]:
        """Every node with `kind` edges arriving at it, mapped to where they come from."""
        into = self._in.get(kind)
        if into is None:
            into = self._in[kind] = defaultdict(list)
            for source, targets in self._out.get(kind, {}).items():
                for target in targets:
                    into[target].append(source)
        return into

    def of_type(self, node_type: str) -> list[str]:
        """The nodes of one type, in the order they were added (the file's order)."""
        return self._types.get(node_type, [])

    def targets(self, node: str, kind: str) -> list[str]:
        """Where the `kind` edges leaving `node` point, in the file's order."""
        return self._out.get(kind, {}).get(node, [])

    def out(self, kind: str) -> dict[str, list[str]]:
        """Every node with `kind` edges leaving it, mapped to where they point."""
        return self._out.get(kind, {})

    def sources(self, node: str, kind: str) -> list[str]:
        """Where the `kind` edges arriving at `node` come from."""
        return self.into(kind).get(node, [])

    def linked(self, node: str) -> list[str]:
        """The nodes joined to `node` by a collaboration or coordination link, either way round."""
        return [end for kind in LINK_KINDS for end in (*self.targets(node, kind), *self.sources(node, kind))]

    def edges(self, kind: str) -> list[tuple[str, str]]:
        """Every edge of one kind as (source, target)."""
        return [(source, target) for source, ends in self._out.get(kind, {}).items() for target in ends]
