"""The restructuring actions: each a change to an organisation, with its preconditions checked.

A rule's suggestion names an action and fills its parameters from what it matched
(``move_unit {unit: ehandel, new_parent: marknad}``). Each action here works on a
:class:`Draft` (the org file as plain data) and either changes it and says what it
did (a list of :class:`Edit`), or raises :class:`NotApplicable` with the reason and
leaves it as it was: its subject is gone, another change already did it, or the
organisation lacks what it needs (no head of marketing to move strategy to).

Two actions are advice only (``fix_data``, ``review_design``): they need data or a
judgement only the organisation has, and never change anything.

What each action takes and does is declared once, in :data:`orgdiag.findings.ACTIONS`, where rules and their
docs read it; this package carries them out, grouped by what they change, each implementation registering
against its declared name (:func:`~orgdiag.restructuring.actions.registry.carries_out`).

>>> from orgdiag.model import OrgFile
>>> from orgdiag.restructuring.draft import Draft
>>> org = OrgFile.model_validate({"organisation": {"name": "X"},
...     "units": [{"id": "hq", "name": "HQ"}, {"id": "web", "name": "Web"}]})
>>> draft = Draft(org)
>>> [edit.text for edit in apply_action(draft, "move_unit", {"unit": "web", "new_parent": "hq"})]
['unit Web (web) moved under HQ (hq)']
>>> draft.org().units[1].parent
'hq'
"""

from __future__ import annotations

from orgdiag.findings import ACTIONS
from orgdiag.restructuring.actions import advice, agencies, channels, positions, responsibilities, units
from orgdiag.restructuring.actions.registry import IMPLEMENTATIONS
from orgdiag.restructuring.draft import Draft, Edit, NotApplicable, Params, Refused

#: The modules of the actions, each grouping those that change one kind of thing; importing them registers their
#: implementations in :data:`IMPLEMENTATIONS`.
GROUPS = (responsibilities, units, agencies, channels, positions, advice)

__all__ = ["GROUPS", "IMPLEMENTATIONS", "apply_action", "refuse_abolished"]


def refuse_abolished(draft: Draft, params: Params) -> None:
    """No change touches an abolished post: it is history, not part of the organisation to change."""
    for value in params.values():
        for element in [value] if isinstance(value, str) else value:
            position = draft.get("positions", element)
            if position is not None and position.get("abolished"):
                raise Refused(f"{element} is an abolished post: no change touches it")


def apply_action(draft: Draft, action: str, params: Params, keep: bool = True) -> list[Edit]:
    """Apply one action to the draft, or raise NotApplicable and leave the draft as it was. Without ``keep`` it is
    a rehearsal: what it would do is said, and undone."""
    apply = IMPLEMENTATIONS.get(action)
    if apply is None or action not in ACTIONS:
        raise NotApplicable(f"unknown action '{action}'")
    refuse_abolished(draft, params)
    with draft.attempt(keep):
        return apply(draft, params)
