"""The actions that are advice only: they need data or a judgement only the organisation has, and never change
anything."""

from __future__ import annotations

from orgdiag.restructuring.actions.registry import carries_out
from orgdiag.restructuring.draft import Draft, Edit, NotApplicable, Params, many, one


@carries_out("fix_data")
def fix_data(draft: Draft, params: Params) -> list[Edit]:
    raise NotApplicable(
        f"{one(params, 'problem')} ({', '.join(many(params, 'element'))}): for people to resolve where it arises; "
        "no change to the structure does it"
    )


@carries_out("review_design")
def review_design(draft: Draft, params: Params) -> list[Edit]:
    raise NotApplicable(
        f"a design review of {one(params, 'topic')} in {one(params, 'scope') or 'the organisation'}, for people to make"
    )
