"""What restructuring returns, as plain data the renderers read: the changes made, the suggestions not applied,
and the comparison of the diagnoses before and after."""

from __future__ import annotations

from dataclasses import dataclass

from orgdiag.findings import Finding, FindingsDocument, Suggestion, severity_rank
from orgdiag.model import OrgFile
from orgdiag.restructuring.diff import Difference
from orgdiag.restructuring.draft import Edit


@dataclass(frozen=True)
class Evidence:
    """An entry of the organisation a change rests on: how a message names it, where it comes from and how sure the
    consultant is of it (``assumed``, ``stated``, ``verified``; None where the entry does not say)."""

    entry: str
    #: the id of the unit, position, channel or agency; None for a KPI, budget, approval, experiment or link
    element: str | None = None
    source: str | None = None
    confidence: str | None = None


@dataclass(frozen=True)
class Change:
    """A suggestion applied: what it answers, what it did and the entries it rests on."""

    number: int
    round: int
    finding: Finding
    suggestion: Suggestion
    edits: tuple[Edit, ...]
    rests_on: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class NotApplied:
    """A suggestion that was not applied, and why: it could not be, it is advice for people, or (``workshop``) it
    rests on assumed or inferred facts and is a proposal for the workshop, with what it would do."""

    finding: Finding
    suggestion: Suggestion
    reason: str
    advisory: bool
    rests_on: tuple[Evidence, ...] = ()
    workshop: bool = False
    #: what a proposal for the workshop would do, once its facts are confirmed
    would: tuple[Edit, ...] = ()
    #: a guard rail refused it (docs/restructuring.md), rather than the organisation lacking what it needs
    refused: bool = False

    def key(self) -> tuple[str, str, str, str]:
        """Which suggestion of which finding it is, across rounds."""
        return (*finding_key(self.finding), self.suggestion.action, self.suggestion.text)


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
    def for_workshop(self) -> tuple[NotApplied, ...]:
        """The changes held back because they rest on assumed or inferred facts: proposals for the workshop."""
        return tuple(item for item in self.not_applied if item.workshop)

    @property
    def org(self) -> OrgFile:
        return self.comparison.after.org
