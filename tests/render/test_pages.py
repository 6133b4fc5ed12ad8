"""Every picture orgdiag draws fits a page: at most 8,000 pixels on its longer side and at most three times as
long as it is high, for the real organograms of fixtures/real (diagnosed and restructured) and a synthetic
organisation of 100,000 positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgdiag.diagnosis import diagnose
from orgdiag.importers import import_org
from orgdiag.render.compare import write_restructuring
from orgdiag.render.outputs import write_outputs
from orgdiag.render.pages import MAX_RATIO, MAX_SIDE, png_size
from orgdiag.restructuring.plan import restructure

from conftest import FIXTURES

#: Real exports and 100,000 positions drawn on pages by Graphviz.
pytestmark = pytest.mark.slow

REAL = FIXTURES / "real"
EXPORTS = {
    senior.name.replace("-senior.csv", ""): [senior, senior.with_name(senior.name.replace("senior", "junior"))]
    for folder in ("uk-organogram", "uk-organogram-history")
    for senior in sorted((REAL / folder).glob("*-senior.csv"))
}
EXPORTS["oracle-hr"] = [REAL / "d3-org-chart" / "data-oracle.csv"]
EXPORTS["d3-org-chart-demo"] = [REAL / "d3-org-chart" / "org.csv"]


def _pictures_fit(out: Path) -> list[str]:
    """Every PNG written that is too large or too long, with its size."""
    wrong = []
    for png in sorted(out.rglob("*.png")):
        width, height = png_size(png.read_bytes())
        if max(width, height) > MAX_SIDE or max(width, height) / min(width, height) > MAX_RATIO:
            wrong.append(f"{png.relative_to(out)}: {width} x {height}")
    return wrong


@pytest.mark.parametrize("name", EXPORTS)
def test_a_real_export_is_drawn_on_pages_that_fit(name: str, tmp_path: Path) -> None:
    write_outputs(diagnose(import_org(EXPORTS[name]).org), tmp_path)
    assert _pictures_fit(tmp_path) == []


def test_a_wide_organisation_gets_an_overview_and_a_page_per_top_level_unit(tmp_path: Path) -> None:
    written = write_outputs(diagnose(import_org(EXPORTS["oracle-hr"]).org), tmp_path)
    pages = [p.name for p in written if p.parent.name == "pages" and p.suffix == ".png"]
    assert pages[0] == "01-executive.png" and "10-sales.png" in pages
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "[10-sales.svg](pages/10-sales.svg)" in report


def test_a_synthetic_organisation_of_100000_positions_fits(synthetic_100k: Path) -> None:
    assert _pictures_fit(synthetic_100k) == []
    assert len(list((synthetic_100k / "pages").glob("*.png"))) > 1


@pytest.mark.parametrize("name", ["300913-HSE-Organogram-ver1", "cabinet_office-2011-09-30"])
def test_a_real_export_restructured_is_drawn_before_and_after_on_a_page(name: str, tmp_path: Path) -> None:
    result = restructure(import_org(EXPORTS[name]).org)
    write_restructuring(result, tmp_path, name)
    assert _pictures_fit(tmp_path) == []
