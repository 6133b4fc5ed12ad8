"""What an export's rows say that cannot be taken at face value, measured once per organisation: posts whose pay is
not given where the export gives pay, staff counted under a post that publishes no paybill, a post placed in a unit
off its reporting line, one job text copied onto posts with other titles, every post in one unit.

The `org` and `position` facts carry these measures (their fields are documented there); the data-quality rules
read them. Each is one pass over the positions (or over the groups of one job text), so that 100,000 positions
cost what one more fact field costs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter, ne
from typing import Any

from orgdiag.measure.graph import EdgeIndex
from orgdiag.model.org import Position, Staff, total_fte
from orgdiag.naming import counted, holder_label

#: Marks of a row that no person holds (a pool of people between postings, a row there only to carry staff): it has
#: no pay of its own to give.
NOT_HELD = frozenset({"pool", "not-a-post"})

#: Where a title's qualifier starts: "Regional Director: South", "Project Director (Policy)", "Deputy Director,
#: Health", "Director - National Media Museum", "Legal Director- Competition".
#: Quotes an export may wrap a text in, not always the same ones ('"Heads team …”').
_QUOTES = "\"'“”‘’ "

#: The most posts a message names one by one; the rest are counted.
MAX_NAMED = 12

_QUALIFIER = re.compile(r"\s*(?:[:(,–]|\s-\s|-\s)")


@dataclass
class DataQuality:
    """The measures of the rows, by position id (in the file's order)."""

    #: where the data gives pay: the live posts a person holds (not vacant, not a pool or a row that only carries
    #: staff), whose pay it could give
    held: list[str] = field(default_factory=list)
    #: those of them with no pay range, where the export gives pay for other posts or for staff
    pay_withheld: list[str] = field(default_factory=list)
    #: live posts with staff counted under them and no published paybill, where the export publishes paybills
    nil_paybill: list[str] = field(default_factory=list)
    #: live posts placed in a unit off their reporting line, each with its manager
    off_line: dict[str, str] = field(default_factory=dict)
    #: posts whose job text is word for word that of posts with another title, each with those posts
    copied_from: dict[str, list[str]] = field(default_factory=dict)
    #: the one unit every live post is in and every staff member works in, if there is one
    sole_unit: str | None = None


#: The fields of a post's row beyond its title, holder and line that the measures read.
MORE_FIELDS = frozenset({"staff", "pay", "paybill", "function", "marks"})


def data_quality(
    index: EdgeIndex, attrs: dict[str, dict[str, Any]], unit_of: dict[str, str], fields: frozenset[str]
) -> DataQuality:
    """Measure the rows of an organisation's graph. Most organisations (every org file written by hand) give no pay,
    paybill, job text or staff: no post is given those `fields` (:func:`~orgdiag.model.bulk.fields_given`), and
    each is measured only where some post gives it."""
    positions = index.of_type("position")
    quality = DataQuality(off_line=off_line_units(index, unit_of))
    if MORE_FIELDS.isdisjoint(fields):
        quality.sole_unit = sole_unit(positions, unit_of, attrs, ())
        return quality
    posts: list[tuple[str, Position]] = [(p, attrs[p]["post"]) for p in positions]
    given = [(p, post) for p, post in posts if _gives_more(post)]
    if not given:
        quality.sole_unit = sole_unit(positions, unit_of, attrs, ())
        return quality
    if any(post.pay is not None or _staff_paid(post) for _, post in given):
        held = [(p, post) for p, post in posts if not post.vacant and _held(post)]
        quality.held = [p for p, _ in held]
        quality.pay_withheld = [p for p, post in held if post.pay is None]
    if any(post.paybill for _, post in given):
        quality.nil_paybill = [p for p, post in given if attrs[p]["staff"] and not post.paybill]
    quality.copied_from = copied_functions([(p, post.function) for p, post in given if post.function], attrs)
    staff_units = [name for _, post in given for name in units_of_staff(post.staff)]
    quality.sole_unit = sole_unit(positions, unit_of, attrs, staff_units)
    return quality


def _gives_more(post: Position) -> bool:
    """Whether a post's row gives anything beyond its title, holder and line: staff, pay, a paybill, job text or
    marks. An org file written by hand gives none of it."""
    return bool(post.staff or post.pay is not None or post.paybill is not None or post.function or post.marks)


def _staff_paid(post: Position) -> bool:
    return any(staff.pay is not None for staff in post.staff)


def _held(post: Position) -> bool:
    return not post.marks or NOT_HELD.isdisjoint(post.marks)


def units_of_staff(staff: tuple[Staff, ...]) -> tuple[str, ...]:
    """The units the staff counted under a post work in, as the export names them, each once in the file's order.

    >>> units_of_staff((Staff(title="Officer", fte=2, unit="Finance"), Staff(title="Clerk", fte=1),
    ...                 Staff(title="Manager", fte=1, unit="Finance")))
    ('Finance',)
    """
    return tuple(dict.fromkeys(member.unit for member in staff if member.unit))


def off_line_units(index: EdgeIndex, unit_of: dict[str, str]) -> dict[str, str]:
    """Posts whose unit is neither their manager's unit, nor below it, nor above it, in one unit tree: the unit or
    the line is wrong. Not held against a line: units of different trees (a flat list of units says nothing of
    where they stand) and the units of the top team (a post reporting to nobody), whose members sit on a board or
    committee whatever line they report on.

    Only the posts in another unit than their manager's are looked at, found at C speed; most of them head a unit
    whose parent is their manager's, and are passed at the first look.
    """
    lines = index.out("reports_to")
    posts, managers = list(lines), list(map(itemgetter(0), lines.values()))
    units, aboves = list(map(unit_of.get, posts)), list(map(unit_of.get, managers))
    tree = index.tree("part_of")
    parent = tree.parent_of.get
    top_team: set[str] | None = None
    off: dict[str, str] = {}
    for i in compress(range(len(posts)), map(ne, units, aboves)):
        unit, above = units[i], aboves[i]
        if unit is None or above is None or parent(unit) == above or parent(above) == unit:
            continue
        if tree.within(unit, above) or tree.within(above, unit) or tree.top(unit) != tree.top(above):
            continue
        if top_team is None:
            top_team = {unit_of[p] for p in index.of_type("position") if p not in lines and p in unit_of}
        if unit not in top_team and above not in top_team:
            off[posts[i]] = managers[i]
    return off


def title_stem(title: str) -> str:
    """A title without its qualifier, in lower case: what kind of post it names.

    >>> title_stem("Regional Director: South"), title_stem("Project Director (Policy)"), title_stem("Head of HR")
    ('regional director', 'project director', 'head of hr')
    """
    return _QUALIFIER.split(title.casefold(), maxsplit=1)[0].strip()


def copied_functions(texts: list[tuple[str, str]], attrs: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Posts whose job text is, word for word, that of posts with another kind of title: each with the posts of the
    title most of that text's posts have (on a tie, the first in the file), which the others' text was copied from.
    ``texts``: each post with a job text, and the text, in the file's order.

    >>> attrs = {"a": {"title": "Regional Director: North"}, "b": {"title": "Regional Director: South"},
    ...          "c": {"title": "Resilience Director"}}
    >>> copied_functions([(p, "Leads the regional teams.") for p in "abc"], attrs)
    {'c': ['a', 'b']}
    """
    by_text: dict[str, list[str]] = {}
    for position, text in texts:
        by_text.setdefault(" ".join(text.casefold().split()).strip(_QUOTES), []).append(position)
    copied: dict[str, list[str]] = {}
    for group in by_text.values():
        if len(group) < 2:
            continue
        stems = {position: title_stem(attrs[position]["title"]) for position in group}
        counts = Counter(stems.values())
        if len(counts) < 2:
            continue
        leading = max(counts, key=counts.__getitem__)  # the first of the most common, in the file's order
        originals = [position for position in group if stems[position] == leading]
        copied.update((position, originals) for position in group if stems[position] != leading)
    return copied


def sole_unit(
    positions: list[str], unit_of: dict[str, str], attrs: dict[str, dict[str, Any]], staff_units: Iterable[str]
) -> str | None:
    """The one unit every live post is in, when the staff under them (``staff_units``: the units they work in, as the
    export names them) name no other; None when posts are in several units, a post is in none, or there are none."""
    unit = unit_of.get(positions[0]) if positions else None
    if unit is None or any(unit_of.get(position) != unit for position in positions):
        return None
    names = {unit.casefold(), attrs[unit]["name"].casefold()}
    return unit if {name.casefold() for name in staff_units} <= names else None


def staff_fte(positions: list[str], attrs: dict[str, dict[str, Any]]) -> float:
    """The FTE of staff counted under these posts, added up exactly."""
    return total_fte(attrs[p]["staff"] for p in positions if attrs[p]["staff"])


def labels_counted(posts: list[str], attrs: dict[str, dict[str, Any]]) -> str:
    """How a message names a list of posts: by title and holder, a title held by several unnamed posts once with
    their number, in the file's order, separated by semicolons (titles hold commas); past :data:`MAX_NAMED` names,
    how many more there are.

    >>> attrs = {"a": {"title": "Legal Director", "holder": None}, "b": {"title": "Legal Director", "holder": None},
    ...          "c": {"title": "Deputy Director, Health", "holder": "A. Smith"}}
    >>> labels_counted(["a", "c", "b"], attrs)
    'Legal Director (2 posts); Deputy Director, Health (A. Smith)'
    """
    counts = Counter(holder_label(attrs[p]["title"], attrs[p]["holder"]) for p in posts)
    labels = [label if count == 1 else f"{label} ({count} posts)" for label, count in counts.items()]
    if len(labels) > MAX_NAMED:
        rest = sum(list(counts.values())[MAX_NAMED:])
        labels = [*labels[:MAX_NAMED], f"and {counted(rest, 'more post')}"]
    return "; ".join(labels)
