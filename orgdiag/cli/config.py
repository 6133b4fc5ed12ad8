"""Settings kept with the organisations they check: ``[tool.orgdiag]`` in pyproject.toml, or orgdiag.toml.

The nearest of the two found from the working directory upwards is read (orgdiag.toml first in each folder,
its settings at the top level; a pyproject.toml only if it has a ``[tool.orgdiag]`` table), unless
``--config FILE`` names one. Its settings
are the commands' defaults, which options on the command line override; paths in it are relative to its
folder. docs/cli.md lists the keys.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orgdiag.findings import SEVERITIES
from orgdiag.orgfile.read import read_text
from orgdiag.problems import InputError, Problem, did_you_mean

CONFIG_FILE = "orgdiag.toml"
PYPROJECT = "pyproject.toml"


def _paths(value: Any, folder: Path) -> list[str] | None:
    words = _words(value, folder)
    return None if words is None else [str(folder / word) for word in words]


def _path(value: Any, folder: Path) -> str | None:
    return str(folder / value) if isinstance(value, str) else None


def _words(value: Any, folder: Path) -> list[str] | None:
    items = [value] if isinstance(value, str) else value
    return items if isinstance(items, list) and all(isinstance(item, str) for item in items) else None


def _one_of(choices: tuple[str, ...]) -> Callable[[Any, Path], str | None]:
    return lambda value, folder: value if value in choices else None


#: Each key: the option it sets (its parameter name), how its value is read, what it must be, and the commands
#: it applies to ("rules list" is a subcommand's path).
KEYS: dict[str, tuple[str, Callable[[Any, Path], Any], str, tuple[str, ...]]] = {
    "rules": (
        "packs",
        _paths,
        "a folder of rule files, or a list of them",
        ("diagnose", "check", "restructure", "compare", "rules list", "rules explain"),
    ),
    "profile": (
        "profile_file",
        _path,
        "the path of a threshold profile",
        ("diagnose", "check", "restructure", "compare", "rules explain"),
    ),
    "only": ("only", _words, "a list of rule codes or slugs", ("diagnose", "check", "rules list")),
    "skip": ("skip", _words, "a list of rule codes or slugs", ("diagnose", "check", "rules list")),
    "fail-on": ("fail_on", _one_of(SEVERITIES), f"one of {', '.join(SEVERITIES)}", ("diagnose", "check")),
    "format": ("output_format", _one_of(("text", "json", "sarif")), "text, json or sarif", ("diagnose",)),
    "baseline": ("baseline_file", _path, "the path of a baseline file", ("diagnose", "check")),
}


def find_config(start: Path) -> Path | None:
    """The nearest orgdiag.toml, or pyproject.toml with a ``[tool.orgdiag]`` table, in `start` or above it."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and "[tool.orgdiag" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


def read_config(path: Path) -> dict[str, Any]:
    """The settings of a config file as click's ``default_map``: by command (and subcommand), by parameter.

    A key orgdiag does not know, or a value of the wrong kind, is an :class:`~orgdiag.problems.InputError`
    naming the file and the key.
    """
    name = str(path)
    try:
        data = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as error:
        raise InputError([Problem(name, None, "", f"not valid TOML: {error}")]) from None
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        raise InputError([Problem(name, None, "", "not valid TOML: nested too deep to read")]) from None
    in_pyproject = path.name == PYPROJECT
    tool = data.get("tool", {}) if in_pyproject else {}
    if not isinstance(tool, dict):  # `tool = "x"`: no table of tools, so no settings of orgdiag's
        tool = {}
    settings = tool.get("orgdiag", {}) if in_pyproject else data
    table = "tool.orgdiag" if in_pyproject else ""
    if not isinstance(settings, dict):
        raise InputError([Problem(name, None, table, "must be a table of settings")])
    problems: list[Problem] = []
    defaults: dict[str, Any] = {}
    for key, value in settings.items():
        place = f"{table}.{key}" if table else key
        if key not in KEYS:
            message = f"unknown setting '{key}'{did_you_mean(key, KEYS)}; the settings are {', '.join(KEYS)}"
            problems.append(Problem(name, None, place, message, (key,)))
            continue
        parameter, read, kind, commands = KEYS[key]
        read_value = read(value, path.parent)
        if read_value is None:
            problems.append(Problem(name, None, place, f"must be {kind}", (key,)))
            continue
        for command in commands:
            target = defaults
            for part in command.split():
                target = target.setdefault(part, {})
            target[parameter] = read_value
    if problems:
        raise InputError(problems)
    return defaults
