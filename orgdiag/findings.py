"""What a diagnosis finds, as plain data: findings, the restructuring they suggest, the actions a suggestion
may name, and the findings document every renderer reads (the output boundary: nothing here runs rules)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from orgdiag.coverage import Coverage
from orgdiag.model import OrgFile

#: Severities, from the least to the most serious.
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    """Higher is more serious.

    >>> severity_rank("high") > severity_rank("medium")
    True
    """
    return SEVERITIES.index(severity)


class Suggestion(BaseModel):
    """A concrete change to the organisation: a typed action with its parameters filled from the match.

    A ``fallback`` suggestion is an alternative to the ones before it, taken only when none of them can be.
    """

    model_config = ConfigDict(frozen=True)

    action: str
    params: dict[str, str | list[str]]
    text: str
    fallback: bool = False


class Finding(BaseModel):
    """One problem found: which rule, about what, on which evidence, and what to do."""

    model_config = ConfigDict(frozen=True)

    rule: str
    slug: str
    title: str
    severity: str
    subject: str
    evidence: list[str]
    message: str
    suggestions: list[Suggestion]
    #: the reason a consultant gave for accepting it (``accept:`` on its subject), or None while it is open
    accepted: str | None = None
    #: the facts inferred from words (not stated) that the finding rests on (see model.Inference)
    inferred: list[str] | None = None
    #: the rule's own severity, when the finding's is lowered because it rests on inferred facts
    stated_severity: str | None = None

    def sort_key(self) -> tuple[int, str, str, tuple[str, ...]]:
        """Most serious first, then by rule code, subject and evidence: a stable order."""
        return (-severity_rank(self.severity), self.rule, self.subject, tuple(self.evidence))


class UnusedAccept(BaseModel):
    """An ``accept:`` that matched no finding: reported, like a linter's useless suppression."""

    model_config = ConfigDict(frozen=True)

    element: str
    rule: str
    reason: str
    why: str


@dataclass(frozen=True)
class NotAssessed:
    """A rule that was not run because the data holds none of a kind of fact it reasons about."""

    rule: str
    slug: str
    family: str
    #: the kinds of fact missing (coverage.DATA_KINDS)
    missing: tuple[str, ...]


@dataclass(frozen=True)
class RuleNote:
    """Why a rule matters, as a report cites it: its rationale and the sources it comes from."""

    rationale: str
    citations: str


@dataclass(frozen=True, kw_only=True)
class FindingsDocument:
    """A diagnosis as the renderers see it: the organisation, the profiles applied, the findings (open and
    accepted), the accepts that matched nothing, what the findings' elements are called and why their rules
    matter, and how many facts the engine checked. Plain data: nothing here runs or knows the engine."""

    org: OrgFile
    findings: tuple[Finding, ...]
    profiles: tuple[str, ...] = ()
    unused_accepts: tuple[UnusedAccept, ...] = ()
    #: the name of each element a finding names (a position's title, a channel's name or id)
    names: Mapping[str, str] = field(default_factory=dict)
    #: by rule code, why the rule of a finding matters
    notes: Mapping[str, RuleNote] = field(default_factory=dict)
    facts_in: int = 0
    facts_handled: int = 0
    #: what the data covers: posts, staff, and which kinds of fact it states
    coverage: Coverage | None = None
    #: by family, the codes of the rules that were run
    assessed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the rules not run for want of data, and what they lacked
    not_assessed: tuple[NotAssessed, ...] = ()

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        """The findings nobody has accepted: what the severity summary and ``--fail-on`` count."""
        return tuple(f for f in self.findings if f.accepted is None)

    @property
    def accepted_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.accepted is not None)

    def by_severity(self) -> dict[str, int]:
        """How many open findings of each severity, most serious first, zero counts left out."""
        counts: dict[str, int] = {}
        for finding in self.open_findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -severity_rank(item[0])))

    def to_json_data(self) -> dict[str, Any]:
        """What ``orgdiag diagnose --format json`` prints: the organisation, the profiles applied, the findings
        (accepted ones with ``accepted``: the reason) and the accepts that matched no finding."""
        data: dict[str, Any] = {
            "organisation": self.org.organisation.model_dump(mode="json", exclude_none=True),
            "profiles": list(self.profiles),
            "findings": [finding.model_dump(mode="json", exclude_none=True) for finding in self.findings],
            "unused_accepts": [accept.model_dump(mode="json") for accept in self.unused_accepts],
        }
        if self.coverage is not None:
            data["coverage"] = {**asdict(self.coverage), "summary": self.coverage.sentence()}
        if self.assessed or self.not_assessed:
            data["assessed"] = {family: list(codes) for family, codes in self.assessed.items()}
            data["not_assessed"] = [asdict(rule) for rule in self.not_assessed]
        return data


@dataclass(frozen=True)
class ActionSpec:
    """What a suggestion's action takes and does; :mod:`orgdiag.restructure.actions` carries it out."""

    params: tuple[str, ...]
    doc: str
    #: advice for people, never a change to the organisation
    advisory: bool = False


#: Every action a suggestion may name: its parameters and what it does to the organisation. Rule files are
#: checked against it; the restructuring implements each (a test holds the two to the same names).
ACTIONS: dict[str, ActionSpec] = {
    "move_responsibility": ActionSpec(
        ("responsibility", "from", "to"),
        "Responsibilities (words like ``strategy`` or refs like ``social/kpis``) move from holders to another.",
    ),
    "assign_responsibility": ActionSpec(
        ("responsibility", "to"),
        "The first of the named holders becomes the accountable owner of a responsibility.",
    ),
    "grant_decision_right": ActionSpec(
        ("scope", "responsibility", "to"),
        "A holder is given the decision right over a responsibility on each scope (channel, or ``marcom``).",
    ),
    "move_unit": ActionSpec(
        ("unit", "new_parent"),
        "A unit moves under a new parent; its heads then report to the new parent's head.",
    ),
    "merge_units": ActionSpec(
        ("units", "into"),
        (
            "Units are merged into one: their positions, channels, sub-units, agencies, responsibilities and "
            "links move to it and they are removed. An ``accept:`` on a merged unit is dropped with it, and the "
            "change says so."
        ),
    ),
    "add_link": ActionSpec(
        ("kind", "between"),
        "A collaboration or coordination link between two units, positions or agencies.",
    ),
    "split_role": ActionSpec(
        ("position", "move_out", "to"),
        "A position keeps its operational duties and hands one kind of responsibility (``move_out``) to another.",
    ),
    "consolidate_agencies": ActionSpec(
        ("agencies", "into"),
        (
            "Agencies come under one roof: into a unit (a lead-agency model: marketing contracts and briefs "
            "them), or merged into one agency (which takes over what they serve and hold)."
        ),
    ),
    "retitle_position": ActionSpec(
        ("position", "title"),
        "A position gets a title that says what it does.",
    ),
    "add_sponsor": ActionSpec(
        ("scope", "to"),
        "A position in top management becomes the executive sponsor of a scope.",
    ),
    "reassign_approval": ActionSpec(
        ("channel", "from", "to"),
        (
            "Approvers leave a channel's approval chains (a chain left empty goes) and lose their decision rights "
            "over its approval and publishing; the channel's own people (``to``) decide what is published, within "
            "the strategy's frame."
        ),
    ),
    "define_kpis": ActionSpec(
        ("channel", "owner"),
        "A channel without success criteria gets a KPI tied to a business goal (a placeholder to define).",
    ),
    "replace_kpis": ActionSpec(
        ("channel", "kpis"),
        "The named KPIs of a channel go; if none tied to a business goal is left, one (to define) takes their place.",
    ),
    "trim_kpis": ActionSpec(
        ("channel", "keep"),
        "A channel keeps at most ``keep`` KPIs: those tied to a business goal first, in the file's order.",
    ),
    "attach_budget": ActionSpec(
        ("channel", "to"),
        "The holder of a channel's ROI target is also given its budget to invest.",
    ),
    "involve_voices": ActionSpec(
        ("channel", "coach"),
        (
            "Hub and spoke: customer service (or, without one, the experts' units) takes part in the channels, "
            "coached from marketing (``coach``'s unit and below, which already speak on them)."
        ),
    ),
    "change_reporting": ActionSpec(
        ("position", "reports_to"),
        "A position reports to another manager.",
    ),
    "add_position": ActionSpec(
        ("unit", "title", "reports_to"),
        "A new, vacant post in a unit, reporting to a manager.",
    ),
    "remove_layer": ActionSpec(
        ("position",),
        (
            "A manager's direct reports move up to the manager's own manager; the post stays, without a team. Not "
            "for executives and heads of marketing (their team grows as units join them), nor for the head of a "
            "unit with people in it: the unit would be left without a head, and whether to merge it is for people "
            "to decide."
        ),
    ),
    "split_team": ActionSpec(
        ("position", "max_span"),
        (
            "A manager's direct reports are split, in file order, among new team-lead posts reporting to the "
            "manager: one more lead than the span allows for, so that each team and the manager's own span are "
            "well within it."
        ),
    ),
    "add_deputy": ActionSpec(
        ("position", "channels"),
        (
            "A second person for the channels one position holds alone: its first direct report, else a colleague "
            "in its unit, else a new vacant deputy post; the deputy decides what is published on them."
        ),
    ),
    "assign_agency_contacts": ActionSpec(
        ("contact",),
        (
            "Each agency whose contact is the one named gets a contact in the channel it serves, where the "
            "channel has one of its own: a position holding one of its responsibilities, else one whose title "
            "names its kind."
        ),
    ),
    "appoint_head_of_marketing": ActionSpec(
        ("unit", "reports_to"),
        (
            "Where nobody leads marketing, a new (vacant) head-of-marketing post in a new marketing unit under "
            "``unit``, reporting to ``reports_to``."
        ),
    ),
    "fix_data": ActionSpec(
        ("element", "problem"),
        (
            "Advice: the data is wrong or missing where it comes from (the file or the HR system); only its owner "
            "can fix it."
        ),
        advisory=True,
    ),
    "review_design": ActionSpec(
        ("scope", "topic"),
        "Advice: a design question (spans, layers) across a part of the organisation, for people to answer.",
        advisory=True,
    ),
}
