"""The docs are current: rule pages match the rule files, and the reference pages name everything there is."""

from __future__ import annotations

import json
import re
import runpy
from pathlib import Path

from orgdiag.findings import ACTIONS
from orgdiag.measure.facts import FACT_FIELDS, build_facts
from orgdiag.measure.graph import EDGE_KINDS, NODE_TYPES, build_graph
from orgdiag.model import AREAS, CHANNEL_KINDS, RESPONSIBILITIES
from orgdiag.orgfile import load_org, parse_org
from orgdiag.rules.catalogue import load_catalogue
from orgdiag.rules.docs import rule_pages
from orgdiag.rules.sources import SOURCES

from conftest import DEMO, FIXTURES, ROOT
from rulecases import rule_cases

DOCS = ROOT / "docs"


def test_rule_pages_are_current() -> None:
    pages = rule_pages(load_catalogue(), FIXTURES)
    on_disk = {p.name for p in (DOCS / "rules").glob("*.md")}
    assert on_disk == set(pages), "docs/rules is stale: run `orgdiag rules docs`"
    for name, text in pages.items():
        assert (DOCS / "rules" / name).read_text(encoding="utf-8") == text, (
            f"docs/rules/{name} is stale: run `orgdiag rules docs`"
        )


def test_the_actions_are_listed_only_on_their_generated_page() -> None:
    """docs/rules/actions.md is generated from the declared actions; writing-rules.md points to it instead of
    keeping a list of its own, which went stale."""
    text = (DOCS / "writing-rules.md").read_text(encoding="utf-8")
    assert "(rules/actions.md)" in text
    assert not re.search(rf"`({'|'.join(ACTIONS)})` \(", text), "writing-rules.md lists actions by hand"
    for name in ACTIONS:
        assert f"## `{name}`" in (DOCS / "rules" / "actions.md").read_text(encoding="utf-8")


def test_org_file_doc_lists_every_word_and_kind() -> None:
    text = (DOCS / "org-file.md").read_text(encoding="utf-8")
    for word in RESPONSIBILITIES:
        assert f"`{word}`" in text
    for kind in CHANNEL_KINDS:
        assert f"`{kind}`" in text
    for area in AREAS:
        assert f"| `{area}` |" in text


def test_graph_doc_lists_every_node_type_and_edge_kind() -> None:
    text = (DOCS / "graph.md").read_text(encoding="utf-8")
    for name in (*NODE_TYPES, *EDGE_KINDS):
        assert f"`{name}`" in text


def test_every_fact_field_is_described_and_every_described_field_is_built() -> None:
    built: dict[str, set[str]] = {}
    for org in [load_org(DEMO), *(parse_org(case.org, f"{name}.yaml") for name, case in rule_cases())]:
        for fact in build_facts(build_graph(org)):
            built.setdefault(fact["t"], set()).update(fact)
    assert {kind: set(fields) for kind, fields in FACT_FIELDS.items()} == built


def test_the_worked_example_of_writing_rules_loads_and_fires(cli, tmp_path) -> None:
    text = (DOCS / "writing-rules.md").read_text(encoding="utf-8")
    rule_text = re.search(r"```yaml\n(code: XX001.*?)```", text, re.S).group(1)
    pack = tmp_path / "our-rules"
    pack.mkdir()
    (pack / "XX001-big-channel-unit.yaml").write_text(rule_text, encoding="utf-8")
    org = tmp_path / "org.yaml"
    org.write_text(
        "organisation: {name: X}\nunits: [{id: u, name: U}]\npositions: []\n"
        "channels: [{id: a, kind: web, owner: u}, {id: b, kind: crm, owner: u}, {id: c, kind: social, owner: u}]\n",
        encoding="utf-8",
    )
    result = cli("diagnose", org, "--rules", pack, "--only", "XX001", "--format", "json")
    assert result.exit_code == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["subject"], f["evidence"]) for f in findings] == [("XX001", "u", ["u", "a", "b", "c"])]
    explained = cli("rules", "explain", "XX001", "--rules", pack, "--org", org)
    assert "min_channels = 3   [rule]" in explained.stdout
    profile = tmp_path / "strict.yaml"
    profile.write_text("thresholds:\n  big-channel-unit: {min_channels: 4}\n", encoding="utf-8")
    stricter = cli("diagnose", org, "--rules", pack, "--only", "XX001", "--profile", profile, "--format", "json")
    assert json.loads(stricter.stdout)["findings"] == []


def test_the_architecture_picture_is_current(tmp_path: Path) -> None:
    """docs/images/architecture.dot and .svg are what docs/architecture_diagram.py draws today."""
    script = runpy.run_path(str(ROOT / "docs" / "architecture_diagram.py"))
    for name, content in script["write"](tmp_path).items():
        assert (ROOT / "docs" / "images" / name).read_bytes() == content, f"run docs/architecture_diagram.py ({name})"


def test_the_architecture_doc_names_every_package() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = {p.parent.name for p in (ROOT / "orgdiag").glob("*/__init__.py")} | {"findings", "diagnosis", "synth"}
    assert {name for name in packages if f"**`orgdiag.{name}`**" not in text} == set()
    assert "../shared" not in text


def test_writing_rules_lists_every_source_by_its_code_and_short_name() -> None:
    text = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    assert [code for code, source in SOURCES.items() if f"| {code} ({source.short}) | " not in text] == []
