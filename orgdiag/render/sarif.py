"""The findings as SARIF 2.1.0, the format code-scanning views read (GitHub, GitLab, editors): for organisations
kept in git, each finding shows on the line of the org file that declares its subject.

SARIF is a static-analysis format; orgdiag's findings map onto it directly: a rule is a SARIF rule (its code the
id, its slug the name, its documentation page the help), a finding a result at its subject's line, its evidence
related locations, an accepted finding a suppression with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from orgdiag.findings import Finding, FindingsDocument, RuleNote, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"

#: SARIF's levels for orgdiag's severities.
LEVELS: dict[Severity, str] = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


#: The artifact of an organisation read from standard input: it has no file, and each result still needs one.
STDIN_URI = "stdin"


class SourceLine(NamedTuple):
    """Where an element was read from outside the analysed file: another file (a URI) and its line, if known
    (the row of an HR export that gave a position)."""

    uri: str
    line: int | None = None


def sarif_log(
    document: FindingsDocument, artifact: str, lines: Mapping[str, int | SourceLine], tool_version: str
) -> dict[str, Any]:
    """The SARIF log of one diagnosis.

    `artifact` is what was analysed, as a URI (a relative path with posix slashes, or :data:`STDIN_URI`): the org
    file, or an import's first export. `lines` places elements by id: a line of `artifact` (an org file's
    declaration of the element), or a :class:`SourceLine` in another file (an export's row). Every result has a
    location: a finding whose subject is not placed (the organisation, an imported unit) is placed at `artifact`
    without a line.

    >>> from orgdiag.diagnosis import diagnose
    >>> from orgdiag.orgfile import load_org
    >>> log = sarif_log(diagnose(load_org("fixtures/demo/nordvik-sport.yaml")), "org.yaml", {"marknad": 12}, "1")
    >>> log["version"], log["runs"][0]["tool"]["driver"]["name"], log["runs"][0]["artifacts"]
    ('2.1.0', 'orgdiag', [{'location': {'uri': 'org.yaml'}, 'roles': ['analysisTarget']}])
    """
    examples: dict[str, Finding] = {}
    for finding in document.findings:
        examples.setdefault(finding.rule, finding)
    codes = sorted(examples)
    index = {code: number for number, code in enumerate(codes)}
    places = {element: _place(artifact, line) for element, line in lines.items()}
    results = [_result(finding, index[finding.rule], artifact, places) for finding in document.findings]
    driver: dict[str, Any] = {
        "name": "orgdiag",
        "version": tool_version,
        "semanticVersion": tool_version,
        "rules": [_rule(examples[code], document) for code in codes],
    }
    uris = dict.fromkeys([artifact, *(place.uri for place in places.values())])
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"organisation": document.org.organisation.name, "profiles": list(document.profiles)},
        "artifacts": [{"location": {"uri": uri}, "roles": ["analysisTarget"]} for uri in uris],
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _place(artifact: str, line: int | SourceLine) -> SourceLine:
    return line if isinstance(line, SourceLine) else SourceLine(artifact, line)


def _rule(example: Finding, document: FindingsDocument) -> dict[str, Any]:
    """The SARIF rule of the findings of one rule, from the first of them."""
    code = example.rule
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


def _result(finding: Finding, index: int, artifact: str, places: Mapping[str, SourceLine]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.subject, artifact, places)],
        "partialFingerprints": {"orgdiagFinding/v1": finding.fingerprint()},
        "properties": {
            "severity": finding.severity,
            "slug": finding.slug,
            "subject": finding.subject,
            "suggestions": [suggestion.text for suggestion in finding.suggestions],
        },
    }
    related = [
        {"id": number, **_location(element, artifact, places)}
        for number, element in enumerate(finding.evidence)
        if element != finding.subject
    ]
    if related:
        result["relatedLocations"] = related
    if finding.accepted is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.accepted}]
    return result


def _location(element: str, artifact: str, places: Mapping[str, SourceLine]) -> dict[str, Any]:
    place = places.get(element, SourceLine(artifact))
    physical: dict[str, Any] = {"artifactLocation": {"uri": place.uri}}
    if place.line is not None:
        physical["region"] = {"startLine": place.line}
    return {"logicalLocations": [{"name": element, "kind": "element"}], "physicalLocation": physical}
