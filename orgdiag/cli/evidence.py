"""`orgdiag evidence`: the workbook a consultant fills in workshops, pre-filled from the organisation."""

from __future__ import annotations

from pathlib import Path

import click

from orgdiag.cli.common import (
    QUIET_OPTION,
    echo_notes,
    echo_summary,
    import_options,
    organisation,
    write_or_fail,
)
from orgdiag.cli.main import main
from orgdiag.cli.streams import OutputFile, SourceFile, refuse_overwriting
from orgdiag.files import write_file
from orgdiag.importers import ReadOptions
from orgdiag.model import OrgFile, Position, Unit
from orgdiag.model.links import live_positions
from orgdiag.naming import counted
from orgdiag.render.evidence import evidence_workbook, grid_holders


@main.command("evidence")
@click.argument("sources", nargs=-1, required=True, type=SourceFile())
@import_options
@click.option(
    "-o",
    "--output",
    "output_file",
    type=OutputFile(stdout=False),
    required=True,
    help="The workbook to write (.xlsx).",
)
@QUIET_OPTION
def evidence_command(
    sources: tuple[str, ...],
    preset: str | None,
    map_file: Path | None,
    overlay: Path | None,
    infer: bool,
    sheet: str | None,
    encoding: str | None,
    delimiter: str | None,
    snapshot: str | None,
    output_file: Path,
    quiet: bool,
) -> None:
    """Write the evidence workbook for the organisation in an org file or an export (SOURCES, read as diagnose
    reads them): a sheet each for the channels, the agency roster, KPIs, budgets, approvals, experiments and
    links, a RACI grid of who owns (A), decides (R) and takes part (C) in what, and the kinds of evidence surveyed,
    pre-filled with what the organisation states; each row has a source and a confidence, each cell that names a
    post, unit or channel a drop-down of the organisation's own. Fill it in the workshops, then give it back with
    --overlay (docs/evidence.md).

    \b
    Examples:
      orgdiag evidence org.yaml -o evidence.xlsx
      orgdiag evidence senior.csv junior.csv --preset uk-organogram -o evidence.xlsx
      orgdiag evidence org.yaml --overlay first-workshop.xlsx -o evidence.xlsx
      orgdiag diagnose org.yaml --overlay evidence.xlsx --out diagnosis/
    """
    refuse_overwriting((*sources, map_file, overlay), [("-o", output_file)])
    read = ReadOptions(encoding, delimiter, sheet)
    org, imported, notes = organisation(sources, preset, map_file, overlay, infer, read, snapshot)
    if not quiet:
        if imported is not None:
            echo_summary(imported, None)
        echo_notes(overlay, notes)
    write_or_fail(lambda: write_file(output_file, evidence_workbook(org)), output_file)
    if not quiet:
        click.echo(f"Wrote {output_file}: {_contents(org)}.")


def _contents(org: OrgFile) -> str:
    """What the workbook was pre-filled with, in a line."""
    agencies = f"{len(org.agencies):,} {'agency' if len(org.agencies) == 1 else 'agencies'}"
    holders = grid_holders(org)
    posts = sum(1 for holder in holders if isinstance(holder, Position))
    units = sum(1 for holder in holders if isinstance(holder, Unit))
    live = len(live_positions(org))
    of = f" ({posts:,} of {live:,}: those nearest the top and those holding something)" if posts < live else ""
    return (
        f"{counted(len(org.channels), 'channel')}, {agencies}, {counted(len(org.kpis), 'KPI')}, "
        f"{counted(len(org.links), 'link')}; a RACI grid across {counted(posts, 'post')}{of}, "
        f"{counted(units, 'unit')} and the agencies"
    )
