"""SARIF: valid against the published SARIF 2.1.0 schema, each finding on the line of its subject in the org file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import DEMO, FIXTURES

SCHEMA = json.loads((FIXTURES / "standards" / "sarif-2.1.0.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_log(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from click.testing import CliRunner

    from orgdiag.cli.main import main

    out = tmp_path_factory.mktemp("sarif") / "demo.sarif"
    result = CliRunner().invoke(main, ["diagnose", str(DEMO), "--format", "sarif", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def declared_at(path: Path, line: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_the_demo_s_sarif_is_valid_sarif_2_1_0(demo_log: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(demo_log)
    assert demo_log["version"] == "2.1.0"


def test_every_finding_is_on_the_line_that_declares_its_subject(demo_log: dict) -> None:
    results = demo_log["runs"][0]["results"]
    assert len(results) == 31
    for result in results:
        location = result["locations"][0]
        subject = location["logicalLocations"][0]["name"]
        line = location["physicalLocation"]["region"]["startLine"]
        assert f"id: {subject}," in declared_at(DEMO, line) or f"id: {subject}}}" in declared_at(DEMO, line)
        assert location["physicalLocation"]["artifactLocation"]["uri"].endswith("fixtures/demo/nordvik-sport.yaml")


def test_rules_carry_their_pages_as_help_and_accepted_findings_are_suppressed(demo_log: dict) -> None:
    run = demo_log["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["OD101"]["name"] == "channel-silo"
    assert rules["OD101"]["help"]["markdown"].startswith("# OD101 channel-silo: ")
    assert rules["OD105"]["defaultConfiguration"]["level"] == "error"
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert [(r["ruleId"], r["locations"][0]["logicalLocations"][0]["name"]) for r in suppressed] == [
        ("OD211", "print"),
        ("OD211", "tv"),
    ]
    assert all(r["ruleIndex"] == list(rules).index(r["ruleId"]) for r in run["results"])


def test_an_import_has_no_file_lines_and_is_still_valid(cli) -> None:
    export = FIXTURES / "real" / "d3-org-chart" / "data-oracle.csv"
    result = cli("diagnose", export, "--preset", "d3-org-chart", "--format", "sarif", "--quiet")
    log = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(log)
    assert all("physicalLocation" not in r["locations"][0] for r in log["runs"][0]["results"])


def test_input_text_stays_data_in_sarif(cli, tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        'organisation: {name: "A\\u0000\\"}</script>"}\nunits: [{id: u, name: "<b>U</b>\\n"}]\n'
        "positions: [{id: p, title: VD, unit: u}]\n",
        encoding="utf-8",
    )
    result = cli("diagnose", org, "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(log)
    assert log["runs"][0]["properties"]["organisation"] == 'A\x00"}</script>'
