"""Where each key of a YAML or JSON file stands: the line a problem points at, and its place as `positions[2].unit`;
or, for what was read from a workbook, its sheet and cell (:class:`Cells`)."""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import yaml

from orgdiag.model.yaml_loader import OrgYamlLoader

Path_ = tuple[str | int, ...]

#: Above this size a JSON file is not parsed a second time for line numbers.
LINE_MAP_LIMIT = 5_000_000

#: How many values YAML aliases may add by repeating parts of a document, beyond the values written.
MAX_ALIAS_EXPANSION = 100_000


class JsonLines(Mapping[Path_, int]):
    """Line numbers of a JSON document, worked out only when a problem needs one.

    JSON has no line information once parsed; finding it means parsing again, which
    a valid file never has to pay for. A small file is mapped whole; in a large one
    each place asked for is found by a scan (:func:`json_lines_along`).
    """

    def __init__(self, text: str, raw: Any):
        self._text = text
        self._raw = raw
        self._lines: dict[Path_, int] | None = None
        self._scanned: set[Path_] = set()

    def _load(self) -> dict[Path_, int]:
        if self._lines is None:
            self._lines = {}
            if len(self._text) <= LINE_MAP_LIMIT:
                with contextlib.suppress(yaml.YAMLError, TooLargeError):
                    self._lines, _ = line_map(yaml.compose(self._text, Loader=OrgYamlLoader))
        return self._lines

    def __getitem__(self, path: Path_) -> int:
        lines = self._load()
        if len(self._text) > LINE_MAP_LIMIT and path not in lines and path not in self._scanned:
            self._scanned.update(path[:end] for end in range(len(path) + 1))
            lines.update(self._scan(path))
        return lines[path]

    def _scan(self, path: Path_) -> dict[Path_, int]:
        """Lines along `path`: from the item's id where it is unique in the text (a fast search), else by
        scanning the first :data:`SCAN_LIMIT` characters."""
        ids = item_ids(self._raw, path)
        if len(path) >= 2 and ids:
            found = _lines_in_item(self._text, path, ids[0])
            if found:
                return found
        return json_lines_along(self._text[:SCAN_LIMIT], path)

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]')
_NON_SPACE = re.compile(r"\S")


#: How much of a large JSON file is scanned token by token for a line number (about two seconds' worth).
SCAN_LIMIT = 20_000_000


def _lines_in_item(text: str, path: Path_, item_id: str) -> dict[Path_, int]:
    """Lines along `path` inside the item whose id it names, found by searching for that id.

    Only where the id occurs once as an ``"id"`` key, and only if a scan from the brace
    before it meets that very key: otherwise nothing.
    """
    value = "|".join(re.escape(json.dumps(item_id, ensure_ascii=ascii)) for ascii in (False, True))
    anchors = list(itertools.islice(re.finditer(rf'"id"\s*:\s*(?:{value})', text), 2))
    brace = text.rfind("{", 0, anchors[0].start()) if len(anchors) == 1 else -1
    if brace < 0:
        return {}
    before = text.count("\n", 0, brace)
    local = json_lines_along(text[brace : brace + SCAN_LIMIT], ("id", *path[2:]))
    if local.get(("id",)) != text.count("\n", 0, anchors[0].start()) - before + 1:
        return {}
    return {(*path[:2], *place): before + line for place, line in local.items()}


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
