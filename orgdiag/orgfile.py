"""Read an org file (YAML or JSON), validate it, and report every problem in one pass.

The loader keeps the line of every key so that a problem found by pydantic or by the
reference checks points at the line the user has to fix.
"""

from __future__ import annotations

import contextlib
import difflib
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import BaseModel, ValidationError

from orgdiag.bulk import collector_paused
from orgdiag.model import (
    CHANNEL_KINDS,
    MARCOM,
    RESPONSIBILITIES,
    Agency,
    Approval,
    Budget,
    Channel,
    Experiment,
    Kpi,
    Link,
    Organisation,
    OrgFile,
    Position,
    Unit,
    split_ref,
)
from orgdiag.problems import InputError, Problem

Path_ = tuple[str | int, ...]

#: The lists of the org file and the model of their items.
SECTIONS: dict[str, type[BaseModel]] = {
    "units": Unit,
    "positions": Position,
    "channels": Channel,
    "agencies": Agency,
    "kpis": Kpi,
    "budgets": Budget,
    "approvals": Approval,
    "experiments": Experiment,
    "links": Link,
}

#: The sections whose items can hold responsibilities, KPIs, budgets and experiments.
HOLDERS = ("positions", "units", "agencies")

#: Above this size a JSON file is not parsed a second time for line numbers.
LINE_MAP_LIMIT = 5_000_000

#: How many values YAML aliases may add by repeating parts of a document, beyond the values written.
MAX_ALIAS_EXPANSION = 100_000


class OrgYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML (libyaml's parser where installed) with YAML 1.2 booleans: only true/false are
    booleans, so `countries: [SE, NO]` keeps Norway."""


OrgYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
OrgYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_org(path: str | Path) -> OrgFile:
    """Load and validate an org file; raise :class:`InputError` with every problem found.

    >>> load_org("fixtures/demo/nordvik-sport.yaml").organisation.name
    'Nordvik Sport AB'
    """
    return parse_org(read_text(path), str(path))


def parse_org(text: str, filename: str = "<org>") -> OrgFile:
    """Parse org-file text, YAML or JSON by its name (JSON is also valid YAML)."""
    with collector_paused():
        return _parse_org(text, filename)


def _parse_org(text: str, filename: str) -> OrgFile:
    raw, lines, problems = _parse(text, filename)
    if not isinstance(raw, dict):
        raise InputError(
            problems or [Problem(filename, 1, "", "the file must be a mapping with the key 'organisation'")]
        )
    return validate_org(raw, filename, lines, problems)


def validate_org(
    raw: dict[str, Any], filename: str, lines: Mapping[Path_, int], problems: list[Problem] | None = None
) -> OrgFile:
    """Validate an org file's data (types, then references); raise :class:`InputError` with every problem,
    each at the line ``lines`` gives for its place."""
    problems = list(problems or [])
    org, type_problems, kept = _validate(raw, filename, lines)
    problems += type_problems
    problems += check_references(org, raw, kept, filename, lines)
    if problems:
        raise InputError(problems)
    return org


def read_text(path: str | Path) -> str:
    """A file's text (UTF-8, a byte-order mark dropped); a missing or unreadable file is :class:`InputError`."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(str(path), None, "", f"cannot be read: {error}")]) from None


def read_with_lines(path: str | Path) -> tuple[Any, Mapping[Path_, int]]:
    """A YAML or JSON file of the org file's family (an overlay, a column map), with the line of every key;
    :class:`InputError` if it cannot be read or parsed."""
    raw, lines, problems = _parse(read_text(path), str(path))
    if problems:
        raise InputError(problems)
    return raw, lines


def problems_of(error: ValidationError, filename: str, lines: Mapping[Path_, int]) -> list[Problem]:
    """A pydantic validation error of any model read from a file, as problems at their lines."""
    problems = []
    for item in error.errors():
        path: Path_ = tuple(item["loc"])
        message = f"unknown key '{path[-1]}'" if item["type"] == "extra_forbidden" else item["msg"]
        problems.append(Problem(filename, line_of(lines, path), place_of(path), message))
    return problems


class _JsonLines(Mapping[Path_, int]):
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
                    self._lines, _ = _line_map(yaml.compose(self._text, Loader=OrgYamlLoader))
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
        ids = _item_ids(self._raw, path)
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


def _parse(text: str, filename: str) -> tuple[Any, Mapping[Path_, int], list[Problem]]:
    if filename.lower().endswith(".json"):
        try:
            raw = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            return None, {}, [Problem(filename, error.lineno, "", f"invalid JSON: {error.msg} (column {error.colno})")]
        return raw, _JsonLines(text, raw), []
    loader = OrgYamlLoader(text)
    try:
        node = loader.get_single_node()
        lines, duplicates = _line_map(node)
        raw = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(error, "problem", None) or str(error)
        return None, {}, [Problem(filename, line, "", f"invalid YAML: {reason}")]
    except TooLargeError as error:
        return None, {}, [Problem(filename, None, "", str(error))]
    finally:
        loader.dispose()
    problems = [
        Problem(
            filename,
            line,
            place_of(path),
            f"key '{key}' appears twice in the same mapping; the first would be lost",
            (key,),
        )
        for path, key, line in duplicates
    ]
    return raw, lines, problems


class TooLargeError(ValueError):
    """YAML aliases repeat far more values than the document writes out (an alias bomb)."""


def _line_map(node: yaml.Node | None) -> tuple[dict[Path_, int], list[tuple[Path_, str, int]]]:
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


def line_of(lines: Mapping[Path_, int], path: Path_) -> int | None:
    """The line of a path, or of the nearest enclosing one that has a line."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _item_ids(raw: Any, path: Path_) -> tuple[str, ...]:
    """The id of the list item a path points into, if it has one."""
    if len(path) >= 2 and isinstance(path[1], int) and isinstance(raw.get(path[0]), list):
        items = raw[path[0]]
        if path[1] < len(items) and isinstance(items[path[1]], dict) and isinstance(items[path[1]].get("id"), str):
            return (items[path[1]]["id"],)
    return ()


Kept = dict[str, list[int]]


def _validate(raw: dict[str, Any], filename: str, lines: Mapping[Path_, int]) -> tuple[OrgFile, list[Problem], Kept]:
    """Validate with pydantic; on failure keep the items that are valid so the reference checks still run.

    Also returns, per section, the place in the file of each item kept.
    """
    try:
        org = OrgFile.model_validate(raw)
        return org, [], {section: list(range(len(getattr(org, section)))) for section in SECTIONS}
    except ValidationError as error:
        problems = [_problem_from_error(item, raw, filename, lines) for item in error.errors()]
    partial: dict[str, Any] = {"organisation": {"name": "?"}}
    if isinstance(raw.get("organisation"), dict):
        with contextlib.suppress(ValidationError):
            partial["organisation"] = Organisation.model_validate(raw["organisation"])
    kept: Kept = {}
    for section, model in SECTIONS.items():
        items = raw.get(section)
        items = items if isinstance(items, list) else []
        kept[section] = [i for i, item in enumerate(items) if _is_valid(model, item)]
        partial[section] = [items[i] for i in kept[section]]
    return OrgFile.model_validate(partial), problems, kept


def _is_valid(model: type[BaseModel], item: Any) -> bool:
    try:
        model.model_validate(item)
    except ValidationError:
        return False
    return True


def _problem_from_error(error: Any, raw: dict[str, Any], filename: str, lines: Mapping[Path_, int]) -> Problem:
    path: Path_ = tuple(error["loc"])
    ids = _item_ids(raw, path)
    if error["type"] == "extra_forbidden":
        key = str(path[-1])
        known = _known_keys(path[:-1])
        hint = _did_you_mean(key, known)
        message = f"unknown key '{key}'{hint}"
    elif error["type"] == "missing":
        message = f"'{path[-1]}' is required"
    else:
        message = error["msg"][0].lower() + error["msg"][1:]
        if error["type"] not in ("model_type", "dict_type"):
            message += f" (got {json.dumps(error.get('input'), ensure_ascii=False, default=str)[:80]})"
    label = f" '{ids[0]}'" if ids else ""
    return Problem(filename, line_of(lines, path), place_of(path) + label, message, ids)


def _known_keys(path: Path_) -> list[str]:
    if not path:
        return list(OrgFile.model_fields)
    if path[0] in SECTIONS and len(path) == 2:
        return list(SECTIONS[str(path[0])].model_fields)
    if path == ("organisation",):
        return list(Organisation.model_fields)
    return []


#: Above this many candidates an unknown id gets no "did you mean" hint.
MAX_HINT_CANDIDATES = 5_000


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the nearest valid word, or nothing.

    >>> _did_you_mean("stratgy", ["strategy", "kpis"])
    " (did you mean 'strategy'?)"
    """
    pool = list(candidates)
    if len(pool) > MAX_HINT_CANDIDATES:  # difflib compares with each: too slow to be worth it on a huge file
        return ""
    match = difflib.get_close_matches(word, sorted(pool), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def check_references(
    org: OrgFile, raw: dict[str, Any], kept: Kept, filename: str, lines: Mapping[Path_, int]
) -> list[Problem]:
    """Every reference resolves, ids are unique, and neither the unit tree nor the reporting lines loop.

    Ids of items that failed type validation still count as existing, so that one
    wrong type does not also show up as a dozen unknown references.
    """
    checker = _ReferenceChecker(org, raw, kept, filename, lines)
    return checker.run()


class _ReferenceChecker:
    def __init__(self, org: OrgFile, raw: dict[str, Any], kept: Kept, filename: str, lines: Mapping[Path_, int]):
        self.org = org
        self.raw = raw
        self.kept = kept
        self.filename = filename
        self.lines = lines
        self.problems: list[Problem] = []
        self.ids = {section: self._raw_ids(section) for section in SECTIONS}
        #: every well-formed SCOPE/RESPONSIBILITY reference: the common case, checked in one set lookup
        self.valid_refs = {f"{scope}/{word}" for scope in (MARCOM, *self.ids["channels"]) for word in RESPONSIBILITIES}

    def _raw_ids(self, section: str) -> set[str]:
        items = self.raw.get(section)
        if not isinstance(items, list):
            return set()
        return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}

    def report(self, path: Path_, message: str, *ids: str) -> None:
        own = _item_ids(self.raw, path)
        label = f" '{own[0]}'" if own else ""
        self.problems.append(
            Problem(self.filename, line_of(self.lines, path), place_of(path) + label, message, (*own, *ids))
        )

    def run(self) -> list[Problem]:
        self.check_ids()
        self.check_units()
        self.check_positions()
        self.check_channels()
        self.check_agencies()
        for section in ("kpis", "budgets", "experiments"):
            self.check_channel_and_owner(section)
        self.check_approvals()
        self.check_links()
        self.check_loop("units", "parent", "the unit tree loops")
        self.check_loop("positions", "reports_to", "the reporting lines loop")
        return self.problems

    def indexed(self, section: str) -> list[tuple[int, Any]]:
        """The validated items of a section, each with its place in the file."""
        return list(zip(self.kept[section], getattr(self.org, section), strict=True))

    def check_ids(self) -> None:
        first_seen: dict[str, Path_] = {}
        for section in SECTIONS:
            items = self.raw.get(section)
            if not isinstance(items, list):
                continue
            ids = [item.get("id") if isinstance(item, dict) else None for item in items]
            for index, item_id in self._suspect_ids(ids, first_seen):
                self.check_id(item_id, (section, index, "id"), first_seen)
            first_seen.update(
                (item_id, (section, index, "id"))
                for index, item_id in enumerate(ids)
                if isinstance(item_id, str) and item_id not in first_seen
            )

    @staticmethod
    def _suspect_ids(ids: list[Any], first_seen: dict[str, Path_]) -> list[tuple[int, str]]:
        """Where an id may be wrong (empty, reserved, or seen before): most files have none, found in bulk."""
        text = [i for i in ids if isinstance(i, str)]
        unique = len(set(text)) == len(text) and first_seen.keys().isdisjoint(text)
        if unique and all(i.strip() and not i.startswith("#") and i != MARCOM for i in text):
            return []
        return [(index, item_id) for index, item_id in enumerate(ids) if isinstance(item_id, str)]

    def check_id(self, item_id: str, path: Path_, first_seen: dict[str, Path_]) -> None:
        if not item_id.strip():
            self.report(path, "the id is empty")
        elif item_id.startswith("#"):
            self.report(path, f"ids may not start with '#' (reserved for derived nodes): '{item_id}'", item_id)
        elif item_id == MARCOM:
            self.report(path, f"'{MARCOM}' is reserved for 'all channels' and cannot be an id", item_id)
        if item_id in first_seen:
            self.report(path, f"duplicate id '{item_id}', already used at {place_of(first_seen[item_id])}", item_id)
        else:
            first_seen[item_id] = path

    def expect(self, path: Path_, value: str | None, section: str, what: str) -> None:
        if value is None or value in self.ids[section]:
            return
        hint = _did_you_mean(value, self.ids[section] - set(_item_ids(self.raw, path)))
        self.report(path, f"'{value}' is not {what}{hint}", value)

    def expect_any(self, path: Path_, value: str, sections: tuple[str, ...], what: str) -> None:
        if any(value in self.ids[section] for section in sections):
            return
        known = set().union(*(self.ids[section] for section in sections))
        self.report(path, f"'{value}' is not {what}{_did_you_mean(value, known)}", value)

    def check_responsibilities(self, path: Path_, refs: list[str]) -> None:
        if not refs or self.valid_refs.issuperset(refs):
            return
        for index, ref in enumerate(refs):
            scope, word = split_ref(ref)
            where = (*path, index)
            if not scope:
                self.report(
                    where, f"'{ref}' must be SCOPE/RESPONSIBILITY, for example '{MARCOM}/{word or 'strategy'}'", ref
                )
                continue
            if scope != MARCOM and scope not in self.ids["channels"]:
                hint = _did_you_mean(scope, self.ids["channels"] | {MARCOM})
                self.report(where, f"scope '{scope}' in '{ref}' is neither a channel id nor '{MARCOM}'{hint}", scope)
            if word not in RESPONSIBILITIES:
                hint = _did_you_mean(word, RESPONSIBILITIES)
                self.report(where, f"unknown responsibility '{word}' in '{ref}'{hint}", word)

    def check_units(self) -> None:
        for index, unit in self.indexed("units"):
            self.expect(("units", index, "parent"), unit.parent, "units", "a unit id")
            self.check_responsibilities(("units", index, "owns"), unit.owns)
            self.check_responsibilities(("units", index, "decides"), unit.decides)
            self.check_channel_list(("units", index, "takes_part"), unit.takes_part)

    def check_positions(self) -> None:
        units, positions = self.ids["units"], self.ids["positions"]
        for index, position in self.indexed("positions"):
            if position.unit not in units:
                self.expect(("positions", index, "unit"), position.unit, "units", "a unit id")
            if position.reports_to is not None and position.reports_to not in positions:
                self.expect(("positions", index, "reports_to"), position.reports_to, "positions", "a position id")
            self.check_responsibilities(("positions", index, "owns"), position.owns)
            self.check_responsibilities(("positions", index, "decides"), position.decides)
            if position.takes_part:
                self.check_channel_list(("positions", index, "takes_part"), position.takes_part)
            if position.dotted_to:
                self.check_dotted_lines(index, position)

    def check_dotted_lines(self, index: int, position: Any) -> None:
        """Dotted-line managers exist, are not the position itself nor its solid-line manager, and are named once."""
        seen: set[str] = set()
        for number, manager in enumerate(position.dotted_to):
            path = ("positions", index, "dotted_to", number)
            if manager == position.id:
                self.report(path, f"'{manager}' has a dotted line to itself", manager)
            elif manager == position.reports_to:
                self.report(path, f"'{manager}' is already the solid-line manager (reports_to)", manager)
            elif manager in seen:
                self.report(path, f"'{manager}' is named twice", manager)
            else:
                self.expect(path, manager, "positions", "a position id")
            seen.add(manager)

    def check_channel_list(self, path: Path_, channels: list[str]) -> None:
        for number, channel in enumerate(channels):
            self.expect((*path, number), channel, "channels", "a channel id")

    def check_channels(self) -> None:
        for index, channel in self.indexed("channels"):
            self.expect(("channels", index, "owner"), channel.owner, "units", "a unit id")
            if channel.kind not in CHANNEL_KINDS:
                hint = _did_you_mean(channel.kind, CHANNEL_KINDS)
                self.report(("channels", index, "kind"), f"unknown channel kind '{channel.kind}'{hint}", channel.kind)

    def check_agencies(self) -> None:
        for index, agency in self.indexed("agencies"):
            self.expect(("agencies", index, "contracted_by"), agency.contracted_by, "units", "a unit id")
            self.expect(("agencies", index, "contact"), agency.contact, "positions", "a position id")
            for served, channel in enumerate(agency.serves):
                self.expect(("agencies", index, "serves", served), channel, "channels", "a channel id")
            self.check_responsibilities(("agencies", index, "owns"), agency.owns)
            self.check_responsibilities(("agencies", index, "decides"), agency.decides)

    def check_channel_and_owner(self, section: str) -> None:
        """KPIs, budgets and experiments: each names a channel, and an owner that is a position, unit or agency."""
        for index, item in self.indexed(section):
            self.expect((section, index, "channel"), item.channel, "channels", "a channel id")
            self.expect_any((section, index, "owner"), item.owner, HOLDERS, "a position, unit or agency id")

    def check_approvals(self) -> None:
        for index, approval in self.indexed("approvals"):
            self.expect(("approvals", index, "channel"), approval.channel, "channels", "a channel id")
            for step, approver in enumerate(approval.steps):
                self.expect(("approvals", index, "steps", step), approver, "positions", "a position id")

    def check_links(self) -> None:
        for index, link in self.indexed("links"):
            for end, endpoint in enumerate(link.between):
                self.expect_any(
                    ("links", index, "between", end),
                    endpoint,
                    ("units", "positions", "agencies"),
                    "a unit, position or agency id",
                )
            if link.between[0] == link.between[1]:
                self.report(("links", index, "between"), f"a link joins '{link.between[0]}' to itself", link.between[0])

    def check_loop(self, section: str, key: str, what: str) -> None:
        first_to_last = self.indexed(section)[::-1]  # so that the first of a duplicated id wins
        place = {item.id: index for index, item in first_to_last}
        parent_of: dict[str, str | None] = {item.id: getattr(item, key) for _, item in first_to_last}
        for cycle in find_cycles(parent_of):
            index = place[cycle[0]]
            chain = " -> ".join([*cycle, cycle[0]])
            self.report((section, index, key), f"{what}: {chain}", *cycle)


def find_cycles(parent_of: dict[str, str | None]) -> list[list[str]]:
    """Cycles in a graph where every node has at most one parent, each starting at its smallest id.

    >>> find_cycles({"a": "b", "b": "a", "c": "a", "d": "d"})
    [['a', 'b'], ['d']]
    """
    walked_from: dict[str, str] = {}  # each node: the start of the walk that first reached it
    cycles: list[list[str]] = []
    for start in parent_of:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent_of and node not in walked_from:
            walked_from[node] = start
            walk.append(node)
            node = parent_of[node]
        if node is not None and walked_from.get(node) == start:  # this walk came back onto itself
            cycle = walk[walk.index(node) :]
            smallest = cycle.index(min(cycle))
            cycles.append(cycle[smallest:] + cycle[:smallest])
    return sorted(cycles)


def dump_org(org: OrgFile, comment: str = "") -> str:
    """The organisation as org-file YAML: one line per item, only the keys that differ from their defaults,
    sections in the file format's order; ``comment`` (lines) goes at the top. Loading it gives the same
    organisation.

    >>> print(dump_org(parse_org("organisation: {name: X}\\nunits: [{id: hq, name: HQ}]")), end="")
    organisation: {name: X}
    units:
      - {id: hq, name: HQ}
    """
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()]
    lines.append(f"organisation: {_flow(org.organisation.model_dump(mode='json', exclude_defaults=True))}")
    for section in SECTIONS:
        items = getattr(org, section)
        if items:
            lines.append(f"{section}:")
            lines += [f"  - {_flow(item.model_dump(mode='json', exclude_defaults=True))}" for item in items]
    return "\n".join(lines) + "\n"


def dump_org_json(org: OrgFile) -> str:
    """The organisation as org-file JSON, one element per line: for large organisations (YAML is slow to read
    at that size), and each element on its own line for grep and for problems' line numbers."""
    dump = orjson.dumps
    parts = [f'{{"organisation": {dump(org.organisation.model_dump(mode="json", exclude_defaults=True)).decode()}']
    for section in SECTIONS:
        items = getattr(org, section)
        if items:
            body = ",\n".join(dump(item.model_dump(mode="json", exclude_defaults=True)).decode() for item in items)
            parts.append(f'"{section}": [\n{body}\n]')
    return ",\n".join(parts) + "}\n"


#: A string YAML reads back as the same string without quotes, in a flow mapping: it starts with a letter,
#: holds no flow indicator (``,[]{}``), colon or ``#``, and does not end in a space.
_PLAIN = re.compile(r"[^\W\d_](?:[\w .\-/()&+']*[\w.)'])?")
#: Characters YAML 1.1 reads as line breaks (folded away inside quotes) or refuses, which JSON leaves as they are.
_YAML_BREAKS = {0x85: "\\x85", 0x2028: "\\u2028", 0x2029: "\\u2029", 0xFEFF: "\\ufeff"}
#: Words some YAML readers take for booleans or null.
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null"})


def _flow(value: Any) -> str:
    """A value as YAML flow style on one line: a string plain where that reads back as the same string, else
    double-quoted as JSON writes it (valid YAML); numbers, booleans and null as JSON has them. Written by hand:
    PyYAML's emitter takes about half a millisecond per item, a minute for an import of 100,000 positions.

    >>> _flow({"id": "1001", "title": "Head of Web: EU", "vacant": True, "staff": [{"fte": 2.5}]})
    '{id: "1001", title: "Head of Web: EU", vacant: true, staff: [{fte: 2.5}]}'
    """
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(key)}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, str) and _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False).translate(_YAML_BREAKS)
