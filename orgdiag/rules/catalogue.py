"""The rule catalogue: the rule files (YAML data under ``rules/``, and those of rule packs) loaded, checked
together and selected for a diagnosis.

What a rule file holds is :mod:`orgdiag.rules.spec`; a loaded rule, :mod:`orgdiag.rules.rule`; what is checked
of it, :mod:`orgdiag.rules.checks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from orgdiag.orgfile.read import read_with_lines
from orgdiag.problems import InputError, Problem, RuleError, did_you_mean
from orgdiag.resources import rules_dir
from orgdiag.rules.checks import check_fields, check_spec, derivation_cycles, duplicates, unknown_supersessors
from orgdiag.rules.rule import Rule
from orgdiag.rules.spec import RuleSpec


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
    problems = check_spec(spec, str(path))
    if problems:
        raise RuleError(problems)
    return Rule(spec, path)


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
    problems += duplicates(rules)
    problems += unknown_supersessors(rules)
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


__all__ = ["Catalogue", "Rule", "builtin_catalogue", "load_catalogue", "load_rule"]
