"""`orgdiag restructure` and `orgdiag compare`: a proposed organisation, and how it compares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from orgdiag.cli.common import (
    PROFILE_OPTION,
    QUIET_OPTION,
    RULES_OPTION,
    emit,
    format_option,
    load,
    names,
    out_dir_option,
    output_option,
    rule_catalogue,
    run,
    user_profile,
    write_or_fail,
    wrote,
)
from orgdiag.cli.main import main
from orgdiag.cli.progress import PROGRESS_OPTION, Progress, size_of
from orgdiag.cli.streams import SourceFile, refuse_overwriting, say
from orgdiag.render.compare import COMPARE_FILES, RESTRUCTURE_FILES, write_comparison, write_restructuring
from orgdiag.render.comparison.data import changes_data, comparison_data
from orgdiag.render.comparison.text import comparison_text, restructuring_text
from orgdiag.render.outputs import json_text
from orgdiag.restructuring.plan import check_selectors, compare, restructure, toward


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
@click.argument("org_file", type=SourceFile())
@out_dir_option(
    "Write after.yaml, changes.json/.md, before/after/before-after diagrams, report.md/.html/.pptx and "
    "findings.xlsx here.",
    required=True,
)
@_selectors("--only")
@_selectors("--skip")
@click.option(
    "--include-inferred",
    is_flag=True,
    help="Also act on findings that rest on facts inferred from words (channels read from unit names, roles "
    "from titles); by default they change nothing until the facts are stated.",
)
@click.option(
    "--include-assumed",
    is_flag=True,
    help="Also make the changes that rest on entries marked confidence: assumed; by default they are proposals for "
    "the workshop, listed in changes.md with what they rest on.",
)
@click.option(
    "--toward",
    "toward_model",
    metavar="MODEL",
    help="Only the changes toward this operating model (organic, centralized, hub-and-spoke, dandelion, "
    "honeycomb; or next: the next on the path of maturity from the one observed), declared as the target "
    "(docs/operating-models.md).",
)
@RULES_OPTION
@PROFILE_OPTION
@format_option("text: what changed, in a few lines; json: the changes, what was not applied and the findings.")
@output_option("what changed (text or JSON)")
@QUIET_OPTION
@PROGRESS_OPTION
def restructure_command(
    org_file: str,
    out_dir: Path,
    only: tuple[str, ...],
    skip: tuple[str, ...],
    include_inferred: bool,
    include_assumed: bool,
    toward_model: str | None,
    packs: tuple[Path, ...],
    profile_file: Path | None,
    output_format: str,
    output_file: Path | None,
    quiet: bool,
    progress: bool | None,
) -> None:
    """Apply the suggestions of the findings in ORG_FILE and show the proposed organisation beside it.

    Each suggestion is applied if its preconditions hold on the organisation as the earlier changes left
    it; then the result is diagnosed again, and the suggestions of what remains are applied, until none
    applies. Restructuring the result again proposes nothing. after.yaml is an org file like any other.
    Abolished posts and the top team are left alone, a small organisation gets no new post or layer, no peer is
    made a leader's deputy and no unit whose work is not marketing is moved into it, each refusal with why.
    Changes that rest on facts inferred from words or marked as assumed are proposals for the workshop.

    \b
    Examples:
      orgdiag restructure org.yaml --out proposal/
      orgdiag restructure org.yaml --out proposal/ --skip OD203 --skip move_unit
      orgdiag restructure org.yaml --out proposal/ --only channel-silo:ehandel,OD105
      orgdiag restructure imported.yaml --out proposal/ --include-inferred
      orgdiag restructure with-overlay.yaml --out proposal/ --include-assumed
      orgdiag restructure org.yaml --out proposal/ --format json -o changes.json
      orgdiag restructure big.json --out proposal/ --progress
      orgdiag restructure org.yaml --out next-step/ --toward next
    """
    refuse_overwriting(
        (org_file, profile_file), [("-o", output_file)], [(out_dir, (*RESTRUCTURE_FILES, *COMPARE_FILES))]
    )
    progress_shown = Progress.chosen(quiet, progress)
    catalogue = rule_catalogue(packs)
    profile = user_profile(profile_file)
    org = load(org_file)
    progress_shown.done(f"read {size_of(org)}")
    picked, left_out = names(only), names(skip)
    check_selectors(catalogue, picked, left_out)
    if toward_model is not None:
        if picked or left_out or include_inferred or include_assumed:
            raise click.UsageError(
                "--toward picks its own changes: give it without --only, --skip, --include-inferred or "
                "--include-assumed"
            )
        result = toward(org, toward_model, catalogue, profile=profile, on_round=progress_shown.round)
    else:
        result = restructure(
            org,
            catalogue,
            only=picked,
            skip=left_out,
            profile=profile,
            include_inferred=include_inferred,
            include_assumed=include_assumed,
            on_round=progress_shown.round,
        )
    source_name = "stdin.yaml" if org_file == "-" else Path(org_file).name
    write_or_fail(lambda: write_restructuring(result, out_dir, source_name), out_dir)
    progress_shown.done(f"drew before and after, wrote {out_dir}/")
    if output_format == "json":
        emit(json_text(changes_data(result)), output_file)
    elif not quiet or output_file is not None:
        emit(restructuring_text(result), output_file)
        if not quiet and output_file is None:
            say(wrote(out_dir, (*RESTRUCTURE_FILES, *COMPARE_FILES)) + "\n")


@main.command("compare")
@click.argument("before_file", type=SourceFile())
@click.argument("after_file", type=SourceFile())
@out_dir_option(
    "Write before/after/before-after diagrams, comparison.json, report.md/.html/.pptx and findings.xlsx here.",
    required=True,
)
@RULES_OPTION
@PROFILE_OPTION
@format_option("text: the findings resolved, remaining and introduced; json: those and the differences.")
@output_option("the comparison (text or JSON)")
@QUIET_OPTION
@PROGRESS_OPTION
def compare_command(
    before_file: str,
    after_file: str,
    out_dir: Path,
    packs: tuple[Path, ...],
    profile_file: Path | None,
    output_format: str,
    output_file: Path | None,
    quiet: bool,
    progress: bool | None,
) -> None:
    """Compare an organisation (BEFORE_FILE) with a proposal for it (AFTER_FILE), written by hand or by
    restructure: what differs, the findings resolved, remaining and introduced, side by side.

    \b
    Examples:
      orgdiag compare today.yaml proposal.yaml --out comparison/
      orgdiag compare today.yaml proposal.yaml --out comparison/ --format json -o comparison.json
    """
    refuse_overwriting((before_file, after_file, profile_file), [("-o", output_file)], [(out_dir, COMPARE_FILES)])
    progress_shown = Progress.chosen(quiet, progress)
    catalogue = rule_catalogue(packs)
    profile = user_profile(profile_file)
    before, after = load(before_file), load(after_file)
    progress_shown.done(f"read before: {size_of(before)}; after: {size_of(after)}")
    diagnosed = [
        run(org, catalogue, profile, progress_shown.stage_of(side))
        for side, org in (("before", before), ("after", after))
    ]
    comparison = compare(*diagnosed)
    write_or_fail(lambda: write_comparison(comparison, out_dir), out_dir)
    progress_shown.done(f"drew before and after, wrote {out_dir}/")
    if output_format == "json":
        emit(json_text(comparison_data(comparison)), output_file)
    elif not quiet or output_file is not None:
        emit(comparison_text(comparison), output_file)
        if not quiet and output_file is None:
            say(wrote(out_dir, COMPARE_FILES) + "\n")
