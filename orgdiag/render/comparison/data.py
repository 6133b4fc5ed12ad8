"""A comparison and a restructuring's changes as plain data: what comparison.json and changes.json hold."""

from __future__ import annotations

from typing import Any

from orgdiag.findings import SCHEMA_VERSION, Finding
from orgdiag.restructuring.draft import Edit
from orgdiag.restructuring.results import Change, Comparison, Evidence, NotApplied, Restructuring


def _finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "slug": finding.slug,
        "severity": finding.severity,
        "subject": finding.subject,
        "message": finding.message,
    }


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    """The findings resolved, remaining and introduced, and the differences, as plain data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "before": comparison.before.org.organisation.name,
        "after": comparison.after.org.organisation.name,
        "findings": {
            "resolved": [_finding_data(f) for f in comparison.resolved],
            "remaining": [_finding_data(f) for f in comparison.remaining],
            "introduced": [_finding_data(f) for f in comparison.introduced],
        },
        "differences": [
            {"mark": d.mark, "section": d.section, "element": d.element, "text": d.text} for d in comparison.differences
        ],
    }


def _edits_data(edits: tuple[Edit, ...]) -> list[dict[str, Any]]:
    return [{"mark": e.mark, "element": e.element, "text": e.text} for e in edits]


def _evidence_data(finding: Finding, rests_on: tuple[Evidence, ...]) -> dict[str, Any]:
    """The entries a change rests on, with their source and confidence, and the facts it rests on that were inferred
    from words."""
    entries = [
        {"entry": e.entry, "element": e.element, "source": e.source, "confidence": e.confidence} for e in rests_on
    ]
    return {"rests_on": entries, "inferred": list(finding.inferred or [])}


def _change_data(change: Change) -> dict[str, Any]:
    return {
        "number": change.number,
        "round": change.round,
        "action": change.suggestion.action,
        "params": change.suggestion.params,
        "text": change.suggestion.text,
        "answers": _finding_data(change.finding),
        "edits": _edits_data(change.edits),
        **_evidence_data(change.finding, change.rests_on),
    }


def _not_applied_data(item: NotApplied) -> dict[str, Any]:
    return {
        "action": item.suggestion.action,
        "params": item.suggestion.params,
        "finding": _finding_data(item.finding),
        "reason": item.reason,
        "advice_only": item.advisory,
        "refused": item.refused,
        "for_workshop": item.workshop,
        "would": _edits_data(item.would),
        **_evidence_data(item.finding, item.rests_on),
    }


def changes_data(result: Restructuring) -> dict[str, Any]:
    """Every change with the finding it answers, what could not be applied and why, and the comparison."""
    compared = comparison_data(result.comparison)
    return {
        "schema_version": SCHEMA_VERSION,
        "organisation": result.org.organisation.name,
        "rounds": result.rounds,
        "settled": result.settled,
        "changes": [_change_data(change) for change in result.changes],
        "not_applied": [_not_applied_data(item) for item in result.not_applied],
        **{key: value for key, value in compared.items() if key not in ("schema_version", "before", "after")},
    }
