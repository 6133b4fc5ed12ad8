"""Rule packs cannot crash the process: patterns beyond what durable-rules' C compiler takes, and facts that no
join ties, are refused when the rules load, naming the rule file and rule (issue 31)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from orgdiag.problems import InputError
from orgdiag.rules.catalogue import load_catalogue
from orgdiag.rules.limits import MAX_CLASS_SIZE, MAX_GROUP_DEPTH, compile_problem, pattern_problem

from conftest import ROOT

PATTERN_RULE = """
code: XX002
slug: named-post
title: Named post
severity: low
sources: ["000"]
rationale: A test rule.
{params}when:
  all:
    - m: {{$and: [{{t: position}}, {{$imt: {{name: {pattern}}}}}]}}
subject: "{{m.ref}}"
message: "{{m.name}} is named."
suggestions:
  - action: add_link
    params: {{kind: coordinates, between: ["{{m.ref}}", "{{m.ref}}"]}}
    text: Link it.
"""


PARAMS = 'params: {words: {doc: what the title says, default: "chief"}}\n'


def _pack(tmp_path: Path, pattern: str) -> Path:
    text = PATTERN_RULE.format(pattern=json.dumps(pattern, ensure_ascii=False), params=PARAMS * ("$param" in pattern))
    (tmp_path / "XX002-named-post.yaml").write_text(text, "utf-8")
    return tmp_path


def _deep(depth: int) -> str:
    return "(" * depth + "a" + ")" * depth


def _wide(size: int) -> str:
    return "[" + chr(0x100) + "-" + chr(0x100 + size - 1) + "]"


def _crashes(pattern: str) -> bool:
    """Whether durable-rules itself dies compiling `pattern`: the limits are the engine's, not guesses."""
    probe = (
        "import sys\nfrom orgdiag.rules.engine import RuleEngine\n"
        "RuleEngine({'r': {'all': [{'m': {'$mt': {'v': sys.argv[1]}}}]}})"
    )
    return subprocess.run([sys.executable, "-c", probe, pattern], capture_output=True, check=False).returncode < 0


@pytest.mark.slow
def test_the_engine_really_crashes_beyond_the_limits_and_not_at_them() -> None:
    assert _crashes(_deep(127)) and _crashes(_wide(4097))
    assert not _crashes(_deep(MAX_GROUP_DEPTH)) and not _crashes(_wide(MAX_CLASS_SIZE))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (_deep(127), "nests groups 127 deep; the rules engine takes at most 100"),
        ("(?:" * 126 + "a" + ")" * 126, "nests groups 126 deep"),
        (_wide(4097), "has a character class of 4,097 characters"),
        ("[" + chr(0x100) + "-" + chr(0x900) + chr(0x1000) + "-" + chr(0x1800) + "]", "character class of 4,098"),
        ("[\U00010000-\U0001ffff]", "character class of 65,536"),
        ("a" * 5000, "is 5,000 characters long"),
    ],
    ids=["deep-groups", "deep-non-capturing", "wide-class", "two-ranges-in-one-class", "astral-class", "long"],
)
def test_a_pattern_beyond_the_engines_limits_is_refused_at_load(tmp_path: Path, pattern: str, expected: str) -> None:
    with pytest.raises(InputError) as error:
        load_catalogue([_pack(tmp_path, pattern)])
    assert "XX002-named-post.yaml" in str(error.value) and "XX002" in str(error.value)
    assert expected in str(error.value)


def test_patterns_within_the_limits_pass() -> None:
    assert pattern_problem(_deep(MAX_GROUP_DEPTH)) is None
    assert pattern_problem(_wide(MAX_CLASS_SIZE)) is None
    assert pattern_problem(r"^(head|director) of [a-z\]]+\(x") is None


def test_a_crashing_pattern_that_slips_past_the_limits_is_caught_in_a_child_process() -> None:
    assert compile_problem((("$mt", _deep(127)),)) == "the rules engine crashes on it"
    assert compile_problem((("$mt", "^head of"),)) is None


@pytest.mark.slow
def test_a_pattern_that_compiles_without_end_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("orgdiag.rules.limits.COMPILE_SECONDS", 2.0)
    with pytest.raises(InputError) as error:
        load_catalogue([_pack(tmp_path, "(a*)*" * 30)])
    assert "did not compile it within 2 seconds" in str(error.value) and "XX002" in str(error.value)


def test_the_cli_refuses_a_crashing_pack_with_exit_2_and_no_traceback(cli, tmp_path: Path) -> None:
    result = cli("diagnose", ROOT / "fixtures" / "demo" / "nordvik-sport.yaml", "--rules", _pack(tmp_path, _deep(200)))
    assert result.exit_code == 2
    assert "XX002-named-post.yaml" in result.stderr and "nests groups 200 deep" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_profile_cannot_pass_a_crashing_pattern_in_a_threshold(cli, tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    pack = _pack(tmp_path / "pack", "$param:words")
    profile = tmp_path / "profile.yaml"
    profile.write_text(json.dumps({"name": "p", "thresholds": {"XX002": {"words": _wide(5000)}}}), "utf-8")
    result = cli("diagnose", ROOT / "fixtures" / "demo" / "nordvik-sport.yaml", "--rules", pack, "--profile", profile)
    assert result.exit_code == 2
    assert "profile.yaml" in result.stderr and "thresholds.XX002.words" in result.stderr
    assert "character class of 5,000" in result.stderr


UNJOINED = """
code: XX003
slug: every-pair
title: Every pair
severity: low
sources: ["000"]
rationale: A test rule.
when:
  all:
    - a: {t: position}
    - b: {t: position}
    - c: {$and: [{t: position}, {unit: {a: unit}}]}
subject: "{a.ref}"
message: "{a.name} and {b.name}."
suggestions:
  - action: add_link
    params: {kind: coordinates, between: ["{a.ref}", "{b.ref}"]}
    text: Link them.
"""


def test_a_fact_no_join_ties_is_refused_at_load(tmp_path: Path) -> None:
    (tmp_path / "XX003-every-pair.yaml").write_text(UNJOINED, "utf-8")
    with pytest.raises(InputError) as error:
        load_catalogue([tmp_path])
    assert "XX003-every-pair.yaml" in str(error.value)
    assert "the fact 'b' is joined to no other fact of the rule" in str(error.value)
    assert "'a' is joined" not in str(error.value) and "'c' is joined" not in str(error.value)


def test_a_fact_joined_to_another_loads(tmp_path: Path) -> None:
    joined = UNJOINED.replace("- b: {t: position}", "- b: {$and: [{t: position}, {unit: {c: unit}}]}")
    (tmp_path / "XX003-every-pair.yaml").write_text(joined, "utf-8")
    assert load_catalogue([tmp_path]).find("XX003") is not None
