"""The top of an organisation, the leaders of the branches below it, and which functions each branch holds: what
the portfolio and marketing-structure facts compare (docs/rules/facts.md: `t: leader` and the `org` fact).

The *executive top* is the post the organisation is run from: the root that holds most of it, followed down while
one of its reports holds nearly all the rest and is its only report or an executive by its title (a board or a
chair above a chief executive, a permanent secretary above a director general; not a chief executive above the
director of the largest directorate). The posts from the root down to the top are the top's *chain*. The *leaders*
are the posts that report to the chain, and any other root: each heads a branch (itself, the posts below it and
their staff). Where no root holds most of the organisation there is no top, and every root is a leader.

A branch *holds* a function when its head names it in its own words (title, job text, profession: the leader's
remit says so), when a post of it holds an area beyond the channels that is work of the function (it owns or decides
``partnerships/strategy``, or leads a unit that does: the consultant stated it), or when enough of its people do it
(``min_people`` in orgdiag/model/functions.yaml): each senior post that names the function in its own words counts
one, its staff by their FTE. The top's own staff are a holding of their own (the top's office); the top's own words
and statements are not: the top answers for everything.

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
...                            roles=frozenset(), title=p.title)
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
from functools import cached_property, reduce
from itertools import compress, count, filterfalse, repeat
from operator import add, is_not, itemgetter
from typing import Any

from orgdiag.measure.graph import EdgeIndex
from orgdiag.model import AREAS
from orgdiag.model.functions import (
    NOTHING,
    PostFunctions,
    StaffWork,
    families,
    generic_title,
    line_share,
    min_people,
)
from orgdiag.model.links import leads
from orgdiag.naming import joined

#: A report of the top is followed down to (and becomes the top) when it holds at least this share of the posts
#: below the top and of their people (posts and staff FTE, the top's own staff included), and is the top's only
#: report or an executive by its title.
DOMINANT_SHARE = 0.8


@dataclass
class Holding:
    """One function in one branch: the senior posts whose own words name it or that hold it by a stated
    responsibility, in reporting order (nearest the top first), and the staff doing it under each post."""

    posts: list[str] = field(default_factory=list)
    staff: list[tuple[str, StaffWork]] = field(default_factory=list)
    #: the posts that hold it by a stated responsibility for an area beyond the channels, each with how a text says so
    #: ("owns 'partnerships/strategy'")
    stated: dict[str, str] = field(default_factory=dict)
    #: the head of the branch names it in its own words: its remit says it holds the function
    by_head: bool = False
    #: a corporate service only: a senior post of the branch is named for it (``PostFunctions.named``) and leads
    #: staff, a team of the service whatever its staff's own titles say ("Finance and Reporting Director" over
    #: "Managers & functional specialists"; a "Deputy Director" of the "Service Centre" whose profession is IT)
    led: bool = False

    @property
    def fte(self) -> float:
        """FTE of staff doing it."""
        return round(sum(work.fte for _, work in self.staff), 2)

    @property
    def people(self) -> float:
        """Its senior posts and its staff FTE: how much of the branch does it."""
        return len(self.posts) + self.fte

    def held(self) -> bool:
        """The head of the branch names it, a post of it holds it by a stated responsibility, a post named for it
        leads staff, or enough people do it (``min_people`` of functions.yaml): senior posts naming it, and staff."""
        return self.by_head or bool(self.stated) or self.led or self.people >= min_people()


@dataclass
class Portfolio:
    """The top, its chain, the leaders and their branches, and what each branch holds."""

    top: str | None = None
    chain: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    #: each leader's branch: itself and the posts below it, nearest first
    branches: dict[str, list[str]] = field(default_factory=dict)
    #: by leader (and by the top, for its chain's own staff): function -> what of it the branch holds
    holdings: dict[str, dict[str, Holding]] = field(default_factory=dict)
    #: each leader's direct reports, in the file's order
    reports: dict[str, list[str]] = field(default_factory=dict)
    #: function -> the posts whose name says it (``PostFunctions.titled``), branch by branch
    titled: dict[str, list[str]] = field(default_factory=dict)
    #: the positions in the file's order
    positions: list[str] = field(default_factory=list)
    #: the corporate functions more than ``line_share`` of the people do (functions.yaml): the organisation's line
    #: work (a software house's developers), not a service to the rest
    line_work: frozenset[str] = frozenset()

    def held(self, function: str) -> list[str]:
        """The holders (leaders, and the top for its office) that hold a function, in the order of the leaders
        (the top first)."""
        return [holder for holder in self.holders() if self.holding(holder, function).held()]

    @cached_property
    def leader_of(self) -> dict[str, str]:
        """Each position to the leader of its branch (the chain's posts are in no branch)."""
        return {post: leader for leader, posts in self.branches.items() for post in posts}

    def places(self, posts: Iterable[str]) -> dict[str, int]:
        """These posts' places in the file: a tie-break few facts need, found in one pass at C speed rather than kept
        for each of 10^5 positions."""
        wanted = set(posts)
        return dict(compress(zip(self.positions, count()), map(wanted.__contains__, self.positions)))

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
    """Find the top and the leaders, and gather what each branch holds: each branch is walked once (a root's once
    more), since an organisation of 10^5 positions, or a chain of 50,000 posts one below the other, must stay
    fast."""
    positions = index.of_type("position")
    children = index.into("reports_to")
    managed = index.out("reports_to")
    roots = list(filterfalse(managed.__contains__, positions))
    if not roots:  # no positions, or every post in a reporting loop (a file read without the checks)
        return Portfolio(positions=positions)
    stated = stated_areas(index, attrs)
    walked = _walk(roots, children, attrs, stated) if len(roots) > 1 else {}
    root = max(roots, key=lambda r: walked[r].posts) if walked else roots[0]
    if walked and walked[root].posts < DOMINANT_SHARE * len(positions):
        found = Portfolio(leaders=tuple(roots), reports={r: list(children.get(r, ())) for r in roots})
        return _gathered(found, walked, positions, attrs)
    below_root = _walk(children.get(root, []), children, attrs, stated)
    walked |= below_root
    chain = _chain_down(root, children, {report: (b.posts, b.people) for report, b in below_root.items()}, attrs)
    leaders = [r for r in roots if r != root]
    on_chain = set(chain)
    below_chain = [report for node in chain for report in children.get(node, ()) if report not in on_chain]
    walked |= _walk([report for report in below_chain if report not in walked], children, attrs, stated)
    leaders += below_chain
    leaders.sort(key=_place(positions).__getitem__ if len(leaders) > 64 else positions.index)
    found = Portfolio(
        top=chain[-1],
        chain=tuple(chain),
        leaders=tuple(leaders),
        reports={leader: list(children.get(leader, ())) for leader in leaders},
    )
    return _gathered(found, walked, positions, attrs)


def stated_areas(index: EdgeIndex, attrs: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The posts that hold an area beyond the channels by a stated responsibility (own or decide
    ``partnerships/strategy``; a unit's, the posts that lead it): post -> the area's function -> how a text says so.

    >>> from orgdiag.orgfile import parse_org
    >>> from orgdiag.measure.graph import build_graph
    >>> g = build_graph(parse_org('''
    ... organisation: {name: X}
    ... units: [{id: u, name: Partnerships, owns: [partnerships/strategy]}]
    ... positions: [{id: head, title: Director, unit: u, decides: [industry-engagement/budget]},
    ...             {id: officer, title: Officer, unit: u, reports_to: head}]
    ... ''', "x.yaml"))
    >>> stated_areas(EdgeIndex(g), dict(g.nodes(data=True)))["head"]["partnerships"]
    "its unit Partnerships owns 'partnerships/strategy'; decides 'industry-engagement/budget'"
    """
    said: dict[str, dict[str, dict[tuple[str, str], list[str]]]] = {}  # post -> function -> (whose, ref) -> kinds
    for node in index.of_type("responsibility"):
        function = AREAS.get(attrs[node]["scope"])
        if function is None:
            continue
        for kind in ("owns", "decides"):
            for holder in index.sources(node, kind):
                if attrs[holder]["type"] == "position":
                    posts, whose = [holder], ""
                elif attrs[holder]["type"] == "unit":
                    posts = leads(index.sources(holder, "member_of"), lambda post: index.targets(post, "reports_to"))
                    whose = f"its unit {attrs[holder]['name']} "
                else:  # an agency is no part of the organisation's branches
                    continue
                for post in posts:
                    held = said.setdefault(post, {}).setdefault(function, {})
                    held.setdefault((whose, attrs[node]["name"]), []).append(kind)
    return {post: {name: _statement(held) for name, held in functions.items()} for post, functions in said.items()}


def _statement(held: dict[tuple[str, str], list[str]]) -> str:
    """What a post (or the unit it leads) is stated to hold, in words.

    >>> _statement({("", "partnerships/strategy"): ["owns", "decides"], ("", "commercial/kpis"): ["owns"],
    ...             ("its unit Sales ", "commercial/budget"): ["owns"]})
    "owns and decides 'partnerships/strategy'; owns 'commercial/kpis'; its unit Sales owns 'commercial/budget'"
    """
    phrases: dict[str, list[str]] = {}
    for (whose, ref), kinds in held.items():
        phrases.setdefault(whose + joined(kinds), []).append(f"'{ref}'")
    return "; ".join(f"{phrase} {joined(refs)}" for phrase, refs in phrases.items())


def _place(positions: list[str]) -> dict[str, int]:
    return {position: place for place, position in enumerate(positions)}


@dataclass
class _Branch:
    """One branch walked: its posts and people (posts and staff FTE), what it holds, whose name says what."""

    posts: int = 0
    people: float = 0.0
    held: dict[str, Holding] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    titled: list[tuple[str, list[str]]] = field(default_factory=list)


def _walk(
    heads: list[str],
    children: dict[str, list[str]],
    attrs: dict[str, dict[str, Any]],
    stated: dict[str, dict[str, str]],
) -> dict[str, _Branch]:
    """Each head's branch, walked breadth first (nearest the head first) once. The walk visits every position of
    the organisation: it only groups the posts by what their words say (posts of one title share it), and each
    group is added to the holdings once, in the order the groups were first met; then the posts that hold an area
    beyond the channels by a stated responsibility (``stated``: few) are added."""
    walked = {}
    for head in heads:
        members = _breadth_first(head, children)
        nodes = list(map(attrs.__getitem__, members))
        staff = reduce(add, filter(None, map(itemgetter("staff"), nodes)), 0.0)  # in order, as they always were
        groups: dict[PostFunctions, list[str]] = {}
        functions_of = list(map(itemgetter("functions"), nodes))
        for node, functions in compress(
            zip(members, functions_of, strict=True), map(is_not, functions_of, repeat(NOTHING))
        ):
            groups.setdefault(functions, []).append(node)
        staffed = set(compress(members, map(itemgetter("staff"), nodes)))
        branch = _Branch(posts=len(members), people=len(members) + staff, members=members)
        for functions, posts in groups.items():
            _add(branch, posts, functions, not staffed.isdisjoint(posts), attrs[posts[0]]["title"])
        for name in attrs[head]["functions"].mentions:
            branch.held[name].by_head = True
        if stated:
            _add_stated(branch, [member for member in members if member in stated], stated)
        walked[head] = branch
    return walked


def _breadth_first(head: str, children: dict[str, list[str]]) -> list[str]:
    """A head and the posts below it, nearest first: the one loop that visits each post of a large organisation."""
    queue = [head]
    below_of, extend = children.get, queue.extend
    for node in queue:  # the queue grows as it is walked
        below = below_of(node)
        if below:
            extend(below)
    return queue


def _add(branch: _Branch, posts: list[str], functions: PostFunctions, with_staff: bool, attrs_title: str) -> None:
    """Posts that share what their words say (and their title, digits aside), some of them leading staff or none,
    added to a branch's holdings."""
    held = branch.held
    for name in functions.mentions:
        held.setdefault(name, Holding()).posts.extend(posts)
    for name, work in functions.staff.items():
        held.setdefault(name, Holding()).staff.extend((post, work) for post in posts)
    for name in functions.titled:
        branch.titled.append((name, posts))
    if with_staff:
        family_of = families()
        for name in _name_of(functions, attrs_title):
            if family_of[name] == "corporate":
                held[name].led = True


def _add_stated(branch: _Branch, posts: list[str], stated: dict[str, dict[str, str]]) -> None:
    """Posts that hold an area beyond the channels by a stated responsibility, added to a branch's holdings."""
    for post in posts:
        for name, words in stated[post].items():
            holding = branch.held.setdefault(name, Holding())
            holding.stated[post] = words
            if post not in holding.posts:
                holding.posts.append(post)


def _name_of(functions: PostFunctions, title: str) -> tuple[str, ...]:
    """The functions a post's name says: its title's (or, for a title of a rank alone, its job text's), else, for a
    title of a rank alone whose job text names nothing, its profession's. A job text that mentions a function
    under a title naming something else ("law and policy on elections") names no team of it.

    >>> from orgdiag.model.functions import post_functions
    >>> from orgdiag.model import Position
    >>> _name_of(post_functions(Position(id="p", title="Deputy Director", function="Service Centre",
    ...     profession="Information Technology")), "Deputy Director")
    ('it',)
    >>> _name_of(post_functions(Position(id="p", title="Deputy Director, Elections",
    ...     function="Law and policy on elections")), "Deputy Director, Elections")
    ()
    """
    if functions.titled or not generic_title(title):
        return functions.titled
    return functions.named


def _sizes(root: str, children: dict[str, list[str]], attrs: dict[str, dict[str, Any]]) -> dict[str, tuple[int, float]]:
    """Each post below a root (and the root) to the posts and people (posts and staff FTE) of its branch, added up
    from the bottom in one pass."""
    order = _breadth_first(root, children)
    sizes: dict[str, tuple[int, float]] = {}
    for node in reversed(order):
        posts, people = 1, 1.0 + attrs[node]["staff"]
        for report in children.get(node, ()):
            posts, people = posts + sizes[report][0], people + sizes[report][1]
        sizes[node] = posts, people
    return sizes


def _chain_down(
    root: str,
    children: dict[str, list[str]],
    below_root: dict[str, tuple[int, float]],
    attrs: dict[str, dict[str, Any]],
) -> list[str]:
    """The root and the posts below it followed down while one report holds nearly all the branch and runs it (a
    board to its chief executive): the last is the top. `below_root` holds the posts and people of the root's
    reports' branches; those further down are added up once, and only where the root has such a report (most
    organisations' root is their top)."""
    dominant = _dominant(root, below_root, attrs)
    if dominant is None:
        return [root]
    sizes = _sizes(dominant, children, attrs)
    chain = [root, dominant]
    while True:
        reports = children.get(chain[-1], [])
        dominant = _dominant(chain[-1], {report: sizes[report] for report in reports}, attrs)
        if dominant is None:
            return chain
        chain.append(dominant)


def _dominant(node: str, sizes: dict[str, tuple[int, float]], attrs: dict[str, dict[str, Any]]) -> str | None:
    """The report of `node` that holds nearly all the posts and people below it, if one does and runs it (its only
    report, or an executive by its title); `sizes` are the reports' branches' posts and people."""
    if not sizes:
        return None
    best = max(sizes, key=lambda report: sizes[report][0])
    all_posts = sum(posts for posts, _ in sizes.values())
    all_people = sum(people for _, people in sizes.values()) + attrs[node]["staff"]
    holds_posts = sizes[best][0] >= DOMINANT_SHARE * all_posts
    holds_people = sizes[best][1] >= DOMINANT_SHARE * all_people
    runs_it = len(sizes) == 1 or "executive" in attrs[best]["roles"]
    return best if holds_posts and holds_people and runs_it and all_posts > 1 else None


def _gathered(
    found: Portfolio, walked: dict[str, _Branch], positions: list[str], attrs: dict[str, dict[str, Any]]
) -> Portfolio:
    """Each leader's branch given to it, what each branch (and the top's office) holds, and whose name says what."""
    found.positions = positions
    titled: dict[str, list[str]] = {}
    people = 0.0
    for leader in found.leaders:
        branch = walked[leader]
        people += branch.people
        found.holdings[leader] = branch.held
        found.branches[leader] = branch.members
        for name, posts in branch.titled:
            titled.setdefault(name, []).extend(posts)
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
    found.titled = titled
    doing: dict[str, float] = {}
    for held_by_function in found.holdings.values():
        for name, holding in held_by_function.items():
            doing[name] = doing.get(name, 0.0) + holding.people
    corporate = {name for name, family in families().items() if family == "corporate"}
    found.line_work = frozenset(
        name for name, count in doing.items() if name in corporate and count > line_share() * people
    )
    return found
