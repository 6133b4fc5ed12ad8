"""Actions on positions and reporting lines: retitle, re-report, add posts, remove a layer, split a team."""

from __future__ import annotations

import math

from orgdiag.model.lexicon import roles_for
from orgdiag.naming import element_label, slug
from orgdiag.restructuring.actions.registry import carries_out
from orgdiag.restructuring.draft import (
    Draft,
    Edit,
    Item,
    NotApplicable,
    Params,
    Refused,
    add_value,
    many,
    number_param,
    one,
    remove_value,
)
from orgdiag.restructuring.guard_rails import peer_of, refuse_new_post


@carries_out("retitle_position")
def retitle_position(draft: Draft, params: Params) -> list[Edit]:
    position_id, title = one(params, "position"), one(params, "title")
    position = draft.get("positions", position_id)
    if position is None:
        raise NotApplicable(f"'{position_id}' is not a position of the organisation")
    if position["title"] == title:
        raise NotApplicable(f"{position_id} is already titled {title}")
    old = position["title"]
    position["title"] = title
    return [Edit("changed", position_id, f"{element_label(old, position_id)} retitled {title}")]


@carries_out("change_reporting")
def change_reporting(draft: Draft, params: Params) -> list[Edit]:
    position_id, manager = one(params, "position"), one(params, "reports_to")
    position = draft.get("positions", position_id)
    if position is None or draft.get("positions", manager) is None:
        raise NotApplicable(f"'{position_id if position is None else manager}' is not a position of the organisation")
    if position.get("reports_to") == manager:
        raise NotApplicable(f"{position_id} already reports to {manager}")
    if manager == position_id or manager in draft.reports_below(position_id):
        raise NotApplicable(f"{manager} is {position_id} itself or reports to it: a reporting cycle")
    position["reports_to"] = manager
    remove_value(position, "dotted_to", manager)  # the file may not name a manager twice
    return [Edit("moved", position_id, f"{draft.label(position_id)} reports to {draft.label(manager)}")]


@carries_out("add_position")
def add_position(draft: Draft, params: Params) -> list[Edit]:
    unit, title, manager = one(params, "unit"), one(params, "title"), one(params, "reports_to")
    if draft.get("units", unit) is None:
        raise NotApplicable(f"'{unit}' is not a unit of the organisation")
    if manager and draft.get("positions", manager) is None:
        raise NotApplicable(f"'{manager}' is not a position of the organisation")
    return [_new_post(draft, f"{unit}-{slug(title) or 'post'}", title, unit, manager)]


def _new_post(draft: Draft, base: str, title: str, unit: str | None, manager: str | None) -> Edit:
    """A new vacant post, where the guard rails let restructuring add one (:func:`refuse_new_post`)."""
    refuse_new_post(draft, title, manager)
    post: Item = {"id": draft.new_id(base), "title": title, "vacant": True}
    if unit:
        post["unit"] = unit
    if manager:
        post["reports_to"] = manager
    draft.items("positions").append(post)
    where = f" in {draft.label(unit)}" if unit else ""
    above = f", reporting to {manager}" if manager else ""
    return Edit("added", post["id"], f"new post {element_label(title, post['id'])}{where}, vacant{above}")


@carries_out("remove_layer")
def remove_layer(draft: Draft, params: Params) -> list[Edit]:
    position_id = one(params, "position")
    position = draft.get("positions", position_id)
    if position is None:
        raise NotApplicable(f"'{position_id}' is not a position of the organisation")
    manager = position.get("reports_to")
    if not manager:
        raise NotApplicable(f"{position_id} is at the top: there is no manager for its reports to move up to")
    reports = draft.reports(position_id)
    if not reports:
        raise NotApplicable(f"{position_id} has no direct reports")
    if item_roles(position) & TOP_ROLES:
        raise Refused(f"{position_id} leads at the top: widen its scope rather than remove its team")
    unit = position.get("unit")
    if unit and position_id in draft.unit_heads(unit) and any(r.get("unit") == unit for r in reports):
        raise Refused(
            f"{position_id} heads {unit}: merging the unit into the one above, or widening the role, is for people "
            "to decide"
        )
    above = draft.get("positions", manager)
    if above is not None and not above.get("reports_to"):
        raise Refused(f"{position_id} is on the executive team: changing the top team is for people to decide")
    span_after = len(draft.reports(manager)) - 1 + len(reports)
    if draft.max_span is not None and span_after > draft.max_span:
        raise Refused(
            f"{manager} would then have {span_after} direct reports, more than the {draft.max_span} the profile allows"
        )
    for report in reports:
        report["reports_to"] = manager
        remove_value(report, "dotted_to", manager)
    moved = ", ".join(r["id"] for r in reports)
    return [
        *(Edit("moved", r["id"], f"{draft.label(r['id'])} reports to {draft.label(manager)}") for r in reports),
        Edit("changed", position_id, f"{draft.label(position_id)} no longer manages {moved}"),
    ]


@carries_out("split_team")
def split_team(draft: Draft, params: Params) -> list[Edit]:
    position_id, max_span = one(params, "position"), max(number_param(params, "max_span"), 1)
    position = draft.get("positions", position_id)
    if position is None:
        raise NotApplicable(f"'{position_id}' is not a position of the organisation")
    if not position.get("reports_to") or item_roles(position) & {"executive"}:
        raise Refused(
            f"{position_id} leads the organisation: a layer between it and its executive team is for people to decide"
        )
    reports = draft.reports(position_id)
    if len(reports) <= max_span:
        raise NotApplicable(f"{position_id} has {len(reports)} live direct reports, no more than {max_span}")
    leaders = [r["id"] for r in reports if r.get("unit") != position.get("unit") or item_roles(r) & TOP_ROLES]
    if leaders:
        raise Refused(
            f"{position_id}'s reports include leaders of units or executives ({', '.join(leaders[:5])}"
            f"{', …' if len(leaders) > 5 else ''}): a layer above them is a design decision for people"
        )
    teams = math.ceil(len(reports) / max_span)  # as few new posts as the live span needs
    size = math.ceil(len(reports) / teams)
    edits = []
    for number in range(teams):
        team = reports[number * size : (number + 1) * size]
        if not team:
            continue
        lead = _new_post(draft, f"{position_id}-lead", "Team lead", position.get("unit"), position_id)
        edits.append(lead)
        for report in team:
            report["reports_to"] = lead.element
            edits.append(Edit("moved", report["id"], f"{draft.label(report['id'])} reports to {lead.element}"))
    return edits


@carries_out("add_deputy")
def add_deputy(draft: Draft, params: Params) -> list[Edit]:
    position_id, channels = one(params, "position"), many(params, "channels")
    position = draft.get("positions", position_id)
    if position is None:
        raise NotApplicable(f"'{position_id}' is not a position of the organisation")
    if not channels:
        raise NotApplicable(f"{position_id} holds no channel alone")
    deputy, edits = _deputy_for(draft, position)
    granted = [f"{c}/publishing" for c in channels if add_value(draft.element(deputy), "decides", f"{c}/publishing")]
    if not granted:
        raise NotApplicable(f"{deputy} already decides publishing on {', '.join(channels)}")
    edits.append(
        Edit("changed", deputy, f"{draft.label(deputy)} deputises for {position_id}: decides {', '.join(granted)}")
    )
    return edits


def _deputy_for(draft: Draft, position: Item) -> tuple[str, list[Edit]]:
    """Who deputises for a position: its first direct report, else the first colleague in post in its unit who is not
    its peer (:func:`peer_of`), else a new vacant deputy post, where the guard rails let restructuring add one."""
    reports = draft.reports(position["id"])
    if reports:
        return reports[0]["id"], []
    colleagues = [p for p in draft.members(position.get("unit") or "") if p is not position and not p.get("vacant")]
    peers = {p["id"]: why for p in colleagues if (why := peer_of(draft, position, p))}
    others = [p for p in colleagues if p["id"] not in peers]
    if others:
        return others[0]["id"], []
    title = f"Deputy {position['title']}"
    try:
        post = _new_post(draft, f"{position['id']}-deputy", title, position.get("unit"), position["id"])
    except NotApplicable as why:
        if not peers:
            raise
        passed = "; ".join(f"{draft.label(peer)} is its peer ({reason})" for peer, reason in peers.items())
        raise Refused(f"{passed}, not its deputy; and {why}") from None
    return post.element, [post]


@carries_out("appoint_head_of_marketing")
def appoint_head_of_marketing(draft: Draft, params: Params) -> list[Edit]:
    heads = [p["id"] for p in draft.items("positions") if "head-of-marketing" in item_roles(p)]
    if heads:
        raise NotApplicable(f"{heads[0]} is already a head of marketing")
    parent, manager = one(params, "unit"), one(params, "reports_to")
    unit: Item = {"id": draft.new_id("marketing"), "name": "Marketing"}
    if parent and draft.get("units", parent) is not None:
        unit["parent"] = parent
    draft.items("units").append(unit)
    post = _new_post(draft, "head-of-marketing", "Head of marketing", unit["id"], manager or None)
    draft.element(post.element)["role"] = "head-of-marketing"
    return [Edit("added", unit["id"], f"new unit Marketing ({unit['id']}) under {parent or 'the top'}"), post]


#: Roles at the top: no change removes their teams or puts a layer above them.
TOP_ROLES = frozenset({"executive", "head-of-marketing"})


def item_roles(position: Item) -> frozenset[str]:
    return roles_for(position.get("role"), position["title"])
