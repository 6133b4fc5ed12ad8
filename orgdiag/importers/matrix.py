"""A RACI matrix of the consultant's own, laid out either way (holders across and activities down, or the
transpose), read from a sheet's cells into a :class:`~orgdiag.importers.cells.Grid`: the letters' rows and columns
are its body, the row above them that names most of their columns its header, the column left of them that names
its rows its labels. What stands around it (a title, a legend, a Notes column) is noted as not read.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from orgdiag.importers.cells import SEPARATORS, Cell, Evidence, Grid, letters_of, parse_letters
from orgdiag.importers.evidence_sheets import PROVENANCE, header_key
from orgdiag.problems import clipped

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
#: The words a legend gives beside the letters.
LEGEND = ("responsible", "accountable", "consulted", "informed")
#: Headers of a RACI matrix's columns that say something about a row but are not read.
OTHER_HEADERS = frozenset({"#", "no", "no.", "id", "number", "description", "notes", "comments", "phase", "category"})


def read_matrix(rows: list[list[Cell]], name: str, evidence: Evidence) -> None:
    """A sheet as a RACI matrix laid out either way, or, without a letter, noted as not read."""
    grid = _read_any_grid(rows, name, evidence)
    if grid is None:
        evidence.notes.append(f"sheet {name} holds no R, A, C or I: not read")
    else:
        evidence.grids.append(grid)


def _is_letter_cell(cell: Cell) -> bool:
    letters = parse_letters(cell.text)
    return bool(letters) and len(SEPARATORS.sub("", cell.text)) <= MOST_LETTERS


def _is_legend(row: list[Cell]) -> bool:
    """Whether a row is a legend: each of its letters beside the word it stands for ("R | Responsible")."""
    by_column = {cell.column: cell for cell in row}
    letters = [cell for cell in row if _is_letter_cell(cell)]
    return bool(letters) and all(
        (meaning := by_column.get(cell.column + 1)) is not None and meaning.text.casefold().startswith(LEGEND)
        for cell in letters
    )


def _read_any_grid(rows: list[list[Cell]], name: str, evidence: Evidence) -> Grid | None:
    """A RACI matrix laid out either way: the letters' rows and columns are its body; the row above them that names
    most of their columns is its header; the column left of them that names the rows is its labels (by its
    header, "Activity", "Task", "Role"…, else the first that names them). What stands around it is noted."""
    body = {(cell.row, cell.column) for row in rows if not _is_legend(row) for cell in row if _is_letter_cell(cell)}
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
        elif _is_legend(list(cells.values())):
            evidence.notes.append(f"sheet {name}: row {number}, a legend, is not read")
        elif number > header_row and number not in body_rows:
            label = cells.get(label_column)
            what = f"('{clipped(label.text)}') " if label is not None else ""
            evidence.notes.append(f"sheet {name}: row {number} {what}holds no letters: not read")
        elif number in body_rows:
            label = cells.get(label_column) or Cell(name, number, label_column, None)
            if not label.text:
                evidence.report(label.where, "letters on a row with no name: name its activity or holder here")
            letters = letters_of(list(cells.values()), across_at, evidence)
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
