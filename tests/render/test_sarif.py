"""SARIF: valid against the published SARIF 2.1.0 schema, each finding on the line of its subject in the org file."""

from __future__ import annotations

import json
import re
import shutil
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


def test_an_import_places_each_finding_at_the_row_of_its_post(cli) -> None:
    """Code scanning refuses a result without a location: an export's findings stand on the row that gave their
    subject, or on the export itself where no one row did (a unit, the organisation)."""
    export = FIXTURES / "real" / "d3-org-chart" / "data-oracle.csv"
    result = cli("diagnose", export, "--preset", "d3-org-chart", "--format", "sarif", "--quiet")
    log = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert [artifact["location"]["uri"] for artifact in run["artifacts"]] == [str(export.as_uri())]
    rows = export.read_text(encoding="utf-8").splitlines()
    placed = 0
    for result_ in run["results"]:
        for location in result_["locations"] + result_.get("relatedLocations", []):
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"] == export.as_uri()
            if "region" in physical:
                subject = location["logicalLocations"][0]["name"]
                assert rows[physical["region"]["startLine"] - 1].startswith(f"{subject},")
                placed += 1
    assert placed >= len(run["results"]) // 2


def test_an_org_file_on_standard_input_is_the_artifact_stdin(cli) -> None:
    result = cli("diagnose", "-", "--format", "sarif", stdin=DEMO.read_text(encoding="utf-8"))
    log = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["artifacts"] == [{"location": {"uri": "stdin"}, "roles": ["analysisTarget"]}]
    assert len(run["results"]) == 31
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stdin" for r in run["results"])


def test_an_export_on_standard_input_is_placed_at_its_rows_in_stdin(cli) -> None:
    export = FIXTURES / "real" / "d3-org-chart" / "data-oracle.csv"
    text = export.read_text(encoding="utf-8")
    result = cli("diagnose", "-", "--preset", "d3-org-chart", "--format", "sarif", "--quiet", stdin=text)
    run = json.loads(result.stdout)["runs"][0]
    assert run["artifacts"] == [{"location": {"uri": "stdin"}, "roles": ["analysisTarget"]}]
    first = run["results"][0]["locations"][0]
    assert first["physicalLocation"]["artifactLocation"]["uri"] == "stdin"
    subject = first["logicalLocations"][0]["name"]
    assert text.splitlines()[first["physicalLocation"]["region"]["startLine"] - 1].startswith(f"{subject},")


def test_rule_help_reads_as_text_with_no_empty_headings(demo_log: dict) -> None:
    """A code-scanning view shows a rule's help beside each finding: no template syntax, no heading without text."""
    for rule in demo_log["runs"][0]["tool"]["driver"]["rules"]:
        help_ = rule["help"]["markdown"]
        assert not re.search(r"\{\w+\.\w+\}|\[\[|\]\]", help_), (rule["id"], help_)
        sections = re.split(r"^## ", help_, flags=re.MULTILINE)[1:]
        assert all(section.split("\n", 1)[1].strip() for section in sections), rule["id"]
    rules = {rule["id"]: rule for rule in demo_log["runs"][0]["tool"]["driver"]["rules"]}
    assert "⟨name⟩ owns the channels ⟨channel ids⟩ beside" in rules["OD101"]["help"]["markdown"]


def test_the_library_s_sarif_log_places_lines_in_other_files() -> None:
    from orgdiag import SourceLine, diagnose, load, sarif_log

    log = sarif_log(diagnose(load(DEMO)), "org.yaml", {"cmo": 23, "ehandel": SourceLine("hr.csv", 7)}, "1")
    run = log["runs"][0]
    assert [a["location"]["uri"] for a in run["artifacts"]] == ["org.yaml", "hr.csv"]
    places = {
        r["locations"][0]["logicalLocations"][0]["name"]: r["locations"][0]["physicalLocation"] for r in run["results"]
    }
    assert places["ehandel"] == {"artifactLocation": {"uri": "hr.csv"}, "region": {"startLine": 7}}
    assert places["cmo"] == {"artifactLocation": {"uri": "org.yaml"}, "region": {"startLine": 23}}
    assert places["vd"] == {"artifactLocation": {"uri": "org.yaml"}}
    assert all("physicalLocation" in r["locations"][0] for r in run["results"])


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


def test_a_file_name_with_a_hash_or_a_space_is_percent_encoded_in_the_uri(cli, tmp_path, monkeypatch) -> None:
    """An artifact URI of "org #1.yaml" read as the file "org " with a fragment: code scanning found no file."""
    shutil.copy(DEMO, tmp_path / "org #1.yaml")
    monkeypatch.chdir(tmp_path)
    log = json.loads(cli("diagnose", "org #1.yaml", "--format", "sarif").stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"org%20%231.yaml"}
