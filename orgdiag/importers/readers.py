"""Read exports as HR systems write them: CSV (encoding and delimiter detected, both overridable), XLSX (the
first sheet or a named one) and JSON.

Tables are streamed row by row with the line each row starts on, so that a million-row file is never held
whole and every problem can name its line.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from orgdiag.orgfile.json_keys import duplicate_keys
from orgdiag.orgfile.lines import place_of
from orgdiag.problems import InputError, Problem

#: The delimiters a CSV export uses: comma, semicolon (Excel in most European locales), tab (Excel's
#: "Unicode text"), pipe.
DELIMITERS = (",", ";", "\t", "|")
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: Suffixes only an export has (an org file is YAML or JSON): .xls is refused by :func:`kind_of` with a message.
EXPORT_SUFFIXES = (*TABLE_SUFFIXES, *XLSX_SUFFIXES, ".xls")
JSON_SUFFIXES = (".json",)
#: How far down a table the header row may be (reports often start with a title and a date).
HEADER_SEARCH_ROWS = 20
_CHUNK = 1 << 20
#: How much of a text file is read to tell its delimiter and line ends.
_SAMPLE = 1 << 16


@dataclass(frozen=True)
class ReadOptions:
    """What the user may say instead of letting orgdiag detect it."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


@dataclass
class Table:
    """A table's header and its rows, streamed: ``rows`` yields ``(line, values)`` once.

    ``preamble`` holds the lines of the rows above the header (a report's title, its date).
    """

    file: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    preamble: list[int] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None


def kind_of(path: Path) -> str:
    """``table``, ``xlsx`` or ``json``, by the file's name; anything else is read as a CSV table."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix == ".xls":
        raise InputError([Problem(str(path), None, "", "Excel 97 (.xls) files are not read: save it as .xlsx or CSV")])
    return "table"


def read_json(path: Path) -> Any:
    """A JSON export, parsed whole (API responses are pages of records, not millions of rows)."""
    data = _read_bytes(path)
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        line = getattr(error, "lineno", None)
        raise InputError([Problem(str(path), line, "", f"not valid JSON: {error.msg}")]) from None
    twice = duplicate_keys(data, parsed)
    if twice:
        raise InputError(
            [
                Problem(
                    str(path), line, place_of(place), f"key '{key}' is given twice; the first would be lost", (key,)
                )
                for place, key, line in twice
            ]
        )
    return parsed


def open_table(path: Path, options: ReadOptions, is_header: Callable[[list[str]], bool]) -> Table:
    """The table in a CSV or XLSX file: its header is the first of the top rows that ``is_header`` accepts
    (else the first row), and its rows follow, streamed."""
    rows = _xlsx_rows(path, options.sheet) if kind_of(path) == "xlsx" else None
    encoding = delimiter = None
    if rows is None:
        encoding = options.encoding or detect_encoding(path)
        sample = _sample(path, encoding)
        delimiter = delimiter_option(options.delimiter) or detect_delimiter(sample)
        rows = _csv_rows(path, encoding, delimiter, "\n" if "\n" in sample else "")
    file = str(path) if options.sheet is None else f"{path}[{options.sheet}]"
    seen: list[tuple[int, list[str]]] = []
    for line, values in rows:
        seen.append((line, values))
        if is_header(values) or len(seen) == HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise InputError([Problem(file, None, "", "the file is empty: no header row")])
    header_at = next((i for i, (_, values) in enumerate(seen) if is_header(values)), 0)
    header = unique_names(seen[header_at][1])
    after = seen[header_at + 1 :]
    preamble = [line for line, _ in seen[:header_at]]

    def all_rows() -> Iterator[tuple[int, list[str]]]:
        yield from after
        yield from rows

    return Table(file, header, all_rows(), preamble, encoding, delimiter)


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique and never empty, so that no column hides another.

    >>> unique_names(["", "Name", "", "Name"])
    ['(column 1)', 'Name', '(column 3)', 'Name (column 4)']
    """
    out: list[str] = []
    for number, name in enumerate(names, start=1):
        name = name.strip().lstrip("\ufeff")
        if not name:
            name = f"(column {number})"
        elif name in out:
            name = f"{name} (column {number})"
        out.append(name)
    return out


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, "", "no such file")]) from None
    except OSError as error:
        raise InputError([Problem(str(path), None, "", f"cannot be read: {error.strerror or error}")]) from None


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 (as Excel saves "Unicode text") or Windows-1252.

    UTF-8 is checked over the whole file, a chunk at a time, because one accented name far down a file
    saved by Excel is enough to make it Windows-1252.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
            if head.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            if len(head) >= 2 and head[1::2].count(0) > len(head) // 4:
                return "utf-16-le"
            if len(head) >= 2 and head[0::2].count(0) > len(head) // 4:
                return "utf-16-be"
            decoder = codecs.getincrementaldecoder("utf-8")()
            chunk, before, lines, utf8_seen = head, 0, 0, False
            try:
                while chunk:
                    utf8_seen = not decoder.decode(chunk).isascii() or utf8_seen
                    before, lines = before + len(chunk), lines + chunk.count(b"\n")
                    chunk = stream.read(_CHUNK)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as error:
                if utf8_seen or not chunk[: max(error.start, 0)].isascii():
                    raise _mixed_encoding(path, chunk, error, lines) from None
                return "cp1252"
            return "utf-8"
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, "", "no such file")]) from None
    except OSError as error:
        raise InputError([Problem(str(path), None, "", f"cannot be read: {error.strerror or error}")]) from None


def _mixed_encoding(path: Path, chunk: bytes, error: UnicodeDecodeError, lines_before: int) -> InputError:
    """A file that is UTF-8 (it has characters written as UTF-8) until a byte that is not: decoding it whole as
    Windows-1252 would mangle every one of those characters, and decoding it as UTF-8 would lose that byte."""
    start = max(error.start, 0)
    line = lines_before + chunk[:start].count(b"\n") + 1
    byte = chunk[start] if start < len(chunk) else 0
    message = (
        f"mixes encodings: it is UTF-8 before byte 0x{byte:02X} here, which is not; re-save the file as UTF-8 "
        "(or give its encoding with --encoding if it is not UTF-8)"
    )
    return InputError([Problem(str(path), line, "", message)])


#: What --delimiter may name besides one character: a tab, as a shell passes it.
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t"}


def delimiter_option(delimiter: str | None) -> str | None:
    """The delimiter --delimiter gives: one character, or ``tab``; anything else is :class:`InputError`.

    >>> delimiter_option(";"), delimiter_option("tab"), delimiter_option(None)
    (';', '\\t', None)
    """
    if delimiter is None:
        return None
    chosen = _DELIMITER_NAMES.get(delimiter, delimiter)
    if len(chosen) != 1 or chosen in ('"', "\r", "\n"):
        message = f"must be one character other than a quote or a line break (or 'tab'); got {delimiter!r}"
        raise InputError([Problem("--delimiter", None, "", message, (delimiter,))])
    return chosen


def _sample(path: Path, encoding: str) -> str:
    """The first 64 KiB of a text file, decoded: a byte the encoding cannot decode is :class:`InputError` at its
    line (a character cut at the sample's end is left to the full read)."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise InputError([Problem(str(path), None, "", f"unknown encoding '{encoding}'")]) from None
    try:
        with path.open("rb") as stream:
            raw = stream.read(_SAMPLE)
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, "", "no such file")]) from None
    except OSError as error:
        raise InputError([Problem(str(path), None, "", f"cannot be read: {error.strerror or error}")]) from None
    try:
        return str(decoder.decode(raw, final=False))
    except UnicodeError as error:  # a decoding error, or a codec's own (UTF-16 without its byte-order mark)
        start = getattr(error, "start", 0)
        raise _undecodable(path, encoding, _reason(error), raw[:start].count(b"\n") + 1) from None


def _reason(error: UnicodeError) -> str:
    """Why the bytes did not decode: the decoder's reason, or, for a codec that needs a byte-order mark (UTF-16,
    UTF-32 given without -le or -be) and found none, that."""
    reason = error.reason if isinstance(error, UnicodeDecodeError) else str(error)
    if "BOM" in reason:  # Python says it in other words from one version to the next
        return "it does not start with a byte-order mark: give the byte order, such as utf-16-le or utf-16-be"
    return reason


def _undecodable(path: Path, encoding: str, reason: str, line: int) -> InputError:
    message = f"cannot be decoded as {encoding} ({reason}); give the file's encoding with --encoding"
    return InputError([Problem(str(path), line, "", message)])


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the first rows of a sample into the same number of columns, and the most of them.

    >>> detect_delimiter("id;name;manager\\n1;Ann;\\n2;Bo;1\\n")
    ';'
    """
    if "\n" in sample[:-1]:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if row][:20]
        except csv.Error:  # not this delimiter's table, or not a table at all: the full read says which
            continue
        if not rows or len(rows[0]) < 2:
            continue
        score = (sum(len(row) == len(rows[0]) for row in rows), len(rows[0]))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(path: Path, encoding: str, delimiter: str, newline: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (quoted fields may span lines). Quotes are read strictly: a
    quote left open, or closed in the middle of a field, is :class:`InputError` at the line the record starts on,
    never a row swallowed or changed. Lines end at line feeds when the file has any (a bare carriage return is
    then no line break), else at carriage returns (old Mac files)."""
    with path.open(encoding=encoding, newline=newline) as stream:
        reader = csv.reader(_bounded_lines(stream, path), delimiter=delimiter, strict=True)
        ended = 0
        try:
            for values in reader:
                yield ended + 1, values
                ended = reader.line_num
        except UnicodeError as error:
            raise _undecodable(path, encoding, _reason(error), ended + 1) from None
        except csv.Error as error:
            raise InputError([Problem(str(path), ended + 1, "", _csv_problem(str(error)))]) from None


#: The longest line read: a row of an export is a few hundred characters; a line of millions of delimiters would be
#: millions of columns, more than memory holds.
MAX_LINE = 1 << 22


def _bounded_lines(stream: Iterable[str], path: Path) -> Iterator[str]:
    for number, line in enumerate(stream, start=1):
        if len(line) > MAX_LINE:
            message = f"the line is {len(line):,} characters long, more than {MAX_LINE:,}: no export's row is"
            raise InputError([Problem(str(path), number, "", message)])
        yield line


def _csv_problem(said: str) -> str:
    """What the csv module's error means, for the person who fixes the file."""
    if said.startswith("unexpected end of data"):
        return "a quote opened in the row starting here is never closed: every line after it would be one field"
    if "expected after" in said:
        return 'a quote closes in the middle of a field: inside a quoted field, write a quote as two ("")'
    if "new-line character seen in unquoted field" in said:
        return "a carriage return inside a field that is not quoted: quote the field, or remove the character"
    return f"not valid CSV: {said}"


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    """The rows of a sheet as text, numbered as Excel numbers them."""
    book = open_workbook(path)
    if sheet is not None and sheet not in book.sheetnames:
        sheets = ", ".join(f"'{name}'" for name in book.sheetnames)
        raise InputError([Problem(str(path), None, "", f"no sheet '{sheet}'; it has {sheets}", (sheet,))])
    worksheet = book[sheet] if sheet is not None else book.worksheets[0]
    _refuse_formulas_without_values(worksheet, str(path))

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in sheet_rows(worksheet, str(path)):
                yield number, [cell_text(value) for value in values]
        finally:
            book.close()

    return rows()


def open_workbook(path: Path) -> Any:
    """An XLSX workbook opened to read its values (openpyxl's read-only mode), once the file is known to be
    readable and no zip bomb (:func:`check_archive`)."""
    import openpyxl  # only XLSX needs it, and it takes a while to import

    _read_bytes(path)  # a missing or unreadable file is reported as such
    check_archive(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and its own errors for a broken file
        raise InputError([Problem(str(path), None, "", f"not a readable XLSX workbook: {error}")]) from None


#: A cell holding a formula and no value: ``<c r="B2"><f>A2*2</f></c>``, or ``<v></v>`` after it.
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3}\d+)"[^>]*>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)'
    rb"\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)


def _refuse_formulas_without_values(worksheet: Any, file: str) -> None:
    """Cells that hold a formula but no value (a workbook written by a program that does not compute formulas):
    read as they are, they would be empty, a manager or a name lost without a word. The sheet's XML is scanned a
    chunk at a time, a cell cut at a chunk's end carried over."""
    found: list[str] = []
    with worksheet.parent._archive.open(worksheet._worksheet_path) as part:  # openpyxl keeps the zip open
        carried = b""
        while len(found) < 5 and (chunk := part.read(1 << 20)):
            text = carried + chunk
            cut = text.rfind(b"<", max(len(text) - 4096, 0))
            head, carried = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            if b"<f" in head or b":f" in head:  # most workbooks hold no formula: the scan is then a byte search
                found += [m.group(1).decode() for m in _FORMULA_WITHOUT_VALUE.finditer(head)]
        found += [m.group(1).decode() for m in _FORMULA_WITHOUT_VALUE.finditer(carried)]
    if found:
        cells = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
        message = (
            f"cells hold formulas without a saved value ({cells}): the program that wrote the workbook did not "
            "compute them, and they would be read as empty; open it in Excel or LibreOffice and save it again"
        )
        raise InputError([Problem(file, None, f"sheet '{worksheet.title}'", message, tuple(found[:5]))])


def sheet_rows(worksheet: Any, file: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of a sheet that hold something, numbered as Excel numbers them, their values from column A on;
    a sheet that breaks off is reported after its last row read."""
    # the sheet's declared size is the writer's word: rows past it would be dropped, and a declared million rows
    # read as empty ones; the rows themselves say where the table ends
    worksheet.reset_dimensions()
    number = 0
    try:
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if any(value is not None for value in values):
                yield number, values
    except Exception as error:  # openpyxl's parser raises XML, zip and value errors of many kinds mid-sheet
        message = f"the workbook breaks off after row {number:,}: {type(error).__name__}: {error}"
        raise InputError([Problem(file, number + 1, "", message)]) from None


#: The most a workbook may hold uncompressed, and the most a part of it may expand beyond its compressed size
#: (a part of more than EXPANDING_FROM bytes): a real export's sheets compress about 5 to 20 times; a zip bomb's
#: thousands of times.
MAX_WORKBOOK_BYTES = 2 << 30
MAX_EXPANSION = 100
EXPANDING_FROM = 16 << 20


def check_archive(path: Path) -> None:
    """Refuse a workbook whose parts would expand beyond reason before any is read: too large in all, or a part
    that compresses like a zip bomb. Each size is the archive's own record of it."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError([Problem(str(path), None, "", f"not a readable XLSX workbook: {error}")]) from None
    total = sum(part.file_size for part in parts)
    if total > MAX_WORKBOOK_BYTES:
        message = f"the workbook holds {total:,} bytes uncompressed, more than {MAX_WORKBOOK_BYTES:,}: split the export"
        raise InputError([Problem(str(path), None, "", message)])
    for part in parts:
        if part.file_size > EXPANDING_FROM and part.file_size > MAX_EXPANSION * max(part.compress_size, 1):
            ratio = part.file_size // max(part.compress_size, 1)
            message = (
                f"its part {part.filename} expands {ratio:,} times ({part.compress_size:,} bytes to "
                f"{part.file_size:,}): no spreadsheet compresses that well; refused as a zip bomb"
            )
            raise InputError([Problem(str(path), None, "", message)])


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees: 1001.0 is '1001', a date is ISO, empty is ''.

    >>> cell_text(1001.0), cell_text(None), cell_text(datetime.datetime(2024, 3, 1))
    ('1001', '', '2024-03-01')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
