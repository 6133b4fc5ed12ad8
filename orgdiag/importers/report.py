"""The data-quality report of an import: every row read is either used or reported with why, and what was
done with rows that were used but not as they stood (missing managers, cycles, job shares, vacancies).

Rows read = rows used + rows not used, always; :attr:`ImportReport.balanced` says so and the tests hold
every import to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from orgdiag.findings import SCHEMA_VERSION
from orgdiag.importers.records import Source, where
from orgdiag.naming import counted


@dataclass(frozen=True)
class NotUsed:
    """A row that made no position, and why."""

    file: str
    line: int | None
    place: str
    why: str
    ids: tuple[str, ...] = ()

    def where(self) -> str:
        return where(self.file, self.line, self.place)


@dataclass(frozen=True)
class Note:
    """Something done to rows that were used: ``kind`` is stable (for the JSON), ``message`` says what."""

    kind: str
    message: str
    ids: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()


#: Each kind of note, in the order the report lists them, and its heading.
NOTE_KINDS = {
    "snapshot": "Snapshots (one imported; the rows of the others not used)",
    "missing-manager": "Managers not in the export (their reports are placed at the top)",
    "ambiguous-manager": "Managers named ambiguously (their reports are placed at the top)",
    "self-manager": "Rows naming themselves as manager (placed at the top)",
    "cycle": "Reporting cycles (cut where shown)",
    "roots": "Top of the organisation",
    "job-share": "Job shares (rows of one post made one position)",
    "abolished": "Abolished posts (kept as history, left out of the live organisation)",
    "vacant": "Vacant posts (kept as vacant positions)",
    "withheld": "Withheld or undisclosed values (not known: never a name, never £0)",
    "marks": "How posts are held, as their notes and titles say (acting, interim, secondment, leave, …)",
    "no-title": "Rows without a title",
    "long-text": "Texts longer than an org file holds (cut)",
    "generated-id": "Ids made from names (the export has no id column)",
    "committee": "Committees in the Unit column (their members placed in the directorates they lead)",
    "unit-tree": "Unit tree read from the reporting lines",
    "staff": "Staff counted, not listed",
    "size": "Size of the organisation",
    "overlay": "The overlay: what it says that was noted rather than used, and what it removed",
}


@dataclass
class ImportReport:
    """What an import read, made and could not use."""

    sources: list[Source]
    rows_read: int = 0
    rows_used: int = 0
    not_used: list[NotUsed] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    positions: int = 0
    units: int = 0
    roots: list[str] = field(default_factory=list)
    inferred: dict[str, int] = field(default_factory=dict)
    overlay: str | None = None

    @property
    def balanced(self) -> bool:
        """Rows read = rows used + rows not used, and every row of every source was read."""
        return self.rows_read == self.rows_used + len(self.not_used) == sum(s.rows for s in self.sources)

    def note(self, kind: str, message: str, ids: tuple[str, ...] = (), rows: tuple[str, ...] = ()) -> None:
        assert kind in NOTE_KINDS, kind
        self.notes.append(Note(kind, message, ids, rows))

    def to_json_data(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "sources": [asdict(source) for source in self.sources],
            "rows": {"read": self.rows_read, "used": self.rows_used, "not_used": len(self.not_used)},
            "made": {"positions": self.positions, "units": self.units, "roots": self.roots},
            "inferred": self.inferred,
            "overlay": self.overlay,
            "not_used": [asdict(row) for row in self.not_used],
            "notes": [asdict(note) for note in self.notes],
        }

    def summary(self) -> str:
        """Two lines: what was read and made, and the row count that must balance."""
        files = ", ".join(f"{s.file} ({s.preset}{', detected' if s.detected else ''})" for s in self.sources)
        made = f"{counted(self.positions, 'position')}, {counted(self.units, 'unit')}"
        inferred = ", ".join(counted(n, fact) for fact, n in self.inferred.items() if n)
        return (
            f"Imported {files}: {made}{f'; inferred {inferred}' if inferred else ''}.\n"
            f"Rows: {self.rows_read:,} read = {self.rows_used:,} used + {len(self.not_used):,} not used."
        )


def listed(ids: Sequence[str], shown: int = 10) -> str:
    """The first ids, quoted, and an ellipsis if there are more.

    >>> listed(["a", "b", "c"], shown=2)
    "'a', 'b', …"
    """
    return ", ".join(f"'{i}'" for i in ids[:shown]) + (", …" if len(ids) > shown else "")
