"""The one `org` fact: the organisation as a whole and the top of its marketing."""

from __future__ import annotations

from itertools import filterfalse

from orgdiag.measure.facts.context import (
    COMMON_FIELDS,
    SETTING_FIELDS,
    Fact,
    OrgContext,
    holders_of,
    label,
    managers_above,
    unit_heads,
)
from orgdiag.measure.facts.quality import labels_counted, staff_fte
from orgdiag.measure.facts.spread import SPREAD_FIELDS, spread_fields
from orgdiag.measure.facts.workforce import WORKFORCE_ORG_FIELDS, workforce_org_fields
from orgdiag.measure.graph import responsibility_node
from orgdiag.measure.metrics import layers_below
from orgdiag.model import AREAS
from orgdiag.model.lexicon import channel_kinds_in
from orgdiag.model.org import total_fte
from orgdiag.naming import counted
from orgdiag.naming import fte as fte_text
from orgdiag.structure import span_shares

#: The fields of the `org` fact that hold the observed operating model against the declared one. The diagnosis
#: fills them from the classification (orgdiag.rules.operating: the thresholds are data); here they are empty.
MODEL_FIELDS: dict[str, str] = {
    "declared_model_name": "the declared model's name, or empty",
    "observed_model_name": "the name of the model the organisation has, as far as its data tells",
    "model_gap_count": "how many conditions of the declared model the organisation does not meet (0 when the data "
    "cannot tell)",
    "model_gaps": "those conditions, in words (docs/operating-models.md)",
    "gap_strategy_owners": "with a declared model whose spokes are coordinated from the centre (`hub-and-spoke`, "
    "`centralized`, `honeycomb`): who outside marketing owns the strategy of a channel an uncoordinated unit runs",
    "spokes_by_design": "the observed or declared model puts marketing in business units by design (`hub-and-spoke`, "
    "`dandelion`, `honeycomb`)",
}

#: The fields of a `org` fact, with what each means.
ORG_FIELDS: dict[str, str] = {
    **COMMON_FIELDS,
    "ref": "the head of marketing, or else the top unit",
    "ref_label": '"Title (id)" of it',
    "name": "the organisation's name",
    "channels": "how many channels the organisation has",
    "channel_ids": "their ids",
    "has_head_of_marketing": "a head of marketing was found (by `role` or title)",
    "top_unit": "the root of the unit tree that holds marketing",
    "strategy_owners": "every holder of a channel or marcom strategy",
    "size": "employees (the profile's `employees`, else the positions in the file)",
    "positions": "positions in the file",
    "layers": "reporting layers from the top to the deepest position, or to the staff counted below it",
    "managers": "positions with a team: a direct report, or staff counted under them",
    "span_bands": 'the share of managers in each band of team size, as text ("1: 10%, 2–3: 30%, …")',
    "narrow_share": "percent of managers whose team (reports and staff) is 1–3",
    "wide_share": "percent of managers with 13 or more listed direct reports",
    "roots": "positions that report to nobody",
    "root_ids": "their ids",
    "unit_roots": "units with no parent",
    "unit_root_ids": "their ids",
    "top_position": "the position at the top of the head of marketing's line, else the first root",
    "top_position_label": '"Title (id)" of it',
    "has_sponsor": "a position holds (owns or decides) the sponsorship of marcom or of a channel (`…/sponsor`)",
    "sponsor_depth": "the reporting depth of the highest such position (0 when there is none)",
    "sponsor_ids": "who holds sponsorship",
    "marketing_layers": "reporting layers below the head of marketing (0 without one)",
    "agencies": "how many agencies",
    "sole_agency_contact": "the position that is the contact of every agency, if one is",
    "agency_contact_ids": "the agencies' contacts",
    "social_channels": "channels of kind `social`",
    "social_channel_ids": "their ids",
    "service_on_social": "customer service takes part in, or holds a responsibility for, a social channel",
    "internal_channels": "channels of kind `internal` (intranet, internal social network)",
    "declared_model": "the operating model `organisation.operating_model` declares, or empty",
    "workforce_label": 'the live posts and the staff counted under them, in words: "3 posts and 39.4 FTE of staff"',
    "held_posts": "where the data gives pay for some post or staff: live posts held by a person (not vacant, not a "
    "pool or a row that only carries staff); else 0",
    "pay_withheld": "how many of them have no pay range, where the data gives pay for other posts or for staff",
    "pay_withheld_share": "that as a percent of the held posts",
    "pay_withheld_ids": "those posts",
    "pay_withheld_posts": 'them by title and holder, separated by semicolons ("Legal Director (3 posts)" for unnamed '
    "posts of one title; past 12, how many more)",
    "nil_paybill": "live posts with staff counted under them but no published paybill (none or 0), where other posts "
    "publish one",
    "nil_paybill_fte": "FTE of the staff under those posts",
    "nil_paybill_ids": "those posts",
    "nil_paybill_posts": "them by title and holder, as `pay_withheld_posts` names posts",
    "sole_unit": "the one unit every live post is in and all staff work in, where there is one (else empty)",
    "sole_unit_name": "its name",
    "unplaced_fte": "FTE of staff the export counts under a senior post it does not list, or under none",
    "unplaced_share": "percent of all staff FTE they are",
    "unplaced_refs_label": 'the senior posts they are given as reporting to, as written ("\'-1\'"), or "none"',
    **MODEL_FIELDS,
    **WORKFORCE_ORG_FIELDS,
    **SPREAD_FIELDS,
    **{name: meaning for name, meaning in SETTING_FIELDS.items() if name != "beside_marketing"},
}


def org_fact(ctx: OrgContext) -> Fact:
    """The one fact about the organisation as a whole."""
    g, index, attrs = ctx.g, ctx.index, ctx.attrs
    channels = index.of_type("channel")
    positions = index.of_type("position")
    strategy_owners = sorted(
        {
            holder
            for node in index.of_type("responsibility")
            if attrs[node]["responsibility"] == "strategy" and attrs[node]["scope"] not in AREAS
            for holder in index.sources(node, "owns")
        }
    )
    roots = list(filterfalse(index.out("reports_to").__contains__, positions))  # at C speed: 10^5 positions
    unit_roots = [u for u in index.of_type("unit") if not index.targets(u, "part_of")]
    top = _top_position(ctx, roots)
    shares = span_shares(ctx.structure.spans())
    wide = span_shares(span or 1 for span in ctx.structure.spans(with_staff=False))
    sponsors = _sponsors(ctx)
    contacts = [c for a in index.of_type("agency") for c in index.targets(a, "contact")]
    agencies = index.of_type("agency")
    social = [c for c in channels if attrs[c]["kind"] == "social"]
    return {
        "t": "org",
        "ref": ctx.head_of_marketing or ctx.top_unit or "",
        "ref_label": label(g, ctx.head_of_marketing or ctx.top_unit, "the top of the organisation"),
        "name": g.graph["name"],
        "channels": len(channels),
        "channel_ids": channels,
        "has_head_of_marketing": ctx.head_of_marketing is not None,
        **ctx.marketing_fields,
        "top_unit": ctx.top_unit or "",
        "top_owns_marcom_strategy": ctx.top_owns_marcom_strategy,
        "strategy_owners": strategy_owners,
        "size": g.graph.get("employees") or len(positions),
        "positions": len(positions),
        "layers": ctx.structure.layer_count,
        "managers": len(ctx.team),
        "span_bands": ", ".join(f"{band}: {share}%" for band, share in shares.items()),
        "narrow_share": shares["1"] + shares["2–3"],
        "wide_share": wide["13–16"] + wide["17+"],
        "roots": len(roots),
        "root_ids": roots,
        "unit_roots": len(unit_roots),
        "unit_root_ids": unit_roots,
        "top_position": top or "",
        "top_position_label": label(g, top, "the top of the organisation"),
        "has_sponsor": bool(sponsors),
        "sponsor_depth": min((ctx.depth[p] for p in sponsors), default=0),
        "sponsor_ids": sponsors,
        "marketing_layers": layers_below(index, ctx.head_of_marketing, ctx.depth) if ctx.head_of_marketing else 0,
        "agencies": len(agencies),
        "sole_agency_contact": contacts[0]
        if agencies and len(contacts) == len(agencies) and len(set(contacts)) == 1
        else "",
        "agency_contact_ids": sorted(set(contacts)),
        "social_channels": len(social),
        "social_channel_ids": social,
        "service_on_social": any(_serves_customers_on(ctx, channel) for channel in social),
        "internal_channels": sum(1 for c in channels if attrs[c]["kind"] == "internal"),
        "declared_model": g.graph.get("operating_model") or "",
        **_data_quality_fields(ctx),
        "declared_model_name": "",
        "observed_model_name": "",
        "model_gap_count": 0,
        "model_gaps": "",
        "gap_strategy_owners": [],
        **workforce_org_fields(ctx),
        "spokes_by_design": False,
        **spread_fields(ctx),
    }


def _data_quality_fields(ctx: OrgContext) -> Fact:
    """What the rows say of pay, paybills and units across the organisation (orgdiag.measure.facts.quality)."""
    quality, attrs = ctx.quality, ctx.attrs
    positions = ctx.index.of_type("position")
    held, withheld, nil = quality.held, quality.pay_withheld, quality.nil_paybill
    fte = total_fte(ctx.staff.values())
    unplaced = ctx.g.graph.get("unplaced_staff") or []
    lost = total_fte(staff.fte for staff in unplaced)
    refs = sorted({staff.reports_to for staff in unplaced if staff.reports_to})
    named = [f"'{ref}'" for ref in refs] + (["none"] if any(not staff.reports_to for staff in unplaced) else [])
    return {
        "workforce_label": counted(len(positions), "post") + (f" and {fte_text(fte)} FTE of staff" if fte else ""),
        "held_posts": len(held),
        "pay_withheld": len(withheld),
        "pay_withheld_share": round(100 * len(withheld) / len(held)) if held else 0,
        "pay_withheld_ids": withheld,
        "pay_withheld_posts": labels_counted(withheld, attrs),
        "nil_paybill": len(nil),
        "nil_paybill_fte": round(staff_fte(nil, attrs), 1),
        "nil_paybill_ids": nil,
        "nil_paybill_posts": labels_counted(nil, attrs),
        "sole_unit": quality.sole_unit or "",
        "sole_unit_name": attrs[quality.sole_unit]["name"] if quality.sole_unit else "",
        "unplaced_fte": round(lost, 1),
        "unplaced_share": round(100 * lost / (lost + fte)) if lost else 0,
        "unplaced_refs_label": " or ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else ""),
    }


def _top_position(ctx: OrgContext, roots: list[str]) -> str | None:
    if ctx.head_of_marketing:
        return ([ctx.head_of_marketing, *managers_above(ctx.index, ctx.head_of_marketing)])[-1]
    return roots[0] if roots else None


def _sponsors(ctx: OrgContext) -> list[str]:
    """Positions holding (owning or deciding) sponsorship of marcom or of a channel; a unit's through its heads."""
    sponsors: list[str] = []
    for node in ctx.index.of_type("responsibility"):
        if ctx.attrs[node]["responsibility"] != "sponsor" or ctx.attrs[node]["scope"] in AREAS:
            continue
        for holder in ctx.index.sources(node, "owns") + ctx.index.sources(node, "decides"):
            kind = ctx.attrs[holder]["type"]
            people = [holder] if kind == "position" else unit_heads(ctx, holder) if kind == "unit" else []
            sponsors += [p for p in people if p not in sponsors]
    return sponsors


def _customer_service(ctx: OrgContext, element: str) -> bool:
    """A customer-service position or unit: by role, by the unit's name, or by owning a customer-service channel."""
    node = ctx.attrs[element]
    if node["type"] == "position":
        unit = ctx.unit_of.get(element)
        return "customer-service" in node["roles"] or (unit is not None and _customer_service(ctx, unit))
    if node["type"] != "unit":
        return False
    owns_service = any(ctx.attrs[c].get("kind") == "customer-service" for c in ctx.index.targets(element, "owns"))
    return owns_service or "customer-service" in channel_kinds_in(node["name"])


def _serves_customers_on(ctx: OrgContext, channel: str) -> bool:
    """Customer service takes part in the channel, holds one of its responsibilities, or it has customer service."""
    involved = [*ctx.index.sources(channel, "takes_part"), *ctx.channel_holders.get(channel, [])]
    involved += holders_of(ctx, channel, {"customer-service", "community"}, "owns")
    if ctx.index.sources(responsibility_node(f"{channel}/customer-service"), "owns"):
        return True
    return any(_customer_service(ctx, element) for element in involved)
