"""The rule catalogue: rule files (YAML data under ``rules/``) loaded, checked and made ready for the engine.

A rule file holds a stable code and slug, a title, a severity, a rationale citing
the seed text it comes from, its parameters (thresholds), its conditions in
durable-rules' own JSON ruleset syntax, and templates for the finding's subject,
evidence, message and suggestions. docs/writing-rules.md describes the format.

Conditions name thresholds as ``"$param:NAME"``; they are replaced by the rule's
parameter values (or overrides) before the rules reach the engine, so no
threshold is a literal buried in a condition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from orgdiag.engine import EngineError, Match, RuleEngine, fact_names
from orgdiag.findings import Finding, Suggestion
from orgdiag.problems import InputError, Problem
from orgdiag.resources import rules_dir

PARAM_PREFIX = "$param:"

#: The restructuring actions a suggestion may name, and the parameters each needs.
ACTIONS: dict[str, tuple[str, ...]] = {
    "move_responsibility": ("responsibility", "from", "to"),
    "assign_responsibility": ("responsibility", "to"),
    "grant_decision_right": ("scope", "responsibility", "to"),
    "move_unit": ("unit", "new_parent"),
    "merge_units": ("units", "into"),
    "add_link": ("kind", "between"),
    "split_role": ("position", "move_out", "to"),
    "consolidate_agencies": ("agencies", "into"),
    "retitle_position": ("position", "title"),
}

_PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")

Severity = Literal["info", "low", "medium", "high", "critical"]


class SuggestionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    action: str
    params: dict[str, str | list[str]]
    text: str


class RuleSpec(BaseModel):
    """One rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z]{2,5}\d{3}$")
    slug: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
    title: str
    severity: Severity
    sources: list[str] = Field(min_length=1)
    rationale: str
    params: dict[str, int | float | bool | str] = {}
    when: dict[str, Any]
    subject: str
    evidence: list[str] = []
    message: str
    suggestions: list[SuggestionSpec] = Field(min_length=1)


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

    def condition(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """The durable-rules definition with every ``$param:NAME`` replaced by its value."""
        values = {**self.spec.params, **(overrides or {})}
        return _substitute(self.spec.when, values)

    def finding(self, match: Match) -> Finding:
        """Fill the rule's templates from the facts it matched."""
        try:
            return self._fill(match.facts)
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
                params={name: _param_value(value, facts) for name, value in sorted(s.params.items())},
                text=render(s.text, facts),
            )
            for s in self.spec.suggestions
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
    """Fill ``{name.field}`` placeholders from the matched facts; lists are joined with commas.

    >>> render("{m.name} owns {m.channel_ids}", {"m": {"name": "E-handel", "channel_ids": ["web", "social"]}})
    'E-handel owns web, social'
    """
    return _PLACEHOLDER.sub(lambda found: _text(facts[found.group(1)][found.group(2)]), template)


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
    """The rules of one diagnosis, in code order."""

    rules: tuple[Rule, ...]

    def find(self, code_or_slug: str) -> Rule | None:
        wanted = code_or_slug.strip()
        return next((r for r in self.rules if wanted == r.slug or wanted.upper() == r.code), None)

    def definitions(self, overrides: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
        """The engine's rule definitions, keyed by slug, thresholds filled in.

        An override naming a rule or a threshold that does not exist is an error, not ignored.
        """
        overrides = overrides or {}
        slugs = {rule.slug: rule for rule in self.rules}
        for slug, values in overrides.items():
            if slug not in slugs:
                raise ValueError(f"no rule '{slug}' to set thresholds for; the rules are: {', '.join(slugs)}")
            unknown = sorted(set(values) - set(slugs[slug].spec.params))
            if unknown:
                known = ", ".join(slugs[slug].spec.params)
                raise ValueError(f"rule '{slug}' has no threshold {', '.join(unknown)}; it has: {known}")
        return {rule.slug: rule.condition(overrides.get(rule.slug)) for rule in self.rules}


def load_rule(path: Path) -> Rule:
    """Load and check one rule file; raise :class:`InputError` naming the file and each problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(str(path), None, "", f"cannot be read: {error}")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError([Problem(str(path), mark.line + 1 if mark else None, "", f"invalid YAML: {error}")]) from None
    try:
        spec = RuleSpec.model_validate(raw)
    except ValidationError as error:
        raise InputError(
            [Problem(str(path), None, ".".join(str(p) for p in e["loc"]), e["msg"]) for e in error.errors()]
        ) from None
    problems = _check_spec(spec, str(path))
    if problems:
        raise InputError(problems)
    return Rule(spec, path)


def _check_spec(spec: RuleSpec, filename: str) -> list[Problem]:
    problems: list[Problem] = []

    def report(place: str, message: str) -> None:
        problems.append(Problem(filename, None, place, message, (spec.code,)))

    if not isinstance(spec.when.get("all"), list) or not spec.when["all"]:
        report("when", "conditions must be a durable-rules 'all' list of named facts")
        return problems
    names = set(fact_names(spec.when))
    for missing in sorted(_params_used(spec.when) - set(spec.params)):
        report("when", f"'{PARAM_PREFIX}{missing}' names no parameter of this rule")
    templates = {"subject": spec.subject, "message": spec.message}
    templates |= {f"evidence[{i}]": t for i, t in enumerate(spec.evidence)}
    for index, suggestion in enumerate(spec.suggestions):
        place = f"suggestions[{index}]"
        if suggestion.action not in ACTIONS:
            report(f"{place}.action", f"unknown action '{suggestion.action}'; known: {', '.join(sorted(ACTIONS))}")
        elif set(suggestion.params) != set(ACTIONS[suggestion.action]):
            report(f"{place}.params", f"'{suggestion.action}' takes exactly: {', '.join(ACTIONS[suggestion.action])}")
        templates[f"{place}.text"] = suggestion.text
        for key, value in suggestion.params.items():
            for number, part in enumerate(value if isinstance(value, list) else [value]):
                templates[f"{place}.params.{key}[{number}]"] = part
    for place, template in templates.items():
        for name in sorted({m.group(1) for m in _PLACEHOLDER.finditer(template)} - names):
            report(place, f"'{{{name}.…}}' names no fact of the conditions (they name: {', '.join(sorted(names))})")
    if problems:
        return problems
    try:
        with RuleEngine({spec.slug: _substitute(spec.when, dict(spec.params))}):
            pass
    except EngineError as error:
        report("when", str(error))
    return problems


@cache
def builtin_catalogue() -> Catalogue:
    """The built-in rules, loaded and checked once per process."""
    return load_catalogue()


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Load every ``*.yaml`` rule file of a directory (the built-in rules by default); codes and slugs are unique."""
    directory = directory or rules_dir()
    rules: list[Rule] = []
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            rules.append(load_rule(path))
        except InputError as error:
            problems += error.problems
    for attribute in ("code", "slug"):
        seen: dict[str, Path] = {}
        for rule in rules:
            value = getattr(rule, attribute)
            if value in seen:
                problems.append(
                    Problem(
                        str(rule.path),
                        None,
                        attribute,
                        f"{attribute} '{value}' is also used by {seen[value]}",
                        (value,),
                    )
                )
            seen[value] = rule.path
    if problems:
        raise InputError(problems)
    return Catalogue(tuple(sorted(rules, key=lambda r: r.code)))
