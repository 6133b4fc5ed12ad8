"""report.html: the diagnosis as one self-contained page that opens offline in any browser.

An executive summary; the org chart (the drawings of :mod:`orgdiag.render.pages`, inline) with pan and zoom,
search by name, title or id that highlights the element and its reporting line, the unit tree opened on demand
and the details of a selected element; the findings table, filtered by severity, rule and unit; the span and
layer profiles as charts; posts, staff and pay per unit; for a restructuring, the changes and the before and
after side by side. Its script and style are this package's files (assets/), written into the page: nothing is
fetched, and a content security policy forbids anything to be.

Text from the input is escaped for HTML everywhere, and the data the script reads is JSON that cannot close its
script element.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from importlib import resources
from typing import Any

from orgdiag.findings import SEVERITIES, Finding, FindingsDocument, severity_rank
from orgdiag.model.links import home_units, live_positions, live_units
from orgdiag.naming import counted, fte
from orgdiag.render.pay import pay_notes, pay_text
from orgdiag.render.text import (
    coverage_lines,
    declared_model_sentence,
    layers_note,
    shown_suggestions,
    strip_control,
    thin_data_lines,
)
from orgdiag.restructuring.results import Restructuring
from orgdiag.structure import Structure, UnitCount

#: No network, no plug-in: the page runs its own inline script and style and shows its own inline pictures.
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"


def report_html(
    diagnosis: FindingsDocument,
    drawings: list[tuple[str, str]],
    restructuring: Restructuring | None = None,
    before_after: str | None = None,
) -> str:
    """The page. ``drawings`` are (title, SVG text): the organisation's drawing first, then its pages;
    ``before_after`` the side-by-side SVG of a restructuring."""
    name = diagnosis.org.organisation.name
    kind = "Restructuring" if restructuring is not None else "Diagnosis"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(kind)} of {esc(name)}</title>",
        f"<style>{asset('report.css')}</style></head><body>",
        f"<header><h1>{esc(kind)} of {esc(name)}</h1>",
        f"<p>Thresholds from the profiles: {esc(', '.join(diagnosis.profiles))}.</p></header>",
        _nav(restructuring is not None),
        _summary(diagnosis, restructuring),
        _chart(drawings),
        _findings(diagnosis),
        _profiles(diagnosis.structure),
        _units(diagnosis),
    ]
    if restructuring is not None:
        parts.append(_changes(restructuring, before_after))
    elif before_after:
        parts.append(f'<section id="changes"><h2>Before and after</h2>{_before_after(before_after)}</section>')
    parts += [
        f'<script id="data" type="application/json">{script_json(_data(diagnosis))}</script>',
        f"<script>{asset('report.js')}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def asset(name: str) -> str:
    return resources.files("orgdiag.render").joinpath("assets", name).read_text(encoding="utf-8")


def esc(text: Any) -> str:
    """Text from the input made inert in HTML: escaped, control characters removed."""
    return html.escape(strip_control(str(text)), quote=True)


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` that could end it or open a
    comment, no line separators that break older parsers.

    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _nav(restructured: bool) -> str:
    links = [
        ("summary", "Summary"),
        ("chart", "Org chart"),
        ("findings", "Findings"),
        ("profiles", "Spans and layers"),
        ("units", "Units"),
    ]
    links += [("changes", "Changes")] if restructured else []
    return "<nav>" + "".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in links) + "</nav>"


def _summary(diagnosis: FindingsDocument, restructuring: Restructuring | None) -> str:
    counts = diagnosis.by_severity()
    badges = "".join(f'<span class="badge sev-{s}">{n} {s}</span>' for s, n in counts.items())
    lines = "".join(f"<li>{esc(line)}</li>" for line in coverage_lines(diagnosis))
    top = sorted(diagnosis.open_findings, key=lambda f: -severity_rank(f.severity))[:5]
    items = "".join(
        f'<li><span class="badge sev-{f.severity}">{esc(f.rule)}</span> {esc(f.message)}'
        + (f'<br><span class="fix">→ {esc(f.suggestions[0].text)}</span>' if f.suggestions else "")
        + "</li>"
        for f in top
    )
    restructured = ""
    if restructuring is not None:
        comparison = restructuring.comparison
        restructured = (
            f"<p><b>Restructuring:</b> {len(restructuring.changes)} changes in {restructuring.rounds} rounds; "
            f"findings {len(comparison.before.open_findings)} → {len(comparison.after.open_findings)}: "
            f"{len(comparison.resolved)} resolved, {len(comparison.remaining)} remaining, "
            f"{len(comparison.introduced)} introduced.</p>"
        )
    found = len(diagnosis.open_findings)
    thin = "".join(f"<p>{esc(line)}</p>" for line in thin_data_lines(diagnosis))
    most = f'<h3>What matters most</h3><ol class="top">{items}</ol>' if items else ""
    shown = f'<div class="counts">{badges}</div>' if badges else ""
    return (
        '<section id="summary"><h2>Executive summary</h2>'
        f"<p><b>{counted(found, 'finding') if found else 'No findings'}</b></p>{thin}{shown}{restructured}"
        f"<h3>What was assessed</h3><ul>{lines}</ul>{_operating_model(diagnosis)}{most}</section>"
    )


def _operating_model(diagnosis: FindingsDocument) -> str:
    model = diagnosis.operating_model
    if model is None:
        return ""
    confidence = f" ({esc(model.confidence)} confidence)" if model.confidence else ""
    declared = declared_model_sentence(model)
    target = f"<p>{esc(declared)}</p>" if declared else ""
    return f"<h3>Operating model</h3><p><b>{esc(model.name)}</b>{confidence}. {esc(model.why)}</p>{target}"


_XML_HEAD = re.compile(r"<\?xml[^>]*>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
_NODE_TITLE = re.compile(r"<title>[^<]*</title>")
_AUTO_ID = re.compile(r'\sid="(?:graph|node|edge|clust|a_node|a_edge|a_clust)\d+[^"]*"')


def inline_svg(svg: str) -> str:
    """Graphviz's SVG made an element of the page: no XML declaration or comments, no internal node names as
    titles, and each element of the organisation marked ``data-org="ID"`` for the script.

    >>> inline_svg('<?xml version="1.0"?><svg><g id="org&#45;hq" class="cluster"><title>n0</title></g></svg>')
    '<svg><g data-org="hq" class="cluster"></g></svg>'
    """
    svg = _NODE_TITLE.sub("", _XML_HEAD.sub("", svg))
    return _AUTO_ID.sub("", svg.replace(' id="org&#45;', ' data-org="')).strip()


def _chart(drawings: list[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{i}">{esc(title)}</option>' for i, (title, _) in enumerate(drawings))
    picker = f'<select id="drawing" aria-label="Drawing">{options}</select>' if len(drawings) > 1 else ""
    shown = "".join(
        f'<div class="drawing" data-drawing="{i}">{inline_svg(svg)}</div>' for i, (_, svg) in enumerate(drawings)
    )
    return (
        '<section id="chart"><h2>Org chart</h2><div class="chart-area"><div>'
        '<div class="toolbar"><input id="search" type="search" placeholder="Search a name, title or id" '
        'aria-label="Search">'
        '<button id="zoom-in" type="button">+</button><button id="zoom-out" type="button">−</button>'
        f'<button id="zoom-reset" type="button">Fit</button>{picker}</div>'
        f'<div class="viewport">{shown}</div></div>'
        '<aside><ul id="results"></ul><div id="details"><p class="muted">Click an element, a finding or a search '
        'result.</p></div><h3>Units</h3><div id="tree" class="tree"></div></aside></div></section>'
    )


def _findings(diagnosis: FindingsDocument) -> str:
    home = home_units(diagnosis.org)
    unit_names = {unit.id: unit.name for unit in diagnosis.org.units}
    findings = diagnosis.findings
    rules = sorted({f.rule for f in findings})
    units = sorted({home.get(f.subject, "") for f in findings} - {""})

    def select(name: str, label: str, values: list[tuple[str, str]]) -> str:
        options = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in values)
        return f'<select name="{name}" aria-label="{label}"><option value="">Every {label}</option>{options}</select>'

    filters = (
        select("severity", "severity", [(s, s) for s in reversed(SEVERITIES)])
        + select("rule", "rule", [(r, r) for r in rules])
        + select("unit", "unit", [(u, unit_names.get(u, u)) for u in units])
    )
    rows = "".join(
        _finding_row(number, f, diagnosis, home.get(f.subject, ""), unit_names) for number, f in enumerate(findings, 1)
    )
    return (
        f'<section id="findings"><h2>Findings</h2><div class="filters">{filters}</div>'
        "<table><thead><tr><th>#</th><th>Severity</th><th>Rule</th><th>About</th><th>Unit</th><th>Finding</th>"
        f"<th>What to do</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _finding_row(number: int, f: Finding, diagnosis: FindingsDocument, unit: str, unit_names: dict[str, str]) -> str:
    about = diagnosis.names.get(f.subject) or f.subject
    accepted = f' <span class="muted">(accepted: {esc(f.accepted)})</span>' if f.accepted else ""
    inferred = "".join(
        f'<br><span class="muted">not stated: {esc(text)}</span>' for text in [*(f.inferred or []), *(f.assumed or [])]
    )
    shown, more = shown_suggestions(f)
    fixes = "<br>".join([*(esc(s.text) for s in shown), *([f'<span class="muted">{esc(more)}</span>'] if more else [])])
    return (
        f'<tr class="finding" data-severity="{f.severity}" data-rule="{esc(f.rule)}" data-unit="{esc(unit)}" '
        f'data-subject="{esc(f.subject)}"><td>{number}</td><td><span class="badge sev-{f.severity}">{f.severity}'
        f"</span></td><td>{esc(f.rule)} {esc(f.slug)}</td><td>{esc(about)}</td>"
        f"<td>{esc(unit_names.get(unit, unit))}</td>"
        f"<td>{esc(f.message)}{accepted}{inferred}</td><td>{fixes}</td></tr>"
    )


def _bars(title: str, values: dict[str, int], colour: str) -> str:
    """A small horizontal bar chart as inline SVG."""
    widest = max(values.values(), default=0) or 1
    rows = []
    for index, (label, value) in enumerate(values.items()):
        y = 28 + index * 26
        length = 300 * value / widest
        rows.append(
            f'<text x="0" y="{y + 14}" font-size="12">{esc(label)}</text>'
            f'<rect x="90" y="{y}" width="{length:.1f}" height="18" fill="{colour}"></rect>'
            f'<text x="{96 + length:.1f}" y="{y + 14}" font-size="12">{value:,}</text>'
        )
    height = 40 + 26 * len(values)
    return (
        f'<svg role="img" aria-label="{esc(title)}" viewBox="0 0 460 {height}" width="460" height="{height}">'
        f'<text x="0" y="16" font-size="14" font-weight="bold">{esc(title)}</text>{"".join(rows)}</svg>'
    )


def _profiles(structure: Structure) -> str:
    """The span chart and the layer charts: everyone on the layers, the staff counted under a post on the layer below
    it, said under the charts."""
    spans = _bars("Managers by team size (direct reports and staff)", structure.span_bands(), "#1f6fb2")
    layers = structure.charted_layers()
    people = {label: round(layer.people) for label, layer in layers}
    managers = {label: layer.managers for label, layer in layers}
    title = "People per layer (posts and staff)" if structure.staff else "Posts per layer"
    note = layers_note(structure)
    return (
        '<section id="profiles"><h2>Spans of control and layers</h2><div class="bars">'
        + spans
        + _bars(title, people, "#888888")
        + _bars("Managers per layer", managers, "#e08214")
        + "</div>"
        + (f'<p class="muted">{esc(note)}</p>' if note else "")
        + "</section>"
    )


def _units(diagnosis: FindingsDocument) -> str:
    """Posts, staff and pay per unit: each unit's own, which add up to the total row, and with the units below it."""
    if diagnosis.coverage is None or not diagnosis.org.units:
        return '<section id="units"><h2>Units</h2><p class="muted">The organisation has no units.</p></section>'
    structure = diagnosis.structure
    pay = diagnosis.coverage is not None and diagnosis.coverage.pay is not None
    head = (
        "<tr><th>Unit</th><th class=num>Own posts</th><th class=num>Own vacant</th><th class=num>Own staff FTE</th>"
        + ("<th class=num>Own pay cost per year (estimated)</th>" if pay else "")
        + "<th class=num>Posts with units below</th><th class=num>Staff FTE with units below</th></tr>"
    )
    rows = [
        _unit_row(f"{esc(unit.name)} <span class=muted>({esc(unit.id)})</span>", counts.own, counts.total, pay)
        for unit in live_units(diagnosis.org)
        for counts in [structure.units[unit.id]]
    ]
    rows.append(_unit_row("<strong>Total</strong>", structure.in_units, structure.in_units, pay))
    note = (
        "<p class=muted>Own: the unit's own posts and the staff counted under them; the own columns add up to the "
        "total. With units below: the unit and every unit below it.</p>"
    )
    note += "".join(f"<p class=muted>{esc(line)}</p>" for line in pay_notes(diagnosis.coverage))
    return f'<section id="units"><h2>Posts and staff by unit</h2>{note}<table>{head}{"".join(rows)}</table></section>'


def _unit_row(label: str, own: UnitCount, total: UnitCount, pay: bool) -> str:
    cells = [
        f"<td>{label}</td>",
        f"<td class=num>{own.posts:,}</td>",
        f"<td class=num>{own.vacant:,}</td>",
        f"<td class=num>{fte(own.staff_fte)}</td>",
        *([f"<td class=num>{esc(pay_text(own))}</td>"] if pay else []),
        f"<td class=num>{total.posts:,}</td>",
        f"<td class=num>{fte(total.staff_fte)}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _changes(result: Restructuring, before_after: str | None) -> str:
    items = "".join(
        f"<li><b>{c.number}. {esc(c.finding.rule)} [{esc(c.finding.subject)}] {esc(c.suggestion.action)}</b>: "
        f"{esc(c.suggestion.text)}<ul>"
        + "".join(f"<li>{esc(e.mark)}: {esc(e.text)}</li>" for e in c.edits)
        + "</ul></li>"
        for c in result.changes
    )
    skipped = "".join(
        f"<li>{esc(n.suggestion.action)} for {esc(n.finding.rule)} [{esc(n.finding.subject)}]: {esc(n.reason)}</li>"
        for n in result.not_applied
    )
    picture = f'<h3>Before and after</h3><div class="viewport">{inline_svg(before_after)}</div>' if before_after else ""
    return (
        f'<section id="changes"><h2>Changes</h2><ol>{items}</ol>{picture}'
        f"<h3>Not applied</h3><ul>{skipped or '<li>none</li>'}</ul></section>"
    )


def _before_after(svg: str) -> str:
    return f'<div class="viewport"><div class="drawing shown">{inline_svg(svg)}</div></div>'


def _data(diagnosis: FindingsDocument) -> dict[str, Any]:
    """What the script needs: the live posts, the units and the findings, as compact lists."""
    org = diagnosis.org
    home = home_units(org)
    return {
        "positions": [
            [p.id, p.title, p.holder or "", p.unit, p.reports_to, 1 if p.vacant else 0] for p in live_positions(org)
        ],
        "units": [[u.id, u.name, u.parent] for u in live_units(org)],
        "findings": [
            [
                f.rule,
                f.slug,
                f.severity,
                f.subject,
                f.message,
                f.evidence,
                [s.text for s in f.suggestions],
                home.get(f.subject, ""),
            ]
            for f in diagnosis.open_findings
        ],
        "counts": dict(Counter(f.severity for f in diagnosis.open_findings)),
    }
