"""A comparison and a restructuring's changes in Markdown: report.md and changes.md."""

from __future__ import annotations

from orgdiag.findings import Finding
from orgdiag.render.comparison.text import findings_line, summary_line
from orgdiag.render.report import md
from orgdiag.render.touched import touched_units
from orgdiag.restructuring.results import Comparison, Restructuring, finding_key


def _finding_line(finding: Finding) -> str:
    subject = f"\\[{md(finding.subject)}\\]"
    return f"{finding.severity} **{md(finding.rule)}** {md(finding.slug)} {subject}: {md(finding.message)}"


def changes_markdown(result: Restructuring) -> str:
    """The changes, numbered, each with the finding it answers and what it did; then what was not applied."""
    lines = [f"# Changes proposed for {md(result.org.organisation.name)}", "", summary_line(result), ""]
    for change in result.changes:
        lines += [
            f"## {change.number}. `{change.suggestion.action}` (round {change.round})",
            "",
            f"Answers {_finding_line(change.finding)}",
            "",
            f"{md(change.suggestion.text)}",
            "",
            *(f"- {edit.mark}: {md(edit.text)}" for edit in change.edits),
            "",
        ]
    if result.not_applied:
        lines += ["## Not applied", ""]
        lines += [
            f"- `{item.suggestion.action}` for {_finding_line(item.finding).rstrip('.')}. "
            f"{'Advice for people: ' if item.advisory else 'Not applicable: '}{md(item.reason)}."
            for item in result.not_applied
        ]
        lines.append("")
    return "\n".join(lines)


def comparison_report(
    comparison: Comparison, result: Restructuring | None = None, details: tuple[str, ...] = ()
) -> str:
    """report.md: the picture (and, for a large organisation, each touched unit before and after: `details`),
    the findings resolved, remaining and introduced, and what differs."""
    answered: dict[tuple[str, str], list[str]] = {}
    for change in result.changes if result else ():
        answered.setdefault(finding_key(change.finding), []).append(str(change.number))
    why_not: dict[tuple[str, str], list[str]] = {}
    for item in result.not_applied if result else ():
        why_not.setdefault(finding_key(item.finding), []).append(f"{item.suggestion.action}: {item.reason}")
    title = "Restructuring" if result else "Comparison"
    lines = [
        f"# {title}: {md(comparison.before.org.organisation.name)}",
        "",
        "![Before and after](before-after.svg)",
        "",
        summary_line(result) if result else findings_line(comparison),
        "",
    ]
    if details:
        touched = len(touched_units(comparison))
        more = f" (the first {len(details)} of {touched})" if touched > len(details) else ""
        lines += [
            f"The organisations are too large to draw in full; the units the changes touch{more}, before and after:",
            "",
            *(line for name in details for line in (f"![Before and after: {md(name)}]({name})", "")),
        ]
    if result:
        lines += [
            "The changes, each with the finding it answers, are in [changes.md](changes.md); the proposed "
            "organisation is [after.yaml](after.yaml).",
            "",
        ]
    lines += _findings_table("Findings resolved", comparison.resolved, answered, "changes", ", ")
    lines += _findings_table("Findings remaining", comparison.remaining, why_not, "why", "; ")
    lines += _findings_table("Findings introduced", comparison.introduced, why_not, "why", "; ")
    lines += ["## What differs", ""]
    lines += [f"- {d.mark}: {md(d.text)}" for d in comparison.differences] or [
        "Nothing: the organisations are the same."
    ]
    return "\n".join([*lines, ""])


def _findings_table(
    heading: str, findings: tuple[Finding, ...], notes: dict[tuple[str, str], list[str]], column: str, joint: str
) -> list[str]:
    lines = [f"## {heading} ({len(findings)})", ""]
    if not findings:
        return [*lines, "None.", ""]
    lines += [f"| severity | rule | subject | finding | {column} |", "|---|---|---|---|---|"]
    for finding in findings:
        note = notes.get(finding_key(finding))
        lines.append(
            f"| {finding.severity} | {md(finding.rule)} {md(finding.slug)} | {md(finding.subject)} | "
            f"{md(finding.message)} | {md(joint.join(note)) if note else ''} |"
        )
    return [*lines, ""]
