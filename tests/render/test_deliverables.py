"""report.pptx and findings.xlsx: what a client opens holds the findings, keeps hostile text as text (no formula
ever starts in a cell), and is the same file, byte for byte, for the same input."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation
from render.test_outputs import NASTY, hostile_org

from orgdiag.diagnosis import diagnose
from orgdiag.orgfile import load_org
from orgdiag.render.outputs import write_outputs
from orgdiag.render.pages import png_size, whole
from orgdiag.render.slides import HEIGHT, WIDTH, deck_bytes
from orgdiag.render.spreadsheet import workbook_bytes

from conftest import DEMO

FORMULAS = ["=1+2", "+CMD|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x","click")']


@pytest.mark.parametrize("text", [*NASTY, *FORMULAS])
def test_the_workbook_writes_every_text_as_text(text: str) -> None:
    result = diagnose(hostile_org(text))
    data = workbook_bytes(result)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [package.read(name) for name in package.namelist() if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets), "a cell holds a formula"
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    findings = workbook["Findings"]
    header = [cell.value for cell in findings[1]]
    assert findings.auto_filter.ref is not None and findings.max_row == 1 + len(result.findings)
    names = [row[header.index("Subject name")] for row in findings.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(name, str) and name.startswith(text.split("\n")[0][:3]) for name in names)


@pytest.mark.slow
@pytest.mark.parametrize("text", [*NASTY, *FORMULAS])
def test_the_slides_hold_hostile_text_as_text(text: str) -> None:
    result = diagnose(hostile_org(text))
    data = deck_bytes(result, whole(result.org, result.open_findings)[0].png)
    deck = Presentation(io.BytesIO(data))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert any("Strategist" in t for t in texts)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = b"".join(package.read(n) for n in package.namelist() if n.startswith("ppt/slides/slide"))
    assert b"<script>" not in xml


@pytest.mark.slow
def test_the_demo_writes_slides_that_fit_16_by_9_and_a_workbook_of_its_findings(tmp_path: Path) -> None:
    result = diagnose(load_org(DEMO))
    write_outputs(result, tmp_path)
    deck = Presentation(str(tmp_path / "report.pptx"))
    assert (deck.slide_width, deck.slide_height) == (WIDTH, HEIGHT)
    serious = [f for f in result.open_findings if f.severity in ("critical", "high")]
    titles = [
        slide.shapes[0].text_frame.text for slide in deck.slides if slide.shapes and slide.shapes[0].has_text_frame
    ]
    assert sum(1 for f in serious if any(t.startswith(f"{f.rule} ") for t in titles)) == len(serious)
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= WIDTH, shape.name
            assert shape.top >= 0 and shape.top + shape.height <= HEIGHT, shape.name
            if shape.shape_type == 13:  # a picture: at most the slide's width, at a size it can be read
                width, _ = png_size(shape.image.blob)
                assert width > 0
    workbook = openpyxl.load_workbook(tmp_path / "findings.xlsx")
    assert workbook.sheetnames[:2] == ["Findings", "Units"]
    assert workbook["Findings"].max_row == 1 + len(result.findings)


@pytest.mark.slow
def test_office_files_are_the_same_byte_for_byte(tmp_path: Path) -> None:
    result = diagnose(load_org(DEMO))
    first, second = write_outputs(result, tmp_path / "a"), write_outputs(result, tmp_path / "b")
    for one, other in zip(first, second, strict=True):
        if one.suffix in (".pptx", ".xlsx", ".html"):
            assert one.read_bytes() == other.read_bytes(), one.name
    stamps = re.findall(rb"<dcterms:modified[^>]*>([^<]*)<", zipfile.ZipFile(first[-1]).read("docProps/core.xml"))
    assert stamps == [b"1980-01-01T00:00:00Z"]
