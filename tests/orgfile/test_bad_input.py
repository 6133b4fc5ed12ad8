"""Every problem in an org file: a clear message with the file, the line and the ids, exit 2, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgdiag.orgfile import parse_org
from orgdiag.orgfile.json_keys import duplicate_keys
from orgdiag.problems import InputError

#: The example of the issue, which must load as it is.
ISSUE_EXAMPLE = """\
organisation:
  name: Nordvik Sport AB
  profile: {industry: retail, employees: 420, countries: [SE, NO]}
units:                      # parent makes the unit tree
  - {id: ledning, name: Ledningsgrupp}
  - {id: marknad, name: Marknad, parent: ledning}
  - {id: ehandel, name: E-handel, parent: ledning}
positions:                  # reports_to makes the reporting lines
  - {id: vd, title: VD, unit: ledning}
  - {id: cmo, title: Marknadschef, unit: marknad, reports_to: vd,
     owns: [marcom/budget], decides: [marcom/budget]}
  - {id: some, title: Social media-strateg, unit: ehandel, reports_to: vd,
     owns: [social/strategy, social/content, social/community, social/paid]}
channels:                   # the unit that owns each channel
  - {id: social, kind: social, owner: ehandel}
  - {id: web, kind: web, owner: ehandel}
agencies:                   # external suppliers: who contracted them, which channels they serve, what they own
  - {id: byran, name: Byrå Nord, contracted_by: ehandel, serves: [social], owns: [social/kpis, social/creative]}
kpis:                       # goal links a KPI to a business goal
  - {name: followers, channel: social, owner: byran}
  - {name: online sales from social, channel: social, owner: cmo, goal: grow online sales}
links:                      # collaboration/coordination between units, agencies or positions
  - {kind: collaborates, between: [marknad, ehandel]}
"""


def test_the_issue_example_loads_as_it_is() -> None:
    org = parse_org(ISSUE_EXAMPLE, "example.yaml")
    assert org.organisation.profile.countries == ["SE", "NO"]  # YAML 1.1 would read NO as false
    assert [p.id for p in org.positions] == ["vd", "cmo", "some"]


def test_the_issue_example_is_diagnosed(cli, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(ISSUE_EXAMPLE, encoding="utf-8")
    result = cli("diagnose", path, "--format", "json")
    assert result.exit_code == 0
    assert '"overloaded-strategist"' in result.stdout and '"agency-kingdom"' in result.stdout


BASE = """\
organisation: {name: Test AB}
units:
  - {id: ledning, name: Ledning}
  - {id: marknad, name: Marknad, parent: ledning}
positions:
  - {id: vd, title: VD, unit: ledning}
  - {id: cmo, title: Marknadschef, unit: marknad, reports_to: vd, owns: [marcom/strategy]}
channels:
  - {id: web, kind: web, owner: marknad}
"""

# (name, text, line, fragments the message must contain)
CASES = [
    ("invalid-yaml", "organisation: {name: X\nunits: [\n", 2, ["invalid YAML"]),
    ("not-a-mapping", "- just\n- a list\n", 1, ["must be a mapping"]),
    ("wrong-type", BASE.replace("name: Ledning}", "name: [Ledning]}"), 3, ["units[0].name", "'ledning'", "string"]),
    (
        "missing-key",
        BASE.replace("{id: vd, title: VD, unit: ledning}", "{id: vd, unit: ledning}"),
        6,
        ["'title' is required", "'vd'"],
    ),
    (
        "unknown-key",
        BASE.replace("reports_to: vd,", "reportsto: vd,"),
        7,
        ["unknown key 'reportsto'", "did you mean 'reports_to'"],
    ),
    (
        "unknown-unit",
        BASE.replace("unit: marknad, reports_to", "unit: marketing, reports_to"),
        7,
        ["'marketing' is not a unit id", "'cmo'"],
    ),
    ("unknown-manager", BASE.replace("reports_to: vd", "reports_to: ceo"), 7, ["'ceo' is not a position id", "'cmo'"]),
    (
        "unknown-channel-owner",
        BASE.replace("owner: marknad}", "owner: digital}"),
        9,
        ["'digital' is not a unit id", "'web'"],
    ),
    (
        "unknown-parent",
        BASE.replace("parent: ledning}", "parent: ledningen}"),
        4,
        ["'ledningen' is not a unit id", "did you mean 'ledning'"],
    ),
    (
        "unknown-channel-in-scope",
        BASE.replace("owns: [marcom/strategy]", "owns: [tiktok/strategy]"),
        7,
        ["scope 'tiktok'", "'cmo'"],
    ),
    (
        "misspelt-area-in-scope",
        BASE.replace("owns: [marcom/strategy]", "owns: [partnership/strategy]"),
        7,
        ["scope 'partnership'", "an area beyond the channels", "did you mean 'partnerships'", "'cmo'"],
    ),
    (
        "channel-named-for-an-area",
        BASE.replace("{id: web, kind: web,", "{id: industry-engagement, kind: other,"),
        9,
        ["'industry-engagement' is an area beyond the channels, not a channel", "channels[0].id"],
    ),
    (
        "unknown-responsibility",
        BASE.replace("owns: [marcom/strategy]", "owns: [marcom/stratgy]"),
        7,
        ["unknown responsibility 'stratgy'", "did you mean 'strategy'"],
    ),
    (
        "not-scope-slash-word",
        BASE.replace("owns: [marcom/strategy]", "owns: [strategy]"),
        7,
        ["must be SCOPE/RESPONSIBILITY"],
    ),
    (
        "duplicate-id",
        BASE + "  - {id: vd, kind: social, owner: marknad}\n",
        10,
        ["duplicate id 'vd'", "positions[0].id"],
    ),
    (
        "reporting-cycle",
        BASE.replace("{id: vd, title: VD, unit: ledning}", "{id: vd, title: VD, unit: ledning, reports_to: cmo}"),
        7,
        ["reporting lines loop", "cmo -> vd -> cmo"],
    ),
    (
        "unit-tree-cycle",
        BASE.replace("{id: ledning, name: Ledning}", "{id: ledning, name: Ledning, parent: marknad}"),
        3,
        ["unit tree loops", "ledning -> marknad -> ledning"],
    ),
    (
        "duplicate-key",
        BASE.replace("{id: vd, title: VD, unit: ledning}", "{id: vd, title: VD, title: CEO, unit: ledning}"),
        6,
        ["key 'title' appears twice"],
    ),
    (
        "unknown-link-end",
        BASE + "links:\n  - {kind: collaborates, between: [marknad, nowhere]}\n",
        11,
        ["'nowhere' is not a unit, position or agency id"],
    ),
    (
        "unknown-channel-kind",
        BASE.replace("kind: web,", "kind: webb,"),
        9,
        ["unknown channel kind 'webb'", "did you mean 'web'"],
    ),
    (
        "dotted-line-to-itself",
        BASE.replace("reports_to: vd,", "reports_to: vd, dotted_to: [cmo],"),
        7,
        ["'cmo' has a dotted line to itself"],
    ),
    (
        "dotted-line-is-the-solid-line",
        BASE.replace("reports_to: vd,", "reports_to: vd, dotted_to: [vd],"),
        7,
        ["'vd' is already the solid-line manager"],
    ),
    (
        "dotted-line-to-nobody",
        BASE.replace("reports_to: vd,", "reports_to: vd, dotted_to: [cfo],"),
        7,
        ["'cfo' is not a position id", "'cmo'"],
    ),
    (
        "takes-part-in-no-channel",
        BASE.replace("unit: ledning}", "unit: ledning, takes_part: [social]}"),
        6,
        ["'social' is not a channel id"],
    ),
    (
        "approval-by-nobody",
        BASE + "approvals:\n  - {channel: web, steps: [vd, legal]}\n",
        11,
        ["approvals[0].steps[1]", "'legal' is not a position id"],
    ),
    (
        "empty-approval-chain",
        BASE + "approvals:\n  - {channel: web, steps: []}\n",
        11,
        ["approvals[0].steps", "at least 1 item"],
    ),
    (
        "budget-of-nothing",
        BASE + "budgets:\n  - {channel: web, owner: cmo, amount: 0}\n",
        11,
        ["budgets[0].amount", "greater than 0"],
    ),
    (
        "experiment-on-unknown-channel",
        BASE + "experiments:\n  - {name: Pilot, channel: tiktok, owner: cmo}\n",
        11,
        ["'tiktok' is not a channel id"],
    ),
    (
        "agency-contact-unknown",
        BASE + "agencies:\n  - {id: a, name: A, contracted_by: marknad, contact: anna}\n",
        11,
        ["'anna' is not a position id"],
    ),
    (
        "accept-without-reason",
        BASE.replace("kind: web,", "kind: web, accept: [{rule: OD109}],"),
        9,
        ["channels[0].accept[0].reason", "required"],
    ),
    (
        "unknown-kpi-kind",
        BASE + "kpis:\n  - {name: x, channel: web, owner: cmo, kind: vanity}\n",
        11,
        ["kpis[0].kind", "'roi'"],
    ),
]


@pytest.mark.parametrize(("name", "text", "line", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_bad_org_file_gets_a_clear_message_and_exit_2(
    cli, tmp_path: Path, name: str, text: str, line: int, fragments: list[str]
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("diagnose", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{path}:{line}:" in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_all_problems_of_a_file_are_reported_in_one_run() -> None:
    text = (
        BASE.replace("reports_to: vd", "reports_to: ceo")
        .replace("owner: marknad}", "owner: digital}")
        .replace("name: Ledning}", "name: [Ledning]}")
        .replace("owns: [marcom/strategy]", "owns: [marcom/stratgy]")
    )
    with pytest.raises(InputError) as error:
        parse_org(text, "many.yaml")
    messages = str(error.value)
    for fragment in ("'ceo' is not a position id", "'digital' is not a unit id", "units[0].name", "stratgy"):
        assert fragment in messages
    assert len(error.value.problems) == 4


def test_a_type_error_does_not_also_report_its_id_as_unknown() -> None:
    text = BASE.replace("{id: vd, title: VD, unit: ledning}", "{id: vd, title: 7, unit: ledning, holder: [x]}")
    with pytest.raises(InputError) as error:
        parse_org(text, "x.yaml")
    assert "'vd' is not a position id" not in str(error.value)


def test_invalid_json_names_the_line(cli, tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text('{\n  "organisation": {"name": "X"},\n  "units": [,]\n}\n', encoding="utf-8")
    result = cli("diagnose", path)
    assert result.exit_code == 2
    assert f"{path}:3: invalid JSON" in result.stderr


def test_json_problems_have_lines_too(cli, tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text(
        textwrap.dedent("""\
        {
          "organisation": {"name": "X"},
          "units": [{"id": "a", "name": "A"}],
          "positions": [
            {"id": "p", "title": "VD", "unit": "b"}
          ]
        }
        """),
        encoding="utf-8",
    )
    result = cli("diagnose", path)
    assert result.exit_code == 2
    assert f"{path}:5: positions[0].unit 'p': 'b' is not a unit id" in result.stderr


def test_a_key_given_twice_in_json_is_reported_at_its_line_not_silently_kept_last(cli, tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text(
        textwrap.dedent("""\
        {
          "organisation": {"name": "X"},
          "positions": [{"id": "a", "title": "VD"}],
          "positions": [
            {"id": "p", "title": "CFO",
             "title": "COO"}
          ]
        }
        """),
        encoding="utf-8",
    )
    result = cli("diagnose", path)
    assert result.exit_code == 2
    assert f"{path}:4: key 'positions' appears twice in the same mapping" in result.stderr
    assert f"{path}:6: positions[0]: key 'title' appears twice in the same mapping" in result.stderr


@settings(max_examples=200, deadline=None)
@given(
    document=st.recursive(
        st.none() | st.integers(-(2**63), 2**63 - 1) | st.text(alphabet='ab":\\ \n\t{}[],\u00e5'),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='ab":\\ ', max_size=3), inner, max_size=3)
        ),
        max_leaves=12,
    ),
    ascii_only=st.booleans(),
    indent=st.sampled_from([None, 1]),
    separator=st.sampled_from([": ", ":", " : "]),
)
def test_keys_given_twice_are_found_exactly_however_the_json_is_written(
    document: object, ascii_only: bool, indent: int | None, separator: str
) -> None:
    text = json.dumps(document, ensure_ascii=ascii_only, indent=indent, separators=(",", separator))
    assert duplicate_keys(text, orjson.loads(text)) == []
    if isinstance(document, dict) and document:
        key = next(iter(document))
        doubled = "{" + json.dumps(key) + separator + "0, " + text[1:]
        assert [(place, found) for place, found, _ in duplicate_keys(doubled, orjson.loads(doubled))] == [((), key)]


def test_a_missing_file_is_bad_input(cli, tmp_path: Path) -> None:
    result = cli("diagnose", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml: no such file" in result.stderr


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    """The real console script, not the in-process runner: what a user sees."""
    path = tmp_path / "bad.yaml"
    path.write_text(BASE.replace("reports_to: vd", "reports_to: ceo"), encoding="utf-8")
    script = Path(sys.executable).parent / "orgdiag"
    done = subprocess.run([str(script), "diagnose", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "'ceo' is not a position id" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_yaml_alias_bomb_is_refused_quickly(cli, tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text(
        "anchors:\n" + "\n".join("  " + line for line in levels) + "\norganisation: {name: X, profile: {bomb: *a8}}\n",
        encoding="utf-8",
    )
    result = cli("diagnose", path)
    assert result.exit_code == 2
    assert "YAML aliases repeat more than" in result.stderr


def test_aliases_of_ordinary_size_are_fine() -> None:
    org = parse_org(
        BASE.replace("owns: [marcom/strategy]}", "owns: &mine [marcom/strategy]}")
        + "  - {id: print, kind: print, owner: marknad}\n",
        "aliases.yaml",
    )
    assert org.positions[1].owns == ["marcom/strategy"]


def test_a_file_that_is_not_utf8_gets_a_clear_message(cli, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(BASE.replace("Marknad,", "Marknadsföring,").encode("cp1252"))
    result = cli("diagnose", path)
    assert result.exit_code == 2
    assert f"{path}:4: is not UTF-8 text (invalid start byte" in result.stderr
    assert "save it as UTF-8" in result.stderr


@pytest.mark.slow
def test_problems_deep_in_a_large_json_file_name_their_lines(cli, tmp_path: Path) -> None:
    """In a file of several megabytes, each problem's line is found in the item it lies in."""
    from orgdiag.synth import synthesize, write_synthetic

    org_file = tmp_path / "big.json"
    write_synthetic(synthesize(60_000, seed=1), org_file)
    lines = org_file.read_text(encoding="utf-8").splitlines()
    assert len(org_file.read_text(encoding="utf-8")) > 5_000_000
    late = next(n for n in range(len(lines) - 1, 0, -1) if '"id": "p59990"' in lines[n])
    lines[late] = lines[late].replace('"reports_to": "', '"reports_to": "nobody-')
    early = next(n for n in range(len(lines)) if '"id": "p20"' in lines[n])
    lines[early + 1] = lines[early + 1].replace('"id": "p21"', '"id": "p20"')
    org_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("diagnose", org_file)
    assert result.exit_code == 2
    assert f"big.json:{early + 2}: positions[21].id 'p20': duplicate id 'p20'" in result.stderr
    assert f"big.json:{late + 1}: positions[59990].reports_to 'p59990': 'nobody-" in result.stderr
