"""Each restructuring action on its own: what it does to a small organisation, and when it refuses.

Every action of orgdiag.findings.ACTIONS has a case where it applies and one where its preconditions fail
(advice-only actions only refuse), and a test fails when an action lacks either; every declared action has one
implementation, which reads the parameters declared, in their declared shape.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

import pytest

from orgdiag.findings import ACTIONS
from orgdiag.orgfile import dump_org, parse_org
from orgdiag.restructuring.actions import IMPLEMENTATIONS, apply_action
from orgdiag.restructuring.actions.registry import carries_out
from orgdiag.restructuring.draft import Draft, NotApplicable

SMALL = """
organisation: {name: Small Co}
units:
  - {id: hq, name: HQ}
  - {id: mkt, name: Marketing, parent: hq}
  - {id: web, name: Web team, parent: hq}
  - {id: cs, name: Customer service, parent: hq}
positions:
  - {id: ceo, title: CEO, unit: hq}
  - {id: cmo, title: Head of marketing, unit: mkt, reports_to: ceo}
  - {id: webl, title: Web lead, unit: web, reports_to: ceo,
     owns: [site/strategy, site/content], decides: [site/approval]}
  - {id: dev, title: Web developer, unit: web, reports_to: webl}
  - {id: ed, title: Editor, unit: web, reports_to: dev}
  - {id: csl, title: Customer service lead, unit: cs, reports_to: ceo}
channels:
  - {id: site, kind: web, owner: web}
  - {id: social, kind: social, owner: mkt}
agencies:
  - {id: a1, name: Agency One, contracted_by: web, serves: [site], owns: [site/kpis], contact: webl}
  - {id: a2, name: Agency Two, contracted_by: mkt, serves: [social], contact: webl}
kpis:
  - {name: followers, channel: social, owner: cmo}
  - {name: sales, channel: site, owner: a1, goal: revenue}
approvals:
  - {channel: social, steps: [cmo, ceo]}
"""

HEADLESS = """
organisation: {name: Headless Co, profile: {employees: 300}}
units: [{id: hq, name: HQ}, {id: web, name: Web team, parent: hq}]
positions: [{id: ceo, title: CEO, unit: hq}, {id: w, title: Web lead, unit: web, reports_to: ceo}]
"""

WIDE = """
organisation: {name: Wide Ltd, profile: {employees: 300}}
units: [{id: hq, name: HQ}, {id: ops, name: Operations, parent: hq}]
positions:
  - {id: ceo, title: Chief Executive, unit: hq}
  - {id: ops-dir, title: Operations director, unit: ops, reports_to: ceo}
  - {id: o1, title: Site manager, unit: ops, reports_to: ops-dir}
  - {id: o2, title: Site manager, unit: ops, reports_to: ops-dir}
  - {id: o3, title: Site manager, unit: ops, reports_to: ops-dir}
  - {id: o4, title: Site manager, unit: ops, reports_to: ops-dir}
  - {id: o5, title: Site manager, unit: ops, reports_to: ops-dir}
  - {id: gone1, title: Site manager, unit: ops, reports_to: ops-dir, abolished: true}
  - {id: gone2, title: Site manager, unit: ops, reports_to: ops-dir, abolished: true}
  - {id: t1, title: Technician, unit: ops, reports_to: o1}
  - {id: cos, title: Chief of staff, unit: hq, reports_to: ceo}
  - {id: asst, title: Assistant, unit: hq, reports_to: cos}
"""

ORGS = {"small": SMALL, "headless": HEADLESS, "wide": WIDE}

#: (org, action, params, words one of the edits must contain)
APPLIES = [
    (
        "small",
        "move_responsibility",
        {"responsibility": "strategy", "from": "webl", "to": "cmo"},
        "takes over site/strategy",
    ),
    ("small", "assign_responsibility", {"responsibility": "marcom/strategy", "to": ["cmo"]}, "owns marcom/strategy"),
    (
        "small",
        "grant_decision_right",
        {"scope": ["site"], "responsibility": "publishing", "to": "dev"},
        "decides site/publishing",
    ),
    ("small", "move_unit", {"unit": "web", "new_parent": "mkt"}, "reports to Head of marketing (cmo)"),
    ("small", "merge_units", {"units": ["web"], "into": "mkt"}, "merged into Marketing (mkt)"),
    ("small", "add_link", {"kind": "coordinates", "between": ["web", "mkt"]}, "coordinate in a cross-channel forum"),
    ("small", "split_role", {"position": "webl", "move_out": "strategy", "to": "cmo"}, "hands over site/strategy"),
    ("small", "consolidate_agencies", {"agencies": ["a1"], "into": "mkt"}, "is contracted by Marketing (mkt)"),
    ("small", "retitle_position", {"position": "webl", "title": "Web editor"}, "retitled Web editor"),
    ("small", "add_sponsor", {"scope": "marcom", "to": "ceo"}, "owns marcom/sponsor"),
    (
        "small",
        "reassign_approval",
        {"channel": "social", "from": ["ceo"], "to": "mkt"},
        "ceo no longer approves social",
    ),
    ("small", "define_kpis", {"channel": "social", "owner": "cmo"}, "KPI tied to a business goal"),
    ("small", "replace_kpis", {"channel": "social", "kpis": ["followers"]}, "drops the KPIs followers"),
    ("small", "trim_kpis", {"channel": "social", "keep": "0"}, "drops followers"),
    ("small", "attach_budget", {"channel": "site", "to": "webl"}, "owns site/budget"),
    ("small", "involve_voices", {"channel": ["social"], "coach": "cmo"}, "Customer service (cs) takes part on social"),
    ("small", "change_reporting", {"position": "dev", "reports_to": "cmo"}, "reports to Head of marketing (cmo)"),
    ("wide", "add_position", {"unit": "ops", "title": "Safety lead", "reports_to": "ops-dir"}, "new post Safety lead"),
    ("small", "remove_layer", {"position": "dev"}, "Editor (ed) reports to Web lead (webl)"),
    ("wide", "split_team", {"position": "ops-dir", "max_span": "2"}, "new post Team lead"),
    ("small", "add_deputy", {"position": "webl", "channels": ["site"]}, "deputises for webl"),
    ("small", "assign_agency_contacts", {"contact": "webl"}, "contact is Web developer (dev)"),
    ("headless", "appoint_head_of_marketing", {"unit": "hq", "reports_to": "ceo"}, "new post Head of marketing"),
]

#: (org, action, params, words the reason must contain)
REFUSES = [
    (
        "small",
        "move_responsibility",
        {"responsibility": "strategy", "from": "dev", "to": "cmo"},
        "holds none of strategy",
    ),
    ("small", "assign_responsibility", {"responsibility": "marcom/strategy", "to": ""}, "no one to own"),
    (
        "small",
        "grant_decision_right",
        {"scope": [], "responsibility": "publishing", "to": "dev"},
        "no channel is named",
    ),
    ("small", "move_unit", {"unit": "hq", "new_parent": "web"}, "below it"),
    ("small", "merge_units", {"units": ["web"], "into": ""}, "no unit to merge into"),
    ("small", "add_link", {"kind": "coordinates", "between": ["web", "web"]}, "two different ends"),
    ("small", "split_role", {"position": "nobody", "move_out": "strategy", "to": "cmo"}, "not a position"),
    ("small", "consolidate_agencies", {"agencies": ["a1"], "into": ""}, "no marketing unit"),
    ("small", "retitle_position", {"position": "webl", "title": "Web lead"}, "already titled"),
    ("small", "add_sponsor", {"scope": "marcom", "to": ""}, "no one to own"),
    ("small", "reassign_approval", {"channel": "social", "from": ["dev"], "to": "mkt"}, "approves social"),
    ("small", "define_kpis", {"channel": "site", "owner": "webl"}, "already has a KPI"),
    ("small", "replace_kpis", {"channel": "social", "kpis": ["reach"]}, "has none of the KPIs"),
    ("small", "trim_kpis", {"channel": "social", "keep": "5"}, "no more than 5"),
    ("small", "attach_budget", {"channel": "site", "to": "nobody"}, "not in the organisation"),
    ("small", "involve_voices", {"channel": [], "coach": "cmo"}, "no new voices"),
    ("small", "change_reporting", {"position": "ceo", "reports_to": "ed"}, "reporting cycle"),
    ("small", "add_position", {"unit": "nowhere", "title": "Lead", "reports_to": "cmo"}, "not a unit"),
    ("small", "add_position", {"unit": "mkt", "title": "Content lead", "reports_to": "cmo"}, "6 people"),
    ("small", "remove_layer", {"position": "webl"}, "heads web"),
    ("wide", "split_team", {"position": "ops-dir", "max_span": "5"}, "5 live direct reports, no more than 5"),
    ("small", "split_team", {"position": "ceo", "max_span": "1"}, "leads the organisation"),
    ("wide", "remove_layer", {"position": "gone1"}, "abolished post"),
    ("wide", "remove_layer", {"position": "cos"}, "on the executive team"),
    ("small", "add_deputy", {"position": "webl", "channels": []}, "holds no channel alone"),
    ("small", "assign_agency_contacts", {"contact": "cmo"}, "no channel served"),
    ("small", "appoint_head_of_marketing", {"unit": "hq", "reports_to": "ceo"}, "already a head of marketing"),
    ("small", "fix_data", {"element": "ed", "problem": "vacant"}, "for people to resolve"),
    ("small", "review_design", {"scope": "hq", "topic": "layers"}, "design review of layers"),
]


def _ids(cases: list[tuple[str, str, dict, str]]) -> list[str]:
    return [f"{action}-{words[:30]}" for _, action, _, words in cases]


@pytest.mark.parametrize(("org", "action", "params", "words"), APPLIES, ids=_ids(APPLIES))
def test_action_applies_and_leaves_a_valid_org_file(org: str, action: str, params: dict, words: str) -> None:
    before = parse_org(ORGS[org], "small.yaml")
    draft = Draft(before)
    edits = apply_action(draft, action, params)
    assert any(words in edit.text for edit in edits), [edit.text for edit in edits]
    after = draft.org()
    assert after != before
    assert parse_org(dump_org(after), "after.yaml") == after  # a valid org file, references and all


@pytest.mark.parametrize(("org", "action", "params", "words"), REFUSES, ids=_ids(REFUSES))
def test_action_refuses_with_the_reason_and_changes_nothing(org: str, action: str, params: dict, words: str) -> None:
    before = parse_org(ORGS[org], "small.yaml")
    draft = Draft(before)
    with pytest.raises(NotApplicable, match=words):
        apply_action(draft, action, params)
    assert draft.org() == before


def test_every_action_has_a_case_where_it_applies_and_one_where_it_refuses() -> None:
    applied = {action for _, action, _, _ in APPLIES}
    refused = {action for _, action, _, _ in REFUSES}
    advisory = {name for name, spec in ACTIONS.items() if spec.advisory}
    assert set(ACTIONS) - advisory == applied
    assert set(ACTIONS) == refused


def test_a_split_team_creates_as_few_posts_as_the_live_span_needs() -> None:
    draft = Draft(parse_org(WIDE, "wide.yaml"))
    edits = apply_action(draft, "split_team", {"position": "ops-dir", "max_span": "2"})
    leads = [edit.element for edit in edits if edit.text.startswith("new post")]
    assert len(leads) == 3  # five live reports in teams of at most two; the abolished posts are no one's team
    positions = {p.id: p for p in draft.org().positions}
    assert positions["gone1"].reports_to == "ops-dir" and positions["gone2"].reports_to == "ops-dir"


def test_a_layer_is_removed_only_where_the_manager_above_stays_within_the_span_allowed() -> None:
    org = parse_org(WIDE, "wide.yaml")
    with pytest.raises(NotApplicable, match="ops-dir would then have 5 direct reports, more than the 4"):
        apply_action(Draft(org, max_span=4), "remove_layer", {"position": "o1"})
    edits = apply_action(Draft(org, max_span=5), "remove_layer", {"position": "o1"})
    assert any("Technician (t1) reports to Operations director (ops-dir)" in edit.text for edit in edits)


def test_no_layer_goes_above_managers_who_lead_units_of_their_own() -> None:
    org = parse_org(
        """
organisation: {name: Holding}
units: [{id: hq, name: HQ}, {id: a, name: A, parent: hq}, {id: b, name: B, parent: hq}, {id: c, name: C, parent: hq}]
positions:
  - {id: ceo, title: Chief Executive, unit: hq}
  - {id: coo, title: Chief Operating Officer, unit: hq, reports_to: ceo}
  - {id: ha, title: Head of A, unit: a, reports_to: coo}
  - {id: hb, title: Head of B, unit: b, reports_to: coo}
  - {id: hc, title: Head of C, unit: c, reports_to: coo}
""",
        "holding.yaml",
    )
    with pytest.raises(NotApplicable, match="reports include leaders of units or executives \\(ha, hb, hc\\)"):
        apply_action(Draft(org), "split_team", {"position": "coo", "max_span": "2"})


def test_merging_a_unit_repoints_what_named_it() -> None:
    draft = Draft(parse_org(SMALL, "small.yaml"))
    apply_action(draft, "merge_units", {"units": ["web"], "into": "mkt"})
    after = draft.org()
    assert {c.id: c.owner for c in after.channels}["site"] == "mkt"
    assert {a.id: a.contracted_by for a in after.agencies}["a1"] == "mkt"
    assert {p.id: p.unit for p in after.positions}["dev"] == "mkt"
    assert "web" not in {u.id for u in after.units}


def test_every_declared_action_is_carried_out_and_nothing_else() -> None:
    assert set(IMPLEMENTATIONS) == set(ACTIONS)


def _params_read(action: str) -> dict[str, set[str]]:
    """The parameters an implementation reads (``one(params, NAME)``, ``many(…)``, ``number_param(…)``), each with
    the readers it reads it with."""
    reads: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(IMPLEMENTATIONS[action])))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("one", "many", "number_param")
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "params"
        ):
            reads.setdefault(node.args[1].value, set()).add(node.func.id)
    return reads


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_an_implementation_reads_the_declared_parameters_in_their_declared_shape(action: str) -> None:
    spec, reads = ACTIONS[action], _params_read(action)
    assert set(reads) == set(spec.params)
    assert {name for name, readers in reads.items() if "many" in readers} == set(spec.lists)


def test_an_action_is_carried_out_once_and_only_when_declared() -> None:
    def stand_in(draft: Draft, params: dict) -> list:
        return []

    with pytest.raises(TypeError, match="'move_unit' is carried out twice"):
        carries_out("move_unit")(stand_in)
    with pytest.raises(TypeError, match="'teleport', which orgdiag.findings.ACTIONS does not declare"):
        carries_out("teleport")(stand_in)
    assert IMPLEMENTATIONS["move_unit"].__name__ == "move_unit" and "teleport" not in IMPLEMENTATIONS


def test_the_strategy_moves_to_marketing_without_the_areas_beyond_the_channels() -> None:
    """``strategy`` names the channels' and marcom's: a partnership strategy the web lead also owns stays with it,
    and moves only when its ref is named."""
    org = SMALL.replace(
        "owns: [site/strategy, site/content]", "owns: [site/strategy, site/content, partnerships/strategy]"
    )
    draft = Draft(parse_org(org, "small.yaml"))
    apply_action(draft, "split_role", {"position": "webl", "move_out": "strategy", "to": "cmo"})
    after = {position.id: position for position in draft.org().positions}
    assert after["webl"].owns == ["site/content", "partnerships/strategy"]
    assert after["cmo"].owns == ["site/strategy"]
    apply_action(draft, "move_responsibility", {"responsibility": "partnerships/strategy", "from": "webl", "to": "ceo"})
    assert {position.id: position.owns for position in draft.org().positions}["ceo"] == ["partnerships/strategy"]
