"""Write an organisation as an org file: flow YAML a person can read and edit, or JSON for large ones."""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from orgdiag.model import (
    SECTIONS,
    OrgFile,
)


def dump_org(org: OrgFile, comment: str = "") -> str:
    """The organisation as org-file YAML: one line per item, only the keys that differ from their defaults,
    sections in the file format's order; ``comment`` (lines) goes at the top. Loading it gives the same
    organisation.

    >>> from orgdiag.orgfile import parse_org
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
