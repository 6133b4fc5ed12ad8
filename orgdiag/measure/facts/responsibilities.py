"""`responsibility` facts: the owners, silos and deciders of each responsibility."""

from __future__ import annotations

import functools

from orgdiag.measure.facts.context import COMMON_FIELDS, SETTING_FIELDS, Fact, OrgContext, in_unit_tree, label
from orgdiag.model import AREAS, MARCOM

#: The fields of a `responsibility` fact, with what each means.
RESPONSIBILITY_FIELDS: dict[str, str] = {
    **COMMON_FIELDS,
    "ref": "the responsibility, `SCOPE/RESPONSIBILITY`",
    "name": "the same",
    "scope": "a channel id, `marcom`, or an area beyond the channels (`partnerships` …)",
    "responsibility": "the responsibility word (strategy, content, …)",
    "subject": (
        "the element a finding about it concerns: the channel; for marcom the head of marketing; for an area beyond "
        "the channels its first accountable owner, else its first decider"
    ),
    "steward": (
        "who a suggestion gives it to: the head of marketing for a channel or marcom responsibility (empty without "
        "one); for an area beyond the channels, which is not marketing's, the subject"
    ),
    "steward_label": 'it as a text names it ("a head of marketing (to be appointed)" where there is none)',
    "owners": "distinct accountable owners (a unit and positions in it count once)",
    "owner_ids": "their ids",
    "silos": "separate units holding it (a unit and a unit below it count once)",
    "silo_ids": "those units",
    "deciders": "holders of its decision right",
    "decider_ids": "their ids",
    **SETTING_FIELDS,
}


def responsibility_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per responsibility someone owns or decides: who is accountable, in how many silos, who decides."""
    index, attrs = ctx.index, ctx.attrs
    facts = []
    for node in index.of_type("responsibility"):
        scope = attrs[node]["scope"]
        owners = index.sources(node, "owns")
        accountable = [o for o in owners if not (attrs[o]["type"] == "unit" and _has_member_among(ctx, o, owners))]
        silos = _outermost(ctx, {home for home in map(functools.partial(_home_unit, ctx), owners) if home})
        deciders = index.sources(node, "decides")
        if scope in AREAS:
            subject = next(iter([*accountable, *deciders]), "")
            steward, steward_label = subject, label(ctx.g, subject, "")
        else:
            subject = scope if scope != MARCOM else ctx.head_of_marketing or ctx.top_unit or ""
            steward, steward_label = ctx.head_of_marketing or "", ctx.marketing_fields["head_of_marketing_label"]
        facts.append(
            {
                "t": "responsibility",
                "ref": attrs[node]["name"],
                "name": attrs[node]["name"],
                "scope": scope,
                "responsibility": attrs[node]["responsibility"],
                "subject": subject,
                "steward": steward,
                "steward_label": steward_label,
                "owners": len(accountable),
                "owner_ids": accountable,
                "silos": len(silos),
                "silo_ids": silos,
                "deciders": len(deciders),
                "decider_ids": deciders,
                **ctx.setting(
                    ctx.marketing_unit if scope == MARCOM else None if scope in AREAS else ctx.unit_of.get(scope)
                ),
            }
        )
    return facts


def _has_member_among(ctx: OrgContext, unit: str, holders: list[str]) -> bool:
    return any(ctx.unit_of.get(h) == unit for h in holders if ctx.attrs[h]["type"] == "position")


def _home_unit(ctx: OrgContext, holder: str) -> str | None:
    if ctx.attrs[holder]["type"] == "agency":
        return ctx.index.targets(holder, "contracted_by")[0]
    return ctx.unit_of.get(holder)


def _outermost(ctx: OrgContext, units: set[str]) -> list[str]:
    """The units of a set that have no other unit of the set above them."""
    return sorted(u for u in units if not any(o != u and in_unit_tree(ctx, u, o) for o in units))
