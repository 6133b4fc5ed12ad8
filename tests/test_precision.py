"""Findings on real exports against what consultants read in them (benchmarks/precision.py): blind readings
(fixtures/real/readings/) measured for recall and precision, expectations (fixtures/real/precision/) every one
met with at least 90 % kept, and docs/precision.md current."""

from __future__ import annotations

import importlib.util
import re
import sys
from types import ModuleType

import pytest

from conftest import ROOT


def _precision() -> ModuleType:
    spec = importlib.util.spec_from_file_location("precision", ROOT / "benchmarks" / "precision.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


PRECISION = _precision()
RESULTS = PRECISION.measure_all()
READINGS = PRECISION.read_all()


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: r.name)
def test_each_real_export_gives_what_a_consultant_expects(result) -> None:
    assert result.broken == []
    assert result.found == result.expected


GARBLED = re.compile(r"\bnone\b|none for none|\{\w+\.\w+\}|\[\[|\(\s*\)|\s[,.;:](\s|$)", re.IGNORECASE | re.MULTILINE)


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: r.name)
def test_each_real_export_is_summarised_in_whole_sentences_with_what_its_data_covers(result) -> None:
    assert "\nData: " in result.text, result.text[:400]
    assert "\nAssessed: " in result.text
    garbled = GARBLED.search(result.text)
    assert garbled is None, result.text[max(0, garbled.start() - 80) : garbled.end() + 80]


def test_at_least_nine_in_ten_findings_on_real_exports_are_kept() -> None:
    findings = sum(r.findings for r in RESULTS)
    kept = sum(r.kept for r in RESULTS)
    assert kept >= PRECISION.TARGET * findings, f"{kept} of {findings} kept"


def test_the_precision_page_is_current() -> None:
    page = (ROOT / "docs" / "precision.md").read_text(encoding="utf-8")
    assert page == PRECISION.page(RESULTS, READINGS), "run `make precision`"


def test_every_real_export_has_expectations() -> None:
    named = {source for path in PRECISION.CASES.glob("*.yaml") for source in PRECISION.sources_of(path)}
    exports = {
        str(path.relative_to(PRECISION.REAL))
        for folder in ("uk-organogram", "uk-organogram-history", "d3-org-chart")
        for path in (PRECISION.REAL / folder).glob("*.csv")
    }
    assert exports - named == set()


def test_the_readme_quotes_the_precision_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "precision.md").read_text(encoding="utf-8")
    summary = page[page.index("Kept: ") : page.index("\n## Each blind reading")].strip()
    assert f"```text\n{summary}\n```" in readme


def test_the_readme_quotes_the_blind_figures() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "precision.md").read_text(encoding="utf-8")
    figures = [line for line in page.splitlines() if line.startswith(("Held-out bodies (", "Tune bodies ("))]
    assert len(figures) == 2 and "```text\n" + "\n".join(figures) + "\n```" in readme


def test_every_reading_is_of_a_body_in_the_repository_and_says_how_it_was_used() -> None:
    kinds = PRECISION.rules_by_kind()
    for path in sorted(PRECISION.READINGS.glob("*.yaml")):
        if path.name == "kinds.yaml":
            continue
        reading = PRECISION.yaml.safe_load(path.read_text(encoding="utf-8"))
        assert reading["use"] in ("tune", "held-out"), path.name
        assert all((PRECISION.REAL / source).is_file() for source in reading["import"]["sources"]), path.name
        assert {issue["kind"] for issue in reading["issues"]} <= set(kinds), path.name


def test_the_kinds_name_only_published_rules() -> None:
    register = (ROOT / "docs" / "rules" / "README.md").read_text(encoding="utf-8")
    named = {rule for rules in PRECISION.rules_by_kind().values() for rule in rules}
    assert {rule for rule in named if f"[{rule}]" not in register and f"| {rule} " not in register} == set()
