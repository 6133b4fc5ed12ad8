"""A rule's conditions (durable-rules' JSON ruleset syntax) read and filled: the facts they name, the types they
test, the operators they use, and the thresholds (``$param:NAME``) they name and are given."""

from __future__ import annotations

from typing import Any

PARAM_PREFIX = "$param:"


def named_conditions(when: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(key.split("$")[0], value) for entry in when.get("all", []) for key, value in entry.items()]


#: The durable-rules condition operators a rule may use: comparisons, patterns, existence and logic.
OPERATORS = frozenset(
    {"$and", "$or", "$gt", "$gte", "$lt", "$lte", "$neq", "$mt", "$imt", "$ex", "$nex", "$iall", "$iany"}
)


def operators_in(node: Any) -> set[str]:
    """Every ``$``-key in a condition, at any depth (a ``$param:`` reference is a value, not an operator)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("$"):
                found.add(key)
            found |= operators_in(value)
    elif isinstance(node, list):
        for item in node:
            found |= operators_in(item)
    return found


def types_tested(expression: Any) -> set[str]:
    """The values a condition requires of ``t``: directly, or in every branch of an ``$and``."""
    if isinstance(expression, dict):
        if isinstance(expression.get("t"), str):
            return {expression["t"]}
        for part in expression.get("$and", []):
            found = types_tested(part)
            if found:
                return found
    return set()


def substitute(node: Any, values: dict[str, Any]) -> Any:
    if isinstance(node, str) and node.startswith(PARAM_PREFIX):
        return values[node[len(PARAM_PREFIX) :]]
    if isinstance(node, dict):
        return {key: substitute(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [substitute(value, values) for value in node]
    return node


def params_used(node: Any) -> set[str]:
    if isinstance(node, str) and node.startswith(PARAM_PREFIX):
        return {node[len(PARAM_PREFIX) :]}
    if isinstance(node, dict):
        return set().union(*(params_used(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(params_used(v) for v in node)) if node else set()
    return set()
