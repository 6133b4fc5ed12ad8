"""findings.xlsx: the findings, the units and (for a restructuring) the changes, as sheets a consultant filters.

Every text cell is written as text: a name or message from the input that starts with ``=``, ``+``, ``-`` or ``@``
is never a formula when the workbook is opened (formula injection). Numbers are numbers with a number format
(thousands, FTE to a tenth, percentages); where the data does not give a number, the cell says why in words ("not
disclosed", "not published", "not known"), never a blank or a 0 that reads as a value.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Mapping, Sequence
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
from orgdiag.render.pay import NOT_DISCLOSED, pay_notes, undisclosed
from orgdiag.render.style import SEVERITY_COLOURS
from orgdiag.render.text import coverage_lines, missing_kinds, strip_control
from orgdiag.restructuring.results import Restructuring
from orgdiag.structure import UnitCount, UnitStructure

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
    "Posts (own)",
    "Vacant (own)",
    "Staff FTE (own)",
    "Pay cost per year, estimated (own)",
    "Posts (with units below)",
    "Staff FTE (with units below)",
    "Pay cost per year, estimated (with units below)",
    "Pay not disclosed for (with units below)",
    "Published paybill (with units below)",
    "Staff pay estimate over published paybill",
    "Managers (own posts)",
    "Widest team (own posts: direct reports and staff)",
    "Findings",
)
#: The number format of each column of numbers, by its name's start.
NUMBER_FORMATS = {
    "Posts": "#,##0",
    "Vacant": "#,##0",
    "Staff FTE": "#,##0.0",
    "Pay cost": "#,##0",
    "Published paybill": "#,##0",
    "Staff pay estimate": "0%",
    "Managers": "#,##0",
    "Widest team": "#,##0",
}
#: What a cell says where the data gives no number.
NOT_GIVEN, NOT_PUBLISHED, NOT_KNOWN, NO_POSTS = "not given", "not published", "not known", "no posts"
CHANGE_COLUMNS = ("Change", "Round", "Action", "Answers", "Severity", "Subject", "What it does", "Edits")


def workbook_bytes(diagnosis: FindingsDocument, restructuring: Restructuring | None = None) -> bytes:
    """findings.xlsx: Findings, Units, Coverage and, for a restructuring, Changes and Not applied.

    The workbook is written row by row (openpyxl's write-only mode): an organisation of 10^5 positions has
    some ten thousand units, a few seconds' work for a workbook held cell by cell."""
    workbook = Workbook(write_only=True)
    severity = FINDING_COLUMNS.index("Severity")
    _table(workbook.create_sheet("Findings"), FINDING_COLUMNS, _finding_rows(diagnosis), coloured=severity)
    _table(workbook.create_sheet("Units"), UNIT_COLUMNS, _unit_rows(diagnosis), formats=_formats(UNIT_COLUMNS))
    covered = [*coverage_lines(diagnosis), *pay_notes(diagnosis.coverage)]
    _table(workbook.create_sheet("Coverage"), ("What the data covers",), [[line] for line in covered])
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
    units below it and the paybills they publish, and its own managers' teams (listed reports and staff counted
    under them)."""
    org, structure, coverage = diagnosis.org, diagnosis.structure, diagnosis.coverage
    pay_given = coverage is not None and coverage.pay is not None
    teams_known = bool(structure.reports or structure.staff)
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
                _pay_cell(own, pay_given),
                total.posts,
                total.staff_fte,
                _pay_cell(total, pay_given),
                (undisclosed(total) or "none") if pay_given else NOT_GIVEN,
                NOT_PUBLISHED if total.paybill is None else total.paybill,
                _share(total),
                *_team_cells(counts, teams_known),
                found[unit.id],
            ]
        )
    return rows


def _share(count: UnitCount) -> float | str:
    """The staff pay estimate over the published paybill, as a number the sheet shows as a percentage; in words
    where there is none to divide by."""
    share = count.paybill_share
    if share is None:
        return NOT_PUBLISHED
    return "published as 0" if math.isinf(share) else share


def _pay_cell(count: UnitCount, pay_given: bool) -> float | str:
    """A pay cost as the sheet gives it: the estimate; "not disclosed" where the data withholds all of it, "not
    given" where the data has no pay at all."""
    if not pay_given:
        return NOT_GIVEN
    return count.pay_cost if count.pay_disclosed else NOT_DISCLOSED


def _team_cells(counts: UnitStructure, known: bool) -> list[int | str]:
    """A unit's managers (its own posts with a team) and its widest team; "not known" where the data gives neither
    reporting lines nor staff, so that spans are not read as 0."""
    if not known:
        return [NOT_KNOWN, NOT_KNOWN]
    if not counts.own.posts:
        return [0, NO_POSTS]
    return [counts.managers, counts.widest_team]


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


def _formats(columns: Sequence[str]) -> dict[int, str]:
    """The number format of each column of numbers, by its index."""
    return {
        index: number_format
        for index, name in enumerate(columns)
        for start, number_format in NUMBER_FORMATS.items()
        if name.startswith(start)
    }


def _table(
    sheet: WriteOnlyWorksheet,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    coloured: int | None = None,
    formats: Mapping[int, str] | None = None,
) -> None:
    """A header row in bold, the rows, filters on and the header frozen; every text written as text; the cells of
    column `coloured` (a severity) filled in their severity's colour; the numbers of each column in `formats` (by
    index) shown in its number format."""
    formats = formats or {}
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
                _cell(
                    sheet,
                    value,
                    fill=_severity_fill(value) if index == coloured else None,
                    number_format=formats.get(index) if isinstance(value, int | float) else None,
                )
                for index, value in enumerate(row)
            ]
        )


def _cell(
    sheet: WriteOnlyWorksheet,
    value: Any,
    font: Font | None = None,
    fill: PatternFill | None = None,
    number_format: str | None = None,
) -> Any:
    """A value as the sheet writes it: a text as a text cell (never a formula or an error code, whatever it
    starts with), with the font, fill and number format given; anything else as it is."""
    if not isinstance(value, str) and font is None and fill is None and number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _value(value: Any) -> Any:
    """A cell's value: text without control characters (which XLSX cannot hold), numbers as they are."""
    return strip_control(value).replace("\t", " ") if isinstance(value, str) else value


def _severity_fill(severity: Any) -> PatternFill | None:
    colours = SEVERITY_COLOURS.get(str(severity))
    return PatternFill("solid", fgColor=colours[1].lstrip("#")) if colours else None
