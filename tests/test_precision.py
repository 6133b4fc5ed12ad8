"""Findings on real exports are those a consultant would keep (fixtures/real/precision/, benchmarks/precision.py):
every expected finding found, none that must not appear, at least 90 % kept, and docs/precision.md current."""

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
    assert page == PRECISION.page(RESULTS), "run `make precision`"


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
    summary = page[page.index("Kept: ") :].strip()
    assert f"```text\n{summary}\n```" in readme
