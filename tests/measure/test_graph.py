"""The typed graph has an edge for every link the organisation states, of the kind model.links names, and no other."""

from __future__ import annotations

from collections import Counter

from orgdiag.measure.graph import EDGE_KINDS, NODE_TYPES, build_graph, kpi_node
from orgdiag.model import SECTIONS
from orgdiag.model.links import ELEMENTS, REFERENCES, named
from orgdiag.orgfile import load_org

from conftest import DEMO, FIXTURES

ORGS = [DEMO, FIXTURES / "healthy" / "integrated-marketing.yaml"]


def _node(section: str, index: int, item) -> str:  # type: ignore[no-untyped-def]
    if section in ELEMENTS:
        return str(item.id)
    return kpi_node(index, item.id) if section == "kpis" else f"#{section[:-1]}:{index}"


def test_every_stated_link_is_an_edge_of_its_kind() -> None:
    for path in ORGS:
        org = load_org(path)
        g = build_graph(org)
        for reference in REFERENCES:
            for index, item in enumerate(getattr(org, reference.section)):
                node = _node(reference.section, index, item)
                for target in named(item, reference):
                    kind = reference.edge or item.kind
                    source, end = (target, node) if reference.reverse else (node, target)
                    if reference.section == "links":
                        source, end = item.between
                    assert g.has_edge(source, end, kind), (path.name, reference.section, reference.key, target)


def test_the_graph_has_no_edge_the_organisation_does_not_state() -> None:
    for path in ORGS:
        org = load_org(path)
        g = build_graph(org)
        stated: Counter[str] = Counter()
        for reference in REFERENCES:
            for item in getattr(org, reference.section):
                ids = named(item, reference)
                if reference.section == "links":
                    stated[item.kind] += 1
                else:
                    stated[str(reference.edge)] += len(set(ids))  # a step named twice is one edge
        holders = [item for section in ("units", "positions", "agencies") for item in getattr(org, section)]
        stated["owns"] += sum(len(h.owns) for h in holders)
        stated["decides"] += sum(len(h.decides) for h in holders)
        responsibilities = {ref for h in holders for ref in (*h.owns, *h.decides)}
        stated["concerns"] += sum(1 for ref in responsibilities if not ref.startswith("marcom/"))
        assert Counter(kind for _, _, kind in g.edges(keys=True)) == +stated, path.name
        assert {t for _, t in g.nodes(data="type")} <= set(NODE_TYPES)
        assert set(stated) <= set(EDGE_KINDS)
        assert len([s for s in SECTIONS if getattr(org, s)]) > 5, "the organisations tried state most kinds of link"


def test_betweenness_walks_a_bounded_number_of_nodes_and_edges_however_large_the_graph(monkeypatch) -> None:
    """One position owning 100,000 channels is a star of 100,001 nodes: every pivot of the estimate walks all of
    it, so the pivots shrink as the graph grows (issue 31: 10,000 channels took 27 s, 100,000 never ended)."""
    import networkx as nx

    from orgdiag.measure import metrics

    walked: list[int] = []

    def counting(graph: nx.Graph, k: int | None = None, **options: object) -> dict[str, float]:
        walked.append((k or graph.number_of_nodes()) * (graph.number_of_nodes() + graph.number_of_edges()))
        return dict.fromkeys(graph, 0.0)

    monkeypatch.setattr(metrics.nx, "betweenness_centrality", counting)
    for leaves in (100, 1_000, 100_000):
        metrics.betweenness(nx.star_graph(leaves))
    assert walked[:2] == [101 * 201, 150 * 2_001]  # exact below 250 nodes; 150 pivots while they walk little
    assert walked[2] <= metrics.BETWEENNESS_WORK + 16 * 200_001
