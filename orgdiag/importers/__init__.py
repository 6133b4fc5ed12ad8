"""Import HR and org-chart exports as they come: the library's entry point for ``orgdiag import``.

    >>> from orgdiag.importers import import_org
    >>> imported = import_org(["fixtures/import/generic/nordic-semicolon.csv"])
    >>> imported.report.balanced, len(imported.org.positions) > 0
    (True, True)

:func:`import_org` reads one or more exports (CSV, XLSX or JSON), with a preset, a column map or neither (the
system is then recognised by its columns), infers roles and channels from words unless told not to, applies an
overlay, and returns the organisation with the data-quality report. Bad input raises
:class:`~orgdiag.problems.InputError` naming the file, the place and the ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from orgdiag.importers.build import Builder, add_all
from orgdiag.importers.infer import infer as infer_from_words
from orgdiag.importers.mapping import ColumnMap, load_map, preset, presets
from orgdiag.importers.overlay import Overlaid, apply_overlay
from orgdiag.importers.readers import ReadOptions
from orgdiag.importers.records import SourceRow, read_source
from orgdiag.importers.report import ImportReport
from orgdiag.importers.snapshots import Snapshots
from orgdiag.model import OrgFile
from orgdiag.model.bulk import collector_paused
from orgdiag.orgfile.read import validate_org
from orgdiag.problems import InputError, Problem

__all__ = [
    "ColumnMap",
    "ImportReport",
    "Imported",
    "Overlaid",
    "ReadOptions",
    "SourceRow",
    "import_org",
    "overlay_org",
    "load_map",
    "preset",
    "presets",
    "snapshots_in",
]


@dataclass(frozen=True)
class Imported:
    """An imported organisation and the report of what was read, made, inferred and not used."""

    org: OrgFile
    report: ImportReport
    #: the row of the export each position was read from, by its id (a SARIF log places findings there)
    rows: Mapping[str, SourceRow] = field(default_factory=dict)


def import_org(
    sources: Sequence[str | Path],
    column_map: ColumnMap | str | None = None,
    overlay: str | Path | None = None,
    infer: bool = True,
    options: ReadOptions | None = None,
    snapshot: str | None = None,
) -> Imported:
    """Import exports into one organisation.

    ``column_map`` is a preset's name, a :class:`ColumnMap` (from :func:`load_map`), or None to recognise the
    system by its columns. Several sources are read as one export (an organogram's senior and junior files).
    An export that holds several snapshots of one organisation (a period column, or files of different dates
    with the same posts) is imported only with ``snapshot``, the label of the one wanted; otherwise it raises
    :class:`~orgdiag.problems.InputError` naming them, and never merges them.
    """
    with collector_paused():  # a large export makes millions of small objects that all live to the end
        builder = _read(sources, column_map, options, snapshot)
        report = builder.report
        data = builder.finish()
        report.inferred = infer_from_words(data) if infer else {}
        if overlay is not None:
            report.overlay = str(overlay)
            overlaid = apply_overlay(data, overlay)
            org = overlaid.org
            for note in overlaid.notes:
                report.note("overlay", note)
        else:
            org = validate_org(data, f"the import of {', '.join(map(str, sources))}", {})  # as a file is checked
    positions = {position.id for position in org.positions}
    return Imported(org, report, {id_: row for id_, row in builder.rows.items() if id_ in positions})


def overlay_org(org: OrgFile, overlay: str | Path) -> Overlaid:
    """An organisation (an org file's) with an overlay applied: YAML or JSON sections, or a workbook (the evidence
    workbook ``orgdiag evidence`` writes, or a RACI matrix). Bad input raises
    :class:`~orgdiag.problems.InputError`, each problem at the overlay's line, or sheet and cell.
    """
    with collector_paused():
        return apply_overlay(org.model_dump(exclude_unset=True), overlay)


def snapshots_in(
    sources: Sequence[str | Path], column_map: ColumnMap | str | None = None, options: ReadOptions | None = None
) -> list[str]:
    """The labels of the snapshots an export holds, in the order its rows name them: a period column's values, or
    the dates in the names of files of one body; an empty list when it is one snapshot. As :func:`import_org`
    decides, labels count as snapshots only when a post recurs in two of them (a column of hiring dates does not
    make snapshots).

    >>> history = "fixtures/real/uk-organogram-history/"
    >>> snapshots_in([history + "department_for_international_development-2011-2014-compilation.csv"])
    ['Mar-11', 'Sep-11', 'Mar-13', 'Sep-13', 'Mar-14', 'Sep-14']
    """
    with collector_paused():
        snapshots = _read(sources, column_map, options, None).snapshots
    return list(snapshots.posts) if snapshots.several() else []


def _read(
    sources: Sequence[str | Path], column_map: ColumnMap | str | None, options: ReadOptions | None, snapshot: str | None
) -> Builder:
    """Every row of the exports taken by one builder, read as one export (the first file's system, the others
    read the same way); the organisation is not made yet."""
    if not sources:
        raise InputError([Problem("import", None, "", "no export given")])
    chosen = preset(column_map) if isinstance(column_map, str) else column_map
    options = options or ReadOptions()
    report = ImportReport(sources=[])
    builder: Builder | None = None
    for path in map(Path, sources):
        source, records = read_source(path, chosen, options)
        report.sources.append(source)
        if builder is None:
            chosen = chosen or preset(source.preset)
            snapshots = Snapshots([str(s) for s in sources], snapshot)
            builder = Builder(chosen, report, Path(sources[0]).stem, snapshots)
        elif source.preset != builder.map.name:
            message = f"read as {source.preset}, but {report.sources[0].file} as {builder.map.name}: give --preset"
            raise InputError([Problem(source.file, None, "", message)])
        junior = builder.map.kind == "organogram" and "id" not in source.columns
        add_all(builder, records, junior)
    assert builder is not None
    return builder
