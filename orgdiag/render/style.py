"""How the diagrams look: fonts, colours by severity and by change, node and edge styles, safe label text."""

from __future__ import annotations

import html
import textwrap

from orgdiag.findings import Finding, severity_rank
from orgdiag.render.text import strip_control

FONT = "Helvetica"

#: Strong colour (badges, borders) and light fill per severity.
SEVERITY_COLOURS: dict[str, tuple[str, str]] = {
    "critical": ("#8e0c1e", "#f6d2d5"),
    "high": ("#d7301f", "#fde0d2"),
    "medium": ("#e08214", "#fdebc8"),
    "low": ("#b8a000", "#fbf6c8"),
    "info": ("#2c7fb8", "#dbe9f6"),
}

NODE_STYLES: dict[str, dict[str, str]] = {
    "position": {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff", "color": "#555555"},
    # a channel's arrow takes room from its label: a wider margin keeps the label inside the shape
    "channel": {"shape": "cds", "style": "filled", "fillcolor": "#e3eef9", "color": "#1f6fb2", "margin": "0.22,0.1"},
    "agency": {"shape": "component", "style": "filled", "fillcolor": "#fff2e0", "color": "#b35806"},
}

#: A unit's box, and that of a unit named as a committee or board of the top posts (orgdiag.model.notes): drawn
#: apart, as what it is, not as a directorate.
UNIT_STYLE: dict[str, str] = {"style": "rounded,filled", "fillcolor": "#f7f7f7", "color": "#999999", "margin": "10"}
COMMITTEE_STYLE: dict[str, str] = {
    "style": "rounded,filled",
    "fillcolor": "#f1edf7",
    "color": "#5e3c99",
    "margin": "10",
}
#: The most characters of a line of a unit's name, and of an id, in a box (the whole in its tooltip): a name
#: wraps at spaces, an id (one word) is cut short.
UNIT_NAME_WIDTH = 24
ID_WIDTH = 28

#: The colour of each way a restructuring touched an element (orgdiag.restructuring.diff's marks), of how long a
#: finding has been open, and of the parts of the operating model.
MARK_COLOURS: dict[str, str] = {
    "added": "#1a9850",
    "moved": "#2166ac",
    "merged": "#762a83",
    "changed": "#01665e",
    "removed": "#b2182b",
    # how long a finding has been open, in a history's latest snapshot (orgdiag.render.history)
    "new in the latest snapshot": "#41ab5d",
    "open under a year": "#fd8d3c",
    "open 1–3 years": "#e6550d",
    "open 3 years or more": "#7f2704",
    # the parts of the operating model (orgdiag.rules.operating's evidence), on a diagnosis's diagram
    "central group": "#08519c",
    "hub": "#6a3d9a",
    "spoke, coordinated": "#1b7837",
    "spoke of a hub": "#9970ab",
    "spoke, on its own": "#b15928",
}

EDGE_STYLES: dict[str, dict[str, str]] = {
    "reports_to": {"color": "#333333", "penwidth": "1.2", "arrowhead": "none"},
    "dotted_to": {"color": "#333333", "style": "dashed", "arrowhead": "none", "constraint": "false"},
    "owns": {"color": "#1f6fb2", "style": "dashed", "fontcolor": "#1f6fb2", "arrowsize": "0.7"},
    "serves": {"color": "#b35806", "style": "dashed", "fontcolor": "#b35806", "arrowsize": "0.7"},
    "contracted_by": {"color": "#888888", "style": "dotted", "arrowsize": "0.6"},
    "link": {"color": "#1a9850", "penwidth": "2", "dir": "none", "fontcolor": "#1a9850", "decorate": "true"},
}


#: A wrapped label's most lines: a name of 975 characters drawn whole made each layout take a second or more (the
#: element's tooltip holds more of it: :func:`attribute_text`).
MAX_LABEL_LINES = 6


def escape(text: str, width: int = 0) -> str:
    """Text made safe for a Graphviz HTML-like label, optionally wrapped at `width` characters into at most
    :data:`MAX_LABEL_LINES` lines (a longer text is cut, ending in "…").

    >>> escape('<b>"R&D"</b>')
    '&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;'
    >>> escape("\x1f")
    '&#160;'
    >>> escape("word " * 40, 10).count("<BR/>")
    5
    """
    text = strip_control(text)
    lines = textwrap.wrap(text, width) if width and len(text) > width else [text]
    if len(lines) > MAX_LABEL_LINES:
        last = lines[MAX_LABEL_LINES - 1]
        lines = [*lines[: MAX_LABEL_LINES - 1], (last[: width - 1] if len(last) >= width else last) + "…"]
    # dot's HTML-label lexer also rejects a bare "]" (a label of "]" failed to lay out): it goes as a reference
    escaped = "<BR/>".join(html.escape(line, quote=True).replace("]", "&#93;") for line in lines)
    return escaped if escaped.strip() else "&#160;"  # Graphviz rejects empty <B></B> and <FONT></FONT>


def attribute_text(text: str, limit: int = 400) -> str:
    r"""Text made safe for a Graphviz escString attribute (``id``, ``tooltip``): control characters removed, one
    line, backslashes doubled so that no ``\N`` or ``\G`` expands; quotes are quoted by the DOT writer.

    >>> print(attribute_text("R\\N&D\nline"))
    R\\N&D line
    """
    one_line = " ".join(strip_control(text).split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    return one_line.replace("\\", "\\\\")


def wrapped(text: str, width: int, size: int, colour: str = "#000000", italic: bool = False) -> list[str]:
    """Text wrapped at `width` characters, each line in its own font: one row of a label each. Graphviz (2.43)
    sizes a row of lines broken inside a font, in italics, a line short, and the last line spilt out of its box.

    >>> for line in wrapped("inferred from unit name", 14, 8, italic=True):
    ...     print(line)
    <FONT POINT-SIZE="8" COLOR="#000000"><I>inferred from</I></FONT>
    <FONT POINT-SIZE="8" COLOR="#000000"><I>unit name</I></FONT>
    """
    lines = escape(text, width).split("<BR/>")
    return [font(f"<I>{line}</I>" if italic else line, size, colour) for line in lines]


def short(text: str, width: int) -> str:
    """Text of at most `width` characters, cut with an ellipsis (its whole goes in the element's tooltip).

    >>> short("finance-administration-directorate", 20), short("hq", 20)
    ('finance-administrat…', 'hq')
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def font(text: str, size: int, colour: str = "#000000", bold: bool = False) -> str:
    inner = f"<B>{text}</B>" if bold else text
    return f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{inner}</FONT>'


def code_cell(finding: Finding, count: int = 1) -> str:
    """A rule code in white on its severity's colour, with ``×count`` above one: a badge, or the legend's key."""
    colour = SEVERITY_COLOURS[finding.severity][0]
    text = escape(finding.rule) + (f" ×{count:,}" if count > 1 else "")
    return f'<TD BGCOLOR="{colour}" CELLPADDING="2">{font(text, 8, "#ffffff", True)}</TD>'


#: The most badges in one row of a box: more wrap to the next row, so that the badges never widen a box beyond
#: its title.
BADGES_PER_ROW = 4


def badge_table(cells: list[str]) -> str:
    """Badges side by side, in rows of at most :data:`BADGES_PER_ROW`."""
    rows = "".join(
        f"<TR>{''.join(cells[start : start + BADGES_PER_ROW])}</TR>" for start in range(0, len(cells), BADGES_PER_ROW)
    )
    return f'<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0">{rows}</TABLE>'


def severity_style(findings: list[Finding]) -> dict[str, str]:
    """Fill and border in the colours of the worst finding, or nothing when there is none."""
    worst = max((f.severity for f in findings), key=severity_rank, default=None)
    if worst is None:
        return {}
    return {"fillcolor": SEVERITY_COLOURS[worst][1], "color": SEVERITY_COLOURS[worst][0], "penwidth": "2.5"}


def mark_style(mark: str | None, style: str) -> dict[str, str]:
    """A marked element's border in the mark's colour, dashed when it is gone (``style``: the element's own)."""
    if mark is None:
        return {}
    return {"color": MARK_COLOURS[mark], "penwidth": "3", "style": style + (",dashed" if mark == "removed" else "")}


def mark_line(mark: str | None) -> list[str]:
    return [font(f"● {mark}", 9, MARK_COLOURS[mark], bold=True)] if mark else []
