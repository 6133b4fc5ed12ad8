"""One measure of structure (orgdiag.structure): the rule that counts the layers, the report's chart, the slides and
the history say the same of a real organogram, with the staff its junior sheets count under the senior posts; the
unit tables say which figures are a unit's own and which include the units below, and the own ones add up; an FTE
is rounded once, so that a unit and its only post show the same."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.importers import import_org
from orgdiag.measure.facts import build_facts
from orgdiag.measure.graph import build_graph
from orgdiag.orgfile import parse_org
from orgdiag.over_time import history, load_snapshots
from orgdiag.render.dot import diagram
from orgdiag.render.html import report_html
from orgdiag.render.pages import whole
from orgdiag.render.report import render_report
from orgdiag.render.slides import deck_bytes
from orgdiag.render.spreadsheet import workbook_bytes

from conftest import FIXTURES

HISTORY = FIXTURES / "real" / "uk-organogram-history"
DFID = "department_for_international_development"
UK_ORGANOGRAM = FIXTURES / "real" / "uk-organogram"
CORPUS = FIXTURES / "real" / "uk-organogram-corpus"


def _sheets(folder: Path, stem: str) -> list[str]:
    return [str(folder / f"{stem}-senior.csv"), str(folder / f"{stem}-junior.csv")]


def _html_layers(page: str) -> dict[str, int]:
    """The bars of the report's layer chart of everyone (posts and staff), by label."""
    chart = re.search(r'<svg role="img" aria-label="(?:People|Posts) per layer[^"]*".*?</svg>', page, re.DOTALL)
    assert chart is not None, "the report draws a layer chart"
    bars = re.findall(r'font-size="12">(Layer \d+)</text>.*?font-size="12">([\d,]+)</text>', chart.group(0))
    return {label: int(value.replace(",", "")) for label, value in bars}


def _slide_layers(diagnosis: Diagnosis) -> dict[str, dict[str, float]]:
    """The layer chart of the slides: by series, each category's value."""
    deck = Presentation(io.BytesIO(deck_bytes(diagnosis, whole(diagnosis.org, diagnosis.open_findings)[0].png)))
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    layers = next(chart for chart in charts if "per layer" in chart.chart_title.text_frame.text)
    categories = list(layers.plots[0].categories)
    return {series.name: dict(zip(categories, series.values, strict=True)) for series in layers.plots[0].series}


def _layers_said(diagnosis: Diagnosis) -> int:
    """The layers the rule too-many-layers counts, read from its message."""
    finding = next(f for f in diagnosis.findings if f.rule == "OD205")
    found = re.search(r"has (\d+) reporting layers", finding.message)
    assert found is not None, finding.message
    return int(found.group(1))


def test_the_rule_the_chart_the_slides_and_the_history_count_the_same_layers_of_a_real_department() -> None:
    """DFID in September 2011: 78 senior posts on six layers and 1,113.4 FTE of junior staff counted under them. The
    rule counted seven layers, the history six, and the report drew no layer chart at all."""
    files = [*_sheets(HISTORY, f"{DFID}-2011-03-31"), *_sheets(HISTORY, f"{DFID}-2011-09-30")]
    followed = history(load_snapshots(files))
    september = diagnose(import_org(_sheets(HISTORY, f"{DFID}-2011-09-30")).org)
    layers = _layers_said(september)
    assert layers == 7
    assert followed.snapshots[-1].layers == layers
    chart = _html_layers(report_html(september, []))
    assert list(chart) == [f"Layer {number}" for number in range(1, layers + 1)]
    slides = _slide_layers(september)
    assert all(list(series) == list(chart) for series in slides.values())
    assert set(slides) == {"Posts", "Staff (FTE)", "Managers"}


@pytest.mark.parametrize(
    ("folder", "stem"),
    [
        (UK_ORGANOGRAM, "UK-space-agency-September-2013-FINAL"),
        (CORPUS, "Organogram-Government-staff-and-salary-data-Passenger-Focus---September-2013-FINAL"),
        (CORPUS, "300913-HMRC-Organogram-Final"),
    ],
)
def test_the_layer_chart_holds_everyone_the_export_counts_and_as_many_layers_as_the_rules_see(
    folder: Path, stem: str
) -> None:
    """A small body, a mid-sized one and one of 60,000 staff: the chart's layers are the org fact's, its bars add up
    to the posts and staff (no chart of the senior posts alone passing for the organisation), and it says where the
    staff stand."""
    sheets = _sheets(folder, stem)
    org = import_org(sheets).org
    result = diagnose(org)
    fact = next(f for f in build_facts(build_graph(org)) if f["t"] == "org")
    page = report_html(result, [])
    chart = _html_layers(page)
    assert len(chart) == fact["layers"] == result.structure.layer_count
    coverage = result.coverage
    assert coverage is not None
    everyone = coverage.live_posts + coverage.staff_fte
    assert abs(sum(chart.values()) - everyone) <= len(chart)  # each bar rounded to whole people
    assert "Staff are shown on the layer below the post they are counted under" in page
    slides = _slide_layers(result)
    assert len(slides["Posts"]) == fact["layers"]
    assert sum(slides["Posts"].values()) == coverage.live_posts
    assert sum(slides["Staff (FTE)"].values()) == pytest.approx(coverage.staff_fte, abs=0.05 * len(chart))


def test_the_uk_space_agency_s_layers_are_told_alike_by_its_finding_and_its_charts() -> None:
    """The issue's body: too-many-layers says 4 layers for 41 people; the chart showed 3 (the senior posts) or none."""
    result = diagnose(import_org(_sheets(UK_ORGANOGRAM, "UK-space-agency-September-2013-FINAL")).org)
    layers = _layers_said(result)
    assert layers == 4
    assert len(_html_layers(report_html(result, []))) == layers
    assert len(_slide_layers(result)["Managers"]) == layers


#: Three units: a department with its director, and two teams below it, one with its head and an officer.
UNITS = """
organisation: {name: X}
units:
  - {id: hq, name: Headquarters}
  - {id: ops, name: Operations, parent: hq}
  - {id: field, name: Field Team, parent: ops}
positions:
  - {id: ceo, title: Chief Executive, unit: hq}
  - {id: ops-d, title: Director of Operations, unit: ops, reports_to: ceo, vacant: true,
     staff: [{title: Officer, fte: 100.5}, {title: Assistant, fte: 44.45}]}
  - {id: head, title: Head of Field Work, unit: field, reports_to: ops-d, staff: [{title: Surveyor, fte: 12.25}]}
  - {id: officer, title: Field Officer, unit: field, reports_to: head}
"""


def _table(report: str, heading: str) -> list[list[str]]:
    """The rows of the Markdown table under a heading, each as its cells."""
    section = report.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_the_unit_table_says_which_figures_are_a_unit_s_own_and_its_own_rows_add_up_to_the_total() -> None:
    result = diagnose(parse_org(UNITS))
    header, *rows = _table(render_report(result), "Posts and staff by unit")
    assert header == [
        "Unit",
        "Own posts",
        "Own vacant",
        "Own staff FTE",
        "Posts with units below",
        "Staff FTE with units below",
    ]
    *units, total = rows
    assert total[0] == "**Total**"
    for column in range(1, 4):  # each shown to a tenth of an FTE
        assert sum(float(row[column]) for row in units) == pytest.approx(float(total[column]), abs=0.05 * len(units))
    assert [row[1:] for row in units] == [
        ["1", "0", "0.0", "4", "157.2"],
        ["1", "1", "145.0", "3", "157.2"],
        ["2", "0", "12.3", "2", "12.3"],
    ]
    assert total[1:] == ["4", "1", "157.2", "4", "157.2"]
    page = report_html(result, [])
    assert "Own posts" in page and "Posts with units below" in page and "<strong>Total</strong>" in page


def test_the_workbook_s_units_add_up_and_a_manager_of_staff_has_a_team() -> None:
    """The Units sheet: own columns that add up, the roll-ups named as such, and a director whose team is staff
    counted under the post is a manager with a team, not "Managers 0, widest span 0"."""
    result = diagnose(parse_org(UNITS))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))["Units"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    column = {name: number for number, name in enumerate(header)}
    assert sum(row[column["Posts (own)"]] for row in rows) == 4
    assert sum(row[column["Staff FTE (own)"]] for row in rows) == pytest.approx(157.2)
    assert [row[column["Posts (with units below)"]] for row in rows] == [4, 3, 2]
    operations = next(row for row in rows if row[column["Unit"]] == "ops")
    assert operations[column["Managers (own posts)"]] == 1
    widest = operations[column["Widest team (own posts: direct reports and staff)"]]
    assert widest == 1 + 145  # its head, and 144.95 FTE rounded up


def test_an_fte_is_rounded_once_so_a_unit_and_its_only_post_show_the_same() -> None:
    """144.95 FTE counted under the only post of Operations: the unit table rounded the unit's to 144.9 and the
    post's team label to 145.0."""
    result = diagnose(parse_org(UNITS))
    director = next(f for f in build_facts(build_graph(result.org)) if f["t"] == "position" and f["ref"] == "ops-d")
    assert director["people_label"] == "2 posts and 157.2 FTE of staff"
    assert director["team_label"] == "1 direct report and 145.0 FTE of staff"
    operations = _table(render_report(result), "Posts and staff by unit")[2]
    assert operations[3] == "145.0"
    assert "<td class=num>145.0</td>" in report_html(result, [])
    source = diagram(result.org, result.findings).source
    assert "+ 145.0 FTE staff" in source
    assert "144.9" not in source
