"""What the organisation's operating model for its channels is made of: where the channels are run, who sets
their strategy, which units coordinate others, who takes part. Measures only; the models and their thresholds
are data (``rules/operating-models.yaml``) and :mod:`orgdiag.rules.operating` classifies.

The central group is the marketing organisation (the head of marketing's unit and every unit below it). A
channel is run where its owning unit is; its strategy is set by whoever owns ``CHANNEL/strategy``, or, where
nobody does, by whoever owns ``marcom/strategy`` (the plan for every channel). A spoke is a unit outside the
central group that runs a channel; it is coordinated when the strategy of every channel it runs is set in the
central group. A hub is a unit outside the central group that sets the strategy of a channel another unit
below it runs (a hub of its own spokes); it is tied back when the central group owns the marcom strategy or a
link or dotted line joins it to the central group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orgdiag.measure.facts.context import TOP_ROLES, OrgContext
from orgdiag.measure.graph import responsibility_node
from orgdiag.model import LINK_KINDS, MARCOM

#: Roles whose work is communicating: taking part is their job, not a sign that the organisation takes part.
COMMUNICATING_ROLES = frozenset({*TOP_ROLES, "strategist", "communicator", "community-manager"})


@dataclass(frozen=True)
class OperatingMeasures:
    """The measures the operating models are told apart by, and the elements behind each."""

    channels: int
    #: the central group's units (empty when the organisation has no head of marketing)
    central_units: tuple[str, ...]
    #: channels run (owned) by a central unit
    central_channels: tuple[str, ...]
    #: units outside the central group that run a channel, and those of them whose channels' strategy is set
    #: centrally
    spokes: tuple[str, ...]
    coordinated_spokes: tuple[str, ...]
    #: units outside the central group that set the strategy of a channel a unit below them runs, and those of
    #: them tied back to the central group
    hubs: tuple[str, ...]
    tied_hubs: tuple[str, ...]
    #: whether the central group owns the marcom strategy (one plan for every channel)
    central_standards: bool
    #: positions outside the central group and the spokes, in no communicating role, that take part in a
    #: channel (experts and ordinary employees), and the live positions outside the central group
    broad_participants: tuple[str, ...]
    positions_outside: int
    #: links and dotted lines between the central group and a unit outside it, as (from, to)
    ties: tuple[tuple[str, str], ...] = field(default=())
    #: who, outside the central group, owns the strategy of a channel a spoke runs that is not coordinated:
    #: what would move to the central group for the spoke to be coordinated
    spoke_strategists: tuple[str, ...] = field(default=())
    #: spokes not coordinated centrally whose channels' strategy a hub above them sets
    hub_spokes: tuple[str, ...] = field(default=())
    #: the channels whose budget someone holds (a budget, ``CHANNEL/budget``, else ``marcom/budget``), and those
    #: whose budget the central group holds; the agencies, and those it contracted
    budgets: int = 0
    central_budgets: int = 0
    agencies: int = 0
    central_agencies: tuple[str, ...] = field(default=())

    def values(self) -> dict[str, float | int | bool]:
        """The measures the models' thresholds compare, by name."""
        return {
            "channels": self.channels,
            "central_share": _share(len(self.central_channels), self.channels),
            "spokes": len(self.spokes),
            "coordinated_share": _share(len(self.coordinated_spokes), len(self.spokes)),
            "hubs": len(self.hubs),
            "tied_hub_share": _share(len(self.tied_hubs), len(self.hubs)),
            "central_standards": self.central_standards,
            "broad_participants": len(self.broad_participants),
            "participation_share": _share(len(self.broad_participants), self.positions_outside),
            "has_central_group": bool(self.central_units),
            "central_budget_share": _share(self.central_budgets, self.budgets),
            "central_agency_share": _share(len(self.central_agencies), self.agencies),
        }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 2) if whole else 0.0


def operating_measures(ctx: OrgContext) -> OperatingMeasures:
    """Measure where the channels are run, who sets their strategy and who takes part.

    >>> from orgdiag.orgfile import load_org
    >>> from orgdiag.measure.graph import build_graph
    >>> from orgdiag.measure.facts import org_context
    >>> measures = operating_measures(org_context(build_graph(load_org("fixtures/demo/nordvik-sport.yaml"))))
    >>> measures.central_channels, measures.spokes, measures.coordinated_spokes
    (('print', 'tv', 'pr'), ('ehandel', 'sociala', 'kundservice'), ())
    """
    index = ctx.index
    central = ctx.marketing_units
    channels = index.of_type("channel")
    owner = channel_owners(ctx)
    marcom_setters = _marcom_holders(ctx, "strategy")
    setters = strategy_setters(ctx)
    spokes = list(dict.fromkeys(owner[c] for c in channels if owner[c] not in central))
    coordinated = [
        spoke for spoke in spokes if all(setters[c] & central for c in channels if owner[c] == spoke) and central
    ]
    uncoordinated = [c for c in channels if owner[c] in spokes and owner[c] not in coordinated]
    strategists = [
        holder
        for channel in uncoordinated
        for holder in index.sources(responsibility_node(f"{channel}/strategy"), "owns")
        if _homes(ctx, [holder]) - central
    ]
    leads = _leads(ctx, channels, owner, setters)
    hubs = _hubs(ctx, channels, owner, leads)
    hub_spokes = [
        spoke
        for spoke in spokes
        if spoke not in coordinated
        and all(leads[c] & set(hubs) & _above(ctx, spoke) for c in channels if owner[c] == spoke)
    ]
    ties = _ties(ctx, central)
    tied = {outside for pair in ties for outside in pair if outside not in central}
    central_standards = bool(marcom_setters & central)
    budget_holders, agencies = _budget_holders(ctx), index.of_type("agency")
    outside = [p for p in index.of_type("position") if ctx.unit_of.get(p) not in central]
    run_by_spokes = set(spokes)
    broad = [
        p
        for p in outside
        if index.targets(p, "takes_part")
        and ctx.unit_of.get(p) not in run_by_spokes
        and not COMMUNICATING_ROLES & ctx.attrs[p]["roles"]
    ]
    return OperatingMeasures(
        channels=len(channels),
        central_units=tuple(u for u in index.of_type("unit") if u in central),
        central_channels=tuple(c for c in channels if owner[c] in central),
        spokes=tuple(spokes),
        coordinated_spokes=tuple(coordinated),
        hubs=tuple(hubs),
        tied_hubs=tuple(h for h in hubs if central_standards or h in tied),
        central_standards=central_standards,
        broad_participants=tuple(broad),
        positions_outside=len(outside),
        ties=tuple(ties),
        spoke_strategists=tuple(dict.fromkeys(strategists)),
        hub_spokes=tuple(hub_spokes),
        budgets=sum(1 for holders in budget_holders.values() if holders),
        central_budgets=sum(1 for holders in budget_holders.values() if holders & central),
        agencies=len(agencies),
        central_agencies=tuple(a for a in agencies if set(index.targets(a, "contracted_by")) & central),
    )


def channel_owners(ctx: OrgContext) -> dict[str, str]:
    """The unit that owns (runs) each channel."""
    return {channel: ctx.index.sources(channel, "owns")[0] for channel in ctx.index.of_type("channel")}


def strategy_setters(ctx: OrgContext) -> dict[str, set[str]]:
    """The units that set each channel's strategy: the homes of its ``CHANNEL/strategy`` owners, else of the
    ``marcom/strategy`` owners."""
    return _channel_holders(ctx, "strategy")


def set_from_above(ctx: OrgContext) -> set[str]:
    """Units outside the central group whose every channel has its strategy set in the central group or by a
    unit above them (a hub): spokes coordinated as hub and spoke, or a dandelion, means them to be."""
    owner, setters = channel_owners(ctx), strategy_setters(ctx)
    runs: dict[str, list[str]] = {}
    for channel, unit in owner.items():
        if unit not in ctx.marketing_units:
            runs.setdefault(unit, []).append(channel)
    return {
        unit
        for unit, channels in runs.items()
        if all(setters[c] & (ctx.marketing_units | _above(ctx, unit)) for c in channels)
    }


def _budget_holders(ctx: OrgContext) -> dict[str, set[str]]:
    """The units that hold each channel's budget: the owners of a budget funding it and the owners and deciders of
    ``CHANNEL/budget`` (who decides a budget holds it, whoever keeps the books), else of ``marcom/budget``."""
    funded: dict[str, list[str]] = {}
    for budget in ctx.index.of_type("budget"):
        for channel in ctx.index.targets(budget, "funds"):
            funded.setdefault(channel, []).extend(ctx.index.sources(budget, "owns"))
    return _channel_holders(ctx, "budget", funded, relations=("owns", "decides"))


def _channel_holders(
    ctx: OrgContext,
    responsibility: str,
    also: dict[str, list[str]] | None = None,
    relations: tuple[str, ...] = ("owns",),
) -> dict[str, set[str]]:
    """By channel, the units that hold its `responsibility`: the homes of those that own (or stand in another of
    `relations` to) ``CHANNEL/RESPONSIBILITY`` (and of `also`'s holders of the channel), else of
    ``marcom/RESPONSIBILITY``."""
    index, also = ctx.index, also or {}
    marcom = _marcom_holders(ctx, responsibility, relations)
    return {
        channel: _homes(
            ctx,
            [
                *also.get(channel, []),
                *(
                    holder
                    for relation in relations
                    for holder in index.sources(responsibility_node(f"{channel}/{responsibility}"), relation)
                ),
            ],
        )
        or marcom
        for channel in index.of_type("channel")
    }


def _marcom_holders(ctx: OrgContext, responsibility: str, relations: tuple[str, ...] = ("owns",)) -> set[str]:
    """The units that hold ``marcom/RESPONSIBILITY``: the plan for every channel."""
    node = responsibility_node(f"{MARCOM}/{responsibility}")
    return _homes(ctx, [holder for relation in relations for holder in ctx.index.sources(node, relation)])


def _homes(ctx: OrgContext, holders: list[str]) -> set[str]:
    """The units the holders belong to: a unit itself, a position's unit, an agency's contracting unit."""
    homes = set()
    for holder in holders:
        home = ctx.unit_of.get(holder) or next(iter(ctx.index.targets(holder, "contracted_by")), None)
        if home is not None:
            homes.add(home)
    return homes


def coordinating(ctx: OrgContext) -> dict[str, set[str]]:
    """Each unit and the other units a ``coordinates`` link joins it to (directly or through their positions)."""
    joined: dict[str, set[str]] = {}
    for source, target in ctx.index.edges("coordinates"):
        ends = (ctx.unit_of.get(source), ctx.unit_of.get(target))
        if ends[0] is not None and ends[1] is not None and ends[0] != ends[1]:
            joined.setdefault(ends[0], set()).add(ends[1])
            joined.setdefault(ends[1], set()).add(ends[0])
    return joined


def coordinating_hubs(ctx: OrgContext) -> set[str]:
    """Units that coordinate a channel-owning unit below them (a regional marketing unit and its countries' channel
    teams)."""
    joined = coordinating(ctx)
    return {upper for lower in ctx.channel_units for upper in joined.get(lower, ()) if upper in _above(ctx, lower)}


def _leads(
    ctx: OrgContext, channels: list[str], owner: dict[str, str], setters: dict[str, set[str]]
) -> dict[str, set[str]]:
    """By channel, the units that lead it: those that set its strategy, and those that coordinate the unit running
    it (a ``coordinates`` link: a regional marketing unit coordinating its countries' channel teams)."""
    joined = coordinating(ctx)
    return {channel: setters[channel] | joined.get(owner[channel], set()) for channel in channels}


def _hubs(ctx: OrgContext, channels: list[str], owner: dict[str, str], leads: dict[str, set[str]]) -> list[str]:
    """Units outside the central group that lead (set the strategy of, or coordinate) a channel run by another unit
    below them."""
    hubs: dict[str, None] = {}
    for channel in channels:
        for lead in sorted(leads[channel]):
            if lead not in ctx.marketing_units and lead != owner[channel] and lead in _above(ctx, owner[channel]):
                hubs[lead] = None
    return list(hubs)


def _above(ctx: OrgContext, unit: str) -> set[str]:
    return set(ctx.index.tree("part_of").ancestors(unit))


def _ties(ctx: OrgContext, central: set[str]) -> list[tuple[str, str]]:
    """Links and dotted lines that join the central group to a unit outside it, by the units at their ends."""
    index = ctx.index
    ties = []
    for kind in (*LINK_KINDS, "dotted_to"):
        for source, target in index.edges(kind):
            ends = (ctx.unit_of.get(source), ctx.unit_of.get(target))
            if None not in ends and (ends[0] in central) != (ends[1] in central):
                ties.append((str(ends[0]), str(ends[1])))
    return list(dict.fromkeys(ties))
