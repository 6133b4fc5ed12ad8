"""What a diagnosis finds, as plain data: findings, the restructuring they suggest, the actions a suggestion
may name, and the findings document every renderer reads (the output boundary: nothing here runs rules)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from orgdiag.coverage import Coverage, UnitCount
from orgdiag.model import Organisation, OrgFile

#: The version of every JSON document orgdiag writes (findings, changes, comparison, import report, rules list):
#: its major number changes only when a field is removed or changes meaning; adding a field keeps it.
SCHEMA_VERSION = "1.2"

#: How serious a finding is.
Severity = Literal["info", "low", "medium", "high", "critical"]
#: Severities, from the least to the most serious.
SEVERITIES: tuple[Severity, ...] = get_args(Severity)


def severity_rank(severity: str) -> int:
    """Higher is more serious.

    >>> severity_rank("high") > severity_rank("medium")
    True
    """
    return SEVERITIES.index(severity)


class Suggestion(BaseModel):
    """A concrete change to the organisation: a typed action with its parameters filled from the match.

    A ``fallback`` suggestion is an alternative to the ones before it, taken only when none of them can be.
    Each parameter has one shape per action (:data:`ACTIONS`: a list where the action takes several values, else
    one text); :meth:`value` and :meth:`values` read them typed.
    """

    model_config = ConfigDict(frozen=True)

    action: str
    params: dict[str, str | list[str]]
    text: str
    fallback: bool = False

    def value(self, name: str) -> str:
        """A parameter that holds one value ("" when the suggestion does not give it).

        >>> Suggestion(action="move_unit", params={"unit": "web", "new_parent": "hq"}, text="").value("unit")
        'web'
        """
        value = self.params.get(name, "")
        return value if isinstance(value, str) else ", ".join(value)

    def values(self, name: str) -> list[str]:
        """A parameter that holds a list of values (empty when the suggestion does not give it).

        >>> Suggestion(action="merge_units", params={"units": ["a", "b"], "into": "c"}, text="").values("units")
        ['a', 'b']
        """
        value = self.params.get(name, [])
        return [value] if isinstance(value, str) else list(value)


class Finding(BaseModel):
    """One problem found: which rule, about what, on which evidence, and what to do."""

    model_config = ConfigDict(frozen=True)

    rule: str
    slug: str
    title: str
    severity: Severity
    subject: str
    evidence: list[str]
    message: str
    suggestions: list[Suggestion]
    #: the reason a consultant gave for accepting it (``accept:`` on its subject), or None while it is open
    accepted: str | None = None
    #: the facts inferred from words (not stated) that the finding rests on (see model.Inference)
    inferred: list[str] | None = None
    #: the rule's own severity, when the finding's is lowered because it rests on inferred facts
    stated_severity: Severity | None = None

    def fingerprint(self) -> str:
        """What identifies the finding across runs and edits of the organisation: its rule and subject (as an
        ``accept:`` names it), hashed. Baselines and SARIF use it.

        >>> Finding(rule="OD101", slug="channel-silo", title="", severity="high", subject="web", evidence=[],
        ...     message="", suggestions=[]).fingerprint()[:12]
        'df363c484562'
        """
        return hashlib.sha256(f"{self.rule}\0{self.subject}".encode()).hexdigest()

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
    """Why a rule matters, as a report cites it: its rationale and the sources it comes from; and its
    documentation page (Markdown), which code-scanning views show as the rule's help."""

    rationale: str
    citations: str
    help: str = ""


class OperatingModel(BaseModel):
    """Which operating model the organisation has for its channels (Owyang's five ways companies organise), as far
    as its data tells: a model, "mixed" when the signals conflict or fit none, "insufficient-evidence" when the
    data cannot tell (docs/operating-models.md)."""

    model_config = ConfigDict(frozen=True)

    #: a model's id (``organic``, ``centralized``, ``hub-and-spoke``, ``dandelion``, ``honeycomb``), ``mixed`` or
    #: ``insufficient-evidence``
    model: str
    name: str
    #: high when every kind of fact behind it is stated, medium when some are only inferred from words
    confidence: Literal["high", "medium"] | None = None
    #: why, in a sentence or two a client can read
    why: str
    #: the models whose every condition holds
    holding: list[str] = Field(default_factory=list)
    #: the measures the models are told apart by
    measures: dict[str, float | int | bool] = Field(default_factory=dict)
    #: the elements behind the measures (the central group's units, the spokes, the hubs …)
    evidence: dict[str, list[str]] = Field(default_factory=dict)
    #: the next model on the path of maturity (organic → hub and spoke → dandelion → honeycomb)
    next: str | None = None
    #: the model the organisation declares as its target (``organisation.operating_model``), and its name
    declared: str | None = None
    declared_name: str | None = None
    #: the conditions of the declared model the organisation does not meet, in words (none when the data cannot
    #: tell)
    gaps: list[str] = Field(default_factory=list)


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
    #: the findings a baseline file holds, left out of :attr:`findings` (``--baseline``)
    baseline: Baselined | None = None
    #: how the organisation is organised for its channels
    operating_model: OperatingModel | None = None

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        """The findings nobody has accepted: what the severity summary and ``--fail-on`` count."""
        return tuple(f for f in self.findings if f.accepted is None)

    def at_least(self, severity: Severity) -> tuple[Finding, ...]:
        """The open findings at least as serious as `severity` (what ``--fail-on`` fails on)."""
        return tuple(f for f in self.open_findings if severity_rank(f.severity) >= severity_rank(severity))

    @property
    def accepted_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.accepted is not None)

    def by_severity(self) -> dict[Severity, int]:
        """How many open findings of each severity, most serious first, zero counts left out."""
        counts: dict[Severity, int] = {}
        for finding in self.open_findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -severity_rank(item[0])))

    def to_json_data(self) -> dict[str, Any]:
        """What ``orgdiag diagnose --format json`` prints and findings.json holds (:class:`FindingsJson`)."""
        coverage = None
        if self.coverage is not None:
            coverage = CoverageJson(**asdict(self.coverage), summary=self.coverage.sentence())
        assessed = bool(self.assessed or self.not_assessed)
        document = FindingsJson(
            organisation=self.org.organisation,
            profiles=list(self.profiles),
            findings=list(self.findings),
            unused_accepts=list(self.unused_accepts),
            coverage=coverage,
            assessed={family: list(codes) for family, codes in self.assessed.items()} if assessed else None,
            not_assessed=list(self.not_assessed) if assessed else None,
            baseline=self.baseline,
            operating_model=self.operating_model,
        )
        return document.model_dump(mode="json", exclude_none=True)


class CoverageJson(BaseModel):
    """What the data covers (:class:`~orgdiag.coverage.Coverage`), with the sentence the reports print."""

    kinds: dict[str, Literal["stated", "inferred", "absent"]]
    live_posts: int
    vacant_posts: int
    abolished_posts: int
    staff_fte: float
    posts_with_staff: int
    staff_under_abolished: float
    units: dict[str, UnitCount]
    summary: str


class Baselined(BaseModel):
    """Findings left out because a baseline file lists them (``--baseline``): accepted as they were."""

    model_config = ConfigDict(frozen=True)

    file: str
    #: how many findings of the diagnosis the baseline holds, and so are not reported
    hidden: int
    #: baseline entries that matched no finding: fixed since it was written
    gone: int


class FindingsJson(BaseModel):
    """The findings document as JSON: what ``orgdiag diagnose --format json`` prints and findings.json holds.
    ``orgdiag schema --findings`` prints its JSON Schema."""

    model_config = ConfigDict(title="orgdiag findings document", extra="forbid")

    schema_version: str = Field(default=SCHEMA_VERSION, description="major.minor of this document's form")
    organisation: Organisation
    #: the threshold profiles applied, in order
    profiles: list[str]
    #: every finding, most serious first; an accepted one says why (``accepted``)
    findings: list[Finding]
    unused_accepts: list[UnusedAccept]
    coverage: CoverageJson | None = None
    #: by family, the codes of the rules that were run
    assessed: dict[str, list[str]] | None = None
    #: the rules not run for want of data, and what they lacked
    not_assessed: list[NotAssessed] | None = None
    baseline: Baselined | None = None
    operating_model: OperatingModel | None = None


@dataclass(frozen=True)
class ActionSpec:
    """What a suggestion's action takes and does; :mod:`orgdiag.restructure.actions` carries it out."""

    params: tuple[str, ...]
    doc: str
    #: the parameters that hold a list of values (ids, words); every other one holds one value, as text
    lists: tuple[str, ...] = ()
    #: advice for people, never a change to the organisation
    advisory: bool = False

    def shaped(self, params: Mapping[str, str | list[str]]) -> dict[str, str | list[str]]:
        """Parameters in this action's one shape: a list where :attr:`lists` says so, else one text (the first
        of a list, as the action reads it).

        >>> ACTIONS["merge_units"].shaped({"units": "a", "into": ["b"]})
        {'units': ['a'], 'into': 'b'}
        """
        shaped: dict[str, str | list[str]] = {}
        for name, value in params.items():
            if name in self.lists:
                shaped[name] = [value] if isinstance(value, str) else list(value)
            else:
                shaped[name] = value if isinstance(value, str) else (value[0] if value else "")
        return shaped


#: Every action a suggestion may name: its parameters and what it does to the organisation. Rule files are
#: checked against it; the restructuring implements each (a test holds the two to the same names).
ACTIONS: dict[str, ActionSpec] = {
    "move_responsibility": ActionSpec(
        ("responsibility", "from", "to"),
        "Responsibilities (words like ``strategy`` or refs like ``social/kpis``) move from holders to another.",
        lists=("responsibility", "from"),
    ),
    "assign_responsibility": ActionSpec(
        ("responsibility", "to"),
        "The first of the named holders becomes the accountable owner of a responsibility.",
        lists=("to",),
    ),
    "grant_decision_right": ActionSpec(
        ("scope", "responsibility", "to"),
        "A holder is given the decision right over a responsibility on each scope (channel, or ``marcom``).",
        lists=("scope",),
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
        lists=("units",),
    ),
    "add_link": ActionSpec(
        ("kind", "between"),
        "A collaboration or coordination link between two units, positions or agencies.",
        lists=("between",),
    ),
    "split_role": ActionSpec(
        ("position", "move_out", "to"),
        "A position keeps its operational duties and hands one kind of responsibility (``move_out``) to another.",
        lists=("move_out",),
    ),
    "consolidate_agencies": ActionSpec(
        ("agencies", "into"),
        (
            "Agencies come under one roof: into a unit (a lead-agency model: marketing contracts and briefs "
            "them), or merged into one agency (which takes over what they serve and hold)."
        ),
        lists=("agencies",),
    ),
    "retitle_position": ActionSpec(
        ("position", "title"),
        "A position gets a title that says what it does.",
    ),
    "add_sponsor": ActionSpec(
        ("scope", "to"),
        "A position in top management becomes the executive sponsor of a scope.",
        lists=("to",),
    ),
    "reassign_approval": ActionSpec(
        ("channel", "from", "to"),
        (
            "Approvers leave a channel's approval chains (a chain left empty goes) and lose their decision rights "
            "over its approval and publishing; the channel's own people (``to``) decide what is published, within "
            "the strategy's frame."
        ),
        lists=("from",),
    ),
    "define_kpis": ActionSpec(
        ("channel", "owner"),
        "A channel without success criteria gets a KPI tied to a business goal (a placeholder to define).",
    ),
    "replace_kpis": ActionSpec(
        ("channel", "kpis"),
        "The named KPIs of a channel go; if none tied to a business goal is left, one (to define) takes their place.",
        lists=("kpis",),
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
        lists=("channel",),
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
        lists=("channels",),
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
        lists=("element",),
        advisory=True,
    ),
    "review_design": ActionSpec(
        ("scope", "topic"),
        "Advice: a design question (spans, layers) across a part of the organisation, for people to answer.",
        advisory=True,
    ),
}
