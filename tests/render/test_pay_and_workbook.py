"""Pay and numbers as a client reads them in every deliverable: the pay cost an estimate that says its basis, set
beside the paybills the export publishes (with a caveat where they are not the same money); pay the data withholds
"not disclosed" in the workbook, the report, the page and the slides alike, never a blank or a 0; and the workbook's
numbers formatted, its managers and spans counting the staff the data counts under the posts."""

from __future__ import annotations

import html
import io
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from orgdiag.diagnosis import diagnose
from orgdiag.findings import FindingsDocument
from orgdiag.importers import import_org
from orgdiag.model import OrgFile
from orgdiag.render.outputs import write_outputs
from orgdiag.render.pay import pay_notes
from orgdiag.render.spreadsheet import workbook_bytes

from conftest import DEMO, FIXTURES

CORPUS = FIXTURES / "real" / "uk-organogram-corpus"
SMG = "300913-SMG-Organogram-Data-v1"


def _band(low: int) -> dict[str, int]:
    return {"low": low, "high": low + 10_000}


def _body(paybill: float) -> OrgFile:
    """A chief executive with pay, a director whose pay is withheld, and a unit (Research) none of whose pay the
    data gives; 10 FTE of officers at 25,000-35,000 (an estimated 300,000) under the director, whose published
    paybill is `paybill`."""
    officers = [{"title": "Officer", "fte": 10, "pay": _band(25_000)}]
    return OrgFile.model_validate(
        {
            "organisation": {"name": "Paybill Trust"},
            "units": [
                {"id": "office", "name": "Office"},
                {"id": "ops", "name": "Operations", "parent": "office"},
                {"id": "research", "name": "Research", "parent": "office"},
            ],
            "positions": [
                {"id": "ceo", "title": "Chief Executive", "unit": "office", "pay": _band(90_000)},
                {"id": "dir", "title": "Director", "unit": "ops", "reports_to": "ceo", "paybill": paybill}
                | {"staff": officers},
                {"id": "sci", "title": "Head of Research", "unit": "research", "reports_to": "ceo"},
            ],
        }
    )


def _written(paybill: float, out: Path) -> dict[str, str]:
    """The text of report.md, of report.html (entities read) and of every shape of the slides."""
    write_outputs(diagnose(_body(paybill)), out)
    deck = Presentation(str(out / "report.pptx"))
    slides = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    return {
        "md": (out / "report.md").read_text(),
        "html": html.unescape((out / "report.html").read_text()),
        "pptx": slides,
    }


def _units(result: FindingsDocument) -> dict[str, dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))["Units"]
    header = [cell.value for cell in sheet[1]]
    return {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}


def _column(row: dict[str, object], start: str) -> object:
    return next(value for name, value in row.items() if name.startswith(start))


def test_withheld_pay_is_not_disclosed_in_the_workbook_never_blank_or_0() -> None:
    units = _units(diagnose(_body(300_000)))
    with_below = "Pay cost per year, estimated (with"
    assert _column(units["research"], with_below) == "not disclosed"
    assert _column(units["research"], "Pay not disclosed for") == "1 post"
    assert _column(units["ops"], with_below) == 300_000  # the staff; the director's own pay is withheld
    assert _column(units["ops"], "Pay not disclosed for") == "1 post"
    assert _column(units["office"], with_below) == 395_000  # the chief executive's 95,000 and the staff's
    assert _column(units["office"], "Pay not disclosed for") == "2 posts"


@pytest.mark.slow
def test_withheld_pay_is_not_disclosed_in_the_report_the_page_and_the_slides(tmp_path: Path) -> None:
    written = _written(300_000, tmp_path)
    assert "| Research (research) | 1 | 0 | 0.0 | not disclosed | 1 | 0.0 |" in written["md"]
    assert "| Operations (ops) | 1 | 0 | 10.0 | 300,000 (not disclosed: 1 post) | 1 | 10.0 |" in written["md"]
    research = written["html"].split("Research <span class=muted>(research)</span>")[1].split("</tr>")[0]
    assert "<td class=num>0.0</td><td class=num>not disclosed</td><td class=num>1</td>" in research
    for text in written.values():
        assert "Pay not disclosed in the data, and in no pay cost: 2 posts." in text


@pytest.mark.slow
@pytest.mark.parametrize(("paybill", "apart"), [(290_000, False), (150_000, True)])
def test_the_pay_cost_is_an_estimate_set_beside_the_published_paybill(
    paybill: float, apart: bool, tmp_path: Path
) -> None:
    written = _written(paybill, tmp_path)
    basis = "Pay cost: estimated from the middle of each post's and each staff grade's pay band, per year"
    beside = f"the posts publish {paybill:,.0f} a year as the pay of their staff (salary cost of reports)"
    share = f"the estimate of the staff is 300,000, {300_000 / paybill:.0%} of it"
    for text in written.values():
        assert basis in text and beside in text and share in text
        assert ("too far apart to be the same money" in text) is apart
    assert "Own pay cost per year (estimated)" in written["md"]
    assert "Own pay cost per year (estimated)" in written["html"]


def test_the_workbook_sets_the_estimate_beside_the_paybill_as_a_percentage() -> None:
    result = diagnose(_body(150_000))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))["Units"]
    header = [cell.value for cell in sheet[1]]
    ops = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "ops")
    share = ops[header.index("Staff pay estimate over published paybill")]
    assert share.value == 2.0 and share.number_format == "0%"
    paybill = ops[header.index("Published paybill (with units below)")]
    assert paybill.value == 150_000 and paybill.number_format == "#,##0"
    research = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "research")
    assert research[header.index("Published paybill (with units below)")].value == "not published"
    coverage = [row[0] for row in openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))["Coverage"].values]
    assert any("200% of it: too far apart" in line for line in coverage)


@pytest.fixture(scope="module")
def smg() -> FindingsDocument:
    return diagnose(import_org([CORPUS / f"{SMG}-senior.csv", CORPUS / f"{SMG}-junior.csv"], "uk-organogram").org)


def test_managers_and_spans_count_the_staff_under_the_posts_of_a_real_organogram(smg: FindingsDocument) -> None:
    units = _units(smg)
    # Development: one director and 31.14 FTE of staff under the post, no post below it
    development = units["development"]
    assert _column(development, "Managers") == 1
    assert _column(development, "Widest team") == 32  # 31.14 FTE of staff: 32 people
    for unit, row in units.items():
        own_staff = sum(sum(s.fte for s in p.staff) for p in smg.org.positions if p.unit == unit and not p.abolished)
        if own_staff:
            assert _column(row, "Managers") >= 1 and _column(row, "Widest team") > 0, unit


def test_the_workbooks_numbers_have_number_formats(smg: FindingsDocument) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(smg)))["Units"]
    header = [cell.value for cell in sheet[1]]
    formats = {header[cell.column - 1]: cell.number_format for cell in sheet[2]}
    assert formats["Staff FTE (with units below)"] == "#,##0.0"
    assert formats["Pay cost per year, estimated (with units below)"] == "#,##0"
    assert formats["Published paybill (with units below)"] == "#,##0"
    assert formats["Staff pay estimate over published paybill"] == "0%"
    assert formats["Widest team (own posts: direct reports and staff)"] == "#,##0"


def test_spans_are_not_known_where_the_data_gives_no_lines_and_no_staff() -> None:
    org = OrgFile.model_validate(
        {
            "organisation": {"name": "Flat list"},
            "units": [{"id": "all", "name": "Everyone"}],
            "positions": [{"id": f"p{n}", "title": f"Post {n}", "unit": "all"} for n in range(3)],
        }
    )
    row = _units(diagnose(org))["all"]
    assert _column(row, "Managers") == "not known" and _column(row, "Widest team") == "not known"
    assert _column(row, "Pay cost") == "not given"


def test_the_demos_workbook_says_its_pay_is_not_given() -> None:
    from orgdiag.orgfile import load_org

    units = _units(diagnose(load_org(DEMO)))
    assert {_column(row, "Pay cost") for row in units.values()} == {"not given"}


def test_the_whole_organisations_pay_counts_the_staff_under_no_listed_post() -> None:
    org = _body(300_000).model_dump(exclude_none=True)
    org["organisation"]["unplaced_staff"] = [
        {"title": "Porter", "fte": 4, "pay": _band(20_000)},
        {"title": "Guide", "fte": 2.5},
    ]
    notes = pay_notes(diagnose(OrgFile.model_validate(org)).coverage)
    assert notes[0].endswith("; 495,000 for the whole organisation.")  # 395,000 and 4 FTE at 25,000
    assert notes[1] == "Pay not disclosed in the data, and in no pay cost: 2 posts, 2.5 FTE of staff."
