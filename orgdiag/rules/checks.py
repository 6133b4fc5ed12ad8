"""What is checked of rule files before anything runs: each file on its own (its conditions, parameters, actions
and templates), and the rules together (fact types and fields, codes and slugs used twice, rules superseded by no
rule, rules that derive in a circle)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from orgdiag.coverage import DATA_KINDS
from orgdiag.findings import ACTIONS
from orgdiag.measure.facts import FACT_FIELDS
from orgdiag.model import EVIDENCE_KINDS
from orgdiag.problems import EngineError, Problem
from orgdiag.rules.conditions import OPERATORS, PARAM_PREFIX, named_conditions, operators_in, params_used, substitute
from orgdiag.rules.engine import RuleEngine, condition_fields, fact_names, reserved_fact_names
from orgdiag.rules.limits import compile_problem, pattern_problem, patterns_in, unjoined_facts
from orgdiag.rules.rule import Rule
from orgdiag.rules.spec import RuleSpec
from orgdiag.rules.templates import FOLD_FACT, FOLD_FIELDS, PARAM_FACT, PLACEHOLDER, templates_of

#: Fields every fact has, whatever its type; and the field a derived fact adds (the rule that derived it).
UNIVERSAL_FIELDS = frozenset({"t", "id", "sid"})
DERIVED_FIELD = "by"


def derivation_cycles(rules: tuple[Rule, ...] | list[Rule]) -> list[list[str]]:
    """Chains of rules that derive, each from a fact the one before derived, back to the first: forward chaining
    that would never end. A rule that matches facts of any type and derives is a chain of its own.

    >>> from orgdiag.rules.catalogue import load_catalogue
    >>> derivation_cycles(list(load_catalogue().rules))
    []
    """
    deriving = [rule for rule in rules if rule.spec.derive]
    matches = {rule.slug: set().union(*rule.fact_types().values()) for rule in deriving}
    feeds = nx.DiGraph()
    feeds.add_nodes_from(sorted(rule.slug for rule in deriving))
    for rule in deriving:
        for other in deriving:
            if not matches[other.slug] or rule.spec.derive in matches[other.slug]:
                feeds.add_edge(rule.slug, other.slug)
    cycles = []
    for component in sorted(nx.strongly_connected_components(feeds), key=min):
        if len(component) > 1 or feeds.has_edge(*[min(component)] * 2):
            edges = nx.find_cycle(feeds.subgraph(component), source=min(component))
            cycles.append([edges[0][0], *(target for _, target in edges)])
    return cycles


def check_spec(spec: RuleSpec, filename: str) -> list[Problem]:
    problems: list[Problem] = []

    def report(place: str, message: str) -> None:
        problems.append(Problem(filename, None, place, message, (spec.code,)))

    if not isinstance(spec.when.get("all"), list) or not spec.when["all"]:
        report("when", "conditions must be a durable-rules 'all' list of named facts")
        return problems
    for key in sorted(set(spec.when) - {"all"}):
        report(f"when.{key}", f"'{key}' is not supported: a rule's conditions are one 'all' list of named facts")
    for index, entry in enumerate(spec.when["all"]):
        if not (isinstance(entry, dict) and len(entry) == 1):
            report(f"when.all[{index}]", "each entry names one fact: {NAME: CONDITION}")
    for operator in sorted(operators_in(spec.when["all"]) - OPERATORS):
        report("when", f"the operator '{operator}' is not supported; orgdiag supports {', '.join(sorted(OPERATORS))}")
    if problems:
        return problems
    names = set(fact_names(spec.when))
    for reserved in sorted(names & reserved_fact_names()):
        report("when", f"'{reserved}' cannot name a fact: durable-rules reserves it; use another name, such as 'm'")
    for missing in sorted(params_used(spec.when) - set(spec.params)):
        report("when", f"'{PARAM_PREFIX}{missing}' names no parameter of this rule")
    for unused in sorted(set(spec.params) - params_used(spec.when)):
        report(f"params.{unused}", f"the parameter '{unused}' is not used in the conditions")
    for kind in spec.needs:
        if kind not in DATA_KINDS:
            report("needs", f"unknown kind of fact '{kind}'; the kinds are: {', '.join(DATA_KINDS)}")
    for kind in spec.reads_absence:
        if kind not in EVIDENCE_KINDS:
            report("reads_absence", f"unknown kind of evidence '{kind}'; the kinds are: {', '.join(EVIDENCE_KINDS)}")
    if spec.derive in FACT_FIELDS:
        report("derive", f"'{spec.derive}' is a fact type orgdiag builds; a derived fact needs a type of its own")
    for index, suggestion in enumerate(spec.suggestions):
        place = f"suggestions[{index}]"
        if suggestion.action not in ACTIONS:
            report(f"{place}.action", f"unknown action '{suggestion.action}'; known: {', '.join(sorted(ACTIONS))}")
        elif set(suggestion.params) != set(ACTIONS[suggestion.action].params):
            report(
                f"{place}.params",
                f"'{suggestion.action}' takes exactly: {', '.join(ACTIONS[suggestion.action].params)}",
            )
    if PARAM_FACT in names:
        report("when", f"'{PARAM_FACT}' cannot name a fact: templates use it for the rule's parameters")
    for place, template in templates_of(spec).items():
        for name in sorted({m.group(1) for m in PLACEHOLDER.finditer(template)} - names - {PARAM_FACT}):
            report(place, f"'{{{name}.…}}' names no fact of the conditions (they name: {', '.join(sorted(names))})")
        for found in PLACEHOLDER.finditer(template):
            if found.group(1) == PARAM_FACT and found.group(2) not in spec.params:
                report(place, f"'{{{PARAM_FACT}.{found.group(2)}}}' names no parameter of this rule")
    if spec.fold is not None:
        for found in PLACEHOLDER.finditer(spec.fold.message):
            if found.group(1) != FOLD_FACT or found.group(2) not in FOLD_FIELDS:
                fields = ", ".join(f"{{{FOLD_FACT}.{field}}}" for field in sorted(FOLD_FIELDS))
                report("fold.message", f"'{found.group(0)}': a fold's message may name only {fields}")
    problems += _engine_limits(spec, filename)
    if problems:
        return problems
    stand_ins = {name: 0 if param.default is None else param.default for name, param in spec.params.items()}
    try:
        with RuleEngine({spec.slug: substitute(spec.when, stand_ins)}):
            pass
    except EngineError as error:
        report("when", str(error))
    return problems


def _engine_limits(spec: RuleSpec, filename: str) -> list[Problem]:
    """What of a rule's conditions the engine cannot take: patterns beyond its limits, facts no join ties."""
    problems = [
        Problem(
            filename,
            None,
            "when",
            f"the fact '{name}' is joined to no other fact of the rule: the engine would "
            f"pair each of its facts with every other fact, which does not end on a large organisation; "
            f'compare one of its fields with another fact\'s, as in {{"unit": {{"u": "ref"}}}}',
            (spec.code,),
        )
        for name in unjoined_facts(spec.when)
    ]
    literal = tuple(
        (operator, pattern)
        for operator, pattern in patterns_in(spec.when)
        if not (isinstance(pattern, str) and pattern.startswith(PARAM_PREFIX))
    )
    for operator, pattern in literal:
        problem = pattern_problem(pattern)
        if problem:
            problems.append(
                Problem(filename, None, "when", f"the {operator} pattern {_shown(pattern)} {problem}", (spec.code,))
            )
    if literal and not problems:
        problem = compile_problem(literal)
        if problem:
            patterns = ", ".join(_shown(pattern) for _, pattern in literal)
            problems.append(Problem(filename, None, "when", f"{problem}: a pattern of {patterns}", (spec.code,)))
    return problems


def _shown(pattern: object, limit: int = 40) -> str:
    text = repr(pattern)
    return text if len(text) <= limit else f"{text[: limit - 5]}...' ({len(str(pattern)):,} characters)"


def known_fields(rules: tuple[Rule, ...]) -> dict[str, set[str]]:
    """The fields of every fact type: those orgdiag builds, and those the rules derive (a copy of the
    fact the deriving rule matched, and ``by``)."""
    fields = {kind: set(described) | UNIVERSAL_FIELDS for kind, described in FACT_FIELDS.items()}
    for rule in rules:
        if rule.spec.derive:
            first = next(iter(rule.fact_types().values()), set())
            source = set().union(*(fields.get(kind, set()) for kind in first or FACT_FIELDS))
            fields.setdefault(rule.spec.derive, set()).update(source | {DERIVED_FIELD})
    return fields


def check_fields(rules: tuple[Rule, ...]) -> list[Problem]:
    """Every type a condition tests exists, and every field a condition or template names is a field of it."""
    fields = known_fields(rules)
    problems: list[Problem] = []
    for rule in rules:
        types = rule.fact_types()

        def report(place: str, message: str, rule: Rule = rule) -> None:
            problems.append(Problem(str(rule.path), None, place, message, (rule.code,)))

        allowed: dict[str, set[str]] = {}
        for name, wanted in types.items():
            unknown_types = sorted(wanted - set(fields))
            for kind in unknown_types:
                report("when", f"no fact has the type '{kind}'; the types are: {', '.join(sorted(fields))}")
            allowed[name] = set().union(*(fields.get(kind, set()) for kind in (wanted or fields)))
        for name, expression in named_conditions(rule.spec.when):
            for field in sorted(condition_fields(expression) - allowed[name]):
                report("when", f"'{field}' is not a field of {_kinds(types[name])} facts; see docs/rules/facts.md")
        for place, template in templates_of(rule.spec).items():
            for found in PLACEHOLDER.finditer(template):
                name, field = found.group(1), found.group(2)
                if name in allowed and field not in allowed[name]:
                    report(place, f"'{{{name}.{field}}}': '{field}' is not a field of {_kinds(types[name])} facts")
    return problems


def _kinds(types: set[str]) -> str:
    return " or ".join(f"'{kind}'" for kind in sorted(types)) if types else "any"


def unknown_supersessors(rules: list[Rule]) -> list[Problem]:
    names = {name for rule in rules for name in (rule.code, rule.slug)}
    return [
        Problem(str(rule.path), None, "superseded_by", f"'{rule.spec.superseded_by}' names no rule", (rule.code,))
        for rule in rules
        if rule.spec.superseded_by is not None and rule.spec.superseded_by not in names
    ]


def duplicates(rules: list[Rule]) -> list[Problem]:
    problems: list[Problem] = []
    for attribute in ("code", "slug"):
        seen: dict[str, Path] = {}
        for rule in rules:
            value = getattr(rule, attribute)
            if value in seen:
                message = f"{attribute} '{value}' is also used by {seen[value]}"
                problems.append(Problem(str(rule.path), None, attribute, message, (value,)))
            seen[value] = rule.path
    return problems
