"""The restructuring actions: each a change to an organisation, with its preconditions checked.

A rule's suggestion names an action and fills its parameters from what it matched
(``move_unit {unit: ehandel, new_parent: marknad}``). Each action here works on a
:class:`Draft` (the org file as plain data) and either changes it and says what it
did (a list of :class:`Edit`), or raises :class:`NotApplicable` with the reason and
leaves it as it was: its subject is gone, another change already did it, or the
organisation lacks what it needs (no head of marketing to move strategy to).

Two actions are advice only (``fix_data``, ``review_design``): they need data or a
judgement only the organisation has, and never change anything.

What each action takes and does is declared in :data:`orgdiag.findings.ACTIONS`, where rules and their
docs read it; this package carries them out, grouped by what they change.

>>> from orgdiag.model import OrgFile
>>> from orgdiag.restructure.draft import Draft
>>> org = OrgFile.model_validate({"organisation": {"name": "X"},
...     "units": [{"id": "hq", "name": "HQ"}, {"id": "web", "name": "Web"}]})
>>> draft = Draft(org)
>>> [edit.text for edit in apply_action(draft, "move_unit", {"unit": "web", "new_parent": "hq"})]
['unit Web (web) moved under HQ (hq)']
>>> draft.org().units[1].parent
'hq'
"""

from __future__ import annotations

from collections.abc import Callable

from orgdiag.findings import ACTIONS
from orgdiag.restructure.actions.agencies import assign_agency_contacts, consolidate_agencies
from orgdiag.restructure.actions.channels import (
    attach_budget,
    define_kpis,
    involve_voices,
    reassign_approval,
    replace_kpis,
    trim_kpis,
)
from orgdiag.restructure.actions.positions import (
    add_deputy,
    add_position,
    appoint_head_of_marketing,
    change_reporting,
    remove_layer,
    retitle_position,
    split_team,
)
from orgdiag.restructure.actions.responsibilities import (
    add_sponsor,
    assign_responsibility,
    grant_decision_right,
    move_responsibility,
    split_role,
)
from orgdiag.restructure.actions.units import add_link, merge_units, move_unit
from orgdiag.restructure.draft import Draft, Edit, NotApplicable, Params, many, one


def fix_data(draft: Draft, params: Params) -> list[Edit]:
    raise NotApplicable(
        f"{one(params, 'problem')} ({', '.join(many(params, 'element'))}): for people to resolve where it arises; "
        "no change to the structure does it"
    )


def review_design(draft: Draft, params: Params) -> list[Edit]:
    raise NotApplicable(
        f"a design review of {one(params, 'topic')} in {one(params, 'scope') or 'the organisation'}, for people to make"
    )


Action = Callable[[Draft, Params], list[Edit]]

#: What carries out each action of :data:`orgdiag.findings.ACTIONS`.
IMPLEMENTATIONS: dict[str, Action] = {
    "move_responsibility": move_responsibility,
    "assign_responsibility": assign_responsibility,
    "grant_decision_right": grant_decision_right,
    "move_unit": move_unit,
    "merge_units": merge_units,
    "add_link": add_link,
    "split_role": split_role,
    "consolidate_agencies": consolidate_agencies,
    "retitle_position": retitle_position,
    "add_sponsor": add_sponsor,
    "reassign_approval": reassign_approval,
    "define_kpis": define_kpis,
    "replace_kpis": replace_kpis,
    "trim_kpis": trim_kpis,
    "attach_budget": attach_budget,
    "involve_voices": involve_voices,
    "change_reporting": change_reporting,
    "add_position": add_position,
    "remove_layer": remove_layer,
    "split_team": split_team,
    "add_deputy": add_deputy,
    "assign_agency_contacts": assign_agency_contacts,
    "appoint_head_of_marketing": appoint_head_of_marketing,
    "fix_data": fix_data,
    "review_design": review_design,
}


def refuse_abolished(draft: Draft, params: Params) -> None:
    """No change touches an abolished post: it is history, not part of the organisation to change."""
    for value in params.values():
        for element in [value] if isinstance(value, str) else value:
            position = draft.get("positions", element)
            if position is not None and position.get("abolished"):
                raise NotApplicable(f"{element} is an abolished post: no change touches it")


def apply_action(draft: Draft, action: str, params: Params) -> list[Edit]:
    """Apply one action to the draft, or raise NotApplicable and leave the draft as it was."""
    apply = IMPLEMENTATIONS.get(action)
    if apply is None or action not in ACTIONS:
        raise NotApplicable(f"unknown action '{action}'")
    refuse_abolished(draft, params)
    with draft.attempt():
        return apply(draft, params)
