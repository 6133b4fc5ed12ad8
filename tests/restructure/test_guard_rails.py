"""The guard rails of docs/restructuring.md, each on an organisation where restructuring without them made an absurd
change, and a near miss where the change is still made: real exports keep their top team, abolished posts and units
read from words; a small body gets no new senior post; a peer is never a leader's deputy; no unit whose work is not
marketing moves into it; a change that rests on assumed facts is a proposal for the workshop, and every change cites
what it rests on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orgdiag.importers import import_org
from orgdiag.model import OrgFile
from orgdiag.orgfile import parse_org
from orgdiag.restructuring.guard_rails import INFERRED_ONLY
from orgdiag.restructuring.plan import restructure
from orgdiag.restructuring.results import NotApplied, Restructuring

from conftest import FIXTURES

REAL = FIXTURES / "real"
ORGANOGRAMS = {
    "HSE 2013": [
        "uk-organogram/300913-HSE-Organogram-ver1-senior.csv",
        "uk-organogram/300913-HSE-Organogram-ver1-junior.csv",
    ],
    "Cabinet Office 2011": [
        "uk-organogram/cabinet_office-2011-09-30-senior.csv",
        "uk-organogram/cabinet_office-2011-09-30-junior.csv",
    ],
    "DFID 2014": [
        "uk-organogram-history/department_for_international_development-2014-09-30-senior.csv",
        "uk-organogram-history/department_for_international_development-2014-09-30-junior.csv",
    ],
    "V&A 2011": [
        "uk-organogram-history/victoria_albert_museum-2011-03-31-senior.csv",
        "uk-organogram-history/victoria_albert_museum-2011-03-31-junior.csv",
    ],
}


@pytest.mark.parametrize("name", ORGANOGRAMS)
def test_restructuring_an_organogram_keeps_the_top_team_units_and_abolished_posts(name: str) -> None:
    org = import_org([REAL / source for source in ORGANOGRAMS[name]], "uk-organogram").org
    result = restructure(org)
    after = {p.id: p for p in result.org.positions}
    tops = {p.id for p in org.positions if not p.reports_to and not p.abolished}
    for position in org.positions:
        if position.abolished:
            assert after[position.id] == position, f"{position.id} is abolished and was changed"
        if position.id in tops or position.reports_to in tops:
            assert after[position.id].reports_to == position.reports_to, f"{position.id} of the top team moved"
    assert [(u.id, u.parent) for u in result.org.units] == [(u.id, u.parent) for u in org.units]
    added = set(after) - {p.id for p in org.positions}
    assert not any(after[p].reports_to in tops for p in added), "a layer was put under the top"
    assert result.settled


SILO_ON_WORDS = """
organisation: {name: Words Ltd}
units:
  - {id: hq, name: HQ}
  - {id: mkt, name: Marketing, parent: hq}
  - {id: sci, name: Social Media, parent: hq}
positions:
  - {id: ceo, title: Chief Executive, unit: hq, owns: [marcom/sponsor]}
  - {id: cmo, title: Head of Marketing, unit: mkt, reports_to: ceo, owns: [marcom/strategy]}
  - {id: lead, title: Social media lead, unit: sci, reports_to: ceo}
channels:
  - id: social
    kind: social
    owner: sci
    inferred: [{fact: channel, value: social, source: "unit name 'Social Media'", words: Social Media}]
links:
  - {kind: coordinates, between: [hq, mkt]}
"""


def test_no_unit_moves_into_marketing_on_an_inferred_channel_unless_asked() -> None:
    org = parse_org(SILO_ON_WORDS, "words.yaml")
    cautious = restructure(org)
    silo = next(f for f in cautious.comparison.before.findings if f.rule == "OD101")
    assert silo.severity == "medium" and silo.stated_severity == "high"
    assert any("inferred from 'Social Media'" in text for text in silo.inferred or [])
    assert cautious.changes == ()
    (held,) = [item for item in cautious.not_applied if item.finding.rule == "OD101"]
    assert held.workshop and held.reason == INFERRED_ONLY
    assert [edit.text for edit in held.would][0] == "unit Social Media (sci) moved under Marketing (mkt)"
    bold = restructure(org, include_inferred=True)
    assert [change.suggestion.action for change in bold.changes if change.finding.rule == "OD101"] == ["move_unit"]


def test_the_cli_restructures_inferred_findings_only_when_asked(cli, tmp_path: Path) -> None:
    source = tmp_path / "words.yaml"
    source.write_text(SILO_ON_WORDS, encoding="utf-8")
    cautious = cli("restructure", source, "--out", tmp_path / "cautious")
    assert cautious.exit_code == 0 and "0 changes" in cautious.stdout
    assert "rests on facts inferred from words" in (tmp_path / "cautious" / "changes.md").read_text(encoding="utf-8")
    bold = cli("restructure", source, "--out", tmp_path / "bold", "--include-inferred")
    assert bold.exit_code == 0 and "OD101" in bold.stdout


# A public body of 52 people (3 posts, 49 staff FTE): the marketing director alone holds three channels.
SMALL_BODY = """
organisation: {name: Sea Fish Board}
units:
  - {id: office, name: Chief Executive's Office}
  - {id: mkt, name: Marketing, parent: office}
  - {id: ops, name: Operations, parent: office}
positions:
  - {id: ceo, title: Chief Executive, unit: office, owns: [marcom/sponsor]}
  - {id: md, title: Director of Marketing, unit: mkt, reports_to: ceo,
     owns: [marcom/strategy, web/publishing, social/publishing, email/publishing],
     staff: [{title: Marketing Officer, fte: 6}]}
  - {id: od, title: Director of Operations, unit: ops, reports_to: ceo,
     staff: [{title: Inspector, fte: 40}, {title: Administrator, fte: 3}]}
channels:
  - {id: web, kind: web, owner: mkt}
  - {id: social, kind: social, owner: mkt}
  - {id: email, kind: email, owner: mkt}
"""


def _sole_holder(result: Restructuring) -> list[NotApplied]:
    return [item for item in result.not_applied if item.finding.rule == "OD208"]


def _added_posts(result: Restructuring, org: OrgFile) -> list[str]:
    before = {p.id for p in org.positions}
    return [p.title for p in result.org.positions if p.id not in before]


def test_a_body_of_52_people_gets_no_new_deputy_director() -> None:
    org = parse_org(SMALL_BODY, "small-body.yaml")
    result = restructure(org)
    assert _added_posts(result, org) == []
    (refusal,) = _sole_holder(result)
    assert refusal.refused
    assert refusal.reason == (
        "Sea Fish Board has 52 people (posts and staff FTE), fewer than 150: a new senior post or layer there is for "
        "people to decide"
    )


def test_near_miss_a_large_organisation_may_get_the_new_deputy_post() -> None:
    org = parse_org(SMALL_BODY.replace("{name: Sea Fish Board}", "{name: Sea Fish Board, profile: {employees: 400}}"))
    result = restructure(org)
    assert _added_posts(result, org) == ["Deputy Director of Marketing"]
    (deputy,) = [change for change in result.changes if change.finding.rule == "OD208"]
    assert "deputises for md: decides web/publishing, social/publishing, email/publishing" in deputy.edits[-1].text


def test_no_new_post_where_a_head_of_that_work_is_already_among_the_staff() -> None:
    text = SMALL_BODY.replace("{name: Sea Fish Board}", "{name: Sea Fish Board, profile: {employees: 400}}")
    text = text.replace("[{title: Marketing Officer, fte: 6}]", "[{title: Digital Marketing Manager, fte: 1}]")
    org = parse_org(text)
    result = restructure(org)
    assert _added_posts(result, org) == []
    (refusal,) = _sole_holder(result)
    assert refusal.reason == (
        "the staff under Director of Marketing (md) already count a head of that work ('Digital Marketing Manager', "
        "1.0 FTE): give one of them the role rather than add a post"
    )


# The only other listed post in the marketing unit is a peer: another director reporting to the chief executive.
PEER_BESIDE_MARKETING = """
organisation: {name: Sea Fish Board, profile: {employees: 400}}
units:
  - {id: office, name: Chief Executive's Office}
  - {id: mkt, name: Marketing and Engagement, parent: office}
positions:
  - {id: ceo, title: Chief Executive, unit: office, owns: [marcom/sponsor]}
  - {id: md, title: Director of Marketing, unit: mkt, reports_to: ceo,
     owns: [marcom/strategy, web/publishing, social/publishing, email/publishing]}
  - {id: pd, title: Director of Industry Partnerships, unit: mkt, reports_to: ceo}
channels:
  - {id: web, kind: web, owner: mkt}
  - {id: social, kind: social, owner: mkt}
  - {id: email, kind: email, owner: mkt}
"""


def _deputies(result: Restructuring) -> list[str]:
    return [
        edit.element
        for c in result.changes
        if c.finding.rule == "OD208"
        for edit in c.edits
        if "deputises" in edit.text
    ]


def test_a_peer_director_is_never_made_the_marketing_directors_deputy() -> None:
    org = parse_org(PEER_BESIDE_MARKETING)
    result = restructure(org)
    assert "pd" not in _deputies(result)
    assert not any("publishing" in ref for p in result.org.positions if p.id == "pd" for ref in p.decides)
    assert _added_posts(result, org) == ["Deputy Director of Marketing"]  # a large body: a deputy post of its own


def test_in_a_small_body_the_peer_is_passed_over_and_no_post_added_with_both_reasons() -> None:
    org = parse_org(PEER_BESIDE_MARKETING.replace(", profile: {employees: 400}", ""))
    result = restructure(org)
    assert _deputies(result) == [] and _added_posts(result, org) == []
    (refusal,) = _sole_holder(result)
    assert refusal.reason == (
        "Director of Industry Partnerships (pd) is its peer (both report to Chief Executive (ceo)), not its deputy; "
        "and Sea Fish Board has 3 people (posts and staff FTE), fewer than 150: a new senior post or layer there is "
        "for people to decide"
    )


def test_a_post_of_the_same_grade_under_another_manager_is_a_peer_too() -> None:
    text = PEER_BESIDE_MARKETING.replace(", profile: {employees: 400}", "")
    text = text.replace("reports_to: ceo,\n     owns", "reports_to: ceo, grade: SCS1,\n     owns")
    text = text.replace(
        "{id: pd, title: Director of Industry Partnerships, unit: mkt, reports_to: ceo}",
        "{id: pd, title: Director of Industry Partnerships, unit: mkt, reports_to: md2, grade: SCS1}\n"
        "  - {id: md2, title: Chief Operating Officer, unit: office, reports_to: ceo}",
    )
    result = restructure(parse_org(text))
    (refusal,) = _sole_holder(result)
    assert refusal.reason.startswith("Director of Industry Partnerships (pd) is its peer (both are graded SCS1)")


def test_near_miss_a_report_of_the_director_is_made_its_deputy() -> None:
    text = PEER_BESIDE_MARKETING.replace(
        "{id: pd, title: Director of Industry Partnerships, unit: mkt, reports_to: ceo}",
        "{id: pd, title: Director of Industry Partnerships, unit: mkt, reports_to: ceo}\n"
        "  - {id: wo, title: Web officer, unit: mkt, reports_to: md}",
    )
    assert _deputies(restructure(parse_org(text))) == ["wo"]


# A unit that runs one channel beside marketing and coordinates with nobody: a channel silo (OD101), whose remedy
# is to fold it into marketing. The unit's name is filled in below.
UNIT_WITH_A_CHANNEL = """
organisation: {name: Sea Fish Board}
units:
  - {id: office, name: Chief Executive's Office}
  - {id: mkt, name: Marketing, parent: office}
  - {id: unit, name: "NAME", parent: office}
positions:
  - {id: ceo, title: Chief Executive, unit: office, owns: [marcom/sponsor]}
  - {id: md, title: Director of Marketing, unit: mkt, reports_to: ceo, owns: [marcom/strategy]}
  - {id: head, title: "HEAD", unit: unit, reports_to: ceo, owns: [events/strategy]}
channels:
  - {id: web, kind: web, owner: mkt}
  - {id: events, kind: events, owner: unit}
links:
  - {kind: coordinates, between: [office, mkt]}
"""


def _unit_with_a_channel(name: str, head: str) -> OrgFile:
    return parse_org(UNIT_WITH_A_CHANNEL.replace("NAME", name).replace("HEAD", head))


@pytest.mark.parametrize(
    ("name", "head", "work"),
    [
        ("Industry Partnerships", "Director of Industry Partnerships", "partnerships and stakeholder engagement"),
        ("Industry Engagement", "Head of Industry Engagement", "partnerships and stakeholder engagement"),
        ("Customer Operations", "Head of Customer Operations", "operations"),
        ("Events", "Head of Sponsorship", "commercial and income generation"),
    ],
)
def test_a_unit_whose_work_is_not_marketing_is_never_moved_into_marketing(name: str, head: str, work: str) -> None:
    result = restructure(_unit_with_a_channel(name, head))
    units = {u.id: u for u in result.org.units}
    assert units["unit"].parent == "office"
    (refusal,) = [item for item in result.not_applied if item.suggestion.action == "move_unit"]
    assert refusal.refused and refusal.finding.rule == "OD101"
    assert refusal.reason.startswith(f"the main work of {name} (unit) is {work}, not marketing (as ")
    # the silo is answered all the same: the fallback forum with marketing
    assert [c.suggestion.action for c in result.changes if c.finding.rule == "OD101"] == ["add_link"]
    assert "channel-silo" not in {f.slug for f in result.comparison.after.open_findings}


@pytest.mark.parametrize(
    ("name", "head"),
    [("Digital", "Head of Digital"), ("E-commerce", "E-commerce manager"), ("Press Office", "Head of Press")],
)
def test_near_miss_a_channel_team_is_folded_into_marketing(name: str, head: str) -> None:
    result = restructure(_unit_with_a_channel(name, head))
    assert {u.id: u.parent for u in result.org.units}["unit"] == "mkt"


# The Digital unit's social channel rests on a job description the consultant has not checked with anyone.
ASSUMED_CHANNEL = """
organisation: {name: Harbour Trust, profile: {employees: 400}}
units:
  - {id: office, name: Chief Executive's Office}
  - {id: mkt, name: Marketing, parent: office}
  - {id: digital, name: Digital, parent: office}
positions:
  - {id: ceo, title: Chief Executive, unit: office, owns: [marcom/sponsor]}
  - {id: md, title: Director of Marketing, unit: mkt, reports_to: ceo, owns: [marcom/strategy]}
  - {id: dd, title: Head of Digital, unit: digital, reports_to: ceo}
channels:
  - {id: web, kind: web, owner: digital, source: "interview with the Head of Digital, 2 March", confidence: stated}
  - {id: social, kind: social, owner: digital, source: "job description of the Head of Digital", confidence: assumed}
links:
  - {kind: coordinates, between: [office, mkt]}
"""


def test_a_change_resting_on_an_assumed_fact_is_a_proposal_for_the_workshop() -> None:
    org = parse_org(ASSUMED_CHANNEL)
    result = restructure(org)
    assert {u.id: u.parent for u in result.org.units}["digital"] == "office"
    (move,) = [item for item in result.for_workshop if item.suggestion.action == "move_unit"]
    assert move.reason.startswith("it rests on facts marked as assumed (social (social)): confirm them in the workshop")
    assert [edit.text for edit in move.would] == [
        "unit Digital (digital) moved under Marketing (mkt)",
        "Head of Digital (dd) reports to Director of Marketing (md)",
    ]
    cited = {evidence.element: (evidence.source, evidence.confidence) for evidence in move.rests_on}
    assert cited["social"] == ("job description of the Head of Digital", "assumed")
    assert cited["web"] == ("interview with the Head of Digital, 2 March", "stated")
    confirmed = restructure(org, include_assumed=True)
    assert {u.id: u.parent for u in confirmed.org.units}["digital"] == "mkt"
    assert confirmed.for_workshop == ()


def test_a_change_on_stated_facts_cites_them_with_their_source() -> None:
    result = restructure(parse_org(ASSUMED_CHANNEL))
    (web,) = [c for c in result.changes if c.finding.rule == "OD405" and c.finding.subject == "web"]
    assert web.rests_on[0].entry == "web (web)"
    assert (web.rests_on[0].source, web.rests_on[0].confidence) == (
        "interview with the Head of Digital, 2 March",
        "stated",
    )


def test_changes_md_and_json_say_the_refusals_the_workshop_and_the_evidence(cli, tmp_path: Path) -> None:
    source = tmp_path / "assumed.yaml"
    source.write_text(ASSUMED_CHANNEL, encoding="utf-8")
    run = cli("restructure", source, "--out", tmp_path / "out")
    assert run.exit_code == 0 and "proposals for the workshop" in run.stdout
    changes = (tmp_path / "out" / "changes.md").read_text(encoding="utf-8")
    assert (
        "Rests on: web (web), from interview with the Head of Digital, 2 March, stated; Digital (digital)." in changes
    )
    workshop = changes.split("## For the workshop", 1)[1].split("## Not applied", 1)[0]
    assert "- `move_unit` for medium **OD101** channel-silo \\[digital\\]" in workshop
    assert "Would: unit Digital (digital) moved under Marketing (mkt)" in workshop
    assert "social (social), from job description of the Head of Digital, assumed" in workshop
    data = json.loads((tmp_path / "out" / "changes.json").read_text(encoding="utf-8"))
    (move,) = [item for item in data["not_applied"] if item["action"] == "move_unit"]
    assert move["for_workshop"] and not move["refused"]
    assert {
        "entry": "social (social)",
        "element": "social",
        "source": "job description of the Head of Digital",
        "confidence": "assumed",
    } in move["rests_on"]
    partners = tmp_path / "partners.yaml"
    partners.write_text(UNIT_WITH_A_CHANNEL.replace("NAME", "Industry Partnerships").replace("HEAD", "Director"))
    assert cli("restructure", partners, "--out", tmp_path / "refused").exit_code == 0
    text = (tmp_path / "refused" / "changes.md").read_text(encoding="utf-8")
    assert "Refused: the main work of Industry Partnerships (unit) is partnerships and stakeholder engagement" in text


# The marketing plan counts followers: written down, but not yet confirmed with anyone.
ASSUMED_KPI = """
organisation: {name: Harbour Trust, profile: {employees: 400}}
units:
  - {id: office, name: Chief Executive's Office}
  - {id: mkt, name: Marketing, parent: office}
positions:
  - {id: ceo, title: Chief Executive, unit: office, owns: [marcom/sponsor]}
  - {id: md, title: Director of Marketing, unit: mkt, reports_to: ceo, owns: [marcom/strategy, social/publishing],
     decides: [social/publishing]}
  - {id: so, title: Social media officer, unit: mkt, reports_to: md, owns: [social/content]}
channels:
  - {id: social, kind: social, owner: mkt, name: Social media}
kpis:
  - {name: followers, channel: social, owner: md, source: marketing plan 2026, confidence: CONFIDENCE}
"""


def test_a_kpi_marked_as_assumed_holds_back_the_change_that_rests_on_it() -> None:
    result = restructure(parse_org(ASSUMED_KPI.replace("CONFIDENCE", "assumed")))
    assert not any(c.suggestion.action == "replace_kpis" for c in result.changes)
    held = [item for item in result.for_workshop if item.suggestion.action == "replace_kpis"]
    assert {item.finding.rule for item in held} == {"OD110", "OD111"}
    cited = [e for e in held[0].rests_on if e.element is None]
    assert [(e.entry, e.source, e.confidence) for e in cited] == [
        ("KPI 'followers' of Social media (social)", "marketing plan 2026", "assumed")
    ]


def test_near_miss_a_verified_kpi_is_replaced_and_cited() -> None:
    result = restructure(parse_org(ASSUMED_KPI.replace("CONFIDENCE", "verified")))
    (replaced,) = [c for c in result.changes if c.suggestion.action == "replace_kpis"]
    assert replaced.edits[0].text == "social drops the KPIs followers"
    assert ("KPI 'followers' of Social media (social)", "verified") in [
        (e.entry, e.confidence) for e in replaced.rests_on
    ]
    assert result.for_workshop == ()
