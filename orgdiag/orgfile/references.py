"""Every reference of an org file resolves, ids are unique, and neither the unit tree nor the reporting lines loop."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from typing import Any

from orgdiag.model import (
    AREAS,
    CHANNEL_KINDS,
    HOLDERS,
    MARCOM,
    RESPONSIBILITIES,
    SECTIONS,
    OrgFile,
    split_ref,
)
from orgdiag.model.links import REFERENCES, Reference, named, referring_to
from orgdiag.orgfile.lines import Path_, item_ids, located
from orgdiag.problems import Problem, did_you_mean

Kept = dict[str, list[int]]


#: References with rules of their own beside existing (positions' dotted lines: not to oneself, not twice).
CHECKED_APART = frozenset({("positions", "dotted_to")})


def check_references(
    org: OrgFile, raw: dict[str, Any], kept: Kept, filename: str, lines: Mapping[Path_, int]
) -> list[Problem]:
    """Every reference resolves, ids are unique, and neither the unit tree nor the reporting lines loop.

    Ids of items that failed type validation still count as existing, so that one
    wrong type does not also show up as a dozen unknown references.
    """
    checker = _ReferenceChecker(org, raw, kept, filename, lines)
    return checker.run()


class _ReferenceChecker:
    def __init__(self, org: OrgFile, raw: dict[str, Any], kept: Kept, filename: str, lines: Mapping[Path_, int]):
        self.org = org
        self.raw = raw
        self.kept = kept
        self.filename = filename
        self.lines = lines
        self.problems: list[Problem] = []
        self._indexed: dict[str, list[tuple[int, Any]]] = {}
        self._any_of: dict[tuple[str, ...], set[str]] = {}
        #: each section's ids as the file gives them, in its order (None for an item without one)
        self.id_lists = {section: self._raw_ids(section) for section in SECTIONS}
        texts = {section: _texts(ids) for section, ids in self.id_lists.items()}
        #: how many ids of each section are text (an id of another type is the type check's to report)
        self.text_ids = sum(len(ids) for ids in texts.values())
        #: each section's ids that are text: what references may name
        self.ids = {section: set(ids) for section, ids in texts.items()}
        #: the scopes a responsibility may have: marcom, a channel, an area beyond the channels
        self.scopes = {MARCOM, *self.ids["channels"], *AREAS}
        #: every well-formed SCOPE/RESPONSIBILITY reference: the common case, checked in one set lookup
        self.valid_refs = {f"{scope}/{word}" for scope in self.scopes for word in RESPONSIBILITIES}

    def _raw_ids(self, section: str) -> list[Any]:
        items = self.raw.get(section)
        if not isinstance(items, list):
            return []
        if all(map(isinstance, items, repeat(dict))):  # a valid file, read at C speed
            return list(map(dict.get, items, repeat("id")))
        return [item.get("id") if isinstance(item, dict) else None for item in items]

    def report(self, path: Path_, message: str, *ids: str) -> None:
        own = item_ids(self.raw, path)
        label = f" '{own[0]}'" if own else ""
        line, place = located(self.lines, path)
        self.problems.append(Problem(self.filename, line, place + label, message, (*own, *ids)))

    def run(self) -> list[Problem]:
        self.check_ids()
        for reference in REFERENCES:
            if (reference.section, reference.key) not in CHECKED_APART:
                self.check_reference(reference)
        for section in HOLDERS:
            self.check_responsibilities_of(section)
        self.check_dotted_lines()
        self.check_abolished()
        self.check_channels()
        self.check_links()
        self.check_loop("units", "parent", "the unit tree loops")
        self.check_loop("positions", "reports_to", "the reporting lines loop")
        return self.problems

    def indexed(self, section: str) -> list[tuple[int, Any]]:
        """The validated items of a section, each with its place in the file."""
        indexed = self._indexed.get(section)
        if indexed is None:
            indexed = self._indexed[section] = list(zip(self.kept[section], getattr(self.org, section), strict=True))
        return indexed

    def check_reference(self, reference: Reference) -> None:
        """Every id the field names is an id of one of its target sections."""
        section, key = reference.section, reference.key
        valid = self.ids[reference.targets[0]] if len(reference.targets) == 1 else self.any_of(reference.targets)
        if valid.issuperset(self.named_in(section, key, reference.many)):
            return  # the common case, in bulk: every name resolves
        for index, item in self.indexed(section):
            value = getattr(item, key)
            if reference.many:
                for number, one in enumerate(value):
                    if one not in valid:
                        self.unknown((section, index, key, number), one, reference)
            elif value is not None and value not in valid:
                self.unknown((section, index, key), value, reference)

    def named_in(self, section: str, key: str, many: bool) -> set[str]:
        """Every id a field of a section's items names (read at C speed: a million positions name their managers)."""
        values = list(map(attrgetter(key), getattr(self.org, section)))
        if many:
            return set().union(*values)
        named = set(values)
        named.discard(None)
        return named

    def any_of(self, sections: tuple[str, ...]) -> set[str]:
        """The ids of several sections (worked out once: references of three sections name a million positions)."""
        found = self._any_of.get(sections)
        if found is None:
            found = self._any_of[sections] = set().union(*(self.ids[section] for section in sections))
        return found

    def unknown(self, path: Path_, value: str, reference: Reference) -> None:
        if len(reference.targets) == 1:
            self.expect(path, value, reference.targets[0], reference.what)
        else:
            self.expect_any(path, value, reference.targets, reference.what)

    def check_ids(self) -> None:
        if self._ids_are_sound():
            return
        first_seen: dict[str, Path_] = {}
        for section, ids in self.id_lists.items():
            for index, item_id in self._suspect_ids(ids, first_seen):
                self.check_id(item_id, (section, index, "id"), first_seen)
            first_seen.update(
                (item_id, (section, index, "id"))
                for index, item_id in enumerate(ids)
                if isinstance(item_id, str) and item_id not in first_seen
            )

    def _ids_are_sound(self) -> bool:
        """Whether every id given as text is unique across the file and neither empty, blank nor reserved: most
        files, checked in bulk (a million positions would otherwise cost seconds of look-ups); an id of another
        type is for the type check to report."""
        if sum(len(ids) for ids in self.ids.values()) != self.text_ids:
            return False  # an id twice in a section
        by_size = sorted(self.ids.values(), key=len)
        if any(not smaller.isdisjoint(larger) for n, smaller in enumerate(by_size) for larger in by_size[n + 1 :]):
            return False  # an id in two sections
        if any(MARCOM in ids for ids in by_size):
            return False
        first_letters = set(chain.from_iterable(map(itemgetter(slice(1)), ids) for ids in by_size))
        return not any(letter in ("", "#") or letter.isspace() for letter in first_letters)

    @staticmethod
    def _suspect_ids(ids: list[Any], first_seen: dict[str, Path_]) -> list[tuple[int, str]]:
        """Where an id may be wrong (empty, reserved, or seen before): most files have none, found in bulk."""
        text = [i for i in ids if isinstance(i, str)]
        unique = len(set(text)) == len(text) and first_seen.keys().isdisjoint(text)
        if unique and all(i.strip() and not i.startswith("#") and i != MARCOM for i in text):
            return []
        return [(index, item_id) for index, item_id in enumerate(ids) if isinstance(item_id, str)]

    def check_id(self, item_id: str, path: Path_, first_seen: dict[str, Path_]) -> None:
        if not item_id.strip():
            self.report(path, "the id is empty")
        elif item_id.startswith("#"):
            self.report(path, f"ids may not start with '#' (reserved for derived nodes): '{item_id}'", item_id)
        elif item_id == MARCOM:
            self.report(path, f"'{MARCOM}' is reserved for 'all channels' and cannot be an id", item_id)
        if item_id in first_seen:
            self.report(
                path,
                f"duplicate id '{item_id}', already used at {located(self.lines, first_seen[item_id])[1]}",
                item_id,
            )
        else:
            first_seen[item_id] = path

    def expect(self, path: Path_, value: str | None, section: str, what: str) -> None:
        if value is None or value in self.ids[section]:
            return
        hint = did_you_mean(value, self.ids[section] - set(item_ids(self.raw, path)))
        self.report(path, f"'{value}' is not {what}{hint}", value)

    def expect_any(self, path: Path_, value: str, sections: tuple[str, ...], what: str) -> None:
        known = self.any_of(sections)
        if value not in known:
            self.report(path, f"'{value}' is not {what}{did_you_mean(value, known)}", value)

    def check_responsibilities_of(self, section: str) -> None:
        """Every responsibility the holders of a section own or decide is SCOPE/RESPONSIBILITY with a known
        scope and word; checked in bulk first, item by item only where something is wrong."""
        holders = self.indexed(section)
        named = set().union(*(holder.owns for _, holder in holders), *(holder.decides for _, holder in holders))
        if self.valid_refs.issuperset(named):
            return
        for index, holder in holders:
            self.check_responsibilities((section, index, "owns"), holder.owns)
            self.check_responsibilities((section, index, "decides"), holder.decides)

    def check_responsibilities(self, path: Path_, refs: list[str]) -> None:
        if not refs or self.valid_refs.issuperset(refs):
            return
        for index, ref in enumerate(refs):
            scope, word = split_ref(ref)
            where = (*path, index)
            if not scope:
                self.report(
                    where, f"'{ref}' must be SCOPE/RESPONSIBILITY, for example '{MARCOM}/{word or 'strategy'}'", ref
                )
                continue
            if scope not in self.scopes:
                hint = did_you_mean(scope, self.scopes)
                self.report(
                    where,
                    f"scope '{scope}' in '{ref}' is neither a channel id, '{MARCOM}' nor an area beyond the channels "
                    f"({', '.join(AREAS)}){hint}",
                    scope,
                )
            if word not in RESPONSIBILITIES:
                hint = did_you_mean(word, RESPONSIBILITIES)
                self.report(where, f"unknown responsibility '{word}' in '{ref}'{hint}", word)

    def check_dotted_lines(self) -> None:
        """Dotted-line managers exist, are not the position itself nor its solid-line manager, and are named once."""
        for index, position in self.indexed("positions"):
            if position.dotted_to:
                self.check_dotted_lines_of(index, position)

    def check_dotted_lines_of(self, index: int, position: Any) -> None:
        seen: set[str] = set()
        for number, manager in enumerate(position.dotted_to):
            path = ("positions", index, "dotted_to", number)
            if manager == position.id:
                self.report(path, f"'{manager}' has a dotted line to itself", manager)
            elif manager == position.reports_to:
                self.report(path, f"'{manager}' is already the solid-line manager (reports_to)", manager)
            elif manager in seen:
                self.report(path, f"'{manager}' is named twice", manager)
            else:
                self.expect(path, manager, "positions", "a position id")
            seen.add(manager)

    def check_abolished(self) -> None:
        """An abolished post is history: it is neither vacant nor holds anything, and only other abolished posts
        or the reporting lines (which pass it by, to the live post above) may name it."""
        abolished = {position.id for _, position in self.indexed("positions") if position.abolished}
        if not abolished:
            return
        for index, position in self.indexed("positions"):
            if not position.abolished:
                continue
            if position.vacant:
                self.report(("positions", index, "vacant"), "a post cannot be both vacant and abolished")
            held = [key for key in ("owns", "decides", "takes_part") if getattr(position, key)]
            for key in held:
                self.report(
                    ("positions", index, key), f"an abolished post holds nothing, but it {key.replace('_', ' ')}"
                )
        for reference in referring_to("positions"):
            if (reference.section, reference.key) == ("positions", "reports_to"):
                continue
            for index, item in self.indexed(reference.section):
                if reference.section == "positions" and item.abolished:
                    continue
                for number, named_id in enumerate(named(item, reference)):
                    if named_id in abolished:
                        path = (reference.section, index, reference.key, *((number,) if reference.many else ()))
                        self.report(path, f"'{named_id}' is an abolished post: it cannot be named here", named_id)

    def check_channels(self) -> None:
        """A channel is of a known kind, and its id is not an area beyond the channels (which would make
        ``AREA/RESPONSIBILITY`` mean two things)."""
        for index, channel in self.indexed("channels"):
            if channel.id in AREAS:
                self.report(
                    ("channels", index, "id"),
                    f"'{channel.id}' is an area beyond the channels, not a channel: state '{channel.id}/strategy' and "
                    f"the like in owns and decides without a channel, or give the channel another id",
                    channel.id,
                )
            if channel.kind not in CHANNEL_KINDS:
                hint = did_you_mean(channel.kind, CHANNEL_KINDS)
                self.report(("channels", index, "kind"), f"unknown channel kind '{channel.kind}'{hint}", channel.kind)

    def check_links(self) -> None:
        """A link joins two different elements (that each end is one is a reference, checked as the others)."""
        for index, link in self.indexed("links"):
            if link.between[0] == link.between[1]:
                self.report(("links", index, "between"), f"a link joins '{link.between[0]}' to itself", link.between[0])

    def check_loop(self, section: str, key: str, what: str) -> None:
        last_to_first = self.indexed(section)[::-1]  # so that the first of a duplicated id wins
        items = list(map(itemgetter(1), last_to_first))
        ids, parents = list(map(attrgetter("id"), items)), list(map(attrgetter(key), items))
        parent_of: dict[str, str | None] = dict(zip(ids, parents, strict=True))
        cycles = find_cycles(parent_of)
        if not cycles:
            return
        place = dict(zip(ids, [index for index, _ in last_to_first], strict=True))
        for cycle in cycles:
            index = place[cycle[0]]
            chain = " -> ".join([*cycle, cycle[0]])
            self.report((section, index, key), f"{what}: {chain}", *cycle)


def _texts(ids: list[Any]) -> list[str]:
    """The ids given as text: all of them in a valid file, found at C speed."""
    return ids if all(map(isinstance, ids, repeat(str))) else [i for i in ids if isinstance(i, str)]


def find_cycles(parent_of: dict[str, str | None]) -> list[list[str]]:
    """Cycles in a graph where every node has at most one parent, each starting at its smallest id.

    >>> find_cycles({"a": "b", "b": "a", "c": "a", "d": "d"})
    [['a', 'b'], ['d']]
    """
    walked_from: dict[str, str] = {}  # each node: the start of the walk that first reached it
    cycles: list[list[str]] = []
    for start, parent in parent_of.items():
        if start in walked_from:
            continue
        if parent is None or parent in walked_from or parent not in parent_of:  # the common case: one step
            walked_from[start] = start
            continue
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in walked_from and node in parent_of:
            walked_from[node] = start
            walk.append(node)
            node = parent_of[node]
        if node is not None and walked_from.get(node) == start:  # this walk came back onto itself
            cycle = walk[walk.index(node) :]
            smallest = cycle.index(min(cycle))
            cycles.append(cycle[smallest:] + cycle[:smallest])
    return sorted(cycles)
