"""A comparison's pictures: before and after side by side in one drawing (the after drawing outlining what a
change touched in the colour of how: added, moved, merged, changed; the before drawing outlining, dashed, what is
gone), each side on its own, and, for large organisations, overviews and each touched unit before and after.

Both sides sit in one Graphviz graph, so the ranks line up and one ``dot`` run draws them.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import graphviz

from orgdiag.naming import plural
from orgdiag.render.dot import DiagramBuilder, diagram, first_laid_out, new_digraph, render_bytes
from orgdiag.render.legend import legend_table, place_legend
from orgdiag.render.overview import needs_overview, overview, overviews_side_by_side
from orgdiag.render.pages import MAX_RATIO, Drawing, drawn, file_safe, scaled_to_fit, set_together, whole
from orgdiag.render.style import escape, font
from orgdiag.render.touched import drawn_touched_units, side_marks
from orgdiag.restructuring.diff import marks_of, removed_of
from orgdiag.restructuring.results import Comparison


def side_by_side(comparison: Comparison, changes: int | None = None) -> graphviz.Digraph:
    """Both organisations in one drawing, before on the left and after on the right, with one legend."""
    before, after = comparison.before, comparison.after
    marks, gone = marks_of(comparison.differences), removed_of(comparison.differences)
    sides = (
        ("b", _side_title("Before", len(before.open_findings), None), before.org, before.open_findings, gone),
        ("a", _side_title("After", len(after.open_findings), changes), after.org, after.open_findings, marks),
    )
    kinds = DiagramBuilder(before.org, ()).kinds() | DiagramBuilder(after.org, ()).kinds()
    legend = legend_table(
        [*before.open_findings, *comparison.introduced],
        marks=sorted(set(marks.values()) | set(gone.values())),
        drawn=kinds,
    )

    def build(free_links: bool, stack: bool) -> graphviz.Digraph:
        dot = new_digraph()
        for prefix, title, org, findings, drawn_marks in sides:
            with dot.subgraph(name=f"cluster_{prefix}side") as side:
                side.attr(
                    label=f"<{font(title, 20, bold=True)}>",
                    style="rounded",
                    color="#cccccc",
                    penwidth="2",
                    margin="16",
                )
                DiagramBuilder(org, findings, free_links, drawn_marks, prefix, stack).draw(side)
        place_legend(dot, legend)
        return dot

    return first_laid_out(build, bool(before.org.links or after.org.links))


def _side_title(title: str, findings: int, changes: int | None) -> str:
    counted = f"{findings} open {plural('finding', findings)}"
    return escape(
        f"{title}: {counted}" + (f", after {changes} {plural('change', changes)}" if changes is not None else "")
    )


def before_diagram(comparison: Comparison) -> graphviz.Digraph:
    return diagram(comparison.before.org, comparison.before.open_findings, removed_of(comparison.differences))


def after_diagram(comparison: Comparison) -> graphviz.Digraph:
    return diagram(comparison.after.org, comparison.after.open_findings, marks_of(comparison.differences))


#: The widest a before-and-after picture is drawn side by side, in pixels: two 16:9 slides' width (1,280 pixels
#: each at 96 dpi). Wider, side by side on one slide its text would be a few pixels high: the two stand one above
#: the other instead, each as wide as it is drawn alone.
MAX_ACROSS = 2 * 1280


def fitted_side_by_side(
    comparison: Comparison, before: graphviz.Digraph, after: graphviz.Digraph, changes: int | None = None
) -> Drawing:
    """The side-by-side drawing; when it would not fit a page or is wider than :data:`MAX_ACROSS` (two wide
    organisations in full), the picture of
    each side (``before`` and ``after``, the diagrams of :func:`before_diagram` and :func:`after_diagram`) that
    fits a page, in full or as its overview (:func:`~orgdiag.render.pages.whole`), set side by side, or one above
    the other when side by side would be too long. Its DOT source is the side-by-side one (the SVG stays whole,
    to zoom into)."""
    both = drawn(side_by_side(comparison, changes))
    if both.fits and both.size[0] <= MAX_ACROSS:
        return both
    sides = []
    for title, side, graph in (("Before", comparison.before, before), ("After", comparison.after, after)):
        full = drawn(graph)
        sides.append((title, full if full.fits else whole(side.org, side.open_findings)[0]))
    return Drawing(both.source, composed(sides))


def composed(pictures: list[tuple[str, Drawing]]) -> bytes:
    """PNG pictures, each under its title, side by side, or one above the other when side by side would be more
    than :data:`~orgdiag.render.pages.MAX_RATIO` times as wide as high or wider than :data:`MAX_ACROSS`; scaled to
    fit a page."""
    sizes = [drawing.size for _, drawing in pictures]
    width = sum(w for w, _ in sizes)
    across = width / max(h for _, h in sizes) <= MAX_RATIO and width <= MAX_ACROSS
    with tempfile.TemporaryDirectory() as folder:
        cells = []
        for number, (title, drawing) in enumerate(pictures):
            path = Path(folder) / f"{number}.png"
            path.write_bytes(drawing.png)
            cells.append(
                f"<TD><B>{escape(title)}</B></TD>",
            )
            cells.append(f'<TD><IMG SRC="{path}"/></TD>')
        titles, images = cells[0::2], cells[1::2]
        rows = (
            f"<TR>{''.join(titles)}</TR><TR>{''.join(images)}</TR>"
            if across
            else "".join(f"<TR>{t}</TR><TR>{i}</TR>" for t, i in zip(titles, images, strict=True))
        )
        source = (
            'digraph orgdiag {\n\tgraph [pad="0.2"]\n\tnode [shape=plain fontname="Helvetica" fontsize="28"]\n'
            f'\tboth [label=<<TABLE BORDER="0" CELLSPACING="12">{rows}</TABLE>>]\n}}\n'
        )
        return scaled_to_fit(Drawing(source, render_bytes(source, "png"))).png


@dataclass(frozen=True)
class Pictures:
    """A comparison's pictures: each side, both side by side (SVG, and PNG to fit a page), and, for large
    organisations, the before and after of each touched unit's neighbourhood (file name → PNG)."""

    before_svg: bytes
    after_svg: bytes
    both_svg: bytes
    both_png: bytes
    details: dict[str, bytes]


def comparison_pictures(comparison: Comparison, changes: int | None = None) -> Pictures:
    """Both organisations in full, side by side; or, when either is too large to draw position by position, as
    overviews with the touched units outlined, and each touched unit's neighbourhood in full before and after."""
    if needs_overview(comparison.before.org) or needs_overview(comparison.after.org):
        return _overview_pictures(comparison, changes)
    before_graph, after_graph = before_diagram(comparison), after_diagram(comparison)
    both = fitted_side_by_side(comparison, before_graph, after_graph, changes)
    return Pictures(
        render_bytes(before_graph.source, "svg"),
        render_bytes(after_graph.source, "svg"),
        render_bytes(both.source, "svg"),
        both.png,
        {},
    )


def _overview_pictures(comparison: Comparison, changes: int | None) -> Pictures:
    before, after = comparison.before, comparison.after
    before_marks, after_marks = side_marks(comparison)
    sides = [
        (_side_title("Before", len(before.open_findings), None), before.org, before.open_findings, before_marks),
        (_side_title("After", len(after.open_findings), changes), after.org, after.open_findings, after_marks),
    ]
    findings = [*before.open_findings, *comparison.introduced]
    both = overviews_side_by_side(sides, findings)
    both_png = scaled_to_fit(drawn(both)).png
    return Pictures(
        render_bytes(overview(before.org, before.open_findings, marks=before_marks).source, "svg"),
        render_bytes(overview(after.org, after.open_findings, marks=after_marks).source, "svg"),
        render_bytes(both.source, "svg"),
        both_png,
        _details(comparison),
    )


def _details(comparison: Comparison) -> dict[str, bytes]:
    """Each drawn touched unit's neighbourhood before and after, set side by side or one above the other
    (:func:`~orgdiag.render.pages.set_together`)."""
    details = {}
    for number, touched in enumerate(drawn_touched_units(comparison), 1):
        pictures = [side.png for side in touched.sides if side.png is not None]
        if pictures:
            details[f"changes/{number:02d}-{file_safe(touched.unit)}.png"] = set_together(pictures)
    return details
