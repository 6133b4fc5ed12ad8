"""Reading every column of a UK organogram a consultant reads, on real rows: the job/team function, notes and the
marks they make, the published paybill, grade, professional group and the junior sheet's own units; withheld values
in their real spellings; and committees in the Unit column made into the directorates their members lead.

Rows come only from the bodies the rules may be tuned on (fixtures/real/uk-organogram-corpus/PROVENANCE.md:
Science Museum Group, English Heritage, NICE, Competition Commission, Monitor, London 2012, UK Statistics
Authority, HM Treasury) and the older fixtures/real/uk-organogram and uk-organogram-history files.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from orgdiag.importers import Imported, import_org
from orgdiag.model import Position

from conftest import FIXTURES

REAL = FIXTURES / "real"
CORPUS = REAL / "uk-organogram-corpus"
HISTORY = REAL / "uk-organogram-history"
BODIES = {
    "smg": "300913-SMG-Organogram-Data-v1",
    "eh": "30-09-13---EH---organogram---ver1",
    "nice": "300913-NICE-Organogram",
    "cc": "300913-Competition-Commission-staff-and-salary-data---September-2013",
    "monitor": "Monitor-staff-and-salary-data---September-2013-FINAL",
    "london": "London-2012-Government-staff-and-salary-data-blank-template---Cleaned",
    "uksa": "300913-UKStats-Organagram-ver-1",
    "hmt": "HM-Treasury-Government-staff-and-salary-data---September-2013-V5",
}


def _sheets(stem: str, folder: Path = CORPUS) -> list[Path]:
    return [folder / f"{stem}-senior.csv", folder / f"{stem}-junior.csv"]


@pytest.fixture(scope="module")
def imported() -> dict[str, Imported]:
    return {name: import_org(_sheets(stem), "uk-organogram") for name, stem in BODIES.items()}


def _positions(result: Imported) -> dict[str, Position]:
    return {position.id: position for position in result.org.positions}


def _notes(result: Imported, kind: str) -> list[str]:
    return [note.message for note in result.report.notes if note.kind == kind]


# --- the columns a consultant reads -------------------------------------------------------------------------


def test_function_grade_profession_paybill_and_notes_are_read(imported: dict[str, Imported]) -> None:
    smg = _positions(imported["smg"])
    external = smg["13"]  # Director of External Affairs
    assert external.function == "Manage communications, marketing and external affairs"
    assert (external.grade, external.profession, external.paybill) == ("SCS2", "Communications", 930247.0)
    assert smg["3"].notes == "Corporate Information moved to Science Museum unit"
    assert smg["3"].marks == ()  # a note that says nothing about how the post is held


def test_a_part_time_post_keeps_its_fte_and_a_full_time_one_none(imported: dict[str, Imported]) -> None:
    hmt = _positions(imported["hmt"])
    assert hmt["24025"].fte == 0.6  # Director, Finance and Commercial, published at 0.6 FTE with part-time pay
    smg = {position.id: position.fte for position in imported["smg"].org.positions if position.fte is not None}
    assert smg == {"13": 0.8, "5": 0.8}  # the Director of External Affairs, and an abolished post, at four days


def test_junior_staff_keep_their_unit_and_profession_grouped_by_title_grade_and_unit(
    imported: dict[str, Imported],
) -> None:
    nice = _positions(imported["nice"])
    implementation = nice["2553540"]  # its juniors sit in five units of the junior sheet's own
    units = {staff.unit for staff in implementation.staff}
    assert {"Costing and Commissioning", "Education and Support", "Field Team", "Impact and Evaluation"} <= units
    keys = [(s.title, s.grade, s.unit) for s in implementation.staff]
    assert len(keys) == len(set(keys))
    smg = _positions(imported["smg"])
    science = smg["12"]  # Deputy Director - Science Museum: four junior rows sit in HR & ICT
    assert {s.unit for s in science.staff} == {"Science Museum", "HR & ICT"}
    assert all(s.profession for s in science.staff)
    with _sheets(BODIES["nice"])[1].open(encoding="utf-8", newline="") as stream:
        published = sum(float(row["Number of Posts in FTE"]) for row in csv.DictReader(stream))
    assert sum(s.fte for p in nice.values() for s in p.staff) == pytest.approx(published, abs=0.01)


# --- notes and titles: how a post is held --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "post", "marks", "why"),
    [
        ("uksa", "26", ("acting", "secondment"), "on T/P to cover Ben Humberstones secondment to Cabinet Office"),
        ("uksa", "4UK", ("acting",), "Mark Pont is on TP, replacing Richard Laux"),
        ("uksa", "50", ("acting",), "Liam Murray is on TP into the vacant post"),
        ("hmt", "23983", ("acting",), "Temporary assignment until mid November"),
        ("monitor", "19", ("acting", "interim"), "This post is filled by a Contractor on a temporary basis"),
        ("hmt", "24062", (), "Split Job 0.5 FTE: one director in two posts, no job share"),
        ("eh", "2", (), "Not a Civil Servant. English Heritage Band 1 equates approximately to SCS2"),
        ("monitor", "17", (), "This role is fixed term until December 2013 when it will cease to exist"),
    ],
)
def test_notes_mark_how_a_post_is_held(
    imported: dict[str, Imported], body: str, post: str, marks: tuple[str, ...], why: str
) -> None:
    assert _positions(imported[body])[post].marks == marks, why


def test_titles_mark_acting_posts_and_job_shares() -> None:
    dfid = _positions(import_org(_sheets("department_for_international_development-2014-09-30", HISTORY)))
    acting = {p.id for p in dfid.values() if "acting" in p.marks}
    assert acting == {"A46", "A41", "B170"}, [dfid[i].title for i in acting]
    dmo = _positions(import_org(_sheets("DMO-Organogram-disclosure---Sept-2013", REAL / "uk-organogram")))
    assert dmo["DCE"].marks == dmo["HM1"].marks == ("job-share",)  # "(Job Share & Non-SCS post …)"


def test_a_second_row_of_a_post_is_a_job_share_and_marks_it() -> None:
    cabinet = import_org(_sheets("cabinet_office-2011-09-30", REAL / "uk-organogram"))
    assert _positions(cabinet)["103"].marks == ("job-share",)
    assert "job-share: 1 post: '103'" in _notes(cabinet, "marks")


def test_abolished_posts_carry_no_marks(imported: dict[str, Imported]) -> None:
    smg = _positions(imported["smg"])
    assert smg["7"].abolished and smg["7"].title == "Acting Director of Corporate Services"
    assert smg["7"].marks == ()


# --- withheld values -------------------------------------------------------------------------------------------


def test_withheld_names_and_pay_are_never_a_name_or_nothing_paid(imported: dict[str, Imported]) -> None:
    hmt = _positions(imported["hmt"])
    deputy = hmt["23950"]  # N/D, pay 0-0
    assert deputy.holder is None and deputy.pay is None and not deputy.vacant
    withheld = _notes(imported["hmt"], "withheld")
    assert withheld[0].startswith("name not disclosed on 62 posts ('N/D')")
    assert withheld[1].startswith("pay not disclosed on 63 posts ('0-0')")
    dfid = _positions(import_org(_sheets("department_for_international_development-2013-03-31", HISTORY)))
    assert dfid["A6"].holder is None  # "ND", DFID's spelling


def test_text_given_as_not_disclosed_is_no_title_unit_or_function(imported: dict[str, Imported]) -> None:
    london = imported["london"]
    eliminated = _positions(london)["1"]  # Eliminated, and every text "Not Disclosed"
    assert eliminated.abolished and eliminated.title == "(no title)"
    assert eliminated.unit is None and eliminated.function is None
    assert "Not Disclosed" not in {unit.name for unit in london.org.units}
    withheld = _notes(london, "withheld")
    assert "title not disclosed on 42 posts ('Not Disclosed')" in withheld[0]


@pytest.mark.parametrize(
    ("body", "post", "paybill", "why"),
    [
        ("cc", "JKCO", None, "0, with 10.6 FTE under it: 'Own and team salary costs shown under FDGO'"),
        ("cc", "GSCA", None, "0, no staff, but 'Own and team salary costs shown under FMRA'"),
        ("monitor", "20", None, "0: 'the cost of reports has been included in those of post three'"),
        ("uksa", "6", None, "0 with staff: 'Not disclosed - Less than 5 staff'"),
        ("smg", "6", None, "0 with staff: 'Salary cost of reports merged with Science Museum'"),
        ("hmt", "19678", 0.0, "0 under a post with no junior staff (its reports are senior): nothing to cost"),
        ("cc", "FDGO", 1906327.0, "as published"),
        ("smg", "4", None, "0 on an abolished post"),
    ],
)
def test_a_paybill_of_0_is_not_published_where_staff_or_notes_say_so(
    imported: dict[str, Imported], body: str, post: str, paybill: float | None, why: str
) -> None:
    assert _positions(imported[body])[post].paybill == paybill, why


def _passenger_focus_edited(tmp_path: Path, edit: Callable[[list[dict[str, str]]], None]) -> Imported:
    """Passenger Focus's organogram imported with its senior rows edited (a list of dicts, one per row)."""
    senior, junior = _sheets("Organogram-Government-staff-and-salary-data-Passenger-Focus---September-2013-FINAL")
    rows = list(csv.DictReader(senior.open(encoding="utf-8", newline="")))
    edit(rows)
    written = tmp_path / "passenger-focus-senior.csv"
    with written.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    shutil.copy(junior, tmp_path / "passenger-focus-junior.csv")
    return import_org([written, tmp_path / "passenger-focus-junior.csv"], "uk-organogram")


def test_every_real_spelling_of_a_placeholder_is_none(tmp_path: Path) -> None:
    """Passenger Focus's three posts, their cells replaced by the spellings organograms use for nothing."""

    def withhold(rows: list[dict[str, str]]) -> None:
        for row, spelling in zip(rows, ["N/A", "n/a", "Not Applicable"], strict=True):
            row["Name"] = spelling
        rows[0].update({"Grade": "-", "Job/Team Function": "Not Applicable", "Actual Pay Floor (£)": "N/D"})
        rows[1].update({"Professional/Occupational Group": "n/a", "Salary Cost of Reports (£)": "ND"})

    result = _passenger_focus_edited(tmp_path, withhold)
    positions = _positions(result)
    assert all(p.holder is None and not p.vacant for p in positions.values())
    ceo, resources = positions["CEO"], positions["RPCFD"]
    assert (ceo.grade, ceo.function, ceo.pay) == (None, None, None)
    assert (resources.profession, resources.paybill) == (None, None)
    assert positions["PTD2011"].paybill == 506752.0
    assert any(
        message.startswith("paybill (salary cost of reports) not disclosed") for message in _notes(result, "withheld")
    )


def test_quotes_a_spreadsheet_leaves_around_a_placeholder_do_not_make_it_a_name(tmp_path: Path) -> None:
    """The Home Office's September 2013 organogram writes "'Eliminated'", "N/D'" and a second job-share row
    "Eliminated" for a post already abolished: none of them is anybody's name."""

    def quote(rows: list[dict[str, str]]) -> None:
        for row, spelling in zip(rows, ["'Eliminated'", "N/D'", '"Vacant"'], strict=True):
            row["Name"] = spelling
        rows.append({**rows[0], "Name": "Eliminated"})

    positions = _positions(_passenger_focus_edited(tmp_path, quote))
    assert all(p.holder is None for p in positions.values())
    assert [(p.abolished, p.vacant) for p in positions.values()] == [(True, False), (False, False), (False, True)]


# --- committees ------------------------------------------------------------------------------------------------


def _units(result: Imported) -> dict[str, tuple[str, str | None]]:
    return {unit.id: (unit.name, unit.parent) for unit in result.org.units}


def test_a_board_of_the_top_posts_keeps_them_and_its_members_lead_their_directorates(
    imported: dict[str, Imported],
) -> None:
    """HM Treasury puts its permanent secretaries and directors general in 'Board Ministerial and Communications'."""
    hmt = imported["hmt"]
    positions, units = _positions(hmt), _units(hmt)
    board = "board-ministerial-and-communications"
    assert {p.id for p in positions.values() if p.unit == board} == {"19678", "23164", "23165", "19575"}
    assert not any(parent == board for _, parent in units.values())
    assert units[positions["24042"].unit] == ("Tax and Welfare", None)  # Director General, Tax and Welfare
    under = {name for name, parent in units.values() if parent == positions["24042"].unit}
    assert under == {
        "Business and International Tax",
        "Personal Tax, Welfare and Pensions",
        "Strategy, Planning and  Budget",
    }
    assert units[positions["24043"].unit] == ("Public Spending", None)  # the unit its title names
    assert units[positions["24775"].unit] == ("Financial Services", None)
    assert len(_notes(hmt, "committee")) == 1


def test_a_management_group_named_by_its_initials_is_a_committee_too() -> None:
    """DFID's 'TMG' (September 2014): each director general is placed in the directorate their line is in."""
    dfid = import_org(_sheets("department_for_international_development-2014-09-30", HISTORY))
    positions, units = _positions(dfid), _units(dfid)
    placed = {post: units[positions[post].unit][0] for post in ("A2", "A5", "A7", "A8")}
    assert placed == {
        "A2": "Corporate Performance",
        "A5": "Country Programmes",
        "A7": "Policy & International",
        "A8": "Economic Development",
    }
    assert {p.id for p in positions.values() if p.unit == "tmg"} == {"A1", "B125"}
    assert not any(parent == "tmg" for _, parent in units.values())


def test_directors_in_a_committee_unit_head_the_units_their_junior_staff_sit_in(tmp_path: Path) -> None:
    """Science Museum Group's senior sheet with every post's Unit written 'Executive Board', as committee-style
    organograms write it; the junior sheet unchanged, its own units telling the directorates."""
    senior, junior = _sheets(BODIES["smg"])
    rows = list(csv.reader(senior.open(encoding="utf-8", newline="")))
    unit = rows[0].index("Unit")
    for row in rows[1:]:
        row[unit] = "Executive Board"
    written = tmp_path / "smg-board-senior.csv"
    with written.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    result = import_org([written, junior], "uk-organogram")
    positions, units = _positions(result), _units(result)
    home = {post: units[positions[post].unit][0] for post in ("1", "2", "3", "12", "13", "16")}
    assert home == {
        "1": "Finance",
        "2": "National Railway Museum",
        "3": "HR & ICT",
        "12": "Science Museum",  # the unit its title names, though four of its junior rows sit in HR & ICT
        "13": "External Affairs",
        "16": "SCMG Enterprises",  # the chief operating officer, over finance and HR, with a unit of its own
    }
    assert units["finance"][1] == units["hr-ict"][1] == "scmg-enterprises"
    assert [p.id for p in positions.values() if p.unit == "executive-board" and not p.abolished] == ["6"]
    assert not any(parent == "executive-board" for _, parent in units.values())


def test_a_unit_named_as_an_office_or_holding_no_line_heads_is_no_committee(imported: dict[str, Imported]) -> None:
    smg, uksa = imported["smg"], imported["uksa"]
    assert not _notes(smg, "committee") and not _notes(
        uksa, "committee"
    )  # "Director's Office", "UK Statistics Authority"
    assert _units(smg)["finance"] == ("Finance", "scmg-enterprises")


# --- units left by abolished posts -----------------------------------------------------------------------------


def test_a_unit_left_only_by_abolished_posts_gets_no_finding_and_no_drawing(imported: dict[str, Imported]) -> None:
    """Science Museum Group's Corporate Services holds only its eliminated Acting Director."""
    from orgdiag.diagnosis import diagnose
    from orgdiag.render.dot import diagram

    smg = imported["smg"].org
    assert "corporate-services" in {unit.id for unit in smg.units}  # kept in the file, as history
    result = diagnose(smg)
    assert not [f for f in result.findings if f.subject == "corporate-services"]
    assert "corporate-services" not in (result.coverage.units if result.coverage else {})
    drawn = diagram(smg, result.findings).source
    assert "Corporate Services" not in drawn and "Masterplan and Estates" in drawn


@pytest.mark.parametrize(
    ("floor", "ceiling"),
    [("-5", "124999"), ("120000", "1e400"), ("inf", "inf"), ("120000", "9" * 25)],
    ids=["negative", "overflowing", "infinite", "beyond-a-trillion"],
)
def test_pay_that_is_no_amount_of_money_is_not_used_and_the_report_says_so(
    tmp_path: Path, floor: str, ceiling: str
) -> None:
    def mistype(rows: list[dict[str, str]]) -> None:
        rows[0].update({"Actual Pay Floor (£)": floor, "Actual Pay Ceiling (£)": ceiling})

    edited = _passenger_focus_edited(tmp_path, mistype)
    post = edited.org.positions[0]
    assert post.pay is None
    notes = [note.message for note in edited.report.notes if note.kind == "withheld"]
    assert any(
        f"pay not used on 1 row ('{floor}-{ceiling}'): not a positive amount" in n and post.id in n for n in notes
    )


@pytest.mark.parametrize("fte", ["inf", "nan", "1e400", "-1"])
def test_junior_fte_that_is_no_number_of_people_is_a_row_not_used_named_with_its_value(
    tmp_path: Path, fte: str
) -> None:
    senior, junior = _sheets("Organogram-Government-staff-and-salary-data-Passenger-Focus---September-2013-FINAL")
    rows = list(csv.DictReader(junior.open(encoding="utf-8", newline="")))
    rows[0]["Number of Posts in FTE"] = fte
    with (tmp_path / "pf-junior.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    shutil.copy(senior, tmp_path / "pf-senior.csv")
    result = import_org([tmp_path / "pf-senior.csv", tmp_path / "pf-junior.csv"], "uk-organogram")
    assert [(row.line, row.why) for row in result.report.not_used] == [(2, f"'{fte}' FTE is not a positive number")]
    counted = sum(staff.fte for position in result.org.positions for staff in position.staff)
    assert counted == pytest.approx(sum(float(row["Number of Posts in FTE"]) for row in rows[1:]))  # the rest, whole
