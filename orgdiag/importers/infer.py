"""What an export does not say but its words do: roles from titles, channels from unit names and titles.

Every inferred fact is marked (``inferred:`` on the position or channel, with the words it came from), so
that it shows as inferred in the org file, the diagrams and the findings, and the consultant can state the
fact instead in the overlay.
"""

from __future__ import annotations

from typing import Any

from orgdiag.model import AREAS
from orgdiag.model.lexicon import matched_words
from orgdiag.model.tree import Tree

#: Roles whose holders work on channels: a channel their title names is a channel their unit runs.
CHANNEL_ROLES = frozenset({"head-of-marketing", "strategist", "communicator", "community-manager", "customer-service"})


def infer(org: dict[str, Any]) -> dict[str, int]:
    """Mark the roles titles name and add the channels unit names and titles name, in org-file data; return
    how many of each were inferred.

    >>> org = {"units": [{"id": "some", "name": "Sociala medier"}],
    ...        "positions": [{"id": "p", "title": "SoMe-strateg", "unit": "some"}]}
    >>> infer(org)
    {'role': 1, 'channel': 1}
    >>> org["channels"][0]["id"], org["channels"][0]["inferred"][0]["words"]
    ('social', 'Sociala medier')
    """
    live = [position for position in org["positions"] if not position.get("abolished")]  # history infers nothing
    roles = sum(_mark_roles(position) for position in live)
    channels = _Channels(org)
    for unit in org["units"]:
        for kind, words in sorted(matched_words("channels", unit["name"]).items()):
            channels.add(kind, unit["id"], f"unit name '{unit['name']}'", words)
    for position in live:
        unit_id = position.get("unit")
        if unit_id is None or not CHANNEL_ROLES & {i["value"] for i in position.get("inferred", [])}:
            continue
        for kind, words in sorted(matched_words("channels", position["title"]).items()):
            if not channels.runs_near(kind, unit_id):
                channels.add(kind, unit_id, f"title '{position['title']}' of '{position['id']}'", words)
    if channels.made:
        org["channels"] = [*org.get("channels", []), *channels.made]
    return {"role": roles, "channel": len(channels.made)}


def _mark_roles(position: dict[str, Any]) -> int:
    """The roles a position's title names, marked inferred (an explicit role is a stated fact: left alone)."""
    if position.get("role"):
        return 0
    found = matched_words("roles", position["title"])
    if found:
        source = f"title '{position['title']}'"
        position["inferred"] = [
            {"fact": "role", "value": role, "source": source, "words": words} for role, words in sorted(found.items())
        ]
    return len(found)


class _Channels:
    """The channels being inferred: unique ids, and which unit runs which kind."""

    def __init__(self, org: dict[str, Any]):
        sections = ("units", "positions", "channels", "agencies")
        #: ids in use, and the areas beyond the channels, which a channel's id may not be
        self.taken = {item["id"] for section in sections for item in org.get(section, [])} | set(AREAS)
        self.units = Tree({unit["id"]: unit.get("parent") for unit in org["units"]})
        self.names = {unit["id"]: unit["name"] for unit in org["units"]}
        self.kinds: dict[str, set[str]] = {}
        for channel in org.get("channels", []):
            self.kinds.setdefault(channel["owner"], set()).add(channel["kind"])
        self.made: list[dict[str, Any]] = []

    def add(self, kind: str, unit_id: str, source: str, words: str) -> None:
        if kind in self.kinds.get(unit_id, set()):
            return
        channel_id, number = kind, 1
        while channel_id in self.taken:
            number += 1
            channel_id = f"{kind}-{unit_id}" if number == 2 else f"{kind}-{unit_id}-{number}"
        self.taken.add(channel_id)
        self.kinds.setdefault(unit_id, set()).add(kind)
        inference = {"fact": "channel", "value": kind, "source": source, "words": words}
        name = f"{kind} ({self.names[unit_id]})"
        self.made.append({"id": channel_id, "kind": kind, "owner": unit_id, "name": name, "inferred": [inference]})

    def runs_near(self, kind: str, unit_id: str) -> bool:
        """Whether the unit, a unit above it or a unit below it already runs a channel of this kind."""
        above = self._chain(unit_id)
        return any(
            kind in kinds and (owner in above or unit_id in self._chain(owner)) for owner, kinds in self.kinds.items()
        )

    def _chain(self, unit_id: str) -> set[str]:
        return {unit_id, *self.units.ancestors(unit_id)}
