"""Write everything a diagnosis produces into a directory."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import graphviz

from orgdiag.files import make_folder, write_file
from orgdiag.findings import FindingsDocument
from orgdiag.problems import expected, one_of
from orgdiag.render.dot import diagram, render_bytes
from orgdiag.render.focus import findings_in, neighbourhood, retitled, unit_totals
from orgdiag.render.html import report_html
from orgdiag.render.overview import needs_overview, overview, part_diagram
from orgdiag.render.pages import Page, drawn, pages, top_units, whole
from orgdiag.render.report import render_report
from orgdiag.render.slides import deck_bytes
from orgdiag.render.spreadsheet import workbook_bytes

OUTPUT_FILES = (
    "diagram.svg",
    "diagram.png",
    "diagram.dot",
    "findings.json",
    "report.md",
    "report.html",
    "report.pptx",
    "findings.xlsx",
)


def findings_json(diagnosis: FindingsDocument) -> str:
    """``{"organisation": …, "findings": […]}`` as stable, indented JSON text."""
    return json_text(diagnosis.to_json_data())


def json_text(data: Any) -> str:
    """Data as stable, indented JSON text, non-ASCII kept as it is, ending in a newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def diagram_for(diagnosis: FindingsDocument, focus: str | None = None) -> graphviz.Digraph:
    """The diagram to draw: around `focus` in full (as its overview where even the neighbourhood is too large to
    draw in full), else the whole organisation, as an overview if it is large.

    Raises :class:`~orgdiag.render.focus.UnknownFocus` when `focus` names nothing in the organisation.
    """
    org, findings = diagnosis.org, diagnosis.open_findings
    if focus is not None:
        part = retitled(neighbourhood(org, focus, findings), f"{org.organisation.name}: around {focus}")
        return part_diagram(part, findings_in(part, findings), whole=unit_totals(diagnosis))
    note, marks = operating_model_note(diagnosis), operating_model_marks(diagnosis)
    if needs_overview(org):
        return overview(org, findings, marks=marks, note=note)
    return diagram(org, findings, marks, note=note)


def operating_model_note(diagnosis: FindingsDocument) -> str | None:
    """The legend's line naming the organisation's operating model, where its data tells one."""
    model = diagnosis.operating_model
    if model is None or model.confidence is None:  # insufficient evidence: nothing to name
        return None
    return f"Operating model: {model.name} ({model.confidence} confidence)"


def operating_model_marks(diagnosis: FindingsDocument) -> dict[str, str]:
    """The units the operating model rests on, outlined: the top of the central group, the hubs, and the spokes,
    coordinated or on their own (the classification's evidence; nothing where the data tells no model)."""
    model = diagnosis.operating_model
    if model is None or model.confidence is None:
        return {}
    evidence = model.evidence
    central = set(evidence.get("central_units", ()))
    parents = {unit.id: unit.parent for unit in diagnosis.org.units}
    marks = {unit: "central group" for unit in evidence.get("central_units", ()) if parents.get(unit) not in central}
    coordinated, of_hubs = set(evidence.get("coordinated_spokes", ())), set(evidence.get("hub_spokes", ()))
    for spoke in evidence.get("spokes", ()):
        marks[spoke] = (
            "spoke, coordinated"
            if spoke in coordinated
            else "spoke of a hub"
            if spoke in of_hubs
            else "spoke, on its own"
        )
    marks |= {hub: "hub" for hub in evidence.get("hubs", ())}
    return marks


#: The formats :func:`diagram_bytes` draws in.
DIAGRAM_FORMATS = ("svg", "png", "dot")


def diagram_bytes(document: FindingsDocument, fmt: str = "svg", focus: str | None = None) -> bytes:
    """The annotated diagram of a diagnosis as SVG, PNG or DOT text (UTF-8), the format named in any case
    (``"SVG"``): around `focus` in full, else the whole organisation (as an overview of units when it is large).
    Graphviz's ``dot`` draws it; a missing or failing ``dot`` is a :class:`~orgdiag.problems.RenderError`, another
    format an :class:`~orgdiag.problems.ArgumentError`.

    >>> from orgdiag.diagnosis import diagnose
    >>> from orgdiag.orgfile import load_org
    >>> diagram_bytes(diagnose(load_org("fixtures/demo/nordvik-sport.yaml")), "SVG")[:5]
    b'<?xml'
    """
    expected(
        document, FindingsDocument, "orgdiag.diagram_bytes", "document", "a Diagnosis (orgdiag.diagnose gives one)"
    )
    expected(fmt, str, "orgdiag.diagram_bytes", "fmt", f"a format ({', '.join(DIAGRAM_FORMATS)})")
    chosen = one_of(fmt.lower(), DIAGRAM_FORMATS, "orgdiag.diagram_bytes", "fmt")
    source = diagram_for(document, focus).source
    return source.encode("utf-8") if chosen == "dot" else render_bytes(source, chosen)


def write_outputs(
    diagnosis: FindingsDocument,
    out_dir: str | os.PathLike[str],
    focus: str | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the diagram (DOT, SVG, PNG), the findings as JSON and the Markdown report into the folder `out_dir`
    (made if need be); return the paths.

    Without ``focus``, an organisation whose drawing would not fit a page is drawn as its overview, and each
    top-level unit gets a page of its own in ``pages/`` (:mod:`orgdiag.render.pages`). Nothing is written until
    everything is made. ``on_stage``, if given, is called as each part is made, with what was made ("drew the
    diagram", "made report.html"): for a large organisation that is a minute of work.
    """
    call = "orgdiag.write_outputs"
    expected(diagnosis, FindingsDocument, call, "diagnosis", "a Diagnosis (orgdiag.diagnose gives one)")
    expected(out_dir, (str, os.PathLike), call, "out_dir", "a folder's path")
    said = on_stage or _silent
    if focus is not None:
        drawing, paged = drawn(diagram_for(diagnosis, focus)), []
        said(f"drew the diagram around {focus}")
    else:
        drawing, needs_pages = whole(
            diagnosis.org, diagnosis.open_findings, operating_model_note(diagnosis), operating_model_marks(diagnosis)
        )
        said("drew the overview" if needs_pages else "drew the diagram")
        paged = pages(diagnosis.org, diagnosis.open_findings, said) if needs_pages else []
    svg = render_bytes(drawing.source, "svg")
    page_svgs = {page.file_stem: render_bytes(page.drawing.source, "svg") for page in paged}
    said("made the SVG drawings")
    drawings = [(diagnosis.org.organisation.name, svg.decode("utf-8"))]
    drawings += [(page.name, page_svgs[page.file_stem].decode("utf-8")) for page in paged]
    page_files = [_page_file(page, "svg") for page in paged]
    without_page = len(top_units(diagnosis.org)) - len(paged) if paged else 0
    makers: dict[str, Callable[[], bytes]] = {
        "findings.json": lambda: findings_json(diagnosis).encode("utf-8"),
        "report.md": lambda: render_report(diagnosis, "diagram.svg", page_files, without_page).encode("utf-8"),
        "report.html": lambda: report_html(diagnosis, drawings).encode("utf-8"),
        "report.pptx": lambda: deck_bytes(diagnosis, drawing.png),
        "findings.xlsx": lambda: workbook_bytes(diagnosis),
    }
    contents = {"diagram.dot": drawing.source.encode("utf-8"), "diagram.svg": svg, "diagram.png": drawing.png}
    for name, make in makers.items():
        contents[name] = make()
        said(f"made {name}")
    names = list(OUTPUT_FILES)
    for page in paged:
        contents[_page_file(page, "svg")] = page_svgs[page.file_stem]
        contents[_page_file(page, "png")] = page.drawing.png
        names += [_page_file(page, "svg"), _page_file(page, "png")]
    return write_files(Path(out_dir), contents, tuple(names))


def _silent(_: str) -> None:
    """What is made, said to no one."""


def _page_file(page: Page, suffix: str) -> str:
    return f"{PAGES}/{page.file_stem}.{suffix}"


#: The folder of an output directory that holds the pages of a large organisation's drawing.
PAGES = "pages"


def write_files(out_dir: Path, contents: dict[str, bytes], names: tuple[str, ...]) -> list[Path]:
    """Write the named files' contents into a directory (a name may hold a folder: ``pages/01-sales.png``), in
    that order; return their paths."""
    make_folder(out_dir)
    paths = []
    for name in names:
        path = out_dir / name
        make_folder(path.parent, inside=out_dir)  # a link planted at OUT/pages is replaced, never followed
        write_file(path, contents[name])
        paths.append(path)
    return paths
