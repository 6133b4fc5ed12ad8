"""report.pptx: the diagnosis as 16:9 slides a consultant puts in front of a client.

A title slide; the executive summary (what was assessed, the findings by severity, the five that matter most
with their first fix); the organisation's drawing; one slide per high or critical finding with the drawing of
its neighbourhood and what to do; the span-of-control and layer profiles as charts; for a restructuring, the
before and after counts and the changed units side by side. Every picture is scaled to fit its place on the
slide, its shape kept.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

from orgdiag.findings import Finding, FindingsDocument, severity_rank
from orgdiag.model import OrgFile
from orgdiag.naming import counted
from orgdiag.problems import LayoutError
from orgdiag.render.dot import diagram, render_bytes
from orgdiag.render.focus import UnknownFocus, findings_in, neighbourhood
from orgdiag.render.package import fixed_package
from orgdiag.render.pages import Drawing, png_size, scaled_to_fit
from orgdiag.render.style import SEVERITY_COLOURS
from orgdiag.render.text import coverage_lines, layers_note, strip_control, thin_data_lines
from orgdiag.render.touched import drawn_touched_units
from orgdiag.restructuring.results import Restructuring

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
#: The most slides of single findings; the others are in the findings table of the other reports.
MAX_FINDING_SLIDES = 20
SERIOUS = ("critical", "high")


def deck_bytes(diagnosis: FindingsDocument, picture: bytes, restructuring: Restructuring | None = None) -> bytes:
    """report.pptx for a diagnosis whose drawing (PNG) is ``picture``; with ``restructuring``, its changes too."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    _title_slide(deck, diagnosis, restructuring)
    _summary_slide(deck, diagnosis, restructuring)
    _picture_slide(deck, "The organisation and its findings", picture)
    for finding in _serious(diagnosis.open_findings)[:MAX_FINDING_SLIDES]:
        _finding_slide(deck, diagnosis, finding)
    _profile_slide(deck, diagnosis)
    if restructuring is not None:
        _changed_unit_slides(deck, restructuring)
    out = io.BytesIO()
    deck.save(out)
    return fixed_package(out.getvalue())


def _serious(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in SERIOUS]


def _text(value: str) -> str:
    """Text a slide can hold: no control characters (the XML of a slide cannot), tabs as spaces."""
    return strip_control(value).replace("\t", " ")


def _blank(deck: Deck, title: str) -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    box = slide.shapes.add_textbox(MARGIN, Inches(0.25), Emu(WIDTH - 2 * MARGIN), Inches(0.8))
    box.text_frame.word_wrap = True
    paragraph = box.text_frame.paragraphs[0]
    paragraph.text = _text(title)
    paragraph.font.size, paragraph.font.bold = Pt(24 if len(title) <= 60 else 18), True
    return slide


def _lines(
    slide: Slide, lines: list[str], left: Length, top: Length, width: Length, height: Length, size: int = 16
) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = _text(line)
        paragraph.font.size = Pt(size)
        paragraph.space_after = Pt(6)


def _title_slide(deck: Deck, diagnosis: FindingsDocument, restructuring: Restructuring | None) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    kind = "Restructuring proposal" if restructuring is not None else "Organisational diagnosis"
    slide.shapes.title.text = _text(diagnosis.org.organisation.name)
    slide.placeholders[1].text = f"{kind} · orgdiag · profiles: {', '.join(diagnosis.profiles)}"


def _summary_slide(deck: Deck, diagnosis: FindingsDocument, restructuring: Restructuring | None) -> None:
    slide = _blank(deck, "Executive summary")
    counts = diagnosis.by_severity()
    found = ", ".join(f"{n} {severity}" for severity, n in counts.items()) or "none"
    total = len(diagnosis.open_findings)
    thin = thin_data_lines(diagnosis)
    covered = coverage_lines(diagnosis)
    # a thin diagnosis says what ran and what did not in its own lines: of the coverage, the data's extent is left
    lines = [
        f"{counted(total, 'finding')}: {found}." if total else "No findings.",
        *thin,
        *(covered[:1] if thin else covered),
    ]
    if restructuring is not None:
        comparison = restructuring.comparison
        lines.append(
            f"Restructuring: {len(restructuring.changes)} changes; findings {len(comparison.before.open_findings)} → "
            f"{len(comparison.after.open_findings)} ({len(comparison.resolved)} resolved, "
            f"{len(comparison.introduced)} introduced)."
        )
    top = sorted(diagnosis.open_findings, key=lambda f: -severity_rank(f.severity))[:5]
    fixes = [
        f"{f.severity.upper()} {f.rule}: {f.message}" + (f" → {f.suggestions[0].text}" if f.suggestions else "")
        for f in top
    ]
    width = Inches(5.8) if fixes else Emu(WIDTH - 2 * MARGIN)  # no findings: the summary takes the whole slide
    _lines(slide, lines, MARGIN, Inches(1.2), width, Inches(5.8), size=13 if thin else 14)
    if fixes:
        _lines(slide, ["What matters most", *fixes], Inches(6.6), Inches(1.2), Inches(6.2), Inches(5.8), size=13)


def _picture_slide(deck: Deck, title: str, png: bytes) -> None:
    slide = _blank(deck, title)
    _picture(slide, png, MARGIN, Inches(1.2), Emu(WIDTH - 2 * MARGIN), Emu(HEIGHT - Inches(1.5)))


def _picture(slide: Slide, png: bytes, left: Length, top: Length, width: Length, height: Length) -> None:
    """The picture scaled to fit the box, its shape kept, centred in it."""
    pixels_wide, pixels_high = png_size(png)
    scale = min(width / pixels_wide, height / pixels_high)
    shown_wide, shown_high = int(pixels_wide * scale), int(pixels_high * scale)
    slide.shapes.add_picture(
        io.BytesIO(png),
        Emu(left + (width - shown_wide) // 2),
        Emu(top + (height - shown_high) // 2),
        Emu(shown_wide),
        Emu(shown_high),
    )


def _finding_slide(deck: Deck, diagnosis: FindingsDocument, finding: Finding) -> None:
    slide = _blank(deck, f"{finding.rule} {finding.title}")
    note = diagnosis.notes.get(finding.rule)
    lines = [f"{finding.severity.upper()}: {finding.message}"]
    lines += [f"Why it matters: {' '.join(note.rationale.split())}"] if note else []
    lines += [f"What to do: {s.text}" for s in finding.suggestions[:2]]
    lines += [f"Not stated: {text}" for text in [*(finding.inferred or []), *(finding.assumed or [])]]
    _lines(slide, lines, MARGIN, Inches(1.2), Inches(5.2), Inches(5.9), size=13)
    colour = SEVERITY_COLOURS[finding.severity][0].lstrip("#")
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.05), Inches(5.2), Inches(0.08))
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor.from_string(colour)
    bar.line.fill.background()
    picture = _neighbourhood_png(diagnosis, finding)
    if picture is not None:
        _picture(slide, picture, Inches(6.0), Inches(1.2), Inches(6.8), Inches(5.9))


def _neighbourhood_png(diagnosis: FindingsDocument, finding: Finding) -> bytes | None:
    try:
        part = neighbourhood(diagnosis.org, finding.subject, diagnosis.open_findings)
    except UnknownFocus:
        return None
    return _part_png(part, diagnosis.open_findings)


def _part_png(part: OrgFile, findings: Sequence[Finding]) -> bytes | None:
    """The drawing of a part of the organisation with the findings about what it holds; None in the rare case
    that dot cannot lay it out (the slide then says what it says without the picture)."""
    graph = diagram(part, findings_in(part, findings), legend=False)
    try:
        return scaled_to_fit(Drawing(graph.source, render_bytes(graph.source, "png"))).png
    except LayoutError:
        return None


def _profile_slide(deck: Deck, diagnosis: FindingsDocument) -> None:
    """The span chart and the layer chart, everyone on the layers: the staff counted under a post on the layer below
    it, as the note under the chart says."""
    structure = diagnosis.structure
    slide = _blank(deck, "Spans of control and layers")
    if not structure.layers:
        _lines(
            slide,
            ["The organisation has no live post: there are no spans or layers to chart."],
            MARGIN,
            Inches(1.3),
            Inches(12),
            Inches(1),
        )
        return
    spans = CategoryChartData()
    bands = structure.span_bands()
    spans.categories = list(bands)
    spans.add_series("Managers by team size", list(bands.values()))
    chart = _chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, MARGIN, spans)
    chart.has_title, chart.has_legend = True, False
    chart.chart_title.text_frame.text = "Managers by team size (direct reports and staff)"
    layers = CategoryChartData()
    layers.categories = [f"Layer {layer.number}" for layer in structure.layers]
    layers.add_series("Posts", [layer.posts for layer in structure.layers])
    if structure.staff:
        layers.add_series("Staff (FTE)", [round(layer.staff_fte, 2) for layer in structure.layers])
    layers.add_series("Managers", [layer.managers for layer in structure.layers])
    chart = _chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, Inches(6.9), layers)
    chart.has_title, chart.has_legend = True, True
    title = "People and managers per layer" if structure.staff else "Posts and managers per layer"
    chart.chart_title.text_frame.text = title
    note = layers_note(structure)
    if note is not None:
        _lines(slide, [note], Inches(6.9), Inches(6.8), Inches(6), Inches(0.6), size=11)


def _chart(slide: Slide, kind: XL_CHART_TYPE, left: Length, data: CategoryChartData) -> Any:
    """A native chart (editable in PowerPoint) in one half of the slide; python-pptx's hints call its data and
    its result by their base classes."""
    frame: Any = slide.shapes.add_chart(kind, left, Inches(1.3), Inches(6), Inches(5.5), data)  # type: ignore[arg-type]
    return frame.chart


def _changed_unit_slides(deck: Deck, result: Restructuring) -> None:
    """A slide for each touched unit that the comparison draws (:mod:`~orgdiag.render.touched`): its
    neighbourhood before and after, side by side."""
    for touched in drawn_touched_units(result.comparison):
        slide = _blank(deck, f"Before and after: {touched.name}")
        for number, side in enumerate(touched.sides):
            left = Emu(MARGIN + number * Inches(6.3))
            _lines(slide, [side.title], left, Inches(1.1), Inches(6), Inches(0.5), size=18)
            if side.png is not None:
                _picture(slide, side.png, left, Inches(1.6), Inches(6), Inches(5.6))
