"""Stated, surveyed and found empty, unknown: a rule that reads the absence of evidence (no link, nobody else takes
part) runs where the consultant stated or surveyed that kind, and is not assessed where nobody said."""

from __future__ import annotations

from pathlib import Path

from orgdiag.diagnosis import diagnose
from orgdiag.importers import import_org
from orgdiag.orgfile import parse_org

REAL = Path(__file__).parents[2] / "fixtures" / "real"

#: The source texts' first pattern (af Klintberg Ryberg): a social-media team set up in e-commerce beside marketing,
#: with an agency of its own that sets its strategy. ``{links}`` and ``{surveyed}`` are filled in by each test.
SILO = """
organisation: {{name: Nordvik Sport AB{surveyed}}}
units:
  - {{id: ledning, name: Ledningsgrupp}}
  - {{id: marknad, name: Marknad, parent: ledning, owns: [marcom/strategy]}}
  - {{id: ehandel, name: E-handel, parent: ledning}}
positions:
  - {{id: vd, title: VD, unit: ledning, owns: [marcom/sponsor]}}
  - {{id: cmo, title: Marknadschef, unit: marknad, reports_to: vd}}
  - {{id: ecom, title: E-handelschef, unit: ehandel, reports_to: vd}}
  - {{id: some, title: Social media-strateg, unit: ehandel, reports_to: ecom, owns: [social/content]}}
channels:
  - {{id: social, kind: social, owner: ehandel, name: Sociala medier}}
  - {{id: print, kind: print, owner: marknad, name: Print}}
agencies:
  - {{id: byra, name: Byrå Nord, contracted_by: ehandel, serves: [social], owns: [social/strategy]}}
{links}"""


def _findings(links: str = "", surveyed: str = "") -> dict[str, str]:
    diagnosis = diagnose(parse_org(SILO.format(links=links, surveyed=surveyed), "silo.yaml"))
    return {f.slug: f.message for f in diagnosis.findings}


def _not_assessed(links: str = "", surveyed: str = "") -> dict[str, tuple[str, ...]]:
    diagnosis = diagnose(parse_org(SILO.format(links=links, surveyed=surveyed), "silo.yaml"))
    return {rule.slug: rule.missing for rule in diagnosis.not_assessed}


def test_links_stated_as_none_give_the_silo_and_the_agency_kingdom() -> None:
    found = _findings(links="links: []")
    assert "channel-silo" in found and "agency-kingdom" in found
    assert found["channel-silo"].endswith("Coordination links were surveyed and no link was found.")


def test_links_declared_surveyed_give_them_too() -> None:
    found = _findings(surveyed=", surveyed: [links]")
    assert {"channel-silo", "agency-kingdom"} <= set(found)


def test_links_nobody_gave_leave_both_not_assessed() -> None:
    assert "channel-silo" not in _findings()
    missing = _not_assessed()
    assert missing["channel-silo"] == ("links",) and missing["agency-kingdom"] == ("links",)


def test_a_stated_link_is_evidence_of_its_own_and_needs_no_survey() -> None:
    found = _findings(links="links:\n  - {kind: coordinates, between: [ehandel, marknad]}")
    assert "channel-silo" not in found
    assert "channel-silo" not in _not_assessed(links="links:\n  - {kind: coordinates, between: [ehandel, marknad]}")


def test_who_takes_part_is_not_read_from_silence() -> None:
    assert _not_assessed()["communicator-only-voice"] == ("participation",)
    assert "communicator-only-voice" not in _not_assessed(surveyed=", surveyed: [participation]")


def test_an_export_without_links_leaves_the_silo_rules_not_assessed() -> None:
    imported = import_org([REAL / "d3-org-chart" / "data-oracle.csv"], "d3-org-chart")
    diagnosis = diagnose(imported.org)
    assert diagnosis.coverage is not None and diagnosis.coverage.kinds["links"] == "absent"
    missing = {rule.slug: rule.missing for rule in diagnosis.not_assessed}
    assert "links" in missing["channel-silo"] and "participation" in missing["communicator-only-voice"]


def test_the_coverage_tells_surveyed_from_unknown() -> None:
    diagnosis = diagnose(parse_org(SILO.format(links="links: []", surveyed=""), "silo.yaml"))
    assert diagnosis.coverage is not None
    assert diagnosis.coverage.kinds["links"] == "surveyed"
    assert diagnosis.coverage.kinds["participation"] == "absent"


#: A small centralized organisation: marketing owns the plan for every channel and runs them all.
CENTRAL = """
organisation: {{name: Central AB, surveyed: [links, participation]}}
units:
  - {{id: top, name: Ledning}}
  - {{id: marknad, name: Marknad, parent: top, owns: [marcom/strategy]{assumed}}}
positions:
  - {{id: ceo, title: VD, role: executive, unit: top}}
  - {{id: cmo, title: Marknadschef, role: head-of-marketing, unit: marknad, reports_to: ceo{decides}}}
channels:
  - {{id: web, kind: web, owner: marknad}}
  - {{id: email, kind: email, owner: marknad}}
"""


def _model(assumed: str = "", decides: str = ""):  # type: ignore[no-untyped-def]
    model = diagnose(parse_org(CENTRAL.format(assumed=assumed, decides=decides), "central.yaml")).operating_model
    assert model is not None
    return model


def test_the_operating_model_is_told_with_high_confidence_on_stated_and_surveyed_facts() -> None:
    model = _model()
    assert (model.model, model.confidence) == ("centralized", "high")
    assert "Medium confidence" not in model.why


def test_an_assumption_lowers_the_confidence_and_says_which() -> None:
    model = _model(assumed=", confidence: assumed")
    assert model.confidence == "medium"
    assert model.why.endswith("Medium confidence: some responsibilities are assumptions.")


def test_links_nobody_gave_lower_the_confidence() -> None:
    text = CENTRAL.format(assumed="", decides="").replace(", surveyed: [links, participation]", "")
    model = diagnose(parse_org(text, "central.yaml")).operating_model
    assert model is not None and model.confidence == "medium"
    assert "the coordination links were neither stated nor surveyed" in model.why


def test_who_decides_a_budget_holds_it() -> None:
    assert _model().measures["central_budget_share"] == 0
    decided = _model(decides=", decides: [web/budget, email/budget]")
    assert decided.measures["central_budget_share"] == 1


def test_a_finding_resting_on_an_assumed_entry_says_so_and_is_at_most_medium() -> None:
    text = SILO.format(links="links: []", surveyed="").replace(
        "{id: ehandel, name: E-handel, parent: ledning}",
        "{id: ehandel, name: E-handel, parent: ledning, confidence: assumed, source: workshop 2 March}",
    )
    silo = next(f for f in diagnose(parse_org(text, "silo.yaml")).findings if f.slug == "channel-silo")
    assert silo.assumed == ["E-handel is an assumption (source: workshop 2 March)"] and silo.inferred is None
    assert (silo.severity, silo.stated_severity) == ("medium", "high")
