"""The ``orgdiag`` command.

Exit status: 0 done; 1 findings at or above ``--fail-on``, or the rules engine
failed; 2 bad input (each problem printed with its file, line and ids) or bad usage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import click
import graphviz

from orgdiag.catalogue import Catalogue, builtin_catalogue, load_catalogue
from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.engine import EngineError
from orgdiag.findings import SEVERITIES, severity_rank
from orgdiag.importers import Imported, ReadOptions, import_org, load_map, presets
from orgdiag.model import OrgFile
from orgdiag.orgfile import dump_org, dump_org_json, load_org
from orgdiag.problems import InputError
from orgdiag.profiles import DEFAULT, ThresholdProfile, load_profile, profiles_of, resolve_thresholds
from orgdiag.render.compare import (
    COMPARE_FILES,
    RESTRUCTURE_FILES,
    changes_data,
    findings_line,
    summary_line,
    write_comparison,
    write_restructuring,
)
from orgdiag.render.imports import IMPORT_FILES, import_text, write_import
from orgdiag.render.outputs import OUTPUT_FILES, findings_json, json_text, write_outputs
from orgdiag.render.overview import FULL_DETAIL_LIMIT, unit_of_elements
from orgdiag.render.ruledocs import rule_pages
from orgdiag.render.text import clean, render_text
from orgdiag.resources import demo_org_path
from orgdiag.restructure import check_selectors, compare, restructure
from orgdiag.synth import MIN_POSITIONS, synthesize, write_synthetic

BAD_INPUT = 2

T = TypeVar("T")


def _fail_on_input(error: InputError) -> NoReturn:
    files = sorted({p.file for p in error.problems})
    count = len(error.problems)
    click.echo(f"orgdiag: {count} problem{'s' if count != 1 else ''} in {', '.join(files)}:", err=True)
    for problem in error.problems:
        click.echo(f"  {clean(str(problem))}", err=True)
    sys.exit(BAD_INPUT)


def _load(path: str) -> OrgFile:
    try:
        return load_org(path)
    except InputError as error:
        _fail_on_input(error)


def _names(values: tuple[str, ...]) -> list[str]:
    """Rule names given as repeated options and/or comma-separated lists."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _catalogue(packs: tuple[Path, ...] = (), only: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> Catalogue:
    """The built-in rules plus the rule packs, selected; any problem with them ends the run with status 2."""
    try:
        catalogue = load_catalogue(packs) if packs else builtin_catalogue()
        return catalogue.select(_names(only), _names(skip)) if only or skip else catalogue
    except InputError as error:
        _fail_on_input(error)
    except ValueError as error:
        click.echo(f"orgdiag: {clean(str(error))}", err=True)
        sys.exit(BAD_INPUT)


def _profile(path: Path | None) -> ThresholdProfile | None:
    try:
        return load_profile(path) if path is not None else None
    except InputError as error:
        _fail_on_input(error)


def _run(org: OrgFile, catalogue: Catalogue | None = None, profile: ThresholdProfile | None = None) -> Diagnosis:
    return _diagnosing(lambda: diagnose(org, catalogue or _catalogue(), profile=profile))


def _diagnosing(work: Callable[[], T]) -> T:
    """Run work that diagnoses: bad input ends the run with status 2, an engine failure with status 1."""
    try:
        return work()
    except InputError as error:
        _fail_on_input(error)
    except EngineError as error:
        click.echo(f"orgdiag: the rules engine failed: {error}", err=True)
        sys.exit(1)


_RULES_OPTION = click.option(
    "--rules",
    "packs",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Add the rule files (*.yaml) of this directory to the built-in rules (repeatable).",
)


def _rule_options(command: Callable[..., None]) -> Callable[..., None]:
    """--rules, --only and --skip: which rules run."""
    for name, verb in (("--skip", "Leave out"), ("--only", "Run only")):
        help_text = f"{verb} these rules (codes or slugs; repeat or separate with commas)."
        command = click.option(name, multiple=True, metavar="RULES", help=help_text)(command)
    return _RULES_OPTION(command)


def _format_option(meaning: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--format text|json, with what each gives for this command."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=meaning,
    )


_PROFILE_OPTION = click.option(
    "--profile",
    "profile_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A threshold profile of your own (YAML: thresholds: {RULE: {NAME: VALUE}}), over the built-in ones.",
)


#: File suffixes that are exports to import, not org files, even without --preset or --map.
EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")


def _import_options(command: Callable[..., None]) -> Callable[..., None]:
    """How to read an export: --preset or --map, --overlay, --no-infer, and the reader's overrides."""
    options = [
        click.option(
            "--preset", metavar="NAME", help="The system the export comes from (see orgdiag import --list-presets)."
        ),
        click.option(
            "--map",
            "map_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="A column map (YAML) for an export no preset knows: which column holds the id, name, manager….",
        ),
        click.option(
            "--overlay",
            type=click.Path(dir_okay=False, path_type=Path),
            help="An org file of what the export lacks (channels, agencies, owns/decides, KPIs, links), over it.",
        ),
        click.option(
            "--infer/--no-infer",
            default=True,
            show_default=True,
            help="Read roles from titles and channels from unit names and titles (marked as inferred).",
        ),
        click.option("--sheet", metavar="NAME", help="XLSX: the sheet to read [default: the first]."),
        click.option(
            "--encoding", metavar="NAME", help="CSV: the encoding [default: detected: UTF-8, UTF-16 or cp1252]."
        ),
        click.option("--delimiter", metavar="CHAR", help="CSV: the delimiter [default: detected among , ; tab |]."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _import(
    sources: tuple[str, ...],
    preset: str | None,
    map_file: Path | None,
    overlay: Path | None,
    infer: bool,
    read: ReadOptions,
) -> Imported:
    """Import exports; bad input (a file, a column, an overlay entry) ends the run with status 2."""
    if preset and map_file:
        raise click.UsageError("give --preset or --map, not both")
    try:
        column_map = load_map(map_file) if map_file else preset
        return import_org(sources, column_map, overlay, infer, read)
    except InputError as error:
        _fail_on_input(error)


def _is_export(sources: tuple[str, ...], preset: str | None, map_file: Path | None, overlay: Path | None) -> bool:
    """Whether diagnose was given an export to import rather than an org file."""
    return bool(preset or map_file or overlay or len(sources) > 1 or Path(sources[0]).suffix.lower() in EXPORT_SUFFIXES)


def _echo_summary(imported: Imported, out_dir: Path | None) -> None:
    """The import's two summary lines on stderr (stdout stays the diagnosis), and where the details are."""
    for line in imported.report.summary().splitlines():
        click.echo(clean(line), err=True)
    if imported.report.not_used or imported.report.notes:
        where = f"{clean(str(out_dir))}/import-report.md" if out_dir else "orgdiag import … for the report"
        click.echo(f"Data-quality notes: see {where}", err=True)


def _write(result: Diagnosis, out_dir: Path, focus: str | None = None) -> None:
    """Write the outputs, or explain why they cannot be written."""
    _write_or_fail(lambda: write_outputs(result, out_dir, focus), out_dir)


def _write_or_fail(write: Callable[[], object], out_dir: Path) -> None:
    """Run a writer of diagrams and files; a missing Graphviz, a layout failure or an unwritable directory is
    reported, never a traceback."""
    try:
        write()
    except graphviz.ExecutableNotFound:
        click.echo(
            "orgdiag: Graphviz's dot is not installed, so no diagram can be drawn. Install it "
            "(apt-get install graphviz, brew install graphviz, or https://graphviz.org/download/) and run again.",
            err=True,
        )
        sys.exit(1)
    except graphviz.CalledProcessError as error:
        click.echo(f"orgdiag: Graphviz could not lay out the diagram: {clean(str(error.stderr or error))}", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"orgdiag: cannot write to {clean(str(out_dir))}: {clean(error.strerror or str(error))}", err=True)
        sys.exit(BAD_INPUT)


def _wrote(out_dir: Path, files: tuple[str, ...] = OUTPUT_FILES) -> str:
    return f"Wrote {out_dir}/: {', '.join(files)}"


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
@_import_options
@_rule_options
@_PROFILE_OPTION
@_format_option(
    'text: a readable summary; json: {"organisation", "profiles", "findings", "unused_accepts"} and nothing else.'
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write diagram.dot/.svg/.png, findings.json and report.md into this directory.",
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
    catalogue = _catalogue(packs, only, skip)
    profile = _profile(profile_file)
    imported = None
    if _is_export(sources, preset, map_file, overlay):
        imported = _import(sources, preset, map_file, overlay, infer, ReadOptions(encoding, delimiter, sheet))
        org = imported.org
        _echo_summary(imported, out_dir)
    else:
        org = _load(sources[0])
    if focus is not None and focus not in unit_of_elements(org):
        what = "is not the id of a unit, position, channel or agency in"
        click.echo(f"orgdiag: --focus '{clean(focus)}' {what} {clean(sources[0])}", err=True)
        sys.exit(BAD_INPUT)
    result = _run(org, catalogue, profile)
    if output_format == "json":
        click.echo(findings_json(result), nl=False)
    else:
        click.echo(render_text(result), nl=False)
    if out_dir is not None:
        _write(result, out_dir, focus)
        if imported is not None:
            _write_or_fail(lambda: write_import(imported, out_dir), out_dir)
        if output_format == "text":
            click.echo(_wrote(out_dir, (*OUTPUT_FILES, *(IMPORT_FILES if imported else ()))))
    if fail_on and any(severity_rank(f.severity) >= severity_rank(fail_on) for f in result.open_findings):
        sys.exit(1)


@main.command("demo")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("orgdiag-demo"),
    show_default=True,
    help="Directory to write the demo's diagram, findings and report into.",
)
def demo_command(out_dir: Path) -> None:
    """Diagnose the built-in demo organisation, Nordvik Sport AB, and write everything to a directory.

    \b
    Example:
      orgdiag demo --out orgdiag-demo
    """
    result = _run(_load(str(demo_org_path())))
    _write(result, out_dir)
    click.echo(render_text(result), nl=False)
    click.echo(_wrote(out_dir))


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


@main.command("import")
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False))
@_import_options
@click.option(
    "-o",
    "--output",
    "output_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the organisation to this org file (.yaml, or .json for large ones) [default: YAML on stdout].",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Also write {', '.join(IMPORT_FILES)} into this directory.",
)
@_format_option("the data-quality report: text (on stderr when the organisation goes to stdout) or json.")
@click.option("--list-presets", is_flag=True, help="List the presets: the systems whose exports orgdiag knows.")
def import_command(
    sources: tuple[str, ...],
    preset: str | None,
    map_file: Path | None,
    overlay: Path | None,
    infer: bool,
    sheet: str | None,
    encoding: str | None,
    delimiter: str | None,
    output_file: Path | None,
    out_dir: Path | None,
    output_format: str,
    list_presets: bool,
) -> None:
    """Import HR or org-chart exports (SOURCES: CSV, XLSX or JSON) into an org file, and report every row
    that could not be used as it stood: rows read = rows used + rows not used.

    Without --preset or --map the system is recognised by its columns. Roles are read from titles and
    channels from unit names (marked as inferred; --no-infer turns it off); --overlay adds what the export
    does not know. Bad input (a missing column, an overlay entry that matches nothing) exits with status 2.

    \b
    Examples:
      orgdiag import --list-presets
      orgdiag import workers.csv -o org.yaml
      orgdiag import senior.csv junior.csv --preset uk-organogram -o org.yaml --out import/
      orgdiag import users.json --preset microsoft-graph --overlay marketing.yaml -o org.json
      orgdiag import export.xlsx --sheet Staff --map our-columns.yaml -o org.yaml
    """
    if list_presets:
        for name, column_map in presets().items():
            click.echo(f"{name:18} {column_map.description}")
        return
    if not sources:
        raise click.UsageError("give the export(s) to import, or --list-presets")
    imported = _import(sources, preset, map_file, overlay, infer, ReadOptions(encoding, delimiter, sheet))
    report = imported.report
    report_text = json_text(report.to_json_data()) if output_format == "json" else import_text(report)
    if output_file is None:
        click.echo(dump_org(imported.org, f"Imported by orgdiag. {report.summary()}"), nl=False)
        click.echo(report_text, nl=False, err=True)
    else:
        dump = dump_org_json if output_file.suffix.lower() == ".json" else dump_org
        _write_or_fail(lambda: output_file.write_text(dump(imported.org), encoding="utf-8"), output_file.parent)
        click.echo(report_text, nl=False)
    if out_dir is not None:
        _write_or_fail(lambda: write_import(imported, out_dir), out_dir)
        if output_format == "text":
            click.echo(_wrote(out_dir, IMPORT_FILES))


def _selectors(option: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    verb = "Apply only" if option == "--only" else "Do not apply"
    return click.option(
        option,
        multiple=True,
        metavar="NAMES",
        help=f"{verb} the suggestions picked by these names: a rule (code or slug), a finding (RULE:SUBJECT) or "
        "an action (move_unit, …); repeat or separate with commas.",
    )


@main.command("restructure")
@click.argument("org_file", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Write after.yaml, changes.json/.md, before/after/before-after diagrams and report.md here.",
)
@_selectors("--only")
@_selectors("--skip")
@_RULES_OPTION
@_PROFILE_OPTION
@_format_option("text: what changed, in a few lines; json: the changes, what was not applied and the findings.")
def restructure_command(
    org_file: str,
    out_dir: Path,
    only: tuple[str, ...],
    skip: tuple[str, ...],
    packs: tuple[Path, ...],
    profile_file: Path | None,
    output_format: str,
) -> None:
    """Apply the suggestions of the findings in ORG_FILE and show the proposed organisation beside it.

    Each suggestion is applied if its preconditions hold on the organisation as the earlier changes left
    it; then the result is diagnosed again, and the suggestions of what remains are applied, until none
    applies. Restructuring the result again proposes nothing. after.yaml is an org file like any other.

    \b
    Examples:
      orgdiag restructure org.yaml --out proposal/
      orgdiag restructure org.yaml --out proposal/ --skip OD203 --skip move_unit
      orgdiag restructure org.yaml --out proposal/ --only channel-silo:ehandel,OD105
    """
    catalogue = _catalogue(packs)
    profile = _profile(profile_file)
    org = _load(org_file)
    picked, left_out = _names(only), _names(skip)
    _diagnosing(lambda: check_selectors(catalogue, picked, left_out))
    result = _diagnosing(lambda: restructure(org, catalogue, only=picked, skip=left_out, profile=profile))
    _write_or_fail(lambda: write_restructuring(result, out_dir, Path(org_file).name), out_dir)
    if output_format == "json":
        click.echo(json_text(changes_data(result)), nl=False)
        return
    click.echo(f"{clean(org.organisation.name)}: {summary_line(result)}")
    for change in result.changes:
        touched = "; ".join(edit.text for edit in change.edits)
        click.echo(
            f"  {change.number:>3}. {change.finding.rule} [{clean(change.finding.subject)}] "
            f"{change.suggestion.action}: {clean(touched)}"
        )
    click.echo(f"Wrote {out_dir}/: {', '.join((*RESTRUCTURE_FILES, *COMPARE_FILES))}")


@main.command("compare")
@click.argument("before_file", type=click.Path(dir_okay=False))
@click.argument("after_file", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Write before/after/before-after diagrams, comparison.json and report.md here.",
)
@_RULES_OPTION
@_PROFILE_OPTION
def compare_command(
    before_file: str, after_file: str, out_dir: Path, packs: tuple[Path, ...], profile_file: Path | None
) -> None:
    """Compare an organisation (BEFORE_FILE) with a proposal for it (AFTER_FILE), written by hand or by
    restructure: what differs, the findings resolved, remaining and introduced, side by side.

    \b
    Example:
      orgdiag compare today.yaml proposal.yaml --out comparison/
    """
    catalogue = _catalogue(packs)
    profile = _profile(profile_file)
    before, after = _load(before_file), _load(after_file)
    comparison = compare(_run(before, catalogue, profile), _run(after, catalogue, profile))
    _write_or_fail(lambda: write_comparison(comparison, out_dir), out_dir)
    click.echo(
        f"{clean(before.organisation.name)}: {findings_line(comparison)}; {len(comparison.differences)} differences"
    )
    for finding in comparison.introduced:
        click.echo(f"  introduced: {finding.severity} {finding.rule} {finding.slug} [{clean(finding.subject)}]")
    click.echo(f"Wrote {out_dir}/: {', '.join(COMPARE_FILES)}")


@main.group("rules")
def rules_group() -> None:
    """List and explain the diagnosis rules.

    \b
    Examples:
      orgdiag rules list
      orgdiag rules explain channel-silo
    """


@rules_group.command("list")
@_rule_options
@_format_option("text: one line per rule; json: code, slug, title and severity of each.")
def rules_list_command(
    packs: tuple[Path, ...], only: tuple[str, ...], skip: tuple[str, ...], output_format: str
) -> None:
    """List every rule: code, slug, severity and title.

    \b
    Examples:
      orgdiag rules list --format json
      orgdiag rules list --rules our-rules/
    """
    rules = _catalogue(packs, only, skip).rules
    if output_format == "json":
        data = [{"code": r.code, "slug": r.slug, "severity": r.spec.severity, "title": r.spec.title} for r in rules]
        click.echo(json_text(data), nl=False)
        return
    for rule in rules:
        click.echo(f"{rule.code}  {rule.slug:36} {rule.spec.severity:9} {rule.spec.title}")


@rules_group.command("explain")
@click.argument("code")
@_RULES_OPTION
@click.option(
    "--org",
    "org_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Show the thresholds in force for this organisation (its size and industry choose the profiles).",
)
@_PROFILE_OPTION
def rules_explain_command(code: str, packs: tuple[Path, ...], org_file: str | None, profile_file: Path | None) -> None:
    """Explain one rule, by CODE or slug: what it detects, why, its thresholds and its suggestions.

    \b
    Examples:
      orgdiag rules explain OD101
      orgdiag rules explain agency-kingdom
      orgdiag rules explain too-many-layers --org my-org.yaml --profile strict.yaml
    """
    catalogue = _catalogue(packs)
    rule = catalogue.find(code)
    if rule is None:
        known = ", ".join(f"{r.code} ({r.slug})" for r in catalogue.rules)
        raise click.BadParameter(f"no rule '{code}'; the rules are: {known}", param_hint="CODE")
    profile = _profile(profile_file)
    org = _load(org_file) if org_file else None
    applied = profiles_of(org) if org else [DEFAULT]
    try:
        thresholds = resolve_thresholds(catalogue, applied, profile)[rule.slug]
    except InputError as error:
        _fail_on_input(error)
    spec = rule.spec
    click.echo(f"{spec.code} {spec.slug}: {spec.title}")
    click.echo(f"severity: {spec.severity}    sources: {rule.citations}")
    click.echo("")
    click.echo(" ".join(spec.rationale.split()))
    click.echo("")
    where = f"for {clean(org_file)} " if org_file else ""
    profiles = ", ".join([*applied, *([profile.name] if profile else [])])
    click.echo(f"thresholds {where}(profiles: {clean(profiles)}):")
    for name, param in spec.params.items():
        value = thresholds[name]
        click.echo(f"  {name} = {json.dumps(value.value)}   [{clean(value.source)}] {' '.join(param.doc.split())}")
    if not spec.params:
        click.echo("  none")
    click.echo("conditions (durable-rules, thresholds filled in):")
    click.echo("  " + json.dumps(rule.condition({n: t.value for n, t in thresholds.items()}), ensure_ascii=False))
    if spec.derive:
        click.echo(f"derives: a '{spec.derive}' fact from what it matches, for later rules")
    click.echo("suggestions:")
    for suggestion in spec.suggestions:
        click.echo(f"  {suggestion.action}: {' '.join(suggestion.text.split())}")


@rules_group.command("docs")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs/rules"),
    show_default=True,
    help="Directory to write one Markdown page per rule into.",
)
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
    pages = rule_pages(_catalogue(), fixtures_dir if fixtures_dir.is_dir() else None)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    click.echo(f"Wrote {len(pages)} pages to {out_dir}/")


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
