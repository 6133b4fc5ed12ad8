"""The reporting lines of an export: each position's manager found by id, then e-mail, then a name only one person
has; a manager the export does not hold, or names ambiguously, puts the report at the top; a loop is cut above
its first id. Everything done is noted in the report."""

from __future__ import annotations

from collections import defaultdict

from orgdiag.importers.people import Person
from orgdiag.importers.report import ImportReport, listed
from orgdiag.orgfile.references import find_cycles


def resolve_managers(people: dict[str, Person], report: ImportReport) -> dict[str, str | None]:
    """Each position's manager: the reference matched to an id, else an e-mail, else a unique name."""
    emails = {p.email.casefold(): p.id for p in people.values() if p.email}
    names: dict[str, list[str]] = defaultdict(list)
    for person in people.values():
        if person.holder:
            names[person.holder.casefold()].append(person.id)
    parent: dict[str, str | None] = {}
    missing: dict[str, list[Person]] = defaultdict(list)
    ambiguous: dict[str, list[Person]] = defaultdict(list)
    for person in people.values():
        ref = person.manager
        found: str | None = None
        if ref is None:
            pass
        elif ref in people:
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
            report.note("self-manager", f"'{person.id}' names itself as its manager", (person.id,), (person.where,))
            found = None
        parent[person.id] = found
    for ref, reports in sorted(missing.items()):
        _note_unresolved(report, "missing-manager", f"'{ref}' is not in the export", ref, reports)
    for ref, reports in sorted(ambiguous.items()):
        holders = ", ".join(f"'{i}'" for i in names[ref.casefold()])
        _note_unresolved(report, "ambiguous-manager", f"'{ref}' is the name of {holders}", ref, reports)
    return parent


def _note_unresolved(report: ImportReport, kind: str, what: str, ref: str, people: list[Person]) -> None:
    ids = tuple(p.id for p in people)
    count = f"{len(ids):,} row{'s name' if len(ids) != 1 else ' names'}"
    message = f"{what}; {count} it as manager, placed at the top: {listed(ids)}"
    report.note(kind, message, (ref, *ids), tuple(p.where for p in people))


def cut_cycles(people: dict[str, Person], parent: dict[str, str | None], report: ImportReport) -> None:
    """A loop in the reporting lines is cut above its first id, which is then at the top."""
    for cycle in find_cycles(parent):
        chain = " -> ".join([*cycle, cycle[0]])
        parent[cycle[0]] = None
        rows = tuple(people[i].where for i in cycle)
        report.note("cycle", f"{chain}: '{cycle[0]}' is placed at the top", tuple(cycle), rows)
