"""A comparison and a restructuring's changes in Markdown: report.md and changes.md."""

from __future__ import annotations

from orgdiag.findings import Finding
from orgdiag.render.comparison.text import findings_line, summary_line
from orgdiag.render.report import md
from orgdiag.render.touched import touched_units
from orgdiag.restructuring.results import Comparison, Evidence, NotApplied, Restructuring, finding_key


def _finding_line(finding: Finding) -> str:
    subject = f"\\[{md(finding.subject)}\\]"
    return f"{finding.severity} **{md(finding.rule)}** {md(finding.slug)} {subject}: {md(finding.message)}"


def changes_markdown(result: Restructuring) -> str:
    """The changes, numbered, each with the finding it answers, what it did and what it rests on; then the proposals
    for the workshop (changes that rest on assumed or inferred facts), and what was not applied and why."""
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
            rests_on_line(change.rests_on, change.finding),
            "",
        ]
    workshop = result.for_workshop
    if workshop:
        lines += ["## For the workshop", "", WORKSHOP_NOTE, ""]
        lines += [*map(_workshop_line, workshop), ""]
    others = [item for item in result.not_applied if not item.workshop]
    if others:
        lines += ["## Not applied", ""]
        lines += [
            f"- `{item.suggestion.action}` for {_finding_line(item.finding).rstrip('.')}. "
            f"{_why_not_label(item)}{md(item.reason)}."
            for item in others
        ]
        lines.append("")
    return "\n".join(lines)


#: What the proposals for the workshop are, as changes.md says it above them.
WORKSHOP_NOTE = (
    "These changes rest on facts marked as assumed, or inferred from words, and are not made: confirm the facts in "
    "the workshop (state them, or mark them stated or verified) and restructure again."
)


def _workshop_line(item: NotApplied) -> str:
    """A proposal for the workshop: the finding, what the change would do, what it rests on, why it is held back."""
    would = "; ".join(dict.fromkeys(edit.text for edit in item.would))
    return (
        f"- `{item.suggestion.action}` for {_finding_line(item.finding).rstrip('.')}. Would: {md(would)}. "
        f"{rests_on_line(item.rests_on, item.finding)} Held back: {md(item.reason)}."
    )


def _why_not_label(item: NotApplied) -> str:
    if item.advisory:
        return "Advice for people: "
    return "Refused: " if item.refused else "Not applicable: "


def rests_on_line(rests_on: tuple[Evidence, ...], finding: Finding) -> str:
    """The entries a change rests on, each with its source and confidence where it gives them, and the facts inferred
    from words or marked assumed.

    >>> rests_on_line((Evidence("Web (web)", "web", "interview", "stated"), Evidence("Marketing (mkt)", "mkt")),
    ...     Finding(rule="OD101", slug="channel-silo", title="", severity="high", subject="web", evidence=[],
    ...             message="", suggestions=[]))
    'Rests on: Web (web), from interview, stated; Marketing (mkt).'
    """
    cited = [
        ", ".join(
            [md(e.entry), *([f"from {md(e.source)}"] if e.source else []), *([e.confidence] if e.confidence else [])]
        )
        for e in rests_on
    ]
    line = f"Rests on: {'; '.join(cited)}." if cited else "Rests on: no entry of the organisation."
    if cited and not any(e.source or e.confidence for e in rests_on):
        line = line[:-1] + " (none gives its source or confidence)."
    unstated = [md(text) for text in [*(finding.inferred or ()), *(finding.assumed or ())]]
    return line + (f" Not stated: {'; '.join(unstated)}." if unstated else "")


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
