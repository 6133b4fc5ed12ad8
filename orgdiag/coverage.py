"""What the data covers: which kinds of fact an organisation states, infers or lacks, and how much of the
workforce its posts show.

A rule reasons about some kinds of fact (who owns which channel, who decides what, KPIs…). When the data holds
none of a kind a rule needs, the rule is *not assessed*: silence in an HR export is not evidence that nobody
owns the marketing strategy. A kind of evidence the consultant looked for and found none of is *surveyed*: an
explicit empty list (``links: []``) or a ``surveyed:`` declaration says so, and then its absence is a fact a rule
may read. When the data holds a kind only as inferred from words (channels read from unit names), a finding that
rests on it says so and is weighed down. This module measures the data; the diagnosis decides what that means for
each rule.

>>> from orgdiag.model import OrgFile
>>> org = OrgFile.model_validate({"organisation": {"name": "X"}, "positions": [
...     {"id": "ceo", "title": "CEO", "staff": [{"title": "Officer", "fte": 12.5}]},
...     {"id": "old", "title": "Director", "reports_to": "ceo", "abolished": True}]})
>>> coverage = coverage_of(org)
>>> coverage.kinds["channels"], coverage.live_posts, coverage.abolished_posts, coverage.staff_fte
('absent', 1, 1, 12.5)
>>> for part in coverage.sentence().split("; "): print(part)
1 post listed
1 abolished post left out
12.5 FTE of staff counted under 1 post: spans and layers are assessed for the listed posts only, and cannot be below \
them, where the data counts staff by grade, not who reports to whom.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from typing import Literal

from orgdiag.model import EVIDENCE_SECTIONS, Agency, OrgFile, Position, Unit, split_ref
from orgdiag.model.bulk import any_given
from orgdiag.model.lexicon import roles_of
from orgdiag.model.org import total_fte
from orgdiag.naming import counted, fte
from orgdiag.structure import UnitCount, organisation_pay, structure_of

#: ``stated`` (the data has some), ``inferred`` (only read from words), ``surveyed`` (looked for, none found) or
#: ``absent`` (unknown: nobody said).
Status = Literal["stated", "inferred", "surveyed", "absent"]

#: The kinds of fact a rule may need, what each is, and how a user gives it.
DATA_KINDS: dict[str, str] = {
    "units": "the units (departments, teams) positions belong to",
    "channels": "which unit owns which marketing channel",
    "roles": "roles such as head of marketing, strategist or executive (explicit, or read from titles)",
    "responsibilities": "who owns and who decides which responsibility",
    "participation": "who takes part on which channel (takes_part)",
    "links": "collaboration and coordination links between units",
    "agencies": "the agencies and whom they serve",
    "kpis": "the KPIs of the channels",
    "budgets": "the channels' budgets, or who holds them",
    "approvals": "the approval chains of the channels",
    "experiments": "experiments and pilots on the channels",
    "staff": "staff counted under posts rather than listed (an organogram's junior staff)",
    "pay": "pay ranges of posts or of the staff counted under them",
}

#: What a finding that reads the absence of a kind of evidence says when that kind was surveyed and found empty.
SURVEYED_EMPTY: dict[str, str] = {
    "links": "Coordination links were surveyed and no link was found.",
    "participation": "Who takes part on the channels was surveyed: nobody beyond those listed.",
    "approvals": "Approval chains were surveyed and no chain was found.",
    "kpis": "KPIs were surveyed and no KPI was found.",
    "budgets": "Budgets were surveyed and no budget was found.",
    "agencies": "Agencies were surveyed and no agency was found.",
    "experiments": "Experiments were surveyed and no experiment was found.",
    "responsibilities": "Who owns and decides what was surveyed and nothing was stated.",
}

#: Where a user gives the kinds an HR export does not hold.
HOW_TO_ADD = "add them in an overlay (orgdiag import --overlay; docs/importing.md)"
#: The kinds an export gives or does not (no overlay adds them), and where a user gives them.
FROM_EXPORT = frozenset({"staff", "pay"})
HOW_TO_EXPORT = "import an export that gives them (an organogram's junior staff, pay columns; docs/importing.md)"


@dataclass(frozen=True)
class Coverage:
    """What the data covers: each kind of fact stated, only inferred, or absent; and the posts and staff."""

    kinds: dict[str, Status]
    live_posts: int = 0
    vacant_posts: int = 0
    abolished_posts: int = 0
    staff_fte: float = 0.0
    posts_with_staff: int = 0
    #: FTE counted under abolished posts: in the size of the organisation, in no span
    staff_under_abolished: float = 0.0
    #: FTE the export counts under a senior post it does not list, or under none: in the size, in no team
    staff_unplaced: float = 0.0
    #: by unit id, in the file's order: its posts and staff and those of the units below it
    units: dict[str, UnitCount] = field(default_factory=dict)
    #: the fewest live posts under which half of the staff FTE are counted (0 without staff)
    posts_holding_half: int = 0
    #: the kinds of fact some of whose entries the consultant marked ``confidence: assumed``
    assumed: frozenset[str] = frozenset()
    #: the pay of every live post and of the staff (estimated), those counted under no listed post included, beside
    #: the paybills published, where any pay is given
    pay: UnitCount | None = None

    @property
    def layers_below_unknown(self) -> bool:
        """Most of the workforce is counted under the posts rather than listed (more staff FTE than listed posts):
        who reports to whom below the listed posts is not in the data, so neither are the spans and layers there."""
        return self.staff_fte > self.live_posts

    def missing(self, needs: tuple[str, ...] | list[str]) -> list[str]:
        """The kinds among ``needs`` that the data lacks (a kind surveyed and found empty is not lacking)."""
        return [kind for kind in needs if self.kinds.get(kind, "absent") == "absent"]

    def surveyed_empty(self, kinds: tuple[str, ...] | list[str]) -> list[str]:
        """The kinds among ``kinds`` that were surveyed and found empty."""
        return [kind for kind in kinds if self.kinds.get(kind) == "surveyed"]

    def only_inferred(self, needs: tuple[str, ...] | list[str]) -> list[str]:
        """The kinds among ``needs`` that the data holds only as inferred from words."""
        return [kind for kind in needs if self.kinds.get(kind) == "inferred"]

    def sentence(self) -> str:
        """What the posts and staff cover, in one sentence for the summary."""
        if not self.live_posts:
            left_out = f" ({counted(self.abolished_posts, 'abolished post')} left out)" if self.abolished_posts else ""
            return (
                f"no live post is listed{left_out}: there is no structure to diagnose; import an export of the "
                "posts as they are now."
            )
        parts = [f"{counted(self.live_posts, 'post')} listed"]
        if self.vacant_posts:
            parts[0] += f", {self.vacant_posts:,} of them vacant"
        if self.abolished_posts:
            parts.append(f"{counted(self.abolished_posts, 'abolished post')} left out")
        if self.staff_unplaced:
            parts.append(f"{fte(self.staff_unplaced)} FTE of staff counted under no listed post")
        if not self.staff_fte:
            return "; ".join(parts) + ": spans and layers cover every listed post."
        posts = counted(self.posts_with_staff, "post")
        staff = f"{fte(self.staff_fte)} FTE of staff counted under {posts}"
        if self.layers_below_unknown and self.posts_holding_half < self.posts_with_staff:
            staff += f", half of them under {counted(self.posts_holding_half, 'post')}"
        if self.staff_under_abolished:
            staff += f" (and {fte(self.staff_under_abolished)} FTE under abolished posts)"
        parts.append(staff)
        if self.layers_below_unknown:
            return "; ".join(parts) + (
                ": spans and layers are assessed for the listed posts only, and cannot be below them, where the data "
                "counts staff by grade, not who reports to whom."
            )
        return "; ".join(parts) + ": spans and layers cover the listed posts, with the staff counted as their teams."


def coverage_of(org: OrgFile) -> Coverage:
    """Measure what an organisation's data covers."""
    live = [p for p in org.positions if not p.abolished]
    holders: list[Unit | Position | Agency] = [*org.units, *live, *org.agencies]
    surveyed = surveyed_kinds(org)
    kinds: dict[str, Status] = {
        "units": _present(bool(org.units)),
        "channels": _status(len(org.channels), sum(1 for c in org.channels if not c.inferred)),
        "roles": _roles_status(live),
        "responsibilities": _evidence(any(h.owns or h.decides for h in holders), "responsibilities" in surveyed),
        "participation": _evidence(
            any(h.takes_part for h in holders if not isinstance(h, Agency)), "participation" in surveyed
        ),
        "links": _evidence(bool(org.links), "links" in surveyed),
    }
    sections = ("agencies", "kpis", "approvals", "experiments")
    kinds |= {section: _evidence(bool(getattr(org, section)), section in surveyed) for section in sections}
    holds_budget = any(split_ref(ref)[1] == "budget" for h in holders for ref in (*h.owns, *h.decides))
    kinds["budgets"] = _evidence(bool(org.budgets) or holds_budget, "budgets" in surveyed)
    staffed = [p for p in org.positions if p.staff]
    unplaced = org.organisation.unplaced_staff
    kinds["staff"] = _present(any(not p.abolished for p in staffed) or bool(unplaced))
    staff_pay = any(s.pay is not None for p in staffed if not p.abolished for s in p.staff)
    kinds["pay"] = _present(staff_pay or any_given(live, "pay"))
    return Coverage(
        kinds=kinds,
        live_posts=len(live),
        vacant_posts=sum(1 for p in live if p.vacant),
        abolished_posts=len(org.positions) - len(live),
        staff_fte=round(total_fte(s.fte for p in live for s in p.staff), 2),
        posts_with_staff=sum(1 for p in staffed if not p.abolished),
        staff_under_abolished=round(total_fte(s.fte for p in staffed if p.abolished for s in p.staff), 2),
        staff_unplaced=round(total_fte(s.fte for s in unplaced), 2),
        units=unit_counts(org),
        pay=organisation_pay(live, unplaced) if kinds["pay"] == "stated" else None,
        posts_holding_half=posts_holding_half(total_fte(s.fte for s in p.staff) for p in staffed if not p.abolished),
        assumed=assumed_kinds(org),
    )


def assumed_kinds(org: OrgFile) -> frozenset[str]:
    """The kinds of fact with an entry marked ``confidence: assumed``: a unit or post so marked makes its
    responsibilities and participation assumptions, a section's entry its own kind.

    >>> org = OrgFile.model_validate({"organisation": {"name": "X"}, "units": [{"id": "m", "name": "M",
    ...     "owns": ["web/strategy"], "confidence": "assumed"}], "links": [{"kind": "coordinates",
    ...     "between": ["m", "m2"], "confidence": "stated"}]})
    >>> sorted(assumed_kinds(org))
    ['responsibilities']
    """
    kinds: set[str] = set()
    sections: list[Sequence[Unit | Position | Agency]] = [org.units, org.positions, org.agencies]
    marked = [holder for section in sections for holder in compress(section, map(attrgetter("confidence"), section))]
    for holder in marked:
        if holder.confidence == "assumed":
            if holder.owns or holder.decides:
                kinds.add("responsibilities")
            if not isinstance(holder, Agency) and holder.takes_part:
                kinds.add("participation")
    for section in ("channels", *EVIDENCE_SECTIONS):
        if any(entry.confidence == "assumed" for entry in getattr(org, section)):
            kinds.add(section)
    return frozenset(kinds)


def surveyed_kinds(org: OrgFile) -> frozenset[str]:
    """The kinds of evidence the consultant surveyed: those ``organisation.surveyed`` names, and the sections the
    org file gives as an explicit empty list (``links: []``: coordination was looked at and none found).

    >>> org = OrgFile.model_validate({"organisation": {"name": "X", "surveyed": ["participation"]}, "links": []})
    >>> sorted(surveyed_kinds(org))
    ['links', 'participation']
    """
    given = {section for section in EVIDENCE_SECTIONS if section in org.model_fields_set and not getattr(org, section)}
    return frozenset(org.organisation.surveyed) | given


def posts_holding_half(staff: Iterable[float]) -> int:
    """The fewest posts under which half of the staff FTE are counted, given each post's staff FTE.

    >>> posts_holding_half([808.7, 340.5, 100.0, 50.0, 20.0]), posts_holding_half([])
    (1, 0)
    """
    teams = sorted(staff, reverse=True)
    half, held = total_fte(teams) / 2, 0.0
    for count, team in enumerate(teams, 1):
        held += team
        if held >= half:
            return count
    return 0


def unit_counts(org: OrgFile) -> dict[str, UnitCount]:
    """Live posts, vacant posts, staff FTE and pay cost of each unit and the units below it
    (:attr:`~orgdiag.structure.UnitStructure.total`).

    >>> org = OrgFile.model_validate({"organisation": {"name": "X"},
    ...     "units": [{"id": "hq", "name": "HQ"}, {"id": "ops", "name": "Ops", "parent": "hq"}],
    ...     "positions": [{"id": "ceo", "title": "CEO", "unit": "hq", "pay": {"low": 90000, "high": 100000}},
    ...                   {"id": "d", "title": "Director", "unit": "ops", "paybill": 150000,
    ...                    "staff": [{"title": "Officer", "fte": 4.5, "pay": {"low": 30000, "high": 40000}}]}]})
    >>> unit_counts(org)["hq"]
    UnitCount(posts=2, vacant=0, staff_fte=4.5, pay_cost=252500, pay_undisclosed_posts=1, pay_undisclosed_fte=0.0, \
paybill=150000, staff_pay_cost=157500)
    >>> unit_counts(org)["hq"].paybill_share, unit_counts(org)["hq"].paybill_apart
    (1.05, False)
    """
    return {unit: counts.total for unit, counts in structure_of(org).units.items()}


def _roles_status(live: list[Position]) -> Status:
    """Roles are stated when a position has one by `role` or by a title the org file gives (not marked inferred by
    an import); each question stops at the first position that answers it."""
    if any(not p.inferred and roles_of(p) for p in live):
        return "stated"
    return "inferred" if any(p.inferred for p in live) else "absent"


def _status(total: int, stated: int) -> Status:
    return "stated" if stated else "inferred" if total else "absent"


def _present(present: bool) -> Status:
    return "stated" if present else "absent"


def _evidence(present: bool, surveyed: bool) -> Status:
    return "stated" if present else "surveyed" if surveyed else "absent"
