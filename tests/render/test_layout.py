"""The diagrams of real organograms, checked on Graphviz's own layout (``dot -Tjson``): peers level with each other,
each leader above the boxes of the units it leads, a committee of the top posts above the directorates its members
lead, unit titles inside their boxes, every line and box inside the drawing, a legend no taller than it needs and
a drawing that fits a page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.importers import import_org
from orgdiag.orgfile import load_org
from orgdiag.render.comparison.pictures import (
    MAX_ACROSS,
    after_diagram,
    before_diagram,
    comparison_pictures,
    side_by_side,
)
from orgdiag.render.dot import ROW_WIDTH, diagram, render_bytes
from orgdiag.render.focus import findings_in, retitled, subtree
from orgdiag.render.overview import LEADER_WIDTH, LEADERS_SHOWN, overview
from orgdiag.render.pages import drawn, png_size, whole
from orgdiag.render.style import escape, short
from orgdiag.restructuring.plan import restructure

from conftest import DEMO, FIXTURES
from rulecases import case_org

REAL = FIXTURES / "real"
SHEETS = {
    "slc": REAL / "uk-organogram-corpus" / "30092013-SLC",
    "passenger-focus": REAL
    / "uk-organogram-corpus"
    / "Organogram-Government-staff-and-salary-data-Passenger-Focus---September-2013-FINAL",
    "dfid": REAL / "uk-organogram-history" / "department_for_international_development-2014-09-30",
    "competition-commission": REAL
    / "uk-organogram-corpus"
    / "300913-Competition-Commission-staff-and-salary-data---September-2013",
}
#: Graphviz's coordinates are points, 72 an inch; a node's size is in inches.
POINTS = 72.0


@cache
def diagnosed(body: str) -> Diagnosis:
    stem = SHEETS[body]
    return diagnosed_export(stem.name, stem.parent)


@cache
def diagnosed_export(stem: str, folder: Path) -> Diagnosis:
    sheets = [folder / f"{stem}-senior.csv", folder / f"{stem}-junior.csv"]
    return diagnose(import_org(sheets, "uk-organogram").org)


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    def inside(self, other: Box, slack: float = 1.0) -> bool:
        return (
            self.left >= other.left - slack
            and self.right <= other.right + slack
            and self.bottom >= other.bottom - slack
            and self.top <= other.top + slack
        )


class Layout:
    """Graphviz's layout of a DOT source: its boxes by SVG id, clusters by id, and every point a line passes."""

    def __init__(self, source: str):
        self.data: dict[str, Any] = json.loads(render_bytes(source, "json"))
        self.frame = _bb(self.data["bb"])
        objects = self.data.get("objects", [])
        self.nodes = {o["id"]: o for o in objects if "nodes" not in o and "id" in o}
        self.clusters = {o["id"]: o for o in objects if "nodes" in o and "id" in o}
        self.by_name = {o["name"]: o for o in objects if "nodes" not in o}
        self.by_cluster_name = {o["name"]: o for o in objects if "nodes" in o}

    def node_box(self, element: str) -> Box:
        node = self.nodes[element]
        x, y = map(float, node["pos"].split(","))
        half_w, half_h = float(node["width"]) * POINTS / 2, float(node["height"]) * POINTS / 2
        return Box(x - half_w, y - half_h, x + half_w, y + half_h)

    def y(self, element: str) -> float:
        return float(self.nodes[element]["pos"].split(",")[1])

    def cluster_box(self, element: str) -> Box:
        return _bb(self.clusters[element]["bb"])

    def label_box(self, element: str) -> Box:
        return _label_box(self.clusters[element])

    def curve_points(self, edges: list[dict[str, Any]] | None = None, steps: int = 24) -> list[tuple[float, float]]:
        """Points along every line drawn, or along `edges` (their cubic Bézier pieces sampled)."""
        points = []
        for edge in self.data.get("edges", []) if edges is None else edges:
            for op in edge.get("_draw_", []):
                control = op.get("points", [])
                for start in range(0, len(control) - 3, 3):
                    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = control[start : start + 4]
                    for step in range(steps + 1):
                        t = step / steps
                        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
                        points.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
        return points

    def line_points(self) -> list[tuple[float, float]]:
        points = []
        for edge in self.data.get("edges", []):
            for op in edge.get("_draw_", []):
                points += [tuple(point) for point in op.get("points", [])]
        return points


def _label_box(cluster: dict[str, Any]) -> Box:
    x, y = map(float, cluster["lp"].split(","))
    half_w, half_h = float(cluster["lwidth"]) * POINTS / 2, float(cluster["lheight"]) * POINTS / 2
    return Box(x - half_w, y - half_h, x + half_w, y + half_h)


def _bb(text: str) -> Box:
    left, bottom, right, top = map(float, text.split(","))
    return Box(left, bottom, right, top)


def _reports(diagnosis: Diagnosis, manager: str) -> list[str]:
    return [p.id for p in diagnosis.org.positions if p.reports_to == manager and not p.abolished]


def test_peer_directors_stand_level_and_their_chief_executive_above_their_directorates() -> None:
    """The Student Loans Company: the Chief Executive's unit holds its directorates; the seven directors, each
    alone in a directorate, were drawn at four heights and the Chief Executive beside the directorates' titles."""
    slc = diagnosed("slc")
    layout = Layout(diagram(slc.org, slc.open_findings).source)
    chief = "org-SLC1"
    directors = _reports(slc, "SLC1")
    assert 2 < len(directors) <= ROW_WIDTH
    assert len({round(layout.y(f"org-{d}")) for d in directors}) == 1
    chief_bottom = layout.node_box(chief).bottom
    units = {p.unit for p in slc.org.positions if p.id in directors}
    for unit in units:
        assert chief_bottom > layout.cluster_box(f"org-{unit}").top, unit
    titles = [layout.label_box(f"org-{unit}") for unit in units]
    crossing = [point for point in layout.curve_points() for title in titles if Box(*point, *point).inside(title, 0)]
    assert crossing == []  # each line to a director ends on the directorate's box, not across its title


def test_a_committee_of_the_top_posts_is_drawn_as_one_above_the_directorates_it_leads() -> None:
    """DFID's 'TMG' (September 2014) holds the Permanent Secretary; the directors general head directorates beside
    it. Its box is marked a committee and its Permanent Secretary stands above their directorates; the overview
    joins it to the directorates it leads."""
    dfid = diagnosed("dfid")
    full = diagram(dfid.org, dfid.open_findings)
    layout = Layout(full.source)
    board = layout.node_box("org-A1")
    assert "committee of the top posts" in full.source
    assert board.inside(layout.cluster_box("org-tmg"))
    led = {p.unit for p in dfid.org.positions if p.reports_to == "A1" and p.unit not in (None, "tmg")}
    assert led
    for unit in led:
        assert board.bottom > layout.cluster_box(f"org-{unit}").top, unit
    drawn = overview(dfid.org, dfid.open_findings)
    names = {o["id"]: o["name"] for o in Layout(drawn.source).nodes.values()}
    joined = {(edge.tail_name, edge.head_name) for edge in _edges(drawn.source)}
    assert "led from" in drawn.source and "committee or board of the top posts" in drawn.source
    for unit in led:  # each joined to the unit its head reports to: TMG, for all four directors general
        assert (names["org-tmg"], names[f"org-{unit}"]) in joined, unit


@dataclass(frozen=True)
class _Edge:
    tail_name: str
    head_name: str


def _edges(source: str) -> list[_Edge]:
    data = json.loads(render_bytes(source, "json"))
    names = {o["_gvid"]: o["name"] for o in data.get("objects", [])}
    return [_Edge(names[e["tail"]], names[e["head"]]) for e in data.get("edges", [])]


@pytest.mark.parametrize("body", ["slc", "passenger-focus", "competition-commission", "dfid"])
def test_titles_fit_their_boxes_and_everything_is_inside_the_drawing(body: str) -> None:
    found = diagnosed(body)
    for drawing in (diagram(found.org, found.open_findings), overview(found.org, found.open_findings)):
        layout = Layout(drawing.source)
        for element, cluster in layout.clusters.items():
            box = layout.cluster_box(element)
            assert float(cluster["lwidth"]) * POINTS <= box.right - box.left + 1, element
            assert box.inside(layout.frame), element
        for element in layout.nodes:
            assert layout.node_box(element).inside(layout.frame), element
        outside = [point for point in layout.line_points() if not Box(*point, *point).inside(layout.frame)]
        assert outside == []
        assert _text_outside(layout) == []


@pytest.mark.parametrize("body", ["slc", "passenger-focus", "competition-commission"])
def test_the_legend_explains_what_is_drawn_and_is_no_taller_than_the_drawing(body: str) -> None:
    found = diagnosed(body)
    drawing = diagram(found.org, found.open_findings)
    layout = Layout(drawing.source)
    assert "external agency" not in drawing.source and "channel</FONT>" not in drawing.source
    severities = {f.severity for f in found.open_findings}
    assert ("critical</FONT>" in drawing.source) == ("critical" in severities)
    assert "led from" not in overview(found.org, found.open_findings).source  # one top unit: no line between them
    legend_height = float(layout.data["lheight"]) * POINTS
    chart = layout.cluster_box(next(iter(layout.clusters)))  # the organisation's frame, drawn first
    assert legend_height <= chart.top - chart.bottom


@pytest.mark.parametrize("body", ["slc", "passenger-focus", "competition-commission"])
def test_a_small_body_is_drawn_in_full_within_a_page(body: str) -> None:
    """The Competition Commission's 24 posts (seven inquiry directors under one) were drawn as an overview once its
    peers stood level: too wide, they stand in level rows instead, and the drawing is the full one."""
    found = diagnosed(body)
    drawing, paged = whole(found.org, found.open_findings)
    assert not paged and "Overview:" not in drawing.source
    assert drawing.fits
    layout = Layout(drawing.source)
    assert all(layout.node_box(e).inside(layout.frame) for e in layout.nodes)


def test_before_and_after_side_by_side_keep_each_line_and_label_inside_their_own_side() -> None:
    """The demo restructured: the agencies' collaboration line arced over the 'After' title, its label outside the
    frame, when the agencies of each side stood on its top rank instead of below the organisation."""
    result = restructure(load_org(DEMO))
    layout = Layout(side_by_side(result.comparison, len(result.changes)).source)
    names = {o["_gvid"]: o["name"] for o in layout.data["objects"]}
    sides = {prefix: f"cluster_{prefix}side" for prefix in ("b", "a")}
    frames = {prefix: _bb(layout.by_cluster_name[name]["bb"]) for prefix, name in sides.items()}
    titles = {prefix: _label_box(layout.by_cluster_name[name]) for prefix, name in sides.items()}
    for edge in layout.data["edges"]:
        side = names[edge["tail"]][0]
        points = layout.curve_points([edge])
        if "lp" in edge:
            points.append(tuple(map(float, edge["lp"].split(","))))
        assert all(Box(*point, *point).inside(frames[side]) for point in points), names[edge["tail"]]
        assert not any(Box(*point, *point).inside(titles[side], 0) for point in points), names[edge["tail"]]


def test_a_before_and_after_too_wide_for_two_slides_stands_one_above_the_other() -> None:
    """The demo's before and after side by side were 5,714 pixels wide: on a slide, text a few pixels high. Each
    side is as wide as it is drawn alone, one above the other."""
    result = restructure(load_org(DEMO))
    pictures = comparison_pictures(result.comparison, len(result.changes))
    alone = max(drawn(graph(result.comparison)).size[0] for graph in (before_diagram, after_diagram))
    width, height = png_size(pictures.both_png)
    assert alone > MAX_ACROSS / 2  # too wide for two side by side
    assert width <= alone * 1.1 and height > width / 2


def _shape(node: dict[str, Any]) -> Box:
    """The box of the outline a node is drawn with (a channel's body, its arrow's tip left out)."""
    points = [point for op in node.get("_draw_", []) if op["op"] in "pP" for point in op["points"]]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    right = sorted(set(xs))[-2] if node.get("shape") == "cds" else max(xs)
    return Box(min(xs), min(ys), right, max(ys))


def _text_outside(layout: Layout) -> list[str]:
    """Each line of text drawn partly outside the outline of its node, with the node's id."""
    outside = []
    for element, node in layout.nodes.items():
        if not any(op["op"] in "pP" for op in node.get("_draw_", [])):
            continue  # no outline (an anchor, a plain label)
        shape, size = _shape(node), 10.0
        for op in node.get("_ldraw_", []):
            if op["op"] == "F":
                size = float(op["size"])
            elif op["op"] == "T":
                x, y = map(float, op["pt"])
                width = float(op["width"])
                left = {"l": x, "r": x - width}.get(op["align"], x - width / 2)
                if not Box(left, y - 0.2 * size, left + width, y + 0.75 * size).inside(shape, 0.5):
                    outside.append(f"{element}: {op['text']}")
    return outside


def test_every_line_of_text_stays_inside_its_box() -> None:
    """The Home Office's 'Customers and Change': an inferred channel's italic note, broken in two inside one
    font, was sized a line short and its last line drawn below the channel's shape."""
    found = diagnosed_export("130930-Home-Office-Organogram-Data", REAL / "uk-organogram-corpus")
    part = retitled(subtree(found.org, "customers-and-change"), "Customers and Change")
    layout = Layout(diagram(part, findings_in(part, found.open_findings)).source)
    assert any(node.get("shape") == "cds" for node in layout.nodes.values())
    assert _text_outside(layout) == []


def test_a_small_body_too_wide_for_a_page_keeps_its_directors_in_full_and_in_its_overview() -> None:
    """BBSRC's 27 posts were too wide for a page in full; its overview drew the Swindon Office as '12 positions',
    and the chief executive's executive directors, all in that office, vanished from the drawing. Now its office's
    teams stand as lists under their managers and the whole is drawn in full, the institutes' directors level;
    its overview, where one is drawn, names the office's posts."""
    found = diagnosed_export("BIS-Transparency-Return---Sept-2013", REAL / "uk-organogram-corpus")
    top = [p for p in found.org.positions if p.unit == "swindon-office" and not p.abolished]
    chief = next(p for p in top if p.reports_to is None or p.reports_to not in {q.id for q in top})
    directors = [p for p in top if p.reports_to == chief.id]
    assert len(directors) >= 4
    drawing, paged = whole(found.org, found.open_findings)
    assert drawing.fits and "Overview:" not in drawing.source
    layout = Layout(drawing.source)
    assert {f"org-{p.id}" for p in [chief, *directors]} <= layout.nodes.keys()
    heads = [p for p in found.org.positions if p.reports_to == chief.id and p.unit != "swindon-office"]
    assert len(heads) >= 4 and len({round(layout.y(f"org-{p.id}")) for p in heads}) == 1
    summary = overview(found.org, found.open_findings).source
    for title in [chief.title, *(p.title for p in directors)][:LEADERS_SHOWN]:
        assert escape(short(title, LEADER_WIDTH)) in summary, title


def test_directorates_too_many_for_one_row_stand_in_level_rows_each_head_in_its_box() -> None:
    """NICE's seven directors under its chief executive, each alone in a directorate (OD604's near miss), are too
    wide for a page in one row, and were drawn as an overview of eight boxes: they stand in two level rows, each
    box below the chief executive and moved down with its head."""
    org = case_org("rules/top-heavy/near-miss-directors-with-teams")
    found = diagnose(org)
    drawing, paged = whole(org, found.open_findings)
    assert not paged and "Overview:" not in drawing.source
    layout = Layout(drawing.source)
    chief = next(p for p in org.positions if p.reports_to is None)
    heads = [p for p in org.positions if p.reports_to == chief.id and p.unit != chief.unit]
    rows = {round(layout.y(f"org-{p.id}")) for p in heads}
    assert len(heads) > 4 and len(rows) == 2
    for head in heads:
        box = layout.cluster_box(f"org-{head.unit}")
        assert layout.node_box(f"org-{chief.id}").bottom > box.top
        assert layout.node_box(f"org-{head.id}").inside(box)
