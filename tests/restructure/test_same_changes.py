"""Restructuring gives the same changes and findings as the version recorded in same-changes.json, on the demo,
every hand-written fixture and a synthetic organisation of 25,000 positions: a faster restructuring must not be
a different one.

Each case's whole ``changes.json`` (every change, its parameters, edits and finding, what was not applied and
why, the findings resolved, remaining and introduced, the differences) is kept as its sha256. When a change of
behaviour is intended, record them anew and say why in the commit:

    .venv/bin/python tests/restructure/test_same_changes.py record
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from orgdiag import load, load_org, restructure
from orgdiag.orgfile import parse_org
from orgdiag.render.compare import changes_data
from orgdiag.restructuring.results import Restructuring
from orgdiag.synth import synthesize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, when this file runs as a script
from rulecases import rule_cases  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RECORDED = Path(__file__).with_name("same-changes.json")
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


def digest(result: Restructuring) -> str:
    text = json.dumps(changes_data(result), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def restructured(case: str) -> Restructuring:
    if case in SYNTHETIC:
        positions, seed = SYNTHETIC[case]
        return restructure(load(synthesize(positions, seed=seed).data))
    if case in RULE_CASES:
        return restructure(parse_org(RULE_CASES[case].org, case))
    return restructure(load_org(ROOT / case))


def recorded() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(RECORDED.read_text(encoding="utf-8"))
    return data


def test_every_fixture_is_recorded() -> None:
    assert sorted(recorded()["fixtures"]) == fixture_paths()


@pytest.mark.parametrize("case", fixture_paths())
def test_a_fixture_restructures_as_recorded(case: str) -> None:
    assert digest(restructured(case)) == recorded()["fixtures"][case]


@pytest.mark.parametrize("case", sorted(SYNTHETIC))
def test_a_synthetic_organisation_restructures_as_recorded(case: str) -> None:
    assert digest(restructured(case)) == recorded()["synthetic"][case]


def record() -> None:
    data = {
        "fixtures": {case: digest(restructured(case)) for case in fixture_paths()},
        "synthetic": {case: digest(restructured(case)) for case in sorted(SYNTHETIC)},
    }
    RECORDED.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["record"]:
    record()
