"""The command line: parse the arguments, call the library, print what it returns. Nothing else lives here.

Exit status: 0 done; 1 findings at or above ``--fail-on``; 2 bad input (each problem printed with its file,
line and ids) or bad usage; 3 the tool failed (the rules engine, or Graphviz). docs/cli.md has the rest.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from orgdiag.cli import evidence, history, imports, restructure, rules
from orgdiag.cli.main import main

__all__ = ["evidence", "history", "imports", "main", "restructure", "rules", "run"]


def run() -> NoReturn:
    """The ``orgdiag`` command as installed: once the command is done and its output flushed, the process ends
    at once, without tearing down a heap it no longer needs (over a second for an organisation of 100,000
    positions). Every file the command wrote is closed by then: each is written whole and closed before the
    command returns."""
    try:
        main.main(standalone_mode=True)
        status = 0
    except SystemExit as done:
        status = _status(done.code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (orgdiag … | head): nothing more to say to it, no error
        pass
    os._exit(status)


def _status(code: object) -> int:
    """The exit status of a ``SystemExit``'s code: an int as it is, None as 0, a message printed and 1."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1
