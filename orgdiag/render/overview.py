"""An overview diagram for organisations too large to draw position by position.

Above :data:`FULL_DETAIL_LIMIT` positions, channels, agencies and links a diagram of every box is unreadable and
slow to lay out. The overview draws the unit tree instead: each unit is one box with
its headcount, the unit tree is cut at the deepest level that fits
:data:`UNIT_BUDGET` boxes, and what lies below a cut is folded into the box above
("+ 530 units, 4,210 positions below"). Each finding is drawn on the unit it concerns
(a position's unit, a channel's owner, an agency's contracting unit), or on the
visible unit that unit is folded into, as a badge with its count. Boxes left over
after the last whole level open the units with the most findings folded into them. ``--focus`` draws
any part in full (:mod:`orgdiag.render.focus`).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import filterfalse
from operator import attrgetter

import graphviz

from orgdiag.findings import Finding, severity_rank
from orgdiag.model import OrgFile
from orgdiag.model.links import home_units, live_positions, live_units
from orgdiag.model.notes import names_a_committee
from orgdiag.model.tree import Tree, unit_tree
from orgdiag.naming import counted, element_label
from orgdiag.render.dot import diagram
from orgdiag.render.legend import OVERVIEW_DRAWN, legend_table, place_legend
from orgdiag.render.style import (
    COMMITTEE_STYLE,
    FONT,
    ID_WIDTH,
    UNIT_NAME_WIDTH,
    UNIT_STYLE,
    attribute_text,
    badge_table,
    code_cell,
    escape,
    font,
    mark_line,
    mark_style,
    severity_style,
    short,
)
from orgdiag.structure import UnitCount

#: Organisations with more elements drawn one by one than this (positions, channels, agencies and links) are drawn as
#: an overview: 10,000 channels of one unit drawn in full kept Graphviz busy for over ten minutes.
FULL_DETAIL_LIMIT = 150
#: The most unit boxes an overview draws.
UNIT_BUDGET = 60
#: About the most units without units below them (drawn last) in one column: more stand in several columns
#: side by side, each one step further right, so that a broad tree makes a page rather than a tall strip.
COLUMN_HEIGHT = 14


#: The most posts a top unit's box names, the top ones first (see ``UnitTree.leaders``), and their width.
LEADERS_SHOWN = 8
LEADER_WIDTH = 40

#: The line from a top unit to another top unit whose head reports to a post in it (see ``UnitTree.led_by``).
LED_BY_STYLE = {"color": "#333333", "penwidth": "1.5", "arrowhead": "none"}

#: The deepest unit tree drawn as clusters within clusters: Graphviz's layout slows down faster than the depth
#: grows beyond about 30 (120 levels took a minute); no real unit tree comes near it.
MAX_NESTED_UNITS = 20


def needs_overview(org: OrgFile) -> bool:
    """Whether an organisation is too large to draw element by element, or its units nest too deep to draw as
    clusters within clusters.

    >>> from orgdiag.model import OrgFile
    >>> chain = [{"id": f"u{n}", "name": "U", "parent": f"u{n - 1}" if n else None} for n in range(25)]
    >>> needs_overview(OrgFile.model_validate({"organisation": {"name": "X"}, "units": chain}))
    True
    """
    if len(org.positions) + len(org.channels) + len(org.agencies) + len(org.links) > FULL_DETAIL_LIMIT:
        return True
    return max(unit_tree(org).depth.values(), default=0) >= MAX_NESTED_UNITS


def boxes_of(org: OrgFile) -> str:
    """What an overview of the organisation draws as boxes: ``unit``, or ``team`` when it has no units."""
    return "unit" if org.units else "team"


class UnitTree:
    """The tree an overview draws, with depths and headcounts, computed once in a pass over the file: the unit
    tree; for an organisation without units (an export of people and managers only), its teams, each a manager
    with the reports who manage nobody, under the team of the manager's own manager."""

    def __init__(self, org: OrgFile, budget: int = UNIT_BUDGET):
        self.kind = boxes_of(org)
        live = live_units(org)  # a unit left only by abolished posts is history: no box
        if self.kind == "unit":
            self.parent: dict[str, str | None] = {u.id: u.parent for u in live}
            self.names = {u.id: u.name for u in live}
            self.home: Mapping[str, str] = home_units(org)
            self.own = Counter(map(attrgetter("unit"), filterfalse(attrgetter("abolished"), org.positions)))
        else:
            self.parent, self.names, self.home = _teams(org)
            self.own = Counter(self.home[p.id] for p in org.positions if not p.abolished and p.id in self.home)
        self.tree = unit_tree(org) if self.kind == "unit" and live is org.units else Tree(self.parent)
        #: the box that the top units beyond the budget are folded into, if any (:meth:`_fold_top_units`)
        self.more: str | None = None
        if len(self.tree.children.get(None, [])) > budget:
            self._fold_top_units(budget - 1)
        #: live positions the tree holds nowhere (in an organisation without units: those with neither a manager
        #: nor reports)
        self.outside = len(org.positions) - sum(map(attrgetter("abolished"), org.positions)) - sum(self.own.values())
        self.children: dict[str | None, list[str]] = defaultdict(list, self.tree.children)
        self.order = self._breadth_first()
        self.depth = self.tree.depth
        positions, units = (
            self.tree.roll_up({box: self.own[box] for box in self.parent}),
            self.tree.roll_up(dict.fromkeys(self.parent, 1)),
        )
        self.below_positions = {box: positions[box] - self.own[box] for box in self.parent}
        self.below_units = {box: units[box] - 1 for box in self.parent}
        self.led_by = self._led_by(org) if self.kind == "unit" else {}
        self.leaders = self._leaders(org) if self.kind == "unit" else {}

    def _fold_top_units(self, kept: int) -> None:
        """Keep the `kept` top units with the most positions (in the tree's order) and fold the others into one box
        of their own at the top: the top level is otherwise always drawn whole, and 100,000 units side by side at
        the top are no drawing Graphviz finishes."""
        roots = self.tree.children[None]
        positions = self.tree.roll_up({box: self.own[box] for box in self.parent})
        ranked = sorted(range(len(roots)), key=lambda place: (-positions[roots[place]], place))
        folded = [roots[place] for place in sorted(ranked[kept:])]
        self.more = next(name for n in itertools.count() if (name := f"+{n}-more-top-{self.kind}s") not in self.parent)
        self.names[self.more] = f"{len(folded):,} more {self.kind}s at the top"
        self.parent = {**self.parent, self.more: None} | dict.fromkeys(folded, self.more)
        self.tree = Tree(self.parent)

    def _leaders(self, org: OrgFile) -> dict[str, list[str]]:
        """The titles of the posts of each top unit that holds two or more, its head first, then the posts that
        report to it, then theirs (each level in file order): an organisation whose directors sit in its top unit
        with the chief executive (a senior sheet's one "office") would otherwise show no directorate at all, only
        a count of positions."""
        live = {p.id: p for p in live_positions(org)}
        depth: dict[str, int] = {}

        def level(post: str) -> int:  # posts above it in its own unit (a loop of managers counts once round)
            if post not in depth:
                depth[post] = 0
                manager = live.get(live[post].reports_to or "")
                if manager is not None and manager.unit == live[post].unit:
                    depth[post] = level(manager.id) + 1
            return depth[post]

        titles: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for position in live.values():
            if position.unit is not None and self.parent.get(position.unit, "") is None:
                titles[position.unit].append((level(position.id), position.title))
        return {
            unit: [t for _, t in sorted(posts, key=lambda p: p[0])] for unit, posts in titles.items() if len(posts) > 1
        }

    def _led_by(self, org: OrgFile) -> dict[str, str]:
        """The top unit each other top unit is led from: the one holding the managers of its posts whose manager is
        outside it, each post weighed by its reports (the head of a directorate outweighs an adviser). A committee
        of the top posts stands beside the directorates its members lead (an organogram's Unit column names the
        board, not a unit above them): without this line the top units stand side by side, unconnected, and the
        board that leads them reads as one more directorate."""
        roots = {unit: self._root(unit) for unit in self.parent}
        positions = {p.id: p for p in live_positions(org)}
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        leads = Counter(p.reports_to for p in positions.values() if p.reports_to)
        for position in positions.values():
            manager = positions.get(position.reports_to or "")
            if manager is None or position.unit not in roots or manager.unit not in roots:
                continue
            if roots[position.unit] != roots[manager.unit]:
                votes[roots[position.unit]][roots[manager.unit]] += 1 + leads[position.id]
        led: dict[str, str] = {}
        place = {unit: number for number, unit in enumerate(self.order)}
        for root in self.children[None]:
            ranked = sorted(votes[root].items(), key=lambda vote: (-vote[1], place[vote[0]]))
            leader = next((unit for unit, _ in ranked if not self._leads(root, unit, led)), None)
            if leader is not None:
                led[root] = leader
        return led

    def _root(self, unit: str) -> str:
        return next((above for above in self.tree.ancestors(unit) if self.parent.get(above) is None), unit)

    @staticmethod
    def _leads(root: str, other: str, led: dict[str, str]) -> bool:
        """Whether `root` already leads `other`, directly or through other top units (no circle of leading)."""
        while other in led:
            other = led[other]
            if other == root:
                return True
        return other == root

    def _breadth_first(self) -> list[str]:
        order = list(self.children[None])
        for unit in order:
            order.extend(self.children[unit])
        return order

    def visible(self, budget: int, weight: Counter[str]) -> set[str]:
        """Which units get a box: whole levels from the top while they fit in `budget` boxes, then, while
        boxes are left, the sub-units of the box with the most `weight` (findings) folded into it."""
        per_level = Counter(self.depth.values())
        shown, deepest = 0, 0
        for level in sorted(per_level):
            if level > 0 and shown + per_level[level] > budget:
                break
            shown += per_level[level]
            deepest = level
        visible = {unit for unit in self.order if self.depth[unit] <= deepest}
        folded = Counter({unit: 0 for unit in visible})
        for unit, count in weight.items():
            folded[self.shown_as(unit, visible)] += count
        closed = [
            unit for unit in self.order if unit in visible and folded[unit] and self.has_hidden_children(unit, visible)
        ]
        for unit in sorted(closed, key=lambda u: -folded[u]):  # a stable sort: ties keep the tree's order
            children = self.children[unit]
            if len(visible) + len(children) <= budget:
                visible.update(children)
        return visible

    def has_hidden_children(self, unit: str, visible: set[str]) -> bool:
        return any(child not in visible for child in self.children[unit])

    def shown_as(self, unit: str, visible: set[str]) -> str:
        """The visible unit a unit is drawn in: itself, or the nearest visible unit above it."""
        if unit in visible:
            return unit
        return next(above for above in self.tree.ancestors(unit) if above in visible)  # the top level is visible


def _teams(org: OrgFile) -> tuple[dict[str, str | None], dict[str, str], dict[str, str]]:
    """The teams of an organisation without units: each manager's team (named by the manager's post) under the team
    of the manager's manager; and the team each position is drawn in (a manager's own, else its manager's)."""
    live = live_positions(org)
    reports = Counter(p.reports_to for p in live if p.reports_to)
    parent: dict[str, str | None] = {p.id: p.reports_to for p in live if reports[p.id]}
    names = {p.id: p.title for p in live if reports[p.id]}
    home = {p.id: p.id if reports[p.id] else p.reports_to for p in live if reports[p.id] or p.reports_to}
    return parent, names, {element: team for element, team in home.items() if team is not None}


def overview(
    org: OrgFile,
    findings: list[Finding] | tuple[Finding, ...],
    budget: int = UNIT_BUDGET,
    marks: Mapping[str, str] | None = None,
    note: str | None = None,
) -> graphviz.Digraph:
    """The overview diagram: the unit tree cut to `budget` boxes, headcounts and findings on the units; with
    `marks` (element id → how a restructuring touched it), each box holding a touched element outlined in the
    mark's colour."""
    dot = _overview_digraph()
    kinds = draw_overview(dot, org, findings, budget, marks or {}).kinds
    used = sorted(set((marks or {}).values()))
    place_legend(dot, legend_table(list(findings), boxes_of(org), used, note, drawn=kinds))
    return dot


def part_diagram(
    part: OrgFile,
    findings: list[Finding] | tuple[Finding, ...],
    marks: dict[str, str] | None = None,
    legend: bool = True,
    whole: Mapping[str, UnitCount] | None = None,
) -> graphviz.Digraph:
    """A part cut out of an organisation (a neighbourhood, a unit a change touched) drawn in full, or as its overview
    where even the part is too large to draw in full (a unit owning 10,000 channels); the arguments are
    :func:`~orgdiag.render.dot.diagram`'s."""
    if needs_overview(part):
        return overview(part, findings, marks=marks)
    return diagram(part, findings, marks, legend=legend, whole=whole)


def overviews_side_by_side(
    sides: Sequence[tuple[str, OrgFile, tuple[Finding, ...], Mapping[str, str]]], findings: list[Finding]
) -> graphviz.Digraph:
    """Several overviews in one drawing, left to right, each under its title, with one legend (for an
    organisation before and after a restructuring: ``(title, org, findings, marks)`` per side, the title escaped
    for Graphviz's HTML-like labels)."""
    dot = _overview_digraph()
    used: set[str] = set()
    drawn: list[DrawnOverview] = []
    for number, (title, org, side_findings, marks) in enumerate(sides):
        with dot.subgraph(name=f"cluster_side{number}") as side:
            side.attr(label=f"<{font(title, 20, bold=True)}>", style="rounded", color="#cccccc", margin="16")
            drawn.append(draw_overview(side, org, side_findings, UNIT_BUDGET, marks, prefix=f"s{number}"))
        used |= set(marks.values())
    for left, right in itertools.pairwise(drawn):  # each side to the right of the one before: its top ranks after
        for box in left.names:
            dot.edge(box, right.names[0], style="invis", weight="0")
    kinds = set().union(*(side.kinds for side in drawn))
    place_legend(dot, legend_table(findings, boxes_of(sides[-1][1]), marks=sorted(used), drawn=kinds))
    return dot


def _overview_digraph() -> graphviz.Digraph:
    dot = graphviz.Digraph("orgdiag")
    dot.attr("graph", fontname=FONT, rankdir="LR", nodesep="0.12", ranksep="0.6", pad="0.3", labelloc="t")
    dot.attr("node", fontname=FONT, fontsize="10", shape="box", style="rounded,filled", margin="0.1,0.05")
    dot.attr("edge", color="#777777", arrowhead="none")
    return dot


def draw_overview(
    dot: graphviz.Digraph,
    org: OrgFile,
    findings: list[Finding] | tuple[Finding, ...],
    budget: int,
    marks: Mapping[str, str],
    prefix: str = "",
) -> DrawnOverview:
    """The overview's boxes and lines into `dot` (a graph or a cluster); node names start with `prefix`. Returns
    the boxes' node names, the top unit's first, and the kinds of line and box drawn."""
    tree = UnitTree(org, budget)
    home = tree.home
    located = [(home[f.subject], f) for f in findings if f.subject in home]
    visible = tree.visible(budget, Counter(unit for unit, _ in located))
    on_unit: dict[str, list[Finding]] = defaultdict(list)
    for unit, finding in located:
        on_unit[tree.shown_as(unit, visible)].append(finding)
    marked = _marked_boxes(tree, home, visible, marks)
    channels = Counter(channel.owner for channel in org.channels)
    folded_channels = Counter(
        tree.shown_as(channel.owner, visible) for channel in org.channels if channel.owner not in visible
    )
    names = {unit: f"{prefix}u{number}" for number, unit in enumerate(u for u in tree.order if u in visible)}
    children: dict[str, list[str]] = defaultdict(list)
    for unit in tree.order:
        parent = tree.parent[unit]
        if unit in visible and parent is not None:
            children[parent].append(unit)
    leaves = [unit for unit in tree.order if unit in visible and not children.get(unit)]
    count = -(-len(leaves) // COLUMN_HEIGHT)
    columns = {unit: index % count for index, unit in enumerate(leaves) if index % count}
    with dot.subgraph(name=f"cluster_{prefix}overview") as boxes:  # the title above the boxes; the legend below
        boxes.attr(label=_title(org, tree), style="rounded", color="#444444", margin="14")
        for unit in tree.order:
            if unit in visible:
                counts = (channels[unit], folded_channels[unit])
                box = _Box(names[unit], unit, on_unit.get(unit, []), counts, marked.get(unit))
                _unit_box(boxes, tree, visible, box)
    for unit in tree.order:
        if unit in visible:
            parent = tree.parent[unit]
            if parent is not None:
                dot.edge(names[parent], names[unit], **({"minlen": str(columns[unit] + 1)} if unit in columns else {}))
    for root, leader in tree.led_by.items():
        dot.edge(names[leader], names[root], **LED_BY_STYLE)
    committees = tree.kind == "unit" and any(names_a_committee(tree.names[unit]) for unit in names)
    kinds = OVERVIEW_DRAWN | ({"led_by"} if tree.led_by else set()) | ({"committee"} if committees else set())
    return DrawnOverview(list(names.values()), frozenset(kinds))


@dataclass(frozen=True)
class DrawnOverview:
    """What :func:`draw_overview` drew: its boxes' node names (the top unit's first) and the kinds of line and box
    (those of :data:`~orgdiag.render.legend.OVERVIEW_KEYS`), for the legend."""

    names: list[str]
    kinds: frozenset[str]


def _marked_boxes(
    tree: UnitTree, home: Mapping[str, str], visible: set[str], marks: Mapping[str, str]
) -> dict[str, str]:
    """The mark of each box: its own unit's, else that of the first touched element drawn in it."""
    boxes: dict[str, str] = {}
    for element, mark in marks.items():
        unit = home.get(element)
        if unit is not None and unit in tree.parent:
            box = tree.shown_as(unit, visible)
            if element == box:
                boxes[box] = mark
            else:
                boxes.setdefault(box, mark)
    return boxes


def _title(org: OrgFile, tree: UnitTree) -> str:
    live = counted(sum(not p.abolished for p in org.positions), "position")
    if tree.kind == "unit":
        summary = f"Overview: {live} in {counted(len(live_units(org)), 'unit')}. Units below the boxes are folded"
    else:
        summary = (
            f"Overview: {live} in {counted(len(tree.parent), 'team')} (the file has no units: a team is "
            "a manager and the reports who manage nobody). Teams below the boxes are folded"
        )
        if tree.outside:
            summary += f"; {counted(tree.outside, 'position')} with neither a manager nor reports not drawn"
    summary += " into them, findings included; use --focus ID to draw one part in full"
    title = font(escape(org.organisation.name), 16, bold=True)
    return f"<{title}<BR/>{font(escape(summary), 10, '#444444')}>"


@dataclass(frozen=True)
class _Box:
    """What one unit's box shows: its node name, unit, findings, channel counts (own, folded) and mark."""

    name: str
    unit: str
    findings: list[Finding]
    channels: tuple[int, int]
    mark: str | None


def _unit_box(dot: graphviz.Digraph, tree: UnitTree, visible: set[str], box: _Box) -> None:
    unit, findings = box.unit, box.findings
    own_channels, folded_channels = box.channels
    committee = tree.kind == "unit" and names_a_committee(tree.names[unit])
    lines = [
        font(escape(tree.names[unit], UNIT_NAME_WIDTH), 11, bold=True),
        *([] if unit == tree.more else [font(escape(short(unit, ID_WIDTH)), 8, "#666666")]),
        *mark_line(box.mark),
    ]
    if committee:
        lines.insert(1, font("committee of the top posts", 9, COMMITTEE_STYLE["color"], bold=True))
    if unit != tree.more:
        here = counted(tree.own[unit], "position") + (f" · {counted(own_channels, 'channel')}" if own_channels else "")
        lines.append(font(here, 9, "#333333"))
    leaders = tree.leaders.get(unit, [])
    for title in leaders[:LEADERS_SHOWN]:
        lines.append(font(escape(short(title, LEADER_WIDTH)), 9, "#222222"))
    if len(leaders) > LEADERS_SHOWN:
        lines.append(font(f"+ {counted(len(leaders) - LEADERS_SHOWN, 'other post')}", 9, "#555555"))
    if tree.has_hidden_children(unit, visible):
        below = [counted(tree.below_units[unit], tree.kind), counted(tree.below_positions[unit], "position")]
        below += [counted(folded_channels, "channel")] if folded_channels else []
        lines.append(font(f"+ {', '.join(below)} below", 9, "#555555"))
    rows = "".join(f"<TR><TD>{line}</TD></TR>" for line in lines)
    if findings:
        rows += f"<TR><TD>{_counted_badges(findings)}</TD></TR>"
    attrs = {key: (COMMITTEE_STYLE if committee else UNIT_STYLE)[key] for key in ("fillcolor", "color")}
    attrs |= severity_style(findings)
    attrs |= mark_style(box.mark, "rounded,filled")
    label = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>'
    found = "; ".join(f"{f.rule} {f.severity}: {f.message}" for f in findings[:20])
    named = tree.names[unit] if unit == tree.more else element_label(tree.names[unit], unit)
    hint = attribute_text(named + (f". {found}" if found else ""))
    dot.node(box.name, label=label, id=attribute_text(f"org-{unit}", limit=10_000), tooltip=hint, **attrs)


def _counted_badges(findings: list[Finding]) -> str:
    """One badge per rule code, with how many of its findings are here: ``OD101 ×3``."""
    counts = Counter(f.rule for f in findings)
    first = {f.rule: f for f in reversed(findings)}
    codes = sorted(counts, key=lambda c: (-severity_rank(first[c].severity), c))
    return badge_table([code_cell(first[code], counts[code]) for code in codes])
