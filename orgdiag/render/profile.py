"""The span-of-control and layer profiles drawn as charts in the HTML report and the slides.

Counted from the live organisation the way the rules count (:mod:`orgdiag.measure.metrics`): a manager's team is
its listed direct reports plus the staff counted under it, rounded up.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from orgdiag.measure.metrics import SPAN_BANDS, span_band
from orgdiag.model import OrgFile
from orgdiag.model.links import live_lines, live_positions
from orgdiag.model.org import total_fte


@dataclass(frozen=True)
class Profile:
    """How many managers have a team in each span band, and how many managers and posts stand on each layer."""

    bands: dict[str, int]
    #: by layer (1: the top), the managers on it
    managers_per_layer: dict[int, int]
    #: by layer, every post on it
    posts_per_layer: dict[int, int]


def profile_of(org: OrgFile) -> Profile:
    """The span and layer profile of an organisation.

    >>> from orgdiag.orgfile import load_org
    >>> profile = profile_of(load_org("fixtures/demo/nordvik-sport.yaml"))
    >>> profile.bands["4–7"], profile.managers_per_layer[1]
    (1, 1)
    """
    live = live_positions(org)
    reports = Counter(p.reports_to for p in live if p.reports_to)
    teams = {p.id: reports[p.id] + math.ceil(total_fte(s.fte for s in p.staff)) for p in live}
    bands = Counter(span_band(size) for size in teams.values() if size)
    layers: Counter[int] = Counter()
    managers: Counter[int] = Counter()
    depth = live_lines(org).depth
    for position in live:
        layer = depth[position.id] + 1
        layers[layer] += 1
        if teams[position.id]:
            managers[layer] += 1
    return Profile(
        {label: bands[label] for label, _, _ in SPAN_BANDS},
        dict(sorted(managers.items())),
        dict(sorted(layers.items())),
    )
