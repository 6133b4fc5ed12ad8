"""What the commands share: loading with clear errors, the rule, profile, format and import options, writing outputs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import click
import graphviz

from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.importers import Imported, ReadOptions, import_org, load_map
from orgdiag.importers.readers import EXPORT_SUFFIXES
from orgdiag.model import OrgFile
from orgdiag.orgfile import load_org
from orgdiag.problems import InputError
from orgdiag.render.outputs import OUTPUT_FILES, write_outputs
from orgdiag.render.text import clean
from orgdiag.rules.catalogue import Catalogue, builtin_catalogue, load_catalogue
from orgdiag.rules.engine import EngineError
from orgdiag.rules.profiles import ThresholdProfile, load_profile

BAD_INPUT = 2

T = TypeVar("T")


def fail_on_input(error: InputError) -> NoReturn:
    files = sorted({p.file for p in error.problems})
    count = len(error.problems)
    click.echo(f"orgdiag: {count} problem{'s' if count != 1 else ''} in {', '.join(files)}:", err=True)
    for problem in error.problems:
        click.echo(f"  {clean(str(problem))}", err=True)
    sys.exit(BAD_INPUT)


def load(path: str) -> OrgFile:
    try:
        return load_org(path)
    except InputError as error:
        fail_on_input(error)


def names(values: tuple[str, ...]) -> list[str]:
    """Rule names given as repeated options and/or comma-separated lists."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def rule_catalogue(packs: tuple[Path, ...] = (), only: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> Catalogue:
    """The built-in rules plus the rule packs, selected; any problem with them ends the run with status 2."""
    try:
        catalogue = load_catalogue(packs) if packs else builtin_catalogue()
        return catalogue.select(names(only), names(skip)) if only or skip else catalogue
    except InputError as error:
        fail_on_input(error)
    except ValueError as error:
        click.echo(f"orgdiag: {clean(str(error))}", err=True)
        sys.exit(BAD_INPUT)


def user_profile(path: Path | None) -> ThresholdProfile | None:
    try:
        return load_profile(path) if path is not None else None
    except InputError as error:
        fail_on_input(error)


def run(org: OrgFile, catalogue: Catalogue | None = None, profile: ThresholdProfile | None = None) -> Diagnosis:
    return diagnosing(lambda: diagnose(org, catalogue or rule_catalogue(), profile=profile))


def diagnosing(work: Callable[[], T]) -> T:
    """Run work that diagnoses: bad input ends the run with status 2, an engine failure with status 1."""
    try:
        return work()
    except InputError as error:
        fail_on_input(error)
    except EngineError as error:
        click.echo(f"orgdiag: the rules engine failed: {error}", err=True)
        sys.exit(1)


RULES_OPTION = click.option(
    "--rules",
    "packs",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Add the rule files (*.yaml) of this directory to the built-in rules (repeatable).",
)


def rule_options(command: Callable[..., None]) -> Callable[..., None]:
    """--rules, --only and --skip: which rules run."""
    for name, verb in (("--skip", "Leave out"), ("--only", "Run only")):
        help_text = f"{verb} these rules (codes or slugs; repeat or separate with commas)."
        command = click.option(name, multiple=True, metavar="RULES", help=help_text)(command)
    return RULES_OPTION(command)


def format_option(meaning: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--format text|json, with what each gives for this command."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=meaning,
    )


def out_dir_option(
    help_text: str, *, required: bool = False, default: Path | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--out DIR: the folder a command writes its files into (``out_dir``)."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        required=required,
        default=default,
        show_default=default is not None,
        help=help_text,
    )


PROFILE_OPTION = click.option(
    "--profile",
    "profile_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A threshold profile of your own (YAML: thresholds: {RULE: {NAME: VALUE}}), over the built-in ones.",
)


def import_options(command: Callable[..., None]) -> Callable[..., None]:
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
        click.option(
            "--snapshot",
            metavar="LABEL",
            help="The snapshot to import from an export that holds several (a period column, or files of different "
            "dates): without it such an export is refused, its snapshots named.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def import_export(
    sources: tuple[str, ...],
    preset: str | None,
    map_file: Path | None,
    overlay: Path | None,
    infer: bool,
    read: ReadOptions,
    snapshot: str | None = None,
) -> Imported:
    """Import exports; bad input (a file, a column, an overlay entry) ends the run with status 2."""
    if preset and map_file:
        raise click.UsageError("give --preset or --map, not both")
    try:
        column_map = load_map(map_file) if map_file else preset
        return import_org(sources, column_map, overlay, infer, read, snapshot)
    except InputError as error:
        fail_on_input(error)


def is_export(sources: tuple[str, ...], preset: str | None, map_file: Path | None, overlay: Path | None) -> bool:
    """Whether diagnose was given an export to import rather than an org file."""
    return bool(preset or map_file or overlay or len(sources) > 1 or Path(sources[0]).suffix.lower() in EXPORT_SUFFIXES)


def echo_summary(imported: Imported, out_dir: Path | None) -> None:
    """The import's two summary lines on stderr (stdout stays the diagnosis), and where the details are."""
    for line in imported.report.summary().splitlines():
        click.echo(clean(line), err=True)
    if imported.report.not_used or imported.report.notes:
        where = f"{clean(str(out_dir))}/import-report.md" if out_dir else "orgdiag import … for the report"
        click.echo(f"Data-quality notes: see {where}", err=True)


def write(result: Diagnosis, out_dir: Path, focus: str | None = None) -> None:
    """Write the outputs, or explain why they cannot be written."""
    write_or_fail(lambda: write_outputs(result, out_dir, focus), out_dir)


def write_or_fail(write: Callable[[], object], out_dir: Path) -> None:
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
        click.echo(f"orgdiag: Graphviz could not lay out the diagram: {clean(graphviz_message(error))}", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"orgdiag: cannot write to {clean(str(out_dir))}: {clean(error.strerror or str(error))}", err=True)
        sys.exit(BAD_INPUT)


def graphviz_message(error: graphviz.CalledProcessError) -> str:
    """What dot said on failing, as text (it comes as bytes), else the error itself."""
    said = error.stderr.decode("utf-8", "replace") if isinstance(error.stderr, bytes) else error.stderr
    return said.strip() or str(error) if said else str(error)


def wrote(out_dir: Path, files: tuple[str, ...] = OUTPUT_FILES) -> str:
    return f"Wrote {out_dir}/: {', '.join(files)}"
