"""From an export's records to an organisation: positions, reporting lines and units, with every row that could
not be used as it stood reported (see :mod:`orgdiag.importers.report`).

What it does with an imperfect export, in order: rows of people who have left, rows without an identity and
second rows of an id are reported and not used; placeholders ("N/D", "Not Disclosed", a pay of 0) are no values
(:mod:`~orgdiag.importers.values`); managers are found by id, then e-mail, then name, and a manager the export
does not hold puts the report at the top; a reporting cycle is cut at its first id
(:mod:`~orgdiag.importers.managers`); units come from a path column ("Marketing > Digital > Social") or a
department column, whose tree is then read from the reporting lines (:mod:`~orgdiag.importers.unit_tree`).
An organogram's habits have modules of their own: its junior rows (:mod:`~orgdiag.importers.juniors`) and the
committees in its Unit column (:mod:`~orgdiag.importers.committees`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from orgdiag.importers.committees import read_committees
from orgdiag.importers.juniors import Unplaced, attach_juniors, headcount, part_time, unplaced_data
from orgdiag.importers.managers import cut_cycles, resolve_managers
from orgdiag.importers.mapping import ColumnMap
from orgdiag.importers.people import NO_TITLE, Person, holder_of, ids_of, position_data
from orgdiag.importers.records import Record, Skipped, SourceRow, where
from orgdiag.importers.report import ImportReport, NotUsed, listed
from orgdiag.importers.snapshots import Snapshots
from orgdiag.importers.unit_tree import UnitPaths, make_units
from orgdiag.importers.values import Withheld, marks_of, with_marks
from orgdiag.model import POST_MARKS
from orgdiag.model.notes import bare, is_vacant, is_withheld, paybill_elsewhere
from orgdiag.naming import counted, slug


class Builder:
    """Takes an export's records one at a time (so a large file is never held as rows) and makes the
    organisation's data at the end."""

    def __init__(
        self, column_map: ColumnMap, report: ImportReport, default_name: str, snapshots: Snapshots | None = None
    ):
        self.map = column_map
        self.snapshots = snapshots or Snapshots([], None)
        self.report = report
        self.default_name = default_name
        self.people: dict[str, Person] = {}
        #: the row each position was read from
        self.rows: dict[str, SourceRow] = {}
        self.juniors: list[Record] = []
        self.organisations: Counter[str] = Counter()
        self.inactive = {value.casefold() for value in column_map.inactive}
        self.no_manager = {value.casefold() for value in column_map.no_manager}
        self.abolished = {value.casefold() for value in column_map.abolished}
        self.units = UnitPaths(column_map)
        self.withheld = Withheld()
        self.generated_ids = 0
        self.untitled: list[Person] = []

    # --- rows ----------------------------------------------------------------------------------------------

    def add(self, item: Record | Skipped, junior: bool = False) -> None:
        self.report.rows_read += 1
        if isinstance(item, Skipped):
            self.not_used(item, item.why)
            return
        snapshot = self.snapshots.of(item)
        if snapshot is not None and "id" in item.values:
            self.snapshots.posts[snapshot] = self.snapshots.posts.get(snapshot, 0) + 1
        wanted = self.snapshots.wanted
        if wanted is not None and snapshot != wanted:
            self.not_used(item, f"another snapshot ('{snapshot or 'none named'}'; --snapshot '{wanted}' was asked for)")
        elif junior or self.junior_row(item):
            self.juniors.append(item)  # attached to their senior posts once every senior post is read
        else:
            self.add_person(item, snapshot)

    def junior_row(self, record: Record) -> bool:
        """A row of an organogram's junior staff in a file that mixes them with senior posts: no post id, an FTE
        count and the senior post it reports to."""
        values = record.values
        return self.map.kind == "organogram" and "id" not in values and "fte" in values and "manager" in values

    def not_used(self, row: Record | Skipped, why: str, *ids: str) -> None:
        self.report.not_used.append(NotUsed(row.file, row.line, row.place, why, ids))

    def used(self) -> None:
        self.report.rows_used += 1

    def add_person(self, record: Record, snapshot: str | None = None) -> None:
        values = record.values
        status = values.get("status")
        if status is not None and status.casefold() in self.inactive:
            self.not_used(record, f"not active (status '{status}')", *ids_of(values))
            return
        if self.map.kind == "organogram" and values.get("id") == "0":
            why = "Post Unique Reference 0: a person not in a post (the organogram's mark), not a post"
            self.not_used(record, why, *ids_of(values))
            return
        holder = holder_of(values)
        person_id = values.get("id") or values.get("email") or self.generated_id(holder)
        if person_id is None:
            self.not_used(record, "no id, e-mail or name: nothing says who it is")
            return
        first = self.people.get(person_id)
        if first is not None:
            if first.snapshot != snapshot:
                self.snapshots.recurring.add(person_id)  # one post in two snapshots: never merged
            self.second_row(record, person_id, holder, values)
            return
        self.people[person_id] = self.person(record, person_id, holder, snapshot)
        self.rows[person_id] = SourceRow(record.file, record.line)
        if "organisation" in values:
            self.organisations[values["organisation"]] += 1
        self.used()

    def person(self, record: Record, person_id: str, holder: str | None, snapshot: str | None) -> Person:
        """The position a row gives, its placeholders read as no values."""
        values, withheld = record.values, self.withheld
        title = withheld.text(values, "title", person_id) or NO_TITLE
        unit = self.units.of(values.get("path"), withheld.text(values, "department", person_id))
        at = where(record.file, record.line, record.place)
        person = Person(person_id, at, title, holder, self.manager_ref(values.get("manager")), unit)
        person.snapshot = snapshot
        person.email = values.get("email")
        person.pay = withheld.pay(values, person_id)
        person.grade = withheld.text(values, "grade", person_id)
        person.function = withheld.text(values, "function", person_id)
        person.profession = withheld.text(values, "profession", person_id)
        person.paybill = withheld.paybill(values, person_id)
        person.notes = withheld.text(values, "notes", person_id)
        person.fte = part_time(values.get("fte"))
        self.name_holder(person, holder, values.get("status"))
        if not person.abolished:
            person.marks = marks_of(person.notes, title, person.function)
        if title == NO_TITLE:
            self.untitled.append(person)
        return person

    def generated_id(self, holder: str | None) -> str | None:
        """An id made from a name when the export has no id or e-mail (ChartHop rosters): unique, readable."""
        if not holder:
            return None
        base = slug(holder) or "person"
        candidate, number = base, 1
        while candidate in self.people:
            number += 1
            candidate = f"{base}-{number}"
        self.generated_ids += 1
        return candidate

    def second_row(self, record: Record, person_id: str, holder: str | None, values: dict[str, str]) -> None:
        """A second row with an id already read: in an organogram a job share (one post, two people), else a
        duplicate that is reported and not used."""
        first = self.people[person_id]
        if self.map.kind != "organogram":
            why = f"duplicate id '{person_id}': the first row with it ({first.where}) is used"
            self.not_used(record, why, person_id)
            return
        here = where(record.file, record.line, record.place)
        names = [n for n in (first.holder, holder) if n and not self.no_name(n)]
        first.holder = " / ".join(dict.fromkeys(names)) or first.holder
        notes = [n for n in (first.notes, self.withheld.text(values, "notes", person_id)) if n]
        first.notes = " / ".join(dict.fromkeys(notes)) or None
        if not first.abolished:
            first.marks = with_marks(first.marks, "job-share", *marks_of(values.get("notes"), first.title))
        self.snapshots.shared[person_id] = self.snapshots.shared.get(person_id, 1) + 1
        self.report.note(
            "job-share",
            f"post '{person_id}' ({first.title}) is shared: {first.where} and {here} made one position",
            (person_id,),
            (first.where, here),
        )
        self.used()

    def no_name(self, holder: str) -> bool:
        """A holder's value that names nobody: withheld, vacant or abolished."""
        return is_withheld(holder) or is_vacant(holder) or bare(holder).casefold() in self.abolished

    def name_holder(self, person: Person, holder: str | None, status: str | None = None) -> None:
        """An abolished post ("Eliminated") is kept as history; a vacant one as a vacant position; a withheld name
        keeps the post held."""
        word = bare(holder or "").casefold()
        if word in self.abolished or bare(status or "").casefold() in self.abolished:
            person.abolished, person.holder = True, None
            given = f"holder given as '{holder}'" if word in self.abolished else f"status '{status}'"
            message = f"'{person.id}' {person.title}: {given}"
            self.report.note("abolished", message, (person.id,), (person.where,))
        elif holder and is_vacant(holder):
            person.vacant, person.holder = True, None
            self.report.note("vacant", f"'{person.id}' {person.title}: holder given as '{holder}'", (person.id,))
        elif holder and is_withheld(holder):
            person.holder = None
            self.withheld.name(person.id, person.title, holder)

    def manager_ref(self, value: str | None) -> str | None:
        if value is None:
            return None
        for prefix in self.map.reference_prefixes:
            if value.startswith(prefix):
                value = value[len(prefix) :]
        return None if value.casefold() in self.no_manager else value

    # --- the whole ----------------------------------------------------------------------------------------

    def finish(self) -> dict[str, Any]:
        """The organisation as org-file data (units and positions), every reference resolved."""
        self.snapshots.check(self.report, len(self.people))
        unplaced: Unplaced = {}
        if self.map.kind == "organogram":
            for record, why, ids in attach_juniors(self.juniors, self.people, self.report, self.withheld, unplaced):
                self.not_used(record, why, *ids)
        self.read_paybills()
        self.withheld.note(self.report)
        self.note_marks()
        if self.generated_ids:
            self.report.note("generated-id", f"{self.generated_ids:,} ids were made from names: there is no id column")
        self.note_untitled()
        parent = resolve_managers(self.people, self.report)
        cut_cycles(self.people, parent, self.report)
        roots = sorted((p for p, m in parent.items() if m is None), key=lambda p: self.people[p].where)
        self.report.roots = roots
        if len(roots) > 1:
            self.report.note("roots", f"{len(roots):,} positions report to nobody: {listed(roots)}", tuple(roots))
        shape = read_committees(self.people, parent, self.report) if self.map.kind == "organogram" else None
        units, unit_of = make_units(self.people, parent, self.report, shape)
        positions = [position_data(person, parent[person.id], unit_of) for person in self.people.values()]
        self.report.positions, self.report.units = len(positions), len(units)
        organisation: dict[str, Any] = {"name": self.organisation_name()}
        profile: dict[str, Any] = {"industry": self.map.industry} if self.map.industry else {}
        if self.map.kind == "organogram":
            profile["employees"] = headcount(self.people, unplaced, self.report)
        if profile:
            organisation["profile"] = profile
        if unplaced:
            organisation["unplaced_staff"] = unplaced_data(unplaced)
        return {"organisation": organisation, "units": units, "positions": positions}

    def read_paybills(self) -> None:
        """A published paybill of 0 is no cost of nothing on a post with staff, or on one whose notes say the cost is
        not disclosed or counted under another post: it is not known (and an abolished post has none)."""
        for person in self.people.values():
            if person.paybill != 0:
                continue
            if person.abolished:
                person.paybill = None
                continue
            if person.staff:
                why = "staff counted under the post"
            elif person.notes and paybill_elsewhere(person.notes):
                why = "the notes say the cost is elsewhere"
            else:
                continue
            person.paybill = None
            self.withheld.zero_paybill(person.id, why)

    def note_marks(self) -> None:
        """What the notes and titles say about how posts are held, a note per mark."""
        marked: dict[str, list[str]] = {mark: [] for mark in POST_MARKS}
        for person in self.people.values():
            for mark in person.marks:
                marked[mark].append(person.id)
        for mark, ids in marked.items():
            if ids:
                self.report.note("marks", f"{mark}: {counted(len(ids), 'post')}: {listed(ids)}", tuple(ids))

    def organisation_name(self) -> str:
        if not self.organisations:
            return self.default_name
        return sorted(self.organisations.items(), key=lambda item: (-item[1], item[0]))[0][0]

    def note_untitled(self) -> None:
        if self.untitled:
            ids = tuple(p.id for p in self.untitled)
            self.report.note(
                "no-title",
                f"{len(ids):,} rows have no title and are titled '{NO_TITLE}'",
                ids,
                tuple(p.where for p in self.untitled),
            )


def add_all(builder: Builder, items: Iterable[Record | Skipped], junior: bool = False) -> None:
    for item in items:
        builder.add(item, junior)
