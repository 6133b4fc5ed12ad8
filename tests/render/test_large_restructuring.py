"""A restructuring of an organisation too large to draw in full: the overviews side by side, the touched units
outlined, and each touched unit's neighbourhood before and after, every picture within a page's limits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from orgdiag.render.pages import MAX_SIDE, png_size
from orgdiag.render.style import MARK_COLOURS
from orgdiag.render.touched import MAX_DETAILS, touched_units
from orgdiag.synth import synthesize, write_synthetic

#: An organisation of 2,000 positions restructured and drawn before and after.
pytestmark = pytest.mark.slow

POSITIONS = 2_000


@pytest.fixture(scope="module")
def restructured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from orgdiag.cli.main import main

    folder = tmp_path_factory.mktemp("large-restructure")
    write_synthetic(synthesize(POSITIONS, seed=1), folder / "org.json")
    result = CliRunner().invoke(main, ["restructure", str(folder / "org.json"), "--out", str(folder / "out"), "-q"])
    assert result.exit_code == 0, result.stderr
    return folder / "out"


def test_both_sides_are_overviews_with_the_touched_units_outlined(restructured: Path) -> None:
    after = (restructured / "after.svg").read_text(encoding="utf-8")
    both = (restructured / "before-after.svg").read_text(encoding="utf-8")
    assert "Overview: " in after and both.count("Overview: ") == 2
    assert "Before: " in both and "After: " in both
    assert MARK_COLOURS["changed"] in after or MARK_COLOURS["moved"] in after
    assert len(re.findall(r'class="node[ "]', after)) <= 80  # units, not positions


def test_every_picture_fits_a_page(restructured: Path) -> None:
    pictures = [restructured / "before-after.png", *sorted((restructured / "changes").glob("*.png"))]
    assert 1 < len(pictures) <= MAX_DETAILS + 1
    for picture in pictures:
        width, height = png_size(picture.read_bytes())
        assert max(width, height) <= MAX_SIDE, picture.name


def test_the_report_shows_each_touched_unit_before_and_after(restructured: Path) -> None:
    report = (restructured / "report.md").read_text(encoding="utf-8")
    details = sorted(p.relative_to(restructured).as_posix() for p in (restructured / "changes").glob("*.png"))
    assert all(f"]({name})" in report for name in details)
    assert "too large to draw in full" in report


def test_the_touched_units_are_those_the_changes_name(restructured: Path) -> None:
    from orgdiag import compare, diagnose, load

    changes = json.loads((restructured / "changes.json").read_text(encoding="utf-8"))
    before = load(synthesize(POSITIONS, seed=1).data)
    after = load(restructured / "after.yaml")
    units = touched_units(compare(diagnose(before), diagnose(after)))
    assert changes["changes"] and units and set(units) <= {u.id for u in (*before.units, *after.units)}
    shown = sorted(p.name for p in (restructured / "changes").glob("*.png"))
    assert [name.split("-", 1)[1].removesuffix(".png") for name in shown] == units[:MAX_DETAILS]
