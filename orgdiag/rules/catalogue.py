"""The rule catalogue: rule files (YAML data under ``rules/``) loaded, checked and made ready for the engine.

A rule file holds a stable code and slug, a title, a severity, a rationale citing
the practitioners' text it comes from, its parameters (thresholds), its conditions in
durable-rules' own JSON ruleset syntax, and templates for the finding's subject,
evidence, message and suggestions. docs/writing-rules.md describes the format.

Conditions name thresholds as ``"$param:NAME"``; a rule declares each parameter
(what it means, and optionally a default), and the values come from the threshold
profiles (:mod:`orgdiag.rules.profiles`) before the rules reach the engine, so no
threshold is a literal buried in a condition.

A rule may ``derive`` a fact type (forward chaining): when it fires, a copy of the
fact it matched is asserted under that type, for later rules to match.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from orgdiag.coverage import DATA_KINDS
from orgdiag.findings import ACTIONS as ACTION_SPECS
from orgdiag.findings import Finding, Severity, Suggestion
from orgdiag.measure.facts import FACT_FIELDS
from orgdiag.orgfile.read import read_with_lines
from orgdiag.problems import EngineError, InputError, Problem, RuleError, did_you_mean
from orgdiag.resources import rules_dir
from orgdiag.rules.engine import RESERVED_FACT_NAMES, Match, RuleEngine, condition_fields, fact_names

PARAM_PREFIX = "$param:"

#: The restructuring actions a suggestion may name, and the parameters each needs.
ACTIONS: dict[str, tuple[str, ...]] = {name: spec.params for name, spec in ACTION_SPECS.items()}


@dataclass(frozen=True)
class Source:
    """A practitioners' text the rules come from; rationales cite it by ``short``, reports by author and title (with
    the title in English, for a client who reads no Scandinavian language)."""

    author: str
    title: str
    short: str
    english: str
    published: str = ""

    def __str__(self) -> str:
        return ", ".join(part for part in (self.author, f'"{self.title}" ({self.english})', self.published) if part)


#: The practitioners' texts (Swedish, Danish, Norwegian) the rules come from, by the code rule files cite.
SOURCES: dict[str, Source] = {
    "000": Source(
        "Robert af Klintberg Ryberg",
        "Sociala medier-debatten missar det viktiga",
        "af Klintberg Ryberg",
        "The social media debate misses what matters",
        "Resumé, 2022",
    ),
    "001": Source(
        "Malin Sjöman",
        "Sociala medier – centraliserad funktion eller delat ansvar?",
        "Sjöman",
        "Social media: a centralised function or a shared responsibility?",
    ),
    "002": Source(
        "Anders Flodqvist (interview)",
        "Sätt en strategi för sociala medier",
        "Flodqvist",
        "Set a strategy for social media",
    ),
    "003": Source("an adviser at Komfo", "Att. Marketingchefen", "a Komfo adviser", "For the attention of the CMO"),
    "004": Source(
        "Hans-Petter",
        "Ekspert eller ikke – Sosiale medier bør forankres fra «toppen»",
        "Hans-Petter",
        "Expert or not: social media should be anchored at the top",
    ),
    "owyang": Source(
        "Jeremiah Owyang (Altimeter Group)",
        "Framework and Matrix: The Five Ways Companies Organize for Social Business",
        "Owyang",
        "the five ways companies organise for social business",
        "Web Strategist, 2010",
    ),
}

#: Sources a rule may cite besides the practitioners' texts: general practice.
SOURCE_LABELS = {"org-design": "org-design practice", "data-quality": "data quality"}

#: Fields every fact has, whatever its type; and the field a derived fact adds (the rule that derived it).
UNIVERSAL_FIELDS = frozenset({"t", "id", "sid"})
DERIVED_FIELD = "by"

_PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")
#: A part of a template left out when a field it names is empty.
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)

#: Templates may name the rule's own thresholds as ``{param.NAME}`` (a suggestion sized by them, say).
PARAM_FACT = "param"


#: The families of rules, as the summary reports which were assessed: what each looks at.
FAMILIES: dict[str, str] = {
    "structure": "spans, layers and reporting lines",
    "ownership": "who owns and decides each responsibility",
    "marketing": "how marketing and communication are organised: channels, strategy, agencies, KPIs, approvals",
    "data-quality": "gaps in the data itself",
    "other": "rules from rule packs that name no family",
}
Family = Literal["structure", "ownership", "marketing", "data-quality", "other"]

#: The most serious a finding may be when it rests on facts inferred from words rather than stated.
INFERRED_CEILING = "medium"

Scalar = int | float | bool | str


class ParamSpec(BaseModel):
    """A threshold a rule's conditions use: what it means, and a default where the rule brings its own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str
    default: Scalar | None = None

    @field_validator("default")
    @classmethod
    def _finite(cls, value: Scalar | None) -> Scalar | None:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("a default must be a finite number")
        return value


class SuggestionSpec(BaseModel):
    """A change the rule proposes; ``fallback`` marks an alternative, taken only when the ones before it cannot be;
    ``if_any`` makes it only when a field is not empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    action: str
    params: dict[str, str | list[str]]
    text: str
    fallback: bool = False
    #: a template (``"{m.gap_strategy_owners}"``): the suggestion is made only when it is not empty
    if_any: str | None = None


class RuleSpec(BaseModel):
    """One rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z]{2,5}\d{3}$")
    slug: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
    title: str
    severity: Severity
    family: Family = "other"
    #: the kinds of fact (coverage.DATA_KINDS) the rule reasons about: without any of them it is not assessed
    needs: list[str] = []
    #: a rule whose finding states the same problem across the organisation (a span profile for single spans):
    #: where it fires, this rule's findings are folded into it as evidence instead of listed one by one
    superseded_by: str | None = None
    sources: list[str] = Field(min_length=1)
    rationale: str
    params: dict[str, ParamSpec] = {}
    derive: str | None = Field(default=None, pattern=r"^[a-z][a-z_]*$")
    when: dict[str, Any]
    subject: str
    evidence: list[str] = []
    message: str
    suggestions: list[SuggestionSpec] = Field(min_length=1)

    @field_validator("params", mode="before")
    @classmethod
    def _bare_values_are_defaults(cls, value: Any) -> Any:
        """``min_channels: 3`` is short for ``min_channels: {doc: "", default: 3}``."""
        if isinstance(value, dict):
            return {k: v if isinstance(v, dict) else {"doc": "", "default": v} for k, v in value.items()}
        return value


@dataclass(frozen=True)
class Rule:
    """A loaded rule: its spec and the file it came from."""

    spec: RuleSpec
    path: Path

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def citations(self) -> str:
        """The rule's sources as a reader sees them: each text's author and title, or the practice it comes from.

        >>> for source in builtin_catalogue().find("OD201").citations.split("; "): print(source)
        org-design practice
        Anders Flodqvist (interview), "Sätt en strategi för sociala medier" (Set a strategy for social media)
        """
        return "; ".join(str(SOURCES.get(s) or SOURCE_LABELS.get(s, s)) for s in self.spec.sources)

    @property
    def defaults(self) -> dict[str, Scalar]:
        """The parameter values the rule file itself gives."""
        return {name: p.default for name, p in self.spec.params.items() if p.default is not None}

    def condition(self, values: dict[str, Any]) -> dict[str, Any]:
        """The durable-rules definition with every ``$param:NAME`` replaced by its value."""
        definition: dict[str, Any] = _substitute(self.spec.when, values)
        return definition

    def fact_types(self) -> dict[str, set[str]]:
        """The type(s) each named fact of the conditions must have (by its ``t`` test; empty: any type)."""
        return {name: _types_tested(expression) for name, expression in _named_conditions(self.spec.when)}

    def finding(self, match: Match, values: dict[str, Any] | None = None) -> Finding:
        """Fill the rule's templates from the facts it matched; ``{param.NAME}`` from its thresholds' values."""
        try:
            return self._fill({**match.facts, PARAM_FACT: {**self.defaults, **(values or {})}})
        except KeyError as error:
            raise EngineError(f"{self.path}: a template names {error}, which the matched fact does not have") from None

    def _fill(self, facts: dict[str, dict[str, Any]]) -> Finding:
        subject = render(self.spec.subject, facts)
        evidence: list[str] = []
        for template in self.spec.evidence:
            for item in render_ids(template, facts):
                if item and item not in evidence:
                    evidence.append(item)
        suggestions = [
            Suggestion(
                action=s.action,
                params=ACTION_SPECS[s.action].shaped(
                    {name: _param_value(value, facts) for name, value in sorted(s.params.items())}
                ),
                text=render(s.text, facts),
                fallback=s.fallback,
            )
            for s in self.spec.suggestions
            if s.if_any is None or any(render_ids(s.if_any, facts))
        ]
        return Finding(
            rule=self.code,
            slug=self.slug,
            title=self.spec.title,
            severity=self.spec.severity,
            subject=subject,
            evidence=evidence,
            message=render(self.spec.message, facts),
            suggestions=suggestions,
        )


def _named_conditions(when: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(key.split("$")[0], value) for entry in when.get("all", []) for key, value in entry.items()]


#: The durable-rules condition operators a rule may use: comparisons, patterns, existence and logic.
OPERATORS = frozenset(
    {"$and", "$or", "$gt", "$gte", "$lt", "$lte", "$neq", "$mt", "$imt", "$ex", "$nex", "$iall", "$iany"}
)


def _operators(node: Any) -> set[str]:
    """Every ``$``-key in a condition, at any depth (a ``$param:`` reference is a value, not an operator)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("$"):
                found.add(key)
            found |= _operators(value)
    elif isinstance(node, list):
        for item in node:
            found |= _operators(item)
    return found


def derivation_cycles(rules: tuple[Rule, ...] | list[Rule]) -> list[list[str]]:
    """Chains of rules that derive, each from a fact the one before derived, back to the first: forward chaining
    that would never end. A rule that matches facts of any type and derives is a chain of its own.

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


def _types_tested(expression: Any) -> set[str]:
    """The values a condition requires of ``t``: directly, or in every branch of an ``$and``."""
    if isinstance(expression, dict):
        if isinstance(expression.get("t"), str):
            return {expression["t"]}
        for part in expression.get("$and", []):
            found = _types_tested(part)
            if found:
                return found
    return set()


def _substitute(node: Any, values: dict[str, Any]) -> Any:
    if isinstance(node, str) and node.startswith(PARAM_PREFIX):
        return values[node[len(PARAM_PREFIX) :]]
    if isinstance(node, dict):
        return {key: _substitute(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_substitute(value, values) for value in node]
    return node


def _params_used(node: Any) -> set[str]:
    if isinstance(node, str) and node.startswith(PARAM_PREFIX):
        return {node[len(PARAM_PREFIX) :]}
    if isinstance(node, dict):
        return set().union(*(_params_used(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_params_used(v) for v in node)) if node else set()
    return set()


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) if value else "none"
    return str(value)


def render(template: str, facts: dict[str, dict[str, Any]]) -> str:
    """Fill ``{name.field}`` placeholders from the matched facts; lists are joined with commas. A part written
    ``[[…]]`` is left out when a field it names is empty (an empty list, an empty text), so that no message says
    "it owns none" or names nobody.

    >>> facts = {"m": {"name": "E-handel", "channel_ids": ["web", "social"], "duties": []}}
    >>> render("{m.name} owns {m.channel_ids}[[ and {m.duties}]].", facts)
    'E-handel owns web, social.'
    """
    whole = _OPTIONAL.sub(lambda part: _optional(part.group(1), facts), template)
    return _PLACEHOLDER.sub(lambda found: _text(facts[found.group(1)][found.group(2)]), whole)


def _optional(part: str, facts: dict[str, dict[str, Any]]) -> str:
    values = [facts[found.group(1)][found.group(2)] for found in _PLACEHOLDER.finditer(part)]
    return part if all(value not in ("", [], None) for value in values) else ""


def render_ids(template: str, facts: dict[str, dict[str, Any]]) -> list[str]:
    """A template that is one placeholder of a list field gives one id per item; otherwise one string."""
    whole = _PLACEHOLDER.fullmatch(template)
    if whole:
        value = facts[whole.group(1)][whole.group(2)]
        if isinstance(value, list):
            return [str(v) for v in value]
    return [render(template, facts)]


def _param_value(template: str | list[str], facts: dict[str, dict[str, Any]]) -> str | list[str]:
    """A parameter is one string, or a list when it is a list template or one placeholder of a list field."""
    if isinstance(template, list):
        return [item for part in template for item in render_ids(part, facts)]
    whole = _PLACEHOLDER.fullmatch(template)
    if whole and isinstance(facts[whole.group(1)][whole.group(2)], list):
        return render_ids(template, facts)
    return render(template, facts)


@dataclass(frozen=True)
class Catalogue:
    """The rules of one diagnosis, in code order; `known` holds every rule loaded, before any selection."""

    rules: tuple[Rule, ...]
    known: tuple[Rule, ...] = ()

    @property
    def every(self) -> tuple[Rule, ...]:
        """Every rule loaded, selected or not (thresholds and accepts may name any of them)."""
        return self.known or self.rules

    def find(self, code_or_slug: str) -> Rule | None:
        """The rule with this code or slug, among every rule loaded."""
        wanted = code_or_slug.strip()
        return next((r for r in self.every if wanted == r.slug or wanted.upper() == r.code), None)

    def unknown_rule(self, name: str, given_as: str) -> Problem:
        r"""The problem of a rule name that names no rule, with the nearest rule's name as a hint.

        >>> str(builtin_catalogue().unknown_rule("chanel-silo", "--only"))
        "--only: no rule 'chanel-silo' (did you mean 'channel-silo'?); `orgdiag rules list` shows them"
        """
        names = [name for rule in self.every for name in (rule.code, rule.slug)]
        hint = did_you_mean(name, names)
        return Problem(given_as, None, "", f"no rule '{name}'{hint}; `orgdiag rules list` shows them", (name,))

    def select(self, only: list[str] | None = None, skip: list[str] | None = None) -> Catalogue:
        """The rules named in `only` (all when empty) minus those in `skip`, by code or slug.

        >>> catalogue = builtin_catalogue()
        >>> [r.code for r in catalogue.select(only=["channel-silo", "OD104"]).rules]
        ['OD101', 'OD104']
        """
        named = {name: self.find(name) for name in (*(only or []), *(skip or []))}
        unknown = [name for name, rule in named.items() if rule is None]
        if unknown:
            raise RuleError([self.unknown_rule(name, "--only/--skip") for name in unknown])
        codes = {name: rule.code for name, rule in named.items() if rule is not None}
        chosen = {codes[name] for name in only} if only else {rule.code for rule in self.every}
        chosen -= {codes[name] for name in skip or []}
        return Catalogue(tuple(rule for rule in self.every if rule.code in chosen), self.every)

    def definitions(self, values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The engine's rule definitions, keyed by slug, with the thresholds in `values` (per slug) filled in."""
        return {rule.slug: rule.condition(values[rule.slug]) for rule in self.rules}

    def derives(self) -> dict[str, str]:
        """The selected rules that derive a fact, and the type each derives."""
        return {rule.slug: rule.spec.derive for rule in self.rules if rule.spec.derive}


def load_rule(path: Path) -> Rule:
    """Load and check one rule file; raise :class:`~orgdiag.problems.RuleError` naming the file and each problem."""
    raw, _ = read_with_lines(path, RuleError)
    try:
        spec = RuleSpec.model_validate(raw)
    except ValidationError as error:
        raise RuleError(
            [Problem(str(path), None, ".".join(str(p) for p in e["loc"]), e["msg"]) for e in error.errors()]
        ) from None
    problems = _check_spec(spec, str(path))
    if problems:
        raise RuleError(problems)
    return Rule(spec, path)


def _check_spec(spec: RuleSpec, filename: str) -> list[Problem]:
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
    for operator in sorted(_operators(spec.when["all"]) - OPERATORS):
        report("when", f"the operator '{operator}' is not supported; orgdiag supports {', '.join(sorted(OPERATORS))}")
    if problems:
        return problems
    names = set(fact_names(spec.when))
    for reserved in sorted(names & RESERVED_FACT_NAMES):
        report("when", f"'{reserved}' cannot name a fact: durable-rules reserves it; use another name, such as 'm'")
    for missing in sorted(_params_used(spec.when) - set(spec.params)):
        report("when", f"'{PARAM_PREFIX}{missing}' names no parameter of this rule")
    for unused in sorted(set(spec.params) - _params_used(spec.when)):
        report(f"params.{unused}", f"the parameter '{unused}' is not used in the conditions")
    for kind in spec.needs:
        if kind not in DATA_KINDS:
            report("needs", f"unknown kind of fact '{kind}'; the kinds are: {', '.join(DATA_KINDS)}")
    if spec.derive in FACT_FIELDS:
        report("derive", f"'{spec.derive}' is a fact type orgdiag builds; a derived fact needs a type of its own")
    for index, suggestion in enumerate(spec.suggestions):
        place = f"suggestions[{index}]"
        if suggestion.action not in ACTIONS:
            report(f"{place}.action", f"unknown action '{suggestion.action}'; known: {', '.join(sorted(ACTIONS))}")
        elif set(suggestion.params) != set(ACTIONS[suggestion.action]):
            report(f"{place}.params", f"'{suggestion.action}' takes exactly: {', '.join(ACTIONS[suggestion.action])}")
    if PARAM_FACT in names:
        report("when", f"'{PARAM_FACT}' cannot name a fact: templates use it for the rule's parameters")
    for place, template in _templates(spec).items():
        for name in sorted({m.group(1) for m in _PLACEHOLDER.finditer(template)} - names - {PARAM_FACT}):
            report(place, f"'{{{name}.…}}' names no fact of the conditions (they name: {', '.join(sorted(names))})")
        for found in _PLACEHOLDER.finditer(template):
            if found.group(1) == PARAM_FACT and found.group(2) not in spec.params:
                report(place, f"'{{{PARAM_FACT}.{found.group(2)}}}' names no parameter of this rule")
    if problems:
        return problems
    stand_ins = {name: 0 if param.default is None else param.default for name, param in spec.params.items()}
    try:
        with RuleEngine({spec.slug: _substitute(spec.when, stand_ins)}):
            pass
    except EngineError as error:
        report("when", str(error))
    return problems


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
        for name, expression in _named_conditions(rule.spec.when):
            for field in sorted(condition_fields(expression) - allowed[name]):
                report("when", f"'{field}' is not a field of {_kinds(types[name])} facts; see docs/rules/facts.md")
        for place, template in _templates(rule.spec).items():
            for found in _PLACEHOLDER.finditer(template):
                name, field = found.groups()
                if name in allowed and field not in allowed[name]:
                    report(place, f"'{{{name}.{field}}}': '{field}' is not a field of {_kinds(types[name])} facts")
    return problems


def _kinds(types: set[str]) -> str:
    return " or ".join(f"'{kind}'" for kind in sorted(types)) if types else "any"


def _templates(spec: RuleSpec) -> dict[str, str]:
    """Every template of a rule file, by its place in the file."""
    templates = {"subject": spec.subject, "message": spec.message}
    templates |= {f"evidence[{i}]": t for i, t in enumerate(spec.evidence)}
    for index, suggestion in enumerate(spec.suggestions):
        place = f"suggestions[{index}]"
        templates[f"{place}.text"] = suggestion.text
        if suggestion.if_any is not None:
            templates[f"{place}.if_any"] = suggestion.if_any
        for key, value in suggestion.params.items():
            for number, part in enumerate(value if isinstance(value, list) else [value]):
                templates[f"{place}.params.{key}[{number}]"] = part
    return templates


@cache
def builtin_catalogue() -> Catalogue:
    """The built-in rules, loaded and checked once per process."""
    return load_catalogue()


def load_catalogue(packs: tuple[Path, ...] | list[Path] = ()) -> Catalogue:
    """The built-in rules and those of each rule pack directory, checked together.

    Every problem (a file that does not load, a code or slug used twice, a field no fact has)
    is raised at once as an :class:`~orgdiag.problems.RuleError` naming the files.
    """
    rules: list[Rule] = []
    problems: list[Problem] = []
    for directory in (rules_dir(), *packs):
        loaded, found = _load_directory(Path(directory))
        rules += loaded
        problems += found
    problems += _duplicates(rules)
    problems += _unknown_supersessors(rules)
    problems += [
        Problem(
            str(next(r.path for r in rules if r.slug == cycle[0])),
            None,
            "derive",
            f"the rules derive facts in a circle ({' → '.join(cycle)}): forward chaining would never end",
            tuple(cycle[:-1]),
        )
        for cycle in derivation_cycles(rules)
    ]
    if not problems:
        problems += check_fields(tuple(rules))
    if problems:
        raise RuleError(problems)
    return Catalogue(tuple(sorted(rules, key=lambda r: r.code)))


def _load_directory(directory: Path) -> tuple[list[Rule], list[Problem]]:
    if not directory.is_dir():
        return [], [Problem(str(directory), None, "", "is not a directory of rule files")]
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        return [], [Problem(str(directory), None, "", "holds no rule files (*.yaml)")]
    rules: list[Rule] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            rules.append(load_rule(path))
        except InputError as error:
            problems += error.problems
    return rules, problems


def _unknown_supersessors(rules: list[Rule]) -> list[Problem]:
    names = {name for rule in rules for name in (rule.code, rule.slug)}
    return [
        Problem(str(rule.path), None, "superseded_by", f"'{rule.spec.superseded_by}' names no rule", (rule.code,))
        for rule in rules
        if rule.spec.superseded_by is not None and rule.spec.superseded_by not in names
    ]


def _duplicates(rules: list[Rule]) -> list[Problem]:
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
