"""The Markdown report of a diagnosis: a summary table, then each finding with why it matters and what to do."""

from __future__ import annotations

import re
from collections.abc import Mapping

from orgdiag.findings import Finding, FindingsDocument
from orgdiag.model.links import live_units
from orgdiag.model.tree import unit_tree
from orgdiag.naming import counted, element_label, fte
from orgdiag.render.pay import pay_notes, pay_text
from orgdiag.render.text import (
    coverage_lines,
    declared_model_sentence,
    missing_kinds,
    shown_suggestions,
    strip_control,
    thin_data_lines,
)
from orgdiag.structure import UnitStructure

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~<>])")
#: An ampersand that would start a character reference ("&amp;", "&#60;"): the only one Markdown reads as markup.
_REFERENCE = re.compile(r"&(?=#?\w+;)")


def md(text: str) -> str:
    """User text made inert in Markdown: no markup, no HTML, no table break, on one line; each character that would
    be markup escaped with a backslash, so that the text reads as written ("R&D", not "R&amp;D").

    >>> print(md("<b>R&D</b> | [x](y) &amp;"))
    \\<b\\>R&D\\</b\\> \\| \\[x\\](y) \\&amp;
    """
    text = " ".join(strip_control(text).split())
    return _REFERENCE.sub(r"\\&", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _element(element_id: str, names: Mapping[str, str]) -> str:
    name = names.get(element_id)
    return f"{md(name)} ({md(element_id)})" if name and name != element_id else md(element_id)


def _finding_section(number: int, finding: Finding, diagnosis: FindingsDocument) -> list[str]:
    names, note = diagnosis.names, diagnosis.notes.get(finding.rule)
    lines = [
        f"### {number}. {finding.rule} {finding.slug}: {md(finding.title)}",
        "",
        f"- **Severity:** {finding.severity}",
        f"- **About:** {_element(finding.subject, names)}",
        f"- **Finding:** {md(finding.message)}",
        f"- **Evidence:** {', '.join(_element(e, names) for e in finding.evidence)}",
        *(f"- **Not stated:** {md(text)}" for text in [*(finding.inferred or ()), *(finding.assumed or ())]),
    ]
    if finding.stated_severity:
        lines.append(
            f"- **Severity lowered** from {finding.stated_severity}: it rests on facts inferred from words or assumed"
        )
    if note:
        lines.append(f"- **Why it matters:** {md(note.rationale)} ({md(note.citations)})")
    if finding.accepted is not None:
        return [*lines, f"- **Accepted:** {md(finding.accepted)}", ""]
    lines += ["", "**Suggested restructuring:**", ""]
    shown, more = shown_suggestions(finding)
    for suggestion in shown:
        params = "; ".join(
            f"{md(k)} = {md(', '.join(v) if isinstance(v, list) else v)}" for k, v in suggestion.params.items()
        )
        fallback = "; only if those before it cannot be applied" if suggestion.fallback else ""
        lines.append(f"- {md(suggestion.text)} (action {suggestion.action}: {params}{fallback})")
    return [*lines, *([f"- {more[0].upper()}{more[1:]}."] if more else []), ""]


def render_report(
    diagnosis: FindingsDocument,
    diagram_file: str | None = None,
    page_files: list[str] | None = None,
    without_page: int = 0,
) -> str:
    """The report as Markdown text; `diagram_file` is embedded as a picture when given, and each of `page_files`
    (the pages of a large organisation's drawing) after it; `without_page` top-level units are in the overview only
    (:data:`~orgdiag.render.pages.MAX_PAGES`)."""
    org = diagnosis.org.organisation
    profile = org.profile
    context = [
        f"industry {md(profile.industry)}" if profile.industry else "",
        f"{profile.employees} employees" if profile.employees is not None else "",
        f"countries {md(', '.join(profile.countries))}" if profile.countries else "",
    ]
    lines = [f"# Diagnosis of {md(org.name)}", ""]
    if any(context):
        lines += [f"Context: {'; '.join(c for c in context if c)}.", ""]
    counts = diagnosis.by_severity()
    summary = ", ".join(f"{n} {severity}" for severity, n in counts.items()) or "none"
    accepted = diagnosis.accepted_findings
    also = f"; {len(accepted)} accepted" if accepted else ""
    found = len(diagnosis.open_findings)
    lines += [f"**{counted(found, 'finding')}** ({summary}){also}." if found else f"**No findings**{also}", ""]
    thin = thin_data_lines(diagnosis)
    for line in thin:
        lines += [md(line), ""]
    lines += [f"Thresholds from the profiles: {', '.join(md(p) for p in diagnosis.profiles)}.", ""]
    covered = coverage_lines(diagnosis)
    if covered:
        lines += ["## What the data covers", "", *(f"- {md(line)}" for line in covered), ""]
    if diagnosis.not_assessed:
        lines += ["| Rule not assessed | The data has no |", "|---|---|"]
        lines += [f"| {r.rule} {r.slug} | {md(missing_kinds(r))} |" for r in diagnosis.not_assessed]
        lines.append("")
    lines += _operating_model_section(diagnosis)
    if diagram_file:
        lines += [f"![Annotated organisation diagram]({diagram_file})", ""]
    if page_files:
        if without_page:
            lines += [
                f"The drawing is too large for one page: above, the overview; each of the first "
                f"{len(page_files):,} top-level units has a page, and the other {without_page:,} are in the "
                "overview only.",
                "",
            ]
        else:
            lines += ["The drawing is too large for one page: above, the overview; each top-level unit has a page.", ""]
        lines += [f"- [{md(page.rsplit('/', 1)[-1])}]({page})" for page in page_files]
        lines.append("")
    if diagnosis.findings:
        lines += ["| # | Severity | Rule | About | Finding |", "|---|---|---|---|---|"]
        for number, finding in enumerate(diagnosis.findings, 1):
            severity = f"{finding.severity} (accepted)" if finding.accepted is not None else finding.severity
            lines.append(
                f"| {number} | {severity} | {finding.rule} {finding.slug} | "
                f"{_element(finding.subject, diagnosis.names)} | {md(finding.message)} |"
            )
        lines += ["", "## Findings", ""]
        for number, finding in enumerate(diagnosis.findings, 1):
            lines += _finding_section(number, finding, diagnosis)
    if diagnosis.unused_accepts:
        lines += ["## Accepts that matched no finding", ""]
        lines += [
            f"- {_element(a.element, diagnosis.names)}: accept {md(a.rule)} ({md(a.reason)}): {md(a.why)}"
            for a in diagnosis.unused_accepts
        ]
        lines.append("")
    lines += _unit_table(diagnosis)
    lines.append(f"Facts checked by the rules engine: {diagnosis.facts_handled} of {diagnosis.facts_in}.")
    return "\n".join(lines) + "\n"


#: What each kind of evidence of an operating model is, as the report lists it.
OPERATING_EVIDENCE = {
    "central_units": "The marketing organisation (the central group)",
    "central_channels": "Channels it runs",
    "spokes": "Units outside it that run channels",
    "coordinated_spokes": "Of them, under a strategy set in the marketing organisation",
    "hub_spokes": "Of them, under a strategy set by a hub above them",
    "hubs": "Units outside it that set the strategy for units below them",
    "tied_hubs": "Of them, tied back to the marketing organisation",
    "central_agencies": "Agencies it contracted",
    "broad_participants": "Employees outside marketing, in no communicating role, who take part",
    "ties": "Links and dotted lines between the marketing organisation and other units",
}


def _operating_model_section(diagnosis: FindingsDocument) -> list[str]:
    model = diagnosis.operating_model
    if model is None:
        return []
    confidence = f" ({model.confidence} confidence)" if model.confidence else ""
    lines = ["## How the organisation is organised for its channels", ""]
    lines += [f"**{md(model.name)}**{confidence}. {md(model.why)}", ""]
    declared = declared_model_sentence(model)
    lines += [md(declared), ""] if declared else []
    names = {unit.id: unit.name for unit in diagnosis.org.units}
    names |= {position.id: position.title for position in diagnosis.org.positions}
    names |= {channel.id: channel.name or channel.id for channel in diagnosis.org.channels}
    for kind, ids in model.evidence.items():
        shown = ", ".join(md(element_label(names[i], i)) if i in names else md(i) for i in ids)
        lines.append(f"- {OPERATING_EVIDENCE.get(kind, kind)}: {shown}")
    if model.evidence:
        lines.append("")
    if model.next:
        lines += [
            f"The next step on the path of maturity: {md(model.next)}; `orgdiag restructure ORG --out DIR --toward "
            "next` proposes the changes that take the organisation there and diagnoses the result "
            "(docs/operating-models.md).",
            "",
        ]
    lines += [
        "The models are Jeremiah Owyang's: \"Framework and Matrix: The Five Ways Companies Organize for Social "
        'Business" (Altimeter Group, 2010).',
        "",
    ]
    return lines


#: Up to this many units the table lists every unit; above it, the top two levels of the unit tree.
UNITS_LISTED = 40


def _unit_table(diagnosis: FindingsDocument) -> list[str]:
    """Live posts (vacant among them), staff FTE and pay cost per unit: each unit's own, which add up to the total
    row, and its posts and staff with the units below it, in columns of their own."""
    units = live_units(diagnosis.org)
    if diagnosis.coverage is None or not units:
        return []
    structure = diagnosis.structure
    depth = unit_tree(diagnosis.org).depth
    shown = [u for u in units if len(units) <= UNITS_LISTED or depth[u.id] <= 1]
    counts = [structure.units[unit.id] for unit in units]
    staff = any(count.total.staff_fte for count in counts)
    pay = diagnosis.coverage.pay is not None
    lines = ["## Posts and staff by unit", ""]
    note = (
        "Own: the unit's own posts and the staff counted under them; the own columns add up to the total. "
        "With units below: the unit and every unit below it."
    )
    if len(shown) < len(units):
        note += (
            f" The top two levels of {len(units):,} units are listed: the units further down are in the total and "
            "in the columns with units below."
        )
    lines += [note, ""]
    header = "| Unit | Own posts | Own vacant |" + (" Own staff FTE |" if staff else "")
    header += (" Own pay cost per year (estimated) |" if pay else "") + " Posts with units below |"
    header += " Staff FTE with units below |" if staff else ""
    lines += [header, "|---|" + "---:|" * (3 + 2 * staff + pay)]
    for unit in shown:
        lines.append(_unit_row(_element(unit.id, {unit.id: unit.name}), structure.units[unit.id], staff, pay))
    lines.append(_unit_row("**Total**", UnitStructure(structure.in_units, structure.in_units), staff, pay))
    if pay:
        lines += [line for note in pay_notes(diagnosis.coverage) for line in ("", note)]
    return [*lines, ""]


def _unit_row(label: str, count: UnitStructure, staff: bool, pay: bool) -> str:
    own, total = count.own, count.total
    row = f"| {label} | {own.posts:,} | {own.vacant:,} |" + (f" {fte(own.staff_fte)} |" if staff else "")
    row += (f" {pay_text(own)} |" if pay else "") + f" {total.posts:,} |"
    return row + (f" {fte(total.staff_fte)} |" if staff else "")
