"""Graph metrics turned into the compact facts the rules match on.

Facts are flat dicts of numbers, booleans, strings and lists of ids. They carry
*measures* (how many channels a unit owns, how deep a position sits, whether the
top of marketing owns the marcom strategy); the rules under ``rules/`` decide which
combinations and thresholds make a problem. Each fact has ``t`` (its type) and
``ref`` (the id of the element it describes); the engine adds ``id`` and ``sid``.

Each fact type has a module of its own, its fields (``UNIT_FIELDS`` …) beside the function that fills
them; :data:`FACT_FIELDS` gathers them: the rule loader checks rules against it and docs/rules/facts.md
is generated from it.
"""

from __future__ import annotations

import networkx as nx

from orgdiag.measure.facts.agencies import AGENCY_FIELDS, agency_facts
from orgdiag.measure.facts.channels import CHANNEL_FIELDS, channel_facts
from orgdiag.measure.facts.context import Fact, OrgContext, org_context
from orgdiag.measure.facts.leaders import LEADER_FIELDS, leader_facts
from orgdiag.measure.facts.organisation import ORG_FIELDS, org_fact
from orgdiag.measure.facts.positions import POSITION_FIELDS, position_facts
from orgdiag.measure.facts.responsibilities import RESPONSIBILITY_FIELDS, responsibility_facts
from orgdiag.measure.facts.rows import ROW_FIELDS, row_facts
from orgdiag.measure.facts.units import UNIT_FIELDS, unit_facts
from orgdiag.measure.facts.workforce import WORKFORCE_DEFAULTS

__all__ = [
    "FACT_DEFAULTS",
    "FACT_FIELDS",
    "Fact",
    "OrgContext",
    "build_facts",
    "facts_of",
    "org_context",
    "position_facts",
]

#: Every field of every fact type, with what it means: the rules' vocabulary.
FACT_FIELDS: dict[str, dict[str, str]] = {
    "org": ORG_FIELDS,
    "unit": UNIT_FIELDS,
    "position": POSITION_FIELDS,
    "leader": LEADER_FIELDS,
    "agency": AGENCY_FIELDS,
    "channel": CHANNEL_FIELDS,
    "responsibility": RESPONSIBILITY_FIELDS,
    "row": ROW_FIELDS,
}


#: Per fact type, the fields a fact may be built without (the workforce fields of a position in an organisation whose
#: data says nothing of its workforce) and their empty values, which a rule's finding fills in.
FACT_DEFAULTS: dict[str, Fact] = {"position": WORKFORCE_DEFAULTS}


def facts_of(ctx: OrgContext, positions: list[str] | None = None) -> list[Fact]:
    """The facts in a stable order: org, units, positions (all, or these), leaders, agencies, channels,
    responsibilities, and the rows that cannot be taken at face value."""
    return [
        org_fact(ctx),
        *unit_facts(ctx),
        *position_facts(ctx, positions),
        *leader_facts(ctx),
        *agency_facts(ctx),
        *channel_facts(ctx),
        *responsibility_facts(ctx),
        *row_facts(ctx),
    ]


def build_facts(g: nx.MultiDiGraph) -> list[Fact]:
    """All facts of an organisation graph, in a stable order."""
    return facts_of(org_context(g))
