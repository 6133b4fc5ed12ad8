"""report.pptx: the diagnosis as 16:9 slides a consultant puts in front of a client.

The deck's master and layouts are laid out for 16:9 (python-pptx's own template is 4:3), so a slide a consultant
adds in PowerPoint sits on the page too; every slide has its title in the layout's title placeholder. Fonts are set
on the runs of text, not on paragraphs: PowerPoint draws a paragraph's default font only for text typed later, and
an edit there snaps back to the master's size.

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
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.text.text import _Paragraph
from pptx.util import Emu, Inches, Length, Pt

from orgdiag.findings import Finding, FindingsDocument, severity_rank
from orgdiag.model import OrgFile
from orgdiag.naming import counted
from orgdiag.problems import LayoutError
from orgdiag.render.dot import render_bytes
from orgdiag.render.focus import UnknownFocus, findings_in, neighbourhood, unit_totals
from orgdiag.render.overview import part_diagram
from orgdiag.render.package import fixed_package
from orgdiag.render.pages import Drawing, png_size, scaled_to_fit
from orgdiag.render.pay import pay_notes
from orgdiag.render.style import SEVERITY_COLOURS
from orgdiag.render.text import coverage_lines, layers_note, strip_control, thin_data_lines
from orgdiag.render.touched import drawn_touched_units
from orgdiag.restructuring.results import Restructuring

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
#: Where a content slide's title sits: a band across the top, above the slide's text and pictures.
TITLE_BOX = (MARGIN, Inches(0.25), Emu(WIDTH - 2 * MARGIN), Inches(0.8))
#: The layouts of python-pptx's template the deck uses.
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5
#: The most slides of single findings; the others are in the findings table of the other reports.
MAX_FINDING_SLIDES = 20
SERIOUS = ("critical", "high")


def deck_bytes(diagnosis: FindingsDocument, picture: bytes, restructuring: Restructuring | None = None) -> bytes:
    """report.pptx for a diagnosis whose drawing (PNG) is ``picture``; with ``restructuring``, its changes too."""
    deck = _widescreen_deck()
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


def _widescreen_deck() -> Deck:
    """An empty deck whose master and layouts are laid out for 16:9: python-pptx's template is 4:3 (10 inches
    wide), so each placeholder placed there is moved and widened in proportion; the title-only layout's title is
    the band the content slides' titles fill."""
    deck = Presentation()
    scale = WIDTH / deck.slide_width
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    for part in (deck.slide_master, *deck.slide_layouts):
        for shape in part.placeholders:
            if shape._element.xfrm is None:  # placed by the master: moves with it
                continue
            shape.left, shape.width = Emu(round(shape.left * scale)), Emu(round(shape.width * scale))
    title = deck.slide_layouts[TITLE_ONLY_LAYOUT].placeholders[0]
    title.left, title.top, title.width, title.height = TITLE_BOX
    return deck


def _serious(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in SERIOUS]


def _text(value: str) -> str:
    """Text a slide can hold: no control characters (the XML of a slide cannot), tabs as spaces."""
    return strip_control(value).replace("\t", " ")


def _written(paragraph: _Paragraph, text: str, size: int, bold: bool = False) -> None:
    """`text` as the paragraph's one run, its size and weight set on the run (see the module's note)."""
    run = paragraph.add_run()
    run.text = _text(text)
    run.font.size, run.font.bold = Pt(size), bold


def _blank(deck: Deck, title: str) -> Slide:
    """A content slide: its title in the title placeholder's band at the top, left-aligned; the rest is free."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    frame = slide.shapes.title.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    _written(paragraph, title, 24 if len(title) <= 60 else 18, bold=True)
    return slide


def _lines(
    slide: Slide, lines: list[str], left: Length, top: Length, width: Length, height: Length, size: int = 16
) -> None:
    """The lines as paragraphs of a text box, at `size` points or smaller, as small as they need to fit the box."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    size = fitting_size(lines, width, height, size)
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        _written(paragraph, line, size)
        paragraph.space_after = Pt(SPACE_AFTER)


#: Points below each paragraph; the smallest text a slide is given (below it, a slide is not read from a screen).
SPACE_AFTER, SMALLEST = 6, 10
#: The width of an average character of a sans-serif font over its size, and a line's height over the size: a
#: measure on the generous side, so that text estimated to fit does.
CHARACTER_WIDTH, LINE_HEIGHT = 0.55, 1.2


def fitting_size(lines: list[str], width: Length, height: Length, size: int) -> int:
    """The largest size in points, `size` at most and :data:`SMALLEST` at least, at which the lines, wrapped to
    `width`, are estimated to fill at most `height` (a slide holds its text where it was placed: PowerPoint does not
    shrink text that overflows until it is edited).

    >>> box = Inches(6), Inches(2)
    >>> fitting_size(["A short line."], *box, 16), fitting_size(["word " * 400], *box, 16)
    (16, 10)
    """
    return next((points for points in range(size, SMALLEST, -1) if fits(lines, width, height, points)), SMALLEST)


def fits(lines: list[str], width: Length, height: Length, points: int) -> bool:
    """Whether the lines at `points`, wrapped to `width`, are estimated to fill at most `height`."""
    per_line = max(1, int(Length(width).pt / (points * CHARACTER_WIDTH)))
    rows = sum(max(1, -(-len(line) // per_line)) for line in lines)
    return rows * points * LINE_HEIGHT + len(lines) * SPACE_AFTER <= Length(height).pt


def _title_slide(deck: Deck, diagnosis: FindingsDocument, restructuring: Restructuring | None) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    kind = "Restructuring proposal" if restructuring is not None else "Organisational diagnosis"
    name = diagnosis.org.organisation.name
    _written(slide.shapes.title.text_frame.paragraphs[0], name, 40 if len(name) <= 40 else 28)
    subtitle = f"{kind} · orgdiag · profiles: {', '.join(diagnosis.profiles)}"
    _written(slide.placeholders[1].text_frame.paragraphs[0], subtitle, 20)


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
    lines += pay_notes(diagnosis.coverage)
    if restructuring is not None:
        comparison = restructuring.comparison
        lines.append(
            f"Restructuring: {counted(len(restructuring.changes), 'change')}; findings "
            f"{len(comparison.before.open_findings)} → "
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
        _lines(slide, _most_that_fit(fixes, total), *MATTERS_BOX, size=13)


#: Where the executive summary lists what matters most: the right half of the slide.
MATTERS_BOX = (Inches(6.6), Inches(1.2), Inches(6.2), Inches(5.8))


def _most_that_fit(fixes: list[str], found: int) -> list[str]:
    """ "What matters most": as many of the first findings as fit the box at 11 points (the first one always), and
    where the others are."""
    for shown in range(len(fixes), 0, -1):
        rest = found - shown
        where = [f"{counted(rest, 'more finding')} in findings.xlsx and report.html."] if rest else []
        lines = ["What matters most", *fixes[:shown], *where]
        if fits(lines, MATTERS_BOX[2], MATTERS_BOX[3], 11) or shown == 1:
            return lines
    return ["What matters most"]


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
    return _part_png(part, diagnosis)


def _part_png(part: OrgFile, diagnosis: FindingsDocument) -> bytes | None:
    """The drawing of a part of the organisation with the findings about what it holds, each unit with its totals
    in the whole; None in the rare case that dot cannot lay it out (the slide then says what it says without the
    picture)."""
    graph = part_diagram(part, findings_in(part, diagnosis.open_findings), legend=False, whole=unit_totals(diagnosis))
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
    charted = structure.charted_layers()
    layers = CategoryChartData()
    layers.categories = [label for label, _ in charted]
    layers.add_series("Posts", [layer.posts for _, layer in charted])
    if structure.staff:
        layers.add_series("Staff (FTE)", [round(layer.staff_fte, 2) for _, layer in charted])
    layers.add_series("Managers", [layer.managers for _, layer in charted])
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
