"""Two measures of orgdiag's findings on real exports: against consultants' readings written blind, and against
expectations written after reading the tool's output.

**Blind readings** (fixtures/real/readings/): before the tool ran on a body, a consultant who had not seen its
output read the body's rows and wrote down the issues they would raise (each with a kind and the posts or units
it concerns). *Recall* is the share of those issues some finding matches; *precision* the share of findings that
match an issue of the reading. A finding matches an issue when its rule is one that reads that kind of issue
(fixtures/real/readings/kinds.yaml) and it concerns one of the issue's posts or units (or the issue is about the
organisation as a whole). Each reading says whether its body was used to write the rules (``use: tune``) or held
out (``use: held-out``): the figures that count are the held-out ones.

**Expectations** (fixtures/real/precision/): each file names an export of fixtures/real/ (and how to import it)
and what a consultant reading that organisation and the output expects: ``keep``, the findings worth putting in
front of a client (they must appear); ``must_not``, findings that must never appear (about an abolished post,
resting on missing data, above a severity); ``coverage``, words the statement of what the data covers must hold.
A finding the file does not list as kept counts as not kept.

    make precision                        # print the table
    python benchmarks/precision.py --write docs/precision.md

A test holds every expectation file to its expectations, the whole of them to at least 90 % kept, and
docs/precision.md to what this prints.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.findings import Finding, severity_rank
from orgdiag.importers import import_org
from orgdiag.model import OrgFile
from orgdiag.render.text import render_text

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"
CASES = REAL / "precision"
READINGS = REAL / "readings"
#: The share of findings on real exports a consultant must keep.
TARGET = 0.9
#: On held-out bodies: the share of a blind reading's issues the findings must match, and the share of findings
#: that must match an issue of the reading (issue 27's targets).
RECALL_TARGET = 0.6
PRECISION_TARGET = 0.8


@dataclass
class Measured:
    """One export measured against its expectations."""

    name: str
    overlay: bool
    findings: int
    kept: int
    expected: int
    found: int
    #: what broke an expectation: an expected finding missing, a finding that must not appear, the coverage
    broken: list[str] = field(default_factory=list)
    #: the terminal summary, as a consultant reads it
    text: str = ""


def _matches(finding: Finding, expectation: dict[str, Any]) -> bool:
    if "rule" in expectation and finding.rule != expectation["rule"]:
        return False
    if "subject" in expectation and finding.subject != str(expectation["subject"]):
        return False
    least = expectation.get("min_severity")
    return least is None or severity_rank(finding.severity) >= severity_rank(least)


def diagnosis_of(case: dict[str, Any]) -> Diagnosis:
    """Import the case's export as it says, and diagnose it."""
    spec = case["import"]
    overlay = CASES / spec["overlay"] if "overlay" in spec else None
    sources = [REAL / source for source in spec["sources"]]
    imported = import_org(sources, spec.get("preset"), overlay, snapshot=spec.get("snapshot"))
    return diagnose(imported.org)


def measure(path: Path) -> Measured:
    """One case: how many findings, how many kept, how many of those expected were found, what broke."""
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = diagnosis_of(case)
    keep = case.get("keep") or []
    findings = result.findings
    kept = [f for f in findings if any(_matches(f, k) for k in keep)]
    measured = Measured(path.stem, "overlay" in case["import"], len(findings), len(kept), len(keep), 0)
    measured.text = render_text(result)
    for expectation in keep:
        if any(_matches(f, expectation) for f in findings):
            measured.found += 1
        else:
            measured.broken.append(f"expected {expectation['rule']} on {expectation['subject']}: not found")
    for rule in case.get("must_not") or []:
        for finding in (f for f in findings if _matches(f, rule)):
            measured.broken.append(f"{finding.rule} on {finding.subject} must not appear: {rule.get('why', '')}")
    wanted = case.get("coverage")
    if wanted and (result.coverage is None or wanted not in result.coverage.sentence()):
        measured.broken.append(f"the coverage does not say {wanted!r}")
    return measured


def sources_of(path: Path) -> list[str]:
    """The exports a case imports, relative to fixtures/real/."""
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["import"]["sources"])


def measure_all() -> list[Measured]:
    return [measure(path) for path in sorted(CASES.glob("*.yaml"))]


# --- blind readings ------------------------------------------------------------------------------------------


@dataclass
class Issue:
    """One issue of a blind reading, and the findings that match it."""

    number: int
    kind: str
    severity: str
    text: str
    matched_by: list[str] = field(default_factory=list)


@dataclass
class Read:
    """One body measured against its blind reading."""

    name: str
    body: str
    use: str
    issues: list[Issue]
    findings: list[Finding]
    #: for each finding (by position in ``findings``), the issues it matches
    matches: list[list[int]]

    @property
    def found(self) -> int:
        return sum(1 for issue in self.issues if issue.matched_by)

    @property
    def kept(self) -> int:
        return sum(1 for issues in self.matches if issues)


def rules_by_kind() -> dict[str, set[str]]:
    """For each kind of issue a reading may raise, the rules whose findings read it (kinds.yaml)."""
    kinds = yaml.safe_load((READINGS / "kinds.yaml").read_text(encoding="utf-8"))
    return {kind: set(rules or []) for kind, rules in kinds.items()}


def _elements_of(subject: Any, org: OrgFile) -> set[str] | None:
    """The ids of the model an issue's subject names: a post by its reference, a unit by its name with the
    positions in it and the posts whose staff it holds; None for the organisation as a whole."""
    if not isinstance(subject, dict):
        return None
    if "post" in subject:
        return {str(subject["post"])}
    name = str(subject.get("unit", "")).strip().casefold()
    units = {unit.id for unit in org.units if unit.name.strip().casefold() == name}
    posts = {
        p.id
        for p in org.positions
        if p.unit in units or any((s.unit or "").strip().casefold() == name for s in p.staff)
    }
    return units | posts


def _concerns(finding: Finding, elements: list[set[str] | None]) -> bool:
    touched = {finding.subject, *finding.evidence}
    return any(element is None or element & touched for element in elements)


def read(path: Path, kinds: dict[str, set[str]]) -> Read:
    """One body: import it as its reading says, diagnose it, and match findings to the reading's issues."""
    reading = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec = reading["import"]
    imported = import_org([REAL / source for source in spec["sources"]], spec.get("preset"))
    findings = sorted(diagnose(imported.org).findings, key=lambda f: f.sort_key())
    issues, elements = [], []
    for raw in reading["issues"]:
        issues.append(Issue(int(raw["id"]), str(raw["kind"]), str(raw["severity"]), str(raw["issue"]).strip()))
        elements.append([_elements_of(subject, imported.org) for subject in raw.get("subjects") or ["org"]])
    matches: list[list[int]] = []
    for finding in findings:
        matched = [
            i
            for i, issue in enumerate(issues)
            if finding.rule in kinds.get(issue.kind, set()) and _concerns(finding, elements[i])
        ]
        for i in matched:
            issues[i].matched_by.append(f"{finding.rule} {finding.slug} on {finding.subject}")
        matches.append(matched)
    return Read(path.stem, str(reading["body"]), str(reading["use"]), issues, findings, matches)


def read_all() -> list[Read]:
    kinds = rules_by_kind()
    return [read(path, kinds) for path in sorted(READINGS.glob("*.yaml")) if path.name != "kinds.yaml"]


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def readings_table(results: list[Read]) -> str:
    """Recall and precision per body, held-out bodies first, with the totals of each group."""
    lines = [
        "| body | used | issues | found | recall | findings | matching | precision |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    totals = []
    for use in ("held-out", "tune"):
        group = [r for r in results if r.use == use]
        for r in group:
            lines.append(
                f"| {r.body} | {use} | {len(r.issues)} | {r.found} | {_share(r.found, len(r.issues))} | "
                f"{len(r.findings)} | {r.kept} | {_share(r.kept, len(r.findings))} |"
            )
        issues, found = sum(len(r.issues) for r in group), sum(r.found for r in group)
        findings, kept = sum(len(r.findings) for r in group), sum(r.kept for r in group)
        lines.append(
            f"| **{use}: {len(group)} bodies** | | {issues} | {found} | **{_share(found, issues)}** | {findings} | "
            f"{kept} | **{_share(kept, findings)}** |"
        )
        totals.append(
            f"{use.capitalize()} bodies ({len(group)}): recall {_share(found, issues)} ({found} of {issues} issues), "
            f"precision {_share(kept, findings)} ({kept} of {findings} findings)."
        )
    return "\n".join(lines) + "\n\n" + "\n".join(totals) + "\n"


def readings_detail(results: list[Read]) -> str:
    """Per body: each issue of the reading, found or missed, and each finding no issue matches."""
    parts = []
    for r in results:
        parts.append(f"### {r.body} ({r.use})\n")
        for issue in r.issues:
            mark = "found by " + "; ".join(issue.matched_by) if issue.matched_by else "missed"
            parts.append(f"- {issue.number}. [{issue.kind}, {issue.severity}] {issue.text} — *{mark}*")
        unmatched = [f for f, issues in zip(r.findings, r.matches, strict=True) if not issues]
        for finding in unmatched:
            parts.append(f"- finding no issue matches: {finding.rule} {finding.slug} on {finding.subject}")
        parts.append("")
    return "\n".join(parts)


def readings_met(results: list[Read]) -> bool:
    """Whether the held-out bodies meet the recall and precision targets."""
    held = [r for r in results if r.use == "held-out"]
    issues, findings = sum(len(r.issues) for r in held), sum(len(r.findings) for r in held)
    recall = sum(r.found for r in held) / issues if issues else 1.0
    precision = sum(r.kept for r in held) / findings if findings else 1.0
    return recall >= RECALL_TARGET and precision >= PRECISION_TARGET


def table(results: list[Measured]) -> str:
    """The results as a Markdown table, with the totals."""
    lines = [
        "| export | findings | kept | expected | found | broken |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.name} | {r.findings} | {r.kept} | {r.expected} | {r.found} | {len(r.broken)} |")
    findings = sum(r.findings for r in results)
    kept = sum(r.kept for r in results)
    expected = sum(r.expected for r in results)
    found = sum(r.found for r in results)
    broken = sum(len(r.broken) for r in results)
    lines.append(f"| **all {len(results)}** | {findings} | {kept} | {expected} | {found} | {broken} |")
    share = kept / findings if findings else 1.0
    lines += ["", f"Kept: {kept} of {findings} findings ({share:.0%}); expected and found: {found} of {expected}."]
    bare = [r for r in results if not r.overlay]
    bare_findings, bare_kept = sum(r.findings for r in bare), sum(r.kept for r in bare)
    if bare_findings and len(bare) < len(results):
        lines.append(
            f"On the exports alone, without a consultant's overlay: {bare_kept} of {bare_findings} "
            f"({bare_kept / bare_findings:.0%})."
        )
    return "\n".join(lines) + "\n"


def page(results: list[Measured], readings: list[Read]) -> str:
    """docs/precision.md."""
    return (
        "# Findings on real exports\n\n"
        "<!-- Generated by `make precision` (benchmarks/precision.py); a test fails when it is stale. -->\n\n"
        "## Against consultants' readings written blind\n\n"
        "For each body in `fixtures/real/readings/`, a consultant who had not seen orgdiag's output read the\n"
        "organogram's rows (every column: titles, job text, notes, pay, grades, the staff below) and wrote down the\n"
        "issues they would raise with the client, before orgdiag ran on it. *Recall* is the share of those issues a\n"
        "finding matches; *precision* the share of findings that match an issue of the reading. A finding matches\n"
        "an issue when its rule reads that kind of issue (`fixtures/real/readings/kinds.yaml`) and it concerns one\n"
        "of the issue's posts or units. *Used* says whether the body was used to write the rules (*tune*) or held\n"
        f"out (*held-out*): the held-out figures are the ones that count. Targets on held-out bodies: recall \u2265\n"
        f"{RECALL_TARGET:.0%}, precision \u2265 {PRECISION_TARGET:.0%}.\n\n"
        + readings_table(readings)
        + "\n## Against expectations written after reading the output\n\n"
        "Each export in `fixtures/real/` has a file in `fixtures/real/precision/` written from reading the\n"
        "organisation and orgdiag's findings on it: the findings worth putting in front of a client (*expected*),\n"
        "and findings that must never appear (about an abolished post, resting on missing data, too serious for\n"
        "what the data holds). *Kept* counts the findings a consultant would keep; a finding no file lists is not\n"
        "kept. These exports were used to write the rules, and the expectations were written with the output in\n"
        "view: they guard against regressions, they do not measure the tool.\n\n"
        + table(results)
        + "\n## Each blind reading, issue by issue\n\n"
        + readings_detail(readings)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the page (docs/precision.md) here")
    args = parser.parse_args()
    results = measure_all()
    readings = read_all()
    print(readings_table(readings))
    print(table(results), end="")
    for r in results:
        for problem in r.broken:
            print(f"{r.name}: {problem}")
    if args.write:
        args.write.write_text(page(results, readings), encoding="utf-8")
    findings = sum(r.findings for r in results)
    share = sum(r.kept for r in results) / findings if findings else 1.0
    met = share >= TARGET and not any(r.broken for r in results) and readings_met(readings)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
