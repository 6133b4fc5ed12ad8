"""`leader` facts: each post that heads a branch below the top, what its branch does, and where that is split or
mixed (orgdiag.measure.portfolio finds the top, the leaders and what each branch holds).

Everything here is read from words (titles, job text, professions, staff titles), and from the areas beyond the
channels a post or unit is stated to hold (``partnerships/strategy``): the texts say on which.
"""

from __future__ import annotations

from typing import Any

from orgdiag.measure.facts.context import COMMON_FIELDS, Fact, OrgContext, post_label_of
from orgdiag.measure.facts.spread import holder_label, holding_posts, holding_words, post_words
from orgdiag.measure.portfolio import Portfolio
from orgdiag.model.functions import Family, PostFunctions, families, group, labels
from orgdiag.naming import fte as fte_text
from orgdiag.naming import joined

#: The kinds of work, as a text names them.
FAMILY_WORDS: dict[Family, str] = {
    "corporate": "corporate services",
    "external": "work facing audiences, partners and customers",
    "line": "the organisation's own line work",
}

#: A leader's own staff count as a part of its portfolio in each kind of work that is at least this share of them,
#: and a team's worth of people: five FTE, the low end of the five to ten reports held as best practice. Two people
#: in communications beside two in policy are one small team with mixed tasks, not a portfolio of unrelated work (the
#: blind readings of the tune bodies raised no such team).
OWN_STAFF_SHARE = 0.25
OWN_STAFF_TEAM = 5.0

#: The functions a split of which the function-split rule weighs: corporate services. Communications, marketing,
#: public affairs, partnerships and commercial work have rules of their own; line work is done in many places by
#: design.
SPLIT_FAMILIES: frozenset[Family] = frozenset({"corporate"})

#: The fields of a `leader` fact, with what each means.
LEADER_FIELDS: dict[str, str] = {
    **COMMON_FIELDS,
    "post_label": 'the post as a text names it: "Title (Holder)", or "Title (post ID)" where the data names nobody',
    "top": "the executive top it reports to (the post the organisation is run from), or empty where there is none",
    "top_label": 'the top as a text names it, or "the top of the organisation"',
    "function_list": (
        "the functions its branch holds (at least `min_people` of functions.yaml do it: posts and staff; or a post of "
        "it is stated to own or decide an area beyond the channels that is work of the function)"
    ),
    "split_functions": (
        "corporate services (finance, HR, IT, legal, procurement, estates, audit and risk) that a senior post of its "
        "branch names while the larger part of the function sits under another leader or the top's office"
    ),
    "split_function_list": "them, each with where its larger part sits",
    "split_evidence": "the words they rest on, quoted",
    "split_with_ids": "the leaders (or the top) holding the larger parts",
    "split_post_ids": (
        "the posts that hold the split functions, in its branch and in theirs: those that name a function in their "
        "own words, then those whose staff do it (at most `EVIDENCE_POSTS` for each function of each side)"
    ),
    "report_families": (
        "how many kinds of work (corporate services; work facing audiences, partners and customers; line work) its "
        "direct reports do, each by what its name says (its title, or the job text of a title that says only a "
        "rank); a leader without senior reports by its own staff (each kind at least a quarter of them do); 0 for a "
        "root where the organisation has no one top (it leads all of it)"
    ),
    "report_mix": "which of its reports and staff do which kind of work, in words",
    "report_mix_ids": "its direct reports counted in `report_families` (none where it is read by its own staff)",
    "income_people": (
        "senior posts and staff FTE of its branch in commercial and income-generating work (trading, retail, "
        "fundraising, sponsorship; a post stated to own or decide `commercial/…` or `income-generation/…` counts one)"
    ),
    "income_evidence": "the words it rests on, quoted",
    "control_posts": "senior posts of its branch whose own words name finance or audit, risk and governance",
    "control_evidence": (
        "the first two of those posts (nearest the leader), with the words of their job text where their title does "
        "not say it"
    ),
    "control_post": "the first of them that is not the leader itself, or empty",
    "control_post_label": "it as a text names it",
}


def leader_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per leader: what its branch holds, what of it is split from the rest, and what its reports do."""
    portfolio = ctx.portfolio
    top_label = post_label_of(ctx, portfolio.top) if portfolio.top else "the top of the organisation"
    names = labels()
    facts = []
    for leader in portfolio.leaders:
        held = {name for name, holding in portfolio.holdings[leader].items() if holding.held()}
        is_a_top = not portfolio.top and not ctx.index.targets(leader, "reports_to")
        parts = {} if is_a_top else _parts(ctx, leader)
        income = portfolio.holding(leader, "commercial")
        control = _control_posts(ctx, leader)
        control_post = next((post for post in control if post != leader), "")
        facts.append(
            {
                "t": "leader",
                "ref": leader,
                "name": ctx.attrs[leader]["title"],
                "post_label": post_label_of(ctx, leader),
                "top": portfolio.top or "",
                "top_label": top_label,
                "function_list": [names[name] for name in names if name in held],
                **_split_fields(ctx, leader),
                "report_families": len(parts),
                "report_mix": "; ".join(f"{FAMILY_WORDS[family]}: {_some(who)}" for family, who in parts.items()),
                "report_mix_ids": [] if is_a_top else _working_reports(ctx, leader),
                "income_people": round(income.people, 1),
                "income_evidence": holding_words(ctx, income, "commercial"),
                "control_posts": len(control),
                "control_evidence": _control_words(ctx, control),
                "control_post": control_post,
                "control_post_label": post_label_of(ctx, control_post) if control_post else "",
            }
        )
    return facts


def _some(items: list[str], more: str = "", shown: int = 6) -> str:
    """The first items of a list for a message, and what is left out (``more``, or how many more).

    >>> _some(["a", "b"], more="3 more senior posts"), _some(list("abcdefgh"))
    ('a, b and 3 more senior posts', 'a, b, c, d, e, f and 2 more')
    """
    left = len(items) - shown
    tail = more or (f"{left} more" if left > 0 else "")
    return ", ".join(items[:shown]) + (f" and {tail}" if tail else "")


def _split_fields(ctx: OrgContext, leader: str) -> Fact:
    """The corporate functions a leader's branch holds a lesser part of, in words."""
    portfolio, names = ctx.portfolio, labels()
    splits = _splits(portfolio, ctx.attrs, leader)
    return {
        "split_functions": len(splits),
        "split_function_list": "; ".join(
            f"{names[name]} (its larger part under {holder_label(ctx, main)})" for name, main in splits
        ),
        "split_evidence": "; ".join(
            f"{names[name]}: {holding_words(ctx, portfolio.holding(leader, name), name)}" for name, _ in splits
        ),
        "split_with_ids": list(dict.fromkeys(main for _, main in splits)),
        "split_post_ids": list(
            dict.fromkeys(
                post
                for name, main in splits
                for holder in (leader, main)
                for post in holding_posts(portfolio.holding(holder, name))
            )
        ),
    }


def _splits(portfolio: Portfolio, attrs: dict[str, dict[str, Any]], leader: str) -> list[tuple[str, str]]:
    """The corporate functions a senior post of the leader's branch names while the larger part of the function
    sits elsewhere: (function, the holder of the larger part). The larger part is with the leader whose own title
    names the function (a Legal Adviser, a Finance Director), else where a post is named for it (its title says it),
    else where most posts and staff do it."""
    family_of = families()
    splits = []
    for name, holding in portfolio.holdings[leader].items():
        if family_of[name] not in SPLIT_FAMILIES or not holding.posts or name in portfolio.line_work:
            continue
        holders = portfolio.held(name)
        if len(holders) < 2 or leader not in holders:
            continue

        def weight(holder: str, function: str = name) -> tuple[bool, bool, float]:
            held = portfolio.holding(holder, function)
            titled = any(function in attrs[post]["functions"].titled for post in held.posts)
            return function in attrs[holder]["functions"].titled, titled, held.people

        main = max(holders, key=weight)
        if main != leader:
            splits.append((name, main))
    order = list(labels())
    return sorted(splits, key=lambda split: order.index(split[0]))


def _parts(ctx: OrgContext, leader: str) -> dict[Family, list[str]]:
    """The kinds of work a leader's reports do, with who does which: each report by what its name says (its title,
    or the job text of a title that says only a rank; its line work only where it names nothing else; a report whose
    name says nothing is left out). A leader without senior reports is read by its own staff: each kind of work
    that is at least a quarter of them and a team's worth (``OWN_STAFF_TEAM``)."""
    parts: dict[Family, list[str]] = {}
    reports = ctx.portfolio.reports.get(leader, [])
    for report in reports:
        functions: PostFunctions = ctx.attrs[report]["functions"]
        for family in _families_of(functions.titled, ctx.portfolio.line_work):
            parts.setdefault(family, []).append(post_label_of(ctx, report))
    if not reports:
        for family, what, fte in _own_staff_parts(ctx, leader):
            parts.setdefault(family, []).append(f"its own staff in {what} ({fte_text(fte)} FTE)")
    return {family: parts[family] for family in FAMILY_WORDS if family in parts}


def _working_reports(ctx: OrgContext, leader: str) -> list[str]:
    """A leader's direct reports whose name says a kind of work (those :func:`_parts` reads), in the file's order."""
    line_work = ctx.portfolio.line_work
    return [
        report
        for report in ctx.portfolio.reports.get(leader, [])
        if _families_of(ctx.attrs[report]["functions"].titled, line_work)
    ]


def _families_of(named: tuple[str, ...], line_work: frozenset[str]) -> list[Family]:
    """The kinds of work of a post named for these functions (the organisation's line work as line work): line
    work only where it names nothing else."""
    family_of = families()
    found: list[Family] = list(dict.fromkeys("line" if name in line_work else family_of[name] for name in named))
    return [family for family in found if family != "line"] or found


def _own_staff_parts(ctx: OrgContext, leader: str) -> list[tuple[Family, str, float]]:
    """Each kind of work at least a quarter of a leader's own staff do: (kind, its functions in words, FTE)."""
    family_of, names = families(), labels()
    total = ctx.attrs[leader]["staff"]
    by_family: dict[Family, dict[str, float]] = {}
    for name, work in ctx.attrs[leader]["functions"].staff.items():
        family: Family = "line" if name in ctx.portfolio.line_work else family_of[name]
        by_family.setdefault(family, {})[name] = work.fte
    parts = []
    for family in FAMILY_WORDS:
        fte = by_family.get(family, {})
        share = sum(fte.values())
        if total and share >= OWN_STAFF_SHARE * total and share >= OWN_STAFF_TEAM:
            parts.append((family, joined([names[name] for name in names if name in fte]), share))
    return parts


def _control_posts(ctx: OrgContext, leader: str) -> dict[str, str]:
    """The senior posts of a leader's branch whose own words name a control function, each with the function."""
    posts: dict[str, str] = {}
    for name in sorted(group("control")):
        for post in ctx.portfolio.holding(leader, name).posts:
            posts.setdefault(post, name)
    return posts


def _control_words(ctx: OrgContext, control: dict[str, str]) -> str:
    """The first two control posts in words, and how many more there are."""
    shown = [post_words(ctx, post, name) for post, name in list(control.items())[:2]]
    left = len(control) - len(shown)
    return _some(shown, more=f"{left} more senior post{'' if left == 1 else 's'}" if left else "")
