"""A history written out: the text summary, history.json, report.md and report.html with the trend charts, and
the diagram of the latest snapshot with each finding's element outlined by how long the finding has been open.

Every sentence about a finding's time says what the snapshots show and no more: a finding first seen in a later
snapshot "appeared between" that snapshot and the one before; one in the first snapshot was "already there".
"""

from __future__ import annotations

import base64
import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from orgdiag.findings import SCHEMA_VERSION, Severity, severity_rank
from orgdiag.naming import counted, element_label, fte, plural
from orgdiag.over_time.dates import date_in
from orgdiag.over_time.timeline import FindingSpan, History, SnapshotSummary, Step, middle_posts
from orgdiag.problems import expected
from orgdiag.render.dot import render_bytes
from orgdiag.render.html import CSP, asset, esc, inline_svg
from orgdiag.render.outputs import json_text, operating_model_note, write_files
from orgdiag.render.pages import Drawing, whole
from orgdiag.render.report import md
from orgdiag.render.text import clean

#: What ``orgdiag history --out DIR`` writes.
HISTORY_FILES = (
    "report.html",
    "report.md",
    "history.json",
    "trends.png",
    "trends.svg",
    "diagram.svg",
    "diagram.png",
    "diagram.dot",
)

#: How many ids of each kind of change the text and the reports list (history.json lists every one).
LISTED = 8


def story(span: FindingSpan, snapshots: tuple[SnapshotSummary, ...]) -> str:
    """When a finding was open, in a sentence's second half.

    >>> snaps = tuple(SnapshotSummary(d, d, (), 1, 0, 1, 0.0, 1.0, 0, 0.0, 0, 1, {}, "")
    ...               for d in ["2011-03", "2011-09", "2013-03"])
    >>> span = FindingSpan("OD101", "channel-silo", "", "high", "web", "Web", "", (1, 2), 18)
    >>> story(span, snaps)
    'appeared between 2011-03 and 2011-09 and is still there (18 months after it was first seen)'
    """
    dates = [when(snapshot) for snapshot in snapshots]
    latest = len(snapshots) - 1
    if span.first == 0:
        start = f"already there in the first snapshot ({dates[0]})"
    else:
        start = f"appeared between {dates[span.first - 1]} and {dates[span.first]}"
    if span.last < latest:
        gone = snapshots[span.last + 1]
        end = f"was gone by {dates[span.last + 1]}" + (
            ", a partial snapshot: perhaps only not listed" if gone.partial else ""
        )
    elif span.first == latest:
        end = "is new in the latest snapshot"
    else:
        end = f"is still there ({span.months_open} months after it was first seen)"
    missing = [dates[number] for number in range(span.first, span.last + 1) if number not in span.seen]
    return f"{start} and {end}" + (f"; not found in {', '.join(missing)}" if missing else "")


def when(snapshot: SnapshotSummary) -> str:
    """A snapshot in a sentence: its date, with its label when the label states no date (a proposal)."""
    return snapshot.date if date_in(snapshot.label) is not None else f"{snapshot.label} ({snapshot.date})"


def age_mark(span: FindingSpan, latest: int) -> str | None:
    """How long a finding open in the latest snapshot has been open, as the diagram marks it; None if closed."""
    if span.last != latest:
        return None
    if span.first == latest:
        return "new in the latest snapshot"
    months = span.months_open or 0
    return "open under a year" if months < 12 else "open 1–3 years" if months < 36 else "open 3 years or more"


def age_marks(history: History) -> dict[str, str]:
    """By element of the latest snapshot, the mark of its longest-open finding."""
    latest = len(history.snapshots) - 1
    oldest: dict[str, FindingSpan] = {}
    for span in history.still_open():
        if span.subject not in oldest or span.first < oldest[span.subject].first:
            oldest[span.subject] = span
    return {subject: mark for subject, span in oldest.items() if (mark := age_mark(span, latest)) is not None}


def _about(span: FindingSpan) -> str:
    return element_label(span.name, span.subject) if span.name != span.subject else span.subject


def _severities(counts: Mapping[Severity, int]) -> str:
    return ", ".join(f"{count} {severity}" for severity, count in counts.items()) or "none"


def partial_lines(history: History) -> list[str]:
    """A sentence for each snapshot that lists under half the posts of the middle one."""
    middle = middle_posts(history.snapshots)
    return [
        f"{when(s)} lists {counted(s.posts, 'post')}, under half as many as the middle snapshot ({middle:,g}): "
        "perhaps a partial publication, so that what it lacks is no evidence of change."
        for s in history.snapshots
        if s.partial
    ]


def matching_line(history: History) -> str:
    """How many posts of the snapshots after the first were matched to an earlier post, and how many renumbered."""
    posts = sum(step.posts for step in history.steps)
    matched = sum(step.matched for step in history.steps)
    renumbered = sum(step.renumbered for step in history.steps)
    share = f"{matched / posts:.0%}" if posts else "all"
    return (
        f"Posts matched to an earlier snapshot: {matched:,} of {posts:,} ({share}), {renumbered:,} of them "
        "under another id (renumbered)."
    )


def step_line(step: Step, snapshots: tuple[SnapshotSummary, ...]) -> str:
    """How the posts of one snapshot were matched to the one before, and what changed, in a sentence."""
    earlier, later = when(snapshots[step.earlier]), when(snapshots[step.later])
    ways = ", ".join(f"{count} by {how}" for how, count in step.matched_by.items()) or "none"
    parts = [
        f"{earlier} → {later}: {step.matched} of {counted(step.posts, 'post')} matched ({step.share_matched:.0%}): "
        + ways,
        f"{len(step.added)} new, {len(step.removed)} not in {later}, {len(step.moved)} moved, "
        f"{len(step.retitled)} retitled",
    ]
    if step.renumbered:
        parts.append(f"{step.renumbered} renumbered")
    if step.returned:
        parts.append(f"{step.returned} back from an earlier snapshot")
    return "; ".join(parts)


def history_text(history: History) -> str:
    """The summary a terminal shows."""
    first, last = history.snapshots[0], history.snapshots[-1]
    still = history.still_open()
    width = min(max(len("Snapshot"), *(len(s.label) for s in history.snapshots)), 30) + 2
    lines = [
        f"{clean(history.organisation)}: {len(history.snapshots)} snapshots, {first.date} to {last.date}",
        f"Open in {last.date}: {len(still)} {plural('finding', len(still))} "
        f"({_severities(last.findings)}); {len(history.findings) - len(still)} closed along the way.",
        matching_line(history),
        "",
        f"{'Snapshot':<{width}}{'Date':<12}{'Posts':>6}{'FTE':>10}{'Layers':>8}{'Median team':>13}"
        "  Findings; operating model",
    ]
    for s in history.snapshots:
        lines.append(
            f"{clean(s.label)[: width - 2]:<{width}}{s.date:<12}{s.posts:>6,}{fte(s.fte):>10}{s.layers:>8}"
            f"{s.median_span:>13g}  {_severities(s.findings)}; {s.operating_model}"
        )
    lines += [f"Note: {clean(line)}" for line in partial_lines(history)]
    lines += ["", "Posts matched between snapshots:"]
    lines += [f"  {clean(step_line(step, history.snapshots))}" for step in history.steps]
    lines += ["", "Findings through time (open ones first):"]
    lines += [] if history.findings else ["  none in any snapshot"]
    for span in history.findings:
        about = clean(_about(span))
        lines.append(f"  {span.severity} {span.rule} {span.slug} at {about}: {story(span, history.snapshots)}.")
    return "\n".join(lines) + "\n"


def history_data(history: History) -> dict[str, Any]:
    """The history as JSON data: every snapshot, step (with every id) and finding."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": "orgdiag",
        "organisation": history.organisation,
        "snapshots": [dataclasses.asdict(s) for s in history.snapshots],
        "steps": [
            dataclasses.asdict(step) | {"matched": step.matched, "share_matched": round(step.share_matched, 4)}
            for step in history.steps
        ],
        "findings": [
            dataclasses.asdict(span)
            | {
                "first_seen": history.snapshots[span.first].label,
                "last_seen": history.snapshots[span.last].label,
                "still_open": span.last == len(history.snapshots) - 1,
                "story": story(span, history.snapshots),
            }
            for span in history.findings
        ],
    }


def history_drawing(history: History) -> Drawing:
    """The latest snapshot drawn with its findings, each finding's element outlined by how long it has been open."""
    latest = history.latest
    drawing, _ = whole(latest.org, latest.open_findings, operating_model_note(latest), age_marks(history))
    return drawing


def _listed(ids: tuple[str, ...], titles: Mapping[str, str]) -> str:
    shown = ", ".join(md(element_label(titles[i], i) if i in titles else i) for i in ids[:LISTED])
    return shown + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "") if ids else "none"


def history_markdown(history: History) -> str:
    """report.md: the trends, the snapshots, each finding's time, and what changed between snapshots."""
    snaps = history.snapshots
    lines = [
        f"# History of {md(history.organisation)}",
        "",
        f"{len(snaps)} snapshots from {snaps[0].date} to {snaps[-1].date}, each diagnosed with the same rules; posts "
        "matched from one snapshot to the next by id, else by title, unit and holder (docs/history.md).",
        "",
        md(matching_line(history)),
        "",
        "![Trends: open findings, workforce, posts and managers, layers and spans](trends.png)",
        "",
        "## Snapshots",
        "",
        "| Snapshot | Date | Posts | Vacant | FTE | Managers | Median team | Widest team | Layers | Open findings "
        "| Operating model |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    lines += [
        f"| {md(s.label)} | {s.date} | {s.posts:,} | {s.vacant:,} | {fte(s.fte)} | {s.managers:,} | {s.median_span:g} "
        f"| {s.widest_span:,} | {s.layers} | {_severities(s.findings)} | {md(s.operating_model)} |"
        for s in snaps
    ]
    lines += ["", *(f"> **Note:** {md(line)}" for line in partial_lines(history))]
    lines += ["", "## Findings through time", "", f"| Finding | About | {' | '.join(md(s.label) for s in snaps)} |"]
    lines.append("|---|---|" + "|".join(":-:" for _ in snaps) + "|")
    for span in history.findings:
        marks = " | ".join("●" if number in span.seen else "" for number in range(len(snaps)))
        lines.append(f"| {span.severity} {span.rule} {span.slug} | {md(_about(span))} | {marks} |")
    lines.append("")
    lines += [f"- **{span.rule} at {md(_about(span))}**: {story(span, snaps)}." for span in history.findings]
    lines += ["", "## What changed between snapshots", ""]
    for step in history.steps:
        lines += [
            f"### {md(snaps[step.earlier].label)} → {md(snaps[step.later].label)}",
            "",
            md(step_line(step, snaps)),
        ]
        lines += [
            "",
            f"- **New:** {_listed(step.added, step.titles)}",
            f"- **Not in {md(snaps[step.later].label)}:** {_listed(step.removed, step.titles)}",
            f"- **Moved:** {_listed(step.moved, step.titles)}",
            f"- **Retitled:** {_listed(step.retitled, step.titles)}",
            "",
        ]
    lines += [
        f"## The latest snapshot ({snaps[-1].date})",
        "",
        "Each finding's element is outlined by how long the finding has been open.",
        "",
        "![The latest snapshot](diagram.svg)",
        "",
    ]
    return "\n".join(lines)


def history_html(history: History, trends_png: bytes, diagram_svg: str) -> str:
    """report.html: the same as report.md, as one self-contained page."""
    snaps = history.snapshots
    picture = base64.b64encode(trends_png).decode("ascii")
    head = "".join(f"<th>{esc(s.label)}</th>" for s in snaps)
    rows = "".join(
        f'<tr><td><span class="badge sev-{span.severity}">{span.severity}</span> {esc(span.rule)} {esc(span.slug)}</td>'
        f"<td>{esc(_about(span))}</td>"
        + "".join(f"<td class=num>{'●' if n in span.seen else ''}</td>" for n in range(len(snaps)))
        + f"<td>{esc(story(span, snaps))}</td></tr>"
        for span in sorted(history.findings, key=lambda s: (s.last != len(snaps) - 1, -severity_rank(s.severity)))
    )
    table = "".join(
        f"<tr><td>{esc(s.label)}</td><td>{s.date}</td><td class=num>{s.posts:,}</td><td class=num>{fte(s.fte)}</td>"
        f"<td class=num>{s.layers}</td><td class=num>{s.median_span:g}</td><td>{esc(_severities(s.findings))}</td>"
        f"<td>{esc(s.operating_model)}</td></tr>"
        for s in snaps
    )
    steps = "".join(f"<li>{esc(step_line(step, snaps))}</li>" for step in history.steps)
    title = f"History of {esc(history.organisation)}"
    return "".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title><style>{asset('report.css')}</style></head><body>",
            f"<header><h1>{title}</h1><p>{len(snaps)} snapshots from {snaps[0].date} to {snaps[-1].date}. "
            f"{esc(matching_line(history))}</p></header>",
            "<main>",
            f'<section id="trends"><h2>Trends</h2><img alt="Trend charts" style="max-width:100%" '
            f'src="data:image/png;base64,{picture}"></section>',
            '<section id="snapshots"><h2>Snapshots</h2><table><tr><th>Snapshot</th><th>Date</th><th class=num>Posts'
            "</th><th class=num>FTE</th><th class=num>Layers</th><th class=num>Median team</th><th>Open findings"
            f"</th><th>Operating model</th></tr>{table}</table>"
            + "".join(f"<p><b>Note:</b> {esc(line)}</p>" for line in partial_lines(history))
            + "</section>",
            f'<section id="findings"><h2>Findings through time</h2><table><tr><th>Finding</th><th>About</th>{head}'
            f"<th>When</th></tr>{rows}</table></section>",
            f'<section id="steps"><h2>What changed between snapshots</h2><ul>{steps}</ul></section>',
            f'<section id="latest"><h2>The latest snapshot ({snaps[-1].date})</h2><p>Each finding\'s element is '
            f'outlined by how long the finding has been open.</p><div class="viewport">{inline_svg(diagram_svg)}'
            "</div></section>",
            "</main></body></html>\n",
        ]
    )


def write_history(history: History, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write :data:`HISTORY_FILES` into the folder `out_dir` (a path or its text); return their paths."""
    expected(history, History, "orgdiag.write_history", "history", "a History (orgdiag.history gives one)")
    expected(out_dir, (str, os.PathLike), "orgdiag.write_history", "out_dir", "a folder's path")
    from orgdiag.render.trends import trend_charts  # noqa: PLC0415 - matplotlib loads only when charts are drawn

    drawing = history_drawing(history)
    svg = render_bytes(drawing.source, "svg")
    trends_svg, trends_png = trend_charts(history)
    contents = {
        "report.html": history_html(history, trends_png, svg.decode("utf-8")).encode("utf-8"),
        "report.md": history_markdown(history).encode("utf-8"),
        "history.json": json_text(history_data(history)).encode("utf-8"),
        "trends.png": trends_png,
        "trends.svg": trends_svg,
        "diagram.svg": svg,
        "diagram.png": drawing.png,
        "diagram.dot": drawing.source.encode("utf-8"),
    }
    return write_files(Path(out_dir), contents, HISTORY_FILES)
