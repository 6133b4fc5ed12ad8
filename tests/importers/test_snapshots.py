"""Exports that hold several snapshots of one organisation are recognised and named, never merged: a compilation
with a period column, and the files of one body at different dates."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from orgdiag.importers import import_org
from orgdiag.problems import InputError

from conftest import FIXTURES

HISTORY = FIXTURES / "real" / "uk-organogram-history"
DFID = "department_for_international_development"
COMPILATION = HISTORY / f"{DFID}-2011-2014-compilation.csv"
LABELS = ["Mar-11", "Sep-11", "Mar-13", "Sep-13", "Mar-14", "Sep-14"]


def _dated(date: str) -> list[Path]:
    return [HISTORY / f"{DFID}-{date}-senior.csv", HISTORY / f"{DFID}-{date}-junior.csv"]


def test_the_committed_compilation_is_what_its_script_writes() -> None:
    spec = importlib.util.spec_from_file_location("compile_snapshots", HISTORY / "compile_snapshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert COMPILATION.read_text(encoding="utf-8") == module.compile_snapshots()


def test_a_compilation_is_refused_with_its_snapshots_named() -> None:
    with pytest.raises(InputError) as raised:
        import_org([COMPILATION], "uk-organogram")
    message = str(raised.value)
    assert all(f"'{label}'" in message for label in LABELS), message
    assert "--snapshot" in message


def test_one_snapshot_of_a_compilation_is_that_snapshot_published_alone() -> None:
    chosen = import_org([COMPILATION], "uk-organogram", snapshot="Mar-13")
    alone = import_org(_dated("2013-03-31"), "uk-organogram")
    assert chosen.org.positions == alone.org.positions
    report = chosen.report
    assert report.balanced and report.rows_used == alone.report.rows_used
    reasons = {row.why for row in report.not_used}
    assert all(why.startswith("another snapshot") for why in reasons), reasons
    shares = [note.ids for note in report.notes if note.kind == "job-share"]
    assert shares == [note.ids for note in alone.report.notes if note.kind == "job-share"] == [("B72",), ("A16",)]


def test_junior_rows_of_a_mixed_file_are_counted_as_staff() -> None:
    chosen = import_org([COMPILATION], "uk-organogram", snapshot="Sep-14")
    with (HISTORY / f"{DFID}-2014-09-30-junior.csv").open(encoding="utf-8", newline="") as stream:
        published = sum(float(row["Number of Posts in FTE"]) for row in csv.DictReader(stream))
    counted = sum(staff.fte for position in chosen.org.positions for staff in position.staff)
    assert counted == pytest.approx(published, abs=0.01)
    assert not any("nothing says who it is" in row.why for row in chosen.report.not_used)


def test_files_of_one_body_at_two_dates_are_refused_then_imported_one_at_a_time() -> None:
    both = [*_dated("2011-03-31"), *_dated("2011-09-30")]
    with pytest.raises(InputError) as raised:
        import_org(both, "uk-organogram")
    assert "'2011-03-31' (80 posts)" in str(raised.value) and "'2011-09-30' (78 posts)" in str(raised.value)
    chosen = import_org(both, "uk-organogram", snapshot="2011-09-30")
    assert chosen.org.positions == import_org(_dated("2011-09-30"), "uk-organogram").org.positions


def test_an_unknown_snapshot_names_those_there_are() -> None:
    with pytest.raises(InputError, match="no snapshot 'Mar-12'.*'Mar-11' \\(80 posts\\)"):
        import_org([COMPILATION], "uk-organogram", snapshot="Mar-12")


def test_a_date_column_whose_posts_do_not_recur_is_one_snapshot(tmp_path: Path) -> None:
    export = tmp_path / "workers.csv"
    export.write_text(
        "id,name,title,manager,snapshot date\n1,Ann,CEO,,2026-01-01\n2,Bo,CFO,1,2026-02-01\n", encoding="utf-8"
    )
    imported = import_org([export])
    assert [p.id for p in imported.org.positions] == ["1", "2"]


def test_the_cli_stops_with_status_2_and_imports_the_snapshot_asked_for(cli, tmp_path: Path) -> None:
    refused = cli("import", COMPILATION, "-o", tmp_path / "org.yaml")
    assert refused.exit_code == 2 and "Traceback" not in refused.stderr
    assert "Import one with --snapshot LABEL" in refused.stderr
    chosen = cli("import", COMPILATION, "--snapshot", "Sep-13", "-o", tmp_path / "org.yaml")
    assert chosen.exit_code == 0, chosen.stderr
    assert "snapshot 'Sep-13' imported" in chosen.stdout


def _compilation_with(tmp_path: Path, header: str | None) -> Path:
    """DFID's compilation with its Period column named ``header`` (None: the column left out)."""
    with COMPILATION.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][0] == "Period"
    if header is None:
        rows = [row[1:] for row in rows]
    else:
        rows[0][0] = header
    written = tmp_path / "dfid-compilation.csv"
    with written.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return written


@pytest.mark.parametrize("header", ["", "Unnamed: 0", "Organogram", "Month", "Reporting Period"])
def test_a_compilation_is_recognised_whatever_its_period_column_is_called(tmp_path: Path, header: str) -> None:
    """Unnamed (an empty header cell, pandas' 'Unnamed: 0'), misnamed ('Organogram') or named otherwise: the
    month labels of the first column tell the snapshots."""
    compilation = _compilation_with(tmp_path, header)
    with pytest.raises(InputError) as raised:
        import_org([compilation], "uk-organogram")
    assert all(f"'{label}'" in str(raised.value) for label in LABELS), str(raised.value)
    chosen = import_org([compilation], "uk-organogram", snapshot="Mar-13")
    assert chosen.org.positions == import_org(_dated("2013-03-31"), "uk-organogram").org.positions


def test_a_row_index_is_no_period_column() -> None:
    """The wrangled organograms' unnamed first column counts rows (0, 1, 2…): one snapshot, imported."""
    smg = FIXTURES / "real" / "uk-organogram-corpus" / "300913-SMG-Organogram-Data-v1"
    imported = import_org([f"{smg}-senior.csv", f"{smg}-junior.csv"])
    assert "snapshot" not in imported.report.sources[0].columns and len(imported.org.positions) == 17


def test_post_ids_repeated_as_no_organisation_shares_posts_stop_the_import(tmp_path: Path, cli) -> None:
    """DFID's compilation without its Period column: 120 of 155 posts on up to six rows are no job shares."""
    compilation = _compilation_with(tmp_path, None)
    with pytest.raises(InputError) as raised:
        import_org([compilation], "uk-organogram")
    message = str(raised.value)
    assert "holds 120 of its 155 post ids on several rows ('A1' on 6 rows" in message, message
    assert "--snapshot" in message
    refused = cli("import", compilation, "-o", tmp_path / "org.yaml")
    assert refused.exit_code == 2 and "Traceback" not in refused.stderr
    assert "'A1' on 6 rows" in refused.stderr


def test_a_job_share_or_two_is_still_a_job_share() -> None:
    """The Cabinet Office shares post 103 between two rows (and DFID in March 2013 two posts): imported as such."""
    cabinet = FIXTURES / "real" / "uk-organogram" / "cabinet_office-2011-09-30"
    imported = import_org([f"{cabinet}-senior.csv", f"{cabinet}-junior.csv"])
    assert [note.ids for note in imported.report.notes if note.kind == "job-share"] == [("103",)]


def test_exports_dated_in_their_names_are_snapshots_even_when_their_posts_were_renumbered(tmp_path: Path) -> None:
    earlier, later = tmp_path / "staff-2025-03-31.csv", tmp_path / "staff-2025-09-30.csv"
    earlier.write_text("id,name,title,manager\n1,Ann,Chief Executive,\n2,Bo,CFO,1\n", encoding="utf-8")
    later.write_text("id,name,title,manager\n101,Ann,Chief Executive,\n102,Cy,CFO,101\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        import_org([earlier, later])
    assert "holds 2 snapshots of one organisation: '2025-03-31' (2 posts), '2025-09-30' (2 posts)" in str(refused.value)
    chosen = import_org([earlier, later], snapshot="2025-09-30")
    assert [p.id for p in chosen.org.positions] == ["101", "102"]


def test_files_named_apart_without_dates_are_parts_of_one_organisation(tmp_path: Path) -> None:
    sales, marketing = tmp_path / "sales.csv", tmp_path / "marketing.csv"
    sales.write_text("id,name,title,manager\n1,Ann,Chief Executive,\n2,Bo,Sales Director,1\n", encoding="utf-8")
    marketing.write_text("id,name,title,manager\n3,Cy,Marketing Director,1\n", encoding="utf-8")
    assert [p.id for p in import_org([sales, marketing]).org.positions] == ["1", "2", "3"]
