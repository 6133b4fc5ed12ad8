"""The graph build_graph assembles in bulk is the graph networkx's own add_node and add_edge calls make: the same
nodes with the same attributes, the same keyed edges, in the same order both ways."""

from __future__ import annotations

from typing import Any

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from orgdiag.measure.graph import _Parts

NAMES = st.sampled_from(["a", "b", "c", "d", "e"])
KINDS = st.sampled_from(["reports_to", "member_of", "owns"])
CALLS = st.lists(
    st.one_of(
        st.tuples(st.just("node"), NAMES, st.dictionaries(st.sampled_from(["type", "name"]), st.integers(0, 3))),
        st.tuples(st.just("edge"), NAMES, NAMES, KINDS),
    ),
    max_size=30,
)


def _shape(g: nx.MultiDiGraph) -> tuple[Any, ...]:
    return (
        list(g.nodes(data=True)),
        list(g.edges(keys=True, data=True)),
        [(node, list(g.pred[node])) for node in g],
        [(node, list(g.succ[node])) for node in g],
        g.graph,
    )


@given(CALLS)
def test_the_assembled_graph_is_the_one_networkx_builds_call_by_call(calls: list[tuple[Any, ...]]) -> None:
    parts, expected = _Parts(), nx.MultiDiGraph(name="X")
    for call in calls:
        if call[0] == "node":
            parts.node(call[1], **call[2])
            expected.add_node(call[1], **call[2])
        else:
            parts.edge(*call[1:])
            expected.add_edge(*call[1:])
    assembled = parts.graph(name="X")
    assert _shape(assembled) == _shape(expected)
    assembled.add_edge("a", "z", "owns")  # and it is a graph networkx goes on working with
    assert assembled.has_edge("a", "z", "owns") and "a" in assembled.pred["z"]
