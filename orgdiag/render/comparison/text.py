"""The lines ``orgdiag compare`` and ``orgdiag restructure`` print, and the summary line the reports open with."""

from __future__ import annotations

from orgdiag.naming import plural
from orgdiag.render.text import clean
from orgdiag.restructuring.results import Comparison, Restructuring


def summary_line(result: Restructuring) -> str:
    """One line: the changes made and what they did to the findings."""
    settled = "" if result.settled else f" (stopped after {result.rounds} rounds: more could still apply)"
    changes = len(result.changes)
    proposed = len(result.for_workshop)
    workshop = f" and {proposed} {plural('proposal', proposed)} for the workshop" if proposed else ""
    return (
        f"{changes} {plural('change', changes)}{workshop} in {result.rounds} {plural('round', result.rounds)}"
        f"{settled}; " + findings_line(result.comparison)
    )


def restructuring_text(result: Restructuring) -> str:
    """What ``orgdiag restructure`` prints: the summary line, then each change and what it did."""
    lines = [f"{clean(result.comparison.before.org.organisation.name)}: {summary_line(result)}"]
    for change in result.changes:
        touched = "; ".join(edit.text for edit in change.edits)
        lines.append(
            f"  {change.number:>3}. {change.finding.rule} [{clean(change.finding.subject)}] "
            f"{change.suggestion.action}: {clean(touched)}"
        )
    return "\n".join(lines) + "\n"


def comparison_text(comparison: Comparison) -> str:
    """What ``orgdiag compare`` prints: the summary line, then each finding the proposal introduces."""
    name = clean(comparison.before.org.organisation.name)
    lines = [f"{name}: {findings_line(comparison)}; {len(comparison.differences)} differences"]
    lines += [f"  introduced: {f.severity} {f.rule} {f.slug} [{clean(f.subject)}]" for f in comparison.introduced]
    return "\n".join(lines) + "\n"


def findings_line(comparison: Comparison) -> str:
    high = comparison.introduced_at_least("high")
    worst = f"{len(high)} of them high or above" if high else "none high or above"
    return (
        f"findings {len(comparison.before.open_findings)} → {len(comparison.after.open_findings)}: "
        f"{len(comparison.resolved)} resolved, {len(comparison.remaining)} remaining, "
        f"{len(comparison.introduced)} introduced ({worst})"
    )
