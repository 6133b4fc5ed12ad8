"""Matching posts between two snapshots: by id, else by title, unit and holder; never by a guess between several."""

from __future__ import annotations

from typing import Any

import pytest

from orgdiag.model import OrgFile
from orgdiag.over_time.match import match_posts, posts_of


def org(*positions: dict[str, Any]) -> OrgFile:
    units = [{"id": "web", "name": "Web"}, {"id": "brand", "name": "Brand & campaign"}]
    return OrgFile.model_validate({"organisation": {"name": "X"}, "units": units, "positions": list(positions)})


def matched(before: OrgFile, after: OrgFile) -> dict[str, tuple[str, str, str]]:
    return {
        post: (m.earlier, m.how, m.confidence) for post, m in match_posts(posts_of(before), posts_of(after)).items()
    }


CEO = {"id": "1", "title": "CEO", "holder": "Ann Berg"}


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        pytest.param(
            {"id": "7", "title": "Head of Web", "unit": "web", "reports_to": "1", "holder": "Elin Sjö"},
            {"id": "P-104", "title": "Head of web", "unit": "web", "reports_to": "1", "holder": "Sjö, Elin"},
            ("7", "title, unit and holder", "high"),
            id="renumbered-post-by-title-unit-and-holder-name-order-and-case-ignored",
        ),
        pytest.param(
            {"id": "7", "title": "Head of Web", "unit": "web", "holder": "Elin Sjö"},
            {"id": "8", "title": "Head of Web", "unit": "brand", "holder": "Elin Sjö"},
            ("7", "title and holder", "medium"),
            id="moved-to-another-unit",
        ),
        pytest.param(
            {"id": "7", "title": "Acting Director Western Asia", "unit": "web", "holder": "Pauline Hayes"},
            {
                "id": "A41",
                "title": "Director, Western Asia Division (acting)",
                "unit": "web",
                "holder": "Hayes Pauline",
            },
            ("7", "holder and a similar title", "medium"),
            id="regraded-renumbered-and-retitled",
        ),
        pytest.param(
            {"id": "7", "title": "Director - Communications", "unit": "web", "holder": "James Helm"},
            {"id": "9", "title": "Director, Communications", "unit": "web", "vacant": True},
            ("7", "title and unit", "medium"),
            id="the-holder-left-and-the-post-is-vacant",
        ),
        pytest.param(
            {"id": "7", "title": "Head of Web"},
            {"id": "7", "title": "Chief Scientist"},
            ("7", "id (title and holder changed)", "low"),
            id="an-id-given-to-another-post-is-matched-with-low-confidence",
        ),
    ],
)
def test_a_post_is_found_again(earlier: dict[str, Any], later: dict[str, Any], expected: tuple[str, str, str]) -> None:
    found = matched(org(CEO, earlier), org(CEO, later))
    assert found[later["id"]] == expected
    assert found["1"] == ("1", "id", "high")


def test_two_posts_with_one_title_are_not_matched_by_a_guess() -> None:
    developer = {"title": "Developer", "unit": "web"}
    before = org(CEO, {"id": "a", **developer}, {"id": "b", **developer})
    after = org(CEO, {"id": "x", **developer}, {"id": "y", **developer})
    assert set(matched(before, after)) == {"1"}


def test_a_different_post_of_the_same_person_is_not_the_post_she_left() -> None:
    before = org(CEO, {"id": "b106", "title": "Director Stabilisation Unit", "holder": "Lindy Cameron"})
    after = org(CEO, {"id": "a43", "title": "Director Middle East and Humanitarian", "holder": "Lindy Cameron"})
    assert "a43" not in matched(before, after)


def test_abolished_posts_are_not_matched() -> None:
    before = org(CEO, {"id": "7", "title": "Head of Web", "unit": "web", "reports_to": "1", "abolished": True})
    after = org(CEO, {"id": "8", "title": "Head of Web", "unit": "web", "reports_to": "1"})
    assert "8" not in matched(before, after)
