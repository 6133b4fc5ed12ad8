"""`orgdiag import`: an HR or org-chart export to an org file, with its data-quality report."""

from __future__ import annotations

from pathlib import Path

import click

from orgdiag.cli.common import (
    QUIET_OPTION,
    format_option,
    import_export,
    import_options,
    out_dir_option,
    write_or_fail,
    wrote,
)
from orgdiag.cli.main import main
from orgdiag.cli.streams import OutputFile, SourceFile, refuse_overwriting, say
from orgdiag.files import write_text
from orgdiag.importers import ReadOptions, presets
from orgdiag.orgfile import dump_org, dump_org_json
from orgdiag.render.imports import IMPORT_FILES, import_text, write_import
from orgdiag.render.outputs import json_text


@main.command("import")
@click.argument("sources", nargs=-1, type=SourceFile())
@import_options
@click.option(
    "-o",
    "--output",
    "output_file",
    type=OutputFile(),
    help="Write the organisation to this org file (.yaml, or .json for large ones) [default: YAML on stdout, -].",
)
@out_dir_option(f"Also write {', '.join(IMPORT_FILES)} into this directory.")
@format_option("the data-quality report: text (on stderr when the organisation goes to stdout) or json.")
@click.option("--list-presets", is_flag=True, help="List the presets: the systems whose exports orgdiag knows.")
@QUIET_OPTION
def import_command(
    sources: tuple[str, ...],
    preset: str | None,
    map_file: Path | None,
    overlay: Path | None,
    infer: bool,
    sheet: str | None,
    encoding: str | None,
    delimiter: str | None,
    snapshot: str | None,
    output_file: Path | None,
    out_dir: Path | None,
    output_format: str,
    list_presets: bool,
    quiet: bool,
) -> None:
    """Import HR or org-chart exports (SOURCES: CSV, XLSX or JSON) into an org file, and report every row
    that could not be used as it stood: rows read = rows used + rows not used.

    Without --preset or --map the system is recognised by its columns; - reads the export from standard
    input. Roles are read from titles and
    channels from unit names (marked as inferred; --no-infer turns it off); --overlay adds what the export
    does not know. Bad input (a missing column, an overlay entry that matches nothing) exits with status 2.

    \b
    Examples:
      orgdiag import --list-presets
      orgdiag import workers.csv -o org.yaml
      orgdiag import senior.csv junior.csv --preset uk-organogram -o org.yaml --out import/
      orgdiag import users.json --preset microsoft-graph --overlay marketing.yaml -o org.json
      orgdiag import export.xlsx --sheet Staff --map our-columns.yaml -o org.yaml
      orgdiag import compilation-2011-2015.csv --preset uk-organogram --snapshot Mar-13 -o org.yaml
      curl -s https://hr.example.com/export.csv | orgdiag import - --preset workday -o org.yaml
    """
    if list_presets:
        for name, column_map in presets().items():
            click.echo(f"{name:18} {column_map.description}")
        return
    if not sources:
        raise click.UsageError("give the export(s) to import, or --list-presets")
    refuse_overwriting((*sources, map_file, overlay), [("-o", output_file)], [(out_dir, IMPORT_FILES)])
    imported = import_export(
        sources, preset, map_file, overlay, infer, ReadOptions(encoding, delimiter, sheet), snapshot
    )
    report = imported.report
    report_text = json_text(report.to_json_data()) if output_format == "json" else import_text(report)
    if out_dir is not None:
        write_or_fail(lambda: write_import(imported, out_dir), out_dir)
    if output_file is None:
        say(dump_org(imported.org, f"Imported by orgdiag. {report.summary()}"))
        if not quiet:
            click.echo(report_text, nl=False, err=True)
    else:
        dump = dump_org_json if output_file.suffix.lower() == ".json" else dump_org
        write_or_fail(lambda: write_text(output_file, dump(imported.org)), output_file.parent)
        if not quiet or output_format == "json":
            say(report_text)
    if out_dir is not None and output_format == "text" and not quiet:
        say(wrote(out_dir, IMPORT_FILES) + "\n")
