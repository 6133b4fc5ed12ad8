"""model.links describes every link once; the reference checks find an unknown id in each of them."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from orgdiag.measure.graph import EDGE_KINDS
from orgdiag.model import SECTIONS
from orgdiag.model.links import REFERENCES, Reference
from orgdiag.orgfile import parse_org
from orgdiag.problems import InputError

#: An organisation that states every kind of link.
EVERY_LINK = """
organisation: {name: X}
units:
  - {id: hq, name: HQ, takes_part: [social]}
  - {id: mkt, name: Marketing, parent: hq}
positions:
  - {id: ceo, title: CEO, unit: hq}
  - {id: cmo, title: CMO, unit: mkt, reports_to: ceo, dotted_to: [coo], takes_part: [social]}
  - {id: coo, title: COO, unit: hq, reports_to: ceo}
channels: [{id: social, kind: social, owner: mkt}]
agencies: [{id: ag, name: Agency, contracted_by: mkt, contact: cmo, serves: [social]}]
kpis: [{name: Leads, channel: social, owner: cmo}]
budgets: [{channel: social, owner: cmo, amount: 1}]
approvals: [{channel: social, steps: [cmo]}]
experiments: [{name: Pilot, channel: social, owner: cmo}]
links: [{kind: collaborates, between: [hq, ag]}]
"""


def test_every_reference_is_a_field_of_its_section_and_an_edge_kind_of_the_graph() -> None:
    for reference in REFERENCES:
        assert reference.key in SECTIONS[reference.section].model_fields, reference
        assert reference.edge is None or reference.edge in EDGE_KINDS, reference
        assert set(reference.targets) <= set(SECTIONS), reference


@pytest.mark.parametrize("reference", REFERENCES, ids=lambda r: f"{r.section}.{r.key}")
def test_an_unknown_id_in_any_reference_is_reported_at_its_place(reference: Reference) -> None:
    parse_org(EVERY_LINK)  # valid as written
    data: dict[str, Any] = yaml.safe_load(EVERY_LINK)
    items = data[reference.section]
    index = next(i for i, item in enumerate(items) if item.get(reference.key) or not reference.many)
    items[index][reference.key] = ["nowhere", *items[index].get(reference.key, [])[1:]] if reference.many else "nowhere"
    with pytest.raises(InputError) as raised:
        parse_org(yaml.safe_dump(data, allow_unicode=True), "org.yaml")
    place = f"{reference.section}[{index}].{reference.key}" + ("[0]" if reference.many else "")
    assert any(p.place.startswith(place) and "nowhere" in p.ids for p in raised.value.problems), raised.value


#: A unit left only by an abolished post, another kept by the channel it owns, and a live one.
HISTORY = """
organisation: {name: X}
units:
  - {id: hq, name: HQ}
  - {id: old, name: Corporate Services, parent: hq}
  - {id: older, name: Estates, parent: old}
  - {id: owner, name: Web}
positions:
  - {id: ceo, title: CEO, unit: hq}
  - {id: cs, title: Director, unit: old, reports_to: ceo, abolished: true}
  - {id: es, title: Head of Estates, unit: older, reports_to: cs, abolished: true}
  - {id: web, title: Head of Web, unit: owner, reports_to: ceo, abolished: true}
channels: [{id: site, kind: web, owner: owner}]
"""


def test_a_unit_left_only_by_abolished_posts_is_no_live_unit() -> None:
    from orgdiag.model.links import live_units

    org = parse_org(HISTORY, "history.yaml")
    assert [unit.id for unit in live_units(org)] == ["hq", "owner"]  # 'owner' still owns a channel
    every = parse_org(EVERY_LINK, "links.yaml")
    assert live_units(every) is every.units  # no abolished post: every unit, as it is
