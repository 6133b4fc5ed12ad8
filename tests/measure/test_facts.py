"""The facts measure what the rules judge: where marketing is, who sits beside it, depths and spans."""

from __future__ import annotations

from typing import Any

from orgdiag.measure.facts import build_facts
from orgdiag.measure.graph import build_graph
from orgdiag.orgfile import parse_org

ORG = """
organisation: {name: X}
units:
  - {id: hq, name: Ledning}
  - {id: mkt, name: Marknad, parent: hq}
  - {id: social-team, name: Sociala medier, parent: mkt}
  - {id: shop, name: E-handel, parent: hq}
positions:
  - {id: ceo, title: VD, unit: hq}
  - {id: cmo, title: Marknadschef, unit: mkt, reports_to: ceo, owns: [marcom/strategy]}
  - {id: some, title: Social media manager, unit: social-team, reports_to: cmo}
  - {id: web, title: E-handelschef, unit: shop, reports_to: ceo}
  - {id: dev, title: Utvecklare, unit: shop, reports_to: web}
channels:
  - {id: social, kind: social, owner: social-team}
  - {id: webshop, kind: web, owner: shop}
"""


def _facts(text: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(f["t"], f["ref"]): f for f in build_facts(build_graph(parse_org(text)))}


def test_the_marketing_organisation_is_the_head_of_marketings_unit_and_below() -> None:
    facts = _facts(ORG)
    org = facts["org", "cmo"]
    assert (org["head_of_marketing"], org["marketing_unit"], org["top_owns_marcom_strategy"]) == ("cmo", "mkt", True)
    assert [facts["unit", u]["in_marketing"] for u in ("hq", "mkt", "social-team", "shop")] == [
        False,
        True,
        True,
        False,
    ]


def test_a_channel_owner_outside_marketing_stands_beside_it() -> None:
    facts = _facts(ORG)
    assert facts["unit", "shop"]["beside_marketing"] and not facts["unit", "social-team"]["beside_marketing"]
    assert facts["unit", "shop"]["channel_ids"] == ["webshop"]


def test_depth_and_span_follow_the_solid_lines() -> None:
    facts = _facts(ORG)
    assert [
        (facts["position", p]["depth"], facts["position", p]["reports"]) for p in ("ceo", "cmo", "some", "dev")
    ] == [
        (0, 2),
        (1, 1),
        (2, 0),
        (2, 0),
    ]


def test_without_a_head_of_marketing_nothing_is_in_marketing() -> None:
    facts = _facts(ORG.replace("title: Marknadschef", "title: Projektledare"))
    assert not any(f["in_marketing"] for (t, _), f in facts.items() if t == "unit")
    assert facts["org", "hq"]["head_of_marketing"] == ""
