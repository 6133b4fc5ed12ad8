"""The command line: parse the arguments, call the library, print what it returns. Nothing else lives here.

Exit status: 0 done; 1 findings at or above ``--fail-on``, or the rules engine failed; 2 bad input (each
problem printed with its file, line and ids) or bad usage.
"""

from orgdiag.cli import imports, restructure, rules
from orgdiag.cli.main import main

__all__ = ["imports", "main", "restructure", "rules"]
