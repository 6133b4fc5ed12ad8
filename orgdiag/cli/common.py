"""What the commands share: loading with clear errors, the rule, profile, format and import options, writing outputs."""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from orgdiag.baseline import Baseline, load_baseline
from orgdiag.cli.progress import Progress
from orgdiag.cli.streams import (
    STDIN,
    STDIN_NAME,
    InputFile,
    OutputFile,
    say,
    shown_name,
    spooled_stdin,
    stdout_gone,
)
from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.files import write_text
from orgdiag.importers import ColumnMap, Imported, ReadOptions, import_org, load_map, overlay_org
from orgdiag.importers.readers import EXPORT_SUFFIXES
from orgdiag.model import OrgFile
from orgdiag.naming import plural
from orgdiag.orgfile import is_org_file, load_org, parse_org, utf8_text
from orgdiag.problems import EngineError, EngineUnavailable, InputError, OrgdiagError, Problem, RenderError
from orgdiag.render.outputs import OUTPUT_FILES, write_outputs
from orgdiag.render.text import clean
from orgdiag.rules.catalogue import Catalogue, builtin_catalogue, load_catalogue
from orgdiag.rules.profiles import ThresholdProfile, load_profile

#: Exit statuses, the same for every command (docs/cli.md); 0 is done.
FINDINGS = 1
BAD_INPUT = 2
TOOL_FAILURE = 3

#: The option of the command group that names a settings file; given after the command, it is read as if given
#: before it.
CONFIG = "--config"


class Commands(click.Group):
    """A command group whose commands end every orgdiag error with its message and exit status, never a
    traceback: bad input 2, a failure of the tool (the rules engine, Graphviz) 3."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, config_first(args))

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OrgdiagError as error:
            fail(error)
        except BrokenPipeError:  # the reader of what a command prints went away (orgdiag … | head): no error
            stdout_gone()
            sys.exit(0)


def config_first(args: list[str]) -> list[str]:
    """The arguments with ``--config FILE`` (or ``--config=FILE``) moved to the front, wherever it was given
    (before ``--``, after which every argument is a file's name)."""
    end = args.index("--") if "--" in args else len(args)
    moved: list[str] = []
    rest: list[str] = []
    index = 0
    while index < end:
        arg = args[index]
        if arg == CONFIG and index + 1 < end:
            moved += args[index : index + 2]
            index += 2
            continue
        (moved if arg.startswith(f"{CONFIG}=") else rest).append(arg)
        index += 1
    return [*moved, *rest, *args[end:]]


def fail(error: OrgdiagError) -> NoReturn:
    """Print an orgdiag error for the user and exit with its status."""
    if isinstance(error, InputError):
        fail_on_input(error)
    if isinstance(error, EngineError) and not isinstance(error, EngineUnavailable):
        click.echo(f"orgdiag: the rules engine failed: {shown_name(clean(str(error)))}", err=True)
    else:
        click.echo(f"orgdiag: {shown_name(clean(str(error)))}", err=True)
    sys.exit(TOOL_FAILURE if isinstance(error, EngineError | RenderError) else BAD_INPUT)


def fail_on_input(error: InputError) -> NoReturn:
    echo_problems(error)
    sys.exit(BAD_INPUT)


def echo_problems(error: InputError) -> None:
    """An input error's problems on stderr, under a line that counts them and names the files."""
    files = sorted({shown_name(p.file) for p in error.problems})
    count = len(error.problems)
    click.echo(f"orgdiag: {count} {plural('problem', count)} in {', '.join(files)}:", err=True)
    for problem in error.problems:
        click.echo(f"  {shown_name(clean(str(problem)))}", err=True)


def org_file_given(path: str) -> bool:
    """Whether `path` is an org file, standard input being one (it is read once, as one)."""
    return path == STDIN or is_org_file(path)


def load(path: str) -> OrgFile:
    """The org file at `path`, or on standard input for ``-``."""
    if path == STDIN:
        return parse_org(utf8_text(sys.stdin.buffer.read(), STDIN_NAME), STDIN_NAME)
    return load_org(path)


def names(values: tuple[str, ...]) -> list[str]:
    """Rule names given as repeated options and/or comma-separated lists."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def rule_catalogue(packs: tuple[Path, ...] = (), only: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> Catalogue:
    """The built-in rules plus the rule packs, selected."""
    catalogue = load_catalogue(packs) if packs else builtin_catalogue()
    return catalogue.select(names(only), names(skip)) if only or skip else catalogue


def user_profile(path: Path | None) -> ThresholdProfile | None:
    return load_profile(path) if path is not None else None


def user_baseline(path: Path | None) -> Baseline | None:
    """The baseline file given, if any (named ``<stdin>`` where it was read from standard input)."""
    if path is None:
        return None
    baseline = load_baseline(path)
    return dataclasses.replace(baseline, file=shown_name(baseline.file))


def run(
    org: OrgFile,
    catalogue: Catalogue | None = None,
    profile: ThresholdProfile | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Diagnosis:
    return diagnose(org, catalogue or rule_catalogue(), profile=profile, on_stage=on_stage)


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


def format_option(
    meaning: str, formats: tuple[str, ...] = ("text", "json")
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--format text|json (or the formats given), with what each gives for this command."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(formats),
        default="text",
        show_default=True,
        help=meaning,
    )


def out_dir_option(
    help_text: str, *, required: bool = False, default: Path | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--out DIR: the folder a command writes its files into (``out_dir``). A required one is given no default:
    click from 8.3 on takes a default of None as a value given, and would let the option be left out."""
    kind = click.Path(file_okay=False, path_type=Path)
    if default is None:
        return click.option("--out", "out_dir", type=kind, required=required, help=help_text)
    return click.option("--out", "out_dir", type=kind, default=default, show_default=True, help=help_text)


def output_option(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """-o/--output FILE: where the command's main output goes instead of standard output (``-``)."""
    return click.option(
        "-o",
        "--output",
        "output_file",
        type=OutputFile(),
        default=None,
        help=f"Write {what} to this file instead of standard output (-).",
    )


QUIET_OPTION = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print nothing but errors, and the JSON or SARIF asked for with --format: no summary, no progress.",
)


def file_option(
    *names: str, help_text: str, kind: click.Path | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """An option that names one file to read (never a folder; ``-`` standard input), or of `kind`, none by
    default; `names` are its flags, then its parameter's name."""
    return click.option(*names, type=kind or InputFile(), default=None, help=help_text)


PROFILE_OPTION = file_option(
    "--profile",
    "profile_file",
    help_text="A threshold profile of your own (YAML: thresholds: {RULE: {NAME: VALUE}}), over the built-in ones.",
)
BASELINE_OPTION = file_option(
    "--baseline",
    "baseline_file",
    help_text="Leave out the findings this baseline file lists (by rule and subject): report and fail on new ones "
    "only.",
)
WRITE_BASELINE_OPTION = file_option(
    "--write-baseline",
    "write_baseline_file",
    help_text="Write every open finding to this baseline file (JSON), to be accepted as they stand.",
    kind=OutputFile(stdout=False),
)


def export_options(command: Callable[..., None]) -> Callable[..., None]:
    """How to read an export: --preset or --map, --overlay, --no-infer, and the reader's overrides."""
    options = [
        click.option(
            "--preset", metavar="NAME", help="The system the export comes from (see orgdiag import --list-presets)."
        ),
        click.option(
            "--map",
            "map_file",
            type=InputFile(),
            help="A column map (YAML) for an export no preset knows: which column holds the id, name, manager….",
        ),
        click.option(
            "--overlay",
            type=InputFile(),
            help="What the export lacks (channels, agencies, owns/decides, KPIs, links), over it: an org file's "
            "sections (YAML or JSON), or the evidence workbook (orgdiag evidence) or a RACI matrix (.xlsx).",
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


def import_options(command: Callable[..., None]) -> Callable[..., None]:
    """:func:`export_options` and --snapshot: the one snapshot to import from an export that holds several."""
    return export_options(
        click.option(
            "--snapshot",
            metavar="LABEL",
            help="The snapshot to import from an export that holds several (a period column, or files of different "
            "dates): without it such an export is refused, its snapshots named.",
        )(command)
    )


def column_map_of(preset: str | None, map_file: Path | None) -> ColumnMap | str | None:
    """The column map --preset or --map names (not both), or None to recognise the system by its columns."""
    if preset and map_file:
        raise click.UsageError("give --preset or --map, not both")
    return load_map(map_file) if map_file else preset


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
    column_map = column_map_of(preset, map_file)
    if STDIN not in sources:
        return import_org(sources, column_map, overlay, infer, read, snapshot)
    with tempfile.TemporaryDirectory(prefix="orgdiag-stdin-") as folder:
        spooled = spooled_stdin(Path(folder), ".csv")
        files = tuple(str(spooled) if source == STDIN else source for source in sources)
        try:
            imported = import_org(files, column_map, overlay, infer, read, snapshot)
        except InputError as error:
            raise InputError([_named_stdin(p, str(spooled)) for p in error.problems]) from None
    report = imported.report
    for source in report.sources:
        source.file = STDIN_NAME if source.file == str(spooled) else source.file
    report.not_used = [
        dataclasses.replace(row, file=STDIN_NAME) if row.file == str(spooled) else row for row in report.not_used
    ]
    rows = {
        id_: row._replace(file=STDIN_NAME) if row.file == str(spooled) else row for id_, row in imported.rows.items()
    }
    return dataclasses.replace(imported, rows=rows)


def _named_stdin(problem: Problem, spooled: str) -> Problem:
    return dataclasses.replace(problem, file=STDIN_NAME) if problem.file == spooled else problem


#: The suffixes of an org file that no export has: such a file takes an overlay as an org file.
YAML_SUFFIXES = (".yaml", ".yml")


def is_export(sources: tuple[str, ...], preset: str | None, map_file: Path | None, overlay: Path | None) -> bool:
    """Whether a command was given an export to import rather than an org file: an export's suffix, several files,
    a preset or a column map; with an overlay, anything but a YAML org file (JSON may be an API's export)."""
    suffix = Path(sources[0]).suffix.lower()
    return bool(
        preset
        or map_file
        or len(sources) > 1
        or suffix in EXPORT_SUFFIXES
        or (overlay is not None and suffix not in YAML_SUFFIXES)
    )


def organisation(
    sources: tuple[str, ...],
    preset: str | None,
    map_file: Path | None,
    overlay: Path | None,
    infer: bool,
    read: ReadOptions,
    snapshot: str | None,
) -> tuple[OrgFile, Imported | None, tuple[str, ...]]:
    """The organisation a command is given: an org file (with its overlay, if any), or exports imported (with
    theirs); the import, if it was one; and what the overlay said that was noted rather than used (for an import,
    they are in its report)."""
    org_files = [source for source in sources if Path(source).suffix.lower() in YAML_SUFFIXES]
    if len(sources) > 1 and org_files:
        raise click.UsageError(
            f"{', '.join(sources)}: one organisation at a time, and {org_files[0]} is an org file (several files "
            "are the parts of one export): orgdiag check diagnoses several org files, a line each; orgdiag "
            "compare two; orgdiag history follows them through time"
        )
    if is_export(sources, preset, map_file, overlay):
        imported = import_export(sources, preset, map_file, overlay, infer, read, snapshot)
        return imported.org, imported, ()
    org = load(sources[0])
    if overlay is None:
        return org, None, ()
    overlaid = overlay_org(org, overlay)
    return overlaid.org, None, overlaid.notes


def echo_notes(overlay: Path | None, notes: tuple[str, ...]) -> None:
    """What an overlay over an org file said that was noted rather than used, on stderr."""
    if notes:
        click.echo(f"Overlay {shown_name(clean(str(overlay)))}: {len(notes)} {plural('note', len(notes))}:", err=True)
        for note in notes:
            click.echo(f"  {shown_name(clean(note))}", err=True)


def echo_summary(imported: Imported, out_dir: Path | None) -> None:
    """The import's two summary lines on stderr (stdout stays the diagnosis), and where the details are."""
    for line in imported.report.summary().splitlines():
        click.echo(shown_name(clean(line)), err=True)
    if imported.report.not_used or imported.report.notes:
        where = f"{clean(str(out_dir))}/import-report.md" if out_dir else "orgdiag import … for the report"
        click.echo(f"Data-quality notes: see {where}", err=True)


def write(result: Diagnosis, out_dir: Path, focus: str | None = None, progress: Progress | None = None) -> None:
    """Write the outputs, or explain why they cannot be written; `progress` says as each is made."""
    on_stage = progress.stage if progress is not None and progress.enabled else None
    write_or_fail(lambda: write_outputs(result, out_dir, focus, on_stage=on_stage), out_dir)


def write_or_fail(write: Callable[[], object], out_dir: Path) -> None:
    """Run a writer of files; an unwritable directory or file is reported, never a traceback (a missing
    Graphviz or a layout failure is an orgdiag error, which :class:`Commands` reports)."""
    try:
        write()
    except OSError as error:
        click.echo(f"orgdiag: cannot write to {clean(str(out_dir))}: {clean(error.strerror or str(error))}", err=True)
        sys.exit(BAD_INPUT)


def emit(text: str, output_file: Path | None) -> None:
    """A command's main output: on standard output, or into ``-o/--output FILE``."""
    if output_file is None:
        say(text)
    else:
        write_or_fail(lambda: write_text(output_file, text), output_file)


def wrote(out_dir: Path, files: tuple[str, ...] = OUTPUT_FILES) -> str:
    return f"Wrote {out_dir}/: {', '.join(files)}"
