"""The terminal summary of a diagnosis."""

from __future__ import annotations

import re

from orgdiag.findings import Finding, FindingsDocument

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def strip_control(text: str) -> str:
    r"""Control characters removed, tabs and newlines kept (for the diagram and the report, which lay them out).

    >>> strip_control("a\x00b\nc")
    'ab\nc'
    """
    return _CONTROL_BUT_LAYOUT.sub("", text)


def clean(text: str) -> str:
    """User text made safe for a terminal: control characters (escape sequences) removed.

    >>> clean("ok\\x1b[31mred")
    'ok[31mred'
    """
    return _CONTROL.sub("", text)


def summary_line(diagnosis: FindingsDocument) -> str:
    """ "Name: N findings (1 critical, 2 high)", counting open findings; accepted ones are added apart."""
    counts = diagnosis.by_severity()
    total = len(diagnosis.open_findings)
    accepted = len(diagnosis.accepted_findings)
    also = f"; {accepted} accepted" if accepted else ""
    if not total:
        return f"{clean(diagnosis.org.organisation.name)}: no findings{also}"
    parts = ", ".join(f"{n} {severity}" for severity, n in counts.items())
    return f"{clean(diagnosis.org.organisation.name)}: {total} finding{'s' if total != 1 else ''} ({parts}){also}"


def _block(finding: Finding) -> list[str]:
    lines = [
        f"{finding.severity.upper():9} {finding.rule} {finding.slug}  [{clean(finding.subject)}]",
        f"          {clean(finding.message)}",
        f"          evidence: {clean(', '.join(finding.evidence))}",
        *(f"          inferred: {clean(text)}" for text in finding.inferred or ()),
    ]
    if finding.accepted is not None:
        return [*lines, f"          accepted: {clean(finding.accepted)}", ""]
    return [*lines, *(f"          -> {clean(s.text)}" for s in finding.suggestions), ""]


def render_text(diagnosis: FindingsDocument) -> str:
    """A readable summary: one block per open finding, most serious first; then accepted findings and accepts
    that matched nothing."""
    lines = [summary_line(diagnosis), f"Profiles: {', '.join(diagnosis.profiles)}", ""]
    for finding in diagnosis.open_findings:
        lines += _block(finding)
    if diagnosis.accepted_findings:
        lines += ["Accepted (not counted above):", ""]
        for finding in diagnosis.accepted_findings:
            lines += _block(finding)
    if diagnosis.unused_accepts:
        lines += ["Accepts that matched no finding:", ""]
        for accept in diagnosis.unused_accepts:
            lines.append(f"  {clean(accept.element)}: accept {clean(accept.rule)}: {clean(accept.why)}")
        lines.append("")
    return "\n".join(lines)
