"""Which post of one snapshot is which post of another: by id, else by title, unit and holder.

HR systems keep a post's id while the post lasts, but bodies renumber their posts at reorganisations, and a
published organogram sometimes reuses an id for another post. A post is therefore matched, in this order:

1. by its **id**: high confidence when the title or the holder is the same too, low when both changed (the id
   may have been given to another post);
2. by **title, unit and holder** (a named holder): high;
3. by **title and holder** (the post moved to another unit): medium;
4. by **holder and a similar title** (half the title's words or more the same; renumbered and retitled, as at a
   regrading): medium;
5. by **title and unit** (a new holder, or none named): medium;
6. by **title** alone, when no other post in either snapshot has it: low.

Titles and units are compared without case and punctuation ("Director - Communications" is "Director,
Communications"); holders by the words of their name in any order ("Barrett John" is "John Barrett"). A key
matches only when exactly one unmatched post has it on each side, never by a guess between several.

>>> from orgdiag.model import OrgFile, Unit
>>> def org(*posts): return OrgFile.model_validate({"organisation": {"name": "X"}, "positions": list(posts)})
>>> before = org({"id": "1", "title": "CEO", "holder": "Ann Berg"}, {"id": "2", "title": "Head of Web"})
>>> after = org({"id": "10", "title": "CEO", "holder": "Berg Ann"}, {"id": "2", "title": "Head of Web"})
>>> for post, found in sorted(match_posts(posts_of(before), posts_of(after)).items()): print(post, found)
10 Matched(earlier='1', how='title, unit and holder', confidence='high')
2 Matched(earlier='2', how='id', confidence='high')
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from orgdiag.model import OrgFile, Unit
from orgdiag.model.links import live_positions

Confidence = Literal["high", "medium", "low"]

#: How a post can be matched, in the order tried, with the confidence each gives.
HOWS: tuple[tuple[str, Confidence], ...] = (
    ("id", "high"),
    ("id (title and holder changed)", "low"),
    ("title, unit and holder", "high"),
    ("title and holder", "medium"),
    ("holder and a similar title", "medium"),
    ("title and unit", "medium"),
    ("title", "low"),
)
CONFIDENCE_OF: dict[str, Confidence] = dict(HOWS)

_NOT_WORD = re.compile(r"[\W_]+")


def words(text: str | None) -> str:
    """Text compared without case or punctuation.

    >>> words("Director - Communications") == words("Director, Communications")
    True
    """
    return " ".join(_NOT_WORD.sub(" ", (text or "").casefold()).split())


def name_key(name: str | None) -> str:
    """A person's name compared by its words in any order.

    >>> name_key("Barrett John") == name_key("John Barrett")
    True
    """
    return " ".join(sorted(words(name).split()))


@dataclass(frozen=True)
class Post:
    """What a live post is recognised by in another snapshot: its id, title, unit's name and holder, compared as
    :func:`words`; and whom it reports to and where it sits, to tell what changed."""

    id: str
    title: str
    unit: str
    holder: str
    reports_to: str | None
    #: the title as the snapshot writes it
    shown: str = ""


@dataclass(frozen=True)
class Matched:
    """The post of the earlier snapshot a post is, and how that was found."""

    earlier: str
    how: str
    confidence: Confidence


def posts_of(org: OrgFile) -> dict[str, Post]:
    """The live posts of an organisation by id, as the matcher compares them."""
    units = {unit.id: unit.name for unit in org.units}
    return {
        position.id: Post(
            position.id,
            words(position.title),
            words(units.get(position.unit or "", position.unit)),
            name_key(position.holder),
            position.reports_to,
            position.title,
        )
        for position in live_positions(org)
    }


def match_posts(earlier: Mapping[str, Post], later: Mapping[str, Post]) -> dict[str, Matched]:
    """By the id of each post of `later` that is a post of `earlier`, which one and how it was found (the module's
    order). Each post of either side is matched at most once."""
    found: dict[str, Matched] = {}
    for current in later.values():
        if current.id in earlier:
            before = earlier[current.id]
            same = current.title == before.title or (current.holder != "" and current.holder == before.holder)
            how = "id" if same else "id (title and holder changed)"
            found[current.id] = Matched(current.id, how, CONFIDENCE_OF[how])
    taken = {matched.earlier for matched in found.values()}
    for how, key in _KEYS:
        left = _unique_by(key, (p for p in earlier.values() if p.id not in taken))
        right = _unique_by(key, (p for p in later.values() if p.id not in found))
        for value, post in right.items():
            if value in left and (how != "holder and a similar title" or similar(earlier[left[value]], later[post])):
                found[post] = Matched(left[value], how, CONFIDENCE_OF[how])
                taken.add(left[value])
    return found


#: The keys tried after the id, in order: each gives a post's key, or None when the post lacks a part of it.
_KEYS: tuple[tuple[str, Callable[[Post], tuple[str, ...] | None]], ...] = (
    ("title, unit and holder", lambda p: (p.title, p.unit, p.holder) if p.holder else None),
    ("title and holder", lambda p: (p.title, p.holder) if p.holder else None),
    ("holder and a similar title", lambda p: (p.holder,) if p.holder else None),
    ("title and unit", lambda p: (p.title, p.unit)),
    ("title", lambda p: (p.title,)),
)


def similar(one: Post, other: Post) -> bool:
    """Whether two posts' titles share half their words or more (of the words in either).

    >>> similar(Post("1", "acting director western asia", "", "", None),
    ...         Post("2", "director western asia division acting", "", "", None))
    True
    """
    first, second = set(one.title.split()), set(other.title.split())
    return len(first & second) * 2 >= len(first | second)


def _unique_by(key: Callable[[Post], tuple[str, ...] | None], posts: Iterable[Post]) -> dict[tuple[str, ...], str]:
    """The posts by key, for the keys exactly one post has (a post without the key's parts has none)."""
    holders: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for post in posts:
        value = key(post)
        if value is not None and value[0]:  # no unit on either side is the same unit
            holders[value].append(post.id)
    return {value: ids[0] for value, ids in holders.items() if len(ids) == 1}


def match_units(earlier: OrgFile, later: OrgFile) -> dict[str, str]:
    """By the id of each unit of `later` that is a unit of `earlier`, its id there: by id, else by a name no other
    unit has."""
    before = {unit.id for unit in earlier.units}
    found = {unit.id: unit.id for unit in later.units if unit.id in before}
    names = _unique_names([u for u in earlier.units if u.id not in set(found.values())])
    for name, unit in _unique_names([u for u in later.units if u.id not in found]).items():
        if name in names:
            found[unit] = names[name]
    return found


def _unique_names(units: list[Unit]) -> dict[str, str]:
    counted: dict[str, list[str]] = defaultdict(list)
    for unit in units:
        counted[words(unit.name)].append(unit.id)
    return {name: ids[0] for name, ids in counted.items() if len(ids) == 1}
