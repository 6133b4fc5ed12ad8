"""An overlay's references (issue 28, item 7): one that names nothing is answered with the nearest candidates, one
that names several is reported as ambiguous with its matches; a label as orgdiag writes it ("IT (it)") is found."""

from __future__ import annotations

import pytest

from orgdiag.importers import import_org
from orgdiag.problems import InputError

from conftest import FIXTURES

ORACLE = FIXTURES / "real" / "d3-org-chart" / "data-oracle.csv"


def _problems(tmp_path, overlay: str) -> list[tuple[int | None, str, tuple[str, ...]]]:
    path = tmp_path / "overlay.yaml"
    path.write_text(overlay, encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_org([ORACLE], "d3-org-chart", path)
    return [(p.line, p.message, p.ids) for p in error.value.problems]


def test_a_reference_that_names_nothing_lists_the_nearest_candidates(tmp_path) -> None:
    overlay = "channels:\n  - {id: web, kind: web, owner: Marketting}\n"
    [(line, message, ids)] = _problems(tmp_path, overlay)
    assert line == 2
    assert message == "'Marketting' is neither the id nor the name of any unit; nearest: Marketing (marketing)"
    assert ids == ("Marketting", "marketing")


def test_an_entry_that_finds_no_post_lists_the_nearest_titles(tmp_path) -> None:
    [(line, message, _)] = _problems(tmp_path, "positions:\n  - {title: Marketing Manger, role: strategist}\n")
    assert line == 2
    assert message.startswith(
        "no position of the organisation has title 'Marketing Manger'; nearest: Marketing Manager, "
    )


def test_a_reference_that_names_several_posts_is_ambiguous_and_lists_them(tmp_path) -> None:
    overlay = "channels:\n  - {id: web, kind: web, owner: IT}\napprovals:\n  - {channel: web, steps: [Programmer]}\n"
    [(line, message, ids)] = _problems(tmp_path, overlay)
    assert line == 4
    assert message.startswith("'Programmer' is ambiguous: it names 5 positions: Programmer, Alexander Hunold (103); ")
    assert message.endswith("; give the id")
    assert ids == ("Programmer", "103", "104", "105", "106", "107")


def test_a_reference_may_be_a_label_as_orgdiag_writes_it(tmp_path) -> None:
    path = tmp_path / "overlay.yaml"
    path.write_text(
        "channels:\n  - {id: web, kind: web, owner: IT (it)}\n"
        "approvals:\n  - {channel: web, steps: ['Programmer, Alexander Hunold (103)']}\n",
        encoding="utf-8",
    )
    org = import_org([ORACLE], "d3-org-chart", path).org
    assert [c.owner for c in org.channels if c.id == "web"] == ["it"]
    assert org.approvals[0].steps == ["103"]


def test_a_label_whose_name_is_not_its_ids_is_no_match(tmp_path) -> None:
    [(_, message, _)] = _problems(tmp_path, "channels:\n  - {id: web, kind: web, owner: Sales (it)}\n")
    assert message.startswith("'Sales (it)' is neither the id nor the name of any unit")
