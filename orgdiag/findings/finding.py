"""What a diagnosis finds: a finding, the restructuring it suggests, and an ``accept:`` that matched none."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict

from orgdiag.findings.severity import Severity, severity_rank


class Suggestion(BaseModel):
    """A concrete change to the organisation: a typed action with its parameters filled from the match.

    A ``fallback`` suggestion is an alternative to the ones before it, taken only when none of them can be.
    Each parameter has one shape per action (:data:`ACTIONS`: a list where the action takes several values, else
    one text); :meth:`value` and :meth:`values` read them typed.
    """

    model_config = ConfigDict(frozen=True)

    action: str
    params: dict[str, str | list[str]]
    text: str
    fallback: bool = False

    def value(self, name: str) -> str:
        """A parameter that holds one value ("" when the suggestion does not give it).

        >>> Suggestion(action="move_unit", params={"unit": "web", "new_parent": "hq"}, text="").value("unit")
        'web'
        """
        value = self.params.get(name, "")
        return value if isinstance(value, str) else ", ".join(value)

    def values(self, name: str) -> list[str]:
        """A parameter that holds a list of values (empty when the suggestion does not give it).

        >>> Suggestion(action="merge_units", params={"units": ["a", "b"], "into": "c"}, text="").values("units")
        ['a', 'b']
        """
        value = self.params.get(name, [])
        return [value] if isinstance(value, str) else list(value)


class Finding(BaseModel):
    """One problem found: which rule, about what, on which evidence, and what to do."""

    model_config = ConfigDict(frozen=True)

    rule: str
    slug: str
    title: str
    severity: Severity
    subject: str
    evidence: list[str]
    message: str
    suggestions: list[Suggestion]
    #: the reason a consultant gave for accepting it (``accept:`` on its subject), or None while it is open
    accepted: str | None = None
    #: the facts inferred from words (not stated) that the finding rests on (see model.Inference)
    inferred: list[str] | None = None
    #: the entries the finding rests on that the consultant marked ``confidence: assumed``, with their sources
    assumed: list[str] | None = None
    #: the rule's own severity, when the finding's is lowered because it rests on inferred facts
    stated_severity: Severity | None = None

    def fingerprint(self) -> str:
        """What identifies the finding across runs and edits of the organisation: its rule and subject (as an
        ``accept:`` names it), hashed. Baselines and SARIF use it.

        >>> Finding(rule="OD101", slug="channel-silo", title="", severity="high", subject="web", evidence=[],
        ...     message="", suggestions=[]).fingerprint()[:12]
        'df363c484562'
        """
        return hashlib.sha256(f"{self.rule}\0{self.subject}".encode()).hexdigest()

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
