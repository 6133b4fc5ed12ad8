"""Actions that move who owns and who decides a responsibility."""

from __future__ import annotations

from orgdiag.model import AREAS, split_ref
from orgdiag.restructuring.actions.registry import carries_out
from orgdiag.restructuring.draft import Draft, Edit, NotApplicable, Params, add_value, many, one, remove_value


def _wanted(ref: str, wanted: list[str]) -> bool:
    """Whether a responsibility ref is one of those wanted: given as refs (``social/kpis``) or words (``strategy``).
    A word names the responsibility on the channels and marcom only: an area beyond the channels (``partnerships``)
    is not marketing's, and moves only when its ref is named.

    >>> _wanted("social/strategy", ["strategy"]), _wanted("partnerships/strategy", ["strategy"])
    (True, False)
    """
    scope, word = split_ref(ref)
    return ref in wanted or (word in wanted and scope not in AREAS)


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
                remove_value(holder, key, ref)
                add_value(target, key, ref)
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


@carries_out("move_responsibility")
def move_responsibility(draft: Draft, params: Params) -> list[Edit]:
    return _transfer(draft, many(params, "responsibility"), many(params, "from"), one(params, "to"))


@carries_out("split_role")
def split_role(draft: Draft, params: Params) -> list[Edit]:
    position = one(params, "position")
    if draft.section_of(position) != "positions":
        raise NotApplicable(f"'{position}' is not a position of the organisation")
    return _transfer(draft, many(params, "move_out"), [position], one(params, "to"))


@carries_out("assign_responsibility")
def assign_responsibility(draft: Draft, params: Params) -> list[Edit]:
    ref, candidates = one(params, "responsibility"), many(params, "to")
    if not candidates:
        raise NotApplicable(f"there is no one to own {ref} (the organisation has no head of marketing)")
    to = candidates[0]
    holder = draft.holder(to)
    if not add_value(holder, "owns", ref):
        raise NotApplicable(f"{to} already owns {ref}")
    return [Edit("changed", to, f"{draft.label(to)} owns {ref}")]


@carries_out("grant_decision_right")
def grant_decision_right(draft: Draft, params: Params) -> list[Edit]:
    to, word = one(params, "to"), one(params, "responsibility")
    scopes = many(params, "scope")
    if not scopes:
        raise NotApplicable(f"no channel is named on which {to or 'anyone'} could decide {word}")
    holder = draft.holder(to)
    granted = [f"{scope}/{word}" for scope in scopes if add_value(holder, "decides", f"{scope}/{word}")]
    if not granted:
        raise NotApplicable(f"{to} already decides {', '.join(f'{s}/{word}' for s in scopes)}")
    return [Edit("changed", to, f"{draft.label(to)} decides {', '.join(granted)}")]


@carries_out("add_sponsor")
def add_sponsor(draft: Draft, params: Params) -> list[Edit]:
    return assign_responsibility(draft, {"responsibility": f"{one(params, 'scope')}/sponsor", "to": many(params, "to")})
