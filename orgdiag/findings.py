"""What a diagnosis finds: findings and the restructuring they suggest (pydantic, the output boundary)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

#: Severities, from the least to the most serious.
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    """Higher is more serious.

    >>> severity_rank("high") > severity_rank("medium")
    True
    """
    return SEVERITIES.index(severity)


class Suggestion(BaseModel):
    """A concrete change to the organisation: a typed action with its parameters filled from the match.

    A ``fallback`` suggestion is an alternative to the ones before it, taken only when none of them can be.
    """

    model_config = ConfigDict(frozen=True)

    action: str
    params: dict[str, str | list[str]]
    text: str
    fallback: bool = False


class Finding(BaseModel):
    """One problem found: which rule, about what, on which evidence, and what to do."""

    model_config = ConfigDict(frozen=True)

    rule: str
    slug: str
    title: str
    severity: str
    subject: str
    evidence: list[str]
    message: str
    suggestions: list[Suggestion]
    #: the reason a consultant gave for accepting it (``accept:`` on its subject), or None while it is open
    accepted: str | None = None
    #: facts about the subject that an import inferred from words rather than read (see model.Inference)
    inferred: list[str] | None = None

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
