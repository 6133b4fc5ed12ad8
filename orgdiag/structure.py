"""The structure of the live organisation, measured once: how deep each post lies, whom each manager leads (its listed
reports, and the staff counted under it), the reporting layers with those staff on them, the spans of control with
and without staff, and each unit's posts and staff, its own and with the units below it.

Everything that shows or judges layers, spans or unit totals reads this one measure: the rules' facts
(:mod:`orgdiag.measure.facts`), the charts, tables and slides, the history. It is measured from the organisation
and kept while the organisation lives, so that a diagnosis and everything written from it measure it once and
cannot disagree.

An organogram lists its senior posts and counts its junior staff under them by grade, without saying who reports
to whom: those staff stand one layer below their post (the nearest they can be; there may be more layers among
them), and a manager's team is its listed reports plus its staff rounded up to whole people.

>>> from orgdiag.model import OrgFile
>>> org = OrgFile.model_validate({"organisation": {"name": "X"}, "units": [{"id": "hq", "name": "HQ"},
...     {"id": "ops", "name": "Ops", "parent": "hq"}], "positions": [{"id": "ceo", "title": "CEO", "unit": "hq"},
...     {"id": "d", "title": "Director", "unit": "ops", "reports_to": "ceo",
...      "staff": [{"title": "Officer", "fte": 4.5}]}]})
>>> shape = structure_of(org)
>>> shape.layer_count, shape.teams
(3, {'ceo': 1, 'd': 5})
>>> [(layer.number, layer.posts, layer.staff_fte) for layer in shape.layers]
[(1, 1, 0), (2, 1, 0), (3, 0, 4.5)]
>>> shape.units["hq"].own.posts, shape.units["hq"].total.posts, shape.units["hq"].total.staff_fte
(1, 2, 4.5)
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from orgdiag.model import OrgFile, Position, Staff
from orgdiag.model.bulk import PerObject
from orgdiag.model.links import live_lines, live_positions, live_units
from orgdiag.model.org import total_fte
from orgdiag.model.tree import unit_tree

#: Span-of-control bands as org-design tools report them: (label, smallest, largest) direct reports.
SPAN_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2–3", 2, 3),
    ("4–7", 4, 7),
    ("8–12", 8, 12),
    ("13–16", 13, 16),
    ("17+", 17, None),
)

#: The most layers a chart shows one by one (real organisations have fewer than a dozen); more are added up.
CHARTED_LAYERS = 15


@dataclass(frozen=True)
class Layer:
    """One reporting layer (1: the top): the posts on it, the managers among them (a post with a team), and the
    staff FTE counted under the posts of the layer above."""

    number: int
    posts: int
    managers: int
    staff_fte: float

    @property
    def people(self) -> float:
        """Everyone on the layer: its posts and its staff FTE."""
        return self.posts + self.staff_fte


@dataclass(frozen=True)
class UnitCount:
    """The live posts and the staff of a unit (its own, or with every unit below it), and their pay."""

    posts: int = 0
    vacant: int = 0
    staff_fte: float = 0.0
    #: the pay of the posts and staff whose pay range the data gives, at the middle of each range, per year: an
    #: estimate (:data:`PAY_BASIS`)
    pay_cost: float = 0.0
    #: the posts and the staff FTE whose pay the data does not give (withheld, "N/D"): in no pay cost
    pay_undisclosed_posts: int = 0
    pay_undisclosed_fte: float = 0.0
    #: the paybills its posts publish (an organogram's "Salary Cost of Reports": the pay of the staff counted under
    #: each), per year; None where none does
    paybill: float | None = None
    #: of `pay_cost`, the staff counted under the posts: the money the published paybills stand for (a post that
    #: publishes none may have its staff's cost in its manager's)
    staff_pay_cost: float = 0.0

    @property
    def pay_disclosed(self) -> bool:
        """Whether the data gives the pay of any of its posts or staff."""
        return bool(self.pay_cost) or not (self.pay_undisclosed_posts or self.pay_undisclosed_fte)

    @property
    def paybill_share(self) -> float | None:
        """The staff's estimated pay over the published paybills (1.0: the same money); None where no paybill is
        published, or where both are 0."""
        if self.paybill is None or not (self.paybill or self.staff_pay_cost):
            return None
        return self.staff_pay_cost / self.paybill if self.paybill else float("inf")

    @property
    def paybill_apart(self) -> bool:
        """Whether the estimate and the published paybills are too far apart to be the same money."""
        share = self.paybill_share
        return share is not None and not 1 / PAYBILL_APART <= share <= PAYBILL_APART


#: How a pay cost is estimated, in words for the reader.
PAY_BASIS = "estimated from the middle of each post's and each staff grade's pay band, per year"
#: A staff pay estimate this many times the published paybill, or less than its inverse, is not the same money: the
#: bands are wide, or the paybills count something else (on-costs, staff the posts do not list).
PAYBILL_APART = 1.25


@dataclass(frozen=True)
class UnitStructure:
    """A unit's posts and staff, its own and including the units below it; and its own managers' teams."""

    own: UnitCount
    total: UnitCount
    #: the teams (listed reports and staff, :attr:`Structure.teams`) of the unit's own managers, in the file's order
    teams: tuple[int, ...] = ()

    @property
    def managers(self) -> int:
        return len(self.teams)

    @property
    def widest_team(self) -> int:
        return max(self.teams, default=0)


@dataclass(frozen=True)
class Structure:
    """The structure of the live organisation (:mod:`orgdiag.structure`). Every map is by position or unit id, in the
    file's order."""

    #: reporting layers above each live post: 0 for a post reporting to nobody
    depth: dict[str, int]
    #: live posts reporting to each manager on a solid line (its listed span), for each post with any
    reports: dict[str, int]
    #: staff FTE counted under each live post that has any, added up exactly
    staff: dict[str, float]
    #: each manager's team: its listed reports plus its staff rounded up to whole people (every post with either)
    teams: dict[str, int]
    #: the reporting layers from the top, the staff counted under a post on the layer below it
    layers: tuple[Layer, ...]
    #: by live unit: its posts and staff, own and including the units below
    units: dict[str, UnitStructure] = field(default_factory=dict)
    #: the posts and staff of all units together: their own counts added up (posts in no unit are in none)
    in_units: UnitCount = UnitCount()

    @property
    def layer_count(self) -> int:
        """Reporting layers from the top to the deepest post, or to the staff counted under it."""
        return len(self.layers)

    @property
    def staff_fte(self) -> float:
        """Staff FTE counted under the live posts."""
        return total_fte(self.staff.values())

    def spans(self, with_staff: bool = True) -> list[int]:
        """Each manager's span, in the file's order: its team (listed reports and staff), or its listed reports
        only (a manager with staff and no listed report spans 0)."""
        if with_staff:
            return list(self.teams.values())
        return [self.reports.get(manager, 0) for manager in self.teams]

    @property
    def median_team(self) -> float:
        return float(statistics.median(self.teams.values())) if self.teams else 0.0

    @property
    def widest_team(self) -> int:
        return max(self.teams.values(), default=0)

    def charted_layers(self, most: int = CHARTED_LAYERS) -> list[tuple[str, Layer]]:
        """The layers as a chart shows them, each with its label: every layer where there are at most `most`, else
        the first `most` - 1 and the rest added up into one, "Layers 15+" (a chart of 50,000 bars is no chart).

        >>> shape = Structure({}, {}, {}, {}, tuple(Layer(n, 1, 1, 0.0) for n in range(1, 6)))
        >>> [(label, layer.posts) for label, layer in shape.charted_layers(3)]
        [('Layer 1', 1), ('Layer 2', 1), ('Layers 3+', 3)]
        """
        if len(self.layers) <= most:
            return [(f"Layer {layer.number}", layer) for layer in self.layers]
        shown, rest = self.layers[: most - 1], self.layers[most - 1 :]
        folded = Layer(
            rest[0].number,
            sum(layer.posts for layer in rest),
            sum(layer.managers for layer in rest),
            total_fte(layer.staff_fte for layer in rest),
        )
        return [*((f"Layer {layer.number}", layer) for layer in shown), (f"Layers {folded.number}+", folded)]

    def span_bands(self) -> dict[str, int]:
        """How many managers have a team (listed reports and staff) in each span band, every band listed."""
        counts = Counter(span_band(team) for team in self.teams.values())
        return {label: counts[label] for label, _, _ in SPAN_BANDS}


def span_band(reports: int) -> str:
    """The band a span of control falls in.

    >>> span_band(1), span_band(5), span_band(40)
    ('1', '4–7', '17+')
    """
    for label, low, high in SPAN_BANDS:
        if reports >= low and (high is None or reports <= high):
            return label
    raise ValueError(f"a span of {reports} is no manager's")


def span_shares(spans: Iterable[int]) -> dict[str, int]:
    """The percentage of managers in each band (every band listed, rounded to whole percents).

    >>> span_shares([1, 2, 5, 6])
    {'1': 25, '2–3': 25, '4–7': 50, '8–12': 0, '13–16': 0, '17+': 0}
    """
    counts = Counter(span_band(span) for span in spans)
    total = sum(counts.values())
    return {label: round(100 * counts[label] / total) if total else 0 for label, _, _ in SPAN_BANDS}


def structure_of(org: OrgFile) -> Structure:
    """The structure of an organisation, measured once and kept while the organisation lives."""
    kept = _STRUCTURES.get(org)
    return kept if kept is not None else _STRUCTURES.keep(org, _measured(org))


_STRUCTURES: PerObject[Structure] = PerObject()


def _measured(org: OrgFile) -> Structure:
    live = live_positions(org)
    found = live_lines(org).depth
    depth = {position.id: found[position.id] for position in live}
    counted = Counter(position.reports_to for position in live if position.reports_to is not None)
    reports = {position.id: counted[position.id] for position in live if counted[position.id]}
    staff = {position.id: fte for position in live if position.staff and (fte := _staff_fte(position))}
    teams = team_sizes(reports, staff, [position.id for position in live])
    units, in_units = _units(org, live, teams)
    return Structure(
        depth=depth,
        reports=reports,
        staff=staff,
        teams=teams,
        layers=_layers(depth, staff, teams),
        units=units,
        in_units=in_units,
    )


def _staff_fte(position: Position) -> float:
    return total_fte(line.fte for line in position.staff)


def team_sizes(reports: dict[str, int], staff: dict[str, float], order: Iterable[str]) -> dict[str, int]:
    """Each manager's team, in `order`: its listed direct reports plus the staff counted under it (FTE rounded up to
    whole people), for every position with either.

    Staff counted under a post (an organogram's junior staff) report to it directly or through junior managers
    the export does not list, so the team is the most the post could have reporting directly: a span is called
    narrow only when even the team is narrow, and wide only when the listed reports alone are wide.

    >>> team_sizes({"a": 1, "b": 3}, {"a": 10.8, "c": 0.5}, "abc")
    {'a': 12, 'b': 3, 'c': 1}
    """
    return {
        position: reports.get(position, 0) + math.ceil(staff.get(position, 0.0))
        for position in order
        if reports.get(position) or staff.get(position)
    }


def _layers(depth: dict[str, int], staff: dict[str, float], teams: dict[str, int]) -> tuple[Layer, ...]:
    posts: Counter[int] = Counter(depth.values())
    managers: Counter[int] = Counter(depth[position] for position in teams)
    below: dict[int, list[float]] = {}
    for position, fte in staff.items():
        below.setdefault(depth[position] + 1, []).append(fte)
    deepest = max([*posts, *below], default=-1)
    return tuple(
        Layer(number + 1, posts[number], managers[number], total_fte(below.get(number, [])))
        for number in range(deepest + 1)
    )


def _units(org: OrgFile, live: list[Position], teams: dict[str, int]) -> tuple[dict[str, UnitStructure], UnitCount]:
    """Each live unit's own posts, vacant posts, staff and pay (:data:`COUNTED`), and the same rolled up through the
    unit tree; and all units' together. Each sum is of the exact amounts, rounded once."""
    own: dict[str, list[float]] = {unit.id: [0.0] * len(COUNTED) for unit in live_units(org)}
    published: dict[str, int] = dict.fromkeys(own, 0)
    managed: dict[str, list[int]] = {unit: [] for unit in own}
    for position in live:
        counts = own.get(position.unit) if position.unit is not None else None
        if counts is None:
            continue
        _count_position(counts, position)
        published[position.unit] += position.paybill is not None  # type: ignore[index]
        if position.id in teams:
            managed[position.unit].append(teams[position.id])  # type: ignore[index]
    if not _pay_given(live):  # no pay in the data: nobody's is withheld
        for counts in own.values():
            counts[4] = counts[5] = 0.0
    tree = unit_tree(org)
    totals = [tree.roll_up({unit: counts[column] for unit, counts in own.items()}) for column in range(len(COUNTED))]
    given = tree.roll_up(published)
    units = {
        unit: UnitStructure(
            own=counted_unit(counts, bool(published[unit])),
            total=counted_unit([column[unit] for column in totals], bool(given[unit])),
            teams=tuple(managed[unit]),
        )
        for unit, counts in own.items()
    }
    everything = [total_fte(counts[column] for counts in own.values()) for column in range(len(COUNTED))]
    return units, counted_unit(everything, any(published.values()))


#: What a unit's count adds up, in the order of :class:`UnitCount`'s fields.
COUNTED = ("posts", "vacant", "staff FTE", "pay", "undisclosed posts", "undisclosed FTE", "paybill", "staff pay")


def _pay_given(live: Sequence[Position]) -> bool:
    """Whether the data gives the pay of any post or staff (else no pay is withheld: the data has none)."""
    return any(p.pay is not None or any(s.pay is not None for s in p.staff) for p in live)


def _count_position(counts: list[float], position: Position) -> None:
    """Add a live post and its staff to the counts (:data:`COUNTED`)."""
    counts[0] += 1
    if position.vacant:
        counts[1] += 1
    if position.pay is not None:
        counts[3] += position.pay.middle
    else:
        counts[4] += 1
    if position.paybill is not None:
        counts[6] += position.paybill
    if position.staff:
        _count_staff(counts, position.staff)


def _count_staff(counts: list[float], staff: Sequence[Staff]) -> None:
    counts[2] += total_fte(s.fte for s in staff)
    paid = total_fte(s.fte * s.pay.middle for s in staff if s.pay is not None)
    counts[3] += paid
    counts[7] += paid
    counts[5] += total_fte(s.fte for s in staff if s.pay is None)


def organisation_pay(live: Sequence[Position], unplaced: Sequence[Staff]) -> UnitCount:
    """The pay of every live post and of the staff, those counted under no listed post included."""
    counts = [0.0] * len(COUNTED)
    for position in live:
        _count_position(counts, position)
    _count_staff(counts, unplaced)
    return counted_unit(counts, any(p.paybill is not None for p in live))


def counted_unit(counts: Sequence[float], published: bool) -> UnitCount:
    """The :class:`UnitCount` of the counts (:data:`COUNTED`), rounded once: FTE to the hundredth the data gives (a
    sum of floats carries noise below it: 144.95 added up as 144.94999…), money to whole units; its paybill None
    unless a post `published` one."""
    posts, vacant, fte, cost, undisclosed, undisclosed_fte, paybill, staff_pay = counts
    return UnitCount(
        int(posts),
        int(vacant),
        round(fte, 2),
        round(cost),
        int(undisclosed),
        round(undisclosed_fte, 2),
        round(paybill) if published else None,
        round(staff_pay),
    )
