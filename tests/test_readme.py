"""The README's promises hold: two commands, a picture that exists, examples that are real output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DEMO, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_exactly_two_make_commands() -> None:
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S).group(1)
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_picture_the_readme_shows_exists() -> None:
    pictures = re.findall(r"!\[[^\]]*\]\((docs/images/[^)]+\.png)\)", README)
    assert {"docs/images/demo-report-html.png", "docs/images/demo-slide.png"} <= set(pictures)
    for picture in pictures:
        assert (ROOT / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture


def test_the_demo_summary_shown_is_what_the_demo_prints(cli) -> None:
    shown = re.search(r"The summary of the demo starts:\n\n```text\n(.*?)```", README, re.S).group(1)
    assert cli("diagnose", DEMO).stdout.startswith(shown)


def test_the_bad_input_example_is_what_orgdiag_prints(cli, tmp_path: Path, monkeypatch) -> None:
    line = re.search(r"whose line 7 is\n`(.*?)`", README).group(1)
    org = (
        "organisation: {name: Test AB}\nunits:\n  - {id: ledning, name: Ledning}\n"
        "  - {id: marknad, name: Marknad, parent: ledning}\npositions:\n  - {id: vd, title: VD, unit: ledning}\n"
        f"  {line}\n"
    )
    (tmp_path / "org.yaml").write_text(org, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = re.search(r"\$ orgdiag diagnose org.yaml\n(.*?)```", README, re.S).group(1)
    result = cli("diagnose", "org.yaml")
    assert result.exit_code == 2
    assert result.stderr == shown


def test_the_performance_table_is_the_one_the_benchmark_wrote() -> None:
    shown = re.search(r"<!-- bench-table -->\n(.*?)\n<!-- /bench-table -->", README, re.S).group(1)
    measured = (ROOT / "benchmarks" / "results" / "results.md").read_text(encoding="utf-8")
    assert measured == shown + "\n", "README's performance table is stale: copy it from results.md"
    failed = re.findall(r"✘ FAILED: (.*)", measured)
    timed = r"([\d,]+): (load to findings|restructure|before/after drawn) ([\d.]+) s <= (\d+) s"
    missed_times = [re.fullmatch(timed, line) for line in failed]
    assert all(missed_times), f"a correctness, memory or growth check failed: {failed}"
    stated = " ".join(README.split())
    for found in filter(None, missed_times):
        size, what, took, target = found.groups()
        said = f"{size} positions took {took} s (target {target} s)"
        if what != "load to findings":
            said = f"{what} of {size} positions took {took} s (target {target} s)"
        assert said in stated, f"README must state each missed target: {said}"
    assert (ROOT / "benchmarks" / "results" / "time-vs-positions.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_the_restructuring_shown_is_what_restructure_prints(cli, tmp_path) -> None:
    shown = re.search(r"```text\n(Nordvik Sport AB: \d+ changes.*?)\n```", README, re.S).group(1)
    printed = cli("restructure", DEMO, "--out", tmp_path).stdout.splitlines()[0]
    assert printed == shown
    picture = re.search(r"!\[[^\]]*\]\((docs/images/demo-before-after\.png)\)", README).group(1)
    assert (ROOT / picture).read_bytes() == (tmp_path / "before-after.png").read_bytes()
