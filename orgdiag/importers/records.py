"""An export's rows as records: the facts a column map names, with the file and place each came from.

Tables and JSON look alike from here on. Rows that are not records at all (a title above the header, a blank
row, a second header row of labels) are given as :class:`Skipped`, so that every row read is accounted for.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from orgdiag.importers.mapping import ColumnMap, normalise, presets
from orgdiag.importers.readers import ReadOptions, Table, kind_of, open_table, read_json
from orgdiag.naming import date_in_name, plural
from orgdiag.problems import InputError, Problem

#: The fields that make a row a person: a header row names at least one of them.
IDENTIFYING = ("id", "name", "first_name", "manager", "title")


@dataclass(frozen=True, slots=True)
class Record:
    """One row of an export: the non-empty values of the fields its column map names."""

    file: str
    line: int | None
    place: str
    values: dict[str, str]


class SourceRow(NamedTuple):
    """The row of an export a position was read from: its file and line (None in a JSON export, read by place)."""

    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row that holds no record, and why."""

    file: str
    line: int | None
    place: str
    why: str


def where(file: str, line: int | None, place: str) -> str:
    """Where a row is, as the report names it: ``file:line``, or ``file place`` for JSON (no lines there).

    >>> where("hr.csv", 12, "line 12"), where("users.json", None, "value[3]")
    ('hr.csv:12', 'users.json value[3]')
    """
    return f"{file}:{line}" if line else f"{file} {place}"


@dataclass
class Source:
    """One file of an import: which map read it, and how (for the report)."""

    file: str
    preset: str
    detected: bool
    columns: dict[str, str]
    encoding: str | None = None
    delimiter: str | None = None
    rows: int = 0


def read_source(
    path: Path, column_map: ColumnMap | None, options: ReadOptions
) -> tuple[Source, Iterator[Record | Skipped]]:
    """Open one export and stream its rows; ``column_map`` None means recognise the system by its columns."""
    if kind_of(path) == "json":
        return _json_source(path, column_map)
    return _table_source(path, column_map, options)


# --- tables ------------------------------------------------------------------------------------------------


def _table_source(
    path: Path, column_map: ColumnMap | None, options: ReadOptions
) -> tuple[Source, Iterator[Record | Skipped]]:
    candidates = [column_map] if column_map else list(presets().values())
    names = {normalise(n) for m in candidates for f in IDENTIFYING for n in m.fields.get(f, [])}
    table = open_table(path, options, lambda row: any(normalise(value) in names for value in row))
    header = [normalise(name) for name in table.header]
    chosen, detected = _chosen(column_map, lambda m: any(normalise(d) in header for d in m.detect))
    columns = _columns(chosen, table.header)
    _refuse_doubled_columns(table.file, table.header, columns)
    _require_identity(table.file, chosen, columns, table.header)
    if "snapshot" in chosen.fields and "snapshot" not in columns:
        period = _period_column(table, columns)
        if period is not None:
            columns["snapshot"] = period
    source = Source(table.file, chosen.name, detected, columns, table.encoding, table.delimiter)
    return source, _table_records(table, source, _other_columns(chosen, table.header, columns))


def _chosen(column_map: ColumnMap | None, recognises: Callable[[ColumnMap], bool]) -> tuple[ColumnMap, bool]:
    """The map given, else the first preset that recognises the export, else ``generic``; and whether detected."""
    if column_map is not None:
        return column_map, False
    found = next((m for m in presets().values() if recognises(m)), None)
    return (found, True) if found is not None else (presets()["generic"], False)


def _columns(column_map: ColumnMap, header: list[str]) -> dict[str, str]:
    """Each field the map names and the header has: the first of its names found in the header."""
    by_name: dict[str, str] = {}
    for name in header:
        by_name.setdefault(normalise(name), name)
    found: dict[str, str] = {}
    for field, names in column_map.fields.items():
        column = next((by_name[normalise(n)] for n in names if normalise(n) in by_name), None)
        if column is not None:
            found[field] = column
    return found


def _refuse_doubled_columns(file: str, header: list[str], columns: dict[str, str]) -> None:
    """A column orgdiag reads whose name the header gives twice: which of the two holds the data is the export's
    secret, and reading one would drop the other without a word."""
    problems = []
    for name in dict.fromkeys(columns.values()):
        again = [number for number, other in enumerate(header, 1) if other.startswith(f"{name} (column ")]
        if again:
            numbers = [str(number) for number in (header.index(name) + 1, *again)]
            times = "twice" if len(numbers) == 2 else f"{len(numbers)} times"
            message = (
                f"the header names the column '{name}' {times} (columns {', '.join(numbers[:-1])} and "
                f"{numbers[-1]}) and "
                "orgdiag reads one column per name: rename the others, or give a column map (--map)"
            )
            problems.append(Problem(file, None, "header", message, (name,)))
    if problems:
        raise InputError(problems)


#: How many rows are looked at to find a period column no name gives.
PERIOD_SAMPLE = 200
#: Column names that name nothing: an empty header cell (unique_names makes it "(column N)"), pandas' "Unnamed: 0".
_UNNAMED = re.compile(r"^(\(column \d+\)|unnamed(: ?\d+)?)$", re.IGNORECASE)


def _period_column(table: Table, columns: dict[str, str]) -> str | None:
    """The column that holds a compilation's period when no name says so: an unnamed column, or the first column
    if no field takes it (a misnamed one), whose values on the first rows are all month or day labels ("Mar-11",
    "2014-09-30"), one at least on several rows. A row index (0, 1, 2…) or a column of each person's own date is
    none. The rows looked at are given back to the table."""
    taken = set(columns.values())
    candidates = [(i, name) for i, name in enumerate(table.header) if name not in taken and _UNNAMED.match(name)]
    if table.header and table.header[0] not in taken and all(i != 0 for i, _ in candidates):
        candidates.insert(0, (0, table.header[0]))
    if not candidates:
        return None
    sample = list(itertools.islice(table.rows, PERIOD_SAMPLE))
    table.rows = itertools.chain(sample, table.rows)
    for index, name in candidates:
        labels = Counter(row[index].strip() for _, row in sample if index < len(row) and row[index].strip())
        if labels and max(labels.values()) > 1 and all(_is_date_label(label) for label in labels):
            return name
    return None


def _is_date_label(text: str) -> bool:
    """Whether a cell is a date and nothing else ("Mar-11", "31/03/2011", "September 2013").

    >>> _is_date_label("Mar-11"), _is_date_label("12"), _is_date_label("Deputy Director, March 2013 onwards")
    (True, False, False)
    """
    found = date_in_name(text)
    return found is not None and len(found.text) >= len(text) - 3


def _other_columns(column_map: ColumnMap, header: list[str], columns: dict[str, str]) -> dict[str, list[int]]:
    """For each field with more than one of its names in the header, the places of the others, in the map's order:
    a row whose first column for the field is empty takes the next (a file that mixes an organogram's senior
    rows, "Job Title", with its junior rows, "Generic Job Title")."""
    places = {normalise(name): index for index, name in reversed(list(enumerate(header)))}
    others: dict[str, list[int]] = {}
    for field, first in columns.items():
        rest = [places[normalise(n)] for n in column_map.fields[field] if normalise(n) in places]
        rest = [index for index in dict.fromkeys(rest) if index != places[normalise(first)]]
        if rest:
            others[field] = rest
    return others


def _require_identity(file: str, column_map: ColumnMap, columns: dict[str, str], header: list[str]) -> None:
    """An export must say who each row is: an id, a name or an e-mail column."""
    if {"id", "name", "first_name", "email"} & columns.keys() or (column_map.kind == "organogram" and columns):
        return
    wanted = ", ".join(f"'{n}'" for f in ("id", "name") for n in column_map.fields.get(f, [])[:4])
    shown = ", ".join(f"'{n}'" for n in header[:15]) + (", …" if len(header) > 15 else "")
    message = f"no column says who each row is (preset {column_map.name} looks for {wanted}); the columns are {shown}"
    raise InputError([Problem(file, None, "header", message + ". Name the columns with --map FILE.")])


def _table_records(table: Table, source: Source, others: dict[str, list[int]]) -> Iterator[Record | Skipped]:
    for line in table.preamble:
        source.rows += 1
        yield Skipped(table.file, line, f"line {line}", "above the header row (a title or a note)")
    index = [(field, table.header.index(column)) for field, column in source.columns.items()]
    id_column = normalise(source.columns.get("id", ""))
    width = len(table.header)
    for line, row in table.rows:
        source.rows += 1
        place = f"line {line}"
        if not "".join(row).strip():
            yield Skipped(table.file, line, place, "a blank row")
            continue
        length = len(row)
        if length > width and "".join(row[width:]).strip():
            extra = length - width
            why = f"{extra} {plural('value', extra)} more than the header has columns (a delimiter or quote?)"
            yield Skipped(table.file, line, place, why)
            continue
        values: dict[str, str] = {}
        for field, column in index:
            if column < length and (cell := row[column].strip()):
                values[field] = cell
        for field, places in others.items():
            if field not in values:
                value = next((row[i].strip() for i in places if i < len(row) and row[i].strip()), None)
                if value is not None:
                    values[field] = value
        identity = values.get("id", "")
        if id_column and len(identity) >= len(id_column) and normalise(identity) == id_column:
            yield Skipped(table.file, line, place, "a second header row (the column labels)")
            continue
        yield Record(table.file, line, place, values)


# --- JSON --------------------------------------------------------------------------------------------------

_SEGMENT = re.compile(r"^(?P<key>[^\[]*)(?:\[(?P<index>\d+)\]|\[(?P<where>[^=\]]+)=(?P<equals>[^\]]*)\])?$")


def _json_source(path: Path, column_map: ColumnMap | None) -> tuple[Source, Iterator[Record | Skipped]]:
    document = read_json(path)
    chosen, detected = _chosen(column_map, lambda m: _detects(m, document))
    at, items = _record_list(document, chosen)
    if items is None:
        tried = ", ".join(f"'{r}'" for r in chosen.records if r) or "a list at the top"
        message = f"no list of records found (preset {chosen.name} looks for {tried})"
        raise InputError([Problem(str(path), None, "", message)])
    columns = {f: " | ".join(paths) for f, paths in chosen.fields.items()}
    source = Source(str(path), chosen.name, detected, columns)
    return source, _json_records(str(path), at, items, chosen, source)


def _detects(column_map: ColumnMap, document: Any) -> bool:
    first = _record_list(document, column_map)[1]
    samples = [document, *(first[:1] if first else [])]
    return any(lookup(sample, key) is not None for key in column_map.detect for sample in samples)


def _record_list(document: Any, column_map: ColumnMap) -> tuple[str, list[Any] | None]:
    for where in column_map.records:
        found = lookup(document, where) if where else document
        if isinstance(found, list):
            return where, found
        if isinstance(found, dict) and not where:
            return "", [found]
    return "", None


def _json_records(
    file: str, where: str, items: list[Any], column_map: ColumnMap, source: Source
) -> Iterator[Record | Skipped]:
    for number, item in enumerate(items):
        source.rows += 1
        place = f"{where}[{number}]" if where else f"record {number}"
        if not isinstance(item, dict):
            yield Skipped(file, None, place, "not a JSON object")
            continue
        required = column_map.required
        if required and not any(required.contains in _strings(lookup(item, p)) for p in required.field):
            yield Skipped(file, None, place, required.why)
            continue
        values = {}
        for field, paths in column_map.fields.items():
            value = next((v for v in (scalar_text(lookup(item, p)) for p in paths) if v), None)
            if value is not None:
                values[field] = value
        yield Record(file, None, place, values)


def lookup(value: Any, path: str) -> Any:
    """The value at a path in JSON data: ``a/b``, ``list[0]``, ``list[type=manager]``; None if absent.

    >>> lookup({"relations": [{"type": "x"}, {"type": "manager", "value": "m@x.org"}]}, "relations[type=manager]/value")
    'm@x.org'
    """
    for segment in path.split("/"):
        match = _SEGMENT.match(segment)
        if match is None or not isinstance(value, dict):
            return None
        value = value.get(match["key"])
        if match["index"] is not None:
            value = value[int(match["index"])] if isinstance(value, list) and int(match["index"]) < len(value) else None
        elif match["where"] is not None:
            items = value if isinstance(value, list) else []
            value = next(
                (i for i in items if isinstance(i, dict) and _text(i.get(match["where"])) == match["equals"]), None
            )
    return value


def scalar_text(value: Any) -> str | None:
    """A JSON scalar as text ('true', '42'); None for absent, empty, lists and objects."""
    if value is None or isinstance(value, dict | list):
        return None
    text = _text(value).strip()
    return text or None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value]
    return [] if value is None else [_text(value)]
