"""The snapshots a history follows, read from org files and exports, each with its date.

Exports (CSV, XLSX) are read together, as ``orgdiag import`` reads them: an organogram's senior and junior files
of one date are one snapshot; files of several dates, or one file with a period column, are as many snapshots
as they hold (:func:`orgdiag.importers.snapshots_in`). Each org file (YAML or JSON) is a snapshot of its own, for
example a proposed organisation, future-dated. A snapshot's date is the one ``dates`` gives for its label or
file, else the one its label or file name states; a snapshot without one is bad input that says how to give it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from orgdiag.importers import ColumnMap, ReadOptions, import_org, preset, snapshots_in
from orgdiag.importers.readers import EXPORT_SUFFIXES
from orgdiag.importers.snapshots import snapshot_of_file
from orgdiag.orgfile import load_org
from orgdiag.over_time.dates import SnapshotDate, date_in
from orgdiag.over_time.timeline import Snapshot
from orgdiag.problems import InputError, Problem


def load_snapshots(
    sources: Sequence[str | Path],
    dates: Mapping[str, str] | None = None,
    column_map: ColumnMap | str | None = None,
    overlay: str | Path | None = None,
    infer: bool = True,
    options: ReadOptions | None = None,
) -> list[Snapshot]:
    """The snapshots in org files and exports, in the order given (a history puts them in date order).

    ``dates`` maps a snapshot's label, or a file as given or by its name, to a date (``2024-06-30``,
    ``Jun-24``…); every entry must name a snapshot. The other arguments read the exports as
    :func:`~orgdiag.importers.import_org` does.

    >>> found = load_snapshots(["fixtures/real/uk-organogram-history/victoria_albert_museum-2011-03-31-senior.csv",
    ...     "fixtures/real/uk-organogram-history/victoria_albert_museum-2011-03-31-junior.csv",
    ...     "fixtures/demo/nordvik-sport.yaml"], {"nordvik-sport.yaml": "2012-03-31"})
    >>> [(s.label, str(s.date), len(s.org.positions)) for s in found]
    [('2011-03-31', '2011-03-31', 5), ('nordvik-sport', '2012-03-31', 13)]
    """
    given = dict(dates or {})
    used: set[str] = set()
    chosen = preset(column_map) if isinstance(column_map, str) else column_map
    exports = [str(s) for s in sources if _is_export(Path(s), chosen is not None)]
    org_files = [str(s) for s in sources if str(s) not in exports]
    found: list[Snapshot] = []
    if exports:
        labels: list[str | None] = [*snapshots_in(exports, chosen, options)] or [None]
        for label in labels:
            imported = import_org(exports, chosen, overlay, infer, options, label)
            name = label or snapshot_of_file(exports[0])
            day = _dated(name, [name, *exports, *(Path(e).name for e in exports)], given, used, exports[0])
            found.append(Snapshot(name, day, imported.org, tuple(exports)))
    for org_file in org_files:
        name = Path(org_file).stem
        day = _dated(name, [org_file, Path(org_file).name, name], given, used, org_file)
        found.append(Snapshot(name, day, load_org(org_file), (org_file,)))
    unused = sorted(set(given) - used)
    if unused:
        names = ", ".join(s.label for s in found)
        message = f"--date names no snapshot: {', '.join(unused)}; the snapshots are {names}"
        raise InputError([Problem("--date", None, "", message, tuple(unused))])
    return found


def _is_export(path: Path, mapped: bool) -> bool:
    suffix = path.suffix.lower()
    return suffix in EXPORT_SUFFIXES or (mapped and suffix not in (".yaml", ".yml"))


def _dated(label: str, names: list[str], given: Mapping[str, str], used: set[str], file: str) -> SnapshotDate:
    """The date of a snapshot: given for one of its `names`, else stated in its label or its file's name."""
    for name in names:
        if name in given:
            used.add(name)
            day = date_in(given[name])
            if day is None:
                message = f"--date {name}={given[name]}: not a date (write 2024-06-30, or Jun-2024 for a month)"
                raise InputError([Problem("--date", None, "", message, (name,))])
            return day
    day = date_in(label) or date_in(Path(file).stem)
    if day is None:
        message = f"snapshot '{label}' has no date in its name: give one with --date {Path(file).name}=YYYY-MM-DD"
        raise InputError([Problem(file, None, "", message, (label,))])
    return day
