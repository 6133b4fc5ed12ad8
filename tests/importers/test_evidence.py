"""The evidence workbook (issue 28, item 4): `orgdiag evidence` writes it, pre-filled and the same byte for byte;
filled by script it reads back to the diagnosis the same facts give in YAML; a workbook with mistakes gets each
at its sheet and cell, exit status 2, and nothing is dropped without a word."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from orgdiag.diagnosis import diagnose
from orgdiag.importers import import_org, overlay_org
from orgdiag.model import OrgFile
from orgdiag.orgfile import load_dict, load_org
from orgdiag.problems import InputError
from orgdiag.render.evidence import evidence_workbook, grid_holders
from orgdiag.rules.catalogue import builtin_catalogue

from conftest import DEMO, FIXTURES

#: What an HR export lacks, and the demo states: the sections and the fields of its holders.
FACTS = ("channels", "agencies", "kpis", "budgets", "approvals", "experiments", "links")
HELD = ("owns", "decides", "takes_part")


def _bare(org: OrgFile) -> dict[str, Any]:
    """The demo as an export gives it: its units and posts, nothing of who owns what."""
    data = org.model_dump(exclude_unset=True)
    for section in FACTS:
        data.pop(section, None)
    for section in ("units", "positions"):
        data[section] = [{k: v for k, v in item.items() if k not in HELD} for item in data[section]]
    return data


def _facts_in_yaml(org: OrgFile) -> str:
    """The demo's facts as a YAML overlay over the bare demo (its accepted findings are judgements, not facts)."""
    data = org.model_dump(exclude_unset=True, mode="json")
    overlay: dict[str, Any] = {section: data[section] for section in FACTS if data.get(section)}
    for channel in overlay["channels"]:
        channel.pop("accept", None)
    for section in ("units", "positions"):
        held = [{"id": i["id"], **{k: i[k] for k in HELD if k in i}} for i in data[section]]
        overlay[section] = [item for item in held if len(item) > 1]
    return yaml.safe_dump(overlay, allow_unicode=True, sort_keys=False)


def _found(org: OrgFile) -> list[tuple[Any, ...]]:
    result = diagnose(org, builtin_catalogue())
    findings = [(f.rule, f.subject, f.severity, f.message, tuple(f.evidence)) for f in result.findings]
    return findings + [("not assessed", r.rule) for r in result.not_assessed]


def _rows(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _fill(path: Path, org: OrgFile) -> None:
    """The workshop, by script: each of the demo's facts typed into the workbook written for the bare demo, names
    given as a consultant gives them (a unit's name, a post's title or holder, a label from a drop-down, an id)."""
    book = openpyxl.load_workbook(path)
    units = {u.id: u.name for u in org.units}
    positions = {p.id: p for p in org.positions}
    names = {**units, **{a.id: a.name for a in org.agencies}, **{p: v.title for p, v in positions.items()}}
    for c in org.channels:
        book["Channels"].append([c.id, c.kind, c.name, units[c.owner]])
    for a in org.agencies:
        book["Agencies"].append([a.id, a.name, ", ".join(a.serves), a.contracted_by, a.contact])
    channel_names = {c.id: c.name for c in org.channels}
    for k in org.kpis:
        owner = positions[k.owner].holder if k.owner in positions else names[k.owner]
        book["KPIs"].append([k.name, channel_names[k.channel], owner, k.goal, k.kind, k.id])
    for b in org.budgets:
        book["Budgets"].append([b.channel, names[b.owner], b.amount, b.currency, b.name])
    for approval in org.approvals:
        book["Approvals"].append([approval.channel, approval.name, *(positions[s].title for s in approval.steps)])
    for e in org.experiments:
        book["Experiments"].append(
            [e.name, e.channel, f"{positions[e.owner].title}, {positions[e.owner].holder} ({e.owner})"]
        )
    for link in org.links:
        book["Links"].append([link.kind, names[link.between[0]], names[link.between[1]], link.name])
    _fill_grid(book["Responsibilities"], org, names)
    book.save(path)


def _fill_grid(sheet: Any, org: OrgFile, names: dict[str, str]) -> None:
    """Each holder's letters, in the column of its label, or, for an agency the bare demo lacked, in a column
    headed by its name; each activity in its row, or a row added (some in plain English)."""
    header = [cell.value for cell in sheet[1]]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value}
    plain = {"social/strategy": "Social media strategy", "web/budget": "Budget for the website"}
    for holder in [*org.positions, *org.units, *org.agencies]:
        letters: dict[str, set[str]] = {}
        for ref in holder.owns:
            letters.setdefault(ref, set()).add("A")
        for ref in holder.decides:
            letters.setdefault(ref, set()).add("R")
        for channel in getattr(holder, "takes_part", ()):
            letters.setdefault(f"{channel}/publishing", set()).add("C")
        if not letters:
            continue
        column = next((n for n, text in enumerate(header, 1) if text and text.endswith(f"({holder.id})")), None)
        if column is None:
            header.append(names[holder.id])
            column = len(header)
            sheet.cell(1, column, names[holder.id])
        for ref, held in letters.items():
            if ref not in rows:
                rows[ref] = sheet.max_row + 1
                sheet.cell(rows[ref], 1, plain.get(ref, ref))
            sheet.cell(rows[ref], column, "/".join(sorted(held)))


@pytest.fixture(scope="module")
def demo() -> OrgFile:
    return load_org(DEMO)


def test_the_workbook_is_the_same_byte_for_byte_and_reads_back_to_the_organisation(demo: OrgFile, tmp_path) -> None:
    first, second = evidence_workbook(demo), evidence_workbook(demo)
    assert first == second
    path = tmp_path / "evidence.xlsx"
    path.write_bytes(first)
    overlaid = overlay_org(demo, path)
    assert overlaid.org == demo
    assert overlaid.notes == ()


def test_the_workbook_is_pre_filled_with_drop_downs_of_the_organisations_own(demo: OrgFile, tmp_path) -> None:
    path = tmp_path / "evidence.xlsx"
    path.write_bytes(evidence_workbook(demo))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Read me",
        "Surveyed",
        "Channels",
        "Agencies",
        "Responsibilities",
        "KPIs",
        "Budgets",
        "Approvals",
        "Experiments",
        "Links",
        "Organisation",
    ]
    agencies = _rows(book["Agencies"])
    assert agencies[0] == [
        "Agency id",
        "Agency",
        "Scope: channels served",
        "Client unit",
        "Contact",
        "Source",
        "Confidence",
    ]
    assert agencies[2][:4] == ["ljus", "Reklambyrån Ljus", "print, tv", "Marknad (marknad)"]
    grid = _rows(book["Responsibilities"])
    cmo = grid[0].index("Marknadschef, Anna Berg (cmo)")
    assert [row[cmo] for row in grid if row[0] == "marcom/budget"] == ["A/R"]
    assert {
        row[0]: row[grid[0].index("E-handelschef, Mikael Strand (ecom)")]
        for row in grid
        if row[0] in ("web/strategy", "crm/budget", "web/budget")
    } == {"web/strategy": "A", "crm/budget": "R", "web/budget": "A/R"}
    assert "Byrå Nord (byran)" in grid[0]
    for sheet in book.worksheets:
        for row in _rows(sheet)[1:]:
            assert all(not isinstance(v, str) or not v.startswith("=") for v in row)
    ranges = {str(v.sqref): v.formula1 for v in book["KPIs"].data_validations.dataValidation}
    assert ranges["C2:C206"] == "'Organisation'!$F$2:$F$26"  # owner: 13 posts, 9 units and 3 agencies
    assert ranges["B2:B206"] == "'Organisation'!$F$27:$F$34"  # channel: the 8 channels
    listed = _rows(book["Organisation"])
    assert listed[1] == ["post", "vd", "VD", "Karin Lund", "ledning", "VD, Karin Lund (vd)"]
    assert [row[0] for row in listed[1:]].count("channel") == len(demo.channels) == 8


def test_a_workbook_filled_by_script_diagnoses_as_the_same_facts_in_yaml(demo: OrgFile, tmp_path) -> None:
    bare = load_dict(_bare(demo), "bare demo")
    workbook = tmp_path / "evidence.xlsx"
    workbook.write_bytes(evidence_workbook(bare))
    _fill(workbook, demo)
    in_yaml = tmp_path / "facts.yaml"
    in_yaml.write_text(_facts_in_yaml(demo), encoding="utf-8")
    from_workbook = overlay_org(bare, workbook)
    from_yaml = overlay_org(bare, in_yaml).org
    assert _found(from_workbook.org) == _found(from_yaml)
    assert len([f for f in _found(from_yaml) if f[0] != "not assessed"]) >= 25
    assert {p.id: (p.owns, p.decides) for p in from_workbook.org.positions} == {
        p.id: (p.owns, p.decides) for p in from_yaml.positions
    }
    assert from_workbook.org.agencies == from_yaml.agencies
    assert from_workbook.notes == ()


def test_the_cli_writes_the_workbook_and_diagnoses_with_it(cli, demo: OrgFile, tmp_path) -> None:
    out = tmp_path / "evidence.xlsx"
    written = cli("evidence", DEMO, "-o", out)
    assert written.exit_code == 0, written.stderr
    assert written.stdout == (
        f"Wrote {out}: 8 channels, 3 agencies, 5 KPIs, 2 links; a RACI grid across 13 posts, 9 units and the "
        "agencies.\n"
    )
    assert out.read_bytes() == evidence_workbook(demo)
    with_it = cli("diagnose", DEMO, "--overlay", out, "--format", "json")
    plain = cli("diagnose", DEMO, "--format", "json")
    assert with_it.exit_code == plain.exit_code == 0
    assert json.loads(with_it.stdout)["findings"] == json.loads(plain.stdout)["findings"]


# --- mistakes: each at its sheet and cell, exit status 2, nothing dropped without a word ----------------------


@pytest.fixture
def twin_titles(demo: OrgFile) -> OrgFile:
    """The bare demo with a second web editor: the title 'Webbredaktör' names two posts."""
    data = _bare(demo)
    data["positions"].append({"id": "webbred2", "title": "Webbredaktör", "unit": "ehandel", "reports_to": "ecom"})
    return load_dict(data, "bare demo")


def _workbook(tmp_path: Path, org: OrgFile) -> tuple[Path, Any]:
    path = tmp_path / "evidence.xlsx"
    path.write_bytes(evidence_workbook(org))
    return path, openpyxl.load_workbook(path)


def _problems(org: OrgFile, path: Path) -> list[str]:
    with pytest.raises(InputError) as error:
        overlay_org(org, path)
    assert all(p.file == str(path) and p.line is None for p in error.value.problems)
    return [f"{p.place}: {p.message}" for p in error.value.problems]


def test_names_that_match_nothing_or_several_are_located_with_their_candidates(twin_titles, tmp_path) -> None:
    path, book = _workbook(tmp_path, twin_titles)
    book["Channels"].append(["web", "web", "Webb", "Marknadd"])
    book["Channels"].append(["social", "social", "Sociala medier", "Sociala medier (sociala)"])
    grid = book["Responsibilities"]
    grid.cell(1, grid.max_column + 1, "Webbredaktör")
    grid.cell(2, 7, "X")
    grid.cell(grid.max_row + 1, 1, "Social media stratgy")
    book["KPIs"].cell(1, 9, "Target")
    book["KPIs"].append(["followers", "social", "Byrå Nord"])
    book["Links"].cell(2, 8, "weekly")
    book.save(path)
    assert _problems(twin_titles, path) == [
        "sheet Channels, cell D2: 'Marknadd' is neither the id nor the name of any unit; nearest: Marknad (marknad)",
        "sheet KPIs, cell C2: 'Byrå Nord' is neither the id nor the title, holder or name of any position, unit or "
        "agency",
        "sheet KPIs, cell I1: 'Target' is not a column of this sheet",
        "sheet Links, cell H2: 'weekly' stands under no column: give it a header or clear it",
        "sheet Responsibilities, cell A7: 'Social media stratgy' is no activity: name a responsibility (strategy, "
        "KPIs, budget, …) and the channel it is for; nearest: social/strategy (Sociala medier strategy)",
        "sheet Responsibilities, cell AB1: 'Webbredaktör' is ambiguous: it names 2 positions: Webbredaktör, Elin Sjö "
        "(webbred); Webbredaktör (webbred2); give the id",
        "sheet Responsibilities, cell G2: 'X' is not R, A, C or I (A/R for both)",
    ]


def test_values_the_model_refuses_are_located_at_their_cells(twin_titles, tmp_path) -> None:
    path, book = _workbook(tmp_path, twin_titles)
    book["Channels"].append(["web", "wbe", "Webb", "ehandel", None, "interview with Mikael", "stated"])
    book["Channels"].append(["social", "social", None, "sociala", None, None, "sure"])
    book["Budgets"].append(["web", "ecom", "lots"])
    book["KPIs"].append([None, "web", "ecom"])
    book.save(path)
    assert _problems(twin_titles, path) == [
        'sheet Budgets, cell C2: input should be a valid number, unable to parse string as a number (got "lots")',
        "sheet Channels, cell B2 'web': unknown channel kind 'wbe' (did you mean 'web'?)",
        "sheet Channels, cell G3 'social': input should be 'assumed', 'stated' or 'verified' (got \"sure\")",
        "sheet KPIs, cell A2: 'name' is required",
    ]


def test_a_sheet_named_like_one_of_the_workbooks_is_an_error_and_any_other_a_note(demo, tmp_path) -> None:
    path, book = _workbook(tmp_path, demo)
    book["KPIs"].title = "KPI"
    book.create_sheet("Workshop notes").append(["Anna says the agency brief is out of date"])
    book.save(path)
    assert _problems(demo, path) == [
        "sheet KPI: is not a sheet of the evidence workbook (did you mean 'KPIs'?): rename it"
    ]
    book["KPI"].title = "KPIs"
    del book["Budgets"]
    book.save(path)
    assert overlay_org(demo, path).notes == (
        "sheet Workshop notes is not one of the evidence workbook's: not read",
        "the workbook has no sheet Budgets: the organisation's budgets are kept",
    )
    book["Responsibilities"]["C60"] = "interview, Anna Berg"  # a source on a row that names no activity
    book["Surveyed"]["D3"] = "checked twice"
    book.save(path)
    assert _problems(demo, path) == [
        "sheet Responsibilities, row 60: a row with no activity: name it under 'Activity', or clear the row",
        "sheet Surveyed, cell D3: 'checked twice' stands under no column: give it a header or clear it",
    ]


def test_the_cli_says_each_mistake_and_exits_2(cli, twin_titles, tmp_path) -> None:
    path, book = _workbook(tmp_path, twin_titles)
    book["Channels"].append(["web", "web", "Webb", "Marknadd"])
    book.save(path)
    org = tmp_path / "org.yaml"
    org.write_text(yaml.safe_dump(twin_titles.model_dump(exclude_unset=True, mode="json"), allow_unicode=True))
    result = cli("diagnose", org, "--overlay", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"orgdiag: 1 problem in {path}:\n  {path}: sheet Channels, cell D2: 'Marknadd' is neither the id nor the name "
        "of any unit; nearest: Marknad (marknad)\n"
    )


def test_rows_removed_and_letters_without_a_place_in_the_model_are_said(cli, demo, tmp_path) -> None:
    """The search agency dropped in the workshop (its roster row, its column of the grid, its link): removed, and
    said; an I and a C with no channel, noted; the diagnosis is the one of the organisation without it."""
    path, book = _workbook(tmp_path, demo)
    book["Agencies"].delete_rows(4)  # fjord
    book["Links"].delete_rows(3)  # ljus and fjord's media plan
    grid = book["Responsibilities"]
    header = [cell.value for cell in grid[1]]
    grid.delete_cols(header.index("Sökbyrån Fjord (fjord)") + 1)
    refs = [row[0].value for row in grid.iter_rows(min_row=2)]
    grid.cell(refs.index("marcom/strategy") + 2, header.index("VD, Karin Lund (vd)") + 1, "I")
    grid.cell(refs.index("marcom/kpis") + 2, header.index("Ekonomichef, Per Ek (cfo)") + 1, "C")
    book.save(path)
    without = tmp_path / "without-fjord.yaml"
    data = demo.model_dump(exclude_unset=True, mode="json")
    data["agencies"] = [a for a in data["agencies"] if a["id"] != "fjord"]
    data["links"] = [link for link in data["links"] if "fjord" not in link["between"]]
    without.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("diagnose", DEMO, "--overlay", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"Overlay {path}: 3 notes:\n"
        "  sheet Agencies states the agencies whole: fjord, not in it, removed\n"
        "  'I' (informed) has no place in the model: noted, not used (Responsibilities!E2)\n"
        "  'C' on an activity of marketing as a whole names no channel to take part in: noted, not used "
        "(Responsibilities!F3)\n"
    )
    expected = cli("diagnose", without, "--format", "json")
    assert json.loads(result.stdout)["findings"] == json.loads(expected.stdout)["findings"]


# --- a RACI matrix of the consultant's own --------------------------------------------------------------------

MATRIX = [
    ["RACI: marketing, Nordvik Sport AB"],
    [],
    [
        "Activity",
        "Description",
        "Marknadschef",
        "E-handelschef",
        "Social media-strateg",
        "Community manager",
        "Webbredaktör",
        "Notes",
    ],
    ["Marketing strategy", "the plan", "A/R", "C", None, None, None, "agreed 3 May"],
    ["Social media strategy", None, "A", "R", "R", None, None],
    ["Sociala medier: community management", None, None, None, "A", "R", None],
    ["web/content", None, None, "A", None, None, "R"],
    ["Publishing on social media", None, "I", None, "A/R", "C", None],
    [],
    ["R = Responsible, A = Accountable, C = Consulted, I = Informed"],
]


def _without_responsibilities(demo: OrgFile) -> OrgFile:
    data = demo.model_dump(exclude_unset=True)
    for section in ("units", "positions", "agencies"):
        data[section] = [{k: v for k, v in item.items() if k not in HELD} for item in data[section]]
    return load_dict(data, "demo without responsibilities")


def _matrix(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "RACI"
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _held(org: OrgFile) -> dict[str, tuple[list[str], list[str], tuple[str, ...]]]:
    return {p.id: (p.owns, p.decides, p.takes_part) for p in org.positions if p.owns or p.decides or p.takes_part}


EXPECTED = {
    "cmo": (["marcom/strategy", "social/strategy"], ["marcom/strategy"], ()),
    "ecom": (["web/content"], ["social/strategy"], ()),
    "some": (["social/community", "social/publishing"], ["social/strategy", "social/publishing"], ()),
    "cm": ([], ["social/community"], ("social",)),
    "webbred": ([], ["web/content"], ()),
}


def test_a_raci_matrix_imports_on_its_own_a_as_owns_r_as_decides_c_as_taking_part(demo, tmp_path) -> None:
    org = _without_responsibilities(demo)
    overlaid = overlay_org(org, _matrix(tmp_path / "raci.xlsx", MATRIX))
    assert _held(overlaid.org) == EXPECTED
    assert overlaid.notes == (
        "sheet RACI: row 1, above the matrix, is not read",
        "sheet RACI: row 10 ('R = Responsible, A = Accountable, C = Consulted, I = Inform…') holds no letters: "
        "not read",
        "sheet RACI: column B ('Description') is not read",
        "sheet RACI: column H ('Notes') is not read",
        "'I' (informed) has no place in the model: noted, not used (RACI!C8)",
        "'C' on an activity of marketing as a whole names no channel to take part in: noted, not used (RACI!D4)",
    )


def test_a_legend_of_letters_beside_their_words_is_no_part_of_the_matrix(demo, tmp_path) -> None:
    legend = [["R", "Responsible"], ["A", "Accountable"], ["C", "Consulted"], ["I", "Informed"]]
    overlaid = overlay_org(_without_responsibilities(demo), _matrix(tmp_path / "raci.xlsx", MATRIX[:8] + legend))
    assert _held(overlaid.org) == EXPECTED
    assert [note for note in overlaid.notes if "legend" in note] == [
        f"sheet RACI: row {number}, a legend, is not read" for number in (9, 10, 11, 12)
    ]


def test_the_transposed_matrix_states_the_same(demo, tmp_path) -> None:
    org = _without_responsibilities(demo)
    body = [row[:1] + row[2:7] for row in MATRIX[2:8]]  # the activities and the holders' columns
    transposed = [list(column) for column in zip(*body, strict=True)]
    transposed[0][0] = "Role"
    overlaid = overlay_org(org, _matrix(tmp_path / "raci.xlsx", transposed))
    assert transposed[0][:2] == ["Role", "Marketing strategy"] and transposed[1][:2] == ["Marknadschef", "A/R"]
    assert _held(overlaid.org) == EXPECTED


def test_a_raci_matrix_states_only_its_own_cells(demo, tmp_path) -> None:
    """Over the demo itself: what the matrix does not name (other activities, other posts) is left as it was."""
    overlaid = overlay_org(demo, _matrix(tmp_path / "raci.xlsx", MATRIX))
    held = _held(overlaid.org)
    assert held["ecom"][0] == ["web/strategy", "crm/strategy", "search/strategy", "web/budget", "web/content"]
    assert held["webbred"] == ([], ["web/content"], ())  # it owned web/content: the matrix says R, not A
    assert held["pr-chef"] == _held(demo)["pr-chef"]


def test_a_raci_matrix_whose_names_are_nobodys_is_located(demo, tmp_path) -> None:
    rows = [["Task", "Head of Sales", "Markandschef"], ["Strategy", "A", "R"]]
    assert _problems(demo, _matrix(tmp_path / "raci.xlsx", rows)) == [
        "sheet RACI, cell B1: 'Head of Sales' is neither the id nor the title, holder or name of any position, unit "
        "or agency",
        "sheet RACI, cell C1: 'Markandschef' is neither the id nor the title, holder or name of any position, unit "
        "or agency; nearest: Marknadschef, Anna Berg (cmo); E-handelschef, Mikael Strand (ecom); Marknad (marknad)",
    ]
    rows = [["Task", "Head of Sales", "Chief Wizard"], ["Spells", "A", "R"]]
    assert _problems(demo, _matrix(tmp_path / "raci.xlsx", rows)) == [
        "sheet RACI, cell B1: neither the names along row 1 nor those down the first column name the organisation's "
        "posts, units or agencies: name each by its id, name, title or holder"
    ]


# --- inferred channels and surveyed kinds ---------------------------------------------------------------------

ORACLE = FIXTURES / "real" / "d3-org-chart" / "data-oracle.csv"


def test_an_inferred_channel_stays_inferred_until_the_workshop_states_it(tmp_path) -> None:
    imported = import_org([ORACLE], "d3-org-chart").org
    path, book = _workbook(tmp_path, imported)
    channels = _rows(book["Channels"])
    assert channels[1][:5] == [
        "pr",
        "pr",
        "pr (Public Relations)",
        "Public Relations (public-relations)",
        "channel 'pr' inferred from 'Public Relations' in the unit name 'Public Relations'",
    ]
    again = import_org([ORACLE], "d3-org-chart", path)
    assert again.org.channels == imported.channels and again.org.channels[0].inferred
    assert not [note for note in again.report.notes if note.kind == "overlay"]
    book["Channels"]["E2"] = None  # the workshop confirms it
    book.save(path)
    stated = import_org([ORACLE], "d3-org-chart", path).org.channels[0]
    assert (stated.id, stated.owner, stated.inferred) == ("pr", "public-relations", ())
    book["Channels"]["E2"] = channels[1][4]
    book["Channels"]["D2"] = "Marketing"  # a row changed is stated, whatever it says it was
    book.save(path)
    moved = import_org([ORACLE], "d3-org-chart", path).org.channels[0]
    assert (moved.owner, moved.inferred) == ("marketing", ())


def test_the_kinds_surveyed_go_both_ways(demo, tmp_path) -> None:
    data = demo.model_dump(exclude_unset=True)
    data["organisation"]["surveyed"] = ["experiments"]
    data["budgets"] = []  # stated as none: surveyed
    org = load_dict(data, "demo")
    path, book = _workbook(tmp_path, org)
    assert [row[0] for row in _rows(book["Surveyed"]) if row[2] == "yes"] == ["budgets", "experiments"]
    assert overlay_org(org, path).org.organisation.surveyed == ("budgets", "experiments")
    book["Surveyed"]["C2"] = "x"  # links
    book["Surveyed"]["C3"] = "perhaps"
    book["Surveyed"]["A4"] = "approval"
    book.save(path)
    assert _problems(org, path) == [
        "sheet Surveyed, cell A4: 'approval' is no kind of evidence (did you mean 'approvals'?)",
        "sheet Surveyed, cell C3: 'perhaps' says neither yes nor no",
    ]
    book["Surveyed"]["C3"] = None
    book["Surveyed"]["A4"] = "approvals"
    book.save(path)
    assert overlay_org(org, path).org.organisation.surveyed == ("links", "budgets", "experiments")


def test_a_large_organisations_grid_has_the_posts_nearest_the_top_and_those_holding_something(tmp_path) -> None:
    chain = [{"id": f"p{n}", "title": f"Post {n}", "reports_to": f"p{n - 1}" if n else None} for n in range(400)]
    chain[399]["owns"] = ["marcom/strategy"]
    org = load_dict({"organisation": {"name": "Long line"}, "positions": chain}, "long line")
    posts = [holder.id for holder in grid_holders(org)]
    assert posts == [f"p{n}" for n in range(300)] + ["p399"]
    path, book = _workbook(tmp_path, org)
    assert overlay_org(org, path).org == org
    grid = book["Responsibilities"]
    grid.cell(1, grid.max_column + 1, "Post 350")  # a post the grid lacked, added by its title
    grid.cell(2, grid.max_column, "R")
    book.save(path)
    assert {p.id: p.decides for p in overlay_org(org, path).org.positions if p.decides} == {"p350": ["marcom/strategy"]}


def test_a_matrix_of_ones_own_pasted_over_the_responsibilities_sheet_is_read_as_one(demo, tmp_path) -> None:
    org = _without_responsibilities(demo)
    path, book = _workbook(tmp_path, org)
    del book["Responsibilities"]
    sheet = book.create_sheet("Responsibilities", 4)
    for row in MATRIX:
        sheet.append(row)
    book.save(path)
    assert _held(overlay_org(org, path).org) == EXPECTED
