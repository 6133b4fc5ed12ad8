"""The `org` fact's fields on how functions are spread over the leaders below the top: corporate services,
marketing and communications, partner-facing and commercial work; where communications sits; a head of marketing
whose title does not say so (orgdiag.measure.portfolio finds the top, the leaders and what each branch holds).

Everything here is read from words (titles, job text, professions, staff titles), and from the areas beyond the
channels a post or unit is stated to hold (``partnerships/strategy``): the texts say on which.
"""

from __future__ import annotations

from orgdiag.measure.facts.context import Fact, OrgContext, post_label_of
from orgdiag.measure.portfolio import Holding
from orgdiag.model.functions import PostFunctions, families, generic_title, group, labels
from orgdiag.naming import fte as fte_text

#: The fields of the `org` fact on how functions are spread over the leaders, with what each means.
SPREAD_FIELDS: dict[str, str] = {
    "executive_top": (
        "the post the organisation is run from (below a board or chair that holds nothing else); where no root holds "
        "most of the organisation, the first root; empty without positions"
    ),
    "executive_top_label": 'it as a text names it, or "the top of the organisation"',
    "leaders": "posts that head a branch: those reporting to the top (or to the posts above it), and other roots",
    "corporate_holders": (
        "how many leaders (and the top's own office) hold corporate services: finance, HR, IT, legal, procurement, "
        "estates (at least `min_people` of functions.yaml do one: senior posts naming it, and staff)"
    ),
    "corporate_holder_ids": "them",
    "corporate_post_ids": (
        "the posts of those holders' branches that name one of the functions in their own words, or whose staff do "
        "one (at most `EVIDENCE_POSTS` for each function of each holder, nearest the top first)"
    ),
    "corporate_spread": "which of those functions each holds, with the words each rests on",
    "corporate_line_holders": (
        "how many of them are not named for a corporate service (a line or external-facing directorate, or the top's "
        "office): corporate services scattered into other work, not each led by a head of its own"
    ),
    "marcom_holders": "how many leaders (and the top's office) hold communications, marketing or public affairs",
    "marcom_holder_ids": "them",
    "marcom_post_ids": (
        "the posts of their branches that name one of them, or whose staff do one (as `corporate_post_ids`)"
    ),
    "marcom_spread": "which of those functions each holds, with the words each rests on",
    "marcom_main": (
        "who leads them: the head of marketing where there is one, else the holder of the larger part (where a post "
        "is named for one of them, else where most people do them)"
    ),
    "marcom_main_label": "it as a text names it",
    "partner_holders": (
        "how many leaders (and the top's office) hold partnerships and stakeholder engagement or commercial and "
        "income-generating work"
    ),
    "partner_holder_ids": "them",
    "partner_post_ids": (
        "the posts of their branches that name one of them, or whose staff do one (as `corporate_post_ids`)"
    ),
    "partner_spread": "which of those functions each holds, with the words each rests on",
    "comms_lead": (
        "the most senior post whose name says communications, public affairs or marketing (its title, or its job "
        "text where the title says only a rank), or that is the head of marketing; empty where there is none"
    ),
    "comms_lead_label": "it as a text names it",
    "comms_lead_steps": "reporting steps between it and the top (0: the top, 1: it reports to the top)",
    "comms_lead_line": "the posts it reports to up to the top, in words",
    "comms_lead_words": "the words its name rests on, quoted",
    "hidden_marketing_head": (
        "the most senior post whose job text (or most of whose staff) does marketing while its title names "
        "neither marketing nor communications nor a rank alone, where no post as senior has a title that does; or "
        "empty"
    ),
    "hidden_marketing_head_label": "it as a text names it",
    "hidden_marketing_words": "the words it is recognised by, quoted",
    "hidden_marketing_title": "a title that says it, for the suggestion",
}

#: Functions whose name makes a post the organisation's voice, for where communications sits: communications and
#: public affairs, or marketing (a head of marketing who leads communications too, as the texts recommend).
VOICE = frozenset({"communications", "public-affairs", "marketing"})

#: The most posts a spread names as evidence for each function of each holder (nearest the top first): a finding
#: concerns the posts that hold the split work, not only the leaders above them, and a large organisation's
#: evidence stays short.
EVIDENCE_POSTS = 12


def spread_fields(ctx: OrgContext) -> Fact:
    """The `org` fact's fields on how functions are spread over the leaders."""
    portfolio = ctx.portfolio
    top = portfolio.top or next(iter(portfolio.leaders), "")
    fields: Fact = {
        "executive_top": top,
        "executive_top_label": post_label_of(ctx, top) if top else "the top of the organisation",
        "leaders": len(portfolio.leaders),
    }
    for prefix, name in (("corporate", "corporate-services"), ("marcom", "marcom"), ("partner", "partner-facing")):
        holders, spread, posts = _spread(ctx, group(name))
        fields |= {
            f"{prefix}_holders": len(holders),
            f"{prefix}_holder_ids": holders,
            f"{prefix}_post_ids": posts,
            f"{prefix}_spread": spread,
        }
    fields["corporate_line_holders"] = sum(
        1 for holder in fields["corporate_holder_ids"] if _not_corporate(ctx, holder)
    )
    return fields | _marcom_main(ctx) | _comms_lead(ctx) | _hidden_marketing_head(ctx)


def _not_corporate(ctx: OrgContext, holder: str) -> bool:
    """A holder not named for a corporate service: the top's office, or a leader named for other work (or nothing)."""
    if holder == ctx.portfolio.top:
        return True
    family_of = families()
    return not any(family_of[name] == "corporate" for name in ctx.attrs[holder]["functions"].named)


def _spread(ctx: OrgContext, functions: frozenset[str]) -> tuple[list[str], str, list[str]]:
    """Which holders hold any of the functions, which each holds on what words, in words, and the posts of their
    branches that hold them (:func:`holding_posts`)."""
    portfolio = ctx.portfolio
    names = labels()
    holders, parts = [], []
    posts: dict[str, None] = {}
    functions = functions - portfolio.line_work
    for holder in portfolio.holders():
        held = [name for name in names if name in functions and portfolio.holding(holder, name).held()]
        if not held:
            continue
        holders.append(holder)
        for name in held:
            posts |= dict.fromkeys(holding_posts(portfolio.holding(holder, name)))
        what = ", ".join(
            f"{names[name]} ({holding_words(ctx, portfolio.holding(holder, name), name)})" for name in held
        )
        parts.append(f"under {holder_label(ctx, holder)}: {what}")
    return holders, "; ".join(parts), list(posts)


def holding_posts(holding: Holding) -> list[str]:
    """The posts a holding rests on: the senior posts that name the function, then those whose staff do it, at most
    ``EVIDENCE_POSTS`` (nearest the top first).

    >>> from orgdiag.model.functions import StaffWork
    >>> staff = [("23", StaffWork(2.2, ("Marketing Executive",))), ("9", StaffWork(1, ()))]
    >>> holding_posts(Holding(posts=["9", "3"], staff=staff))
    ['9', '3', '23']
    """
    found = dict.fromkeys(holding.posts[:EVIDENCE_POSTS])
    for post, _ in holding.staff:
        if len(found) >= EVIDENCE_POSTS:
            break
        found[post] = None
    return list(found)


def _marcom_main(ctx: OrgContext) -> Fact:
    """Who leads marketing and communications: the head of marketing, where there is one, else the holder of the
    larger part."""
    portfolio, attrs = ctx.portfolio, ctx.attrs
    marcom = group("marcom")

    def weight(holder: str) -> tuple[bool, float]:
        holdings = [portfolio.holding(holder, name) for name in sorted(marcom)]
        named = any(marcom & set(attrs[post]["functions"].titled) for held in holdings for post in held.posts)
        return named, sum(held.people for held in holdings)

    holders = [h for h in portfolio.holders() if any(portfolio.holding(h, name).held() for name in marcom)]
    main = max(holders, key=weight, default="")
    lead = ctx.head_of_marketing
    return {
        "marcom_main": lead or main,
        "marcom_main_label": post_label_of(ctx, lead) if lead else holder_label(ctx, main) if main else "",
    }


def _comms_lead(ctx: OrgContext) -> Fact:
    """The most senior post the organisation speaks through (named for communications, public affairs or marketing,
    or the head of marketing), how far below the top it sits, and the line up to it."""
    portfolio = ctx.portfolio
    manager_of = ctx.index.tree("reports_to").parent_of
    named = [post for name in sorted(VOICE) for post in portfolio.titled.get(name, [])]
    if ctx.head_of_marketing is not None and ctx.head_of_marketing not in named:
        named.append(ctx.head_of_marketing)
    place = portfolio.places(named)
    lead = min(named, key=lambda post: (portfolio.steps_below_top(post, manager_of), place[post]), default=None)
    if lead is None:
        return {
            "comms_lead": "",
            "comms_lead_label": "",
            "comms_lead_steps": 0,
            "comms_lead_line": "",
            "comms_lead_words": "",
        }
    line: list[str] = []
    for above in ctx.index.tree("reports_to").ancestors(lead):  # stops where a loop comes round
        line.append(post_label_of(ctx, above) + (", the top" if above == portfolio.top else ""))
        if above in portfolio.chain:
            break
    functions = ctx.attrs[lead]["functions"]
    name = next((name for name in functions.titled if name in VOICE), "")
    return {
        "comms_lead": lead,
        "comms_lead_label": post_label_of(ctx, lead),
        "comms_lead_steps": portfolio.steps_below_top(lead, manager_of),
        "comms_lead_line": "reports to " + ", who reports to ".join(line) if line else "reports to nobody",
        "comms_lead_words": _words_of(ctx, lead, name),
    }


def _hidden_marketing_head(ctx: OrgContext) -> Fact:
    """The most senior post that leads marketing by its job text or staff though its title does not say so, where no
    post as senior has a title naming marketing or communications (nor is the head of marketing by its title)."""
    portfolio = ctx.portfolio
    manager_of = ctx.index.tree("reports_to").parent_of
    marcom = group("marcom")
    found: list[tuple[int, str, str]] = []
    for leader in portfolio.leaders:
        holding = portfolio.holding(leader, "marketing")
        for post in dict.fromkeys([*holding.posts, *(post for post, _ in holding.staff)]):
            words = _marketing_words(ctx, post)
            if words:
                found.append((portfolio.steps_below_top(post, manager_of), post, words))
    place = portfolio.places(post for _, post, _ in found)
    candidates = [(steps, place[post], post, words) for steps, post, words in found]
    visible = [
        portfolio.steps_below_top(post, manager_of)
        for post in [
            *(post for name in sorted(marcom) for post in portfolio.titled.get(name, [])),
            ctx.head_of_marketing,
        ]
        if post is not None
    ]
    if not candidates or (visible and min(visible) <= min(candidates)[0]):
        return {
            "hidden_marketing_head": "",
            "hidden_marketing_head_label": "",
            "hidden_marketing_words": "",
            "hidden_marketing_title": "",
        }
    _, _, post, words = min(candidates)
    return {
        "hidden_marketing_head": post,
        "hidden_marketing_head_label": post_label_of(ctx, post),
        "hidden_marketing_words": words,
        "hidden_marketing_title": f"{ctx.attrs[post]['title']} (Head of Marketing)",
    }


def _marketing_words(ctx: OrgContext, post: str) -> str:
    """What shows a post leads marketing though its title does not say so, quoted; empty when nothing does (its
    title names marketing or communications, says only a rank, or it is an executive)."""
    node = ctx.attrs[post]
    functions: PostFunctions = node["functions"]
    if set(functions.titled) & group("marcom") or generic_title(node["title"]) or "executive" in node["roles"]:
        return ""
    where = functions.mentions.get("marketing", "")
    if where and where != "title":
        return where
    work = functions.staff.get("marketing")
    if work is not None and node["staff"] and work.fte >= 0.5 * node["staff"]:
        return work.words()
    return ""


def holder_label(ctx: OrgContext, holder: str) -> str:
    """How a text names a holder of a function: a leader by its post, the top by its office."""
    label = post_label_of(ctx, holder)
    return f"the office of {label}" if holder == ctx.portfolio.top else label


def holding_words(ctx: OrgContext, holding: Holding, function: str) -> str:
    """What a branch's holding of a function rests on, quoted: the senior posts that name it (the first two; a post
    by its title and holder, with the words of its job text or profession where its title does not name it), else
    the staff that do it (under the post with most of them)."""
    if holding.posts:
        shown = [post_words(ctx, post, function, holding.stated.get(post, "")) for post in holding.posts[:2]]
        more = len(holding.posts) - len(shown)
        return "; ".join(shown) + (f" and {more} more senior {'post' if more == 1 else 'posts'}" if more else "")
    if not holding.staff:
        return ""
    post, work = max(holding.staff, key=lambda item: item[1].fte)
    rest = holding.fte - work.fte
    elsewhere = f" (and {fte_text(rest)} FTE more in the branch)" if rest >= 0.05 else ""
    return f"{work.words()} under {post_label_of(ctx, post)}{elsewhere}"


def post_words(ctx: OrgContext, post: str, function: str, stated: str = "") -> str:
    """A post that names a function, as a text names it, with the words that do where its title does not:
    "Evidence Resources Director (Ms. Alexia Tonnel), job text '…information management and technology…'"; or with
    the responsibility it is stated to hold, where its words name none: "Director (Ann Lee), owns
    'partnerships/strategy'"."""
    where = ctx.attrs[post]["functions"].mentions.get(function, "") or stated
    label = post_label_of(ctx, post)
    return label if where in ("", "title") else f"{label}, {where}"


def _words_of(ctx: OrgContext, post: str, function: str) -> str:
    """The words of a post that name a function, quoted with where they are; its title where none name it."""
    where = ctx.attrs[post]["functions"].mentions.get(function, "title")
    return f"title '{ctx.attrs[post]['title']}'" if where == "title" else where
