"""The rule catalogue: stable codes and slugs, complete rule files, and clear errors for broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgdiag.catalogue import load_catalogue, load_rule
from orgdiag.diagnosis import diagnose
from orgdiag.orgfile import load_org
from orgdiag.problems import InputError

HEADLINE = {
    "OD101": "channel-silo",
    "OD102": "channel-level-strategy",
    "OD103": "overloaded-strategist",
    "OD104": "agency-kingdom",
    "OD105": "no-marcom-owner",
}

GOOD_RULE = """
code: XX001
slug: big-unit
title: Big unit
severity: low
sources: ["000"]
rationale: A test rule.
params: {min_channels: 2}
when:
  all:
    - m: {$and: [{t: unit}, {$gte: {channels: "$param:min_channels"}}]}
subject: "{m.ref}"
message: "{m.name} owns {m.channels} channels."
suggestions:
  - action: add_link
    params: {kind: coordinates, between: ["{m.ref}", "{m.marketing_unit}"]}
    text: Link {m.name} to marketing.
"""


def test_codes_and_slugs_are_the_published_ones() -> None:
    assert {rule.code: rule.slug for rule in load_catalogue().rules} == HEADLINE


def test_every_rule_cites_a_seed_text_that_exists() -> None:
    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    available = (
        {p.name.split("_")[0] for p in seeds.glob("*.txt")} if seeds.is_dir() else {"000", "001", "002", "003", "004"}
    )
    for rule in load_catalogue().rules:
        assert set(rule.spec.sources) <= available, rule.slug
        assert "seed" in rule.spec.rationale, f"{rule.slug}: the rationale should quote or cite its seed"


def test_thresholds_are_parameters_not_literals() -> None:
    for rule in load_catalogue().rules:
        assert rule.spec.params, f"{rule.slug} has no parameters"
        text = rule.path.read_text(encoding="utf-8")
        for name in rule.spec.params:
            assert f"$param:{name}" in text, f"{rule.slug}: parameter {name} is not used in the conditions"


def test_parameter_override_changes_the_verdict() -> None:
    org = load_org(
        Path(__file__).resolve().parent.parent
        / "fixtures/rules/overloaded-strategist/fires-kommunikasjonsstrateg-with-five-duties.yaml"
    )
    assert any(f.slug == "overloaded-strategist" for f in diagnose(org).findings)
    stricter = diagnose(org, params={"overloaded-strategist": {"min_duties": 6}})
    assert not any(f.slug == "overloaded-strategist" for f in stricter.findings)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({"overloaded-strategist": {"min_dutie": 6}}, "has no threshold min_dutie"), ({"silo": {}}, "no rule 'silo'")],
    ids=["misspelt-threshold", "unknown-rule"],
)
def test_an_override_that_names_nothing_is_an_error(overrides: dict, expected: str) -> None:
    org = load_org(Path(__file__).resolve().parent.parent / "fixtures/demo/nordvik-sport.yaml")
    with pytest.raises(ValueError, match=expected):
        diagnose(org, params=overrides)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_well_formed_rule_loads(tmp_path: Path) -> None:
    assert load_rule(_write(tmp_path, GOOD_RULE)).slug == "big-unit"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("action: add_link", "action: teleport_unit"), "unknown action 'teleport_unit'"),
        (('"$param:min_channels"', '"$param:max_channels"'), "'$param:max_channels' names no parameter"),
        (("text: Link {m.name} to marketing.", "text: Link {u.name} to marketing."), "'{u.…}' names no fact"),
        (("params: {kind: coordinates, ", "params: {"), "'add_link' takes exactly: kind, between"),
        (("severity: low", "severity: dire"), "severity"),
        (("$gte: {channels:", "$nonsense: {channels:"), "rejected"),
        (("when:\n", "when: [\n"), "invalid YAML"),
    ],
    ids=[
        "unknown-action",
        "unknown-parameter",
        "unknown-fact-name",
        "wrong-action-params",
        "bad-severity",
        "condition-the-engine-rejects",
        "invalid-yaml",
    ],
)
def test_a_broken_rule_file_is_reported_with_its_name(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    path = _write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(InputError) as error:
        load_rule(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)
