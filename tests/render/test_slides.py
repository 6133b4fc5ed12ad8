"""report.pptx laid out for 16:9 as PowerPoint reads it: the master's and layouts' placeholders and every shape on
the page, the title slide's title centred, sizes set on the runs of text (not on paragraphs, which PowerPoint
snaps back), counts that agree in number, and a drawing of a part of the organisation that gives each unit's
totals, not those of the part it shows."""

from __future__ import annotations

import io
import zipfile
from functools import cache

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as Deck

from orgdiag.diagnosis import diagnose
from orgdiag.findings import FindingsDocument
from orgdiag.importers import import_org
from orgdiag.model import OrgFile
from orgdiag.orgfile import load_org
from orgdiag.render.outputs import diagram_for
from orgdiag.render.pages import whole
from orgdiag.render.slides import HEIGHT, WIDTH, deck_bytes

from conftest import DEMO, FIXTURES

SMG = FIXTURES / "real" / "uk-organogram-corpus" / "300913-SMG-Organogram-Data-v1"
DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@cache
def _diagnosis(body: str) -> FindingsDocument:
    if body == "demo":
        return diagnose(load_org(DEMO))
    return diagnose(import_org([SMG.with_name(SMG.name + "-senior.csv"), SMG.with_name(SMG.name + "-junior.csv")]).org)


@cache
def _deck_data(body: str) -> bytes:
    result = _diagnosis(body)
    return deck_bytes(result, whole(result.org, result.open_findings)[0].png)


def _deck(body: str) -> Deck:
    return Presentation(io.BytesIO(_deck_data(body)))


def _inside(shape: object) -> bool:
    left, top, width, height = (getattr(shape, side) for side in ("left", "top", "width", "height"))
    return left >= 0 and left + width <= WIDTH and top >= 0 and top + height <= HEIGHT


@pytest.mark.slow
@pytest.mark.parametrize("body", ["demo", "smg"])
def test_every_placeholder_and_shape_is_on_the_16_by_9_slide(body: str) -> None:
    deck = _deck(body)
    assert (deck.slide_width, deck.slide_height) == (WIDTH, HEIGHT)
    layouts = [deck.slide_master, *deck.slide_layouts]
    outside = [f"{part.name}: {shape.name}" for part in layouts for shape in part.placeholders if not _inside(shape)]
    outside += [
        f"slide {n}: {shape.name}" for n, s in enumerate(deck.slides, 1) for shape in s.shapes if not _inside(shape)
    ]
    assert outside == []
    # placed for 16:9, not a 4:3 layout's placeholders left on the left of a wider slide
    master_title = deck.slide_master.placeholders[0]
    assert abs(master_title.left + master_title.width / 2 - WIDTH / 2) < WIDTH / 100
    assert all(slide.shapes.title is not None and slide.shapes.title.text_frame.text for slide in deck.slides)


@pytest.mark.slow
def test_the_title_slides_title_is_centred_on_the_slide() -> None:
    title = _deck("smg").slides[0].shapes.title
    assert title.text_frame.text == "Science Museum Group"
    assert abs(title.left + title.width / 2 - WIDTH / 2) < WIDTH / 100
    # centred text, as the master's title style sets it and no paragraph undoes
    assert all(p.alignment in (None, PP_ALIGN.CENTER) for p in title.text_frame.paragraphs)


@pytest.mark.slow
@pytest.mark.parametrize("body", ["demo", "smg"])
def test_fonts_are_set_on_runs_not_on_paragraphs(body: str) -> None:
    with zipfile.ZipFile(io.BytesIO(_deck_data(body))) as package:
        slides = [n for n in package.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
        trees = [etree.fromstring(package.read(name)) for name in slides]
    paragraph_fonts = [
        p for tree in trees for p in tree.iter(f"{DRAWING_NS}pPr") if p.find(f"{DRAWING_NS}defRPr") is not None
    ]
    assert paragraph_fonts == []
    runs = [run for tree in trees for run in tree.iter(f"{DRAWING_NS}r")]
    assert runs and all(run.find(f"{DRAWING_NS}rPr") is not None for run in runs)
    assert all(run.find(f"{DRAWING_NS}rPr").get("sz") for run in runs)


@pytest.mark.slow
def test_a_summary_of_one_finding_says_one_finding() -> None:
    chief = {"id": "ceo", "title": "Chief Executive"}
    officers = [{"id": f"p{n}", "title": f"Officer {n}", "reports_to": "ceo"} for n in range(1, 25)]
    result = diagnose(OrgFile.model_validate({"organisation": {"name": "Small"}, "positions": [chief, *officers]}))
    assert [f.rule for f in result.open_findings] == ["OD201"]  # a span of 24
    deck = Presentation(io.BytesIO(deck_bytes(result, whole(result.org, result.open_findings)[0].png)))
    assert deck.slides[1].shapes[1].text_frame.text.startswith("1 finding: 1 medium.")


def _around_a_director() -> FindingsDocument:
    """A head office of 9 posts and 35 FTE staff (its own 5 posts, and the 2 of each unit below it): the drawing
    around operations shows the head office with only the chief executive above operations' director."""
    team = [{"title": "Officer", "fte": 5}]

    def post(post_id: str, unit: str, manager: str | None, staff: list[dict[str, object]]) -> dict[str, object]:
        return {"id": post_id, "title": post_id.replace("-", " ").title(), "unit": unit, "reports_to": manager} | (
            {"staff": staff} if staff else {}
        )

    units = [
        {"id": "hq", "name": "Head office"},
        {"id": "ops", "name": "Operations", "parent": "hq"},
        {"id": "field", "name": "Field", "parent": "hq"},
    ]
    positions = [
        post("chief-executive", "hq", None, [{"title": "PA", "fte": 10}]),
        post("finance-director", "hq", "chief-executive", team),
        post("accountant", "hq", "finance-director", []),
        post("payroll-manager", "hq", "finance-director", []),
        post("hr-director", "hq", "chief-executive", []),
        post("field-director", "field", "chief-executive", team),
        post("field-manager", "field", "field-director", []),
        post("operations-director", "ops", "chief-executive", team),
        post("operations-manager", "ops", "operations-director", team),
    ]
    return diagnose(
        OrgFile.model_validate({"organisation": {"name": "Caption Ltd"}, "units": units, "positions": positions})
    )


def test_a_drawing_of_part_of_the_organisation_gives_each_units_totals_and_what_it_shows() -> None:
    source = diagram_for(_around_a_director(), focus="ops").source
    assert "9 posts · 30.0 FTE staff" in source  # the head office's totals: every post and FTE in and below it
    assert "shown: 7 of 9 posts" in source  # the finance director is left out, and the field director
    assert "7 posts · " not in source  # never the visible part given as the total
    assert "2 posts · 5.0 FTE staff" in source and "shown: 1 of 2 posts" in source  # field: its manager only
    assert "2 posts · 10.0 FTE staff" in source and "shown: 2 of" not in source  # operations: all of it


def test_a_unit_of_one_post_says_1_post() -> None:
    head_office = {"id": "hq", "name": "Head office"}
    chief = {"id": "ceo", "title": "Chief Executive", "unit": "hq", "staff": [{"title": "PA", "fte": 1}]}
    org = OrgFile.model_validate({"organisation": {"name": "One"}, "units": [head_office], "positions": [chief]})
    source = diagram_for(diagnose(org)).source
    assert "1 post · 1.0 FTE staff" in source and "1 posts" not in source
