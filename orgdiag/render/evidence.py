"""evidence.xlsx: the workbook a consultant fills in workshops, pre-filled from the organisation.

A sheet per kind of evidence an export lacks (channels, the agency roster, KPIs, budgets, approvals, experiments,
links), a row per entry with its source and confidence; who owns, decides and takes part in what as a RACI grid
(activities down, posts, units and agencies across); the kinds of evidence surveyed; the organisation's own posts,
units, agencies and channels, which every cell naming one offers as a drop-down. The layout is
orgdiag.importers.evidence_sheets, by which ``--overlay evidence.xlsx`` reads the workbook back.

Every text cell is written as text (a name starting with ``=`` is never a formula), and the workbook is the same,
byte for byte, for the same organisation.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from orgdiag.importers.activities import Activities, responsibility_name
from orgdiag.importers.evidence_sheets import (
    APPROVAL_SHEET,
    CHANNELS,
    HOLDERS,
    LETTER_CHOICES,
    LETTERS,
    MIN_STEPS,
    NOT_READ,
    ORGANISATION,
    ORGANISATION_COLUMNS,
    POSTS,
    RACI,
    RACI_COLUMNS,
    READ_ME,
    SKELETON_CHANNEL,
    SKELETON_MARCOM,
    SPARE_STEPS,
    STEP,
    SURVEYED,
    SURVEYED_COLUMNS,
    TABLES,
    UNITS,
    Column,
    Sheet,
    evidence_about,
)
from orgdiag.importers.resolve import label, names_of
from orgdiag.model import EVIDENCE_KINDS, MARCOM, RESPONSIBILITIES, OrgFile, split_ref
from orgdiag.model.links import live_positions, live_units
from orgdiag.model.tree import reporting_lines, unit_tree
from orgdiag.render.package import fixed_package
from orgdiag.render.text import strip_control

#: Rows below the entries that keep the drop-downs, for what the workshop adds.
SPARE_ROWS = 200
#: The most posts, and apart the most units, the grid has a column for beside those that hold something: those
#: nearest the top. A workshop speaks of a large organisation's top; a column may be added for any other post.
GRID_HOLDERS = 300
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
#: The letters a grid cell shows, in this order.
LETTER_ORDER = ("A", "R", "C", "I")


def evidence_workbook(org: OrgFile) -> bytes:
    """The evidence workbook of an organisation, as XLSX bytes."""
    lists = Lists(org)
    book = Workbook()
    book.remove(book.active)
    _read_me(book.create_sheet(READ_ME), org)
    _surveyed(book.create_sheet(SURVEYED), org)
    steps = max([MIN_STEPS, *(len(a.steps) + SPARE_STEPS for a in org.approvals)])
    rows = {
        "channels": _channel_rows(org, lists),
        "agencies": _agency_rows(org, lists),
        "kpis": _kpi_rows(org, lists),
        "budgets": _budget_rows(org, lists),
        "approvals": _approval_rows(org, lists, steps),
        "experiments": _experiment_rows(org, lists),
        "links": _link_rows(org, lists),
    }
    for sheet in TABLES[:2]:
        _table(book.create_sheet(sheet.name), sheet, rows[sheet.section], lists)
    _grid(book.create_sheet(RACI), org, lists)
    for sheet in TABLES[2:]:
        laid_out = _with_steps(sheet, steps) if sheet is APPROVAL_SHEET else sheet
        _table(book.create_sheet(sheet.name), laid_out, rows[sheet.section], lists)
    _organisation(book.create_sheet(ORGANISATION), lists)
    out = io.BytesIO()
    book.save(out)
    return fixed_package(out.getvalue())


@dataclass
class Lists:
    """The organisation's own posts, units, agencies and channels, each with the label cells name it by; the
    Organisation sheet lists them in that order, so that each drop-down is one range of it."""

    org: OrgFile
    #: per kind of list: (kind, id, name, holder, unit, label) rows
    rows: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    #: every element's label, by id
    labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        org = self.org
        self.rows[POSTS] = [
            ("post", p.id, p.title, p.holder or "", p.unit or "", label(names_of("positions", p), p.id))
            for p in live_positions(org)
        ]
        self.rows[UNITS] = [
            ("unit", u.id, u.name, "", u.parent or "", label(names_of("units", u), u.id)) for u in live_units(org)
        ]
        self.rows["agencies"] = [
            ("agency", a.id, a.name, "", a.contracted_by, label(names_of("agencies", a), a.id)) for a in org.agencies
        ]
        self.rows[CHANNELS] = [
            ("channel", c.id, c.name or "", "", c.owner, label(names_of("channels", c), c.id)) for c in org.channels
        ]
        for rows in self.rows.values():
            self.labels.update((row[1], row[5]) for row in rows)

    def of(self, element_id: str | None) -> str:
        """How a cell names an element: its label, or its id where the lists have none (an abolished post)."""
        return "" if element_id is None else self.labels.get(element_id, element_id)

    def range_of(self, choices: str) -> str | None:
        """The Organisation sheet's cells a drop-down of `choices` offers, or None when it would offer nothing."""
        order = [POSTS, UNITS, "agencies", CHANNELS]
        wanted = [POSTS, UNITS, "agencies"] if choices == HOLDERS else [choices]
        first = 2 + sum(len(self.rows[kind]) for kind in order[: order.index(wanted[0])])
        count = sum(len(self.rows[kind]) for kind in wanted)
        if not count:
            return None
        column = get_column_letter(len(ORGANISATION_COLUMNS))
        return f"{quote_sheetname(ORGANISATION)}!${column}${first}:${column}${first + count - 1}"


# --- the sheets of entries --------------------------------------------------------------------------------------


def _provenance(entry: Any) -> list[str]:
    return [entry.source or "", entry.confidence or ""]


def _channel_rows(org: OrgFile, lists: Lists) -> list[list[Any]]:
    return [
        [
            c.id,
            c.kind,
            c.name or "",
            lists.of(c.owner),
            "; ".join(i.describe() for i in c.inferred),
            *_provenance(c),
        ]
        for c in org.channels
    ]


def _agency_rows(org: OrgFile, lists: Lists) -> list[list[Any]]:
    return [
        [a.id, a.name, ", ".join(a.serves), lists.of(a.contracted_by), lists.of(a.contact), *_provenance(a)]
        for a in org.agencies
    ]


def _kpi_rows(org: OrgFile, lists: Lists) -> list[list[Any]]:
    return [
        [k.name, lists.of(k.channel), lists.of(k.owner), k.goal or "", k.kind or "", k.id or "", *_provenance(k)]
        for k in org.kpis
    ]


def _budget_rows(org: OrgFile, lists: Lists) -> list[list[Any]]:
    return [
        [lists.of(b.channel), lists.of(b.owner), b.amount, b.currency or "", b.name or "", *_provenance(b)]
        for b in org.budgets
    ]


def _approval_rows(org: OrgFile, lists: Lists, steps: int) -> list[list[Any]]:
    rows = []
    for approval in org.approvals:
        chain = [lists.of(step) for step in approval.steps]
        rows.append(
            [
                lists.of(approval.channel),
                approval.name or "",
                *chain,
                *[""] * (steps - len(chain)),
                *_provenance(approval),
            ]
        )
    return rows


def _experiment_rows(org: OrgFile, lists: Lists) -> list[list[Any]]:
    return [[e.name, lists.of(e.channel), lists.of(e.owner), *_provenance(e)] for e in org.experiments]


def _link_rows(org: OrgFile, lists: Lists) -> list[list[Any]]:
    return [
        [link.kind, lists.of(link.between[0]), lists.of(link.between[1]), link.name or "", *_provenance(link)]
        for link in org.links
    ]


def _with_steps(sheet: Sheet, steps: int) -> Sheet:
    """The Approvals sheet with its step column numbered `steps` times."""
    columns: list[Column] = []
    for column in sheet.columns:
        if column is STEP:
            columns += [Column(f"{STEP.header} {n}", STEP.key, STEP.choices, width=30) for n in range(1, steps + 1)]
        else:
            columns.append(column)
    return Sheet(sheet.name, sheet.section, tuple(columns), sheet.about)


def _table(worksheet: Worksheet, sheet: Sheet, rows: Sequence[Sequence[Any]], lists: Lists) -> None:
    """A sheet of entries: the header, a row per entry, a drop-down on each column that names something."""
    _header(worksheet, [column.header for column in sheet.columns], [column.width for column in sheet.columns])
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            _put(worksheet, number, index, value)
    last = len(rows) + 1 + SPARE_ROWS
    for index, column in enumerate(sheet.columns, start=1):
        if column.choices is not None and not column.many:
            letter = get_column_letter(index)
            _drop_down(worksheet, f"{letter}2:{letter}{last}", column.choices, lists)
    worksheet.freeze_panes = "A2"


# --- the RACI grid ---------------------------------------------------------------------------------------------


def _grid(worksheet: Worksheet, org: OrgFile, lists: Lists) -> None:
    """Responsibilities: an activity a row, a holder (post, unit, agency) a column, and in each cell what the holder
    is for the activity (A owns, R decides, C takes part in its channel); each row's source and confidence are
    those its holders share."""
    activities = Activities((c.id, c.kind, c.name) for c in org.channels)
    holders = grid_holders(org)
    refs = _activity_rows(org)
    letters = {(h.id, ref): _letters(h, ref) for h in holders for ref in refs}
    leading = [column.header for column in RACI_COLUMNS]
    headers = [*leading, *(lists.of(h.id) for h in holders)]
    _header(worksheet, headers, [column.width for column in RACI_COLUMNS] + [14] * len(holders))
    for number, ref in enumerate(refs, start=2):
        stating = [h for h in holders if letters[h.id, ref]]
        values = [ref, _meaning(ref, activities), *_shared_provenance(stating)]
        values += [letters[h.id, ref] for h in holders]
        for index, value in enumerate(values, start=1):
            _put(worksheet, number, index, value)
    first, last = get_column_letter(len(leading) + 1), get_column_letter(max(len(headers), len(leading) + 1))
    _drop_down(worksheet, f"{first}2:{last}{len(refs) + 1 + SPARE_ROWS}", LETTER_CHOICES, lists)
    _drop_down(worksheet, f"D2:D{len(refs) + 1 + SPARE_ROWS}", RACI_COLUMNS[3].choices or (), lists)
    for index in range(len(leading) + 1, len(headers) + 1):
        worksheet.cell(1, index).alignment = Alignment(text_rotation=90, wrap_text=True)
    worksheet.row_dimensions[1].height = 150
    worksheet.freeze_panes = f"{first}2"


def grid_holders(org: OrgFile) -> list[Any]:
    """The grid's columns: the live posts, then the units (live, or holding something), then the agencies. Of a
    large organisation's posts (units), those that hold something and the :data:`GRID_HOLDERS` nearest the top."""
    live = {unit.id for unit in live_units(org)}
    units = [u for u in org.units if u.id in live or _holds(u)]
    posts = _nearest_the_top(live_positions(org), reporting_lines(org).depth)
    return [*posts, *_nearest_the_top(units, unit_tree(org).depth), *org.agencies]


def _nearest_the_top(holders: list[Any], depth: dict[str, int]) -> list[Any]:
    """Those that hold something, and the others nearest the top up to :data:`GRID_HOLDERS`, in their order."""
    if len(holders) <= GRID_HOLDERS:
        return holders
    others = sorted(range(len(holders)), key=lambda n: (depth.get(holders[n].id, 0), n))
    kept = {n for n in others if _holds(holders[n])} | set(others[:GRID_HOLDERS])
    return [holder for n, holder in enumerate(holders) if n in kept]


def _holds(holder: Any) -> bool:
    return bool(holder.owns or holder.decides or holder.takes_part)


def _activity_rows(org: OrgFile) -> list[str]:
    """The grid's rows: every responsibility anyone holds, each channel's publishing where someone takes part in
    it, and the activities every workshop asks about; marketing as a whole first, then each channel, each in the
    order of the responsibilities."""
    held: set[str] = set()
    for holder in _every_holder(org):
        held.update(holder.owns, holder.decides)
        held.update(f"{channel}/publishing" for channel in getattr(holder, "takes_part", ()))
    held.update(f"{MARCOM}/{word}" for word in SKELETON_MARCOM)
    held.update(f"{channel.id}/{word}" for channel in org.channels for word in SKELETON_CHANNEL)
    scopes = [MARCOM, *(channel.id for channel in org.channels)]
    words = list(RESPONSIBILITIES)

    def order(ref: str) -> tuple[int, int, str]:
        scope, word = split_ref(ref)
        place = scopes.index(scope) if scope in scopes else len(scopes)
        return place, words.index(word) if word in words else len(words), ref

    return sorted((ref for ref in held if split_ref(ref)[1] in RESPONSIBILITIES), key=order)


def _every_holder(org: OrgFile) -> Iterable[Any]:
    return [*org.positions, *org.units, *org.agencies]


def _letters(holder: Any, ref: str) -> str:
    """What a holder is for an activity: A (owns), R (decides), C (takes part: on its channel's publishing row)."""
    scope, word = split_ref(ref)
    held = {
        "A": ref in holder.owns,
        "R": ref in holder.decides,
        "C": word == "publishing" and scope in getattr(holder, "takes_part", ()),
    }
    return "/".join(letter for letter in LETTER_ORDER if held.get(letter))


def _meaning(ref: str, activities: Activities) -> str:
    scope, word = split_ref(ref)
    what = RESPONSIBILITIES.get(word, word)
    scope_name = "Marketing communication as a whole" if scope == MARCOM else activities.scope_name(scope)
    return f"{scope_name}: {responsibility_name(word)} ({what})"


def _shared_provenance(holders: list[Any]) -> list[str]:
    """The source and the confidence every holder of a row has, each left empty where they differ."""
    sources = {h.source for h in holders}
    confidences = {h.confidence for h in holders}
    source = next(iter(sources)) if len(sources) == 1 else None
    confidence = next(iter(confidences)) if len(confidences) == 1 else None
    return [source or "", confidence or ""]


# --- surveyed, the organisation, read me ------------------------------------------------------------------------


def _surveyed(worksheet: Worksheet, org: OrgFile) -> None:
    """Each kind of evidence, ticked where the organisation says it was surveyed: in ``surveyed:``, or by an empty
    section it states (``links: []``)."""
    stated_empty = {kind for kind in EVIDENCE_KINDS if kind in org.model_fields_set and not getattr(org, kind, None)}
    surveyed = set(org.organisation.surveyed) | stated_empty
    _header(worksheet, [c.header for c in SURVEYED_COLUMNS], [c.width for c in SURVEYED_COLUMNS])
    for number, kind in enumerate(EVIDENCE_KINDS, start=2):
        for index, value in enumerate([kind, evidence_about(kind), "yes" if kind in surveyed else ""], start=1):
            _put(worksheet, number, index, value)
    choices = SURVEYED_COLUMNS[2].choices or ()
    _drop_down(worksheet, f"C2:C{len(EVIDENCE_KINDS) + 1}", choices, None)
    worksheet.freeze_panes = "A2"


def _organisation(worksheet: Worksheet, lists: Lists) -> None:
    _header(worksheet, list(ORGANISATION_COLUMNS), [10, 14, 36, 24, 18, 44])
    rows = [row for kind in (POSTS, UNITS, "agencies", CHANNELS) for row in lists.rows[kind]]
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            _put(worksheet, number, index, value)
    worksheet.freeze_panes = "A2"


def _read_me(worksheet: Worksheet, org: OrgFile) -> None:
    lines = [
        f"Evidence workbook: {org.organisation.name}",
        "",
        "What an HR export does not say, collected in workshops: fill the sheets, then give the workbook to orgdiag",
        "as an overlay (orgdiag diagnose ORG --overlay evidence.xlsx). Each sheet states its part of the organisation",
        "whole: a row deleted is an entry removed, a cell cleared a fact withdrawn. docs/evidence.md says more.",
        "",
        "Cells that name a post, unit, agency or channel offer the organisation's own as a drop-down (the",
        f"{ORGANISATION} sheet lists them); an id, a name, a title or a holder typed instead is found too.",
        "Source: where the entry comes from (a workshop, an interview, a document). Confidence: assumed (a working",
        "assumption for the workshop), stated (someone in the organisation said so) or verified (checked).",
        "",
        f"{SURVEYED}: tick each kind of evidence you looked for, even where you found none: none found is then",
        "evidence of absence, which rules need; an unticked kind with no entries is unknown, and not assessed.",
    ]
    for sheet in TABLES:
        lines.append(f"{sheet.name}: {sheet.about}.")
    lines += [
        f"{RACI}: an activity a row (social/strategy, or its plain name: 'Social media strategy'), a post, unit or",
        "agency a column. In each cell, one or more of the letters (A/R for both):",
        *(f"  {letter}: {meaning}" for letter, meaning in LETTERS.items()),
        "  An empty cell says the holder has no part in the activity. Each row's source and confidence are its",
        "  holders'. A column or a row may be added; an activity that names no channel is for marketing as a whole.",
        f"{', '.join(NOT_READ)}: orgdiag's, not read back.",
    ]
    worksheet.column_dimensions["A"].width = 118
    for number, line in enumerate(lines, start=1):
        _put(worksheet, number, 1, line)
    worksheet.cell(1, 1).font = Font(bold=True, size=14)


# --- cells ---------------------------------------------------------------------------------------------------


def _header(worksheet: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = _put(worksheet, 1, index, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        worksheet.column_dimensions[get_column_letter(index)].width = width


def _put(worksheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """A value in a cell: a text as text (never a formula, whatever it starts with; control characters, which
    XLSX cannot hold, removed), a number as a number; an empty text leaves the cell empty."""
    cell = worksheet.cell(row, column)
    if isinstance(value, str):
        if value:
            cell.value = strip_control(value)
            cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _drop_down(worksheet: Worksheet, cells: str, choices: str | tuple[str, ...], lists: Lists | None) -> None:
    """A drop-down on `cells`: the Organisation sheet's posts, units, holders or channels, or the choices given. It
    warns on a value it does not offer, and lets it stand: a name or an id typed is read too."""
    if isinstance(choices, tuple):
        formula = '"' + ",".join(choices) + '"'
    else:
        found = lists.range_of(choices) if lists is not None else None
        if found is None:
            return
        formula = found
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, errorStyle="warning")
    validation.error = "Not one of the drop-down's values: orgdiag reads it if it names one (an id, a name)."
    validation.errorTitle = "Not in the list"
    worksheet.add_data_validation(validation)
    validation.add(cells)
