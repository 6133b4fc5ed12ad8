"""Diagrams of large organisations: an overview of units that a person can read, and --focus for detail."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.model import OrgFile
from orgdiag.orgfile import parse_org
from orgdiag.render.focus import neighbourhood
from orgdiag.render.outputs import diagram_for
from orgdiag.render.overview import FULL_DETAIL_LIMIT, UNIT_BUDGET, UnitTree
from orgdiag.synth import synthesize

from conftest import DEMO

#: Organisations of thousands of positions, laid out by Graphviz.
pytestmark = pytest.mark.slow

BADGE = re.compile(r"<B>(OD\d+)(?: ×(\d+))?</B>")


@pytest.fixture(scope="module")
def large() -> Diagnosis:
    return diagnose(OrgFile.model_validate(synthesize(20_000, seed=9).data))


def _drawn_nodes(source: str) -> list[str]:
    return [line for line in source.splitlines() if re.match(r"\s+u\d+ \[label=", line)]


def test_a_large_org_is_drawn_as_an_overview_of_at_most_the_budget_of_units(large: Diagnosis) -> None:
    source = diagram_for(large).source
    assert "Overview: 20,000 positions" in source
    assert 10 < len(_drawn_nodes(source)) <= UNIT_BUDGET


def test_every_finding_is_drawn_on_a_unit_of_the_overview(large: Diagnosis) -> None:
    boxes = "\n".join(_drawn_nodes(diagram_for(large).source))
    drawn: Counter[str] = Counter()
    for code, count in BADGE.findall(boxes):
        drawn[code] += int(count or 1)
    assert drawn == Counter(f.rule for f in large.findings)


def test_the_overview_counts_every_position_once(large: Diagnosis) -> None:
    tree = UnitTree(large.org)
    top = tree.children[None]
    assert sum(tree.own[u] + tree.below_positions[u] for u in top) == len(large.org.positions)


def test_the_overview_is_the_same_every_time(large: Diagnosis) -> None:
    assert diagram_for(large).source == diagram_for(large).source


def test_a_small_org_is_still_drawn_position_by_position() -> None:
    from orgdiag.orgfile import load_org

    org = load_org(DEMO)
    assert len(org.positions) <= FULL_DETAIL_LIMIT
    assert "Overview" not in diagram_for(diagnose(org)).source


def test_focus_on_a_silo_draws_it_its_manager_and_the_evidence_in_full(large: Diagnosis) -> None:
    silo = next(f for f in large.findings if f.slug == "channel-silo")
    in_silo = {p.id for p in large.org.positions if p.unit == silo.subject}
    strategy = next(f for f in large.findings if f.slug == "channel-level-strategy" and f.subject in in_silo)
    part = neighbourhood(large.org, silo.subject, large.findings)
    assert silo.subject in {u.id for u in part.units}
    assert strategy.subject in {p.id for p in part.positions}
    head_of_marketing = next(f for f in large.findings if f.slug == "no-marcom-owner").subject
    assert head_of_marketing in {p.id for p in part.positions}
    assert len(part.positions) < 100
    source = diagram_for(large, focus=silo.subject).source
    assert {"OD101", "OD102"} <= {code for code, _ in BADGE.findall(source)}


def test_a_focus_cut_is_itself_a_valid_organisation(large: Diagnosis) -> None:
    for finding in large.findings:
        part = neighbourhood(large.org, finding.subject, large.findings)
        reparsed = parse_org(part.model_dump_json(exclude_none=True), "part.json")
        assert reparsed == part


def test_focus_on_an_unknown_id_is_a_clear_error(cli, tmp_path: Path) -> None:
    result = cli("diagnose", DEMO, "--out", tmp_path, "--focus", "nobody")
    assert result.exit_code == 2
    assert "--focus: 'nobody' is not the id of a unit, position, channel or agency" in result.stderr
    assert "Traceback" not in result.stderr


def test_focus_needs_somewhere_to_draw(cli) -> None:
    result = cli("diagnose", DEMO, "--focus", "social")
    assert result.exit_code == 2
    assert "give --out DIR" in result.stderr


def test_focus_on_a_large_org_writes_a_readable_picture(cli, tmp_path: Path) -> None:
    from orgdiag.synth import write_synthetic

    write_synthetic(synthesize(3_000, seed=2), tmp_path / "org.json")
    result = cli("diagnose", tmp_path / "org.json", "--out", tmp_path / "out", "--focus", "u1")
    assert result.exit_code == 0, result.stderr
    assert "around u1" in (tmp_path / "out" / "diagram.dot").read_text()
    assert (tmp_path / "out" / "diagram.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("seed", [0, 1])
def test_graphviz_lays_out_the_focus_of_every_finding_and_many_units(seed: int) -> None:
    """dot's router is fragile with edges between clusters: many shapes of organisation, drawn for real."""
    from orgdiag.render.dot import render_bytes

    result = diagnose(OrgFile.model_validate(synthesize(2_000, seed=seed).data))
    subjects = {f.subject for f in result.findings} | {u.id for u in result.org.units[:12]}
    for subject in sorted(subjects):
        assert render_bytes(diagram_for(result, focus=subject).source, "svg").startswith(b"<?xml")


def _people_without_units(count: int, loners: int = 0) -> OrgFile:
    """An export of people and managers only (d3-org-chart's data): each reports to the person `n // 4`."""
    people = [
        {"id": f"p{n}", "title": f"Role {n % 7}", **({"reports_to": f"p{n // 4}"} if n else {})} for n in range(count)
    ]
    people += [{"id": f"alone{n}", "title": "Adviser"} for n in range(loners)]
    return OrgFile.model_validate({"organisation": {"name": "People only"}, "positions": people})


def test_an_org_without_units_is_drawn_as_its_teams_with_every_position_counted_once() -> None:
    org = _people_without_units(400, loners=3)
    tree = UnitTree(org)
    top = tree.children[None]
    assert tree.kind == "team" and top == ["p0"]
    assert sum(tree.own[t] + tree.below_positions[t] for t in top) + tree.outside == len(org.positions)
    assert tree.outside == 3
    source = diagram_for(diagnose(org)).source
    assert "Overview: 403 positions in 100 teams" in source and "3 positions with neither a manager" in source
    assert "team: a manager and the reports who manage nobody" in source
    assert 10 < len(_drawn_nodes(source)) <= UNIT_BUDGET


def test_an_org_with_units_is_still_drawn_as_its_units() -> None:
    org = OrgFile.model_validate(synthesize(400, seed=2).data)
    assert UnitTree(org).kind == "unit"
    assert "team: a manager" not in diagram_for(diagnose(org)).source


def test_focus_on_a_position_of_an_org_without_units_draws_its_team() -> None:
    org = _people_without_units(400)
    part = neighbourhood(org, "p5", [])
    assert {p.id for p in part.positions} == {
        "p1",
        "p5",
        *(f"p{n}" for n in range(20, 24)),
        *(f"p{n}" for n in range(80, 96)),
    }
    assert "p5" in diagram_for(diagnose(org), focus="p5").source


def test_top_units_beyond_the_budget_are_folded_into_one_box_the_largest_kept() -> None:
    """100,000 units side by side at the top were each drawn (Graphviz never finished); the overview keeps the
    largest and folds the rest, with their positions and findings, into one box."""
    units = [{"id": f"u{n}", "name": f"Unit {n}"} for n in range(200)]
    positions = [{"id": "ceo", "title": "Chief Executive", "unit": "u0"}]
    positions += [{"id": f"d{n}", "title": "Director", "unit": f"u{n}", "reports_to": "ceo"} for n in range(1, 200)]
    positions += [{"id": f"o{n}", "title": "Officer", "unit": "u150", "reports_to": "d150"} for n in range(3)]
    org = OrgFile.model_validate({"organisation": {"name": "Wide"}, "units": units, "positions": positions})
    tree = UnitTree(org)
    kept = [unit for unit in tree.children[None] if unit != tree.more]
    assert len(tree.children[None]) == UNIT_BUDGET and kept[:2] == ["u0", "u1"] and "u150" in kept
    assert tree.more is not None and tree.below_units[tree.more] == 200 - len(kept)
    source = diagram_for(diagnose(org)).source
    assert "141 more units at the top" in source and "+ 141 units, 141 positions below" in source
    assert len(_drawn_nodes(source)) == UNIT_BUDGET
