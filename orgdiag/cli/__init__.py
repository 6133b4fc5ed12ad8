"""The command line: parse the arguments, call the library, print what it returns. Nothing else lives here.

Exit status: 0 done; 1 findings at or above ``--fail-on``; 2 bad input (each problem printed with its file,
line and ids) or bad usage; 3 the tool failed (the rules engine, or Graphviz). docs/cli.md has the rest.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import NoReturn

from orgdiag.cli import evidence, history, imports, restructure, rules
from orgdiag.cli.common import BAD_INPUT
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
    except OSError as failure:
        status = _cannot_write(failure)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (orgdiag … | head): nothing more to say to it, no error
        pass
    except OSError as failure:
        status = _cannot_write(failure)
    os._exit(status)


#: What a full or failing disk says when standard output is written: bad ground for the output, not a bug.
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def _cannot_write(failure: OSError) -> int:
    """Standard output that cannot take what is written (a full disk): said on standard error, status 2. Any other
    failure of the system is not the user's input, and is raised as it is."""
    if failure.errno not in _NO_ROOM:
        raise failure
    with contextlib.suppress(OSError):
        print(f"orgdiag: cannot write the output: {failure.strerror or failure}", file=sys.stderr, flush=True)
    return BAD_INPUT


def _status(code: object) -> int:
    """The exit status of a ``SystemExit``'s code: an int as it is, None as 0, a message printed and 1."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1
