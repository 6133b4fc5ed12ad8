"""Importing HR and org-chart exports: every preset on a file of its shape, every real export in fixtures/real/,
the readers' detection, the overlay, inference, and the row accounting (rows read = used + not used)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest

from orgdiag.diagnosis import diagnose
from orgdiag.importers import ReadOptions, import_org, load_map
from orgdiag.orgfile import dump_org, dump_org_json, parse_org
from orgdiag.problems import InputError

from conftest import FIXTURES, ROOT

IMPORT = FIXTURES / "import"


REAL = FIXTURES / "real"
ORGANOGRAMS = REAL / "uk-organogram"
ORACLE = REAL / "d3-org-chart" / "data-oracle.csv"
ORACLE_OVERLAY = IMPORT / "overlays" / "oracle-hr-marketing.yaml"

#: preset, files under fixtures/import/, where the shape is documented, and what the import must make:
#: positions, units, rows not used, roots. Files written to the documented shape (no public sample exists).
PRESET_CASES = [
    ("generic", ["generic/nordic-semicolon.csv"], "Excel 'CSV UTF-8' in a Nordic locale: BOM, ';', CRLF", (8, 6, 3, 2)),
    (
        "workday",
        ["workday/worker-report.csv"],
        "Workday custom report on All Active and Terminated Workers; SailPoint's Workday attribute list "
        "(Worker_ID, Business_Title, Manager_Reference descriptor)",
        (7, 5, 1, 1),
    ),
    (
        "successfactors",
        ["successfactors/user-data-file.csv"],
        "SAP KBA 2087504: the user data file, row 1 system keys, row 2 labels, MANAGER = USERID or NO_MANAGER",
        (4, 4, 2, 1),
    ),
    (
        "charthop",
        ["charthop/roster.csv"],
        "docs.charthop.com/import-csv-for-initial-setup: Title, Manager (a name), Start Date, Department",
        (7, 3, 0, 3),
    ),
    (
        "bamboohr",
        ["bamboohr/directory.json"],
        "documentation.bamboohr.com/reference/get-employees-directory: fields + employees, supervisor by name",
        (5, 4, 0, 2),
    ),
    (
        "hibob",
        ["hibob/people.json"],
        "apidocs.hibob.com/reference/get_people: employees[].work.title/department/reportsTo",
        (4, 4, 0, 1),
    ),
    (
        "personio",
        ["personio/employees.json"],
        "developer.personio.de/reference/get_company-employees: data[].attributes.{field}.value",
        (3, 3, 1, 1),
    ),
    (
        "microsoft-graph",
        ["microsoft-graph/users.json"],
        "learn.microsoft.com/graph/api/user-list-manager: value[] with manager expanded",
        (3, 2, 1, 1),
    ),
    (
        "google-workspace",
        ["google-workspace/users.json"],
        "developers.google.com/admin-sdk/directory/reference/rest/v1/users: orgUnitPath, relations, organizations",
        (3, 4, 1, 1),
    ),
    (
        "uk-organogram",
        ["uk-organogram/documented-senior.csv", "uk-organogram/documented-junior.csv"],
        "gov.uk organogram guidance: XX at the top, 0 = not in post, N/D, Vacant, Eliminated, job shares",
        (5, 4, 2, 1),
    ),
]


@pytest.mark.parametrize(("preset", "files", "documented", "made"), PRESET_CASES, ids=[c[0] for c in PRESET_CASES])
def test_each_preset_imports_a_file_of_its_shape(preset, files, documented, made):
    paths = [IMPORT / f for f in files]
    given = import_org(paths, preset)
    detected = import_org(paths)
    report = given.report
    assert report.balanced, documented
    assert (report.positions, report.units, len(report.not_used), len(report.roots)) == made
    assert [s.preset for s in detected.report.sources] == [preset] * len(files)
    assert dump_org(detected.org) == dump_org(given.org)


def test_every_preset_has_a_case_of_its_shape():
    from orgdiag.importers import presets

    assert set(presets()) <= {case[0] for case in PRESET_CASES} | {"scim", "d3-org-chart"}  # those two: real files


# --- real exports ------------------------------------------------------------------------------------------


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.reader(stream)) - 1  # the header


ORGANOGRAM_BODIES = [
    # (files' stem, senior posts in the file, roots): fixtures/real/uk-organogram/PROVENANCE.md, from
    # datagovuk/organograms at f0f8b4d: published CSVs and wrangled re-saves of five bodies' organograms.
    ("advisory_conciliation_and_arbitration_service-2011-09-30", 4, 1),
    ("cabinet_office-2011-09-30", 234, 3),  # 235 rows, post 103 a job share; three workbooks merged
    ("UK-space-agency-September-2013-FINAL", 20, 1),
    ("300913-HSE-Organogram-ver1", 45, 2),
    ("DMO-Organogram-disclosure---Sept-2013", 4, 1),
]


@pytest.mark.parametrize(("stem", "posts", "roots"), ORGANOGRAM_BODIES, ids=[b[0][:24] for b in ORGANOGRAM_BODIES])
def test_real_organograms_import_every_row(stem, posts, roots):
    senior, junior = ORGANOGRAMS / f"{stem}-senior.csv", ORGANOGRAMS / f"{stem}-junior.csv"
    report = import_org([senior, junior]).report
    assert report.rows_read == _csv_rows(senior) + _csv_rows(junior)
    assert report.balanced
    assert (report.positions, len(report.roots)) == (posts, roots)
    assert [s.preset for s in report.sources] == ["uk-organogram", "uk-organogram"]


def test_a_real_organogram_keeps_job_shares_vacancies_and_junior_staff():
    """Cabinet Office, 2011-09-30 (fixtures/real/uk-organogram/PROVENANCE.md)."""
    stem = ORGANOGRAMS / "cabinet_office-2011-09-30"
    imported = import_org([f"{stem}-senior.csv", f"{stem}-junior.csv"])
    positions = {p.id: p for p in imported.org.positions}
    assert any(n.kind == "job-share" and n.ids == ("103",) for n in imported.report.notes)
    assert positions["NSG2"].abolished and not positions["NSG2"].vacant  # 'ELIMINATED': kept, as history
    assert positions["COI5"].vacant  # 'Vacant': an open post
    assert not positions["120"].vacant and positions["120"].holder is None  # 'N/D': held, name withheld
    junior_fte = sum(s.fte for p in positions.values() for s in p.staff)
    with (ORGANOGRAMS / "cabinet_office-2011-09-30-junior.csv").open(encoding="utf-8", newline="") as stream:
        in_file = sum(float(row["Number of Posts in FTE"]) for row in csv.DictReader(stream))
    assert junior_fte == pytest.approx(in_file, abs=0.01)
    assert imported.org.organisation.name == "Cabinet Office"


D3_FILES = [
    # fixtures/real/d3-org-chart/PROVENANCE.txt: bumbeishvili/sample-data, the d3-org-chart library's demo data.
    ("org.csv", 1516, 0, 1),
    ("data-oracle.csv", 107, 11, 1),  # Oracle's HR sample schema as d3 data; employee 178 has no department
]


@pytest.mark.parametrize(("name", "positions", "units", "roots"), D3_FILES, ids=[f[0] for f in D3_FILES])
def test_real_d3_org_chart_data_imports_every_row(name, positions, units, roots):
    path = REAL / "d3-org-chart" / name
    report = import_org([path], "d3-org-chart").report
    assert (report.rows_read, report.balanced) == (_csv_rows(path), True)
    assert (report.positions, report.units, len(report.roots), len(report.not_used)) == (positions, units, roots, 0)


SCIM_FILES = [
    # fixtures/real/scim/PROVENANCE.txt: the RFC 7643/7644 worked examples, from python-scim/scim2-models.
    # (file, records, positions, not used, missing managers)
    ("rfc7643-8.3-enterprise_user.json", 1, 1, 0, 1),  # the manager (John Smith) is not in the data
    ("rfc7643-8.4-group.json", 1, 0, 1, 0),  # a Group, not a User
    ("rfc7644-3.7.1-list_response-circular_reference.json", 2, 0, 2, 0),  # two Groups
    ("rfc7644-3.7.2-bulk_request-enterprise_user.json", 2, 2, 0, 0),  # Bob's manager is 'bulkId:qwerty'
]


@pytest.mark.parametrize(
    ("name", "records", "positions", "not_used", "missing"), SCIM_FILES, ids=[f[0] for f in SCIM_FILES]
)
def test_real_scim_examples_import_every_record(name, records, positions, not_used, missing):
    report = import_org([REAL / "scim" / name], "scim").report
    assert (report.rows_read, report.positions, len(report.not_used)) == (records, positions, not_used)
    assert report.balanced
    assert sum(1 for n in report.notes if n.kind == "missing-manager") == missing


def test_a_scim_bulk_request_resolves_its_bulk_ids():
    org = import_org([REAL / "scim" / "rfc7644-3.7.2-bulk_request-enterprise_user.json"]).org
    assert {p.id: p.reports_to for p in org.positions} == {"qwerty": None, "ytrewq": "qwerty"}


# --- overlay, diagnosis and diagram of a real export --------------------------------------------------------


@pytest.mark.slow
def test_a_real_export_with_an_overlay_diagnoses_and_renders(cli, tmp_path):
    result = cli("diagnose", ORACLE, "--overlay", ORACLE_OVERLAY, "--out", tmp_path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    found = {(f["slug"], f["subject"]) for f in findings}
    assert {("channel-silo", "sales"), ("channel-level-strategy", "146"), ("no-marcom-owner", "201")} <= found
    inferred = [f for f in findings if f.get("inferred")]
    assert any("unit name 'Public Relations'" in text for f in inferred for text in f["inferred"])
    for name in ("diagram.svg", "diagram.png", "report.md", "org.yaml", "import-report.md", "import-report.json"):
        assert (tmp_path / name).stat().st_size > 0, name
    drawings = [tmp_path / "diagram.svg", *sorted((tmp_path / "pages").glob("*.svg"))]  # too wide: paged
    svg = "".join(path.read_text(encoding="utf-8") for path in drawings)
    assert "inferred from unit name" in svg and "(inferred)" in svg
    assert (
        parse_org((tmp_path / "org.yaml").read_text(encoding="utf-8"), "org.yaml").organisation.name
        == "Oracle HR sample"
    )


def test_the_overlay_finds_positions_by_title_holder_and_units_by_name():
    org = import_org([ORACLE], "d3-org-chart", ORACLE_OVERLAY).org
    positions = {p.id: p for p in org.positions}
    assert positions["100"].role == "executive"  # holder: Steven King
    assert positions["201"].role == "head-of-marketing" and not positions["201"].inferred  # the stated role wins
    assert positions["146"].owns == ["social/strategy", "social/content"]  # holder: Karen Partners
    assert {c.id: c.owner for c in org.channels}.items() >= {
        "web": "it",
        "social": "sales",
        "email": "marketing",
    }.items()
    assert org.agencies[0].contracted_by == "sales"


@pytest.mark.parametrize(
    ("overlay", "message", "ids"),
    [
        (
            "positions:\n  - {title: Chief Wizard, owns: [marcom/strategy]}\n",
            "no position of the organisation has title",
            (),
        ),
        (
            "positions:\n  - {title: Sales Manager, role: strategist}\n",
            "'Sales Manager' is ambiguous: it names 5 positions: Sales Manager, John Russell (145);",
            ("145",),
        ),
        ("units:\n  - {name: Sales}\nchannels:\n  - {id: tv, kind: tv, owner: Telly}\n", "'Telly' is neither", ()),
        ("positions:\n  - {holder: Karen Partners, owns: [radio/strategy]}\n", "scope 'radio'", ()),
        ("gadgets: []\n", "unknown section 'gadgets'", ()),
    ],
    ids=["matches-nothing", "matches-several", "reference-to-nothing", "unknown-channel", "unknown-section"],
)
def test_an_overlay_entry_that_matches_nothing_or_several_is_bad_input(cli, tmp_path, overlay, message, ids):
    path = tmp_path / "overlay.yaml"
    path.write_text(overlay, encoding="utf-8")
    result = cli("import", ORACLE, "--overlay", path, "-o", tmp_path / "org.yaml")
    assert result.exit_code == 2
    assert message in result.stderr and f"{path}:" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(InputError) as error:
        import_org([ORACLE], "d3-org-chart", path)
    assert all(i in {x for p in error.value.problems for x in p.ids} for i in ids)


# --- inference ---------------------------------------------------------------------------------------------


def test_inference_marks_roles_and_channels_with_their_words_and_can_be_switched_off():
    path = IMPORT / "generic" / "nordic-semicolon.csv"
    inferred, plain = import_org([path]), import_org([path], infer=False)
    roles = {p.id: [(i.value, i.words) for i in p.inferred] for p in inferred.org.positions if p.inferred}
    assert roles["1003"] == [("communicator", "Kommunikation"), ("strategist", "strateg")]
    channels = {c.id: (c.owner, c.inferred[0].source) for c in inferred.org.channels}
    assert channels["social"] == ("sociala-medier", "unit name 'Sociala medier'")
    assert not plain.org.channels and not any(p.inferred for p in plain.org.positions)
    assert plain.report.inferred == {}


def test_a_channel_named_by_a_title_is_inferred_only_where_no_unit_nearby_runs_it():
    org = import_org([IMPORT / "workday" / "worker-report.csv"]).org
    owners = {c.kind: c.owner for c in org.channels}
    assert owners["social"] == "social-media"  # from the unit's name, not again from the strategist's title
    assert sum(c.kind == "social" for c in org.channels) == 1


# --- readers -----------------------------------------------------------------------------------------------

ROWS = [
    ["Employee ID", "Name", "Job title", "Manager ID", "Department"],
    ["1", "Åsa Öberg", "Marknadschef", "", "Marknad"],
    *[[str(n), f"Person {n}", "Säljare", "1", "Försäljning"] for n in range(2, 300)],
    ["300", "Renée Lefèvre", "Rédactrice web", "1", "Kommunikation"],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ";"), ("utf-8", ",")],
    ids=["utf8-bom-semicolon", "utf16-tab-excel-unicode-text", "cp1252-accent-past-first-block", "utf8-comma"],
)
def test_csv_encoding_and_delimiter_are_detected(tmp_path, encoding, delimiter):
    path = tmp_path / "export.csv"
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(ROWS)
    imported = import_org([path])
    source = imported.report.sources[0]
    assert (source.delimiter, imported.report.positions) == (delimiter, 300)
    assert {p.holder for p in imported.org.positions} >= {"Åsa Öberg", "Renée Lefèvre"}


@pytest.mark.parametrize("first_block", [True, False], ids=["in-the-first-block", "far-down"])
def test_a_utf8_file_with_one_stray_byte_is_refused_at_that_byte_not_decoded_as_cp1252(tmp_path, first_block):
    lines = ["\n".join(",".join(row) for row in ROWS).encode("utf-8")]
    stray = b"\n301,Caf\xe9 Owner,Kock,1,K\xf6k"
    path = tmp_path / "export.csv"
    path.write_bytes(lines[0] + stray if not first_block else b"id,name,manager\n1,\xc3\x85sa,\n2,Caf\xe9,1\n")
    with pytest.raises(InputError) as error:
        import_org([path])
    assert f"export.csv:{3 if first_block else 302}: mixes encodings" in str(error.value)
    assert "byte 0xE9" in str(error.value)


def test_encoding_and_delimiter_can_be_given(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes("\n".join("|".join(row) for row in ROWS[:3]).encode("latin-1"))
    imported = import_org([path], options=ReadOptions(encoding="latin-1", delimiter="|"))
    assert imported.org.positions[0].holder == "Åsa Öberg"


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def test_xlsx_first_or_named_sheet_with_title_rows_above_the_header(tmp_path):
    path = tmp_path / "workers.xlsx"
    report_rows = [
        ["Worker report"],
        ["As of 2026-11-01"],
        [],
        *[[int(v) if v.isdigit() else v for v in r] for r in ROWS[:4]],
    ]
    _workbook(path, {"Summary": [["nothing here"]], "Staff": report_rows})
    imported = import_org([path], "generic", options=ReadOptions(sheet="Staff"))
    assert imported.report.positions == 3 and imported.report.balanced
    # the rows above the header, by Excel's numbers; row 3 holds nothing, so the workbook has no row 3 to report
    assert [r.line for r in imported.report.not_used] == [1, 2]
    assert {p.id for p in imported.org.positions} == {"1", "2", "3"}  # 1.0 in the cell is the id '1'


def test_an_unknown_sheet_is_bad_input_naming_the_sheets(cli, tmp_path):
    path = tmp_path / "workers.xlsx"
    _workbook(path, {"Staff": ROWS[:2]})
    result = cli("import", path, "--sheet", "People")
    assert result.exit_code == 2 and "no sheet 'People'; it has 'Staff'" in result.stderr


# --- the data-quality report -------------------------------------------------------------------------------


def test_cycles_missing_managers_and_duplicates_are_reported_with_their_rows(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "id,name,title,manager\na,Ann,CEO,\nb,Bo,CFO,c\nc,Cy,COO,b\nd,Di,Analyst,zz\nd,Dan,Analyst,a\n,,,\n",
        encoding="utf-8",
    )
    imported = import_org([path])
    report = imported.report
    cycle = next(n for n in report.notes if n.kind == "cycle")
    assert cycle.ids == ("b", "c") and cycle.rows == (f"{path}:3", f"{path}:4")
    missing = next(n for n in report.notes if n.kind == "missing-manager")
    assert missing.ids == ("zz", "d")
    assert [(r.line, r.why.split(":")[0]) for r in report.not_used] == [(6, "duplicate id 'd'"), (7, "a blank row")]
    assert (report.rows_read, report.rows_used, report.balanced) == (6, 4, True)
    assert report.roots == ["a", "b", "d"]


def test_junior_staff_under_a_post_the_senior_file_lacks_are_kept_as_placed_under_no_post():
    imported = import_org([IMPORT / "uk-organogram" / f"documented-{sheet}.csv" for sheet in ("senior", "junior")])
    [unplaced] = imported.org.organisation.unplaced_staff
    assert (unplaced.title, unplaced.fte, unplaced.reports_to, unplaced.unit) == (
        "Administrative Officer",
        3.0,
        "DIR99",
        "Operations",
    )
    note = next(n for n in imported.report.notes if "placed under no post" in n.message)
    assert note.message.startswith("3.00 FTE of junior staff report to senior posts the senior file does not list")
    assert note.ids == ("DIR99",)
    assert diagnose(imported.org).coverage.staff_unplaced == 3.0


def test_the_import_writes_org_file_and_report_and_prints_the_count(cli, tmp_path):
    source = IMPORT / "uk-organogram" / "documented-senior.csv"
    junior = IMPORT / "uk-organogram" / "documented-junior.csv"
    result = cli("import", source, junior, "-o", tmp_path / "org.json", "--out", tmp_path / "report")
    assert result.exit_code == 0, result.stderr
    assert "Rows: 13 read = 11 used + 2 not used." in result.stdout
    data = json.loads((tmp_path / "report" / "import-report.json").read_text(encoding="utf-8"))
    assert data["rows"] == {"read": 13, "used": 11, "not_used": 2}
    markdown = (tmp_path / "report" / "import-report.md").read_text(encoding="utf-8")
    assert "## Job shares" in markdown and "DIR99" in markdown
    org_json = parse_org((tmp_path / "org.json").read_text(encoding="utf-8"), "org.json")
    org_yaml = parse_org((tmp_path / "report" / "org.yaml").read_text(encoding="utf-8"), "org.yaml")
    assert org_json == org_yaml
    assert {s.title: s.fte for s in next(p for p in org_json.positions if p.id == "DD01").staff} == {
        "Digital Content Officer": 4.5,
        "Social Media Officer": 3.0,
    }


def test_an_import_is_deterministic_and_round_trips(tmp_path):
    first = import_org([ORACLE], "d3-org-chart", ORACLE_OVERLAY)
    second = import_org([ORACLE], "d3-org-chart", ORACLE_OVERLAY)
    assert dump_org(first.org) == dump_org(second.org)
    assert parse_org(dump_org(first.org), "o.yaml") == first.org == parse_org(dump_org_json(first.org), "o.json")


def test_hostile_text_in_an_export_stays_text(cli, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        'id,name,title,manager,department\n"<x>","Eve | ""*x*""","</TD>VD\n<script>","","Sociala medier | </TABLE>"\n'
        'p2,"[a](javascript:x)",Kommunikationsstrateg,<x>,"Sociala medier | </TABLE>"\n',
        encoding="utf-8",
    )
    result = cli("diagnose", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    markdown = (tmp_path / "out" / "import-report.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "</TABLE>" not in markdown
    svg = (tmp_path / "out" / "diagram.svg").read_text(encoding="utf-8")
    assert "<script>" not in svg
    parse_org((tmp_path / "out" / "org.yaml").read_text(encoding="utf-8"), "org.yaml")


# --- column maps and bad input -----------------------------------------------------------------------------


def test_a_column_map_reads_an_export_no_preset_knows(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        "Nr,Vem,Roll,Chefens nr,Org\n1,A,VD,,Ledning/Stab\n2,B,Webbredaktör,1,Ledning/Stab/Webb\n", encoding="utf-8"
    )
    column_map = tmp_path / "map.yaml"
    column_map.write_text(
        "extends: generic\nfields: {id: Nr, name: Vem, title: Roll, manager: Chefens nr, path: Org}\n", encoding="utf-8"
    )
    org = import_org([path], load_map(column_map)).org
    assert {u.id: u.parent for u in org.units} == {
        "ledning": None,
        "ledning-stab": "ledning",
        "ledning-stab-webb": "ledning-stab",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "missing.csv: no such file"),
        (["{tmp}/no-id.csv"], "no column says who each row is"),
        (["{tmp}/no-id.csv", "--preset", "sap"], "no preset 'sap'; known: uk-organogram"),
        (["{tmp}/no-id.csv", "--map", "{tmp}/bad-map.yaml"], "bad-map.yaml:1: fields"),
        (["{tmp}/old.xls"], "Excel 97 (.xls) files are not read"),
        (["{tmp}/broken.json"], "not valid JSON"),
    ],
    ids=["missing-file", "no-identity-column", "unknown-preset", "bad-map", "xls", "broken-json"],
)
def test_bad_input_exits_2_naming_the_file(cli, tmp_path, args, message):
    (tmp_path / "no-id.csv").write_text("colour,size\nred,2\n", encoding="utf-8")
    (tmp_path / "bad-map.yaml").write_text("fields: {boss: Manager}\n", encoding="utf-8")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "broken.json").write_text('{"value": [', encoding="utf-8")
    result = cli("import", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr


def test_preset_and_map_together_is_a_usage_error(cli, tmp_path):
    result = cli("import", ORACLE, "--preset", "generic", "--map", tmp_path / "m.yaml")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_list_presets_names_every_preset(cli):
    from orgdiag.importers import presets

    result = cli("import", "--list-presets")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(presets())


def test_the_import_docs_name_every_preset_map_key_and_note_kind():
    from orgdiag.importers import presets
    from orgdiag.importers.mapping import FIELDS, ColumnMap
    from orgdiag.importers.report import NOTE_KINDS

    text = (ROOT / "docs" / "importing.md").read_text(encoding="utf-8")
    for word in [*presets(), *ColumnMap.model_fields, *FIELDS, *NOTE_KINDS]:
        assert f"`{word}`" in text, word


@pytest.mark.slow
def test_the_readme_import_example_is_what_orgdiag_prints(cli, tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(ORACLE.parent)
    result = cli("diagnose", ORACLE.name, "--overlay", ORACLE_OVERLAY, "--out", tmp_path / "oracle")
    assert result.exit_code == 0
    shown = [*result.stderr.splitlines()[:2], result.stdout.splitlines()[0]]
    assert "\n".join(shown) in readme


def test_a_malformed_overlay_section_is_reported_once(cli, tmp_path):
    path = tmp_path / "overlay.yaml"
    path.write_text("channels: notalist\nagencies:\n  - 7\n", encoding="utf-8")
    result = cli("import", ORACLE, "--overlay", path, "-o", tmp_path / "org.yaml")
    assert result.exit_code == 2
    assert result.stderr.count("'channels' must be a list") == 1
    assert result.stderr.count("agencies[0]: each entry must be a mapping") == 1


def test_an_overlay_matches_ids_exactly_and_names_loosely(tmp_path):
    path = tmp_path / "overlay.yaml"
    path.write_text(
        "units:\n  - {name: '  public   RELATIONS ', owns: [pr/strategy]}\n  - {id: IT}\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as error:
        import_org([ORACLE], "d3-org-chart", path)
    assert [p.message for p in error.value.problems] == ["no unit of the organisation has id 'IT'; nearest: IT (it)"]


def test_a_json_export_record_with_a_key_given_twice_is_refused_at_its_line(tmp_path):
    path = tmp_path / "people.json"
    path.write_text('[\n {"id": "1", "name": "Ann"},\n {"id": "2", "name": "Bo",\n  "id": "3", "manager": "1"}\n]\n')
    with pytest.raises(InputError) as error:
        import_org([path])
    assert f"{path}:4: [1]: key 'id' is given twice; the first would be lost" in str(error.value)


def test_a_header_naming_a_read_column_twice_is_refused_naming_both_columns(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,name,title,manager,title,shoe,shoe\n1,Ann,CEO,,Chief,40,41\n2,Bo,CFO,1,Finance,42,43\n")
    with pytest.raises(InputError) as error:
        import_org([path])
    assert "the header names the column 'title' twice (columns 3 and 5)" in str(error.value)
    assert "shoe" not in str(error.value)  # a column orgdiag does not read may be named twice


def _with_formulas(path: Path, cached: bool) -> None:
    """A workbook whose manager and name cells are formulas, with the values a spreadsheet program saves beside
    them or (as a program that writes workbooks without computing them) without."""
    import zipfile

    _workbook(
        path, {"Staff": [["id", "name", "title", "manager"], ["1", "Ann", "CEO", None], ["2", "=B2", "CFO", "=A2"]]}
    )
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    values = iter([b"<v>Ann</v>", b"<v>1</v>"] if cached else [b"", b""])
    parts[sheet] = re.sub(rb"<v\s*/>|<v></v>", lambda _: next(values), parts[sheet]).replace(
        b'r="B3"', b'r="B3" t="str"'
    )
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)


def test_formulas_without_saved_values_are_refused_naming_their_cells(tmp_path):
    path = tmp_path / "staff.xlsx"
    _with_formulas(path, cached=False)
    with pytest.raises(InputError) as error:
        import_org([path])
    assert "sheet 'Staff': cells hold formulas without a saved value (B3, D3)" in str(error.value)


def test_formulas_with_saved_values_are_read_as_their_values(tmp_path):
    path = tmp_path / "staff.xlsx"
    _with_formulas(path, cached=True)
    positions = {p.id: p for p in import_org([path]).org.positions}
    assert positions["2"].holder == "Ann" and positions["2"].reports_to == "1"
