"""Where each key of a YAML or JSON file stands: the line a problem points at, and its place as `positions[2].unit`;
or, for what was read from a workbook, its sheet and cell (:class:`Cells`)."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import yaml

Path_ = tuple[str | int, ...]

#: How many values YAML aliases may add by repeating parts of a document, beyond the values written.
MAX_ALIAS_EXPANSION = 100_000

#: How much of one value of a JSON file is scanned token by token for a line number (about two seconds' worth).
SCAN_LIMIT = 20_000_000


class Span(NamedTuple):
    """Where a value of a JSON text stands: its characters (`start` to `end`), the line of its place (a key's line
    for a key, the value's own for a list item) and the line its value starts on."""

    start: int
    end: int
    line: int
    value_line: int


class JsonLines(Mapping[Path_, int]):
    """Line numbers of a JSON document, worked out only when a problem (or a SARIF log) needs one.

    JSON has no line information once parsed; finding it means reading the text again, which a valid file never
    has to pay for. The first question maps, in one pass, where each top-level value and each item of a top-level
    list stands (:func:`json_outline`); a place deeper than that is found by scanning only the value it lies in.
    So the lines of every element of a file of any size cost one pass over it, not one per element.

    It iterates over the places of that outline; deeper places are found when asked for.
    """

    def __init__(self, text: str):
        self._text = text
        self._outline: dict[Path_, Span] | None = None
        self._lines: dict[Path_, int] = {}
        self._scanned: set[Path_] = set()

    def _spans(self) -> dict[Path_, Span]:
        if self._outline is None:
            self._outline = json_outline(self._text)
        return self._outline

    def __getitem__(self, path: Path_) -> int:
        spans = self._spans()
        if path in spans:
            return spans[path].line
        if path not in self._lines and path not in self._scanned:
            self._scanned.update(path[:end] for end in range(len(path) + 1))
            self._lines.update(self._scan(path, spans))
        return self._lines[path]

    def _scan(self, path: Path_, spans: dict[Path_, Span]) -> dict[Path_, int]:
        """Lines along `path`, scanning the value of the deepest place of the outline it lies in."""
        depth = next(end for end in range(min(len(path), 2), -1, -1) if path[:end] in spans)
        span = spans[path[:depth]]
        text = self._text[span.start : min(span.end, span.start + SCAN_LIMIT)]
        local = json_lines_along(text, path[depth:])
        return {(*path[:depth], *place): span.value_line + line - 1 for place, line in local.items() if place}

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._spans())

    def __len__(self) -> int:
        return len(self._spans())


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def json_outline(text: str) -> dict[Path_, Span]:
    """Where the document, each of its top-level values and each item of a top-level list stands, in one pass.

    Values are stepped over by the json module's decoder; a text that is not a JSON object gives the document
    alone, and one that breaks off gives what was read before the break.

    >>> outline = json_outline('{"units": [\\n {"id": "a"},\\n {"id": "b"}],\\n "name": "X"}')
    >>> [(place, span.line) for place, span in outline.items()]
    [((), 1), (('units',), 1), (('units', 0), 2), (('units', 1), 3), (('name',), 4)]
    """
    counter = _LineCounter(text)
    position = _SPACE.match(text).end()  # type: ignore[union-attr]
    outline: dict[Path_, Span] = {(): Span(position, len(text), counter.at(position), counter.at(position))}
    if not text.startswith("{", position):
        return outline
    with contextlib.suppress(ValueError, IndexError, RecursionError):  # nesting deeper than json allows: partial
        position = _after(text, position, "{")
        while text[position] != "}":
            key_line = counter.at(position)
            key, position = _DECODER.raw_decode(text, position)
            position = _after(text, position, ":")
            value_start, value_line = position, counter.at(position)
            if text[position] == "[":
                items, position = _items(text, position, (key,), counter)
            else:
                items, (_, position) = {}, _DECODER.raw_decode(text, position)
            if (key,) in outline:  # a key given twice: the last value counts, as the parser keeps it
                outline = {place: span for place, span in outline.items() if place[:1] != (key,)}
            outline[(key,)] = Span(value_start, position, key_line, value_line)
            outline.update(items)
            position = _next(text, position)
    return outline


def _items(text: str, position: int, path: Path_, counter: _LineCounter) -> tuple[dict[Path_, Span], int]:
    """Where each item of the list that starts at `position` stands, and the position after the list."""
    items: dict[Path_, Span] = {}
    position = _after(text, position, "[")
    decode, space = _DECODER.raw_decode, _SPACE.match
    while text[position] != "]":
        start = position
        _, position = decode(text, position)
        line = counter.at(start)
        items[(*path, len(items))] = Span(start, position, line, line)
        position = space(text, position).end()  # type: ignore[union-attr]
        if text[position] == ",":
            position = space(text, position + 1).end()  # type: ignore[union-attr]
    return items, position + 1


def _next(text: str, position: int) -> int:
    """The position of the next element after one that ends at `position`: past a comma if there is one."""
    position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
    return _after(text, position, ",") if text.startswith(",", position) else position


def _after(text: str, position: int, mark: str) -> int:
    """The position of what follows `mark` (and the spaces after it), which must stand at `position` or after
    spaces; a ValueError otherwise."""
    position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
    if not text.startswith(mark, position):
        raise ValueError(f"expected {mark!r} at {position}")
    return _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]


class _LineCounter:
    """The line of positions asked for in increasing order, counting each newline once."""

    def __init__(self, text: str):
        self._text = text
        self._line, self._counted = 1, 0

    def at(self, position: int) -> int:
        self._line += self._text.count("\n", self._counted, position)
        self._counted = position
        return self._line


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]')
_NON_SPACE = re.compile(r"\S")


def json_lines_along(text: str, path: Path_) -> dict[Path_, int]:
    """The line of each place along `path` that a JSON text has, found by scanning its tokens.

    The scan stops once `path` is found, or once it leaves the deepest place found so far.

    >>> json_lines_along('{"units": [\\n {"id": "a"},\\n {"id": "b",\\n  "name": "B"}]}', ("units", 1, "name"))
    {(): 1, ('units',): 1, ('units', 1): 3, ('units', 1, 'name'): 4}
    >>> json_lines_along('{"units": [\\n {"id": "a"}\\n]}', ("units", 0, "parent"))
    {(): 1, ('units',): 1, ('units', 0): 2}
    """
    found: dict[Path_, int] = {(): 1}
    frames: list[list[Any]] = []  # per open container: [is_array, its current key or index]
    line, counted = 1, 0

    def line_at(position: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, position)
        counted = position
        return line

    def reached(position: int) -> bool:
        here = tuple(frame[1] for frame in frames)
        if path[: len(here)] == here:
            found[here] = line_at(position)
        return here == path

    def next_element(after: int) -> bool:
        start = _NON_SPACE.search(text, after)
        return start is not None and start.group() != "]" and reached(start.start())

    expecting_key = False
    for token in _JSON_TOKEN.finditer(text):
        mark = token.group()
        if mark[0] == '"':
            if expecting_key:
                frames[-1][1] = json.loads(mark)
                expecting_key = False
                if reached(token.start()):
                    return found
        elif mark == "{":
            frames.append([False, None])
            expecting_key = True
        elif mark == "[":
            frames.append([True, 0])
            if next_element(token.end()):
                return found
        elif mark == ",":
            if frames[-1][0]:
                frames[-1][1] += 1
                if next_element(token.end()):
                    return found
            else:
                expecting_key = True
        elif mark in "]}":
            frames.pop()
            if len(frames) <= max(map(len, found)):
                return found  # left the deepest place found: the rest of the path is not in the file
    return found


class TooLargeError(ValueError):
    """YAML aliases repeat far more values than the document writes out (an alias bomb)."""


def line_map(node: yaml.Node | None) -> tuple[dict[Path_, int], list[tuple[Path_, str, int]]]:
    """Map each path in the document to its 1-based line, and list keys given twice.

    Aliases are walked where they are used; a document whose aliases repeat more than
    MAX_ALIAS_EXPANSION values (an alias bomb) raises :class:`TooLargeError`.
    """
    lines: dict[Path_, int] = {}
    duplicates: list[tuple[Path_, str, int]] = []
    distinct: set[int] = set()

    def walk(current: yaml.Node, path: Path_) -> None:
        distinct.add(id(current))
        if len(lines) - len(distinct) > MAX_ALIAS_EXPANSION:
            raise TooLargeError(f"YAML aliases repeat more than {MAX_ALIAS_EXPANSION:,} values; write them out")
        lines[path] = current.start_mark.line + 1
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                key = str(key_node.value)
                if key in seen:
                    duplicates.append((path, key, key_node.start_mark.line + 1))
                seen.add(key)
                walk(value_node, (*path, key))
                lines[(*path, key)] = key_node.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                walk(item, (*path, index))

    if node is not None:
        walk(node, ())
    return lines, duplicates


def place_of(path: Iterable[str | int]) -> str:
    """Write a path as the user reads it.

    >>> place_of(("positions", 2, "reports_to"))
    'positions[2].reports_to'
    """
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class Cells(Mapping[Path_, int]):
    """Where each place of an organisation read from a workbook stands: a sheet and a cell, not a line.

    It is given where line numbers are (it holds none), so that every check reports a problem at the cell to fix.

    >>> cells = Cells({("channels", 0): "sheet Channels, row 2", ("channels", 0, "owner"): "sheet Channels, cell D2"})
    >>> located(cells, ("channels", 0, "owner")), located(cells, ("channels", 0, "kind")), located(cells, ("units", 3))
    ((None, 'sheet Channels, cell D2'), (None, 'sheet Channels, row 2'), (None, 'units[3]'))
    """

    def __init__(self, cells: Mapping[Path_, str]):
        self.cells = cells

    def place(self, path: Path_) -> str:
        """The cell of a path, or of the nearest enclosing one that has a cell; else the path itself."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.cells:
                return self.cells[path[:end]]
        return place_of(path)

    def __getitem__(self, path: Path_) -> int:
        raise KeyError(path)

    def __iter__(self) -> Iterator[Path_]:
        return iter(())

    def __len__(self) -> int:
        return 0


def located(lines: Mapping[Path_, int], path: Path_) -> tuple[int | None, str]:
    """The line and the place a problem at `path` is reported at: the line of a file and `positions[2].unit`, or,
    for a workbook's :class:`Cells`, no line and the sheet and cell.

    >>> located({("positions",): 4, ("positions", 2): 7}, ("positions", 2, "unit"))
    (7, 'positions[2].unit')
    """
    if isinstance(lines, Cells):
        return None, lines.place(path)
    return line_of(lines, path), place_of(path)


def line_of(lines: Mapping[Path_, int], path: Path_) -> int | None:
    """The line of a path, or of the nearest enclosing one that has a line."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def item_ids(raw: Any, path: Path_) -> tuple[str, ...]:
    """The id of the list item a path points into, if it has one."""
    if len(path) >= 2 and isinstance(path[1], int) and isinstance(raw.get(path[0]), list):
        items = raw[path[0]]
        if path[1] < len(items) and isinstance(items[path[1]], dict) and isinstance(items[path[1]].get("id"), str):
            return (items[path[1]]["id"],)
    return ()
