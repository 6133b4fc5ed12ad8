"""Operating models: every fixture under fixtures/operating-models/MODEL/ is classified as MODEL when its name
starts with ``fires-`` and as some other model when it starts with ``near-miss-`` (sqlfluff's case files: a new
case is a new file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgdiag.diagnosis import diagnose
from orgdiag.measure.facts import org_context
from orgdiag.measure.graph import build_graph
from orgdiag.measure.operating import operating_measures
from orgdiag.orgfile import load_org
from orgdiag.problems import InputError, RuleError
from orgdiag.render.outputs import diagram_for
from orgdiag.resources import operating_models_path
from orgdiag.rules.operating import (
    INSUFFICIENT,
    MEASURES,
    MIXED,
    builtin_operating_models,
    load_operating_models,
)

from conftest import DEMO, FIXTURES
from rulecases import case_file, case_org

CASES = sorted(
    path for path in (FIXTURES / "operating-models").glob("*/*.yaml") if not path.name.endswith(".expected.yaml")
)


@pytest.mark.parametrize("case", CASES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_each_case_names_its_model_or_not(case: Path) -> None:
    model = diagnose(load_org(case)).operating_model
    assert model is not None
    if case.stem.startswith("fires-"):
        assert model.model == case.parent.name, model.why
    else:
        assert case.stem.startswith("near-miss-")
        assert model.model not in (case.parent.name, INSUFFICIENT), model.why


def test_every_model_has_a_case_that_fires_and_a_near_miss() -> None:
    for spec in builtin_operating_models().models:
        stems = [path.stem for path in CASES if path.parent.name == spec.id]
        assert any(s.startswith("fires-") for s in stems) and any(s.startswith("near-miss-") for s in stems), spec.id
    for outcome in (MIXED, INSUFFICIENT):
        assert any(path.parent.name == outcome for path in CASES), outcome


def test_a_model_rests_on_the_elements_it_names() -> None:
    model = diagnose(load_org(FIXTURES / "operating-models/dandelion/fires-two-business-areas-each-a-hub.yaml"))
    assert model.operating_model is not None
    assert model.operating_model.evidence["hubs"] == ["consumer", "pro"]
    assert model.operating_model.next == "honeycomb"


def test_the_demo_is_organic_and_says_why() -> None:
    model = diagnose(load_org(DEMO)).operating_model
    assert model is not None and model.model == "organic" and model.confidence == "high"
    assert "3 of 8 channels are run by the marketing organisation" in model.why
    assert model.evidence["spokes"] == ["ehandel", "sociala", "kundservice"]


@pytest.mark.parametrize(
    ("written", "refused"),
    [
        ("centre: {at_least: 0.8}", "unknown measure or model 'centre'"),
        ("central_share: {}", "a condition needs at_least, below or is"),
    ],
    ids=["an-unknown-measure", "a-condition-without-a-threshold"],
)
def test_a_models_file_with_a_mistake_is_refused(tmp_path: Path, written: str, refused: str) -> None:
    text = operating_models_path().read_text(encoding="utf-8")
    bad = tmp_path / "models.yaml"
    bad.write_text(text.replace("central_share: {at_least: 0.8}", written), encoding="utf-8")
    with pytest.raises(RuleError, match=refused):
        load_operating_models(bad)


def test_a_model_an_org_file_cannot_declare_is_refused(tmp_path: Path) -> None:
    text = operating_models_path().read_text(encoding="utf-8")
    bad = tmp_path / "models.yaml"
    bad.write_text(text.replace("id: honeycomb", "id: beehive").replace("dandelion: honeycomb", ""), encoding="utf-8")
    with pytest.raises(RuleError, match="unknown measure or model 'beehive'"):
        load_operating_models(bad)


def test_the_diagram_legend_names_the_model_only_where_the_data_tells_one() -> None:
    assert "Operating model: Organic (decentralized) (high confidence)" in diagram_for(diagnose(load_org(DEMO))).source
    silent = FIXTURES / "operating-models/insufficient-evidence/fires-no-responsibilities-stated.yaml"
    assert "Operating model" not in diagram_for(diagnose(load_org(silent))).source


def test_the_thresholds_may_name_exactly_the_measures_there_are() -> None:
    context = org_context(build_graph(load_org(DEMO)))
    assert set(MEASURES) == set(operating_measures(context).values())


GAP = "rules/operating-model-gap/fires-declared-hub-and-spoke-units-set-their-own-strategy"


def test_a_declared_model_not_met_is_said_with_each_gap(cli, tmp_path: Path) -> None:
    said = cli("diagnose", case_file(GAP, tmp_path)).stdout
    assert (
        "Declared target: Hub and spoke (coordinated), not met: the share of channel-running units outside marketing "
        "whose strategy is set in marketing is 0%; Hub and spoke (coordinated) needs at least 50%." in said
    )
    model = diagnose(case_org(GAP)).operating_model
    assert model is not None and (model.declared, model.model, len(model.gaps)) == ("hub-and-spoke", "organic", 1)


@pytest.mark.slow
def test_the_typed_change_toward_the_declared_model_meets_it_when_re_diagnosed(cli, tmp_path: Path) -> None:
    result = cli("restructure", case_file(GAP, tmp_path), "--out", tmp_path, "--only", "OD119", "--format", "json")
    assert result.exit_code == 0, result.stderr
    after = diagnose(load_org(tmp_path / "after.yaml")).operating_model
    assert after is not None and (after.model, after.gaps) == ("hub-and-spoke", [])
    assert "Declared target: Hub and spoke (coordinated), met." in cli("diagnose", tmp_path / "after.yaml").stdout


@pytest.mark.slow
def test_the_next_step_of_the_demo_is_hub_and_spoke_in_one_change(cli, tmp_path: Path) -> None:
    result = cli("restructure", DEMO, "--out", tmp_path, "--toward", "next")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Nordvik Sport AB: 1 change in 2 rounds")
    after = load_org(tmp_path / "after.yaml")
    assert after.organisation.operating_model == "hub-and-spoke"
    model = diagnose(after).operating_model
    assert model is not None and model.model == "hub-and-spoke"


@pytest.mark.parametrize(
    ("org", "toward", "said"),
    [
        (DEMO, "hubspoke", "no operating model 'hubspoke' (did you mean 'hub-and-spoke'?)"),
        (
            FIXTURES / "operating-models/insufficient-evidence/fires-no-responsibilities-stated.yaml",
            "next",
            "the organisation's operating model is Insufficient evidence, which has no next step",
        ),
    ],
    ids=["an-unknown-model", "no-next-step"],
)
def test_toward_a_model_there_is_no_way_to_is_refused(cli, tmp_path: Path, org: Path, toward: str, said: str) -> None:
    result = cli("restructure", org, "--out", tmp_path, "--toward", toward)
    assert result.exit_code == 2 and said in result.stderr


def test_a_declared_model_is_checked_like_every_key(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("organisation: {name: X, operating_model: hub-and-spokes}\n", encoding="utf-8")
    with pytest.raises(InputError, match="operating_model"):
        load_org(org)
