"""docs/evidence.md's workflow runs as written (issue 28): import a real organogram (the Science Museum Group, a
body used to write rules, never a held-out one), write the evidence workbook, fill it with the workshop the page
shows, diagnose with it, and get a mistake located; each command prints what the page says it prints."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT

PAGE = (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")


def _examples() -> list[tuple[list[str], str]]:
    """Each `$ orgdiag …` block of the page: the command's arguments and the lines shown below it."""
    found = []
    for block in re.findall(r"```text\n(\$ orgdiag .*?)```", PAGE, re.S):
        command, _, shown = block.partition("\n")
        found.append((shlex.split(command)[2:], shown))
    return found


def _workshop() -> dict[str, list[dict[str, str]]]:
    """The workshop's tables, per sheet: each row as {header: value}, empty cells left out."""
    section = re.search(r"<!-- workshop -->\n(.*?)<!-- /workshop -->", PAGE, re.S).group(1)
    tables = {}
    for sheet, table in re.findall(r"#### (.+?)\n\n(\|.*?)\n\n", section + "\n\n", re.S):
        header, _, *rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()]
        tables[sheet] = [{h: v for h, v in zip(header, row, strict=True) if v} for row in rows]
    return tables


def _fill(path: Path, tables: dict[str, list[dict[str, str]]]) -> None:
    """The workshop typed in: a row per table row, each value under the header of its name (the Surveyed sheet's
    ticks beside their kinds; the grid's letters in the row of their activity, a column added for a holder the
    grid lacks)."""
    book = openpyxl.load_workbook(path)
    for name, rows in tables.items():
        sheet = book[name]
        header = [cell.value for cell in sheet[1]]
        keyed = name in ("Surveyed", "Responsibilities")
        for row in rows:
            first = header[0]
            at = next((c[0].row for c in sheet.iter_rows(min_row=2) if keyed and c[0].value == row[first]), None)
            at = at or sheet.max_row + 1
            for key, value in row.items():
                if key not in header:
                    header.append(key)
                    sheet.cell(1, len(header), key)
                sheet.cell(at, header.index(key) + 1, value)
    book.save(path)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder to run the page's commands in, which sees the repository's fixtures as the page does."""
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_page_shows_the_four_steps_and_a_mistake_on_a_tune_body() -> None:
    commands = [args[0] for args, _ in _examples()]
    assert commands == ["import", "evidence", "diagnose", "diagnose"]
    assert "300913-SMG-Organogram-Data-v1" in _examples()[0][0][1]  # the Science Museum Group: a tune body
    readings = (ROOT / "fixtures" / "real" / "readings" / "README.md").read_text(encoding="utf-8")
    assert "| Science Museum Group | tune |" in readings
    assert set(_workshop()) == {"Surveyed", "Channels", "Agencies", "Responsibilities", "KPIs"}


def test_the_workflow_prints_what_the_page_shows(cli, workspace: Path) -> None:
    (imported, wrote, diagnosed, mistake) = _examples()
    for args, shown in (imported, wrote):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == shown
    _fill(workspace / "evidence.xlsx", _workshop())
    result = cli(*diagnosed[0])
    assert result.exit_code == 0, result.stderr
    assert (result.stderr + result.stdout).startswith(diagnosed[1])

    args, shown = mistake
    cell, value = re.search(r"sheet Channels, cell (\w+): '(.*?)' is neither", shown).groups()
    typo = workspace / args[args.index("--overlay") + 1]
    shutil.copy(workspace / "evidence.xlsx", typo)
    book = openpyxl.load_workbook(typo)
    book["Channels"][cell] = value
    book.save(typo)
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == shown
