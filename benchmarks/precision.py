"""How many of orgdiag's findings on real exports a consultant would keep, and how many of those expected it finds.

Each file of fixtures/real/precision/ names an export of fixtures/real/ (and how to import it) and what a
consultant reading that organisation expects: ``keep``, the findings worth putting in front of a client (they
must appear); ``must_not``, findings that must never appear (about an abolished post, resting on missing data,
above a severity); ``coverage``, words the statement of what the data covers must hold. A finding the file does
not list as kept counts as not kept.

    make precision                        # print the table
    python benchmarks/precision.py --write docs/precision.md

A test holds every file to its expectations, the whole corpus to at least 90 % kept, and docs/precision.md to
what this prints.
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
from orgdiag.render.text import render_text

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"
CASES = REAL / "precision"
#: The share of findings on real exports a consultant must keep.
TARGET = 0.9


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


def page(results: list[Measured]) -> str:
    """docs/precision.md."""
    return (
        "# Precision on real exports\n\n"
        "<!-- Generated by `make precision` (benchmarks/precision.py); a test fails when it is stale. -->\n\n"
        "Each export in `fixtures/real/` has a file in `fixtures/real/precision/` written from reading the\n"
        "organisation as a consultant would: the findings worth putting in front of a client (*expected*), and\n"
        "findings that must never appear (about an abolished post, resting on missing data, too serious for what\n"
        "the data holds). *Kept* counts the findings a consultant would keep; a finding no file lists is not kept.\n"
        "The files say why each finding left out is left out.\n\n" + table(results)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the page (docs/precision.md) here")
    args = parser.parse_args()
    results = measure_all()
    print(table(results), end="")
    for r in results:
        for problem in r.broken:
            print(f"{r.name}: {problem}")
    if args.write:
        args.write.write_text(page(results), encoding="utf-8")
    findings = sum(r.findings for r in results)
    share = sum(r.kept for r in results) / findings if findings else 1.0
    return 0 if share >= TARGET and not any(r.broken for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
