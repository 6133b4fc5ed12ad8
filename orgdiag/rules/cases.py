"""A rule's cases: in one file, ``fixtures/rules/<slug>.yaml``, every organisation where the rule must fire
(``fires-<scenario>``) and every near miss where it must not (``near-miss-<scenario>``), each with the subjects of
the rule's findings it gives, as sqlfluff keeps a rule's YAML test cases. The tests run every case; a rule's page
in docs/rules/ shows them as its examples.

A case is named by its scenario and holds the organisation as the text of an org file (so its comments, and the
lines a finding points at, are those of the file it is written to)::

    fires-social-agency-owns-kpis-and-creative:
      findings: [bureau]
      org: |
        organisation: {name: Kungarike A/S}
        ...

>>> [case.name for case in load_cases("fixtures/rules/vacant-post.yaml")]
['fires-vacant-social-lead-owns-the-strategy', 'near-miss-abolished-post', 'near-miss-post-filled']
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from orgdiag.orgfile.read import problems_of, read_with_lines
from orgdiag.problems import Problem, RuleError

FIRES = "fires-"
NEAR_MISS = "near-miss-"


class _Case(BaseModel):
    """A case as its file writes it: the subjects of the rule's findings, and the organisation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    findings: tuple[str, ...]
    org: str


class RuleCase(_Case):
    """One case of a rule: its name, the subjects of the findings of the rule it gives, the org file's text."""

    name: str


_CASES = TypeAdapter(dict[str, _Case])


def cases_path(fixtures: str | os.PathLike[str], slug: str) -> Path:
    """Where the cases of the rule ``slug`` are kept, under a fixture directory."""
    return Path(fixtures) / "rules" / f"{slug}.yaml"


def load_cases(path: str | os.PathLike[str]) -> list[RuleCase]:
    """The cases of a cases file, in its order; raise :class:`~orgdiag.problems.RuleError`, located, if it is
    not a mapping of case names to cases."""
    raw, lines = read_with_lines(path, RuleError)
    if not isinstance(raw, dict):
        raise RuleError([Problem(str(path), 1, "", "a cases file is a mapping of case names to cases")])
    try:
        cases = _CASES.validate_python(raw)
    except ValidationError as error:
        raise RuleError(problems_of(error, str(path), lines)) from None
    return [RuleCase(name=name, **case.model_dump()) for name, case in cases.items()]
