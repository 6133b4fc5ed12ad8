"""The top of an organisation, the leaders of the branches below it, and which functions each branch holds: what
the portfolio and marketing-structure facts compare (docs/rules/facts.md: `t: leader` and the `org` fact).

The *executive top* is the post the organisation is run from: the root that holds most of it, followed down while
one of its reports holds nearly all the rest and is its only report or an executive by its title (a board or a
chair above a chief executive, a permanent secretary above a director general; not a chief executive above the
director of the largest directorate). The posts from the root down to the top are the top's *chain*. The *leaders*
are the posts that report to the chain, and any other root: each heads a branch (itself, the posts below it and
their staff). Where no root holds most of the organisation there is no top, and every root is a leader.

A branch *holds* a function when enough of its people do it (``min_people`` in orgdiag/model/functions.yaml): each
senior post that names the function in its own words (title, job text, profession) counts one, its staff by their
FTE. The top's own staff are a holding of their own (the top's office); the top's own words are not: the top
answers for everything.

>>> import networkx as nx
>>> from orgdiag.measure.graph import EdgeIndex
>>> from orgdiag.model.functions import post_functions
>>> from orgdiag.model import Position, Staff
>>> posts = [Position(id="ceo", title="Chief Executive"),
...          Position(id="coo", title="Chief Operating Officer", reports_to="ceo",
...                   staff=[Staff(title="Retail Assistant", fte=20)]),
...          Position(id="fin", title="Director of Finance", reports_to="coo"),
...          Position(id="ext", title="Director of External Affairs", reports_to="ceo")]
>>> g = nx.MultiDiGraph()
>>> for p in posts: g.add_node(p.id, type="position", functions=post_functions(p), staff=sum(s.fte for s in p.staff),
...                            roles=frozenset())
>>> for p in posts[1:]: _ = g.add_edge(p.id, p.reports_to, "reports_to")
>>> found = portfolio_of(EdgeIndex(g), dict(g.nodes(data=True)))
>>> found.top, found.leaders, found.leader_of["fin"]
('ceo', ('coo', 'ext'), 'coo')
>>> sorted(found.holdings["coo"]), found.holdings["coo"]["commercial"].fte
(['commercial', 'finance', 'operations'], 20.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from orgdiag.measure.graph import EdgeIndex
from orgdiag.model.functions import PostFunctions, StaffWork, families, line_share, min_people
from orgdiag.model.tree import below

#: A report of the top is followed down to (and becomes the top) when it holds at least this share of the posts
#: below the top and of their people (posts and staff FTE, the top's own staff included), and is the top's only
#: report or an executive by its title.
DOMINANT_SHARE = 0.8


@dataclass
class Holding:
    """One function in one branch: the senior posts whose own words name it, in reporting order (nearest the top
    first), and the staff doing it under each post."""

    posts: list[str] = field(default_factory=list)
    staff: list[tuple[str, StaffWork]] = field(default_factory=list)

    @property
    def fte(self) -> float:
        """FTE of staff doing it."""
        return round(sum(work.fte for _, work in self.staff), 2)

    @property
    def people(self) -> float:
        """Its senior posts and its staff FTE: how much of the branch does it."""
        return len(self.posts) + self.fte

    def held(self) -> bool:
        """Enough people do it (``min_people`` of functions.yaml): senior posts naming it, and staff."""
        return self.people >= min_people()


@dataclass
class Portfolio:
    """The top, its chain, the leaders and their branches, and what each branch holds."""

    top: str | None = None
    chain: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    #: each position to the leader of its branch (the chain's posts are in no branch)
    leader_of: dict[str, str] = field(default_factory=dict)
    #: by leader (and by the top, for its chain's own staff): function -> what of it the branch holds
    holdings: dict[str, dict[str, Holding]] = field(default_factory=dict)
    #: each leader's direct reports, in the file's order
    reports: dict[str, list[str]] = field(default_factory=dict)
    #: function -> the posts whose name says it (``PostFunctions.titled``), in the file's order
    titled: dict[str, list[str]] = field(default_factory=dict)
    #: each position's place in the file
    order: dict[str, int] = field(default_factory=dict)
    #: the corporate functions more than ``line_share`` of the people do (functions.yaml): the organisation's line
    #: work (a software house's developers), not a service to the rest
    line_work: frozenset[str] = frozenset()

    def held(self, function: str) -> list[str]:
        """The holders (leaders, and the top for its office) that hold a function, in the order of the leaders
        (the top first)."""
        return [holder for holder in self.holders() if self.holding(holder, function).held()]

    def holders(self) -> list[str]:
        """The top (for its office) and the leaders, in that order."""
        return [*([self.top] if self.top else []), *self.leaders]

    def holding(self, holder: str, function: str) -> Holding:
        """What of a function a holder's branch holds (an empty holding when nothing)."""
        return self.holdings.get(holder, {}).get(function) or Holding()

    def steps_below_top(self, position: str, manager_of: Mapping[str, str | None]) -> int:
        """How many reporting steps lie between a position and the top's chain: 0 on the chain, 1 for a leader
        (one that reports to the chain, or a root beside it), 2 for a post reporting to a leader, and so on; where
        there is no top, 0 for a root."""
        steps = 0
        current: str | None = position
        seen: set[str] = set()
        while current is not None and current not in self.chain and current not in seen:
            seen.add(current)
            steps += 1
            current = manager_of.get(current)
        return steps if self.chain else steps - 1  # without a top, the roots are the top


def portfolio_of(index: EdgeIndex, attrs: dict[str, dict[str, Any]]) -> Portfolio:
    """Find the top and the leaders, and gather what each branch holds."""
    positions = index.of_type("position")
    children = index.into("reports_to")
    order = {p: n for n, p in enumerate(positions)}

    def branch(head: str) -> list[str]:
        return below(head, lambda manager: children.get(manager, ()))

    roots = [p for p in positions if not index.targets(p, "reports_to")]
    if not roots:  # no positions, or every post in a reporting loop (a file read without the checks)
        return Portfolio(order=order)
    branches = {root: branch(root) for root in roots}
    root = max(roots, key=lambda r: len(branches[r]))
    if len(roots) > 1 and len(branches[root]) + 1 < DOMINANT_SHARE * len(positions):
        tops = Portfolio(leaders=tuple(roots), reports={r: list(children.get(r, ())) for r in roots}, order=order)
        return _gathered(tops, branches, attrs)
    chain = [root]
    dominant = _dominant(root, {report: branch(report) for report in children.get(root, [])}, attrs)
    while dominant is not None:
        chain.append(dominant)
        dominant = _dominant(dominant, {report: branch(report) for report in children.get(dominant, [])}, attrs)
    leaders = [r for r in roots if r != root]
    leaders += [report for node in chain for report in children.get(node, ()) if report not in chain]
    leaders.sort(key=order.__getitem__)
    found = Portfolio(
        top=chain[-1],
        chain=tuple(chain),
        leaders=tuple(leaders),
        reports={leader: list(children.get(leader, ())) for leader in leaders},
        order=order,
    )
    return _gathered(found, {leader: branch(leader) for leader in leaders}, attrs)


def _dominant(node: str, below_each: dict[str, list[str]], attrs: dict[str, dict[str, Any]]) -> str | None:
    """The report of `node` that holds nearly all the posts and people below it, if one does."""
    if not below_each:
        return None

    def people(posts: Iterable[str]) -> float:
        return float(sum(1 + attrs[p]["staff"] for p in posts))

    sizes = {report: [report, *under] for report, under in below_each.items()}
    best = max(sizes, key=lambda report: len(sizes[report]))
    all_posts = sum(len(posts) for posts in sizes.values())
    all_people = sum(people(posts) for posts in sizes.values()) + attrs[node]["staff"]
    holds_posts = len(sizes[best]) >= DOMINANT_SHARE * all_posts
    holds_people = people(sizes[best]) >= DOMINANT_SHARE * all_people
    runs_it = len(sizes) == 1 or "executive" in attrs[best]["roles"]
    return best if holds_posts and holds_people and runs_it and all_posts > 1 else None


def _gathered(found: Portfolio, branches: dict[str, list[str]], attrs: dict[str, dict[str, Any]]) -> Portfolio:
    """Each leader's branch given to it, what each branch (and the top's office) holds, and whose name says what."""
    titled: dict[str, list[str]] = {}
    people = 0.0
    for leader in found.leaders:
        branch = [leader, *branches.get(leader, [])]
        held: dict[str, Holding] = {}
        for position in branch:
            people += 1 + attrs[position]["staff"]
            found.leader_of[position] = leader
            functions: PostFunctions = attrs[position]["functions"]
            if functions:
                _add(held, position, functions)
                for name in functions.titled:
                    titled.setdefault(name, []).append(position)
        found.holdings[leader] = held
    if found.top is not None:
        office: dict[str, Holding] = {}
        for position in found.chain:
            people += 1 + attrs[position]["staff"]
            functions = attrs[position]["functions"]
            for name, work in functions.staff.items():
                office.setdefault(name, Holding()).staff.append((position, work))
            for name in functions.titled:
                titled.setdefault(name, []).append(position)
        found.holdings[found.top] = office
    found.titled = {name: sorted(posts, key=found.order.__getitem__) for name, posts in titled.items()}
    doing: dict[str, float] = {}
    for held_by_function in found.holdings.values():
        for name, holding in held_by_function.items():
            doing[name] = doing.get(name, 0.0) + holding.people
    corporate = {name for name, family in families().items() if family == "corporate"}
    found.line_work = frozenset(
        name for name, count in doing.items() if name in corporate and count > line_share() * people
    )
    return found


def _add(held: dict[str, Holding], position: str, functions: PostFunctions) -> None:
    for name in functions.mentions:
        held.setdefault(name, Holding()).posts.append(position)
    for name, work in functions.staff.items():
        held.setdefault(name, Holding()).staff.append((position, work))
