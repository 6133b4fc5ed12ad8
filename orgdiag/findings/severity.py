"""How serious a finding is, and the order of seriousness."""

from __future__ import annotations

from typing import Literal, get_args

from orgdiag.problems import one_of

#: How serious a finding is.
Severity = Literal["info", "low", "medium", "high", "critical"]
#: Severities, from the least to the most serious.
SEVERITIES: tuple[Severity, ...] = get_args(Severity)


def severity_rank(severity: str) -> int:
    """Higher is more serious; a name that is no severity is an :class:`~orgdiag.problems.ArgumentError`.

    >>> severity_rank("high") > severity_rank("medium")
    True
    """
    return SEVERITIES.index(one_of(severity, SEVERITIES, "severity_rank", "severity"))
