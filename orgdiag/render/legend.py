"""The legend of a diagram: the key of its shapes and lines beside the findings' codes, in one table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

import graphviz

from orgdiag.findings import SEVERITIES, Finding
from orgdiag.render.style import MARK_COLOURS, SEVERITY_COLOURS, code_cell, escape, font


def _sample(symbol: str, colour: str, meaning: str) -> str:
    return f'<TD ALIGN="LEFT">{font(symbol, 11, colour, True)}</TD><TD ALIGN="LEFT">{font(meaning, 9)}</TD>'


#: What the lines and shapes of the detailed diagram mean, by what they draw (the kinds of :data:`DRAWN`).
DETAIL_KEY = {
    "reports_to": ("━━━", "#333333", "reports to (manager above)"),
    "dotted_to": ("┅┅┅", "#333333", "dotted line (matrix manager)"),
    "owns": ("╍╍╍", "#1f6fb2", "owns responsibilities for a channel"),
    "serves": ("╍╍╍", "#b35806", "agency serves a channel"),
    "contracted_by": ("┈┈┈", "#888888", "agency contracted by a unit"),
    "link": ("━━━", "#1a9850", "collaborates / coordinates"),
    "position": ("▭", "#000000", "position"),
    "committee": ("▭", "#5e3c99", "committee or board of the top posts"),
    "channel": ("▷", "#1f6fb2", "channel"),
    "agency": ("▣", "#b35806", "external agency"),
}
#: Every kind of line and shape the detailed diagram can draw.
DRAWN = frozenset(DETAIL_KEY)
#: What the overview's lines and boxes mean, by what its boxes are: units, or (without units) teams; a key's kind
#: (``led_by``, ``committee``) is explained only where it is drawn.
OVERVIEW_KEYS: dict[str, dict[str, tuple[str, str, str]]] = {
    "unit": {
        "part_of": ("━━━", "#777777", "part of (the unit tree)"),
        "led_by": ("━━━", "#333333", "led from (its head reports to a post there)"),
        "box": ("▭", "#000000", "unit, with its own positions"),
        "committee": ("▭", "#5e3c99", "committee or board of the top posts"),
    },
    "team": {
        "part_of": ("━━━", "#777777", "reports to (the team above)"),
        "box": ("▭", "#000000", "team: a manager and the reports who manage nobody"),
    },
}
#: What every overview draws.
OVERVIEW_DRAWN = frozenset({"part_of", "box"})


def place_legend(dot: graphviz.Digraph, legend: str) -> None:
    """The legend as the drawing's own label, below it on the right: outside the ranks, so that however tall
    it grows it never stretches a rank of the diagram."""
    dot.attr("graph", label=legend, labelloc="b", labeljust="r")


#: The most rules the legend lists in one column: more stand in several columns side by side (at most
#: :data:`MAX_COLUMNS`), so that the legend stays a strip under the drawing rather than a column as tall as it.
RULES_PER_COLUMN = 6
MAX_COLUMNS = 4


def legend_table(
    findings: list[Finding],
    overview: str | None = None,
    marks: list[str] | tuple[str, ...] = (),
    note: str | None = None,
    drawn: Collection[str] = DRAWN,
) -> str:
    """The legend as an HTML-like label: the lines and shapes `drawn` (kinds of :data:`DRAWN`), the
    restructuring's ``marks`` and the severities found on the left, each rule found with its count on the right
    (in columns of at most :data:`RULES_PER_COLUMN`), side by side in the rows of one table; `note` (the
    operating model) in a row of its own below. `overview` names what an overview's boxes are (``unit`` or
    ``team``). Only what the drawing shows is explained: a legend no taller than it needs to be."""
    key = ['<TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD>']
    keys = OVERVIEW_KEYS[overview] if overview else DETAIL_KEY
    samples = [sample for kind, sample in keys.items() if kind in drawn]
    key += [_sample(*sample) for sample in samples]
    key += [_sample("●", MARK_COLOURS[mark], f"{mark} (outline)") for mark in MARK_COLOURS if mark in marks]
    found_severities = {finding.severity for finding in findings}
    for severity in reversed(SEVERITIES):
        if severity not in found_severities:
            continue
        strong, light = SEVERITY_COLOURS[severity]
        key.append(f'<TD BGCOLOR="{light}" BORDER="1" COLOR="{strong}"> </TD><TD ALIGN="LEFT">{font(severity, 9)}</TD>')
    found, columns = _findings_cells(findings)
    rows = []
    for number in range(max(len(key), len(found))):
        left = key[number] if number < len(key) else '<TD COLSPAN="2"></TD>'
        right = found[number] if number < len(found) else (f'<TD COLSPAN="{2 * columns}"></TD>' if found else "")
        rows.append(f"<TR>{left}{right}</TR>")
    if note:
        span = 2 + (2 * columns if found else 0)
        rows.append(f'<TR><TD COLSPAN="{span}" ALIGN="LEFT">{font(escape(note), 10, bold=True)}</TD></TR>')
    frame = 'BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3"'
    return f"<<TABLE {frame}>{''.join(rows)}</TABLE>>"


def _findings_cells(findings: list[Finding]) -> tuple[list[str], int]:
    """The cells of each legend row about the rules found (code badge, title, slug, count), and how many
    columns of rules they are laid out in."""
    first: dict[str, Finding] = {}
    counts: dict[str, int] = defaultdict(int)
    for finding in findings:
        first.setdefault(finding.rule, finding)
        counts[finding.rule] += 1
    if not first:
        return [], 1
    cells = [
        f'{code_cell(finding)}<TD ALIGN="LEFT" BALIGN="LEFT">'
        f"{font(escape(f'{finding.title} ({finding.slug}) ×{counts[code]:,}', 44), 9)}</TD>"
        for code, finding in sorted(first.items())
    ]
    columns = min(-(-len(cells) // RULES_PER_COLUMN), MAX_COLUMNS)
    per_column = -(-len(cells) // columns)
    rows = [f'<TD COLSPAN="{2 * columns}" ALIGN="LEFT"><B>Findings</B></TD>']
    for row in range(per_column):
        in_row = [cells[at] for at in range(row, len(cells), per_column)]
        missing = columns - len(in_row)
        rows.append("".join(in_row) + (f'<TD COLSPAN="{2 * missing}"></TD>' if missing else ""))
    return rows, columns
