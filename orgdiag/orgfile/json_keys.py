"""Keys given twice in one JSON object. JSON parsers keep the last and say nothing, so a position whose
``title`` is written twice, or an org file with two ``positions`` lists, would lose the first without a word (YAML
files are checked as they are read: :func:`orgdiag.orgfile.lines.line_map`).

Looking costs almost nothing when no key is given twice: the parsed document, written again, has as many keys
as the text; only when it has fewer (or the text writes quotes, colons or spaces as ``\\u`` escapes, which
can hide the difference) is the text walked to find which keys, and where.

>>> duplicate_keys('{"a": 1, "b": {"c": 2, "c": 3}}', {"a": 1, "b": {"c": 3}})
[(('b',), 'c', 1)]
>>> duplicate_keys('{"a": 1}', {"a": 1})
[]
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from orgdiag.orgfile.lines import Path_

#: A string followed by spaces and a colon: a key (outside strings, JSON has no quotes, and inside them a quote is
#: escaped); keys written without the spaces are counted as they are, faster.
_SPACED_KEY_END = re.compile(rb'"\s+:')
#: Escapes that, written out again, can make or unmake the end of a key inside a string value.
_HIDING_ESCAPES = re.compile(rb"\\u00(?:22|20|09|0[aAdD]|3[aA])")
#: The tokens that give a JSON document its shape: strings (whole, so that nothing inside them counts) and
#: punctuation.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]')


def duplicate_keys(text: str | bytes, parsed: Any) -> list[tuple[Path_, str, int]]:
    """Each key given twice in an object of the JSON `text` (which parsed to `parsed`): the place of the object,
    the key and the line of its second appearance."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    written = data.count(b'":') + len(_SPACED_KEY_END.findall(data))
    try:
        again = orjson.dumps(parsed).count(b'":')  # orjson writes no space before a colon
    except TypeError:  # nested deeper than orjson writes (it reads deeper): walk the text
        again = -1
    if written <= again and not _HIDING_ESCAPES.search(data):
        return []
    return _walk(data.decode("utf-8", errors="replace"))


def _walk(text: str) -> list[tuple[Path_, str, int]]:
    """The duplicates found by following the document's tokens: a stack of open objects (their keys so far) and
    arrays (their index)."""
    found: list[tuple[Path_, str, int]] = []
    stack: list[tuple[Path_, set[str] | None, list[int]]] = []
    pending: str | int | None = None
    line, last = 1, 0
    for token in _TOKENS.finditer(text):
        value = token.group()
        if value == "{" or value == "[":
            place = (*stack[-1][0], pending) if stack and pending is not None else stack[-1][0] if stack else ()
            stack.append((place, set() if value == "{" else None, [0]))
            pending = 0 if value == "[" else None
        elif value == "}" or value == "]":
            if stack:
                stack.pop()
            pending = None
        elif value == ",":
            if stack and stack[-1][1] is None:
                stack[-1][2][0] += 1
                pending = stack[-1][2][0]
        elif value.startswith('"') and stack and stack[-1][1] is not None and _is_key(text, token.end()):
            key = json.loads(value)
            line += text.count("\n", last, token.start())
            last = token.start()
            if key in stack[-1][1]:
                found.append((stack[-1][0], key, line))
            stack[-1][1].add(key)
            pending = key
    return found


def _is_key(text: str, end: int) -> bool:
    while end < len(text) and text[end] in " \t\r\n":
        end += 1
    return end < len(text) and text[end] == ":"
