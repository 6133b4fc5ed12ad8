"""Read an org file (YAML or JSON), validate it, and report every problem in one pass.

The loader keeps the line of every key so that a problem found by pydantic or by the
reference checks points at the line the user has to fix.
"""

from __future__ import annotations

import contextlib
import functools
import json
import operator
import os
import re
import stat
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import BaseModel, ValidationError

from orgdiag.model import (
    SECTIONS,
    Organisation,
    OrgFile,
)
from orgdiag.model.bulk import PerObject, collector_paused, forget_worked_out
from orgdiag.model.yaml_loader import OrgYamlLoader
from orgdiag.orgfile.json_keys import duplicate_keys
from orgdiag.orgfile.lines import JsonLines, Path_, TooLargeError, item_ids, line_map, located, place_of
from orgdiag.orgfile.references import Kept, check_references
from orgdiag.problems import InputError, Problem, clipped, did_you_mean, expected


def load(source: str | os.PathLike[str] | Mapping[str, Any], name: str = "<dict>") -> OrgFile:
    """An organisation from an org file (YAML or JSON, by its path) or from its data as a mapping (what
    ``json.load`` or ``yaml.safe_load`` give, or a dict built in code, ``name`` naming it in problems): validated
    on every route alike (types, duplicate ids, references, loops); raise :class:`InputError` with every problem.

    >>> load({"organisation": {"name": "X"}, "positions": [{"id": "a", "title": "A", "reports_to": "b"}]})
    Traceback (most recent call last):
    ...
    orgdiag.problems.InputError: <dict>: positions[0].reports_to 'a': 'b' is not a position id
    """
    if isinstance(source, Mapping):
        return load_dict(source, name)
    expected(source, (str, os.PathLike), "orgdiag.load", "source", "an org file's path or its data as a mapping")
    return load_org(source)


def load_dict(data: Mapping[str, Any], name: str = "<dict>") -> OrgFile:
    """Validate an org file's data held as a mapping, as :func:`load_org` validates a file."""
    if not isinstance(data, Mapping):
        raise InputError([Problem(name, None, "", "an organisation is a mapping with the key 'organisation'")])
    return validate_org(dict(data), name, {})


def load_org(path: str | os.PathLike[str]) -> OrgFile:
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
    _CHECKED.keep(org, contents(org))
    return org


#: The organisations this process has checked (types, ids, references, loops), each with its :func:`contents` when
#: checked. An organisation built another way (``OrgFile.model_validate``, ``model_copy``), or changed since
#: (an item appended to its positions), is checked by :func:`checked` before the pipeline walks it: a reporting
#: loop would otherwise never end, and a duplicate id or a dangling reference fail deep inside or be diagnosed.
_CHECKED: PerObject[int] = PerObject()


def contents(org: OrgFile) -> int:
    """A digest of what a host can change in an organisation once it is read: its models are frozen, but its lists
    are Python lists. The items of each section by identity, and each item's lists (a position's `owns`, a unit's
    unplaced staff) by value; any change to them gives another digest.

    >>> org = load_dict({"organisation": {"name": "X"}, "positions": [{"id": "a", "title": "A"}]})
    >>> before = contents(org)
    >>> org.positions[0].owns.append("web")
    >>> contents(org) == before
    False
    """
    parts: list[object] = []
    for section in SECTIONS:
        items = getattr(org, section)
        parts.append(tuple(map(id, items)))
        model = OrgFile.model_fields[section].annotation
        for name, of_text in _list_fields(typing.get_args(model)[0]):
            lists = map(operator.attrgetter(name), items)
            parts.append(tuple(map(tuple, lists)) if of_text else tuple(tuple(map(id, each)) for each in lists))
    return hash(tuple(parts))


@functools.cache
def _list_fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The fields of a model whose values are lists (the only parts of a read organisation that can change), each
    with whether it is a list of texts (else of models, compared by identity)."""
    return tuple(
        (name, typing.get_args(field.annotation) == (str,))
        for name, field in model.model_fields.items()
        if typing.get_origin(field.annotation) is list
    )


def checked(org: OrgFile, name: str = "<organisation>") -> OrgFile:
    """`org` itself, once its ids, references and loops are known to hold; :class:`InputError` naming each
    problem otherwise. Free for an organisation the loaders made; otherwise it is checked once.

    >>> bad = OrgFile.model_validate({"organisation": {"name": "X"}, "positions": [
    ...     {"id": "a", "title": "A", "reports_to": "b"}, {"id": "b", "title": "B", "reports_to": "a"}]})
    >>> checked(bad)
    Traceback (most recent call last):
    ...
    orgdiag.problems.InputError: <organisation>: positions[0].reports_to 'a': the reporting lines loop: a -> b -> a
    """
    expected(org, OrgFile, "orgdiag.checked", "org", "an OrgFile (orgdiag.load reads one from a path or a mapping)")
    digest = contents(org)
    before = _CHECKED.get(org)
    if before == digest:
        return org
    if before is not None:  # checked once, changed since: what was worked out from it no longer holds
        forget_worked_out(org)
    raw = org.model_dump(exclude_defaults=True)
    kept = {section: list(range(len(getattr(org, section)))) for section in SECTIONS}
    problems = check_references(org, raw, kept, name, {})
    if problems:
        raise InputError(problems)
    _CHECKED.keep(org, digest)
    return org


def read_text(path: str | os.PathLike[str], error: type[InputError] = InputError) -> str:
    """A file's text (UTF-8, a byte-order mark dropped); a missing or unreadable file, or one that is not a regular
    file (a folder, a pipe that would block, a device), is `error` (:class:`InputError` or a kind of it)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise error([Problem(str(path), None, "", "is not a regular file")])
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise error([Problem(str(path), None, "", "no such file")]) from None
    except OSError as failure:
        raise error([Problem(str(path), None, "", f"cannot be read: {failure.strerror or failure}")]) from None
    return utf8_text(data, str(path), error)


def utf8_text(data: bytes, name: str, error: type[InputError] = InputError) -> str:
    """Bytes read from `name` (a file, or standard input) as UTF-8 text, a byte-order mark dropped; bytes that are
    not UTF-8 are `error` at their line.

    >>> utf8_text(b"\\xef\\xbb\\xbforganisation: {}", "org.yaml")
    'organisation: {}'
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as decoding:
        line = data[: decoding.start].count(b"\n") + 1
        message = f"is not UTF-8 text ({decoding.reason} at byte {decoding.start:,}): save it as UTF-8"
        raise error([Problem(name, line, "", message)]) from None


#: An org file's top-level key, at the start of a line of YAML or as a JSON object's key: what tells an org file
#: that does not parse from another file.
_ORGANISATION_KEY = re.compile(r"""^["']?organisation["']?[ \t]*:|"organisation"\s*:\s*\{""", re.M)


def is_org_file(path: str | os.PathLike[str]) -> bool:
    """Whether a YAML or JSON file is an org file: a mapping with the key 'organisation' (and no 'findings', as
    orgdiag's findings documents and baselines have); one that does not parse is an org file if such a key
    starts one of its lines. A file that cannot be read is :class:`InputError`.

    >>> is_org_file("fixtures/demo/nordvik-sport.yaml"), is_org_file(".pre-commit-hooks.yaml")
    (True, False)
    """
    text = read_text(path)
    try:
        data = orjson.loads(text) if str(path).lower().endswith(".json") else yaml.load(text, OrgYamlLoader)
    except (orjson.JSONDecodeError, yaml.YAMLError):
        return _ORGANISATION_KEY.search(text) is not None
    return isinstance(data, dict) and "organisation" in data and "findings" not in data


def element_lines(path: str | os.PathLike[str]) -> dict[str, int]:
    """The line of an org file that declares each element with an id (unit, position, channel, agency, KPI…).

    >>> element_lines("fixtures/demo/nordvik-sport.yaml")["marknad"]
    12
    """
    found: dict[str, int] = {}
    with collector_paused():  # a JSON file's lines are found by decoding each element again: many new objects
        raw, lines = read_with_lines(path)
        for section in SECTIONS:
            items = raw.get(section) if isinstance(raw, dict) else None
            for index, item in enumerate(items if isinstance(items, list) else []):
                line = lines.get((section, index))
                if isinstance(item, dict) and isinstance(item.get("id"), str) and line is not None:
                    found.setdefault(item["id"], line)
    return found


def read_with_lines(
    path: str | os.PathLike[str], error: type[InputError] = InputError
) -> tuple[Any, Mapping[Path_, int]]:
    """A YAML (or, by its name, JSON) file read as every orgdiag input is (an overlay, a column map, a profile, a
    rule file): a regular file, UTF-8, safe YAML with YAML 1.2 booleans, no key twice in a mapping; with the line
    of every key. Any problem is `error` (:class:`InputError` or a kind of it), located."""
    raw, lines, problems = _parse(read_text(path, error), str(path))
    if problems:
        raise error(problems)
    return raw, lines


def problems_of(error: ValidationError, filename: str, lines: Mapping[Path_, int]) -> list[Problem]:
    """A pydantic validation error of any model read from a file, as problems at their lines."""
    problems = []
    for item in error.errors():
        path: Path_ = tuple(item["loc"])
        message = f"unknown key '{path[-1]}'" if item["type"] == "extra_forbidden" else _said(item["msg"])
        problems.append(Problem(filename, *located(lines, path), message))
    return problems


def _parse(text: str, filename: str) -> tuple[Any, Mapping[Path_, int], list[Problem]]:
    if filename.lower().endswith(".json"):
        try:
            raw = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            return None, {}, [Problem(filename, error.lineno, "", f"invalid JSON: {error.msg} (column {error.colno})")]
        return (
            raw,
            JsonLines(text),
            [_given_twice(filename, *duplicate) for duplicate in duplicate_keys(text, raw)],
        )
    loader = OrgYamlLoader(text)
    try:
        node = loader.get_single_node()
        lines, duplicates = line_map(node)
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
    return raw, lines, [_given_twice(filename, path, key, line) for path, key, line in duplicates]


def _given_twice(filename: str, path: Path_, key: str, line: int) -> Problem:
    return Problem(
        filename,
        line,
        place_of(path),
        f"key '{key}' appears twice in the same mapping; the first would be lost",
        (key,),
    )


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
    ids = item_ids(raw, path)
    if error["type"] == "extra_forbidden":
        key = str(path[-1])
        known = _known_keys(path[:-1])
        hint = did_you_mean(key, known)
        message = f"unknown key '{key}'{hint}"
    elif error["type"] == "missing":
        message = f"'{path[-1]}' is required"
    else:
        message = _said(error["msg"])
        message = message[0].lower() + message[1:]
        if error["type"] not in ("model_type", "dict_type"):
            message += f" (got {clipped(json.dumps(error.get('input'), ensure_ascii=False, default=str), 80)})"
    label = f" '{clipped(ids[0])}'" if ids else ""
    line, place = located(lines, path)
    return Problem(filename, line, place + label, message, ids)


def _said(message: str) -> str:
    """A pydantic message without the "Value error, " its own validators' messages start with."""
    return message.removeprefix("Value error, ")


def _known_keys(path: Path_) -> list[str]:
    if not path:
        return list(OrgFile.model_fields)
    if path[0] in SECTIONS and len(path) == 2:
        return list(SECTIONS[str(path[0])].model_fields)
    if path == ("organisation",):
        return list(Organisation.model_fields)
    return []
