"""Loops in the unit tree and the reporting lines: every cycle found, once, starting at its smallest id, whatever
order the file lists the elements in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from orgdiag.orgfile.references import find_cycles

NODES = [f"n{i}" for i in range(12)]


def _cycles_by_walking_from_every_node(parent_of: dict[str, str | None]) -> list[list[str]]:
    cycles = set()
    for start in parent_of:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent_of and node not in walk:
            walk.append(node)
            node = parent_of[node]
        if node is not None and node in walk:
            cycle = walk[walk.index(node) :]
            smallest = cycle.index(min(cycle))
            cycles.add(tuple(cycle[smallest:] + cycle[:smallest]))
    return sorted(map(list, cycles))


@given(
    st.lists(st.sampled_from(NODES), unique=True, min_size=1).flatmap(
        lambda nodes: st.fixed_dictionaries(
            {node: st.sampled_from([*nodes, None, "outside"]) for node in nodes}  # "outside": a dangling name
        )
    )
)
def test_every_cycle_is_found_once_from_its_smallest_id(parent_of: dict[str, str | None]) -> None:
    assert find_cycles(parent_of) == _cycles_by_walking_from_every_node(parent_of)


def test_a_forest_listed_reports_first_has_no_cycle() -> None:
    parent_of: dict[str, str | None] = {f"p{i}": f"p{i // 3}" if i else None for i in range(300)}
    reversed_order = dict(reversed(parent_of.items()))
    assert find_cycles(parent_of) == find_cycles(reversed_order) == []
