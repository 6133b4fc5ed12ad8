"""`orgdiag rules list|explain|docs`: the rule catalogue."""

from __future__ import annotations

from pathlib import Path

import click

from orgdiag.cli.common import (
    PROFILE_OPTION,
    RULES_OPTION,
    fail_on_input,
    format_option,
    load,
    out_dir_option,
    rule_catalogue,
    rule_options,
    user_profile,
)
from orgdiag.cli.main import main
from orgdiag.problems import InputError
from orgdiag.render.outputs import json_text
from orgdiag.render.text import clean
from orgdiag.rules.docs import explanation, rule_pages
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
@format_option("text: one line per rule; json: code, slug, title and severity of each.")
def rules_list_command(
    packs: tuple[Path, ...], only: tuple[str, ...], skip: tuple[str, ...], output_format: str
) -> None:
    """List every rule: code, slug, severity and title.

    \b
    Examples:
      orgdiag rules list --format json
      orgdiag rules list --rules our-rules/
    """
    rules = rule_catalogue(packs, only, skip).rules
    if output_format == "json":
        data = [{"code": r.code, "slug": r.slug, "severity": r.spec.severity, "title": r.spec.title} for r in rules]
        click.echo(json_text(data), nl=False)
        return
    for rule in rules:
        click.echo(f"{rule.code}  {rule.slug:36} {rule.spec.severity:9} {rule.spec.title}")


@rules_group.command("explain")
@click.argument("code")
@RULES_OPTION
@click.option(
    "--org",
    "org_file",
    type=click.Path(dir_okay=False),
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
        known = ", ".join(f"{r.code} ({r.slug})" for r in catalogue.rules)
        raise click.BadParameter(f"no rule '{code}'; the rules are: {known}", param_hint="CODE")
    profile = user_profile(profile_file)
    org = load(org_file) if org_file else None
    applied = profiles_of(org) if org else [DEFAULT]
    try:
        thresholds = resolve_thresholds(catalogue, applied, profile)[rule.slug]
    except InputError as error:
        fail_on_input(error)
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
    help="Fixture directory whose fires-/near-miss- cases become each page's examples.",
)
def rules_docs_command(out_dir: Path, fixtures_dir: Path) -> None:
    """Generate the rule documentation pages from the rule files.

    \b
    Example:
      orgdiag rules docs --out docs/rules
    """
    pages = rule_pages(rule_catalogue(), fixtures_dir if fixtures_dir.is_dir() else None)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    click.echo(f"Wrote {len(pages)} pages to {out_dir}/")
