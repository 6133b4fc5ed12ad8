"""Drawings that fit a page: the whole organisation when it fits, else an overview and a page per top-level unit.

A drawing fits when its picture is at most :data:`MAX_SIDE` pixels on its longer side and at most
:data:`MAX_RATIO` times as long as it is high (or high as it is wide): an organisation drawn as a strip many
thousand pixels wide is no picture anyone can read or put on a slide. A drawing that does not fit is drawn as
the overview of units, and each top-level unit gets a page of its own: in full where that fits, else as the
overview of the unit's subtree, and scaled down to the limits as a last resort.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass

import graphviz
from PIL import Image

from orgdiag.findings import Finding
from orgdiag.model import OrgFile
from orgdiag.model.tree import unit_tree
from orgdiag.render.dot import NARROWER_ROWS, diagram, render_bytes
from orgdiag.render.focus import findings_in, retitled, subtree
from orgdiag.render.overview import needs_overview, overview

#: The longest side of a picture, in pixels.
MAX_SIDE = 8000
#: The most a picture's longer side may be to its shorter one.
MAX_RATIO = 3.0
#: Pixels per inch of the PNG pictures (Graphviz's own default): 13.33 inches of a 16:9 slide are 1,280 pixels.
DPI = 96


@dataclass(frozen=True)
class Drawing:
    """A drawing ready to write: its DOT source and its PNG."""

    source: str
    png: bytes

    @property
    def size(self) -> tuple[int, int]:
        return png_size(self.png)

    @property
    def fits(self) -> bool:
        return fits(*self.size)


@dataclass(frozen=True)
class Page:
    """One page of a large organisation's drawing: a top-level unit."""

    unit: str
    name: str
    file_stem: str
    drawing: Drawing


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header.

    >>> png_size(bytes(16) + (640).to_bytes(4, "big") + (480).to_bytes(4, "big"))
    (640, 480)
    """
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def fits(width: int, height: int) -> bool:
    """Whether a picture of this size is one a page or a slide can hold.

    >>> fits(3000, 1500), fits(9000, 3000), fits(4000, 1000)
    (True, False, False)
    """
    longer, shorter = max(width, height), max(min(width, height), 1)
    return longer <= MAX_SIDE and longer / shorter <= MAX_RATIO


def drawn(graph: graphviz.Digraph) -> Drawing:
    return Drawing(graph.source, render_bytes(graph.source, "png"))


def scaled_to_fit(drawing: Drawing) -> Drawing:
    """The drawing scaled down so that its longer side is at most :data:`MAX_SIDE` pixels (its shape kept)."""
    width, height = drawing.size
    if max(width, height) <= MAX_SIDE:
        return drawing
    inches = MAX_SIDE / DPI
    source = drawing.source.replace("{", f'{{\n\tsize="{inches:.2f},{inches:.2f}"', 1)
    return Drawing(source, render_bytes(source, "png"))


def whole(
    org: OrgFile,
    findings: list[Finding] | tuple[Finding, ...],
    note: str | None = None,
    marks: dict[str, str] | None = None,
) -> tuple[Drawing, bool]:
    """The drawing of the whole organisation: in full if it fits (with its wide teams in narrower rows, and then its
    heads of units in rows, if need be),
    else its overview; and whether it needs pages.
    `note` (the operating model) is the legend's last line; `marks` outline elements (element id → mark)."""
    if not needs_overview(org):
        full = drawn(diagram(org, findings, marks, note=note))
        for rows in NARROWER_ROWS if not full.fits else ():
            full = drawn(diagram(org, findings, marks, note=note, rows=rows))
            if full.fits:
                break
        if full.fits or len(org.units) < 2:
            return scaled_to_fit(full), False
    return scaled_to_fit(drawn(overview(org, findings, marks=marks, note=note))), True


def top_units(org: OrgFile) -> list[tuple[str, int | None]]:
    """The units a page each, and how many levels below each its page draws: with one root unit, the root alone
    (the top team) and then each unit below it with everything under it; else each root with everything."""
    children = unit_tree(org).children
    roots = children.get(None, [])
    if len(roots) == 1:
        return [(roots[0], 0), *((unit, None) for unit in children.get(roots[0], []))]
    return [(root, None) for root in roots]


#: The most pages drawn: an organisation of thousands of top-level units gets pages for the first ones, the rest
#: being in the overview (each page is a Graphviz layout of a second or more; 2,000 of them took over a minute).
MAX_PAGES = 40


def pages(
    org: OrgFile, findings: list[Finding] | tuple[Finding, ...], on_page: Callable[[str], None] | None = None
) -> list[Page]:
    """A page per top-level unit, for the first :data:`MAX_PAGES` of them: the unit and everything below it, in
    full where that fits. ``on_page``, if given, is called as each page is drawn, with what was drawn ("drew page
    2 of 14: Sales")."""
    names = {unit.id: unit.name for unit in org.units}
    result = []
    tops = top_units(org)[:MAX_PAGES]
    for number, (unit, depth) in enumerate(tops, 1):
        part = subtree(org, unit, depth)
        drawing, _ = whole(retitled(part, f"{org.organisation.name}: {names[unit]}"), findings_in(part, findings))
        result.append(Page(unit, names[unit], f"{number:02d}-{file_safe(unit)}", drawing))
        if on_page is not None:
            on_page(f"drew page {number} of {len(tops)}: {names[unit]}")
    return result


#: The white space between pictures set side by side, in pixels.
PICTURE_GAP = 40


def set_together(pictures: list[bytes]) -> bytes:
    """PNG pictures side by side, or one above the other when side by side would be more than
    :data:`MAX_RATIO` times as wide as high, on white; scaled down to :data:`MAX_SIDE` pixels at most.
    Pillow pastes them: Graphviz would decode and encode each picture again, at a second or so a pair.

    >>> def png(width, height):
    ...     data = io.BytesIO(); Image.new("RGB", (width, height), "white").save(data, "PNG"); return data.getvalue()
    >>> png_size(set_together([png(300, 300), png(300, 300)])), png_size(set_together([png(300, 100), png(300, 100)]))
    ((640, 300), (300, 240))
    """
    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in pictures]
    across = sum(i.width for i in images) + PICTURE_GAP * (len(images) - 1) <= MAX_RATIO * max(i.height for i in images)
    if across:
        size = (sum(i.width for i in images) + PICTURE_GAP * (len(images) - 1), max(i.height for i in images))
    else:
        size = (max(i.width for i in images), sum(i.height for i in images) + PICTURE_GAP * (len(images) - 1))
    canvas = Image.new("RGB", size, "white")
    offset = 0
    for image in images:
        canvas.paste(image, (offset, 0) if across else (0, offset))
        offset += (image.width if across else image.height) + PICTURE_GAP
    scale = min(1.0, MAX_SIDE / max(size))
    if scale < 1.0:
        canvas = canvas.resize((round(size[0] * scale), round(size[1] * scale)), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    canvas.save(out, "PNG", compress_level=1)  # a few times faster than the default, for a larger file
    return out.getvalue()


def file_safe(text: str) -> str:
    """A piece of a file name from an id: lower-case ASCII letters, digits and hyphens, at most 40 of them.

    >>> file_safe("Sälj/../../etc"), file_safe("###")
    ('s-lj-etc', 'unit')
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "unit"
