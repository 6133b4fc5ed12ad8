"""Every rule's cases give exactly the findings of that rule they expect; every other org fixture with an
`.expected.yaml` beside it gives exactly the findings it expects.

Adding a rule means adding its cases file, fixtures/rules/<slug>.yaml (orgdiag/rules/cases.py): the
organisations where it must fire (`fires-<scenario>`) and its near misses (`near-miss-<scenario>`), each with the
subjects of the findings *of that rule* it gives (other rules may find other things in a small example org);
this file does not change. The demo's expectations list every finding of every rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from orgdiag.diagnosis import diagnose
from orgdiag.orgfile import load_org, parse_org
from orgdiag.rules.cases import FIRES, NEAR_MISS, RuleCase, cases_path, load_cases
from orgdiag.rules.catalogue import load_catalogue

from conftest import FIXTURES, findings_of
from rulecases import CASE_FILES, rule_cases

ORG_FIXTURES = sorted(FIXTURES.rglob("*.expected.yaml"))
RULE_CASES = list(rule_cases())


def _org_of(expected: Path) -> Path:
    return expected.with_name(expected.name.replace(".expected.yaml", ".yaml"))


def _expected(expected: Path) -> set[tuple[str, str]]:
    data = yaml.safe_load(expected.read_text(encoding="utf-8"))
    return {(f["rule"], f["subject"]) for f in data["findings"] or []}


@pytest.mark.parametrize(
    "expected", ORG_FIXTURES, ids=[str(c.relative_to(FIXTURES)).replace(".expected.yaml", "") for c in ORG_FIXTURES]
)
def test_fixture_gives_exactly_its_expected_findings(expected: Path) -> None:
    """The rules alone, as the library runs them: no Graphviz needed (tests/render draws every fixture once)."""
    findings = diagnose(load_org(_org_of(expected))).findings
    assert {(f.slug, f.subject) for f in findings} == _expected(expected)


@pytest.mark.parametrize(("name", "case"), RULE_CASES, ids=[name for name, _ in RULE_CASES])
def test_rule_case_gives_exactly_its_expected_findings(name: str, case: RuleCase) -> None:
    slug = name.split("/")[1]
    findings = diagnose(parse_org(case.org, f"{name}.yaml")).findings
    assert {f.subject for f in findings if f.slug == slug} == set(case.findings)


@pytest.mark.parametrize("rule", load_catalogue().rules, ids=lambda r: r.slug)
def test_rule_has_a_firing_case_and_a_near_miss(rule) -> None:
    path = cases_path(FIXTURES, rule.slug)
    assert path.is_file(), f"{rule.slug} has no cases file fixtures/rules/{rule.slug}.yaml"
    cases = load_cases(path)
    fires = [case for case in cases if case.name.startswith(FIRES)]
    misses = [case for case in cases if case.name.startswith(NEAR_MISS)]
    assert fires, f"{rule.slug} has no {FIRES}<scenario> case"
    assert misses, f"{rule.slug} has no {NEAR_MISS}<scenario> case"
    assert fires + misses == cases, f"{rule.slug}: a case's name starts with {FIRES} or {NEAR_MISS}"
    for case in fires:
        assert case.findings, f"{case.name} expects no {rule.slug} finding"
    for case in misses:
        assert not case.findings, f"{case.name} expects {rule.slug}"


def test_cases_cite_sources_by_author_and_title_not_by_number() -> None:
    """The rule docs show the cases' comments to readers who have never seen the project's source numbers."""
    numbered = [path.name for path in CASE_FILES if re.search(r"\bseeds? ?\d", path.read_text(encoding="utf-8"))]
    assert numbered == []


def test_every_cases_file_is_named_for_a_rule() -> None:
    """A cases file named for no rule would never run against it."""
    assert {path.stem for path in CASE_FILES} == {rule.slug for rule in load_catalogue().rules}


def test_every_fixture_org_has_expectations() -> None:
    # exports, overlays and their expectations, and the rules' cases files: not org files
    elsewhere = (FIXTURES / "import", FIXTURES / "real")
    orgs = {
        p
        for p in FIXTURES.rglob("*.yaml")
        if not p.name.endswith(".expected.yaml")
        and p not in CASE_FILES
        and not any(folder in p.parents for folder in elsewhere)
    }
    assert orgs == {_org_of(c) for c in ORG_FIXTURES}


def test_demo_shows_the_headline_patterns(cli) -> None:
    result = cli("diagnose", FIXTURES / "demo" / "nordvik-sport.yaml", "--format", "json")
    assert {slug for slug, _ in findings_of(result)} >= {
        "channel-silo",
        "channel-level-strategy",
        "overloaded-strategist",
        "agency-kingdom",
        "no-marcom-owner",
        "no-executive-sponsor",
        "vanity-kpi",
        "roi-without-investment",
        "approver-without-channel-competence",
        "communicator-only-voice",
        "experiments-before-strategy",
    }
