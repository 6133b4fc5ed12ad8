"""From an export's records to an organisation: positions, reporting lines and units, with every row that could
not be used as it stood reported (see :mod:`orgdiag.importers.report`).

What it does with an imperfect export, in order: rows of people who have left, rows without an identity and
second rows of an id are reported and not used; managers are found by id, then e-mail, then name, and a
manager the export does not hold puts the report at the top; a reporting cycle is cut at its first id; units
come from a path column ("Marketing > Digital > Social") or a department column, whose tree is then read from
the reporting lines.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import regex

from orgdiag.importers.mapping import VACANT_NAMES, WITHHELD_NAMES, ColumnMap
from orgdiag.importers.pay import pay_range
from orgdiag.importers.people import NO_TITLE, Person, holder_of, ids_of, position_data
from orgdiag.importers.records import Record, Skipped, where
from orgdiag.importers.report import ImportReport, NotUsed
from orgdiag.importers.snapshots import Snapshots
from orgdiag.importers.unit_tree import make_units
from orgdiag.model.org import total_fte
from orgdiag.naming import slug
from orgdiag.orgfile.references import find_cycles
from orgdiag.problems import InputError, Problem, clipped

#: Separators a path column may use, tried in this order when the map does not say.
PATH_SEPARATORS = (" > ", ">", " / ", "/", "\\", "|")

#: How long a map's pattern may take on one value before it counts as one that backtracks without end.
PATTERN_SECONDS = 0.5


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
        self.juniors: list[Record] = []
        self.organisations: Counter[str] = Counter()
        self.inactive = {value.casefold() for value in column_map.inactive}
        self.no_manager = {value.casefold() for value in column_map.no_manager}
        self.abolished = {value.casefold() for value in column_map.abolished}
        self.unit_suffix = regex.compile(column_map.unit_suffix) if column_map.unit_suffix else None
        self.separator = column_map.path_separator
        self.generated_ids = 0
        self.untitled: list[Person] = []
        self._unit_paths: dict[tuple[str | None, str | None], tuple[str, ...]] = {}

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
        title = values.get("title") or NO_TITLE
        first = self.people.get(person_id)
        if first is not None:
            if first.snapshot != snapshot:
                self.snapshots.recurring.add(person_id)  # one post in two snapshots: never merged
            self.second_row(record, person_id, holder, values)
            return
        at = where(record.file, record.line, record.place)
        person = Person(person_id, at, title, holder, self.manager_ref(values.get("manager")), self.unit_of(values))
        person.snapshot = snapshot
        person.pay = pay_range(values)
        person.email = values.get("email")
        self.name_holder(person, holder, status)
        if title == NO_TITLE:
            self.untitled.append(person)
        if "organisation" in values:
            self.organisations[values["organisation"]] += 1
        self.people[person_id] = person
        self.used()

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
        names = [n for n in (first.holder, holder) if n and n.casefold() not in WITHHELD_NAMES]
        first.holder = " / ".join(dict.fromkeys(names)) or first.holder
        self.report.note(
            "job-share",
            f"post '{person_id}' ({first.title}) is shared: {first.where} and {here} made one position",
            (person_id,),
            (first.where, here),
        )
        self.used()

    def name_holder(self, person: Person, holder: str | None, status: str | None = None) -> None:
        """An abolished post ("Eliminated") is kept as history; a vacant one as a vacant position; a withheld name
        keeps the post held."""
        word = (holder or "").casefold()
        if word in self.abolished or (status or "").casefold() in self.abolished:
            person.abolished, person.holder = True, None
            given = f"holder given as '{holder}'" if word in self.abolished else f"status '{status}'"
            message = f"'{person.id}' {person.title}: {given}"
            self.report.note("abolished", message, (person.id,), (person.where,))
        elif word in VACANT_NAMES:
            person.vacant, person.holder = True, None
            self.report.note("vacant", f"'{person.id}' {person.title}: holder given as '{holder}'", (person.id,))
        elif word in WITHHELD_NAMES:
            person.holder = None
            self.report.note("withheld", f"'{person.id}' {person.title}: name given as '{holder}'", (person.id,))

    def manager_ref(self, value: str | None) -> str | None:
        if value is None:
            return None
        for prefix in self.map.reference_prefixes:
            if value.startswith(prefix):
                value = value[len(prefix) :]
        return None if value.casefold() in self.no_manager else value

    def unit_of(self, values: dict[str, str]) -> tuple[str, ...]:
        """The unit path of a row: a path column split at its separator, else its department (worked out once per
        path and department: an export repeats them on every row of a unit)."""
        key = (values.get("path"), values.get("department"))
        found = self._unit_paths.get(key)
        if found is None:
            found = self._unit_paths[key] = self._unit_path(values)
        return found

    def _unit_path(self, values: dict[str, str]) -> tuple[str, ...]:
        path = values.get("path")
        segments: list[str] = []
        if path:
            self.separator = self.separator or next((s for s in PATH_SEPARATORS if s in path), None)
            segments = [s.strip() for s in path.split(self.separator)] if self.separator else [path]
        if not [s for s in segments if s] and values.get("department"):
            segments = [values["department"]]
        if self.unit_suffix:
            segments = [self._without_suffix(s) for s in segments]
        return tuple(s for s in segments if s.strip())

    def _without_suffix(self, name: str) -> str:
        """A unit name without the map's ``unit_suffix``; a pattern that takes too long on it is bad input (a
        pattern that backtracks without end), never a hang."""
        assert self.unit_suffix is not None
        try:
            return str(self.unit_suffix.sub("", name, timeout=PATTERN_SECONDS))
        except TimeoutError:
            message = (
                f"the map's unit_suffix {clipped(self.map.unit_suffix or '')!r} takes over {PATTERN_SECONDS} s on the "
                f"unit name {clipped(name)!r}: write a pattern that does not backtrack (no nested repeats)"
            )
            raise InputError([Problem(f"the column map '{self.map.name}'", None, "unit_suffix", message)]) from None

    # --- the whole ----------------------------------------------------------------------------------------

    def finish(self) -> dict[str, Any]:
        """The organisation as org-file data (units and positions), every reference resolved."""
        self.check_snapshots()
        if self.map.kind == "organogram":
            self.attach_juniors()
        if self.generated_ids:
            self.report.note("generated-id", f"{self.generated_ids:,} ids were made from names: there is no id column")
        self.note_untitled()
        parent = self.resolve_managers()
        self.cut_cycles(parent)
        roots = sorted((p for p, m in parent.items() if m is None), key=lambda p: self.people[p].where)
        self.report.roots = roots
        if len(roots) > 1:
            self.report.note("roots", f"{len(roots):,} positions report to nobody: {_listed(roots)}", tuple(roots))
        units, unit_of = make_units(self.people, parent, self.report)
        positions = [position_data(person, parent[person.id], unit_of) for person in self.people.values()]
        self.report.positions, self.report.units = len(positions), len(units)
        organisation: dict[str, Any] = {"name": self.organisation_name()}
        profile: dict[str, Any] = {"industry": self.map.industry} if self.map.industry else {}
        if self.map.kind == "organogram":
            profile["employees"] = self.headcount()
        if profile:
            organisation["profile"] = profile
        return {"organisation": organisation, "units": units, "positions": positions}

    def check_snapshots(self) -> None:
        """Several snapshots whose posts recur are never merged: without --snapshot the import stops, naming them."""
        snapshots = self.snapshots
        if snapshots.wanted is not None:
            if snapshots.wanted not in snapshots.posts:
                message = f"no snapshot '{snapshots.wanted}' in the export; it holds {snapshots.listed() or 'none'}"
                raise InputError([Problem("--snapshot", None, "", message, (snapshots.wanted,))])
            self.report.note("snapshot", f"snapshot '{snapshots.wanted}' imported, of {snapshots.listed()}")
            return
        if snapshots.several():
            files = ", ".join(dict.fromkeys(s.file for s in self.report.sources if "id" in s.columns))
            message = (
                f"holds {len(snapshots.posts)} snapshots of one organisation, the same posts in several "
                f"({_listed(sorted(snapshots.recurring), 5)}): {snapshots.listed()}. Import one with --snapshot LABEL"
            )
            raise InputError([Problem(files, None, "", message, tuple(snapshots.posts))])

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

    def resolve_managers(self) -> dict[str, str | None]:
        """Each position's manager: the reference matched to an id, else an e-mail, else a unique name."""
        emails = {p.email.casefold(): p.id for p in self.people.values() if p.email}
        names: dict[str, list[str]] = defaultdict(list)
        for person in self.people.values():
            if person.holder:
                names[person.holder.casefold()].append(person.id)
        parent: dict[str, str | None] = {}
        missing: dict[str, list[Person]] = defaultdict(list)
        ambiguous: dict[str, list[Person]] = defaultdict(list)
        for person in self.people.values():
            ref = person.manager
            found: str | None = None
            if ref is None:
                pass
            elif ref in self.people:
                found = ref
            elif ref.casefold() in emails:
                found = emails[ref.casefold()]
            elif len(names.get(ref.casefold(), [])) == 1:
                found = names[ref.casefold()][0]
            elif ref.casefold() in names:
                ambiguous[ref].append(person)
            else:
                missing[ref].append(person)
            if found == person.id:
                self.report.note(
                    "self-manager", f"'{person.id}' names itself as its manager", (person.id,), (person.where,)
                )
                found = None
            parent[person.id] = found
        for ref, people in sorted(missing.items()):
            self._note_unresolved("missing-manager", f"'{ref}' is not in the export", ref, people)
        for ref, people in sorted(ambiguous.items()):
            holders = ", ".join(f"'{i}'" for i in names[ref.casefold()])
            self._note_unresolved("ambiguous-manager", f"'{ref}' is the name of {holders}", ref, people)
        return parent

    def _note_unresolved(self, kind: str, what: str, ref: str, people: list[Person]) -> None:
        ids = tuple(p.id for p in people)
        count = f"{len(ids):,} row{'s name' if len(ids) != 1 else ' names'}"
        message = f"{what}; {count} it as manager, placed at the top: {_listed(ids)}"
        self.report.note(kind, message, (ref, *ids), tuple(p.where for p in people))

    def cut_cycles(self, parent: dict[str, str | None]) -> None:
        """A loop in the reporting lines is cut above its first id, which is then at the top."""
        for cycle in find_cycles(parent):
            chain = " -> ".join([*cycle, cycle[0]])
            parent[cycle[0]] = None
            rows = tuple(self.people[i].where for i in cycle)
            self.report.note("cycle", f"{chain}: '{cycle[0]}' is placed at the top", tuple(cycle), rows)

    # --- organograms ---------------------------------------------------------------------------------------

    def attach_juniors(self) -> None:
        """Junior rows are FTE counts per grade and title under a senior post, not people: they are added to
        the post they report to."""
        total = 0.0
        for record in self.juniors:
            values = record.values
            post, fte_text = values.get("manager"), values.get("fte", "")
            fte = _number(fte_text)
            if post is None or post not in self.people:
                why = (
                    f"reports to senior post '{post}', which the senior file does not have"
                    if post
                    else "names no senior post"
                )
                self.not_used(record, why, *([post] if post else []))
            elif fte is None or fte <= 0:
                self.not_used(record, f"'{fte_text}' FTE is not a positive number", post)
            else:
                key = (values.get("title") or NO_TITLE, values.get("grade"))
                senior = self.people[post]
                senior.staff[key] = senior.staff.get(key, 0.0) + fte
                pay = pay_range(values)
                if pay is not None:
                    senior.staff_pay.setdefault(key, pay)
                total += fte
                self.used()
        if self.juniors:
            posts = sum(1 for p in self.people.values() if p.staff)
            self.report.note("staff", f"{total:,.2f} FTE of junior staff counted under {posts:,} senior posts")
        under_abolished = [p for p in self.people.values() if p.staff and p.abolished]
        if under_abolished:
            fte = total_fte(fte for p in under_abolished for fte in p.staff.values())
            ids = tuple(p.id for p in under_abolished)
            message = f"{fte:,.2f} FTE report to abolished posts ({_listed(ids)}): counted in size, in no span"
            self.report.note("staff", message, ids)

    def headcount(self) -> int:
        """Senior posts plus junior FTE: the size the size-dependent thresholds use."""
        junior = total_fte(fte for person in self.people.values() for fte in person.staff.values())
        size = round(len(self.people) + junior)
        self.report.note(
            "size", f"employees set to {size:,}: {len(self.people):,} senior posts + {junior:,.2f} junior FTE"
        )
        return size


def _listed(ids: Sequence[str], shown: int = 10) -> str:
    """The first ids, quoted, and an ellipsis if there are more.

    >>> _listed(["a", "b", "c"], shown=2)
    "'a', 'b', …"
    """
    return ", ".join(f"'{i}'" for i in ids[:shown]) + (", …" if len(ids) > shown else "")


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def add_all(builder: Builder, items: Iterable[Record | Skipped], junior: bool = False) -> None:
    for item in items:
        builder.add(item, junior)
