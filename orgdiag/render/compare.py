"""The files of a comparison, as ``orgdiag compare`` and ``orgdiag restructure`` write them: the pictures (see
:mod:`orgdiag.render.comparison.pictures`), the data, the reports and the proposed organisation."""

from __future__ import annotations

from pathlib import Path

from orgdiag.orgfile import dump_org
from orgdiag.render.comparison.data import changes_data, comparison_data
from orgdiag.render.comparison.markdown import changes_markdown, comparison_report
from orgdiag.render.comparison.pictures import comparison_pictures
from orgdiag.render.html import report_html
from orgdiag.render.outputs import json_text, write_files
from orgdiag.render.pages import whole
from orgdiag.render.slides import deck_bytes
from orgdiag.render.spreadsheet import workbook_bytes
from orgdiag.restructuring.results import Comparison, Restructuring

#: What ``orgdiag compare`` writes; ``orgdiag restructure`` writes these and :data:`RESTRUCTURE_FILES`.
COMPARE_FILES = (
    "before.svg",
    "after.svg",
    "before-after.svg",
    "before-after.png",
    "comparison.json",
    "report.md",
    "report.html",
    "report.pptx",
    "findings.xlsx",
)
RESTRUCTURE_FILES = ("after.yaml", "changes.json", "changes.md")


def comparison_files(
    comparison: Comparison, changes: int | None = None, result: Restructuring | None = None
) -> dict[str, bytes]:
    """The files of a comparison: both diagrams, the side-by-side one in SVG and PNG (scaled to fit a page), the
    touched units before and after for large organisations (``changes/``), the JSON, and the after
    organisation's report.html, report.pptx and findings.xlsx (with the changes, for a restructuring)."""
    pictures = comparison_pictures(comparison, changes)
    after = comparison.after
    picture, _ = whole(after.org, after.open_findings)
    drawings = [(f"{after.org.organisation.name} (after)", pictures.after_svg.decode("utf-8"))]
    both_svg = pictures.both_svg.decode("utf-8")
    return {
        "before.svg": pictures.before_svg,
        "after.svg": pictures.after_svg,
        "before-after.svg": pictures.both_svg,
        "before-after.png": pictures.both_png,
        "comparison.json": json_text(comparison_data(comparison)).encode("utf-8"),
        "report.html": report_html(after, drawings, result, both_svg).encode("utf-8"),
        "report.pptx": deck_bytes(after, picture.png, result),
        "findings.xlsx": workbook_bytes(after, result),
        **pictures.details,
    }


def write_comparison(comparison: Comparison, out_dir: Path) -> list[Path]:
    """Write what ``orgdiag compare`` gives into a directory; return the paths."""
    contents = comparison_files(comparison)
    details = _detail_files(contents)
    contents["report.md"] = comparison_report(comparison, details=details).encode("utf-8")
    return write_files(out_dir, contents, (*COMPARE_FILES, *details))


def _detail_files(contents: dict[str, bytes]) -> tuple[str, ...]:
    return tuple(sorted(name for name in contents if name.startswith("changes/")))


def write_restructuring(result: Restructuring, out_dir: Path, source: str) -> list[Path]:
    """Write what ``orgdiag restructure`` gives into a directory; return the paths."""
    contents = comparison_files(result.comparison, len(result.changes), result)
    details = _detail_files(contents)
    contents["report.md"] = comparison_report(result.comparison, result, details).encode("utf-8")
    comment = f"The organisation proposed by orgdiag restructure for {source}.\nThe changes are in changes.md."
    contents["after.yaml"] = dump_org(result.org, comment).encode("utf-8")
    contents["changes.json"] = json_text(changes_data(result)).encode("utf-8")
    contents["changes.md"] = changes_markdown(result).encode("utf-8")
    return write_files(out_dir, contents, (*RESTRUCTURE_FILES, *COMPARE_FILES, *details))


__all__ = [
    "COMPARE_FILES",
    "RESTRUCTURE_FILES",
    "changes_data",
    "comparison_files",
    "write_comparison",
    "write_restructuring",
]
