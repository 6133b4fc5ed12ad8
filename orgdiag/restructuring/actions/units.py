"""Actions that change the unit tree: move a unit, merge units, link two of them."""

from __future__ import annotations

from orgdiag.model.links import referring_to
from orgdiag.restructuring.actions.registry import carries_out
from orgdiag.restructuring.draft import Draft, Edit, Item, NotApplicable, Params, add_value, many, one
from orgdiag.restructuring.guard_rails import refuse_move_into_marketing


@carries_out("move_unit")
def move_unit(draft: Draft, params: Params) -> list[Edit]:
    unit_id, parent_id = one(params, "unit"), one(params, "new_parent")
    if not parent_id:
        raise NotApplicable(f"there is no unit to move {unit_id} under (no marketing unit)")
    unit = draft.get("units", unit_id)
    if unit is None or draft.get("units", parent_id) is None:
        raise NotApplicable(f"'{unit_id if unit is None else parent_id}' is not a unit of the organisation")
    if unit.get("parent") == parent_id:
        raise NotApplicable(f"{unit_id} is already under {parent_id}")
    if parent_id in draft.below(unit_id):
        raise NotApplicable(f"{parent_id} is {unit_id} itself or below it")
    refuse_move_into_marketing(draft, unit_id, parent_id)
    unit["parent"] = parent_id
    edits = [Edit("moved", unit_id, f"unit {draft.label(unit_id)} moved under {draft.label(parent_id)}")]
    new_heads = draft.unit_heads(parent_id)
    if new_heads:
        for head in draft.unit_heads(unit_id):
            position = draft.element(head)
            if position.get("reports_to") != new_heads[0] and new_heads[0] not in draft.reports_below(head):
                position["reports_to"] = new_heads[0]
                edits.append(Edit("moved", head, f"{draft.label(head)} reports to {draft.label(new_heads[0])}"))
    return edits


@carries_out("merge_units")
def merge_units(draft: Draft, params: Params) -> list[Edit]:
    into = one(params, "into")
    if not into or draft.get("units", into) is None:
        raise NotApplicable(f"there is no unit to merge into{f' (no unit {into!r})' if into else ''}")
    merged = [u for u in many(params, "units") if u != into and draft.get("units", u) is not None]
    if not merged:
        raise NotApplicable(f"nothing to merge into {into}: {', '.join(many(params, 'units')) or 'no unit'} named")
    edits: list[Edit] = []
    for unit_id in merged:
        refuse_move_into_marketing(draft, unit_id, into)
        edits += _merge_one(draft, unit_id, into)
    return edits


def _merge_one(draft: Draft, unit_id: str, into: str) -> list[Edit]:
    unit, target = draft.element(unit_id), draft.element(into)
    label = draft.label(unit_id)
    if target.get("parent") == unit_id:  # merged into a unit below it: that unit takes its place in the tree
        target["parent"] = unit.get("parent")
    absorb(draft, "units", unit, target, ("owns", "decides", "takes_part"))
    text = f"unit {label} merged into {draft.label(into)}"
    if unit.get("accept"):
        text += f" (its accept of {', '.join(a['rule'] for a in unit['accept'])} no longer applies)"
    return [Edit("removed", unit_id, text), Edit("merged", into, text)]


def absorb(draft: Draft, section: str, item: Item, target: Item, keys: tuple[str, ...]) -> None:
    """``target`` takes over the item's lists under ``keys`` and every reference to it; the item goes."""
    for key in keys:
        for value in item.get(key, ()):
            add_value(target, key, value)
    _repoint(draft, section, item["id"], target["id"])
    draft.items(section).remove(item)


def _repoint(draft: Draft, section: str, old: str, new: str) -> None:
    """Every reference to an element that is going away (its sub-units, people, channels, agencies, the KPIs,
    budgets and experiments it owns, its links) now names the element replacing it; a link of an element to
    itself, or a second link of the same kind, is dropped."""
    for reference in referring_to(section):
        for item in draft.items(reference.section):
            value = item.get(reference.key)
            if reference.many and value and old in value:
                item[reference.key] = [new if one == old else one for one in value]
            elif value == old:
                item[reference.key] = new
    links: list[Item] = []
    for link in draft.items("links"):
        between = link["between"]
        if between[0] != between[1] and not any(_same_link(kept, link["kind"], between) for kept in links):
            links.append(link)
    draft.replace_items("links", links)


def _same_link(link: Item, kind: str, between: list[str]) -> bool:
    return bool(link["kind"] == kind and sorted(link["between"]) == sorted(between))


@carries_out("add_link")
def add_link(draft: Draft, params: Params) -> list[Edit]:
    kind, between = one(params, "kind"), many(params, "between")
    if len(between) != 2 or between[0] == between[1]:
        raise NotApplicable(f"a link needs two different ends, not {', '.join(between) or 'none'}")
    for end in between:
        draft.element(end)
    if any(_same_link(link, kind, between) for link in draft.items("links")):
        raise NotApplicable(f"{between[0]} and {between[1]} are already linked ({kind})")
    draft.items("links").append({"kind": kind, "between": between, "name": "cross-channel forum"})
    text = f"{draft.label(between[0])} and {draft.label(between[1])} coordinate in a cross-channel forum"
    return [Edit("added", f"{kind}:{between[0]}:{between[1]}", text), Edit("changed", between[0], text)]
