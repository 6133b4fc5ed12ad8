"""`position` facts: duties, decision rights, depth, span and lines of each position."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from orgdiag.measure.facts.context import COMMON_FIELDS, HOLDER_FIELDS, TOP_ROLES, Fact, OrgContext, strategy_fields
from orgdiag.measure.facts.workforce import WORKFORCE_POSITION_FIELDS, position_workforce_fields
from orgdiag.model import is_channel_scope
from orgdiag.naming import fte as fte_text
from orgdiag.naming import plural
from orgdiag.structure import SPAN_BANDS, span_band

#: The fields of a `position` fact, with what each means.
POSITION_FIELDS: dict[str, str] = {
    **COMMON_FIELDS,
    "unit": "its unit (empty when it has none)",
    "has_unit": "it belongs to a unit",
    "strategist": "its role is strategist (by `role` or title)",
    "top_role": "it is an executive or the head of marketing",
    "vacant": "the post is vacant",
    "pool": "its title or the export's notes name a pool of people between postings (Flexible Resourcing…) or a row "
    "that is no post: its reports are no team",
    "adviser": "its title names an advisory or head-of-profession post (Adviser, Private Secretary…)",
    "duties": "how many distinct responsibilities it owns (strategy, content, …)",
    "duty_list": "them",
    "decisions": "how many decision rights it holds",
    "channel_scopes": "how many distinct channels its responsibilities concern",
    "channel_scope_ids": "them",
    "depth": "reporting layers above it (0 at the top)",
    "reports": "positions reporting to it on a solid line (its listed span of control)",
    "span_band": "the band of that span (`1`, `2–3`, `4–7`, `8–12`, `13–16`, `17+`; empty for no reports)",
    "staff_fte": "FTE of staff counted under the post but not listed (an organogram's junior staff)",
    "team": "its listed reports plus that staff rounded up to whole people: the most it can have reporting directly",
    "team_band": "the band of `team` (empty for no team)",
    "team_label": 'its team as a reader says it: "2 direct reports" or "1 direct report and 10.8 FTE of staff"',
    "dotted_managers": "its dotted-line (matrix) managers",
    "dotted_manager_ids": "their ids",
    "betweenness": "normalised betweenness in the marketing organisation's reporting and ownership graph",
    "sole_channels": "channels for which it is the only position holding any responsibility",
    "sole_channel_ids": "them",
    **WORKFORCE_POSITION_FIELDS,
    **HOLDER_FIELDS,
}


@lru_cache(maxsize=1 << 12)
def team_label(reports: int, fte: float) -> str:
    """A manager's team in words (one text for each team of a size: 10^5 positions have a few hundred).

    >>> team_label(2, 0.0), team_label(1, 10.8), team_label(0, 3.0)
    ('2 direct reports', '1 direct report and 10.8 FTE of staff', '3.0 FTE of staff')
    """
    parts = [f"{reports} direct {plural('report', reports)}"] if reports or not fte else []
    if fte:
        parts.append(f"{fte_text(fte)} FTE of staff")
    return " and ".join(parts)


def _sole_channels(ctx: OrgContext) -> dict[str, list[str]]:
    sole: dict[str, list[str]] = defaultdict(list)
    for channel in ctx.index.of_type("channel"):
        holders = ctx.channel_holders.get(channel, [])
        if len(holders) == 1:
            sole[holders[0]].append(channel)
    return sole


def position_facts(ctx: OrgContext, positions: list[str] | None = None) -> list[Fact]:
    """One fact per position (or per one of `positions`): duties, decision rights, scope, depth, span, lines; and,
    where the organisation's data says anything of its workforce, the workforce fields.

    Built for hundreds of thousands of positions: most own nothing and share one tail of fields per unit,
    and the span band is looked up, not searched.
    """
    attrs, reports, between, unit_of, depth = ctx.attrs, ctx.reports, ctx.betweenness, ctx.unit_of, ctx.depth
    staff, team = ctx.staff, ctx.team
    workforce = ctx.workforce
    pools = workforce.pools
    decides = ctx.index.out("decides")
    dotted = ctx.index.out("dotted_to")
    sole = _sole_channels(ctx)
    bands = [span_band(span) if span else "" for span in range(SPAN_BANDS[-1][1] + 1)]
    empty: list[str] = []
    tails: dict[str | None, Fact] = {}
    facts = []
    for position in ctx.index.of_type("position") if positions is None else positions:
        owned = ctx.owned.get(position)
        unit = unit_of.get(position)
        if owned:
            duties = sorted({word for _, word in owned})
            channel_scopes = sorted({scope for scope, _ in owned if is_channel_scope(scope)})
            tail = strategy_fields(ctx, owned, unit, position)
        else:
            duties = channel_scopes = empty
            tail = tails.get(unit) or tails.setdefault(unit, strategy_fields(ctx, [], unit))
        node = attrs[position]
        roles = node["roles"]
        span = reports.get(position, 0)
        size = team.get(position, 0)
        fte = staff.get(position, 0.0)
        managers = dotted.get(position, empty)
        sole_channels = sole.get(position, empty)
        fact = {
            "t": "position",
            "ref": position,
            "name": node["title"],
            "unit": unit or "",
            "has_unit": unit is not None,
            "strategist": "strategist" in roles,
            "top_role": not TOP_ROLES.isdisjoint(roles),
            "vacant": node["vacant"],
            "pool": "pool" in node["posts"] or position in pools,
            "adviser": "adviser" in node["posts"],
            "duties": len(duties),
            "duty_list": duties,
            "decisions": len(decides.get(position, empty)),
            "channel_scopes": len(channel_scopes),
            "channel_scope_ids": channel_scopes,
            "depth": depth[position],
            "reports": span,
            "span_band": bands[span] if span < len(bands) else bands[-1],
            "staff_fte": round(fte, 1),
            "team": size,
            "team_band": bands[size] if size < len(bands) else bands[-1],
            "team_label": team_label(span, fte),
            "dotted_managers": len(managers),
            "dotted_manager_ids": managers,
            "betweenness": between.get(position, 0.0),
            "sole_channels": len(sole_channels),
            "sole_channel_ids": sole_channels,
            **tail,
        }
        if workforce.active:
            fact.update(position_workforce_fields(ctx, position, fte))
        facts.append(fact)
    return facts
