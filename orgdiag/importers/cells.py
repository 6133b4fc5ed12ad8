"""What a workbook overlay states, cell by cell: each value with the cell it stands in (:class:`Cell`), the rows
of a sheet of entries (:class:`Entry`, :class:`Table`), a RACI matrix as read (:class:`Grid`), and the record of
what was read, with its problems and notes (:class:`Evidence`). orgdiag.importers.evidence reads a workbook into
them; orgdiag.importers.evidence_overlay applies them to the organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from orgdiag.importers.evidence_sheets import Sheet
from orgdiag.importers.readers import cell_text
from orgdiag.problems import Problem, clipped

#: What separates the letters of a cell ("A/R", "R, A", "R+C").
SEPARATORS = re.compile(r"[\s/,;+&.-]+")


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
    letters = SEPARATORS.sub("", text).upper()
    return frozenset(letters) if set(letters) <= set("RACI") else None


def letters_of(
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
