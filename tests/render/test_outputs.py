"""What orgdiag writes: the diagram, the report, JSON and text; safe against hostile input, byte-for-byte stable."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgdiag.cli.main import main
from orgdiag.diagnosis import diagnose
from orgdiag.model import OrgFile
from orgdiag.model.yaml_loader import OrgYamlLoader
from orgdiag.orgfile import load_org
from orgdiag.render.dot import diagram, render_bytes
from orgdiag.render.outputs import OUTPUT_FILES, write_outputs
from orgdiag.render.report import render_report
from orgdiag.render.text import render_text

from conftest import DEMO, FIXTURES
from rulecases import written_cases

SVG_TAGS = {"svg", "g", "title", "polygon", "path", "ellipse", "text", "polyline", "defs", "a"}
NASTY = [
    '"]; evil [label="pwned"]; x="',
    "<script>alert(1)</script>",
    "R&D {x} | y <z> [w]",
    "\\N \\G \\L \\\\ back\\slash",
    "line\nbreak\ttab\x00nul\x1b[31mred",
    "`code` **bold** [link](http://x) | pipe",
    "&amp; &#x3C; ]]> <!-- -->",
    "Ærø Åsa Øst 😀 ß",
]


def hostile_org(text: str, ident: str = "x") -> OrgFile:
    """An organisation with `text` in every free-text field and `ident` woven into every id, showing every rule."""

    def i(name: str) -> str:
        return f"{name}{ident}"

    return OrgFile.model_validate(
        {
            "organisation": {"name": text, "profile": {"industry": text, "countries": [text]}},
            "units": [
                {"id": i("top"), "name": text},
                {"id": i("mkt"), "name": text, "parent": i("top")},
                {"id": i("silo"), "name": text, "parent": i("top")},
            ],
            "positions": [
                {"id": i("ceo"), "title": text, "unit": i("top"), "holder": text},
                {
                    "id": i("cmo"),
                    "title": "Head of Marketing",
                    "unit": i("mkt"),
                    "reports_to": i("ceo"),
                    "owns": ["marcom/budget"],
                    "decides": ["marcom/budget"],
                    "holder": text,
                },
                {
                    "id": i("strat"),
                    "title": f"Strategist {text}",
                    "unit": i("silo"),
                    "reports_to": i("ceo"),
                    "owns": [f"{i('ch')}/strategy", f"{i('ch')}/content", f"{i('ch')}/community", f"{i('ch')}/paid"],
                },
            ],
            "channels": [{"id": i("ch"), "kind": "social", "owner": i("silo"), "name": text}],
            "agencies": [
                {
                    "id": i("ag"),
                    "name": text,
                    "contracted_by": i("silo"),
                    "serves": [i("ch")],
                    "owns": [f"{i('ch')}/kpis"],
                }
            ],
            "kpis": [{"name": text, "channel": i("ch"), "owner": i("ag"), "goal": text}],
            "links": [{"kind": "collaborates", "between": [i("mkt"), i("cmo")], "name": text}],
        }
    )


def check_outputs_are_intact(text: str, ident: str = "x") -> None:
    result = diagnose(hostile_org(text, ident))
    assert {f.slug for f in result.findings} >= {
        "channel-silo",
        "channel-level-strategy",
        "overloaded-strategist",
        "agency-kingdom",
        "no-marcom-owner",
    }
    source = diagram(result.org, result.findings).source
    svg = render_bytes(source, "svg")
    root = ET.fromstring(svg)
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert tags <= SVG_TAGS, tags - SVG_TAGS
    nodes = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if "node" in (g.get("class") or "").split()]
    assert len(nodes) == 3 + 1 + 1  # positions, channel, agency (the legend is the graph's label)
    report = render_report(result)
    rows = [line for line in report.splitlines() if line.startswith("| ")]
    cells = [len(re.findall(r"(?<!\\)\|", row)) for row in rows]
    assert cells.count(6) == 1 + len(result.findings)  # the findings table: no input text adds a column
    assert cells.count(3) == 1 + len(result.not_assessed)  # the rules not assessed
    assert cells.count(5) == 2 + len(result.org.units)  # posts by unit: the header, each unit and the total
    assert set(cells) <= {3, 5, 6}, rows
    assert not re.search(r"(?<!\\)<", report.replace("<BR/>", ""))  # every "<" of input text escaped
    assert not re.search(r"(?<!\\)&(?:[A-Za-z]+|#\d+);", report)  # and no entity stands in for a character
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", render_text(result))


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_hostile_text_never_breaks_or_injects(text: str) -> None:
    check_outputs_are_intact(text, ident=text.replace("\n", "").replace("#", "")[:20] or "x")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(min_size=1, max_size=40),
    ident=st.text(min_size=1, max_size=12).filter(lambda s: not s.startswith("#")),
)
def test_any_text_never_breaks_or_injects(text: str, ident: str) -> None:
    check_outputs_are_intact(text, ident)


def test_the_diagram_shows_units_positions_channels_agencies_findings_and_legend() -> None:
    result = diagnose(load_org(DEMO))
    source = diagram(result.org, result.findings).source
    assert source.count("subgraph cluster_") == len(result.org.units) + 2  # units, organisation, agencies
    for code in ("OD101", "OD102", "OD103", "OD104", "OD105"):
        assert source.count(f">{code}<") >= 2  # a badge on the element and a legend row
    for text in ("Marknadschef", "Social media-strateg", "Byrå Nord", "External agencies", "Legend"):
        assert text in source
    svg = render_bytes(source, "svg").decode("utf-8")
    assert "Sociala medier" in svg and "OD104" in svg


@pytest.mark.slow
def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    first = write_outputs(diagnose(load_org(DEMO)), tmp_path / "a")
    second = write_outputs(diagnose(load_org(DEMO)), tmp_path / "b")
    assert [p.name for p in first] == list(OUTPUT_FILES)
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name


@pytest.mark.slow
def test_out_dir_gets_every_output(cli, tmp_path: Path) -> None:
    result = cli("diagnose", DEMO, "--out", tmp_path / "out")
    assert result.exit_code == 0
    for name in OUTPUT_FILES:
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert (tmp_path / "out" / "diagram.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "![Annotated organisation diagram](diagram.svg)" in (tmp_path / "out" / "report.md").read_text()


@pytest.mark.slow
def test_json_format_prints_json_and_nothing_else(cli, tmp_path: Path) -> None:
    result = cli("diagnose", DEMO, "--format", "json", "--out", tmp_path / "o")
    data = json.loads(result.stdout)
    assert list(data) == [
        "schema_version",
        "organisation",
        "profiles",
        "findings",
        "unused_accepts",
        "coverage",
        "assessed",
        "not_assessed",
        "operating_model",
    ]
    assert data["coverage"]["live_posts"] == 13 and data["coverage"]["kinds"]["channels"] == "stated"
    assert data["organisation"]["name"] == "Nordvik Sport AB"
    assert data["profiles"] == ["default", "multi-country", "size-200-499"]
    first = data["findings"][0]
    assert set(first) == {"rule", "slug", "title", "severity", "subject", "evidence", "message", "suggestions"}
    assert set(first["suggestions"][0]) == {"action", "params", "text", "fallback"}
    accepted = [f for f in data["findings"] if "accepted" in f]
    assert [(f["rule"], f["subject"]) for f in accepted] == [("OD211", "print"), ("OD211", "tv")]


def test_text_summary_lists_every_finding(cli) -> None:
    result = cli("diagnose", DEMO)
    assert result.stdout.startswith("Nordvik Sport AB: 29 findings (1 critical, 7 high, 13 medium, 8 low); 2 accepted")
    assert len(re.findall(r"^[A-Z]+ +OD\d{3} ", result.stdout, re.M)) == 31
    assert "Accepted (not counted above):" in result.stdout
    assert "accepted: as for print: Ljus produces, brand signs off" in result.stdout


def test_fail_on_sets_the_exit_status(cli) -> None:
    assert cli("diagnose", DEMO, "--fail-on", "critical").exit_code == 1
    healthy = DEMO.parent.parent / "healthy/integrated-marketing.yaml"
    assert cli("diagnose", healthy, "--fail-on", "info").exit_code == 0


@pytest.mark.slow
def test_an_unwritable_out_dir_is_a_clear_error(cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    result = cli("diagnose", DEMO, "--out", blocker / "sub")
    assert result.exit_code == 2
    assert f"cannot write to {blocker / 'sub'}" in result.stderr


def test_a_missing_dot_is_a_clear_error(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on this PATH
    result = cli("diagnose", DEMO, "--out", tmp_path / "out")
    assert result.exit_code == 3
    assert "Graphviz's dot is not installed" in result.stderr


def test_a_graphviz_layout_failure_is_a_clear_error(cli, tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'Error: in routesplines, Pshortestpath failed' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    result = cli("diagnose", DEMO, "--out", tmp_path / "out")
    assert result.exit_code == 3
    assert "Graphviz could not lay out the diagram: Error: in routesplines, Pshortestpath failed" in result.stderr
    assert "Traceback" not in result.stderr and "b'" not in result.stderr


@pytest.mark.slow
def test_demo_writes_everything_and_ends_with_where_to_look(cli, tmp_path: Path) -> None:
    result = cli("demo", "--out", tmp_path / "demo")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == sorted([*OUTPUT_FILES, "restructure"])
    assert (tmp_path / "demo" / "restructure" / "after.yaml").is_file()
    last = result.stdout.splitlines()[-7:]
    assert last[0] == f"Where to look, in {tmp_path / 'demo'}/:"
    assert all((tmp_path / "demo" / line.split()[0]).exists() for line in last[1:])


def test_schema_validates_the_demo_and_rejects_a_broken_org(cli) -> None:
    schema = json.loads(cli("schema").stdout)
    assert {"organisation", "units", "positions", "channels", "agencies", "kpis", "links"} <= set(schema["properties"])
    demo = yaml.load(DEMO.read_text(encoding="utf-8"), Loader=OrgYamlLoader)  # noqa: S506
    jsonschema.validate(demo, schema)
    demo["positions"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(demo, schema)


def test_rules_list_and_explain(cli) -> None:
    listing = cli("rules", "list").stdout
    for slug in (
        "channel-silo",
        "channel-level-strategy",
        "overloaded-strategist",
        "agency-kingdom",
        "no-marcom-owner",
    ):
        assert slug in listing
    explained = cli("rules", "explain", "overloaded-strategist").stdout
    assert (
        "min_duties = 4" in explained
        and 'Robert af Klintberg Ryberg, "Sociala medier-debatten missar det viktiga"' in explained
        and '"$gte": {"duties": 4}' in explained
    )
    unknown = cli("rules", "explain", "OD999")
    assert unknown.exit_code == 2 and "no rule 'OD999'" in unknown.stderr


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize(
    ("path", "command"), list(_commands(main)), ids=lambda p: " ".join(p) if isinstance(p, tuple) else ""
)
def test_every_command_has_help_with_an_example(cli, path, command) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"orgdiag {' '.join(path)} --help shows no example"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"orgdiag {' '.join(path)} {param.opts[0]} has no help"


@pytest.mark.slow
def test_every_fixture_org_is_drawn(cli, tmp_path: Path) -> None:
    """Each rule case, the demo and the healthy org, as `diagnose --out` draws them: a PNG Graphviz laid out."""
    fixtures = [
        e.with_name(e.name.replace(".expected.yaml", ".yaml")) for e in sorted(FIXTURES.rglob("*.expected.yaml"))
    ]
    for org in [*fixtures, *(path for _, path in written_cases(tmp_path / "cases"))]:
        out = tmp_path / org.stem
        assert cli("diagnose", org, "--out", out).exit_code == 0, org
        assert (out / "diagram.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", org


@pytest.mark.slow
def test_pages_are_drawn_for_the_first_top_level_units_only_and_the_report_says_so(tmp_path: Path, monkeypatch) -> None:
    """One page per top-level unit without bound: 2,000 units took over a minute, 100,000 never ended (issue 31)."""
    from orgdiag.render import pages
    from orgdiag.synth import synthesize

    monkeypatch.setattr(pages, "MAX_PAGES", 3)
    result = diagnose(OrgFile.model_validate(synthesize(400, seed=0).data))
    tops = len(pages.top_units(result.org))
    assert tops > 3
    write_outputs(result, tmp_path)
    assert len(list((tmp_path / "pages").glob("*.svg"))) == 3
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert f"each of the first 3 top-level units has a page, and the other {tops - 3:,} are in the overview" in report
