"""Every reference of an org file resolves, ids are unique, and neither the unit tree nor the reporting lines loop."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from orgdiag.model import (
    CHANNEL_KINDS,
    MARCOM,
    RESPONSIBILITIES,
    SECTIONS,
    OrgFile,
    split_ref,
)
from orgdiag.model.org import HOLDERS
from orgdiag.orgfile.lines import Path_, item_ids, line_of, place_of
from orgdiag.problems import Problem

Kept = dict[str, list[int]]


#: Above this many candidates an unknown id gets no "did you mean" hint.
MAX_HINT_CANDIDATES = 5_000


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the nearest valid word, or nothing.

    >>> did_you_mean("stratgy", ["strategy", "kpis"])
    " (did you mean 'strategy'?)"
    """
    pool = list(candidates)
    if len(pool) > MAX_HINT_CANDIDATES:  # difflib compares with each: too slow to be worth it on a huge file
        return ""
    match = difflib.get_close_matches(word, sorted(pool), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


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
        self.ids = {section: self._raw_ids(section) for section in SECTIONS}
        #: every well-formed SCOPE/RESPONSIBILITY reference: the common case, checked in one set lookup
        self.valid_refs = {f"{scope}/{word}" for scope in (MARCOM, *self.ids["channels"]) for word in RESPONSIBILITIES}

    def _raw_ids(self, section: str) -> set[str]:
        items = self.raw.get(section)
        if not isinstance(items, list):
            return set()
        return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}

    def report(self, path: Path_, message: str, *ids: str) -> None:
        own = item_ids(self.raw, path)
        label = f" '{own[0]}'" if own else ""
        self.problems.append(
            Problem(self.filename, line_of(self.lines, path), place_of(path) + label, message, (*own, *ids))
        )

    def run(self) -> list[Problem]:
        self.check_ids()
        self.check_units()
        self.check_positions()
        self.check_channels()
        self.check_agencies()
        for section in ("kpis", "budgets", "experiments"):
            self.check_channel_and_owner(section)
        self.check_approvals()
        self.check_links()
        self.check_loop("units", "parent", "the unit tree loops")
        self.check_loop("positions", "reports_to", "the reporting lines loop")
        return self.problems

    def indexed(self, section: str) -> list[tuple[int, Any]]:
        """The validated items of a section, each with its place in the file."""
        return list(zip(self.kept[section], getattr(self.org, section), strict=True))

    def check_ids(self) -> None:
        first_seen: dict[str, Path_] = {}
        for section in SECTIONS:
            items = self.raw.get(section)
            if not isinstance(items, list):
                continue
            ids = [item.get("id") if isinstance(item, dict) else None for item in items]
            for index, item_id in self._suspect_ids(ids, first_seen):
                self.check_id(item_id, (section, index, "id"), first_seen)
            first_seen.update(
                (item_id, (section, index, "id"))
                for index, item_id in enumerate(ids)
                if isinstance(item_id, str) and item_id not in first_seen
            )

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
            self.report(path, f"duplicate id '{item_id}', already used at {place_of(first_seen[item_id])}", item_id)
        else:
            first_seen[item_id] = path

    def expect(self, path: Path_, value: str | None, section: str, what: str) -> None:
        if value is None or value in self.ids[section]:
            return
        hint = did_you_mean(value, self.ids[section] - set(item_ids(self.raw, path)))
        self.report(path, f"'{value}' is not {what}{hint}", value)

    def expect_any(self, path: Path_, value: str, sections: tuple[str, ...], what: str) -> None:
        if any(value in self.ids[section] for section in sections):
            return
        known = set().union(*(self.ids[section] for section in sections))
        self.report(path, f"'{value}' is not {what}{did_you_mean(value, known)}", value)

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
            if scope != MARCOM and scope not in self.ids["channels"]:
                hint = did_you_mean(scope, self.ids["channels"] | {MARCOM})
                self.report(where, f"scope '{scope}' in '{ref}' is neither a channel id nor '{MARCOM}'{hint}", scope)
            if word not in RESPONSIBILITIES:
                hint = did_you_mean(word, RESPONSIBILITIES)
                self.report(where, f"unknown responsibility '{word}' in '{ref}'{hint}", word)

    def check_units(self) -> None:
        for index, unit in self.indexed("units"):
            self.expect(("units", index, "parent"), unit.parent, "units", "a unit id")
            self.check_responsibilities(("units", index, "owns"), unit.owns)
            self.check_responsibilities(("units", index, "decides"), unit.decides)
            self.check_channel_list(("units", index, "takes_part"), unit.takes_part)

    def check_positions(self) -> None:
        units, positions = self.ids["units"], self.ids["positions"]
        for index, position in self.indexed("positions"):
            if position.unit not in units:
                self.expect(("positions", index, "unit"), position.unit, "units", "a unit id")
            if position.reports_to is not None and position.reports_to not in positions:
                self.expect(("positions", index, "reports_to"), position.reports_to, "positions", "a position id")
            self.check_responsibilities(("positions", index, "owns"), position.owns)
            self.check_responsibilities(("positions", index, "decides"), position.decides)
            if position.takes_part:
                self.check_channel_list(("positions", index, "takes_part"), position.takes_part)
            if position.dotted_to:
                self.check_dotted_lines(index, position)

    def check_dotted_lines(self, index: int, position: Any) -> None:
        """Dotted-line managers exist, are not the position itself nor its solid-line manager, and are named once."""
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

    def check_channel_list(self, path: Path_, channels: list[str]) -> None:
        for number, channel in enumerate(channels):
            self.expect((*path, number), channel, "channels", "a channel id")

    def check_channels(self) -> None:
        for index, channel in self.indexed("channels"):
            self.expect(("channels", index, "owner"), channel.owner, "units", "a unit id")
            if channel.kind not in CHANNEL_KINDS:
                hint = did_you_mean(channel.kind, CHANNEL_KINDS)
                self.report(("channels", index, "kind"), f"unknown channel kind '{channel.kind}'{hint}", channel.kind)

    def check_agencies(self) -> None:
        for index, agency in self.indexed("agencies"):
            self.expect(("agencies", index, "contracted_by"), agency.contracted_by, "units", "a unit id")
            self.expect(("agencies", index, "contact"), agency.contact, "positions", "a position id")
            for served, channel in enumerate(agency.serves):
                self.expect(("agencies", index, "serves", served), channel, "channels", "a channel id")
            self.check_responsibilities(("agencies", index, "owns"), agency.owns)
            self.check_responsibilities(("agencies", index, "decides"), agency.decides)

    def check_channel_and_owner(self, section: str) -> None:
        """KPIs, budgets and experiments: each names a channel, and an owner that is a position, unit or agency."""
        for index, item in self.indexed(section):
            self.expect((section, index, "channel"), item.channel, "channels", "a channel id")
            self.expect_any((section, index, "owner"), item.owner, HOLDERS, "a position, unit or agency id")

    def check_approvals(self) -> None:
        for index, approval in self.indexed("approvals"):
            self.expect(("approvals", index, "channel"), approval.channel, "channels", "a channel id")
            for step, approver in enumerate(approval.steps):
                self.expect(("approvals", index, "steps", step), approver, "positions", "a position id")

    def check_links(self) -> None:
        for index, link in self.indexed("links"):
            for end, endpoint in enumerate(link.between):
                self.expect_any(
                    ("links", index, "between", end),
                    endpoint,
                    ("units", "positions", "agencies"),
                    "a unit, position or agency id",
                )
            if link.between[0] == link.between[1]:
                self.report(("links", index, "between"), f"a link joins '{link.between[0]}' to itself", link.between[0])

    def check_loop(self, section: str, key: str, what: str) -> None:
        first_to_last = self.indexed(section)[::-1]  # so that the first of a duplicated id wins
        place = {item.id: index for index, item in first_to_last}
        parent_of: dict[str, str | None] = {item.id: getattr(item, key) for _, item in first_to_last}
        for cycle in find_cycles(parent_of):
            index = place[cycle[0]]
            chain = " -> ".join([*cycle, cycle[0]])
            self.report((section, index, key), f"{what}: {chain}", *cycle)


def find_cycles(parent_of: dict[str, str | None]) -> list[list[str]]:
    """Cycles in a graph where every node has at most one parent, each starting at its smallest id.

    >>> find_cycles({"a": "b", "b": "a", "c": "a", "d": "d"})
    [['a', 'b'], ['d']]
    """
    walked_from: dict[str, str] = {}  # each node: the start of the walk that first reached it
    cycles: list[list[str]] = []
    for start in parent_of:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent_of and node not in walked_from:
            walked_from[node] = start
            walk.append(node)
            node = parent_of[node]
        if node is not None and walked_from.get(node) == start:  # this walk came back onto itself
            cycle = walk[walk.index(node) :]
            smallest = cycle.index(min(cycle))
            cycles.append(cycle[smallest:] + cycle[:smallest])
    return sorted(cycles)
