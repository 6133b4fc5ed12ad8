"""Restructuring real exports leaves the top team, abolished posts and units it only read from words alone, and
says why: the guard rails of docs/restructuring.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgdiag.importers import import_org
from orgdiag.orgfile import parse_org
from orgdiag.restructuring.plan import INFERRED_ONLY, restructure

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
  - {id: sci, name: Social Media Research, parent: hq}
positions:
  - {id: ceo, title: Chief Executive, unit: hq, owns: [marcom/sponsor]}
  - {id: cmo, title: Head of Marketing, unit: mkt, reports_to: ceo, owns: [marcom/strategy]}
  - {id: lead, title: Research lead, unit: sci, reports_to: ceo}
channels:
  - id: social
    kind: social
    owner: sci
    inferred: [{fact: channel, value: social, source: "unit name 'Social Media Research'", words: Social Media}]
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
    assert {item.reason for item in cautious.not_applied if item.finding.rule == "OD101"} == {INFERRED_ONLY}
    bold = restructure(org, include_inferred=True)
    assert any(change.finding.rule == "OD101" for change in bold.changes)


def test_the_cli_restructures_inferred_findings_only_when_asked(cli, tmp_path: Path) -> None:
    source = tmp_path / "words.yaml"
    source.write_text(SILO_ON_WORDS, encoding="utf-8")
    cautious = cli("restructure", source, "--out", tmp_path / "cautious")
    assert cautious.exit_code == 0 and "0 changes" in cautious.stdout
    assert "rests on facts inferred from words" in (tmp_path / "cautious" / "changes.md").read_text(encoding="utf-8")
    bold = cli("restructure", source, "--out", tmp_path / "bold", "--include-inferred")
    assert bold.exit_code == 0 and "OD101" in bold.stdout
