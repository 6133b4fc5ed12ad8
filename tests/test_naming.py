"""orgdiag.naming: one label, one plural, one slug and one date recogniser, for every layer."""

from __future__ import annotations

from datetime import date

import pytest

from orgdiag.naming import counted, date_in_name, element_label, plural, slug
from orgdiag.over_time.dates import SnapshotDate, date_in


def test_an_element_is_labelled_by_its_name_and_id() -> None:
    assert element_label("Marknadschef", "cmo") == "Marknadschef (cmo)"


@pytest.mark.parametrize(("count", "expected"), [(0, "findings"), (1, "finding"), (2, "findings"), (1.5, "findings")])
def test_a_word_is_plural_for_any_count_but_one(count: float, expected: str) -> None:
    assert plural("finding", count) == expected


def test_a_count_is_written_with_thousands_separators() -> None:
    assert counted(1, "post") == "1 post" and counted(100_000, "position") == "100,000 positions"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kundtjänst & Sociala medier", "kundtjanst-sociala-medier"),
        ("Åsa Öberg", "asa-oberg"),
        ("Head of marketing", "head-of-marketing"),
        ("  Team_lead  ", "team-lead"),
        ("ß", ""),
    ],
)
def test_a_slug_is_ascii_letters_and_digits_joined_by_hyphens(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("name", "written", "day", "precision"),
    [
        ("dfid-2011-03-31-senior", "2011-03-31", date(2011, 3, 31), "day"),
        ("report-31-03-2011", "31-03-2011", date(2011, 3, 31), "day"),
        ("31.03.2011", "31.03.2011", date(2011, 3, 31), "day"),
        ("Mar-11", "Mar-11", date(2011, 3, 31), "month"),
        ("DMO-Organogram-disclosure---Sept-2013-junior", "Sept-2013", date(2013, 9, 30), "month"),
        ("March 2015", "March 2015", date(2015, 3, 31), "month"),
        ("dfid-2014-09", "2014-09", date(2014, 9, 30), "month"),
    ],
)
def test_the_dates_the_docs_name_are_recognised(name: str, written: str, day: date, precision: str) -> None:
    found = date_in_name(name)
    assert found is not None and (found.text, found.day, found.precision) == (written, day, precision)


@pytest.mark.parametrize("name", ["proposal", "300913-HSE-Organogram-ver1", "Summary-2013", "2011-13-01", "Feb-1850"])
def test_no_date_is_read_where_none_is_stated(name: str) -> None:
    assert date_in_name(name) is None


def test_history_reads_its_dates_with_the_same_recogniser() -> None:
    for name in ("dfid-2011-03-31-senior", "Sep-11", "2014-09", "proposal"):
        found = date_in_name(name)
        assert date_in(name) == (SnapshotDate(found.day, found.precision) if found else None)
