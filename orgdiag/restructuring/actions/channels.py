"""Actions on a channel's work: its approval chain, KPIs, budget and the voices that speak on it."""

from __future__ import annotations

from orgdiag.model.lexicon import channel_kinds_in, kpi_kinds_in
from orgdiag.restructuring.actions.positions import item_roles
from orgdiag.restructuring.actions.registry import carries_out
from orgdiag.restructuring.draft import (
    GOAL_TO_NAME,
    KPI_TO_DEFINE,
    Draft,
    Edit,
    Item,
    NotApplicable,
    Params,
    add_value,
    many,
    number_param,
    one,
    remove_value,
)


@carries_out("reassign_approval")
def reassign_approval(draft: Draft, params: Params) -> list[Edit]:
    channel, to = one(params, "channel"), one(params, "to")
    removed = set(many(params, "from")) - {to}
    edits: list[Edit] = []
    kept = []
    for approval in draft.items("approvals"):
        if approval["channel"] == channel and removed & set(approval["steps"]):
            steps = [s for s in approval["steps"] if s not in removed]
            gone = [s for s in approval["steps"] if s in removed]
            verb = "approves" if len(gone) == 1 else "approve"
            edits.append(Edit("changed", channel, f"{', '.join(gone)} no longer {verb} {channel}"))
            if not steps:
                continue
            approval["steps"] = steps
        kept.append(approval)
    draft.replace_items("approvals", kept)
    for approver in sorted(removed):
        if draft.section_of(approver) in ("positions", "units", "agencies"):
            holder = draft.holder(approver)
            dropped = [
                f"{channel}/{w}"
                for w in ("approval", "publishing")
                if remove_value(holder, "decides", f"{channel}/{w}")
            ]
            if dropped:
                edits.append(
                    Edit("changed", approver, f"{draft.label(approver)} no longer decides {', '.join(dropped)}")
                )
    if not edits:
        raise NotApplicable(f"{', '.join(sorted(removed)) or 'nobody'} approves {channel}")
    if to and add_value(draft.holder(to), "decides", f"{channel}/publishing"):
        edits.append(Edit("changed", to, f"{draft.label(to)} decides {channel}/publishing"))
    return edits


def _kpis_of(draft: Draft, channel: str) -> list[Item]:
    return [k for k in draft.items("kpis") if k["channel"] == channel]


def _drop_kpis(draft: Draft, dropped: list[Item]) -> None:
    draft.replace_items("kpis", [k for k in draft.items("kpis") if not any(k is d for d in dropped)])


def _business(kpi: Item) -> bool:
    return bool(kpi.get("goal")) and "vanity" not in kpi_kinds_in(kpi["name"])


def _add_kpi_to_define(draft: Draft, channel: str, owner: str) -> list[Edit]:
    """The placeholder KPI, for the organisation to define, owned by ``owner``."""
    draft.items("kpis").append({"name": KPI_TO_DEFINE, "channel": channel, "owner": owner, "goal": GOAL_TO_NAME})
    return [Edit("changed", channel, f"{channel} gets a KPI tied to a business goal, to define, owned by {owner}")]


@carries_out("define_kpis")
def define_kpis(draft: Draft, params: Params) -> list[Edit]:
    channel_id = one(params, "channel")
    channel = draft.get("channels", channel_id)
    if channel is None:
        raise NotApplicable(f"'{channel_id}' is not a channel of the organisation")
    if any(_business(kpi) for kpi in _kpis_of(draft, channel_id)):
        raise NotApplicable(f"{channel_id} already has a KPI tied to a business goal")
    owner = one(params, "owner") or channel["owner"]
    draft.holder(owner)
    return _add_kpi_to_define(draft, channel_id, owner)


@carries_out("replace_kpis")
def replace_kpis(draft: Draft, params: Params) -> list[Edit]:
    channel, names = one(params, "channel"), set(many(params, "kpis"))
    gone = [k for k in _kpis_of(draft, channel) if k["name"] in names]
    if not gone:
        raise NotApplicable(f"{channel} has none of the KPIs {', '.join(sorted(names)) or '(none named)'}")
    _drop_kpis(draft, gone)
    edits = [Edit("changed", channel, f"{channel} drops the KPIs {', '.join(k['name'] for k in gone)}")]
    if not any(_business(kpi) for kpi in _kpis_of(draft, channel)):
        edits += _add_kpi_to_define(draft, channel, gone[0]["owner"])
    return edits


@carries_out("trim_kpis")
def trim_kpis(draft: Draft, params: Params) -> list[Edit]:
    channel, keep = one(params, "channel"), number_param(params, "keep")
    kpis = _kpis_of(draft, channel)
    if len(kpis) <= keep:
        raise NotApplicable(f"{channel} has {len(kpis)} KPIs, no more than {keep}")
    ranked = sorted(kpis, key=lambda kpi: not _business(kpi))
    dropped = ranked[keep:]
    _drop_kpis(draft, dropped)
    return [Edit("changed", channel, f"{channel} keeps {keep} KPIs and drops {', '.join(k['name'] for k in dropped)}")]


@carries_out("attach_budget")
def attach_budget(draft: Draft, params: Params) -> list[Edit]:
    channel, to = one(params, "channel"), one(params, "to")
    draft.element(channel)
    holder = draft.holder(to)
    if not add_value(holder, "owns", f"{channel}/budget"):
        raise NotApplicable(f"{to} already owns {channel}/budget")
    return [Edit("changed", to, f"{draft.label(to)} owns {channel}/budget: the investment behind its ROI target")]


def _customer_service_unit(draft: Draft, unit: Item) -> bool:
    owns_service = any(c["owner"] == unit["id"] and c["kind"] == "customer-service" for c in draft.items("channels"))
    return owns_service or "customer-service" in channel_kinds_in(unit["name"])


def _expert_unit(draft: Draft, unit: Item) -> bool:
    members = [p for p in draft.items("positions") if p.get("unit") == unit["id"]]
    return any("technical-expert" in item_roles(p) for p in members)


@carries_out("involve_voices")
def involve_voices(draft: Draft, params: Params) -> list[Edit]:
    channels = many(params, "channel")
    coach = one(params, "coach")
    marketing = draft.below(draft.element(coach).get("unit") or "") if coach else set()
    outside = [u for u in draft.items("units") if u["id"] not in marketing]
    voices = [u for u in outside if _customer_service_unit(draft, u)] or [u for u in outside if _expert_unit(draft, u)]
    edits: list[Edit] = []
    for channel in channels:
        owner = draft.element(channel)["owner"]
        for unit in voices:
            if unit["id"] != owner and add_value(unit, "takes_part", channel):
                edits.append(Edit("changed", unit["id"], f"{draft.label(unit['id'])} takes part on {channel}"))
    if not edits:
        what = "no customer-service or expert unit outside marketing" if not voices else "they already take part"
        raise NotApplicable(f"no new voices for {', '.join(channels) or 'no channel'}: {what}")
    if coach:
        edits.append(Edit("changed", coach, f"{draft.label(coach)} coaches them"))
    return edits
