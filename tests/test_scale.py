"""The synthetic organisations, and orgdiag on them: planted findings found, every fact handled, the same
findings whether the work is spread over processes or not. The timings are the benchmark's job
(benchmarks/bench.py, `make bench`), not these tests'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from orgdiag.diagnosis import diagnose
from orgdiag.measure.facts import org_context
from orgdiag.measure.graph import build_graph
from orgdiag.model import OrgFile
from orgdiag.orgfile import load_org
from orgdiag.rules.catalogue import builtin_catalogue
from orgdiag.rules.parallel import PARALLEL_FROM, FactShards, can_fork
from orgdiag.rules.profiles import resolve_thresholds, values_of
from orgdiag.synth import synthesize, write_synthetic


def _expected(path: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """The planted rules, and their findings."""
    data = yaml.safe_load(path.read_text())
    return set(data["rules"]), {(f["rule"], f["subject"]) for f in data["findings"]}


def _planted(found: set[tuple[str, str]], rules: set[str]) -> set[tuple[str, str]]:
    return {(slug, subject) for slug, subject in found if slug in rules}


@pytest.mark.slow
@pytest.mark.parametrize("positions", [200, 3_000, PARALLEL_FROM + 5_000])
def test_a_synthetic_org_gives_exactly_its_planted_findings(positions: int, tmp_path: Path) -> None:
    org_file = tmp_path / "org.json"
    rules, expected = _expected(write_synthetic(synthesize(positions, seed=7), org_file))
    org = load_org(org_file)
    assert len(org.positions) == positions
    result = diagnose(org)
    assert _planted({(f.slug, f.subject) for f in result.findings}, rules) == expected
    kinds = ("unit", "position", "agency", "channel", "responsibility")
    leaders = len(org_context(result.graph).portfolio.leaders)  # and one fact per leader below the top
    one_per_element = 1 + sum(1 for _, kind in result.graph.nodes(data="type") if kind in kinds) + leaders
    assert result.facts_handled == result.facts_in == one_per_element


def test_every_pattern_is_planted_the_number_of_times_asked() -> None:
    synthetic = synthesize(2_000, seed=3, plants=4)
    counts: dict[str, int] = {}
    for rule, _ in synthetic.expected:
        counts[rule] = counts.get(rule, 0) + 1
    assert counts == {
        "no-marcom-owner": 1,
        "overloaded-strategist": 4,
        "agency-kingdom": 4,
        "channel-silo": 4,
        "channel-level-strategy": 4,
    }


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    paths = [tmp_path / name for name in ("a.json", "b.json", "c.json")]
    for path, seed in zip(paths, (11, 11, 12), strict=True):
        write_synthetic(synthesize(5_000, seed=seed), path)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert paths[0].read_bytes() != paths[2].read_bytes()


def test_a_yaml_synthetic_org_loads_like_the_json_one(tmp_path: Path) -> None:
    synthetic = synthesize(400, seed=2)
    write_synthetic(synthetic, tmp_path / "org.yaml")
    write_synthetic(synthetic, tmp_path / "org.json")
    assert load_org(tmp_path / "org.yaml") == load_org(tmp_path / "org.json")


@pytest.mark.slow
def test_the_unit_tree_is_deep_and_spans_are_plausible() -> None:
    org = OrgFile.model_validate(synthesize(50_000, seed=1).data)
    parent = {u.id: u.parent for u in org.units}
    depth = {}
    for unit in parent:
        chain, node = 0, unit
        while parent[node] is not None:
            node, chain = parent[node], chain + 1
        depth[unit] = chain
    reports: dict[str, int] = {}
    for position in org.positions:
        if position.reports_to:
            reports[position.reports_to] = reports.get(position.reports_to, 0) + 1
    assert 5 <= max(depth.values()) <= 8
    assert 3 <= sorted(reports.values())[len(reports) // 2] <= 14  # the median manager's span


@pytest.mark.slow
@pytest.mark.skipif(not can_fork(), reason="work is spread over processes only where forking is safe")
def test_spreading_facts_and_rules_over_processes_changes_nothing() -> None:
    org = OrgFile.model_validate(synthesize(PARALLEL_FROM + 2_000, seed=4).data)
    ctx = org_context(build_graph(org))
    catalogue = builtin_catalogue()
    rules = catalogue.definitions(values_of(resolve_thresholds(catalogue, ["default"])))
    runs = {}
    for workers in (1, 2):
        with FactShards(ctx, workers=workers) as shards:
            assert shards.processes == workers
            runs[workers] = shards.run_rules(rules, state_size=500, derives=catalogue.derives())
    assert runs[1].facts_in == runs[2].facts_in == runs[2].facts_handled
    refs = {w: sorted((m.rule, m.facts["m"]["ref"]) for m in run.matches) for w, run in runs.items()}
    assert refs[1] == refs[2]


def test_synth_command_writes_the_org_and_its_expected_findings(cli, tmp_path: Path) -> None:
    result = cli("synth", "--positions", "1000", "--seed", "3", "-o", tmp_path / "big.json")
    assert result.exit_code == 0, result.stderr
    assert "1,000 positions" in result.stdout
    assert len(json.loads((tmp_path / "big.json").read_text())["positions"]) == 1000
    diagnosed = cli("diagnose", tmp_path / "big.json", "--format", "json")
    found = {(f["slug"], f["subject"]) for f in json.loads(diagnosed.stdout)["findings"]}
    rules, expected = _expected(tmp_path / "big.expected.yaml")
    assert _planted(found, rules) == expected


def test_synth_refuses_an_org_too_small_to_hold_the_patterns(cli, tmp_path: Path) -> None:
    result = cli("synth", "--positions", "50", "-o", tmp_path / "x.json")
    assert result.exit_code == 2
    assert "50 is not in the range x>=200" in result.stderr


def test_synth_refuses_more_plants_than_the_org_has_room_for(cli, tmp_path: Path) -> None:
    result = cli("synth", "--positions", "300", "--plants", "200", "-o", tmp_path / "x.json")
    assert result.exit_code == 2
    assert "plant fewer (--plants) or ask for more --positions" in result.stderr
    assert not (tmp_path / "x.json").exists()
