"""The findings document every renderer reads: a diagnosis as plain data, and why its rules matter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from orgdiag.coverage import Coverage
from orgdiag.findings.finding import Finding, UnusedAccept
from orgdiag.findings.left_out import Baselined, NotAssessed
from orgdiag.findings.operating_model import OperatingModel
from orgdiag.findings.schema import CoverageJson, FindingsJson
from orgdiag.findings.severity import SEVERITIES, Severity, severity_rank
from orgdiag.model import OrgFile
from orgdiag.problems import one_of
from orgdiag.structure import Structure, structure_of


@dataclass(frozen=True)
class RuleNote:
    """Why a rule matters, as a report cites it: its rationale and the sources it comes from; and its
    documentation page (Markdown), which code-scanning views show as the rule's help."""

    rationale: str
    citations: str
    help: str = ""


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
    #: how the organisation is organised for its channels: every diagnosis has one (``insufficient-evidence`` where
    #: the data cannot tell); None only in a document built by hand without it
    operating_model: OperatingModel | None = None

    @property
    def structure(self) -> Structure:
        """The organisation's depths, spans, layers and unit totals: measured once for the organisation (the
        diagnosis's facts read the same), so that every table, chart and slide shows what the rules judged."""
        return structure_of(self.org)

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        """The findings nobody has accepted: what the severity summary and ``--fail-on`` count."""
        return tuple(f for f in self.findings if f.accepted is None)

    def at_least(self, severity: Severity) -> tuple[Finding, ...]:
        """The open findings at least as serious as `severity` (what ``--fail-on`` fails on); a name that is no
        severity is an :class:`~orgdiag.problems.ArgumentError`."""
        least = SEVERITIES.index(one_of(severity, SEVERITIES, "Diagnosis.at_least", "severity"))
        return tuple(f for f in self.open_findings if severity_rank(f.severity) >= least)

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
