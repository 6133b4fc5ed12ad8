"""The docs are current: rule pages match the rule files, and the reference pages name everything there is."""

from __future__ import annotations

import re

from orgdiag.catalogue import load_catalogue, load_rule
from orgdiag.diagnosis import diagnose
from orgdiag.facts import build_facts
from orgdiag.graph import EDGE_KINDS, NODE_TYPES, build_graph
from orgdiag.model import CHANNEL_KINDS, RESPONSIBILITIES
from orgdiag.orgfile import load_org, parse_org
from orgdiag.render.ruledocs import rule_pages

from conftest import DEMO, FIXTURES, ROOT

DOCS = ROOT / "docs"


def test_rule_pages_are_current() -> None:
    pages = rule_pages(load_catalogue(), FIXTURES)
    on_disk = {p.name for p in (DOCS / "rules").glob("*.md")}
    assert on_disk == set(pages), "docs/rules is stale: run `orgdiag rules docs`"
    for name, text in pages.items():
        assert (DOCS / "rules" / name).read_text(encoding="utf-8") == text, (
            f"docs/rules/{name} is stale: run `orgdiag rules docs`"
        )


def test_org_file_doc_lists_every_word_and_kind() -> None:
    text = (DOCS / "org-file.md").read_text(encoding="utf-8")
    for word in RESPONSIBILITIES:
        assert f"`{word}`" in text
    for kind in CHANNEL_KINDS:
        assert f"`{kind}`" in text


def test_graph_doc_lists_every_node_type_and_edge_kind() -> None:
    text = (DOCS / "graph.md").read_text(encoding="utf-8")
    for name in (*NODE_TYPES, *EDGE_KINDS):
        assert f"`{name}`" in text


def test_facts_doc_lists_every_fact_field() -> None:
    text = (DOCS / "facts.md").read_text(encoding="utf-8")
    fields = {key for fact in build_facts(build_graph(load_org(DEMO))) for key in fact}
    for field in sorted(fields):
        assert f"`{field}`" in text, f"docs/facts.md does not describe the field {field}"


def test_the_worked_example_of_writing_rules_loads_and_fires(tmp_path) -> None:
    text = (DOCS / "writing-rules.md").read_text(encoding="utf-8")
    rule_text = re.search(r"```yaml\n(code: XX001.*?)```", text, re.S).group(1)
    path = tmp_path / "XX001-big-channel-unit.yaml"
    path.write_text(rule_text, encoding="utf-8")
    rule = load_rule(path)
    catalogue = type(load_catalogue())((rule,))
    org = parse_org(
        "organisation: {name: X}\nunits: [{id: u, name: U}]\npositions: []\n"
        "channels: [{id: a, kind: web, owner: u}, {id: b, kind: crm, owner: u}, {id: c, kind: social, owner: u}]\n",
        "x.yaml",
    )
    findings = diagnose(org, catalogue).findings
    assert [(f.rule, f.subject, f.evidence) for f in findings] == [("XX001", "u", ["u", "a", "b", "c"])]
