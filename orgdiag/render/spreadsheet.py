"""findings.xlsx: the findings, the units and (for a restructuring) the changes, as sheets a consultant filters.

Every text cell is written as text: a name or message from the input that starts with ``=``, ``+``, ``-`` or ``@``
is never a formula when the workbook is opened (formula injection).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from orgdiag.findings import FindingsDocument
from orgdiag.model.links import home_units, live_units
from orgdiag.model.tree import unit_tree
from orgdiag.render.package import fixed_package
from orgdiag.render.style import SEVERITY_COLOURS
from orgdiag.render.text import coverage_lines, missing_kinds, strip_control
from orgdiag.restructuring.results import Restructuring

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
    "Own posts",
    "Own vacant",
    "Own staff FTE",
    "Own pay cost per year",
    "Posts with units below",
    "Staff FTE with units below",
    "Managers",
    "Widest team (reports and staff)",
    "Findings",
)
CHANGE_COLUMNS = ("Change", "Round", "Action", "Answers", "Severity", "Subject", "What it does", "Edits")


def workbook_bytes(diagnosis: FindingsDocument, restructuring: Restructuring | None = None) -> bytes:
    """findings.xlsx: Findings, Units, Coverage and, for a restructuring, Changes and Not applied.

    The workbook is written row by row (openpyxl's write-only mode): an organisation of 10^5 positions has
    some ten thousand units, a few seconds' work for a workbook held cell by cell."""
    workbook = Workbook(write_only=True)
    severity = FINDING_COLUMNS.index("Severity")
    _table(workbook.create_sheet("Findings"), FINDING_COLUMNS, _finding_rows(diagnosis), coloured=severity)
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
            "\n".join([*(f.inferred or []), *(f.assumed or [])]),
            f.accepted or "",
        ]
        for f in diagnosis.findings
    ]


def _unit_rows(diagnosis: FindingsDocument) -> list[list[Any]]:
    """Each unit's own posts, staff and pay (the own columns add up to the organisation's units), the same with the
    units below it, and its own managers' teams (listed reports and staff counted under them)."""
    org, structure = diagnosis.org, diagnosis.structure
    depth = unit_tree(org).depth
    home = home_units(org)
    found = Counter(home.get(f.subject) for f in diagnosis.open_findings)
    rows = []
    for unit in live_units(org):
        counts = structure.units[unit.id]
        own, total = counts.own, counts.total
        rows.append(
            [
                unit.id,
                unit.name,
                unit.parent or "",
                depth[unit.id],
                own.posts,
                own.vacant,
                own.staff_fte,
                own.pay_cost or "",
                total.posts,
                total.staff_fte,
                counts.managers,
                counts.widest_team,
                found[unit.id],
            ]
        )
    return rows


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


def _table(
    sheet: WriteOnlyWorksheet, columns: Sequence[str], rows: Sequence[Sequence[Any]], coloured: int | None = None
) -> None:
    """A header row in bold, the rows, filters on and the header frozen; every text written as text; the cells of
    column `coloured` (a severity) filled in their severity's colour."""
    values = [[_value(value) for value in row] for row in rows]
    widths = [max([len(name), *(len(str(row[index])) for row in values)]) for index, name in enumerate(columns)]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8) + 2, 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(values) + 1}"
    sheet.append([_cell(sheet, name, font=Font(bold=True)) for name in columns])
    for row in values:
        sheet.append(
            [
                _cell(sheet, value, fill=_severity_fill(value) if index == coloured else None)
                for index, value in enumerate(row)
            ]
        )


def _cell(sheet: WriteOnlyWorksheet, value: Any, font: Font | None = None, fill: PatternFill | None = None) -> Any:
    """A value as the sheet writes it: a text as a text cell (never a formula or an error code, whatever it
    starts with), with the font and fill given; anything else as it is."""
    if not isinstance(value, str) and font is None and fill is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _value(value: Any) -> Any:
    """A cell's value: text without control characters (which XLSX cannot hold), numbers as they are."""
    return strip_control(value).replace("\t", " ") if isinstance(value, str) else value


def _severity_fill(severity: Any) -> PatternFill | None:
    colours = SEVERITY_COLOURS.get(str(severity))
    return PatternFill("solid", fgColor=colours[1].lstrip("#")) if colours else None
