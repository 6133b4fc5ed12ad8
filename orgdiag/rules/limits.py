"""What the rules engine can take: the patterns (``$mt``, ``$imt``) and joins a rule may give it.

durable-rules compiles a pattern into an automaton in fixed-size C buffers, without checking them: a group nested
127 deep, or one character class of more than 4,096 code points, overwrites memory and the process dies (exit
139 or 134, no message), and some patterns (``(a*)*`` repeated) take minutes to compile. A rule's facts that no
equality joins compare every fact with every other: three such facts over 10,000 positions are 10^12 tuples
(2.5 GB, then MemoryError). So patterns are measured against those limits before they reach the engine, and
then compiled once in a child process that may crash or be stopped; and every fact of a rule is joined to
another.

>>> pattern_problem("(director|head) of (marketing|communications)") is None
True
>>> pattern_problem("(" * 127 + "a" + ")" * 127)
'nests groups 127 deep; the rules engine takes at most 100'
>>> unjoined_facts({"all": [{"u": {"t": "unit"}}, {"p": {"$and": [{"t": "position"}, {"unit": {"u": "ref"}}]}}]})
[]
>>> unjoined_facts({"all": [{"u": {"t": "unit"}}, {"p": {"t": "position"}}]})
['p']
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from typing import Any

from orgdiag.rules.conditions import PARAM_PREFIX

#: The pattern operators of durable-rules' conditions.
PATTERN_OPERATORS = ("$mt", "$imt")
#: The longest pattern: the engine's automaton has 4,096 states, about one per character of a plain pattern.
MAX_PATTERN_LENGTH = 4000
#: Groups nested deeper than 126 crash the engine; 100 leaves room for what the groups hold.
MAX_GROUP_DEPTH = 100
#: The code points one character class may span: the engine keeps a class's symbols in a 4,096-entry table.
MAX_CLASS_SIZE = 4000
#: Seconds a pattern may take to compile in the child process; the catalogue's take milliseconds.
COMPILE_SECONDS = 10.0

_PROBE = """
import json, sys
from orgdiag.rules.engine import RuleEngine
with RuleEngine({"probe": {"all": [{"m": {"$or": [{op: {"v": p}} for op, p in json.load(sys.stdin)]}}]}}):
    pass
"""


def patterns_in(node: Any) -> Iterator[tuple[str, Any]]:
    """Every pattern a condition gives the engine, with its operator: ``("$mt", "^Head of")``.

    >>> list(patterns_in({"$and": [{"t": "position"}, {"$imt": {"title": "^head of"}}]}))
    [('$imt', '^head of')]
    """
    if isinstance(node, dict):
        for key, value in node.items():
            if key in PATTERN_OPERATORS and isinstance(value, dict):
                yield from ((key, pattern) for pattern in value.values())
            else:
                yield from patterns_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from patterns_in(item)


def pattern_params(when: dict[str, Any]) -> set[str]:
    """The parameters a rule's conditions use as patterns: their values reach the engine as patterns too."""
    return {
        pattern[len(PARAM_PREFIX) :]
        for _, pattern in patterns_in(when)
        if isinstance(pattern, str) and pattern.startswith(PARAM_PREFIX)
    }


def pattern_problem(pattern: Any) -> str | None:
    """Why the engine cannot take `pattern` (its length, its groups' depth, a character class's size), or None."""
    if not isinstance(pattern, str):
        return f"a pattern must be text, not {type(pattern).__name__}"
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"is {len(pattern):,} characters long; the rules engine takes at most {MAX_PATTERN_LENGTH:,}"
    depth, deepest, index = 0, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            size, index = _class_size(pattern, index + 1)
            if size > MAX_CLASS_SIZE:
                return (
                    f"has a character class of {size:,} characters; the rules engine takes at most {MAX_CLASS_SIZE:,}"
                )
            continue
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(depth - 1, 0)
        index += 1
    if deepest > MAX_GROUP_DEPTH:
        return f"nests groups {deepest} deep; the rules engine takes at most {MAX_GROUP_DEPTH}"
    return None


def _class_size(pattern: str, index: int) -> tuple[int, int]:
    """The code points a character class spans, and the index after its ``]`` (`index` is after its ``[``)."""
    if pattern.startswith("^", index):
        index += 1
    members: list[str] = []
    while index < len(pattern) and pattern[index] != "]":
        if pattern[index] == "\\" and index + 1 < len(pattern):
            members.append(pattern[index : index + 2])
            index += 2
        else:
            members.append(pattern[index])
            index += 1
    size, position = 0, 0
    while position < len(members):
        if position + 2 < len(members) and members[position + 1] == "-":
            low, high = members[position][-1], members[position + 2][-1]
            size += abs(ord(high) - ord(low)) + 1
            position += 3
        else:
            size += 1
            position += 1
    return size, index + 1


@cache
def compile_problem(patterns: tuple[tuple[str, str], ...]) -> str | None:
    """Why the engine cannot compile these ``(operator, pattern)`` pairs, found by compiling them in a child process
    that may crash or be stopped, or None. Each set of patterns is compiled once per process."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE],
            input=json.dumps(patterns),
            capture_output=True,
            text=True,
            timeout=COMPILE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"the rules engine did not compile it within {COMPILE_SECONDS:.0f} seconds"
    except OSError:
        return None  # no interpreter to run the probe in (an embedded Python): the limits above still hold
    if done.returncode < 0:
        return "the rules engine crashes on it"
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        return f"the rules engine rejects it ({last[0]})"
    return None


def unjoined_facts(when: dict[str, Any]) -> list[str]:
    """The facts of a rule of several facts that no equality join ties to another fact of the rule.

    A join is a field compared with another fact's field, ``{"unit": {"u": "ref"}}``, in the fact's condition
    or in every branch of its ``$and``; a join under ``$or`` may not hold, and ties nothing.
    """
    entries = [(key.split("$")[0], value) for entry in when.get("all", []) for key, value in entry.items()]
    if len(entries) < 2:
        return []
    names = [name for name, _ in entries]
    tied: set[frozenset[str]] = set()
    for name, condition in entries:
        tied |= {frozenset({name, other}) for other in _joined_to(condition) if other in names and other != name}
    linked = {name: {other for pair in tied if name in pair for other in pair} - {name} for name in names}
    reached, frontier = {names[0]}, [names[0]]
    while frontier:
        for other in linked[frontier.pop()] - reached:
            reached.add(other)
            frontier.append(other)
    return [name for name in names if name not in reached]


def _joined_to(condition: Any) -> set[str]:
    if not isinstance(condition, dict):
        return set()
    found: set[str] = set()
    for key, value in condition.items():
        if key == "$and" and isinstance(value, list):
            found |= set().union(*(_joined_to(part) for part in value)) if value else set()
        elif not key.startswith("$") and isinstance(value, dict) and len(value) == 1:
            other, field = next(iter(value.items()))
            if isinstance(field, str) and not other.startswith("$"):
                found.add(other)
    return found
