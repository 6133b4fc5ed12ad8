"""The rule catalogue: stable codes and slugs, complete rule files, and clear errors for broken ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orgdiag.diagnosis import diagnose
from orgdiag.orgfile import load_org, parse_org
from orgdiag.problems import InputError
from orgdiag.rules.catalogue import load_catalogue, load_rule
from orgdiag.rules.profiles import builtin_profiles
from orgdiag.rules.sources import SOURCE_LABELS, SOURCES

from conftest import ROOT

#: Every code and slug ever published: they never change and are never reused (add, never edit).
PUBLISHED = {
    "OD101": "channel-silo",
    "OD102": "channel-level-strategy",
    "OD103": "overloaded-strategist",
    "OD104": "agency-kingdom",
    "OD105": "no-marcom-owner",
    "OD106": "dotted-line-silo",
    "OD107": "silo-with-own-agency",
    "OD108": "no-executive-sponsor",
    "OD109": "no-success-criteria",
    "OD110": "kpi-without-business-goal",
    "OD111": "vanity-kpi",
    "OD112": "too-many-kpis",
    "OD113": "roi-without-investment",
    "OD114": "approver-without-channel-competence",
    "OD115": "long-approval-chain",
    "OD116": "communicator-only-voice",
    "OD117": "experiments-before-strategy",
    "OD118": "internal-collaboration-silo",
    "OD119": "operating-model-gap",
    "OD201": "span-too-wide",
    "OD202": "span-too-narrow",
    "OD203": "one-to-one-reporting",
    "OD204": "span-profile",
    "OD205": "too-many-layers",
    "OD206": "deep-marketing-line",
    "OD207": "single-point-of-failure",
    "OD208": "sole-channel-holder",
    "OD209": "sole-agency-contact",
    "OD210": "duplicated-responsibility",
    "OD211": "several-accountable-owners",
    "OD212": "no-accountable-owner",
    "OD301": "many-dotted-managers",
    "OD401": "position-without-unit",
    "OD402": "several-roots",
    "OD403": "empty-unit",
    "OD404": "vacant-post",
    "OD405": "channel-without-decider",
}

GOOD_RULE = """
code: XX001
slug: big-unit
title: Big unit
severity: low
sources: ["000"]
rationale: A test rule.
params: {min_channels: {doc: channels a big unit owns, default: 2}}
when:
  all:
    - m: {$and: [{t: unit}, {$gte: {channels: "$param:min_channels"}}]}
subject: "{m.ref}"
message: "{m.name} owns {m.channels} channels."
suggestions:
  - action: add_link
    params: {kind: coordinates, between: ["{m.ref}", "{m.marketing_unit}"]}
    text: Link {m.name} to marketing.
"""


def test_codes_and_slugs_are_the_published_ones() -> None:
    assert {rule.code: rule.slug for rule in load_catalogue().rules} == PUBLISHED


def test_every_rule_cites_a_source_that_exists() -> None:
    for rule in load_catalogue().rules:
        assert set(rule.spec.sources) <= set(SOURCES) | set(SOURCE_LABELS), rule.slug
        cited = [SOURCES[s] for s in rule.spec.sources if s in SOURCES]
        if cited:
            assert any(s.short in rule.spec.rationale for s in cited), (
                f"{rule.slug}: the rationale should cite its text"
            )
            assert "seed" not in rule.spec.rationale, f"{rule.slug}: texts are cited by author, not by number"
        else:
            assert rule.spec.rationale.lower().startswith(("data quality", "general org-design")), rule.slug


SCANDINAVIAN = re.compile(r"[åäöøæÅÄÖØÆ«»]")
SOURCE_NUMBER = re.compile(r"\(\d{3}\)|\bseed\b", re.IGNORECASE)


def test_what_a_client_reads_of_each_rule_is_plain_english() -> None:
    """Titles, rationales, messages and suggestions are English for a client: the sources' words are quoted in
    translation, and texts are cited by author (reports add the title), never by a number."""
    for rule in load_catalogue().rules:
        spec = rule.spec
        texts = {"title": spec.title, "rationale": spec.rationale, "message": spec.message}
        texts |= {f"suggestion {i}": s.text for i, s in enumerate(spec.suggestions)}
        for place, text in texts.items():
            words = text
            for source in SOURCES.values():  # an author's name is spelt as the author spells it
                words = words.replace(source.short, "")
            assert not SCANDINAVIAN.search(words), f"{rule.code} {place} quotes untranslated words: {text!r}"
            assert not SOURCE_NUMBER.search(text), f"{rule.code} {place} cites a source by number: {text!r}"


def test_every_source_has_an_english_title() -> None:
    for code, source in SOURCES.items():
        assert source.english and not SCANDINAVIAN.search(source.english), code
        assert f"({source.english})" in str(source), code


def test_the_default_profile_gives_every_built_in_threshold_and_no_rule_file_does() -> None:
    default = builtin_profiles()["default"][0].thresholds
    for rule in load_catalogue().rules:
        assert not rule.defaults, f"{rule.slug}: built-in thresholds live in rules/profiles/, not in the rule"
        assert set(default.get(rule.slug, {})) == set(rule.spec.params), rule.slug
        for name, param in rule.spec.params.items():
            assert param.doc, f"{rule.slug}: parameter {name} says nothing about what it means"


def test_parameter_override_changes_the_verdict() -> None:
    org = load_org(ROOT / "fixtures/rules/overloaded-strategist/fires-kommunikasjonsstrateg-with-five-duties.yaml")
    assert any(f.slug == "overloaded-strategist" for f in diagnose(org).findings)
    stricter = diagnose(org, params={"overloaded-strategist": {"min_duties": 6}})
    assert not any(f.slug == "overloaded-strategist" for f in stricter.findings)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({"overloaded-strategist": {"min_dutie": 6}}, "has no threshold 'min_dutie'"), ({"silo": {}}, "no rule 'silo'")],
    ids=["misspelt-threshold", "unknown-rule"],
)
def test_an_override_that_names_nothing_is_an_error(overrides: dict, expected: str) -> None:
    org = load_org(ROOT / "fixtures/demo/nordvik-sport.yaml")
    with pytest.raises(InputError, match=expected):
        diagnose(org, params=overrides)


def test_a_derived_fact_feeds_a_later_rule() -> None:
    """Forward chaining: OD107 matches the `silo` facts that OD101 derives; without OD101 it finds nothing."""
    org = load_org(ROOT / "fixtures/demo/nordvik-sport.yaml")
    catalogue = load_catalogue()
    both = diagnose(org, catalogue.select(only=["channel-silo", "silo-with-own-agency"]))
    assert {(f.slug, f.subject) for f in both.findings if f.rule == "OD107"} == {
        ("silo-with-own-agency", "ehandel"),
        ("silo-with-own-agency", "sociala"),
    }
    alone = diagnose(org, catalogue.select(only=["silo-with-own-agency"]))
    assert alone.findings == ()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_well_formed_rule_loads(tmp_path: Path) -> None:
    assert load_rule(_write(tmp_path, GOOD_RULE)).slug == "big-unit"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("action: add_link", "action: teleport_unit"), "unknown action 'teleport_unit'"),
        (('"$param:min_channels"', '"$param:max_channels"'), "'$param:max_channels' names no parameter"),
        (("text: Link {m.name} to marketing.", "text: Link {u.name} to marketing."), "'{u.…}' names no fact"),
        (("params: {kind: coordinates, ", "params: {"), "'add_link' takes exactly: kind, between"),
        (("severity: low", "severity: dire"), "severity"),
        (("$gte: {channels:", "$nonsense: {channels:"), "the operator '$nonsense' is not supported"),
        (("when:\n", "when: [\n"), "invalid YAML"),
        (('{channels: "$param', '{chanels: "$param'), "'chanels' is not a field of 'unit' facts"),
        (("t: unit", "t: department"), "no fact has the type 'department'"),
        (("{m.name} owns", "{m.title} owns"), "'title' is not a field of 'unit' facts"),
        (("    - m: {$and", "    - s: {$and"), "'s' cannot name a fact"),
        (("when:\n", "derive: unit\nwhen:\n"), "a derived fact needs a type of its own"),
    ],
    ids=[
        "unknown-fact-field",
        "unknown-fact-type",
        "unknown-template-field",
        "reserved-fact-name",
        "derives-a-built-in-type",
        "unknown-action",
        "unknown-parameter",
        "unknown-fact-name",
        "wrong-action-params",
        "bad-severity",
        "condition-the-engine-rejects",
        "invalid-yaml",
    ],
)
def test_a_broken_rule_file_is_reported_with_its_name(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert change[0] in GOOD_RULE
    path = _write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(InputError) as error:
        load_catalogue([tmp_path])
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_a_rule_pack_with_an_error_stops_the_cli_before_any_diagnosis(cli, tmp_path: Path) -> None:
    _write(tmp_path, GOOD_RULE.replace("action: add_link", "action: teleport_unit"))
    result = cli("diagnose", ROOT / "no-such-org.yaml", "--rules", tmp_path)
    assert result.exit_code == 2
    assert "rule.yaml" in result.stderr and "unknown action 'teleport_unit'" in result.stderr
    assert "no such file" not in result.stderr  # the rules were checked first


def test_a_rule_pack_adds_its_rules_and_only_skip_select(cli, tmp_path: Path) -> None:
    _write(tmp_path, GOOD_RULE)
    org = parse_org(
        "organisation: {name: X}\nunits: [{id: u, name: U}]\npositions: [{id: p, title: VD, unit: u}]\n"
        "channels: [{id: a, kind: web, owner: u}, {id: b, kind: crm, owner: u}]\n",
        "x.yaml",
    )
    assert "big-unit" in {f.slug for f in diagnose(org, load_catalogue([tmp_path])).findings}
    listed = cli("rules", "list", "--rules", tmp_path, "--only", "XX001,channel-silo")
    assert listed.exit_code == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["OD101", "XX001"]
    skipped = cli("rules", "list", "--skip", "OD101", "--skip", "no-marcom-owner")
    assert "OD101" not in skipped.stdout and "OD105" not in skipped.stdout and "OD102" in skipped.stdout
    unknown = cli("rules", "list", "--only", "OD999")
    assert unknown.exit_code == 2 and "no rule 'OD999'" in unknown.stderr
