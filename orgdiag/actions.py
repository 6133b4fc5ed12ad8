"""The restructuring actions: each a change to an organisation, with its preconditions checked.

A rule's suggestion names an action and fills its parameters from what it matched
(``move_unit {unit: ehandel, new_parent: marknad}``). Each action here works on a
:class:`Draft` (the org file as plain data) and either changes it and says what it
did (a list of :class:`Edit`), or raises :class:`NotApplicable` with the reason and
leaves it as it was: its subject is gone, another change already did it, or the
organisation lacks what it needs (no head of marketing to move strategy to).

Two actions are advice only (``fix_data``, ``review_design``): they need data or a
judgement only the organisation has, and never change anything.

>>> from orgdiag.model import OrgFile
>>> org = OrgFile.model_validate({"organisation": {"name": "X"},
...     "units": [{"id": "hq", "name": "HQ"}, {"id": "web", "name": "Web"}]})
>>> draft = Draft(org)
>>> [edit.text for edit in apply_action(draft, "move_unit", {"unit": "web", "new_parent": "hq"})]
['unit Web (web) moved under HQ (hq)']
>>> draft.org().units[1].parent
'hq'
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from orgdiag.lexicon import channel_kinds_in, kpi_kinds_in, roles_for
from orgdiag.model import OrgFile, split_ref

Item = dict[str, Any]
Params = dict[str, str | list[str]]

#: How a change touched an element; the after diagram marks each kind in its own colour.
Mark = Literal["added", "removed", "moved", "merged", "changed"]

#: The sections whose items have ids, and what one of their items is called in texts.
ELEMENT_SECTIONS = {"units": "unit", "positions": "position", "channels": "channel", "agencies": "agency"}

#: The KPI an action adds where a channel has none tied to a business goal: a placeholder, named as such.
KPI_TO_DEFINE = "KPI tied to a business goal (to define)"
GOAL_TO_NAME = "business goal (to name)"


class NotApplicable(Exception):
    """An action cannot apply to the organisation as it now is; the message says why."""


@dataclass(frozen=True)
class Edit:
    """One thing a change did to one element."""

    mark: Mark
    element: str
    text: str


class Draft:
    """An organisation being restructured: the org file as plain, mutable data, with look-ups by id."""

    def __init__(self, org: OrgFile):
        self.data: dict[str, Any] = org.model_dump(exclude_defaults=True)  # new containers: the org is not shared
        for section in (*ELEMENT_SECTIONS, "kpis", "budgets", "approvals", "experiments", "links"):
            self.data.setdefault(section, [])

    def org(self) -> OrgFile:
        """The organisation as it now stands, validated."""
        return OrgFile.model_validate(self.data)

    def items(self, section: str) -> list[Item]:
        items: list[Item] = self.data[section]
        return items

    def get(self, section: str, element: str) -> Item | None:
        return next((item for item in self.items(section) if item["id"] == element), None)

    def section_of(self, element: str) -> str | None:
        return next((section for section in ELEMENT_SECTIONS if self.get(section, element)), None)

    def element(self, element: str) -> Item:
        """The unit, position, channel or agency with this id; NotApplicable when there is none."""
        for section in ELEMENT_SECTIONS:
            found = self.get(section, element)
            if found is not None:
                return found
        raise NotApplicable(f"'{element}' is not in the organisation" if element else "no element is named")

    def holder(self, element: str) -> Item:
        """A unit, position or agency: what can own or decide a responsibility."""
        found = self.element(element)
        if self.section_of(element) == "channels":
            raise NotApplicable(f"'{element}' is a channel; only units, positions and agencies hold responsibilities")
        return found

    def label(self, element: str) -> str:
        """``Name (id)`` of an element, or the id alone."""
        section = self.section_of(element)
        if section is None:
            return element
        item = self.element(element)
        return f"{item.get('name') or item.get('title') or element} ({element})"

    def reports(self, position: str) -> list[Item]:
        return [p for p in self.items("positions") if p.get("reports_to") == position]

    def below(self, unit: str) -> set[str]:
        """The unit and every unit under it."""
        found, frontier = {unit}, [unit]
        while frontier:
            parent = frontier.pop()
            children = [u["id"] for u in self.items("units") if u.get("parent") == parent and u["id"] not in found]
            found.update(children)
            frontier.extend(children)
        return found

    def unit_heads(self, unit: str) -> list[str]:
        """Positions in the unit whose manager is not in it."""
        members = {p["id"] for p in self.items("positions") if p.get("unit") == unit}
        return [p["id"] for p in self.items("positions") if p["id"] in members and p.get("reports_to") not in members]

    def new_id(self, base: str) -> str:
        """An id not yet used by any element: ``base``, else ``base-2``, ``base-3``…"""
        taken = {item["id"] for section in ELEMENT_SECTIONS for item in self.items(section)}
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        return candidate


def one(params: Params, name: str) -> str:
    """A parameter as one value (the first of a list)."""
    value = params.get(name, "")
    if isinstance(value, list):
        return value[0] if value else ""
    return value


def many(params: Params, name: str) -> list[str]:
    """A parameter as a list of non-empty values."""
    value = params.get(name, "")
    values = value if isinstance(value, list) else [value]
    return [v for v in values if v]


def _number(params: Params, name: str) -> int:
    text = one(params, name)
    try:
        return int(float(text))
    except ValueError:
        raise NotApplicable(f"'{name}' must be a number, not '{text}'") from None


def _add(item: Item, key: str, value: str) -> bool:
    """Add a value to a list field unless it is there; whether it was added."""
    values = list(item.get(key, ()))
    if value in values:
        return False
    item[key] = [*values, value]
    return True


def _remove(item: Item, key: str, value: str) -> bool:
    values = list(item.get(key, ()))
    if value not in values:
        return False
    item[key] = [v for v in values if v != value]
    return True


def _wanted(ref: str, wanted: list[str]) -> bool:
    """Whether a responsibility ref is one of those wanted: given as refs (``social/kpis``) or words (``strategy``)."""
    return ref in wanted or split_ref(ref)[1] in wanted


def _transfer(draft: Draft, wanted: list[str], sources: list[str], to: str) -> list[Edit]:
    """Move the responsibilities (owned and decided) and KPI ownership that match ``wanted`` from the sources to
    ``to``. NotApplicable when there is nowhere to move them, or nothing to move."""
    if not to:
        raise NotApplicable("there is no one to give it to (the organisation has no head of marketing)")
    target = draft.holder(to)
    edits: list[Edit] = []
    for source in sources:
        if source == to or draft.section_of(source) in (None, "channels"):
            continue
        holder = draft.holder(source)
        moved = []
        for key in ("owns", "decides"):
            for ref in [r for r in holder.get(key, ()) if _wanted(r, wanted)]:
                _remove(holder, key, ref)
                _add(target, key, ref)
                moved.append(ref)
        for kpi in draft.items("kpis"):
            if kpi["owner"] == source and _wanted(f"{kpi['channel']}/kpis", wanted):
                kpi["owner"] = to
                moved.append(f"KPI '{kpi['name']}'")
        if moved:
            listed = ", ".join(dict.fromkeys(moved))
            edits.append(Edit("changed", source, f"{draft.label(source)} hands over {listed}"))
            edits.append(Edit("changed", to, f"{draft.label(to)} takes over {listed} from {draft.label(source)}"))
    if not edits:
        named = ", ".join(sources) or "nobody"
        raise NotApplicable(f"{named} holds none of {', '.join(wanted)} to move to {to}")
    return edits


def move_responsibility(draft: Draft, params: Params) -> list[Edit]:
    """Responsibilities (words like ``strategy`` or refs like ``social/kpis``) move from holders to another."""
    return _transfer(draft, many(params, "responsibility"), many(params, "from"), one(params, "to"))


def split_role(draft: Draft, params: Params) -> list[Edit]:
    """A position keeps its operational duties and hands one kind of responsibility (``move_out``) to another."""
    position = one(params, "position")
    if draft.section_of(position) != "positions":
        raise NotApplicable(f"'{position}' is not a position of the organisation")
    return _transfer(draft, many(params, "move_out"), [position], one(params, "to"))


def assign_responsibility(draft: Draft, params: Params) -> list[Edit]:
    """The first of the named holders becomes the accountable owner of a responsibility."""
    ref, candidates = one(params, "responsibility"), many(params, "to")
    if not candidates:
        raise NotApplicable(f"there is no one to own {ref} (the organisation has no head of marketing)")
    to = candidates[0]
    holder = draft.holder(to)
    if not _add(holder, "owns", ref):
        raise NotApplicable(f"{to} already owns {ref}")
    return [Edit("changed", to, f"{draft.label(to)} owns {ref}")]


def grant_decision_right(draft: Draft, params: Params) -> list[Edit]:
    """A holder is given the decision right over a responsibility on each scope (channel, or ``marcom``)."""
    to, word = one(params, "to"), one(params, "responsibility")
    scopes = many(params, "scope")
    if not scopes:
        raise NotApplicable(f"no channel is named on which {to or 'anyone'} could decide {word}")
    holder = draft.holder(to)
    granted = [f"{scope}/{word}" for scope in scopes if _add(holder, "decides", f"{scope}/{word}")]
    if not granted:
        raise NotApplicable(f"{to} already decides {', '.join(f'{s}/{word}' for s in scopes)}")
    return [Edit("changed", to, f"{draft.label(to)} decides {', '.join(granted)}")]


def add_sponsor(draft: Draft, params: Params) -> list[Edit]:
    """A position in top management becomes the executive sponsor of a scope."""
    return assign_responsibility(draft, {"responsibility": f"{one(params, 'scope')}/sponsor", "to": many(params, "to")})


def move_unit(draft: Draft, params: Params) -> list[Edit]:
    """A unit moves under a new parent; its heads then report to the new parent's head."""
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
    unit["parent"] = parent_id
    edits = [Edit("moved", unit_id, f"unit {draft.label(unit_id)} moved under {draft.label(parent_id)}")]
    new_heads = draft.unit_heads(parent_id)
    if new_heads:
        for head in draft.unit_heads(unit_id):
            position = draft.element(head)
            if position.get("reports_to") != new_heads[0] and new_heads[0] not in _reports_below(draft, head):
                position["reports_to"] = new_heads[0]
                edits.append(Edit("moved", head, f"{draft.label(head)} reports to {draft.label(new_heads[0])}"))
    return edits


def _reports_below(draft: Draft, position: str) -> set[str]:
    """Every position under a position on solid lines."""
    found, frontier = set(), [position]
    while frontier:
        for report in draft.reports(frontier.pop()):
            if report["id"] not in found:
                found.add(report["id"])
                frontier.append(report["id"])
    return found


def merge_units(draft: Draft, params: Params) -> list[Edit]:
    """Units are merged into one: their positions, channels, sub-units, agencies, responsibilities and links move
    to it and they are removed. An ``accept:`` on a merged unit is dropped with it, and the change says so."""
    into = one(params, "into")
    if not into or draft.get("units", into) is None:
        raise NotApplicable(f"there is no unit to merge into{f' (no unit {into!r})' if into else ''}")
    merged = [u for u in many(params, "units") if u != into and draft.get("units", u) is not None]
    if not merged:
        raise NotApplicable(f"nothing to merge into {into}: {', '.join(many(params, 'units')) or 'no unit'} named")
    edits: list[Edit] = []
    for unit_id in merged:
        edits += _merge_one(draft, unit_id, into)
    return edits


def _merge_one(draft: Draft, unit_id: str, into: str) -> list[Edit]:
    unit, target = draft.element(unit_id), draft.element(into)
    label = draft.label(unit_id)
    for child in draft.items("units"):
        if child.get("parent") == unit_id:
            child["parent"] = unit.get("parent") if child["id"] == into else into
    for position in draft.items("positions"):
        if position.get("unit") == unit_id:
            position["unit"] = into
    for channel in draft.items("channels"):
        if channel["owner"] == unit_id:
            channel["owner"] = into
    for agency in draft.items("agencies"):
        if agency["contracted_by"] == unit_id:
            agency["contracted_by"] = into
    _absorb(draft, "units", unit, target, ("owns", "decides", "takes_part"))
    text = f"unit {label} merged into {draft.label(into)}"
    if unit.get("accept"):
        text += f" (its accept of {', '.join(a['rule'] for a in unit['accept'])} no longer applies)"
    return [Edit("removed", unit_id, text), Edit("merged", into, text)]


def _absorb(draft: Draft, section: str, item: Item, target: Item, keys: tuple[str, ...]) -> None:
    """``target`` takes over the item's lists under ``keys`` and every reference to it; the item goes."""
    for key in keys:
        for value in item.get(key, ()):
            _add(target, key, value)
    _repoint(draft, item["id"], target["id"])
    draft.items(section).remove(item)


def _repoint(draft: Draft, old: str, new: str) -> None:
    """References to a unit or agency that is going away (KPI, budget and experiment owners, links) now point to
    the element replacing it; a link of an element to itself, or a second link of the same kind, is dropped."""
    for section in ("kpis", "budgets", "experiments"):
        for item in draft.items(section):
            if item["owner"] == old:
                item["owner"] = new
    links: list[Item] = []
    for link in draft.items("links"):
        between = [new if end == old else end for end in link["between"]]
        if between[0] != between[1] and not any(_same_link(kept, link["kind"], between) for kept in links):
            links.append({**link, "between": between})
    draft.data["links"] = links


def _same_link(link: Item, kind: str, between: list[str]) -> bool:
    return bool(link["kind"] == kind and sorted(link["between"]) == sorted(between))


def add_link(draft: Draft, params: Params) -> list[Edit]:
    """A collaboration or coordination link between two units, positions or agencies."""
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


def consolidate_agencies(draft: Draft, params: Params) -> list[Edit]:
    """Agencies come under one roof: into a unit (a lead-agency model: marketing contracts and briefs them), or
    merged into one agency (which takes over what they serve and hold)."""
    into = one(params, "into")
    if not into:
        raise NotApplicable("there is no marketing unit to contract the agencies")
    agencies = [a for a in many(params, "agencies") if a != into and draft.get("agencies", a) is not None]
    if not agencies:
        raise NotApplicable(
            f"none of {', '.join(many(params, 'agencies')) or 'the agencies'} is an agency to consolidate"
        )
    if draft.section_of(into) == "units":
        return _contract_from(draft, agencies, into)
    if draft.section_of(into) == "agencies":
        return [edit for agency in agencies for edit in _merge_agency(draft, agency, into)]
    raise NotApplicable(f"'{into}' is neither a unit nor an agency")


def _contract_from(draft: Draft, agencies: list[str], unit: str) -> list[Edit]:
    edits = []
    for agency_id in agencies:
        agency = draft.element(agency_id)
        if agency["contracted_by"] != unit:
            agency["contracted_by"] = unit
            edits.append(Edit("moved", agency_id, f"{draft.label(agency_id)} is contracted by {draft.label(unit)}"))
    if not edits:
        raise NotApplicable(f"{', '.join(agencies)} already contracted by {unit}")
    return edits


def _merge_agency(draft: Draft, agency_id: str, into: str) -> list[Edit]:
    agency, target = draft.element(agency_id), draft.element(into)
    _absorb(draft, "agencies", agency, target, ("serves", "owns", "decides"))
    text = f"{draft.label(into)} takes over the work of agency {agency['name']} ({agency_id})"
    return [Edit("removed", agency_id, text), Edit("merged", into, text)]


def retitle_position(draft: Draft, params: Params) -> list[Edit]:
    """A position gets a title that says what it does."""
    position_id, title = one(params, "position"), one(params, "title")
    position = draft.get("positions", position_id)
    if position is None:
        raise NotApplicable(f"'{position_id}' is not a position of the organisation")
    if position["title"] == title:
        raise NotApplicable(f"{position_id} is already titled {title}")
    old = position["title"]
    position["title"] = title
    return [Edit("changed", position_id, f"{old} ({position_id}) retitled {title}")]


def reassign_approval(draft: Draft, params: Params) -> list[Edit]:
    """Approvers leave a channel's approval chains (a chain left empty goes) and lose their decision rights over
    its approval and publishing; the channel's own people (``to``) decide what is published, within the
    strategy's frame."""
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
    draft.data["approvals"] = kept
    for approver in sorted(removed):
        if draft.section_of(approver) in ("positions", "units", "agencies"):
            holder = draft.holder(approver)
            dropped = [
                f"{channel}/{w}" for w in ("approval", "publishing") if _remove(holder, "decides", f"{channel}/{w}")
            ]
            if dropped:
                edits.append(
                    Edit("changed", approver, f"{draft.label(approver)} no longer decides {', '.join(dropped)}")
                )
    if not edits:
        raise NotApplicable(f"{', '.join(sorted(removed)) or 'nobody'} approves {channel}")
    if to and _add(draft.holder(to), "decides", f"{channel}/publishing"):
        edits.append(Edit("changed", to, f"{draft.label(to)} decides {channel}/publishing"))
    return edits


def _kpis_of(draft: Draft, channel: str) -> list[Item]:
    return [k for k in draft.items("kpis") if k["channel"] == channel]


def _drop_kpis(draft: Draft, dropped: list[Item]) -> None:
    draft.data["kpis"] = [k for k in draft.items("kpis") if not any(k is d for d in dropped)]


def _business(kpi: Item) -> bool:
    return bool(kpi.get("goal")) and "vanity" not in kpi_kinds_in(kpi["name"])


def _add_kpi_to_define(draft: Draft, channel: str, owner: str) -> list[Edit]:
    """The placeholder KPI, for the organisation to define, owned by ``owner``."""
    draft.items("kpis").append({"name": KPI_TO_DEFINE, "channel": channel, "owner": owner, "goal": GOAL_TO_NAME})
    return [Edit("changed", channel, f"{channel} gets a KPI tied to a business goal, to define, owned by {owner}")]


def define_kpis(draft: Draft, params: Params) -> list[Edit]:
    """A channel without success criteria gets a KPI tied to a business goal (a placeholder to define)."""
    channel_id = one(params, "channel")
    channel = draft.get("channels", channel_id)
    if channel is None:
        raise NotApplicable(f"'{channel_id}' is not a channel of the organisation")
    if any(_business(kpi) for kpi in _kpis_of(draft, channel_id)):
        raise NotApplicable(f"{channel_id} already has a KPI tied to a business goal")
    owner = one(params, "owner") or channel["owner"]
    draft.holder(owner)
    return _add_kpi_to_define(draft, channel_id, owner)


def replace_kpis(draft: Draft, params: Params) -> list[Edit]:
    """The named KPIs of a channel go; if none tied to a business goal is left, one (to define) takes their place."""
    channel, names = one(params, "channel"), set(many(params, "kpis"))
    gone = [k for k in _kpis_of(draft, channel) if k["name"] in names]
    if not gone:
        raise NotApplicable(f"{channel} has none of the KPIs {', '.join(sorted(names)) or '(none named)'}")
    _drop_kpis(draft, gone)
    edits = [Edit("changed", channel, f"{channel} drops the KPIs {', '.join(k['name'] for k in gone)}")]
    if not any(_business(kpi) for kpi in _kpis_of(draft, channel)):
        edits += _add_kpi_to_define(draft, channel, gone[0]["owner"])
    return edits


def trim_kpis(draft: Draft, params: Params) -> list[Edit]:
    """A channel keeps at most ``keep`` KPIs: those tied to a business goal first, in the file's order."""
    channel, keep = one(params, "channel"), _number(params, "keep")
    kpis = _kpis_of(draft, channel)
    if len(kpis) <= keep:
        raise NotApplicable(f"{channel} has {len(kpis)} KPIs, no more than {keep}")
    ranked = sorted(kpis, key=lambda kpi: not _business(kpi))
    dropped = ranked[keep:]
    _drop_kpis(draft, dropped)
    return [Edit("changed", channel, f"{channel} keeps {keep} KPIs and drops {', '.join(k['name'] for k in dropped)}")]


def attach_budget(draft: Draft, params: Params) -> list[Edit]:
    """The holder of a channel's ROI target is also given its budget to invest."""
    channel, to = one(params, "channel"), one(params, "to")
    draft.element(channel)
    holder = draft.holder(to)
    if not _add(holder, "owns", f"{channel}/budget"):
        raise NotApplicable(f"{to} already owns {channel}/budget")
    return [Edit("changed", to, f"{draft.label(to)} owns {channel}/budget: the investment behind its ROI target")]


def _customer_service_unit(draft: Draft, unit: Item) -> bool:
    owns_service = any(c["owner"] == unit["id"] and c["kind"] == "customer-service" for c in draft.items("channels"))
    return owns_service or "customer-service" in channel_kinds_in(unit["name"])


def _expert_unit(draft: Draft, unit: Item) -> bool:
    members = [p for p in draft.items("positions") if p.get("unit") == unit["id"]]
    return any("technical-expert" in _roles(p) for p in members)


def involve_voices(draft: Draft, params: Params) -> list[Edit]:
    """Hub and spoke: customer service (or, without one, the experts' units) takes part in the channels, coached
    from marketing (``coach``'s unit and below, which already speak on them)."""
    channels = many(params, "channel")
    coach = one(params, "coach")
    marketing = draft.below(draft.element(coach).get("unit") or "") if coach else set()
    outside = [u for u in draft.items("units") if u["id"] not in marketing]
    voices = [u for u in outside if _customer_service_unit(draft, u)] or [u for u in outside if _expert_unit(draft, u)]
    edits: list[Edit] = []
    for channel in channels:
        owner = draft.element(channel)["owner"]
        for unit in voices:
            if unit["id"] != owner and _add(unit, "takes_part", channel):
                edits.append(Edit("changed", unit["id"], f"{draft.label(unit['id'])} takes part on {channel}"))
    if not edits:
        what = "no customer-service or expert unit outside marketing" if not voices else "they already take part"
        raise NotApplicable(f"no new voices for {', '.join(channels) or 'no channel'}: {what}")
    if coach:
        edits.append(Edit("changed", coach, f"{draft.label(coach)} coaches them"))
    return edits


def change_reporting(draft: Draft, params: Params) -> list[Edit]:
    """A position reports to another manager."""
    position_id, manager = one(params, "position"), one(params, "reports_to")
    position = draft.get("positions", position_id)
    if position is None or draft.get("positions", manager) is None:
        raise NotApplicable(f"'{position_id if position is None else manager}' is not a position of the organisation")
    if position.get("reports_to") == manager:
        raise NotApplicable(f"{position_id} already reports to {manager}")
    if manager == position_id or manager in _reports_below(draft, position_id):
        raise NotApplicable(f"{manager} is {position_id} itself or reports to it: a reporting cycle")
    position["reports_to"] = manager
    _remove(position, "dotted_to", manager)  # the file may not name a manager twice
    return [Edit("moved", position_id, f"{draft.label(position_id)} reports to {draft.label(manager)}")]


def add_position(draft: Draft, params: Params) -> list[Edit]:
    """A new, vacant post in a unit, reporting to a manager."""
    unit, title, manager = one(params, "unit"), one(params, "title"), one(params, "reports_to")
    if draft.get("units", unit) is None:
        raise NotApplicable(f"'{unit}' is not a unit of the organisation")
    if manager and draft.get("positions", manager) is None:
        raise NotApplicable(f"'{manager}' is not a position of the organisation")
    return [_new_post(draft, f"{unit}-{_slug(title)}", title, unit, manager)]


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "post"


def _new_post(draft: Draft, base: str, title: str, unit: str | None, manager: str | None) -> Edit:
    post: Item = {"id": draft.new_id(base), "title": title, "vacant": True}
    if unit:
        post["unit"] = unit
    if manager:
        post["reports_to"] = manager
    draft.items("positions").append(post)
    where = f" in {draft.label(unit)}" if unit else ""
    above = f", reporting to {manager}" if manager else ""
    return Edit("added", post["id"], f"new post {title} ({post['id']}){where}, vacant{above}")


def remove_layer(draft: Draft, params: Params) -> list[Edit]:
    """A manager's direct reports move up to the manager's own manager; the post stays, without a team.

    Not for executives and heads of marketing (their team grows as units join them), nor for the head of a
    unit with people in it: the unit would be left without a head, and whether to merge it is for people to
    decide.
    """
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
    if _roles(position) & {"executive", "head-of-marketing"}:
        raise NotApplicable(f"{position_id} leads at the top: widen its scope rather than remove its team")
    unit = position.get("unit")
    if unit and position_id in draft.unit_heads(unit) and any(r.get("unit") == unit for r in reports):
        raise NotApplicable(
            f"{position_id} heads {unit}: merging the unit into the one above, or widening the role, is for people "
            "to decide"
        )
    for report in reports:
        report["reports_to"] = manager
        _remove(report, "dotted_to", manager)
    moved = ", ".join(r["id"] for r in reports)
    return [
        *(Edit("moved", r["id"], f"{draft.label(r['id'])} reports to {draft.label(manager)}") for r in reports),
        Edit("changed", position_id, f"{draft.label(position_id)} no longer manages {moved}"),
    ]


def split_team(draft: Draft, params: Params) -> list[Edit]:
    """A manager's direct reports are split, in file order, among new team-lead posts reporting to the manager:
    one more lead than the span allows for, so that each team and the manager's own span are well within it."""
    position_id, max_span = one(params, "position"), max(_number(params, "max_span"), 1)
    position = draft.get("positions", position_id)
    if position is None:
        raise NotApplicable(f"'{position_id}' is not a position of the organisation")
    reports = draft.reports(position_id)
    if len(reports) <= max_span:
        raise NotApplicable(f"{position_id} has {len(reports)} direct reports, no more than {max_span}")
    teams = min(math.ceil(len(reports) / max_span) + 1, len(reports))
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


def add_deputy(draft: Draft, params: Params) -> list[Edit]:
    """A second person for the channels one position holds alone: its first direct report, else a colleague in its
    unit, else a new vacant deputy post; the deputy decides what is published on them."""
    position_id, channels = one(params, "position"), many(params, "channels")
    position = draft.get("positions", position_id)
    if position is None:
        raise NotApplicable(f"'{position_id}' is not a position of the organisation")
    if not channels:
        raise NotApplicable(f"{position_id} holds no channel alone")
    colleagues = [p for p in draft.items("positions") if p.get("unit") == position.get("unit") and p is not position]
    candidates = draft.reports(position_id) or [p for p in colleagues if not p.get("vacant")]
    edits: list[Edit] = []
    if candidates:
        deputy = candidates[0]["id"]
    else:
        edits.append(
            _new_post(draft, f"{position_id}-deputy", f"Deputy {position['title']}", position.get("unit"), position_id)
        )
        deputy = edits[-1].element
    granted = [f"{c}/publishing" for c in channels if _add(draft.element(deputy), "decides", f"{c}/publishing")]
    if not granted:
        raise NotApplicable(f"{deputy} already decides publishing on {', '.join(channels)}")
    edits.append(
        Edit("changed", deputy, f"{draft.label(deputy)} deputises for {position_id}: decides {', '.join(granted)}")
    )
    return edits


def assign_agency_contacts(draft: Draft, params: Params) -> list[Edit]:
    """Each agency whose contact is the one named gets a contact in the channel it serves, where the channel has
    one of its own: a position holding one of its responsibilities, else one whose title names its kind."""
    contact = one(params, "contact")
    edits = []
    for agency in draft.items("agencies"):
        if agency.get("contact") != contact:
            continue
        people = [p for channel in agency.get("serves", ()) for p in _channel_people(draft, channel) if p != contact]
        own = people[0] if people else None
        if own:
            agency["contact"] = own
            edits.append(Edit("changed", agency["id"], f"{draft.label(agency['id'])}'s contact is {draft.label(own)}"))
    if not edits:
        raise NotApplicable(f"no channel served by an agency of {contact} has a person of its own to be its contact")
    return edits


def _channel_people(draft: Draft, channel_id: str) -> list[str]:
    """Positions in post that hold one of the channel's responsibilities, then those whose title names its kind."""
    channel = draft.get("channels", channel_id)
    if channel is None:
        return []
    in_post = [p for p in draft.items("positions") if not p.get("vacant")]
    holders = [
        p["id"]
        for p in in_post
        if any(split_ref(r)[0] == channel_id for key in ("owns", "decides") for r in p.get(key, ()))
    ]
    named = [p["id"] for p in in_post if channel["kind"] in channel_kinds_in(p["title"])]
    return list(dict.fromkeys(holders + named))


def appoint_head_of_marketing(draft: Draft, params: Params) -> list[Edit]:
    """Where nobody leads marketing, a new (vacant) head-of-marketing post in a new marketing unit under ``unit``,
    reporting to ``reports_to``."""
    heads = [p["id"] for p in draft.items("positions") if "head-of-marketing" in _roles(p)]
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


def _roles(position: Item) -> frozenset[str]:
    return roles_for(position.get("role"), position["title"])


def fix_data(draft: Draft, params: Params) -> list[Edit]:
    """Advice: the data is wrong or missing where it comes from (the file or the HR system); only its owner can
    fix it."""
    raise NotApplicable(
        f"the data must be fixed where it comes from ({one(params, 'problem')}: {', '.join(many(params, 'element'))})"
    )


def review_design(draft: Draft, params: Params) -> list[Edit]:
    """Advice: a design question (spans, layers) across a part of the organisation, for people to answer."""
    raise NotApplicable(
        f"a design review of {one(params, 'topic')} in {one(params, 'scope') or 'the organisation'}, for people to make"
    )


Action = Callable[[Draft, Params], list[Edit]]


@dataclass(frozen=True)
class ActionSpec:
    params: tuple[str, ...]
    apply: Action
    #: advice for people, never a change to the organisation
    advisory: bool = False


#: Every action a suggestion may name: its parameters and what it does.
ACTIONS: dict[str, ActionSpec] = {
    "move_responsibility": ActionSpec(("responsibility", "from", "to"), move_responsibility),
    "assign_responsibility": ActionSpec(("responsibility", "to"), assign_responsibility),
    "grant_decision_right": ActionSpec(("scope", "responsibility", "to"), grant_decision_right),
    "move_unit": ActionSpec(("unit", "new_parent"), move_unit),
    "merge_units": ActionSpec(("units", "into"), merge_units),
    "add_link": ActionSpec(("kind", "between"), add_link),
    "split_role": ActionSpec(("position", "move_out", "to"), split_role),
    "consolidate_agencies": ActionSpec(("agencies", "into"), consolidate_agencies),
    "retitle_position": ActionSpec(("position", "title"), retitle_position),
    "add_sponsor": ActionSpec(("scope", "to"), add_sponsor),
    "reassign_approval": ActionSpec(("channel", "from", "to"), reassign_approval),
    "define_kpis": ActionSpec(("channel", "owner"), define_kpis),
    "replace_kpis": ActionSpec(("channel", "kpis"), replace_kpis),
    "trim_kpis": ActionSpec(("channel", "keep"), trim_kpis),
    "attach_budget": ActionSpec(("channel", "to"), attach_budget),
    "involve_voices": ActionSpec(("channel", "coach"), involve_voices),
    "change_reporting": ActionSpec(("position", "reports_to"), change_reporting),
    "add_position": ActionSpec(("unit", "title", "reports_to"), add_position),
    "remove_layer": ActionSpec(("position",), remove_layer),
    "split_team": ActionSpec(("position", "max_span"), split_team),
    "add_deputy": ActionSpec(("position", "channels"), add_deputy),
    "assign_agency_contacts": ActionSpec(("contact",), assign_agency_contacts),
    "appoint_head_of_marketing": ActionSpec(("unit", "reports_to"), appoint_head_of_marketing),
    "fix_data": ActionSpec(("element", "problem"), fix_data, advisory=True),
    "review_design": ActionSpec(("scope", "topic"), review_design, advisory=True),
}


def apply_action(draft: Draft, action: str, params: Params) -> list[Edit]:
    """Apply one action to the draft, or raise NotApplicable and leave the draft as it was."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise NotApplicable(f"unknown action '{action}'")
    saved = copy.deepcopy(draft.data)
    try:
        return spec.apply(draft, params)
    except NotApplicable:
        draft.data = saved
        raise
