"""Every message, suggestion and summary orgdiag writes about every real export of fixtures/real/ keeps the rules of
client text (tests/text/client_text.py): counts agree with their nouns, elements are named, not given by bare ids,
no word is doubled or glued, nothing is cut with an ellipsis, no punctuation dangles, no entity escape. And the
Markdown report of each has no entity escapes."""

from __future__ import annotations

import re

import pytest
from client_text import OrgText, org_text
from real_texts import REAL, cases, common_words, texts

from orgdiag.diagnosis import diagnose
from orgdiag.orgfile import load_org
from orgdiag.render.report import render_report

from conftest import DEMO

CASES = cases()


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_text_about_a_real_export_reads_as_client_text(case) -> None:
    diagnosis = case.diagnosis()
    check = org_text(diagnosis.org, common_words())
    problems = [f"{where}: {problem}" for where, text in texts(diagnosis) for problem in check.problems(text)]
    assert problems == []
    report = render_report(diagnosis)
    assert not re.search(r"(?<!\\)&(?:[A-Za-z]+|#\d+);", report)


def test_every_export_of_fixtures_real_is_read() -> None:
    read = {source for case in CASES for source in case.sources}
    exports = {str(path.relative_to(REAL)) for path in REAL.glob("*/*") if path.suffix in {".csv", ".json"}}
    assert exports - read == set()


def test_the_demo_names_elements_and_shows_only_suggestions_that_apply() -> None:
    diagnosis = diagnose(load_org(DEMO))
    check = org_text(diagnosis.org, common_words())
    assert [p for _, text in texts(diagnosis) for p in check.problems(text)] == []
    no_owner = next(f for f in diagnosis.findings if f.rule == "OD105")
    assert "E-handelschef (ecom)" in no_owner.message
    assert [s.action for s in no_owner.suggestions] == ["assign_responsibility"]  # a head of marketing exists
    unowned = next(f for f in diagnosis.findings if f.rule == "OD212")
    assert unowned.message.startswith("Nobody owns the budget for CRM & nyhetsbrev (crm), though it is decided on by")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Sociala medier owns the channels social beside marketing.", "bare id"),
        ("strategy is owned by 1294, 1987, 2780 instead.", "bare id"),
        ("Make one person (one of 2780) the owner.", None),
        ("1 data quality, 1 posts rules.", "plural"),
        ("3 post are vacant.", "plural"),
        ("E-handelschef is the only person holding anything for emaila channel.", "glued"),
        ("It owns the the channel.", "doubled"),
        ("Leads 4 teams …", "ellipsis"),
        ("Marketing &amp; Communications", "entity"),
        ("It owns web , crm.", "dangling"),
        ("It owns {m.channel_ids}.", "dangling"),
        ("crm/budget is decided on by E-handelschef.", "notation"),
        ("E-handelschef (ecom) owns Webb (web); job text '…the work of web…'; 1,294.5 FTE; £2,780.", None),
    ],
)
def test_each_rule_of_client_text_catches_what_it_is_for(text: str, kind: str | None) -> None:
    check = OrgText({"social", "1294", "1987", "2780", "email", "ecom", "web", "crm"}, ["E-handelschef", "Webb"])
    found = [problem.split(":")[0] for problem in check.problems(text)]
    assert (kind in found) if kind else found == [], check.problems(text)
