"""Where each action's implementation registers, against the action declared in
:data:`orgdiag.findings.ACTIONS`: an implementation of an undeclared action, or a second one of an action, is
refused as the module defining it is imported.

>>> @carries_out("no_such_action")
... def no_such_action(draft: Draft, params: Params) -> list[Edit]:
...     return []
Traceback (most recent call last):
...
TypeError: no_such_action carries out 'no_such_action', which orgdiag.findings.ACTIONS does not declare
"""

from __future__ import annotations

from collections.abc import Callable

from orgdiag.findings import ACTIONS
from orgdiag.restructuring.draft import Draft, Edit, Params

Action = Callable[[Draft, Params], list[Edit]]

#: What carries out each action of :data:`orgdiag.findings.ACTIONS`, filled as the modules of
#: :mod:`orgdiag.restructuring.actions` are imported.
IMPLEMENTATIONS: dict[str, Action] = {}


def carries_out(action: str) -> Callable[[Action], Action]:
    """Register the decorated function as what carries out the declared `action`."""

    def register(implementation: Action) -> Action:
        if action not in ACTIONS:
            raise TypeError(
                f"{implementation.__name__} carries out '{action}', which orgdiag.findings.ACTIONS does not declare"
            )
        if action in IMPLEMENTATIONS:
            raise TypeError(
                f"'{action}' is carried out twice: by {IMPLEMENTATIONS[action].__name__} and by "
                f"{implementation.__name__}"
            )
        IMPLEMENTATIONS[action] = implementation
        return implementation

    return register
