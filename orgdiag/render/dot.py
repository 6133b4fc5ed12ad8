"""Draw an organisation and its findings as a Graphviz diagram.

Units are nested clusters following the unit tree, positions sit inside them,
channels are their own shape inside the unit that owns them, and agencies stand
outside the organisation's boundary. Reporting lines, responsibility ownership,
agency service and collaboration links are styled apart; each finding colours the
element it is about by severity and adds a badge with the rule code; a legend
explains it all.

The renderer decides nothing: it draws the findings it is given. User text only
ever reaches the DOT source inside HTML-like labels built here, escaped; node
names are internal (``n0``, ``n1``…), so no title, name or id can break or inject
into the DOT, and Graphviz escapes what it writes into SVG.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import graphviz

from orgdiag.coverage import unit_counts
from orgdiag.findings import Finding
from orgdiag.model import OrgFile, Position, is_channel_scope, split_ref
from orgdiag.model.links import live_positions, live_units
from orgdiag.model.notes import names_a_committee
from orgdiag.model.org import total_fte
from orgdiag.model.tree import unit_tree
from orgdiag.naming import counted, element_label, fte
from orgdiag.problems import LayoutError, RenderError
from orgdiag.render.legend import legend_table, place_legend
from orgdiag.render.style import (
    COMMITTEE_STYLE,
    EDGE_STYLES,
    FONT,
    ID_WIDTH,
    NODE_STYLES,
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
    wrapped,
)
from orgdiag.structure import UnitCount


def _label(title: str, lines: list[str], findings: list[Finding]) -> str:
    rows = [f"<TR><TD>{title}</TD></TR>"]
    rows += [f"<TR><TD>{line}</TD></TR>" for line in lines]
    if findings:
        rows.append(f"<TR><TD>{badge_table([code_cell(f) for f in findings])}</TD></TR>")
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'


#: A manager's reports that lead no one stand side by side, on one rank, up to this many; a wider team stands in
#: as few rows as hold it, evened out, one under the other, so that a wide flat team makes the drawing deeper
#: rather than a strip many thousand pixels wide while peers stay level with each other in their row.
ROW_WIDTH = 8


@dataclass(frozen=True)
class Rows:
    """How a manager's reports that lead no one stand: at most `width` side by side (1: a column under the
    manager, as a list), and, with `heads`, the heads of units below too (otherwise they stay level)."""

    width: int = ROW_WIDTH
    heads: bool = False


#: A drawing too wide for a page is drawn again with these, one after the other, before it is given up for the
#: overview: narrower teams first, the heads of units level; then the heads of units in rows too.
NARROWER_ROWS = (Rows(4), Rows(2), Rows(1), Rows(4, heads=True), Rows(2, heads=True))


@dataclass
class _Names:
    """Internal DOT node names for the organisation's ids, given out in file order (``prefix`` keeps two
    drawings in one graph apart)."""

    prefix: str = "n"
    names: dict[str, str] = field(default_factory=dict)

    def __call__(self, element_id: str) -> str:
        if element_id not in self.names:
            self.names[element_id] = f"{self.prefix}{len(self.names)}"
        return self.names[element_id]

    def svg_id(self, element_id: str) -> str:
        """The id the element's SVG group gets: ``org-ID``, or ``before-ID`` and ``after-ID`` side by side, so
        that a page embedding the drawing finds each element of the organisation by its own id."""
        return attribute_text(f"{SVG_ID_PREFIXES.get(self.prefix, self.prefix + '-')}{element_id}", limit=10_000)


#: The prefix of the SVG ids of each drawing's elements, by its DOT name prefix.
SVG_ID_PREFIXES = {"n": "org-", "b": "before-", "a": "after-"}


def count_lines(shown: UnitCount, whole: UnitCount | None = None) -> list[str]:
    """What a unit's caption says of its posts and staff: its totals (those of the whole organisation, where the
    drawing is of a part of it) and, when the drawing leaves some of its posts out, how many it shows.

    >>> count_lines(UnitCount(posts=3, staff_fte=35.0), UnitCount(posts=5, staff_fte=47.0))
    ['5 posts · 47.0 FTE staff', 'shown: 3 of 5 posts']
    >>> count_lines(UnitCount(posts=1, staff_fte=23.8))
    ['1 post · 23.8 FTE staff']
    """
    total = whole or shown
    lines = [f"{counted(total.posts, 'post')} · {fte(total.staff_fte)} FTE staff"]
    if total.posts != shown.posts:
        lines.append(f"shown: {shown.posts:,} of {counted(total.posts, 'post')}")
    return lines


def tooltip(name: str, element_id: str, findings: list[Finding]) -> str:
    """What a pointer over an element shows: its name and id, and its findings."""
    found = "; ".join(f"{f.rule} {f.severity}: {f.message}" for f in findings)
    return attribute_text(element_label(name, element_id) + (f". {found}" if found else ""))


class DiagramBuilder:
    """Builds the DOT source of one organisation and its findings.

    ``marks`` (element id → added, moved, merged, changed or removed) outline what a restructuring touched;
    ``prefix`` names the nodes, so that a before and an after drawing can share one graph; ``whole`` (each unit's
    posts and staff in the whole organisation, when ``org`` is a part cut out of it) gives each unit its totals,
    and how many of its posts the part shows.
    """

    def __init__(
        self,
        org: OrgFile,
        findings: list[Finding] | tuple[Finding, ...],
        free_links: bool = True,
        marks: dict[str, str] | None = None,
        prefix: str = "n",
        stack: bool = True,
        note: str | None = None,
        whole: Mapping[str, UnitCount] | None = None,
        rows: Rows = Rows(),
    ):
        self.org = org
        self.whole = whole or {}
        self.rows = rows
        self.note = note
        self.free_links = free_links
        self.stack = stack
        self.findings = list(findings)
        self.marks = marks or {}
        self.by_subject: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            self.by_subject[finding.subject].append(finding)
        self.name = _Names(prefix)
        self.children: dict[str | None, list[str]] = defaultdict(list)
        units = live_units(org)  # a unit left only by abolished posts is history: not drawn
        for unit in units:
            self.children[unit.parent].append(unit.id)
        self.live = live_positions(org)
        self.positions_in: dict[str | None, list[str]] = defaultdict(list)
        for position in self.live:
            self.positions_in[position.unit].append(position.id)
        self.channels_in: dict[str, list[str]] = defaultdict(list)
        for channel in org.channels:
            self.channels_in[channel.owner].append(channel.id)
        self.units = {u.id: u for u in units}
        #: with staff counted under posts (an organogram), each unit's posts and staff, shown on it
        self.counts = unit_counts(org) if any(p.staff for p in self.live) else {}
        self.positions = {p.id: p for p in self.live}
        self.channels = {c.id: c for c in org.channels}

    def build(self, legend: bool = True) -> graphviz.Digraph:
        dot = new_digraph()
        self.draw(dot)
        if legend:
            self._legend(dot)
        return dot

    def draw(self, dot: graphviz.Digraph) -> None:
        """Draw the organisation, its agencies and all their lines into a graph or cluster."""
        with dot.subgraph(name=f"cluster_{self.name.prefix}organisation") as org_cluster:
            org_cluster.attr(
                label=f"<{font(escape(self.org.organisation.name), 16, bold=True)}>",
                style="rounded",
                color="#444444",
                penwidth="1.5",
                margin="14",
            )
            for root in self.children[None]:
                self._unit(org_cluster, root)
            for position_id in self.positions_in[None]:  # positions with no unit: in the organisation itself
                self._position(org_cluster, position_id)
        self._agencies(dot)
        self._unit_ranks(dot)
        self._reporting_lines(dot)
        self._ownership(dot)
        self._links(dot)

    def _unit(self, parent: graphviz.Digraph, unit_id: str) -> None:
        unit = self.units[unit_id]
        findings = self.by_subject.get(unit_id, [])
        with parent.subgraph(name=f"cluster_{self.name(unit_id)}") as cluster:
            committee = names_a_committee(unit.name)
            attrs = dict(COMMITTEE_STYLE if committee else UNIT_STYLE)
            attrs |= severity_style(findings) | mark_style(self.marks.get(unit_id), attrs["style"])
            title = font(escape(unit.name, UNIT_NAME_WIDTH), 12, bold=True)
            lines = [font(escape(short(unit.id, ID_WIDTH)), 8, "#666666"), *mark_line(self.marks.get(unit_id))]
            if committee:
                lines.insert(0, font("committee of the top posts", 9, COMMITTEE_STYLE["color"], bold=True))
            count = self.counts.get(unit_id)
            if count is not None:
                lines += [font(line, 9, "#333333") for line in count_lines(count, self.whole.get(unit_id))]
            cluster.attr(
                label=_label(title, lines, findings),
                id=self.name.svg_id(unit_id),
                tooltip=tooltip(unit.name, unit_id, findings),
                **attrs,
            )
            # Edges to and from a unit attach to this invisible point, clipped at the cluster. It has a real
            # size: dot's spline router fails ("triangulation failed") on zero-size anchors between clusters.
            cluster.node(self._anchor(unit_id), label="", shape="point", style="invis", width="0.3", height="0.3")
            for position_id in self.positions_in[unit_id]:
                self._position(cluster, position_id)
            for channel_id in self.channels_in[unit_id]:
                self._channel(cluster, channel_id)
            for child in self.children[unit_id]:
                self._unit(cluster, child)

    def _anchor(self, unit_id: str) -> str:
        return f"{self.name(unit_id)}_anchor"

    def _unit_ranks(self, dot: graphviz.Digraph) -> None:
        """Each unit's anchor a rank below its parent's and below the manager of each of its posts who sits
        outside it, by invisible edges: a unit's box then starts below the post that leads it, so that a chief
        executive stands above the directorates rather than beside their titles, and a committee of the top posts
        above the directorates its members lead (an anchor nothing holds goes to the top rank, taking its unit's
        box up with it); a head drawn in a lower row takes its unit's box down with it. What no line holds in the
        unit (its channels, a post without a manager) stands no higher than its anchor."""
        tree = unit_tree(self.org)
        rows = self._rows()
        for unit_id, unit in self.units.items():
            if unit.parent in self.units:
                dot.edge(self._anchor(unit.parent), self._anchor(unit_id), style="invis")
            down: dict[str, int] = {}  # each manager outside the unit: the row of its reports here (a head in rows)
            for post in self.positions_in[unit_id]:
                manager = self.positions[post].reports_to or ""
                if manager in self.positions and not tree.within(self.positions[manager].unit, unit_id):
                    down[manager] = max(down.get(manager, 0), rows.get(post, 0))
            for manager, row in sorted(down.items()):
                dot.edge(
                    self.name(manager),
                    self._anchor(unit_id),
                    style="invis",
                    **({"minlen": str(row + 1)} if row else {}),
                )
            loose = [p for p in self.positions_in[unit_id] if self.positions[p].reports_to not in self.positions]
            for element in [*loose, *self.channels_in[unit_id]]:  # held by no line: not above the unit's top
                dot.edge(self._anchor(unit_id), self.name(element), style="invis", minlen="0")

    def _heads(self) -> dict[str, str]:
        """The head of each unit led from outside it: its one post whose manager is outside the unit (and the
        units below it), by post id, with the unit. With several such posts the unit has no one head."""
        tree = unit_tree(self.org)
        led: dict[str, list[str]] = defaultdict(list)
        for position in self.live:
            manager = self.positions.get(position.reports_to or "")
            if position.unit in self.units and manager is not None and not tree.within(manager.unit, position.unit):
                led[position.unit].append(position.id)
        return {posts[0]: unit for unit, posts in led.items() if len(posts) == 1}

    def _end(self, element_id: str, side: str) -> tuple[str, dict[str, str]]:
        """Where an edge attaches to an element: a unit is a cluster, reached through its anchor and clipped
        at the cluster's border (`side` is ``ltail`` or ``lhead``); anything else is its own node."""
        if element_id in self.units:
            return self._anchor(element_id), {side: f"cluster_{self.name(element_id)}"}
        return self.name(element_id), {}

    def _position(self, cluster: graphviz.Digraph, position_id: str) -> None:
        position = self.positions[position_id]
        findings = self.by_subject.get(position_id, [])
        lines = []
        style = dict(NODE_STYLES["position"])
        if position.reports_to not in self.positions:
            style["class"] = "head"  # a top of the lines: where report.html opens a drawing too large to read whole
        if position.vacant:
            lines.append(font("vacant", 9, "#b2182b", bold=True))
            style["style"] = "rounded,filled,dashed"
        elif position.holder:
            lines += wrapped(position.holder, 28, 9, "#333333")
        staff = total_fte(s.fte for s in position.staff)
        if staff:
            lines.append(font(f"+ {fte(staff)} FTE staff", 8, "#333333"))
        roles = [i.value for i in position.inferred if i.fact == "role"]
        if roles:
            lines += wrapped(f"{', '.join(roles)} (inferred)", 32, 8, "#7a7a7a", italic=True)
        unbound = _unbound(position.owns)
        if unbound:
            lines += wrapped("owns " + ", ".join(unbound), 32, 8, "#1f6fb2")
        if position.decides:
            lines += wrapped("decides " + ", ".join(position.decides), 32, 8, "#5e3c99")
        self._node(
            cluster,
            position_id,
            font(escape(position.title, 26), 10, bold=True),
            lines,
            findings,
            **style,
        )

    def _channel(self, cluster: graphviz.Digraph, channel_id: str) -> None:
        channel = self.channels[channel_id]
        findings = self.by_subject.get(channel_id, [])
        kpis = [k.name for k in self.org.kpis if k.channel == channel_id]
        lines = [font(escape(channel.kind), 8, "#666666")]
        if kpis:
            lines += wrapped("KPI: " + ", ".join(kpis), 30, 8, "#444444")
        style = dict(NODE_STYLES["channel"])
        if channel.inferred:
            lines += wrapped(f"inferred from {channel.inferred[0].source}", 30, 8, "#7a7a7a", italic=True)
            style["style"] = "filled,dashed"
        self._node(
            cluster,
            channel_id,
            font(escape(channel.name or channel.id, 24), 10, bold=True),
            lines,
            findings,
            **style,
        )

    def _node(
        self,
        graph: graphviz.Digraph,
        element_id: str,
        title: str,
        lines: list[str],
        findings: list[Finding],
        **attrs: str,
    ) -> None:
        mark = self.marks.get(element_id)
        attrs |= severity_style(findings) | mark_style(mark, attrs.get("style", "filled"))
        attrs |= {
            "id": self.name.svg_id(element_id),
            "tooltip": tooltip(self._name_of(element_id), element_id, findings),
        }
        graph.node(self.name(element_id), label=_label(title, [*mark_line(mark), *lines], findings), **attrs)

    def _name_of(self, element_id: str) -> str:
        if element_id in self.positions:
            return self.positions[element_id].title
        if element_id in self.channels:
            return self.channels[element_id].name or element_id
        return next((a.name for a in self.org.agencies if a.id == element_id), element_id)

    def _agencies(self, dot: graphviz.Digraph) -> None:
        if not self.org.agencies:
            return
        with dot.subgraph(name=f"cluster_{self.name.prefix}agencies") as cluster:
            cluster.attr(
                label=f"<{font('External agencies', 12, '#7f3b08', True)}>",
                style="dashed,rounded",
                color="#b35806",
                margin="12",
            )
            with cluster.subgraph() as bottom:
                # below the organisation, near the channels they serve (beside another side too: on its top rank,
                # a line between two agencies arced over the side's title)
                bottom.attr(rank="max")
                for agency in self.org.agencies:
                    findings = self.by_subject.get(agency.id, [])
                    unbound = _unbound(agency.owns)
                    lines = wrapped("owns " + ", ".join(unbound), 30, 8, "#1f6fb2") if unbound else []
                    self._node(
                        bottom,
                        agency.id,
                        font(escape(agency.name, 24), 10, bold=True),
                        lines,
                        findings,
                        **NODE_STYLES["agency"],
                    )

    def _rows(self) -> dict[str, int]:
        """The row below its manager each report is drawn in (:func:`stacked_rows`), none when not stacking."""
        return stacked_rows(self.live, self.rows.width, self.rows.heads) if self.stack else {}

    def _reporting_lines(self, dot: graphviz.Digraph) -> None:
        rows = self._rows()
        heads = self._heads()
        for position in self.live:
            if position.reports_to:
                row = rows.get(position.id, 0)
                style = EDGE_STYLES["reports_to"] | ({"minlen": str(row + 1)} if row else {})
                if position.id in heads:  # the line ends on the unit's box, not across its title to its head
                    style |= {"lhead": f"cluster_{self.name(heads[position.id])}"}
                dot.edge(self.name(position.reports_to), self.name(position.id), **style)
            for manager in position.dotted_to:
                dot.edge(self.name(manager), self.name(position.id), **EDGE_STYLES["dotted_to"])

    def _ownership(self, dot: graphviz.Digraph) -> None:
        """One edge from each holder to each channel it owns responsibilities for, labelled with them."""
        holders = [(p.id, p.owns) for p in self.live] + [(u.id, u.owns) for u in self.org.units]
        for holder, refs in holders:
            for channel, words in _by_channel(refs).items():
                source, clip = self._end(holder, "ltail")
                if self._inside(channel, holder):
                    clip = {}  # a unit's own channel: the line starts inside the unit, not at its border
                label = f"<{escape(', '.join(words), 24)}>"
                dot.edge(source, self.name(channel), label=label, **EDGE_STYLES["owns"], **clip)
        for agency in self.org.agencies:
            owned = _by_channel(agency.owns)
            for channel in agency.serves:
                words = owned.get(channel, [])
                label = f"<serves{('<BR/>' + escape(', '.join(words), 24)) if words else ''}>"
                dot.edge(self.name(agency.id), self.name(channel), label=label, **EDGE_STYLES["serves"])
            unit, clip = self._end(agency.contracted_by, "lhead")
            dot.edge(self.name(agency.id), unit, **EDGE_STYLES["contracted_by"], **clip)

    def _inside(self, channel_id: str, unit_id: str) -> bool:
        """Whether a channel is drawn inside a unit's cluster (owned by it or by a unit below it)."""
        channel = self.channels.get(channel_id)
        return (
            channel is not None and channel.owner in self.units and unit_tree(self.org).within(channel.owner, unit_id)
        )

    def _links(self, dot: graphviz.Digraph) -> None:
        for link in self.org.links:
            tail, tail_clip = self._end(link.between[0], "ltail")
            head, head_clip = self._end(link.between[1], "lhead")
            label = escape(link.name or link.kind, 24)
            dot.edge(
                tail,
                head,
                label=f"<{label}>",
                constraint=str(not self.free_links).lower(),
                **EDGE_STYLES["link"],
                **tail_clip,
                **head_clip,
            )

    def _legend(self, dot: graphviz.Digraph) -> None:
        marks = sorted(set(self.marks.values()))
        place_legend(dot, legend_table(self.findings, marks=marks, note=self.note, drawn=self.kinds()))

    def kinds(self) -> set[str]:
        """The kinds of line and shape this drawing holds (those of :data:`~orgdiag.render.legend.DRAWN`): what
        its legend explains."""
        holders = [p.owns for p in self.live] + [u.owns for u in self.org.units]
        present = {
            "reports_to": any(p.reports_to for p in self.live),
            "dotted_to": any(p.dotted_to for p in self.live),
            "owns": any(_by_channel(refs) for refs in holders),
            "serves": any(a.serves for a in self.org.agencies),
            "contracted_by": bool(self.org.agencies),
            "link": bool(self.org.links),
            "position": bool(self.live),
            "committee": any(names_a_committee(u.name) for u in self.units.values()),
            "channel": bool(self.org.channels),
            "agency": bool(self.org.agencies),
        }
        return {kind for kind, shown in present.items() if shown}


def stacked_rows(positions: list[Position], width: int = ROW_WIDTH, heads: bool = False) -> dict[str, int]:
    """The row below its manager each report that leads no one is drawn in (0: the first row, left out), when
    its manager has more than `width` of them: a compact layout for wide spans. A report in another unit than its
    manager's heads that unit, and stays on the first row with the other heads, the directorates level, unless
    `heads`.

    >>> team = [Position(id="m", title="M")] + [Position(id=f"r{i}", title="R", reports_to="m") for i in range(10)]
    >>> stacked_rows(team)
    {'r5': 1, 'r6': 1, 'r7': 1, 'r8': 1, 'r9': 1}
    """
    managers = {p.reports_to for p in positions if p.reports_to}
    unit_of = {p.id: p.unit for p in positions}
    teams: dict[str, list[str]] = defaultdict(list)
    for position in positions:
        if position.reports_to:
            teams[position.reports_to].append(position.id)
    leaves = {p.id for p in positions if p.id not in managers and (heads or unit_of.get(p.reports_to or "") == p.unit)}
    return stacked(teams, leaves, width)


def stacked(children: dict[str, list[str]], leaves: set[str], width: int) -> dict[str, int]:
    """For each parent with more than ``width`` leaf children, the rank each leaf child goes down by (the first
    row, 0, left out): as few rows as hold them at ``width`` a row, filled in order and evened out, so that each
    row is a row of peers on one rank.

    >>> stacked({"p": ["a", "b", "c", "x"]}, {"a", "b", "c"}, 2)
    {'c': 1}
    >>> stacked({"p": ["a", "b"]}, {"a", "b"}, 2)
    {}
    """
    rows: dict[str, int] = {}
    for team in children.values():
        members = [member for member in team if member in leaves]
        if len(members) > width:
            per_row = -(-len(members) // -(-len(members) // width))
            rows.update((member, index // per_row) for index, member in enumerate(members) if index >= per_row)
    return rows


def _by_channel(refs: list[str]) -> dict[str, list[str]]:
    """Responsibilities grouped by the channel they are scoped to (marcom ones and areas beyond the channels left
    out: no channel to draw them to)."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for ref in refs:
        scope, word = split_ref(ref)
        if is_channel_scope(scope):
            grouped[scope].append(word)
    return dict(grouped)


def _unbound(refs: list[str]) -> list[str]:
    """The responsibilities of no one channel (marcom, an area beyond the channels): written on their holder.

    >>> _unbound(["marcom/strategy", "social/content", "partnerships/strategy"])
    ['marcom/strategy', 'partnerships/strategy']
    """
    return [ref for ref in refs if not is_channel_scope(split_ref(ref)[0])]


def new_digraph() -> graphviz.Digraph:
    """An empty diagram with orgdiag's layout and fonts."""
    dot = graphviz.Digraph("orgdiag")
    dot.attr(
        "graph",
        fontname=FONT,
        rankdir="TB",
        compound="true",
        newrank="true",
        nodesep="0.25",
        ranksep="0.45",
        pad="0.3",
        labelloc="t",
    )
    dot.attr("node", fontname=FONT, fontsize="10", margin="0.08,0.04")
    dot.attr("edge", fontname=FONT, fontsize="8")
    return dot


def diagram(
    org: OrgFile,
    findings: list[Finding] | tuple[Finding, ...],
    marks: dict[str, str] | None = None,
    legend: bool = True,
    note: str | None = None,
    whole: Mapping[str, UnitCount] | None = None,
    rows: Rows = Rows(),
) -> graphviz.Digraph:
    """The annotated diagram of an organisation; ``.source`` is its DOT text, ``.pipe(format=...)`` renders it.
    Without ``legend`` (a slide's picture, beside its own text) the drawing is smaller and its text larger;
    `note` (the operating model) is the legend's last line; `whole`: the units' counts in the whole organisation,
    when `org` is a part cut out of it (:class:`DiagramBuilder`); `rows` is how the reports that lead no one stand
    under their manager (:func:`stacked_rows`).

    Graphviz's spline router sometimes fails ("triangulation failed") on an edge between two unit
    clusters; which layout it fails on depends on the whole drawing. Links are first drawn without
    constraining the ranks; if dot cannot route that, with it. The first that dot lays out is returned.
    """

    def build(free_links: bool, stack: bool) -> graphviz.Digraph:
        builder = DiagramBuilder(org, findings, free_links, marks, stack=stack, note=note, whole=whole, rows=rows)
        return builder.build(legend)

    return first_laid_out(build, bool(org.links))


def first_laid_out(build: Callable[[bool, bool], graphviz.Digraph], has_links: bool) -> graphviz.Digraph:
    """The first drawing ``build(free_links, stack)`` gives that dot lays out: links that do not constrain the
    ranks and wide teams stacked in rows first; then constraining links; then teams in one row (dot's ranking
    sometimes fails, "trouble in init_rank", on stacked rows between clusters). The last is returned regardless.
    Variants that draw the same (no links, no team wide enough to stack) are laid out once, by the caller: dot
    is asked only to choose between drawings that differ."""
    variants = (
        [(True, True), (False, True), (True, False), (False, False)] if has_links else [(True, True), (True, False)]
    )
    candidates: dict[str, graphviz.Digraph] = {}
    for free_links, stack in variants:
        drawn = build(free_links, stack)
        candidates.setdefault(drawn.source, drawn)
    *tried, last = candidates.values()
    return next((drawn for drawn in tried if lays_out(drawn.source)), last)


def lays_out(dot_source: str) -> bool:
    """Whether dot lays the drawing out without an error."""
    try:
        render_bytes(dot_source, "canon")
    except LayoutError:
        return False
    return True


def render_bytes(dot_source: str, fmt: str) -> bytes:
    """Render DOT text with Graphviz's ``dot`` to ``svg`` or ``png``.

    The text goes to ``dot`` in one write, which ignores a pipe ``dot`` closed by failing: its own error is
    what the caller gets (``Source.pipe`` writes line by line and raised BrokenPipeError instead).
    """
    text = dot_source if dot_source.endswith("\n") else dot_source + "\n"  # as graphviz.Source gives it
    try:
        drawn: bytes = graphviz.pipe("dot", fmt, text.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError(DOT_MISSING) from None
    except graphviz.CalledProcessError as error:
        raise LayoutError(f"Graphviz could not lay out the diagram: {_said(error)}") from None
    return drawn


#: What a user is told when Graphviz is not installed.
DOT_MISSING = (
    "Graphviz's dot is not installed, so no diagram can be drawn. Install it (apt-get install graphviz, "
    "brew install graphviz, or https://graphviz.org/download/) and run again."
)


def _said(error: graphviz.CalledProcessError) -> str:
    """What dot said on failing, as text (it comes as bytes), else the error itself."""
    said = error.stderr.decode("utf-8", "replace") if isinstance(error.stderr, bytes) else error.stderr
    return (said or "").strip() or str(error)
