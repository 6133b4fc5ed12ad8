"""`orgdiag history` and the library's history: the six snapshots of one UK department (real, 2011-2014) and
the demo company a year before, today and in a proposal; what each says, and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from orgdiag.over_time import History, history, load_snapshots
from orgdiag.render.history import HISTORY_FILES, write_history

from conftest import DEMO, FIXTURES

HISTORY = FIXTURES / "real" / "uk-organogram-history"
DFID = "department_for_international_development"
COMPILATION = HISTORY / f"{DFID}-2011-2014-compilation.csv"
DATED_FILES = sorted(HISTORY.glob(f"{DFID}-20??-??-??-*.csv"))
NORDVIK_2025 = FIXTURES / "history" / "nordvik-sport-2025-06-30.yaml"


@pytest.fixture(scope="module")
def dfid() -> History:
    return history(load_snapshots([COMPILATION]))


def test_the_six_snapshots_are_dated_in_order_with_their_size(dfid: History) -> None:
    assert [(s.label, s.date, s.posts) for s in dfid.snapshots] == [
        ("Mar-11", "2011-03", 80),
        ("Sep-11", "2011-09", 78),
        ("Mar-13", "2013-03", 75),
        ("Sep-13", "2013-09", 89),
        ("Mar-14", "2014-03", 29),
        ("Sep-14", "2014-09", 92),
    ]
    assert [s.partial for s in dfid.snapshots] == [False, False, False, False, True, False]
    assert all(s.fte > s.posts and s.layers >= 4 for s in dfid.snapshots)


def test_posts_are_matched_across_the_renumbering_with_the_share_stated(dfid: History) -> None:
    shares = [round(step.share_matched, 2) for step in dfid.steps]
    assert shares == [0.94, 0.95, 0.55, 0.93, 0.85]
    regraded = dfid.steps[3]  # Sep-13 -> Mar-14: deputy directors regraded to directors, renumbered B.. -> A..
    assert regraded.matched_by["holder and a similar title"] == 3 and regraded.renumbered == 3
    assert sum(step.renumbered for step in dfid.steps) == 10
    back = dfid.steps[4]  # the partial Mar-14 sheet left out posts that Sep-14 lists again
    assert back.returned == 52 and len(back.added) == 14


def test_each_finding_is_followed_through_the_snapshots(dfid: History) -> None:
    spans = {(span.rule, span.subject): span.seen for span in dfid.findings}
    assert spans[("OD203", "B89")] == (0, 1, 2)  # Head of DFID Pakistan: one direct report for two years
    assert spans[("OD402", "A1")] == (0, 1, 2, 3)
    assert [(s.rule, s.subject, s.months_open) for s in dfid.still_open()] == [
        ("OD122", "B38", 42),  # the Director of Communications under the corporate DG, from the first snapshot on
        ("OD213", "A1", 42),  # layers with no step in grade, folded into one finding about the department
        ("OD604", "A1", 42),
        ("OD606", "A1", 42),
        ("OD701", "A1", 12),
        ("OD705", "A1", 12),
        ("OD120", "A1", 0),
        ("OD230", "A5", 0),  # a Head of Finance and Corporate Performance under the DG Country Programmes, from 2014-09
        ("OD232", "A1", 0),
        ("OD608", "A1", 0),
        ("OD231", "A2", 42),
        ("OD702", "A1", 42),
        ("OD802", "A1", 42),
        ("OD202", "A8", 0),
        ("OD801", "A1", 0),
    ]


def test_the_dated_files_give_the_history_of_the_compilation(dfid: History) -> None:
    from_files = history(load_snapshots(DATED_FILES))
    dates = ["2011-03-31", "2011-09-30", "2013-03-31", "2013-09-30", "2014-03-31", "2014-09-30"]
    assert [(s.label, s.date) for s in from_files.snapshots] == [(date, date) for date in dates]  # each its own date
    assert [(s.posts, s.fte, dict(s.findings)) for s in from_files.snapshots] == [
        (s.posts, s.fte, dict(s.findings)) for s in dfid.snapshots
    ]
    assert [(f.rule, f.subject, f.seen) for f in from_files.findings] == [
        (f.rule, f.subject, f.seen) for f in dfid.findings
    ]


@pytest.mark.slow
def test_the_cli_writes_the_timeline_and_every_file(cli, tmp_path: Path) -> None:
    result = cli("history", COMPILATION, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "6 snapshots, 2011-03 to 2014-09" in text
    assert "Posts matched to an earlier snapshot: 298 of 363 (82%), 10 of them under another id" in text
    assert "Note: 2014-03 lists 29 posts, under half as many as the middle snapshot (79)" in text
    assert (
        "low OD203 one-to-one-reporting at Deputy Director, Head of DFID Pakistan (B89): already there in the "
        "first snapshot (2011-03) and was gone by 2013-09." in text
    )
    assert all((tmp_path / name).stat().st_size > 0 for name in HISTORY_FILES)
    data = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    assert [s["label"] for s in data["snapshots"]][-1] == "Sep-14"
    assert data["steps"][3]["matched_by"]["holder and a similar title"] == 3
    assert (tmp_path / "trends.png").read_bytes()[:4] == b"\x89PNG"
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "![Trends" in report and "| Mar-11 | 2011-03 | 80 |" in report


@pytest.mark.slow
def test_the_same_snapshots_give_the_same_bytes(tmp_path: Path) -> None:
    followed = history(load_snapshots([COMPILATION]))
    write_history(followed, tmp_path / "one")
    write_history(history(load_snapshots([COMPILATION])), tmp_path / "two")
    for name in HISTORY_FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


@pytest.mark.slow
def test_a_proposal_dated_after_today_shows_what_it_would_close(cli, tmp_path: Path) -> None:
    assert cli("restructure", DEMO, "--out", tmp_path / "r", "--quiet").exit_code == 0
    proposal = tmp_path / "proposal.yaml"
    shutil.copy(tmp_path / "r" / "after.yaml", proposal)
    dates = ("--date", "nordvik-sport=2026-06-30", "--date", "proposal.yaml=2027-01-31")
    result = cli("history", NORDVIK_2025, DEMO, proposal, *dates, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["label"] for s in data["snapshots"]] == ["nordvik-sport-2025-06-30", "nordvik-sport", "proposal"]
    first = data["steps"][0]
    assert first["matched_by"] == {"id": 9, "title, unit and holder": 2} and first["renumbered"] == 2
    stories = {(f["rule"], f["subject"]): f["story"] for f in data["findings"]}
    assert stories[("OD101", "ehandel")] == (
        "already there in the first snapshot (2025-06-30) and was gone by proposal (2027-01-31)"
    )
    assert stories[("OD104", "byran")] == (
        "appeared between 2025-06-30 and nordvik-sport (2026-06-30) and was gone by proposal (2027-01-31)"
    )
    assert stories[("OD102", "ecom")].startswith("already there in the first snapshot")  # was p7 in 2025


@pytest.mark.slow
def test_the_latest_diagram_outlines_each_finding_by_how_long_it_has_been_open(cli, tmp_path: Path) -> None:
    result = cli("history", NORDVIK_2025, DEMO, "--date", "nordvik-sport=2026-06-30", "--out", tmp_path, "-q")
    assert result.exit_code == 0, result.stderr
    dot = (tmp_path / "diagram.dot").read_text(encoding="utf-8")
    assert "● open 1–3 years" in dot and "● new in the latest snapshot" in dot
    assert "open 1–3 years (outline)" in dot  # the legend


@pytest.mark.parametrize(
    ("args", "said"),
    [
        pytest.param((NORDVIK_2025,), "needs two snapshots or more; given nordvik-sport-2025-06-30", id="one-snapshot"),
        pytest.param(
            (DEMO, FIXTURES / "healthy" / "integrated-marketing.yaml"),
            "snapshot 'nordvik-sport' has no date in its name: give one with --date nordvik-sport.yaml=YYYY-MM-DD",
            id="an-org-file-without-a-date",
        ),
        pytest.param(
            (NORDVIK_2025, DEMO, "--date", "nordvik-sport=2025-06-30"),
            "snapshots nordvik-sport-2025-06-30, nordvik-sport are all dated 2025-06-30",
            id="two-snapshots-of-one-date",
        ),
        pytest.param(
            (NORDVIK_2025, DEMO, "--date", "nordvik-sport=last spring"),
            "--date nordvik-sport=last spring: not a date",
            id="a-date-that-is-none",
        ),
        pytest.param(
            (NORDVIK_2025, DEMO, "--date", "nordvik-sport=2026-06-30", "--date", "nordvik=2026-06-30"),
            "--date names no snapshot: nordvik; the snapshots are nordvik-sport-2025-06-30, nordvik-sport",
            id="a-date-for-no-snapshot",
        ),
        pytest.param((NORDVIK_2025, DEMO, "--date", "2026-06-30"), "write SNAPSHOT=DATE", id="a-date-without-a-name"),
    ],
)
def test_bad_input_is_named_with_status_2(cli, args: tuple[object, ...], said: str) -> None:
    result = cli("history", *args)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert said in " ".join(result.stderr.split()), result.stderr


def test_text_from_the_input_stays_text_in_every_output(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script> $\\frac{1}{0}$ | `x` [a](javascript:x) "q" & \x1b[31m'
    earlier = tmp_path / "org-2025-01-31.yaml"
    earlier.write_text(
        "organisation: {name: " + json.dumps(hostile) + "}\n"
        "positions:\n  - {id: a, title: " + json.dumps(hostile) + "}\n  - {id: b, title: B, reports_to: a}\n",
        encoding="utf-8",
    )
    later = tmp_path / "org-2025-12-31.yaml"
    later.write_text(earlier.read_text(encoding="utf-8"), encoding="utf-8")
    followed = history(load_snapshots([earlier, later]))
    write_history(followed, tmp_path / "out")
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    charts = (tmp_path / "out" / "trends.svg").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<script>" not in report and "\\[a\\](javascript:x)" in report
    assert "<script>" not in charts and "\x1b" not in charts + page + report


@pytest.mark.parametrize("doc", ["README.md", "docs/history.md"])
def test_the_history_shown_in_the_docs_is_what_orgdiag_prints(cli, doc: str) -> None:
    text = (FIXTURES.parent / doc).read_text(encoding="utf-8")
    command = "orgdiag history fixtures/real/uk-organogram-history/" + COMPILATION.name
    shown = text.split(f"$ {command}\n", 1)[1].split("```", 1)[0]
    printed = cli("history", COMPILATION).stdout
    assert printed.startswith(shown), shown
