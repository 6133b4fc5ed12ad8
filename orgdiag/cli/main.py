"""The ``orgdiag`` command.

Exit status: 0 done; 1 findings at or above ``--fail-on``, or the rules engine
failed; 2 bad input (each problem printed with its file, line and ids) or bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from orgdiag.cli.common import (
    BAD_INPUT,
    PROFILE_OPTION,
    echo_summary,
    format_option,
    import_export,
    import_options,
    is_export,
    load,
    out_dir_option,
    rule_catalogue,
    rule_options,
    run,
    user_profile,
    write,
    write_or_fail,
    wrote,
)
from orgdiag.findings import SEVERITIES, severity_rank
from orgdiag.importers import ReadOptions
from orgdiag.model import OrgFile
from orgdiag.model.links import home_units
from orgdiag.render.imports import IMPORT_FILES, write_import
from orgdiag.render.outputs import OUTPUT_FILES, findings_json, json_text
from orgdiag.render.overview import FULL_DETAIL_LIMIT
from orgdiag.render.text import clean, render_text
from orgdiag.resources import demo_org_path
from orgdiag.synth import MIN_POSITIONS, synthesize, write_synthetic


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="orgdiag")
def main() -> None:
    """Diagnose an organisation: channel silos, strategy owned at the wrong level, overloaded
    strategists, agency kingdoms, missing anchoring, vanity KPIs, approval bottlenecks and the classic
    org-design problems, with suggestions and an annotated diagram.

    \b
    Example:
      orgdiag diagnose my-org.yaml --out report/
    """


@main.command("diagnose")
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False))
@import_options
@rule_options
@PROFILE_OPTION
@format_option(
    'text: a readable summary; json: {"organisation", "profiles", "findings", "unused_accepts"} and nothing else.'
)
@out_dir_option(
    "Also write report.html, report.pptx, report.md, findings.xlsx, findings.json and diagram.dot/.svg/.png (and "
    "pages/ when the organisation is too large for one page) into this directory."
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Exit with status 1 if any finding is at least this severe (for CI use).",
)
@click.option(
    "--focus",
    metavar="ID",
    default=None,
    help=f"Draw the neighbourhood of this unit, position, channel or agency (a finding's subject) in full. "
    f"Without it, organisations of more than {FULL_DETAIL_LIMIT} positions are drawn as an overview of units.",
)
def diagnose_command(
    sources: tuple[str, ...],
    preset: str | None,
    map_file: Path | None,
    overlay: Path | None,
    infer: bool,
    sheet: str | None,
    encoding: str | None,
    delimiter: str | None,
    snapshot: str | None,
    packs: tuple[Path, ...],
    only: tuple[str, ...],
    skip: tuple[str, ...],
    profile_file: Path | None,
    output_format: str,
    out_dir: Path | None,
    fail_on: str | None,
    focus: str | None,
) -> None:
    """Diagnose the organisation in an org file (YAML or JSON), or in an HR system's export (SOURCES: CSV,
    XLSX or JSON, imported as `orgdiag import` does; with --out, the import's org.yaml and report go there too).

    Findings accepted in the org file (`accept:` on the element) are reported as accepted and
    do not count towards the summary or --fail-on.

    \b
    Examples:
      orgdiag diagnose org.yaml
      orgdiag diagnose org.json --format json > findings.json
      orgdiag diagnose org.yaml --out diagnosis/ --fail-on high
      orgdiag diagnose org.yaml --rules our-rules/ --skip OD403 --profile strict.yaml
      orgdiag diagnose big-org.json --out diagnosis/ --focus u1234
      orgdiag diagnose workers.xlsx --preset workday --overlay marketing.yaml --out diagnosis/
    """
    if focus is not None and out_dir is None:
        raise click.UsageError("--focus chooses what the diagram shows: give --out DIR to write it.")
    catalogue = rule_catalogue(packs, only, skip)
    profile = user_profile(profile_file)
    imported = None
    if is_export(sources, preset, map_file, overlay):
        imported = import_export(
            sources, preset, map_file, overlay, infer, ReadOptions(encoding, delimiter, sheet), snapshot
        )
        org = imported.org
        echo_summary(imported, out_dir)
    else:
        org = load(sources[0])
    if focus is not None and focus not in home_units(org):
        what = "is not the id of a unit, position, channel or agency in"
        click.echo(f"orgdiag: --focus '{clean(focus)}' {what} {clean(sources[0])}", err=True)
        sys.exit(BAD_INPUT)
    result = run(org, catalogue, profile)
    if output_format == "json":
        click.echo(findings_json(result), nl=False)
    else:
        click.echo(render_text(result), nl=False)
    if out_dir is not None:
        write(result, out_dir, focus)
        if imported is not None:
            write_or_fail(lambda: write_import(imported, out_dir), out_dir)
        if output_format == "text":
            click.echo(wrote(out_dir, (*OUTPUT_FILES, *(IMPORT_FILES if imported else ()))))
    if fail_on and any(severity_rank(f.severity) >= severity_rank(fail_on) for f in result.open_findings):
        sys.exit(1)


@main.command("demo")
@out_dir_option(
    "Directory to write the demo's report.html, report.pptx, findings.xlsx, diagram and report.md into.",
    default=Path("orgdiag-demo"),
)
def demo_command(out_dir: Path) -> None:
    """Diagnose the built-in demo organisation, Nordvik Sport AB, and write everything to a directory.

    \b
    Example:
      orgdiag demo --out orgdiag-demo
    """
    result = run(load(str(demo_org_path())))
    write(result, out_dir)
    click.echo(render_text(result), nl=False)
    click.echo(wrote(out_dir))


@main.command("synth")
@click.option("--positions", type=click.IntRange(min=MIN_POSITIONS), required=True, help="How many positions.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same file.")
@click.option(
    "--plants",
    type=click.IntRange(min=1),
    default=None,
    help="Instances of each pattern to plant [default: about √positions / 30, at least 1].",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The org file to write (.json, one element per line; or .yaml). "
    "The findings a correct diagnosis gives go beside it in NAME.expected.yaml.",
)
def synth_command(positions: int, seed: int, plants: int | None, out_file: Path) -> None:
    """Write a synthetic organisation of any size with known problems planted in it.

    A unit tree of business divisions, a marketing organisation with channel units and
    agencies, healthy look-alikes of each pattern, and a known number of instances of
    each headline pattern, listed in NAME.expected.yaml: for benchmarks and scale tests.

    \b
    Examples:
      orgdiag synth --positions 100000 --seed 1 --out big.json
      orgdiag diagnose big.json --out big-diagnosis/
    """
    try:
        synthetic = synthesize(positions, seed=seed, plants=plants)
    except ValueError as error:
        raise click.UsageError(f"{error}: plant fewer (--plants) or ask for more --positions") from None
    try:
        expected = write_synthetic(synthetic, out_file)
    except OSError as error:
        click.echo(f"orgdiag: cannot write {clean(str(out_file))}: {clean(error.strerror or str(error))}", err=True)
        sys.exit(BAD_INPUT)
    click.echo(
        f"Wrote {out_file} ({positions:,} positions, {len(synthetic.data['units']):,} units) "
        f"and {expected} ({len(synthetic.expected)} planted findings)"
    )


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the org file, for editors and validators.

    \b
    Example:
      orgdiag schema > orgdiag.schema.json
    """
    schema = OrgFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "orgdiag organisation file"
    click.echo(json_text(schema), nl=False)
