"""Files in and out of a command: ``-`` for standard input wherever a file is read (read once) and for standard
output where one is written, ``-o`` a file and never a folder, no output over an input, and standard output whose
reader went away (``orgdiag … | head``), which is no error. Files themselves are written by :mod:`orgdiag.files`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

#: What a file argument of ``-`` reads from: standard input.
STDIN = "-"
STDIN_NAME = "<stdin>"


#: Where the context keeps the file standard input was saved to, and the option that read it.
_STDIN_READ = "orgdiag.stdin"


def shown_name(text: str) -> str:
    """`text` with the temporary file standard input was saved to named as ``<stdin>``."""
    context = click.get_current_context(silent=True)
    saved = context.meta.get(_STDIN_READ) if context is not None else None
    return text.replace(saved[0], STDIN_NAME) if saved and saved[0] else text


def claim_stdin(what: str) -> None:
    """Note that `what` reads standard input; a second reader is bad usage (the first took it all)."""
    context = click.get_current_context(silent=True)
    if context is None:
        return
    earlier = context.meta.get(_STDIN_READ)
    if earlier is not None:
        raise click.UsageError(f"standard input can be read once: {earlier[1]} and {what} both ask for it (-)")
    context.meta[_STDIN_READ] = ("", what)


class SourceFile(click.Path):
    """An org file or export the command reads itself (a name, kept as text), or ``-``: standard input, which
    nothing else of the command may then read."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, allow_dash=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == STDIN and ctx is not None:
            claim_stdin(param.get_error_hint(ctx) if param is not None else STDIN)
        return super().convert(value, param, ctx)


class InputFile(click.Path):
    """A file to read, or ``-``: standard input, saved to a temporary file for the readers that take a path
    (named ``<stdin>`` in what is printed); its suffix is that of its first bytes (XLSX, JSON), else `suffix`."""

    def __init__(self, suffix: str = ".yaml"):
        super().__init__(dir_okay=False, path_type=Path, allow_dash=True)
        self.suffix = suffix

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value != STDIN or ctx is None:
            return super().convert(value, param, ctx)
        claim_stdin(param.get_error_hint(ctx) if param is not None else STDIN)
        folder = Path(ctx.with_resource(tempfile.TemporaryDirectory(prefix="orgdiag-stdin-")))
        saved = spooled_stdin(folder, self.suffix)
        ctx.meta[_STDIN_READ] = (str(saved), ctx.meta[_STDIN_READ][1])
        return saved


class OutputFile(click.Path):
    """A file to write, never a folder; ``-`` is standard output (None) where `stdout` allows it."""

    def __init__(self, *, stdout: bool = True):
        super().__init__(dir_okay=False, path_type=Path, allow_dash=stdout)
        self.stdout = stdout

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value == STDIN:
            if self.stdout:
                return None
            self.fail("this writes a file: give its name (- is standard output, which this cannot go to)", param, ctx)
        if isinstance(value, str) and value.endswith(("/", os.sep)):
            self.fail(
                f"'{value}' names a folder, and this option writes one file: give the file's name "
                f"({value}NAME), or --out {value} where a command writes a folder of files",
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


def refuse_overwriting(
    inputs: Iterable[str | Path | None],
    files: Iterable[tuple[str, Path | None]] = (),
    folders: Iterable[tuple[Path | None, Iterable[str]]] = (),
) -> None:
    """Bad usage if a file a command would write (an option's file, or a file it writes into a folder) is one of
    its inputs: the input would be replaced by what was made from it."""
    given = [Path(path) for path in inputs if path is not None and str(path) != STDIN]
    for option, path in files:
        if path is not None:
            _refuse_if_input(given, path, option)
    for folder, names in folders:
        if folder is not None:
            for name in names:
                _refuse_if_input(given, folder / name, f"--out {folder}")


def _refuse_if_input(inputs: list[Path], path: Path, option: str) -> None:
    for source in inputs:
        if _same_file(source, path):
            raise click.UsageError(
                f"{option} would write {path} over the input {source}: write to another file or folder"
            )


def _same_file(source: Path, written: Path) -> bool:
    """Whether writing `written` would replace `source`, by the name given or the file under it. A link at
    `written` is replaced, never followed (:mod:`orgdiag.files`): what it points to is not written over."""
    try:
        target = written.parent.resolve() / written.name
        if target in (source.parent.resolve() / source.name, source.resolve()):
            return True
        return written.exists() and not written.is_symlink() and os.path.samefile(source, written)
    except OSError:
        return False


def spooled_stdin(folder: Path, otherwise: str) -> Path:
    """Standard input saved to a file the readers can open, named for the format its first bytes show (an XLSX
    workbook is a zip archive; JSON starts with a bracket), else with the suffix `otherwise`."""
    data = sys.stdin.buffer.read()
    start = data.lstrip()[:1]
    suffix = ".xlsx" if data.startswith(b"PK\x03\x04") else ".json" if start in (b"{", b"[") else otherwise
    path = folder / f"stdin{suffix}"
    path.write_bytes(data)
    return path


def say(text: str) -> None:
    """Text on standard output. A reader that went away (``orgdiag … | head``) is no error: what it did not read
    is dropped, and the command goes on to its end and its status (every file it writes was written before)."""
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_gone()


def stdout_gone() -> None:
    """Standard output pointed at the null device, its reader gone: nothing more is said to it, and nothing
    fails when it is flushed at the end."""
    with contextlib.suppress(OSError, ValueError):  # not a descriptor (a test's captured output): no matter
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
