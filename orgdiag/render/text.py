"""The terminal summary of a diagnosis."""

from __future__ import annotations

import re

from orgdiag.diagnosis import Diagnosis

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


def summary_line(diagnosis: Diagnosis) -> str:
    counts = diagnosis.by_severity()
    total = len(diagnosis.findings)
    if not total:
        return f"{clean(diagnosis.org.organisation.name)}: no findings"
    parts = ", ".join(f"{n} {severity}" for severity, n in counts.items())
    return f"{clean(diagnosis.org.organisation.name)}: {total} finding{'s' if total != 1 else ''} ({parts})"


def render_text(diagnosis: Diagnosis) -> str:
    """A readable summary: one block per finding, most serious first."""
    lines = [summary_line(diagnosis), ""]
    for finding in diagnosis.findings:
        lines.append(f"{finding.severity.upper():9} {finding.rule} {finding.slug}  [{clean(finding.subject)}]")
        lines.append(f"          {clean(finding.message)}")
        lines.append(f"          evidence: {clean(', '.join(finding.evidence))}")
        for suggestion in finding.suggestions:
            lines.append(f"          -> {clean(suggestion.text)}")
        lines.append("")
    return "\n".join(lines)
