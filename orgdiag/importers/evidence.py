"""Read an evidence workbook (``orgdiag evidence`` writes one; orgdiag.importers.evidence_sheets is its layout) or a
RACI workbook of the consultant's own, cell by cell, into :class:`Evidence`: what each sheet states and the cell it
stands in. Nothing is resolved against the organisation here (orgdiag.importers.evidence_overlay does that).

A workbook with any of the evidence workbook's sheets (Surveyed, Channels, Agencies, KPIs…) is read as one: each
sheet by its name, each column by its header; a header or a sheet it does not know is an error, unless the sheet
is named like none of its own (a sheet of workshop notes), which is noted as not read. Any other workbook is a RACI
workbook: each sheet that holds R, A, C or I letters is a RACI matrix, in either layout; the others are noted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from orgdiag.importers.cells import Cell, Entry, Evidence, Grid, Table, letters_of
from orgdiag.importers.evidence_sheets import (
    ACTIVITY,
    MARKS,
    NO,
    NOT_READ,
    PROVENANCE,
    RACI,
    RACI_COLUMNS,
    SHEETS,
    STEP,
    SURVEYED,
    SURVEYED_COLUMNS,
    TABLES,
    YES,
    Column,
    Sheet,
    header_key,
)
from orgdiag.importers.matrix import read_matrix
from orgdiag.importers.readers import cell_text, open_workbook, sheet_rows
from orgdiag.model import EVIDENCE_KINDS
from orgdiag.problems import clipped, did_you_mean


def read_workbook(path: str | Path) -> Evidence:
    """What an evidence workbook, or a RACI workbook, states; problems and notes are collected, not raised."""
    evidence = Evidence(str(path))
    book = open_workbook(Path(path))
    try:
        if MARKS & set(book.sheetnames):
            _read_evidence_workbook(book, evidence)
        else:
            _read_raci_workbook(book, evidence)
    finally:
        book.close()
    return evidence


def _cells(worksheet: Any, file: str) -> Iterator[list[Cell]]:
    """The rows of a sheet that hold something, as cells (those that hold nothing, or only spaces, left out)."""
    for number, values in sheet_rows(worksheet, file):
        cells = [
            Cell(worksheet.title, number, column, value)
            for column, value in enumerate(values, start=1)
            if value is not None and cell_text(value).strip()
        ]
        if cells:
            yield cells


# --- the evidence workbook -------------------------------------------------------------------------------------


def _read_evidence_workbook(book: Any, evidence: Evidence) -> None:
    tables = {sheet.name: sheet for sheet in TABLES}
    for worksheet in book.worksheets:
        name = worksheet.title
        if name in NOT_READ:
            continue
        rows = list(_cells(worksheet, evidence.file))
        if name == SURVEYED:
            _read_surveyed(rows, evidence)
        elif name == RACI:
            _read_own_grid(rows, name, evidence)
        elif name in tables:
            table = _read_table(rows, tables[name], evidence)
            if table is not None:
                evidence.tables[table.sheet.section] = table
        elif hint := did_you_mean(name, SHEETS):
            evidence.report(f"sheet {name}", f"is not a sheet of the evidence workbook{hint}: rename it", name)
        elif rows:
            evidence.notes.append(f"sheet {name} is not one of the evidence workbook's: not read")
    kept = {SURVEYED: "kinds surveyed", RACI: "responsibilities"} | {s.name: s.section for s in TABLES}
    for sheet, what in kept.items():
        if sheet not in book.sheetnames:
            evidence.notes.append(f"the workbook has no sheet {sheet}: the organisation's {what} are kept")


def _columns_of(header: list[Cell], columns: tuple[Column, ...], evidence: Evidence) -> dict[int, Column] | None:
    """Each header cell's column, by its header text or its org-file key ("Owner unit" or "owner"); a header no
    column has, or one given twice, is a problem; None when a required column is missing."""
    by_name = {header_key(c.header): c for c in columns} | {header_key(c.key): c for c in columns}
    found: dict[int, Column] = {}
    seen: dict[str, Cell] = {}
    for cell in header:
        key = header_key(cell.text)
        column = by_name.get(key)
        if column is None and STEP in columns and re.fullmatch(r"step\s*\d+", key):
            column = Column(cell.text, STEP.key, STEP.choices)
        if column is None:
            hint = did_you_mean(cell.text, [c.header for c in columns])
            evidence.report(cell.where, f"'{clipped(cell.text)}' is not a column of this sheet{hint}", cell.text)
            continue
        if column.key in seen and column.key != STEP.key:
            evidence.report(
                cell.where, f"the column '{column.header}' is given twice, in {seen[column.key].ref} and here"
            )
            continue
        seen[column.key] = cell
        found[cell.column] = column
    missing = [c.header for c in columns if c.required and c.key not in seen]
    if missing and header:
        listed = ", ".join(f"'{name}'" for name in missing)
        evidence.report(f"sheet {header[0].sheet}, row {header[0].row}", f"no column {listed}: it is needed")
        return None
    return found


def _read_table(rows: list[list[Cell]], sheet: Sheet, evidence: Evidence) -> Table | None:
    """A sheet of entries: its header row first, then an entry per row; a value under no header is a problem."""
    if not rows:
        return Table(sheet, {c.key: n for n, c in enumerate(sheet.columns, start=1)}, [])
    columns = _columns_of(rows[0], sheet.columns, evidence)
    if columns is None:
        return None
    entries = []
    for row in rows[1:]:
        entry = Entry(sheet.name, row[0].row)
        for cell in row:
            column = columns.get(cell.column)
            if column is None:
                evidence.report(
                    cell.where, f"'{clipped(cell.text)}' stands under no column: give it a header or clear it"
                )
            elif column.key == STEP.key:
                entry.steps.append(cell)
            else:
                entry.cells[column.key] = cell
        entries.append(entry)
    keys: dict[str, int] = {}
    for number, column in sorted(columns.items()):
        keys.setdefault(column.key, number)
    return Table(sheet, keys, entries)


def _read_surveyed(rows: list[list[Cell]], evidence: Evidence) -> None:
    """The kinds of evidence ticked as surveyed: each row's kind must be one of the model's, its tick yes or no."""
    evidence.surveyed = []
    if not rows:
        return
    columns = _columns_of(rows[0], SURVEYED_COLUMNS, evidence)
    if columns is None:
        return
    for row in rows[1:]:
        cells = {columns[c.column].key: c for c in row if c.column in columns}
        for cell in row:
            if cell.column not in columns:
                message = f"'{clipped(cell.text)}' stands under no column: give it a header or clear it"
                evidence.report(cell.where, message, cell.text)
        kind, tick = cells.get("kind"), cells.get("surveyed")
        if kind is None:
            if tick is not None:
                evidence.report(tick.where, "a tick with no kind of evidence beside it")
            continue
        if kind.text not in EVIDENCE_KINDS:
            hint = did_you_mean(kind.text, EVIDENCE_KINDS)
            evidence.report(kind.where, f"'{clipped(kind.text)}' is no kind of evidence{hint}", kind.text)
            continue
        said = tick.text.casefold() if tick is not None else ""
        if said in YES:
            evidence.surveyed.append((kind.text, kind))
        elif said not in NO and tick is not None:
            evidence.report(tick.where, f"'{clipped(tick.text)}' says neither yes nor no", tick.text)


# --- RACI grids -----------------------------------------------------------------------------------------------


def _read_own_grid(rows: list[list[Cell]], name: str, evidence: Evidence) -> None:
    """The evidence workbook's Responsibilities: the header row first; its Activity, What it means, Source and
    Confidence columns by name, every other header a holder; every row with an activity or a letter one of the
    grid's (an empty cell states that the holder has no part in the activity). Without an Activity column, the
    sheet is read as a matrix of the consultant's own."""
    if not rows:
        return
    by_name = {header_key(c.header): c for c in RACI_COLUMNS} | {header_key(c.key): c for c in RACI_COLUMNS}
    own = {cell.column: by_name[header_key(cell.text)] for cell in rows[0] if header_key(cell.text) in by_name}
    if ACTIVITY not in own.values():  # a matrix of the consultant's own pasted in, or laid the other way round
        read_matrix(rows, name, evidence)
        return
    across = [cell for cell in rows[0] if cell.column not in own]
    across_at = {cell.column: index for index, cell in enumerate(across)}
    grid = Grid(name, across, [], {}, [], fixed=True)
    for row in rows[1:]:
        cells = {cell.column: cell for cell in row}
        activity = next((cells[c] for c, column in own.items() if column is ACTIVITY and c in cells), None)
        letters = letters_of(row, across_at, evidence)
        _unread(row, own, across, evidence)
        if activity is None:
            where = f"sheet {name}, row {row[0].row}"
            evidence.report(where, f"a row with no activity: name it under '{ACTIVITY.header}', or clear the row")
            continue
        grid.letters.update(((len(grid.down), index), found) for index, found in letters.items())
        grid.down.append(activity)
        grid.provenance.append(_provenance(cells, own))
    evidence.grids.append(grid)


def _unread(row: list[Cell], own: dict[int, Column], across: list[Cell], evidence: Evidence) -> None:
    """A value in a column that is neither one of the grid's own nor a holder's is a problem."""
    columns = set(own) | {cell.column for cell in across}
    for cell in row:
        if cell.column not in columns:
            message = f"'{clipped(cell.text)}' stands under no column: give it a header or clear it"
            evidence.report(cell.where, message, cell.text)


def _provenance(cells: dict[int, Cell], columns: dict[int, Column]) -> tuple[Cell | None, Cell | None]:
    source, confidence = PROVENANCE
    found = {column.key: cells[c] for c, column in columns.items() if c in cells}
    return found.get(source.key), found.get(confidence.key)


def _read_raci_workbook(book: Any, evidence: Evidence) -> None:
    """Each sheet that holds letters is a RACI matrix; a sheet without any is noted as not read."""
    for worksheet in book.worksheets:
        rows = list(_cells(worksheet, evidence.file))
        if rows:
            read_matrix(rows, worksheet.title, evidence)
