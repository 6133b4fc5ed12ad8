"""Graph metrics of the organisation, computed with networkx and plain dicts: the layers below a post, betweenness.
The depths, spans, layers and unit totals of the organisation are measured once, in :mod:`orgdiag.structure`.

Each function measures; none judges. The fact builders (:mod:`orgdiag.measure.facts`) put the
measures into facts, and the rules decide which values make a problem.
"""

from __future__ import annotations

import networkx as nx

from orgdiag.measure.graph import EdgeIndex
from orgdiag.model.tree import below

#: Betweenness is computed exactly up to this many nodes, and estimated from a fixed sample of pivots above it
#: (networkx's Brandes algorithm costs a breadth-first search per pivot: exact on 1,500 nodes would take seconds).
BETWEENNESS_EXACT_LIMIT = 250
BETWEENNESS_PIVOTS = 150
#: ... and fewer pivots on a graph so large that 150 would pass this many nodes and edges: each pivot walks the whole
#: graph, and one position owning 100,000 channels must not cost minutes (never fewer than 16 pivots).
BETWEENNESS_WORK = 3_000_000


def layers_below(index: EdgeIndex, top: str, depths: dict[str, int]) -> int:
    """How many reporting layers lie below `top`: 0 when nobody reports to it.

    >>> g = nx.MultiDiGraph()
    >>> for p in "abc": g.add_node(p, type="position")
    >>> _ = g.add_edge("b", "a", "reports_to"); _ = g.add_edge("c", "b", "reports_to")
    >>> index = EdgeIndex(g)
    >>> layers_below(index, "a", {"a": 0, "b": 1, "c": 2}), layers_below(index, "c", {"a": 0, "b": 1, "c": 2})
    (2, 0)
    """
    under = below(top, lambda manager: index.sources(manager, "reports_to"))  # the reversed index is built already
    return max((depths[report] for report in under), default=depths[top]) - depths[top]


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness centrality, rounded to three decimals; estimated from a fixed sample above
    :data:`BETWEENNESS_EXACT_LIMIT` nodes so that it stays fast and the same from run to run.

    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    if graph.number_of_nodes() < 3:
        return dict.fromkeys(graph, 0.0)
    size = graph.number_of_nodes() + graph.number_of_edges()
    pivots = min(BETWEENNESS_PIVOTS, max(16, BETWEENNESS_WORK // size))
    sample = pivots if graph.number_of_nodes() > BETWEENNESS_EXACT_LIMIT else None
    values = nx.betweenness_centrality(graph, k=sample, seed=0 if sample else None)
    return {node: round(value, 3) for node, value in values.items()}
