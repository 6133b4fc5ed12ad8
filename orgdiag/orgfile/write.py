"""Write an organisation as an org file: flow YAML a person can read and edit, or JSON for large ones."""

from __future__ import annotations

import json
import re
from typing import Any

import orjson
from pydantic import BaseModel

from orgdiag.model import EVIDENCE_SECTIONS, SECTIONS, OrgFile


def dump_org(org: OrgFile, comment: str = "") -> str:
    """The organisation as org-file YAML: one line per item, only the keys that differ from their defaults,
    sections in the file format's order (a section of evidence given as an explicit empty list, surveyed and found
    empty, stays one); ``comment`` (lines) goes at the top. Loading it gives the same organisation.

    >>> from orgdiag.orgfile import parse_org
    >>> print(dump_org(parse_org("organisation: {name: X}\\nunits: [{id: hq, name: HQ}]\\nlinks: []")), end="")
    organisation: {name: X}
    units:
      - {id: hq, name: HQ}
    links: []
    """
    lines = [f"# {line.translate(_COMMENT_ESCAPES)}" if line else "#" for line in comment.splitlines()]
    lines.append(f"organisation: {_flow(org.organisation.model_dump(mode='json', exclude_defaults=True))}")
    for section in SECTIONS:
        items = getattr(org, section)
        if items:
            lines.append(f"{section}:")
            lines += [f"  - {_flow(item.model_dump(mode='json', exclude_defaults=True))}" for item in items]
        elif _surveyed_empty(org, section):
            lines.append(f"{section}: []")
    return "\n".join(lines) + "\n"


def _surveyed_empty(org: OrgFile, section: str) -> bool:
    """A section of evidence the organisation gives as an explicit empty list: surveyed, none found."""
    return section in EVIDENCE_SECTIONS and section in org.model_fields_set and not getattr(org, section)


def dump_org_json(org: OrgFile) -> str:
    """The organisation as org-file JSON, one element per line: for large organisations (YAML is slow to read
    at that size), and each element on its own line for grep and for problems' line numbers. It is YAML too (as
    standard input is read): the characters YAML refuses or reads as line breaks are escaped.

    >>> from orgdiag.orgfile import parse_org
    >>> print(dump_org_json(parse_org('{"organisation": {"name": "X\\u007f"}}', "x.json")), end="")
    {"organisation": {"name":"X\\u007f"}}
    """
    parts = [f'{{"organisation": {_json(org.organisation)}']
    for section in SECTIONS:
        items = getattr(org, section)
        if items:
            body = ",\n".join(_json(item) for item in items)
            parts.append(f'"{section}": [\n{body}\n]')
        elif _surveyed_empty(org, section):
            parts.append(f'"{section}": []')
    return ",\n".join(parts) + "}\n"


def _json(item: BaseModel) -> str:
    """An item as JSON on one line, only the keys that differ from their defaults, the characters YAML refuses or
    reads as line breaks escaped (orjson escapes none above U+001F)."""
    text = orjson.dumps(item.model_dump(mode="json", exclude_defaults=True)).decode()
    return _NOT_YAML.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


#: A string YAML reads back as the same string without quotes, in a flow mapping: it starts with a letter,
#: holds no flow indicator (``,[]{}``), colon or ``#``, and does not end in a space.
_PLAIN = re.compile(r"[^\W\d_](?:[\w .\-/()&+']*[\w.)'])?")
#: Characters JSON leaves as they are that a YAML reader refuses (DEL, the C1 controls, the byte-order mark and the
#: non-characters U+FFFE and U+FFFF) or reads as a line break (U+0085, U+2028, U+2029: folded away inside quotes),
#: and how a double-quoted YAML string escapes each.
_YAML_ESCAPES = {
    code: f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    for code in (*range(0x7F, 0xA0), 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
}
_NOT_YAML = re.compile(f"[{''.join(map(chr, _YAML_ESCAPES))}]")
#: A comment is not unescaped when read, but must be printable too: the controls above and those JSON escapes
#: (all of U+0000 to U+001F but the tab) written as escapes.
_COMMENT_ESCAPES = _YAML_ESCAPES | {code: f"\\x{code:02x}" for code in range(0x20) if code != ord("\t")}
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
    return json.dumps(value, ensure_ascii=False).translate(_YAML_ESCAPES)
