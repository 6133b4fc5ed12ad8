"""`orgdiag rules list|explain|docs`: the rule catalogue."""

from __future__ import annotations

from pathlib import Path

import click

from orgdiag.cli.common import (
    PROFILE_OPTION,
    RULES_OPTION,
    emit,
    format_option,
    load,
    out_dir_option,
    output_option,
    rule_catalogue,
    rule_options,
    user_profile,
)
from orgdiag.cli.main import main
from orgdiag.cli.streams import SourceFile
from orgdiag.files import write_text
from orgdiag.findings import SCHEMA_VERSION
from orgdiag.problems import RuleError
from orgdiag.render.outputs import json_text
from orgdiag.render.text import clean
from orgdiag.rules.docs import INDEX, explanation, published_codes, rule_pages
from orgdiag.rules.profiles import DEFAULT, profiles_of, resolve_thresholds


@main.group("rules")
def rules_group() -> None:
    """List and explain the diagnosis rules.

    \b
    Examples:
      orgdiag rules list
      orgdiag rules explain channel-silo
    """


@rules_group.command("list")
@rule_options
@format_option('text: one line per rule; json: {"schema_version", "rules": [{code, slug, title, severity, family}]}.')
@output_option("the list")
def rules_list_command(
    packs: tuple[Path, ...], only: tuple[str, ...], skip: tuple[str, ...], output_format: str, output_file: Path | None
) -> None:
    """List every rule: code, slug, severity and title.

    \b
    Examples:
      orgdiag rules list --format json
      orgdiag rules list --rules our-rules/
    """
    rules = rule_catalogue(packs, only, skip).rules
    if output_format == "json":
        listed = [
            {
                "code": r.code,
                "slug": r.slug,
                "severity": r.spec.severity,
                "title": r.spec.title,
                "family": r.spec.family,
            }
            for r in rules
        ]
        emit(json_text({"schema_version": SCHEMA_VERSION, "rules": listed}), output_file)
        return
    emit("".join(f"{r.code}  {r.slug:36} {r.spec.severity:9} {clean(r.spec.title)}\n" for r in rules), output_file)


@rules_group.command("explain")
@click.argument("code")
@RULES_OPTION
@click.option(
    "--org",
    "org_file",
    type=SourceFile(),
    default=None,
    help="Show the thresholds in force for this organisation (its size and industry choose the profiles).",
)
@PROFILE_OPTION
def rules_explain_command(code: str, packs: tuple[Path, ...], org_file: str | None, profile_file: Path | None) -> None:
    """Explain one rule, by CODE or slug: what it detects, why, its thresholds and its suggestions.

    \b
    Examples:
      orgdiag rules explain OD101
      orgdiag rules explain agency-kingdom
      orgdiag rules explain too-many-layers --org my-org.yaml --profile strict.yaml
    """
    catalogue = rule_catalogue(packs)
    rule = catalogue.find(code)
    if rule is None:
        raise RuleError([catalogue.unknown_rule(code, "CODE")])
    profile = user_profile(profile_file)
    org = load(org_file) if org_file else None
    applied = profiles_of(org) if org else [DEFAULT]
    thresholds = resolve_thresholds(catalogue, applied, profile)[rule.slug]
    profiles = [*applied, *([profile.name] if profile else [])]
    for line in explanation(rule, thresholds, profiles, org_file):
        click.echo(clean(line))


@rules_group.command("docs")
@out_dir_option("Directory to write one Markdown page per rule into.", default=Path("docs/rules"))
@click.option(
    "--fixtures",
    "fixtures_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("fixtures"),
    show_default=True,
    help="Fixture directory whose rules/<slug>.yaml cases (fires-, near-miss-) become each page's examples.",
)
def rules_docs_command(out_dir: Path, fixtures_dir: Path) -> None:
    """Generate the rule documentation pages from the rule files.

    The index already in the directory names the codes published before: a code whose rule is gone stays in
    the new index as retired, and a rule that takes a published code or slug is refused.

    \b
    Example:
      orgdiag rules docs --out docs/rules
    """
    index = out_dir / INDEX
    published = published_codes(index.read_text(encoding="utf-8")) if index.is_file() else {}
    pages = rule_pages(rule_catalogue(), fixtures_dir if fixtures_dir.is_dir() else None, published)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        write_text(out_dir / name, text)
    click.echo(f"Wrote {len(pages)} pages to {out_dir}/")
