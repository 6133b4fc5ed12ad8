"""A real body on which little is found (the V&A's organogram of March 2011: no findings) is summarised as what
was assessed, what could not be and why, and what to collect next, in the terminal, report.md, report.html and
the deck; no deliverable opens on "0 findings" alone or shows an empty heading."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pptx import Presentation
from real_texts import cases

from orgdiag.diagnosis import Diagnosis
from orgdiag.render.html import report_html
from orgdiag.render.report import render_report
from orgdiag.render.slides import deck_bytes
from orgdiag.render.text import render_text

SAYS = ("no clean bill of health", "could not run, for want of channels", "Collect next:", "orgdiag evidence")


@pytest.fixture(scope="module")
def thin() -> Diagnosis:
    diagnosis = next(case for case in cases() if case.name == "va-2011-03").diagnosis()
    assert diagnosis.findings == ()
    return diagnosis


def test_the_terminal_says_what_could_not_be_assessed_and_what_to_collect(thin: Diagnosis) -> None:
    first, second, third = render_text(thin).splitlines()[:3]
    assert first == "Victoria & Albert Museum: no findings"
    assert all(words in f"{second} {third}" for words in SAYS)
    assert "structure, part of marketing, workforce, pay, posts and part of data quality" in second


def test_report_md_opens_on_what_no_findings_means_and_has_no_empty_heading(thin: Diagnosis) -> None:
    report = render_report(thin)
    assert "0 findings" not in report
    opening = report.split("## ", 1)[0]
    assert all(words in opening for words in SAYS), opening
    assert not re.search(r"^#+ .*\n\n(?:#|\Z)", report, re.M)


def test_report_html_has_no_empty_what_matters_most(thin: Diagnosis) -> None:
    page = report_html(thin, [("V&A", '<svg xmlns="http://www.w3.org/2000/svg"></svg>')])
    summary = page.split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    assert "<b>No findings</b>" in summary and "What matters most" not in summary
    assert all(words in summary for words in SAYS) and ">none<" not in summary


def test_the_deck_summary_says_it_on_the_whole_slide(thin: Diagnosis) -> None:
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(png, format="PNG")
    slide = Presentation(io.BytesIO(deck_bytes(thin, png.getvalue()))).slides[1]
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    assert texts[0] == "Executive summary" and len(texts) == 2  # no empty "What matters most"
    assert texts[1].startswith("No findings.") and all(words in texts[1] for words in SAYS)
