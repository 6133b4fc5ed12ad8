"""The command line as scripts, CI and org repositories use it: exit statuses, standard input, -o and --out,
--quiet and --progress, did-you-mean, baselines, settings files, the check command and the pre-commit hook."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import jsonschema
import pytest
import yaml

from orgdiag.cli.main import main

from conftest import DEMO, FIXTURES, ROOT

FINDINGS_SCHEMA = json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8"))


def commands(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, (*path, name))
        else:
            found.append(((*path, name), command))
    return found


@pytest.fixture
def org_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the demo's org file, as a repository of organisations would, as working directory."""
    shutil.copy(DEMO, tmp_path / "org.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def add_search_unit(org: Path) -> None:
    """A new unit outside marketing that takes over the search channel: a channel silo that was not there."""
    text = org.read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: ekonomi, name: Ekonomi, parent: ledning}\n",
        "  - {id: ekonomi, name: Ekonomi, parent: ledning}\n  - {id: sok, name: Sökmarknadsföring, parent: ekonomi}\n",
    )
    org.write_text(text.replace("{id: search, kind: search, owner: ehandel", "{id: search, kind: search, owner: sok"))


def test_the_published_findings_schema_is_current_and_the_demo_s_json_follows_it(cli) -> None:
    assert json.loads(cli("schema", "--findings").stdout) == FINDINGS_SCHEMA
    document = json.loads(cli("diagnose", DEMO, "--format", "json").stdout)
    jsonschema.Draft202012Validator(FINDINGS_SCHEMA).validate(document)
    assert document["schema_version"] == "1.2"


@pytest.mark.slow
def test_every_json_output_carries_its_schema_version(cli, tmp_path: Path) -> None:
    outputs = [
        cli("diagnose", DEMO, "--format", "json").stdout,
        cli("rules", "list", "--format", "json").stdout,
        cli("restructure", DEMO, "--out", tmp_path / "r", "--format", "json").stdout,
        cli("compare", DEMO, tmp_path / "r" / "after.yaml", "--out", tmp_path / "c", "--format", "json").stdout,
        (tmp_path / "c" / "comparison.json").read_text(encoding="utf-8"),
        (tmp_path / "r" / "changes.json").read_text(encoding="utf-8"),
    ]
    assert all(json.loads(text)["schema_version"] == "1.2" for text in outputs)


@pytest.mark.slow
def test_compare_as_json_says_what_was_resolved(cli, tmp_path: Path) -> None:
    cli("restructure", DEMO, "--out", tmp_path / "r", "--quiet")
    result = cli("compare", DEMO, tmp_path / "r" / "after.yaml", "--out", tmp_path / "c", "--format", "json")
    data = json.loads(result.stdout)
    assert data["findings"]["resolved"] and {"resolved", "remaining", "introduced"} == set(data["findings"])


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("diagnose", DEMO), 0),
        (("diagnose", DEMO, "--fail-on", "critical"), 1),
        (("diagnose", FIXTURES / "healthy" / "integrated-marketing.yaml", "--fail-on", "info"), 0),
        (("diagnose", "no-such.yaml"), 2),
        (("diagnose", DEMO, "--only", "chanel-silo"), 2),
        (("diagnose", DEMO, "--bogus"), 2),
    ],
    ids=["clean-run", "findings-at-fail-on", "healthy-org", "missing-file", "unknown-rule", "bad-usage"],
)
def test_exit_statuses_are_the_documented_ones(cli, args: tuple[object, ...], status: int) -> None:
    assert cli(*args).exit_code == status


@pytest.mark.parametrize("command", [("restructure", DEMO), ("compare", DEMO, DEMO)], ids=["restructure", "compare"])
def test_a_required_out_left_out_is_a_usage_error_not_a_traceback(cli, command: tuple[object, ...]) -> None:
    """click 8.3 took a required option's default of None for a value given: the command ran and failed writing."""
    result = cli(*command, "--format", "json")
    assert result.exit_code == 2
    assert "Missing option '--out'" in result.stderr


def test_the_documented_exit_statuses_are_those_of_the_help() -> None:
    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for status in range(4):
        assert f"| {status} |" in documented
    assert "3 the tool failed" in " ".join((main.help or "").split())


def test_a_dash_reads_the_org_file_from_standard_input(cli) -> None:
    text = DEMO.read_text(encoding="utf-8")
    from_stdin = cli("diagnose", "-", "--format", "json", stdin=text)
    assert from_stdin.exit_code == 0
    assert (
        json.loads(from_stdin.stdout)["findings"]
        == json.loads(cli("diagnose", DEMO, "--format", "json").stdout)["findings"]
    )
    broken = cli("diagnose", "-", stdin="organisation: {name: X}\npositions: [{id: a, title: A, reports_to: b}]\n")
    assert broken.exit_code == 2 and "<stdin>:2: positions[0].reports_to 'a'" in broken.stderr


def test_a_dash_reads_an_export_from_standard_input(cli) -> None:
    export = (FIXTURES / "real" / "d3-org-chart" / "data-oracle.csv").read_bytes()
    result = cli("import", "-", "--preset", "d3-org-chart", stdin=export)
    assert result.exit_code == 0
    assert "Imported <stdin> (d3-org-chart): 107 positions" in result.stderr
    assert yaml.safe_load(result.stdout)["organisation"]["name"] == "stdin"


def test_output_files_and_out_folders_mean_the_same_in_every_command() -> None:
    for path, command in commands():
        for param in command.params:
            if "--out" in getattr(param, "opts", []):
                assert isinstance(param.type, click.Path) and not param.type.file_okay, path
            if "--output" in getattr(param, "opts", []):
                assert "-o" in param.opts and not param.type.dir_okay, path


def test_dash_o_writes_what_would_go_to_standard_output(cli, tmp_path: Path) -> None:
    written = tmp_path / "findings.json"
    result = cli("diagnose", DEMO, "--format", "json", "-o", written)
    assert result.stdout == ""
    assert json.loads(written.read_text(encoding="utf-8")) == json.loads(
        cli("diagnose", DEMO, "--format", "json").stdout
    )
    assert cli("synth", "--positions", "1000", "-o", tmp_path / "big.json").exit_code == 0
    assert (tmp_path / "big.json").is_file()


@pytest.mark.slow
def test_quiet_prints_nothing_and_progress_says_each_stage(cli, tmp_path: Path) -> None:
    quiet = cli("diagnose", DEMO, "--out", tmp_path / "q", "--quiet")
    assert (quiet.stdout, quiet.stderr) == ("", "")
    assert (tmp_path / "q" / "report.html").is_file()
    shown = cli("diagnose", DEMO, "--out", tmp_path / "p", "--progress", "--format", "json")
    stages = [line.split(" (")[0] for line in shown.stderr.splitlines()]
    assert stages == [
        "orgdiag: read 13 positions, 9 units",
        "orgdiag: built the graph",
        "orgdiag: built the facts",
        "orgdiag: matched the rules",
        "orgdiag: weighed the findings",
        "orgdiag: drew the diagram",
        "orgdiag: made the SVG drawings",
        "orgdiag: made findings.json",
        "orgdiag: made report.md",
        "orgdiag: made report.html",
        "orgdiag: made report.pptx",
        "orgdiag: made findings.xlsx",
        f"orgdiag: wrote {tmp_path / 'p'}/",
    ]
    assert cli("diagnose", DEMO, "--format", "json").stderr == ""  # not a terminal: no progress


@pytest.mark.slow
def test_restructure_says_each_round_with_progress(cli, tmp_path: Path) -> None:
    shown = cli("restructure", DEMO, "--out", tmp_path / "r", "--progress", "--format", "json")
    steps = [line.split(" (")[0] for line in shown.stderr.splitlines()]
    assert steps == [
        "orgdiag: read 13 positions, 9 units",
        "orgdiag: diagnosed: 29 open findings",
        "orgdiag: round 1: 22 changes, 5 open findings",
        "orgdiag: round 2: 2 changes, 3 open findings",
        f"orgdiag: drew before and after, wrote {tmp_path / 'r'}/",
    ]
    assert len(json.loads(shown.stdout)["changes"]) == 24
    assert cli("restructure", DEMO, "--out", tmp_path / "q", "--format", "json").stderr == ""


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("diagnose", DEMO, "--skip", "agency-kingdon"), "did you mean 'agency-kingdom'?"),
        (("rules", "explain", "chanel-silo"), "did you mean 'channel-silo'?"),
        (("import", "x.csv", "--preset", "wrkday"), "did you mean 'workday'?"),
        (("diagnose", DEMO, "--out", "o", "--focus", "markand"), "did you mean 'marknad'?"),
    ],
    ids=["rule-slug", "rule-to-explain", "preset", "focus-id"],
)
def test_a_misspelt_name_gets_the_nearest_one(cli, tmp_path: Path, args: tuple[object, ...], hint: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert hint in result.stderr
    assert result.stderr.count("\n") <= 3  # the hint, not the whole catalogue


def test_a_baseline_hides_existing_findings_and_shows_a_new_one(cli, org_repo: Path) -> None:
    assert cli("diagnose", "org.yaml", "--write-baseline", "baseline.json", "--quiet").exit_code == 0
    baseline = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    assert len(baseline["findings"]) == 29 and baseline["schema_version"] == "1.2"
    unchanged = cli("diagnose", "org.yaml", "--baseline", "baseline.json", "--fail-on", "info")
    assert unchanged.exit_code == 0
    assert unchanged.stdout.startswith("Nordvik Sport AB: no findings; 2 accepted; 29 in the baseline, not shown")
    add_search_unit(org_repo / "org.yaml")
    changed = cli("diagnose", "org.yaml", "--baseline", "baseline.json", "--fail-on", "high", "--format", "json")
    assert changed.exit_code == 1
    new = json.loads(changed.stdout)
    assert {(f["rule"], f["subject"]) for f in new["findings"] if f.get("accepted") is None} == {
        ("OD101", "sok"),
        ("OD403", "sok"),
    }
    assert new["baseline"] == {"file": "baseline.json", "hidden": 29, "gone": 0}


def test_a_broken_baseline_is_bad_input(cli, org_repo: Path) -> None:
    Path("baseline.json").write_text('{"findings": [{"rule": 1}]}', encoding="utf-8")
    result = cli("diagnose", "org.yaml", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert "baseline.json: findings[0]: each entry needs a text 'rule' and 'subject'" in result.stderr


def test_settings_come_from_pyproject_and_the_command_line_wins(cli, org_repo: Path) -> None:
    Path("pyproject.toml").write_text('[tool.orgdiag]\nfail-on = "critical"\nformat = "json"\nskip = ["OD105"]\n')
    configured = cli("diagnose", "org.yaml")
    assert configured.exit_code == 0  # OD105, the only critical finding, is skipped
    assert "OD105" not in {f["rule"] for f in json.loads(configured.stdout)["findings"]}
    assert cli("diagnose", "org.yaml", "--format", "text").stdout.startswith("Nordvik Sport AB: 28 findings")


def test_orgdiag_toml_is_read_from_a_parent_folder_with_paths_relative_to_it(cli, org_repo: Path, monkeypatch) -> None:
    (org_repo / "strict.yaml").write_text("name: strict\nthresholds:\n  span-too-wide: {max_span: 3}\n")
    (org_repo / "orgdiag.toml").write_text('profile = "strict.yaml"\n')
    (org_repo / "sub").mkdir()
    monkeypatch.chdir(org_repo / "sub")
    result = cli("diagnose", "../org.yaml", "--format", "json")
    assert json.loads(result.stdout)["profiles"][-1] == "strict"


def test_an_unknown_setting_is_bad_input_with_the_nearest_key(cli, org_repo: Path) -> None:
    Path("orgdiag.toml").write_text('fail_on = "high"\n')
    result = cli("diagnose", "org.yaml")
    assert result.exit_code == 2
    assert "fail_on: unknown setting 'fail_on' (did you mean 'fail-on'?)" in result.stderr


def test_check_reports_each_file_and_fails_only_on_new_findings(cli, org_repo: Path) -> None:
    cli("diagnose", "org.yaml", "--write-baseline", "baseline.json", "--quiet")
    shutil.copy("org.yaml", "other.yaml")
    clean_run = cli("check", "org.yaml", "other.yaml", "--baseline", "baseline.json")
    assert clean_run.exit_code == 0
    assert clean_run.stdout.splitlines()[0].startswith("org.yaml: Nordvik Sport AB: no findings")
    add_search_unit(org_repo / "other.yaml")
    failing = cli("check", "org.yaml", "other.yaml", "--baseline", "baseline.json", "--fail-on", "high")
    assert failing.exit_code == 1
    assert "  high OD101 channel-silo [sok]: Sökmarknadsföring owns the channel Sök (search)" in failing.stdout


def test_the_pre_commit_hook_runs_the_check_command() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["orgdiag"]
    command = hooks[0]["entry"].split()
    assert command[0] == "orgdiag" and command[1] in main.commands
    assert hooks[0]["language"] == "python"


@pytest.mark.slow
def test_the_installed_command_ends_at_once_with_every_output_whole(tmp_path: Path) -> None:
    code = "from orgdiag.cli import run; run()"
    written = tmp_path / "findings.json"
    args = ["diagnose", str(DEMO), "--format", "json", "-o", str(written), "--out", str(tmp_path / "o")]
    done = subprocess.run(
        [sys.executable, "-c", code, *args, "--fail-on", "critical"], capture_output=True, check=False
    )
    assert done.returncode == 1 and done.stderr == b""
    assert len(json.loads(written.read_text(encoding="utf-8"))["findings"]) == 31
    assert json.loads((tmp_path / "o" / "findings.json").read_text(encoding="utf-8"))["schema_version"] == "1.2"
    missing = subprocess.run([sys.executable, "-c", code, "diagnose", "nope.yaml"], capture_output=True, check=False)
    assert missing.returncode == 2 and b"nope.yaml: no such file" in missing.stderr


def test_check_reports_every_file_past_an_invalid_one(cli, org_repo: Path) -> None:
    Path("broken.yaml").write_text("organisation: {name: X}\npositions: [{id: a, title: A, reports_to: b}]\n")
    shutil.copy("org.yaml", "other.yaml")
    result = cli("check", "org.yaml", "broken.yaml", "other.yaml", "--fail-on", "critical")
    assert result.exit_code == 2  # bad input outranks findings
    assert [line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")] == [
        "org.yaml",
        "other.yaml",
    ]
    assert "broken.yaml:2: positions[0].reports_to 'a': 'b' is not a position id" in result.stderr


def test_a_baseline_of_another_organisation_is_refused(cli, org_repo: Path) -> None:
    cli("diagnose", "org.yaml", "--write-baseline", "baseline.json", "--quiet")
    other = Path("org.yaml").read_text(encoding="utf-8").replace("name: Nordvik Sport AB", "name: Fjällsport AB")
    Path("other.yaml").write_text(other, encoding="utf-8")
    for command in ("diagnose", "check"):
        result = cli(command, "other.yaml", "--baseline", "baseline.json")
        assert result.exit_code == 2, command
        assert (
            "baseline.json: organisation: this baseline was written for 'Nordvik Sport AB', not for 'Fjällsport AB'"
            in (result.stderr)
        )


def test_a_baseline_written_before_baselines_named_the_organisation_applies_as_it_did(cli, org_repo: Path) -> None:
    cli("diagnose", "org.yaml", "--write-baseline", "baseline.json", "--quiet")
    old = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    del old["organisation"]
    Path("baseline.json").write_text(json.dumps(old), encoding="utf-8")
    result = cli("diagnose", "org.yaml", "--baseline", "baseline.json")
    assert result.stdout.startswith("Nordvik Sport AB: no findings; 2 accepted; 29 in the baseline, not shown")


def test_the_hook_skips_files_that_are_not_org_files_and_checks_the_org_files(cli, org_repo: Path) -> None:
    workflow = org_repo / ".github" / "workflows" / "ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: CI\non: [push]\njobs: {test: {runs-on: ubuntu-latest, steps: []}}\n")
    Path("docker-compose.yml").write_text("services: {web: {image: nginx}}\n")
    Path("package.json").write_text('{"name": "x"}\n')
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    every = [".github/workflows/ci.yml", "docker-compose.yml", "package.json", "org.yaml"]
    given = [f for f in every if re.search(hook["files"], f) and not re.search(hook["exclude"], f)]
    assert given == ["org.yaml"]
    entry = hook["entry"].split()[1:]
    result = cli(*entry, *every, "--fail-on", "critical")  # as if a user widened `files:` to every YAML/JSON file
    assert result.exit_code == 1  # the org file's critical finding, not a failure on the others
    assert "docker-compose.yml: skipped, not an org file (no top-level 'organisation')" in result.stdout
    assert result.stdout.count("skipped, not an org file") == 3
    assert "org.yaml: Nordvik Sport AB: 29 findings" in result.stdout
    assert result.stderr == ""


def test_the_hook_still_reports_an_org_file_that_does_not_parse(cli, org_repo: Path) -> None:
    Path("org.yaml").write_text("organisation: {name: X\npositions: []\n")
    result = cli("check", "--only-org-files", "org.yaml")
    assert result.exit_code == 2
    assert "org.yaml:" in result.stderr and "invalid YAML" in result.stderr


@pytest.mark.slow
def test_progress_says_each_page_drawn_for_a_large_organisation(cli, tmp_path: Path) -> None:
    """Drawing the pages of 100,000 positions took 40 s with nothing said; each page is said as it is drawn."""
    assert cli("synth", "--positions", "1000", "-o", tmp_path / "org.json").exit_code == 0
    shown = cli("diagnose", tmp_path / "org.json", "--out", tmp_path / "o", "--progress", "--format", "json")
    said = [line.split(" (")[0] for line in shown.stderr.splitlines()]
    drawn = [line for line in said if line.startswith("orgdiag: drew page ")]
    pages = sorted((tmp_path / "o" / "pages").glob("*.svg"))
    assert len(drawn) == len(pages) > 1
    assert drawn[0].startswith(f"orgdiag: drew page 1 of {len(pages)}: ")
    assert said.index("orgdiag: drew the overview") < said.index(drawn[0]) < said.index("orgdiag: made report.html")
