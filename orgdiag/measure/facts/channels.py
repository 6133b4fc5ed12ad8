"""`channel` facts: who owns, decides, approves, measures and speaks on each channel."""

from __future__ import annotations

from orgdiag.measure.facts.context import (
    COMMON_FIELDS,
    SETTING_FIELDS,
    Fact,
    OrgContext,
    holders_of,
    in_unit_tree,
    owned_responsibilities,
)
from orgdiag.model import MARCOM
from orgdiag.model.lexicon import kpi_kinds_in

#: Roles whose holders are marketing and communication people: the usual voices of a channel (Sjöman).
COMMUNICATOR_ROLES = frozenset({"communicator", "community-manager", "strategist", "head-of-marketing"})


#: The fields of a `channel` fact, with what each means.
CHANNEL_FIELDS: dict[str, str] = {
    **COMMON_FIELDS,
    "kind": "the channel's kind",
    "owner": "the unit that owns it",
    "kpis": "KPIs that measure it",
    "kpi_names": "their names",
    "kpis_without_goal": "its KPIs with no business goal",
    "kpis_without_goal_names": "their names",
    "vanity_kpis": "its KPIs that count fans, followers or likes (by the lexicon)",
    "vanity_kpi_names": "their names",
    "business_kpis": "its KPIs that are not vanity and are tied to a business goal",
    "roi_kpis": "its return-on-investment KPIs (`kind: roi` or by the lexicon)",
    "budgets": "budgets for it (`budgets:`) and holders owning its `budget` responsibility",
    "experiments": "experiments run on it",
    "experiment_names": "their names",
    "strategy_owners": "holders owning its `strategy` responsibility",
    "deciders": "holders deciding any of its responsibilities",
    "decider_ids": "them",
    "publish_deciders": "holders deciding its `approval` or `publishing`",
    "publish_decider_ids": "them",
    "approval_steps": "steps in its longest approval chain (0 without one)",
    "approval_step_ids": "the positions of that chain, in order",
    "approval_outsiders": "approvers with no competence in the channel (not in its unit, holding none of it)",
    "approval_outsider_ids": "them",
    "voices": "positions that publish or engage on it (take part, or hold its content, community or publishing)",
    "voice_ids": "them",
    "outside_voices": "voices that are neither communicators nor in marketing or the channel's unit",
    "outside_voice_ids": "them",
    **SETTING_FIELDS,
}


def channel_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per channel: its KPIs, budget, experiments, who decides and approves it, whose voices it carries."""
    index, attrs = ctx.index, ctx.attrs
    facts = []
    for channel in index.of_type("channel"):
        owner = index.sources(channel, "owns")[0]
        kpis = [attrs[kpi] for kpi in index.sources(channel, "measures")]
        kinds = [kpi_kinds_in(kpi["name"]) | {kpi["kind"]} for kpi in kpis]
        vanity = [kpi["name"] for kpi, found in zip(kpis, kinds, strict=True) if "vanity" in found]
        no_goal = [kpi["name"] for kpi in kpis if not kpi["goal"]]
        business = [kpi for kpi, found in zip(kpis, kinds, strict=True) if kpi["goal"] and "vanity" not in found]
        budgets = index.sources(channel, "funds") + holders_of(ctx, channel, {"budget"}, "owns")
        experiments = [attrs[e]["name"] for e in index.sources(channel, "tests")]
        deciders = holders_of(
            ctx, channel, {attrs[r]["responsibility"] for r in index.sources(channel, "concerns")}, "decides"
        )
        publish = holders_of(ctx, channel, {"approval", "publishing"}, "decides")
        chains: list[list[str]] = [attrs[a]["steps"] for a in index.sources(channel, "gates")]
        longest = max(chains, key=len, default=[])
        outsiders = sorted({p for chain in chains for p in chain if not _competent(ctx, p, channel, owner)})
        voices = _voices(ctx, channel)
        outside = [v for v in voices if not _communicator(ctx, v, owner)]
        facts.append(
            {
                "t": "channel",
                "ref": channel,
                "name": attrs[channel]["name"],
                "kind": attrs[channel]["kind"],
                "owner": owner,
                "kpis": len(kpis),
                "kpi_names": [kpi["name"] for kpi in kpis],
                "kpis_without_goal": len(no_goal),
                "kpis_without_goal_names": no_goal,
                "vanity_kpis": len(vanity),
                "vanity_kpi_names": vanity,
                "business_kpis": len(business),
                "roi_kpis": sum(1 for found in kinds if "roi" in found),
                "budgets": len(budgets),
                "experiments": len(experiments),
                "experiment_names": experiments,
                "strategy_owners": len(holders_of(ctx, channel, {"strategy"}, "owns")),
                "deciders": len(deciders),
                "decider_ids": deciders,
                "publish_deciders": len(publish),
                "publish_decider_ids": publish,
                "approval_steps": len(longest),
                "approval_step_ids": list(longest),
                "approval_outsiders": len(outsiders),
                "approval_outsider_ids": outsiders,
                "voices": len(voices),
                "voice_ids": voices,
                "outside_voices": len(outside),
                "outside_voice_ids": outside,
                **ctx.setting(owner),
            }
        )
    return facts


#: Holding only these for a channel (or for marcom) shows no competence in it.
_NOT_COMPETENCE = frozenset({"approval", "sponsor", "budget"})


def _competent(ctx: OrgContext, position: str, channel: str, owner: str) -> bool:
    """Knows the channel: works in the unit that owns it (or below), or holds one of its responsibilities, or one
    of marketing communication as a whole, other than approving, sponsoring or budgeting it."""
    if in_unit_tree(ctx, ctx.unit_of.get(position), owner):
        return True
    held = [*owned_responsibilities(ctx, position)]
    held += [(ctx.attrs[r]["scope"], ctx.attrs[r]["responsibility"]) for r in ctx.index.targets(position, "decides")]
    return any(scope in (channel, MARCOM) and word not in _NOT_COMPETENCE for scope, word in held)


def _voices(ctx: OrgContext, channel: str) -> list[str]:
    """Positions that publish or engage on a channel: those taking part (themselves or through their unit) and
    holders of its content, community or publishing."""
    index = ctx.index
    voices: list[str] = []
    for taker in index.sources(channel, "takes_part"):
        members = index.sources(taker, "member_of") if ctx.attrs[taker]["type"] == "unit" else [taker]
        voices += [m for m in members if m not in voices]
    for holder in holders_of(ctx, channel, {"content", "community", "publishing"}, "owns"):
        if ctx.attrs[holder]["type"] == "position" and holder not in voices:
            voices.append(holder)
    return voices


def _communicator(ctx: OrgContext, position: str, channel_owner: str) -> bool:
    """A marketing or communication person: by role, or by working in marketing or in the channel's unit."""
    unit = ctx.unit_of.get(position)
    return (
        not COMMUNICATOR_ROLES.isdisjoint(ctx.roles(position)) or unit in ctx.marketing_units or unit == channel_owner
    )
