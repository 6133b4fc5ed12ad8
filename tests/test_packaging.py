"""`pip install .` gives a working orgdiag: the wheel carries the rules, the lexicon and the demo org."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

#: A wheel built by pip and the demo run from it.
pytestmark = pytest.mark.slow


def test_the_wheel_carries_what_orgdiag_needs_and_runs_the_demo(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("orgdiag-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    rules = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert {f"orgdiag/_bundled/rules/{name}" for name in rules} <= names
    assert {"orgdiag/_bundled/demo.yaml", "orgdiag/model/lexicon.yaml", "orgdiag/cli/main.py"} <= names
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    code = "import orgdiag, sys; from orgdiag.cli import main; print(orgdiag.__file__, file=sys.stderr); main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "demo", "--out", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert str(tmp_path / "site") in done.stderr  # the wheel's copy ran, not the checkout
    assert "29 findings" in done.stdout
    assert (tmp_path / "demo" / "diagram.png").stat().st_size > 10_000
