"""Every kind of output orgdiag writes is as recorded in tests/snapshot/outputs/ (see outputs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from outputs import RECORDED, cases, differences, recorded, recorded_file, snapshot

CASES = cases()


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_are_as_recorded(case: str, tmp_path: Path) -> None:
    assert recorded_file(case).exists(), (
        f"{case} is not recorded: .venv/bin/python tests/snapshot/outputs.py record {case}"
    )
    diff = differences(recorded(case), snapshot(CASES[case], tmp_path))
    if diff:
        pytest.fail(
            f"outputs of {case} differ from the recorded ones; if intended, record them anew "
            f"(.venv/bin/python tests/snapshot/outputs.py record {case}):\n{diff}",
            pytrace=False,
        )


def test_every_recorded_case_is_a_case() -> None:
    kept = {path.relative_to(RECORDED).with_suffix("").as_posix() for path in RECORDED.rglob("*.txt")}
    assert sorted(kept - CASES.keys()) == []
