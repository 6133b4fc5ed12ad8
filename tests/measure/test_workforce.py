"""The workforce measures, as the findings and summaries show them: whom a post leads, pay at full-time rates, what
the data lets a diagnosis say of spans and layers, and organisations whose data says nothing of their workforce."""

from __future__ import annotations

from pathlib import Path

from orgdiag import diagnose, parse_org
from orgdiag.measure.facts import build_facts
from orgdiag.measure.graph import build_graph
from orgdiag.render.text import render_text
from orgdiag.rules.catalogue import load_catalogue

#: HM Treasury, September 2013: the Director of Finance and Commercial works 0.6 FTE and is published at
#: £50,000–£54,999, below every full-time SCS2's pay: the full-time rate is £83,333–£91,665. The Specialist band under
#: Infrastructure UK reaches £137,500.
PART_TIME = """
organisation: {name: HM Treasury}
positions:
  - {id: "19678", title: Permanent Secretary, grade: SCS4, pay: {low: 180000, high: 184999}}
  - {id: "24025", title: "Director, Finance and Commercial", reports_to: "19678", grade: SCS2, fte: 0.6,
     pay: {low: 50000, high: 54999}, staff: [{title: Treasury Official, fte: 33.07, grade: Range E2,
     pay: {low: 49490, high: 60000}}]}
  - {id: "24038", title: "Chief Executive, Infrastructure UK", reports_to: "19678", grade: SCS2,
     pay: {low: 170000, high: 174999}, staff: [{title: Specialist, fte: 45.58, pay: {low: 28000, high: 137500}}]}
  - {id: "24040", title: Director of Financial Services, reports_to: "19678", grade: SCS2,
     pay: {low: 85000, high: 89999}, staff: [{title: Policy Advisor, fte: 11, grade: Range D,
     pay: {low: 24578, high: 38255}}]}
"""

#: An organisation that lists its people and says nothing of pay, grades or staff counted under its posts.
LISTED = "organisation: {name: X}\npositions:\n  - {id: ceo, title: VD}\n  - {id: cfo, title: CFO, reports_to: ceo}\n"


def _position(text: str, ref: str) -> dict:
    return next(f for f in build_facts(build_graph(parse_org(text))) if f["t"] == "position" and f["ref"] == ref)


def test_part_time_pay_is_compared_at_its_full_time_rate() -> None:
    director = _position(PART_TIME, "24025")
    assert (director["pay_low"], director["pay_high"]) == (83333, 91665)
    assert director["pay_label"] == "£50,000–£54,999 for 0.6 FTE, £83,333–£91,665 full time"
    assert not director["band_above_pay"]  # Range E2 tops out at £60,000: below the full-time rate
    finding = next(f for f in diagnose(parse_org(PART_TIME)).findings if f.slug == "band-above-directors")
    assert finding.evidence == ["19678", "24038", "24040", "24025"]
    assert "Director, Finance and Commercial (SCS2, £50,000–£54,999 for 0.6 FTE, £83,333–£91,665 full time)" in (
        finding.message
    )


def test_a_post_leads_the_posts_below_it_and_the_staff_counted_under_them() -> None:
    permanent_secretary = _position(PART_TIME, "19678")
    assert permanent_secretary["posts_below"] == 3
    assert permanent_secretary["people_label"] == "3 posts and 89.7 FTE of staff"


def test_where_staff_are_counted_not_listed_the_summary_says_the_layers_below_cannot_be_assessed() -> None:
    text = render_text(diagnose(parse_org(PART_TIME)))
    assert (
        "89.7 FTE of staff counted under 3 posts, half of them under 1 post: spans and layers are assessed for the "
        "listed posts only, and cannot be below them, where the data counts staff by grade, not who reports to whom."
    ) in text


def test_an_organisation_whose_data_says_nothing_of_its_workforce_gets_no_workforce_fields() -> None:
    assert "people" not in _position(LISTED, "cfo")
    assert "senior_posts" in next(f for f in build_facts(build_graph(parse_org(LISTED))) if f["t"] == "org")


def test_a_pack_rule_naming_a_workforce_field_renders_where_the_fact_was_built_without_it(tmp_path: Path) -> None:
    (tmp_path / "XX001-vacant-leader.yaml").write_text(
        "code: XX001\nslug: vacant-leader\ntitle: A vacant post\nseverity: low\nsources: [org-design]\n"
        "rationale: General org-design practice.\nwhen: {all: [{m: {$and: [{t: position}, {vacant: true}]}}]}\n"
        'subject: "{m.ref}"\nmessage: "{m.name} is vacant[[ and leads {m.people_label}]]."\n'
        "suggestions: [{action: fix_data, params: {element: '{m.ref}', problem: vacant}, text: Fill it.}]\n",
        encoding="utf-8",
    )
    org = parse_org("organisation: {name: X}\npositions:\n  - {id: cfo, title: CFO, vacant: true}\n")
    catalogue = load_catalogue([tmp_path]).select(only=["XX001"])
    assert [f.message for f in diagnose(org, catalogue=catalogue).findings] == ["CFO is vacant."]
