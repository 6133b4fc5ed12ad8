"""Threshold profiles: the values of the rules' parameters, chosen for the organisation in front of us.

"One size doesn't fit all" (Hans-Petter): industry, size and reach change what is a
problem. So the thresholds live in profiles, not in the rules:

1. a rule's own default, where its file gives one (user rule packs);
2. the built-in ``default`` profile (``rules/profiles/default.yaml``);
3. every built-in profile whose ``applies_when`` matches the org file's ``profile``
   (size bands by employees, industries), in file-name order;
4. the user's own profile (``--profile FILE``);
5. overrides given in code (``diagnose(params=…)``).

Each later source overrides the earlier ones; :func:`resolve_thresholds` returns each
value with the source it came from, which ``orgdiag rules explain CODE --org FILE`` shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from orgdiag.model import OrgFile, Profile
from orgdiag.orgfile.read import read_with_lines
from orgdiag.problems import Problem, RuleError
from orgdiag.resources import profiles_dir
from orgdiag.rules.catalogue import Catalogue
from orgdiag.rules.limits import compile_problem, pattern_params, pattern_problem
from orgdiag.rules.spec import Scalar

DEFAULT = "default"
#: The largest whole number a threshold may be: beyond it no count of an organisation reaches, and a float
#: (which the engine compares in) no longer holds it exactly.
MAX_WHOLE = 10**15


class AppliesWhen(BaseModel):
    """When a built-in profile applies: every condition given must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_employees: int | None = Field(default=None, ge=0)
    max_employees: int | None = Field(default=None, ge=0)
    industries: list[str] = Field(default_factory=list)
    min_countries: int | None = Field(default=None, ge=1)

    def holds(self, profile: Profile, size: int) -> bool:
        """Whether an organisation of this profile and size (employees, else positions) gets the profile."""
        if self.min_employees is not None and size < self.min_employees:
            return False
        if self.max_employees is not None and size > self.max_employees:
            return False
        industry = (profile.industry or "").strip().lower()
        if self.industries and industry not in {i.lower() for i in self.industries}:
            return False
        return self.min_countries is None or len(profile.countries) >= self.min_countries


class ThresholdProfile(BaseModel):
    """A profile file: thresholds per rule (by slug or code), and for built-in ones when they apply."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    applies_when: AppliesWhen | None = None
    thresholds: dict[str, dict[str, Scalar]] = Field(default_factory=dict)
    #: the file it was read from (set by the loader)
    path: str | None = Field(default=None, exclude=True)


@dataclass(frozen=True)
class Threshold:
    """A parameter's value in force, and where it came from (a profile's name, ``rule`` or ``override``)."""

    value: Scalar
    source: str


#: slug -> parameter -> value in force
Thresholds = dict[str, dict[str, Threshold]]


def load_profile(path: str | Path) -> ThresholdProfile:
    """Read a profile file; raise :class:`~orgdiag.problems.RuleError` naming the file and each problem."""
    path = Path(path)
    raw, _ = read_with_lines(path, RuleError)
    if isinstance(raw, dict) and "name" not in raw:
        raw = {"name": path.stem, **raw}
    try:
        return ThresholdProfile.model_validate(raw).model_copy(update={"path": str(path)})
    except ValidationError as error:
        problems = [Problem(str(path), None, ".".join(map(str, e["loc"])), e["msg"]) for e in error.errors()]
        raise RuleError(problems) from None


@cache
def builtin_profiles() -> dict[str, tuple[ThresholdProfile, Path]]:
    """The built-in profiles by name: ``default`` first, then the others in file-name order."""
    paths = sorted(profiles_dir().glob("*.yaml"), key=lambda p: (p.stem != DEFAULT, p.name))
    profiles = {}
    for path in paths:
        profile = load_profile(path)
        profiles[profile.name] = (profile, path)
    return profiles


def profiles_for(org_profile: Profile, size: int) -> list[str]:
    """The names of the built-in profiles an organisation gets: ``default``, then those whose conditions hold."""
    return [
        name
        for name, (profile, _) in builtin_profiles().items()
        if name == DEFAULT or (profile.applies_when is not None and profile.applies_when.holds(org_profile, size))
    ]


def profiles_of(org: OrgFile) -> list[str]:
    """The built-in profiles an organisation gets, its size being the profile's `employees`, else its positions."""
    return profiles_for(org.organisation.profile, org.organisation.profile.employees or len(org.positions))


def resolve_thresholds(
    catalogue: Catalogue,
    applied: list[str],
    user: ThresholdProfile | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> Thresholds:
    """Every selected rule's thresholds in force, each with its source; an unknown rule or parameter in any
    profile is a :class:`~orgdiag.problems.RuleError` naming the profile, and so is a parameter left without a
    value."""
    values: Thresholds = {
        rule.slug: {name: Threshold(value, "rule") for name, value in rule.defaults.items()} for rule in catalogue.every
    }
    layers = [builtin_profiles()[name][0] for name in applied]
    if user is not None:
        layers.append(user)
    if overrides:
        layers.append(ThresholdProfile(name="override", thresholds=overrides, path="the params given to diagnose()"))
    problems: list[Problem] = []
    for profile in layers:
        problems += _apply(catalogue, profile, profile.path or profile.name, values)
    for rule in catalogue.rules:
        for name in sorted(set(rule.spec.params) - set(values[rule.slug])):
            message = f"the parameter '{name}' has no value: give it a default in the rule or set it in a profile"
            problems.append(Problem(str(rule.path), None, f"params.{name}", message, (rule.code,)))
    if problems:
        raise RuleError(problems)
    return {rule.slug: values[rule.slug] for rule in catalogue.rules}


def _apply(catalogue: Catalogue, profile: ThresholdProfile, where: str, values: Thresholds) -> list[Problem]:
    problems = []
    for key, given in profile.thresholds.items():
        rule = catalogue.find(key)
        if rule is None:
            problems.append(
                Problem(where, None, f"thresholds.{key}", f"no rule '{key}'; `orgdiag rules list` shows them")
            )
            continue
        for name, value in given.items():
            if name not in rule.spec.params:
                known = ", ".join(rule.spec.params) or "none"
                message = f"rule '{rule.slug}' has no threshold '{name}'; it has: {known}"
                problems.append(Problem(where, None, f"thresholds.{key}.{name}", message, (rule.code,)))
                continue
            before = values[rule.slug].get(name)
            wrong = mistyped(value, before.value if before is not None else None)
            if wrong:
                message = f"{rule.slug}'s threshold '{name}' {wrong}; it is {value!r}"
                problems.append(Problem(where, None, f"thresholds.{key}.{name}", message, (rule.code,)))
                continue
            unusable = _pattern_refused(value) if name in pattern_params(rule.spec.when) else None
            if unusable:
                message = f"{rule.slug}'s threshold '{name}' is a pattern that {unusable}"
                problems.append(Problem(where, None, f"thresholds.{key}.{name}", message, (rule.code,)))
                continue
            values[rule.slug][name] = Threshold(value, profile.name)
    return problems


def _pattern_refused(value: Scalar) -> str | None:
    problem = pattern_problem(value)
    if problem is None and isinstance(value, str):
        problem = compile_problem((("$mt", value),))
    return problem


def mistyped(value: Scalar, like: Scalar | None) -> str | None:
    """Why a threshold's value cannot stand in for the value it overrides (`like`), or None when it can: a number
    must be finite and not negative, a whole number where the value it overrides is one; text and yes/no stay
    what they were.

    >>> mistyped(6, 8), mistyped("abc", 8), mistyped(float("nan"), 0.5), mistyped(2.5, 3), mistyped(-1, 3)
    (None, 'must be a whole number', 'must be a finite number', 'must be a whole number', 'must not be negative')
    """
    if isinstance(like, bool) or isinstance(value, bool):
        return None if isinstance(value, bool) and isinstance(like, bool | None) else "must be true or false"
    if isinstance(like, str):
        return None if isinstance(value, str) else "must be text"
    if isinstance(value, str):
        return "must be a whole number" if isinstance(like, int) else "must be a number"
    if isinstance(value, int) and abs(value) > MAX_WHOLE:
        return f"must be at most {MAX_WHOLE:,}"
    if not math.isfinite(value):
        return "must be a finite number"
    if value < 0:
        return "must not be negative"
    if isinstance(like, int) and not isinstance(value, int):
        return "must be a whole number"
    return None


def values_of(thresholds: Thresholds) -> dict[str, dict[str, Scalar]]:
    """The bare values, per slug, as the catalogue fills them into the conditions."""
    return {slug: {name: t.value for name, t in params.items()} for slug, params in thresholds.items()}
