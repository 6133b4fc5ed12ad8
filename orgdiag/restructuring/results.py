"""What restructuring returns, as plain data the renderers read: the changes made, the suggestions not applied,
and the comparison of the diagnoses before and after."""

from __future__ import annotations

from dataclasses import dataclass

from orgdiag.findings import Finding, FindingsDocument, Suggestion, severity_rank
from orgdiag.model import OrgFile
from orgdiag.restructuring.diff import Difference
from orgdiag.restructuring.draft import Edit


@dataclass(frozen=True)
class Change:
    """A suggestion applied: what it answers and what it did."""

    number: int
    round: int
    finding: Finding
    suggestion: Suggestion
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class NotApplied:
    """A suggestion that could not be applied, and why."""

    finding: Finding
    suggestion: Suggestion
    reason: str
    advisory: bool


@dataclass(frozen=True)
class Applied:
    """The organisation after one round of changes."""

    org: OrgFile
    changes: tuple[Change, ...]
    not_applied: tuple[NotApplied, ...]


def finding_key(finding: Finding) -> tuple[str, str]:
    """A finding's identity across two diagnoses: its rule and its subject (the evidence may change)."""
    return finding.rule, finding.subject


@dataclass(frozen=True)
class Comparison:
    """Two diagnoses of an organisation before and after a change, and what changed between them."""

    before: FindingsDocument
    after: FindingsDocument
    resolved: tuple[Finding, ...]
    remaining: tuple[Finding, ...]
    introduced: tuple[Finding, ...]
    differences: tuple[Difference, ...]

    def introduced_at_least(self, severity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.introduced if severity_rank(f.severity) >= severity_rank(severity))


@dataclass(frozen=True)
class Restructuring:
    """What ``orgdiag restructure`` does: the changes made over its rounds, and the comparison."""

    comparison: Comparison
    changes: tuple[Change, ...]
    not_applied: tuple[NotApplied, ...]
    rounds: int
    #: no suggestion applies to the result any more (restructuring it again changes nothing)
    settled: bool

    @property
    def org(self) -> OrgFile:
        return self.comparison.after.org
