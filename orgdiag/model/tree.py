"""The trees of an organisation, walked in one place: the unit tree (each unit's ``parent``) and the reporting
lines (each position's ``reports_to``), or any other map of a node to its parent.

A :class:`Tree` answers what is above a node (:meth:`~Tree.ancestors`), what is below it
(:meth:`~Tree.descendants`), how deep each node lies (:attr:`~Tree.depth`) and what a value adds up to over each
node's subtree (:meth:`~Tree.roll_up`). The loader refuses loops, but every walk here stops where it meets a node
it has walked already, so that none runs forever should a loop get past it (a draft being restructured, a file
read without the checks). A tree is built once per organisation (:func:`unit_tree`, :func:`reporting_lines`,
:func:`~orgdiag.model.links.live_lines`) and kept while the organisation lives.

>>> tree = Tree({"hq": None, "sales": "hq", "north": "sales", "it": "hq"})
>>> list(tree.ancestors("north")), tree.descendants("sales"), tree.depth["north"]
(['sales', 'hq'], ['north'], 2)
>>> tree.roll_up({"hq": 1, "sales": 2, "north": 3})
{'hq': 6, 'sales': 5, 'north': 3, 'it': 0}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import attrgetter
from typing import TypeVar

from orgdiag.model.bulk import PerObject
from orgdiag.model.org import OrgFile

N = TypeVar("N", int, float)


class Tree:
    """A forest given by each node's parent (None, or no entry, at the top; a parent that has no entry of its own
    is a top itself). Its children and depths are worked out when first asked for, then kept: the map must not
    change while the tree is used.

    >>> loop = Tree({"a": "b", "b": "a", "c": "a"})
    >>> list(loop.ancestors("c")), loop.top("c"), loop.descendants("a")
    (['a', 'b'], 'b', ['b', 'c'])
    """

    def __init__(self, parent_of: Mapping[str, str | None]):
        self.parent_of = parent_of
        self._children: dict[str | None, list[str]] | None = None
        self._depth: dict[str, int] | None = None
        self._deepest_first: list[str] | None = None

    def parent(self, node: str) -> str | None:
        """The node's parent (None at the top)."""
        return self.parent_of.get(node)

    def ancestors(self, node: str) -> Iterator[str]:
        """The nodes above ``node``, nearest first, each once; the walk stops where it comes back to a node it met.

        >>> list(Tree({"a": None, "b": "a", "c": "b"}).ancestors("c"))
        ['b', 'a']
        """
        seen = {node}
        above = self.parent_of.get(node)
        while above is not None and above not in seen:
            yield above
            seen.add(above)
            above = self.parent_of.get(above)

    def top(self, node: str) -> str:
        """The highest node above ``node`` (the node itself at the top).

        >>> Tree({"a": None, "b": "a"}).top("b"), Tree({"a": None}).top("a")
        ('a', 'a')
        """
        highest = node
        for above in self.ancestors(node):
            highest = above
        return highest

    def within(self, node: str | None, top: str) -> bool:
        """Whether ``node`` is ``top`` or below it.

        >>> tree = Tree({"a": None, "b": "a"})
        >>> tree.within("b", "a"), tree.within("a", "b"), tree.within(None, "a")
        (True, False, False)
        """
        return node is not None and (node == top or any(above == top for above in self.ancestors(node)))

    @property
    def children(self) -> dict[str | None, list[str]]:
        """Each parent's children, in the map's order (the tops under None)."""
        if self._children is None:
            children: dict[str | None, list[str]] = {}
            for node, parent in self.parent_of.items():
                children.setdefault(parent, []).append(node)
            self._children = children
        return self._children

    def descendants(self, node: str, levels: int | None = None) -> list[str]:
        """The nodes below ``node`` (to ``levels`` levels below; None: all), each once, never ``node`` itself.

        >>> tree = Tree({"a": None, "b": "a", "c": "b", "d": "a"})
        >>> tree.descendants("a"), tree.descendants("a", levels=1)
        (['b', 'd', 'c'], ['b', 'd'])
        """
        return below(node, lambda parent: self.children.get(parent, ()), levels)

    @property
    def depth(self) -> dict[str, int]:
        """How many nodes lie above each node (0 at the top), for every node of the map (:func:`depths`)."""
        if self._depth is None:
            self._depth = depths(self.parent_of, self.parent_of)
        return self._depth

    def roll_up(self, own: Mapping[str, N]) -> dict[str, N]:
        """Each node's value (``own``; none: 0) added up over the node and every node below it, for every node of
        the map (and each parent without an entry of its own). Each node is added into its parent once all below it
        are in, deepest first and otherwise in the map's order; in a loop, the node where the walk came round is not
        added into its parent again.

        >>> Tree({"a": "b", "b": "a"}).roll_up({"a": 1, "b": 10})
        {'a': 1, 'b': 11}
        """
        depth: dict[str, int] = self.depth
        totals: dict[str, N] = {node: own.get(node, 0) for node in (*self.parent_of, *depth)}
        for node in self._bottom_up():
            above = self.parent_of.get(node)
            if above is not None and depth[above] < depth[node]:
                totals[above] += totals[node]
        return totals

    def _bottom_up(self) -> list[str]:
        """Every node, deepest first and otherwise in the map's order: the order roll-ups add in, sorted once for
        all of them (a unit table rolls up four columns)."""
        if self._deepest_first is None:
            depth = self.depth
            self._deepest_first = sorted(dict.fromkeys((*self.parent_of, *depth)), key=depth.__getitem__, reverse=True)
        return self._deepest_first


def below(node: str, children_of: Callable[[str], Iterable[str]], levels: int | None = None) -> list[str]:
    """The nodes below ``node`` along ``children_of`` (to ``levels`` levels below; None: all), each once, never
    ``node`` itself: for trees held as children rather than parents (a draft being restructured).

    >>> children = {"a": ["b", "c"], "b": ["a", "d"]}
    >>> below("a", lambda parent: children.get(parent, []))
    ['b', 'c', 'd']
    """
    found: dict[str, None] = {}
    level, frontier = 0, [node]
    while frontier and (levels is None or level < levels):
        next_level: list[str] = []
        for parent in frontier:
            for child in children_of(parent):
                if child != node and child not in found:
                    found[child] = None
                    next_level.append(child)
        level, frontier = level + 1, next_level
    return list(found)


def depths(nodes: Iterable[str], parent_of: Mapping[str, str | None]) -> dict[str, int]:
    """How many ancestors each node has along `parent_of` (a node to its parent; None or no entry at the top, and
    a parent that has no entry is a top itself). Each chain is walked once, one step where the parent is measured
    already; should a loop get past the loader, a walk stops where it meets its own chain, so that every depth
    stays finite.

    >>> depths(["c", "b", "a"], {"a": None, "b": "a", "c": "b"})
    {'a': 0, 'b': 1, 'c': 2}
    >>> depths(["x", "y"], {"x": "y", "y": "x"})
    {'y': 0, 'x': 1}
    """
    depth: dict[str, int] = {}
    for node in nodes:
        if node in depth:
            continue
        parent = parent_of.get(node)
        known = -1 if parent is None else depth.get(parent)
        if known is not None:  # the common case: a top, or a parent already measured
            depth[node] = known + 1
            continue
        chain: dict[str, None] = {}
        current: str | None = node
        while current is not None and current not in depth and current not in chain:
            chain[current] = None
            current = parent_of.get(current)
        next_depth = 0 if current is None or current in chain else depth[current] + 1
        for walked in reversed(chain):
            depth[walked] = next_depth
            next_depth += 1
    return depth


def unit_tree(org: OrgFile) -> Tree:
    """The unit tree of an organisation (each unit's ``parent``), built once and kept while the organisation lives.

    >>> org = OrgFile.model_validate({"organisation": {"name": "X"},
    ...     "units": [{"id": "hq", "name": "HQ"}, {"id": "ops", "name": "Ops", "parent": "hq"}]})
    >>> unit_tree(org).depth, unit_tree(org) is unit_tree(org)
    ({'hq': 0, 'ops': 1}, True)
    """
    tree = _UNITS.get(org)
    return tree if tree is not None else _UNITS.keep(org, Tree({unit.id: unit.parent for unit in org.units}))


def reporting_lines(org: OrgFile) -> Tree:
    """The reporting lines of every position (its ``reports_to``), abolished posts included; built once and kept
    while the organisation lives."""
    tree = _LINES.get(org)
    if tree is None:
        ids, managers = map(attrgetter("id"), org.positions), map(attrgetter("reports_to"), org.positions)
        tree = _LINES.keep(org, Tree(dict(zip(ids, managers, strict=True))))
    return tree


_UNITS: PerObject[Tree] = PerObject()
_LINES: PerObject[Tree] = PerObject()
