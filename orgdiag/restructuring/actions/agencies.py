"""Actions on agencies: consolidate them under one contract, give each a contact who knows its channels."""

from __future__ import annotations

from orgdiag.model import split_ref
from orgdiag.model.lexicon import channel_kinds_in
from orgdiag.naming import element_label
from orgdiag.restructuring.actions.registry import carries_out
from orgdiag.restructuring.actions.units import absorb
from orgdiag.restructuring.draft import Draft, Edit, NotApplicable, Params, many, one


@carries_out("consolidate_agencies")
def consolidate_agencies(draft: Draft, params: Params) -> list[Edit]:
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
    absorb(draft, "agencies", agency, target, ("serves", "owns", "decides"))
    text = f"{draft.label(into)} takes over the work of agency {element_label(agency['name'], agency_id)}"
    return [Edit("removed", agency_id, text), Edit("merged", into, text)]


@carries_out("assign_agency_contacts")
def assign_agency_contacts(draft: Draft, params: Params) -> list[Edit]:
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
