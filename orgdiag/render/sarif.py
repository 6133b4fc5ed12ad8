"""The findings as SARIF 2.1.0, the format code-scanning views read (GitHub, GitLab, editors): for organisations
kept in git, each finding shows on the line of the org file that declares its subject.

SARIF is a static-analysis format; orgdiag's findings map onto it directly: a rule is a SARIF rule (its code the
id, its slug the name, its documentation page the help), a finding a result at its subject's line, its evidence
related locations, an accepted finding a suppression with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orgdiag.findings import Finding, FindingsDocument, RuleNote, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"

#: SARIF's levels for orgdiag's severities.
LEVELS: dict[Severity, str] = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def sarif_log(
    document: FindingsDocument, artifact: str | None, lines: Mapping[str, int], tool_version: str
) -> dict[str, Any]:
    """The SARIF log of one diagnosis.

    `artifact` is the org file's path as a relative URI (posix slashes), or None when the organisation was not
    read from one file (an import); `lines` the line that declares each element in it. A finding whose subject
    has no line (a whole-organisation finding) is placed at the file without a line.

    >>> from orgdiag.diagnosis import diagnose
    >>> from orgdiag.orgfile import load_org
    >>> log = sarif_log(diagnose(load_org("fixtures/demo/nordvik-sport.yaml")), "org.yaml", {"marknad": 12}, "1")
    >>> log["version"], log["runs"][0]["tool"]["driver"]["name"]
    ('2.1.0', 'orgdiag')
    """
    codes = sorted({finding.rule for finding in document.findings})
    rules = [_rule(code, document) for code in codes]
    results = [_result(finding, codes.index(finding.rule), artifact, lines) for finding in document.findings]
    driver: dict[str, Any] = {
        "name": "orgdiag",
        "version": tool_version,
        "semanticVersion": tool_version,
        "rules": rules,
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"organisation": document.org.organisation.name, "profiles": list(document.profiles)},
    }
    if artifact is not None:
        run["artifacts"] = [{"location": {"uri": artifact}, "roles": ["analysisTarget"]}]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _rule(code: str, document: FindingsDocument) -> dict[str, Any]:
    example = next(f for f in document.findings if f.rule == code)
    note = document.notes.get(code, RuleNote("", ""))
    rule: dict[str, Any] = {
        "id": code,
        "name": example.slug,
        "shortDescription": {"text": example.title},
        "defaultConfiguration": {"level": LEVELS[example.stated_severity or example.severity]},
        "properties": {"severity": example.stated_severity or example.severity},
    }
    if note.rationale:
        rule["fullDescription"] = {"text": " ".join(note.rationale.split())}
    if note.help:
        rule["help"] = {"text": " ".join(note.rationale.split()) or example.title, "markdown": note.help}
    return rule


def _result(finding: Finding, index: int, artifact: str | None, lines: Mapping[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.subject, artifact, lines)],
        "partialFingerprints": {"orgdiagFinding/v1": finding.fingerprint()},
        "properties": {
            "severity": finding.severity,
            "slug": finding.slug,
            "subject": finding.subject,
            "suggestions": [suggestion.text for suggestion in finding.suggestions],
        },
    }
    related = [
        {"id": number, **_location(element, artifact, lines)}
        for number, element in enumerate(finding.evidence)
        if element != finding.subject
    ]
    if related:
        result["relatedLocations"] = related
    if finding.accepted is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.accepted}]
    return result


def _location(element: str, artifact: str | None, lines: Mapping[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"logicalLocations": [{"name": element, "kind": "element"}]}
    if artifact is not None:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact}}
        if element in lines:
            physical["region"] = {"startLine": lines[element]}
        location["physicalLocation"] = physical
    return location
