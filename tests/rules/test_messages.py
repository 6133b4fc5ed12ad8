"""Every message and suggestion of every rule reads as a sentence whatever the data: no empty list said as
"none", no "none for none", no placeholder left, no dangling punctuation.

The facts are the demo's (and, for the fact types and fields the demo's data does not give, those of the rule
cases), with every field of each type emptied but the element's own id, name and labels (no ids in a list, no
unit, zero counts): the worst case a real export gives, where most of what a rule names is missing.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from orgdiag.measure.facts import build_facts
from orgdiag.measure.graph import build_graph
from orgdiag.orgfile import load_org, parse_org
from orgdiag.rules.catalogue import builtin_catalogue
from orgdiag.rules.templates import PARAM_FACT, render, render_ids

from conftest import FIXTURES
from rulecases import rule_cases

GARBLED = [
    (re.compile(r"\bnone\b", re.IGNORECASE), "an empty list said as 'none'"),
    (re.compile(r"[{}]|\[\[|\]\]"), "a placeholder left in"),
    (re.compile(r"\(\s*\)|\(\s*[,;:]"), "empty brackets"),
    (re.compile(r"\s[,.;:]|[,;:]\s*[,.;:]"), "dangling punctuation"),
    (re.compile(r"\S {2,}\S"), "a gap where a value was"),
]


def _emptied(fact: dict[str, Any]) -> dict[str, Any]:
    def empty(value: Any) -> Any:
        if isinstance(value, bool):
            return False
        if isinstance(value, list):
            return []
        if isinstance(value, (int, float)):
            return 0
        return ""

    kept = {"t", "ref", "name"}
    return {name: value if name in kept or name.endswith("_label") else empty(value) for name, value in fact.items()}


def _empty_facts() -> dict[str, dict[str, Any]]:
    """The demo's facts emptied, completed with the fact types and fields the demo has none of from the rule cases'
    facts (a row that cannot be taken at face value, an organogram's workforce)."""
    orgs = itertools.chain(
        [load_org(FIXTURES / "demo" / "nordvik-sport.yaml")], (parse_org(c.org) for _, c in rule_cases())
    )
    by_type: dict[str, dict[str, Any]] = {}
    for org in orgs:
        for fact in build_facts(build_graph(org)):
            fields = by_type.setdefault(fact["t"], {})
            for name, value in _emptied(fact).items():
                fields.setdefault(name, value)
    return by_type


EMPTY = _empty_facts()
#: for a condition that matches any type, or a type a rule derives: every field of every type
ANY = {name: value for fact in EMPTY.values() for name, value in fact.items()}


@pytest.mark.parametrize("rule", builtin_catalogue().rules, ids=lambda r: r.slug)
def test_messages_read_as_sentences_when_the_data_is_empty(rule) -> None:
    facts: dict[str, dict[str, Any]] = {}
    for name, types in rule.fact_types().items():
        known = sorted(types & EMPTY.keys())
        facts[name] = EMPTY[known[0]] if known else ANY
    facts[PARAM_FACT] = {name: 0 for name in rule.spec.params} | rule.defaults
    made = [s for s in rule.spec.suggestions if s.if_any is None or any(render_ids(s.if_any, facts))]
    texts = {"message": rule.spec.message} | {f"suggestion {i}": s.text for i, s in enumerate(made)}
    for place, template in texts.items():
        text = render(template, facts)
        for pattern, what in GARBLED:
            assert not pattern.search(text), f"{rule.code} {place}: {what}: {text!r}"
