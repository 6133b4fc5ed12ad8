"""`orgdiag history`: several snapshots of one organisation diagnosed, and followed through time."""

from __future__ import annotations

from pathlib import Path

import click

from orgdiag.cli.common import (
    PROFILE_OPTION,
    QUIET_OPTION,
    RULES_OPTION,
    column_map_of,
    emit,
    export_options,
    format_option,
    out_dir_option,
    output_option,
    rule_catalogue,
    user_profile,
    write_or_fail,
    wrote,
)
from orgdiag.cli.main import main
from orgdiag.cli.streams import STDIN, refuse_overwriting, say
from orgdiag.importers import ReadOptions
from orgdiag.over_time import history, load_snapshots
from orgdiag.render.history import HISTORY_FILES, history_data, history_text, write_history
from orgdiag.render.outputs import json_text


def _dates(values: tuple[str, ...]) -> dict[str, str]:
    """--date NAME=DATE options as a mapping; one without ``=`` is bad usage."""
    dates = {}
    for value in values:
        name, equals, day = value.rpartition("=")
        if not equals or not name or not day:
            message = f"'{value}': write SNAPSHOT=DATE, for example proposal.yaml=2026-06-30"
            raise click.BadParameter(message, param_hint="--date")
        dates[name] = day
    return dates


@main.command("history")
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True, exists=True))
@click.option(
    "--date",
    "dates",
    multiple=True,
    metavar="SNAPSHOT=DATE",
    help="The date of a snapshot whose label or file name states none, or states another (SNAPSHOT: its label, "
    "or its file); repeatable. DATE: 2026-06-30, or a month (Jun-2026, 2026-06).",
)
@export_options
@RULES_OPTION
@PROFILE_OPTION
@format_option("text: the snapshots, the matching and each finding's time; json: all of it, every id listed.")
@output_option("the history (text or JSON)")
@out_dir_option(f"Also write {', '.join(HISTORY_FILES)} into this directory.")
@QUIET_OPTION
def history_command(
    sources: tuple[str, ...],
    dates: tuple[str, ...],
    preset: str | None,
    map_file: Path | None,
    overlay: Path | None,
    infer: bool,
    sheet: str | None,
    encoding: str | None,
    delimiter: str | None,
    packs: tuple[Path, ...],
    profile_file: Path | None,
    output_format: str,
    output_file: Path | None,
    out_dir: Path | None,
    quiet: bool,
) -> None:
    """Diagnose several snapshots of one organisation and follow it through time: per snapshot its size, spans,
    layers, findings and operating model; which posts of each are which of the one before (by id, else by title,
    unit and holder, with the share matched); when each finding appeared and whether it is still open.

    SOURCES are org files (each a snapshot) and exports: files of several dates (an organogram's senior and junior
    files of each), or one file with a period column, hold as many snapshots as dates. A snapshot's date is in
    its label or file name, or given with --date. A proposal (an org file) dated after the latest snapshot shows
    what it would change.

    \b
    Examples:
      orgdiag history dfid-2011-03-31-senior.csv dfid-2011-03-31-junior.csv dfid-2011-09-30-*.csv --out history/
      orgdiag history compilation.csv --preset uk-organogram --format json -o history.json
      orgdiag history org-2025-06-30.yaml org-2026-06-30.yaml plan.yaml --date plan.yaml=2027-01-31 --out history/
    """
    if STDIN in sources:
        raise click.UsageError(
            "history reads each snapshot from a file, dated by its name or --date: save standard input to a file "
            "(the - of the other commands)"
        )
    refuse_overwriting((*sources, profile_file, overlay, map_file), [("-o", output_file)], [(out_dir, HISTORY_FILES)])
    catalogue = rule_catalogue(packs)
    profile = user_profile(profile_file)
    column_map = column_map_of(preset, map_file)
    options = ReadOptions(encoding, delimiter, sheet)
    snapshots = load_snapshots(sources, _dates(dates), column_map, overlay, infer, options)
    followed = history(snapshots, catalogue, profile)
    if out_dir is not None:
        write_or_fail(lambda: write_history(followed, out_dir), out_dir)
    if output_format == "json":
        emit(json_text(history_data(followed)), output_file)
    elif not quiet or output_file is not None:
        emit(history_text(followed), output_file)
    if out_dir is not None and output_format == "text" and not quiet and output_file is None:
        say(wrote(out_dir, HISTORY_FILES) + "\n")
