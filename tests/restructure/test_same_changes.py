"""Restructuring gives the same changes and findings as the version recorded in same-changes/, on the demo,
every hand-written fixture and a synthetic organisation of 25,000 positions: a faster restructuring must not be
a different one.

Each case's whole ``changes.json`` (every change, its parameters, edits and finding, what was not applied and
why, the findings resolved, remaining and introduced, the differences), as ``orgdiag restructure`` writes it, is
kept in ``same-changes/<case>.json`` (about 1 MB in all, the synthetic organisation's 0.4 MB of it); a difference
fails with a unified diff of the two. When a change of behaviour is intended, record them anew and say why in
the commit:

    .venv/bin/python tests/restructure/test_same_changes.py record
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

from orgdiag import load, load_org, restructure
from orgdiag.orgfile import parse_org
from orgdiag.render.compare import changes_data
from orgdiag.render.outputs import json_text
from orgdiag.restructuring.results import Restructuring
from orgdiag.synth import synthesize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, when this file runs as a script
from rulecases import rule_cases  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RECORDED = Path(__file__).with_name("same-changes")
SYNTHETIC = {"synth/25000-1": (25_000, 1)}
RULE_CASES = {f"fixtures/{name}.yaml": case for name, case in rule_cases()}


def fixture_paths() -> list[str]:
    """The demo's and healthy org files under fixtures/, and every rule's case by the path its file had
    (fixtures/rules/<slug>/<case>.yaml), as recorded."""
    return sorted(
        [
            *(
                str(path.relative_to(ROOT))
                for folder in ("demo", "healthy")
                for path in (ROOT / "fixtures" / folder).rglob("*.yaml")
                if not path.name.endswith(".expected.yaml")
            ),
            *RULE_CASES,
        ]
    )


def changes_json(result: Restructuring) -> str:
    """The restructuring's changes.json, as ``orgdiag restructure --out`` writes it."""
    return json_text(changes_data(result))


def restructured(case: str) -> Restructuring:
    if case in SYNTHETIC:
        positions, seed = SYNTHETIC[case]
        return restructure(load(synthesize(positions, seed=seed).data))
    if case in RULE_CASES:
        return restructure(parse_org(RULE_CASES[case].org, case))
    return restructure(load_org(ROOT / case))


def recorded_file(case: str) -> Path:
    """Where a case's changes.json is kept: ``fixtures/rules/x/y.yaml`` in ``same-changes/fixtures/rules/x/y.json``."""
    return RECORDED / Path(case).with_suffix(".json")


def every_case() -> list[str]:
    return [*fixture_paths(), *sorted(SYNTHETIC)]


def test_every_case_is_recorded_and_every_record_a_case() -> None:
    recorded = sorted(path.relative_to(RECORDED) for path in RECORDED.rglob("*.json"))
    assert recorded == sorted(recorded_file(case).relative_to(RECORDED) for case in every_case())


@pytest.mark.slow
@pytest.mark.parametrize("case", fixture_paths())
def test_a_fixture_restructures_as_recorded(case: str) -> None:
    assert_as_recorded(case)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(SYNTHETIC))
def test_a_synthetic_organisation_restructures_as_recorded(case: str) -> None:
    assert_as_recorded(case)


def assert_as_recorded(case: str, most: int = 400) -> None:
    """Fail with a unified diff (its first ``most`` lines) when the case's changes.json is not the recorded one."""
    recorded = recorded_file(case).read_bytes().decode("utf-8")
    now = changes_json(restructured(case))
    if now != recorded:
        diff = list(difflib.unified_diff(recorded.splitlines(True), now.splitlines(True), "recorded", "now"))
        more = f"… and {len(diff) - most} lines more\n" if len(diff) > most else ""
        pytest.fail(f"{case} restructures otherwise than recorded:\n{''.join(diff[:most])}{more}", pytrace=False)


def record() -> None:
    for stale in RECORDED.rglob("*.json"):
        stale.unlink()
    for case in every_case():
        path = recorded_file(case)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(changes_json(restructured(case)).encode("utf-8"))


if __name__ == "__main__" and sys.argv[1:] == ["record"]:
    record()
