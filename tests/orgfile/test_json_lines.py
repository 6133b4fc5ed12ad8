"""The lines of a JSON org file: the same as YAML's line map gives, found in one pass over the text at any size
(the SARIF log asks for the line of every element)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from orgdiag.model.yaml_loader import OrgYamlLoader
from orgdiag.orgfile import lines as lines_module
from orgdiag.orgfile.lines import JsonLines, line_map
from orgdiag.orgfile.read import element_lines
from orgdiag.synth import synthesize, write_synthetic


def _org(positions: int) -> dict:
    return {
        "organisation": {"name": 'Ö "quoted" AB', "profile": {"industry": "retail", "countries": ["SE", "NO"]}},
        "units": [{"id": "u0", "name": "Group"}, {"id": "u1", "name": "Sälj\nA", "parent": "u0"}],
        "positions": [
            {"id": f"p{n}", "title": "Säljare", "unit": "u1", **({"reports_to": f"p{n - 1}"} if n else {})}
            for n in range(positions)
        ],
    }


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(_org(40)),
        json.dumps(_org(40), indent=2),
        "\n\n" + json.dumps(_org(40), indent="\t", ensure_ascii=False) + "\n",
        '{"units": [], "positions":[{"id":"a","title":"A"} ,\n{"id":"b","title":"B"}\n]\n}',
    ],
    ids=["one-line-per-file", "indented", "tabs-and-blank-lines", "odd-spacing"],
)
def test_every_place_has_the_line_yaml_gives_it(text: str) -> None:
    truth, _ = line_map(yaml.compose(text, Loader=OrgYamlLoader))
    found = JsonLines(text)
    assert {path: found[path] for path in truth} == truth
    assert found.get(("positions", 10_000)) is None
    assert found.get(("positions", 0, "nothing")) is None
    assert ("nothing",) not in found


def test_a_key_given_twice_is_placed_where_the_parser_keeps_it() -> None:
    found = JsonLines('{"units": [{"id": "a"}],\n"units": [\n{"id": "b"}]}')
    assert found[("units",)] == 2
    assert found[("units", 0)] == 3


def test_the_lines_of_every_element_take_one_pass_over_the_text(tmp_path: Path, monkeypatch) -> None:
    """A large file's element lines are read in one pass, not one search of the text per element (which took
    minutes at 55,000 positions): the characters the scanners are handed add up to about the file's size."""
    org_file = tmp_path / "big.json"
    write_synthetic(synthesize(60_000, seed=1), org_file)
    text = org_file.read_text(encoding="utf-8")
    assert len(text) > 5_000_000
    handed = []
    decode, along = lines_module._DECODER.raw_decode, lines_module.json_lines_along

    def counted_decode(text: str, start: int = 0) -> tuple[object, int]:
        value, end = decode(text, start)
        handed.append(end - start)
        return value, end

    def counted_along(text: str, path: tuple) -> dict:
        handed.append(len(text))
        return along(text, path)

    monkeypatch.setattr(lines_module._DECODER, "raw_decode", counted_decode)
    monkeypatch.setattr(lines_module, "json_lines_along", counted_along)
    found = element_lines(org_file)
    raw = json.loads(text)
    ids = {item["id"] for items in raw.values() if isinstance(items, list) for item in items if "id" in item}
    assert set(found) == ids
    lines = text.splitlines()
    for index in (0, 777, 59_999):
        position = raw["positions"][index]
        assert f'"id": "{position["id"]}"' in lines[found[position["id"]] - 1]
    assert sum(handed) <= 1.1 * len(text)


def test_nesting_deeper_than_the_json_module_allows_still_gives_lines(cli, tmp_path: Path) -> None:
    """orjson reads 1,000 nested lists, which the json module that steps over values cannot: the lines are then
    found by scanning, and a problem is still reported at its line, never as a traceback."""
    text = '{"organisation": {"name": "X"},\n "units": ' + "[" * 1000 + "]" * 1000 + "}"
    assert JsonLines(text)[("units", 0)] == 2
    org_file = tmp_path / "deep.json"
    org_file.write_text(text, encoding="utf-8")
    result = cli("diagnose", org_file, "--format", "sarif")
    assert result.exit_code == 2
    assert f"{org_file}:2: units[0]" in result.stderr
