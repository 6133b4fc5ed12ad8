"""The org-file writer: what it writes, YAML or JSON, reads back as the same organisation, whatever the text.

DEL and the C1 controls (U+007F to U+009F) were once written as they were, which YAML refuses: an import of a title
holding one ended well and the next ``diagnose`` of the file it wrote failed with status 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fuzz.cases import NASTY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgdiag.coverage import coverage_of
from orgdiag.model import MARCOM, OrgFile
from orgdiag.model.org import MAX_TEXT
from orgdiag.orgfile import dump_org, dump_org_json, load, load_org, parse_org

from conftest import DEMO, FIXTURES

#: The characters a YAML reader refuses or reads as line breaks that JSON does not escape.
NOT_YAML = ["\x7f", "\x80", "\x85", "\x9f", "\u2028", "\ufeff", "\uffff"]

#: The fuzzing suite's hostile texts that a file can hold (UTF-8: no lone surrogate; not too long).
HOSTILE = [t for t in NASTY if len(t) <= MAX_TEXT and not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
#: Any text: controls, quotes, line breaks, flow indicators, YAML's words, numbers, every plane of Unicode.
text = st.text(max_size=20) | st.sampled_from(["", " ", "yes", "null", "1e3", "0x1F", "#", *HOSTILE, *NOT_YAML])
#: Any text an id may be: not blank, not starting with '#', not the reserved scope.
an_id = text.filter(lambda i: bool(i.strip()) and not i.startswith("#") and i != MARCOM)


@st.composite
def organisations(draw: st.DrawFn) -> OrgFile:
    """An organisation with an item in every section and any text in every text field (ids included)."""
    unit, boss, report, channel, agency, kpi = draw(st.lists(an_id, min_size=6, max_size=6, unique=True))
    key = draw(text.filter(lambda k: k not in ("industry", "employees", "countries")))

    def t() -> str:
        return draw(text)

    def accepted() -> list[dict[str, str]]:
        return [{"rule": draw(an_id), "reason": draw(an_id)}]

    data: dict[str, Any] = {
        "organisation": {"name": t(), "profile": {"industry": t(), "countries": [t(), t()], key: t()}},
        "units": [{"id": unit, "name": t(), "owns": [f"{channel}/strategy"], "accept": accepted()}],
        "positions": [
            {
                "id": boss,
                "title": t(),
                "unit": unit,
                "holder": t(),
                "staff": [{"title": t(), "fte": 1.5, "grade": t()}],
                "inferred": [{"fact": "role", "value": t(), "source": t(), "words": t()}],
            },
            {
                "id": report,
                "title": t(),
                "unit": unit,
                "reports_to": boss,
                "takes_part": [channel],
                "accept": accepted(),
            },
        ],
        "channels": [{"id": channel, "kind": "web", "owner": unit, "name": t(), "accept": accepted()}],
        "agencies": [{"id": agency, "name": t(), "contracted_by": unit, "contact": boss, "serves": [channel]}],
        "kpis": [{"id": kpi, "name": t(), "channel": channel, "owner": boss, "goal": t()}],
        "budgets": [{"channel": channel, "owner": agency, "amount": 1000.0, "currency": t(), "name": t()}],
        "approvals": [{"channel": channel, "steps": [report, boss], "name": t()}],
        "experiments": [{"name": t(), "channel": channel, "owner": report}],
        "links": [{"kind": "collaborates", "between": [unit, agency], "name": t()}],
    }
    return load(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(org=organisations(), comment=text)
def test_what_the_writer_writes_reads_back_as_the_same_organisation(org: OrgFile, comment: str) -> None:
    assert parse_org(dump_org(org, comment), "org.yaml") == org
    assert parse_org(dump_org_json(org), "org.json") == org
    assert parse_org(dump_org_json(org), "<stdin>") == org  # JSON is YAML too: standard input is read as YAML


def test_an_import_of_titles_holding_controls_writes_an_org_file_that_diagnoses(cli, tmp_path: Path) -> None:
    export = (FIXTURES / "import" / "generic" / "nordic-semicolon.csv").read_text(encoding="utf-8-sig")
    titled = {f"Marknadschef{control}": f"Marknads{control}chef" for control in NOT_YAML}
    for number, title in enumerate(titled.values()):
        export += f"{2001 + number};Anna {number};{title};1002;Marknad;Aktiv\n"
    (tmp_path / "export.csv").write_text(export, encoding="utf-8")
    for name in ("org.yaml", "org.json"):
        written = tmp_path / name
        assert cli("import", tmp_path / "export.csv", "-o", written, "-q").exit_code == 0
        assert {p.title for p in load_org(written).positions} >= set(titled.values())
        assert cli("diagnose", written, "--format", "json").exit_code in (0, 1)
        assert cli("diagnose", "-", "--format", "json", stdin=written.read_bytes()).exit_code in (0, 1)


@pytest.mark.slow
def test_a_restructuring_of_names_holding_controls_writes_an_after_yaml_that_reads_back(cli, tmp_path: Path) -> None:
    demo = DEMO.read_text(encoding="utf-8")
    named = demo.replace("name: Kundservice,", 'name: "Kund\\x7fservice\\x9f",').replace(
        "Karin Lund", '"Karin\\x80 Lund"'
    )
    assert named.count("\\x") == 3
    (tmp_path / "org.yaml").write_text(named, encoding="utf-8")
    assert cli("restructure", tmp_path / "org.yaml", "--out", tmp_path / "proposal", "-q").exit_code == 0
    after = load_org(tmp_path / "proposal" / "after.yaml")
    assert "Kund\x7fservice\x9f" in {unit.name for unit in after.units}
    assert "Karin\x80 Lund" in {position.holder for position in after.positions}


def test_a_section_surveyed_and_found_empty_stays_so() -> None:
    org = parse_org("organisation: {name: X}\npositions:\n  - {id: a, title: A}\nlinks: []\nkpis: []\n", "x.yaml")
    for text in (dump_org(org), dump_org_json(org)):
        again = parse_org(text, "again.yaml")
        assert coverage_of(again).kinds["links"] == coverage_of(again).kinds["kpis"] == "surveyed"
        assert coverage_of(again).kinds["budgets"] == "absent"
