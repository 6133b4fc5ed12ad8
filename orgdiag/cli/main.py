"""The ``orgdiag`` command.

Exit status, the same for every command: 0 done, nothing at or above ``--fail-on``; 1 findings at or above
``--fail-on``; 2 bad input (each problem printed with its file, line and ids) or bad usage; 3 the tool failed
(the rules engine, or Graphviz missing or failing).
"""

from __future__ import annotations

import sys
import urllib.parse
from pathlib import Path

import click

from orgdiag import __version__
from orgdiag.baseline import baseline_data
from orgdiag.cli.common import (
    BAD_INPUT,
    BASELINE_OPTION,
    FINDINGS,
    PROFILE_OPTION,
    QUIET_OPTION,
    WRITE_BASELINE_OPTION,
    Commands,
    echo_notes,
    echo_problems,
    echo_summary,
    emit,
    format_option,
    import_options,
    load,
    org_file_given,
    organisation,
    out_dir_option,
    output_option,
    rule_catalogue,
    rule_options,
    run,
    user_baseline,
    user_profile,
    write,
    write_or_fail,
    wrote,
)
from orgdiag.cli.config import find_config, read_config
from orgdiag.cli.progress import PROGRESS_OPTION, Progress, size_of
from orgdiag.cli.streams import STDIN, STDIN_NAME, InputFile, OutputFile, SourceFile, refuse_overwriting, say
from orgdiag.diagnosis import Diagnosis
from orgdiag.files import write_text
from orgdiag.findings import SEVERITIES, FindingsDocument, FindingsJson, Severity
from orgdiag.importers import Imported, ReadOptions
from orgdiag.model import OrgFile
from orgdiag.model.links import element_ids
from orgdiag.orgfile.read import element_lines
from orgdiag.problems import InputError
from orgdiag.render.compare import write_restructuring
from orgdiag.render.comparison.text import summary_line
from orgdiag.render.focus import UnknownFocus
from orgdiag.render.imports import IMPORT_FILES, write_import
from orgdiag.render.outputs import OUTPUT_FILES, findings_json, json_text
from orgdiag.render.overview import FULL_DETAIL_LIMIT
from orgdiag.render.sarif import STDIN_URI, SourceLine, sarif_log
from orgdiag.render.text import clean, render_text
from orgdiag.resources import demo_org_path
from orgdiag.restructuring.plan import restructure
from orgdiag.synth import MIN_POSITIONS, synthesize, write_synthetic


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orgdiag")
@click.option(
    "--config",
    "config_file",
    type=InputFile(".toml"),
    default=None,
    help="Read settings from this file, given before or after the command [default: the nearest orgdiag.toml, or "
    "pyproject.toml with a [tool.orgdiag] table, from the working directory up].",
)
@click.pass_context
def main(ctx: click.Context, config_file: Path | None) -> None:
    """Diagnose an organisation: channel silos, strategy owned at the wrong level, overloaded
    strategists, agency kingdoms, missing anchoring, vanity KPIs, approval bottlenecks and the classic
    org-design problems, with suggestions and an annotated diagram.

    Exit status: 0 done; 1 findings at or above --fail-on; 2 bad input or usage; 3 the tool failed (the rules
    engine, or Graphviz).

    \b
    Example:
      orgdiag diagnose my-org.yaml --out report/
    """
    found = config_file or find_config(Path.cwd())
    if found is not None:
        ctx.default_map = read_config(found)


@main.command("diagnose")
@click.argument("sources", nargs=-1, required=True, type=SourceFile())
@import_options
@rule_options
@PROFILE_OPTION
@format_option(
    'text: a readable summary; json: {"schema_version", "organisation", "profiles", "findings", …} (orgdiag schema '
    "--findings); sarif: SARIF 2.1.0 for code-scanning views, each finding at its subject's line in the org file.",
    ("text", "json", "sarif"),
)
@output_option("the summary, JSON or SARIF")
@out_dir_option(
    "Also write report.html, report.pptx, report.md, findings.xlsx, findings.json and diagram.dot/.svg/.png (and "
    "pages/ when the organisation is too large for one page) into this directory."
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Exit with status 1 if any open finding is at least this severe (for CI use).",
)
@BASELINE_OPTION
@WRITE_BASELINE_OPTION
@click.option(
    "--focus",
    metavar="ID",
    default=None,
    help=f"Draw the neighbourhood of this unit, position, channel or agency (a finding's subject) in full. "
    f"Without it, organisations of more than {FULL_DETAIL_LIMIT} positions, channels, agencies and links are drawn "
    "as an overview of units.",
)
@QUIET_OPTION
@PROGRESS_OPTION
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
    output_file: Path | None,
    out_dir: Path | None,
    fail_on: Severity | None,
    baseline_file: Path | None,
    write_baseline_file: Path | None,
    focus: str | None,
    quiet: bool,
    progress: bool | None,
) -> None:
    """Diagnose the organisation in an org file (YAML or JSON; - reads standard input), or in an HR system's
    export (SOURCES: CSV, XLSX or JSON, imported as `orgdiag import` does; with --out, the import's org.yaml and
    report go there too). --overlay adds what the consultant knows to either (an org file in YAML): an org file's
    sections, the evidence workbook (orgdiag evidence) or a RACI matrix.

    Findings accepted in the org file (`accept:` on the element) are reported as accepted and
    do not count towards the summary or --fail-on; so are those a --baseline lists, which are left out.

    \b
    Examples:
      orgdiag diagnose org.yaml
      orgdiag diagnose org.json --format json -o findings.json
      orgdiag diagnose org.yaml --out diagnosis/ --fail-on high
      orgdiag diagnose org.yaml --format sarif -o orgdiag.sarif
      orgdiag diagnose org.yaml --write-baseline baseline.json
      orgdiag diagnose org.yaml --baseline baseline.json --fail-on low
      orgdiag diagnose org.yaml --rules our-rules/ --skip OD403 --profile strict.yaml
      orgdiag diagnose big-org.json --out diagnosis/ --focus u1234 --quiet
      cat org.yaml | orgdiag diagnose -
      orgdiag diagnose workers.xlsx --preset workday --overlay marketing.yaml --out diagnosis/
      orgdiag diagnose org.yaml --overlay evidence.xlsx --out diagnosis/
    """
    if focus is not None and out_dir is None:
        raise click.UsageError("--focus chooses what the diagram shows: give --out DIR to write it.")
    refuse_overwriting(
        (*sources, profile_file, baseline_file, overlay, map_file),
        [("-o", output_file), ("--write-baseline", write_baseline_file)],
        [(out_dir, (*OUTPUT_FILES, *IMPORT_FILES))],
    )
    progress_shown = Progress.chosen(quiet, progress)
    catalogue = rule_catalogue(packs, only, skip)
    profile = user_profile(profile_file)
    baseline = user_baseline(baseline_file)
    read = ReadOptions(encoding, delimiter, sheet)
    org, imported, notes = organisation(sources, preset, map_file, overlay, infer, read, snapshot)
    if not quiet:
        if imported is not None:
            echo_summary(imported, out_dir)
        echo_notes(overlay, notes)
    progress_shown.done(f"read {size_of(org)}")
    if focus is not None and focus not in (elements := element_ids(org)):
        raise UnknownFocus(focus, elements)
    result = run(org, catalogue, profile, on_stage=progress_shown.stage)
    if write_baseline_file is not None:
        write_or_fail(
            lambda: write_text(write_baseline_file, json_text(baseline_data(result))),
            write_baseline_file,
        )
    shown: Diagnosis = baseline.applied(result) if baseline is not None else result
    if out_dir is not None:
        write(shown, out_dir, focus, progress_shown)
        if imported is not None:
            write_or_fail(lambda: write_import(imported, out_dir), out_dir)
        progress_shown.done(f"wrote {out_dir}/")
    if output_format == "sarif":
        emit(json_text(_sarif(shown, sources, imported)), output_file)
    elif output_format == "json":
        emit(findings_json(shown), output_file)
    elif not quiet or output_file is not None:
        emit(render_text(shown), output_file)
    if out_dir is not None and output_format == "text" and not quiet and output_file is None:
        say(wrote(out_dir, (*OUTPUT_FILES, *(IMPORT_FILES if imported else ()))) + "\n")
    if fail_on is not None and shown.at_least(fail_on):
        sys.exit(FINDINGS)


def _sarif(document: FindingsDocument, sources: tuple[str, ...], imported: Imported | None) -> dict[str, object]:
    """The SARIF log: each finding at the line of the org file that declares its subject, or of the export's row
    that gave it; an organisation read from standard input is the artifact `stdin`."""
    if imported is not None:
        rows = {id_: SourceLine(_uri(row.file), row.line) for id_, row in imported.rows.items()}
        return sarif_log(document, _uri(sources[0]), rows, __version__)
    if sources[0] == STDIN:
        return sarif_log(document, STDIN_URI, {}, __version__)
    return sarif_log(document, _uri(sources[0]), element_lines(sources[0]), __version__)


def _uri(source: str) -> str:
    """A file's URI in a SARIF log: relative with posix slashes, as code-scanning views resolve it in the
    repository; standard input as :data:`STDIN_URI`."""
    if source in (STDIN, STDIN_NAME):
        return STDIN_URI
    path = Path(source)
    return path.as_uri() if path.is_absolute() else urllib.parse.quote(path.as_posix())  # "#" is no fragment


@main.command("check")
@click.argument("org_files", nargs=-1, required=True, type=SourceFile())
@rule_options
@PROFILE_OPTION
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="info",
    show_default=True,
    help="Exit with status 1 if any open finding of any file is at least this severe.",
)
@BASELINE_OPTION
@click.option(
    "--only-org-files",
    is_flag=True,
    help="Skip, saying so, the files that are not org files (YAML or JSON without a top-level 'organisation'): "
    "for the pre-commit hook, given every YAML and JSON file it matches.",
)
@QUIET_OPTION
def check_command(
    org_files: tuple[str, ...],
    packs: tuple[Path, ...],
    only: tuple[str, ...],
    skip: tuple[str, ...],
    profile_file: Path | None,
    fail_on: Severity,
    baseline_file: Path | None,
    only_org_files: bool,
    quiet: bool,
) -> None:
    """Check org files, one line each, and fail on findings: for pre-commit hooks and CI. Each file is
    diagnosed on its own; the line says its open findings, and each finding at or above --fail-on follows it.
    A file with problems is reported with each problem, and the files after it are checked still: the status is
    then 2.

    \b
    Examples:
      orgdiag check orgs/*.yaml
      orgdiag check org.yaml --fail-on high --baseline baseline.json
      orgdiag check --only-org-files $(git ls-files '*.yaml')
    """
    catalogue = rule_catalogue(packs, only, skip)
    profile = user_profile(profile_file)
    baseline = user_baseline(baseline_file)
    failed, bad = False, False
    for org_file in org_files:
        try:
            if only_org_files and not org_file_given(org_file):
                if not quiet:
                    say(f"{clean(org_file)}: skipped, not an org file (no top-level 'organisation')\n")
                continue
            result = run(load(org_file), catalogue, profile)
            shown = baseline.applied(result) if baseline is not None else result
        except InputError as error:
            echo_problems(error)
            bad = True
            continue
        serious = shown.at_least(fail_on)
        failed = failed or bool(serious)
        if quiet and not serious:
            continue
        lines = [f"{clean(org_file)}: {render_text(shown).splitlines()[0]}"]
        for finding in serious:
            where = f"{finding.severity} {finding.rule} {finding.slug} [{finding.subject}]"
            lines.append(f"  {clean(where)}: {clean(finding.message)}")
        say("".join(f"{line}\n" for line in lines))
    if bad:
        sys.exit(BAD_INPUT)
    if failed:
        sys.exit(FINDINGS)


@main.command("demo")
@out_dir_option(
    "Directory to write the demo's report.html, report.pptx, findings.xlsx, diagram and report.md into, and the "
    "proposed restructuring into its restructure/ folder.",
    default=Path("orgdiag-demo"),
)
@QUIET_OPTION
def demo_command(out_dir: Path, quiet: bool) -> None:
    """Diagnose the built-in demo organisation, Nordvik Sport AB, restructure it, and write everything to a
    directory; then say where to look.

    \b
    Example:
      orgdiag demo --out orgdiag-demo
    """
    org = load(str(demo_org_path()))
    result = run(org)
    write(result, out_dir)
    restructured = restructure(org)
    write_or_fail(lambda: write_restructuring(restructured, out_dir / "restructure", "nordvik-sport.yaml"), out_dir)
    if quiet:
        return
    click.echo(render_text(result), nl=False)
    click.echo(f"Restructured: {summary_line(restructured)}")
    click.echo("")
    click.echo(f"Where to look, in {out_dir}/:")
    for name, what in DEMO_GUIDE:
        click.echo(f"  {name:24} {what}")


#: What the demo writes that a reader opens first.
DEMO_GUIDE = (
    ("report.html", "the report: findings, diagram, search (open it in a browser)"),
    ("report.pptx", "the slides a consultant hands over"),
    ("findings.xlsx", "the findings as a workbook"),
    ("diagram.png", "the organisation with its findings marked"),
    ("restructure/report.html", "the proposed organisation beside today's, and what changed"),
    ("restructure/after.yaml", "the proposed organisation, an org file like any other"),
)


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
    "-o",
    "--output",
    "out_file",
    type=OutputFile(stdout=False),
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
      orgdiag synth --positions 100000 --seed 1 -o big.json
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
@click.option(
    "--findings",
    "of_findings",
    is_flag=True,
    help="The schema of the findings document (diagnose --format json, findings.json) instead of the org file's.",
)
@output_option("the schema")
def schema_command(of_findings: bool, output_file: Path | None) -> None:
    """Print the JSON Schema of the org file (for editors and validators), or of the findings document.

    \b
    Examples:
      orgdiag schema > orgdiag.schema.json
      orgdiag schema --findings -o findings.schema.json
    """
    emit(json_text(findings_schema() if of_findings else org_schema()), output_file)


def org_schema() -> dict[str, object]:
    schema = OrgFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "orgdiag organisation file"
    return schema


def findings_schema() -> dict[str, object]:
    schema = FindingsJson.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
