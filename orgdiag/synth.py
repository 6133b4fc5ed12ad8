"""A deterministic synthetic organisation of any size, with known problems planted in it.

The benchmark and the scale tests need organisations of 10^3 to 10^6 positions whose
correct diagnosis is known. :func:`synthesize` builds one from a seed: a unit tree of
business divisions with plausible spans and depth (a manager and a handful of staff per
unit, a few sub-units each), a marketing organisation of channel units and agencies
under one head of marketing, and healthy look-alikes of each pattern (channel units
outside marketing that coordinate with it, agencies serving several units, strategists
with a mandate). Into it go a known number of instances of each headline pattern,
returned as the findings a correct diagnosis must give, no more and no fewer.

The same positions, seed and plant count give the same organisation, byte for byte.

>>> org = synthesize(500, seed=1)
>>> len(org.data["positions"])
500
>>> sorted({rule for rule, _ in org.expected})
['agency-kingdom', 'channel-level-strategy', 'channel-silo', 'no-marcom-owner', 'overloaded-strategist']
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from orgdiag.files import write_text
from orgdiag.model import CHANNEL_KINDS

#: The rules whose findings a synthetic organisation plants, and so knows exactly.
PLANTED_RULES = ("no-marcom-owner", "channel-silo", "channel-level-strategy", "overloaded-strategist", "agency-kingdom")

#: The smallest organisation that holds a marketing organisation and one of each pattern.
MIN_POSITIONS = 200

DIVISIONS = (
    "Sales",
    "Operations",
    "Finance",
    "Research & Development",
    "Supply Chain",
    "Human Resources",
    "IT",
    "Customer Service",
    "Legal",
    "Production",
    "Logistics",
    "Procurement",
)
STAFF_TITLES = ("Specialist", "Analyst", "Coordinator", "Engineer", "Advisor", "Associate", "Consultant", "Assistant")
MARKETING_CHANNELS = tuple(kind for kind in CHANNEL_KINDS if kind not in {"other", "customer-service"})
#: Four duties on one channel and no decision right: what makes a planted strategist overloaded (OD103).
STRATEGIST_DUTIES = ("content", "community", "paid", "analytics")


def default_plants(positions: int) -> int:
    """How many instances of each pattern a synthetic org of this size gets: about √N / 30, at least one.

    >>> [default_plants(n) for n in (1_000, 10_000, 100_000, 1_000_000)]
    [1, 3, 11, 33]
    """
    return max(1, round(math.sqrt(positions) / 30))


@dataclass
class SyntheticOrg:
    """An org file's data and the (rule slug, subject id) findings that a diagnosis of it must give."""

    data: dict[str, Any]
    expected: list[tuple[str, str]] = field(default_factory=list)

    def expected_data(self) -> dict[str, Any]:
        """The expected findings of the planted rules (``rules``), in the shape of a fixture's ``.expected.yaml``.

        Other rules (spans, KPIs, data quality …) find things in any generated org; only the planted
        rules' findings are known exactly.
        """
        return {
            "rules": list(PLANTED_RULES),
            "findings": [{"rule": rule, "subject": subject} for rule, subject in sorted(self.expected)],
        }


class _Builder:
    """Accumulates units, positions, channels, agencies and links with sequential ids."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.units: list[dict[str, Any]] = []
        self.positions: list[dict[str, Any]] = []
        self.channels: list[dict[str, Any]] = []
        self.agencies: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []

    def unit(self, name: str, parent: str | None) -> dict[str, Any]:
        unit: dict[str, Any] = {"id": f"u{len(self.units)}", "name": name}
        if parent:
            unit["parent"] = parent
        self.units.append(unit)
        return unit

    def position(self, title: str, unit: str, reports_to: str | None, **extra: Any) -> dict[str, Any]:
        position: dict[str, Any] = {"id": f"p{len(self.positions)}", "title": title, "unit": unit}
        if reports_to:
            position["reports_to"] = reports_to
        position.update(extra)
        self.positions.append(position)
        return position

    def channel(self, kind: str, name: str, owner: str) -> dict[str, Any]:
        channel = {"id": f"ch{len(self.channels)}", "kind": kind, "name": name, "owner": owner}
        self.channels.append(channel)
        return channel

    def agency(self, name: str, contracted_by: str, serves: list[str], owns: list[str]) -> dict[str, Any]:
        agency: dict[str, Any] = {"id": f"ag{len(self.agencies)}", "name": name, "contracted_by": contracted_by}
        agency.update({"serves": serves, "owns": owns} if owns else {"serves": serves})
        self.agencies.append(agency)
        return agency


def synthesize(positions: int, seed: int = 0, plants: int | None = None) -> SyntheticOrg:
    """Build a synthetic organisation of exactly `positions` positions with `plants` instances of each pattern.

    `plants` defaults to :func:`default_plants`; the org-level pattern (no marcom owner) is planted once.
    """
    if positions < MIN_POSITIONS:
        raise ValueError(f"a synthetic organisation needs at least {MIN_POSITIONS} positions, not {positions}")
    plants = default_plants(positions) if plants is None else plants
    if plants < 1:
        raise ValueError(f"plants must be at least 1, not {plants}")
    b = _Builder(seed)
    root = b.unit("Group", None)
    ceo = b.position("CEO", root["id"], None)
    synthetic = SyntheticOrg({})
    marketing_channels = _marketing(b, root["id"], ceo["id"], positions, plants, synthetic)
    if positions - len(b.positions) < 40:
        raise ValueError(f"{positions} positions leave no room for the business units beside {plants} plants")
    divisions = _business_tree(b, root["id"], ceo["id"], positions - len(b.positions))
    _bridged_channel_units(b, divisions, marketing_channels)
    _silos(b, divisions, plants, synthetic)
    synthetic.data = {
        "organisation": {
            "name": f"Synthetic Group {positions} (seed {seed})",
            "profile": {"industry": "retail", "employees": positions, "countries": ["SE", "NO", "DK"]},
        },
        "units": b.units,
        "positions": b.positions,
        "channels": b.channels,
        "agencies": b.agencies,
        "links": b.links,
    }
    return synthetic


def _marketing(b: _Builder, root: str, ceo: str, size: int, plants: int, synthetic: SyntheticOrg) -> list[str]:
    """The marketing organisation: channel units, healthy agencies, and the planted OD103, OD104, OD105.

    The head of marketing owns no marcom strategy (the planted no-marcom-owner), which is
    also what lets the planted channel-level strategies of the silos fire.
    """
    marketing = b.unit("Marketing", root)["id"]
    head = b.position("Marketing Director", marketing, ceo, owns=["marcom/channel-mix"], decides=["marcom/budget"])
    synthetic.expected.append(("no-marcom-owner", head["id"]))
    channel_units = max(len(MARKETING_CHANNELS), size // 10_000)
    channels: list[str] = []
    leads: list[dict[str, Any]] = []
    for i in range(channel_units):
        kind = MARKETING_CHANNELS[i % len(MARKETING_CHANNELS)]
        label = f"{kind.replace('-', ' ').title()} {i // len(MARKETING_CHANNELS) + 1}"
        unit = b.unit(f"Marketing · {label}", marketing)["id"]
        channel = b.channel(kind, label, unit)["id"]
        lead = b.position(f"Head of {label}", unit, head["id"], owns=[f"{channel}/strategy", f"{channel}/kpis"])
        for title in ("Content Producer", "Channel Specialist", "Analyst"):
            b.position(f"{title}, {label}", unit, lead["id"], owns=[f"{channel}/content"])
        b.position(
            f"Content Strategist, {label}",
            unit,
            lead["id"],
            owns=[f"{channel}/{duty}" for duty in STRATEGIST_DUTIES],
            decides=[f"{channel}/publishing"],
        )
        channels.append(channel)
        leads.append(lead)
    for i in range(plants):
        at = i % channel_units
        strategist = b.position(
            f"Social Media Strategist {i + 1}",
            leads[at]["unit"],
            leads[at]["id"],
            owns=[f"{channels[at]}/{duty}" for duty in STRATEGIST_DUTIES],
        )
        synthetic.expected.append(("overloaded-strategist", strategist["id"]))
        kingdom = b.agency(f"Agency Kingdom {i + 1}", marketing, [channels[at]], [f"{channels[at]}/creative"])
        synthetic.expected.append(("agency-kingdom", kingdom["id"]))
    for i in range(0, channel_units - 1, 3):
        pair = [channels[i], channels[i + 1]]
        b.agency(f"Partner Agency {i // 3 + 1}", marketing, pair, [f"{pair[0]}/creative", f"{pair[1]}/creative"])
    return channels


def _business_tree(b: _Builder, root: str, ceo: str, budget: int) -> dict[str, dict[str, Any]]:
    """Business divisions grown breadth first: a manager and 3–11 staff per unit, 2–6 sub-units each.

    Returns each unit made with its manager's position, in the order made. Exactly `budget` positions are added.
    """
    rng = b.rng
    made: dict[str, dict[str, Any]] = {}
    # (parent unit, the manager the new unit's manager reports to, the division, the new unit's name)
    divisions = DIVISIONS[: max(2, min(len(DIVISIONS), budget // 40))]
    pending = [(root, ceo, division, division) for division in divisions]
    queue_at = 0
    while budget > 0 and queue_at < len(pending):
        parent, boss, division, name = pending[queue_at]
        queue_at += 1
        unit = b.unit(name, parent)["id"]
        manager = made[unit] = b.position(f"Head of {name}", unit, boss)
        budget -= 1
        for _ in range(min(budget, rng.randint(3, 11))):
            b.position(f"{division} {rng.choice(STAFF_TITLES)}", unit, manager["id"])
            budget -= 1
        for child in range(rng.randint(2, 6)):
            sub = f"{name} {child + 1}" if parent == root else f"{name}.{child + 1}"
            pending.append((unit, manager["id"], division, sub))
    return made


def _bridged_channel_units(b: _Builder, divisions: dict[str, dict[str, Any]], marketing_channels: list[str]) -> None:
    """Healthy look-alikes of a silo: business units that own a channel and coordinate with marketing."""
    marketing = b.units[1]["id"]
    for i, unit in enumerate(list(divisions)[1 : 1 + max(1, len(marketing_channels) // 4)]):
        b.channel("customer-service", f"Customer contact {i + 1}", unit)
        b.links.append({"kind": "coordinates", "between": [unit, marketing], "name": "Channel forum"})


def _silos(b: _Builder, divisions: dict[str, dict[str, Any]], plants: int, synthetic: SyntheticOrg) -> None:
    """The planted silos (OD101), each with its manager owning the channel's strategy (OD102)."""
    taken = {channel["owner"] for channel in b.channels}
    candidates = [unit for unit in divisions if unit not in taken]
    if len(candidates) < plants:
        raise ValueError(f"{len(b.positions)} positions hold at most {len(candidates)} silos, not {plants}")
    made = {unit: number for number, unit in enumerate(divisions)}
    for i, unit in enumerate(sorted(b.rng.sample(candidates, plants), key=made.__getitem__)):
        channel = b.channel(MARKETING_CHANNELS[i % len(MARKETING_CHANNELS)], f"Own channel {i + 1}", unit)["id"]
        manager = divisions[unit]
        manager["owns"] = [f"{channel}/strategy"]
        synthetic.expected.append(("channel-silo", unit))
        synthetic.expected.append(("channel-level-strategy", manager["id"]))


def write_synthetic(synthetic: SyntheticOrg, path: Path) -> Path:
    """Write the org file (JSON, one element per line, or YAML by its suffix) and its ``.expected.yaml`` beside it.

    Returns the path of the expected findings.
    """
    if path.suffix.lower() in {".yaml", ".yml"}:
        text = yaml.safe_dump(synthetic.data, sort_keys=False, allow_unicode=True, width=120)
    else:
        text = _json_lines(synthetic.data)
    write_text(path, text)
    expected = path.with_name(f"{path.stem}.expected.yaml")
    write_text(expected, yaml.safe_dump(synthetic.expected_data(), sort_keys=False))
    return expected


def _json_lines(data: dict[str, Any]) -> str:
    """JSON with one unit, position, channel, agency or link per line: greppable, and errors name a line."""
    parts = [f'{{"organisation": {json.dumps(data["organisation"], ensure_ascii=False)}']
    for section in ("units", "positions", "channels", "agencies", "links"):
        items = ",\n".join(json.dumps(item, ensure_ascii=False) for item in data[section])
        parts.append(f'"{section}": [\n{items}\n]')
    return ",\n".join(parts) + "}\n"
