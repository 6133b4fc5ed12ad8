"""Restructuring: every fixture with findings, and the demo, turned into a proposed organisation.

For each, the proposal resolves its headline findings (the fixture's own rule's findings; every finding of high
severity or above in the demo) and introduces none of high severity or above; restructuring the proposal again
changes nothing. Rules whose only remedy needs data or a judgement the organisation must supply are listed in
PEOPLE_DECIDE: their findings remain, each with the reason no change was applied.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orgdiag import diagnose, load_org, parse_org
from orgdiag.orgfile import dump_org
from orgdiag.render.compare import COMPARE_FILES, RESTRUCTURE_FILES
from orgdiag.restructuring.diff import diff_orgs, removed_of
from orgdiag.restructuring.plan import apply, compare, plan, restructure
from orgdiag.rules.cases import RuleCase

from conftest import DEMO
from rulecases import rule_cases

#: Rules whose suggestions only people can carry out: fix the data, review a design, merge a unit or widen a
#: manager's role (a unit's head or a top manager is never stripped of a team automatically), bring a function split
#: between leaders together (which side keeps it is a judgement).
PEOPLE_DECIDE = {
    "marketing-comms-split",
    "partner-work-fragmented",
    "function-split",
    "mixed-reports",
    "corporate-services-split",
    "span-too-narrow",
    "one-to-one-reporting",
    "span-profile",
    "too-many-layers",
    "same-grade-layer",
    "position-without-unit",
    "several-roots",
    "empty-unit",
    "vacant-post",
    "pay-withheld",
    "missing-paybill",
    "unit-off-reporting-line",
    "copied-job-text",
    "single-unit",
    "unplaced-staff",
    "senior-staff-ratio",
    "staff-concentration",
    "small-senior-team",
    "top-heavy",
    "one-team-directors",
    "upper-grade-team",
    "upper-grade-workforce",
    "manager-titles",
    "many-grades-small-team",
    "twin-grades",
    "pay-vs-scope",
    "paid-far-above-peers",
    "band-above-manager",
    "band-above-directors",
    "paybill-unreconciled",
    "grade-vs-size",
    "paid-below-report",
    "acting-beside-substantive",
    "temporary-holder",
    "leader-post-not-held",
    "acting-leader",
    "leave-without-cover",
    "pool-holding-staff",
    "one-holder-several-posts",
    "dual-reporting",
}

#: Fixtures whose remedy is a new post or layer (team leads, a head of marketing) in an organisation too small for
#: one (docs/restructuring.md, Guard rails): their findings remain, each with the refusal.
TOO_SMALL_FOR_A_NEW_POST = {
    "rules/span-too-wide/fires-sales-manager-with-fifteen-reports",
    "rules/channel-silo/fires-without-any-head-of-marketing",
}

FIRES = [(name, case) for name, case in rule_cases() if case.name.startswith("fires-")]


@pytest.mark.parametrize(("name", "case"), FIRES, ids=[name.removeprefix("rules/") for name, _ in FIRES])
def test_fixture_restructured_resolves_its_findings_and_settles(name: str, case: RuleCase) -> None:
    result = restructure(parse_org(case.org, f"{name}.yaml"))
    comparison = result.comparison
    after = {(f.slug, f.subject) for f in comparison.after.open_findings}
    rule = name.split("/")[1]
    headline = {(rule, subject) for subject in case.findings}
    if rule in PEOPLE_DECIDE:
        assert headline <= after
        reasons = {(n.finding.slug, n.finding.subject): n.reason for n in result.not_applied}
        assert all(reasons.get(key) for key in headline), reasons
    elif name in TOO_SMALL_FOR_A_NEW_POST:
        assert headline <= after
        refusals = [n.reason for n in result.not_applied if n.refused]
        assert any("fewer than 150: a new senior post or layer" in reason for reason in refusals), refusals
    else:
        assert not headline & after, f"still found: {headline & after}"
    assert not comparison.introduced_at_least("high")
    assert result.settled
    assert not restructure(result.org).changes


def test_demo_restructured_resolves_every_high_finding_and_settles() -> None:
    result = restructure(load_org(DEMO))
    comparison = result.comparison
    high = {(f.rule, f.subject) for f in comparison.before.open_findings if f.severity in ("high", "critical")}
    assert high and high <= {(f.rule, f.subject) for f in comparison.resolved}
    assert not comparison.introduced_at_least("high")
    assert len(comparison.resolved) >= 25
    assert not restructure(result.org).changes


def test_the_library_steps_work_on_an_organisation_in_memory() -> None:
    org = parse_org(DEMO.read_text("utf-8"), "demo.yaml")
    before = diagnose(org)
    proposals = plan(before, only=["channel-silo"])
    assert {p.finding.slug for p in proposals} == {"channel-silo"}
    applied = apply(org, proposals)
    assert [c.suggestion.action for c in applied.changes] == ["move_unit", "move_unit"]  # the fallbacks not taken
    comparison = compare(before, diagnose(applied.org))
    assert {("OD101", "ehandel"), ("OD101", "sociala")} <= {(f.rule, f.subject) for f in comparison.resolved}
    assert {d.element for d in comparison.differences if d.mark == "moved"} >= {"ehandel", "sociala"}


def test_a_change_whose_subject_an_earlier_change_altered_is_reported_not_forced() -> None:
    org = load_org(DEMO)
    before = diagnose(org)
    twice = [p for p in plan(before, only=["move_unit"]) if p.finding.subject == "ehandel"] * 2
    applied = apply(org, twice)
    assert len(applied.changes) == 1
    (refused,) = applied.not_applied
    assert "already under marknad" in refused.reason and "after change 1" in refused.reason


@pytest.mark.slow
def test_restructure_writes_every_output_and_after_yaml_diagnoses(cli, tmp_path: Path) -> None:
    result = cli("restructure", DEMO, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert "resolved" in result.stdout and "none high or above" in result.stdout
    out = tmp_path / "out"
    for name in (*RESTRUCTURE_FILES, *COMPARE_FILES):
        assert (out / name).stat().st_size > 0, name
    assert (out / "before-after.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert cli("diagnose", out / "after.yaml").exit_code == 0
    changes = json.loads((out / "changes.json").read_text("utf-8"))
    assert all(change["answers"]["rule"] and change["edits"] for change in changes["changes"])
    report = (out / "report.md").read_text("utf-8")
    assert "## Findings resolved" in report and "## Findings introduced" in report and "before-after.svg" in report
    again = cli("restructure", out / "after.yaml", "--out", tmp_path / "again")
    assert again.stdout.splitlines()[0].split(": ", 1)[1].startswith("0 changes")


@pytest.mark.slow
def test_restructure_is_byte_for_byte_deterministic(cli, tmp_path: Path) -> None:
    for run in ("one", "two"):
        assert cli("restructure", DEMO, "--out", tmp_path / run).exit_code == 0
    for path in sorted((tmp_path / "one").iterdir()):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes(), path.name


@pytest.mark.slow
def test_only_and_skip_pick_by_rule_finding_and_action(cli, tmp_path: Path) -> None:
    only = cli("restructure", DEMO, "--out", tmp_path / "a", "--only", "move_unit", "--format", "json")
    assert {c["action"] for c in json.loads(only.stdout)["changes"]} == {"move_unit"}
    skip = cli("restructure", DEMO, "--out", tmp_path / "b", "--skip", "OD101,OD105:cmo", "--format", "json")
    answered = {(c["answers"]["rule"], c["answers"]["subject"]) for c in json.loads(skip.stdout)["changes"]}
    assert not {key for key in answered if key[0] == "OD101" or key == ("OD105", "cmo")}
    bad = cli("restructure", DEMO, "--out", tmp_path / "c", "--only", "move_everything")
    assert bad.exit_code == 2 and "'move_everything' names no rule, finding or action" in bad.stderr


@pytest.mark.slow
def test_compare_a_hand_written_proposal(cli, tmp_path: Path) -> None:
    proposal = load_org(DEMO)
    units = [u.model_copy(update={"parent": "marknad"}) if u.id == "ehandel" else u for u in proposal.units]
    hand_written = tmp_path / "proposal.yaml"
    hand_written.write_text(dump_org(proposal.model_copy(update={"units": units})), "utf-8")
    result = cli("compare", DEMO, hand_written, "--out", tmp_path / "cmp")
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "cmp" / "comparison.json").read_text("utf-8"))
    assert {"rule": "OD101", "subject": "ehandel"}.items() <= next(
        f for f in data["findings"]["resolved"] if f["subject"] == "ehandel" and f["rule"] == "OD101"
    ).items()
    assert [d["text"] for d in data["differences"]] == ["unit E-handel (ehandel): parent ledning → marknad"]
    assert (tmp_path / "cmp" / "before-after.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_hostile_names_stay_inert_in_the_restructuring_outputs(cli, tmp_path: Path) -> None:
    text = DEMO.read_text("utf-8").replace("name: E-handel", 'name: "E|handel <b>x</b> *y*"')
    org = tmp_path / "hostile.yaml"
    org.write_text(text, "utf-8")
    assert cli("restructure", org, "--out", tmp_path / "out").exit_code == 0
    report = (tmp_path / "out" / "report.md").read_text("utf-8")
    rows = [line for line in report.splitlines() if line.startswith("| ")]
    assert rows and all(line.count(" | ") == 4 for line in rows)  # five columns: no pipe broke a row
    assert "<b>" not in report and "<b>" not in (tmp_path / "out" / "changes.md").read_text("utf-8")
    assert parse_org((tmp_path / "out" / "after.yaml").read_text("utf-8"), "after.yaml").units


def test_a_removed_unit_is_told_from_a_merged_one_by_what_happened_not_by_its_name() -> None:
    org = parse_org(
        "organisation: {name: X}\nunits: [{id: a, name: A}, {id: b, name: 'B merged into C', parent: a}]", "x.yaml"
    )
    gone = org.model_copy(update={"units": org.units[:1]})
    assert removed_of(diff_orgs(org, gone)) == {"b": "removed"}
