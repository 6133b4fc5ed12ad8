"""findings.xlsx: the findings, the units and (for a restructuring) the changes, as sheets a consultant filters.

Every text cell is written as text: a name or message from the input that starts with ``=``, ``+``, ``-`` or ``@``
is never a formula when the workbook is opened (formula injection).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from orgdiag.findings import FindingsDocument
from orgdiag.model.links import home_units, live_positions
from orgdiag.render.package import fixed_package
from orgdiag.render.style import SEVERITY_COLOURS
from orgdiag.render.text import coverage_lines, missing_kinds, strip_control
from orgdiag.restructure.results import Restructuring

FINDING_COLUMNS = (
    "Rule",
    "Slug",
    "Title",
    "Severity",
    "Subject",
    "Subject name",
    "Unit",
    "Message",
    "Evidence",
    "Suggestions",
    "Inferred",
    "Accepted",
)
UNIT_COLUMNS = (
    "Unit",
    "Name",
    "Parent",
    "Level",
    "Posts",
    "Vacant",
    "Staff FTE",
    "Pay cost per year",
    "Managers",
    "Widest span",
    "Findings",
)
CHANGE_COLUMNS = ("Change", "Round", "Action", "Answers", "Severity", "Subject", "What it does", "Edits")


def workbook_bytes(diagnosis: FindingsDocument, restructuring: Restructuring | None = None) -> bytes:
    """findings.xlsx: Findings, Units, Coverage and, for a restructuring, Changes and Not applied."""
    workbook = Workbook()
    findings = workbook.active
    assert findings is not None
    findings.title = "Findings"
    _table(findings, FINDING_COLUMNS, _finding_rows(diagnosis))
    _colour_severities(findings, FINDING_COLUMNS.index("Severity") + 1)
    _table(workbook.create_sheet("Units"), UNIT_COLUMNS, _unit_rows(diagnosis))
    _table(workbook.create_sheet("Coverage"), ("What the data covers",), [[line] for line in coverage_lines(diagnosis)])
    not_assessed = [[r.rule, r.slug, r.family, missing_kinds(r)] for r in diagnosis.not_assessed]
    _table(workbook.create_sheet("Not assessed"), ("Rule", "Slug", "Family", "The data has no"), not_assessed)
    if restructuring is not None:
        _table(workbook.create_sheet("Changes"), CHANGE_COLUMNS, _change_rows(restructuring))
        skipped = [
            [n.suggestion.action, n.finding.rule, n.finding.subject, n.finding.message, n.reason]
            for n in restructuring.not_applied
        ]
        _table(workbook.create_sheet("Not applied"), ("Action", "Rule", "Subject", "Finding", "Why not"), skipped)
    out = io.BytesIO()
    workbook.save(out)
    return fixed_package(out.getvalue())


def _finding_rows(diagnosis: FindingsDocument) -> list[list[Any]]:
    home = home_units(diagnosis.org)
    names = diagnosis.names
    return [
        [
            f.rule,
            f.slug,
            f.title,
            f.severity,
            f.subject,
            names.get(f.subject, ""),
            home.get(f.subject, ""),
            f.message,
            ", ".join(f.evidence),
            "\n".join(s.text for s in f.suggestions),
            "\n".join(f.inferred or []),
            f.accepted or "",
        ]
        for f in diagnosis.findings
    ]


def _unit_rows(diagnosis: FindingsDocument) -> list[list[Any]]:
    org, coverage = diagnosis.org, diagnosis.coverage
    counts = coverage.units if coverage is not None else {}
    parent = {unit.id: unit.parent for unit in org.units}
    live = live_positions(org)
    reports = Counter(p.reports_to for p in live if p.reports_to)
    managers: dict[str, list[int]] = {}
    for position in live:
        if reports[position.id] and position.unit is not None:
            managers.setdefault(position.unit, []).append(reports[position.id])
    home = home_units(org)
    found = Counter(home.get(f.subject) for f in diagnosis.open_findings)
    rows = []
    for unit in org.units:
        count = counts.get(unit.id)
        spans = managers.get(unit.id, [])
        rows.append(
            [
                unit.id,
                unit.name,
                unit.parent or "",
                _level(unit.id, parent),
                count.posts if count else 0,
                count.vacant if count else 0,
                count.staff_fte if count else 0,
                count.pay_cost if count and count.pay_cost else "",
                len(spans),
                max(spans, default=0),
                found[unit.id],
            ]
        )
    return rows


def _level(unit: str, parent: dict[str, str | None]) -> int:
    level, seen, above = 0, {unit}, parent.get(unit)
    while above is not None and above not in seen:
        level += 1
        seen.add(above)
        above = parent.get(above)
    return level


def _change_rows(result: Restructuring) -> list[list[Any]]:
    return [
        [
            c.number,
            c.round,
            c.suggestion.action,
            f"{c.finding.rule} {c.finding.slug}",
            c.finding.severity,
            c.finding.subject,
            c.suggestion.text,
            "\n".join(f"{e.mark}: {e.text}" for e in c.edits),
        ]
        for c in result.changes
    ]


def _table(sheet: Worksheet, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A header row in bold, the rows, filters on and the header frozen; every text written as text."""
    widths = [len(name) for name in columns]
    for index, name in enumerate(columns, 1):
        sheet.cell(row=1, column=index, value=name).font = Font(bold=True)
    count = 1
    for row in rows:
        count += 1
        for index, value in enumerate(row, 1):
            cell = sheet.cell(row=count, column=index, value=_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                widths[index - 1] = max(widths[index - 1], len(cell.value))
            else:
                widths[index - 1] = max(widths[index - 1], len(str(value)))
    sheet.auto_filter.ref = f"A1:{sheet.cell(row=count, column=len(columns)).coordinate}"
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(max(width, 8) + 2, 60)


def _value(value: Any) -> Any:
    """A cell's value: text without control characters (which XLSX cannot hold), numbers as they are."""
    return strip_control(value).replace("\t", " ") if isinstance(value, str) else value


def _colour_severities(sheet: Worksheet, column: int) -> None:
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=column)
        colours = SEVERITY_COLOURS.get(str(cell.value))
        if colours:
            cell.fill = PatternFill("solid", fgColor=colours[1].lstrip("#"))
