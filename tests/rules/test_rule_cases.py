"""Every org fixture with an `.expected.yaml` beside it gives exactly the findings it expects.

Adding a rule means adding its fixtures under fixtures/rules/<slug>/: `fires-<scenario>.yaml` where it
must fire and `near-miss-<scenario>.yaml` where it must not, each with the findings *of that rule* it
expects (other rules may find other things in a small example org); this file does not change. The
demo's expectations list every finding of every rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from orgdiag.diagnosis import diagnose
from orgdiag.orgfile import load_org
from orgdiag.rules.catalogue import load_catalogue

from conftest import FIXTURES, findings_of

CASES = sorted(FIXTURES.rglob("*.expected.yaml"))


def _org_of(expected: Path) -> Path:
    return expected.with_name(expected.name.replace(".expected.yaml", ".yaml"))


def _expected(expected: Path) -> set[tuple[str, str]]:
    data = yaml.safe_load(expected.read_text(encoding="utf-8"))
    return {(f["rule"], f["subject"]) for f in data["findings"] or []}


def _rule_under_test(expected: Path) -> str | None:
    """The slug of the rule a case under fixtures/rules/<slug>/ tests; None for the demo (every rule counts)."""
    parts = expected.relative_to(FIXTURES).parts
    return parts[1] if parts[0] == "rules" else None


@pytest.mark.parametrize(
    "expected", CASES, ids=[str(c.relative_to(FIXTURES)).replace(".expected.yaml", "") for c in CASES]
)
def test_fixture_gives_exactly_its_expected_findings(expected: Path) -> None:
    """The rules alone, as the library runs them: no Graphviz needed (tests/render draws every fixture once)."""
    findings = diagnose(load_org(_org_of(expected))).findings
    rule = _rule_under_test(expected)
    found = {(f.slug, f.subject) for f in findings if rule is None or f.slug == rule}
    assert found == _expected(expected)


@pytest.mark.parametrize("rule", load_catalogue().rules, ids=lambda r: r.slug)
def test_rule_has_a_firing_case_and_a_near_miss(rule) -> None:
    folder = FIXTURES / "rules" / rule.slug
    fires = sorted(folder.glob("fires-*.expected.yaml"))
    misses = sorted(folder.glob("near-miss-*.expected.yaml"))
    assert fires, f"{rule.slug} has no fixtures/rules/{rule.slug}/fires-*.yaml case"
    assert misses, f"{rule.slug} has no fixtures/rules/{rule.slug}/near-miss-*.yaml case"
    for case in fires:
        assert rule.slug in {slug for slug, _ in _expected(case)}, f"{case.name} expects no {rule.slug} finding"
    for case in misses:
        assert rule.slug not in {slug for slug, _ in _expected(case)}, f"{case.name} expects {rule.slug}"


def test_every_fixture_org_has_expectations() -> None:
    exports = (FIXTURES / "import", FIXTURES / "real")  # exports, overlays and their expectations, not org files
    orgs = {
        p
        for p in FIXTURES.rglob("*.yaml")
        if not p.name.endswith(".expected.yaml") and not any(folder in p.parents for folder in exports)
    }
    assert orgs == {_org_of(c) for c in CASES}


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
