"""model.tree walks every tree of the organisation: up, down, depths and roll-ups, finite on loops, built once."""

from __future__ import annotations

import gc

import pytest

from orgdiag.model import OrgFile
from orgdiag.model.links import home_units, live_lines, live_managers
from orgdiag.model.tree import Tree, below, depths, reporting_lines, unit_tree

#: hq ─ sales ─ north ─ north-east
#:    └ it
PARENTS: dict[str, str | None] = {"hq": None, "sales": "hq", "north": "sales", "north-east": "north", "it": "hq"}
#: a loop of three (a → b → c → a), with d hanging below it and e on its own
LOOP: dict[str, str | None] = {"a": "b", "b": "c", "c": "a", "d": "a", "e": None}


def test_ancestors_run_nearest_first_to_the_top() -> None:
    tree = Tree(PARENTS)
    assert list(tree.ancestors("north-east")) == ["north", "sales", "hq"]
    assert list(tree.ancestors("hq")) == []
    assert list(tree.ancestors("nowhere")) == []
    assert tree.top("north-east") == "hq" and tree.top("hq") == "hq"


def test_a_parent_without_an_entry_is_a_top() -> None:
    tree = Tree({"team": "dept"})
    assert list(tree.ancestors("team")) == ["dept"]
    assert tree.depth == {"dept": 0, "team": 1}
    assert tree.roll_up({"team": 2, "dept": 1}) == {"team": 2, "dept": 3}


def test_within_is_the_node_itself_or_below_it() -> None:
    tree = Tree(PARENTS)
    assert tree.within("north-east", "sales") and tree.within("sales", "sales")
    assert not tree.within("it", "sales") and not tree.within("hq", "sales") and not tree.within(None, "hq")


def test_descendants_are_every_node_below_each_once() -> None:
    tree = Tree(PARENTS)
    assert sorted(tree.descendants("hq")) == ["it", "north", "north-east", "sales"]
    assert tree.descendants("north-east") == [] and tree.descendants("nowhere") == []
    assert sorted(tree.descendants("hq", levels=1)) == ["it", "sales"]
    assert tree.descendants("hq", levels=0) == []


def test_below_walks_a_tree_held_as_children() -> None:
    children = {"hq": ["sales", "it"], "sales": ["north"]}
    assert below("hq", lambda parent: children.get(parent, [])) == ["sales", "it", "north"]


def test_depths_count_the_ancestors() -> None:
    assert Tree(PARENTS).depth == {"hq": 0, "sales": 1, "north": 2, "north-east": 3, "it": 1}
    assert depths(["north-east"], PARENTS) == {"hq": 0, "sales": 1, "north": 2, "north-east": 3}


def test_roll_up_adds_each_value_over_the_subtree() -> None:
    totals = Tree(PARENTS).roll_up({"hq": 1, "sales": 2, "north": 4, "north-east": 8, "it": 16})
    assert totals == {"hq": 31, "sales": 14, "north": 12, "north-east": 8, "it": 16}
    assert Tree(PARENTS).roll_up({"north": 0.5, "it": 0.25})["hq"] == 0.75


def test_every_walk_stays_finite_on_a_loop() -> None:
    tree = Tree(LOOP)
    assert list(tree.ancestors("d")) == ["a", "b", "c"]
    assert list(tree.ancestors("a")) == ["b", "c"]
    assert tree.top("d") == "c"
    assert not tree.within("a", "e") and tree.within("d", "c")
    assert sorted(tree.descendants("a")) == ["b", "c", "d"]
    assert set(tree.depth) == set(LOOP) and max(tree.depth.values()) < len(LOOP)
    totals = tree.roll_up(dict.fromkeys(LOOP, 1))
    assert totals["d"] == 1 and totals["e"] == 1
    assert sum(totals.values()) < 100  # each node is added into its parent once: the loop is not gone round again


def test_a_self_loop_is_its_own_top() -> None:
    tree = Tree({"x": "x"})
    assert list(tree.ancestors("x")) == [] and tree.top("x") == "x" and tree.descendants("x") == []


def _org() -> OrgFile:
    return OrgFile.model_validate(
        {
            "organisation": {"name": "X"},
            "units": [{"id": "hq", "name": "HQ"}, {"id": "ops", "name": "Ops", "parent": "hq"}],
            "positions": [
                {"id": "ceo", "title": "CEO", "unit": "hq"},
                {"id": "old", "title": "Director", "reports_to": "ceo", "abolished": True},
                {"id": "lead", "title": "Lead", "unit": "ops", "reports_to": "old"},
                {"id": "pa", "title": "PA", "reports_to": "lead"},
            ],
        }
    )


def test_the_index_of_an_organisation_is_built_once_and_kept_while_it_lives() -> None:
    org = _org()
    assert unit_tree(org) is unit_tree(org) and reporting_lines(org) is reporting_lines(org)
    assert live_lines(org) is live_lines(org)
    assert unit_tree(org).depth == {"hq": 0, "ops": 1}
    assert list(reporting_lines(org).ancestors("pa")) == ["lead", "old", "ceo"]
    assert live_lines(org).depth == {"ceo": 0, "lead": 1, "pa": 2}
    assert unit_tree(_org()) is not unit_tree(org)  # another organisation, even an equal one, has its own


def test_a_kept_index_goes_with_its_organisation() -> None:
    org = _org()
    tree = unit_tree(org)
    del org
    gc.collect()
    assert unit_tree(_org()) is not tree


def test_the_links_walk_the_lines_with_the_tree() -> None:
    org = _org()
    assert live_managers(org) == {"ceo": None, "lead": "ceo", "pa": "lead"}
    assert home_units(org)["pa"] == "ops"


@pytest.mark.parametrize("size", [1, 2_000])
def test_a_long_chain_is_walked_without_recursion(size: int) -> None:
    chain = {f"n{i}": f"n{i - 1}" if i else None for i in range(size)}
    tree = Tree(chain)
    assert tree.depth[f"n{size - 1}"] == size - 1
    assert len(tree.descendants("n0")) == size - 1
    assert tree.roll_up(dict.fromkeys(chain, 1))["n0"] == size
