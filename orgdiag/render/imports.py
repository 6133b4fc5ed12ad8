"""The import report for a terminal and as import-report.md: the summary, each row not used, each note."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from orgdiag.importers import Imported
from orgdiag.importers.report import NOTE_KINDS, ImportReport, Note, NotUsed
from orgdiag.orgfile import dump_org
from orgdiag.render.outputs import json_text, write_files
from orgdiag.render.report import md
from orgdiag.render.text import clean

#: How many rows or notes of one kind the terminal lists before pointing to the JSON (the Markdown, ten times).
LISTED = 20
#: What an import writes into an output directory: the organisation to edit, and the report twice.
IMPORT_FILES = ("org.yaml", "import-report.md", "import-report.json")


def write_import(imported: Imported, out_dir: Path) -> list[Path]:
    """org.yaml (the imported organisation, to edit or overlay), import-report.md and import-report.json."""
    comment = f"Imported by orgdiag. {imported.report.summary()}"
    contents = {
        "org.yaml": dump_org(imported.org, comment).encode(),
        "import-report.md": import_markdown(imported.report).encode(),
        "import-report.json": json_text(imported.report.to_json_data()).encode(),
    }
    return write_files(out_dir, contents, IMPORT_FILES)


def import_text(report: ImportReport) -> str:
    """The report for a terminal: the summary, then each kind of problem with the first rows of each."""
    lines = [clean(line) for line in report.summary().splitlines()]
    if report.overlay:
        lines.append(f"Overlay: {clean(report.overlay)}")
    if report.not_used:
        lines += ["", f"Rows not used ({len(report.not_used):,}):"]
        grouped = _grouped(report.not_used)
        lines += [f"  {clean(where)}: {clean(why)}" for where, why in grouped[:LISTED]]
        lines += _more(len(grouped), LISTED)
    for heading, notes in _notes_by_kind(report):
        lines += ["", f"{heading}:"]
        lines += [f"  {clean(note.message)}" for note in notes[:LISTED]]
        lines += _more(len(notes), LISTED)
    return "\n".join(lines) + "\n"


def import_markdown(report: ImportReport) -> str:
    """import-report.md: the same as the text, as Markdown, with the rows each note concerns."""
    shown = LISTED * 10
    lines = ["# Import report", "", *(f"{md(line)}  " for line in report.summary().splitlines())]
    if report.overlay:
        lines.append(f"Overlay: {md(report.overlay)}")
    lines += ["", "## Sources", "", "| file | preset | rows | encoding | delimiter |", "|---|---|---|---|---|"]
    for s in report.sources:
        how = "detected" if s.detected else "given"
        delimiter = md(repr(s.delimiter)) if s.delimiter else ""
        lines.append(f"| {md(s.file)} | {md(s.preset)} ({how}) | {s.rows:,} | {md(s.encoding or '')} | {delimiter} |")
    lines += ["", f"## Rows not used ({len(report.not_used):,})", ""]
    if report.not_used:
        lines += ["| where | why |", "|---|---|"]
        lines += [f"| {md(r.where())} | {md(r.why)} |" for r in report.not_used[:shown]]
        lines += _more(len(report.not_used), shown)
    else:
        lines.append("None: every row made a position or was counted under one.")
    for heading, notes in _notes_by_kind(report):
        lines += ["", f"## {heading}", ""]
        lines += [f"- {md(note.message)}{_rows(note)}" for note in notes[:shown]]
        lines += _more(len(notes), shown)
    return "\n".join(lines) + "\n"


def _grouped(rows: list[NotUsed], alone: int = 3) -> list[tuple[str, str]]:
    """The rows not used as (where, why): a reason given more than ``alone`` times (the rows of another snapshot)
    once, with how many rows and the first."""
    counts = Counter(row.why for row in rows)
    shown: set[str] = set()
    grouped = []
    for row in rows:
        if counts[row.why] <= alone:
            grouped.append((row.where(), row.why))
        elif row.why not in shown:
            shown.add(row.why)
            grouped.append((f"{counts[row.why]:,} rows from {row.where()}", row.why))
    return grouped


def _notes_by_kind(report: ImportReport) -> list[tuple[str, list[Note]]]:
    grouped = [(heading, [n for n in report.notes if n.kind == kind]) for kind, heading in NOTE_KINDS.items()]
    return [(heading, notes) for heading, notes in grouped if notes]


def _rows(note: Note) -> str:
    if not note.rows:
        return ""
    more = ", …" if len(note.rows) > LISTED else ""
    return f" (rows: {md(', '.join(note.rows[:LISTED]))}{more})"


def _more(count: int, shown: int) -> list[str]:
    return [f"  … and {count - shown:,} more (all are in import-report.json)"] if count > shown else []
