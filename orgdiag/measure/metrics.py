"""Graph metrics of the organisation, computed with networkx and plain dicts: depths, spans, layers, betweenness.

Each function measures; none judges. The fact builders (:mod:`orgdiag.measure.facts`) put the
measures into facts, and the rules decide which values make a problem.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from operator import itemgetter

import networkx as nx

from orgdiag.measure.graph import EdgeIndex
from orgdiag.model.tree import below, depths

#: Span-of-control bands as org-design tools report them: (label, smallest, largest) direct reports.
SPAN_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2–3", 2, 3),
    ("4–7", 4, 7),
    ("8–12", 8, 12),
    ("13–16", 13, 16),
    ("17+", 17, None),
)

#: Betweenness is computed exactly up to this many nodes, and estimated from a fixed sample of pivots above it
#: (networkx's Brandes algorithm costs a breadth-first search per pivot: exact on 1,500 nodes would take seconds).
BETWEENNESS_EXACT_LIMIT = 250
BETWEENNESS_PIVOTS = 150
#: ... and fewer pivots on a graph so large that 150 would pass this many nodes and edges: each pivot walks the whole
#: graph, and one position owning 100,000 channels must not cost minutes (never fewer than 16 pivots).
BETWEENNESS_WORK = 3_000_000


def position_depths(index: EdgeIndex) -> dict[str, int]:
    """Reporting layers above each position: 0 for a position reporting to nobody.

    Every position has at most one manager and the lines do not loop (the loader checks), so each depth is its
    manager's plus one, worked out along each chain once (:func:`~orgdiag.model.links.depths`).

    >>> g = nx.MultiDiGraph()
    >>> for p in "abc": g.add_node(p, type="position")
    >>> _ = g.add_edge("b", "a", "reports_to"); _ = g.add_edge("c", "b", "reports_to")
    >>> position_depths(EdgeIndex(g))
    {'a': 0, 'b': 1, 'c': 2}
    """
    lines, positions = index.out("reports_to"), index.of_type("position")
    found = depths(positions, dict(zip(lines, map(itemgetter(0), lines.values()), strict=True)))
    return dict(zip(positions, map(found.__getitem__, positions), strict=True))


def direct_reports(index: EdgeIndex) -> dict[str, int]:
    """How many positions report to each manager on a solid line (managers only)."""
    return {manager: len(reports) for manager, reports in index.into("reports_to").items() if reports}


def team_sizes(reports: dict[str, int], staff: dict[str, float]) -> dict[str, int]:
    """Each manager's team: its listed direct reports plus the staff counted under it (FTE rounded up to whole
    people), for every position with either.

    Staff counted under a post (an organogram's junior staff) report to it directly or through junior managers
    the export does not list, so the team is the most the post could have reporting directly: a span is called
    narrow only when even the team is narrow, and wide only when the listed reports alone are wide.

    >>> team_sizes({"a": 1, "b": 3}, {"a": 10.8, "c": 0.5})
    {'a': 12, 'b': 3, 'c': 1}
    """
    return {
        position: reports.get(position, 0) + math.ceil(staff.get(position, 0.0))
        for position in [*reports, *(p for p in staff if p not in reports)]
        if reports.get(position) or staff.get(position)
    }


def span_band(reports: int) -> str:
    """The band a span of control falls in.

    >>> span_band(1), span_band(5), span_band(40)
    ('1', '4–7', '17+')
    """
    for label, low, high in SPAN_BANDS:
        if reports >= low and (high is None or reports <= high):
            return label
    raise ValueError(f"a span of {reports} is no manager's")


def span_shares(spans: Iterable[int]) -> dict[str, int]:
    """The percentage of managers in each band (every band listed, rounded to whole percents).

    >>> span_shares([1, 2, 5, 6])
    {'1': 25, '2–3': 25, '4–7': 50, '8–12': 0, '13–16': 0, '17+': 0}
    """
    counts = Counter(span_band(span) for span in spans)
    total = sum(counts.values())
    return {label: round(100 * counts[label] / total) if total else 0 for label, _, _ in SPAN_BANDS}


def layers_below(index: EdgeIndex, top: str, depths: dict[str, int]) -> int:
    """How many reporting layers lie below `top`: 0 when nobody reports to it.

    >>> g = nx.MultiDiGraph()
    >>> for p in "abc": g.add_node(p, type="position")
    >>> _ = g.add_edge("b", "a", "reports_to"); _ = g.add_edge("c", "b", "reports_to")
    >>> index = EdgeIndex(g)
    >>> layers_below(index, "a", position_depths(index)), layers_below(index, "c", position_depths(index))
    (2, 0)
    """
    under = below(top, lambda manager: index.sources(manager, "reports_to"))  # the reversed index is built already
    return max((depths[report] for report in under), default=depths[top]) - depths[top]


def unit_headcounts(index: EdgeIndex, unit_of: dict[str, str]) -> dict[str, int]:
    """Positions in each unit and all the units below it."""
    counts = Counter(unit_of[p] for p in index.of_type("position") if p in unit_of)
    totals = index.tree("part_of").roll_up(counts)
    return {unit: totals.get(unit, counts[unit]) for unit in index.of_type("unit")}


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
