"""The evidence a workbook states (orgdiag.importers.evidence), applied over an organisation: ``--overlay
evidence.xlsx`` and ``--overlay raci.xlsx``.

Each sheet of entries states its section whole: its rows are the organisation's channels (agencies, KPIs…), a row
deleted an entry removed (said in a note); a channel or agency keeps what the sheet has no column for (its
``accept``). Surveyed states ``organisation.surveyed``. The RACI matrices state who owns, decides and takes part in
their activities (orgdiag.importers.raci). Every name a cell holds is resolved as an overlay's references are (an
id, a name, a title, a holder or a label), and every problem is reported at its sheet and cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from orgdiag.importers.activities import Activities
from orgdiag.importers.cells import Cell, Entry, Evidence, Table
from orgdiag.importers.raci import DECIDES, OWNS, changed, provenance, read_grids, takes_part
from orgdiag.importers.resolve import Resolver, Unresolved, as_text
from orgdiag.model import HOLDERS
from orgdiag.model.links import REFERENCE
from orgdiag.orgfile.lines import Path_

#: The sections whose sheet states them by id: an entry of the organisation with the id of a row is that row,
#: and keeps what the sheet has no column for.
BY_ID = ("channels", "agencies")
#: The sections whose sheet replaces them whole.
WHOLE = ("kpis", "budgets", "approvals", "experiments", "links")
#: What separates the values of a cell that holds several (an agency's channels).
_SEVERAL = re.compile(r"[,;\n]+")
#: The keys of a row read apart from the others: a channel's inference, a link's two ends, an approval's steps.
_APART = frozenset({"inferred", "between", "and", "steps"})
#: How many cells a note lists before it says how many more.
LISTED = 10


@dataclass
class Applied:
    """The organisation's data with the evidence applied, where each place of it came from, and the notes."""

    data: dict[str, Any]
    cells: dict[Path_, str]
    notes: list[str] = field(default_factory=list)


def apply_evidence(org: Mapping[str, Any], evidence: Evidence) -> Applied:
    """The evidence over the organisation (org-file data); problems go to ``evidence.problems``."""
    applying = _Applying(org, evidence)
    applying.run()
    return Applied(applying.data, applying.cells, applying.evidence.notes)


class _Applying:
    def __init__(self, org: Mapping[str, Any], evidence: Evidence):
        self.data = {key: list(value) if isinstance(value, list) else value for key, value in org.items()}
        self.evidence = evidence
        self.cells: dict[Path_, str] = {}
        added = [
            (section, entry.cells["id"].text, entry.cells["name"].text if "name" in entry.cells else "")
            for section in BY_ID
            if section in evidence.tables
            for entry in evidence.tables[section].entries
            if "id" in entry.cells
        ]
        self.resolver = Resolver(org, added)

    def run(self) -> None:
        self.surveyed()
        for section in BY_ID:
            if section in self.evidence.tables:
                self.by_id(self.evidence.tables[section])
        for section in WHOLE:
            if section in self.evidence.tables:
                self.whole(self.evidence.tables[section])
        self.responsibilities()

    def surveyed(self) -> None:
        if self.evidence.surveyed is None:
            return
        organisation = dict(self.data.get("organisation") or {})
        organisation["surveyed"] = list(dict.fromkeys(kind for kind, _ in self.evidence.surveyed))
        self.data["organisation"] = organisation
        for number, (_, cell) in enumerate(self.evidence.surveyed):
            self.cells[("organisation", "surveyed", number)] = cell.where

    # --- the sheets of entries ----------------------------------------------------------------------------------

    def by_id(self, table: Table) -> None:
        """Channels or agencies: each row the entry of its id, what the sheet has no column for kept; the
        organisation's entries no row names removed, and said so."""
        section = table.sheet.section
        before = {item["id"]: item for item in self.data.get(section) or [] if isinstance(item, dict) and "id" in item}
        items: list[dict[str, Any]] = []
        rows: dict[str, Entry] = {}
        for entry in table.entries:
            item = self.item(table, entry, len(items))
            item_id = item.get("id")
            if isinstance(item_id, str) and item_id in rows:
                message = f"the id '{item_id}' is given twice, in row {rows[item_id].row} and here: one would be lost"
                self.evidence.report(entry.cells["id"].where, message, item_id)
                continue
            if isinstance(item_id, str):
                rows[item_id] = entry
            old = before.get(item_id) if isinstance(item_id, str) else None
            items.append(self.merged(table, entry, old, item))
        removed = [item_id for item_id in before if item_id not in rows]
        if removed:
            self.note(f"sheet {table.sheet.name} states the {section} whole: {', '.join(removed)}, not in it, removed")
        self.data[section] = items

    def merged(self, table: Table, entry: Entry, old: dict[str, Any] | None, item: dict[str, Any]) -> dict[str, Any]:
        """A row over the entry of its id. A channel whose 'Inferred from' is still filled, and whose row is as
        orgdiag wrote it, stays the inference it was; changed, or that cell cleared, it is stated."""
        stated = [key for key in table.columns if key not in _APART]
        merged = {key: value for key, value in (old or {}).items() if key not in stated} | item
        if "inferred" not in table.columns:
            return merged
        merged.pop("inferred", None)
        inferred = entry.cells.get("inferred")
        if inferred is None:
            return merged
        if old is None or not old.get("inferred"):
            message = (
                "says the channel was inferred, but the organisation infers none with its id: clear it to state it"
            )
            self.evidence.report(inferred.where, message, str(item.get("id")))
            return merged
        unchanged = all(old.get(key) == item.get(key) for key in stated)
        return dict(old) if unchanged else merged

    def whole(self, table: Table) -> None:
        """KPIs, budgets, approvals, experiments or links: the sheet's rows are the section."""
        section = table.sheet.section
        items = [self.item(table, entry, index) for index, entry in enumerate(table.entries)]
        if items:
            self.data[section] = items
        else:
            self.data.pop(section, None)  # none: an empty list would say surveyed; the Surveyed sheet says that

    def item(self, table: Table, entry: Entry, index: int) -> dict[str, Any]:
        """A row as an entry of its section: each column's value, names resolved to ids; an empty cell of a
        column the sheet has leaves the field unset (a required one is then reported missing, at its cell)."""
        section = table.sheet.section
        path: Path_ = (section, index)
        self.cells[path] = entry.where
        item: dict[str, Any] = {}
        for key in table.columns:
            if key in _APART:
                continue
            self.cells[(*path, key)] = table.where(key, entry.row)
            cell = entry.cells.get(key)
            if cell is not None:
                item[key] = self.value(section, key, cell, (*path, key))
        if section == "links" and ("between" in entry.cells or "and" in entry.cells):
            ends = [entry.cells.get("between"), entry.cells.get("and")]
            item["between"] = [self.value(section, "between", end, (*path, "between", n)) for n, end in enumerate(ends)]
        if "steps" in table.columns:
            self.cells[(*path, "steps")] = table.where("steps", entry.row)
            steps = [self.value(section, "steps", step, (*path, "steps", n)) for n, step in enumerate(entry.steps)]
            if steps:
                item["steps"] = steps
        return item

    def value(self, section: str, key: str, cell: Cell | None, path: Path_) -> Any:
        """A cell's value as its field takes it: a name resolved to the id it names, several names to a list, an
        amount as the number it is; any other as its text."""
        if cell is None:
            return None
        self.cells[path] = cell.where
        reference = REFERENCE.get((section, key))
        if reference is None:
            return cell.value if key == "amount" and not isinstance(cell.value, str) else cell.text
        if reference.many and key not in _APART:
            names = [name.strip() for name in _SEVERAL.split(cell.text) if name.strip()]
            return [self.resolved(name, reference.targets, cell) for name in names]
        return self.resolved(cell.text, reference.targets, cell)

    def resolved(self, name: str, kinds: tuple[str, ...], cell: Cell) -> Any:
        found = self.resolver.resolve(name, kinds)
        if isinstance(found, Unresolved):
            self.evidence.report(cell.where, found.message, *found.ids)
            return as_text(name)
        return found

    # --- the RACI matrices --------------------------------------------------------------------------------------

    def responsibilities(self) -> None:
        """What the matrices state, on each holder they name: its ``owns``, ``decides`` and ``takes_part`` for
        their activities, its source and confidence from its rows; what has no place in the model, noted."""
        if not self.evidence.grids:
            return
        channels = [item for item in self.data.get("channels") or [] if isinstance(item, dict)]
        activities = Activities((str(c.get("id")), str(c.get("kind")), c.get("name")) for c in channels)
        stated = read_grids(self.evidence.grids, Resolver(self.data), activities, self.evidence)
        places = {
            (section, item["id"]): index
            for section in HOLDERS
            for index, item in enumerate(self.data.get(section) or [])
            if isinstance(item, dict) and "id" in item
        }
        for holder, statements in stated.letters.items():
            section, index = holder[0], places[holder]
            item = dict(self.data[section][index])
            path: Path_ = (section, index)
            self.cells.setdefault(path, stated.named_at[holder].where)
            for key, letter in (("owns", OWNS), ("decides", DECIDES)):
                item[key] = changed(list(item.get(key) or []), statements, letter)
                for number, ref in enumerate(item[key]):
                    cell = statements.get(ref, (frozenset(), None))[1]
                    if cell is not None:
                        self.cells[(*path, key, number)] = cell.where
            if section != "agencies":
                item["takes_part"] = takes_part(item.get("takes_part") or [], statements)
            source, confidence = provenance(stated.provenance.get(holder, []), self.evidence)
            item.update({k: v for k, v in (("source", source), ("confidence", confidence)) if v is not None})
            self.data[section][index] = item
        self.cells_noted(stated.informed, "'I' (informed) has no place in the model: noted, not used")
        self.cells_noted(
            stated.consulted_without_channel,
            "'C' on an activity of marketing as a whole names no channel to take part in: noted, not used",
        )
        self.cells_noted(
            stated.consulted_agency,
            "'C' for an agency: an agency takes part in no channel (the Agencies sheet says which it serves): "
            "noted, not used",
        )

    def cells_noted(self, cells: list[Cell], why: str) -> None:
        if not cells:
            return
        shown = ", ".join(f"{cell.sheet}!{cell.ref}" for cell in cells[:LISTED])
        more = f" and {len(cells) - LISTED} more" if len(cells) > LISTED else ""
        self.note(f"{why} ({shown}{more})")

    def note(self, text: str) -> None:
        self.evidence.notes.append(text)
