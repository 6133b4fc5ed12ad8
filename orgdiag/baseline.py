"""Baselines: the findings an organisation already had, accepted as they stand, so that a check reports only
what is new (as linters' baselines do for code kept in git).

A baseline file lists findings by rule and subject, the way an ``accept:`` names one; evidence and wording may
change without the finding counting as new. ``orgdiag diagnose --write-baseline FILE`` writes one;
``--baseline FILE`` leaves out every finding it lists and says how many, and how many of its entries no longer
match (fixed since). A baseline names the organisation it was written for, and is refused for another one: the
same rule and subject there (a unit called ``marketing``) is a different finding. A baseline written before it
named its organisation applies to any.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson

from orgdiag.findings import SCHEMA_VERSION, Baselined, Finding, FindingsDocument
from orgdiag.orgfile.read import read_text
from orgdiag.problems import InputError, Problem

Document = TypeVar("Document", bound=FindingsDocument)


@dataclass(frozen=True)
class Baseline:
    """The findings a baseline file holds: (rule code, subject) pairs, the file they came from, and the name of the
    organisation it was written for (None in a baseline written before baselines named it: it applies to any)."""

    file: str
    entries: frozenset[tuple[str, str]]
    organisation: str | None = None

    def applied(self, document: Document) -> Document:
        """The document without the findings this baseline holds; ``baseline`` says how many were left out.

        >>> from orgdiag.diagnosis import diagnose
        >>> from orgdiag.orgfile import load_org
        >>> result = diagnose(load_org("fixtures/demo/nordvik-sport.yaml"))
        >>> known = Baseline("b.json", frozenset({("OD101", "ehandel")}))
        >>> after = known.applied(result)
        >>> len(result.findings) - len(after.findings), after.baseline.hidden, after.baseline.gone
        (1, 1, 0)
        >>> Baseline("b.json", frozenset(), "Other AB").applied(result)
        Traceback (most recent call last):
        ...
        orgdiag.problems.InputError: b.json: organisation: this baseline was written for 'Other AB', not for ...
        """
        self._check_organisation(document.org.organisation.name)
        kept = tuple(f for f in document.findings if (f.rule, f.subject) not in self.entries)
        matched = {(f.rule, f.subject) for f in document.findings} & self.entries
        summary = Baselined(file=self.file, hidden=len(document.findings) - len(kept), gone=len(self.entries - matched))
        return dataclasses.replace(document, findings=kept, baseline=summary)

    def _check_organisation(self, name: str) -> None:
        if self.organisation is None or self.organisation == name:
            return
        message = (
            f"this baseline was written for '{self.organisation}', not for '{name}': its findings would hide the "
            f"same rules' findings on subjects of the same ids there; write one for '{name}' "
            "(orgdiag diagnose ORG --write-baseline FILE)"
        )
        raise InputError([Problem(self.file, None, "organisation", message)])


def baseline_data(document: FindingsDocument) -> dict[str, Any]:
    """A baseline of every open finding of a document, as JSON data: sorted, so that it diffs well in git."""
    entries = sorted({(f.rule, f.slug, f.subject): f for f in document.open_findings}.items())
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": "orgdiag",
        "organisation": document.org.organisation.name,
        "findings": [_entry(finding) for _, finding in entries],
    }


def _entry(finding: Finding) -> dict[str, str]:
    return {"rule": finding.rule, "slug": finding.slug, "subject": finding.subject, "message": finding.message}


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file; :class:`~orgdiag.problems.InputError` names the file and what is wrong with it."""
    return parse_baseline(read_text(path), str(path))


def parse_baseline(text: str, name: str) -> Baseline:
    """A baseline from its JSON text, `name` naming it in problems and in the findings it leaves out."""
    try:
        data = orjson.loads(text)  # stdlib json recurses without bound and reads 5,000-digit numbers
    except orjson.JSONDecodeError as error:
        raise InputError([Problem(name, error.lineno, "", f"not valid JSON: {error.msg}")]) from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list):
        message = "a baseline is an object with a list 'findings' (orgdiag diagnose --write-baseline FILE)"
        raise InputError([Problem(name, None, "", message)])
    problems = [
        Problem(name, None, f"findings[{index}]", "each entry needs a text 'rule' and 'subject'")
        for index, entry in enumerate(findings)
        if not (isinstance(entry, dict) and all(isinstance(entry.get(key), str) for key in ("rule", "subject")))
    ]
    organisation = data.get("organisation")
    if organisation is not None and not isinstance(organisation, str):
        problems.append(Problem(name, None, "organisation", "the organisation's name is text"))
    if problems:
        raise InputError(problems)
    return Baseline(name, frozenset((entry["rule"], entry["subject"]) for entry in findings), organisation)
