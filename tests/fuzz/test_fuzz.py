"""The fuzzing suite: every kind of input, mutated and generated (tests/fuzz/cases.py), through the command line.

`make test` runs a few cases of each kind (ORGDIAG_FUZZ_EXAMPLES, 15 by default); `make fuzz` runs 700 of
each, more than 10,000 in all, and writes their summary to benchmarks/results/fuzz.md
(ORGDIAG_FUZZ_SUMMARY). A failure names the command and prints the files that made it; hypothesis shrinks it
to the smallest such input first.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.cases import CASES, TALLY, Case, run_case

EXAMPLES = int(os.environ.get("ORGDIAG_FUZZ_EXAMPLES", "15"))
SUMMARY = os.environ.get("ORGDIAG_FUZZ_SUMMARY")


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    yield
    if SUMMARY:
        Path(SUMMARY).write_text(TALLY.markdown(EXAMPLES), encoding="utf-8")


@pytest.mark.parametrize("kind", list(CASES))
def test_any_input_ends_in_a_result_or_a_located_message(kind: str) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(case=CASES[kind], seed=st.integers(0, 10))
    def run(case: Case, seed: int) -> None:
        with tempfile.TemporaryDirectory(prefix="orgdiag-fuzz-") as folder:
            run_case(case, Path(folder))

    run()
