"""Threshold profiles: the same organisation judged differently by its size, industry and the consultant's own
profile; every value traceable to its source; a broken profile stops the run with its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgdiag.diagnosis import diagnose
from orgdiag.importers import import_org
from orgdiag.orgfile import parse_org
from orgdiag.problems import InputError
from orgdiag.rules.catalogue import load_catalogue
from orgdiag.rules.profiles import builtin_profiles, load_profile, profiles_for, resolve_thresholds

from conftest import FIXTURES
from rulecases import case_file, case_org, rule_case

LAYERS = "rules/too-many-layers/fires-six-layers-for-300-people"
APPROVAL = "rules/long-approval-chain/fires-three-step-sign-off"


def _slugs(org_text: str) -> set[str]:
    return {f.slug for f in diagnose(parse_org(org_text, "org.yaml")).findings}


def test_the_same_org_is_judged_by_its_size_band() -> None:
    text = rule_case(LAYERS).org
    assert "too-many-layers" in _slugs(text)  # 300 people: size-200-499 allows five layers
    assert "too-many-layers" not in _slugs(text.replace("employees: 300", "employees: 800"))  # six allowed


def test_a_regulated_industry_accepts_one_more_approval_step() -> None:
    text = rule_case(APPROVAL).org
    assert "long-approval-chain" in _slugs(text)
    regulated = text.replace(
        "organisation: {name: Godkänt AB}", "organisation: {name: Godkänt AB, profile: {industry: Banking}}"
    )
    assert "long-approval-chain" not in _slugs(regulated)
    assert diagnose(parse_org(regulated, "org.yaml")).profiles == ("default", "industry-regulated", "size-0-49")


def test_a_users_profile_overrides_the_built_in_ones_and_says_so(tmp_path: Path) -> None:
    profile_file = tmp_path / "lenient.yaml"
    profile_file.write_text("name: lenient\nthresholds:\n  OD205: {max_layers: 6}\n", encoding="utf-8")
    org = case_org(LAYERS)
    assert "too-many-layers" in {f.slug for f in diagnose(org).findings}
    result = diagnose(org, profile=load_profile(profile_file))
    assert "too-many-layers" not in {f.slug for f in result.findings}
    assert result.profiles[-1] == "lenient"
    assert result.thresholds is not None
    assert (
        result.thresholds["too-many-layers"]["max_layers"].value,
        result.thresholds["too-many-layers"]["max_layers"].source,
    ) == (6, "lenient")
    assert result.thresholds["span-too-wide"]["max_span"].source == "default"


def test_rules_explain_shows_the_thresholds_in_force_for_an_org(cli, tmp_path: Path) -> None:
    plain = cli("rules", "explain", "too-many-layers")
    assert "max_layers = 4   [default]" in plain.stdout
    layers = case_file(LAYERS, tmp_path)
    for_org = cli("rules", "explain", "OD205", "--org", layers)
    assert "profiles: default, size-200-499" in for_org.stdout
    assert "max_layers = 5   [size-200-499]" in for_org.stdout
    profile_file = tmp_path / "mine.yaml"
    profile_file.write_text("thresholds:\n  too-many-layers: {max_layers: 7}\n", encoding="utf-8")
    mine = cli("rules", "explain", "OD205", "--org", layers, "--profile", profile_file)
    assert "max_layers = 7   [mine]" in mine.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thresholds:\n  no-such-rule: {x: 1}\n", "thresholds.no-such-rule: no rule 'no-such-rule'"),
        ("thresholds:\n  OD201: {max_spam: 9}\n", "rule 'span-too-wide' has no threshold 'max_spam'; it has: max_span"),
        ("thresholds: [\n", "invalid YAML"),
        ("thresholds:\n  OD201: {max_span: [1, 2]}\n", "thresholds.OD201.max_span"),
        ("tresholds: {}\n", "tresholds"),
        ("thresholds:\n  OD201: {max_span: " + "9" * 400 + "}\n", "max_span' must be at most 1,000,000,000,000,000"),
    ],
    ids=["unknown-rule", "unknown-threshold", "invalid-yaml", "not-a-number", "unknown-key", "400-digits"],
)
def test_a_broken_profile_is_reported_with_its_name_and_exit_2(cli, tmp_path: Path, text: str, expected: str) -> None:
    profile_file = tmp_path / "broken.yaml"
    profile_file.write_text(text, encoding="utf-8")
    result = cli("diagnose", case_file(LAYERS, tmp_path), "--profile", profile_file)
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_every_built_in_profile_applies_cleanly_and_names_only_real_thresholds() -> None:
    catalogue = load_catalogue()
    for name in builtin_profiles():
        resolve_thresholds(catalogue, ["default", name])


def test_size_bands_cover_every_size_once() -> None:
    from orgdiag.model import Profile

    for size in (0, 49, 50, 199, 200, 499, 500, 1999, 2000, 100_000):
        bands = [name for name in profiles_for(Profile(employees=size), size) if name.startswith("size-")]
        assert len(bands) == 1, (size, bands)


def test_a_rule_pack_parameter_without_a_value_is_an_error(tmp_path: Path) -> None:
    rule = (FIXTURES.parent / "rules" / "OD201-span-too-wide.yaml").read_text(encoding="utf-8")
    (tmp_path / "XX201-wide.yaml").write_text(rule.replace("OD201", "XX201").replace("span-too-wide", "wide"), "utf-8")
    with pytest.raises(InputError, match="the parameter 'max_span' has no value"):
        diagnose(case_org(LAYERS), load_catalogue([tmp_path]))


def test_a_public_body_gets_the_public_sector_profile_and_an_organogram_is_one() -> None:
    acas = FIXTURES / "real" / "uk-organogram" / "advisory_conciliation_and_arbitration_service-2011-09-30"
    imported = import_org([f"{acas}-senior.csv", f"{acas}-junior.csv"], "uk-organogram")
    assert imported.org.organisation.profile.industry == "public sector"
    result = diagnose(imported.org)
    assert "public-sector" in result.profiles
    assert result.thresholds is not None
    assert result.thresholds["span-too-wide"]["max_span"].value == 15
    assert result.thresholds["span-too-wide"]["max_span"].source == "public-sector"


@pytest.mark.parametrize(
    ("industry", "expected"),
    [
        ("public sector", {"public-sector"}),
        ("Government", {"public-sector"}),
        ("public sector regulator", {"public-sector", "industry-regulated"}),
        ("regulator", {"industry-regulated"}),
        ("banking", {"industry-regulated"}),
    ],
)
def test_a_public_body_gets_no_approval_step_for_compliance_unless_it_is_a_regulator(
    industry: str, expected: set[str]
) -> None:
    from orgdiag.model import Profile

    chosen = set(profiles_for(Profile(industry=industry), 100)) & {"public-sector", "industry-regulated"}
    assert chosen == expected
