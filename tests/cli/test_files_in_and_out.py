"""What each command reads and writes, as docs/cli.md says: ``-`` for standard input wherever a file is read and
for standard output where one is written, ``-o`` a file and ``--out`` a folder, inputs never overwritten, outputs
written whole even when the reader of standard output goes away, options where users put them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from test_cli import commands

from orgdiag.cli.streams import InputFile, SourceFile

from conftest import DEMO, FIXTURES, ROOT

#: A value for each kind of argument a command takes, to leave out its required options alone.
ARGUMENT_VALUES = {"sources": DEMO, "org_files": DEMO, "org_file": DEMO, "before_file": DEMO, "after_file": DEMO}


def required_left_out() -> list[tuple[tuple[str, ...], list[str]]]:
    """Each command with a required option, and its arguments without any option."""
    cases = []
    for path, command in commands():
        if any(isinstance(p, click.Option) and p.required for p in command.params):
            arguments = [
                str(ARGUMENT_VALUES.get(p.name or "", "OD101")) for p in command.params if isinstance(p, click.Argument)
            ]
            cases.append((path, arguments))
    return cases


@pytest.mark.parametrize(("path", "arguments"), required_left_out(), ids=lambda value: "-".join(value))
def test_every_required_option_left_out_is_a_usage_error(cli, tmp_path: Path, monkeypatch, path, arguments) -> None:
    """click from 8.3 on took a required option's default of None as a value given: the command ran without it
    and failed with a traceback. Each command with a required option is run without it."""
    monkeypatch.chdir(tmp_path)
    result = cli(*path, *arguments)
    assert result.exit_code == 2, (path, result.stdout)
    assert "Missing option" in result.stderr and "--help' for help" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_required_commands_are_found() -> None:
    assert {path for path, _ in required_left_out()} >= {("restructure",), ("compare",), ("synth",), ("evidence",)}


@pytest.fixture
def org_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "org.yaml").write_bytes(DEMO.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_several_org_files_are_refused_for_what_they_are_not_read_as_an_export(cli, org_folder: Path) -> None:
    (org_folder / "b.yaml").write_bytes(DEMO.read_bytes())
    result = cli("diagnose", "org.yaml", "b.yaml")
    assert result.exit_code == 2
    assert "one organisation at a time, and org.yaml is an org file" in result.stderr
    assert "orgdiag check" in result.stderr and "column" not in result.stderr


def test_dash_o_naming_a_folder_is_refused_not_written_as_a_file(cli, org_folder: Path) -> None:
    result = cli("diagnose", "org.yaml", "-o", "report/")
    assert result.exit_code == 2
    assert "'report/' names a folder, and this option writes one file" in result.stderr
    assert sorted(p.name for p in org_folder.iterdir()) == ["org.yaml"]


@pytest.mark.parametrize(
    "args",
    [
        ("diagnose", "org.yaml", "-o", "org.yaml"),
        ("diagnose", "org.yaml", "--format", "json", "-o", "./org.yaml"),
        ("diagnose", "org.yaml", "--write-baseline", "org.yaml"),
        ("restructure", "after.yaml", "--out", "."),
        ("import", "org.yaml", "-o", "org.yaml"),
    ],
    ids=["dash-o", "dash-o-other-spelling", "write-baseline", "out-folder", "import"],
)
def test_an_output_over_an_input_is_refused_and_the_input_left_as_it_was(cli, org_folder: Path, args) -> None:
    (org_folder / "after.yaml").write_bytes(DEMO.read_bytes())
    result = cli(*args)
    assert result.exit_code == 2
    assert "over the input" in result.stderr
    assert (org_folder / "org.yaml").read_bytes() == DEMO.read_bytes()
    assert (org_folder / "after.yaml").read_bytes() == DEMO.read_bytes()


@pytest.mark.parametrize(
    "args", [("diagnose", "org.yaml"), ("rules", "list"), ("schema",)], ids=["diagnose", "rules-list", "schema"]
)
def test_dash_o_dash_is_standard_output(cli, org_folder: Path, args) -> None:
    result = cli(*args, "-o", "-")
    assert result.exit_code == 0
    assert result.stdout == cli(*args).stdout
    assert not (org_folder / "-").exists()


def test_dash_o_dash_is_refused_where_a_command_writes_files(cli, org_folder: Path) -> None:
    result = cli("synth", "--positions", "1000", "-o", "-")
    assert result.exit_code == 2 and "this writes a file: give its name" in result.stderr
    assert not (org_folder / "-").exists()


def test_a_dash_reads_a_profile_a_baseline_and_an_overlay_from_standard_input(cli, org_folder: Path) -> None:
    strict = "thresholds: {span-too-wide: {max_span: 2}}\n"
    from_stdin = cli("diagnose", "org.yaml", "--profile", "-", "--format", "json", stdin=strict)
    (org_folder / "strict.yaml").write_text(strict, encoding="utf-8")
    from_file = cli("diagnose", "org.yaml", "--profile", "strict.yaml", "--format", "json")
    assert from_stdin.exit_code == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout)["findings"] == json.loads(from_file.stdout)["findings"]

    cli("diagnose", "org.yaml", "--write-baseline", "baseline.json", "--quiet")
    baseline = (org_folder / "baseline.json").read_text(encoding="utf-8")
    known = cli("diagnose", "org.yaml", "--baseline", "-", "--format", "json", stdin=baseline)
    assert json.loads(known.stdout)["baseline"] == {"file": "<stdin>", "hidden": 29, "gone": 0}

    overlay = (
        "agencies:\n  - {id: vag, name: Byrån Våg, contracted_by: marknad, serves: [social], owns: [social/kpis]}\n"
    )
    overlaid = cli("diagnose", "org.yaml", "--overlay", "-", "--format", "json", stdin=overlay)
    assert overlaid.exit_code == 0, overlaid.stderr
    assert "vag" in {f["subject"] for f in json.loads(overlaid.stdout)["findings"]}


def test_a_problem_in_what_standard_input_gave_is_named_stdin(cli, org_folder: Path) -> None:
    result = cli("diagnose", "org.yaml", "--profile", "-", stdin="thresholds: [\n")
    assert result.exit_code == 2
    assert "<stdin>:2: invalid YAML" in result.stderr and "orgdiag-stdin-" not in result.stderr


def test_standard_input_is_read_once(cli, org_folder: Path) -> None:
    result = cli("diagnose", "-", "--baseline", "-", stdin=DEMO.read_text(encoding="utf-8"))
    assert result.exit_code == 2
    assert "standard input can be read once" in result.stderr


def test_config_is_read_after_the_command_as_before_it(cli, org_folder: Path) -> None:
    (org_folder / "ci.toml").write_text('format = "json"\nskip = ["OD105"]\n', encoding="utf-8")
    before = cli("--config", "ci.toml", "diagnose", "org.yaml")
    after = cli("diagnose", "org.yaml", "--config", "ci.toml")
    joined = cli("diagnose", "org.yaml", "--config=ci.toml")
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout == joined.stdout
    assert "OD105" not in {f["rule"] for f in json.loads(after.stdout)["findings"]}


def run_with_stdout_closed(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The installed command run as `orgdiag ARGS | head -c0` would run it: the reader of its standard output
    gone before it writes a byte."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        code = "from orgdiag.cli import run; run()"
        return subprocess.run(
            [sys.executable, "-c", code, *args], stdout=writer, stderr=subprocess.PIPE, cwd=cwd, check=False
        )
    finally:
        os.close(writer)


@pytest.mark.slow
def test_a_reader_gone_is_no_error_and_every_file_is_written_whole(org_folder: Path) -> None:
    args = ["diagnose", "org.yaml", "--format", "json", "--out", "report", "--write-baseline", "b.json"]
    done = run_with_stdout_closed([*args, "--fail-on", "critical"], org_folder)
    assert (done.returncode, done.stderr) == (1, b"")  # the status of the findings, not of the pipe
    findings = json.loads((org_folder / "report" / "findings.json").read_text(encoding="utf-8"))
    assert len(findings["findings"]) == 31
    assert (org_folder / "report" / "findings.xlsx").stat().st_size > 0
    assert len(json.loads((org_folder / "b.json").read_text(encoding="utf-8"))["findings"]) == 29
    assert sorted(p.name for p in (org_folder / "report").iterdir() if p.name.startswith(".")) == []
    for quiet in (
        ["check", "org.yaml"],
        ["rules", "list"],
        ["import", str(FIXTURES / "real" / "d3-org-chart" / "data-oracle.csv"), "--quiet"],
    ):
        ended = run_with_stdout_closed(quiet, org_folder)
        assert ended.stderr == b"" and ended.returncode in (0, 1), quiet


def options_table() -> str:
    """docs/cli.md's table of which command takes which of the options every reader looks for, from the commands."""
    rows = [
        "| command | `-` reads stdin | `-o FILE` | `--out DIR` | `--quiet` | `--progress` |",
        "|---|---|---|---|---|---|",
    ]
    for path, command in commands():
        opts = {opt for param in command.params for opt in getattr(param, "opts", [])}
        reads = any(isinstance(param.type, SourceFile | InputFile) for param in command.params)
        marks = [reads, "-o" in opts, "--out" in opts, "--quiet" in opts, "--progress" in opts]
        rows.append(f"| `{' '.join(path)}` | " + " | ".join("yes" if mark else "" for mark in marks) + " |")
    return "\n".join(rows)


def test_the_docs_say_which_command_takes_which_option() -> None:
    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert options_table() in documented, f"docs/cli.md: the table of options is stale:\n{options_table()}"


def test_a_link_named_as_the_output_is_replaced_and_the_input_it_points_to_kept(cli, org_folder: Path) -> None:
    (org_folder / "summary.txt").symlink_to("org.yaml")
    result = cli("diagnose", "org.yaml", "-o", "summary.txt")
    assert result.exit_code == 0, result.stderr
    assert not (org_folder / "summary.txt").is_symlink()
    assert (org_folder / "summary.txt").read_text(encoding="utf-8").startswith("Nordvik Sport AB: 29 findings")
    assert (org_folder / "org.yaml").read_bytes() == DEMO.read_bytes()


def test_history_says_why_it_does_not_read_standard_input(cli, org_folder: Path) -> None:
    result = cli("history", "-", "org.yaml", stdin=DEMO.read_text(encoding="utf-8"))
    assert result.exit_code == 2
    assert "history reads each snapshot from a file" in result.stderr
