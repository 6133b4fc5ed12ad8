"""What differs between two organisations: a change to an element's place moves it, any other change changes it."""

from __future__ import annotations

from orgdiag.model import OrgFile
from orgdiag.restructuring.diff import diff_orgs

BEFORE = OrgFile.model_validate(
    {
        "organisation": {"name": "X"},
        "units": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C", "parent": "a"}],
        "positions": [{"id": "p", "title": "P", "unit": "a"}, {"id": "q", "title": "Q", "unit": "b"}],
        "agencies": [{"id": "g", "name": "G", "contracted_by": "a", "contact": "p"}],
    }
)


def _differences(**sections: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return [(d.mark, d.element, d.text) for d in diff_orgs(BEFORE, BEFORE.model_copy(update=sections))]


def test_a_new_place_moves_an_element_and_a_new_contact_changes_it() -> None:
    p, q = BEFORE.positions
    assert _differences(
        positions=[p.model_copy(update={"unit": "b"}), q],
        agencies=[BEFORE.agencies[0].model_copy(update={"contact": "q"})],
    ) == [("moved", "p", "position P (p): unit a → b"), ("changed", "g", "agency G (g): contact p → q")]


def test_a_unit_whose_people_all_went_to_one_unit_was_merged_into_it() -> None:
    a, b, c = BEFORE.units
    p, q = BEFORE.positions
    marks = {(mark, element) for mark, element, _ in _differences(
        units=[a, c], positions=[p, q.model_copy(update={"unit": "a"})]
    )}  # fmt: skip
    assert ("merged", "a") in marks and ("removed", "b") in marks


def test_the_same_organisation_has_no_differences() -> None:
    assert diff_orgs(BEFORE, BEFORE) == ()
