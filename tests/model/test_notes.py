"""What exports write beside titles, read from the words of orgdiag/model/notes.yaml: the marks notes and titles
make, the placeholders of withheld values, the notes that make a paybill of 0 none, and committees' names. The
notes and titles are real ones (fixtures/real/: the bodies rules may be tuned on, and the older organograms)."""

from __future__ import annotations

import pytest

from orgdiag.model import POST_MARKS
from orgdiag.model.notes import is_vacant, is_withheld, marks_in, names_a_committee, paybill_elsewhere, vocabulary


@pytest.mark.parametrize(
    ("notes", "marks"),
    [
        ("Richard Pereira is on T/P to cover Ben Humberstones secondment to Cabinet Office", ("acting", "secondment")),
        ("Mark Pont is on TP, replacing Richard Laux", ("acting",)),
        ("Temporary assignment until mid November", ("acting",)),
        ("This post is filled by a Contractor on a temporary basis.", ("acting", "interim")),
        ("Currently on secondment to Cabinet Office", ("secondment",)),
        ("Interim post", ("interim",)),
        ("Post not graded Job Share", ("job-share",)),
        ("Not a Civil Servant.  English Heritage Band 1 equates approximately to SCS2", ()),
        ("Split Job 0.5 FTE", ()),
        ("Salaries of staff at SCS1 or equivalent are not disclosed", ()),
        ("This role is fixed term until December 2013 when it will cease to exist", ()),
        ("Works Part-Time", ()),
        ("On maternity leave until March; covered by an interim", ("interim", "leave")),
        ("Providing maternity leave cover", ("interim",)),  # the holder covers someone's leave (Home Office)
        ("Not an actual post: carries the staff of the Private Office pool", ("pool", "not-a-post")),
    ],
)
def test_notes_make_the_marks_they_state(notes: str, marks: tuple[str, ...]) -> None:
    assert marks_in(notes) == marks


@pytest.mark.parametrize(
    ("title", "marks"),
    [
        ("Acting Director East and Central Africa", ("acting",)),
        ("Director General - Policy and Global Programmes (Acting)", ("acting",)),
        ("(Acting) Procurement Dept and Head of Profession", ("acting",)),
        ("Temp Director Policy and Operations", ("acting",)),
        ("Interim Head of Human Development Department", ("interim",)),
        ("Co-Head of Markets. (Job Share & Non-SCS post with equivalent level of responsibility)", ("job-share",)),
        ("Director of Contracting Services", ()),
        ("Head of Agency Relations", ()),  # an agency in a title is no agency cover
        ("Director of Telecommunications and Pooled Services", ()),
        ("Board of the UK Statistics Authority", ("not-a-post",)),  # the governing body, no manager
        ("Main Board", ("not-a-post",)),
        ("Board Secretary", ()),
        ("Secretary to the Board", ()),
        ("Board of Trustees Chair", ()),
    ],
)
def test_titles_mark_fewer(title: str, marks: tuple[str, ...]) -> None:
    assert marks_in(title, "titles") == marks


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        (
            "Dual reporting to COO and Director of Village and Commercial, leads the provision of legal services",
            ("dual-reporting",),
        ),
        (
            "ONR operates on matrix management with SCS having leadership roles in both parts of the matrix",
            ("dual-reporting",),
        ),
        ("Covering the north region, temporary works and interim reporting", ()),  # job text names no acting or interim
        ("Reports to the Director of Finance on the annual accounts", ()),
    ],
)
def test_job_text_makes_only_the_marks_whose_words_are_safe_there(text: str, marks: tuple[str, ...]) -> None:
    assert marks_in(text, "function") == marks


def test_every_mark_has_words_for_notes_and_only_marks_the_model_knows() -> None:
    marks = vocabulary()["marks"]
    assert isinstance(marks, dict)
    assert list(marks) == list(POST_MARKS)
    assert all(marks[mark]["notes"] for mark in POST_MARKS)


@pytest.mark.parametrize(
    "value", ["N/D", "ND", "n/d", "N/A", "n/a", "Not disclosed", "Not Disclosed", "Not Applicable", "-"]
)
def test_every_real_spelling_of_not_disclosed_is_withheld(value: str) -> None:
    assert is_withheld(value) and is_withheld(f" {value} ")


@pytest.mark.parametrize("value", ["Andy Nd", "Ned", "Sandy Stewart", "Not In Post", "0"])
def test_a_name_is_not_withheld(value: str) -> None:
    assert not is_withheld(value)


def test_vacant_names() -> None:
    assert all(is_vacant(value) for value in ("Vacant", "VACANT", "Vacancy", "vacant post"))
    assert not is_vacant("Vacant Jones") and not is_vacant("N/D")


@pytest.mark.parametrize(
    ("notes", "elsewhere"),
    [
        ("Own and team salary costs shown under FDGO", True),
        (
            "As this post has fewer than five direct reports the cost of reports has been included in those of post",
            True,
        ),
        ("Salary cost of reports merged with Science Museum", True),
        ("Not disclosed - Less than 5 staff (amount not shown against anyone)", True),
        ("Part Time 0.9 FTE", False),
        ("Includes direct reports SCS1s", False),
    ],
)
def test_notes_that_make_a_paybill_of_0_none(notes: str, elsewhere: bool) -> None:
    assert paybill_elsewhere(notes) is elsewhere


@pytest.mark.parametrize(
    ("name", "committee"),
    [
        ("Executive Board", True),
        ("Executive Committee", True),
        ("Senior Management Team", True),
        ("Management Board", True),
        ("Board", True),
        ("Directors", True),
        ("Executive Team", True),
        ("TMG", True),
        ("Board Ministerial and Communications", True),
        ("Directors Office Fiscal", False),
        ("Director's Office", False),
        ("Chief Executive's Office", False),
        ("Executive office", False),
        ("Board Secretariat", False),
        ("Directorate", False),
        ("Communications Directorate", False),
        ("Inquiry Teams", False),
    ],
)
def test_committee_names(name: str, committee: bool) -> None:
    assert names_a_committee(name) is committee
