"""Committees in an organogram's Unit column: a senior sheet often puts the top posts in a unit named for the board
or committee they sit on ("Executive Board", "Senior Management Team", "TMG") rather than in the directorates they
lead. Read as it stands, that committee would be the parent of every unit, and each director a member of it
rather than the head of a directorate.

So a unit whose name is a committee's (orgdiag/model/notes.yaml) and which holds posts that head lines elsewhere
keeps its top posts (the posts of it that report to no other post of it, and those that lead other members) as
what it is; each other member that heads a line below (posts in other units, or junior staff in units of their
own) is placed in the directorate it leads: the unit its title names, or the one unit its line is in, or a
directorate made of its line's units (named from its title, or from those units). No unit is placed under the
committee: the directorates stand beside it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from orgdiag.importers.people import Person
from orgdiag.importers.report import ImportReport
from orgdiag.model.notes import names_a_committee

Path = tuple[str, ...]

#: The words of a title before what the post leads: "Director General, ", "Head of ", "Acting Director - ".
_LEADING_ROLE = re.compile(
    r"^(?:(?:acting|interim|temporary|temp|deputy|executive|managing|group|senior|assistant)\s+)*"
    r"(?:director[\s-]+general|director|dg|head|chief\s+executive)\b\s*(?:\(acting\)\s*)?"
    r"(?:\s*[,:\-–]\s*|\s+(?:of|for)\s+|\s+)(?:the\s+)?",
    re.IGNORECASE,
)
#: The words of a title after what the post leads: " Director", " - Director General".
_TRAILING_ROLE = re.compile(r"\s*[,\-–]?\s*(?:programme\s+)?(?:director(?:\s+general)?|directorate)$", re.IGNORECASE)
#: What is left of a title that names only a role ("Deputy Director" is no topic "Deputy").
_ONLY_ROLE = re.compile(
    r"^(?:acting|interim|temporary|temp|deputy|executive|managing|group|senior|assistant|associate|programme|"
    r"regional|chief|general|director|head|officer|lead|\W)+$",
    re.IGNORECASE,
)


@dataclass
class UnitShape:
    """What the committees change in the unit tree: units never made a parent, and units whose parent is fixed
    (None: at the top)."""

    committees: set[Path] = field(default_factory=set)
    parents: dict[Path, Path | None] = field(default_factory=dict)


def read_committees(people: dict[str, Person], parent: dict[str, str | None], report: ImportReport) -> UnitShape:
    """Places the members of committees that head lines in the directorates they lead (changing their ``unit``),
    and returns how the unit tree must treat the committees and those directorates."""
    shape = UnitShape()
    if any(len(person.unit) > 1 for person in people.values()):
        return shape  # units given as paths: the export nests them itself
    reports: dict[str, list[Person]] = defaultdict(list)
    for person in people.values():
        manager = parent.get(person.id)
        if manager is not None and not person.abolished:
            reports[manager].append(person)
    units = {person.unit for person in people.values() if person.unit}
    for path in sorted(units):
        if names_a_committee(path[0]):
            _Committee(path, people, parent, reports, units).place(shape, report)
    return shape


class _Committee:
    """One unit named as a committee, its members and the lines they head."""

    def __init__(
        self,
        path: Path,
        people: dict[str, Person],
        parent: dict[str, str | None],
        reports: dict[str, list[Person]],
        units: set[Path],
    ):
        self.path = path
        self.parent = parent
        self.members = [p for p in people.values() if p.unit == path and not p.abolished]
        ids = {member.id for member in self.members}
        self.units = units
        self.loose = {_loose(unit[0]): unit for unit in units}
        self.lines: dict[str, dict[Path, float]] = {
            member.id: self._line(member, reports[member.id]) for member in self.members
        }
        #: members who report to another member and head a line outside the committee: each heads a directorate.
        #: A member who leads other such members heads one only with junior staff of its own outside it (a chief
        #: operating officer with a unit of their own, not a second permanent secretary over directors general).
        self.heads = [
            member
            for member in self.members
            if self.lines[member.id]
            and parent.get(member.id) in ids
            and (self._staff_outside(member) or not any(r.id in ids and self.lines[r.id] for r in reports[member.id]))
        ]

    def _line(self, member: Person, reports: list[Person]) -> dict[Path, float]:
        """The units a member's line is in, outside the committee, weighted by posts and junior FTE: its reports'
        units and the units its junior staff are in (a junior unit spelt as a senior unit's is that unit)."""
        line: dict[Path, float] = defaultdict(float)
        for report in reports:
            if report.unit and report.unit != self.path:
                line[report.unit] += 1
        for (_, _, unit), group in member.staff.items():
            if unit:
                path = self.loose.get(_loose(unit), (unit,))
                if path != self.path:
                    line[path] += group.fte
        return line

    def _staff_outside(self, member: Person) -> bool:
        return any(unit and _loose(unit) != _loose(self.path[0]) for _, _, unit in member.staff)

    def place(self, shape: UnitShape, report: ImportReport) -> None:
        """Places each head in its directorate (a unit at the top, or under the directorate of a head it reports to),
        the units of its line under it, and notes what was done."""
        if len(self.members) < 2 or not self.heads:
            return  # no committee of the top posts: a unit like any other
        shape.committees.add(self.path)
        homes = self._homes()
        placed: list[str] = []
        for head in self.heads:
            home, below = homes[head.id]
            head.unit = home
            manager = self.parent.get(head.id)
            above = homes[manager][0] if manager in homes else None
            shape.parents.setdefault(home, above if above != home else None)
            for unit in below:
                shape.parents.setdefault(unit, home)
            made = f" (with {', '.join(repr(u[0]) for u in below)} under it)" if below else ""
            placed.append(f"'{head.id}' {head.title} -> '{home[0]}'{made}")
        stay = [m for m in self.members if m.unit == self.path]
        kept = ", ".join(f"'{m.id}' {m.title}" for m in stay[:5]) + (", …" if len(stay) > 5 else "")
        message = (
            f"unit '{self.path[0]}' is a committee of the top posts, not a directorate: it keeps {kept}; "
            f"{len(placed)} of its members head lines below and are placed in the units they lead: {'; '.join(placed)}"
        )
        report.note("committee", message, tuple(m.id for m in self.members))

    def _homes(self) -> dict[str, tuple[Path, list[Path]]]:
        """Each head's directorate and the units placed under it: first the heads whose title names a unit of their
        line or whose line is one unit (those units are claimed), then the others from what is left; a unit of
        several heads' lines goes under the first."""
        homes: dict[str, Path] = {}
        for head in self.heads:
            line = self._ranked(head)
            named = _topic(head.title)
            match = next((u for u in line if named and _loose(u[0]) == _loose(named)), None)
            if match is not None or len(line) == 1:
                homes[head.id] = match or line[0]
        claimed = set(homes.values())
        for head in self.heads:
            if head.id not in homes:
                line = [u for u in self._ranked(head) if u not in claimed] or self._ranked(head)
                homes[head.id] = line[0] if len(line) == 1 else (self._directorate_name(head, line),)
        placed: dict[str, tuple[Path, list[Path]]] = {}
        taken = set(homes.values())
        for head in self.heads:
            below = [u for u in self._ranked(head) if u in self.units and u not in taken]
            taken.update(below)
            placed[head.id] = (homes[head.id], below)
        return placed

    def _ranked(self, head: Person) -> list[Path]:
        return [unit for unit, _ in sorted(self.lines[head.id].items(), key=lambda item: (-item[1], item[0]))]

    def _directorate_name(self, head: Person, line: list[Path]) -> str:
        """A new directorate's name: what the head's title says it leads, else its line's units (up to three), else
        the head's title."""
        named = _topic(head.title)
        if named and _loose(named) not in self.loose:
            return named
        names = [unit[0] for unit in line]
        if len(names) <= 3:
            return ", ".join(names[:-1]) + f" and {names[-1]}"
        return f"{head.title} (directorate)"


def _topic(title: str) -> str | None:
    """What a title says the post leads, when it names it around a director's or head's role.

    >>> _topic("Director General, Tax and Welfare"), _topic("Marketing Director"), _topic("Head of Digital")
    ('Tax and Welfare', 'Marketing', 'Digital')
    >>> _topic("Director General Financial Services"), _topic("Chief Executive, Infrastructure UK")
    ('Financial Services', 'Infrastructure UK')
    >>> _topic("Second Permanent Secretary"), _topic("Chief Operating Officer"), _topic("Deputy Director")
    (None, None, None)
    """
    text = title.strip()
    cut = _LEADING_ROLE.sub("", text, count=1)
    if cut == text:
        cut = _TRAILING_ROLE.sub("", text, count=1)
    cut = cut.strip(" ,-–:")
    return cut if cut and cut != text and not _ONLY_ROLE.match(cut) else None


def _loose(name: str) -> str:
    """A unit's name as names are compared across the sheets: "Measuring National Well-being" is "Measuring National
    Wellbeing", "Finance & Resources" is "Finance and Resources".

    >>> _loose("Measuring National Well-being") == _loose("Measuring National Wellbeing")
    True
    """
    return re.sub(r"[^\w]+", "", name.casefold().replace("&", "and"))
