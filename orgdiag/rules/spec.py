"""A rule file's form, as pydantic models: what a rule file holds and what each part may be.

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
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from orgdiag.findings import Severity

#: The families of rules, as the summary reports which were assessed: what each looks at.
FAMILIES: dict[str, str] = {
    "structure": "spans, layers and reporting lines",
    "ownership": "who owns and decides each responsibility",
    "marketing": "how marketing and communication are organised: channels, strategy, agencies, KPIs, approvals",
    "workforce": "the shape of the workforce: senior posts, teams, grades and managers for the staff",
    "pay": "pay against scope and grade, staff pay bands against their managers', published paybills",
    "posts": "how posts are held: acting, interim, vacant, on leave, pools",
    "data-quality": "gaps in the data itself",
    "other": "rules from rule packs that name no family",
}
Family = Literal["structure", "ownership", "marketing", "workforce", "pay", "posts", "data-quality", "other"]

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
    ``if_any`` makes it only when a field is not empty, ``unless_any`` only when it is (a suggestion that does not
    apply is not shown: "appoint a head of marketing" beside one)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    action: str
    params: dict[str, str | list[str]]
    text: str
    fallback: bool = False
    #: a template (``"{m.gap_strategy_owners}"``): the suggestion is made only when it is not empty
    if_any: str | None = None
    #: a template (``"{m.head_of_marketing}"``): the suggestion is made only when it is empty
    unless_any: str | None = None


class FoldSpec(BaseModel):
    """Several findings of one rule made one finding about the organisation: a consultant raises "paybills that
    cannot be reconciled" once, listing where, not once per post. From ``at`` findings on, they become one whose
    subject is the top of the organisation, whose evidence is theirs, and whose message is ``message`` with
    ``{fold.count}`` (how many) and ``{fold.items}`` (each finding's ``item``, filled from its match)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at: int = Field(default=2, ge=2)
    item: str
    message: str


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
    #: the kinds of evidence (model.EVIDENCE_KINDS) whose absence the rule reads ("no link", "nobody else takes part"):
    #: it runs only where each was stated or surveyed, and a finding says when it rests on a survey that found none
    reads_absence: list[str] = []
    #: a rule whose finding states the same problem across the organisation (a span profile for single spans):
    #: where it fires, this rule's findings are folded into it as evidence instead of listed one by one
    superseded_by: str | None = None
    #: where the rule fires several times, its findings made one about the organisation
    fold: FoldSpec | None = None
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
