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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

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
from orgdiag.importers.readers import cell_text, open_workbook, sheet_rows
from orgdiag.model import EVIDENCE_KINDS
from orgdiag.problems import Problem, clipped, did_you_mean

#: What separates the letters of a cell ("A/R", "R, A", "R+C").
_SEPARATORS = re.compile(r"[\s/,;+&.-]+")
#: The most letters a cell of a RACI workbook holds to be taken as one (a title "RACI" is none).
MOST_LETTERS = 3
#: Headers that name the column of a RACI matrix's activities (or, the other way round, its roles).
LABEL_HEADERS = frozenset(
    {
        "activity",
        "activities",
        "task",
        "tasks",
        "deliverable",
        "deliverables",
        "responsibility",
        "responsibilities",
        "process",
        "decision",
        "decisions",
        "item",
        "role",
        "roles",
        "post",
        "posts",
        "position",
        "positions",
        "who",
        "name",
        "person",
        "people",
        "team",
        "stakeholder",
    }
)
#: Headers of a RACI matrix's columns that say something about a row but are not read.
OTHER_HEADERS = frozenset({"#", "no", "no.", "id", "number", "description", "notes", "comments", "phase", "category"})


@dataclass(frozen=True)
class Cell:
    """A value of the workbook and where it stands."""

    sheet: str
    row: int
    column: int
    value: Any

    @property
    def ref(self) -> str:
        """The cell as Excel names it: D5."""
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def where(self) -> str:
        """Where a problem with it is reported: sheet Channels, cell D5."""
        return f"sheet {self.sheet}, cell {self.ref}"

    @property
    def text(self) -> str:
        """The value as text, as a person sees it (1001.0 is '1001'), without surrounding space."""
        return cell_text(self.value).strip()


@dataclass
class Entry:
    """A row of a sheet of entries: its cells by the key they state (the approval steps in order)."""

    sheet: str
    row: int
    cells: dict[str, Cell] = field(default_factory=dict)
    steps: list[Cell] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"sheet {self.sheet}, row {self.row}"


@dataclass
class Table:
    """A sheet of entries as read: the columns it has (by key) and its rows."""

    sheet: Sheet
    #: the column of each key the sheet has (its first, for the numbered steps)
    columns: dict[str, int]
    entries: list[Entry]

    def where(self, key: str, row: int) -> str:
        """Where the cell of a key stands on a row, filled or not."""
        return f"sheet {self.sheet.name}, cell {get_column_letter(self.columns[key])}{row}"


@dataclass
class Grid:
    """A RACI matrix as read: the names along its header row and down its label column, and the letters where
    they cross; which of the two names the holders is decided against the organisation, unless ``fixed`` (the
    evidence workbook's own: activities down)."""

    sheet: str
    across: list[Cell]
    down: list[Cell]
    #: (index down, index across) -> the letters of the cell, for every cell that holds some
    letters: dict[tuple[int, int], tuple[frozenset[str], Cell]]
    #: per row down: its Source and Confidence cells, where the grid has those columns and they are filled
    provenance: list[tuple[Cell | None, Cell | None]]
    fixed: bool = False


@dataclass
class Evidence:
    """Everything a workbook states, each value with its cell, and what was read around it."""

    file: str
    tables: dict[str, Table] = field(default_factory=dict)
    grids: list[Grid] = field(default_factory=list)
    #: the kinds of evidence ticked as surveyed, each with its cell; None when the workbook has no Surveyed sheet
    surveyed: list[tuple[str, Cell]] | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def report(self, where: str, message: str, *ids: str) -> None:
        self.problems.append(Problem(self.file, None, where, message, ids))


def parse_letters(text: str) -> frozenset[str] | None:
    """The RACI letters a cell holds (an empty cell, none), or None when it holds anything else.

    >>> sorted(parse_letters("A/R")), sorted(parse_letters("r, c")), parse_letters(""), parse_letters("Lead")
    (['A', 'R'], ['C', 'R'], frozenset(), None)
    """
    letters = _SEPARATORS.sub("", text).upper()
    return frozenset(letters) if set(letters) <= set("RACI") else None


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
        _read_matrix(rows, name, evidence)
        return
    across = [cell for cell in rows[0] if cell.column not in own]
    across_at = {cell.column: index for index, cell in enumerate(across)}
    grid = Grid(name, across, [], {}, [], fixed=True)
    for row in rows[1:]:
        cells = {cell.column: cell for cell in row}
        activity = next((cells[c] for c, column in own.items() if column is ACTIVITY and c in cells), None)
        letters = _letters_of(row, across_at, evidence)
        _unread(row, own, across, evidence)
        if activity is None:
            where = f"sheet {name}, row {row[0].row}"
            evidence.report(where, f"a row with no activity: name it under '{ACTIVITY.header}', or clear the row")
            continue
        grid.letters.update(((len(grid.down), index), found) for index, found in letters.items())
        grid.down.append(activity)
        grid.provenance.append(_provenance(cells, own))
    evidence.grids.append(grid)


def _letters_of(
    row: list[Cell], across_at: dict[int, int], evidence: Evidence
) -> dict[int, tuple[frozenset[str], Cell]]:
    """The letters of a row's cells under the holders (or activities), by their place across; a cell holding
    anything else is a problem."""
    found = {}
    for cell in row:
        if cell.column not in across_at:
            continue
        letters = parse_letters(cell.text)
        if letters is None:
            message = f"'{clipped(cell.text)}' is not R, A, C or I (A/R for both)"
            evidence.report(cell.where, message, cell.text)
        elif letters:
            found[across_at[cell.column]] = (letters, cell)
    return found


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
            _read_matrix(rows, worksheet.title, evidence)


def _read_matrix(rows: list[list[Cell]], name: str, evidence: Evidence) -> None:
    """A sheet as a RACI matrix laid out either way, or, without a letter, noted as not read."""
    grid = _read_any_grid(rows, name, evidence)
    if grid is None:
        evidence.notes.append(f"sheet {name} holds no R, A, C or I: not read")
    else:
        evidence.grids.append(grid)


def _is_letter_cell(cell: Cell) -> bool:
    letters = parse_letters(cell.text)
    return bool(letters) and len(_SEPARATORS.sub("", cell.text)) <= MOST_LETTERS


def _read_any_grid(rows: list[list[Cell]], name: str, evidence: Evidence) -> Grid | None:
    """A RACI matrix laid out either way: the letters' rows and columns are its body; the row above them that names
    most of their columns is its header; the column left of them that names the rows is its labels (by its
    header, "Activity", "Task", "Role"…, else the first that names them). What stands around it is noted."""
    body = {(cell.row, cell.column) for row in rows for cell in row if _is_letter_cell(cell)}
    if not body:
        return None
    body_rows = sorted({r for r, _ in body})
    body_columns = sorted({c for _, c in body})
    by_row = {row[0].row: {cell.column: cell for cell in row} for row in rows}
    header_row = next(
        (
            number
            for number in sorted(by_row, reverse=True)
            if number < body_rows[0]
            and 2 * sum(1 for c in body_columns if c in by_row[number] and not _is_letter_cell(by_row[number][c]))
            >= len(body_columns)
        ),
        None,
    )
    if header_row is None:
        evidence.report(f"sheet {name}, row {body_rows[0]}", "no header row above the letters names their columns")
        return None
    header = by_row[header_row]
    label_column = _label_column(header, by_row, body_rows, body_columns[0])
    if label_column is None:
        evidence.report(f"sheet {name}, row {body_rows[0]}", "no column left of the letters names their rows")
        return None
    named = {header_key(cell.text): c for c, cell in header.items()}
    source, confidence = (named.get(header_key(column.header)) for column in PROVENANCE)
    across = []
    for column in body_columns:
        cell = header.get(column) or Cell(name, header_row, column, None)
        if not cell.text:
            evidence.report(cell.where, "letters under a column with no name: name its holder or activity here")
        across.append(cell)
    grid = Grid(name, across, [], {}, [])
    across_at = {cell.column: index for index, cell in enumerate(across)}
    read = {label_column, source, confidence, *across_at}
    unread: set[int] = set()
    for number in sorted(by_row):
        cells = by_row[number]
        if number < header_row:
            evidence.notes.append(f"sheet {name}: row {number}, above the matrix, is not read")
        elif number > header_row and number not in body_rows:
            label = cells.get(label_column)
            what = f"('{clipped(label.text)}') " if label is not None else ""
            evidence.notes.append(f"sheet {name}: row {number} {what}holds no letters: not read")
        elif number in body_rows:
            label = cells.get(label_column) or Cell(name, number, label_column, None)
            if not label.text:
                evidence.report(label.where, "letters on a row with no name: name its activity or holder here")
            letters = _letters_of(list(cells.values()), across_at, evidence)
            grid.letters.update(((len(grid.down), index), found) for index, found in letters.items())
            grid.down.append(label)
            grid.provenance.append((cells.get(source or 0), cells.get(confidence or 0)))
            unread.update(set(cells) - read)
    for column in sorted(unread):
        title = f" ('{clipped(header[column].text)}')" if column in header else ""
        evidence.notes.append(f"sheet {name}: column {get_column_letter(column)}{title} is not read")
    return grid


def _label_column(
    header: dict[int, Cell], by_row: dict[int, dict[int, Cell]], rows: list[int], first: int
) -> int | None:
    """The column left of the letters that names the rows: headed as such, else the first that names any row."""
    candidates = [c for c in range(1, first) if any(c in by_row[r] for r in rows)]
    named = [c for c in candidates if c in header and header_key(header[c].text) in LABEL_HEADERS]
    others = [c for c in candidates if c not in header or header_key(header[c].text) not in OTHER_HEADERS]
    chosen = named or others or candidates
    return chosen[0] if chosen else None
