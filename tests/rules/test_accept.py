"""Accepting a finding on the element it concerns: reported as accepted with the reason, not dropped, not
counted; an accept that matches no finding is itself reported."""

from __future__ import annotations

import json
from pathlib import Path

from orgdiag.diagnosis import diagnose
from orgdiag.orgfile import parse_org

from rulecases import rule_case

SILO = rule_case("rules/channel-silo/fires-ecommerce-beside-marketing").org


def _silo_org(accept: str) -> str:
    """The e-commerce silo fixture with an accept on its e-commerce unit."""
    unit = next(line for line in SILO.splitlines() if "{id: ehandel" in line)
    return SILO.replace(unit, unit.rstrip("}") + f", accept: [{accept}]}}")


def test_an_accepted_finding_is_kept_with_its_reason_and_not_counted() -> None:
    org = parse_org(_silo_org('{rule: OD101, reason: "E-handel is moving to marketing in Q1"}'), "silo.yaml")
    result = diagnose(org)
    silo = next(f for f in result.findings if f.slug == "channel-silo")
    assert silo.accepted == "E-handel is moving to marketing in Q1"
    assert silo not in result.open_findings
    assert sum(result.by_severity().values()) == len(result.findings) - 1
    assert result.unused_accepts == ()


def test_an_accept_by_slug_works_like_one_by_code() -> None:
    org = parse_org(_silo_org("{rule: channel-silo, reason: known}"), "silo.yaml")
    assert [f.accepted for f in diagnose(org).findings if f.slug == "channel-silo"] == ["known"]


def test_an_accept_that_matches_nothing_is_reported_with_why() -> None:
    org = parse_org(
        _silo_org("{rule: agency-kingdom, reason: x}, {rule: OD999, reason: y}, {rule: OD101, reason: z}"), "silo.yaml"
    )
    result = diagnose(org)
    assert [(a.element, a.rule, a.why) for a in result.unused_accepts] == [
        ("ehandel", "agency-kingdom", "OD104 (agency-kingdom) finds nothing about this element"),
        ("ehandel", "OD999", "no rule 'OD999' is loaded"),
    ]


def test_cli_reports_accepted_and_unused_and_fail_on_ignores_accepted(cli, tmp_path: Path) -> None:
    org_file = tmp_path / "silo.yaml"
    org_file.write_text(_silo_org("{rule: OD101, reason: planned merger}, {rule: OD105, reason: not here}"), "utf-8")
    text = cli("diagnose", org_file, "--only", "channel-silo", "--fail-on", "high")
    assert text.exit_code == 0, text.stdout  # the only high finding is accepted
    assert "no findings; 1 accepted" in text.stdout.splitlines()[0]
    assert "accepted: planned merger" in text.stdout
    assert "ehandel: accept OD105: OD105 (no-marcom-owner) was not run (--only/--skip)" in text.stdout
    data = json.loads(cli("diagnose", org_file, "--format", "json", "--out", tmp_path / "out").stdout)
    assert [f["accepted"] for f in data["findings"] if f["slug"] == "channel-silo"] == ["planned merger"]
    # run in full, OD105 fires, but about the top of marketing, not about ehandel, where it was accepted
    assert [(a["rule"], a["why"]) for a in data["unused_accepts"]] == [
        ("OD105", "OD105 (no-marcom-owner) finds nothing about this element")
    ]
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "high (accepted)" in report and "**Accepted:** planned merger" in report
