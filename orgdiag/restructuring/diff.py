"""What differs between two versions of an organisation, element by element.

Units, positions, channels and agencies are matched by id: each is added, removed,
moved (a unit's parent, a position's unit or manager, a channel's owner, an agency's
contracting unit), merged (a removed unit whose people all went to one unit; the
unit they went to) or changed (any other field). KPIs, budgets, approvals, experiments
and links have no ids: they are matched by what they are about, and a change to them
is reported on the channel (or, for a link, the pair) they concern.

>>> from orgdiag.model import OrgFile
>>> before = OrgFile.model_validate({"organisation": {"name": "X"}, "units": [{"id": "a", "name": "A"}]})
>>> after = OrgFile.model_validate({"organisation": {"name": "X"}, "units": [{"id": "a", "name": "A"},
...     {"id": "b", "name": "B", "parent": "a"}]})
>>> [(d.mark, d.element, d.text) for d in diff_orgs(before, after)]
[('added', 'b', 'unit B (b) added under a')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orgdiag.model import OrgFile
from orgdiag.model.links import ELEMENTS, references_of
from orgdiag.naming import element_label

#: Per section, the fields whose change moves an element: its place in the structure.
_MOVING = {section: tuple(r.key for r in references_of(section) if r.places) for section in ELEMENTS}
#: The sections without ids: the fields that tell their items apart, and what an item is called. A change to
#: one is a change to the channel it concerns.
_KEYED = {
    "kpis": (("channel", "name"), "KPI"),
    "budgets": (("channel", "owner", "name"), "budget"),
    "approvals": (("channel", "name"), "approval"),
    "experiments": (("channel", "name"), "experiment"),
}


@dataclass(frozen=True)
class Difference:
    """One difference: how the element changed (its mark in the after diagram), which, and in words; for a
    unit that is gone because it was merged, the unit it went into."""

    mark: str
    section: str
    element: str
    text: str
    merged_into: str = ""


def diff_orgs(before: OrgFile, after: OrgFile) -> tuple[Difference, ...]:
    """Every difference between two organisations, in the order of the sections and of the files."""
    differences: list[Difference] = []
    merged_into = _merged_units(before, after)
    for section in _MOVING:
        differences += _element_differences(section, _items(before, section), _items(after, section), merged_into)
    for section in _KEYED:
        differences += _keyed_differences(section, _items(before, section), _items(after, section))
    differences += _link_differences(_items(before, "links"), _items(after, "links"))
    return tuple(differences)


def marks_of(differences: tuple[Difference, ...]) -> dict[str, str]:
    """Each element's mark for the after diagram (added, moved, merged, changed; the first wins)."""
    marks: dict[str, str] = {}
    for difference in differences:
        if difference.mark != "removed":
            marks.setdefault(difference.element, difference.mark)
    return marks


def removed_of(differences: tuple[Difference, ...]) -> dict[str, str]:
    """The elements gone in the after organisation, for the before diagram: removed, or merged into another."""
    return {d.element: "merged" if d.merged_into else "removed" for d in differences if d.mark == "removed"}


def _items(org: OrgFile, section: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [item.model_dump(exclude_defaults=True) for item in getattr(org, section)]
    return items


def _name(item: dict[str, Any]) -> str:
    return element_label(item.get("name") or item.get("title") or item["id"], item["id"])


def _merged_units(before: OrgFile, after: OrgFile) -> dict[str, str]:
    """Removed units whose positions and channels are all in one unit now: the unit they were merged into."""
    remaining = {unit.id for unit in after.units}
    unit_after = {p.id: p.unit for p in after.positions} | {c.id: c.owner for c in after.channels}
    merged = {}
    for unit in before.units:
        if unit.id in remaining:
            continue
        members = [p.id for p in before.positions if p.unit == unit.id] + [
            c.id for c in before.channels if c.owner == unit.id
        ]
        homes = {unit_after.get(member) for member in members}
        if len(homes) == 1 and None not in homes:
            merged[unit.id] = homes.pop() or ""
    return merged


def _element_differences(
    section: str, before: list[dict[str, Any]], after: list[dict[str, Any]], merged_into: dict[str, str]
) -> list[Difference]:
    noun = ELEMENTS[section]
    old = {item["id"]: item for item in before}
    new = {item["id"]: item for item in after}
    found = []
    for element, item in old.items():
        if element not in new:
            into = merged_into.get(element)
            text = f"{noun} {_name(item)} merged into {into}" if into else f"{noun} {_name(item)} removed"
            found.append(Difference("removed", section, element, text, into or ""))
            if into:
                found.append(Difference("merged", section, into, text))
    for element, item in new.items():
        if element not in old:
            where = next((item[f] for f in _MOVING[section] if item.get(f)), None)
            found.append(
                Difference(
                    "added", section, element, f"{noun} {_name(item)} added" + (f" under {where}" if where else "")
                )
            )
            continue
        found += _changed(section, old[element], item)
    return found


def _changed(section: str, old: dict[str, Any], new: dict[str, Any]) -> list[Difference]:
    noun, element = ELEMENTS[section], new["id"]
    found = []
    moved = [
        f"{field} {old.get(field) or '—'} → {new.get(field) or '—'}"
        for field in _MOVING[section]
        if old.get(field) != new.get(field)
    ]
    if moved:
        found.append(Difference("moved", section, element, f"{noun} {_name(new)}: {'; '.join(moved)}"))
    changes = []
    for field in sorted((set(old) | set(new)) - set(_MOVING[section]) - {"id"}):
        before, after = old.get(field), new.get(field)
        if before == after:
            continue
        if isinstance(before or after, list | tuple):
            gone = [v for v in before or () if v not in (after or ())]
            came = [v for v in after or () if v not in (before or ())]
            parts = ([f"+{', '.join(map(str, came))}"] if came else []) + (
                [f"−{', '.join(map(str, gone))}"] if gone else []
            )
            changes.append(f"{field} {' '.join(parts)}")
        else:
            changes.append(f"{field} {before if before is not None else '—'} → {after if after is not None else '—'}")
    if changes:
        found.append(Difference("changed", section, element, f"{noun} {_name(new)}: {'; '.join(changes)}"))
    return found


def _keyed_differences(section: str, before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[Difference]:
    fields, noun = _KEYED[section]

    def key(item: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(item.get(f) for f in fields)

    def named(item: dict[str, Any]) -> str:
        label = item.get("name") or " → ".join(item.get("steps", ())) or item.get("owner", "")
        return f"{noun} '{label}' of {item['channel']}"

    old = {key(item): item for item in before}
    new = {key(item): item for item in after}
    found = []
    for item_key, item in old.items():
        if item_key not in new:
            found.append(Difference("changed", section, item["channel"], f"{named(item)} removed"))
        elif new[item_key] != item:
            changed = sorted(f for f in set(item) | set(new[item_key]) if item.get(f) != new[item_key].get(f))
            text = f"{named(new[item_key])}: {', '.join(changed)} changed"
            found.append(Difference("changed", section, item["channel"], text))
    found += [
        Difference("changed", section, item["channel"], f"{named(item)} added")
        for item_key, item in new.items()
        if item_key not in old
    ]
    return found


def _link_differences(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[Difference]:
    def key(link: dict[str, Any]) -> tuple[str, str, str]:
        first, second = sorted(link["between"])
        return link["kind"], first, second

    old = {key(link): link for link in before}
    new = {key(link): link for link in after}
    found = []
    for (kind, first, second), link in new.items():
        if (kind, first, second) not in old:
            text = f"link {link.get('name') or kind} between {first} and {second} added"
            found.append(Difference("added", "links", f"{kind}:{first}:{second}", text))
    for (kind, first, second), link in old.items():
        if (kind, first, second) not in new:
            text = f"link {link.get('name') or kind} between {first} and {second} removed"
            found.append(Difference("removed", "links", f"{kind}:{first}:{second}", text))
    return found
