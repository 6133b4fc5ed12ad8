"""The top of an organisation, the leaders below it and what each branch holds (orgdiag.measure.portfolio), and the
facts the portfolio and marketing-structure rules read from them."""

from __future__ import annotations

from typing import Any

from orgdiag.measure.facts import build_facts
from orgdiag.measure.facts.context import org_context
from orgdiag.measure.graph import build_graph
from orgdiag.orgfile import parse_org


def _context(text: str) -> Any:
    return org_context(build_graph(parse_org(text, "org.yaml")))


def _facts(text: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    facts = build_facts(build_graph(parse_org(text, "org.yaml")))
    return facts[0], {fact["ref"]: fact for fact in facts if fact["t"] == "leader"}


STATISTICS = """
organisation: {name: Statistics Authority}
positions:
  - {id: board, title: Board of the Statistics Authority}
  - {id: perm-sec, title: Permanent Secretary, reports_to: board}
  - {id: assessment, title: Head Of Assessment, reports_to: board}
  - {id: dg, title: Director General, reports_to: perm-sec}
  - {id: office, title: Deputy Director, function: National Statisticians Office, reports_to: perm-sec}
  - {id: d1, title: Director, function: Analysis and Dissemination, reports_to: dg}
  - {id: d2, title: Director, function: Population and Demography, reports_to: dg}
  - {id: d3, title: Director, function: Organisational Capability and Performance, reports_to: dg}
  - {id: dd1, title: Deputy Director, function: Communication, reports_to: d1}
  - {id: dd2, title: Deputy Director, function: Labour Market, reports_to: d2}
  - {id: dd3, title: Deputy Director, function: Prices, reports_to: d2}
  - {id: dd4, title: Deputy Director, function: Service Centre, reports_to: d3}
  - {id: dd5, title: Deputy Director, function: Business Indicators, reports_to: d2}
  - {id: dd6, title: Deputy Director, function: Census, reports_to: d2}
"""


def test_the_top_is_followed_down_from_a_board_to_the_executive_that_runs_it() -> None:
    portfolio = _context(STATISTICS).portfolio
    assert portfolio.chain == ("board", "perm-sec", "dg")
    assert portfolio.top == "dg"
    assert portfolio.leaders == ("assessment", "office", "d1", "d2", "d3")
    assert portfolio.leader_of["dd1"] == "d1"


def test_a_chief_executive_stays_the_top_above_the_largest_directorate() -> None:
    text = """
organisation: {name: Body}
positions:
  - {id: ceo, title: Chief Executive}
  - {id: ops, title: Director of Operations, reports_to: ceo, staff: [{title: Caseworker, fte: 400}]}
  - {id: fin, title: Director of Finance, reports_to: ceo, staff: [{title: Accountant, fte: 20}]}
"""
    portfolio = _context(text).portfolio
    assert (portfolio.top, portfolio.leaders) == ("ceo", ("ops", "fin"))


def test_communications_two_steps_below_the_top_is_found_and_its_line_said() -> None:
    org, _ = _facts(STATISTICS)
    assert (org["comms_lead"], org["comms_lead_steps"]) == ("dd1", 2)
    assert org["comms_lead_line"] == (
        "reports to Director, Analysis and Dissemination (post d1), who reports to Director General (post dg), the top"
    )
    assert org["comms_lead_words"] == "job text 'Communication'"


SCIENCE_MUSEUM = """
organisation: {name: Science Museum Group}
positions:
  - {id: "6", title: Director of SMG and Science Museum, holder: Ian Blatchford}
  - {id: "16", title: Chief Operating Officer, reports_to: "6", holder: Jonathan Newby,
     function: Manage Commercial Offer and Corporate Functions,
     staff: [{title: Retail Assistant, fte: 20.37}, {title: Visitor Experience Assistant, fte: 59.15}]}
  - {id: "1", title: Director of Finance, reports_to: "16", holder: Jane Ellis,
     function: Manage Finance and Risk Management, staff: [{title: Finance Support Assistant, fte: 11}]}
  - {id: "13", title: Director of External Affairs, reports_to: "6", holder: Roger Highfield,
     function: "Manage communications, marketing and external affairs",
     staff: [{title: Marketing & Communications Officer, fte: 12}]}
  - {id: "15", title: "Director - Museum of Science and Industry, Manchester", reports_to: "6", holder: Jean Franczyk,
     staff: [{title: Marketing & Communications Officer, fte: 2.57},
             {title: Marketing & Communications Manager, fte: 1},
             {title: IT Support Officer, fte: 4.5}, {title: Curator, fte: 30}]}
"""


def test_a_leader_holds_a_function_from_three_people_and_the_words_are_quoted() -> None:
    org, leaders = _facts(SCIENCE_MUSEUM)
    assert org["marcom_holder_ids"] == ["13", "15"]
    assert (
        "staff 'Marketing & Communications Officer', 'Marketing & Communications Manager' (3.6 FTE)"
        in (org["marcom_spread"])
    )
    assert "job text 'Manage communications, marketing and external affairs'" in org["marcom_spread"]
    assert leaders["15"]["function_list"] == [
        "IT and digital",
        "communications",
        "marketing",
        "collections and public programmes",
    ]


def test_income_and_the_control_of_it_under_one_leader() -> None:
    _, leaders = _facts(SCIENCE_MUSEUM)
    coo = leaders["16"]
    assert (coo["income_people"], coo["control_posts"], coo["control_post"]) == (21.4, 1, "1")
    assert coo["control_evidence"] == "Director of Finance (Jane Ellis)"
    assert leaders["13"]["control_posts"] == 0


def test_a_function_most_people_do_is_the_organisations_line_work_not_a_split_service() -> None:
    text = """
organisation: {name: Software House}
positions:
  - {id: ceo, title: Chief Executive}
  - {id: a, title: Head of Product A, reports_to: ceo, staff: [{title: Software Developer, fte: 40}]}
  - {id: b, title: Head of Product B, reports_to: ceo, staff: [{title: Software Developer, fte: 30}]}
  - {id: it, title: Head of IT, reports_to: ceo, staff: [{title: IT Support Officer, fte: 4}]}
"""
    org, leaders = _facts(text)
    assert _context(text).portfolio.line_work == {"it"}
    assert org["corporate_holders"] == 0
    assert leaders["it"]["split_functions"] == 0


MONITOR = """
organisation: {name: Monitor}
positions:
  - {id: "2", title: Chief Executive, holder: David Bennett}
  - {id: "3", title: Managing Director of Provider Regulation, reports_to: "2"}
  - {id: "56", title: Finance and Reporting Director, reports_to: "3",
     staff: [{title: "Managers & functional specialists", fte: 15}]}
  - {id: "14", title: Executive Director of Organisational Transformation, reports_to: "2"}
  - {id: "54", title: HR Director, reports_to: "14", staff: [{title: "Managers & functional specialists", fte: 17.4}]}
  - {id: "5", title: Executive Director of Legal Services, reports_to: "2"}
"""


def test_a_post_named_for_a_corporate_service_with_a_team_holds_it_and_the_spread_names_the_posts() -> None:
    org, leaders = _facts(MONITOR)
    assert org["corporate_holder_ids"] == ["3", "14", "5"]
    assert org["corporate_post_ids"] == ["56", "14", "54", "5"]
    assert org["corporate_line_holders"] == 1
    assert leaders["3"]["report_mix_ids"] == ["56"]


STATED_AREAS = """
organisation: {name: Nordvik Energi AS}
units:
  - {id: ledelse, name: Konsernledelse}
  - {id: strategi, name: Strategi og utvikling, parent: ledelse, owns: [partnerships/strategy]}
  - {id: salg, name: Salg, parent: ledelse}
positions:
  - {id: ceo, title: Konsernsjef, unit: ledelse, owns: [public-affairs/strategy]}
  - {id: sd, title: Direktør strategi og utvikling, unit: strategi, reports_to: ceo}
  - {id: adviser, title: Rådgiver, unit: strategi, reports_to: sd, decides: [stakeholder-engagement/budget]}
  - {id: sales, title: Salgsdirektør, unit: salg, reports_to: ceo}
  - {id: key, title: Fagsjef, unit: salg, reports_to: sales, owns: [income-generation/kpis]}
  - {id: controller, title: Controller, unit: salg, reports_to: sales}
"""


def test_a_stated_area_is_held_as_its_function_by_the_posts_that_state_it_or_lead_the_unit() -> None:
    """An area beyond the channels, owned or decided by a post or by a unit (for the posts that lead it), makes the
    branch hold its function; the words say it was stated. The top's own statements are no holding of a branch."""
    org, leaders = _facts(STATED_AREAS)
    assert leaders["sd"]["function_list"] == ["partnerships and stakeholder engagement"]
    assert org["partner_holder_ids"] == ["sd", "sales"]
    assert (
        "Direktør strategi og utvikling (post sd), its unit Strategi og utvikling owns 'partnerships/strategy'; "
        "Rådgiver (post adviser), decides 'stakeholder-engagement/budget'" in org["partner_spread"]
    )
    assert org["marcom_holders"] == 0
    assert (leaders["sales"]["income_people"], leaders["sales"]["control_posts"]) == (1, 1)
    assert leaders["sales"]["income_evidence"] == "Fagsjef (post key), owns 'income-generation/kpis'"
