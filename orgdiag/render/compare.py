"""Before and after: the side-by-side diagram, the changes and the comparison report of a restructuring.

The after drawing outlines each element a change touched in the colour of how
(added, moved, merged, changed); the before drawing outlines, dashed, what is gone.
Both sit in one Graphviz graph, so the ranks line up and one ``dot`` run draws them.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import graphviz

from orgdiag.findings import SCHEMA_VERSION, Finding
from orgdiag.orgfile import dump_org
from orgdiag.render.dot import DiagramBuilder, diagram, first_laid_out, new_digraph, render_bytes
from orgdiag.render.html import report_html
from orgdiag.render.legend import legend_table, place_legend
from orgdiag.render.outputs import json_text, write_files
from orgdiag.render.overview import needs_overview, overview, overviews_side_by_side
from orgdiag.render.pages import MAX_RATIO, Drawing, drawn, file_safe, scaled_to_fit, set_together, whole
from orgdiag.render.report import md
from orgdiag.render.slides import deck_bytes
from orgdiag.render.spreadsheet import workbook_bytes
from orgdiag.render.style import escape, font
from orgdiag.render.text import clean
from orgdiag.render.touched import drawn_touched_units, side_marks, touched_units
from orgdiag.restructure.diff import marks_of, removed_of
from orgdiag.restructure.results import Change, Comparison, NotApplied, Restructuring, finding_key

#: What ``orgdiag compare`` writes; ``orgdiag restructure`` writes these and :data:`RESTRUCTURE_FILES`.
COMPARE_FILES = (
    "before.svg",
    "after.svg",
    "before-after.svg",
    "before-after.png",
    "comparison.json",
    "report.md",
    "report.html",
    "report.pptx",
    "findings.xlsx",
)
RESTRUCTURE_FILES = ("after.yaml", "changes.json", "changes.md")


def side_by_side(comparison: Comparison, changes: int | None = None) -> graphviz.Digraph:
    """Both organisations in one drawing, before on the left and after on the right, with one legend."""
    before, after = comparison.before, comparison.after
    marks, gone = marks_of(comparison.differences), removed_of(comparison.differences)
    sides = (
        ("b", _side_title("Before", len(before.open_findings), None), before.org, before.open_findings, gone),
        ("a", _side_title("After", len(after.open_findings), changes), after.org, after.open_findings, marks),
    )
    legend = legend_table(
        [*before.open_findings, *comparison.introduced], marks=sorted(set(marks.values()) | set(gone.values()))
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
    counted = f"{findings} open finding{'s' * (findings != 1)}"
    return escape(
        f"{title}: {counted}" + (f", after {changes} change{'s' * (changes != 1)}" if changes is not None else "")
    )


def before_diagram(comparison: Comparison) -> graphviz.Digraph:
    return diagram(comparison.before.org, comparison.before.open_findings, removed_of(comparison.differences))


def after_diagram(comparison: Comparison) -> graphviz.Digraph:
    return diagram(comparison.after.org, comparison.after.open_findings, marks_of(comparison.differences))


def _finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "slug": finding.slug,
        "severity": finding.severity,
        "subject": finding.subject,
        "message": finding.message,
    }


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    """The findings resolved, remaining and introduced, and the differences, as plain data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "before": comparison.before.org.organisation.name,
        "after": comparison.after.org.organisation.name,
        "findings": {
            "resolved": [_finding_data(f) for f in comparison.resolved],
            "remaining": [_finding_data(f) for f in comparison.remaining],
            "introduced": [_finding_data(f) for f in comparison.introduced],
        },
        "differences": [
            {"mark": d.mark, "section": d.section, "element": d.element, "text": d.text} for d in comparison.differences
        ],
    }


def _change_data(change: Change) -> dict[str, Any]:
    return {
        "number": change.number,
        "round": change.round,
        "action": change.suggestion.action,
        "params": change.suggestion.params,
        "text": change.suggestion.text,
        "answers": _finding_data(change.finding),
        "edits": [{"mark": e.mark, "element": e.element, "text": e.text} for e in change.edits],
    }


def _not_applied_data(item: NotApplied) -> dict[str, Any]:
    return {
        "action": item.suggestion.action,
        "params": item.suggestion.params,
        "finding": _finding_data(item.finding),
        "reason": item.reason,
        "advice_only": item.advisory,
    }


def changes_data(result: Restructuring) -> dict[str, Any]:
    """Every change with the finding it answers, what could not be applied and why, and the comparison."""
    compared = comparison_data(result.comparison)
    return {
        "schema_version": SCHEMA_VERSION,
        "organisation": result.org.organisation.name,
        "rounds": result.rounds,
        "settled": result.settled,
        "changes": [_change_data(change) for change in result.changes],
        "not_applied": [_not_applied_data(item) for item in result.not_applied],
        **{key: value for key, value in compared.items() if key not in ("schema_version", "before", "after")},
    }


def _finding_line(finding: Finding) -> str:
    subject = f"\\[{md(finding.subject)}\\]"
    return f"{finding.severity} **{md(finding.rule)}** {md(finding.slug)} {subject}: {md(finding.message)}"


def changes_markdown(result: Restructuring) -> str:
    """The changes, numbered, each with the finding it answers and what it did; then what was not applied."""
    lines = [f"# Changes proposed for {md(result.org.organisation.name)}", "", summary_line(result), ""]
    for change in result.changes:
        lines += [
            f"## {change.number}. `{change.suggestion.action}` (round {change.round})",
            "",
            f"Answers {_finding_line(change.finding)}",
            "",
            f"{md(change.suggestion.text)}",
            "",
            *(f"- {edit.mark}: {md(edit.text)}" for edit in change.edits),
            "",
        ]
    if result.not_applied:
        lines += ["## Not applied", ""]
        lines += [
            f"- `{item.suggestion.action}` for {_finding_line(item.finding).rstrip('.')}. "
            f"{'Advice for people: ' if item.advisory else 'Not applicable: '}{md(item.reason)}."
            for item in result.not_applied
        ]
        lines.append("")
    return "\n".join(lines)


def summary_line(result: Restructuring) -> str:
    """One line: the changes made and what they did to the findings."""
    settled = "" if result.settled else f" (stopped after {result.rounds} rounds: more could still apply)"
    changes = len(result.changes)
    return (
        f"{changes} change{'s' * (changes != 1)} in {result.rounds} round{'s' * (result.rounds != 1)}{settled}; "
        + findings_line(result.comparison)
    )


def restructuring_text(result: Restructuring) -> str:
    """What ``orgdiag restructure`` prints: the summary line, then each change and what it did."""
    lines = [f"{clean(result.comparison.before.org.organisation.name)}: {summary_line(result)}"]
    for change in result.changes:
        touched = "; ".join(edit.text for edit in change.edits)
        lines.append(
            f"  {change.number:>3}. {change.finding.rule} [{clean(change.finding.subject)}] "
            f"{change.suggestion.action}: {clean(touched)}"
        )
    return "\n".join(lines) + "\n"


def comparison_text(comparison: Comparison) -> str:
    """What ``orgdiag compare`` prints: the summary line, then each finding the proposal introduces."""
    name = clean(comparison.before.org.organisation.name)
    lines = [f"{name}: {findings_line(comparison)}; {len(comparison.differences)} differences"]
    lines += [f"  introduced: {f.severity} {f.rule} {f.slug} [{clean(f.subject)}]" for f in comparison.introduced]
    return "\n".join(lines) + "\n"


def findings_line(comparison: Comparison) -> str:
    high = comparison.introduced_at_least("high")
    worst = f"{len(high)} of them high or above" if high else "none high or above"
    return (
        f"findings {len(comparison.before.open_findings)} → {len(comparison.after.open_findings)}: "
        f"{len(comparison.resolved)} resolved, {len(comparison.remaining)} remaining, "
        f"{len(comparison.introduced)} introduced ({worst})"
    )


def comparison_report(
    comparison: Comparison, result: Restructuring | None = None, details: tuple[str, ...] = ()
) -> str:
    """report.md: the picture (and, for a large organisation, each touched unit before and after: `details`),
    the findings resolved, remaining and introduced, and what differs."""
    answered: dict[tuple[str, str], list[str]] = {}
    for change in result.changes if result else ():
        answered.setdefault(finding_key(change.finding), []).append(str(change.number))
    why_not: dict[tuple[str, str], list[str]] = {}
    for item in result.not_applied if result else ():
        why_not.setdefault(finding_key(item.finding), []).append(f"{item.suggestion.action}: {item.reason}")
    title = "Restructuring" if result else "Comparison"
    lines = [
        f"# {title}: {md(comparison.before.org.organisation.name)}",
        "",
        "![Before and after](before-after.svg)",
        "",
        summary_line(result) if result else findings_line(comparison),
        "",
    ]
    if details:
        touched = len(touched_units(comparison))
        more = f" (the first {len(details)} of {touched})" if touched > len(details) else ""
        lines += [
            f"The organisations are too large to draw in full; the units the changes touch{more}, before and after:",
            "",
            *(line for name in details for line in (f"![Before and after: {md(name)}]({name})", "")),
        ]
    if result:
        lines += [
            "The changes, each with the finding it answers, are in [changes.md](changes.md); the proposed "
            "organisation is [after.yaml](after.yaml).",
            "",
        ]
    lines += _findings_table("Findings resolved", comparison.resolved, answered, "changes", ", ")
    lines += _findings_table("Findings remaining", comparison.remaining, why_not, "why", "; ")
    lines += _findings_table("Findings introduced", comparison.introduced, why_not, "why", "; ")
    lines += ["## What differs", ""]
    lines += [f"- {d.mark}: {md(d.text)}" for d in comparison.differences] or [
        "Nothing: the organisations are the same."
    ]
    return "\n".join([*lines, ""])


def _findings_table(
    heading: str, findings: tuple[Finding, ...], notes: dict[tuple[str, str], list[str]], column: str, joint: str
) -> list[str]:
    lines = [f"## {heading} ({len(findings)})", ""]
    if not findings:
        return [*lines, "None.", ""]
    lines += [f"| severity | rule | subject | finding | {column} |", "|---|---|---|---|---|"]
    for finding in findings:
        note = notes.get(finding_key(finding))
        lines.append(
            f"| {finding.severity} | {md(finding.rule)} {md(finding.slug)} | {md(finding.subject)} | "
            f"{md(finding.message)} | {md(joint.join(note)) if note else ''} |"
        )
    return [*lines, ""]


def fitted_side_by_side(
    comparison: Comparison, before: graphviz.Digraph, after: graphviz.Digraph, changes: int | None = None
) -> Drawing:
    """The side-by-side drawing; when it would not fit a page (two wide organisations in full), the picture of
    each side (``before`` and ``after``, the diagrams of :func:`before_diagram` and :func:`after_diagram`) that
    fits a page, in full or as its overview (:func:`~orgdiag.render.pages.whole`), set side by side, or one above
    the other when side by side would be too long. Its DOT source is the side-by-side one (the SVG stays whole,
    to zoom into)."""
    both = drawn(side_by_side(comparison, changes))
    if both.fits:
        return both
    sides = []
    for title, side, graph in (("Before", comparison.before, before), ("After", comparison.after, after)):
        full = drawn(graph)
        sides.append((title, full if full.fits else whole(side.org, side.open_findings)[0]))
    return Drawing(both.source, composed(sides))


def composed(pictures: list[tuple[str, Drawing]]) -> bytes:
    """PNG pictures, each under its title, side by side, or one above the other when side by side would be more
    than :data:`~orgdiag.render.pages.MAX_RATIO` times as wide as high; scaled to fit a page."""
    sizes = [drawing.size for _, drawing in pictures]
    across = sum(w for w, _ in sizes) / max(h for _, h in sizes) <= MAX_RATIO
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


def comparison_files(
    comparison: Comparison, changes: int | None = None, result: Restructuring | None = None
) -> dict[str, bytes]:
    """The files of a comparison: both diagrams, the side-by-side one in SVG and PNG (scaled to fit a page), the
    touched units before and after for large organisations (``changes/``), the JSON, and the after
    organisation's report.html, report.pptx and findings.xlsx (with the changes, for a restructuring)."""
    pictures = comparison_pictures(comparison, changes)
    after = comparison.after
    picture, _ = whole(after.org, after.open_findings)
    drawings = [(f"{after.org.organisation.name} (after)", pictures.after_svg.decode("utf-8"))]
    both_svg = pictures.both_svg.decode("utf-8")
    return {
        "before.svg": pictures.before_svg,
        "after.svg": pictures.after_svg,
        "before-after.svg": pictures.both_svg,
        "before-after.png": pictures.both_png,
        "comparison.json": json_text(comparison_data(comparison)).encode("utf-8"),
        "report.html": report_html(after, drawings, result, both_svg).encode("utf-8"),
        "report.pptx": deck_bytes(after, picture.png, result),
        "findings.xlsx": workbook_bytes(after, result),
        **pictures.details,
    }


def write_comparison(comparison: Comparison, out_dir: Path) -> list[Path]:
    """Write what ``orgdiag compare`` gives into a directory; return the paths."""
    contents = comparison_files(comparison)
    details = _detail_files(contents)
    contents["report.md"] = comparison_report(comparison, details=details).encode("utf-8")
    return write_files(out_dir, contents, (*COMPARE_FILES, *details))


def _detail_files(contents: dict[str, bytes]) -> tuple[str, ...]:
    return tuple(sorted(name for name in contents if name.startswith("changes/")))


def write_restructuring(result: Restructuring, out_dir: Path, source: str) -> list[Path]:
    """Write what ``orgdiag restructure`` gives into a directory; return the paths."""
    contents = comparison_files(result.comparison, len(result.changes), result)
    details = _detail_files(contents)
    contents["report.md"] = comparison_report(result.comparison, result, details).encode("utf-8")
    comment = f"The organisation proposed by orgdiag restructure for {source}.\nThe changes are in changes.md."
    contents["after.yaml"] = dump_org(result.org, comment).encode("utf-8")
    contents["changes.json"] = json_text(changes_data(result)).encode("utf-8")
    contents["changes.md"] = changes_markdown(result).encode("utf-8")
    return write_files(out_dir, contents, (*RESTRUCTURE_FILES, *COMPARE_FILES, *details))
