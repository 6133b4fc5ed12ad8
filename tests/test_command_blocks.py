"""Every command the README and docs/*.md show in a block is run, in order, as a reader would type it, in a folder
holding the files it names (each made from a fixture): it ends with the status it should, never a traceback.

The blocks are the fenced ``sh``/``console`` blocks (a ``console`` block's commands are its ``$`` lines) and the
indented blocks of ``orgdiag`` lines. A command ends with 0; with ``--fail-on`` or as ``check``, with 0 or 1 (the
findings); a command whose comment says "status 2" with 2. Synthetic organisations are made smaller than shown
(the command is the same): 100,000 positions take minutes."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from orgdiag.baseline import baseline_data
from orgdiag.diagnosis import diagnose
from orgdiag.orgfile import load_org

from conftest import DEMO, FIXTURES, ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: The Quick start's `make demo` and `make test`: tests/test_readme.py checks them, and `make test` runs this.
NOT_RUN_HERE = {"make demo", "make test"}
HISTORY = FIXTURES / "real" / "uk-organogram-history"
DFID = "department_for_international_development"


def blocks() -> list[tuple[str, list[str]]]:
    """(document:line, the commands of a block) for every command block of the README and docs."""
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for match in re.finditer(r"^```(sh|console)\n(.*?)^```", text, re.S | re.M):
            lines = match.group(2).splitlines()
            if match.group(1) == "console":
                lines = [line[2:] for line in lines if line.startswith("$ ")]
            commands = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
            if commands and {_command(line) for line in commands} - NOT_RUN_HERE:
                found.append((f"{document.name}:{text[: match.start()].count(chr(10)) + 1}", commands))
        for match in re.finditer(r"(?:^\n)((?:    (?:\$ )?orgdiag .*\n)+)", text, re.M):
            commands = [line.strip().removeprefix("$ ") for line in match.group(1).splitlines()]
            found.append((f"{document.name}:{text[: match.start(1)].count(chr(10)) + 1}", commands))
    return found


def _command(line: str) -> str:
    """A block's line as the shell runs it: the comment off, ``.venv/bin/`` off, sizes made smaller."""
    command = line.split(" #")[0].strip().removeprefix(".venv/bin/")
    return command.replace("--positions 100000", "--positions 2000")


def expected(line: str) -> set[int]:
    if "status 2" in line.partition(" #")[2]:
        return {2}
    words = shlex.split(_command(line))
    return {0, 1} if "--fail-on" in words or words[:2] == ["orgdiag", "check"] else {0}


def _matrix(path: Path, titles: list[str], rows: list[list[str | None]]) -> None:
    """A RACI matrix of a consultant's own: activities down the side, posts across the top."""
    book = openpyxl.Workbook()
    book.active.title = "RACI"
    book.active.append(["RACI"])
    book.active.append(["Activity", *titles])
    for row in rows:
        book.active.append(row)
    book.save(path)


def _proposal() -> str:
    """The demo with search marketing moved into a unit of its own under Marknad: a proposal written by hand."""
    text = DEMO.read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: ekonomi, name: Ekonomi, parent: ledning}\n",
        "  - {id: ekonomi, name: Ekonomi, parent: ledning}\n  - {id: sok, name: Sök, parent: marknad}\n",
    )
    return text.replace("{id: search, kind: search, owner: ehandel", "{id: search, kind: search, owner: sok")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files the blocks name, each made from a fixture."""
    folder = tmp_path_factory.mktemp("named")
    copies = {
        "my-org.yaml": DEMO,
        "org.yaml": DEMO,
        "orgs/nordvik-sport.yaml": DEMO,
        "orgs/integrated-marketing.yaml": FIXTURES / "healthy" / "integrated-marketing.yaml",
        "org-2025-06-30.yaml": FIXTURES / "history" / "nordvik-sport-2025-06-30.yaml",
        "org-2026-06-30.yaml": DEMO,
        "workers.csv": FIXTURES / "import" / "workday" / "worker-report.csv",
        "senior.csv": FIXTURES / "import" / "uk-organogram" / "documented-senior.csv",
        "junior.csv": FIXTURES / "import" / "uk-organogram" / "documented-junior.csv",
        "users.json": FIXTURES / "import" / "microsoft-graph" / "users.json",
        "odd-export.csv": FIXTURES / "import" / "generic" / "nordic-semicolon.csv",
        "compilation-2011-2015.csv": HISTORY / f"{DFID}-2011-2014-compilation.csv",
    }
    copies |= {f"dfid-{path.name.removeprefix(DFID + '-')}": path for path in HISTORY.glob(f"{DFID}-*.csv")}
    for name, source in copies.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / name)
    (folder / "proposal.yaml").write_text(_proposal(), encoding="utf-8")
    baseline = baseline_data(diagnose(load_org(DEMO)))
    (folder / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    (folder / "ours.yaml").write_text("thresholds:\n  span-too-wide: {max_span: 6}\n", encoding="utf-8")
    rule = re.search(r"```yaml\n(code: XX001.*?)```", (ROOT / "docs" / "writing-rules.md").read_text(), re.S)
    (folder / "our-rules").mkdir()
    (folder / "our-rules" / "XX001-big-channel-unit.yaml").write_text(rule.group(1), encoding="utf-8")
    (folder / "marketing.yaml").write_text(
        "organisation: {name: Overlaid, profile: {industry: retail, countries: [SE]}}\n", encoding="utf-8"
    )
    (folder / "our-columns.yaml").write_text(
        "extends: generic\nfields: {id: Anställningsnummer, name: Namn, title: Befattning, manager: Närmaste chef, "
        "department: Avdelning}\n",
        encoding="utf-8",
    )
    rows = [["Social media strategy", "A", "R"], ["web/content", None, "A"]]
    _matrix(folder / "raci.xlsx", ["Marknadschef", "Social media-strateg"], rows)
    _matrix(folder / "workers-raci.xlsx", ["Vice President Marketing", "Social Media Strategist"], rows)
    workbook = openpyxl.Workbook()
    for row in (folder / "workers.csv").read_text(encoding="utf-8-sig").splitlines():
        workbook.active.append(row.split(","))
    workbook.save(folder / "workers.xlsx")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(("where", "lines"), blocks(), ids=[where for where, _ in blocks()])
def test_every_command_of_the_block_runs(files: Path, tmp_path: Path, where: str, lines: list[str]) -> None:
    folder = tmp_path / "work"
    shutil.copytree(files, folder)
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for line in lines:
        done = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {_command(line)}"],
            cwd=folder,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert done.returncode in expected(line), f"{where}: {line}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, f"{where}: {line}\n{done.stderr[-2000:]}"


def test_the_blocks_are_found() -> None:
    found = dict(blocks())
    assert {"README.md", "history.md", "writing-rules.md", "importing.md", "evidence.md"} <= {
        where.split(":")[0] for where in found
    }
    assert sum(len(lines) for lines in found.values()) >= 40
